// SPDX-License-Identifier: MIT
// Shared by the browser tests: starts the real renkei-server on a free loopback port with a fresh
// data directory, launches Debian's Chromium (SwiftShader WebGL 2) through playwright-core, and
// reads the app's state through its test hook (window.renkei.state()).
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { PNG } = require('pngjs');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through ctest or tools/renkei test)`);
  return v;
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts renkei-server on a free loopback port with a fresh data directory. With `demo`, the demo
// accounts are created first (renkei-admin demo) and the server runs in test mode, where the
// X-Renkei-Test-Now header moves its clock (never accepted outside test mode).
async function startServer({ demo = false, images = false, args = [] } = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-e2e-'));
  const fast = ['--password-iterations', '1000'];
  if (demo) execFileSync(env('RENKEI_ADMIN'), ['--data-dir', dataDir, ...fast, 'demo', ...(images ? ['--with-images'] : [])], { stdio: 'ignore' });
  const proc = spawn(env('RENKEI_SERVER'), ['--data-dir', dataDir, '--port', String(port),
    '--web-root', env('RENKEI_WEB_ROOT'), '--app-dir', env('RENKEI_APP_DIR'), ...(demo ? ['--test-mode', ...fast] : []), ...args],
  { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 15000;
  while (!/listening on/.test(log)) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${log}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `https://127.0.0.1:${port}/`,
    log: () => log,
    dataDir,
    admin: (...args) => execFileSync(env('RENKEI_ADMIN'), ['--data-dir', dataDir, ...fast, ...args], { encoding: 'utf8' }),
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function launchBrowser() {
  // playwright-core gives every launch a fresh, empty profile directory of its own.
  const browser = await chromium.launch({
    executablePath: process.env.RENKEI_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      '--disable-features=Translate'],
  });
  return browser;
}

/// Opens the app in a new page; collects console errors and failed requests.
async function openApp(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(url);
  await waitFor(page, (s) => s.frames > 3 && s.server.status !== 'checking');
  return { context, page, problems };
}

async function state(page) {
  return page.evaluate(() => (window.renkei && window.renkei.ready() ? window.renkei.state() : null));
}

/// Waits until `predicate(state)` holds; fails with the last state seen.
async function waitFor(page, predicate, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await state(page);
    if (last && predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out; last state: ${JSON.stringify(last)}`);
}

/// Clicks (or taps) the centre of the widget whose text is `text` (input fields: their caption); a
/// RegExp matches the text, and `nth` picks among widgets with the same text (in drawing order:
/// the third "いいえ" of a checklist is its third question's; -1 is the last).
async function press(page, text, { input = false, nth = 0 } = {}) {
  // Windows that fit their content settle over the first frames of a screen: tap only once the
  // widget has stayed in place from one frame to the next.
  const matches = (x) => (text instanceof RegExp ? text.test(x.text) : x.text === text) && x.input === input;
  const find = (st) => st && st.widgets.filter(matches).at(nth);  // nth < 0 counts from the last
  const deadline = Date.now() + 8000;
  const view = page.viewportSize();
  let s = await state(page), w = find(s);
  for (;;) {
    await page.waitForTimeout(40);
    const s2 = await state(page), w2 = find(s2);
    const top = w2 ? Math.max(0, w2.top) : 0, bottom = w2 ? Math.min(view.height, w2.bottom) : 0;
    if (w2 && (w2.y < top || w2.y + w2.h > bottom)) {
      // Outside the visible part of its scrolling page: scroll it into view, as a user would.
      // The wheel over the page, inside the viewport (a child window may lie wholly outside it).
      const wheelY = bottom > top ? (top + bottom) / 2 : view.height / 2;
      await page.mouse.move(Math.min(w2.x + Math.min(w2.w / 2, 40), view.width - 1), wheelY);
      await page.mouse.wheel(0, w2.y < top ? w2.y - top - (bottom - top) / 3 : w2.y + w2.h - bottom + (bottom - top) / 3);
      s = s2;
      w = null;
      if (Date.now() > deadline) throw new Error(`cannot scroll "${text}" into view: ${JSON.stringify(w2)}`);
      continue;
    }
    if (w && w2 && s2.frames > s.frames && w.x === w2.x && w.y === w2.y && w.w === w2.w && w.h === w2.h) break;
    if (Date.now() > deadline) {
      if (!w2) throw new Error(`no widget "${text}" on screen; labels: ${JSON.stringify(s2 && s2.labels)}`);
      break;
    }
    s = s2;
    w = w2;
  }
  await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  // A text field takes keys only once the app has made it active (a frame later, longer on a busy
  // machine): typing before that would go nowhere.
  // The browser's hidden text element must have the focus too: text that does not come as key
  // presses (Japanese, inserted by an IME or by the test driver) goes there.
  if (input) await waitFor(page, (st) => st.textInput && st.widgets.some((x) => x.text === text && x.input && x.active));
  else await page.waitForTimeout(100);
}

/// Taps the text field captioned `label`, types `text` and waits until all of it has arrived: the
/// app takes typed characters over several frames, and a tap elsewhere before then would send the
/// rest to the other field.
async function typeInto(page, label, text, { replace = false } = {}) {
  await press(page, label, { input: true });
  const field = (st) => st.widgets.find((x) => x.text === label && x.input);
  if (replace) {  // empty the field first, as a user would with Backspace
    for (let n = field(await state(page)).length; n > 0; --n) await page.keyboard.press('Backspace');
    await waitFor(page, (st) => field(st).length === 0);
  }
  const before = field(await state(page)).length;
  await page.keyboard.type(text);
  await waitFor(page, (st) => field(st) && field(st).length === before + Buffer.byteLength(text));
}

/// Logs in on the log-in screen (which keeps the last user id: it is replaced) and waits for `screen`.
async function logIn(page, user, password, screen = 'home') {
  await typeInto(page, '利用者ID', user, { replace: true });
  await typeInto(page, 'パスワード', password);
  await page.keyboard.press('Enter');
  return waitFor(page, (st) => st.screen === screen);
}

const artifactsDir = () => {
  const dir = process.env.RENKEI_ARTIFACTS || path.join(os.tmpdir(), 'renkei-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

/// Saves a screenshot as a test artifact and returns simple image statistics. Every text on screen
/// must be drawable: characters outside the first font wait for the second (Glyphs.h), and any
/// that still have no glyph fail the test (ImGui would draw '?').
async function screenshot(page, name) {
  let st = await state(page);
  if (st && st.glyphs && st.glyphs.missing.length) {
    st = await waitFor(page, (x) => x.glyphs.missing.length === 0, 10000).catch(() => null);
    if (!st) throw new Error(`${name}: characters without a glyph on screen: ${JSON.stringify((await state(page)).glyphs)}`);
  }
  return pageShot(page, name, { fullPage: false });
}

/// Saves a screenshot of any page (the app's, or a printable page the server serves) and returns
/// its image statistics.
async function pageShot(page, name, { fullPage = true } = {}) {
  const file = path.join(artifactsDir(), `${name}.png`);
  const buf = await page.screenshot({ path: file, fullPage });
  const png = PNG.sync.read(buf);
  const colours = new Map();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    colours.set(key, (colours.get(key) || 0) + 1);
  }
  const total = png.width * png.height;
  const background = Math.max(...colours.values());
  return { file, width: png.width, height: png.height, distinctColours: colours.size,
    nonBackgroundFraction: (total - background) / total };
}

/// Fails when a screenshot is (nearly) one colour: a screen that renders blank is a bug.
function notBlank(shot, what) {
  if (!(shot.distinctColours > 50 && shot.nonBackgroundFraction > 0.05))
    throw new Error(`${what} renders blank: ${JSON.stringify(shot)}`);
}

/// Logs in as the demo clinic doctor, opens 山田 太郎 and the study whose timeline row is `row`;
/// returns the state once its first image is on screen.
async function openStudy(page, row) {
  await typeInto(page, '利用者ID', 'dr-tanaka');
  await typeInto(page, 'パスワード', 'Renkei-clinic-2026');
  await page.keyboard.press('Enter');
  await waitFor(page, (st) => st.screen === 'home');
  await press(page, '患者一覧');
  await waitFor(page, (st) => st.screen === 'patients' && st.labels.includes('山田 太郎'));
  await press(page, '山田 太郎');
  await waitFor(page, (st) => st.screen === 'patient' && st.labels.includes(row));
  await press(page, row);  // the study's row opens the viewer
  return waitFor(page, (st) => st.screen === 'viewer' && st.viewer.frameShown, 30000);
}

module.exports = { startServer, launchBrowser, openApp, state, waitFor, press, typeInto, logIn, screenshot, pageShot, notBlank, openStudy };
