#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The viewer's decoder in WebAssembly decodes a test frame exactly like the native build.
#   compare_frames.sh NATIVE_DECODE_FRAME WASM_DECODE_FRAME_JS FRAMES_DIR CASE
set -euo pipefail
native=$1 wasm=$2 dir=$3 name=$4
want=$("$native" "$dir" "$name") || { echo "FAIL: native: $want"; exit 1; }
got=$(/usr/bin/node --no-experimental-fetch "$wasm" "$dir" "$name") || { echo "FAIL: wasm: $got"; exit 1; }
echo "native: $want"
echo "wasm:   $got"
[ "$want" = "$got" ] || { echo "FAIL: WebAssembly and native decode $name differently"; exit 1; }
echo "OK"
