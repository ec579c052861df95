// SPDX-License-Identifier: MIT
// Bundles the cornerstone3D page with esbuild into dist/: page.js (the page), the loader's decode
// worker (decodeImageFrameWorker.js, loaded by the page as new URL('./decodeImageFrameWorker.js',
// import.meta.url)) and the codecs' WebAssembly files (found through wasmBasePath).
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const out = path.join(__dirname, 'dist');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const loaderDir = path.join(__dirname, 'node_modules/@cornerstonejs/dicom-image-loader');
// The Emscripten codec glue and a few of vtk.js's dependencies mention node's modules for code paths
// a browser never takes: they get an empty module (events: a do-nothing EventEmitter class).
const nodeStubs = {
  name: 'node-stubs',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(fs|path|crypto|ws|worker_threads|module|url|events|stream|util|os)$/ },
      (a) => ({ path: a.path, namespace: 'node-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({
      contents: 'class EventEmitter { on() { return this; } emit() { return false; } }\n' +
        'module.exports = { EventEmitter };', loader: 'js' }));
  },
};
const common = {
  bundle: true, format: 'esm', platform: 'browser', target: 'chrome120', minify: true,
  legalComments: 'none', logLevel: 'warning',
  plugins: [nodeStubs],
  define: { 'process.env.NODE_ENV': '"production"' },
};
Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(__dirname, 'src/page.js')], outfile: path.join(out, 'page.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(loaderDir, 'dist/esm/decodeImageFrameWorker.js')],
    outfile: path.join(out, 'decodeImageFrameWorker.js') }),
]).then(() => {
  fs.copyFileSync(path.join(__dirname, 'src/index.html'), path.join(out, 'index.html'));
  for (const [pkg, file] of [['codec-charls', 'charlswasm_decode.wasm'], ['codec-openjpeg', 'openjpegwasm_decode.wasm'],
    ['codec-libjpeg-turbo-8bit', 'libjpegturbowasm_decode.wasm'], ['codec-openjph', 'openjphjs.wasm'],
    ['codec-libjxl', 'jpegxlwasm_decode.wasm']]) {
    const dir = path.join(__dirname, 'node_modules/@cornerstonejs', pkg, 'dist');
    const src = path.join(dir, file);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(out, file));
    else console.warn(`build: ${pkg}/${file} not found (${fs.readdirSync(dir).join(' ')})`);
  }
  for (const f of fs.readdirSync(out)) console.log(`build: dist/${f} ${fs.statSync(path.join(out, f)).size} bytes`);
}).catch((e) => { console.error(e); process.exit(1); });
