/* Unit tests for the front end: grammar/lexer.l, grammar/parser.y, src/parse.c.
**
** Every test parses an in-memory source and asserts the AST it gives (node
** kinds, slots, token texts and locations) or the diagnostics (exact line,
** character column and message). Tests marked BUG document a defect of the
** scanner or the parser: they assert the correct behaviour, and are skipped
** so that the suite stays green until it is fixed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "diag.h"
#include "parse.h"
#include "source.h"

/* ---- helpers ---- */

typedef struct Parsed {
  Source *src;   /* the text */
  Diags d;       /* what parsing reported */
  Ast *ast;      /* the tree */
} Parsed;

static Parsed *parse_mem(const char *text, size_t len) {
  Parsed *p = calloc(1, sizeof *p);
  assert_non_null(p);
  p->src = source_from_memory("t.mccc", text, len);
  diags_init(&p->d);
  p->ast = parse_rules(p->src, &p->d);
  assert_non_null(p->ast);
  assert_non_null(p->ast->root);
  assert_int_equal(p->ast->root->kind, N_FILE);
  return p;
}

static Parsed *parse_str(const char *text) {
  return parse_mem(text, strlen(text));
}

static void parsed_free(Parsed *p) {
  ast_free(p->ast);
  diags_free(&p->d);
  source_free(p->src);
  free(p);
}

/* All diagnostics as text, for failure messages. */
static const char *diags_text(const Parsed *p) {
  static char buf[8192];
  size_t o = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < p->d.n && o < sizeof buf; i++) {
    const Diag *g = &p->d.v[i];
    int w = snprintf(buf + o, sizeof buf - o, "\n  [%zu] %d:%d %s%s%s", i, g->loc.first_line,
                     g->loc.first_line > 0 ? source_char_col(p->src, g->loc.first_line, g->loc.first_column) : 0,
                     g->msg, g->note ? " / note: " : "", g->note ? g->note : "");
    if (w < 0) break;
    o += (size_t)w;
  }
  return buf;
}

/* The source must parse without any diagnostic. */
static Parsed *parse_ok(const char *text) {
  Parsed *p = parse_str(text);
  if (p->d.n != 0) fail_msg("unexpected diagnostics:%s", diags_text(p));
  return p;
}

/* The i-th diagnostic: an error at line:col (characters) whose message contains msg. */
static const Diag *expect_error(const Parsed *p, size_t i, int line, int col, const char *msg) {
  if (i >= p->d.n) fail_msg("no diagnostic #%zu; got:%s", i, diags_text(p));
  const Diag *g = &p->d.v[i];
  if (g->level != DIAG_ERROR || g->loc.first_line != line ||
      source_char_col(p->src, g->loc.first_line, g->loc.first_column) != col ||
      strstr(g->msg, msg) == NULL)
    fail_msg("diagnostic #%zu: want error %d:%d « %s »; got:%s", i, line, col, msg, diags_text(p));
  return g;
}

static void expect_note(const Diag *g, const char *sub) {
  if (!g->note || !strstr(g->note, sub))
    fail_msg("note of « %s »: want « %s », got « %s »", g->msg, sub, g->note ? g->note : "(none)");
}

/* The i-th diagnostic is exactly this error at line:col (characters), with
** exactly this note (NULL: none). */
static void expect_whole(const Parsed *p, size_t i, int line, int col, const char *msg, const char *note) {
  const Diag *g = expect_error(p, i, line, col, msg);
  if (strcmp(g->msg, msg) != 0) fail_msg("diagnostic #%zu: want « %s », got « %s »", i, msg, g->msg);
  if (!note != !g->note || (note && strcmp(g->note, note) != 0))
    fail_msg("note of #%zu: want « %s »,\n got « %s »", i, note ? note : "(none)", g->note ? g->note : "(none)");
}

/* How many diagnostics contain sub. */
static int count_msgs(const Parsed *p, const char *sub) {
  int n = 0;
  for (size_t i = 0; i < p->d.n; i++)
    if (strstr(p->d.v[i].msg, sub)) n++;
  return n;
}

static int list_len(const Node *n) {
  int k = 0;
  for (; n; n = n->next) k++;
  return k;
}

static const Node *nth(const Node *n, int i) {
  for (; n && i > 0; i--) n = n->next;
  if (!n) fail_msg("list too short");
  return n;
}

/* The i-th top-level item. */
static const Node *item(const Parsed *p, int i) {
  return nth(p->ast->root->body, i);
}

static const char *id_at(const IdList *l, int i) {
  for (; l && i > 0; i--) l = l->next;
  return l ? l->id.text : NULL;
}

static int ids_len(const IdList *l) {
  int k = 0;
  for (; l; l = l->next) k++;
  return k;
}

static const char *cite_at(const Cite *c, int i) {
  for (; c && i > 0; i--) c = c->next;
  return c ? c->ref.text : NULL;
}

static int cites_len(const Cite *c) {
  int k = 0;
  for (; c; c = c->next) k++;
  return k;
}

static void expect_loc(Loc l, int fl, int fc, int ll, int lc) {
  if (l.first_line != fl || l.first_column != fc || l.last_line != ll || l.last_column != lc)
    fail_msg("loc %d:%d-%d:%d, want %d:%d-%d:%d", l.first_line, l.first_column, l.last_line,
             l.last_column, fl, fc, ll, lc);
}

/* ast_dump into a heap string. */
static char *dump(const Node *n) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  ast_dump(n, f);
  fclose(f);
  return buf;
}

/* An expression as a compact s-expression: (ou a (et b c)), [x] for N_PAREN. */
static void sx_rec(const Node *e, FILE *f) {
  switch (e->kind) {
  case N_BINARY:
    fprintf(f, "(%s ", ast_op_name(e->op));
    sx_rec(e->lhs, f);
    fputc(' ', f);
    sx_rec(e->rhs, f);
    fputc(')', f);
    break;
  case N_UNARY:
    fprintf(f, "(%s ", e->op == OP_NOT ? "non" : "neg");
    sx_rec(e->lhs, f);
    fputc(')', f);
    break;
  case N_PAREN:
    fputc('[', f);
    sx_rec(e->lhs, f);
    fputc(']', f);
    break;
  case N_NUMBER: fputs(e->n[0].text, f); break;
  case N_NAME: fputs(e->a.text, f); break;
  case N_BUILTIN: fprintf(f, "<%s>", ast_op_name(e->op)); break;
  case N_AGG:
    fprintf(f, "%s(", ast_op_name(e->op));
    sx_rec(e->lhs, f);
    fputc(')', f);
    break;
  case N_SET:
    fputs(ast_op_name(e->op), f);
    if (e->body) {
      fputs(" de", f);
      for (const Node *r = e->body; r; r = r->next) {
        assert_int_equal(r->kind, N_SEMREF);
        fprintf(f, " %s%s%s", r->a.text, r->b.text ? ".." : "", r->b.text ? r->b.text : "");
      }
    }
    if (e->op2 != SS_ANY) fprintf(f, " %s", ast_op_name(e->op2));
    break;
  default: fprintf(f, "?%s", ast_kind_name(e->kind)); break;
  }
}

static char *sx(const Node *e) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  sx_rec(e, f);
  fclose(f);
  return buf;
}

/* Parse "condition c = <expr>" and compare the expression's s-expression. */
static void expect_expr(const char *expr, const char *want) {
  char text[4096];
  snprintf(text, sizeof text, "condition c = %s\n", expr);
  Parsed *p = parse_ok(text);
  assert_int_equal(list_len(p->ast->root->body), 1);
  const Node *c = item(p, 0);
  assert_int_equal(c->kind, N_CONDITION);
  assert_string_equal(c->a.text, "c");
  char *got = sx(c->lhs);
  if (strcmp(got, want) != 0) fail_msg("%s: got %s, want %s", expr, got, want);
  free(got);
  parsed_free(p);
}

/* Every diagnostic of a parse points inside the file (or just past its end). */
static void check_locs_sane(const Parsed *p) {
  for (size_t i = 0; i < p->d.n; i++) {
    const Diag *g = &p->d.v[i];
    assert_non_null(g->msg);
    assert_true(g->msg[0] != '\0');
    if (g->loc.first_line == 0) continue;
    assert_true(g->loc.first_line >= 1);
    assert_true((size_t)g->loc.first_line <= p->src->nlines + 1);
    assert_true(g->loc.first_column >= 1);
    assert_true(g->loc.last_line >= g->loc.first_line);
  }
}

/* ---- tokens and values ---- */

static void test_numbers_kept_as_written(void **state) {
  (void)state;
  Parsed *p = parse_ok("ECTS par semestre 8,5\n"
                       "ECTS par semestre 9.995\n"
                       "ECTS par semestre 40\n"
                       "condition c = moyenne >= 9,995 et 1.5 < 0,25\n");
  assert_int_equal(list_len(p->ast->root->body), 4);
  const Node *a = item(p, 0);
  assert_int_equal(a->kind, N_ECTS_SEM);
  assert_string_equal(a->n[0].text, "8,5");
  expect_loc(a->n[0].loc, 1, 19, 1, 22);
  assert_string_equal(item(p, 1)->n[0].text, "9.995");
  assert_string_equal(item(p, 2)->n[0].text, "40");
  char *e = sx(item(p, 3)->lhs);
  assert_string_equal(e, "(et (>= <moyenne> 9,995) (< 1.5 0,25))");
  free(e);
  parsed_free(p);
  /* ast_dump normalises the decimal mark, so both spellings give the same tree */
  Parsed *q1 = parse_ok("ECTS par semestre 8,5\n"), *q2 = parse_ok("ECTS par semestre 8.5\n");
  char *d1 = dump(q1->ast->root), *d2 = dump(q2->ast->root);
  assert_string_equal(d1, d2);
  assert_string_equal(d1, "(file\n  (ects-semestre n0=8.5\n  )\n)\n");
  free(d1);
  free(d2);
  parsed_free(q1);
  parsed_free(q2);
}

static void test_comma_in_lists_and_decimals(void **state) {
  (void)state;
  /* "1, 2" is a list of two numbers; "1,2" is one decimal number */
  Parsed *p = parse_ok("enseignements S1 {\n"
                       "  ressource R1 \"a\" compétences 1, 2 3\n"
                       "  ressource R2 \"b\" compétences 1,2\n"
                       "}\n");
  const Node *r1 = nth(item(p, 0)->body, 0), *r2 = nth(item(p, 0)->body, 1);
  assert_int_equal(ids_len(r1->ids), 3);
  assert_string_equal(id_at(r1->ids, 0), "1");
  assert_string_equal(id_at(r1->ids, 1), "2");
  assert_string_equal(id_at(r1->ids, 2), "3");
  assert_int_equal(ids_len(r2->ids), 1);
  assert_string_equal(id_at(r2->ids, 0), "1,2");
  parsed_free(p);
}

static void test_years_and_dates(void **state) {
  (void)state;
  Parsed *p = parse_ok("règlement {\n"
                       "  année 2025-2026\n"
                       "  séance 2025-03-25\n"
                       "}\n");
  const Node *r = item(p, 0);
  assert_int_equal(r->kind, N_REGLEMENT);
  const Node *y = nth(r->body, 0), *s = nth(r->body, 1);
  assert_int_equal(y->kind, N_META);
  assert_int_equal(y->op, MK_ANNEE);
  assert_string_equal(y->a.text, "2025-2026");
  expect_loc(y->a.loc, 2, 10, 2, 19);
  assert_int_equal(s->op, MK_SEANCE);
  assert_string_equal(s->a.text, "2025-03-25");
  expect_loc(s->a.loc, 3, 11, 3, 21);
  parsed_free(p);
  /* a year span is one token: not a number */
  p = parse_str("ECTS par semestre 2025-2026\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 19, "« année universitaire » inattendu");
  parsed_free(p);
}

static void test_citations_normalised(void **state) {
  (void)state;
  Parsed *p = parse_ok("ECTS par semestre 30 §5-3 § 5-3 Annexe 3 annexe  3 §2 Annexe\t12 §5-3-1\n");
  const Node *n = item(p, 0);
  assert_int_equal(cites_len(n->cites), 7);
  assert_string_equal(cite_at(n->cites, 0), "§5-3");
  assert_string_equal(cite_at(n->cites, 1), "§5-3");
  assert_string_equal(cite_at(n->cites, 2), "Annexe 3");
  assert_string_equal(cite_at(n->cites, 3), "Annexe 3");
  assert_string_equal(cite_at(n->cites, 4), "§2");
  assert_string_equal(cite_at(n->cites, 5), "Annexe 12");
  assert_string_equal(cite_at(n->cites, 6), "§5-3-1");
  /* the location spans the text as written: "§ 5-3" is 6 bytes from column 27 */
  expect_loc(n->cites->next->ref.loc, 1, 28, 1, 34);
  parsed_free(p);
  /* "Annexe" without a number is not a citation */
  p = parse_str("ECTS par semestre 30 Annexe\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 22, "identifiant « Annexe » inattendu");
  parsed_free(p);
}

static void test_string_escapes(void **state) {
  (void)state;
  Parsed *p = parse_ok("règlement {\n"
                       "  spécialité \"a\\\"b\\\\c\"\n"
                       "  établissement \"\"\n"
                       "  délibération \"x # pas un commentaire « ok » \xC2\xA0: y\"\n"
                       "}\n");
  const Node *r = item(p, 0);
  assert_int_equal(list_len(r->body), 3);
  assert_int_equal(nth(r->body, 0)->op, MK_SPECIALITE);
  assert_string_equal(nth(r->body, 0)->label.text, "a\"b\\c");
  /* the token spans the quotes as written (byte columns: "é" is 2 bytes) */
  expect_loc(nth(r->body, 0)->label.loc, 2, 16, 2, 25);
  assert_int_equal(source_char_col(p->src, 2, 16), 14);
  assert_int_equal(nth(r->body, 1)->op, MK_ETABLISSEMENT);
  assert_string_equal(nth(r->body, 1)->label.text, "");
  assert_int_equal(nth(r->body, 2)->op, MK_DELIBERATION);
  assert_string_equal(nth(r->body, 2)->label.text, "x # pas un commentaire « ok » \xC2\xA0: y");
  assert_null(p->ast->comments);
  parsed_free(p);
}

/* The same file with accented keywords, and with their unaccented aliases. */
static const char *const ACCENTED =
  "règlement {\n"
  "  spécialité \"S\"\n"
  "  établissement \"E\"\n"
  "  année 2025-2026\n"
  "  délibération \"D\"\n"
  "  séance 2025-03-25\n"
  "}\n"
  "compétence 1 \"Réaliser\" { niveau 1 \"N\" }\n"
  "année 1 semestres S1 S2 { RCUE compétence 1 : UE1.1 + UE2.1 }\n"
  "enseignements S1 { SAÉ SAE1.01 \"x\" total 1 compétences 1 }\n"
  "semestre S1 { UE1.1 \"u\" compétence 1 niveau 1, 5 ECTS { SAÉ 40 { SAE1.01 40 } } }\n"
  "marque EXC \"e\" neutralisée\n"
  "calcul { moyennes arrondies à 2 décimales tronquées affichage 2 décimales par excès }\n"
  "validation { UE acquise si moyenne ≥ 10 RCUE validé si moyenne >= 10 niveaux inférieurs }\n"
  "condition a = toutes(UE de S1 S2 validées) et nombre(RCUE validés) ≠ 0 et niveau ≤ 2\n"
  "condition b = toutes(UE acquises) et aucune(RCUE validees)\n"
  "décision { ADM si a NAR sinon }\n"
  "diplôme DUT 120 ECTS si b\n";

static const char *const UNACCENTED =
  "reglement {\n"
  "  specialite \"S\"\n"
  "  etablissement \"E\"\n"
  "  annee 2025-2026\n"
  "  deliberation \"D\"\n"
  "  seance 2025-03-25\n"
  "}\n"
  "competence 1 \"Réaliser\" { niveau 1 \"N\" }\n"
  "annee 1 semestres S1 S2 { RCUE competence 1 : UE1.1 + UE2.1 }\n"
  "enseignements S1 { SAE SAE1.01 \"x\" total 1 competences 1 }\n"
  "semestre S1 { UE1.1 \"u\" competence 1 niveau 1, 5 ECTS { SAE 40 { SAE1.01 40 } } }\n"
  "marque EXC \"e\" neutralisee\n"
  "calcul { moyennes arrondies à 2 decimales tronquees affichage 2 decimales par exces }\n"
  "validation { UE acquise si moyenne >= 10 RCUE valide si moyenne >= 10 niveaux inferieurs }\n"
  "condition a = toutes(UE de S1 S2 validees) et nombre(RCUE valides) != 0 et niveau <= 2\n"
  "condition b = toutes(UE acquis) et aucune(RCUE validé)\n"
  "decision { ADM si a NAR sinon }\n"
  "diplome DUT 120 ECTS si b\n";

static void test_unaccented_aliases_same_ast(void **state) {
  (void)state;
  Parsed *a = parse_ok(ACCENTED), *b = parse_ok(UNACCENTED);
  assert_int_equal(list_len(a->ast->root->body), 12);
  char *da = dump(a->ast->root), *db = dump(b->ast->root);
  assert_string_equal(da, db);
  /* and the dump is not trivially empty: it names what was parsed */
  assert_non_null(strstr(da, "(competence label=\"Réaliser\" n0=1"));
  assert_non_null(strstr(da, "op=neutralisée"));
  assert_non_null(strstr(da, "op=arrondies op2=tronquées n0=2"));
  assert_non_null(strstr(da, "op=affichage op2=par excès n0=2"));
  assert_non_null(strstr(da, "(valid op=niveaux inférieurs"));
  assert_non_null(strstr(da, "(decision"));
  assert_non_null(strstr(da, "(diplome a=DUT n0=120"));
  free(da);
  free(db);
  parsed_free(a);
  parsed_free(b);
}

static void test_keywords_are_lower_case(void **state) {
  (void)state;
  Parsed *p = parse_str("Semestre S1 { }\n");
  assert_int_equal(p->d.nerr, 1);
  const Diag *g = expect_error(p, 0, 1, 1, "identifiant « Semestre » inattendu");
  expect_note(g, "vouliez-vous dire « semestre » ?");
  parsed_free(p);
}

static void test_bom_skipped(void **state) {
  (void)state;
  Parsed *p = parse_ok("\xEF\xBB\xBF" "ECTS par semestre 30\n# fin\n");
  assert_int_equal(list_len(p->ast->root->body), 1);
  assert_string_equal(item(p, 0)->n[0].text, "30");
  /* byte columns count the BOM: the token starts at byte 4 */
  assert_int_equal(item(p, 0)->loc.first_column, 4);
  assert_non_null(p->ast->comments);
  assert_false(p->ast->comments->trailing);
  parsed_free(p);
  /* a BOM anywhere else is an unexpected character */
  p = parse_str("ECTS par semestre 30\n\xEF\xBB\xBF" "ECTS par semestre 31\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 2, 1, "inattendu hors d’un libellé");
  assert_int_equal(list_len(p->ast->root->body), 2);
  parsed_free(p);
}

static void test_bom_error_column(void **state) {
  (void)state;
  /* Fixed (was BUG): after a UTF-8 BOM, an error on the first line is reported one
  ** character too far right: source_char_col counts the (invisible) BOM as a
  ** character, so `mccc` prints "t.mccc:1:2" for a word at the start of the
  ** line. Reproduction: printf '\xEF\xBB\xBFsemestr S1 { }\n' > t.mccc;
  ** mccc check t.mccc  →  t.mccc:1:2: error: identifiant « semestr » inattendu */
  
  Parsed *p = parse_str("\xEF\xBB\xBF" "semestr S1 { }\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 1, "identifiant « semestr » inattendu");
  parsed_free(p);
}

static void test_crlf_line_ends(void **state) {
  (void)state;
  Parsed *p = parse_ok("ECTS par semestre 30 # trente\r\n"
                       "marque ABI \"absence\" vaut 0\r\n"
                       "\r\n"
                       "règlement {\r\n"
                       "  spécialité \"S\"\r\n"
                       "}\r\n");
  assert_int_equal(list_len(p->ast->root->body), 3);
  assert_string_equal(item(p, 0)->n[0].text, "30");
  assert_string_equal(item(p, 1)->label.text, "absence");
  assert_int_equal(item(p, 1)->loc.first_line, 2);
  assert_int_equal(item(p, 2)->loc.first_line, 4);
  assert_string_equal(item(p, 2)->body->label.text, "S");
  expect_loc(item(p, 2)->end, 6, 1, 6, 2);
  assert_non_null(p->ast->comments);
  assert_string_equal(p->ast->comments->text.text, "# trente");
  assert_true(p->ast->comments->trailing);
  assert_null(p->ast->comments->next);
  parsed_free(p);
  /* errors on CRLF lines: exact positions; at end of file, the end of the
  ** last line with its CR not counted */
  p = parse_str("ECTS par semestre 30\r\nECTS par semestre x\r\nECTS par semestre\r\n");
  assert_int_equal(p->d.nerr, 2);
  expect_error(p, 0, 2, 19, "identifiant « x » inattendu");
  expect_error(p, 1, 3, 18, "fin du fichier inattendu");
  parsed_free(p);
}

static void test_comments_recorded(void **state) {
  (void)state;
  Parsed *p = parse_ok("# en-tête\n"
                       "ECTS par semestre 30   # après du code   \n"
                       "  # seul, indenté\n"
                       "règlement { # après une accolade\n"
                       "  spécialité \"x\"\n"
                       "  # dans le bloc\n"
                       "}\n"
                       "#collé");
  const Comment *c = p->ast->comments;
  const char *want[] = {"# en-tête", "# après du code", "# seul, indenté", "# après une accolade",
                        "# dans le bloc", "#collé"};
  const bool trailing[] = {false, true, false, true, false, false};
  const int lines[] = {1, 2, 3, 4, 6, 8};
  const int cols[] = {1, 24, 3, 13, 3, 1};
  for (int i = 0; i < 6; i++, c = c->next) {
    assert_non_null(c);
    assert_string_equal(c->text.text, want[i]);
    assert_int_equal(c->trailing, trailing[i]);
    assert_int_equal(c->text.loc.first_line, lines[i]);
    assert_int_equal(source_char_col(p->src, lines[i], c->text.loc.first_column), cols[i]);
  }
  assert_null(c);
  /* comments are not in the tree */
  assert_int_equal(list_len(p->ast->root->body), 2);
  parsed_free(p);
}

/* ---- every construct of LANGUAGE.md ---- */

static const char *const ALL =
  "règlement §1 {\n"                                                         /* 1 */
  "  spécialité    \"BUT Informatique\"\n"
  "  établissement \"IUT de Rodez\"\n"
  "  année         2025-2026\n"
  "  délibération  \"CEVE n°2025-13-IUT-004\"\n"                             /* 5 */
  "  séance        2025-03-25\n"
  "  vote votants 25 pour 24 contre 1 abstentions 0 §0\n"
  "}\n"
  "ECTS par semestre 30 §1\n"
  "compétence 1 \"Réaliser\" Annexe 1 {\n"                                   /* 10 */
  "  niveau 1 \"Développer\"\n"
  "  niveau 2 \"Partir\" §2\n"
  "}\n"
  "parcours A \"Réalisation\" Annexe 1 {\n"
  "  compétence 1 niveau 2\n"                                                /* 15 */
  "  compétence 2 niveau 3 §9\n"
  "}\n"
  "année 1 semestres S1 S2 §5-2 {\n"
  "  RCUE compétence 1 : UE1.1 + UE2.1 §5-2\n"
  "}\n"                                                                      /* 20 */
  "année 3 semestres S5, S6 {\n"
  "  parcours A, D {\n"
  "    RCUE compétence 1 : UE5.1 + UE6.1\n"
  "  }\n"
  "}\n"                                                                      /* 25 */
  "enseignements S1 Annexe 2 {\n"
  "  SAÉ       SAE1.01 \"Implémentation\" TD 4 TP 3 projet 12 total 19 compétences 1\n"
  "  ressource R1.01 \"Initiation\" CM 30 TD 12 TP 47 total 89 compétences 1 2\n"
  "  portfolio PF1 \"Portfolio 1\" compétences 1 2 3\n"
  "  stage     ST1 \"Stage\"\n"                                              /* 30 */
  "  SAÉ \"Développement\" TD 45 total 45 §3 {\n"
  "    SAE1.A \"Développement - Réaliser\" compétences 1\n"
  "    SAE1.B \"Développement - Optimiser\"\n"
  "  }\n"
  "  totaux CM 116 total 500\n"                                              /* 35 */
  "  parcours A {\n"
  "    ressource R1.A \"Spécifique\" total 1,5\n"
  "  }\n"
  "}\n"
  "semestre S1 Annexe 3 {\n"                                                 /* 40 */
  "  UE1.1 \"UE1 Réaliser\" compétence 1 niveau 1, 5 ECTS §5-1 {\n"
  "    ressources 60 { R1.01 42  R1.02 12  R1.10 6,5  R1.12 - }\n"
  "    SAÉ 40 {\n"
  "      SAE1.01 40\n"
  "      parcours A { PF1 - \"Portfolio\" }\n"                               /* 45 */
  "    }\n"
  "    parcours D { ressources 10 { R3.09 10 \"Cryptographie\" §2 } }\n"
  "  }\n"
  "  parcours A { UE1.2 \"UE2\" compétence 2 niveau 1 5 ECTS { } }\n"
  "}\n"                                                                      /* 50 */
  "marque ABI \"absence injustifiée\" vaut 0 §2\n"
  "marque EXC \"excusé\" neutralisée\n"
  "marque ATT \"note en attente\" en attente\n"
  "calcul {\n"
  "  moyennes exactes §5-1\n"                                                /* 55 */
  "  moyennes arrondies à 2 décimales au plus proche\n"
  "  moyennes arrondies à 3 décimales tronquées\n"
  "  moyennes arrondies à 1 décimales par excès\n"
  "  affichage 2 décimales par excès\n"
  "}\n"
  "validation §5 {\n"                                                        /* 61 */
  "  UE acquise si moyenne >= 10 §5-1\n"
  "  RCUE validé si moyenne >= 10\n"
  "  compensation §5-2\n"
  "  niveaux inférieurs\n"
  "  stage obligatoire\n"                                                    /* 66 */
  "  capitalisation meilleure moyenne §5-4\n"
  "}\n"
  "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2 et min(RCUE) >= 8 §5-3\n"
  "décision §5-3 §5-4 {\n"
  "  ATT  si nombre(RCUE en attente) > 0\n"                                  /* 71 */
  "  RED  si redoublement possible\n"
  "  NAR  sinon §5-3\n"
  "}\n"
  "redoublement §5-4 {\n"
  "  par semestre 1\n"                                                       /* 76 */
  "  au total 4 §9\n"
  "}\n"
  "diplôme DUT 120 ECTS si toutes(UE de S1 à S4 acquises) §5-5\n"
  "code jury ADJ \"admis par décision du jury\" acquis §4\n"
  "code jury AJJ \"ajourné\" non acquis\n"                                   /* 81 */
  "disposition §6-3 \"Mobilité hybride\" {\n"
  "  \"Premier paragraphe.\"\n"
  "  \"Second « paragraphe ».\"\n"
  "}\n";

static void test_every_construct(void **state) {
  (void)state;
  Parsed *p = parse_ok(ALL);
  assert_int_equal(list_len(p->ast->root->body), 20);
  const NodeKind kinds[] = {N_REGLEMENT, N_ECTS_SEM, N_COMPETENCE, N_PARCOURS, N_YEAR, N_YEAR,
                            N_COURSES, N_SEMESTER, N_MARK, N_MARK, N_MARK, N_CALCBLOCK,
                            N_VALIDBLOCK, N_CONDITION, N_DECISION, N_REPEAT, N_DIPLOMA,
                            N_JURYCODE, N_JURYCODE, N_PROVISION};
  for (int i = 0; i < 20; i++) {
    if (item(p, i)->kind != kinds[i])
      fail_msg("item %d is %s, want %s", i, ast_kind_name(item(p, i)->kind), ast_kind_name(kinds[i]));
  }

  /* règlement */
  const Node *r = item(p, 0);
  assert_string_equal(cite_at(r->cites, 0), "§1");
  assert_int_equal(list_len(r->body), 6);
  const int mk[] = {MK_SPECIALITE, MK_ETABLISSEMENT, MK_ANNEE, MK_DELIBERATION, MK_SEANCE};
  for (int i = 0; i < 5; i++) {
    assert_int_equal(nth(r->body, i)->kind, N_META);
    assert_int_equal(nth(r->body, i)->op, mk[i]);
  }
  assert_string_equal(nth(r->body, 0)->label.text, "BUT Informatique");
  assert_string_equal(nth(r->body, 1)->label.text, "IUT de Rodez");
  assert_string_equal(nth(r->body, 3)->label.text, "CEVE n°2025-13-IUT-004");
  const Node *v = nth(r->body, 5);
  assert_int_equal(v->kind, N_VOTE);
  assert_string_equal(v->n[0].text, "25");
  assert_string_equal(v->n[1].text, "24");
  assert_string_equal(v->n[2].text, "1");
  assert_string_equal(v->n[3].text, "0");
  assert_string_equal(cite_at(v->cites, 0), "§0");
  expect_loc(r->end, 8, 1, 8, 2);

  /* ECTS par semestre */
  assert_string_equal(item(p, 1)->n[0].text, "30");
  assert_string_equal(cite_at(item(p, 1)->cites, 0), "§1");

  /* compétence and niveaux */
  const Node *c = item(p, 2);
  assert_string_equal(c->n[0].text, "1");
  assert_string_equal(c->label.text, "Réaliser");
  assert_string_equal(cite_at(c->cites, 0), "Annexe 1");
  assert_int_equal(list_len(c->body), 2);
  assert_int_equal(nth(c->body, 1)->kind, N_LEVEL);
  assert_string_equal(nth(c->body, 1)->n[0].text, "2");
  assert_string_equal(nth(c->body, 1)->label.text, "Partir");
  assert_string_equal(cite_at(nth(c->body, 1)->cites, 0), "§2");

  /* parcours */
  const Node *pa = item(p, 3);
  assert_string_equal(pa->a.text, "A");
  assert_string_equal(pa->label.text, "Réalisation");
  assert_int_equal(list_len(pa->body), 2);
  assert_int_equal(nth(pa->body, 1)->kind, N_PLEVEL);
  assert_string_equal(nth(pa->body, 1)->n[0].text, "2");
  assert_string_equal(nth(pa->body, 1)->n[1].text, "3");
  assert_string_equal(cite_at(nth(pa->body, 1)->cites, 0), "§9");

  /* années, RCUE, parcours nested */
  const Node *y1 = item(p, 4), *y3 = item(p, 5);
  assert_string_equal(y1->n[0].text, "1");
  assert_int_equal(ids_len(y1->ids), 2);
  assert_string_equal(id_at(y1->ids, 0), "S1");
  assert_string_equal(id_at(y1->ids, 1), "S2");
  assert_string_equal(cite_at(y1->cites, 0), "§5-2");
  const Node *rc = y1->body;
  assert_int_equal(rc->kind, N_RCUE);
  assert_string_equal(rc->n[0].text, "1");
  assert_string_equal(rc->a.text, "UE1.1");
  assert_string_equal(rc->b.text, "UE2.1");
  assert_string_equal(cite_at(rc->cites, 0), "§5-2");
  assert_string_equal(id_at(y3->ids, 1), "S6");
  const Node *only = y3->body;
  assert_int_equal(only->kind, N_ONLY);
  assert_int_equal(ids_len(only->ids), 2);
  assert_string_equal(id_at(only->ids, 0), "A");
  assert_string_equal(id_at(only->ids, 1), "D");
  assert_int_equal(only->body->kind, N_RCUE);
  assert_string_equal(only->body->a.text, "UE5.1");

  /* enseignements: rows, group, totaux, parcours block */
  const Node *en = item(p, 6);
  assert_string_equal(en->a.text, "S1");
  assert_string_equal(cite_at(en->cites, 0), "Annexe 2");
  assert_int_equal(list_len(en->body), 7);
  const Node *sae = nth(en->body, 0);
  assert_int_equal(sae->kind, N_COURSE);
  assert_int_equal(sae->op, CK_SAE);
  assert_string_equal(sae->a.text, "SAE1.01");
  assert_string_equal(sae->label.text, "Implémentation");
  assert_int_equal(list_len(sae->hours), 4);
  const int cols[] = {HC_TD, HC_TP, HC_PROJET, HC_TOTAL};
  const char *vals[] = {"4", "3", "12", "19"};
  for (int i = 0; i < 4; i++) {
    assert_int_equal(nth(sae->hours, i)->kind, N_HOUR);
    assert_int_equal(nth(sae->hours, i)->op, cols[i]);
    assert_string_equal(nth(sae->hours, i)->n[0].text, vals[i]);
  }
  assert_string_equal(id_at(sae->ids, 0), "1");
  const Node *res = nth(en->body, 1);
  assert_int_equal(res->op, CK_RESOURCE);
  assert_int_equal(nth(res->hours, 0)->op, HC_CM);
  assert_string_equal(nth(res->hours, 0)->n[0].text, "30");
  assert_int_equal(ids_len(res->ids), 2);
  const Node *pf = nth(en->body, 2);
  assert_int_equal(pf->op, CK_PORTFOLIO);
  assert_null(pf->hours);
  assert_int_equal(ids_len(pf->ids), 3);
  const Node *st = nth(en->body, 3);
  assert_int_equal(st->op, CK_STAGE);
  assert_null(st->hours);
  assert_null(st->ids);
  const Node *g = nth(en->body, 4);
  assert_int_equal(g->kind, N_GROUP);
  assert_int_equal(g->op, CK_SAE);
  assert_string_equal(g->label.text, "Développement");
  assert_null(g->a.text);
  assert_int_equal(list_len(g->hours), 2);
  assert_string_equal(cite_at(g->cites, 0), "§3");
  assert_int_equal(list_len(g->body), 2);
  assert_int_equal(g->body->kind, N_MEMBER);
  assert_string_equal(g->body->a.text, "SAE1.A");
  assert_string_equal(g->body->label.text, "Développement - Réaliser");
  assert_string_equal(id_at(g->body->ids, 0), "1");
  assert_null(g->body->next->ids);
  const Node *tot = nth(en->body, 5);
  assert_int_equal(tot->kind, N_TOTALS);
  assert_int_equal(list_len(tot->hours), 2);
  assert_int_equal(nth(tot->hours, 1)->op, HC_TOTAL);
  assert_string_equal(nth(tot->hours, 1)->n[0].text, "500");
  const Node *eo = nth(en->body, 6);
  assert_int_equal(eo->kind, N_ONLY);
  assert_string_equal(id_at(eo->ids, 0), "A");
  assert_int_equal(eo->body->kind, N_COURSE);
  assert_string_equal(eo->body->hours->n[0].text, "1,5");

  /* semestre, UE, pôles, coefficients */
  const Node *se = item(p, 7);
  assert_string_equal(se->a.text, "S1");
  assert_string_equal(cite_at(se->cites, 0), "Annexe 3");
  assert_int_equal(list_len(se->body), 2);
  const Node *ue = se->body;
  assert_int_equal(ue->kind, N_UE);
  assert_string_equal(ue->a.text, "UE1.1");
  assert_string_equal(ue->label.text, "UE1 Réaliser");
  assert_string_equal(ue->n[0].text, "1");
  assert_string_equal(ue->n[1].text, "1");
  assert_string_equal(ue->n[2].text, "5");
  assert_string_equal(cite_at(ue->cites, 0), "§5-1");
  assert_int_equal(list_len(ue->body), 3);
  const Node *pr = ue->body;
  assert_int_equal(pr->kind, N_POLE);
  assert_int_equal(pr->op, PK_RESOURCES);
  assert_string_equal(pr->n[0].text, "60");
  assert_int_equal(list_len(pr->body), 4);
  assert_int_equal(nth(pr->body, 0)->kind, N_COEF);
  assert_string_equal(nth(pr->body, 0)->a.text, "R1.01");
  assert_string_equal(nth(pr->body, 0)->n[0].text, "42");
  assert_false(nth(pr->body, 0)->flag);
  assert_null(nth(pr->body, 0)->label.text);
  assert_string_equal(nth(pr->body, 2)->n[0].text, "6,5");
  assert_string_equal(nth(pr->body, 3)->a.text, "R1.12");
  assert_true(nth(pr->body, 3)->flag);
  assert_null(nth(pr->body, 3)->n[0].text);
  const Node *ps = pr->next;
  assert_int_equal(ps->op, PK_SAE);
  assert_string_equal(ps->n[0].text, "40");
  assert_int_equal(list_len(ps->body), 2);
  const Node *po = nth(ps->body, 1);
  assert_int_equal(po->kind, N_ONLY);
  assert_string_equal(po->body->a.text, "PF1");
  assert_true(po->body->flag);
  assert_string_equal(po->body->label.text, "Portfolio");
  const Node *uo = ps->next;
  assert_int_equal(uo->kind, N_ONLY);
  assert_string_equal(id_at(uo->ids, 0), "D");
  assert_int_equal(uo->body->kind, N_POLE);
  const Node *crypto = uo->body->body;
  assert_string_equal(crypto->a.text, "R3.09");
  assert_string_equal(crypto->n[0].text, "10");
  assert_string_equal(crypto->label.text, "Cryptographie");
  expect_loc(crypto->label.loc, 47, 43, 47, 58);
  assert_string_equal(cite_at(crypto->cites, 0), "§2");
  const Node *so = se->body->next;
  assert_int_equal(so->kind, N_ONLY);
  assert_int_equal(so->body->kind, N_UE);
  assert_string_equal(so->body->a.text, "UE1.2");
  assert_string_equal(so->body->n[2].text, "5");
  assert_null(so->body->body);

  /* marques: the three effects */
  assert_string_equal(item(p, 8)->a.text, "ABI");
  assert_string_equal(item(p, 8)->label.text, "absence injustifiée");
  assert_int_equal(item(p, 8)->op, ME_VALUE);
  assert_string_equal(item(p, 8)->n[0].text, "0");
  assert_string_equal(cite_at(item(p, 8)->cites, 0), "§2");
  assert_int_equal(item(p, 9)->op, ME_NEUTRAL);
  assert_null(item(p, 9)->n[0].text);
  assert_int_equal(item(p, 10)->op, ME_PENDING);
  assert_string_equal(item(p, 10)->label.text, "note en attente");

  /* calcul */
  const Node *ca = item(p, 11);
  assert_int_equal(list_len(ca->body), 5);
  assert_int_equal(nth(ca->body, 0)->kind, N_CALC);
  assert_int_equal(nth(ca->body, 0)->op, CI_EXACT);
  assert_string_equal(cite_at(nth(ca->body, 0)->cites, 0), "§5-1");
  assert_int_equal(nth(ca->body, 1)->op, CI_ROUND);
  assert_int_equal(nth(ca->body, 1)->op2, RM_NEAREST);
  assert_string_equal(nth(ca->body, 1)->n[0].text, "2");
  assert_int_equal(nth(ca->body, 2)->op, CI_ROUND);
  assert_int_equal(nth(ca->body, 2)->op2, RM_TRUNC);
  assert_string_equal(nth(ca->body, 2)->n[0].text, "3");
  assert_int_equal(nth(ca->body, 3)->op, CI_ROUND);
  assert_int_equal(nth(ca->body, 3)->op2, RM_UP);
  assert_string_equal(nth(ca->body, 3)->n[0].text, "1");
  assert_int_equal(nth(ca->body, 4)->op, CI_DISPLAY);
  assert_int_equal(nth(ca->body, 4)->op2, RM_UP);
  assert_string_equal(nth(ca->body, 4)->n[0].text, "2");

  /* validation: all six items */
  const Node *va = item(p, 12);
  assert_string_equal(cite_at(va->cites, 0), "§5");
  assert_int_equal(list_len(va->body), 6);
  const int vi[] = {VI_UE, VI_RCUE, VI_COMPENSATION, VI_LOWER, VI_STAGE, VI_BEST};
  for (int i = 0; i < 6; i++) {
    assert_int_equal(nth(va->body, i)->kind, N_VALID);
    assert_int_equal(nth(va->body, i)->op, vi[i]);
    if (i < 2) assert_non_null(nth(va->body, i)->lhs);
    else assert_null(nth(va->body, i)->lhs);
  }
  char *e = sx(nth(va->body, 0)->lhs);
  assert_string_equal(e, "(>= <moyenne> 10)");
  free(e);
  assert_string_equal(cite_at(nth(va->body, 0)->cites, 0), "§5-1");
  assert_string_equal(cite_at(nth(va->body, 5)->cites, 0), "§5-4");

  /* condition */
  const Node *co = item(p, 13);
  assert_string_equal(co->a.text, "passage");
  e = sx(co->lhs);
  assert_string_equal(e, "(et (> nombre(RCUE acquis) (/ nombre(RCUE) 2)) (>= min(RCUE) 8))");
  free(e);
  assert_string_equal(cite_at(co->cites, 0), "§5-3");

  /* décision, clauses, sinon */
  const Node *de = item(p, 14);
  assert_int_equal(cites_len(de->cites), 2);
  assert_string_equal(cite_at(de->cites, 1), "§5-4");
  assert_int_equal(list_len(de->body), 3);
  assert_int_equal(de->body->kind, N_CLAUSE);
  assert_string_equal(de->body->a.text, "ATT");
  e = sx(de->body->lhs);
  assert_string_equal(e, "(> nombre(RCUE en attente) 0)");
  free(e);
  e = sx(nth(de->body, 1)->lhs);
  assert_string_equal(e, "<redoublement possible>");
  free(e);
  assert_string_equal(nth(de->body, 2)->a.text, "NAR");
  assert_null(nth(de->body, 2)->lhs);
  assert_string_equal(cite_at(nth(de->body, 2)->cites, 0), "§5-3");

  /* redoublement */
  const Node *rd = item(p, 15);
  assert_int_equal(list_len(rd->body), 2);
  assert_int_equal(rd->body->kind, N_REPEAT_ITEM);
  assert_int_equal(rd->body->op, RI_PER_SEMESTER);
  assert_string_equal(rd->body->n[0].text, "1");
  assert_int_equal(rd->body->next->op, RI_TOTAL);
  assert_string_equal(rd->body->next->n[0].text, "4");
  assert_string_equal(cite_at(rd->body->next->cites, 0), "§9");

  /* diplôme */
  const Node *di = item(p, 16);
  assert_string_equal(di->a.text, "DUT");
  assert_string_equal(di->n[0].text, "120");
  e = sx(di->lhs);
  assert_string_equal(e, "tous(UE de S1..S4 acquis)");
  free(e);
  assert_string_equal(cite_at(di->cites, 0), "§5-5");

  /* codes jury */
  assert_string_equal(item(p, 17)->a.text, "ADJ");
  assert_string_equal(item(p, 17)->label.text, "admis par décision du jury");
  assert_true(item(p, 17)->flag);
  assert_string_equal(cite_at(item(p, 17)->cites, 0), "§4");
  assert_string_equal(item(p, 18)->a.text, "AJJ");
  assert_false(item(p, 18)->flag);

  /* disposition */
  const Node *dp = item(p, 19);
  assert_string_equal(cite_at(dp->cites, 0), "§6-3");
  assert_string_equal(dp->label.text, "Mobilité hybride");
  assert_int_equal(list_len(dp->body), 2);
  assert_int_equal(dp->body->kind, N_TEXT);
  assert_string_equal(dp->body->label.text, "Premier paragraphe.");
  assert_string_equal(dp->body->next->label.text, "Second « paragraphe ».");
  expect_loc(dp->end, 85, 1, 85, 2);
  parsed_free(p);
}

/* ---- expressions ---- */

static void test_expr_precedence(void **state) {
  (void)state;
  expect_expr("a ou b et c", "(ou a (et b c))");
  expect_expr("a et b ou c", "(ou (et a b) c)");
  expect_expr("a ou b ou c", "(ou (ou a b) c)");
  expect_expr("non a et b", "(et (non a) b)");
  expect_expr("non (a et b)", "(non [(et a b)])");
  expect_expr("1 + 2 * 3 = 7", "(= (+ 1 (* 2 3)) 7)");
  expect_expr("(1 + 2) * 3 = 9", "(= (* [(+ 1 2)] 3) 9)");
  expect_expr("1 - 2 - 3 < 0", "(< (- (- 1 2) 3) 0)");
  expect_expr("8 / 4 / 2 != 1", "(!= (/ (/ 8 4) 2) 1)");
  expect_expr("- 1 - 2 > -3", "(> (- (neg 1) 2) (neg 3))");
  expect_expr("niveau < 3 et a ou non b", "(ou (et (< <niveau> 3) a) (non b))");
  expect_expr("non niveau = 2", "(non (= <niveau> 2))");
  expect_expr("1 ≤ 2 et 2 ≥ 1 et 1 ≠ 2", "(et (et (<= 1 2) (>= 2 1)) (!= 1 2))");
  expect_expr("vrai ou faux", "(ou <vrai> <faux>)");
  expect_expr("((a))", "[[a]]");
}

static void test_expr_comparison_non_associative(void **state) {
  (void)state;
  Parsed *p = parse_str("condition c = 1 < 2 < 3\n"
                        "ECTS par semestre 30\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 21, "« < » inattendu");
  /* the condition is dropped, the next statement is kept */
  assert_int_equal(list_len(p->ast->root->body), 1);
  assert_int_equal(item(p, 0)->kind, N_ECTS_SEM);
  parsed_free(p);
  p = parse_str("condition c = 1 = 1 != 0\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 21, "« != » inattendu");
  parsed_free(p);
}

static void test_expr_sets(void **state) {
  (void)state;
  expect_expr("toutes(UE de S1 à S4 acquises)", "tous(UE de S1..S4 acquis)");
  expect_expr("toutes(UE de S1 S2 acquises)", "tous(UE de S1 S2 acquis)");
  expect_expr("tous(UE de S1, S2, S3 à S4)", "tous(UE de S1 S2 S3..S4)");
  expect_expr("nombre(RCUE non validés) = 0", "(= nombre(RCUE non acquis) 0)");
  expect_expr("nombre(RCUE en attente) > 0", "(> nombre(RCUE en attente) 0)");
  expect_expr("aucune(UE non acquises)", "aucun(UE non acquis)");
  expect_expr("aucun(RCUE)", "aucun(RCUE)");
  expect_expr("max(UE) < 20 et min(RCUE) >= 8", "(et (< max(UE) 20) (>= min(RCUE) 8))");
  expect_expr("nombre(RCUE validées) > nombre(RCUE) / 2",
              "(> nombre(RCUE acquis) (/ nombre(RCUE) 2))");
  /* the set nodes themselves */
  Parsed *p = parse_ok("condition c = toutes(UE de S1 à S4 acquises)\n");
  const Node *agg = item(p, 0)->lhs;
  assert_int_equal(agg->kind, N_AGG);
  assert_int_equal(agg->op, AG_ALL);
  const Node *set = agg->lhs;
  assert_int_equal(set->kind, N_SET);
  assert_int_equal(set->op, SK_UE);
  assert_int_equal(set->op2, SS_ACQUIRED);
  assert_int_equal(set->body->kind, N_SEMREF);
  assert_string_equal(set->body->a.text, "S1");
  assert_string_equal(set->body->b.text, "S4");
  assert_null(set->body->next);
  parsed_free(p);
  /* a set needs a kind */
  p = parse_str("condition c = nombre(S1)\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 22, "identifiant « S1 » inattendu");
  parsed_free(p);
}

static void test_expr_locations(void **state) {
  (void)state;
  Parsed *p = parse_ok("condition c = (a ou b) et niveau >= 2\n");
  const Node *e = item(p, 0)->lhs;
  assert_int_equal(e->kind, N_BINARY);
  expect_loc(e->loc, 1, 15, 1, 38);
  assert_int_equal(e->lhs->kind, N_PAREN);
  expect_loc(e->lhs->loc, 1, 15, 1, 23);
  expect_loc(e->rhs->loc, 1, 27, 1, 38);
  parsed_free(p);
}

/* ---- diagnostics ---- */

static void test_three_syntax_errors_one_run(void **state) {
  (void)state;
  Parsed *p = parse_str("règlement {\n"
                        "  spécialité 12\n"
                        "}\n"
                        "compétence 1 \"R\" {\n"
                        "  niveau x \"N1\"\n"
                        "  niveau 2 \"N2\"\n"
                        "}\n"
                        "ECTS par semestre trente\n"
                        "ECTS par semestre 30\n");
  assert_int_equal(p->d.nerr, 3);
  assert_int_equal(p->d.n, 3);
  const Diag *g = expect_error(p, 0, 2, 14, "nombre 12 inattendu");
  expect_note(g, "attendu : « libellé »");
  g = expect_error(p, 1, 5, 10, "identifiant « x » inattendu");
  expect_note(g, "attendu : « valeur numérique »");
  expect_error(p, 2, 8, 19, "identifiant « trente » inattendu");
  /* what is right is kept */
  assert_int_equal(list_len(p->ast->root->body), 3);
  assert_int_equal(item(p, 0)->kind, N_REGLEMENT);
  assert_null(item(p, 0)->body);
  assert_int_equal(list_len(item(p, 1)->body), 1);
  assert_string_equal(item(p, 1)->body->label.text, "N2");
  assert_string_equal(item(p, 2)->n[0].text, "30");
  parsed_free(p);
}

static void test_recovery_skips_rest_of_statement(void **state) {
  (void)state;
  /* the rest of the line and the block it opens are dropped */
  Parsed *p = parse_str("semestre S1 {\n"
                        "  UE1.1 \"x\" comp 1 niveau 1, 5 ECTS {\n"
                        "    ressources 60 { R1.01 42 }\n"
                        "    SAÉ 40 { SAE1.01 oops }\n"
                        "  }\n"
                        "  UE1.2 \"y\" compétence 1 niveau 1, 5 ECTS { }\n"
                        "}\n"
                        "ECTS par semestre x 12 { 1 2 } 13\n"
                        "ECTS par semestre 30\n");
  assert_int_equal(p->d.nerr, 2);
  const Diag *g = expect_error(p, 0, 2, 13, "identifiant « comp » inattendu");
  expect_note(g, "attendu : « compétence »");
  expect_error(p, 1, 8, 19, "identifiant « x » inattendu");
  assert_int_equal(list_len(p->ast->root->body), 2);
  const Node *s = item(p, 0);
  assert_int_equal(list_len(s->body), 1);
  assert_string_equal(s->body->a.text, "UE1.2");
  assert_string_equal(item(p, 1)->n[0].text, "30");
  parsed_free(p);
}

static void test_recovery_second_error_line_reported(void **state) {
  (void)state;
  /* Fixed (was BUG): when a syntax error is on the first token of a line, the parser keeps
  ** that token as the start of the next statement but never calls yyerrok, so
  ** bison stays in its 3-token silent recovery: an error on the very next line
  ** is swallowed without a message (one run does not report every error).
  ** Reproduction: printf 'compétence 1 "R" {\n  nivo 1 "N1"\n  nivo 2 "N2"\n}\n'
  ** gives only the error at 2:3, none at 3:3; likewise
  ** printf 'semestr S1 { }\ncompetense 1 "x" { }\n' reports line 1 only. */
  
  Parsed *p = parse_str("compétence 1 \"R\" {\n"
                        "  nivo 1 \"N1\"\n"
                        "  nivo 2 \"N2\"\n"
                        "}\n");
  assert_int_equal(p->d.nerr, 2);
  expect_error(p, 0, 2, 3, "identifiant « nivo » inattendu");
  expect_error(p, 1, 3, 3, "identifiant « nivo » inattendu");
  parsed_free(p);
  p = parse_str("semestr S1 { }\ncompetense 1 \"x\" { }\n");
  assert_int_equal(p->d.nerr, 2);
  expect_error(p, 1, 2, 1, "identifiant « competense » inattendu");
  parsed_free(p);
}

static void test_recovery_keeps_statement_before_error(void **state) {
  (void)state;
  /* Known limitation, skipped on purpose: parse.lac buys exact "attendu : …"
  ** lists at this price, and the tree of a file with a syntax error is never
  ** used (check, eval and fmt refuse such a file). Original report:
  ** a complete statement (they all end with optional citations) followed
  ** by a syntax error is dropped from the AST: with parse.lac the error is
  ** detected before the statement's default reduction, and recovery pops it.
  ** Reproduction: printf 'ECTS par semestre 1\nsemestr S1\nECTS par semestre 3\n'
  ** → the tree holds only "ECTS par semestre 3"; in a block,
  ** printf 'compétence 1 "R" {\n  niveau 1 "N1"\n  nivo 2 "N2"\n}\n' → the
  ** competence has no level; 'ECTS par semestre 30 ; 31' → empty tree. */
  skip();
  Parsed *p = parse_str("ECTS par semestre 1\nsemestr S1\nECTS par semestre 3\n");
  assert_int_equal(p->d.nerr, 1);
  assert_int_equal(list_len(p->ast->root->body), 2);
  assert_string_equal(item(p, 0)->n[0].text, "1");
  parsed_free(p);
  p = parse_str("compétence 1 \"R\" {\n  niveau 1 \"N1\"\n  nivo 2 \"N2\"\n}\n");
  assert_int_equal(p->d.nerr, 1);
  assert_int_equal(list_len(item(p, 0)->body), 1);
  parsed_free(p);
}

static void test_misspelt_keyword_suggestion(void **state) {
  (void)state;
  Parsed *p = parse_str("semestr S1 { }\n");
  assert_int_equal(p->d.nerr, 1);
  const Diag *g = expect_error(p, 0, 1, 1, "identifiant « semestr » inattendu");
  expect_note(g, "vouliez-vous dire « semestre » ?");
  parsed_free(p);

  p = parse_str("competense 1 \"Réaliser\" { }\n");
  assert_int_equal(p->d.nerr, 1);
  g = expect_error(p, 0, 1, 1, "identifiant « competense » inattendu");
  expect_note(g, "vouliez-vous dire « compétence » ?");
  parsed_free(p);

  /* inside a block: only the keywords expected there are candidates */
  p = parse_str("semestre S1 {\n  UE1.1 \"x\" competense 1 niveau 1, 5 ECTS { }\n}\n");
  assert_int_equal(p->d.nerr, 1);
  g = expect_error(p, 0, 2, 13, "identifiant « competense » inattendu");
  expect_note(g, "vouliez-vous dire « compétence » ?");
  parsed_free(p);

  p = parse_str("validation {\n  compensasion\n}\n");
  assert_int_equal(p->d.nerr, 1);
  g = expect_error(p, 0, 2, 3, "identifiant « compensasion » inattendu");
  expect_note(g, "vouliez-vous dire « compensation » ?");
  parsed_free(p);

  /* a word far from every keyword gets no suggestion */
  p = parse_str("zzzzzz S1 { }\n");
  assert_int_equal(p->d.nerr, 1);
  g = expect_error(p, 0, 1, 1, "identifiant « zzzzzz » inattendu");
  assert_true(g->note == NULL || strstr(g->note, "vouliez-vous dire") == NULL);
  parsed_free(p);
}

static void test_keyword_for_keyword_suggestion(void **state) {
  (void)state;
  /* Fixed: a misspelling that is itself a keyword (singular for plural) got
  ** no "vouliez-vous dire": only an identifier was compared. */
  Parsed *p = parse_str("semestres S1 { }\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 1, 1, "« semestres » inattendu",
               "attendu : « fin du fichier », « règlement », « année », « ECTS », « semestre », « compétence », "
               "« parcours », « enseignements », « marque », « calcul », « validation », « condition », "
               "… (18 possibilités)\nvouliez-vous dire « semestre » ?");
  parsed_free(p);

  p = parse_str("semestre S1 {\n"
                "  UE1.1 \"x\" compétence 1 niveau 1, 5 ECTS {\n"
                "    ressource 60 { R1.01 42 }\n"
                "  }\n"
                "}\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 3, 5, "« ressource » inattendu",
               "attendu : « parcours », « ressources », « SAÉ » ou « } »\nvouliez-vous dire « ressources » ?");
  parsed_free(p);

  p = parse_str("enseignements S1 {\n  ressource R1.01 \"Init\" CM 30 total 30 compétence 1 2\n}\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 2, 41, "« compétence » inattendu",
               "attendu : « citation », « compétences », « parcours », « ressource », « SAÉ », « portfolio », "
               "« stage », « CM », « TD », « TP », « projet », « total », … (14 possibilités)\n"
               "vouliez-vous dire « compétences » ?");
  parsed_free(p);

  /* found as written (unaccented), compared without accents */
  p = parse_str("validation {\n  niveau inferieurs\n}\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 2, 3, "« niveau » inattendu",
               "attendu : « niveaux », « RCUE », « UE », « stage », « compensation », « capitalisation » ou « } »\n"
               "vouliez-vous dire « niveaux » ?");
  parsed_free(p);

  /* short keywords are not corrected into one another (`et` is not `en`) */
  p = parse_str("condition e = tous(RCUE et)\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 1, 25, "« et » inattendu", "attendu : « en », « acquis », « non », « de » ou « ) »");
  parsed_free(p);
}

static void test_recovery_statement_keyword_out_of_place(void **state) {
  (void)state;
  /* Fixed: a keyword that begins statements elsewhere (`ressource`, of an
  ** Annexe 2 row) met between two statements of a UE was kept as the start of
  ** the next one, rejected again in silence, and its block threw the parser
  ** out of step: the later error (`semestres S2`) was never reported. */
  Parsed *p = parse_str("semestre S1 {\n"
                        "  UE1.1 \"x\" compétence 1 niveau 1, 5 ECTS {\n"
                        "    ressource 60 { R1.01 42 }\n"
                        "    SAÉ 40 { SAE1.01 40 }\n"
                        "  }\n"
                        "}\n"
                        "semestres S2 { }\n"
                        "ECTS par semestre 30\n");
  assert_int_equal(p->d.nerr, 2);
  expect_error(p, 0, 3, 5, "« ressource » inattendu");
  expect_error(p, 1, 7, 1, "« semestres » inattendu");
  /* what follows each error is read */
  const Node *ue = item(p, 0)->body;
  assert_int_equal(list_len(ue->body), 1);
  assert_int_equal(ue->body->op, PK_SAE);
  assert_string_equal(item(p, 1)->n[0].text, "30");
  parsed_free(p);

  /* but a statement of the enclosing block after a missing '}' (no keyword
  ** of this block is near it) is still kept: one error, no cascade */
  p = parse_str("semestre S1 {\n"
                "  UE1.1 \"x\" compétence 1 niveau 1, 5 ECTS {\n"
                "    ressources 60 { R1.01 42\n"
                "    SAÉ 40 { SAE1.01 40 }\n"
                "  }\n"
                "}\n"
                "semestre S2 { }\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 4, 5, "« SAÉ » inattendu",
               "attendu : « identifiant », « libellé », « citation », « parcours » ou « } »");
  parsed_free(p);
}

static void test_suggestion_among_all_spellings(void **state) {
  (void)state;
  /* Fixed: « acquis » was the only candidate for KW_ACQUIS, too far from
  ** `valdés`; every spelling counts and the closest is shown. */
  Parsed *p = parse_str("condition c = tous(RCUE valdés)\ncondition d = toutes(UE aquises)\n");
  assert_int_equal(p->d.nerr, 2);
  expect_whole(p, 0, 1, 25, "identifiant « valdés » inattendu",
               "attendu : « en », « acquis », « non », « de » ou « ) »\nvouliez-vous dire « validés » ?");
  expect_whole(p, 1, 2, 25, "identifiant « aquises » inattendu",
               "attendu : « en », « acquis », « non », « de » ou « ) »\nvouliez-vous dire « acquises » ?");
  parsed_free(p);
}

static void test_unaccented_a(void **state) {
  (void)state;
  /* Fixed: `a` for `à` gave a syntax error after `arrondies` and was read
  ** as a semester in `UE de S1 a S4` (sema: semestre inconnu « a »). */
  Parsed *a = parse_ok("calcul { moyennes arrondies à 2 décimales tronquées }\n"
                       "condition c = toutes(UE de S1 à S4 acquises) et nombre(UE de S1 à S2, S5 à S6) > 0\n");
  Parsed *b = parse_ok("calcul { moyennes arrondies a 2 décimales tronquées }\n"
                       "condition c = toutes(UE de S1 a S4 acquises) et nombre(UE de S1 a S2, S5 a S6) > 0\n");
  char *da = dump(a->ast->root), *db = dump(b->ast->root);
  assert_string_equal(da, db);
  assert_non_null(strstr(da, "op=arrondies op2=tronquées n0=2"));
  free(da);
  free(db);
  parsed_free(a);
  parsed_free(b);
  /* elsewhere `a` is an identifier */
  Parsed *p = parse_ok("condition a = vrai\n"
                       "condition b = a et toutes(UE de S1 S2) et a\n"
                       "décision { ADM si a NAR sinon }\n");
  assert_string_equal(item(p, 0)->a.text, "a");
  char *e = sx(item(p, 1)->lhs);
  assert_non_null(strstr(e, "a"));
  free(e);
  assert_string_equal(item(p, 2)->body->lhs->a.text, "a");
  parsed_free(p);
  /* in a list of semesters `a` is always `à`, never a semester's name */
  p = parse_str("condition c = toutes(UE de S1, a S4)\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 1, 32, "« a » inattendu",
               "attendu : « identifiant »\ndans une liste de semestres, « a » se lit « à » : « UE de S1 à S4 »");
  parsed_free(p);
  /* where `à` cannot come, `a` stays an identifier, with the suggestion */
  p = parse_str("calcul { moyennes a 2 décimales tronquées }\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 1, 19, "identifiant « a » inattendu", "attendu : « exactes » ou « arrondies »");
  parsed_free(p);
}

static void test_decimal_comma_in_list(void **state) {
  (void)state;
  /* Fixed: `niveau 1,5 ECTS` (1,5 read as one decimal number) only listed
  ** « , » as expected, with the caret on ECTS. */
  Parsed *p = parse_str("semestre S1 {\n  UE1.1 \"x\" compétence 1 niveau 1,5 ECTS { }\n}\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 2, 37, "« ECTS » inattendu",
               "attendu : « valeur numérique » ou « , »\n"
               "« 1,5 » se lit 1,5 (un nombre décimal) ; pour une liste, écrivez « 1, 5 »");
  parsed_free(p);
  /* the number may end the line before (a comment after it) */
  p = parse_str("semestre S1 {\n  UE1.1 \"x\" compétence 1 niveau 2,10 # crédits\n    ECTS { }\n}\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 3, 5, "« ECTS » inattendu",
               "attendu : « valeur numérique » ou « , »\n"
               "l’instruction qui se termine ligne 2 est-elle incomplète ?\n"
               "« 2,10 » se lit 2,10 (un nombre décimal) ; pour une liste, écrivez « 2, 10 »");
  parsed_free(p);
  /* a decimal point, or a number where no list goes on: no such note */
  p = parse_str("semestre S1 {\n  UE1.1 \"x\" compétence 1 niveau 1.5 ECTS { }\n}\nECTS par semestre 2,5 3\n");
  assert_int_equal(p->d.nerr, 2);
  expect_whole(p, 0, 2, 37, "« ECTS » inattendu", "attendu : « valeur numérique » ou « , »");
  expect_error(p, 1, 4, 23, "nombre 3 inattendu");
  assert_null(strstr(p->d.v[1].note, "nombre décimal"));
  parsed_free(p);
}

static void test_recovery_skips_continuation_lines(void **state) {
  (void)state;
  /* Fixed: after an error in a statement written over several lines, each
  ** continuation line (`et …`) was reported as a second, false error. */
  Parsed *p = parse_str("décision {\n"
                        "  ADM  si tous(RCUE valdés)\n"
                        "    et (niveau != 2 ou e)\n"
                        "    ou non f\n"
                        "  PASD si niveau < 3 et\n"
                        "    passage\n"
                        "  NAR sinon\n"
                        "}\n");
  assert_int_equal(p->d.nerr, 1);
  expect_whole(p, 0, 2, 21, "identifiant « valdés » inattendu",
               "attendu : « en », « acquis », « non », « de » ou « ) »\nvouliez-vous dire « validés » ?");
  const Node *d = item(p, 0);
  assert_int_equal(list_len(d->body), 2);
  assert_string_equal(nth(d->body, 0)->a.text, "PASD");
  assert_string_equal(nth(d->body, 1)->a.text, "NAR");
  parsed_free(p);

  /* a new statement after the continuation is parsed, and its error reported:
  ** after a line ending with `et`, after a '(' left open */
  p = parse_str("décision {\n"
                "  ADM  si tous(RCUE valdés) et\n"
                "    entrée_S5\n"
                "  PASD si niveau < 3 et (passage xx\n"
                "    12 = 3)\n"
                "  RED  si redoublement posible\n"
                "    ou faux\n"
                "  NAR sinon\n"
                "}\n");
  assert_int_equal(p->d.nerr, 3);
  expect_error(p, 0, 2, 21, "identifiant « valdés » inattendu");
  expect_error(p, 1, 4, 34, "identifiant « xx » inattendu");
  expect_whole(p, 2, 6, 24, "identifiant « posible » inattendu",
               "attendu : « possible »\nvouliez-vous dire « possible » ?");
  assert_int_equal(list_len(item(p, 0)->body), 1);
  parsed_free(p);

  /* a coefficient entry ending with `-` does not continue on the next line */
  p = parse_str("semestre S1 {\n"
                "  UE1.1 \"x\" compétence 1 niveau 1, 5 ECTS {\n"
                "    ressources 60 {\n"
                "      R1.01 douze  R1.12 -\n"
                "      R1.02 treize\n"
                "    }\n"
                "  }\n"
                "}\n");
  assert_int_equal(p->d.nerr, 2);
  expect_error(p, 0, 4, 13, "identifiant « douze » inattendu");
  expect_error(p, 1, 5, 13, "identifiant « treize » inattendu");
  parsed_free(p);
}

static void test_nbsp_outside_strings(void **state) {
  (void)state;
  Parsed *p = parse_str("ECTS par semestre 30\xC2\xA0§1\n"
                        "année 1 semestres S1 S2 {\n"
                        "  RCUE compétence 1\xE2\x80\xAF: UE1.1 + UE2.1\n"
                        "}\n"
                        "marque ABI \"a\xC2\xA0" "b\xE2\x80\xAF" "c\" vaut 0 # d\xC2\xA0" "e\n");
  assert_int_equal(p->d.nerr, 2);
  const Diag *g = expect_error(p, 0, 1, 21, "espace insécable (U+00A0) hors d’un libellé");
  expect_note(g, "espaces ordinaires");
  expect_error(p, 1, 3, 20, "espace insécable (U+202F) hors d’un libellé");
  /* the space is skipped: everything parses */
  assert_int_equal(list_len(p->ast->root->body), 3);
  assert_string_equal(cite_at(item(p, 0)->cites, 0), "§1");
  assert_string_equal(item(p, 1)->body->b.text, "UE2.1");
  assert_string_equal(item(p, 2)->label.text, "a\xC2\xA0" "b\xE2\x80\xAF" "c");
  parsed_free(p);
}

static void test_typographic_quotes(void **state) {
  (void)state;
  Parsed *p = parse_str("marque ABI « absence » vaut 0\n"
                        "marque EXC “excusé” neutralisée\n"
                        "ECTS par semestre 30\n");
  assert_int_equal(p->d.nerr, 2);
  const Diag *g = expect_error(p, 0, 1, 12, "libellé entre guillemets typographiques");
  expect_note(g, "guillemets droits");
  expect_error(p, 1, 2, 12, "libellé entre guillemets typographiques");
  /* the text inside is taken as the label, so parsing goes on */
  assert_int_equal(list_len(p->ast->root->body), 3);
  assert_string_equal(item(p, 0)->label.text, " absence ");
  assert_string_equal(item(p, 1)->label.text, "excusé");
  assert_int_equal(item(p, 1)->op, ME_NEUTRAL);
  parsed_free(p);
}

static void test_unterminated_string(void **state) {
  (void)state;
  Parsed *p = parse_str("règlement {\n"
                        "  spécialité \"BUT Info\n"
                        "  établissement \"IUT\"\n"
                        "}\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 2, 14, "libellé non terminé");
  /* the string stops at the end of its line */
  const Node *r = item(p, 0);
  assert_int_equal(list_len(r->body), 2);
  assert_string_equal(r->body->label.text, "BUT Info");
  assert_string_equal(r->body->next->label.text, "IUT");
  parsed_free(p);
  /* at the very end of the file */
  p = parse_str("marque ABI \"abs");
  assert_true(p->d.nerr >= 1);
  expect_error(p, 0, 1, 12, "libellé non terminé");
  parsed_free(p);
}

static void test_invalid_utf8_once_per_line(void **state) {
  (void)state;
  Parsed *p = parse_str("ECTS par semestre 30 \xE9 \xE9\xE8\n"
                        "ECTS par semestre 31\n"
                        "\xE9 ECTS par semestre 32\n");
  assert_int_equal(p->d.nerr, 2);
  const Diag *g = expect_error(p, 0, 1, 22, "octet 0xE9 invalide en UTF-8");
  expect_note(g, "Windows-1252");
  expect_error(p, 1, 3, 1, "octet 0xE9 invalide en UTF-8");
  assert_int_equal(list_len(p->ast->root->body), 3);
  parsed_free(p);
  /* a truncated sequence and a lone continuation byte */
  p = parse_str("ECTS par semestre 30 \xC3\n\x80\n");
  assert_int_equal(p->d.nerr, 2);
  expect_error(p, 0, 1, 22, "octet 0xC3 invalide");
  expect_error(p, 1, 2, 1, "octet 0x80 invalide");
  parsed_free(p);
}

static void test_invalid_utf8_in_string(void **state) {
  (void)state;
  /* Fixed (was BUG): an invalid UTF-8 byte inside a "…" label is accepted silently: the
  ** string rule takes any byte. A Windows-1252 file written with the
  ** unaccented keyword aliases parses without a single error, and the label
  ** keeps the raw byte (later printed or written to JSON as invalid UTF-8).
  ** Reproduction: printf 'competence 1 "R\xe9aliser" { niveau 1 "N" }\n' >
  ** t.mccc; the parse reports nothing. */
  
  Parsed *p = parse_str("competence 1 \"R\xE9" "aliser\" { niveau 1 \"N\" }\n");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 16, "octet 0xE9 invalide en UTF-8");
  parsed_free(p);
}

static void test_nul_byte(void **state) {
  (void)state;
  static const char text[] = "ECTS par semestre 30\n\0\nECTS par semestre 31 \0\n";
  Parsed *p = parse_mem(text, sizeof text - 1);
  assert_int_equal(p->d.nerr, 2);
  expect_error(p, 0, 2, 1, "octet nul (0x00) dans le fichier");
  expect_error(p, 1, 3, 22, "octet nul (0x00) dans le fichier");
  assert_int_equal(list_len(p->ast->root->body), 2);
  assert_string_equal(item(p, 1)->n[0].text, "31");
  parsed_free(p);
}

static void test_nul_byte_in_string(void **state) {
  (void)state;
  /* Fixed (was BUG): a NUL byte inside a "…" label is accepted silently and cuts the
  ** label (it is stored as a C string): "a\0b" becomes "a" with no error,
  ** whereas a NUL outside a string is reported. Reproduction:
  ** printf 'marque ABI "a\0b" vaut 0\n' > t.mccc → no error, label "a". */
  
  static const char text[] = "marque ABI \"a\0b\" vaut 0\n";
  Parsed *p = parse_mem(text, sizeof text - 1);
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 14, "octet nul");
  parsed_free(p);
}

static void test_unknown_escape(void **state) {
  (void)state;
  Parsed *p = parse_str("marque ABI \"a\\qb\" vaut 0\n"
                        "marque EXC \"x\\ny\" neutralisée\n");
  assert_int_equal(p->d.nerr, 2);
  const Diag *g = expect_error(p, 0, 1, 14, "séquence d’échappement inconnue « \\q » dans un libellé");
  expect_note(g, "seuls \\\" (guillemet) et \\\\");
  expect_error(p, 1, 2, 14, "séquence d’échappement inconnue « \\n »");
  assert_int_equal(list_len(p->ast->root->body), 2);
  assert_string_equal(item(p, 0)->label.text, "aqb");
  parsed_free(p);
}

static void test_other_bad_characters(void **state) {
  (void)state;
  Parsed *p = parse_str("ECTS par semestre 30\n"
                        "; \x01\n"
                        "marque X 'y' vaut 0\n");
  assert_true(p->d.nerr >= 3);
  const Diag *g = expect_error(p, 0, 2, 1, "caractère « ; » inattendu");
  expect_note(g, "le « ; » n’a pas de rôle");
  expect_error(p, 1, 2, 3, "caractère de contrôle 0x01 inattendu");
  g = expect_error(p, 2, 3, 10, "caractère « ' » inattendu");
  expect_note(g, "guillemets droits");
  parsed_free(p);
  /* a typographic apostrophe outside a string */
  p = parse_str("ECTS par semestre 30 l’an\n");
  assert_true(p->d.nerr >= 1);
  assert_int_equal(count_msgs(p, "caractère « ’ » inattendu hors d’un libellé"), 1);
  parsed_free(p);
}

static void test_error_at_end_of_file(void **state) {
  (void)state;
  Parsed *p = parse_str("règlement {\n  spécialité \"x\"\n");
  assert_int_equal(p->d.nerr, 1);
  const Diag *g = expect_error(p, 0, 2, 17, "fin du fichier inattendu");
  expect_note(g, "« } »");
  /* the block read so far is kept */
  parsed_free(p);
  p = parse_str("ECTS par semestre\n");
  assert_int_equal(p->d.nerr, 1);
  g = expect_error(p, 0, 1, 18, "fin du fichier inattendu");
  expect_note(g, "attendu : « valeur numérique »");
  parsed_free(p);
  p = parse_str("condition c = 1 <\n\n\n");
  assert_int_equal(p->d.nerr, 1);
  g = expect_error(p, 0, 1, 18, "fin du fichier inattendu");
  expect_note(g, "attendu : une expression");
  parsed_free(p);
}

static void test_error_at_end_of_file_without_newline(void **state) {
  (void)state;
  /* Fixed (was BUG): when the file does not end with a line end, the "fin du fichier"
  ** error points at the START of the last token (the location bison keeps
  ** from it) instead of the end of the line, as it does when a final "\n"
  ** follows. Reproduction: printf 'ECTS par semestre' > t.mccc →
  ** t.mccc:1:10 (under "semestre"); with a final newline → t.mccc:1:18. */
  
  Parsed *p = parse_str("ECTS par semestre");
  assert_int_equal(p->d.nerr, 1);
  expect_error(p, 0, 1, 18, "fin du fichier inattendu");
  parsed_free(p);
}

static void test_empty_file(void **state) {
  (void)state;
  const char *empties[] = {"", "\n\n", "   \t\r\n", "# seulement un commentaire\n", "\xEF\xBB\xBF"};
  for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
    Parsed *p = parse_ok(empties[i]);
    assert_int_equal(p->ast->root->kind, N_FILE);
    assert_null(p->ast->root->body);
    assert_int_equal(p->d.nerr, 0);
    assert_int_equal(p->d.nwarn, 0);
    char *d = dump(p->ast->root);
    assert_string_equal(d, "(file\n)\n");
    free(d);
    parsed_free(p);
  }
}

/* ---- pathological inputs ---- */

static char *repeat_str(const char *s, int n, const char *prefix, const char *suffix) {
  size_t ls = strlen(s), lp = strlen(prefix), lx = strlen(suffix);
  char *b = malloc(lp + ls * (size_t)n + lx + 1);
  assert_non_null(b);
  memcpy(b, prefix, lp);
  for (int i = 0; i < n; i++) memcpy(b + lp + ls * (size_t)i, s, ls);
  memcpy(b + lp + ls * (size_t)n, suffix, lx + 1);
  return b;
}

static void test_many_unmatched_braces(void **state) {
  (void)state;
  const char *unit[] = {"{", "}", "{\n", "}\n"};
  for (int k = 0; k < 4; k++) {
    char *t = repeat_str(unit[k], 1000, "", "\nECTS par semestre 30\n");
    Parsed *p = parse_str(t);
    assert_true(p->d.nerr >= 1);
    assert_true(p->d.nerr <= 1000);
    check_locs_sane(p);
    expect_error(p, 0, 1, 1, "inattendu");
    parsed_free(p);
    free(t);
  }
  /* inside a block */
  char *t = repeat_str("{", 1000, "semestre S1 ", "\n");
  Parsed *p = parse_str(t);
  assert_true(p->d.nerr >= 1);
  expect_error(p, 0, 1, 14, "« { » inattendu");
  check_locs_sane(p);
  parsed_free(p);
  free(t);
  t = repeat_str("}\n", 1000, "semestre S1 {\n", "");
  p = parse_str(t);
  assert_true(p->d.nerr >= 1);
  expect_error(p, 0, 3, 1, "« } » inattendu");
  assert_int_equal(p->ast->root->body->kind, N_SEMESTER);
  parsed_free(p);
  free(t);
}

static void test_huge_identifier(void **state) {
  (void)state;
  char *t = repeat_str("a", 100000, "", "\nECTS par semestre 30\n");
  Parsed *p = parse_str(t);
  assert_int_equal(p->d.nerr, 1);
  const Diag *g = expect_error(p, 0, 1, 1, "identifiant « aaaa");
  /* the message quotes a bounded prefix, not 100 KB */
  assert_true(strlen(g->msg) < 200);
  assert_int_equal(g->loc.last_column, 100001);
  parsed_free(p);
  free(t);
  /* as a value where an identifier is expected */
  t = repeat_str("b", 100000, "marque ", " \"x\" vaut 0\n");
  p = parse_ok(t);
  assert_int_equal(strlen(item(p, 0)->a.text), 100000);
  parsed_free(p);
  free(t);
}

static void test_deeply_nested_parentheses(void **state) {
  (void)state;
  /* 100 levels parse */
  char *open = repeat_str("(", 100, "condition c = ", "vrai");
  char *t = repeat_str(")", 100, open, "\n");
  Parsed *p = parse_ok(t);
  const Node *e = item(p, 0)->lhs;
  int depth = 0;
  while (e->kind == N_PAREN) {
    e = e->lhs;
    depth++;
  }
  assert_int_equal(depth, 100);
  assert_int_equal(e->kind, N_BUILTIN);
  parsed_free(p);
  free(open);
  free(t);
  /* 10,000 levels exceed bison's stack: reported as an error, no crash */
  open = repeat_str("(", 10000, "condition c = ", "1");
  t = repeat_str(")", 10000, open, "\n");
  p = parse_str(t);
  assert_true(p->d.nerr >= 1);
  assert_int_equal(count_msgs(p, "imbrication trop profonde"), 1);
  check_locs_sane(p);
  assert_int_equal(p->ast->root->kind, N_FILE);
  parsed_free(p);
  free(open);
  free(t);
}

/* A fixed-seed generator (xorshift64*), so that failures reproduce. */
static uint64_t rng_state;
static uint64_t rng(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ull;
}

static void test_random_bytes(void **state) {
  (void)state;
  rng_state = 0x9E3779B97F4A7C15ull;
  /* bytes biased towards what the scanner cares about */
  static const char interesting[] = "{}()\":,+-*/=<>!#\\\n\r\t §0123456789aeéSUR.";
  long total_errors = 0;
  int with_errors = 0;
  for (int iter = 0; iter < 3000; iter++) {
    unsigned char buf[200];
    for (size_t i = 0; i < sizeof buf; i++) {
      uint64_t r = rng();
      buf[i] = (r & 3) ? (unsigned char)(r >> 8) : (unsigned char)interesting[(r >> 8) % (sizeof interesting - 1)];
    }
    Parsed *p = parse_mem((const char *)buf, sizeof buf);
    check_locs_sane(p);
    total_errors += p->d.nerr;
    if (p->d.nerr) with_errors++;
    /* every diagnostic is an error and has a message */
    assert_int_equal((int)p->d.n, p->d.nerr);
    char *d = dump(p->ast->root);
    assert_non_null(d);
    free(d);
    parsed_free(p);
  }
  /* random bytes are (nearly) never a valid rules file */
  assert_true(with_errors >= 2990);
  assert_true(total_errors >= 3000);
}

static void test_random_token_soup(void **state) {
  (void)state;
  rng_state = 42;
  static const char *const words[] = {
    "règlement", "{", "}", "(", ")", ":", ",", "+", "-", "*", "/", "=", "!=", "<", ">=", "≤",
    "compétence", "niveau", "parcours", "année", "semestres", "semestre", "RCUE", "UE",
    "enseignements", "ressource", "SAÉ", "totaux", "TD", "total", "compétences", "ressources",
    "ECTS", "par", "marque", "vaut", "en", "attente", "calcul", "moyennes", "arrondies", "à",
    "décimales", "validation", "acquise", "si", "sinon", "condition", "décision", "et", "ou",
    "non", "nombre", "toutes", "de", "diplôme", "code", "jury", "disposition", "redoublement",
    "possible", "moyenne", "1", "2,5", "S1", "UE1.1", "R1.01", "\"x\"", "§5-3", "Annexe 3",
    "2025-2026", "2025-03-25", "\n", "\n", "# c\n", "\xC2\xA0", "«a»", "\"open\n", "\xE9",
  };
  const size_t nw = sizeof words / sizeof words[0];
  for (int iter = 0; iter < 2000; iter++) {
    char buf[2048];
    size_t o = 0;
    int n = 5 + (int)(rng() % 60);
    for (int k = 0; k < n; k++) {
      const char *w = words[rng() % nw];
      size_t l = strlen(w);
      if (o + l + 2 >= sizeof buf) break;
      memcpy(buf + o, w, l);
      o += l;
      buf[o++] = ' ';
    }
    Parsed *p = parse_mem(buf, o);
    check_locs_sane(p);
    parsed_free(p);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_numbers_kept_as_written),
    cmocka_unit_test(test_comma_in_lists_and_decimals),
    cmocka_unit_test(test_years_and_dates),
    cmocka_unit_test(test_citations_normalised),
    cmocka_unit_test(test_string_escapes),
    cmocka_unit_test(test_unaccented_aliases_same_ast),
    cmocka_unit_test(test_keywords_are_lower_case),
    cmocka_unit_test(test_bom_skipped),
    cmocka_unit_test(test_bom_error_column),
    cmocka_unit_test(test_crlf_line_ends),
    cmocka_unit_test(test_comments_recorded),
    cmocka_unit_test(test_every_construct),
    cmocka_unit_test(test_expr_precedence),
    cmocka_unit_test(test_expr_comparison_non_associative),
    cmocka_unit_test(test_expr_sets),
    cmocka_unit_test(test_expr_locations),
    cmocka_unit_test(test_three_syntax_errors_one_run),
    cmocka_unit_test(test_recovery_skips_rest_of_statement),
    cmocka_unit_test(test_recovery_second_error_line_reported),
    cmocka_unit_test(test_recovery_keeps_statement_before_error),
    cmocka_unit_test(test_misspelt_keyword_suggestion),
    cmocka_unit_test(test_keyword_for_keyword_suggestion),
    cmocka_unit_test(test_recovery_statement_keyword_out_of_place),
    cmocka_unit_test(test_suggestion_among_all_spellings),
    cmocka_unit_test(test_unaccented_a),
    cmocka_unit_test(test_decimal_comma_in_list),
    cmocka_unit_test(test_recovery_skips_continuation_lines),
    cmocka_unit_test(test_nbsp_outside_strings),
    cmocka_unit_test(test_typographic_quotes),
    cmocka_unit_test(test_unterminated_string),
    cmocka_unit_test(test_invalid_utf8_once_per_line),
    cmocka_unit_test(test_invalid_utf8_in_string),
    cmocka_unit_test(test_nul_byte),
    cmocka_unit_test(test_nul_byte_in_string),
    cmocka_unit_test(test_unknown_escape),
    cmocka_unit_test(test_other_bad_characters),
    cmocka_unit_test(test_error_at_end_of_file),
    cmocka_unit_test(test_error_at_end_of_file_without_newline),
    cmocka_unit_test(test_empty_file),
    cmocka_unit_test(test_many_unmatched_braces),
    cmocka_unit_test(test_huge_identifier),
    cmocka_unit_test(test_deeply_nested_parentheses),
    cmocka_unit_test(test_random_bytes),
    cmocka_unit_test(test_random_token_soup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
