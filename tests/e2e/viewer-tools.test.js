// SPDX-License-Identifier: MIT
// The viewer's tools against the real server with the demo studies (issue 11 §2, §3, §6, §7, §8,
// §10; R-VIEW-1..4, R-CON-4): measuring the phantom nodule (length, HU), angles, turns and flips;
// the prior CT side by side; the watermarked PNG export; bedside mode with touch; a structured
// report from other software as text; a damaged frame in its place. Screenshots at 1920x1080,
// 1280x800, 1024x768 and 768x1024.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness');
const { PNG } = require('pngjs');

let server, browser;
test.before(async () => {
  server = await h.startServer({ demo: true, images: true, args: ['--totp-required-roles', 'none'] });
  // A short RLE series with one damaged frame: its RLE header claims 99 segments (at most 15 exist).
  {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-viewer-bad-'));
    server.admin('synthesize-dicom', '--out', dir, '--patient', 'P000101', '--kind', 'ct', '--syntax', 'rle',
      '--slices', '4', '--size', '64', '--name', 'Yamada^Taro', '--name-kanji', '山田^太郎');
    const file = path.join(dir, fs.readdirSync(dir).sort()[1]);
    const bytes = fs.readFileSync(file);
    const pixelData = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
    // (7FE0,0010) OB, reserved, undefined length; then the offset table item and the first fragment.
    let at = pixelData + 12;
    assert.equal(bytes.readUInt32LE(at), 0xe000fffe);
    at += 8 + bytes.readUInt32LE(at + 4);
    assert.equal(bytes.readUInt32LE(at), 0xe000fffe);
    bytes.writeUInt32LE(99, at + 8);  // the fragment's RLE header: number of segments
    fs.writeFileSync(file, bytes);
    server.admin('import-dicom', dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // A structured report written by other software (pydicom's sample, from DCMTK at OFFIS), given
  // the patient's id and a date inside the consent: shown as text, not as an image (issue 11 §10).
  const sr = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-viewer-sr-'));
  const { execFileSync } = require('node:child_process');
  execFileSync('dsr2xml', ['/usr/lib/python3/dist-packages/pydicom/data/test_files/test-SR.dcm', path.join(sr, 'sr.xml')]);
  execFileSync('xml2dsr', [path.join(sr, 'sr.xml'), path.join(sr, 'sr.dcm')]);
  fs.rmSync(path.join(sr, 'sr.xml'));
  const day = new Date(Date.now() + 9 * 3600e3 - 3 * 86400e3).toISOString().slice(0, 10).replace(/-/g, '');
  execFileSync('dcmodify', ['-nb', '-i', 'PatientID=P000101', '-i', `StudyDate=${day}`, path.join(sr, 'sr.dcm')]);
  server.admin('import-dicom', sr);
  fs.rmSync(sr, { recursive: true, force: true });
  // A two-frame RGB RLE secondary capture from pydicom's samples: a multi-frame instance, a cine.
  const mf = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-viewer-mf-'));
  fs.copyFileSync('/usr/lib/python3/dist-packages/pydicom/data/test_files/SC_rgb_rle_2frame.dcm', path.join(mf, 'mf.dcm'));
  execFileSync('dcmodify', ['-nb', '-i', 'PatientID=P000101', '-i', `StudyDate=${day}`, path.join(mf, 'mf.dcm')]);
  server.admin('import-dicom', mf);
  fs.rmSync(mf, { recursive: true, force: true });
  // A DX with a VOI LUT and no window (as some CR/DX systems send): written by pydicom; the LUT
  // runs backwards, so that what it does is plain to see.
  const voi = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-viewer-voi-'));
  execFileSync('/usr/bin/python3', ['-c', `
import sys, numpy, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
m = FileMetaDataset(); m.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.1.1'; m.MediaStorageSOPInstanceUID = generate_uid()
m.TransferSyntaxUID = ExplicitVRLittleEndian
d = Dataset(); d.file_meta = m; d.is_little_endian = True; d.is_implicit_VR = False
d.SOPClassUID = m.MediaStorageSOPClassUID; d.SOPInstanceUID = m.MediaStorageSOPInstanceUID
d.StudyInstanceUID = generate_uid(); d.SeriesInstanceUID = generate_uid(); d.PatientID = 'P000101'; d.PatientName = 'Yamada^Taro'
d.StudyDate = sys.argv[2]; d.Modality = 'DX'; d.StudyDescription = 'VOI LUT test'; d.SeriesNumber = 1; d.InstanceNumber = 1
d.SamplesPerPixel = 1; d.PhotometricInterpretation = 'MONOCHROME2'; d.Rows = 128; d.Columns = 128
d.BitsAllocated = 16; d.BitsStored = 12; d.HighBit = 11; d.PixelRepresentation = 0
d.PixelData = numpy.tile(numpy.arange(128, dtype=numpy.uint16) * 32, (128, 1)).tobytes()
lut = Dataset(); lut.LUTDescriptor = [4096, 0, 12]; lut.LUTExplanation = 'BACKWARDS'
lut.add_new(0x00283006, 'US', [4095 - k for k in range(4096)])
d.VOILUTSequence = [lut]
d.save_as(sys.argv[1], write_like_original=False)`, path.join(voi, 'voi.dcm'), day]);
  server.admin('import-dicom', voi);
  fs.rmSync(voi, { recursive: true, force: true });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function openCt(page) {
  return h.openStudy(page, 'CT  120 画像  —  胸部CT (経過観察)');
}

// ---- Tools, comparison, export and bedside mode (issue 11 §2, §3, §6, §7) ----

/// Image pixel → CSS pixel on screen, through the pane's view (the test hook's affine map).
function onScreen(pane, x, y) {
  const [a, b, c, d, e, f] = pane.toScreen;
  return [a * x + c * y + e, b * x + d * y + f];
}

// The demo chest CT's nodule (tools/admin/SyntheticDicom.cpp): a sphere centred at u = -0.40,
// v = -0.04 of the 360 mm field of view, 135 mm below the first slice's top; 14 mm across now,
// 10 mm a year before. On a 256-pixel image: centre (76.8, 122.88), 1.40625 mm per pixel.
const kNodule = { x: 0.6 * 128, y: 0.96 * 128, mmPerPixel: 360 / 256 };
/// The nodule's diameter on a slice `nz` mm from its centre.
const noduleAcross = (diameter, nz) => 2 * Math.sqrt((diameter / 2) ** 2 - nz ** 2);

async function wheelTo(page, pane, index, paneNumber = 0) {
  for (let guard = 0; guard < 300; ++guard) {
    const s = await h.state(page);
    const p = s.viewer.panes[paneNumber];
    if (p.index === index) return s;
    const [x, y] = onScreen(p, 20, 20);
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, p.index < index ? 100 : -100);
    await page.waitForTimeout(30);
  }
  throw new Error(`could not scroll to image ${index}`);
}

/// Chooses a tool and waits until the viewer has it (a tap on a busy machine can fall between frames:
/// tapped again then, as a user would).
async function chooseTool(page, label, tool) {
  for (let attempt = 0; attempt < 3; ++attempt) {
    await h.press(page, label);
    try {
      return await h.waitFor(page, (st) => st.viewer.tool === tool, 5000);
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

/// A drag as a hand makes it: the button goes down, the pointer moves, the button comes up — each
/// given a frame or two, so that a slow software-GL frame cannot fold them into one.
async function drag(page, from, to) {
  await page.mouse.move(from[0], from[1]);
  await page.waitForTimeout(60);
  await page.mouse.down();
  await page.waitForTimeout(60);
  await page.mouse.move(to[0], to[1], { steps: 6 });
  await page.waitForTimeout(60);
  await page.mouse.up();
  await page.waitForTimeout(60);
}

test('a doctor measures the nodule (length in mm, HU inside it), an angle, turns and flips the image', { timeout: 240000 }, async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1920, height: 1080 } });
  let s = await openCt(page);
  // Measured once the page has settled: the whole stack and the series' thumbnail are in.
  s = await h.waitFor(page, (st) => st.viewer.arrived === 120 && st.viewer.thumbnails === 1, 90000);
  // The nodule's widest slice: 135 mm below the top of 2.5 mm slices is between images 54 and 55.
  s = await wheelTo(page, s.viewer, 53);
  const across = noduleAcross(14, 53.5 * 2.5 - 135);
  const r = across / 2 / kNodule.mmPerPixel;
  await chooseTool(page, '距離', 'length');
  let pane = s.viewer.panes[0];
  await drag(page, onScreen(pane, kNodule.x - r, kNodule.y), onScreen(pane, kNodule.x + r, kNodule.y));
  s = await h.waitFor(page, (st) => st.viewer.measurements.length === 1);
  let m = s.viewer.measurements[0];
  assert.equal(m.tool, 'length');
  assert.equal(m.unit, 'mm');
  assert.ok(Math.abs(m.value - across) < 1.0, `the nodule measures ${m.value} mm, ${across.toFixed(1)} mm expected`);
  assert.ok(s.labels.some((l) => l.startsWith('1. ') && l.includes(' mm')), JSON.stringify(s.labels));
  // An ellipse inside it reads soft tissue (30 HU in the phantom, noise ±14); one in the lung, air-filled lung.
  await chooseTool(page, '楕円ROI', 'ellipse');
  pane = (await h.state(page)).viewer.panes[0];
  await drag(page, onScreen(pane, kNodule.x - r * 0.6, kNodule.y - r * 0.6), onScreen(pane, kNodule.x + r * 0.6, kNodule.y + r * 0.6));
  await drag(page, onScreen(pane, kNodule.x - 30, kNodule.y + 10), onScreen(pane, kNodule.x - 22, kNodule.y + 18));
  s = await h.waitFor(page, (st) => st.viewer.measurements.length === 3);
  const [, inside, lung] = s.viewer.measurements;
  assert.equal(inside.unit, 'HU');
  assert.ok(inside.pixels >= 8, JSON.stringify(inside));
  assert.ok(Math.abs(inside.value - 30) < 12, `mean inside the nodule ${inside.value} HU`);
  assert.ok(Math.abs(lung.value + 830) < 30, `mean in the lung ${lung.value} HU`);
  assert.ok(inside.area > 0 && inside.area < Math.PI * (across / 2) ** 2, JSON.stringify(inside));
  // An angle of three clicks: a right angle in the image is 90° (square pixels).
  await chooseTool(page, '角度', 'angle');
  pane = s.viewer.panes[0];
  for (const [k, [x, y]] of [[150, 60], [150, 120], [210, 120]].entries()) {
    const [sx, sy] = onScreen(pane, x, y);
    await page.mouse.move(sx, sy);
    await page.waitForTimeout(60);
    await page.mouse.click(sx, sy);
    await h.waitFor(page, (st) => st.viewer.placing === [2, 3, 0][k]);  // one click per frame, as a hand makes them
  }
  s = await h.waitFor(page, (st) => st.viewer.measurements.length === 4);
  assert.ok(Math.abs(s.viewer.measurements[3].value - 90) < 0.5, JSON.stringify(s.viewer.measurements[3]));
  h.notBlank(await h.screenshot(page, 'viewer-ct-measured-1920x1080'), 'the measured nodule');
  // Zoom and turn: the measurement stays on the anatomy, its number does not change; the letters follow.
  assert.deepEqual(s.viewer.orientation, { right: 'L', left: 'R', top: 'A', bottom: 'P' });
  await h.press(page, '拡大');
  await h.press(page, '回転・反転');  // the three in one menu
  await h.press(page, '右90°回転');
  s = await h.waitFor(page, (st) => st.viewer.quarterTurns === 1 && st.viewer.frameShown);
  assert.deepEqual(s.viewer.orientation, { right: 'A', left: 'P', top: 'R', bottom: 'L' });
  assert.equal(s.viewer.measurements[0].value, m.value);
  await h.press(page, '回転・反転');
  await h.press(page, '左右反転');
  s = await h.waitFor(page, (st) => st.viewer.flipHorizontal);
  assert.equal(s.viewer.orientation.right, 'P');
  h.notBlank(await h.screenshot(page, 'viewer-ct-turned-flipped-1920x1080'), 'the turned viewer');
  // Window/level by drag runs on the GPU: the image is not uploaded again.
  await chooseTool(page, '階調', 'window');
  const uploads = (await h.state(page)).viewer.uploads;
  const center = (await h.state(page)).viewer.center;
  pane = (await h.state(page)).viewer.panes[0];
  await drag(page, onScreen(pane, 128, 128), onScreen(pane, 160, 170));
  s = await h.waitFor(page, (st) => st.viewer.center !== center);
  assert.equal(s.viewer.uploads, uploads, 'window/level changes no texture');
  await h.press(page, '計測を消去');
  s = await h.waitFor(page, (st) => st.viewer.measurements.length === 0);
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
  await context.close();
});

test('the prior CT side by side: slices follow by position, W/L is linked, the nodule has grown', { timeout: 240000 }, async () => {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1024, height: 768 }]) {
    const { context, page, problems } = await h.openApp(browser, server.url, { viewport });
    let s = await openCt(page);
    assert.equal(s.viewer.report.title, '胸部CT (経過観察)', 'the report beside the images');
    await h.waitFor(page, (st) => st.viewer.arrived === 120, 90000);
    await h.press(page, '過去検査と比較');
    // The demo's CTs are 20, 380 and 800 days old; the consent (60 days ago) reaches back to 425.
    const jst = (days) => new Date(Date.now() + 9 * 3600e3 - days * 86400e3).toISOString().slice(0, 10).replace(/-/g, '/');
    s = await h.waitFor(page, (st) => st.labels.some((l) => l.startsWith(`${jst(380)}  CT  `)));
    const choices = s.labels.filter((l) => /^\d{4}\/\d{2}\/\d{2}  CT  /.test(l));
    assert.ok(!choices.some((l) => l.startsWith(jst(800))), `the CT before the look-back is not offered: ${choices}`);
    assert.ok(!choices.some((l) => l.startsWith(jst(20))), `nor the study already open: ${choices}`);
    await h.press(page, choices.find((l) => l.startsWith(jst(380))));
    s = await h.waitFor(page, (st) => st.viewer.comparing && st.viewer.panes[1].arrived === 60 && st.viewer.panes[1].frameShown &&
      st.viewer.panes[0].thumbnails === 1 && st.viewer.panes[1].thumbnails === 1, 60000);
    // Scrolling the current study moves the prior to the slice nearest by position (5 mm slices there).
    s = await wheelTo(page, s.viewer.panes[0], 53);
    s = await h.waitFor(page, (st) => Math.abs(st.viewer.panes[1].position - st.viewer.panes[0].position) <= 2.5 && st.viewer.panes[1].frameShown);
    const priorIndex = s.viewer.panes[1].index;
    // Both nodules measured edge to edge: bigger now than a year ago. The nodule's centre lies 135 mm
    // below the top slice's top (position -40 mm), at -175 mm; its width on a slice follows from that.
    // On a small screen the doctor zooms in first (linked: both panes), for pixels worth measuring.
    while ((await h.state(page)).viewer.panes[1].toScreen[0] < 1.5) await h.press(page, '拡大');
    await h.waitFor(page, (st) => st.viewer.panes[0].zoom === st.viewer.panes[1].zoom);
    await chooseTool(page, '距離', 'length');
    const measure = async (p, diameter) => {
      if ((await h.state(page)).viewer.active !== p) {  // a first click chooses the pane
        const other = (await h.state(page)).viewer.panes[p];
        const [cx, cy] = onScreen(other, kNodule.x, kNodule.y + 20);  // inside the box, zoomed as it is
        await page.mouse.click(cx, cy);
        await h.waitFor(page, (st) => st.viewer.active === p);
      }
      const pane = (await h.state(page)).viewer.panes[p];
      const across = noduleAcross(diameter, pane.position + 175);
      const r = across / 2 / kNodule.mmPerPixel;
      await drag(page, onScreen(pane, kNodule.x - r, kNodule.y), onScreen(pane, kNodule.x + r, kNodule.y));
      const m = (await h.waitFor(page, (st) => st.viewer.panes[p].measurements.length === 1)).viewer.panes[p].measurements[0];
      assert.equal(m.unit, 'mm');
      assert.ok(Math.abs(m.value - across) < 1.0,
        `pane ${p}: ${m.value} mm measured, ${across.toFixed(1)} mm expected; from ${JSON.stringify(m.points)}, dragged over ${kNodule.x - r}..${kNodule.x + r}, view ${JSON.stringify(pane.toScreen)}`);
      return m.value;
    };
    const now = await measure(0, 14), before = await measure(1, 10);
    assert.ok(now > before + 3, `the nodule has grown: ${before.toFixed(1)} → ${now.toFixed(1)} mm`);
    assert.equal((await h.state(page)).viewer.panes[1].index, priorIndex, 'measuring moves no slice');
    // Linked W/L: a preset on the prior's pane (active after measuring it) applies to both.
    await h.press(page, '骨');
    s = await h.waitFor(page, (st) => st.viewer.panes[0].center === 400 && st.viewer.panes[1].center === 400);
    h.notBlank(await h.screenshot(page, `viewer-ct-prior-${viewport.width}x${viewport.height}`), 'the comparison');
    await h.press(page, '比較を終了');
    s = await h.waitFor(page, (st) => !st.viewer.comparing && st.viewer.panes[1].images === 0);
    assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
    await context.close();
  }
});

test('save as PNG: the server names the watermark, the view is saved with it burnt in', { timeout: 180000 }, async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  let s = await openCt(page);
  const download = page.waitForEvent('download');
  await h.press(page, 'PNG で保存');
  const file = await download;
  assert.match(file.suggestedFilename(), /^renkei-\d{4}-\d{2}-\d{2}-1\.png$/);
  const saved = path.join(os.tmpdir(), `renkei-export-${process.pid}.png`);
  await file.saveAs(saved);
  const png = fs.readFileSync(saved);
  fs.rmSync(saved);
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  s = await h.waitFor(page, (st) => st.viewer.exports === 1 && !st.viewer.exporting);
  assert.equal(png.readUInt32BE(16), s.viewer.exported[0], 'the PNG is the image box, as on screen');
  assert.equal(png.readUInt32BE(20), s.viewer.exported[1]);
  assert.ok(s.labels.includes('透かし入りで保存しました (記録されています)。'), JSON.stringify(s.labels));
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
  await context.close();
});

/// Touches through the DevTools protocol (Playwright's touchscreen taps only): `points` per step.
async function touch(page, steps) {
  const cdp = await page.context().newCDPSession(page);
  for (let k = 0; k < steps.length; ++k) {
    const type = k === 0 ? 'touchStart' : k === steps.length - 1 ? 'touchEnd' : 'touchMove';
    const touchPoints = type === 'touchEnd' ? [] : steps[k].map(([x, y], id) => ({ x, y, id }));
    await cdp.send('Input.dispatchTouchEvent', { type, touchPoints });
    await page.waitForTimeout(40);
  }
  await cdp.detach();
}

test('bedside mode on a tablet: one finger scrolls, two pinch or drag the window, leaving needs the PIN', { timeout: 240000 }, async () => {
  for (const viewport of [{ width: 768, height: 1024 }, { width: 1024, height: 768 }]) {
    const { context, page, problems } = await h.openApp(browser, server.url, { viewport, hasTouch: true, isMobile: true });
    let s = await openCt(page);
    await h.waitFor(page, (st) => st.viewer.arrived >= 60, 90000);
    await h.press(page, 'ベッドサイド表示');
    await h.typeInto(page, '暗証番号', '12');
    await h.press(page, '開始');
    s = await h.waitFor(page, (st) => st.labels.includes('暗証番号は4〜8桁の数字です。'));
    assert.equal(s.viewer.bedside, false);
    await h.typeInto(page, '暗証番号', '2468');
    await h.press(page, '開始');
    s = await h.waitFor(page, (st) => st.viewer.bedside && st.viewer.frameShown && st.labels.includes('終了'));
    assert.ok(!s.labels.includes('ログアウト') && !s.labels.includes('患者ページへ戻る') && !s.labels.includes('患者一覧'),
      `no way out but the PIN: ${JSON.stringify(s.labels)}`);
    // One finger down the image: further down the stack.
    const cx = viewport.width / 2, cy = viewport.height / 2;
    const before = s.viewer.index;
    await touch(page, [[[cx, cy - 100]], [[cx, cy - 40]], [[cx, cy + 20]], [[cx, cy + 80]], [[cx, cy + 80]]]);
    s = await h.waitFor(page, (st) => st.viewer.index > before + 3);
    // Two fingers apart: zoom in.
    await touch(page, [[[cx - 40, cy], [cx + 40, cy]], [[cx - 80, cy], [cx + 80, cy]], [[cx - 120, cy], [cx + 120, cy]], [[cx - 120, cy], [cx + 120, cy]]]);
    s = await h.waitFor(page, (st) => st.viewer.zoom > 2);
    // Two fingers side by side, their distance kept, to the right: a wider window, the zoom kept.
    await page.waitForTimeout(300);
    s = await h.state(page);
    const { zoom, width } = s.viewer;
    await touch(page, [[[cx - 120, cy], [cx + 120, cy]], [[cx - 100, cy], [cx + 140, cy]], [[cx - 60, cy], [cx + 180, cy]],
      [[cx - 20, cy], [cx + 220, cy]], [[cx - 20, cy], [cx + 220, cy]]]);
    s = await h.waitFor(page, (st) => st.viewer.width > width * 1.3);
    assert.ok(Math.abs(s.viewer.zoom - zoom) < zoom * 0.01, `the zoom stays: ${zoom} → ${s.viewer.zoom}`);
    await h.press(page, '肺野');
    s = await h.waitFor(page, (st) => st.viewer.center === -600 && st.viewer.frameShown);
    h.notBlank(await h.screenshot(page, `viewer-bedside-${viewport.width}x${viewport.height}`), 'bedside mode');
    // Leaving: a wrong PIN keeps the mode, the right one ends it.
    await h.press(page, '終了');
    await h.typeInto(page, '暗証番号', '1111');
    await h.press(page, '終了');
    s = await h.waitFor(page, (st) => st.labels.includes('暗証番号が違います。'));
    assert.equal(s.viewer.bedside, true);
    await h.typeInto(page, '暗証番号', '2468');
    await h.press(page, '終了');
    s = await h.waitFor(page, (st) => !st.viewer.bedside && st.labels.includes('患者ページへ戻る'));
    assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
    await context.close();
  }
});

test('a structured report from other software opens as its text, not as an image', { timeout: 120000 }, async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await h.typeInto(page, '利用者ID', 'dr-tanaka');
  await h.typeInto(page, 'パスワード', 'Renkei-clinic-2026');
  await page.keyboard.press('Enter');
  await h.waitFor(page, (st) => st.screen === 'home');
  await h.press(page, '患者一覧');
  await h.waitFor(page, (st) => st.screen === 'patients' && st.labels.includes('山田 太郎'));
  await h.press(page, '山田 太郎');
  let s = await h.waitFor(page, (st) => st.screen === 'patient' && st.labels.some((l) => l.startsWith('SR  1 ')));
  await h.press(page, s.labels.find((l) => l.startsWith('SR  1 ')));
  s = await h.waitFor(page, (st) => st.screen === 'viewer' && st.viewer.documents.length === 1 && !st.viewer.documents[0].loading, 30000);
  const doc = s.viewer.documents[0];
  assert.equal(doc.error, '');
  assert.ok(doc.title.length > 0 && doc.textLength > 200, JSON.stringify(doc));
  assert.equal(s.viewer.images, 0, 'nothing is rendered as an image');
  s = await h.waitFor(page, (st) => st.labels.includes(doc.title));
  h.notBlank(await h.screenshot(page, 'viewer-sr-text-1280x800'), 'the report text');
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
  await context.close();
});

test('a frame that does not decode says so in its place; the rest of the series shows, nothing crashes', { timeout: 120000 }, async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  let s = await h.openStudy(page, 'CT  4 画像');
  s = await h.waitFor(page, (st) => st.viewer.arrived === 4, 30000);
  assert.equal(s.viewer.frameErrors, 1, JSON.stringify(s.viewer));
  const damaged = s.viewer.frameErrorAt[0];
  assert.match(damaged.error, /RLE|segment|decod/i);
  // Through the whole series: the others show, the damaged one has its message; the app keeps running.
  for (const k of [0, 1, 2, 3, damaged.index]) {
    s = await wheelTo(page, s.viewer, k);
    s = await h.waitFor(page, (st) => st.viewer.index === k && (k === damaged.index ? !st.viewer.frameShown : st.viewer.frameShown));
    assert.equal(s.fault.count, 0, s.fault.text);
  }
  h.notBlank(await h.screenshot(page, 'viewer-damaged-frame-1280x800'), 'the viewer with a damaged frame');
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
  await context.close();
});

test('a multi-frame instance is a stack of its frames, played as a cine; the DXA shows its report with the BMD; a VOI LUT is applied', { timeout: 120000 }, async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await h.typeInto(page, '利用者ID', 'dr-tanaka');
  await h.typeInto(page, 'パスワード', 'Renkei-clinic-2026');
  await page.keyboard.press('Enter');
  await h.waitFor(page, (st) => st.screen === 'home');
  await h.press(page, '患者一覧');
  await h.waitFor(page, (st) => st.screen === 'patients' && st.labels.includes('山田 太郎'));
  await h.press(page, '山田 太郎');
  let s = await h.waitFor(page, (st) => st.screen === 'patient' && st.labels.some((l) => l.startsWith('OT  1 ')));
  await h.press(page, s.labels.find((l) => l.startsWith('OT  1 ')));
  s = await h.waitFor(page, (st) => st.screen === 'viewer' && st.viewer.images === 2 && st.viewer.arrived === 2, 30000);
  assert.equal(s.viewer.frameErrors, 0, JSON.stringify(s.viewer.frameErrorAt));
  await h.press(page, 'シネ再生');
  s = await h.waitFor(page, (st) => st.viewer.cine && st.viewer.index === 1);
  s = await h.waitFor(page, (st) => st.viewer.index === 0);  // round again
  await h.press(page, '停止');
  h.notBlank(await h.screenshot(page, 'viewer-multiframe-1280x800'), 'the multi-frame instance');
  // The bone density study: its result image, and beside it the report with the BMD values.
  await h.press(page, '患者ページへ戻る');
  s = await h.waitFor(page, (st) => st.screen === 'patient' && st.labels.some((l) => l.startsWith('BMD  1 ')));
  await h.press(page, s.labels.find((l) => l.startsWith('BMD  1 ')));
  s = await h.waitFor(page, (st) => st.screen === 'viewer' && st.viewer.frameShown && st.viewer.report.title === '骨密度測定 (DXA)', 30000);
  s = await h.waitFor(page, (st) => st.labels.some((l) => l.includes('BMD 0.812 g/cm2')));
  // 大腿骨頸部: 腿 and 頸 are outside the first font (the 2,999 common kanji); the second font is
  // fetched and the atlas rebuilt with them — nothing on screen falls back to '?'.
  assert.ok(s.labels.some((l) => l.includes('大腿骨頸部')), JSON.stringify(s.labels));
  s = await h.waitFor(page, (st) => st.glyphs.extraFont === 'here' && st.glyphs.missing.length === 0, 20000)
    .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify((await h.state(page)).glyphs)}`); });
  assert.ok(s.glyphs.extraSeen >= 2, JSON.stringify(s.glyphs));
  h.notBlank(await h.screenshot(page, 'viewer-dxa-1280x800'), 'the DXA study with its report');
  // The DX with its VOI LUT: shown through the LUT (no window in the file), until the doctor
  // chooses a window. Its ramp runs dark → bright left to right; the LUT turns it round.
  await h.press(page, '患者ページへ戻る');
  s = await h.waitFor(page, (st) => st.screen === 'patient' && st.labels.some((l) => l.startsWith('DX  1 ')));
  await h.press(page, s.labels.find((l) => l.startsWith('DX  1 ')));
  s = await h.waitFor(page, (st) => st.screen === 'viewer' && st.viewer.frameShown && st.viewer.voiLuts === 1, 30000);
  assert.equal(s.viewer.voiLut, 0);
  assert.ok(s.labels.includes('LUT BACKWARDS'), JSON.stringify(s.labels));
  const greyAt = async (st, name, x, y) => {
    const [sx, sy] = onScreen(st.viewer, x, y);
    const png = PNG.sync.read(fs.readFileSync((await h.screenshot(page, name)).file));
    const k = (Math.round(sy) * png.width + Math.round(sx)) * 4;
    return png.data[k];
  };
  const lutLeft = await greyAt(s, 'viewer-voi-lut-1280x800', 8, 64), lutRight = await greyAt(s, 'viewer-voi-lut-1280x800', 120, 64);
  assert.ok(lutLeft > 200 && lutRight < 55, `through the LUT: bright left (${lutLeft}), dark right (${lutRight})`);
  // The server's own pictures (thumbnail, /rendered) go through the LUT too.
  const thumb = PNG.sync.read(Buffer.from(await page.evaluate(async (study) => {
    const series = await (await fetch(`/dicomweb/studies/${study}/series`, { headers: { Accept: 'application/dicom+json' } })).json();
    const r = await fetch(`/dicomweb/studies/${study}/series/${series[0]['0020000E'].Value[0]}/thumbnail`, { headers: { Accept: 'image/png' } });
    return Array.from(new Uint8Array(await r.arrayBuffer()));
  }, s.viewer.study)));
  const thumbAt = (fx) => thumb.data[(Math.floor(thumb.height / 2) * thumb.width + Math.floor(thumb.width * fx)) * 4];
  assert.ok(thumbAt(0.05) > 200 && thumbAt(0.95) < 55, `the thumbnail through the LUT: ${thumbAt(0.05)} … ${thumbAt(0.95)}`);
  await h.press(page, '自動階調');
  s = await h.waitFor(page, (st) => st.viewer.voiLut === -1 && st.viewer.frameShown);
  const left = await greyAt(s, 'viewer-voi-window-1280x800', 8, 64), right = await greyAt(s, 'viewer-voi-window-1280x800', 120, 64);
  assert.ok(left < 55 && right > 200, `the linear window: dark left (${left}), bright right (${right})`);
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
  await context.close();
});
