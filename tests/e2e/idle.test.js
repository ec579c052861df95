// SPDX-License-Identifier: MIT
// The idle timeout as a user meets it (R-SES-1): with a 1-minute limit the app warns 15 s before
// (core::idleState), "stay logged in" keeps the session, and without it the app returns to the
// log-in screen by itself — and the server has ended the session as well.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness');

let server, browser;
test.before(async () => {
  server = await h.startServer({ demo: true, args: ['--session-idle-minutes', '1'] });
  browser = await h.launchBrowser();
});
test.after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('warned before the idle log-out, kept by one click, then logged out when left alone', { timeout: 240000 }, async () => {
  const { context, page } = await h.openApp(browser, server.url, { viewport: { width: 1024, height: 768 } });
  await h.typeInto(page, '利用者ID', 'dr-tanaka');
  await h.typeInto(page, 'パスワード', 'Renkei-clinic-2026');
  await page.keyboard.press('Enter');
  let s = await h.waitFor(page, (st) => st.screen === 'home');
  assert.equal(s.idle.phase, 'active');

  s = await h.waitFor(page, (st) => st.idle.phase === 'warning' && st.labels.some((l) => l.startsWith('操作がないため')), 70000);
  assert.ok(s.idle.secondsLeft <= 15 && s.idle.secondsLeft > 0, JSON.stringify(s.idle));
  await h.screenshot(page, 'idle-warning-1024x768');
  await h.press(page, 'ログインを続ける');
  s = await h.waitFor(page, (st) => st.idle.phase === 'active');
  assert.ok(s.idle.secondsLeft > 50);
  assert.equal(s.screen, 'home');

  // Left alone: back to the log-in screen with the reason, and the cookie no longer works.
  s = await h.waitFor(page, (st) => st.screen === 'login', 90000);
  assert.equal(s.login.error, '一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。');
  assert.equal(s.login.userId, 'dr-tanaka');
  const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(status, 401);
  await context.close();
});
