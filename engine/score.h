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
    /* With TOPSIS: norm holds r(i,k) (vector or min-max), and these the rest of the method. */
    double *weighted;   /* [n_projects * n_criteria] v(i,k) = w(k) r(i,k) */
    double *ideal;      /* [n_criteria] best v(., k): the largest, or the smallest with direction = min */
    double *anti_ideal; /* [n_criteria] worst */
    double *vector_norm;/* [n_criteria] sqrt of the sum of squares of the raw values */
    double *d_ideal;    /* [n_projects] Euclidean distance of v(i, .) to the ideal */
    double *d_anti;     /* [n_projects] to the anti-ideal */
} score_result;

/* Scores every project of m, allocating the result in a: the weighted sum of normalised values, or
 * with [portfolio] scoring = topsis the TOPSIS closeness d-(i) / (d+(i) + d-(i)) in [0, 1] (0 when
 * every project is alike). A criterion that does not discriminate
 * (every project has the same value) is a warning in d. Returns FOLIO_ENOMEM on allocation failure. */
folio_error score_compute(const model *m, arena *a, score_result *out, diags *d) FOLIO_WARN_UNUSED;

/* The normalised value of raw value v for criterion cr, given the observed min and max. */
double score_normalise(const rules_criterion *cr, double v, double min, double max);

#endif
