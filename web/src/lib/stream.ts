// The live case feed (GET /api/v1/stream, docs/case-loop.md "The stream"): signs in with the
// first message, resumes after the last feed number seen, reconnects with a growing back-off
// (1 s … 15 s) and misses nothing across a reconnect.
import { ref } from 'vue'
import { session } from './session'
import type { Case, HistoryEvent } from './types'

export interface FeedItem {
  id: number
  event: HistoryEvent
  case: Case
}

type Listener = (item: FeedItem) => void

export const streamUp = ref(false)

export class CaseStream {
  private ws: WebSocket | null = null
  private after = 0
  private retry = 1000
  private timer: number | undefined
  private stopped = false
  private listeners: Listener[] = []

  on(f: Listener) {
    this.listeners.push(f)
  }

  start(after = 0) {
    this.after = after
    this.stopped = false
    this.connect()
  }

  stop() {
    this.stopped = true
    window.clearTimeout(this.timer)
    this.ws?.close(1000)
    this.ws = null
    streamUp.value = false
  }

  private connect() {
    if (this.stopped || !session.token) return
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    const url = `${scheme}://${location.host}/api/v1/stream${this.after ? `?after=${this.after}` : ''}`
    const ws = new WebSocket(url)
    this.ws = ws
    ws.onopen = () => ws.send(JSON.stringify({ token: session.token }))
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data as string)
      if (msg.type === 'ready') {
        streamUp.value = true
        this.retry = 1000
        if (!this.after) this.after = msg.next
      } else if (msg.type === 'event') {
        this.after = Math.max(this.after, msg.id)
        for (const f of this.listeners) f(msg as FeedItem)
      }
    }
    ws.onclose = (e) => {
      if (this.ws !== ws) return
      streamUp.value = false
      this.ws = null
      // 1008: the session ended; signing in again starts a new stream.
      if (this.stopped || e.code === 1008) return
      this.timer = window.setTimeout(() => this.connect(), this.retry)
      this.retry = Math.min(this.retry * 2, 15000)
    }
  }
}
