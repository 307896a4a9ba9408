/*
** parse.h — front end: rules source text → AST.
**
** parse_rules() runs the reentrant flex scanner and the pure bison parser
** over a Source, reporting every lexical and syntax error into a Diags
** (error recovery continues after each). It always returns an Ast — partial
** when there were errors. Ownership: the Ast owns its arena (nodes, strings,
** comments); ast_free() releases it. The Source is borrowed and must outlive
** the diagnostics that quote it.
*/
#ifndef MCCC_PARSE_H
#define MCCC_PARSE_H

#include "ast.h"
#include "diag.h"

/* State shared by the scanner (yyextra) and the parser (parse-param). */
typedef struct ParseCtx {
  Arena *arena;            /* the Ast's arena */
  const Source *src;       /* text being parsed */
  Diags *diags;            /* where errors go */
  Node *root;              /* N_FILE, set by the start rule */
  Comment *comments;       /* comments, in order */
  Comment *last_comment;   /* tail of comments */
  int line;                /* scanner position: line of the next byte */
  int col;                 /* scanner position: byte column of the next byte */
  int last_tok_line;       /* line of the last token returned (trailing comments) */
  int bad_line;            /* last line on which a bad byte was reported */
  int prev_line;           /* last line of the token before the lookahead */
  int cur_line;            /* first line of the lookahead token */
  int skip_line;           /* error recovery: drop the rest of this line (0 = off) */
  int skip_depth;          /* error recovery: braces opened by dropped tokens */
  int keep_lookahead;      /* error recovery: the bad token starts a new statement */
  int recover_pending;     /* error recovery: a report awaits its error rule */
} ParseCtx;

Ast *parse_rules(const Source *src, Diags *d);
void ast_free(Ast *ast);

/* Called by the scanner and the parser (not for other modules). */
void parse_error_at(ParseCtx *ctx, Loc loc, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void parse_note(ParseCtx *ctx, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* The keyword spellings the scanner knows (canonical forms), for "did you mean". */
extern const char *const parse_keywords[];

#endif
