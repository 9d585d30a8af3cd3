// The console's one door to the server: JSON over /api/v1 with the session's bearer token.
// Every failure becomes an ApiError carrying the server's error model (code, field, message).
import { session, signedOut } from './session'

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public field: string,
    message: string,
    // Seconds the server asked to wait (Retry-After) before trying again; 0 when it did not.
    public retryAfter = 0,
  ) {
    super(message)
  }
}

type Query = Record<string, string | number | boolean | undefined | null>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { ...headers }
  if (session.token) h.Authorization = `Bearer ${session.token}`
  let payload: BodyInit | undefined
  if (body instanceof FormData) payload = body
  else if (body !== undefined) {
    h['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  let res: Response
  try {
    res = await fetch(path, { method, headers: h, body: payload })
  } catch (e) {
    throw new ApiError(0, 'unavailable', '', `network: ${(e as Error).message}`)
  }
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  if (!res.ok) {
    const err = json?.error ?? {}
    if (res.status === 401 && session.token) signedOut()
    const retryAfter = Number(res.headers.get('Retry-After') ?? 0) || 0
    throw new ApiError(res.status, err.code ?? 'internal', err.field ?? '', err.message ?? `HTTP ${res.status}`, retryAfter)
  }
  return json as T
}

export const api = {
  get: <T>(path: string, query?: Query) => call<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  del: <T>(path: string) => call<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => call<T>('POST', path, form),
}
