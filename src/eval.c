/*
** eval.c — the evaluator (see eval.h and ../shared/spec/semantics.md).
**
** Per student: a state of every UE id seen so far (acquired?, code, best
** average, credits), the number of attempts of each BUT year, then each
** academic year in order:
**   1. UE averages over counting courses, marks by their effect (rules 1, 4);
**      the internship rule (22); capitalisation in a repeated year (17);
**   2. a mid-year record stops there (18);
**   3. RCUE averages and codes, compensation (7, 8, 9, 22);
**   4. jury overrides of UEs and RCUEs (21, 23);
**   5. validation of lower levels (10); credits (11);
**   6. the year decision: first decision clause that holds (12–16);
**   7. a jury override of the year; diplomas (19, 20).
*/
#include "eval.h"
#include "num.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The fast paths write one-limb values into GMP numbers and give 64-bit
** values to mpq_set_ui / mpq_set_si: an LP64 system with 64-bit limbs
** (Linux and the BSDs on 64-bit processors; the mpz fields are those of
** GMP's manual, "Integer Internals"). */
_Static_assert(sizeof(long) == 8 && GMP_NUMB_BITS == 64, "eval.c needs a 64-bit long and 64-bit GMP limbs");

/* ---- UE slots: one per distinct UE id, across every model seen ---- */

/* A counting entry of a UE, compact, for the plain case of rule 1. */
typedef struct PlainEntry {
  int course;              /* MCourse.index */
  int64_t coef6;           /* MEntry.coef6 (0 when not exact at 10^-6) */
  int64_t coefr;           /* coef6 divided by the gcd of its UE's coef6 (a smaller weight, same mean) */
  PMask parcours;          /* MEntry.parcours */
} PlainEntry;

/* What the evaluator derives once from a model (rules are data: all of it
** is read from the Model). */
typedef struct SlotMap {
  const Model *model;      /* a model */
  int *slot;               /* slot of each of its UEs (by MUe.index) */
  int *rcue_slot[8];       /* per year number: slots of each RCUE's two UE ids (2 per RCUE) */
  int **lower[8];          /* per year number, per RCUE: indexes in Model.ues of the UEs of its
                           ** competence at a lower level, in that order, -1 at the end (rule 10) */
  int nrcues[8];           /* per year number: RCUEs in lower (the model may be freed first) */
  PlainEntry *plain;       /* the counting entries of every UE, in Model.ues then file order */
  int *plain_at;           /* per MUe.index: its first entry in plain; [nues] is the end */
  bool *plain_ok;          /* per MUe.index: every counting entry has coef6 > 0 */
  struct RcueAt *rat;      /* where each RCUE's UEs are in a full year's record, per year and parcours */
  int nrat;                /* how many */
  struct SlotMap *next;    /* next model */
} SlotMap;

/* The indexes in YearRecord.ues of the two UEs of each RCUE of a full year:
** they depend on the model, the year and the parcours only (the record's UE
** list is the model's, in a fixed order). */
typedef struct RcueAt {
  int level;               /* BUT year */
  int p;                   /* parcours bit or -1 */
  int *ue;                 /* per RCUE of the year (MYear.rcues order): 2 indexes, -1 when absent (heap) */
} RcueAt;

typedef struct UeState {
  bool known;              /* some record gave this UE a result */
  bool acquired;           /* acquired so far */
  bool has_avg;            /* avg meaningful */
  mpq_t avg;               /* best average so far (for capitalisation) */
  const char *code;        /* current code */
  int ects;                /* credits when acquired */
  int level;               /* competence level of the UE */
  int competence;          /* competence number */
  int sem;                 /* semester number */
  const char *id;          /* UE id */
} UeState;

struct EvalCtx {
  char **ids;              /* slot -> UE id (heap copies) */
  int nslots;              /* how many slots */
  int cap;                 /* allocated */
  SlotMap *maps;           /* per model */
  UeState *state;          /* per slot, current student */
  int state_cap;           /* slots with initialised mpq */
  mpq_t t1, t2, t3;        /* temporaries */
  Arena *scratch;          /* per-year allocations, reset between years */
  UeResult *ue_pool;       /* reusable UE results (mpq initialised) */
  int ue_pool_cap;         /* how many */
  RcueResult *rc_pool;     /* reusable RCUE results (mpq initialised) */
  int rc_pool_cap;         /* how many */
  const EvalPerturb *perturb; /* hypothetical average, or NULL */
  mpq_t *tchunk[256];      /* temporaries for expressions: chunks of 64, stable addresses */
  int tsp;                 /* temporaries in use */
  const Node *lit_node[128]; /* number literals already parsed */
  mpq_t lit_val[128];      /* their values */
  bool lit_small[128];     /* the value is small: lit_n / lit_d (num_small) */
  int64_t lit_n[128];      /* its numerator when small */
  uint64_t lit_d[128];     /* its denominator when small */
  int nlit;                /* how many */
  struct SetUes *sets;     /* UE slots of named semesters, per set, model and parcours */
  int nsets;               /* how many */
  int sets_cap;            /* allocated */
  uint64_t *memo_gen;      /* per condition index: the Env generation its memo entry belongs to (0: none) */
  uint8_t *memo;           /* per condition index: its value then (bit 0 truth, bit 1 undefined) */
  int memo_cap;            /* size of both: at least the conditions of every model met */
  uint64_t gen;            /* the last Env generation given */
  int *set_tab;            /* hash table of sets (set, model, parcours): index + 1 in sets, 0 = empty */
  int set_tab_cap;         /* its size: a power of two above twice nsets, or 0 */
};

/* The UEs a set "UE of S1 S2 …" names, for one model and parcours: their
** state slots in Model.ues order (agg_collect's walk). */
typedef struct SetUes {
  const Node *set;         /* the N_SET */
  const Model *m;          /* the rules it was resolved in */
  int p;                   /* parcours bit or -1 */
  int *slot;               /* slots of its UEs (heap) */
  int n;                   /* how many */
} SetUes;

/* A temporary rational from the context's stack (released by tmp_pop),
** or NULL when expressions nest deeper than the stack. */
static mpq_ptr tmp_push_slow(EvalCtx *e) {
  assert(e->tsp >= 0);
  unsigned c = (unsigned)e->tsp / 64, k = (unsigned)e->tsp % 64;
  if (c >= 256) return NULL;
  if (!e->tchunk[c]) {
    e->tchunk[c] = xmalloc(64 * sizeof(mpq_t));
    for (int i = 0; i < 64; i++) mpq_init(e->tchunk[c][i]);
  }
  e->tsp++;
  return e->tchunk[c][k];
}

/* tmp_push_slow's answer, the first 64 temporaries without a call. */
static inline mpq_ptr tmp_push(EvalCtx *e) {
  if (e->tsp < 64 && e->tchunk[0]) return e->tchunk[0][e->tsp++]; /* the first chunk, once made */
  return tmp_push_slow(e);
}

static void tmp_pop(EvalCtx *e, int n) {
  e->tsp -= n;
}

void eval_set_perturb(EvalCtx *e, const EvalPerturb *p) {
  e->perturb = p;
}

EvalCtx *eval_new(void) {
  EvalCtx *e = xcalloc(1, sizeof *e);
  mpq_init(e->t1);
  mpq_init(e->t2);
  mpq_init(e->t3);
  e->scratch = arena_new();
  return e;
}

/* n UE results with their rationals ready, fields cleared. Valid until the
** next year is evaluated. */
static UeResult *ue_results(EvalCtx *e, int n) {
  if (n > e->ue_pool_cap) {
    e->ue_pool = xrealloc(e->ue_pool, (size_t)n * sizeof *e->ue_pool);
    for (int i = e->ue_pool_cap; i < n; i++) mpq_init(e->ue_pool[i].avg);
    e->ue_pool_cap = n;
  }
  for (int i = 0; i < n; i++) { /* every field but avg and missing (read below nmissing only) */
    UeResult *r = &e->ue_pool[i];
    r->ue = NULL;
    r->id = r->code = r->computed = NULL;
    r->has_avg = r->acquired = r->kept = r->improved = r->stage_blocked = r->pending = r->by_jury = false;
    r->ects = r->nmissing = 0;
  }
  return e->ue_pool;
}

static RcueResult *rcue_results(EvalCtx *e, int n) {
  if (n > e->rc_pool_cap) {
    e->rc_pool = xrealloc(e->rc_pool, (size_t)n * sizeof *e->rc_pool);
    for (int i = e->rc_pool_cap; i < n; i++) mpq_init(e->rc_pool[i].avg);
    e->rc_pool_cap = n;
  }
  for (int i = 0; i < n; i++) { /* every field but avg */
    RcueResult *r = &e->rc_pool[i];
    r->rcue = NULL;
    r->competence = r->level = r->ue[0] = r->ue[1] = 0;
    r->has_avg = r->acquired = false;
    r->code = r->computed = NULL;
  }
  return e->rc_pool;
}

void eval_free(EvalCtx *e) {
  if (!e) return;
  for (int i = 0; i < e->nslots; i++) free(e->ids[i]);
  free(e->ids);
  for (SlotMap *m = e->maps, *n; m; m = n) {
    n = m->next;
    free(m->slot);
    free(m->plain);
    free(m->plain_at);
    free(m->plain_ok);
    for (int i = 0; i < m->nrat; i++) free(m->rat[i].ue);
    free(m->rat);
    for (int y = 0; y < 8; y++) {
      free(m->rcue_slot[y]);
      if (!m->lower[y]) continue;
      for (int i = 0; i < m->nrcues[y]; i++) free(m->lower[y][i]);
      free(m->lower[y]);
    }
    free(m);
  }
  for (int i = 0; i < e->state_cap; i++) mpq_clear(e->state[i].avg);
  free(e->state);
  for (int i = 0; i < e->ue_pool_cap; i++) mpq_clear(e->ue_pool[i].avg);
  free(e->ue_pool);
  for (int i = 0; i < e->rc_pool_cap; i++) mpq_clear(e->rc_pool[i].avg);
  free(e->rc_pool);
  for (int c = 0; c < 256 && e->tchunk[c]; c++) {
    for (int i = 0; i < 64; i++) mpq_clear(e->tchunk[c][i]);
    free(e->tchunk[c]);
  }
  for (int i = 0; i < e->nlit; i++) mpq_clear(e->lit_val[i]);
  for (int i = 0; i < e->nsets; i++) free(e->sets[i].slot);
  free(e->sets);
  free(e->set_tab);
  free(e->memo_gen);
  free(e->memo);
  arena_free(e->scratch);
  mpq_clear(e->t1);
  mpq_clear(e->t2);
  mpq_clear(e->t3);
  free(e);
}

/* gcd(a, b) of 128-bit operands (gcd(0, b) = b), by the binary algorithm. */
static unsigned __int128 gcd_u128(unsigned __int128 a, unsigned __int128 b) {
  if (!a) return b;
  if (!b) return a;
  int shift = 0;
  while (!((a | b) & 1)) {
    a >>= 1;
    b >>= 1;
    shift++;
  }
  while (!(a & 1)) a >>= 1;
  do {
    while (!(b & 1)) b >>= 1;
    if (a > b) {
      unsigned __int128 t = a;
      a = b;
      b = t;
    }
    b -= a;
  } while (b);
  return a << shift;
}

/* gcd(a, b), gcd(0, b) = b. Small operands (every mean of grades with few
** decimals once its common factors are out: a denominator below 2^32) by
** Euclid's divisions in 32 bits, a handful of steps; larger ones by the
** binary algorithm. */
static uint64_t gcd_u64(uint64_t a, uint64_t b) {
  if ((a >> 32) != 0 && b != 0 && (b >> 32) == 0) a %= b; /* gcd(a, b) = gcd(a mod b, b) */
  if (((a | b) >> 32) == 0) {
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    while (y) {
      uint32_t t = x % y;
      x = y;
      y = t;
    }
    return x;
  }
  if (!a) return b;
  if (!b) return a;
  int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  do {
    b >>= __builtin_ctzll(b);
    if (a > b) {
      uint64_t t = a;
      a = b;
      b = t;
    }
    b -= a;
  } while (b);
  return a << shift;
}

/* q = n / d, already reduced (d > 0): the limbs written in place when both
** parts of q have room for one (as soon as q held any value), else through
** GMP. A canonical mpq_t either way. */
static inline void q_set_reduced(mpq_t q, uint64_t n, uint64_t d) {
  mpz_ptr zn = mpq_numref(q), zd = mpq_denref(q);
  if (GMP_NUMB_BITS == 64 && zn->_mp_alloc >= 1 && zd->_mp_alloc >= 1) {
    zn->_mp_d[0] = (mp_limb_t)n;
    zn->_mp_size = n != 0;
    zd->_mp_d[0] = (mp_limb_t)d;
    zd->_mp_size = 1;
    return;
  }
  mpq_set_ui(q, (unsigned long)n, (unsigned long)d);
}

/* dst = src: one-limb parts copied in place, else mpq_set. */
static inline void q_copy(mpq_t dst, mpq_srcptr src) {
  mpz_srcptr sn = mpq_numref(src), sd = mpq_denref(src);
  if (sn->_mp_size >= 0 && sn->_mp_size <= 1 && sd->_mp_size == 1) {
    q_set_reduced(dst, sn->_mp_size ? sn->_mp_d[0] : 0, sd->_mp_d[0]);
    return;
  }
  mpq_set(dst, src);
}

/* q = n / d (d > 0), reduced in 64 bits. */
static inline void q_set_u64(mpq_t q, uint64_t n, uint64_t d) {
  uint64_t g = gcd_u64(n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  q_set_reduced(q, n, d);
}

/* An exact integer (|v| < 2^127) into a GMP integer. */
static void mpz_set_i128(mpz_t z, __int128 v) {
  if (v >= LONG_MIN && v <= LONG_MAX) {
    mpz_set_si(z, (long)v);
    return;
  }
  bool neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)(-v) : (unsigned __int128)v;
  uint64_t hi = (uint64_t)(u >> 64), lo = (uint64_t)u;
  mpz_set_ui(z, (unsigned long)hi);
  mpz_mul_2exp(z, z, 64);
  mpz_add_ui(z, z, (unsigned long)lo);
  if (neg) mpz_neg(z, z);
}

/* q = num / den (den > 0), reduced in 64- or 128-bit integers: no GMP gcd. */
static void mpq_set_i128(mpq_t q, __int128 num, __int128 den) {
  assert(den > 0);
  if (num >= 0 && ((unsigned __int128)num >> 64) == 0 && ((unsigned __int128)den >> 64) == 0) {
    /* every grade mean: 64-bit gcd and divisions, one GMP call to set both parts */
    q_set_u64(q, (uint64_t)num, (uint64_t)den);
    return;
  }
  unsigned __int128 un = num < 0 ? (unsigned __int128)(-num) : (unsigned __int128)num;
  unsigned __int128 g = (un >> 64) == 0 && ((unsigned __int128)den >> 64) == 0
                            ? gcd_u64((uint64_t)un, (uint64_t)den)
                            : gcd_u128(un, (unsigned __int128)den);
  if (g > 1) {
    num /= (__int128)g;
    den /= (__int128)g;
  }
  mpz_set_i128(mpq_numref(q), num);
  mpz_set_i128(mpq_denref(q), den);
}

static int slot_for_id(EvalCtx *e, const char *id) {
  for (int i = 0; i < e->nslots; i++)
    if (strcmp(e->ids[i], id) == 0) return i;
  if (e->nslots == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 64;
    e->ids = xrealloc(e->ids, (size_t)e->cap * sizeof *e->ids);
  }
  e->ids[e->nslots] = xstrdup(id);
  return e->nslots++;
}

static SlotMap *map_of(EvalCtx *e, const Model *m) {
  for (SlotMap *s = e->maps; s; s = s->next)
    if (s->model == m) return s;
  SlotMap *s = xcalloc(1, sizeof *s);
  s->model = m;
  s->slot = xmalloc((size_t)(m->nues + 1) * sizeof *s->slot);
  for (int i = 0; i < m->nues; i++) s->slot[i] = slot_for_id(e, m->ues[i]->id);
  int np = 0;
  for (int i = 0; i < m->nues; i++)
    for (int k = 0; k < m->ues[i]->nentries; k++) np += m->ues[i]->entries[k].counts;
  s->plain = xmalloc((size_t)(np + 1) * sizeof *s->plain);
  s->plain_at = xmalloc((size_t)(m->nues + 1) * sizeof *s->plain_at);
  s->plain_ok = xmalloc((size_t)(m->nues + 1) * sizeof *s->plain_ok);
  np = 0;
  for (int i = 0; i < m->nues; i++) {
    assert(m->ues[i]->index == i);
    s->plain_at[i] = np;
    uint64_t g = 0;
    bool ok = true;
    for (int k = 0; k < m->ues[i]->nentries; k++) {
      const MEntry *en = &m->ues[i]->entries[k];
      if (!en->counts) continue;
      if (en->coef6 > 0) g = gcd_u64(g, (uint64_t)en->coef6);
      else ok = false;
      s->plain[np++] = (PlainEntry){.course = en->course->index, .coef6 = en->coef6, .parcours = en->parcours};
    }
    for (int k = s->plain_at[i]; k < np; k++) s->plain[k].coefr = ok ? s->plain[k].coef6 / (int64_t)g : 0;
    s->plain_ok[i] = ok;
  }
  s->plain_at[m->nues] = np;
  assert(m->nyears < 8);
  for (int y = 1; y <= m->nyears; y++) {
    const MYear *yr = m->years[y];
    if (!yr || yr->nrcues == 0) continue;
    s->rcue_slot[y] = xmalloc((size_t)yr->nrcues * 2 * sizeof *s->rcue_slot[y]);
    s->lower[y] = xmalloc((size_t)yr->nrcues * sizeof *s->lower[y]);
    s->nrcues[y] = yr->nrcues;
    for (int i = 0; i < yr->nrcues; i++) {
      const MRcue *rc = &yr->rcues[i];
      for (int k = 0; k < 2; k++) s->rcue_slot[y][2 * i + k] = slot_for_id(e, rc->ue[k]);
      int n = 0;
      for (int j = 0; j < m->nues; j++) n += m->ues[j]->competence == rc->competence && m->ues[j]->level < rc->level;
      int *l = s->lower[y][i] = xmalloc((size_t)(n + 1) * sizeof *l);
      for (int j = 0; j < m->nues; j++)
        if (m->ues[j]->competence == rc->competence && m->ues[j]->level < rc->level) *l++ = j;
      *l = -1;
    }
  }
  s->next = e->maps;
  e->maps = s;
  if (e->nslots > e->state_cap) {
    e->state = xrealloc(e->state, (size_t)e->nslots * sizeof *e->state);
    for (int i = e->state_cap; i < e->nslots; i++) {
      memset(&e->state[i], 0, sizeof e->state[i]);
      mpq_init(e->state[i].avg);
    }
    e->state_cap = e->nslots;
  }
  return s;
}

static const int *slots_of(EvalCtx *e, const Model *m) {
  return map_of(e, m)->slot;
}

static void state_reset(EvalCtx *e) {
  for (int i = 0; i < e->state_cap; i++) {
    UeState *u = &e->state[i];
    u->known = u->acquired = u->has_avg = false;
    u->code = NULL;
    u->ects = 0;
  }
}

/* ---- codes ---- */

/* The computed codes, interned: the evaluator compares pointers first. One
** array holds them all, the acquired ones first, so that "is it ours?" and
** "is it acquired?" are one comparison of addresses each. */
static const char C_CODES[] = "ADM\0CMP\0ADSUP\0AJ\0ATT";
#define C_ADM (C_CODES + 0)
#define C_CMP (C_CODES + 4)
#define C_ADSUP (C_CODES + 8)
#define C_AJ (C_CODES + 14)
#define C_ATT (C_CODES + 17)

/* Is code one of the evaluator's own (then a pointer says which it is)? */
static inline bool code_interned(const char *code) {
  return (uintptr_t)code - (uintptr_t)C_CODES < sizeof C_CODES;
}

/* A jury's or an earlier record's code may spell ours in another string:
** those are compared as text. */
static inline bool is_code(const char *code, const char *interned) {
  if (code == interned) return true;
  return code && !code_interned(code) && strcmp(code, interned) == 0;
}

static bool code_acquired_text(const Model *m, const char *code) {
  if (!strcmp(code, "ADM") || !strcmp(code, "CMP") || !strcmp(code, "ADSUP")) return true;
  const MJuryCode *j = model_jury_code(m, code);
  return j && j->acquired;
}

static inline bool code_acquired(const Model *m, const char *code) {
  if (code_interned(code)) return code < C_AJ; /* ADM, CMP, ADSUP */
  if (!code) return false;
  return code_acquired_text(m, code);
}

/* ---- rounding ---- */

NumRound eval_num_mode(int rm) {
  return rm == RM_NEAREST ? NUM_NEAREST : rm == RM_UP ? NUM_UP : NUM_TRUNC;
}

static void apply_policy(const Model *m, mpq_t q) {
  if (m->round_decimals >= 0) num_round(q, q, m->round_decimals, eval_num_mode(m->round_mode));
}

/* Truncated display of a small non-negative rational without GMP: the
** common case (num_small, at most 6 decimals). An integer part below 100
** (every average out of 20) is written from the left, its digits two at a
** time, then the trailing zeros of the decimals dropped; a larger one from
** the last digit, its length known first. */
static bool format_small(const mpq_t q, int dec, char mark, char *buf, size_t n) {
  uint64_t qn, qd;
  if (dec > 6 || !num_small(q, &qn, &qd)) return false;
  static const uint64_t p10[20] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                   1000000000, 10000000000, 100000000000, 1000000000000,
                                   10000000000000, 100000000000000, 1000000000000000,
                                   10000000000000000, 100000000000000000, 1000000000000000000,
                                   10000000000000000000u};
  uint64_t ip, fp; /* integer part, then the dec first decimals (truncated) */
  if (qn < (UINT64_C(1) << 44)) { /* qn·10^6 < 2^64: every grade average */
    uint64_t t = qn * p10[dec] / qd;
    ip = t / p10[dec];
    fp = t % p10[dec];
  } else {
    unsigned __int128 t = (unsigned __int128)qn * p10[dec] / qd;
    ip = (uint64_t)(t / p10[dec]); /* at most qn / qd < 2^62 */
    fp = (uint64_t)(t % p10[dec]);
  }
  if (ip < 100 && n >= 10) {
    /* every average of grades out of 20: at most 2 + 1 + 6 characters, digits by pairs,
    ** written from the left; the decimals' trailing zeros then dropped */
    static const char d2[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                             "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                             "8081828384858687888990919293949596979899";
    char *p = buf;
    if (ip >= 10) {
      memcpy(p, d2 + 2 * ip, 2);
      p += 2;
    } else {
      *p++ = (char)('0' + ip);
    }
    if (fp) {
      *p++ = mark;
      if (dec == 2) {
        memcpy(p, d2 + 2 * fp, 2);
        p += fp % 10 ? 2 : 1;
      } else {
        for (int i = dec - 1; i >= 0; i--) {
          p[i] = (char)('0' + fp % 10);
          fp /= 10;
        }
        p += dec;
        while (p[-1] == '0') p--; /* fp > 0: a non-zero digit stops it */
      }
    }
    *p = '\0';
    return true;
  }
  int fl = dec;
  while (fl > 0 && fp % 10 == 0) { /* trailing zeros removed, as num_format_trunc */
    fp /= 10;
    fl--;
  }
  int nd = 1; /* digits of ip (< 2^62: at most 19) */
  while (nd < 19 && ip >= p10[nd]) nd++;
  size_t k = (size_t)nd + (fl ? (size_t)fl + 1 : 0);
  if (k + 1 > n) return false;
  char *p = buf + k;
  *p = '\0';
  for (int i = 0; i < fl; i++) {
    *--p = (char)('0' + fp % 10);
    fp /= 10;
  }
  if (fl) *--p = mark;
  do {
    *--p = (char)('0' + ip % 10);
    ip /= 10;
  } while (ip);
  assert(p == buf);
  return true;
}

void eval_format_shown(const Model *m, mpq_srcptr q, char mark, char *buf, size_t n) {
  num_format_fixed(q, m->display_decimals, eval_num_mode(m->display_mode), mark, buf, n);
}

void eval_format_avg(const Model *m, const mpq_t q, char mark, char *buf, size_t n) {
  int dec = m ? m->display_decimals : 2;
  int mode = m ? m->display_mode : RM_TRUNC;
  if (mode == RM_TRUNC && format_small(q, dec, mark, buf, n)) return;
  if (mode == RM_TRUNC) {
    num_format_trunc(q, dec, mark, buf, n);
    return;
  }
  /* rounded display: fixed decimals, then the same trimming as truncation */
  mpq_t r;
  mpq_init(r);
  num_round(r, q, dec, eval_num_mode(mode));
  num_format_trunc(r, dec, mark, buf, n);
  mpq_clear(r);
}

/* ---- expressions ---- */

enum { V_UNDEF, V_NUM, V_BOOL };

typedef struct Env {
  EvalCtx *e;              /* context */
  const Model *m;          /* rules */
  YearRecord *rec;         /* the year being decided (NULL in UE/RCUE conditions) */
  const int *slots;        /* UE slots of m */
  int p;                   /* parcours bit or -1 */
  int level;               /* BUT year */
  mpq_srcptr avg;          /* "moyenne" when testing a UE or RCUE */
  bool repeat_ok;          /* "redoublement possible" */
  int depth;               /* recursion guard for named conditions */
  uint64_t gen;            /* generation of the memo entries of this Env (EvalCtx.memo), 0 until the first */
} Env;

/* A number an expression gives: small, n / d with d > 0 and |n|, d below
** 2^62 (not necessarily reduced: compared by exact 128-bit cross products),
** or else in the mpq_t that goes with it. Numbers of decision clauses (counts,
** the BUT year, averages, literals) are small: no GMP call. */
typedef struct Val {
  bool small;              /* n / d holds the value, else the mpq_t */
  int64_t n;               /* numerator when small */
  uint64_t d;              /* denominator when small (> 0) */
} Val;

static int ev(Env *E, const Node *x, mpq_t q, Val *v, bool *b);

/* |q| and its denominator below 2^62: sets v small (exact, canonical). */
static inline bool val_small_q(Val *v, mpq_srcptr q) {
  mpz_srcptr n = mpq_numref(q), d = mpq_denref(q);
  int ns = n->_mp_size;
  if (ns < -1 || ns > 1 || d->_mp_size != 1) return false;
  uint64_t un = ns ? mpz_getlimbn(n, 0) : 0, ud = mpz_getlimbn(d, 0);
  if (un >= (UINT64_C(1) << 62) || ud >= (UINT64_C(1) << 62)) return false;
  v->small = true;
  v->n = ns < 0 ? -(int64_t)un : (int64_t)un;
  v->d = ud;
  return true;
}

/* The value of q into v: its small form when it has one, else a copy in vq. */
static inline void val_from_q(Val *v, mpq_t vq, mpq_srcptr q) {
  if (val_small_q(v, q)) return;
  v->small = false;
  mpq_set(vq, q);
}

/* A small value into its mpq_t (canonical), which then holds it. */
static void val_to_q(Val *v, mpq_t q) {
  if (!v->small) return;
  uint64_t un = v->n < 0 ? (uint64_t)(-v->n) : (uint64_t)v->n, g = gcd_u64(un, v->d);
  mpq_set_si(q, v->n / (int64_t)g, (unsigned long)(v->d / g));
  v->small = false;
}

/* n / d (d > 0, |n| < 2^126) into v: small when it fits (reduced if it
** must be), else canonical in q. */
static void val_set_i128(Val *v, mpq_t q, __int128 n, __int128 d) {
  const __int128 lim = (__int128)1 << 62;
  if (n > -lim && n < lim && d < lim) {
    *v = (Val){.small = true, .n = (int64_t)n, .d = (uint64_t)d};
    return;
  }
  v->small = false;
  mpq_set_i128(q, n, d);
  val_small_q(v, q);
}

static bool state_matches(int st, bool acquired, const char *code) {
  switch (st) {
  case SS_ACQUIRED: return acquired;
  case SS_NOT_ACQUIRED: return !acquired;
  case SS_PENDING: return is_code(code, C_ATT);
  default: return true;
  }
}

/* Aggregate over a set: count of base elements, count matching the state,
** min/max of matching averages. */
typedef struct Agg {
  int base;                /* elements of the set */
  int match;               /* elements in the requested state */
  bool has_ext;            /* some matching element had an average */
  bool extremes;           /* min/max wanted (AG_MIN, AG_MAX): counts need no comparison */
  int decided;             /* AG_ALL: stop at the first element not matching; AG_NONE: at
                           ** the first matching (the answer is then known); else 0 */
  mpq_srcptr min, max;     /* extremes of matching averages: the elements' own (stable
                           ** while the set is walked), copied once at the end */
} Agg;

/* a <=> b, exactly: 128-bit cross products when both are num_small, else GMP
** (whose mpq_cmp costs some 300 instructions on one-limb values). */
static inline int q_cmp(mpq_srcptr a, mpq_srcptr b) {
  uint64_t an, ad, bn, bd;
  if (num_small(a, &an, &ad) && num_small(b, &bn, &bd)) {
    unsigned __int128 l = (unsigned __int128)an * bd, r = (unsigned __int128)bn * ad;
    return (l > r) - (l < r);
  }
  return mpq_cmp(a, b);
}

static inline void agg_add(Agg *a, int st, bool acquired, const char *code, bool has_avg, mpq_srcptr avg) {
  a->base++;
  if (!state_matches(st, acquired, code)) return;
  a->match++;
  if (!has_avg || !a->extremes) return;
  if (!a->has_ext || q_cmp(avg, a->min) < 0) a->min = avg;
  if (!a->has_ext || q_cmp(avg, a->max) > 0) a->max = avg;
  a->has_ext = true;
}

/* Is the answer of an AG_ALL / AG_NONE aggregate known already? */
static inline bool agg_done(const Agg *a) {
  return (a->decided == AG_ALL && a->match != a->base) || (a->decided == AG_NONE && a->match > 0);
}

/* Slot of the hash table of sets for (set, m, p): its entry, or the empty
** slot where it goes. */
static int *set_tab_slot(EvalCtx *e, const Node *set, const Model *m, int p) {
  uint64_t h = ((uint64_t)(uintptr_t)set * 0x9E3779B97F4A7C15u) ^ ((uint64_t)(uintptr_t)m * 0xC2B2AE3D27D4EB4Fu) ^
               (uint64_t)(p + 1);
  size_t mask = (size_t)e->set_tab_cap - 1, i = (size_t)(h ^ h >> 29) & mask;
  for (;; i = (i + 1) & mask) {
    int k = e->set_tab[i];
    if (!k || (e->sets[k - 1].set == set && e->sets[k - 1].m == m && e->sets[k - 1].p == p)) return &e->set_tab[i];
  }
}

/* The UEs of the named semesters of a set (in E's model and parcours),
** resolved once and kept in the context (found again through set_tab: a
** regulation with many sets costs no scan of them all). */
static const SetUes *set_ues(Env *E, const Node *set) {
  EvalCtx *e = E->e;
  if ((e->nsets + 1) * 2 > e->set_tab_cap) { /* grown before the lookup: the slot found stays valid */
    free(e->set_tab);
    e->set_tab_cap = e->set_tab_cap ? 2 * e->set_tab_cap : 16;
    e->set_tab = xcalloc((size_t)e->set_tab_cap, sizeof *e->set_tab);
    for (int i = 0; i < e->nsets; i++) *set_tab_slot(e, e->sets[i].set, e->sets[i].m, e->sets[i].p) = i + 1;
  }
  int *slot = set_tab_slot(e, set, E->m, E->p);
  if (*slot) return &e->sets[*slot - 1];
  /* bit n of `sems` for semester number n (0..14: a year is numbered 1 to 7, see sema.c) */
  uint64_t sems = 0;
  for (const Node *r = set->body; r; r = r->next) {
    int lo = r->op, hi = r->op2; /* semester numbers resolved by sema */
    if (lo <= 0) {
      const MSemester *sa = model_semester(E->m, r->a.text);
      const MSemester *sz = r->b.text ? model_semester(E->m, r->b.text) : sa;
      if (!sa || !sz) continue;
      lo = sa->num;
      hi = sz->num;
    }
    assert(lo >= 0 && hi < 64);
    for (int n = lo; n <= hi; n++) sems |= UINT64_C(1) << n;
  }
  if (e->nsets == e->sets_cap) {
    e->sets_cap = e->sets_cap ? 2 * e->sets_cap : 8;
    e->sets = xrealloc(e->sets, (size_t)e->sets_cap * sizeof *e->sets);
  }
  SetUes *su = &e->sets[e->nsets++];
  *slot = e->nsets;
  *su = (SetUes){.set = set, .m = E->m, .p = E->p, .slot = xmalloc((size_t)(E->m->nues + 1) * sizeof *su->slot)};
  /* the UEs of those semesters only: Model.ues is Model.sems' UEs in order (sema) */
  for (int k = 0; k < E->m->nsems; k++) {
    const MSemester *sem = E->m->sems[k];
    assert(sem->num >= 0 && sem->num < 64);
    if (!((sems >> sem->num) & 1)) continue;
    for (int i = 0; i < sem->nues; i++) {
      const MUe *u = sem->ues[i];
      if (E->p < 0 ? u->parcours != PMASK_ALL : !pmask_has(u->parcours, E->p)) continue;
      su->slot[su->n++] = E->slots[u->index];
    }
  }
  return su;
}

static void agg_collect(Env *E, const Node *set, Agg *a) {
  int st = set->op2;
  if (set->op == SK_RCUE) {
    if (!E->rec) return;
    for (int i = 0; i < E->rec->nrcues; i++) {
      const RcueResult *r = &E->rec->rcues[i];
      agg_add(a, st, r->acquired, r->code, r->has_avg, r->avg);
    }
    return;
  }
  if (!set->body) { /* this year's UEs */
    if (!E->rec) return;
    for (int i = 0; i < E->rec->nues; i++) {
      const UeResult *u = &E->rec->ues[i];
      agg_add(a, st, u->acquired, u->code, u->has_avg, u->avg);
    }
    return;
  }
  /* UEs of named semesters, from the student's state */
  const SetUes *su = set_ues(E, set);
  const UeState *state = E->e->state;
  if (st == SS_ACQUIRED && a->decided == AG_ALL && !a->extremes) {
    /* "all … acquired", as agg_add and agg_done would do it: stop at the first that is not */
    for (int i = 0; i < su->n; i++) {
      const UeState *s = &state[su->slot[i]];
      a->base++;
      if (!(s->known && s->acquired)) return;
      a->match++;
    }
    return;
  }
  for (int i = 0; i < su->n; i++) {
    const UeState *s = &state[su->slot[i]];
    agg_add(a, st, s->known && s->acquired, s->code, s->known && s->has_avg, s->avg);
    if (agg_done(a)) return;
  }
}

static int ev(Env *E, const Node *x, mpq_t q, Val *v, bool *b) {
  switch (x->kind) {
  case N_NUMBER: {
    EvalCtx *c = E->e;
    for (int i = 0; i < c->nlit; i++)
      if (c->lit_node[i] == x) {
        if (c->lit_small[i]) *v = (Val){.small = true, .n = c->lit_n[i], .d = c->lit_d[i]};
        else {
          v->small = false;
          mpq_set(q, c->lit_val[i]);
        }
        return V_NUM;
      }
    if (num_parse(q, x->n[0].text, strlen(x->n[0].text), NULL, 0) != 0) return V_UNDEF;
    v->small = false;
    if (c->nlit < 128) {
      c->lit_node[c->nlit] = x;
      mpq_init(c->lit_val[c->nlit]);
      mpq_set(c->lit_val[c->nlit], q);
      Val lv;
      c->lit_small[c->nlit] = val_small_q(&lv, q);
      c->lit_n[c->nlit] = c->lit_small[c->nlit] ? lv.n : 0;
      c->lit_d[c->nlit] = c->lit_small[c->nlit] ? lv.d : 1;
      c->nlit++;
    }
    return V_NUM;
  }
  case N_PAREN: return ev(E, x->lhs, q, v, b);
  case N_NAME: {
    int ci = model_cond_index(E->m, x);
    if (ci < 0) return V_UNDEF;
    const MCondition *c = E->m->conds[ci];
    /* a condition has no side effect: within one Env (one record, one
       test), evaluate it once, however many times it is named (linear in
       the conditions, not exponential in a lattice of them) */
    EvalCtx *e = E->e;
    if (!E->gen) E->gen = ++e->gen;
    if (ci >= e->memo_cap) {
      int cap = E->m->nconds > ci ? E->m->nconds : ci + 1;
      e->memo_gen = xrealloc(e->memo_gen, (size_t)cap * sizeof *e->memo_gen);
      e->memo = xrealloc(e->memo, (size_t)cap * sizeof *e->memo);
      memset(e->memo_gen + e->memo_cap, 0, (size_t)(cap - e->memo_cap) * sizeof *e->memo_gen);
      e->memo_cap = cap;
    }
    if (e->memo_gen[ci] == E->gen) {
      *b = e->memo[ci] & 1;
      return e->memo[ci] & 2 ? V_UNDEF : V_BOOL;
    }
    /* the checker bounds references with operators (AST_MAX_DEPTH) */
    if (E->depth > AST_MAX_DEPTH) return V_UNDEF;
    E->depth++;
    int t = ev(E, c->expr, q, v, b);
    E->depth--;
    if (t == V_BOOL || t == V_UNDEF) {
      /* (an Env made meanwhile, for a UE's threshold, may have taken the
         entry: it is then simply computed again) */
      e->memo_gen[ci] = E->gen;
      e->memo[ci] = (uint8_t)((*b ? 1 : 0) | (t == V_UNDEF ? 2 : 0));
    }
    return t;
  }
  case N_BUILTIN:
    switch (x->op) {
    case BI_LEVEL: *v = (Val){.small = true, .n = E->level, .d = 1}; return V_NUM;
    case BI_AVERAGE:
      if (!E->avg) return V_UNDEF;
      val_from_q(v, q, E->avg);
      return V_NUM;
    case BI_REPEAT_OK: *b = E->repeat_ok; return V_BOOL;
    case BI_TRUE: *b = true; return V_BOOL;
    case BI_FALSE: *b = false; return V_BOOL;
    default: return V_UNDEF;
    }
  case N_AGG: {
    Agg a = {.extremes = x->op == AG_MIN || x->op == AG_MAX,
             .decided = x->op == AG_ALL || x->op == AG_NONE ? x->op : 0};
    agg_collect(E, x->lhs, &a);
    int t = V_NUM;
    switch (x->op) {
    case AG_COUNT: *v = (Val){.small = true, .n = a.match, .d = 1}; break;
    case AG_MIN:
      if (a.has_ext) val_from_q(v, q, a.min);
      else t = V_UNDEF;
      break;
    case AG_MAX:
      if (a.has_ext) val_from_q(v, q, a.max);
      else t = V_UNDEF;
      break;
    case AG_ALL: *b = a.match == a.base; t = V_BOOL; break;
    case AG_NONE: *b = a.match == 0; t = V_BOOL; break;
    }
    return t;
  }
  case N_UNARY: {
    int t = ev(E, x->lhs, q, v, b);
    if (t == V_UNDEF) return V_UNDEF;
    if (x->op == OP_NOT) *b = !*b;
    else if (t == V_NUM && v->small) v->n = -v->n;
    else if (t == V_NUM) mpq_neg(q, q);
    return t;
  }
  case N_BINARY: {
    if (x->op == OP_AND || x->op == OP_OR) {
      bool l = false, r = false;
      int tl = ev(E, x->lhs, q, v, &l);
      if (tl == V_BOOL && x->op == OP_AND && !l) { *b = false; return V_BOOL; }
      if (tl == V_BOOL && x->op == OP_OR && l) { *b = true; return V_BOOL; }
      int tr = ev(E, x->rhs, q, v, &r);
      if (x->op == OP_AND) *b = (tl == V_BOOL && l) && (tr == V_BOOL && r);
      else *b = (tl == V_BOOL && l) || (tr == V_BOOL && r);
      return V_BOOL;
    }
    mpq_ptr r = tmp_push(E->e);
    if (!r) return V_UNDEF;
    bool dummy;
    Val rv = {0};
    int tl = ev(E, x->lhs, q, v, &dummy), tr = ev(E, x->rhs, r, &rv, &dummy);
    int t = V_UNDEF;
    if (tl == V_NUM && tr == V_NUM && v->small && rv.small) {
      /* exact in 128 bits: |n| < 2^62, d < 2^62 on both sides */
      __int128 ln = v->n, ld = (__int128)v->d, rn = rv.n, rd = (__int128)rv.d;
      switch (x->op) {
      case OP_ADD: val_set_i128(v, q, ln * rd + rn * ld, ld * rd); t = V_NUM; break;
      case OP_SUB: val_set_i128(v, q, ln * rd - rn * ld, ld * rd); t = V_NUM; break;
      case OP_MUL: val_set_i128(v, q, ln * rn, ld * rd); t = V_NUM; break;
      case OP_DIV:
        if (rn > 0) { val_set_i128(v, q, ln * rd, ld * rn); t = V_NUM; }
        else if (rn < 0) { val_set_i128(v, q, -ln * rd, -ld * rn); t = V_NUM; }
        break;
      default: {
        __int128 l = ln * rd, rr = rn * ld;
        *b = ast_cmp_holds(x->op, (l > rr) - (l < rr));
        t = V_BOOL;
        break;
      }
      }
    } else if (tl == V_NUM && tr == V_NUM) {
      val_to_q(v, q);
      val_to_q(&rv, r);
      switch (x->op) {
      case OP_ADD: mpq_add(q, q, r); t = V_NUM; break;
      case OP_SUB: mpq_sub(q, q, r); t = V_NUM; break;
      case OP_MUL: mpq_mul(q, q, r); t = V_NUM; break;
      case OP_DIV:
        if (mpq_sgn(r) != 0) { mpq_div(q, q, r); t = V_NUM; }
        break;
      default: *b = ast_cmp_holds(x->op, q_cmp(q, r)); t = V_BOOL; break;
      }
      if (t == V_NUM) val_small_q(v, q);
    } else if (x->op >= OP_EQ && x->op <= OP_GE) {
      *b = false; /* a comparison with an undefined value does not hold */
      t = V_BOOL;
    }
    tmp_pop(E->e, 1);
    return t;
  }
  default: return V_UNDEF;
  }
}

/* Does a condition hold? Undefined counts as "no". */
static bool holds(Env *E, const Node *x) {
  if (!x) return true;
  mpq_ptr q = tmp_push(E->e);
  if (!q) return false;
  bool b = false;
  Val v = {0};
  int t = ev(E, x, q, &v, &b);
  tmp_pop(E->e, 1);
  return t == V_BOOL && b;
}

/* avg_passes in general: a threshold compared through GMP, or the rules'
** condition evaluated with avg as "moyenne". */
static bool avg_passes_slow(EvalCtx *e, const Model *m, const Node *cond, const MThreshold *t,
                            mpq_srcptr avg) {
  if (t->simple) return ast_cmp_holds(t->op, mpq_cmp(avg, t->value));
  Env E = {.e = e, .m = m, .p = -1, .avg = avg};
  return holds(&E, cond);
}

/* Does avg pass the UE or RCUE condition (compiled in t, else cond)? The
** usual case, a simple threshold and a small average (num_small, inline),
** exactly in 128 bits. */
static inline bool avg_passes(EvalCtx *e, const Model *m, const Node *cond, const MThreshold *t,
                              mpq_srcptr avg) {
  uint64_t an, ad;
  if (t->simple && t->small && num_small(avg, &an, &ad)) { /* an/ad vs num/den */
    unsigned __int128 l = (unsigned __int128)an * t->den, r = (unsigned __int128)t->num * ad;
    return ast_cmp_holds(t->op, (l > r) - (l < r));
  }
  return avg_passes_slow(e, m, cond, t, avg);
}

int eval_value(const YearRecord *r, const Node *x, mpq_t q, bool *b) {
  const int *slots = slots_of(r->ctx, r->model);
  Env E = {.e = r->ctx, .m = r->model, .rec = (YearRecord *)r, .slots = slots, .p = r->p,
           .level = r->level, .repeat_ok = r->repeat_ok};
  Val v = {0};
  int t = ev(&E, x, q, &v, b);
  if (t == V_NUM) val_to_q(&v, q);
  return t;
}

const char *eval_ue_code(const YearRecord *r, const char *ue) {
  const int *slots = slots_of(r->ctx, r->model);
  for (int i = 0; i < r->model->nues; i++)
    if (!strcmp(r->model->ues[i]->id, ue)) {
      const UeState *s = &r->ctx->state[slots[i]];
      if (s->known) return s->code;
    }
  return NULL;
}

/* ---- one year ---- */

typedef struct YearIn {
  const Model *m;          /* rules for this year */
  const Model *rm;         /* rules the grades were read with */
  const Student *s;        /* student */
  const StudentYear *y;    /* grades */
  int p;                   /* parcours bit in m, or -1 */
  const Grade **by_course; /* grade per course index of m */
  const int64_t *val;      /* per course index of m: 1 + its numeric grade × 10^6 when it has at
                           ** most 6 decimals, else 0 (no grade, a mark, more decimals) */
  int vscale;              /* at least the decimals of every value in val (at most 6) */
  const int *slots;        /* UE slots of m */
  SlotMap *map;            /* what is derived from m (slots is its slot; rcue_at fills its cache) */
  int attempts_before;     /* earlier records at the same level */
  int repeats_before;      /* earlier repeated years, all levels */
} YearIn;

static int cmp_ue_result(const void *a, const void *b) {
  const UeResult *x = a, *y = b;
  if (x->ue->sem->num != y->ue->sem->num) return x->ue->sem->num - y->ue->sem->num;
  if (x->ue->competence != y->ue->competence) return x->ue->competence - y->ue->competence;
  return x->ue->index - y->ue->index;
}

static const int64_t pow10_tab[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* Rule 1 in its plain case: every counting course of the UE has a numeric
** grade of at most 6 decimals and an exact coefficient (coef6 > 0). Sets r's
** average to the exact mean, canonical, and returns true; returns false,
** leaving r alone, when any course needs more (no grade, a mark, more
** decimals): compute_ue's general loop then. The weights are the UE's
** coefficients over their gcd and the grades' sum is brought back to the
** scale 10^vscale, so that the mean's parts stay small and reduce in a few
** steps. */
static bool ue_mean_plain(const YearIn *in, const MUe *u, UeResult *r) {
  if (!in->map->plain_ok[u->index]) return false;
  const PlainEntry *pe = in->map->plain + in->map->plain_at[u->index];
  const PlainEntry *end = in->map->plain + in->map->plain_at[u->index + 1];
  const int64_t *val = in->val;
  unsigned __int128 n = 0, d = 0; /* Σ coefr·(1 + grade·10^6), Σ coefr */
  for (; pe < end; pe++) {
    if (!pmask_has(pe->parcours, in->p)) continue;
    int64_t v = val[pe->course];
    if (!v) return false;
    n += (unsigned __int128)(uint64_t)pe->coefr * (uint64_t)v;
    d += (uint64_t)pe->coefr;
  }
  if (!d) return false; /* no counting course: the general loop says ATT */
  n -= d; /* the 1 of each value: n = Σ coefr·grade·10^6, a multiple of 10^(6 - vscale) */
  d *= (uint64_t)pow10_tab[in->vscale];
  uint64_t s = (uint64_t)pow10_tab[6 - in->vscale];
  if ((n >> 64) == 0 && (d >> 64) == 0) q_set_u64(r->avg, (uint64_t)n / s, (uint64_t)d);
  else mpq_set_i128(r->avg, (__int128)(n / s), (__int128)d);
  return true;
}

/* Rules 1, 4, 22 for one UE on this year's grades. The mean is accumulated
** exactly in integers scaled by 10^6 (grades with at most 6 decimals,
** coefficients and mark values exact at 10^-6 — checked in sema), with one
** canonicalisation at the end; other inputs take the GMP path. */
static void compute_ue(EvalCtx *e, const YearIn *in, UeResult *r) {
  const Model *m = in->m;
  const MUe *u = r->ue;
  bool pending = false, stage_blocked = false, fast = true;
  __int128 n128 = 0, d128 = 0;
  mpq_ptr sum = e->t1, wsum = e->t2, g = e->t3;
  if (ue_mean_plain(in, u, r)) {
    r->stage_blocked = false; /* every course has a numeric grade */
    apply_policy(m, r->avg);
    r->has_avg = true;
    r->code = avg_passes(e, m, m->ue_cond, &m->ue_thr, r->avg) ? C_ADM : C_AJ;
    return;
  }
  mpq_set_ui(sum, 0, 1);
  mpq_set_ui(wsum, 0, 1);
  for (int i = 0; i < u->nentries; i++) {
    const MEntry *en = &u->entries[i];
    if (!en->counts || !pmask_has(en->parcours, in->p)) continue;
    const Grade *gr = in->by_course[en->course->index];
    bool is_stage = en->course->kind == CK_STAGE && m->valid[VI_STAGE];
    if (!gr || gr->kind == GV_EMPTY) {
      pending = true;
      if (r->nmissing < 8) r->missing[r->nmissing] = en->course->id;
      r->nmissing++;
      continue;
    }
    int64_t v6 = -1;
    const MMark *mk = NULL;
    if (gr->kind == GV_MARK) {
      mk = eval_grade_mark(m, in->rm, gr);
      if (mk->effect == ME_PENDING) {
        pending = true;
        continue;
      }
      if (is_stage) stage_blocked = true;
      if (mk->effect == ME_NEUTRAL) continue;
      v6 = mk->value6;
    } else if (gr->scale <= 6) {
      v6 = gr->num * pow10_tab[6 - gr->scale];
    }
    if (pending) continue;
    if (fast && (v6 < 0 || en->coef6 <= 0)) {
      /* leave the fast path: replay what was accumulated into GMP */
      fast = false;
      mpq_set_i128(sum, n128, (__int128)1000000 * 1000000);
      mpq_set_i128(wsum, d128, 1000000);
    }
    if (fast) {
      n128 += (__int128)en->coef6 * v6;
      d128 += en->coef6;
    } else {
      if (mk) mpq_set(g, mk->value);
      else grade_value(gr, g);
      mpq_mul(g, g, en->coef);
      mpq_add(sum, sum, g);
      mpq_add(wsum, wsum, en->coef);
    }
  }
  r->stage_blocked = stage_blocked;
  bool empty = fast ? d128 == 0 : mpq_sgn(wsum) == 0;
  if (pending || empty) {
    r->pending = true;
    r->has_avg = false;
    r->code = C_ATT;
    return;
  }
  if (fast) {
    /* (n / 10^12) / (d / 10^6) = n / (d × 10^6) */
    mpq_set_i128(r->avg, n128, d128 * 1000000);
  } else {
    mpq_div(r->avg, sum, wsum);
  }
  apply_policy(m, r->avg);
  r->has_avg = true;
  r->code = (!stage_blocked && avg_passes(e, m, m->ue_cond, &m->ue_thr, r->avg)) ? C_ADM : C_AJ;
}

/* Rule 17: a UE acquired in an earlier attempt. */
static void capitalise(EvalCtx *e, const YearIn *in, UeResult *r) {
  const UeState *s = &e->state[in->slots[r->ue->index]];
  if (!s->known || !s->acquired) return;
  bool new_ok = r->has_avg && !r->pending && !r->stage_blocked;
  if (!new_ok) {
    r->kept = true;
    r->pending = false;
    r->stage_blocked = false; /* the earlier result is kept unchanged (rule 17) */
    r->has_avg = s->has_avg;
    if (s->has_avg) q_copy(r->avg, s->avg);
    r->code = s->code;
    return;
  }
  if (in->m->valid[VI_BEST] && s->has_avg && q_cmp(s->avg, r->avg) > 0) {
    q_copy(r->avg, s->avg);
    r->kept = true;
  } else if (s->has_avg && q_cmp(r->avg, s->avg) > 0) {
    r->improved = true;
  }
  if (!in->m->valid[VI_BEST]) {
    r->has_avg = s->has_avg;
    if (s->has_avg) q_copy(r->avg, s->avg);
    r->code = s->code;
    r->kept = true;
    return;
  }
  r->code = avg_passes(e, in->m, in->m->ue_cond, &in->m->ue_thr, r->avg) ? C_ADM : s->code;
}

static int find_ue(const YearRecord *rec, const char *id) {
  for (int i = 0; i < rec->nues; i++)
    if (strcmp(rec->ues[i].id, id) == 0) return i;
  return -1;
}

/* The UE `id` (slot `slot`) of an RCUE in this year's record: usually the UE
** of its competence in semester `sem` (one comparison of slots: one slot per
** id), else by id. */
static int find_rcue_ue(const YearIn *in, const YearRecord *rec, const MRcue *rc, const MSemester *sem,
                        const char *id, int slot) {
  for (int i = 0; i < rec->nues; i++) {
    const MUe *u = rec->ues[i].ue;
    if (u->sem == sem && u->competence == rc->competence) {
      if (in->slots[u->index] == slot) return i;
      break;
    }
  }
  return find_ue(rec, id);
}

/* Rules 7, 8, 9, 22 for one RCUE. */
static void compute_rcue(EvalCtx *e, const Model *m, YearRecord *rec, RcueResult *rr) {
  UeResult *a = rr->ue[0] >= 0 ? &rec->ues[rr->ue[0]] : NULL;
  UeResult *b = rr->ue[1] >= 0 ? &rec->ues[rr->ue[1]] : NULL;
  if (!a || !b) {
    rr->code = C_ATT;
    return;
  }
  UeResult *two[2] = {a, b};
  if (is_code(a->code, C_ATT) || is_code(b->code, C_ATT)) {
    rr->code = C_ATT;
    rr->has_avg = false;
    for (int k = 0; k < 2; k++)
      if (!is_code(two[k]->code, C_ATT) && !two[k]->acquired && !two[k]->by_jury) two[k]->code = C_ATT;
    return;
  }
  if (!a->has_avg || !b->has_avg) {
    /* a UE acquired without an average (semester abroad, rule 23) */
    rr->has_avg = false;
    rr->code = a->acquired && b->acquired ? C_ADM : C_AJ;
    rr->acquired = a->acquired && b->acquired;
    return;
  }
  mpq_ptr wa = e->t1, wb = e->t2;
  long ea = a->ue->ects_int, eb = b->ue->ects_int;
  uint64_t ua, va, ub, vb;
  if (ea > 0 && eb > 0 && num_small(a->avg, &ua, &va) && num_small(b->avg, &ub, &vb) && ua < (UINT64_C(1) << 40) &&
      va < (UINT64_C(1) << 40) && ub < (UINT64_C(1) << 40) && vb < (UINT64_C(1) << 40)) {
    /* (ea·Na·Db + eb·Nb·Da) / ((ea+eb)·Da·Db), exactly in 128 bits, one canonicalisation */
    __int128 na = (__int128)ua, da = (__int128)va, nb = (__int128)ub, db = (__int128)vb;
    mpq_set_i128(rr->avg, ea * na * db + eb * nb * da, (ea + eb) * da * db);
  } else {
    mpq_mul(wa, a->avg, a->ue->ects);
    mpq_mul(wb, b->avg, b->ue->ects);
    mpq_add(wa, wa, wb);
    mpq_add(wb, a->ue->ects, b->ue->ects);
    if (mpq_sgn(wb) == 0) mpq_set_ui(wb, 1, 1);
    mpq_div(rr->avg, wa, wb);
  }
  apply_policy(m, rr->avg);
  rr->has_avg = true;
  const EvalPerturb *pt = e->perturb;
  if (pt && !pt->ue && pt->competence == rr->competence && !strcmp(pt->year, rec->year))
    mpq_set(rr->avg, pt->value);
  bool blocked = a->stage_blocked || b->stage_blocked;
  if (!blocked && avg_passes(e, m, m->rcue_cond, &m->rcue_thr, rr->avg)) {
    rr->code = C_ADM;
    rr->acquired = true;
    if (m->valid[VI_COMPENSATION])
      for (int k = 0; k < 2; k++)
        if (is_code(two[k]->code, C_AJ) && !two[k]->by_jury) two[k]->code = C_CMP; /* not the jury's AJ */
  } else {
    rr->code = C_AJ;
  }
}

static void finish_ue_codes(const Model *m, YearRecord *rec) {
  for (int i = 0; i < rec->nues; i++) {
    UeResult *u = &rec->ues[i];
    u->acquired = code_acquired(m, u->code);
    u->ects = u->acquired ? u->ue->ects_int : 0;
  }
}

/* Where the UEs of each RCUE of this full year are in rec->ues: found once
** per year and parcours of the model, then kept in its SlotMap. */
static const RcueAt *rcue_at(const YearIn *in, const MYear *yr, const YearRecord *rec) {
  SlotMap *map = in->map;
  int level = in->y->level;
  for (int i = 0; i < map->nrat; i++)
    if (map->rat[i].level == level && map->rat[i].p == in->p) return &map->rat[i];
  map->rat = xrealloc(map->rat, (size_t)(map->nrat + 1) * sizeof *map->rat);
  RcueAt *at = &map->rat[map->nrat++];
  *at = (RcueAt){.level = level, .p = in->p, .ue = xmalloc((size_t)(2 * yr->nrcues + 1) * sizeof *at->ue)};
  const int *rs = map->rcue_slot[level];
  assert(yr == in->m->years[level] && rs);
  for (int i = 0; i < yr->nrcues; i++) {
    const MRcue *rc = &yr->rcues[i];
    for (int k = 0; k < 2; k++) at->ue[2 * i + k] = find_rcue_ue(in, rec, rc, yr->sems[k], rc->ue[k], rs[2 * i + k]);
  }
  return at;
}

/* The RCUEs of a full year, ordered by competence (rules 7, 8, 9, 22). */
static void compute_rcues(EvalCtx *e, const YearIn *in, const MYear *yr, YearRecord *rec) {
  const Model *m = in->m;
  int nr = 0;
  for (int i = 0; i < yr->nrcues; i++)
    if (in->p < 0 ? yr->rcues[i].parcours == PMASK_ALL : pmask_has(yr->rcues[i].parcours, in->p)) nr++;
  rec->rcues = rcue_results(e, nr ? nr : 1);
  rec->nrcues = 0;
  const RcueAt *at = rcue_at(in, yr, rec);
  for (int i = 0; i < yr->nrcues; i++) {
    const MRcue *rc = &yr->rcues[i];
    if (in->p < 0 ? rc->parcours != PMASK_ALL : !pmask_has(rc->parcours, in->p)) continue;
    RcueResult *rr = &rec->rcues[rec->nrcues++];
    rr->rcue = rc;
    rr->competence = rc->competence;
    rr->level = rc->level;
    for (int k = 0; k < 2; k++) rr->ue[k] = at->ue[2 * i + k];
    compute_rcue(e, m, rec, rr);
  }
  for (int i = 1; i < rec->nrcues; i++)
    for (int j = i; j > 0 && rec->rcues[j].competence < rec->rcues[j - 1].competence; j--) {
      RcueResult t = rec->rcues[j];
      rec->rcues[j] = rec->rcues[j - 1];
      rec->rcues[j - 1] = t;
    }
}

/* ---- overrides ---- */

static void jury_push(YearRecord *rec, Arena *a, const Override *o, const char *computed) {
  JuryApplied *j = arena_alloc(a, (size_t)(rec->njury + 1) * sizeof *j);
  if (rec->njury) memcpy(j, rec->jury, (size_t)rec->njury * sizeof *j);
  j[rec->njury].target = o->target;
  j[rec->njury].computed = computed;
  j[rec->njury].code = o->code;
  j[rec->njury].reason = o->reason;
  rec->jury = j;
  rec->njury++;
}

/* ---- the year ---- */

static bool eval_year(EvalCtx *e, const YearIn *in, const Override *ovs, int novs, Arena *a,
                      YearRecord *rec, Diags *d) {
  const Model *m = in->m;
  const StudentYear *y = in->y;
  int odd = 2 * y->level - 1, even = 2 * y->level;
  bool has_odd = (y->sems >> odd) & 1u, has_even = (y->sems >> even) & 1u;
  rec->midyear = has_odd && !has_even;
  rec->student = in->s->id;
  rec->year = y->year;
  rec->start = y->start;
  rec->level = y->level;
  rec->parcours = in->p >= 0 ? m->parcours[in->p]->id : NULL;
  rec->model = m;
  const MYear *yr = y->level >= 1 && y->level <= m->nyears ? m->years[y->level] : NULL;
  if (!yr) {
    diag_file(d, DIAG_ERROR, NULL, "%s %s : le règlement ne décrit pas l’année %d", in->s->id, y->year,
              y->level);
    return false;
  }
  /* UEs of the year */
  int n = 0;
  for (int k = 0; k < 2; k++) {
    const MSemester *sem = yr->sems[k];
    if (!sem || (k == 1 && rec->midyear)) continue;
    for (int i = 0; i < sem->nues; i++)
      if (in->p < 0 ? sem->ues[i]->parcours == PMASK_ALL : pmask_has(sem->ues[i]->parcours, in->p)) n++;
  }
  rec->ues = ue_results(e, n ? n : 1);
  for (int k = 0; k < 2; k++) {
    const MSemester *sem = yr->sems[k];
    if (!sem || (k == 1 && rec->midyear)) continue;
    for (int i = 0; i < sem->nues; i++) {
      const MUe *u = sem->ues[i];
      if (in->p < 0 ? u->parcours != PMASK_ALL : !pmask_has(u->parcours, in->p)) continue;
      UeResult *r = &rec->ues[rec->nues++];
      r->ue = u;
      r->id = u->id;
    }
  }
  bool sorted = true; /* usually: the model lists a semester's UEs in order */
  for (int i = 1; i < rec->nues && sorted; i++) sorted = cmp_ue_result(&rec->ues[i - 1], &rec->ues[i]) < 0;
  if (!sorted) qsort(rec->ues, (size_t)rec->nues, sizeof *rec->ues, cmp_ue_result);
  /* semester overrides (rule 23) first: those UEs are acquired without average */
  for (int i = 0; i < rec->nues; i++) {
    UeResult *r = &rec->ues[i];
    const Override *sem_ov = NULL;
    for (int k = 0; k < novs; k++)
      if (!strcmp(ovs[k].target, r->ue->sem->id)) sem_ov = &ovs[k];
    if (sem_ov) {
      r->code = sem_ov->code;
      r->computed = sem_ov->code;
      r->has_avg = false;
      r->by_jury = true;
      continue;
    }
    compute_ue(e, in, r);
    capitalise(e, in, r);
    const EvalPerturb *pt = e->perturb;
    if (pt && pt->ue && !strcmp(pt->ue, r->id) && !strcmp(pt->year, y->year)) {
      mpq_set(r->avg, pt->value);
      r->has_avg = true;
      r->pending = false;
      r->code = (!r->stage_blocked && avg_passes(e, m, m->ue_cond, &m->ue_thr, r->avg)) ? C_ADM : C_AJ;
      if (r->kept && !code_acquired(m, r->code)) r->code = C_AJ;
    }
  }
  finish_ue_codes(m, rec);
  for (int k = 0; k < novs; k++) {
    const MSemester *sem = model_semester(m, ovs[k].target);
    if (sem) {
      bool seen = false;
      for (int j = 0; j < rec->njury; j++)
        if (!strcmp(rec->jury[j].target, sem->id)) seen = true;
      if (!seen) jury_push(rec, a, &ovs[k], "");
    }
  }
  /* RCUEs (full year only), first on the computed UE codes */
  const char **pre = arena_alloc(a, (size_t)(rec->nues ? rec->nues : 1) * sizeof *pre);
  for (int i = 0; i < rec->nues; i++) pre[i] = rec->ues[i].code;
  if (!rec->midyear) compute_rcues(e, in, yr, rec);
  finish_ue_codes(m, rec);
  for (int i = 0; i < rec->nues; i++) rec->ues[i].computed = rec->ues[i].code;
  /* a jury's UE codes (rule 21) count in their RCUE: recompute the RCUEs
  ** from the UE codes as they were before compensation, overridden */
  bool ue_override = false;
  for (int k = 0; k < novs; k++) ue_override |= find_ue(rec, ovs[k].target) >= 0;
  if (ue_override) {
    for (int i = 0; i < rec->nues; i++) rec->ues[i].code = pre[i];
    for (int k = 0; k < novs; k++) {
      int ui = find_ue(rec, ovs[k].target);
      if (ui < 0) continue;
      jury_push(rec, a, &ovs[k], rec->ues[ui].computed);
      rec->ues[ui].code = ovs[k].code;
      rec->ues[ui].by_jury = true;
    }
    finish_ue_codes(m, rec);
    if (!rec->midyear) compute_rcues(e, in, yr, rec);
    finish_ue_codes(m, rec);
  }
  for (int i = 0; i < rec->nrcues; i++) {
    rec->rcues[i].computed = rec->rcues[i].code;
    rec->rcues[i].acquired = code_acquired(m, rec->rcues[i].code);
  }
  /* jury overrides of UEs and RCUEs (rule 21) */
  for (int k = 0; k < novs; k++) {
    const Override *o = &ovs[k];
    if (find_ue(rec, o->target) >= 0) continue; /* applied above */
    if ((o->target[0] == 'C') && o->target[1]) {
      int c = atoi(o->target + 1);
      for (int i = 0; i < rec->nrcues; i++)
        if (rec->rcues[i].competence == c) {
          RcueResult *rr = &rec->rcues[i];
          jury_push(rec, a, o, rr->code);
          rr->code = o->code;
          rr->acquired = code_acquired(m, o->code);
          for (int j = 0; j < 2; j++) {
            if (rr->ue[j] < 0) continue;
            UeResult *u = &rec->ues[rr->ue[j]];
            if (rr->acquired && !u->acquired) u->code = o->code;
            /* an RCUE the jury does not validate compensates nothing */
            else if (!rr->acquired && !u->by_jury && !u->kept && is_code(u->code, C_CMP)) u->code = C_AJ;
          }
        }
    }
  }
  finish_ue_codes(m, rec);
  /* update the student's state with this year's UEs */
  for (int i = 0; i < rec->nues; i++) {
    const UeResult *r = &rec->ues[i];
    UeState *s = &e->state[in->slots[r->ue->index]];
    s->known = true;
    s->acquired = r->acquired;
    s->code = r->code;
    s->has_avg = r->has_avg;
    if (r->has_avg) q_copy(s->avg, r->avg);
    s->ects = r->ue->ects_int;
    s->level = r->ue->level;
    s->competence = r->ue->competence;
    s->sem = r->ue->sem->num;
    s->id = r->id;
  }
  /* rule 10: both UEs of level n acquired validate lower levels */
  if (!rec->midyear && m->valid[VI_LOWER]) {
    int nl = 0;
    LowerResult tmp[64];
    for (int i = 0; i < rec->nrcues; i++) {
      const RcueResult *rr = &rec->rcues[i];
      if (rr->ue[0] < 0 || rr->ue[1] < 0) continue;
      if (!rec->ues[rr->ue[0]].acquired || !rec->ues[rr->ue[1]].acquired) continue;
      const MYear *yr_rc = m->years[y->level];
      assert(rr->rcue >= yr_rc->rcues && rr->rcue < yr_rc->rcues + yr_rc->nrcues);
      for (const int *l = in->map->lower[y->level][rr->rcue - yr_rc->rcues]; *l >= 0; l++) {
        int j = *l;
        const MUe *u = m->ues[j];
        assert(u->competence == rr->competence && u->level < rr->level);
        if (in->p < 0 ? u->parcours != PMASK_ALL : !pmask_has(u->parcours, in->p)) continue;
        UeState *s = &e->state[in->slots[j]];
        if (s->known && s->acquired) continue;
        if (nl >= 64) continue;
        s->known = true;
        s->acquired = true;
        s->code = C_ADSUP;
        s->ects = u->ects_int;
        s->id = u->id;
        s->sem = u->sem->num;
        tmp[nl].ue = u->id;
        tmp[nl].code = C_ADSUP;
        tmp[nl].ects = u->ects_int;
        nl++;
      }
    }
    if (nl) {
      rec->lower = arena_alloc(a, (size_t)nl * sizeof *rec->lower);
      memcpy(rec->lower, tmp, (size_t)nl * sizeof *rec->lower);
      rec->nlower = nl;
    }
  }
  /* credits */
  rec->ects_year = 0;
  for (int i = 0; i < rec->nues; i++) rec->ects_year += rec->ues[i].ects;
  rec->ects_total = 0;
  for (int i = 0; i < e->state_cap; i++)
    if (e->state[i].known && e->state[i].acquired) rec->ects_total += e->state[i].ects;
  /* the year decision */
  Env E = {.e = e, .m = m, .rec = rec, .slots = in->slots, .p = in->p, .level = y->level};
  rec->ctx = e;
  rec->by_course = in->by_course;
  rec->read_model = in->rm;
  rec->p = in->p;
  rec->attempt = in->attempts_before + 1;
  if (!rec->midyear) {
    int per = m->repeat_per_semester, total = m->repeat_total;
    E.repeat_ok = (per < 0 || in->attempts_before < per) &&
                  (total < 0 || 2 * (in->repeats_before + 1) <= total);
    rec->repeat_ok = E.repeat_ok;
    rec->decision = NULL;
    for (int i = 0; i < m->nclauses; i++)
      if (holds(&E, m->clauses[i].expr)) {
        rec->decision = m->clauses[i].code;
        rec->clause = &m->clauses[i];
        break;
      }
    rec->decision_computed = rec->decision;
    for (int k = 0; k < novs; k++)
      if (!strcmp(ovs[k].target, "year")) {
        jury_push(rec, a, &ovs[k], rec->decision ? rec->decision : "");
        rec->decision = ovs[k].code;
      }
  }
  /* diplomas */
  for (int i = 0; i < m->ndiplomas; i++) {
    bool ok = holds(&E, m->diplomas[i].expr);
    const char *nm = m->diplomas[i].name;
    if (!strcmp(nm, "DUT") || !strcmp(nm, "dut")) rec->dut = ok;
    if (!strcmp(nm, "BUT") || !strcmp(nm, "but")) rec->but = ok;
    assert(i < MODEL_MAX_DIPLOMAS); /* sema rejects more */
    rec->diplomas[i] = ok;
  }
  /* rule 20: a validated last year while earlier UEs are missing (the last
  ** declared diploma is the final one) */
  bool final_ok = m->ndiplomas > 0 && rec->diplomas[m->ndiplomas - 1];
  if (!rec->midyear && rec->decision && !strcmp(rec->decision, "ADM") && y->level == m->nyears && !final_ok) {
    rec->blocking = arena_alloc(a, (size_t)(m->nues ? m->nues : 1) * sizeof *rec->blocking);
    for (int j = 0; j < m->nues; j++) {
      const MUe *u = m->ues[j];
      if (in->p >= 0 && !pmask_has(u->parcours, in->p)) continue;
      const UeState *s = &e->state[in->slots[j]];
      if (!s->known || !s->acquired) rec->blocking[rec->nblocking++] = u->id;
    }
  }
  return true;
}

const MMark *eval_grade_mark(const Model *year_model, const Model *read_model, const Grade *g) {
  const MMark *mk = read_model->marks[g->mark];
  if (read_model != year_model) {
    const MMark *same = model_mark(year_model, mk->id);
    if (same) mk = same;
  }
  return mk;
}

/* Seed the state from a record given as history. */
static void seed_history(EvalCtx *e, const YearRecord *h) {
  const Model *m = h->model;
  if (!m) return;
  const int *slots = slots_of(e, m);
  for (int i = 0; i < h->nues; i++) {
    const UeResult *r = &h->ues[i];
    int slot = -1;
    for (int j = 0; j < m->nues; j++)
      if (!strcmp(m->ues[j]->id, r->id)) { slot = slots[j]; break; }
    if (slot < 0) continue;
    UeState *s = &e->state[slot];
    s->known = true;
    s->acquired = code_acquired(m, r->code);
    s->code = r->code;
    s->has_avg = r->has_avg;
    if (r->has_avg) mpq_set(s->avg, r->avg);
    s->ects = r->ue ? r->ue->ects_int : r->ects;
    s->id = r->id;
  }
  for (int i = 0; i < h->nlower; i++)
    for (int j = 0; j < m->nues; j++)
      if (!strcmp(m->ues[j]->id, h->lower[i].ue)) {
        UeState *s = &e->state[slots[j]];
        s->known = true;
        s->acquired = true;
        s->code = h->lower[i].code;
        s->ects = m->ues[j]->ects_int;
        s->id = m->ues[j]->id;
        break;
      }
}

/* Does an override's target exist in this student-year? */
static bool override_fits(const Model *m, const StudentYear *y, int p, const Override *o) {
  int odd = 2 * y->level - 1, even = 2 * y->level;
  bool midyear = ((y->sems >> odd) & 1u) && !((y->sems >> even) & 1u);
  const MYear *yr = y->level >= 1 && y->level <= m->nyears ? m->years[y->level] : NULL;
  if (!yr) return false;
  if (!strcmp(o->target, "year")) return !midyear;
  for (int k = 0; k < 2; k++) {
    const MSemester *sem = yr->sems[k];
    if (!sem || (k == 1 && midyear)) continue;
    if (!strcmp(sem->id, o->target)) return true;
    for (int i = 0; i < sem->nues; i++)
      if (!strcmp(sem->ues[i]->id, o->target) && pmask_has(sem->ues[i]->parcours, p)) return true;
  }
  if (o->target[0] == 'C' && o->target[1] && !midyear) {
    int c = atoi(o->target + 1);
    for (int i = 0; i < yr->nrcues; i++)
      if (yr->rcues[i].competence == c && pmask_has(yr->rcues[i].parcours, p)) return true;
  }
  return false;
}

/* Every override of a student must name one of their years and a target of
** that year; otherwise the student gets no decision (like any input error). */
static bool check_overrides(const Student *s, const EvalHooks *h, const Override *ovs, int n, Diags *d) {
  bool ok = true;
  for (int k = 0; k < n; k++) {
    const Override *o = &ovs[k];
    const StudentYear *y = NULL;
    for (int i = 0; i < s->nyears; i++)
      if (!strcmp(s->years[i].year, o->year)) y = &s->years[i];
    if (!y) {
      diag_line(d, DIAG_ERROR, o->file, o->line, "décision du jury pour %s en %s, année sans notes pour cet "
                "étudiant ; aucune décision n’est produite pour lui", s->id, o->year);
      ok = false;
      continue;
    }
    const Model *m = h->model_for(y->start, h->ctx);
    const Model *rm = h->model_for(-1, h->ctx);
    if (!m) continue;
    int p = -1;
    if (y->parcours >= 0 && rm) {
      const MParcours *pm = model_parcours(m, rm->parcours[y->parcours]->id);
      p = pm ? pm->bit : -1;
    }
    if (!override_fits(m, y, p, o)) {
      diag_line(d, DIAG_ERROR, o->file, o->line,
                "la décision du jury pour %s en %s vise « %s », qui n’existe pas pour cet étudiant "
                "cette année (année %d%s%s) ; aucune décision n’est produite pour lui",
                s->id, o->year, o->target, y->level, p >= 0 ? ", parcours " : "",
                p >= 0 ? m->parcours[p]->id : "");
      ok = false;
    }
  }
  return ok;
}

/* A student's BUT years follow one another: the same year again (a repeat)
** or the next one. A jump or a step back is an input error: no decision. */
static bool check_levels(const Student *s, const YearRecord *hist, int nhist, Diags *d) {
  int prev = 0;
  const char *prev_year = NULL;
  for (int i = 0; i < nhist; i++)
    if (!s->nyears || hist[i].start < s->years[0].start) {
      prev = hist[i].level;
      prev_year = hist[i].year;
    }
  for (int i = 0; i < s->nyears; i++) {
    const StudentYear *y = &s->years[i];
    if (prev && y->level && (y->level > prev + 1 || y->level < prev)) {
      diag_file(d, DIAG_ERROR, NULL, "%s : année %d en %s puis année %d en %s — une année d’études suit la "
                "précédente ou la répète ; aucune décision n’est produite pour cet étudiant",
                s->id, prev, prev_year, y->level, y->year);
      return false;
    }
    if (y->level) {
      prev = y->level;
      prev_year = y->year;
    }
  }
  return true;
}

int eval_student(EvalCtx *e, const Student *s, const EvalHooks *h, Diags *d) {
  if (s->error) return 0;
  state_reset(e);
  int attempts[16] = {0}, repeats = 0, emitted = 0;
  const char *last_decision = NULL; /* interned by the model or a jury code */
  int nhist = 0;
  const YearRecord *hist = h->history ? h->history(s->id, &nhist, h->ctx) : NULL;
  int first_start = s->nyears ? s->years[0].start : 1 << 30;
  for (int i = 0; i < nhist; i++) {
    if (hist[i].start >= first_start) continue;
    seed_history(e, &hist[i]);
    if (!hist[i].midyear && hist[i].level > 0 && hist[i].level < 16) {
      if (attempts[hist[i].level] > 0) repeats++;
      attempts[hist[i].level]++;
    }
  }
  if (!check_levels(s, hist, nhist, d)) return 0;
  int novs_all = 0;
  const Override *ovs_all = h->overrides ? h->overrides(s->id, &novs_all, h->ctx) : NULL;
  if (novs_all && !check_overrides(s, h, ovs_all, novs_all, d)) return 0;
  for (int i = 0; i < s->nyears; i++) {
    const StudentYear *y = &s->years[i];
    if (y->error) break;
    const Model *m = h->model_for(y->start, h->ctx);
    if (!m) {
      diag_file(d, DIAG_ERROR, NULL, "%s %s : aucun règlement pour cette année", s->id, y->year);
      break;
    }
    const Model *rm = h->model_for(-1, h->ctx);
    if (!rm) rm = m;
    Arena *a = e->scratch;
    arena_reset(a);
    YearIn in = {.m = m, .rm = rm, .s = s, .y = y, .p = -1};
    if (y->parcours >= 0) {
      const MParcours *pr = rm->parcours[y->parcours];
      const MParcours *pm = pr ? model_parcours(m, pr->id) : NULL;
      in.p = pm ? pm->bit : -1;
    }
    in.map = map_of(e, m);
    in.slots = in.map->slot;
    const Grade **byc = arena_alloc(a, (size_t)(m->ncourses + 1) * sizeof *byc);
    /* with the grade of each course, the value ue_mean_plain reads (the last
    ** grade of a course wins in both) */
    int64_t *val = arena_alloc(a, (size_t)(m->ncourses + 1) * sizeof *val);
    int vs = 0;
    for (uint32_t k = 0; k < y->ngrades; k++) {
      const Grade *g = &y->grades[k];
      const MCourse *c = rm == m ? m->courses[g->course] : model_course(m, rm->courses[g->course]->id);
      if (!c) continue;
      byc[c->index] = g;
      bool plain = g->kind == GV_NUMBER && g->scale <= 6 && g->num >= 0;
      val[c->index] = plain ? 1 + g->num * pow10_tab[6 - g->scale] : 0;
      if (plain && g->scale > vs) vs = g->scale;
    }
    in.by_course = byc;
    in.val = val;
    in.vscale = vs;
    in.attempts_before = y->level < 16 ? attempts[y->level] : 0;
    in.repeats_before = repeats;
    int novs = 0;
    Override *ovs = NULL;
    for (int k = 0; k < novs_all; k++)
      if (!strcmp(ovs_all[k].year, y->year)) novs++;
    if (novs) {
      ovs = arena_alloc(a, (size_t)novs * sizeof *ovs);
      int j = 0;
      for (int k = 0; k < novs_all; k++)
        if (!strcmp(ovs_all[k].year, y->year)) ovs[j++] = ovs_all[k];
    }
    YearRecord rec;
    memset(&rec, 0, sizeof rec);
    if (h->hypothetical) {
      /* the student's path was decided under other rules */
    } else if (i > 0 && last_decision && !strcmp(last_decision, "NAR"))
      diag_file(d, DIAG_WARNING, NULL, "%s : inscrit en année %d en %s après une décision NAR (non autorisé à "
                "redoubler) : à vérifier", s->id, y->level, y->year);
    else if (i > 0 && last_decision && !strcmp(last_decision, "RED") && y->level > s->years[i - 1].level)
      diag_file(d, DIAG_WARNING, NULL, "%s : passage en année %d en %s après une décision RED (redoublement) : "
                "à vérifier", s->id, y->level, y->year);
    bool ok = eval_year(e, &in, ovs, novs, a, &rec, d);
    last_decision = ok && !rec.midyear ? rec.decision : NULL;
    if (ok) {
      h->emit(&rec, h->ctx);
      emitted++;
      if (!rec.midyear && y->level < 16) {
        if (attempts[y->level] > 0) repeats++;
        attempts[y->level]++;
      }
    }
    if (!ok) break;
  }
  return emitted;
}
