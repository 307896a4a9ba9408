#!/bin/sh
# A full standard output is an error mccc reports, not a silent success:
# each command below writes to /dev/full (every write fails with ENOSPC) and
# must exit 2 with the French message, whichever way its output goes out
# (eval: through the record path and out_close; version: only through main's
# final fclose of stdout).
#
# Usage: sh tests/stdout-full.sh [PATH-TO-MCCC]   (default: ./mccc)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
mccc=${1:-$root/mccc}
if [ ! -w /dev/full ]; then
  echo "stdout-full: /dev/full missing, skipped"
  exit 0
fi
want="mccc: erreur d’écriture sur la sortie standard"
fail=0
check() { # name, command...
  name=$1
  shift
  err=$("$@" 2>&1 >/dev/full)
  rc=$?
  last=$(printf '%s\n' "$err" | grep -c "^$want")
  if [ $rc -ne 2 ] || [ "$last" -ne 1 ]; then
    echo "FAIL stdout-full $name: status $rc (expected 2), message seen $last time(s) (expected once)"
    printf '%s\n' "$err" | grep -v '^note:\|^warning:' | head -5
    fail=1
  fi
}
check version "$mccc" version
check eval "$mccc" eval --format jsonl "$root/rules/but-info-rodez-2025-2026.mccc" \
  "$root/tests/data/examples/cohort-small.csv"
check fmt "$mccc" fmt "$root/rules/but-info-rodez-2025-2026.mccc"
[ $fail = 0 ] && echo "stdout-full: all passed"
exit $fail
