/* sensitivity.h - how far each criterion's weight can move before the chosen portfolio changes. */
#ifndef FOLIO_SENSITIVITY_H
#define FOLIO_SENSITIVITY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "progress.h"
#include "score.h"
#include "solve.h"

/* One end of a criterion's stable range and what changes just past it. */
typedef struct sens_edge {
    bool changes;   /* false: the portfolio holds all the way to weight 0 (or 1) */
    bool proven;    /* the re-solve at `at` was proven optimal: enter and leave are the optimum there.
                       False when it stopped at its time limit: they are its best plan, or empty when
                       that was the current portfolio */
    double at;      /* first weight tried past the range where the portfolio differs */
    size_t *enter;  /* projects selected there but not now */
    size_t n_enter;
    size_t *leave;  /* selected now but not there */
    size_t n_leave;
} sens_edge;

typedef struct sens_criterion {
    double weight;        /* its normalised weight now */
    double stable_from;   /* the portfolio is the same for every weight tried in [from, to] */
    double stable_to;
    sens_edge below, above;
    bool analysed;        /* false when the time budget ran out first */
    bool exact;           /* analysed, and every re-solve proven: the range and what changes past it are
                             exact. False when one stopped at its time limit: the portfolio is then
                             proven optimal over [from, to], and the range may reach further */
} sens_criterion;

/* The smallest single-criterion weight change found that flips a project's decision. */
typedef struct sens_flip {
    size_t project;
    size_t criterion;
    double change; /* signed: new weight minus current weight */
} sens_flip;

typedef struct sens_result {
    sens_criterion *criteria; /* [n_criteria] */
    sens_flip *flips;         /* one per project that some boundary flips, smallest change first */
    size_t n_flips;
    size_t solves;
} sens_result;

/* Steps from one side's far end towards the exact end of the range (where two plans' objectives
 * cross) before bisection takes over. */
enum { SENS_CROSSINGS = 4 };

/* At most this many re-solves for one criterion: two sides, each a first try, the crossing steps,
 * then ten bisection steps (0.001 of a range of at most 1) and the solve just past the end. */
enum { SENS_SOLVES_PER_CRITERION = 2 * (1 + SENS_CROSSINGS + 10 + 1) };

typedef struct sens_options {
    size_t max_solves;    /* criteria are analysed in order while their worst cases together fit in
                             this many re-solves (deterministic); default
                             RULES_DEFAULT_SENSITIVITY_SOLVES */
    double budget;        /* seconds after which the remaining criteria are not analysed (a safety net
                             for large models, which makes the output depend on the machine when it
                             triggers); default RULES_DEFAULT_SENSITIVITY_BUDGET */
    double split_seconds; /* the brackets are shared with a second process only when half of them is
                             expected to take at least this long (from the base solve's time);
                             default 0.1, 0: always, INFINITY: never. Either way the results are
                             the same. */
    progress progress;    /* a report per side of a criterion analysed; {NULL, NULL}: none */
} sens_options;

void sens_options_init(sens_options *o);

/* For each criterion, moves its weight (the others rescaled in proportion so that they still sum to
 * 1) up and down from where it is, re-scoring and re-solving exactly, and finds the weight where the
 * selected portfolio first changes: exactly, where two plans' objectives cross, else bracketed by
 * bisection to within 0.001 (engine/DESIGN.md). Needs a portfolio (base). Criteria past so's limits
 * are marked not analysed. */
folio_error sens_weights(const model *m, const score_result *scores, const plan_rules *rules,
                         const solve_options *opt, const solve_result *base, const sens_options *so, arena *a,
                         sens_result *out) FOLIO_WARN_UNUSED;

/* Scores every project with the given criterion weights (summing to 1) into score[n_projects], by
 * the rules' scoring method, from the normalised values already in s. False when out of memory. */
bool sens_rescore(const model *m, const score_result *s, const double *weights, double *score);

#endif
