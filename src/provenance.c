/*
** provenance.c — input digests for reports (see provenance.h).
*/
#include "provenance.h"
#include "arena.h"
#include "output.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool prov_sha256_file(const char *path, char hex[65]) {
  FILE *f = fopen(path, "rb");
  hex[0] = '\0';
  if (!f) return false;
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  unsigned char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) sha256_update(&ctx, n, buf);
  bool ok = !ferror(f);
  fclose(f);
  if (!ok) return false;
  uint8_t d[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof d, d);
  for (size_t i = 0; i < sizeof d; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
  return true;
}

void prov_add(Provenance *p, const char *role, const char *path) {
  p->v = xrealloc(p->v, (size_t)(p->n + 1) * sizeof *p->v);
  ProvFile *f = &p->v[p->n++];
  f->role = role;
  f->name = xstrdup(path);
  f->sha256[0] = '\0';
  f->hashed = false;
  struct stat st;
  /* regular files only: writing to a named pipe changes its times */
  f->stated = stat(path, &st) == 0 && S_ISREG(st.st_mode);
  f->dev = f->stated ? (unsigned long long)st.st_dev : 0;
  f->ino = f->stated ? (unsigned long long)st.st_ino : 0;
  f->size = f->stated ? (long long)st.st_size : 0;
  f->mtime_s = f->stated ? (long long)st.st_mtim.tv_sec : 0;
  f->mtime_ns = f->stated ? (long)st.st_mtim.tv_nsec : 0;
  f->ctime_s = f->stated ? (long long)st.st_ctim.tv_sec : 0;
  f->ctime_ns = f->stated ? (long)st.st_ctim.tv_nsec : 0;
}

const char *prov_changed(const Provenance *p) {
  for (int i = 0; i < p->n; i++) {
    const ProvFile *f = &p->v[i];
    if (!f->stated) continue;
    struct stat st;
    if (stat(f->name, &st) != 0 || (unsigned long long)st.st_dev != f->dev || (unsigned long long)st.st_ino != f->ino ||
        (long long)st.st_size != f->size || (long long)st.st_mtim.tv_sec != f->mtime_s ||
        (long)st.st_mtim.tv_nsec != f->mtime_ns || (long long)st.st_ctim.tv_sec != f->ctime_s ||
        (long)st.st_ctim.tv_nsec != f->ctime_ns)
      return f->name;
  }
  return NULL;
}

/* Digests are computed when first shown: a JSON Lines run to standard
** output does not pay for reading its inputs twice. */
static const char *digest(const ProvFile *cf) {
  ProvFile *f = (ProvFile *)cf;
  if (!f->hashed) {
    if (!prov_sha256_file(f->name, f->sha256)) f->sha256[0] = '\0';
    f->hashed = true;
  }
  return f->sha256;
}

void prov_hash(const Provenance *p) {
  for (int i = 0; i < p->n; i++) (void)digest(&p->v[i]);
}

void prov_print(FILE *out, const Provenance *p, const char *prefix) {
  fprintf(out, "%smccc %s\n", prefix, MCCC_VERSION);
  for (int i = 0; i < p->n; i++)
    fprintf(out, "%s%s : %s (sha256 %s)\n", prefix, p->v[i].role, p->v[i].name,
            digest(&p->v[i])[0] ? p->v[i].sha256 : "illisible");
}

void prov_json(FILE *out, const Provenance *p) {
  fprintf(out, "{\"mccc\":\"%s\",\"inputs\":[", MCCC_VERSION);
  for (int i = 0; i < p->n; i++) {
    fputs(i ? ",{\"role\":" : "{\"role\":", out);
    out_json_string(out, p->v[i].role);
    fputs(",\"path\":", out);
    out_json_string(out, p->v[i].name);
    fputs(",\"sha256\":", out);
    out_json_string(out, digest(&p->v[i]));
    fputc('}', out);
  }
  fputs("]}\n", out);
}

void prov_free(Provenance *p) {
  for (int i = 0; i < p->n; i++) free(p->v[i].name);
  free(p->v);
  p->v = NULL;
  p->n = 0;
}
