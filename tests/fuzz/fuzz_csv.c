/*
** fuzz_csv.c — the raw CSV reader (csv.h) over every record.
**
** Byte 0: bit 4 set: the plain-line fast paths (csv_peek_plain, and
** csv_peek_plain_after with the start of the line before) checked in
** lockstep against csv_next (plain_lockstep below), separator bits 0-1;
** with bit 5 too, an ASCII input is read by csv_open_borrow_ascii.
** Otherwise bit 2 set: csv_open_sep with bits 0-1 the separator (0 = detect,
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

/* Byte 0 bit 4: a second reader takes every line csv_peek_plain accepts
** (at most 8 fields) with csv_skip_plain; its fields must be exactly the ones
** csv_next gives the first reader (texts, lines, columns), one separator
** apart in the input, and every other record must come the same from both. */
/* csv_peek_plain_after with the prefix (kpre fields, plen bytes) of an
** earlier plain line must give the fields csv_peek_plain gives after that
** prefix, exactly when the line is plain and starts with it. */
static void after_check(CsvReader *a, const char *prefix, size_t plen, size_t kpre) {
  CsvField tf[8], all[16];
  size_t nt, nall;
  int r1 = csv_peek_plain_after(a, prefix, plen, tf, 8, &nt);
  int r2 = csv_peek_plain(a, all, 16, &nall);
  if (!r2) {
    if (r1) fail("csv_peek_plain_after takes a line csv_peek_plain refuses", 0, 0);
    return;
  }
  int starts = nall > kpre && (size_t)(all[kpre - 1].text + all[kpre - 1].len - all[0].text) == plen &&
               memcmp(all[0].text, prefix, plen) == 0;
  if (r1 != (starts && nall - kpre <= 8)) fail("csv_peek_plain_after takes or leaves the wrong line", all[0].line, 1);
  if (!r1) return;
  if (nt != nall - kpre) fail("csv_peek_plain_after: wrong field count", all[0].line, 1);
  for (size_t k = 0; k < nt; k++)
    if (tf[k].text != all[kpre + k].text || tf[k].len != all[kpre + k].len || tf[k].line != all[kpre + k].line ||
        tf[k].col != all[kpre + k].col)
      fail("csv_peek_plain_after: a field that is not csv_peek_plain's", tf[k].line, tf[k].col);
}

static void plain_lockstep(CsvReader *b, CsvReader *a) {
  CsvError ea, eb;
  char prefix[2048]; /* the first kpre fields of the last plain line */
  size_t plen = 0, kpre = 0;
  for (;;) {
    CsvField pf[8];
    size_t np, nb, na;
    const CsvField *fb = NULL, *fa = NULL;
    if (kpre > 0) after_check(a, prefix, plen, kpre);
    if (csv_peek_plain(a, pf, 8, &np)) {
      if (np < 1 || np > 8) fail("a plain line with a wrong field count", 0, 0);
      if (np >= 2) { /* the next prefix: the first field, or the first two */
        kpre = np >= 3 && (pf[0].len & 1) ? 2 : 1;
        plen = (size_t)(pf[kpre - 1].text + pf[kpre - 1].len - pf[0].text);
        if (plen == 0 || plen > sizeof prefix) kpre = 0;
        else memcpy(prefix, pf[0].text, plen);
      }
      if (csv_next(b, &fb, &nb, &eb) != 1) fail("a plain line that csv_next does not read", pf[0].line, 1);
      if (nb != np) fail("a plain line with another field count than csv_next's", pf[0].line, 1);
      for (size_t k = 0; k < np; k++) {
        if (pf[k].len != fb[k].len || memcmp(pf[k].text, fb[k].text, fb[k].len))
          fail("a plain field that is not csv_next's", pf[k].line, pf[k].col);
        if (pf[k].line != fb[k].line || pf[k].col != fb[k].col)
          fail("a plain field at another position", pf[k].line, pf[k].col);
        if (k > 0 && pf[k].text != pf[k - 1].text + pf[k - 1].len + 1)
          fail("plain fields that are not one separator apart", pf[k].line, pf[k].col);
      }
      csv_skip_plain(a);
      continue;
    }
    int ra = csv_next(a, &fa, &na, &ea), rb = csv_next(b, &fb, &nb, &eb);
    if (ra != rb) fail("csv_next after plain lines returns otherwise", 0, 0);
    if (ra == 0) break;
    if (ra < 0) {
      if (ea.line != eb.line || ea.col != eb.col) fail("an error at another position after plain lines", ea.line, ea.col);
      continue;
    }
    if (na != nb) fail("a record with another field count after plain lines", fa[0].line, fa[0].col);
    for (size_t i = 0; i < na; i++)
      if (fa[i].len != fb[i].len || memcmp(fa[i].text, fb[i].text, fa[i].len) || fa[i].line != fb[i].line ||
          fa[i].col != fb[i].col)
        fail("a field that differs after plain lines", fa[i].line, fa[i].col);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  if (data[0] & 16) {
    static const char pseps[4] = {0, ',', ';', '\t'};
    CsvError e1, e2;
    CsvReader *b = csv_open_sep("f.csv", (const char *)data + 1, size - 1, pseps[data[0] & 3], &e1);
    /* bit 5, on a text with no NUL and no byte >= 0x80 after a byte order
       mark: the fast reader is csv_open_borrow_ascii's (Source.plain) */
    const unsigned char *t = data + 1;
    size_t n = size - 1, from = n >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF ? 3 : 0;
    int ascii = (data[0] & 32) != 0;
    for (size_t i = from; i < n && ascii; i++) ascii = t[i] != 0 && t[i] < 0x80;
    char *own = ascii ? malloc(n + 1) : NULL;
    if (own) {
      memcpy(own, t, n);
      own[n] = '\0';
    }
    CsvReader *a = own ? csv_open_borrow_ascii("f.csv", own, n, pseps[data[0] & 3], &e2)
                       : csv_open_sep("f.csv", (const char *)data + 1, size - 1, pseps[data[0] & 3], &e2);
    if (!a != !b) fail("two readers of the same bytes disagree on opening", 0, 0);
    if (a && b && strcmp(csv_encoding(a), csv_encoding(b)) != 0) fail("two readers disagree on the encoding", 0, 0);
    if (a) plain_lockstep(b, a);
    csv_close(a);
    csv_close(b);
    free(own);
    return 0;
  }
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
