// GET /api/v1/dashboard as the command center reads it (docs/evaluation.md), and the
// sequential colour scale the map and the street ranking share for open cases.
export interface Count {
  code: string
  name: string
  count: number
}
export interface StreetRow {
  code: string
  name: string
  open: number
  red: number
  yellow: number
  reported_today: number
}
export interface HotGrid {
  code: string
  name: string
  street_code: string
  open: number
  reported_30d: number
}
export interface TrendDay {
  day: string
  reported: number
  closed: number
  overdue: number
}
export interface Dashboard {
  as_of: string
  open: number
  reported_today: number
  closed_today: number
  by_state: Count[]
  by_light: Count[]
  by_category: Count[]
  by_street: StreetRow[]
  hot_grids: HotGrid[]
  trend: TrendDay[]
}

// Yellow → orange → red (ColorBrewer YlOrRd): the more open cases, the hotter; none is dim blue.
export const LOAD_RAMP = ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026']
export const NO_LOAD = '#2a4a70'

export function loadColor(open: number, max: number): string {
  if (open <= 0 || max <= 0) return NO_LOAD
  const i = Math.ceil((open / max) * LOAD_RAMP.length) - 1
  return LOAD_RAMP[Math.min(LOAD_RAMP.length - 1, Math.max(0, i))]
}
