import { i18n } from './i18n'
import { ApiError } from './api'

const t = (k: string, p?: Record<string, unknown>) => i18n.global.t(k, p ?? {})

export function when(iso: string | undefined | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

// Working time left as "3h 12m" (negative: overdue by it).
export function duration(seconds: number): string {
  const s = Math.abs(seconds)
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  const text = d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m`
  return seconds < 0 ? `-${text}` : text
}

// The server's error as an operator reads it: what kind, which field, and the server's reason.
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const kind = t(`error.${e.code}`)
    return `${kind}${e.field ? ` [${e.field}]` : ''}: ${e.message}`
  }
  return String((e as Error)?.message ?? e)
}

export function label(group: string, key: string | null | undefined): string {
  if (!key) return ''
  const k = `${group}.${key}`
  return i18n.global.te(k) ? t(k) : key
}
