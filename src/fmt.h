/*
** fmt.h — the canonical formatter of rules files (`mccc fmt`), like gofmt.
**
** fmt_write() prints an AST back as a rules file in the one canonical
** layout described at the top of fmt.c: accented keywords, 2-space
** indentation, one statement per line, Annexe 2 / Annexe 3 rows aligned as
** tables, comments and (single) blank lines kept where the author put them.
**
** Guarantees, for an AST parsed without errors from `src`:
**   - the output parses to the same AST (same ast_dump());
**   - formatting the output again gives the same bytes (idempotence);
**   - numbers, identifiers and citations are written as their Tok.text,
**     strings re-escaped (\" and \\), comments verbatim.
** For an AST with syntax errors (partial tree) the output is only the part
** that was understood: callers should refuse to format such a file.
**
** Ownership: `ast` and `src` are borrowed and not modified. fmt_write keeps
** its temporary lines and strings in a private arena and heap buffers that
** are all freed before it returns; it has no global state and never exits.
*/
#ifndef MCCC_FMT_H
#define MCCC_FMT_H

#include <stdio.h>

#include "ast.h"
#include "source.h"

/* Write the canonical layout of `ast` (parsed from `src`) to out.
** Returns 0, or -1 on a write error (ferror/fflush on out). Token texts,
** locations (to place comments and blank lines) and comments come from the
** Ast; `src` is only read to find where a block's `{` is, so that a comment
** written between a header and its `{` stays with the header. `src` may be
** NULL: such a comment then goes just inside the block (still kept). */
int fmt_write(const Ast *ast, const Source *src, FILE *out);

/* An expression in the language's canonical spelling (as fmt writes it),
** e.g. "nombre(RCUE validés) > nombre(RCUE) / 2". The string is malloc'd:
** the caller frees it. */
char *fmt_expr(const Node *e);

#endif
