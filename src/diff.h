/*
** diff.h — `mccc diff`: what changed between two versions of a regulation,
** and whom it affects.
**
** diff_models() compares two resolved models (not their text: layout and
** comments never count) and collects a list of changes — courses and UEs
** added, removed or renamed, coefficients, pole weights, ECTS, thresholds,
** marks, rounding, conditions and decision clauses (as canonical expression
** text), citations, provisions. Things that depend on the parcours are
** compared parcours by parcours (matched by id); a change that is the same
** in every parcours is reported once, without a parcours. The order is
** deterministic: by section (règlement, compétences, parcours, années,
** semestres by number — Annexe 2 table then UEs —, marques, calcul,
** validation, conditions, décision, redoublement, diplômes, codes de jury,
** dispositions), then in the order of the files.
**
** diff_impact() evaluates one cohort (read against OLD) under both models
** and keeps every student-year whose UE, RCUE or year code changes (or
** who holds one of the rules' diplomas, matched by name, under one version
** only). A UE the diff finds renamed is matched through its renaming.
**
** diff_command() is the whole `mccc diff` command (arguments after "diff"):
** main.c only dispatches to it. Exit status like diff(1): 0 same, 1
** different, 2 trouble.
**
** Ownership: a DiffOut / ImpactOut owns every string it holds (one arena
** each, plus heap arrays); diffout_free() / impact_free() release them.
** Changes never point into the models, so the models may be freed first.
** No global mutable state.
*/
#ifndef MCCC_DIFF_H
#define MCCC_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "grades.h"
#include "model.h"

typedef enum {
  DS_REGLEMENT,    /* règlement metadata, vote, ECTS per semester */
  DS_COMPETENCES,  /* competences and their levels (Annexe 1) */
  DS_PARCOURS,     /* parcours and their highest levels (Annexe 1) */
  DS_ANNEES,       /* years, their semesters and RCUEs */
  DS_SEMESTRE,     /* one semester: Annexe 2 table and its UEs (Annexe 3) */
  DS_MARQUES,      /* marks (ABI, EXC, ATT…) */
  DS_CALCUL,       /* arithmetic: rounding of means and display */
  DS_VALIDATION,   /* UE / RCUE thresholds, mechanisms */
  DS_CONDITIONS,   /* named conditions */
  DS_DECISION,     /* year decision clauses */
  DS_REDOUBLEMENT, /* repeat limits */
  DS_DIPLOMES,     /* diplomas */
  DS_JURY,         /* jury codes */
  DS_DISPOSITIONS, /* provisions the evaluator does not compute */
  DS_COUNT
} DiffSection;

typedef enum {
  DK_ADDED,        /* only in NEW */
  DK_REMOVED,      /* only in OLD */
  DK_CHANGED,      /* in both, value differs */
  DK_RENAMED,      /* same thing, id changed (same label) */
  DK_MOVED         /* a course's coefficient moved from one UE to another */
} DiffKind;

/* Where a change of a semester sits. */
enum { DSUB_SEMESTER, DSUB_COURSES, DSUB_UE };

typedef struct DiffChange {
  DiffSection section;  /* which part of the regulation */
  const char *sem;      /* DS_SEMESTRE: semester id ("S1"), else NULL */
  int sub;              /* DS_SEMESTRE: DSUB_* */
  const char *ue;       /* DSUB_UE: UE id (NEW's id when renamed), else NULL */
  const char *ue_label; /* DSUB_UE: its label (NEW's, or OLD's when removed) */
  DiffKind kind;        /* added, removed… */
  const char *prop;     /* machine name of what changed: "coefficient", "label", "condition"… */
  const char *subject;  /* id of the thing: "SAE1.03", "passage", "UE1.3", or NULL */
  const char *what;     /* French description: "coefficient de SAE1.03 (pôle SAÉ)" */
  const char *old_text; /* value in OLD (NULL: none) */
  const char *new_text; /* value in NEW (NULL: none) */
  const char *parcours; /* "A" or "A, D" when not every parcours; NULL: all */
  const char *cites;    /* citations of the statement ("§5-3, Annexe 3"), or NULL */
  bool own_cites;       /* cites are the statement's own (not its block's) */
  /* ordering (private) */
  int sem_rank, ue_rank, seq;
  uint64_t ctx;         /* contexts (parcours) where it holds */
} DiffChange;

typedef struct DiffOut {
  Arena *arena;         /* owns every string */
  DiffChange *v;        /* changes, in display order after diff_models() */
  size_t n;             /* how many */
  size_t cap;           /* allocated */
} DiffOut;

void diffout_init(DiffOut *o);
void diffout_free(DiffOut *o);

/* Compare two models built without errors. Returns 0 when they mean the
** same, 1 when there is at least one change (out->n > 0). */
int diff_models(const Model *old, const Model *new_, DiffOut *out);

/* Human output (French), grouped by section, semester and UE. old_name /
** new_name are the file names shown in the first line. */
void diff_print_human(FILE *f, const DiffOut *o, const char *old_name, const char *new_name);
/* JSON: {"old":…,"new":…,"same":…,"changes":[…]} — without the final "}"
** when `open` is set (so that an "impact" member can follow), else whole,
** followed by a newline. */
void diff_print_json(FILE *f, const DiffOut *o, const char *old_name, const char *new_name, bool open);

/* ---- impact ---- */

typedef enum { IK_UE, IK_RCUE, IK_DECISION, IK_DIPLOMA, IK_COUNT } ImpactKind;

typedef struct ImpactItem {
  ImpactKind kind;      /* UE, RCUE, year decision or diploma */
  const char *name;     /* "UE1.3" ("UE1.3b (ex-UE1.3)" when renamed), "C3" (RCUE),
                        ** a diploma's name ("DUT"), NULL for the decision */
  const char *old_code; /* code under OLD ("oui" / "non" for a diploma), NULL: none */
  const char *new_code; /* code under NEW, NULL: none (not evaluated, no such UE) */
} ImpactItem;

typedef struct ImpactRecord {
  const char *student;  /* id */
  const char *year;     /* "2025-2026" */
  ImpactItem *items;    /* what changed: UEs, RCUEs, decision, diplomas */
  int nitems;           /* how many */
} ImpactRecord;

typedef struct ImpactTotal {
  ImpactKind kind;      /* kind of change */
  const char *name;     /* diploma name for IK_DIPLOMA, else NULL */
  const char *old_code; /* "AJ" or NULL */
  const char *new_code; /* "CMP" or NULL */
  long count;           /* how many items */
} ImpactTotal;

typedef struct ImpactOut {
  Arena *arena;         /* owns every string and item */
  ImpactRecord *v;      /* changed student-years, by student id then year */
  size_t n, cap;        /* how many, allocated */
  ImpactTotal *totals;  /* per kind of change, sorted (kind, count desc, codes) */
  size_t ntotals, tcap; /* how many, allocated */
  long records;         /* student-years evaluated (under OLD or NEW) */
  long students;        /* students evaluated */
  long students_changed;/* students with at least one changed year */
  long skipped;         /* students not evaluated (input errors) */
} ImpactOut;

void impact_init(ImpactOut *o);
void impact_free(ImpactOut *o);

/* Evaluate every student of `cohort` (read and finished against OLD) under
** OLD and under NEW, and record every student-year whose codes differ.
** Evaluation problems go to d. Returns the number of changed student-years. */
long diff_impact(const Model *old, const Model *new_, const Cohort *cohort, ImpactOut *out, Diags *d);

/* "21338234-8 2025-2026 : UE1.3 AJ → CMP ; RCUE C3 AJ → ADM ; décision RED → PASD"
** lines, then the totals. */
void impact_print_human(FILE *f, const ImpactOut *o);
/* The JSON object {"records":…,"changed":[…],"totals":[…]}. */
void impact_print_json(FILE *f, const ImpactOut *o);

/* ---- the command ---- */

/* Usage lines for main's usage text ("  diff [OPTIONS] OLD NEW …", indented
** like the other commands' lines). */
extern const char diff_usage[];

/* `mccc diff [--format text|json] [--quiet] OLD NEW [--impact GRADES...]
**  [--year Y] [--semester S] [--parcours P]`; argv holds the arguments after
** "diff". Writes to stdout / stderr. Returns 0 same, 1 different, 2 trouble. */
int diff_command(int argc, char **argv);

#endif
