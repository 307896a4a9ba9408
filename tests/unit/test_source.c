/* Unit tests for src/source.c (loading files: read, or mapped from 8 MiB on)
** and for the change detection of src/provenance.c (prov_add, prov_changed).
**
** Files are written in a directory made with mkdtemp under $TMPDIR (or
** /tmp), emptied and removed at the end. The mapped cases check the bytes,
** the NUL after them (the reserved anonymous page when the size is a
** multiple of the page size), copy on write, and, on Linux, that the file
** is mapped while the Source lives and unmapped by source_free
** (/proc/self/maps). */
/* realpath is not in POSIX's base set: glibc's default set has it. */
#define _DEFAULT_SOURCE 1

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "provenance.h"
#include "source.h"

#define MIB ((size_t)1 << 20)
#define MAP_SIZE (8 * MIB) /* source.c's MAP_MIN: from this size on, a regular file is mapped */

/* ---- fixtures ---------------------------------------------------------------- */

/* The temporary directory of the group (made by setup, removed by teardown). */
static char tmpdir[512];

static int group_setup(void **state) {
  (void)state;
  const char *t = getenv("TMPDIR");
  if (!t || !*t) t = "/tmp";
  snprintf(tmpdir, sizeof tmpdir, "%s/test_source_XXXXXX", t);
  return mkdtemp(tmpdir) ? 0 : -1;
}

/* Removes whatever a failed test left in the directory, then the directory. */
static int group_teardown(void **state) {
  (void)state;
  DIR *d = opendir(tmpdir);
  if (d) {
    struct dirent *e;
    char p[1024];
    while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
      chmod(p, 0700);
      if (unlink(p) != 0) rmdir(p);
    }
    closedir(d);
  }
  return rmdir(tmpdir) == 0 ? 0 : -1;
}

/* tmpdir/name in buf. */
static const char *tpath(char *buf, size_t size, const char *name) {
  int n = snprintf(buf, size, "%s/%s", tmpdir, name);
  assert_true(n > 0 && (size_t)n < size);
  return buf;
}

static void write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) fail_msg("impossible de créer %s : %s", path, strerror(errno));
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

/* The whole file as it is on disk (malloc'ed), *len its size. */
static char *read_back(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("impossible de relire %s : %s", path, strerror(errno));
  size_t cap = 1 << 16, n = 0;
  char *b = malloc(cap);
  assert_non_null(b);
  for (;;) {
    if (n == cap) {
      cap *= 2;
      b = realloc(b, cap);
      assert_non_null(b);
    }
    size_t got = fread(b + n, 1, cap - n, f);
    if (got == 0) break;
    n += got;
  }
  assert_int_equal(ferror(f), 0);
  fclose(f);
  *len = n;
  return b;
}

static size_t count_lf(const char *p, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += p[i] == '\n';
  return k;
}

/* len bytes of lines "L0000001 ...\n" of varying lengths (the last one cut
** wherever len falls), after the prefix pre (may be ""). malloc'ed. */
static char *make_lines(const char *pre, size_t len) {
  char *b = malloc(len + 1);
  assert_non_null(b);
  size_t n = strlen(pre);
  assert_true(n <= len);
  memcpy(b, pre, n);
  static const char pad[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char line[128];
  for (size_t i = 1; n < len; i++) {
    int k = snprintf(line, sizeof line, "L%07zu;%.*s\n", i, (int)(i * 7 % 60), pad);
    size_t m = (size_t)k < len - n ? (size_t)k : len - n;
    memcpy(b + n, line, m);
    n += m;
  }
  b[len] = '\0';
  return b;
}

static size_t page_size(void) {
  long pg = sysconf(_SC_PAGESIZE);
  assert_true(pg > 0);
  return (size_t)pg;
}

/* Whether /proc/self/maps lists a mapping of path: 1 yes, 0 no, -1 when
** /proc cannot tell (not Linux). */
static int mapped_in_proc(const char *given) {
  char *path = realpath(given, NULL); /* /proc shows the path resolved */
  assert_non_null(path);
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) {
    free(path);
    return -1;
  }
  char line[4096];
  size_t n = strlen(path);
  int found = 0;
  while (fgets(line, sizeof line, f)) {
    size_t k = strcspn(line, "\n");
    line[k] = '\0';
    if (k >= n && !strcmp(line + k - n, path) && (k == n || line[k - n - 1] == ' ')) found = 1;
  }
  fclose(f);
  free(path);
  return found;
}

/* Loads path, which must load; err must stay empty. */
static Source *load_ok(const char *path) {
  char err[512] = "";
  errno = 0;
  Source *s = source_load(path, err, sizeof err);
  if (!s) fail_msg("source_load(%s) a échoué : %s", path, err);
  return s;
}

/* The bytes, the final NUL, the line count of a loaded Source. */
static void check_content(const Source *s, const char *want, size_t len) {
  assert_int_equal(s->len, len);
  assert_true(s->text >= s->base);
  if (len) assert_memory_equal(s->text, want, len);
  assert_int_equal(s->text[len], '\0');
  assert_int_equal(s->nlines, 1 + count_lf(want, len));
}

/* Line `line` of s must be exactly want. */
static void check_line(const Source *s, int line, const char *want) {
  size_t n = 12345;
  const char *p = source_line(s, line, &n);
  assert_non_null(p);
  if (n != strlen(want) || memcmp(p, want, n) != 0)
    fail_msg("ligne %d : « %.*s » au lieu de « %s »", line, (int)(n < 200 ? n : 200), p, want);
}

/* ---- small files: read ----------------------------------------------------------- */

static void test_small_file_read(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "petit.txt");
  static const char data[] = "a\nb\xC3\xA9\r\n\nfin";
  size_t len = sizeof data - 1;
  write_file(path, data, len);
  Source *s = load_ok(path);
  assert_int_equal(s->maplen, 0);
  assert_string_equal(s->name, path);
  check_content(s, data, len);
  assert_int_equal(s->nlines, 4);
  check_line(s, 1, "a");
  check_line(s, 2, "b\xC3\xA9"); /* without its CR */
  check_line(s, 3, "");
  check_line(s, 4, "fin");
  check_line(s, 5, ""); /* past the end: empty */
  source_free(s);

  /* empty: read, one (empty) line, still NUL-terminated */
  write_file(path, "", 0);
  s = load_ok(path);
  assert_int_equal(s->maplen, 0);
  check_content(s, "", 0);
  assert_int_equal(s->nlines, 1);
  source_free(s);
  assert_int_equal(unlink(path), 0);
}

/* The byte profile made while counting lines: `plain` (no NUL, no byte
** >= 0x80 after a UTF-8 byte order mark) and `has_cr`, for texts around the
** 16-byte steps of the vector loop, and after the text changed. */
static void test_byte_profile(void **state) {
  (void)state;
  static const struct {
    const char *text;
    size_t len;
    bool plain, cr;
  } cases[] = {
      {"", 0, true, false},
      {"a,b\n1,2\n", 8, true, false},
      {"\xEF\xBB\xBF" "a,b\n", 7, true, false},           /* the mark alone is not counted */
      {"\xEF\xBB\xBF\xEF\xBB\xBF" "a\n", 8, false, false}, /* a second one is */
      {"a\r\nb", 4, true, true},
      {"0123456789abcdef0123456789abcdef\xC3\xA9", 34, false, false}, /* in the tail */
      {"0123456789abcdef0123456789abcde\x80\n", 33, false, false},     /* in a vector step */
      {"0123456789abcdef\0" "0123456789abcdef", 33, false, false},      /* a NUL */
      {"0123456789abcdef0123456789abcdef\r", 33, true, true},
      {"0123456789\rabcdef0123456789abcdef", 33, true, true},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    Source *s = source_from_memory("t", cases[i].text, cases[i].len);
    assert_int_equal(s->plain, cases[i].plain);
    assert_int_equal(s->has_cr, cases[i].cr);
    source_free(s);
  }
  /* a large text: every position of one odd byte in the first 80 */
  size_t n = 4096;
  char *big = malloc(n);
  assert_non_null(big);
  for (size_t at = 0; at < 80; at++) {
    for (size_t k = 0; k < n; k++) big[k] = (char)(k % 50 == 49 ? '\n' : 'a' + k % 26);
    big[at] = '\xE9';
    Source *s = source_from_memory("t", big, n);
    assert_false(s->plain);
    assert_false(s->has_cr);
    size_t lf = 0;
    for (size_t k = 0; k < n; k++) lf += big[k] == '\n';
    assert_int_equal(s->nlines, 1 + lf);
    source_free(s);
    big[at] = '\r';
    s = source_from_memory("t", big, n);
    assert_true(s->plain);
    assert_true(s->has_cr);
    /* the text changes (a reader turns the CR into a LF): profiled again */
    s->text[at] = '\n';
    source_text_changed(s);
    assert_false(s->has_cr);
    source_free(s);
  }
  free(big);
}

/* One byte short of the threshold: still read, not mapped. */
static void test_just_below_threshold_read(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "sous-seuil.csv");
  size_t len = MAP_SIZE - 1;
  char *data = make_lines("", len);
  write_file(path, data, len);
  Source *s = load_ok(path);
  assert_int_equal(s->maplen, 0);
  check_content(s, data, len);
  source_free(s);
  free(data);
  assert_int_equal(unlink(path), 0);
}

/* ---- large files: mapped ------------------------------------------------------------ */

/* 8 MiB and some bytes: mapped, the same bytes, a NUL after them (in the
** zeroed tail of the file's last page), the lines counted. */
static void test_large_file_mapped(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "grand.csv");
  size_t len = MAP_SIZE + 12345;
  char *data = make_lines("student,year,semester,parcours,course,grade\n", len);
  write_file(path, data, len);
  Source *s = load_ok(path);
  assert_int_not_equal(s->maplen, 0);
  size_t page = page_size();
  assert_int_equal(s->maplen % page, 0);
  assert_true(s->maplen >= len + 1);
  check_content(s, data, len);
  assert_true(s->nlines > 100000);
  int in_maps = mapped_in_proc(path);
  if (in_maps >= 0) assert_int_equal(in_maps, 1); /* really a mapping of the file */
  source_free(s);
  if (in_maps >= 0) assert_int_equal(mapped_in_proc(path), 0); /* and unmapped by source_free */
  free(data);
  assert_int_equal(unlink(path), 0);
}

/* Exactly 8 MiB, a multiple of the page size: the byte after the file is in
** the anonymous page reserved after the file's pages, and is NUL. */
static void test_page_multiple_mapped(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "exact.csv");
  size_t len = MAP_SIZE, page = page_size();
  assert_int_equal(len % page, 0);
  char *data = make_lines("", len);
  data[len - 1] = 'z'; /* the last byte is not a line end: it is followed by the NUL */
  write_file(path, data, len);
  Source *s = load_ok(path);
  assert_int_not_equal(s->maplen, 0);
  assert_int_equal(s->maplen % page, 0);
  assert_true(s->maplen >= len + page); /* the file's pages, and one more */
  check_content(s, data, len);
  assert_int_equal(s->text[len - 1], 'z');
  check_line(s, 1, "L0000001;abcdefg");
  source_free(s);

  /* two pages more than the threshold, ending with a line end */
  len = MAP_SIZE + 2 * page;
  free(data);
  data = make_lines("", len);
  data[len - 1] = '\n';
  write_file(path, data, len);
  s = load_ok(path);
  assert_int_not_equal(s->maplen, 0);
  check_content(s, data, len);
  size_t n = 99;
  source_line(s, (int)s->nlines, &n); /* the empty line after the final LF */
  assert_int_equal(n, 0);
  source_free(s);
  free(data);
  assert_int_equal(unlink(path), 0);
}

/* Writing into a mapped Source (the readers normalise in place) changes
** neither the file nor another Source of the same file. */
static void test_mapped_copy_on_write(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "cow.csv");
  size_t len = MAP_SIZE + 777;
  char *data = make_lines("", len);
  write_file(path, data, len);
  Source *s = load_ok(path);
  Source *t = load_ok(path);
  assert_int_not_equal(s->maplen, 0);
  assert_int_not_equal(t->maplen, 0);
  assert_ptr_not_equal(s->text, t->text);
  size_t lines = s->nlines;
  assert_int_not_equal(s->text[0], 'X');
  s->text[0] = 'X';
  s->text[len / 2] = 'Y';
  s->text[len - 1] = 'Z';
  assert_int_equal(s->text[0], 'X');
  assert_int_equal(s->text[len - 1], 'Z');
  /* a byte made a line end: source_text_changed counts it */
  assert_int_not_equal(s->text[1], '\n');
  s->text[1] = '\n';
  source_text_changed(s);
  assert_int_equal(s->nlines, lines + 1);
  check_line(s, 1, "X");

  /* the file on disk is unchanged */
  size_t n = 0;
  char *disk = read_back(path, &n);
  assert_int_equal(n, len);
  assert_memory_equal(disk, data, len);
  free(disk);
  /* and so is the other mapping of it */
  check_content(t, data, len);
  source_free(t);
  /* nor does a new load see the writes */
  t = load_ok(path);
  check_content(t, data, len);
  source_free(t);
  source_free(s);
  free(data);
  assert_int_equal(unlink(path), 0);
}

/* Lines of a mapped Source, before and after source_drop_prefix (a byte
** order mark read past, then a whole line); source_free then unmaps the
** mapping from its start, not from the moved text. */
static void test_mapped_lines_and_drop_prefix(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "bom.csv");
  static const char pre[] = "\xEF\xBB\xBF"
                            "premi\xC3\xA8re ligne\r\n"
                            "deuxi\xC3\xA8me ligne\n"
                            "\n";
  size_t len = MAP_SIZE + 4321;
  char *data = make_lines(pre, len);
  write_file(path, data, len);
  Source *s = load_ok(path);
  assert_int_not_equal(s->maplen, 0);
  check_content(s, data, len);
  check_line(s, 1, "\xEF\xBB\xBF"
                   "premi\xC3\xA8re ligne");
  check_line(s, 2, "deuxi\xC3\xA8me ligne");
  check_line(s, 3, "");
  check_line(s, 4, "L0000001;abcdefg");
  check_line(s, 5, "L0000002;abcdefghijklmn");
  assert_int_equal(source_char_col(s, 1, 4), 1); /* after the mark: column 1 */
  assert_int_equal(source_char_col(s, 1, 11), 7); /* the r after "premiè": è is one character */
  /* the last line: what follows the last LF of the data */
  const char *last = strrchr(data, '\n') + 1;
  check_line(s, (int)s->nlines, last);

  char *text0 = s->text, *base0 = s->base;
  size_t lines0 = s->nlines;
  source_drop_prefix(s, 3);
  assert_ptr_equal(s->text, text0 + 3);
  assert_ptr_equal(s->base, base0);
  assert_int_equal(s->len, len - 3);
  assert_int_equal(s->nlines, lines0);
  check_line(s, 1, "premi\xC3\xA8re ligne");
  check_line(s, 2, "deuxi\xC3\xA8me ligne");
  check_line(s, (int)s->nlines, last);

  size_t first = strlen("premi\xC3\xA8re ligne\r\n");
  source_drop_prefix(s, first);
  assert_ptr_equal(s->text, text0 + 3 + first);
  assert_int_equal(s->nlines, lines0 - 1);
  check_line(s, 1, "deuxi\xC3\xA8me ligne");
  check_line(s, 3, "L0000001;abcdefg");
  check_line(s, (int)s->nlines, last);
  assert_int_equal(s->text[s->len], '\0');

  int in_maps = mapped_in_proc(path);
  if (in_maps >= 0) assert_int_equal(in_maps, 1);
  source_free(s);
  if (in_maps >= 0) assert_int_equal(mapped_in_proc(path), 0);
  free(data);
  assert_int_equal(unlink(path), 0);
}

/* ---- errors ----------------------------------------------------------------------- */

static void test_load_errors(void **state) {
  (void)state;
  char err[4096], want[4096], path[2048];

  /* a directory */
  memset(err, 'x', sizeof err);
  errno = 0;
  assert_null(source_load(tmpdir, err, sizeof err));
  assert_int_equal(errno, EISDIR);
  snprintf(want, sizeof want, "« %s » est un dossier, pas un fichier", tmpdir);
  assert_string_equal(err, want);

  /* a missing file */
  tpath(path, sizeof path, "absent.csv");
  memset(err, 'x', sizeof err);
  errno = 0;
  assert_null(source_load(path, err, sizeof err));
  assert_int_equal(errno, ENOENT);
  snprintf(want, sizeof want, "impossible de lire « %s » : fichier introuvable", path);
  assert_string_equal(err, want);

  /* a path through a file */
  char file[1024];
  tpath(file, sizeof file, "fichier");
  write_file(file, "x", 1);
  snprintf(path, sizeof path, "%s/dessous", file);
  errno = 0;
  assert_null(source_load(path, err, sizeof err));
  assert_int_equal(errno, ENOTDIR);
  snprintf(want, sizeof want, "impossible de lire « %s » : un élément du chemin n’est pas un dossier", path);
  assert_string_equal(err, want);
  assert_int_equal(unlink(file), 0);

  /* a large file that cannot be opened (the mapping's own open): only
  ** when not root, who may open anything */
  if (geteuid() != 0) {
    tpath(path, sizeof path, "interdit.csv");
    size_t len = MAP_SIZE + 1;
    char *data = make_lines("", len);
    write_file(path, data, len);
    free(data);
    assert_int_equal(chmod(path, 0), 0);
    errno = 0;
    assert_null(source_load(path, err, sizeof err));
    assert_int_equal(errno, EACCES);
    snprintf(want, sizeof want, "impossible de lire « %s » : permission refusée", path);
    assert_string_equal(err, want);
    assert_int_equal(unlink(path), 0);
  }
}

/* ---- provenance: inputs changed during a run ------------------------------------------ */

/* Sets the modification time of path to its current one plus delta seconds. */
static void shift_mtime(const char *path, long delta) {
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  struct timespec ts[2] = {st.st_atim, st.st_mtim};
  ts[1].tv_sec += delta;
  assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void test_prov_unchanged_then_resized(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "notes-a.csv");
  write_file(path, "a,b\n1,2\n", 8);
  Provenance p = {0};
  prov_add(&p, "notes", path);
  assert_int_equal(p.n, 1);
  assert_true(p.v[0].stated);
  assert_null(prov_changed(&p));
  assert_null(prov_changed(&p)); /* asking changes nothing */
  /* read, but not written: still the same */
  size_t n = 0;
  free(read_back(path, &n));
  assert_null(prov_changed(&p));
  /* rewritten with another size */
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  struct timespec ts[2] = {st.st_atim, st.st_mtim};
  write_file(path, "a,b\n1,2\n3,4\n", 12);
  const char *f = prov_changed(&p);
  assert_non_null(f);
  assert_string_equal(f, path);
  assert_ptr_equal(f, p.v[0].name);
  /* even when its time is put back as it was: the size tells */
  assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
  f = prov_changed(&p);
  assert_non_null(f);
  assert_string_equal(f, path);
  prov_free(&p);
  assert_int_equal(p.n, 0);
  assert_int_equal(unlink(path), 0);
}

static void test_prov_mtime_only(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "notes-b.csv");
  write_file(path, "a,b\n1,2\n", 8);
  Provenance p = {0};
  prov_add(&p, "notes", path);
  assert_null(prov_changed(&p));
  shift_mtime(path, -3600); /* same size, same bytes, another time */
  const char *f = prov_changed(&p);
  assert_non_null(f);
  assert_string_equal(f, path);
  prov_free(&p);

  /* a change of the nanoseconds only */
  prov_add(&p, "notes", path);
  assert_null(prov_changed(&p));
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  struct timespec ts[2] = {st.st_atim, st.st_mtim};
  ts[1].tv_nsec = ts[1].tv_nsec == 500000000 ? 250000000 : 500000000;
  assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
  assert_int_equal(stat(path, &st), 0);
  if (st.st_mtim.tv_nsec == ts[1].tv_nsec) { /* the file system keeps nanoseconds */
    f = prov_changed(&p);
    assert_non_null(f);
    assert_string_equal(f, path);
  }
  prov_free(&p);
  assert_int_equal(unlink(path), 0);
}

static void test_prov_removed(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "notes-c.csv");
  write_file(path, "a,b\n", 4);
  Provenance p = {0};
  prov_add(&p, "notes", path);
  assert_null(prov_changed(&p));
  assert_int_equal(unlink(path), 0);
  const char *f = prov_changed(&p);
  assert_non_null(f);
  assert_string_equal(f, path);
  prov_free(&p);
}

/* Another file put in its place (an editor's save), of the same size and
** time: a change all the same (another inode). */
static void test_prov_replaced(void **state) {
  (void)state;
  char path[1024], other[1024];
  tpath(path, sizeof path, "notes-d.csv");
  tpath(other, sizeof other, "notes-d.csv.new");
  write_file(path, "a,b\n1,2\n", 8);
  Provenance p = {0};
  prov_add(&p, "notes", path);
  write_file(other, "a,b\n1,3\n", 8);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  struct timespec ts[2] = {st.st_atim, st.st_mtim};
  assert_int_equal(utimensat(AT_FDCWD, other, ts, 0), 0);
  assert_int_equal(rename(other, path), 0);
  const char *f = prov_changed(&p);
  assert_non_null(f);
  assert_string_equal(f, path);
  prov_free(&p);
  assert_int_equal(unlink(path), 0);
}

/* A path that could not be stat'ed when added is never reported: not while
** missing, not once created; the inputs are checked in order. */
static void test_prov_missing_never_reported(void **state) {
  (void)state;
  char missing[1024], a[1024], b[1024];
  tpath(missing, sizeof missing, "pas-encore.csv");
  tpath(a, sizeof a, "notes-e.csv");
  tpath(b, sizeof b, "notes-f.csv");
  write_file(a, "a\n", 2);
  write_file(b, "b\n", 2);
  Provenance p = {0};
  prov_add(&p, "règles", missing);
  prov_add(&p, "notes", a);
  prov_add(&p, "notes", b);
  assert_int_equal(p.n, 3);
  assert_false(p.v[0].stated);
  assert_true(p.v[1].stated);
  assert_null(prov_changed(&p));
  write_file(missing, "maintenant\n", 11);
  assert_null(prov_changed(&p));
  /* the second input changed: reported, though the first exists now */
  write_file(b, "bb\n", 3);
  const char *f = prov_changed(&p);
  assert_non_null(f);
  assert_string_equal(f, b);
  /* both changed: the first in order */
  write_file(a, "aa\n", 3);
  f = prov_changed(&p);
  assert_non_null(f);
  assert_string_equal(f, a);
  prov_free(&p);
  assert_int_equal(unlink(missing), 0);
  assert_int_equal(unlink(a), 0);
  assert_int_equal(unlink(b), 0);
}

/* A large (mapped) input rewritten in place with the same size while its
** Source lives: prov_changed sees it (its time), whatever the mapping shows. */
static void test_prov_large_input_rewritten(void **state) {
  (void)state;
  char path[1024];
  tpath(path, sizeof path, "grand-notes.csv");
  size_t len = MAP_SIZE + 100;
  char *data = make_lines("", len);
  write_file(path, data, len);
  shift_mtime(path, -60); /* an old file: the rewrite below gets a later time */
  Provenance p = {0};
  prov_add(&p, "notes", path);
  Source *s = load_ok(path);
  assert_int_not_equal(s->maplen, 0);
  assert_null(prov_changed(&p));
  data[0] = 'M';
  FILE *f = fopen(path, "r+b");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, 1, f), 1);
  assert_int_equal(fclose(f), 0);
  const char *c = prov_changed(&p);
  assert_non_null(c);
  assert_string_equal(c, path);
  source_free(s);
  prov_free(&p);
  free(data);
  assert_int_equal(unlink(path), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_small_file_read),
    cmocka_unit_test(test_byte_profile),
    cmocka_unit_test(test_just_below_threshold_read),
    cmocka_unit_test(test_large_file_mapped),
    cmocka_unit_test(test_page_multiple_mapped),
    cmocka_unit_test(test_mapped_copy_on_write),
    cmocka_unit_test(test_mapped_lines_and_drop_prefix),
    cmocka_unit_test(test_load_errors),
    cmocka_unit_test(test_prov_unchanged_then_resized),
    cmocka_unit_test(test_prov_mtime_only),
    cmocka_unit_test(test_prov_removed),
    cmocka_unit_test(test_prov_replaced),
    cmocka_unit_test(test_prov_missing_never_reported),
    cmocka_unit_test(test_prov_large_input_rewritten),
  };
  return cmocka_run_group_tests_name("source", tests, group_setup, group_teardown);
}
