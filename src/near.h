/*
** near.h — "who is at the edge?": student-years whose year decision would
** change if one UE or RCUE average moved by at most a margin.
**
** For each UE and RCUE average of a decided year, the thresholds the rules
** compare such averages with (the UE and RCUE conditions, and the floors the
** decision conditions put on min/max of UEs or RCUEs) give candidate moves:
** reaching a threshold from below, or falling just under it (by 0.01) from
** above, either directly or — for a UE — through its RCUE's average. Each
** candidate within the margin is evaluated (the whole student again, the
** one average forced) and reported when the year decision changes.
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
