/*
 * csv — reader for grade files.  See csv.h for the contract.
 *
 * Ownership: a CsvReader owns `name`, `own` (its UTF-8 copy of the input,
 * NUL-terminated, when it made one: always with csv_open / csv_open_sep,
 * only for Windows-1252 input with csv_open_borrow), `scratch` (the
 * unescaped texts of the current record) and `fields` (the current record).
 * `text` is `own`, or the caller's bytes when borrowed.
 *
 * `scratch` grows on demand (doubling) to the longest record seen: every
 * field's unescaped text plus its NUL is at most as long as its raw text
 * plus the one byte that ends it, so a record never needs more than its raw
 * length + 1.  When it moves in the middle of a record, the texts of the
 * fields already made are moved with it (scratch_reserve).
 *
 * Columns: the column of a field is computed from its byte offset.  The
 * reader keeps the offset of the next byte >= 0x80 at or after the current
 * line start (found by a word-at-a-time scan, at most once per byte of the
 * file); before it, a line is ASCII and the column is the byte offset + 1.
 * Only past a non-ASCII byte are characters counted (with a cache that moves
 * forward along the line).
 *
 * Invariant between calls: pos is at the start of a line (line_start ==
 * pos) or at the end of the text; the text holds no NUL before text[len].
 */
#include "csv.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* SSE2 (every x86-64) finds the bytes that end unquoted fields 16 at a time;
   elsewhere, or with CSV_NO_SIMD (to test the other path), a table does. */
#if defined(__SSE2__) && !defined(CSV_NO_SIMD)
#include <emmintrin.h>
#define CSV_SIMD 1
#endif

struct CsvReader {
    char *name;            /* owned copy of the name given to csv_open */
    const char *text;      /* UTF-8 input, BOM removed, text[len] == '\0': own, or borrowed */
    char *own;             /* owned copy of the input (NULL when text is borrowed) */
    size_t len;            /* bytes in text without the final NUL */
    size_t pos;            /* offset of the next byte to read */
    unsigned line;         /* 1-based line of the byte at the current scan position */
    size_t line_start;     /* offset of the first byte of that line */
    size_t col_off;        /* column cache: an offset on the current line ... */
    unsigned col_val;      /* ... and its 1-based column in characters */
    size_t hi_from;        /* the first byte >= 0x80 at or after hi_from ... */
    size_t hi_next;        /* ... is at hi_next (len if none); hi_from == SIZE_MAX: not known */
    char sep;              /* ',', ';', '\t', or '\0' for a single-column file */
    const char *encoding;  /* "UTF-8" or "Windows-1252" (static strings) */
    unsigned char stop[256]; /* bytes that end an unquoted field: sep, '"', CR, LF, NUL */
    size_t win_base;       /* stop-byte window: bit i of win_bits is set iff ... */
    uint64_t win_bits;     /* ... text[win_base + i] is a stop byte (win_base SIZE_MAX: none) */
    char *scratch;         /* owned; NUL-terminated field texts of the current record */
    size_t scratch_cap;    /* bytes in scratch (grows on demand) */
    CsvField *fields;      /* owned; the fields of the current record */
    size_t fields_cap;     /* slots allocated in fields */
    size_t plain_at;       /* csv_peek_plain: the plain line found at this offset ... */
    size_t plain_next;     /* ... and the offset of the line after it */
    int plain_eol;         /* that line ends with a line end (not the end of the text) */
};

#define CSV_SCRATCH_MIN 256
#define CSV_SHORT 16       /* fields shorter than this are copied as 16 bytes */

static const uint64_t csv_highs = 0x8080808080808080u;

/* Windows-1252 bytes 0x80..0x9F as code points; 0 marks the five undefined
   bytes.  0xA0..0xFF are the same code points as the bytes (Latin-1). */
static const unsigned short csv_cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static void csv_set_error(CsvError *err, unsigned line, unsigned col, const char *fmt, ...)
{
    if (err == NULL)
        return;
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

static void csv_clear_error(CsvError *err)
{
    if (err != NULL) {
        err->msg[0] = '\0';
        err->line = 0;
        err->col = 0;
    }
}

/* ---- encodings ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence (RFC 3629: no overlong forms, no
   surrogates, nothing above U+10FFFF) at s[0..n), or 0 if there is none. */
static size_t csv_utf8_seq(const unsigned char *s, size_t n)
{
    assert(n > 0);
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90)
            return 0; /* above U+10FFFF */
        return 4;
    }
    return 0;
}

/* Line and column of raw byte offset off in s[0..n): LF, CRLF and CR end
   lines; a valid UTF-8 sequence is one character, any other byte is one
   character (right for UTF-8, Windows-1252, and the mix of both). */
static void csv_locate(const unsigned char *s, size_t n, size_t off, unsigned *line, unsigned *col)
{
    assert(off <= n);
    unsigned ln = 1, cl = 1;
    size_t i = 0;
    while (i < off) {
        if (s[i] == '\n' || s[i] == '\r') {
            i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            ln++;
            cl = 1;
            continue;
        }
        size_t k = csv_utf8_seq(s + i, n - i);
        i += k ? k : 1;
        cl++;
    }
    *line = ln;
    *col = cl;
}

static size_t csv_utf8_put(char *out, unsigned cp)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    assert(cp < 0x10000);
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Code point of the Windows-1252 byte b, or 0 if b is undefined there. */
static unsigned csv_cp1252_cp(unsigned char b)
{
    if (b >= 0x80 && b < 0xA0)
        return csv_cp1252[b - 0x80];
    return b;
}

/* Offset of the first byte >= 0x80 in s[i..n), or n. */
static size_t csv_next_high(const unsigned char *s, size_t i, size_t n)
{
    for (; i + 32 <= n; i += 32) {
        uint64_t w0, w1, w2, w3;
        memcpy(&w0, s + i, 8);
        memcpy(&w1, s + i + 8, 8);
        memcpy(&w2, s + i + 16, 8);
        memcpy(&w3, s + i + 24, 8);
        if ((w0 | w1 | w2 | w3) & csv_highs)
            break;
    }
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & csv_highs)
            break;
    }
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

/* Makes r->text / r->len from the raw input (BOM already removed): s itself
   when borrow is set and s is valid UTF-8 (s[n] must then be NUL), else a
   copy, converted from Windows-1252 when s is not UTF-8. */
static int csv_decode(CsvReader *r, const unsigned char *s, size_t n, int had_bom, int borrow, int *ascii,
                      CsvError *err)
{
    unsigned line, col;

    *ascii = borrow == 2;
    if (borrow == 2) { /* the caller knows: no NUL, no byte >= 0x80 */
        r->encoding = "UTF-8";
        r->len = n;
        assert(s[n] == '\0');
        r->text = (const char *)s;
        return 0;
    }
    const unsigned char *nul = n ? memchr(s, '\0', n) : NULL;
    if (nul != NULL) {
        csv_locate(s, n, (size_t)(nul - s), &line, &col);
        csv_set_error(err, line, col, "NUL byte in the file (is it UTF-16 or not a text file?)");
        return -1;
    }

    size_t bad = SIZE_MAX, multi = SIZE_MAX;
    for (size_t i = csv_next_high(s, 0, n); i < n; i = csv_next_high(s, i, n)) {
        size_t k = csv_utf8_seq(s + i, n - i);
        if (k == 0) {
            if (bad == SIZE_MAX)
                bad = i;
            i++;
        } else {
            if (multi == SIZE_MAX)
                multi = i; /* k > 1: s[i] >= 0x80 */
            i += k;
        }
        if (bad != SIZE_MAX && multi != SIZE_MAX)
            break;
    }

    if (bad == SIZE_MAX) {
        *ascii = multi == SIZE_MAX; /* not one byte >= 0x80 */
        r->encoding = "UTF-8";
        r->len = n;
        if (borrow) {
            assert(s[n] == '\0');
            r->text = (const char *)s;
            return 0;
        }
        r->own = malloc(n + 1);
        if (r->own == NULL) {
            csv_set_error(err, 0, 0, "out of memory");
            return -1;
        }
        if (n)
            memcpy(r->own, s, n);
        r->own[n] = '\0';
        r->text = r->own;
        return 0;
    }

    csv_locate(s, n, bad, &line, &col);
    if (had_bom) {
        csv_set_error(err, line, col,
                      "byte 0x%02X is not valid UTF-8, yet the file starts with a UTF-8 byte order mark",
                      (unsigned)s[bad]);
        return -1;
    }
    if (multi != SIZE_MAX) {
        unsigned mline, mcol;
        csv_locate(s, n, multi, &mline, &mcol);
        csv_set_error(err, line, col,
                      "byte 0x%02X is not UTF-8, but the file has UTF-8 text too (line %u, column %u): "
                      "mixed encodings; save the file again as CSV UTF-8",
                      (unsigned)s[bad], mline, mcol);
        return -1;
    }

    /* Windows-1252: every byte is one character. */
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned cp = csv_cp1252_cp(s[i]);
        if (cp == 0) {
            csv_locate(s, n, i, &line, &col);
            csv_set_error(err, line, col,
                          "byte 0x%02X is neither UTF-8 nor Windows-1252; save the file as CSV UTF-8",
                          (unsigned)s[i]);
            return -1;
        }
        out += cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
    }
    r->own = malloc(out + 1);
    if (r->own == NULL) {
        csv_set_error(err, 0, 0, "out of memory");
        return -1;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += csv_utf8_put(r->own + w, csv_cp1252_cp(s[i]));
    assert(w == out);
    r->own[w] = '\0';
    r->text = r->own;
    r->len = w;
    r->encoding = "Windows-1252";
    return 0;
}

/* ---- lines and columns -------------------------------------------------- */

/* Offset just after the line end that starts at off (CRLF counts as one).
   A NUL there, before the end of the text, is passed over as one byte: it
   can only be a mapped file written meanwhile by another program (see
   record_end in csv_next), which the run then reports. */
static size_t csv_after_eol(const CsvReader *r, size_t off)
{
    assert(off < r->len);
    return (r->text[off] == '\r' && r->text[off + 1] == '\n') ? off + 2 : off + 1;
}

static void csv_newline(CsvReader *r, size_t next)
{
    r->line++;
    r->line_start = next;
    r->col_off = next;
    r->col_val = 1;
}

/* Column (in characters) of offset off on the current line.  Before the
   first non-ASCII byte of the line, the byte offset; after it, amortised
   linear: the cache moves forward along the line. */
static unsigned csv_col(CsvReader *r, size_t off)
{
    assert(off >= r->line_start);
    if (r->hi_from > r->line_start || r->hi_next < r->line_start) {
        r->hi_from = r->line_start;
        r->hi_next = csv_next_high((const unsigned char *)r->text, r->line_start, r->len);
    }
    if (off <= r->hi_next)
        return (unsigned)(off - r->line_start + 1);
    if (r->col_off > off || r->col_off < r->line_start) {
        r->col_off = r->line_start;
        r->col_val = 1;
    }
    for (size_t i = r->col_off; i < off; i++)
        if (((unsigned char)r->text[i] & 0xC0) != 0x80)
            r->col_val++;
    r->col_off = off;
    return r->col_val;
}

/* Moves to the start of the line after the one containing off (off is on
   the current line), or to the end of the text. */
static void csv_skip_line(CsvReader *r, size_t off)
{
    size_t e = off + strcspn(r->text + off, "\r\n");
    if (e >= r->len) {
        r->pos = r->len;
        return;
    }
    size_t next = csv_after_eol(r, e);
    csv_newline(r, next);
    r->pos = next;
}

/* Is the line starting at off blank (only spaces)?  *end gets the offset of
   its line end (or len). */
static int csv_blank_line(const CsvReader *r, size_t off, size_t *end)
{
    size_t e = off;
    while (r->text[e] == ' ')
        e++;
    *end = e;
    return r->text[e] == '\0' || r->text[e] == '\r' || r->text[e] == '\n';
}

/* ---- separator detection ------------------------------------------------ */

static int csv_detect(CsvReader *r, CsvError *err)
{
    size_t off = 0, e;
    unsigned line = 1;
    while (off < r->len && csv_blank_line(r, off, &e)) {
        if (e >= r->len) {
            off = r->len;
            break;
        }
        off = csv_after_eol(r, e);
        line++;
    }
    size_t count[3] = {0, 0, 0}; /* ',', ';', '\t' */
    int quoted = 0;
    for (size_t i = off; i < r->len; i++) {
        char c = r->text[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\r' || c == '\n')
            break;
        else if (c == ',')
            count[0]++;
        else if (c == ';')
            count[1]++;
        else if (c == '\t')
            count[2]++;
    }
    static const char seps[3] = {',', ';', '\t'};
    static const char *const names[3] = {"','", "';'", "tab"};
    size_t best = count[0] > count[1] ? count[0] : count[1];
    if (count[2] > best)
        best = count[2];
    if (best == 0) {
        r->sep = '\0';
        return 0;
    }
    int ntied = 0, which = -1;
    for (int k = 0; k < 3; k++) {
        if (count[k] == best) {
            ntied++;
            which = k;
        }
    }
    if (ntied > 1) {
        /* "',' and ';'" or "',', ';' and tab" */
        char list[64] = "";
        int done = 0;
        for (int k = 0; k < 3; k++) {
            if (count[k] != best)
                continue;
            if (done > 0)
                strcat(list, done == ntied - 1 ? " and " : ", ");
            strcat(list, names[k]);
            done++;
        }
        csv_set_error(err, line, 1,
                      "ambiguous separator: the header line has %zu each of %s outside quotes",
                      best, list);
        return -1;
    }
    r->sep = seps[which];
    return 0;
}

/* ---- reader ------------------------------------------------------------- */

static CsvReader *csv_open_impl(const char *name, const char *data, size_t len, char sep, int borrow,
                                CsvError *err)
{
    assert(data != NULL || len == 0);
    csv_clear_error(err);
    if (sep != '\0' && sep != ',' && sep != ';' && sep != '\t') {
        csv_set_error(err, 0, 0, "unsupported separator (use ',', ';' or tab)");
        return NULL;
    }
    CsvReader *r = calloc(1, sizeof *r);
    if (r == NULL) {
        csv_set_error(err, 0, 0, "out of memory");
        return NULL;
    }
    size_t nl = name ? strlen(name) : 0;
    r->name = malloc(nl + 1);
    if (r->name == NULL) {
        csv_set_error(err, 0, 0, "out of memory");
        csv_close(r);
        return NULL;
    }
    if (nl)
        memcpy(r->name, name, nl);
    r->name[nl] = '\0';

    static const char empty[1] = "";
    const unsigned char *s = (const unsigned char *)(data != NULL ? data : empty);
    size_t n = len;
    int had_bom = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        n -= 3;
        had_bom = 1;
    } else if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        csv_set_error(err, 1, 1, "UTF-16 text is not supported; save the file as CSV UTF-8");
        csv_close(r);
        return NULL;
    }
    int ascii;
    if (csv_decode(r, s, n, had_bom, borrow, &ascii, err) != 0) {
        csv_close(r);
        return NULL;
    }

    r->scratch_cap = r->len + 1 < CSV_SCRATCH_MIN ? r->len + 1 : CSV_SCRATCH_MIN;
    r->scratch = malloc(r->scratch_cap);
    r->fields_cap = 16;
    r->plain_at = SIZE_MAX;
    r->fields = malloc(r->fields_cap * sizeof *r->fields);
    if (r->scratch == NULL || r->fields == NULL) {
        csv_set_error(err, 0, 0, "out of memory");
        csv_close(r);
        return NULL;
    }
    r->pos = 0;
    r->line = 1;
    r->line_start = 0;
    r->col_off = 0;
    r->col_val = 1;
    r->hi_from = ascii ? 0 : SIZE_MAX; /* ASCII text: no byte >= 0x80 from 0 on, ever */
    r->hi_next = ascii ? r->len : 0;
    r->win_base = SIZE_MAX;
    r->win_bits = 0;
    if (sep != '\0')
        r->sep = sep;
    else if (csv_detect(r, err) != 0) {
        csv_close(r);
        return NULL;
    }
    r->stop['\0'] = 1;
    r->stop['"'] = 1;
    r->stop['\r'] = 1;
    r->stop['\n'] = 1;
    r->stop[(unsigned char)r->sep] = 1;
    return r;
}

CsvReader *csv_open(const char *name, const char *data, size_t len, CsvError *err)
{
    return csv_open_impl(name, data, len, '\0', 0, err);
}

CsvReader *csv_open_sep(const char *name, const char *data, size_t len, char sep, CsvError *err)
{
    return csv_open_impl(name, data, len, sep, 0, err);
}

CsvReader *csv_open_borrow(const char *name, const char *data, size_t len, char sep, CsvError *err)
{
    assert(data != NULL && data[len] == '\0');
    return csv_open_impl(name, data, len, sep, 1, err);
}

CsvReader *csv_open_borrow_ascii(const char *name, const char *data, size_t len, char sep, CsvError *err)
{
    assert(data != NULL && data[len] == '\0');
    return csv_open_impl(name, data, len, sep, 2, err);
}

void csv_close(CsvReader *r)
{
    if (r == NULL)
        return;
    free(r->name);
    free(r->own);
    free(r->scratch);
    free(r->fields);
    free(r);
}

char csv_separator(const CsvReader *r)
{
    assert(r != NULL);
    return r->sep;
}

const char *csv_encoding(const CsvReader *r)
{
    assert(r != NULL);
    return r->encoding;
}

const char *csv_name(const CsvReader *r)
{
    assert(r != NULL);
    return r->name;
}

const char *csv_text(const CsvReader *r, size_t *len)
{
    assert(r != NULL && len != NULL);
    *len = r->len;
    return r->text;
}

/* ---- messages in French -------------------------------------------------- */

/* "« , » et « ; »" for the separators named in an English list such as
   "',', ';' and tab". */
static void csv_seps_fr(const char *list, char *buf, size_t size)
{
    static const struct {
        const char *en, *fr;
    } t[] = {{"','", "« , »"}, {"';'", "« ; »"}, {"tab", "la tabulation"}};
    const char *found[3];
    int n = 0;
    for (size_t i = 0; i < 3; i++)
        if (strstr(list, t[i].en) != NULL)
            found[n++] = t[i].fr;
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && o < size; i++) {
        int w = snprintf(buf + o, size - o, "%s%s", i == 0 ? "" : i == n - 1 ? " et " : ", ", found[i]);
        if (w < 0)
            return;
        o += (size_t)w;
    }
}

const char *csv_message_fr(const char *msg, char *buf, size_t size)
{
    static const struct {
        const char *en, *fr;
    } t[] = {
        {"unterminated quoted field", "champ entre guillemets jamais refermé"},
        {"quote inside an unquoted field", "guillemet à l’intérieur d’un champ sans guillemets "
                                           "(mettez tout le champ entre guillemets et doublez ses guillemets)"},
        {"text after the closing quote", "texte après le guillemet fermant d’un champ"},
        {"NUL byte in the file", "octet NUL dans le fichier (est-il en UTF-16, ou n’est-ce pas un fichier texte ?)"},
        {"UTF-16 text is not supported", "texte UTF-16 non pris en charge : enregistrez le fichier en CSV UTF-8"},
        {"out of memory", "mémoire épuisée"},
        {"unsupported separator", "séparateur non pris en charge (virgule, point-virgule ou tabulation)"},
        {"is a directory, not a file", "c’est un dossier, pas un fichier"},
        {"empty file", "fichier vide"},
        {"file too large", "fichier trop grand"},
    };
    assert(buf != NULL && size > 0);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strncmp(msg, t[i].en, strlen(t[i].en)) == 0) {
            snprintf(buf, size, "%s", t[i].fr);
            return buf;
        }
    unsigned byte = 0, l2 = 0, c2 = 0;
    size_t count = 0;
    const char *list;
    if (sscanf(msg, "byte 0x%2X is not valid UTF-8, yet", &byte) == 1 && strstr(msg, "byte order mark"))
        snprintf(buf, size, "octet 0x%02X invalide en UTF-8, alors que le fichier commence par une marque "
                            "d’ordre UTF-8", byte);
    else if (sscanf(msg, "byte 0x%2X is not UTF-8, but the file has UTF-8 text too (line %u, column %u)", &byte,
                    &l2, &c2) == 3)
        snprintf(buf, size, "octet 0x%02X qui n’est pas de l’UTF-8, alors que le fichier contient aussi de "
                            "l’UTF-8 (ligne %u, colonne %u) : encodages mêlés ; enregistrez de nouveau le fichier "
                            "en CSV UTF-8", byte, l2, c2);
    else if (sscanf(msg, "byte 0x%2X is neither UTF-8 nor Windows-1252", &byte) == 1)
        snprintf(buf, size, "octet 0x%02X qui n’est ni de l’UTF-8 ni du Windows-1252 : enregistrez le fichier en "
                            "CSV UTF-8", byte);
    else if (sscanf(msg, "ambiguous separator: the header line has %zu each", &count) == 1 &&
             (list = strstr(msg, " each of ")) != NULL) {
        char seps[64];
        csv_seps_fr(list + 9, seps, sizeof seps);
        snprintf(buf, size, "séparateur ambigu : l’en-tête contient autant de chacun de ces séparateurs hors "
                            "guillemets (%zu) : %s ; n’en utilisez qu’un", count, seps);
    } else if (strncmp(msg, "cannot open: ", 13) == 0)
        snprintf(buf, size, "impossible d’ouvrir le fichier : %s", msg + 13);
    else if (strncmp(msg, "cannot read: ", 13) == 0)
        snprintf(buf, size, "impossible de lire le fichier : %s", msg + 13);
    else
        snprintf(buf, size, "%s", msg);
    return buf;
}

#ifdef CSV_SIMD
/* Bit i set iff s[i] (i < 64) is a stop byte: '"', CR, LF, NUL or sep. */
static uint64_t csv_stop_mask(const unsigned char *s, char sep)
{
    const __m128i q = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    const __m128i z = _mm_setzero_si128(), sp = _mm_set1_epi8(sep);
    uint64_t bits = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * k));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, cr)),
                                 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, z)),
                                              _mm_cmpeq_epi8(v, sp)));
        bits |= (uint64_t)(unsigned)_mm_movemask_epi8(m) << (16 * k);
    }
    return bits;
}
#endif

/* Offset of the first byte at or after p that ends an unquoted field
   (there is one: text[len] is NUL). */
static size_t csv_find_stop(CsvReader *r, size_t p)
{
    const unsigned char *u = (const unsigned char *)r->text;
#ifdef CSV_SIMD
    for (;;) {
        if (p >= r->win_base && p - r->win_base < 64) {
            uint64_t b = r->win_bits >> (p - r->win_base);
            if (b)
                return p + (size_t)__builtin_ctzll(b);
            p = r->win_base + 64;
        }
        if (r->len + 1 - p < 64) /* not 64 bytes left to read: byte by byte */
            break;
        r->win_base = p;
        r->win_bits = csv_stop_mask(u + p, r->sep);
    }
#endif
    while (!r->stop[u[p]])
        p++;
    return p;
}

/* Space that may surround a quoted field. */
static int csv_pad(const CsvReader *r, char c)
{
    return c == ' ' || (c == '\t' && r->sep != '\t');
}

/* Makes room for `need` more bytes after scratch[0..used), moving the texts
   of the nf fields already made if scratch moves. */
static int csv_scratch_reserve(CsvReader *r, size_t used, size_t need, size_t nf)
{
    if (need <= r->scratch_cap - used)
        return 0;
    if (need > SIZE_MAX / 2 - used)
        return -1;
    size_t cap = r->scratch_cap * 2;
    if (cap < used + need)
        cap = used + need;
    char *s = malloc(cap);
    if (s == NULL)
        return -1;
    memcpy(s, r->scratch, used);
    for (size_t i = 0; i < nf; i++)
        r->fields[i].text = s + (r->fields[i].text - r->scratch);
    free(r->scratch);
    r->scratch = s;
    r->scratch_cap = cap;
    return 0;
}

/* Doubles the field array. */
static int csv_grow_fields(CsvReader *r)
{
    if (r->fields_cap > SIZE_MAX / 2 / sizeof *r->fields)
        return -1;
    size_t cap = r->fields_cap * 2;
    CsvField *f = realloc(r->fields, cap * sizeof *f);
    if (f == NULL)
        return -1;
    r->fields = f;
    r->fields_cap = cap;
    return 0;
}

/* Appends a field (its text already at scratch[start..start+flen], NUL
   included) to the record. */
static int csv_push(CsvReader *r, size_t *nf, size_t start, size_t flen, unsigned line, unsigned col)
{
    if (*nf == r->fields_cap && csv_grow_fields(r) != 0)
        return -1;
    assert(start + flen < r->scratch_cap && r->scratch[start + flen] == '\0');
    CsvField *f = &r->fields[(*nf)++];
    f->text = r->scratch + start;
    f->len = flen;
    f->line = line;
    f->col = col;
    return 0;
}

/* Copies text[i..j) (inside quotes) to scratch at *used (room made by the
   caller), counting the line ends it holds. */
static void csv_copy_quoted(CsvReader *r, size_t i, size_t j, size_t *used)
{
    assert(*used + (j - i) < r->scratch_cap);
    memcpy(r->scratch + *used, r->text + i, j - i);
    *used += j - i;
    for (size_t k = i; k < j; k++) {
        char c = r->text[k];
        if (c == '\n' || c == '\r') {
            size_t next = csv_after_eol(r, k);
            csv_newline(r, next);
            k = next - 1;
        }
    }
}

int csv_next(CsvReader *r, const CsvField **fields, size_t *nfields, CsvError *err)
{
    assert(r != NULL && fields != NULL && nfields != NULL);
    *fields = NULL;
    *nfields = 0;
    csv_clear_error(err);

    const char *t = r->text;
    size_t e;
    for (;;) {
        if (r->pos >= r->len)
            return 0;
        assert(r->pos == r->line_start);
        if (!csv_blank_line(r, r->pos, &e))
            break;
        csv_skip_line(r, e);
    }

    size_t nf = 0, used = 0, p = r->pos;

    /* Fast phase, for the usual record: fields that neither start with a
       quote or a space nor hold a quote, found by their ends.  An unquoted
       field's text is its raw bytes, so the record's raw bytes with a NUL
       at each field's end are the fields' texts, at the same offsets: they
       are copied in one piece when the record ends, or when a field needs
       the general loop below (which then goes on after them). */
    {
        const size_t base = p, ls = r->line_start;
        if (r->hi_from > ls || r->hi_next < ls) {
            r->hi_from = ls;
            r->hi_next = csv_next_high((const unsigned char *)t, ls, r->len);
        }
        const size_t ascii_to = r->hi_next; /* the line is ASCII before it */
        const unsigned line = r->line;
        /* the separator, or a value no byte has when there is none */
        const int sepc = r->sep != '\0' ? (unsigned char)r->sep : 256;
        int done = 0;
        /* locals, so that the stores into the fields need no reloads */
        CsvField *fv = r->fields;
        size_t fcap = r->fields_cap;
#ifdef CSV_SIMD
        /* wbits: the stop bytes of the window at or after p, so that the
           next one is its lowest bit */
        size_t wbase = r->win_base;
        uint64_t wbits = p >= wbase && p - wbase < 64 ? r->win_bits & (~(uint64_t)0 << (p - wbase)) : 0;
#endif
        for (;;) {
            unsigned char c = (unsigned char)t[p];
            if (c == '"' || (c <= ' ' && csv_pad(r, (char)c)))
                break;
            size_t end;
#ifdef CSV_SIMD
            if (wbits != 0) {
                end = wbase + (size_t)__builtin_ctzll(wbits);
            } else { /* past the window: the next one */
                end = csv_find_stop(r, p);
                wbase = r->win_base;
                wbits = end >= wbase && end - wbase < 64 ? r->win_bits & (~(uint64_t)0 << (end - wbase)) : 0;
            }
            wbits &= wbits - 1; /* the stop bytes after end */
#else
            end = csv_find_stop(r, p);
#endif
            unsigned char ch = (unsigned char)t[end];
            if (ch == '"')
                break;
            if (nf == fcap) {
                if (csv_grow_fields(r) != 0)
                    goto oom;
                fv = r->fields;
                fcap = r->fields_cap;
            }
            CsvField *f = &fv[nf++];
            f->text = t + p; /* in the input for now */
            f->len = end - p;
            f->line = line;
            f->col = p <= ascii_to ? (unsigned)(p - ls + 1) : csv_col(r, p);
            if (ch == sepc) {
                p = end + 1;
                continue;
            }
            p = end; /* a line end or the end of the text */
            done = 1;
            break;
        }
        if (nf > 0) {
            /* fields in [base, p): texts and NULs (the one after the last
               field is at p - base when done, else a separator's place) */
            used = p - base;
            if (csv_scratch_reserve(r, 0, used + done, 0) != 0) {
                nf = 0; /* the fields point into the input, not scratch */
                p = base;
                goto oom;
            }
            char *sc = r->scratch;
            const char *tb = t + base;
            memcpy(sc, tb, used);
            for (size_t i = 0; i < nf; i++) {
                size_t off = (size_t)(fv[i].text - tb);
                fv[i].text = sc + off;
                sc[off + fv[i].len] = '\0';
            }
            used += done;
        }
        if (done)
            goto record_end;
    }

    for (;;) {
        /* p is the start of a field */
        size_t q = p;
        while (csv_pad(r, t[q]))
            q++;
        if (t[q] == '"') {
            unsigned fline = r->line, fcol = csv_col(r, q);
            size_t fline_start = r->line_start, start = used, i = q + 1;
            for (;;) {
                const char *qc = memchr(t + i, '"', r->len - i);
                if (qc == NULL) {
                    csv_set_error(err, fline, fcol, "unterminated quoted field: this quote is never closed");
                    r->line = fline;
                    r->line_start = fline_start;
                    r->col_off = fline_start;
                    r->col_val = 1;
                    csv_skip_line(r, q);
                    return -1;
                }
                size_t j = (size_t)(qc - t);
                /* the text, then a '"' or the final NUL */
                if (csv_scratch_reserve(r, used, j - i + 1, nf) != 0)
                    goto oom;
                csv_copy_quoted(r, i, j, &used);
                if (t[j + 1] == '"') {
                    r->scratch[used++] = '"';
                    i = j + 2;
                    continue;
                }
                i = j + 1;
                break;
            }
            r->scratch[used++] = '\0';
            if (csv_push(r, &nf, start, used - 1 - start, fline, fcol) != 0)
                goto oom;
            p = i;
            while (csv_pad(r, t[p]))
                p++;
            if (t[p] != '\0' && t[p] != '\r' && t[p] != '\n' && (r->sep == '\0' || t[p] != r->sep)) {
                csv_set_error(err, r->line, csv_col(r, p), "text after the closing quote of a field");
                csv_skip_line(r, p);
                return -1;
            }
        } else {
            size_t end = csv_find_stop(r, p);
            if (t[end] == '"') {
                csv_set_error(err, r->line, csv_col(r, end),
                              "quote inside an unquoted field (quote the whole field and double its quotes)");
                csv_skip_line(r, end);
                return -1;
            }
            /* the field, inline: most are a few bytes of an ASCII line */
            size_t flen = end - p;
            if (CSV_SHORT > r->scratch_cap - used && csv_scratch_reserve(r, used, flen + CSV_SHORT, nf) != 0)
                goto oom;
            if (nf == r->fields_cap && csv_grow_fields(r) != 0)
                goto oom;
            char *dst = r->scratch + used;
            if (flen < CSV_SHORT && p + CSV_SHORT <= r->len + 1) {
                memcpy(dst, t + p, CSV_SHORT); /* fixed size: a few moves, no call */
            } else {
                if (flen + 1 > r->scratch_cap - used) {
                    if (csv_scratch_reserve(r, used, flen + 1, nf) != 0)
                        goto oom;
                    dst = r->scratch + used;
                }
                memcpy(dst, t + p, flen);
            }
            dst[flen] = '\0';
            used += flen + 1;
            CsvField *f = &r->fields[nf++];
            f->text = dst;
            f->len = flen;
            f->line = r->line;
            f->col = r->hi_from <= r->line_start && p <= r->hi_next ? (unsigned)(p - r->line_start + 1)
                                                                     : csv_col(r, p);
            p = end;
        }
        /* p is at a separator, a line end, or the end of the text */
        if (r->sep != '\0' && t[p] == r->sep) {
            p++;
            continue;
        }
        break;
    }
record_end:
    /* p is at a line end or the end of the text */
    {
        if (t[p] == '\0') {
            /* the end of the text; a NUL before it (csv_open refuses them)
               can only be a mapped file written meanwhile by another
               program: it ends the record and its line (the run then
               reports the change, see provenance.h) */
            if (p < r->len)
                csv_newline(r, p + 1);
            r->pos = p < r->len ? p + 1 : p;
        } else {
            size_t next = csv_after_eol(r, p);
            csv_newline(r, next);
            r->pos = next;
        }
    }
    assert(nf >= 1);
    *fields = r->fields;
    *nfields = nf;
    return 1;

oom:
    /* a quoted field may have moved to a later line than p */
    p = p < r->line_start ? r->line_start : p;
    csv_set_error(err, r->line, csv_col(r, p), "out of memory");
    csv_skip_line(r, p);
    return -1;
}

/* ---- plain lines --------------------------------------------------------- */

/* The scan of a plain line is inlined in its two callers (measured: 2 %
   fewer instructions for `mccc eval` on a long-form file). */
#if defined(__GNUC__)
#define CSV_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CSV_ALWAYS_INLINE inline
#endif

/* Appends the field [from, to) of a plain line to fields; 0 when full. */
static inline int csv_plain_field(CsvField *fields, size_t cap, size_t *nf, const char *t, size_t ls,
                                  size_t from, size_t to, unsigned line)
{
    if (*nf == cap)
        return 0;
    CsvField *f = &fields[(*nf)++];
    f->text = t + from;
    f->len = to - from;
    f->line = line;
    f->col = (unsigned)(from - ls + 1); /* ASCII: characters are bytes */
    return 1;
}

/* Splits the plain line that starts at r->pos, from offset s on (the start
   of one of its fields), into fields[0..*nfields): see csv_peek_plain. */
static CSV_ALWAYS_INLINE int csv_plain_scan(CsvReader *r, size_t s, CsvField *fields, size_t cap, size_t *nfields)
{
    const size_t p = r->pos, n = r->len;
    const char *t = r->text;
    const unsigned line = r->line;
    assert(p == r->line_start && s >= p);
    const char sep = r->sep;
    size_t e = s, next, from = s, nf = 0;
#ifdef CSV_SIMD
    {
        /* 16 bytes at a time while 16 are left (no read past text[len]):
           the first LF, CR, quote or byte >= 0x80 ends the scan; the
           separators before it end fields */
        const __m128i q = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
        const __m128i sv = _mm_set1_epi8(sep != '\0' ? sep : '\n');
        while (n - e >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + e));
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, cr)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, lf), v));
            unsigned stop = (unsigned)_mm_movemask_epi8(m);
            unsigned seps = sep != '\0' ? (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sv)) : 0;
            if (stop != 0)
                seps &= (1u << __builtin_ctz(stop)) - 1;
            for (; seps != 0; seps &= seps - 1) {
                size_t at = e + (size_t)__builtin_ctz(seps);
                if (!csv_plain_field(fields, cap, &nf, t, p, from, at, line))
                    return 0;
                from = at + 1;
            }
            if (stop != 0) {
                e += (size_t)__builtin_ctz(stop);
                goto found;
            }
            e += 16;
        }
    }
#endif
    for (; e < n; e++) {
        unsigned char c = (unsigned char)t[e];
        if (c == '\n' || c == '\r' || c == '"' || c >= 0x80)
            break;
        if (c == (unsigned char)sep && sep != '\0') {
            if (!csv_plain_field(fields, cap, &nf, t, p, from, e, line))
                return 0;
            from = e + 1;
        }
    }
#ifdef CSV_SIMD
found:
#endif
    if (e >= n)
        next = n; /* the last line, without a line end */
    else if (t[e] == '\n')
        next = e + 1;
    else if (t[e] == '\r' && t[e + 1] == '\n')
        next = e + 2;
    else
        return 0; /* a quote, a non-ASCII byte or a lone CR: csv_next */
    if (!csv_plain_field(fields, cap, &nf, t, p, from, e, line))
        return 0;
    r->plain_at = p;
    r->plain_next = next;
    r->plain_eol = e < n;
    *nfields = nf;
    return 1;
}

int csv_peek_plain(CsvReader *r, CsvField *fields, size_t cap, size_t *nfields)
{
    assert(r != NULL && fields != NULL && nfields != NULL);
    const size_t p = r->pos;
    const char *t = r->text;
    r->plain_at = SIZE_MAX;
    *nfields = 0;
    /* at the end, a blank line, or a first field that starts with a space
       or a quote (padding rules): csv_next */
    if (p >= r->len || (unsigned char)t[p] <= ' ' || t[p] == '"')
        return 0;
    return csv_plain_scan(r, p, fields, cap, nfields);
}

int csv_peek_plain_after(CsvReader *r, const char *prefix, size_t plen, CsvField *fields, size_t cap,
                         size_t *nfields)
{
    assert(r != NULL && prefix != NULL && fields != NULL && nfields != NULL);
    const size_t p = r->pos;
    const char *t = r->text;
    r->plain_at = SIZE_MAX;
    *nfields = 0;
    /* the prefix, then a separator (t[len] is the NUL: never one) */
    if (plen == 0 || r->sep == '\0' || r->len - p <= plen || memcmp(t + p, prefix, plen) != 0 ||
        t[p + plen] != r->sep)
        return 0;
    assert((unsigned char)t[p] > ' ' && t[p] != '"');
    return csv_plain_scan(r, p + plen + 1, fields, cap, nfields);
}

void csv_skip_plain(CsvReader *r)
{
    assert(r != NULL && r->plain_at == r->pos);
    if (r->plain_eol)
        csv_newline(r, r->plain_next);
    r->pos = r->plain_next;
    r->plain_at = SIZE_MAX;
}

/* ---- files -------------------------------------------------------------- */

static void csv_errno(CsvError *err, const char *what, int e)
{
    char buf[128];
    if (strerror_r(e, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "error %d", e);
    csv_set_error(err, 0, 0, "%s: %s", what, buf);
}

char *csv_read_file(const char *path, size_t *len, CsvError *err)
{
    assert(path != NULL && len != NULL);
    csv_clear_error(err);
    *len = 0;
    int fd;
    do
        fd = open(path, O_RDONLY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        csv_errno(err, "cannot open", errno);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        csv_errno(err, "cannot read", errno);
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        csv_set_error(err, 0, 0, "is a directory, not a file");
        close(fd);
        return NULL;
    }
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size < SIZE_MAX - 1
                     ? (size_t)st.st_size + 1
                     : 65536;
    char *buf = malloc(cap);
    size_t n = 0;
    if (buf == NULL) {
        csv_set_error(err, 0, 0, "out of memory");
        close(fd);
        return NULL;
    }
    for (;;) {
        if (n + 1 >= cap) { /* keep room for the final NUL */
            if (cap > SIZE_MAX / 2) {
                csv_set_error(err, 0, 0, "file too large");
                goto fail;
            }
            char *b = realloc(buf, cap * 2);
            if (b == NULL) {
                csv_set_error(err, 0, 0, "out of memory");
                goto fail;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + n, cap - 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            csv_errno(err, "cannot read", errno);
            goto fail;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    if (n == 0) {
        csv_set_error(err, 0, 0, "empty file");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;

fail:
    close(fd);
    free(buf);
    return NULL;
}
