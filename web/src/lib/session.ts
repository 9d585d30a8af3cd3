// Who is signed in: the token and user from POST /api/v1/session, kept in sessionStorage so a
// reload keeps the session and closing the tab ends it.
import { reactive } from 'vue'

export interface RoleGrant {
  role: string
  scope: string
}
export interface User {
  id: number
  username: string
  display_name: string
  phone: string
  unit_code: string
  roles: RoleGrant[]
  disabled?: boolean
  // A password an administrator reset: to be replaced before anything else (the password view).
  must_change_password?: boolean
  last_sign_in_at?: string | null
  version?: number
}

const KEY = 'onegrid.session'

export const session = reactive<{ token: string; user: User | null; expiresAt: string }>({
  token: '',
  user: null,
  expiresAt: '',
})

const saved = sessionStorage.getItem(KEY)
if (saved) {
  try {
    Object.assign(session, JSON.parse(saved))
  } catch {
    sessionStorage.removeItem(KEY)
  }
}

export function signedIn(token: string, user: User, expiresAt: string) {
  session.token = token
  session.user = user
  session.expiresAt = expiresAt
  sessionStorage.setItem(KEY, JSON.stringify({ token, user, expiresAt }))
}

// The account as the server now has it (after a change of one's own password), same session.
export function userChanged(user: User) {
  signedIn(session.token, user, session.expiresAt)
}

const listeners: Array<() => void> = []
export function onSignedOut(f: () => void) {
  listeners.push(f)
}

export function signedOut() {
  session.token = ''
  session.user = null
  session.expiresAt = ''
  sessionStorage.removeItem(KEY)
  for (const f of listeners) f()
}

export function hasRole(...roles: string[]): boolean {
  return !!session.user?.roles.some((g) => roles.includes(g.role))
}

// The console's views a user's roles open, in the order of the navigation bar.
export function viewsFor(): string[] {
  const v: string[] = []
  if (hasRole('intake_operator', 'shift_lead', 'dispatcher', 'leader')) v.push('dispatch')
  if (hasRole('unit_staff', 'unit_leader')) v.push('inbox')
  if (hasRole('grid_worker')) v.push('worker')
  if (hasRole('leader', 'shift_lead', 'dispatcher')) v.push('command')
  if (hasRole('admin')) v.push('admin')
  return v
}
