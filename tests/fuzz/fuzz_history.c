/*
** fuzz_history.c — the history reader (earlier decisions as JSON Lines,
** inputs.h) and the evaluator fed with what it accepts.
**
** At start-up: the Model of the real regulation ($MCCC_RULES) and a fixed
** cohort, tests/fuzz/data/cohort-history.csv (the 2025-2026 grades of six
** students of tests/data/examples/cohort-small.csv). Per input: the input is
** read as a history file; every valid record of a cohort student is written
** back as JSON Lines; every cohort student the history names without error
** is evaluated with the history hook (so records that pass validation reach
** capitalisation, credits and diplomas). Diagnostics are printed to a
** memstream; everything allocated per input is freed.
**
** Two properties abort when broken (unless MCCC_FUZZ_KNOWN has
** "no-history-check"): the records the evaluator emits (out_jsonl) are read
** back as a history without error; the records read from the input, written
** back with out_jsonl, are read again without error and written the same.
*/
#include "fuzz_common.h"

#include "inputs.h"

#include <jansson.h>

static const Model *model;
static Cohort *cohort;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  model = fz_load_model();
  cohort = fz_fixed_cohort(model, "cohort-history.csv");
  return 0;
}

/* The "student" values of the input's lines (distinct, at most 64). */
typedef struct Ids {
  char *v[64];
  int n;
} Ids;

static void ids_collect(Ids *ids, const char *data, size_t size) {
  ids->n = 0;
  size_t i = 0;
  while (i < size && ids->n < 64) {
    const char *nl = memchr(data + i, '\n', size - i);
    size_t end = nl ? (size_t)(nl - data) : size;
    json_t *o = json_loadb(data + i, end - i, JSON_DECODE_ANY, NULL);
    const char *id = o ? json_string_value(json_object_get(o, "student")) : NULL;
    bool seen = false;
    for (int k = 0; id && k < ids->n; k++) seen |= !strcmp(ids->v[k], id);
    if (id && !seen) ids->v[ids->n++] = strdup(id);
    json_decref(o);
    i = end + 1;
  }
}

static void ids_free(Ids *ids) {
  for (int k = 0; k < ids->n; k++) free(ids->v[k]);
}

/* out_jsonl of every record of the students of ids without error. */
static char *write_back(const History *h, const Ids *ids, size_t *len) {
  char *buf = NULL;
  *len = 0;
  FILE *f = open_memstream(&buf, len);
  if (!f) abort();
  for (int k = 0; k < ids->n; k++) {
    if (history_student_has_error(h, ids->v[k])) continue;
    int nr = 0;
    const YearRecord *recs = history_for(h, ids->v[k], &nr);
    for (int r = 0; r < nr; r++) out_jsonl(f, &recs[r]);
  }
  fclose(f);
  return buf;
}

/* Records accepted by the reader, written by out_jsonl, are accepted again
** and written the same (averages may lose digits to the display rule the
** first time, never the second). */
static void round_trip(const History *h, const char *data, size_t size) {
  if (fz_known("no-history-check")) return;
  Ids ids;
  ids_collect(&ids, data, size);
  size_t l1, l2;
  char *b1 = write_back(h, &ids, &l1);
  if (l1) {
    History *h2 = history_new();
    Diags d;
    diags_init(&d);
    history_read_memory(h2, model, "back.jsonl", b1, l1, &d);
    if (d.nerr) {
      fprintf(stderr, "fuzz_history: records read from the input, written back by out_jsonl, are rejected:\n");
      diags_print(&d, stderr, false);
      fprintf(stderr, "---- written back\n%.*s----\n", (int)l1, b1);
      abort();
    }
    char *b2 = write_back(h2, &ids, &l2);
    if (l1 != l2 || memcmp(b1, b2, l1)) {
      fprintf(stderr, "fuzz_history: round trip differs\n---- first\n%.*s---- second\n%.*s----\n", (int)l1, b1,
              (int)l2, b2);
      abort();
    }
    free(b2);
    diags_free(&d);
    history_free(h2);
  }
  free(b1);
  ids_free(&ids);
}

static const YearRecord *hist_for(const char *student, int *n, void *ctx) {
  FuzzEval *fe = ctx;
  *n = 0;
  return history_for(fe->hist, student, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *obuf = NULL;
  size_t olen = 0;
  FILE *out = open_memstream(&obuf, &olen);
  if (!out) abort();
  Diags d;
  diags_init(&d);
  History *h = history_new();
  history_read_memory(h, model, "fuzz.jsonl", (const char *)data, size, &d);
  (void)history_count(h);

  FuzzEval fe = {.model = model, .out = out, .hist = h, .table = (size & 1) != 0};
  EvalHooks hooks = {.model_for = fz_model_for, .history = hist_for, .emit = fz_emit, .ctx = &fe};
  char *jbuf = NULL;
  size_t jlen = 0;
  fe.jsonl = open_memstream(&jbuf, &jlen);
  if (!fe.jsonl) abort();
  EvalCtx *ev = eval_new();
  size_t n = cohort_count(cohort);
  for (size_t i = 0; i < n; i++) {
    Student *st = cohort_student(cohort, i);
    if (!history_has_cb(st->id, h)) continue;
    int nr = 0;
    const YearRecord *recs = history_for(h, st->id, &nr);
    for (int k = 0; k < nr; k++) out_jsonl(out, &recs[k]);
    if (history_student_has_error(h, st->id)) continue;
    eval_student(ev, st, &hooks, &d);
  }
  eval_free(ev);
  fclose(fe.jsonl);
  fz_check_history_readable(model, jbuf, jlen, "fuzz_history");
  free(jbuf);
  round_trip(h, (const char *)data, size);
  fz_print_diags(&d, out, false);
  fclose(out);
  fz_verbose(obuf, olen);
  free(obuf);
  diags_free(&d);
  history_free(h);
  return 0;
}
