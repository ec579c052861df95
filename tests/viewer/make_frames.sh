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
native=$(cd "$1" && pwd) out=$(realpath -m "$2") here=$(cd "$(dirname "$0")" && pwd)
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

# PALETTE COLOR (written by DCMTK): compared with DCMTK's DicomImage rendering of the tables.
"$tool" palette $d/palette.dcm
case_dcm palette-explicit palette palette-dcmtk 0 copy
case_dcm palette-rle palette palette-dcmtk 0 dcmcrle
"$tool" rendered $d/palette.dcm . palette-dcmtk

# Files written by other software (pydicom's test files: GDCM, pydicom, DCMTK and others), decoded
# by other software for the reference: pydicom itself (uncompressed, RLE) or GDCM (gdcmconv --raw,
# the JPEG family) — not by DCMTK, not by the viewer. DCMTK's DicomImage rendering is a second
# reference for the colour ones ("-dcmtk": DicomImage's RGB of the reference decoder's values). Lossy syntaxes within the tolerance of two decoders.
foreign_dir=${RENKEI_FOREIGN_DICOM:-/usr/lib/python3/dist-packages/pydicom/data/test_files}
# NAME REFERENCE-DECODER TOLERANCE [DCMTK-TOLERANCE]
while read -r file decoder tol dcmtk_tol; do
  [ -n "$file" ] || continue
  name=foreign-$(echo "$file" | tr 'A-Z+_' 'a-z--')
  [ -f "$foreign_dir/$file.dcm" ] || { echo "make_frames: $foreign_dir/$file.dcm is missing (apt-get install python3-pydicom)" >&2; exit 1; }
  cp "$foreign_dir/$file.dcm" "$d/$name.dcm"
  if [ "$decoder" = pydicom ]; then
    "$here/foreign_reference.py" "$d/$name.dcm" "$d/$name-ref.dcm"
  else
    gdcmconv --raw "$d/$name.dcm" "$d/$name-ref.dcm"
  fi
  "$tool" extract "$d/$name.dcm" . "$name"
  "$tool" extract "$d/$name-ref.dcm" . "$name-ref"
  add "$name" "$name-ref" "$tol"
  if [ -n "$dcmtk_tol" ]; then "$tool" rendered "$d/$name-ref.dcm" . "$name-dcmtk"; add "$name" "$name-dcmtk" "$dcmtk_tol"; fi
done <<'FILES'
CT_small pydicom 0
MR_small_implicit pydicom 0
MR_small_bigendian pydicom 0
MR_small_RLE pydicom 0
image_dfl pydicom 0
ExplVR_BigEnd pydicom 0 0
SC_rgb_rle pydicom 0 0
SC_rgb_rle_16bit pydicom 0
SC_ybr_full_422_uncompressed pydicom 0 2
MR_small_jpeg_ls_lossless gdcm 0
MR_small_jp2klossless gdcm 0
JPEG2000 gdcm 0
693_J2KI gdcm 0
J2K_pixelrep_mismatch gdcm 0
GDCMJ2K_TextGBR gdcm 0 0
SC_rgb_gdcm_KY gdcm 0 0
SC_rgb_jpeg_gdcm gdcm 0 0
JPGExtended gdcm 1
SC_rgb_jpeg_lossy_gdcm gdcm 2 2
SC_rgb_dcmtk_+eb+cy+np gdcm 2 2
SC_rgb_dcmtk_+eb+cy+s4 gdcm 2 2
SC_jpeg_no_color_transform gdcm 2 2
FILES

printf '%s\n' "${cases[@]}" > cases.txt
cd / && rm -rf "$out" && mv "$out.tmp" "$out"
echo "made $(wc -l < "$out/cases.txt") test frames in $out"
