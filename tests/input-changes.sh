#!/bin/sh
# input-changes.sh — mccc abandons its results when an input changes while it
# runs (provenance.h: prov_changed) or when a mapped input is cut short under
# it (source.h: files of 8 MiB or more are mapped; main.c: SIGBUS handler).
#
#   sh tests/input-changes.sh        (from anywhere; needs ./mccc: make mccc)
#   MCCC=./mccc-asan sh tests/input-changes.sh   (another build: make asan;
#   GENCOHORT=path: the generator, default build/gencohort)
#
# Builds build/gencohort if it is missing (make build/gencohort), generates a
# grade file of more than 8 MiB (mapped, not read) in a temporary directory
# (removed at the end), and checks that:
#   1. a normal `mccc eval --output` on it exits 0 or 3 (the generated marks
#      leave some decisions pending) and writes its output;
#   2. when the grade file is touched while mccc runs, mccc exits 2 with
#      « FILE » a changé pendant l’exécution de mccc ..., and leaves neither
#      the output file, nor its manifest, nor a temporary file;
#   3. when the grade file is cut short (truncate) while mccc runs, mccc
#      exits exactly 2 (not killed by SIGBUS: no 128+N status), says
#      so (« raccourci pendant sa lecture » from the SIGBUS handler, or
#      « a changé pendant l’exécution » when it noticed first), and leaves no
#      output and no temporary file;
#   4. the same with an error in the grade file, whose line the diagnostic
#      quotes when it is printed, from the mapping, after the cut: SIGBUS is
#      then certain, and must be caught (« raccourci pendant sa lecture »,
#      status 2, nothing left);
#   5. explain and near, too, abandon their output when an input is touched
#      while they run (small files: the detection does not depend on the
#      mapping).
#
# No timing assumption: the change is made while mccc is certainly inside its
# run. mccc is given a second grade file, a named pipe (FIFO) that the script
# feeds: mccc notes (stat) every input before reading any, reads the large
# file, then blocks opening the FIFO until the script opens it for writing.
# At that moment the script changes the large file, then writes the FIFO's
# grades (the last student of the cohort, cut from the large file) and
# closes it; mccc goes on and must notice. (The FIFO's own time changes as it
# is written: the change of the large file, listed first, must be the one
# reported.)
#
# Exit status: 0 when every check passed, 1 otherwise (with a message).
# Environment: TMPDIR (where the ~27 MB grade file goes), KEEP=1 (keep the
# temporary directory, for a post-mortem).
set -u

cd "$(dirname "$0")/.." || exit 1

MCCC=${MCCC:-./mccc}
GEN=${GENCOHORT:-build/gencohort}
RULES=rules/but-info-rodez-2025-2026.mccc
MAP_MIN=8388608 # source.c: from this size on, a grade file is mapped

fail() {
  echo "input-changes: ÉCHEC : $*" >&2
  exit 1
}

[ -x "$MCCC" ] || fail "$MCCC manque (lancez : make mccc)"
if [ ! -x "$GEN" ]; then
  make -s "$GEN" >&2 || fail "impossible de construire $GEN (make $GEN)"
fi
[ -r "$RULES" ] || fail "impossible de lire $RULES"

D=$(mktemp -d "${TMPDIR:-/tmp}/mccc-input-changes.XXXXXX") || fail "mktemp -d a échoué"
BG="" # background processes still running (killed by cleanup)
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  for p in $BG; do kill "$p" 2>/dev/null; done
  if [ "${KEEP:-0}" = 1 ]; then echo "input-changes: dossier gardé : $D" >&2; else rm -rf "$D"; fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

CHANGED="a changé pendant l’exécution de mccc : résultats abandonnés ; relancez mccc quand il ne change plus"
CUT="un fichier d’entrée a été raccourci pendant sa lecture (par un autre programme) : résultats abandonnés ; relancez mccc quand il ne change plus"

# Shows the end of a run's standard error (for failure messages).
show_err() {
  echo "--- fin de la sortie d’erreur de mccc ($1) :" >&2
  grep -v '^note: \|^warning: ' "$1" | tail -n 8 >&2
}

# No output of run NAME left in $D: the file, its manifest, its temporaries.
assert_no_output() {
  for f in "$D/$1.out" "$D/$1.out.manifest.json" "$D/$1".out.tmp.* "$D/$1".out.manifest.json.tmp.*; do
    [ -e "$f" ] && fail "$1 : « $f » existe alors que mccc a abandonné ses résultats"
  done
  return 0
}

# ---- the grade file ----------------------------------------------------------

"$GEN" --rules "$RULES" --student-years 20000 --seed 1 --output "$D/c.csv" 2>"$D/gen.err" ||
  { cat "$D/gen.err" >&2; fail "gencohort a échoué"; }
size=$(wc -c <"$D/c.csv" | tr -d ' ')
[ "$size" -gt "$MAP_MIN" ] || fail "c.csv ne fait que $size octets (il en faut plus de $MAP_MIN pour qu’il soit mappé)"

# ---- 1. a normal run ---------------------------------------------------------

"$MCCC" eval --format jsonl --output "$D/out.jsonl" "$RULES" "$D/c.csv" >"$D/out.stdout" 2>"$D/out.err"
rc=$?
case $rc in
  0 | 3) ;;
  *) show_err "$D/out.err"; fail "eval normal : code de sortie $rc (attendu 0 ou 3)" ;;
esac
[ -s "$D/out.jsonl" ] || fail "eval normal : $D/out.jsonl n’a pas été écrit"
[ -s "$D/out.jsonl.manifest.json" ] || fail "eval normal : pas de manifeste"
grep -qF "$CHANGED" "$D/out.err" && fail "eval normal : « a changé » annoncé sans raison"
for f in "$D"/out.jsonl.tmp.*; do [ -e "$f" ] && fail "eval normal : fichier temporaire laissé : $f"; done
records=$(wc -l <"$D/out.jsonl" | tr -d ' ')
echo "input-changes: eval normal ($size octets) : code $rc, $records lignes écrites"

# ---- the inputs of the synchronised runs ---------------------------------------

# big.csv: every student but the last one (still mapped); last.csv: the last
# one, given through the FIFO
last=$(tail -n 1 "$D/c.csv" | cut -d, -f1)
[ -n "$last" ] || fail "impossible de trouver le dernier étudiant de c.csv"
awk -F, -v id="$last" 'NR == 1 || $1 != id' "$D/c.csv" >"$D/big.csv" || fail "awk a échoué"
awk -F, -v id="$last" 'NR == 1 || $1 == id' "$D/c.csv" >"$D/last.csv" || fail "awk a échoué"
[ "$(wc -l <"$D/last.csv" | tr -d ' ')" -gt 1 ] || fail "last.csv n’a pas de notes"
[ "$(wc -c <"$D/big.csv" | tr -d ' ')" -gt "$MAP_MIN" ] || fail "big.csv est trop petit pour être mappé"

# the two files, unchanged: the same verdict as the whole file
"$MCCC" eval --format jsonl --output "$D/split.jsonl" "$RULES" "$D/big.csv" "$D/last.csv" >/dev/null 2>"$D/split.err"
rc=$?
case $rc in
  0 | 3) ;;
  *) show_err "$D/split.err"; fail "eval sur big.csv + last.csv : code de sortie $rc (attendu 0 ou 3)" ;;
esac
[ "$(wc -l <"$D/split.jsonl" | tr -d ' ')" = "$records" ] || fail "big.csv + last.csv ne donnent pas autant de lignes que c.csv"

# run_synced NAME INPUT ACTION...: runs
#   mccc $MODE --output $D/NAME.out RULES INPUT $D/NAME.fifo
# in the background ($MODE: the command and its options, split on spaces);
# once mccc opens the FIFO (every input noted, INPUT read), runs ACTION,
# then feeds last.csv through the FIFO. Sets rc to mccc's status; its
# standard error is in $D/NAME.err.
MODE="eval --format jsonl"
run_synced() {
  name=$1 input=$2
  shift 2
  fifo=$D/$name.fifo
  mkfifo "$fifo" || fail "mkfifo a échoué"
  # an old time: a touch during the run gives it another one, however coarse
  # the file system's clock (a file just written could keep its time)
  touch -t 200001010000 "$input" || fail "touch -t a échoué"
  # shellcheck disable=SC2086 # $MODE is split on purpose
  "$MCCC" $MODE --output "$D/$name.out" "$RULES" "$input" "$fifo" >"$D/$name.stdout" 2>"$D/$name.err" &
  mpid=$!
  (
    exec 3>"$fifo" # blocks until mccc opens the FIFO for reading
    "$@" || exit 1
    : >"$D/$name.acted"
    cat "$D/last.csv" >&3
    exec 3>&-
    # should mccc open the FIFO again (to hash it for a manifest: it missed
    # the change), an empty file rather than a wait without end
    while :; do
      : >"$fifo" || exit 1
      sleep 0.05
    done
  ) 2>"$D/$name.writer.err" &
  wpid=$!
  BG="$mpid $wpid"
  # wait for mccc (at most 120 s, for a very slow machine)
  ticks=0
  while kill -0 "$mpid" 2>/dev/null; do
    ticks=$((ticks + 1))
    [ "$ticks" -le 1200 ] || { kill "$mpid" 2>/dev/null; fail "$name : mccc n’a pas fini en 120 s"; }
    sleep 0.1
  done
  wait "$mpid"
  rc=$?
  kill "$wpid" 2>/dev/null # blocked in an open of the FIFO (or sleeping)
  wait "$wpid" 2>/dev/null
  BG=""
  if [ ! -e "$D/$name.acted" ]; then
    cat "$D/$name.writer.err" >&2
    show_err "$D/$name.err"
    fail "$name : mccc (code $rc) a fini sans ouvrir le FIFO, ou « $* » a échoué"
  fi
}

# ---- 2. the grade file touched during the run --------------------------------------

run_synced touched "$D/big.csv" touch "$D/big.csv"
[ "$rc" -eq 2 ] || { show_err "$D/touched.err"; fail "fichier touché : code de sortie $rc (attendu 2)"; }
grep -qxF "mccc: « $D/big.csv » $CHANGED" "$D/touched.err" ||
  { show_err "$D/touched.err"; fail "fichier touché : pas de message « « $D/big.csv » $CHANGED »"; }
assert_no_output touched
echo "input-changes: fichier touché pendant eval : code 2, changement signalé, aucune sortie laissée"

# ---- 3. the grade file cut short during the run ----------------------------------------

cp "$D/big.csv" "$D/cut.csv" || fail "cp a échoué"
run_synced cut "$D/cut.csv" truncate -s 100 "$D/cut.csv"
[ "$rc" -gt 128 ] && { show_err "$D/cut.err"; fail "fichier raccourci : mccc tué par le signal $((rc - 128)) (code $rc)"; }
[ "$rc" -eq 2 ] || { show_err "$D/cut.err"; fail "fichier raccourci : code de sortie $rc (attendu 2)"; }
if grep -qxF "mccc: $CUT" "$D/cut.err"; then
  how="SIGBUS intercepté (« raccourci pendant sa lecture »)"
elif grep -qxF "mccc: « $D/cut.csv » $CHANGED" "$D/cut.err"; then
  how="changement signalé (« a changé pendant l’exécution »)"
else
  show_err "$D/cut.err"
  fail "fichier raccourci : ni « $CUT » ni « « $D/cut.csv » $CHANGED »"
fi
assert_no_output cut
echo "input-changes: fichier raccourci pendant eval : code 2, $how, aucune sortie laissée"

# ---- 4. cut short, with a diagnostic quoting a line of the mapping ------------------------

# an unknown mark far in the file (its page is lost by the cut): mccc eval
# on it alone exits 1 and quotes the line
n=$(wc -l <"$D/big.csv" | tr -d ' ')
awk -F, -v OFS=, -v k=$((n - 1000)) 'NR == k { $6 = "abc" } 1' "$D/big.csv" >"$D/bad.csv" || fail "awk a échoué"
run_synced bad "$D/bad.csv" truncate -s 100 "$D/bad.csv"
[ "$rc" -gt 128 ] && { show_err "$D/bad.err"; fail "fichier raccourci (diagnostic) : mccc tué par le signal $((rc - 128)) (code $rc)"; }
[ "$rc" -eq 2 ] || { show_err "$D/bad.err"; fail "fichier raccourci (diagnostic) : code de sortie $rc (attendu 2)"; }
grep -qxF "mccc: $CUT" "$D/bad.err" || {
  show_err "$D/bad.err"
  fail "fichier raccourci (diagnostic) : pas de message « $CUT » (le diagnostic cite sa ligne depuis le fichier mappé, raccourci : SIGBUS attendu)"
}
assert_no_output bad
echo "input-changes: fichier raccourci, diagnostic à citer : code 2, SIGBUS intercepté, aucune sortie laissée"

# ---- 5. explain and near ----------------------------------------------------------------

head -n 20001 "$D/big.csv" >"$D/small.csv" || fail "head a échoué"
for mode in "explain --student $last --format json" "near --format json"; do
  cmd=${mode%% *}
  MODE=$mode
  run_synced "$cmd" "$D/small.csv" touch "$D/small.csv"
  [ "$rc" -eq 2 ] || { show_err "$D/$cmd.err"; fail "$cmd, fichier touché : code de sortie $rc (attendu 2)"; }
  grep -qxF "mccc: « $D/small.csv » $CHANGED" "$D/$cmd.err" ||
    { show_err "$D/$cmd.err"; fail "$cmd, fichier touché : pas de message « « $D/small.csv » $CHANGED »"; }
  assert_no_output "$cmd"
  echo "input-changes: fichier touché pendant $cmd : code 2, changement signalé, aucune sortie laissée"
done

echo "input-changes: OK"
exit 0
