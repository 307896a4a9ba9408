/*
** diag.h — diagnostics: errors and warnings with a location, printed as
**
**   file:line:col: error: message
**      12 |   ressources 60 { R1.01 42  R1.99 12 }
**         |                             ^~~~~
**   note: did you mean 'R1.09'?
**
** Every phase (lexer, parser, checker, readers, evaluator) adds to a Diags
** context instead of printing or exiting; main decides the exit status from
** the counts. Ownership: a Diags owns its messages (heap); the Sources they
** quote are borrowed and must outlive it. diags_free() releases everything.
*/
#ifndef MCCC_DIAG_H
#define MCCC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

typedef enum {
  DIAG_ERROR,      /* the input cannot be used as it is */
  DIAG_WARNING,    /* the input is usable but inconsistent */
  DIAG_NOTE        /* standalone information (e.g. an ignored column) */
} DiagLevel;

typedef struct Diag {
  DiagLevel level;       /* severity */
  const Source *src;     /* quoted source, or NULL for a message about a whole file */
  const char *file;      /* file name when src is NULL (borrowed) */
  Loc loc;               /* where; first_line 0 = no position */
  char *msg;             /* the message, heap */
  char *note;            /* a following "note:" line (suggestion, expected...), heap or NULL */
} Diag;

typedef struct Diags {
  Diag *v;               /* diagnostics in the order they were found */
  size_t n;              /* how many */
  size_t cap;            /* allocated */
  int nerr;              /* errors among them */
  int nwarn;             /* warnings among them */
} Diags;

void diags_init(Diags *d);
void diags_free(Diags *d);

void diag_add(Diags *d, DiagLevel level, const Source *src, Loc loc,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_file(Diags *d, DiagLevel level, const char *file,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A diagnostic about line `line` of a file that is not quoted. */
void diag_line(Diags *d, DiagLevel level, const char *file, unsigned line,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Attach (or extend, on a new line) the note of the last diagnostic. */
void diag_note(Diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print every diagnostic; colour when `color` (caller checks isatty/NO_COLOR). */
void diags_print(const Diags *d, FILE *out, bool color);
/* Print one diagnostic. */
void diag_print(const Diag *g, FILE *out, bool color);

/* Display width (terminal columns) of a UTF-8 string of `len` bytes. */
int utf8_width(const char *s, size_t len);

#endif
