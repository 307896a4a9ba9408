/*
** grades.c — reading grade files (long and wide forms) into a Cohort.
**
** See grades.h for the contract and ../shared/spec/grades-format.md for the
** formats. Outline:
**   - a file is loaded as a Source (kept: diagnostics quote it) and read with
**     the CSV reader (csv.h), which detects the encoding and the separator
**     and borrows the Source's bytes (no copy, unless they must be converted
**     from Windows-1252 or hold lone CRs); the Source is then normalised for
**     quoting (UTF-8 byte order mark dropped, lone CR line ends turned into
**     LF) so that its lines are the reader's lines; a file read as
**     Windows-1252 is replaced by a Source of its UTF-8 conversion, so that
**     excerpts show the characters the user sees; the reader's character
**     columns are turned into byte columns of the Source line only when a
**     diagnostic needs one;
**   - values are quoted in messages by source_quote (long ones shortened,
**     control characters made visible); a student id of more than
**     SOURCE_ID_MAX bytes or with a control character is an error;
**   - a record with the wrong number of fields is reported, saying when the
**     line seems to use another separator than the header; its student is
**     marked: the line's own field, or the one found by splitting the line
**     on that other separator (a student added when the split gives the
**     header's number of fields, else only marked, by cohort_finish, if
**     some line names it);
**   - the header gives the form (long: `course` and `grade` columns; wide: a
**     `student` column and one column per course);
**   - every line is checked in full (all its errors are reported), then its
**     grades are added to the student-year, unless in error;
**   - students are found through an open-addressing hash table on their id
**     (looked up only when a line's student differs from the previous
**     line's); course ids through a table of the file's reader; the year,
**     semester and parcours texts of the previous line are remembered;
**     each student-year has a bitmap of the courses it has a grade for, so
**     duplicates are found in constant time.
**
** Memory: per grade only the 24-byte Grade: the grades of the student-year
** being read go to a staging array of the reader, copied to an array of
** their exact size when another student-year gets a grade (files are
** usually grouped by student); per student-year a few words; strings (ids,
** years) in the Cohort's arena. No per-line allocation. After a file is
** read, only its Source (quoted by diagnostics) and what it added to the
** Cohort remain.
**
** Ownership: the Cohort owns its arena, its Sources, its students, their
** year and grade arrays. No global mutable state.
*/
#include "grades.h"

#include "arena.h"
#include "csv.h"
#include "num.h"
#include "suggest.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_FILES 65535u      /* Grade.file is 16 bits */
#define MAX_SEM 31            /* StudentYear.sems is 32 bits */
#define MAX_DECIMALS 17       /* 20 * 10^17 fits in int64_t */
#define DUP_LIST 8            /* course ids named in one duplicate message */
#define NAMES_LISTED 10       /* column names listed in one note */

/* ---- the cohort ---------------------------------------------------------- */

/* What the reader keeps per student-year besides the public StudentYear. */
typedef struct YearX {
  uint64_t *bits;      /* courses that already have a grade (arena, `words` words) */
  uint32_t par_line;   /* line that first gave the parcours */
  uint16_t par_file;   /* its file */
  bool unchecked;      /* grades stored before the parcours was known */
  bool two_parcours;   /* "deux parcours" was reported */
  bool bad_parcours;   /* a line gave an unknown parcours (reported): not "missing" */
  bool heap;           /* grades in their own heap block, not in the arena: a year given in pieces */
} YearX;

typedef struct SRec {
  Student s;           /* first: cohort_student returns &rec->s */
  YearX *x;            /* parallel to s.years (same capacity) */
  uint64_t hash;       /* of s.id */
  size_t idlen;        /* strlen(s.id) */
} SRec;

struct Cohort {
  Arena *arena;        /* ids, years, bitmaps, file names, sealed grade arrays */
  SRec *st;            /* students, in reading order until cohort_finish sorts them */
  size_t nst, capst;
  uint32_t *tab;       /* hash table: index + 1 into st, 0 = empty */
  size_t tabcap;       /* power of two */
  Source **srcs;       /* files read, by index (Grade.file) */
  int nfiles, capfiles;
  uint64_t lines;      /* data records read */
  int words;           /* bitmap words per student-year, 0 before the first read */
  const char **pend;   /* ids recovered from unreadable lines: marked if they are students (arena) */
  size_t npend, cappend;
};

static uint64_t hash_bytes(const char *p, size_t n) {
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211u;
  return h;
}

/* Are a[0..n) and b[0..n) the same bytes? Inline for the short texts of
** grade lines (ids, years, course ids): two overlapping loads per side. */
static inline bool same_bytes(const char *a, const char *b, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8), memcpy(&a1, a + n - 8, 8);
    memcpy(&b0, b, 8), memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4 && n < 8) {
    uint32_t a0, a1, b0, b1;
    memcpy(&a0, a, 4), memcpy(&a1, a + n - 4, 4);
    memcpy(&b0, b, 4), memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n < 4) {
    for (size_t i = 0; i < n; i++)
      if (a[i] != b[i]) return false;
    return true;
  }
  return memcmp(a, b, n) == 0;
}

/* A hash of a short text (course ids), from its length and up to its first
** and last 8 bytes; longer texts are hashed in full. */
static inline uint64_t hash_short(const char *p, size_t n) {
  uint64_t a = 0, b = 0;
  if (n > 16) return hash_bytes(p, n);
  if (n >= 8) {
    memcpy(&a, p, 8);
    memcpy(&b, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    memcpy(&x, p, 4);
    memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = (uint64_t)(unsigned char)p[0] | (uint64_t)(unsigned char)p[n / 2] << 8 |
        (uint64_t)(unsigned char)p[n - 1] << 16;
  }
  uint64_t h = a * 0x9E3779B97F4A7C15u ^ (b + n) * 0xC2B2AE3D27D4EB4Fu;
  return h ^ h >> 31;
}

Cohort *cohort_new(void) {
  Cohort *c = xcalloc(1, sizeof *c);
  c->arena = arena_new();
  c->tabcap = 1024;
  c->tab = xcalloc(c->tabcap, sizeof *c->tab);
  return c;
}

void cohort_free(Cohort *c) {
  if (!c) return;
  for (size_t i = 0; i < c->nst; i++) {
    Student *s = &c->st[i].s;
    for (int j = 0; j < s->nyears; j++)
      if (c->st[i].x[j].heap) free(s->years[j].grades);
    free(s->years);
    free(c->st[i].x);
  }
  free(c->st);
  free(c->tab);
  free(c->pend);
  for (int i = 0; i < c->nfiles; i++) source_free(c->srcs[i]);
  free(c->srcs);
  arena_free(c->arena);
  free(c);
}

static void tab_insert(Cohort *c, size_t idx) {
  size_t mask = c->tabcap - 1, i = c->st[idx].hash & mask;
  while (c->tab[i]) i = (i + 1) & mask;
  c->tab[i] = (uint32_t)(idx + 1);
}

static void tab_rebuild(Cohort *c, size_t cap) {
  free(c->tab);
  c->tabcap = cap;
  c->tab = xcalloc(cap, sizeof *c->tab);
  for (size_t i = 0; i < c->nst; i++) tab_insert(c, i);
}

static long find_student(const Cohort *c, const char *id, size_t n, uint64_t h) {
  size_t mask = c->tabcap - 1, i = h & mask;
  while (c->tab[i]) {
    const SRec *r = &c->st[c->tab[i] - 1];
    if (r->hash == h && r->idlen == n && same_bytes(r->s.id, id, n)) return (long)c->tab[i] - 1;
    i = (i + 1) & mask;
  }
  return -1;
}

/* Index of the student with this id, added if new. */
static size_t student_of(Cohort *c, const char *id, size_t n) {
  uint64_t h = hash_bytes(id, n);
  long k = find_student(c, id, n, h);
  if (k >= 0) return (size_t)k;
  if (c->nst == c->capst) {
    c->capst = c->capst ? c->capst * 2 : 256;
    c->st = xrealloc(c->st, c->capst * sizeof *c->st);
  }
  size_t idx = c->nst++;
  SRec *r = &c->st[idx];
  memset(r, 0, sizeof *r);
  r->s.id = arena_strndup(c->arena, id, n);
  r->hash = h;
  r->idlen = n;
  if ((c->nst + 1) * 2 > c->tabcap) tab_rebuild(c, c->tabcap * 2);
  else tab_insert(c, idx);
  return idx;
}

/* Index of the student's year starting in `start`, added if new. */
static int year_of(Cohort *c, size_t si, int start, const char *ytext, size_t ylen,
                   uint16_t file, uint32_t line) {
  SRec *r = &c->st[si];
  Student *s = &r->s;
  for (int j = 0; j < s->nyears; j++)
    if (s->years[j].start == start) return j;
  if (s->nyears == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 2;
    s->years = xrealloc(s->years, (size_t)s->cap * sizeof *s->years);
    r->x = xrealloc(r->x, (size_t)s->cap * sizeof *r->x);
  }
  int j = s->nyears++;
  StudentYear *y = &s->years[j];
  memset(y, 0, sizeof *y);
  y->year = arena_strndup(c->arena, ytext, ylen);
  y->start = start;
  y->parcours = -1;
  y->line = line;
  y->file = file;
  YearX *x = &r->x[j];
  memset(x, 0, sizeof *x);
  x->bits = arena_alloc(c->arena, (size_t)c->words * sizeof *x->bits);
  return j;
}

size_t cohort_count(const Cohort *c) { return c->nst; }

Student *cohort_student(const Cohort *c, size_t i) {
  return i < c->nst ? &c->st[i].s : NULL;
}

Student *cohort_find(const Cohort *c, const char *id) {
  size_t n = strlen(id);
  long k = find_student(c, id, n, hash_bytes(id, n));
  return k < 0 ? NULL : &c->st[k].s;
}

const char *cohort_file(const Cohort *c, int i) {
  return i >= 0 && i < c->nfiles ? c->srcs[i]->name : NULL;
}

uint64_t cohort_lines(const Cohort *c) { return c->lines; }

void grade_value(const Grade *g, mpq_t out) {
  mpz_set_si(mpq_numref(out), (long)g->num);
  mpz_ui_pow_ui(mpq_denref(out), 10, g->scale);
  mpq_canonicalize(out);
}

/* ---- small text helpers -------------------------------------------------- */

typedef struct Str {
  const char *p;
  size_t n;
} Str;

static inline Str trim(const CsvField *f) {
  const char *p = f->text;
  size_t n = f->len;
  /* usually nothing to trim: bytes above ' ' at both ends (tab is below) */
  if (n == 0 || ((unsigned char)p[0] > ' ' && (unsigned char)p[n - 1] > ' ')) return (Str){p, n};
  while (n && (*p == ' ' || *p == '\t')) p++, n--;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
  return (Str){p, n};
}

static char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch; }

/* ASCII case-insensitive equality of s and the NUL-terminated w. */
static bool str_ieq(Str s, const char *w) {
  size_t i = 0;
  for (; i < s.n; i++)
    if (!w[i] || lower(s.p[i]) != lower(w[i])) return false;
  return w[i] == '\0';
}

static bool str_eq(Str s, const char *w) {
  return strncmp(s.p, w, s.n) == 0 && w[s.n] == '\0';
}

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* A separator as messages name it. */
static const char *sep_name(char c) {
  return c == ',' ? "« , »" : c == ';' ? "« ; »" : c == '\t' ? "la tabulation" : "« ? »";
}

/* A growable text buffer for messages (heap, freed by its user). */
typedef struct Buf {
  char *p;
  size_t n, cap;
} Buf;

static void buf_add(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_add(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (k < 0) return;
  if (b->n + (size_t)k + 1 > b->cap) {
    b->cap = (b->n + (size_t)k + 1) * 2;
    b->p = xrealloc(b->p, b->cap);
  }
  va_start(ap, fmt);
  vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
  va_end(ap);
  b->n += (size_t)k;
}

static const char *buf_str(Buf *b) {
  if (!b->p) buf_add(b, "%s", "");
  return b->p;
}

/* ---- reading one file ---------------------------------------------------- */

enum { ROLE_IGNORED, ROLE_STUDENT, ROLE_YEAR, ROLE_SEMESTER, ROLE_PARCOURS, ROLE_COURSE,
       ROLE_GRADE, ROLE_COURSECOL, ROLE_BAD };

static const char *const role_names[] = {"", "student", "year", "semester", "parcours",
                                         "course", "grade"};

typedef struct Col {
  char *name;          /* trimmed header text (heap) */
  unsigned line, col;  /* header cell position (reader's characters) */
  int role;            /* ROLE_* */
  MCourse **cands;     /* ROLE_COURSECOL: courses this header may name (heap) */
  int ncands;          /* how many */
} Col;

typedef struct Rd {
  Cohort *c;
  const Model *m;
  Diags *d;
  Source *src;                   /* the file (owned by the Cohort) */
  uint16_t file;                 /* its index */
  char sep;                      /* the file's separator ('\0': none) */
  bool wide;                     /* wide form */
  Col *cols;                     /* header columns */
  int ncols;                     /* how many */
  int ci[ROLE_GRADE + 1];        /* column of each role, -1 if none */
  /* wide form: values given by options when the column is absent */
  int opt_start;                 /* year start, 0 if none */
  const char *opt_year;          /* as given */
  MSemester *opt_sem;            /* semester */
  int opt_par;                   /* parcours bit, -1 if none */
  /* lookups */
  const char **course_ids;       /* lazily built: ids then labels, for suggestions */
  mpq_t q;                       /* parsing */
  mpz_t z;
  char *tmp;                     /* NUL-terminated copy of a trimmed field */
  size_t tmpcap;
  /* location cache: character column -> byte offset on one line */
  unsigned lc_line;
  unsigned lc_ccol;
  size_t lc_boff;
  const char *lc_text;
  size_t lc_len;
  /* the current line */
  unsigned line;                 /* its number */
  size_t cur_si;                 /* its student, valid when has_student */
  bool has_student;
  int cur_yj;                    /* its year index, -1 if none */
  bool line_err;                 /* an error was reported on it */
  int ndup;                      /* duplicates found on it */
  Loc dup_loc;                   /* where the first one is */
  uint32_t dup_first_line;       /* where that course was first given (0: unknown) */
  uint16_t dup_first_file;
  Buf dup_ids;                   /* their course ids */
  /* last values resolved (most lines repeat the previous line's) */
  char last_sem_s[16], last_par_s[16], last_year_s[16];
  size_t last_sem_n, last_par_n, last_year_n; /* 0: nothing cached */
  MSemester *last_sem;
  int last_par, last_year;
  /* fast path: the last student seen */
  size_t last_si;
  bool has_last;
  /* course ids: open addressing on hash_short, built on first use */
  const MCourse **ctab;          /* NULL: not built */
  size_t *ctab_len;              /* strlen of each entry's id */
  size_t ctab_mask;              /* slots - 1 */
  /* the grades of the student-year that got the last grade: kept in `stage`
  ** (its `grades` points there) until another student-year gets one, then
  ** copied to an array of their exact size (stage_seal) */
  Grade *stage;
  uint32_t stage_cap;
  size_t stage_si;
  int stage_yj;
  bool staging;
  /* plain lines (csv_peek_plain): their fields */
  CsvField *pf;                  /* ncols fields, texts in the input (not NUL-terminated) */
  /* long form, plain lines: the context (student, year, semester, parcours)
  ** of the last line whose context was read without any diagnostic, keyed
  ** by the line's bytes up to the end of the last context column */
  int ctx_last;                  /* that column */
  char *ctx_key;                 /* the key (heap) */
  size_t ctx_len, ctx_cap;       /* its length; allocated */
  bool ctx_ok;                   /* a context is cached */
  size_t ctx_si;                 /* its student */
  int ctx_yj;                    /* its year index */
  MSemester *ctx_sem;            /* its semester */
  int ctx_par;                   /* its parcours bit, -1 if none */
  bool tail_ok;                  /* the course and grade columns follow ctx_last: a line
                                 ** that repeats the key is split after it only */
  /* values quoted in messages (source_quote): four at a time */
  char qbuf[4][SOURCE_QUOTE_SIZE];
  unsigned qnext;
} Rd;

/* A value as messages show it, between « » (qv) or bare (bv), shortened
** when long: in one of the reader's four buffers (up to four per message). */
static const char *quote_in(Rd *r, const char *p, size_t n, bool quotes) {
  char *b = r->qbuf[r->qnext++ & 3];
  return source_quote(b, SOURCE_QUOTE_SIZE, p, n, quotes);
}
static const char *qv(Rd *r, Str s) { return quote_in(r, s.p, s.n, true); }
static const char *bv(Rd *r, Str s) { return quote_in(r, s.p, s.n, false); }
static const char *qs(Rd *r, const char *s) { return quote_in(r, s, strlen(s), true); }
static const char *bs(Rd *r, const char *s) { return quote_in(r, s, strlen(s), false); }

/* A NUL-terminated version of s (s itself when it is already). */
static const char *cstr(Rd *r, Str s) {
  if (s.p[s.n] == '\0') return s.p;
  if (s.n + 1 > r->tmpcap) {
    r->tmpcap = (s.n + 1) * 2;
    r->tmp = xrealloc(r->tmp, r->tmpcap);
  }
  memcpy(r->tmp, s.p, s.n);
  r->tmp[s.n] = '\0';
  return r->tmp;
}

/* An ASCII upper-case copy of s, for suggestions among upper-case ids
** (mark and course ids), whatever suggest_best's folding does. */
static const char *upper(Rd *r, Str s) {
  if (s.n + 1 > r->tmpcap) {
    r->tmpcap = (s.n + 1) * 2;
    r->tmp = xrealloc(r->tmp, r->tmpcap);
  }
  for (size_t i = 0; i < s.n; i++) r->tmp[i] = s.p[i] >= 'a' && s.p[i] <= 'z' ? (char)(s.p[i] - 'a' + 'A') : s.p[i];
  r->tmp[s.n] = '\0';
  return r->tmp;
}

static void lc_set_line(Rd *r, unsigned line) {
  if (r->lc_line == line && r->lc_text) return;
  r->lc_line = line;
  r->lc_text = source_line(r->src, (int)line, &r->lc_len);
  r->lc_ccol = 1;
  r->lc_boff = 0;
}

/* Byte column (1-based) in the Source line of the reader's character column
** ccol. Amortised linear along a line. */
static int byte_col(Rd *r, unsigned line, unsigned ccol) {
  lc_set_line(r, line);
  if (ccol < r->lc_ccol) {
    r->lc_ccol = 1;
    r->lc_boff = 0;
  }
  size_t b = r->lc_boff;
  unsigned cc = r->lc_ccol;
  const unsigned char *t = (const unsigned char *)r->lc_text;
  while (cc < ccol && b < r->lc_len) {
    size_t k = source_utf8_len(t + b, r->lc_len - b);
    b += k ? k : 1;
    cc++;
  }
  r->lc_ccol = cc;
  r->lc_boff = b;
  return (int)(b + 1 + (ccol - cc)); /* past the end: one byte per character */
}

/* Loc of a cell given by its reader position and text. */
static Loc cell_loc(Rd *r, unsigned line, unsigned ccol, const char *text, size_t len) {
  (void)text;
  int b = byte_col(r, line, ccol);
  const char *t = r->lc_text;
  size_t n = r->lc_len, i = (size_t)b - 1, end;
  if (i < n && t[i] == '"') { /* quoted: up to the closing quote on this line */
    end = i + 1;
    while (end < n) {
      if (t[end] == '"') {
        if (end + 1 < n && t[end + 1] == '"') {
          end += 2;
          continue;
        }
        end++;
        break;
      }
      end++;
    }
  } else {
    end = i + len;
    if (end > n && i <= n) end = n;
  }
  Loc l = {(int)line, b, (int)line, (int)end + 1};
  return l;
}

static Loc line_loc(Rd *r, unsigned line) {
  lc_set_line(r, line);
  Loc l = {(int)line, 1, (int)line, (int)r->lc_len + 1};
  return l;
}

/* Loc of a field, or of the whole current line when f is NULL (a value
** that came from the options). */
static Loc floc(Rd *r, const CsvField *f) {
  return f ? cell_loc(r, f->line, f->col, f->text, f->len) : line_loc(r, r->line);
}

static Loc col_loc(Rd *r, const Col *c) {
  return cell_loc(r, c->line, c->col, c->name, strlen(c->name));
}

static void report(Rd *r, DiagLevel lv, Loc loc, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static void report(Rd *r, DiagLevel lv, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  size_t sz = k > 0 ? (size_t)k + 1 : 1;
  char *msg = xmalloc(sz);
  va_start(ap, fmt);
  vsnprintf(msg, sz, fmt, ap);
  va_end(ap);
  diag_add(r->d, lv, r->src, loc, "%s", msg);
  free(msg);
  if (lv == DIAG_ERROR) r->line_err = true;
}

/* "A, D" / "S1, S2" / "ABI, EXC, ATT" lists for notes. */
static void list_parcours(const Model *m, Buf *b) {
  for (int i = 0; i < m->nparcours; i++) buf_add(b, "%s%s", i ? ", " : "", m->parcours[i]->id);
}

static void list_pmask(const Model *m, PMask mask, Buf *b) {
  int k = 0;
  for (int i = 0; i < m->nparcours; i++)
    if (pmask_has(mask, m->parcours[i]->bit)) buf_add(b, "%s%s", k++ ? ", " : "", m->parcours[i]->id);
}

static void list_marks(const Model *m, Buf *b) {
  for (int i = 0; i < m->nmarks; i++) buf_add(b, "%s%s", i ? ", " : "", m->marks[i]->id);
}

static void list_sems(const Model *m, Buf *b) {
  for (int i = 0; i < m->nsems; i++) buf_add(b, "%s%s", i ? ", " : "", m->sems[i]->id);
}

static void note_list(Diags *d, const char *what, const Model *m, void (*list)(const Model *, Buf *)) {
  Buf b = {0};
  list(m, &b);
  diag_note(d, "%s : %s", what, buf_str(&b));
  free(b.p);
}

static const char *suggest_course(Rd *r, const char *word, bool with_labels) {
  const Model *m = r->m;
  if (!r->course_ids) {
    r->course_ids = xmalloc(((size_t)m->ncourses * 2 + 1) * sizeof *r->course_ids);
    for (int i = 0; i < m->ncourses; i++) {
      r->course_ids[i] = m->courses[i]->id;
      r->course_ids[m->ncourses + i] = m->courses[i]->label;
    }
  }
  return suggest_best(word, r->course_ids, (size_t)m->ncourses * (with_labels ? 2 : 1));
}

static const char *parcours_id(const Model *m, int bit) {
  for (int i = 0; i < m->nparcours; i++)
    if (m->parcours[i]->bit == bit) return m->parcours[i]->id;
  return "?";
}

/* ---- values -------------------------------------------------------------- */

#define YEAR_HINT "attendu AAAA-AAAA, deux années consécutives (ex. 2024-2025)"

/* Year "AAAA-AAAA" with consecutive years: its start, or 0. */
static int parse_year_text(Str s) {
  if (s.n != 9 || s.p[4] != '-') return 0;
  int a = 0, b = 0;
  for (int i = 0; i < 4; i++) {
    if (!is_digit(s.p[i]) || !is_digit(s.p[5 + i])) return 0;
    a = a * 10 + (s.p[i] - '0');
    b = b * 10 + (s.p[5 + i] - '0');
  }
  return b == a + 1 && a > 0 ? a : 0;
}

/* Is s the cached text buf[0..n)? */
static bool cached(Str s, const char *buf, size_t n) {
  return n && s.n == n && same_bytes(s.p, buf, n);
}

static void cache(Str s, char *buf, size_t *n) {
  *n = s.n < 16 ? s.n : 0;
  if (*n) memcpy(buf, s.p, s.n);
}

static int check_year_slow(Rd *r, Str s, const CsvField *f);

/* The year of a line: most lines repeat the previous line's (cached). */
static inline int check_year(Rd *r, Str s, const CsvField *f) {
  if (cached(s, r->last_year_s, r->last_year_n)) return r->last_year;
  return check_year_slow(r, s, f);
}

static int check_year_slow(Rd *r, Str s, const CsvField *f) {
  int a = parse_year_text(s);
  if (a) {
    r->last_year = a;
    cache(s, r->last_year_s, &r->last_year_n);
    return a;
  }
  if (s.n == 0) report(r, DIAG_ERROR, floc(r, f), "année universitaire manquante");
  else report(r, DIAG_ERROR, floc(r, f), "année universitaire %s invalide", qv(r, s));
  diag_note(r->d, YEAR_HINT);
  return 0;
}

static MSemester *find_sem(const Model *m, Str s) {
  for (int i = 0; i < m->nsems; i++)
    if (str_eq(s, m->sems[i]->id)) return m->sems[i];
  for (int i = 0; i < m->nsems; i++)
    if (str_ieq(s, m->sems[i]->id)) return m->sems[i];
  return NULL;
}

static MSemester *check_sem_slow(Rd *r, Str s, const CsvField *f);

static inline MSemester *check_sem(Rd *r, Str s, const CsvField *f) {
  if (cached(s, r->last_sem_s, r->last_sem_n)) return r->last_sem;
  return check_sem_slow(r, s, f);
}

static MSemester *check_sem_slow(Rd *r, Str s, const CsvField *f) {
  MSemester *sem = s.n ? find_sem(r->m, s) : NULL;
  if (!sem) {
    if (s.n == 0) report(r, DIAG_ERROR, floc(r, f), "semestre manquant");
    else report(r, DIAG_ERROR, floc(r, f), "semestre inconnu %s", qv(r, s));
    note_list(r->d, "semestres déclarés par les règles", r->m, list_sems);
    return NULL;
  }
  if (!sem->year || sem->num < 1 || sem->num > MAX_SEM) {
    report(r, DIAG_ERROR, floc(r, f), "le semestre %s n’appartient à aucune année des règles", sem->id);
    return NULL;
  }
  r->last_sem = sem;
  cache(s, r->last_sem_s, &r->last_sem_n);
  return sem;
}

static MParcours *find_parcours(const Model *m, Str s) {
  for (int i = 0; i < m->nparcours; i++)
    if (str_eq(s, m->parcours[i]->id)) return m->parcours[i];
  for (int i = 0; i < m->nparcours; i++)
    if (str_ieq(s, m->parcours[i]->id)) return m->parcours[i];
  return NULL;
}

/* Parcours bit, -1 for an empty cell, -2 on error (reported). */
static int check_parcours_slow(Rd *r, Str s, const CsvField *f);

static inline int check_parcours(Rd *r, Str s, const CsvField *f) {
  if (s.n == 0) return -1;
  if (cached(s, r->last_par_s, r->last_par_n)) return r->last_par;
  return check_parcours_slow(r, s, f);
}

static int check_parcours_slow(Rd *r, Str s, const CsvField *f) {
  MParcours *p = find_parcours(r->m, s);
  if (p) {
    r->last_par = p->bit;
    cache(s, r->last_par_s, &r->last_par_n);
    return p->bit;
  }
  report(r, DIAG_ERROR, floc(r, f), "parcours inconnu %s", qv(r, s));
  if (r->m->nparcours) note_list(r->d, "parcours déclarés par les règles", r->m, list_parcours);
  else diag_note(r->d, "les règles ne déclarent aucun parcours : laissez la colonne vide");
  return -2;
}

/* The table of course ids (for the exact lookups of every line). */
static void build_ctab(Rd *r) {
  const Model *m = r->m;
  size_t cap = 16;
  while (cap < (size_t)m->ncourses * 4) cap *= 2;
  r->ctab = xcalloc(cap, sizeof *r->ctab);
  r->ctab_len = xcalloc(cap, sizeof *r->ctab_len);
  r->ctab_mask = cap - 1;
  for (int i = 0; i < m->ncourses; i++) {
    const MCourse *k = m->courses[i];
    if (model_course(m, k->id) != k) continue; /* only what the model's lookup gives */
    size_t n = strlen(k->id), j = (size_t)(hash_short(k->id, n) >> 32) & r->ctab_mask;
    while (r->ctab[j]) j = (j + 1) & r->ctab_mask;
    r->ctab[j] = k;
    r->ctab_len[j] = n;
  }
}

/* The course whose id is exactly s, or NULL. */
static inline MCourse *ctab_find(Rd *r, Str s) {
  if (!r->ctab) build_ctab(r);
  size_t j = (size_t)(hash_short(s.p, s.n) >> 32) & r->ctab_mask;
  for (const MCourse *k; (k = r->ctab[j]) != NULL; j = (j + 1) & r->ctab_mask)
    if (r->ctab_len[j] == s.n && same_bytes(k->id, s.p, s.n)) return (MCourse *)k;
  return NULL;
}

static MCourse *find_course(Rd *r, Str s) {
  /* the table holds the answers of model_course for the ids it holds */
  MCourse *k = ctab_find(r, s);
  if (k) return k;
  k = model_course(r->m, cstr(r, s));
  if (k) return k;
  for (int i = 0; i < r->m->ncourses; i++)
    if (str_ieq(s, r->m->courses[i]->id)) return r->m->courses[i];
  return NULL;
}

static MCourse *check_course(Rd *r, Str s, const CsvField *f) {
  if (s.n == 0) {
    report(r, DIAG_ERROR, floc(r, f), "enseignement manquant");
    return NULL;
  }
  MCourse *k = find_course(r, s);
  if (!k) {
    report(r, DIAG_ERROR, floc(r, f), "enseignement inconnu %s", qv(r, s));
    const char *sug = suggest_course(r, upper(r, s), false);
    if (sug) diag_note(r->d, "vouliez-vous dire « %s » ?", sug);
  }
  return k;
}

/* The French for a reason of num_parse ("not a decimal number: <reason>")
** about the grade text s. */
static void num_reason_fr(Rd *r, const char *err, Str s, Buf *b) {
  const char *p = strstr(err, ": ");
  p = p ? p + 2 : err;
  static const struct {
    const char *en, *fr;
  } t[] = {
    {"empty", "valeur vide"},
    {"NaN is not a number", "NaN n’est pas un nombre"},
    {"infinity is not allowed", "l’infini n’est pas une note"},
    {"sign without digits", "signe sans chiffre"},
    {"two decimal marks", "deux séparateurs décimaux"},
    {"both '.' and ','", "à la fois « . » et « , » (séparateur de milliers ?)"},
    {"exponent notation", "notation avec exposant non admise"},
    {"thousands separator", "séparateur de milliers"},
    {"space inside the number", "espace dans le nombre"},
    {"no digit after the decimal mark", "aucun chiffre après le séparateur décimal"},
    {"no digits", "aucun chiffre"},
    {"out of memory", "mémoire épuisée"},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strncmp(p, t[i].en, strlen(t[i].en)) == 0) {
      buf_add(b, "%s", t[i].fr);
      return;
    }
  const char *q;
  if (strncmp(p, "spreadsheet error value ", 24) == 0)
    buf_add(b, "valeur d’erreur de tableur %s", p + 24);
  else if (strncmp(p, "no digit before the decimal mark", 32) == 0 && (q = strstr(p, "write ")) != NULL)
    buf_add(b, "aucun chiffre avant le séparateur décimal (écrivez %.*s)", (int)strcspn(q + 6, ")"), q + 6);
  else if (strncmp(p, "unexpected character ", 21) == 0)
    buf_add(b, "caractère inattendu %s", p + 21);
  else if (strncmp(p, "unexpected byte ", 16) == 0) {
    /* the character the user sees (the text is UTF-8), not a byte of it */
    size_t i = 0;
    while (i < s.n && (unsigned char)s.p[i] >= 0x20 && (unsigned char)s.p[i] < 0x7F) i++;
    if (i == s.n) {
      buf_add(b, "caractère inattendu");
    } else if ((unsigned char)s.p[i] < 0x80) {
      buf_add(b, "caractère de contrôle inattendu (U+%04X)", (unsigned)(unsigned char)s.p[i]);
    } else {
      size_t k = source_utf8_len((const unsigned char *)s.p + i, s.n - i);
      buf_add(b, "caractère inattendu %s", quote_in(r, s.p + i, k ? k : 1, true));
    }
  }
  else
    buf_add(b, "%s", p);
}

/* The usual grade: empty, or 1 or 2 digits, optionally a decimal mark and
** 1 to MAX_DECIMALS digits, at most 20. Sets g's value and returns true, or
** returns false (parse_grade then reads it, with the messages). */
static inline bool parse_grade_plain(Str s, Grade *g) {
  g->num = 0;
  g->scale = 0;
  g->mark = 0;
  if (s.n == 0) {
    g->kind = GV_EMPTY;
    return true;
  }
  if (is_digit(s.p[0])) {
    size_t i = 0;
    int64_t ip = 0;
    while (i < s.n && i < 2 && is_digit(s.p[i])) ip = ip * 10 + (s.p[i++] - '0');
    if (i == s.n) {
      if (ip <= 20) {
        g->kind = GV_NUMBER;
        g->num = ip;
        return true;
      }
    } else if (s.p[i] == '.' || s.p[i] == ',') {
      size_t j = i + 1;
      int k = 0;
      int64_t frac = 0, p10 = 1;
      while (j < s.n && k < MAX_DECIMALS && is_digit(s.p[j])) {
        frac = frac * 10 + (s.p[j++] - '0');
        p10 *= 10;
        k++;
      }
      if (j == s.n && k > 0 && ip * p10 + frac <= 20 * p10) {
        g->kind = GV_NUMBER;
        g->num = ip * p10 + frac;
        g->scale = (uint8_t)k;
        return true;
      }
    }
  }
  return false;
}

/* Reads the grade text s into g (kind, num, scale, mark). Returns false on
** an error (reported at f). */
static bool parse_grade(Rd *r, Str s, const CsvField *f, Grade *g) {
  if (parse_grade_plain(s, g)) return true;
  bool digits = false;
  for (size_t i = 0; i < s.n && !digits; i++) digits = is_digit(s.p[i]);
  if (!digits)
    for (int i = 0; i < r->m->nmarks; i++)
      if (str_ieq(s, r->m->marks[i]->id)) {
        g->kind = GV_MARK;
        g->mark = (uint16_t)i;
        return true;
      }
  char err[160];
  if (num_parse(r->q, s.p, s.n, err, sizeof err) != 0) {
    /* letters only: a mark the rules do not declare; else a bad number */
    bool word = !digits;
    for (size_t i = 0; i < s.n && word; i++) {
      unsigned char ch = (unsigned char)s.p[i];
      word = ch >= 0x80 || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == ' ' || ch == '-' ||
             ch == '_' || ch == '\'';
    }
    if (word && (str_ieq(s, "nan") || str_ieq(s, "inf") || str_ieq(s, "infinity") || str_ieq(s, "-") ||
                 strstr(err, "NaN") || strstr(err, "infinity")))
      word = false;
    if (word) {
      report(r, DIAG_ERROR, floc(r, f), "marque inconnue %s", qv(r, s));
      if (r->m->nmarks) {
        Buf b = {0};
        list_marks(r->m, &b);
        diag_note(r->d, "marques déclarées par les règles : %s ; sinon une note de 0 à 20", buf_str(&b));
        free(b.p);
        const char **ids = xmalloc((size_t)r->m->nmarks * sizeof *ids);
        for (int i = 0; i < r->m->nmarks; i++) ids[i] = r->m->marks[i]->id;
        const char *sug = suggest_best(upper(r, s), ids, (size_t)r->m->nmarks);
        if (sug) diag_note(r->d, "vouliez-vous dire « %s » ?", sug);
        free(ids);
      } else {
        diag_note(r->d, "les règles ne déclarent aucune marque : une note est un nombre de 0 à 20");
      }
    } else {
      Buf b = {0};
      num_reason_fr(r, err, s, &b);
      report(r, DIAG_ERROR, floc(r, f), "note %s invalide : %s", qv(r, s), buf_str(&b));
      b.n = 0;
      list_marks(r->m, &b);
      if (r->m->nmarks)
        diag_note(r->d, "une note est un nombre de 0 à 20 (ex. 12,5 ou 12.5) ou une marque déclarée : %s",
                  buf_str(&b));
      else
        diag_note(r->d, "une note est un nombre de 0 à 20 (ex. 12,5 ou 12.5)");
      free(b.p);
    }
    return false;
  }
  if (mpq_sgn(r->q) < 0 || mpq_cmp_ui(r->q, 20, 1) > 0) {
    report(r, DIAG_ERROR, floc(r, f), "note %s hors de l’intervalle 0 à 20", bv(r, s));
    return false;
  }
  /* the decimals as written (trailing zeros dropped only beyond the limit) */
  int dec = 0;
  size_t mk = 0;
  while (mk < s.n && s.p[mk] != '.' && s.p[mk] != ',') mk++;
  if (mk < s.n) {
    size_t j = mk + 1;
    while (j < s.n && is_digit(s.p[j])) j++;
    dec = (int)(j - mk - 1);
    while (dec > MAX_DECIMALS && s.p[mk + (size_t)dec] == '0') dec--;
  }
  if (dec > MAX_DECIMALS) {
    report(r, DIAG_ERROR, floc(r, f), "note %s : %d décimales, au plus %d", bv(r, s), dec, MAX_DECIMALS);
    return false;
  }
  mpz_ui_pow_ui(r->z, 10, (unsigned long)dec);
  mpz_mul(r->z, r->z, mpq_numref(r->q));
  mpz_divexact(r->z, r->z, mpq_denref(r->q));
  g->kind = GV_NUMBER;
  g->num = (int64_t)mpz_get_si(r->z);
  g->scale = (uint8_t)dec;
  return true;
}

/* ---- student-years ------------------------------------------------------- */

/* Gives the staged student-year its grades in an array of their exact size:
** in the cohort's arena (one block for many years, freed at once), or, for
** a year whose lines come in several pieces (each sealed again), in a heap
** block freed when the next piece comes, so that the arena wastes at most
** one copy of each year. */
static void stage_seal(Rd *r) {
  if (!r->staging) return;
  r->staging = false;
  StudentYear *y = &r->c->st[r->stage_si].s.years[r->stage_yj];
  size_t size = (size_t)y->ngrades * sizeof *y->grades;
  bool heap = r->c->st[r->stage_si].x[r->stage_yj].heap;
  y->grades = !y->ngrades ? NULL : heap ? xmalloc(size) : arena_alloc(r->c->arena, size);
  if (y->ngrades) memcpy(y->grades, r->stage, (size_t)y->ngrades * sizeof *y->grades);
  y->cap = y->ngrades;
}

/* Appends g to the grades of the current student-year (r->cur_si, cur_yj). */
static void stage_grade(Rd *r, StudentYear *y, const Grade *g) {
  if (!r->staging || r->stage_si != r->cur_si || r->stage_yj != r->cur_yj) {
    stage_seal(r);
    /* grades given earlier (lines of this student-year apart): staged too */
    if (y->ngrades >= r->stage_cap) {
      r->stage_cap = y->ngrades * 2 > 64 ? y->ngrades * 2 : 64;
      r->stage = xrealloc(r->stage, (size_t)r->stage_cap * sizeof *r->stage);
    }
    if (y->ngrades) {
      memcpy(r->stage, y->grades, (size_t)y->ngrades * sizeof *y->grades);
      YearX *x = &r->c->st[r->cur_si].x[r->cur_yj];
      if (x->heap) free(y->grades); /* (a copy in the arena stays there, unused) */
      x->heap = true;
    }
    y->grades = r->stage;
    y->cap = r->stage_cap;
    r->staging = true;
    r->stage_si = r->cur_si;
    r->stage_yj = r->cur_yj;
  }
  if (y->ngrades == r->stage_cap) {
    r->stage_cap *= 2;
    r->stage = xrealloc(r->stage, (size_t)r->stage_cap * sizeof *r->stage);
    y->grades = r->stage;
    y->cap = r->stage_cap;
  }
  y->grades[y->ngrades++] = *g;
}

static void mark_error(Rd *r) {
  if (!r->has_student) return;
  SRec *rec = &r->c->st[r->cur_si];
  rec->s.error = true;
  if (r->cur_yj >= 0) rec->s.years[r->cur_yj].error = true;
}

/* Is id (trimmed) acceptable: not empty, at most SOURCE_ID_MAX bytes, no
** control character? */
static bool id_ok(Str id) {
  char why[64];
  return id.n > 0 && !source_id_problem(id.p, id.n, why, sizeof why);
}

/* The student of the current line (id trimmed); false if the id is empty,
** too long or holds a control character (reported). */
static bool set_student(Rd *r, Str id, const CsvField *f) {
  Cohort *c = r->c;
  if (r->has_last) { /* most lines repeat the previous line's student, already checked */
    SRec *rec = &c->st[r->last_si];
    if (id.n > 0 && rec->idlen == id.n && same_bytes(rec->s.id, id.p, id.n)) {
      r->cur_si = r->last_si;
      r->has_student = true;
      return true;
    }
  }
  if (id.n == 0) {
    report(r, DIAG_ERROR, floc(r, f), "identifiant d’étudiant vide");
    return false;
  }
  char why[64];
  const char *bad = source_id_problem(id.p, id.n, why, sizeof why);
  if (bad) {
    report(r, DIAG_ERROR, floc(r, f), "identifiant d’étudiant %s invalide : %s", qv(r, id), bad);
    if (id.n <= SOURCE_ID_MAX)
      diag_note(r->d, "un identifiant d’étudiant tient sur une ligne, sans caractère de contrôle");
    return false;
  }
  r->cur_si = student_of(c, id.p, id.n);
  r->last_si = r->cur_si;
  r->has_last = true;
  r->has_student = true;
  return true;
}

/* Attaches the line to the student's year (start > 0) and records its
** semester and parcours (pf: the parcours field, NULL if from options). */
static void set_year(Rd *r, int start, Str ytext, MSemester *sem, int par, const CsvField *pf) {
  if (!r->has_student || start <= 0) return;
  Cohort *c = r->c;
  int j = year_of(c, r->cur_si, start, ytext.p, ytext.n, r->file, r->line);
  r->cur_yj = j;
  SRec *rec = &c->st[r->cur_si];
  StudentYear *y = &rec->s.years[j];
  YearX *x = &rec->x[j];
  if (sem) {
    y->sems |= 1u << sem->num;
    if (y->level == 0) y->level = sem->year->num;
  }
  if (par == -2) x->bad_parcours = true; /* reported: not to be called missing */
  if (par < 0) return;
  if (y->parcours < 0) {
    y->parcours = par;
    x->par_line = r->line;
    x->par_file = r->file;
  } else if (y->parcours != par) {
    report(r, DIAG_ERROR, floc(r, pf), "deux parcours pour l’étudiant %s en %s : %s ici, %s plus haut", bs(r, rec->s.id),
           y->year, parcours_id(r->m, par), parcours_id(r->m, y->parcours));
    if (x->par_file == r->file)
      diag_note(r->d, "parcours %s donné ligne %u", parcours_id(r->m, y->parcours), x->par_line);
    else
      diag_note(r->d, "parcours %s donné dans %s, ligne %u", parcours_id(r->m, y->parcours),
                c->srcs[x->par_file]->name, x->par_line);
    x->two_parcours = true;
  }
}

/* Checks a course against the line's semester and parcours (par < 0: not
** known). Returns false after reporting an error. */
static bool check_course_fits(Rd *r, const MCourse *k, const MSemester *sem, int par, const CsvField *f) {
  if (sem && k->sem != sem) {
    report(r, DIAG_ERROR, floc(r, f), "« %s » est un enseignement de %s, la ligne indique %s", k->id,
           k->sem ? k->sem->id : "?", sem->id);
    return false;
  }
  if (par >= 0 && !pmask_has(k->parcours, par)) {
    report(r, DIAG_ERROR, floc(r, f), "« %s » n’est pas un enseignement du parcours %s", k->id,
           parcours_id(r->m, par));
    Buf b = {0};
    list_pmask(r->m, k->parcours, &b);
    if (b.n) diag_note(r->d, "« %s » est un enseignement du parcours %s", k->id, b.p);
    free(b.p);
    return false;
  }
  return true;
}

/* Adds grade g of course k to the current student-year, unless it is a
** duplicate (reported once per line, by flush_dups). */
static void add_grade(Rd *r, const MCourse *k, Grade *g, const CsvField *f) {
  SRec *rec = &r->c->st[r->cur_si];
  StudentYear *y = &rec->s.years[r->cur_yj];
  YearX *x = &rec->x[r->cur_yj];
  int ci = k->index;
  bool dup = false;
  if (ci >= 0 && ci < r->c->words * 64) {
    uint64_t bit = (uint64_t)1 << (ci & 63);
    dup = (x->bits[ci >> 6] & bit) != 0;
    x->bits[ci >> 6] |= bit;
  } else {
    for (uint32_t i = 0; i < y->ngrades && !dup; i++) dup = y->grades[i].course == ci;
  }
  if (dup) {
    if (r->ndup == 0) {
      r->dup_loc = floc(r, f);
      r->dup_first_line = 0;
      for (uint32_t i = 0; i < y->ngrades; i++)
        if (y->grades[i].course == ci) {
          r->dup_first_line = y->grades[i].line;
          r->dup_first_file = y->grades[i].file;
          break;
        }
    }
    if (r->ndup < DUP_LIST) buf_add(&r->dup_ids, "%s« %s »", r->ndup ? ", " : "", k->id);
    r->ndup++;
    return;
  }
  g->course = ci;
  g->line = r->line;
  g->file = r->file;
  stage_grade(r, y, g);
}

static void flush_dups(Rd *r, const MSemester *sem) {
  if (r->ndup == 0) return;
  SRec *rec = &r->c->st[r->cur_si];
  StudentYear *y = &rec->s.years[r->cur_yj];
  const char *sid = sem ? sem->id : "";
  if (r->ndup == 1)
    report(r, DIAG_ERROR, r->dup_loc, "note en double : %s déjà donnée pour l’étudiant %s en %s %s",
           r->dup_ids.p, bs(r, rec->s.id), sid, y->year);
  else if (r->ndup <= DUP_LIST)
    report(r, DIAG_ERROR, r->dup_loc, "notes en double : %s déjà données pour l’étudiant %s en %s %s",
           r->dup_ids.p, bs(r, rec->s.id), sid, y->year);
  else
    report(r, DIAG_ERROR, r->dup_loc, "notes en double : %s et %d autres déjà données pour l’étudiant %s en %s %s",
           r->dup_ids.p, r->ndup - DUP_LIST, bs(r, rec->s.id), sid, y->year);
  if (!r->dup_first_line)
    diag_note(r->d, "une ligne précédente, en erreur, donnait déjà cet enseignement");
  else if (r->dup_first_file == r->file)
    diag_note(r->d, "première note ligne %u", r->dup_first_line);
  else
    diag_note(r->d, "première note dans %s, ligne %u", r->c->srcs[r->dup_first_file]->name, r->dup_first_line);
}

static void begin_line(Rd *r, unsigned line) {
  r->line = line;
  r->line_err = false;
  r->has_student = false;
  r->cur_yj = -1;
  r->ndup = 0;
  r->dup_ids.n = 0;
}

static void end_line(Rd *r, const MSemester *sem) {
  flush_dups(r, sem);
  if (r->line_err) mark_error(r);
}

/* ---- the two forms ------------------------------------------------------- */

/* A long-form line. raw: the line's bytes when it is a plain line (its
** fields point into them), else NULL. */
static void long_grade(Rd *r, MCourse *k, const CsvField *fc, const CsvField *fg, MSemester *sem, int par);

static void long_line(Rd *r, const CsvField *f, const char *raw) {
  const CsvField *fs = &f[r->ci[ROLE_STUDENT]], *fy = &f[r->ci[ROLE_YEAR]], *fsem = &f[r->ci[ROLE_SEMESTER]],
                 *fp = &f[r->ci[ROLE_PARCOURS]], *fc = &f[r->ci[ROLE_COURSE]], *fg = &f[r->ci[ROLE_GRADE]];
  Str ys = {NULL, 0};
  int start, par;
  MSemester *sem;
  /* plain lines: the same bytes up to the last context column as the last
  ** line read without a diagnostic are the same context: nothing to redo
  ** (what follows only reads it) */
  size_t klen = raw ? (size_t)(f[r->ctx_last].text - raw) + f[r->ctx_last].len : 0;
  bool hit = raw && r->ctx_ok && klen == r->ctx_len && memcmp(raw, r->ctx_key, klen) == 0;
  size_t ctx_diags = 0;
  if (hit) {
    r->cur_si = r->ctx_si;
    r->has_student = true;
    r->cur_yj = r->ctx_yj;
    start = r->c->st[r->ctx_si].s.years[r->ctx_yj].start;
    sem = r->ctx_sem;
    par = r->ctx_par;
  } else {
    size_t nd = r->d->n;
    ys = trim(fy);
    set_student(r, trim(fs), fs);
    start = check_year(r, ys, fy);
    sem = check_sem(r, trim(fsem), fsem);
    par = check_parcours(r, trim(fp), fp);
    ctx_diags = r->d->n - nd;
  }
  /* the course before set_year: their messages come in this order */
  MCourse *k = check_course(r, trim(fc), fc);
  if (!hit) {
    size_t nd = r->d->n;
    set_year(r, start, ys, sem, par, fp);
    r->ctx_ok = false;
    if (raw && ctx_diags == 0 && r->d->n == nd && r->has_student && start > 0 && sem && par >= -1 &&
        r->cur_yj >= 0) {
      if (klen > r->ctx_cap) {
        r->ctx_cap = klen * 2;
        r->ctx_key = xrealloc(r->ctx_key, r->ctx_cap);
      }
      memcpy(r->ctx_key, raw, klen);
      r->ctx_len = klen;
      r->ctx_si = r->cur_si;
      r->ctx_yj = r->cur_yj;
      r->ctx_sem = sem;
      r->ctx_par = par;
      r->ctx_ok = true;
    }
  }
  long_grade(r, k, fc, fg, sem, par);
}

/* A plain long-form line that starts with the bytes of the cached context's
** key (csv_peek_plain_after): the cached context, then the course and grade
** of fields f (the line's fields after ctx_last are set, not the others). */
static void long_line_after_key(Rd *r, const CsvField *f) {
  const CsvField *fc = &f[r->ci[ROLE_COURSE]], *fg = &f[r->ci[ROLE_GRADE]];
  assert(r->ctx_ok && r->tail_ok);
  r->cur_si = r->ctx_si;
  r->has_student = true;
  r->cur_yj = r->ctx_yj;
  /* the usual line: what long_grade would do when nothing is to be said —
  ** a course of the context's semester and parcours (pmask_has: of every
  ** parcours when the line gives none), a plain grade, the course's first
  ** grade in the student-year; anything else goes the general way */
  Str cs = trim(fc);
  MCourse *k = cs.n ? ctab_find(r, cs) : NULL;
  Grade g;
  memset(&g, 0, sizeof g);
  if (k && k->sem == r->ctx_sem && pmask_has(k->parcours, r->ctx_par) &&
      parse_grade_plain(trim(fg), &g)) {
    SRec *rec = &r->c->st[r->cur_si];
    YearX *x = &rec->x[r->cur_yj];
    int ci = k->index;
    uint64_t bit = (uint64_t)1 << (ci & 63);
    if (ci >= 0 && ci < r->c->words * 64 && !(x->bits[ci >> 6] & bit)) {
      x->bits[ci >> 6] |= bit;
      g.course = ci;
      g.line = r->line;
      g.file = r->file;
      g.sem = (uint8_t)r->ctx_sem->num;
      stage_grade(r, &rec->s.years[r->cur_yj], &g);
      return;
    }
  }
  k = check_course(r, cs, fc);
  long_grade(r, k, fc, fg, r->ctx_sem, r->ctx_par);
}

/* The end of a long-form line, once its context is set: course k (NULL if
** in error, reported) of field fc, the grade of field fg. */
static void long_grade(Rd *r, MCourse *k, const CsvField *fc, const CsvField *fg, MSemester *sem, int par) {
  Str gs = trim(fg);
  bool fits = false;
  if (k && gs.n == 0 && par >= 0 && (!sem || k->sem == sem) && !pmask_has(k->parcours, par)) {
    /* an empty grade of another parcours' course: nothing to read, said */
    report(r, DIAG_WARNING, floc(r, fc), "ligne ignorée : « %s » n’est pas un enseignement du parcours %s "
           "(note vide)", k->id, parcours_id(r->m, par));
    end_line(r, sem);
    return;
  }
  if (k) fits = check_course_fits(r, k, sem, par, fc);
  if (fits && r->cur_yj >= 0 && par < 0) {
    SRec *rec = &r->c->st[r->cur_si];
    StudentYear *y = &rec->s.years[r->cur_yj];
    if (y->parcours >= 0 && !rec->x[r->cur_yj].two_parcours) {
      if (!pmask_has(k->parcours, y->parcours)) {
        report(r, DIAG_ERROR, floc(r, fc), "« %s » n’est pas un enseignement du parcours %s de l’étudiant en %s",
               k->id, parcours_id(r->m, y->parcours), y->year);
        fits = false;
      }
    } else if (k->parcours != PMASK_ALL) {
      rec->x[r->cur_yj].unchecked = true;
    }
  }
  Grade g;
  memset(&g, 0, sizeof g);
  bool gok = parse_grade(r, gs, fg, &g);
  if (fits && gok && sem && r->cur_yj >= 0 && !r->line_err) {
    g.sem = (uint8_t)sem->num;
    add_grade(r, k, &g, fc);
  }
  end_line(r, sem);
}

static void wide_line(Rd *r, const CsvField *f) {
  const CsvField *fs = &f[r->ci[ROLE_STUDENT]];
  set_student(r, trim(fs), fs);
  int start;
  Str ys;
  if (r->ci[ROLE_YEAR] >= 0) {
    ys = trim(&f[r->ci[ROLE_YEAR]]);
    start = check_year(r, ys, &f[r->ci[ROLE_YEAR]]);
  } else {
    ys = (Str){r->opt_year, strlen(r->opt_year)};
    start = r->opt_start;
  }
  MSemester *sem = r->opt_sem;
  if (r->ci[ROLE_SEMESTER] >= 0) sem = check_sem(r, trim(&f[r->ci[ROLE_SEMESTER]]), &f[r->ci[ROLE_SEMESTER]]);
  int par = r->opt_par;
  const CsvField *fp = NULL;
  if (r->ci[ROLE_PARCOURS] >= 0) {
    fp = &f[r->ci[ROLE_PARCOURS]];
    par = check_parcours(r, trim(fp), fp);
  }
  set_year(r, start, ys, sem, par, fp);
  bool line_ok = !r->line_err;
  /* the parcours the line's courses must belong to */
  int epar = par;
  if (epar < 0 && r->cur_yj >= 0) {
    SRec *rec = &r->c->st[r->cur_si];
    if (!rec->x[r->cur_yj].two_parcours) epar = rec->s.years[r->cur_yj].parcours;
  }
  if (epar < -1) epar = -1;
  for (int j = 0; j < r->ncols; j++) {
    Col *col = &r->cols[j];
    if (col->role != ROLE_COURSECOL && col->role != ROLE_BAD) continue;
    Str cell = trim(&f[j]);
    if (col->role == ROLE_BAD) {
      if (cell.n) r->line_err = true; /* reported on the header */
      continue;
    }
    MCourse *k = col->cands[0];
    if (col->ncands > 1 && sem)
      for (int i = 0; i < col->ncands; i++)
        if (col->cands[i]->sem == sem) k = col->cands[i];
    if (cell.n == 0) {
      /* an empty cell of a course that is not the student's: nothing */
      bool applies = (!sem || k->sem == sem) &&
                     (epar < 0 ? k->parcours == PMASK_ALL : pmask_has(k->parcours, epar));
      if (!applies) continue;
    }
    Grade g;
    memset(&g, 0, sizeof g);
    bool gok = parse_grade(r, cell, &f[j], &g);
    bool fits = check_course_fits(r, k, sem, epar, &f[j]);
    if (fits && epar < 0 && k->parcours != PMASK_ALL && r->cur_yj >= 0)
      r->c->st[r->cur_si].x[r->cur_yj].unchecked = true;
    if (gok && fits && sem && r->cur_yj >= 0 && line_ok) {
      g.sem = (uint8_t)sem->num;
      add_grade(r, k, &g, &f[j]);
    }
  }
  end_line(r, sem);
}

/* ---- the header ---------------------------------------------------------- */

static int role_of(const char *name) {
  Str s = {name, strlen(name)};
  for (int i = ROLE_STUDENT; i <= ROLE_GRADE; i++)
    if (str_ieq(s, role_names[i])) return i;
  return ROLE_IGNORED;
}

static int ascii_icmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int x = (unsigned char)lower(*a), y = (unsigned char)lower(*b);
    if (x != y || !x) return x - y;
  }
}

/* Reports duplicate header names (merge sort of the column indexes, not a
** quadratic scan). A repeated known column makes the file unreadable; a
** repeated other column is ignored (ROLE_BAD). Returns false if unreadable. */
static bool check_dup_columns(Rd *r) {
  int n = r->ncols;
  int *ix = xmalloc((size_t)n * sizeof *ix), *tmp = xmalloc((size_t)n * sizeof *tmp);
  for (int i = 0; i < n; i++) ix[i] = i;
  for (int w = 1; w < n; w *= 2) {
    for (int lo = 0; lo < n; lo += 2 * w) {
      int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
      int a = lo, b = mid, k = lo;
      while (a < mid && b < hi) {
        int cmp = ascii_icmp(r->cols[ix[a]].name, r->cols[ix[b]].name);
        tmp[k++] = cmp < 0 || (cmp == 0 && ix[a] < ix[b]) ? ix[a++] : ix[b++];
      }
      while (a < mid) tmp[k++] = ix[a++];
      while (b < hi) tmp[k++] = ix[b++];
    }
    memcpy(ix, tmp, (size_t)n * sizeof *ix);
  }
  bool ok = true;
  int first = 0;
  for (int i = 1; i < n; i++) {
    Col *b = &r->cols[ix[i]];
    if (ascii_icmp(r->cols[ix[i - 1]].name, b->name) != 0) {
      first = i;
      continue;
    }
    if (!b->name[0]) continue; /* columns without a name: ignored, not repeated */
    const Col *a = &r->cols[ix[first]];
    report(r, DIAG_ERROR, col_loc(r, b), "colonne %s en double dans l’en-tête", qs(r, b->name));
    diag_note(r->d, "la colonne %d s’appelle déjà %s", ix[first] + 1, qs(r, a->name));
    if (b->role != ROLE_IGNORED) ok = false;
    else b->role = ROLE_BAD;
  }
  free(ix);
  free(tmp);
  return ok;
}

/* " … et 99 990 autres" after a list cut at NAMES_LISTED names of `total`. */
static void buf_more(Buf *b, size_t listed, size_t total) {
  if (total <= listed) return;
  char num[32];
  buf_add(b, " … et %s autre%s", source_count(num, sizeof num, total - listed), total - listed > 1 ? "s" : "");
}

static void note_header(Rd *r) {
  Buf b = {0};
  int i = 0;
  for (; i < r->ncols && i < NAMES_LISTED; i++)
    buf_add(&b, "%s%s", i ? ", " : "", r->cols[i].name[0] ? bs(r, r->cols[i].name) : "(sans nom)");
  buf_more(&b, (size_t)i, (size_t)r->ncols);
  diag_note(r->d, "colonnes de l’en-tête : %s", buf_str(&b));
  free(b.p);
}

/* Reports the ignored columns, once per file (a note). */
static void note_ignored(Rd *r) {
  Buf b = {0}, sug = {0};
  int k = 0, first = -1;
  for (int i = 0; i < r->ncols; i++) {
    if (r->cols[i].role != ROLE_IGNORED) continue;
    if (first < 0) first = i;
    if (k++ >= NAMES_LISTED) continue; /* counted only */
    if (r->cols[i].name[0]) buf_add(&b, "%s%s", k > 1 ? ", " : "", qs(r, r->cols[i].name));
    else buf_add(&b, "%s(colonne %d sans nom)", k > 1 ? ", " : "", i + 1);
    if (r->wide && r->cols[i].name[0] && strlen(r->cols[i].name) <= SOURCE_QUOTE_MAX) {
      const char *s = suggest_course(r, r->cols[i].name, true);
      if (s) buf_add(&sug, "%s%s : vouliez-vous dire « %s » ?", sug.n ? "\n" : "", qs(r, r->cols[i].name), s);
    }
  }
  buf_more(&b, k < NAMES_LISTED ? (size_t)k : NAMES_LISTED, (size_t)k);
  if (first >= 0) {
    diag_add(r->d, DIAG_NOTE, r->src, col_loc(r, &r->cols[first]), "colonne%s ignorée%s : %s", k > 1 ? "s" : "",
             k > 1 ? "s" : "", buf_str(&b));
    if (sug.n) diag_note(r->d, "%s", sug.p);
  }
  free(b.p);
  free(sug.p);
}

/* Wide form: the values the options give, and what each course column
** names. Returns false if the lines cannot be read (reported). */
static bool wide_header(Rd *r, const GradesOptions *opt) {
  const Model *m = r->m;
  const char *name = r->src->name;
  bool ok = true;
  r->opt_par = -1;
  if (r->ci[ROLE_YEAR] < 0) {
    if (!opt || !opt->year || !opt->year[0]) {
      diag_file(r->d, DIAG_ERROR, name, "forme large sans colonne « year » ni année universitaire donnée en option");
      diag_note(r->d, "ajoutez une colonne « year » (ex. 2024-2025) ou donnez l’année en option");
      ok = false;
    } else {
      r->opt_year = opt->year;
      r->opt_start = parse_year_text((Str){opt->year, strlen(opt->year)});
      if (!r->opt_start) {
        diag_file(r->d, DIAG_ERROR, name, "année universitaire %s (option) invalide", qs(r, opt->year));
        diag_note(r->d, YEAR_HINT);
        ok = false;
      }
    }
  }
  if (r->ci[ROLE_SEMESTER] < 0) {
    if (!opt || !opt->semester || !opt->semester[0]) {
      diag_file(r->d, DIAG_ERROR, name, "forme large sans colonne « semester » ni semestre donné en option");
      diag_note(r->d, "ajoutez une colonne « semester » (ex. S3) ou donnez le semestre en option");
      ok = false;
    } else {
      r->opt_sem = find_sem(m, (Str){opt->semester, strlen(opt->semester)});
      if (!r->opt_sem || !r->opt_sem->year || r->opt_sem->num < 1 || r->opt_sem->num > MAX_SEM) {
        diag_file(r->d, DIAG_ERROR, name, "semestre %s (option) inconnu", qs(r, opt->semester));
        note_list(r->d, "semestres déclarés par les règles", m, list_sems);
        r->opt_sem = NULL;
        ok = false;
      }
    }
  }
  if (r->ci[ROLE_PARCOURS] < 0 && opt && opt->parcours && opt->parcours[0]) {
    MParcours *p = find_parcours(m, (Str){opt->parcours, strlen(opt->parcours)});
    if (!p) {
      diag_file(r->d, DIAG_ERROR, name, "parcours %s (option) inconnu", qs(r, opt->parcours));
      note_list(r->d, "parcours déclarés par les règles", m, list_parcours);
      ok = false;
    } else {
      r->opt_par = p->bit;
    }
  }
  /* course columns: a course id, else an exact label */
  MSemester *fixed = r->ci[ROLE_SEMESTER] < 0 ? r->opt_sem : NULL;
  int *seen = xcalloc((size_t)m->ncourses + 1, sizeof *seen); /* course -> column + 1 */
  int ncourse = 0, nbad = 0;
  for (int j = 0; j < r->ncols; j++) {
    Col *col = &r->cols[j];
    if (col->role == ROLE_COURSE || col->role == ROLE_GRADE) col->role = ROLE_IGNORED;
    if (col->role == ROLE_BAD) nbad++;
    if (col->role != ROLE_IGNORED || !col->name[0]) continue;
    MCourse *k = find_course(r, (Str){col->name, strlen(col->name)});
    if (k) {
      col->cands = xmalloc(sizeof *col->cands);
      col->cands[col->ncands++] = k;
    } else {
      for (int i = 0; i < m->ncourses; i++)
        if (m->courses[i]->label && strcmp(m->courses[i]->label, col->name) == 0) {
          col->cands = xrealloc(col->cands, (size_t)(col->ncands + 1) * sizeof *col->cands);
          col->cands[col->ncands++] = m->courses[i];
        }
      if (col->ncands == 0) continue; /* not a course: an ignored column */
    }
    col->role = ROLE_BAD; /* until proven usable */
    nbad++;
    if (fixed) { /* keep the courses of the file's semester */
      int keep = 0;
      for (int i = 0; i < col->ncands; i++)
        if (col->cands[i]->sem == fixed) col->cands[keep++] = col->cands[i];
      if (keep == 0) {
        const MCourse *c0 = col->cands[0];
        if (col->ncands == 1)
          report(r, DIAG_ERROR, col_loc(r, col), "« %s » est un enseignement de %s, le fichier est de %s", c0->id,
                 c0->sem ? c0->sem->id : "?", fixed->id);
        else
          report(r, DIAG_ERROR, col_loc(r, col), "aucun enseignement de %s n’a pour libellé %s", fixed->id,
                 qs(r, col->name));
        diag_note(r->d, "les notes de cette colonne ne sont pas lues ; un étudiant qui y a une note est en erreur");
        continue;
      }
      col->ncands = keep;
    }
    bool amb = false;
    for (int a = 0; a < col->ncands && !amb; a++)
      for (int b = a + 1; b < col->ncands && !amb; b++) amb = col->cands[a]->sem == col->cands[b]->sem;
    if (amb) {
      Buf b = {0};
      for (int i = 0; i < col->ncands; i++)
        buf_add(&b, "%s%s (%s)", i ? ", " : "", col->cands[i]->id, col->cands[i]->sem ? col->cands[i]->sem->id : "?");
      report(r, DIAG_ERROR, col_loc(r, col), "libellé ambigu %s : %s", qs(r, col->name), b.p);
      diag_note(r->d, "écrivez l’identifiant de l’enseignement ; les notes de cette colonne ne sont pas lues "
                      "et un étudiant qui y a une note est en erreur");
      free(b.p);
      continue;
    }
    int again = -1;
    for (int i = 0; i < col->ncands && again < 0; i++) {
      int ci = col->cands[i]->index;
      if (ci >= 0 && ci < m->ncourses && seen[ci]) again = i;
    }
    if (again >= 0) {
      int prev = seen[col->cands[again]->index];
      report(r, DIAG_ERROR, col_loc(r, col), "la colonne %s désigne le même enseignement (%s) que la colonne %d %s",
             qs(r, col->name), col->cands[again]->id, prev, qs(r, r->cols[prev - 1].name));
      diag_note(r->d, "les notes de cette colonne ne sont pas lues ; un étudiant qui y a une note est en erreur");
      continue;
    }
    for (int i = 0; i < col->ncands; i++)
      if (col->cands[i]->index >= 0 && col->cands[i]->index < m->ncourses) seen[col->cands[i]->index] = j + 1;
    col->role = ROLE_COURSECOL;
    nbad--;
    ncourse++;
  }
  free(seen);
  if (ncourse == 0 && nbad == 0) {
    report(r, DIAG_ERROR, col_loc(r, &r->cols[r->ci[ROLE_STUDENT]]), "forme large sans aucune colonne d’enseignement");
    diag_note(r->d, "chaque colonne de notes a pour titre l’identifiant d’un enseignement (ex. R3.01) "
                    "ou son libellé exact");
    if (r->ci[ROLE_COURSE] >= 0 || r->ci[ROLE_GRADE] >= 0)
      diag_note(r->d, "la forme longue demande les deux colonnes « course » et « grade »");
    note_header(r);
    ok = false;
  }
  return ok;
}

/* Is the piece p[0..n) of a header cell (trimmed here) a column name
** this reader knows: a role, or a course id? */
static bool known_name(Rd *r, const char *p, size_t n) {
  CsvField f = {p, n, 0, 0};
  Str s = trim(&f);
  if (s.n == 0) return false;
  for (int i = ROLE_STUDENT; i <= ROLE_GRADE; i++)
    if (str_ieq(s, role_names[i])) return true;
  return find_course(r, s) != NULL;
}

/* Number of known names among the pieces of s split on c. */
static int known_pieces(Rd *r, const char *s, char c) {
  int k = 0;
  for (const char *p = s;;) {
    const char *e = strchr(p, c);
    size_t n = e ? (size_t)(e - p) : strlen(p);
    k += known_name(r, p, n);
    if (!e) return k;
    p = e + 1;
  }
}

/* A header cell (unquoted) that holds another of , ; TAB separating known
** names: "year;semester" in a comma-separated header. Returns that
** separator, or '\0'. */
static char header_mixed(Rd *r, const CsvField *f, size_t n) {
  static const char cands[] = {',', ';', '\t'};
  for (size_t i = 0; i < n; i++) {
    if (!r->cols[i].name[0] || r->cols[i].role != ROLE_IGNORED) continue;
    Loc l = floc(r, &f[i]);
    if (l.first_column >= 1 && (size_t)l.first_column <= r->lc_len && r->lc_text[l.first_column - 1] == '"')
      continue; /* quoted: the separators in it are data */
    for (size_t k = 0; k < sizeof cands; k++)
      if (cands[k] != r->sep && strchr(r->cols[i].name, cands[k]) && known_pieces(r, r->cols[i].name, cands[k]) > 0)
        return cands[k];
  }
  return '\0';
}

/* A header of one cell that holds known names separated by a character
** that is not a separator ("student|year|…"): that character, or '\0'. */
static char header_unknown_sep(Rd *r) {
  static const char cands[] = "|:/#^~! ";
  if (r->ncols != 1) return '\0';
  const char *name = r->cols[0].name;
  char best = '\0';
  int most = 1;
  for (const char *c = cands; *c; c++) {
    if (!strchr(name, *c)) continue;
    int k = known_pieces(r, name, *c);
    if (k > most) {
      most = k;
      best = *c;
    }
  }
  return best;
}

/* Are there columns that name a course (wide form)? */
static bool any_course_column(Rd *r) {
  for (int j = 0; j < r->ncols; j++) {
    const Col *col = &r->cols[j];
    if (col->role != ROLE_IGNORED || !col->name[0]) continue;
    if (find_course(r, (Str){col->name, strlen(col->name)})) return true;
    for (int i = 0; i < r->m->ncourses; i++)
      if (r->m->courses[i]->label && strcmp(r->m->courses[i]->label, col->name) == 0) return true;
  }
  return false;
}

/* Reads the header record. Returns false when the lines cannot be read. */
static bool read_header(Rd *r, const CsvField *f, size_t n, const GradesOptions *opt) {
  r->ncols = (int)n;
  r->cols = xcalloc(n, sizeof *r->cols);
  for (int i = 0; i <= ROLE_GRADE; i++) r->ci[i] = -1;
  for (size_t i = 0; i < n; i++) {
    Str s = trim(&f[i]);
    Col *c = &r->cols[i];
    c->name = xmalloc(s.n + 1);
    memcpy(c->name, s.p, s.n);
    c->name[s.n] = '\0';
    c->line = f[i].line;
    c->col = f[i].col;
    c->role = role_of(c->name);
    if (c->role != ROLE_IGNORED && r->ci[c->role] < 0) r->ci[c->role] = (int)i;
  }
  r->line = f[0].line;
  char mixed = header_mixed(r, f, n);
  if (mixed) {
    report(r, DIAG_ERROR, line_loc(r, f[0].line), "l’en-tête mêle deux séparateurs : %s et %s", sep_name(r->sep),
           sep_name(mixed));
    diag_note(r->d, "%s, le plus fréquent, a été retenu ; un fichier n’utilise qu’un séparateur : la virgule, "
              "le point-virgule ou la tabulation", sep_name(r->sep));
    note_header(r);
    return false;
  }
  if (!check_dup_columns(r)) return false;
  bool has_course = r->ci[ROLE_COURSE] >= 0, has_grade = r->ci[ROLE_GRADE] >= 0;
  if ((has_course && has_grade) || ((has_course || has_grade) && !any_course_column(r))) {
    /* long form, or what can only be meant as one (a "course" column
       without "grade", or the reverse, and no column named by a course) */
    r->wide = false;
    bool ok = true;
    for (int i = ROLE_STUDENT; i <= ROLE_GRADE; i++)
      if (r->ci[i] < 0) {
        report(r, DIAG_ERROR, line_loc(r, f[0].line), "colonne « %s » absente de l’en-tête", role_names[i]);
        note_header(r);
        diag_note(r->d, "forme longue : colonnes student, year, semester, parcours, course, grade");
        /* a near name among the other columns ("cours", "note"…) */
        const char **names = xmalloc((size_t)r->ncols * sizeof *names);
        size_t k = 0;
        for (int j = 0; j < r->ncols; j++)
          if (r->cols[j].role == ROLE_IGNORED && r->cols[j].name[0] && strlen(r->cols[j].name) <= SOURCE_QUOTE_MAX)
            names[k++] = r->cols[j].name;
        const char *near = k ? suggest_best(role_names[i], names, k) : NULL;
        if (near) diag_note(r->d, "la colonne %s serait-elle « %s » ?", qs(r, near), role_names[i]);
        free(names);
        ok = false;
      }
    if (!ok) return false;
  } else if (r->ci[ROLE_STUDENT] >= 0) {
    r->wide = true;
    if (!wide_header(r, opt)) return false;
  } else {
    report(r, DIAG_ERROR, line_loc(r, f[0].line),
           "en-tête non reconnu : ni colonnes « course » et « grade » (forme longue) ni colonne « student » (forme large)");
    char un = header_unknown_sep(r);
    if (un == ' ')
      diag_note(r->d, "l’en-tête semble séparé par des espaces : les séparateurs reconnus sont la virgule, le "
                "point-virgule et la tabulation");
    else if (un)
      diag_note(r->d, "l’en-tête semble séparé par « %c » : les séparateurs reconnus sont la virgule, le "
                "point-virgule et la tabulation", un);
    note_header(r);
    return false;
  }
  note_ignored(r);
  return true;
}

/* ---- files --------------------------------------------------------------- */

static void report_csv(Rd *r, const CsvError *e) {
  char msg[512];
  csv_message_fr(e->msg, msg, sizeof msg);
  if (e->line == 0) {
    diag_file(r->d, DIAG_ERROR, r->src->name, "%s", msg);
  } else {
    int bc = byte_col(r, e->line, e->col);
    Loc l = {(int)e->line, bc, (int)e->line, bc + 1};
    diag_add(r->d, DIAG_ERROR, r->src, l, "%s", msg);
  }
}

static bool has_bom(const Source *s) {
  return s->len >= 3 && (unsigned char)s->text[0] == 0xEF && (unsigned char)s->text[1] == 0xBB &&
         (unsigned char)s->text[2] == 0xBF;
}

/* Does the text have a lone CR (a CR not followed by LF: an old Mac line end)? */
static bool has_lone_cr(const Source *s) {
  if (!s->has_cr) return false; /* (profiled when the lines were counted) */
  const char *t = s->text, *first = memchr(t, '\r', s->len);
  if (!first) return false; /* LF line ends */
  size_t i = (size_t)(first - t), n = s->len;
#if defined(__SSE2__)
  /* 16 CRs and the 16 bytes after them at a time (text[len] is a NUL) */
  const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
  for (; i + 16 <= n; i += 16) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(t + i + 1));
    if (_mm_movemask_epi8(_mm_andnot_si128(_mm_cmpeq_epi8(b, lf), _mm_cmpeq_epi8(a, cr)))) return true;
  }
#endif
  for (; i < n; i++)
    if (t[i] == '\r' && t[i + 1] != '\n') return true;
  return false;
}

/* Removes a UTF-8 byte order mark from the Source and turns lone CRs into
** LFs, so that the Source's lines and columns are the CSV reader's (which
** skips the mark and ends lines at LF, CRLF or CR). The bytes after the mark
** do not move (a reader may be borrowing them). */
static void normalise_source(Source *s, bool lone_cr) {
  if (has_bom(s)) source_drop_prefix(s, 3);
  if (!lone_cr) return;
  bool lone = false;
  char *p = s->text, *end = s->text + s->len;
  while (p < end && (p = memchr(p, '\r', (size_t)(end - p))) != NULL) {
    if (p + 1 == end || p[1] != '\n') {
      *p = '\n';
      lone = true;
    }
    p++;
  }
  if (lone) source_text_changed(s);
}

/* ---- lines that cannot be read as the header says ------------------------ */

/* Number of fields of the raw text t[0..len) split on c outside quotes. */
static size_t raw_count(const char *t, size_t len, char c) {
  size_t k = 1;
  bool quoted = false;
  for (size_t i = 0; i < len; i++) {
    if (t[i] == '"') quoted = !quoted;
    else if (!quoted && t[i] == c) k++;
  }
  return k;
}

/* Field k (0-based) of the raw text t[0..len) split on c outside quotes,
** trimmed; a simply quoted field ("…" without "" inside) loses its quotes.
** Empty when there is no such field or it cannot be read so simply. */
static Str raw_field(const char *t, size_t len, char c, size_t k) {
  size_t i = 0, st = 0, col = 0;
  bool quoted = false;
  for (; i < len; i++) {
    if (t[i] == '"') quoted = !quoted;
    else if (!quoted && t[i] == c) {
      if (col == k) break;
      col++;
      st = i + 1;
    }
  }
  if (col != k) return (Str){"", 0};
  CsvField f = {t + st, i - st, 0, 0};
  Str s = trim(&f);
  if (s.n >= 2 && s.p[0] == '"' && s.p[s.n - 1] == '"') {
    s.p++;
    s.n -= 2;
    f = (CsvField){s.p, s.n, 0, 0};
    s = trim(&f);
  }
  if (memchr(s.p, '"', s.n)) return (Str){"", 0};
  return s;
}

/* The separator a line of nf fields seems to use instead of the header's:
** the one of , ; TAB (not sep) that splits the line's text into the
** header's number of fields, or one more or one less (and more than nf), or
** '\0'. *exact: it gives exactly the header's number. */
static char other_separator(Rd *r, unsigned line, size_t nf, bool *exact) {
  static const char cands[] = {',', ';', '\t'};
  size_t len;
  const char *t = source_line(r->src, (int)line, &len);
  size_t want = (size_t)r->ncols;
  char best = '\0';
  size_t best_d = 2;
  for (size_t i = 0; i < sizeof cands; i++) {
    char c = cands[i];
    if (c == r->sep || !memchr(t, c, len)) continue;
    size_t k = raw_count(t, len, c), dist = k > want ? k - want : want - k;
    if (k <= nf || k < 2 || dist >= best_d) continue;
    best = c;
    best_d = dist;
  }
  *exact = best && best_d == 0;
  return best;
}

/* Marks the student with this id (checked by the caller), adding it when
** `add`; else only remembered, and marked by cohort_finish if it is a
** student then. */
static void mark_student_id(Rd *r, Str id, bool add) {
  Cohort *c = r->c;
  if (!add) {
    long k = find_student(c, id.p, id.n, hash_bytes(id.p, id.n));
    if (k < 0) {
      if (c->npend == c->cappend) {
        c->cappend = c->cappend ? c->cappend * 2 : 16;
        c->pend = xrealloc(c->pend, c->cappend * sizeof *c->pend);
      }
      c->pend[c->npend++] = arena_strndup(c->arena, id.p, id.n);
      return;
    }
    r->cur_si = (size_t)k;
  } else {
    r->cur_si = student_of(c, id.p, id.n);
  }
  r->has_student = true;
  r->cur_yj = -1;
  mark_error(r);
}

/* Best effort: marks the student of a line the CSV reader could not read
** (its raw text split on the separator, up to the student column). */
static void mark_raw_line(Rd *r, unsigned line) {
  int sc = r->ci[ROLE_STUDENT];
  if (sc < 0 || !r->sep) return;
  size_t len;
  const char *t = source_line(r->src, (int)line, &len);
  Str s = raw_field(t, len, r->sep, (size_t)sc);
  if (id_ok(s)) mark_student_id(r, s, true);
}

/* Are the field's text (trimmed) digits only, at least one? */
static bool all_digits(const CsvField *f) {
  Str s = trim(f);
  if (s.n == 0) return false;
  for (size_t i = 0; i < s.n; i++)
    if (!is_digit(s.p[i])) return false;
  return true;
}

/* Could the line's one field too many be a grade with a decimal comma,
** unquoted in a comma-separated file: a grade field of digits followed by
** a field of digits ("12,5" read as "12" and "5")? */
static bool split_decimal(Rd *r, const CsvField *f, size_t n) {
  if (r->sep != ',' || n != (size_t)r->ncols + 1) return false;
  if (!r->wide) {
    int g = r->ci[ROLE_GRADE];
    return g >= 0 && all_digits(&f[g]) && all_digits(&f[g + 1]);
  }
  for (int j = 0; j < r->ncols; j++)
    if (r->cols[j].role == ROLE_COURSECOL && all_digits(&f[j]) && all_digits(&f[j + 1])) return true;
  return false;
}

/* A record of n fields where the header has another number: reported (and
** why, when the line seems to use another separator); its student, when
** it can be told, is marked. */
static void wrong_count(Rd *r, const CsvField *f, size_t n) {
  bool exact = false;
  char other = other_separator(r, f[0].line, n, &exact);
  Loc loc = (int)n > r->ncols ? floc(r, &f[r->ncols]) : line_loc(r, f[0].line);
  if (other)
    report(r, DIAG_ERROR, loc, "la ligne a %zu champ%s, l’en-tête en a %d : la ligne semble séparée par %s alors "
           "que l’en-tête utilise %s", n, n > 1 ? "s" : "", r->ncols, sep_name(other), sep_name(r->sep));
  else
    report(r, DIAG_ERROR, loc, "la ligne a %zu champ%s, l’en-tête en a %d", n, n > 1 ? "s" : "", r->ncols);
  if (!other && split_decimal(r, f, n))
    diag_note(r->d, "avec la virgule pour séparateur, une note à virgule décimale s’écrit entre guillemets : \"12,5\"");
  int sc = r->ci[ROLE_STUDENT];
  if (sc < 0) return;
  if (other) {
    /* the student column of the line split on its own separator: sure when
       the line has then the header's number of fields, else only if that
       id is a student */
    size_t len;
    const char *t = source_line(r->src, (int)f[0].line, &len);
    Str id = raw_field(t, len, other, (size_t)sc);
    if (id_ok(id)) mark_student_id(r, id, exact);
  } else if ((size_t)sc < n) {
    Str id = trim(&f[sc]);
    if (id_ok(id)) mark_student_id(r, id, true);
  }
}

/* Reads a loaded file (src is given to the Cohort or freed). */
static int read_source(Cohort *c, const Model *m, Source *src, const GradesOptions *opt, Diags *d) {
  if (c->nfiles >= (int)MAX_FILES) {
    diag_file(d, DIAG_ERROR, arena_strdup(c->arena, src->name), "trop de fichiers de notes (au plus %u)", MAX_FILES);
    source_free(src);
    return -1;
  }
  bool blank = true;
  for (size_t i = has_bom(src) ? 3 : 0; i < src->len && blank; i++)
    blank = src->text[i] == ' ' || src->text[i] == '\t' || src->text[i] == '\r' || src->text[i] == '\n';
  if (blank) {
    diag_file(d, DIAG_ERROR, arena_strdup(c->arena, src->name), "fichier vide : aucune note");
    source_free(src);
    return -1;
  }
  /* The reader borrows the Source's bytes (no copy of valid UTF-8), then
  ** the Source is normalised for quoting; this does not move or change the
  ** bytes the reader sees, except lone CRs: turned into LFs, they would
  ** change the text of quoted fields that hold one, so a file that has them
  ** is copied by the reader first. */
  CsvError e;
  bool lone_cr = has_lone_cr(src);
  CsvReader *cr = lone_cr ? csv_open(src->name, src->text, src->len, &e)
           : src->plain ? csv_open_borrow_ascii(src->name, src->text, src->len, '\0', &e)
                        : csv_open_borrow(src->name, src->text, src->len, '\0', &e);
  /* the Cohort keeps the Source: diagnostics quote it */
  normalise_source(src, lone_cr);
  if (c->nfiles == c->capfiles) {
    c->capfiles = c->capfiles ? c->capfiles * 2 : 4;
    c->srcs = xrealloc(c->srcs, (size_t)c->capfiles * sizeof *c->srcs);
  }
  Rd rd;
  memset(&rd, 0, sizeof rd);
  Rd *r = &rd;
  r->c = c;
  r->m = m;
  r->d = d;
  r->src = src;
  r->file = (uint16_t)c->nfiles;
  c->srcs[c->nfiles++] = src;
  if (!cr) {
    report_csv(r, &e);
    return -1;
  }
  if (strcmp(csv_encoding(cr), "Windows-1252") == 0) {
    /* diagnostics quote the text the reader reads, converted: the
       characters the user sees, at the reader's columns (the reader has
       its own copy: the raw bytes are not borrowed) */
    size_t tlen;
    const char *text = csv_text(cr, &tlen);
    Source *u = source_from_memory(src->name, text, tlen);
    normalise_source(u, has_lone_cr(u));
    source_free(src);
    src = u;
    r->src = u;
    c->srcs[r->file] = u;
    diag_file(d, DIAG_WARNING, src->name, "fichier lu comme du Windows-1252 et converti en UTF-8");
    diag_note(d, "pour éviter toute ambiguïté, enregistrez-le au format « CSV UTF-8 »");
  }
  if (!c->words) c->words = m->ncourses > 0 ? (m->ncourses + 63) / 64 : 1;
  mpq_init(r->q);
  mpz_init(r->z);

  const CsvField *f;
  size_t n;
  int rc;
  bool header = false, usable = false, header_err = false;
  uint64_t nrec = 0;
  r->sep = csv_separator(cr);
  for (;;) {
    size_t pn;
    if (usable && r->ctx_ok && r->tail_ok) {
      /* the usual line of the long form: the context of the line before */
      size_t ntail = (size_t)(r->ncols - r->ctx_last - 1);
      if (csv_peek_plain_after(cr, r->ctx_key, r->ctx_len, &r->pf[r->ctx_last + 1], ntail, &pn) && pn == ntail) {
        csv_skip_plain(cr);
        nrec++;
        begin_line(r, r->pf[r->ctx_last + 1].line);
        long_line_after_key(r, r->pf);
        continue;
      }
    }
    if (usable && !r->wide && csv_peek_plain(cr, r->pf, (size_t)r->ncols, &pn) && pn == (size_t)r->ncols) {
      /* the usual line: the same fields as csv_next's, in the input */
      csv_skip_plain(cr);
      nrec++;
      begin_line(r, r->pf[0].line);
      long_line(r, r->pf, r->pf[0].text);
      continue;
    }
    if ((rc = csv_next(cr, &f, &n, &e)) == 0) break;
    if (rc < 0) {
      report_csv(r, &e);
      if (!header) {
        header_err = true; /* no header: nothing can be read */
        break;
      }
      nrec++;
      mark_raw_line(r, e.line);
      continue;
    }
    if (!header) {
      header = true;
      usable = read_header(r, f, n, opt);
      if (!usable) break;
      r->pf = xmalloc((size_t)r->ncols * sizeof *r->pf);
      r->ctx_last = r->ci[ROLE_STUDENT];
      const int roles[] = {ROLE_YEAR, ROLE_SEMESTER, ROLE_PARCOURS};
      for (int i = 0; i < 3; i++)
        if (r->ci[roles[i]] > r->ctx_last) r->ctx_last = r->ci[roles[i]];
      r->tail_ok = !r->wide && r->ci[ROLE_COURSE] > r->ctx_last && r->ci[ROLE_GRADE] > r->ctx_last;
      continue;
    }
    nrec++;
    begin_line(r, f[0].line);
    if ((int)n != r->ncols) {
      wrong_count(r, f, n);
      continue;
    }
    if (r->wide) wide_line(r, f);
    else long_line(r, f, NULL);
  }
  stage_seal(r);
  c->lines += nrec;
  if (!header && !header_err) diag_file(d, DIAG_ERROR, src->name, "fichier vide : aucune note");
  else if (usable && nrec == 0) diag_file(d, DIAG_ERROR, src->name, "le fichier n’a qu’un en-tête : aucune note");
  csv_close(cr);
  for (int i = 0; i < r->ncols; i++) {
    free(r->cols[i].name);
    free(r->cols[i].cands);
  }
  free(r->cols);
  free(r->course_ids);
  free(r->tmp);
  free(r->dup_ids.p);
  free(r->stage);
  free(r->pf);
  free(r->ctx_key);
  free(r->ctab);
  free(r->ctab_len);
  mpq_clear(r->q);
  mpz_clear(r->z);
  return header ? 0 : -1;
}

int grades_read_file(Cohort *c, const Model *m, const char *path, const GradesOptions *opt, Diags *d) {
  const char *name = arena_strdup(c->arena, path);
  struct stat st;
  if (stat(path, &st) != 0) {
    int e = errno;
    if (e == ENOENT) diag_file(d, DIAG_ERROR, name, "fichier de notes introuvable");
    else diag_file(d, DIAG_ERROR, name, "fichier de notes illisible : %s", source_strerror(e));
    return -1;
  }
  if (S_ISDIR(st.st_mode)) {
    diag_file(d, DIAG_ERROR, name, "c’est un dossier, pas un fichier de notes");
    return -1;
  }
  char err[512];
  Source *src = source_load(path, err, sizeof err);
  if (!src) {
    int e = errno;
    if (e == EISDIR) diag_file(d, DIAG_ERROR, name, "c’est un dossier, pas un fichier de notes");
    else diag_file(d, DIAG_ERROR, name, "fichier de notes illisible : %s", source_strerror(e));
    return -1;
  }
  return read_source(c, m, src, opt, d);
}

int grades_read_memory(Cohort *c, const Model *m, const char *name, const char *data, size_t len,
                       const GradesOptions *opt, Diags *d) {
  return read_source(c, m, source_from_memory(name, data, len), opt, d);
}

/* ---- finishing ----------------------------------------------------------- */

static int cmp_srec(const void *a, const void *b) {
  return strcmp(((const SRec *)a)->s.id, ((const SRec *)b)->s.id);
}

static void fin_report(Cohort *c, Diags *d, const StudentYear *y, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static void fin_report(Cohort *c, Diags *d, const StudentYear *y, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = xmalloc(k > 0 ? (size_t)k + 1 : 1);
  va_start(ap, fmt);
  vsnprintf(msg, k > 0 ? (size_t)k + 1 : 1, fmt, ap);
  va_end(ap);
  const Source *src = y->file < c->nfiles ? c->srcs[y->file] : NULL;
  size_t len = 0;
  if (src) source_line(src, (int)y->line, &len);
  Loc l = {(int)y->line, 1, (int)y->line, (int)len + 1};
  diag_add(d, DIAG_ERROR, src, l, "%s", msg);
  free(msg);
}

/* The student's id as messages show it: made in buf (SOURCE_QUOTE_SIZE bytes,
** buf[0] == '\0' until then) the first time a message needs it. */
static const char *quoted_id(char *buf, const SRec *rec) {
  if (!buf[0]) source_quote(buf, SOURCE_QUOTE_SIZE, rec->s.id, rec->idlen, false);
  return buf;
}

void cohort_finish(Cohort *c, const Model *m, bool (*has_history)(const char *id, void *ctx), void *ctx,
                   Diags *d) {
  /* files grouped by student in id order (the usual export) are sorted
     already: one pass over neighbouring ids, no sort, no new hash table */
  size_t up = 1;
  while (up < c->nst && cmp_srec(&c->st[up - 1], &c->st[up]) < 0) up++;
  if (up < c->nst) {
    qsort(c->st, c->nst, sizeof *c->st, cmp_srec);
    tab_rebuild(c, c->tabcap);
  }
  /* ids recovered from lines that could not be read: students now? */
  for (size_t i = 0; i < c->npend; i++) {
    size_t n = strlen(c->pend[i]);
    long k = find_student(c, c->pend[i], n, hash_bytes(c->pend[i], n));
    if (k >= 0) c->st[k].s.error = true;
  }
  MSemester *by_num[MAX_SEM + 1] = {0};
  for (int i = 0; i < m->nsems; i++)
    if (m->sems[i]->num >= 1 && m->sems[i]->num <= MAX_SEM) by_num[m->sems[i]->num] = m->sems[i];
  for (size_t i = 0; i < c->nst; i++) {
    SRec *rec = &c->st[i];
    Student *s = &rec->s;
    char sid[SOURCE_QUOTE_SIZE]; /* the id as messages show it (quoted_id: when one needs it) */
    sid[0] = '\0';
    /* years by start (insertion sort: a handful per student) */
    for (int a = 1; a < s->nyears; a++) {
      StudentYear y = s->years[a];
      YearX x = rec->x[a];
      int b = a;
      for (; b > 0 && s->years[b - 1].start > y.start; b--) {
        s->years[b] = s->years[b - 1];
        rec->x[b] = rec->x[b - 1];
      }
      s->years[b] = y;
      rec->x[b] = x;
    }
    for (int j = 0; j < s->nyears; j++) {
      StudentYear *y = &s->years[j];
      YearX *x = &rec->x[j];
      /* sealed: exactly its grades (in the arena, or on the heap: stage_seal) */
      assert(y->cap == y->ngrades && (y->ngrades == 0) == (y->grades == NULL));
      /* semesters of two BUT years */
      int lv = 0;
      bool two = false;
      for (int sn = 1; sn <= MAX_SEM; sn++) {
        if (!(y->sems >> sn & 1u)) continue;
        MSemester *ms = by_num[sn];
        if (!ms || !ms->year) continue;
        if (lv && ms->year->num != lv) two = true;
        if (!lv) lv = ms->year->num;
      }
      if (two) {
        Buf sb = {0};
        for (int sn = 1; sn <= MAX_SEM; sn++) {
          if (!(y->sems >> sn & 1u)) continue;
          MSemester *ms = by_num[sn];
          if (ms && ms->year) buf_add(&sb, "%s%s (BUT %d)", sb.n ? ", " : "", ms->id, ms->year->num);
        }
        fin_report(c, d, y, "l’étudiant %s a en %s des semestres de deux années de BUT : %s", quoted_id(sid, rec),
                   y->year, sb.p);
        diag_note(d, "une année universitaire ne relève que d’une année de BUT ; vérifiez l’année ou le semestre "
                     "des lignes de cet étudiant");
        y->error = true;
        free(sb.p);
      }
      /* parcours required (an unknown one was reported already) */
      if (y->parcours < 0 && x->bad_parcours) {
        y->error = true;
      } else if (y->parcours < 0) {
        for (int sn = 1; sn <= MAX_SEM; sn++) {
          if (!(y->sems >> sn & 1u) || !by_num[sn] || !by_num[sn]->needs_parcours) continue;
          Buf pb = {0};
          list_parcours(m, &pb);
          fin_report(c, d, y, "parcours manquant pour l’étudiant %s en %s : les règles de %s dépendent du parcours",
                     quoted_id(sid, rec), y->year, by_num[sn]->id);
          diag_note(d, "indiquez le parcours (%s) dans la colonne « parcours »", buf_str(&pb));
          free(pb.p);
          y->error = true;
          break;
        }
      } else if (x->unchecked && !x->two_parcours) {
        /* grades read before the parcours was known */
        for (uint32_t g = 0; g < y->ngrades; g++) {
          const Grade *gr = &y->grades[g];
          if (gr->course < 0 || gr->course >= m->ncourses) continue;
          const MCourse *k = m->courses[gr->course];
          if (pmask_has(k->parcours, y->parcours)) continue;
          const Source *src = gr->file < c->nfiles ? c->srcs[gr->file] : NULL;
          size_t len = 0;
          if (src) source_line(src, (int)gr->line, &len);
          Loc l = {(int)gr->line, 1, (int)gr->line, (int)len + 1};
          diag_add(d, DIAG_ERROR, src, l, "« %s » n’est pas un enseignement du parcours %s de l’étudiant %s en %s",
                   k->id, parcours_id(m, y->parcours), quoted_id(sid, rec), y->year);
          y->error = true;
        }
      }
      if (y->error) s->error = true;
    }
    /* history starting in BUT 1 */
    if (s->nyears > 0 && s->years[0].level > 1 && !(has_history && has_history(s->id, ctx))) {
      const StudentYear *y = &s->years[0];
      fin_report(c, d, y, "l’historique de l’étudiant %s commence en BUT %d (%s) sans décisions antérieures",
                 quoted_id(sid, rec), y->level, y->year);
      diag_note(d, "donnez les notes des années précédentes, ou leurs décisions comme historique");
      s->error = true;
    }
  }
}
