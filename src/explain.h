/*
** explain.h — "why this decision?": the derivation of every code of a
** student-year, each step citing the rules file's line and the regulation's
** article, with what would have changed a missed UE or RCUE.
**
** Called from the evaluator's emit callback (the record's evaluation context
** is valid only then). Ownership: nothing is kept.
*/
#ifndef MCCC_EXPLAIN_H
#define MCCC_EXPLAIN_H

#include <stdio.h>

#include "eval.h"

typedef enum { EXPLAIN_FR, EXPLAIN_EN } ExplainLang;

/* Human text. Citations name the rules file the record was evaluated
** under (r->model->src). */
void explain_text(FILE *out, const YearRecord *r, ExplainLang lang);
/* The same derivation as one JSON object (one line). */
void explain_json(FILE *out, const YearRecord *r);

/* The lowest grade (2 decimals) of course `c` that would make UE `u` pass,
** all other grades equal: 1 and *g set; 0 when none up to 20 would; -1 when
** not computable (threshold not of the form "moyenne >= N", pending UE…). */
int explain_lever_ue(const YearRecord *r, const UeResult *u, const MCourse **c, mpq_t g);

#endif
