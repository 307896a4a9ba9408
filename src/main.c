/*
** main.c — the mccc command: argument parsing, dispatch, exit status.
** Only main exits; every phase reports into a Diags.
*/
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool want_color(FILE *f) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  return isatty(fileno(f));
}

static int cmd_dump(int argc, char **argv) {
  if (argc != 1) {
    fprintf(stderr, "usage: mccc dump-ast RULES\n");
    return 2;
  }
  char err[512];
  Source *src = source_load(argv[0], err, sizeof err);
  if (!src) {
    fprintf(stderr, "mccc: %s\n", err);
    return 2;
  }
  Diags d;
  diags_init(&d);
  Ast *ast = parse_rules(src, &d);
  diags_print(&d, stderr, want_color(stderr));
  int rc = d.nerr ? 1 : 0;
  if (!d.nerr) ast_dump(ast->root, stdout);
  ast_free(ast);
  diags_free(&d);
  source_free(src);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: mccc COMMAND ...\n");
    return 2;
  }
  if (strcmp(argv[1], "dump-ast") == 0) return cmd_dump(argc - 2, argv + 2);
  fprintf(stderr, "mccc: unknown command '%s'\n", argv[1]);
  return 2;
}
