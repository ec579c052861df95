// SPDX-License-Identifier: MIT
// The liaison office in the app against the real server with the demo data (issue 7 §4/§9;
// R-ACC-1..4, R-CON-1, R-AUD-3, R-PW-4): the office registers a clinic doctor (typing the name in
// Japanese), records a consent for a patient with the scanned form chosen in the browser's file
// chooser, searches the audit log and exports it as CSV; the new doctor then logs in with the
// temporary password, must change it, and sees exactly the patients whose consents cover him. The office
// revokes a person and the app shows it. Instances sent without a usable Patient ID wait in the
// office's queue of held studies: the office files one under a registered patient after comparing
// it with what the images say, and discards another with a reason (issue 11 §10, R-DATA-1, R-AUD-1).
// Screenshots at desktop and tablet sizes are artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
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

const { notBlank } = h;
const expected = (problems) => problems.filter((p) => !/status of (401|403|404|409|422)/.test(p));

/// Today in the hospital's time zone (JST), YYYY-MM-DD.
const todayJst = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

/// A small PNG "scan" of a signed form: a white page with a dark signature stroke.
function scanPng() {
  const png = new PNG({ width: 120, height: 160 });
  for (let y = 0; y < 160; ++y) for (let x = 0; x < 120; ++x) {
    const i = (y * 120 + x) * 4;
    const ink = Math.abs(y - 120 - Math.round(8 * Math.sin(x / 9))) < 2 && x > 20 && x < 100;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = ink ? 20 : 250;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/// Back to the home screen from a page reached from it, and wait until its buttons are there.
async function goHome(page) {
  await h.press(page, '戻る');
  await h.waitFor(page, (st) => st.screen === 'home' && st.labels.includes('監査ログ'));
}

const { logIn } = h;

test('the office registers a doctor, records a consent with its scan, reads and exports the audit log', async () => {
  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  await logIn(page, 'office-yamada', 'Renkei-office-2026');
  let s = await h.waitFor(page, (st) => st.labels.includes('施設・利用者') && st.labels.includes('監査ログ'));
  notBlank(await h.screenshot(page, 'office-home-1920x1080'), 'office home');

  // Facilities and users: the demo clinics are listed; たなか内科クリニック's users show.
  await h.press(page, '施設・利用者');
  s = await h.waitFor(page, (st) => st.screen === 'facilities' && !st.office.loading && st.office.users.length > 0);
  assert.ok(s.office.facilities.some((f) => f.id === 'clinic-tanaka'), JSON.stringify(s.office.facilities));
  await h.press(page, 'たなか内科クリニック');
  s = await h.waitFor(page, (st) => st.office.selectedFacility === 'clinic-tanaka' && st.labels.includes('dr-tanaka'));
  notBlank(await h.screenshot(page, 'office-facilities-1920x1080'), 'facilities and users');

  // Register 加藤 直子 at the clinic. The temporary password is read from the server's answer the
  // way the office reads it from the screen.
  await h.press(page, '利用者を登録する');
  await h.waitFor(page, (st) => st.widgets.some((w) => w.text === '新しい利用者ID（個人ごと）' && w.input));
  // A date typed wrong is refused before anything is sent.
  await h.typeInto(page, '新しい利用者ID（個人ごと）', 'dr-kato');
  await h.typeInto(page, '氏名（利用者）', '加藤 直子');
  await h.typeInto(page, '医籍登録番号（医師）', 'MD-400123');
  await h.typeInto(page, '研修受講日', '2026/12/01');
  await h.press(page, 'この内容で利用者を登録');
  s = await h.waitFor(page, (st) => st.office.userFormError.includes('YYYY-MM-DD'));
  assert.ok(!s.office.users.some((u) => u.id === 'dr-kato'));
  await h.typeInto(page, '研修受講日', todayJst(), { replace: true });
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/users') && r.request().method() === 'POST');
  await h.press(page, 'この内容で利用者を登録');
  const registered = await (await answer).json();
  assert.equal(registered.id, 'dr-kato');
  assert.equal(registered.name, '加藤 直子', 'Japanese typed into the app arrives as UTF-8');
  const temporary = registered.temporary_password;
  assert.ok(temporary.length >= 12);
  s = await h.waitFor(page, (st) => st.office.temporaryShown && st.office.users.some((u) => u.id === 'dr-kato'));
  const kato = s.office.users.find((u) => u.id === 'dr-kato');
  assert.deepEqual([kato.facility, kato.role, kato.status, kato.training], ['clinic-tanaka', 'clinic', 'active', todayJst()]);
  assert.ok(s.labels.includes(temporary), 'the temporary password is on screen once');
  notBlank(await h.screenshot(page, 'office-user-registered-1920x1080'), 'registered user');
  await h.press(page, '本人に伝えました。閉じる');
  s = await h.waitFor(page, (st) => !st.office.temporaryShown && !st.labels.includes(temporary));

  // A consent for 伊藤 美咲 (no consent so far) naming Dr 加藤, with the scan from the file chooser.
  await goHome(page);
  await h.press(page, '患者一覧');
  s = await h.waitFor(page, (st) => st.screen === 'patients' && !st.patients.loading && st.labels.includes('伊藤 美咲'));
  await h.press(page, '伊藤 美咲');
  s = await h.waitFor(page, (st) => st.screen === 'patient' && !st.consents.loading && st.labels.includes('この内容で同意書を登録'));
  assert.equal(s.consents.rows.length, 0);
  assert.ok(!s.labels.includes('検査結果'), 'the office sees no clinical tabs');
  await h.press(page, '医師');
  await h.typeInto(page, '医師の利用者ID', 'dr-kato');
  await h.typeInto(page, '同意書の署名日（YYYY-MM-DD）', todayJst());
  const chooser = page.waitForEvent('filechooser');
  await h.press(page, 'スキャンを選ぶ…');
  const scan = scanPng();
  await (await chooser).setFiles({ name: 'ito-consent.png', mimeType: 'image/png', buffer: scan });
  s = await h.waitFor(page, (st) => st.consents.scanBytes === scan.length);
  assert.equal(s.consents.scanName, 'ito-consent.png');
  await h.press(page, 'この内容で同意書を登録');
  s = await h.waitFor(page, (st) => !st.consents.busy && st.consents.rows.length === 1);
  assert.deepEqual([s.consents.rows[0].grantee, s.consents.rows[0].signedOn], ['dr-kato', todayJst()]);
  assert.match(s.consents.notice, /dr-kato/);
  notBlank(await h.screenshot(page, 'office-consents-1920x1080'), 'consent panel');
  // The stored scan is the very file chosen.
  const stored = await page.evaluate(async (id) => {
    const r = await fetch(`/api/v1/admin/consents/${id}/scan`);
    return { status: r.status, bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
  }, s.consents.rows[0].id);
  assert.equal(stored.status, 200);
  assert.deepEqual(Buffer.from(stored.bytes), scan);

  // The audit log: what the office just did, searched, paged and exported.
  await h.press(page, '患者一覧へ戻る');
  await h.waitFor(page, (st) => st.screen === 'patients' && !st.patients.loading && st.labels.includes('伊藤 美咲'));
  await goHome(page);
  // Enough records for two pages: every request is audited, reads included (R-AUD-1).
  await page.evaluate(async () => { for (let i = 0; i < 60; ++i) await fetch('/api/v1/session'); });
  const total = await page.evaluate(async () => (await (await fetch('/api/v1/audit?limit=1000')).json()).records.length);
  assert.ok(total > 60 && total < 100, `${total} records`);
  await h.press(page, '監査ログ');
  s = await h.waitFor(page, (st) => st.screen === 'audit' && !st.audit.loading && st.audit.records.length > 0);
  assert.equal(s.audit.records.length, 50, 'a full first page');
  assert.ok(s.audit.more);
  const newest = s.audit.records[0].seq;
  await h.press(page, '次のページ');
  s = await h.waitFor(page, (st) => !st.audit.loading && st.audit.offset === 50);
  // The searches and the alert list were audited meanwhile: the second page holds what was left
  // of `total`, plus at most those three records.
  assert.ok(s.audit.records.length >= total - 50 && s.audit.records.length <= total - 47, `${s.audit.records.length} of ${total}`);
  // Offsets count from the newest record at each request: the records audited between the two
  // pages (at most those three) shift the second page by as many.
  assert.ok(s.audit.records[0].seq <= newest - 47, `page 2 starts at ${s.audit.records[0].seq}, page 1 at ${newest}`);
  assert.ok(!s.audit.more);
  notBlank(await h.screenshot(page, 'office-audit-page2-1920x1080'), 'audit log, second page');
  await h.press(page, '前のページ');
  s = await h.waitFor(page, (st) => !st.audit.loading && st.audit.offset === 0 && st.audit.records.length === 50);
  await h.typeInto(page, '患者ID', 'P000104');
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => !st.audit.loading && st.audit.records.length > 0 && st.audit.records.every((r) => r.patient === 'P000104'));
  assert.ok(s.audit.records.some((r) => r.action === 'consent.record' && r.user === 'office-yamada' && r.outcome === 'allowed'),
    JSON.stringify(s.audit.records));
  notBlank(await h.screenshot(page, 'office-audit-1920x1080'), 'audit log');
  const download = page.waitForEvent('download');
  await h.press(page, 'CSV に書き出す');
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8');
  assert.ok(csv.startsWith('\uFEFF'), 'a BOM so that a spreadsheet reads the Japanese');
  assert.match(csv, /consent\.record/);
  assert.ok(csv.trim().split('\n').slice(1).every((line) => line.includes('P000104')), csv);
  s = await h.waitFor(page, (st) => st.audit.notice !== '');

  // A date typed wrong in the search is explained, not sent.
  await h.typeInto(page, '期間の始め（YYYY-MM-DD）', '12/01');
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => st.audit.error.includes('YYYY-MM-DD'));
  await h.press(page, 'ログアウト');
  await h.waitFor(page, (st) => st.screen === 'login');
  s = await h.state(page);
  assert.equal(s.office.users.length, 0, 'nothing of the office screens stays after log-out');
  assert.equal(s.audit.records.length, 0);

  // Dr 加藤 logs in with the temporary password, must change it, then sees whom the consents allow.
  await logIn(page, 'dr-kato', temporary, 'password');
  await h.typeInto(page, '現在のパスワード', temporary);
  await h.typeInto(page, '新しいパスワード', 'Kato-clinic-2026-ok');
  await h.typeInto(page, '新しいパスワード（確認）', 'Kato-clinic-2026-ok');
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => st.screen === 'home');
  await h.press(page, '患者一覧');
  s = await h.waitFor(page, (st) => st.screen === 'patients' && !st.patients.loading && st.patients.rows.length > 0);
  // 伊藤 美咲 by the consent naming him, 山田 太郎 by the one naming his clinic; never 鈴木 花子, whose
  // consent names Dr 田中 alone (R-CON-1).
  assert.deepEqual(s.patients.rows.map((r) => r.id), ['P000104', 'P000101']);
  assert.deepEqual(expected(problems), []);
});

test('on a landscape tablet the office revokes a person, and the app says it is for good', async () => {
  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1024, height: 768 }, hasTouch: true });
  await logIn(page, 'office-yamada', 'Renkei-office-2026');
  await h.press(page, '施設・利用者');
  let s = await h.waitFor(page, (st) => st.screen === 'facilities' && !st.office.loading && st.office.users.length > 0);
  await h.press(page, 'もじ港クリニック');
  s = await h.waitFor(page, (st) => st.office.selectedFacility === 'clinic-moji');
  const target = s.office.users.find((u) => u.id === 'dr-kobayashi');
  assert.equal(target.status, 'active', JSON.stringify(s.office.users));
  s = await h.waitFor(page, (st) => st.labels.includes('小林 誠'));
  // A finger taps the person's row.
  const row = s.widgets.find((w) => w.text === '小林 誠');
  assert.ok(row.h >= 44, 'rows are finger-sized');
  await page.touchscreen.tap(row.x + row.w / 2, row.y + row.h / 2);
  s = await h.waitFor(page, (st) => st.office.selectedUser === 'dr-kobayashi' && st.labels.includes('資格停止（不正利用）'));
  notBlank(await h.screenshot(page, 'office-user-1024x768'), 'selected user on a tablet');
  await h.press(page, '資格停止（不正利用）');
  s = await h.waitFor(page, (st) => st.labels.some((l) => l.startsWith('資格停止は取り消せません')));
  // No reason: refused in the app.
  await h.press(page, '実行する');
  s = await h.waitFor(page, (st) => st.office.error === '理由を入力してください。');
  await h.typeInto(page, '理由', '他院患者情報の目的外閲覧 (e2e)');
  await h.press(page, '実行する');
  s = await h.waitFor(page, (st) => st.office.users.some((u) => u.id === 'dr-kobayashi' && u.status === 'revoked'));
  s = await h.waitFor(page, (st) => st.labels.includes('この利用者は資格停止されています。再登録はできません。'));
  notBlank(await h.screenshot(page, 'office-revoked-1024x768'), 'revoked user');

  // A re-issued password for 鈴木 二郎, shown once.
  await h.press(page, 'たなか内科クリニック');
  s = await h.waitFor(page, (st) => st.office.selectedFacility === 'clinic-tanaka' && st.labels.includes('鈴木 二郎'));
  await h.press(page, '鈴木 二郎');
  s = await h.waitFor(page, (st) => st.office.selectedUser === 'dr-suzuki' && st.labels.includes('パスワードを再発行'));
  await h.press(page, 'パスワードを再発行');
  s = await h.waitFor(page, (st) => st.office.temporaryShown && st.office.users.some((u) => u.id === 'dr-suzuki'));
  assert.equal(s.office.notice, '鈴木 二郎 さんの仮パスワードを発行しました。');
  await h.press(page, '本人に伝えました。閉じる');

  // The consent of 山田 太郎 withdrawn in the app, with the reason.
  await goHome(page);
  await h.press(page, '患者一覧');
  s = await h.waitFor(page, (st) => st.screen === 'patients' && st.labels.includes('山田 太郎'));
  await h.press(page, '山田 太郎');
  s = await h.waitFor(page, (st) => st.screen === 'patient' && !st.consents.loading && st.consents.rows.length === 1);
  assert.equal(s.consents.rows[0].withdrawnOn, '');
  await h.press(page, '撤回を記録');
  s = await h.waitFor(page, (st) => st.labels.includes('撤回の理由'));
  await h.typeInto(page, '撤回の理由', '患者さんの申し出');
  await h.press(page, '撤回を記録する');
  s = await h.waitFor(page, (st) => st.consents.rows.length === 1 && st.consents.rows[0].withdrawnOn !== '');
  assert.equal(s.consents.notice, '同意の撤回を記録しました。');
  notBlank(await h.screenshot(page, 'office-consent-withdrawn-1024x768'), 'withdrawn consent on a tablet');
  await h.press(page, '患者一覧へ戻る');
  await h.waitFor(page, (st) => st.screen === 'patients' && !st.patients.loading && st.labels.includes('山田 太郎'));
  await goHome(page);
  await h.press(page, '監査ログ');
  s = await h.waitFor(page, (st) => st.screen === 'audit' && !st.audit.loading && st.audit.records.length > 0);
  assert.ok(s.audit.records.some((r) => r.action === 'consent.withdraw' && r.patient === 'P000101' && r.outcome === 'allowed'), JSON.stringify(s.audit.records.slice(0, 5)));
  notBlank(await h.screenshot(page, 'office-audit-1024x768'), 'audit log on a tablet');
  assert.deepEqual(expected(problems), []);
});

/// A synthetic study written by renkei-admin, its Patient ID then changed by DCMTK's dcmodify
/// (`erase`: removed; otherwise set to `id`), imported with import-dicom: held for the office.
function heldStudy({ kind, name, kanji, kana, sex, birth, description, erase = true, id = '' }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-held-'));
  try {
    server.admin('synthesize-dicom', '--out', dir, '--patient', 'TMP-ID', '--kind', kind, '--slices', '2', '--size', '64',
      '--name', name, ...(kanji ? ['--name-kanji', kanji] : []), ...(kana ? ['--name-kana', kana] : []),
      '--sex', sex, '--birth-date', birth, '--description', description);
    const files = fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
    assert.ok(files.length > 0);
    for (const f of files)
      execFileSync('dcmodify', ['-nb', ...(erase ? ['-ea', 'PatientID'] : ['-m', `PatientID=${id}`]), f], { stdio: 'ignore' });
    const out = server.admin('import-dicom', dir);
    assert.match(out, /held for the liaison office/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the office files a held study under a registered patient after comparing, and discards another with a reason', async () => {
  // 山田 太郎 (P000101) as the images say he is, but without a Patient ID; and a phantom whose
  // Patient ID is no hospital id.
  heldStudy({ kind: 'cr', name: 'Yamada^Taro', kanji: '山田^太郎', kana: 'やまだ^たろう', sex: 'M', birth: '19480512',
    description: 'Chest PA (old PACS)' });
  heldStudy({ kind: 'cr', name: 'Phantom^Test', sex: 'O', birth: '19700101', description: 'QA phantom', erase: false, id: 'QA 7 / ward 3' });

  const { page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1920, height: 1080 } });
  await logIn(page, 'office-yamada', 'Renkei-office-2026');
  await h.press(page, '保留中の画像検査');
  let s = await h.waitFor(page, (st) => st.screen === 'held-studies' && !st.held.loading && st.held.studies.length === 2 &&
    st.labels.includes('QA phantom'));  // drawn, not only received
  const yamada = s.held.studies.find((x) => x.name === '山田 太郎');
  const phantom = s.held.studies.find((x) => x.patientId === 'QA 7 / ward 3');
  assert.ok(yamada && phantom, JSON.stringify(s.held.studies));
  // What the instance says, as sent, and why it waits.
  assert.deepEqual([yamada.patientId, yamada.birthDate, yamada.sex, yamada.description, yamada.modalities, yamada.series, yamada.instances],
    ['', '1948-05-12', 'M', 'Chest PA (old PACS)', 'CR', 1, 1]);
  assert.equal(yamada.reason, 'no Patient ID');
  assert.match(yamada.sources[0], /^import:/);
  assert.ok(s.labels.includes('患者IDがありません'), JSON.stringify(s.labels));
  assert.ok(s.labels.includes('患者ID「QA 7 / ward 3」は病院の患者IDではありません'));
  assert.ok(s.labels.includes('Chest PA (old PACS)') && s.labels.includes('QA phantom'));
  notBlank(await h.screenshot(page, 'office-held-1920x1080'), 'held studies');

  // One study's instances.
  await h.press(page, '山田 太郎');
  s = await h.waitFor(page, (st) => st.held.selected === yamada.uid && !st.held.instancesLoading && st.held.instances.length === 1 &&
    st.labels.includes(st.held.instances[0].sop));  // the SOP Instance UID is shown
  assert.equal(s.held.instances[0].modality, 'CR');

  // Assign: an id that is no registered patient is refused with the catalogue's text.
  await h.press(page, '患者に割り当てる…');
  await h.typeInto(page, '割り当てる患者の患者ID（例 P000101）', 'P999999');
  await h.press(page, 'この患者IDで確認');
  s = await h.waitFor(page, (st) => st.held.actionError !== '' && !st.held.chosen);
  assert.equal(s.held.actionError, 'この患者さんの情報は表示できません（同意がないか、撤回されています）。');
  // P000101: the registered patient beside what the images say, nothing sent yet.
  await h.typeInto(page, '割り当てる患者の患者ID（例 P000101）', 'P000101', { replace: true });
  await h.press(page, 'この患者IDで確認');
  s = await h.waitFor(page, (st) => st.held.chosen && st.held.chosen.id === 'P000101' && st.labels.includes('登録されている患者'));
  assert.deepEqual([s.held.chosen.name, s.held.chosen.birthDate, s.held.chosen.sex], ['山田 太郎', '1948-05-12', 'M']);
  assert.ok(s.labels.includes('画像が示す値（送られたまま）') && s.labels.includes('登録されている患者'));
  assert.ok(s.labels.includes('山田 太郎 (Yamada Taro)'), 'the name as sent, both groups');
  assert.ok(!s.labels.some((l) => l.startsWith('画像の生年月日・性別・患者IDが登録患者と一致しません')), 'they match');
  assert.equal(s.held.studies.length, 2, 'nothing is filed before the confirmation');
  notBlank(await h.screenshot(page, 'office-held-assign-confirm-1920x1080'), 'assignment confirmation');
  const filed = page.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/held-studies/${yamada.uid}/assignment`));
  await h.press(page, '山田 太郎（P000101）に割り当てる');
  assert.equal((await filed).status(), 200);
  s = await h.waitFor(page, (st) => !st.held.loading && st.held.studies.length === 1 && st.held.notice !== '');
  assert.equal(s.held.notice, '検査を 山田 太郎（P000101）に割り当てました（1 画像）。');
  assert.ok(!s.held.studies.some((x) => x.uid === yamada.uid), 'gone from the held list');
  assert.equal(s.held.selected, '');
  // Filed under P000101: the hospital's staff find it in DICOMweb now (the office itself may not).
  const stored = await page.evaluate(async (uid) => (await (await fetch(`/api/v1/admin/held-studies?state=assigned`)).json()).studies
    .filter((x) => x.study_uid === uid).map((x) => x.reconciled.patient_id), yamada.uid);
  assert.deepEqual(stored, ['P000101']);

  // On a landscape tablet: the phantom compared with P000101 first shows the differences, then is discarded.
  await page.setViewportSize({ width: 1024, height: 768 });
  await h.press(page, 'QA phantom');
  s = await h.waitFor(page, (st) => st.held.selected === phantom.uid && st.held.instances.length === 1);
  await h.press(page, '患者に割り当てる…');
  await h.typeInto(page, '割り当てる患者の患者ID（例 P000101）', 'P000101');
  await h.press(page, 'この患者IDで確認');
  s = await h.waitFor(page, (st) => st.held.chosen && st.labels.some((l) => l.startsWith('画像の生年月日・性別・患者IDが登録患者と一致しません')));
  notBlank(await h.screenshot(page, 'office-held-mismatch-1024x768'), 'a wrong match, flagged');
  await h.press(page, '破棄する…');
  s = await h.waitFor(page, (st) => st.held.pending === 'discard' && st.labels.includes('破棄の理由（必須）'));
  // No reason: refused in the app, nothing sent.
  await h.press(page, '破棄を実行する');
  s = await h.waitFor(page, (st) => st.held.actionError === '理由を入力してください。');
  await h.typeInto(page, '破棄の理由（必須）', 'QA phantom sent by mistake (e2e)');
  notBlank(await h.screenshot(page, 'office-held-discard-1024x768'), 'discard with a reason');
  await h.press(page, '破棄を実行する');
  s = await h.waitFor(page, (st) => !st.held.loading && st.held.studies.length === 0 && st.held.notice !== '');
  assert.equal(s.held.notice, '検査を破棄しました（1 画像）。');
  s = await h.waitFor(page, (st) => st.labels.includes('保留中の検査はありません。'));
  notBlank(await h.screenshot(page, 'office-held-empty-1024x768'), 'the queue emptied');
  const discarded = await page.evaluate(async () => (await (await fetch('/api/v1/admin/held-studies?state=discarded')).json()).studies
    .map((x) => x.reconciled.reason));
  assert.deepEqual(discarded, ['QA phantom sent by mistake (e2e)']);

  // Every step was audited (R-AUD-1).
  const actions = await page.evaluate(async () => (await (await fetch('/api/v1/audit?action=held.assign&limit=10')).json()).records
    .map((r) => [r.patient, r.outcome]));
  assert.deepEqual(actions, [['P000101', 'allowed']]);
  await h.press(page, 'ログアウト');
  s = await h.waitFor(page, (st) => st.screen === 'login');
  assert.equal(s.held.studies.length + s.held.instances.length, 0, 'nothing of the queue stays after log-out');
  assert.deepEqual(expected(problems), []);
});
