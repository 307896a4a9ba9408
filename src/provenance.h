/*
** provenance.h — which inputs produced a report: each file's role, name and
** SHA-256 (nettle), and mccc's version. Human reports print it in their
** header; JSON Lines outputs (a fixed contract) get it in a manifest file
** written beside them.
**
** Ownership: a Provenance owns copies of the names; prov_free releases them.
*/
#ifndef MCCC_PROVENANCE_H
#define MCCC_PROVENANCE_H

#include <stdbool.h>
#include <stdio.h>

#define MCCC_VERSION "0.1.0"

typedef struct ProvFile {
  const char *role;      /* "règles", "notes", "décisions du jury", "historique" (static) */
  char *name;            /* path as given */
  char sha256[65];       /* hex digest, or "" when the file could not be read */
  bool hashed;           /* sha256 computed (lazily, when first shown) */
  bool stated;           /* the file could be stat'ed when added: the fields below are set */
  unsigned long long dev, ino; /* its identity then ... */
  long long size;        /* ... its size ... */
  long long mtime_s;     /* ... and its modification time (seconds, */
  long mtime_ns;         /* nanoseconds) ... */
  long long ctime_s;     /* ... and its status change time (which no one */
  long ctime_ns;         /* can set back: `touch -r` cannot hide a rewrite) */
} ProvFile;

typedef struct Provenance {
  ProvFile *v;           /* inputs in command-line order */
  int n;                 /* how many */
} Provenance;

/* Adds an input, noting, when it is a regular file, its identity, size,
** modification and status change times (stat), before it is read. */
void prov_add(Provenance *p, const char *role, const char *path);
/* The first input that is no longer what it was when added (another file,
** another size, modification or status change time, or gone; not one that
** was not a regular file then), or NULL. A run checks this before committing its output:
** a file rewritten while mccc read it may have been read half old, half new
** (and a large file is mapped: its bytes are read as they are on disk). */
const char *prov_changed(const Provenance *p);
/* "mccc 0.1.0 — règles : r.mccc (sha256 …)" lines, each prefixed by `prefix`. */
void prov_print(FILE *out, const Provenance *p, const char *prefix);
/* JSON object {"mccc":"0.1.0","inputs":[{"role":…,"path":…,"sha256":…}]}. */
void prov_json(FILE *out, const Provenance *p);
void prov_free(Provenance *p);
/* Computes every digest now (they are otherwise computed when first shown):
** before the check that no input changed, so that a manifest hashes what
** was read. */
void prov_hash(const Provenance *p);

/* SHA-256 of a file as 64 hex digits; false when it cannot be read. */
bool prov_sha256_file(const char *path, char hex[65]);

#endif
