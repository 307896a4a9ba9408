/*
** grades.h — reading grade files into a cohort (long and wide forms).
**
** A Cohort gathers every grade of every student from one or more files
** (../shared/spec/grades-format.md), resolved against a Model: course ids
** (or exact labels, in the wide form) become course indexes, marks become
** mark indexes, numbers become exact scaled decimals. Students are grouped
** by id, their grades by academic year: one StudentYear per student and
** year, sorted by student id (byte order) then year after cohort_finish().
**
** Every input error is reported into the Diags with file:line:col, the value
** and what was expected; reading goes on to report all errors of a file;
** the student-year (and so the student) concerned is marked `error` and
** gets no decision. Nothing is silently dropped.
**
** Ownership: a Cohort owns everything it holds (one arena for strings and
** records, plus its Sources, which diagnostics quote: free the Diags before
** or together with the Cohort). cohort_free() releases it all.
*/
#ifndef MCCC_GRADES_H
#define MCCC_GRADES_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"

typedef enum {
  GV_NUMBER,          /* a numeric grade: num / 10^scale */
  GV_MARK,            /* a mark declared by the rules (ABI, EXC, ATT…) */
  GV_EMPTY            /* an empty cell: no grade */
} GradeKind;

typedef struct Grade {
  int64_t num;        /* scaled value when GV_NUMBER (0 <= num / 10^scale <= 20) */
  int32_t course;     /* index in Model.courses */
  uint32_t line;      /* line of the grade in its file */
  uint16_t file;      /* index in Cohort.files */
  uint16_t mark;      /* index in Model.marks when GV_MARK */
  uint8_t kind;       /* GradeKind */
  uint8_t scale;      /* decimals of num (at most 17) */
  uint8_t sem;        /* semester number (1..) the line gives */
} Grade;

typedef struct StudentYear {
  const char *year;   /* "2024-2025" as written */
  int start;          /* 2024 */
  int level;          /* BUT year of its semesters (0 if none could be read) */
  int parcours;       /* parcours bit, -1 when none given */
  uint32_t sems;      /* bit s set: the file has grades of semester number s */
  Grade *grades;      /* its grades (both semesters), in reading order */
  uint32_t ngrades;   /* how many */
  uint32_t cap;       /* allocated */
  bool error;         /* an input error concerns this student-year */
  uint32_t line;      /* first line seen, for messages */
  uint16_t file;      /* file of that line */
} StudentYear;

typedef struct Student {
  const char *id;     /* student identifier as written */
  StudentYear *years; /* by academic year, ascending after cohort_finish */
  int nyears;         /* how many */
  int cap;            /* allocated */
  bool error;         /* some input error concerns this student: no decision at all */
} Student;

typedef struct GradesOptions {
  const char *year;      /* wide form: academic year when the file has no "year" column */
  const char *semester;  /* wide form: semester id ("S3") when the file has no "semester" column */
  const char *parcours;  /* wide form: parcours when the file has no "parcours" column */
} GradesOptions;

typedef struct Cohort Cohort;

Cohort *cohort_new(void);
void cohort_free(Cohort *c);
/* Read one grade file (long or wide form, detected from its header) into
** the cohort. Returns 0 if the file could be read (even with input errors,
** which are in d), -1 if it could not be read at all (missing, directory,
** empty, not CSV) — also reported in d. */
int grades_read_file(Cohort *c, const Model *m, const char *path, const GradesOptions *opt, Diags *d);
/* Same, from memory (tests). */
int grades_read_memory(Cohort *c, const Model *m, const char *name, const char *data, size_t len,
                       const GradesOptions *opt, Diags *d);
/* Sort students and years; check each student's years: a year holding
** semesters of two BUT years, parcours missing (where the rules need one) or
** two parcours in one year, years not YYYY-(YYYY+1), a history that does not
** start in BUT 1 (unless `has_history(student id)` says earlier decisions
** were given for it). Marks students in error. */
void cohort_finish(Cohort *c, const Model *m, bool (*has_history)(const char *id, void *ctx),
                   void *ctx, Diags *d);

size_t cohort_count(const Cohort *c);                 /* number of students */
Student *cohort_student(const Cohort *c, size_t i);   /* i-th in id order (after finish) */
Student *cohort_find(const Cohort *c, const char *id);
const char *cohort_file(const Cohort *c, int i);      /* name of file i */
uint64_t cohort_lines(const Cohort *c);               /* grade lines read */

/* The exact value of a numeric grade. */
void grade_value(const Grade *g, mpq_t out);

#endif
