/* Unit tests for src/grades.c: reading grade files into a cohort.
**
** Run with cwd = tests/ (the Makefile does): the real regulation is
** ../rules/but-info-rodez-2025-2026.mccc, the example cohort is in
** data/examples/, file fixtures in unit/data/grades/. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grades.h"
#include "parse.h"

/* ---- rules ---------------------------------------------------------------- */

/* A small regulation: S1–S4, parcours A and D from S3, the three marks, a
** label shared by two semesters ("Portfolio 1": PF1 in S1, PF3 in S3) and a
** label shared inside S2 (R2.06 and SAE2.04). */
static const char mini_rules[] =
  "compétence 1 \"Réaliser\" {\n"
  "  niveau 1 \"Un\"\n"
  "  niveau 2 \"Deux\"\n"
  "}\n"
  "parcours A \"Parcours A\" { compétence 1 niveau 2 }\n"
  "parcours D \"Parcours D\" { compétence 1 niveau 2 }\n"
  "année 1 semestres S1 S2 { RCUE compétence 1 : UE1.1 + UE2.1 }\n"
  "année 2 semestres S3 S4 { RCUE compétence 1 : UE3.1 + UE4.1 }\n"
  "enseignements S1 {\n"
  "  ressource R1.01 \"Initiation au développement\" TD 10 total 10 compétences 1\n"
  "  ressource R1.09 \"Économie\" TD 10 total 10 compétences 1\n"
  "  portfolio PF1 \"Portfolio 1\" TD 4 total 4 compétences 1\n"
  "  SAÉ SAE1.01 \"Implémentation\" TD 10 total 10 compétences 1\n"
  "}\n"
  "enseignements S2 {\n"
  "  ressource R2.01 \"Développement orienté objets\" TD 10 total 10 compétences 1\n"
  "  ressource R2.06 \"Exploitation d'une base de données\" TD 10 total 10 compétences 1\n"
  "  SAÉ SAE2.04 \"Exploitation d'une base de données\" TD 10 total 10 compétences 1\n"
  "}\n"
  "enseignements S3 {\n"
  "  ressource R3.01 \"Développement web\" TD 10 total 10 compétences 1\n"
  "  portfolio PF3 \"Portfolio 1\" TD 4 total 4 compétences 1\n"
  "  parcours A { SAÉ SAE3.A.1 \"Application A\" TD 10 total 10 compétences 1 }\n"
  "  parcours D { SAÉ SAE3.D.1 \"Application D\" TD 10 total 10 compétences 1 }\n"
  "}\n"
  "enseignements S4 {\n"
  "  ressource R4.01 \"Architecture logicielle\" TD 10 total 10 compétences 1\n"
  "}\n"
  "semestre S1 {\n"
  "  UE1.1 \"UE1\" compétence 1 niveau 1, 30 ECTS {\n"
  "    ressources 60 { R1.01 50 R1.09 10 }\n"
  "    SAÉ 40 { SAE1.01 40 PF1 - }\n"
  "  }\n"
  "}\n"
  "semestre S2 {\n"
  "  UE2.1 \"UE1\" compétence 1 niveau 1, 30 ECTS {\n"
  "    ressources 60 { R2.01 60 R2.06 - }\n"
  "    SAÉ 40 { SAE2.04 40 }\n"
  "  }\n"
  "}\n"
  "semestre S3 {\n"
  "  UE3.1 \"UE1\" compétence 1 niveau 2, 30 ECTS {\n"
  "    ressources 60 { R3.01 60 }\n"
  "    SAÉ 40 { PF3 - parcours A { SAE3.A.1 40 } parcours D { SAE3.D.1 40 } }\n"
  "  }\n"
  "}\n"
  "semestre S4 {\n"
  "  UE4.1 \"UE1\" compétence 1 niveau 2, 30 ECTS { ressources 100 { R4.01 100 } }\n"
  "}\n"
  "marque ABI \"absence injustifiée\" vaut 0\n"
  "marque EXC \"excusé\" neutralisée\n"
  "marque ATT \"note en attente\" en attente\n"
  "validation {\n"
  "  UE acquise si moyenne >= 10\n"
  "  RCUE validé si moyenne >= 10\n"
  "}\n"
  "décision {\n"
  "  ADM si toutes(RCUE validés)\n"
  "  NAR sinon\n"
  "}\n";

typedef struct Rules {
  Source *src;
  Ast *ast;
  Model *m;
} Rules;

typedef struct Fixture {
  Rules mini;
  Rules real;
} Fixture;

static void rules_build(Rules *r, Source *src) {
  Diags d;
  diags_init(&d);
  r->src = src;
  r->ast = parse_rules(src, &d);
  r->m = model_build(r->ast, src, &d);
  if (d.nerr) {
    diags_print(&d, stderr, false);
    fail_msg("the rules %s have %d errors", src->name, d.nerr);
  }
  diags_free(&d);
}

static void rules_free(Rules *r) {
  model_free(r->m);
  ast_free(r->ast);
  source_free(r->src);
}

static int group_setup(void **state) {
  Fixture *fx = calloc(1, sizeof *fx);
  rules_build(&fx->mini, source_from_memory("mini.mccc", mini_rules, strlen(mini_rules)));
  char err[256];
  Source *s = source_load("../rules/but-info-rodez-2025-2026.mccc", err, sizeof err);
  if (!s) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  rules_build(&fx->real, s);
  *state = fx;
  return 0;
}

static int group_teardown(void **state) {
  Fixture *fx = *state;
  rules_free(&fx->mini);
  rules_free(&fx->real);
  free(fx);
  return 0;
}

static const Model *mini(void **state) { return ((Fixture *)*state)->mini.m; }
static const Model *real(void **state) { return ((Fixture *)*state)->real.m; }

/* ---- helpers -------------------------------------------------------------- */

/* A cohort and its diagnostics, freed together. */
typedef struct T {
  Cohort *c;
  Diags d;
  const Model *m;
} T;

static void t_init(T *t, const Model *m) {
  t->c = cohort_new();
  diags_init(&t->d);
  t->m = m;
}

static void t_free(T *t) {
  diags_free(&t->d);
  cohort_free(t->c);
}

static int t_read(T *t, const char *name, const char *text, const GradesOptions *opt) {
  return grades_read_memory(t->c, t->m, name, text, strlen(text), opt, &t->d);
}

static void dump(const Diags *d) {
  fprintf(stderr, "---- %zu diagnostics\n", d->n);
  diags_print(d, stderr, false);
  fprintf(stderr, "----\n");
}

/* The character column of a diagnostic, as printed. */
static int char_col(const Diag *g) {
  return g->src ? source_char_col(g->src, g->loc.first_line, g->loc.first_column) : 0;
}

/* The diagnostic of this level at line:col (character column) whose message
** contains `msg`; fails the test if there is none. col 0: any column. */
static const Diag *expect_diag(const Diags *d, DiagLevel lv, int line, int col, const char *msg) {
  for (size_t i = 0; i < d->n; i++) {
    const Diag *g = &d->v[i];
    if (g->level == lv && g->loc.first_line == line && (col == 0 || char_col(g) == col) && strstr(g->msg, msg))
      return g;
  }
  dump(d);
  fail_msg("no %s at %d:%d containing \"%s\"", lv == DIAG_ERROR ? "error" : lv == DIAG_WARNING ? "warning" : "note",
           line, col, msg);
  return NULL;
}

/* A diagnostic without position (about a whole file). */
static const Diag *expect_file_diag(const Diags *d, DiagLevel lv, const char *msg) {
  for (size_t i = 0; i < d->n; i++) {
    const Diag *g = &d->v[i];
    if (g->level == lv && g->loc.first_line == 0 && strstr(g->msg, msg)) return g;
  }
  dump(d);
  fail_msg("no file-level diagnostic containing \"%s\"", msg);
  return NULL;
}

static void expect_note(const Diag *g, const char *text) {
  if (!g->note || !strstr(g->note, text))
    fail_msg("diagnostic \"%s\" has note \"%s\", want one containing \"%s\"", g->msg, g->note ? g->note : "(none)",
             text);
}

static void expect_clean(const T *t) {
  if (t->d.nerr || t->d.nwarn) {
    dump(&t->d);
    fail_msg("%d errors, %d warnings, want none", t->d.nerr, t->d.nwarn);
  }
}

static int count_level(const Diags *d, DiagLevel lv) {
  int n = 0;
  for (size_t i = 0; i < d->n; i++) n += d->v[i].level == lv;
  return n;
}

static int course_index(const Model *m, const char *id) {
  MCourse *k = model_course(m, id);
  if (!k) fail_msg("no course %s in the rules", id);
  return k->index;
}

static StudentYear *year_of(const Cohort *c, const char *id, const char *year) {
  Student *s = cohort_find(c, id);
  if (!s) fail_msg("no student %s", id);
  for (int i = 0; i < s->nyears; i++)
    if (strcmp(s->years[i].year, year) == 0) return &s->years[i];
  fail_msg("student %s has no year %s", id, year);
  return NULL;
}

static const Grade *grade_of(const Model *m, const StudentYear *y, const char *course) {
  int k = course_index(m, course);
  for (uint32_t i = 0; i < y->ngrades; i++)
    if (y->grades[i].course == k) return &y->grades[i];
  fail_msg("no grade of %s", course);
  return NULL;
}

static bool has_grade(const Model *m, const StudentYear *y, const char *course) {
  int k = course_index(m, course);
  for (uint32_t i = 0; i < y->ngrades; i++)
    if (y->grades[i].course == k) return true;
  return false;
}

static void expect_number(const Grade *g, int64_t num, int scale) {
  assert_int_equal(g->kind, GV_NUMBER);
  assert_int_equal(g->num, num);
  assert_int_equal(g->scale, scale);
}

static void expect_mark(const Model *m, const Grade *g, const char *mark) {
  assert_int_equal(g->kind, GV_MARK);
  assert_string_equal(m->marks[g->mark]->id, mark);
}

/* ---- long form ------------------------------------------------------------ */

/* Every student has earlier decisions (for tests that start in BUT 2). */
static bool always(const char *id, void *ctx) {
  (void)id;
  (void)ctx;
  return true;
}

static void test_long_comma(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "21002345,2024-2025,S1,,R1.01,12.5\n"
    "21002345,2024-2025,S1,,SAE1.01,ABI\n"
    "21002345,2024-2025,S2,,R2.01,\n"
    "21002345,2025-2026,S3,A,SAE3.A.1,14\n"
    "21002345,2025-2026,S3,A,R3.01,13.333\n"
    "\n"
    "21000001,2025-2026,S1,,R1.01,0\n"
    "21000001,2025-2026,S1,,R1.09,20\n"
    "21000001,2025-2026,S1,,PF1,exc\n";
  assert_int_equal(t_read(&t, "a.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_clean(&t);
  assert_int_equal(cohort_count(t.c), 2);
  assert_int_equal(cohort_lines(t.c), 8);
  assert_string_equal(cohort_file(t.c, 0), "a.csv");
  /* sorted by id */
  assert_string_equal(cohort_student(t.c, 0)->id, "21000001");
  assert_string_equal(cohort_student(t.c, 1)->id, "21002345");
  Student *s = cohort_find(t.c, "21002345");
  assert_non_null(s);
  assert_false(s->error);
  assert_int_equal(s->nyears, 2);
  StudentYear *y1 = &s->years[0], *y2 = &s->years[1];
  assert_string_equal(y1->year, "2024-2025");
  assert_int_equal(y1->start, 2024);
  assert_int_equal(y1->level, 1);
  assert_int_equal(y1->parcours, -1);
  assert_int_equal(y1->sems, (1u << 1) | (1u << 2));
  assert_int_equal(y1->ngrades, 3);
  assert_int_equal(y1->line, 2);
  const Grade *g = grade_of(t.m, y1, "R1.01");
  expect_number(g, 125, 1);
  assert_int_equal(g->line, 2);
  assert_int_equal(g->sem, 1);
  assert_int_equal(g->file, 0);
  expect_mark(t.m, grade_of(t.m, y1, "SAE1.01"), "ABI");
  assert_int_equal(grade_of(t.m, y1, "R2.01")->kind, GV_EMPTY);
  assert_int_equal(grade_of(t.m, y1, "R2.01")->sem, 2);
  assert_int_equal(y2->level, 2);
  assert_int_equal(y2->parcours, model_parcours(t.m, "A")->bit);
  assert_int_equal(y2->sems, 1u << 3);
  expect_number(grade_of(t.m, y2, "R3.01"), 13333, 3);
  /* exact value */
  mpq_t q, want;
  mpq_init(q);
  mpq_init(want);
  grade_value(grade_of(t.m, y2, "R3.01"), q);
  mpq_set_ui(want, 13333, 1000);
  assert_true(mpq_equal(q, want));
  mpq_clear(q);
  mpq_clear(want);
  StudentYear *z = year_of(t.c, "21000001", "2025-2026");
  expect_number(grade_of(t.m, z, "R1.01"), 0, 0);
  expect_number(grade_of(t.m, z, "R1.09"), 20, 0);
  expect_mark(t.m, grade_of(t.m, z, "PF1"), "EXC"); /* marks: case-insensitive */
  assert_null(cohort_find(t.c, "2100234"));
  t_free(&t);
}

static void test_long_semicolon_bom_crlf(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "\xEF\xBB\xBF" "course;grade;student;year;semester;parcours\r\n"
    "R1.01;12,5;21002345;2024-2025;S1;\r\n"
    "R1.09;\"8,25\";21002345;2024-2025;S1;\r\n"
    "R1.99;8;21002345;2024-2025;S1;\r\n";
  assert_int_equal(t_read(&t, "fr.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  assert_int_equal(t.d.nerr, 1);
  /* the BOM is not a column: R1.99 is at 4:1 */
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 4, 1, "enseignement inconnu « R1.99 »");
  assert_int_equal(e->loc.first_column, 1);
  expect_note(e, "vouliez-vous dire « R1.09 » ?");
  StudentYear *y = year_of(t.c, "21002345", "2024-2025");
  expect_number(grade_of(t.m, y, "R1.01"), 125, 1);
  expect_number(grade_of(t.m, y, "R1.09"), 825, 2);
  assert_true(y->error);
  t_free(&t);
}

static void test_long_tab_quotes(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student\tyear\tsemester\tparcours\tcourse\tgrade\tnom\n"
    "\"2100 1\"\t2024-2025\tS1\t\t\"R1.01\"\t\"12,5\"\t\"Dupont\tJean\"\n"
    " 21002 \t 2024-2025 \t s1 \t\tR1.01\t 9 \t\"a \"\"b\"\"\"\n";
  assert_int_equal(t_read(&t, "tab.tsv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  assert_int_equal(t.d.nerr, 0);
  const Diag *n = expect_diag(&t.d, DIAG_NOTE, 1, 45, "colonne ignorée : « nom »");
  (void)n;
  assert_int_equal(count_level(&t.d, DIAG_NOTE), 1);
  expect_number(grade_of(t.m, year_of(t.c, "2100 1", "2024-2025"), "R1.01"), 125, 1);
  expect_number(grade_of(t.m, year_of(t.c, "21002", "2024-2025"), "R1.01"), 9, 0);
  t_free(&t);
}

static void test_comma_decimal_needs_quotes(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "21002345,2024-2025,S1,,R1.01,12,5\n"
    "21002346,2024-2025,S1,,R1.01,\"12,5\"\n";
  assert_int_equal(t_read(&t, "c.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  assert_int_equal(t.d.nerr, 1);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 2, 33, "la ligne a 7 champs, l’en-tête en a 6");
  expect_note(e, "\"12,5\"");
  assert_true(cohort_find(t.c, "21002345")->error);
  assert_false(cohort_find(t.c, "21002346")->error);
  t_free(&t);
}

static void test_fewer_fields(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student;year;semester;parcours;course;grade\n"
    "21002345;2024-2025;S1;R1.01;12\n";
  assert_int_equal(t_read(&t, "f.csv", text, NULL), 0);
  expect_diag(&t.d, DIAG_ERROR, 2, 1, "la ligne a 5 champs, l’en-tête en a 6");
  assert_true(cohort_find(t.c, "21002345")->error);
  t_free(&t);
}

/* ---- the example cohort: the same in both exports ------------------------ */

static void read_example(T *t, const char *path) {
  assert_int_equal(grades_read_file(t->c, t->m, path, NULL, &t->d), 0);
  cohort_finish(t->c, t->m, NULL, NULL, &t->d);
  expect_clean(t);
}

static void test_examples_same_cohort(void **state) {
  T a, b;
  t_init(&a, real(state));
  t_init(&b, real(state));
  read_example(&a, "data/examples/cohort-small.csv");
  read_example(&b, "data/examples/cohort-small-fr.csv");
  assert_int_equal(cohort_count(a.c), 40);
  assert_int_equal(cohort_count(b.c), 40);
  assert_int_equal(cohort_lines(a.c), 3319);
  assert_int_equal(cohort_lines(b.c), 3319);
  size_t nyears = 0, ngrades = 0, nmarks = 0;
  mpq_t qa, qb;
  mpq_init(qa);
  mpq_init(qb);
  for (size_t i = 0; i < 40; i++) {
    Student *sa = cohort_student(a.c, i), *sb = cohort_student(b.c, i);
    assert_string_equal(sa->id, sb->id);
    if (i) assert_true(strcmp(cohort_student(a.c, i - 1)->id, sa->id) < 0);
    assert_false(sa->error);
    assert_int_equal(sa->nyears, sb->nyears);
    for (int j = 0; j < sa->nyears; j++) {
      StudentYear *ya = &sa->years[j], *yb = &sb->years[j];
      if (j) assert_true(sa->years[j - 1].start < ya->start);
      assert_string_equal(ya->year, yb->year);
      assert_int_equal(ya->level, yb->level);
      assert_int_equal(ya->parcours, yb->parcours);
      assert_int_equal(ya->sems, yb->sems);
      assert_int_equal(ya->ngrades, yb->ngrades);
      nyears++;
      for (uint32_t k = 0; k < ya->ngrades; k++) {
        const Grade *ga = &ya->grades[k], *gb = &yb->grades[k];
        assert_int_equal(ga->course, gb->course);
        assert_int_equal(ga->kind, gb->kind);
        assert_int_equal(ga->line, gb->line);
        assert_int_equal(ga->sem, gb->sem);
        if (ga->kind == GV_NUMBER) {
          grade_value(ga, qa);
          grade_value(gb, qb);
          assert_true(mpq_equal(qa, qb));
        } else if (ga->kind == GV_MARK) {
          assert_int_equal(ga->mark, gb->mark);
          nmarks++;
        }
        ngrades++;
      }
    }
  }
  mpq_clear(qa);
  mpq_clear(qb);
  assert_int_equal(nyears, 92);
  assert_int_equal(ngrades, 3319);
  assert_int_equal(nmarks, 31 + 3 + 15);
  t_free(&a);
  t_free(&b);
}

/* Every record of the decisions file is a student-year of the cohort, with
** the same level and parcours. */
static void test_examples_match_decisions(void **state) {
  T t;
  t_init(&t, real(state));
  read_example(&t, "data/examples/cohort-small.csv");
  FILE *f = fopen("data/examples/cohort-small.decisions.jsonl", "r");
  assert_non_null(f);
  char line[1 << 16];
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    json_error_t je;
    json_t *j = json_loads(line, 0, &je);
    assert_non_null(j);
    StudentYear *y = year_of(t.c, json_string_value(json_object_get(j, "student")),
                             json_string_value(json_object_get(j, "year")));
    assert_int_equal(y->level, json_integer_value(json_object_get(j, "level")));
    json_t *p = json_object_get(j, "parcours");
    if (json_is_null(p)) assert_int_equal(y->parcours, -1);
    else assert_string_equal(t.m->parcours[y->parcours]->id, json_string_value(p));
    json_decref(j);
    n++;
  }
  fclose(f);
  assert_int_equal(n, 92);
  t_free(&t);
}

/* ---- wide form ------------------------------------------------------------ */

static void test_wide_ids_options(void **state) {
  T t;
  t_init(&t, mini(state));
  GradesOptions opt = {.year = "2025-2026", .semester = "S3", .parcours = NULL};
  const char *text =
    "student;nom;parcours;R3.01;PF3;SAE3.A.1;SAE3.D.1;email\n"
    "21002345;Dupont;A;12,5;;14;;d@x.fr\n"
    "21002346;Durand;D;ABI;10;;9,5;\n";
  assert_int_equal(t_read(&t, "s3.csv", text, &opt), 0);
  cohort_finish(t.c, t.m, always, NULL, &t.d);
  assert_int_equal(t.d.nerr, 0);
  assert_int_equal(t.d.nwarn, 0);
  const Diag *n = expect_diag(&t.d, DIAG_NOTE, 1, 9, "colonnes ignorées : « nom », « email »");
  (void)n;
  assert_int_equal(count_level(&t.d, DIAG_NOTE), 1);
  StudentYear *a = year_of(t.c, "21002345", "2025-2026");
  assert_int_equal(a->level, 2);
  assert_int_equal(a->parcours, model_parcours(t.m, "A")->bit);
  assert_int_equal(a->ngrades, 3); /* R3.01, PF3 (empty), SAE3.A.1; not SAE3.D.1 */
  expect_number(grade_of(t.m, a, "R3.01"), 125, 1);
  assert_int_equal(grade_of(t.m, a, "PF3")->kind, GV_EMPTY);
  expect_number(grade_of(t.m, a, "SAE3.A.1"), 14, 0);
  assert_false(has_grade(t.m, a, "SAE3.D.1"));
  assert_int_equal(grade_of(t.m, a, "R3.01")->line, 2);
  StudentYear *d = year_of(t.c, "21002346", "2025-2026");
  assert_int_equal(d->ngrades, 3);
  expect_mark(t.m, grade_of(t.m, d, "R3.01"), "ABI");
  expect_number(grade_of(t.m, d, "SAE3.D.1"), 95, 1);
  assert_false(has_grade(t.m, d, "SAE3.A.1"));
  t_free(&t);
}

static void test_wide_labels(void **state) {
  T t;
  t_init(&t, mini(state));
  /* "Portfolio 1" is PF1 (S1) and PF3 (S3): the file's semester decides */
  GradesOptions opt = {.year = "2024-2025", .semester = "S3", .parcours = "A"};
  const char *text =
    "student,Développement web,Portfolio 1,Application A\n"
    "21002345,11,12,13\n";
  assert_int_equal(t_read(&t, "labels.csv", text, &opt), 0);
  cohort_finish(t.c, t.m, always, NULL, &t.d);
  expect_clean(&t);
  StudentYear *y = year_of(t.c, "21002345", "2024-2025");
  assert_int_equal(y->parcours, model_parcours(t.m, "A")->bit);
  expect_number(grade_of(t.m, y, "R3.01"), 11, 0);
  expect_number(grade_of(t.m, y, "PF3"), 12, 0);
  expect_number(grade_of(t.m, y, "SAE3.A.1"), 13, 0);
  t_free(&t);

  /* with a semester column, the line's semester decides */
  t_init(&t, mini(state));
  opt = (GradesOptions){.year = "2024-2025"};
  text =
    "student,semester,parcours,Portfolio 1\n"
    "21000001,S1,,15\n"
    "21000002,S3,D,16\n";
  assert_int_equal(t_read(&t, "labels2.csv", text, &opt), 0);
  cohort_finish(t.c, t.m, always, NULL, &t.d);
  expect_clean(&t);
  expect_number(grade_of(t.m, year_of(t.c, "21000001", "2024-2025"), "PF1"), 15, 0);
  expect_number(grade_of(t.m, year_of(t.c, "21000002", "2024-2025"), "PF3"), 16, 0);
  t_free(&t);
}

static void test_wide_header_errors(void **state) {
  T t;
  t_init(&t, mini(state));
  GradesOptions opt = {.year = "2024-2025", .semester = "S2"};
  /* an ambiguous label in S2; a course of S1 in an S2 file; R2.01 twice
  ** (id and label); an unknown course-like column */
  const char *text =
    "student,Exploitation d'une base de données,R1.01,R2.01,Développement orienté objets,R2.011\n"
    "21000001,12,,10,,\n"
    "21000002,,,11,,\n"
    "21000003,,9,12,13,\n";
  assert_int_equal(t_read(&t, "s2.csv", text, &opt), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 1, 9, "libellé ambigu « Exploitation d'une base de données » : R2.06 (S2), SAE2.04 (S2)");
  expect_note(e, "l’identifiant");
  expect_diag(&t.d, DIAG_ERROR, 1, 44, "« R1.01 » est un enseignement de S1, le fichier est de S2");
  expect_diag(&t.d, DIAG_ERROR, 1, 56,
              "la colonne « Développement orienté objets » désigne le même enseignement (R2.01) que la colonne 4 « R2.01 »");
  e = expect_diag(&t.d, DIAG_NOTE, 1, 85, "colonne ignorée : « R2.011 »");
  expect_note(e, "« R2.011 » : vouliez-vous dire « R2.01 » ?");
  assert_int_equal(t.d.nerr, 3);
  /* students with a grade in an unusable column are in error, not the others */
  assert_true(cohort_find(t.c, "21000001")->error);
  assert_false(cohort_find(t.c, "21000002")->error);
  assert_true(cohort_find(t.c, "21000003")->error);
  expect_number(grade_of(t.m, year_of(t.c, "21000002", "2024-2025"), "R2.01"), 11, 0);
  t_free(&t);
}

static void test_wide_missing_options(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text = "student,R1.01\n21000001,12\n";
  assert_int_equal(t_read(&t, "w.csv", text, NULL), 0);
  expect_file_diag(&t.d, DIAG_ERROR, "forme large sans colonne « year »");
  expect_file_diag(&t.d, DIAG_ERROR, "forme large sans colonne « semester »");
  assert_int_equal(cohort_count(t.c), 0);
  t_free(&t);

  t_init(&t, mini(state));
  GradesOptions bad = {.year = "2024-2026", .semester = "S9", .parcours = "B"};
  assert_int_equal(t_read(&t, "w.csv", text, &bad), 0);
  expect_file_diag(&t.d, DIAG_ERROR, "année universitaire « 2024-2026 » (option) invalide");
  expect_file_diag(&t.d, DIAG_ERROR, "semestre « S9 » (option) inconnu");
  expect_file_diag(&t.d, DIAG_ERROR, "parcours « B » (option) inconnu");
  t_free(&t);

  /* columns instead of options */
  t_init(&t, mini(state));
  text = "student,year,semester,R1.01\n21000001,2023-2024,S1,12\n";
  assert_int_equal(t_read(&t, "w.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_clean(&t);
  expect_number(grade_of(t.m, year_of(t.c, "21000001", "2023-2024"), "R1.01"), 12, 0);
  t_free(&t);
}

static void test_wide_cell_errors(void **state) {
  T t;
  t_init(&t, mini(state));
  GradesOptions opt = {.year = "2025-2026", .semester = "S3"};
  const char *text =
    "student;parcours;R3.01;SAE3.A.1;SAE3.D.1\n"
    "21000001;A;21;12;\n"
    "21000002;A;10;;8\n"
    "21000003;D;10;;8\n"
    "21000003;D;11;;\n";
  assert_int_equal(t_read(&t, "w.csv", text, &opt), 0);
  cohort_finish(t.c, t.m, always, NULL, &t.d);
  expect_diag(&t.d, DIAG_ERROR, 2, 12, "note 21 hors de l’intervalle 0 à 20");
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 3, 16, "« SAE3.D.1 » n’est pas un enseignement du parcours A");
  expect_note(e, "« SAE3.D.1 » est un enseignement du parcours D");
  e = expect_diag(&t.d, DIAG_ERROR, 5, 12,
                  "notes en double : « R3.01 », « SAE3.D.1 » déjà données pour l’étudiant 21000003 en S3 2025-2026");
  expect_note(e, "première note ligne 4");
  assert_int_equal(t.d.nerr, 3);
  assert_true(cohort_find(t.c, "21000001")->error);
  assert_true(cohort_find(t.c, "21000002")->error);
  assert_true(cohort_find(t.c, "21000003")->error);
  t_free(&t);
}

/* ---- encodings and positions --------------------------------------------- */

static void test_windows_1252(void **state) {
  T t;
  t_init(&t, mini(state));
  /* "Zoé" and "Hélène" in Windows-1252 (é = 0xE9, è = 0xE8) */
  const char *text =
    "student;nom;year;semester;parcours;course;grade\r\n"
    "21000001;Zo\xE9;2024-2025;S1;;R1.01;12,5\r\n"
    "21000002;H\xE9l\xE8ne;2024-2025;S1;;R1.99;12\r\n";
  assert_int_equal(t_read(&t, "latin.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_file_diag(&t.d, DIAG_WARNING, "Windows-1252");
  assert_int_equal(t.d.nwarn, 1);
  /* "21000002;Hélène;2024-2025;S1;;" is 30 characters: column 31; the
     diagnostic quotes the converted text (32 bytes of UTF-8 before R1.99) */
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 3, 31, "enseignement inconnu « R1.99 »");
  assert_int_equal(e->loc.first_column, 33);
  assert_int_equal(e->loc.last_column, 38);
  size_t len;
  const char *l = source_line(e->src, 3, &len);
  assert_int_equal(len, strlen("21000002;Hélène;2024-2025;S1;;R1.99;12"));
  assert_memory_equal(l, "21000002;Hélène;2024-2025;S1;;R1.99;12", len);
  assert_int_equal(t.d.nerr, 1);
  expect_number(grade_of(t.m, year_of(t.c, "21000001", "2024-2025"), "R1.01"), 125, 1);
  assert_true(cohort_find(t.c, "21000002")->error);
  assert_false(cohort_find(t.c, "21000001")->error);
  t_free(&t);
}

static void test_utf8_columns(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,nom,year,semester,parcours,course,grade\n"
    "21000002,Hélène,2024-2025,S1,,R1.01,1e3\n";
  assert_int_equal(t_read(&t, "u.csv", text, NULL), 0);
  /* character column 37, byte column 39 (two 2-byte letters before) */
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 2, 37, "note « 1e3 » invalide : notation avec exposant");
  assert_int_equal(e->loc.first_column, 39);
  assert_int_equal(e->loc.last_column, 42);
  expect_note(e, "ABI, EXC, ATT");
  assert_int_equal(t.d.nwarn, 0);
  t_free(&t);
}

static void test_lone_cr(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\r"
    "21000001,2024-2025,S1,,R1.01,12\r"
    "21000001,2024-2025,S1,,R1.09,-1\r";
  assert_int_equal(t_read(&t, "mac.csv", text, NULL), 0);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 3, 30, "note -1 hors de l’intervalle 0 à 20");
  size_t len;
  const char *l = source_line(e->src, 3, &len);
  assert_int_equal(len, 31);
  assert_memory_equal(l + e->loc.first_column - 1, "-1", 2);
  t_free(&t);
}

static void test_csv_errors(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "21000001,2024-2025,S1,,R1.01,1\"2\n"
    "21000002,2024-2025,S1,,R1.01,12\n";
  assert_int_equal(t_read(&t, "q.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_diag(&t.d, DIAG_ERROR, 2, 31, "guillemet à l’intérieur d’un champ sans guillemets");
  assert_int_equal(t.d.nerr, 1);
  assert_true(cohort_find(t.c, "21000001")->error); /* the line's student, found in the raw text */
  assert_false(cohort_find(t.c, "21000002")->error);
  t_free(&t);

  /* ambiguous separator: the file cannot be read */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "amb.csv", "student,year;x\n1,2;3\n", NULL), -1);
  expect_diag(&t.d, DIAG_ERROR, 1, 1, "séparateur ambigu");
  t_free(&t);
}

/* ---- errors of values ----------------------------------------------------- */

static void test_value_errors(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student;year;semester;parcours;course;grade\n" /* the grade is at column 30 after R1.xx */
    "21000001;2024-2025;S1;;R1.01;-1\n"
    "21000001;2024-2025;S1;;R1.09;20,01\n"
    "21000002;2024-2025;S1;;R1.01;1e3\n"
    "21000002;2024-2025;S1;;R1.09;NaN\n"
    "21000002;2024-2025;S1;;PF1;12.5.3\n"
    "21000003;2024-2025;S1;;R1.01;99999999999999999999\n"
    "21000003;2024-2025;S1;;R1.09;ABS\n"
    "21000004;2024-2025;S1;;R1.01;13,333333333333333333\n"
    "21000004;2024-2025;S1;;R1.09;13,33333333333333333\n"
    "21000004;2024-2025;S1;;PF1;13,333333333333333330000\n"
    "21000004;2024-2025;S1;;SAE1.01;attente\n"
    "21000005;2024-2025;S1;;R1.01;20,000\n"
    "21000005;2024-2025;S1;;R1.09;  7,5  \n"
    "21000005;2024-2025;S1;;PF1;007\n"
    "21000005;2024-2025;S1;;SAE1.01;Att\n";
  assert_int_equal(t_read(&t, "v.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_diag(&t.d, DIAG_ERROR, 2, 30, "note -1 hors de l’intervalle 0 à 20");
  expect_diag(&t.d, DIAG_ERROR, 3, 30, "note 20,01 hors de l’intervalle 0 à 20");
  expect_diag(&t.d, DIAG_ERROR, 4, 30, "note « 1e3 » invalide : notation avec exposant non admise");
  expect_diag(&t.d, DIAG_ERROR, 5, 30, "note « NaN » invalide : NaN n’est pas un nombre");
  expect_diag(&t.d, DIAG_ERROR, 6, 28, "note « 12.5.3 » invalide : deux séparateurs décimaux");
  expect_diag(&t.d, DIAG_ERROR, 7, 30, "note 99999999999999999999 hors de l’intervalle 0 à 20");
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 8, 30, "marque inconnue « ABS »");
  expect_note(e, "ABI, EXC, ATT");
  expect_note(e, "vouliez-vous dire « ABI » ?");
  expect_diag(&t.d, DIAG_ERROR, 9, 30, "note 13,333333333333333333 : 18 décimales, au plus 17");
  expect_diag(&t.d, DIAG_ERROR, 12, 32, "marque inconnue « attente »");
  assert_int_equal(t.d.nerr, 9);
  const char *bad[] = {"21000001", "21000002", "21000003", "21000004"};
  for (int i = 0; i < 4; i++) {
    assert_true(cohort_find(t.c, bad[i])->error);
    assert_true(cohort_find(t.c, bad[i])->years[0].error);
  }
  Student *ok = cohort_find(t.c, "21000005");
  assert_false(ok->error);
  assert_false(ok->years[0].error);
  StudentYear *y4 = year_of(t.c, "21000004", "2024-2025");
  expect_number(grade_of(t.m, y4, "R1.09"), 1333333333333333333LL, 17);
  expect_number(grade_of(t.m, y4, "PF1"), 1333333333333333333LL, 17);
  StudentYear *y5 = year_of(t.c, "21000005", "2024-2025");
  expect_number(grade_of(t.m, y5, "R1.01"), 20000, 3);
  expect_number(grade_of(t.m, y5, "R1.09"), 75, 1);
  expect_number(grade_of(t.m, y5, "PF1"), 7, 0);
  expect_mark(t.m, grade_of(t.m, y5, "SAE1.01"), "ATT");
  t_free(&t);
}

/* Identifiers and marks are accepted whatever their case; suggestions too. */
static void test_case_insensitive(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "Student,YEAR,Semester,Parcours,Course,Grade\n"
    "21000001,2024-2025,s1,,r1.01,abi\n"
    "21000001,2024-2025,S1,,sae1.01,Exc\n"
    "21000001,2024-2025,S1,,R1.09,abs\n"
    "21000001,2024-2025,S1,,r1.99,1\n";
  assert_int_equal(t_read(&t, "ci.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 4, 30, "marque inconnue « abs »");
  expect_note(e, "vouliez-vous dire « ABI » ?");
  e = expect_diag(&t.d, DIAG_ERROR, 5, 24, "enseignement inconnu « r1.99 »");
  expect_note(e, "vouliez-vous dire « R1.09 » ?");
  assert_int_equal(t.d.nerr, 2);
  StudentYear *y = year_of(t.c, "21000001", "2024-2025");
  expect_mark(t.m, grade_of(t.m, y, "R1.01"), "ABI");
  expect_mark(t.m, grade_of(t.m, y, "SAE1.01"), "EXC");
  t_free(&t);
}

static void test_resolve_errors(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "21000001,2024-2025,S1,,R1.99,12\n"             /* 2: unknown course */
    "21000002,2024-2025,S2,,R1.01,12\n"             /* 3: course of S1 on an S2 line */
    "21000003,2025-2026,S3,A,SAE3.D.1,12\n"         /* 4: course of parcours D */
    "21000004,2025-2026,S3,B,R3.01,12\n"            /* 5: unknown parcours */
    "21000005,2025-2026,S7,,R3.01,12\n"             /* 6: unknown semester */
    "21000006,2024-2026,S1,,R1.01,12\n"             /* 7: years not consecutive */
    "21000007,2024/2025,S1,,R1.01,12\n"             /* 8: bad year */
    "21000008,2024-2025,S1,,R1.01,12\n"             /* 9 */
    "21000008,2024-2025,S1,,R1.01,13\n"             /* 10: duplicate of line 9 */
    ",2024-2025,S1,,R1.01,12\n"                     /* 11: no student */
    "21000009,2024-2025,S1,,,12\n"                  /* 12: no course */
    "21000010,2024-2025,S1,,R1.01,12\n";            /* 13: fine */
  assert_int_equal(t_read(&t, "r.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, always, NULL, &t.d);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 2, 24, "enseignement inconnu « R1.99 »");
  expect_note(e, "vouliez-vous dire « R1.09 » ?");
  assert_int_equal(e->loc.last_column, 29);
  expect_diag(&t.d, DIAG_ERROR, 3, 24, "« R1.01 » est un enseignement de S1, la ligne indique S2");
  e = expect_diag(&t.d, DIAG_ERROR, 4, 25, "« SAE3.D.1 » n’est pas un enseignement du parcours A");
  expect_note(e, "parcours D");
  e = expect_diag(&t.d, DIAG_ERROR, 5, 23, "parcours inconnu « B »");
  expect_note(e, "A, D");
  e = expect_diag(&t.d, DIAG_ERROR, 6, 20, "semestre inconnu « S7 »");
  expect_note(e, "S1, S2, S3, S4");
  e = expect_diag(&t.d, DIAG_ERROR, 7, 10, "année universitaire « 2024-2026 » invalide");
  expect_note(e, "AAAA-AAAA");
  expect_diag(&t.d, DIAG_ERROR, 8, 10, "année universitaire « 2024/2025 » invalide");
  e = expect_diag(&t.d, DIAG_ERROR, 10, 24, "note en double : « R1.01 » déjà donnée pour l’étudiant 21000008 en S1 2024-2025");
  expect_note(e, "première note ligne 9");
  expect_diag(&t.d, DIAG_ERROR, 11, 1, "identifiant d’étudiant vide");
  expect_diag(&t.d, DIAG_ERROR, 12, 24, "enseignement manquant");
  /* the parcours was given, unknown: not also called missing */
  for (size_t i = 0; i < t.d.n; i++)
    if (strstr(t.d.v[i].msg, "parcours manquant")) fail_msg("unexpected: %s", t.d.v[i].msg);
  assert_int_equal(t.d.nerr, 10);
  for (int i = 1; i <= 9; i++) {
    char id[16];
    snprintf(id, sizeof id, "2100000%d", i);
    Student *s = cohort_find(t.c, id);
    assert_non_null(s);
    if (!s->error) fail_msg("student %s is not marked", id);
  }
  /* the first grade of the duplicate is kept, the year is in error */
  StudentYear *y = year_of(t.c, "21000008", "2024-2025");
  assert_true(y->error);
  assert_int_equal(y->ngrades, 1);
  expect_number(&y->grades[0], 12, 0);
  Student *s = cohort_find(t.c, "21000010");
  assert_false(s->error);
  assert_false(s->years[0].error);
  assert_int_equal(cohort_count(t.c), 10);
  t_free(&t);
}

static void test_duplicate_across_files(void **state) {
  T t;
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "a.csv",
                          "student,year,semester,parcours,course,grade\n"
                          "21000001,2024-2025,S1,,R1.01,12\n", NULL), 0);
  assert_int_equal(t_read(&t, "b.csv",
                          "student;year;semester;parcours;course;grade\n"
                          "21000002;2024-2025;S1;;R1.01;12\n"
                          "21000001;2024-2025;S1;;R1.01;12\n", NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 3, 24, "note en double");
  assert_string_equal(e->src->name, "b.csv");
  expect_note(e, "première note dans a.csv, ligne 2");
  assert_int_equal(t.d.nerr, 1);
  assert_string_equal(cohort_file(t.c, 1), "b.csv");
  assert_null(cohort_file(t.c, 2));
  assert_int_equal(cohort_lines(t.c), 3);
  assert_int_equal(year_of(t.c, "21000002", "2024-2025")->grades[0].file, 1);
  t_free(&t);
}

static void test_empty_grade_other_parcours(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "21000001,2025-2026,S3,A,SAE3.A.1,12\n"
    "21000001,2025-2026,S3,A,SAE3.D.1,\n";
  assert_int_equal(t_read(&t, "e.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, always, NULL, &t.d);
  expect_diag(&t.d, DIAG_WARNING, 3, 25, "ligne ignorée : « SAE3.D.1 » n’est pas un enseignement du parcours A");
  assert_int_equal(t.d.nerr, 0);
  assert_false(cohort_find(t.c, "21000001")->error);
  assert_int_equal(year_of(t.c, "21000001", "2025-2026")->ngrades, 1);
  t_free(&t);
}

/* Lines of a student-year apart from each other: its grades are gathered in
** reading order, in an array of their exact size, and duplicates are found
** across the gaps. */
static void test_student_years_interleaved(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "A,2024-2025,S1,,R1.01,12\n"
    "B,2024-2025,S1,,R1.01,13\n"
    "A,2024-2025,S1,,R1.09,14\n"
    "A,2023-2024,S1,,R1.01,10\n"
    "A,2024-2025,S2,,R2.01,15\n"
    "B,2024-2025,S1,,R1.01,9\n"
    "A,2024-2025,S1,,R1.09,8\n";
  assert_int_equal(t_read(&t, "i.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, always, NULL, &t.d);
  assert_int_equal(t.d.nerr, 2);
  expect_note(expect_diag(&t.d, DIAG_ERROR, 7, 17, "note en double : « R1.01 » déjà donnée pour l’étudiant B"),
              "première note ligne 3");
  expect_note(expect_diag(&t.d, DIAG_ERROR, 8, 17, "note en double : « R1.09 » déjà donnée pour l’étudiant A"),
              "première note ligne 4");
  StudentYear *y = year_of(t.c, "A", "2024-2025");
  assert_int_equal(y->ngrades, 3);
  assert_int_equal(y->cap, 3);
  static const char *const want[] = {"R1.01", "R1.09", "R2.01"};
  static const uint32_t lines[] = {2, 4, 6};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(y->grades[i].course, course_index(t.m, want[i]));
    assert_int_equal(y->grades[i].line, lines[i]);
  }
  expect_number(&y->grades[2], 15, 0);
  y = year_of(t.c, "A", "2023-2024");
  assert_int_equal(y->ngrades, 1);
  expect_number(&y->grades[0], 10, 0);
  y = year_of(t.c, "B", "2024-2025");
  assert_int_equal(y->ngrades, 1);
  assert_int_equal(y->cap, 1);
  expect_number(&y->grades[0], 13, 0);
  t_free(&t);
}

/* Writes `text` (n bytes) to dir/name; returns the path (static buffer). */
static const char *write_file(const char *dir, const char *name, const char *text, size_t n) {
  static char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) fail_msg("cannot write %s", path);
  assert_int_equal(fwrite(text, 1, n, f), n);
  fclose(f);
  return path;
}

/* Files with a byte order mark, CRLF or lone CR line ends, of any size (a
** page exactly, too): the same grades and diagnostics as from memory, the
** lines quoted without the mark and the line ends. */
static void test_files_bom_and_line_ends(void **state) {
  char dir[] = "/tmp/test_grades_XXXXXX";
  assert_non_null(mkdtemp(dir));
  static const char *const bodies[] = {
    "\xEF\xBB\xBF" "student;year;semester;parcours;course;grade\r\n"
    "21000001;2024-2025;S1;;R1.01;12,5\r\n"
    "21000001;2024-2025;S1;;R1.99;8\r\n",
    "student,year,semester,parcours,course,grade\r"
    "21000001,2024-2025,S1,,R1.01,12.5\r"
    "21000001,2024-2025,S1,,R1.99,8\r",
  };
  static const char *const quoted[] = {"21000001;2024-2025;S1;;R1.99;8", "21000001,2024-2025,S1,,R1.99,8"};
  for (int b = 0; b < 2; b++) {
    for (int padded = 0; padded < 2; padded++) {
      size_t n = strlen(bodies[b]);
      char *text = malloc(8192);
      assert_non_null(text);
      memcpy(text, bodies[b], n);
      if (padded) { /* blank lines up to 4096 bytes */
        memset(text + n, '\n', 4096 - n);
        n = 4096;
      }
      T t;
      t_init(&t, mini(state));
      const char *path = write_file(dir, padded ? "padded.csv" : "plain.csv", text, n);
      assert_int_equal(grades_read_file(t.c, t.m, path, NULL, &t.d), 0);
      cohort_finish(t.c, t.m, NULL, NULL, &t.d);
      assert_int_equal(t.d.nerr, 1);
      const Diag *e = expect_diag(&t.d, DIAG_ERROR, 3, 24, "enseignement inconnu « R1.99 »");
      size_t len;
      const char *l = source_line(e->src, 3, &len);
      assert_int_equal(len, strlen(quoted[b]));
      assert_memory_equal(l, quoted[b], len);
      assert_memory_equal(l + e->loc.first_column - 1, "R1.99", 5);
      l = source_line(e->src, 1, &len);
      assert_memory_equal(l, "student", 7); /* no byte order mark */
      expect_number(grade_of(t.m, year_of(t.c, "21000001", "2024-2025"), "R1.01"), 125, 1);
      unlink(path);
      t_free(&t);
      free(text);
    }
  }
  rmdir(dir);
}

/* A large Source (a grade file of more than 1 MiB) is indexed on the first
** request for a line, small ones at once; both quote the same lines. */
static void test_source_index_on_first_use(void **state) {
  (void)state;
  const int nl = 60000; /* lines of 24 to 29 bytes: about 1.6 MiB */
  size_t cap = (size_t)nl * 32 + 64, n = 0;
  char *text = malloc(cap);
  assert_non_null(text);
  for (int i = 1; i <= nl; i++)
    n += (size_t)snprintf(text + n, cap - n, "%d,2024-2025,S1,,R1.01%s", i, i == nl ? "" : i % 3 ? "\n" : "\r\n");
  char dir[] = "/tmp/test_source_XXXXXX";
  assert_non_null(mkdtemp(dir));
  const char *path = write_file(dir, "big.csv", text, n);
  char err[256];
  Source *s = source_load(path, err, sizeof err);
  assert_non_null(s);
  Source *m = source_from_memory("small.csv", text, 100);
  assert_int_equal(s->len, n);
  assert_int_equal(s->nlines, (size_t)nl);
  assert_null(s->lines32);
  assert_null(s->lines64);
  assert_non_null(m->lines32); /* small: at once */
  static const int probe[] = {nl, 1, 2, 3, 4, 29999, 30000, 59998};
  for (size_t k = 0; k < sizeof probe / sizeof probe[0]; k++) {
    char want[64];
    int w = snprintf(want, sizeof want, "%d,2024-2025,S1,,R1.01", probe[k]);
    size_t len;
    const char *l = source_line(s, probe[k], &len);
    assert_int_equal(len, (size_t)w); /* without LF nor CR */
    assert_memory_equal(l, want, len);
    assert_int_equal(source_char_col(s, probe[k], 3), 3);
  }
  assert_non_null(s->lines32);
  size_t len;
  source_line(s, nl + 1, &len);
  assert_int_equal(len, 0);
  /* a changed text: lines counted again, quoted right */
  text[1] = '\n'; /* "1" then "2024-2025,..." on a line of its own */
  memcpy(s->text, text, n);
  source_text_changed(s);
  assert_int_equal(s->nlines, (size_t)nl + 1);
  const char *l = source_line(s, 2, &len);
  assert_int_equal(len, 19);
  assert_memory_equal(l, "2024-2025,S1,,R1.01", 19);
  source_drop_prefix(s, 2); /* "1\n" */
  assert_int_equal(s->nlines, (size_t)nl);
  l = source_line(s, 1, &len);
  assert_int_equal(len, 19);
  assert_memory_equal(l, "2024-2025,S1,,R1.01", 19);
  l = source_line(s, 2, &len);
  assert_memory_equal(l, "2,2024-2025", 11);
  source_free(s);
  source_free(m);
  unlink(path);
  rmdir(dir);
  free(text);
}

/* ---- headers and files ---------------------------------------------------- */

static void test_header_errors(void **state) {
  T t;
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "h.csv", "student,semester,course,grade\n1,S1,R1.01,12\n", NULL), 0);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 1, 1, "colonne « year » absente de l’en-tête");
  expect_note(e, "colonnes de l’en-tête : student, semester, course, grade");
  expect_diag(&t.d, DIAG_ERROR, 1, 1, "colonne « parcours » absente de l’en-tête");
  assert_int_equal(t.d.nerr, 2);
  assert_int_equal(cohort_count(t.c), 0);
  t_free(&t);

  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "h.csv", "student,year,semester,parcours,course,grade,Grade\n", NULL), 0);
  e = expect_diag(&t.d, DIAG_ERROR, 1, 45, "colonne « Grade » en double dans l’en-tête");
  expect_note(e, "la colonne 6 s’appelle déjà « grade »");
  t_free(&t);

  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "h.csv", "nom;prénom\nDupont;Jean\n", NULL), 0);
  e = expect_diag(&t.d, DIAG_ERROR, 1, 1, "en-tête non reconnu");
  expect_note(e, "nom, prénom");
  t_free(&t);

  /* a long form with a typo: "grade" without "course" and no course
     column: the long form's missing column, with the near name */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "h.csv", "student,year,semester,parcours,cours,grade\n1,2024-2025,S1,,R1.01,1\n", NULL), 0);
  e = expect_diag(&t.d, DIAG_ERROR, 1, 1, "colonne « course » absente de l’en-tête");
  expect_note(e, "colonnes de l’en-tête : student, year, semester, parcours, cours, grade");
  expect_note(e, "la colonne « cours » serait-elle « course » ?");
  assert_int_equal(t.d.nerr, 1);
  assert_int_equal(cohort_count(t.c), 0);
  t_free(&t);

  /* "course" without "grade": the grade column is said missing, at the header */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "h.csv", "student,year,semester,parcours,course\n1,2024-2025,S1,,R1.01\n", NULL), 0);
  e = expect_diag(&t.d, DIAG_ERROR, 1, 1, "colonne « grade » absente de l’en-tête");
  assert_int_equal(e->loc.last_column, (int)strlen("student,year,semester,parcours,course") + 1);
  expect_note(e, "forme longue : colonnes student, year, semester, parcours, course, grade");
  assert_int_equal(t.d.nerr, 1);
  t_free(&t);

  /* a wide form may have a "course" column (ignored) beside course columns */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "h.csv", "student;course;R1.01\n1;x;12\n",
                          &(GradesOptions){"2024-2025", "S1", NULL}), 0);
  assert_int_equal(t.d.nerr, 0);
  expect_diag(&t.d, DIAG_NOTE, 1, 9, "colonne ignorée : « course »");
  t_free(&t);

  /* an ignored column repeated: said, the file is still read */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "h.csv",
                          "student,nom,year,semester,parcours,course,grade,nom\n"
                          "1,a,2024-2025,S1,,R1.01,12,b\n", NULL), 0);
  expect_diag(&t.d, DIAG_ERROR, 1, 49, "colonne « nom » en double");
  expect_diag(&t.d, DIAG_NOTE, 1, 9, "colonne ignorée : « nom »");
  assert_int_equal(t.d.nerr, 1);
  expect_number(grade_of(t.m, year_of(t.c, "1", "2024-2025"), "R1.01"), 12, 0);
  t_free(&t);
}

static void test_files(void **state) {
  T t;
  t_init(&t, mini(state));
  assert_int_equal(grades_read_file(t.c, t.m, "unit/data/grades/nope.csv", NULL, &t.d), -1);
  expect_file_diag(&t.d, DIAG_ERROR, "fichier de notes introuvable");
  assert_string_equal(t.d.v[0].file, "unit/data/grades/nope.csv");
  assert_int_equal(grades_read_file(t.c, t.m, "unit/data/grades", NULL, &t.d), -1);
  expect_file_diag(&t.d, DIAG_ERROR, "c’est un dossier, pas un fichier de notes");
  assert_int_equal(grades_read_file(t.c, t.m, "unit/data/grades/empty.csv", NULL, &t.d), -1);
  expect_file_diag(&t.d, DIAG_ERROR, "fichier vide");
  assert_int_equal(grades_read_file(t.c, t.m, "unit/data/grades/bom-only.csv", NULL, &t.d), -1);
  assert_int_equal(grades_read_file(t.c, t.m, "unit/data/grades/header-only.csv", NULL, &t.d), 0);
  expect_file_diag(&t.d, DIAG_ERROR, "le fichier n’a qu’un en-tête : aucune note");
  assert_int_equal(t.d.nerr, 5);
  assert_int_equal(cohort_count(t.c), 0);
  assert_string_equal(cohort_file(t.c, 0), "unit/data/grades/header-only.csv");
  t_free(&t);

  t_init(&t, mini(state));
  assert_int_equal(grades_read_memory(t.c, t.m, "bin.csv", "student,a\n\0x", 12, NULL, &t.d), -1);
  expect_diag(&t.d, DIAG_ERROR, 2, 1, "octet NUL");
  t_free(&t);
}

/* source_load's messages are in French, errno says why. */
static void test_source_load_messages(void **state) {
  (void)state;
  char err[256];
  errno = 0;
  assert_null(source_load("unit/data/grades/nope.csv", err, sizeof err));
  assert_int_equal(errno, ENOENT);
  assert_string_equal(err, "impossible de lire « unit/data/grades/nope.csv » : fichier introuvable");
  assert_null(source_load("unit/data/grades", err, sizeof err));
  assert_int_equal(errno, EISDIR);
  assert_string_equal(err, "« unit/data/grades » est un dossier, pas un fichier");
  assert_null(source_load("unit/data/grades/empty.csv/x", err, sizeof err));
  assert_string_equal(err, "impossible de lire « unit/data/grades/empty.csv/x » : un élément du chemin n’est pas un dossier");
  assert_string_equal(source_strerror(EACCES), "permission refusée");
  assert_string_equal(source_strerror(EPERM), "permission refusée");
  assert_string_equal(source_strerror(ELOOP), "trop de liens symboliques (boucle ?)");
  assert_string_equal(source_strerror(EIO), "erreur d’entrée-sortie");
  /* an unreadable file (not as root: root reads everything) */
  char path[] = "/tmp/mccc-test-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  chmod(path, 0);
  if (geteuid() != 0) {
    assert_null(source_load(path, err, sizeof err));
    assert_int_equal(errno, EACCES);
    assert_non_null(strstr(err, "» : permission refusée"));
  }
  unlink(path);
}

/* Quoting values in messages: long ones shortened with their length,
** control characters visible. */
static void test_source_quote(void **state) {
  (void)state;
  char b[SOURCE_QUOTE_SIZE], num[32];
  assert_string_equal(source_quote(b, sizeof b, "12,5", 4, true), "« 12,5 »");
  assert_string_equal(source_quote(b, sizeof b, "12,5", 4, false), "12,5");
  assert_string_equal(source_quote(b, sizeof b, "a\tb\nc\x01\r", 7, true), "« a\\tb\\nc\\x01\\r »");
  assert_string_equal(source_quote(b, sizeof b, "\xC3(", 2, false), "\\xC3(");
  char v[100];
  memset(v, 'R', sizeof v);
  assert_string_equal(source_quote(b, sizeof b, v, 60, false), "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR");
  assert_string_equal(source_quote(b, sizeof b, v, 61, true),
                      "« RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR… » (61 caractères)");
  /* characters, not bytes */
  char e[200];
  for (int i = 0; i < 61; i++) memcpy(e + 2 * i, "é", 2);
  source_quote(b, sizeof b, e, 122, false);
  assert_int_equal(strncmp(b, "éééééééééééééééééééééééééééééééééééééééé…", strlen("éééééééééééééééééééééééééééééééééééééééé…")), 0);
  assert_non_null(strstr(b, "(61 caractères)"));
  assert_string_equal(source_count(num, sizeof num, 0), "0");
  assert_string_equal(source_count(num, sizeof num, 999), "999");
  assert_string_equal(source_count(num, sizeof num, 99990), "99 990");
  assert_string_equal(source_count(num, sizeof num, 10000000), "10 000 000");
}

/* A line in the wrong separator: said, and charged to its real student. */
static void test_wrong_separator_line(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student;year;semester;parcours;course;grade\n"
    "2002,2024-2025,S1,,R1.01,12\n"        /* 2: all commas: 2002 for sure */
    "2002;2024-2025;S1;;R1.09;12\n"
    "2003,2024-2025,S1,R1.01,12\n"         /* 4: 5 fields with commas: 2003 only if a student */
    "2003;2024-2025;S1;;R1.09;12\n"
    "2004,2024-2025,S1,,12\n"              /* 6: the same, never a student: not made up */
    "2005;2024-2025;S1;;R1.01;12;13\n";    /* 7: not a separator problem */
  assert_int_equal(t_read(&t, "s.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 2, 1, "la ligne a 1 champ, l’en-tête en a 6 : la ligne semble "
                              "séparée par « , » alors que l’en-tête utilise « ; »");
  assert_null(e->note);
  expect_diag(&t.d, DIAG_ERROR, 4, 1, "la ligne semble séparée par « , » alors que l’en-tête utilise « ; »");
  expect_diag(&t.d, DIAG_ERROR, 6, 1, "la ligne semble séparée par « , » alors que l’en-tête utilise « ; »");
  e = expect_diag(&t.d, DIAG_ERROR, 7, 29, "la ligne a 7 champs, l’en-tête en a 6");
  assert_null(strstr(e->msg, "semble"));
  assert_int_equal(t.d.nerr, 4);
  assert_true(cohort_find(t.c, "2002")->error);
  assert_true(cohort_find(t.c, "2003")->error);
  assert_null(cohort_find(t.c, "2004"));
  assert_true(cohort_find(t.c, "2005")->error);
  assert_int_equal(cohort_count(t.c), 3);
  for (size_t i = 0; i < cohort_count(t.c); i++)
    if (strchr(cohort_student(t.c, i)->id, ',')) fail_msg("made-up student %s", cohort_student(t.c, i)->id);
  t_free(&t);

  /* a tab-separated line in a comma file, a student column that is not first */
  t_init(&t, mini(state));
  text =
    "course,grade,student,year,semester,parcours\n"
    "R1.01\t12\t2010\t2024-2025\tS1\t\n";
  assert_int_equal(t_read(&t, "t.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_diag(&t.d, DIAG_ERROR, 2, 1, "la ligne semble séparée par la tabulation alors que l’en-tête utilise « , »");
  assert_true(cohort_find(t.c, "2010")->error);
  assert_int_equal(cohort_count(t.c), 1);
  t_free(&t);
}

/* The decimal-comma hint only where it can be the cause. */
static void test_comma_hint(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "2001,2024-2025,S1,,R1.01,12,5\n"      /* 2: the hint */
    "2002,2024-2025,S1,,R1.01,12,note\n"   /* 3: not digits */
    "2003,2024-2025,S1,,R1.01,12,5,3\n"    /* 4: two fields too many */
    "2004,2024-2025,S1,,R1.01\n";          /* 5: too few */
  assert_int_equal(t_read(&t, "c.csv", text, NULL), 0);
  expect_note(expect_diag(&t.d, DIAG_ERROR, 2, 29, "la ligne a 7 champs"), "\"12,5\"");
  assert_null(expect_diag(&t.d, DIAG_ERROR, 3, 29, "la ligne a 7 champs")->note);
  assert_null(expect_diag(&t.d, DIAG_ERROR, 4, 29, "la ligne a 8 champs")->note);
  assert_null(expect_diag(&t.d, DIAG_ERROR, 5, 1, "la ligne a 5 champs")->note);
  t_free(&t);

  /* a ';' file: never */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "c.csv", "student;year;semester;parcours;course;grade\n2001;2024-2025;S1;;R1.01;12;5\n",
                          NULL), 0);
  assert_null(expect_diag(&t.d, DIAG_ERROR, 2, 29, "la ligne a 7 champs")->note);
  t_free(&t);

  /* wide form: a course cell split in two */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "w.csv", "student,R1.01,R1.09\n2001,12,5,14\n", &(GradesOptions){"2024-2025", "S1", NULL}),
                   0);
  expect_note(expect_diag(&t.d, DIAG_ERROR, 2, 0, "la ligne a 4 champs, l’en-tête en a 3"), "\"12,5\"");
  t_free(&t);
}

/* Student ids: too long, or with a control character: a located error that
** quotes them shortened; no student is made of them. */
static void test_bad_student_ids(void **state) {
  T t;
  t_init(&t, mini(state));
  char longid[260];
  memset(longid, '7', 250);
  longid[250] = '\0';
  char text[1024];
  snprintf(text, sizeof text,
           "student,year,semester,parcours,course,grade\n"
           "\"20\n02\",2024-2025,S1,,R1.01,12\n"    /* 2-3: a line end in a quoted id */
           "20\t04,2024-2025,S1,,R1.01,12\n"         /* 4: a tab */
           "%s,2024-2025,S1,,R1.01,12\n"             /* 5: 250 bytes */
           "20\x7f" "06,2024-2025,S1,,R1.01,12\n"    /* 6: DEL */
           "2007,2024-2025,S1,,R1.01,12\n",
           longid);
  assert_int_equal(t_read(&t, "id.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 2, 1, "identifiant d’étudiant « 20\\n02 » invalide : il contient un saut de ligne");
  expect_note(e, "sans caractère de contrôle");
  expect_diag(&t.d, DIAG_ERROR, 4, 1, "identifiant d’étudiant « 20\\t04 » invalide : il contient une tabulation");
  e = expect_diag(&t.d, DIAG_ERROR, 5, 1, "identifiant d’étudiant « 7777777777777777777777777777777777777777… » "
                  "(250 caractères) invalide : trop long (250 octets, au plus 200)");
  assert_int_equal(e->loc.last_column, 251);
  expect_diag(&t.d, DIAG_ERROR, 6, 1, "identifiant d’étudiant « 20\\x7F06 » invalide : il contient le caractère de "
              "contrôle U+007F");
  assert_int_equal(t.d.nerr, 4);
  assert_int_equal(cohort_count(t.c), 1);
  assert_false(cohort_find(t.c, "2007")->error);
  t_free(&t);

  /* 200 bytes is fine */
  t_init(&t, mini(state));
  longid[200] = '\0';
  snprintf(text, sizeof text, "student,year,semester,parcours,course,grade\n%s,2024-2025,S1,,R1.01,12\n", longid);
  assert_int_equal(t_read(&t, "id.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_clean(&t);
  assert_non_null(cohort_find(t.c, longid));
  t_free(&t);
}

/* Long values are never quoted in full. */
static void test_long_values(void **state) {
  T t;
  t_init(&t, mini(state));
  size_t big = 1000000, cap = big + 4096, n = 0;
  char *text = malloc(cap);
  n += (size_t)snprintf(text + n, cap - n, "student,year,semester,parcours,course,grade\n2001,2024-2025,S1,,R1.01,");
  memset(text + n, 'R', big);
  n += big;
  n += (size_t)snprintf(text + n, cap - n, "\n2002,2024-2025,S1,,");
  memset(text + n, 'X', 100);
  n += 100;
  n += (size_t)snprintf(text + n, cap - n, ",12\n2003,2024-2025,S1,,R1.01,1");
  memset(text + n, '2', 70);
  n += 70;
  n += (size_t)snprintf(text + n, cap - n, "\n");
  assert_int_equal(grades_read_memory(t.c, t.m, "l.csv", text, n, NULL, &t.d), 0);
  free(text);
  expect_diag(&t.d, DIAG_ERROR, 2, 26,
              "marque inconnue « RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR… » (1 000 000 caractères)");
  expect_diag(&t.d, DIAG_ERROR, 3, 20,
              "enseignement inconnu « XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX… » (100 caractères)");
  expect_diag(&t.d, DIAG_ERROR, 4, 26,
              "note 1222222222222222222222222222222222222222… (71 caractères) hors de l’intervalle 0 à 20");
  for (size_t i = 0; i < t.d.n; i++)
    if (strlen(t.d.v[i].msg) > 200) fail_msg("long message: %.80s…", t.d.v[i].msg);
  t_free(&t);

  /* a long header name */
  t_init(&t, mini(state));
  char hdr[400];
  n = (size_t)snprintf(hdr, sizeof hdr, "student,");
  memset(hdr + n, 'N', 80);
  n += 80;
  n += (size_t)snprintf(hdr + n, sizeof hdr - n, ",R1.01,");
  memset(hdr + n, 'N', 80);
  n += 80;
  n += (size_t)snprintf(hdr + n, sizeof hdr - n, "\n1,,12,\n");
  assert_int_equal(grades_read_memory(t.c, t.m, "h.csv", hdr, n, &(GradesOptions){"2024-2025", "S1", NULL}, &t.d), 0);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 1, 96, "colonne « NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN… » (80 caractères) en double");
  expect_note(e, "la colonne 2 s’appelle déjà « NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN… » (80 caractères)");
  t_free(&t);
}

/* 100,000 unknown columns: one note naming ten of them. */
static void test_many_unknown_columns(void **state) {
  T t;
  t_init(&t, mini(state));
  size_t cap = 1000000, n = 0;
  char *text = malloc(cap);
  n += (size_t)snprintf(text + n, cap - n, "student;year;semester;parcours;course;grade");
  for (int i = 1; i <= 100000; i++) n += (size_t)snprintf(text + n, cap - n, ";x%d", i);
  n += (size_t)snprintf(text + n, cap - n, "\n");
  assert_int_equal(grades_read_memory(t.c, t.m, "c.csv", text, n, NULL, &t.d), 0);
  free(text);
  const Diag *e = expect_diag(&t.d, DIAG_NOTE, 1, 45, "colonnes ignorées : « x1 », « x2 », « x3 », « x4 », « x5 », "
                              "« x6 », « x7 », « x8 », « x9 », « x10 » … et 99 990 autres");
  assert_null(strstr(e->msg, "x11"));
  assert_int_equal(count_level(&t.d, DIAG_NOTE), 1);
  t_free(&t);
}

/* Headers with separators mixed, or not recognised. */
static void test_header_separators(void **state) {
  T t;
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "m.csv", "student,year;semester,parcours;course,grade\n1,2024-2025;S1,;R1.01,12\n", NULL),
                   0);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 1, 1, "l’en-tête mêle deux séparateurs : « , » et « ; »");
  assert_int_equal(e->loc.last_column, (int)strlen("student,year;semester,parcours;course,grade") + 1);
  expect_note(e, "« , », le plus fréquent, a été retenu");
  assert_int_equal(t.d.nerr, 1);
  t_free(&t);

  /* a label with a comma in a ';' file is not a mixed header */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "ok.csv", "student;year;semester;parcours;course;grade;nom, prénom\n"
                          "1;2024-2025;S1;;R1.01;12;x\n", NULL), 0);
  assert_int_equal(t.d.nerr, 0);
  t_free(&t);

  /* '|' is not a separator: said */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "p.csv", "student|year|semester|parcours|course|grade\n1|2024-2025|S1||R1.01|12\n", NULL), 0);
  e = expect_diag(&t.d, DIAG_ERROR, 1, 1, "en-tête non reconnu");
  expect_note(e, "l’en-tête semble séparé par « | » : les séparateurs reconnus sont la virgule, le point-virgule et la "
                 "tabulation");
  t_free(&t);

  /* nor are spaces */
  t_init(&t, mini(state));
  assert_int_equal(t_read(&t, "p.csv", "student year semester parcours course grade\n", NULL), 0);
  expect_note(expect_diag(&t.d, DIAG_ERROR, 1, 1, "en-tête non reconnu"), "l’en-tête semble séparé par des espaces");
  t_free(&t);
}

/* A file read as Windows-1252: excerpts quote the converted text, messages
** speak of characters, not of bytes of the conversion. */
static void test_windows_1252_messages(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student;year;semester;parcours;course;grade\r\n"
    "Zo\xE9;2024-2025;S1;;R1.01;1\xE9\r\n";
  assert_int_equal(t_read(&t, "cp.csv", text, NULL), 0);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 2, 25, "note « 1é » invalide : caractère inattendu « é »");
  for (size_t i = 0; i < t.d.n; i++)
    if (strstr(t.d.v[i].msg, "octet")) fail_msg("bytes in « %s »", t.d.v[i].msg);
  size_t len;
  const char *l = source_line(e->src, 2, &len);
  assert_int_equal(len, strlen("Zoé;2024-2025;S1;;R1.01;1é"));
  assert_memory_equal(l, "Zoé;2024-2025;S1;;R1.01;1é", len);
  assert_memory_equal(l + e->loc.first_column - 1, "1é", strlen("1é"));
  assert_true(cohort_find(t.c, "Zoé")->error);
  t_free(&t);
}

/* ---- cohort_finish -------------------------------------------------------- */

static bool history_for_b(const char *id, void *ctx) {
  (*(int *)ctx)++;
  return strcmp(id, "B") == 0;
}

static void test_finish_checks(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "A,2024-2025,S1,,R1.01,12\n"            /* 2: S1 and S3 in one year */
    "A,2024-2025,S3,A,R3.01,12\n"
    "B,2025-2026,S3,A,R3.01,12\n"           /* 4: starts in BUT 2, history given */
    "C,2025-2026,S3,A,R3.01,12\n"           /* 5: starts in BUT 2, no history */
    "D,2023-2024,S1,,R1.01,12\n"
    "D,2024-2025,S3,,R3.01,12\n"            /* 7: no parcours in S3 */
    "E,2024-2025,S1,,R1.01,12\n"
    "E,2025-2026,S3,A,R3.01,12\n"
    "E,2025-2026,S4,D,R4.01,12\n"           /* 10: two parcours */
    "F,2024-2025,S1,,R1.01,12\n"
    "F,2025-2026,S3,,SAE3.D.1,12\n"         /* 12: parcours given later: not D */
    "F,2025-2026,S4,A,R4.01,12\n"
    "G,2025-2026,S2,,R2.01,12\n"            /* fine, years out of order */
    "G,2024-2025,S1,,R1.01,12\n";
  assert_int_equal(t_read(&t, "fin.csv", text, NULL), 0);
  int calls = 0;
  cohort_finish(t.c, t.m, history_for_b, &calls, &t.d);
  const Diag *e = expect_diag(&t.d, DIAG_ERROR, 2, 1, "l’étudiant A a en 2024-2025 des semestres de deux années de BUT : S1 (BUT 1), S3 (BUT 2)");
  (void)e;
  expect_diag(&t.d, DIAG_ERROR, 5, 1, "l’historique de l’étudiant C commence en BUT 2 (2025-2026) sans décisions antérieures");
  expect_diag(&t.d, DIAG_ERROR, 7, 1, "parcours manquant pour l’étudiant D en 2024-2025 : les règles de S3 dépendent du parcours");
  e = expect_diag(&t.d, DIAG_ERROR, 10, 16, "deux parcours pour l’étudiant E en 2025-2026 : D ici, A plus haut");
  expect_note(e, "parcours A donné ligne 9");
  expect_diag(&t.d, DIAG_ERROR, 12, 1, "« SAE3.D.1 » n’est pas un enseignement du parcours A de l’étudiant F en 2025-2026");
  assert_int_equal(t.d.nerr, 5);
  assert_true(calls >= 2); /* asked for B and C */
  const char *bad[] = {"A", "C", "D", "E", "F"};
  for (int i = 0; i < 5; i++)
    if (!cohort_find(t.c, bad[i])->error) fail_msg("student %s is not marked", bad[i]);
  assert_false(cohort_find(t.c, "B")->error);
  Student *g = cohort_find(t.c, "G");
  assert_false(g->error);
  assert_int_equal(g->nyears, 2);
  assert_string_equal(g->years[0].year, "2024-2025");
  assert_string_equal(g->years[1].year, "2025-2026");
  assert_int_equal(g->years[0].cap, g->years[0].ngrades); /* trimmed */
  /* only the concerned years are in error */
  assert_true(year_of(t.c, "D", "2024-2025")->error);
  assert_false(year_of(t.c, "D", "2023-2024")->error);
  /* byte order of ids */
  for (size_t i = 0; i < cohort_count(t.c); i++)
    assert_int_equal(cohort_student(t.c, i)->id[0], "ABCDEFG"[i]);
  t_free(&t);
}

static void test_sort_byte_order(void **state) {
  T t;
  t_init(&t, mini(state));
  const char *text =
    "student,year,semester,parcours,course,grade\n"
    "é1,2024-2025,S1,,R1.01,12\n"
    "b2,2024-2025,S1,,R1.01,12\n"
    "B3,2024-2025,S1,,R1.01,12\n"
    "10,2024-2025,S1,,R1.01,12\n"
    "9,2024-2025,S1,,R1.01,12\n";
  assert_int_equal(t_read(&t, "s.csv", text, NULL), 0);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_clean(&t);
  const char *want[] = {"10", "9", "B3", "b2", "é1"};
  for (int i = 0; i < 5; i++) assert_string_equal(cohort_student(t.c, (size_t)i)->id, want[i]);
  for (int i = 0; i < 5; i++) assert_ptr_equal(cohort_find(t.c, want[i]), cohort_student(t.c, (size_t)i));
  t_free(&t);
}

/* Many students: the hash table grows; every one is found again. */
static void test_many_students(void **state) {
  T t;
  t_init(&t, mini(state));
  size_t cap = 64 + 5000 * 70, n = 0;
  char *text = malloc(cap);
  n += (size_t)snprintf(text + n, cap - n, "student,year,semester,parcours,course,grade\n");
  for (int i = 0; i < 5000; i++) {
    n += (size_t)snprintf(text + n, cap - n, "S%05d,2024-2025,S1,,R1.01,%d\n", 4999 - i, i % 21);
    n += (size_t)snprintf(text + n, cap - n, "S%05d,2024-2025,S1,,R1.09,%d.5\n", 4999 - i, i % 20);
  }
  assert_int_equal(grades_read_memory(t.c, t.m, "many.csv", text, n, NULL, &t.d), 0);
  free(text);
  cohort_finish(t.c, t.m, NULL, NULL, &t.d);
  expect_clean(&t);
  assert_int_equal(cohort_count(t.c), 5000);
  for (int i = 0; i < 5000; i++) {
    char id[16];
    snprintf(id, sizeof id, "S%05d", i);
    Student *s = cohort_student(t.c, (size_t)i);
    assert_string_equal(s->id, id);
    assert_ptr_equal(cohort_find(t.c, id), s);
    assert_int_equal(s->years[0].ngrades, 2);
  }
  t_free(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_long_comma),
    cmocka_unit_test(test_long_semicolon_bom_crlf),
    cmocka_unit_test(test_long_tab_quotes),
    cmocka_unit_test(test_comma_decimal_needs_quotes),
    cmocka_unit_test(test_fewer_fields),
    cmocka_unit_test(test_examples_same_cohort),
    cmocka_unit_test(test_examples_match_decisions),
    cmocka_unit_test(test_wide_ids_options),
    cmocka_unit_test(test_wide_labels),
    cmocka_unit_test(test_wide_header_errors),
    cmocka_unit_test(test_wide_missing_options),
    cmocka_unit_test(test_wide_cell_errors),
    cmocka_unit_test(test_windows_1252),
    cmocka_unit_test(test_utf8_columns),
    cmocka_unit_test(test_lone_cr),
    cmocka_unit_test(test_csv_errors),
    cmocka_unit_test(test_value_errors),
    cmocka_unit_test(test_case_insensitive),
    cmocka_unit_test(test_resolve_errors),
    cmocka_unit_test(test_duplicate_across_files),
    cmocka_unit_test(test_empty_grade_other_parcours),
    cmocka_unit_test(test_student_years_interleaved),
    cmocka_unit_test(test_files_bom_and_line_ends),
    cmocka_unit_test(test_source_index_on_first_use),
    cmocka_unit_test(test_header_errors),
    cmocka_unit_test(test_files),
    cmocka_unit_test(test_source_load_messages),
    cmocka_unit_test(test_source_quote),
    cmocka_unit_test(test_wrong_separator_line),
    cmocka_unit_test(test_comma_hint),
    cmocka_unit_test(test_bad_student_ids),
    cmocka_unit_test(test_long_values),
    cmocka_unit_test(test_many_unknown_columns),
    cmocka_unit_test(test_header_separators),
    cmocka_unit_test(test_windows_1252_messages),
    cmocka_unit_test(test_finish_checks),
    cmocka_unit_test(test_sort_byte_order),
    cmocka_unit_test(test_many_students),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
