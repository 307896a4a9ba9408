/*
** fmt.c — the canonical formatter (see fmt.h for the API and guarantees).
**
** THE LAYOUT
**
**   Blocks     2 spaces of indentation per level; `{` ends the header line
**              (after the header's citations), `}` stands alone on its line.
**              An empty block is `{` then `}` on the next line.
**   Statements one per line, keywords in their canonical accented spelling
**              (règlement, compétence, SAÉ, décimales tronquées, diplôme…).
**              The acquired state, which the scanner does not keep, is written
**              `UE acquise` / `RCUE validé` in `validation`, `UE … acquises` /
**              `RCUE … validés` (and `non …`) in sets, `toutes`/`aucune` before
**              a UE set and `tous`/`aucun` before an RCUE set, `acquis` /
**              `non acquis` after a jury code. Lists (semesters, parcours,
**              competences, semester references) are separated by one space;
**              `niveau 1, 5 ECTS` keeps its comma.
**   Tokens     numbers, identifiers and citations exactly as their Tok.text;
**              strings between straight quotes with `"` and `\` escaped.
**   Expressions one space around binary operators and after `non`, none
**              after unary `-`, none inside parentheses or calls; the
**              parentheses written by the author (N_PAREN) are kept, no
**              other is added (the tree already encodes precedence).
**   Citations  after the statement, one space before each; a block's
**              citations end its header line, before `{` (where the grammar
**              wants them). In a table run (below) they form the last column.
**   Poles      `ressources 60 { R1.01 42  R1.02 12  R1.12 - }` on one line
**              (entries separated by two spaces) when every entry is a
**              coefficient, no comment lies between the braces and the line
**              fits in FMT_WIDTH (100) columns with its indentation; else one
**              entry per line. Inside a multi-line pole, `parcours A { … }`
**              follows the same rule.
**
** TABLES (widths are display widths, utf8_width(), never bytes)
**
**   A run is a maximal sequence of consecutive sibling statements of one
**   table class with no blank line between them in the output (own-line
**   comments do not break a run; a statement of another class, or a blank
**   line, does). In a run every column is padded to its widest cell; a
**   column empty in every row of the run is left out with its separator;
**   trailing spaces are trimmed. The last column, the citations, starts one
**   space after the widest row of the run that has citations (rows without
**   citations do not push it). Classes and columns, separators in brackets,
**   R = right-aligned:
**
**   course rows   (N_COURSE, N_GROUP header, N_TOTALS together)
**       kind [ ] id [ ] label [  ] CM n [  ] TD n [  ] TP n [  ] projet n
**       [  ] total n [  ] compétences … [ ] citations
**     Each hour column has a fixed place, blank when the row lacks it; its
**     number is right-aligned on the widest number of that column in the
**     run. Hours not written in the order CM TD TP projet total (or written
**     twice) cannot move without changing the tree: that row keeps them in
**     their order, two spaces apart, where the hour columns start, and its
**     following cells are not aligned. `totaux` sits in the kind column; a
**     group header has an empty id and ends with ` {`.
**   group members  id [ ] label [  ] compétences … [ ] citations
**   meta           key [ ] value [ ] citations       (règlement, not vote)
**   marks          marque [ ] id [ ] label [ ] effect [ ] citations
**   coefficients   id [ ] coefficient-or-'-' R [ ] printed-label [ ] citations
**                  (one-entry-per-line poles)
**   clauses        code [ ] `si …` or `sinon` [ ] citations   (décision)
**   any other one-line statement: statement [ ] citations; a run holds
**   statements of the same node kind (so the citations of a `validation`
**   block, or of consecutive `condition`s, line up).
**
** COMMENTS AND BLANK LINES
**
**   Output lines are produced in source order, so every comment has a place
**   and comments keep their order:
**   - an own-line comment goes before the next statement (or before the `}`
**     that follows it, inside the block, or at the end of the file) at that
**     statement's indentation;
**   - a trailing comment (Comment.trailing) goes at the end of the output
**     line holding the token it followed (a block's header line when it
**     followed `{`, the `}` line when it followed `}`);
**   - comments between the tokens of a statement or of a block header
**     (between its first token and its `{`) that was spread over several
**     source lines go with its one output line: the last one stays trailing
**     if it was, the others become own-line comments just above it.
**   - trailing comments of consecutive output lines are aligned: a run is a
**     maximal sequence of adjacent code lines that each have a trailing
**     comment (a blank, comment-only or comment-less line ends it); the
**     comments start two columns after the widest code line of the run.
**   - a blank line is written before a statement or own-line comment when
**     the source had at least one empty line between it and the previous
**     statement or own-line comment (by the Loc lines), never two, never
**     right after `{`, before `}` or at the start of the file; the file ends
**     with exactly one newline (an empty file stays empty).
**
** Determinism and ownership: no global mutable state; output lines and
** strings live in a private arena, the line vector and scratch buffers on
** the heap; all are freed before fmt_write returns.
*/
#include "fmt.h"

#include "arena.h"
#include "diag.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define FMT_WIDTH 100  /* one-line poles must fit in this many columns */
#define MAXCOL 12      /* columns of the widest table (course rows) */

/* ---------------------------------------------------------------------------
** Positions
*/

typedef struct Pos {
  int line;  /* 1-based line */
  int col;   /* 1-based byte column */
} Pos;

static Pos pos_start(Loc l) {
  Pos p = {l.first_line, l.first_column};
  return p;
}

static Pos pos_end(Loc l) {
  Pos p = {l.last_line, l.last_column};
  return p;
}

static int pos_cmp(Pos a, Pos b) {
  if (a.line != b.line) return a.line < b.line ? -1 : 1;
  if (a.col != b.col) return a.col < b.col ? -1 : 1;
  return 0;
}

static Pos comment_pos(const Comment *c) { return pos_start(c->text.loc); }

static bool has_block(const Node *n) {
  switch (n->kind) {
  case N_REGLEMENT: case N_COMPETENCE: case N_PARCOURS: case N_YEAR: case N_COURSES:
  case N_GROUP: case N_SEMESTER: case N_UE: case N_POLE: case N_ONLY: case N_CALCBLOCK:
  case N_VALIDBLOCK: case N_DECISION: case N_REPEAT: case N_PROVISION:
  case N_EXAMPLE: case N_EX_GRADES: case N_EX_EXPECT:
    return true;
  default:
    return false;
  }
}

static void pos_max_tok(Pos *p, Tok t) {
  if (t.text && pos_cmp(pos_end(t.loc), *p) > 0) *p = pos_end(t.loc);
}

/* End of the last token of a block's header (before `{`): the keyword's
** start when the header has no other token. */
static Pos header_end(const Node *n) {
  Pos p = pos_start(n->loc);
  pos_max_tok(&p, n->a);
  pos_max_tok(&p, n->b);
  pos_max_tok(&p, n->label);
  for (int i = 0; i < 4; i++) pos_max_tok(&p, n->n[i]);
  for (const IdList *l = n->ids; l; l = l->next) pos_max_tok(&p, l->id);
  for (const Cite *c = n->cites; c; c = c->next) pos_max_tok(&p, c->ref);
  for (const Node *h = n->hours; h; h = h->next)
    if (pos_cmp(pos_end(h->loc), p) > 0) p = pos_end(h->loc);
  return p;
}

/* Where a statement ends: its closing brace for a block. */
static Loc node_end(const Node *n) { return has_block(n) ? n->end : n->loc; }

/* ---------------------------------------------------------------------------
** Growable byte buffer (heap; the owner frees .p)
*/

typedef struct Buf {
  char *p;     /* bytes, not NUL-terminated */
  size_t n;    /* used */
  size_t cap;  /* allocated */
} Buf;

static void buf_put(Buf *b, const char *s, size_t n) {
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 128;
    while (cap < b->n + n) cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->n, s, n);
  b->n += n;
}

static void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }
static void buf_putc(Buf *b, char c) { buf_put(b, &c, 1); }

static void buf_spaces(Buf *b, int n) {
  for (; n > 0; n--) buf_putc(b, ' ');
}

static int width_of(const char *s) { return s ? utf8_width(s, strlen(s)) : 0; }

/* ---------------------------------------------------------------------------
** The formatter state and its output lines
*/

typedef enum { L_CODE, L_COMMENT, L_BLANK } LineKind;

typedef struct Att {
  const Comment *c;   /* a comment placed on a code line */
  struct Att *next;   /* next, in source order */
} Att;

typedef struct Line {
  LineKind kind;      /* code, own-line comment, blank */
  int indent;         /* block depth */
  const char *text;   /* code or comment text (arena), NULL for blank */
  Att *att;           /* comments attached to a code line, source order */
  Att *att_tail;      /* last of att */
} Line;

typedef struct Fmt {
  const Source *src;  /* the parsed text, to find a header's `{` (may be NULL) */
  Arena *arena;       /* strings and attachments, freed at the end */
  const Comment *cc;  /* next comment not yet placed */
  Line *lines;        /* output lines (heap) */
  size_t nlines;      /* used */
  size_t cap;         /* allocated */
  long last_code;     /* index of the last code line, -1 before the first */
  int prev_end;       /* source line where the last statement or comment ended */
  bool at_start;      /* just after `{` or at the top: no blank line */
} Fmt;

static const char *take(Fmt *F, Buf *b) {
  const char *s = arena_strndup(F->arena, b->p ? b->p : "", b->n);
  b->n = 0;
  return s;
}

static size_t push_line(Fmt *F, LineKind kind, int indent, const char *text) {
  if (F->nlines == F->cap) {
    F->cap = F->cap ? F->cap * 2 : 256;
    F->lines = xrealloc(F->lines, F->cap * sizeof *F->lines);
  }
  Line *l = &F->lines[F->nlines];
  l->kind = kind;
  l->indent = indent;
  l->text = text;
  l->att = l->att_tail = NULL;
  return F->nlines++;
}

static void attach(Fmt *F, size_t line, const Comment *c) {
  Att *a = arena_alloc(F->arena, sizeof *a);
  a->c = c;
  Line *l = &F->lines[line];
  if (l->att_tail) l->att_tail->next = a;
  else l->att = a;
  l->att_tail = a;
}

/* One blank line when the source had an empty line before `first_line`. */
static void maybe_blank(Fmt *F, int first_line) {
  if (!F->at_start && first_line > F->prev_end + 1) push_line(F, L_BLANK, 0, NULL);
}

/* Place every comment that starts before p: trailing ones at the end of the
** last code line, own-line ones as lines of their own at `indent`. */
static void flush(Fmt *F, Pos p, int indent) {
  while (F->cc && pos_cmp(comment_pos(F->cc), p) < 0) {
    const Comment *c = F->cc;
    F->cc = c->next;
    if (c->trailing && F->last_code >= 0) {
      attach(F, (size_t)F->last_code, c);
    } else {
      maybe_blank(F, c->text.loc.first_line);
      push_line(F, L_COMMENT, indent, c->text.text);
      F->prev_end = c->text.loc.first_line;
      F->at_start = false;
    }
  }
}

/* Comments inside a statement printed on one line go with that line. */
static void absorb(Fmt *F, Pos end) {
  while (F->cc && pos_cmp(comment_pos(F->cc), end) < 0) {
    attach(F, (size_t)F->last_code, F->cc);
    F->cc = F->cc->next;
  }
}

/* A code line for a statement starting at `start` and ending on `end_line`. */
static void emit_code(Fmt *F, Pos start, int indent, const char *text, int end_line) {
  flush(F, start, indent);
  maybe_blank(F, start.line);
  F->last_code = (long)push_line(F, L_CODE, indent, text);
  F->prev_end = end_line;
  F->at_start = false;
}

static void close_block(Fmt *F, const Node *n, int indent) {
  flush(F, pos_start(n->end), indent + 1);
  F->last_code = (long)push_line(F, L_CODE, indent, "}");
  F->prev_end = n->end.last_line;
  F->at_start = false;
}

/* Would the output have a blank line between siblings prev and next? The
** same test as flush/maybe_blank, run ahead over the comments between them. */
static bool blank_between(const Fmt *F, const Node *prev, const Node *next) {
  Loc e = node_end(prev);
  Pos pe = pos_end(e), ns = pos_start(next->loc);
  int cur = e.last_line;
  for (const Comment *c = F->cc; c && pos_cmp(comment_pos(c), ns) < 0; c = c->next) {
    if (pos_cmp(comment_pos(c), pe) < 0 || c->trailing) continue;
    if (c->text.loc.first_line > cur + 1) return true;
    cur = c->text.loc.first_line;
  }
  return ns.line > cur + 1;
}

/* Where a block's `{` is: the first '{' after the header's last token,
** outside comments (only keywords, spaces and comments can come between).
** Without the source text, the header's last token stands in for it. */
static Pos brace_pos(const Fmt *F, const Node *n) {
  Pos p = header_end(n);
  if (!F->src) return p;
  size_t col = p.col > 0 ? (size_t)(p.col - 1) : 0;
  for (int line = p.line; line >= 1 && (size_t)line <= F->src->nlines; line++, col = 0) {
    size_t len;
    const char *s = source_line(F->src, line, &len);
    for (; col < len && s[col] != '#'; col++)
      if (s[col] == '{') {
        Pos r = {line, (int)col + 1};
        return r;
      }
  }
  return p;
}

/* Is there a comment strictly inside [from, to)? */
static bool comment_inside(const Fmt *F, Pos from, Pos to) {
  for (const Comment *c = F->cc; c; c = c->next) {
    Pos p = comment_pos(c);
    if (pos_cmp(p, to) >= 0) return false;
    if (pos_cmp(p, from) >= 0) return true;
  }
  return false;
}

/* ---------------------------------------------------------------------------
** Tokens, lists, expressions
*/

static void put_str(Buf *b, const char *s) {
  buf_putc(b, '"');
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\') buf_putc(b, '\\');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

static void put_tok(Buf *b, Tok t) { buf_puts(b, t.text ? t.text : ""); }

/* " A B C": each item after one space. */
static void put_ids(Buf *b, const IdList *l) {
  for (; l; l = l->next) {
    buf_putc(b, ' ');
    put_tok(b, l->id);
  }
}

/* Citations, each after one space. */
static void put_cites(Buf *b, const Cite *c) {
  for (; c; c = c->next) {
    buf_putc(b, ' ');
    put_tok(b, c->ref);
  }
}

static const char *binop_text(int op) {
  switch (op) {
  case OP_OR: return "ou";
  case OP_AND: return "et";
  case OP_EQ: return "=";
  case OP_NE: return "!=";
  case OP_LT: return "<";
  case OP_LE: return "<=";
  case OP_GT: return ">";
  case OP_GE: return ">=";
  case OP_ADD: return "+";
  case OP_SUB: return "-";
  case OP_MUL: return "*";
  case OP_DIV: return "/";
  default: return "?";
  }
}

static void put_set(Buf *b, const Node *s) {
  bool ue = s->op == SK_UE;
  buf_puts(b, ue ? "UE" : "RCUE");
  if (s->body) {
    buf_puts(b, " de");
    for (const Node *r = s->body; r; r = r->next) {
      buf_putc(b, ' ');
      put_tok(b, r->a);
      if (r->b.text) {
        buf_puts(b, " à ");
        put_tok(b, r->b);
      }
    }
  }
  switch (s->op2) {
  case SS_ACQUIRED: buf_puts(b, ue ? " acquises" : " validés"); break;
  case SS_NOT_ACQUIRED: buf_puts(b, ue ? " non acquises" : " non validés"); break;
  case SS_PENDING: buf_puts(b, " en attente"); break;
  default: break;
  }
}

static void put_expr(Buf *b, const Node *e) {
  if (!e) return;
  switch (e->kind) {
  case N_BINARY:
    put_expr(b, e->lhs);
    buf_putc(b, ' ');
    buf_puts(b, binop_text(e->op));
    buf_putc(b, ' ');
    put_expr(b, e->rhs);
    break;
  case N_UNARY:
    buf_puts(b, e->op == OP_NOT ? "non " : "-");
    put_expr(b, e->lhs);
    break;
  case N_PAREN:
    buf_putc(b, '(');
    put_expr(b, e->lhs);
    buf_putc(b, ')');
    break;
  case N_NUMBER: put_tok(b, e->n[0]); break;
  case N_NAME: put_tok(b, e->a); break;
  case N_BUILTIN:
    switch (e->op) {
    case BI_LEVEL: buf_puts(b, "niveau"); break;
    case BI_AVERAGE: buf_puts(b, "moyenne"); break;
    case BI_REPEAT_OK: buf_puts(b, "redoublement possible"); break;
    case BI_TRUE: buf_puts(b, "vrai"); break;
    case BI_FALSE: buf_puts(b, "faux"); break;
    default: break;
    }
    break;
  case N_AGG: {
    bool ue = e->lhs && e->lhs->op == SK_UE;
    switch (e->op) {
    case AG_COUNT: buf_puts(b, "nombre"); break;
    case AG_MIN: buf_puts(b, "min"); break;
    case AG_MAX: buf_puts(b, "max"); break;
    case AG_ALL: buf_puts(b, ue ? "toutes" : "tous"); break;
    case AG_NONE: buf_puts(b, ue ? "aucune" : "aucun"); break;
    default: break;
    }
    buf_putc(b, '(');
    if (e->lhs) put_set(b, e->lhs);
    buf_putc(b, ')');
    break;
  }
  default:
    break;
  }
}

char *fmt_expr(const Node *e) {
  Buf b = {0};
  put_expr(&b, e);
  buf_putc(&b, '\0');
  return b.p;
}

static const char *round_text(int mode) {
  switch (mode) {
  case RM_TRUNC: return "tronquées";
  case RM_NEAREST: return "au plus proche";
  case RM_UP: return "par excès";
  default: return "";
  }
}

/* An item of an example's notes or attendu block. */
static void put_ex_item(Buf *b, const Node *n) {
  switch (n->op) {
  case XI_DEFAULT: buf_puts(b, "toutes "); put_tok(b, n->n[0]); break;
  case XI_GRADE:
    put_tok(b, n->a);
    buf_putc(b, ' ');
    if (n->b.text) put_tok(b, n->b);
    else put_tok(b, n->n[0]);
    break;
  case XI_CODE: put_tok(b, n->a); buf_putc(b, ' '); put_tok(b, n->b); break;
  case XI_DECISION: buf_puts(b, "décision "); put_tok(b, n->b); break;
  case XI_ECTS: buf_puts(b, "ECTS "); put_tok(b, n->n[0]); break;
  case XI_TOTAL: buf_puts(b, "total "); put_tok(b, n->n[0]); break;
  case XI_DIPLOMA: put_tok(b, n->a); buf_puts(b, n->flag ? " vrai" : " faux"); break;
  default: break;
  }
}

/* A one-line statement without its citations. */
static void put_stmt(Buf *b, const Node *n) {
  switch (n->kind) {
  case N_VOTE:
    buf_puts(b, "vote votants ");
    put_tok(b, n->n[0]);
    buf_puts(b, " pour ");
    put_tok(b, n->n[1]);
    buf_puts(b, " contre ");
    put_tok(b, n->n[2]);
    buf_puts(b, " abstentions ");
    put_tok(b, n->n[3]);
    break;
  case N_ECTS_SEM:
    buf_puts(b, "ECTS par semestre ");
    put_tok(b, n->n[0]);
    break;
  case N_LEVEL:
    buf_puts(b, "niveau ");
    put_tok(b, n->n[0]);
    buf_putc(b, ' ');
    put_str(b, n->label.text);
    break;
  case N_PLEVEL:
    buf_puts(b, "compétence ");
    put_tok(b, n->n[0]);
    buf_puts(b, " niveau ");
    put_tok(b, n->n[1]);
    break;
  case N_RCUE:
    buf_puts(b, "RCUE compétence ");
    put_tok(b, n->n[0]);
    buf_puts(b, " : ");
    put_tok(b, n->a);
    buf_puts(b, " + ");
    put_tok(b, n->b);
    break;
  case N_CALC:
    if (n->op == CI_EXACT) {
      buf_puts(b, "moyennes exactes");
      break;
    }
    buf_puts(b, n->op == CI_ROUND ? "moyennes arrondies à " : "affichage ");
    put_tok(b, n->n[0]);
    buf_puts(b, " décimales ");
    buf_puts(b, round_text(n->op2));
    break;
  case N_VALID:
    switch (n->op) {
    case VI_UE: buf_puts(b, "UE acquise si "); put_expr(b, n->lhs); break;
    case VI_RCUE: buf_puts(b, "RCUE validé si "); put_expr(b, n->lhs); break;
    case VI_COMPENSATION: buf_puts(b, "compensation"); break;
    case VI_LOWER: buf_puts(b, "niveaux inférieurs"); break;
    case VI_STAGE: buf_puts(b, "stage obligatoire"); break;
    case VI_BEST: buf_puts(b, "capitalisation meilleure moyenne"); break;
    default: break;
    }
    break;
  case N_CONDITION:
    buf_puts(b, "condition ");
    put_tok(b, n->a);
    buf_puts(b, " = ");
    put_expr(b, n->lhs);
    break;
  case N_REPEAT_ITEM:
    buf_puts(b, n->op == RI_PER_SEMESTER ? "par semestre " : "au total ");
    put_tok(b, n->n[0]);
    break;
  case N_DIPLOMA:
    buf_puts(b, "diplôme ");
    put_tok(b, n->a);
    buf_putc(b, ' ');
    put_tok(b, n->n[0]);
    buf_puts(b, " ECTS si ");
    put_expr(b, n->lhs);
    break;
  case N_JURYCODE:
    buf_puts(b, "code jury ");
    put_tok(b, n->a);
    buf_putc(b, ' ');
    put_str(b, n->label.text);
    buf_puts(b, n->flag ? " acquis" : " non acquis");
    break;
  case N_TEXT:
    put_str(b, n->label.text);
    break;
  case N_EX_ITEM:
    put_ex_item(b, n);
    break;
  default:
    break;
  }
}

/* A block's header line without " {". */
static void put_header(Buf *b, const Node *n) {
  switch (n->kind) {
  case N_REGLEMENT: buf_puts(b, "règlement"); break;
  case N_COMPETENCE:
    buf_puts(b, "compétence ");
    put_tok(b, n->n[0]);
    buf_putc(b, ' ');
    put_str(b, n->label.text);
    break;
  case N_PARCOURS:
    buf_puts(b, "parcours ");
    put_tok(b, n->a);
    buf_putc(b, ' ');
    put_str(b, n->label.text);
    break;
  case N_YEAR:
    buf_puts(b, "année ");
    put_tok(b, n->n[0]);
    buf_puts(b, " semestres");
    put_ids(b, n->ids);
    break;
  case N_COURSES:
    buf_puts(b, "enseignements ");
    put_tok(b, n->a);
    break;
  case N_SEMESTER:
    buf_puts(b, "semestre ");
    put_tok(b, n->a);
    break;
  case N_UE:
    put_tok(b, n->a);
    buf_putc(b, ' ');
    put_str(b, n->label.text);
    buf_puts(b, " compétence ");
    put_tok(b, n->n[0]);
    buf_puts(b, " niveau ");
    put_tok(b, n->n[1]);
    buf_puts(b, ", ");
    put_tok(b, n->n[2]);
    buf_puts(b, " ECTS");
    break;
  case N_POLE:
    buf_puts(b, n->op == PK_SAE ? "SAÉ " : "ressources ");
    put_tok(b, n->n[0]);
    break;
  case N_ONLY:
    buf_puts(b, "parcours");
    put_ids(b, n->ids);
    break;
  case N_CALCBLOCK: buf_puts(b, "calcul"); break;
  case N_VALIDBLOCK: buf_puts(b, "validation"); break;
  case N_DECISION: buf_puts(b, "décision"); break;
  case N_REPEAT: buf_puts(b, "redoublement"); break;
  case N_PROVISION:
    buf_puts(b, "disposition");
    put_cites(b, n->cites);
    buf_putc(b, ' ');
    put_str(b, n->label.text);
    return;  /* citations come before the title */
  case N_EXAMPLE:
    buf_puts(b, "exemple ");
    put_str(b, n->label.text);
    break;
  case N_EX_GRADES:
    buf_puts(b, "notes ");
    put_tok(b, n->a);
    buf_putc(b, ' ');
    put_tok(b, n->b);
    if (n->ids) {
      buf_puts(b, " parcours");
      put_ids(b, n->ids);
    }
    break;
  case N_EX_EXPECT:
    buf_puts(b, "attendu ");
    put_tok(b, n->a);
    break;
  default: break;
  }
  put_cites(b, n->cites);
}

/* ---------------------------------------------------------------------------
** Tables
*/

typedef enum {
  CLS_NONE, CLS_COURSE, CLS_MEMBER, CLS_META, CLS_MARK, CLS_COEF, CLS_CLAUSE,
  CLS_GENERIC  /* + NodeKind: one-line statements of the same kind */
} RowClass;

typedef struct Row {
  const char *cell[MAXCOL];  /* arena strings, NULL = empty */
  const char *span;          /* written instead of columns span_from..span_to, or NULL */
  int span_from, span_to;    /* the columns span replaces (inclusive) */
  const char *suffix;        /* after the last cell and one space ("{"), or NULL */
} Row;

typedef struct Spec {
  int ncol;                  /* columns used */
  const char *sep[MAXCOL];   /* separator written before column i */
  bool right[MAXCOL];        /* right-aligned column */
} Spec;

static int row_class(const Node *n) {
  switch (n->kind) {
  case N_COURSE: case N_GROUP: case N_TOTALS: return CLS_COURSE;
  case N_MEMBER: return CLS_MEMBER;
  case N_META: return CLS_META;
  case N_MARK: return CLS_MARK;
  case N_COEF: return CLS_COEF;
  case N_CLAUSE: return CLS_CLAUSE;
  case N_VOTE: case N_ECTS_SEM: case N_LEVEL: case N_PLEVEL: case N_RCUE: case N_CALC:
  case N_VALID: case N_CONDITION: case N_REPEAT_ITEM: case N_DIPLOMA: case N_JURYCODE:
  case N_TEXT: case N_EX_ITEM:
    return CLS_GENERIC + (int)n->kind;
  default:
    return CLS_NONE;
  }
}

enum { C_KIND, C_ID, C_LABEL, C_HOURS, C_COMPS = C_HOURS + 5, C_CITES, C_NCOURSE };

static const char *const hour_names[5] = {"CM", "TD", "TP", "projet", "total"};

static int hour_index(int op) { return op - HC_CM; }

/* Hours written once each, in column order: they can take fixed columns. */
static bool hours_regular(const Node *h) {
  int last = -1;
  for (; h; h = h->next) {
    int i = hour_index(h->op);
    if (i < 0 || i > 4 || i <= last) return false;
    last = i;
  }
  return true;
}

static const char *cites_cell(Fmt *F, Buf *b, const Cite *c) {
  if (!c) return NULL;
  put_cites(b, c);
  const char *s = take(F, b);
  return s + 1;  /* drop the leading space */
}

static const char *comps_cell(Fmt *F, Buf *b, const IdList *l) {
  if (!l) return NULL;
  buf_puts(b, "compétences");
  put_ids(b, l);
  return take(F, b);
}

static const char *course_kind(int op) {
  switch (op) {
  case CK_RESOURCE: return "ressource";
  case CK_SAE: return "SAÉ";
  case CK_PORTFOLIO: return "portfolio";
  case CK_STAGE: return "stage";
  default: return "?";
  }
}

static void course_rows(Fmt *F, Buf *b, const Node *n, size_t cnt, Row *rows) {
  int numw[5] = {0};
  const Node *m = n;
  for (size_t i = 0; i < cnt; i++, m = m->next)
    if (hours_regular(m->hours))
      for (const Node *h = m->hours; h; h = h->next) {
        int w = width_of(h->n[0].text);
        if (w > numw[hour_index(h->op)]) numw[hour_index(h->op)] = w;
      }
  m = n;
  for (size_t i = 0; i < cnt; i++, m = m->next) {
    Row *r = &rows[i];
    r->cell[C_KIND] = m->kind == N_TOTALS ? "totaux" : course_kind(m->op);
    if (m->kind == N_COURSE) r->cell[C_ID] = m->a.text;
    if (m->kind != N_TOTALS) {
      put_str(b, m->label.text);
      r->cell[C_LABEL] = take(F, b);
    }
    if (hours_regular(m->hours)) {
      for (const Node *h = m->hours; h; h = h->next) {
        int k = hour_index(h->op);
        buf_puts(b, hour_names[k]);
        buf_putc(b, ' ');
        buf_spaces(b, numw[k] - width_of(h->n[0].text));
        put_tok(b, h->n[0]);
        r->cell[C_HOURS + k] = take(F, b);
      }
    } else {
      for (const Node *h = m->hours; h; h = h->next) {
        if (h != m->hours) buf_puts(b, "  ");
        int k = hour_index(h->op);
        buf_puts(b, k >= 0 && k <= 4 ? hour_names[k] : "?");
        buf_putc(b, ' ');
        put_tok(b, h->n[0]);
      }
      r->span = take(F, b);
      r->span_from = C_HOURS;
      r->span_to = C_HOURS + 4;
    }
    if (m->kind == N_COURSE) r->cell[C_COMPS] = comps_cell(F, b, m->ids);
    r->cell[C_CITES] = cites_cell(F, b, m->cites);
    if (m->kind == N_GROUP) r->suffix = "{";
  }
}

static void build_rows(Fmt *F, int cls, const Node *n, size_t cnt, Row *rows, Spec *sp) {
  Buf b = {0};
  for (int c = 0; c < MAXCOL; c++) sp->sep[c] = " ";
  sp->sep[0] = "";
  if (cls == CLS_COURSE) {
    sp->ncol = C_NCOURSE;
    for (int c = C_HOURS; c <= C_COMPS; c++) sp->sep[c] = "  ";
    course_rows(F, &b, n, cnt, rows);
    free(b.p);
    return;
  }
  const Node *m = n;
  for (size_t i = 0; i < cnt; i++, m = m->next) {
    Row *r = &rows[i];
    switch (cls) {
    case CLS_MEMBER:  /* id label compétences cites */
      sp->ncol = 4;
      sp->sep[2] = "  ";
      r->cell[0] = m->a.text;
      put_str(&b, m->label.text);
      r->cell[1] = take(F, &b);
      r->cell[2] = comps_cell(F, &b, m->ids);
      r->cell[3] = cites_cell(F, &b, m->cites);
      break;
    case CLS_META: {  /* key value cites */
      static const char *const keys[] = {"spécialité", "établissement", "année", "délibération", "séance"};
      sp->ncol = 3;
      int k = m->op - MK_SPECIALITE;
      r->cell[0] = k >= 0 && k < 5 ? keys[k] : "?";
      if (m->op == MK_ANNEE || m->op == MK_SEANCE) {
        r->cell[1] = m->a.text;
      } else {
        put_str(&b, m->label.text);
        r->cell[1] = take(F, &b);
      }
      r->cell[2] = cites_cell(F, &b, m->cites);
      break;
    }
    case CLS_MARK:  /* marque id label effect cites */
      sp->ncol = 5;
      r->cell[0] = "marque";
      r->cell[1] = m->a.text;
      put_str(&b, m->label.text);
      r->cell[2] = take(F, &b);
      if (m->op == ME_VALUE) {
        buf_puts(&b, "vaut ");
        put_tok(&b, m->n[0]);
        r->cell[3] = take(F, &b);
      } else {
        r->cell[3] = m->op == ME_NEUTRAL ? "neutralisée" : "en attente";
      }
      r->cell[4] = cites_cell(F, &b, m->cites);
      break;
    case CLS_COEF:  /* id coefficient printed-label cites */
      sp->ncol = 4;
      sp->right[1] = true;
      r->cell[0] = m->a.text;
      r->cell[1] = m->flag ? "-" : m->n[0].text;
      if (m->label.text) {
        put_str(&b, m->label.text);
        r->cell[2] = take(F, &b);
      }
      r->cell[3] = cites_cell(F, &b, m->cites);
      break;
    case CLS_CLAUSE:  /* code condition cites */
      sp->ncol = 3;
      r->cell[0] = m->a.text;
      if (m->lhs) {
        buf_puts(&b, "si ");
        put_expr(&b, m->lhs);
        r->cell[1] = take(F, &b);
      } else {
        r->cell[1] = "sinon";
      }
      r->cell[2] = cites_cell(F, &b, m->cites);
      break;
    default:  /* statement cites */
      sp->ncol = 2;
      put_stmt(&b, m);
      r->cell[0] = take(F, &b);
      r->cell[1] = cites_cell(F, &b, m->cites);
      break;
    }
  }
  free(b.p);
}

/* Lay out a run: every column but the last padded to its widest cell, empty
** columns left out, trailing spaces trimmed; the last column (citations)
** starts one space after the widest row of the run that has citations. */
static void render_rows(Fmt *F, const Spec *sp, const Row *rows, size_t cnt, const char **out) {
  int w[MAXCOL] = {0};
  int last = sp->ncol - 1;
  for (size_t i = 0; i < cnt; i++)
    for (int c = 0; c < last; c++) {
      int cw = width_of(rows[i].cell[c]);
      if (cw > w[c]) w[c] = cw;
    }
  Buf b = {0};
  const char **base = arena_alloc(F->arena, cnt * sizeof *base);
  int citew = 0;
  for (size_t i = 0; i < cnt; i++) {
    bool first = true;
    for (int c = 0; c < last; c++) {
      bool span = rows[i].span && c == rows[i].span_from;
      if (w[c] == 0 && !span) continue;
      if (!first) buf_puts(&b, sp->sep[c]);
      first = false;
      if (span) {  /* not aligned: the following columns just follow */
        buf_puts(&b, rows[i].span);
        c = rows[i].span_to;
        continue;
      }
      const char *s = rows[i].cell[c] ? rows[i].cell[c] : "";
      int pad = w[c] - width_of(s);
      if (sp->right[c]) buf_spaces(&b, pad);
      buf_puts(&b, s);
      if (!sp->right[c]) buf_spaces(&b, pad);
    }
    while (b.n > 0 && b.p[b.n - 1] == ' ') b.n--;
    base[i] = take(F, &b);
    if (rows[i].cell[last] && width_of(base[i]) > citew) citew = width_of(base[i]);
  }
  for (size_t i = 0; i < cnt; i++) {
    buf_puts(&b, base[i]);
    if (rows[i].cell[last]) {
      buf_spaces(&b, citew - width_of(base[i]) + (base[i][0] ? 1 : 0));
      buf_puts(&b, rows[i].cell[last]);
    }
    if (rows[i].suffix) {
      if (b.n > 0) buf_putc(&b, ' ');
      buf_puts(&b, rows[i].suffix);
    }
    out[i] = take(F, &b);
  }
  free(b.p);
}

/* ---------------------------------------------------------------------------
** Statements and blocks
*/

static void emit_body(Fmt *F, const Node *first, int indent, bool in_pole);

/* `ressources 60 { R1.01 42  R1.02 12 }` or NULL when the block must be
** written one entry per line. */
static const char *inline_block(Fmt *F, const Node *n, int indent) {
  for (const Node *e = n->body; e; e = e->next)
    if (e->kind != N_COEF && e->kind != N_EX_ITEM) return NULL;
  if (comment_inside(F, brace_pos(F, n), pos_end(n->end))) return NULL;
  Buf b = {0};
  put_header(&b, n);
  buf_puts(&b, " {");
  for (const Node *e = n->body; e; e = e->next) {
    buf_puts(&b, e == n->body ? " " : "  ");
    if (e->kind == N_EX_ITEM) {
      put_ex_item(&b, e);
      continue;
    }
    put_tok(&b, e->a);
    buf_putc(&b, ' ');
    if (e->flag) buf_putc(&b, '-');
    else put_tok(&b, e->n[0]);
    if (e->label.text) {
      buf_putc(&b, ' ');
      put_str(&b, e->label.text);
    }
    put_cites(&b, e->cites);
  }
  buf_puts(&b, " }");
  const char *s = NULL;
  if (indent * 2 + utf8_width(b.p, b.n) <= FMT_WIDTH) s = take(F, &b);
  free(b.p);
  return s;
}

static void emit_block(Fmt *F, const Node *n, int indent, bool in_pole) {
  bool pole_body = n->kind == N_POLE || (n->kind == N_ONLY && in_pole) || n->kind == N_EX_GRADES ||
                   n->kind == N_EX_EXPECT;
  if (pole_body) {
    const char *one = inline_block(F, n, indent);
    if (one) {
      emit_code(F, pos_start(n->loc), indent, one, n->end.last_line);
      absorb(F, pos_end(n->end));
      return;
    }
  }
  Buf b = {0};
  put_header(&b, n);
  buf_puts(&b, " {");
  emit_code(F, pos_start(n->loc), indent, take(F, &b), n->loc.first_line);
  free(b.p);
  absorb(F, brace_pos(F, n));
  F->at_start = true;
  emit_body(F, n->body, indent + 1, pole_body);
  close_block(F, n, indent);
}

/* A row of a table; a group row opens its members' block. */
static void emit_row(Fmt *F, const Node *n, const char *text, int indent) {
  if (n->kind == N_GROUP) {
    emit_code(F, pos_start(n->loc), indent, text, n->loc.first_line);
    absorb(F, brace_pos(F, n));
    F->at_start = true;
    emit_body(F, n->body, indent + 1, false);
    close_block(F, n, indent);
    return;
  }
  emit_code(F, pos_start(n->loc), indent, text, n->loc.last_line);
  absorb(F, pos_end(n->loc));
}

static void emit_body(Fmt *F, const Node *first, int indent, bool in_pole) {
  const Node *n = first;
  while (n) {
    int cls = row_class(n);
    if (cls == CLS_NONE) {
      emit_block(F, n, indent, in_pole);
      n = n->next;
      continue;
    }
    size_t cnt = 1;
    const Node *last = n;
    for (const Node *m = n->next; m && row_class(m) == cls && !blank_between(F, last, m); m = m->next) {
      cnt++;
      last = m;
    }
    Row *rows = arena_alloc(F->arena, cnt * sizeof *rows);
    const char **text = arena_alloc(F->arena, cnt * sizeof *text);
    Spec sp;
    memset(&sp, 0, sizeof sp);
    build_rows(F, cls, n, cnt, rows, &sp);
    render_rows(F, &sp, rows, cnt, text);
    for (size_t i = 0; i < cnt; i++, n = n->next) emit_row(F, n, text[i], indent);
  }
}

/* ---------------------------------------------------------------------------
** Writing the lines
*/

/* The trailing comment of a code line: its last attached comment, when that
** one was trailing in the source; every other attached comment goes above. */
static const Comment *line_trail(const Line *l) {
  return l->att_tail && l->att_tail->c->trailing ? l->att_tail->c : NULL;
}

static bool line_has_pre(const Line *l) {
  return l->att && (l->att != l->att_tail || !line_trail(l));
}

static void put_indent(FILE *out, int indent) {
  for (int i = 0; i < indent; i++) fputs("  ", out);
}

static int write_lines(const Fmt *F, FILE *out) {
  size_t n = F->nlines;
  int *col = xcalloc(n ? n : 1, sizeof *col);  /* comment column of each code line */
  for (size_t i = 0; i < n;) {
    const Line *l = &F->lines[i];
    if (l->kind != L_CODE || !line_trail(l)) {
      i++;
      continue;
    }
    size_t j = i;
    int w = 0;
    while (j < n && F->lines[j].kind == L_CODE && line_trail(&F->lines[j]) &&
           (j == i || !line_has_pre(&F->lines[j]))) {
      int lw = F->lines[j].indent * 2 + width_of(F->lines[j].text);
      if (lw > w) w = lw;
      j++;
    }
    for (size_t k = i; k < j; k++) col[k] = w + 2;
    i = j;
  }
  for (size_t i = 0; i < n; i++) {
    const Line *l = &F->lines[i];
    switch (l->kind) {
    case L_BLANK:
      fputc('\n', out);
      break;
    case L_COMMENT:
      put_indent(out, l->indent);
      fprintf(out, "%s\n", l->text);
      break;
    case L_CODE: {
      const Comment *trail = line_trail(l);
      for (const Att *a = l->att; a && a->c != trail; a = a->next) {
        put_indent(out, l->indent);
        fprintf(out, "%s\n", a->c->text.text);
      }
      put_indent(out, l->indent);
      fputs(l->text, out);
      if (trail) {
        int pad = col[i] - (l->indent * 2 + width_of(l->text));
        fprintf(out, "%*s%s", pad > 1 ? pad : 1, "", trail->text.text);
      }
      fputc('\n', out);
      break;
    }
    }
  }
  free(col);
  if (fflush(out) != 0 || ferror(out)) return -1;
  return 0;
}

int fmt_write(const Ast *ast, const Source *src, FILE *out) {
  Fmt F;
  memset(&F, 0, sizeof F);
  F.src = src;
  F.arena = arena_new();
  F.cc = ast ? ast->comments : NULL;
  F.last_code = -1;
  F.at_start = true;
  if (ast && ast->root) emit_body(&F, ast->root->body, 0, false);
  Pos eof = {INT_MAX, INT_MAX};
  flush(&F, eof, 0);
  int rc = write_lines(&F, out);
  free(F.lines);
  arena_free(F.arena);
  return rc;
}
