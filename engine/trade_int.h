/* trade_int.h - internal to the trade-off analysis (tradeoffs.c, trade_frontier.c, trade_whatif.c,
 * trade_scenarios.c): the variant of the model that every re-solve changes, re-solve outcomes as
 * they cross the pipe from a worker process, and the shared list of re-solves. tradeoffs.c keeps
 * these, the force deltas, the capacity values and trade_analyse(); the frontier and its surface,
 * "what would it take" and the scenarios each have a file of their own. */
#ifndef FOLIO_TRADE_INT_H
#define FOLIO_TRADE_INT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "tradeoffs.h"
#include "worker.h"

/* A variant of the model: the same projects and rules with its own limits, plus room for one more
 * rule (a forced decision) and a switch per rule (to lift a must-do). */
typedef struct trade_variant {
    const model *m;
    const double *score;
    const solve_options *opt;
    model v;              /* shallow copy of *m whose limits and totals are the arrays below */
    double *limits, *totals;
    plan_rules rules;     /* the model's rules, then one slot */
    size_t base_count;
    bool *enabled;        /* [base_count + 1] */
    size_t solves;
    double deadline;      /* wallclock_now() time at which a re-solve stops even before opt's time limit
                             (the analysis's time budget ends); INFINITY: opt's limit alone */
} trade_variant;

/* A variant of m with every rule and m's limits; arrays in a. FOLIO_ENOMEM when out of memory. */
folio_error trade_variant_init(trade_variant *w, const model *m, const double *score, const plan_rules *rules,
                               const solve_options *opt, arena *a) FOLIO_WARN_UNUSED;

/* Multiplies capacity c's limits (per period and whole horizon) in the variant by factor. */
void trade_variant_scale_more(trade_variant *w, size_t c, double factor);

/* Sets capacity c's limits (per period and whole horizon) to factor times the model's, every other
 * capacity's to the model's; c == SIZE_MAX restores them all. */
void trade_variant_scale(trade_variant *w, size_t c, double factor);

/* Solves the variant exactly (no cuts, any starts among equal plans), from hint (its projects at
 * start) when given, within opt's time limit and the deadline; the result lives in a. Counts the
 * solve. */
folio_error trade_variant_solve(trade_variant *w, const bool *hint, const size_t *start, arena *a,
                                solve_result *r) FOLIO_WARN_UNUSED;

static inline bool trade_has_portfolio(solve_status s)
{
    return s == SOLVE_OPTIMAL || s == SOLVE_FEASIBLE;
}

/* The bound of a re-solve (status s, bound b) that its time limit stopped before a proof: the most
 * its optimum can be. NaN when it was proven (optimal or infeasible) or gave no bound (CBC's
 * "unknown" is the largest double). */
static inline double trade_stopped_bound(solve_status s, double b)
{
    return (s == SOLVE_FEASIBLE || s == SOLVE_NO_SOLUTION) && fabs(b) < 1e300 ? b : NAN;
}

/* Lists into p's enter and leave (arrays in a) the projects p->selected has and prev has not, and
 * the other way round (prev == NULL: nothing selected before). */
folio_error trade_diff(const model *m, const bool *prev, trade_point *p, arena *a) FOLIO_WARN_UNUSED;

/* A re-solve's outcome as a worker process sends it, followed by its portfolio (selected[n], then
 * start[n]) when plan is set. */
typedef struct trade_wire {
    int err;          /* folio_error of the solve */
    int skipped;      /* not analysed: the time budget ran out */
    int status;       /* solve_status */
    int plan;         /* the portfolio follows */
    double objective, bound, gap;
} trade_wire;

/* The outcome of a solve that returned err into r; plan when with_plan and there is a portfolio. */
trade_wire trade_wire_of(folio_error err, const solve_result *r, bool with_plan);

/* The solve result that msg describes, its portfolio in selected and start when msg->plan. */
solve_result trade_wire_result(const trade_wire *msg, bool *selected, size_t *start);

/* Appends msg and, when msg->plan, r's portfolio (n projects); false when out of memory. */
bool trade_wire_put(worker_buf *wire, const trade_wire *msg, const solve_result *r, size_t n) FOLIO_WARN_UNUSED;

/* Reads the portfolio that follows msg at *at (when msg->plan) into selected and start (n each), or
 * skips it when they are NULL; false when the message is short. */
bool trade_wire_plan(const worker_buf *wire, size_t *at, size_t n, const trade_wire *msg, bool *selected,
                     size_t *start) FOLIO_WARN_UNUSED;

/* Whether a second process pays for count re-solves, each taken to last as long as the base solve. */
bool trade_worth_splitting(const trade_options *to, const solve_result *base, size_t count);

/* One re-solve of the force deltas, the capacity values or the surface, and its outcome. */
typedef struct trade_job {
    size_t project;  /* the project whose decision is forced the other way; SIZE_MAX: a capacity's */
    size_t capacity; /* with project == SIZE_MAX: the capacity whose limits are scaled ... */
    double factor;   /* ... by this factor */
    size_t capacity2; /* and, unless SIZE_MAX, a second capacity whose limits are scaled ... */
    double factor2;   /* ... by this one */
    trade_wire res;  /* the outcome; res.skipped when the time budget ran out first */
    bool *selected;  /* [n_projects] or NULL: where given, the solve's portfolio when it has one
                        (res.plan), wherever it was solved */
    size_t *start;   /* [n_projects] with selected: its starts */
} trade_job;

/* Solves jobs[count], in order, in this process and a worker where that pays, each taking the next
 * job not yet taken, until the time budget (to->time_budget after t0) runs out; what names them in
 * the progress reports. The outcomes do not depend on which process solved what. */
folio_error trade_jobs_run(trade_variant *w, const solve_result *base, trade_job *jobs, size_t count,
                           const trade_options *to, double t0, const char *what) FOLIO_WARN_UNUSED;

/* The frontier over capacity c (trade_frontier.c): its points into out->points. */
folio_error trade_frontier(trade_variant *w, const solve_result *base, const trade_options *to, size_t c, double t0,
                           arena *a, trade_result *out) FOLIO_WARN_UNUSED;

/* The frontier surface over to->surface (trade_frontier.c), after the frontier: into out->surface. */
folio_error trade_frontier_surface(trade_variant *w, const solve_result *base, const trade_options *to, double t0,
                                   arena *a, trade_result *out) FOLIO_WARN_UNUSED;

/* What it would take to admit the projects left out nearest the line, and the hiring plan
 * (trade_whatif.c): into out->admits and out->plan. No solves. */
folio_error trade_what_would_it_take(const model *m, const double *score, const plan_rules *rules,
                                     const solve_result *base, const trade_options *to, arena *a,
                                     trade_result *out) FOLIO_WARN_UNUSED;

#endif
