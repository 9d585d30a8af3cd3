import { createApp } from 'vue'
import 'leaflet/dist/leaflet.css'
import './style.css'
import App from './App.vue'
import router from './router'
import { i18n } from './lib/i18n'
import { onSignedOut } from './lib/session'

onSignedOut(() => router.push({ name: 'login' }))
createApp(App).use(i18n).use(router).mount('#app')
