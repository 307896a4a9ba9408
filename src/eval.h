/*
** eval.h — the evaluator: a student's grades, year by year, through the
** regulation's mechanisms (../shared/spec/semantics.md), into decisions.
**
** Mechanisms only: UE means over counting courses, marks by their declared
** effect, UE/RCUE conditions, compensation, validation of lower levels,
** capitalisation in a repeated year, the internship rule, ordered year
** decision clauses, repeat limits, diplomas, jury overrides. Every number
** and condition comes from the Model.
**
** Ownership: an EvalCtx holds reusable GMP temporaries and the UE-slot table
** (free with eval_free). Each YearRecord produced for a student lives in the
** student's EvalOut and is released by evalout_clear(); records are handed
** to the caller's emit callback one by one, in year order.
*/
#ifndef MCCC_EVAL_H
#define MCCC_EVAL_H

#include <gmp.h>
#include <stdbool.h>

#include "grades.h"
#include "model.h"
#include "num.h"

typedef struct EvalCtx *EvalCtxRef;

/* One UE of a year record. */
typedef struct UeResult {
  const MUe *ue;           /* its declaration (parcours-specific) */
  const char *id;          /* "UE3.1" */
  bool has_avg;            /* avg is meaningful */
  mpq_t avg;               /* exact average (after the rules' rounding policy) */
  const char *code;        /* final code: ADM CMP ADSUP AJ ATT or a jury code */
  const char *computed;    /* code before any jury override */
  int ects;                /* credits if acquired, else 0 */
  bool acquired;           /* ADM, CMP, ADSUP or an acquiring jury code */
  bool kept;               /* a repeated year kept the earlier result (rule 17) */
  bool improved;           /* a repeated year improved the earlier average */
  bool stage_blocked;      /* the internship is not graded numerically (rule 22) */
  bool pending;            /* ATT: a grade is missing or awaited */
  bool by_jury;            /* the code is the jury's (rules 21, 23): compensation leaves it */
  const char *missing[8];  /* up to 8 courses without a grade */
  int nmissing;            /* how many courses without a grade in all */
} UeResult;

typedef struct RcueResult {
  const MRcue *rcue;       /* its declaration */
  int competence;          /* competence number */
  int level;               /* level */
  int ue[2];               /* indexes of its UEs in YearRecord.ues */
  bool has_avg;            /* avg is meaningful */
  mpq_t avg;               /* exact average */
  const char *code;        /* ADM AJ ATT or a jury code */
  const char *computed;    /* before jury */
  bool acquired;           /* validated */
} RcueResult;

typedef struct LowerResult {
  const char *ue;          /* UE id of an earlier year */
  const char *code;        /* ADSUP */
  int ects;                /* credits it brings */
} LowerResult;

typedef struct JuryApplied {
  const char *target;      /* "UE3.4", "C3", "S3" or "year" */
  const char *computed;    /* code before the override */
  const char *code;        /* the jury's code */
  const char *reason;      /* the reason given */
} JuryApplied;

typedef struct YearRecord {
  const char *student;     /* id */
  const char *year;        /* "2024-2025" */
  int start;               /* 2024 */
  int level;               /* BUT year */
  const char *parcours;    /* parcours id or NULL */
  UeResult *ues;           /* ordered by semester then competence */
  int nues;                /* how many */
  RcueResult *rcues;       /* ordered by competence */
  int nrcues;              /* how many */
  LowerResult *lower;      /* UEs of earlier years validated now (rule 10) */
  int nlower;              /* how many */
  const char *decision;    /* year code, NULL for a mid-year record (rule 18) */
  const char *decision_computed; /* before a jury override of the year */
  const MClause *clause;   /* the decision clause that applied */
  bool midyear;            /* only the odd semester's grades */
  int ects_year;           /* credits of this year's acquired UEs */
  int ects_total;          /* credits of all acquired UEs so far, each once */
  bool dut;                /* diploma DUT holds as of this record */
  bool but;                /* diploma BUT holds as of this record */
  bool diplomas[MODEL_MAX_DIPLOMAS]; /* each diploma of the rules (Model.diplomas order) holds */
  const char **blocking;   /* UEs still not acquired when year 3 is validated (rule 20) */
  int nblocking;           /* how many */
  JuryApplied *jury;       /* overrides applied */
  int njury;               /* how many */
  bool from_history;       /* given as earlier decisions, not computed */
  const Model *model;      /* the rules it was evaluated under */
  /* Valid only during the emit callback (for explanations): */
  EvalCtxRef ctx;          /* the evaluator, its state as of this record */
  const struct Grade **by_course; /* this year's grade per course index of model */
  const Model *read_model; /* rules the grades were read with (mark indexes) */
  int p;                   /* parcours bit in model, or -1 */
  bool repeat_ok;          /* "redoublement possible" held for this year */
  int attempt;             /* 1 for a first attempt of this BUT year, 2 for a repeat… */
} YearRecord;

/* A jury override (rule 21), as read from an overrides file. */
typedef struct Override {
  const char *student;     /* id */
  const char *year;        /* academic year */
  const char *target;      /* UE id, "C<n>" (RCUE), semester id, or "year" */
  const char *code;        /* the jury's code */
  const char *reason;      /* why */
  unsigned line;           /* line in its file */
  const char *file;        /* its file, or NULL */
} Override;

typedef struct EvalCtx EvalCtx;

/* Which rules apply to an academic year (start = first calendar year). */
typedef const Model *(*ModelForYear)(int start, void *ctx);
/* Overrides of one student (all years), NULL-terminated count in *n. */
typedef const Override *(*OverridesFor)(const char *student, int *n, void *ctx);
/* Earlier decisions given as history for a student (sorted by year). */
typedef const YearRecord *(*HistoryFor)(const char *student, int *n, void *ctx);
/* Called once per computed record, in student then year order. */
typedef void (*EmitRecord)(const YearRecord *r, void *ctx);

typedef struct EvalHooks {
  ModelForYear model_for;  /* rules per year (required) */
  OverridesFor overrides;  /* may be NULL */
  HistoryFor history;      /* may be NULL */
  EmitRecord emit;         /* required */
  void *ctx;               /* passed to every hook */
  bool hypothetical;       /* evaluating what-ifs (other rules, forced averages): no warnings
                              about the student's actual path (enrolled after NAR…) */
} EvalHooks;

EvalCtx *eval_new(void);
void eval_free(EvalCtx *e);

/* Evaluate every year of one student. Problems that are the input's (an
** override whose target does not exist, a year with no rules) are reported
** in d and the student gets no record after the problem. Returns the number
** of records emitted. */
int eval_student(EvalCtx *e, const Student *s, const EvalHooks *h, Diags *d);

/* A hypothetical change, for "who is at the edge?": in academic year `year`,
** the average of UE `ue` (or, when ue is NULL, of the RCUE of competence
** `competence`) is `value` instead of what the grades give. */
typedef struct EvalPerturb {
  const char *year;        /* "2025-2026" */
  const char *ue;          /* UE id, or NULL for an RCUE */
  int competence;          /* RCUE competence when ue is NULL */
  mpq_srcptr value;        /* the average to use */
} EvalPerturb;

/* Set (or clear, with NULL) the perturbation applied by later evaluations. */
void eval_set_perturb(EvalCtx *e, const EvalPerturb *p);

/* Evaluate an expression of the rules in a record's context (inside the
** emit callback only): returns 0 (undefined), 1 (a number in q) or 2 (a
** truth value in *b). */
int eval_value(const YearRecord *r, const Node *x, mpq_t q, bool *b);

/* A mark as the year's rules read it: the grades were read with read_model
** (its mark indexes); the mark of the same id in year_model, if it has one,
** says what it is worth that year. */
const MMark *eval_grade_mark(const Model *year_model, const Model *read_model, const Grade *g);

/* The code of any UE of the student as of a record (its current state: a
** UE of an earlier year too), or NULL if the student never had it (inside
** the emit callback only). */
const char *eval_ue_code(const YearRecord *r, const char *ue);

/* The rounding (num.h) of a model's RM_* mode. */
NumRound eval_num_mode(int rm);

/* An average as the jury reads it: the rules' display decimals and mode
** (`affichage`), every decimal written ("12,50"). */
void eval_format_shown(const Model *m, mpq_srcptr q, char mark, char *buf, size_t n);

/* The spelling of an average as the contract shows it: at most the rules'
** display decimals, truncated toward zero (rule 3). */
void eval_format_avg(const Model *m, const mpq_t q, char mark, char *buf, size_t n);

#endif
