/*
** fuzz_rules.c — the rules language: lexer, parser, resolver (sema),
** checker and formatter.
**
** For every input: parse; for an input that parses, check the formatter's
** contract (fmt.h), then build the Model, and if that reports no error,
** check it; print the diagnostics (exercises the quoting of arbitrary
** source lines). The formatter's contract:
**   1. fmt_write's output parses without error, to the same ast_dump();
**   2. formatting that output again gives the same bytes (idempotence);
**   3. fmt_write with a NULL Source gives the same tree too.
** A broken property calls abort() after printing both sides: that is a bug.
**
** Known, reported bugs can be tolerated while fuzzing on (so that a long run
** is not stopped by them again and again): MCCC_FUZZ_KNOWN is a list of tags
**   comment-nul   a NUL byte in a comment: fmt is not idempotent
**                 (tests/fuzz/regressions/rules/comment-nul-*)
** The replay of tests/fuzz/regressions/ never sets it.
** Everything is freed: LeakSanitizer reports what is not.
*/
#include "fuzz_common.h"

#include "fmt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

typedef struct Parsed {
  Source *src;
  Ast *ast;
  Diags d;
} Parsed;

static void parsed_free(Parsed *p) {
  diags_free(&p->d);
  ast_free(p->ast);
  source_free(p->src);
}

static void parse_text(Parsed *p, const char *name, const char *text, size_t len) {
  p->src = source_from_memory(name, text, len);
  diags_init(&p->d);
  p->ast = parse_rules(p->src, &p->d);
}

/* malloc'd output of ast_dump (or of fmt_write when fmt != 0). */
static char *render(const Ast *ast, const Source *src, int fmt, size_t *len) {
  char *buf = NULL;
  *len = 0;
  FILE *f = open_memstream(&buf, len);
  if (!f) abort();
  if (fmt) {
    if (fmt_write(ast, src, f) != 0) {
      fprintf(stderr, "fuzz_rules: fmt_write failed on a memstream\n");
      abort();
    }
  } else {
    ast_dump(ast->root, f);
  }
  fclose(f);
  return buf;
}

static void mismatch(const char *what, const char *a, size_t alen, const char *b, size_t blen) {
  fprintf(stderr, "fuzz_rules: %s\n---- first (%zu bytes)\n%.*s\n---- second (%zu bytes)\n%.*s\n----\n",
          what, alen, (int)alen, a, blen, (int)blen, b);
  abort();
}

/* The formatter's contract (fmt.h) for a tree that parsed without error. */
static void check_fmt(const Parsed *p, const uint8_t *data, size_t size) {
  size_t d0len, f1len, d1len, f2len, dnlen, fnlen;
  char *d0 = render(p->ast, p->src, 0, &d0len);
  char *f1 = render(p->ast, p->src, 1, &f1len);
  Parsed q;
  parse_text(&q, "formatted.mccc", f1, f1len);
  if (q.d.nerr) {
    diags_print(&q.d, stderr, false);
    mismatch("the formatted text does not parse (input / formatted)", (const char *)data, size, f1, f1len);
  }
  char *d1 = render(q.ast, q.src, 0, &d1len);
  if (d0len != d1len || memcmp(d0, d1, d0len) != 0)
    mismatch("fmt changed the tree (ast_dump of input / of formatted text)", d0, d0len, d1, d1len);
  char *f2 = render(q.ast, q.src, 1, &f2len);
  bool skip_idem = fz_known("comment-nul") && memchr(data, '\0', size);
  if (!skip_idem && (f1len != f2len || memcmp(f1, f2, f1len) != 0))
    mismatch("fmt is not idempotent (fmt(input) / fmt(fmt(input)))", f1, f1len, f2, f2len);
  /* with a NULL Source: same tree */
  char *fn = render(p->ast, NULL, 1, &fnlen);
  Parsed r;
  parse_text(&r, "formatted-nosrc.mccc", fn, fnlen);
  if (r.d.nerr)
    mismatch("fmt without Source: output does not parse (input / formatted)", (const char *)data, size, fn, fnlen);
  char *dn = render(r.ast, r.src, 0, &dnlen);
  if (d0len != dnlen || memcmp(d0, dn, d0len) != 0) mismatch("fmt without Source changed the tree", d0, d0len, dn, dnlen);
  free(dn);
  parsed_free(&r);
  free(fn);
  free(f2);
  free(d1);
  parsed_free(&q);
  free(f1);
  free(d0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Parsed p;
  parse_text(&p, "fuzz.mccc", (const char *)data, size);
  if (!p.ast) {
    fprintf(stderr, "fuzz_rules: parse_rules returned NULL\n");
    abort();
  }
  bool syntax_ok = p.d.nerr == 0;
  /* fmt first: the resolver annotates the tree it resolves (sema.c writes
  ** semester numbers into N_SEMREF nodes), and `mccc fmt` formats a tree
  ** that was only parsed */
  if (syntax_ok) check_fmt(&p, data, size);
  Model *m = NULL;
  if (syntax_ok) {
    m = model_build(p.ast, p.src, &p.d);
    if (m && p.d.nerr == 0) model_check(m, &p.d);
  }
  /* diagnostics quote the source: print them all */
  char *dbuf = NULL;
  size_t dlen = 0;
  FILE *df = open_memstream(&dbuf, &dlen);
  if (!df) abort();
  fz_print_diags(&p.d, df, (size & 1) != 0);
  fclose(df);
  fz_verbose(dbuf, dlen);
  free(dbuf);
  model_free(m);
  parsed_free(&p);
  return 0;
}
