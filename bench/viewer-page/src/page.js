// SPDX-License-Identifier: MIT
// bench/viewer's cornerstone3D page: a stack viewport that opens one series of the Renkei server
// the way Renkei's viewer does — QIDO series, then the series metadata, then every frame with
// WADO-RS (transfer-syntax=*, decoded in the browser) — with the bench's API token
// (Authorization: Bearer). Served by Playwright at the Renkei server's origin (no CORS needed);
// the frame requests go to the server itself. The driver (driver.js) reads window.bench.
import { init as csInit, RenderingEngine, Enums, imageLoader, cache } from '@cornerstonejs/core';
import { init as dilInit, wadors } from '@cornerstonejs/dicom-image-loader';

// The token comes from the driver (an init script); the study from the page's address (?study=).
const cfg = { token: window.BENCH_CONFIG.token, study: new URLSearchParams(location.search).get('study') };
const status = (t) => { document.getElementById('status').textContent = t; };
const auth = { Authorization: `Bearer ${cfg.token}` };

const state = {
  ready: false, error: '', clickAt: -1, firstImageAt: -1, stackReadyAt: -1, images: 0, loaded: 0,
  decodeMs: [], loadMs: [], transferSyntaxes: {}, renders: 0, scroll: null, renderingPath: '',
};
window.bench = { state: () => state };

let viewport = null, imageIds = [];

async function getJson(path) {
  const r = await fetch(path, { headers: { ...auth, Accept: 'application/dicom+json' } });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}
const tag = (ds, t) => (ds[t] && ds[t].Value ? ds[t].Value[0] : undefined);

async function open() {
  const base = `${location.origin}/dicomweb/studies/${cfg.study}`;
  const series = await getJson(`${base}/series`);
  const se = series.find((s) => !['SR', 'PR', 'KO', 'DOC'].includes(tag(s, '00080060')));
  const seriesUid = tag(se, '0020000E');
  const metadata = await getJson(`${base}/series/${seriesUid}/metadata`);
  // Slice order as Renkei's viewer shows it: along the slice normal (here: Image Position z), else
  // instance number.
  const pos = (m) => (m['00200032'] && m['00200032'].Value ? m['00200032'].Value[2] : tag(m, '00200013'));
  metadata.sort((a, b) => pos(a) - pos(b));
  imageIds = metadata.map((m) => {
    const id = `wadors:${base}/series/${seriesUid}/instances/${tag(m, '00080018')}/frames/1`;
    wadors.metaDataManager.add(id, m);
    return id;
  });
  state.images = imageIds.length;
  await viewport.setStack(imageIds, 0);
  // The whole stack, nearest first (the image on screen is index 0, so simply in order); the
  // browser keeps at most 6 HTTP/1.1 connections to the server, as for Renkei's viewer.
  await Promise.all(imageIds.map((id, k) => imageLoader.loadAndCacheImage(id, { priority: k }).then((img) => {
    state.loaded += 1;
    state.decodeMs.push(img.decodeTimeInMS);
    state.loadMs.push(img.loadTimeInMS);
    const ts = img.transferSyntaxUID || '?';
    state.transferSyntaxes[ts] = (state.transferSyntaxes[ts] || 0) + 1;
  })));
  state.stackReadyAt = performance.now();
  status(`${state.loaded} / ${state.images}`);
}

// Steps through the whole stack, one image per rendered frame, as fast as the viewport renders.
window.bench.scroll = (steps) => new Promise((resolve) => {
  const element = viewport.element;
  let k = 0;
  const t0 = performance.now();
  const onRendered = () => {
    if (k >= Math.min(steps, imageIds.length - 1)) {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      const ms = performance.now() - t0;
      state.scroll = { steps: k, ms, fps: (k * 1000) / ms, index: viewport.getCurrentImageIdIndex() };
      resolve(state.scroll);
      return;
    }
    k += 1;
    viewport.setImageIdIndex(k);
  };
  element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
  onRendered();
});

async function main() {
  await csInit();
  // The codecs' .wasm files lie beside page.js (build.js copies them).
  dilInit({ beforeSend: () => auth, wasmBasePath: new URL('.', import.meta.url).href });
  cache.setMaxCacheSize(2 * 1024 * 1024 * 1024);
  const element = document.getElementById('viewport');
  const engine = new RenderingEngine('bench');
  engine.enableElement({ viewportId: 'ct', type: Enums.ViewportType.STACK, element });
  viewport = engine.getViewport('ct');
  element.addEventListener(Enums.Events.IMAGE_RENDERED, () => {
    state.renders += 1;
    if (state.firstImageAt < 0 && state.clickAt >= 0) state.firstImageAt = performance.now();
  });
  state.renderingPath = engine.useCPURendering ? 'cpu' : 'webgl';
  document.getElementById('open').addEventListener('click', (e) => {
    state.clickAt = e.timeStamp;  // the same clock as performance.now()
    open().catch((err) => { state.error = String(err && err.stack || err); status(state.error); });
  });
  state.ready = true;
  status('ready');
}
main().catch((err) => { state.error = String(err && err.stack || err); status(state.error); });
