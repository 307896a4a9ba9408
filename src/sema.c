/*
** sema.c — name resolution and typing: AST → Model (see model.h).
**
** Like SQLite's resolve.c: every identifier of the file is looked up and
** either bound or reported ("enseignement inconnu « R1.99 »" with a "did you
** mean"); every number is converted to an exact rational and range-checked;
** every expression is typed (number or condition) in its context. Errors
** are counted in the Diags; the model is built as far as possible so that a
** single run reports everything.
*/
#include "model.h"
#include "num.h"
#include "suggest.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small string → pointer hash index ---- */

typedef struct MIndex {
  const char **keys;     /* NULL = empty slot */
  void **vals;           /* bound values */
  size_t cap;            /* power of two */
  size_t n;              /* used slots */
} MIndex;

static size_t hash_str(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static void index_put(Arena *a, MIndex *ix, const char *k, void *v);

static void index_grow(Arena *a, MIndex *ix) {
  MIndex old = *ix;
  ix->cap = old.cap ? old.cap * 2 : 64;
  ix->keys = arena_alloc(a, ix->cap * sizeof *ix->keys);
  ix->vals = arena_alloc(a, ix->cap * sizeof *ix->vals);
  ix->n = 0;
  for (size_t i = 0; i < old.cap; i++)
    if (old.keys[i]) index_put(a, ix, old.keys[i], old.vals[i]);
}

static void index_put(Arena *a, MIndex *ix, const char *k, void *v) {
  if ((ix->n + 1) * 2 > ix->cap) index_grow(a, ix);
  size_t i = hash_str(k) & (ix->cap - 1);
  while (ix->keys[i] && strcmp(ix->keys[i], k) != 0) i = (i + 1) & (ix->cap - 1);
  if (!ix->keys[i]) ix->n++;
  ix->keys[i] = k;
  ix->vals[i] = v;
}

static void *index_get(const MIndex *ix, const char *k) {
  if (!ix || !ix->cap) return NULL;
  size_t i = hash_str(k) & (ix->cap - 1);
  while (ix->keys[i]) {
    if (strcmp(ix->keys[i], k) == 0) return ix->vals[i];
    i = (i + 1) & (ix->cap - 1);
  }
  return NULL;
}

/* ---- context ---- */

typedef struct Sema {
  Model *m;              /* being built */
  Arena *a;              /* the Ast's arena */
  Diags *d;              /* diagnostics */
  const Source *src;     /* for locations */
  /* growable arrays (heap, moved into the arena at the end) */
  int cap_courses, cap_ues, cap_marks, cap_conds, cap_jury, cap_clauses, cap_dipl;
  /* expression depth (AST_MAX_DEPTH), named conditions included */
  int level;             /* operator levels and condition references above the node typed */
  int peak;              /* deepest level the expression being typed reaches */
  bool deep_ref;         /* it names a condition already said to be too deep */
  /* settings said once: the first saying (a second one is an error, not a
  ** silent override) */
  const Node *said_ects;      /* ECTS par semestre */
  const Node *said_calc;      /* the calcul block */
  const Node *said_round;     /* moyennes exactes / arrondies */
  const Node *said_display;   /* affichage */
  const Node *said_repeat[2]; /* redoublement: par semestre, au total */
} Sema;

#define ERR(loc, ...) diag_add(S->d, DIAG_ERROR, S->src, (loc), __VA_ARGS__)
#define NOTE(...) diag_note(S->d, __VA_ARGS__)

static void *grow(void *p, int *cap, int n, size_t elem) {
  if (n < *cap) return p;
  *cap = *cap ? *cap * 2 : 16;
  return xrealloc(p, (size_t)*cap * elem);
}

/* An exact number from a token; false (and an error) if it is not one. */
static bool to_num(Sema *S, Tok t, mpq_t out) {
  char err[128];
  if (num_parse(out, t.text, strlen(t.text), err, sizeof err) != 0) {
    ERR(t.loc, "nombre invalide « %s »", t.text);
    return false;
  }
  return true;
}

/* An integer in [lo, hi] from a token; -1 (and an error) otherwise. */
static int to_int(Sema *S, Tok t, int lo, int hi, const char *what) {
  if (!t.text) return -1;
  mpq_t q;
  mpq_init(q);
  int r = -1;
  if (to_num(S, t, q)) {
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0) {
      ERR(t.loc, "%s doit être un nombre entier, pas %s", what, t.text);
    } else if (mpz_cmp_si(mpq_numref(q), lo) < 0 || mpz_cmp_si(mpq_numref(q), hi) > 0) {
      ERR(t.loc, "%s %s hors des bornes (de %d à %d)", what, t.text, lo, hi);
    } else {
      r = (int)mpz_get_si(mpq_numref(q));
    }
  }
  mpq_clear(q);
  return r;
}

/* ---- lookups ---- */

MCourse *model_course(const Model *m, const char *id) {
  return index_get(m->course_index, id);
}

MParcours *model_parcours(const Model *m, const char *id) {
  for (int i = 0; i < m->nparcours; i++)
    if (strcmp(m->parcours[i]->id, id) == 0) return m->parcours[i];
  return NULL;
}

MSemester *model_semester(const Model *m, const char *id) {
  for (int i = 0; i < m->nsems; i++)
    if (strcmp(m->sems[i]->id, id) == 0) return m->sems[i];
  return NULL;
}

MMark *model_mark(const Model *m, const char *id) {
  for (int i = 0; i < m->nmarks; i++)
    if (strcmp(m->marks[i]->id, id) == 0) return m->marks[i];
  return NULL;
}

MJuryCode *model_jury_code(const Model *m, const char *code) {
  for (int i = 0; i < m->njury; i++)
    if (strcmp(m->jury[i]->code, code) == 0) return m->jury[i];
  return NULL;
}

MUe *model_ue(const Model *m, const char *id, int p) {
  for (MUe *u = index_get(m->ue_index, id); u; u = u->next_same)
    if (pmask_has(u->parcours, p)) return u;
  return NULL;
}

void model_cites(const Cite *c, char *buf, size_t n) {
  size_t o = 0;
  if (n) buf[0] = '\0';
  for (; c && o < n; c = c->next) {
    int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", c->ref.text);
    if (w < 0) break;
    o += (size_t)w;
  }
}

const char *const model_year_codes[MODEL_NYEAR_CODES] = {"ADM", "PASD", "RED", "NAR", "ATT"};

/* Suggest among a list of names, as a note on the last diagnostic. */
static void suggest(Sema *S, const char *word, const char **cands, size_t n) {
  const char *best = suggest_best(word, cands, n);
  if (best) NOTE("vouliez-vous dire « %s » ?", best);
}

static void suggest_course(Sema *S, const char *id) {
  const char **c = xmalloc((size_t)(S->m->ncourses + 1) * sizeof *c);
  for (int i = 0; i < S->m->ncourses; i++) c[i] = S->m->courses[i]->id;
  suggest(S, id, c, (size_t)S->m->ncourses);
  free(c);
}

/* ---- parcours masks ---- */

static void describe_mask(const Model *m, PMask mask, char *buf, size_t n) {
  size_t o = 0;
  buf[0] = '\0';
  for (int i = 0; i < m->nparcours && o < n; i++)
    if ((mask >> i) & 1u) {
      int w = snprintf(buf + o, n - o, "%s%s", o ? ", " : "", m->parcours[i]->id);
      if (w > 0) o += (size_t)w;
    }
}

/* The mask of an N_ONLY node, intersected with the enclosing one. */
static PMask only_mask(Sema *S, const Node *only, PMask outer) {
  PMask mask = 0;
  for (const IdList *l = only->ids; l; l = l->next) {
    MParcours *p = model_parcours(S->m, l->id.text);
    if (!p) {
      ERR(l->id.loc, "parcours inconnu « %s »", l->id.text);
      const char *c[MODEL_MAX_PARCOURS];
      for (int i = 0; i < S->m->nparcours; i++) c[i] = S->m->parcours[i]->id;
      suggest(S, l->id.text, c, (size_t)S->m->nparcours);
      continue;
    }
    mask |= (PMask)1 << p->bit;
  }
  if (outer != PMASK_ALL && (mask & ~outer)) {
    char buf[128];
    describe_mask(S->m, mask & ~outer, buf, sizeof buf);
    ERR(only->loc, "bloc « parcours » pour %s à l’intérieur d’un bloc qui ne le concerne pas", buf);
  }
  return mask & outer;
}

/* ---- pass 1: declarations ---- */

static MSemester *semester_get(Sema *S, Tok id, bool create) {
  MSemester *s = model_semester(S->m, id.text);
  if (s || !create) return s;
  s = arena_alloc(S->a, sizeof *s);
  s->id = id.text;
  S->m->sems = xrealloc(S->m->sems, (size_t)(S->m->nsems + 1) * sizeof *S->m->sems);
  S->m->sems[S->m->nsems++] = s;
  return s;
}

static void decl_reglement(Sema *S, const Node *n) {
  for (const Node *it = n->body; it; it = it->next) {
    if (it->kind == N_META) {
      if (S->m->meta[it->op]) ERR(it->loc, "« %s » est déjà indiqué plus haut", ast_op_name(it->op));
      S->m->meta[it->op] = it->label.text ? it->label.text : it->a.text;
    } else if (it->kind == N_VOTE) {
      int v = to_int(S, it->n[0], 0, 100000, "le nombre de votants");
      int p = to_int(S, it->n[1], 0, 100000, "le nombre de voix pour");
      int c = to_int(S, it->n[2], 0, 100000, "le nombre de voix contre");
      int ab = to_int(S, it->n[3], 0, 100000, "le nombre d’abstentions");
      if (v >= 0 && p >= 0 && c >= 0 && ab >= 0 && p + c + ab != v)
        diag_add(S->d, DIAG_WARNING, S->src, it->loc,
                 "vote : %d pour + %d contre + %d abstentions = %d, mais %d votants", p, c, ab,
                 p + c + ab, v);
    }
  }
}

static void decl_competence(Sema *S, const Node *n) {
  int num = to_int(S, n->n[0], 1, MODEL_MAX_COMPETENCES, "le numéro de compétence");
  if (num < 0) return;
  if (S->m->comps[num]) {
    ERR(n->n[0].loc, "compétence %d déclarée deux fois", num);
    NOTE("première déclaration ligne %d", S->m->comps[num]->node->loc.first_line);
    return;
  }
  MCompetence *c = arena_alloc(S->a, sizeof *c);
  c->num = num;
  c->name = n->label.text;
  c->node = n;
  for (const Node *l = n->body; l; l = l->next) {
    if (l->kind != N_LEVEL) continue;
    int lv = to_int(S, l->n[0], 1, 7, "le niveau");
    if (lv < 0) continue;
    if (c->levels[lv]) {
      ERR(l->n[0].loc, "niveau %d de la compétence %d déclaré deux fois", lv, num);
      continue;
    }
    if (lv != c->nlevels + 1) {
      if (c->nlevels == 0)
        ERR(l->n[0].loc, "le premier niveau déclaré est le niveau %d : les niveaux se suivent à partir de 1", lv);
      else
        ERR(l->n[0].loc, "niveau %d déclaré après le niveau %d : les niveaux se suivent à partir de 1",
            lv, c->nlevels);
    }
    c->levels[lv] = l;
    if (lv > c->nlevels) c->nlevels = lv;
  }
  S->m->comps[num] = c;
}

static MCompetence *competence_ref(Sema *S, Tok t) {
  int num = to_int(S, t, 1, MODEL_MAX_COMPETENCES, "le numéro de compétence");
  if (num < 0) return NULL;
  if (!S->m->comps[num]) {
    ERR(t.loc, "compétence %d non déclarée", num);
    return NULL;
  }
  return S->m->comps[num];
}

static void decl_parcours(Sema *S, const Node *n) {
  if (model_parcours(S->m, n->a.text)) {
    ERR(n->a.loc, "parcours « %s » déclaré deux fois", n->a.text);
    return;
  }
  if (S->m->nparcours == MODEL_MAX_PARCOURS) {
    ERR(n->a.loc, "trop de parcours (au plus %d)", MODEL_MAX_PARCOURS);
    return;
  }
  MParcours *p = arena_alloc(S->a, sizeof *p);
  p->id = n->a.text;
  p->label = n->label.text;
  p->bit = S->m->nparcours;
  p->node = n;
  S->m->parcours[S->m->nparcours++] = p;
}

/* parcours levels need the competences: done after pass 1 */
static void resolve_parcours(Sema *S, MParcours *p) {
  for (const Node *l = p->node->body; l; l = l->next) {
    if (l->kind != N_PLEVEL) continue;
    MCompetence *c = competence_ref(S, l->n[0]);
    int lv = to_int(S, l->n[1], 1, 7, "le niveau");
    if (!c || lv < 0) continue;
    if (p->maxlevel[c->num]) {
      ERR(l->loc, "compétence %d indiquée deux fois pour le parcours %s", c->num, p->id);
      continue;
    }
    if (lv > c->nlevels) {
      ERR(l->n[1].loc, "la compétence %d (%s) n’a que %d niveau%s déclaré%s, pas %d", c->num,
          c->name, c->nlevels, c->nlevels > 1 ? "x" : "", c->nlevels > 1 ? "s" : "", lv);
      continue;
    }
    p->maxlevel[c->num] = lv;
  }
}

static void decl_year(Sema *S, const Node *n) {
  int num = to_int(S, n->n[0], 1, 7, "le numéro d’année");
  if (num < 0) return;
  if (S->m->years[num]) {
    ERR(n->n[0].loc, "année %d déclarée deux fois", num);
    return;
  }
  MYear *y = arena_alloc(S->a, sizeof *y);
  y->num = num;
  y->node = n;
  int k = 0;
  for (const IdList *l = n->ids; l; l = l->next, k++) {
    if (k >= 2) {
      ERR(l->id.loc, "une année a deux semestres ; « %s » est de trop", l->id.text);
      break;
    }
    MSemester *s = model_semester(S->m, l->id.text);
    if (s && s->year) {
      ERR(l->id.loc, "le semestre %s appartient déjà à l’année %d", l->id.text, s->year->num);
      continue;
    }
    s = semester_get(S, l->id, true);
    s->year = y;
    s->num = 2 * num - 1 + k;
    y->sems[k] = s;
  }
  if (k < 2 && k > 0) ERR(n->loc, "l’année %d doit avoir deux semestres (impair puis pair)", num);
  S->m->years[num] = y;
  if (num > S->m->nyears) S->m->nyears = num;
}

static void decl_mark(Sema *S, const Node *n) {
  if (model_mark(S->m, n->a.text)) {
    ERR(n->a.loc, "marque « %s » déclarée deux fois", n->a.text);
    return;
  }
  MMark *k = arena_alloc(S->a, sizeof *k);
  k->id = n->a.text;
  k->label = n->label.text;
  k->effect = n->op;
  k->node = n;
  mpq_init(k->value);
  if (n->op == ME_VALUE && to_num(S, n->n[0], k->value)) {
    if (mpq_sgn(k->value) < 0 || mpq_cmp_ui(k->value, 20, 1) > 0)
      ERR(n->n[0].loc, "la marque %s vaut %s : une note va de 0 à 20", k->id, n->n[0].text);
  }
  S->m->marks = grow(S->m->marks, &S->cap_marks, S->m->nmarks, sizeof *S->m->marks);
  S->m->marks[S->m->nmarks++] = k;
}

/* First saying of a setting (true), or an error naming the first one. */
static bool said_once(Sema *S, const Node **first, const Node *n, const char *what) {
  if (!*first) {
    *first = n;
    return true;
  }
  ERR(n->loc, "%s est déjà indiqué ligne %d", what, (*first)->loc.first_line);
  return false;
}

static void decl_calc(Sema *S, const Node *n) {
  if (S->said_calc) {
    ERR(n->loc, "une seule règle « calcul » est permise");
    NOTE("la première est ligne %d", S->said_calc->loc.first_line);
    return;
  }
  S->said_calc = n;
  for (const Node *c = n->body; c; c = c->next) {
    if (c->kind != N_CALC) continue;
    if (!said_once(S, c->op == CI_DISPLAY ? &S->said_display : &S->said_round, c,
                   c->op == CI_DISPLAY ? "l’affichage" : "le calcul des moyennes (exactes ou arrondies)"))
      continue;
    int dec = c->op == CI_EXACT ? 0 : to_int(S, c->n[0], 0, 10, "le nombre de décimales");
    switch (c->op) {
    case CI_EXACT: S->m->round_decimals = -1; break;
    case CI_ROUND:
      if (dec >= 0) { S->m->round_decimals = dec; S->m->round_mode = c->op2; }
      break;
    case CI_DISPLAY:
      if (dec >= 0) { S->m->display_decimals = dec; S->m->display_mode = c->op2; }
      break;
    }
  }
}

static void decl_validation(Sema *S, const Node *n) {
  for (const Node *v = n->body; v; v = v->next) {
    if (v->kind != N_VALID) continue;
    if (S->m->valid[v->op]) {
      ERR(v->loc, "« %s » est déjà indiqué dans la validation", ast_op_name(v->op));
      continue;
    }
    S->m->valid[v->op] = v;
    if (v->op == VI_UE) S->m->ue_cond = v->lhs;
    if (v->op == VI_RCUE) S->m->rcue_cond = v->lhs;
  }
}

static void decl_condition(Sema *S, const Node *n) {
  for (int i = 0; i < S->m->nconds; i++)
    if (strcmp(S->m->conds[i]->name, n->a.text) == 0) {
      ERR(n->a.loc, "condition « %s » déclarée deux fois", n->a.text);
      NOTE("première déclaration ligne %d", S->m->conds[i]->node->loc.first_line);
      return;
    }
  MCondition *c = arena_alloc(S->a, sizeof *c);
  c->name = n->a.text;
  c->expr = n->lhs;
  c->node = n;
  S->m->conds = grow(S->m->conds, &S->cap_conds, S->m->nconds, sizeof *S->m->conds);
  S->m->conds[S->m->nconds++] = c;
}

static void decl_decision(Sema *S, const Node *n) {
  if (S->m->decision_node) {
    ERR(n->loc, "une seule règle « décision » est permise");
    NOTE("la première est ligne %d", S->m->decision_node->loc.first_line);
    return;
  }
  S->m->decision_node = n;
  for (const Node *c = n->body; c; c = c->next) {
    if (c->kind != N_CLAUSE) continue;
    S->m->clauses = grow(S->m->clauses, &S->cap_clauses, S->m->nclauses, sizeof *S->m->clauses);
    MClause *cl = &S->m->clauses[S->m->nclauses++];
    cl->code = c->a.text;
    bool known = false;
    for (int k = 0; k < MODEL_NYEAR_CODES; k++) known |= strcmp(c->a.text, model_year_codes[k]) == 0;
    if (!known) { /* "ADM, PASD, RED, NAR ou ATT", from the list */
      char codes[64] = "";
      for (int k = 0; k < MODEL_NYEAR_CODES; k++)
        snprintf(codes + strlen(codes), sizeof codes - strlen(codes), "%s%s",
                 k == 0 ? "" : k + 1 < MODEL_NYEAR_CODES ? ", " : " ou ", model_year_codes[k]);
      ERR(c->a.loc, "code de décision inconnu « %s » : %s", c->a.text, codes);
      suggest(S, c->a.text, (const char **)model_year_codes, MODEL_NYEAR_CODES);
    }
    cl->expr = c->lhs;
    cl->node = c;
    if (!c->lhs && c->next)
      ERR(c->next->loc, "clause après « sinon » : elle ne peut jamais s’appliquer");
  }
}

static void decl_repeat(Sema *S, const Node *n) {
  if (S->m->repeat_node) {
    ERR(n->loc, "une seule règle « redoublement » est permise");
    return;
  }
  S->m->repeat_node = n;
  for (const Node *r = n->body; r; r = r->next) {
    if (r->kind != N_REPEAT_ITEM) continue;
    if (!said_once(S, &S->said_repeat[r->op == RI_TOTAL], r,
                   r->op == RI_TOTAL ? "le nombre de redoublements au total" : "le nombre de redoublements par semestre"))
      continue;
    int v = to_int(S, r->n[0], 0, 100, "le nombre de redoublements");
    if (r->op == RI_PER_SEMESTER) S->m->repeat_per_semester = v;
    else S->m->repeat_total = v;
  }
}

static void decl_diploma(Sema *S, const Node *n) {
  for (int i = 0; i < S->m->ndiplomas; i++)
    if (strcmp(S->m->diplomas[i].name, n->a.text) == 0) {
      ERR(n->a.loc, "diplôme « %s » déclaré deux fois", n->a.text);
      return;
    }
  if (S->m->ndiplomas == MODEL_MAX_DIPLOMAS) {
    ERR(n->a.loc, "trop de diplômes (au plus %d)", MODEL_MAX_DIPLOMAS);
    return;
  }
  S->m->diplomas = grow(S->m->diplomas, &S->cap_dipl, S->m->ndiplomas, sizeof *S->m->diplomas);
  MDiploma *dp = &S->m->diplomas[S->m->ndiplomas++];
  dp->name = n->a.text;
  dp->ects = to_int(S, n->n[0], 0, 1000, "le nombre d’ECTS");
  dp->expr = n->lhs;
  dp->node = n;
}

static void decl_jury(Sema *S, const Node *n) {
  if (model_jury_code(S->m, n->a.text)) {
    ERR(n->a.loc, "code de jury « %s » déclaré deux fois", n->a.text);
    return;
  }
  static const char *const reserved[] = {"ADM", "CMP", "ADSUP", "AJ", "ATT", "PASD", "RED", "NAR"};
  for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
    if (strcmp(n->a.text, reserved[i]) == 0)
      ERR(n->a.loc, "« %s » est un code calculé ; un code de jury doit s’en distinguer", n->a.text);
  MJuryCode *j = arena_alloc(S->a, sizeof *j);
  j->code = n->a.text;
  j->label = n->label.text;
  j->acquired = n->flag;
  j->node = n;
  S->m->jury = grow(S->m->jury, &S->cap_jury, S->m->njury, sizeof *S->m->jury);
  S->m->jury[S->m->njury++] = j;
}

/* ---- pass 2: Annexe 2 (courses) ---- */

static void set_hours(Sema *S, MNum *h, const Node *hours) {
  for (const Node *x = hours; x; x = x->next) {
    int col = x->op - HC_CM;
    assert(col >= 0 && col < HOUR_NCOLS);
    if (h[col].set) {
      ERR(x->loc, "colonne « %s » indiquée deux fois", ast_op_name(x->op));
      continue;
    }
    if (to_num(S, x->n[0], h[col].q)) h[col].set = true;
  }
}

static uint64_t marks_of(Sema *S, const IdList *ids) {
  uint64_t marks = 0;
  for (const IdList *l = ids; l; l = l->next) {
    MCompetence *c = competence_ref(S, l->id);
    if (!c) continue;
    if ((marks >> c->num) & 1u) ERR(l->id.loc, "compétence %d répétée", c->num);
    marks |= (uint64_t)1 << c->num;
  }
  return marks;
}

static void add_course_row(Sema *S, MSemester *sem, const Node *row, const Node *group, int kind,
                           PMask mask) {
  const char *id = row->a.text;
  MCourse *c = model_course(S->m, id);
  if (c) {
    if (c->sem != sem) {
      ERR(row->a.loc, "« %s » est déjà un enseignement de %s", id, c->sem ? c->sem->id : "?");
      return;
    }
    if (c->parcours & mask) {
      char buf[128];
      describe_mask(S->m, c->parcours & mask, buf, sizeof buf);
      if (mask == PMASK_ALL || c->parcours == PMASK_ALL)
        ERR(row->a.loc, "enseignement « %s » déclaré deux fois", id);
      else
        ERR(row->a.loc, "enseignement « %s » déclaré deux fois pour le parcours %s", id, buf);
      NOTE("première déclaration ligne %d", c->rows->node->loc.first_line);
      return;
    }
    if (strcmp(c->label, row->label.text) != 0) {
      ERR(row->label.loc, "« %s » a deux libellés : « %s » et « %s »", id, c->label, row->label.text);
      NOTE("un même enseignement garde le même libellé dans tous les parcours");
    }
    if (c->kind != kind)
      ERR(row->loc, "« %s » est déclaré comme %s et comme %s", id, ast_op_name(c->kind),
          ast_op_name(kind));
  } else {
    c = arena_alloc(S->a, sizeof *c);
    c->id = id;
    c->label = row->label.text;
    c->kind = kind;
    c->sem = sem;
    c->index = S->m->ncourses;
    S->m->courses = grow(S->m->courses, &S->cap_courses, S->m->ncourses, sizeof *S->m->courses);
    S->m->courses[S->m->ncourses++] = c;
    index_put(S->a, S->m->course_index, id, c);
  }
  MRow *r = arena_alloc(S->a, sizeof *r);
  for (int i = 0; i < HOUR_NCOLS; i++) mpq_init(r->hours[i].q);
  r->parcours = mask;
  r->node = row;
  r->group = group;
  r->marks = marks_of(S, row->ids);
  set_hours(S, r->hours, group ? group->hours : row->hours);
  c->parcours |= mask;
  MRow **tail = &c->rows;
  while (*tail) tail = &(*tail)->next;
  *tail = r;
}

static void walk_courses(Sema *S, MSemester *sem, const Node *items, PMask mask) {
  for (const Node *it = items; it; it = it->next) {
    switch (it->kind) {
    case N_COURSE: add_course_row(S, sem, it, NULL, it->op, mask); break;
    case N_GROUP:
      for (const Node *mb = it->body; mb; mb = mb->next)
        if (mb->kind == N_MEMBER) add_course_row(S, sem, mb, it, it->op, mask);
      break;
    case N_ONLY: walk_courses(S, sem, it->body, only_mask(S, it, mask)); break;
    default: break;
    }
  }
}

static void decl_courses(Sema *S, const Node *n) {
  MSemester *sem = model_semester(S->m, n->a.text);
  if (!sem || !sem->year) {
    ERR(n->a.loc, "semestre « %s » déclaré dans aucune année", n->a.text);
    NOTE("déclarez-le dans un bloc « année N semestres … »");
    return;
  }
  if (sem->courses) {
    ERR(n->a.loc, "les enseignements de %s sont déjà décrits ligne %d", sem->id,
        sem->courses->loc.first_line);
    return;
  }
  sem->courses = n;
  walk_courses(S, sem, n->body, PMASK_ALL);
}

/* ---- pass 3: Annexe 3 (UEs) ---- */

static void ue_entries(Sema *S, MUe *u, int pole, const Node *items, PMask mask,
                       MEntry **ents, int *cap) {
  for (const Node *it = items; it; it = it->next) {
    if (it->kind == N_ONLY) {
      ue_entries(S, u, pole, it->body, only_mask(S, it, mask), ents, cap);
      continue;
    }
    if (it->kind != N_COEF) continue;
    MCourse *c = model_course(S->m, it->a.text);
    if (!c) {
      ERR(it->a.loc, "enseignement inconnu « %s » dans %s", it->a.text, u->id);
      suggest_course(S, it->a.text);
      continue;
    }
    if (c->sem != u->sem) {
      ERR(it->a.loc, "« %s » est un enseignement de %s, pas de %s", c->id, c->sem->id, u->sem->id);
      continue;
    }
    PMask missing = mask & ~c->parcours;
    if (missing) {
      char buf[128];
      PMask allp = S->m->nparcours >= 64 ? PMASK_ALL : (((PMask)1 << S->m->nparcours) - 1);
      describe_mask(S->m, mask == PMASK_ALL ? ~c->parcours & allp : missing, buf, sizeof buf);
      ERR(it->a.loc, "« %s » n’existe pas dans le parcours %s (Annexe 2)", c->id, buf);
      NOTE("placez cette ligne dans un bloc « parcours … { } »");
      continue;
    }
    for (int i = 0; i < u->nentries; i++)
      if ((*ents)[i].course == c && ((*ents)[i].parcours & mask)) {
        ERR(it->a.loc, "« %s » figure deux fois dans %s", c->id, u->id);
        NOTE("première mention ligne %d", (*ents)[i].node->loc.first_line);
        goto next;
      }
    *ents = grow(*ents, cap, u->nentries, sizeof **ents);
    MEntry *e = &(*ents)[u->nentries++];
    memset(e, 0, sizeof *e);
    e->course = c;
    e->counts = !it->flag;
    mpq_init(e->coef);
    e->parcours = mask;
    e->pole = pole;
    e->printed = it->label.text;
    e->node = it;
    if (e->counts && to_num(S, it->n[0], e->coef) && mpq_sgn(e->coef) <= 0) {
      ERR(it->n[0].loc, "coefficient %s de « %s » : un coefficient est positif ; "
                        "écrivez « - » pour un enseignement qui ne compte pas", it->n[0].text, c->id);
      e->counts = false;
    }
    if (e->counts && c->kind == CK_STAGE) u->has_stage = true;
  next:;
  }
}

static void ue_poles(Sema *S, MUe *u, const Node *items, PMask mask, MEntry **ents, int *ecap,
                     int *pcap) {
  for (const Node *it = items; it; it = it->next) {
    if (it->kind == N_ONLY) {
      ue_poles(S, u, it->body, only_mask(S, it, mask), ents, ecap, pcap);
      continue;
    }
    if (it->kind != N_POLE) continue;
    for (int i = 0; i < u->npoles; i++)
      if (u->poles[i].kind == it->op && (u->poles[i].parcours & mask)) {
        ERR(it->loc, "pôle « %s » déclaré deux fois dans %s", ast_op_name(it->op), u->id);
        goto next;
      }
    u->poles = grow(u->poles, pcap, u->npoles, sizeof *u->poles);
    MPole *p = &u->poles[u->npoles];
    memset(p, 0, sizeof *p);
    p->kind = it->op;
    p->parcours = mask;
    p->node = it;
    mpq_init(p->weight);
    to_num(S, it->n[0], p->weight);
    ue_entries(S, u, u->npoles++, it->body, mask, ents, ecap);
  next:;
  }
}

static void add_ue(Sema *S, MSemester *sem, const Node *n, PMask mask) {
  MUe *first = index_get(S->m->ue_index, n->a.text);
  for (MUe *o = first; o; o = o->next_same) {
    if (o->parcours & mask) {
      ERR(n->a.loc, "UE « %s » déclarée deux fois pour le même parcours", n->a.text);
      NOTE("première déclaration ligne %d ; une UE propre à un parcours se déclare dans un bloc "
           "« parcours … { } »", o->node->loc.first_line);
      return;
    }
  }
  MUe *u = arena_alloc(S->a, sizeof *u);
  u->id = n->a.text;
  u->label = n->label.text;
  u->sem = sem;
  u->parcours = mask;
  u->node = n;
  u->index = S->m->nues;
  mpq_init(u->ects);
  MCompetence *c = competence_ref(S, n->n[0]);
  u->competence = c ? c->num : 0;
  u->level = to_int(S, n->n[1], 1, 7, "le niveau");
  if (c && u->level > c->nlevels) {
    ERR(n->n[1].loc, "la compétence %d (%s) n’a pas de niveau %d", c->num, c->name, u->level);
  }
  if (to_num(S, n->n[2], u->ects)) {
    if (mpz_cmp_ui(mpq_denref(u->ects), 1) != 0 || mpq_sgn(u->ects) <= 0 ||
        mpq_cmp_ui(u->ects, 60, 1) > 0)
      ERR(n->n[2].loc, "%s ECTS : les crédits d’une UE sont un entier de 1 à 60", n->n[2].text);
    else
      u->ects_int = (int)mpz_get_si(mpq_numref(u->ects));
  }
  int ecap = 0, pcap = 0;
  MEntry *ents = NULL;
  ue_poles(S, u, n->body, mask, &ents, &ecap, &pcap);
  /* move heap arrays into the arena so that the model has one owner */
  if (u->nentries) {
    MEntry *e = arena_alloc(S->a, (size_t)u->nentries * sizeof *e);
    memcpy(e, ents, (size_t)u->nentries * sizeof *e);
    u->entries = e;
  }
  free(ents);
  if (u->npoles) {
    MPole *p = arena_alloc(S->a, (size_t)u->npoles * sizeof *p);
    memcpy(p, u->poles, (size_t)u->npoles * sizeof *p);
    free(u->poles);
    u->poles = p;
  }
  for (int i = 0; i < u->nentries; i++)
    if (u->entries[i].parcours != PMASK_ALL) sem->needs_parcours = true;
  if (mask != PMASK_ALL) sem->needs_parcours = true;
  S->m->ues = grow(S->m->ues, &S->cap_ues, S->m->nues, sizeof *S->m->ues);
  S->m->ues[S->m->nues++] = u;
  if (first) {
    MUe *t = first;
    while (t->next_same) t = t->next_same;
    t->next_same = u;
  } else {
    index_put(S->a, S->m->ue_index, u->id, u);
  }
  sem->ues = xrealloc(sem->ues, (size_t)(sem->nues + 1) * sizeof *sem->ues);
  sem->ues[sem->nues++] = u;
}

static void walk_sem(Sema *S, MSemester *sem, const Node *items, PMask mask) {
  for (const Node *it = items; it; it = it->next) {
    if (it->kind == N_UE) add_ue(S, sem, it, mask);
    else if (it->kind == N_ONLY) walk_sem(S, sem, it->body, only_mask(S, it, mask));
  }
}

static void decl_semester(Sema *S, const Node *n) {
  MSemester *sem = model_semester(S->m, n->a.text);
  if (!sem || !sem->year) {
    ERR(n->a.loc, "semestre « %s » déclaré dans aucune année", n->a.text);
    NOTE("déclarez-le dans un bloc « année N semestres … »");
    return;
  }
  if (sem->node) {
    ERR(n->a.loc, "les UE de %s sont déjà décrites ligne %d", sem->id, sem->node->loc.first_line);
    return;
  }
  sem->node = n;
  walk_sem(S, sem, n->body, PMASK_ALL);
}

/* ---- pass 4: RCUEs ---- */

static void rcue_check_one(Sema *S, const MYear *y, const Node *n, MCompetence *c, int p,
                           int *level) {
  const char *pn = p >= 0 ? S->m->parcours[p]->id : NULL;
  Tok ids[2] = {n->a, n->b};
  for (int k = 0; k < 2; k++) {
    MUe *u = model_ue(S->m, ids[k].text, p);
    if (!u) {
      if (pn) ERR(ids[k].loc, "UE « %s » inconnue dans le parcours %s", ids[k].text, pn);
      else ERR(ids[k].loc, "UE « %s » inconnue", ids[k].text);
      const char **cands = xmalloc((size_t)(S->m->nues + 1) * sizeof *cands);
      for (int i = 0; i < S->m->nues; i++) cands[i] = S->m->ues[i]->id;
      suggest(S, ids[k].text, cands, (size_t)S->m->nues);
      free(cands);
      continue;
    }
    if (y->sems[k] && u->sem != y->sems[k])
      ERR(ids[k].loc, "un RCUE de l’année %d réunit une UE de %s et une UE de %s ; « %s » est en %s",
          y->num, y->sems[0] ? y->sems[0]->id : "?", y->sems[1] ? y->sems[1]->id : "?", u->id,
          u->sem->id);
    if (c && u->competence > 0 && u->competence != c->num)
      ERR(ids[k].loc, "« %s » relève de la compétence %d, pas de la compétence %d du RCUE", u->id,
          u->competence, c->num);
    if (u->level > 0) {
      if (*level == 0) *level = u->level;
      else if (*level != u->level)
        ERR(ids[k].loc, "les deux UE d’un RCUE sont du même niveau : « %s » est de niveau %d, "
                        "l’autre de niveau %d", u->id, u->level, *level);
    }
  }
}

static void walk_rcues(Sema *S, MYear *y, const Node *items, PMask mask, int *cap) {
  for (const Node *it = items; it; it = it->next) {
    if (it->kind == N_ONLY) {
      walk_rcues(S, y, it->body, only_mask(S, it, mask), cap);
      continue;
    }
    if (it->kind != N_RCUE) continue;
    MCompetence *c = competence_ref(S, it->n[0]);
    for (int i = 0; i < y->nrcues; i++)
      if (c && y->rcues[i].competence == c->num && (y->rcues[i].parcours & mask)) {
        ERR(it->loc, "deux RCUE de la compétence %d dans l’année %d", c->num, y->num);
        goto next;
      }
    int level = 0;
    if (mask == PMASK_ALL && !(y->sems[0] && y->sems[0]->needs_parcours) &&
        !(y->sems[1] && y->sems[1]->needs_parcours)) {
      rcue_check_one(S, y, it, c, -1, &level);
    } else {
      int before = S->d->nerr;
      for (int p = 0; p < S->m->nparcours && S->d->nerr == before; p++)
        if (pmask_has(mask, p)) rcue_check_one(S, y, it, c, p, &level);
    }
    y->rcues = grow(y->rcues, cap, y->nrcues, sizeof *y->rcues);
    MRcue *r = &y->rcues[y->nrcues++];
    r->competence = c ? c->num : 0;
    r->level = level;
    r->ue[0] = it->a.text;
    r->ue[1] = it->b.text;
    r->parcours = mask;
    r->node = it;
  next:;
  }
}

/* ---- pass 5: expressions ---- */

typedef enum { T_ERR, T_NUM, T_BOOL } Type;
enum { CTX_VALID = 1, CTX_DECISION = 2 };

static Type type_expr(Sema *S, const Node *e, int ctx);

static const char *type_name(Type t) {
  return t == T_NUM ? "un nombre" : t == T_BOOL ? "une condition" : "?";
}

static Type want(Sema *S, const Node *e, int ctx, Type t) {
  Type got = type_expr(S, e, ctx);
  if (got != T_ERR && got != t) {
    ERR(e->loc, "ici il faut %s, pas %s", type_name(t), type_name(got));
    return T_ERR;
  }
  return got;
}

int model_cond_index(const Model *m, const Node *name) {
  if (name->ref > 0 && name->ref <= m->nconds && strcmp(m->conds[name->ref - 1]->name, name->a.text) == 0)
    return name->ref - 1;
  for (int i = 0; i < m->nconds; i++)
    if (strcmp(m->conds[i]->name, name->a.text) == 0) return i;
  return -1;
}

/* Types e (want) as the whole of a condition (c) or of a rule (c NULL), and
** measures its depth, named conditions included: returned; said if above
** AST_MAX_DEPTH (at loc), unless because of a condition already said. */
static int want_measured(Sema *S, const Node *e, int ctx, Type t, Type *got, Loc loc, const MCondition *c) {
  int start = S->level, saved_peak = S->peak;
  bool saved_ref = S->deep_ref;
  S->peak = S->level + (e ? e->depth : 0);
  S->deep_ref = false;
  *got = e ? want(S, e, ctx, t) : T_ERR;
  int depth = S->peak - start;
  if (depth > AST_MAX_DEPTH && !S->deep_ref) {
    if (c)
      ERR(loc, "la condition « %s » est trop profonde : plus de %d opérations imbriquées avec les conditions "
          "qu’elle nomme", c->name, AST_MAX_DEPTH);
    else
      ERR(loc, "cette expression est trop profonde : plus de %d opérations imbriquées avec les conditions "
          "qu’elle nomme", AST_MAX_DEPTH);
    NOTE("la vérification et le calcul parcourent une expression niveau par niveau");
  }
  S->deep_ref = saved_ref || depth > AST_MAX_DEPTH;
  if (saved_peak > S->peak) S->peak = saved_peak;
  return depth;
}

static Type type_cond(Sema *S, MCondition *c) {
  if (c->state == 2) return T_BOOL;
  if (c->state == 1) {
    ERR(c->node->a.loc, "la condition « %s » dépend d’elle-même", c->name);
    return T_ERR;
  }
  c->state = 1;
  Type t;
  c->depth = want_measured(S, c->expr, 0, T_BOOL, &t, c->node->a.loc, c);
  c->state = 2;
  return t == T_ERR ? T_ERR : T_BOOL;
}

static Type type_set(Sema *S, const Node *set) {
  for (const Node *r = set->body; r; r = r->next) {
    if (set->op == SK_RCUE) {
      ERR(r->loc, "« RCUE de … » n’est pas pris en charge : les RCUE sont ceux de l’année jugée");
      return T_ERR;
    }
    MSemester *a = model_semester(S->m, r->a.text);
    if (!a || !a->year) {
      ERR(r->a.loc, "semestre inconnu « %s »", r->a.text);
      continue;
    }
    /* resolution annotates the tree (like SQLite's resolver): the semester
    ** numbers of the reference, for the evaluator */
    Node *w = (Node *)r;
    w->op = a->num;
    w->op2 = a->num;
    if (r->b.text) {
      MSemester *b = model_semester(S->m, r->b.text);
      if (!b || !b->year) ERR(r->b.loc, "semestre inconnu « %s »", r->b.text);
      else if (b->num < a->num) ERR(r->loc, "intervalle de semestres à l’envers : %s à %s", a->id, b->id);
      else w->op2 = b->num;
    }
  }
  return T_NUM;
}

static Type type_expr_at(Sema *S, const Node *e, int ctx);

/* Types e one level below the current one; never deeper than
** AST_MAX_DEPTH + 1 levels (the C stack): what is below is then too deep,
** said by want_measured, and left untyped. */
static Type type_expr(Sema *S, const Node *e, int ctx) {
  if (S->level > AST_MAX_DEPTH) {
    if (S->level > S->peak) S->peak = S->level;
    return T_ERR;
  }
  bool op = e->kind == N_BINARY || e->kind == N_UNARY || e->kind == N_PAREN;
  S->level += op;
  Type t = type_expr_at(S, e, ctx);
  S->level -= op;
  return t;
}

static Type type_expr_at(Sema *S, const Node *e, int ctx) {
  switch (e->kind) {
  case N_NUMBER: {
    mpq_t q;
    mpq_init(q);
    bool ok = to_num(S, e->n[0], q);
    mpq_clear(q);
    return ok ? T_NUM : T_ERR;
  }
  case N_PAREN: return type_expr(S, e->lhs, ctx);
  case N_NAME: {
    int ci = model_cond_index(S->m, e);
    MCondition *c = ci >= 0 ? S->m->conds[ci] : NULL;
    if (c && (ctx & CTX_VALID)) {
      /* a named condition speaks of the student, a validation rule of one
         UE or RCUE being decided: the evaluator has no student there */
      ERR(e->a.loc, "la condition « %s » ne peut pas servir dans une règle de validation d’une UE ou d’un RCUE, "
          "qui ne porte que sur sa moyenne", c->name);
      return T_ERR;
    }
    if (!c) {
      ERR(e->a.loc, "condition inconnue « %s »", e->a.text);
      const char **cands = xmalloc((size_t)(S->m->nconds + 1) * sizeof *cands);
      for (int i = 0; i < S->m->nconds; i++) cands[i] = S->m->conds[i]->name;
      suggest(S, e->a.text, cands, (size_t)S->m->nconds);
      free(cands);
      return T_ERR;
    }
    /* resolution annotates the tree: the evaluator finds the condition
    ** without comparing names */
    ((Node *)e)->ref = ci + 1;
    /* a reference is a level: the evaluator goes down into the condition */
    S->level++;
    Type t = type_cond(S, c);
    S->level--;
    if (c->state == 2) {
      int reach = S->level + 1 + c->depth;
      if (reach > S->peak) S->peak = reach;
      if (c->depth > AST_MAX_DEPTH) S->deep_ref = true;
    }
    return t;
  }
  case N_BUILTIN:
    switch (e->op) {
    case BI_LEVEL:
      if (ctx & CTX_VALID) {
        ERR(e->loc, "« niveau » n’a pas de sens dans une règle de validation d’une UE ou d’un RCUE, qui ne porte "
            "que sur sa moyenne");
        return T_ERR;
      }
      return T_NUM;
    case BI_AVERAGE:
      if (!(ctx & CTX_VALID)) {
        ERR(e->loc, "« moyenne » n’a de sens que dans les règles de validation d’une UE ou d’un RCUE");
        return T_ERR;
      }
      return T_NUM;
    case BI_REPEAT_OK:
      if (!(ctx & CTX_DECISION)) {
        ERR(e->loc, "« redoublement possible » n’a de sens que dans la règle « décision »");
        return T_ERR;
      }
      return T_BOOL;
    default: return T_BOOL;
    }
  case N_AGG: {
    if (ctx & CTX_VALID) {
      ERR(e->loc, "un agrégat sur des UE n’a pas de sens dans une règle de validation d’une UE ou d’un RCUE, qui "
          "ne porte que sur sa moyenne");
      return T_ERR;
    }
    if (type_set(S, e->lhs) == T_ERR) return T_ERR;
    if (e->op == AG_ALL || e->op == AG_NONE) {
      /* with no state, "tous(UE de S1 à S4)" holds of every set and
      ** "aucune(…)" of none but the empty one: a state forgotten */
      if (e->lhs->op2 == SS_ANY) {
        ERR(e->loc, "%s(…) sans état ne dit rien : %s", ast_op_name(e->op),
            e->op == AG_ALL ? "tous les éléments y sont, toujours" : "l’ensemble n’est jamais vide");
        NOTE("précisez l’état : %s(%s … %s)", ast_op_name(e->op), e->lhs->op == SK_UE ? "UE de" : "RCUE",
             e->lhs->op == SK_UE ? "acquises, non acquises ou en attente" : "validés, non validés ou en attente");
        return T_ERR;
      }
      return T_BOOL;
    }
    if ((e->op == AG_MIN || e->op == AG_MAX) && e->lhs->op2 != SS_ANY)
      ERR(e->loc, "%s(…) porte sur les moyennes de tous les éléments, sans état", ast_op_name(e->op));
    return T_NUM;
  }
  case N_UNARY:
    return want(S, e->lhs, ctx, e->op == OP_NOT ? T_BOOL : T_NUM) == T_ERR
               ? T_ERR : (e->op == OP_NOT ? T_BOOL : T_NUM);
  case N_BINARY: {
    Type want_t = (e->op == OP_AND || e->op == OP_OR) ? T_BOOL : T_NUM;
    Type l = want(S, e->lhs, ctx, want_t), r = want(S, e->rhs, ctx, want_t);
    if (l == T_ERR || r == T_ERR) return T_ERR;
    if (e->op >= OP_EQ && e->op <= OP_GE) return T_BOOL;
    return want_t;
  }
  default: return T_ERR;
  }
}

/* ---- compiled forms for the evaluator's hot path ---- */

static int64_t scaled6(const mpq_t q) {
  /* q × 10^6 as an int64 when exact and below 10^12, else 0 */
  mpq_t t;
  mpq_init(t);
  mpq_set_ui(t, 1000000, 1);
  mpq_mul(t, t, q);
  int64_t r = 0;
  if (mpz_cmp_ui(mpq_denref(t), 1) == 0 && mpz_sgn(mpq_numref(t)) > 0 &&
      mpz_cmp_ui(mpq_numref(t), 1000000000000UL) < 0)
    r = (int64_t)mpz_get_ui(mpq_numref(t));
  mpq_clear(t);
  return r;
}

static void compile_threshold(const Node *cond, MThreshold *t) {
  mpq_init(t->value);
  t->simple = false;
  t->small = false;
  const Node *e = ast_unparen(cond);
  if (!e || e->kind != N_BINARY || e->op < OP_EQ || e->op > OP_GE) return;
  const Node *l = ast_unparen(e->lhs), *r = ast_unparen(e->rhs);
  static const int mirror[] = {[OP_EQ] = OP_EQ, [OP_NE] = OP_NE, [OP_LT] = OP_GT,
                               [OP_LE] = OP_GE, [OP_GT] = OP_LT, [OP_GE] = OP_LE};
  int op = e->op;
  if (r->kind == N_BUILTIN && r->op == BI_AVERAGE && l->kind == N_NUMBER) {
    const Node *x = l;
    l = r;
    r = x;
    op = mirror[op];
  }
  if (l->kind != N_BUILTIN || l->op != BI_AVERAGE || r->kind != N_NUMBER) return;
  if (num_parse(t->value, r->n[0].text, strlen(r->n[0].text), NULL, 0) != 0) return;
  t->op = op;
  t->simple = true;
  t->small = num_small(t->value, &t->num, &t->den);
}

static void compile_fast(Model *m) {
  compile_threshold(m->ue_cond, &m->ue_thr);
  compile_threshold(m->rcue_cond, &m->rcue_thr);
  for (int i = 0; i < m->nues; i++)
    for (int k = 0; k < m->ues[i]->nentries; k++) {
      MEntry *e = &m->ues[i]->entries[k];
      e->coef6 = e->counts ? scaled6(e->coef) : 0;
    }
  for (int i = 0; i < m->nmarks; i++) {
    MMark *k = m->marks[i];
    k->value6 = -1;
    if (k->effect == ME_VALUE) {
      if (mpq_sgn(k->value) == 0) k->value6 = 0;
      else {
        int64_t v = scaled6(k->value);
        if (v > 0) k->value6 = v;
      }
    }
  }
}

/* ---- driver ---- */

/* What the evaluator cannot do without. */
static void check_required(Sema *S) {
  Model *m = S->m;
  const char *f = S->src->name;
  if (m->nyears == 0)
    diag_file(S->d, DIAG_ERROR, f, "aucune année déclarée (« année 1 semestres S1 S2 { … } »)");
  for (int y = 1; y <= m->nyears; y++)
    if (!m->years[y]) diag_file(S->d, DIAG_ERROR, f, "l’année %d n’est pas déclarée", y);
  for (int i = 0; i < m->nsems; i++)
    if (m->sems[i]->year && !m->sems[i]->node)
      ERR(m->sems[i]->year->node->loc, "le semestre %s n’a pas de bloc « semestre %s { … } » (ses UE)",
          m->sems[i]->id, m->sems[i]->id);
  if (!m->ue_cond)
    diag_file(S->d, DIAG_ERROR, f, "il manque la règle d’acquisition des UE "
              "(« validation { UE acquise si moyenne >= 10 } »)");
  if (!m->rcue_cond && (m->valid[VI_COMPENSATION] || m->nclauses))
    diag_file(S->d, DIAG_ERROR, f, "il manque la règle de validation des RCUE "
              "(« validation { RCUE validé si moyenne >= 10 } »)");
  if (!m->decision_node)
    diag_file(S->d, DIAG_ERROR, f, "il manque la règle « décision { … } » de fin d’année");
  else if (m->nclauses == 0 || m->clauses[m->nclauses - 1].expr)
    ERR(m->decision_node->loc, "la règle « décision » doit finir par une clause « sinon »");
  if (m->nclauses && !m->repeat_node)
    for (int i = 0; i < m->nclauses; i++) {
      bool uses = false;
      const Node *stack[64];
      int sp = 0;
      if (m->clauses[i].expr) stack[sp++] = m->clauses[i].expr;
      while (sp) {
        const Node *e = stack[--sp];
        if (e->kind == N_BUILTIN && e->op == BI_REPEAT_OK) uses = true;
        if (e->lhs && sp < 63) stack[sp++] = e->lhs;
        if (e->rhs && sp < 63) stack[sp++] = e->rhs;
      }
      if (uses) {
        ERR(m->clauses[i].node->loc, "« redoublement possible » sans règle « redoublement { … } »");
        break;
      }
    }
}

Model *model_build(const Ast *ast, const Source *src, Diags *d) {
  Model *m = arena_alloc(ast->arena, sizeof *m);
  m->src = src;
  m->ast = ast;
  m->round_decimals = -1;
  m->display_decimals = 2;
  m->display_mode = RM_TRUNC;
  m->repeat_per_semester = -1;
  m->repeat_total = -1;
  m->course_index = arena_alloc(ast->arena, sizeof *m->course_index);
  m->ue_index = arena_alloc(ast->arena, sizeof *m->ue_index);
  Sema sema = {.m = m, .a = ast->arena, .d = d, .src = src};
  Sema *S = &sema;
  const Node *items = ast->root ? ast->root->body : NULL;

  /* pass 1: declarations that others refer to */
  for (const Node *n = items; n; n = n->next) {
    switch (n->kind) {
    case N_REGLEMENT: decl_reglement(S, n); break;
    case N_ECTS_SEM:
      if (said_once(S, &S->said_ects, n, "le nombre d’ECTS par semestre"))
        m->ects_per_semester = to_int(S, n->n[0], 1, 120, "le nombre d’ECTS par semestre");
      break;
    case N_COMPETENCE: decl_competence(S, n); break;
    case N_PARCOURS: decl_parcours(S, n); break;
    case N_MARK: decl_mark(S, n); break;
    case N_CALCBLOCK: decl_calc(S, n); break;
    case N_VALIDBLOCK: decl_validation(S, n); break;
    case N_CONDITION: decl_condition(S, n); break;
    case N_DECISION: decl_decision(S, n); break;
    case N_REPEAT: decl_repeat(S, n); break;
    case N_DIPLOMA: decl_diploma(S, n); break;
    case N_JURYCODE: decl_jury(S, n); break;
    default: break;
    }
  }
  for (int i = 0; i < m->nparcours; i++) resolve_parcours(S, m->parcours[i]);
  for (const Node *n = items; n; n = n->next)
    if (n->kind == N_YEAR) decl_year(S, n);
  /* semesters in year order */
  for (int i = 0; i < m->nsems; i++)
    for (int j = i + 1; j < m->nsems; j++)
      if (m->sems[j]->num < m->sems[i]->num) {
        MSemester *t = m->sems[i];
        m->sems[i] = m->sems[j];
        m->sems[j] = t;
      }
  /* pass 2, 3: Annexe 2 then Annexe 3 */
  for (const Node *n = items; n; n = n->next)
    if (n->kind == N_COURSES) decl_courses(S, n);
  {
    /* a course printed in every parcours' table is common to all of them */
    PMask allp = m->nparcours >= 64 ? PMASK_ALL : (((PMask)1 << m->nparcours) - 1);
    for (int i = 0; i < m->ncourses; i++)
      if ((m->courses[i]->parcours & allp) == allp) m->courses[i]->parcours = PMASK_ALL;
  }
  for (const Node *n = items; n; n = n->next)
    if (n->kind == N_SEMESTER) decl_semester(S, n);
  /* UEs in semester order (stable) */
  {
    int k = 0;
    for (int s = 0; s < m->nsems; s++)
      for (int i = 0; i < m->sems[s]->nues; i++) {
        m->ues[k] = m->sems[s]->ues[i];
        m->ues[k]->index = k;
        k++;
      }
    assert(k == m->nues);
  }
  /* pass 4: RCUEs */
  for (int y = 1; y <= m->nyears; y++) {
    if (!m->years[y]) continue;
    int cap = 0;
    MRcue *r = NULL;
    MYear *yr = m->years[y];
    yr->rcues = NULL;
    walk_rcues(S, yr, yr->node->body, PMASK_ALL, &cap);
    r = yr->rcues;
    if (yr->nrcues) {
      yr->rcues = arena_alloc(S->a, (size_t)yr->nrcues * sizeof *yr->rcues);
      memcpy(yr->rcues, r, (size_t)yr->nrcues * sizeof *yr->rcues);
    }
    free(r);
  }
  /* pass 5: expressions */
  for (int i = 0; i < m->nconds; i++) type_cond(S, m->conds[i]);
  Type t;
  const MCondition *rule = NULL;
  if (m->ue_cond) want_measured(S, m->ue_cond, CTX_VALID, T_BOOL, &t, m->ue_cond->loc, rule);
  if (m->rcue_cond) want_measured(S, m->rcue_cond, CTX_VALID, T_BOOL, &t, m->rcue_cond->loc, rule);
  for (int i = 0; i < m->nclauses; i++)
    if (m->clauses[i].expr)
      want_measured(S, m->clauses[i].expr, CTX_DECISION, T_BOOL, &t, m->clauses[i].expr->loc, rule);
  for (int i = 0; i < m->ndiplomas; i++)
    if (m->diplomas[i].expr) want_measured(S, m->diplomas[i].expr, 0, T_BOOL, &t, m->diplomas[i].expr->loc, rule);
  check_required(S);
  compile_fast(m);

  /* move heap arrays into the arena */
#define MOVE(field, count)                                                   \
  do {                                                                       \
    if (m->count) {                                                          \
      void *p_ = arena_alloc(S->a, (size_t)m->count * sizeof *m->field);     \
      memcpy(p_, m->field, (size_t)m->count * sizeof *m->field);             \
      free(m->field);                                                        \
      m->field = p_;                                                         \
    } else {                                                                 \
      free(m->field);                                                        \
      m->field = NULL;                                                       \
    }                                                                        \
  } while (0)
  MOVE(courses, ncourses);
  MOVE(ues, nues);
  MOVE(marks, nmarks);
  MOVE(conds, nconds);
  MOVE(clauses, nclauses);
  MOVE(diplomas, ndiplomas);
  MOVE(jury, njury);
  MOVE(sems, nsems);
  for (int s = 0; s < m->nsems; s++) {
    MSemester *sem = m->sems[s];
    if (sem->nues) {
      MUe **p = arena_alloc(S->a, (size_t)sem->nues * sizeof *p);
      memcpy(p, sem->ues, (size_t)sem->nues * sizeof *p);
      free(sem->ues);
      sem->ues = p;
    }
  }
#undef MOVE
  return m;
}

void model_free(Model *m) {
  if (!m) return;
  for (int i = 0; i < m->ncourses; i++)
    for (MRow *r = m->courses[i]->rows; r; r = r->next)
      for (int k = 0; k < HOUR_NCOLS; k++) mpq_clear(r->hours[k].q);
  for (int i = 0; i < m->nues; i++) {
    MUe *u = m->ues[i];
    mpq_clear(u->ects);
    for (int k = 0; k < u->npoles; k++) mpq_clear(u->poles[k].weight);
    for (int k = 0; k < u->nentries; k++) mpq_clear(u->entries[k].coef);
  }
  for (int i = 0; i < m->nmarks; i++) mpq_clear(m->marks[i]->value);
  mpq_clear(m->ue_thr.value);
  mpq_clear(m->rcue_thr.value);
}
