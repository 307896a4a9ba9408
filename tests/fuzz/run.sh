#!/bin/sh
# Run every libFuzzer target of tests/fuzz/ for a bounded time or run count,
# then replay the committed seeds and regressions.
#
# Usage: sh tests/fuzz/run.sh [SECONDS] [RUNS]
#   SECONDS  -max_total_time per target (default 60; 0 = no time bound)
#   RUNS     -runs per target (default: unbounded, i.e. SECONDS decides)
#   e.g.  sh tests/fuzz/run.sh 10             CI smoke, ~10 s per target
#         sh tests/fuzz/run.sh 0 10000000     ten million executions each
# Environment:
#   TARGETS        targets to run (default: every tests/fuzz/fuzz_*.c), e.g. "rules csv"
#   OUT            build and scratch directory (default build-fuzz)
#   FUZZ_NO_BUILD  1: do not (re)build the targets first
#   FUZZ_ARGS      extra libFuzzer flags, e.g. "-jobs=2 -workers=2" (RUNS is then
#                  per job), or "-fork=2 -ignore_crashes=1" to go on after
#                  crashes (every crash input is kept in OUT/artifacts/NAME;
#                  group them with tests/fuzz/triage.sh)
#   MAX_LEN        -max_len for every target (default 4096 rules and history, 2048 others)
#   MCCC_FUZZ_KNOWN  known bugs to tolerate while fuzzing (see fuzz_rules.c);
#                  never applied to the replay of tests/fuzz/regressions/
#
# Each target fuzzes a scratch corpus OUT/corpus/NAME, seeded from the
# committed tests/fuzz/corpus/NAME (the repository is never written), with
# tests/fuzz/NAME.dict; crash inputs go to OUT/artifacts/NAME/. Then every
# file of tests/fuzz/corpus/NAME/ and tests/fuzz/regressions/NAME/ is run
# once (must not crash). One summary line per target; exit status 1 if
# anything crashed (or leaked, timed out, ran out of memory), 2 on a setup error.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
SECONDS_PER=${1:-60}
RUNS=${2:-}
OUT=${OUT:-build-fuzz}
case "$OUT" in /*) ;; *) OUT="$root/$OUT" ;; esac
export OUT

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  sh "$here/build.sh" >"$OUT.build.log" 2>&1 || { cat "$OUT.build.log" >&2; echo "run.sh: build failed" >&2; exit 2; }
  rm -f "$OUT.build.log"
fi

MCCC_RULES=${MCCC_RULES:-$root/rules/but-info-rodez-2025-2026.mccc}
MCCC_FUZZ_DATA=${MCCC_FUZZ_DATA:-$here/data}
export MCCC_RULES MCCC_FUZZ_DATA
# fatal UBSan with a stack; ASan leak checking on (libFuzzer checks per input)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# (a 32 MB quarantine instead of 256: the default one costs more system time
# than the targets themselves, and one input allocates far less than that)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=32}

if [ -n "${TARGETS:-}" ]; then targets=$TARGETS
else targets=$(cd "$here" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
fi

status=0
summary=""
for t in $targets; do
  bin="$OUT/fuzz_$t"
  [ -x "$bin" ] || { echo "run.sh: $bin missing (sh tests/fuzz/build.sh)" >&2; exit 2; }
  corpus="$OUT/corpus/$t"
  art="$OUT/artifacts/$t"
  log="$OUT/logs/$t.log"
  mkdir -p "$corpus" "$art" "$OUT/logs"
  [ -d "$here/corpus/$t" ] && cp -R "$here/corpus/$t/." "$corpus/"
  before=$(ls "$art" | wc -l)
  maxlen=${MAX_LEN:-}
  if [ -z "$maxlen" ]; then
    case $t in rules | history) maxlen=4096 ;; *) maxlen=2048 ;; esac
  fi
  set -- -max_len="$maxlen" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art/"
  [ -f "$here/$t.dict" ] && set -- "$@" -dict="$here/$t.dict"
  [ "$SECONDS_PER" != 0 ] && set -- "$@" -max_total_time="$SECONDS_PER"
  [ -n "$RUNS" ] && set -- "$@" -runs="$RUNS"
  start=$(date +%s)
  # shellcheck disable=SC2086
  (cd "$OUT/logs" && "$bin" "$@" ${FUZZ_ARGS:-} "$corpus") >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  # with -jobs, each job writes fuzz-N.log in the cwd, which libFuzzer also
  # copies to its own output when the job ends (so $log has them all)
  rm -f "$OUT"/logs/fuzz-*.log
  after=$(ls "$art" | wc -l)
  crashes=$((after - before))
  # a campaign stopped by hand (SIGINT to the fuzzers) is not a crash
  interrupted=0
  grep -q 'libFuzzer: run interrupted' "$log" && interrupted=1
  [ $rc -ne 0 ] && [ $crashes -eq 0 ] && [ $interrupted = 0 ] && crashes=1
  line=$(awk -v t="fuzz_$t" -v el="$elapsed" '
    /^stat::number_of_executed_units:/ { ex += $2 }
    /^stat::average_exec_per_sec:/     { eps += $2 }
    /^#[0-9]+/ { for (i = 1; i <= NF; i++) { if ($i == "cov:" && $(i+1) + 0 > cov + 0) cov = $(i+1); if ($i == "ft:" && $(i+1) + 0 > ft + 0) ft = $(i+1); if ($i == "corp:") corp = $(i+1) } }
    # -fork=N: "#123: cov: .. ft: .. corp: .. exec/s .. oom/timeout/crash: a/b/c time: 61s job: .."
    /^#[0-9]+: cov:/ { fork = 1; fx = substr($1, 2) + 0; for (i = 1; i <= NF; i++) if ($i == "time:") ft_time = $(i+1) + 0 }
    END { if (fork) { ex = fx; eps = ft_time ? int(fx / ft_time) : 0 }
          if (ex == "") ex = 0; if (eps == "") eps = 0;
          printf "%-16s %12d execs %8d exec/s %6ds  cov: %s ft: %s corp: %s", t, ex, eps, el, cov, ft, corp }' "$log")
  # replay the seeds and the regressions, each file once
  replay_fail=0
  for dir in "$here/corpus/$t" "$here/regressions/$t"; do
    [ -d "$dir" ] || continue
    files=$(find "$dir" -type f ! -name '*.md' ! -name '*.txt' | sort)
    [ -n "$files" ] || continue
    # shellcheck disable=SC2086
    if ! (cd "$OUT/logs" && MCCC_FUZZ_KNOWN= "$bin" -timeout=25 -rss_limit_mb=2048 $files) >"$OUT/logs/$t.replay.log" 2>&1; then
      replay_fail=1
      echo "run.sh: fuzz_$t: an input of $dir crashes, see $OUT/logs/$t.replay.log" >&2
      tail -40 "$OUT/logs/$t.replay.log" >&2
    fi
  done
  line="$line  crashes: $crashes  replay: $([ $replay_fail = 0 ] && echo ok || echo FAIL)$([ $interrupted = 1 ] && echo '  (interrupted)')"
  echo "$line"
  summary="$summary$line
"
  if [ $crashes -ne 0 ]; then
    status=1
    echo "run.sh: fuzz_$t found a crash: $(ls -t "$art" | head -1 | sed "s|^|$art/|"); log $log" >&2
    grep -A30 'ERROR: \|runtime error\|==ERROR\|fuzz_[a-z]*: ' "$log" | head -60 >&2
  fi
  [ $replay_fail -ne 0 ] && status=1
done
exit $status
