/*
** source.h — a loaded input file and positions in it.
**
** Ownership: a Source owns its name, its bytes and its line index; free it
** with source_free(). Diagnostics keep a pointer to the Source they quote,
** so a Source must outlive the Diags that mention it.
*/
#ifndef MCCC_SOURCE_H
#define MCCC_SOURCE_H

#include <stddef.h>

/* A span in a source. Lines are 1-based; columns are 1-based *byte* offsets
** in their line, last_column one past the last byte. Field names are the
** ones bison's YYLLOC_DEFAULT expects. */
typedef struct Loc {
  int first_line;    /* line of the first byte */
  int first_column;  /* byte column of the first byte */
  int last_line;     /* line of the last byte */
  int last_column;   /* byte column one past the last byte */
} Loc;

typedef struct Source {
  char *name;        /* path as given by the user, for messages */
  char *text;        /* the bytes, NUL-terminated (may contain NULs before len) */
  size_t len;        /* number of bytes */
  size_t *lines;     /* byte offset of the start of each line (lines[0] = line 1) */
  size_t nlines;     /* number of lines */
} Source;

/* Read a whole file. On failure returns NULL and writes a message
** ("cannot read 'x': No such file or directory", "'x' is a directory"). */
Source *source_load(const char *path, char *err, size_t errlen);
/* Wrap bytes already in memory (copied). */
Source *source_from_memory(const char *name, const char *data, size_t len);
void    source_free(Source *s);

/* The text of line `line` (1-based) without its line end; *len gets its length. */
const char *source_line(const Source *s, int line, size_t *len);

/* Column in characters (1-based) of byte column `bcol` on a line. */
int source_char_col(const Source *s, int line, int bcol);

#endif
