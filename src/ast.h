/*
** ast.h — the abstract syntax tree of a rules file.
**
** One node type for every construct: a kind, its span, a next-sibling link
** and a few named slots whose meaning per kind is listed in the NodeKind
** table below. Grammar actions only call the ast_* constructors.
**
** Ownership: every node, string and list of a parse lives in the Arena
** given to ast_* (the Ast's arena); arena_free() of it releases the tree.
*/
#ifndef MCCC_AST_H
#define MCCC_AST_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "source.h"

/* A word of the source with its span. */
typedef struct Tok {
  const char *text;  /* identifier, number as written, citation, or decoded string */
  Loc loc;           /* where it is */
} Tok;

/* Sub-kinds carried in Node.op. */
typedef enum {
  /* course kinds (N_COURSE, N_GROUP) */
  CK_RESOURCE = 1, CK_SAE, CK_PORTFOLIO, CK_STAGE,
  /* pole kinds (N_POLE) */
  PK_RESOURCES, PK_SAE,
  /* hours columns (N_HOUR) */
  HC_CM, HC_TD, HC_TP, HC_PROJET, HC_TOTAL,
  /* meta keys (N_META) */
  MK_SPECIALITE, MK_ETABLISSEMENT, MK_ANNEE, MK_DELIBERATION, MK_SEANCE,
  /* vote fields (N_VOTE keeps 4 numbers in n[]) */
  /* mark effects (N_MARK) */
  ME_VALUE, ME_NEUTRAL, ME_PENDING,
  /* calcul items (N_CALC) */
  CI_EXACT, CI_ROUND, CI_DISPLAY,
  /* rounding modes (N_CALC.op2) */
  RM_TRUNC, RM_NEAREST, RM_UP,
  /* validation items (N_VALID) */
  VI_UE, VI_RCUE, VI_COMPENSATION, VI_LOWER, VI_STAGE, VI_BEST,
  /* repeat items (N_REPEAT_ITEM) */
  RI_PER_SEMESTER, RI_TOTAL,
  /* expression operators (N_BINARY, N_UNARY) */
  OP_OR, OP_AND, OP_NOT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
  OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG,
  /* aggregates (N_AGG) */
  AG_COUNT, AG_MIN, AG_MAX, AG_ALL, AG_NONE,
  /* set kinds (N_SET) */
  SK_RCUE, SK_UE,
  /* set states (N_SET.op2) */
  SS_ANY, SS_ACQUIRED, SS_NOT_ACQUIRED, SS_PENDING,
  /* example items (N_EX_ITEM) */
  XI_DEFAULT, XI_GRADE, XI_CODE, XI_DECISION, XI_ECTS, XI_TOTAL, XI_DIPLOMA,
  /* builtin atoms (N_BUILTIN) */
  BI_LEVEL, BI_AVERAGE, BI_REPEAT_OK, BI_TRUE, BI_FALSE
} AstOp;

typedef enum {
  /* kind            slots used                                                     */
  N_FILE,         /* body: top-level items                                          */
  N_REGLEMENT,    /* body: N_META / N_VOTE                                           */
  N_META,         /* op: MK_*; a: value (string, year span or date)                  */
  N_VOTE,         /* n[0..3]: votants, pour, contre, abstentions                     */
  N_ECTS_SEM,     /* n[0]: ECTS per semester                                         */
  N_COMPETENCE,   /* n[0]: number; label; body: N_LEVEL                              */
  N_LEVEL,        /* n[0]: level; label                                              */
  N_PARCOURS,     /* a: id; label; body: N_PLEVEL                                    */
  N_PLEVEL,       /* n[0]: competence; n[1]: max level                               */
  N_YEAR,         /* n[0]: year number; ids: semesters; body: N_RCUE / N_ONLY        */
  N_RCUE,         /* n[0]: competence; a, b: the two UE ids                          */
  N_COURSES,      /* a: semester id; body: N_COURSE / N_GROUP / N_TOTALS / N_ONLY    */
  N_COURSE,       /* op: CK_*; a: id; label; hours: N_HOUR list; ids: competences    */
  N_GROUP,        /* op: CK_*; label; hours; body: N_MEMBER                          */
  N_MEMBER,       /* a: id; label; ids: competences                                  */
  N_TOTALS,       /* hours                                                           */
  N_HOUR,         /* op: HC_*; n[0]: hours                                           */
  N_SEMESTER,     /* a: semester id; body: N_UE / N_ONLY                             */
  N_UE,           /* a: id; label; n[0]: competence; n[1]: level; n[2]: ECTS; body: N_POLE / N_ONLY */
  N_POLE,         /* op: PK_*; n[0]: weight; body: N_COEF / N_ONLY                   */
  N_COEF,         /* a: course id; n[0]: coefficient, or flag=true for "-";         */
                  /* label: the name Annexe 3 prints, when given                     */
  N_ONLY,         /* ids: parcours; body: items of the enclosing block's kind        */
  N_MARK,         /* a: mark; label; op: ME_*; n[0]: value for ME_VALUE             */
  N_CALCBLOCK,    /* body: N_CALC                                                    */
  N_CALC,         /* op: CI_*; op2: RM_*; n[0]: decimals                             */
  N_VALIDBLOCK,   /* body: N_VALID                                                   */
  N_VALID,        /* op: VI_*; lhs: condition (VI_UE, VI_RCUE)                       */
  N_CONDITION,    /* a: name; lhs: expression                                        */
  N_DECISION,     /* body: N_CLAUSE                                                  */
  N_CLAUSE,       /* a: code; lhs: condition, NULL for "sinon"                       */
  N_REPEAT,       /* body: N_REPEAT_ITEM                                             */
  N_REPEAT_ITEM,  /* op: RI_*; n[0]: count                                           */
  N_DIPLOMA,      /* a: name; n[0]: ECTS; lhs: condition                             */
  N_JURYCODE,     /* a: code; label; flag: acquired                                  */
  N_PROVISION,    /* cite: article; label: title; body: N_TEXT                        */
  N_TEXT,         /* label: a paragraph                                              */
  N_EXAMPLE,      /* label: its name; cites; body: N_EX_GRADES / N_EX_EXPECT          */
  N_EX_GRADES,    /* a: academic year; b: semester; ids: parcours (0 or 1); body: N_EX_ITEM */
  N_EX_EXPECT,    /* a: academic year; body: N_EX_ITEM                               */
  N_EX_ITEM,      /* op: XI_*; a: course / target / diploma; b: mark or code;        */
                  /* n[0]: grade or credits; flag: diploma expected                   */
  /* expressions */
  N_BINARY,       /* op: OP_*; lhs, rhs                                              */
  N_UNARY,        /* op: OP_NOT / OP_NEG; lhs                                        */
  N_NUMBER,       /* n[0]                                                            */
  N_NAME,         /* a: a condition's name                                           */
  N_BUILTIN,      /* op: BI_*                                                        */
  N_AGG,          /* op: AG_*; lhs: N_SET                                            */
  N_SET,          /* op: SK_*; op2: SS_*; body: N_SEMREF list                        */
  N_SEMREF,       /* a: semester id; b: end of range ("S1 à S4") or empty;           */
                  /* op, op2: first and last semester numbers, set by sema          */
  N_PAREN,        /* lhs: the parenthesised expression (kept for fmt)                */
  N_ERROR,        /* an expression deeper than AST_MAX_DEPTH, cut (reported)         */
  N_KIND_COUNT
} NodeKind;

typedef struct Cite {
  Tok ref;             /* "§5-3" or "Annexe 3" */
  struct Cite *next;   /* next citation of the same statement */
} Cite;

typedef struct IdList {
  Tok id;              /* an identifier or number */
  struct IdList *next; /* next in the list */
} IdList;

typedef struct Node Node;
struct Node {
  NodeKind kind;   /* what this node is (see table above) */
  Loc loc;         /* span of the whole construct */
  Node *next;      /* next sibling in the enclosing list */
  Node *body;      /* first child of a block */
  Node *hours;     /* N_HOUR list of a course row, group or totals row */
  Node *lhs;       /* expression operand / condition */
  Node *rhs;       /* right operand */
  int op;          /* AstOp sub-kind */
  int op2;         /* second AstOp sub-kind (rounding mode, set state) */
  bool flag;       /* "-" coefficient; jury code that acquires */
  Tok a;           /* first identifier or value */
  Tok b;           /* second identifier */
  Tok label;       /* string literal, decoded */
  Tok n[4];        /* numbers as written */
  IdList *ids;     /* identifier / number list */
  Cite *cites;     /* article citations */
  Loc end;         /* location of the closing '}' of a block (for fmt) */
  int depth;       /* expressions: operator levels (N_BINARY, N_UNARY, N_PAREN) from
                   ** this node down, itself included (0 for an operand) */
  int ref;         /* N_NAME: 1 + the index of its condition in Model.conds, set by
                   ** the checker (0: not resolved); not part of the syntax */
};

/* A comment kept for fmt: its text (from '#') and whether code precedes it. */
typedef struct Comment {
  Tok text;              /* "# ..." without the line end */
  bool trailing;         /* something else is on the same line before it */
  struct Comment *next;  /* next in source order */
} Comment;

typedef struct Ast {
  Arena *arena;          /* owns everything below */
  Node *root;            /* N_FILE */
  Comment *comments;     /* all comments, in order */
} Ast;

Node *ast_node(Arena *a, NodeKind k, Loc loc);
Node *ast_append(Node *list, Node *item);           /* returns list head */
Cite *ast_cite_append(Arena *a, Cite *list, Tok ref);
IdList *ast_id_append(Arena *a, IdList *list, Tok id);
/* Expression constructors; they set depth. An operand that is N_ERROR is
** returned instead of the new node (its span widened to loc): a cut
** expression stays one node, however long the rest. */
Node *ast_binary(Arena *a, int op, Node *l, Node *r, Loc loc);
Node *ast_unary(Arena *a, int op, Node *e, Loc loc);
Node *ast_paren(Arena *a, Node *e, Loc loc);

/* The checker, the evaluator and the formatter walk expressions
** recursively: an expression may hold at most this many operator levels,
** counting those of the named conditions it uses (parse.c and sema.c
** report deeper ones). */
#define AST_MAX_DEPTH 2000

/* A canonical dump without locations or comments: two trees have the same
** meaning-bearing content exactly when their dumps are equal. */
void ast_dump(const Node *n, FILE *out);

const char *ast_kind_name(NodeKind k);
const char *ast_op_name(int op);
/* e without the parentheses the author wrote around it (N_PAREN). */
static inline const Node *ast_unparen(const Node *e) {
  while (e && e->kind == N_PAREN) e = e->lhs;
  return e;
}

/* Whether comparison op (OP_EQ … OP_GE) holds of a three-way result c
** (negative, zero, positive: left against right). */
static inline bool ast_cmp_holds(int op, int c) {
  switch (op) {
  case OP_EQ: return c == 0;
  case OP_NE: return c != 0;
  case OP_LT: return c < 0;
  case OP_LE: return c <= 0;
  case OP_GT: return c > 0;
  default: return c >= 0;
  }
}

/* Generic walker: calls fn on every node in pre-order (children: body, hours,
** lhs, rhs). fn returns false to skip a node's children. */
typedef bool (*AstVisit)(Node *n, void *ctx);
void ast_walk(Node *n, AstVisit fn, void *ctx);

#endif
