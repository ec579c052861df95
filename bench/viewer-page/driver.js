// SPDX-License-Identifier: MIT
// bench/viewer's driver: one Debian Chromium (playwright-core), the same Renkei server, the same
// series, opened once with Renkei's viewer (the app, logged in as the clinic doctor) and once with
// cornerstone3D (dist/, served by page routes at the server's origin, frames with the same
// doctor's API token). Prints one JSON object on stdout; bench/viewer turns it into the table.
//
// What is measured, the same way in both pages (an init script, below):
//   click        the mouseup of the click that opens the series (event.timeStamp)
//   first image  Renkei: the upload of the first image-sized texture (glTexImage2D, in the frame
//                that draws it); cornerstone: its first IMAGE_RENDERED event
//   stack ready  Renkei: the end of the last frame answer's handler (the app decodes each frame in
//                it, synchronously); cornerstone: every loadAndCacheImage promise resolved
//   decode       Renkei: the time in each frame answer's XHR load handler (copy into the heap,
//                multipart, DCMTK/OpenJPEG decode, rescale to HU floats: all on the main thread);
//                cornerstone: image.decodeTimeInMS (its worker: codec, rescale, min/max; 1 ms steps)
//   scroll       one step per rendered frame over the whole stack (Renkei: a wheel event on the
//                canvas each animation frame, counted by its texture uploads; cornerstone:
//                setImageIdIndex(k + 1) on each IMAGE_RENDERED)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { chromium } = require('playwright-core');

const cfg = JSON.parse(fs.readFileSync(process.env.BENCH_CONFIG_FILE, 'utf8'));
const DIST = path.join(__dirname, 'dist');
const VIEWPORT = { width: 1280, height: 800 };
const log = (m) => process.stderr.write(`[bench] ${m}\n`);
// Images stepped through for scroll fps: the whole stack or cfg.scrollSteps, whichever is fewer.
const scrollSteps = (se) => Math.min(se.images - 1, cfg.scrollSteps || se.images - 1);
const gzipBytes = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

// ---- the instrumentation, identical in both pages -------------------------------------------
function instrument() {
  const B = { armed: false, rows: 0, cols: 0, clickAt: -1, firstTexAt: -1, uploads: 0, frameMs: [], frameEnd: -1, frames: 0 };
  window.__bench = B;
  B.arm = (rows, cols) => Object.assign(B, { armed: true, rows, cols, clickAt: -1, firstTexAt: -1, uploads: 0, frameMs: [], frameEnd: -1, frames: 0 });
  window.addEventListener('mouseup', (e) => { if (B.armed && B.clickAt < 0) B.clickAt = e.timeStamp; }, true);
  // An image-sized texture upload after the click: texImage2D (width, height at 3, 4) or
  // texSubImage2D (at 4, 5), whichever the app uses.
  const uploaded = () => {
    if (B.firstTexAt < 0) B.firstTexAt = performance.now();
    B.uploads += 1;
  };
  const proto = WebGL2RenderingContext.prototype, tex = proto.texImage2D, sub = proto.texSubImage2D;
  proto.texImage2D = function (...a) {
    const r = tex.apply(this, a);
    if (B.armed && B.clickAt >= 0 && a.length >= 9 && a[3] === B.cols && a[4] === B.rows) uploaded();
    return r;
  };
  proto.texSubImage2D = function (...a) {
    const r = sub.apply(this, a);
    if (B.armed && B.clickAt >= 0 && a.length >= 9 && a[4] === B.cols && a[5] === B.rows) uploaded();
    return r;
  };
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) { this.__url = String(url); return open.call(this, method, url, ...rest); };
  XMLHttpRequest.prototype.send = function (...a) {
    const h = this.onload;
    if (B.armed && typeof h === 'function' && /\/frames\/1$/.test(this.__url || '')) {
      this.onload = function (e) {
        const t0 = performance.now();
        try { return h.call(this, e); } finally {
          const t1 = performance.now();
          B.frameMs.push(t1 - t0);
          B.frames += 1;
          B.frameEnd = t1;
        }
      };
    }
    return send.apply(this, a);
  };
  // Renkei: one wheel notch per animation frame until `steps` new images were uploaded.
  B.wheelScroll = (steps, x, y) => new Promise((resolve) => {
    const canvas = document.getElementById('canvas');
    const u0 = B.uploads, t0 = performance.now();
    let ticks = 0;
    const tick = () => {
      const done = B.uploads - u0;
      if (done >= steps || ticks > steps * 4 || performance.now() - t0 > 60000) {
        const ms = performance.now() - t0;
        resolve({ steps: done, ticks, ms, fps: (done * 1000) / ms });
        return;
      }
      ticks += 1;
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, deltaMode: 0, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      requestAnimationFrame(tick);
    };
    tick();
  });
}

// ---- Renkei's app: the helpers of tests/e2e/harness.js, reduced to what the bench needs -------
async function state(page) {
  return page.evaluate(() => (window.renkei && window.renkei.ready() ? window.renkei.state() : null));
}
async function waitFor(page, predicate, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await state(page);
    if (last && predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out; last state: ${JSON.stringify(last && { screen: last.screen, viewer: last.viewer, labels: last.labels })}`);
}
async function press(page, text, { input = false } = {}) {
  // Only once the widget has stayed in place from one frame to the next (windows settle).
  const find = (st) => st && st.widgets.find((x) => x.text === text && x.input === input);
  const deadline = Date.now() + 10000;
  let s = await state(page), w = find(s);
  for (;;) {
    await page.waitForTimeout(40);
    const s2 = await state(page), w2 = find(s2);
    if (w && w2 && s2.frames > s.frames && w.x === w2.x && w.y === w2.y && w.w === w2.w && w.h === w2.h) break;
    if (Date.now() > deadline) throw new Error(`no steady widget "${text}"; labels: ${JSON.stringify(s2 && s2.labels)}`);
    s = s2;
    w = w2;
  }
  await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  if (input) await waitFor(page, (st) => st.textInput && st.widgets.some((x) => x.text === text && x.input && x.active));
  else await page.waitForTimeout(100);
}
async function typeInto(page, label, text) {
  await press(page, label, { input: true });
  const field = (st) => st.widgets.find((x) => x.text === label && x.input);
  const before = field(await state(page)).length;
  await page.keyboard.type(text);
  await waitFor(page, (st) => field(st) && field(st).length === before + Buffer.byteLength(text));
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function renkei(browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: VIEWPORT });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  // The app's download: every response that is not API or DICOMweb, until the log-in screen.
  const assets = [];
  let counting = true;
  page.on('response', async (r) => {
    const u = new URL(r.url());
    if (!counting || u.pathname.startsWith('/api/') || u.pathname.startsWith('/dicomweb/')) return;
    try {
      const body = await r.body();
      const sizes = await r.request().sizes();
      assets.push({ path: u.pathname, bytes: body.length, gzip9: gzipBytes(body), wire: sizes.responseBodySize, encoding: (await r.allHeaders())['content-encoding'] || '' });
    } catch (e) { assets.push({ path: u.pathname, error: String(e) }); }
  });
  await page.goto(cfg.url);
  await waitFor(page, (s) => s.frames > 3 && s.server.status !== 'checking').catch((e) => {
    throw new Error(`the app did not start (being rebuilt? ${cfg.url}): ${problems.join('; ')}; ${e.message}`);
  });
  await page.waitForTimeout(300);
  counting = false;
  await typeInto(page, '利用者ID', cfg.user);
  await typeInto(page, 'パスワード', cfg.password);
  await page.keyboard.press('Enter');
  await waitFor(page, (st) => st.screen === 'home');
  await press(page, '患者一覧');
  await waitFor(page, (st) => st.screen === 'patients' && st.labels.includes(cfg.patientLabel));
  await press(page, cfg.patientLabel);
  const results = {};
  for (const se of cfg.series) {
    const row = `CT  ${se.images} 画像`;  // the patient page's study row
    await waitFor(page, (st) => st.screen === 'patient' && st.labels.includes(row));
    await page.evaluate(([r, c]) => window.__bench.arm(r, c), [se.size, se.size]);
    await press(page, row);
    await page.waitForFunction((n) => window.__bench.frames >= n, se.images, { polling: 50, timeout: 180000 });
    const b = await page.evaluate(() => { const B = window.__bench; return { clickAt: B.clickAt, firstTexAt: B.firstTexAt, frameEnd: B.frameEnd, frameMs: B.frameMs }; });
    let s = await waitFor(page, (st) => st.viewer.arrived === se.images && st.viewer.frameShown);
    const r = {
      images: s.viewer.images, arrived: s.viewer.arrived, frameErrors: s.viewer.frameErrors, transferSyntax: s.viewer.transferSyntax,
      firstImageMs: b.firstTexAt - b.clickAt, appFirstFrameMs: s.viewer.firstFrameMs, stackReadyMs: b.frameEnd - b.clickAt,
      decodeMsMedian: median(b.frameMs), decodeMsMean: b.frameMs.reduce((x, y) => x + y, 0) / b.frameMs.length,
    };
    if (se.scroll) {
      // The pointer over the image (the wheel scrolls only there), then the whole stack.
      const img = s.widgets.find((w) => w.text === '##image');
      const x = img ? img.x + img.w / 2 : VIEWPORT.width / 2, y = img ? img.y + img.h / 2 : VIEWPORT.height / 2;
      await page.mouse.move(x, y);
      await page.waitForTimeout(300);
      r.scroll = await page.evaluate(([n, px, py]) => window.__bench.wheelScroll(n, px, py), [scrollSteps(se), x, y]);
      s = await waitFor(page, (st) => st.viewer.frameShown);
      r.scroll.index = s.viewer.index;
    }
    results[se.key] = r;
    log(`renkei ${se.key}: ${JSON.stringify({ ...r })}`);
    await press(page, '患者ページへ戻る');
    await waitFor(page, (st) => st.screen === 'patient' && st.viewer.images === 0);
  }
  await context.close();
  return { results, assets, problems };
}

// ---- cornerstone3D: dist/ at the server's origin through page routes ----------------------------
async function cornerstone(browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: VIEWPORT });
  await context.addInitScript(instrument);
  await context.addInitScript((c) => { window.BENCH_CONFIG = c; }, { token: cfg.token });
  const served = new Map();
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const prefix = `${new URL(cfg.url).origin}/bench-cornerstone/`;
  await context.route(`${prefix}**`, async (route) => {
    const name = new URL(route.request().url()).pathname.replace('/bench-cornerstone/', '');
    const file = path.join(DIST, path.basename(name));
    if (!fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    const body = fs.readFileSync(file);
    if (!served.has(name)) served.set(name, { path: name, bytes: body.length, gzip9: gzipBytes(body) });
    return route.fulfill({ status: 200, body, headers: { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' } });
  });
  const results = {};
  const problems = [];
  for (const se of cfg.series) {
    const page = await context.newPage();  // a fresh page (and cache) for every series
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await page.goto(`${prefix}index.html?study=${encodeURIComponent(se.study)}`);
    await page.waitForFunction(() => window.bench && (window.bench.state().ready || window.bench.state().error), null, { timeout: 60000 });
    let st = await page.evaluate(() => window.bench.state());
    if (st.error) throw new Error(`cornerstone page: ${st.error}`);
    await page.evaluate(([r, c]) => window.__bench.arm(r, c), [se.size, se.size]);
    await page.click('#open');
    await page.waitForFunction(() => { const s = window.bench.state(); return s.stackReadyAt > 0 || s.error; }, null, { polling: 50, timeout: 180000 });
    const b = await page.evaluate(() => ({ clickAt: window.__bench.clickAt }));
    st = await page.evaluate(() => window.bench.state());
    if (st.error) throw new Error(`cornerstone page: ${st.error}`);
    const r = {
      images: st.images, arrived: st.loaded, transferSyntaxes: st.transferSyntaxes, renderingPath: st.renderingPath,
      firstImageMs: st.firstImageAt - b.clickAt, stackReadyMs: st.stackReadyAt - b.clickAt,
      decodeMsMedian: median(st.decodeMs), decodeMsMean: st.decodeMs.reduce((x, y) => x + y, 0) / st.decodeMs.length,
      loadMsMedian: median(st.loadMs),
    };
    if (se.scroll) r.scroll = await page.evaluate((n) => window.bench.scroll(n), scrollSteps(se));
    results[se.key] = r;
    log(`cornerstone ${se.key}: ${JSON.stringify(r)}`);
    await page.close();
  }
  await context.close();
  const all = fs.readdirSync(DIST).map((f) => { const body = fs.readFileSync(path.join(DIST, f)); return { path: f, bytes: body.length, gzip9: gzipBytes(body) }; });
  return { results, assets: [...served.values()], allFiles: all, problems };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.RENKEI_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      '--disable-features=Translate', ...(process.env.BENCH_VSYNC === '1' ? [] : ['--disable-gpu-vsync', '--disable-frame-rate-limit'])],
  });
  try {
    const hw = await (await browser.newPage()).evaluate(() => ({ cores: navigator.hardwareConcurrency, ua: navigator.userAgent }));
    const order = (process.env.BENCH_ORDER || 'renkei,cornerstone').split(',');
    const out = { browser: browser.version(), hardwareConcurrency: hw.cores };
    for (const v of order) {
      log(`${v}: opening ${cfg.series.length} series`);
      out[v] = v === 'renkei' ? await renkei(browser) : await cornerstone(browser);
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
