/*
** jsonl_eq.c — compare two JSON Lines files as JSON values, line by line
** (test tool). Exit 0 when every line is the same JSON value, 1 otherwise,
** printing the first differences; 2 on a read or parse error.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **read_lines(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return NULL;
  }
  char **v = NULL;
  size_t cap = 0;
  *n = 0;
  char *line = NULL;
  size_t lcap = 0;
  ssize_t len;
  while ((len = getline(&line, &lcap, f)) >= 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (len == 0) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 256;
      v = realloc(v, cap * sizeof *v);
      if (!v) abort();
    }
    v[(*n)++] = strdup(line);
  }
  free(line);
  fclose(f);
  return v;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: jsonl-eq EXPECTED GOT\n");
    return 2;
  }
  size_t ne, ng;
  char **e = read_lines(argv[1], &ne), **g = read_lines(argv[2], &ng);
  if (!e || !g) return 2;
  int bad = 0;
  if (ne != ng) {
    fprintf(stderr, "jsonl-eq: %zu records expected, %zu got\n", ne, ng);
    bad = 1;
  }
  size_t n = ne < ng ? ne : ng;
  int shown = 0;
  for (size_t i = 0; i < n; i++) {
    json_error_t err;
    json_t *a = json_loads(e[i], 0, &err), *b = json_loads(g[i], 0, &err);
    if (!a || !b) {
      fprintf(stderr, "jsonl-eq: line %zu: %s\n", i + 1, err.text);
      return 2;
    }
    if (!json_equal(a, b)) {
      bad = 1;
      if (shown++ < 5) fprintf(stderr, "line %zu differs:\n  expected %s\n  got      %s\n", i + 1, e[i], g[i]);
    }
    json_decref(a);
    json_decref(b);
  }
  if (shown > 5) fprintf(stderr, "… %d records differ\n", shown);
  for (size_t i = 0; i < ne; i++) free(e[i]);
  for (size_t i = 0; i < ng; i++) free(g[i]);
  free(e);
  free(g);
  return bad;
}
