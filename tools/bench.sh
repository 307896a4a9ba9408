#!/bin/sh
# bench.sh — measure mccc on synthetic cohorts; prints a Markdown table.
#
#   sh tools/bench.sh          (run by `make bench`, which builds ./mccc and build/gencohort)
#
# Builds nothing: needs ./mccc and build/gencohort. For each cohort size
# (student-years: 1,000, 10,000, 100,000 and 1,000,000; the last one is
# skipped when BENCH_QUICK=1) it generates a grade file (long form, seed 1)
# in a temporary directory, runs
#
#   ./mccc eval --format jsonl RULES FILE > /dev/null
#
# under /usr/bin/time (Debian package `time`) for the peak resident memory,
# and times `./mccc check RULES` (mean of 100 runs). Wall times come from
# `date +%s%N` around each run (GNU /usr/bin/time's %e only has 1/100 s).
# Exit status: 0 when every run succeeded (mccc eval may exit 3: the
# generated marks include ATT, so some decisions are pending), 1 otherwise.
#
# Each size but 1,000,000 is run BENCH_RUNS times (default 5): the table
# gives the median wall time, the fastest and slowest runs, and the largest
# peak memory (timings on a virtual machine vary by ±20 % from run to run).
# Environment: BENCH_QUICK=1 (skip 1,000,000), BENCH_SIZES="1000 5000"
# (other sizes), BENCH_RUNS (runs per size), BENCH_RULES (another rules file), BENCH_KEEP=1 (keep the
# temporary directory), TMPDIR (where the grade files go: about 1.4 GB for
# 1,000,000 student-years).
set -u

cd "$(dirname "$0")/.." || exit 1

MCCC=./mccc
GEN=build/gencohort
RULES=${BENCH_RULES:-rules/but-info-rodez-2025-2026.mccc}

for f in "$MCCC" "$GEN"; do
  if [ ! -x "$f" ]; then
    echo "bench: $f is missing (run: make bench)" >&2
    exit 1
  fi
done
if [ ! -r "$RULES" ]; then
  echo "bench: cannot read $RULES" >&2
  exit 1
fi

RUNS=${BENCH_RUNS:-5}
case $RUNS in '' | *[!0-9]* | 0) echo "bench: BENCH_RUNS must be a positive integer" >&2; exit 1 ;; esac

if [ -n "${BENCH_SIZES:-}" ]; then
  SIZES=$BENCH_SIZES
elif [ "${BENCH_QUICK:-0}" = 1 ]; then
  SIZES="1000 10000 100000"
else
  SIZES="1000 10000 100000 1000000"
fi

# Nanosecond clock (GNU date); without it, whole seconds.
if date +%N | grep -q '^[0-9][0-9]*$'; then
  now_ns() { date +%s%N; }
else
  now_ns() { echo "$(date +%s)000000000"; }
fi

TIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
  TIME=/usr/bin/time
else
  echo "bench: /usr/bin/time not found (Debian: apt-get install time); peak memory not measured" >&2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mccc-bench.XXXXXX") || exit 1
if [ "${BENCH_KEEP:-0}" = 1 ]; then
  echo "bench: keeping $TMP" >&2
else
  trap 'rm -rf "$TMP"' EXIT
  trap 'rm -rf "$TMP"; exit 130' INT TERM
fi

fail=0
ROWS=$TMP/rows

# ---- mccc check: mean of 100 runs ----------------------------------------
n=0
t0=$(now_ns)
while [ $n -lt 100 ]; do
  if ! "$MCCC" check "$RULES" >/dev/null 2>"$TMP/check.err"; then
    echo "bench: mccc check $RULES failed:" >&2
    head -20 "$TMP/check.err" >&2
    fail=1
    break
  fi
  n=$((n + 1))
done
t1=$(now_ns)
CHECK_MS=$(awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { if (n) printf "%.2f", (b - a) / n / 1e6; else print "n/a" }')
echo "bench: mccc check: $CHECK_MS ms per run ($n runs)" >&2

# ---- mccc eval on generated cohorts ---------------------------------------
[ $fail = 0 ] || SIZES=
for sy in $SIZES; do
  file=$TMP/cohort-$sy.csv
  echo "bench: generating $sy student-years…" >&2
  g0=$(now_ns)
  if ! "$GEN" --rules "$RULES" --student-years "$sy" --seed 1 --output "$file" 2>"$TMP/gen.err"; then
    echo "bench: gencohort failed:" >&2
    cat "$TMP/gen.err" >&2
    fail=1
    break
  fi
  g1=$(now_ns)
  bytes=$(wc -c <"$file" | tr -d ' ')
  lines=$(($(wc -l <"$file" | tr -d ' ') - 1))
  echo "bench:   $bytes bytes, $lines grade lines ($(awk -v a="$g0" -v b="$g1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }') s to generate); mccc eval…" >&2
  # RUNS runs (1 for 1,000,000): the median wall time, its spread, the
  # largest peak memory
  runs=$RUNS
  [ "$sy" -ge 1000000 ] && runs=1
  : >"$TMP/walls"
  rss_kb=0
  i=0
  rc=0
  while [ $i -lt "$runs" ] && { [ $rc = 0 ] || [ $rc = 3 ]; }; do
    rm -f "$TMP/time.out"
    t0=$(now_ns)
    if [ -n "$TIME" ]; then
      "$TIME" -f '%e %M' -o "$TMP/time.out" "$MCCC" eval --format jsonl "$RULES" "$file" >/dev/null 2>"$TMP/eval.err"
      rc=$?
    else
      "$MCCC" eval --format jsonl "$RULES" "$file" >/dev/null 2>"$TMP/eval.err"
      rc=$?
    fi
    t1=$(now_ns)
    echo $((t1 - t0)) >>"$TMP/walls"
    if [ -n "$TIME" ] && [ -s "$TMP/time.out" ]; then
      r=$(tail -1 "$TMP/time.out" | awk '{ print $2 }')
      [ "$r" -gt "$rss_kb" ] && rss_kb=$r
    fi
    i=$((i + 1))
  done
  [ -n "$TIME" ] || rss_kb=n/a
  walls=$(sort -n "$TMP/walls" | awk '{ w[NR] = $1 } END { printf "%.0f %.0f %.0f %d", w[int((NR + 1) / 2)], w[1], w[NR], NR }')
  echo "bench:   wall times (ns): $(sort -n "$TMP/walls" | tr '\n' ' ')" >&2
  # GNU time writes "Command exited with non-zero status N" before its figures.
  case $rc in
    0 | 3) ;;
    *)
      echo "bench: mccc eval failed on $sy student-years (exit status $rc):" >&2
      grep -v '^note\|: note:' "$TMP/eval.err" | head -20 >&2
      fail=1
      ;;
  esac
  if grep -q ': error: ' "$TMP/eval.err"; then
    echo "bench: mccc eval reported input errors on $sy student-years:" >&2
    grep ': error: ' "$TMP/eval.err" | head -10 >&2
    fail=1
  fi
  if [ $fail != 0 ]; then
    rm -f "$file"
    break
  fi
  awk -v sy="$sy" -v lines="$lines" -v bytes="$bytes" -v walls="$walls" -v rss="$rss_kb" '
  function group(n,   s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); return s }
  BEGIN {
    split(walls, w, " ")
    wall = w[1] / 1e9; mb = bytes / 1048576
    spread = w[4] > 1 ? sprintf(" (%.3f–%.3f, %d runs)", w[2] / 1e9, w[3] / 1e9, w[4]) : ""
    rate = wall > 0 ? group(sy / wall + 0.5) : "n/a"
    if (rss == "n/a") { r = "n/a"; ratio = "n/a" }
    else { r = sprintf("%.1f", rss / 1024); ratio = sprintf("%.2f", (rss * 1024) / bytes) }
    printf "| %s | %s | %.1f | %.3f%s | %s | %s | %s |\n", group(sy), group(lines), mb, wall, spread, rate, r, ratio
  }' >>"$ROWS"
  rm -f "$file"
done

# ---- report ----------------------------------------------------------------
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
[ -n "$cpu" ] || cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
echo
echo "Machine: ${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo '?') CPU(s)${mem:+, $mem RAM}; $("$MCCC" version 2>/dev/null | head -1)"
echo
echo "\`mccc check $RULES\`: $CHECK_MS ms (mean of $n runs)"
echo
echo "\`mccc eval --format jsonl\` on generated cohorts (\`build/gencohort --seed 1\`, long form):"
echo
echo "| student-years | grade lines | grade file (MB) | wall time (s): median (min–max) | student-years/s (median) | peak RSS (MB) | RSS / file size |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
[ -f "$ROWS" ] && cat "$ROWS"
if [ $fail != 0 ]; then
  echo
  echo "bench: FAILED (see above)" >&2
  exit 1
fi
exit 0
