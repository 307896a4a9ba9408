/*
** check.c — consistency checks of a resolved regulation (model_check).
**
** These are the regulation's own inconsistencies, reported as warnings:
** the file is usable (the evaluator applies the coefficients as written)
** but the council's text disagrees with itself. Each finding names the
** offender and gives both numbers. A finding that holds identically for
** several parcours is reported once, naming them.
**
** Ownership: nothing is kept; findings go to the Diags.
*/
#include "model.h"
#include "num.h"

#include <stdlib.h>
#include <string.h>

#define WARN(loc, ...) diag_add(d, DIAG_WARNING, m->src, (loc), __VA_ARGS__)

/* The parcours to examine for a semester: each parcours, or "none" (-1). */
static int parcours_list(const Model *m, const MSemester *s, int *out) {
  if (!s->needs_parcours || m->nparcours == 0) {
    out[0] = -1;
    return 1;
  }
  for (int i = 0; i < m->nparcours; i++) out[i] = i;
  return m->nparcours;
}

static bool p_has_ue(const MUe *u, int p) {
  return p < 0 || pmask_has(u->parcours, p);
}

static PMask all_parcours(const Model *m) {
  return m->nparcours >= 64 ? PMASK_ALL : (((PMask)1 << m->nparcours) - 1);
}

/* " (parcours A, D)" for a subset of parcours, "" for all of them or none. */
static void qualifier(const Model *m, PMask mask, char *buf, size_t n) {
  buf[0] = '\0';
  if (mask == 0 || (mask & all_parcours(m)) == all_parcours(m)) return;
  size_t o = (size_t)snprintf(buf, n, " (parcours ");
  for (int i = 0; i < m->nparcours && o < n; i++)
    if ((mask >> i) & 1u) {
      int w = snprintf(buf + o, n - o, "%s%s", buf[o - 1] == ' ' ? "" : ", ", m->parcours[i]->id);
      if (w > 0) o += (size_t)w;
    }
  if (o < n) snprintf(buf + o, n - o, ")");
}

static void fmtq(const mpq_t q, char *buf) {
  num_format_trunc(q, 4, ',', buf, NUM_FMT_SIZE);
}

/* ---- a finding collector: the same message for several parcours once ---- */

typedef struct Finding {
  Loc loc;             /* where to point */
  char *msg;           /* text without the parcours qualifier (heap) */
  PMask mask;          /* parcours where it holds (0 = no parcours) */
} Finding;

typedef struct Findings {
  Finding *v;          /* findings in order of first occurrence */
  size_t n, cap;       /* count, allocation */
} Findings;

static void finding_add(Findings *f, Loc loc, int p, const char *msg) {
  for (size_t i = 0; i < f->n; i++)
    if (strcmp(f->v[i].msg, msg) == 0 && f->v[i].loc.first_line == loc.first_line &&
        f->v[i].loc.first_column == loc.first_column) {
      if (p >= 0) f->v[i].mask |= (PMask)1 << p;
      return;
    }
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 16;
    f->v = xrealloc(f->v, f->cap * sizeof *f->v);
  }
  f->v[f->n].loc = loc;
  f->v[f->n].msg = xstrdup(msg);
  f->v[f->n].mask = p >= 0 ? (PMask)1 << p : 0;
  f->n++;
}

static void findings_flush(const Model *m, Findings *f, Diags *d) {
  for (size_t i = 0; i < f->n; i++) {
    char q[256];
    qualifier(m, f->v[i].mask, q, sizeof q);
    WARN(f->v[i].loc, "%s%s", f->v[i].msg, q);
    free(f->v[i].msg);
  }
  free(f->v);
  memset(f, 0, sizeof *f);
}

/* ---- poles: coefficients add up to the declared weight ---- */

static void check_poles(const Model *m, Findings *f) {
  mpq_t sum;
  mpq_init(sum);
  for (int s = 0; s < m->nsems; s++) {
    const MSemester *sem = m->sems[s];
    int ps[MODEL_MAX_PARCOURS], np = parcours_list(m, sem, ps);
    for (int k = 0; k < np; k++) {
      int p = ps[k];
      for (int i = 0; i < sem->nues; i++) {
        const MUe *u = sem->ues[i];
        if (!pmask_has(u->parcours, p) && p >= 0) continue;
        for (int j = 0; j < u->npoles; j++) {
          const MPole *pole = &u->poles[j];
          if (p >= 0 ? !pmask_has(pole->parcours, p) : pole->parcours != PMASK_ALL) continue;
          mpq_set_ui(sum, 0, 1);
          for (int e = 0; e < u->nentries; e++) {
            const MEntry *en = &u->entries[e];
            if (en->pole == j && en->counts && (p < 0 || pmask_has(en->parcours, p)))
              mpq_add(sum, sum, en->coef);
          }
          if (!mpq_equal(sum, pole->weight)) {
            char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE], msg[512];
            fmtq(sum, a);
            fmtq(pole->weight, b);
            snprintf(msg, sizeof msg,
                     "%s, pôle %s : les coefficients font %s, le poids déclaré est %s",
                     u->id, ast_op_name(pole->kind), a, b);
            finding_add(f, pole->node->n[0].loc, p, msg);
          }
        }
      }
    }
  }
  mpq_clear(sum);
}

/* ---- ECTS per semester, UE levels, RCUE membership ---- */

static void check_ects(const Model *m, Findings *f, Diags *d) {
  for (int s = 0; s < m->nsems; s++) {
    const MSemester *sem = m->sems[s];
    if (!sem->node) continue;
    int ps[MODEL_MAX_PARCOURS], np = parcours_list(m, sem, ps);
    for (int k = 0; k < np; k++) {
      int total = 0;
      for (int i = 0; i < sem->nues; i++)
        if (p_has_ue(sem->ues[i], ps[k])) total += sem->ues[i]->ects_int;
      if (m->ects_per_semester > 0 && total != m->ects_per_semester) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s : les UE font %d ECTS, un semestre en vaut %d", sem->id, total,
                 m->ects_per_semester);
        finding_add(f, sem->node->a.loc, ps[k], msg);
      }
    }
    for (int i = 0; i < sem->nues; i++) {
      const MUe *u = sem->ues[i];
      if (sem->year && u->level > 0 && u->level != sem->year->num)
        WARN(u->node->n[1].loc, "%s est de niveau %d mais en %s, semestre de l’année %d", u->id,
             u->level, sem->id, sem->year->num);
    }
  }
}

/* ---- parcours carry their competences up to their last level ---- */

static void check_parcours_levels(const Model *m, Diags *d) {
  for (int pi = 0; pi < m->nparcours; pi++) {
    const MParcours *p = m->parcours[pi];
    for (int c = 1; c <= MODEL_MAX_COMPETENCES; c++) {
      if (!m->comps[c]) continue;
      for (int y = 1; y <= m->nyears; y++) {
        const MYear *yr = m->years[y];
        if (!yr) continue;
        for (int k = 0; k < 2; k++) {
          const MSemester *sem = yr->sems[k];
          if (!sem || !sem->node) continue;
          const MUe *found = NULL;
          for (int i = 0; i < sem->nues; i++)
            if (sem->ues[i]->competence == c && pmask_has(sem->ues[i]->parcours, pi))
              found = sem->ues[i];
          if (y <= p->maxlevel[c] && !found)
            WARN(p->node->a.loc, "le parcours %s mène la compétence %d (%s) au niveau %d, "
                 "mais %s n’a pas d’UE de cette compétence pour lui",
                 p->id, c, m->comps[c]->name, p->maxlevel[c], sem->id);
          if (found && y > p->maxlevel[c])
            WARN(found->node->a.loc, "%s (compétence %d, niveau %d) est au-delà du niveau %d que "
                 "le parcours %s déclare pour cette compétence",
                 found->id, c, found->level, p->maxlevel[c], p->id);
        }
      }
    }
  }
}

static void check_rcue_membership(const Model *m, Findings *f) {
  for (int i = 0; i < m->nues; i++) {
    const MUe *u = m->ues[i];
    const MYear *y = u->sem ? u->sem->year : NULL;
    if (!y) continue;
    int ps[MODEL_MAX_PARCOURS], np = parcours_list(m, u->sem, ps);
    for (int k = 0; k < np; k++) {
      int p = ps[k];
      if (p >= 0 && !pmask_has(u->parcours, p)) continue;
      bool in = false;
      for (int r = 0; r < y->nrcues; r++)
        if ((p < 0 || pmask_has(y->rcues[r].parcours, p)) &&
            (strcmp(y->rcues[r].ue[0], u->id) == 0 || strcmp(y->rcues[r].ue[1], u->id) == 0))
          in = true;
      if (!in) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s n’appartient à aucun RCUE de l’année %d", u->id, y->num);
        finding_add(f, u->node->a.loc, p, msg);
      }
    }
  }
}

/* ---- Annexe 2: hours ---- */

static const char *const col_names[HOUR_NCOLS] = {"CM", "TD", "TP", "projet", "total"};

static void check_row_hours(const Model *m, const Node *row, const MNum *h, const char *what,
                            Diags *d) {
  if (!h[HOUR_TOTAL].set) return;
  mpq_t sum;
  mpq_init(sum);
  char parts[256] = "";
  size_t o = 0;
  for (int c = 0; c < HOUR_TOTAL; c++)
    if (h[c].set) {
      char v[NUM_FMT_SIZE];
      fmtq(h[c].q, v);
      int w = snprintf(parts + o, sizeof parts - o, "%s%s %s", o ? " + " : "", col_names[c], v);
      if (w > 0 && (size_t)w < sizeof parts - o) o += (size_t)w;
      mpq_add(sum, sum, h[c].q);
    }
  if (!mpq_equal(sum, h[HOUR_TOTAL].q)) {
    char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    if (!parts[0]) {
      fmtq(h[HOUR_TOTAL].q, b);
      Loc at0 = row->loc;
      WARN(at0, "heures de %s : aucune colonne CM, TD, TP ou projet, mais un total imprimé de %s", what, b);
      mpq_clear(sum);
      return;
    }
    fmtq(sum, a);
    fmtq(h[HOUR_TOTAL].q, b);
    Loc at = row->loc;
    for (const Node *x = row->hours; x; x = x->next)
      if (x->op == HC_TOTAL) at = x->loc;
    WARN(at, "heures de %s : %s = %s, mais le total imprimé est %s", what, parts, a, b);
  }
  mpq_clear(sum);
}

typedef struct HourRow {
  const Node *node;    /* N_COURSE, N_GROUP or N_TOTALS */
  PMask mask;          /* parcours of the table(s) that print it */
} HourRow;

static void collect_hour_rows(const Model *m, const Node *items, PMask mask, HourRow **v,
                              size_t *n, size_t *cap) {
  for (const Node *it = items; it; it = it->next) {
    if (it->kind == N_ONLY) {
      PMask sub = 0;
      for (const IdList *l = it->ids; l; l = l->next) {
        const MParcours *p = model_parcours(m, l->id.text);
        if (p) sub |= (PMask)1 << p->bit;
      }
      collect_hour_rows(m, it->body, mask & sub, v, n, cap);
      continue;
    }
    if (it->kind != N_COURSE && it->kind != N_GROUP && it->kind != N_TOTALS) continue;
    if (*n == *cap) {
      *cap = *cap ? *cap * 2 : 32;
      *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[*n].node = it;
    (*v)[*n].mask = mask;
    (*n)++;
  }
}

static void hours_of(const Node *hours, MNum *h) {
  for (int c = 0; c < HOUR_NCOLS; c++) {
    mpq_init(h[c].q);
    h[c].set = false;
  }
  for (const Node *x = hours; x; x = x->next) {
    int c = x->op - HC_CM;
    if (c < 0 || c >= HOUR_NCOLS || h[c].set) continue;
    if (num_parse(h[c].q, x->n[0].text, strlen(x->n[0].text), NULL, 0) == 0) h[c].set = true;
  }
}

static void hours_clear(MNum *h) {
  for (int c = 0; c < HOUR_NCOLS; c++) mpq_clear(h[c].q);
}

static void check_hours(const Model *m, Diags *d, Findings *f) {
  for (int s = 0; s < m->nsems; s++) {
    const MSemester *sem = m->sems[s];
    if (!sem->courses) continue;
    HourRow *rows = NULL;
    size_t n = 0, cap = 0;
    collect_hour_rows(m, sem->courses->body, PMASK_ALL, &rows, &n, &cap);
    for (size_t i = 0; i < n; i++) {
      const Node *r = rows[i].node;
      MNum h[HOUR_NCOLS];
      hours_of(r->hours, h);
      if (r->kind == N_COURSE) check_row_hours(m, r, h, r->a.text, d);
      else if (r->kind == N_GROUP) {
        char what[512];
        snprintf(what, sizeof what, "« %s »", r->label.text);
        check_row_hours(m, r, h, what, d);
      } else {
        /* a totals row: every column against the sum of the rows its table prints */
        int ps[MODEL_MAX_PARCOURS], np = 0;
        bool per_parcours_rows = false;
        for (size_t j = 0; j < n; j++) per_parcours_rows |= rows[j].mask != PMASK_ALL;
        if (rows[i].mask == PMASK_ALL && !sem->needs_parcours && !per_parcours_rows) ps[np++] = -1;
        else
          for (int p = 0; p < m->nparcours; p++)
            if (pmask_has(rows[i].mask, p)) ps[np++] = p;
        for (int k = 0; k < np; k++) {
          for (int c = 0; c < HOUR_NCOLS; c++) {
            if (!h[c].set) continue;
            mpq_t sum;
            mpq_init(sum);
            for (size_t j = 0; j < n; j++) {
              if (rows[j].node->kind == N_TOTALS) continue;
              if (ps[k] >= 0 && !pmask_has(rows[j].mask, ps[k])) continue;
              MNum hj[HOUR_NCOLS];
              hours_of(rows[j].node->hours, hj);
              if (hj[c].set) mpq_add(sum, sum, hj[c].q);
              hours_clear(hj);
            }
            if (!mpq_equal(sum, h[c].q)) {
              char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE], msg[512];
              fmtq(sum, a);
              fmtq(h[c].q, b);
              snprintf(msg, sizeof msg, "totaux de %s, colonne %s : les lignes font %s, le total "
                       "imprimé est %s", sem->id, col_names[c], a, b);
              Loc at = r->loc;
              for (const Node *x = r->hours; x; x = x->next)
                if (x->op - HC_CM == c) at = x->loc;
              finding_add(f, at, ps[k], msg);
            }
            mpq_clear(sum);
          }
        }
      }
      hours_clear(h);
    }
    free(rows);
  }
}

/* ---- Annexe 2 marks against Annexe 3 listings ---- */

static const MRow *row_for(const MCourse *c, int p) {
  for (const MRow *r = c->rows; r; r = r->next)
    if (p < 0 ? r->parcours == PMASK_ALL : pmask_has(r->parcours, p)) return r;
  return NULL;
}

static const MEntry *entry_in(const MUe *u, const MCourse *c, int p) {
  for (int i = 0; i < u->nentries; i++)
    if (u->entries[i].course == c && (p < 0 || pmask_has(u->entries[i].parcours, p)))
      return &u->entries[i];
  return NULL;
}

static void check_marks(const Model *m, Findings *f) {
  for (int s = 0; s < m->nsems; s++) {
    const MSemester *sem = m->sems[s];
    if (!sem->node) continue;
    int ps[MODEL_MAX_PARCOURS], np = parcours_list(m, sem, ps);
    for (int k = 0; k < np; k++) {
      int p = ps[k];
      for (int ci = 0; ci < m->ncourses; ci++) {
        const MCourse *c = m->courses[ci];
        if (c->sem != sem) continue;
        const MRow *row = row_for(c, p);
        if (!row) continue;
        bool anywhere = false;
        for (int comp = 1; comp <= MODEL_MAX_COMPETENCES; comp++) {
          const MUe *u = NULL;
          for (int i = 0; i < sem->nues; i++)
            if (sem->ues[i]->competence == comp && (p < 0 || pmask_has(sem->ues[i]->parcours, p)))
              u = sem->ues[i];
          bool marked = (row->marks >> comp) & 1u;
          const MEntry *e = u ? entry_in(u, c, p) : NULL;
          if (e) anywhere = true;
          char msg[512];
          if (marked && !u) {
            snprintf(msg, sizeof msg, "%s est marqué pour la compétence %d en Annexe 2, mais %s "
                     "n’a pas d’UE de cette compétence", c->id, comp, sem->id);
            finding_add(f, row->node->a.loc, p, msg);
          } else if (marked && !e) {
            snprintf(msg, sizeof msg, "%s est marqué pour la compétence %d en Annexe 2, mais ne "
                     "figure pas dans %s en Annexe 3", c->id, comp, u->id);
            finding_add(f, row->node->a.loc, p, msg);
          } else if (!marked && e) {
            snprintf(msg, sizeof msg, "%s figure dans %s en Annexe 3, mais n’est pas marqué pour "
                     "la compétence %d en Annexe 2", c->id, u->id, comp);
            finding_add(f, e->node->a.loc, p, msg);
          }
        }
        if (!anywhere) {
          char msg[256];
          snprintf(msg, sizeof msg, "%s ne figure dans aucune UE de %s", c->id, sem->id);
          finding_add(f, row->node->a.loc, p, msg);
        }
      }
    }
  }
}

/* ---- diplomas: declared ECTS against the UEs their condition covers ---- */

static void sems_of_expr(const Model *m, const Node *e, bool *in) {
  if (!e) return;
  if (e->kind == N_SET) {
    for (const Node *r = e->body; r; r = r->next) {
      const MSemester *a = model_semester(m, r->a.text);
      const MSemester *b = r->b.text ? model_semester(m, r->b.text) : a;
      if (a && b)
        for (int s = 0; s < m->nsems; s++)
          if (m->sems[s]->num >= a->num && m->sems[s]->num <= b->num) in[s] = true;
    }
    return;
  }
  sems_of_expr(m, e->lhs, in);
  sems_of_expr(m, e->rhs, in);
}

static void check_diplomas(const Model *m, Findings *f) {
  for (int i = 0; i < m->ndiplomas; i++) {
    const MDiploma *dp = &m->diplomas[i];
    bool in[64] = {false};
    if (m->nsems > 64) return;
    sems_of_expr(m, dp->expr, in);
    bool any = false;
    for (int s = 0; s < m->nsems; s++) any |= in[s];
    if (!any || dp->ects < 0) continue;
    int np = m->nparcours ? m->nparcours : 1;
    for (int p = 0; p < np; p++) {
      int pp = m->nparcours ? p : -1, total = 0;
      for (int s = 0; s < m->nsems; s++) {
        if (!in[s]) continue;
        for (int k = 0; k < m->sems[s]->nues; k++) {
          const MUe *u = m->sems[s]->ues[k];
          if (pp < 0 || pmask_has(u->parcours, pp) || u->parcours == PMASK_ALL) total += u->ects_int;
        }
      }
      if (total != dp->ects) {
        char msg[256];
        snprintf(msg, sizeof msg, "le %s déclare %d ECTS, mais les UE de sa condition en font %d",
                 dp->name, dp->ects, total);
        finding_add(f, dp->node->n[0].loc, pp, msg);
      }
    }
  }
}

/* ---- thresholds off the grade scale ---- */

/* An average: moyenne, or min/max over averages. */
static bool is_average(const Node *e) {
  e = ast_unparen(e);
  return e && ((e->kind == N_BUILTIN && e->op == BI_AVERAGE) ||
               (e->kind == N_AGG && (e->op == AG_MIN || e->op == AG_MAX)));
}

/* An average compared with a number below 0 or above 20: averages of
** grades stay on the grade file's scale (spec/grades-format.md), so the
** comparison always gives the same answer — a typo (100 for 10). */
static void scale_expr(const Model *m, const Node *e, Diags *d) {
  for (; e; e = e->rhs) {
    if (e->kind == N_BINARY && e->op >= OP_EQ && e->op <= OP_GE) {
      const Node *l = ast_unparen(e->lhs), *r = ast_unparen(e->rhs);
      const Node *lit = is_average(l) ? r : is_average(r) ? l : NULL;
      bool neg = lit && lit->kind == N_UNARY && lit->op == OP_NEG;
      const Node *num = neg ? ast_unparen(lit->lhs) : lit;
      mpq_t q;
      mpq_init(q);
      if (num && num->kind == N_NUMBER && num_parse(q, num->n[0].text, strlen(num->n[0].text), NULL, 0) == 0 &&
          (neg ? mpq_sgn(q) > 0 : mpq_cmp_ui(q, 20, 1) > 0))
        WARN(lit->loc, "%s%s : une moyenne va de 0 à 20, cette comparaison donne toujours le même résultat",
             neg ? "-" : "", num->n[0].text);
      mpq_clear(q);
    }
    scale_expr(m, e->lhs, d);
  }
}

static void check_scale(const Model *m, Diags *d) {
  scale_expr(m, m->ue_cond, d);
  scale_expr(m, m->rcue_cond, d);
  for (int i = 0; i < m->nconds; i++) scale_expr(m, m->conds[i]->expr, d);
  for (int i = 0; i < m->nclauses; i++) scale_expr(m, m->clauses[i].expr, d);
  for (int i = 0; i < m->ndiplomas; i++) scale_expr(m, m->diplomas[i].expr, d);
}

/* ---- named conditions no rule uses ---- */

/* Marks the conditions e names, and those they name in turn. */
static void mark_used(const Model *m, const Node *e, bool *used) {
  for (; e; e = e->rhs) {
    if (e->kind == N_NAME) {
      for (int i = 0; i < m->nconds; i++)
        if (!used[i] && strcmp(m->conds[i]->name, e->a.text) == 0) {
          used[i] = true;
          mark_used(m, m->conds[i]->expr, used);
        }
      return;
    }
    mark_used(m, e->lhs, used);
  }
}

static void check_unused_conditions(const Model *m, Diags *d) {
  if (m->nconds == 0) return;
  bool *used = calloc((size_t)m->nconds, sizeof *used);
  if (!used) return; /* the check is advice: no memory, no advice */
  mark_used(m, m->ue_cond, used);
  mark_used(m, m->rcue_cond, used);
  for (int i = 0; i < m->nclauses; i++) mark_used(m, m->clauses[i].expr, used);
  for (int i = 0; i < m->ndiplomas; i++) mark_used(m, m->diplomas[i].expr, used);
  for (int i = 0; i < m->nconds; i++)
    if (!used[i])
      WARN(m->conds[i]->node->a.loc, "la condition « %s » n’est utilisée par aucune règle (décision, diplôme, "
           "validation)", m->conds[i]->name);
  free(used);
}

/* ---- Annexe 3 names a course differently from Annexe 2 ---- */

static bool only_apostrophes_differ(const char *a, const char *b) {
  while (*a && *b) {
    bool qa = *a == '\'' || strncmp(a, "’", 3) == 0, qb = *b == '\'' || strncmp(b, "’", 3) == 0;
    if (qa && qb) {
      a += *a == '\'' ? 1 : 3;
      b += *b == '\'' ? 1 : 3;
      continue;
    }
    if (*a != *b) return false;
    a++, b++;
  }
  return *a == *b;
}

static void check_printed_names(const Model *m, Diags *d) {
  /* one warning per (course, printed name), listing the UEs that print it */
  bool *done = xcalloc((size_t)m->nues * 64 + 1, 1);
  for (int i = 0; i < m->nues; i++) {
    const MUe *u = m->ues[i];
    for (int k = 0; k < u->nentries && k < 64; k++) {
      const MEntry *e = &u->entries[k];
      if (done[i * 64 + k] || !e->printed || strcmp(e->printed, e->course->label) == 0) continue;
      char ues[512];
      size_t o = (size_t)snprintf(ues, sizeof ues, "%s", u->id);
      for (int j = i + 1; j < m->nues; j++)
        for (int l = 0; l < m->ues[j]->nentries && l < 64; l++) {
          const MEntry *f = &m->ues[j]->entries[l];
          if (f->course == e->course && f->printed && strcmp(f->printed, e->printed) == 0) {
            done[j * 64 + l] = true;
            if (o < sizeof ues) {
              int w = snprintf(ues + o, sizeof ues - o, ", %s", m->ues[j]->id);
              if (w > 0) o += (size_t)w;
            }
          }
        }
      WARN(e->node->label.loc, "%s, %s : l’Annexe 3 nomme %s « %s », l’Annexe 2 « %s »%s", u->sem->id,
           ues, e->course->id, e->printed, e->course->label,
           only_apostrophes_differ(e->printed, e->course->label) ? " (seule l’apostrophe diffère)" : "");
    }
  }
  free(done);
}

void model_check(const Model *m, Diags *d) {
  check_printed_names(m, d);
  Findings f = {0};
  check_poles(m, &f);
  findings_flush(m, &f, d);
  check_ects(m, &f, d);
  findings_flush(m, &f, d);
  check_parcours_levels(m, d);
  check_rcue_membership(m, &f);
  findings_flush(m, &f, d);
  check_hours(m, d, &f);
  findings_flush(m, &f, d);
  check_marks(m, &f);
  findings_flush(m, &f, d);
  check_diplomas(m, &f);
  findings_flush(m, &f, d);
  check_scale(m, d);
  check_unused_conditions(m, d);
}
