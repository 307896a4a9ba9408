/*
** diff.c — semantic diff of two regulations and its impact on a cohort
** (see diff.h).
**
** Owner: the `mccc diff` command (issue 4, parts 3 and 4). This file owns
** diff_models / diff_impact / diff_command and their output; it reads the
** models and the AST (for what the model does not keep: vote, citations of
** the calcul items, provisions) and never modifies them.
**
** How things are matched: courses, UEs, parcours, marks, conditions,
** diplomas, jury codes by id; competences and years by number; decision
** clauses by code (and occurrence); provisions by their article. Numbers
** are written back exactly in French (8,5; every decimal, however many, or
** a fraction 1/3 when the expansion does not end), so that comparing their
** texts compares the values exactly (mpq), never a rounded view; expressions
** are written back as canonical text (parentheses only where precedence
** needs them, numbers normalised, the semesters of "UE de …" by number),
** so a change of layout, comments, accents of keywords, redundant
** parentheses or "S1 S2" for "S1 à S2" is no change. Diplomas: also which
** one is declared last (the final one for the evaluator).
**
** --impact matches UEs through the renamings the diff finds, courses
** likewise, and diplomas by name.
**
** Parcours: everything that may depend on the parcours is compared once per
** parcours present in both files ("context"); identical changes found in
** several contexts are merged into one change carrying the set of contexts.
**
** Memory: temporaries live in a scratch arena freed at the end of
** diff_models(); every string of a change is copied into the DiffOut arena.
*/
#include "diff.h"

#include "ast.h"
#include "eval.h"
#include "num.h"
#include "output.h"
#include "parse.h"
#include "source.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------
** Small strings
*/

typedef struct Sb {
  char *s;     /* NUL-terminated text, or NULL when empty */
  size_t n;    /* length */
  size_t cap;  /* allocated */
} Sb;

static void sb_add(Sb *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t c = b->cap ? b->cap : 64;
    while (c < b->n + n + 1) c *= 2;
    b->s = xrealloc(b->s, c);
    b->cap = c;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

static void sb_puts(Sb *b, const char *s) {
  if (s) sb_add(b, s, strlen(s));
}

static void sb_printf(Sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(Sb *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int w = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (w < 0) return;
  if ((size_t)w < sizeof small) {
    sb_add(b, small, (size_t)w);
    return;
  }
  char *big = xmalloc((size_t)w + 1);
  va_start(ap, fmt);
  vsnprintf(big, (size_t)w + 1, fmt, ap);
  va_end(ap);
  sb_add(b, big, (size_t)w);
  free(big);
}

static const char *sb_str(const Sb *b) { return b->s ? b->s : ""; }

static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* An exact number in French: 8,5 — 40 — 0,125 — 8,000000000000000000001.
** Every decimal is written, however many: changes are found by comparing
** these texts, so two numbers must have the same text exactly when they are
** equal (a threshold raised by 10^-21 is a change, and the reader must see
** both values differ). A number with no finite decimal expansion (none is
** written in a rules file, but a sum or a later computation could make one)
** is written as its reduced fraction, "1/3", for the same reason. */
static void sb_q(Sb *b, mpq_srcptr q) {
  /* decimals needed: the larger power of 2 or 5 in the denominator (q is
  ** canonical), when nothing else divides it */
  mpz_t d;
  mpz_init_set(d, mpq_denref(q));
  mp_bitcnt_t twos = mpz_scan1(d, 0);
  mpz_tdiv_q_2exp(d, d, twos);
  unsigned long fives = 0;
  while (mpz_divisible_ui_p(d, 5)) {
    mpz_divexact_ui(d, d, 5);
    fives++;
  }
  bool finite = mpz_cmp_ui(d, 1) == 0;
  mpz_clear(d);
  if (!finite) {
    char *t = xmalloc(mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3);
    mpq_get_str(t, 10, q);
    sb_puts(b, t);
    free(t);
    return;
  }
  int dec = (int)(twos > fives ? twos : fives);
  int w = num_format_trunc(q, dec, ',', NULL, 0);
  if (w < 0) return; /* out of memory: xmalloc would have stopped first */
  char *t = xmalloc((size_t)w + 1);
  num_format_trunc(q, dec, ',', t, (size_t)w + 1);
  sb_puts(b, t);
  free(t);
}

/* A number token as written ("8.50", "8,5") in its normal form ("8,5"). */
static void sb_numtok(Sb *b, const char *t) {
  mpq_t q;
  mpq_init(q);
  if (t && num_parse(q, t, strlen(t), NULL, 0) == 0) sb_q(b, q);
  else sb_puts(b, t);
  mpq_clear(q);
}

/* ---------------------------------------------------------------------------
** Expressions as canonical text: the language's words (as `mccc fmt` writes
** them), parentheses only where the grammar's precedence needs them.
*/

/* Binding strength, as grammar/parser.y declares it. */
static int prec(const Node *e) {
  e = ast_unparen(e);
  if (!e) return 9;
  if (e->kind == N_BINARY) {
    switch (e->op) {
    case OP_OR: return 1;
    case OP_AND: return 2;
    case OP_ADD: case OP_SUB: return 5;
    case OP_MUL: case OP_DIV: return 6;
    default: return 4; /* comparisons */
    }
  }
  if (e->kind == N_UNARY) return e->op == OP_NOT ? 3 : 7;
  return 9;
}

/* m: the model e belongs to (to write semester sets canonically). */
static void sb_expr(Sb *b, const Model *m, const Node *e);

static void sb_sub(Sb *b, const Model *m, const Node *e, bool paren) {
  if (paren) sb_puts(b, "(");
  sb_expr(b, m, e);
  if (paren) sb_puts(b, ")");
}

/* The semesters a "UE de …" list names, as a set of semester numbers: what
** sema resolves it to (the numbers it wrote into the tree; the model's
** semesters when it did not), so that "S1 S2", "S2 S1" and "S1 à S2" are
** one set. Only numbers of semesters m has count: the evaluator takes the
** UEs of m's semesters whose number is in the set, nothing else. */
static uint64_t set_sems(const Model *m, const Node *s) {
  uint64_t mask = 0;
  for (const Node *r = s->body; r; r = r->next) {
    int lo = r->op, hi = r->op2;
    if (lo <= 0) {
      const MSemester *a = model_semester(m, r->a.text);
      const MSemester *z = r->b.text ? model_semester(m, r->b.text) : a;
      if (!a || !z) continue;
      lo = a->num;
      hi = z->num;
    }
    for (int n = lo < 0 ? 0 : lo; n <= hi && n < 64; n++) mask |= UINT64_C(1) << n;
  }
  uint64_t have = 0;
  for (int i = 0; i < m->nsems; i++)
    if (m->sems[i]->num >= 0 && m->sems[i]->num < 64) have |= UINT64_C(1) << m->sems[i]->num;
  return mask & have;
}

static const char *sem_of_num(const Model *m, int num) {
  for (int i = 0; i < m->nsems; i++)
    if (m->sems[i]->num == num) return m->sems[i]->id;
  return "?";
}

/* "UE de S1 S2 acquises", its semesters canonical (see set_sems): in the
** order of their numbers, each run of three or more consecutive semesters
** written "S1 à S4", shorter runs listed ("S1 S2", as written most often). */
static void sb_set(Sb *b, const Model *m, const Node *s) {
  bool ue = s->op == SK_UE;
  sb_puts(b, ue ? "UE" : "RCUE");
  if (s->body) {
    sb_puts(b, " de");
    uint64_t mask = set_sems(m, s);
    for (int n = 0; n < 64; n++) {
      if (!((mask >> n) & 1u)) continue;
      int z = n;
      while (z + 1 < 64 && ((mask >> (z + 1)) & 1u)) z++;
      if (z - n >= 2) {
        sb_printf(b, " %s à %s", sem_of_num(m, n), sem_of_num(m, z));
      } else {
        for (int k = n; k <= z; k++) sb_printf(b, " %s", sem_of_num(m, k));
      }
      n = z;
    }
  }
  switch (s->op2) {
  case SS_ACQUIRED: sb_puts(b, ue ? " acquises" : " validés"); break;
  case SS_NOT_ACQUIRED: sb_puts(b, ue ? " non acquises" : " non validés"); break;
  case SS_PENDING: sb_puts(b, " en attente"); break;
  default: break;
  }
}

static void sb_expr(Sb *b, const Model *m, const Node *e) {
  e = ast_unparen(e);
  if (!e) return;
  switch (e->kind) {
  case N_BINARY: {
    int p = prec(e);
    bool cmp = p == 4;
    sb_sub(b, m, e->lhs, cmp ? prec(e->lhs) <= p : prec(e->lhs) < p);
    sb_printf(b, " %s ", ast_op_name(e->op));
    sb_sub(b, m, e->rhs, prec(e->rhs) <= p);
    break;
  }
  case N_UNARY:
    if (e->op == OP_NOT) {
      sb_puts(b, "non ");
      sb_sub(b, m, e->lhs, prec(e->lhs) < 3);
    } else {
      sb_puts(b, "-");
      sb_sub(b, m, e->lhs, prec(e->lhs) < 7);
    }
    break;
  case N_NUMBER: sb_numtok(b, e->n[0].text); break;
  case N_NAME: sb_puts(b, e->a.text); break;
  case N_BUILTIN: sb_puts(b, ast_op_name(e->op)); break;
  case N_AGG: {
    bool ue = e->lhs && e->lhs->op == SK_UE;
    switch (e->op) {
    case AG_COUNT: sb_puts(b, "nombre"); break;
    case AG_MIN: sb_puts(b, "min"); break;
    case AG_MAX: sb_puts(b, "max"); break;
    case AG_ALL: sb_puts(b, ue ? "toutes" : "tous"); break;
    case AG_NONE: sb_puts(b, ue ? "aucune" : "aucun"); break;
    default: break;
    }
    sb_puts(b, "(");
    if (e->lhs) sb_set(b, m, e->lhs);
    sb_puts(b, ")");
    break;
  }
  default: break;
  }
}

/* ---------------------------------------------------------------------------
** The comparison state
*/

typedef struct Ctx {
  int po, pn;            /* parcours bit in OLD / NEW, -1: none */
  const char *name;      /* parcours id, NULL when the files have none */
} Ctx;

typedef struct Df {
  const Model *o, *n;    /* OLD, NEW */
  DiffOut *out;          /* where changes go */
  Arena *tmp;            /* temporaries */
  Ctx ctx[MODEL_MAX_PARCOURS];
  int nctx;              /* contexts */
  int cur;               /* context being compared, -1: all at once */
  int seq;               /* next change's sequence number */
  const MCourse **o2n;   /* by OLD course index: NEW course it was renamed to */
  const MCourse **n2o;   /* by NEW course index: OLD course it was renamed from */
} Df;

typedef DiffChange Ch;

static const char *T(Df *D, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *T(Df *D, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int w = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (w < 0) return "";
  char *s = arena_alloc(D->tmp, (size_t)w + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)w + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* Keep a builder's text in the scratch arena and free the builder. */
static const char *keep(Df *D, Sb *b) {
  const char *s = arena_strdup(D->tmp, sb_str(b));
  free(b->s);
  memset(b, 0, sizeof *b);
  return s;
}

static const char *Q(Df *D, const char *s) { return s ? T(D, "« %s »", s) : NULL; }

static const char *qtext(Df *D, mpq_srcptr q) {
  Sb b = {0};
  sb_q(&b, q);
  return keep(D, &b);
}

/* e, an expression of model m, as canonical text. */
static const char *expr_text(Df *D, const Model *m, const Node *e) {
  if (!e) return NULL;
  Sb b = {0};
  sb_expr(&b, m, e);
  return keep(D, &b);
}

/* "§5-3, Annexe 3" (spaces inside a citation normalised), NULL when none. */
static const char *cites_of(Df *D, const Cite *c) {
  if (!c) return NULL;
  Sb b = {0};
  for (; c; c = c->next) {
    if (b.n) sb_puts(&b, ", ");
    bool space = false;
    for (const char *p = c->ref.text ? c->ref.text : ""; *p; p++) {
      if (*p == ' ' || *p == '\t') {
        space = true;
        continue;
      }
      if (space) sb_add(&b, " ", 1);
      space = false;
      sb_add(&b, p, 1);
    }
  }
  return keep(D, &b);
}

static const Cite *ncites(const Node *n) { return n ? n->cites : NULL; }

static uint64_t all_ctx(const Df *D) {
  return D->nctx >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << D->nctx) - 1);
}

static const char *own_str(DiffOut *o, const char *s) { return s ? arena_strdup(o->arena, s) : NULL; }

/* Add a change (copied), or merge it into an identical one of another context. */
static void emit(Df *D, const Ch *c) {
  uint64_t m = D->cur < 0 ? all_ctx(D) : (uint64_t)1 << D->cur;
  DiffOut *o = D->out;
  for (size_t i = 0; i < o->n; i++) {
    Ch *x = &o->v[i];
    if (x->section == c->section && x->sub == c->sub && x->kind == c->kind && same_str(x->sem, c->sem) &&
        same_str(x->ue, c->ue) && same_str(x->prop, c->prop) && same_str(x->subject, c->subject) &&
        same_str(x->what, c->what) && same_str(x->old_text, c->old_text) &&
        same_str(x->new_text, c->new_text) && same_str(x->cites, c->cites)) {
      x->ctx |= m;
      return;
    }
  }
  if (o->n == o->cap) {
    o->cap = o->cap ? 2 * o->cap : 32;
    o->v = xrealloc(o->v, o->cap * sizeof *o->v);
  }
  Ch *x = &o->v[o->n++];
  *x = *c;
  x->sem = own_str(o, c->sem);
  x->ue = own_str(o, c->ue);
  x->ue_label = own_str(o, c->ue_label);
  x->prop = own_str(o, c->prop);
  x->subject = own_str(o, c->subject);
  x->what = own_str(o, c->what);
  x->old_text = own_str(o, c->old_text);
  x->new_text = own_str(o, c->new_text);
  x->cites = own_str(o, c->cites);
  x->parcours = NULL;
  x->ctx = m;
  x->seq = D->seq++;
}

/* One property: old → new when they differ (NULL: absent → added / removed). */
static void prop(Df *D, const Ch *base, const char *name, const char *subject, const char *what,
                 const char *ov, const char *nv, const char *cites, bool own_cites) {
  if (same_str(ov, nv)) return;
  Ch c = *base;
  c.kind = !ov ? DK_ADDED : !nv ? DK_REMOVED : DK_CHANGED;
  c.prop = name;
  c.subject = subject;
  c.what = what;
  c.old_text = ov;
  c.new_text = nv;
  c.cites = cites;
  c.own_cites = own_cites;
  emit(D, &c);
}

static void emit_kind(Df *D, const Ch *base, DiffKind k, const char *name, const char *subject,
                      const char *what, const char *ov, const char *nv, const char *cites, bool own_cites) {
  Ch c = *base;
  c.kind = k;
  c.prop = name;
  c.subject = subject;
  c.what = what;
  c.old_text = ov;
  c.new_text = nv;
  c.cites = cites;
  c.own_cites = own_cites;
  emit(D, &c);
}

/* Citations of one statement present in both files. */
static void cmp_cites(Df *D, const Ch *base, const char *subject, const char *whatfor, const Cite *co,
                      const Cite *cn) {
  const char *a = cites_of(D, co), *b = cites_of(D, cn);
  if (same_str(a, b)) return;
  emit_kind(D, base, DK_CHANGED, "cites", subject, T(D, "citations %s", whatfor), a ? a : "aucune",
            b ? b : "aucune", NULL, false);
}

static const Node *top_node(const Model *m, NodeKind k) {
  for (const Node *n = m->ast && m->ast->root ? m->ast->root->body : NULL; n; n = n->next)
    if (n->kind == k) return n;
  return NULL;
}

/* ---------------------------------------------------------------------------
** Règlement, competences, parcours, years
*/

static const char *vote_text(Df *D, const Model *m) {
  const Node *r = top_node(m, N_REGLEMENT);
  for (const Node *v = r ? r->body : NULL; v; v = v->next) {
    if (v->kind != N_VOTE) continue;
    Sb b = {0};
    static const char *const names[4] = {"votants", "pour", "contre", "abstentions"};
    for (int i = 0; i < 4; i++) {
      sb_printf(&b, "%s%s ", i ? " " : "", names[i]);
      sb_numtok(&b, v->n[i].text);
    }
    return keep(D, &b);
  }
  return NULL;
}

static void diff_reglement(Df *D) {
  Ch base = {.section = DS_REGLEMENT};
  for (int k = MK_SPECIALITE; k <= MK_SEANCE; k++) {
    bool quote = k != MK_ANNEE && k != MK_SEANCE;
    const char *a = D->o->meta[k], *b = D->n->meta[k];
    prop(D, &base, "meta", ast_op_name(k), ast_op_name(k), quote ? Q(D, a) : a, quote ? Q(D, b) : b, NULL,
         false);
  }
  prop(D, &base, "vote", NULL, "vote", vote_text(D, D->o), vote_text(D, D->n), NULL, false);
  const Node *eo = top_node(D->o, N_ECTS_SEM), *en = top_node(D->n, N_ECTS_SEM);
  prop(D, &base, "ects_per_semester", NULL, "ECTS par semestre",
       D->o->ects_per_semester ? T(D, "%d", D->o->ects_per_semester) : NULL,
       D->n->ects_per_semester ? T(D, "%d", D->n->ects_per_semester) : NULL, cites_of(D, ncites(en ? en : eo)),
       true);
  if (eo && en) cmp_cites(D, &base, NULL, "des ECTS par semestre", eo->cites, en->cites);
}

static void diff_competences(Df *D) {
  Ch base = {.section = DS_COMPETENCES};
  for (int c = 1; c <= MODEL_MAX_COMPETENCES; c++) {
    const MCompetence *a = D->o->comps[c], *b = D->n->comps[c];
    if (!a && !b) continue;
    const char *subj = T(D, "%d", c);
    if (!a || !b) {
      const MCompetence *x = a ? a : b;
      const char *desc = T(D, "« %s », %d niveau%s", x->name, x->nlevels, x->nlevels > 1 ? "x" : "");
      prop(D, &base, "competence", subj, T(D, "compétence %d", c), a ? desc : NULL, b ? desc : NULL,
           cites_of(D, ncites(x->node)), true);
      continue;
    }
    prop(D, &base, "name", subj, T(D, "nom de la compétence %d", c), Q(D, a->name), Q(D, b->name),
         cites_of(D, ncites(b->node)), false);
    int nl = a->nlevels > b->nlevels ? a->nlevels : b->nlevels;
    for (int l = 1; l <= nl && l < 8; l++) {
      const char *la = l <= a->nlevels && a->levels[l] ? a->levels[l]->label.text : NULL;
      const char *lb = l <= b->nlevels && b->levels[l] ? b->levels[l]->label.text : NULL;
      prop(D, &base, "level", subj, T(D, "niveau %d de la compétence %d", l, c), Q(D, la), Q(D, lb),
           cites_of(D, ncites(b->node)), false);
    }
    cmp_cites(D, &base, subj, T(D, "de la compétence %d", c), ncites(a->node), ncites(b->node));
  }
}

static void parcours_one(Df *D, const MParcours *a, const MParcours *b) {
  Ch base = {.section = DS_PARCOURS};
  const MParcours *x = b ? b : a;
  if (!a || !b) {
    prop(D, &base, "parcours", x->id, T(D, "parcours %s", x->id), a ? Q(D, a->label) : NULL,
         b ? Q(D, b->label) : NULL, cites_of(D, ncites(x->node)), true);
    return;
  }
  prop(D, &base, "label", x->id, T(D, "libellé du parcours %s", x->id), Q(D, a->label), Q(D, b->label),
       cites_of(D, ncites(b->node)), false);
  for (int c = 1; c <= MODEL_MAX_COMPETENCES; c++) {
    int la = a->maxlevel[c], lb = b->maxlevel[c];
    prop(D, &base, "max_level", x->id, T(D, "compétence %d dans le parcours %s", c, x->id),
         la ? T(D, "niveau %d", la) : NULL, lb ? T(D, "niveau %d", lb) : NULL, cites_of(D, ncites(b->node)),
         false);
  }
  cmp_cites(D, &base, x->id, T(D, "du parcours %s", x->id), ncites(a->node), ncites(b->node));
}

static void diff_parcours(Df *D) {
  for (int i = 0; i < D->n->nparcours; i++)
    if (D->n->parcours[i]) parcours_one(D, model_parcours(D->o, D->n->parcours[i]->id), D->n->parcours[i]);
  for (int i = 0; i < D->o->nparcours; i++)
    if (D->o->parcours[i] && !model_parcours(D->n, D->o->parcours[i]->id)) parcours_one(D, D->o->parcours[i], NULL);
}

static const MRcue *rcue_for(const MYear *y, int comp, int p) {
  for (int i = 0; i < y->nrcues; i++)
    if (y->rcues[i].competence == comp && pmask_has(y->rcues[i].parcours, p)) return &y->rcues[i];
  return NULL;
}

static const char *year_sems(Df *D, const MYear *y) {
  return T(D, "%s %s", y->sems[0] ? y->sems[0]->id : "?", y->sems[1] ? y->sems[1]->id : "?");
}

static void diff_years(Df *D) {
  Ch base = {.section = DS_ANNEES};
  int ny = D->o->nyears > D->n->nyears ? D->o->nyears : D->n->nyears;
  for (int y = 1; y <= ny && y < 8; y++) {
    const MYear *a = y <= D->o->nyears ? D->o->years[y] : NULL;
    const MYear *b = y <= D->n->nyears ? D->n->years[y] : NULL;
    if (!a && !b) continue;
    const char *subj = T(D, "%d", y);
    if (!a || !b) {
      const MYear *x = a ? a : b;
      const char *desc = T(D, "semestres %s, %d RCUE", year_sems(D, x), x->nrcues);
      prop(D, &base, "year", subj, T(D, "année %d", y), a ? desc : NULL, b ? desc : NULL,
           cites_of(D, ncites(x->node)), true);
      continue;
    }
    prop(D, &base, "semesters", subj, T(D, "semestres de l’année %d", y), year_sems(D, a), year_sems(D, b),
         cites_of(D, ncites(b->node)), false);
    cmp_cites(D, &base, subj, T(D, "de l’année %d", y), ncites(a->node), ncites(b->node));
    for (int k = 0; k < D->nctx; k++) {
      D->cur = k;
      for (int c = 1; c <= MODEL_MAX_COMPETENCES; c++) {
        const MRcue *ra = rcue_for(a, c, D->ctx[k].po), *rb = rcue_for(b, c, D->ctx[k].pn);
        if (!ra && !rb) continue;
        const char *ta = ra ? T(D, "%s + %s", ra->ue[0], ra->ue[1]) : NULL;
        const char *tb = rb ? T(D, "%s + %s", rb->ue[0], rb->ue[1]) : NULL;
        const char *cs = cites_of(D, ncites(rb ? rb->node : ra->node));
        prop(D, &base, "rcue", T(D, "C%d", c), T(D, "RCUE compétence %d (année %d)", c, y), ta, tb,
             cs ? cs : cites_of(D, ncites((rb ? b : a)->node)), cs != NULL);
        if (ra && rb)
          cmp_cites(D, &base, T(D, "C%d", c), T(D, "du RCUE compétence %d (année %d)", c, y), ncites(ra->node),
                    ncites(rb->node));
      }
    }
    D->cur = -1;
  }
}

/* ---------------------------------------------------------------------------
** Annexe 2: courses
*/

static const MRow *row_for(const MCourse *c, int p) {
  for (const MRow *r = c->rows; r; r = r->next)
    if (pmask_has(r->parcours, p)) return r;
  return NULL;
}

static const char *hours_text(Df *D, const MRow *r) {
  if (!r) return NULL;
  static const char *const names[HOUR_NCOLS] = {"CM", "TD", "TP", "projet", "total"};
  Sb b = {0};
  for (int i = 0; i < HOUR_NCOLS; i++) {
    if (!r->hours[i].set) continue;
    sb_printf(&b, "%s%s ", b.n ? " " : "", names[i]);
    sb_q(&b, r->hours[i].q);
  }
  if (!b.n) sb_puts(&b, "aucune heure");
  return keep(D, &b);
}

static const char *marks_text(Df *D, const MRow *r) {
  if (!r) return NULL;
  Sb b = {0};
  for (int c = 0; c < 64; c++)
    if ((r->marks >> c) & 1u) sb_printf(&b, "%s%d", b.n ? " " : "", c);
  if (!b.n) sb_puts(&b, "aucune");
  return keep(D, &b);
}

/* Parcours ids of a mask, sorted: "A, D"; "tous" for every parcours. */
static const char *pmask_text(Df *D, const Model *m, PMask mask) {
  if (mask == PMASK_ALL || m->nparcours == 0) return "tous";
  const char *ids[MODEL_MAX_PARCOURS];
  int n = 0;
  for (int i = 0; i < m->nparcours; i++)
    if (m->parcours[i] && ((mask >> i) & 1u)) ids[n++] = m->parcours[i]->id;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && strcmp(ids[j - 1], ids[j]) > 0; j--) {
      const char *t = ids[j];
      ids[j] = ids[j - 1];
      ids[j - 1] = t;
    }
  Sb b = {0};
  for (int i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? ", " : "", ids[i]);
  return keep(D, &b);
}

static const char *sem_id(const MCourse *c) { return c->sem ? c->sem->id : "?"; }

static const char *course_cites(Df *D, const MCourse *c, const MRow *r, bool *own) {
  const char *s = cites_of(D, ncites(r ? r->node : NULL));
  *own = s != NULL;
  if (!s && r && r->group) s = cites_of(D, r->group->cites);
  if (!s && c->sem) s = cites_of(D, ncites(c->sem->courses));
  return s;
}

/* A course only in one file, in each context where it exists. */
static void course_alone(Df *D, const MCourse *c, bool in_old) {
  Ch base = {.section = DS_SEMESTRE, .sem = sem_id(c), .sub = DSUB_COURSES};
  const char *what = T(D, "%s %s « %s »", ast_op_name(c->kind), c->id, c->label);
  for (int k = 0; k < D->nctx; k++) {
    int p = in_old ? D->ctx[k].po : D->ctx[k].pn;
    const MRow *r = row_for(c, p);
    if (!pmask_has(c->parcours, p) || !r) continue;
    D->cur = k;
    const char *desc = T(D, "%s ; compétences %s", hours_text(D, r), marks_text(D, r));
    bool own;
    const char *cs = course_cites(D, c, r, &own);
    prop(D, &base, "course", c->id, what, in_old ? desc : NULL, in_old ? NULL : desc, cs, own);
  }
  D->cur = -1;
}

static void course_both(Df *D, const MCourse *a, const MCourse *b) {
  Ch base = {.section = DS_SEMESTRE, .sem = sem_id(b), .sub = DSUB_COURSES};
  bool own;
  const char *cs = course_cites(D, b, NULL, &own);
  if (strcmp(a->id, b->id) != 0)
    emit_kind(D, &base, DK_RENAMED, "id", b->id, T(D, "enseignement renommé (id changé) « %s »", b->label),
              a->id, b->id, cs, false);
  prop(D, &base, "kind", b->id, T(D, "nature de %s", b->id), ast_op_name(a->kind), ast_op_name(b->kind), cs,
       false);
  prop(D, &base, "label", b->id, T(D, "libellé de %s", b->id), Q(D, a->label), Q(D, b->label), cs, false);
  prop(D, &base, "semester", b->id, T(D, "semestre de %s", b->id), sem_id(a), sem_id(b), cs, false);
  if (D->o->nparcours && D->n->nparcours)
    prop(D, &base, "parcours", b->id, T(D, "parcours de %s", b->id), pmask_text(D, D->o, a->parcours),
         pmask_text(D, D->n, b->parcours), cs, false);
  for (int k = 0; k < D->nctx; k++) {
    int po = D->ctx[k].po, pn = D->ctx[k].pn;
    const MRow *ra = pmask_has(a->parcours, po) ? row_for(a, po) : NULL;
    const MRow *rb = pmask_has(b->parcours, pn) ? row_for(b, pn) : NULL;
    if (!ra || !rb) continue;
    D->cur = k;
    const char *rc = course_cites(D, b, rb, &own);
    prop(D, &base, "hours", b->id, T(D, "heures de %s", b->id), hours_text(D, ra), hours_text(D, rb), rc, own);
    prop(D, &base, "competences", b->id, T(D, "compétences marquées pour %s", b->id), marks_text(D, ra),
         marks_text(D, rb), rc, own);
    cmp_cites(D, &base, b->id, T(D, "de %s", b->id), ncites(ra->node), ncites(rb->node));
  }
  D->cur = -1;
}

/* Renamed course ids: same semester, kind and label, one id only in OLD, the
** other only in NEW. o2n / n2o are indexed by course index (zeroed). */
static int course_renames(const Model *o, const Model *n, const MCourse **o2n, const MCourse **n2o) {
  int k = 0;
  for (int j = 0; j < n->ncourses; j++) {
    const MCourse *b = n->courses[j];
    if (model_course(o, b->id)) continue;
    for (int i = 0; i < o->ncourses; i++) {
      const MCourse *a = o->courses[i];
      if (model_course(n, a->id) || o2n[i]) continue;
      if (a->kind == b->kind && same_str(a->label, b->label) && same_str(sem_id(a), sem_id(b))) {
        o2n[i] = b;
        if (n2o) n2o[j] = a;
        k++;
        break;
      }
    }
  }
  return k;
}

static void diff_courses(Df *D) {
  const Model *o = D->o, *n = D->n;
  course_renames(o, n, D->o2n, D->n2o);
  for (int j = 0; j < n->ncourses; j++) {
    const MCourse *b = n->courses[j];
    const MCourse *a = model_course(o, b->id);
    if (!a) a = D->n2o[j];
    if (a) course_both(D, a, b);
    else course_alone(D, b, false);
  }
  for (int i = 0; i < o->ncourses; i++) {
    const MCourse *a = o->courses[i];
    if (!model_course(n, a->id) && !D->o2n[i]) course_alone(D, a, true);
  }
}

/* The "totaux" row of a semester's table that applies to parcours id pid. */
static const Node *totals_in(const Node *items, const char *pid, const Node *found) {
  for (const Node *it = items; it; it = it->next) {
    if (it->kind == N_TOTALS) found = it;
    else if (it->kind == N_ONLY && pid) {
      for (const IdList *l = it->ids; l; l = l->next)
        if (same_str(l->id.text, pid)) {
          found = totals_in(it->body, pid, found);
          break;
        }
    }
  }
  return found;
}

static const char *totals_text(Df *D, const MSemester *s, const char *pid) {
  const Node *t = s && s->courses ? totals_in(s->courses->body, pid, NULL) : NULL;
  if (!t) return NULL;
  Sb b = {0};
  for (const Node *h = t->hours; h; h = h->next) {
    sb_printf(&b, "%s%s ", b.n ? " " : "", ast_op_name(h->op));
    sb_numtok(&b, h->n[0].text);
  }
  return keep(D, &b);
}

/* ---------------------------------------------------------------------------
** Annexe 3: UEs, poles, coefficients
*/

static const MUe *ue_in(const MSemester *s, const char *id, int p) {
  if (!s || !id) return NULL;
  for (int i = 0; i < s->nues; i++)
    if (!strcmp(s->ues[i]->id, id) && pmask_has(s->ues[i]->parcours, p)) return s->ues[i];
  return NULL;
}

static const MUe *ue_first(const MSemester *s, const char *id) {
  if (!s || !id) return NULL;
  for (int i = 0; i < s->nues; i++)
    if (!strcmp(s->ues[i]->id, id)) return s->ues[i];
  return NULL;
}

static const MPole *pole_of(const MUe *u, int kind, int p) {
  for (int i = 0; i < u->npoles; i++)
    if (u->poles[i].kind == kind && pmask_has(u->poles[i].parcours, p)) return &u->poles[i];
  return NULL;
}

static const char *pole_name(int kind) { return kind == PK_SAE ? "SAÉ" : "ressources"; }

static const char *coef_text(Df *D, const MEntry *e) { return e->counts ? qtext(D, e->coef) : "-"; }

static void pole_sum(const MUe *u, int kind, int p, mpq_t sum) {
  mpq_set_ui(sum, 0, 1);
  for (int i = 0; i < u->nentries; i++) {
    const MEntry *e = &u->entries[i];
    if (e->counts && pmask_has(e->parcours, p) && u->poles[e->pole].kind == kind) mpq_add(sum, sum, e->coef);
  }
}

static const char *ue_desc(Df *D, const MUe *u, int p) {
  Sb b = {0};
  sb_printf(&b, "compétence %d niveau %d, %d ECTS", u->competence, u->level, u->ects_int);
  for (int k = 0; k < 2; k++) {
    int kind = k ? PK_SAE : PK_RESOURCES;
    const MPole *pl = pole_of(u, kind, p);
    if (!pl) continue;
    sb_printf(&b, " ; %s ", pole_name(kind));
    sb_q(&b, pl->weight);
    sb_puts(&b, " :");
    bool first = true;
    for (int i = 0; i < u->nentries; i++) {
      const MEntry *e = &u->entries[i];
      if (!pmask_has(e->parcours, p) || u->poles[e->pole].kind != kind) continue;
      sb_printf(&b, "%s %s %s", first ? "" : ",", e->course->id, coef_text(D, e));
      first = false;
    }
  }
  return keep(D, &b);
}

/* Citations of an entry (e) or of a UE (e NULL): its own, else those of
** the enclosing pole, UE, semester. */
static const char *entry_cites(Df *D, const MUe *u, const MEntry *e, bool *own) {
  const char *s = cites_of(D, ncites(e ? e->node : u->node));
  *own = s != NULL;
  if (!s && e) s = cites_of(D, ncites(u->poles[e->pole].node));
  if (!s && e) s = cites_of(D, ncites(u->node));
  if (!s && u->sem) s = cites_of(D, ncites(u->sem->node));
  return s;
}

typedef struct UePair {
  const char *oid, *nid;   /* UE id in OLD / NEW (NULL: absent) */
} UePair;

typedef struct Ent {
  const char *cid;         /* course id, in NEW's naming */
  const MEntry *e;         /* the entry */
  const MUe *u;            /* its UE */
  int pair;                /* index of its UE pair */
  bool done;               /* matched or reported */
} Ent;

typedef struct Ents {
  Ent *v;
  int n, cap;
} Ents;

static void ents_push(Ents *l, Ent x) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 32;
    l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
  }
  l->v[l->n++] = x;
}

static const char *ent_cid(const Df *D, const MCourse *c, bool old) {
  if (old && D->o2n[c->index]) return D->o2n[c->index]->id;
  return c->id;
}

static Ch ue_base(const MSemester *s, const UePair *pr, const MUe *ua, const MUe *ub) {
  Ch base = {.section = DS_SEMESTRE, .sem = s->id, .sub = DSUB_UE, .ue = pr->nid ? pr->nid : pr->oid};
  base.ue_label = ub ? ub->label : ua ? ua->label : NULL;
  return base;
}

/* Compare one UE present in both files, in the current context. Entries
** only on one side go to rem / add (moves are found across the semester). */
static void ue_both(Df *D, const MSemester *s, const UePair *pr, int pi, const MUe *a, const MUe *b, Ents *rem,
                    Ents *add) {
  int po = D->ctx[D->cur].po, pn = D->ctx[D->cur].pn;
  Ch base = ue_base(s, pr, a, b);
  const char *id = b->id;
  bool own;
  const char *ucs = entry_cites(D, b, NULL, &own);
  if (strcmp(a->id, b->id) != 0)
    emit_kind(D, &base, DK_RENAMED, "id", id, T(D, "UE renommée (id changé) « %s »", b->label), a->id, b->id,
              ucs, own);
  prop(D, &base, "label", id, T(D, "libellé de %s", id), Q(D, a->label), Q(D, b->label), ucs, own);
  prop(D, &base, "competence", id, T(D, "compétence et niveau de %s", id),
       T(D, "compétence %d niveau %d", a->competence, a->level),
       T(D, "compétence %d niveau %d", b->competence, b->level), ucs, own);
  prop(D, &base, "ects", id, T(D, "ECTS de %s", id), qtext(D, a->ects), qtext(D, b->ects), ucs, own);
  cmp_cites(D, &base, id, T(D, "de %s", id), ncites(a->node), ncites(b->node));
  for (int k = 0; k < 2; k++) {
    int kind = k ? PK_SAE : PK_RESOURCES;
    const MPole *pa = pole_of(a, kind, po), *pb = pole_of(b, kind, pn);
    if (!pa && !pb) continue;
    const char *pcs = cites_of(D, ncites(pb ? pb->node : pa->node));
    bool pown = pcs != NULL;
    if (!pcs) pcs = ucs;
    if (!pa || !pb) {
      prop(D, &base, "pole", pole_name(kind), T(D, "pôle %s", pole_name(kind)),
           pa ? T(D, "poids %s", qtext(D, pa->weight)) : NULL, pb ? T(D, "poids %s", qtext(D, pb->weight)) : NULL,
           pcs, pown);
      continue;
    }
    prop(D, &base, "weight", pole_name(kind), T(D, "poids du pôle %s", pole_name(kind)), qtext(D, pa->weight),
         qtext(D, pb->weight), pcs, pown);
    cmp_cites(D, &base, pole_name(kind), T(D, "du pôle %s", pole_name(kind)), ncites(pa->node),
              ncites(pb->node));
  }
  /* entries, matched by course (through renamed ids) */
  int first_new = add->n;
  for (int i = 0; i < b->nentries; i++)
    if (pmask_has(b->entries[i].parcours, pn))
      ents_push(add, (Ent){.cid = b->entries[i].course->id, .e = &b->entries[i], .u = b, .pair = pi});
  for (int i = 0; i < a->nentries; i++) {
    const MEntry *ea = &a->entries[i];
    if (!pmask_has(ea->parcours, po)) continue;
    const char *cid = ent_cid(D, ea->course, true);
    Ent *m = NULL;
    for (int j = first_new; j < add->n; j++)
      if (!add->v[j].done && !strcmp(add->v[j].cid, cid)) {
        m = &add->v[j];
        break;
      }
    if (!m) {
      ents_push(rem, (Ent){.cid = cid, .e = ea, .u = a, .pair = pi});
      continue;
    }
    m->done = true;
    const MEntry *eb = m->e;
    const char *ecs = entry_cites(D, b, eb, &own);
    int ka = a->poles[ea->pole].kind, kb = b->poles[eb->pole].kind;
    if (ka != kb)
      prop(D, &base, "pole", cid, T(D, "pôle de %s", cid), T(D, "%s, %s", pole_name(ka), coef_text(D, ea)),
           T(D, "%s, %s", pole_name(kb), coef_text(D, eb)), ecs, own);
    else
      prop(D, &base, "coefficient", cid, T(D, "coefficient de %s (pôle %s)", cid, pole_name(kb)),
           coef_text(D, ea), coef_text(D, eb), ecs, own);
    prop(D, &base, "printed", cid, T(D, "nom imprimé de %s", cid), Q(D, ea->printed), Q(D, eb->printed), ecs,
         own);
    cmp_cites(D, &base, cid, T(D, "de %s dans %s", cid, id), ncites(ea->node), ncites(eb->node));
  }
  /* entries of NEW left unmatched stay in add (not done); matched ones are dropped */
  int w = first_new;
  for (int j = first_new; j < add->n; j++)
    if (!add->v[j].done) add->v[w++] = add->v[j];
  add->n = w;
}

/* After the entries of a UE present in both files: a pole whose
** coefficients no longer (or now) add up to its weight. */
static void ue_sums(Df *D, const MSemester *s, const UePair *pr, const MUe *a, const MUe *b) {
  int po = D->ctx[D->cur].po, pn = D->ctx[D->cur].pn;
  Ch base = ue_base(s, pr, a, b);
  mpq_t sa, sb;
  mpq_init(sa);
  mpq_init(sb);
  for (int k = 0; k < 2; k++) {
    int kind = k ? PK_SAE : PK_RESOURCES;
    const MPole *pa = pole_of(a, kind, po), *pb = pole_of(b, kind, pn);
    if (!pa || !pb) continue;
    pole_sum(a, kind, po, sa);
    pole_sum(b, kind, pn, sb);
    if (mpq_equal(sa, sb) || (mpq_equal(sa, pa->weight) && mpq_equal(sb, pb->weight))) continue;
    const char *ta = T(D, "%s (%s poids %s)", qtext(D, sa), mpq_equal(sa, pa->weight) ? "=" : "≠",
                       qtext(D, pa->weight));
    const char *tb = T(D, "%s (%s poids %s)", qtext(D, sb), mpq_equal(sb, pb->weight) ? "=" : "≠",
                       qtext(D, pb->weight));
    const char *pcs = cites_of(D, ncites(pb->node));
    bool own = pcs != NULL;
    if (!pcs) pcs = entry_cites(D, b, NULL, &own);
    prop(D, &base, "pole_sum", pole_name(kind), T(D, "somme des coefficients du pôle %s", pole_name(kind)), ta, tb,
         pcs, own);
  }
  mpq_clear(sa);
  mpq_clear(sb);
}

static const char *ent_value(Df *D, const Ent *x) {
  return T(D, "%s, pôle %s, %s", x->u->id, pole_name(x->u->poles[x->e->pole].kind), coef_text(D, x->e));
}

/* Entries that left a UE or arrived in one, in the current context: a
** course that left exactly one UE and arrived in exactly one other moved. */
static void report_entries(Df *D, const MSemester *s, const UePair *pairs, Ents *rem, Ents *add) {
  int pn = D->ctx[D->cur].pn, po = D->ctx[D->cur].po;
  for (int i = 0; i < rem->n; i++) {
    Ent *r = &rem->v[i];
    int nr = 0, na = 0;
    Ent *a = NULL;
    for (int j = 0; j < rem->n; j++) nr += !strcmp(rem->v[j].cid, r->cid);
    for (int j = 0; j < add->n; j++)
      if (!strcmp(add->v[j].cid, r->cid)) {
        na++;
        a = &add->v[j];
      }
    if (nr != 1 || na != 1 || a->pair == r->pair) continue;
    bool own;
    const char *what = T(D, "%s déplacé", r->cid), *ov = ent_value(D, r), *nv = ent_value(D, a);
    const MUe *ra = ue_in(s, pairs[r->pair].nid, pn), *aa = ue_in(s, pairs[a->pair].oid, po);
    Ch b1 = ue_base(s, &pairs[r->pair], r->u, ra), b2 = ue_base(s, &pairs[a->pair], aa, a->u);
    const char *cs = entry_cites(D, a->u, a->e, &own);
    emit_kind(D, &b1, DK_MOVED, "entry", r->cid, what, ov, nv, cs, own);
    emit_kind(D, &b2, DK_MOVED, "entry", r->cid, what, ov, nv, cs, own);
    r->done = a->done = true;
  }
  for (int i = 0; i < rem->n; i++) {
    Ent *r = &rem->v[i];
    if (r->done) continue;
    bool own;
    const MUe *ub = ue_in(s, pairs[r->pair].nid, pn);
    Ch b = ue_base(s, &pairs[r->pair], r->u, ub);
    const char *cs = entry_cites(D, r->u, r->e, &own);
    prop(D, &b, "entry", r->cid, T(D, "%s (pôle %s)", r->cid, pole_name(r->u->poles[r->e->pole].kind)),
         coef_text(D, r->e), NULL, cs, own);
  }
  for (int i = 0; i < add->n; i++) {
    Ent *a = &add->v[i];
    if (a->done) continue;
    bool own;
    const MUe *ua = ue_in(s, pairs[a->pair].oid, po);
    Ch b = ue_base(s, &pairs[a->pair], ua, a->u);
    const char *cs = entry_cites(D, a->u, a->e, &own);
    prop(D, &b, "entry", a->cid, T(D, "%s (pôle %s)", a->cid, pole_name(a->u->poles[a->e->pole].kind)), NULL,
         coef_text(D, a->e), cs, own);
  }
}

/* The UEs of one semester in both files, paired: by id, then a UE id only
** in OLD and one only in NEW with the same label, competence and level are
** one UE renamed. pairs needs room for so->nues + sn->nues entries; returns
** how many were written (a renamed UE's old-only pair is left empty: both
** ids NULL). The diff and the impact (diff_impact) pair UEs the same way. */
static int ue_pairs(const MSemester *so, const MSemester *sn, UePair *pairs) {
  int np = 0;
  for (int i = 0; sn && i < sn->nues; i++) {
    const char *id = sn->ues[i]->id;
    bool seen = false;
    for (int j = 0; j < np; j++) seen |= same_str(pairs[j].nid, id);
    if (!seen) pairs[np++] = (UePair){.oid = ue_first(so, id) ? id : NULL, .nid = id};
  }
  for (int i = 0; so && i < so->nues; i++) {
    const char *id = so->ues[i]->id;
    bool seen = false;
    for (int j = 0; j < np; j++) seen |= same_str(pairs[j].oid, id);
    if (!seen && !ue_first(sn, id)) pairs[np++] = (UePair){.oid = id, .nid = NULL};
  }
  /* renamed UE ids: same label, competence and level */
  for (int i = 0; i < np; i++) {
    if (pairs[i].oid || !pairs[i].nid) continue;
    const MUe *b = ue_first(sn, pairs[i].nid);
    for (int j = 0; j < np; j++) {
      if (pairs[j].nid || !pairs[j].oid) continue;
      const MUe *a = ue_first(so, pairs[j].oid);
      if (same_str(a->label, b->label) && a->competence == b->competence && a->level == b->level) {
        pairs[i].oid = pairs[j].oid;
        pairs[j].oid = NULL; /* drop the old-only pair */
        break;
      }
    }
  }
  return np;
}

static void diff_semester_ues(Df *D, const MSemester *so, const MSemester *sn, const MSemester *s) {
  int cap = (so ? so->nues : 0) + (sn ? sn->nues : 0) + 1;
  UePair *pairs = xcalloc((size_t)cap, sizeof *pairs);
  int np = ue_pairs(so, sn, pairs);
  Ents rem = {0}, add = {0};
  for (int k = 0; k < D->nctx; k++) {
    D->cur = k;
    rem.n = add.n = 0;
    for (int i = 0; i < np; i++) {
      const UePair *pr = &pairs[i];
      if (!pr->oid && !pr->nid) continue;
      const MUe *a = ue_in(so, pr->oid, D->ctx[k].po), *b = ue_in(sn, pr->nid, D->ctx[k].pn);
      if (!a && !b) continue;
      if (a && b) {
        ue_both(D, s, pr, i, a, b, &rem, &add);
        continue;
      }
      const MUe *x = a ? a : b;
      Ch base = ue_base(s, pr, a, b);
      bool own;
      const char *cs = entry_cites(D, x, NULL, &own);
      const char *desc = ue_desc(D, x, a ? D->ctx[k].po : D->ctx[k].pn);
      prop(D, &base, "ue", x->id, T(D, "%s « %s »", x->id, x->label), a ? desc : NULL, b ? desc : NULL, cs,
           own);
    }
    report_entries(D, s, pairs, &rem, &add);
    for (int i = 0; i < np; i++) {
      const MUe *a = ue_in(so, pairs[i].oid, D->ctx[k].po), *b = ue_in(sn, pairs[i].nid, D->ctx[k].pn);
      if (a && b) ue_sums(D, s, &pairs[i], a, b);
    }
  }
  D->cur = -1;
  free(rem.v);
  free(add.v);
  free(pairs);
}

static void diff_semesters(Df *D) {
  const Model *o = D->o, *n = D->n;
  int cap = o->nsems + n->nsems + 1, ns = 0;
  const char **ids = xcalloc((size_t)cap, sizeof *ids);
  for (int i = 0; i < n->nsems; i++) ids[ns++] = n->sems[i]->id;
  for (int i = 0; i < o->nsems; i++)
    if (!model_semester(n, o->sems[i]->id)) ids[ns++] = o->sems[i]->id;
  for (int i = 0; i < ns; i++) {
    const MSemester *so = model_semester(o, ids[i]), *sn = model_semester(n, ids[i]);
    const MSemester *s = sn ? sn : so;
    Ch base = {.section = DS_SEMESTRE, .sem = s->id, .sub = DSUB_SEMESTER};
    if (!so || !sn) {
      prop(D, &base, "semester", s->id, T(D, "semestre %s", s->id), so ? T(D, "%d UE", so->nues) : NULL,
           sn ? T(D, "%d UE", sn->nues) : NULL, NULL, false);
    } else {
      cmp_cites(D, &base, s->id, T(D, "des UE de %s (Annexe 3)", s->id), ncites(so->node), ncites(sn->node));
      cmp_cites(D, &base, s->id, T(D, "du tableau des enseignements de %s", s->id), ncites(so->courses),
                ncites(sn->courses));
      Ch cb = base;
      cb.sub = DSUB_COURSES;
      for (int k = 0; k < D->nctx; k++) {
        D->cur = k;
        const char *ta = totals_text(D, so, o->nparcours ? D->ctx[k].name : NULL);
        const char *tb = totals_text(D, sn, n->nparcours ? D->ctx[k].name : NULL);
        prop(D, &cb, "totals", s->id, "ligne totaux", ta, tb, cites_of(D, ncites(sn->courses)), false);
      }
      D->cur = -1;
    }
    diff_semester_ues(D, so, sn, s);
  }
  free(ids);
}

/* ---------------------------------------------------------------------------
** Marks, arithmetic, validation, conditions, decision, repeats, diplomas,
** jury codes, provisions
*/

static const char *mark_effect(Df *D, const MMark *k) {
  switch (k->effect) {
  case ME_VALUE: return T(D, "vaut %s", qtext(D, k->value));
  case ME_NEUTRAL: return "neutralisée";
  default: return "en attente";
  }
}

static void diff_marks(Df *D) {
  Ch base = {.section = DS_MARQUES};
  const Model *o = D->o, *n = D->n;
  for (int pass = 0; pass < 2; pass++) {
    const Model *m = pass ? o : n;
    for (int i = 0; i < m->nmarks; i++) {
      const MMark *a = pass ? m->marks[i] : model_mark(o, m->marks[i]->id);
      const MMark *b = pass ? model_mark(n, m->marks[i]->id) : m->marks[i];
      if (pass && b) continue;
      const MMark *x = b ? b : a;
      const char *what = T(D, "marque %s", x->id);
      const char *cs = cites_of(D, ncites(x->node));
      if (!a || !b) {
        const char *desc = T(D, "« %s » %s", x->label, mark_effect(D, x));
        prop(D, &base, "mark", x->id, what, a ? desc : NULL, b ? desc : NULL, cs, true);
        continue;
      }
      prop(D, &base, "label", x->id, T(D, "libellé de la marque %s", x->id), Q(D, a->label), Q(D, b->label), cs,
           true);
      prop(D, &base, "effect", x->id, what, mark_effect(D, a), mark_effect(D, b), cs, true);
      cmp_cites(D, &base, x->id, T(D, "de la marque %s", x->id), ncites(a->node), ncites(b->node));
    }
  }
}

static const char *round_name(int mode) {
  switch (mode) {
  case RM_NEAREST: return "au plus proche";
  case RM_UP: return "par excès";
  default: return "tronquées";
  }
}

static const char *means_text(Df *D, const Model *m) {
  if (m->round_decimals < 0) return "exactes";
  return T(D, "arrondies à %d décimale%s %s", m->round_decimals, m->round_decimals > 1 ? "s" : "",
           round_name(m->round_mode));
}

static const char *display_text(Df *D, const Model *m) {
  return T(D, "%d décimale%s %s", m->display_decimals, m->display_decimals > 1 ? "s" : "",
           round_name(m->display_mode));
}

/* The last calcul item of a kind (CI_EXACT and CI_ROUND are one setting). */
static const Node *calc_node(const Model *m, bool display) {
  const Node *found = NULL;
  for (const Node *b = m->ast && m->ast->root ? m->ast->root->body : NULL; b; b = b->next) {
    if (b->kind != N_CALCBLOCK) continue;
    for (const Node *c = b->body; c; c = c->next)
      if (c->kind == N_CALC && (c->op == CI_DISPLAY) == display) found = c;
  }
  return found;
}

static void diff_calc(Df *D) {
  Ch base = {.section = DS_CALCUL};
  for (int k = 0; k < 2; k++) {
    bool disp = k == 1;
    const Node *na = calc_node(D->o, disp), *nb = calc_node(D->n, disp);
    const char *name = disp ? "affichage" : "moyennes";
    prop(D, &base, disp ? "display" : "means", NULL, name, disp ? display_text(D, D->o) : means_text(D, D->o),
         disp ? display_text(D, D->n) : means_text(D, D->n), cites_of(D, ncites(nb)), nb && nb->cites);
    if (na && nb) cmp_cites(D, &base, NULL, T(D, "de « %s »", name), na->cites, nb->cites);
  }
  const Node *ba = top_node(D->o, N_CALCBLOCK), *bb = top_node(D->n, N_CALCBLOCK);
  if (ba && bb) cmp_cites(D, &base, NULL, "du bloc calcul", ba->cites, bb->cites);
}

static void diff_validation(Df *D) {
  Ch base = {.section = DS_VALIDATION};
  static const int items[] = {VI_UE, VI_RCUE, VI_COMPENSATION, VI_LOWER, VI_STAGE, VI_BEST};
  static const char *const props[] = {"ue", "rcue", "compensation", "lower_levels", "internship", "best_mean"};
  for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
    int v = items[i];
    const Node *a = D->o->valid[v], *b = D->n->valid[v];
    if (!a && !b) continue;
    const char *cs = cites_of(D, ncites(b ? b : a));
    if (v == VI_UE || v == VI_RCUE) {
      const char *what = v == VI_UE ? "UE acquise si" : "RCUE validé si";
      prop(D, &base, props[i], NULL, what, a ? expr_text(D, D->o, a->lhs) : NULL,
           b ? expr_text(D, D->n, b->lhs) : NULL, cs, true);
    } else if (!a || !b) {
      prop(D, &base, props[i], NULL, ast_op_name(v), a ? "oui" : NULL, b ? "oui" : NULL, cs, true);
    }
    if (a && b) cmp_cites(D, &base, props[i], T(D, "de « %s »", ast_op_name(v)), a->cites, b->cites);
  }
  const Node *ba = top_node(D->o, N_VALIDBLOCK), *bb = top_node(D->n, N_VALIDBLOCK);
  if (ba && bb) cmp_cites(D, &base, NULL, "du bloc validation", ba->cites, bb->cites);
}

static const MCondition *cond_named(const Model *m, const char *name) {
  for (int i = 0; i < m->nconds; i++)
    if (!strcmp(m->conds[i]->name, name)) return m->conds[i];
  return NULL;
}

static void diff_conditions(Df *D) {
  Ch base = {.section = DS_CONDITIONS};
  for (int pass = 0; pass < 2; pass++) {
    const Model *m = pass ? D->o : D->n;
    for (int i = 0; i < m->nconds; i++) {
      const char *name = m->conds[i]->name;
      const MCondition *a = cond_named(D->o, name), *b = cond_named(D->n, name);
      if (pass && b) continue;
      const MCondition *x = b ? b : a;
      prop(D, &base, "condition", name, T(D, "condition %s", name), a ? expr_text(D, D->o, a->expr) : NULL,
           b ? expr_text(D, D->n, b->expr) : NULL, cites_of(D, ncites(x->node)), true);
      if (a && b) cmp_cites(D, &base, name, T(D, "de la condition %s", name), ncites(a->node), ncites(b->node));
    }
  }
}

static const char *clause_text(Df *D, const Model *m, const MClause *c) {
  return c->expr ? T(D, "si %s", expr_text(D, m, c->expr)) : "sinon";
}

/* Occurrence number of clause i's code among the clauses before it. */
static int clause_occ(const Model *m, int i) {
  int k = 0;
  for (int j = 0; j < i; j++) k += !strcmp(m->clauses[j].code, m->clauses[i].code);
  return k;
}

static int clause_find(const Model *m, const char *code, int occ) {
  for (int j = 0; j < m->nclauses; j++)
    if (!strcmp(m->clauses[j].code, code) && clause_occ(m, j) == occ) return j;
  return -1;
}

static const char *clause_name(Df *D, const char *code, int occ) {
  return occ ? T(D, "clause %s (%de)", code, occ + 1) : T(D, "clause %s", code);
}

static void diff_decision(Df *D) {
  Ch base = {.section = DS_DECISION};
  const Model *o = D->o, *n = D->n;
  for (int j = 0; j < n->nclauses; j++) {
    const MClause *b = &n->clauses[j];
    int occ = clause_occ(n, j), i = clause_find(o, b->code, occ);
    const MClause *a = i >= 0 ? &o->clauses[i] : NULL;
    prop(D, &base, "clause", b->code, clause_name(D, b->code, occ), a ? clause_text(D, o, a) : NULL,
         clause_text(D, n, b), cites_of(D, ncites(b->node)), true);
    if (a) cmp_cites(D, &base, b->code, T(D, "de la %s", clause_name(D, b->code, occ)), ncites(a->node),
                     ncites(b->node));
  }
  for (int i = 0; i < o->nclauses; i++) {
    const MClause *a = &o->clauses[i];
    int occ = clause_occ(o, i);
    if (clause_find(n, a->code, occ) < 0)
      prop(D, &base, "clause", a->code, clause_name(D, a->code, occ), clause_text(D, o, a), NULL,
           cites_of(D, ncites(a->node)), true);
  }
  /* order of the clauses both files have */
  int last = -1;
  bool reordered = false;
  for (int i = 0; i < o->nclauses; i++) {
    int j = clause_find(n, o->clauses[i].code, clause_occ(o, i));
    if (j < 0) continue;
    if (j < last) reordered = true;
    last = j;
  }
  if (reordered) {
    Sb a = {0}, b = {0};
    for (int i = 0; i < o->nclauses; i++) sb_printf(&a, "%s%s", i ? ", " : "", o->clauses[i].code);
    for (int j = 0; j < n->nclauses; j++) sb_printf(&b, "%s%s", j ? ", " : "", n->clauses[j].code);
    emit_kind(D, &base, DK_CHANGED, "order", NULL, "ordre des clauses", keep(D, &a), keep(D, &b),
              cites_of(D, ncites(n->decision_node)), false);
  }
  if (o->decision_node && n->decision_node)
    cmp_cites(D, &base, NULL, "de la décision", o->decision_node->cites, n->decision_node->cites);
  else if (o->decision_node || n->decision_node)
    prop(D, &base, "decision", NULL, "règle de décision", o->decision_node ? "oui" : NULL,
         n->decision_node ? "oui" : NULL, NULL, false);
}

static void diff_repeats(Df *D) {
  Ch base = {.section = DS_REDOUBLEMENT};
  const Model *o = D->o, *n = D->n;
  const char *cs = cites_of(D, ncites(n->repeat_node ? n->repeat_node : o->repeat_node));
  prop(D, &base, "per_semester", NULL, "redoublements par semestre",
       o->repeat_per_semester >= 0 ? T(D, "%d", o->repeat_per_semester) : NULL,
       n->repeat_per_semester >= 0 ? T(D, "%d", n->repeat_per_semester) : NULL, cs, false);
  prop(D, &base, "total", NULL, "redoublements au total", o->repeat_total >= 0 ? T(D, "%d", o->repeat_total) : NULL,
       n->repeat_total >= 0 ? T(D, "%d", n->repeat_total) : NULL, cs, false);
  if (o->repeat_node && n->repeat_node)
    cmp_cites(D, &base, NULL, "du redoublement", o->repeat_node->cites, n->repeat_node->cites);
}

static const MDiploma *diploma_named(const Model *m, const char *name) {
  for (int i = 0; i < m->ndiplomas; i++)
    if (!strcmp(m->diplomas[i].name, name)) return &m->diplomas[i];
  return NULL;
}

static void diff_diplomas(Df *D) {
  Ch base = {.section = DS_DIPLOMES};
  for (int pass = 0; pass < 2; pass++) {
    const Model *m = pass ? D->o : D->n;
    for (int i = 0; i < m->ndiplomas; i++) {
      const char *name = m->diplomas[i].name;
      const MDiploma *a = diploma_named(D->o, name), *b = diploma_named(D->n, name);
      if (pass && b) continue;
      const MDiploma *x = b ? b : a;
      const char *cs = cites_of(D, ncites(x->node));
      if (!a || !b) {
        const char *desc = T(D, "%d ECTS si %s", x->ects, expr_text(D, a ? D->o : D->n, x->expr));
        prop(D, &base, "diploma", name, T(D, "diplôme %s", name), a ? desc : NULL, b ? desc : NULL, cs, true);
        continue;
      }
      prop(D, &base, "ects", name, T(D, "ECTS du diplôme %s", name), T(D, "%d", a->ects), T(D, "%d", b->ects), cs,
           true);
      prop(D, &base, "condition", name, T(D, "condition du diplôme %s", name), expr_text(D, D->o, a->expr),
           expr_text(D, D->n, b->expr), cs, true);
      cmp_cites(D, &base, name, T(D, "du diplôme %s", name), ncites(a->node), ncites(b->node));
    }
  }
  /* The evaluator takes the last declared diploma as the final one (rule
  ** 20: "bloqué par"), so the order matters where it changes which one is
  ** last. Not reported when the last one was only renamed or replaced (in
  ** neither file under the other's name): its removal and addition say it. */
  const Model *o = D->o, *n = D->n;
  if (o->ndiplomas && n->ndiplomas) {
    const char *lo = o->diplomas[o->ndiplomas - 1].name, *ln = n->diplomas[n->ndiplomas - 1].name;
    if (strcmp(lo, ln) != 0 && (diploma_named(n, lo) || diploma_named(o, ln))) {
      const MDiploma *x = &n->diplomas[n->ndiplomas - 1];
      emit_kind(D, &base, DK_CHANGED, "final", NULL, "diplôme final (le dernier déclaré)", lo, ln,
                cites_of(D, ncites(x->node)), true);
    }
  }
}

static void diff_jury(Df *D) {
  Ch base = {.section = DS_JURY};
  for (int pass = 0; pass < 2; pass++) {
    const Model *m = pass ? D->o : D->n;
    for (int i = 0; i < m->njury; i++) {
      const char *code = m->jury[i]->code;
      const MJuryCode *a = model_jury_code(D->o, code), *b = model_jury_code(D->n, code);
      if (pass && b) continue;
      const MJuryCode *x = b ? b : a;
      const char *cs = cites_of(D, ncites(x->node));
      if (!a || !b) {
        const char *desc = T(D, "« %s », %s", x->label, x->acquired ? "acquis" : "non acquis");
        prop(D, &base, "jury_code", code, T(D, "code jury %s", code), a ? desc : NULL, b ? desc : NULL, cs, true);
        continue;
      }
      prop(D, &base, "label", code, T(D, "libellé du code jury %s", code), Q(D, a->label), Q(D, b->label), cs, true);
      prop(D, &base, "acquired", code, T(D, "code jury %s", code), a->acquired ? "acquis" : "non acquis",
           b->acquired ? "acquis" : "non acquis", cs, true);
      cmp_cites(D, &base, code, T(D, "du code jury %s", code), ncites(a->node), ncites(b->node));
    }
  }
}

/* Provisions: matched by article (their citations), in file order. */
static void diff_provisions(Df *D) {
  Ch base = {.section = DS_DISPOSITIONS};
  const Node *first_a = D->o->ast->root ? D->o->ast->root->body : NULL;
  const Node *first_b = D->n->ast->root ? D->n->ast->root->body : NULL;
  int na = 0, nb = 0;
  for (const Node *x = first_a; x; x = x->next) na += x->kind == N_PROVISION;
  for (const Node *x = first_b; x; x = x->next) nb += x->kind == N_PROVISION;
  const Node **pa = xcalloc((size_t)na + 1, sizeof *pa), **pb = xcalloc((size_t)nb + 1, sizeof *pb);
  bool *used = xcalloc((size_t)na + 1, sizeof *used);
  na = nb = 0;
  for (const Node *x = first_a; x; x = x->next)
    if (x->kind == N_PROVISION) pa[na++] = x;
  for (const Node *x = first_b; x; x = x->next)
    if (x->kind == N_PROVISION) pb[nb++] = x;
  for (int j = 0; j < nb; j++) {
    const char *key = cites_of(D, pb[j]->cites);
    const Node *a = NULL;
    for (int i = 0; i < na; i++)
      if (!used[i] && same_str(cites_of(D, pa[i]->cites), key)) {
        a = pa[i];
        used[i] = true;
        break;
      }
    const Node *b = pb[j];
    const char *what = T(D, "disposition %s", key ? key : "");
    if (!a) {
      int np = 0;
      for (const Node *t = b->body; t; t = t->next) np++;
      prop(D, &base, "provision", key, what, NULL,
           T(D, "« %s », %d paragraphe%s", b->label.text ? b->label.text : "", np, np > 1 ? "s" : ""), key, false);
      continue;
    }
    prop(D, &base, "title", key, T(D, "titre de la %s", what), Q(D, a->label.text), Q(D, b->label.text), key, false);
    /* paragraphs: those of OLD not in NEW, those of NEW not in OLD (as multisets) */
    int nta = 0, ntb = 0;
    for (const Node *t = a->body; t; t = t->next) nta++;
    for (const Node *t = b->body; t; t = t->next) ntb++;
    bool *ua = xcalloc((size_t)nta + 1, 1), *ub = xcalloc((size_t)ntb + 1, 1);
    int ia = 0;
    for (const Node *t = a->body; t; t = t->next, ia++) {
      int ib = 0;
      for (const Node *u = b->body; u; u = u->next, ib++)
        if (!ub[ib] && same_str(t->label.text, u->label.text)) {
          ua[ia] = ub[ib] = true;
          break;
        }
    }
    /* as many paragraphs left as arrived: each one was rewritten, in order */
    int left = 0, arrived = 0;
    for (int i = 0; i < nta; i++) left += !ua[i];
    for (int i = 0; i < ntb; i++) arrived += !ub[i];
    const Node *t = a->body, *u = b->body;
    int ib = 0;
    ia = 0;
    for (; t; t = t->next, ia++) {
      if (ua[ia]) continue;
      const char *nv = NULL;
      if (left == arrived) {
        while (u && ub[ib]) u = u->next, ib++;
        if (u) {
          nv = Q(D, u->label.text);
          ub[ib] = true;
        }
      }
      prop(D, &base, "paragraph", key, T(D, "paragraphe de la %s", what), Q(D, t->label.text), nv, key, false);
    }
    ib = 0;
    for (u = b->body; u; u = u->next, ib++)
      if (!ub[ib]) prop(D, &base, "paragraph", key, T(D, "paragraphe de la %s", what), NULL, Q(D, u->label.text), key,
                        false);
    free(ua);
    free(ub);
  }
  for (int i = 0; i < na; i++) {
    if (used[i]) continue;
    const char *key = cites_of(D, pa[i]->cites);
    prop(D, &base, "provision", key, T(D, "disposition %s", key ? key : ""),
         T(D, "« %s »", pa[i]->label.text ? pa[i]->label.text : ""), NULL, key, false);
  }
  free(pa);
  free(pb);
  free(used);
}

/* ---------------------------------------------------------------------------
** Putting it together
*/

void diffout_init(DiffOut *o) {
  memset(o, 0, sizeof *o);
  o->arena = arena_new();
}

void diffout_free(DiffOut *o) {
  if (!o) return;
  free(o->v);
  if (o->arena) arena_free(o->arena);
  memset(o, 0, sizeof *o);
}

static void make_contexts(Df *D) {
  const Model *o = D->o, *n = D->n;
  D->nctx = 0;
  if (o->nparcours && n->nparcours) {
    for (int i = 0; i < n->nparcours; i++) {
      if (!n->parcours[i]) continue;
      const MParcours *a = model_parcours(o, n->parcours[i]->id);
      if (a) D->ctx[D->nctx++] = (Ctx){a->bit, n->parcours[i]->bit, n->parcours[i]->id};
    }
  } else if (o->nparcours || n->nparcours) {
    const Model *m = o->nparcours ? o : n;
    for (int i = 0; i < m->nparcours; i++)
      if (m->parcours[i])
        D->ctx[D->nctx++] = (Ctx){m == o ? m->parcours[i]->bit : -1, m == n ? m->parcours[i]->bit : -1,
                                  m->parcours[i]->id};
  }
  if (D->nctx == 0) D->ctx[D->nctx++] = (Ctx){-1, -1, NULL};
}

static int sem_rank(const Df *D, const char *id) {
  if (!id) return 0;
  const MSemester *s = model_semester(D->n, id);
  if (!s) s = model_semester(D->o, id);
  return s ? s->num : 99;
}

static int ue_rank(const Df *D, const DiffChange *c) {
  if (c->sub != DSUB_UE || !c->ue) return 0;
  const MSemester *s = model_semester(D->n, c->sem);
  for (int i = 0; s && i < s->nues; i++)
    if (!strcmp(s->ues[i]->id, c->ue)) return 1 + i;
  s = model_semester(D->o, c->sem);
  for (int i = 0; s && i < s->nues; i++)
    if (!strcmp(s->ues[i]->id, c->ue)) return 10000 + i;
  return 20000;
}

static int cmp_change(const void *x, const void *y) {
  const DiffChange *a = x, *b = y;
  if (a->section != b->section) return (int)a->section - (int)b->section;
  if (a->sem_rank != b->sem_rank) return a->sem_rank - b->sem_rank;
  if (a->sub != b->sub) return a->sub - b->sub;
  if (a->ue_rank != b->ue_rank) return a->ue_rank - b->ue_rank;
  return a->seq - b->seq;
}

int diff_models(const Model *old, const Model *new_, DiffOut *out) {
  Df D = {.o = old, .n = new_, .out = out, .cur = -1};
  D.tmp = arena_new();
  D.o2n = xcalloc((size_t)old->ncourses + 1, sizeof *D.o2n);
  D.n2o = xcalloc((size_t)new_->ncourses + 1, sizeof *D.n2o);
  make_contexts(&D);
  diff_reglement(&D);
  diff_competences(&D);
  diff_parcours(&D);
  diff_years(&D);
  diff_courses(&D);
  diff_semesters(&D);
  diff_marks(&D);
  diff_calc(&D);
  diff_validation(&D);
  diff_conditions(&D);
  diff_decision(&D);
  diff_repeats(&D);
  diff_diplomas(&D);
  diff_jury(&D);
  diff_provisions(&D);
  uint64_t all = all_ctx(&D);
  for (size_t i = 0; i < out->n; i++) {
    DiffChange *c = &out->v[i];
    c->sem_rank = sem_rank(&D, c->sem);
    c->ue_rank = ue_rank(&D, c);
    if (D.nctx > 1 && c->ctx != all) {
      Sb b = {0};
      for (int k = 0; k < D.nctx; k++)
        if ((c->ctx >> k) & 1u) sb_printf(&b, "%s%s", b.n ? ", " : "", D.ctx[k].name);
      c->parcours = arena_strdup(out->arena, sb_str(&b));
      free(b.s);
    }
  }
  if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, cmp_change);
  free(D.o2n);
  free(D.n2o);
  arena_free(D.tmp);
  return out->n ? 1 : 0;
}

/* ---------------------------------------------------------------------------
** Output
*/

static const char *const section_fr[DS_COUNT] = {
  "Règlement", "Compétences", "Parcours", "Années et RCUE", "Semestre", "Marques", "Calcul", "Validation",
  "Conditions", "Décision", "Redoublement", "Diplômes", "Codes de jury", "Dispositions",
};
static const char *const section_json[DS_COUNT] = {
  "regulation", "competences", "parcours", "years", "semester", "marks", "calculation", "validation",
  "conditions", "decision", "repeats", "diplomas", "jury", "provisions",
};
static const char *const kind_json[] = {"added", "removed", "changed", "renamed", "moved"};

static void put_change(FILE *f, const DiffChange *c, int ind) {
  const char *sym = c->kind == DK_ADDED ? "+" : c->kind == DK_REMOVED ? "-" : "~";
  fprintf(f, "%*s%s %s", ind, "", sym, c->what);
  if (c->parcours) fprintf(f, " (parcours %s)", c->parcours);
  if (c->own_cites && c->cites) fprintf(f, " — %s", c->cites);
  const char *a = c->old_text, *b = c->new_text;
  if (a && b) {
    int w = utf8_width(a, strlen(a)) + utf8_width(b, strlen(b));
    if (w > 60) fprintf(f, "\n%*savant : %s\n%*saprès : %s\n", ind + 4, "", a, ind + 4, "", b);
    else fprintf(f, " : %s → %s\n", a, b);
  } else if (a || b) {
    fprintf(f, " : %s\n", a ? a : b);
  } else {
    fputc('\n', f);
  }
}

void diff_print_human(FILE *f, const DiffOut *o, const char *old_name, const char *new_name) {
  if (o->n == 0) {
    fprintf(f, "%s → %s : aucun changement sémantique\n", old_name, new_name);
    return;
  }
  fprintf(f, "%s → %s\n", old_name, new_name);
  int sec = -1, sub = -1;
  const char *sem = NULL, *ue = NULL;
  for (size_t i = 0; i < o->n; i++) {
    const DiffChange *c = &o->v[i];
    if ((int)c->section != sec || (c->section == DS_SEMESTRE && !same_str(c->sem, sem))) {
      if (c->section == DS_SEMESTRE) fprintf(f, "\nSemestre %s\n", c->sem);
      else fprintf(f, "\n%s\n", section_fr[c->section]);
      sec = (int)c->section;
      sem = c->sem;
      sub = -1;
      ue = NULL;
    }
    int ind = 2;
    if (c->section == DS_SEMESTRE && c->sub != DSUB_SEMESTER) {
      if (c->sub != sub || !same_str(c->ue, ue)) {
        if (c->sub == DSUB_COURSES) fputs("  Enseignements (Annexe 2)\n", f);
        else if (c->ue_label) fprintf(f, "  %s « %s »\n", c->ue, c->ue_label);
        else fprintf(f, "  %s\n", c->ue);
      }
      ind = 4;
    }
    sub = c->sub;
    ue = c->ue;
    put_change(f, c, ind);
  }
  fprintf(f, "\n%zu changement%s\n", o->n, o->n > 1 ? "s" : "");
}

static void json_str_or_null(FILE *f, const char *s) {
  if (s) out_json_string(f, s);
  else fputs("null", f);
}

/* A ", "-separated list as a JSON array of strings, or null. */
static void json_list(FILE *f, const char *s) {
  if (!s) {
    fputs("null", f);
    return;
  }
  fputc('[', f);
  const char *p = s;
  bool first = true;
  while (*p) {
    const char *e = strstr(p, ", ");
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char *item = xmalloc(n + 1);
    memcpy(item, p, n);
    item[n] = '\0';
    if (!first) fputc(',', f);
    out_json_string(f, item);
    free(item);
    first = false;
    p += n;
    if (e) p += 2;
  }
  fputc(']', f);
}

void diff_print_json(FILE *f, const DiffOut *o, const char *old_name, const char *new_name, bool open) {
  fputs("{\"old\":", f);
  out_json_string(f, old_name);
  fputs(",\"new\":", f);
  out_json_string(f, new_name);
  fprintf(f, ",\"same\":%s,\"changes\":[", o->n ? "false" : "true");
  for (size_t i = 0; i < o->n; i++) {
    const DiffChange *c = &o->v[i];
    fprintf(f, "%s\n{\"section\":\"%s\",\"semester\":", i ? "," : "", section_json[c->section]);
    json_str_or_null(f, c->sem);
    fputs(",\"ue\":", f);
    json_str_or_null(f, c->sub == DSUB_UE ? c->ue : NULL);
    fprintf(f, ",\"kind\":\"%s\",\"property\":", kind_json[c->kind]);
    json_str_or_null(f, c->prop);
    fputs(",\"subject\":", f);
    json_str_or_null(f, c->subject);
    fputs(",\"what\":", f);
    json_str_or_null(f, c->what);
    fputs(",\"old\":", f);
    json_str_or_null(f, c->old_text);
    fputs(",\"new\":", f);
    json_str_or_null(f, c->new_text);
    fputs(",\"parcours\":", f);
    json_list(f, c->parcours);
    fputs(",\"cites\":", f);
    json_list(f, c->cites);
    fputc('}', f);
  }
  fputs(o->n ? "\n]" : "]", f);
  if (!open) fputs("}\n", f);
}

/* ---------------------------------------------------------------------------
** Impact: one cohort under both versions
*/

typedef struct SnapUe {
  const char *id, *code; /* UE id (in the naming of the model evaluated) and its code */
} SnapUe;

/* YearRecord.diplomas: how many diplomas a record says anything about (sema
** allows no more). */
#define SNAP_DIPLOMAS 8
_Static_assert(sizeof ((YearRecord *)0)->diplomas == SNAP_DIPLOMAS * sizeof(bool),
               "SNAP_DIPLOMAS follows YearRecord.diplomas");

typedef struct Snap {
  const char *year;      /* academic year */
  const char *decision;  /* year code, NULL mid-year */
  bool dip[SNAP_DIPLOMAS]; /* diplomas held as of this record, by index in the
                          ** diplomas of the model evaluated (OLD or NEW) */
  SnapUe *ues;           /* UE codes */
  int nues;              /* how many */
  int *rcomp;            /* RCUE competences */
  const char **rcode;    /* RCUE codes */
  int nrc;               /* how many RCUEs */
} Snap;

typedef struct Snaps {
  Snap *v;
  int n, cap;
  Arena *a;              /* scratch: strings of this student */
} Snaps;

typedef struct RunCtx {
  const Model *m;        /* rules of every year */
  const Model *rm;       /* reading model (OLD) */
  Snaps *s;              /* where records go */
} RunCtx;

static const Model *run_model(int start, void *ctx) {
  RunCtx *r = ctx;
  return start < 0 ? r->rm : r->m;
}

static const char *scratch_str(Arena *a, const char *s) { return s ? arena_strdup(a, s) : NULL; }

static void run_emit_snap(const YearRecord *rec, void *ctx) {
  RunCtx *r = ctx;
  Snaps *s = r->s;
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 8;
    s->v = xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
  }
  Snap *x = &s->v[s->n++];
  memset(x, 0, sizeof *x);
  x->year = scratch_str(s->a, rec->year);
  x->decision = rec->midyear ? NULL : scratch_str(s->a, rec->decision);
  /* every diploma the rules declare, whatever its name: rec->dut / rec->but
  ** only know diplomas named DUT and BUT (the JSON Lines contract) */
  memcpy(x->dip, rec->diplomas, sizeof x->dip);
  x->nues = rec->nues;
  x->ues = arena_alloc(s->a, (size_t)(rec->nues + 1) * sizeof *x->ues);
  for (int i = 0; i < rec->nues; i++) {
    x->ues[i].id = scratch_str(s->a, rec->ues[i].id);
    x->ues[i].code = scratch_str(s->a, rec->ues[i].code);
  }
  x->nrc = rec->nrcues;
  x->rcomp = arena_alloc(s->a, (size_t)(rec->nrcues + 1) * sizeof *x->rcomp);
  x->rcode = arena_alloc(s->a, (size_t)(rec->nrcues + 1) * sizeof *x->rcode);
  for (int i = 0; i < rec->nrcues; i++) {
    x->rcomp[i] = rec->rcues[i].competence;
    x->rcode[i] = scratch_str(s->a, rec->rcues[i].code);
  }
}

void impact_init(ImpactOut *o) {
  memset(o, 0, sizeof *o);
  o->arena = arena_new();
}

void impact_free(ImpactOut *o) {
  if (!o) return;
  free(o->v);
  free(o->totals);
  if (o->arena) arena_free(o->arena);
  memset(o, 0, sizeof *o);
}

typedef struct Items {
  ImpactItem *v;         /* items of the student-year being compared */
  int n, cap;            /* how many, allocated */
} Items;

/* What matches across the two versions, for compare_year: UEs renamed
** (diff_semester_ues finds them the same way) and the models, for the names
** of their diplomas. */
typedef struct Match {
  const Model *o, *n;    /* OLD, NEW */
  UePair *ren;           /* renamed UEs: both ids set, different */
  const char **label;    /* by rename: "UE1.3b (ex-UE1.3)" (ImpactOut arena) */
  int nren;              /* how many */
} Match;

/* NEW's id of OLD's UE id (itself when not renamed), and the label of a
** change of that UE. */
static const char *ue_o2n(const Match *M, const char *oid, const char **label) {
  for (int i = 0; i < M->nren; i++)
    if (!strcmp(M->ren[i].oid, oid)) {
      *label = M->label[i];
      return M->ren[i].nid;
    }
  *label = oid;
  return oid;
}

static const char *ue_n2o(const Match *M, const char *nid, const char **label) {
  for (int i = 0; i < M->nren; i++)
    if (!strcmp(M->ren[i].nid, nid)) {
      *label = M->label[i];
      return M->ren[i].oid;
    }
  *label = nid;
  return nid;
}

/* Index of the diploma called name among the first SNAP_DIPLOMAS of m, -1. */
static int diploma_index(const Model *m, const char *name) {
  for (int i = 0; i < m->ndiplomas && i < SNAP_DIPLOMAS; i++)
    if (!strcmp(m->diplomas[i].name, name)) return i;
  return -1;
}

static void item_push(Items *l, ImpactKind k, const char *name, const char *a, const char *b) {
  if (same_str(a, b)) return;
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 16;
    l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
  }
  l->v[l->n++] = (ImpactItem){k, name, a, b};
}

static const char *snap_ue(const Snap *s, const char *id) {
  for (int i = 0; s && i < s->nues; i++)
    if (!strcmp(s->ues[i].id, id)) return s->ues[i].code;
  return NULL;
}

static const char *snap_rc(const Snap *s, int comp) {
  for (int i = 0; s && i < s->nrc; i++)
    if (s->rcomp[i] == comp) return s->rcode[i];
  return NULL;
}

static void total_add(ImpactOut *o, const ImpactItem *it) {
  for (size_t i = 0; i < o->ntotals; i++) {
    ImpactTotal *t = &o->totals[i];
    if (t->kind == it->kind && same_str(t->name, it->kind == IK_DIPLOMA ? it->name : NULL) &&
        same_str(t->old_code, it->old_code) && same_str(t->new_code, it->new_code)) {
      t->count++;
      return;
    }
  }
  if (o->ntotals == o->tcap) {
    o->tcap = o->tcap ? 2 * o->tcap : 16;
    o->totals = xrealloc(o->totals, o->tcap * sizeof *o->totals);
  }
  o->totals[o->ntotals++] =
      (ImpactTotal){it->kind, it->kind == IK_DIPLOMA ? it->name : NULL, it->old_code, it->new_code, 1};
}

/* Compare one student-year under both versions (either may be missing).
** A UE is matched through its renaming; a diploma by name (one declared
** in a single version: holding it is a change). */
static bool compare_year(ImpactOut *o, const Match *M, const char *student, const Snap *a, const Snap *b,
                         Items *tmp) {
  tmp->n = 0;
  const char *label;
  for (int i = 0; a && i < a->nues; i++) {
    const char *nid = ue_o2n(M, a->ues[i].id, &label);
    item_push(tmp, IK_UE, label, a->ues[i].code, snap_ue(b, nid));
  }
  for (int i = 0; b && i < b->nues; i++) {
    const char *oid = ue_n2o(M, b->ues[i].id, &label);
    if (!snap_ue(a, oid)) item_push(tmp, IK_UE, label, NULL, b->ues[i].code);
  }
  for (int c = 1; c <= MODEL_MAX_COMPETENCES; c++) {
    const char *x = snap_rc(a, c), *y = snap_rc(b, c);
    if (!same_str(x, y)) item_push(tmp, IK_RCUE, arena_printf(o->arena, "C%d", c), x, y);
  }
  item_push(tmp, IK_DECISION, NULL, a ? a->decision : NULL, b ? b->decision : NULL);
  if (a && b) {
    for (int i = 0; i < M->o->ndiplomas && i < SNAP_DIPLOMAS; i++) {
      const char *name = M->o->diplomas[i].name;
      int j = diploma_index(M->n, name);
      if (j >= 0) item_push(tmp, IK_DIPLOMA, name, a->dip[i] ? "oui" : "non", b->dip[j] ? "oui" : "non");
      else if (a->dip[i]) item_push(tmp, IK_DIPLOMA, name, "oui", NULL);
    }
    for (int j = 0; j < M->n->ndiplomas && j < SNAP_DIPLOMAS; j++)
      if (b->dip[j] && diploma_index(M->o, M->n->diplomas[j].name) < 0)
        item_push(tmp, IK_DIPLOMA, M->n->diplomas[j].name, NULL, "oui");
  }
  if (!tmp->n) return false;
  if (o->n == o->cap) {
    o->cap = o->cap ? 2 * o->cap : 32;
    o->v = xrealloc(o->v, o->cap * sizeof *o->v);
  }
  ImpactRecord *r = &o->v[o->n++];
  r->student = arena_strdup(o->arena, student);
  r->year = arena_strdup(o->arena, a ? a->year : b->year);
  r->nitems = tmp->n;
  r->items = arena_alloc(o->arena, (size_t)tmp->n * sizeof *r->items);
  for (int i = 0; i < tmp->n; i++) {
    const ImpactItem *it = &tmp->v[i];
    /* names of UEs and diplomas point into the snapshots or the models: copied */
    r->items[i] = (ImpactItem){it->kind, it->kind == IK_RCUE ? it->name : scratch_str(o->arena, it->name),
                               it->old_code ? arena_strdup(o->arena, it->old_code) : NULL,
                               it->new_code ? arena_strdup(o->arena, it->new_code) : NULL};
    total_add(o, &r->items[i]);
  }
  return true;
}

static int cmp_code(const char *a, const char *b) {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  return strcmp(a, b);
}

static int cmp_total(const void *x, const void *y) {
  const ImpactTotal *a = x, *b = y;
  if (a->kind != b->kind) return (int)a->kind - (int)b->kind;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  int c = cmp_code(a->name, b->name);
  if (c) return c;
  c = cmp_code(a->old_code, b->old_code);
  return c ? c : cmp_code(a->new_code, b->new_code);
}

long diff_impact(const Model *old, const Model *new_, const Cohort *cohort, ImpactOut *out, Diags *d) {
  Snaps so = {0}, sn = {0};
  Arena *scratch = arena_new();
  so.a = sn.a = scratch;
  /* The grades were read against OLD; the evaluator finds each grade's
  ** course in NEW by id. A course whose id changed (same label) keeps its
  ** grades: NEW reads them through a shallow copy of OLD whose renamed
  ** courses carry their NEW id. */
  const MCourse **o2n = xcalloc((size_t)old->ncourses + 1, sizeof *o2n);
  MCourse **courses = NULL, *copies = NULL;
  Model proxy;
  const Model *reader = old;
  int nren = course_renames(old, new_, o2n, NULL);
  if (nren) {
    proxy = *old;
    courses = xcalloc((size_t)old->ncourses + 1, sizeof *courses);
    copies = xcalloc((size_t)nren, sizeof *copies);
    for (int i = 0, k = 0; i < old->ncourses; i++) {
      courses[i] = old->courses[i];
      if (!o2n[i]) continue;
      copies[k] = *old->courses[i];
      copies[k].id = o2n[i]->id;
      courses[i] = &copies[k++];
    }
    proxy.courses = courses;
    reader = &proxy;
  }
  /* UEs renamed, semester by semester (a snapshot's UE ids are NEW's under
  ** NEW): an unchanged code under a new id is no change */
  Match M = {.o = old, .n = new_};
  int rcap = 1;
  for (int i = 0; i < new_->nsems; i++) rcap += new_->sems[i]->nues;
  M.ren = xcalloc((size_t)rcap, sizeof *M.ren);
  M.label = xcalloc((size_t)rcap, sizeof *M.label);
  for (int i = 0; i < new_->nsems; i++) {
    const MSemester *sn_ = new_->sems[i], *so_ = model_semester(old, sn_->id);
    if (!so_) continue;
    UePair *pairs = xcalloc((size_t)(so_->nues + sn_->nues + 1), sizeof *pairs);
    int np = ue_pairs(so_, sn_, pairs);
    for (int k = 0; k < np && M.nren < rcap; k++)
      if (pairs[k].oid && pairs[k].nid && strcmp(pairs[k].oid, pairs[k].nid) != 0) {
        M.ren[M.nren] = pairs[k];
        /* not "UE1.3 → UE1.3b": the codes that follow have their own arrow */
        M.label[M.nren++] = arena_printf(out->arena, "%s (ex-%s)", pairs[k].nid, pairs[k].oid);
      }
    free(pairs);
  }
  RunCtx ro = {.m = old, .rm = old, .s = &so}, rn = {.m = new_, .rm = reader, .s = &sn};
  EvalHooks ho = {.model_for = run_model, .emit = run_emit_snap, .ctx = &ro};
  EvalHooks hn = {.model_for = run_model, .emit = run_emit_snap, .ctx = &rn, .hypothetical = true};
  EvalCtx *eo = eval_new(), *en = eval_new();
  Items tmp = {0};
  long changed = 0;
  size_t count = cohort_count(cohort);
  for (size_t i = 0; i < count; i++) {
    const Student *st = cohort_student(cohort, i);
    if (st->error) {
      out->skipped++;
      continue;
    }
    out->students++;
    arena_reset(scratch);
    so.n = sn.n = 0;
    eval_student(eo, st, &ho, d);
    eval_student(en, st, &hn, d);
    bool any = false;
    int a = 0, b = 0;
    while (a < so.n || b < sn.n) {
      int c = a >= so.n ? 1 : b >= sn.n ? -1 : strcmp(so.v[a].year, sn.v[b].year);
      const Snap *x = c <= 0 ? &so.v[a] : NULL, *y = c >= 0 ? &sn.v[b] : NULL;
      out->records++;
      if (compare_year(out, &M, st->id, x, y, &tmp)) {
        changed++;
        any = true;
      }
      if (c <= 0) a++;
      if (c >= 0) b++;
    }
    if (any) out->students_changed++;
  }
  if (out->ntotals > 1) qsort(out->totals, out->ntotals, sizeof *out->totals, cmp_total);
  eval_free(eo);
  eval_free(en);
  free(so.v);
  free(sn.v);
  free(tmp.v);
  free(o2n);
  free(M.ren);
  free(M.label);
  free(courses);
  free(copies);
  arena_free(scratch);
  return changed;
}

static const char *code_or_dash(const char *c) { return c ? c : "—"; }

static void put_item(FILE *f, const ImpactItem *it) {
  switch (it->kind) {
  case IK_UE: fprintf(f, "%s ", it->name); break;
  case IK_RCUE: fprintf(f, "RCUE %s ", it->name); break;
  case IK_DIPLOMA: fprintf(f, "%s ", it->name); break;
  default: fputs("décision ", f); break;
  }
  fprintf(f, "%s → %s", code_or_dash(it->old_code), code_or_dash(it->new_code));
}

void impact_print_human(FILE *f, const ImpactOut *o) {
  fprintf(f,
          "Impact sur la cohorte : %ld dossier%s étudiant-année (%ld étudiant%s) évalué%s sous les deux versions",
          o->records, o->records > 1 ? "s" : "", o->students, o->students > 1 ? "s" : "", o->records > 1 ? "s" : "");
  if (o->skipped) fprintf(f, ", %ld étudiant%s sans décision (erreurs)", o->skipped, o->skipped > 1 ? "s" : "");
  fputc('\n', f);
  if (!o->n) {
    fputs("aucun dossier ne change\n", f);
    return;
  }
  for (size_t i = 0; i < o->n; i++) {
    const ImpactRecord *r = &o->v[i];
    fprintf(f, "  %s %s : ", r->student, r->year);
    for (int k = 0; k < r->nitems; k++) {
      if (k) fputs(" ; ", f);
      put_item(f, &r->items[k]);
    }
    fputc('\n', f);
  }
  fprintf(f, "%zu dossier%s étudiant-année change%s (%ld étudiant%s)\n", o->n, o->n > 1 ? "s" : "",
          o->n > 1 ? "nt" : "", o->students_changed, o->students_changed > 1 ? "s" : "");
  fputs("Totaux :\n", f);
  for (size_t i = 0; i < o->ntotals; i++) {
    const ImpactTotal *t = &o->totals[i];
    const char *k = t->kind == IK_UE     ? "UE"
                    : t->kind == IK_RCUE ? "RCUE"
                    : t->kind == IK_DIPLOMA ? t->name
                                            : "décision";
    fprintf(f, "  %s %s → %s : %ld\n", k, code_or_dash(t->old_code), code_or_dash(t->new_code), t->count);
  }
}

static const char *const impact_kind_json[IK_COUNT] = {"ue", "rcue", "decision", "diploma"};

void impact_print_json(FILE *f, const ImpactOut *o) {
  fprintf(f, "{\"records\":%ld,\"students\":%ld,\"skipped\":%ld,\"students_changed\":%ld,\"changed\":[", o->records,
          o->students, o->skipped, o->students_changed);
  for (size_t i = 0; i < o->n; i++) {
    const ImpactRecord *r = &o->v[i];
    fputs(i ? ",\n{\"student\":" : "\n{\"student\":", f);
    out_json_string(f, r->student);
    fputs(",\"year\":", f);
    out_json_string(f, r->year);
    fputs(",\"changes\":[", f);
    for (int k = 0; k < r->nitems; k++) {
      const ImpactItem *it = &r->items[k];
      fprintf(f, "%s{\"kind\":\"%s\",\"name\":", k ? "," : "", impact_kind_json[it->kind]);
      json_str_or_null(f, it->name);
      fputs(",\"old\":", f);
      json_str_or_null(f, it->old_code);
      fputs(",\"new\":", f);
      json_str_or_null(f, it->new_code);
      fputc('}', f);
    }
    fputs("]}", f);
  }
  fputs(o->n ? "\n],\"totals\":[" : "],\"totals\":[", f);
  for (size_t i = 0; i < o->ntotals; i++) {
    const ImpactTotal *t = &o->totals[i];
    fprintf(f, "%s{\"kind\":\"%s\",\"name\":", i ? "," : "", impact_kind_json[t->kind]);
    json_str_or_null(f, t->name);
    fputs(",\"old\":", f);
    json_str_or_null(f, t->old_code);
    fputs(",\"new\":", f);
    json_str_or_null(f, t->new_code);
    fprintf(f, ",\"count\":%ld}", t->count);
  }
  fputs("]}", f);
}

/* ---------------------------------------------------------------------------
** The command
*/

const char diff_usage[] =
  "  diff [OPTIONS] OLD NEW [--impact GRADES...]\n"
  "                              what changed between two versions of a regulation (semantic:\n"
  "                              layout and comments do not count); exit 0 same, 1 different, 2 trouble\n"
  "      --format text|json         output (default: text, in French; \"human\" is text)\n"
  "      --quiet, -q                print nothing, only the exit status\n"
  "      --impact GRADES...         evaluate these grade files (read against OLD) under both versions\n"
  "                                 and list every student-year whose UE, RCUE or year code changes\n"
  "      --year Y --semester S --parcours P   defaults for wide-form grade files\n";

typedef struct Loaded {
  Source *src;
  Ast *ast;
  Model *m;
} Loaded;

static bool diff_color(FILE *f) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  return isatty(fileno(f));
}

/* Read, parse and resolve; false when the file cannot be read or has errors. */
static bool load_rules(const char *path, Loaded *L) {
  memset(L, 0, sizeof *L);
  char err[512];
  L->src = source_load(path, err, sizeof err);
  if (!L->src) {
    fprintf(stderr, "mccc: %s\n", err);
    return false;
  }
  Diags d;
  diags_init(&d);
  L->ast = parse_rules(L->src, &d);
  if (d.nerr == 0) L->m = model_build(L->ast, L->src, &d);
  bool ok = d.nerr == 0;
  if (!ok) {
    diags_print(&d, stderr, diff_color(stderr));
    fprintf(stderr, "mccc diff: le règlement %s a des erreurs ; lancez « mccc check %s »\n", path, path);
  }
  diags_free(&d);
  return ok;
}

static void loaded_free(Loaded *L) {
  model_free(L->m);
  if (L->ast) ast_free(L->ast);
  source_free(L->src);
}

int diff_command(int argc, char **argv) {
  const char *format = "text", *pos[2] = {NULL, NULL};
  int npos = 0, ngrades = 0;
  bool quiet = false, impact = false;
  const char **grades = xcalloc((size_t)argc + 1, sizeof *grades);
  GradesOptions gopt = {0};
  int rc = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char **dst = NULL;
    if (!strcmp(a, "--format")) dst = &format;
    else if (!strcmp(a, "--year")) dst = &gopt.year;
    else if (!strcmp(a, "--semester")) dst = &gopt.semester;
    else if (!strcmp(a, "--parcours")) dst = &gopt.parcours;
    if (dst) {
      if (i + 1 >= argc) {
        fprintf(stderr, "mccc diff: l’option %s attend une valeur\nusage: mccc%s", a, diff_usage + 1);
        free(grades);
        return 2;
      }
      *dst = argv[++i];
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      quiet = true;
    } else if (!strcmp(a, "--impact")) {
      impact = true;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      printf("usage: mccc%s", diff_usage + 1);
      free(grades);
      return 0;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "mccc diff: option inconnue « %s »\nusage: mccc%s", a, diff_usage + 1);
      free(grades);
      return 2;
    } else if (impact) {
      grades[ngrades++] = a;
    } else if (npos < 2) {
      pos[npos++] = a;
    } else {
      fprintf(stderr, "mccc diff: trop de fichiers (« %s ») ; les fichiers de notes suivent --impact\nusage: mccc%s", a,
              diff_usage + 1);
      free(grades);
      return 2;
    }
  }
  if (npos != 2) {
    fprintf(stderr, "mccc diff: il faut deux fichiers de règles, OLD (l’ancien) et NEW (le nouveau)\nusage: mccc%s", diff_usage + 1);
    free(grades);
    return 2;
  }
  if (impact && ngrades == 0) {
    fprintf(stderr, "mccc diff: --impact attend au moins un fichier de notes\nusage: mccc%s", diff_usage + 1);
    free(grades);
    return 2;
  }
  bool json = !strcmp(format, "json");
  if (!json && strcmp(format, "text") != 0 && strcmp(format, "human") != 0) {
    fprintf(stderr, "mccc diff: format inconnu « %s » (text ou json)\n", format);
    free(grades);
    return 2;
  }
  Loaded lo, ln;
  bool ok_o = load_rules(pos[0], &lo);
  bool ok_n = load_rules(pos[1], &ln);
  if (!ok_o || !ok_n) {
    loaded_free(&ln);
    loaded_free(&lo);
    free(grades);
    return 2;
  }
  Diags d;
  diags_init(&d);
  DiffOut out;
  diffout_init(&out);
  rc = diff_models(lo.m, ln.m, &out);
  ImpactOut imp;
  impact_init(&imp);
  Cohort *cohort = NULL;
  bool did_impact = false;
  if (impact && !quiet) {
    cohort = cohort_new();
    bool readable = true;
    for (int i = 0; i < ngrades; i++)
      if (grades_read_file(cohort, lo.m, grades[i], &gopt, &d) != 0) readable = false;
    if (readable) {
      cohort_finish(cohort, lo.m, NULL, NULL, &d);
      diff_impact(lo.m, ln.m, cohort, &imp, &d);
      did_impact = true;
    }
    if (!readable || d.nerr) rc = 2;
  }
  if (!quiet) {
    if (json) {
      diff_print_json(stdout, &out, pos[0], pos[1], true);
      if (did_impact) {
        fputs(",\"impact\":", stdout);
        impact_print_json(stdout, &imp);
      }
      fputs("}\n", stdout);
    } else {
      diff_print_human(stdout, &out, pos[0], pos[1]);
      if (did_impact) {
        fputc('\n', stdout);
        impact_print_human(stdout, &imp);
      }
    }
  }
  diags_print(&d, stderr, diff_color(stderr));
  if (imp.skipped)
    fprintf(stderr, "mccc diff: %ld étudiant%s sans décision à cause d’erreurs dans les données\n", imp.skipped,
            imp.skipped > 1 ? "s" : "");
  if (fflush(stdout) != 0 || ferror(stdout)) rc = 2;
  diags_free(&d);
  impact_free(&imp);
  diffout_free(&out);
  cohort_free(cohort);
  loaded_free(&ln);
  loaded_free(&lo);
  free(grades);
  return rc;
}
