/* Unit tests for the resolver (src/sema.c: model_build) and the checker
** (src/check.c: model_check).
**
** Run from tests/: the real regulation is ../rules/…, the course list
** data/courses-2025-2026.csv. Small regulations are written inline; MINI is
** a complete, consistent one (no error, no warning) that each test edits in
** memory to provoke one finding. Expected positions are those of the
** offending word in the edited text, found with pos_of(). Tests marked BUG
** document a defect: they assert the correct behaviour and are skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "diag.h"
#include "model.h"
#include "parse.h"
#include "source.h"

#define REAL_RULES "../rules/but-info-rodez-2025-2026.mccc"
#define COURSES_CSV "data/courses-2025-2026.csv"

/* ---- helpers ---- */

typedef struct Checked {
  Source *src;   /* the rules text */
  Diags d;       /* sema (and checker) findings */
  Ast *ast;      /* its tree */
  Model *m;      /* the resolved model */
} Checked;

static const char *diags_text(const Checked *c) {
  static char buf[16384];
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < c->d.n && o < sizeof buf; i++) {
    const Diag *g = &c->d.v[i];
    int w = snprintf(buf + o, sizeof buf - o, "\n  [%zu] %s %d:%d %s%s%s", i,
                     g->level == DIAG_ERROR ? "error" : g->level == DIAG_WARNING ? "warning" : "note",
                     g->loc.first_line,
                     g->src && g->loc.first_line > 0
                         ? source_char_col(g->src, g->loc.first_line, g->loc.first_column) : 0,
                     g->msg, g->note ? " / note: " : "", g->note ? g->note : "");
    if (w < 0) break;
    o += (size_t)w;
  }
  return buf;
}

/* Parse (which must succeed), resolve, and check when `check` is set. */
static Checked *build_src(Source *src, bool check) {
  Checked *c = calloc(1, sizeof *c);
  assert_non_null(c);
  c->src = src;
  diags_init(&c->d);
  c->ast = parse_rules(c->src, &c->d);
  if (c->d.nerr) fail_msg("syntax errors:%s", diags_text(c));
  c->m = model_build(c->ast, c->src, &c->d);
  assert_non_null(c->m);
  if (check) model_check(c->m, &c->d);
  return c;
}

static Checked *build(const char *text, bool check) {
  return build_src(source_from_memory("t.mccc", text, strlen(text)), check);
}

static char *read_real(void) {
  char err[256];
  Source *s = source_load(REAL_RULES, err, sizeof err);
  if (!s) fail_msg("%s", err);
  char *t = malloc(s->len + 1);
  assert_non_null(t);
  memcpy(t, s->text, s->len + 1);
  source_free(s);
  return t;
}

static void checked_free(Checked *c) {
  model_free(c->m);
  ast_free(c->ast);
  diags_free(&c->d);
  source_free(c->src);
  free(c);
}

/* A copy of s with its only occurrence of old replaced (it must occur once). */
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

/* Like edit(), on the first occurrence only (for texts repeated on purpose). */
static char *edit_first(const char *s, const char *old, const char *new_) {
  const char *at = strstr(s, old);
  if (!at) fail_msg("edit: « %s » not found", old);
  size_t ls = strlen(s), lo = strlen(old), ln = strlen(new_);
  char *r = malloc(ls - lo + ln + 1);
  assert_non_null(r);
  memcpy(r, s, (size_t)(at - s));
  memcpy(r + (at - s), new_, ln);
  memcpy(r + (at - s) + ln, at + lo, ls - (size_t)(at - s) - lo + 1);
  return r;
}

typedef struct Pos {
  int line, col;  /* 1-based; col in characters */
} Pos;

/* Where `needle` starts in text, searching from the first occurrence of
** `after` (NULL: from the start). */
static Pos pos_of(const char *text, const char *after, const char *needle) {
  const char *from = text;
  if (after) {
    from = strstr(text, after);
    if (!from) fail_msg("pos_of: « %s » not found", after);
  }
  const char *at = strstr(from, needle);
  if (!at) fail_msg("pos_of: « %s » not found", needle);
  Pos p = {1, 1};
  for (const char *q = text; q < at; q++) {
    if (*q == '\n') {
      p.line++;
      p.col = 1;
    } else if (((unsigned char)*q & 0xC0) != 0x80) {
      p.col++;
    }
  }
  return p;
}

static int char_col(const Diag *g) {
  return g->src && g->loc.first_line > 0 ? source_char_col(g->src, g->loc.first_line, g->loc.first_column) : 0;
}

/* A diagnostic of this level at this position whose message contains every
** one of the NULL-terminated substrings; fails if there is none. */
static const Diag *expect_at(const Checked *c, DiagLevel lvl, Pos at, ...) {
  for (size_t i = 0; i < c->d.n; i++) {
    const Diag *g = &c->d.v[i];
    if (g->level != lvl || g->loc.first_line != at.line || char_col(g) != at.col) continue;
    va_list ap;
    va_start(ap, at);
    bool all = true;
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
      if (!strstr(g->msg, s)) all = false;
    va_end(ap);
    if (all) return g;
  }
  va_list ap;
  va_start(ap, at);
  const char *first = va_arg(ap, const char *);
  va_end(ap);
  fail_msg("no %s at %d:%d « %s… »; got:%s", lvl == DIAG_ERROR ? "error" : "warning", at.line,
           at.col, first, diags_text(c));
  return NULL;
}

#define expect_error(c, at, ...) expect_at((c), DIAG_ERROR, (at), __VA_ARGS__, (const char *)NULL)
#define expect_warning(c, at, ...) expect_at((c), DIAG_WARNING, (at), __VA_ARGS__, (const char *)NULL)

static void expect_counts(const Checked *c, int nerr, int nwarn) {
  if (c->d.nerr != nerr || c->d.nwarn != nwarn)
    fail_msg("want %d error(s), %d warning(s); got %d, %d:%s", nerr, nwarn, c->d.nerr, c->d.nwarn,
             diags_text(c));
}

static void expect_note(const Diag *g, const char *sub) {
  if (!g->note || !strstr(g->note, sub))
    fail_msg("note of « %s »: want « %s », got « %s »", g->msg, sub, g->note ? g->note : "(none)");
}

/* The note names the line of the first declaration: the line of `first` in text. */
static void expect_first_line(const Diag *g, const char *what, const char *text, const char *first) {
  char want[128];
  snprintf(want, sizeof want, "%s ligne %d", what, pos_of(text, NULL, first).line);
  expect_note(g, want);
}

static int count_msgs(const Checked *c, const char *sub) {
  int n = 0;
  for (size_t i = 0; i < c->d.n; i++)
    if (strstr(c->d.v[i].msg, sub)) n++;
  return n;
}

/* ---- MINI: a small consistent regulation ---- */

static const char *const MINI =
  "règlement {\n"
  "  spécialité \"BUT Test\"\n"
  "  vote votants 25 pour 24 contre 1 abstentions 0\n"
  "}\n"
  "ECTS par semestre 30\n"
  "compétence 1 \"Réaliser\" {\n"
  "  niveau 1 \"N1\"\n"
  "  niveau 2 \"N2\"\n"
  "}\n"
  "compétence 2 \"Optimiser\" {\n"
  "  niveau 1 \"O1\"\n"
  "  niveau 2 \"O2\"\n"
  "}\n"
  "parcours A \"Parcours A\" {\n"
  "  compétence 1 niveau 2\n"
  "  compétence 2 niveau 2\n"
  "}\n"
  "parcours B \"Parcours B\" {\n"
  "  compétence 1 niveau 2\n"
  "  compétence 2 niveau 1\n"
  "}\n"
  "année 1 semestres S1 S2 {\n"
  "  RCUE compétence 1 : UE1.1 + UE2.1\n"
  "  RCUE compétence 2 : UE1.2 + UE2.2\n"
  "}\n"
  "enseignements S1 {\n"
  "  ressource R1.01 \"Développement\" CM 10 TD 10 total 20 compétences 1 2\n"
  "  SAÉ SAE1.01 \"L’implémentation\" projet 10 total 10 compétences 1\n"
  "  SAÉ SAE1.02 \"Algorithmes\" projet 10 total 10 compétences 2\n"
  "  totaux CM 10 TD 10 projet 20 total 40\n"
  "}\n"
  "enseignements S2 {\n"
  "  ressource R2.01 \"Objets\" CM 5 total 5 compétences 1 2\n"
  "  SAÉ SAE2.01 \"Application\" TD 4 total 4 compétences 1 2\n"
  "}\n"
  "semestre S1 {\n"
  "  UE1.1 \"UE1\" compétence 1 niveau 1, 15 ECTS {\n"
  "    ressources 60 { R1.01 60 }\n"
  "    SAÉ 40 { SAE1.01 40 }\n"
  "  }\n"
  "  UE1.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {\n"
  "    ressources 50 { R1.01 50 }\n"
  "    SAÉ 50 { SAE1.02 50 }\n"
  "  }\n"
  "}\n"
  "semestre S2 {\n"
  "  UE2.1 \"UE1\" compétence 1 niveau 1, 15 ECTS {\n"
  "    ressources 50 { R2.01 50 }\n"
  "    SAÉ 50 { SAE2.01 50 }\n"
  "  }\n"
  "  UE2.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {\n"
  "    ressources 50 { R2.01 50 }\n"
  "    SAÉ 50 { SAE2.01 50 }\n"
  "  }\n"
  "}\n"
  "marque ABI \"absence\" vaut 0\n"
  "validation {\n"
  "  UE acquise si moyenne >= 10\n"
  "  RCUE validé si moyenne >= 10\n"
  "  compensation\n"
  "}\n"
  "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2\n"
  "décision {\n"
  "  ADM  si toutes(RCUE validés)\n"
  "  PASD si passage\n"
  "  NAR  sinon\n"
  "}\n"
  "redoublement {\n"
  "  par semestre 1\n"
  "}\n"
  "diplôme DUT 60 ECTS si toutes(UE de S1 à S2 acquises)\n"
  "code jury ADJ \"admis par le jury\" acquis\n";

static void test_mini_is_clean(void **state) {
  (void)state;
  Checked *c = build(MINI, true);
  expect_counts(c, 0, 0);
  const Model *m = c->m;
  assert_int_equal(m->ects_per_semester, 30);
  assert_int_equal(m->nparcours, 2);
  assert_int_equal(m->nsems, 2);
  assert_int_equal(m->ncourses, 5);
  assert_int_equal(m->nues, 4);
  assert_int_equal(m->years[1]->nrcues, 2);
  assert_int_equal(m->nclauses, 3);
  assert_null(m->clauses[2].expr);
  assert_int_equal(m->repeat_per_semester, 1);
  assert_int_equal(m->repeat_total, -1);
  assert_int_equal(m->ndiplomas, 1);
  assert_int_equal(m->diplomas[0].ects, 60);
  MCourse *r = model_course(m, "R1.01");
  assert_non_null(r);
  assert_string_equal(r->label, "Développement");
  assert_int_equal(r->kind, CK_RESOURCE);
  assert_string_equal(r->sem->id, "S1");
  assert_true(r->parcours == PMASK_ALL);
  assert_true(r->rows->marks == ((1u << 1) | (1u << 2)));
  MUe *u = model_ue(m, "UE1.2", -1);
  assert_non_null(u);
  assert_int_equal(u->ects_int, 15);
  assert_int_equal(u->npoles, 2);
  assert_int_equal(u->nentries, 2);
  assert_int_equal(mpq_cmp_ui(u->entries[0].coef, 50, 1), 0);
  checked_free(c);
}

/* ---- the real regulation ---- */

typedef struct Expected {
  int line, col;        /* position of the warning */
  const char *msg;      /* message substring */
} Expected;

static const Expected REAL_WARNINGS[10] = {
  {425, 18, "S1, UE1.1 : l’Annexe 3 nomme SAE1.01 « Implémentation d'un besoin client », "
            "l’Annexe 2 « Implémentation d’un besoin client » (seule l’apostrophe diffère)"},
  {620, 16, "S3, UE3.3, UE3.4 : l’Annexe 3 nomme R3.09 « Cryptographie », "
            "l’Annexe 2 « Cryptographie et sécurité »"},
  {699, 17, "S4, UE4.1, UE4.2, UE4.3, UE4.4, UE4.5, UE4.6 : l’Annexe 3 nomme STAGE4 « Stage "
            "obligatoire (10 semaines minimum) », l’Annexe 2 « Stage obligatoire (entre 8 et 10 semaines) »"},
  {757, 20, "S4, UE4.4 : l’Annexe 3 nomme R4.03 « Qualité de développement au-delà du relationnel », "
            "l’Annexe 2 « Qualité et au-delà du relationnel »"},
  {276, 102, "heures de R4.A.11 : CM 6 + TP 17 = 23, mais le total imprimé est 13"},
  {358, 121, "heures de R5.D.12 : TD 15 + TP 12 = 27, mais le total imprimé est 37"},
  {257, 91, "totaux de S4, colonne total : les lignes font 315, le total imprimé est 325 (parcours A)"},
  {359, 121, "totaux de S5, colonne total : les lignes font 446, le total imprimé est 436 (parcours D)"},
  {293, 15, "R4.02 est marqué pour la compétence 4 en Annexe 2, mais ne figure pas dans UE4.4 en "
            "Annexe 3 (parcours D)"},
  {757, 9, "R4.03 figure dans UE4.4 en Annexe 3, mais n’est pas marqué pour la compétence 4 en "
           "Annexe 2 (parcours D)"},
};

static void expect_real_warnings(const Checked *c, int offset) {
  for (int i = 0; i < 10; i++) {
    const Diag *g = &c->d.v[offset + i];
    const Expected *e = &REAL_WARNINGS[i];
    if (g->level != DIAG_WARNING || g->loc.first_line != e->line || char_col(g) != e->col ||
        strcmp(g->msg, e->msg) != 0)
      fail_msg("warning %d: want %d:%d « %s »; got:%s", i, e->line, e->col, e->msg, diags_text(c));
  }
}

static void test_real_regulation_warnings(void **state) {
  (void)state;
  char err[256];
  Source *s = source_load(REAL_RULES, err, sizeof err);
  if (!s) fail_msg("%s", err);
  Checked *c = build_src(s, false);
  expect_counts(c, 0, 0); /* the resolver finds nothing */
  model_check(c->m, &c->d);
  expect_counts(c, 0, 10);
  assert_int_equal(c->d.n, 10);
  expect_real_warnings(c, 0);
  checked_free(c);
}

static void test_real_regulation_model(void **state) {
  (void)state;
  char *t = read_real();
  Checked *c = build(t, false);
  expect_counts(c, 0, 0);
  const Model *m = c->m;
  assert_string_equal(m->meta[MK_SPECIALITE], "BUT Informatique");
  assert_string_equal(m->meta[MK_ANNEE], "2025-2026");
  assert_string_equal(m->meta[MK_SEANCE], "2025-03-25");
  assert_int_equal(m->ects_per_semester, 30);
  for (int k = 1; k <= 6; k++) assert_non_null(m->comps[k]);
  assert_null(m->comps[7]);
  assert_int_equal(m->comps[1]->nlevels, 3);
  assert_int_equal(m->comps[3]->nlevels, 2);
  assert_int_equal(m->nparcours, 2);
  assert_string_equal(m->parcours[0]->id, "A");
  assert_string_equal(m->parcours[1]->id, "D");
  assert_int_equal(m->parcours[0]->maxlevel[2], 3);
  assert_int_equal(m->parcours[1]->maxlevel[2], 2);
  assert_int_equal(m->parcours[1]->maxlevel[5], 3);
  assert_int_equal(m->nyears, 3);
  assert_int_equal(m->nsems, 6);
  for (int i = 0; i < 6; i++) assert_int_equal(m->sems[i]->num, i + 1);
  assert_int_equal(m->years[1]->nrcues, 6);
  assert_int_equal(m->years[2]->nrcues, 6);
  assert_int_equal(m->years[3]->nrcues, 6); /* 3 for A, 3 for D */
  assert_int_equal(m->nmarks, 3);
  assert_int_equal(model_mark(m, "ABI")->effect, ME_VALUE);
  assert_int_equal(model_mark(m, "EXC")->effect, ME_NEUTRAL);
  assert_int_equal(model_mark(m, "ATT")->effect, ME_PENDING);
  assert_int_equal(m->round_decimals, -1);
  assert_int_equal(m->display_decimals, 2);
  assert_int_equal(m->display_mode, RM_TRUNC);
  for (int v = VI_UE; v <= VI_BEST; v++) assert_non_null(m->valid[v]);
  assert_int_equal(m->nconds, 2);
  assert_int_equal(m->nclauses, 5);
  const char *codes[] = {"ATT", "ADM", "PASD", "RED", "NAR"};
  for (int i = 0; i < 5; i++) assert_string_equal(m->clauses[i].code, codes[i]);
  assert_null(m->clauses[4].expr);
  assert_int_equal(m->repeat_per_semester, 1);
  assert_int_equal(m->repeat_total, 4);
  assert_int_equal(m->ndiplomas, 2);
  assert_string_equal(m->diplomas[0].name, "DUT");
  assert_int_equal(m->diplomas[0].ects, 120);
  assert_string_equal(m->diplomas[1].name, "BUT");
  assert_int_equal(m->diplomas[1].ects, 180);
  assert_int_equal(m->njury, 1);
  assert_true(model_jury_code(m, "ADJ")->acquired);
  checked_free(c);
  free(t);
}

/* The course list: semester,parcours,code,label,kind (no quoted fields). */
typedef struct CsvCourse {
  int sem;
  char parcours[8];
  char code[32];
  char label[256];
  char kind[16];
} CsvCourse;

static int read_courses_csv(CsvCourse *out, int max) {
  FILE *f = fopen(COURSES_CSV, "r");
  if (!f) fail_msg("cannot open %s", COURSES_CSV);
  char line[1024];
  int n = 0;
  assert_non_null(fgets(line, sizeof line, f));
  assert_string_equal(line, "semester,parcours,code,label,kind\n");
  while (fgets(line, sizeof line, f)) {
    size_t l = strlen(line);
    while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = '\0';
    if (!l) continue;
    assert_true(n < max);
    assert_null(strchr(line, '"'));
    char *f1 = line, *f2 = strchr(f1, ',');
    assert_non_null(f2);
    *f2++ = '\0';
    char *f3 = strchr(f2, ',');
    assert_non_null(f3);
    *f3++ = '\0';
    char *f4 = strchr(f3, ',');
    assert_non_null(f4);
    *f4++ = '\0';
    char *f5 = strrchr(f4, ','); /* labels may hold commas: the kind is last */
    assert_non_null(f5);
    *f5++ = '\0';
    CsvCourse *c = &out[n++];
    c->sem = atoi(f1);
    snprintf(c->parcours, sizeof c->parcours, "%s", f2);
    snprintf(c->code, sizeof c->code, "%s", f3);
    snprintf(c->label, sizeof c->label, "%s", f4);
    snprintf(c->kind, sizeof c->kind, "%s", f5);
  }
  fclose(f);
  return n;
}

static int kind_of(const char *k) {
  if (strcmp(k, "resource") == 0) return CK_RESOURCE;
  if (strcmp(k, "sae") == 0) return CK_SAE;
  if (strcmp(k, "portfolio") == 0) return CK_PORTFOLIO;
  if (strcmp(k, "stage") == 0) return CK_STAGE;
  fail_msg("unknown kind %s", k);
  return 0;
}

static void test_real_courses_match_csv(void **state) {
  (void)state;
  static CsvCourse rows[400];
  int n = read_courses_csv(rows, 400);
  assert_int_equal(n, 153);
  char *t = read_real();
  Checked *c = build(t, false);
  expect_counts(c, 0, 0);
  const Model *m = c->m;
  /* every CSV row is a course of the file, identical */
  for (int i = 0; i < n; i++) {
    const CsvCourse *r = &rows[i];
    MCourse *k = model_course(m, r->code);
    if (!k) fail_msg("%s is not declared", r->code);
    if (strcmp(k->label, r->label) != 0)
      fail_msg("%s: label « %s », CSV « %s »", r->code, k->label, r->label);
    assert_int_equal(k->kind, kind_of(r->kind));
    assert_int_equal(k->sem->num, r->sem);
    if (r->parcours[0] == '\0') {
      if (k->parcours != PMASK_ALL) fail_msg("%s should be common to every parcours", r->code);
    } else {
      MParcours *p = model_parcours(m, r->parcours);
      assert_non_null(p);
      if (!pmask_has(k->parcours, p->bit)) fail_msg("%s should exist in parcours %s", r->code, r->parcours);
    }
  }
  /* every course of the file is in the CSV: a course of every parcours once
  ** without parcours or once per parcours (STAGE4 is printed in both tables) */
  for (int j = 0; j < m->ncourses; j++) {
    const MCourse *k = m->courses[j];
    int common = 0, per[MODEL_MAX_PARCOURS] = {0};
    for (int i = 0; i < n; i++) {
      if (strcmp(rows[i].code, k->id) != 0) continue;
      if (rows[i].parcours[0] == '\0') common++;
      else per[model_parcours(m, rows[i].parcours)->bit]++;
    }
    for (int p = 0; p < m->nparcours; p++) {
      if (!pmask_has(k->parcours, p)) continue;
      if (per[p] + common != 1)
        fail_msg("%s (parcours %s): %d row(s) in the CSV", k->id, m->parcours[p]->id, per[p] + common);
    }
    if (common) assert_true(k->parcours == PMASK_ALL);
  }
  /* distinct ids: the CSV lists a parcours-specific course once per parcours */
  int distinct = 0;
  for (int i = 0; i < n; i++) {
    bool seen = false;
    for (int j = 0; j < i && !seen; j++) seen = strcmp(rows[i].code, rows[j].code) == 0;
    if (!seen) distinct++;
  }
  assert_int_equal(m->ncourses, distinct);
  checked_free(c);
  free(t);
}

static void test_real_ues(void **state) {
  (void)state;
  char *t = read_real();
  Checked *c = build(t, false);
  expect_counts(c, 0, 0);
  const Model *m = c->m;
  /* 24 common UEs (S1–S4) + 3 per parcours in S5 and S6: 36 declarations,
  ** 30 UEs for each of the 2 parcours */
  assert_int_equal(m->nues, 36);
  char id[48];
  for (int s = 1; s <= 4; s++)
    for (int k = 1; k <= 6; k++) {
      snprintf(id, sizeof id, "UE%d.%d", s, k);
      MUe *u = model_ue(m, id, -1);
      if (!u) fail_msg("%s missing", id);
      assert_true(u->parcours == PMASK_ALL);
      assert_int_equal(u->sem->num, s);
      assert_int_equal(u->competence, k);
      assert_int_equal(u->level, (s + 1) / 2);
      assert_int_equal(u->ects_int, 5);
      assert_int_equal(u->npoles, 2);
      assert_ptr_equal(model_ue(m, id, 0), u);
      assert_ptr_equal(model_ue(m, id, 1), u);
    }
  const int comps[2][3] = {{1, 2, 6}, {1, 5, 6}};
  for (int p = 0; p < 2; p++)
    for (int s = 5; s <= 6; s++) {
      for (int k = 0; k < 3; k++) {
        snprintf(id, sizeof id, "UE%d.%d", s, comps[p][k]);
        MUe *u = model_ue(m, id, p);
        if (!u) fail_msg("%s missing for parcours %s", id, m->parcours[p]->id);
        assert_false(u->parcours == PMASK_ALL);
        assert_true(pmask_has(u->parcours, p));
        assert_false(pmask_has(u->parcours, 1 - p));
        assert_int_equal(u->sem->num, s);
        assert_int_equal(u->level, 3);
        assert_int_equal(u->ects_int, 10);
        assert_null(model_ue(m, id, -1));
      }
      /* the competences of the other parcours only */
      snprintf(id, sizeof id, "UE%d.%d", s, p == 0 ? 5 : 2);
      assert_null(model_ue(m, id, p));
    }
  int per_parcours[2] = {0, 0};
  for (int i = 0; i < m->nues; i++)
    for (int p = 0; p < 2; p++)
      if (pmask_has(m->ues[i]->parcours, p)) per_parcours[p]++;
  assert_int_equal(per_parcours[0], 30);
  assert_int_equal(per_parcours[1], 30);
  /* UEs are in semester order */
  for (int i = 1; i < m->nues; i++) assert_true(m->ues[i - 1]->sem->num <= m->ues[i]->sem->num);
  /* the printed name of R3.09 in UE3.3 is kept, the entry counts for R3.09 */
  MUe *u33 = model_ue(m, "UE3.3", 0);
  bool found = false;
  for (int i = 0; i < u33->nentries; i++)
    if (strcmp(u33->entries[i].course->id, "R3.09") == 0) {
      found = true;
      assert_string_equal(u33->entries[i].printed, "Cryptographie");
      assert_true(u33->entries[i].counts);
      assert_int_equal(mpq_cmp_ui(u33->entries[i].coef, 10, 1), 0);
    }
  assert_true(found);
  checked_free(c);
  free(t);
}

static void test_real_edit_coefficient(void **state) {
  (void)state;
  char *t = read_real();
  char *e = edit(t, "      R1.01 42  # Initiation au développement\n",
                 "      R1.01 40  # Initiation au développement\n");
  Checked *c = build(e, true);
  expect_counts(c, 0, 11);
  /* the new finding comes first (poles are checked before hours and marks) */
  const Diag *g = expect_warning(c, pos_of(e, "UE1.1 \"UE1 Réaliser\"", "60 {"), "UE1.1", "58", "60");
  assert_string_equal(g->msg, "UE1.1, pôle ressources : les coefficients font 58, le poids déclaré est 60");
  assert_ptr_equal(g, &c->d.v[4]);
  for (int i = 0; i < 10; i++) /* the others are unchanged */
    expect_warning(c, ((Pos){REAL_WARNINGS[i].line, REAL_WARNINGS[i].col}), REAL_WARNINGS[i].msg);
  checked_free(c);
  free(e);
  free(t);
}

static void test_real_edit_ects(void **state) {
  (void)state;
  char *t = read_real();
  char *e = edit(t, "ECTS par semestre 30 ", "ECTS par semestre 25 ");
  Checked *c = build(e, true);
  expect_counts(c, 0, 16);
  for (int s = 1; s <= 6; s++) {
    char head[64], msg[128];
    snprintf(head, sizeof head, "\nsemestre S%d ", s);
    snprintf(msg, sizeof msg, "S%d : les UE font 30 ECTS, un semestre en vaut 25", s);
    const Diag *g = expect_warning(c, pos_of(e, head, "S"), msg);
    /* identical for A and D: reported once, without a parcours */
    assert_string_equal(g->msg, msg);
  }
  assert_int_equal(count_msgs(c, "ECTS, un semestre en vaut 25"), 6);
  checked_free(c);
  free(e);
  /* one parcours only: 9 ECTS for UE5.1 of parcours A */
  char *e2 = edit_first(t, "UE5.1 \"UE1 Réaliser\" compétence 1 niveau 3, 10 ECTS",
                        "UE5.1 \"UE1 Réaliser\" compétence 1 niveau 3, 9 ECTS");
  c = build(e2, true);
  expect_counts(c, 0, 12);
  expect_warning(c, pos_of(e2, "\nsemestre S5 ", "S5"),
                 "S5 : les UE font 29 ECTS, un semestre en vaut 30 (parcours A)");
  expect_warning(c, pos_of(e2, "diplôme BUT ", "180"),
                 "le BUT déclare 180 ECTS, mais les UE de sa condition en font 179 (parcours A)");
  assert_int_equal(count_msgs(c, "un semestre en vaut"), 1);
  checked_free(c);
  free(e2);
  free(t);
}

/* The number literals of an expression, in order, written into buf. */
static void numbers_of(const Node *e, char *buf, size_t n) {
  if (!e) return;
  if (e->kind == N_NUMBER) {
    size_t l = strlen(buf);
    snprintf(buf + l, n - l, "%s%s", l ? " " : "", e->n[0].text);
    return;
  }
  numbers_of(e->lhs, buf, n);
  numbers_of(e->rhs, buf, n);
}

static void test_real_edit_rcue_floor(void **state) {
  (void)state;
  char *t = read_real();
  Checked *c = build(t, false);
  MCondition *pass = NULL;
  for (int i = 0; i < c->m->nconds; i++)
    if (strcmp(c->m->conds[i]->name, "passage") == 0) pass = c->m->conds[i];
  assert_non_null(pass);
  char nums[128] = "";
  numbers_of(pass->expr, nums, sizeof nums);
  assert_string_equal(nums, "2 8");
  checked_free(c);

  char *e = edit(t, "min(RCUE) >= 8", "min(RCUE) >= 7");
  c = build(e, true);
  expect_counts(c, 0, 10);
  pass = NULL;
  for (int i = 0; i < c->m->nconds; i++)
    if (strcmp(c->m->conds[i]->name, "passage") == 0) pass = c->m->conds[i];
  assert_non_null(pass);
  /* … et min(RCUE) >= 7: the right operand of "et" compares min(RCUE) with 7 */
  const Node *x = pass->expr;
  assert_int_equal(x->kind, N_BINARY);
  assert_int_equal(x->op, OP_AND);
  assert_int_equal(x->rhs->kind, N_BINARY);
  assert_int_equal(x->rhs->op, OP_GE);
  assert_int_equal(x->rhs->lhs->kind, N_AGG);
  assert_int_equal(x->rhs->lhs->op, AG_MIN);
  assert_int_equal(x->rhs->rhs->kind, N_NUMBER);
  assert_string_equal(x->rhs->rhs->n[0].text, "7");
  nums[0] = '\0';
  numbers_of(pass->expr, nums, sizeof nums);
  assert_string_equal(nums, "2 7");
  checked_free(c);
  free(e);
  free(t);
}

/* ---- resolver errors ---- */

static void test_err_unknown_course(void **state) {
  (void)state;
  char *t = edit(MINI, "{ R1.01 60 }", "{ R1.011 60 }");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  const Diag *g = expect_error(c, pos_of(t, NULL, "R1.011"), "enseignement inconnu « R1.011 » dans UE1.1");
  expect_note(g, "vouliez-vous dire « R1.01 » ?");
  checked_free(c);
  free(t);
}

static void test_err_course_of_another_semester(void **state) {
  (void)state;
  char *t = edit(MINI, "{ R1.01 60 }", "{ R2.01 60 }");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "semestre S1 {", "R2.01"), "« R2.01 » est un enseignement de S2, pas de S1");
  checked_free(c);
  free(t);
}

static void test_err_course_not_in_parcours(void **state) {
  (void)state;
  char *t1 = edit(MINI, "  totaux CM 10",
                  "  parcours A { ressource R1.03 \"Spécifique\" TD 1 total 1 compétences 1 }\n"
                  "  totaux CM 10");
  char *t = edit(t1, "{ R1.01 60 }", "{ R1.01 59 R1.03 1 }");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  const Diag *g = expect_error(c, pos_of(t, "semestre S1 {", "R1.03"),
                               "« R1.03 » n’existe pas dans le parcours B (Annexe 2)");
  expect_note(g, "bloc « parcours … { } »");
  checked_free(c);
  free(t);
  /* inside the right parcours block it is fine */
  t = edit(t1, "{ R1.01 60 }", "{ parcours A { R1.01 59 R1.03 1 } parcours B { R1.01 60 } }");
  free(t1);
  c = build(t, false);
  expect_counts(c, 0, 0);
  checked_free(c);
  free(t);
}

static void test_err_duplicate_course(void **state) {
  (void)state;
  /* common twice */
  char *t = edit(MINI, "  totaux CM 10", "  ressource R1.01 \"Développement\" TD 1 total 1\n  totaux CM 10");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  Pos at = pos_of(t, "\"Algorithmes\"", "R1.01");
  const Diag *g = expect_error(c, at, "enseignement « R1.01 » déclaré deux fois");
  assert_null(strstr(g->msg, "parcours"));
  expect_first_line(g, "première déclaration", t, "ressource R1.01");
  checked_free(c);
  free(t);
  /* twice in the same parcours */
  t = edit(MINI, "  totaux CM 10",
           "  parcours A { ressource R1.03 \"X\" total 1 }\n"
           "  parcours A, B { ressource R1.03 \"X\" total 1 }\n"
           "  totaux CM 10");
  c = build(t, false);
  expect_counts(c, 1, 0);
  g = expect_error(c, pos_of(t, "parcours A, B", "R1.03"),
                   "enseignement « R1.03 » déclaré deux fois pour le parcours A");
  expect_first_line(g, "première déclaration", t, "parcours A { ressource R1.03");
  checked_free(c);
  free(t);
  /* once per parcours is allowed, but the label and the kind must agree */
  t = edit(MINI, "  totaux CM 10",
           "  parcours A { ressource R1.03 \"X\" total 1 }\n"
           "  parcours B { ressource R1.03 \"Y\" total 1 }\n"
           "  parcours B { SAÉ R1.04 \"Z\" total 1 }\n"
           "  parcours A { ressource R1.04 \"Z\" total 1 }\n"
           "  totaux CM 10");
  c = build(t, false);
  expect_counts(c, 2, 0);
  g = expect_error(c, pos_of(t, "parcours B {", "\"Y\""), "« R1.03 » a deux libellés : « X » et « Y »");
  expect_note(g, "le même libellé dans tous les parcours");
  expect_error(c, pos_of(t, "parcours A { ressource R1.04", "ressource"),
               "« R1.04 » est déclaré comme SAÉ et comme ressource");
  checked_free(c);
  free(t);
  /* the same id in two semesters */
  t = edit(MINI, "  SAÉ SAE2.01", "  ressource R1.01 \"Développement\" total 1\n  SAÉ SAE2.01");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "enseignements S2", "R1.01"), "« R1.01 » est déjà un enseignement de S1");
  checked_free(c);
  free(t);
}

static void test_err_duplicate_ue(void **state) {
  (void)state;
  char *t = edit(MINI, "  UE1.2 \"UE2\"", "  UE1.1 \"UE2\"");
  Checked *c = build(t, false);
  /* the RCUE that names UE1.2 then fails too */
  expect_counts(c, 2, 0);
  const Diag *g = expect_error(c, pos_of(t, "UE1.1 \"UE2\"", "UE1.1"),
                               "UE « UE1.1 » déclarée deux fois pour le même parcours");
  expect_first_line(g, "première déclaration", t, "UE1.1 \"UE1\"");
  expect_error(c, pos_of(t, "RCUE compétence 2", "UE1.2"), "UE « UE1.2 » inconnue");
  checked_free(c);
  free(t);
  /* a common UE and the same id in a parcours block clash too */
  t = edit(MINI, "  UE1.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {\n"
                 "    ressources 50 { R1.01 50 }\n"
                 "    SAÉ 50 { SAE1.02 50 }\n"
                 "  }\n",
           "  UE1.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {\n"
           "    ressources 50 { R1.01 50 }\n"
           "    SAÉ 50 { SAE1.02 50 }\n"
           "  }\n"
           "  parcours B { UE1.2 \"UE2\" compétence 2 niveau 1, 15 ECTS { } }\n");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "parcours B { UE1.2", "UE1.2"), "UE « UE1.2 » déclarée deux fois pour le même parcours");
  checked_free(c);
  free(t);
}

static void test_ue_in_disjoint_parcours_is_fine(void **state) {
  (void)state;
  char *t = edit(MINI, "  UE1.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {\n"
                       "    ressources 50 { R1.01 50 }\n"
                       "    SAÉ 50 { SAE1.02 50 }\n"
                       "  }\n",
                 "  parcours A {\n"
                 "    UE1.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {\n"
                 "      ressources 50 { R1.01 50 }\n"
                 "      SAÉ 50 { SAE1.02 50 }\n"
                 "    }\n"
                 "  }\n"
                 "  parcours B {\n"
                 "    UE1.2 \"UE2 B\" compétence 2 niveau 1, 15 ECTS {\n"
                 "      ressources 40 { R1.01 40 }\n"
                 "      SAÉ 60 { SAE1.02 60 }\n"
                 "    }\n"
                 "  }\n");
  Checked *c = build(t, true);
  expect_counts(c, 0, 0);
  MUe *a = model_ue(c->m, "UE1.2", 0), *b = model_ue(c->m, "UE1.2", 1);
  assert_non_null(a);
  assert_non_null(b);
  assert_ptr_not_equal(a, b);
  assert_string_equal(b->label, "UE2 B");
  assert_null(model_ue(c->m, "UE1.2", -1));
  assert_true(c->m->sems[0]->needs_parcours);
  checked_free(c);
  free(t);
}

static void test_err_unknown_parcours(void **state) {
  (void)state;
  char *t = edit(MINI, "{ R1.01 60 }", "{ R1.01 60 parcours Z { } }");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  const Diag *g = expect_error(c, pos_of(t, "parcours Z", "Z"), "parcours inconnu « Z »");
  expect_note(g, "vouliez-vous dire");
  checked_free(c);
  free(t);
  t = edit(MINI, "  RCUE compétence 2 : UE1.2 + UE2.2\n", "  parcours A, C { RCUE compétence 2 : UE1.2 + UE2.2 }\n");
  c = build(t, false);
  assert_true(c->d.nerr >= 1);
  expect_error(c, pos_of(t, "parcours A, C", "C {"), "parcours inconnu « C »");
  checked_free(c);
  free(t);
}

static void test_err_undeclared_competence_and_level(void **state) {
  (void)state;
  char *t = edit(MINI, "UE1.1 \"UE1\" compétence 1 niveau 1", "UE1.1 \"UE1\" compétence 1 niveau 3");
  Checked *c = build(t, false);
  expect_error(c, pos_of(t, "UE1.1 \"UE1\"", "3,"), "la compétence 1 (Réaliser) n’a pas de niveau 3");
  checked_free(c);
  free(t);
  t = edit(MINI, "  compétence 2 niveau 2\n}\nparcours B", "  compétence 2 niveau 3\n}\nparcours B");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "compétence 2 niveau 3", "3"),
               "la compétence 2 (Optimiser) n’a que 2 niveaux déclarés, pas 3");
  checked_free(c);
  free(t);
  t = edit(MINI, "  ressource R1.01 \"Développement\" CM 10 TD 10 total 20 compétences 1 2\n",
           "  ressource R1.01 \"Développement\" CM 10 TD 10 total 20 compétences 1 2 7\n");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "compétences 1 2 7", "7"), "compétence 7 non déclarée");
  checked_free(c);
  free(t);
}

static void test_err_undeclared_competence_of_ue(void **state) {
  (void)state;
  char *t = edit(MINI, "UE1.1 \"UE1\" compétence 1 niveau 1", "UE1.1 \"UE1\" compétence 3 niveau 1");
  Checked *c = build(t, false);
  expect_error(c, pos_of(t, "UE1.1 \"UE1\" compétence ", "3"), "compétence 3 non déclarée");
  /* Fixed (was BUG): the RCUE check then also reports "« UE1.1 » relève de la compétence
  ** 0, pas de la compétence 1 du RCUE": a cascade error naming a competence 0
  ** that does not exist (rcue_check_one does not skip a UE whose competence
  ** failed to resolve). Reproduction: in a valid file, change the UE1.1 line
  ** to "compétence 3" (undeclared): two errors, the second one spurious. */
  checked_free(c);
  free(t);
  
  t = edit(MINI, "UE1.1 \"UE1\" compétence 1 niveau 1", "UE1.1 \"UE1\" compétence 3 niveau 1");
  c = build(t, false);
  assert_int_equal(count_msgs(c, "compétence 0"), 0);
  expect_counts(c, 1, 0);
  checked_free(c);
  free(t);
}

static void test_err_rcue(void **state) {
  (void)state;
  /* UEs of another competence */
  char *t = edit(MINI, "UE1.1 + UE2.1", "UE1.1 + UE2.2");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "UE1.1 + ", "UE2.2"), "« UE2.2 » relève de la compétence 2, pas de la compétence 1 du RCUE");
  checked_free(c);
  free(t);
  /* wrong semesters (order: odd then even) */
  t = edit(MINI, "UE1.1 + UE2.1", "UE2.1 + UE1.1");
  c = build(t, false);
  expect_counts(c, 2, 0);
  expect_error(c, pos_of(t, "RCUE compétence 1 : ", "UE2.1"),
               "un RCUE de l’année 1 réunit une UE de S1 et une UE de S2 ; « UE2.1 » est en S2");
  expect_error(c, pos_of(t, "UE2.1 + ", "UE1.1"), "« UE1.1 » est en S1");
  checked_free(c);
  free(t);
  /* two levels */
  t = edit(MINI, "UE2.1 \"UE1\" compétence 1 niveau 1", "UE2.1 \"UE1\" compétence 1 niveau 2");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "UE1.1 + ", "UE2.1"),
               "les deux UE d’un RCUE sont du même niveau : « UE2.1 » est de niveau 2, l’autre de niveau 1");
  checked_free(c);
  free(t);
  /* an unknown UE, with a suggestion */
  t = edit(MINI, "UE1.1 + UE2.1", "UE1.1 + UE2.9");
  c = build(t, true);
  const Diag *g = expect_error(c, pos_of(t, "UE1.1 + ", "UE2.9"), "UE « UE2.9 » inconnue");
  expect_note(g, "vouliez-vous dire « UE2.1 » ?");
  checked_free(c);
  free(t);
  /* two RCUEs of one competence */
  t = edit(MINI, "  RCUE compétence 2 : UE1.2 + UE2.2\n",
           "  RCUE compétence 2 : UE1.2 + UE2.2\n  RCUE compétence 2 : UE1.2 + UE2.2\n");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "UE2.2\n  RCUE", "RCUE"), "deux RCUE de la compétence 2 dans l’année 1");
  checked_free(c);
  free(t);
}

static void test_err_unknown_condition(void **state) {
  (void)state;
  char *t = edit(MINI, "PASD si passage", "PASD si pasage");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  const Diag *g = expect_error(c, pos_of(t, "PASD si ", "pasage"), "condition inconnue « pasage »");
  expect_note(g, "vouliez-vous dire « passage » ?");
  checked_free(c);
  free(t);
}

static void test_err_condition_cycle(void **state) {
  (void)state;
  char *t = edit(MINI, "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2\n",
                 "condition passage = a et vrai\n"
                 "condition a = b\n"
                 "condition b = passage ou faux\n");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "condition ", "passage"), "la condition « passage » dépend d’elle-même");
  checked_free(c);
  free(t);
  t = edit(MINI, "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2\n",
           "condition passage = passage\n");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "condition ", "passage"), "dépend d’elle-même");
  checked_free(c);
  free(t);
}

static void test_err_types(void **state) {
  (void)state;
  /* a number where a condition is needed */
  char *t = edit(MINI, "PASD si passage", "PASD si nombre(RCUE validés) + 1");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "PASD si ", "nombre"), "ici il faut une condition, pas un nombre");
  checked_free(c);
  free(t);
  /* a condition where a number is needed */
  t = edit(MINI, "PASD si passage", "PASD si passage + 1 > 2");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "PASD si ", "passage"), "ici il faut un nombre, pas une condition");
  checked_free(c);
  free(t);
  /* in a validation rule and in a diploma */
  t = edit(MINI, "UE acquise si moyenne >= 10", "UE acquise si moyenne");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "UE acquise si ", "moyenne"), "ici il faut une condition, pas un nombre");
  checked_free(c);
  free(t);
  t = edit(MINI, "diplôme DUT 60 ECTS si toutes(UE de S1 à S2 acquises)", "diplôme DUT 60 ECTS si 60");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "ECTS si ", "60"), "ici il faut une condition, pas un nombre");
  checked_free(c);
  free(t);
  /* non of a number */
  t = edit(MINI, "PASD si passage", "PASD si non niveau");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "PASD si non ", "niveau"), "ici il faut une condition, pas un nombre");
  checked_free(c);
  free(t);
}

static void test_err_moyenne_outside_validation(void **state) {
  (void)state;
  char *t = edit(MINI, "PASD si passage", "PASD si moyenne >= 10");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "PASD si ", "moyenne"),
               "« moyenne » n’a de sens que dans les règles de validation d’une UE ou d’un RCUE");
  checked_free(c);
  free(t);
  /* nor in a named condition, which a validation rule cannot use either */
  t = edit(MINI, "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2\n",
           "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2\ncondition dix = moyenne >= 10\n");
  char *t2 = edit(t, "UE acquise si moyenne >= 10", "UE acquise si dix");
  c = build(t2, false);
  expect_counts(c, 2, 0);
  expect_error(c, pos_of(t2, "dix = ", "moyenne"), "« moyenne » n’a de sens que");
  expect_error(c, pos_of(t2, "UE acquise si ", "dix"),
               "la condition « dix » ne peut pas servir dans une règle de validation d’une UE ou d’un RCUE");
  checked_free(c);
  free(t2);
  free(t);
}

static void test_err_repeat_possible(void **state) {
  (void)state;
  /* outside décision */
  char *t = edit(MINI, "> nombre(RCUE) / 2\n", "> nombre(RCUE) / 2 ou redoublement possible\n");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "/ 2 ou ", "redoublement"),
               "« redoublement possible » n’a de sens que dans la règle « décision »");
  checked_free(c);
  free(t);
  /* in décision without a redoublement rule */
  char *t1 = edit(MINI, "  PASD si passage\n", "  PASD si passage\n  RED  si redoublement possible\n");
  t = edit(t1, "redoublement {\n  par semestre 1\n}\n", "");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "  RED", "RED"), "« redoublement possible » sans règle « redoublement { … } »");
  checked_free(c);
  free(t);
  /* with the rule it is fine */
  c = build(t1, true);
  expect_counts(c, 0, 0);
  assert_int_equal(c->m->nclauses, 4);
  checked_free(c);
  free(t1);
}

static void test_err_decision_sinon(void **state) {
  (void)state;
  char *t = edit(MINI, "  NAR  sinon\n", "");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, NULL, "décision {"), "la règle « décision » doit finir par une clause « sinon »");
  checked_free(c);
  free(t);
  t = edit(MINI, "  NAR  sinon\n", "  NAR  sinon\n  AJ   si vrai\n");
  c = build(t, false);
  assert_true(c->d.nerr >= 1);
  expect_error(c, pos_of(t, "sinon\n", "AJ"), "clause après « sinon » : elle ne peut jamais s’appliquer");
  checked_free(c);
  free(t);
}

static const Diag *expect_file_error(const Checked *c, const char *msg) {
  for (size_t i = 0; i < c->d.n; i++) {
    const Diag *g = &c->d.v[i];
    if (g->level == DIAG_ERROR && strstr(g->msg, msg)) {
      assert_int_equal(g->loc.first_line, 0);
      assert_null(g->src);
      assert_non_null(g->file);
      assert_string_equal(g->file, "t.mccc");
      return g;
    }
  }
  fail_msg("no file-level error « %s »; got:%s", msg, diags_text(c));
  return NULL;
}

static void test_err_missing_rules(void **state) {
  (void)state;
  char *t1 = edit(MINI, "validation {\n  UE acquise si moyenne >= 10\n  RCUE validé si moyenne >= 10\n"
                        "  compensation\n}\n", "");
  char *t = edit(t1, "décision {\n  ADM  si toutes(RCUE validés)\n  PASD si passage\n  NAR  sinon\n}\n", "");
  Checked *c = build(t, false);
  expect_counts(c, 2, 0);
  expect_file_error(c, "il manque la règle d’acquisition des UE");
  expect_file_error(c, "il manque la règle « décision { … } » de fin d’année");
  checked_free(c);
  free(t);
  /* validation without its RCUE rule while décision needs it */
  free(t1);
  t = edit(MINI, "  RCUE validé si moyenne >= 10\n", "");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_file_error(c, "il manque la règle de validation des RCUE");
  checked_free(c);
  free(t);
  /* no year at all */
  c = build("ECTS par semestre 30\n", false);
  expect_file_error(c, "aucune année déclarée");
  checked_free(c);
}

static void test_err_reversed_semester_range(void **state) {
  (void)state;
  char *t = edit(MINI, "UE de S1 à S2", "UE de S2 à S1");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "toutes(UE de ", "S2 à S1"), "intervalle de semestres à l’envers : S2 à S1");
  checked_free(c);
  free(t);
  t = edit(MINI, "UE de S1 à S2", "UE de S1 à S9");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "UE de S1 à ", "S9"), "semestre inconnu « S9 »");
  checked_free(c);
  free(t);
}

static void test_err_non_integer_competence(void **state) {
  (void)state;
  /* competence 2 is then missing everywhere: only the first error is asserted here */
  char *t = edit(MINI, "compétence 2 \"Optimiser\"", "compétence 2,5 \"Optimiser\"");
  Checked *c = build(t, false);
  assert_true(c->d.nerr >= 1);
  expect_error(c, pos_of(t, NULL, "2,5"), "le numéro de compétence doit être un nombre entier, pas 2,5");
  assert_ptr_equal(expect_error(c, pos_of(t, NULL, "2,5"), "entier"), &c->d.v[0]);
  checked_free(c);
  free(t);
  t = edit(MINI, "compétence 2 \"Optimiser\"", "compétence 99 \"Optimiser\"");
  c = build(t, false);
  expect_error(c, pos_of(t, NULL, "99"), "le numéro de compétence 99 hors des bornes (de 1 à 32)");
  checked_free(c);
  free(t);
}

static void test_err_coefficient_not_positive(void **state) {
  (void)state;
  char *t = edit(MINI, "{ R1.01 60 }", "{ R1.01 0 }");
  Checked *c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "{ R1.01 ", "0 }"),
               "coefficient 0 de « R1.01 » : un coefficient est positif ; écrivez « - »");
  checked_free(c);
  free(t);
  t = edit(MINI, "{ R1.01 60 }", "{ R1.01 0,0 }");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "{ R1.01 ", "0,0"), "coefficient 0,0 de « R1.01 »");
  checked_free(c);
  free(t);
  /* a negative coefficient cannot even be written: "-" then a number */
  t = edit(MINI, "{ R1.01 60 }", "{ R1.01 -60 }");
  Source *s = source_from_memory("t.mccc", t, strlen(t));
  Diags d;
  diags_init(&d);
  Ast *a = parse_rules(s, &d);
  assert_int_equal(d.nerr, 1);
  Pos at = pos_of(t, "{ R1.01 -", "60");
  assert_int_equal(d.v[0].loc.first_line, at.line);
  assert_int_equal(source_char_col(s, at.line, d.v[0].loc.first_column), at.col);
  assert_non_null(strstr(d.v[0].msg, "nombre 60 inattendu"));
  ast_free(a);
  diags_free(&d);
  source_free(s);
  free(t);
}

static void test_err_levels_out_of_order(void **state) {
  (void)state;
  char *t = edit(MINI, "  niveau 1 \"N1\"\n  niveau 2 \"N2\"\n", "  niveau 2 \"N2\"\n  niveau 1 \"N1\"\n");
  Checked *c = build(t, false);
  expect_counts(c, 2, 0);
  expect_error(c, pos_of(t, "niveau 2 \"N2\"", "2"), "le premier niveau déclaré est le niveau 2 : les niveaux se suivent à partir de 1");
  expect_error(c, pos_of(t, "niveau 1 \"N1\"", "1"), "niveau 1 déclaré après le niveau 2");
  checked_free(c);
  free(t);
  t = edit(MINI, "  niveau 1 \"N1\"\n  niveau 2 \"N2\"\n", "  niveau 1 \"N1\"\n  niveau 1 \"N2\"\n");
  c = build(t, false);
  assert_true(c->d.nerr >= 1);
  expect_error(c, pos_of(t, "niveau 1 \"N2\"", "1"), "niveau 1 de la compétence 1 déclaré deux fois");
  checked_free(c);
  free(t);
}

static void test_err_semester_outside_year(void **state) {
  (void)state;
  char *t = edit(MINI, "enseignements S2 {", "enseignements S3 {");
  Checked *c = build(t, false);
  assert_true(c->d.nerr >= 1);
  const Diag *g = expect_error(c, pos_of(t, "enseignements ", "S3"), "semestre « S3 » déclaré dans aucune année");
  expect_note(g, "année N semestres");
  checked_free(c);
  free(t);
}

static void test_err_misc_declarations(void **state) {
  (void)state;
  /* a computed code as jury code; a condition declared twice */
  char *t = edit(MINI, "diplôme DUT", "code jury ADM \"x\" acquis\ncondition passage = vrai\ndiplôme DUT");
  Checked *c = build(t, false);
  expect_counts(c, 2, 0);
  expect_error(c, pos_of(t, "code jury ", "ADM"), "« ADM » est un code calculé ; un code de jury doit s’en distinguer");
  const Diag *g = expect_error(c, pos_of(t, "acquis\ncondition ", "passage"), "condition « passage » déclarée deux fois");
  expect_first_line(g, "première déclaration", t, "condition passage");
  checked_free(c);
  free(t);
  /* min/max of a filtered set; RCUE of given semesters */
  t = edit(MINI, "  PASD si passage\n", "  PASD si passage\n  RED si min(RCUE validés) < 8 ou nombre(RCUE de S1) > 0\n");
  c = build(t, false);
  expect_counts(c, 2, 0);
  expect_error(c, pos_of(t, "RED si ", "min"), "min(…) porte sur les moyennes de tous les éléments, sans état");
  expect_error(c, pos_of(t, "(RCUE de ", "S1"), "« RCUE de … » n’est pas pris en charge");
  checked_free(c);
  free(t);
  /* a parcours block inside a block of another parcours */
  t = edit(MINI, "{ R1.01 60 }", "{ parcours A { parcours B { R1.01 60 } } }");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "parcours A { ", "parcours B"),
               "bloc « parcours » pour B à l’intérieur d’un bloc qui ne le concerne pas");
  checked_free(c);
  free(t);
  /* marks: value out of 0..20, declared twice */
  t = edit(MINI, "marque ABI \"absence\" vaut 0\n", "marque ABI \"absence\" vaut 21\nmarque ABI \"y\" neutralisée\n");
  c = build(t, false);
  expect_counts(c, 2, 0);
  expect_error(c, pos_of(t, "vaut ", "21"), "la marque ABI vaut 21 : une note va de 0 à 20");
  expect_error(c, pos_of(t, "21\nmarque ", "ABI"), "marque « ABI » déclarée deux fois");
  checked_free(c);
  free(t);
  /* a pole twice; credits that are not an integer */
  t = edit(MINI, "SAÉ 40 { SAE1.01 40 }", "SAÉ 40 { SAE1.01 40 }\n    SAÉ 10 { }");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "SAE1.01 40 }\n    ", "SAÉ 10"), "pôle « SAÉ » déclaré deux fois dans UE1.1");
  checked_free(c);
  free(t);
  t = edit(MINI, "UE1.1 \"UE1\" compétence 1 niveau 1, 15 ECTS", "UE1.1 \"UE1\" compétence 1 niveau 1, 15,5 ECTS");
  c = build(t, false);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, NULL, "15,5"), "15,5 ECTS : les crédits d’une UE sont un entier de 1 à 60");
  checked_free(c);
  free(t);
}

static void test_err_course_not_in_parcours_64_parcours(void **state) {
  (void)state;
  /* Fixed (was BUG): with 64 parcours (MODEL_MAX_PARCOURS, accepted by the resolver), the
  ** "n’existe pas dans le parcours …" error of src/sema.c (ue_entries)
  ** computes ((PMask)1 << 64) - 1: undefined behaviour (UBSan: "shift exponent
  ** 64 is too large"), and on x86 the message names no parcours at all:
  ** "« R1.03 » n’existe pas dans le parcours  (Annexe 2)". Reproduction: 64
  ** "parcours Pn" declarations, a course declared in "parcours P0 { … }" only,
  ** listed in a common UE. */
  
  char *decls = calloc(64, 64);
  assert_non_null(decls);
  for (int i = 0; i < 62; i++)
    snprintf(decls + strlen(decls), 64, "parcours P%d \"p\" { compétence 1 niveau 1 }\n", i);
  strcat(decls, "année 1 semestres");
  char *t1 = edit(MINI, "année 1 semestres", decls);
  free(decls);
  char *t2 = edit(t1, "  totaux CM 10", "  parcours A { ressource R1.03 \"X\" TD 1 total 1 compétences 1 }\n  totaux CM 10");
  free(t1);
  char *t = edit(t2, "{ R1.01 60 }", "{ R1.01 59 R1.03 1 }");
  free(t2);
  Checked *c = build(t, false);
  assert_int_equal(c->m->nparcours, 64);
  expect_counts(c, 1, 0);
  expect_error(c, pos_of(t, "{ R1.01 59 ", "R1.03"), "« R1.03 » n’existe pas dans le parcours B, P0");
  checked_free(c);
  free(t);
}

static void test_sema_vote_warning(void **state) {
  (void)state;
  char *t = edit(MINI, "pour 24 contre 1", "pour 24 contre 0");
  Checked *c = build(t, false);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, NULL, "vote"), "vote : 24 pour + 0 contre + 0 abstentions = 24, mais 25 votants");
  checked_free(c);
  free(t);
}

/* ---- checker warnings ---- */

static void test_warn_pole_sum(void **state) {
  (void)state;
  char *t = edit(MINI, "SAÉ 50 { SAE1.02 50 }", "SAÉ 50 { SAE1.02 45,5 }");
  Checked *c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "UE1.2 \"UE2\"", "50 { SAE1.02"),
                 "UE1.2, pôle SAÉ : les coefficients font 45,5, le poids déclaré est 50");
  checked_free(c);
  free(t);
  /* per parcours: only B's pole is off */
  t = edit(MINI, "SAÉ 50 { SAE1.02 50 }", "SAÉ 50 { parcours A { SAE1.02 50 } parcours B { SAE1.02 49 } }");
  c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "UE1.2 \"UE2\"", "50 { parcours"),
                 "UE1.2, pôle SAÉ : les coefficients font 49, le poids déclaré est 50 (parcours B)");
  checked_free(c);
  free(t);
}

static void test_warn_semester_ects(void **state) {
  (void)state;
  char *t = edit(MINI, "UE2.2 \"UE2\" compétence 2 niveau 1, 15 ECTS", "UE2.2 \"UE2\" compétence 2 niveau 1, 14 ECTS");
  Checked *c = build(t, true);
  expect_counts(c, 0, 2);
  expect_warning(c, pos_of(t, "\nsemestre S2", "S2"), "S2 : les UE font 29 ECTS, un semestre en vaut 30");
  expect_warning(c, pos_of(t, "diplôme DUT ", "60"), "le DUT déclare 60 ECTS, mais les UE de sa condition en font 59");
  checked_free(c);
  free(t);
}

static void test_warn_ue_level_not_year(void **state) {
  (void)state;
  char *t1 = edit(MINI, "UE1.1 \"UE1\" compétence 1 niveau 1", "UE1.1 \"UE1\" compétence 1 niveau 2");
  char *t = edit(t1, "UE2.1 \"UE1\" compétence 1 niveau 1", "UE2.1 \"UE1\" compétence 1 niveau 2");
  free(t1);
  Checked *c = build(t, true);
  expect_counts(c, 0, 2);
  expect_warning(c, pos_of(t, "UE1.1 \"UE1\" compétence 1 niveau ", "2, 15"), "UE1.1 est de niveau 2 mais en S1, semestre de l’année 1");
  expect_warning(c, pos_of(t, "UE2.1 \"UE1\" compétence 1 niveau ", "2, 15"), "UE2.1 est de niveau 2 mais en S2, semestre de l’année 1");
  checked_free(c);
  free(t);
}

static void test_warn_parcours_levels(void **state) {
  (void)state;
  /* parcours B stops competence 2 before year 1: its UEs are beyond its level */
  char *t = edit(MINI, "  compétence 1 niveau 2\n  compétence 2 niveau 1\n", "  compétence 1 niveau 2\n");
  Checked *c = build(t, true);
  expect_counts(c, 0, 2);
  expect_warning(c, pos_of(t, "\n  UE1.2", "UE1.2"),
                 "UE1.2 (compétence 2, niveau 1) est au-delà du niveau 0 que le parcours B déclare pour cette compétence");
  expect_warning(c, pos_of(t, "\n  UE2.2", "UE2.2"), "UE2.2 (compétence 2, niveau 1) est au-delà");
  checked_free(c);
  free(t);
  /* parcours A goes up to level 2 of competence 2, but S2 has no UE of it for A */
  t = edit(MINI, "  UE2.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {",
           "  parcours B { UE2.2 \"UE2\" compétence 2 niveau 1, 15 ECTS {");
  char *t2 = edit(t, "    SAÉ 50 { SAE2.01 50 }\n  }\n}\n", "    SAÉ 50 { SAE2.01 50 }\n  } }\n}\n");
  free(t);
  char *t3 = edit(t2, "  RCUE compétence 2 : UE1.2 + UE2.2\n", "  parcours B { RCUE compétence 2 : UE1.2 + UE2.2 }\n");
  free(t2);
  c = build(t3, true);
  const Diag *g = expect_warning(c, pos_of(t3, "parcours A \"", "A"),
                                 "le parcours A mène la compétence 2 (Optimiser) au niveau 2, mais S2 n’a pas d’UE "
                                 "de cette compétence pour lui");
  (void)g;
  assert_int_equal(count_msgs(c, "le parcours B mène"), 0);
  checked_free(c);
  free(t3);
}

static void test_warn_ue_not_in_rcue(void **state) {
  (void)state;
  char *t = edit(MINI, "  RCUE compétence 2 : UE1.2 + UE2.2\n", "");
  Checked *c = build(t, true);
  expect_counts(c, 0, 2);
  expect_warning(c, pos_of(t, "\n  UE1.2", "UE1.2"), "UE1.2 n’appartient à aucun RCUE de l’année 1");
  expect_warning(c, pos_of(t, "\n  UE2.2", "UE2.2"), "UE2.2 n’appartient à aucun RCUE de l’année 1");
  checked_free(c);
  free(t);
}

static void test_warn_row_hours(void **state) {
  (void)state;
  char *t = edit(MINI, "CM 10 TD 10 total 20", "CM 10 TD 10,5 total 20");
  Checked *c = build(t, true);
  /* and the totals row no longer adds up in TD */
  expect_counts(c, 0, 2);
  expect_warning(c, pos_of(t, "TD 10,5 ", "total"),
                 "heures de R1.01 : CM 10 + TD 10,5 = 20,5, mais le total imprimé est 20");
  expect_warning(c, pos_of(t, "totaux CM 10 ", "TD"),
                 "totaux de S1, colonne TD : les lignes font 10,5, le total imprimé est 10");
  checked_free(c);
  free(t);
  /* a group's hours are checked once, on the group */
  t = edit(MINI, "  SAÉ SAE2.01 \"Application\" TD 4 total 4 compétences 1 2\n",
           "  SAÉ \"Groupe\" TD 4 TP 1 total 4 {\n    SAE2.01 \"Application\" compétences 1 2\n  }\n");
  c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "TP 1 ", "total"), "heures de « Groupe » : TD 4 + TP 1 = 5, mais le total imprimé est 4");
  checked_free(c);
  free(t);
}

static void test_warn_totals_per_parcours(void **state) {
  (void)state;
  /* rows specific to each parcours; the semester depends on the parcours */
  char *t1 = edit(MINI, "  totaux CM 10 TD 10 projet 20 total 40\n",
                  "  parcours A { ressource R1.0A \"Spécifique A\" TD 1 total 1 compétences 1 }\n"
                  "  parcours B { ressource R1.0B \"Spécifique B\" TD 2 total 2 compétences 1 }\n"
                  "  totaux CM 10 TD 11 projet 20 total 41\n");
  char *t = edit(t1, "{ R1.01 60 }", "{ R1.01 60 parcours A { R1.0A - } parcours B { R1.0B - } }");
  free(t1);
  Checked *c = build(t, true);
  expect_counts(c, 0, 2);
  expect_warning(c, pos_of(t, "totaux CM 10 ", "TD"),
                 "totaux de S1, colonne TD : les lignes font 12, le total imprimé est 11 (parcours B)");
  expect_warning(c, pos_of(t, "totaux CM 10 ", "total 41"),
                 "totaux de S1, colonne total : les lignes font 42, le total imprimé est 41 (parcours B)");
  checked_free(c);
  free(t);
  /* a totals row inside a parcours block is checked against that table only */
  t1 = edit(MINI, "  totaux CM 10 TD 10 projet 20 total 40\n",
            "  parcours A { ressource R1.0A \"Spécifique A\" TD 1 total 1 compétences 1\n"
            "               totaux CM 10 TD 11 projet 20 total 41 }\n"
            "  parcours B { ressource R1.0B \"Spécifique B\" TD 2 total 2 compétences 1\n"
            "               totaux CM 10 TD 11 projet 20 total 41 }\n");
  t = edit(t1, "{ R1.01 60 }", "{ R1.01 60 parcours A { R1.0A - } parcours B { R1.0B - } }");
  free(t1);
  c = build(t, true);
  expect_counts(c, 0, 2);
  expect_warning(c, pos_of(t, "Spécifique B", "TD 11"),
                 "totaux de S1, colonne TD : les lignes font 12, le total imprimé est 11 (parcours B)");
  assert_int_equal(count_msgs(c, "parcours A"), 0);
  checked_free(c);
  free(t);
}

static void test_warn_totals_common_semester_with_parcours_rows(void **state) {
  (void)state;
  /* Fixed (was BUG): a course printed in every parcours' table (a row in each parcours
  ** block, as R3.09 in S3) is counted once per table in a common "totaux"
  ** row when no UE of the semester depends on the parcours (needs_parcours
  ** is only set by Annexe 3): the rows of A and B are added together.
  ** Reproduction: in a consistent file whose S1 totals are TD 10, add
  **   parcours A { ressource R1.03 "X" TD 1 total 1 compétences 1 }
  **   parcours B { ressource R1.03 "X" TD 1 total 1 compétences 1 }
  ** list R1.03 in a common UE, and set the totals to TD 11 total 41: `mccc
  ** check` reports "les lignes font 12, le total imprimé est 11" although
  ** each table sums to 11. */
  
  char *t1 = edit(MINI, "  totaux CM 10 TD 10 projet 20 total 40\n",
                  "  parcours A { ressource R1.03 \"X\" TD 1 total 1 compétences 1 }\n"
                  "  parcours B { ressource R1.03 \"X\" TD 1 total 1 compétences 1 }\n"
                  "  totaux CM 10 TD 11 projet 20 total 41\n");
  char *t = edit(t1, "{ R1.01 60 }", "{ R1.01 59 R1.03 1 }");
  free(t1);
  Checked *c = build(t, true);
  expect_counts(c, 0, 0);
  checked_free(c);
  free(t);
}

static void test_warn_marks(void **state) {
  (void)state;
  /* Annexe 2 marks SAE1.02 for competence 1, Annexe 3 does not list it in UE1.1 */
  char *t = edit(MINI, "\"Algorithmes\" projet 10 total 10 compétences 2", "\"Algorithmes\" projet 10 total 10 compétences 1 2");
  Checked *c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "SAÉ SAE1.02", "SAE1.02"),
                 "SAE1.02 est marqué pour la compétence 1 en Annexe 2, mais ne figure pas dans UE1.1 en Annexe 3");
  checked_free(c);
  free(t);
  /* and the reverse: listed in UE1.2 but not marked for competence 2 */
  t = edit(MINI, "SAÉ 50 { SAE1.02 50 }", "SAÉ 50 { SAE1.02 50 SAE1.01 - }");
  c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "SAE1.02 50 ", "SAE1.01"),
                 "SAE1.01 figure dans UE1.2 en Annexe 3, mais n’est pas marqué pour la compétence 2 en Annexe 2");
  checked_free(c);
  free(t);
  /* marked for a competence the semester has no UE of */
  t = edit(MINI, "compétence 2 \"Optimiser\" {\n  niveau 1 \"O1\"\n  niveau 2 \"O2\"\n}\n",
           "compétence 2 \"Optimiser\" {\n  niveau 1 \"O1\"\n  niveau 2 \"O2\"\n}\n"
           "compétence 3 \"Administrer\" {\n  niveau 1 \"A1\"\n}\n");
  char *t2 = edit(t, "\"Algorithmes\" projet 10 total 10 compétences 2", "\"Algorithmes\" projet 10 total 10 compétences 2 3");
  free(t);
  c = build(t2, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t2, "SAÉ SAE1.02", "SAE1.02"),
                 "SAE1.02 est marqué pour la compétence 3 en Annexe 2, mais S1 n’a pas d’UE de cette compétence");
  checked_free(c);
  free(t2);
}

static void test_warn_course_in_no_ue(void **state) {
  (void)state;
  char *t = edit(MINI, "  totaux CM 10 TD 10 projet 20 total 40\n",
                 "  portfolio PF1 \"Portfolio\" TD 1 total 1\n  totaux CM 10 TD 11 projet 20 total 41\n");
  Checked *c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "portfolio ", "PF1"), "PF1 ne figure dans aucune UE de S1");
  checked_free(c);
  free(t);
}

static void test_warn_diploma_ects(void **state) {
  (void)state;
  char *t = edit(MINI, "diplôme DUT 60 ECTS", "diplôme DUT 120 ECTS");
  Checked *c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "diplôme DUT ", "120"), "le DUT déclare 120 ECTS, mais les UE de sa condition en font 60");
  checked_free(c);
  free(t);
  /* only S1: 30 */
  t = edit(MINI, "UE de S1 à S2", "UE de S1");
  c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "diplôme DUT ", "60"), "le DUT déclare 60 ECTS, mais les UE de sa condition en font 30");
  checked_free(c);
  free(t);
}

/* A decision clause gives a code of the decisions contract, nothing else. */
static void test_err_decision_code(void **state) {
  (void)state;
  char *t = edit(MINI, "  PASD si passage", "  PSAD si passage");
  Checked *c = build(t, true);
  expect_counts(c, 1, 0);
  const Diag *g = expect_error(c, pos_of(t, NULL, "PSAD"), "code de décision inconnu « PSAD » : ADM, PASD, RED, NAR ou ATT");
  expect_note(g, "vouliez-vous dire « PASD » ?");
  checked_free(c);
  free(t);
}

/* tous/aucun without a state holds of every set (or of none). */
static void test_err_all_without_state(void **state) {
  (void)state;
  char *t0 = edit(MINI, "ADM  si toutes(RCUE validés)", "ADM  si toutes(RCUE)");
  char *t = edit(t0, "si toutes(UE de S1 à S2 acquises)", "si aucune(UE de S1 à S2)");
  free(t0);
  Checked *c = build(t, true);
  expect_counts(c, 2, 0);
  const Diag *g = expect_error(c, pos_of(t, "ADM  si ", "toutes"), "tous(…) sans état ne dit rien : tous les éléments y sont, toujours");
  expect_note(g, "précisez l’état : tous(RCUE … validés, non validés ou en attente)");
  g = expect_error(c, pos_of(t, "diplôme DUT 60 ECTS si ", "aucune"), "aucun(…) sans état ne dit rien : l’ensemble n’est jamais vide");
  expect_note(g, "précisez l’état : aucun(UE de … acquises, non acquises ou en attente)");
  checked_free(c);
  free(t);
}

/* A setting said twice is an error, not a silent override. */
static void test_err_said_twice(void **state) {
  (void)state;
  char *t0 = edit(MINI, "  par semestre 1\n", "  par semestre 1\n  au total 4\n  au total 2\n");
  char *t = edit(t0, "marque ABI", "calcul {\n  moyennes exactes\n  affichage 2 décimales tronquées\n"
                            "  moyennes arrondies à 2 décimales au plus proche\n}\n"
                            "calcul {\n  affichage 1 décimales tronquées\n}\nECTS par semestre 30\nmarque ABI");
  free(t0);
  Checked *c = build(t, true);
  expect_counts(c, 4, 0);
  expect_error(c, pos_of(t, "au total 4\n", "au total 2"),
               "le nombre de redoublements au total est déjà indiqué ligne 79");
  expect_error(c, pos_of(t, NULL, "moyennes arrondies"),
               "le calcul des moyennes (exactes ou arrondies) est déjà indiqué ligne 57");
  const Diag *g = expect_error(c, pos_of(t, "}\n", "calcul {\n  affichage 1"), "une seule règle « calcul » est permise");
  expect_note(g, "la première est ligne 56");
  expect_error(c, pos_of(t, "}\n", "ECTS par semestre 30\nmarque"),
               "le nombre d’ECTS par semestre est déjà indiqué ligne 5");
  checked_free(c);
  free(t);
}

/* An average compared with a number off the 0–20 scale; a condition no rule uses. */
static void test_warn_scale_and_unused(void **state) {
  (void)state;
  char *t0 = edit(MINI, "  UE acquise si moyenne >= 10\n", "  UE acquise si moyenne >= 100\n");
  char *t = edit(t0, "condition passage = ", "condition inutile = min(RCUE) < -1\ncondition passage = ");
  free(t0);
  Checked *c = build(t, true);
  expect_counts(c, 0, 3);
  expect_warning(c, pos_of(t, "moyenne >= ", "100"),
                 "100 : une moyenne va de 0 à 20, cette comparaison donne toujours le même résultat");
  expect_warning(c, pos_of(t, "min(RCUE) < ", "-1"),
                 "-1 : une moyenne va de 0 à 20, cette comparaison donne toujours le même résultat");
  expect_warning(c, pos_of(t, "condition ", "inutile"),
                 "la condition « inutile » n’est utilisée par aucune règle (décision, diplôme, validation)");
  checked_free(c);
  free(t);
}

static void test_warn_printed_name(void **state) {
  (void)state;
  char *t = edit(MINI, "{ R1.01 60 }", "{ R1.01 60 \"Développement web\" }");
  Checked *c = build(t, true);
  expect_counts(c, 0, 1);
  const Diag *g = expect_warning(c, pos_of(t, "R1.01 60 ", "\"Développement web\""),
                                 "S1, UE1.1 : l’Annexe 3 nomme R1.01 « Développement web », l’Annexe 2 « Développement »");
  assert_null(strstr(g->msg, "apostrophe"));
  checked_free(c);
  free(t);
  /* the same printed name in two UEs: one warning naming both */
  char *t1 = edit(MINI, "{ R1.01 60 }", "{ R1.01 60 \"Dév.\" }");
  t = edit(t1, "{ R1.01 50 }", "{ R1.01 50 \"Dév.\" }");
  free(t1);
  c = build(t, true);
  expect_counts(c, 0, 1);
  expect_warning(c, pos_of(t, "R1.01 60 ", "\"Dév.\""), "S1, UE1.1, UE1.2 : l’Annexe 3 nomme R1.01 « Dév. »");
  checked_free(c);
  free(t);
  /* the printed name equal to the label: nothing to say */
  t = edit(MINI, "{ R1.01 60 }", "{ R1.01 60 \"Développement\" }");
  c = build(t, true);
  expect_counts(c, 0, 0);
  checked_free(c);
  free(t);
}

static void test_warn_printed_name_apostrophe(void **state) {
  (void)state;
  char *t = edit(MINI, "SAÉ 40 { SAE1.01 40 }", "SAÉ 40 { SAE1.01 40 \"L'implémentation\" }");
  Checked *c = build(t, true);
  expect_counts(c, 0, 1);
  const Diag *g = expect_warning(c, pos_of(t, "SAE1.01 40 ", "\"L'"),
                                 "S1, UE1.1 : l’Annexe 3 nomme SAE1.01 « L'implémentation », "
                                 "l’Annexe 2 « L’implémentation » (seule l’apostrophe diffère)");
  (void)g;
  checked_free(c);
  free(t);
  /* more than the apostrophe: no such remark */
  t = edit(MINI, "SAÉ 40 { SAE1.01 40 }", "SAÉ 40 { SAE1.01 40 \"L'implementation\" }");
  c = build(t, true);
  expect_counts(c, 0, 1);
  assert_int_equal(count_msgs(c, "apostrophe"), 0);
  checked_free(c);
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_mini_is_clean),
    cmocka_unit_test(test_real_regulation_warnings),
    cmocka_unit_test(test_real_regulation_model),
    cmocka_unit_test(test_real_courses_match_csv),
    cmocka_unit_test(test_real_ues),
    cmocka_unit_test(test_real_edit_coefficient),
    cmocka_unit_test(test_real_edit_ects),
    cmocka_unit_test(test_real_edit_rcue_floor),
    cmocka_unit_test(test_err_unknown_course),
    cmocka_unit_test(test_err_course_of_another_semester),
    cmocka_unit_test(test_err_course_not_in_parcours),
    cmocka_unit_test(test_err_duplicate_course),
    cmocka_unit_test(test_err_duplicate_ue),
    cmocka_unit_test(test_ue_in_disjoint_parcours_is_fine),
    cmocka_unit_test(test_err_unknown_parcours),
    cmocka_unit_test(test_err_undeclared_competence_and_level),
    cmocka_unit_test(test_err_undeclared_competence_of_ue),
    cmocka_unit_test(test_err_rcue),
    cmocka_unit_test(test_err_unknown_condition),
    cmocka_unit_test(test_err_condition_cycle),
    cmocka_unit_test(test_err_types),
    cmocka_unit_test(test_err_moyenne_outside_validation),
    cmocka_unit_test(test_err_repeat_possible),
    cmocka_unit_test(test_err_decision_sinon),
    cmocka_unit_test(test_err_missing_rules),
    cmocka_unit_test(test_err_reversed_semester_range),
    cmocka_unit_test(test_err_non_integer_competence),
    cmocka_unit_test(test_err_coefficient_not_positive),
    cmocka_unit_test(test_err_levels_out_of_order),
    cmocka_unit_test(test_err_semester_outside_year),
    cmocka_unit_test(test_err_misc_declarations),
    cmocka_unit_test(test_err_course_not_in_parcours_64_parcours),
    cmocka_unit_test(test_sema_vote_warning),
    cmocka_unit_test(test_warn_pole_sum),
    cmocka_unit_test(test_warn_semester_ects),
    cmocka_unit_test(test_warn_ue_level_not_year),
    cmocka_unit_test(test_warn_parcours_levels),
    cmocka_unit_test(test_warn_ue_not_in_rcue),
    cmocka_unit_test(test_warn_row_hours),
    cmocka_unit_test(test_warn_totals_per_parcours),
    cmocka_unit_test(test_warn_totals_common_semester_with_parcours_rows),
    cmocka_unit_test(test_err_decision_code),
    cmocka_unit_test(test_err_all_without_state),
    cmocka_unit_test(test_err_said_twice),
    cmocka_unit_test(test_warn_scale_and_unused),
    cmocka_unit_test(test_warn_marks),
    cmocka_unit_test(test_warn_course_in_no_ue),
    cmocka_unit_test(test_warn_diploma_ects),
    cmocka_unit_test(test_warn_printed_name),
    cmocka_unit_test(test_warn_printed_name_apostrophe),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
