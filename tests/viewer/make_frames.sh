#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Test frames for the viewer's decoder (issue 11), made with native tools only:
#   make_frames.sh NATIVE_BUILD OUTDIR
# Synthetic images (a 16-bit signed CT phantom, a 12-bit unsigned copy, 8-bit RGB by pixel and by
# plane) converted with DCMTK's command-line tools (dcmconv, dcmcrle, dcmcjpeg, dcmcjpls) and
# encoded with OpenJPEG (frame_tool j2k); each frame extracted with DCMTK as the server sends it.
# Writes OUTDIR/NAME.frame + NAME.desc per case, OUTDIR/cases.txt ("NAME REFERENCE TOLERANCE":
# the decoded values must equal REFERENCE's within TOLERANCE; 0 = lossless) and
# OUTDIR/REFERENCE.dcmtk (DCMTK's own checksum of the uncompressed values).
set -euo pipefail
native=$(cd "$1" && pwd) out=$(realpath -m "$2")
tool=$native/tests/viewer/frame_tool
rm -rf "$out.tmp" && mkdir -p "$out.tmp/dcm"
cd "$out.tmp"
d=dcm
"$native/tests/dicom/make_test_dicom" $d/ct.dcm 256 256
"$tool" ct12 $d/ct.dcm $d/ct12.dcm
"$tool" rgb $d/rgb.dcm 96 128
"$tool" rgb $d/rgb-planar.dcm 96 128 planar

cases=()
add() { cases+=("$1 $2 $3"); }
# case NAME INPUT REFERENCE TOLERANCE CONVERTER [ARGS...]: INPUT converted by CONVERTER ARGS, extracted
case_dcm() {
  local name=$1 input=$2 ref=$3 tol=$4; shift 4
  if [ "$1" = copy ]; then [ "$input" = "$name" ] || cp "$d/$input.dcm" "$d/$name.dcm"; else "$@" "$d/$input.dcm" "$d/$name.dcm"; fi
  "$tool" extract "$d/$name.dcm" . "$name"
  add "$name" "$ref" "$tol"
}
for img in ct ct12 rgb; do
  "$tool" reference $d/$img.dcm > $img-explicit.dcmtk
done

case_dcm ct-explicit ct ct-explicit 0 copy
case_dcm ct-implicit ct ct-explicit 0 dcmconv +ti
case_dcm ct-big-endian ct ct-explicit 0 dcmconv +tb
case_dcm ct-rle ct ct-explicit 0 dcmcrle
case_dcm ct-jpeg-lossless-sv1 ct ct-explicit 0 dcmcjpeg +e1
case_dcm ct-jpeg-lossless ct ct-explicit 0 dcmcjpeg +el
case_dcm ct-jpeg-lossless-fragments ct ct-explicit 0 dcmcjpeg +e1 +fs 8
case_dcm ct-jpeg-ls ct ct-explicit 0 dcmcjpls +el
"$tool" j2k $d/ct.dcm . ct-j2k-lossless lossless j2k && add ct-j2k-lossless ct-explicit 0
"$tool" j2k $d/ct.dcm . ct-jp2-lossless lossless jp2 && add ct-jp2-lossless ct-explicit 0
"$tool" j2k $d/ct.dcm . ct-j2k-lossy lossy j2k && add ct-j2k-lossy ct-explicit 400

case_dcm ct12-explicit ct12 ct12-explicit 0 copy
case_dcm ct12-big-endian ct12 ct12-explicit 0 dcmconv +tb
case_dcm ct12-jpeg-extended ct12 ct12-explicit 200 dcmcjpeg +ee
case_dcm ct12-jpeg-ls ct12 ct12-explicit 0 dcmcjpls +el
case_dcm ct12-jpeg-ls-near ct12 ct12-explicit 2 dcmcjpls +en +md 2
"$tool" j2k $d/ct12.dcm . ct12-j2k-lossless lossless j2k && add ct12-j2k-lossless ct12-explicit 0

case_dcm rgb-explicit rgb rgb-explicit 0 copy
case_dcm rgb-planar rgb-planar rgb-explicit 0 copy
case_dcm rgb-rle rgb rgb-explicit 0 dcmcrle
case_dcm rgb-planar-rle rgb-planar rgb-explicit 0 dcmcrle
case_dcm rgb-jpeg-baseline rgb rgb-explicit 64 dcmcjpeg +eb
case_dcm rgb-jpeg-lossless rgb rgb-explicit 0 dcmcjpeg +e1
case_dcm rgb-jpeg-ls rgb rgb-explicit 0 dcmcjpls +el
"$tool" j2k $d/rgb.dcm . rgb-j2k-lossless lossless j2k && add rgb-j2k-lossless rgb-explicit 0
"$tool" j2k $d/rgb.dcm . rgb-j2k-lossy lossy jp2 && add rgb-j2k-lossy rgb-explicit 64

printf '%s\n' "${cases[@]}" > cases.txt
cd / && rm -rf "$out" && mv "$out.tmp" "$out"
echo "made $(wc -l < "$out/cases.txt") test frames in $out"
