// SPDX-License-Identifier: MIT
// The image viewer in the app against the real server with the demo studies (issue 11, first
// steps; R-VIEW-1, R-CON-4): a clinic doctor opens the patient's chest CT from the timeline, the
// first image shows before the rest of the series has arrived, the whole stack loads, the wheel
// scrolls it, a preset and a drag change window/level; screenshots at desktop and tablet size.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness');

let server, browser;
test.before(async () => {
  server = await h.startServer({ demo: true, images: true, args: ['--totp-required-roles', 'none'] });
  // Two more studies of the same patient, stored compressed as archives send them: the frames go to
  // the browser as stored and are decoded there (DCMTK in WebAssembly).
  for (const [kind, syntax, slices] of [['mr', 'jpeg-ls', 12], ['ct', 'rle', 8]]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-viewer-'));
    server.admin('synthesize-dicom', '--out', dir, '--patient', 'P000101', '--kind', kind, '--syntax', syntax,
      '--slices', String(slices), '--size', '256', '--name', 'Yamada^Taro', '--name-kanji', '山田^太郎');
    server.admin('import-dicom', dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function openCt(page) {
  return h.openStudy(page, 'CT  120 画像  —  胸部CT (経過観察)');
}

test('a clinic doctor opens the chest CT, scrolls the stack and changes window/level', { timeout: 240000 }, async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  let s = await openCt(page);
  assert.equal(s.viewer.images, 120);
  assert.ok(s.viewer.firstFrameMs >= 0, JSON.stringify(s.viewer));
  assert.ok(s.viewer.arrived < 120 || s.viewer.firstFrameMs < 5000, 'the first image shows before the stack is complete');
  s = await h.waitFor(page, (st) => st.viewer.arrived === 120 && st.viewer.thumbnails === 1, 90000);  // the series' picture beside its button
  assert.equal(s.viewer.requested, 120);
  assert.equal(s.viewer.index, 0);
  // The wheel over the image moves down the stack, one image per notch.
  const view = page.viewportSize();
  await page.mouse.move(view.width / 2, view.height / 2);
  for (let i = 0; i < 5; ++i) {
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(60);
  }
  s = await h.waitFor(page, (st) => st.viewer.index === 5 && st.viewer.frameShown);
  assert.ok(s.labels.includes('読み込み済み 120 / 120 画像'), JSON.stringify(s.labels));
  // Presets (CT) and drag: window/level follow.
  await h.press(page, '肺野');
  s = await h.waitFor(page, (st) => st.viewer.center === -600 && st.viewer.width === 1500 && st.viewer.frameShown);
  h.notBlank(await h.screenshot(page, 'viewer-ct-lung-1280x800'), 'the viewer');
  await page.mouse.move(view.width / 2, view.height / 2);
  await page.mouse.down();
  await page.mouse.move(view.width / 2 + 100, view.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  s = await h.waitFor(page, (st) => st.viewer.width > 1500 && st.viewer.center > -600);
  await h.press(page, '縦隔');
  s = await h.waitFor(page, (st) => st.viewer.center === 40 && st.viewer.width === 400 && st.viewer.frameShown);
  h.notBlank(await h.screenshot(page, 'viewer-ct-mediastinum-1280x800'), 'the viewer');
  // Back to the patient: the viewer's images are dropped.
  await h.press(page, '患者ページへ戻る');
  s = await h.waitFor(page, (st) => st.screen === 'patient' && st.viewer.images === 0 && st.viewer.study === '');
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
  await context.close();
});

test('on a portrait tablet the viewer fits the image to the screen', { timeout: 180000 }, async () => {
  const { context, page } = await h.openApp(browser, server.url, { viewport: { width: 768, height: 1024 }, hasTouch: true });
  const s = await openCt(page);
  assert.equal(s.viewer.images, 120);
  await h.waitFor(page, (st) => st.viewer.arrived >= 10);
  h.notBlank(await h.screenshot(page, 'viewer-ct-768x1024'), 'the viewer on a tablet');
  await context.close();
});

test('compressed series (JPEG-LS, RLE) travel as stored and are decoded in the browser', { timeout: 180000 }, async () => {
  for (const [row, syntax, images] of [['MR  12 画像', '1.2.840.10008.1.2.4.80', 12], ['CT  8 画像', '1.2.840.10008.1.2.5', 8]]) {
    const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
    let s = await h.openStudy(page, row);
    assert.equal(s.viewer.transferSyntax, syntax, JSON.stringify(s.viewer));
    s = await h.waitFor(page, (st) => st.viewer.arrived === images, 30000);
    assert.equal(s.viewer.frameErrors, 0);
    h.notBlank(await h.screenshot(page, `viewer-${syntax}-1280x800`), `the viewer (${syntax})`);
    assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
    await context.close();
  }
});

test('zoom, 1:1, pan with the right button, fit and invert', { timeout: 180000 }, async () => {
  const { context, page } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  let s = await openCt(page);
  await h.press(page, '拡大');
  await h.press(page, '拡大');
  s = await h.waitFor(page, (st) => Math.abs(st.viewer.zoom - 1.5625) < 1e-9);
  const before = s.viewer.center;
  const view = page.viewportSize();
  await page.mouse.move(view.width / 2, view.height / 2);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(view.width / 2 + 60, view.height / 2 + 30, { steps: 4 });
  await page.mouse.up({ button: 'right' });
  s = await h.waitFor(page, (st) => st.viewer.pan[0] > 30 && st.viewer.pan[1] > 10);
  assert.equal(s.viewer.center, before, 'panning does not change window/level');
  await h.press(page, '白黒反転');
  s = await h.waitFor(page, (st) => st.viewer.invert && st.viewer.frameShown);
  h.notBlank(await h.screenshot(page, 'viewer-ct-zoomed-inverted-1280x800'), 'the zoomed viewer');
  await h.press(page, '等倍');
  s = await h.waitFor(page, (st) => Math.abs(st.viewer.zoom * st.viewer.fitScale - 1) < 1e-6 && st.viewer.pan[0] === 0);
  await h.press(page, '全体表示');
  s = await h.waitFor(page, (st) => st.viewer.zoom === 1);
  await context.close();
});
