/*
** examples.c — running the authors' examples (see examples.h).
*/
#include "examples.h"
#include "eval.h"
#include "grades.h"
#include "num.h"
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#define MAX_EXPECT 64 /* « attendu » blocks of one example (a student has a few years) */

typedef struct Run {
  const Model *m;        /* rules */
  const Source *src;     /* the tests file */
  const Node *ex;        /* the example */
  Diags *d;              /* diagnostics */
  FILE *out;             /* report */
  ExplainLang lang;      /* explanation language */
  char *fails;           /* failure lines (memstream) */
  size_t fails_len;      /* its length */
  FILE *f;               /* memstream over fails */
  int nfail;             /* expectations that did not hold */
  bool seen[MAX_EXPECT]; /* expectation blocks matched by a record */
} Run;

#define ERR(loc, ...) diag_add(R->d, DIAG_ERROR, R->src, (loc), __VA_ARGS__)

/* ---- building the grade file ---- */

typedef struct Text {
  char *p;               /* bytes */
  size_t n, cap;         /* used, allocated */
} Text;

static void text_add(Text *t, const char *s) {
  size_t k = strlen(s);
  if (t->n + k + 1 > t->cap) {
    t->cap = (t->n + k + 1) * 2;
    t->p = xrealloc(t->p, t->cap);
  }
  memcpy(t->p + t->n, s, k + 1);
  t->n += k;
}

/* A grade as the CSV expects it (decimal point), or NULL with an error. */
static bool grade_ok(Run *R, Tok t, char *buf, size_t n) {
  mpq_t q;
  mpq_init(q);
  char err[128];
  bool ok = num_parse(q, t.text, strlen(t.text), err, sizeof err) == 0;
  if (!ok) ERR(t.loc, "note invalide « %s »", t.text);
  else if (mpq_sgn(q) < 0 || mpq_cmp_ui(q, 20, 1) > 0) {
    ERR(t.loc, "note %s hors de l’intervalle 0 à 20", t.text);
    ok = false;
  }
  mpq_clear(q);
  snprintf(buf, n, "%s", t.text);
  for (char *c = buf; *c; c++)
    if (*c == ',') *c = '.';
  return ok;
}

static bool year_ok(Run *R, Tok t) {
  int a = 0, b = 0;
  if (sscanf(t.text, "%d-%d", &a, &b) != 2 || b != a + 1) {
    ERR(t.loc, "année universitaire « %s » : deux années consécutives, comme 2025-2026", t.text);
    return false;
  }
  return true;
}

static bool build_grades(Run *R, const Node *g, const char *student, Text *csv) {
  const Model *m = R->m;
  bool ok = year_ok(R, g->a);
  const MSemester *sem = model_semester(m, g->b.text);
  if (!sem || !sem->year) {
    ERR(g->b.loc, "semestre inconnu « %s »", g->b.text);
    return false;
  }
  int p = -1;
  const char *pid = "";
  if (g->ids) {
    const MParcours *pr = model_parcours(m, g->ids->id.text);
    if (!pr) {
      ERR(g->ids->id.loc, "parcours inconnu « %s »", g->ids->id.text);
      return false;
    }
    p = pr->bit;
    pid = pr->id;
  } else if (sem->needs_parcours) {
    ERR(g->b.loc, "%s dépend du parcours : écrivez « notes %s %s parcours … { … } »", sem->id, g->a.text, sem->id);
    return false;
  }
  const char *def = NULL;
  char defbuf[64];
  for (const Node *it = g->body; it; it = it->next)
    if (it->op == XI_DEFAULT) {
      if (grade_ok(R, it->n[0], defbuf, sizeof defbuf)) def = defbuf;
      else ok = false;
    }
  /* explicit grades first (validated), then the default for the others */
  bool *given = xcalloc((size_t)m->ncourses + 1, sizeof *given);
  char line[512];
  for (const Node *it = g->body; it; it = it->next) {
    if (it->op != XI_GRADE) continue;
    const MCourse *c = model_course(m, it->a.text);
    if (!c) {
      ERR(it->a.loc, "enseignement inconnu « %s »", it->a.text);
      const char **cands = xmalloc((size_t)(m->ncourses + 1) * sizeof *cands);
      for (int i = 0; i < m->ncourses; i++) cands[i] = m->courses[i]->id;
      const char *best = suggest_best(it->a.text, cands, (size_t)m->ncourses);
      if (best) diag_note(R->d, "vouliez-vous dire « %s » ?", best);
      free(cands);
      ok = false;
      continue;
    }
    if (c->sem != sem) {
      ERR(it->a.loc, "« %s » est un enseignement de %s, pas de %s", c->id, c->sem->id, sem->id);
      ok = false;
      continue;
    }
    if (!pmask_has(c->parcours, p) && c->parcours != PMASK_ALL) {
      ERR(it->a.loc, "« %s » n’existe pas dans ce parcours", c->id);
      ok = false;
      continue;
    }
    if (given[c->index]) {
      ERR(it->a.loc, "« %s » a déjà une note dans cet exemple", c->id);
      ok = false;
      continue;
    }
    char gv[64];
    if (it->b.text) {
      if (!model_mark(m, it->b.text)) {
        ERR(it->b.loc, "marque inconnue « %s »", it->b.text);
        const char *cands[64];
        size_t nc = 0;
        for (int i = 0; i < m->nmarks && nc < 64; i++) cands[nc++] = m->marks[i]->id;
        const char *best = suggest_best(it->b.text, cands, nc);
        if (best) diag_note(R->d, "vouliez-vous dire « %s » ?", best);
        ok = false;
        continue;
      }
      snprintf(gv, sizeof gv, "%s", it->b.text);
    } else if (!grade_ok(R, it->n[0], gv, sizeof gv)) {
      ok = false;
      continue;
    }
    given[c->index] = true;
    snprintf(line, sizeof line, "%s,%s,%s,%s,%s,%s\n", student, g->a.text, sem->id, pid, c->id, gv);
    text_add(csv, line);
  }
  if (def) {
    for (int i = 0; i < sem->nues; i++) {
      const MUe *u = sem->ues[i];
      if (!(p < 0 ? u->parcours == PMASK_ALL : pmask_has(u->parcours, p))) continue;
      for (int k = 0; k < u->nentries; k++) {
        const MEntry *e = &u->entries[k];
        if (!e->counts || !pmask_has(e->parcours, p) || given[e->course->index]) continue;
        given[e->course->index] = true;
        snprintf(line, sizeof line, "%s,%s,%s,%s,%s,%s\n", student, g->a.text, sem->id, pid, e->course->id, def);
        text_add(csv, line);
      }
    }
  }
  free(given);
  return ok;
}

/* ---- expectations ---- */

/* "C3": an RCUE of competence 3 in some year of the model. */
static bool rcue_target(const Model *m, const char *t) {
  if (t[0] != 'C' || t[1] < '1' || t[1] > '9' || strspn(t + 1, "0123456789") != strlen(t + 1) || strlen(t) > 4)
    return false;
  int c = atoi(t + 1);
  for (int y = 1; y <= m->nyears; y++)
    for (int i = 0; m->years[y] && i < m->years[y]->nrcues; i++)
      if (m->years[y]->rcues[i].competence == c) return true;
  return false;
}

/* Index of the diploma called name in m, -1 if none. */
static int diploma_index(const Model *m, const char *name) {
  for (int i = 0; i < m->ndiplomas; i++)
    if (!strcmp(m->diplomas[i].name, name)) return i;
  return -1;
}

static bool expect_ok(Run *R, const Node *x) {
  bool ok = year_ok(R, x->a);
  for (const Node *it = x->body; it; it = it->next) {
    if (it->op == XI_CODE) {
      bool known = rcue_target(R->m, it->a.text) || model_ue(R->m, it->a.text, -1);
      for (int i = 0; !known && i < R->m->nues; i++) known = !strcmp(R->m->ues[i]->id, it->a.text);
      if (!known) {
        ERR(it->a.loc, "cible inconnue « %s » : une UE (UE1.1) ou un RCUE (C1)", it->a.text);
        ok = false;
      }
    } else if (it->op == XI_DIPLOMA) {
      if (diploma_index(R->m, it->a.text) < 0) {
        ERR(it->a.loc, "diplôme inconnu « %s »", it->a.text);
        ok = false;
      }
    }
  }
  return ok;
}

static void mismatch(Run *R, const char *year, const char *what, const char *want, const char *got) {
  fprintf(R->f, "    %s : %s %s %s, %s %s\n", year, what, R->lang == EXPLAIN_EN ? "expected" : "attendu", want,
          R->lang == EXPLAIN_EN ? "got" : "obtenu", got);
  R->nfail++;
}

static const Model *only_model(int start, void *ctx) {
  (void)start;
  return ((Run *)ctx)->m;
}

static void compare(const YearRecord *r, void *ctx) {
  Run *R = ctx;
  int k = 0, before = R->nfail;
  for (const Node *x = R->ex->body; x; x = x->next) {
    if (x->kind != N_EX_EXPECT) continue;
    if (strcmp(x->a.text, r->year) != 0) {
      k++;
      continue;
    }
    if (k < MAX_EXPECT) R->seen[k] = true;
    k++;
    for (const Node *it = x->body; it; it = it->next) {
      char want[64], got[64];
      switch (it->op) {
      case XI_CODE: {
        const char *code = NULL;
        for (int i = 0; i < r->nues; i++)
          if (!strcmp(r->ues[i].id, it->a.text)) code = r->ues[i].code;
        for (int i = 0; !code && i < r->nlower; i++)
          if (!strcmp(r->lower[i].ue, it->a.text)) code = r->lower[i].code;
        bool rcue = rcue_target(r->model, it->a.text);
        if (!code && !rcue) code = eval_ue_code(r, it->a.text); /* an earlier year's UE */
        if (!code && rcue)
          for (int i = 0; i < r->nrcues; i++)
            if (r->rcues[i].competence == atoi(it->a.text + 1)) code = r->rcues[i].code;
        if (!code || strcmp(code, it->b.text)) mismatch(R, r->year, it->a.text, it->b.text, code ? code : "—");
        break;
      }
      case XI_DECISION:
        if (!r->decision || strcmp(r->decision, it->b.text))
          mismatch(R, r->year, R->lang == EXPLAIN_EN ? "decision" : "décision", it->b.text,
                   r->decision ? r->decision : "—");
        break;
      case XI_ECTS:
      case XI_TOTAL: { /* compared as numbers: "60" and "60,0" are the same credits */
        int n = it->op == XI_ECTS ? r->ects_year : r->ects_total;
        snprintf(got, sizeof got, "%d", n);
        snprintf(want, sizeof want, "%s", it->n[0].text);
        mpq_t w;
        mpq_init(w);
        bool same = num_parse(w, it->n[0].text, strlen(it->n[0].text), NULL, 0) == 0 && mpq_cmp_si(w, n, 1) == 0;
        mpq_clear(w);
        if (!same) mismatch(R, r->year, it->op == XI_ECTS ? "ECTS" : "total ECTS", want, got);
        break;
      }
      case XI_DIPLOMA: { /* the rules' own diplomas, by name */
        int d = diploma_index(r->model, it->a.text);
        bool have = d >= 0 && r->diplomas[d];
        if (have != it->flag) mismatch(R, r->year, it->a.text, it->flag ? "vrai" : "faux", have ? "vrai" : "faux");
        break;
      }
      default: break;
      }
    }
  }
  if (R->nfail > before) { /* the explanation of the year that failed */
    char *buf = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&buf, &len);
    if (ms) {
      explain_text(ms, r, R->lang);
      fclose(ms);
      fputs("      | ", R->f);
      for (size_t i = 0; i < len; i++) {
        fputc(buf[i], R->f);
        if (buf[i] == '\n' && i + 1 < len) fputs("      | ", R->f);
      }
      free(buf);
    }
  }
}

static void run_one(Run *R, ExampleTally *t) {
  const Node *ex = R->ex;
  char student[64];
  snprintf(student, sizeof student, "exemple-l%d", ex->loc.first_line);
  Text csv = {0};
  text_add(&csv, "student,year,semester,parcours,course,grade\n");
  int before = R->d->nerr;
  bool ok = true;
  int nexpect = 0;
  for (const Node *x = ex->body; x; x = x->next) {
    if (x->kind == N_EX_GRADES) ok &= build_grades(R, x, student, &csv);
    else if (x->kind == N_EX_EXPECT) {
      ok &= expect_ok(R, x);
      if (nexpect++ == MAX_EXPECT) {
        ERR(x->loc, "trop de blocs « attendu » dans un exemple (au plus %d)", MAX_EXPECT);
        ok = false;
      }
    }
  }
  if (nexpect == 0) {
    ERR(ex->loc, "l’exemple « %s » n’attend rien : ajoutez « attendu ANNÉE { … } »", ex->label.text);
    ok = false;
  }
  char cites[256];
  model_cites(ex->cites, cites, sizeof cites);
  bool en = R->lang == EXPLAIN_EN;
  R->nfail = 0;
  memset(R->seen, 0, sizeof R->seen);
  R->fails = NULL;
  R->fails_len = 0;
  R->f = open_memstream(&R->fails, &R->fails_len);
  if (ok && R->d->nerr == before && R->f) {
    Cohort *c = cohort_new();
    GradesOptions none = {0};
    grades_read_memory(c, R->m, ex->label.text, csv.p, csv.n, &none, R->d);
    cohort_finish(c, R->m, NULL, NULL, R->d);
    if (R->d->nerr == before) {
      EvalCtx *e = eval_new();
      EvalHooks h = {.model_for = only_model, .emit = compare, .ctx = R};
      for (size_t i = 0; i < cohort_count(c); i++) eval_student(e, cohort_student(c, i), &h, R->d);
      eval_free(e);
      int k = 0;
      for (const Node *x = ex->body; x; x = x->next)
        if (x->kind == N_EX_EXPECT) {
          if (k < MAX_EXPECT && !R->seen[k]) {
            fprintf(R->f, "    %s : %s\n", x->a.text, en ? "no decision for this year (no grades?)"
                                                         : "aucune décision pour cette année (pas de notes ?)");
            R->nfail++;
          }
          k++;
        }
    } else {
      R->nfail++;
    }
    cohort_free(c);
  } else {
    R->nfail++;
  }
  if (R->f) fclose(R->f);
  bool passed = R->nfail == 0 && R->d->nerr == before;
  fprintf(R->out, "%s « %s »%s%s%s", passed ? "ok    " : (en ? "FAILED" : "ÉCHEC "), ex->label.text,
          *cites ? " (" : "", cites, *cites ? ")" : "");
  if (!passed) fprintf(R->out, " — %s:%d", R->src->name, ex->loc.first_line);
  fputc('\n', R->out);
  if (!passed && R->d->nerr > before)
    fprintf(R->out, "    %s\n", en ? "errors in the example (see below)" : "erreurs dans l’exemple (voir plus bas)");
  if (R->fails && !passed) fwrite(R->fails, 1, R->fails_len, R->out);
  free(R->fails);
  free(csv.p);
  if (passed) t->passed++;
  else t->failed++;
}

void examples_run(const Model *m, const Ast *ast, const Source *src, ExplainLang lang,
                  FILE *out, Diags *d, ExampleTally *t) {
  Run R = {.m = m, .src = src, .d = d, .out = out, .lang = lang};
  for (const Node *n = ast->root ? ast->root->body : NULL; n; n = n->next) {
    if (n->kind != N_EXAMPLE) continue;
    R.ex = n;
    run_one(&R, t);
  }
}
