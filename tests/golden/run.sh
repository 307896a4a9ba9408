#!/bin/sh
# Golden tests. Each directory tests/golden/cases/NAME holds:
#   cmd          the arguments given to mccc, one line; it runs in a scratch copy
#                of the case directory, with $ROOT the repository's root
#   setup        (optional) shell commands run there first, e.g. to derive a
#                variant of the regulation with sed
#   stdout       expected standard output, byte for byte   (or:)
#   expect.jsonl expected standard output compared as JSON values, record by record
#   stderr       expected standard error, byte for byte (absent: not compared)
#   status       expected exit status (absent: 0)
#   absent       (optional) paths, one a line, that must not exist after the run
#                (an output file must never be left half-written)
# Usage: run.sh PATH-TO-MCCC [CASE...]. MCCC_WRAP (e.g. valgrind ...) prefixes
# the command; MCCC_UPDATE=1 rewrites stdout/stderr/status from the actual run.
# A case that runs longer than MCCC_CASE_TIMEOUT seconds (default 300, where
# the system has `timeout`) is stopped and fails: a hang is a failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/../.." && pwd)
export ROOT
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
jsonl_eq="$here/../../${BUILD:-build}/jsonl-eq"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout ${MCCC_CASE_TIMEOUT:-300}"
if [ $# -gt 0 ]; then cases="$*"; else cases=$(ls "$here/cases"); fi
for name in $cases; do
  dir="$here/cases/$name"
  [ -f "$dir/cmd" ] || continue
  args=$(cat "$dir/cmd")
  want_status=0
  [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
  rm -rf "$tmp/case" && cp -R "$dir" "$tmp/case"
  if [ -f "$dir/setup" ] && ! (cd "$tmp/case" && sh ./setup) >"$tmp/setup.log" 2>&1; then
    fail=$((fail + 1)); echo "FAIL $name: setup failed"; sed 's/^/    /' "$tmp/setup.log"; continue
  fi
  (cd "$tmp/case" && eval "$limit ${MCCC_WRAP:-} \"$bin\" $args" >"$tmp/out" 2>"$tmp/err" </dev/null)
  got_status=$?
  if [ -n "$limit" ] && [ "$got_status" = 124 ]; then
    fail=$((fail + 1)); echo "FAIL $name: still running after ${MCCC_CASE_TIMEOUT:-300} s (stopped)"; continue
  fi
  if [ "${MCCC_UPDATE:-}" = 1 ]; then
    [ -f "$dir/expect.jsonl" ] || cp "$tmp/out" "$dir/stdout"
    cp "$tmp/err" "$dir/stderr"
    echo "$got_status" >"$dir/status"
  fi
  ok=1
  why=""
  if [ "$got_status" != "$want_status" ]; then ok=0; why="$why status $got_status (expected $want_status);"; fi
  if [ -f "$dir/expect.jsonl" ]; then
    if ! "$jsonl_eq" "$dir/expect.jsonl" "$tmp/out" 2>"$tmp/diff"; then ok=0; why="$why output differs;"; fi
  elif [ -f "$dir/stdout" ]; then
    if ! cmp -s "$dir/stdout" "$tmp/out"; then ok=0; why="$why stdout differs;"; diff "$dir/stdout" "$tmp/out" | head -20 >"$tmp/diff"; fi
  fi
  if [ -f "$dir/absent" ]; then
    while IFS= read -r p; do
      [ -n "$p" ] || continue
      if [ -e "$tmp/case/$p" ]; then ok=0; why="$why '$p' was left behind;"; fi
    done <"$dir/absent"
    leftovers=$(find "$tmp/case" -name '*.tmp.*' | head -1)
    if [ -n "$leftovers" ]; then ok=0; why="$why temporary file left behind;"; fi
  fi
  if [ -f "$dir/stderr" ] && ! cmp -s "$dir/stderr" "$tmp/err"; then
    ok=0; why="$why stderr differs;"; diff "$dir/stderr" "$tmp/err" | head -20 >>"$tmp/diff"
  fi
  if [ $ok = 1 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name:$why"
    [ -f "$tmp/diff" ] && sed 's/^/    /' "$tmp/diff" | head -30
  fi
  rm -f "$tmp/diff"
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
