/*
** parse.c — running the scanner and parser over a Source (see parse.h).
*/
#include "parse.h"
#include "parser.h"
#include "lexer.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void parse_error_at(ParseCtx *ctx, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  diag_add(ctx->diags, DIAG_ERROR, ctx->src, loc, "%s", buf);
}

void parse_note(ParseCtx *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[1024];
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  diag_note(ctx->diags, "%s", buf);
}

Ast *parse_rules(const Source *src, Diags *d) {
  Ast *ast = xcalloc(1, sizeof *ast);
  ast->arena = arena_new();
  ParseCtx ctx = {0};
  ctx.arena = ast->arena;
  ctx.src = src;
  ctx.diags = d;
  ctx.line = 1;
  ctx.col = 1;
  /* A UTF-8 byte order mark is allowed and skipped. */
  size_t skip = (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
  ctx.col += (int)skip;
  yyscan_t scanner;
  if (yylex_init_extra(&ctx, &scanner) != 0) {
    diag_file(d, DIAG_ERROR, src->name, "cannot start the scanner");
    return ast;
  }
  YY_BUFFER_STATE buf = yy_scan_bytes(src->text + skip, (int)(src->len - skip), scanner);
  yyparse(scanner, &ctx);
  yy_delete_buffer(buf, scanner);
  yylex_destroy(scanner);
  ast->root = ctx.root;
  if (!ast->root) { /* parse aborted: keep an empty file node */
    Loc l = {1, 1, 1, 1};
    ast->root = ast_node(ast->arena, N_FILE, l);
  }
  ast->comments = ctx.comments;
  return ast;
}

void ast_free(Ast *ast) {
  if (!ast) return;
  arena_free(ast->arena);
  free(ast);
}
