/*
** fuzz_grades.c — the grade readers (long and wide forms, every CSV dialect
** and encoding csv.h reads), cohort_finish and the evaluator.
**
** One Model, built at start-up from the real regulation ($MCCC_RULES). The
** first input byte chooses the GradesOptions (wide-form defaults) and
** whether the students are said to have a history, so that both forms and
** both paths of cohort_finish are explored; the rest is the grade file.
** Every student without an input error is evaluated; records are written as
** JSON Lines (and as the jury's table when the input size is odd),
** diagnostics printed, all to a memstream. Everything allocated per input
** is freed. What grades.h
** promises of a finished cohort (students sorted and found by id, years
** ascending, grades of students without error in range) is checked: a
** broken promise aborts.
**
**   byte 0: bits 0-1 year      NULL, 2025-2026, 2024-2025, "2025"
**           bits 2-4 semester  NULL, S1 .. S6, "S7"
**           bits 5-6 parcours  NULL, A, D, "Z"
**           bit  7   has_history: NULL or "always"
*/
#include "fuzz_common.h"

static const Model *model;

static void broken(const char *what, const char *id) {
  fprintf(stderr, "fuzz_grades: contract of grades.h broken: %s (student '%s')\n", what, id ? id : "?");
  abort();
}

/* What grades.h promises after cohort_finish, for students without error. */
static void check_cohort(const Cohort *c) {
  size_t n = cohort_count(c);
  const char *prev = NULL;
  for (size_t i = 0; i < n; i++) {
    const Student *st = cohort_student(c, i);
    if (!st || !st->id) broken("cohort_student returned NULL", NULL);
    if (prev && strcmp(prev, st->id) >= 0) broken("students not sorted by id (byte order) or twice", st->id);
    prev = st->id;
    if (cohort_find(c, st->id) != st) broken("cohort_find does not find the student", st->id);
    if (st->error) continue;
    for (int y = 0; y < st->nyears; y++) {
      const StudentYear *sy = &st->years[y];
      if (!sy->year) broken("a year without its text", st->id);
      if (y > 0 && sy->start < st->years[y - 1].start) broken("years not in ascending order", st->id);
      if (sy->error) continue;
      for (uint32_t k = 0; k < sy->ngrades; k++) {
        const Grade *g = &sy->grades[k];
        if (g->course < 0 || g->course >= model->ncourses) broken("grade of a course out of range", st->id);
        if (g->sem < 1 || g->sem > 31 || !(sy->sems & (1u << g->sem))) broken("grade semester not in sems", st->id);
        switch (g->kind) {
        case GV_NUMBER: {
          if (g->scale > 17 || g->num < 0) broken("numeric grade scale or sign", st->id);
          int64_t max = 20;
          for (int e = 0; e < g->scale; e++) max *= 10;
          if (g->num > max) broken("numeric grade above 20", st->id);
          break;
        }
        case GV_MARK:
          if (g->mark >= model->nmarks) broken("mark index out of range", st->id);
          break;
        case GV_EMPTY: break;
        default: broken("grade kind", st->id);
        }
      }
    }
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  model = fz_load_model();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const char *const years[4] = {NULL, "2025-2026", "2024-2025", "2025"};
  static const char *const sems[8] = {NULL, "S1", "S2", "S3", "S4", "S5", "S6", "S7"};
  static const char *const pars[4] = {NULL, "A", "D", "Z"};
  uint8_t b = data[0];
  GradesOptions opt = {.year = years[b & 3], .semester = sems[(b >> 2) & 7], .parcours = pars[(b >> 5) & 3]};
  bool hist = (b & 0x80) != 0;

  char *obuf = NULL;
  size_t olen = 0;
  FILE *out = open_memstream(&obuf, &olen);
  if (!out) abort();
  Diags d;
  diags_init(&d);
  Cohort *c = cohort_new();
  grades_read_memory(c, model, "fuzz.csv", (const char *)data + 1, size - 1, &opt, &d);
  cohort_finish(c, model, hist ? fz_always : NULL, NULL, &d);
  check_cohort(c);

  FuzzEval fe = {.model = model, .out = out, .table = (size & 1) != 0};
  EvalHooks hooks = {.model_for = fz_model_for, .emit = fz_emit, .ctx = &fe};
  char *jbuf = NULL;
  size_t jlen = 0;
  fe.jsonl = open_memstream(&jbuf, &jlen);
  if (!fe.jsonl) abort();
  EvalCtx *ev = eval_new();
  size_t n = cohort_count(c);
  for (size_t i = 0; i < n; i++) {
    Student *st = cohort_student(c, i);
    if (!st || st->error) continue;
    eval_student(ev, st, &hooks, &d);
  }
  eval_free(ev);
  fclose(fe.jsonl);
  fz_check_history_readable(model, jbuf, jlen, "fuzz_grades");
  free(jbuf);
  (void)cohort_lines(c);
  fz_print_diags(&d, out, false);
  fclose(out);
  fz_verbose(obuf, olen);
  free(obuf);
  diags_free(&d);
  cohort_free(c);
  return 0;
}
