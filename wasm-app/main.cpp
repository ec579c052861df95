// SPDX-License-Identifier: MIT
// The browser entry point: GLFW (Emscripten's built-in library) + WebGL 2 + Dear ImGui.
//
// High-DPI: the canvas's backing store is kept at CSS size × devicePixelRatio every frame, and ImGui
// works in those physical pixels (fonts rasterised at size × ratio, style scaled), so text is sharp
// on tablets and the mouse coordinates Emscripten reports (canvas pixels) match without conversion.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h>  // ErrorCheckEndFrameRecover
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>

#include "wasm-app/App.h"
#include "wasm-app/platform/Fault.h"
#include "wasm-app/Glyphs.h"
#include "wasm-app/Text.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Keyboard.h"
#include "wasm-app/platform/Redraw.h"
#include "wasm-app/platform/TextInput.h"
#include "wasm-app/platform/Touch.h"
#include "wasm-app/viewer/ImageExport.h"

namespace {

constexpr float kFontSize = 18.0f;  // CSS pixels
constexpr float kTitleSize = 30.0f;
constexpr const char* kFontFile = "/fonts/renkei-jp.ttf";

GLFWwindow* g_window = nullptr;
float g_imeX = 0, g_imeY = 0;  // the active text field's caret (physical pixels), for the IME
float g_fontScale = 0.0f;
ImGuiMouseCursor g_cursor = ImGuiMouseCursor_Arrow;

// clang-format off
// Sizes the canvas's backing store through Emscripten's Browser helper, whose resize listeners keep
// GLFW's window size in step. Not glfwSetWindowSize: in Emscripten 3.1.6 it switches to fullscreen
// (and pointer lock) whenever the size equals the screen's, as it does in a maximised browser.
EM_JS(void, js_set_canvas_size, (int w, int h), { Browser.setCanvasSize(w, h); });
// The mouse cursor as CSS, instead of GLFW's cursor modes (which touch pointer lock every frame).
EM_JS(void, js_set_cursor, (const char* css), { Module.canvas.style.cursor = UTF8ToString(css); });
// clang-format on

void updateCursor() {
  const ImGuiMouseCursor c = ImGui::GetMouseCursor();
  if (c == g_cursor) return;
  g_cursor = c;
  switch (c) {
    case ImGuiMouseCursor_TextInput: js_set_cursor("text"); break;
    case ImGuiMouseCursor_Hand: js_set_cursor("pointer"); break;
    case ImGuiMouseCursor_ResizeAll: js_set_cursor("move"); break;
    case ImGuiMouseCursor_ResizeEW: js_set_cursor("ew-resize"); break;
    case ImGuiMouseCursor_ResizeNS: js_set_cursor("ns-resize"); break;
    case ImGuiMouseCursor_NotAllowed: js_set_cursor("not-allowed"); break;
    case ImGuiMouseCursor_None: js_set_cursor("none"); break;
    default: js_set_cursor("default"); break;
  }
}

void buildStyle(float scale) {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 8.0f;
  style.FrameRounding = 6.0f;
  style.FramePadding = ImVec2(12.0f, 13.0f);  // 18 px text + 2×13 = 44 px: a finger-sized target
  style.ItemSpacing = ImVec2(10.0f, 10.0f);
  style.WindowPadding = ImVec2(24.0f, 20.0f);
  style.WindowBorderSize = 1.0f;
  style.FrameBorderSize = 1.0f;  // text fields must be visible as fields
  style.Colors[ImGuiCol_FrameBg] = ImVec4(0.97f, 0.98f, 0.99f, 1.0f);
  style.Colors[ImGuiCol_Border] = ImVec4(0.62f, 0.66f, 0.72f, 1.0f);
  style.Colors[ImGuiCol_WindowBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  style.Colors[ImGuiCol_Button] = ImVec4(0.16f, 0.42f, 0.70f, 0.20f);
  style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.16f, 0.42f, 0.70f, 0.45f);
  style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.16f, 0.42f, 0.70f, 0.70f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

void buildFonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  const double started = emscripten_get_now();
  const bool rebuild = g_fontScale != 0.0f;  // the first atlas is uploaded by the backend's first frame
  if (rebuild) ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = 1;  // we render at physical size already; oversampling only grows the atlas
  cfg.OversampleV = 1;
  ImFont* body = io.Fonts->AddFontFromFileTTF(kFontFile, std::round(kFontSize * scale), &cfg, renkei::app::appGlyphRanges());
  if (const auto extra = renkei::app::extraGlyphs(); body && extra.font) {
    // The second font's glyphs that text needed, merged into the body font (the atlas keeps a
    // pointer to the bytes, owned by Glyphs).
    ImFontConfig merged = cfg;
    merged.MergeMode = true;
    merged.FontDataOwnedByAtlas = false;
    io.Fonts->AddFontFromMemoryTTF(const_cast<void*>(extra.font), extra.fontBytes, std::round(kFontSize * scale),
                                   &merged, extra.ranges);
  }
  if (!body) {
    std::fprintf(stderr, "renkei: cannot load %s, falling back to the built-in font (no Japanese)\n", kFontFile);
    ImFontConfig fallback;
    fallback.SizePixels = std::round(13.0f * scale);
    io.Fonts->AddFontDefault(&fallback);
  }
  // The title font holds only the glyphs of the fixed titles (and ASCII), so its larger size costs
  // little atlas space. Names and other data are never drawn with it: ui::heading is for those.
  renkei::app::App& app = renkei::app::theApp();
  app.titleFont = nullptr;
  if (body) {
    static ImVector<ImWchar> titleRanges;  // must outlive the atlas build
    titleRanges.clear();
    ImFontGlyphRangesBuilder b;
    using renkei::app::T;
    for (const T key : renkei::app::kPageTitles)
      for (const auto lang : {renkei::Language::Japanese, renkei::Language::English})
        b.AddText(renkei::app::text(key, lang));
    static const ImWchar kAscii[] = {0x0020, 0x007E, 0};  // a temporary password is shown large
    b.AddRanges(kAscii);
    b.BuildRanges(&titleRanges);
    app.titleFont = io.Fonts->AddFontFromFileTTF(kFontFile, std::round(kTitleSize * scale), &cfg, titleRanges.Data);
  }
  io.Fonts->Build();
  if (rebuild) ImGui_ImplOpenGL3_CreateFontsTexture();
  g_fontScale = scale;
  renkei::app::noteAtlasBuilt(emscripten_get_now() - started);
}

/// Whether the mouse moved (or the window changed) since the last animation frame: a frame to draw.
bool inputSeen(int w, int h, float dpr) {
  static double lastX = -1, lastY = -1;
  static int lastW = 0, lastH = 0;
  static float lastDpr = 0;
  double x = 0, y = 0;
  glfwGetCursorPos(g_window, &x, &y);
  const bool seen = x != lastX || y != lastY || w != lastW || h != lastH || dpr != lastDpr;
  lastX = x, lastY = y, lastW = w, lastH = h, lastDpr = dpr;
  return seen;
}

void frame() {
  // Keep the canvas's backing store at CSS size × device pixel ratio (resize, zoom, moving screens).
  double cssW = 0, cssH = 0;
  emscripten_get_element_css_size("#canvas", &cssW, &cssH);
  const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  const int w = static_cast<int>(std::lround(cssW * dpr)), h = static_cast<int>(std::lround(cssH * dpr));
  int cw = 0, ch = 0;
  glfwGetWindowSize(g_window, &cw, &ch);
  if (w > 0 && h > 0 && (w != cw || h != ch)) js_set_canvas_size(w, h);
  // Nothing new to show: leave the canvas as it is (Redraw.h).
  const bool glyphs = renkei::app::glyphsChanged(emscripten_get_now());
  if (!renkei::app::redrawDue(emscripten_get_now(), inputSeen(w, h, dpr) || glyphs)) return;
  if (dpr != g_fontScale) {  // first frame, or the window moved to a screen of another density
    renkei::app::ui::setScale(dpr);
    buildStyle(dpr);
    buildFonts(dpr);
  } else if (glyphs) {  // text needed glyphs of the second font
    buildFonts(dpr);
  }

  glfwPollEvents();
  renkei::app::deliverKeys();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  try {
    renkei::app::theApp().frame();
  } catch (const std::exception& e) {
    // A fault inside a screen: close what it left open so ImGui can end the frame, then show it.
    ImGui::ErrorCheckEndFrameRecover(nullptr);
    renkei::app::recordFault("frame", e.what());
  }
  updateCursor();
  // The browser's text input follows the active text field (IME, touch keyboards, inserted text).
  ImGui::Render();  // ends the frame: the caret position for the IME is known now
  renkei::app::updateTextInput(ImGui::GetIO().WantTextInput, g_imeX / dpr, g_imeY / dpr);

  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(g_window, &fbw, &fbh);
  glViewport(0, 0, fbw, fbh);
  glClearColor(0.93f, 0.95f, 0.97f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  renkei::app::finishExport(renkei::app::theApp());  // a watermarked view to save, read back now
  // Animations draw every frame; so does a layout ImGui has not settled yet (a window appearing
  // is hidden in its first frame), a new screen, and a font rebuild waiting for its turn.
  const renkei::app::App& app = renkei::app::theApp();
  static renkei::app::Screen lastScreen = app.screen;
  bool settling = app.viewer.cine || !app.viewer.watermark.empty() || app.screen != lastScreen || renkei::app::glyphsPending();
  lastScreen = app.screen;
  for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (w->Active && (w->HiddenFramesCanSkipItems > 0 || w->HiddenFramesCannotSkipItems > 0)) settling = true;
  if (settling) renkei::app::redrawNow();
}

}  // namespace

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "renkei: glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g_window = glfwCreateWindow(1024, 768, "Renkei", nullptr, nullptr);
  if (!g_window) {
    std::fprintf(stderr, "renkei: WebGL 2 is not available\n");
    return 1;
  }
  glfwMakeContextCurrent(g_window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no layout files: nothing of a session stays in the browser
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;  // see updateCursor()
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  renkei::app::installKeyboard(g_window);
  renkei::app::installTextInput();
  // Emscripten 3.1.6's GLFW hands the DOM wheel event's deltaY (pixels, positive = down) to the
  // scroll callback unchanged, where GLFW means notches with positive = up: one mouse notch would
  // throw a page 100 steps the wrong way. Convert: 100 pixels down = one notch down.
  glfwSetScrollCallback(g_window, [](GLFWwindow* w, double dx, double dy) {
    ImGui_ImplGlfw_ScrollCallback(w, -dx / 100.0, -dy / 100.0);
    renkei::app::redrawNow();
  });
  // A click may press and release between two animation frames: draw for it either way.
  glfwSetMouseButtonCallback(g_window, [](GLFWwindow* w, int button, int action, int mods) {
    ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
    renkei::app::redrawNow();
  });
  io.ImeSetInputScreenPosFn = [](int x, int y) {
    g_imeX = static_cast<float>(x);
    g_imeY = static_cast<float>(y);
  };
  ImGui_ImplOpenGL3_Init("#version 300 es");

  renkei::app::theApp().start();
  renkei::app::followTouches();
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
