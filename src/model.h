/*
** model.h — the resolved regulation: what sema builds from the AST and what
** the checker and the evaluator read.
**
** Every name of the rules file is resolved here (courses, UEs, parcours,
** semesters, marks, conditions, codes); every number is an exact rational.
** Ownership: a Model and everything it points to live in the arena of the
** Ast it was built from, except the GMP numbers, which model_free() clears;
** free the Model (model_free) before the Ast (ast_free).
*/
#ifndef MCCC_MODEL_H
#define MCCC_MODEL_H

#include <gmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"

typedef uint64_t PMask;            /* a set of parcours: bit i = parcours i */
#define PMASK_ALL (~(PMask)0)
#define MODEL_MAX_PARCOURS 64
#define MODEL_MAX_DIPLOMAS 8 /* diplomas of one regulation (a record holds a flag each) */
#define MODEL_MAX_COMPETENCES 32
/* The year codes a decision clause may give: the decisions contract's
** (spec/decisions-format.md), which the history reader reads back. */
#define MODEL_NYEAR_CODES 5
extern const char *const model_year_codes[MODEL_NYEAR_CODES];

enum { HOUR_CM, HOUR_TD, HOUR_TP, HOUR_PROJET, HOUR_TOTAL, HOUR_NCOLS };

typedef struct MNum {
  mpq_t q;                         /* exact value */
  bool set;                        /* written in the file */
} MNum;

typedef struct MCompetence {
  int num;                         /* 1..6 for the BUT */
  const char *name;                /* "Réaliser" */
  int nlevels;                     /* number of declared levels */
  const Node *levels[8];           /* N_LEVEL per level number (1-based; [0] unused) */
  const Node *node;                /* N_COMPETENCE */
} MCompetence;

typedef struct MParcours {
  const char *id;                  /* "A" */
  const char *label;               /* "Réalisation d’applications…" */
  int bit;                         /* index in PMask */
  int maxlevel[MODEL_MAX_COMPETENCES + 1]; /* per competence number; 0 = not in this parcours */
  const Node *node;                /* N_PARCOURS */
} MParcours;

/* One Annexe 2 row of a course, for the parcours it is printed for. */
typedef struct MRow {
  PMask parcours;                  /* parcours whose table prints this row */
  MNum hours[HOUR_NCOLS];          /* CM, TD, TP, projet, total as printed (shared by a group) */
  uint64_t marks;                  /* bit c = marked X for competence c */
  const Node *node;                /* N_COURSE or N_MEMBER */
  const Node *group;               /* N_GROUP whose hours these are, or NULL */
  struct MRow *next;               /* next row of the same course */
} MRow;

typedef struct MCourse {
  const char *id;                  /* "R1.01" */
  const char *label;               /* exact label */
  int kind;                        /* CK_RESOURCE, CK_SAE, CK_PORTFOLIO, CK_STAGE */
  struct MSemester *sem;           /* semester whose Annexe 2 table declares it */
  PMask parcours;                  /* union of its rows' parcours */
  MRow *rows;                      /* Annexe 2 rows */
  int index;                       /* position in Model.courses */
} MCourse;

typedef struct MEntry {
  MCourse *course;                 /* the course */
  bool counts;                     /* false for "-" */
  mpq_t coef;                      /* coefficient when counts */
  PMask parcours;                  /* parcours it applies to */
  int pole;                        /* index in MUe.poles */
  const char *printed;             /* name Annexe 3 prints for it, or NULL */
  int64_t coef6;                   /* coef × 10^6 when exact and small (fast path), else 0 */
  const Node *node;                /* N_COEF */
} MEntry;

typedef struct MPole {
  int kind;                        /* PK_RESOURCES or PK_SAE */
  mpq_t weight;                    /* declared weight */
  PMask parcours;                  /* parcours it applies to */
  const Node *node;                /* N_POLE */
} MPole;

typedef struct MUe {
  const char *id;                  /* "UE1.1" */
  const char *label;               /* local label "UE1 Réaliser" */
  int competence;                  /* competence number */
  int level;                       /* competence level */
  mpq_t ects;                      /* credits */
  int ects_int;                    /* credits as an integer (checked) */
  struct MSemester *sem;           /* its semester */
  PMask parcours;                  /* parcours that have this UE */
  MPole *poles;                    /* its poles */
  int npoles;                      /* how many */
  MEntry *entries;                 /* its courses, in file order */
  int nentries;                    /* how many */
  bool has_stage;                  /* a counting entry is a stage course */
  int index;                       /* position in Model.ues */
  struct MUe *next_same;           /* next declaration with the same id (other parcours) */
  const Node *node;                /* N_UE */
} MUe;

typedef struct MSemester {
  const char *id;                  /* "S1" */
  int num;                         /* 1..6: 2*year-1 or 2*year */
  struct MYear *year;              /* the year it belongs to */
  bool needs_parcours;             /* something in it depends on the parcours */
  MUe **ues;                       /* its UEs (all parcours), in file order */
  int nues;                        /* how many */
  const Node *node;                /* N_SEMESTER (NULL if only declared in année) */
  const Node *courses;             /* N_COURSES (Annexe 2 table) */
} MSemester;

typedef struct MRcue {
  int competence;                  /* competence number */
  int level;                       /* level (from its UEs) */
  const char *ue[2];               /* UE ids: odd then even semester */
  PMask parcours;                  /* parcours it applies to */
  const Node *node;                /* N_RCUE */
} MRcue;

typedef struct MYear {
  int num;                         /* BUT year 1..3 */
  MSemester *sems[2];              /* odd and even semester */
  MRcue *rcues;                    /* its RCUEs */
  int nrcues;                      /* how many */
  const Node *node;                /* N_YEAR */
} MYear;

typedef struct MMark {
  const char *id;                  /* "ABI" */
  const char *label;               /* "absence injustifiée" */
  int effect;                      /* ME_VALUE, ME_NEUTRAL, ME_PENDING */
  mpq_t value;                     /* for ME_VALUE */
  int64_t value6;                  /* value × 10^6 when exact (fast path), else -1 */
  const Node *node;                /* N_MARK */
} MMark;

typedef struct MCondition {
  const char *name;                /* "passage" */
  const Node *expr;                /* its expression */
  const Node *node;                /* N_CONDITION */
  int state;                       /* resolution: 0 new, 1 visiting, 2 done */
  int depth;                       /* levels of expr, with the conditions it names (sema) */
} MCondition;

typedef struct MClause {
  const char *code;                /* "ADM" */
  const Node *expr;                /* condition, NULL for "sinon" */
  const Node *node;                /* N_CLAUSE */
} MClause;

typedef struct MDiploma {
  const char *name;                /* "DUT" */
  int ects;                        /* declared credits */
  const Node *expr;                /* condition */
  const Node *node;                /* N_DIPLOMA */
} MDiploma;

typedef struct MJuryCode {
  const char *code;                /* "ADJ" */
  const char *label;               /* meaning */
  bool acquired;                   /* the UE/RCUE counts as acquired */
  const Node *node;                /* N_JURYCODE */
} MJuryCode;

/* A condition "moyenne OP number" compiled for the hot path. */
typedef struct MThreshold {
  bool simple;                     /* the condition has that shape */
  int op;                          /* OP_GE, OP_GT, … (moyenne on the left) */
  mpq_t value;                     /* the number */
  bool small;                      /* value = num / den, 0 <= num, 0 < den < 2^62 */
  uint64_t num, den;               /* value's parts when small (exact integer comparisons) */
} MThreshold;

typedef struct Model {
  const Source *src;               /* the rules file */
  const Ast *ast;                  /* its tree */
  const char *meta[MK_SEANCE + 1]; /* règlement metadata by MK_* */
  int ects_per_semester;           /* 0 when not declared */
  MCompetence *comps[MODEL_MAX_COMPETENCES + 1]; /* by number */
  MParcours *parcours[MODEL_MAX_PARCOURS]; /* by bit */
  int nparcours;                   /* how many */
  MYear *years[8];                 /* by number (1-based) */
  int nyears;                      /* highest year number */
  MSemester **sems;                /* every semester, by num order */
  int nsems;                       /* how many */
  MCourse **courses;               /* every course, file order */
  int ncourses;                    /* how many */
  MUe **ues;                       /* every UE declaration, semester then file order */
  int nues;                        /* how many */
  MMark **marks;                   /* declared marks */
  int nmarks;                      /* how many */
  MCondition **conds;              /* named conditions */
  int nconds;                      /* how many */
  MClause *clauses;                /* year decision clauses, in order */
  int nclauses;                    /* how many */
  MDiploma *diplomas;              /* diplomas */
  int ndiplomas;                   /* how many */
  MJuryCode **jury;                /* jury codes */
  int njury;                       /* how many */
  /* validation */
  const Node *ue_cond;             /* "UE acquise si …" */
  const Node *rcue_cond;           /* "RCUE validé si …" */
  const Node *valid[VI_BEST + 1];  /* the N_VALID node of each mechanism, NULL = off */
  MThreshold ue_thr;               /* ue_cond compiled, when simple */
  MThreshold rcue_thr;             /* rcue_cond compiled, when simple */
  /* arithmetic */
  int round_decimals;              /* -1: exact means */
  int round_mode;                  /* RM_* when rounding */
  int display_decimals;            /* decimals shown (default 2) */
  int display_mode;                /* RM_* for display (default RM_TRUNC) */
  /* repeats */
  int repeat_per_semester;         /* -1 when not declared */
  int repeat_total;                /* -1 when not declared */
  const Node *repeat_node;         /* N_REPEAT */
  const Node *decision_node;       /* N_DECISION */
  /* lookup tables (open addressing on id strings) */
  struct MIndex *course_index;     /* id -> MCourse */
  struct MIndex *ue_index;         /* id -> first MUe with that id (chain: next_same) */
} Model;

/* Resolve the AST into a model, reporting errors (unresolved names,
** duplicates, types) into d. Returns a model even with errors (partially
** filled); callers must not evaluate when d->nerr > 0. */
Model *model_build(const Ast *ast, const Source *src, Diags *d);
void model_free(Model *m);

/* Consistency checks of the regulation (warnings: sums, hours, annexes). */
void model_check(const Model *m, Diags *d);

MCourse *model_course(const Model *m, const char *id);
MParcours *model_parcours(const Model *m, const char *id);
MSemester *model_semester(const Model *m, const char *id);
MMark *model_mark(const Model *m, const char *id);
MJuryCode *model_jury_code(const Model *m, const char *code);
/* The index in m->conds of the condition an N_NAME node names (the
** checker's annotation Node.ref when it is one of m's, else by name), or
** -1. */
int model_cond_index(const Model *m, const Node *name);
/* The UE with this id for parcours bit p (p < 0: no parcours, common UEs only). */
MUe *model_ue(const Model *m, const char *id, int p);
/* Does a parcours-dependent thing with mask `mask` apply to parcours bit p? */
static inline bool pmask_has(PMask mask, int p) {
  return p < 0 ? mask == PMASK_ALL : ((mask >> p) & 1u) != 0;
}

/* Write a citation list "§5-1, Annexe 3" into buf. */
void model_cites(const Cite *c, char *buf, size_t n);

#endif
