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
} ProvFile;

typedef struct Provenance {
  ProvFile *v;           /* inputs in command-line order */
  int n;                 /* how many */
} Provenance;

void prov_add(Provenance *p, const char *role, const char *path);
/* "mccc 0.1.0 — règles : r.mccc (sha256 …)" lines, each prefixed by `prefix`. */
void prov_print(FILE *out, const Provenance *p, const char *prefix);
/* JSON object {"mccc":"0.1.0","inputs":[{"role":…,"path":…,"sha256":…}]}. */
void prov_json(FILE *out, const Provenance *p);
void prov_free(Provenance *p);

/* SHA-256 of a file as 64 hex digits; false when it cannot be read. */
bool prov_sha256_file(const char *path, char hex[65]);

#endif
