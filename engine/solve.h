/* solve.h - exact portfolio selection: the MIP over the model's rules, solved with COIN-OR CBC. */
#ifndef FOLIO_SOLVE_H
#define FOLIO_SOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "plan.h"
#include "progress.h"

typedef struct solve_options {
    double time_limit; /* seconds of solver time; default 60 */
    double gap;        /* relative optimality gap at which to stop; default 0 */
    const bool *hint;  /* a selection to start from (each project at its earliest start): repaired to
                          satisfy every enabled rule and filled up in the LP's order, then the plan
                          to beat (ignored when the full model's starting plan runs); NULL: none */
    const size_t *hint_start; /* with a hint, each hinted project's start period (one outside its
                                 window counts as its earliest); NULL: every one at its earliest */
    bool no_cuts;      /* skip CBC's cut generation: still exact, and on the many small re-solves of an
                          analysis several times faster (tools/BENCHMARKS.md) */
    bool any_starts;   /* skip the second solve that prefers earlier starts among equal plans (for
                          analyses that compare selections only) */
    bool plan_first;   /* with a hint and rules switched (enabled != NULL), still run the full model's
                          starting-plan heuristics: for re-solves that move far from the hint (the
                          trade-offs' frontier), not for the many near ones (weight sensitivity) */
    bool search;       /* full model only: on the processors the jobs leave beside CBC's, improve the
                          starting plan there (search.c) while CBC searches, and report the best
                          plan when CBC stops at the time limit with a worse one; for the run's own
                          solve, not for the analyses that already keep the processors busy */
    bool contain;      /* run every CBC call apart, in a forked process (mip_cbc_run), so that a crash
                          inside CBC costs that call's answer, not the run; without, CBC runs here
                          with its preprocessing off, where its crash is. For full solves (the
                          run's own, scenarios, re-plans), where preprocessing pays and a fork is
                          cheap beside the solve; the analyses' many near re-solves take as long
                          without it (tools/BENCHMARKS.md) */
    progress progress; /* the run's own solve: says, before CBC starts, the plan to beat and the LP
                          bound; {NULL, NULL} (the default): nothing */
} solve_options;

void solve_options_init(solve_options *opt);

typedef enum solve_status {
    SOLVE_OPTIMAL,    /* proven optimal (within the requested gap: see solve_result.gap) */
    SOLVE_FEASIBLE,   /* a portfolio that satisfies every rule, optimality not proven */
    SOLVE_INFEASIBLE, /* proven: no portfolio satisfies every rule */
    SOLVE_NO_SOLUTION /* the time limit came before any feasible portfolio or a proof of infeasibility */
} solve_status;

const char *solve_status_name(solve_status s);

typedef struct solve_result {
    solve_status status;
    bool *selected;   /* [n_projects]; meaningful for OPTIMAL and FEASIBLE */
    size_t *start;    /* [n_projects] chosen start period of each selected project */
    double objective; /* sum of score over the selection */
    double bound;     /* proven upper bound on the objective */
    double gap;       /* (bound - objective) / max(|objective|, 1e-9); 0 when proven optimal */
    double seconds;   /* wall time of the solve */
    long nodes;       /* branch-and-bound nodes */
    size_t fixed;     /* columns the LP fixed against the plan to beat before CBC */
    bool has_start_plan;   /* the heuristics (full model only) found a plan for CBC to start from */
    double start_objective;/* its objective */
    double start_seconds;  /* when it was ready, from the start of the solve */
    bool searched;         /* the plan search (solve_options.search) reported a plan: CBC stopped at
                              its time limit while it ran */
    double search_objective; /* that plan's objective */
    bool search_used;      /* it beat CBC's plan and is the one reported */
    size_t search_processes; /* how many processes the plan search ran in (0: it did not run) */
    /* How a contained CBC process ended without an answer (solve_options.contain): 0 when it did
       not; else the signal, or -1 (mip_cbc_outcome). */
    int solver_crashed;    /* CBC's own solve: the plan reported is the best found before, if any */
    int rens_crashed;      /* the starting plan's RENS sub-solve: the other heuristics' plan stands */
    int tie_crashed;       /* the tie-break towards earlier starts: the plan is optimal, its starts
                              as CBC found them, not necessarily the earliest */
} solve_result;

/* Solves max sum value(i,s) x(i,s), value(i,s) = score(i) (1 - delay_penalty)^(s - start_min), over
 * one binary x(i,s) per project and allowed start, subject to the rules of m that are enabled (enabled == NULL: all;
 * else enabled[k] for rules->items[k]). The result's arrays live in a. Returns FOLIO_ESOLVER when
 * CBC fails (an infeasible portfolio is a status, not an error). */
folio_error solve_portfolio(const model *m, const double *score, const plan_rules *rules, const bool *enabled,
                            const solve_options *opt, arena *a, solve_result *out) FOLIO_WARN_UNUSED;

/* How many CBC processes of solves with solve_options.contain have died so far, in this process
 * and every process forked from it after its first such solve. */
unsigned long solve_crashes(void);

/* The LP relaxation of the full model and what its row prices bound. */
typedef struct solve_lp {
    bool ok;            /* the LP was solved to optimality; otherwise nothing below is set */
    double objective;   /* the LP optimum */
    double dual_bound;  /* the Lagrangian bound from the LP's row prices (the LP optimum, up to rounding) */
    double *rule_dual;  /* [rules->count] price of the rule's row: objective per unit of its limit (NaN
                           when the rule is a column bound or several rows) */
    double *bound_in;   /* [n_projects] a valid upper bound on the objective with the project forced in */
    double *bound_out;  /* [n_projects] ... forced out */
} solve_lp;

/* Solves the LP relaxation of the model with every rule (Clp) and derives, from its row prices y and
 * reduced costs d = c - A'y, the Lagrangian bound sum_r max(y_r lo_r, y_r hi_r) + sum_j max(d_j l_j,
 * d_j u_j), valid for every plan within the bounds; changing one project's column bounds gives a
 * valid bound with that project forced in or out. Arrays live in a. */
folio_error solve_lp_relaxation(const model *m, const double *score, const plan_rules *rules, arena *a,
                                solve_lp *out) FOLIO_WARN_UNUSED;

/* Writes the exact model solve_portfolio() solves with every rule (maximisation, binary columns
 * x_<project id>_<start period index>) to path, in LP format or with mps in MPS format, for checking
 * with another solver. FOLIO_EIO when it cannot be written. */
folio_error solve_export(const model *m, const double *score, const plan_rules *rules, const char *path, bool mps)
    FOLIO_WARN_UNUSED;

/* The portfolio of a solve result as a plan. */
static inline plan solve_plan_of(const solve_result *r)
{
    return (plan){r->selected, r->start};
}

#endif
