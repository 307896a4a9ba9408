/*
** output.h — writing year records: JSON Lines (the machine contract of
** ../shared/spec/decisions-format.md), the jury's terminal table, CSV.
**
** Ownership: nothing is kept; each call writes one record to `out`.
*/
#ifndef MCCC_OUTPUT_H
#define MCCC_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "eval.h"

/* One record as one JSON object on one line, keys in the contract's order. */
void out_jsonl(FILE *out, const YearRecord *r);

/* A JSON string literal (escaped). */
void out_json_string(FILE *out, const char *s);
/* The same, or null when s is NULL. */
void out_json_string_or_null(FILE *out, const char *s);



/* The jury's view: one block per student-year. color: ANSI colours. */
void out_table(FILE *out, const YearRecord *r, bool color);

/* Spreadsheet rows: a header (once) then one row per student-year. */
typedef struct CsvOut {
  char sep;              /* ',' or ';' */
  char mark;             /* decimal mark '.' or ',' */
  const Model *m;        /* the rules giving the columns (UE ids, competences) */
  bool header_done;      /* header written */
} CsvOut;
void out_csv(FILE *out, CsvOut *c, const YearRecord *r);
#endif
