/*
** main.c — the mccc command: argument parsing, dispatch, exit status.
**
** Only main exits; every phase reports into a Diags. Exit statuses:
**   0  success (check: no error; warnings allowed unless --strict)
**   1  the input has errors (check: errors, or warnings with --strict;
**      fmt --check: a file is not formatted)
**   2  usage error, or a file cannot be read or written
*/
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "model.h"
#include "parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MCCC_VERSION "0.1.0"

static const char usage_text[] =
  "usage: mccc COMMAND [OPTIONS] ARGS\n"
  "\n"
  "commands:\n"
  "  check [--strict] RULES...   resolve and check rules files; report errors and warnings\n"
  "  dump-ast RULES              print the syntax tree (for debugging and tests)\n"
  "  version                     print mccc's version\n"
  "\n"
  "exit status: 0 ok, 1 errors in the input (or warnings with --strict), 2 usage or I/O error\n";

static bool want_color(FILE *f) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  return isatty(fileno(f));
}

/* Load, parse and resolve a rules file. Diagnostics go to d. Returns NULL
** (and prints) when the file cannot be read. */
typedef struct Rules {
  Source *src;   /* the text */
  Ast *ast;      /* its tree */
  Model *model;  /* resolved, NULL if syntax errors prevented it */
} Rules;

static bool rules_load(const char *path, Rules *r, Diags *d, bool resolve) {
  memset(r, 0, sizeof *r);
  char err[512];
  r->src = source_load(path, err, sizeof err);
  if (!r->src) {
    fprintf(stderr, "mccc: %s\n", err);
    return false;
  }
  int before = d->nerr;
  r->ast = parse_rules(r->src, d);
  if (resolve && d->nerr == before) r->model = model_build(r->ast, r->src, d);
  return true;
}

static void rules_free(Rules *r) {
  model_free(r->model);
  ast_free(r->ast);
  source_free(r->src);
}

static int cmd_check(int argc, char **argv) {
  bool strict = false;
  int nfiles = 0, rc = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--strict") == 0) strict = true;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "mccc check: unknown option '%s'\n%s", argv[i], usage_text);
      return 2;
    } else nfiles++;
  }
  if (nfiles == 0) {
    fprintf(stderr, "mccc check: no rules file given\n%s", usage_text);
    return 2;
  }
  bool color = want_color(stderr);
  for (int i = 0; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1]) continue;
    Diags d;
    diags_init(&d);
    Rules r;
    if (!rules_load(argv[i], &r, &d, true)) {
      diags_free(&d);
      rc = 2;
      continue;
    }
    if (r.model && d.nerr == 0) model_check(r.model, &d);
    diags_print(&d, stderr, color);
    fprintf(stderr, "%s: %d erreur%s, %d avertissement%s\n", argv[i], d.nerr, d.nerr > 1 ? "s" : "",
            d.nwarn, d.nwarn > 1 ? "s" : "");
    if ((d.nerr || (strict && d.nwarn)) && rc == 0) rc = 1;
    diags_free(&d);
    rules_free(&r);
  }
  return rc;
}

static int cmd_dump(int argc, char **argv) {
  if (argc != 1) {
    fprintf(stderr, "usage: mccc dump-ast RULES\n");
    return 2;
  }
  Diags d;
  diags_init(&d);
  Rules r;
  if (!rules_load(argv[0], &r, &d, false)) return 2;
  diags_print(&d, stderr, want_color(stderr));
  int rc = d.nerr ? 1 : 0;
  if (!d.nerr) ast_dump(r.ast->root, stdout);
  diags_free(&d);
  rules_free(&r);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
    fputs(usage_text, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "check") == 0) return cmd_check(argc - 2, argv + 2);
  if (strcmp(cmd, "dump-ast") == 0) return cmd_dump(argc - 2, argv + 2);
  if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
    printf("mccc %s\n", MCCC_VERSION);
    return 0;
  }
  fprintf(stderr, "mccc: unknown command '%s'\n%s", cmd, usage_text);
  return 2;
}
