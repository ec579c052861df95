#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# DCMTK in WebAssembly decodes like native DCMTK (issue 3, R-VIEW-2 groundwork).
#   compare_decoders.sh SYNTAX NATIVE_BUILD WASM_DECODER_JS WORKDIR
# SYNTAX: explicit | implicit | rle | jpeg-lossless | jpeg-ls
# Generates a synthetic CT slice (native DCMTK), converts it with DCMTK's own command-line tools,
# decodes it natively and under node, and requires identical checksums — and, the codecs being
# lossless, the same decoded pixels as the uncompressed original.
set -euo pipefail
syntax=$1 native=$2 wasm=$3 work=$4/$1
rm -rf "$work" && mkdir -p "$work"
"$native/tests/dicom/make_test_dicom" "$work/original.dcm" 256 256
case $syntax in
  explicit) cp "$work/original.dcm" "$work/test.dcm"; want=1.2.840.10008.1.2.1 ;;
  implicit) dcmconv +ti "$work/original.dcm" "$work/test.dcm"; want=1.2.840.10008.1.2 ;;
  rle) dcmcrle "$work/original.dcm" "$work/test.dcm"; want=1.2.840.10008.1.2.5 ;;
  jpeg-lossless) dcmcjpeg +e1 "$work/original.dcm" "$work/test.dcm"; want=1.2.840.10008.1.2.4.70 ;;
  jpeg-ls) dcmcjpls +el "$work/original.dcm" "$work/test.dcm"; want=1.2.840.10008.1.2.4.80 ;;
  *) echo "unknown syntax $syntax"; exit 2 ;;
esac
cd "$work"
"$native/tests/dicom/decode_checksum" original.dcm > original.txt
"$native/tests/dicom/decode_checksum" test.dcm > native.txt
/usr/bin/node --no-experimental-fetch "$wasm" test.dcm > wasm.txt
echo "original: $(cat original.txt)"
echo "native:   $(cat native.txt)"
echo "wasm:     $(cat wasm.txt)"
grep -q "xfer=$want " native.txt || { echo "FAIL: the test file is not in $want"; exit 1; }
cmp -s native.txt wasm.txt || { echo "FAIL: WebAssembly and native DCMTK disagree"; exit 1; }
field() { sed -E "s/.* $1=([^ ]*).*/\1/" "$2"; }
[ "$(field raw original.txt)" = "$(field raw wasm.txt)" ] || { echo "FAIL: decoded pixels differ from the original"; exit 1; }
[ "$(field rendered original.txt)" = "$(field rendered wasm.txt)" ] || { echo "FAIL: rendered image differs"; exit 1; }
echo "OK: $syntax decodes identically"
