/*
** ast.c — AST constructors, walker and canonical dump.
*/
#include "ast.h"

#include <assert.h>
#include <string.h>

Node *ast_node(Arena *a, NodeKind k, Loc loc) {
  Node *n = arena_alloc(a, sizeof *n);
  n->kind = k;
  n->loc = loc;
  return n;
}

Node *ast_append(Node *list, Node *item) {
  if (!item) return list;
  if (!list) return item;
  Node *p = list;
  while (p->next) p = p->next;
  p->next = item;
  return list;
}

Cite *ast_cite_append(Arena *a, Cite *list, Tok ref) {
  Cite *c = arena_alloc(a, sizeof *c);
  c->ref = ref;
  if (!list) return c;
  Cite *p = list;
  while (p->next) p = p->next;
  p->next = c;
  return list;
}

IdList *ast_id_append(Arena *a, IdList *list, Tok id) {
  IdList *c = arena_alloc(a, sizeof *c);
  c->id = id;
  if (!list) return c;
  IdList *p = list;
  while (p->next) p = p->next;
  p->next = c;
  return list;
}

static Node *absorbed(Node *cut, Loc loc) {
  cut->loc = loc;
  return cut;
}

Node *ast_binary(Arena *a, int op, Node *l, Node *r, Loc loc) {
  if (l && l->kind == N_ERROR) return absorbed(l, loc);
  if (r && r->kind == N_ERROR) return absorbed(r, loc);
  Node *n = ast_node(a, N_BINARY, loc);
  n->op = op;
  n->lhs = l;
  n->rhs = r;
  int dl = l ? l->depth : 0, dr = r ? r->depth : 0;
  n->depth = 1 + (dl > dr ? dl : dr);
  return n;
}

Node *ast_unary(Arena *a, int op, Node *e, Loc loc) {
  if (e && e->kind == N_ERROR) return absorbed(e, loc);
  Node *n = ast_node(a, N_UNARY, loc);
  n->op = op;
  n->lhs = e;
  n->depth = 1 + (e ? e->depth : 0);
  return n;
}

Node *ast_paren(Arena *a, Node *e, Loc loc) {
  if (e && e->kind == N_ERROR) return absorbed(e, loc);
  Node *n = ast_node(a, N_PAREN, loc);
  n->lhs = e;
  n->depth = 1 + (e ? e->depth : 0);
  return n;
}

static const char *const kind_names[N_KIND_COUNT] = {
  [N_FILE] = "file", [N_REGLEMENT] = "reglement", [N_META] = "meta", [N_VOTE] = "vote",
  [N_ECTS_SEM] = "ects-semestre", [N_COMPETENCE] = "competence", [N_LEVEL] = "niveau",
  [N_PARCOURS] = "parcours", [N_PLEVEL] = "parcours-niveau", [N_YEAR] = "annee",
  [N_RCUE] = "rcue", [N_COURSES] = "enseignements", [N_COURSE] = "cours", [N_GROUP] = "groupe",
  [N_MEMBER] = "membre", [N_TOTALS] = "totaux", [N_HOUR] = "heures", [N_SEMESTER] = "semestre",
  [N_UE] = "ue", [N_POLE] = "pole", [N_COEF] = "coef", [N_ONLY] = "seulement",
  [N_MARK] = "marque", [N_CALCBLOCK] = "calcul", [N_CALC] = "calc", [N_VALIDBLOCK] = "validation",
  [N_VALID] = "valid", [N_CONDITION] = "condition", [N_DECISION] = "decision",
  [N_CLAUSE] = "clause", [N_REPEAT] = "redoublement", [N_REPEAT_ITEM] = "limite",
  [N_DIPLOMA] = "diplome", [N_JURYCODE] = "code-jury", [N_PROVISION] = "disposition",
  [N_TEXT] = "texte", [N_BINARY] = "bin", [N_UNARY] = "un", [N_NUMBER] = "num",
  [N_NAME] = "nom", [N_BUILTIN] = "builtin", [N_AGG] = "agg", [N_SET] = "ens",
  [N_SEMREF] = "sem", [N_PAREN] = "paren", [N_EXAMPLE] = "exemple", [N_EX_GRADES] = "notes",
  [N_EX_EXPECT] = "attendu", [N_EX_ITEM] = "ex", [N_ERROR] = "erreur",
};

const char *ast_kind_name(NodeKind k) {
  return (k >= 0 && k < N_KIND_COUNT && kind_names[k]) ? kind_names[k] : "?";
}

const char *ast_op_name(int op) {
  static const char *const names[] = {
    [CK_RESOURCE] = "ressource", [CK_SAE] = "SAÉ", [CK_PORTFOLIO] = "portfolio",
    [CK_STAGE] = "stage", [PK_RESOURCES] = "ressources", [PK_SAE] = "SAÉ",
    [HC_CM] = "CM", [HC_TD] = "TD", [HC_TP] = "TP", [HC_PROJET] = "projet", [HC_TOTAL] = "total",
    [MK_SPECIALITE] = "spécialité", [MK_ETABLISSEMENT] = "établissement", [MK_ANNEE] = "année",
    [MK_DELIBERATION] = "délibération", [MK_SEANCE] = "séance",
    [ME_VALUE] = "vaut", [ME_NEUTRAL] = "neutralisée", [ME_PENDING] = "en attente",
    [CI_EXACT] = "exactes", [CI_ROUND] = "arrondies", [CI_DISPLAY] = "affichage",
    [RM_TRUNC] = "tronquées", [RM_NEAREST] = "au plus proche", [RM_UP] = "par excès",
    [VI_UE] = "UE", [VI_RCUE] = "RCUE", [VI_COMPENSATION] = "compensation",
    [VI_LOWER] = "niveaux inférieurs", [VI_STAGE] = "stage obligatoire",
    [VI_BEST] = "capitalisation meilleure moyenne",
    [RI_PER_SEMESTER] = "par semestre", [RI_TOTAL] = "au total",
    [OP_OR] = "ou", [OP_AND] = "et", [OP_NOT] = "non", [OP_EQ] = "=", [OP_NE] = "!=",
    [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=", [OP_ADD] = "+",
    [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/", [OP_NEG] = "-",
    [AG_COUNT] = "nombre", [AG_MIN] = "min", [AG_MAX] = "max", [AG_ALL] = "tous",
    [AG_NONE] = "aucun", [SK_RCUE] = "RCUE", [SK_UE] = "UE", [SS_ANY] = "",
    [SS_ACQUIRED] = "acquis", [SS_NOT_ACQUIRED] = "non acquis", [SS_PENDING] = "en attente",
    [BI_LEVEL] = "niveau", [BI_AVERAGE] = "moyenne", [BI_REPEAT_OK] = "redoublement possible",
    [BI_TRUE] = "vrai", [BI_FALSE] = "faux", [XI_DEFAULT] = "toutes", [XI_GRADE] = "note",
    [XI_CODE] = "code", [XI_DECISION] = "décision", [XI_ECTS] = "ECTS", [XI_TOTAL] = "total",
    [XI_DIPLOMA] = "diplôme",
  };
  if (op > 0 && (size_t)op < sizeof names / sizeof names[0] && names[op]) return names[op];
  return "";
}

void ast_walk(Node *n, AstVisit fn, void *ctx) {
  for (; n; n = n->next) {
    if (!fn(n, ctx)) continue;
    ast_walk(n->body, fn, ctx);
    ast_walk(n->hours, fn, ctx);
    if (n->lhs) ast_walk(n->lhs, fn, ctx);
    if (n->rhs) ast_walk(n->rhs, fn, ctx);
  }
}

/* Numbers are dumped by value text with ',' normalised to '.', so that
** "8,5" and "8.5" are the same tree. */
static void dump_num(const char *s, FILE *out) {
  for (; *s; s++) fputc(*s == ',' ? '.' : *s, out);
}

static void dump_str(const char *s, FILE *out) {
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

static void dump_rec(const Node *n, int depth, FILE *out) {
  for (; n; n = n->next) {
    fprintf(out, "%*s(%s", depth * 2, "", ast_kind_name(n->kind));
    /* a semester reference's op/op2 are the resolver's annotations, not syntax */
    if (n->op && n->kind != N_SEMREF) fprintf(out, " op=%s", ast_op_name(n->op));
    if (n->op2 && n->kind != N_SEMREF) fprintf(out, " op2=%s", ast_op_name(n->op2));
    if (n->flag) fputs(" flag", out);
    if (n->a.text) fprintf(out, " a=%s", n->a.text);
    if (n->b.text) fprintf(out, " b=%s", n->b.text);
    if (n->label.text) { fputs(" label=", out); dump_str(n->label.text, out); }
    for (int i = 0; i < 4; i++)
      if (n->n[i].text) { fprintf(out, " n%d=", i); dump_num(n->n[i].text, out); }
    if (n->ids) {
      fputs(" ids=[", out);
      for (const IdList *l = n->ids; l; l = l->next)
        fprintf(out, "%s%s", l->id.text, l->next ? " " : "");
      fputc(']', out);
    }
    if (n->cites) {
      fputs(" cites=[", out);
      for (const Cite *c = n->cites; c; c = c->next)
        fprintf(out, "%s%s", c->ref.text, c->next ? " " : "");
      fputc(']', out);
    }
    fputc('\n', out);
    if (n->hours) dump_rec(n->hours, depth + 1, out);
    if (n->lhs) dump_rec(n->lhs, depth + 1, out);
    if (n->rhs) dump_rec(n->rhs, depth + 1, out);
    if (n->body) dump_rec(n->body, depth + 1, out);
    fprintf(out, "%*s)\n", depth * 2, "");
  }
}

void ast_dump(const Node *n, FILE *out) {
  assert(out);
  dump_rec(n, 0, out);
}
