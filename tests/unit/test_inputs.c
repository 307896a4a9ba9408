/* Unit tests for src/inputs.c: jury overrides (CSV) and history as
** decisions (JSON Lines), validated against the 2025-2026 rules.
** Run from tests/ (the rules are ../rules/…, the fixtures unit/data/inputs/). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inputs.h"
#include "parse.h"

#define RULES "../rules/but-info-rodez-2025-2026.mccc"
#define DATA "unit/data/inputs/"

/* ---- fixture: the rules ---- */

typedef struct Rules {
  Source *src;
  Ast *ast;
  Model *model;
  Diags d;
} Rules;

static Rules R;

static int rules_setup(void **state) {
  (void)state;
  char err[256];
  diags_init(&R.d);
  R.src = source_load(RULES, err, sizeof err);
  if (!R.src) {
    fprintf(stderr, "cannot load the rules: %s\n", err);
    return -1;
  }
  R.ast = parse_rules(R.src, &R.d);
  if (!R.ast || R.d.nerr) return -1;
  R.model = model_build(R.ast, R.src, &R.d);
  return R.model && R.d.nerr == 0 ? 0 : -1;
}

static int rules_teardown(void **state) {
  (void)state;
  model_free(R.model);
  ast_free(R.ast);
  diags_free(&R.d);
  source_free(R.src);
  return 0;
}

/* ---- helpers ---- */

static void dump_diags(const Diags *d) {
  for (size_t i = 0; i < d->n; i++) {
    const Diag *g = &d->v[i];
    fprintf(stderr, "  [%d] %d:%d-%d %s%s%s\n", g->level, g->loc.first_line, g->loc.first_column,
            g->loc.last_column, g->msg, g->note ? " | note: " : "", g->note ? g->note : "");
  }
}

/* The diagnostic of this level at line:col (byte column; col 0 = any) whose
** message holds `msg`; fails the test, showing them all, if there is none. */
static const Diag *expect_diag(const Diags *d, DiagLevel level, int line, int col, const char *msg) {
  for (size_t i = 0; i < d->n; i++) {
    const Diag *g = &d->v[i];
    if (g->level == level && g->loc.first_line == line && (col == 0 || g->loc.first_column == col) &&
        strstr(g->msg, msg))
      return g;
  }
  fprintf(stderr, "no diagnostic level %d at %d:%d with « %s »; got:\n", level, line, col, msg);
  dump_diags(d);
  fail();
  return NULL;
}

static void expect_note(const Diag *g, const char *text) {
  if (!g->note || !strstr(g->note, text)) {
    fprintf(stderr, "note « %s » expected in « %s »\n", text, g->note ? g->note : "(none)");
    fail();
  }
}

static int count_level(const Diags *d, DiagLevel level) {
  int n = 0;
  for (size_t i = 0; i < d->n; i++) n += d->v[i].level == level;
  return n;
}

/* Byte column (1-based) of the first occurrence of `what` in `line`, plus skip. */
static int col_of(const char *line, const char *what, int skip) {
  const char *p = strstr(line, what);
  if (!p) fail_msg("« %s » not in the test line", what);
  return (int)(p - line) + 1 + skip;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  assert_non_null(b);
  assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
  b[n] = '\0';
  fclose(f);
  return b;
}

/* Line `k` (1-based) of a file, malloc'd, without its line end. */
static char *file_line(const char *path, int k) {
  char *all = slurp(path);
  char *p = all;
  for (int i = 1; i < k; i++) {
    p = strchr(p, '\n');
    if (!p) fail_msg("%s has no line %d", path, k);
    p++;
  }
  size_t n = strcspn(p, "\r\n");
  char *l = malloc(n + 1);
  memcpy(l, p, n);
  l[n] = '\0';
  free(all);
  return l;
}

/* s with the first `from` replaced by `to` (malloc'd); fails if absent. */
static char *replace(const char *s, const char *from, const char *to) {
  const char *p = strstr(s, from);
  if (!p) fail_msg("« %s » not found", from);
  size_t a = (size_t)(p - s), nf = strlen(from), nt = strlen(to), ns = strlen(s);
  char *r = malloc(ns - nf + nt + 1);
  memcpy(r, s, a);
  memcpy(r + a, to, nt);
  memcpy(r + a + nt, p + nf, ns - a - nf + 1);
  return r;
}

static bool q_is(const mpq_t q, long num, unsigned long den) {
  mpq_t t;
  mpq_init(t);
  mpq_set_si(t, num, den);
  mpq_canonicalize(t);
  bool eq = mpq_equal(q, t) != 0;
  mpq_clear(t);
  return eq;
}

/* ======================================================================
** Overrides
** ====================================================================== */

typedef struct OvRun {
  Overrides *o;
  Diags d;
  int rc;
} OvRun;

static OvRun ov_mem(const char *text) {
  OvRun r;
  r.o = overrides_new();
  diags_init(&r.d);
  r.rc = overrides_read_memory(r.o, R.model, "jury.csv", text, strlen(text), &r.d);
  return r;
}

static void ov_done(OvRun *r) {
  diags_free(&r->d);
  overrides_free(r->o);
}

#define OV_HDR "student,year,target,code,reason\n"

static void ov_valid_file(void **state) {
  (void)state;
  Overrides *o = overrides_new();
  Diags d;
  diags_init(&d);
  assert_int_equal(overrides_read_file(o, R.model, DATA "overrides-ok.csv", &d), 0);
  if (d.nerr) dump_diags(&d);
  assert_int_equal(d.nerr, 0);
  assert_int_equal(d.nwarn, 0);
  /* one note for the ignored column, at its header cell (BOM not counted) */
  assert_int_equal(count_level(&d, DIAG_NOTE), 1);
  expect_diag(&d, DIAG_NOTE, 1, 33, "colonne ignorée : « nom »");
  assert_int_equal(overrides_count(o), 5);

  int n;
  const Override *v = overrides_for(o, "21131988-3", &n);
  assert_int_equal(n, 3);
  /* UE target, quoted reason holding the separator */
  assert_string_equal(v[0].year, "2024-2025");
  assert_string_equal(v[0].target, "UE3.5");
  assert_string_equal(v[0].code, "ADJ");
  assert_string_equal(v[0].reason, "jury du 27 juin; stage validé");
  assert_int_equal(v[0].line, 2);
  /* RCUE target */
  assert_string_equal(v[1].target, "C5");
  assert_int_equal(v[1].line, 3);
  /* another year, a computed code on a UE */
  assert_string_equal(v[2].year, "2025-2026");
  assert_string_equal(v[2].code, "AJ");
  assert_int_equal(v[2].line, 7);

  v = overrides_for(o, "21361615-5", &n);
  assert_int_equal(n, 2);
  /* semester target (rule 23), values trimmed */
  assert_string_equal(v[0].student, "21361615-5");
  assert_string_equal(v[0].year, "2023-2024");
  assert_string_equal(v[0].target, "S5");
  assert_string_equal(v[0].code, "ADM");
  assert_string_equal(v[0].reason, "mobilité Erasmus (Montréal)");
  assert_int_equal(v[0].line, 5);
  /* year target with a jury code */
  assert_string_equal(v[1].target, "year");
  assert_string_equal(v[1].code, "ADJ");

  assert_null(overrides_for(o, "nobody", &n));
  assert_int_equal(n, 0);
  assert_false(overrides_student_has_error(o, "21131988-3"));
  diags_free(&d);
  overrides_free(o);
}

static void ov_bad_year(void **state) {
  (void)state;
  OvRun r = ov_mem(OV_HDR "s1,2025-2027,UE1.1,ADJ,ok\n"
                          "s2,2025/2026,UE1.1,ADJ,ok\n"
                          "s3,2025-2026,UE1.1,ADJ,ok\n");
  assert_int_equal(r.rc, 0);
  assert_int_equal(r.d.nerr, 2);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 2, 4, "année « 2025-2027 » invalide");
  assert_int_equal(g->loc.last_column, 13);
  expect_note(g, "AAAA-AAAA");
  expect_diag(&r.d, DIAG_ERROR, 3, 4, "année « 2025/2026 » invalide");
  assert_true(overrides_student_has_error(r.o, "s1"));
  assert_true(overrides_student_has_error(r.o, "s2"));
  assert_false(overrides_student_has_error(r.o, "s3"));
  assert_int_equal(overrides_count(r.o), 1);
  ov_done(&r);
}

static void ov_unknown_target(void **state) {
  (void)state;
  OvRun r = ov_mem(OV_HDR "s1,2025-2026,UE9.9,ADJ,ok\n"
                          "s1,2025-2026,UE3.44,ADJ,ok\n"
                          "s1,2025-2026,C7,ADJ,ok\n"
                          "s1,2025-2026,S7,ADM,ok\n"
                          "s1,2025-2026,yaer,ADJ,ok\n"
                          "s1,2025-2026,,ADJ,ok\n");
  assert_int_equal(r.d.nerr, 6);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 2, 14, "cible inconnue « UE9.9 »");
  expect_note(g, "attendu : une UE (UE1.1 … UE6.6), un RCUE (C1 … C6), un semestre (S1 … S6) ou « year »");
  g = expect_diag(&r.d, DIAG_ERROR, 3, 14, "cible inconnue « UE3.44 »");
  expect_note(g, "vouliez-vous dire « UE3.4 » ?");
  expect_diag(&r.d, DIAG_ERROR, 4, 14, "cible inconnue « C7 »");
  expect_diag(&r.d, DIAG_ERROR, 5, 14, "cible inconnue « S7 »");
  g = expect_diag(&r.d, DIAG_ERROR, 6, 14, "cible inconnue « yaer »");
  expect_note(g, "vouliez-vous dire « year » ?");
  expect_diag(&r.d, DIAG_ERROR, 7, 14, "cible vide");
  assert_int_equal(overrides_count(r.o), 0);
  assert_true(overrides_student_has_error(r.o, "s1"));
  ov_done(&r);
}

static void ov_unknown_code(void **state) {
  (void)state;
  OvRun r = ov_mem(OV_HDR "s1,2025-2026,UE3.4,ADJJ,ok\n"
                          "s1,2025-2026,UE3.5,adj,ok\n"
                          "s1,2025-2026,UE3.6,,ok\n");
  assert_int_equal(r.d.nerr, 3);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 2, 20, "code inconnu « ADJJ »");
  expect_note(g, "vouliez-vous dire « ADJ » ?");
  expect_note(g, "attendu : ADM, CMP, ADSUP, AJ, ATT, PASD, RED, NAR ou un code jury du règlement (ADJ)");
  g = expect_diag(&r.d, DIAG_ERROR, 3, 20, "code inconnu « adj »");
  expect_note(g, "vouliez-vous dire « ADJ » ?");
  expect_diag(&r.d, DIAG_ERROR, 4, 20, "code vide");
  ov_done(&r);
}

static void ov_wrong_kind(void **state) {
  (void)state;
  OvRun r = ov_mem(OV_HDR "s1,2025-2026,year,CMP,ok\n"
                          "s1,2025-2026,UE3.4,PASD,ok\n"
                          "s1,2025-2026,C2,RED,ok\n"
                          "s1,2025-2026,S3,NAR,ok\n"
                          /* both kinds accept ATT, ADM and the jury codes */
                          "s2,2025-2026,year,ATT,ok\n"
                          "s2,2025-2026,UE3.4,ATT,ok\n"
                          "s2,2025-2026,S4,ADM,ok\n"
                          "s2,2025-2026,C1,ADJ,ok\n");
  assert_int_equal(r.d.nerr, 4);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 2, 19, "le code « CMP » n’est pas une décision d’année");
  expect_note(g, "ADM, PASD, RED, NAR, ATT ou un code jury du règlement (ADJ)");
  g = expect_diag(&r.d, DIAG_ERROR, 3, 20, "le code « PASD » est une décision d’année");
  expect_note(g, "ADM, CMP, ADSUP, AJ, ATT ou un code jury du règlement (ADJ)");
  expect_diag(&r.d, DIAG_ERROR, 4, 17, "le code « RED » est une décision d’année");
  expect_diag(&r.d, DIAG_ERROR, 5, 17, "le code « NAR » est une décision d’année");
  assert_int_equal(overrides_count(r.o), 4);
  assert_false(overrides_student_has_error(r.o, "s2"));
  ov_done(&r);
}

static void ov_missing_reason(void **state) {
  (void)state;
  OvRun r = ov_mem(OV_HDR "s1,2025-2026,UE3.4,ADJ,\n"
                          "s1,2025-2026,UE3.5,ADJ,   \n"
                          "s1,2025-2026,UE3.6,ADJ,\"\"\n");
  assert_int_equal(r.d.nerr, 3);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 2, 24, "motif manquant pour la décision du jury sur « UE3.4 »");
  expect_note(g, "le jury doit dire pourquoi");
  expect_diag(&r.d, DIAG_ERROR, 3, 27, "motif manquant");
  expect_diag(&r.d, DIAG_ERROR, 4, 24, "motif manquant");
  assert_int_equal(overrides_count(r.o), 0);
  ov_done(&r);
}

static void ov_duplicate(void **state) {
  (void)state;
  OvRun r = ov_mem(OV_HDR "s1,2025-2026,UE3.4,ADJ,first\n"
                          "s1,2024-2025,UE3.4,ADJ,another year\n"
                          "s2,2025-2026,UE3.4,ADJ,another student\n"
                          "s1,2025-2026,UE3.4,AJ,second\n");
  assert_int_equal(r.d.nerr, 1);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 5, 14, "décision du jury en double : s1 2025-2026 « UE3.4 »");
  expect_note(g, "première décision ligne 2");
  assert_true(overrides_student_has_error(r.o, "s1"));
  assert_false(overrides_student_has_error(r.o, "s2"));
  /* across files of one Overrides too */
  Diags d2;
  diags_init(&d2);
  const char *more = OV_HDR "s2,2025-2026,UE3.4,ADJ,again\n";
  assert_int_equal(overrides_read_memory(r.o, R.model, "jury2.csv", more, strlen(more), &d2), 0);
  g = expect_diag(&d2, DIAG_ERROR, 2, 14, "en double");
  expect_note(g, "première décision en jury.csv:4");
  assert_true(overrides_student_has_error(r.o, "s2"));
  diags_free(&d2);
  ov_done(&r);
}

static void ov_header(void **state) {
  (void)state;
  /* a missing column: nothing used, the students named are marked */
  OvRun r = ov_mem("student,year,target,code,raison\n"
                   "s1,2025-2026,UE3.4,ADJ,ok\n");
  assert_int_equal(r.rc, 0);
  assert_int_equal(r.d.nerr, 1);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 1, 1, "colonne absente de l’en-tête : « reason »");
  expect_note(g, "la colonne « raison » serait-elle « reason » ?");
  expect_diag(&r.d, DIAG_NOTE, 1, 26, "colonne ignorée : « raison »");
  assert_int_equal(overrides_count(r.o), 0);
  assert_true(overrides_student_has_error(r.o, "s1"));
  ov_done(&r);

  /* any order, any case, spaces around names; tab separator */
  r = ov_mem(" Reason \tCODE\ttarget\tyear\tstudent\n"
             "ok\tADJ\tUE3.4\t2025-2026\ts1\n");
  assert_int_equal(r.d.nerr, 0);
  int n;
  const Override *v = overrides_for(r.o, "s1", &n);
  assert_int_equal(n, 1);
  assert_string_equal(v[0].target, "UE3.4");
  assert_string_equal(v[0].reason, "ok");
  ov_done(&r);

  /* a column twice */
  r = ov_mem("student,year,target,code,reason,year\ns1,2025-2026,UE3.4,ADJ,ok,2025-2026\n");
  expect_diag(&r.d, DIAG_ERROR, 1, 33, "colonne « year » en double");
  assert_int_equal(overrides_count(r.o), 0);
  ov_done(&r);
}

static void ov_field_count(void **state) {
  (void)state;
  OvRun r = ov_mem("student,year,target,code,reason,nom\n"
                   "s1,2025-2026,UE3.4,ADJ,jury du 27, stage validé,Dupont\n"
                   "s2,2025-2026,UE3.4\n"
                   "s3,2025-2026,UE3.4,ADJ,ok\n" /* a trailing ignored column may be left out */
                   ",,,,,\n");
  assert_int_equal(r.d.nerr, 2);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 2, 50, "ligne trop longue : 7 champs, l’en-tête en a 6");
  expect_note(g, "entre guillemets");
  g = expect_diag(&r.d, DIAG_ERROR, 3, 19, "ligne incomplète : 3 champs, l’en-tête en a 6");
  expect_note(g, "la colonne « code » manque");
  expect_diag(&r.d, DIAG_WARNING, 5, 1, "ligne sans aucune valeur");
  assert_true(overrides_student_has_error(r.o, "s1"));
  assert_true(overrides_student_has_error(r.o, "s2"));
  assert_false(overrides_student_has_error(r.o, "s3"));
  assert_int_equal(overrides_count(r.o), 1);
  ov_done(&r);
}

static void ov_byte_columns(void **state) {
  (void)state;
  /* "élève" is 5 characters, 7 bytes: columns are bytes */
  OvRun r = ov_mem(OV_HDR "élève,2025-2026,UE3.4,ADJ,ok\n"
                          "\"s;1\",2025 2026,UE3.4,ADJ,ok\n"
                          "s2,2025-2026,UE3.4,ADJ,\"un \"\"motif\"\"\"\n");
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 3, 7, "année « 2025 2026 » invalide");
  assert_int_equal(g->loc.last_column, 16);
  assert_int_equal(r.d.nerr, 1);
  assert_true(overrides_student_has_error(r.o, "s;1"));
  int n;
  const Override *v = overrides_for(r.o, "s2", &n);
  assert_int_equal(n, 1);
  assert_string_equal(v[0].reason, "un \"motif\"");
  assert_non_null(overrides_for(r.o, "élève", &n));
  ov_done(&r);
  r = ov_mem(OV_HDR "élève,2025-2026,UE3.4,XXX,ok\n");
  expect_diag(&r.d, DIAG_ERROR, 2, 25, "code inconnu « XXX »");
  ov_done(&r);
  /* a quoted field: the span is the whole field, quotes included */
  r = ov_mem(OV_HDR "s1,\"2025\",UE3.4,ADJ,ok\n");
  g = expect_diag(&r.d, DIAG_ERROR, 2, 4, "année « 2025 » invalide");
  assert_int_equal(g->loc.last_column, 10);
  ov_done(&r);
}

static void ov_encodings(void **state) {
  (void)state;
  Overrides *o = overrides_new();
  Diags d;
  diags_init(&d);
  assert_int_equal(overrides_read_file(o, R.model, DATA "overrides-cp1252.csv", &d), 0);
  expect_diag(&d, DIAG_NOTE, 0, 0, "Windows-1252");
  /* the year of line 3 is after "année fausse": 13 bytes once in UTF-8 */
  expect_diag(&d, DIAG_ERROR, 3, 26, "année « 2024-2O25 » invalide");
  assert_int_equal(d.nerr, 1);
  int n;
  const Override *v = overrides_for(o, "21131988-3", &n);
  assert_int_equal(n, 1);
  assert_string_equal(v[0].reason, "dérogation accordée");
  /* the quoted line is the UTF-8 text */
  const Diag *g = expect_diag(&d, DIAG_ERROR, 3, 26, "année");
  size_t len;
  const char *line = source_line(g->src, 3, &len);
  assert_int_equal(len, strlen("21131988-3;année fausse;2024-2O25;UE3.4;ADJ"));
  assert_memory_equal(line, "21131988-3;année fausse;2024-2O25;UE3.4;ADJ", len);
  diags_free(&d);
  overrides_free(o);

  /* old Mac line ends (lone CR) */
  OvRun r = ov_mem(OV_HDR "s1,2025-2026,UE3.4,ADJ,ok\r"
                          "s1,2025-2026,UE3.5,ZZZ,ok\r");
  expect_diag(&r.d, DIAG_ERROR, 3, 20, "code inconnu « ZZZ »");
  assert_int_equal(overrides_count(r.o), 1);
  ov_done(&r);
}

static void ov_unreadable(void **state) {
  (void)state;
  Overrides *o = overrides_new();
  Diags d;
  diags_init(&d);
  assert_int_equal(overrides_read_file(o, R.model, DATA "no-such-file.csv", &d), -1);
  assert_int_equal(d.nerr, 1);
  expect_diag(&d, DIAG_ERROR, 0, 0, "fichier des décisions du jury illisible : fichier introuvable");
  assert_int_equal(overrides_read_file(o, R.model, DATA, &d), -1);
  expect_diag(&d, DIAG_ERROR, 0, 0, "fichier des décisions du jury illisible : c’est un dossier, pas un fichier");
  assert_int_equal(d.nerr, 2);
  assert_null(overrides_file(o));
  assert_int_equal(overrides_read_memory(o, R.model, "empty.csv", "", 0, &d), -1);
  assert_int_equal(d.nerr, 3);
  expect_diag(&d, DIAG_ERROR, 0, 0, "fichier vide");
  /* a file whose only line is the header is fine: no override */
  assert_int_equal(overrides_read_memory(o, R.model, "h.csv", OV_HDR, strlen(OV_HDR), &d), 0);
  assert_int_equal(d.nerr, 3);
  assert_int_equal(overrides_count(o), 0);
  diags_free(&d);
  overrides_free(o);
}

/* The overrides in reading order, each with its file; the last file read. */
static void ov_listing(void **state) {
  (void)state;
  Overrides *o = overrides_new();
  Diags d;
  diags_init(&d);
  assert_null(overrides_file(o));
  assert_int_equal(overrides_count(o), 0);
  assert_null(overrides_at(o, 0));
  const char *a = OV_HDR "21000002,2025-2026,UE1.1,ADJ,jury\n21000001,2025-2026,UE1.2,ADJ,jury\n";
  const char *b = OV_HDR "21000000,2025-2026,UE1.3,ADJ,jury\n";
  assert_int_equal(overrides_read_memory(o, R.model, "a.csv", a, strlen(a), &d), 0);
  assert_string_equal(overrides_file(o), "a.csv");
  assert_int_equal(overrides_read_memory(o, R.model, "b.csv", b, strlen(b), &d), 0);
  assert_string_equal(overrides_file(o), "b.csv");
  assert_int_equal(d.nerr, 0);
  assert_int_equal(overrides_count(o), 3);
  const char *want[3][3] = {{"21000002", "a.csv", "UE1.1"}, {"21000001", "a.csv", "UE1.2"}, {"21000000", "b.csv", "UE1.3"}};
  for (size_t i = 0; i < 3; i++) {
    const Override *v = overrides_at(o, i);
    assert_non_null(v);
    assert_string_equal(v->student, want[i][0]);
    assert_string_equal(v->file, want[i][1]);
    assert_string_equal(v->target, want[i][2]);
  }
  assert_int_equal(overrides_at(o, 0)->line, 2);
  assert_int_equal(overrides_at(o, 2)->line, 2);
  assert_null(overrides_at(o, 3));
  /* overrides_for keeps its own (sorted) order */
  int n;
  assert_non_null(overrides_for(o, "21000001", &n));
  assert_int_equal(n, 1);
  diags_free(&d);
  overrides_free(o);
}

/* Bad values: ids too long or with control characters, long values
** shortened in messages, CSV errors and many unknown columns said in French. */
static void ov_bad_values(void **state) {
  (void)state;
  char longid[260], longtarget[120];
  memset(longid, '7', 250);
  longid[250] = '\0';
  memset(longtarget, 'U', 100);
  longtarget[100] = '\0';
  char text[1024];
  snprintf(text, sizeof text,
           OV_HDR "%s,2025-2026,UE1.1,ADJ,jury\n"      /* 2: id too long */
           "\"21\t01\",2025-2026,UE1.1,ADJ,jury\n"     /* 3: a tab in the id */
           "21000003,2025-2026,%s,ADJ,jury\n"          /* 4: a long target */
           "21000004,2025-2026,UE1.1,ADJ,\"jury\n",     /* 5: unterminated quote */
           longid, longtarget);
  OvRun r = ov_mem(text);
  expect_diag(&r.d, DIAG_ERROR, 2, 1,
              "identifiant d’étudiant « 7777777777777777777777777777777777777777… » (250 caractères) invalide : "
              "trop long (250 octets, au plus 200)");
  expect_diag(&r.d, DIAG_ERROR, 3, 1, "identifiant d’étudiant « 21\\t01 » invalide : il contient une tabulation");
  expect_diag(&r.d, DIAG_ERROR, 4, 20,
              "cible inconnue « UUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUU… » (100 caractères)");
  expect_diag(&r.d, DIAG_ERROR, 5, 30, "ligne CSV illisible : champ entre guillemets jamais refermé");
  assert_int_equal(r.d.nerr, 4);
  assert_int_equal(overrides_count(r.o), 0);
  /* neither made-up id is a student with an error */
  assert_false(overrides_student_has_error(r.o, longid));
  assert_false(overrides_student_has_error(r.o, "21\t01"));
  assert_true(overrides_student_has_error(r.o, "21000003"));
  ov_done(&r);

  /* 10,000 unknown columns: ten named, then how many more */
  size_t cap = 200000, k = 0;
  char *big = malloc(cap);
  k += (size_t)snprintf(big + k, cap - k, "student,year,target,code,reason");
  for (int i = 1; i <= 10000; i++) k += (size_t)snprintf(big + k, cap - k, ",x%d", i);
  k += (size_t)snprintf(big + k, cap - k, "\n");
  r = ov_mem(big);
  const Diag *g = expect_diag(&r.d, DIAG_NOTE, 1, 33,
                              "colonnes ignorées : « x1 », « x2 », « x3 », « x4 », « x5 », « x6 », « x7 », « x8 », "
                              "« x9 », « x10 » … et 9 990 autres");
  assert_null(strstr(g->msg, "x11"));
  ov_done(&r);
  free(big);
}

/* ======================================================================
** History
** ====================================================================== */

typedef struct HRun {
  History *h;
  Diags d;
  int rc;
} HRun;

static HRun h_mem(const char *text) {
  HRun r;
  r.h = history_new();
  diags_init(&r.d);
  r.rc = history_read_memory(r.h, R.model, "hist.jsonl", text, strlen(text), &r.d);
  return r;
}

static void h_done(HRun *r) {
  diags_free(&r->d);
  history_free(r->h);
}

/* The first line of the fixture: 21022899-32, 2025-2026, year 1, all ADM. */
static char *base_line(void) {
  return file_line(DATA "history-ok.jsonl", 1);
}

static int ue_index(const YearRecord *r, const char *id) {
  for (int i = 0; i < r->nues; i++)
    if (!strcmp(r->ues[i].id, id)) return i;
  return -1;
}

static void h_valid_file(void **state) {
  (void)state;
  History *h = history_new();
  Diags d;
  diags_init(&d);
  assert_int_equal(history_read_file(h, R.model, DATA "history-ok.jsonl", &d), 0);
  if (d.n) dump_diags(&d);
  assert_int_equal((int)d.n, 0);
  assert_int_equal(history_count(h), 8);

  int n;
  const YearRecord *r = history_for(h, "21131988-3", &n);
  assert_int_equal(n, 4);
  assert_string_equal(r[0].year, "2022-2023");
  assert_string_equal(r[3].year, "2025-2026");
  const YearRecord *y = &r[0];
  assert_int_equal(y->start, 2022);
  assert_int_equal(y->level, 1);
  assert_null(y->parcours);
  assert_true(y->from_history);
  assert_ptr_equal(y->model, R.model);
  assert_false(y->midyear);
  assert_string_equal(y->decision, "RED");
  assert_int_equal(y->nues, 12);
  assert_int_equal(y->nrcues, 6);
  assert_int_equal(y->nlower, 0);
  assert_int_equal(y->ects_year, 40);
  assert_int_equal(y->ects_total, 40);
  /* UE1.1 10.13 ADM, exactly 1013/100 */
  const UeResult *u = &y->ues[0];
  assert_string_equal(u->id, "UE1.1");
  assert_ptr_equal(u->ue, model_ue(R.model, "UE1.1", -1));
  assert_true(u->has_avg);
  assert_true(q_is(u->avg, 1013, 100));
  assert_string_equal(u->code, "ADM");
  assert_string_equal(u->computed, "ADM");
  assert_true(u->acquired);
  assert_int_equal(u->ects, 5);
  /* UE1.3 4.99 AJ; UE1.5 9.38 CMP */
  u = &y->ues[2];
  assert_string_equal(u->id, "UE1.3");
  assert_true(q_is(u->avg, 499, 100));
  assert_false(u->acquired);
  assert_int_equal(u->ects, 0);
  assert_true(y->ues[4].acquired);
  assert_string_equal(y->ues[4].code, "CMP");
  /* UEs by semester then competence, RCUEs by competence with their UEs */
  assert_string_equal(y->ues[6].id, "UE2.1");
  assert_int_equal(y->rcues[2].competence, 3);
  assert_int_equal(y->rcues[2].level, 1);
  assert_string_equal(y->ues[y->rcues[2].ue[0]].id, "UE1.3");
  assert_string_equal(y->ues[y->rcues[2].ue[1]].id, "UE2.3");
  assert_non_null(y->rcues[2].rcue);

  /* year 2, parcours D, lower UEs */
  y = &r[2];
  assert_string_equal(y->year, "2024-2025");
  assert_int_equal(y->level, 2);
  assert_string_equal(y->parcours, "D");
  assert_int_equal(y->nlower, 2);
  assert_string_equal(y->lower[0].ue, "UE1.3");
  assert_string_equal(y->lower[0].code, "ADSUP");
  assert_int_equal(y->lower[0].ects, 5);
  assert_string_equal(y->lower[1].ue, "UE2.3");
  assert_int_equal(y->ects_year, 35);
  assert_int_equal(y->ects_total, 95);

  /* given in reverse order, sorted by year; year 3 with a null average */
  r = history_for(h, "21361615-5", &n);
  assert_int_equal(n, 3);
  assert_string_equal(r[0].year, "2021-2022");
  assert_string_equal(r[2].year, "2023-2024");
  y = &r[2];
  assert_int_equal(y->level, 3);
  assert_int_equal(y->nues, 6);
  assert_string_equal(y->ues[0].id, "UE5.1");
  assert_string_equal(y->ues[1].id, "UE5.5");
  assert_string_equal(y->ues[3].id, "UE6.1");
  int k = ue_index(y, "UE5.6");
  assert_int_equal(k, 2);
  assert_false(y->ues[k].has_avg);
  assert_string_equal(y->ues[k].code, "ATT");
  assert_true(y->ues[k].pending);
  assert_int_equal(y->ues[k].ects, 0);
  /* the D-parcours UE5.5 of the model */
  assert_true(pmask_has(y->ues[1].ue->parcours, model_parcours(R.model, "D")->bit));
  assert_int_equal(y->nrcues, 3);
  assert_int_equal(y->rcues[2].competence, 6);
  assert_false(y->rcues[2].has_avg);
  assert_string_equal(y->rcues[2].code, "ATT");
  assert_string_equal(y->decision, "ATT");
  assert_true(y->dut);
  assert_false(y->but);
  assert_int_equal(y->ects_total, 170);
  assert_true(r[1].dut);

  assert_true(history_has(h, "21022899-32"));
  assert_true(history_has_cb("21022899-32", h));
  assert_false(history_has(h, "nobody"));
  assert_null(history_for(h, "nobody", &n));
  assert_int_equal(n, 0);
  assert_false(history_student_has_error(h, "21131988-3"));
  diags_free(&d);
  history_free(h);
}

/* Averages are read from the number's text, never through a double. */
static void h_exact_numbers(void **state) {
  (void)state;
  char *b = base_line();
  char *l1 = replace(b, "\"average\":11.28", "\"average\":9.995");
  char *l2 = replace(l1, "\"average\":11.48", "\"average\":1.25e1");
  char *l3 = replace(l2, "\"average\":11.36", "\"average\":20");
  char *l4 = replace(l3, "\"average\":14.38", "\"average\":0.1");
  HRun r = h_mem(l4);
  if (r.d.n) dump_diags(&r.d);
  assert_int_equal(r.d.nerr, 0);
  int n;
  const YearRecord *y = history_for(r.h, "21022899-32", &n);
  assert_int_equal(n, 1);
  assert_true(q_is(y->ues[0].avg, 1999, 200));
  assert_true(q_is(y->ues[1].avg, 25, 2));
  assert_true(q_is(y->ues[2].avg, 20, 1));
  assert_true(q_is(y->ues[3].avg, 1, 10));
  assert_true(q_is(y->rcues[0].avg, 1175, 100));
  h_done(&r);
  free(b);
  free(l1);
  free(l2);
  free(l3);
  free(l4);
}

/* A mid-year record and a record with jury overrides. */
static void h_midyear_and_jury(void **state) {
  (void)state;
  const char *mid =
    "{\"student\":\"m1\",\"year\":\"2025-2026\",\"level\":1,\"parcours\":null,\"ues\":["
    "{\"ue\":\"UE1.1\",\"average\":12.5,\"code\":\"ADM\",\"ects\":5},"
    "{\"ue\":\"UE1.2\",\"average\":8,\"code\":\"AJ\",\"ects\":0},"
    "{\"ue\":\"UE1.3\",\"average\":null,\"code\":\"ATT\",\"ects\":0},"
    "{\"ue\":\"UE1.4\",\"average\":10,\"code\":\"ADM\",\"ects\":5},"
    "{\"ue\":\"UE1.6\",\"average\":10,\"code\":\"ADM\",\"ects\":5},"
    "{\"ue\":\"UE1.5\",\"average\":10,\"code\":\"ADM\",\"ects\":5}],"
    "\"rcues\":[],\"lower\":[],\"decision\":null,\"ects\":{\"year\":20,\"total\":20},"
    "\"dut\":false,\"but\":false,\"jury\":[]}\n";
  HRun r = h_mem(mid);
  if (r.d.n) dump_diags(&r.d);
  assert_int_equal(r.d.nerr, 0);
  int n;
  const YearRecord *y = history_for(r.h, "m1", &n);
  assert_int_equal(n, 1);
  assert_true(y->midyear);
  assert_null(y->decision);
  assert_int_equal(y->nues, 6);
  assert_string_equal(y->ues[4].id, "UE1.5"); /* sorted by competence */
  assert_int_equal(y->nrcues, 0);
  h_done(&r);

  /* jury: UE1.3 AJ -> ADJ (acquired, credits), year RED -> ADJ */
  char *b = base_line();
  char *l1 = replace(b, "{\"ue\":\"UE1.3\",\"average\":11.36,\"code\":\"ADM\",\"ects\":5}",
                     "{\"ue\":\"UE1.3\",\"average\":7.5,\"code\":\"ADJ\",\"ects\":5}");
  char *l2 = replace(l1, "\"jury\":[]",
                     "\"jury\":[{\"target\":\"UE1.3\",\"computed\":\"AJ\",\"code\":\"ADJ\"},"
                     "{\"target\":\"year\",\"computed\":\"RED\",\"code\":\"ADM\",\"reason\":\"jury\"},"
                     "{\"target\":\"S2\",\"computed\":\"\",\"code\":\"ADM\"}]");
  r = h_mem(l2);
  if (r.d.n) dump_diags(&r.d);
  assert_int_equal(r.d.nerr, 0);
  y = history_for(r.h, "21022899-32", &n);
  assert_int_equal(n, 1);
  assert_string_equal(y->ues[2].code, "ADJ");
  assert_string_equal(y->ues[2].computed, "AJ");
  assert_true(y->ues[2].acquired);
  assert_string_equal(y->decision, "ADM");
  assert_string_equal(y->decision_computed, "RED");
  assert_int_equal(y->njury, 3);
  assert_string_equal(y->jury[0].target, "UE1.3");
  assert_string_equal(y->jury[0].reason, "");
  assert_string_equal(y->jury[1].reason, "jury");
  assert_string_equal(y->jury[2].target, "S2");
  h_done(&r);
  free(b);
  free(l1);
  free(l2);
}

static void h_bad_json(void **state) {
  (void)state;
  char *b = base_line();
  char *l1 = replace(b, "\"jury\":[]}", "\"jury\":[],}");
  char *l2 = replace(b, "\"level\":1,", "\"level\":1 ");
  char *l3 = replace(b, "\"ects\":{", "\"ects\":{\"year\":1,");
  size_t n = strlen(l1) + strlen(l2) + strlen(l3) + strlen(b) + 64;
  char *text = malloc(n);
  snprintf(text, n, "%s\n%s\n\n%s\n[1,2]\n{\"a\":tru}\n%s\n", l1, l2, l3, b);
  HRun r = h_mem(text);
  assert_int_equal(r.rc, 0);
  /* the token jansson names: the '}' after the comma */
  /* jansson's texts in French, with the line and the column */
  char want[160];
  int c1 = (int)strlen(l1);
  snprintf(want, sizeof want, "JSON invalide, ligne 1 colonne %d : clé entre guillemets ou « } » attendue, trouvé « } »",
           c1);
  expect_diag(&r.d, DIAG_ERROR, 1, c1, want);
  int c2 = col_of(l2, "\"level\":1 ", 10);
  snprintf(want, sizeof want, "JSON invalide, ligne 2 colonne %d : « , » ou « } » attendu, trouvé « \"parcours\" »", c2);
  expect_diag(&r.d, DIAG_ERROR, 2, c2, want);
  expect_diag(&r.d, DIAG_ERROR, 4, col_of(l3, "\"ects\":{\"year\":1,\"year\"", 17), "clé « year » en double");
  expect_diag(&r.d, DIAG_ERROR, 5, 1, "chaque ligne doit être un objet JSON (une décision), pas un tableau");
  expect_diag(&r.d, DIAG_ERROR, 6, 6, "JSON invalide, ligne 6 colonne 6 : valeur invalide « tru »");
  /* no English left */
  for (size_t i = 0; i < r.d.n; i++)
    if (strstr(r.d.v[i].msg, "expected") || strstr(r.d.v[i].msg, "near") || strstr(r.d.v[i].msg, "token"))
      fail_msg("English in « %s »", r.d.v[i].msg);
  assert_int_equal(r.d.nerr, 5);
  /* the student of a line jansson rejected is still known: no decision */
  assert_true(history_student_has_error(r.h, "21022899-32"));
  assert_true(history_has(r.h, "21022899-32"));
  /* the good line (7) is kept */
  assert_int_equal(history_count(r.h), 1);
  h_done(&r);
  free(text);
  free(b);
  free(l1);
  free(l2);
  free(l3);
}

/* Lines cut short: jansson's "end of file" is the end of the line. */
static void h_bad_json_eol(void **state) {
  (void)state;
  HRun r = h_mem("{\"student\":\"2002\",\n"
                 "{\"student\":\"2002\"\n"
                 "{\"student\":\"2002\",\"ues\":[1\n"
                 "{\"student\":\n"
                 "{\"student\":\"20\n"
                 "\"x\"\n"
                 "{\"a\":1} 2\n"
                 "{\"a\":\"\\q\"}\n"
                 "{\"a\":99999999999999999999999}\n");
  assert_int_equal(r.rc, 0);
  /* at the end of the line: one past its last character */
  expect_diag(&r.d, DIAG_ERROR, 1, 19,
              "JSON invalide, ligne 1 colonne 19 : fin de ligne au milieu d’un objet (il manque « } » ?)");
  expect_diag(&r.d, DIAG_ERROR, 2, 18,
              "JSON invalide, ligne 2 colonne 18 : fin de ligne au milieu d’un objet (il manque « } » ?)");
  expect_diag(&r.d, DIAG_ERROR, 3, 0, "fin de ligne au milieu d’un tableau (il manque « ] » ?)");
  expect_diag(&r.d, DIAG_ERROR, 4, 0, "fin de ligne là où une valeur est attendue");
  expect_diag(&r.d, DIAG_ERROR, 5, 0, "chaîne jamais refermée");
  expect_diag(&r.d, DIAG_ERROR, 6, 0, "chaque ligne doit être un objet JSON : « { » attendu");
  expect_diag(&r.d, DIAG_ERROR, 7, 0, "texte après la fin de l’objet");
  expect_diag(&r.d, DIAG_ERROR, 8, 0, "séquence d’échappement invalide");
  /* a number too long for jansson to name it: the whole number */
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 9, 6, "JSON invalide, ligne 9 colonne 6 : entier trop grand");
  assert_int_equal(g->loc.last_column, 29);
  for (size_t i = 0; i < r.d.n; i++)
    if (strstr(r.d.v[i].msg, "end of file") || strstr(r.d.v[i].msg, "expected"))
      fail_msg("English in « %s »", r.d.v[i].msg);
  assert_int_equal(r.d.nerr, 9);
  h_done(&r);
}

/* A history's student ids and values: checked and quoted like the others. */
static void h_bad_ids_and_long_values(void **state) {
  (void)state;
  char *b = base_line();
  char *l1 = replace(b, "\"21022899-32\"", "\"21\\t02\"");
  char longue[200] = "\"ue\":\"UE";
  size_t k0 = strlen(longue);
  memset(longue + k0, '9', 100);
  strcpy(longue + k0 + 100, "\"");
  char *l2 = replace(b, "\"ue\":\"UE1.2\"", longue);
  size_t n = strlen(l1) + strlen(l2) + 4;
  char *text = malloc(n);
  snprintf(text, n, "%s\n%s\n", l1, l2);
  HRun r = h_mem(text);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l1, "\"21\\t02\"", 0),
              "identifiant d’étudiant « 21\\t02 » invalide : il contient une tabulation");
  expect_diag(&r.d, DIAG_ERROR, 2, col_of(l2, "\"UE999", 0),
              "UE inconnue « UE99999999999999999999999999999999999999… » (102 caractères)");
  assert_false(history_has(r.h, "21\t02"));
  assert_true(history_student_has_error(r.h, "21022899-32"));
  h_done(&r);
  free(text);
  free(b);
  free(l1);
  free(l2);
}

static void h_unknown_ue(void **state) {
  (void)state;
  char *b = base_line();
  char *l1 = replace(b, "\"ue\":\"UE1.2\"", "\"ue\":\"UE1.22\"");
  HRun r = h_mem(l1);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 1, col_of(l1, "\"UE1.22\"", 0), "UE inconnue « UE1.22 »");
  assert_int_equal(g->loc.last_column - g->loc.first_column, 8);
  expect_note(g, "vouliez-vous dire « UE1.2 » ?");
  /* no cascade: UE1.2 is not said missing */
  assert_int_equal(r.d.nerr, 1);
  assert_int_equal(history_count(r.h), 0);
  assert_true(history_student_has_error(r.h, "21022899-32"));
  h_done(&r);

  /* a UE of another year, another parcours, twice */
  char *l2 = replace(b, "\"ue\":\"UE1.2\"", "\"ue\":\"UE3.2\"");
  r = h_mem(l2);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l2, "\"UE3.2\"", 0), "l’UE « UE3.2 » n’est pas une UE de l’année 1");
  h_done(&r);
  char *l3 = replace(b, "\"ue\":\"UE1.2\"", "\"ue\":\"UE1.1\"");
  r = h_mem(l3);
  const char *second = strstr(strstr(l3, "\"UE1.1\"") + 1, "\"UE1.1\"");
  g = expect_diag(&r.d, DIAG_ERROR, 1, (int)(second - l3) + 1, "UE « UE1.1 » en double dans « ues »");
  expect_note(g, "déjà en « ues[0] »");
  h_done(&r);

  /* year 3, parcours D: UE5.2 is parcours A's */
  char *y3 = file_line(DATA "history-ok.jsonl", 6);
  char *l4 = replace(y3, "\"ue\":\"UE5.5\"", "\"ue\":\"UE5.2\"");
  r = h_mem(l4);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l4, "\"UE5.2\"", 0), "n’est pas une UE de l’année 3 du parcours D");
  h_done(&r);
  free(b);
  free(l1);
  free(l2);
  free(l3);
  free(l4);
  free(y3);
}

static void h_average_range(void **state) {
  (void)state;
  char *b = base_line();
  char *l1 = replace(b, "\"average\":11.48", "\"average\":20.5");
  char *l2 = replace(b, "\"average\":11.48", "\"average\":-0.01");
  char *l3 = replace(b, "\"average\":11.75", "\"average\":21");
  size_t n = strlen(l1) + strlen(l2) + strlen(l3) + 8;
  char *text = malloc(n);
  snprintf(text, n, "%s\n%s\n%s\n", l1, l2, l3);
  HRun r = h_mem(text);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 1, col_of(l1, "20.5", 0), "moyenne 20.5 hors de [0, 20] pour UE1.2");
  assert_int_equal(g->loc.last_column - g->loc.first_column, 4);
  expect_diag(&r.d, DIAG_ERROR, 2, col_of(l2, "-0.01", 0), "moyenne -0.01 hors de [0, 20] pour UE1.2");
  expect_diag(&r.d, DIAG_ERROR, 3, col_of(l3, ":21,", 1), "moyenne 21 hors de [0, 20] pour le RCUE C1");
  assert_int_equal(r.d.nerr, 3);
  assert_int_equal(history_count(r.h), 0);
  h_done(&r);
  free(text);
  free(b);
  free(l1);
  free(l2);
  free(l3);
}

static void h_wrong_types(void **state) {
  (void)state;
  char *b = base_line();
  struct {
    const char *from, *to, *at, *msg;
    int skip;
  } cases[] = {
    {"\"level\":1", "\"level\":\"1\"", "\"1\"", "« level » : attendu un entier, pas une chaîne (\"1\")", 0},
    {"\"level\":1", "\"level\":1.0", "1.0", "« level » : attendu un entier, pas un nombre à virgule (1.0)", 0},
    {"\"average\":11.48", "\"average\":\"11.48\"", "\"11.48\"", "« ues[1].average » : attendu un nombre ou null, pas une chaîne", 0},
    {"\"ects\":5}", "\"ects\":5.0}", "5.0}", "« ues[0].ects » : attendu un entier", 0},
    {"\"dut\":false", "\"dut\":0", "\"dut\":0", "« dut » : attendu un booléen (true ou false), pas un entier (0)", 6},
    {"\"ues\":[", "\"ues\":{\"a\":1},\"x\":[", "{\"a\":1}", "« ues » : attendu un tableau, pas un objet", 0},
    {"\"student\":\"21022899-32\"", "\"student\":21022899", "21022899,", "« student » : attendu une chaîne", 0},
    {"\"parcours\":null", "\"parcours\":false", "false", "« parcours » : attendu une chaîne ou null, pas un booléen", 0},
    {"\"code\":\"ADM\"", "\"code\":[\"ADM\"]", "[\"ADM\"]", "« ues[0].code » : attendu une chaîne, pas un tableau", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *l = replace(b, cases[i].from, cases[i].to);
    HRun r = h_mem(l);
    expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, cases[i].at, cases[i].skip), cases[i].msg);
    assert_int_equal(history_count(r.h), 0);
    assert_true(history_student_has_error(r.h, "21022899-32") || i == 6);
    h_done(&r);
    free(l);
  }
  free(b);
}

static void h_keys(void **state) {
  (void)state;
  char *b = base_line();
  /* unknown key (at the key), with a suggestion; then the missing one */
  char *l1 = replace(b, "\"average\":11.48", "\"averag\":11.48");
  HRun r = h_mem(l1);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 1, col_of(l1, "\"averag\"", 0), "clé inconnue « averag » dans ues[1]");
  assert_int_equal(g->loc.last_column - g->loc.first_column, 8);
  expect_note(g, "vouliez-vous dire « average » ?");
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l1, "{\"ue\":\"UE1.2\"", 0), "clé « average » manquante dans ues[1]");
  h_done(&r);
  /* a top-level key missing: at the object's '{' */
  char *l2 = replace(b, "\"dut\":false,", "");
  r = h_mem(l2);
  expect_diag(&r.d, DIAG_ERROR, 1, 1, "clé « dut » manquante dans la décision");
  assert_int_equal(r.d.nerr, 1);
  h_done(&r);
  free(b);
  free(l1);
  free(l2);
}

static void h_semantics(void **state) {
  (void)state;
  char *b = base_line();
  char *l;
  HRun r;
  const Diag *g;

  l = replace(b, "\"year\":\"2025-2026\"", "\"year\":\"2025-2027\"");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"2025-2027\"", 0), "année « 2025-2027 » invalide");
  h_done(&r);
  free(l);

  l = replace(b, "\"level\":1", "\"level\":4");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "4,\"parcours\"", 0), "niveau 4 hors limites : attendu 1 à 3");
  h_done(&r);
  free(l);

  l = replace(b, "\"parcours\":null", "\"parcours\":\"a\"");
  r = h_mem(l);
  g = expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"a\"", 0), "parcours inconnu « a »");
  expect_note(g, "vouliez-vous dire « A » ?");
  h_done(&r);
  free(l);

  /* year 2 needs a parcours */
  char *y2 = file_line(DATA "history-ok.jsonl", 4);
  l = replace(y2, "\"parcours\":\"D\"", "\"parcours\":null");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "null", 0), "parcours null : le règlement demande un parcours en S3");
  h_done(&r);
  free(l);
  /* lower: a UE of a lower level, code ADSUP */
  l = replace(y2, "{\"ue\":\"UE1.3\",\"code\":\"ADSUP\"}", "{\"ue\":\"UE3.3\",\"code\":\"ADM\"}");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"UE3.3\",\"code\":\"ADM\"", 0), "« UE3.3 » n’est pas une UE d’un niveau inférieur à 2");
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"ADM\"},{\"ue\":\"UE2.3\"", 0), "code « ADM » dans « lower » : attendu ADSUP");
  h_done(&r);
  free(l);
  free(y2);

  /* codes */
  l = replace(b, "\"code\":\"ADM\",\"ects\":5}", "\"code\":\"ADMM\",\"ects\":5}");
  r = h_mem(l);
  g = expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"ADMM\"", 0), "code « ADMM » inconnu pour UE1.1");
  expect_note(g, "vouliez-vous dire « ADM » ?");
  h_done(&r);
  free(l);
  l = replace(b, "\"code\":\"ADM\"}", "\"code\":\"CMP\"}");
  r = h_mem(l);
  g = expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"CMP\"}", 0), "code « CMP » inconnu pour le RCUE C1");
  expect_note(g, "attendu : ADM, AJ, ATT ou un code jury du règlement (ADJ)");
  h_done(&r);
  free(l);
  l = replace(b, "\"decision\":\"ADM\"", "\"decision\":\"CMP\"");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"CMP\"", 0), "code « CMP » inconnu pour la décision d’année");
  h_done(&r);
  free(l);

  /* credits must follow the code */
  l = replace(b, "\"code\":\"ADM\",\"ects\":5}", "\"code\":\"AJ\",\"ects\":5}");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"AJ\",\"ects\":5", 12), "ects 5 pour UE1.1 : attendu 0 (code AJ, UE non acquise)");
  assert_int_equal(r.d.nerr, 1);
  h_done(&r);
  free(l);
  l = replace(b, "\"ects\":{\"year\":60,\"total\":60}", "\"ects\":{\"year\":55,\"total\":50}");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"year\":55", 7), "« ects.year » vaut 55, la somme des ects des UE est 60");
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"total\":50", 8), "« ects.total » vaut 50, moins que « ects.year » (55)");
  assert_int_equal(r.d.nerr, 2);
  h_done(&r);
  free(l);

  /* a mid-year record holds no RCUE */
  l = replace(b, "\"decision\":\"ADM\"", "\"decision\":null");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "[{\"competence\"", 0), "« rcues » doit être vide quand « decision » est null");
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"UE2.1\"", 0), "l’UE « UE2.1 » n’est pas une UE de l’année 1 (mi-année");
  h_done(&r);
  free(l);

  /* an RCUE that does not exist, a missing one */
  l = replace(b, "{\"competence\":6,", "{\"competence\":7,");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "7,\"level\"", 0), "pas de RCUE de la compétence 7 en année 1");
  h_done(&r);
  free(l);

  /* jury entries are checked like overrides */
  l = replace(b, "\"jury\":[]", "\"jury\":[{\"target\":\"UE9.1\",\"computed\":\"AJ\",\"code\":\"PASD\"}]");
  r = h_mem(l);
  g = expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"UE9.1\"", 0), "cible inconnue « UE9.1 »");
  h_done(&r);
  free(l);
  l = replace(b, "\"jury\":[]", "\"jury\":[{\"target\":\"UE1.1\",\"computed\":\"AJ\",\"code\":\"PASD\"}]");
  r = h_mem(l);
  expect_diag(&r.d, DIAG_ERROR, 1, col_of(l, "\"PASD\"", 0), "le code « PASD » est une décision d’année");
  h_done(&r);
  free(l);
  free(b);
}

static void h_duplicate_and_files(void **state) {
  (void)state;
  char *b = base_line();
  size_t n = 2 * strlen(b) + 16;
  char *text = malloc(n);
  /* a BOM and CRLF line ends too */
  snprintf(text, n, "\xEF\xBB\xBF%s\r\n%s\r\n", b, b);
  HRun r = h_mem(text);
  const Diag *g = expect_diag(&r.d, DIAG_ERROR, 2, col_of(b, "\"2025-2026\"", 0), "décision en double pour 21022899-32 en 2025-2026");
  expect_note(g, "première décision ligne 1");
  assert_int_equal(r.d.nerr, 1);
  assert_int_equal(history_count(r.h), 1);
  assert_true(history_student_has_error(r.h, "21022899-32"));
  h_done(&r);
  free(text);
  free(b);

  History *h = history_new();
  Diags d;
  diags_init(&d);
  assert_int_equal(history_read_file(h, R.model, DATA "no-such-file.jsonl", &d), -1);
  expect_diag(&d, DIAG_ERROR, 0, 0, "historique illisible : fichier introuvable");
  assert_int_equal(history_read_memory(h, R.model, "e.jsonl", "\n  \n", 4, &d), -1);
  assert_int_equal(d.nerr, 2);
  expect_diag(&d, DIAG_ERROR, 0, 0, "fichier d’historique vide");
  diags_free(&d);
  history_free(h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(ov_valid_file),
    cmocka_unit_test(ov_bad_year),
    cmocka_unit_test(ov_unknown_target),
    cmocka_unit_test(ov_unknown_code),
    cmocka_unit_test(ov_wrong_kind),
    cmocka_unit_test(ov_missing_reason),
    cmocka_unit_test(ov_duplicate),
    cmocka_unit_test(ov_header),
    cmocka_unit_test(ov_field_count),
    cmocka_unit_test(ov_byte_columns),
    cmocka_unit_test(ov_encodings),
    cmocka_unit_test(ov_unreadable),
    cmocka_unit_test(ov_listing),
    cmocka_unit_test(ov_bad_values),
    cmocka_unit_test(h_valid_file),
    cmocka_unit_test(h_exact_numbers),
    cmocka_unit_test(h_midyear_and_jury),
    cmocka_unit_test(h_bad_json),
    cmocka_unit_test(h_bad_json_eol),
    cmocka_unit_test(h_bad_ids_and_long_values),
    cmocka_unit_test(h_unknown_ue),
    cmocka_unit_test(h_average_range),
    cmocka_unit_test(h_wrong_types),
    cmocka_unit_test(h_keys),
    cmocka_unit_test(h_semantics),
    cmocka_unit_test(h_duplicate_and_files),
  };
  return cmocka_run_group_tests(tests, rules_setup, rules_teardown);
}
