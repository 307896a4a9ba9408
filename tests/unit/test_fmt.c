/* Unit tests for src/fmt.c: the canonical formatter.
**
** Properties checked on every input: it parses without error, the output
** parses to the same AST (ast_dump equal), formatting the output again gives
** the same bytes, and the output does not depend on the input's line breaks
** (formatting an "exploded" copy, one token per line, gives the same bytes).
** Small inputs also pin the exact layout. Run from tests/ (the real
** regulation is read from ../rules/). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fmt.h"
#include "parse.h"

#define REAL_RULES "../rules/but-info-rodez-2025-2026.mccc"

/* ------------------------------------------------------------------------ */
/* Helpers: every returned string is malloc'd and freed by the caller.      */

/* Parse `text`; fail the test on any diagnostic error. */
static Ast *parse_ok(const char *text, size_t len, Source **src_out)
{
    Source *src = source_from_memory("test.mccc", text, len);
    Diags d;
    diags_init(&d);
    Ast *ast = parse_rules(src, &d);
    if (d.nerr) {
        diags_print(&d, stderr, false);
        fail_msg("input does not parse (%d errors)", d.nerr);
    }
    diags_free(&d);
    *src_out = src;
    return ast;
}

static char *dump_of(const char *text)
{
    Source *src;
    Ast *ast = parse_ok(text, strlen(text), &src);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    ast_dump(ast->root, f);
    fclose(f);
    ast_free(ast);
    source_free(src);
    return buf;
}

/* Format `text`; with_src = false passes a NULL Source to fmt_write. */
static char *fmt_of2(const char *text, int with_src)
{
    Source *src;
    Ast *ast = parse_ok(text, strlen(text), &src);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    assert_int_equal(fmt_write(ast, with_src ? src : NULL, f), 0);
    fclose(f);
    ast_free(ast);
    source_free(src);
    return buf;
}

static char *fmt_of(const char *text) { return fmt_of2(text, 1); }

/* One token per line: every run of blanks between tokens becomes one line
** break, indentation is dropped; strings, comments, the space of
** "Annexe N" and the space before a trailing comment are kept, and so are
** empty lines. */
static char *explode(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(2 * n + 1);
    assert_non_null(out);
    size_t o = 0;
    int in_str = 0, in_comment = 0, line_start = 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_comment) {
            out[o++] = c;
            if (c == '\n') { in_comment = 0; line_start = 1; }
            continue;
        }
        if (in_str) {
            out[o++] = c;
            if (c == '\\' && i + 1 < n) out[o++] = s[++i];
            else if (c == '"') in_str = 0;
            continue;
        }
        if (c == ' ') {
            size_t j = i;
            while (j < n && s[j] == ' ') j++;
            int after_annexe = o >= 6 && memcmp(out + o - 6, "Annexe", 6) == 0;
            if (line_start || j >= n || s[j] == '\n') {
                /* indentation or trailing blanks: dropped */
            } else if (s[j] == '#' || after_annexe) {
                out[o++] = ' ';
            } else {
                out[o++] = '\n';
            }
            i = j - 1;
            continue;
        }
        line_start = c == '\n';
        if (c == '"') in_str = 1;
        if (c == '#') in_comment = 1;
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

/* Round trip, idempotence and independence from line breaks; returns the
** formatted text. */
static char *check_properties(const char *text)
{
    char *d0 = dump_of(text);
    char *f1 = fmt_of(text);
    char *d1 = dump_of(f1);
    assert_string_equal(d0, d1);
    char *f2 = fmt_of(f1);
    assert_string_equal(f1, f2);
    char *ex = explode(f1);
    char *dx = dump_of(ex);
    assert_string_equal(d0, dx);
    char *fx = fmt_of(ex);
    assert_string_equal(f1, fx);
    free(d0);
    free(d1);
    free(f2);
    free(ex);
    free(dx);
    free(fx);
    return f1;
}

static int count_of(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) k++;
    return k;
}

/* The n-th (0-based) line of s, in a static-free caller buffer. */
static void line_of(const char *s, int n, char *buf, size_t cap)
{
    for (; n > 0 && s; n--) {
        s = strchr(s, '\n');
        if (s) s++;
    }
    assert_non_null(s);
    const char *e = strchr(s, '\n');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    assert_true(len < cap);
    memcpy(buf, s, len);
    buf[len] = '\0';
}

/* Display column (0-based) where `needle` starts in `line`, -1 if absent. */
static int col_of(const char *line, const char *needle)
{
    const char *p = strstr(line, needle);
    return p ? utf8_width(line, (size_t)(p - line)) : -1;
}

/* ------------------------------------------------------------------------ */
/* A file with every construct of LANGUAGE.md, partly without accents.     */

static const char ALL[] =
    "# En-tête du fichier\n"
    "# deuxième ligne\n"
    "\n"
    "\n"
    "reglement {\n"
    "  specialite \"BUT \\\"Info\\\"\" §1\n"
    "  etablissement \"IUT de Rodez — Université\"\n"
    "  annee 2025-2026\n"
    "  deliberation \"CEVE n°2025-13\"   # délibération\n"
    "  seance 2025-03-25\n"
    "  vote votants 25 pour 25 contre 0 abstentions 0\n"
    "}\n"
    "ECTS par semestre 30 § 1\n"
    "competence 1 \"Réaliser\" annexe 1 {\n"
    "  niveau 1 \"Développer\"\n"
    "  niveau 2 \"Partir \\\\ des exigences\"\n"
    "}\n"
    "parcours A \"Réalisation d’applications\" Annexe 1 {\n"
    "  competence 1 niveau 3   # Réaliser\n"
    "  competence 2 niveau 3 # Optimiser\n"
    "}\n"
    "annee 1 semestres S1, S2 §5-2 {\n"
    "  RCUE competence 1 : UE1.1 + UE2.1\n"
    "}\n"
    "annee 3 semestres S5 S6 {\n"
    "  parcours A, D {\n"
    "    RCUE competence 1 : UE5.1 + UE6.1 §5-2\n"
    "    RCUE competence 2 : UE5.2 + UE6.2\n"
    "  }\n"
    "}\n"
    "enseignements S1 Annexe 2 {\n"
    "  SAE SAE1.01 \"Implémentation d’un besoin client\" TD 4 TP 3 projet 12 total 19 competences 1\n"
    "  portfolio PF1 \"Portfolio 1\" TD 1 projet 3 total 4 competences 1, 2, 3\n"
    "  # avant R1.01\n"
    "  ressource R1.01 \"Initiation au développement\" CM 30 TD 12 TP 47 total 89 competences 1 2 §4\n"
    "  ressource R1.02 \"Heures dans le désordre\" TD 3 CM 2 total 5\n"
    "  stage STAGE1 \"Stage\"\n"
    "\n"
    "  totaux CM 116 TD 125 TP 184 projet 75 total 500\n"
    "  parcours A {\n"
    "    SAE \"Développement d'une application\" TD 45 TP 34 projet 120 total 199 {\n"
    "      SAE3.A.1 \"Développement - Réaliser\" competences 1\n"
    "      SAE3.A.2 \"Dév - Optimiser\" competences 2 §5\n"
    "    }\n"
    "    ressource R3.09 \"Cryptographie\" CM 8,5 TP 12 total 20.5\n"
    "  }\n"
    "}\n"
    "semestre S1 Annexe 3 {\n"
    "  UE1.1 \"UE1 Réaliser\" competence 1 niveau 1 5 ECTS {\n"
    "    ressources 60 { R1.01 42  R1.02 12\n"
    "       R1.12 - }\n"
    "    SAE 40 { SAE1.01 40 \"Implémentation d'un besoin client\" PF1 - }\n"
    "  }\n"
    "  UE1.2 \"UE2\" competence 2 niveau 1, 5 ECTS §9 {\n"
    "    ressources 60 {\n"
    "      R1.01 42 # c1\n"
    "      R1.02 12\n"
    "      parcours A { R3.A 1 }\n"
    "      parcours D { R3.D 1  R3.E 2  R3.F 3  R3.G 4  R3.H 5  R3.I 6  R3.J 7  R3.K 8  R3.L 9  R3.M 10  R3.N 11 }\n"
    "    }\n"
    "    SAE 40 {\n"
    "      # seulement un commentaire\n"
    "    }\n"
    "  }\n"
    "  parcours A {\n"
    "    UE5.1 \"X\" competence 1 niveau 3, 10 ECTS {\n"
    "    }\n"
    "  }\n"
    "}\n"
    "marque ABI \"absence injustifiée\" vaut 0 §2\n"
    "marque EXC \"excusé\" neutralisee\n"
    "marque ATT \"note en attente\" en attente\n"
    "calcul {\n"
    "  moyennes exactes\n"
    "  moyennes arrondies à 2 decimales au plus proche\n"
    "  affichage 2 decimales tronquees\n"
    "  affichage 3 decimales par exces\n"
    "}\n"
    "validation {\n"
    "  UE acquise si moyenne >= 10 §5-1\n"
    "  RCUE valide si moyenne >= 10 §5-2\n"
    "  compensation §5-2\n"
    "  niveaux inferieurs\n"
    "  stage obligatoire\n"
    "  capitalisation meilleure moyenne §5-4\n"
    "}\n"
    "condition passage = nombre(RCUE validés) > nombre(RCUE)/2 et min(RCUE) >= 8 §5-3\n"
    "condition entrée_S5 = toutes(UE de S1 S2 acquises)\n"
    "condition x = -(1 + 2) * 3 - -4 ou non vrai et faux ou aucun(RCUE non valides) ou max(UE de S1 à S4 en attente) < 8,5\n"
    "condition y = tous(RCUE) et aucune(UE non acquis) et nombre(UE acquis) = 0 et (1 <= 2) et 3 ≥ 2 et 4 ≠ 5\n"
    "decision §5-3 §5-4 {\n"
    "  ATT si nombre(RCUE en attente) > 0\n"
    "  ADM si toutes(RCUE validés) et (niveau != 2 ou entrée_S5)\n"
    "  PASD si niveau < 3 et passage\n"
    "  RED si redoublement possible\n"
    "  NAR sinon\n"
    "}\n"
    "redoublement §5-4 {\n"
    "  par semestre 1\n"
    "  au total 4\n"
    "}\n"
    "diplome DUT 120 ECTS si toutes(UE de S1 à S4 acquises) §5-5\n"
    "diplome BUT 180 ECTS si toutes(UE de S1 à S6 acquises)\n"
    "code jury ADJ \"admis\" acquis §4\n"
    "code jury AJJ \"ajourné\" non acquis\n"
    "disposition §6-3 \"Mobilité hybride\" {\n"
    "  \"Texte 1.\"\n"
    "  # dedans\n"
    "  \"Texte 2.\"\n"
    "}\n"
    "disposition \"Sans citation\" {\n"
    "}\n"
    "# fin 1\n"
    "\n"
    "# fin 2\n";

static void test_all_constructs_round_trip(void **state)
{
    (void)state;
    char *out = check_properties(ALL);
    /* every comment is kept, once */
    const char *comments[] = {
        "# En-tête du fichier", "# deuxième ligne", "# délibération", "# Réaliser",
        "# Optimiser", "# avant R1.01", "# c1", "# seulement un commentaire", "# dedans",
        "# fin 1", "# fin 2",
    };
    for (size_t i = 0; i < sizeof comments / sizeof comments[0]; i++)
        assert_int_equal(count_of(out, comments[i]), 1);
    /* the acquired state in its canonical spellings */
    assert_non_null(strstr(out, "  UE acquise si moyenne >= 10"));
    assert_non_null(strstr(out, "  RCUE validé si moyenne >= 10"));
    assert_non_null(strstr(out, "aucun(RCUE non validés)"));
    assert_non_null(strstr(out, "aucune(UE non acquises) et nombre(UE acquises) = 0"));
    assert_non_null(strstr(out, "condition y = tous(RCUE) et"));
    assert_non_null(strstr(out, "ADM  si tous(RCUE validés) et (niveau != 2 ou entrée_S5)"));
    assert_non_null(strstr(out, "diplôme DUT 120 ECTS si toutes(UE de S1 à S4 acquises) §5-5\n"));
    assert_non_null(strstr(out, "code jury ADJ \"admis\" acquis"));
    assert_non_null(strstr(out, "code jury AJJ \"ajourné\" non acquis\n"));
    /* expressions: minimal spaces, parentheses as written, ASCII operators */
    assert_non_null(strstr(out, "condition passage = nombre(RCUE validés) > nombre(RCUE) / 2 et min(RCUE) >= 8"));
    assert_non_null(strstr(out, "condition x = -(1 + 2) * 3 - -4 ou non vrai et faux ou"));
    assert_non_null(strstr(out, "max(UE de S1 à S4 en attente) < 8,5\n"));
    assert_non_null(strstr(out, "et (1 <= 2) et 3 >= 2 et 4 != 5\n"));
    /* numbers as written, strings re-escaped, citations normalised by the scanner */
    assert_non_null(strstr(out, "CM 8,5"));
    assert_non_null(strstr(out, "total 20.5"));
    assert_non_null(strstr(out, "\"BUT \\\"Info\\\"\""));
    assert_non_null(strstr(out, "niveau 2 \"Partir \\\\ des exigences\"\n"));
    assert_non_null(strstr(out, "ECTS par semestre 30 §1\n"));
    assert_non_null(strstr(out, "compétence 1 \"Réaliser\" Annexe 1 {\n"));
    /* headers, lists, poles */
    assert_non_null(strstr(out, "\n  UE1.1 \"UE1 Réaliser\" compétence 1 niveau 1, 5 ECTS {\n"));
    assert_non_null(strstr(out, "\n  UE1.2 \"UE2\" compétence 2 niveau 1, 5 ECTS §9 {\n"));
    assert_non_null(strstr(out, "\n    ressources 60 { R1.01 42  R1.02 12  R1.12 - }\n"));
    assert_non_null(strstr(out, "\n    SAÉ 40 { SAE1.01 40 \"Implémentation d'un besoin client\"  PF1 - }\n"));
    assert_non_null(strstr(out, "\n      parcours A { R3.A 1 }\n"));
    assert_non_null(strstr(out, "\n      parcours D {\n        R3.D  1\n"));  /* too long for one line */
    assert_non_null(strstr(out, "\n  parcours A D {\n"));
    assert_non_null(strstr(out, "année 1 semestres S1 S2 §5-2 {\n"));
    assert_non_null(strstr(out, "compétences 1 2 3\n"));
    assert_non_null(strstr(out, "disposition §6-3 \"Mobilité hybride\" {\n"));
    assert_non_null(strstr(out, "disposition \"Sans citation\" {\n}\n"));
    /* hours out of order stay in their order */
    const char *dis = strstr(out, "\"Heures dans le désordre\" ");
    assert_non_null(dis);
    assert_non_null(strstr(dis, "  TD 3  CM 2  total 5\n"));
    free(out);
}

/* The same file with a NULL Source: same AST, idempotent. */
static void test_null_source(void **state)
{
    (void)state;
    char *a = fmt_of2(ALL, 0);
    char *b = fmt_of(ALL);
    char *da = dump_of(a);
    char *db = dump_of(b);
    assert_string_equal(da, db);
    char *a2 = fmt_of2(a, 0);
    assert_string_equal(a, a2);
    free(a);
    free(b);
    free(da);
    free(db);
    free(a2);
}

/* ------------------------------------------------------------------------ */
/* Exact layouts                                                           */

static void check_fmt(const char *in, const char *want)
{
    char *got = check_properties(in);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "--- want\n%s--- got\n%s---\n", want, got);
        fail_msg("layout differs");
    }
    free(got);
}

static void test_unaccented_keywords(void **state)
{
    (void)state;
    check_fmt(
        "reglement {\n"
        "  specialite \"S\"\n"
        "  etablissement \"E\"\n"
        "  annee 2025-2026\n"
        "  deliberation \"D\"\n"
        "  seance 2025-03-25\n"
        "}\n"
        "competence 1 \"C\" {\n"
        "  niveau 1 \"N\"\n"
        "}\n"
        "enseignements S1 {\n"
        "  SAE SAE1 \"X\" TD 1 competences 1\n"
        "}\n"
        "marque EXC \"excusé\" neutralisee\n"
        "calcul {\n"
        "  affichage 2 decimales tronquees\n"
        "  moyennes arrondies à 2 decimales par exces\n"
        "}\n"
        "validation {\n"
        "  niveaux inferieurs\n"
        "}\n"
        "decision {\n"
        "  NAR sinon\n"
        "}\n"
        "diplome BUT 180 ECTS si vrai\n",
        "règlement {\n"
        "  spécialité    \"S\"\n"
        "  établissement \"E\"\n"
        "  année         2025-2026\n"
        "  délibération  \"D\"\n"
        "  séance        2025-03-25\n"
        "}\n"
        "compétence 1 \"C\" {\n"
        "  niveau 1 \"N\"\n"
        "}\n"
        "enseignements S1 {\n"
        "  SAÉ SAE1 \"X\"  TD 1  compétences 1\n"
        "}\n"
        "marque EXC \"excusé\" neutralisée\n"
        "calcul {\n"
        "  affichage 2 décimales tronquées\n"
        "  moyennes arrondies à 2 décimales par excès\n"
        "}\n"
        "validation {\n"
        "  niveaux inférieurs\n"
        "}\n"
        "décision {\n"
        "  NAR sinon\n"
        "}\n"
        "diplôme BUT 180 ECTS si vrai\n");
}

static void test_comments_kept(void **state)
{
    (void)state;
    check_fmt(
        "# file header\n"
        "\n"
        "\n"
        "reglement {   # after brace\n"
        "\n"
        "  # before specialite\n"
        "  specialite \"BUT Informatique\"   # trailing 1\n"
        "  annee 2025-2026 # trailing 2\n"
        "\n"
        "\n"
        "  seance 2025-03-25\n"
        "\n"
        "  # before close brace\n"
        "}   # after close\n"
        "condition c = vrai   # cond\n"
        "# end of file 1\n"
        "\n"
        "# end of file 2\n",
        "# file header\n"
        "\n"
        "règlement {  # after brace\n"
        "  # before specialite\n"
        "  spécialité \"BUT Informatique\"  # trailing 1\n"
        "  année      2025-2026           # trailing 2\n"
        "\n"
        "  séance 2025-03-25\n"
        "\n"
        "  # before close brace\n"
        "}                   # after close\n"
        "condition c = vrai  # cond\n"
        "# end of file 1\n"
        "\n"
        "# end of file 2\n");
}

/* Comments inside a statement or a header spread over several lines. */
static void test_comments_in_split_statements(void **state)
{
    (void)state;
    check_fmt(
        "condition c = vrai et   # first\n"
        "   # inside\n"
        "   faux   # last\n"
        "semestre S1 {\n"
        "UE1.1 \"U\" competence 1\n"
        "  # in header\n"
        "  niveau 1, 5 ECTS\n"
        "  # before brace\n"
        "{   # after brace\n"
        "}\n"
        "}\n",
        "# first\n"
        "# inside\n"
        "condition c = vrai et faux  # last\n"
        "semestre S1 {\n"
        "  # in header\n"
        "  # before brace\n"
        "  UE1.1 \"U\" compétence 1 niveau 1, 5 ECTS {  # after brace\n"
        "  }\n"
        "}\n");
}

static void test_blank_lines(void **state)
{
    (void)state;
    check_fmt(
        "\n"
        "\n"
        "calcul {\n"
        "\n"
        "\n"
        "  moyennes exactes\n"
        "\n"
        "\n"
        "\n"
        "  affichage 2 decimales tronquees\n"
        "\n"
        "}\n"
        "\n"
        "\n"
        "\n"
        "redoublement {\n"
        "  par semestre 1\n"
        "  au total 4\n"
        "}\n"
        "\n"
        "\n",
        "calcul {\n"
        "  moyennes exactes\n"
        "\n"
        "  affichage 2 décimales tronquées\n"
        "}\n"
        "\n"
        "redoublement {\n"
        "  par semestre 1\n"
        "  au total 4\n"
        "}\n");
}

static void test_empty_and_comment_only(void **state)
{
    (void)state;
    char *e = fmt_of("\n\n  \n");
    assert_string_equal(e, "");
    free(e);
    check_fmt("# a\n\n\n# b   \n\n\n", "# a\n\n# b\n");
}

/* Annexe 2 table: accented labels aligned by display width. */
static void test_course_table_alignment(void **state)
{
    (void)state;
    const char *in =
        "enseignements S1 {\n"
        "  SAE SAE1.01 \"Implémentation d’un besoin client\" TD 4 TP 3 projet 12 total 19 competences 1\n"
        "  portfolio PF1 \"Portfolio 1\" TD 1 projet 3 total 4 competences 1 2 3 4 5 6\n"
        "  ressource R1.01 \"Initiation au développement\" CM 30 TD 12 TP 47 total 89 competences 1 2\n"
        "  ressource R1.10 \"Anglais 1\" TD 18 TP 9 total 27 competences 1 3 6 §4\n"
        "  stage STAGE1 \"Stage (été)\"\n"
        "  totaux CM 30 TD 35 TP 59 projet 15 total 139\n"
        "}\n";
    const char *want =
        "enseignements S1 {\n"
        "  SAÉ       SAE1.01 \"Implémentation d’un besoin client\"         TD  4  TP  3  projet 12  total  19  compétences 1\n"
        "  portfolio PF1     \"Portfolio 1\"                               TD  1         projet  3  total   4  compétences 1 2 3 4 5 6\n"
        "  ressource R1.01   \"Initiation au développement\"        CM 30  TD 12  TP 47             total  89  compétences 1 2\n"
        "  ressource R1.10   \"Anglais 1\"                                 TD 18  TP  9             total  27  compétences 1 3 6 §4\n"
        "  stage     STAGE1  \"Stage (été)\"\n"
        "  totaux                                                 CM 30  TD 35  TP 59  projet 15  total 139\n"
        "}\n";
    check_fmt(in, want);
    /* the columns line up on screen, whatever the bytes */
    char *out = fmt_of(in);
    char l1[512];
    int td = -1, total = -1, comps = -1;
    for (int i = 1; i <= 6; i++) {
        line_of(out, i, l1, sizeof l1);
        int c = col_of(l1, "TD ");
        if (c >= 0) {
            if (td < 0) td = c;
            assert_int_equal(c, td);
        }
        c = col_of(l1, "total ");
        if (c >= 0) {
            if (total < 0) total = c;
            assert_int_equal(c, total);
        }
        c = col_of(l1, "compétences");
        if (c >= 0) {
            if (comps < 0) comps = c;
            assert_int_equal(c, comps);
        }
        if (i <= 5) assert_int_equal(col_of(l1, "\""), 20);  /* labels */
    }
    free(out);
}

/* Groups, members, a blank line splitting a table, poles. */
static void test_groups_and_poles(void **state)
{
    (void)state;
    check_fmt(
        "enseignements S3 {\n"
        "  ressource R3.01 \"Développement web\" CM 8 TP 25 total 33 competences 1 2\n"
        "  SAE \"Développement d'une application\" TD 45 TP 34 projet 120 total 199 {\n"
        "    SAE3.A.1 \"Développement - Réaliser\" competences 1\n"
        "    SAE3.A.10 \"Développement - Collaborer\" competences 6 §5\n"
        "  }\n"
        "\n"
        "  ressource R3.02 \"Développement efficace\" CM 8 TP 8 total 16 competences 1 2\n"
        "}\n"
        "semestre S3 {\n"
        "  UE3.1 \"UE1 Réaliser\" competence 1 niveau 2, 5 ECTS {\n"
        "    ressources 60 { R3.01 15  R3.02 10 }\n"
        "    SAE 40 {\n"
        "      PF3 -\n"
        "      parcours A { SAE3.A.1 40 }\n"
        "      SAE3.X 12   # commented\n"
        "      SAE3.LONG 8,5\n"
        "    }\n"
        "  }\n"
        "}\n",
        "enseignements S3 {\n"
        "  ressource R3.01 \"Développement web\"                CM 8         TP 25              total  33  compétences 1 2\n"
        "  SAÉ             \"Développement d'une application\"        TD 45  TP 34  projet 120  total 199 {\n"
        "    SAE3.A.1  \"Développement - Réaliser\"    compétences 1\n"
        "    SAE3.A.10 \"Développement - Collaborer\"  compétences 6 §5\n"
        "  }\n"
        "\n"
        "  ressource R3.02 \"Développement efficace\"  CM 8  TP 8  total 16  compétences 1 2\n"
        "}\n"
        "semestre S3 {\n"
        "  UE3.1 \"UE1 Réaliser\" compétence 1 niveau 2, 5 ECTS {\n"
        "    ressources 60 { R3.01 15  R3.02 10 }\n"
        "    SAÉ 40 {\n"
        "      PF3 -\n"
        "      parcours A { SAE3.A.1 40 }\n"
        "      SAE3.X     12  # commented\n"
        "      SAE3.LONG 8,5\n"
        "    }\n"
        "  }\n"
        "}\n");
}

/* Citations line up within a run, only against rows that have some. */
static void test_citation_alignment(void **state)
{
    (void)state;
    check_fmt(
        "validation {\n"
        "  UE acquise si moyenne >= 10 §5-1\n"
        "  compensation §5-2\n"
        "  capitalisation meilleure moyenne\n"
        "}\n"
        "condition a = vrai §1\n"
        "condition long_name = nombre(RCUE validés) > nombre(RCUE) / 2\n"
        "condition b = faux §2 Annexe 3\n"
        "marque ABI \"absence injustifiée\" vaut 0 §2\n"
        "marque EXC \"excusé\" neutralisée\n",
        "validation {\n"
        "  UE acquise si moyenne >= 10 §5-1\n"
        "  compensation                §5-2\n"
        "  capitalisation meilleure moyenne\n"
        "}\n"
        "condition a = vrai §1\n"
        "condition long_name = nombre(RCUE validés) > nombre(RCUE) / 2\n"
        "condition b = faux §2 Annexe 3\n"
        "marque ABI \"absence injustifiée\" vaut 0 §2\n"
        "marque EXC \"excusé\"              neutralisée\n");
}

/* A failing stream is reported. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        skip();
        return;
    }
    Source *src;
    Ast *ast = parse_ok(ALL, strlen(ALL), &src);
    assert_int_equal(fmt_write(ast, src, f), -1);
    fclose(f);
    ast_free(ast);
    source_free(src);
}

/* The real regulation, when it exists and parses. */
static void test_real_rules(void **state)
{
    (void)state;
    char err[256];
    Source *src = source_load(REAL_RULES, err, sizeof err);
    if (!src) {
        print_message("skipped: %s\n", err);
        skip();
        return;
    }
    Diags d;
    diags_init(&d);
    Ast *ast = parse_rules(src, &d);
    int nerr = d.nerr;
    ast_free(ast);
    diags_free(&d);
    if (nerr) {
        print_message("skipped: %s does not parse yet (%d errors)\n", REAL_RULES, nerr);
        source_free(src);
        skip();
        return;
    }
    char *text = malloc(src->len + 1);
    assert_non_null(text);
    memcpy(text, src->text, src->len);
    text[src->len] = '\0';
    source_free(src);
    char *out = check_properties(text);
    assert_int_equal(out[strlen(out) - 1], '\n');
    free(out);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_constructs_round_trip),
        cmocka_unit_test(test_null_source),
        cmocka_unit_test(test_unaccented_keywords),
        cmocka_unit_test(test_comments_kept),
        cmocka_unit_test(test_comments_in_split_statements),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_empty_and_comment_only),
        cmocka_unit_test(test_course_table_alignment),
        cmocka_unit_test(test_groups_and_poles),
        cmocka_unit_test(test_citation_alignment),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_real_rules),
    };
    return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
