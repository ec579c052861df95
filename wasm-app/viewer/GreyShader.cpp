// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/GreyShader.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace renkei::app {
namespace {

// ImGui's vertex layout (Position, UV, Color) under the same names; the attribute locations are
// bound to ImGui's own when the program is linked, so ImGui's vertex array feeds it unchanged.
const char* kVertex = R"(#version 300 es
precision highp float;
uniform mat4 ProjMtx;
in vec2 Position;
in vec2 UV;
in vec4 Color;
out vec2 Frag_UV;
out vec4 Frag_Color;
void main() {
  Frag_UV = UV;
  Frag_Color = Color;
  gl_Position = ProjMtx * vec4(Position.xy, 0, 1);
})";

// Float textures are not filterable everywhere in WebGL2: bilinear by hand over texelFetch, then
// the DICOM linear window (PS3.3 C.11.2.1.2), as ViewerJson's windowed() does on the CPU.
const char* kFragment = R"(#version 300 es
precision highp float;
uniform highp sampler2D Texture;
uniform vec2 Size;
uniform float Center;
uniform float Width;
uniform float Invert;
uniform highp sampler2D Lut;
uniform float LutFirst;
uniform float LutEntries;
uniform float LutMax;
in vec2 Frag_UV;
in vec4 Frag_Color;
out vec4 Out_Color;
float at(ivec2 p) { return texelFetch(Texture, clamp(p, ivec2(0), ivec2(Size) - 1), 0).r; }
void main() {
  vec2 t = Frag_UV * Size - 0.5;
  ivec2 i = ivec2(floor(t));
  vec2 f = t - floor(t);
  float v = mix(mix(at(i), at(i + ivec2(1, 0)), f.x), mix(at(i + ivec2(0, 1)), at(i + ivec2(1, 1)), f.x), f.y);
  float g;
  if (LutEntries > 0.0) {
    // The file's VOI LUT (PS3.3 C.11.2.1.1): 256 entries per texture row.
    float k = clamp(floor(v + 0.5) - LutFirst, 0.0, LutEntries - 1.0);
    g = texelFetch(Lut, ivec2(int(mod(k, 256.0)), int(floor(k / 256.0))), 0).r / LutMax;
  } else {
    float w = max(Width, 1.0);
    g = clamp((v - (Center - 0.5)) / max(w - 1.0, 1e-6) + 0.5, 0.0, 1.0);
  }
  g = mix(g, 1.0 - g, Invert);
  Out_Color = vec4(g, g, g, 1.0) * Frag_Color;
})";

struct Program {
  GLuint id = 0;
  GLint projection = -1, size = -1, center = -1, width = -1, invert = -1, texture = -1;
  GLint lut = -1, lutFirst = -1, lutEntries = -1, lutMax = -1;
  bool failed = false;
};
Program program;
bool prepareAsked = false;  // prepareGrey has put its callback in a frame

GLuint compile(GLenum kind, const char* source) {
  const GLuint s = glCreateShader(kind);
  glShaderSource(s, 1, &source, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[512] = {};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    std::fprintf(stderr, "renkei: grey shader does not compile: %s\n", log);
  }
  return s;
}

/// Links the program with ImGui's attribute locations (read off ImGui's program, current now).
bool ready() {
  if (program.id || program.failed) return program.id != 0;
  GLint imgui = 0;
  glGetIntegerv(GL_CURRENT_PROGRAM, &imgui);
  const GLuint vs = compile(GL_VERTEX_SHADER, kVertex), fs = compile(GL_FRAGMENT_SHADER, kFragment);
  const GLuint id = glCreateProgram();
  glAttachShader(id, vs);
  glAttachShader(id, fs);
  for (const char* name : {"Position", "UV", "Color"}) {
    const GLint at = glGetAttribLocation(static_cast<GLuint>(imgui), name);
    if (at >= 0) glBindAttribLocation(id, static_cast<GLuint>(at), name);
  }
  glLinkProgram(id);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(id, GL_LINK_STATUS, &ok);
  if (!ok) {
    std::fprintf(stderr, "renkei: grey shader does not link\n");
    glDeleteProgram(id);
    program.failed = true;
    return false;
  }
  program.id = id;
  program.projection = glGetUniformLocation(id, "ProjMtx");
  program.size = glGetUniformLocation(id, "Size");
  program.center = glGetUniformLocation(id, "Center");
  program.width = glGetUniformLocation(id, "Width");
  program.invert = glGetUniformLocation(id, "Invert");
  program.texture = glGetUniformLocation(id, "Texture");
  program.lut = glGetUniformLocation(id, "Lut");
  program.lutFirst = glGetUniformLocation(id, "LutFirst");
  program.lutEntries = glGetUniformLocation(id, "LutEntries");
  program.lutMax = glGetUniformLocation(id, "LutMax");
  return true;
}

void prepare(const ImDrawList*, const ImDrawCmd*) { ready(); }

void useGrey(const ImDrawList*, const ImDrawCmd* cmd) {
  if (!ready()) return;
  const auto* w = static_cast<const GreyWindow*>(cmd->UserCallbackData);
  const ImDrawData* d = ImGui::GetDrawData();
  const float L = d->DisplayPos.x, R = d->DisplayPos.x + d->DisplaySize.x, T = d->DisplayPos.y, B = d->DisplayPos.y + d->DisplaySize.y;
  const float ortho[16] = {2.0f / (R - L), 0, 0, 0, 0, 2.0f / (T - B), 0, 0, 0, 0, -1, 0, (R + L) / (L - R), (T + B) / (B - T), 0, 1};
  glUseProgram(program.id);
  glUniformMatrix4fv(program.projection, 1, GL_FALSE, ortho);
  glUniform1i(program.texture, 0);
  glUniform2f(program.size, static_cast<float>(w->columns), static_cast<float>(w->rows));
  glUniform1f(program.center, w->center);
  glUniform1f(program.width, w->width);
  glUniform1f(program.invert, w->invert ? 1.0f : 0.0f);
  glUniform1i(program.lut, 1);
  glUniform1f(program.lutFirst, w->lutFirst);
  glUniform1f(program.lutEntries, w->lutTexture ? w->lutEntries : 0.0f);
  glUniform1f(program.lutMax, std::max(1.0f, w->lutMax));
  // Unit 1 for the table (without one, the image itself: a sampler never reads an empty unit);
  // ImGui binds each draw's texture on unit 0, so that must be the active unit again.
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, w->lutTexture ? w->lutTexture : w->imageTexture);
  glActiveTexture(GL_TEXTURE0);
}

void create(unsigned& texture, GLint filter) {
  if (texture) return;
  GLuint t = 0;
  glGenTextures(1, &t);
  texture = t;
  glBindTexture(GL_TEXTURE_2D, t);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
}

}  // namespace

void uploadGrey(unsigned& texture, const std::vector<float>& values, int columns, int rows) {
  create(texture, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);  // a float texture: complete only unfiltered
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, columns, rows, 0, GL_RED, GL_FLOAT, values.data());
}

void uploadRgba(unsigned& texture, const std::vector<unsigned char>& rgba, int columns, int rows) {
  create(texture, GL_LINEAR);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, columns, rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
}

void uploadLut(unsigned& texture, const VoiLut& lut) {
  const int entries = static_cast<int>(lut.data.size());
  const int rows = (entries + 255) / 256;
  std::vector<float> table(static_cast<std::size_t>(rows) * 256, entries ? lut.data.back() : 0.0f);
  for (int k = 0; k < entries; ++k) table[static_cast<std::size_t>(k)] = lut.data[static_cast<std::size_t>(k)];
  create(texture, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, 256, rows, 0, GL_RED, GL_FLOAT, table.data());
}

void drawGrey(ImDrawList* draw, unsigned texture, const ImVec2 c[4], const GreyWindow* window) {
  draw->AddCallback(useGrey, const_cast<GreyWindow*>(window));
  draw->AddImageQuad(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture)), c[0], c[1], c[2], c[3]);
  draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void deleteTexture(unsigned& texture) {
  if (!texture) return;
  const GLuint t = texture;
  glDeleteTextures(1, &t);
  texture = 0;
}

void prepareGrey(ImDrawList* draw) {
  if (program.id || program.failed || prepareAsked) return;
  prepareAsked = true;
  draw->AddCallback(prepare, nullptr);
  draw->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace renkei::app
