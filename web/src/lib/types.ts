// The shapes the API answers with (see GET /api/v1/openapi.json), as far as the console reads them.
export interface AreaRef {
  code: string
  name: string
}
export interface StepClock {
  due_at: string
  step?: string
  left_seconds: number
  used_percent: number
  light: 'green' | 'yellow' | 'red' | string
  paused: boolean
}
export interface Attachment {
  sha256: string
  content_type?: string
  size?: number
  name?: string
}
export interface HistoryEvent {
  seq: number
  action: string
  from: string | null
  to: string
  actor: { id: number; name: string; role: string; unit: string }
  at: string
  note: string
  attachments: Array<string | Attachment>
  payload: Record<string, unknown>
}
export interface Case {
  id: number
  number: string
  kind: string
  category: { kind: string; code: string; name: string; major_name: string }
  source: string
  urgency: string
  description: string
  address: string
  location: { lon: number; lat: number; crs: string }
  areas: { district: AreaRef; street: AreaRef; community: AreaRef; grid: AreaRef }
  reporter: { name: string; phone: string }
  state: string
  current_unit: string | null
  units: string[]
  attachments: Array<string | Attachment>
  duplicate_candidates: Array<{ id: number; number: string; distance_m: number; age_s: number }>
  duplicates?: Array<{ id: number; number: string; state: string }>
  merged_into: number | null
  assists: Array<{ unit: string; state: string; note: string; at: string }>
  calls: Array<{
    call: number
    raised_by_unit: string | null
    raised_at: string
    checkin_due: string
    note: string
    units: Array<{ unit: string; checked_in_at: string | null; reported_at: string | null; report: string; missed_check_in: boolean }>
    closed_at: string | null
  }>
  version: number
  created_at: string
  updated_at: string
  deadlines?: { step?: StepClock; whole?: StepClock }
  actions: string[]
  history?: HistoryEvent[]
  routing_suggestion?: { version: number; rule: string | null; fallback: boolean; lead_unit: string | null; assist_units: string[]; auto_dispatch: boolean } | null
}
export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}
export interface Unit {
  code: string
  name: string
  kind: string
  area_code: string | null
  parent_code: string | null
  contact: string
  active: boolean
  leader_id: number | null
}
export interface Category {
  code: string
  kind: string
  major_code: string
  major_name: string
  name: string
}
