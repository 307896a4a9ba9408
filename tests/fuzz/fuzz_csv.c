/*
** fuzz_csv.c — the raw CSV reader (csv.h) over every record.
**
** Byte 0: bit 2 set: csv_open_sep with bits 0-1 the separator (0 = detect,
** ',', ';', TAB) and bit 3 a NULL name; bit 2 clear: csv_open. The rest is
** the file. Beyond the sanitizers, the contract of csv.h is checked and a
** violation aborts:
**   - csv_next returns -1, 0 or 1, and ends: at most one call per input
**     byte (plus a few) — an error moves to the next line;
**   - a record has >= 1 field, each NUL-terminated at len, no NUL inside
**     (a NUL byte is an encoding error of csv_open), valid UTF-8;
**   - positions are 1-based, and lines never go backwards;
**   - csv_separator / csv_encoding / csv_name return what csv.h says.
*/
#include "csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, unsigned line, unsigned col) {
  fprintf(stderr, "fuzz_csv: %s (at %u:%u)\n", what, line, col);
  abort();
}

static int valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t k;
    unsigned cp;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
    else return 0;
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= n || (s[i + j] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += k + 1;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const char seps[4] = {0, ',', ';', '\t'};
  char sep = seps[data[0] & 3];
  CsvError err;
  memset(&err, 0, sizeof err);
  CsvReader *r = (data[0] & 4) ? csv_open_sep((data[0] & 8) ? NULL : "f.csv", (const char *)data + 1, size - 1, sep, &err)
                               : csv_open("f.csv", (const char *)data + 1, size - 1, &err);
  if (!r) {
    if (!memchr(err.msg, '\0', sizeof err.msg) || !err.msg[0]) fail("csv_open failed without a message", err.line, err.col);
    if (err.line == 0 && err.col != 0) fail("file-level error with a column", err.line, err.col);
    return 0;
  }
  char s = csv_separator(r);
  if (s != ',' && s != ';' && s != '\t' && s != '\0') fail("bad separator", 0, 0);
  const char *enc = csv_encoding(r);
  if (!enc || (strcmp(enc, "UTF-8") && strcmp(enc, "Windows-1252"))) fail("bad encoding name", 0, 0);
  const char *nm = csv_name(r);
  if (!nm || strcmp(nm, (data[0] & 4) && (data[0] & 8) ? "" : "f.csv")) fail("csv_name is not the name given", 0, 0);
  size_t calls = 0, limit = size + 4;
  unsigned last_line = 0;
  for (;;) {
    const CsvField *f = NULL;
    size_t nf = 0;
    int rc = csv_next(r, &f, &nf, &err);
    if (++calls > limit) fail("csv_next does not end", err.line, err.col);
    if (rc == 0) break;
    if (rc == -1) {
      if (!memchr(err.msg, '\0', sizeof err.msg) || !err.msg[0]) fail("csv_next error without a message", err.line, err.col);
      if (err.line == 0 || err.col == 0) fail("csv_next error without a position", err.line, err.col);
      continue;
    }
    if (rc != 1) fail("csv_next returned something else than -1, 0, 1", 0, 0);
    if (!f || nf < 1) fail("a record without fields", 0, 0);
    for (size_t i = 0; i < nf; i++) {
      if (!f[i].text) fail("a field without text", f[i].line, f[i].col);
      if (f[i].text[f[i].len] != '\0') fail("a field not NUL-terminated at len", f[i].line, f[i].col);
      if (strlen(f[i].text) != f[i].len) fail("a NUL inside a field", f[i].line, f[i].col);
      if (!valid_utf8((const unsigned char *)f[i].text, f[i].len)) fail("a field that is not valid UTF-8", f[i].line, f[i].col);
      if (f[i].line == 0 || f[i].col == 0) fail("a field without a 1-based position", f[i].line, f[i].col);
      if (f[i].line < last_line) fail("field lines go backwards", f[i].line, f[i].col);
      last_line = f[i].line;
    }
  }
  csv_close(r);
  return 0;
}
