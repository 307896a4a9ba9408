/*
** fuzz_common.h — shared helpers of the libFuzzer targets (tests/fuzz/).
**
** Header-only (static functions) so that each target is one .c file linked
** with the library objects. The regulation every reader is checked against
** is loaded once, at start-up, from $MCCC_RULES (default
** rules/but-info-rodez-2025-2026.mccc, relative to the current directory);
** fixed cohorts come from $MCCC_FUZZ_DATA (default tests/fuzz/data).
** tests/fuzz/run.sh sets both to absolute paths.
*/
#ifndef MCCC_FUZZ_COMMON_H
#define MCCC_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval.h"
#include "grades.h"
#include "inputs.h"
#include "model.h"
#include "output.h"
#include "parse.h"
#include "source.h"

#define FZ_UNUSED __attribute__((unused))

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The regulation, built once and never freed (it outlives every input). */
typedef struct FuzzRules {
  Source *src;
  Ast *ast;
  Model *model;
} FuzzRules;

FZ_UNUSED static FuzzRules fz_rules;

/* Print a sample of the diagnostics: the first FZ_DIAG_SAMPLE and the last
** (same code path for each; printing all of the hundreds a garbled input
** produces was 40% of a run's time). */
#define FZ_DIAG_SAMPLE 12
FZ_UNUSED static void fz_print_diags(const Diags *d, FILE *out, bool color) {
  if (d->n <= FZ_DIAG_SAMPLE + 1) {
    diags_print(d, out, color);
    return;
  }
  Diags view = *d;
  view.n = FZ_DIAG_SAMPLE;
  diags_print(&view, out, color);
  diag_print(&d->v[d->n - 1], out, color);
}

FZ_UNUSED static void fz_die(const char *what, const char *path) {
  fprintf(stderr, "fuzz: %s '%s' (set MCCC_RULES / MCCC_FUZZ_DATA or run from the repository root)\n",
          what, path);
  exit(2);
}

FZ_UNUSED static const Model *fz_load_model(void) {
  const char *path = getenv("MCCC_RULES");
  if (!path || !*path) path = "rules/but-info-rodez-2025-2026.mccc";
  char err[512];
  fz_rules.src = source_load(path, err, sizeof err);
  if (!fz_rules.src) {
    fprintf(stderr, "fuzz: %s\n", err);
    fz_die("cannot load the rules", path);
  }
  Diags d;
  diags_init(&d);
  fz_rules.ast = parse_rules(fz_rules.src, &d);
  if (d.nerr == 0) fz_rules.model = model_build(fz_rules.ast, fz_rules.src, &d);
  if (d.nerr || !fz_rules.model) {
    diags_print(&d, stderr, false);
    fz_die("the rules have errors", path);
  }
  diags_free(&d);
  return fz_rules.model;
}

/* Read tests/fuzz/data/<name> (or $MCCC_FUZZ_DATA/<name>) into a malloc'd buffer. */
FZ_UNUSED static char *fz_read_data(const char *name, size_t *len) {
  const char *dir = getenv("MCCC_FUZZ_DATA");
  if (!dir || !*dir) dir = "tests/fuzz/data";
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) fz_die("cannot read", path);
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t k;
  while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  if (!buf) fz_die("out of memory reading", path);
  *len = n;
  return buf;
}

/* MCCC_FUZZ_VERBOSE=1: each input's output (records, diagnostics) goes to
** stderr too, to see what a seed reaches. */
FZ_UNUSED static void fz_verbose(const char *buf, size_t len) {
  static int v = -1;
  if (v < 0) {
    const char *e = getenv("MCCC_FUZZ_VERBOSE");
    v = e && *e && *e != '0';
  }
  if (v && buf) fwrite(buf, 1, len, stderr);
}

/* Is `tag` in MCCC_FUZZ_KNOWN (known bugs to tolerate while fuzzing on)? */
FZ_UNUSED static bool fz_known(const char *tag) {
  static const char *known = (const char *)1;
  if (known == (const char *)1) known = getenv("MCCC_FUZZ_KNOWN");
  return known && strstr(known, tag) != NULL;
}

/* ---- evaluation hooks ---- */

typedef struct FuzzEval {
  const Model *model;
  FILE *out;                                   /* memstream: records and diagnostics */
  const void *ovs;                             /* Overrides * or NULL */
  const void *hist;                            /* History * or NULL */
  bool table;                                  /* also out_table (costly: every other input) */
  FILE *jsonl;                                 /* memstream: the records alone, or NULL */
  long records;
} FuzzEval;

FZ_UNUSED static const Model *fz_model_for(int start, void *ctx) {
  (void)start;
  return ((FuzzEval *)ctx)->model;
}

FZ_UNUSED static void fz_emit(const YearRecord *r, void *ctx) {
  FuzzEval *fe = ctx;
  fe->records++;
  out_jsonl(fe->out, r);
  if (fe->jsonl) out_jsonl(fe->jsonl, r);
  if (fe->table) out_table(fe->out, r, false);
}

FZ_UNUSED static bool fz_always(const char *id, void *ctx) {
  (void)id;
  (void)ctx;
  return true;
}

/* mccc's own JSON Lines output is the history format (inputs.h, output.h):
** what out_jsonl wrote (`buf`, records of distinct (student, year)) must be
** read back by history_read_memory without an error. Aborts otherwise.
** Unless MCCC_FUZZ_KNOWN has "no-history-check". */
FZ_UNUSED static void fz_check_history_readable(const Model *m, const char *buf, size_t len, const char *who) {
  if (fz_known("no-history-check") || len == 0) return;
  History *h = history_new();
  Diags d;
  diags_init(&d);
  history_read_memory(h, m, "out.jsonl", buf, len, &d);
  if (d.nerr) {
    fprintf(stderr, "%s: out_jsonl wrote records that the history reader rejects:\n", who);
    diags_print(&d, stderr, false);
    fprintf(stderr, "---- the records\n%.*s----\n", (int)len, buf);
    abort();
  }
  diags_free(&d);
  history_free(h);
}

/* A cohort read once from tests/fuzz/data/<name> (long form, valid). */
FZ_UNUSED static Cohort *fz_fixed_cohort(const Model *m, const char *name) {
  size_t len;
  char *text = fz_read_data(name, &len);
  Cohort *c = cohort_new();
  Diags d;
  diags_init(&d);
  if (grades_read_memory(c, m, name, text, len, NULL, &d) != 0) fz_die("unreadable cohort", name);
  cohort_finish(c, m, fz_always, NULL, &d);
  if (d.nerr) {
    diags_print(&d, stderr, false);
    fz_die("the fixed cohort has errors", name);
  }
  diags_free(&d);
  free(text);
  return c;
}

#endif
