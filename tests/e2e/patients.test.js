// SPDX-License-Identifier: MIT
// Patients in the app against the real server with the demo records (issue 5, issue 7 §3/§5/§9;
// R-CON-2..4, R-DATA-1..4): a clinic doctor sees exactly the consented patients and only the data
// inside the consent period, opens the lab table, a trend and a report; a withdrawal by the office
// removes the patient while the doctor's session is open; log-out leaves no patient data in the
// app. Screenshots of each screen at desktop and tablet sizes are kept as artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const https = require('node:https');
const h = require('./harness');

let server, browser;
test.before(async () => {
  server = await h.startServer({ demo: true, images: true, args: ['--totp-required-roles', 'none'] });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/// A JSON API call from the test itself (the liaison office at another desk).
function api(method, path, { body, cookie, csrf } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json' };
    if (cookie) headers.Cookie = cookie;
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const req = https.request(new URL(path, server.url), { method, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null, headers: res.headers }));
    });
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

const { logIn } = h;

const { notBlank } = h;

test('a clinic doctor sees exactly the consented patients, in-scope labs, a trend and a report', async () => {
  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');
  await h.press(page, '患者一覧');
  let s = await h.waitFor(page, (st) => st.screen === 'patients' && !st.patients.loading && st.patients.rows.length > 0);
  // 鈴木 花子 (consent naming him) and 山田 太郎 (clinic consent), in kana order; never the withdrawn
  // 高橋 次郎, 伊藤 美咲 (no consent) or 渡辺 正 (another clinic).
  assert.deepEqual(s.patients.rows.map((r) => r.id), ['P000102', 'P000101']);
  assert.ok(s.patients.rows.every((r) => r.newItems > 0), 'never opened: everything is new');
  s = await h.waitFor(page, (st) => st.labels.includes('山田 太郎'));
  notBlank(await h.screenshot(page, 'patients-clinic-1280x800'), 'patient list');

  await h.press(page, '山田 太郎');
  s = await h.waitFor(page, (st) => st.screen === 'patient' && !st.page.loading && st.page.name === '山田 太郎');
  assert.ok(s.page.visibleFrom.length === 10, JSON.stringify(s.page));
  assert.ok(s.page.labTimes.length >= 4, 'the results inside the consent period are shown');
  for (const t of s.page.labTimes) assert.ok(t.slice(0, 10) >= s.page.visibleFrom, `${t} is before ${s.page.visibleFrom}`);
  assert.ok(s.page.labRows >= 9, 'one row per test');
  // The page opens on the timeline: lab reports and documents together, newest first.
  s = await h.waitFor(page, (st) => st.labels.some((l) => l.startsWith('同意書に基づき、')) && st.labels.includes('経過一覧') &&
    st.labels.some((l) => /^\d+ 項目（基準外 \d+）$/.test(l)));
  // Imaging studies join the timeline, inside the consent period only (the CT from 800 days ago is
  // before the look-back); the recent CT carries its report.
  s = await h.waitFor(page, (st) => !st.page.loading && st.page.studies.length > 0);
  assert.deepEqual(s.page.studies.map((x) => x.modalities).sort(), ['BMD', 'CR', 'CT', 'CT']);  // the CT now and a year ago
  for (const st of s.page.studies) assert.ok(st.date >= s.page.visibleFrom, `${st.date} is before ${s.page.visibleFrom}`);
  assert.equal(s.page.studies.find((x) => x.modalities === 'CT').reports, 1);
  s = await h.waitFor(page, (st) => st.labels.includes('CT  120 画像  —  胸部CT (経過観察)'));
  notBlank(await h.screenshot(page, 'patient-timeline-1280x800'), 'timeline');
  await h.press(page, '検査結果');
  s = await h.waitFor(page, (st) => st.page.tab === 'labs' && st.labels.includes('HbA1c(NGSP)') && st.labels.includes('4.9-6.0'));
  notBlank(await h.screenshot(page, 'patient-labs-1280x800'), 'lab table');

  await h.press(page, '経過グラフ');
  s = await h.waitFor(page, (st) => st.labels.includes('HbA1c(NGSP)'));
  const hba1c = s.page.trends.findIndex((t) => t.name === 'HbA1c(NGSP)');
  assert.ok(hba1c >= 0 && s.page.trends[hba1c].points >= 4, JSON.stringify(s.page.trends));
  await h.press(page, 'HbA1c(NGSP)');
  s = await h.waitFor(page, (st) => st.page.selectedTrend === hba1c && st.labels.includes('HbA1c(NGSP) (%)'));
  notBlank(await h.screenshot(page, 'patient-trend-1280x800'), 'trend plot');
  // Hover values: a pointer moved along the plot shows each point's date, value, unit and flag.
  const title = s.widgets.find((w) => w.text === 'HbA1c(NGSP) (%)');
  const seen = new Set();
  for (let x = title.x; x < 1270; x += 16) {
    await page.mouse.move(x, title.y + 230);
    const st = await h.state(page);
    for (const l of st.labels) if (/^\d{4}\/\d\d\/\d\d {2}\d+(\.\d+)? %( {2}[HL]{1,2})?$/.test(l)) seen.add(l);
  }
  assert.ok(seen.size >= 4, `hover values seen: ${JSON.stringify([...seen])}`);
  for (const l of seen) assert.ok(l.slice(0, 10).replace(/\//g, '-') >= s.page.visibleFrom, l);
  notBlank(await h.screenshot(page, 'patient-trend-hover-1280x800'), 'trend with a hover value');

  await h.press(page, 'レポート・文書');
  s = await h.waitFor(page, (st) => st.page.documents.length > 0);
  for (const d of s.page.documents) assert.ok(d.date >= s.page.visibleFrom, `${d.title} ${d.date} is outside`);
  assert.ok(!s.page.documents.some((d) => d.title === '胸部CT'), 'the CT from before the look-back is not listed');
  const ct = s.page.documents.find((d) => d.title === '胸部CT (経過観察)');
  assert.ok(ct, JSON.stringify(s.page.documents));
  await h.press(page, ct.date.replace(/-/g, '/'));
  s = await h.waitFor(page, (st) => st.page.document.title === '胸部CT (経過観察)' && st.labels.includes('所見'));
  assert.ok(s.labels.includes('増大傾向の結節。呼吸器内科での精査 (PET-CT、生検) を推奨。'), JSON.stringify(s.labels));
  notBlank(await h.screenshot(page, 'document-1280x800'), 'report reader');
  // The discharge summary: the same reader, its own fields with their labels from the kinds table.
  await h.press(page, '閉じる');
  const ds = s.page.documents.find((d) => d.title === '退院時サマリー (市中肺炎)');
  assert.ok(ds, JSON.stringify(s.page.documents));
  await h.press(page, ds.date.replace(/-/g, '/'));
  s = await h.waitFor(page, (st) => st.page.document.title === '退院時サマリー (市中肺炎)' && st.labels.includes('入院経過'));
  assert.ok(s.labels.includes('退院時処方') && s.labels.includes('今後の方針・依頼事項'), JSON.stringify(s.labels));
  assert.ok(s.labels.includes('2週間後に貴院で胸部聴診と血液検査をお願いします。'));
  notBlank(await h.screenshot(page, 'discharge-summary-1280x800'), 'discharge summary');

  // The office withdraws 山田 太郎's consent while Dr 田中 is looking at him.
  const office = await api('POST', '/api/v1/session', { body: { user: 'office-yamada', password: 'Renkei-office-2026' } });
  assert.equal(office.status, 200);
  const auth = { cookie: office.headers['set-cookie'][0].split(';')[0], csrf: office.body.csrf_token };
  const consents = await api('GET', '/api/v1/admin/consents?patient=P000101', auth);
  const withdrawal = await api('POST', `/api/v1/admin/consents/${consents.body.consents[0].id}/withdrawal`,
    { ...auth, body: { reason: '患者さんの申し出 (e2e)' } });
  assert.equal(withdrawal.status, 200);
  await h.press(page, '患者一覧へ戻る');
  s = await h.waitFor(page, (st) => st.screen === 'patients' && !st.patients.loading && st.patients.rows.length > 0);
  assert.deepEqual(s.patients.rows.map((r) => r.id), ['P000102']);

  await h.press(page, 'ログアウト');
  s = await h.waitFor(page, (st) => st.screen === 'login');
  assert.equal(s.patients.rows.length, 0, 'no patient left in memory');
  assert.equal(s.page.id, '');
  assert.equal(s.page.labTimes.length, 0);
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
});

test('hospital staff on a portrait tablet: every patient, the trend stacked under its list', async () => {
  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 768, height: 1024 }, hasTouch: true });
  await logIn(page, 'rad-sato', 'Renkei-staff-2026');
  await h.press(page, '患者一覧');
  let s = await h.waitFor(page, (st) => st.screen === 'patients' && !st.patients.loading && st.patients.rows.length > 0);
  assert.equal(s.patients.rows.length, 5);
  s = await h.waitFor(page, (st) => st.labels.includes('伊藤 美咲'));
  // Rows are finger-sized.
  const row = s.widgets.find((w) => w.text === '伊藤 美咲');
  assert.ok(row.h >= 44, JSON.stringify(row));
  notBlank(await h.screenshot(page, 'patients-staff-768x1024'), 'patient list on a tablet');
  // Search in hiragana finds the katakana reading.
  await h.typeInto(page, '氏名（漢字・かな）、患者ID、生年月日', 'すずき');
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => !st.patients.loading && st.patients.rows.length === 1);
  assert.equal(s.patients.rows[0].id, 'P000102');
  // A birth date as a doctor types it finds 山田 太郎.
  const query = '氏名（漢字・かな）、患者ID、生年月日';
  await h.typeInto(page, query, '1948/05/12', { replace: true });
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => !st.patients.loading && st.patients.rows.length === 1 && st.patients.rows[0].id === 'P000101');
  await h.typeInto(page, query, 'すずき', { replace: true });
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => !st.patients.loading && st.patients.rows.length === 1 && st.patients.rows[0].id === 'P000102');
  s = await h.waitFor(page, (st) => st.labels.includes('鈴木 花子'));
  await h.press(page, '鈴木 花子');
  s = await h.waitFor(page, (st) => st.screen === 'patient' && !st.page.loading && st.page.name === '鈴木 花子');
  assert.equal(s.page.visibleFrom, '', 'staff are not limited by consent');
  // A finger drags the long timeline up, starting on a row: the page scrolls, nothing opens.
  s = await h.waitFor(page, (st) => st.labels.includes('経過一覧') && st.widgets.filter((w) => /^\d{4}\/\d\d\/\d\d$/.test(w.text)).length > 10);
  const firstRow = (st) => st.widgets.find((w) => /^\d{4}\/\d\d\/\d\d$/.test(w.text));
  const before = firstRow(s);
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: 380, y }] });
  await touch('touchStart', 900);
  for (let y = 880; y >= 400; y -= 40) await touch('touchMove', y);
  await touch('touchEnd', 400);
  s = await h.waitFor(page, (st) => firstRow(st) && firstRow(st).y < before.y - 200);
  assert.equal(s.page.tab, 'timeline', 'the drag opened nothing');
  assert.equal(s.page.document.id, 0);
  notBlank(await h.screenshot(page, 'patient-timeline-scrolled-768x1024'), 'scrolled timeline');
  await h.press(page, '経過グラフ');
  s = await h.waitFor(page, (st) => st.page.trends.length > 0 && st.labels.includes('LDLコレステロール'));
  const ldl = s.page.trends.findIndex((t) => t.name === 'LDLコレステロール');
  assert.ok(s.page.trends[ldl].points >= 12, 'monthly lipids for a year and more');
  await h.press(page, 'LDLコレステロール');
  s = await h.waitFor(page, (st) => st.page.selectedTrend === ldl && st.labels.some((l) => l.startsWith('LDLコレステロール (')));
  notBlank(await h.screenshot(page, 'patient-trend-staff-768x1024'), 'trend on a tablet');
  // English from the bar, on any screen; the choice outlives a reload.
  await h.press(page, 'English');
  s = await h.waitFor(page, (st) => st.labels.includes('Trends') && st.labels.includes('Back to the list'));
  notBlank(await h.screenshot(page, 'patient-trend-staff-en-768x1024'), 'trend in English');
  await page.reload();
  s = await h.waitFor(page, (st) => st.frames > 3 && st.labels.includes('Log in'));
  assert.equal(s.screen, 'login', 'a reload ends the app session');
  assert.deepEqual(problems.filter((p) => !/status of (401|403|404)/.test(p)), []);
});
