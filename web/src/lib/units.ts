// The units (departments, street offices, contractors), read once per page load: every signed-in
// user may read them, and they change rarely (an administrator's work).
import { api } from './api'
import type { Unit } from './types'

let loaded: Promise<Unit[]> | null = null

export function allUnits(): Promise<Unit[]> {
  loaded ??= api.get<{ items: Unit[] }>('/api/v1/units').then((r) => r.items)
  loaded.catch(() => (loaded = null))
  return loaded
}
