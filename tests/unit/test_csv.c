/* Unit tests for src/csv.c: the grade-file CSV reader. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"

#define UNTERMINATED "unterminated quoted field: this quote is never closed"
#define QUOTE_INSIDE "quote inside an unquoted field (quote the whole field and double its quotes)"
#define AFTER_QUOTE "text after the closing quote of a field"

static CsvReader *open_mem(const char *data, size_t len)
{
    CsvError err;
    CsvReader *r = csv_open("test.csv", data, len, &err);
    if (r == NULL)
        fail_msg("csv_open failed: %u:%u: %s", err.line, err.col, err.msg);
    return r;
}

static CsvReader *open_str(const char *s)
{
    return open_mem(s, strlen(s));
}

/* Reads the next record, which must exist and have n fields. */
static const CsvField *next_rec(CsvReader *r, size_t n)
{
    const CsvField *f = NULL;
    size_t got = 0;
    CsvError err;
    int rc = csv_next(r, &f, &got, &err);
    if (rc != 1)
        fail_msg("csv_next returned %d (%u:%u: %s), want a record", rc, err.line, err.col, err.msg);
    assert_non_null(f);
    assert_int_equal(got, n);
    return f;
}

static void check_field(const CsvField *f, const char *text, unsigned line, unsigned col)
{
    assert_int_equal(f->len, strlen(text));
    assert_memory_equal(f->text, text, f->len);
    assert_int_equal(f->text[f->len], '\0');
    assert_int_equal(f->line, line);
    assert_int_equal(f->col, col);
}

static void expect_end(CsvReader *r)
{
    const CsvField *f = (const CsvField *)1;
    size_t n = 99;
    CsvError err;
    assert_int_equal(csv_next(r, &f, &n, &err), 0);
    assert_null(f);
    assert_int_equal(n, 0);
    assert_int_equal(csv_next(r, &f, &n, &err), 0); /* and stays at the end */
}

static void expect_err(CsvReader *r, unsigned line, unsigned col, const char *msg)
{
    const CsvField *f = NULL;
    size_t n = 0;
    CsvError err;
    int rc = csv_next(r, &f, &n, &err);
    if (rc != -1)
        fail_msg("csv_next returned %d, want error %u:%u: %s", rc, line, col, msg);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    assert_null(f);
    assert_int_equal(n, 0);
}

static void expect_open_err(const char *data, size_t len, unsigned line, unsigned col, const char *msg)
{
    CsvError err;
    CsvReader *r = csv_open("bad.csv", data, len, &err);
    if (r != NULL) {
        csv_close(r);
        fail_msg("csv_open succeeded, want %u:%u: %s", line, col, msg);
    }
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
}

/* ---- separators ----------------------------------------------------------- */

static void test_sep_comma(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom,Note,Coef\nDupont,12.5,2\n");
    assert_int_equal(csv_separator(r), ',');
    assert_string_equal(csv_encoding(r), "UTF-8");
    assert_string_equal(csv_name(r), "test.csv");
    const CsvField *f = next_rec(r, 3);
    check_field(&f[0], "Nom", 1, 1);
    check_field(&f[1], "Note", 1, 5);
    check_field(&f[2], "Coef", 1, 10);
    f = next_rec(r, 3);
    check_field(&f[0], "Dupont", 2, 1);
    check_field(&f[1], "12.5", 2, 8);
    check_field(&f[2], "2", 2, 13);
    expect_end(r);
    csv_close(r);
}

static void test_sep_semicolon(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note;Coef\nDupont;12,5;1,5\n");
    assert_int_equal(csv_separator(r), ';');
    next_rec(r, 3);
    const CsvField *f = next_rec(r, 3);
    check_field(&f[1], "12,5", 2, 8);
    check_field(&f[2], "1,5", 2, 13);
    expect_end(r);
    csv_close(r);
}

static void test_sep_tab(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom\tNote, /20\tCoef\nDupont\t12,5\t1\n");
    assert_int_equal(csv_separator(r), '\t');
    const CsvField *f = next_rec(r, 3);
    check_field(&f[1], "Note, /20", 1, 5);
    check_field(&f[2], "Coef", 1, 15);
    f = next_rec(r, 3);
    check_field(&f[0], "Dupont", 2, 1);
    check_field(&f[1], "12,5", 2, 8);
    expect_end(r);
    csv_close(r);
}

static void test_sep_most_frequent_outside_quotes(void **state)
{
    (void)state;
    CsvReader *r = open_str("\"Nom, pr\xC3\xA9nom, ou, autre\";Note;Coef,ECTS\n");
    assert_int_equal(csv_separator(r), ';'); /* 2 ';' against 1 ',' outside quotes */
    const CsvField *f = next_rec(r, 3);
    check_field(&f[0], "Nom, pr\xC3\xA9nom, ou, autre", 1, 1);
    check_field(&f[2], "Coef,ECTS", 1, 31);
    csv_close(r);
}

static void test_sep_single_column(void **state)
{
    (void)state;
    CsvReader *r = open_str("Note\n12,5\n\"a;b\"\n");
    assert_int_equal(csv_separator(r), '\0');
    check_field(&next_rec(r, 1)[0], "Note", 1, 1);
    check_field(&next_rec(r, 1)[0], "12,5", 2, 1);
    check_field(&next_rec(r, 1)[0], "a;b", 3, 1);
    expect_end(r);
    csv_close(r);
}

static void test_sep_tie_is_an_error(void **state)
{
    (void)state;
    const char *two = "\n\nNom,Note;Coef\n";
    expect_open_err(two, strlen(two), 3, 1,
                    "ambiguous separator: the header line has 1 each of ',' and ';' outside quotes");
    const char *three = "a,b;c\td,e;f\tg\n";
    expect_open_err(three, strlen(three), 1, 1,
                    "ambiguous separator: the header line has 2 each of ',', ';' and tab outside quotes");
}

static void test_sep_forced(void **state)
{
    (void)state;
    CsvError err;
    CsvReader *r = csv_open_sep("x.csv", "a,b;c\n", 6, ';', &err);
    assert_non_null(r);
    assert_int_equal(csv_separator(r), ';');
    const CsvField *f = next_rec(r, 2);
    check_field(&f[0], "a,b", 1, 1);
    check_field(&f[1], "c", 1, 5);
    csv_close(r);

    assert_null(csv_open_sep("x.csv", "a|b\n", 4, '|', &err));
    assert_string_equal(err.msg, "unsupported separator (use ',', ';' or tab)");
    assert_int_equal(err.line, 0);
}

/* ---- lines ------------------------------------------------------------------ */

static void test_bom(void **state)
{
    (void)state;
    CsvReader *r = open_str("\xEF\xBB\xBFNom;Note\nA;1\n");
    assert_string_equal(csv_encoding(r), "UTF-8");
    assert_int_equal(csv_separator(r), ';');
    const CsvField *f = next_rec(r, 2);
    check_field(&f[0], "Nom", 1, 1);
    check_field(&f[1], "Note", 1, 5);
    csv_close(r);
}

static void test_crlf(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note\r\nDupont;12\r\n\r\nMartin;8\r\n");
    const CsvField *f = next_rec(r, 2);
    check_field(&f[1], "Note", 1, 5);
    f = next_rec(r, 2);
    check_field(&f[0], "Dupont", 2, 1);
    check_field(&f[1], "12", 2, 8);
    f = next_rec(r, 2);
    check_field(&f[0], "Martin", 4, 1);
    check_field(&f[1], "8", 4, 8);
    expect_end(r);
    csv_close(r);
}

static void test_lone_cr(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note\rDupont;12\r\rMartin;8");
    next_rec(r, 2);
    check_field(&next_rec(r, 2)[1], "12", 2, 8);
    check_field(&next_rec(r, 2)[0], "Martin", 4, 1);
    expect_end(r);
    csv_close(r);
}

static void test_blank_lines(void **state)
{
    (void)state;
    CsvReader *r = open_str("\n  \nNom;Note\n\n\n   \nDupont;12\n;\n\n");
    check_field(&next_rec(r, 2)[0], "Nom", 3, 1);
    check_field(&next_rec(r, 2)[0], "Dupont", 7, 1);
    const CsvField *f = next_rec(r, 2); /* ";" is a record of two empty fields */
    check_field(&f[0], "", 8, 1);
    check_field(&f[1], "", 8, 2);
    expect_end(r);
    csv_close(r);
}

static void test_no_final_newline_and_trailing_separator(void **state)
{
    (void)state;
    CsvReader *r = open_str("a;b;\nc;d");
    const CsvField *f = next_rec(r, 3);
    check_field(&f[2], "", 1, 5);
    f = next_rec(r, 2);
    check_field(&f[1], "d", 2, 3);
    expect_end(r);
    csv_close(r);
}

static void test_field_counts_exposed(void **state)
{
    (void)state;
    CsvReader *r = open_str("a;b;c\n1;2\n1;2;3;4\n");
    next_rec(r, 3);
    next_rec(r, 2);
    next_rec(r, 4);
    expect_end(r);
    csv_close(r);
}

static void test_empty_input(void **state)
{
    (void)state;
    CsvReader *r = open_mem("", 0);
    assert_int_equal(csv_separator(r), '\0');
    expect_end(r);
    csv_close(r);
    r = open_str("\xEF\xBB\xBF\n\n");
    expect_end(r);
    csv_close(r);
    csv_close(NULL);
}

static void test_spaces_kept_in_unquoted_fields(void **state)
{
    (void)state;
    CsvReader *r = open_str("a , b ;c;d\n");
    const CsvField *f = next_rec(r, 3);
    check_field(&f[0], "a , b ", 1, 1);
    check_field(&f[1], "c", 1, 8);
    csv_close(r);
}

/* ---- quotes ----------------------------------------------------------------- */

static void test_quotes_with_separator(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note\n\"Dupont; Jean\";12\n");
    next_rec(r, 2);
    const CsvField *f = next_rec(r, 2);
    check_field(&f[0], "Dupont; Jean", 2, 1);
    check_field(&f[1], "12", 2, 16);
    expect_end(r);
    csv_close(r);
}

static void test_quotes_doubled(void **state)
{
    (void)state;
    CsvReader *r = open_str("a,b,c\n\"Jean \"\"JJ\"\" Dupont\",\"\",\"\"\"\"\n");
    next_rec(r, 3);
    const CsvField *f = next_rec(r, 3);
    check_field(&f[0], "Jean \"JJ\" Dupont", 2, 1);
    check_field(&f[1], "", 2, 22);
    check_field(&f[2], "\"", 2, 25);
    expect_end(r);
    csv_close(r);
}

static void test_quotes_newlines_inside(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Remarque;Note\n"
                            "Dupont;\"absent\nle 3 mars\r\nexcus\xC3\xA9\";12\n"
                            "Martin;\"\";8\n");
    next_rec(r, 3);
    const CsvField *f = next_rec(r, 3);
    check_field(&f[0], "Dupont", 2, 1);
    check_field(&f[1], "absent\nle 3 mars\r\nexcus\xC3\xA9", 2, 8);
    check_field(&f[2], "12", 4, 9); /* `excusé";12`: col 9 */
    f = next_rec(r, 3);
    check_field(&f[0], "Martin", 5, 1);
    check_field(&f[2], "8", 5, 11);
    expect_end(r);
    csv_close(r);
}

static void test_quotes_spaces_around(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom, Pr\xC3\xA9nom\nDupont, \"Jean, Paul\" \nA,  \"B\"\t,x\n");
    assert_int_equal(csv_separator(r), ',');
    next_rec(r, 2);
    const CsvField *f = next_rec(r, 2);
    check_field(&f[0], "Dupont", 2, 1);
    check_field(&f[1], "Jean, Paul", 2, 9);
    f = next_rec(r, 3);
    check_field(&f[1], "B", 3, 5);
    check_field(&f[2], "x", 3, 10);
    expect_end(r);
    csv_close(r);
}

static void test_quoted_at_end_of_input(void **state)
{
    (void)state;
    CsvReader *r = open_str("a;\"b\"");
    const CsvField *f = next_rec(r, 2);
    check_field(&f[1], "b", 1, 3);
    expect_end(r);
    csv_close(r);
}

/* ---- record errors ---------------------------------------------------------- */

static void test_err_unterminated(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note\nDupont;\"12\nMartin;8\n");
    next_rec(r, 2);
    expect_err(r, 2, 8, UNTERMINATED);
    const CsvField *f = next_rec(r, 2); /* resynchronised on the next line */
    check_field(&f[0], "Martin", 3, 1);
    check_field(&f[1], "8", 3, 8);
    expect_end(r);
    csv_close(r);
}

static void test_err_unterminated_after_pairs(void **state)
{
    (void)state;
    /* the scan crosses "" pairs and lines before failing; the position and
       the line count after resynchronisation must still be right */
    CsvReader *r = open_str("a;b\n\xC3\xA9t\xC3\xA9;\"x\"\"y\nz\"\"\n\"\"\n");
    next_rec(r, 2);
    expect_err(r, 2, 5, UNTERMINATED);
    expect_err(r, 3, 2, QUOTE_INSIDE);
    check_field(&next_rec(r, 1)[0], "", 4, 1);
    expect_end(r);
    csv_close(r);
}

static void test_err_quote_in_unquoted(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note\nJean \"JJ\";12\nMartin;8\n");
    next_rec(r, 2);
    expect_err(r, 2, 6, QUOTE_INSIDE);
    check_field(&next_rec(r, 2)[0], "Martin", 3, 1);
    expect_end(r);
    csv_close(r);
}

static void test_err_text_after_quote(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note\n\"Dupont\"x;12\nMartin;8\n");
    next_rec(r, 2);
    expect_err(r, 2, 9, AFTER_QUOTE);
    check_field(&next_rec(r, 2)[0], "Martin", 3, 1);
    expect_end(r);
    csv_close(r);
}

static void test_err_text_after_multiline_quote(void **state)
{
    (void)state;
    CsvReader *r = open_str("a;b\nx;\"un\ndeux\" trois;y\nc;d\n");
    next_rec(r, 2);
    expect_err(r, 3, 7, AFTER_QUOTE);
    check_field(&next_rec(r, 2)[0], "c", 4, 1);
    expect_end(r);
    csv_close(r);
}

static void test_err_positions_in_characters(void **state)
{
    (void)state;
    /* "Hélène;Zoé "x" — the quote is the 12th character, the 15th byte */
    CsvReader *r = open_str("a;b\nH\xC3\xA9l\xC3\xA8ne;Zo\xC3\xA9 \"x\"\n");
    next_rec(r, 2);
    expect_err(r, 2, 12, QUOTE_INSIDE);
    expect_end(r);
    csv_close(r);
}

static void test_err_resync_reports_every_error(void **state)
{
    (void)state;
    CsvReader *r = open_str("Nom;Note\n"
                            "A\";1\n"          /* 2:2 quote inside */
                            "B;2\n"
                            "\"C\"x;3\n"       /* 4:4 text after quote */
                            "\n"
                            "D;\"4\"\"\"5\n"    /* 6:8 text after quote */
                            "E;5\n"
                            "F;\"6\n");       /* 8:3 unterminated */
    unsigned want_err[][2] = {{2, 2}, {4, 4}, {6, 8}, {8, 3}};
    const char *want_rec[] = {"Nom", "B", "E"};
    size_t nerr = 0, nrec = 0;
    for (;;) {
        const CsvField *f;
        size_t n;
        CsvError err;
        int rc = csv_next(r, &f, &n, &err);
        if (rc == 0)
            break;
        if (rc < 0) {
            assert_true(nerr < 4);
            assert_int_equal(err.line, want_err[nerr][0]);
            assert_int_equal(err.col, want_err[nerr][1]);
            nerr++;
        } else {
            assert_true(nrec < 3);
            assert_string_equal(f[0].text, want_rec[nrec]);
            nrec++;
        }
    }
    assert_int_equal(nerr, 4);
    assert_int_equal(nrec, 3);
    csv_close(r);
}

/* ---- encodings -------------------------------------------------------------- */

static void test_windows_1252(void **state)
{
    (void)state;
    /* "Nom;Prénom\nHélène;12,5\nŒuvre €’;x" in Windows-1252 */
    const char in[] = "Nom;Pr\xE9nom\nH\xE9l\xE8ne;12,5\n\x8Cuvre \x80\x92;x\n";
    CsvReader *r = open_str(in);
    assert_string_equal(csv_encoding(r), "Windows-1252");
    assert_int_equal(csv_separator(r), ';');
    const CsvField *f = next_rec(r, 2);
    check_field(&f[1], "Pr\xC3\xA9nom", 1, 5);
    f = next_rec(r, 2);
    check_field(&f[0], "H\xC3\xA9l\xC3\xA8ne", 2, 1);
    check_field(&f[1], "12,5", 2, 8);
    f = next_rec(r, 2);
    check_field(&f[0], "\xC5\x92uvre \xE2\x82\xAC\xE2\x80\x99", 3, 1);
    check_field(&f[1], "x", 3, 10);
    expect_end(r);
    csv_close(r);
}

static void test_windows_1252_error_position(void **state)
{
    (void)state;
    CsvReader *r = open_str("a;b\n\xE9t\xE9;x \"y\"\n");
    assert_string_equal(csv_encoding(r), "Windows-1252");
    next_rec(r, 2);
    expect_err(r, 2, 7, QUOTE_INSIDE);
    csv_close(r);
}

static void test_windows_1252_undefined_bytes(void **state)
{
    (void)state;
    const unsigned char bad[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    for (size_t i = 0; i < sizeof bad; i++) {
        char in[] = "a;b\n\xE9t\xE9?;x\n";
        in[7] = (char)bad[i];
        char msg[128];
        snprintf(msg, sizeof msg,
                 "byte 0x%02X is neither UTF-8 nor Windows-1252; save the file as CSV UTF-8", bad[i]);
        expect_open_err(in, strlen(in), 2, 4, msg);
    }
}

static void test_utf8_with_bom_but_invalid(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBFNom;Note\nH\xE9l\xE8ne;1\n";
    expect_open_err(in, strlen(in), 2, 2,
                    "byte 0xE9 is not valid UTF-8, yet the file starts with a UTF-8 byte order mark");
}

static void test_mixed_encodings(void **state)
{
    (void)state;
    const char in[] = "Nom;Note\nZo\xC3\xA9;1\nH\xE9l\xE8ne;2\n";
    expect_open_err(in, strlen(in), 3, 2,
                    "byte 0xE9 is not UTF-8, but the file has UTF-8 text too (line 2, column 3): "
                    "mixed encodings; save the file again as CSV UTF-8");
}

static void test_invalid_utf8_forms_fall_back(void **state)
{
    (void)state;
    /* overlong "/" (C0 AF) is not UTF-8; no valid multi-byte text: 1252 */
    CsvReader *r = open_str("a\xC0\xAF;b\n");
    assert_string_equal(csv_encoding(r), "Windows-1252");
    check_field(&next_rec(r, 2)[0], "a\xC3\x80\xC2\xAF", 1, 1);
    csv_close(r);
    /* an encoded surrogate (ED A0 80) neither */
    r = open_str("\xED\xA0\x80;b\n");
    assert_string_equal(csv_encoding(r), "Windows-1252");
    check_field(&next_rec(r, 2)[1], "b", 1, 5);
    csv_close(r);
    /* 4-byte UTF-8 is fine: one character */
    r = open_str("\xF0\x9F\x98\x80;b\n");
    assert_string_equal(csv_encoding(r), "UTF-8");
    check_field(&next_rec(r, 2)[1], "b", 1, 3);
    csv_close(r);
}

static void test_utf16_bom(void **state)
{
    (void)state;
    const char in[] = "\xFF\xFEN\0o\0m\0";
    expect_open_err(in, sizeof in - 1, 1, 1, "UTF-16 text is not supported; save the file as CSV UTF-8");
}

static void test_nul_byte(void **state)
{
    (void)state;
    const char in[] = "Nom;Note\nDu\0pont;12\n";
    expect_open_err(in, sizeof in - 1, 2, 3, "NUL byte in the file (is it UTF-16 or not a text file?)");
    const char in2[] = "\xC3\xA9t\xC3\xA9\0;x";
    expect_open_err(in2, sizeof in2 - 1, 1, 4, "NUL byte in the file (is it UTF-16 or not a text file?)");
}

/* ---- size and time ------------------------------------------------------------ */

static void test_10mb_line(void **state)
{
    (void)state;
    size_t big = 10u * 1024 * 1024;
    /* header, then: 10 MB unquoted field ; 10 MB quoted field full of "" ; x */
    size_t cap = 16 + big + 1 + (big + 2) + 4;
    char *in = malloc(cap);
    assert_non_null(in);
    size_t n = 0;
    memcpy(in + n, "a;b;c\n", 6);
    n += 6;
    memset(in + n, 'x', big);
    n += big;
    in[n++] = ';';
    in[n++] = '"';
    for (size_t i = 0; i < big / 2; i++) {
        in[n++] = '"';
        in[n++] = '"';
    }
    in[n++] = '"';
    memcpy(in + n, ";z\n", 3);
    n += 3;
    assert_true(n <= cap);

    CsvReader *r = open_mem(in, n);
    free(in);
    next_rec(r, 3);
    const CsvField *f = next_rec(r, 3);
    assert_int_equal(f[0].len, big);
    assert_int_equal(f[0].text[0], 'x');
    assert_int_equal(f[0].text[big - 1], 'x');
    assert_int_equal(f[1].len, big / 2);
    assert_int_equal(f[1].text[0], '"');
    assert_int_equal(f[1].text[big / 2 - 1], '"');
    assert_int_equal(f[1].col, big + 2);
    check_field(&f[2], "z", 2, (unsigned)(big + 2 + big + 2 + 1));
    expect_end(r);
    csv_close(r);
}

static void test_100000_columns(void **state)
{
    (void)state;
    const size_t cols = 100000;
    char *in = malloc(cols * 8 * 2 + 2);
    assert_non_null(in);
    size_t n = 0;
    for (int line = 0; line < 2; line++) {
        for (size_t i = 0; i < cols; i++)
            n += (size_t)sprintf(in + n, "%s%zu", i ? "," : "", i);
        in[n++] = '\n';
    }
    CsvReader *r = open_mem(in, n);
    free(in);
    assert_int_equal(csv_separator(r), ',');
    next_rec(r, cols);
    const CsvField *f = next_rec(r, cols);
    check_field(&f[0], "0", 2, 1);
    check_field(&f[10], "10", 2, 21);
    /* columns: 10 one-digit, 90 two-digit, ..., each plus a separator */
    check_field(&f[99999], "99999", 2, 10 * 2 + 90 * 3 + 900 * 4 + 9000 * 5 + 89999 * 6 + 1);
    expect_end(r);
    csv_close(r);
}

static void test_many_bad_quotes_stay_linear(void **state)
{
    (void)state;
    /* An unterminated quote on line 2, then 200,000 lines whose quotes all
       come in pairs: one scan to the end, then each line on its own. */
    const size_t lines = 200000;
    char *in = malloc(16 + lines * 5);
    assert_non_null(in);
    size_t n = 0;
    memcpy(in, "a;b\nx;\"y\n", 9);
    n = 9;
    for (size_t i = 0; i < lines; i++) {
        memcpy(in + n, "z;\"\"\n", 5);
        n += 5;
    }
    CsvReader *r = open_mem(in, n);
    free(in);
    next_rec(r, 2);
    expect_err(r, 2, 3, UNTERMINATED);
    for (size_t i = 0; i < lines; i++) {
        const CsvField *f = next_rec(r, 2);
        assert_int_equal(f[1].len, 0);
        assert_int_equal(f[1].line, (unsigned)(i + 3));
    }
    expect_end(r);
    csv_close(r);

    /* and lines that each open a quote closed by the next line */
    in = malloc(16 + lines * 4);
    assert_non_null(in);
    n = 0;
    for (size_t i = 0; i < lines; i++) {
        memcpy(in + n, "\"a;\n", 4);
        n += 4;
    }
    r = open_mem(in, n);
    free(in);
    size_t nerr = 0;
    for (;;) {
        const CsvField *f;
        size_t k;
        CsvError err;
        int rc = csv_next(r, &f, &k, &err);
        if (rc == 0)
            break;
        if (rc < 0)
            nerr++;
    }
    assert_int_equal(nerr, lines / 2); /* "a;\n" then "a; -> text after quote */
    csv_close(r);
}

/* ---- the fast path for plain records and the field buffer ---------------------- */

/* Everything a reader says about its input, as text (records, fields with
   their positions, errors). */
static char *transcript(CsvReader *r)
{
    size_t cap = 256, n = 0;
    char *o = malloc(cap);
    assert_non_null(o);
    for (;;) {
        const CsvField *f;
        size_t nf;
        CsvError err;
        int rc = csv_next(r, &f, &nf, &err);
        if (rc == 0)
            break;
        char line[512];
        size_t k;
        if (rc < 0)
            k = (size_t)snprintf(line, sizeof line, "E %u:%u %s\n", err.line, err.col, err.msg);
        else
            k = (size_t)snprintf(line, sizeof line, "R %zu\n", nf);
        for (size_t i = 0; rc > 0 && i <= nf; i++) {
            while (n + k + (i < nf ? f[i].len : 0) + 64 > cap) {
                cap *= 2;
                o = realloc(o, cap);
                assert_non_null(o);
            }
            memcpy(o + n, line, k);
            n += k;
            if (i == nf)
                break;
            assert_int_equal(f[i].text[f[i].len], '\0');
            k = (size_t)snprintf(line, sizeof line, "%u:%u [", f[i].line, f[i].col);
            memcpy(o + n, line, k);
            n += k;
            memcpy(o + n, f[i].text, f[i].len);
            n += f[i].len;
            k = (size_t)snprintf(line, sizeof line, "]\n");
        }
        if (rc < 0) {
            while (n + k + 1 > cap) {
                cap *= 2;
                o = realloc(o, cap);
                assert_non_null(o);
            }
            memcpy(o + n, line, k);
            n += k;
        }
    }
    o[n] = '\0';
    return o;
}

/* Two readers of the same text read the same records (then closed). */
static void same_reading(CsvReader *a, CsvReader *b)
{
    assert_int_equal(csv_separator(a), csv_separator(b));
    assert_string_equal(csv_encoding(a), csv_encoding(b));
    char *ta = transcript(a), *tb = transcript(b);
    assert_string_equal(ta, tb);
    free(ta);
    free(tb);
    csv_close(a);
    csv_close(b);
}

static void test_borrowed_input(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "a;b\nc;d\n",
        "\xEF\xBB\xBFNom;Note\r\nH\xC3\xA9l\xC3\xA8ne;12,5\r\n\r\nZo\xC3\xA9;\"1\"\"2\"\n",
        "Nom;Note\rDupont;12\r\rMartin;8",
        "a,b\nx,\"un\ndeux\" trois\nc,\"d\n",
        "Nom;Pr\xE9nom\nH\xE9l\xE8ne;12,5\n", /* Windows-1252: converted, not borrowed */
        "", "\n\n", "x",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t len = strlen(inputs[i]);
        char *mine = malloc(len + 1); /* exactly len + 1 bytes: a NUL after the input */
        assert_non_null(mine);
        memcpy(mine, inputs[i], len + 1);
        CsvError err;
        CsvReader *a = csv_open("t.csv", inputs[i], len, &err);
        assert_non_null(a);
        CsvReader *b = csv_open_borrow("t.csv", mine, len, '\0', &err);
        assert_non_null(b);
        same_reading(a, b);
        free(mine);
    }
    /* the ASCII promise (Source.plain): the same reading as borrowing,
       whatever the positions of its fields (columns in bytes) */
    static const char *const plain[] = {
        "a;b\nc;d\n", "\xEF\xBB\xBFNom;Note\r\nDupont;12,5\r\n\r\nZoe;\"1\"\"2\"\n",
        "a,b\nx,\"un\ndeux\" trois\nc,\"d\n", "", "\n\n", "x", "a\tb\n1\t 2 \n",
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        size_t len = strlen(plain[i]);
        char *mine = malloc(len + 1);
        assert_non_null(mine);
        memcpy(mine, plain[i], len + 1);
        CsvError err;
        CsvReader *a = csv_open_borrow("t.csv", mine, len, '\0', &err);
        assert_non_null(a);
        CsvReader *b = csv_open_borrow_ascii("t.csv", mine, len, '\0', &err);
        assert_non_null(b);
        assert_string_equal(csv_encoding(b), "UTF-8");
        same_reading(a, b);
        free(mine);
    }
    /* errors are the same too */
    CsvError err;
    const char bad[] = "\xEF\xBB\xBFNom;Note\nH\xE9l\xE8ne;1\n";
    assert_null(csv_open_borrow("b.csv", bad, sizeof bad - 1, '\0', &err));
    assert_string_equal(err.msg, "byte 0xE9 is not valid UTF-8, yet the file starts with a UTF-8 byte order mark");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    assert_null(csv_open_borrow("b.csv", "a|b\n", 4, '|', &err));
    assert_string_equal(err.msg, "unsupported separator (use ',', ';' or tab)");
}

/* A borrowed text in which a NUL appears after the reader opened it (a
   mapped file written by another program meanwhile): every record is still
   read to the end, without a crash or a loop. */
static void test_nul_appearing_later(void **state)
{
    (void)state;
    static const char text[] = "a;b\r\nc;\"d\r\nd\"\n  \ne;f\r\"g\";h\nk;\"l\n";
    unsigned seed = 1;
    for (size_t at = 0; at < 200; at++) {
        char mine[sizeof text];
        memcpy(mine, text, sizeof text);
        CsvError err;
        CsvReader *r = csv_open_borrow("t.csv", mine, sizeof text - 1, '\0', &err);
        assert_non_null(r);
        /* one NUL at each position, then two or three anywhere */
        if (at < sizeof text - 1) mine[at] = '\0';
        else
            for (int k = 0; k < 2 + (int)(at % 2); k++) {
                seed = seed * 1103515245u + 12345u;
                mine[(seed >> 8) % (sizeof text - 1)] = '\0';
            }
        const CsvField *f;
        size_t n, np;
        CsvField pf[8];
        int k, calls = 0;
        for (;;) {
            if (csv_peek_plain(r, pf, 8, &np)) {
                csv_skip_plain(r);
            } else if ((k = csv_next(r, &f, &n, &err)) == 0) {
                break;
            }
            assert_true(++calls <= (int)sizeof text);
        }
        csv_close(r);
    }
}

static void test_plain_and_quoted_fields_mixed(void **state)
{
    (void)state;
    /* plain fields of 15, 16 and 17 bytes, a line longer than 64 bytes,
       a quoted field after plain ones, a non-ASCII character in the middle
       (columns in characters), and a last field right at the end of the
       input (no final newline) */
    CsvReader *r = open_str("h1;h2;h3;h4;h5\n"
                            "aaaaaaaaaaaaaaa;bbbbbbbbbbbbbbbb;ccccccccccccccccc;ddddddddddddddddddddddddddddddd;e\n"
                            "x;\xC3\xA9t\xC3\xA9;\"q;\"\"r\";y;z\n"
                            "1;2;\"3\n4\";5;6\n"
                            "k;l;m;n;o");
    next_rec(r, 5);
    const CsvField *f = next_rec(r, 5);
    check_field(&f[0], "aaaaaaaaaaaaaaa", 2, 1);
    check_field(&f[1], "bbbbbbbbbbbbbbbb", 2, 17);
    check_field(&f[2], "ccccccccccccccccc", 2, 34);
    check_field(&f[3], "ddddddddddddddddddddddddddddddd", 2, 52);
    check_field(&f[4], "e", 2, 84);
    f = next_rec(r, 5);
    check_field(&f[0], "x", 3, 1);
    check_field(&f[1], "\xC3\xA9t\xC3\xA9", 3, 3);
    check_field(&f[2], "q;\"r", 3, 7);
    check_field(&f[3], "y", 3, 15);
    check_field(&f[4], "z", 3, 17);
    f = next_rec(r, 5);
    check_field(&f[1], "2", 4, 3);
    check_field(&f[2], "3\n4", 4, 5);
    check_field(&f[3], "5", 5, 4);
    check_field(&f[4], "6", 5, 6);
    f = next_rec(r, 5);
    check_field(&f[0], "k", 6, 1);
    check_field(&f[4], "o", 6, 9);
    expect_end(r);
    csv_close(r);
}

static void test_field_buffer_grows(void **state)
{
    (void)state;
    /* a short record, a wide one (fields moved when the buffer grows in the
       middle of the record, plain and quoted), then a short one again */
    const size_t cols = 3000;
    size_t cap = 64 + cols * 40, n = 0;
    char *in = malloc(cap);
    assert_non_null(in);
    n += (size_t)snprintf(in + n, cap - n, "a;b\n");
    for (size_t i = 0; i < cols; i++)
        n += (size_t)snprintf(in + n, cap - n, i % 7 == 3 ? "%s\"q%zu;\"\"x\"" : "%sfield-number-%zu",
                              i ? ";" : "", i);
    n += (size_t)snprintf(in + n, cap - n, "\nc;d\n");
    CsvReader *r = open_mem(in, n);
    free(in);
    next_rec(r, 2);
    const CsvField *f = next_rec(r, cols);
    for (size_t i = 0; i < cols; i++) {
        char want[64];
        snprintf(want, sizeof want, i % 7 == 3 ? "q%zu;\"x" : "field-number-%zu", i);
        assert_int_equal(f[i].len, strlen(want));
        assert_string_equal(f[i].text, want);
        assert_int_equal(f[i].line, 2);
    }
    f = next_rec(r, 2);
    check_field(&f[0], "c", 3, 1);
    check_field(&f[1], "d", 3, 3);
    expect_end(r);
    csv_close(r);
}

/* ---- files ---------------------------------------------------------------------- */

static void test_read_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_csv_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    CsvError err;
    size_t len = 99;

    /* a directory */
    assert_null(csv_read_file(dir, &len, &err));
    assert_string_equal(err.msg, "is a directory, not a file");
    assert_int_equal(err.line, 0);

    /* missing */
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    assert_null(csv_read_file(path, &len, &err));
    assert_string_equal(err.msg, "cannot open: No such file or directory");

    /* empty */
    snprintf(path, sizeof path, "%s/empty.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fclose(fp);
    assert_null(csv_read_file(path, &len, &err));
    assert_string_equal(err.msg, "empty file");
    unlink(path);

    /* a real one, read and parsed */
    snprintf(path, sizeof path, "%s/notes.csv", dir);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("Nom;Note\nH\xE9l\xE8ne;12,5\n", fp);
    fclose(fp);
    char *data = csv_read_file(path, &len, &err);
    assert_non_null(data);
    assert_int_equal(len, 21);
    assert_int_equal(data[len], '\0');
    CsvReader *r = csv_open(path, data, len, &err);
    free(data);
    assert_non_null(r);
    assert_string_equal(csv_name(r), path);
    assert_string_equal(csv_encoding(r), "Windows-1252");
    next_rec(r, 2);
    check_field(&next_rec(r, 2)[0], "H\xC3\xA9l\xC3\xA8ne", 2, 1);
    csv_close(r);
    unlink(path);
    rmdir(dir);
}

static void test_reentrant_readers(void **state)
{
    (void)state;
    /* two readers interleaved do not disturb each other */
    CsvReader *a = open_str("x;y\n1;2\n");
    CsvReader *b = open_str("p,q,r\n3,4,5\n");
    check_field(&next_rec(a, 2)[0], "x", 1, 1);
    check_field(&next_rec(b, 3)[2], "r", 1, 5);
    check_field(&next_rec(a, 2)[1], "2", 2, 3);
    check_field(&next_rec(b, 3)[0], "3", 2, 1);
    expect_end(a);
    expect_end(b);
    csv_close(a);
    csv_close(b);
}

/* csv_text: the text the positions refer to, converted when read as
   Windows-1252, without the byte order mark. */
static void test_text(void **state)
{
    (void)state;
    size_t len;
    CsvReader *r = open_str("\xEF\xBB\xBF" "a;b\r\nc;d\n");
    const char *t = csv_text(r, &len);
    assert_int_equal(len, strlen("a;b\r\nc;d\n"));
    assert_memory_equal(t, "a;b\r\nc;d\n", len);
    assert_int_equal(t[len], '\0');
    csv_close(r);

    r = open_str("Zo\xE9;H\xE9l\xE8" "ne\n");
    assert_string_equal(csv_encoding(r), "Windows-1252");
    t = csv_text(r, &len);
    assert_int_equal(len, strlen("Zoé;Hélène\n"));
    assert_memory_equal(t, "Zoé;Hélène\n", len);
    check_field(&next_rec(r, 2)[1], "Hélène", 1, 5);
    csv_close(r);
}

/* Every message of the reader has its French. */
static void test_messages_fr(void **state)
{
    (void)state;
    char b[512];
    assert_string_equal(csv_message_fr(UNTERMINATED, b, sizeof b), "champ entre guillemets jamais refermé");
    assert_non_null(strstr(csv_message_fr(QUOTE_INSIDE, b, sizeof b), "guillemet à l’intérieur d’un champ"));
    assert_string_equal(csv_message_fr(AFTER_QUOTE, b, sizeof b), "texte après le guillemet fermant d’un champ");
    assert_string_equal(csv_message_fr("ambiguous separator: the header line has 1 each of ',' and ';' outside quotes",
                                       b, sizeof b),
                        "séparateur ambigu : l’en-tête contient autant de chacun de ces séparateurs hors guillemets "
                        "(1) : « , » et « ; » ; n’en utilisez qu’un");
    assert_non_null(strstr(csv_message_fr("ambiguous separator: the header line has 2 each of ',', ';' and tab "
                                          "outside quotes", b, sizeof b),
                           "« , », « ; » et la tabulation"));
    assert_string_equal(csv_message_fr("byte 0x81 is neither UTF-8 nor Windows-1252; save the file as CSV UTF-8", b,
                                       sizeof b),
                        "octet 0x81 qui n’est ni de l’UTF-8 ni du Windows-1252 : enregistrez le fichier en CSV UTF-8");
    assert_string_equal(csv_message_fr("is a directory, not a file", b, sizeof b), "c’est un dossier, pas un fichier");
    assert_string_equal(csv_message_fr("something else", b, sizeof b), "something else");
    /* a small buffer: cut, still a string */
    char small[8];
    csv_message_fr(UNTERMINATED, small, sizeof small);
    assert_int_equal(strlen(small), 7);
    /* every error the reader makes on bad input is translated */
    static const char *const bad[] = {"a,b\n\"x\n", "a,b\nx\"y,z\n", "a,b\n\"x\"y,z\n", "a,b\n\0\n",
                                      "\xFF\xFE" "a\n", "a,b;c\n", "\xEF\xBB\xBF" "a,\xE9\n", "a,\xC3\xA9\xE9\n",
                                      "a,\x81\n"};
    static const size_t badlen[] = {7, 11, 13, 6, 5, 6, 8, 8, 5};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CsvError err;
        CsvReader *r = csv_open("x.csv", bad[i], badlen[i], &err);
        const CsvField *f;
        size_t n;
        while (r != NULL && csv_next(r, &f, &n, &err) > 0)
            ;
        if (err.msg[0] == '\0')
            fail_msg("input %zu: no error", i);
        csv_message_fr(err.msg, b, sizeof b);
        if (strcmp(b, err.msg) == 0)
            fail_msg("input %zu: « %s » not translated", i, err.msg);
        csv_close(r);
    }
}

/* ---- csv_peek_plain / csv_skip_plain ---------------------------------- */

/* Reads data with two readers in step: A takes every plain line with
   csv_peek_plain (at most 8 fields) + csv_skip_plain, B reads everything
   with csv_next.  A plain line's fields must be exactly B's (texts, lines,
   columns); other records must come the same from both.
   Returns how many lines were plain. */
static int plain_lockstep(const char *data, size_t len, char sep)
{
    CsvError ea, eb;
    CsvReader *a = csv_open_sep("a.csv", data, len, sep, &ea);
    CsvReader *b = csv_open_sep("b.csv", data, len, sep, &eb);
    assert_non_null(a);
    assert_non_null(b);
    int plain = 0;
    char prefix[512]; /* the first kpre fields of the last plain line, for csv_peek_plain_after */
    size_t plen = 0, kpre = 0;
    for (int guard = 0; guard < 10000; guard++) {
        CsvField pf[8];
        size_t np;
        const CsvField *fb, *fa;
        size_t nb, na;
        if (kpre > 0) {
            /* csv_peek_plain_after agrees with csv_peek_plain: the fields
               after the prefix, when the line starts with it */
            CsvField tf[8], all[16];
            size_t nt, nall;
            int r1 = csv_peek_plain_after(a, prefix, plen, tf, 8, &nt);
            int r2 = csv_peek_plain(a, all, 16, &nall);
            if (!r2) {
                assert_int_equal(r1, 0);
            } else {
                int starts = nall > kpre && (size_t)(all[kpre - 1].text + all[kpre - 1].len - all[0].text) == plen &&
                              memcmp(all[0].text, prefix, plen) == 0;
                assert_int_equal(r1, starts && nall - kpre <= 8);
                if (r1) {
                    assert_int_equal(nt, nall - kpre);
                    for (size_t k = 0; k < nt; k++) {
                        assert_ptr_equal(tf[k].text, all[kpre + k].text);
                        assert_int_equal(tf[k].len, all[kpre + k].len);
                        assert_int_equal(tf[k].line, all[kpre + k].line);
                        assert_int_equal(tf[k].col, all[kpre + k].col);
                    }
                }
            }
        }
        if (csv_peek_plain(a, pf, 8, &np)) {
            if (np >= 2) { /* the next prefix: one or two fields of this line */
                kpre = np >= 3 && plain % 2 ? 2 : 1;
                plen = (size_t)(pf[kpre - 1].text + pf[kpre - 1].len - pf[0].text);
                if (plen == 0 || plen > sizeof prefix)
                    kpre = 0;
                else
                    memcpy(prefix, pf[0].text, plen);
            }
            assert_int_equal(csv_next(b, &fb, &nb, &eb), 1);
            assert_int_equal(np, nb);
            for (size_t k = 0; k < nb; k++) {
                assert_int_equal(pf[k].len, fb[k].len);
                assert_memory_equal(pf[k].text, fb[k].text, fb[k].len);
                assert_int_equal(pf[k].line, fb[k].line);
                assert_int_equal(pf[k].col, fb[k].col);
                if (k > 0) /* in the input, one separator apart */
                    assert_ptr_equal(pf[k].text, pf[k - 1].text + pf[k - 1].len + 1);
            }
            csv_skip_plain(a);
            plain++;
            continue;
        }
        int ra = csv_next(a, &fa, &na, &ea), rb = csv_next(b, &fb, &nb, &eb);
        assert_int_equal(ra, rb);
        if (ra == 0)
            break;
        if (ra < 0) {
            assert_int_equal(ea.line, eb.line);
            assert_int_equal(ea.col, eb.col);
            continue;
        }
        assert_int_equal(na, nb);
        for (size_t i = 0; i < na; i++) {
            assert_string_equal(fa[i].text, fb[i].text);
            assert_int_equal(fa[i].line, fb[i].line);
            assert_int_equal(fa[i].col, fb[i].col);
        }
    }
    CsvField pf[8];
    size_t np;
    assert_int_equal(csv_peek_plain(a, pf, 8, &np), 0); /* at the end */
    csv_close(a);
    csv_close(b);
    return plain;
}

static int plain_str(const char *s, char sep)
{
    return plain_lockstep(s, strlen(s), sep);
}

static void test_plain_lines_match_csv_next(void **state)
{
    (void)state;
    /* header + 3 plain lines */
    assert_int_equal(plain_str("a,b,c\n1,2,3\nx,,z\n4,5,6\n", 0), 4);
    /* CRLF, no final line end, trailing separator, empty fields */
    assert_int_equal(plain_str("a;b\r\n1;2\r\n3;\r\n;;4", 0), 4);
    /* blank lines and a line starting with a space: csv_next */
    assert_int_equal(plain_str("a,b\n\n   \n1,2\n 3,4\n5,6\n", 0), 2);
    /* quotes anywhere, non-ASCII bytes: csv_next */
    assert_int_equal(plain_str("a,b\n\"1\",2\n3,\"4\"\n5,é\n7,8\n", 0), 2);
    /* spaces inside and around unquoted fields are kept by both */
    assert_int_equal(plain_str("a,b\nx , y\nu,v \n", 0), 3);
    /* tab separator; single column */
    assert_int_equal(plain_str("a\tb\n1\t2\n", '\t'), 2);
    assert_int_equal(plain_str("a\n12,5\n3;4\n", 0), 3);
    /* more fields than the caller can take: csv_next */
    assert_int_equal(plain_str("a,b\n1,2,3,4,5,6,7,8\n1,2,3,4,5,6,7,8,9\n", 0), 2);
    /* a lone CR is a line end of its own: csv_next */
    assert_int_equal(plain_str("a,b\r1,2\r", 0), 0);
    /* an unterminated quote after plain lines */
    assert_int_equal(plain_str("a,b\n1,2\n\"3,4\n5,6\n", 0), 3);
}

static void test_plain_after_prefix(void **state)
{
    (void)state;
    /* csv_peek_plain_after takes the fields after a prefix (one or two
       fields of the line before); lines that do not start with it, or
       with it followed by more than a separator, are csv_peek_plain's */
    assert_int_equal(plain_str("s,y,c,g\n1,2,A,10\n1,2,B,11\n1,2\n1,2,C,\"q\"\n1,23,C,4\n1,2,C,4,5\n1,,C,4\n", 0), 7);
    assert_int_equal(plain_str("s;y;c\r\nab;cd;e\r\nab;cd;f\r\nab;cd\r\nab;cd;\r\nab;cd;g", 0), 6);
    /* the prefix as a whole line (no separator after it): csv_peek_plain */
    assert_int_equal(plain_str("a,b\nx,y\nx\nx,y,z\n", 0), 4);
    /* single column: no separator, never a prefix */
    assert_int_equal(plain_str("a\nx\nx\n", 0), 3);
    /* a tail with a quote or a high byte: csv_next */
    assert_int_equal(plain_str("a,b\nx,y\nx,\"y\"\nx,y\xc3\xa9\nx,y\n", 0), 3);
}

static void test_plain_lines_at_block_boundaries(void **state)
{
    (void)state;
    /* lines of 1 to 70 bytes, then with a quote, a CR or a high byte at
       each position: the 16-byte scan and the byte-by-byte tail agree
       with csv_next wherever a line ends */
    char buf[256];
    for (size_t len = 1; len <= 70; len++) {
        for (int what = 0; what < 4; what++) {
            size_t o = 0;
            o += (size_t)snprintf(buf + o, sizeof buf - o, "h,i\n");
            for (size_t i = 0; i < len; i++)
                buf[o++] = (char)(i % 5 == 4 ? ',' : 'a' + (char)(i % 26));
            if (what == 1)
                buf[o - len / 2 - 1] = '"';
            if (what == 2)
                buf[o++] = '\r';
            if (what == 3)
                buf[o - len / 2 - 1] = (char)0xE9; /* Windows-1252 é: the whole text is converted */
            buf[o++] = '\n';
            /* the same line again: its start is the prefix of the first */
            memcpy(buf + o, buf + 4, len + (what == 2) + 1);
            o += len + (what == 2) + 1;
            o += (size_t)snprintf(buf + o, sizeof buf - o, "x,y");
            plain_lockstep(buf, o, 0);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sep_comma),
        cmocka_unit_test(test_sep_semicolon),
        cmocka_unit_test(test_sep_tab),
        cmocka_unit_test(test_sep_most_frequent_outside_quotes),
        cmocka_unit_test(test_sep_single_column),
        cmocka_unit_test(test_sep_tie_is_an_error),
        cmocka_unit_test(test_sep_forced),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_lone_cr),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_no_final_newline_and_trailing_separator),
        cmocka_unit_test(test_field_counts_exposed),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_spaces_kept_in_unquoted_fields),
        cmocka_unit_test(test_plain_lines_match_csv_next),
        cmocka_unit_test(test_plain_after_prefix),
        cmocka_unit_test(test_plain_lines_at_block_boundaries),
        cmocka_unit_test(test_quotes_with_separator),
        cmocka_unit_test(test_quotes_doubled),
        cmocka_unit_test(test_quotes_newlines_inside),
        cmocka_unit_test(test_quotes_spaces_around),
        cmocka_unit_test(test_quoted_at_end_of_input),
        cmocka_unit_test(test_err_unterminated),
        cmocka_unit_test(test_err_unterminated_after_pairs),
        cmocka_unit_test(test_err_quote_in_unquoted),
        cmocka_unit_test(test_err_text_after_quote),
        cmocka_unit_test(test_err_text_after_multiline_quote),
        cmocka_unit_test(test_err_positions_in_characters),
        cmocka_unit_test(test_err_resync_reports_every_error),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_windows_1252_error_position),
        cmocka_unit_test(test_windows_1252_undefined_bytes),
        cmocka_unit_test(test_utf8_with_bom_but_invalid),
        cmocka_unit_test(test_mixed_encodings),
        cmocka_unit_test(test_invalid_utf8_forms_fall_back),
        cmocka_unit_test(test_utf16_bom),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_10mb_line),
        cmocka_unit_test(test_100000_columns),
        cmocka_unit_test(test_many_bad_quotes_stay_linear),
        cmocka_unit_test(test_borrowed_input),
        cmocka_unit_test(test_plain_and_quoted_fields_mixed),
        cmocka_unit_test(test_field_buffer_grows),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_reentrant_readers),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_messages_fr),
        cmocka_unit_test(test_nul_appearing_later),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
