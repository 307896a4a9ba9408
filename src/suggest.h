/*
** suggest.h — "did you mean" suggestions.
**
** Words are compared after case folding and removal of accents (utf8proc),
** with the Damerau–Levenshtein (optimal string alignment) distance. A
** candidate is suggested when it is close enough for the word's length.
** No ownership: returns one of the candidate pointers, or NULL.
*/
#ifndef MCCC_SUGGEST_H
#define MCCC_SUGGEST_H

#include <stddef.h>

const char *suggest_best(const char *word, const char *const *cands, size_t n);
/* Distance between two words after folding (exposed for tests). */
int suggest_distance(const char *a, const char *b);

#endif
