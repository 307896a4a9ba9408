/*
** explain.c — the derivation of a student-year's codes (see explain.h).
**
** Every line names what was computed, the numbers it was computed from, the
** rule applied as written in the rules file (its expression), and where that
** rule is: its article citations and its line in the rules file.
*/
#include "explain.h"
#include "fmt.h"
#include "num.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

typedef struct Ex {
  FILE *out;             /* where to write */
  const YearRecord *r;   /* the record */
  const Model *m;        /* its rules */
  bool english;          /* English */
  char mark;             /* decimal mark */
  const char *rules;     /* rules file name, for citations */
} Ex;

#define L(fr, en) (X->english ? (en) : (fr))

/* 12,50 — as the jury reads averages: the rules' `affichage` (two
** decimals, truncated, unless the rules say otherwise). */
static void shown(const Ex *X, mpq_srcptr q, char *buf, size_t n) {
  eval_format_shown(X->m, q, X->mark, buf, n);
}

/* A rule value as written: 10, 8, 9,5 */
static void numv(const Ex *X, mpq_srcptr q, char *buf, size_t n) {
  num_format_trunc(q, 6, X->mark, buf, n);
}

/* "(§5-1 ; regulation.mccc l. 1043)" for a statement node. */
static void cite(const Ex *X, const Node *n, char *buf, size_t size) {
  if (!n) {
    buf[0] = '\0';
    return;
  }
  char c[256];
  model_cites(n->cites, c, sizeof c);
  snprintf(buf, size, " (%s%s%s l. %d)", c, *c ? " ; " : "", X->rules, n->loc.first_line);
}

static const char *comp_name(const Model *m, int c) {
  return c > 0 && c <= MODEL_MAX_COMPETENCES && m->comps[c] ? m->comps[c]->name : "?";
}

static const char *op_text(int op) {
  switch (op) {
  case OP_GE: return ">=";
  case OP_GT: return ">";
  case OP_LE: return "<=";
  case OP_LT: return "<";
  case OP_EQ: return "=";
  default: return "!=";
  }
}

static int negate_op(int op) {
  switch (op) {
  case OP_GE: return OP_LT;
  case OP_GT: return OP_LE;
  case OP_LE: return OP_GT;
  case OP_LT: return OP_GE;
  case OP_EQ: return OP_NE;
  default: return OP_EQ;
  }
}

/* "7,70 < 10" or "10,28 >= 10" for a threshold test that passed or not. */
static void thr_text(const Ex *X, const MThreshold *t, mpq_srcptr avg, bool passed, char *buf, size_t n) {
  char a[64], v[64];
  shown(X, avg, a, sizeof a);
  if (!t->simple) {
    snprintf(buf, n, "%s", a);
    return;
  }
  numv(X, t->value, v, sizeof v);
  snprintf(buf, n, "%s %s %s", a, op_text(passed ? t->op : negate_op(t->op)), v);
}

static bool thr_passes(const MThreshold *t, mpq_srcptr avg) {
  int c = mpq_cmp(avg, t->value);
  switch (t->op) {
  case OP_GE: return c >= 0;
  case OP_GT: return c > 0;
  case OP_LE: return c <= 0;
  case OP_LT: return c < 0;
  case OP_EQ: return c == 0;
  default: return c != 0;
  }
}

/* ---- UE terms ---- */

static const Grade *grade_of(const YearRecord *r, const MCourse *c) {
  return r->by_course ? r->by_course[c->index] : NULL;
}

static void term_text(const Ex *X, const MEntry *e, char *buf, size_t n) {
  const Grade *g = grade_of(X->r, e->course);
  char coef[64];
  numv(X, e->coef, coef, sizeof coef);
  if (!g || g->kind == GV_EMPTY) {
    snprintf(buf, n, "%s %s×%s", e->course->id, L("sans note", "no grade"), coef);
    return;
  }
  if (g->kind == GV_MARK) {
    const MMark *k = eval_grade_mark(X->r->model, X->r->read_model, g);
    if (k->effect == ME_VALUE) {
      char v[64];
      numv(X, k->value, v, sizeof v);
      snprintf(buf, n, "%s %s→%s×%s", e->course->id, k->id, v, coef);
    } else if (k->effect == ME_NEUTRAL) {
      snprintf(buf, n, "%s %s (%s)", e->course->id, k->id, L("neutralisée", "left out"));
    } else {
      snprintf(buf, n, "%s %s (%s)", e->course->id, k->id, L("en attente", "pending"));
    }
    return;
  }
  mpq_t q;
  mpq_init(q);
  grade_value(g, q);
  char v[64];
  shown(X, q, v, sizeof v);
  mpq_clear(q);
  snprintf(buf, n, "%s %s×%s", e->course->id, v, coef);
}

/* The counting entries of a UE for the record's parcours. */
static bool counts(const YearRecord *r, const MEntry *e) {
  return e->counts && pmask_has(e->parcours, r->p);
}

int explain_lever_ue(const YearRecord *r, const UeResult *u, const MCourse **best, mpq_t g) {
  const Model *m = r->model;
  const MThreshold *t = &m->ue_thr;
  if (!u->has_avg || u->pending || u->kept || u->stage_blocked || !t->simple ||
      (t->op != OP_GE && t->op != OP_GT))
    return -1;
  /* the counting course with a numeric grade and the largest coefficient */
  const MEntry *lever = NULL;
  bool missing = false; /* a course without a grade: no lever (pending UEs are not asked) */
  mpq_t sum, w, x;
  mpq_init(sum);
  mpq_init(w);
  mpq_init(x);
  for (int i = 0; i < u->ue->nentries; i++) {
    const MEntry *e = &u->ue->entries[i];
    if (!counts(r, e)) continue;
    const Grade *gr = grade_of(r, e->course);
    if (!gr || gr->kind == GV_EMPTY) {
      missing = true;
      break;
    }
    if (gr->kind == GV_MARK) {
      const MMark *k = eval_grade_mark(m, r->read_model, gr);
      if (k->effect == ME_NEUTRAL) continue;
      mpq_set(x, k->value);
    } else {
      grade_value(gr, x);
      if (!lever || mpq_cmp(e->coef, lever->coef) > 0) lever = e;
    }
    mpq_mul(x, x, e->coef);
    mpq_add(sum, sum, x);
    mpq_add(w, w, e->coef);
  }
  int rc = -1;
  if (lever && !missing) {
    /* g* = (T·W − (S − c·g_c)) / c */
    const Grade *gr = grade_of(r, lever->course);
    grade_value(gr, x);
    mpq_mul(x, x, lever->coef);
    mpq_sub(sum, sum, x);
    mpq_mul(x, t->value, w);
    mpq_sub(x, x, sum);
    mpq_div(x, x, lever->coef);
    /* smallest value with 2 decimals that passes */
    mpq_t h;
    mpq_init(h);
    mpq_set_ui(h, 100, 1);
    mpq_mul(x, x, h);
    mpz_t z;
    mpz_init(z);
    if (t->op == OP_GE) mpz_cdiv_q(z, mpq_numref(x), mpq_denref(x));
    else {
      mpz_fdiv_q(z, mpq_numref(x), mpq_denref(x));
      mpz_add_ui(z, z, 1);
    }
    if (mpz_sgn(z) < 0) mpz_set_ui(z, 0);
    mpq_set_z(g, z);
    mpq_div(g, g, h);
    mpz_clear(z);
    mpq_clear(h);
    *best = lever->course;
    rc = mpq_cmp_ui(g, 20, 1) <= 0 ? 1 : 0;
  }
  mpq_clear(sum);
  mpq_clear(w);
  mpq_clear(x);
  return rc;
}

static const JuryApplied *jury_for(const YearRecord *r, const char *target) {
  for (int i = 0; i < r->njury; i++)
    if (!strcmp(r->jury[i].target, target)) return &r->jury[i];
  return NULL;
}

static void explain_ue(const Ex *X, const UeResult *u) {
  const Model *m = X->m;
  char c[512];
  fprintf(X->out, "%s %s — ", u->id, comp_name(m, u->ue->competence));
  const JuryApplied *sj = jury_for(X->r, u->ue->sem->id);
  if (sj && !u->has_avg) {
    fprintf(X->out, "%s %s %s%s%s%s : %s, %d ECTS\n", L("semestre", "semester"), u->ue->sem->id,
            L("validé par décision du jury", "validated by the jury"), sj->reason ? " (" : "",
            sj->reason ? sj->reason : "", sj->reason ? ")" : "", u->code, u->ects);
    return;
  }
  if (u->kept) {
    char a[64] = "—";
    if (u->has_avg) shown(X, u->avg, a, sizeof a);
    cite(X, m->valid[VI_BEST], c, sizeof c);
    fprintf(X->out, "%s %s, %s %s%s\n",
            L("acquise lors d’une tentative précédente : moyenne", "acquired in an earlier attempt: average"),
            a, L("code conservé", "code kept"), u->computed ? u->computed : u->code, c);
  } else if (u->pending) {
    fprintf(X->out, "%s", L("en attente", "pending"));
    if (u->nmissing) {
      fprintf(X->out, " : %s", L("pas de note pour", "no grade for"));
      for (int k = 0; k < u->nmissing && k < 8; k++) fprintf(X->out, " %s", u->missing[k]);
    } else {
      int nw = 0;
      for (int i = 0; i < u->ue->nentries; i++) {
        const MEntry *e = &u->ue->entries[i];
        const Grade *g = counts(X->r, e) ? grade_of(X->r, e->course) : NULL;
        if (g && g->kind == GV_MARK && eval_grade_mark(X->r->model, X->r->read_model, g)->effect == ME_PENDING)
          fprintf(X->out, "%s %s", nw++ ? "," : L(" : note attendue pour", ": grade awaited for"), e->course->id);
      }
      if (!nw)
        fprintf(X->out, " : %s", L("toutes ses notes sont neutralisées", "every grade is left out"));
    }
    fprintf(X->out, " (%s)\n", L("une note manquante n’est jamais lue comme 0", "a missing grade is never read as 0"));
  } else {
    fprintf(X->out, "%s ", L("moyenne", "average"));
    char a[64];
    shown(X, u->avg, a, sizeof a);
    fprintf(X->out, "%s = (", a);
    mpq_t w;
    mpq_init(w);
    bool first = true;
    for (int i = 0; i < u->ue->nentries; i++) {
      const MEntry *e = &u->ue->entries[i];
      if (!counts(X->r, e)) continue;
      char t[256];
      term_text(X, e, t, sizeof t);
      fprintf(X->out, "%s%s", first ? "" : " + ", t);
      first = false;
      const Grade *g = grade_of(X->r, e->course);
      bool neutral = g && g->kind == GV_MARK && eval_grade_mark(X->r->model, X->r->read_model, g)->effect == ME_NEUTRAL;
      if (!neutral) mpq_add(w, w, e->coef);
    }
    char wt[64];
    numv(X, w, wt, sizeof wt);
    mpq_clear(w);
    char tt[256];
    thr_text(X, &m->ue_thr, u->avg, thr_passes(&m->ue_thr, u->avg), tt, sizeof tt);
    cite(X, m->valid[VI_UE], c, sizeof c);
    fprintf(X->out, ") / %s ; %s", wt, tt);
    const char *comp = u->computed ? u->computed : u->code;
    if (u->stage_blocked) {
      char c2[512];
      cite(X, m->valid[VI_STAGE], c2, sizeof c2);
      fprintf(X->out, " ; %s%s", L("stage non noté : l’UE ne peut être acquise quelle que soit sa moyenne",
                                   "internship not graded: the UE cannot be acquired whatever its average"), c2);
    } else if (!strcmp(comp, "ADM")) {
      fprintf(X->out, " : %s%s", L("acquise", "acquired"), c);
    } else if (!strcmp(comp, "CMP")) {
      char c2[512];
      cite(X, m->valid[VI_COMPENSATION], c2, sizeof c2);
      fprintf(X->out, " : %s%s", L("acquise par compensation, son RCUE est validé", "acquired by compensation, its RCUE is validated"), c2);
    } else if (!strcmp(comp, "ATT")) {
      fprintf(X->out, " : %s", L("en attente, l’autre UE de son RCUE est en attente", "pending, the other UE of its RCUE is pending"));
    } else {
      fprintf(X->out, " : %s%s", L("non acquise", "not acquired"), c);
    }
    if (u->improved) fprintf(X->out, " ; %s", L("meilleure que la tentative précédente", "better than the earlier attempt"));
    fputc('\n', X->out);
  }
  const JuryApplied *j = jury_for(X->r, u->id);
  if (j)
    fprintf(X->out, "    %s : %s → %s%s%s\n", L("décision du jury", "jury decision"), j->computed, j->code,
            j->reason ? " — " : "", j->reason ? j->reason : "");
  if (!u->acquired && !u->pending && strcmp(u->code, "ATT") != 0) {
    const MCourse *lc = NULL;
    mpq_t g;
    mpq_init(g);
    int k = explain_lever_ue(X->r, u, &lc, g);
    if (k == 1) {
      char gt[64];
      shown(X, g, gt, sizeof gt);
      fprintf(X->out, "    %s %s %s %s %s %s\n", lc->id, L("à", "at"), gt, L("ou plus validerait", "or more would validate"),
              u->id, L("(toutes autres notes égales)", "(all other grades equal)"));
    } else if (k == 0) {
      fprintf(X->out, "    %s %s %s\n", L("même 20 en", "even 20 in"), lc->id, L("ne suffirait pas", "would not be enough"));
    }
    mpq_clear(g);
  }
}

static void explain_rcue(const Ex *X, const RcueResult *rc) {
  const Model *m = X->m;
  const YearRecord *r = X->r;
  char c[512];
  fprintf(X->out, "RCUE C%d %s %s %d — ", rc->competence, comp_name(m, rc->competence), L("niveau", "level"),
          rc->level);
  const UeResult *a = rc->ue[0] >= 0 ? &r->ues[rc->ue[0]] : NULL, *b = rc->ue[1] >= 0 ? &r->ues[rc->ue[1]] : NULL;
  if (!a || !b) {
    fprintf(X->out, "%s\n", rc->code);
    return;
  }
  if (!strcmp(rc->computed ? rc->computed : rc->code, "ATT")) {
    fprintf(X->out, "%s : %s %s\n", L("en attente", "pending"), !strcmp(a->code, "ATT") ? a->id : b->id,
            L("est en attente", "is pending"));
  } else if (!rc->has_avg) {
    fprintf(X->out, "%s : %s\n", L("pas de moyenne (UE acquise sans moyenne)", "no average (a UE acquired without one)"),
            rc->code);
  } else {
    char x[64], y[64], z[64], tt[128];
    shown(X, a->avg, x, sizeof x);
    shown(X, b->avg, y, sizeof y);
    shown(X, rc->avg, z, sizeof z);
    if (a->ue->ects_int == b->ue->ects_int) fprintf(X->out, "(%s + %s) / 2 = %s ; ", x, y, z);
    else fprintf(X->out, "(%s×%d + %s×%d) / %d = %s ; ", x, a->ue->ects_int, y, b->ue->ects_int,
                 a->ue->ects_int + b->ue->ects_int, z);
    bool ok = !strcmp(rc->computed ? rc->computed : rc->code, "ADM");
    thr_text(X, &m->rcue_thr, rc->avg, thr_passes(&m->rcue_thr, rc->avg), tt, sizeof tt);
    if (!ok && (a->stage_blocked || b->stage_blocked)) {
      cite(X, m->valid[VI_STAGE], c, sizeof c);
      fprintf(X->out, "%s : %s%s\n", tt, L("non validé, le stage n’est pas noté", "not validated, the internship is not graded"), c);
    } else {
      cite(X, m->valid[VI_RCUE], c, sizeof c);
      fprintf(X->out, "%s : %s%s\n", tt, ok ? L("validé", "validated") : L("non validé, pas de compensation", "not validated, no compensation"), c);
    }
    const MThreshold *t = &m->rcue_thr;
    if (!ok && !a->stage_blocked && !b->stage_blocked && t->simple && (t->op == OP_GE || t->op == OP_GT)) {
      /* the weaker UE's average that would validate the RCUE */
      const UeResult *lo = mpq_cmp(a->avg, b->avg) <= 0 ? a : b, *hi = lo == a ? b : a;
      mpq_t need, tmp;
      mpq_init(need);
      mpq_init(tmp);
      mpq_set_si(need, lo->ue->ects_int + hi->ue->ects_int, 1);
      mpq_mul(need, need, t->value);
      mpq_set_si(tmp, hi->ue->ects_int, 1);
      mpq_mul(tmp, tmp, hi->avg);
      mpq_sub(need, need, tmp);
      mpq_set_si(tmp, lo->ue->ects_int, 1);
      mpq_div(need, need, tmp);
      mpz_t zz;
      mpz_init(zz);
      mpq_set_ui(tmp, 100, 1);
      mpq_mul(need, need, tmp);
      if (t->op == OP_GE) mpz_cdiv_q(zz, mpq_numref(need), mpq_denref(need));
      else {
        mpz_fdiv_q(zz, mpq_numref(need), mpq_denref(need));
        mpz_add_ui(zz, zz, 1);
      }
      mpq_set_z(need, zz);
      mpq_div(need, need, tmp);
      char nt[64];
      shown(X, need, nt, sizeof nt);
      if (mpq_cmp_ui(need, 20, 1) <= 0)
        fprintf(X->out, "    %s %s %s %s\n", lo->id, L("à une moyenne de", "at an average of"), nt,
                L("ou plus validerait le RCUE", "or more would validate the RCUE"));
      mpz_clear(zz);
      mpq_clear(need);
      mpq_clear(tmp);
    }
  }
  char tgt[16];
  snprintf(tgt, sizeof tgt, "C%d", rc->competence);
  const JuryApplied *j = jury_for(r, tgt);
  if (j)
    fprintf(X->out, "    %s : %s → %s%s%s\n", L("décision du jury", "jury decision"), j->computed, j->code,
            j->reason ? " — " : "", j->reason ? j->reason : "");
}

/* ---- conditions: the values that decided them ---- */

typedef struct Seen {
  char *v[64];           /* texts already shown */
  int n;                 /* how many */
} Seen;

static void value_text(const Ex *X, int t, mpq_srcptr q, bool b, char *buf, size_t n) {
  if (t == 1) numv(X, q, buf, n);
  else if (t == 2) snprintf(buf, n, "%s", b ? L("oui", "yes") : L("non", "no"));
  else snprintf(buf, n, "%s", L("indéfini", "undefined"));
}

static void show_values(const Ex *X, const Node *e, Seen *seen, bool *first) {
  if (!e) return;
  bool leaf = e->kind == N_AGG || e->kind == N_NAME || (e->kind == N_BUILTIN && e->op != BI_TRUE && e->op != BI_FALSE);
  if (leaf) {
    char *txt = fmt_expr(e);
    for (int i = 0; i < seen->n; i++)
      if (!strcmp(seen->v[i], txt)) {
        free(txt);
        return;
      }
    mpq_t q;
    mpq_init(q);
    bool b = false;
    int t = eval_value(X->r, e, q, &b);
    char v[64];
    value_text(X, t, q, b, v, sizeof v);
    fprintf(X->out, "%s%s = %s", *first ? "" : ", ", txt, v);
    *first = false;
    mpq_clear(q);
    if (seen->n < 64) seen->v[seen->n++] = txt;
    else free(txt);
    if (e->kind == N_NAME) { /* and what the named condition is made of */
      int ci = model_cond_index(X->m, e);
      if (ci >= 0) show_values(X, X->m->conds[ci]->expr, seen, first);
    }
    return;
  }
  show_values(X, e->lhs, seen, first);
  show_values(X, e->rhs, seen, first);
}

static void seen_free(Seen *s) {
  for (int i = 0; i < s->n; i++) free(s->v[i]);
  s->n = 0;
}

static void explain_decision(const Ex *X) {
  const YearRecord *r = X->r;
  const Model *m = X->m;
  char c[512];
  if (r->midyear) {
    fprintf(X->out, "%s\n", L("Jury de mi-année : les UE du semestre impair seulement, pas de RCUE ni de décision d’année",
                              "Mid-year jury: the odd semester's UEs only, no RCUE and no year decision"));
    return;
  }
  cite(X, m->decision_node, c, sizeof c);
  fprintf(X->out, "%s%s — %s %d%s :\n", L("Décision", "Decision"), c, L("tentative n°", "attempt #"), r->attempt,
          L(" de cette année d’études", " of this year of study"));
  for (int i = 0; i < m->nclauses; i++) {
    const MClause *cl = &m->clauses[i];
    bool held = r->clause == cl;
    if (!cl->expr) {
      fprintf(X->out, "  %s %s%s\n", cl->code, L("sinon", "otherwise"), held ? " → " : "");
      if (held) fprintf(X->out, "  → %s\n", cl->code);
      break;
    }
    char *txt = fmt_expr(cl->expr);
    fprintf(X->out, "  %s %s %s — ", cl->code, L("si", "if"), txt);
    free(txt);
    Seen seen = {{0}, 0};
    bool first = true;
    show_values(X, cl->expr, &seen, &first);
    seen_free(&seen);
    fprintf(X->out, " : %s\n", held ? L("oui", "yes") : L("non", "no"));
    if (held) {
      fprintf(X->out, "  → %s\n", cl->code);
      break;
    }
  }
  const JuryApplied *j = jury_for(r, "year");
  if (j)
    fprintf(X->out, "  %s : %s → %s%s%s\n", L("décision du jury", "jury decision"), j->computed, j->code,
            j->reason ? " — " : "", j->reason ? j->reason : "");
}

/* The rules file the record was evaluated under (with --rules-for, not
** necessarily the first one given). */
static const char *rules_of(const YearRecord *r) {
  return r->model->src ? r->model->src->name : "?";
}

void explain_text(FILE *out, const YearRecord *r, ExplainLang lang) {
  Ex Xs = {.out = out, .r = r, .m = r->model, .english = lang == EXPLAIN_EN, .mark = lang == EXPLAIN_EN ? '.' : ',',
           .rules = rules_of(r)};
  const Ex *X = &Xs;
  fprintf(out, "%s — %s — %s %d%s%s%s\n", r->student, r->year, L("année", "year"), r->level,
          r->parcours ? ", parcours " : "",
          r->parcours ? r->parcours : "",
          r->attempt > 1 ? L(" (redoublement)", " (repeated year)") : "");
  for (int i = 0; i < r->nues; i++) explain_ue(X, &r->ues[i]);
  for (int i = 0; i < r->nrcues; i++) explain_rcue(X, &r->rcues[i]);
  if (r->nlower) {
    char c[512];
    cite(X, X->m->valid[VI_LOWER], c, sizeof c);
    for (int i = 0; i < r->nlower; i++)
      fprintf(out, "%s — %s (ADSUP)%s\n", r->lower[i].ue,
              L("validée par la validation des deux UE du niveau supérieur", "validated by both UEs of the higher level"), c);
  }
  explain_decision(X);
  fprintf(out, "ECTS : %d %s, %d %s\n", r->ects_year, L("cette année", "this year"), r->ects_total,
          L("au total", "in total"));
  for (int i = 0; i < X->m->ndiplomas; i++) {
    const MDiploma *dp = &X->m->diplomas[i];
    char c[512], *txt = fmt_expr(dp->expr);
    cite(X, dp->node, c, sizeof c);
    mpq_t q;
    mpq_init(q);
    bool b = false;
    int t = eval_value(r, dp->expr, q, &b);
    mpq_clear(q);
    fprintf(out, "%s %s — %s : %s%s\n", dp->name, t == 2 && b ? L("obtenu", "obtained") : L("non obtenu", "not obtained"),
            txt, t == 2 && b ? L("oui", "yes") : L("non", "no"), c);
    free(txt);
  }
  if (r->nblocking) {
    const char *fin = X->m->ndiplomas ? X->m->diplomas[X->m->ndiplomas - 1].name : "?";
    fprintf(out, "%s %s", fin, L("bloqué, UE non acquises :", "blocked, UEs not acquired:"));
    for (int i = 0; i < r->nblocking; i++) fprintf(out, " %s", r->blocking[i]);
    fprintf(out, " — %s\n", L("à décider par le jury", "for the jury to decide"));
  }
}

void explain_json(FILE *out, const YearRecord *r) {
  Ex Xs = {.out = out, .r = r, .m = r->model, .english = true, .mark = '.', .rules = rules_of(r)};
  const Ex *X = &Xs;
  const Model *m = r->model;
  fputs("{\"student\":", out);
  out_json_string(out, r->student);
  fputs(",\"year\":", out);
  out_json_string(out, r->year);
  fprintf(out, ",\"level\":%d,\"rules\":", r->level);
  out_json_string(out, X->rules);
  fputs(",\"ues\":[", out);
  for (int i = 0; i < r->nues; i++) {
    const UeResult *u = &r->ues[i];
    fputs(i ? ",{\"ue\":" : "{\"ue\":", out);
    out_json_string(out, u->id);
    fputs(",\"terms\":[", out);
    bool first = true;
    for (int k = 0; k < u->ue->nentries; k++) {
      const MEntry *e = &u->ue->entries[k];
      if (!counts(r, e)) continue;
      const Grade *g = grade_of(r, e->course);
      char coef[64], v[64] = "null";
      numv(X, e->coef, coef, sizeof coef);
      fprintf(out, "%s{\"course\":", first ? "" : ",");
      out_json_string(out, e->course->id);
      fprintf(out, ",\"coefficient\":%s,\"grade\":", coef);
      if (!g || g->kind == GV_EMPTY) fputs("null", out);
      else if (g->kind == GV_MARK) out_json_string(out, r->read_model->marks[g->mark]->id);
      else {
        mpq_t q;
        mpq_init(q);
        grade_value(g, q);
        num_format_trunc(q, 17, '.', v, sizeof v);
        mpq_clear(q);
        fputs(v, out);
      }
      fputc('}', out);
      first = false;
    }
    fputs("],\"average\":", out);
    if (u->has_avg) {
      char a[64];
      eval_format_avg(m, u->avg, '.', a, sizeof a);
      fprintf(out, "%s%s", a, strchr(a, '.') ? "" : ".0");
    } else fputs("null", out);
    fputs(",\"computed\":", out);
    out_json_string(out, u->computed ? u->computed : u->code);
    fputs(",\"code\":", out);
    out_json_string(out, u->code);
    fprintf(out, ",\"kept\":%s,\"stage_blocked\":%s", u->kept ? "true" : "false", u->stage_blocked ? "true" : "false");
    const MCourse *lc = NULL;
    mpq_t g;
    mpq_init(g);
    if (!u->acquired && !u->pending && explain_lever_ue(r, u, &lc, g) == 1) {
      char gt[64];
      num_format_fixed(g, 2, NUM_TRUNC, '.', gt, sizeof gt);
      fputs(",\"lever\":{\"course\":", out);
      out_json_string(out, lc->id);
      fprintf(out, ",\"grade\":%s}", gt);
    }
    mpq_clear(g);
    const Node *rule = m->valid[VI_UE];
    fprintf(out, ",\"rule_line\":%d}", rule ? rule->loc.first_line : 0);
  }
  fputs("],\"decision\":{\"code\":", out);
  out_json_string_or_null(out, r->midyear ? NULL : r->decision);
  /* as the UEs: what the rules gave, and the jury's word if it changed it */
  fputs(",\"computed\":", out);
  out_json_string_or_null(out, r->midyear ? NULL : r->decision_computed);
  const JuryApplied *jy = jury_for(r, "year");
  if (jy) {
    fputs(",\"jury\":{\"computed\":", out);
    out_json_string(out, jy->computed);
    fputs(",\"code\":", out);
    out_json_string(out, jy->code);
    fputs(",\"reason\":", out);
    out_json_string_or_null(out, jy->reason);
    fputc('}', out);
  }
  fputs(",\"clauses\":[", out);
  for (int i = 0; i < m->nclauses && !r->midyear; i++) {
    const MClause *cl = &m->clauses[i];
    bool held = r->clause == cl;
    char *txt = cl->expr ? fmt_expr(cl->expr) : NULL;
    fprintf(out, "%s{\"code\":", i ? "," : "");
    out_json_string(out, cl->code);
    fputs(",\"condition\":", out);
    out_json_string_or_null(out, txt);
    fprintf(out, ",\"holds\":%s,\"line\":%d}", held ? "true" : "false", cl->node->loc.first_line);
    free(txt);
    if (held) break;
  }
  fputs("]}}\n", out);
}
