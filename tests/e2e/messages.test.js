// SPDX-License-Identifier: MIT
// Secure messaging in the app against the real server (issue 14, R-MSG-1): on a tablet a clinic
// doctor asks the hospital's radiology a question about 山田 太郎 from his page, typing it in
// Japanese; at the desktop the radiologist sees it unread in the bar, opens it (the receipt reaches
// the doctor) and replies with a PNG key image and a 3 MB report PDF attached, sent over a link
// throttled to 1 MB/s so that the progress bar shows; the doctor sees the reply unread, reads it
// and the picture is shown in the thread. Screenshots at both sizes are artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { PNG } = require('pngjs');
const h = require('./harness');

let server, browser;
test.before(async () => {
  server = await h.startServer({ demo: true, args: ['--totp-required-roles', 'none'] });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const { notBlank, logIn } = h;
const expected = (problems) => problems.filter((p) => !/status of (401|403|404|409|422)/.test(p));

/// A small key image: grey with a bright disc (a nodule) in the middle.
function keyImage() {
  const png = new PNG({ width: 96, height: 96 });
  for (let y = 0; y < 96; ++y) for (let x = 0; x < 96; ++x) {
    const i = (y * 96 + x) * 4;
    const v = (x - 48) ** 2 + (y - 48) ** 2 < 100 ? 240 : 60 + ((x * 7 + y * 3) % 40);
    png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

test('a clinic doctor asks radiology about a patient; the radiologist replies with an image; both see unread and receipts', async () => {
  const subject = '胸部CTの結節について';
  // The clinic doctor, on a tablet, from the patient's page.
  const tab = await h.openApp(browser, server.url, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  let page = tab.page;
  await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');
  await h.press(page, '患者一覧');
  await h.waitFor(page, (st) => st.screen === 'patients' && st.labels.includes('山田 太郎'));
  await h.press(page, '山田 太郎');
  await h.waitFor(page, (st) => st.screen === 'patient' && !st.page.loading);
  await h.press(page, 'この患者について問い合わせ');
  let s = await h.waitFor(page, (st) => st.screen === 'inbox' && st.messaging.inbox.composing && !st.messaging.inbox.loading);
  const before = s.messaging.inbox.threads.length;
  // Radiology, the liaison office, and the hospital's doctors by name.
  await h.waitFor(page, (st) => ['放射線科', '医療連携室', '佐藤 健'].every((l) => st.labels.includes(l)));
  await h.typeInto(page, '件名', subject);
  await h.typeInto(page, '本文', '前回と比べて右上葉の結節は増大していますか？');
  notBlank(await h.screenshot(page, 'messages-compose-1024x768'), 'compose on a tablet');
  await h.press(page, '送信する');
  s = await h.waitFor(page, (st) => st.screen === 'thread' && !st.messaging.thread.loading && st.messaging.thread.messages.length === 1);
  const threadId = s.messaging.thread.id;
  assert.equal(s.messaging.thread.error, '');
  await h.press(page, 'ログアウト');
  await h.waitFor(page, (st) => st.screen === 'login');
  assert.deepEqual(expected(tab.problems), []);

  // The radiologist at the desktop: unread in the bar, the thread in the list.
  const desk = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  page = desk.page;
  await logIn(page, 'rad-sato', 'Renkei-staff-2026');
  s = await h.waitFor(page, (st) => st.messaging.unread >= 1 && st.labels.some((l) => /^未読 \d+$/.test(l)));
  await h.press(page, /^未読 \d+$/);
  s = await h.waitFor(page, (st) => st.screen === 'inbox' && !st.messaging.inbox.loading && st.messaging.inbox.threads.some((t) => t.id === threadId));
  const listed = s.messaging.inbox.threads.find((t) => t.id === threadId);
  assert.equal(listed.patient, 'P000101');
  assert.equal(listed.unread, 1);
  notBlank(await h.screenshot(page, 'messages-inbox-1280x800'), 'the radiologist\'s inbox');
  await h.press(page, subject);  // the row's subject is text; the row itself is its time
  s = await h.state(page);
  if (s.screen !== 'thread') {
    const row = s.messaging.inbox.threads.findIndex((t) => t.id === threadId);
    await h.press(page, /^\d{4}\/\d\d\/\d\d \d\d:\d\d$/, { nth: row });
  }
  s = await h.waitFor(page, (st) => st.screen === 'thread' && !st.messaging.thread.loading && st.messaging.thread.messages.length === 1);
  assert.ok(s.messaging.thread.messages[0].readBy >= 2, 'the radiologist\'s receipt is there');
  await h.typeInto(page, '返信', '1年前の10 mmから14 mmに増大しています。キー画像を添付します。');
  const attach = async (file) => {
    const chooser = page.waitForEvent('filechooser');
    await h.press(page, 'ファイルを添付');
    await (await chooser).setFiles(file);
  };
  await attach({ name: 'key-image.png', mimeType: 'image/png', buffer: keyImage() });
  s = await h.waitFor(page, (st) => st.messaging.thread.files === 1);
  // The report as a PDF of 3 MB, sent over a link throttled to 1 MB/s: the bar shows its progress.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 << 20, 0x20), Buffer.from('\n%%EOF\n')]);
  await attach({ name: '読影レポート.pdf', mimeType: 'application/pdf', buffer: pdf });
  s = await h.waitFor(page, (st) => st.messaging.thread.files === 2);
  const cdp = await desk.context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1 << 20 });
  await h.press(page, '送信する');
  s = await h.waitFor(page, (st) => st.messaging.thread.upload.file === 2 && st.messaging.thread.upload.sent > 0 &&
    st.messaging.thread.upload.sent < st.messaging.thread.upload.total, 30000);
  assert.equal(s.messaging.thread.upload.files, 2);
  s = await h.waitFor(page, (st) => st.labels.some((l) => l.startsWith('添付ファイルを送信しています（2/2）')));
  notBlank(await h.screenshot(page, 'messages-upload-1280x800'), 'the upload with its progress');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  s = await h.waitFor(page, (st) => !st.messaging.thread.loading && st.messaging.thread.messages.length === 2 && st.messaging.thread.notice !== '', 30000);
  assert.equal(s.messaging.thread.messages[1].attachments, 2);
  assert.equal(s.messaging.thread.upload.files, 0, 'the bar is gone when all went');
  assert.equal(s.messaging.thread.error, '');
  await h.press(page, 'ログアウト');
  await h.waitFor(page, (st) => st.screen === 'login');
  assert.deepEqual(expected(desk.problems), []);

  // Back at the clinic: the reply is unread; reading it shows the image and clears the count.
  const again = await h.openApp(browser, server.url, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  page = again.page;
  await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');
  s = await h.waitFor(page, (st) => st.messaging.unread >= 1);
  await h.press(page, 'メッセージ');
  s = await h.waitFor(page, (st) => st.screen === 'inbox' && !st.messaging.inbox.loading && st.messaging.inbox.threads.length === before + 1);
  assert.equal(s.messaging.inbox.threads.find((t) => t.id === threadId).unread, 1);
  const row = s.messaging.inbox.threads.findIndex((t) => t.id === threadId);
  await h.press(page, /^\d{4}\/\d\d\/\d\d \d\d:\d\d$/, { nth: row });
  s = await h.waitFor(page, (st) => st.screen === 'thread' && !st.messaging.thread.loading && st.messaging.thread.messages.length === 2);
  assert.ok(s.messaging.thread.messages[0].readBy >= 2, 'the doctor sees that the radiologist read the question');
  await h.press(page, '表示');
  s = await h.waitFor(page, (st) => st.messaging.thread.previews.some((p) => p.width === 96));
  s = await h.waitFor(page, (st) => st.messaging.unread === 0);
  notBlank(await h.screenshot(page, 'messages-thread-1024x768'), 'the thread with the reply and its image');
  assert.deepEqual(expected(again.problems), []);
});
