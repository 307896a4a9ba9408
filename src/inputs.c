/*
** inputs.c — jury overrides (CSV) and history as decisions (JSON Lines),
** read and validated against a Model (see inputs.h).
*/
#include "inputs.h"
#include "arena.h"
#include "csv.h"
#include "num.h"
#include "source.h"
#include "suggest.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
** Shared helpers
** ====================================================================== */

/* ---- a set of byte strings (open addressing), keys copied in an arena ---- */

typedef struct SetEnt {
  const char *key;         /* bytes (may hold NULs), NULL = free slot */
  size_t len;              /* key length */
  int val;                 /* caller's: a line */
  int val2;                /* caller's: a file index */
} SetEnt;

typedef struct StrSet {
  SetEnt *v;               /* slots */
  size_t cap;              /* power of two (or 0) */
  size_t n;                /* used slots */
} StrSet;

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

static SetEnt *set_slot(const StrSet *s, const char *k, size_t n) {
  size_t i = (size_t)hash_bytes(k, n) & (s->cap - 1);
  for (;;) {
    SetEnt *e = &s->v[i];
    if (!e->key || (e->len == n && memcmp(e->key, k, n) == 0)) return e;
    i = (i + 1) & (s->cap - 1);
  }
}

static const SetEnt *set_find(const StrSet *s, const char *k, size_t n) {
  if (!s->cap) return NULL;
  const SetEnt *e = set_slot(s, k, n);
  return e->key ? e : NULL;
}

/* The entry of key k, inserted (val = val2 = 0) if new; *added says which. */
static SetEnt *set_add(StrSet *s, Arena *a, const char *k, size_t n, bool *added) {
  if (2 * (s->n + 1) > s->cap) {
    StrSet t = {xcalloc(s->cap ? 2 * s->cap : 64, sizeof *t.v), s->cap ? 2 * s->cap : 64, s->n};
    for (size_t i = 0; i < s->cap; i++)
      if (s->v[i].key) *set_slot(&t, s->v[i].key, s->v[i].len) = s->v[i];
    free(s->v);
    *s = t;
  }
  SetEnt *e = set_slot(s, k, n);
  *added = !e->key;
  if (!e->key) {
    char *c = arena_alloc(a, n + 1);
    memcpy(c, k, n);
    e->key = c;
    e->len = n;
    s->n++;
  }
  return e;
}

static void set_mark(StrSet *s, Arena *a, const char *k) {
  bool added;
  set_add(s, a, k, strlen(k), &added);
}

static bool set_has(const StrSet *s, const char *k) {
  return set_find(s, k, strlen(k)) != NULL;
}

/* "a\0b\0c" in a heap buffer: a composite key. */
static char *key_join(const char *a, const char *b, const char *c, size_t *len) {
  size_t na = strlen(a), nb = strlen(b), nc = c ? strlen(c) : 0;
  char *k = xmalloc(na + nb + nc + 3);
  memcpy(k, a, na);
  k[na] = '\0';
  memcpy(k + na + 1, b, nb);
  *len = na + 1 + nb;
  if (c) {
    k[*len] = '\0';
    memcpy(k + *len + 1, c, nc);
    *len += 1 + nc;
  }
  return k;
}

/* ---- values in messages ---- */

/* s as messages quote it (source_quote): between « », shortened when long,
** control characters made visible; buf holds SOURCE_QUOTE_SIZE bytes. */
static const char *quoted(char *buf, const char *s) {
  return source_quote(buf, SOURCE_QUOTE_SIZE, s, strlen(s), true);
}

/* The same without the « » (student ids). */
static const char *bare(char *buf, const char *s) {
  return source_quote(buf, SOURCE_QUOTE_SIZE, s, strlen(s), false);
}

#define NAMES_LISTED 10  /* column names listed in one note */

/* ---- sources kept for the diagnostics ---- */

static void keep_source(Source ***v, size_t *n, Source *s) {
  *v = xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = s;
}

/* ---- suggestions ---- */

/* suggest_best, but first a candidate equal but for ASCII case ("adj" for
** "ADJ", "ue3.4" for "UE3.4"). */
static const char *suggest(const char *word, const char *const *cands, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *a = word, *b = cands[i];
    while (*a && *b) {
      char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
      char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
      if (x != y) break;
      a++;
      b++;
    }
    if (!*a && !*b) return cands[i];
  }
  return suggest_best(word, cands, n);
}

/* ---- academic years ---- */

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* "2024-2025" exactly: two consecutive years. */
static bool parse_year(const char *s, size_t n, int *start) {
  if (n != 9 || s[4] != '-') return false;
  int a = 0, b = 0;
  for (int i = 0; i < 4; i++) {
    if (!is_digit(s[i]) || !is_digit(s[5 + i])) return false;
    a = 10 * a + (s[i] - '0');
    b = 10 * b + (s[5 + i] - '0');
  }
  if (b != a + 1) return false;
  *start = a;
  return true;
}

/* ---- codes ---- */

static const char *const UE_CODES[] = {"ADM", "CMP", "ADSUP", "AJ", "ATT"};
#define YEAR_CODES model_year_codes
static const char *const RCUE_CODES[] = {"ADM", "AJ", "ATT"};
static const char *const ALL_CODES[] = {"ADM", "CMP", "ADSUP", "AJ", "ATT", "PASD", "RED", "NAR"};
#define NELEM(a) (sizeof(a) / sizeof *(a))

/* The canonical spelling of code if it is one of list[] or a jury code of m
** (a static string or the Model's), else NULL. */
static const char *code_in(const Model *m, const char *code, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(code, list[i]) == 0) return list[i];
  const MJuryCode *j = model_jury_code(m, code);
  return j ? j->code : NULL;
}

static bool code_acquires(const Model *m, const char *code) {
  if (!strcmp(code, "ADM") || !strcmp(code, "CMP") || !strcmp(code, "ADSUP")) return true;
  const MJuryCode *j = model_jury_code(m, code);
  return j && j->acquired;
}

/* "ADM, CMP, ADSUP, AJ, ATT ou un code jury du règlement (ADJ)" */
static void codes_expected(const Model *m, const char *const *list, size_t n, char *buf, size_t size) {
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && o < size; i++) {
    const char *sep = i == 0 ? "" : (i + 1 == n && m->njury == 0) ? " ou " : ", ";
    int w = snprintf(buf + o, size - o, "%s%s", sep, list[i]);
    if (w < 0) return;
    o += (size_t)w;
  }
  if (m->njury == 0 || o >= size) return;
  int w = snprintf(buf + o, size - o, " ou un code jury du règlement (");
  if (w < 0) return;
  o += (size_t)w;
  for (int i = 0; i < m->njury && o < size; i++) {
    w = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", m->jury[i]->code);
    if (w < 0) return;
    o += (size_t)w;
  }
  if (o < size) snprintf(buf + o, size - o, ")");
}

/* Closest of list[] and the jury codes to a wrong code, or NULL. */
static const char *code_suggest(const Model *m, const char *code, const char *const *list, size_t n) {
  const char **c = xmalloc((n + (size_t)m->njury) * sizeof *c);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) c[k++] = list[i];
  for (int i = 0; i < m->njury; i++) c[k++] = m->jury[i]->code;
  const char *best = suggest(code, c, k);
  free(c);
  return best;
}

/* ---- jury targets ---- */

typedef enum { TG_NONE, TG_UE, TG_RCUE, TG_SEM, TG_YEAR } TargetKind;

/* What a jury target names; *canon gets its spelling (Model string, static,
** or an arena copy). */
static TargetKind target_kind(const Model *m, Arena *a, const char *t, const char **canon) {
  for (int i = 0; i < m->nues; i++)
    if (strcmp(m->ues[i]->id, t) == 0) {
      *canon = m->ues[i]->id;
      return TG_UE;
    }
  const MSemester *sem = model_semester(m, t);
  if (sem) {
    *canon = sem->id;
    return TG_SEM;
  }
  if (strcmp(t, "year") == 0) {
    *canon = "year";
    return TG_YEAR;
  }
  if (t[0] == 'C' && is_digit(t[1]) && t[1] != '0' && (!t[2] || (is_digit(t[2]) && !t[3]))) {
    int c = atoi(t + 1);
    if (c <= MODEL_MAX_COMPETENCES && m->comps[c]) {
      *canon = arena_strdup(a, t);
      return TG_RCUE;
    }
  }
  return TG_NONE;
}

/* Every valid target of m, for suggestions (arena); the first *nue are the
** distinct UE ids. */
static const char **target_cands(const Model *m, Arena *a, size_t *n, size_t *nue) {
  const char **v = arena_alloc(a, ((size_t)m->nues + MODEL_MAX_COMPETENCES + (size_t)m->nsems + 1) * sizeof *v);
  size_t k = 0;
  for (int i = 0; i < m->nues; i++) {
    bool dup = false;
    for (size_t j = 0; j < k && !dup; j++) dup = strcmp(v[j], m->ues[i]->id) == 0;
    if (!dup) v[k++] = m->ues[i]->id;
  }
  if (nue) *nue = k;
  for (int c = 1; c <= MODEL_MAX_COMPETENCES; c++)
    if (m->comps[c]) v[k++] = arena_printf(a, "C%d", c);
  for (int i = 0; i < m->nsems; i++) v[k++] = m->sems[i]->id;
  v[k++] = "year";
  *n = k;
  return v;
}

/* "une UE (UE1.1 … UE6.6), un RCUE (C1 … C6), un semestre (S1 … S6) ou year" */
static void targets_expected(const Model *m, char *buf, size_t size) {
  int c0 = 0, c1 = 0;
  for (int c = 1; c <= MODEL_MAX_COMPETENCES; c++)
    if (m->comps[c]) {
      if (!c0) c0 = c;
      c1 = c;
    }
  snprintf(buf, size, "une UE (%s … %s), un RCUE (C%d … C%d), un semestre (%s … %s) ou « year »",
           m->nues ? m->ues[0]->id : "?", m->nues ? m->ues[m->nues - 1]->id : "?", c0, c1,
           m->nsems ? m->sems[0]->id : "?", m->nsems ? m->sems[m->nsems - 1]->id : "?");
}

/* Check a jury code against its target kind: 0 fine, 1 unknown code, 2 the
** wrong kind of code for the target. *canon gets the code's spelling. */
static int jury_code_check(const Model *m, TargetKind tk, const char *code, const char **canon) {
  *canon = code_in(m, code, ALL_CODES, NELEM(ALL_CODES));
  if (!*canon) return 1;
  if (tk == TG_NONE) return 0;
  const char *ok = tk == TG_YEAR   ? code_in(m, code, YEAR_CODES, NELEM(YEAR_CODES))
                   : tk == TG_RCUE ? code_in(m, code, RCUE_CODES, NELEM(RCUE_CODES))
                                   : code_in(m, code, UE_CODES, NELEM(UE_CODES));
  return ok ? 0 : 2;
}

/* Report a jury code problem (after jury_code_check != 0) on the last
** position given: message and notes. */
static void jury_code_report(Diags *d, const Source *src, Loc loc, const Model *m, TargetKind tk,
                             const char *target, const char *code, int why) {
  char exp[256], qc[SOURCE_QUOTE_SIZE], qt[SOURCE_QUOTE_SIZE];
  if (why == 1) {
    diag_add(d, DIAG_ERROR, src, loc, "code inconnu %s", quoted(qc, code));
    const char *best = code_suggest(m, code, ALL_CODES, NELEM(ALL_CODES));
    if (best) diag_note(d, "vouliez-vous dire « %s » ?", best);
    codes_expected(m, ALL_CODES, NELEM(ALL_CODES), exp, sizeof exp);
    diag_note(d, "attendu : %s", exp);
  } else if (tk == TG_YEAR) {
    diag_add(d, DIAG_ERROR, src, loc, "le code %s n’est pas une décision d’année (cible « year »)", quoted(qc, code));
    codes_expected(m, YEAR_CODES, NELEM(YEAR_CODES), exp, sizeof exp);
    diag_note(d, "pour « year », attendu : %s", exp);
  } else if (tk == TG_RCUE && code_in(m, code, UE_CODES, NELEM(UE_CODES))) {
    /* CMP, ADSUP: a UE's ways of being acquired, not an RCUE's */
    diag_add(d, DIAG_ERROR, src, loc, "le code %s est un code d’UE : il ne s’applique pas au RCUE %s",
             quoted(qc, code), quoted(qt, target));
    codes_expected(m, RCUE_CODES, NELEM(RCUE_CODES), exp, sizeof exp);
    diag_note(d, "pour un RCUE, attendu : %s", exp);
  } else {
    diag_add(d, DIAG_ERROR, src, loc, "le code %s est une décision d’année : il ne s’applique pas à %s",
             quoted(qc, code), quoted(qt, target));
    codes_expected(m, UE_CODES, NELEM(UE_CODES), exp, sizeof exp);
    diag_note(d, "pour une UE, un RCUE ou un semestre, attendu : %s", exp);
  }
}

/* Report an unknown target with a suggestion and what is expected. */
static void target_report(Diags *d, const Source *src, Loc loc, const Model *m, Arena *a, const char *t) {
  char qt[SOURCE_QUOTE_SIZE];
  if (!*t) diag_add(d, DIAG_ERROR, src, loc, "cible vide");
  else diag_add(d, DIAG_ERROR, src, loc, "cible inconnue %s", quoted(qt, t));
  size_t n;
  const char **c = target_cands(m, a, &n, NULL);
  const char *best = *t ? suggest(t, c, n) : NULL;
  if (best) diag_note(d, "vouliez-vous dire « %s » ?", best);
  char exp[256];
  targets_expected(m, exp, sizeof exp);
  diag_note(d, "attendu : %s", exp);
}

/* ======================================================================
** Jury overrides (CSV)
** ====================================================================== */

struct Overrides {
  Arena *a;                /* strings and records */
  Override *v;             /* valid overrides, reading order */
  size_t n, cap;           /* count, allocated */
  Override *sorted;        /* the same, stably sorted by student (lookups) */
  StrSet keys;             /* student\0year\0target -> line, file */
  StrSet bad;              /* students named by a line in error */
  Source **srcs;           /* files read (diagnostics quote them) */
  size_t nsrcs;            /* how many */
};

Overrides *overrides_new(void) {
  Overrides *o = xcalloc(1, sizeof *o);
  o->a = arena_new();
  return o;
}

void overrides_free(Overrides *o) {
  if (!o) return;
  free(o->v);
  free(o->sorted);
  free(o->keys.v);
  free(o->bad.v);
  for (size_t i = 0; i < o->nsrcs; i++) source_free(o->srcs[i]);
  free(o->srcs);
  arena_free(o->a);
  free(o);
}

size_t overrides_count(const Overrides *o) {
  return o->n;
}

const Override *overrides_at(const Overrides *o, size_t i) {
  return i < o->n ? &o->v[i] : NULL;
}

const char *overrides_file(const Overrides *o) {
  return o->nsrcs ? o->srcs[o->nsrcs - 1]->name : NULL;
}

bool overrides_student_has_error(const Overrides *o, const char *student) {
  return set_has(&o->bad, student);
}

const Override *overrides_for(const Overrides *o, const char *student, int *n) {
  *n = 0;
  size_t lo = 0, hi = o->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(o->sorted[mid].student, student) < 0) lo = mid + 1;
    else hi = mid;
  }
  size_t e = lo;
  while (e < o->n && strcmp(o->sorted[e].student, student) == 0) e++;
  if (e == lo) return NULL;
  *n = (int)(e - lo);
  return &o->sorted[lo];
}

typedef struct OvSort {
  Override o;              /* the override */
  size_t seq;              /* reading order */
} OvSort;

static int cmp_ovsort(const void *a, const void *b) {
  const OvSort *x = a, *y = b;
  int c = strcmp(x->o.student, y->o.student);
  if (c) return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void overrides_index(Overrides *o) {
  OvSort *t = xmalloc((o->n ? o->n : 1) * sizeof *t);
  for (size_t i = 0; i < o->n; i++) {
    t[i].o = o->v[i];
    t[i].seq = i;
  }
  qsort(t, o->n, sizeof *t, cmp_ovsort);
  o->sorted = xrealloc(o->sorted, (o->n ? o->n : 1) * sizeof *o->sorted);
  for (size_t i = 0; i < o->n; i++) o->sorted[i] = t[i].o;
  free(t);
}

/* ---- text normalisation for the CSV file ---- */

/* Windows-1252 0x80..0x9F (0 = undefined; csv_open rejects those). */
static const uint16_t CP1252[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

/* The text the CSV reader sees, as a buffer the diagnostics can quote with
** the reader's line numbers: BOM removed, Windows-1252 turned into UTF-8,
** a lone CR (old Mac line end) turned into LF. */
static char *csv_normalise(const char *s, size_t n, bool cp1252, size_t *out) {
  if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
    s += 3;
    n -= 3;
  }
  char *b = xmalloc(3 * n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\r' && (i + 1 >= n || s[i + 1] != '\n')) {
      b[k++] = '\n';
    } else if (cp1252 && c >= 0x80) {
      unsigned cp = c < 0xA0 ? CP1252[c - 0x80] : c;
      if (!cp) cp = 0xFFFD;
      if (cp < 0x800) {
        b[k++] = (char)(0xC0 | (cp >> 6));
        b[k++] = (char)(0x80 | (cp & 0x3F));
      } else {
        b[k++] = (char)(0xE0 | (cp >> 12));
        b[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[k++] = (char)(0x80 | (cp & 0x3F));
      }
    } else {
      b[k++] = (char)c;
    }
  }
  b[k] = '\0';
  *out = k;
  return b;
}

/* Byte column (1-based) of character column ccol on a line of src. */
static int byte_col(const Source *src, int line, unsigned ccol) {
  size_t len;
  const char *p = source_line(src, line, &len);
  size_t i = 0;
  unsigned c = 1;
  while (c < ccol && i < len) {
    i++;
    while (i < len && ((unsigned char)p[i] & 0xC0) == 0x80) i++;
    c++;
  }
  return (int)i + 1 + (int)(ccol - c);
}

/* A field's value, trimmed, and where it is. */
typedef struct Val {
  const char *s;           /* trimmed text (points into the reader's field) */
  size_t n;                /* its length */
  Loc loc;                 /* where it is in the source */
  bool present;            /* the line has this field */
} Val;

static bool is_space(char c) {
  return c == ' ' || c == '\t';
}

static Val field_val(const Source *src, const CsvField *f) {
  Val v = {f->text, f->len, {0, 0, 0, 0}, true};
  size_t lead = 0;
  while (v.n && is_space(*v.s)) {
    v.s++;
    v.n--;
    lead++;
  }
  while (v.n && is_space(v.s[v.n - 1])) v.n--;
  int line = (int)f->line;
  int b = byte_col(src, line, f->col);
  size_t len;
  const char *p = source_line(src, line, &len);
  v.loc.first_line = v.loc.last_line = line;
  if ((size_t)b <= len && p[b - 1] == '"') {
    /* quoted: the whole field, quotes included, up to the end of the line */
    size_t i = (size_t)b;
    while (i < len) {
      if (p[i] == '"') {
        if (i + 1 < len && p[i + 1] == '"') i += 2;
        else break;
      } else {
        i++;
      }
    }
    v.loc.first_column = b;
    v.loc.last_column = (int)(i < len ? i + 2 : len + 1);
  } else {
    v.loc.first_column = b + (int)lead;
    v.loc.last_column = v.loc.first_column + (int)(v.n ? v.n : 1);
  }
  return v;
}

enum { COL_STUDENT, COL_YEAR, COL_TARGET, COL_CODE, COL_REASON, NCOLS };
static const char *const COL_NAMES[NCOLS] = {"student", "year", "target", "code", "reason"};

/* Loc of a CsvError (character column) on src. */
static Loc csv_err_loc(const Source *src, const CsvError *e) {
  Loc l = {0, 0, 0, 0};
  if (e->line == 0 || e->line > src->nlines) return l;
  l.first_line = l.last_line = (int)e->line;
  l.first_column = byte_col(src, (int)e->line, e->col ? e->col : 1);
  l.last_column = l.first_column + 1;
  return l;
}

/* One data line. */
static void override_line(Overrides *o, const Model *m, const Source *src, size_t file,
                          const CsvField *f, size_t nf, const int *col, size_t nhdr, Diags *d) {
  Val v[NCOLS];
  int line = (int)f[0].line;
  size_t len;
  source_line(src, line, &len);
  Loc eol = {line, (int)len + 1, line, (int)len + 2};
  bool all_empty = true;
  for (size_t i = 0; i < nf; i++) {
    Val t = field_val(src, &f[i]);
    if (t.n) all_empty = false;
  }
  if (all_empty) {
    diag_add(d, DIAG_WARNING, src, (Loc){line, 1, line, (int)len + 1},
             "ligne sans aucune valeur, ignorée");
    return;
  }
  for (int k = 0; k < NCOLS; k++) {
    if ((size_t)col[k] < nf) v[k] = field_val(src, &f[col[k]]);
    else v[k] = (Val){"", 0, eol, false};
  }
  char *student = arena_strndup(o->a, v[COL_STUDENT].s, v[COL_STUDENT].n);
  bool bad = false;
  int maxreq = 0;
  for (int k = 0; k < NCOLS; k++)
    if (col[k] > maxreq) maxreq = col[k];
  /* trailing ignored columns may be left out; a required one may not */
  if (nf > nhdr || nf <= (size_t)maxreq) {
    bad = true;
    if (nf < nhdr) {
      diag_add(d, DIAG_ERROR, src, eol, "ligne incomplète : %zu champ%s, l’en-tête en a %zu", nf,
               nf > 1 ? "s" : "", nhdr);
      for (int k = 0; k < NCOLS; k++)
        if (!v[k].present) {
          diag_note(d, "la colonne « %s » manque", COL_NAMES[k]);
          break;
        }
    } else {
      Val x = field_val(src, &f[nhdr]);
      diag_add(d, DIAG_ERROR, src, x.loc, "ligne trop longue : %zu champs, l’en-tête en a %zu", nf, nhdr);
      diag_note(d, "un motif qui contient le séparateur s’écrit entre guillemets : \"…\"");
    }
  }
  char qa[SOURCE_QUOTE_SIZE], qb[SOURCE_QUOTE_SIZE], qc[SOURCE_QUOTE_SIZE], idwhy[64];
  const char *idp = NULL;
  if (v[COL_STUDENT].present && !v[COL_STUDENT].n) {
    bad = true;
    diag_add(d, DIAG_ERROR, src, v[COL_STUDENT].loc, "identifiant d’étudiant vide");
  } else if (v[COL_STUDENT].present &&
             (idp = source_id_problem(v[COL_STUDENT].s, v[COL_STUDENT].n, idwhy, sizeof idwhy)) != NULL) {
    bad = true;
    diag_add(d, DIAG_ERROR, src, v[COL_STUDENT].loc, "identifiant d’étudiant %s invalide : %s",
             source_quote(qa, sizeof qa, v[COL_STUDENT].s, v[COL_STUDENT].n, true), idp);
    *student = '\0'; /* not a student: marked nowhere */
  }
  char *year = arena_strndup(o->a, v[COL_YEAR].s, v[COL_YEAR].n);
  int start;
  if (v[COL_YEAR].present && !parse_year(year, v[COL_YEAR].n, &start)) {
    bad = true;
    diag_add(d, DIAG_ERROR, src, v[COL_YEAR].loc, "année %s invalide", quoted(qa, year));
    diag_note(d, "attendu : AAAA-AAAA, deux années consécutives (ex. 2025-2026)");
  }
  char *target = arena_strndup(o->a, v[COL_TARGET].s, v[COL_TARGET].n);
  const char *tcanon = NULL;
  TargetKind tk = TG_NONE;
  if (v[COL_TARGET].present) {
    tk = target_kind(m, o->a, target, &tcanon);
    if (tk == TG_NONE) {
      bad = true;
      target_report(d, src, v[COL_TARGET].loc, m, o->a, target);
    }
  }
  char *code = arena_strndup(o->a, v[COL_CODE].s, v[COL_CODE].n);
  const char *ccanon = NULL;
  if (v[COL_CODE].present) {
    int why = jury_code_check(m, tk, code, &ccanon);
    if (why) {
      bad = true;
      if (!*code) {
        diag_add(d, DIAG_ERROR, src, v[COL_CODE].loc, "code vide");
        char exp[256];
        codes_expected(m, tk == TG_YEAR ? YEAR_CODES : UE_CODES, 5, exp, sizeof exp);
        diag_note(d, "attendu : %s", exp);
      } else {
        jury_code_report(d, src, v[COL_CODE].loc, m, tk, target, code, why);
      }
    }
  }
  if (v[COL_REASON].present && !v[COL_REASON].n) {
    bad = true;
    diag_add(d, DIAG_ERROR, src, v[COL_REASON].loc, "motif manquant pour la décision du jury sur %s",
             quoted(qa, target));
    diag_note(d, "le jury doit dire pourquoi il modifie un résultat (ex. « mobilité Erasmus S3 »)");
  }
  if (!bad) {
    size_t kl;
    char *key = key_join(student, year, tcanon, &kl);
    bool added;
    SetEnt *e = set_add(&o->keys, o->a, key, kl, &added);
    free(key);
    if (!added) {
      bad = true;
      diag_add(d, DIAG_ERROR, src, v[COL_TARGET].loc, "décision du jury en double : %s %s %s", bare(qa, student),
               bare(qb, year), quoted(qc, tcanon));
      if ((size_t)e->val2 == file) diag_note(d, "première décision ligne %d", e->val);
      else diag_note(d, "première décision en %s:%d", o->srcs[e->val2]->name, e->val);
    } else {
      e->val = line;
      e->val2 = (int)file;
    }
  }
  if (bad) {
    if (*student) set_mark(&o->bad, o->a, student);
    return;
  }
  if (o->n == o->cap) {
    o->cap = o->cap ? 2 * o->cap : 64;
    o->v = xrealloc(o->v, o->cap * sizeof *o->v);
  }
  Override *ov = &o->v[o->n++];
  ov->student = student;
  ov->year = year;
  ov->target = tcanon;
  ov->code = ccanon;
  ov->reason = arena_strndup(o->a, v[COL_REASON].s, v[COL_REASON].n);
  ov->line = (unsigned)line;
  ov->file = src->name;
}

/* The header: column indexes in col[] (-1 when absent). false if unusable. */
static bool override_header(Overrides *o, const Source *src, const CsvField *f, size_t nf, int *col,
                            Diags *d) {
  for (int k = 0; k < NCOLS; k++) col[k] = -1;
  const char **unknown = xmalloc(nf * sizeof *unknown);
  Loc *uloc = xmalloc(nf * sizeof *uloc);
  size_t nu = 0;
  bool ok = true;
  for (size_t i = 0; i < nf; i++) {
    Val v = field_val(src, &f[i]);
    char *name = arena_strndup(o->a, v.s, v.n);
    for (char *p = name; *p; p++)
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    int k = 0;
    while (k < NCOLS && strcmp(name, COL_NAMES[k]) != 0) k++;
    if (k == NCOLS) {
      unknown[nu] = name;
      uloc[nu++] = v.loc;
    } else if (col[k] >= 0) {
      ok = false;
      diag_add(d, DIAG_ERROR, src, v.loc, "colonne « %s » en double dans l’en-tête", COL_NAMES[k]);
      diag_note(d, "déjà en colonne %d", col[k] + 1);
    } else {
      col[k] = (int)i;
    }
  }
  char miss[128] = "";
  int nmiss = 0;
  for (int k = 0; k < NCOLS; k++)
    if (col[k] < 0) {
      size_t l = strlen(miss);
      snprintf(miss + l, sizeof miss - l, "%s« %s »", nmiss ? ", " : "", COL_NAMES[k]);
      nmiss++;
    }
  if (nmiss) {
    ok = false;
    int line = (int)f[0].line;
    size_t len;
    source_line(src, line, &len);
    diag_add(d, DIAG_ERROR, src, (Loc){line, 1, line, (int)len + 1}, "colonne%s absente%s de l’en-tête : %s",
             nmiss > 1 ? "s" : "", nmiss > 1 ? "s" : "", miss);
    for (int k = 0; k < NCOLS; k++)
      if (col[k] < 0) {
        const char *best = suggest(COL_NAMES[k], unknown, nu);
        char q[SOURCE_QUOTE_SIZE];
        if (best) diag_note(d, "la colonne %s serait-elle « %s » ?", quoted(q, best), COL_NAMES[k]);
      }
    diag_note(d, "en-tête attendu : student,year,target,code,reason (dans n’importe quel ordre)");
  }
  if (nu) {
    /* at most NAMES_LISTED names, then how many more */
    char list[NAMES_LISTED * (SOURCE_QUOTE_SIZE + 2) + 64] = "", q[SOURCE_QUOTE_SIZE];
    size_t l = 0;
    for (size_t i = 0; i < nu && i < NAMES_LISTED; i++)
      l += (size_t)snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", quoted(q, unknown[i]));
    if (nu > NAMES_LISTED) {
      char num[32];
      snprintf(list + l, sizeof list - l, " … et %s autre%s", source_count(num, sizeof num, nu - NAMES_LISTED),
               nu - NAMES_LISTED > 1 ? "s" : "");
    }
    diag_add(d, DIAG_NOTE, src, uloc[0], "colonne%s ignorée%s : %s", nu > 1 ? "s" : "", nu > 1 ? "s" : "", list);
  }
  free(unknown);
  free(uloc);
  return ok;
}

int overrides_read_memory(Overrides *o, const Model *m, const char *name, const char *data, size_t len,
                          Diags *d) {
  Source *raw = source_from_memory(name, data, len);
  keep_source(&o->srcs, &o->nsrcs, raw);
  if (len == 0) {
    diag_add(d, DIAG_ERROR, raw, (Loc){0, 0, 0, 0}, "fichier vide : l’en-tête student,year,target,code,reason est attendu");
    return -1;
  }
  CsvError err;
  char fr[512];
  CsvReader *r = csv_open(name, data, len, &err);
  if (!r) {
    diag_add(d, DIAG_ERROR, raw, csv_err_loc(raw, &err), "fichier CSV illisible : %s",
             csv_message_fr(err.msg, fr, sizeof fr));
    return -1;
  }
  bool cp = strcmp(csv_encoding(r), "UTF-8") != 0;
  char sep = csv_separator(r);
  csv_close(r);
  size_t nlen;
  char *norm = csv_normalise(data, len, cp, &nlen);
  Source *src = source_from_memory(name, norm, nlen);
  free(norm);
  /* the normalised text replaces the raw one */
  o->srcs[o->nsrcs - 1] = src;
  source_free(raw);
  size_t file = o->nsrcs - 1;
  r = csv_open_sep(name, src->text, src->len, sep, &err);
  if (!r) {
    diag_add(d, DIAG_ERROR, src, csv_err_loc(src, &err), "fichier CSV illisible : %s",
             csv_message_fr(err.msg, fr, sizeof fr));
    return -1;
  }
  if (cp) diag_add(d, DIAG_NOTE, src, (Loc){0, 0, 0, 0}, "fichier lu comme du Windows-1252 (il n’est pas en UTF-8)");
  int col[NCOLS];
  bool header = false, usable = false;
  const CsvField *f;
  size_t nf, nhdr = 0;
  int rc;
  while ((rc = csv_next(r, &f, &nf, &err)) != 0) {
    if (rc < 0) {
      diag_add(d, DIAG_ERROR, src, csv_err_loc(src, &err), "ligne CSV illisible : %s",
               csv_message_fr(err.msg, fr, sizeof fr));
      if (!header) {
        header = true;
        for (int k = 0; k < NCOLS; k++) col[k] = -1;
      }
      continue;
    }
    if (!header) {
      header = true;
      nhdr = nf;
      usable = override_header(o, src, f, nf, col, d);
      continue;
    }
    if (usable) {
      override_line(o, m, src, file, f, nf, col, nhdr, d);
    } else if (col[COL_STUDENT] >= 0 && (size_t)col[COL_STUDENT] < nf) {
      /* the lines cannot be used: their students get no decision */
      Val v = field_val(src, &f[col[COL_STUDENT]]);
      if (v.n) set_mark(&o->bad, o->a, arena_strndup(o->a, v.s, v.n));
    }
  }
  csv_close(r);
  if (!header) {
    diag_add(d, DIAG_ERROR, src, (Loc){0, 0, 0, 0},
             "fichier sans en-tête : student,year,target,code,reason est attendu");
    return -1;
  }
  overrides_index(o);
  return 0;
}

int overrides_read_file(Overrides *o, const Model *m, const char *path, Diags *d) {
  char err[512];
  Source *s = source_load(path, err, sizeof err);
  if (!s) {
    int e = errno;
    diag_file(d, DIAG_ERROR, arena_strdup(o->a, path), "fichier des décisions du jury illisible : %s",
              e == EISDIR ? "c’est un dossier, pas un fichier" : source_strerror(e));
    return -1;
  }
  int rc = overrides_read_memory(o, m, path, s->text, s->len, d);
  source_free(s);
  return rc;
}

/* ======================================================================
** History as decisions (JSON Lines)
** ====================================================================== */

struct History {
  Arena *a;                /* strings, records and their arrays */
  YearRecord *v;           /* valid records, sorted by student then year */
  size_t n, cap;           /* count, allocated */
  StrSet keys;             /* student\0year -> line, file */
  StrSet bad;              /* students named by a line in error */
  StrSet named;            /* students named by any line */
  Source **srcs;           /* files read */
  size_t nsrcs;            /* how many */
};

History *history_new(void) {
  History *h = xcalloc(1, sizeof *h);
  h->a = arena_new();
  return h;
}

static void record_clear(YearRecord *r) {
  for (int i = 0; i < r->nues; i++) mpq_clear(r->ues[i].avg);
  for (int i = 0; i < r->nrcues; i++) mpq_clear(r->rcues[i].avg);
}

void history_free(History *h) {
  if (!h) return;
  for (size_t i = 0; i < h->n; i++) record_clear(&h->v[i]);
  free(h->v);
  free(h->keys.v);
  free(h->bad.v);
  free(h->named.v);
  for (size_t i = 0; i < h->nsrcs; i++) source_free(h->srcs[i]);
  free(h->srcs);
  arena_free(h->a);
  free(h);
}

size_t history_count(const History *h) {
  return h->n;
}

bool history_has(const History *h, const char *student) {
  return set_has(&h->named, student);
}

bool history_has_cb(const char *student, void *ctx) {
  return history_has((const History *)ctx, student);
}

bool history_student_has_error(const History *h, const char *student) {
  return set_has(&h->bad, student);
}

const YearRecord *history_for(const History *h, const char *student, int *n) {
  *n = 0;
  size_t lo = 0, hi = h->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(h->v[mid].student, student) < 0) lo = mid + 1;
    else hi = mid;
  }
  size_t e = lo;
  while (e < h->n && strcmp(h->v[e].student, student) == 0) e++;
  if (e == lo) return NULL;
  *n = (int)(e - lo);
  return &h->v[lo];
}

/* ---- locating values in a (valid) JSON line ---- */

static size_t jws(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  return i;
}

/* s[i] == '"': the index after the closing quote. */
static size_t jstr_end(const char *s, size_t n, size_t i) {
  i++;
  while (i < n && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
  return i < n ? i + 1 : n;
}

/* The index after the value that starts at i. */
static size_t jval_end(const char *s, size_t n, size_t i) {
  if (i >= n) return n;
  if (s[i] == '"') return jstr_end(s, n, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    while (i < n) {
      char c = s[i];
      if (c == '"') {
        i = jstr_end(s, n, i);
        continue;
      }
      if (c == '{' || c == '[') depth++;
      else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      i++;
    }
    return n;
  }
  while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
         s[i] != '\n')
    i++;
  return i;
}

/* s[obj] == '{': *val = start of the value of key (written without escapes). */
static bool jkey(const char *s, size_t n, size_t obj, const char *key, size_t *val) {
  size_t kl = strlen(key), i = jws(s, n, obj + 1);
  while (i < n && s[i] == '"') {
    size_t ke = jstr_end(s, n, i);
    bool match = ke >= i + 2 && ke - i - 2 == kl && memcmp(s + i + 1, key, kl) == 0;
    i = jws(s, n, ke);
    if (i < n && s[i] == ':') i = jws(s, n, i + 1);
    if (match) {
      *val = i;
      return true;
    }
    i = jws(s, n, jval_end(s, n, i));
    if (i < n && s[i] == ',') i = jws(s, n, i + 1);
    else break;
  }
  return false;
}

/* s[arr] == '[': *val = start of element idx. */
static bool jelem(const char *s, size_t n, size_t arr, size_t idx, size_t *val) {
  size_t i = jws(s, n, arr + 1);
  if (i < n && s[i] == ']') return false;
  for (size_t k = 0; i < n; k++) {
    if (k == idx) {
      *val = i;
      return true;
    }
    i = jws(s, n, jval_end(s, n, i));
    if (i < n && s[i] == ',') i = jws(s, n, i + 1);
    else return false;
  }
  return false;
}

typedef struct Span {
  size_t off, end;         /* bytes [off, end) of the line */
} Span;

/* One line being read. */
typedef struct JLine {
  History *h;              /* the history */
  const Model *m;          /* the rules */
  const Source *src;       /* its file */
  int line;                /* line number */
  const char *s;           /* the line's text */
  size_t n;                /* its length */
  size_t top;              /* offset of the top-level '{' */
  Diags *d;                /* diagnostics */
  bool bad;                /* an error was reported for this line */
} JLine;

/* Where the value at top.k1[i1].k2 is (k1 NULL: the object itself; i1 < 0:
** no index; k2 NULL: no sub-key). When a step is missing, the position of
** the deepest container found (its first byte). */
static Span jspan(const JLine *L, const char *k1, long i1, const char *k2) {
  const char *s = L->s;
  size_t n = L->n, v;
  Span sp = {L->top, L->top + 1};
  if (!k1) return sp;
  if (!jkey(s, n, L->top, k1, &v)) return sp;
  sp = (Span){v, jval_end(s, n, v)};
  if (i1 >= 0) {
    if (v >= n || s[v] != '[' || !jelem(s, n, v, (size_t)i1, &v)) return (Span){sp.off, sp.off + 1};
    sp = (Span){v, jval_end(s, n, v)};
  }
  if (k2) {
    if (v >= n || s[v] != '{' || !jkey(s, n, v, k2, &v)) return (Span){sp.off, sp.off + 1};
    sp = (Span){v, jval_end(s, n, v)};
  }
  return sp;
}

/* "ues[2].average" */
static void jpath(char *buf, size_t size, const char *k1, long i1, const char *k2) {
  if (i1 >= 0 && k2) snprintf(buf, size, "%s[%ld].%s", k1, i1, k2);
  else if (i1 >= 0) snprintf(buf, size, "%s[%ld]", k1, i1);
  else if (k2) snprintf(buf, size, "%s.%s", k1, k2);
  else snprintf(buf, size, "%s", k1 ? k1 : "");
}

/* The text of a span as written, cut at 60 bytes (on a UTF-8 boundary). */
static void jquote(const JLine *L, Span sp, char *buf, size_t size) {
  size_t len = sp.end > sp.off ? sp.end - sp.off : 0;
  bool cut = false;
  if (len > 60) {
    len = 60;
    while (len > 0 && ((unsigned char)L->s[sp.off + len] & 0xC0) == 0x80) len--;
    cut = true;
  }
  snprintf(buf, size, "%.*s%s", (int)len, L->s + sp.off, cut ? "…" : "");
}

static void jerr(JLine *L, DiagLevel lvl, Span sp, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void jerr(JLine *L, DiagLevel lvl, Span sp, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  size_t end = sp.end > sp.off ? sp.end : sp.off + 1;
  Loc loc = {L->line, (int)sp.off + 1, L->line, (int)end + 1};
  diag_add(L->d, lvl, L->src, loc, "%s", msg);
  if (lvl == DIAG_ERROR) L->bad = true;
}

static const char *jtype_name(const json_t *j) {
  switch (json_typeof(j)) {
  case JSON_OBJECT: return "un objet";
  case JSON_ARRAY: return "un tableau";
  case JSON_STRING: return "une chaîne";
  case JSON_INTEGER: return "un entier";
  case JSON_REAL: return "un nombre à virgule";
  case JSON_TRUE:
  case JSON_FALSE: return "un booléen";
  case JSON_NULL: return "null";
  }
  return "?";
}

/* Report a value of the wrong type at k1[i1].k2. */
static void jtype_err(JLine *L, const json_t *j, const char *expected, const char *k1, long i1, const char *k2) {
  char path[128], val[128];
  jpath(path, sizeof path, k1, i1, k2);
  Span sp = jspan(L, k1, i1, k2);
  jquote(L, sp, val, sizeof val);
  jerr(L, DIAG_ERROR, sp, "« %s » : attendu %s, pas %s (%s)", path, expected, jtype_name(j), val);
}

/* Check the keys of an object: each of req[] present, nothing but req[] and
** opt[]. what names the object in messages. */
static void jkeys(JLine *L, const json_t *obj, const char *const *req, size_t nreq, const char *const *opt,
                  size_t nopt, const char *k1, long i1, const char *what) {
  const char *key;
  json_t *val;
  json_object_foreach((json_t *)obj, key, val) {
    bool known = false;
    for (size_t i = 0; i < nreq && !known; i++) known = strcmp(key, req[i]) == 0;
    for (size_t i = 0; i < nopt && !known; i++) known = strcmp(key, opt[i]) == 0;
    if (known) continue;
    Span sp = k1 ? jspan(L, k1, i1, key) : jspan(L, key, -1, NULL);
    /* point at the key rather than its value: back to its opening quote */
    size_t q = sp.off;
    while (q > 0 && L->s[q] != ':') q--;
    while (q > 0 && L->s[q] != '"') q--;
    if (q > 0) {
      size_t b = q - 1;
      while (b > 0 && L->s[b] != '"') b--;
      if (L->s[b] == '"') sp = (Span){b, q + 1};
    }
    char qk[SOURCE_QUOTE_SIZE];
    jerr(L, DIAG_ERROR, sp, "clé inconnue %s dans %s", quoted(qk, key), what);
    const char **c = xmalloc((nreq + nopt) * sizeof *c);
    for (size_t i = 0; i < nreq; i++) c[i] = req[i];
    for (size_t i = 0; i < nopt; i++) c[nreq + i] = opt[i];
    const char *best = suggest(key, c, nreq + nopt);
    free(c);
    if (best) diag_note(L->d, "vouliez-vous dire « %s » ?", best);
  }
  for (size_t i = 0; i < nreq; i++)
    if (!json_object_get(obj, req[i])) {
      Span sp = k1 ? jspan(L, k1, i1, NULL) : jspan(L, NULL, -1, NULL);
      sp.end = sp.off + 1;
      jerr(L, DIAG_ERROR, sp, "clé « %s » manquante dans %s", req[i], what);
    }
}

/* A JSON number's exact value, from its text in the line. */
static bool jnum_text(const char *t, size_t n, mpq_t out) {
  size_t k = 0;
  while (k < n && t[k] != 'e' && t[k] != 'E') k++;
  if (num_parse(out, t, k, NULL, 0) != 0) return false;
  if (k < n) {
    char ebuf[32];
    size_t el = n - k - 1;
    if (el == 0 || el >= sizeof ebuf) return false;
    memcpy(ebuf, t + k + 1, el);
    ebuf[el] = '\0';
    char *end;
    long ex = strtol(ebuf, &end, 10);
    if (*end || ex > 1000 || ex < -1000) return false;
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)(ex < 0 ? -ex : ex));
    mpq_t f;
    mpq_init(f);
    mpq_set_z(f, p);
    if (ex >= 0) mpq_mul(out, out, f);
    else mpq_div(out, out, f);
    mpq_clear(f);
    mpz_clear(p);
  }
  return true;
}

/* An average at k1[i1].k2: null (false, no error) or a number 0..20 read
** exactly into q (true). Errors are reported. */
static bool javg(JLine *L, const json_t *j, mpq_t q, const char *k1, long i1, const char *k2, const char *what) {
  if (!j || json_is_null(j)) return false;
  if (!json_is_number(j)) {
    jtype_err(L, j, "un nombre ou null", k1, i1, k2);
    return false;
  }
  Span sp = jspan(L, k1, i1, k2);
  bool ok = sp.end > sp.off && jnum_text(L->s + sp.off, sp.end - sp.off, q);
  if (!ok) {
    /* the key could not be found as written (escaped key): 15 digits of the double */
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", json_number_value(j));
    ok = jnum_text(buf, strlen(buf), q);
  }
  if (!ok) {
    char path[128];
    jpath(path, sizeof path, k1, i1, k2);
    jerr(L, DIAG_ERROR, sp, "« %s » : nombre illisible", path);
    return false;
  }
  if (mpq_sgn(q) < 0 || mpq_cmp_ui(q, 20, 1) > 0) {
    char val[128];
    jquote(L, sp, val, sizeof val);
    jerr(L, DIAG_ERROR, sp, "moyenne %s hors de [0, 20] pour %s", val, what);
    return false;
  }
  return true;
}

/* A string at k1[i1].k2 (NULL with an error if absent is not an error:
** jkeys reported it). */
static const char *jstring(JLine *L, const json_t *j, const char *k1, long i1, const char *k2) {
  if (!j) return NULL;
  if (!json_is_string(j)) {
    jtype_err(L, j, "une chaîne", k1, i1, k2);
    return NULL;
  }
  return json_string_value(j);
}

static bool jint(JLine *L, const json_t *j, long long *out, const char *k1, long i1, const char *k2) {
  if (!j) return false;
  if (!json_is_integer(j)) {
    jtype_err(L, j, "un entier", k1, i1, k2);
    return false;
  }
  *out = json_integer_value(j);
  return true;
}

/* Report an unknown code at k1[i1].k2 with its suggestion. */
static void jcode_err(JLine *L, const char *code, const char *const *list, size_t n, const char *k1, long i1,
                      const char *k2, const char *what) {
  char path[128], exp[256];
  jpath(path, sizeof path, k1, i1, k2);
  char qc[SOURCE_QUOTE_SIZE];
  jerr(L, DIAG_ERROR, jspan(L, k1, i1, k2), "code %s inconnu pour %s (« %s »)", quoted(qc, code), what, path);
  const char *best = *code ? code_suggest(L->m, code, list, n) : NULL;
  if (best) diag_note(L->d, "vouliez-vous dire « %s » ?", best);
  codes_expected(L->m, list, n, exp, sizeof exp);
  diag_note(L->d, "attendu : %s", exp);
}

static bool ue_expected(const MUe *u, int p) {
  return p < 0 ? u->parcours == PMASK_ALL : pmask_has(u->parcours, p);
}

static int cmp_ue_result(const void *a, const void *b) {
  const UeResult *x = a, *y = b;
  if (x->ue->sem->num != y->ue->sem->num) return x->ue->sem->num - y->ue->sem->num;
  return x->ue->competence - y->ue->competence;
}

static int cmp_rcue_result(const void *a, const void *b) {
  const RcueResult *x = a, *y = b;
  return x->competence - y->competence;
}

static int cmp_record(const void *a, const void *b) {
  const YearRecord *x = a, *y = b;
  int c = strcmp(x->student, y->student);
  if (c) return c;
  return (x->start > y->start) - (x->start < y->start);
}

/* The student id of a line jansson could not parse, if it can be seen. */
static char *raw_student(Arena *a, const char *s, size_t n) {
  const char *k = "\"student\"";
  size_t kl = strlen(k);
  for (size_t i = 0; i + kl <= n; i++) {
    if (memcmp(s + i, k, kl) != 0) continue;
    size_t j = jws(s, n, i + kl);
    if (j >= n || s[j] != ':') continue;
    j = jws(s, n, j + 1);
    if (j >= n || s[j] != '"') continue;
    size_t b = ++j;
    while (j < n && s[j] != '"' && s[j] != '\\') j++;
    if (j >= n || s[j] != '"' || j == b) return NULL;
    return arena_strndup(a, s + b, j - b);
  }
  return NULL;
}

static const char *const REC_KEYS[] = {"student", "year", "level", "parcours", "ues", "rcues",
                                       "lower", "decision", "ects", "dut", "but", "jury"};
static const char *const UE_KEYS[] = {"ue", "average", "code", "ects"};
static const char *const RCUE_KEYS[] = {"competence", "level", "average", "code"};
static const char *const LOWER_KEYS[] = {"ue", "code"};
static const char *const ECTS_KEYS[] = {"year", "total"};
static const char *const JURY_KEYS[] = {"target", "computed", "code"};
static const char *const JURY_OPT[] = {"reason"};

/* What one line says, as far as it has been checked. */
typedef struct Rec {
  const char *student;     /* "student" (NULL: absent or wrong) */
  const char *year;        /* "year" when valid */
  int start;               /* its first calendar year */
  long long level;         /* "level" */
  const MYear *yr;         /* the rules' year for it, NULL when wrong */
  int p;                   /* parcours bit, -1 for null */
  bool p_ok;               /* "parcours" is valid */
  const char *decision;    /* year code, NULL for a mid-year record */
  bool midyear;            /* "decision" is null */
  bool dec_ok;             /* "decision" is valid */
  bool shape;              /* level, parcours and decision known: the UEs expected are */
  UeResult *ues;           /* "ues" (mpq initialised) */
  int nues;                /* how many */
  bool ues_ok;             /* every entry names an expected UE and has a code */
  int ects_sum;            /* sum of the UEs' "ects" */
  RcueResult *rcues;       /* "rcues" (mpq initialised) */
  int nrcues;              /* how many */
  bool rcues_ok;           /* "rcues" is an array */
  LowerResult *lower;      /* "lower" */
  int nlower;              /* how many */
  bool lower_ok;           /* "lower" is an array */
  long long ects_year;     /* "ects.year" */
  long long ects_total;    /* "ects.total" */
  bool ects_ok;            /* "ects" is an object */
  bool dip[2];             /* "dut", "but" */
  JuryApplied *jury;       /* "jury" */
  int njury;               /* how many */
  bool jury_ok;            /* "jury" is an array */
} Rec;

/* The UEs a record of this shape holds (p, level, mid-year). */
static bool rec_expects(const Rec *R, const MUe *u) {
  return u->sem->year == R->yr && (!R->midyear || u->sem == R->yr->sems[0]) && ue_expected(u, R->p);
}

static bool rec_rcue_applies(const Rec *R, const MRcue *rc) {
  return R->p < 0 ? rc->parcours == PMASK_ALL : pmask_has(rc->parcours, R->p);
}

/* student, year, level, parcours, decision. */
static void rec_head(JLine *L, const json_t *root, Rec *R) {
  const Model *m = L->m;
  char q[SOURCE_QUOTE_SIZE], why[64];
  const char *idp;
  R->student = jstring(L, json_object_get(root, "student"), "student", -1, NULL);
  if (R->student && !*R->student) {
    jerr(L, DIAG_ERROR, jspan(L, "student", -1, NULL), "identifiant d’étudiant vide");
  } else if (R->student && (idp = source_id_problem(R->student, strlen(R->student), why, sizeof why)) != NULL) {
    jerr(L, DIAG_ERROR, jspan(L, "student", -1, NULL), "identifiant d’étudiant %s invalide : %s",
         quoted(q, R->student), idp);
    R->student = NULL; /* not a student: marked nowhere */
  }
  R->year = jstring(L, json_object_get(root, "year"), "year", -1, NULL);
  if (R->year && !parse_year(R->year, strlen(R->year), &R->start)) {
    jerr(L, DIAG_ERROR, jspan(L, "year", -1, NULL), "année %s invalide", quoted(q, R->year));
    diag_note(L->d, "attendu : AAAA-AAAA, deux années consécutives (ex. 2025-2026)");
    R->year = NULL;
  }

  if (jint(L, json_object_get(root, "level"), &R->level, "level", -1, NULL)) {
    if (R->level >= 1 && R->level <= m->nyears && m->years[R->level]) R->yr = m->years[R->level];
    else jerr(L, DIAG_ERROR, jspan(L, "level", -1, NULL), "niveau %lld hors limites : attendu 1 à %d", R->level,
              m->nyears);
  }

  R->p = -1;
  const json_t *jp = json_object_get(root, "parcours");
  if (jp && json_is_null(jp)) {
    R->p_ok = true;
  } else if (jp && json_is_string(jp)) {
    const MParcours *mp = model_parcours(m, json_string_value(jp));
    if (mp) {
      R->p = mp->bit;
      R->p_ok = true;
    } else {
      jerr(L, DIAG_ERROR, jspan(L, "parcours", -1, NULL), "parcours inconnu %s", quoted(q, json_string_value(jp)));
      const char *c[MODEL_MAX_PARCOURS];
      char list[256] = "";
      for (int i = 0; i < m->nparcours; i++) {
        c[i] = m->parcours[i]->id;
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", c[i]);
      }
      const char *best = suggest(json_string_value(jp), c, (size_t)m->nparcours);
      if (best) diag_note(L->d, "vouliez-vous dire « %s » ?", best);
      diag_note(L->d, "parcours du règlement : %s, ou null", list);
    }
  } else if (jp) {
    jtype_err(L, jp, "une chaîne ou null", "parcours", -1, NULL);
  }

  const json_t *jd = json_object_get(root, "decision");
  if (jd && json_is_null(jd)) {
    R->midyear = true;
    R->dec_ok = true;
  } else if (jd && json_is_string(jd)) {
    R->decision = code_in(m, json_string_value(jd), YEAR_CODES, NELEM(YEAR_CODES));
    if (R->decision) R->dec_ok = true;
    else jcode_err(L, json_string_value(jd), YEAR_CODES, NELEM(YEAR_CODES), "decision", -1, NULL,
                   "la décision d’année");
  } else if (jd) {
    jtype_err(L, jd, "une chaîne ou null", "decision", -1, NULL);
  }

  /* the semesters this record covers are known when level, parcours and decision are */
  R->shape = R->yr && R->p_ok && R->dec_ok;
  if (R->shape)
    for (int k = 0; k < (R->midyear ? 1 : 2); k++)
      if (R->yr->sems[k] && R->yr->sems[k]->needs_parcours && R->p < 0) {
        jerr(L, DIAG_ERROR, jspan(L, "parcours", -1, NULL),
             "parcours null : le règlement demande un parcours en %s (année %lld)", R->yr->sems[k]->id, R->level);
        R->shape = false;
        break;
      }
}

/* The MUe of entry i of "ues", or NULL with an error. */
static const MUe *rec_ue_id(JLine *L, Rec *R, const char *id, long li) {
  const Model *m = L->m;
  Span sp = jspan(L, "ues", li, "ue");
  char q[SOURCE_QUOTE_SIZE];
  bool exists = false;
  for (int k = 0; k < m->nues && !exists; k++) exists = !strcmp(m->ues[k]->id, id);
  if (!R->shape) {
    /* the year is not known well enough to say more than this */
    if (!exists) {
      jerr(L, DIAG_ERROR, sp, "UE inconnue %s (« ues[%ld].ue »)", quoted(q, id), li);
      size_t nc, nue;
      const char **c = target_cands(m, L->h->a, &nc, &nue);
      const char *best = suggest(id, c, nue);
      if (best) diag_note(L->d, "vouliez-vous dire « %s » ?", best);
    }
    return NULL;
  }
  const MUe *u = model_ue(m, id, R->p);
  if (u && rec_expects(R, u)) {
    for (long k = 0; k < li; k++)
      if (R->ues[k].ue == u) {
        jerr(L, DIAG_ERROR, sp, "UE %s en double dans « ues »", quoted(q, id));
        diag_note(L->d, "déjà en « ues[%ld] »", k);
        return NULL;
      }
    return u;
  }
  /* the UEs this record may hold, for the suggestion */
  const char **c = xmalloc(((size_t)m->nues + 1) * sizeof *c);
  size_t nc = 0;
  for (int k = 0; k < m->nues; k++)
    if (rec_expects(R, m->ues[k])) c[nc++] = m->ues[k]->id;
  const char *mid = R->midyear ? " (mi-année : semestre impair)" : "";
  if (!exists) jerr(L, DIAG_ERROR, sp, "UE inconnue %s (« ues[%ld].ue »)", quoted(q, id), li);
  else if (R->p >= 0)
    jerr(L, DIAG_ERROR, sp, "l’UE %s n’est pas une UE de l’année %lld du parcours %s%s", quoted(q, id), R->level,
         m->parcours[R->p]->id, mid);
  else jerr(L, DIAG_ERROR, sp, "l’UE %s n’est pas une UE de l’année %lld%s", quoted(q, id), R->level, mid);
  const char *best = suggest(id, c, nc);
  if (best) diag_note(L->d, "vouliez-vous dire « %s » ?", best);
  free(c);
  return NULL;
}

static void rec_ues(JLine *L, const json_t *root, Rec *R) {
  const Model *m = L->m;
  const json_t *jues = json_object_get(root, "ues");
  if (!jues) return;
  if (!json_is_array(jues)) {
    jtype_err(L, jues, "un tableau", "ues", -1, NULL);
    return;
  }
  size_t n = json_array_size(jues);
  R->ues = arena_alloc(L->h->a, (n ? n : 1) * sizeof *R->ues);
  for (size_t i = 0; i < n; i++) mpq_init(R->ues[i].avg);
  R->nues = (int)n;
  R->ues_ok = true;
  for (size_t i = 0; i < n; i++) {
    const json_t *e = json_array_get(jues, i);
    UeResult *r = &R->ues[i];
    long li = (long)i;
    if (!json_is_object(e)) {
      jtype_err(L, e, "un objet", "ues", li, NULL);
      R->ues_ok = false;
      continue;
    }
    char what[64];
    snprintf(what, sizeof what, "ues[%ld]", li);
    jkeys(L, e, UE_KEYS, NELEM(UE_KEYS), NULL, 0, "ues", li, what);
    const char *id = jstring(L, json_object_get(e, "ue"), "ues", li, "ue");
    r->ue = id ? rec_ue_id(L, R, id, li) : NULL;
    r->id = r->ue ? r->ue->id : NULL;
    r->has_avg = javg(L, json_object_get(e, "average"), r->avg, "ues", li, "average", id ? id : what);
    const char *code = jstring(L, json_object_get(e, "code"), "ues", li, "code");
    if (code) {
      r->code = code_in(m, code, UE_CODES, NELEM(UE_CODES));
      if (!r->code) jcode_err(L, code, UE_CODES, NELEM(UE_CODES), "ues", li, "code", id ? id : what);
    }
    long long ects;
    if (jint(L, json_object_get(e, "ects"), &ects, "ues", li, "ects")) {
      Span sp = jspan(L, "ues", li, "ects");
      if (r->ue && r->code) {
        r->acquired = code_acquires(m, r->code);
        int want = r->acquired ? r->ue->ects_int : 0;
        if (ects != want)
          jerr(L, DIAG_ERROR, sp, "ects %lld pour %s : attendu %d (code %s, UE %s)", ects, r->id, want, r->code,
               r->acquired ? "acquise" : "non acquise");
      } else if (ects < 0 || ects > 1000) {
        jerr(L, DIAG_ERROR, sp, "ects %lld hors limites", ects);
        ects = 0;
      }
      r->ects = (int)ects;
      R->ects_sum += (int)ects;
    }
    if (!r->ue || !r->code) R->ues_ok = false;
  }
  /* every UE of the year must be there (unless an entry is already wrong) */
  if (!R->shape || !R->ues_ok) return;
  for (int k = 0; k < (R->midyear ? 1 : 2); k++) {
    const MSemester *sem = R->yr->sems[k];
    if (!sem) continue;
    for (int i = 0; i < sem->nues; i++) {
      const MUe *u = sem->ues[i];
      if (!ue_expected(u, R->p)) continue;
      bool seen = false;
      for (int j = 0; j < R->nues && !seen; j++) seen = R->ues[j].ue == u;
      if (seen) continue;
      Span sp = jspan(L, "ues", -1, NULL);
      jerr(L, DIAG_ERROR, (Span){sp.off, sp.off + 1}, "UE « %s » absente de « ues »", u->id);
      if (R->midyear) diag_note(L->d, "une décision de mi-année (decision null) donne toutes les UE de %s", sem->id);
      else diag_note(L->d, "une décision d’année donne toutes les UE de %s et %s", R->yr->sems[0]->id,
                     R->yr->sems[1] ? R->yr->sems[1]->id : "?");
    }
  }
}

static void rec_rcues(JLine *L, const json_t *root, Rec *R) {
  const Model *m = L->m;
  const json_t *jr = json_object_get(root, "rcues");
  if (!jr) return;
  if (!json_is_array(jr)) {
    jtype_err(L, jr, "un tableau", "rcues", -1, NULL);
    return;
  }
  R->rcues_ok = true;
  size_t n = json_array_size(jr);
  R->rcues = arena_alloc(L->h->a, (n ? n : 1) * sizeof *R->rcues);
  for (size_t i = 0; i < n; i++) mpq_init(R->rcues[i].avg);
  R->nrcues = (int)n;
  if (R->midyear && n)
    jerr(L, DIAG_ERROR, jspan(L, "rcues", -1, NULL), "« rcues » doit être vide quand « decision » est null (mi-année)");
  for (size_t i = 0; i < n; i++) {
    const json_t *e = json_array_get(jr, i);
    RcueResult *r = &R->rcues[i];
    long li = (long)i;
    r->ue[0] = r->ue[1] = -1;
    if (!json_is_object(e)) {
      jtype_err(L, e, "un objet", "rcues", li, NULL);
      continue;
    }
    char what[64];
    snprintf(what, sizeof what, "rcues[%ld]", li);
    jkeys(L, e, RCUE_KEYS, NELEM(RCUE_KEYS), NULL, 0, "rcues", li, what);
    long long c, l;
    if (jint(L, json_object_get(e, "competence"), &c, "rcues", li, "competence") && R->shape && !R->midyear) {
      for (int k = 0; k < R->yr->nrcues; k++)
        if (R->yr->rcues[k].competence == c && rec_rcue_applies(R, &R->yr->rcues[k])) r->rcue = &R->yr->rcues[k];
      Span sp = jspan(L, "rcues", li, "competence");
      if (!r->rcue) {
        jerr(L, DIAG_ERROR, sp, "pas de RCUE de la compétence %lld en année %lld%s%s", c, R->level,
             R->p >= 0 ? " du parcours " : "", R->p >= 0 ? m->parcours[R->p]->id : "");
      } else {
        r->competence = (int)c;
        r->level = r->rcue->level;
        for (size_t k = 0; k < i; k++)
          if (R->rcues[k].rcue == r->rcue) {
            jerr(L, DIAG_ERROR, sp, "RCUE de la compétence %lld en double", c);
            diag_note(L->d, "déjà en « rcues[%zu] »", k);
            break;
          }
      }
    }
    if (jint(L, json_object_get(e, "level"), &l, "rcues", li, "level") && r->rcue && l != r->rcue->level)
      jerr(L, DIAG_ERROR, jspan(L, "rcues", li, "level"), "niveau %lld pour le RCUE de la compétence %d : attendu %d", l,
           r->competence, r->rcue->level);
    char cw[64];
    snprintf(cw, sizeof cw, "le RCUE C%d", r->competence);
    r->has_avg = javg(L, json_object_get(e, "average"), r->avg, "rcues", li, "average", r->rcue ? cw : what);
    const char *code = jstring(L, json_object_get(e, "code"), "rcues", li, "code");
    if (code) {
      r->code = code_in(m, code, RCUE_CODES, NELEM(RCUE_CODES));
      if (!r->code) jcode_err(L, code, RCUE_CODES, NELEM(RCUE_CODES), "rcues", li, "code", r->rcue ? cw : what);
      else r->acquired = code_acquires(m, r->code);
    }
  }
  /* every RCUE of the year must be there */
  if (!R->shape || R->midyear || L->bad) return;
  for (int k = 0; k < R->yr->nrcues; k++) {
    const MRcue *rc = &R->yr->rcues[k];
    if (!rec_rcue_applies(R, rc)) continue;
    bool seen = false;
    for (int j = 0; j < R->nrcues && !seen; j++) seen = R->rcues[j].rcue == rc;
    if (seen) continue;
    Span sp = jspan(L, "rcues", -1, NULL);
    jerr(L, DIAG_ERROR, (Span){sp.off, sp.off + 1}, "RCUE de la compétence %d absent de « rcues »", rc->competence);
  }
}

static void rec_lower(JLine *L, const json_t *root, Rec *R) {
  const Model *m = L->m;
  const json_t *jl = json_object_get(root, "lower");
  if (!jl) return;
  if (!json_is_array(jl)) {
    jtype_err(L, jl, "un tableau", "lower", -1, NULL);
    return;
  }
  R->lower_ok = true;
  size_t n = json_array_size(jl);
  R->lower = arena_alloc(L->h->a, (n ? n : 1) * sizeof *R->lower);
  R->nlower = (int)n;
  if (R->midyear && n)
    jerr(L, DIAG_ERROR, jspan(L, "lower", -1, NULL), "« lower » doit être vide quand « decision » est null (mi-année)");
  for (size_t i = 0; i < n; i++) {
    char q[SOURCE_QUOTE_SIZE];
    const json_t *e = json_array_get(jl, i);
    long li = (long)i;
    R->lower[i].code = "ADSUP";
    if (!json_is_object(e)) {
      jtype_err(L, e, "un objet", "lower", li, NULL);
      continue;
    }
    char what[64];
    snprintf(what, sizeof what, "lower[%ld]", li);
    jkeys(L, e, LOWER_KEYS, NELEM(LOWER_KEYS), NULL, 0, "lower", li, what);
    const char *id = jstring(L, json_object_get(e, "ue"), "lower", li, "ue");
    if (id && R->yr && R->p_ok) {
      const MUe *u = model_ue(m, id, R->p);
      if (u && u->level < R->level) {
        R->lower[i].ue = u->id;
        R->lower[i].ects = u->ects_int;
      } else {
        const char **c = xmalloc(((size_t)m->nues + 1) * sizeof *c);
        size_t nc = 0;
        for (int k = 0; k < m->nues; k++)
          if (m->ues[k]->level < R->level && pmask_has(m->ues[k]->parcours, R->p)) c[nc++] = m->ues[k]->id;
        const char *best = suggest(id, c, nc);
        free(c);
        jerr(L, DIAG_ERROR, jspan(L, "lower", li, "ue"),
             "« lower[%ld].ue » : %s n’est pas une UE d’un niveau inférieur à %lld", li, quoted(q, id), R->level);
        if (best) diag_note(L->d, "vouliez-vous dire « %s » ?", best);
      }
    }
    const char *code = jstring(L, json_object_get(e, "code"), "lower", li, "code");
    if (code && strcmp(code, "ADSUP") != 0)
      jerr(L, DIAG_ERROR, jspan(L, "lower", li, "code"), "code %s dans « lower » : attendu ADSUP", quoted(q, code));
  }
}

/* ects, dut, but */
static void rec_credits(JLine *L, const json_t *root, Rec *R) {
  const json_t *je = json_object_get(root, "ects");
  if (je && !json_is_object(je)) {
    jtype_err(L, je, "un objet", "ects", -1, NULL);
  } else if (je) {
    R->ects_ok = true;
    jkeys(L, je, ECTS_KEYS, NELEM(ECTS_KEYS), NULL, 0, "ects", -1, "« ects »");
    bool oky = jint(L, json_object_get(je, "year"), &R->ects_year, "ects", -1, "year");
    bool okt = jint(L, json_object_get(je, "total"), &R->ects_total, "ects", -1, "total");
    Span sy = jspan(L, "ects", -1, "year");
    if (oky && R->ects_year < 0) jerr(L, DIAG_ERROR, sy, "« ects.year » négatif : %lld", R->ects_year);
    else if (oky && R->ues_ok && R->ects_year != R->ects_sum)
      jerr(L, DIAG_ERROR, sy, "« ects.year » vaut %lld, la somme des ects des UE est %d", R->ects_year, R->ects_sum);
    if (oky && okt && R->ects_total < R->ects_year)
      jerr(L, DIAG_ERROR, jspan(L, "ects", -1, "total"), "« ects.total » vaut %lld, moins que « ects.year » (%lld)",
           R->ects_total, R->ects_year);
    if (okt && R->ects_total > 100000)
      jerr(L, DIAG_ERROR, jspan(L, "ects", -1, "total"), "« ects.total » hors limites : %lld", R->ects_total);
  }
  static const char *const DIP[2] = {"dut", "but"};
  for (int k = 0; k < 2; k++) {
    const json_t *j = json_object_get(root, DIP[k]);
    if (j && !json_is_boolean(j)) jtype_err(L, j, "un booléen (true ou false)", DIP[k], -1, NULL);
    else if (j) R->dip[k] = json_is_true(j);
  }
}

static void rec_jury(JLine *L, const json_t *root, Rec *R) {
  const Model *m = L->m;
  Arena *a = L->h->a;
  const json_t *jj = json_object_get(root, "jury");
  if (!jj) return;
  if (!json_is_array(jj)) {
    jtype_err(L, jj, "un tableau", "jury", -1, NULL);
    return;
  }
  R->jury_ok = true;
  size_t n = json_array_size(jj);
  R->jury = arena_alloc(a, (n ? n : 1) * sizeof *R->jury);
  R->njury = (int)n;
  for (size_t i = 0; i < n; i++) {
    const json_t *e = json_array_get(jj, i);
    JuryApplied *j = &R->jury[i];
    long li = (long)i;
    if (!json_is_object(e)) {
      jtype_err(L, e, "un objet", "jury", li, NULL);
      continue;
    }
    char what[64];
    snprintf(what, sizeof what, "jury[%ld]", li);
    jkeys(L, e, JURY_KEYS, NELEM(JURY_KEYS), JURY_OPT, NELEM(JURY_OPT), "jury", li, what);
    const char *t = jstring(L, json_object_get(e, "target"), "jury", li, "target");
    TargetKind tk = TG_NONE;
    if (t) {
      tk = target_kind(m, a, t, &j->target);
      if (tk == TG_NONE) {
        Span sp = jspan(L, "jury", li, "target");
        L->bad = true;
        target_report(L->d, L->src, (Loc){L->line, (int)sp.off + 1, L->line, (int)sp.end + 1}, m, a, t);
      }
    }
    const char *comp = jstring(L, json_object_get(e, "computed"), "jury", li, "computed");
    j->computed = comp ? arena_strdup(a, comp) : "";
    const char *code = jstring(L, json_object_get(e, "code"), "jury", li, "code");
    if (code) {
      int why = jury_code_check(m, tk, code, &j->code);
      if (why) {
        Span sp = jspan(L, "jury", li, "code");
        L->bad = true;
        jury_code_report(L->d, L->src, (Loc){L->line, (int)sp.off + 1, L->line, (int)sp.end + 1}, m, tk,
                         t ? t : "?", code, why);
      }
    }
    const json_t *jrs = json_object_get(e, "reason");
    const char *reason = jrs ? jstring(L, jrs, "jury", li, "reason") : NULL;
    j->reason = reason ? arena_strdup(a, reason) : "";
  }
}

/* The computed code of a target before the jury, or `code` without override. */
static const char *rec_computed(const Rec *R, const char *target, const char *code) {
  for (int k = 0; k < R->njury; k++)
    if (!strcmp(R->jury[k].target, target) && *R->jury[k].computed) return R->jury[k].computed;
  return code;
}

/* Store a checked record. */
static void rec_store(JLine *L, Rec *R) {
  History *h = L->h;
  qsort(R->ues, (size_t)R->nues, sizeof *R->ues, cmp_ue_result);
  qsort(R->rcues, (size_t)R->nrcues, sizeof *R->rcues, cmp_rcue_result);
  for (int i = 0; i < R->nues; i++) {
    UeResult *r = &R->ues[i];
    r->computed = rec_computed(R, r->id, r->code);
    r->pending = !strcmp(r->code, "ATT");
  }
  for (int i = 0; i < R->nrcues; i++) {
    RcueResult *r = &R->rcues[i];
    char c[16];
    snprintf(c, sizeof c, "C%d", r->competence);
    r->computed = rec_computed(R, c, r->code);
    for (int u = 0; u < 2; u++)
      for (int j = 0; j < R->nues; j++)
        if (!strcmp(R->ues[j].id, r->rcue->ue[u])) r->ue[u] = j;
  }
  if (h->n == h->cap) {
    h->cap = h->cap ? 2 * h->cap : 64;
    h->v = xrealloc(h->v, h->cap * sizeof *h->v);
  }
  YearRecord *rec = &h->v[h->n++];
  memset(rec, 0, sizeof *rec);
  rec->student = arena_strdup(h->a, R->student);
  rec->year = arena_strdup(h->a, R->year);
  rec->start = R->start;
  rec->level = (int)R->level;
  rec->parcours = R->p >= 0 ? L->m->parcours[R->p]->id : NULL;
  rec->ues = R->ues;
  rec->nues = R->nues;
  rec->rcues = R->rcues;
  rec->nrcues = R->nrcues;
  rec->lower = R->lower;
  rec->nlower = R->nlower;
  rec->decision = R->decision;
  rec->decision_computed = R->decision ? rec_computed(R, "year", R->decision) : NULL;
  rec->midyear = R->midyear;
  rec->ects_year = (int)R->ects_year;
  rec->ects_total = (int)R->ects_total;
  rec->dut = R->dip[0];
  rec->but = R->dip[1];
  rec->jury = R->jury;
  rec->njury = R->njury;
  rec->from_history = true;
  rec->model = L->m;
}

/* Validate one parsed line and, if it is right, store its record. */
static void history_record(JLine *L, const json_t *root, size_t file) {
  History *h = L->h;
  Rec R;
  memset(&R, 0, sizeof R);
  jkeys(L, root, REC_KEYS, NELEM(REC_KEYS), NULL, 0, NULL, -1, "la décision");
  rec_head(L, root, &R);
  rec_ues(L, root, &R);
  rec_rcues(L, root, &R);
  rec_lower(L, root, &R);
  rec_credits(L, root, &R);
  rec_jury(L, root, &R);

  /* the same student and year twice */
  if (R.student && *R.student) {
    set_mark(&h->named, h->a, R.student);
    if (R.year && !L->bad) {
      size_t kl;
      char *key = key_join(R.student, R.year, NULL, &kl);
      bool added;
      SetEnt *e = set_add(&h->keys, h->a, key, kl, &added);
      free(key);
      if (!added) {
        char qs[SOURCE_QUOTE_SIZE];
        jerr(L, DIAG_ERROR, jspan(L, "year", -1, NULL), "décision en double pour %s en %s", bare(qs, R.student),
             R.year);
        if ((size_t)e->val2 == file) diag_note(L->d, "première décision ligne %d", e->val);
        else diag_note(L->d, "première décision en %s:%d", h->srcs[e->val2]->name, e->val);
      } else {
        e->val = L->line;
        e->val2 = (int)file;
      }
    }
  }
  /* every piece missing or wrong has been reported: this is a safety net */
  bool complete = R.student && *R.student && R.year && R.yr && R.p_ok && R.dec_ok && R.ues_ok && R.rcues_ok &&
                  R.lower_ok && R.ects_ok && R.jury_ok;
  if (L->bad || !complete) {
    L->bad = true;
    for (int i = 0; i < R.nues; i++) mpq_clear(R.ues[i].avg);
    for (int i = 0; i < R.nrcues; i++) mpq_clear(R.rcues[i].avg);
    if (R.student && *R.student) set_mark(&h->bad, h->a, R.student);
    return;
  }
  rec_store(L, &R);
}

/* jansson's syntax error text (on one line: its "end of file" is the end
** of the line) in French, into buf. */
static void json_error_fr(const char *text, char *buf, size_t size) {
  /* how the token jansson names ("near 'x'") is added: */
  enum { NO_TOKEN, FOUND, AFTER, COLON };
  static const struct {
    const char *en;        /* jansson's text, without " near …" (a prefix with `prefix`) */
    bool prefix;
    const char *fr;        /* in the middle of the line */
    const char *fr_eol;    /* at its end ("near end of file"), NULL: as fr */
    int how;
  } T[] = {
    {"'[' or '{' expected", false, "chaque ligne doit être un objet JSON : « { » attendu", NULL, FOUND},
    {"string or '}' expected", false, "clé entre guillemets ou « } » attendue",
     "fin de ligne au milieu d’un objet (il manque « } » ?)", FOUND},
    {"'}' expected", false, "« , » ou « } » attendu", "fin de ligne au milieu d’un objet (il manque « } » ?)", FOUND},
    {"']' expected", false, "« , » ou « ] » attendu", "fin de ligne au milieu d’un tableau (il manque « ] » ?)",
     FOUND},
    {"':' expected", false, "« : » attendu après la clé",
     "fin de ligne au milieu d’un objet (il manque « : » et une valeur ?)", FOUND},
    {"end of file expected", false, "texte après la fin de l’objet", NULL, FOUND},
    {"unexpected token", false, "valeur attendue", "fin de ligne là où une valeur est attendue", FOUND},
    {"invalid token", false, "valeur invalide", NULL, AFTER},
    {"premature end of input", false, "chaîne jamais refermée (il manque « \" » ?)", NULL, NO_TOKEN},
    {"invalid escape", false, "séquence d’échappement invalide dans une chaîne", NULL, COLON},
    {"invalid Unicode", true, "échappement Unicode invalide dans une chaîne", NULL, COLON},
    {"too big integer", false, "entier trop grand", NULL, COLON},
    {"too big negative integer", false, "entier trop grand", NULL, COLON},
    {"real number overflow", false, "nombre trop grand", NULL, COLON},
    {"NUL byte in object key not supported", false, "caractère NUL (\\u0000) dans une clé", NULL, COLON},
    {"\\u0000 is not allowed", true, "caractère NUL (\\u0000) dans une chaîne", NULL, COLON},
    {"maximum parsing depth reached", false, "imbrication trop profonde", NULL, NO_TOKEN},
  };
  char base[JSON_ERROR_TEXT_LENGTH], near[JSON_ERROR_TEXT_LENGTH] = "", q[SOURCE_QUOTE_SIZE];
  snprintf(base, sizeof base, "%s", text);
  bool eol = false;
  size_t bl = strlen(base);
  static const char EOF_SUFFIX[] = " near end of file";
  char *nr;
  if (bl >= sizeof EOF_SUFFIX - 1 && strcmp(base + bl - (sizeof EOF_SUFFIX - 1), EOF_SUFFIX) == 0) {
    eol = true;
    base[bl - (sizeof EOF_SUFFIX - 1)] = '\0';
  } else if ((nr = strstr(base, " near '")) != NULL) {
    char *tok = nr + 7, *end = strrchr(tok, '\'');
    if (end) {
      snprintf(near, sizeof near, "%.*s", (int)(end - tok), tok);
      *nr = '\0';
    }
  }
  unsigned x;
  if (!strcmp(base, "duplicate object key")) {
    size_t k = strlen(near);
    if (k >= 2 && near[0] == '"' && near[k - 1] == '"')
      snprintf(buf, size, "clé %s en double", source_quote(q, sizeof q, near + 1, k - 2, true));
    else
      snprintf(buf, size, "clé en double");
    return;
  }
  if (sscanf(base, "control character 0x%x", &x) == 1) {
    snprintf(buf, size, "caractère de contrôle U+%04X dans une chaîne (écrivez \\u%04X)", x, x);
    return;
  }
  if (sscanf(base, "unable to decode byte 0x%x", &x) == 1) {
    snprintf(buf, size, "octet 0x%02X invalide en UTF-8 : enregistrez le fichier en UTF-8", x);
    return;
  }
  for (size_t i = 0; i < NELEM(T); i++) {
    if (T[i].prefix ? strncmp(base, T[i].en, strlen(T[i].en)) != 0 : strcmp(base, T[i].en) != 0) continue;
    const char *fr = eol && T[i].fr_eol ? T[i].fr_eol : T[i].fr;
    if (!near[0] || T[i].how == NO_TOKEN)
      snprintf(buf, size, "%s", fr);
    else
      snprintf(buf, size, "%s%s%s", fr, T[i].how == FOUND ? ", trouvé " : T[i].how == AFTER ? " " : " : ",
               source_quote(q, sizeof q, near, strlen(near), true));
    return;
  }
  snprintf(buf, size, "erreur de syntaxe (jansson : %s)", source_quote(q, sizeof q, text, strlen(text), true));
}

static void history_line(History *h, const Model *m, const Source *src, size_t file, int line, const char *s,
                         size_t n, Diags *d) {
  json_error_t e;
  json_t *root = json_loadb(s, n, JSON_REJECT_DUPLICATES, &e);
  JLine L = {h, m, src, line, s, n, jws(s, n, 0), d, false};
  if (!root) {
    /* jansson's position is the byte after the token it names ("near 'x'") */
    size_t pos = e.position > 0 ? (size_t)e.position : 0, tok = 0;
    const char *near = strstr(e.text, "near '");
    if (near && strncmp(e.text, "unable to decode byte", 21) != 0) {
      const char *q = strrchr(near + 6, '\'');
      if (q) tok = (size_t)(q - (near + 6));
    }
    if (pos > n) pos = n;
    if (!tok && (strstr(e.text, "too big") || strstr(e.text, "real number overflow")))
      while (tok < pos && strchr("0123456789+-.eE", s[pos - tok - 1])) tok++; /* a number too long to be named */
    size_t off = tok && tok <= pos ? pos - tok : pos;
    if (off >= n && n) off = n;
    Loc loc = {line, (int)off + 1, line, (int)(tok ? pos : off + 1) + 1};
    char fr[512];
    json_error_fr(e.text, fr, sizeof fr);
    diag_add(d, DIAG_ERROR, src, loc, "JSON invalide, ligne %d colonne %d : %s", line,
             source_char_col(src, line, loc.first_column), fr);
    char *st = raw_student(h->a, s, n);
    if (st) {
      set_mark(&h->named, h->a, st);
      set_mark(&h->bad, h->a, st);
    }
    return;
  }
  if (!json_is_object(root)) {
    jerr(&L, DIAG_ERROR, (Span){L.top, L.top + 1}, "chaque ligne doit être un objet JSON (une décision), pas %s",
         jtype_name(root));
  } else {
    history_record(&L, root, file);
  }
  json_decref(root);
}

int history_read_memory(History *h, const Model *m, const char *name, const char *data, size_t len, Diags *d) {
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
    data += 3;
    len -= 3;
  }
  Source *src = source_from_memory(name, data, len);
  keep_source(&h->srcs, &h->nsrcs, src);
  size_t file = h->nsrcs - 1;
  bool any = false;
  for (size_t i = 0; i < src->nlines; i++) {
    size_t n;
    const char *s = source_line(src, (int)i + 1, &n);
    size_t k = jws(s, n, 0);
    if (k == n) continue;
    any = true;
    history_line(h, m, src, file, (int)i + 1, s, n, d);
  }
  if (!any) {
    diag_add(d, DIAG_ERROR, src, (Loc){0, 0, 0, 0}, "fichier d’historique vide : une décision JSON par ligne est attendue");
    return -1;
  }
  if (h->n > 1) qsort(h->v, h->n, sizeof *h->v, cmp_record);
  return 0;
}

int history_read_file(History *h, const Model *m, const char *path, Diags *d) {
  char err[512];
  Source *s = source_load(path, err, sizeof err);
  if (!s) {
    int e = errno;
    diag_file(d, DIAG_ERROR, arena_strdup(h->a, path), "historique illisible : %s",
              e == EISDIR ? "c’est un dossier, pas un fichier" : source_strerror(e));
    return -1;
  }
  int rc = history_read_memory(h, m, path, s->text, s->len, d);
  source_free(s);
  return rc;
}
