/* tradeoffs.h - what it costs to choose differently: the efficient frontier over one capacity, the
 * price of forcing each decision the other way, the value of each capacity's last 10%, what it
 * would take to admit the projects left out, and the [scenario NAME] sections. Every objective is
 * an exact re-solve of the model with one thing changed, or an LP bound labelled as one. */
#ifndef FOLIO_TRADEOFFS_H
#define FOLIO_TRADEOFFS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "explain.h"
#include "progress.h"
#include "model.h"
#include "score.h"
#include "solve.h"

/* One point of the frontier: the optimum with the frontier capacity's limits scaled by factor. */
typedef struct trade_point {
    double factor;      /* multiplier on every limit of the capacity (per period and whole horizon) */
    double limit;       /* the capacity's limit there: factor x its whole-horizon limit, or x the sum of
                           its per-period limits when it has none */
    bool current;       /* the limits as the rules give them (factor 1): the chosen portfolio */
    solve_status status;
    double objective;   /* meaningful for OPTIMAL and FEASIBLE */
    double bound;       /* where the re-solve stopped at its time limit (FEASIBLE, or NO_SOLUTION with a
                           bound): its bound, so the optimum lies between objective (when FEASIBLE) and
                           this; NaN otherwise (exact, infeasible or not analysed) */
    double used;        /* use of the capacity by the portfolio (whole horizon) */
    size_t n_selected;
    bool *selected;     /* [n_projects] */
    size_t *enter;      /* selected here but not at the previous point */
    size_t n_enter;
    size_t *leave;      /* selected at the previous point but not here */
    size_t n_leave;
} trade_point;

typedef enum trade_force_kind {
    FORCE_NONE,     /* not analysed (excluded by the export, or past the solve budget) */
    FORCE_IN,       /* not selected: the optimum with it forced in */
    FORCE_OUT,      /* selected: the optimum with it forced out */
    FORCE_MUST_OFF, /* must-do: the optimum without its must-do rule (what the rule costs) */
} trade_force_kind;

typedef struct trade_force {
    trade_force_kind kind;
    bool exact;          /* re-solved to a proof; otherwise only the bounds below are known */
    bool stopped;        /* re-solved, but stopped by its time limit before a proof: not exact, and
                            the bounds below are the re-solve's where they are tighter */
    solve_status status; /* of the re-solve: INFEASIBLE when the project cannot be forced that way;
                            FEASIBLE or NO_SOLUTION when stopped */
    double delta;        /* objective there minus the objective now (NaN when infeasible or not exact) */
    double lp_bound;     /* an upper bound on delta (NaN without one): the LP's, or a stopped re-solve's
                            bound where lower; forcing costs at least -lp_bound */
    double feasible;     /* a lower bound on delta: the value of a plan with the decision forced (heur_force;
                            for a must-do, the current plan) minus the objective now, so forcing costs at
                            most -feasible; NaN when that heuristic finds no plan */
} trade_force;

/* The objective with one capacity's limits scaled by 1.1 and by 0.9. */
typedef struct trade_capacity {
    solve_status plus_status, minus_status;
    double plus, minus; /* objective change: gained at +10%, lost (negative) at -10%; NaN if infeasible */
    double plus_bound, minus_bound; /* where that re-solve stopped at its time limit: the most the change
                                       can be (its bound less the objective now); NaN otherwise */
    double shadow;      /* LP estimate: objective per unit of the whole-horizon (single-period) limit */
    double *shadow_period; /* [n_periods] LP estimate per unit of each period's limit (NaN: no limit) */
} trade_capacity;

/* Extra capacity a plan needs: how much one capacity rule (a period's limit or the whole horizon's)
 * would have to grow. */
typedef struct trade_need {
    size_t rule; /* index into the rules (RULE_CAPACITY or RULE_CAPACITY_TOTAL) */
    double extra;
} trade_need;

/* What it would take to admit one project left out, keeping every project already chosen. */
typedef struct trade_admit {
    size_t project;
    size_t *with;        /* projects it depends on that are not selected: they come in too */
    size_t n_with;
    size_t start;        /* its start (the one needing least extra capacity) */
    char *blocked;       /* a rule no extra capacity fixes (in words), or NULL */
    double gain;         /* objective gained: the values of the project and of those it brings */
    trade_need *needs;   /* extra capacity, per capacity rule that would be broken */
    size_t n_needs;
} trade_admit;

/* One step of the hiring plan: the projects admitted so far together, and what they need. */
typedef struct trade_hire {
    size_t project;      /* admitted at this step (with its dependencies) */
    double gain;         /* cumulative */
    trade_need *needs;   /* cumulative */
    size_t n_needs;
} trade_hire;

/* The frontier surface: the optimum over the frontier's limits (columns, its points) and a second
 * capacity's limits (rows). */
typedef struct trade_surface {
    size_t capacity;        /* the second capacity; SIZE_MAX: no surface */
    size_t n_rows;
    double *factor;         /* [n_rows] multiplier on every limit of the second capacity, increasing */
    double *limit;          /* [n_rows] its size there (as trade_point.limit) */
    size_t current;         /* the row with its limits as the rules give them (factor 1) */
    solve_status *status;   /* [n_rows * n_points], row by row; NO_SOLUTION: not analysed (time budget) */
    double *objective;      /* [n_rows * n_points]; NaN without a portfolio */
    double *bound;          /* [n_rows * n_points] as trade_point.bound: a stopped re-solve's bound, else NaN */
} trade_surface;

typedef struct trade_result {
    size_t capacity;       /* the frontier's capacity; SIZE_MAX when there is none */
    trade_point *points;   /* in increasing limit, the current one among them */
    size_t n_points;
    trade_force *force;    /* [n_projects] */
    size_t n_forced;       /* how many were re-solved */
    size_t n_bounded;      /* how many have only bounds (the LP's, and a forced plan's where found) */
    size_t n_skipped;      /* frontier points, capacity values and surface cells not analysed: the time
                              budget ran out */
    trade_surface surface;
    bool has_lp;           /* the LP relaxation was solved: bounds and shadow prices are there */
    double lp_objective;
    trade_capacity *caps;  /* [n_capacities] */
    trade_admit *admits;   /* the projects left out nearest the line (highest score), best first */
    size_t n_admits;
    trade_hire *plan;      /* admitting them one by one, most gain per extra capacity first */
    size_t n_plan;
    size_t solves;         /* re-solves in all */
    double seconds;
} trade_result;

typedef struct trade_options {
    size_t capacity;       /* frontier capacity (SIZE_MAX: the one named budget, else the first) */
    size_t points;         /* frontier points besides the current one; default
                              RULES_DEFAULT_FRONTIER_POINTS */
    size_t surface;        /* the surface's second capacity; SIZE_MAX (the default): no surface */
    size_t surface_points; /* its limits besides the current one; default
                              RULES_DEFAULT_SURFACE_POINTS */
    size_t max_force;      /* at most this many force re-solves, those the LP bound puts nearest the line
                              first; default RULES_DEFAULT_MAX_FORCE_SOLVES */
    double time_budget;    /* seconds after which the re-solves still running stop (each then an
                              interval, as at its time limit), the remaining frontier points and
                              capacity values are not analysed and the remaining force deltas keep only
                              their bounds (a safety net that makes the output machine-dependent when it
                              triggers); default RULES_DEFAULT_TRADEOFFS_BUDGET */
    progress progress;     /* progress reports, step by step; {NULL, NULL} (the default): none */
    size_t what_if;        /* projects left out to price ("what would it take"); default 10 */
    double split_seconds;  /* a share of the re-solves goes to a second process only when it is expected
                              (from the base solve's time) to take at least this long; default 0.1,
                              0: always, INFINITY: never. Either way the results are the same. */
} trade_options;

void trade_options_init(trade_options *o);

/* One [scenario NAME] solved: the rules as given with its changes. */
typedef struct trade_scenario {
    const rules_scenario *rules; /* its section */
    solve_status status;
    double objective, bound, gap; /* with the scenario's weights */
    double *weights;     /* [n_criteria] the scenario's normalised weights */
    bool *selected;      /* [n_projects]; NULL without a portfolio */
    size_t n_selected;
    double cost;
    double *limit;       /* [n_capacities] the scenario's whole-horizon limit, or the sum of its
                            per-period ones (INFINITY when none) */
    double *used;        /* [n_capacities] use over the horizon */
    size_t *enter, *leave; /* against the portfolio as given (none when that has none) */
    size_t n_enter, n_leave;
    explain_conflicts conflicts; /* without a portfolio: why */
} trade_scenario;

/* Solves every [scenario NAME] of m exactly (each with opt's limits); base is the run's own result
 * (for entering and leaving). With no feasible portfolio, the conflict is explained within
 * explain_budget seconds. Of to, only progress and split_seconds apply. out is
 * [m->rules.n_scenarios], arrays in a. */
folio_error trade_scenarios(const model *m, const score_result *s, const solve_options *opt, const solve_result *base,
                            double explain_budget, const trade_options *to, arena *a,
                            trade_scenario *out) FOLIO_WARN_UNUSED;

/* The trade-off analysis of base (a proven optimum of m with these scores and rules). Each figure is
 * an exact re-solve with opt's limits; arrays live in a. */
folio_error trade_analyse(const model *m, const double *score, const plan_rules *rules, const solve_options *opt,
                          const solve_result *base, const trade_options *to, arena *a,
                          trade_result *out) FOLIO_WARN_UNUSED;

/* A capacity's size as one number: its whole-horizon limit, or the sum of its per-period limits
 * when it has none (0 when it has neither). */
double trade_axis_limit(const model *m, size_t c);

/* The capacity the frontier uses by default: the one named "budget", else the first; SIZE_MAX when
 * the model has none. */
size_t trade_default_capacity(const model *m);

#endif
