// The web console in a real browser against a real server on the demo district: one case through
// the whole loop, each step taken by its role in its own view; the command center live; a scope
// denial; the console's files as the server serves them. Screenshots: web/test-results/*.png.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { transformSync } from 'esbuild'
import { apiCall, apiToken, launchBrowser, photoPng, shot, signIn, startServer } from './support.mjs'

let server
let browser
let loopCase = { id: 0, number: '' }
const PHONE = { width: 390, height: 844 }
const INSIDE = { lon: '113.692883', lat: '34.704328' } // 十八里河街道 (410104010000)

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

// Opens the case in the current queue view and takes `action` through its form.
async function act(page, queue, action, expectState, fill) {
  await page.locator(`[data-queue="${queue}"]`).click()
  await page.locator(`tr[data-case="${loopCase.number}"]`).click()
  await page.locator('[data-test=case-number]', { hasText: loopCase.number }).waitFor()
  await page.locator(`button[data-action="${action}"]`).click()
  if (fill) await fill(page)
  await page.locator('[data-test=action-submit]').click()
  await page.locator('[data-test=case-state]', { hasText: expectState }).waitFor()
}

test('the server serves the console: history routes, revalidation, gzip', async () => {
  const index = await fetch(`${server.url}/dispatch/42`)
  assert.equal(index.status, 200)
  assert.match(index.headers.get('content-type'), /^text\/html/)
  assert.equal(index.headers.get('cache-control'), 'no-cache')
  const html = await index.text()
  assert.match(html, /<div id="app">/)
  const etag = index.headers.get('etag')
  const again = await fetch(`${server.url}/`, { headers: { 'If-None-Match': etag } })
  assert.equal(again.status, 304)
  const script = html.match(/src="(\/assets\/[^"]+\.js)"/)[1]
  const js = await fetch(`${server.url}${script}`, { headers: { 'Accept-Encoding': 'gzip' } })
  assert.equal(js.status, 200)
  assert.equal(js.headers.get('content-encoding'), 'gzip')
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  const missing = await fetch(`${server.url}/assets/nothing-here.js`)
  assert.equal(missing.status, 404)
  assert.equal((await missing.json()).error.code, 'not_found')
  const api404 = await fetch(`${server.url}/api/v1/nothing`)
  assert.equal((await api404.json()).error.code, 'not_found')
})

test('the console\'s GCJ-02 shift agrees with the server\'s, both ways', async () => {
  // src/lib/geo.ts as the browser runs it, checked against the C++ geo component (locate
  // converts a gcj02 point to WGS84 and answers it).
  const { code } = transformSync(readFileSync(new URL('../src/lib/geo.ts', import.meta.url), 'utf8'), { loader: 'ts', format: 'esm' })
  const geo = await import(`data:text/javascript,${encodeURIComponent(code)}`)
  const token = await apiToken(server.url, 'admin')
  for (const [lon, lat] of [[113.6929, 34.7043], [113.70, 34.72], [113.7198, 34.6784], [113.6860, 34.7450]]) {
    const r = await apiCall(server.url, token, 'GET', `/api/v1/locate?lon=${lon}&lat=${lat}&crs=gcj02`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const [x, y] = geo.gcj02ToWgs84(lon, lat)
    assert.ok(Math.abs(x - r.body.point.lon) < 1e-6 && Math.abs(y - r.body.point.lat) < 1e-6, `${lon},${lat}: ${x},${y} vs ${JSON.stringify(r.body.point)}`)
    const [bx, by] = geo.wgs84ToGcj02(x, y)
    assert.ok(Math.abs(bx - lon) < 1e-7 && Math.abs(by - lat) < 1e-7, `round trip of ${lon},${lat}: ${bx},${by}`)
    // The shift is real here (hundreds of metres), so agreeing is not agreeing on nothing.
    assert.ok(Math.hypot(x - lon, y - lat) > 0.002)
  }
})

test('a wrong password is refused on the login page', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${server.url}/dispatch`)
  await page.waitForURL(/\/login\?next=/)
  await page.locator('input[name=username]').fill('dispatcher')
  await page.locator('input[name=password]').fill('not-the-password')
  await page.locator('button[type=submit]').click()
  const alert = page.locator('[role=alert]')
  await alert.waitFor()
  assert.match(await alert.textContent(), /unauthenticated|请重新登录/)
  await shot(page, 'login-refused')
  await context.close()
})

test('a report outside the district is refused by field on the phone and creates nothing', async () => {
  const token = await apiToken(server.url, 'admin')
  const before = (await apiCall(server.url, token, 'GET', '/api/v1/cases?limit=1')).body.items[0]?.id ?? 0
  const worker = await signIn(browser, server.url, 'grid_worker', PHONE)
  await worker.locator('select[name=category_code]').selectOption('09005')
  await worker.locator('textarea[name=description]').fill('区外的点')
  await worker.locator('input[name=lon]').fill('114.500000')
  await worker.locator('input[name=lat]').fill('34.700000')
  await worker.locator('input[name=lat]').press('Tab')
  const where = worker.locator('[data-test=report-form] [role=alert]').first()
  await where.waitFor()
  assert.match(await where.textContent(), /outside the district/)
  await worker.locator('[data-test=report-submit]').click()
  const refusal = worker.locator('[data-test=report-form] [role=alert]', { hasText: '[location]' })
  await refusal.waitFor()
  assert.match(await refusal.textContent(), /^超出范围 \[location\]: /)
  assert.equal(await worker.locator('[data-test=reported]').count(), 0)
  const after = (await apiCall(server.url, token, 'GET', '/api/v1/cases?limit=1')).body.items[0]?.id ?? 0
  assert.equal(after, before)
  await shot(worker, 'worker-refused')
  // My grids: the worker's area (here the whole district), outlined and named.
  await worker.locator('[data-tab=grids]').click()
  await worker.locator('[data-test=my-grids] .leaflet-tooltip', { hasText: '管城回族区' }).waitFor()
  await shot(worker, 'worker-grids')
  await worker.context().close()
})

test('one case through the whole loop, each step in its role\'s view', async () => {
  // The grid worker reports from the phone, with a photo.
  const worker = await signIn(browser, server.url, 'grid_worker', PHONE)
  await worker.waitForURL(/\/worker$/)
  await worker.locator('select[name=kind]').selectOption('event')
  await worker.locator('select[name=category_code]').selectOption('09005')
  const text = `浏览器测试：店外经营占道 ${Date.now()}`
  await worker.locator('textarea[name=description]').fill(text)
  await worker.locator('input[name=lon]').fill(INSIDE.lon)
  await worker.locator('input[name=lat]').fill(INSIDE.lat)
  await worker.locator('input[name=lat]').press('Tab')
  await worker.locator('[data-test=place]', { hasText: '十八里河街道' }).waitFor()
  await worker.locator('input[name=photo]').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: photoPng() })
  await shot(worker, 'worker-report')
  await worker.locator('[data-test=report-submit]').click()
  const done = await worker.locator('[data-test=reported]').textContent({ timeout: 15000 })
  loopCase.number = done.match(/410104-\d{8}-\d{6}/)[0]

  // Intake accepts it: the report and its photo are there.
  const intake = await signIn(browser, server.url, 'intake_operator')
  await intake.waitForURL(/\/dispatch/)
  await intake.locator(`tr[data-case="${loopCase.number}"]`).click()
  await intake.locator('[data-test=case-detail]', { hasText: text }).waitFor()
  await intake.locator('[data-test=photo]').first().waitFor()
  loopCase.id = Number(new URL(intake.url()).pathname.split('/').pop())
  await act(intake, 'reported', 'accept', '已受理')
  await shot(intake, 'dispatch-workbench')

  // The shift lead registers it; the dispatcher sees the routing suggestion and dispatches.
  const lead = await signIn(browser, server.url, 'shift_lead')
  await act(lead, 'accepted', 'register', '已立案')
  const dispatcher = await signIn(browser, server.url, 'dispatcher')
  await dispatcher.locator('[data-queue=registered]').click()
  await dispatcher.locator(`tr[data-case="${loopCase.number}"]`).click()
  await dispatcher.locator('[data-test=routing]', { hasText: '城市管理局' }).waitFor()
  await act(dispatcher, 'registered', 'dispatch', '已派遣', async (p) => {
    await p.locator('select[name=unit_code]').selectOption('CGJ')
    await p.locator('textarea[name=note]').fill('请尽快处置')
  })

  // The unit signs for it and reports it handled with a photo.
  const unit = await signIn(browser, server.url, 'unit_staff')
  await unit.waitForURL(/\/inbox/)
  await act(unit, 'dispatched', 'sign', '处置中')
  await act(unit, 'handling', 'feedback', '已处置', async (p) => {
    await p.locator('form[data-test=action-form] input[name=photo]').setInputFiles({
      name: 'after.png',
      mimeType: 'image/png',
      buffer: photoPng(),
    })
    await p.locator('textarea[name=note]').fill('已清理完毕')
  })
  await shot(unit, 'unit-inbox')

  // The grid worker checks on site; the shift lead closes it.
  await worker.locator('[data-tab=checks]').click()
  await act(worker, 'handled', 'check_pass', '核查中')
  await shot(worker, 'worker-checks')
  await act(lead, 'checking', 'close', '已结案')

  // The history shows every step, in order, each by its role.
  const steps = await lead.locator('[data-test=history] li').evaluateAll((lis) => lis.map((li) => li.dataset.action))
  const loop = steps.filter((s) => s !== 'attach')
  assert.deepEqual(loop, ['report', 'accept', 'register', 'dispatch', 'sign', 'feedback', 'check_pass', 'close'])
  assert.ok(steps.filter((s) => s === 'attach').length >= 2, `photos recorded: ${steps}`)
  await shot(lead, 'case-closed')
  for (const p of [worker, intake, lead, dispatcher, unit]) await p.context().close()
})

// Moves a case along the loop through the API (the scene for a test of a later step).
async function caseInHandling(url, description) {
  const as = {}
  for (const u of ['grid_worker', 'intake_operator', 'shift_lead', 'dispatcher', 'unit_staff']) as[u] = await apiToken(url, u)
  let r = await apiCall(url, as.grid_worker, 'POST', '/api/v1/cases', {
    kind: 'event', category_code: '09005', description, source: 'grid_worker',
    location: { lon: Number(INSIDE.lon), lat: Number(INSIDE.lat), crs: 'wgs84' },
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  const steps = [['intake_operator', 'accept', {}], ['shift_lead', 'register', {}], ['dispatcher', 'dispatch', { unit_code: 'CGJ' }], ['unit_staff', 'sign', {}]]
  for (const [user, action, extra] of steps) {
    r = await apiCall(url, as[user], 'POST', `/api/v1/cases/${r.body.id}/actions/${action}`, { expected_version: r.body.version, ...extra })
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`)
  }
  return r.body
}

// A wall-clock time in Shanghai, as a datetime-local input takes it.
function shanghai(msFromNow) {
  return new Date(Date.now() + msFromNow + 8 * 3600e3).toISOString().slice(0, 16)
}

test('the unit asks for more time: a past deadline is refused by name, then the shift lead grants it', async () => {
  const c = await caseInHandling(server.url, '延期测试：店外经营')
  const unit = await signIn(browser, server.url, 'unit_staff')
  await unit.goto(`${server.url}/inbox/${c.id}`)
  await unit.locator('[data-test=case-state]', { hasText: '处置中' }).waitFor()
  await unit.locator('button[data-action=request_extension]').click()
  await unit.locator('input[name=deadline]').fill(shanghai(-3600e3))
  await unit.locator('[data-test=action-submit]').click()
  const refusal = unit.locator('[data-test=action-form] [role=alert]')
  await refusal.waitFor()
  assert.match(await refusal.textContent(), /\[deadline\]: must be later than the current deadline/)
  assert.equal(await unit.locator('[data-test=case-state]').textContent(), '处置中')
  await unit.locator('input[name=deadline]').fill(shanghai(14 * 864e5))
  await unit.locator('textarea[name=note]').fill('需协调管网施工，申请延期')
  await unit.locator('[data-test=action-submit]').click()
  await unit.locator('[data-test=case-state]', { hasText: '申请延期' }).waitFor()

  const lead = await signIn(browser, server.url, 'shift_lead')
  await lead.locator('[data-queue=extension_requested]').click()
  await lead.locator(`tr[data-case="${c.number}"]`).click()
  await lead.locator('[data-test=history]', { hasText: '需协调管网施工' }).waitFor()
  await lead.locator('button[data-action=approve_extension]').click()
  await lead.locator('[data-test=action-submit]').click()
  await lead.locator('[data-test=case-state]', { hasText: '处置中' }).waitFor()
  // The unit's open screen follows: the stream brings the approval.
  await unit.locator('[data-test=case-state]', { hasText: '处置中' }).waitFor()
  await unit.locator('[data-test=history] li[data-action=approve_extension]').waitFor()
  await shot(lead, 'extension-approved')
  // The unit's leader sees the same case and the unit's supervision notices (督办).
  const head = await signIn(browser, server.url, 'unit_leader')
  await head.waitForURL(/\/inbox/)
  await head.goto(`${server.url}/inbox/${c.id}`)
  await head.locator('[data-test=case-number]', { hasText: c.number }).waitFor()
  await head.locator('[data-test=notices] h3').waitFor()
  // No workflow step is the leader's; calling departments (吹哨) is the handling unit's, leader too.
  const offered = await head.locator('[data-test=case-detail] button[data-action]').evaluateAll((bs) => bs.map((b) => b.dataset.action))
  assert.deepEqual(offered, ['whistle'])
  await shot(head, 'unit-leader')
  await head.context().close()
  await unit.context().close()
  await lead.context().close()
})

test('the unit blows the whistle (吹哨): the called department checks in and reports back in its own inbox', async () => {
  const c = await caseInHandling(server.url, '吹哨测试：占道施工需住建配合')
  const unit = await signIn(browser, server.url, 'unit_staff')
  await unit.goto(`${server.url}/inbox/${c.id}`)
  await unit.locator('[data-test=case-state]', { hasText: '处置中' }).waitFor()
  await unit.locator('button[data-action=whistle]').click()
  await unit.locator('select[name=units]').selectOption(['ZJJ'])
  await unit.locator('textarea[name=note]').fill('请住建局到场配合')
  await unit.locator('[data-test=action-submit]').click()
  await unit.locator('[data-test=calls] [data-called=ZJJ]').waitFor()

  const called = await signIn(browser, server.url, 'staff_zjj')
  await called.goto(`${server.url}/inbox/${c.id}`)
  await called.locator('[data-test=case-number]', { hasText: c.number }).waitFor()
  // A called department takes its own part only: no lead unit's step is offered.
  assert.equal(await called.locator('button[data-action=feedback]').count(), 0)
  await called.locator('button[data-action=check_in]').click()
  await called.locator('[data-test=action-submit]').click()
  await called.locator('[data-test=calls] [data-called=ZJJ]', { hasText: '已报到' }).waitFor()
  await called.locator('button[data-action=whistle_report]').click()
  await called.locator('textarea[name=note]').fill('已到场，施工围挡已整改')
  await called.locator('[data-test=action-submit]').click()
  await called.locator('[data-test=calls] [data-called=ZJJ]', { hasText: '已反馈' }).waitFor()
  await shot(called, 'whistle-called-unit')
  // The lead unit's open screen follows through the stream.
  await unit.locator('[data-test=calls] [data-called=ZJJ]', { hasText: '已反馈' }).waitFor()
  await unit.context().close()
  await called.context().close()
})

test('the dispatcher\'s queues filter by light: the red ones are all red and past due', async () => {
  const page = await signIn(browser, server.url, 'dispatcher')
  await page.locator('[data-queue=all]').click()
  await page.locator('select[name=light]').selectOption('red')
  const rows = page.locator('[data-test=case-list] tbody tr')
  await rows.first().waitFor()
  const lights = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('.light').className))
  assert.ok(lights.length > 0)
  for (const l of lights) assert.equal(l, 'light red')
  await page.locator('select[name=light]').selectOption('green')
  await page.waitForFunction(() => [...document.querySelectorAll('[data-test=case-list] tbody tr .light')].every((e) => e.className === 'light green'))
  assert.ok((await rows.count()) > 0)
  await page.context().close()
})

test('the command center updates live when a case is reported', async () => {
  const page = await signIn(browser, server.url, 'leader', { width: 1920, height: 1080 })
  await page.goto(`${server.url}/command`)
  await page.locator('[data-test=live]', { hasText: '实时' }).waitFor()
  const kpi = page.locator('[data-test=kpi-reported-today]')
  await kpi.filter({ hasText: /\d/ }).waitFor()
  const before = Number((await kpi.textContent()).replace(/\D/g, ''))
  const token = await apiToken(server.url, 'grid_worker')
  const r = await apiCall(server.url, token, 'POST', '/api/v1/cases', {
    kind: 'event',
    category_code: '06001',
    description: '指挥大屏实时测试',
    source: 'grid_worker',
    location: { lon: 113.6929, lat: 34.7043, crs: 'wgs84' },
  })
  assert.equal(r.status, 201, JSON.stringify(r.body))
  await page.locator('[data-test=feed-item]', { hasText: r.body.number }).waitFor()
  await page.waitForFunction(
    ([n]) => Number(document.querySelector('[data-test=kpi-reported-today]').textContent.replace(/\D/g, '')) === n,
    [before + 1],
  )
  await shot(page, 'command-center')
  await page.context().close()
})

test('a street\'s dispatcher, added by the administrator, is refused a case of another street', async () => {
  const admin = await signIn(browser, server.url, 'admin')
  await admin.waitForURL(/\/admin/)
  await admin.locator('input[name=username]').fill('beixiajie_dispatcher')
  await admin.locator('input[name=display_name]').fill('北下街派遣员')
  await admin.locator('input[name=password]').fill('browser-test-pw1')
  await admin.locator('select[name=role]').first().selectOption('dispatcher')
  await admin.locator('input[name=scope]').first().fill('410104001000')
  await admin.locator('[data-test=add-user]').click()
  await admin.locator('.ok').waitFor()
  await admin.locator('td', { hasText: 'beixiajie_dispatcher' }).waitFor()
  await shot(admin, 'admin-users')

  const street = await signIn(browser, server.url, 'beixiajie_dispatcher')
  await street.goto(`${server.url}/dispatch/${loopCase.id}`)
  const denial = street.locator('[data-test=case-error]')
  await denial.waitFor()
  assert.match(await denial.textContent(), /不在您的管辖范围内/)
  await street.locator('[data-queue=all]').click()
  await street.locator('[data-test=case-list]').waitFor()
  assert.equal(await street.locator(`tr[data-case="${loopCase.number}"]`).count(), 0)
  await shot(street, 'scope-denied')

  // English is one click away and stays.
  await street.locator('[data-test=lang]').click()
  await street.locator('[data-nav=dispatch]', { hasText: 'Dispatch' }).waitFor()
  await street.reload()
  await street.locator('[data-nav=dispatch]', { hasText: 'Dispatch' }).waitFor()
  await admin.context().close()
  await street.context().close()
})

test('someone else\'s wrong passwords slow a new browser down, said in Chinese; the owner\'s browser goes on; the administrator lifts it', async () => {
  // The unit's leader signs in on their own browser: it keeps the device key the server gave.
  const own = await signIn(browser, server.url, 'unit_leader')
  assert.ok(await own.evaluate(() => localStorage.getItem('onegrid.device.unit_leader')))
  // Someone who knows the user name tries five wrong passwords.
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'unit_leader', password: `guess-${i}-wrong` }),
    })
    assert.equal(r.status, 401)
  }
  // A browser the leader never signed in on is told, in Chinese, from when to try again.
  const strangerContext = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const stranger = await strangerContext.newPage()
  await stranger.goto(`${server.url}/login`)
  await stranger.locator('input[name=username]').fill('unit_leader')
  await stranger.locator('input[name=password]').fill('browser-test-pw1')
  await stranger.locator('button[type=submit]').click()
  const alert = stranger.locator('[role=alert]')
  await alert.waitFor()
  assert.match(await alert.textContent(), /登录失败次数过多，请于 .+ 后再试（1[01]\d 秒后）/)
  await shot(stranger, 'login-slowed')
  // The leader's own browser signs in again at once.
  await own.evaluate(() => sessionStorage.clear())
  await own.goto(`${server.url}/login`)
  await own.locator('input[name=username]').fill('unit_leader')
  await own.locator('input[name=password]').fill('browser-test-pw1')
  await own.locator('button[type=submit]').click()
  await own.waitForURL((u) => !u.pathname.startsWith('/login'))
  // The administrator lifts the limit; the new browser gets in (two minutes early).
  const admin = await signIn(browser, server.url, 'admin')
  await admin.waitForURL(/\/admin/)
  await admin.locator('tr[data-user=unit_leader] [data-test=unlock]').click()
  await admin.locator('[data-test=unlocked]', { hasText: 'unit_leader' }).waitFor()
  await stranger.locator('button[type=submit]').click()
  await stranger.waitForURL((u) => !u.pathname.startsWith('/login'))
  await strangerContext.close()
  await own.context().close()
  await admin.context().close()
})

test('an account\'s lifecycle in the console: a reset password is replaced first, a disabled account is shut out and listed apart', async () => {
  // The scene: a grid worker of the demo district, added over the API.
  const adminToken = await apiToken(server.url, 'admin')
  const made = await apiCall(server.url, adminToken, 'POST', '/api/v1/users', {
    username: 'lifecycle_gw', display_name: '测试网格员', password: 'browser-test-pw1',
    roles: [{ role: 'grid_worker', scope: '410104010000' }],
  })
  assert.equal(made.status, 201, JSON.stringify(made.body))

  // The administrator resets the password: a common one is refused by name, a good one taken.
  const admin = await signIn(browser, server.url, 'admin')
  await admin.waitForURL(/\/admin/)
  await admin.locator('tr[data-user=lifecycle_gw] td', { hasText: '从未登录' }).waitFor()
  await admin.locator('tr[data-user=lifecycle_gw] [data-test=manage]').click()
  const account = admin.locator('[data-account=lifecycle_gw]')
  await account.locator('input[name=reset_password]').fill('password123')
  await account.locator('[data-test=reset-password]').click()
  await account.locator('[data-test=account-error]', { hasText: '[password]' }).waitFor()
  await account.locator('input[name=reset_password]').fill('临时密码-5820')
  await account.locator('[data-test=reset-password]').click()
  await account.locator('[data-test=account-ok]').waitFor()
  await admin.locator('tr[data-user=lifecycle_gw] .badge', { hasText: '待改密码' }).waitFor()

  // The worker signs in with it and must choose a new password before anything else.
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const worker = await ctx.newPage()
  worker.setDefaultTimeout(15000)
  await worker.goto(`${server.url}/login`)
  await worker.locator('input[name=username]').fill('lifecycle_gw')
  await worker.locator('input[name=password]').fill('临时密码-5820')
  await worker.locator('button[type=submit]').click()
  await worker.waitForURL(/\/password/)
  await worker.locator('[data-test=must-change]').waitFor()
  await shot(worker, 'password-must-change')
  await worker.goto(`${server.url}/worker`) // no way around it
  await worker.waitForURL((u) => u.pathname === '/password')
  await worker.locator('input[name=current_password]').fill('wrong-pass-001')
  await worker.locator('input[name=new_password]').fill('我的新密码-2026')
  await worker.locator('input[name=repeat_password]').fill('我的新密码-2026')
  await worker.locator('[data-test=password-submit]').click()
  await worker.locator('[data-test=password-error]', { hasText: '[current_password]' }).waitFor()
  await worker.locator('input[name=current_password]').fill('临时密码-5820')
  await worker.locator('[data-test=password-submit]').click()
  await worker.waitForURL((u) => u.pathname === '/worker')
  await worker.locator('[data-test=my-password]', { hasText: '修改密码' }).waitFor() // and again whenever they like
  await shot(worker, 'password-changed')

  // The administrator disables the account: it leaves the list of active accounts for the
  // disabled ones, and the worker's console is signed out at its next request.
  await admin.locator('[data-test=refresh], button', { hasText: '刷新' }).first().click()
  await admin.locator('tr[data-user=lifecycle_gw] [data-test=manage]').click()
  await account.locator('[data-test=toggle-disabled]', { hasText: '停用账号' }).click()
  await account.locator('[data-test=account-ok]', { hasText: '已停用' }).waitFor()
  assert.equal(await admin.locator('tr[data-user=lifecycle_gw]').count(), 0)
  await admin.locator('[data-state=disabled]').click()
  await admin.locator('tr[data-user=lifecycle_gw]').waitFor()
  await shot(admin, 'admin-disabled-accounts')
  await worker.reload()
  await worker.waitForURL((u) => u.pathname === '/login')
  await worker.locator('input[name=username]').fill('lifecycle_gw')
  await worker.locator('input[name=password]').fill('我的新密码-2026')
  await worker.locator('button[type=submit]').click()
  await worker.locator('[role=alert]').waitFor()
  assert.equal(new URL(worker.url()).pathname, '/login')
  await ctx.close()
  await admin.context().close()
})
