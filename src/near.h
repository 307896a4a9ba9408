/*
** near.h — "who is at the edge?": student-years whose year decision would
** change if one UE or RCUE average moved by at most a margin.
**
** For each UE and RCUE average of a decided year, the thresholds the rules
** compare such averages with (the UE and RCUE conditions, and the floors the
** decision conditions put on min/max of UEs or RCUEs, whatever their
** comparison: >=, >, <=, <, =, !=) give candidate moves: the nearest value
** on the other side of the threshold, up or down — an average that meets
** the condition moves to the nearest one that fails it and the other way
** round, t itself when the other side includes t, else one step beyond —
** either directly or, for a UE, through its RCUE's average. The step is
** the rules' own: 10^-N when the means are rounded to N decimals, else one
** unit of the last displayed decimal; averages are shown as the rules
** display them. Each candidate within the margin is evaluated (the whole
** student again, the one average forced) and reported when the year
** decision changes.
**
** Ownership: a NearScan owns a second evaluator and the findings it
** collected (near_free).
*/
#ifndef MCCC_NEAR_H
#define MCCC_NEAR_H

#include <stdio.h>

#include "eval.h"
#include "grades.h"

typedef struct NearScan NearScan;

/* `hooks` are those of the main run (model_for, overrides, history; emit is
** replaced internally); margin is exact. */
NearScan *near_new(const EvalHooks *hooks, const Cohort *cohort, mpq_srcptr margin);
/* Examine one record (call from the main run's emit callback). */
void near_record(NearScan *n, const YearRecord *r, Diags *d);
/* Write the findings: human text (French) or JSON Lines. */
void near_print(const NearScan *n, FILE *out, bool json);
long near_count(const NearScan *n);
void near_free(NearScan *n);

#endif
