/*
** examples.h — `mccc test`: the regulation's authors' own examples.
**
** An example (`exemple "…" §5-2 { notes … attendu … }`, see LANGUAGE.md) is
** a student written by hand — grades per semester, `toutes N` filling every
** counting course — and the codes the regulation must give. The runner
** checks every name of the example against the rules (located errors in
** the tests file), turns the grades into a cohort, evaluates it, compares
** each expected code and reports each failure as expected vs got, followed
** by the explanation of that year.
**
** Ownership: nothing is kept after examples_run returns.
*/
#ifndef MCCC_EXAMPLES_H
#define MCCC_EXAMPLES_H

#include <stdio.h>

#include "explain.h"
#include "model.h"

typedef struct ExampleTally {
  int passed;            /* examples whose every expectation held */
  int failed;            /* examples with a wrong code, or an input error */
} ExampleTally;

/* Run the examples found in `ast` (parsed from `src`) against model m. */
void examples_run(const Model *m, const Ast *ast, const Source *src, ExplainLang lang,
                  FILE *out, Diags *d, ExampleTally *t);

#endif
