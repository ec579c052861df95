// SPDX-License-Identifier: MIT
// Log-in, the signed-in bar, password expiry warnings, temporary passwords and log-out, in
// headless Chromium against the real server with the demo accounts (issue 4, R-ACC-2, R-PW-3/4/5,
// R-SES-1). The server runs in test mode; X-Renkei-Test-Now moves its clock for the ageing tests.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

const DAY = 86400;
const now = Math.floor(Date.now() / 1000);
let server, browser;
test.before(async () => {
  server = await h.startServer({ demo: true });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function logIn(page, user, password) {
  await h.typeInto(page, '利用者ID', user);
  await h.typeInto(page, 'パスワード', password);
  await page.keyboard.press('Enter');
  const s = await h.waitFor(page, (st) => !st.login.busy && (st.screen !== 'login' || st.login.error !== ''));
  return h.waitFor(page, (st) => st.frames >= s.frames + 2);  // labels describe the frame before
}

// RFC 6238 in the test, to play the phone: Base32 secret → 6-digit code for time t.
function totp(secretBase32, t) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretBase32.replace(/ /g, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const mac = require('node:crypto').createHmac('sha1', key).update(msg).digest();
  const o = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const expected = (problems) => problems.filter((p) => !/status of (401|403|422)/.test(p));

test('a clinic doctor logs in, sees who and what they are, and logs out', async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  let s = await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');
  assert.equal(s.screen, 'home', JSON.stringify(s));
  assert.equal(s.user.role, 'clinic');
  for (const label of ['田中 一郎 さん (診療所医師)', 'ログアウト', 'たなか内科クリニック', 'パスワードを変更'])
    assert.ok(s.labels.includes(label), `${label} missing: ${JSON.stringify(s.labels)}`);
  assert.ok(!s.labels.some((l) => l.includes('有効期限まであと')), 'no warning for a new password');
  const shot = await h.screenshot(page, 'home-clinic-1280x800');
  assert.ok(shot.distinctColours > 50 && shot.nonBackgroundFraction > 0.05, 'home screen is not blank');
  // Widgets never overlap the bar or each other's rows.
  const bar = s.widgets.find((w) => w.text === 'ログアウト');
  for (const w of s.widgets.filter((x) => x.text === 'パスワードを変更')) assert.ok(w.y >= bar.y + bar.h, JSON.stringify(w));

  await h.press(page, 'ログアウト');
  s = await h.waitFor(page, (st) => st.screen === 'login');
  assert.equal(s.user.id, '');
  // The cookie is gone on the server too: the session endpoint now refuses.
  const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(status, 401);
  assert.deepEqual(expected(problems), []);
  await context.close();
});

test('a wrong password, an untrained account and an expired password each get their own message', async () => {
  const { context, page } = await h.openApp(browser, server.url);
  let s = await logIn(page, 'dr-tanaka', 'not-the-password');
  assert.equal(s.login.error, '利用者IDまたはパスワードが正しくありません。');
  await page.reload();
  await h.waitFor(page, (st) => st.frames > 3);
  s = await logIn(page, 'dr-new', 'Renkei-clinic-2026');
  assert.match(s.login.error, /研修の受講が記録されていない/);
  await context.close();

  // Day 90 after the demo password was set: the right password no longer opens the account (R-PW-4).
  const later = await h.openApp(browser, server.url, { extraHTTPHeaders: { 'X-Renkei-Test-Now': String(now + 90 * DAY) } });
  s = await logIn(later.page, 'rad-sato', 'Renkei-staff-2026');
  assert.equal(s.screen, 'login');
  assert.match(s.login.error, /有効期限（90日）が切れています/);
  await h.screenshot(later.page, 'login-password-expired');
  await later.context.close();
});

test('from 14 days before expiry the bar warns with the days left (R-PW-3)', async () => {
  const { context, page } = await h.openApp(browser, server.url, {
    viewport: { width: 1024, height: 768 },
    extraHTTPHeaders: { 'X-Renkei-Test-Now': String(now + 80 * DAY) },
  });
  const s = await logIn(page, 'dr-tanaka', 'Renkei-clinic-2026');
  assert.equal(s.screen, 'home', JSON.stringify(s.login));
  assert.equal(s.user.passwordState, 'warning');
  assert.equal(s.user.passwordDaysLeft, 10);
  assert.ok(s.labels.includes('パスワードの有効期限まであと10日です。期限を過ぎるとログインできなくなります。'), JSON.stringify(s.labels));
  await h.screenshot(page, 'home-password-warning-1024x768');
  await context.close();
});

test('a re-issued temporary password leads straight to changing it, with the rules shown as you type', async () => {
  const out = server.admin('reissue-password', 'rad-sato');
  const temporary = out.trim().split(': ').pop();
  assert.ok(temporary.length >= 12, out);
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 768, height: 1024 } });
  let s = await logIn(page, 'rad-sato', temporary);
  assert.equal(s.screen, 'password');
  assert.ok(s.labels.includes('仮パスワードでログインしています。新しいパスワードを設定してください。'));
  assert.ok(!s.labels.includes('戻る'), 'no way around a temporary password');

  await h.press(page, '現在のパスワード', { input: true });
  await page.keyboard.type(temporary);
  await h.waitFor(page, (st) => st.passwordForm.currentLength === temporary.length);
  await h.press(page, '新しいパスワード', { input: true });
  await page.keyboard.type('password');
  s = await h.waitFor(page, (st) => st.passwordForm.newLength === 8);
  assert.ok(s.labels.includes('12文字以上にしてください。'), JSON.stringify(s.labels));
  assert.ok(s.labels.includes('よく使われるパスワードは使えません。'), JSON.stringify(s.labels));
  await h.screenshot(page, 'password-rules-768x1024');

  for (let i = 0; i < 8; ++i) await page.keyboard.press('Backspace');
  await page.keyboard.type('Kitakyushu-CT-2027');
  await h.waitFor(page, (st) => st.passwordForm.newLength === 18);
  await h.typeInto(page, '新しいパスワード（確認）', 'Kitakyushu-CT-2027');
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => st.screen === 'home');
  assert.equal(s.passwordForm.notice, 'パスワードを変更しました。');
  assert.equal(s.user.passwordState, 'ok');
  assert.deepEqual(expected(problems), []);
  await context.close();

  // The new password works; the temporary one does not.
  const again = await h.openApp(browser, server.url);
  s = await logIn(again.page, 'rad-sato', temporary);
  assert.equal(s.login.error, '利用者IDまたはパスワードが正しくありません。');
  await again.page.reload();
  await h.waitFor(again.page, (st) => st.frames > 3);
  s = await logIn(again.page, 'rad-sato', 'Kitakyushu-CT-2027');
  assert.equal(s.screen, 'home', JSON.stringify(s.login));
  await again.context.close();
});

test('the liaison office must set up two-factor log-in, then logs in with a code (R-PW-6)', async () => {
  const { context, page, problems } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 900 } });
  let s = await logIn(page, 'office-yamada', 'Renkei-office-2026');
  assert.equal(s.screen, 'two-factor');
  s = await h.waitFor(page, (st) => st.twoFactor.qrSize >= 21 && st.labels.includes('2段階認証の設定'));
  assert.ok(s.labels.includes('この権限では2段階認証が必要です。設定が終わるまで他の画面は使えません。'));
  const shot = await h.screenshot(page, 'two-factor-setup-1280x900');
  assert.ok(shot.distinctColours > 20, 'the QR code screen is not blank');
  const secret = s.twoFactor.secret;
  assert.equal(secret.length, 32);
  // The QR code on the screen is what a phone reads: decode the screenshot (zbar) and compare.
  const scanned = require('node:child_process').execFileSync('zbarimg', ['--raw', '-q', shot.file], { encoding: 'utf8' }).trim();
  assert.equal(scanned, `otpauth://totp/Renkei:office-yamada?secret=${secret}&issuer=Renkei&algorithm=SHA1&digits=6&period=30`);

  await h.typeInto(page, '確認コード（6桁）', '000000');
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => st.twoFactor.error !== '');
  assert.match(s.twoFactor.error, /確認コードが正しくない/);

  const t = Math.floor(Date.now() / 1000);
  await h.typeInto(page, '確認コード（6桁）', totp(secret, t));
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => st.twoFactor.recoveryCodes.length === 10);
  assert.ok(s.twoFactor.recoveryCodes.every((c) => /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(c)));
  await h.waitFor(page, (st) => st.labels.includes(s.twoFactor.recoveryCodes[0]));
  await h.screenshot(page, 'two-factor-recovery-codes');
  await h.press(page, '控えました。続ける');
  s = await h.waitFor(page, (st) => st.screen === 'home');
  await h.press(page, 'ログアウト');
  await h.waitFor(page, (st) => st.screen === 'login');

  // Next log-in: the password, then the code of the next time step (the first was used up).
  await h.typeInto(page, 'パスワード', 'Renkei-office-2026');
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => st.login.askTotp && !st.login.busy);
  assert.equal(s.screen, 'login');
  await h.waitFor(page, (st) => st.labels.includes('確認コード（6桁）'));
  await h.screenshot(page, 'login-two-factor-code');
  await h.typeInto(page, '確認コード（6桁）', totp(secret, t + 30));
  await page.keyboard.press('Enter');
  s = await h.waitFor(page, (st) => st.screen === 'home');
  assert.equal(s.user.role, 'admin');
  assert.equal(s.login.passwordLength, 0, 'the password is forgotten once the log-in is done');
  assert.deepEqual(expected(problems), []);
  await context.close();
});

test('five wrong passwords lock the id: the right one then gets the lock-out message with the minutes (R-PW-5)', async () => {
  const { context, page } = await h.openApp(browser, server.url, { viewport: { width: 768, height: 1024 } });
  let s;
  for (let i = 0; i < 5; ++i) {
    s = await logIn(page, 'dr-kobayashi', `wrong-${i}-password`);
    assert.equal(s.screen, 'login');
    await page.reload();
    await h.waitFor(page, (st) => st.frames > 3);
  }
  s = await logIn(page, 'dr-kobayashi', 'Renkei-clinic-2026');
  assert.equal(s.screen, 'login', 'locked: even the right password does not open the account now');
  assert.equal(s.login.error, 'ログインの失敗が続いたため、一時的にログインできません。15分後にもう一度お試しください。');
  s = await h.waitFor(page, (st) => st.labels.includes(st.login.error));
  await h.screenshot(page, 'login-locked-768x1024');
  await context.close();
});

test('a lock-out that starts during an open session ends it, and the app says why (R-PW-5, issue 19)', async () => {
  const { context, page } = await h.openApp(browser, server.url, { viewport: { width: 1280, height: 800 } });
  let s = await logIn(page, 'dr-suzuki', 'Renkei-clinic-2026');
  assert.equal(s.screen, 'home', JSON.stringify(s.login));
  // Someone else tries the id five times with wrong passwords (another browser, no session).
  const other = await h.openApp(browser, server.url);
  for (let i = 0; i < 5; ++i) {
    const status = await other.page.evaluate(async (n) => (await fetch('/api/v1/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'dr-suzuki', password: `guess-${n}-wrong` }),
    })).status, i);
    assert.equal(status, 401);
  }
  await other.context.close();
  // The doctor's next step ends the session with the lock-out's message, not "inactivity".
  await h.press(page, '患者一覧');
  s = await h.waitFor(page, (st) => st.screen === 'login');
  assert.match(s.login.error, /ログインの失敗が続いたため、一時的にログインできません。\d+分後にもう一度お試しください。/);
  s = await h.waitFor(page, (st) => st.labels.includes(st.login.error));
  await h.screenshot(page, 'session-ended-locked-1280x800');
  assert.equal(await page.evaluate(async () => (await fetch('/api/v1/session')).status), 401);
  await context.close();
});
