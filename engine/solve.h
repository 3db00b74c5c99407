/* solve.h - exact portfolio selection: the MIP over the model's rules, solved with COIN-OR CBC. */
#ifndef FOLIO_SOLVE_H
#define FOLIO_SOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"

/* One rule of the model that becomes a constraint; the unit in which infeasibility is explained. */
typedef enum solve_rule_kind {
    RULE_CAPACITY,        /* a = capacity, t = period: sum use * x <= limit */
    RULE_POLICY_MIN,      /* a = policy: sum of its column over selected members >= min */
    RULE_POLICY_MAX,      /* a = policy: ... <= max */
    RULE_POLICY_COUNT_MIN,/* a = policy: number of selected members >= count_min */
    RULE_POLICY_COUNT_MAX,/* a = policy: ... <= count_max */
    RULE_MUST,            /* a = project: x = 1 */
    RULE_EXCLUDE,         /* a = project: x = 0 */
    RULE_DEPENDS,         /* a = project, b = the project it depends on: x_a <= x_b */
    RULE_EXCLUDES,        /* a < b: x_a + x_b <= 1 */
} solve_rule_kind;

typedef struct solve_rule {
    solve_rule_kind kind;
    size_t a, b, t;
} solve_rule;

/* Every rule of m, in a fixed order; allocated in a. */
typedef struct solve_rules {
    solve_rule *items;
    size_t count;
} solve_rules;

folio_error solve_rules_collect(const model *m, arena *a, solve_rules *out) FOLIO_WARN_UNUSED;

typedef struct solve_options {
    double time_limit; /* seconds of solver time; default 60 */
    double gap;        /* relative optimality gap at which to stop; default 0 */
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
    double objective; /* sum of score over the selection */
    double bound;     /* proven upper bound on the objective */
    double gap;       /* (bound - objective) / max(|objective|, 1e-9); 0 when proven optimal */
    double seconds;   /* wall time of the solve */
    long nodes;       /* branch-and-bound nodes */
} solve_result;

/* Solves max sum score(i) x(i) subject to the rules of m that are enabled (enabled == NULL: all;
 * else enabled[k] for rules->items[k]). The result's arrays live in a. Returns FOLIO_ESOLVER when
 * CBC fails (an infeasible portfolio is a status, not an error). */
folio_error solve_portfolio(const model *m, const double *score, const solve_rules *rules, const bool *enabled,
                            const solve_options *opt, arena *a, solve_result *out) FOLIO_WARN_UNUSED;

/* Checks a selection against every rule of m independently of the solver; writes up to max violated
 * rules into out and returns how many rules are violated in all. */
size_t solve_check_selection(const model *m, const solve_rules *rules, const bool *selected, solve_rule *out,
                             size_t max);

/* Whether one rule holds for a selection (tolerance 1e-9 relative). */
bool solve_rule_holds(const model *m, const solve_rule *r, const bool *selected);

/* The left-hand side of a capacity or policy rule for a selection (0 for other kinds). */
double solve_rule_activity(const model *m, const solve_rule *r, const bool *selected);

#endif
