/*
** source.c — loading input files and indexing their lines.
*/
#include "source.h"
#include "arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void index_lines(Source *s) {
  size_t cap = 64, n = 0;
  s->lines = xmalloc(cap * sizeof *s->lines);
  s->lines[n++] = 0;
  for (size_t i = 0; i < s->len; i++) {
    if (s->text[i] == '\n' && i + 1 <= s->len) {
      if (n == cap) {
        cap *= 2;
        s->lines = xrealloc(s->lines, cap * sizeof *s->lines);
      }
      s->lines[n++] = i + 1;
    }
  }
  s->nlines = n;
}

Source *source_from_memory(const char *name, const char *data, size_t len) {
  Source *s = xcalloc(1, sizeof *s);
  s->name = xstrdup(name);
  s->text = xmalloc(len + 1);
  if (len) memcpy(s->text, data, len);
  s->text[len] = '\0';
  s->len = len;
  index_lines(s);
  return s;
}

Source *source_load(const char *path, char *err, size_t errlen) {
  struct stat st;
  if (stat(path, &st) != 0) {
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    snprintf(err, errlen, "'%s' is a directory, not a file", path);
    return NULL;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 65536, len = 0;
  char *buf = xmalloc(cap);
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
    snprintf(err, errlen, "cannot read '%s': %s", path, strerror(saved));
    return NULL;
  }
  Source *s = xcalloc(1, sizeof *s);
  s->name = xstrdup(path);
  s->text = xrealloc(buf, len + 1);
  s->text[len] = '\0';
  s->len = len;
  index_lines(s);
  return s;
}

void source_free(Source *s) {
  if (!s) return;
  free(s->name);
  free(s->text);
  free(s->lines);
  free(s);
}

const char *source_line(const Source *s, int line, size_t *len) {
  if (line < 1 || (size_t)line > s->nlines) {
    *len = 0;
    return "";
  }
  size_t start = s->lines[line - 1];
  size_t end = (size_t)line < s->nlines ? s->lines[line] - 1 : s->len;
  if (end > start && s->text[end - 1] == '\r') end--;
  *len = end - start;
  return s->text + start;
}

int source_char_col(const Source *s, int line, int bcol) {
  size_t len;
  const char *p = source_line(s, line, &len);
  int col = 1;
  for (size_t i = 0; i + 1 < (size_t)bcol && i < len; i++)
    if (((unsigned char)p[i] & 0xC0) != 0x80) col++;
  /* bytes past the end of line still count one column each */
  if ((size_t)bcol > len + 1) col += bcol - (int)len - 1;
  return col;
}
