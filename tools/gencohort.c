/*
** gencohort.c — seeded generator of synthetic grade files for benchmarks and
** tests, in the long form of ../shared/spec/grades-format.md:
**
**   student,year,semester,parcours,course,grade
**
** The course lists come from the rules file (never hard-coded): the rules are
** loaded and resolved with the project library (source_load, parse_rules,
** model_build), and each student-semester gets one line per course that
** counts in a UE of that semester for the student's parcours, plus, for some
** student-semesters, the courses the rules list with "-" only (as real
** exports do). Marks are the ones the rules declare, chosen by effect (a
** value mark such as ABI, a neutral one such as EXC, a pending one such as
** ATT); repeat limits come from the rules' `redoublement` when declared.
**
** Each student starts in BUT1 in some academic year, gets a parcours from
** BUT2 on, and goes on year by year: most pass, some repeat a year (within
** the limits), some stop; grades are drawn around a per-student level so that
** UE averages straddle 10 and 8, with a few UEs at exactly 10 or just below.
**
** Deterministic: only integer arithmetic and our own PRNG (splitmix64 seeding
** xorshift64*), so the same seed and options give the same bytes everywhere.
**
**   gencohort --rules FILE [--student-years N] [--seed S] [--first-year 2021]
**             [--last-year 2026] [--output FILE] [--sep ,|;|tab]
**             [--decimal-comma] [--bom] [--crlf] [--shuffle] [--midyear]
**             [--no-uncounted]
*/
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "parse.h"
#include "source.h"

static const char usage[] =
  "usage: gencohort --rules FILE [OPTIONS]\n"
  "  --rules FILE           rules file whose courses, parcours and marks are used (required)\n"
  "  --student-years N      number of student-years to generate (default 1000)\n"
  "  --students N           same as --student-years\n"
  "  --seed S               PRNG seed (default 1)\n"
  "  --first-year Y         first academic year is Y-(Y+1) (default 2021)\n"
  "  --last-year Y          last academic year is (Y-1)-Y (default 2026)\n"
  "  --output FILE          write there (default standard output)\n"
  "  --sep ,|;|tab          field separator (default ,)\n"
  "  --decimal-comma        write grades as 12,5\n"
  "  --bom                  start with a UTF-8 byte order mark\n"
  "  --crlf                 CRLF line ends\n"
  "  --shuffle              lines in random order (held in memory)\n"
  "  --midyear              the last year holds only its odd semester for about half its students\n"
  "  --no-uncounted         never write the courses listed with \"-\" only\n";

/* ---- PRNG ------------------------------------------------------------------ */

typedef struct Rng {
  uint64_t s;   /* xorshift64* state, never 0 */
} Rng;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

static void rng_seed(Rng *r, uint64_t seed, uint64_t stream) {
  uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03u);
  r->s = splitmix64(&x);
  if (r->s == 0) r->s = 0x2545F4914F6CDD1Du;
}

static uint64_t rng_next(Rng *r) {
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * 0x2545F4914F6CDD1Du;
}

/* Uniform in [0, n), n > 0, without modulo bias. */
static uint64_t rng_below(Rng *r, uint64_t n) {
  uint64_t lim = -n % n; /* 2^64 mod n */
  for (;;) {
    uint64_t x = rng_next(r);
    if (x >= lim) return x % n;
  }
}

/* True with probability ppm / 1,000,000. */
static bool rng_ppm(Rng *r, unsigned ppm) {
  return rng_below(r, 1000000) < ppm;
}

/* Approximately normal, mean 0, standard deviation sd (Irwin–Hall sum of 12
** uniforms, integer only; bounded by ±6 sd). */
static int64_t rng_gauss(Rng *r, int64_t sd) {
  int64_t sum = 0;
  for (int i = 0; i < 12; i++) sum += (int64_t)(rng_next(r) >> 44); /* 20 bits */
  sum -= 6 * ((int64_t)1 << 20);
  return sum * sd / ((int64_t)1 << 20);
}

/* ---- output ---------------------------------------------------------------- */

typedef struct Out {
  FILE *f;             /* destination */
  const char *name;    /* for messages */
  char sep;            /* field separator */
  char dec;            /* decimal mark */
  const char *eol;     /* "\n" or "\r\n" */
  bool shuffle;        /* keep lines in memory */
  char *buf;           /* shuffle: all lines, without line ends */
  size_t len, cap;     /* bytes in buf */
  size_t *off;         /* shuffle: start of each line; off[n] = len */
  size_t nlines, offcap;
  char line[1024];     /* the line being built */
  size_t ll;           /* its length */
  bool overflow;       /* a field did not fit (never with sane rules) */
  uint64_t written;    /* grade lines */
} Out;

static void die_write(const Out *o) {
  fprintf(stderr, "gencohort: cannot write '%s': %s\n", o->name, strerror(errno ? errno : EIO));
  exit(1);
}

static void out_raw(Out *o, const char *s, size_t n) {
  if (n && fwrite(s, 1, n, o->f) != n) die_write(o);
}

static void put_bytes(Out *o, const char *s, size_t n) {
  if (o->ll + n > sizeof o->line) {
    o->overflow = true;
    return;
  }
  memcpy(o->line + o->ll, s, n);
  o->ll += n;
}

/* A field, quoted as RFC 4180 when it holds the separator, a quote or a line end. */
static void put_field(Out *o, const char *s, size_t n, bool first) {
  if (!first) put_bytes(o, &o->sep, 1);
  bool quote = false;
  for (size_t i = 0; i < n && !quote; i++)
    quote = s[i] == o->sep || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  if (!quote) {
    put_bytes(o, s, n);
    return;
  }
  put_bytes(o, "\"", 1);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') put_bytes(o, "\"", 1);
    put_bytes(o, s + i, 1);
  }
  put_bytes(o, "\"", 1);
}

static void put_str(Out *o, const char *s, bool first) {
  put_field(o, s ? s : "", s ? strlen(s) : 0, first);
}

static void end_line(Out *o) {
  if (o->overflow) {
    fprintf(stderr, "gencohort: a line is longer than %zu bytes (identifiers in the rules?)\n",
            sizeof o->line);
    exit(1);
  }
  if (!o->shuffle) {
    out_raw(o, o->line, o->ll);
    out_raw(o, o->eol, strlen(o->eol));
  } else {
    if (o->len + o->ll > o->cap) {
      o->cap = o->cap ? o->cap * 2 : (size_t)1 << 20;
      while (o->cap < o->len + o->ll) o->cap *= 2;
      o->buf = xrealloc(o->buf, o->cap);
    }
    if (o->nlines + 2 > o->offcap) {
      o->offcap = o->offcap ? o->offcap * 2 : 4096;
      o->off = xrealloc(o->off, o->offcap * sizeof *o->off);
    }
    o->off[o->nlines++] = o->len;
    memcpy(o->buf + o->len, o->line, o->ll);
    o->len += o->ll;
    o->off[o->nlines] = o->len;
  }
  o->ll = 0;
}

/* Grade `milli` (thousandths of a point) with `dec` decimals (milli is a
** multiple of 10^(3-dec)). */
static size_t fmt_grade(char *b, int64_t milli, int dec, char mark) {
  static const int div[4] = {1000, 100, 10, 1};
  int ip = (int)(milli / 1000), fp = (int)(milli % 1000) / div[dec];
  size_t n = 0;
  if (ip >= 10) b[n++] = (char)('0' + ip / 10);
  b[n++] = (char)('0' + ip % 10);
  if (dec > 0) {
    b[n++] = mark;
    for (int i = dec - 1; i >= 0; i--) {
      b[n + (size_t)i] = (char)('0' + fp % 10);
      fp /= 10;
    }
    n += (size_t)dec;
  }
  return n;
}

/* ---- course plans ---------------------------------------------------------- */

/* What a student-semester gets, for one semester and one parcours. */
typedef struct Plan {
  const MSemester *sem;  /* NULL: no such semester */
  const MCourse **counted;  /* courses counting in some UE, in Model.courses order */
  int ncounted;
  const MCourse **extra;    /* listed with "-" only */
  int nextra;
  int nues;                 /* UEs of this semester for this parcours with counted courses */
  int **ue_pos;             /* per UE: positions in counted */
  int *ue_n;                /* per UE: how many */
} Plan;

static void plan_build(Plan *pl, const Model *m, const MSemester *sem, int p) {
  memset(pl, 0, sizeof *pl);
  pl->sem = sem;
  if (!sem) return;
  int nc = m->ncourses;
  char *state = xcalloc((size_t)nc + 1, 1); /* 1 listed, 2 counts */
  int *pos = xcalloc((size_t)nc + 1, sizeof *pos);
  for (int u = 0; u < sem->nues; u++) {
    const MUe *ue = sem->ues[u];
    if (!pmask_has(ue->parcours, p)) continue;
    for (int e = 0; e < ue->nentries; e++) {
      const MEntry *en = &ue->entries[e];
      if (!pmask_has(en->parcours, p) || !en->course) continue;
      int k = en->course->index;
      if (en->counts) state[k] = 2;
      else if (!state[k]) state[k] = 1;
    }
  }
  pl->counted = xcalloc((size_t)nc + 1, sizeof *pl->counted);
  pl->extra = xcalloc((size_t)nc + 1, sizeof *pl->extra);
  for (int k = 0; k < nc; k++) {
    if (state[k] == 2) {
      pos[k] = pl->ncounted;
      pl->counted[pl->ncounted++] = m->courses[k];
    } else if (state[k] == 1) {
      pl->extra[pl->nextra++] = m->courses[k];
    }
  }
  pl->ue_pos = xcalloc((size_t)sem->nues + 1, sizeof *pl->ue_pos);
  pl->ue_n = xcalloc((size_t)sem->nues + 1, sizeof *pl->ue_n);
  for (int u = 0; u < sem->nues; u++) {
    const MUe *ue = sem->ues[u];
    if (!pmask_has(ue->parcours, p)) continue;
    int *v = xcalloc((size_t)ue->nentries + 1, sizeof *v);
    int n = 0;
    for (int e = 0; e < ue->nentries; e++) {
      const MEntry *en = &ue->entries[e];
      if (!pmask_has(en->parcours, p) || !en->course || !en->counts) continue;
      int q = pos[en->course->index];
      bool seen = false;
      for (int i = 0; i < n; i++) seen |= v[i] == q;
      if (!seen) v[n++] = q;
    }
    if (n == 0) {
      free(v);
      continue;
    }
    pl->ue_pos[pl->nues] = v;
    pl->ue_n[pl->nues++] = n;
  }
  free(state);
  free(pos);
}

static void plan_free(Plan *pl) {
  for (int u = 0; u < pl->nues; u++) free(pl->ue_pos[u]);
  free(pl->ue_pos);
  free(pl->ue_n);
  free(pl->counted);
  free(pl->extra);
}

/* ---- generation ------------------------------------------------------------ */

typedef struct Gen {
  const Model *m;
  Plan *plans;           /* [level][half][p + 1] */
  int np;                /* parcours */
  const char *mark_value, *mark_neutral, *mark_pending; /* from the rules, or NULL */
  int per_year;          /* repeats of one year */
  int total;             /* repeats of years in all */
  bool midyear, uncounted;
  Rng rng;
  Out *o;
} Gen;

static Plan *plan_at(const Gen *g, int level, int half, int p) {
  return &g->plans[((size_t)level * 2 + (size_t)half) * (size_t)(g->np + 1) + (size_t)(p + 1)];
}

/* Decimals of a grade: 0 (25%), 1 (25%), 2 (40%), 3 (10%). */
static int draw_decimals(Rng *r) {
  uint64_t x = rng_below(r, 100);
  return x < 25 ? 0 : x < 50 ? 1 : x < 90 ? 2 : 3;
}

static int64_t round_to(int64_t milli, int dec) {
  static const int64_t q[4] = {1000, 100, 10, 1};
  int64_t v = (milli + q[dec] / 2) / q[dec] * q[dec];
  return v < 0 ? 0 : v > 20000 ? 20000 : v;
}

typedef struct Fixed {
  int64_t milli;   /* -1: not fixed */
  int dec;
} Fixed;

/* One grade line. grade: NULL for an empty cell. */
static void emit(Gen *g, const char *sid, const char *year, const char *sem, const char *par,
                 const char *course, const char *grade, size_t glen) {
  Out *o = g->o;
  put_str(o, sid, true);
  put_str(o, year, false);
  put_str(o, sem, false);
  put_str(o, par, false);
  put_str(o, course, false);
  put_field(o, grade ? grade : "", grade ? glen : 0, false);
  end_line(o);
  o->written++;
}

/* A numeric grade around `level` (milli) for course k. */
static size_t draw_grade(Gen *g, const MCourse *k, int64_t level, char *buf) {
  int64_t sd = 2800, bias = 0;
  if (k->kind == CK_STAGE) bias = 1800, sd = 1800;
  else if (k->kind == CK_SAE) bias = 400, sd = 2400;
  else if (k->kind == CK_PORTFOLIO) bias = 800, sd = 2000;
  int dec = draw_decimals(&g->rng);
  int64_t v = round_to(level + bias + rng_gauss(&g->rng, sd), dec);
  return fmt_grade(buf, v, dec, g->o->dec);
}

static void gen_semester(Gen *g, const char *sid, const char *year, const Plan *pl, const char *par,
                         int64_t level, Fixed *fixed) {
  if (!pl->sem || pl->ncounted == 0) return;
  char buf[40];
  for (int i = 0; i < pl->ncounted; i++) fixed[i].milli = -1;
  /* boundary cases: one UE exactly at 10, just below 10, or exactly 9.99 */
  if (pl->nues && rng_ppm(&g->rng, 40000)) {
    int u = (int)rng_below(&g->rng, (uint64_t)pl->nues);
    int kind = (int)rng_below(&g->rng, 3);
    int odd = (int)rng_below(&g->rng, (uint64_t)pl->ue_n[u]);
    for (int i = 0; i < pl->ue_n[u]; i++) {
      Fixed *f = &fixed[pl->ue_pos[u][i]];
      if (kind == 0 || (kind == 1 && i != odd)) {
        f->milli = 10000;
        f->dec = (int)rng_below(&g->rng, 4);
      } else {
        f->milli = 9990;
        f->dec = kind == 1 && rng_below(&g->rng, 2) ? 3 : 2;
      }
    }
  }
  const char *semid = pl->sem->id;
  for (int i = 0; i < pl->ncounted; i++) {
    const MCourse *k = pl->counted[i];
    if (rng_ppm(&g->rng, 500)) continue; /* a missing line */
    if (fixed[i].milli >= 0) {
      size_t n = fmt_grade(buf, fixed[i].milli, fixed[i].dec, g->o->dec);
      emit(g, sid, year, semid, par, k->id, buf, n);
      continue;
    }
    uint64_t x = rng_below(&g->rng, 1000000);
    const char *mark = NULL;
    if (x < 10000) mark = g->mark_value;              /* ~1%   ABI */
    else if (x < 15000) mark = g->mark_neutral;       /* ~0.5% EXC */
    else if (x < 17000) mark = g->mark_pending;       /* ~0.2% ATT */
    else if (x < 17500) {                             /* ~0.05% empty cell */
      emit(g, sid, year, semid, par, k->id, NULL, 0);
      continue;
    }
    if (mark) {
      emit(g, sid, year, semid, par, k->id, mark, strlen(mark));
      continue;
    }
    size_t n = draw_grade(g, k, level, buf);
    emit(g, sid, year, semid, par, k->id, buf, n);
  }
  if (g->uncounted && pl->nextra && rng_ppm(&g->rng, 150000)) {
    for (int i = 0; i < pl->nextra; i++) {
      size_t n = draw_grade(g, pl->extra[i], level, buf);
      emit(g, sid, year, semid, par, pl->extra[i]->id, buf, n);
    }
  }
}

/* Outcome of a year: 0 pass, 1 repeat, 2 stop (percentages by year level). */
static int draw_outcome(Rng *r, int64_t yl, bool can_repeat) {
  int pass, rep;
  if (yl >= 11000) pass = 92, rep = 3;
  else if (yl >= 10000) pass = 75, rep = 15;
  else if (yl >= 8500) pass = 35, rep = 40;
  else pass = 8, rep = 50;
  int x = (int)rng_below(r, 100);
  if (x < pass) return 0;
  if (x < pass + rep) return can_repeat ? 1 : 2;
  return 2;
}

static bool parse_long(const char *s, long long lo, long long hi, long long *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return false;
  *out = v;
  return true;
}

static bool parse_u64(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  if (*s == '-') return false;
  unsigned long long v = strtoull(s, &end, 0);
  if (errno || end == s || *end) return false;
  *out = v;
  return true;
}

static void shuffle_write(Out *o, Rng *r) {
  size_t n = o->nlines;
  size_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
  for (size_t i = 0; i < n; i++) perm[i] = i;
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)rng_below(r, i);
    size_t t = perm[i - 1];
    perm[i - 1] = perm[j];
    perm[j] = t;
  }
  size_t eol = strlen(o->eol);
  for (size_t i = 0; i < n; i++) {
    size_t a = o->off[perm[i]], b = o->off[perm[i] + 1];
    out_raw(o, o->buf + a, b - a);
    out_raw(o, o->eol, eol);
  }
  free(perm);
}

int main(int argc, char **argv) {
  const char *rules = NULL, *output = NULL;
  long long target = 1000, first = 2021, last = 2026;
  uint64_t seed = 1;
  char sep = ',', dec = '.';
  bool bom = false, crlf = false, shuffle = false, midyear = false, uncounted = true;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    bool takes = !strcmp(a, "--rules") || !strcmp(a, "--students") || !strcmp(a, "--student-years") ||
                 !strcmp(a, "--seed") || !strcmp(a, "--first-year") || !strcmp(a, "--last-year") ||
                 !strcmp(a, "--output") || !strcmp(a, "-o") || !strcmp(a, "--sep");
    if (takes && !v) {
      fprintf(stderr, "gencohort: %s needs a value\n%s", a, usage);
      return 2;
    }
    if (!strcmp(a, "--rules")) rules = v;
    else if (!strcmp(a, "--students") || !strcmp(a, "--student-years")) {
      if (!parse_long(v, 0, 100000000, &target)) {
        fprintf(stderr, "gencohort: %s wants a number from 0 to 100000000, not '%s'\n", a, v);
        return 2;
      }
    } else if (!strcmp(a, "--seed")) {
      if (!parse_u64(v, &seed)) {
        fprintf(stderr, "gencohort: --seed wants an unsigned number, not '%s'\n", v);
        return 2;
      }
    } else if (!strcmp(a, "--first-year") || !strcmp(a, "--last-year")) {
      if (!parse_long(v, 1900, 9998, !strcmp(a, "--first-year") ? &first : &last)) {
        fprintf(stderr, "gencohort: %s wants a year, not '%s'\n", a, v);
        return 2;
      }
    } else if (!strcmp(a, "--output") || !strcmp(a, "-o")) output = v;
    else if (!strcmp(a, "--sep")) {
      if (!strcmp(v, ",")) sep = ',';
      else if (!strcmp(v, ";")) sep = ';';
      else if (!strcmp(v, "tab") || !strcmp(v, "\t")) sep = '\t';
      else {
        fprintf(stderr, "gencohort: --sep wants ',', ';' or 'tab', not '%s'\n", v);
        return 2;
      }
    } else if (!strcmp(a, "--decimal-comma")) dec = ',';
    else if (!strcmp(a, "--bom")) bom = true;
    else if (!strcmp(a, "--crlf")) crlf = true;
    else if (!strcmp(a, "--shuffle")) shuffle = true;
    else if (!strcmp(a, "--midyear")) midyear = true;
    else if (!strcmp(a, "--no-uncounted")) uncounted = false;
    else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else {
      fprintf(stderr, "gencohort: unknown argument '%s'\n%s", a, usage);
      return 2;
    }
    if (takes) i++;
  }
  if (!rules) {
    fprintf(stderr, "gencohort: --rules FILE is required\n%s", usage);
    return 2;
  }
  if (last <= first) {
    fprintf(stderr, "gencohort: --last-year (%lld) must be after --first-year (%lld)\n", last, first);
    return 2;
  }

  /* the rules */
  char err[512];
  Source *src = source_load(rules, err, sizeof err);
  if (!src) {
    fprintf(stderr, "gencohort: %s\n", err);
    return 1;
  }
  Diags d;
  diags_init(&d);
  Ast *ast = parse_rules(src, &d);
  Model *m = d.nerr ? NULL : model_build(ast, src, &d);
  if (d.nerr || !m) {
    diags_print(&d, stderr, false);
    fprintf(stderr, "gencohort: the rules file %s has errors\n", rules);
    return 1;
  }
  if (m->nyears < 1 || !m->years[1]) {
    fprintf(stderr, "gencohort: %s declares no BUT year 1\n", rules);
    return 1;
  }
  int nlevels = 0; /* consecutive years from 1 */
  while (nlevels + 1 < 8 && nlevels + 1 <= m->nyears && m->years[nlevels + 1]) nlevels++;

  Gen g;
  memset(&g, 0, sizeof g);
  g.m = m;
  g.np = m->nparcours;
  g.midyear = midyear;
  g.uncounted = uncounted;
  for (int i = 0; i < m->nmarks; i++) {
    const MMark *mk = m->marks[i];
    if (mk->effect == ME_VALUE && !g.mark_value) g.mark_value = mk->id;
    else if (mk->effect == ME_NEUTRAL && !g.mark_neutral) g.mark_neutral = mk->id;
    else if (mk->effect == ME_PENDING && !g.mark_pending) g.mark_pending = mk->id;
  }
  g.per_year = m->repeat_per_semester >= 0 ? m->repeat_per_semester : 1;
  g.total = m->repeat_total >= 0 ? m->repeat_total / 2 : 2;
  size_t nplans = (size_t)(nlevels + 1) * 2 * (size_t)(g.np + 1);
  g.plans = xcalloc(nplans, sizeof *g.plans);
  int maxc = 1;
  for (int y = 1; y <= nlevels; y++)
    for (int h = 0; h < 2; h++)
      for (int p = -1; p < g.np; p++) {
        Plan *pl = plan_at(&g, y, h, p);
        plan_build(pl, m, m->years[y]->sems[h], p);
        if (pl->ncounted > maxc) maxc = pl->ncounted;
      }
  Fixed *fixed = xcalloc((size_t)maxc, sizeof *fixed);
  /* does year y carry the parcours (from BUT2 on, or where the rules need it)? */
  bool year_par[9] = {false};
  for (int y = 1; y <= nlevels; y++) {
    const MYear *yr = m->years[y];
    year_par[y] = g.np > 0 && (y >= 2 || (yr->sems[0] && yr->sems[0]->needs_parcours) ||
                               (yr->sems[1] && yr->sems[1]->needs_parcours));
  }

  /* the output */
  Out o;
  memset(&o, 0, sizeof o);
  o.sep = sep;
  o.dec = dec;
  o.eol = crlf ? "\r\n" : "\n";
  o.shuffle = shuffle;
  o.name = output ? output : "standard output";
  o.f = stdout;
  if (output && strcmp(output, "-") != 0) {
    o.f = fopen(output, "wb");
    if (!o.f) {
      fprintf(stderr, "gencohort: cannot write '%s': %s\n", output, strerror(errno));
      return 1;
    }
  }
  static char iobuf[1 << 20];
  setvbuf(o.f, iobuf, _IOFBF, sizeof iobuf);
  g.o = &o;
  if (bom) out_raw(&o, "\xEF\xBB\xBF", 3);
  {
    static const char *const head[] = {"student", "year", "semester", "parcours", "course", "grade"};
    for (int i = 0; i < 6; i++) put_str(&o, head[i], i == 0);
    out_raw(&o, o.line, o.ll);
    out_raw(&o, o.eol, strlen(o.eol));
    o.ll = 0;
  }

  rng_seed(&g.rng, seed, 1);
  int span = (int)(last - first); /* academic years first-(first+1) … (last-1)-last */
  unsigned seq[10000] = {0};       /* next student number per entry year (by year % 10000) */
  long long done = 0, students = 0;
  int hist_year[64], hist_level[64];
  while (done < target) {
    /* one student's history */
    int entry = (int)rng_below(&g.rng, (uint64_t)span);
    int p = g.np > 0 ? (int)rng_below(&g.rng, (uint64_t)g.np) : -1;
    int64_t ability = 11800 + rng_gauss(&g.rng, 2300);
    int nh = 0, level = 1, repeats = 0;
    int rep_of[9] = {0};
    int64_t yl[64];
    for (int t = entry; t < span && nh < 64 && done + nh < target; t++) {
      int64_t l = ability + rng_gauss(&g.rng, 1500) + (nh > 0 && hist_level[nh - 1] == level ? 900 : 0);
      hist_year[nh] = (int)first + t;
      hist_level[nh] = level;
      yl[nh] = l;
      nh++;
      int out = draw_outcome(&g.rng, l, rep_of[level] < g.per_year && repeats < g.total);
      if (out == 2) break;
      if (out == 1) {
        rep_of[level]++;
        repeats++;
      } else if (++level > nlevels) {
        break; /* graduated */
      }
    }
    /* identifier: 2-digit entry year, 5-digit number, check digit */
    int ey = (int)first + entry;
    unsigned num = ++seq[ey % 10000];
    char sid[48], digits[40];
    int nd = snprintf(digits, sizeof digits, "%02d%05u", ey % 100, num);
    unsigned sum = 0;
    for (int i = 0; i < nd; i++) sum += (unsigned)(digits[i] - '0') * (unsigned)(i % 2 ? 3 : 7);
    snprintf(sid, sizeof sid, "%s-%u", digits, sum % 10);
    students++;
    for (int h = 0; h < nh; h++) {
      char year[16];
      snprintf(year, sizeof year, "%d-%d", hist_year[h], hist_year[h] + 1);
      int y = hist_level[h];
      int pp = year_par[y] ? p : -1;
      const char *par = pp >= 0 ? m->parcours[pp]->id : "";
      bool odd_only = g.midyear && hist_year[h] + 1 == (int)last && rng_below(&g.rng, 2) == 0;
      for (int half = 0; half < (odd_only ? 1 : 2); half++) {
        int64_t sl = yl[h] + rng_gauss(&g.rng, 700);
        gen_semester(&g, sid, year, plan_at(&g, y, half, pp), par, sl, fixed);
      }
    }
    done += nh;
  }
  if (shuffle) {
    Rng r2;
    rng_seed(&r2, seed, 2);
    shuffle_write(&o, &r2);
  }
  if (fflush(o.f) != 0 || ferror(o.f)) die_write(&o);
  if (o.f != stdout && fclose(o.f) != 0) die_write(&o);
  fprintf(stderr, "gencohort: %lld students, %lld student-years, %llu grade lines\n", students, done,
          (unsigned long long)o.written);

  free(o.buf);
  free(o.off);
  free(fixed);
  for (size_t i = 0; i < nplans; i++) plan_free(&g.plans[i]);
  free(g.plans);
  model_free(m);
  ast_free(ast);
  diags_free(&d);
  source_free(src);
  return 0;
}
