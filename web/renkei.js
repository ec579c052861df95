// SPDX-License-Identifier: MIT
// Boots the WebAssembly app: sets up Emscripten's Module, loads app.js, and exposes a small
// test interface (window.renkei) that end-to-end tests use to read what the canvas shows.
'use strict';
(function () {
  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');
  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    showError('WebGL の接続が失われました。再読み込みしてください。 / WebGL context lost — please reload.');
  });
  function showError(text) {
    status.textContent = text;
    status.className = 'error';
  }
  window.Module = {
    canvas: canvas,
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onRuntimeInitialized: () => {
      status.className = 'hidden';
      canvas.focus();
    },
    onAbort: (what) => showError('アプリを開始できませんでした / The app could not start: ' + what),
  };
  window.renkei = {
    ready: () => typeof Module.ccall === 'function' && Module.calledRun === true,
    state: () => JSON.parse(Module.ccall('renkei_test_state', 'string', [], [])),
  };
  if (!document.createElement('canvas').getContext('webgl2')) {
    showError('このブラウザは WebGL 2 に対応していません。 / This browser does not support WebGL 2.');
    return;
  }
  const script = document.createElement('script');
  script.src = 'app.js';
  script.onerror = () => showError('アプリを読み込めませんでした / Could not load the app.');
  document.body.appendChild(script);
})();
