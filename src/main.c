/*
** main.c — the mccc command: argument parsing, dispatch, exit status.
**
** Only main exits; every phase reports into a Diags. Exit statuses:
**   0  success (check: no error; warnings allowed unless --strict)
**   1  the input has errors (check: errors, or warnings with --strict;
**      fmt --check: a file is not formatted)
**   2  usage error, or a file cannot be read or written
*/
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "diff.h"
#include "eval.h"
#include "examples.h"
#include "explain.h"
#include "fmt.h"
#include "grades.h"
#include "inputs.h"
#include "model.h"
#include "near.h"
#include "num.h"
#include "output.h"
#include "parse.h"
#include "provenance.h"
#include "suggest.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>


static const char usage_text[] =
  "usage: mccc COMMAND [OPTIONS] ARGS\n"
  "\n"
  "commands:\n"
  "  check [--strict] RULES...   resolve and check rules files; report errors and warnings\n"
  "  fmt [--check] RULES...      print the canonical layout (--check: exit 1 if not formatted;\n"
  "                              -w: rewrite the files in place)\n"
  "  eval [OPTIONS] RULES GRADES...\n"
  "                              decide every UE, RCUE and year of every student\n"
  "      --format jsonl|table|csv   output (default: table on a terminal, else jsonl)\n"
  "      --output FILE              write there (atomically) instead of standard output\n"
  "      --overrides FILE           jury overrides (student,year,target,code,reason)\n"
  "      --history FILE             earlier years as decisions (JSON Lines of mccc eval)\n"
  "      --rules-for YEAR=RULES     rules file for one academic year (e.g. 2024-2025=old.mccc)\n"
  "      --year Y --semester S --parcours P   defaults for wide-form grade files\n"
  "      --csv-fr                   CSV with ';' and decimal comma\n"
  "      --student ID               only this student\n"
  "  explain --student ID [--year Y] [--lang fr|en] [--format text|json] RULES GRADES...\n"
  "                              why each code: the derivation, citing the rules and articles\n"
  "                              (accepts eval's --overrides, --history, --rules-for)\n"
  "  near [--near MARGIN] [--format text|json] RULES GRADES...\n"
  "                              student-years whose decision one average moved by at most\n"
  "                              MARGIN (default 0,5) would change: the cases a jury discusses\n"
  "  diff [--format text|json] OLD NEW [--impact GRADES...]\n"
  "                              what changed between two rules files, by meaning; with\n"
  "                              --impact, which student-years' codes change (exit 0 same,\n"
  "                              1 different, 2 trouble)\n"
  "  test [--lang fr|en] RULES [TESTS...]\n"
  "                              run the authors' examples (exemple blocks) of RULES and TESTS:\n"
  "                              each failure as expected vs got, with the explanation\n"
  "  dump-ast RULES              print the syntax tree (for debugging and tests)\n"
  "  version                     print mccc's version\n"
  "\n"
  "exit status: 0 ok, 1 errors in the input (or warnings with --strict), 2 usage or I/O error,\n"
  "             3 (eval) no input error but some decisions are pending (ATT)\n";

static bool want_color(FILE *f) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return false;
  return isatty(fileno(f));
}

/* Load, parse and resolve a rules file. Diagnostics go to d. Returns NULL
** (and prints) when the file cannot be read. */
typedef struct Rules {
  Source *src;   /* the text */
  Ast *ast;      /* its tree */
  Model *model;  /* resolved, NULL if syntax errors prevented it */
} Rules;

static bool rules_load(const char *path, Rules *r, Diags *d, bool resolve) {
  memset(r, 0, sizeof *r);
  char err[512];
  r->src = source_load(path, err, sizeof err);
  if (!r->src) {
    fprintf(stderr, "mccc: %s\n", err);
    return false;
  }
  int before = d->nerr;
  r->ast = parse_rules(r->src, d);
  if (resolve && d->nerr == before) r->model = model_build(r->ast, r->src, d);
  return true;
}

static void rules_free(Rules *r) {
  model_free(r->model);
  ast_free(r->ast);
  source_free(r->src);
}

static int cmd_check(int argc, char **argv) {
  bool strict = false;
  int nfiles = 0, rc = 0;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--strict") == 0) strict = true;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "mccc check: option inconnue « %s »\n%s", argv[i], usage_text);
      return 2;
    } else nfiles++;
  }
  if (nfiles == 0) {
    fprintf(stderr, "mccc check: aucun fichier de règles donné\n%s", usage_text);
    return 2;
  }
  bool color = want_color(stderr);
  for (int i = 0; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1]) continue;
    Diags d;
    diags_init(&d);
    Rules r;
    if (!rules_load(argv[i], &r, &d, true)) {
      diags_free(&d);
      rc = 2;
      continue;
    }
    if (r.model && d.nerr == 0) model_check(r.model, &d);
    diags_print(&d, stderr, color);
    fprintf(stderr, "%s: %d erreur%s, %d avertissement%s\n", argv[i], d.nerr, d.nerr > 1 ? "s" : "",
            d.nwarn, d.nwarn > 1 ? "s" : "");
    if ((d.nerr || (strict && d.nwarn)) && rc == 0) rc = 1;
    diags_free(&d);
    rules_free(&r);
  }
  return rc;
}

/* ---- atomic output files ---- */

#define OUT_BUF ((size_t)1 << 16) /* stdio buffer of outputs that are not a terminal */

typedef struct OutFile {
  FILE *f;            /* where to write */
  char *buf;          /* f's buffer (owned; freed after fclose), or NULL */
  char *tmp;          /* temporary path (NULL: standard output) */
  const char *path;   /* final path */
} OutFile;

/* Large inputs are mapped, not read (source.h): when another program cuts
** such a file short while mccc runs, reading its lost pages raises SIGBUS.
** Not a crash: the handler removes the temporary output files (no partial
** output is left) and exits with status 2 and a message. Their paths are
** mccc's one process-wide mutable state: a signal handler has no other way
** to reach them. */
#define MAX_PENDING 4
static char *volatile pending_tmp[MAX_PENDING];

static void on_sigbus(int sig) {
  (void)sig;
  for (int i = 0; i < MAX_PENDING; i++) {
    char *t = pending_tmp[i];
    if (t) unlink(t);
  }
  static const char msg[] = "mccc: un fichier d’entrée a été raccourci pendant sa lecture (par un autre "
                            "programme) : résultats abandonnés ; relancez mccc quand il ne change plus\n";
  ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)w;
  _exit(2);
}

static void pending_set(char *tmp, bool on) {
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending_tmp[i] == (on ? NULL : tmp)) {
      pending_tmp[i] = on ? tmp : NULL;
      return;
    }
}

static bool out_open(OutFile *o, const char *path) {
  memset(o, 0, sizeof *o);
  if (!path || !strcmp(path, "-")) {
    o->f = stdout;
    return true;
  }
  o->path = path;
  size_t n = strlen(path) + 32;
  o->tmp = xmalloc(n);
  snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(o->tmp);
  if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
    int e = errno;
    if (e == ENOENT) /* the file itself is created: a missing directory */
      fprintf(stderr, "mccc: impossible d’écrire « %s » : son dossier n’existe pas\n", path);
    else fprintf(stderr, "mccc: impossible d’écrire « %s » : %s\n", path, source_strerror(e));
    if (fd >= 0) close(fd);
    free(o->tmp);
    o->tmp = NULL;
    return false;
  }
  pending_set(o->tmp, true);
  /* records are written whole: a larger buffer, fewer writes (glibc sizes
  ** the buffers it makes itself by the block size) */
  o->buf = malloc(OUT_BUF);
  if (o->buf) (void)setvbuf(o->f, o->buf, _IOFBF, OUT_BUF);
  return true;
}

/* Commit (ok) or discard the output. Returns false on a write error. */
static bool out_close(OutFile *o, bool ok) {
  if (!o->tmp) {
    if (fflush(stdout) == 0 && !ferror(stdout)) return true;
    fprintf(stderr, "mccc: erreur d’écriture sur la sortie standard : %s\n", source_strerror(errno));
    return false;
  }
  bool good = ok && fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
  if (fclose(o->f) != 0) good = false;
  free(o->buf);
  o->buf = NULL;
  if (good && rename(o->tmp, o->path) != 0) {
    fprintf(stderr, "mccc: impossible d’écrire « %s » : %s\n", o->path, source_strerror(errno));
    good = false;
  }
  if (!good) unlink(o->tmp);
  pending_set(o->tmp, false);
  free(o->tmp);
  return good || !ok;
}

/* ---- fmt ---- */

static int cmd_fmt(int argc, char **argv) {
  bool check = false, write = false;
  int nfiles = 0, rc = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--check")) check = true;
    else if (!strcmp(argv[i], "-w")) write = true;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "mccc fmt: option inconnue « %s »\n%s", argv[i], usage_text);
      return 2;
    } else nfiles++;
  }
  if (nfiles == 0) {
    fprintf(stderr, "mccc fmt: aucun fichier de règles donné\n%s", usage_text);
    return 2;
  }
  for (int i = 0; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1]) continue;
    Diags d;
    diags_init(&d);
    Rules r;
    if (!rules_load(argv[i], &r, &d, false)) {
      diags_free(&d);
      rc = 2;
      continue;
    }
    if (d.nerr) { /* never format a file that does not parse */
      diags_print(&d, stderr, want_color(stderr));
      rc = rc ? rc : 1;
    } else {
      char *buf = NULL;
      size_t len = 0;
      FILE *mem = open_memstream(&buf, &len);
      int w = mem ? fmt_write(r.ast, r.src, mem) : -1;
      if (mem) fclose(mem);
      if (w != 0 || !buf) {
        fprintf(stderr, "mccc fmt: impossible de mettre en forme « %s » (mémoire épuisée ?)\n", argv[i]);
        rc = 2;
      } else if (check) {
        if (len != r.src->len || memcmp(buf, r.src->text, len) != 0) {
          fprintf(stderr, "%s: pas au format canonique (lancez « mccc fmt -w %s »)\n", argv[i], argv[i]);
          rc = rc ? rc : 1;
        }
      } else if (write) {
        if (len != r.src->len || memcmp(buf, r.src->text, len) != 0) {
          OutFile o;
          if (!out_open(&o, argv[i])) rc = 2;
          else {
            fwrite(buf, 1, len, o.f);
            if (!out_close(&o, true)) rc = 2;
          }
        }
      } else {
        fwrite(buf, 1, len, stdout);
      }
      free(buf);
    }
    diags_free(&d);
    rules_free(&r);
  }
  return rc; /* a failed write to stdout: main says so */
}

/* ---- eval ---- */

typedef struct YearRules {
  char *year;          /* "2024-2025" */
  int start;           /* 2024 */
  Rules rules;         /* its rules */
} YearRules;

typedef struct EvalRun {
  Rules *main;         /* default rules (also the reading model) */
  YearRules *per;      /* per-year rules */
  int nper;            /* how many */
  Overrides *ovs;      /* jury overrides, or NULL */
  History *hist;       /* earlier decisions, or NULL */
  int format;          /* 0 jsonl, 1 table, 2 csv */
  bool color;          /* table colours */
  FILE *out;           /* output */
  CsvOut csv;          /* CSV state */
  Diags *d;            /* diagnostics */
  long records;        /* records written */
  long pending;        /* records with a pending decision or UE */
  const char *student; /* only this student, or NULL */
  Provenance prov;     /* the inputs, with their digests */
} EvalRun;

static const Model *run_model_for(int start, void *ctx) {
  EvalRun *r = ctx;
  if (start < 0) return r->main->model;
  for (int i = 0; i < r->nper; i++)
    if (r->per[i].start == start) return r->per[i].rules.model;
  return r->main->model;
}

static const Override *run_overrides(const char *student, int *n, void *ctx) {
  EvalRun *r = ctx;
  *n = 0;
  return r->ovs ? overrides_for(r->ovs, student, n) : NULL;
}

static const YearRecord *run_history(const char *student, int *n, void *ctx) {
  EvalRun *r = ctx;
  *n = 0;
  return r->hist ? history_for(r->hist, student, n) : NULL;
}

static bool run_has_history(const char *id, void *ctx) {
  EvalRun *r = ctx;
  return r->hist && history_has(r->hist, id);
}

static void run_emit(const YearRecord *rec, void *ctx) {
  EvalRun *r = ctx;
  bool pending = !rec->midyear && rec->decision && !strcmp(rec->decision, "ATT");
  for (int i = 0; i < rec->nues; i++) {
    const UeResult *u = &rec->ues[i];
    if (!strcmp(u->code, "ATT")) pending = true;
    if (u->nmissing && !u->kept && r->format != 1) {
      char list[256] = "";
      size_t o = 0;
      for (int k = 0; k < u->nmissing && k < 8; k++) {
        int w = snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", u->missing[k]);
        if (w > 0 && (size_t)w < sizeof list - o) o += (size_t)w;
      }
      diag_file(r->d, DIAG_NOTE, NULL, "%s %s : pas de note pour %s%s (%s en attente)", rec->student,
                rec->year, list, u->nmissing > 8 ? ", …" : "", u->id);
    }
  }
  if (pending) r->pending++;
  r->records++;
  switch (r->format) {
  case 0: out_jsonl(r->out, rec); break;
  case 1: out_table(r->out, rec, r->color); break;
  default: out_csv(r->out, &r->csv, rec); break;
  }
}

/* The provenance of an output file, in FILE.manifest.json (atomically). */
static bool write_manifest(const char *output, const Provenance *p) {
  size_t n = strlen(output) + 16;
  char *path = xmalloc(n);
  snprintf(path, n, "%s.manifest.json", output);
  OutFile mf;
  bool ok = out_open(&mf, path);
  if (ok) {
    prov_json(mf.f, p);
    ok = out_close(&mf, true);
  }
  free(path);
  return ok;
}

/* The end of a run that wrote `of`: for an output file, its diagnostics are
** printed first (they may quote a mapped input: a SIGBUS there still finds
** the output uncommitted, see on_sigbus), the digests of a manifest
** computed, then the output is committed (with its manifest when
** `manifest`) only if no input changed meanwhile (provenance.h: reported,
** *moved set). Standard output, which cannot be taken back, is flushed
** before the diagnostics, as they always came. Returns false on a write
** error. */
static bool run_commit(OutFile *of, const char *output, bool manifest, const Provenance *prov, Diags *d,
                       bool color, bool *moved) {
  bool to_file = of->tmp != NULL;
  if (to_file) diags_print(d, stderr, color);
  manifest = manifest && output && strcmp(output, "-") != 0;
  if (manifest) prov_hash(prov);
  const char *f = prov_changed(prov);
  if (f)
    fprintf(stderr, "mccc: « %s » a changé pendant l’exécution de mccc : résultats abandonnés ; relancez mccc "
                    "quand il ne change plus\n", f);
  *moved = f != NULL;
  bool wrote = out_close(of, !*moved);
  if (wrote && !*moved && manifest) wrote = write_manifest(output, prov);
  if (!to_file) diags_print(d, stderr, color);
  return wrote;
}

/* Options shared by eval and explain. */
typedef struct RunOpts {
  const char *format;      /* --format */
  const char *output;      /* --output */
  const char *ovpath;      /* --overrides */
  const char *histpath;    /* --history */
  const char *student;     /* --student (explain) */
  const char *year;        /* --year: wide-form default, and explain's year */
  const char *lang;        /* --lang fr|en (explain) */
  const char *near;        /* --near MARGIN (near) */
  GradesOptions gopt;      /* wide-form defaults */
  bool csv_fr;             /* --csv-fr */
  const char *pos[256];    /* RULES GRADES… */
  int npos;                /* how many */
  const char *rules_for[64]; /* --rules-for YEAR=RULES */
  int nrules_for;          /* how many */
} RunOpts;

static int parse_run_opts(const char *cmd, int argc, char **argv, RunOpts *o) {
  memset(o, 0, sizeof *o);
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
#define VALUE(dst)                                                                 \
  do {                                                                             \
    if (i + 1 >= argc) {                                                           \
      fprintf(stderr, "mccc %s: l’option %s attend une valeur\n%s", cmd, a, usage_text);        \
      return 2;                                                                    \
    }                                                                              \
    dst = argv[++i];                                                               \
  } while (0)
    if (!strcmp(a, "--format")) VALUE(o->format);
    else if (!strcmp(a, "--output") || !strcmp(a, "-o")) VALUE(o->output);
    else if (!strcmp(a, "--overrides")) VALUE(o->ovpath);
    else if (!strcmp(a, "--history")) VALUE(o->histpath);
    else if (!strcmp(a, "--year")) { VALUE(o->year); o->gopt.year = o->year; }
    else if (!strcmp(a, "--semester")) VALUE(o->gopt.semester);
    else if (!strcmp(a, "--parcours")) VALUE(o->gopt.parcours);
    else if (!strcmp(a, "--student")) VALUE(o->student);
    else if (!strcmp(a, "--lang")) VALUE(o->lang);
    else if (!strcmp(a, "--near")) VALUE(o->near);
    else if (!strcmp(a, "--csv-fr")) o->csv_fr = true;
    else if (!strcmp(a, "--rules-for")) {
      if (o->nrules_for == 64) {
        fprintf(stderr, "mccc %s: trop d’options --rules-for (au plus 64)\n", cmd);
        return 2;
      }
      VALUE(o->rules_for[o->nrules_for]);
      o->nrules_for++;
    } else if (a[0] == '-' && a[1]) {
      static const char *const known[] = {"--format", "--output",   "--overrides", "--history", "--rules-for",
                                          "--year",   "--semester", "--parcours",  "--student", "--lang",
                                          "--near",   "--csv-fr"};
      fprintf(stderr, "mccc %s: option inconnue « %s »\n", cmd, a);
      const char *sug = suggest_best(a, known, sizeof known / sizeof known[0]);
      if (sug) fprintf(stderr, "vouliez-vous dire « %s » ?\n", sug);
      fputs(usage_text, stderr);
      return 2;
    } else if (o->npos < 256) {
      o->pos[o->npos++] = a;
    } else {
      fprintf(stderr, "mccc %s: trop de fichiers (au plus 256)\n", cmd);
      return 2;
    }
#undef VALUE
  }
  if (o->npos < 2) {
    fprintf(stderr, "mccc %s: il faut un fichier de règles et au moins un fichier de notes\n%s", cmd, usage_text);
    return 2;
  }
  return 0;
}

/* An option given to a command it means nothing to is a usage error, never
** silently ignored. */
static int refuse_opts(const char *cmd, const RunOpts *o, bool lang, bool near, bool csv) {
  const char *bad = (!lang && o->lang) ? "--lang" : (!near && o->near) ? "--near" : (!csv && o->csv_fr) ? "--csv-fr" : NULL;
  if (!bad) return 0;
  fprintf(stderr, "mccc %s: l’option %s ne s’applique pas à cette commande\n%s", cmd, bad, usage_text);
  return 2;
}

/* Load the rules, per-year rules, overrides, history and grades. Returns 0,
** 1 (the rules have errors) or 2 (something cannot be read or is misused);
** diagnostics are in run->d, not yet printed. */
static int run_load(EvalRun *run, const RunOpts *o, Rules *main_rules, Cohort **cohort) {
  Diags *d = run->d;
  run->main = main_rules;
  prov_add(&run->prov, "règles", o->pos[0]);
  for (int i = 0; i < o->nrules_for; i++) {
    const char *eq = strchr(o->rules_for[i], '=');
    if (eq) prov_add(&run->prov, "règles d’une année", eq + 1);
  }
  if (o->ovpath) prov_add(&run->prov, "décisions du jury", o->ovpath);
  if (o->histpath) prov_add(&run->prov, "historique", o->histpath);
  for (int i = 1; i < o->npos; i++) prov_add(&run->prov, "notes", o->pos[i]);
  run->per = xcalloc((size_t)(o->nrules_for ? o->nrules_for : 1), sizeof *run->per);
  if (!rules_load(o->pos[0], main_rules, d, true)) return 2;
  if (d->nerr) {
    diag_file(d, DIAG_ERROR, o->pos[0], "le règlement a des erreurs ; lancez « mccc check %s »", o->pos[0]);
    return 1;
  }
  for (int i = 0; i < o->nrules_for; i++) {
    const char *eq = strchr(o->rules_for[i], '=');
    int y1, y2;
    char tail;
    if (!eq || sscanf(o->rules_for[i], "%d-%d%c", &y1, &y2, &tail) != 3 || tail != '=' || y2 != y1 + 1) {
      fprintf(stderr, "mccc: --rules-for attend ANNÉE=RÈGLES, par exemple 2024-2025=regles-2024.mccc, "
                      "pas '%s'\n", o->rules_for[i]);
      return 2;
    }
    YearRules *yr = &run->per[run->nper];
    if (!rules_load(eq + 1, &yr->rules, d, true)) return 2;
    run->nper++;
    yr->start = y1;
    yr->year = xstrdup(o->rules_for[i]);
    yr->year[eq - o->rules_for[i]] = '\0';
    if (d->nerr) return 1;
  }
  int rc = 0;
  if (o->ovpath) {
    run->ovs = overrides_new();
    if (overrides_read_file(run->ovs, main_rules->model, o->ovpath, d) != 0) rc = 2;
  }
  if (o->histpath) {
    run->hist = history_new();
    if (history_read_file(run->hist, main_rules->model, o->histpath, d) != 0) rc = 2;
  }
  *cohort = cohort_new();
  for (int i = 1; i < o->npos; i++)
    if (grades_read_file(*cohort, main_rules->model, o->pos[i], &o->gopt, d) != 0) rc = 2;
  cohort_finish(*cohort, main_rules->model, run_has_history, run, d);
  /* a jury decision about a student of no grade file is never silently ignored */
  if (run->ovs)
    for (size_t i = 0; i < overrides_count(run->ovs); i++) {
      const Override *ov = overrides_at(run->ovs, i);
      bool first = true;
      for (size_t k = 0; k < i && first; k++)
        first = strcmp(overrides_at(run->ovs, k)->student, ov->student) != 0;
      if (first && !cohort_find(*cohort, ov->student))
        diag_line(d, DIAG_ERROR, ov->file, ov->line,
                  "décision du jury pour l’étudiant « %s », qui n’est dans aucun fichier de notes", ov->student);
    }
  return rc;
}

static void run_free(EvalRun *run, Rules *main_rules, Cohort *cohort) {
  prov_free(&run->prov);
  for (int i = 0; i < run->nper; i++) {
    rules_free(&run->per[i].rules);
    free(run->per[i].year);
  }
  free(run->per);
  if (run->ovs) overrides_free(run->ovs);
  if (run->hist) history_free(run->hist);
  cohort_free(cohort);
  rules_free(main_rules);
}

/* Evaluate every student who has no input error. Returns how many were skipped. */
static size_t run_all(EvalRun *run, Cohort *cohort, EmitRecord emit) {
  EvalCtx *ev = eval_new();
  EvalHooks hooks = {.model_for = run_model_for, .overrides = run_overrides, .history = run_history,
                     .emit = emit, .ctx = run};
  size_t n = cohort_count(cohort), skipped = 0;
  for (size_t i = 0; i < n; i++) {
    Student *st = cohort_student(cohort, i);
    if (run->student && strcmp(st->id, run->student) != 0) continue;
    if (st->error || (run->ovs && overrides_student_has_error(run->ovs, st->id)) ||
        (run->hist && history_student_has_error(run->hist, st->id))) {
      skipped++;
      continue;
    }
    eval_student(ev, st, &hooks, run->d);
  }
  eval_free(ev);
  return skipped;
}

static int cmd_eval(int argc, char **argv) {
  RunOpts o;
  int prc = parse_run_opts("eval", argc, argv, &o);
  if (!prc) prc = refuse_opts("eval", &o, false, false, true);
  if (prc) return prc;
  int fmt_kind = 0;
  if (!o.format) fmt_kind = (!o.output && isatty(fileno(stdout))) ? 1 : 0;
  else if (!strcmp(o.format, "jsonl")) fmt_kind = 0;
  else if (!strcmp(o.format, "table")) fmt_kind = 1;
  else if (!strcmp(o.format, "csv")) fmt_kind = 2;
  else {
    fprintf(stderr, "mccc eval: format inconnu « %s » (jsonl, table ou csv)\n", o.format);
    return 2;
  }
  bool color = want_color(stderr);
  Diags d;
  diags_init(&d);
  Rules main_rules;
  memset(&main_rules, 0, sizeof main_rules);
  EvalRun run = {.format = fmt_kind, .d = &d, .student = o.student};
  Cohort *cohort = NULL;
  int rc = run_load(&run, &o, &main_rules, &cohort);
  if (rc) {
    diags_print(&d, stderr, color);
    goto done;
  }
  if (o.student && !cohort_find(cohort, o.student)) {
    diags_print(&d, stderr, color);
    fprintf(stderr, "mccc eval: aucun étudiant « %s » dans les fichiers de notes\n", o.student);
    rc = 1;
    goto done;
  }
  OutFile of;
  if (!out_open(&of, o.output)) {
    rc = 2;
    diags_print(&d, stderr, color);
    goto done;
  }
  run.out = of.f;
  run.color = fmt_kind == 1 && !o.output && want_color(stdout);
  run.csv.sep = o.csv_fr ? ';' : ',';
  run.csv.mark = o.csv_fr ? ',' : '.';
  run.csv.m = main_rules.model;
  if (fmt_kind == 2 && o.csv_fr) fputs("\xEF\xBB\xBF", run.out);
  if (fmt_kind == 1) {
    prov_print(run.out, &run.prov, "");
    fputc('\n', run.out);
  }
  size_t skipped = run_all(&run, cohort, run_emit);
  if (fmt_kind == 1) {
    fprintf(run.out, "%ld dossier%s étudiant-année évalué%s", run.records, run.records > 1 ? "s" : "",
            run.records > 1 ? "s" : "");
    if (skipped) fprintf(run.out, ", %zu étudiant%s sans décision (erreurs ci-dessus)", skipped, skipped > 1 ? "s" : "");
    if (run.pending) fprintf(run.out, ", %ld en attente (ATT)", run.pending);
    fputc('\n', run.out);
  }
  bool moved;
  bool wrote = run_commit(&of, o.output, true, &run.prov, &d, color, &moved);
  if (skipped)
    fprintf(stderr, "mccc eval: %zu étudiant%s sans décision à cause d’erreurs dans les données\n", skipped,
            skipped > 1 ? "s" : "");
  if (!wrote || moved) rc = 2;
  else if (d.nerr || skipped) rc = 1;
  else if (run.pending) rc = 3;
done:
  run_free(&run, &main_rules, cohort);
  diags_free(&d);
  return rc;
}

/* ---- explain ---- */

typedef struct ExplainRun {
  EvalRun run;             /* must be first: hooks receive it */
  const char *year;        /* only this academic year, or NULL */
  bool json;               /* --format json */
  ExplainLang lang;        /* fr or en */
  long shown;              /* records explained */
} ExplainRun;

static void explain_emit(const YearRecord *rec, void *ctx) {
  ExplainRun *x = ctx;
  if (x->year && strcmp(rec->year, x->year) != 0) return;
  if (x->shown++ && !x->json) fputc('\n', x->run.out);
  if (x->json) explain_json(x->run.out, rec);
  else explain_text(x->run.out, rec, x->lang);
}

static int cmd_explain(int argc, char **argv) {
  RunOpts o;
  int prc = parse_run_opts("explain", argc, argv, &o);
  if (!prc) prc = refuse_opts("explain", &o, true, false, false);
  if (prc) return prc;
  if (!o.student) {
    fprintf(stderr, "mccc explain: --student ID est obligatoire (l’étudiant dont expliquer les codes)\n%s", usage_text);
    return 2;
  }
  ExplainRun x;
  memset(&x, 0, sizeof x);
  x.year = o.year;
  x.json = o.format && !strcmp(o.format, "json");
  if (o.format && !x.json && strcmp(o.format, "text") != 0) {
    fprintf(stderr, "mccc explain: format inconnu « %s » (text ou json)\n", o.format);
    return 2;
  }
  x.lang = o.lang && !strcmp(o.lang, "en") ? EXPLAIN_EN : EXPLAIN_FR;
  if (o.lang && strcmp(o.lang, "en") && strcmp(o.lang, "fr")) {
    fprintf(stderr, "mccc explain: langue inconnue « %s » (fr ou en)\n", o.lang);
    return 2;
  }
  Diags d;
  diags_init(&d);
  Rules main_rules;
  memset(&main_rules, 0, sizeof main_rules);
  x.run.d = &d;
  x.run.student = o.student;
  Cohort *cohort = NULL;
  int rc = run_load(&x.run, &o, &main_rules, &cohort);
  if (rc) {
    diags_print(&d, stderr, want_color(stderr));
    goto done;
  }
  if (!cohort_find(cohort, o.student)) {
    fprintf(stderr, "mccc explain: aucun étudiant « %s » dans les fichiers de notes\n", o.student);
    rc = 1;
    goto done;
  }
  OutFile of;
  if (!out_open(&of, o.output)) {
    rc = 2;
    goto done;
  }
  x.run.out = of.f;
  if (!x.json) {
    prov_print(x.run.out, &x.run.prov, "");
    fputc('\n', x.run.out);
  }
  size_t skipped = run_all(&x.run, cohort, explain_emit);
  bool moved;
  bool wrote = run_commit(&of, o.output, x.json, &x.run.prov, &d, want_color(stderr), &moved);
  if (!wrote || moved) rc = 2;
  else if (d.nerr || skipped) rc = 1;
  else if (x.shown == 0) {
    fprintf(stderr, "mccc explain: pas d’année %s pour « %s »\n", o.year ? o.year : "", o.student);
    rc = 1;
  }
done:
  run_free(&x.run, &main_rules, cohort);
  diags_free(&d);
  return rc;
}

/* ---- near misses ---- */

typedef struct NearRun {
  EvalRun run;             /* must be first: hooks receive it */
  NearScan *scan;          /* the scanner */
} NearRun;

static void near_emit(const YearRecord *rec, void *ctx) {
  NearRun *x = ctx;
  near_record(x->scan, rec, x->run.d);
}

static int cmd_near(int argc, char **argv) {
  RunOpts o;
  int prc = parse_run_opts("near", argc, argv, &o);
  if (!prc) prc = refuse_opts("near", &o, false, true, false);
  if (prc) return prc;
  bool json = o.format && !strcmp(o.format, "json");
  if (o.format && !json && strcmp(o.format, "text") != 0) {
    fprintf(stderr, "mccc near: format inconnu « %s » (text ou json)\n", o.format);
    return 2;
  }
  mpq_t margin;
  mpq_init(margin);
  const char *mtext = o.near ? o.near : "0,5";
  char err[128];
  if (num_parse(margin, mtext, strlen(mtext), err, sizeof err) != 0 || mpq_sgn(margin) <= 0 ||
      mpq_cmp_ui(margin, 20, 1) > 0) {
    fprintf(stderr, "mccc near: --near attend un écart positif, par exemple 0,5 (pas « %s »)\n", mtext);
    mpq_clear(margin);
    return 2;
  }
  Diags d;
  diags_init(&d);
  Rules main_rules;
  memset(&main_rules, 0, sizeof main_rules);
  NearRun x;
  memset(&x, 0, sizeof x);
  x.run.d = &d;
  x.run.student = o.student;
  Cohort *cohort = NULL;
  int rc = run_load(&x.run, &o, &main_rules, &cohort);
  if (rc) {
    diags_print(&d, stderr, want_color(stderr));
    goto done;
  }
  EvalHooks hooks = {.model_for = run_model_for, .overrides = run_overrides, .history = run_history,
                     .emit = near_emit, .ctx = &x.run};
  x.scan = near_new(&hooks, cohort, margin);
  size_t skipped = run_all(&x.run, cohort, near_emit);
  OutFile of;
  if (!out_open(&of, o.output)) {
    rc = 2;
    goto done;
  }
  if (!json) {
    prov_print(of.f, &x.run.prov, "");
    fputc('\n', of.f);
  }
  if (!json) fprintf(of.f, "Étudiants à la marge (une moyenne à %s point%s au plus d’un seuil change la décision) :\n",
                     mtext, mpq_cmp_ui(margin, 1, 1) > 0 ? "s" : "");
  near_print(x.scan, of.f, json);
  if (!json) fprintf(of.f, "%ld cas\n", near_count(x.scan));
  bool moved;
  bool wrote = run_commit(&of, o.output, json, &x.run.prov, &d, want_color(stderr), &moved);
  if (!wrote || moved) rc = 2;
  else if (d.nerr || skipped) rc = 1;
done:
  near_free(x.scan);
  mpq_clear(margin);
  run_free(&x.run, &main_rules, cohort);
  diags_free(&d);
  return rc;
}

/* ---- test: the authors' examples ---- */

static int cmd_test(int argc, char **argv) {
  ExplainLang lang = EXPLAIN_FR;
  const char *files[256];
  int nf = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
      const char *l = argv[++i];
      if (strcmp(l, "fr") && strcmp(l, "en")) {
        fprintf(stderr, "mccc test: langue inconnue « %s » (fr ou en)\n", l);
        return 2;
      }
      lang = !strcmp(l, "en") ? EXPLAIN_EN : EXPLAIN_FR;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "mccc test: option inconnue « %s »\n%s", argv[i], usage_text);
      return 2;
    } else if (nf < 256) {
      files[nf++] = argv[i];
    }
  }
  if (nf < 1) {
    fprintf(stderr, "mccc test: il faut un fichier de règles (et, au besoin, des fichiers d’exemples)\n%s", usage_text);
    return 2;
  }
  Diags d;
  diags_init(&d);
  Rules rules;
  if (!rules_load(files[0], &rules, &d, true)) {
    diags_free(&d);
    return 2;
  }
  int rc = 0;
  ExampleTally t = {0, 0};
  if (d.nerr) {
    diags_print(&d, stderr, want_color(stderr));
    fprintf(stderr, "mccc test: le règlement %s a des erreurs ; lancez « mccc check %s »\n", files[0], files[0]);
    rc = 1;
  } else {
    examples_run(rules.model, rules.ast, rules.src, lang, stdout, &d, &t);
    for (int i = 1; i < nf; i++) {
      Rules tests;
      int before = d.nerr;
      if (!rules_load(files[i], &tests, &d, false)) {
        rc = 2;
        continue;
      }
      if (d.nerr == before) examples_run(rules.model, tests.ast, tests.src, lang, stdout, &d, &t);
      else t.failed++;
      diags_print(&d, stderr, want_color(stderr));
      diags_free(&d);
      diags_init(&d);
      rules_free(&tests);
    }
    diags_print(&d, stderr, want_color(stderr));
    printf("%d exemple%s : %d réussi%s, %d en échec\n", t.passed + t.failed, t.passed + t.failed > 1 ? "s" : "",
           t.passed, t.passed > 1 ? "s" : "", t.failed);
    printf("examples: %d passed, %d failed\n", t.passed, t.failed);
    if (rc == 0 && (t.failed || d.nerr)) rc = 1;
    if (t.passed + t.failed == 0 && rc == 0) {
      fprintf(stderr, "mccc test: aucun exemple trouvé\n");
      rc = 1;
    }
  }
  diags_free(&d);
  rules_free(&rules);
  return rc;
}

static int cmd_dump(int argc, char **argv) {
  if (argc != 1) {
    fprintf(stderr, "usage: mccc dump-ast RULES\n");
    return 2;
  }
  Diags d;
  diags_init(&d);
  Rules r;
  if (!rules_load(argv[0], &r, &d, false)) return 2;
  diags_print(&d, stderr, want_color(stderr));
  int rc = d.nerr ? 1 : 0;
  if (!d.nerr) ast_dump(r.ast->root, stdout);
  diags_free(&d);
  rules_free(&r);
  return rc;
}

static int run_command(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
    fputs(usage_text, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "check") == 0) return cmd_check(argc - 2, argv + 2);
  if (strcmp(cmd, "dump-ast") == 0) return cmd_dump(argc - 2, argv + 2);
  if (strcmp(cmd, "fmt") == 0) return cmd_fmt(argc - 2, argv + 2);
  if (strcmp(cmd, "eval") == 0) return cmd_eval(argc - 2, argv + 2);
  if (strcmp(cmd, "explain") == 0) return cmd_explain(argc - 2, argv + 2);
  if (strcmp(cmd, "near") == 0) return cmd_near(argc - 2, argv + 2);
  if (strcmp(cmd, "test") == 0) return cmd_test(argc - 2, argv + 2);
  if (strcmp(cmd, "diff") == 0) return diff_command(argc - 2, argv + 2);
  if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
    printf("mccc %s\n", MCCC_VERSION);
    return 0;
  }
  static const char *const commands[] = {"check", "fmt", "eval", "explain", "near", "diff", "test", "dump-ast", "version"};
  fprintf(stderr, "mccc: commande inconnue « %s »\n", cmd);
  const char *sug = suggest_best(cmd, commands, sizeof commands / sizeof commands[0]);
  if (sug) fprintf(stderr, "vouliez-vous dire « mccc %s » ?\n", sug);
  fputs(usage_text, stderr);
  return 2;
}

int main(int argc, char **argv) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigbus;
  sigemptyset(&sa.sa_mask);
  (void)sigaction(SIGBUS, &sa, NULL);
  /* standard output, when not a terminal: a larger buffer than glibc's own
  ** (its block size), set before anything is written, freed after stdout is
  ** closed */
  char *obuf = NULL;
  if (!isatty(fileno(stdout))) {
    obuf = malloc(OUT_BUF);
    if (obuf) (void)setvbuf(stdout, obuf, _IOFBF, OUT_BUF);
  }
  int rc = run_command(argc, argv);
  /* any failed write to stdout (now, or earlier: ferror) fails the run; a
  ** command that said so already returned non-zero */
  errno = 0;
  bool bad = fflush(stdout) != 0;
  int e = errno;
  bad = ferror(stdout) || bad;
  if (fclose(stdout) != 0 && !bad) {
    bad = true;
    e = errno;
  }
  if (bad && rc == 0) {
    if (e) fprintf(stderr, "mccc: erreur d’écriture sur la sortie standard : %s\n", source_strerror(e));
    else fputs("mccc: erreur d’écriture sur la sortie standard\n", stderr);
    rc = 2;
  }
  free(obuf);
  return rc;
}
