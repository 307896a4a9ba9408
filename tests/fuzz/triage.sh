#!/bin/sh
# Group crash inputs by their cause: runs each file once and prints the
# sanitizer summary (or the harness's abort message) with the first frame in
# src/ or build/, then one file per group.
#
# Usage: sh tests/fuzz/triage.sh TARGET FILE...     e.g.
#        sh tests/fuzz/triage.sh overrides build-fuzz/artifacts/overrides/*
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
t=$1
shift
bin=${OUT:-$root/build-fuzz}/fuzz_$t
export MCCC_RULES=${MCCC_RULES:-$root/rules/but-info-rodez-2025-2026.mccc}
export MCCC_FUZZ_DATA=${MCCC_FUZZ_DATA:-$here/data}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in "$@"; do
  "$bin" "$f" >"$tmp" 2>&1 && continue
  sig=$(grep -m1 -o 'SUMMARY: [A-Za-z]*Sanitizer: [a-z-]*\|runtime error: .*\|^fuzz_[a-z]*: [^(]*' "$tmp" | head -1)
  frame=$(grep -m1 -o ' in [a-z_0-9]* [^ ]*/\(src\|build\)/[a-z_]*\.[cy]:[0-9]*' "$tmp" | head -1)
  printf '%s | %s\t%s\n' "$sig" "$frame" "$f"
done | sort | awk -F'\t' '{ if ($1 != last) { print $1; print "    " $2 } else n[$1]++; last = $1 } END { for (k in n) print "(" n[k] " more: " k ")" }'
