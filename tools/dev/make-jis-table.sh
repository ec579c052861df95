#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make-jis-table.sh — regenerates the two tables core/text/JapaneseText.cpp embeds:
#   core/text/jisx0208.tsv         JIS X 0208 (+ the NEC row 13) → Unicode
#   core/text/cp932-extensions.tsv the CP932 NEC-selected IBM and IBM extensions → Unicode
# Run once on Debian (glibc iconv); the output is committed, so neither the build nor the app ever
# needs iconv.
#
#   tools/dev/make-jis-table.sh [OUT [EXT_OUT]]
#       (defaults: core/text/jisx0208.tsv next to this script, cp932-extensions.tsv next to OUT)
#
# Rows 1–94 come from glibc's EUC-JP converter (the JIS standard mapping). EUC-JP has nothing in
# row 13, so that row comes from glibc's CP932 converter (the NEC special characters Windows
# writes: ①, Ⅰ, ㍉, ㎎, №, ㈱ …). One iconv process per row: a row's 94 cells go in as one
# stream, one cell per line, and `iconv -c` drops unmapped cells, leaving their line empty.
#
# The extensions (Shift_JIS lead bytes 0xED 0xEE and 0xFA–0xFC: 髙 﨑 ⅰ …) have no JIS row/cell,
# so they are keyed by their CP932 bytes and come from glibc's CP932 converter, one iconv process
# per lead byte (all 188 trail bytes as one stream), plus one for the trail bytes alone and one
# that re-checks the result: seven in all.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${1:-$ROOT/core/text/jisx0208.tsv}
EXT_OUT=${2:-$(dirname "$OUT")/cp932-extensions.tsv}
export LC_ALL=C.UTF-8  # printf "'c" must see UTF-8 characters to print their code point

command -v iconv >/dev/null || { echo "make-jis-table: iconv (glibc) is needed" >&2; exit 1; }

# sjis_bytes ROW CELL: appends to $fmt the Shift_JIS/CP932 byte pair of a JIS row/cell (both 1..94)
# as \xHH\xHH\n (no command substitution: a subshell per cell made the script 10 times slower)
sjis_bytes() {
  local row=$1 cell=$2 lead trail pair
  if ((row <= 62)); then lead=$(((row + 1) / 2 + 0x80)); else lead=$(((row + 1) / 2 + 0xC0)); fi
  if ((row % 2 == 1)); then
    trail=$((cell + 0x3F))
    ((trail >= 0x7F)) && trail=$((trail + 1))  # 0x7F is never a trail byte
  else
    trail=$((cell + 0x9E))
  fi
  printf -v pair '\\x%02X\\x%02X\\n' "$lead" "$trail"
  fmt+=$pair
}

# euc_bytes ROW CELL: appends to $fmt the EUC-JP byte pair of a JIS row/cell as \xHH\xHH\n
euc_bytes() {
  local pair
  printf -v pair '\\x%02X\\x%02X\\n' $(($1 + 0xA0)) $(($2 + 0xA0))
  fmt+=$pair
}

# row_table ROW -> the table lines of one row
row_table() {
  local row=$1 charset=EUC-JP bytes=euc_bytes fmt="" cell
  if ((row == 13)); then charset=CP932 bytes=sjis_bytes; fi
  for ((cell = 1; cell <= 94; cell++)); do $bytes "$row" "$cell"; done
  local -a chars
  # -c: skip what has no Unicode mapping (exit status 1 then); the line count is checked below.
  mapfile -t chars < <(printf '%b' "$fmt" | iconv -c -f "$charset" -t UTF-8 || true)
  if ((${#chars[@]} != 94)); then
    echo "make-jis-table: row $row gave ${#chars[@]} lines, not 94" >&2
    exit 1
  fi
  local ch cp
  for ((cell = 1; cell <= 94; cell++)); do
    ch=${chars[cell - 1]}
    [ -z "$ch" ] && continue
    if ((${#ch} != 1)); then
      echo "make-jis-table: row $row cell $cell maps to more than one character" >&2
      exit 1
    fi
    printf -v cp '%d' "'$ch"
    # Private-use code points would be vendor gaiji, not JIS X 0208: leave such cells unmapped.
    ((cp >= 0xE000 && cp <= 0xF8FF)) && continue
    printf '%02X%02X\t%04X\t%s\n' $((row + 0x20)) $((cell + 0x20)) "$cp" "$ch"
  done
}

# ---------------------------------------------------------------------------------------------
# The CP932 extensions

EXT_LEADS=(0xED 0xEE 0xFA 0xFB 0xFC)
TRAILS=()  # the 188 Shift_JIS trail bytes in order: 0x40–0x7E, 0x80–0xFC
for ((t = 0x40; t <= 0xFC; t++)); do ((t != 0x7F)) && TRAILS+=("$t"); done

# utf32_lines: UTF-32BE on stdin → one line per input line, its code points as 8 hex digits
# separated by spaces. UTF-32 because a code point is then simply 4 bytes, with no need to ask the
# shell what character a string holds.
utf32_lines() {
  od -An -v -tx1 -w4 | tr -d ' ' |
    awk '$0 == "0000000a" { print line; line = ""; next } { line = line (line == "" ? "" : " ") toupper($0) }'
}

# cp932_lines LABEL FMT ARRAY: the printf '%b' format FMT (cells, one per line) through glibc's
# CP932 converter with -c, into ARRAY as utf32_lines; exits unless there is one line per trail byte.
cp932_lines() {
  local -n lines_out=$3
  # -c: skip what has no Unicode mapping (exit status 1 then); the line count is checked below.
  mapfile -t lines_out < <(printf '%b' "$2" | iconv -c -f CP932 -t UTF-32BE | utf32_lines || true)
  if ((${#lines_out[@]} != ${#TRAILS[@]})); then
    echo "make-jis-table: $1 gave ${#lines_out[@]} lines, not ${#TRAILS[@]}" >&2
    exit 1
  fi
}

# ext_table -> the table lines of the extension lead bytes
ext_table() {
  local fmt="" pair t i lead cell cp ch
  # For an unmapped pair glibc's `iconv -c` drops the lead byte only and reads the trail byte on its
  # own, so that cell's line is whatever the trail byte alone gives (an ASCII letter, a half-width
  # katakana, or nothing when the trail byte is itself a lead byte that the newline cannot follow).
  # Hence one stream of the trail bytes alone: a cell whose line equals it is unmapped. (A mapped
  # pair never equals it: CP932's double-byte cells hold no ASCII and no half-width katakana.)
  for t in "${TRAILS[@]}"; do printf -v pair '\\x%02X\\n' "$t"; fmt+=$pair; done
  local -a alone cells
  cp932_lines "the trail bytes alone" "$fmt" alone
  local check_fmt="" expected=""
  for lead in "${EXT_LEADS[@]}"; do
    fmt=""
    for t in "${TRAILS[@]}"; do printf -v pair '\\x%02X\\x%02X\\n' "$lead" "$t"; fmt+=$pair; done
    cp932_lines "lead byte $lead" "$fmt" cells
    for ((i = 0; i < ${#TRAILS[@]}; i++)); do
      cell=${cells[i]}
      [[ -z $cell || $cell == "${alone[i]}" ]] && continue
      if [[ $cell == *" "* ]]; then
        printf 'make-jis-table: %02X%02X maps to more than one character\n' "$lead" "${TRAILS[i]}" >&2
        exit 1
      fi
      cp=$((16#$cell))
      # Private use would be a vendor's gaiji, meaning nothing outside the sender: leave it unmapped.
      ((cp >= 0xE000 && cp <= 0xF8FF)) && continue
      printf -v ch '%b' "\\U$cell"
      printf '%02X%02X\t%04X\t%s\n' "$lead" "${TRAILS[i]}" "$cp" "$ch"
      printf -v pair '\\x%02X\\x%02X\\n' "$lead" "${TRAILS[i]}"
      check_fmt+=$pair
      expected+="$cell"$'\n'
    done
  done
  # Re-check: every pair taken as mapped, without -c, must convert as a whole to the code point
  # recorded for it (no byte dropped), or the trail-byte reasoning above went wrong.
  local got
  got=$(printf '%b' "$check_fmt" | iconv -f CP932 -t UTF-32BE | utf32_lines) || {
    echo "make-jis-table: a pair taken as mapped does not convert" >&2
    exit 1
  }
  if [[ "$got"$'\n' != "$expected" ]]; then
    echo "make-jis-table: the re-check of the extensions disagrees with the table" >&2
    exit 1
  fi
}

ext_header() {
  cat <<'EOF'
# SPDX-License-Identifier: MIT
# CP932 (Windows Shift_JIS) extensions → Unicode, generated by tools/dev/make-jis-table.sh with
# glibc iconv (-f CP932 -t UTF-32BE). Do not edit.
#
# One line per mapped double-byte code: the two Shift_JIS/CP932 bytes in hex (FBFC is 髙), a tab,
# the Unicode scalar value in hex, a tab, the character itself (for reading only; the decoder uses
# the hex value).
#
# Lead bytes 0xED 0xEE: the NEC-selected IBM extensions; 0xFA–0xFC: the IBM extensions. Both hold
# the same characters for the most part (ⅰ–ⅹ, ￢ ￤ ＇ ＂ and 360 kanji such as 髙 﨑 德 纊), and both
# byte forms decode, since Windows writes either; 0xFA also holds Ⅰ–Ⅹ ㈱ № ℡ ∵, copies of row 13
# and row 2. Every trail byte 0x40–0x7E, 0x80–0xFC was tried; unmapped cells are absent, and so are
# cells that would map to private use (none in glibc 2.36).
#
# Not included: the user-defined area 0xF0–0xF9 (gaiji, private use) and JIS X 0208 itself
# (jisx0208.tsv). ISO-2022-JP has no code for these characters, so only Shift_JIS uses this table.
EOF
}

# write_table FILE GENERATOR…: runs the generator into a temporary file, then replaces FILE
write_table() {
  local file=$1 tmp
  shift
  tmp=$(mktemp)
  trap 'rm -f "$tmp"' EXIT
  "$@" >"$tmp"
  mv "$tmp" "$file"
  trap - EXIT
  echo "make-jis-table: wrote $(grep -vc '^#' "$file") cells to $file" >&2
}

jis_file() {
  cat <<'EOF'
# SPDX-License-Identifier: MIT
# JIS X 0208 → Unicode, generated by tools/dev/make-jis-table.sh with glibc iconv. Do not edit.
#
# One line per mapped cell: the JIS code as the two bytes ISO-2022-JP sends after ESC $ B (row and
# cell + 0x20, in hex: 3021 is row 16 cell 1, 亜), a tab, the Unicode scalar value in hex, a tab,
# the character itself (for reading only; the decoder uses the hex value).
#
# Rows 1–84 (except 13): glibc's EUC-JP converter, i.e. the JIS standard mapping. For the cells
# where JIS and Windows (CP932) disagree the table holds the JIS choice:
#   2141 → 301C WAVE DASH              (CP932: FF5E FULLWIDTH TILDE)
#   2142 → 2016 DOUBLE VERTICAL LINE   (CP932: 2225 PARALLEL TO)
#   215D → 2212 MINUS SIGN             (CP932: FF0D FULLWIDTH HYPHEN-MINUS)
#   2171 → 00A2 CENT SIGN              (CP932: FFE0 FULLWIDTH CENT SIGN)
#   2172 → 00A3 POUND SIGN             (CP932: FFE1 FULLWIDTH POUND SIGN)
#   224C → 00AC NOT SIGN               (CP932: FFE2 FULLWIDTH NOT SIGN)
# and where glibc's EUC-JP already agrees with CP932:
#   2140 → FF3C FULLWIDTH REVERSE SOLIDUS, 213D → 2015 HORIZONTAL BAR
# (the Shift_JIS decoder swaps in the CP932 choices itself, see JapaneseText.cpp).
#
# Row 13 (not in JIS X 0208; EUC-JP leaves it empty): the NEC special characters as glibc's CP932
# converter maps them (①–⑳, Ⅰ–Ⅹ, ㍉ ㌔ …, ㎜ ㎎ ㏄, ㍻, 〝〟, №, ㏍, ℡, ㊤…, ㈱ ㈲ ㈹, ㍾ ㍽ ㍼,
# and ≒ ≡ ∫ ∮ ∑ √ ⊥ ∠ ∟ ⊿ ∵ ∩ ∪, some of which repeat row 2). Windows writes them in
# Shift_JIS and in ISO-2022-JP mail alike.
#
# Not included: rows 85–94 (user-defined in EUC-JP; private-use cells are skipped on purpose),
# NEC-selected IBM extensions (rows 89–92 in CP932) and JIS X 0212.
EOF
  for ((row = 1; row <= 94; row++)); do row_table "$row"; done
}

ext_file() {
  ext_header
  ext_table
}

write_table "$OUT" jis_file
write_table "$EXT_OUT" ext_file
