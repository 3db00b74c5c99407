/* explain.h - why each project is in or out, and why a plan with no feasible portfolio is impossible. */
#ifndef FOLIO_EXPLAIN_H
#define FOLIO_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "solve.h"

typedef enum explain_decision {
    DECISION_MUST,         /* selected because the export forces it in */
    DECISION_SELECTED,     /* selected by the optimiser */
    DECISION_EXCLUDED,     /* forced out by the export */
    DECISION_NOT_SELECTED, /* left out by the optimiser (or no feasible portfolio exists) */
} explain_decision;

const char *explain_decision_name(explain_decision d);

typedef struct explain_project {
    explain_decision decision;
    char *reason; /* one computed sentence, in the arena */
} explain_project;

/* Gives every project a decision and a computed reason for the solver's result r. out has
 * n_projects entries; strings are allocated in a. */
folio_error explain_decisions(const model *m, const double *score, const size_t *rank,
                              const solve_result *r, arena *a, explain_project *out) FOLIO_WARN_UNUSED;

typedef struct explain_conflicts {
    char **items;  /* sentences naming the rules and numbers involved */
    size_t count;
    bool minimal;  /* true when dropping any one of the rules named makes a portfolio possible */
    size_t solves; /* feasibility solves spent finding them */
} explain_conflicts;

/* Explains why no portfolio satisfies every rule: first the obvious conflicts checked directly
 * (must-do demand over a capacity, required projects that exclude each other, policies that cannot
 * be met), else a small conflicting set of rules found by relaxing rules one at a time (a deletion
 * filter over CBC feasibility solves, bounded by time_budget seconds). */
folio_error explain_infeasible(const model *m, const plan_rules *rules, const solve_options *opt,
                               double time_budget, arena *a, explain_conflicts *out) FOLIO_WARN_UNUSED;

/* Describes one rule in words with its numbers, e.g. "capacity budget: at most 25M of cost". */
char *explain_rule(const model *m, const plan_rule *r, arena *a);

#endif
