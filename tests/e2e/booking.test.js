// SPDX-License-Identifier: MIT
// Booking in the app against the real server with the demo data (issue 12; R-BOOK-1..4): on a
// tablet a clinic doctor books a contrast CT for 山田 太郎 (his latest eGFR prefilled from the labs)
// and an MRI for 鈴木 花子, whose pacemaker the checklist blocks until its MR-conditional status is
// confirmed; at the desktop the hospital's staff confirm the CT with an arrival time and decline the
// MRI with a reason, and read the referral letter; back at the clinic both changes are marked new
// and the instruction sheet for the patient prints in Japanese. Screenshots at tablet and desktop
// size are artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

let server, browser;
const booked = {};  // the first test's bookings, for the second
test.before(async () => {
  server = await h.startServer({ demo: true, args: ['--totp-required-roles', 'none'] });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const { notBlank } = h;
const expected = (problems) => problems.filter((p) => !/status of (401|403|404|409|422)/.test(p));
const TIME = /^\d\d:\d\d$/;

/// A printable page is mostly white paper: it must still carry text (anti-aliased glyphs).
function printed(shot, what) {
  if (!(shot.distinctColours > 20 && shot.nonBackgroundFraction > 0.01)) throw new Error(`${what} looks empty: ${JSON.stringify(shot)}`);
}

const { logIn } = h;

async function logOut(page) {
  await h.press(page, 'ログアウト');
  await h.waitFor(page, (st) => st.screen === 'login');
}

/// From home to the patient's page and on to a new exam request for them.
async function startBooking(page, name) {
  await h.press(page, '患者一覧');
  await h.waitFor(page, (st) => st.screen === 'patients' && st.labels.includes(name));
  await h.press(page, name);
  await h.waitFor(page, (st) => st.screen === 'patient' && !st.page.loading);
  await h.press(page, '検査を予約');
  return h.waitFor(page, (st) => st.screen === 'booking' && !st.booking.loading && st.labels.includes('装置と検査'));
}

/// On the tablet's day list: the next day with free times, then its first time.
async function chooseFirstFreeTime(page) {
  let s = await h.waitFor(page, (st) => !st.booking.slotsLoading);
  for (let i = 0; i < 14 && !s.widgets.some((w) => TIME.test(w.text)); ++i) {
    await h.press(page, '次の日');
    s = await h.waitFor(page, (st) => !st.booking.slotsLoading);
  }
  await h.press(page, TIME);
  return h.waitFor(page, (st) => st.booking.chosen !== null);
}

async function fillOrder(page, { bodyPart, purpose, question }) {
  await h.typeInto(page, '検査部位', bodyPart);
  await h.typeInto(page, '検査目的', purpose);
  await h.typeInto(page, '臨床的な疑問（知りたいこと）', question);
  await h.typeInto(page, '身長（cm）', '160');
  await h.typeInto(page, '体重（kg）', '58');
}

test('a clinic doctor books a contrast CT and an MRI on a tablet; the checklist blocks a pacemaker until it is MR-conditional', async () => {
  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');

  // A contrast CT for 山田 太郎: his eGFR from last week's labs fills the checklist.
  await startBooking(page, '山田 太郎');
  await h.press(page, '腹部CT (造影)');
  let s = await h.waitFor(page, (st) => st.booking.exam === 'CT-ABD-C' && !st.booking.slotsLoading);
  assert.equal(s.booking.equipment, 'CT1');
  assert.ok(s.booking.slots > 0, 'free times offered');
  assert.match(s.booking.egfr, /^\d+(\.\d+)?$/, 'eGFR prefilled from the labs');
  await h.waitFor(page, (st) => st.labels.some((l) => l.startsWith('検査結果から入力しました')));
  s = await chooseFirstFreeTime(page);
  const ctSlot = s.booking.chosen;
  await fillOrder(page, { bodyPart: '腹部', purpose: '肝腫瘤の精査', question: '肝S6の腫瘤は血管腫か' });
  // Contrast reaction, asthma, metformin, pregnancy: no.
  for (let k = 0; k < 4; ++k) await h.press(page, 'いいえ', { nth: k });
  s = await h.waitFor(page, (st) => st.labels.includes('安全確認: 問題はありません。'));
  notBlank(await h.screenshot(page, 'booking-ct-order-1024x768'), 'CT order on a tablet');
  await h.press(page, '予約を申し込む');
  s = await h.waitFor(page, (st) => st.booking.bookedId > 0 || st.booking.sendError !== '');
  assert.equal(s.booking.sendError, '');
  const ctId = s.booking.bookedId;
  await h.waitFor(page, (st) => st.labels.includes('予約を申し込みました。病院の確認をお待ちください。'));  // drawn a frame later

  // An MRI for 鈴木 花子, who has a pacemaker.
  await h.press(page, '予約一覧へ');
  await h.waitFor(page, (st) => st.screen === 'bookings' && st.bookings.rows.some((r) => r.id === ctId));
  await h.press(page, '戻る');
  await h.waitFor(page, (st) => st.screen === 'home');
  await startBooking(page, '鈴木 花子');
  await h.press(page, '頭部MRI');
  s = await h.waitFor(page, (st) => st.booking.exam === 'MRI-HEAD' && !st.booking.slotsLoading);
  assert.equal(s.booking.egfr, '', 'no contrast: no eGFR asked');
  s = await chooseFirstFreeTime(page);
  await fillOrder(page, { bodyPart: '頭部', purpose: 'めまいの精査', question: '小脳梗塞の有無' });
  // Pregnancy no; pacemaker YES; cochlear implant, neurostimulator, other implant no.
  await h.press(page, 'いいえ', { nth: 0 });
  await h.press(page, 'はい', { nth: 1 });
  for (let k = 2; k <= 4; ++k) await h.press(page, 'いいえ', { nth: k });
  // The MR-conditional question has appeared after the devices; then metal, claustrophobia, tattoos: no.
  s = await h.waitFor(page, (st) => st.labels.includes('上の機器は条件付きMRI対応と確認済み'));
  for (let k = 6; k <= 8; ++k) await h.press(page, 'いいえ', { nth: k });
  await h.press(page, 'いいえ', { nth: 5 });  // not confirmed MR-conditional
  s = await h.waitFor(page, (st) => st.labels.includes('このままでは申し込めません。'));
  assert.ok(s.labels.some((l) => l.includes('条件付き MRI 対応であることの確認がないため MRI は受けられません')), s.labels.join('|'));
  notBlank(await h.screenshot(page, 'booking-mri-blocked-1024x768'), 'blocked MRI order');
  // The send button does nothing while the checklist blocks.
  await h.press(page, '予約を申し込む');
  await page.waitForTimeout(300);
  s = await h.state(page);
  assert.equal(s.booking.bookedId, 0);
  assert.equal(s.booking.busy, false);
  // Confirmed MR-conditional: a warning, and the request can go.
  await h.press(page, 'はい', { nth: 5 });
  s = await h.waitFor(page, (st) => st.labels.includes('注意事項があります（申し込みはできます）。'));
  await h.press(page, '至急');
  await h.press(page, '予約を申し込む');
  s = await h.waitFor(page, (st) => st.booking.bookedId > 0 || st.booking.sendError !== '');
  assert.equal(s.booking.sendError, '');
  const mriId = s.booking.bookedId;

  await h.press(page, '予約一覧へ');
  s = await h.waitFor(page, (st) => st.screen === 'bookings' && st.bookings.rows.some((r) => r.id === mriId));
  for (const id of [ctId, mriId]) {
    const row = s.bookings.rows.find((r) => r.id === id);
    assert.equal(row.state, 'requested');
    assert.equal(row.status, 'pending');  // FHIR Appointment's name
  }
  notBlank(await h.screenshot(page, 'booking-list-clinic-1024x768'), 'the clinic\'s bookings');
  await logOut(page);
  assert.deepEqual(expected(problems), []);
  Object.assign(booked, { ctId, mriId, ctSlot });
});

test('hospital staff confirm the CT and decline the MRI; the clinic sees both marked new and prints the instruction sheet', async () => {
  const { ctId, mriId } = booked;
  assert.ok(ctId && mriId, 'the booking test ran first');
  const desk = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  let page = desk.page;
  await logIn(page, 'rad-sato', 'Renkei-staff-2026');
  await h.press(page, '予約申込の受付');
  let s = await h.waitFor(page, (st) => st.screen === 'bookings' && st.bookings.queue && !st.bookings.loading);
  const queue = s.bookings.rows.map((r) => r.id);
  assert.ok(queue.includes(ctId) && queue.includes(mriId), JSON.stringify(s.bookings.rows));
  assert.ok(s.bookings.rows.every((r) => r.state === 'requested'));
  // The urgent MRI is first in the queue.
  assert.equal(s.bookings.rows[0].urgency, 'urgent');

  const rowLabel = (r) => new RegExp(`^\\d+/${r.date.slice(8)}（.） ${r.start}$`);
  const open = async (id) => {
    const st = await h.state(page);
    const r = st.bookings.rows.find((x) => x.id === id);
    await h.press(page, rowLabel(r), { nth: st.bookings.rows.filter((x) => x.start === r.start && x.date === r.date).findIndex((x) => x.id === id) });
    return h.waitFor(page, (x) => x.bookings.selected === id && x.bookings.detail !== '');
  };
  // Confirm the CT with the arrival time the app proposes (15 minutes before).
  s = await open(ctId);
  s = await h.waitFor(page, (st) => st.labels.includes('予約を確定する'));
  notBlank(await h.screenshot(page, 'booking-queue-1280x800'), 'the staff queue');
  // The referral letter opens as a page of its own.
  const [letter] = await Promise.all([desk.context.waitForEvent('page'), h.press(page, '紹介状（診療情報提供書）')]);
  await letter.waitForLoadState();
  const letterText = await letter.textContent('body');
  assert.match(letterText, /診療情報提供書/);
  assert.match(letterText, /肝S6の腫瘤は血管腫か/);
  printed(await h.pageShot(letter, 'booking-referral-letter'), 'the referral letter');
  await letter.close();
  await h.press(page, '予約を確定する');
  s = await h.waitFor(page, (st) => st.bookings.detail === 'confirmed' || st.bookings.error !== '');
  assert.equal(s.bookings.error, '');
  // Decline the MRI, with a reason.
  await h.press(page, 'すべての予約');
  s = await h.waitFor(page, (st) => !st.bookings.queue && !st.bookings.loading && st.bookings.rows.some((r) => r.id === mriId));
  s = await open(mriId);
  await h.press(page, 'お断りする');
  await h.press(page, '実行する');
  s = await h.waitFor(page, (st) => st.bookings.error === '理由を入力してください。');
  await h.typeInto(page, '理由', 'ペースメーカーの機種確認が必要なため、お電話ください');
  await h.press(page, '実行する');
  s = await h.waitFor(page, (st) => st.bookings.detail === 'rejected');
  notBlank(await h.screenshot(page, 'booking-declined-1280x800'), 'declined MRI');
  await logOut(page);
  assert.deepEqual(expected(desk.problems), []);

  // The clinic: both changes are new; opening one is seeing it; the sheet prints for the patient.
  const tab = await h.openApp(browser, server.url, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  page = tab.page;
  await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');
  await h.press(page, '検査予約');
  s = await h.waitFor(page, (st) => st.screen === 'bookings' && !st.bookings.loading && st.bookings.rows.length >= 2);
  const ct = s.bookings.rows.find((r) => r.id === ctId), mri = s.bookings.rows.find((r) => r.id === mriId);
  assert.equal(ct.state, 'confirmed');
  assert.equal(ct.status, 'booked');
  assert.equal(mri.state, 'rejected');
  assert.equal(mri.status, 'cancelled');
  assert.ok(ct.isNew && mri.isNew, 'changes by the hospital are marked new');
  notBlank(await h.screenshot(page, 'booking-list-new-1024x768'), 'bookings marked new');
  s = await open(ctId);
  s = await h.waitFor(page, (st) => !st.bookings.rows.find((r) => r.id === ctId).isNew);
  s = await h.waitFor(page, (st) => st.labels.some((l) => l.startsWith('確定')));
  const [sheet] = await Promise.all([tab.context.waitForEvent('page'), h.press(page, '患者さん向け案内を印刷')]);
  await sheet.waitForLoadState();
  const sheetText = await sheet.textContent('body');
  assert.match(sheetText, /検査のご案内/);
  assert.match(sheetText, /保険証/);
  assert.match(sheetText, /山田/);
  printed(await h.pageShot(sheet, 'booking-instruction-sheet'), 'the instruction sheet');
  await sheet.close();
  // After the session reloads, the CT is no longer new.
  await h.press(page, '再読み込み');
  s = await h.waitFor(page, (st) => !st.bookings.loading && st.bookings.rows.some((r) => r.id === ctId && !r.isNew));
  assert.ok(s.bookings.rows.find((r) => r.id === mriId).isNew, 'the unopened one stays new');
  assert.deepEqual(expected(tab.problems), []);
});

test('the office closes CT 1 for a day: the confirmed CT on it is flagged, not dropped, and the horizon is set', async () => {
  const { ctId, ctSlot } = booked;
  assert.ok(ctId, 'the booking tests ran first');
  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await logIn(page, 'office-yamada', 'Renkei-office-2026');
  await h.press(page, '装置・予約枠');
  let s = await h.waitFor(page, (st) => st.screen === 'schedule' && !st.schedule.loading && st.schedule.scanners.length === 5);
  assert.ok(s.schedule.scanners.every((e) => e.hours > 0), JSON.stringify(s.schedule.scanners));
  // CT 1's booking horizon: 30 days ahead instead of 60.
  await h.press(page, 'CT 1号機');
  s = await h.waitFor(page, (st) => st.schedule.selected === 'CT1');
  await h.typeInto(page, '予約できる期間（日先まで）', '30', { replace: true });
  await h.press(page, '保存する');
  s = await h.waitFor(page, (st) => st.schedule.notice === '装置の設定を保存しました。' || st.schedule.error !== '');
  assert.equal(s.schedule.error, '');
  s = await h.waitFor(page, (st) => st.schedule.scanners.find((e) => e.id === 'CT1').bookAheadDays === 30);
  // Saturday mornings for CT 1 (clinics may book them; nothing kept back).
  await h.typeInto(page, 'open-Sat', '9:00〜12:00');
  await h.press(page, '受付時間を保存');
  s = await h.waitFor(page, (st) => st.schedule.notice.startsWith('受付時間を保存しました') || st.schedule.error !== '');
  assert.equal(s.schedule.error, '');
  assert.equal(s.schedule.notice, '受付時間を保存しました。合わなくなった予約 0 件に要確認の印を付けました。');
  s = await h.waitFor(page, (st) => st.schedule.scanners.find((e) => e.id === 'CT1').hours === 11);
  // Maintenance on the day of the confirmed CT.
  await h.press(page, 'CT 1号機', { nth: -1 });  // the closure's scanner: the last "CT 1号機" on screen, its toggle
  await h.typeInto(page, '日付（YYYY-MM-DD）', ctSlot.date);
  await h.typeInto(page, '理由（保守点検など）', '定期保守点検');
  await h.press(page, '休止を登録');
  s = await h.waitFor(page, (st) => st.schedule.notice.startsWith('休止を登録しました') || st.schedule.error !== '');
  assert.equal(s.schedule.error, '');
  assert.equal(s.schedule.notice, '休止を登録しました。重なる予約 1 件に要確認の印を付けました。');
  s = await h.waitFor(page, (st) => st.schedule.closures.some((c) => c.date === ctSlot.date && c.equipment === 'CT1'));
  notBlank(await h.screenshot(page, 'booking-schedule-1280x800'), 'the office\'s scanners');
  assert.deepEqual(expected(problems), []);
  // The booking stays confirmed, flagged for the office to call the clinic.
  const r = await page.evaluate(async (id) => (await fetch(`/api/v1/bookings/${id}`)).json(), ctId);
  assert.equal(r.booking.state, 'confirmed');
  assert.match(r.booking.flagged, /定期保守点検/);
});

test('at the desktop the free times are a week of hours by days; a cell opens its times', async () => {
  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');
  await startBooking(page, '山田 太郎');
  await h.press(page, '胸部CT (単純)');
  let s = await h.waitFor(page, (st) => st.booking.exam === 'CT-CHEST' && !st.booking.slotsLoading && st.labels.includes('前の週'));
  // The first week with free times (clinics book from tomorrow on, weekdays).
  for (let i = 0; i < 3 && !s.widgets.some((w) => /^空き \d+$/.test(w.text)); ++i) {
    await h.press(page, '次の週');
    s = await h.waitFor(page, (st) => !st.booking.slotsLoading);
  }
  await h.press(page, /^空き \d+$/);
  s = await h.waitFor(page, (st) => st.widgets.some((w) => TIME.test(w.text) && w.h >= 44));
  const times = s.widgets.filter((w) => TIME.test(w.text) && w.h >= 44);  // the buttons, not the hour column
  assert.ok(times.length >= 1 && times.length <= 6, JSON.stringify(times));  // one hour of 10-minute exams
  await h.press(page, times[times.length - 1].text);
  s = await h.waitFor(page, (st) => st.booking.chosen !== null);
  assert.equal(s.booking.chosen.start, times[times.length - 1].text);
  notBlank(await h.screenshot(page, 'booking-week-1280x800'), 'the week view');
  assert.deepEqual(expected(problems), []);
});
