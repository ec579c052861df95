#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz.sh BINARY TARGET SECONDS WORKDIR — one libFuzzer target (issue 15 §2):
#   1. replays every input in tests/fuzz/regressions/TARGET (crashers found before: they must pass),
#   2. fuzzes for SECONDS from the corpus WORKDIR/corpus/TARGET, which starts from the seeds in
#      tests/fuzz/seeds/TARGET and, for dicom, from other software's files (pydicom's test files)
#      and renkei-admin's synthetic studies in every transfer syntax it writes; the corpus is kept,
#      so each run goes on from the last,
#   3. prints "TARGET: N executions in S s (R/s), corpus K inputs" and appends it to WORKDIR/runs.tsv.
# A crash leaves its input in WORKDIR/artifacts/ and fails; add it to regressions/TARGET once fixed.
# RENKEI_FUZZ_SEED=N fixes libFuzzer's random seed (tools/renkei test: 1, so that CI retraces the
# same path from the same seeds); unset, every run explores anew.
set -euo pipefail
BIN=$1 TARGET=$2 SECONDS_=$3 WORK=$4
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus=$WORK/corpus/$TARGET artifacts=$WORK/artifacts logs=$WORK/logs
mkdir -p "$corpus" "$artifacts" "$logs"
cp -n "$HERE/seeds/$TARGET"/* "$corpus"/ 2>/dev/null || true

if [ "$TARGET" = dicom ] && [ ! -e "$corpus/.generated" ]; then
  # Other software's DICOM (pydicom's test files: many syntaxes, character sets, odd encodings).
  pyd=$(python3 -c 'import pydicom, os; print(os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files"))' 2>/dev/null || true)
  if [ -n "$pyd" ] && [ -d "$pyd" ]; then
    find "$pyd" -maxdepth 1 -type f -size -300k ! -name '*.py' ! -name '*.json' ! -name '*.txt' -exec cp -n {} "$corpus"/ \;
  fi
  # Ours, in every syntax the generator writes (small images: the fuzzer mutates headers and fragments).
  admin=${RENKEI_ADMIN:-$(cd "$WORK/../.." 2>/dev/null && pwd)/native/server/renkei-admin}
  if [ -x "$admin" ]; then
    for syntax in explicit implicit jpeg-lossless jpeg-ls rle deflate; do
      "$admin" synthesize-dicom --out "$WORK/synthetic/$syntax" --patient FUZZ1 --kind ct --slices 1 --size 16 \
        --syntax "$syntax" >/dev/null 2>&1 && cp "$WORK/synthetic/$syntax"/*.dcm "$corpus/synthetic-$syntax.dcm" || true
    done
    "$admin" synthesize-dicom --out "$WORK/synthetic/dxa" --patient FUZZ2 --kind dxa --size 16 >/dev/null 2>&1 &&
      cp "$WORK/synthetic/dxa"/*.dcm "$corpus/synthetic-dxa.dcm" || true
  fi
  touch "$corpus/.generated"
fi

regressions=("$HERE/regressions/$TARGET"/*)
if [ -e "${regressions[0]}" ]; then
  if ! "$BIN" -close_fd_mask=1 "${regressions[@]}" >"$logs/$TARGET-regressions.log" 2>&1; then
    tail -40 "$logs/$TARGET-regressions.log"
    echo "$TARGET: a regression input fails again (log: $logs/$TARGET-regressions.log)"
    exit 1
  fi
  echo "$TARGET: ${#regressions[@]} regression inputs pass"
fi

rc=0
"$BIN" -max_total_time="$SECONDS_" -seed="${RENKEI_FUZZ_SEED:-0}" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=1 \
  -artifact_prefix="$artifacts/$TARGET-" "$corpus" >"$logs/$TARGET.log" 2>&1 || rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$TARGET.log" | tail -1)
took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$logs/$TARGET.log" | tail -1)
inputs=$(find "$corpus" -maxdepth 1 -type f ! -name '.*' | wc -l)
if [ "$rc" != 0 ]; then
  grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$logs/$TARGET.log" | head -30
  tail -30 "$logs/$TARGET.log"
  echo "$TARGET: CRASH after ${runs:-?} executions (exit $rc); the input is in $artifacts, the log in $logs/$TARGET.log"
  exit 1
fi
took=${took:-$SECONDS_}
printf '%s: %s executions in %s s (%s/s), corpus %s inputs\n' "$TARGET" "${runs:-?}" "$took" \
  "$(awk -v r="${runs:-0}" -v s="$took" 'BEGIN { printf "%d", (s > 0 ? r / s : r) }')" "$inputs"
printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$TARGET" "$took" "${runs:-?}" "$inputs" >>"$WORK/runs.tsv"
