/*
** inputs.h — the evaluator's two other inputs, read and validated against a
** Model: the jury's overrides (a CSV file, semantics rules 21 and 23) and a
** history given as earlier decisions (mccc's own JSON Lines output,
** ../shared/spec/decisions-format.md, ../shared/spec/grades-format.md
** "History as decisions").
**
** Both readers report every input error into a Diags with file:line:col
** (1-based line, 1-based byte column of the culprit value), the value
** (quoted by source_quote: shortened when long), what was expected and a
** "vouliez-vous dire" note where one helps; they read on
** to the end of the file to report all its errors. A line in error is not
** kept, and the student it names is marked: *_student_has_error() tells the
** caller to give that student no decision (grades-format.md, "Errors").
**
** Jury overrides file (CSV; any dialect csv.h reads: separator , ; or TAB,
** BOM, CRLF or CR, quotes, Windows-1252):
**     student,year,target,code,reason
**     21002345,2025-2026,UE3.4,ADJ,"jury du 27 juin : stage validé"
**   - the header is required, columns in any order, names compared without
**     case and surrounding spaces; other columns are ignored and said in one
**     DIAG_NOTE per file; a missing or doubled column is an error: no line
**     is then used, and every student the lines name (when the student
**     column is there) is marked;
**   - a line with more fields than the header is an error (an unquoted
**     separator in a reason); one that stops before a required column too;
**     trailing ignored columns may be left out; a line of empty fields is
**     a warning;
**   - values are trimmed of surrounding ASCII spaces and tabs;
**   - student: not empty, at most SOURCE_ID_MAX (200) bytes, no control
**     character (a line in error otherwise, that marks no student);
**   - year: "AAAA-AAAA", two consecutive years;
**   - target: a UE id declared in the rules (any parcours), "C<n>" with n a
**     declared competence (its RCUE), a semester id declared in the rules,
**     or "year";
**   - code: a jury code of the rules ("code jury ADJ …") or a computed code
**     ADM CMP ADSUP AJ ATT PASD RED NAR; "year" takes a year code (ADM PASD
**     RED NAR ATT or a jury code), the other targets a UE-type code (ADM CMP
**     ADSUP AJ ATT or a jury code);
**   - reason: not empty (the jury must say why);
**   - the same (student, year, target) twice — in one file or across the
**     files read into one Overrides — is an error (on the second line).
** Whether the target exists in the student's year (a parcours-A UE for a
** parcours-D student…) is the evaluator's to check: it needs the grades.
**
** History file (JSON Lines, exactly the decisions format): one JSON object
** per line, blank lines skipped, a UTF-8 BOM skipped, LF or CRLF. Each
** line is parsed by jansson (duplicate keys rejected); a syntax error is
** reported at the byte column of the offending token, in French with its
** line and (character) column: "JSON invalide, ligne 2 colonne 17 : fin de
** ligne au milieu d’un objet (il manque « } » ?)" (jansson's "end of file"
** is the end of the line); a text of jansson's not known is quoted after
** "erreur de syntaxe (jansson : …)". Then keys and types
** are checked strictly (no unknown key, no missing key; "jury" entries may
** carry an optional "reason"), and the values against the Model: level
** 1..years of the rules; parcours declared (null allowed only where the
** rules do not need one); each "ues" entry a UE of that year for that
** parcours (of the odd semester only when "decision" is null), not twice,
** every such UE present; average null or 0..20; UE code ADM CMP ADSUP AJ ATT
** or a jury code; ects = the UE's credits if its code acquires it, else 0;
** "rcues" one per RCUE of the year (empty for a mid-year record), code ADM AJ
** ATT or a jury code; "lower" UEs of lower levels, code ADSUP; "decision"
** ADM PASD RED NAR ATT, a jury code, or null; ects.year = sum of the UEs'
** ects, 0 <= ects.year <= ects.total; dut, but booleans; "jury" entries
** {target, computed, code[, reason]} checked like overrides. The same
** (student, year) twice is an error. A semantic error points at the value
** (its first byte) and quotes the key and the value as written.
**
** Averages are exact: the text of the JSON number is located in the line
** (a small scanner walks the already-validated line to the value's key) and
** read with num_parse (an exponent, "1.25e1", is applied exactly), so 12.34
** is 1234/100 and never goes through a double.
**
** Records are filled as eval.h describes them (from_history = true, model =
** the Model given, UEs ordered by semester then competence, RCUEs by
** competence with their UE indexes, acquired from the code, computed codes
** taken from the "jury" entries, midyear = decision null, reason "" when the
** line gives none; clause NULL, no blocking list, no missing courses).
**
** Ownership: an Overrides, like a History, owns one arena (every string and
** record it hands out, the UeResult/RcueResult arrays), its arrays, and the
** Sources of the files it read, which its diagnostics quote: free the Diags
** before or together with it. history_free() clears the mpq of every
** UeResult and RcueResult. Strings that come from the Model (UE ids, jury
** codes, parcours ids) point into the Model, which must outlive the object.
** Pointers returned by *_for() stay valid until the next *_read_* or _free
** on the same object. Not thread-safe per object; no global state.
*/
#ifndef MCCC_INPUTS_H
#define MCCC_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "eval.h"
#include "model.h"

/* ---- jury overrides ---- */

typedef struct Overrides Overrides;

Overrides *overrides_new(void);
/* Read one overrides file. Returns 0 if it was read (maybe with input
** errors, in d), -1 if it could not be read at all (missing, directory,
** empty, not a CSV file) — also reported in d. */
int overrides_read_file(Overrides *o, const Model *m, const char *path, Diags *d);
/* Same from memory (copied); name is used in messages. */
int overrides_read_memory(Overrides *o, const Model *m, const char *name, const char *data,
                          size_t len, Diags *d);
/* The valid overrides of a student, all years, in reading order; *n gets
** their count (0 and NULL when none). */
const Override *overrides_for(const Overrides *o, const char *student, int *n);
/* A line in error names this student: the evaluator gives them no decision. */
bool overrides_student_has_error(const Overrides *o, const char *student);
/* Number of valid overrides kept. */
size_t overrides_count(const Overrides *o);
/* The i-th valid override (i < overrides_count), in reading order (files in
** the order they were read, lines in file order); NULL past the end. Its
** `file` is the name of the file it comes from (valid until
** overrides_free). Valid until the next overrides_read_* or _free. */
const Override *overrides_at(const Overrides *o, size_t i);
/* The name of the last file read (as given to overrides_read_*), NULL
** before any; valid until overrides_free. */
const char *overrides_file(const Overrides *o);
void overrides_free(Overrides *o);

/* ---- history as decisions ---- */

typedef struct History History;

History *history_new(void);
/* Read one history file (JSON Lines). Returns as overrides_read_file. */
int history_read_file(History *h, const Model *m, const char *path, Diags *d);
/* Same from memory (copied). */
int history_read_memory(History *h, const Model *m, const char *name, const char *data, size_t len,
                        Diags *d);
/* The valid records of a student, sorted by year; *n gets their count. */
const YearRecord *history_for(const History *h, const char *student, int *n);
/* The history names this student (in a valid line or in a line in error). */
bool history_has(const History *h, const char *student);
/* history_has() with the signature cohort_finish() expects (ctx: History). */
bool history_has_cb(const char *student, void *ctx);
/* A line in error names this student: the evaluator gives them no decision. */
bool history_student_has_error(const History *h, const char *student);
/* Number of valid records kept. */
size_t history_count(const History *h);
void history_free(History *h);

#endif
