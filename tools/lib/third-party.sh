# SPDX-License-Identifier: MIT
# Third-party sources that Emscripten must compile (Dear ImGui, DCMTK) are not in Debian's -dev packages.
# We take them with `apt-get source` (never committed) and cache what we build in a machine-wide directory
# keyed by package version and flags, so only the first run on a machine pays for it.
#
# Sourced by tools/renkei. Needs: RENKEI_CACHE (machine-wide cache dir), log(), die().

RENKEI_CACHE=${RENKEI_CACHE:-/var/cache/renkei}

# Emscripten pitfalls (../shared/notes/toolchain.md): P1 acorn, P3 the emulator node rejects.
export NODE_PATH=/usr/share/nodejs
EMULATOR_FIX="-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch"

# deb_version PKG -> the candidate version apt would give for source package PKG's binary
deb_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }

short_hash() { printf '%s' "$*" | sha256sum | cut -c1-12; }

# fetch_source SRCPKG DEST: unpack `apt-get source SRCPKG` into DEST (once; DEST/.complete marks it)
fetch_source() {
  local pkg=$1 dest=$2
  [ -f "$dest/.complete" ] && return 0
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  ( cd "$dest.tmp" && apt-get source -q --download-only "$pkg" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get source -q --download-only "$pkg" >/dev/null; } ) \
    || die "apt-get source $pkg failed (is the deb-src entry present? see tools/renkei install)"
  ( cd "$dest.tmp" && dpkg-source --no-check -x ./*.dsc src >/dev/null ) || die "dpkg-source -x $pkg failed"
  rm -rf "$dest" && mv "$dest.tmp/src" "$dest" && rm -rf "$dest.tmp"
  touch "$dest/.complete"
}

# imgui_source -> prints the directory holding Dear ImGui's sources (imgui.cpp, backends/)
imgui_source() {
  local ver; ver=$(deb_version libimgui-dev)
  local dir="$RENKEI_CACHE/src/imgui-$ver"
  fetch_source imgui "$dir"
  printf '%s\n' "$dir"
}

DCMTK_WASM_FLAGS="-DCMAKE_BUILD_TYPE=Release -DDCMTK_MODULES=ofstd;oflog;dcmdata;dcmimgle;dcmimage;dcmjpeg;dcmjpls \
-DBUILD_APPS=OFF -DBUILD_SHARED_LIBS=OFF -DDCMTK_WITH_OPENSSL=OFF -DDCMTK_WITH_ZLIB=OFF -DDCMTK_WITH_PNG=OFF \
-DDCMTK_WITH_TIFF=OFF -DDCMTK_WITH_XML=OFF -DDCMTK_WITH_ICONV=OFF -DDCMTK_WITH_ICU=OFF -DDCMTK_WITH_SNDFILE=OFF \
-DDCMTK_WITH_WRAP=OFF -DDCMTK_WITH_OPENJPEG=OFF -DDCMTK_WITH_THREADS=OFF -DDCMTK_WITH_DOXYGEN=OFF \
-DDCMTK_DEFAULT_DICT=builtin -DDCMTK_ENABLE_MANPAGES=OFF -DCMAKE_INSTALL_DATADIC=share/dcmtk -DBUILD_TESTING=OFF"

# dcmtk_wasm -> prints the install prefix of DCMTK built with Emscripten (cached)
dcmtk_wasm() {
  local ver; ver=$(deb_version libdcmtk-dev)
  local emver; emver=$(deb_version emscripten)
  local key; key=$(short_hash "$ver $emver $DCMTK_WASM_FLAGS")
  local prefix="$RENKEI_CACHE/dcmtk-wasm-$ver-$key"
  if [ -f "$prefix/.complete" ]; then printf '%s\n' "$prefix"; return 0; fi
  local src="$RENKEI_CACHE/src/dcmtk-$ver"
  fetch_source dcmtk "$src"
  local bld="$prefix.build"
  rm -rf "$bld" && mkdir -p "$bld/config/include/dcmtk/config"
  # The arith.cc probe cannot run under WASM; DCMTK skips it when a newer arith.h exists.
  # Take the native one and set what differs for a 32-bit long.
  sed -e 's/^\(#define DCMTK_SIGNED_LONG_DIGITS10\) .*/\1 9/' \
      -e 's/^\(#define DCMTK_UNSIGNED_LONG_DIGITS10\) .*/\1 9/' \
      -e 's/^\(#define DCMTK_[A-Z]*_TINYNESS_BEFORE\) .*/\1 OFFalse/' \
      /usr/include/dcmtk/config/arith.h > "$bld/config/include/dcmtk/config/arith.h"
  log "building DCMTK $ver for WebAssembly once for this machine (~10 min on 2 cores) -> $prefix"
  # shellcheck disable=SC2086
  ( cd "$bld" && emcmake cmake -G Ninja "$src" $DCMTK_WASM_FLAGS "$EMULATOR_FIX" \
        -DCMAKE_INSTALL_PREFIX="$prefix" >"$bld/configure.log" 2>&1 ) \
    || die "DCMTK WASM configure failed; see $bld/configure.log"
  ( cd "$bld" && cmake --build . -j"${RENKEI_JOBS:-2}" >"$bld/build.log" 2>&1 && cmake --install . >"$bld/install.log" 2>&1 ) \
    || die "DCMTK WASM build failed; see $bld/build.log"
  touch "$prefix/.complete"
  rm -rf "$bld"
  printf '%s\n' "$prefix"
}

# OpenJPEG for JPEG 2000 frames (DCMTK has no J2K codec): the library only, single-threaded.
OPENJPEG_WASM_FLAGS="-DCMAKE_BUILD_TYPE=Release -DBUILD_CODEC=OFF -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON \
-DBUILD_THIRDPARTY=OFF -DBUILD_TESTING=OFF -DOPJ_USE_THREAD=OFF -DBUILD_JPIP=OFF -DBUILD_JAVA=OFF -DBUILD_DOC=OFF"

# openjpeg_wasm -> prints the install prefix of OpenJPEG built with Emscripten (cached)
# (lib/libopenjp2.a, include/openjpeg-2.5/openjpeg.h)
openjpeg_wasm() {
  local ver; ver=$(deb_version libopenjp2-7)
  [ -n "$ver" ] || die "libopenjp2-7 is not installed (tools/renkei install)"
  local emver; emver=$(deb_version emscripten)
  local key; key=$(short_hash "$ver $emver $OPENJPEG_WASM_FLAGS")
  local prefix="$RENKEI_CACHE/openjpeg-wasm-$ver-$key"
  if [ -f "$prefix/.complete" ]; then printf '%s\n' "$prefix"; return 0; fi
  local src="$RENKEI_CACHE/src/openjpeg2-$ver"
  fetch_source openjpeg2 "$src"
  local bld="$prefix.build"
  rm -rf "$bld" "$prefix" && mkdir -p "$bld"
  log "building OpenJPEG $ver for WebAssembly once for this machine (~30 s) -> $prefix"
  # shellcheck disable=SC2086
  ( cd "$bld" && emcmake cmake -G Ninja "$src" $OPENJPEG_WASM_FLAGS "$EMULATOR_FIX" \
        -DCMAKE_INSTALL_PREFIX="$prefix" >"$bld/configure.log" 2>&1 ) \
    || die "OpenJPEG WASM configure failed; see $bld/configure.log"
  ( cd "$bld" && cmake --build . --target openjp2 -j"${RENKEI_JOBS:-2}" >"$bld/build.log" 2>&1 \
      && cmake --install . >"$bld/install.log" 2>&1 ) \
    || die "OpenJPEG WASM build failed; see $bld/build.log"
  [ -f "$prefix/lib/libopenjp2.a" ] && [ -f "$prefix/include/openjpeg-2.5/openjpeg.h" ] \
    || die "OpenJPEG WASM install is incomplete ($prefix)"
  touch "$prefix/.complete"
  rm -rf "$bld"
  printf '%s\n' "$prefix"
}
