/* Unit tests for src/num.c: exact decimals on GMP rationals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "num.h"

/* Parses s (which must be valid) into an initialised out. */
static void set(mpq_t out, const char *s)
{
    char err[128];
    int rc = num_parse(out, s, strlen(s), err, sizeof err);
    if (rc != 0)
        fail_msg("num_parse(\"%s\") failed: %s", s, err);
}

/* Asserts that s parses to the fraction num/den (given as strings). */
static void check_parse(const char *s, const char *num, const char *den)
{
    mpq_t q, want;
    mpq_init(q);
    mpq_init(want);
    set(q, s);
    mpz_set_str(mpq_numref(want), num, 10);
    mpz_set_str(mpq_denref(want), den, 10);
    mpq_canonicalize(want);
    if (!mpq_equal(q, want)) {
        char *got = mpq_get_str(NULL, 10, q);
        fail_msg("\"%s\" parsed as %s, want %s/%s", s, got, num, den);
    }
    mpq_clear(q);
    mpq_clear(want);
}

/* Asserts that s is rejected with exactly the message want and that the
   output is left unchanged. */
static void check_reject_len(const char *s, size_t len, const char *want)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, 42, 1);
    char err[128];
    memset(err, 'x', sizeof err);
    int rc = num_parse(q, s, len, err, sizeof err);
    assert_int_equal(rc, -1);
    assert_string_equal(err, want);
    assert_true(mpq_cmp_si(q, 42, 1) == 0);
    mpq_clear(q);
}

static void check_reject(const char *s, const char *want)
{
    check_reject_len(s, strlen(s), want);
}

static void check_trunc(const char *s, int decimals, char mark, const char *want)
{
    mpq_t q;
    mpq_init(q);
    set(q, s);
    char buf[NUM_FMT_SIZE];
    int n = num_format_trunc(q, decimals, mark, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));
    mpq_clear(q);
}

static void check_fixed(const char *s, int decimals, NumRound mode, char mark, const char *want)
{
    mpq_t q;
    mpq_init(q);
    set(q, s);
    char buf[NUM_FMT_SIZE];
    int n = num_format_fixed(q, decimals, mode, mark, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));
    mpq_clear(q);
}

/* ---- parsing ---------------------------------------------------------- */

static void test_parse_plain(void **state)
{
    (void)state;
    check_parse("12", "12", "1");
    check_parse("12,5", "25", "2");
    check_parse("12.5", "25", "2");
    check_parse("13.333", "13333", "1000");
    check_parse("0.0001", "1", "10000");
    check_parse("0", "0", "1");
    check_parse("-0", "0", "1");
    check_parse("+7", "7", "1");
    check_parse("007", "7", "1");
    check_parse("-3,50", "-7", "2");
    check_parse("1,234", "617", "500"); /* a lone comma is a decimal mark */
    check_parse("20.000", "20", "1");
}

static void test_parse_spaces(void **state)
{
    (void)state;
    check_parse("  12,5", "25", "2");
    check_parse("12,5   ", "25", "2");
    check_parse("\t -8.25 \t", "-33", "4");
}

static void test_parse_arbitrary_length(void **state)
{
    (void)state;
    check_parse("99999999999999999999", "99999999999999999999", "1");
    check_parse("-0.00000000000000000000000000001", "-1", "100000000000000000000000000000");

    /* 400 digits, past the stack buffer: exact. */
    char big[402];
    big[0] = '1';
    memset(big + 1, '0', 399);
    big[200] = '.';
    big[400] = '7';
    big[401] = '\0';
    mpq_t q, want;
    mpq_init(q);
    mpq_init(want);
    set(q, big);
    /* 10^199 + 7 / 10^200 */
    mpz_ui_pow_ui(mpq_numref(want), 10, 399);
    mpz_add_ui(mpq_numref(want), mpq_numref(want), 7);
    mpz_ui_pow_ui(mpq_denref(want), 10, 200);
    mpq_canonicalize(want);
    assert_true(mpq_equal(q, want));
    mpq_clear(q);
    mpq_clear(want);
}

static void test_parse_not_nul_terminated(void **state)
{
    (void)state;
    const char cell[] = {'1', '2', ',', '5', ';', '1', '3'};
    mpq_t q;
    mpq_init(q);
    assert_int_equal(num_parse(q, cell, 4, NULL, 0), 0);
    assert_true(mpq_cmp_si(q, 25, 2) == 0);
    assert_int_equal(num_parse(q, cell + 5, 2, NULL, 0), 0);
    assert_true(mpq_cmp_si(q, 13, 1) == 0);
    mpq_clear(q);
}

static void test_parse_err_empty(void **state)
{
    (void)state;
    check_reject("", "not a decimal number: empty");
    check_reject("   \t ", "not a decimal number: empty");
    check_reject_len(NULL, 0, "not a decimal number: empty");
    check_reject("-", "not a decimal number: sign without digits");
    check_reject(" + ", "not a decimal number: sign without digits");
}

static void test_parse_err_exponent(void **state)
{
    (void)state;
    check_reject("1e3", "not a decimal number: exponent notation ('e') is not allowed");
    check_reject("1,5E-2", "not a decimal number: exponent notation ('E') is not allowed");
}

static void test_parse_err_nan_inf(void **state)
{
    (void)state;
    check_reject("NaN", "not a decimal number: NaN is not a number");
    check_reject("nan", "not a decimal number: NaN is not a number");
    check_reject("inf", "not a decimal number: infinity is not allowed");
    check_reject("-Infinity", "not a decimal number: infinity is not allowed");
    check_reject("+INF", "not a decimal number: infinity is not allowed");
}

static void test_parse_err_spreadsheet(void **state)
{
    (void)state;
    check_reject("#DIV/0!", "not a decimal number: spreadsheet error value '#DIV/0!'");
    check_reject("#VALEUR!", "not a decimal number: spreadsheet error value '#VALEUR!'");
}

static void test_parse_err_marks(void **state)
{
    (void)state;
    check_reject("12.5.3", "not a decimal number: two decimal marks");
    check_reject("12,5,3", "not a decimal number: two decimal marks");
    check_reject("1.234.567", "not a decimal number: two decimal marks");
    check_reject("1,234.5", "not a decimal number: both '.' and ',' (thousands separator?)");
    check_reject("1.234,5", "not a decimal number: both '.' and ',' (thousands separator?)");
    check_reject(".5", "not a decimal number: no digit before the decimal mark (write 0.5)");
    check_reject(",5", "not a decimal number: no digit before the decimal mark (write 0,5)");
    check_reject("-.25", "not a decimal number: no digit before the decimal mark (write -0.25)");
    check_reject("12.", "not a decimal number: no digit after the decimal mark");
    check_reject("12,", "not a decimal number: no digit after the decimal mark");
}

static void test_parse_err_thousands(void **state)
{
    (void)state;
    check_reject("1 234", "not a decimal number: thousands separator");
    check_reject("1 234,5", "not a decimal number: thousands separator");
    check_reject("1'234", "not a decimal number: thousands separator");
    check_reject("1\xC2\xA0" "234", "not a decimal number: thousands separator");     /* U+00A0 */
    check_reject("1\xE2\x80\xAF" "234", "not a decimal number: thousands separator"); /* U+202F */
    check_reject("1\xE2\x80\x89" "234", "not a decimal number: thousands separator"); /* U+2009 */
    check_reject("12 ,5", "not a decimal number: space inside the number");
    check_reject("12,5 0", "not a decimal number: space inside the number");
    check_reject("- 1", "not a decimal number: space inside the number");
}

static void test_parse_err_characters(void **state)
{
    (void)state;
    check_reject("abc", "not a decimal number: unexpected character 'a'");
    check_reject("12a", "not a decimal number: unexpected character 'a'");
    check_reject("--1", "not a decimal number: unexpected character '-'");
    check_reject("1-", "not a decimal number: unexpected character '-'");
    check_reject("0x10", "not a decimal number: unexpected character 'x'");
    check_reject("15%", "not a decimal number: unexpected character '%'");
    check_reject("e3", "not a decimal number: unexpected character 'e'");
    check_reject("1\xE9", "not a decimal number: unexpected byte 0xE9");
    check_reject_len("1\0" "2", 3, "not a decimal number: unexpected byte 0x00");
    check_reject("\xEF\xBC\x91", "not a decimal number: unexpected byte 0xEF"); /* fullwidth 1 */
}

static void test_parse_err_buffer(void **state)
{
    (void)state;
    mpq_t q;
    mpq_init(q);
    char err[10];
    assert_int_equal(num_parse(q, "x", 1, err, sizeof err), -1);
    assert_string_equal(err, "not a dec"); /* truncated, NUL-terminated */
    assert_int_equal(num_parse(q, "x", 1, NULL, 0), -1);
    assert_int_equal(num_parse(q, "x", 1, err, 0), -1);
    mpq_clear(q);
}

/* ---- exactness ---------------------------------------------------------- */

static void test_exact_599_99_over_60(void **state)
{
    (void)state;
    mpq_t q, ten, sixty;
    mpq_init(q);
    mpq_init(ten);
    mpq_init(sixty);
    set(q, "599.99");
    set(sixty, "60");
    mpq_div(q, q, sixty); /* 9.99983333... */
    set(ten, "10");
    assert_true(mpq_cmp(q, ten) < 0);
    assert_false(mpq_equal(q, ten));

    char buf[NUM_FMT_SIZE];
    num_format_trunc(q, 2, '.', buf, sizeof buf);
    assert_string_equal(buf, "9.99");
    num_format_trunc(q, 5, ',', buf, sizeof buf);
    assert_string_equal(buf, "9,99983");
    num_format_fixed(q, 2, NUM_NEAREST, '.', buf, sizeof buf);
    assert_string_equal(buf, "10.00");

    /* 600/60 is exactly 10 */
    set(q, "600");
    mpq_div(q, q, sixty);
    assert_true(mpq_equal(q, ten));
    num_format_trunc(q, 2, '.', buf, sizeof buf);
    assert_string_equal(buf, "10");

    mpq_clear(q);
    mpq_clear(ten);
    mpq_clear(sixty);
}

static void test_exact_point_one_plus_point_two(void **state)
{
    (void)state;
    volatile double a = 0.1, b = 0.2, c = 0.3;
    assert_true(a + b != c); /* what a double does */

    mpq_t x, y, z, s;
    mpq_init(x);
    mpq_init(y);
    mpq_init(z);
    mpq_init(s);
    set(x, "0.1");
    set(y, "0,2");
    set(z, "0.3");
    mpq_add(s, x, y);
    assert_true(mpq_equal(s, z));
    char buf[NUM_FMT_SIZE];
    num_format_trunc(s, 20, '.', buf, sizeof buf);
    assert_string_equal(buf, "0.3");
    mpq_clear(x);
    mpq_clear(y);
    mpq_clear(z);
    mpq_clear(s);
}

static void test_exact_three_times_3_35(void **state)
{
    (void)state;
    /* In a double, 3 * 3.35 happens to round to 10.05, but 3 * 0.35 gives
       1.0499999999999998, which truncates to 1.04: check both exactly. */
    volatile double d = 0.35;
    assert_true(3 * d < 1.05);

    mpq_t q, three, want;
    mpq_init(q);
    mpq_init(three);
    mpq_init(want);
    set(q, "3,35");
    set(three, "3");
    mpq_mul(q, q, three);
    set(want, "10.05");
    assert_true(mpq_equal(q, want));
    char buf[NUM_FMT_SIZE];
    num_format_trunc(q, 2, ',', buf, sizeof buf);
    assert_string_equal(buf, "10,05");
    num_format_trunc(q, 1, ',', buf, sizeof buf);
    assert_string_equal(buf, "10");

    set(q, "0.35");
    mpq_mul(q, q, three);
    set(want, "1.05");
    assert_true(mpq_equal(q, want));
    num_format_trunc(q, 2, '.', buf, sizeof buf);
    assert_string_equal(buf, "1.05");
    mpq_clear(q);
    mpq_clear(three);
    mpq_clear(want);
}

static void test_exact_weighted_mean(void **state)
{
    (void)state;
    /* (12.5 * 3 + 8.25 * 2 + 10 * 1.5) / 6.5 = 69 / 6.5 = 138/13 */
    const char *g[] = {"12,5", "8.25", "10"};
    const char *w[] = {"3", "2", "1,5"};
    mpq_t sum, wsum, x, y;
    mpq_init(sum);
    mpq_init(wsum);
    mpq_init(x);
    mpq_init(y);
    for (int i = 0; i < 3; i++) {
        set(x, g[i]);
        set(y, w[i]);
        mpq_add(wsum, wsum, y);
        mpq_mul(x, x, y);
        mpq_add(sum, sum, x);
    }
    mpq_div(sum, sum, wsum);
    assert_true(mpq_cmp_si(sum, 138, 13) == 0);
    char buf[NUM_FMT_SIZE];
    num_format_trunc(sum, 3, '.', buf, sizeof buf);
    assert_string_equal(buf, "10.615");
    mpq_clear(sum);
    mpq_clear(wsum);
    mpq_clear(x);
    mpq_clear(y);
}

/* ---- formatting --------------------------------------------------------- */

static void test_format_trunc(void **state)
{
    (void)state;
    check_trunc("12.5", 2, '.', "12.5");
    check_trunc("12.5", 2, ',', "12,5");
    check_trunc("10", 2, '.', "10");
    check_trunc("10.00", 2, '.', "10");
    check_trunc("10.10", 2, '.', "10.1");
    check_trunc("9.999", 2, '.', "9.99");
    check_trunc("9.999", 0, '.', "9");
    check_trunc("9.9999999999", 9, '.', "9.999999999");
    check_trunc("0.05", 1, '.', "0");
    check_trunc("0.001", 2, '.', "0");
    check_trunc("-0.001", 2, '.', "0"); /* no "-0" */
    check_trunc("-12.345", 2, ',', "-12,34");
    check_trunc("0", 3, '.', "0");
    check_trunc("100", 0, '.', "100");
}

static void test_format_trunc_fractions(void **state)
{
    (void)state;
    mpq_t q;
    mpq_init(q);
    char buf[NUM_FMT_SIZE];
    mpq_set_si(q, 2, 3);
    num_format_trunc(q, 2, '.', buf, sizeof buf);
    assert_string_equal(buf, "0.66");
    mpq_set_si(q, -1, 3);
    num_format_trunc(q, 2, '.', buf, sizeof buf);
    assert_string_equal(buf, "-0.33");
    mpq_set_si(q, -200, 3);
    num_format_trunc(q, 3, ',', buf, sizeof buf);
    assert_string_equal(buf, "-66,666");
    mpq_set_si(q, 1, 8);
    num_format_trunc(q, 10, '.', buf, sizeof buf);
    assert_string_equal(buf, "0.125");
    mpq_clear(q);
}

static void test_format_fixed(void **state)
{
    (void)state;
    check_fixed("10", 2, NUM_TRUNC, '.', "10.00");
    check_fixed("9.99", 2, NUM_TRUNC, ',', "9,99");
    check_fixed("9.999", 2, NUM_TRUNC, '.', "9.99");
    check_fixed("10", 0, NUM_TRUNC, '.', "10");
    check_fixed("0.5", 3, NUM_TRUNC, '.', "0.500");
    check_fixed("-0.001", 2, NUM_TRUNC, '.', "0.00");
    check_fixed("-1.5", 1, NUM_TRUNC, '.', "-1.5");
}

static void test_format_fixed_nearest(void **state)
{
    (void)state;
    check_fixed("2.345", 2, NUM_NEAREST, '.', "2.35");
    check_fixed("2.3449", 2, NUM_NEAREST, '.', "2.34");
    check_fixed("-2.345", 2, NUM_NEAREST, '.', "-2.35");
    check_fixed("-2.3449", 2, NUM_NEAREST, '.', "-2.34");
    check_fixed("0.5", 0, NUM_NEAREST, '.', "1");
    check_fixed("-0.5", 0, NUM_NEAREST, '.', "-1");
    check_fixed("1.5", 0, NUM_NEAREST, '.', "2");
    check_fixed("2.5", 0, NUM_NEAREST, '.', "3"); /* not banker's rounding */
    check_fixed("9.995", 2, NUM_NEAREST, ',', "10,00");
    check_fixed("-0.004", 2, NUM_NEAREST, '.', "0.00");
    check_fixed("-0.005", 2, NUM_NEAREST, '.', "-0.01");
}

static void test_format_fixed_up(void **state)
{
    (void)state;
    check_fixed("9.991", 2, NUM_UP, '.', "10.00");
    check_fixed("9.99", 2, NUM_UP, '.', "9.99");
    check_fixed("9.9901", 2, NUM_UP, '.', "10.00");
    check_fixed("-9.999", 2, NUM_UP, '.', "-9.99");
    check_fixed("-0.001", 2, NUM_UP, '.', "0.00");
    check_fixed("0.001", 2, NUM_UP, '.', "0.01");
    check_fixed("7", 0, NUM_UP, '.', "7");
}

static void test_round(void **state)
{
    (void)state;
    mpq_t q, r;
    mpq_init(q);
    mpq_init(r);
    mpq_set_si(q, 59999, 6000); /* 599.99 / 60 */
    num_round(r, q, 2, NUM_TRUNC);
    assert_true(mpq_cmp_si(r, 999, 100) == 0);
    num_round(r, q, 2, NUM_NEAREST);
    assert_true(mpq_cmp_si(r, 10, 1) == 0);
    num_round(r, q, 2, NUM_UP);
    assert_true(mpq_cmp_si(r, 10, 1) == 0);
    num_round(r, q, 4, NUM_NEAREST);
    assert_true(mpq_cmp_si(r, 99998, 10000) == 0);

    mpq_set_si(q, -1, 3);
    num_round(r, q, 1, NUM_TRUNC);
    assert_true(mpq_cmp_si(r, -3, 10) == 0);
    num_round(r, q, 1, NUM_UP);
    assert_true(mpq_cmp_si(r, -3, 10) == 0);
    num_round(r, q, 1, NUM_NEAREST);
    assert_true(mpq_cmp_si(r, -3, 10) == 0);
    mpq_set_si(q, -2, 3);
    num_round(r, q, 1, NUM_UP);
    assert_true(mpq_cmp_si(r, -6, 10) == 0);
    num_round(r, q, 1, NUM_NEAREST);
    assert_true(mpq_cmp_si(r, -7, 10) == 0);

    /* aliasing: out == q */
    mpq_set_si(q, 2345, 1000);
    num_round(q, q, 2, NUM_NEAREST);
    assert_true(mpq_cmp_si(q, 235, 100) == 0);
    mpq_clear(q);
    mpq_clear(r);
}

static void test_format_buffer_sizes(void **state)
{
    (void)state;
    mpq_t q;
    mpq_init(q);
    set(q, "12.5678");
    assert_int_equal(num_format_fixed(q, 4, NUM_TRUNC, '.', NULL, 0), 7);
    char small[4];
    memset(small, 'x', sizeof small);
    assert_int_equal(num_format_fixed(q, 4, NUM_TRUNC, '.', small, sizeof small), 7);
    assert_string_equal(small, "12.");
    char one[1] = {'x'};
    assert_int_equal(num_format_trunc(q, 4, '.', one, 1), 7);
    assert_int_equal(one[0], '\0');

    /* NUM_FMT_SIZE is enough for |q| < 10^20 with 20 decimals. */
    char buf[NUM_FMT_SIZE];
    set(q, "-99999999999999999999.99999999999999999999");
    int n = num_format_fixed(q, 20, NUM_TRUNC, '.', buf, sizeof buf);
    assert_int_equal(n, 42);
    assert_string_equal(buf, "-99999999999999999999.99999999999999999999");
    mpq_clear(q);
}

static void test_format_long(void **state)
{
    (void)state;
    /* 10^200 + 1/3 with 60 decimals: a 262-character text, heap path. */
    mpq_t q, third;
    mpq_init(q);
    mpq_init(third);
    mpz_ui_pow_ui(mpq_numref(q), 10, 200);
    mpq_set_si(third, 1, 3);
    mpq_add(q, q, third);
    int need = num_format_trunc(q, 60, '.', NULL, 0);
    assert_int_equal(need, 201 + 1 + 60);
    char *buf = malloc((size_t)need + 1);
    assert_non_null(buf);
    assert_int_equal(num_format_trunc(q, 60, '.', buf, (size_t)need + 1), need);
    assert_int_equal(buf[0], '1');
    for (int i = 1; i <= 200; i++)
        assert_int_equal(buf[i], '0');
    assert_int_equal(buf[201], '.');
    for (int i = 202; i < need; i++)
        assert_int_equal(buf[i], '3');
    assert_int_equal(buf[need], '\0');
    free(buf);
    mpq_clear(q);
    mpq_clear(third);
}

/* num_small: the parts of a non-negative rational below 2^62, else false. */
static void test_small_parts(void **state)
{
    (void)state;
    mpq_t q;
    mpq_init(q);
    uint64_t n = 0, d = 0;
    assert_int_equal(num_parse(q, "9.99983", 7, NULL, 0), 0);
    assert_true(num_small(q, &n, &d));
    assert_int_equal(n, 999983);
    assert_int_equal(d, 100000);
    mpq_set_ui(q, 0, 1);
    assert_true(num_small(q, &n, &d));
    assert_int_equal(n, 0);
    assert_int_equal(d, 1);
    mpq_set_si(q, -1, 2);
    assert_false(num_small(q, &n, &d)); /* negative: GMP */
    mpq_set_str(q, "4611686018427387903/3", 10); /* 2^62 - 1 */
    mpq_canonicalize(q);
    assert_true(num_small(q, &n, &d));
    mpq_set_str(q, "4611686018427387904/3", 10); /* 2^62 */
    mpq_canonicalize(q);
    assert_false(num_small(q, &n, &d));
    mpq_set_str(q, "1/4611686018427387904", 10);
    assert_false(num_small(q, &n, &d));
    mpq_set_str(q, "1/100000000000000000000", 10); /* two limbs */
    assert_false(num_small(q, &n, &d));
    mpq_clear(q);
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *in[] = {"0", "1", "-1", "12.5", "-0.0001", "13.333", "99999999999999999999", "3.14159265358979"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        mpq_t q, back;
        mpq_init(q);
        mpq_init(back);
        set(q, in[i]);
        char buf[NUM_FMT_SIZE];
        num_format_trunc(q, 20, ',', buf, sizeof buf);
        set(back, buf);
        assert_true(mpq_equal(q, back));
        mpq_clear(q);
        mpq_clear(back);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_plain),
        cmocka_unit_test(test_parse_spaces),
        cmocka_unit_test(test_parse_arbitrary_length),
        cmocka_unit_test(test_parse_not_nul_terminated),
        cmocka_unit_test(test_parse_err_empty),
        cmocka_unit_test(test_parse_err_exponent),
        cmocka_unit_test(test_parse_err_nan_inf),
        cmocka_unit_test(test_parse_err_spreadsheet),
        cmocka_unit_test(test_parse_err_marks),
        cmocka_unit_test(test_parse_err_thousands),
        cmocka_unit_test(test_parse_err_characters),
        cmocka_unit_test(test_parse_err_buffer),
        cmocka_unit_test(test_exact_599_99_over_60),
        cmocka_unit_test(test_exact_point_one_plus_point_two),
        cmocka_unit_test(test_exact_three_times_3_35),
        cmocka_unit_test(test_exact_weighted_mean),
        cmocka_unit_test(test_format_trunc),
        cmocka_unit_test(test_format_trunc_fractions),
        cmocka_unit_test(test_format_fixed),
        cmocka_unit_test(test_format_fixed_nearest),
        cmocka_unit_test(test_format_fixed_up),
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_format_buffer_sizes),
        cmocka_unit_test(test_format_long),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_small_parts),
    };
    return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
