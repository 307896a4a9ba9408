/*
** diag.c — collecting and printing diagnostics (see diag.h).
*/
#include "diag.h"
#include "arena.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void diags_init(Diags *d) {
  memset(d, 0, sizeof *d);
}

void diags_free(Diags *d) {
  for (size_t i = 0; i < d->n; i++) {
    free(d->v[i].msg);
    free(d->v[i].note);
  }
  free(d->v);
  memset(d, 0, sizeof *d);
}

static char *vfmt(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  char *p = xmalloc((size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

/* A message longer than this is cut (at a character boundary) with "…":
** a 10 MB value must not make a 10 MB line. */
#define DIAG_MSG_MAX 480

static char *clip(char *m) {
  size_t n = strlen(m);
  if (n <= DIAG_MSG_MAX) return m;
  /* "…" is 3 bytes plus the NUL: they must fit in the n + 1 bytes we have */
  size_t k = DIAG_MSG_MAX < n - 3 ? DIAG_MSG_MAX : n - 3;
  while (k > 0 && ((unsigned char)m[k] & 0xC0) == 0x80) k--;
  memcpy(m + k, "…", 4);
  return m;
}

static Diag *push(Diags *d, DiagLevel level) {
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->v = xrealloc(d->v, d->cap * sizeof *d->v);
  }
  Diag *g = &d->v[d->n++];
  memset(g, 0, sizeof *g);
  g->level = level;
  if (level == DIAG_ERROR) d->nerr++;
  else if (level == DIAG_WARNING) d->nwarn++;
  return g;
}

void diag_add(Diags *d, DiagLevel level, const Source *src, Loc loc,
              const char *fmt, ...) {
  Diag *g = push(d, level);
  g->src = src;
  g->file = src ? src->name : NULL;
  g->loc = loc;
  va_list ap;
  va_start(ap, fmt);
  g->msg = clip(vfmt(fmt, ap));
  va_end(ap);
}

void diag_file(Diags *d, DiagLevel level, const char *file,
               const char *fmt, ...) {
  Diag *g = push(d, level);
  g->file = file;
  va_list ap;
  va_start(ap, fmt);
  g->msg = clip(vfmt(fmt, ap));
  va_end(ap);
}

void diag_line(Diags *d, DiagLevel level, const char *file, unsigned line,
               const char *fmt, ...) {
  Diag *g = push(d, level);
  g->file = file;
  g->loc.first_line = (int)line;
  va_list ap;
  va_start(ap, fmt);
  g->msg = clip(vfmt(fmt, ap));
  va_end(ap);
}

void diag_note(Diags *d, const char *fmt, ...) {
  if (d->n == 0) return;
  Diag *g = &d->v[d->n - 1];
  va_list ap;
  va_start(ap, fmt);
  char *m = clip(vfmt(fmt, ap));
  va_end(ap);
  if (!g->note) {
    g->note = m;
  } else {
    size_t a = strlen(g->note), b = strlen(m);
    g->note = xrealloc(g->note, a + b + 2);
    g->note[a] = '\n';
    memcpy(g->note + a + 1, m, b + 1);
    free(m);
  }
}

int utf8_width(const char *s, size_t len) {
  int w = 0;
  utf8proc_ssize_t i = 0;
  while ((size_t)i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - (size_t)i), &cp);
    if (k <= 0) { /* invalid byte: one column, as a replacement char */
      w += 1;
      i += 1;
      continue;
    }
    if (cp == '\t') w += 1;
    else {
      int cw = utf8proc_charwidth(cp);
      w += cw > 0 ? cw : 0;
    }
    i += k;
  }
  return w;
}

/* Write a line for display: tabs as one space, invalid UTF-8 and control
** bytes as '?', so the caret lines up with what the terminal shows. */
static void put_clean(FILE *out, const char *s, size_t len) {
  utf8proc_ssize_t i = 0;
  while ((size_t)i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - (size_t)i), &cp);
    if (k <= 0 || cp == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7f) {
      fputc('?', out);
      i += k <= 0 ? 1 : k;
      continue;
    }
    if (cp == '\t') fputc(' ', out);
    else fwrite(s + i, 1, (size_t)k, out);
    i += k;
  }
}

static const char *level_name(DiagLevel l) {
  switch (l) {
  case DIAG_ERROR: return "error";
  case DIAG_WARNING: return "warning";
  case DIAG_NOTE: return "note";
  }
  return "?";
}

static const char *level_color(DiagLevel l) {
  switch (l) {
  case DIAG_ERROR: return "\033[1;31m";
  case DIAG_WARNING: return "\033[1;35m";
  case DIAG_NOTE: return "\033[1;36m";
  }
  return "";
}

void diag_print(const Diag *g, FILE *out, bool color) {
  const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
  const char *lc = color ? level_color(g->level) : "";
  const char *green = color ? "\033[1;32m" : "";
  fprintf(out, "%s", bold);
  if (g->file) fputs(g->file, out);
  if (g->src && g->loc.first_line > 0) {
    int col = source_char_col(g->src, g->loc.first_line, g->loc.first_column);
    fprintf(out, ":%d:%d", g->loc.first_line, col);
  } else if (g->file && g->loc.first_line > 0) {
    fprintf(out, ":%d", g->loc.first_line);
  }
  if (g->file) fputs(": ", out);
  fprintf(out, "%s%s%s: %s%s%s\n", lc, level_name(g->level), reset, bold, g->msg, reset);
  if (g->src && g->loc.first_line > 0 && (size_t)g->loc.first_line <= g->src->nlines) {
    size_t len;
    const char *line = source_line(g->src, g->loc.first_line, &len);
    /* Very long lines (a 10 MB CSV line) are cut around the position. */
    size_t start = 0, fc = (size_t)(g->loc.first_column > 0 ? g->loc.first_column - 1 : 0);
    if (fc > len) fc = len;
    const size_t window = 160;
    if (len > window && fc > window / 2) {
      start = fc - window / 2;
      while (start > 0 && ((unsigned char)line[start] & 0xC0) == 0x80) start--;
    }
    size_t end = len;
    if (end - start > window) {
      end = start + window;
      if (end < fc + 1) end = fc + 1;
      while (end < len && ((unsigned char)line[end] & 0xC0) == 0x80) end++;
    }
    char num[32];
    int nw = snprintf(num, sizeof num, "%d", g->loc.first_line);
    fprintf(out, " %s | %s", num, start ? "…" : "");
    put_clean(out, line + start, end - start);
    fprintf(out, "%s\n", end < len ? "…" : "");
    fprintf(out, " %*s | %s", nw, "", start ? " " : "");
    int pad = utf8_width(line + start, fc - start);
    size_t lc_end = g->loc.last_line == g->loc.first_line && g->loc.last_column > g->loc.first_column
                        ? (size_t)(g->loc.last_column - 1) : fc + 1;
    if (lc_end > end) lc_end = end;
    if (lc_end <= fc) lc_end = fc + 1;
    int span = fc < end ? utf8_width(line + fc, lc_end - fc) : 1;
    if (span < 1) span = 1;
    fprintf(out, "%*s%s^", pad, "", green);
    for (int i = 1; i < span; i++) fputc('~', out);
    fprintf(out, "%s\n", reset);
  }
  if (g->note) {
    const char *p = g->note;
    while (*p) {
      const char *e = strchr(p, '\n');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      fprintf(out, "%snote:%s %.*s\n", color ? "\033[1;36m" : "", reset, (int)n, p);
      p += n + (e ? 1 : 0);
    }
  }
}

/* At most this many diagnostics are printed; the counts stay exact. */
#define DIAG_PRINT_MAX 1000

void diags_print(const Diags *d, FILE *out, bool color) {
  /* one write for the lot: stderr is unbuffered */
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  FILE *to = mem ? mem : out;
  size_t shown = d->n < DIAG_PRINT_MAX ? d->n : DIAG_PRINT_MAX;
  for (size_t i = 0; i < shown; i++) diag_print(&d->v[i], to, color);
  if (d->n > shown)
    fprintf(to, "… et %zu autres diagnostics non affichés (%d erreurs, %d avertissements en tout)\n",
            d->n - shown, d->nerr, d->nwarn);
  if (mem) {
    fclose(mem);
    fwrite(buf, 1, len, out);
    free(buf);
  }
}
