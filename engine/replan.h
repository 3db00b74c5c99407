/* replan.h - a portfolio against the plan of record: what was continued, stopped, started and
 * moved, what the churn limit costs (the price of stability, by exact re-solves) and the fewest
 * changes that reach the unlimited optimum. */
#ifndef FOLIO_REPLAN_H
#define FOLIO_REPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "plan.h"
#include "solve.h"

/* How a project's decision compares with the baseline's. */
typedef enum replan_change {
    REPLAN_KEPT_OUT,  /* out in both */
    REPLAN_CONTINUED, /* in both, at the same start (or any start without count_moves) */
    REPLAN_MOVED,     /* in both, at another start (a change only with count_moves) */
    REPLAN_STARTED,   /* newly in */
    REPLAN_STOPPED,   /* the baseline had it; now out */
} replan_change;

/* "kept_out", "continued", "moved", "started", "stopped". */
const char *replan_change_name(replan_change c);

/* How project i (selected or not, at start s) compares with the baseline. */
replan_change replan_change_of(const model *m, size_t i, bool selected, size_t s);

typedef struct replan_result {
    size_t continued, stopped, started, moved; /* projects of each kind */
    size_t changes;            /* decisions that differ from the baseline (the [replan] count) */
    bool has_price;            /* the price of stability was computed (an optimum, a max_changes) */
    bool price_exact;          /* both solves proven optimal */
    double unlimited_objective; /* the optimum without max_changes (change_penalty still charged) */
    double price;              /* unlimited_objective - the objective: what the limit costs */
    double price_relative;     /* price / max(|unlimited_objective|, 1e-9) */
    size_t min_changes;        /* the fewest changes with which the unlimited optimum is reached */
    bool min_changes_exact;    /* every solve of its search was proven optimal or infeasible */
    size_t solves;
    size_t cost_capacity;      /* the capacity that reads the cost column; SIZE_MAX: none */
    double committed;          /* what the work in flight that continues still needs of it */
} replan_result;

/* Compares the result r with the baseline of m and, when r is proven optimal and a max_changes
 * applies, finds the price of stability and the fewest changes that reach the unlimited optimum
 * (a search over max_changes, each step an exact solve with opt). Arrays live in a; FOLIO_ESOLVER
 * or FOLIO_ENOMEM when a solve fails. */
folio_error replan_analyse(const model *m, const double *score, const plan_rules *rules, const solve_options *opt,
                           const solve_result *r, arena *a, replan_result *out) FOLIO_WARN_UNUSED;

#endif
