/*
** suggest.c — "did you mean" (see suggest.h).
*/
#include "suggest.h"
#include "arena.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Fold a UTF-8 word to code points: case-folded, accents stripped. */
static size_t fold(const char *s, utf8proc_int32_t **out) {
  utf8proc_uint8_t *f = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &f,
                                    UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE |
                                    UTF8PROC_STRIPMARK);
  if (n < 0) { /* invalid UTF-8: compare bytes */
    size_t len = strlen(s);
    *out = xmalloc((len + 1) * sizeof **out);
    for (size_t i = 0; i < len; i++) (*out)[i] = (unsigned char)s[i];
    return len;
  }
  *out = xmalloc(((size_t)n + 1) * sizeof **out);
  size_t k = 0;
  utf8proc_ssize_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t w = utf8proc_iterate(f + i, n - i, &cp);
    if (w <= 0) break;
    (*out)[k++] = cp;
    i += w;
  }
  free(f);
  return k;
}

static int osa(const utf8proc_int32_t *a, size_t n, const utf8proc_int32_t *b, size_t m) {
  int *d = xmalloc((n + 1) * (m + 1) * sizeof *d);
#define D(i, j) d[(i) * (m + 1) + (j)]
  for (size_t i = 0; i <= n; i++) D(i, 0) = (int)i;
  for (size_t j = 0; j <= m; j++) D(0, j) = (int)j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      int cost = a[i - 1] != b[j - 1];
      int v = D(i - 1, j) + 1;
      if (D(i, j - 1) + 1 < v) v = D(i, j - 1) + 1;
      if (D(i - 1, j - 1) + cost < v) v = D(i - 1, j - 1) + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && D(i - 2, j - 2) + 1 < v)
        v = D(i - 2, j - 2) + 1;
      D(i, j) = v;
    }
  int r = D(n, m);
#undef D
  free(d);
  return r;
}

int suggest_distance(const char *a, const char *b) {
  utf8proc_int32_t *fa, *fb;
  size_t n = fold(a, &fa), m = fold(b, &fb);
  int r = osa(fa, n, fb, m);
  free(fa);
  free(fb);
  return r;
}

const char *suggest_best(const char *word, const char *const *cands, size_t n) {
  if (!word || !*word || n == 0) return NULL;
  utf8proc_int32_t *fw;
  size_t wl = fold(word, &fw);
  const char *best = NULL;
  int bestd = 0;
  for (size_t i = 0; i < n; i++) {
    if (!cands[i]) continue;
    utf8proc_int32_t *fc;
    size_t cl = fold(cands[i], &fc);
    /* Long identifiers against short candidates: skip the quadratic work. */
    int d = (wl > cl + 3 || cl > wl + 3) ? 1 << 20 : osa(fw, wl, fc, cl);
    free(fc);
    size_t len = wl > cl ? wl : cl;
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    if (d <= limit && (!best || d < bestd)) {
      best = cands[i];
      bestd = d;
    }
  }
  free(fw);
  return best;
}
