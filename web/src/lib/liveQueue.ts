// What a queue view (the dispatcher's workbench, the unit's inbox) shares: the chosen case in
// the route (`/<view>/:id`), and the stream that keeps the list and the open case current —
// one list reload per burst of events, the open case re-read when an event touches it.
import { computed, onBeforeUnmount, onMounted, ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { CaseStream } from './stream'

export function useLiveQueue(view: string, onBurst?: () => void) {
  const route = useRoute()
  const router = useRouter()
  const listKey = ref(0)
  const detailKey = ref(0)
  const selected = computed(() => (route.params.id ? Number(route.params.id) : undefined))

  function select(id: number) {
    router.replace({ name: view, params: { id } })
  }

  let pending: number | undefined
  const stream = new CaseStream()
  stream.on((item) => {
    if (item.case.id === selected.value) detailKey.value++
    window.clearTimeout(pending)
    pending = window.setTimeout(() => {
      listKey.value++
      onBurst?.()
    }, 400)
  })
  onMounted(() => stream.start())
  onBeforeUnmount(() => {
    stream.stop()
    window.clearTimeout(pending)
  })
  return { selected, select, listKey, detailKey }
}
