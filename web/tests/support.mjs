// The browser tests' world: a real onegrid (ONEGRID_BIN) serving the demo district from a fresh
// SQLite file on 127.0.0.1, and Debian's Chromium driven by playwright-core (never a download).
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { chromium } from 'playwright-core'

export const PASSWORD = 'browser-test-pw1'
export const ARTIFACTS = join(process.cwd(), 'test-results')
const BIN = process.env.ONEGRID_BIN
if (!BIN) throw new Error('set ONEGRID_BIN to the onegrid binary (ctest does)')

export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'onegrid-web-'))
  const db = join(dir, 'demo.db')
  execFileSync(BIN, ['--db', db, 'seed', 'demo', '--demo-password', PASSWORD], { stdio: 'ignore' })
  // A failed sign-in past the limit waits two minutes here (1 s by default), so that the test of
  // the slowed sign-in sees the wait however long the browser takes.
  const proc = spawn(BIN, ['--db', db, '--web', join(process.cwd(), 'dist'), 'serve', '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ONEGRID_LOGIN_FIRST_DELAY: '120' },
  })
  let log = ''
  proc.stderr.on('data', (d) => (log += d))
  const url = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`onegrid did not start:\n${log}`)), 30000)
    proc.stdout.on('data', (d) => {
      out += d
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    proc.on('exit', (code) => reject(new Error(`onegrid exited ${code}:\n${log}`)))
  })
  return {
    url,
    log: () => log,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  })
}

// A page signed in through the login form as `username`.
export async function signIn(browser, url, username, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  await page.goto(`${url}/`)
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('button[type=submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  return page
}

export async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false })
}

// The API as a test's own client (to set the scene, never to check the UI's work for it).
export async function apiToken(url, username) {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  if (!r.ok) throw new Error(`sign-in of ${username}: ${r.status} ${await r.text()}`)
  return (await r.json()).token
}

export async function apiCall(url, token, method, path, body) {
  const r = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await r.text()
  return { status: r.status, body: text ? JSON.parse(text) : null }
}

// A real PNG (a 64×48 gradient), as a phone camera's photo stands in for.
export function photoPng() {
  const w = 64, h = 48
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3
      raw[o] = x * 4
      raw[o + 1] = y * 5
      raw[o + 2] = 160
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
