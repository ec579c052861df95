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
  // Keys that belong to an input method's composition (kanji conversion) are the IME's: the app's
  // key handling (GLFW, registered later on the same target) must not also see its Enter or
  // Backspace. The composed text arrives through the app's hidden text field.
  for (const type of ['keydown', 'keypress', 'keyup']) {
    window.addEventListener(type, (e) => {
      if (e.isComposing || e.keyCode === 229) e.stopImmediatePropagation();
    }, true);
  }
  // Touch (tablets): Emscripten's GLFW presses the mouse button on touchstart without moving the
  // cursor to the finger, and the browser's emulated mouse events follow later — a tap would first
  // click wherever the previous tap was. Move the cursor to the finger first (this listener runs
  // before GLFW's, which sit on the canvas), and drop the emulated mouse events: one tap, one click,
  // under the finger; a moving finger drags (pages scroll by drag).
  for (const type of ['touchstart', 'touchmove', 'touchend']) {
    window.addEventListener(type, (e) => {
      if (e.target !== canvas || !e.changedTouches.length) return;
      const t = e.changedTouches[0];
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: t.clientX, clientY: t.clientY, bubbles: true }));
      e.preventDefault();
    }, { capture: true, passive: false });
  }
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
