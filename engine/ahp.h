/* ahp.h - criterion weights from pairwise comparisons: Saaty's AHP with a consistency check. */
#ifndef FOLIO_AHP_H
#define FOLIO_AHP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum ahp_method {
    AHP_EIGENVECTOR,    /* the principal right eigenvector (Saaty) */
    AHP_GEOMETRIC_MEAN, /* row geometric means (Crawford and Williams) */
} ahp_method;

/* A judgment worth revisiting: a(i,j) as given and the value that would be consistent with the
 * weights, w(i)/w(j). */
typedef struct ahp_judgment {
    size_t i, j;
    double given, consistent;
} ahp_judgment;

typedef struct ahp_result {
    size_t n;
    double *matrix;    /* [n * n] the reciprocal matrix, missing judgments filled */
    bool *given;       /* [n * n] whether each entry was judged (or is the reciprocal of one) */
    size_t n_missing;  /* pairs (i < j) that were filled */
    double *weights;   /* [n] priority vector, sums to 1 */
    double lambda_max; /* principal eigenvalue of the (completed) matrix */
    double ci;         /* (lambda_max - n) / (n - 1) */
    double ri;         /* Saaty's random index for n */
    double cr;         /* ci / ri; 0 for n <= 2 */
    ahp_judgment worst[3]; /* the given judgments furthest from consistency, worst first */
    size_t n_worst;
} ahp_result;

/* Saaty's random index for an n x n matrix, n = 1..15 (0 outside the table):
 * 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59. */
double ahp_random_index(size_t n);

/* Labels each of the n elements with its connected component in the graph of judgments
 * (a[i*n+j] > 0 means judged); returns the number of components. */
size_t ahp_components(size_t n, const double *a, size_t *component);

/* Derives weights from the n x n judgments a (a[i*n+j] = how much more important i is than j;
 * a[i*n+i] = 1; 0 where not judged; judged entries must be reciprocal). Missing judgments are
 * filled with the values that minimise lambda_max (Bozoki, Fulop and Ronyai 2010, cyclic
 * coordinates), which needs the judgments to be connected. Returns FOLIO_EINPUT when they are not,
 * FOLIO_EINTERNAL when GSL's eigen solver fails; arrays of *out are heap-allocated (ahp_result_free). */
folio_error ahp_solve(size_t n, const double *a, ahp_method method, ahp_result *out) FOLIO_WARN_UNUSED;

void ahp_result_free(ahp_result *r);

#endif
