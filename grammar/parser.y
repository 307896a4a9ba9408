/*
** parser.y — the grammar of the mccc rules language (pure bison, LALR(1)).
**
** Actions are thin: they call ast_* constructors and the small mk_* helpers
** below. Every block has an `error` alternative so that one run reports
** every syntax error of a file (bison error recovery); parse.lac gives
** exact "expected" lists; yyreport_syntax_error words them for authors,
** with a "vouliez-vous dire" for a misspelt keyword (even when the
** misspelling is another keyword: `ressource` for `ressources`) and a note
** for a decimal comma in a list (`niveau 1,5`). After an error, yylex drops
** the rest of the broken statement, its continuation lines included.
*/
%define api.pure full
%define api.location.type {Loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {ParseCtx *ctx}

%code requires {
#include "parse.h"
}

%union {
  Tok tok;
  Node *node;
  IdList *ids;
  Cite *cites;
  int op;
}

%code {
#include "lexer.h"
#include "suggest.h"
#include <stdio.h>
#include <string.h>

static void yyerror(Loc *loc, void *scanner, ParseCtx *ctx, const char *msg);
int yylex(YYSTYPE *val, Loc *loc, void *scanner);
/* After a syntax error: drop the bad token unless it starts a statement. */
#define RECOVER() do { if (ctx->recover_pending && !ctx->keep_lookahead) { yyclearin; yyerrok; } \
                             ctx->recover_pending = 0; } while (0)
#define A (ctx->arena)
/* A node whose span is the rule's. */
#define NODE(k) ast_node(A, (k), (yyloc))
/* An expression node, cut when deeper than AST_MAX_DEPTH (said at op). */
#define EXPR(n, op) expr_cap(ctx, (n), (op))
static Node *expr_cap(ParseCtx *ctx, Node *n, Loc op);
}

%token <tok> IDENT "identifiant" NUMBER "valeur numérique" STRING "libellé" YEARS "année universitaire"
%token <tok> DATE "date" CITE "citation"
%token <tok> KW_REGLEMENT "règlement" KW_SPECIALITE "spécialité" KW_ETABLISSEMENT "établissement"
%token <tok> KW_ANNEE "année" KW_DELIBERATION "délibération" KW_SEANCE "séance" KW_VOTE "vote"
%token <tok> KW_VOTANTS "votants" KW_POUR "pour" KW_CONTRE "contre" KW_ABSTENTIONS "abstentions"
%token <tok> KW_ECTS "ECTS" KW_PAR "par" KW_SEMESTRE "semestre" KW_SEMESTRES "semestres"
%token <tok> KW_COMPETENCE "compétence" KW_COMPETENCES "compétences" KW_NIVEAU "niveau"
%token <tok> KW_NIVEAUX "niveaux" KW_PARCOURS "parcours" KW_RCUE "RCUE" KW_UE "UE"
%token <tok> KW_ENSEIGNEMENTS "enseignements" KW_RESSOURCE "ressource" KW_RESSOURCES "ressources"
%token <tok> KW_SAE "SAÉ" KW_PORTFOLIO "portfolio" KW_STAGE "stage"
%token <tok> KW_CM "CM" KW_TD "TD" KW_TP "TP" KW_PROJET "projet" KW_TOTAL "total" KW_TOTAUX "totaux"
%token <tok> KW_MARQUE "marque" KW_VAUT "vaut" KW_NEUTRALISEE "neutralisée" KW_EN "en" KW_ATTENTE "attente"
%token <tok> KW_CALCUL "calcul" KW_MOYENNES "moyennes" KW_EXACTES "exactes" KW_ARRONDIES "arrondies"
%token <tok> KW_A "à" KW_DECIMALES "décimales" KW_TRONQUEES "tronquées" KW_AU "au" KW_PLUS "plus"
%token <tok> KW_PROCHE "proche" KW_EXCES "excès" KW_AFFICHAGE "affichage"
%token <tok> KW_VALIDATION "validation" KW_ACQUIS "acquis" KW_SI "si" KW_SINON "sinon"
%token <tok> KW_COMPENSATION "compensation" KW_INFERIEURS "inférieurs" KW_OBLIGATOIRE "obligatoire"
%token <tok> KW_CAPITALISATION "capitalisation" KW_MEILLEURE "meilleure" KW_MOYENNE "moyenne"
%token <tok> KW_CONDITION "condition" KW_DECISION "décision" KW_REDOUBLEMENT "redoublement"
%token <tok> KW_POSSIBLE "possible" KW_DIPLOME "diplôme" KW_CODE "code" KW_JURY "jury"
%token <tok> KW_DISPOSITION "disposition" KW_EXEMPLE "exemple" KW_NOTES "notes" KW_ATTENDU "attendu"
%token <tok> KW_ET "et" KW_OU "ou" KW_NON "non" KW_NOMBRE "nombre" KW_MIN "min" KW_MAX "max"
%token <tok> KW_TOUS "tous" KW_AUCUN "aucun" KW_DE "de" KW_VRAI "vrai" KW_FAUX "faux"
%token <tok> NE "!=" LE "<=" GE ">="
%token <tok> '{' '}' '(' ')' ':' ',' '+' '-' '*' '/' '=' '<' '>'

%type <node> items item reglement meta_items meta_item competence levels level
%type <node> parcours_decl plevels plevel year year_items year_item courses course_items
%type <node> course_item members member hours_opt hours hour semester sem_items sem_item
%type <node> ue ue_items ue_item pole pole_items pole_item mark calc calc_items calc_item
%type <node> validation valid_items valid_item condition decision clauses clause repeat
%type <node> repeat_items repeat_item diploma jurycode provision texts expr set semrefs semref
%type <node> example ex_items ex_item ex_grades ex_grade ex_expects ex_expect
%type <ids> idents numbers comps_opt
%type <tok> printed
%type <cites> cites
%type <op> course_kind pole_kind hour_col round_mode agg set_kind set_state

%left KW_OU
%left KW_ET
%precedence KW_NON
%nonassoc '=' NE '<' LE '>' GE
%left '+' '-'
%left '*' '/'
%precedence NEG

%%

file:
    items                       { ctx->root = ast_node(A, N_FILE, @$); ctx->root->body = $1; }
  ;

items:
    %empty                      { $$ = NULL; }
  | items item                  { $$ = ast_append($1, $2); }
  ;

item:
    reglement | competence | parcours_decl | year | courses | semester | mark | calc
  | validation | condition | decision | repeat | diploma | jurycode | provision | example
  | KW_ECTS KW_PAR KW_SEMESTRE NUMBER cites
                                { $$ = NODE(N_ECTS_SEM); $$->n[0] = $4; $$->cites = $5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

cites:
    %empty                      { $$ = NULL; }
  | cites CITE                  { $$ = ast_cite_append(A, $1, $2); }
  ;

opt_comma: %empty | ',' ;

/* règlement { spécialité "…" … } */
reglement:
    KW_REGLEMENT cites '{' meta_items '}'
                                { $$ = NODE(N_REGLEMENT); $$->cites = $2; $$->body = $4; $$->end = @5; }
  ;
meta_items:
    %empty                      { $$ = NULL; }
  | meta_items meta_item        { $$ = ast_append($1, $2); }
  ;
meta_item:
    KW_SPECIALITE STRING cites       { $$ = NODE(N_META); $$->op = MK_SPECIALITE; $$->label = $2; $$->cites = $3; }
  | KW_ETABLISSEMENT STRING cites    { $$ = NODE(N_META); $$->op = MK_ETABLISSEMENT; $$->label = $2; $$->cites = $3; }
  | KW_ANNEE YEARS cites             { $$ = NODE(N_META); $$->op = MK_ANNEE; $$->a = $2; $$->cites = $3; }
  | KW_DELIBERATION STRING cites     { $$ = NODE(N_META); $$->op = MK_DELIBERATION; $$->label = $2; $$->cites = $3; }
  | KW_SEANCE DATE cites             { $$ = NODE(N_META); $$->op = MK_SEANCE; $$->a = $2; $$->cites = $3; }
  | KW_VOTE KW_VOTANTS NUMBER KW_POUR NUMBER KW_CONTRE NUMBER KW_ABSTENTIONS NUMBER cites
                                { $$ = NODE(N_VOTE); $$->n[0] = $3; $$->n[1] = $5; $$->n[2] = $7;
                                  $$->n[3] = $9; $$->cites = $10; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* compétence 1 "Réaliser" { niveau 1 "…" } */
competence:
    KW_COMPETENCE NUMBER STRING cites '{' levels '}'
                                { $$ = NODE(N_COMPETENCE); $$->n[0] = $2; $$->label = $3;
                                  $$->cites = $4; $$->body = $6; $$->end = @7; }
  ;
levels:
    %empty                      { $$ = NULL; }
  | levels level                { $$ = ast_append($1, $2); }
  ;
level:
    KW_NIVEAU NUMBER STRING cites
                                { $$ = NODE(N_LEVEL); $$->n[0] = $2; $$->label = $3; $$->cites = $4; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* parcours A "…" { compétence 1 niveau 3 } */
parcours_decl:
    KW_PARCOURS IDENT STRING cites '{' plevels '}'
                                { $$ = NODE(N_PARCOURS); $$->a = $2; $$->label = $3; $$->cites = $4;
                                  $$->body = $6; $$->end = @7; }
  ;
plevels:
    %empty                      { $$ = NULL; }
  | plevels plevel              { $$ = ast_append($1, $2); }
  ;
plevel:
    KW_COMPETENCE NUMBER KW_NIVEAU NUMBER cites
                                { $$ = NODE(N_PLEVEL); $$->n[0] = $2; $$->n[1] = $4; $$->cites = $5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* année 1 semestres S1 S2 { RCUE compétence 1 : UE1.1 + UE2.1 } */
year:
    KW_ANNEE NUMBER KW_SEMESTRES idents cites '{' year_items '}'
                                { $$ = NODE(N_YEAR); $$->n[0] = $2; $$->ids = $4; $$->cites = $5;
                                  $$->body = $7; $$->end = @8; }
  ;
year_items:
    %empty                      { $$ = NULL; }
  | year_items year_item        { $$ = ast_append($1, $2); }
  ;
year_item:
    KW_RCUE KW_COMPETENCE NUMBER ':' IDENT '+' IDENT cites
                                { $$ = NODE(N_RCUE); $$->n[0] = $3; $$->a = $5; $$->b = $7; $$->cites = $8; }
  | KW_PARCOURS idents '{' year_items '}'
                                { $$ = NODE(N_ONLY); $$->ids = $2; $$->body = $4; $$->end = @5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

idents:
    IDENT                       { $$ = ast_id_append(A, NULL, $1); }
  | idents opt_comma IDENT      { $$ = ast_id_append(A, $1, $3); }
  ;
numbers:
    NUMBER                      { $$ = ast_id_append(A, NULL, $1); }
  | numbers opt_comma NUMBER    { $$ = ast_id_append(A, $1, $3); }
  ;

/* enseignements S1 { ressource R1.01 "…" CM 30 TD 12 TP 47 total 89 compétences 1 2 } */
courses:
    KW_ENSEIGNEMENTS IDENT cites '{' course_items '}'
                                { $$ = NODE(N_COURSES); $$->a = $2; $$->cites = $3; $$->body = $5; $$->end = @6; }
  ;
course_items:
    %empty                      { $$ = NULL; }
  | course_items course_item    { $$ = ast_append($1, $2); }
  ;
course_item:
    course_kind IDENT STRING hours_opt comps_opt cites
                                { $$ = NODE(N_COURSE); $$->op = $1; $$->a = $2; $$->label = $3;
                                  $$->hours = $4; $$->ids = $5; $$->cites = $6; }
  | course_kind STRING hours_opt cites '{' members '}'
                                { $$ = NODE(N_GROUP); $$->op = $1; $$->label = $2; $$->hours = $3;
                                  $$->cites = $4; $$->body = $6; $$->end = @7; }
  | KW_TOTAUX hours cites       { $$ = NODE(N_TOTALS); $$->hours = $2; $$->cites = $3; }
  | KW_PARCOURS idents '{' course_items '}'
                                { $$ = NODE(N_ONLY); $$->ids = $2; $$->body = $4; $$->end = @5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;
course_kind:
    KW_RESSOURCE                { $$ = CK_RESOURCE; }
  | KW_SAE                      { $$ = CK_SAE; }
  | KW_PORTFOLIO                { $$ = CK_PORTFOLIO; }
  | KW_STAGE                    { $$ = CK_STAGE; }
  ;
members:
    %empty                      { $$ = NULL; }
  | members member              { $$ = ast_append($1, $2); }
  ;
member:
    IDENT STRING comps_opt cites
                                { $$ = NODE(N_MEMBER); $$->a = $1; $$->label = $2; $$->ids = $3; $$->cites = $4; }
  | error                       { $$ = NULL; RECOVER(); }
  ;
comps_opt:
    %empty                      { $$ = NULL; }
  | KW_COMPETENCES numbers      { $$ = $2; }
  ;
hours_opt:
    %empty                      { $$ = NULL; }
  | hours                       { $$ = $1; }
  ;
hours:
    hour                        { $$ = $1; }
  | hours hour                  { $$ = ast_append($1, $2); }
  ;
hour:
    hour_col NUMBER             { $$ = NODE(N_HOUR); $$->op = $1; $$->n[0] = $2; }
  ;
hour_col:
    KW_CM                       { $$ = HC_CM; }
  | KW_TD                       { $$ = HC_TD; }
  | KW_TP                       { $$ = HC_TP; }
  | KW_PROJET                   { $$ = HC_PROJET; }
  | KW_TOTAL                    { $$ = HC_TOTAL; }
  ;

/* semestre S1 { UE1.1 "UE1 Réaliser" compétence 1 niveau 1, 5 ECTS { ressources 60 { … } } } */
semester:
    KW_SEMESTRE IDENT cites '{' sem_items '}'
                                { $$ = NODE(N_SEMESTER); $$->a = $2; $$->cites = $3; $$->body = $5; $$->end = @6; }
  ;
sem_items:
    %empty                      { $$ = NULL; }
  | sem_items sem_item          { $$ = ast_append($1, $2); }
  ;
sem_item:
    ue
  | KW_PARCOURS idents '{' sem_items '}'
                                { $$ = NODE(N_ONLY); $$->ids = $2; $$->body = $4; $$->end = @5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;
ue:
    IDENT STRING KW_COMPETENCE NUMBER KW_NIVEAU NUMBER opt_comma NUMBER KW_ECTS cites '{' ue_items '}'
                                { $$ = NODE(N_UE); $$->a = $1; $$->label = $2; $$->n[0] = $4; $$->n[1] = $6;
                                  $$->n[2] = $8; $$->cites = $10; $$->body = $12; $$->end = @13; }
  ;
ue_items:
    %empty                      { $$ = NULL; }
  | ue_items ue_item            { $$ = ast_append($1, $2); }
  ;
ue_item:
    pole
  | KW_PARCOURS idents '{' ue_items '}'
                                { $$ = NODE(N_ONLY); $$->ids = $2; $$->body = $4; $$->end = @5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;
pole:
    pole_kind NUMBER cites '{' pole_items '}'
                                { $$ = NODE(N_POLE); $$->op = $1; $$->n[0] = $2; $$->cites = $3;
                                  $$->body = $5; $$->end = @6; }
  ;
/* The course's name as Annexe 3 prints it, when it differs (checked). */
printed:
    %empty                      { $$.text = NULL; $$.loc = @$; }
  | STRING                      { $$ = $1; }
  ;
pole_kind:
    KW_RESSOURCES               { $$ = PK_RESOURCES; }
  | KW_SAE                      { $$ = PK_SAE; }
  ;
pole_items:
    %empty                      { $$ = NULL; }
  | pole_items pole_item        { $$ = ast_append($1, $2); }
  ;
pole_item:
    IDENT NUMBER printed cites  { $$ = NODE(N_COEF); $$->a = $1; $$->n[0] = $2; $$->label = $3; $$->cites = $4; }
  | IDENT '-' printed cites     { $$ = NODE(N_COEF); $$->a = $1; $$->flag = true; $$->label = $3; $$->cites = $4; }
  | KW_PARCOURS idents '{' pole_items '}'
                                { $$ = NODE(N_ONLY); $$->ids = $2; $$->body = $4; $$->end = @5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* marque ABI "absence injustifiée" vaut 0 */
mark:
    KW_MARQUE IDENT STRING KW_VAUT NUMBER cites
                                { $$ = NODE(N_MARK); $$->a = $2; $$->label = $3; $$->op = ME_VALUE;
                                  $$->n[0] = $5; $$->cites = $6; }
  | KW_MARQUE IDENT STRING KW_NEUTRALISEE cites
                                { $$ = NODE(N_MARK); $$->a = $2; $$->label = $3; $$->op = ME_NEUTRAL; $$->cites = $5; }
  | KW_MARQUE IDENT STRING KW_EN KW_ATTENTE cites
                                { $$ = NODE(N_MARK); $$->a = $2; $$->label = $3; $$->op = ME_PENDING; $$->cites = $6; }
  ;

/* calcul { moyennes exactes  affichage 2 décimales tronquées } */
calc:
    KW_CALCUL cites '{' calc_items '}'
                                { $$ = NODE(N_CALCBLOCK); $$->cites = $2; $$->body = $4; $$->end = @5; }
  ;
calc_items:
    %empty                      { $$ = NULL; }
  | calc_items calc_item        { $$ = ast_append($1, $2); }
  ;
calc_item:
    KW_MOYENNES KW_EXACTES cites
                                { $$ = NODE(N_CALC); $$->op = CI_EXACT; $$->cites = $3; }
  | KW_MOYENNES KW_ARRONDIES KW_A NUMBER KW_DECIMALES round_mode cites
                                { $$ = NODE(N_CALC); $$->op = CI_ROUND; $$->n[0] = $4; $$->op2 = $6; $$->cites = $7; }
  | KW_AFFICHAGE NUMBER KW_DECIMALES round_mode cites
                                { $$ = NODE(N_CALC); $$->op = CI_DISPLAY; $$->n[0] = $2; $$->op2 = $4; $$->cites = $5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;
round_mode:
    KW_TRONQUEES                { $$ = RM_TRUNC; }
  | KW_AU KW_PLUS KW_PROCHE     { $$ = RM_NEAREST; }
  | KW_PAR KW_EXCES             { $$ = RM_UP; }
  ;

/* validation { UE acquise si moyenne >= 10 … } */
validation:
    KW_VALIDATION cites '{' valid_items '}'
                                { $$ = NODE(N_VALIDBLOCK); $$->cites = $2; $$->body = $4; $$->end = @5; }
  ;
valid_items:
    %empty                      { $$ = NULL; }
  | valid_items valid_item      { $$ = ast_append($1, $2); }
  ;
valid_item:
    KW_UE KW_ACQUIS KW_SI expr cites
                                { $$ = NODE(N_VALID); $$->op = VI_UE; $$->lhs = $4; $$->cites = $5; }
  | KW_RCUE KW_ACQUIS KW_SI expr cites
                                { $$ = NODE(N_VALID); $$->op = VI_RCUE; $$->lhs = $4; $$->cites = $5; }
  | KW_COMPENSATION cites       { $$ = NODE(N_VALID); $$->op = VI_COMPENSATION; $$->cites = $2; }
  | KW_NIVEAUX KW_INFERIEURS cites
                                { $$ = NODE(N_VALID); $$->op = VI_LOWER; $$->cites = $3; }
  | KW_STAGE KW_OBLIGATOIRE cites
                                { $$ = NODE(N_VALID); $$->op = VI_STAGE; $$->cites = $3; }
  | KW_CAPITALISATION KW_MEILLEURE KW_MOYENNE cites
                                { $$ = NODE(N_VALID); $$->op = VI_BEST; $$->cites = $4; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* condition passage = … */
condition:
    KW_CONDITION IDENT '=' expr cites
                                { $$ = NODE(N_CONDITION); $$->a = $2; $$->lhs = $4; $$->cites = $5; }
  ;

/* décision { ADM si … NAR sinon } */
decision:
    KW_DECISION cites '{' clauses '}'
                                { $$ = NODE(N_DECISION); $$->cites = $2; $$->body = $4; $$->end = @5; }
  ;
clauses:
    %empty                      { $$ = NULL; }
  | clauses clause              { $$ = ast_append($1, $2); }
  ;
clause:
    IDENT KW_SI expr cites      { $$ = NODE(N_CLAUSE); $$->a = $1; $$->lhs = $3; $$->cites = $4; }
  | IDENT KW_SINON cites        { $$ = NODE(N_CLAUSE); $$->a = $1; $$->cites = $3; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* redoublement { par semestre 1  au total 4 } */
repeat:
    KW_REDOUBLEMENT cites '{' repeat_items '}'
                                { $$ = NODE(N_REPEAT); $$->cites = $2; $$->body = $4; $$->end = @5; }
  ;
repeat_items:
    %empty                      { $$ = NULL; }
  | repeat_items repeat_item    { $$ = ast_append($1, $2); }
  ;
repeat_item:
    KW_PAR KW_SEMESTRE NUMBER cites
                                { $$ = NODE(N_REPEAT_ITEM); $$->op = RI_PER_SEMESTER; $$->n[0] = $3; $$->cites = $4; }
  | KW_AU KW_TOTAL NUMBER cites { $$ = NODE(N_REPEAT_ITEM); $$->op = RI_TOTAL; $$->n[0] = $3; $$->cites = $4; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* diplôme DUT 120 ECTS si … */
diploma:
    KW_DIPLOME IDENT NUMBER KW_ECTS KW_SI expr cites
                                { $$ = NODE(N_DIPLOMA); $$->a = $2; $$->n[0] = $3; $$->lhs = $6; $$->cites = $7; }
  ;

/* code jury ADJ "…" acquis */
jurycode:
    KW_CODE KW_JURY IDENT STRING KW_ACQUIS cites
                                { $$ = NODE(N_JURYCODE); $$->a = $3; $$->label = $4; $$->flag = true; $$->cites = $6; }
  | KW_CODE KW_JURY IDENT STRING KW_NON KW_ACQUIS cites
                                { $$ = NODE(N_JURYCODE); $$->a = $3; $$->label = $4; $$->flag = false; $$->cites = $7; }
  ;

/* disposition §2 "Obligation d'assiduité" { "…" } */
provision:
    KW_DISPOSITION cites STRING '{' texts '}'
                                { $$ = NODE(N_PROVISION); $$->cites = $2; $$->label = $3; $$->body = $5; $$->end = @6; }
  ;
texts:
    %empty                      { $$ = NULL; }
  | texts STRING                { Node *t = ast_node(A, N_TEXT, @2); t->label = $2; $$ = ast_append($1, t); }
  ;

/* exemple "…" §5-2 { notes 2025-2026 S1 { toutes 12  R1.01 6 }  attendu 2025-2026 { UE1.1 CMP } }
** — an example student and the codes the regulation must give (mccc test). */
example:
    KW_EXEMPLE STRING cites '{' ex_items '}'
                                { $$ = NODE(N_EXAMPLE); $$->label = $2; $$->cites = $3; $$->body = $5; $$->end = @6; }
  ;
ex_items:
    %empty                      { $$ = NULL; }
  | ex_items ex_item            { $$ = ast_append($1, $2); }
  ;
ex_item:
    KW_NOTES YEARS IDENT '{' ex_grades '}'
                                { $$ = NODE(N_EX_GRADES); $$->a = $2; $$->b = $3; $$->body = $5; $$->end = @6; }
  | KW_NOTES YEARS IDENT KW_PARCOURS IDENT '{' ex_grades '}'
                                { $$ = NODE(N_EX_GRADES); $$->a = $2; $$->b = $3; $$->ids = ast_id_append(A, NULL, $5);
                                  $$->body = $7; $$->end = @8; }
  | KW_ATTENDU YEARS '{' ex_expects '}'
                                { $$ = NODE(N_EX_EXPECT); $$->a = $2; $$->body = $4; $$->end = @5; }
  | error                       { $$ = NULL; RECOVER(); }
  ;
ex_grades:
    %empty                      { $$ = NULL; }
  | ex_grades ex_grade          { $$ = ast_append($1, $2); }
  ;
ex_grade:
    KW_TOUS NUMBER              { $$ = NODE(N_EX_ITEM); $$->op = XI_DEFAULT; $$->n[0] = $2; }
  | IDENT NUMBER                { $$ = NODE(N_EX_ITEM); $$->op = XI_GRADE; $$->a = $1; $$->n[0] = $2; }
  | IDENT IDENT                 { $$ = NODE(N_EX_ITEM); $$->op = XI_GRADE; $$->a = $1; $$->b = $2; }
  | error                       { $$ = NULL; RECOVER(); }
  ;
ex_expects:
    %empty                      { $$ = NULL; }
  | ex_expects ex_expect        { $$ = ast_append($1, $2); }
  ;
ex_expect:
    IDENT IDENT                 { $$ = NODE(N_EX_ITEM); $$->op = XI_CODE; $$->a = $1; $$->b = $2; }
  | KW_DECISION IDENT           { $$ = NODE(N_EX_ITEM); $$->op = XI_DECISION; $$->b = $2; }
  | KW_ECTS NUMBER              { $$ = NODE(N_EX_ITEM); $$->op = XI_ECTS; $$->n[0] = $2; }
  | KW_TOTAL NUMBER             { $$ = NODE(N_EX_ITEM); $$->op = XI_TOTAL; $$->n[0] = $2; }
  | IDENT KW_VRAI               { $$ = NODE(N_EX_ITEM); $$->op = XI_DIPLOMA; $$->a = $1; $$->flag = true; }
  | IDENT KW_FAUX               { $$ = NODE(N_EX_ITEM); $$->op = XI_DIPLOMA; $$->a = $1; $$->flag = false; }
  | error                       { $$ = NULL; RECOVER(); }
  ;

/* Expressions: one grammar for conditions and numbers; the checker types them. */
expr:
    expr KW_OU expr             { $$ = EXPR(ast_binary(A, OP_OR, $1, $3, @$), @2); }
  | expr KW_ET expr             { $$ = EXPR(ast_binary(A, OP_AND, $1, $3, @$), @2); }
  | KW_NON expr                 { $$ = EXPR(ast_unary(A, OP_NOT, $2, @$), @1); }
  | expr '=' expr               { $$ = EXPR(ast_binary(A, OP_EQ, $1, $3, @$), @2); }
  | expr NE expr                { $$ = EXPR(ast_binary(A, OP_NE, $1, $3, @$), @2); }
  | expr '<' expr               { $$ = EXPR(ast_binary(A, OP_LT, $1, $3, @$), @2); }
  | expr LE expr                { $$ = EXPR(ast_binary(A, OP_LE, $1, $3, @$), @2); }
  | expr '>' expr               { $$ = EXPR(ast_binary(A, OP_GT, $1, $3, @$), @2); }
  | expr GE expr                { $$ = EXPR(ast_binary(A, OP_GE, $1, $3, @$), @2); }
  | expr '+' expr               { $$ = EXPR(ast_binary(A, OP_ADD, $1, $3, @$), @2); }
  | expr '-' expr               { $$ = EXPR(ast_binary(A, OP_SUB, $1, $3, @$), @2); }
  | expr '*' expr               { $$ = EXPR(ast_binary(A, OP_MUL, $1, $3, @$), @2); }
  | expr '/' expr               { $$ = EXPR(ast_binary(A, OP_DIV, $1, $3, @$), @2); }
  | '-' expr %prec NEG          { $$ = EXPR(ast_unary(A, OP_NEG, $2, @$), @1); }
  | '(' expr ')'                { $$ = EXPR(ast_paren(A, $2, @$), @1); }
  | NUMBER                      { $$ = NODE(N_NUMBER); $$->n[0] = $1; }
  | IDENT                       { $$ = NODE(N_NAME); $$->a = $1; }
  | KW_NIVEAU                   { $$ = NODE(N_BUILTIN); $$->op = BI_LEVEL; }
  | KW_MOYENNE                  { $$ = NODE(N_BUILTIN); $$->op = BI_AVERAGE; }
  | KW_REDOUBLEMENT KW_POSSIBLE { $$ = NODE(N_BUILTIN); $$->op = BI_REPEAT_OK; }
  | KW_VRAI                     { $$ = NODE(N_BUILTIN); $$->op = BI_TRUE; }
  | KW_FAUX                     { $$ = NODE(N_BUILTIN); $$->op = BI_FALSE; }
  | agg '(' set ')'             { $$ = NODE(N_AGG); $$->op = $1; $$->lhs = $3; }
  ;
agg:
    KW_NOMBRE                   { $$ = AG_COUNT; }
  | KW_MIN                      { $$ = AG_MIN; }
  | KW_MAX                      { $$ = AG_MAX; }
  | KW_TOUS                     { $$ = AG_ALL; }
  | KW_AUCUN                    { $$ = AG_NONE; }
  ;
set:
    set_kind set_state          { $$ = NODE(N_SET); $$->op = $1; $$->op2 = $2; }
  | set_kind KW_DE semrefs set_state
                                { $$ = NODE(N_SET); $$->op = $1; $$->body = $3; $$->op2 = $4; }
  ;
set_kind:
    KW_RCUE                     { $$ = SK_RCUE; }
  | KW_UE                       { $$ = SK_UE; }
  ;
set_state:
    %empty                      { $$ = SS_ANY; }
  | KW_ACQUIS                   { $$ = SS_ACQUIRED; }
  | KW_NON KW_ACQUIS            { $$ = SS_NOT_ACQUIRED; }
  | KW_EN KW_ATTENTE            { $$ = SS_PENDING; }
  ;
semrefs:
    semref                      { $$ = $1; }
  | semrefs opt_comma semref    { $$ = ast_append($1, $3); }
  ;
semref:
    IDENT                       { $$ = NODE(N_SEMREF); $$->a = $1; }
  | IDENT KW_A IDENT            { $$ = NODE(N_SEMREF); $$->a = $1; $$->b = $3; }
  ;

%%


/* The name of a token kind for a message, in guillemets: « semestre ». */
static const char *sym_text(yysymbol_kind_t k) {
  static const char *const chars[] = {"{", "}", "(", ")", ":", ",", "+", "-", "*", "/", "=", "<", ">"};
  if (k == YYSYMBOL_YYEOF) return "fin du fichier";
  const char *s = yysymbol_name(k);
  if (s[0] == '\'' && s[1] && s[2] == '\'' && !s[3])
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++)
      if (chars[i][0] == s[1]) return chars[i];
  return s;
}

/* Describe what was found: the token's own text when it has one. */
static void describe_found(ParseCtx *ctx, yysymbol_kind_t k, const Loc *loc, char *buf, size_t n) {
  if (k == YYSYMBOL_YYEOF) {
    snprintf(buf, n, "fin du fichier");
    return;
  }
  size_t len;
  const char *line = source_line(ctx->src, loc->first_line, &len);
  size_t from = (size_t)(loc->first_column - 1);
  size_t to = loc->last_line == loc->first_line ? (size_t)(loc->last_column - 1) : len;
  if (from > len) from = len;
  if (to > len) to = len;
  if (to < from) to = from;
  size_t w = to - from;
  if (w > 40) w = 40;
  switch (k) {
  case YYSYMBOL_IDENT: snprintf(buf, n, "identifiant « %.*s »", (int)w, line + from); break;
  case YYSYMBOL_NUMBER: snprintf(buf, n, "nombre %.*s", (int)w, line + from); break;
  case YYSYMBOL_STRING: snprintf(buf, n, "libellé %.*s", (int)w, line + from); break;
  case YYSYMBOL_CITE: snprintf(buf, n, "citation « %.*s »", (int)w, line + from); break;
  default:
    if (k >= YYSYMBOL_KW_REGLEMENT && k <= YYSYMBOL_KW_FAUX && w > 0) /* as written: `validés`, `a` */
      snprintf(buf, n, "« %.*s »", (int)w, line + from);
    else
      snprintf(buf, n, "« %s »", sym_text(k));
    break;
  }
}

int rules_lex(YYSTYPE *val, Loc *loc, void *scanner);

/* Tokens that can begin a statement: a bad one at the start of its line is
** kept as the start of the next statement (see yyreport_syntax_error). */
static bool starts_statement(yysymbol_kind_t k) {
  switch (k) {
  case YYSYMBOL_YYEOF:
  case YYSYMBOL_KW_REGLEMENT: case YYSYMBOL_KW_COMPETENCE: case YYSYMBOL_KW_PARCOURS:
  case YYSYMBOL_KW_ANNEE: case YYSYMBOL_KW_ENSEIGNEMENTS: case YYSYMBOL_KW_SEMESTRE:
  case YYSYMBOL_KW_MARQUE: case YYSYMBOL_KW_CALCUL: case YYSYMBOL_KW_VALIDATION:
  case YYSYMBOL_KW_CONDITION: case YYSYMBOL_KW_DECISION: case YYSYMBOL_KW_REDOUBLEMENT:
  case YYSYMBOL_KW_DIPLOME: case YYSYMBOL_KW_CODE: case YYSYMBOL_KW_DISPOSITION:
  case YYSYMBOL_KW_ECTS: case YYSYMBOL_KW_NIVEAU: case YYSYMBOL_KW_RCUE: case YYSYMBOL_KW_RESSOURCE:
  case YYSYMBOL_KW_RESSOURCES: case YYSYMBOL_KW_SAE: case YYSYMBOL_KW_PORTFOLIO: case YYSYMBOL_KW_STAGE:
  case YYSYMBOL_KW_TOTAUX: case YYSYMBOL_KW_UE: case YYSYMBOL_KW_COMPENSATION: case YYSYMBOL_KW_NIVEAUX:
  case YYSYMBOL_KW_CAPITALISATION: case YYSYMBOL_KW_MOYENNES: case YYSYMBOL_KW_AFFICHAGE:
  case YYSYMBOL_KW_PAR: case YYSYMBOL_KW_AU: case YYSYMBOL_KW_VOTE: case YYSYMBOL_KW_SPECIALITE:
  case YYSYMBOL_KW_ETABLISSEMENT: case YYSYMBOL_KW_SEANCE: case YYSYMBOL_KW_DELIBERATION:
  case YYSYMBOL_KW_EXEMPLE: case YYSYMBOL_KW_NOTES: case YYSYMBOL_KW_ATTENDU:
    return true;
  default:
    return false;
  }
}

/* Tokens that never begin a statement but go on with an expression: a line
** that begins with one continues the statement of the line before. */
static bool continues_expr(yysymbol_kind_t k) {
  switch (k) {
  case YYSYMBOL_KW_ET: case YYSYMBOL_KW_OU: case YYSYMBOL_KW_NON: case YYSYMBOL_KW_SI:
  case YYSYMBOL_NE: case YYSYMBOL_LE: case YYSYMBOL_GE:
    return true;
  default:
    return k == YYTRANSLATE('=') || k == YYTRANSLATE('<') || k == YYTRANSLATE('>') ||
           k == YYTRANSLATE('+') || k == YYTRANSLATE('-') || k == YYTRANSLATE('*') ||
           k == YYTRANSLATE('/') || k == YYTRANSLATE('(') || k == YYTRANSLATE(')');
  }
}

/* The code of a source line: its length up to a comment (a '#' outside a
** label), and in *paren the '(' it opens minus the ')' it closes. */
static size_t code_len(const char *line, size_t len, int *paren) {
  bool in_str = false;
  for (size_t i = 0; i < len; i++) {
    char c = line[i];
    if (in_str) {
      if (c == '\\') i++;
      else if (c == '"') in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == '#') {
      return i;
    } else if (c == '(') {
      (*paren)++;
    } else if (c == ')') {
      (*paren)--;
    }
  }
  return len;
}

/* Whether code (n bytes) ends with an operator that needs a right-hand
** side: `et`, `ou`, `non`, `si`, `(`, a comparison, `+`, `*`, `/`. (Not
** `-`, which ends a coefficient entry, nor `,`, which a list may end with.) */
static bool ends_with_operator(const char *code, size_t n) {
  while (n > 0 && (code[n - 1] == ' ' || code[n - 1] == '\t' || code[n - 1] == '\r')) n--;
  if (n == 0) return false;
  char c = code[n - 1];
  if (c == '(' || c == '=' || c == '<' || c == '>' || c == '+' || c == '*' || c == '/') return true;
  static const char *const ops[] = {"≠", "≤", "≥"};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    size_t l = strlen(ops[i]);
    if (n >= l && memcmp(code + n - l, ops[i], l) == 0) return true;
  }
  size_t w = n;  /* the last word */
  while (w > 0 && ((code[w - 1] >= 'a' && code[w - 1] <= 'z') || (code[w - 1] >= 'A' && code[w - 1] <= 'Z') ||
                   (code[w - 1] >= '0' && code[w - 1] <= '9') || code[w - 1] == '_' || code[w - 1] == '.' ||
                   (unsigned char)code[w - 1] >= 0x80))
    w--;
  static const char *const words[] = {"et", "ou", "non", "si"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (n - w == strlen(words[i]) && memcmp(code + w, words[i], n - w) == 0) return true;
  return false;
}

/* During error recovery, whether the token t that begins line `line` goes
** on with the broken statement, whose last line is ctx->skip_line: it is an
** operator (`et`, `ou`, a comparison, …), or that line ends with one, or
** leaves a '(' open and t cannot begin a statement. *paren accumulates the
** parentheses left open by the skipped lines. */
static bool continues_statement(ParseCtx *ctx, int t, int line, int *paren) {
  yysymbol_kind_t k = YYTRANSLATE(t);
  if (t == '}' || line <= ctx->skip_line) return false;
  size_t len;
  const char *prev = source_line(ctx->src, ctx->skip_line, &len);
  size_t n = code_len(prev, len, paren);
  if (continues_expr(k) || ends_with_operator(prev, n)) return true;
  return *paren > 0 && !starts_statement(k) && k != YYSYMBOL_IDENT && k != YYSYMBOL_STRING &&
         k != YYSYMBOL_KW_TOUS;
}

/* The scanner, filtered for error recovery: after a syntax error in the
** middle of a line, the rest of that statement is dropped — the rest of the
** line, any block it opens, and the lines that go on with it (see
** continues_statement: `et …`, `ou …`, `)`, after a line ending in `et`…) —
** but a '}' closing an enclosing block is kept. All the dropping happens in
** one call, so the parentheses left open are counted in a local. */
int yylex(YYSTYPE *val, Loc *loc, void *scanner) {
  ParseCtx *ctx = yyget_extra(scanner);
  int paren = 0;
  for (;;) {
    int t = rules_lex(val, loc, scanner);
    if (ctx->skip_line && t != YYEOF) {
      if (ctx->skip_depth == 0 && continues_statement(ctx, t, loc->first_line, &paren))
        ctx->skip_line = loc->first_line;
      if (loc->first_line == ctx->skip_line || ctx->skip_depth > 0) {
        if (t == '{') { ctx->skip_depth++; continue; }
        if (t == '}') {
          if (ctx->skip_depth > 0) {
            if (--ctx->skip_depth == 0 && loc->first_line != ctx->skip_line) ctx->skip_line = 0;
            continue;
          }
          ctx->skip_line = 0;  /* closes an enclosing block: keep it */
        } else {
          continue;
        }
      }
      ctx->skip_line = 0;
    } else if (t == YYEOF) {
      ctx->skip_line = 0;
    }
    if (t == YYEOF) { /* the end of file is where the scanner stopped */
      loc->first_line = loc->last_line = ctx->line;
      loc->first_column = ctx->col;
      loc->last_column = ctx->col + 1;
    }
    ctx->prev_line = ctx->cur_line;
    ctx->cur_line = loc->first_line;
    return t;
  }
}

/* The other spellings of keywords with several (lexer.l), for "did you
** mean": `validés` is nearer `valdés` than `acquis` is. Spellings without
** accents are not listed: the comparison ignores accents. */
static const struct { yysymbol_kind_t kind; const char *text; } spellings[] = {
  {YYSYMBOL_KW_ACQUIS, "acquise"}, {YYSYMBOL_KW_ACQUIS, "acquises"},
  {YYSYMBOL_KW_ACQUIS, "validé"}, {YYSYMBOL_KW_ACQUIS, "validée"},
  {YYSYMBOL_KW_ACQUIS, "validés"}, {YYSYMBOL_KW_ACQUIS, "validées"},
  {YYSYMBOL_KW_TOUS, "toutes"}, {YYSYMBOL_KW_AUCUN, "aucune"},
};

/* The text of the number that ends just before `at` (the lookahead), when it
** has a decimal comma: into buf, with the comma's offset in *comma. The
** number may be on an earlier line (blank lines and comments between). */
static bool number_before(ParseCtx *ctx, Loc at, char *buf, size_t n, size_t *comma) {
  int l = at.first_line;
  size_t len;
  const char *line = source_line(ctx->src, l, &len);
  size_t end = (size_t)(at.first_column - 1) < len ? (size_t)(at.first_column - 1) : len;
  for (;;) {
    while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) end--;
    if (end > 0 || l <= 1) break;
    line = source_line(ctx->src, --l, &len);
    int paren = 0;
    end = code_len(line, len, &paren);
  }
  size_t b = end;
  while (b > 0 && ((line[b - 1] >= '0' && line[b - 1] <= '9') || line[b - 1] == ',' || line[b - 1] == '.')) b--;
  const char *c = memchr(line + b, ',', end - b);
  if (!c || c == line + b || c + 1 == line + end || end - b >= n) return false;
  memcpy(buf, line + b, end - b);
  buf[end - b] = '\0';
  *comma = (size_t)(c - (line + b));
  return true;
}

/* A misspelt keyword — an identifier, or another keyword (`ressource` for
** `ressources`, `semestres` for `semestre`): the expected keyword whose
** spelling is closest to the token at loc, every spelling of each counting
** (`validés` for `valdés`); NULL if none is close. Keywords of fewer than 4
** letters are not corrected into one another (`et`, `en`, `ou`, `au`: too
** close to mean anything). */
static const char *suggest_keyword(ParseCtx *ctx, yysymbol_kind_t got, Loc loc,
                                   const yysymbol_kind_t *exp, int nexp) {
  bool got_kw = got >= YYSYMBOL_KW_REGLEMENT && got <= YYSYMBOL_KW_FAUX;
  if ((got != YYSYMBOL_IDENT && !got_kw) || nexp == 0 || loc.last_line != loc.first_line) return NULL;
  size_t len;
  const char *line = source_line(ctx->src, loc.first_line, &len);
  size_t from = (size_t)(loc.first_column - 1), to = (size_t)(loc.last_column - 1);
  if (to > len || from >= to || (got_kw && utf8_width(line + from, to - from) < 4)) return NULL;
  const char *cands[YYNTOKENS + sizeof spellings / sizeof spellings[0]];
  size_t nc = 0;
  for (int i = 0; i < nexp; i++) {
    if (exp[i] < YYSYMBOL_KW_REGLEMENT || exp[i] > YYSYMBOL_KW_FAUX) continue;
    cands[nc++] = sym_text(exp[i]);
    for (size_t j = 0; j < sizeof spellings / sizeof spellings[0]; j++)
      if (spellings[j].kind == exp[i]) cands[nc++] = spellings[j].text;
  }
  char word[128];
  size_t wl = to - from < sizeof word - 1 ? to - from : sizeof word - 1;
  memcpy(word, line + from, wl);
  word[wl] = '\0';
  return suggest_best(word, cands, nc);
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, ParseCtx *ctx) {
  (void)scanner;
  yysymbol_kind_t got = yypcontext_token(yyctx);
  Loc loc = *yypcontext_location(yyctx);
  bool first_on_line = got == YYSYMBOL_YYEOF || ctx->prev_line < loc.first_line;
  ctx->recover_pending = 1;
  yysymbol_kind_t exp[YYNTOKENS];
  int nexp = yypcontext_expected_tokens(yyctx, exp, YYNTOKENS);
  /* Whether the parser was between two statements of a block. */
  bool at_boundary = false;
  for (int i = 0; i < nexp; i++)
    if (exp[i] == YYSYMBOL_YYEOF || exp[i] == YYTRANSLATE('}')) at_boundary = true;
  const char *best = suggest_keyword(ctx, got, loc, exp, nexp);
  /* A bad token that begins its line and can begin a statement is kept: the
  ** error is the previous statement's (or a '}' is missing before it). Not
  ** when it came between two statements and is a misspelling of one expected
  ** there (`ressource 60 {` in a UE): the line is that statement, misspelt,
  ** and is dropped with its block, like anything else (kept, the token would
  ** be rejected again in silence and its block throw the parser out of step). */
  if (got == YYTRANSLATE('}') || got == YYSYMBOL_YYEOF ||
      (first_on_line && starts_statement(got) && !(at_boundary && best))) {
    ctx->keep_lookahead = 1;   /* it starts the next statement, closes a block, or ends the file */
  } else {
    ctx->keep_lookahead = 0;
    ctx->skip_line = loc.first_line;
    ctx->skip_depth = got == YYTRANSLATE('{') ? 1 : 0;
  }
  char found[128];
  describe_found(ctx, got, &loc, found, sizeof found);
  if (got == YYSYMBOL_YYEOF && loc.first_line > 1 && loc.first_column == 1) {
    /* point at the end of the last line rather than past it */
    size_t len;
    int l = loc.first_line;
    while (l > 1 && (source_line(ctx->src, l, &len), len == 0)) l--;
    source_line(ctx->src, l, &len);
    loc.first_line = loc.last_line = l;
    loc.first_column = (int)len + 1;
    loc.last_column = loc.first_column + 1;
  }
  parse_error_at(ctx, loc, "%s %s", found, got == YYSYMBOL_YYEOF ? "inattendue" : "inattendu");
  bool wants_expr = false;
  for (int i = 0; i < nexp; i++) if (exp[i] == YYSYMBOL_KW_NOMBRE) wants_expr = true;
  if (wants_expr) {
    parse_note(ctx, "attendu : une expression (un nombre, une condition nommée, nombre(…), min(…), toutes(…), niveau…)");
  } else if (nexp > 0) {
    char list[1024];
    size_t o = 0;
    int shown = nexp > 12 ? 12 : nexp;
    for (int i = 0; i < shown && o < sizeof list; i++) {
      const char *sep = i == 0 ? "" : (i == shown - 1 && shown == nexp ? " ou " : ", ");
      int w = snprintf(list + o, sizeof list - o, "%s« %s »", sep, sym_text(exp[i]));
      if (w > 0) o += (size_t)w;
    }
    if (shown < nexp && o < sizeof list) snprintf(list + o, sizeof list - o, ", … (%d possibilités)", nexp);
    parse_note(ctx, "attendu : %s", list);
  }
  if (first_on_line && !at_boundary && got != YYSYMBOL_YYEOF && ctx->prev_line > 0 &&
      ctx->prev_line < loc.first_line)
    parse_note(ctx, "l’instruction qui se termine ligne %d est-elle incomplète ?", ctx->prev_line);
  if (best) parse_note(ctx, "vouliez-vous dire « %s » ?", best);
  /* `UE de S1, a S4`: in a list of semesters `a` is `à` (lexer.l). */
  if (got == YYSYMBOL_KW_A && strncmp(found, "« a »", strlen("« a »")) == 0)
    parse_note(ctx, "dans une liste de semestres, « a » se lit « à » : « UE de S1 à S4 »");
  /* `niveau 1,5 ECTS` for `niveau 1, 5 ECTS`: a number with a decimal comma
  ** just read where a list of numbers could go on. (The symbol that led to
  ** the state on top of the stack — yacc.c's yypcontext_t — is the last
  ** token read: with LAC nothing was reduced on the bad lookahead.) */
  if (YY_ACCESSING_SYMBOL(*yyctx->yyssp) == YYSYMBOL_NUMBER) {
    bool list = false;
    for (int i = 0; i < nexp; i++) if (exp[i] == YYSYMBOL_NUMBER) list = true;
    char num[64];
    size_t comma;
    if (list && number_before(ctx, *yypcontext_location(yyctx), num, sizeof num, &comma))
      parse_note(ctx, "« %s » se lit %s (un nombre décimal) ; pour une liste, écrivez « %.*s, %s »",
                 num, num, (int)comma, num, num + comma + 1);
  }
  return 0;
}

/* n, or an N_ERROR in its place when it is deeper than AST_MAX_DEPTH: said
** once, at its operator op (the N_ERROR then absorbs every node built on
** it: see ast.h). */
static Node *expr_cap(ParseCtx *ctx, Node *n, Loc op) {
  if (n->kind == N_ERROR || n->depth <= AST_MAX_DEPTH) return n;
  parse_error_at(ctx, op, "expression trop profonde : plus de %d opérations imbriquées", AST_MAX_DEPTH);
  parse_note(ctx, "la vérification et le calcul parcourent une expression niveau par niveau ; "
                  "réécrivez-la plus simplement");
  return ast_node(ctx->arena, N_ERROR, n->loc);
}

static void yyerror(Loc *loc, void *scanner, ParseCtx *ctx, const char *msg) {
  (void)scanner;
  if (strcmp(msg, "memory exhausted") == 0) {
    parse_error_at(ctx, *loc, "imbrication trop profonde : plus de %d niveaux de parenthèses ou de blocs", YYMAXDEPTH);
    parse_note(ctx, "découpez l’expression en conditions nommées (« condition … = … »)");
  } else {
    parse_error_at(ctx, *loc, "%s", msg);
  }
}
