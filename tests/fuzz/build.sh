#!/bin/sh
# Build the libFuzzer targets of tests/fuzz/ into build-fuzz/ (out of tree).
#
# Usage: sh tests/fuzz/build.sh [TARGET...]      (default: every fuzz_*.c)
# Environment:
#   CLANG       the compiler (default clang-14, else clang)
#   OUT         output directory (default build-fuzz, relative to the repository)
#   GEN         directory of the generated parser.c/lexer.c (default build;
#               generated with `make build/parser.c build/lexer.c` if missing)
#   FUZZ_SAN    sanitizers (default fuzzer,address,undefined)
#
# Every library source (src/*.c except main.c, plus the generated parser and
# lexer, copied first to OUT/snap) is compiled with clang and the sanitizers
# into OUT/lib.a, then each
# tests/fuzz/fuzz_NAME.c is linked with it into OUT/fuzz_NAME. UBSan is made
# fatal (-fno-sanitize-recover) so that undefined behaviour is a crash.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

CLANG=${CLANG:-}
if [ -z "$CLANG" ]; then
  if command -v clang-14 >/dev/null 2>&1; then CLANG=clang-14
  elif command -v clang >/dev/null 2>&1; then CLANG=clang
  else echo "build.sh: clang not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2
  fi
fi
OUT=${OUT:-build-fuzz}
GEN=${GEN:-build}
FUZZ_SAN=${FUZZ_SAN:-fuzzer,address,undefined}

if [ ! -f "$GEN/parser.c" ] || [ ! -f "$GEN/lexer.c" ] || [ ! -f "$GEN/parser.h" ] || [ ! -f "$GEN/lexer.h" ] ||
   [ grammar/parser.y -nt "$GEN/parser.c" ] || [ grammar/lexer.l -nt "$GEN/lexer.c" ]; then
  echo "build.sh: generating the parser and lexer (make $GEN/parser.c $GEN/lexer.c)"
  make -s BUILD="$GEN" "$GEN/parser.c" "$GEN/lexer.c"
fi

# Snapshot the sources first: compiling takes a while and src/ may change
# meanwhile (objects from two states of a header crash in odd ways); the
# stack traces then name OUT/snap/src/*.c, the exact code that was fuzzed.
snap="$OUT/snap"
rm -rf "$snap" && mkdir -p "$snap/src" "$snap/gen"
cp src/*.c src/*.h "$snap/src/"
cp "$GEN/parser.c" "$GEN/parser.h" "$GEN/lexer.c" "$GEN/lexer.h" "$snap/gen/"
{ git describe --always --dirty 2>/dev/null || echo "not a git checkout"; date -u; } >"$snap/SOURCE"

PKGCFLAGS=$(pkg-config --cflags libutf8proc jansson 2>/dev/null || true)
PKGLIBS=$(pkg-config --libs libutf8proc jansson 2>/dev/null || echo "-lutf8proc -ljansson")
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer \
  -fsanitize=$FUZZ_SAN -fno-sanitize-recover=undefined -I $snap/src -I $snap/gen $PKGCFLAGS"

mkdir -p "$OUT/obj"
objs=""
for f in "$snap"/src/*.c "$snap/gen/parser.c" "$snap/gen/lexer.c"; do
  case "$f" in */src/main.c) continue ;; esac
  b=$(basename "$f" .c)
  o="$OUT/obj/$b.o"
  # generated code (flex/bison tables) and the edit distances of suggest.c:
  # comparison tracing there only slows the fuzzer down (it is most of the
  # time of an input with unknown names); edge coverage is kept
  extra=""
  case "$f" in */gen/* | */src/suggest.c) extra="-fno-sanitize-coverage=trace-cmp" ;; esac
  $CLANG $CFLAGS $extra -c -o "$o" "$f"
  objs="$objs $o"
done
rm -f "$OUT/lib.a"
ar rcs "$OUT/lib.a" $objs

if [ $# -gt 0 ]; then targets="$*"
else targets=$(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')
fi
for t in $targets; do
  t=${t%.c}
  echo "build.sh: $OUT/$t"
  $CLANG $CFLAGS -Wall -Wextra -I "$here" -o "$OUT/$t" "$here/$t.c" "$OUT/lib.a" $PKGLIBS -lgmp
done
