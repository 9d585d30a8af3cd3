// A list read page by page through a keyset cursor (`next_cursor`), as every list route answers:
// `load()` reads the first page again, `load(true)` appends the next one; errors go to `error`
// in the server's words.
import { ref, type Ref } from 'vue'
import { errorText } from './format'

export interface CursorPage<T> {
  items: T[]
  next_cursor?: string | null
}

export function usePaged<T>(read: (cursor: string | undefined) => Promise<CursorPage<T>>) {
  const items = ref([]) as Ref<T[]>
  const next = ref<string | null>(null)
  const loading = ref(false)
  const error = ref('')

  async function load(more = false) {
    loading.value = true
    error.value = ''
    try {
      const page = await read(more ? (next.value ?? undefined) : undefined)
      items.value = more ? [...items.value, ...page.items] : page.items
      next.value = page.next_cursor ?? null
    } catch (e) {
      error.value = errorText(e)
      if (!more) items.value = []
    } finally {
      loading.value = false
    }
  }
  return { items, next, loading, error, load }
}
