/* mip.h - internal to the solver (solve.c, search.c): the selection MIP as matrices, and COIN-OR's
 * CBC and Clp through their C interfaces. Nothing here knows why a model is solved; solve.c decides
 * that. Split off from solve.c, which keeps the solve itself: starting plan, fixing, CBC's answer. */
#ifndef FOLIO_MIP_H
#define FOLIO_MIP_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <coin/Cbc_C_Interface.h>

#include "error.h"
#include "model.h"
#include "plan.h"

/* The constraint matrix in compressed sparse rows while it is assembled. Zero-initialise; a
 * failed allocation sets oom and makes every later push a no-op. Free with mip_rows_free(). */
typedef struct mip_rows {
    size_t n_rows, n_nz, cap_rows, cap_nz;
    int *start; /* [n_rows + 1] */
    int *index;
    double *value;
    double *lower, *upper;
    bool oom;
} mip_rows;

/* Adds v at column col to the row being assembled (0 is not stored). */
void mip_rows_push(mip_rows *rb, size_t col, double v);

/* Closes the row whose entries were pushed since the last one, with bounds lo <= row <= hi. */
void mip_rows_end(mip_rows *rb, double lo, double hi);

void mip_rows_free(mip_rows *rb);

/* Columns: one per project and allowed start, project i's at base[i] .. base[i] + mip_width(i) - 1. */
typedef struct mip_cols {
    size_t *base; /* [n_projects] */
    size_t n_cols;
} mip_cols;

/* Number of allowed starts of a project: its columns. */
static inline size_t mip_width(const model_project *p)
{
    return p->start_max - p->start_min + 1;
}

/* The MIP of a model: max obj.x over binary columns within [collb, colub], subject to rows. */
typedef struct mip_model {
    mip_rows rows;
    mip_cols cols;
    double *collb, *colub; /* [n_cols] column bounds (fixing closes them) */
    double *obj;           /* [n_cols] value of each project at each start, after the delay penalty */
    double *delay;         /* [n_cols] periods each column starts after its project's earliest start */
    bool windows;          /* some project has more than one allowed start */
} mip_model;

/* Builds the MIP of m with score: the columns, their bounds and objective, an at-most-one-start row
 * per project with a window, and the rows of every enabled rule (enabled == NULL: all). A must-do
 * project with one start and an excluded project become column bounds, not rows. rule_row
 * (optional, [rules->count]) gets each rule's single row, or SIZE_MAX when it is a column bound,
 * disabled or several rows. FOLIO_ENOMEM when out of memory; free *out with mip_model_free()
 * either way. */
folio_error mip_build(const model *m, const double *score, const plan_rules *rules, const bool *enabled,
                      size_t *rule_row, mip_model *out) FOLIO_WARN_UNUSED;

void mip_model_free(mip_model *mm);

/* The matrix by columns, as CBC and Clp take it. Free with mip_csc_free(). */
typedef struct mip_csc {
    int *start, *index;
    double *value;
} mip_csc;

/* The rows by columns; false (nothing to free) when out of memory. */
bool mip_csc_from_rows(const mip_rows *rb, size_t n_cols, mip_csc *out);

void mip_csc_free(mip_csc *c);

/* What CBC is asked to do besides solving. */
typedef struct mip_settings {
    double sense;      /* -1: maximise, 1: minimise */
    bool no_cuts;      /* CBC's cut generators off */
    double gap;        /* relative gap at which CBC may stop */
    double time_limit; /* seconds (at least 1 ms is given) */
} mip_settings;

/* Loads rows and columns into a new CBC model that prints nothing, with binary columns; NULL when
 * out of memory. Delete with Cbc_deleteModel(). */
Cbc_Model *mip_cbc_model(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub,
                         const double *obj, mip_settings s);

/* Gives CBC a complete solution x (one value per column) as its first incumbent. */
void mip_cbc_start(Cbc_Model *cbc, const double *x);

/* Runs CBC on its model; true when it stopped on its time limit, which includes any answer that
 * arrives once its time is up (then never a proof). *rc (unless NULL) gets Cbc_solve's return. */
bool mip_cbc_solve_timed(Cbc_Model *cbc, int *rc);

/* What a CBC run gave, as its getters say it once the solve is over. */
typedef struct mip_cbc_outcome {
    int rc;                 /* Cbc_solve's return */
    bool timed_out;         /* stopped on its time limit (mip_cbc_solve_timed) */
    int crashed;            /* 0; else the contained solve gave nothing: the signal that ended it, or
                               -1 when it exited without its answer (a sanitizer's report) */
    int nodes;
    bool proven_optimal, proven_infeasible, abandoned;
    int secondary;          /* Cbc_secondaryStatus */
    double best_possible;   /* Cbc_getBestPossibleObjValue; NaN after a crash */
    double *x;              /* [n_cols] the best solution (heap), or NULL when there is none */
} mip_cbc_outcome;

/* Watching a contained solve as it goes: fn(ctx, plan, bound) each time CBC's log tells a better
 * plan or a new bound, and after each second without, both in the model's terms (CBC's value times
 * sense, plus offset; NaN until known). Called from a thread of the caller's process while CBC
 * runs, never after mip_cbc_run_watched() returns. */
typedef void (*mip_watch_fn)(void *ctx, double plan, double bound);
typedef struct mip_watch {
    mip_watch_fn fn;
    void *ctx;
    double sense;  /* the model's: -1 maximise, 1 minimise */
    double offset; /* what the model's objective leaves out (fixed columns) */
} mip_watch;

/* Reads one line of CBC's log (logLevel 1): true when it tells the best plan found (*plan) or the
 * bound (*bound), in CBC's own terms (minimising); the other is left as it was. */
bool mip_cbc_log_line(const char *line, double *plan, double *bound);

/* Runs CBC on its model (of n_cols columns) into *out. CBC 2.10 can crash (coin-or/Cbc issue 353: a
 * time limit that runs out during preprocessing, in CglPreProcess::postProcess). With contain, CBC
 * runs in a forked process whose results come back through a pipe, and a crash ends that process
 * only, reported as out->crashed with no solution and the limit taken as reached; the outcome is
 * otherwise the same. Without (or when no process can be forked), CBC runs here with its
 * preprocessing off, so that the crashing path is never taken in folio's own process. FOLIO_ENOMEM
 * when out of memory. Free with mip_cbc_outcome_free(). */
folio_error mip_cbc_run(Cbc_Model *cbc, size_t n_cols, bool contain, mip_cbc_outcome *out) FOLIO_WARN_UNUSED;

/* As mip_cbc_run(), and a contained solve is watched through *watch (when not NULL): CBC then logs
 * into a pipe that a thread here reads. The solve itself is the same. */
folio_error mip_cbc_run_watched(Cbc_Model *cbc, size_t n_cols, bool contain, const mip_watch *watch,
                                mip_cbc_outcome *out) FOLIO_WARN_UNUSED;

/* How many of mip_cbc_run()'s contained processes have died so far, in this process and every
 * process forked from it after its first contained call (the count is in memory they share). */
unsigned long mip_cbc_crashes(void);

void mip_cbc_outcome_free(mip_cbc_outcome *out);

/* Reads a 0/1 solution x (one value per column) into selected[n]/start[n]; returns its objective,
 * recomputed from the scores. */
double mip_read_plan(const model *m, const mip_cols *cm, const double *x, const double *score, bool *selected,
                     size_t *start);

/* A plan as columns (x[n_cols]): the inverse of mip_read_plan(). */
void mip_plan_columns(const model *m, const mip_cols *cm, const bool *sel, const size_t *start, double *x);

/* Value of a 0/1 solution x under objective obj. */
double mip_value(size_t n_cols, const double *obj, const double *x);

/* The LP relaxation of a built model as Clp solved it. Zero-initialise; free with mip_lp_free(). */
typedef struct mip_lp {
    bool tried, ok;  /* solved (or given up on), and proven optimal */
    double *x;       /* [n_cols] column solution */
    double *price;   /* [n_rows] row prices (Clp's sign) */
    double objective;
} mip_lp;

/* Solves the LP relaxation with Clp's dual simplex, stopping after time_limit seconds (none when
 * not finite). r->ok is false when it is not proven optimal in time; r->x and r->price are then
 * NULL. Returns FOLIO_ENOMEM when out of memory. Free with mip_lp_free() either way. */
folio_error mip_lp_solve(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub,
                         const double *obj, double time_limit, mip_lp *r) FOLIO_WARN_UNUSED;

void mip_lp_free(mip_lp *r);

/* A column's term in the Lagrangian bound: the most d.x can give within [l, u]. */
static inline double mip_col_term(double d, double l, double u)
{
    return fmax(d * l, d * u);
}

/* The Lagrangian bound for the LP's row prices: for any prices y, every x within the column bounds
 * and row ranges has c.x <= sum_r max(y_r lo_r, y_r hi_r) + sum_j mip_col_term(d_j, l_j, u_j),
 * with d = c - A'y. Of Clp's prices and their negation, takes the ones whose bound is lower;
 * returns that bound and leaves d[n_cols] and the sign applied in *sign. Any y gives a valid bound,
 * so round-off in the prices weakens it at worst. */
double mip_lagrangian(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub,
                      const double *obj, const double *price, double *d, double *sign);

/* What a plan from outside CBC (a repaired hint, the plan search's) is checked against before it
 * is trusted: the rules themselves, not the rows. */
typedef struct mip_checker {
    const model *m;
    const mip_cols *cm;
    const double *score;
    const plan_rules *rules;
    const bool *enabled;
    bool *selected; /* [n_projects] scratch */
    size_t *start;  /* [n_projects] scratch */
} mip_checker;

/* Whether the plan x (one value per column) keeps every enabled rule. */
bool mip_checker_holds(const mip_checker *pc, const double *x);

/* The model with its fixed columns (closed bounds) taken out. Free with mip_reduced_free(). */
typedef struct mip_reduced {
    mip_rows rb;
    size_t n_cols;
    size_t *col;      /* [n_cols]: the column of the whole model */
    double *lb, *ub, *obj;
    double *x;        /* scratch, one per column of the whole model: CBC's plan expanded back */
    double offset;    /* the fixed columns' objective */
} mip_reduced;

/* Builds the reduced model: the free columns, and each row that has one with its bounds moved by
 * the fixed columns' activity (a row with no free column is dropped: the caller's incumbent keeps
 * every fixing and satisfies it). Returns false, with nothing to free, when out of memory or when
 * no column or row is left. */
bool mip_reduce(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub, const double *obj,
                mip_reduced *out);

void mip_reduced_free(mip_reduced *r);

#endif
