/* ahp.c - priority vectors, lambda_max and consistency with GSL's eigen solver; optimal completion. */
#include "ahp.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

double ahp_random_index(size_t n)
{
    static const double ri[] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    return n >= 1 && n <= sizeof ri / sizeof *ri ? ri[n - 1] : 0;
}

size_t ahp_components(size_t n, const double *a, size_t *component)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        component[i] = SIZE_MAX;
    size_t *stack = alloc_n(n, sizeof *stack);
    if (stack == NULL)
        return 0;
    for (size_t root = 0; root < n; root++) {
        if (component[root] != SIZE_MAX)
            continue;
        size_t top = 0;
        stack[top++] = root;
        component[root] = count;
        while (top > 0) {
            size_t v = stack[--top];
            for (size_t w = 0; w < n; w++) {
                if (w != v && a[v * n + w] > 0 && component[w] == SIZE_MAX) {
                    component[w] = count;
                    stack[top++] = w;
                }
            }
        }
        count++;
    }
    free(stack);
    return count;
}

/* The principal eigenvalue of the n x n matrix m and, when w is not NULL, its eigenvector
 * normalised to sum 1. Returns false when GSL fails. */
static bool principal(size_t n, const double *m, double *lambda, double *w)
{
    gsl_matrix *A = gsl_matrix_alloc(n, n);
    gsl_vector_complex *eval = gsl_vector_complex_alloc(n);
    gsl_matrix_complex *evec = gsl_matrix_complex_alloc(n, n);
    gsl_eigen_nonsymmv_workspace *ws = gsl_eigen_nonsymmv_alloc(n);
    bool ok = false;
    if (A && eval && evec && ws) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                gsl_matrix_set(A, i, j, m[i * n + j]);
        if (gsl_eigen_nonsymmv(A, eval, evec, ws) == GSL_SUCCESS) {
            /* Perron-Frobenius: a positive matrix has one real eigenvalue of largest modulus. */
            size_t best = 0;
            for (size_t k = 1; k < n; k++)
                if (GSL_REAL(gsl_vector_complex_get(eval, k)) > GSL_REAL(gsl_vector_complex_get(eval, best)))
                    best = k;
            *lambda = GSL_REAL(gsl_vector_complex_get(eval, best));
            if (w != NULL) {
                double sum = 0;
                for (size_t i = 0; i < n; i++)
                    sum += w[i] = fabs(GSL_REAL(gsl_matrix_complex_get(evec, i, best)));
                for (size_t i = 0; i < n; i++)
                    w[i] /= sum;
            }
            ok = isfinite(*lambda);
        }
    }
    gsl_matrix_free(A);
    gsl_vector_complex_free(eval);
    gsl_matrix_complex_free(evec);
    if (ws)
        gsl_eigen_nonsymmv_free(ws);
    return ok;
}

/* lambda_max with the missing pair (i, j) set to exp(t); NaN when GSL fails. */
static double lambda_at(size_t n, double *m, size_t i, size_t j, double t)
{
    m[i * n + j] = exp(t);
    m[j * n + i] = exp(-t);
    double l;
    return principal(n, m, &l, NULL) ? l : NAN;
}

/* Fills the missing pairs with the values that minimise lambda_max: cyclic coordinates, each a
 * golden-section search in log space (lambda_max is convex there; Bozoki, Fulop and Ronyai 2010). */
static bool complete(size_t n, double *m, const bool *given)
{
    const double g = (sqrt(5.0) - 1) / 2, span = log(9.0) * 3;
    for (int cycle = 0; cycle < 500; cycle++) {
        double moved = 0;
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i + 1; j < n; j++) {
                if (given[i * n + j])
                    continue;
                double old = log(m[i * n + j]), lo = -span, hi = span;
                double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
                double f1 = lambda_at(n, m, i, j, x1), f2 = lambda_at(n, m, i, j, x2);
                while (hi - lo > 1e-12) {
                    if (isnan(f1) || isnan(f2))
                        return false;
                    if (f1 <= f2) {
                        hi = x2;
                        x2 = x1;
                        f2 = f1;
                        x1 = hi - g * (hi - lo);
                        f1 = lambda_at(n, m, i, j, x1);
                    } else {
                        lo = x1;
                        x1 = x2;
                        f1 = f2;
                        x2 = lo + g * (hi - lo);
                        f2 = lambda_at(n, m, i, j, x2);
                    }
                }
                double t = (lo + hi) / 2;
                lambda_at(n, m, i, j, t);
                moved = fmax(moved, fabs(t - old));
            }
        }
        if (moved < 1e-10)
            return true;
    }
    return true;
}

folio_error ahp_solve(size_t n, const double *a, ahp_method method, ahp_result *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->matrix = alloc_n(n * n, sizeof *out->matrix);
    out->given = alloc_zeroed_n(n * n, sizeof *out->given);
    out->weights = alloc_zeroed_n(n, sizeof *out->weights);
    size_t *comp = alloc_n(n, sizeof *comp);
    folio_error err = FOLIO_OK;
    if (out->matrix == NULL || out->given == NULL || out->weights == NULL || comp == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    if (n == 0)
        goto out;
    if (ahp_components(n, a, comp) > 1) {
        err = FOLIO_EINPUT;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double v = i == j ? 1.0 : a[i * n + j];
            out->given[i * n + j] = i == j || v > 0;
            out->matrix[i * n + j] = v > 0 ? v : 1.0; /* a start for the completion */
            if (i < j && v <= 0)
                out->n_missing++;
        }
    }
    if (out->n_missing > 0 && !complete(n, out->matrix, out->given)) {
        err = FOLIO_EINTERNAL;
        goto out;
    }
    double *w = out->weights;
    if (!principal(n, out->matrix, &out->lambda_max, w)) {
        err = FOLIO_EINTERNAL;
        goto out;
    }
    if (method == AHP_GEOMETRIC_MEAN) {
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            double logs = 0;
            for (size_t j = 0; j < n; j++)
                logs += log(out->matrix[i * n + j]);
            sum += w[i] = exp(logs / (double)n);
        }
        for (size_t i = 0; i < n; i++)
            w[i] /= sum;
    }
    out->ri = ahp_random_index(n);
    out->ci = n > 2 ? (out->lambda_max - (double)n) / (double)(n - 1) : 0;
    if (out->ci < 0)
        out->ci = 0; /* rounding below n for a consistent matrix */
    out->cr = out->ri > 0 ? out->ci / out->ri : 0;
    /* The given judgments furthest from w(i)/w(j), by |log| of the ratio: three passes, each taking
     * the worst not yet taken. */
    for (size_t pass = 0; pass < 3; pass++) {
        double worst_dev = 1e-9; /* a consistent judgment is not worth naming */
        ahp_judgment pick = {0, 0, 0, 0};
        for (size_t i = 0; i < n; i++) {
            for (size_t j = i + 1; j < n; j++) {
                if (a[i * n + j] <= 0)
                    continue;
                bool taken = false;
                for (size_t k = 0; k < out->n_worst; k++)
                    taken |= out->worst[k].i == i && out->worst[k].j == j;
                double dev = fabs(log(a[i * n + j] * w[j] / w[i]));
                if (!taken && dev > worst_dev) {
                    worst_dev = dev;
                    pick = (ahp_judgment){i, j, a[i * n + j], w[i] / w[j]};
                }
            }
        }
        if (pick.given == 0)
            break;
        out->worst[out->n_worst++] = pick;
    }
out:
    free(comp);
    if (err != FOLIO_OK && err != FOLIO_EINPUT)
        ahp_result_free(out);
    return err;
}

void ahp_result_free(ahp_result *r)
{
    if (r == NULL)
        return;
    free(r->matrix);
    free(r->given);
    free(r->weights);
    r->matrix = r->weights = NULL;
    r->given = NULL;
}
