/*
** near.c — near misses (see near.h).
*/
#include "near.h"
#include "num.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

typedef struct Finding {
  char *student;         /* id */
  char *year;            /* academic year */
  char *target;          /* "UE1.3" or "RCUE C3" */
  char *via;             /* "" or "par son RCUE C3" */
  char avg[32];          /* its average, as shown */
  char threshold[32];    /* the threshold crossed */
  char moved[32];        /* the average that flips the decision */
  char margin[32];       /* |moved − avg| */
  const char *from;      /* decision */
  const char *to;        /* decision after the move */
} Finding;

struct NearScan {
  EvalHooks base;        /* the main run's hooks */
  const Cohort *cohort;  /* students */
  EvalCtx *ev;           /* second evaluator for the hypotheses */
  mpq_t margin;          /* the margin */
  Finding *v;            /* findings, in emission order */
  size_t n, cap;         /* count, allocation */
  /* capture of a hypothetical run */
  const char *want_year; /* year whose decision is captured */
  const char *got;       /* its decision (interned by the model or a jury code) */
};

NearScan *near_new(const EvalHooks *hooks, const Cohort *cohort, mpq_srcptr margin) {
  NearScan *n = xcalloc(1, sizeof *n);
  n->base = *hooks;
  n->cohort = cohort;
  n->ev = eval_new();
  mpq_init(n->margin);
  mpq_set(n->margin, margin);
  return n;
}

void near_free(NearScan *n) {
  if (!n) return;
  for (size_t i = 0; i < n->n; i++) {
    free(n->v[i].student);
    free(n->v[i].year);
    free(n->v[i].target);
    free(n->v[i].via);
  }
  free(n->v);
  eval_free(n->ev);
  mpq_clear(n->margin);
  free(n);
}

long near_count(const NearScan *n) {
  return (long)n->n;
}

/* ---- thresholds the rules compare averages with ---- */

typedef struct Thr {
  mpq_t v[16];           /* values */
  int op[16];            /* comparison (average on the left) */
  int n;                 /* how many */
} Thr;

static void thr_add(Thr *t, const char *text, int op) {
  if (t->n >= 16) return;
  mpq_init(t->v[t->n]);
  if (num_parse(t->v[t->n], text, strlen(text), NULL, 0) != 0) {
    mpq_clear(t->v[t->n]);
    return;
  }
  for (int i = 0; i < t->n; i++)
    if (mpq_equal(t->v[i], t->v[t->n]) && t->op[i] == op) {
      mpq_clear(t->v[t->n]);
      return;
    }
  t->op[t->n++] = op;
}

static void thr_clear(Thr *t) {
  for (int i = 0; i < t->n; i++) mpq_clear(t->v[i]);
  t->n = 0;
}

static const Node *unparen(const Node *e) {
  while (e && e->kind == N_PAREN) e = e->lhs;
  return e;
}

static int mirror(int op) {
  switch (op) {
  case OP_LT: return OP_GT;
  case OP_LE: return OP_GE;
  case OP_GT: return OP_LT;
  case OP_GE: return OP_LE;
  default: return op;
  }
}

/* Collect "X op number" where X is moyenne (kind 0) or min/max over a set of
** kind SK_UE / SK_RCUE. */
/* seen: per condition, the (want_set, avg_ok) walks that went through it
** already (bit 1 << (2·(want_set == SK_RCUE) + avg_ok)): once is enough,
** thr_add keeping each threshold once (conditions naming one condition
** twice, at every level, are otherwise walked 2^levels times). */
static void collect(const Model *m, const Node *e, int want_set, bool avg_ok, Thr *t, int depth,
                    unsigned char *seen) {
  e = unparen(e);
  if (!e || depth > AST_MAX_DEPTH) return; /* bounded by the checker: never reached */
  if (e->kind == N_NAME) {
    unsigned char bit = (unsigned char)(1u << (2 * (want_set == SK_RCUE) + avg_ok));
    int i = model_cond_index(m, e);
    if (i >= 0 && !(seen[i] & bit)) {
      seen[i] |= bit;
      collect(m, m->conds[i]->expr, want_set, avg_ok, t, depth + 1, seen);
    }
    return;
  }
  if (e->kind == N_BINARY && e->op >= OP_EQ && e->op <= OP_GE) {
    const Node *l = unparen(e->lhs), *r = unparen(e->rhs);
    int op = e->op;
    if (l->kind == N_NUMBER) {
      const Node *x = l;
      l = r;
      r = x;
      op = mirror(op);
    }
    bool subject = (avg_ok && l->kind == N_BUILTIN && l->op == BI_AVERAGE) ||
                   (l->kind == N_AGG && (l->op == AG_MIN || l->op == AG_MAX) && l->lhs->op == want_set);
    if (subject && r->kind == N_NUMBER) thr_add(t, r->n[0].text, op);
    return;
  }
  collect(m, e->lhs, want_set, avg_ok, t, depth + 1, seen);
  collect(m, e->rhs, want_set, avg_ok, t, depth + 1, seen);
}

static void thresholds(const Model *m, Thr *ue, Thr *rcue) {
  unsigned char *seen = xcalloc((size_t)m->nconds + 1, 1);
  collect(m, m->ue_cond, SK_UE, true, ue, 0, seen);
  collect(m, m->rcue_cond, SK_RCUE, true, rcue, 0, seen);
  for (int i = 0; i < m->nclauses; i++) {
    collect(m, m->clauses[i].expr, SK_UE, false, ue, 0, seen);
    collect(m, m->clauses[i].expr, SK_RCUE, false, rcue, 0, seen);
  }
  free(seen);
}

/* ---- hypothetical runs ---- */

static void capture(const YearRecord *r, void *ctx) {
  NearScan *n = ctx;
  if (!strcmp(r->year, n->want_year)) n->got = r->decision;
}

static const Model *fwd_model(int start, void *ctx) {
  NearScan *n = ctx;
  return n->base.model_for(start, n->base.ctx);
}
static const Override *fwd_ovs(const char *s, int *k, void *ctx) {
  NearScan *n = ctx;
  *k = 0;
  return n->base.overrides ? n->base.overrides(s, k, n->base.ctx) : NULL;
}
static const YearRecord *fwd_hist(const char *s, int *k, void *ctx) {
  NearScan *n = ctx;
  *k = 0;
  return n->base.history ? n->base.history(s, k, n->base.ctx) : NULL;
}

/* The decision of year `year` if `p` held; NULL if none. */
static const char *decide_if(NearScan *n, const Student *s, const EvalPerturb *p) {
  EvalHooks h = {.model_for = fwd_model, .overrides = fwd_ovs, .history = fwd_hist, .emit = capture, .ctx = n, .hypothetical = true};
  Diags quiet;
  diags_init(&quiet);
  n->want_year = p->year;
  n->got = NULL;
  eval_set_perturb(n->ev, p);
  eval_student(n->ev, s, &h, &quiet);
  eval_set_perturb(n->ev, NULL);
  diags_free(&quiet);
  return n->got;
}

static void fmt2(mpq_srcptr q, char *buf, size_t size) {
  num_format_fixed(q, 2, NUM_TRUNC, ',', buf, size);
}

static void add_finding(NearScan *n, const YearRecord *r, const char *target, const char *via, mpq_srcptr avg,
                        mpq_srcptr thr, mpq_srcptr moved, const char *to) {
  for (size_t i = 0; i < n->n; i++) /* one line per target and threshold */
    if (!strcmp(n->v[i].student, r->student) && !strcmp(n->v[i].year, r->year) && !strcmp(n->v[i].target, target)) {
      char t[32];
      num_format_trunc(thr, 6, ',', t, sizeof t);
      if (!strcmp(t, n->v[i].threshold)) return;
    }
  if (n->n == n->cap) {
    n->cap = n->cap ? n->cap * 2 : 32;
    n->v = xrealloc(n->v, n->cap * sizeof *n->v);
  }
  Finding *f = &n->v[n->n++];
  memset(f, 0, sizeof *f);
  f->student = xstrdup(r->student);
  f->year = xstrdup(r->year);
  f->target = xstrdup(target);
  f->via = xstrdup(via);
  fmt2(avg, f->avg, sizeof f->avg);
  num_format_trunc(thr, 6, ',', f->threshold, sizeof f->threshold);
  fmt2(moved, f->moved, sizeof f->moved);
  mpq_t d;
  mpq_init(d);
  mpq_sub(d, moved, avg);
  mpq_abs(d, d);
  num_format_fixed(d, 2, NUM_UP, ',', f->margin, sizeof f->margin);
  mpq_clear(d);
  f->from = r->decision;
  f->to = to;
}

/* The value just past threshold t from average a: t itself when moving up
** to a ">=" threshold, t + 0.01 for ">", t − 0.01 when moving down. */
static bool move_to(mpq_srcptr a, mpq_srcptr t, int op, mpq_t out) {
  mpq_t step;
  mpq_init(step);
  mpq_set_ui(step, 1, 100);
  bool up = mpq_cmp(a, t) < 0;
  if (op == OP_GE || op == OP_LT) { /* boundary value belongs to the upper side */
    if (up) mpq_set(out, t);
    else mpq_sub(out, t, step);
  } else {
    if (up) mpq_add(out, t, step);
    else mpq_set(out, t);
  }
  mpq_clear(step);
  bool in_range = mpq_sgn(out) >= 0 && mpq_cmp_ui(out, 20, 1) <= 0;
  return in_range;
}

static bool within(NearScan *n, mpq_srcptr a, mpq_srcptr b) {
  mpq_t d;
  mpq_init(d);
  mpq_sub(d, a, b);
  mpq_abs(d, d);
  bool ok = mpq_cmp(d, n->margin) <= 0 && mpq_sgn(d) != 0;
  mpq_clear(d);
  return ok;
}

void near_record(NearScan *n, const YearRecord *r, Diags *d) {
  (void)d;
  if (r->midyear || !r->decision || r->from_history) return;
  const Student *s = cohort_find(n->cohort, r->student);
  if (!s) return;
  const Model *m = r->model;
  Thr ue = {.n = 0}, rc = {.n = 0};
  thresholds(m, &ue, &rc);
  mpq_t v, need, tmp;
  mpq_init(v);
  mpq_init(need);
  mpq_init(tmp);
  EvalPerturb p = {.year = r->year};
  /* UEs: directly, and through their RCUE */
  for (int i = 0; i < r->nues; i++) {
    const UeResult *u = &r->ues[i];
    if (!u->has_avg) continue;
    p.ue = u->id;
    for (int k = 0; k < ue.n; k++) {
      if (!move_to(u->avg, ue.v[k], ue.op[k], v) || !within(n, v, u->avg)) continue;
      p.value = v;
      const char *to = decide_if(n, s, &p);
      if (to && strcmp(to, r->decision)) add_finding(n, r, u->id, "", u->avg, ue.v[k], v, to);
    }
    for (int j = 0; j < r->nrcues; j++) {
      const RcueResult *c = &r->rcues[j];
      if (!c->has_avg || (c->ue[0] != i && c->ue[1] != i)) continue;
      const UeResult *o = &r->ues[c->ue[0] == i ? c->ue[1] : c->ue[0]];
      if (!o->has_avg) continue;
      for (int k = 0; k < rc.n; k++) {
        /* the UE average giving RCUE average t: (t(ea+eb) − eb·b) / ea */
        mpq_set_si(need, u->ue->ects_int + o->ue->ects_int, 1);
        mpq_mul(need, need, rc.v[k]);
        mpq_set_si(tmp, o->ue->ects_int, 1);
        mpq_mul(tmp, tmp, o->avg);
        mpq_sub(need, need, tmp);
        mpq_set_si(tmp, u->ue->ects_int > 0 ? u->ue->ects_int : 1, 1);
        mpq_div(need, need, tmp);
        /* to 2 decimals, on the side that crosses */
        mpq_set_ui(tmp, 100, 1);
        mpq_mul(need, need, tmp);
        mpz_t z;
        mpz_init(z);
        bool up = mpq_cmp(c->avg, rc.v[k]) < 0;
        if (up) mpz_cdiv_q(z, mpq_numref(need), mpq_denref(need));
        else {
          mpz_cdiv_q(z, mpq_numref(need), mpq_denref(need));
          mpz_sub_ui(z, z, 1);
        }
        mpq_set_z(v, z);
        mpq_div(v, v, tmp);
        mpz_clear(z);
        if (mpq_sgn(v) < 0 || mpq_cmp_ui(v, 20, 1) > 0 || !within(n, v, u->avg)) continue;
        p.value = v;
        const char *to = decide_if(n, s, &p);
        char via[64];
        snprintf(via, sizeof via, "par son RCUE C%d", c->competence);
        if (to && strcmp(to, r->decision)) add_finding(n, r, u->id, via, u->avg, rc.v[k], v, to);
      }
    }
  }
  /* RCUEs directly */
  p.ue = NULL;
  for (int j = 0; j < r->nrcues; j++) {
    const RcueResult *c = &r->rcues[j];
    if (!c->has_avg) continue;
    p.competence = c->competence;
    for (int k = 0; k < rc.n; k++) {
      if (!move_to(c->avg, rc.v[k], rc.op[k], v) || !within(n, v, c->avg)) continue;
      p.value = v;
      const char *to = decide_if(n, s, &p);
      char t[32];
      snprintf(t, sizeof t, "RCUE C%d", c->competence);
      if (to && strcmp(to, r->decision)) add_finding(n, r, t, "", c->avg, rc.v[k], v, to);
    }
  }
  mpq_clear(v);
  mpq_clear(need);
  mpq_clear(tmp);
  thr_clear(&ue);
  thr_clear(&rc);
}

void near_print(const NearScan *n, FILE *out, bool json) {
  for (size_t i = 0; i < n->n; i++) {
    const Finding *f = &n->v[i];
    if (json) {
      fputs("{\"student\":", out);
      out_json_string(out, f->student);
      fputs(",\"year\":", out);
      out_json_string(out, f->year);
      fputs(",\"target\":", out);
      out_json_string(out, f->target);
      fputs(",\"via\":", out);
      if (*f->via) out_json_string(out, f->via);
      else fputs("null", out);
      char a[32], t[32], mv[32], mg[32];
      /* JSON numbers use '.' */
      snprintf(a, sizeof a, "%s", f->avg);
      snprintf(t, sizeof t, "%s", f->threshold);
      snprintf(mv, sizeof mv, "%s", f->moved);
      snprintf(mg, sizeof mg, "%s", f->margin);
      for (char *c = a; *c; c++) if (*c == ',') *c = '.';
      for (char *c = t; *c; c++) if (*c == ',') *c = '.';
      for (char *c = mv; *c; c++) if (*c == ',') *c = '.';
      for (char *c = mg; *c; c++) if (*c == ',') *c = '.';
      fprintf(out, ",\"average\":%s,\"threshold\":%s,\"moved_to\":%s,\"margin\":%s,\"decision\":", a, t, mv, mg);
      out_json_string(out, f->from);
      fputs(",\"would_be\":", out);
      out_json_string(out, f->to);
      fputs("}\n", out);
    } else {
      fprintf(out, "%s %s : %s %s → %s%s%s (seuil %s, écart %s) : décision %s → %s\n", f->student, f->year,
              f->target, f->avg, f->moved, *f->via ? ", " : "", f->via, f->threshold, f->margin, f->from, f->to);
    }
  }
}
