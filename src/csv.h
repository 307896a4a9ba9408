/*
 * csv — a reader for grade files written by people and by spreadsheets.
 *
 * Ownership and lifetime
 *   - csv_open copies the input: the caller may free `data` and `name` as
 *     soon as it returns.  A CsvReader owns its UTF-8 copy of the input
 *     (converted from Windows-1252 when needed), a copy of the name, and one
 *     buffer for the fields of the current record.
 *   - csv_open_borrow does not copy valid UTF-8 input: the reader reads the
 *     caller's bytes, which must then stay alive and unchanged until
 *     csv_close, and be followed by a NUL (data[len] == '\0').  Only input
 *     read as Windows-1252 is converted into a buffer of the reader's.  The
 *     name is copied either way.
 *   - The fields returned by csv_next (the array and the texts it points to)
 *     belong to the reader and are valid until the next csv_next or
 *     csv_close on that reader.  Copy what must outlive them.
 *   - csv_read_file returns a malloc'd buffer that the caller frees.
 *   - No global mutable state: distinct readers may be used from distinct
 *     threads; one reader must not be used by two threads at once.
 *   - Nothing is printed and nothing exits: every error goes into a
 *     CsvError.  Allocation failures are reported as errors too.
 *
 * Input accepted
 *   - Encoding: a UTF-8 byte order mark is skipped.  Valid UTF-8 is read as
 *     is (pure ASCII is UTF-8).  Text that is not valid UTF-8 is read as
 *     Windows-1252 (what French Excel writes for "CSV (separator: ;)") and
 *     converted; csv_encoding tells which, so the caller can warn.  These
 *     are errors, reported by csv_open with the line:col of the culprit:
 *       . a NUL byte (a binary or UTF-16 file);
 *       . a UTF-16 byte order mark;
 *       . invalid UTF-8 after a UTF-8 byte order mark;
 *       . mixed encodings: valid multi-byte UTF-8 and bytes that are not
 *         UTF-8 in the same file (reading it as Windows-1252 would silently
 *         turn every "é" of the UTF-8 part into "Ã©");
 *       . one of the five bytes that Windows-1252 leaves undefined
 *         (0x81 0x8D 0x8F 0x90 0x9D).
 *   - Lines end with LF, CRLF or a lone CR (old Mac Excel).  A blank line
 *     (empty, or only ASCII spaces) outside quotes is skipped; line numbers
 *     still count it.  A line like ";;;" is a record of empty fields, not a
 *     blank line.
 *   - Separator: detected on the header line (the first non-blank line):
 *     the one of ',', ';' and TAB that occurs most often outside quotes.
 *     If none occurs, the file has a single column and no separator
 *     (csv_separator returns '\0': commas and semicolons are then data, so
 *     "12,5" stays one field).  If two or three tie for most, csv_open fails
 *     ("ambiguous separator") rather than guess: use csv_open_sep.
 *   - Quotes (RFC 4180): a field that starts with '"' is quoted; inside it,
 *     separators and line ends are data and "" is one '"'.  Line ends inside
 *     quotes are kept as they are in the file (LF, CRLF or CR).  ASCII spaces
 *     (and tabs, unless TAB is the separator) between a separator and an
 *     opening quote or between a closing quote and the separator are
 *     ignored: `Dupont, "Jean"` is two fields, "Dupont" and "Jean".  Spaces in
 *     unquoted fields are kept (trimming is the caller's choice).
 *   - No limit on line length, field length or field count; time is linear
 *     in the input size.  Memory: the input (the reader's copy, or nothing
 *     when borrowed), plus a field buffer that grows to the longest record
 *     (at most twice its size) and the field array of the widest record.
 *
 * Records and errors
 *   - csv_next returns every record, the header included; it does not check
 *     that records have as many fields as the header (that is the caller's
 *     message to write), it gives the count.
 *   - Each field carries the 1-based line and column of its start in the
 *     file; the column counts characters (code points), so it is right for
 *     "file:line:col:" messages whatever the encoding.  The start of a quoted
 *     field is its opening quote.
 *   - Errors of csv_next: unterminated quoted field (at the opening quote),
 *     quote inside an unquoted field (at the quote), text after a closing
 *     quote (at that text).  After an error the reader resumes at the line
 *     following the line of the reported position, so that calling csv_next
 *     until it returns 0 reports every error of the file in one run.
 *   - A CsvError with line == 0 concerns the whole file (no position).
 */
#ifndef MCCC_CSV_H
#define MCCC_CSV_H

#include <stddef.h>

typedef struct {
    const char *text; /* UTF-8, unquoted and unescaped, NUL-terminated; owned by the reader */
    size_t len;       /* bytes in text, without the final NUL */
    unsigned line;    /* 1-based line of the field's first character (its opening quote if quoted) */
    unsigned col;     /* 1-based column of that character, in characters of that line */
} CsvField;

typedef struct {
    char msg[256];    /* what went wrong, without position or "error:" prefix */
    unsigned line;    /* 1-based line, or 0 when the error concerns the whole file */
    unsigned col;     /* 1-based column in characters, or 0 with line 0 */
} CsvError;

typedef struct CsvReader CsvReader;

/* Opens a reader on data[0..len) (copied), detecting the separator.  name
   (may be NULL) is kept for the caller's messages.  Returns NULL with err
   filled on an encoding error, an ambiguous separator or out of memory. */
CsvReader *csv_open(const char *name, const char *data, size_t len, CsvError *err);

/* Same with a given separator: ',', ';' or '\t'; 0 means detect. */
CsvReader *csv_open_sep(const char *name, const char *data, size_t len, char sep, CsvError *err);

/* Same as csv_open_sep (sep 0: detect), but borrowing data when it is valid
   UTF-8 (see "Ownership and lifetime"): data[len] must be '\0', and data
   must outlive the reader, unchanged. */
CsvReader *csv_open_borrow(const char *name, const char *data, size_t len, char sep, CsvError *err);

/* Same as csv_open_borrow, for data the caller knows to hold no NUL byte and
   no byte >= 0x80 after its UTF-8 byte order mark, if any (source.h's
   Source.plain, found while counting its lines): the reader skips its own
   scans of the whole input (NUL bytes, encoding, non-ASCII positions).
   Input that breaks the promise is still read without a crash, but its
   encoding is not checked and its columns are counted in bytes. (Nor does
   a NUL that appears in a borrowed input after it was opened — a mapped
   file written meanwhile by another program — crash the reader: it ends a
   record and its line.) */
CsvReader *csv_open_borrow_ascii(const char *name, const char *data, size_t len, char sep, CsvError *err);

/* Reads the next record: returns 1 and sets *fields / *nfields (>= 1), 0 at
   the end of the input, -1 on an error in err (the reader has then moved to
   the next line: call again to go on). */
int csv_next(CsvReader *r, const CsvField **fields, size_t *nfields, CsvError *err);

/* A fast path for the usual record: a line of ASCII bytes without any
   quote, that does not start with a space or a quote and is not blank.  Its
   fields are exactly its bytes between separators: what csv_next would
   return, at the same lines and columns, except that their texts are in
   the input (csv_text's bytes, valid as long as they are) and NOT
   NUL-terminated.  csv_peek_plain fills fields[0..*nfields) and returns 1
   when the next record is such a line of at most cap fields, without
   consuming it: csv_skip_plain then moves past it, or csv_next reads it as
   usual.  It returns 0 otherwise, or at the end: call csv_next. */
int csv_peek_plain(CsvReader *r, CsvField *fields, size_t cap, size_t *nfields);
/* csv_peek_plain for a line that starts as an earlier one: when the next
   record is a plain line whose first plen bytes are those of prefix, then
   a separator, the fields after that separator go to fields[0..*nfields)
   (at most cap of them), and it returns 1 (csv_skip_plain then moves past
   the line); else 0, nothing consumed.  prefix must be the first plen
   bytes of a line csv_peek_plain accepted, ending where one of its fields
   ends (such bytes hold no line end, quote or non-ASCII byte, and do not
   start with a space): the line's first fields are then exactly those of
   that line. */
int csv_peek_plain_after(CsvReader *r, const char *prefix, size_t plen, CsvField *fields, size_t cap,
                         size_t *nfields);
/* Moves past the line the last csv_peek_plain(_after) returned 1 for (nothing
   else may have been called on r in between). */
void csv_skip_plain(CsvReader *r);
/* ',', ';', '\t', or '\0' for a single-column file. */
char csv_separator(const CsvReader *r);

/* "UTF-8" or "Windows-1252": how the input was read (static strings). */
const char *csv_encoding(const CsvReader *r);

/* The name given to csv_open ("" if it was NULL). */
const char *csv_name(const CsvReader *r);

/* The UTF-8 text the reader reads (byte order mark removed, converted from
   Windows-1252 when csv_encoding says so; line ends as in the input), and
   its length in *len: what the lines and columns of the fields and errors
   refer to.  Owned by the reader (or the caller's bytes when borrowed),
   NUL-terminated, valid until csv_close. */
const char *csv_text(const CsvReader *r, size_t *len);

/* The French for a CsvError message (err->msg of csv_open, csv_next,
   csv_read_file), for the user: written to buf (always NUL-terminated,
   cut if size is too small); returns buf.  A message it does not know is
   copied as it is. */
const char *csv_message_fr(const char *msg, char *buf, size_t size);

/* Frees r and everything it owns; NULL is allowed. */
void csv_close(CsvReader *r);

/* Reads the whole file at path into a malloc'd, NUL-terminated buffer and
   stores its length (without the NUL) in *len.  Returns NULL with err (line
   0) for: a path that cannot be opened or read (the strerror text), a
   directory, an empty file, out of memory. */
char *csv_read_file(const char *path, size_t *len, CsvError *err);

#endif
