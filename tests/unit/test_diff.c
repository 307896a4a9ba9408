/* Unit tests for src/diff.c: `mccc diff` (semantic diff of two regulations)
** and `mccc diff --impact` (whom a change affects).
**
** Owner: the diff command (issue 4, parts 3 and 4).
** Run with cwd = tests/ (the Makefile does): the real regulation is
** ../rules/but-info-rodez-2025-2026.mccc, its test variants are
** fixtures/variant-*.mccc (made by fixtures/make-variants.sh), the example
** cohort data/examples/cohort-small.csv. Small regulations are inline. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "grades.h"
#include "model.h"
#include "parse.h"
#include "source.h"

#define REAL_RULES "../rules/but-info-rodez-2025-2026.mccc"
#define COHORT_SMALL "data/examples/cohort-small.csv"

/* ---- helpers ---- */

typedef struct Rules {
  Source *src;
  Ast *ast;
  Model *m;
} Rules;

static Rules *load_src(Source *src) {
  Rules *r = calloc(1, sizeof *r);
  assert_non_null(r);
  r->src = src;
  Diags d;
  diags_init(&d);
  r->ast = parse_rules(src, &d);
  if (d.nerr == 0) r->m = model_build(r->ast, src, &d);
  if (d.nerr) {
    diags_print(&d, stderr, false);
    fail_msg("%s: %d error(s)", src->name, d.nerr);
  }
  diags_free(&d);
  return r;
}

static Rules *load_file(const char *path) {
  char err[256];
  Source *s = source_load(path, err, sizeof err);
  if (!s) fail_msg("%s", err);
  return load_src(s);
}

static Rules *load_text(const char *text) { return load_src(source_from_memory("t.mccc", text, strlen(text))); }

static void rules_free(Rules *r) {
  model_free(r->m);
  ast_free(r->ast);
  source_free(r->src);
  free(r);
}

static char *read_text(const char *path) {
  char err[256];
  Source *s = source_load(path, err, sizeof err);
  if (!s) fail_msg("%s", err);
  char *t = malloc(s->len + 1);
  assert_non_null(t);
  memcpy(t, s->text, s->len + 1);
  source_free(s);
  return t;
}

/* A copy of s with its only occurrence of old replaced. */
static char *edit(const char *s, const char *old, const char *new_) {
  const char *at = strstr(s, old);
  if (!at) fail_msg("edit: « %s » not found", old);
  if (strstr(at + 1, old)) fail_msg("edit: « %s » occurs more than once", old);
  size_t ls = strlen(s), lo = strlen(old), ln = strlen(new_);
  char *r = malloc(ls - lo + ln + 1);
  assert_non_null(r);
  memcpy(r, s, (size_t)(at - s));
  memcpy(r + (at - s), new_, ln);
  memcpy(r + (at - s) + ln, at + lo, ls - (size_t)(at - s) - lo + 1);
  return r;
}

/* The human output of a diff, for failure messages. */
static char *human(const DiffOut *o) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  diff_print_human(f, o, "OLD", "NEW");
  fclose(f);
  return buf;
}

static int diff_files(const char *a, const char *b, DiffOut *o) {
  Rules *ra = load_file(a), *rb = load_file(b);
  diffout_init(o);
  int rc = diff_models(ra->m, rb->m, o);
  rules_free(ra);   /* changes must not point into the models */
  rules_free(rb);
  return rc;
}

static int diff_texts(const char *a, const char *b, DiffOut *o) {
  Rules *ra = load_text(a), *rb = load_text(b);
  diffout_init(o);
  int rc = diff_models(ra->m, rb->m, o);
  rules_free(ra);
  rules_free(rb);
  return rc;
}

static bool eq(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

/* The change of this kind, property and subject (and UE, when given). */
static const DiffChange *find(const DiffOut *o, DiffKind k, const char *prop, const char *subject, const char *ue) {
  for (size_t i = 0; i < o->n; i++) {
    const DiffChange *c = &o->v[i];
    if (c->kind == k && eq(c->prop, prop) && eq(c->subject, subject) && (!ue || eq(c->ue, ue))) return c;
  }
  char *h = human(o);
  fail_msg("no change kind %d %s %s %s in:\n%s", (int)k, prop, subject ? subject : "-", ue ? ue : "-", h);
  free(h);
  return NULL;
}

static void expect_values(const DiffChange *c, const char *old_text, const char *new_text) {
  if (!eq(c->old_text, old_text) || !eq(c->new_text, new_text))
    fail_msg("%s: want « %s » → « %s », got « %s » → « %s »", c->what, old_text ? old_text : "(none)",
             new_text ? new_text : "(none)", c->old_text ? c->old_text : "(none)",
             c->new_text ? c->new_text : "(none)");
}

static void expect_count(const DiffOut *o, size_t n) {
  if (o->n != n) {
    char *h = human(o);
    fail_msg("want %zu change(s), got %zu:\n%s", n, o->n, h);
    free(h);
  }
}

/* ---- the real regulation and its fixtures ---- */

static void test_identical(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, REAL_RULES, &o), 0);
  expect_count(&o, 0);
  char *h = human(&o);
  assert_string_equal(h, "OLD → NEW : aucun changement sémantique\n");
  free(h);
  diffout_free(&o);
}

static void test_reformatted(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-reformatted.mccc", &o), 0);
  expect_count(&o, 0);
  diffout_free(&o);
  /* and the other way round */
  assert_int_equal(diff_files("fixtures/variant-reformatted.mccc", REAL_RULES, &o), 0);
  diffout_free(&o);
}

static void test_coefficient(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-coefficient.mccc", &o), 1);
  expect_count(&o, 2);
  const DiffChange *c = find(&o, DK_CHANGED, "coefficient", "SAE1.03", "UE1.3");
  expect_values(c, "40", "20");
  assert_int_equal(c->section, DS_SEMESTRE);
  assert_string_equal(c->sem, "S1");
  assert_int_equal(c->sub, DSUB_UE);
  assert_string_equal(c->ue_label, "UE3 Administrer");
  assert_null(c->parcours); /* S1 is common to A and D */
  assert_string_equal(c->cites, "Annexe 3");
  assert_false(c->own_cites);
  expect_values(find(&o, DK_CHANGED, "pole_sum", "SAÉ", "UE1.3"), "40 (= poids 40)", "20 (≠ poids 40)");
  diffout_free(&o);
}

static void test_pole_weight(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-pole-weight.mccc", &o), 1);
  expect_count(&o, 4); /* both poles still add up: no "somme" line */
  expect_values(find(&o, DK_CHANGED, "weight", "ressources", "UE1.3"), "60", "70");
  expect_values(find(&o, DK_CHANGED, "weight", "SAÉ", "UE1.3"), "40", "30");
  expect_values(find(&o, DK_CHANGED, "coefficient", "R1.04", "UE1.3"), "21", "31");
  expect_values(find(&o, DK_CHANGED, "coefficient", "SAE1.03", "UE1.3"), "40", "30");
  diffout_free(&o);
}

static void test_moved_course(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-moved-course.mccc", &o), 1);
  expect_count(&o, 5);
  const DiffChange *a = find(&o, DK_MOVED, "entry", "R1.07", "UE1.2");
  const DiffChange *b = find(&o, DK_MOVED, "entry", "R1.07", "UE1.4");
  expect_values(a, "UE1.2, pôle ressources, 15", "UE1.4, pôle ressources, 15");
  expect_values(b, "UE1.2, pôle ressources, 15", "UE1.4, pôle ressources, 15");
  assert_true(a < b); /* UE1.2 before UE1.4: file order */
  expect_values(find(&o, DK_CHANGED, "competences", "R1.07", NULL), "2", "4");
  expect_values(find(&o, DK_CHANGED, "pole_sum", "ressources", "UE1.2"), "60 (= poids 60)", "45 (≠ poids 60)");
  expect_values(find(&o, DK_CHANGED, "pole_sum", "ressources", "UE1.4"), "60 (= poids 60)", "75 (≠ poids 60)");
  diffout_free(&o);
}

static void test_course_label(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-course-label.mccc", &o), 1);
  expect_count(&o, 1);
  const DiffChange *c = find(&o, DK_CHANGED, "label", "R1.10", NULL);
  expect_values(c, "« Anglais 1 »", "« Anglais général 1 »");
  assert_int_equal(c->sub, DSUB_COURSES);
  assert_string_equal(c->sem, "S1");
  diffout_free(&o);
}

static void test_course_id(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-course-id.mccc", &o), 1);
  /* one rename; its coefficients in UE1.5 and UE1.6 follow it (no change) */
  expect_count(&o, 1);
  expect_values(find(&o, DK_RENAMED, "id", "R1.13", NULL), "R1.08", "R1.13");
  diffout_free(&o);
}

static void test_rcue_floor(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-rcue-floor.mccc", &o), 1);
  expect_count(&o, 1);
  const DiffChange *c = find(&o, DK_CHANGED, "condition", "passage", NULL);
  expect_values(c, "nombre(RCUE validés) > nombre(RCUE) / 2 et min(RCUE) >= 8",
                "nombre(RCUE validés) > nombre(RCUE) / 2 et min(RCUE) >= 7");
  assert_int_equal(c->section, DS_CONDITIONS);
  assert_string_equal(c->cites, "§5-3");
  assert_true(c->own_cites);
  diffout_free(&o);
}

static void test_new_ue(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-new-ue.mccc", &o), 1);
  expect_count(&o, 1);
  const DiffChange *c = find(&o, DK_ADDED, "ue", "UE5.5", "UE5.5");
  assert_null(c->old_text);
  assert_string_equal(c->new_text, "compétence 5 niveau 3, 10 ECTS ; ressources 60 : R5.A.01 20, R5.A.03 20, "
                                   "R5.A.13 20 ; SAÉ 40 : SAE5.A.6 40, PF5 -");
  assert_string_equal(c->parcours, "A");
  assert_string_equal(c->sem, "S5");
  diffout_free(&o);
  /* the other way round: removed */
  assert_int_equal(diff_files("fixtures/variant-new-ue.mccc", REAL_RULES, &o), 1);
  expect_count(&o, 1);
  assert_string_equal(find(&o, DK_REMOVED, "ue", "UE5.5", "UE5.5")->parcours, "A");
  diffout_free(&o);
}

/* A change in one parcours only is labelled with it; the same change in
** every parcours is reported once, without. */
static void test_parcours_specific(void **state) {
  (void)state;
  char *real = read_text(REAL_RULES);
  char *t1 = edit(real, "parcours A { SAE3.A.1 40 }", "parcours A { SAE3.A.1 30 }");
  char *t2 = edit(t1, "R5.A.04  3 ", "R5.A.04  4 ");
  Rules *a = load_text(real), *b = load_text(t2);
  DiffOut o;
  diffout_init(&o);
  assert_int_equal(diff_models(a->m, b->m, &o), 1);
  const DiffChange *c = find(&o, DK_CHANGED, "coefficient", "SAE3.A.1", "UE3.1");
  expect_values(c, "40", "30");
  assert_string_equal(c->parcours, "A");
  c = find(&o, DK_CHANGED, "coefficient", "R5.A.04", "UE5.1");
  assert_string_equal(c->parcours, "A");
  /* S3 before S5 */
  assert_true(find(&o, DK_CHANGED, "coefficient", "SAE3.A.1", NULL) < c);
  diffout_free(&o);
  rules_free(a);
  rules_free(b);
  free(real);
  free(t1);
  free(t2);
}

/* ---- a small regulation without parcours ---- */

static const char *const MINI =
  "règlement {\n"
  "  spécialité \"BUT Test\"\n"
  "  année 2025-2026\n"
  "}\n"
  "compétence 1 \"Réaliser\" {\n"
  "  niveau 1 \"N1\"\n"
  "}\n"
  "compétence 2 \"Optimiser\" {\n"
  "  niveau 1 \"O1\"\n"
  "}\n"
  "compétence 3 \"Administrer\" {\n"
  "  niveau 1 \"A1\"\n"
  "}\n"
  "année 1 semestres S1 S2 {\n"
  "  RCUE compétence 1 : UE1.1 + UE2.1\n"
  "  RCUE compétence 2 : UE1.2 + UE2.2\n"
  "  RCUE compétence 3 : UE1.3 + UE2.3\n"
  "}\n"
  "enseignements S1 {\n"
  "  ressource R1.01 \"Un\" total 10 compétences 1\n"
  "  ressource R1.02 \"Deux\" total 10 compétences 2\n"
  "  ressource R1.03 \"Trois\" total 10 compétences 3\n"
  "}\n"
  "enseignements S2 {\n"
  "  ressource R2.01 \"Un bis\" total 10 compétences 1\n"
  "  ressource R2.02 \"Deux bis\" total 10 compétences 2\n"
  "  ressource R2.03 \"Trois bis\" total 10 compétences 3\n"
  "}\n"
  "semestre S1 {\n"
  "  UE1.1 \"UE1\" compétence 1 niveau 1, 10 ECTS { ressources 100 { R1.01 100 } }\n"
  "  UE1.2 \"UE2\" compétence 2 niveau 1, 10 ECTS { ressources 100 { R1.02 100 } }\n"
  "  UE1.3 \"UE3\" compétence 3 niveau 1, 10 ECTS { ressources 100 { R1.03 100 } }\n"
  "}\n"
  "semestre S2 {\n"
  "  UE2.1 \"UE1\" compétence 1 niveau 1, 10 ECTS { ressources 100 { R2.01 100 } }\n"
  "  UE2.2 \"UE2\" compétence 2 niveau 1, 10 ECTS { ressources 100 { R2.02 100 } }\n"
  "  UE2.3 \"UE3\" compétence 3 niveau 1, 10 ECTS { ressources 100 { R2.03 100 } }\n"
  "}\n"
  "marque ABI \"absence\" vaut 0 §2\n"
  "calcul {\n"
  "  moyennes exactes\n"
  "}\n"
  "validation {\n"
  "  UE acquise si moyenne >= 10\n"
  "  RCUE validé si moyenne >= 10\n"
  "  compensation\n"
  "}\n"
  "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2 et min(RCUE) >= 8 §5-3\n"
  "décision {\n"
  "  ADM  si toutes(RCUE validés)\n"
  "  PASD si passage\n"
  "  RED  si redoublement possible\n"
  "  NAR  sinon\n"
  "}\n"
  "redoublement {\n"
  "  par semestre 1\n"
  "  au total 4\n"
  "}\n"
  "diplôme DUT 60 ECTS si toutes(UE de S1 S2 acquises)\n"
  "code jury ADJ \"admis par le jury\" acquis\n";

/* Layout, accents of keywords, redundant parentheses, the spelling of a
** number: no change. */
static void test_canonical_text(void **state) {
  (void)state;
  char *t1 = edit(MINI, "min(RCUE) >= 8 §5-3", "(min(RCUE) >= 8,0)   §5-3");
  char *t2 = edit(t1, "ADM  si toutes(RCUE validés)", "ADM si (tous(RCUE valides))");
  char *t3 = edit(t2, "UE acquise si moyenne >= 10", "UE acquise si moyenne >= 10.00");
  char *t4 = edit(t3, "diplôme DUT 60 ECTS", "diplome   DUT 60 ECTS");
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t4, &o), 0);
  expect_count(&o, 0);
  diffout_free(&o);
  free(t1);
  free(t2);
  free(t3);
  free(t4);
}

/* Parentheses that matter are kept, and written where the grammar needs them. */
static void test_expression_parens(void **state) {
  (void)state;
  char *t = edit(MINI, "PASD si passage", "PASD si (passage ou niveau = 2) et non (niveau > 1 et niveau < 3)");
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t, &o), 1);
  expect_count(&o, 1);
  expect_values(find(&o, DK_CHANGED, "clause", "PASD", NULL), "si passage",
                "si (passage ou niveau = 2) et non (niveau > 1 et niveau < 3)");
  diffout_free(&o);
  free(t);
}

static void test_mini_sections(void **state) {
  (void)state;
  char *t = edit(MINI, "année 2025-2026", "année 2026-2027");
  char *u;
#define EDIT(a, b) (u = edit(t, (a), (b)), free(t), t = u)
  EDIT("vaut 0 §2", "vaut 0,5 §2");
  EDIT("moyennes exactes", "moyennes arrondies à 2 décimales au plus proche");
  EDIT("  compensation\n", "");
  EDIT("au total 4", "au total 3");
  EDIT("  RED  si redoublement possible\n  NAR  sinon\n", "  NAR  si non redoublement possible\n  RED  sinon\n");
  EDIT("toutes(UE de S1 S2 acquises)", "toutes(UE de S1 S2 acquises) et niveau = 1");
  EDIT("\"admis par le jury\" acquis", "\"admis par le jury\" non acquis");
  EDIT("compétence 2 \"Optimiser\"", "compétence 2 \"Optimiser encore\"");
  EDIT("ressource R1.03 \"Trois\" total 10", "ressource R1.03 \"Trois\" TD 4 total 10");
#undef EDIT
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t, &o), 1);
  expect_values(find(&o, DK_CHANGED, "meta", "année", NULL), "2025-2026", "2026-2027");
  expect_values(find(&o, DK_CHANGED, "effect", "ABI", NULL), "vaut 0", "vaut 0,5");
  expect_values(find(&o, DK_CHANGED, "means", NULL, NULL), "exactes", "arrondies à 2 décimales au plus proche");
  expect_values(find(&o, DK_REMOVED, "compensation", NULL, NULL), "oui", NULL);
  expect_values(find(&o, DK_CHANGED, "total", NULL, NULL), "4", "3");
  expect_values(find(&o, DK_CHANGED, "clause", "NAR", NULL), "sinon", "si non redoublement possible");
  expect_values(find(&o, DK_CHANGED, "clause", "RED", NULL), "si redoublement possible", "sinon");
  expect_values(find(&o, DK_CHANGED, "order", NULL, NULL), "ADM, PASD, RED, NAR", "ADM, PASD, NAR, RED");
  expect_values(find(&o, DK_CHANGED, "condition", "DUT", NULL), "toutes(UE de S1 S2 acquises)",
                "toutes(UE de S1 S2 acquises) et niveau = 1");
  expect_values(find(&o, DK_CHANGED, "acquired", "ADJ", NULL), "acquis", "non acquis");
  expect_values(find(&o, DK_CHANGED, "name", "2", NULL), "« Optimiser »", "« Optimiser encore »");
  expect_values(find(&o, DK_CHANGED, "hours", "R1.03", NULL), "total 10", "TD 4 total 10");
  expect_count(&o, 12);
  /* sections in the regulation's order */
  for (size_t i = 1; i < o.n; i++) assert_true(o.v[i - 1].section <= o.v[i].section);
  /* no parcours in these files: never a parcours label */
  for (size_t i = 0; i < o.n; i++) assert_null(o.v[i].parcours);
  diffout_free(&o);
  free(t);
}

static void test_citations(void **state) {
  (void)state;
  char *t = edit(MINI, "min(RCUE) >= 8 §5-3", "min(RCUE) >= 8 §5-3 §5-4");
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t, &o), 1);
  expect_count(&o, 1);
  expect_values(find(&o, DK_CHANGED, "cites", "passage", NULL), "§5-3", "§5-3, §5-4");
  diffout_free(&o);
  free(t);
}

/* A UE whose id changes but whose label, competence and level stay. */
static void test_ue_renamed(void **state) {
  (void)state;
  char *t1 = edit(MINI, "UE1.3 \"UE3\"", "UE1.9 \"UE3\"");
  char *t2 = edit(t1, "UE1.3 + UE2.3", "UE1.9 + UE2.3");
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t2, &o), 1);
  expect_values(find(&o, DK_RENAMED, "id", "UE1.9", "UE1.9"), "UE1.3", "UE1.9");
  expect_values(find(&o, DK_CHANGED, "rcue", "C3", NULL), "UE1.3 + UE2.3", "UE1.9 + UE2.3");
  expect_count(&o, 2);
  diffout_free(&o);
  free(t1);
  free(t2);
}

/* One UE renamed (same label), another replaced (new id and label). */
static void test_ue_renamed_and_replaced(void **state) {
  (void)state;
  char *t1 = edit(MINI, "UE1.3 \"UE3\"", "UE1.9 \"UE3\"");
  char *t2 = edit(t1, "UE1.3 + UE2.3", "UE1.9 + UE2.3");
  char *t3 = edit(t2, "UE1.2 \"UE2\"", "UE1.8 \"UE2b\"");
  char *t4 = edit(t3, "UE1.2 + UE2.2", "UE1.8 + UE2.2");
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t4, &o), 1);
  expect_values(find(&o, DK_RENAMED, "id", "UE1.9", "UE1.9"), "UE1.3", "UE1.9");
  assert_non_null(find(&o, DK_REMOVED, "ue", "UE1.2", "UE1.2")->old_text);
  assert_non_null(find(&o, DK_ADDED, "ue", "UE1.8", "UE1.8")->new_text);
  diffout_free(&o);
  free(t1);
  free(t2);
  free(t3);
  free(t4);
}

/* Numbers are compared exactly: a threshold or a mark value that moves by
** 10^-21 is a change, and both values are written in full so that the
** reader sees them differ (they were compared as text cut at 20 decimals). */
static void test_exact_numbers(void **state) {
  (void)state;
  char *t1 = edit(MINI, "min(RCUE) >= 8 §5-3", "min(RCUE) >= 8.000000000000000000001 §5-3");
  char *t2 = edit(t1, "vaut 0 §2", "vaut 0,0000000000000000000001 §2");
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t2, &o), 1);
  expect_count(&o, 2);
  expect_values(find(&o, DK_CHANGED, "condition", "passage", NULL),
                "nombre(RCUE validés) > nombre(RCUE) / 2 et min(RCUE) >= 8",
                "nombre(RCUE validés) > nombre(RCUE) / 2 et min(RCUE) >= 8,000000000000000000001");
  expect_values(find(&o, DK_CHANGED, "effect", "ABI", NULL), "vaut 0", "vaut 0,0000000000000000000001");
  diffout_free(&o);
  /* a coefficient, and the sum of its pole, written in full */
  char *t4 = edit(MINI, "{ R1.01 100 }", "{ R1.01 100.000000000000000000001 }");
  assert_int_equal(diff_texts(MINI, t4, &o), 1);
  expect_values(find(&o, DK_CHANGED, "coefficient", "R1.01", "UE1.1"), "100", "100,000000000000000000001");
  expect_values(find(&o, DK_CHANGED, "pole_sum", "ressources", "UE1.1"), "100 (= poids 100)",
                "100,000000000000000000001 (≠ poids 100)");
  expect_count(&o, 2);
  diffout_free(&o);
  free(t4);
  /* trailing zeros are the same number */
  char *t3 = edit(MINI, "min(RCUE) >= 8 §5-3", "min(RCUE) >= 8.000000000000000000000000 §5-3");
  assert_int_equal(diff_texts(MINI, t3, &o), 0);
  diffout_free(&o);
  free(t1);
  free(t2);
  free(t3);
}

/* "UE de S1 S2", "UE de S2 S1" and "UE de S1 à S2" are the same set of
** semesters for sema and the evaluator: no change. */
static void test_semester_sets(void **state) {
  (void)state;
  char *t1 = edit(MINI, "toutes(UE de S1 S2 acquises)", "toutes(UE de S1 à S2 acquises)");
  char *t2 = edit(MINI, "toutes(UE de S1 S2 acquises)", "toutes(UE de S2 S1 S1 acquises)");
  char *t3 = edit(MINI, "toutes(UE de S1 S2 acquises)", "toutes(UE de S1 acquises)");
  DiffOut o;
  assert_int_equal(diff_texts(MINI, t1, &o), 0);
  diffout_free(&o);
  assert_int_equal(diff_texts(MINI, t2, &o), 0);
  diffout_free(&o);
  assert_int_equal(diff_texts(t1, t3, &o), 1);
  expect_values(find(&o, DK_CHANGED, "condition", "DUT", NULL), "toutes(UE de S1 S2 acquises)",
                "toutes(UE de S1 acquises)");
  diffout_free(&o);
  free(t1);
  free(t2);
  free(t3);
}

/* The last declared diploma is the final one (rule 20): a new order that
** changes it is a change; the same diplomas in the same order are not. */
static void test_diploma_final(void **state) {
  (void)state;
  const char *dut = "diplôme DUT 60 ECTS si toutes(UE de S1 S2 acquises)\n";
  const char *lic = "diplôme LIC 60 ECTS si toutes(UE de S1 acquises)\n";
  char both1[256], both2[256];
  snprintf(both1, sizeof both1, "%s%s", dut, lic);
  snprintf(both2, sizeof both2, "%s%s", lic, dut);
  char *a = edit(MINI, dut, both1), *b = edit(MINI, dut, both2);
  DiffOut o;
  assert_int_equal(diff_texts(a, b, &o), 1);
  expect_count(&o, 1);
  const DiffChange *c = find(&o, DK_CHANGED, "final", NULL, NULL);
  expect_values(c, "LIC", "DUT");
  assert_int_equal(c->section, DS_DIPLOMES);
  diffout_free(&o);
  assert_int_equal(diff_texts(a, a, &o), 0);
  diffout_free(&o);
  /* the last one renamed: its removal and addition say it all */
  char *r = edit(a, "diplôme LIC", "diplôme LICPRO");
  assert_int_equal(diff_texts(a, r, &o), 1);
  expect_count(&o, 2);
  diffout_free(&o);
  free(a);
  free(b);
  free(r);
}

static void test_json(void **state) {
  (void)state;
  DiffOut o;
  assert_int_equal(diff_files(REAL_RULES, "fixtures/variant-coefficient.mccc", &o), 1);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  diff_print_json(f, &o, "a.mccc", "b \"c\".mccc", false);
  fclose(f);
  json_error_t err;
  json_t *j = json_loads(buf, 0, &err);
  if (!j) fail_msg("invalid JSON (%s) :\n%s", err.text, buf);
  assert_string_equal(json_string_value(json_object_get(j, "new")), "b \"c\".mccc");
  assert_true(json_is_false(json_object_get(j, "same")));
  json_t *ch = json_object_get(j, "changes");
  assert_int_equal(json_array_size(ch), 2);
  json_t *c0 = json_array_get(ch, 0);
  assert_string_equal(json_string_value(json_object_get(c0, "section")), "semester");
  assert_string_equal(json_string_value(json_object_get(c0, "semester")), "S1");
  assert_string_equal(json_string_value(json_object_get(c0, "ue")), "UE1.3");
  assert_string_equal(json_string_value(json_object_get(c0, "kind")), "changed");
  assert_string_equal(json_string_value(json_object_get(c0, "property")), "coefficient");
  assert_string_equal(json_string_value(json_object_get(c0, "subject")), "SAE1.03");
  assert_string_equal(json_string_value(json_object_get(c0, "old")), "40");
  assert_string_equal(json_string_value(json_object_get(c0, "new")), "20");
  assert_true(json_is_null(json_object_get(c0, "parcours")));
  assert_string_equal(json_string_value(json_array_get(json_object_get(c0, "cites"), 0)), "Annexe 3");
  json_decref(j);
  free(buf);
  diffout_free(&o);
}

/* ---- impact ---- */

/* Student X: competences 1 and 2 at 12, competence 3 at 7,5 (UE1.3 and
** UE2.3 AJ, RCUE C3 AJ at 7,5 < 8: no "passage", so RED). Student Y: all 12
** (ADM). */
static const char *const COHORT =
  "student,year,semester,parcours,course,grade\n"
  "X,2025-2026,S1,,R1.01,12\n"
  "X,2025-2026,S1,,R1.02,12\n"
  "X,2025-2026,S1,,R1.03,7.5\n"
  "X,2025-2026,S2,,R2.01,12\n"
  "X,2025-2026,S2,,R2.02,12\n"
  "X,2025-2026,S2,,R2.03,7.5\n"
  "Y,2025-2026,S1,,R1.01,12\n"
  "Y,2025-2026,S1,,R1.02,12\n"
  "Y,2025-2026,S1,,R1.03,12\n"
  "Y,2025-2026,S2,,R2.01,12\n"
  "Y,2025-2026,S2,,R2.02,12\n"
  "Y,2025-2026,S2,,R2.03,12\n";

/* Evaluate COHORT (or a file) under both texts / models. */
static long impact_of(const Model *a, const Model *b, const char *csv, const char *path, ImpactOut *io) {
  Diags d;
  diags_init(&d);
  Cohort *c = cohort_new();
  if (csv) assert_int_equal(grades_read_memory(c, a, "grades.csv", csv, strlen(csv), NULL, &d), 0);
  else assert_int_equal(grades_read_file(c, a, path, NULL, &d), 0);
  cohort_finish(c, a, NULL, NULL, &d);
  impact_init(io);
  long n = diff_impact(a, b, c, io, &d);
  if (d.nerr) {
    diags_print(&d, stderr, false);
    fail_msg("%d error(s)", d.nerr);
  }
  diags_free(&d);
  cohort_free(c); /* the ImpactOut keeps its own strings */
  return n;
}

static char *impact_human(const ImpactOut *io) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  impact_print_human(f, io);
  fclose(f);
  return buf;
}

static void test_impact_floor(void **state) {
  (void)state;
  char *t = edit(MINI, "min(RCUE) >= 8", "min(RCUE) >= 7");
  Rules *a = load_text(MINI), *b = load_text(t);
  ImpactOut io;
  assert_int_equal(impact_of(a->m, b->m, COHORT, NULL, &io), 1);
  assert_int_equal(io.records, 2);
  assert_int_equal(io.students, 2);
  assert_int_equal(io.students_changed, 1);
  assert_int_equal(io.n, 1);
  assert_string_equal(io.v[0].student, "X");
  assert_string_equal(io.v[0].year, "2025-2026");
  assert_int_equal(io.v[0].nitems, 1);
  assert_int_equal(io.v[0].items[0].kind, IK_DECISION);
  assert_string_equal(io.v[0].items[0].old_code, "RED");
  assert_string_equal(io.v[0].items[0].new_code, "PASD");
  assert_int_equal(io.ntotals, 1);
  assert_int_equal(io.totals[0].count, 1);
  char *h = impact_human(&io);
  assert_string_equal(h, "Impact sur la cohorte : 2 dossiers étudiant-année (2 étudiants) évalués sous les deux "
                         "versions\n"
                         "  X 2025-2026 : décision RED → PASD\n"
                         "1 dossier étudiant-année change (1 étudiant)\n"
                         "Totaux :\n"
                         "  décision RED → PASD : 1\n");
  free(h);
  impact_free(&io);
  rules_free(a);
  rules_free(b);
  free(t);
}

static void test_impact_threshold(void **state) {
  (void)state;
  char *t = edit(MINI, "UE acquise si moyenne >= 10", "UE acquise si moyenne >= 7,5");
  Rules *a = load_text(MINI), *b = load_text(t);
  ImpactOut io;
  assert_int_equal(impact_of(a->m, b->m, COHORT, NULL, &io), 1);
  char *h = impact_human(&io);
  /* UEs acquired; the RCUE (7,5 < 10) and the decision do not change; every
  ** UE of S1 S2 now acquired: the (test) DUT is granted */
  if (!strstr(h, "  X 2025-2026 : UE1.3 AJ → ADM ; UE2.3 AJ → ADM ; DUT non → oui\n")) fail_msg("%s", h);
  assert_non_null(strstr(h, "  UE AJ → ADM : 2\n  DUT non → oui : 1\n"));
  free(h);
  impact_free(&io);
  rules_free(a);
  rules_free(b);
  free(t);
}

static void test_impact_none(void **state) {
  (void)state;
  Rules *a = load_text(MINI);
  ImpactOut io;
  assert_int_equal(impact_of(a->m, a->m, COHORT, NULL, &io), 0);
  char *h = impact_human(&io);
  assert_non_null(strstr(h, "aucun dossier ne change\n"));
  free(h);
  impact_free(&io);
  rules_free(a);
}

/* The floor 8 → 7 on the example cohort: two year decisions RED → PASD. */
static void test_impact_real_floor(void **state) {
  (void)state;
  Rules *a = load_file(REAL_RULES), *b = load_file("fixtures/variant-rcue-floor.mccc");
  ImpactOut io;
  assert_int_equal(impact_of(a->m, b->m, NULL, COHORT_SMALL, &io), 2);
  assert_int_equal(io.ntotals, 1);
  assert_int_equal(io.totals[0].kind, IK_DECISION);
  assert_string_equal(io.totals[0].old_code, "RED");
  assert_string_equal(io.totals[0].new_code, "PASD");
  assert_int_equal(io.totals[0].count, 2);
  /* sorted by student id */
  assert_true(strcmp(io.v[0].student, io.v[1].student) < 0);
  impact_free(&io);
  rules_free(a);
  rules_free(b);
}

/* SAE1.03 40 → 20 in UE1.3: four student-years of three students change. */
static void test_impact_real_coefficient(void **state) {
  (void)state;
  Rules *a = load_file(REAL_RULES), *b = load_file("fixtures/variant-coefficient.mccc");
  ImpactOut io;
  assert_int_equal(impact_of(a->m, b->m, NULL, COHORT_SMALL, &io), 4);
  assert_int_equal(io.students_changed, 3);
  char *h = impact_human(&io);
  assert_non_null(strstr(h, "  21723357-24 2024-2025 : UE1.3 ADM → AJ ; UE2.3 CMP → AJ ; RCUE C3 ADM → AJ ; "
                            "décision PASD → RED\n"));
  free(h);
  impact_free(&io);
  rules_free(a);
  rules_free(b);
}

/* A UE renamed (same label, competence, level): its codes follow it. An
** unchanged code is no change; a changed one is named "UE1.9 (ex-UE1.3)". */
static void test_impact_ue_renamed(void **state) {
  (void)state;
  char *t1 = edit(MINI, "UE1.3 \"UE3\"", "UE1.9 \"UE3\"");
  char *t2 = edit(t1, "UE1.3 + UE2.3", "UE1.9 + UE2.3");
  Rules *a = load_text(MINI), *b = load_text(t2);
  ImpactOut io;
  assert_int_equal(impact_of(a->m, b->m, COHORT, NULL, &io), 0);
  impact_free(&io);
  char *t3 = edit(t2, "UE acquise si moyenne >= 10", "UE acquise si moyenne >= 7,5");
  Rules *c = load_text(t3);
  assert_int_equal(impact_of(a->m, c->m, COHORT, NULL, &io), 1);
  char *h = impact_human(&io);
  if (!strstr(h, "  X 2025-2026 : UE1.9 (ex-UE1.3) AJ → ADM ; UE2.3 AJ → ADM ; DUT non → oui\n")) fail_msg("%s", h);
  free(h);
  /* the other way round */
  impact_free(&io);
  assert_int_equal(impact_of(c->m, a->m, COHORT, NULL, &io), 1);
  h = impact_human(&io);
  if (!strstr(h, "  X 2025-2026 : UE1.3 (ex-UE1.9) ADM → AJ ; UE2.3 ADM → AJ ; DUT oui → non\n")) fail_msg("%s", h);
  free(h);
  impact_free(&io);
  rules_free(a);
  rules_free(b);
  rules_free(c);
  free(t1);
  free(t2);
  free(t3);
}

/* Diplomas are the rules' own (any name), matched by name: a diploma in
** one version only is a change for its holders. */
static void test_impact_diploma_names(void **state) {
  (void)state;
  char *t1 = edit(MINI, "diplôme DUT", "diplôme DEUST");
  char *t2 = edit(t1, "UE acquise si moyenne >= 10", "UE acquise si moyenne >= 7,5");
  Rules *a = load_text(t1), *b = load_text(t2), *m = load_text(MINI);
  ImpactOut io;
  assert_int_equal(impact_of(a->m, b->m, COHORT, NULL, &io), 1);
  char *h = impact_human(&io);
  if (!strstr(h, "  X 2025-2026 : UE1.3 AJ → ADM ; UE2.3 AJ → ADM ; DEUST non → oui\n")) fail_msg("%s", h);
  assert_non_null(strstr(h, "  DEUST non → oui : 1\n"));
  assert_string_equal(io.totals[io.ntotals - 1].name, "DEUST");
  free(h);
  impact_free(&io);
  /* DUT renamed DEUST: Y held DUT and now holds DEUST */
  assert_int_equal(impact_of(m->m, a->m, COHORT, NULL, &io), 1);
  h = impact_human(&io);
  if (!strstr(h, "  Y 2025-2026 : DUT oui → — ; DEUST — → oui\n")) fail_msg("%s", h);
  free(h);
  impact_free(&io);
  rules_free(a);
  rules_free(b);
  rules_free(m);
  free(t1);
  free(t2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_identical),
    cmocka_unit_test(test_reformatted),
    cmocka_unit_test(test_coefficient),
    cmocka_unit_test(test_pole_weight),
    cmocka_unit_test(test_moved_course),
    cmocka_unit_test(test_course_label),
    cmocka_unit_test(test_course_id),
    cmocka_unit_test(test_rcue_floor),
    cmocka_unit_test(test_new_ue),
    cmocka_unit_test(test_parcours_specific),
    cmocka_unit_test(test_canonical_text),
    cmocka_unit_test(test_expression_parens),
    cmocka_unit_test(test_mini_sections),
    cmocka_unit_test(test_citations),
    cmocka_unit_test(test_ue_renamed),
    cmocka_unit_test(test_ue_renamed_and_replaced),
    cmocka_unit_test(test_exact_numbers),
    cmocka_unit_test(test_semester_sets),
    cmocka_unit_test(test_diploma_final),
    cmocka_unit_test(test_json),
    cmocka_unit_test(test_impact_floor),
    cmocka_unit_test(test_impact_threshold),
    cmocka_unit_test(test_impact_none),
    cmocka_unit_test(test_impact_real_floor),
    cmocka_unit_test(test_impact_real_coefficient),
    cmocka_unit_test(test_impact_ue_renamed),
    cmocka_unit_test(test_impact_diploma_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
