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
  mpq_t dist;            /* |moved − avg|, exact: the smallest move is kept */
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
    mpq_clear(n->v[i].dist);
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

/* Every threshold is kept: a rules file may compare averages with as many
** numbers as it likes, and one dropped would hide students at its edge. */
typedef struct ThrItem {
  mpq_t v;               /* value */
  int op;                /* comparison (average on the left) */
} ThrItem;

typedef struct Thr {
  ThrItem *t;            /* thresholds, in the order the rules give them */
  int n, cap;            /* count, allocation */
} Thr;

static void thr_add(Thr *t, const char *text, int op) {
  mpq_t q;
  mpq_init(q);
  if (num_parse(q, text, strlen(text), NULL, 0) != 0) { /* checked by sema: never reached */
    mpq_clear(q);
    return;
  }
  for (int i = 0; i < t->n; i++)
    if (mpq_equal(t->t[i].v, q) && t->t[i].op == op) {
      mpq_clear(q);
      return;
    }
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 8;
    t->t = xrealloc(t->t, (size_t)t->cap * sizeof *t->t);
  }
  ThrItem *it = &t->t[t->n++];
  mpq_init(it->v);
  mpq_swap(it->v, q);
  mpq_clear(q);
  it->op = op;
}

static void thr_clear(Thr *t) {
  for (int i = 0; i < t->n; i++) mpq_clear(t->t[i].v);
  free(t->t);
  t->t = NULL;
  t->n = t->cap = 0;
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
  e = ast_unparen(e);
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
    const Node *l = ast_unparen(e->lhs), *r = ast_unparen(e->rhs);
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

/* ---- what the regulation can see of an average ---- */

/* Grade files hold grades from 0 to 20 (spec/grades-format.md; grades.c and
** the marks' check refuse anything else), and an average is a weighted mean
** of such grades: it stays in that range. This is the grade-file contract,
** the same for every regulation, not a number of one regulation — the Model
** carries no grade bounds — so a move outside it is no move a student can
** make. */
#define GRADE_MIN 0
#define GRADE_MAX 20

/* The smallest change of an average the regulation can see, from the
** model. When the means are rounded (calcul { moyennes arrondies à N
** décimales }), every UE and RCUE average is a multiple of 10^-N: those are
** the only values a move may reach. With exact means any value is
** possible, so there is no smallest change; the step is then one unit of
** the last displayed decimal (affichage N décimales), the smallest change
** a jury reading the averages can see — and a threshold the rules write is
** reached exactly ("t itself" for ">=", t ± that unit for ">" or "<"). */
typedef struct Grid {
  mpq_t step;            /* 10^-dec */
  int dec;               /* decimals of step */
  bool rounded;          /* means rounded to step (the grid is anchored at 0) */
  NumRound round;        /* their rounding, when rounded */
  int show_dec;          /* display decimals */
  NumRound show;         /* display rounding */
} Grid;

static void grid_init(Grid *g, const Model *m) {
  g->rounded = m->round_decimals >= 0;
  g->dec = g->rounded ? m->round_decimals : m->display_decimals;
  g->round = eval_num_mode(m->round_mode);
  g->show_dec = m->display_decimals;
  g->show = eval_num_mode(m->display_mode);
  mpz_t p;
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, (unsigned long)g->dec);
  mpq_init(g->step);
  mpq_set_z(g->step, p);
  mpq_inv(g->step, g->step);
  mpz_clear(p);
}

static void grid_clear(Grid *g) {
  mpq_clear(g->step);
}

static bool holds(mpq_srcptr y, int op, mpq_srcptr t) {
  return ast_cmp_holds(op, mpq_cmp(y, t));
}

/* The value a condition compares when the moved average is x: x itself,
** or (via) the RCUE average a UE average of x gives with the other UE of
** its RCUE, computed as eval.c does (ECTS-weighted, then rounded by the
** rules when the means are rounded). */
typedef struct Lens {
  bool via;              /* through the RCUE */
  mpq_srcptr ea, eb;     /* ECTS of the moved UE and of the other one */
  mpq_srcptr b;          /* the other UE's average */
} Lens;

static void seen(const Lens *l, const Grid *g, mpq_srcptr x, mpq_t y) {
  if (!l->via) {
    mpq_set(y, x);
    return;
  }
  mpq_t w;
  mpq_init(w);
  mpq_mul(y, x, l->ea);
  mpq_mul(w, l->b, l->eb);
  mpq_add(y, y, w);
  mpq_add(w, l->ea, l->eb);
  if (mpq_sgn(w) == 0) mpq_set_ui(w, 1, 1);
  mpq_div(y, y, w);
  if (g->rounded) num_round(y, y, g->dec, g->round);
  mpq_clear(w);
}

/* Search state: the grid x(k) = anchor + k·step and what crossing means. */
typedef struct Cross {
  const Grid *g;
  const Lens *l;
  mpq_srcptr anchor;     /* 0 for rounded means, else see near_record */
  mpq_srcptr t;          /* threshold */
  int dir;               /* +1 up, -1 down */
  bool closed;           /* t itself is on the far side (">=" up, "<=" down) */
  mpq_t x, y;            /* scratch: the candidate, the value compared */
} Cross;

static void at(Cross *c, mpz_srcptr k) {
  mpq_set_z(c->x, k);
  mpq_mul(c->x, c->x, c->g->step);
  mpq_add(c->x, c->x, c->anchor);
}

/* Is the value compared past t, in c->dir, when the average is x(k)? */
static bool past(Cross *c, mpz_srcptr k) {
  at(c, k);
  seen(c->l, c->g, c->x, c->y);
  int s = mpq_cmp(c->y, c->t) * c->dir;
  return c->closed ? s >= 0 : s > 0;
}

/* (v − anchor) / step, as an integer rounded down (ceil false) or up. */
static void index_of(const Cross *c, mpq_srcptr v, bool ceil, mpz_t k) {
  mpq_t q;
  mpq_init(q);
  mpq_sub(q, v, c->anchor);
  mpq_div(q, q, c->g->step);
  if (ceil) mpz_cdiv_q(k, mpq_numref(q), mpq_denref(q));
  else mpz_fdiv_q(k, mpq_numref(q), mpq_denref(q));
  mpq_clear(q);
}

/* The grid value nearest to average a in direction dir, at most `margin`
** from it and within the grade range, at which condition "value op t"
** (value as the lens sees it, now cur) changes its truth; false if none.
** The value compared never decreases with a, so the values past t form one
** side of the range and a bisection finds the first of them. */
static bool flip(const Grid *g, const Lens *l, mpq_srcptr anchor, mpq_srcptr margin, mpq_srcptr a, mpq_srcptr cur,
                 mpq_srcptr t, int op, int dir, mpq_t out) {
  int side = mpq_cmp(cur, t);
  /* which side t itself lies on: the side where "op" holds for ">=" and
  ** "<", the other one for ">" and "<="; for "=" and "≠", t is a side of
  ** its own, reached from either direction and left in both */
  bool closed;
  if (op == OP_EQ || op == OP_NE) closed = side * dir < 0;
  else closed = dir > 0 ? (op == OP_GE || op == OP_LT) : (op == OP_GT || op == OP_LE);
  int s = side * dir;
  if (closed ? s >= 0 : s > 0) return false; /* already past t that way */
  Cross c = {.g = g, .l = l, .anchor = anchor, .t = t, .dir = dir, .closed = closed};
  mpq_init(c.x);
  mpq_init(c.y);
  mpq_t end;
  mpz_t lo, hi, mid;
  mpq_init(end);
  mpz_init(lo);
  mpz_init(hi);
  mpz_init(mid);
  /* the far end of the search: a ± margin, inside the grade range */
  if (dir > 0) {
    mpq_add(end, a, margin);
    if (mpq_cmp_si(end, GRADE_MAX, 1) > 0) mpq_set_si(end, GRADE_MAX, 1);
    index_of(&c, a, false, lo);
    mpz_add_ui(lo, lo, 1); /* strictly above a */
    index_of(&c, end, false, hi);
  } else {
    mpq_sub(end, a, margin);
    if (mpq_cmp_si(end, GRADE_MIN, 1) < 0) mpq_set_si(end, GRADE_MIN, 1);
    index_of(&c, end, true, lo);
    index_of(&c, a, true, hi);
    mpz_sub_ui(hi, hi, 1); /* strictly below a */
  }
  bool found = mpz_cmp(lo, hi) <= 0 && past(&c, dir > 0 ? hi : lo);
  if (found) {
    /* up: the smallest k past t; down: the largest */
    while (mpz_cmp(lo, hi) < 0) {
      mpz_add(mid, lo, hi);
      if (dir > 0) {
        mpz_fdiv_q_2exp(mid, mid, 1);
        if (past(&c, mid)) mpz_set(hi, mid);
        else mpz_add_ui(lo, mid, 1);
      } else {
        mpz_cdiv_q_2exp(mid, mid, 1);
        if (past(&c, mid)) mpz_set(lo, mid);
        else mpz_sub_ui(hi, mid, 1);
      }
    }
    at(&c, lo);
    seen(l, g, c.x, c.y);
    /* "=" can be jumped over (a rounded RCUE average skipping t) */
    found = holds(c.y, op, t) != holds(cur, op, t);
    mpq_set(out, c.x);
  }
  mpq_clear(c.x);
  mpq_clear(c.y);
  mpq_clear(end);
  mpz_clear(lo);
  mpz_clear(hi);
  mpz_clear(mid);
  return found;
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

/* ---- findings ---- */

static void add_finding(NearScan *n, const Grid *g, const YearRecord *r, const char *target, const char *via,
                        mpq_srcptr avg, mpq_srcptr thr, mpq_srcptr moved, const char *to) {
  mpq_t d;
  mpq_init(d);
  mpq_sub(d, moved, avg);
  mpq_abs(d, d);
  char t[32];
  num_format_trunc(thr, 6, ',', t, sizeof t);
  Finding *f = NULL;
  /* one line per target and threshold value: the first found; of two
  ** moves of the same kind (">= 8" and "> 8", or "!= 8", are one threshold
  ** to the reader), the smaller one */
  for (size_t i = 0; i < n->n && !f; i++)
    if (!strcmp(n->v[i].student, r->student) && !strcmp(n->v[i].year, r->year) && !strcmp(n->v[i].target, target) &&
        !strcmp(t, n->v[i].threshold)) {
      if (strcmp(via, n->v[i].via) || mpq_cmp(d, n->v[i].dist) >= 0) {
        mpq_clear(d);
        return;
      }
      f = &n->v[i];
      free(f->via);
    }
  if (!f) {
    if (n->n == n->cap) {
      n->cap = n->cap ? n->cap * 2 : 32;
      n->v = xrealloc(n->v, n->cap * sizeof *n->v);
    }
    f = &n->v[n->n++];
    memset(f, 0, sizeof *f);
    f->student = xstrdup(r->student);
    f->year = xstrdup(r->year);
    f->target = xstrdup(target);
    memcpy(f->threshold, t, sizeof t);
    mpq_init(f->dist);
  }
  f->via = xstrdup(via);
  mpq_swap(f->dist, d);
  mpq_clear(d);
  /* averages as the rules display them (affichage) */
  num_format_fixed(avg, g->show_dec, g->show, ',', f->avg, sizeof f->avg);
  num_format_fixed(moved, g->show_dec, g->show, ',', f->moved, sizeof f->moved);
  /* the margin rounded up (never shown smaller than it is), with the
  ** step's decimals too when the means are rounded finer than shown */
  num_format_fixed(f->dist, g->dec > g->show_dec ? g->dec : g->show_dec, NUM_UP, ',', f->margin, sizeof f->margin);
  f->from = r->decision;
  f->to = to;
}

/* Evaluate the student with p and record a finding if the decision flips. */
static void try_move(NearScan *n, const Grid *g, const Student *s, const YearRecord *r, EvalPerturb *p,
                     const char *target, const char *via, mpq_srcptr avg, mpq_srcptr thr, mpq_srcptr v) {
  p->value = v;
  const char *to = decide_if(n, s, p);
  if (to && strcmp(to, r->decision)) add_finding(n, g, r, target, via, avg, thr, v, to);
}

void near_record(NearScan *n, const YearRecord *r, Diags *d) {
  (void)d;
  if (r->midyear || !r->decision || r->from_history) return;
  const Student *s = cohort_find(n->cohort, r->student);
  if (!s) return;
  const Model *m = r->model;
  Thr ue = {0}, rc = {0};
  thresholds(m, &ue, &rc);
  Grid g;
  grid_init(&g, m);
  mpq_t v, zero;
  mpq_init(v);
  mpq_init(zero);
  /* Direct moves: with rounded means the average itself is on the grid
  ** anchored at 0; with exact means the grid is anchored at the threshold,
  ** so that t itself is reachable and ">" / "<" mean t ± one step. */
  const Lens direct = {.via = false};
  EvalPerturb p = {.year = r->year};
  /* UEs: directly, and through their RCUE */
  for (int i = 0; i < r->nues; i++) {
    const UeResult *u = &r->ues[i];
    if (!u->has_avg) continue;
    p.ue = u->id;
    for (int k = 0; k < ue.n; k++)
      for (int dir = -1; dir <= 1; dir += 2) {
        mpq_srcptr anchor = g.rounded ? zero : ue.t[k].v;
        if (flip(&g, &direct, anchor, n->margin, u->avg, u->avg, ue.t[k].v, ue.t[k].op, dir, v) &&
            within(n, v, u->avg))
          try_move(n, &g, s, r, &p, u->id, "", u->avg, ue.t[k].v, v);
      }
    for (int j = 0; j < r->nrcues; j++) {
      const RcueResult *c = &r->rcues[j];
      if (!c->has_avg || (c->ue[0] != i && c->ue[1] != i)) continue;
      const UeResult *o = &r->ues[c->ue[0] == i ? c->ue[1] : c->ue[0]];
      if (!o->has_avg) continue;
      /* the UE average is a value the rules compute (the grid at 0, with
      ** exact means too: the RCUE threshold is not the UE's) */
      const Lens via = {.via = true, .ea = u->ue->ects, .eb = o->ue->ects, .b = o->avg};
      char why[64];
      snprintf(why, sizeof why, "par son RCUE C%d", c->competence);
      for (int k = 0; k < rc.n; k++)
        for (int dir = -1; dir <= 1; dir += 2)
          if (flip(&g, &via, zero, n->margin, u->avg, c->avg, rc.t[k].v, rc.t[k].op, dir, v) &&
              within(n, v, u->avg))
            try_move(n, &g, s, r, &p, u->id, why, u->avg, rc.t[k].v, v);
    }
  }
  /* RCUEs directly */
  p.ue = NULL;
  for (int j = 0; j < r->nrcues; j++) {
    const RcueResult *c = &r->rcues[j];
    if (!c->has_avg) continue;
    p.competence = c->competence;
    char t[32];
    snprintf(t, sizeof t, "RCUE C%d", c->competence);
    for (int k = 0; k < rc.n; k++)
      for (int dir = -1; dir <= 1; dir += 2) {
        mpq_srcptr anchor = g.rounded ? zero : rc.t[k].v;
        if (flip(&g, &direct, anchor, n->margin, c->avg, c->avg, rc.t[k].v, rc.t[k].op, dir, v) &&
            within(n, v, c->avg))
          try_move(n, &g, s, r, &p, t, "", c->avg, rc.t[k].v, v);
      }
  }
  mpq_clear(v);
  mpq_clear(zero);
  grid_clear(&g);
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
      out_json_string_or_null(out, *f->via ? f->via : NULL);
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
