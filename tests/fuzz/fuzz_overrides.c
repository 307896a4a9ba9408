/*
** fuzz_overrides.c — the jury overrides reader (CSV, inputs.h) and the
** evaluator applying what it accepts.
**
** At start-up: the Model of the real regulation ($MCCC_RULES) and a fixed
** cohort, tests/fuzz/data/cohort-overrides.csv (every grade of four students
** of tests/data/examples/cohort-small.csv, BUT 1 to BUT 3, repeats). Per
** input: the input is read as an overrides file; every cohort student with
** valid overrides and no line in error is evaluated with the overrides hook
** (rules 21 and 23: targets that do not exist in the student's year, codes
** on RCUEs, semesters and years). Diagnostics are printed to a memstream;
** everything allocated per input is freed.
**
** The records the evaluator emits (out_jsonl) must be read back as a history
** without error (fz_check_history_readable). Known bug "rcue-ue-code" in
** MCCC_FUZZ_KNOWN: an RCUE override (target C<n>) with code CMP or ADSUP is
** accepted, and the record it produces is rejected by the history reader
** (regressions/overrides/rcue-override-cmp.csv); that check is then skipped
** for such inputs.
*/
#include "fuzz_common.h"

#include "inputs.h"

static const Model *model;
static Cohort *cohort;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  model = fz_load_model();
  cohort = fz_fixed_cohort(model, "cohort-overrides.csv");
  return 0;
}

static const Override *ovs_for(const char *student, int *n, void *ctx) {
  FuzzEval *fe = ctx;
  *n = 0;
  return overrides_for(fe->ovs, student, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *obuf = NULL;
  size_t olen = 0;
  FILE *out = open_memstream(&obuf, &olen);
  if (!out) abort();
  Diags d;
  diags_init(&d);
  Overrides *o = overrides_new();
  overrides_read_memory(o, model, "fuzz.csv", (const char *)data, size, &d);
  (void)overrides_count(o);

  FuzzEval fe = {.model = model, .out = out, .ovs = o, .table = (size & 1) != 0};
  EvalHooks hooks = {.model_for = fz_model_for, .overrides = ovs_for, .emit = fz_emit, .ctx = &fe};
  char *jbuf = NULL;
  size_t jlen = 0;
  fe.jsonl = open_memstream(&jbuf, &jlen);
  if (!fe.jsonl) abort();
  bool rcue_ue_code = false; /* an RCUE override with a UE-only code (known bug) */
  EvalCtx *ev = eval_new();
  size_t n = cohort_count(cohort);
  for (size_t i = 0; i < n; i++) {
    Student *st = cohort_student(cohort, i);
    int no = 0;
    const Override *ov = overrides_for(o, st->id, &no);
    if (no == 0 || overrides_student_has_error(o, st->id)) continue;
    for (int k = 0; k < no; k++)
      if (ov[k].target[0] == 'C' && (!strcmp(ov[k].code, "CMP") || !strcmp(ov[k].code, "ADSUP")))
        rcue_ue_code = true;
    eval_student(ev, st, &hooks, &d);
  }
  eval_free(ev);
  fclose(fe.jsonl);
  if (!(rcue_ue_code && fz_known("rcue-ue-code"))) fz_check_history_readable(model, jbuf, jlen, "fuzz_overrides");
  free(jbuf);
  fz_print_diags(&d, out, false);
  fclose(out);
  fz_verbose(obuf, olen);
  free(obuf);
  diags_free(&d);
  overrides_free(o);
  return 0;
}
