/*
** source.c — loading input files and indexing their lines.
**
** The line count is made when the bytes are loaded (LF bytes counted 16 at
** a time); the index of line starts of a large file is built on the first
** request for a line (source_line), typically by a diagnostic, so that
** reading a large file without errors costs no more than its bytes.
*/
/* madvise (MADV_HUGEPAGE) is not POSIX: glibc's default set has it. */
#define _DEFAULT_SOURCE 1

#include "source.h"
#include "arena.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Number of LF bytes in p[0..n), a word at a time. */
static size_t count_lf_words(const char *p, size_t n) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u, lows = 0x7F7F7F7F7F7F7F7Fu;
  const uint64_t lf = ones * (uint64_t)'\n';
  size_t k = 0, i = 0;
  /* a byte of x is zero iff its byte of the input is LF; for each byte,
     ((b & 0x7F) + 0x7F) | b has its high bit set iff b != 0 */
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    uint64_t x = w ^ lf;
    uint64_t t = ~(((x & lows) + lows) | x) & highs; /* 0x80 where the byte is LF */
    k += (size_t)(((t >> 7) * ones) >> 56);
  }
  for (; i < n; i++) k += p[i] == '\n';
  return k;
}

/* Number of LF bytes in p[0..n). */
static size_t count_lf(const char *p, size_t n) {
  size_t k = 0, i = 0;
#if defined(__SSE2__)
  /* 16 bytes at a time: each lane counts its LFs (a compare gives -1) for
     at most 255 rounds, then the lanes are summed */
  const __m128i lf16 = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
  while (n - i >= 16) {
    size_t rounds = (n - i) / 16;
    if (rounds > 255) rounds = 255;
    __m128i acc = zero;
    for (size_t j = 0; j < rounds; j++, i += 16)
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), lf16));
    __m128i sums = _mm_sad_epu8(acc, zero); /* two 64-bit lane sums */
    k += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
  }
#endif
  return k + count_lf_words(p + i, n - i);
}

/* Counts the lines of s and profiles its bytes in the same pass (the
** readers then skip whole-file scans of their own): `plain` when no byte
** after a leading UTF-8 byte order mark is a NUL or >= 0x80, `has_cr` when
** a byte is a CR. */
static void count_lines(Source *s) {
  const char *p = s->text;
  size_t n = s->len, i = 0, k = 0;
  size_t from = n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF ? 3 : 0;
  bool odd = false, cr = false;
#if defined(__SSE2__)
  /* as count_lf, with OR-accumulators of the high bits, the NULs and the CRs */
  const __m128i lf16 = _mm_set1_epi8('\n'), cr16 = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
  __m128i bad = zero, crs = zero;
  i = from;
  while (n - i >= 16) {
    size_t rounds = (n - i) / 16;
    if (rounds > 255) rounds = 255;
    __m128i acc = zero;
    for (size_t j = 0; j < rounds; j++, i += 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, lf16));
      bad = _mm_or_si128(bad, _mm_or_si128(v, _mm_cmpeq_epi8(v, zero)));
      crs = _mm_or_si128(crs, _mm_cmpeq_epi8(v, cr16));
    }
    __m128i sums = _mm_sad_epu8(acc, zero);
    k += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
  }
  odd = _mm_movemask_epi8(bad) != 0;
  cr = _mm_movemask_epi8(crs) != 0;
  k += count_lf(p, from); /* (a byte order mark has no LF: 0) */
#endif
  for (size_t j = i; j < n; j++) {
    unsigned char c = (unsigned char)p[j];
    odd |= (c == 0 || c >= 0x80) && j >= from;
    cr |= c == '\r';
  }
  s->nlines = 1 + k + count_lf_words(p + i, n - i);
  s->plain = !odd;
  s->has_cr = cr;
}

static void forget_index(Source *s) {
  free(s->lines32);
  free(s->lines64);
  s->lines32 = NULL;
  s->lines64 = NULL;
}

/* Builds the index of line starts (nlines entries). */
static void build_index(Source *s) {
  if (s->lines32 || s->lines64) return;
  size_t n = 0;
  const char *t = s->text, *end = s->text + s->len, *p = t;
  if (s->len < UINT32_MAX) {
    uint32_t *v = xmalloc(s->nlines * sizeof *v);
    v[n++] = 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) v[n++] = (uint32_t)(++p - t);
    s->lines32 = v;
  } else {
    size_t *v = xmalloc(s->nlines * sizeof *v);
    v[n++] = 0;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) v[n++] = (size_t)(++p - t);
    s->lines64 = v;
  }
}

void source_index(Source *s) { build_index(s); }

/* Start offset of line i (0-based, i < nlines); the index exists. */
static size_t line_start(const Source *s, size_t i) {
  return s->lines32 ? s->lines32[i] : s->lines64[i];
}

#define INDEX_AT_LOAD ((size_t)1 << 20) /* up to this size, a file is indexed at once */

static Source *wrap(const char *name, char *buf, size_t len) {
  Source *s = xcalloc(1, sizeof *s);
  s->name = xstrdup(name);
  s->base = s->text = buf;
  s->text[len] = '\0';
  s->len = len;
  count_lines(s);
  /* small files (rules, overrides...) cost nothing to index: they are then
  ** never written again, whoever reads them */
  if (len <= INDEX_AT_LOAD) build_index(s);
  return s;
}

Source *source_from_memory(const char *name, const char *data, size_t len) {
  char *buf = xmalloc(len + 1);
  if (len) memcpy(buf, data, len);
  return wrap(name, buf, len);
}

#define HUGE_PAGE ((size_t)2 << 20) /* x86-64 and arm64 (4K pages) transparent huge page */
#define HUGE_MIN ((size_t)8 << 20)  /* from this size on, a file is read into huge pages */

/* A buffer of at least n bytes for reading a file. For a large file, one
** aligned on huge pages and advised to use them where the system allows it
** (Linux THP): filling it then takes one page fault per 2 MiB rather than
** per 4 KiB, which is most of the cost of loading a large file. */
static char *read_buffer(size_t *n) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (*n >= HUGE_MIN && *n <= SIZE_MAX - HUGE_PAGE) {
    size_t cap = (*n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    char *p = aligned_alloc(HUGE_PAGE, cap);
    if (p) {
      (void)madvise(p, cap, MADV_HUGEPAGE); /* advice only: ignore failure */
      *n = cap;
      return p;
    }
  }
#endif
  return xmalloc(*n);
}

#define MAP_MIN ((size_t)8 << 20) /* from this size on, a regular file is mapped rather than read */

/* The bytes of the regular file open on fd, len of them (len > 0), mapped
** privately (copy on write: the in-place normalisations of the readers
** never reach the file) and followed by at least one zero byte: the part of
** the last page after the end of the file is zero, and an anonymous page
** is reserved after the file's pages for a file that ends on a page
** boundary. Nothing is copied and no fresh memory is cleared, which is most
** of the cost of reading a large file. NULL when the system refuses (the
** caller then reads the file); *maplen is the size to unmap. */
static char *map_file(int fd, size_t len, size_t *maplen) {
#if defined(MAP_ANONYMOUS) && defined(MAP_FIXED)
  long pg = sysconf(_SC_PAGESIZE);
  if (pg <= 0) return NULL;
  size_t page = (size_t)pg, pages = len / page * page + (len % page ? page : 0);
  if (len == 0 || pages > SIZE_MAX - page) return NULL;
  size_t total = pages + page;
  char *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  if (mmap(p, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
    munmap(p, total);
    return NULL;
  }
#if defined(MADV_WILLNEED)
  (void)madvise(p, pages, MADV_WILLNEED); /* read ahead if not cached: advice only */
#endif
  *maplen = total;
  return p;
#else
  (void)fd;
  (void)len;
  (void)maplen;
  return NULL;
#endif
}

const char *source_strerror(int e) {
  switch (e) {
  case ENOENT: return "fichier introuvable";
  case EACCES:
  case EPERM: return "permission refusée";
  case EISDIR: return "c’est un dossier";
  case ENOTDIR: return "un élément du chemin n’est pas un dossier";
  case ELOOP: return "trop de liens symboliques (boucle ?)";
  case EIO: return "erreur d’entrée-sortie";
  case ENAMETOOLONG: return "nom trop long";
  case ENOMEM: return "mémoire épuisée";
  case ENOSPC: return "plus de place sur le disque";
  case EMFILE:
  case ENFILE: return "trop de fichiers ouverts";
  default: return strerror(e);
  }
}

static void load_error(char *err, size_t errlen, const char *path, int e) {
  if (e == EISDIR) snprintf(err, errlen, "« %s » est un dossier, pas un fichier", path);
  else snprintf(err, errlen, "impossible de lire « %s » : %s", path, source_strerror(e));
  errno = e;
}

Source *source_load(const char *path, char *err, size_t errlen) {
  struct stat st;
  if (stat(path, &st) != 0) {
    load_error(err, errlen, path, errno);
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    load_error(err, errlen, path, EISDIR);
    return NULL;
  }
  if (S_ISREG(st.st_mode) && st.st_size >= 0 && (uintmax_t)st.st_size >= MAP_MIN &&
      (uintmax_t)st.st_size < SIZE_MAX / 2) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      load_error(err, errlen, path, errno);
      return NULL;
    }
    struct stat now;
    size_t maplen = 0;
    char *p = fstat(fd, &now) == 0 && S_ISREG(now.st_mode) && now.st_size > 0 && (uintmax_t)now.st_size < SIZE_MAX / 2
                ? map_file(fd, (size_t)now.st_size, &maplen)
                : NULL;
    close(fd);
    if (p) {
      Source *s = wrap(path, p, (size_t)now.st_size);
      s->maplen = maplen;
      return s;
    }
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    load_error(err, errlen, path, errno);
    return NULL;
  }
  /* a regular file: its size and one byte more, so that the read that
     finds the end needs no growth (the size may change meanwhile: grow) */
  size_t cap = 65536, len = 0;
  if (S_ISREG(st.st_mode) && st.st_size >= 0 && (uintmax_t)st.st_size < SIZE_MAX / 2)
    cap = (size_t)st.st_size + 1;
  char *buf = read_buffer(&cap);
  for (;;) {
    if (len == cap) {
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  int saved = errno;
  fclose(f);
  if (bad) {
    free(buf);
    load_error(err, errlen, path, saved);
    return NULL;
  }
  /* give back what the file did not fill (but the rounding to a huge page) */
  if (cap - (len + 1) >= HUGE_PAGE || (cap < HUGE_MIN && len + 1 != cap)) buf = xrealloc(buf, len + 1);
  return wrap(path, buf, len);
}

void source_free(Source *s) {
  if (!s) return;
  free(s->name);
  if (s->maplen) munmap(s->base, s->maplen);
  else free(s->base);
  forget_index(s);
  free(s);
}

void source_drop_prefix(Source *s, size_t n) {
  if (n > s->len) n = s->len;
  bool had = s->lines32 || s->lines64;
  forget_index(s);
  s->nlines -= count_lf(s->text, n);
  s->text += n;
  s->len -= n;
  if (had) build_index(s);
}

void source_text_changed(Source *s) {
  bool had = s->lines32 || s->lines64;
  forget_index(s);
  count_lines(s);
  if (had) build_index(s);
}

const char *source_line(const Source *s, int line, size_t *len) {
  if (line < 1 || (size_t)line > s->nlines) {
    *len = 0;
    return "";
  }
  /* the index is built on first use: every Source is allocated by this
     file, never const, so writing through the cast is well defined */
  build_index((Source *)s);
  size_t start = line_start(s, (size_t)line - 1);
  size_t end = (size_t)line < s->nlines ? line_start(s, (size_t)line) - 1 : s->len;
  if (end > start && s->text[end - 1] == '\r') end--;
  *len = end - start;
  return s->text + start;
}

int source_char_col(const Source *s, int line, int bcol) {
  size_t len;
  const char *p = source_line(s, line, &len);
  int col = 1;
  size_t i0 = 0;
  /* a byte order mark is not a character the author sees */
  if (line == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    i0 = 3;
    if ((size_t)bcol <= 4) return 1;
  }
  for (size_t i = i0; i + 1 < (size_t)bcol && i < len; i++)
    if (((unsigned char)p[i] & 0xC0) != 0x80) col++;
  /* bytes past the end of line still count one column each */
  if ((size_t)bcol > len + 1) col += bcol - (int)len - 1;
  return col;
}

/* ---- quoting input values in messages ---- */

size_t source_utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (k == 0 || k > n) return 0;
  for (size_t i = 1; i < k; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
      (c == 0xF4 && s[1] >= 0x90))
    return 0;
  return k;
}

const char *source_count(char *buf, size_t size, unsigned long long n) {
  char digits[32];
  int k = snprintf(digits, sizeof digits, "%llu", n);
  size_t o = 0;
  for (int i = 0; i < k && o + 2 < size; i++) {
    if (i > 0 && (k - i) % 3 == 0) buf[o++] = ' ';
    buf[o++] = digits[i];
  }
  if (size) buf[o < size ? o : size - 1] = '\0';
  return buf;
}

const char *source_quote(char *buf, size_t size, const char *p, size_t n, bool quotes) {
  if (size == 0) return buf;
  const unsigned char *u = (const unsigned char *)p;
  /* characters: a valid UTF-8 sequence or a stray byte each */
  size_t nch = 0;
  for (size_t i = 0; i < n && nch <= SOURCE_QUOTE_MAX; nch++) {
    size_t k = source_utf8_len(u + i, n - i);
    i += k ? k : 1;
  }
  bool cut = nch > SOURCE_QUOTE_MAX;
  size_t keep = cut ? SOURCE_QUOTE_KEEP : nch;
  size_t o = 0;
#define PUT(...)                                                  \
  do {                                                            \
    int w_ = snprintf(buf + o, size - o, __VA_ARGS__);            \
    if (w_ < 0 || (size_t)w_ >= size - o) return buf;             \
    o += (size_t)w_;                                              \
  } while (0)
  buf[0] = '\0';
  if (quotes) PUT("« ");
  size_t i = 0;
  for (size_t c = 0; c < keep && i < n; c++) {
    size_t k = source_utf8_len(u + i, n - i);
    if (k == 0) {
      PUT("\\x%02X", u[i]);
      k = 1;
    } else if (u[i] == '\t') PUT("\\t");
    else if (u[i] == '\n') PUT("\\n");
    else if (u[i] == '\r') PUT("\\r");
    else if (u[i] < 0x20 || u[i] == 0x7F) PUT("\\x%02X", u[i]);
    else if (k == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0) PUT("\\u%04X", (unsigned)u[i + 1]); /* C1 controls */
    else { /* a printable character, copied as it is (no snprintf per character) */
      if (k >= size - o) return buf;
      memcpy(buf + o, p + i, k);
      o += k;
      buf[o] = '\0';
    }
    i += k;
  }
  if (cut) {
    PUT("…");
    if (quotes) PUT(" »");
    /* the length in characters (the whole value: counted now) */
    size_t total = 0;
    for (size_t j = 0; j < n; total++) {
      size_t k = source_utf8_len(u + j, n - j);
      j += k ? k : 1;
    }
    char num[32];
    PUT(" (%s caractères)", source_count(num, sizeof num, total));
  } else if (quotes) {
    PUT(" »");
  }
#undef PUT
  return buf;
}

const char *source_id_problem(const char *id, size_t n, char *buf, size_t size) {
  if (n > SOURCE_ID_MAX) {
    snprintf(buf, size, "trop long (%zu octets, au plus %d)", n, SOURCE_ID_MAX);
    return buf;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)id[i];
    unsigned cp = ch < 0x20 || ch == 0x7F ? ch : 0x100;
    if (ch == 0xC2 && i + 1 < n && (unsigned char)id[i + 1] >= 0x80 && (unsigned char)id[i + 1] < 0xA0)
      cp = (unsigned char)id[i + 1]; /* U+0080..U+009F */
    if (cp == 0x100) continue;
    if (cp == '\t') return "il contient une tabulation";
    if (cp == '\n') return "il contient un saut de ligne";
    if (cp == '\r') return "il contient un retour chariot";
    snprintf(buf, size, "il contient le caractère de contrôle U+%04X", cp);
    return buf;
  }
  return NULL;
}
