import { createRouter, createWebHistory } from 'vue-router'
import { session, viewsFor } from './lib/session'

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    { path: '/dispatch/:id?', name: 'dispatch', component: () => import('./views/DispatchView.vue') },
    { path: '/inbox/:id?', name: 'inbox', component: () => import('./views/InboxView.vue') },
    { path: '/worker', name: 'worker', component: () => import('./views/WorkerView.vue') },
    { path: '/command', name: 'command', component: () => import('./views/CommandView.vue') },
    { path: '/admin/:tab?', name: 'admin', component: () => import('./views/AdminView.vue') },
    { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue') },
    { path: '/', name: 'home', component: { render: () => null } },
    { path: '/:rest(.*)*', name: 'missing', component: () => import('./views/MissingView.vue') },
  ],
})

// Signed out: the login page, then back where the user was going. Signed in: `/` opens the
// first view of the user's roles; a view outside them is shown, and the server refuses its data.
// A user whose password was reset chooses a new one before anything else.
router.beforeEach((to) => {
  if (!to.meta.public && !session.token) return { name: 'login', query: { next: to.fullPath } }
  // A password the administrator reset is replaced first: the server refuses everything else.
  if (session.user?.must_change_password && to.name !== 'password' && to.name !== 'login') {
    return { name: 'password', query: { next: to.fullPath } }
  }
  if (to.name === 'home' || (to.name === 'login' && session.token)) {
    const first = viewsFor()[0]
    return first ? { name: first } : { name: 'missing' }
  }
  return true
})

export default router
