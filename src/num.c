/*
 * num — exact decimal numbers on GMP rationals.  See num.h for the contract.
 *
 * Ownership: nothing is kept between calls; temporary GMP integers and the
 * occasional heap buffer (very long inputs or outputs) are released before
 * returning.
 */
#include "num.h"

#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inputs or outputs up to this many bytes use a stack buffer, not malloc. */
#define NUM_STACK 128

static void num_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err == NULL || errlen == 0)
        return;
    int k = snprintf(err, errlen, "not a decimal number: ");
    if (k < 0 || (size_t)k >= errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
    va_end(ap);
}

static int num_isdigit(char c)
{
    return c >= '0' && c <= '9';
}

static int num_isspace(char c)
{
    return c == ' ' || c == '\t';
}

static char num_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive comparison of s[0..len) with the lower-case word w. */
static int num_word_is(const char *s, size_t len, const char *w)
{
    size_t wl = strlen(w);
    if (len != wl)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (num_lower(s[i]) != w[i])
            return 0;
    return 1;
}

/* Length of a "space-like" thing at s[i..end): ASCII space or tab, apostrophe
   (Swiss thousands), U+00A0 NO-BREAK SPACE, U+202F NARROW NO-BREAK SPACE,
   U+2009 THIN SPACE (what spreadsheets put between thousands); 0 if none. */
static size_t num_spacelike(const char *s, size_t i, size_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\'')
        return 1;
    if (i + 1 < end && u[i] == 0xC2 && u[i + 1] == 0xA0)
        return 2;
    if (i + 2 < end && u[i] == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0xAF || u[i + 2] == 0x89))
        return 3;
    return 0;
}

/* Describes the character at s[i] for a message. */
static void num_badchar(char *err, size_t errlen, const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c > 0x20 && c < 0x7F)
        num_err(err, errlen, "unexpected character '%c'", (char)c);
    else
        num_err(err, errlen, "unexpected byte 0x%02X", (unsigned)c);
}

int num_parse(mpq_t out, const char *s, size_t len, char *err, size_t errlen)
{
    assert(s != NULL || len == 0);
    if (err != NULL && errlen > 0)
        err[0] = '\0';

    size_t i = 0, end = len;
    while (i < end && num_isspace(s[i]))
        i++;
    while (end > i && num_isspace(s[end - 1]))
        end--;
    if (i == end) {
        num_err(err, errlen, "empty");
        return -1;
    }

    int neg = 0;
    if (s[i] == '+' || s[i] == '-') {
        neg = s[i] == '-';
        i++;
    }
    size_t body = i;

    /* Words first, for a precise reason. */
    if (body < end && s[body] == '#') {
        num_err(err, errlen, "spreadsheet error value '%.*s'",
                (int)(end - body > 20 ? 20 : end - body), s + body);
        return -1;
    }
    if (num_word_is(s + body, end - body, "nan")) {
        num_err(err, errlen, "NaN is not a number");
        return -1;
    }
    if (num_word_is(s + body, end - body, "inf") || num_word_is(s + body, end - body, "infinity")) {
        num_err(err, errlen, "infinity is not allowed");
        return -1;
    }
    if (body == end) {
        num_err(err, errlen, "sign without digits");
        return -1;
    }

    size_t int_digits = 0, frac_digits = 0;
    size_t mark_at = SIZE_MAX; /* index of the decimal mark, if any */
    for (size_t k = body; k < end;) {
        char c = s[k];
        size_t sp;
        if (num_isdigit(c)) {
            if (mark_at == SIZE_MAX)
                int_digits++;
            else
                frac_digits++;
            k++;
        } else if (c == '.' || c == ',') {
            if (mark_at != SIZE_MAX) {
                if (s[mark_at] == c)
                    num_err(err, errlen, "two decimal marks");
                else
                    num_err(err, errlen, "both '.' and ',' (thousands separator?)");
                return -1;
            }
            mark_at = k++;
        } else if ((c == 'e' || c == 'E') && k > body && num_isdigit(s[k - 1])) {
            num_err(err, errlen, "exponent notation ('%c') is not allowed", c);
            return -1;
        } else if ((sp = num_spacelike(s, k, end)) != 0) {
            int between = k > body && num_isdigit(s[k - 1]) && k + sp < end && num_isdigit(s[k + sp]);
            if (between && mark_at == SIZE_MAX)
                num_err(err, errlen, "thousands separator");
            else
                num_err(err, errlen, "space inside the number");
            return -1;
        } else {
            num_badchar(err, errlen, s, k);
            return -1;
        }
    }
    if (mark_at != SIZE_MAX && int_digits == 0) {
        num_err(err, errlen, "no digit before the decimal mark (write %s0%c%.*s)", neg ? "-" : "",
                s[mark_at], (int)(frac_digits > 10 ? 10 : frac_digits), s + mark_at + 1);
        return -1;
    }
    if (mark_at != SIZE_MAX && frac_digits == 0) {
        num_err(err, errlen, "no digit after the decimal mark");
        return -1;
    }
    if (int_digits == 0) { /* only a sign was left, already handled */
        num_err(err, errlen, "no digits");
        return -1;
    }
    /* Digits without the mark, NUL-terminated for mpz_set_str. */
    size_t nd = int_digits + frac_digits;
    char small[NUM_STACK];
    char *digits = nd < sizeof small ? small : malloc(nd + 1);
    if (digits == NULL) {
        num_err(err, errlen, "out of memory");
        return -1;
    }
    size_t w = 0;
    for (size_t k = body; k < end; k++)
        if (num_isdigit(s[k]))
            digits[w++] = s[k];
    assert(w == nd);
    digits[w] = '\0';

    mpz_t n, d;
    mpz_init(n);
    mpz_init(d);
    int rc = mpz_set_str(n, digits, 10);
    assert(rc == 0);
    (void)rc;
    if (digits != small)
        free(digits);
    if (neg)
        mpz_neg(n, n);
    mpz_ui_pow_ui(d, 10, (unsigned long)frac_digits);
    mpq_set_num(out, n);
    mpq_set_den(out, d);
    mpq_canonicalize(out);
    mpz_clear(n);
    mpz_clear(d);
    return 0;
}

/* n := q * 10^decimals rounded to an integer with mode. */
static void num_scale(mpz_t n, const mpq_t q, int decimals, NumRound mode)
{
    assert(decimals >= 0);
    mpz_t p;
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)decimals);
    mpz_mul(n, mpq_numref(q), p);
    const mpz_srcptr den = mpq_denref(q);
    switch (mode) {
    case NUM_TRUNC:
        mpz_tdiv_q(n, n, den);
        break;
    case NUM_UP:
        mpz_cdiv_q(n, n, den);
        break;
    case NUM_NEAREST: {
        /* sign(n) * floor((2|n| + den) / (2 den)): halves go away from zero. */
        int sgn = mpz_sgn(n);
        mpz_abs(n, n);
        mpz_mul_2exp(n, n, 1);
        mpz_add(n, n, den);
        mpz_mul_2exp(p, den, 1);
        mpz_fdiv_q(n, n, p);
        if (sgn < 0)
            mpz_neg(n, n);
        break;
    }
    default:
        assert(!"unknown NumRound");
    }
    mpz_clear(p);
}

void num_round(mpq_t out, const mpq_t q, int decimals, NumRound mode)
{
    assert(decimals >= 0);
    mpz_t n, d;
    mpz_init(n);
    mpz_init(d);
    num_scale(n, q, decimals, mode); /* reads q before out is written */
    mpz_ui_pow_ui(d, 10, (unsigned long)decimals);
    mpq_set_num(out, n);
    mpq_set_den(out, d);
    mpq_canonicalize(out);
    mpz_clear(n);
    mpz_clear(d);
}

/* Writes the scaled integer n (value n / 10^decimals) into buf; with `strip`,
   trailing fractional zeros and a bare mark are removed. */
static int num_write(const mpz_t n, int decimals, int strip, char mark, char *buf, size_t bufn)
{
    assert(decimals >= 0);
    assert(mark == '.' || mark == ',');
    assert(buf != NULL || bufn == 0);

    size_t dlen = mpz_sizeinbase(n, 10) + 2; /* digits, maybe a '-', NUL */
    size_t d = (size_t)decimals;
    size_t need = dlen + d + 3; /* text: '-', digits or zeros, mark, NUL */
    char small[NUM_STACK];
    char *work = dlen + need <= sizeof small ? small : malloc(dlen + need);
    if (work == NULL) {
        if (bufn > 0)
            buf[0] = '\0';
        return -1;
    }
    char *digits = work, *text = work + dlen;

    mpz_get_str(digits, 10, n);
    const char *mag = digits[0] == '-' ? digits + 1 : digits;
    size_t mlen = strlen(mag);
    size_t t = 0;
    if (mpz_sgn(n) < 0)
        text[t++] = '-';
    if (mlen > d) {
        memcpy(text + t, mag, mlen - d);
        t += mlen - d;
    } else {
        text[t++] = '0';
    }
    if (d > 0) {
        text[t++] = mark;
        size_t pad = mlen < d ? d - mlen : 0;
        memset(text + t, '0', pad);
        t += pad;
        size_t fl = d - pad;
        memcpy(text + t, mag + (mlen - fl), fl);
        t += fl;
        if (strip) {
            while (text[t - 1] == '0')
                t--;
            if (text[t - 1] == mark)
                t--;
        }
    }
    assert(t < need);
    text[t] = '\0';

    int ret = t > (size_t)INT_MAX ? -1 : (int)t;
    if (bufn > 0) {
        size_t c = t < bufn - 1 ? t : bufn - 1;
        memcpy(buf, text, c);
        buf[c] = '\0';
    }
    if (work != small)
        free(work);
    return ret;
}

int num_format_trunc(const mpq_t q, int decimals, char mark, char *buf, size_t n)
{
    mpz_t s;
    mpz_init(s);
    num_scale(s, q, decimals, NUM_TRUNC);
    int r = num_write(s, decimals, 1, mark, buf, n);
    mpz_clear(s);
    return r;
}

int num_format_fixed(const mpq_t q, int decimals, NumRound mode, char mark, char *buf, size_t n)
{
    mpz_t s;
    mpz_init(s);
    num_scale(s, q, decimals, mode);
    int r = num_write(s, decimals, 0, mark, buf, n);
    mpz_clear(s);
    return r;
}
