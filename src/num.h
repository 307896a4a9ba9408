/*
 * num — exact decimal numbers for grades and rule values.
 *
 * Every number is a GMP rational (mpq_t): 599.99/60 is kept exactly, so
 * 9.99983… is below 10 and 0.1 + 0.2 equals 0.3.  No floating point is used
 * anywhere in this module.
 *
 * Ownership: the caller owns every mpq_t (mpq_init before, mpq_clear after)
 * and every output buffer.  The functions keep no state between calls, use
 * no global mutable data and are reentrant.  Output parameters may alias
 * input parameters (num_round(q, q, ...) is fine).
 *
 * Parsing accepts (ASCII only):
 *     [spaces] [+|-] digits [ ('.'|',') digits ] [spaces]
 * where "spaces" are ASCII spaces and tabs.  At least one digit is required
 * on each side of the decimal mark: ".5", ",5" and "12." are rejected
 * ("write 0.5") because a rules file or a grade sheet is not the place to
 * guess what a stray mark meant.  Leading zeros are allowed ("007", "-0").
 * "1,234" is 1.234: a single comma is always a decimal mark.  There is no
 * length limit; range checks are the caller's.
 *
 * Formatting writes into a caller buffer like snprintf: the return value is
 * the length the full text needs (without the final NUL); the text is
 * truncated to fit and always NUL-terminated when n > 0; -1 is returned
 * (and buf set to "" when n > 0) only if memory runs out.  Call with
 * buf = NULL, n = 0 to learn the size (return value + 1).  NUM_FMT_SIZE bytes
 * are always enough for |q| < 10^20 with at most 20 decimals.
 */
#ifndef MCCC_NUM_H
#define MCCC_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gmp.h>

/* Buffer size enough for |q| < 10^20 written with at most 20 decimals:
   sign + 20 digits + mark + 20 decimals + NUL = 43, rounded up. */
#define NUM_FMT_SIZE 48

typedef enum {
    NUM_TRUNC,   /* toward zero: 9.999 -> 9.99, -1/3 -> -0.33 */
    NUM_NEAREST, /* to nearest, halves away from zero: 2.345 -> 2.35, -2.345 -> -2.35 */
    NUM_UP       /* toward +infinity (ceiling): 9.991 -> 10.00, -9.999 -> -9.99 */
} NumRound;

/* Parses the decimal s[0..len) (s need not be NUL-terminated) into out,
   which must be initialised.  Returns 0 on success; -1 on error with out
   unchanged and, when err != NULL and errlen > 0, a NUL-terminated message
   "not a decimal number: <reason>" in err (reasons: empty, no digits,
   exponent, NaN, infinity, spreadsheet error value, two decimal marks,
   both '.' and ',', thousands separator, space inside the number, no digit
   before/after the decimal mark, unexpected character). */
int num_parse(mpq_t out, const char *s, size_t len, char *err, size_t errlen);

/* Rounds q to `decimals` (>= 0) decimals with `mode` into out. */
void num_round(mpq_t out, const mpq_t q, int decimals, NumRound mode);

/* Writes q with at most `decimals` (>= 0) decimals, truncated toward zero,
   trailing zeros and a trailing mark removed: 12.5 -> "12.5", 10 -> "10",
   599.99/60 -> "9.99", 2/3 -> "0.66", -1/3 -> "-0.33", -1/1000 -> "0".
   mark is '.' or ','.  Returns as snprintf (see the header comment). */
int num_format_trunc(const mpq_t q, int decimals, char mark, char *buf, size_t n);

/* Writes q rounded with `mode` and exactly `decimals` decimals: "10.00",
   "9,99"; with decimals == 0 no mark is written ("10").  A result that
   rounds to zero is written without a sign ("0.00").  Returns as snprintf. */
int num_format_fixed(const mpq_t q, int decimals, NumRound mode, char mark, char *buf, size_t n);

/* The parts of q (canonical) when q >= 0 and both are below 2^62 — every
   grade average and rule value: sets *num and *den and returns true, so
   that two of them compare exactly as 128-bit cross products; false
   otherwise (the caller then uses GMP). */
static inline bool num_small(mpq_srcptr q, uint64_t *num, uint64_t *den) {
  mpz_srcptr n = mpq_numref(q), d = mpq_denref(q);
  if (mpq_sgn(q) < 0 || mpz_size(n) > 1 || mpz_size(d) != 1) return false;
  *num = mpz_getlimbn(n, 0);
  *den = mpz_getlimbn(d, 0);
  return *num < (UINT64_C(1) << 62) && *den < (UINT64_C(1) << 62);
}

#endif
