// SPDX-License-Identifier: MIT
// A standard DICOMweb client against the real server (issue 6 §3, §6; R-CON-4): the npm package
// dicomweb-client, run under node (its XMLHttpRequest from xhr2), authenticates with a personal API
// token that a clinic doctor created, searches for studies, reads metadata and retrieves a frame —
// and sees exactly what his consents allow. The demo studies are DCMTK-written phantoms.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const https = require('node:https');
const XMLHttpRequest = require('xhr2');
const { api } = require('dicomweb-client');
const h = require('./harness');

let server;
test.before(async () => {
  server = await h.startServer({ demo: true, images: true, args: ['--totp-required-roles', 'none'] });
  // The test server's certificate is self-signed: trust it for this client only.
  XMLHttpRequest.nodejsSet({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
  global.XMLHttpRequest = XMLHttpRequest;
});
test.after(async () => { if (server) await server.stop(); });

function call(method, path, { body, cookie, csrf, bearer } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json' };
    if (cookie) headers.Cookie = cookie;
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    const req = https.request(new URL(path, server.url), { method, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: text && res.headers['content-type'].includes('json') ? JSON.parse(text) : text }));
    });
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

async function tokenFor(user, password) {
  const login = await call('POST', '/api/v1/session', { body: { user, password } });
  assert.equal(login.status, 200);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL('/api/v1/session', server.url), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, rejectUnauthorized: false,
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', async () => {
        const cookie = res.headers['set-cookie'][0].split(';')[0];
        const csrf = JSON.parse(text).csrf_token;
        const created = await call('POST', '/api/v1/tokens', { cookie, csrf, body: { name: 'OHIF on the clinic PC', days: 7 } });
        resolve({ created, cookie, csrf });
      });
    });
    req.on('error', reject);
    req.write(JSON.stringify({ user, password }));
    req.end();
  });
}

const tag = (ds, t) => (ds[t] && ds[t].Value ? ds[t].Value[0] : undefined);

test('dicomweb-client with a clinic doctor\'s API token: search, metadata, a frame — inside the consent only', async () => {
  const { created, cookie, csrf } = await tokenFor('dr-tanaka', 'Renkei-clinic-2026');
  assert.equal(created.status, 201);
  assert.match(created.body.token, /^rk_/);
  const client = new api.DICOMwebClient({
    url: new URL('/dicomweb', server.url).href.replace(/\/$/, ''),
    headers: { Authorization: `Bearer ${created.body.token}` },
  });

  // Search: 山田 太郎's three studies inside the consent period and 鈴木 花子's MR; never the CT from
  // before the look-back, never another clinic's patient.
  const studies = await client.searchForStudies();
  const found = studies.map((s) => `${tag(s, '00100020')} ${tag(s, '00080061')}`).sort();
  assert.deepEqual(found, ['P000101 BMD', 'P000101 CR', 'P000101 CT', 'P000101 CT', 'P000102 MR']);  // the CT now and a year ago
  assert.ok(!studies.some((s) => tag(s, '0020000D') === '1.2.826.0.1.3680043.10.1.101.1'), 'the old CT is outside the scope');
  assert.ok(studies.some((s) => tag(s, '0020000D') === '1.2.826.0.1.3680043.10.1.101.2'), 'the recent CT is listed');
  const ct = studies.find((s) => tag(s, '0020000D') === '1.2.826.0.1.3680043.10.1.101.2');
  assert.equal(tag(ct, '00100010').Ideographic, '山田^太郎');
  assert.equal(tag(ct, '00201208'), 120);

  // Metadata of the CT series, then frame 60 of its 60th slice.
  const series = await client.searchForSeries({ studyInstanceUID: tag(ct, '0020000D') });
  assert.equal(series.length, 1);
  const seriesUid = tag(series[0], '0020000E');
  const metadata = await client.retrieveSeriesMetadata({ studyInstanceUID: tag(ct, '0020000D'), seriesInstanceUID: seriesUid });
  assert.equal(metadata.length, 120);
  const slice = metadata.find((m) => tag(m, '00200013') === 60);
  assert.ok(slice, 'instance 60 is in the metadata');
  assert.ok(slice['7FE00010'].BulkDataURI, 'pixel data as a bulk-data link');
  const frames = await client.retrieveInstanceFrames({
    studyInstanceUID: tag(ct, '0020000D'), seriesInstanceUID: seriesUid, sopInstanceUID: tag(slice, '00080018'), frameNumbers: [1],
  });
  assert.equal(frames.length, 1);
  assert.equal(frames[0].byteLength, tag(slice, '00280010') * tag(slice, '00280011') * 2);

  // The old CT directly: refused (403), like with a session.
  await assert.rejects(client.searchForSeries({ studyInstanceUID: '1.2.826.0.1.3680043.10.1.101.1' }), (e) => e.status === 403);

  // The token works on DICOMweb only, and ends when revoked.
  assert.equal((await call('GET', '/api/v1/patients', { bearer: created.body.token })).status, 401);
  const list = await call('GET', '/api/v1/tokens', { cookie });
  assert.equal(list.body.tokens.length, 1);
  assert.ok(!('token' in list.body.tokens[0]), 'the secret is shown only once');
  assert.ok(list.body.tokens[0].last_used_at > 0);
  assert.equal((await call('DELETE', `/api/v1/tokens/${created.body.id}`, { cookie, csrf })).status, 204);
  await assert.rejects(client.searchForStudies(), (e) => e.status === 401);
});
