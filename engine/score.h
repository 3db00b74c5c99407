/* score.h - the scoring model: normalised criterion values, weighted scores and ranks. */
#ifndef FOLIO_SCORE_H
#define FOLIO_SCORE_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "error.h"
#include "model.h"

typedef struct score_result {
    double *norm;     /* [n_projects * n_criteria] n(i,k) at [i * n_criteria + k] */
    double *score;    /* [n_projects] score(i) = sum_k w(k) n(i,k) */
    size_t *rank;     /* [n_projects] 1 = best; ties broken by id */
    size_t *order;    /* [n_projects] project indices, best first */
    double *crit_min; /* [n_criteria] smallest raw value over all projects */
    double *crit_max; /* [n_criteria] largest raw value */
} score_result;

/* Scores every project of m, allocating the result in a. A criterion that does not discriminate
 * (every project has the same value) is a warning in d. Returns FOLIO_ENOMEM on allocation failure. */
folio_error score_compute(const model *m, arena *a, score_result *out, diags *d) FOLIO_WARN_UNUSED;

/* The normalised value of raw value v for criterion cr, given the observed min and max. */
double score_normalise(const rules_criterion *cr, double v, double min, double max);

#endif
