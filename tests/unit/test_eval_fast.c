/*
** test_eval_fast.c — the evaluator's exact fast paths against GMP.
**
** The evaluator (src/eval.c) avoids GMP on its usual path: a 64-bit gcd,
** one-limb values written into mpq_t numbers in place, small fractions in
** the decision clauses (Val), averages displayed without GMP. Each must give
** what GMP gives, bit for bit, or decline; these tests include eval.c to
** reach its static functions and compare them with GMP on edge values and
** on a seeded stream of numbers (the same run each time).
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "eval.c"

/* xorshift64: a fixed seed, the same numbers every run */
typedef struct Rng {
  uint64_t s; /* state, never 0 */
} Rng;

static uint64_t rnd(Rng *r) {
  r->s ^= r->s << 13;
  r->s ^= r->s >> 7;
  r->s ^= r->s << 17;
  return r->s;
}

/* A number worth testing: an edge (0, 1, 2^32 ± 1, 2^62, 2^63, 2^64 - 1...),
** a random one of any size, a 32-bit one, or a small one times a power of 2. */
static uint64_t pick(Rng *r) {
  static const uint64_t edge[] = {0, 1, 2, 3, 0xFFFFFFFFu, UINT64_C(0x100000000), UINT64_C(0x100000001),
                                  UINT64_MAX, UINT64_C(1) << 63, (UINT64_C(1) << 62) - 1, UINT64_C(1) << 62,
                                  (UINT64_C(1) << 62) + 1, 1000000, UINT64_C(999999999999),
                                  (UINT64_C(1) << 63) - 1, UINT64_C(3) << 32};
  switch (rnd(r) % 6) {
  case 0: return edge[rnd(r) % (sizeof edge / sizeof edge[0])];
  case 1: return rnd(r) >> (rnd(r) % 64);
  case 2: return rnd(r) & 0xFFFFFFFFu;
  case 3: return (rnd(r) % 1000) << (rnd(r) % 40);
  default: return rnd(r);
  }
}

#define N 200000 /* numbers per test */

static void test_gcd_u64(void **state) {
  (void)state;
  Rng r = {88172645463325252u};
  mpz_t a, b, g;
  mpz_inits(a, b, g, NULL);
  for (long i = 0; i < N; i++) {
    uint64_t x = pick(&r), y = pick(&r);
    mpz_set_ui(a, x);
    mpz_set_ui(b, y);
    mpz_gcd(g, a, b);
    assert_true(mpz_get_ui(g) == gcd_u64(x, y));
  }
  mpz_clears(a, b, g, NULL);
}

/* q must be n/d in GMP's canonical form, part for part. */
static void assert_canonical(mpq_srcptr q, uint64_t n, uint64_t d) {
  mpq_t w;
  mpq_init(w);
  mpq_set_ui(w, n, d);
  mpq_canonicalize(w);
  assert_int_equal(mpz_cmp(mpq_numref(q), mpq_numref(w)), 0);
  assert_int_equal(mpz_cmp(mpq_denref(q), mpq_denref(w)), 0);
  mpq_clear(w);
}

static void test_set_and_copy(void **state) {
  (void)state;
  Rng r = {0x9E3779B97F4A7C15u};
  for (long i = 0; i < N; i++) {
    uint64_t n = pick(&r), d = pick(&r);
    if (!d) d = 1;
    mpq_t q, c;
    mpq_init(q); /* fresh: no limb allocated yet (GMP 6.2), the GMP path */
    mpq_init(c);
    q_set_u64(q, n, d);
    assert_canonical(q, n, d);
    q_set_u64(q, d, n ? n : 1); /* again, now in place */
    assert_canonical(q, d, n ? n : 1);
    q_copy(c, q);
    assert_canonical(c, d, n ? n : 1);
    q_set_u64(c, 0, d); /* zero in place: 0/1 */
    assert_canonical(c, 0, 1);
    q_copy(c, q);
    /* over a value of several limbs, and from one (the GMP path) */
    assert_int_equal(mpq_set_str(c, "-123456789012345678901234567890/7", 10), 0);
    q_copy(c, q);
    assert_canonical(c, d, n ? n : 1);
    assert_int_equal(mpq_set_str(c, "-123456789012345678901234567890/7", 10), 0);
    q_copy(q, c);
    assert_true(mpq_equal(q, c));
    mpq_clear(q);
    mpq_clear(c);
  }
}

/* A Val of |n|, d below 2^62, and its mpq. */
static Val val_of(Rng *r, mpq_t q) {
  int64_t n = (int64_t)(pick(r) & ((UINT64_C(1) << 62) - 1));
  uint64_t d = pick(r) & ((UINT64_C(1) << 62) - 1);
  if (!d) d = 1;
  if (rnd(r) & 1) n = -n;
  mpq_set_si(q, n, 1);
  mpz_set_ui(mpq_denref(q), d);
  mpq_canonicalize(q);
  return (Val){.small = true, .n = n, .d = d};
}

static void test_val_arithmetic(void **state) {
  (void)state;
  Rng r = {0xC2B2AE3D27D4EB4Fu};
  mpq_t q, a, b;
  mpq_inits(q, a, b, NULL);
  for (long i = 0; i < N; i++) {
    Val v = val_of(&r, a), w = val_of(&r, b);
    __int128 ln = v.n, ld = (__int128)v.d, rn = w.n, rd = (__int128)w.d;
    switch (rnd(&r) % 4) {
    case 0:
      val_set_i128(&v, q, ln * rd + rn * ld, ld * rd);
      mpq_add(a, a, b);
      break;
    case 1:
      val_set_i128(&v, q, ln * rd - rn * ld, ld * rd);
      mpq_sub(a, a, b);
      break;
    case 2:
      val_set_i128(&v, q, ln * rn, ld * rd);
      mpq_mul(a, a, b);
      break;
    default:
      if (rn == 0) continue;
      if (rn > 0) val_set_i128(&v, q, ln * rd, ld * rn);
      else val_set_i128(&v, q, -ln * rd, -ld * rn);
      mpq_div(a, a, b);
    }
    if (v.small) { /* small: within its bounds, then as an mpq */
      assert_true(v.d > 0 && v.d < (UINT64_C(1) << 62));
      assert_true(v.n > -(INT64_C(1) << 62) && v.n < (INT64_C(1) << 62));
      val_to_q(&v, q);
    }
    assert_int_equal(mpz_cmp(mpq_numref(q), mpq_numref(a)), 0);
    assert_int_equal(mpz_cmp(mpq_denref(q), mpq_denref(a)), 0);
  }
  mpq_clears(q, a, b, NULL);
}

static void test_format_small(void **state) {
  (void)state;
  Rng r = {0x2545F4914F6CDD1Du};
  mpq_t q;
  mpq_init(q);
  long taken = 0;
  for (long i = 0; i < N; i++) {
    uint64_t n = pick(&r) & ((UINT64_C(1) << 62) - 1), d = pick(&r) & ((UINT64_C(1) << 62) - 1);
    if (!d) d = 1;
    if (rnd(&r) & 1) { /* an average out of 20 */
      d = 1 + rnd(&r) % 100000000;
      n = rnd(&r) % (20 * d + 1);
    }
    mpq_set_ui(q, n, d);
    mpq_canonicalize(q);
    for (int dec = 0; dec <= 7; dec++) {
      char fast[64], slow[64];
      memset(fast, 'x', sizeof fast);
      num_format_trunc(q, dec, ',', slow, sizeof slow);
      if (format_small(q, dec, ',', fast, sizeof fast)) {
        assert_string_equal(fast, slow);
        taken++;
      }
    }
  }
  assert_true(taken > N); /* the fast path is the usual one */
  mpq_clear(q);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gcd_u64),
      cmocka_unit_test(test_set_and_copy),
      cmocka_unit_test(test_val_arithmetic),
      cmocka_unit_test(test_format_small),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
