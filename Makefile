# mccc — build, test, demo, bench.
#
#   make            build ./mccc
#   make test       unit tests (cmocka) + golden tests
#   make asan       the whole test suite under ASan+UBSan (separate build dir)
#   make valgrind   golden tests under valgrind
#   make demo       install missing dependencies, build, run on the bundled regulation
#   make bench      measured benchmarks (figures go in README.md)
#   make deps       install build dependencies (Debian, needs root)
#   make fuzz       every libFuzzer target for 5 minutes (clang-14: make deps-fuzz)
#   make fuzz-smoke every libFuzzer target for 10 seconds, then the regressions (CI)
#
# Every C file of src/ except main.c goes into the library that both ./mccc
# and the unit tests link; every tests/unit/test_*.c is one cmocka executable.

CC      ?= cc
BUILD   ?= build
PKGS    := libutf8proc jansson
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
OPT     ?= -O2 -g
SAN     ?=
XWARN   ?=
CFLAGS_ALL = $(CSTD) $(OPT) $(SAN) -I src -I $(BUILD) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lutf8proc -ljansson) -lnettle -lgmp
TEST_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# Generated code gets targeted relaxations only.
GEN_WARN := -Wall -Wextra -Werror -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter -Wno-missing-prototypes

SRC      := $(filter-out src/main.c,$(wildcard src/*.c))
OBJ      := $(patsubst src/%.c,$(BUILD)/%.o,$(SRC)) $(BUILD)/parser.o $(BUILD)/lexer.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all test unit golden asan valgrind demo bench deps clean fuzz fuzz-smoke

all: mccc

mccc: $(BUILD)/mccc
	cp $(BUILD)/mccc $@

$(BUILD)/mccc: $(BUILD)/main.o $(BUILD)/libmccc.a
	$(CC) $(SAN) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/libmccc.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/parser.c $(BUILD)/parser.h: grammar/parser.y | $(BUILD)
	bison -Wall -Werror --defines=$(BUILD)/parser.h -o $(BUILD)/parser.c $<

$(BUILD)/lexer.c $(BUILD)/lexer.h: grammar/lexer.l $(BUILD)/parser.h | $(BUILD)
	flex --header-file=$(BUILD)/lexer.h -o $(BUILD)/lexer.c $<

$(BUILD)/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h $(wildcard src/*.h)
	$(CC) $(CFLAGS_ALL) $(GEN_WARN) -c -o $@ $<

$(BUILD)/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h $(wildcard src/*.h)
	$(CC) $(CFLAGS_ALL) $(GEN_WARN) -c -o $@ $<

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) $(BUILD)/parser.h $(BUILD)/lexer.h | $(BUILD)
	$(CC) $(CFLAGS_ALL) $(WARN) $(XWARN) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libmccc.a $(wildcard src/*.h) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(CFLAGS_ALL) $(WARN) $(XWARN) -o $@ $< $(BUILD)/libmccc.a $(LDLIBS_ALL) $(TEST_LIBS)

$(BUILD):
	mkdir -p $(BUILD)

test: unit golden

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; (cd tests && ../$$t); done

$(BUILD)/jsonl-eq: tests/tools/jsonl_eq.c | $(BUILD)
	$(CC) $(CFLAGS_ALL) -Wall -Wextra -Werror -o $@ $< $(LDLIBS_ALL)

golden: mccc $(BUILD)/jsonl-eq $(BUILD)/gencohort
	@sh tests/golden/run.sh ./mccc
	@sh tests/git-driver.sh ./mccc
	@sh tests/stdout-full.sh ./mccc
	@MCCC=./mccc GENCOHORT=$(BUILD)/gencohort sh tests/input-changes.sh

# GCC's -Wformat-truncation gives false positives at -O1 with sanitizers:
# relaxed for this build only.
ASAN_MAKE = $(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" XWARN=-Wno-format-truncation \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

asan:
	$(ASAN_MAKE) build-asan/mccc
	cp build-asan/mccc mccc-asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(ASAN_MAKE) unit
	$(MAKE) BUILD=build-asan build-asan/jsonl-eq
	ASAN_OPTIONS=detect_leaks=1 BUILD=build-asan sh tests/golden/run.sh ./mccc-asan

valgrind: mccc $(BUILD)/jsonl-eq
	MCCC_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" \
	  sh tests/golden/run.sh ./mccc

deps:
	sh tools/install-deps.sh

deps-fuzz:
	sh tools/install-deps.sh fuzz

fuzz: $(BUILD)/parser.c $(BUILD)/lexer.c
	sh tests/fuzz/run.sh 300

fuzz-smoke: $(BUILD)/parser.c $(BUILD)/lexer.c
	sh tests/fuzz/run.sh 10

RULES := rules/but-info-rodez-2025-2026.mccc
COHORT := tests/data/examples/cohort-small.csv

# The jury's view of the example cohort under the 2025-2026 regulation.
# (mccc eval exits 3 when decisions are pending: the demo shows them.)
demo:
	sh tools/install-deps.sh
	$(MAKE) mccc
	./mccc check $(RULES)
	./mccc eval --format table $(RULES) $(COHORT); s=$$?; [ $$s -eq 0 ] || [ $$s -eq 3 ]

$(BUILD)/gencohort: tools/gencohort.c $(BUILD)/libmccc.a $(wildcard src/*.h)
	$(CC) $(CFLAGS_ALL) $(WARN) -o $@ tools/gencohort.c $(BUILD)/libmccc.a $(LDLIBS_ALL)

bench: mccc $(BUILD)/gencohort
	sh tools/bench.sh

clean:
	rm -rf build build-asan build-fuzz build-prof mccc mccc-asan
