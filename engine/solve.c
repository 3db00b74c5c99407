/* solve.c - building the selection MIP row by row and solving it with CBC's C interface. */
#include "solve.h"

#include <coin/Cbc_C_Interface.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void solve_options_init(solve_options *opt)
{
    opt->time_limit = 60.0;
    opt->gap = 0.0;
}

const char *solve_status_name(solve_status s)
{
    switch (s) {
    case SOLVE_OPTIMAL:
        return "optimal";
    case SOLVE_FEASIBLE:
        return "feasible";
    case SOLVE_INFEASIBLE:
        return "infeasible";
    case SOLVE_NO_SOLUTION:
        return "no_solution";
    }
    return "unknown";
}

folio_error solve_rules_collect(const model *m, arena *a, solve_rules *out)
{
    size_t n = 0, cap = 0;
    solve_rule *items = NULL;
#define PUSH(...)                                                                                  \
    do {                                                                                           \
        items = arena_grow(a, items, n, &cap, sizeof *items);                                      \
        if (items == NULL)                                                                         \
            return FOLIO_ENOMEM;                                                                   \
        items[n++] = (solve_rule){__VA_ARGS__};                                                    \
    } while (0)
    for (size_t c = 0; c < m->n_capacities; c++)
        for (size_t t = 0; t < m->n_periods; t++)
            PUSH(RULE_CAPACITY, c, 0, t);
    for (size_t k = 0; k < m->n_policies; k++) {
        const rules_policy *p = &m->rules.policies[k];
        if (p->has_min)
            PUSH(RULE_POLICY_MIN, k, 0, 0);
        if (p->has_max)
            PUSH(RULE_POLICY_MAX, k, 0, 0);
        if (p->has_count_min)
            PUSH(RULE_POLICY_COUNT_MIN, k, 0, 0);
        if (p->has_count_max)
            PUSH(RULE_POLICY_COUNT_MAX, k, 0, 0);
    }
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        if (p->must)
            PUSH(RULE_MUST, i, 0, 0);
        if (p->exclude)
            PUSH(RULE_EXCLUDE, i, 0, 0);
        for (size_t k = 0; k < p->n_depends_on; k++)
            PUSH(RULE_DEPENDS, i, p->depends_on[k], 0);
        for (size_t k = 0; k < p->n_excludes; k++) {
            size_t j = p->excludes[k];
            /* A pair may be listed on both sides; keep it once, from the lower index's side. */
            bool listed_by_j = false;
            for (size_t q = 0; q < m->projects[j].n_excludes; q++)
                listed_by_j |= m->projects[j].excludes[q] == i;
            if (i < j || !listed_by_j)
                PUSH(RULE_EXCLUDES, i < j ? i : j, i < j ? j : i, 0);
        }
    }
#undef PUSH
    out->items = items;
    out->count = n;
    return FOLIO_OK;
}

double solve_rule_activity(const model *m, const solve_rule *r, const bool *x)
{
    double s = 0;
    const size_t n = m->n_projects;
    switch (r->kind) {
    case RULE_CAPACITY:
        for (size_t i = 0; i < n; i++)
            if (x[i])
                s += model_use(m, i, r->a, r->t);
        return s;
    case RULE_POLICY_MIN:
    case RULE_POLICY_MAX:
        for (size_t i = 0; i < n; i++)
            if (x[i] && m->in_policy[r->a * n + i])
                s += m->policy_amount[r->a * n + i];
        return s;
    case RULE_POLICY_COUNT_MIN:
    case RULE_POLICY_COUNT_MAX:
        for (size_t i = 0; i < n; i++)
            s += x[i] && m->in_policy[r->a * n + i];
        return s;
    default:
        return 0;
    }
}

static bool within(double lhs, double limit, bool upper)
{
    double tol = 1e-9 * fmax(1.0, fabs(limit));
    return upper ? lhs <= limit + tol : lhs >= limit - tol;
}

bool solve_rule_holds(const model *m, const solve_rule *r, const bool *x)
{
    const rules_policy *p = r->kind >= RULE_POLICY_MIN && r->kind <= RULE_POLICY_COUNT_MAX ? &m->rules.policies[r->a] : NULL;
    switch (r->kind) {
    case RULE_CAPACITY:
        return within(solve_rule_activity(m, r, x), model_limit(m, r->a, r->t), true);
    case RULE_POLICY_MIN:
        return within(solve_rule_activity(m, r, x), p->min, false);
    case RULE_POLICY_MAX:
        return within(solve_rule_activity(m, r, x), p->max, true);
    case RULE_POLICY_COUNT_MIN:
        return within(solve_rule_activity(m, r, x), p->count_min, false);
    case RULE_POLICY_COUNT_MAX:
        return within(solve_rule_activity(m, r, x), p->count_max, true);
    case RULE_MUST:
        return x[r->a];
    case RULE_EXCLUDE:
        return !x[r->a];
    case RULE_DEPENDS:
        return !x[r->a] || x[r->b];
    case RULE_EXCLUDES:
        return !(x[r->a] && x[r->b]);
    }
    return false;
}

size_t solve_check_selection(const model *m, const solve_rules *rules, const bool *selected, solve_rule *out,
                             size_t max)
{
    size_t bad = 0;
    for (size_t k = 0; k < rules->count; k++) {
        if (solve_rule_holds(m, &rules->items[k], selected))
            continue;
        if (bad < max)
            out[bad] = rules->items[k];
        bad++;
    }
    return bad;
}

/* The constraint matrix in compressed sparse rows while it is assembled. */
typedef struct row_builder {
    size_t n_rows, n_nz, cap_rows, cap_nz;
    int *start;  /* [n_rows + 1] */
    int *index;
    double *value;
    double *lower, *upper;
} row_builder;

static bool rb_reserve(row_builder *rb, size_t nz)
{
    if (rb->n_rows + 2 > rb->cap_rows) {
        size_t cap = rb->cap_rows ? rb->cap_rows * 2 : 64;
        int *s = realloc(rb->start, cap * sizeof *s);
        double *lo = s ? realloc(rb->lower, cap * sizeof *lo) : NULL;
        if (s)
            rb->start = s;
        if (lo)
            rb->lower = lo;
        double *up = lo ? realloc(rb->upper, cap * sizeof *up) : NULL;
        if (up)
            rb->upper = up;
        if (s == NULL || lo == NULL || up == NULL)
            return false;
        rb->cap_rows = cap;
    }
    if (rb->n_nz + nz > rb->cap_nz) {
        size_t cap = rb->cap_nz ? rb->cap_nz * 2 : 256;
        while (cap < rb->n_nz + nz)
            cap *= 2;
        int *ix = realloc(rb->index, cap * sizeof *ix);
        if (ix)
            rb->index = ix;
        double *v = ix ? realloc(rb->value, cap * sizeof *v) : NULL;
        if (v)
            rb->value = v;
        if (ix == NULL || v == NULL)
            return false;
        rb->cap_nz = cap;
    }
    return true;
}

static void rb_free(row_builder *rb)
{
    free(rb->start);
    free(rb->index);
    free(rb->value);
    free(rb->lower);
    free(rb->upper);
}

/* Adds the row for one rule (none for MUST/EXCLUDE, which are column bounds). */
static bool rb_add_rule(row_builder *rb, const model *m, const solve_rule *r)
{
    const size_t n = m->n_projects;
    if (r->kind == RULE_MUST || r->kind == RULE_EXCLUDE)
        return true;
    if (!rb_reserve(rb, r->kind == RULE_DEPENDS || r->kind == RULE_EXCLUDES ? 2 : n))
        return false;
    if (rb->n_rows == 0)
        rb->start[0] = 0;
    double lo = -DBL_MAX, hi = DBL_MAX;
    size_t nz = rb->n_nz;
    const rules_policy *p = r->kind >= RULE_POLICY_MIN && r->kind <= RULE_POLICY_COUNT_MAX ? &m->rules.policies[r->a] : NULL;
    switch (r->kind) {
    case RULE_CAPACITY:
        for (size_t i = 0; i < n; i++) {
            double u = model_use(m, i, r->a, r->t);
            if (u != 0) {
                rb->index[nz] = (int)i;
                rb->value[nz++] = u;
            }
        }
        hi = model_limit(m, r->a, r->t);
        break;
    case RULE_POLICY_MIN:
    case RULE_POLICY_MAX:
        for (size_t i = 0; i < n; i++) {
            if (m->in_policy[r->a * n + i] && m->policy_amount[r->a * n + i] != 0) {
                rb->index[nz] = (int)i;
                rb->value[nz++] = m->policy_amount[r->a * n + i];
            }
        }
        if (r->kind == RULE_POLICY_MIN)
            lo = p->min;
        else
            hi = p->max;
        break;
    case RULE_POLICY_COUNT_MIN:
    case RULE_POLICY_COUNT_MAX:
        for (size_t i = 0; i < n; i++) {
            if (m->in_policy[r->a * n + i]) {
                rb->index[nz] = (int)i;
                rb->value[nz++] = 1.0;
            }
        }
        if (r->kind == RULE_POLICY_COUNT_MIN)
            lo = p->count_min;
        else
            hi = p->count_max;
        break;
    case RULE_DEPENDS:
        rb->index[nz] = (int)r->a;
        rb->value[nz++] = 1.0;
        rb->index[nz] = (int)r->b;
        rb->value[nz++] = -1.0;
        hi = 0;
        break;
    case RULE_EXCLUDES:
        rb->index[nz] = (int)r->a;
        rb->value[nz++] = 1.0;
        rb->index[nz] = (int)r->b;
        rb->value[nz++] = 1.0;
        hi = 1;
        break;
    default:
        break;
    }
    rb->lower[rb->n_rows] = lo;
    rb->upper[rb->n_rows] = hi;
    rb->n_nz = nz;
    rb->start[++rb->n_rows] = (int)nz;
    return true;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

folio_error solve_portfolio(const model *m, const double *score, const solve_rules *rules, const bool *enabled,
                            const solve_options *opt, arena *a, solve_result *out)
{
    const size_t n = m->n_projects;
    double t0 = now_seconds();
    memset(out, 0, sizeof *out);
    out->selected = arena_alloc(a, (n + 1) * sizeof *out->selected);
    if (out->selected == NULL)
        return FOLIO_ENOMEM;

    folio_error err = FOLIO_OK;
    row_builder rb = {0};
    double *collb = calloc(n + 1, sizeof *collb), *colub = malloc((n + 1) * sizeof *colub);
    double *obj = malloc((n + 1) * sizeof *obj);
    int *col_start = NULL, *col_index = NULL;
    double *col_value = NULL;
    Cbc_Model *cbc = NULL;
    if (collb == NULL || colub == NULL || obj == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        colub[i] = 1.0;
        obj[i] = score[i];
    }
    for (size_t k = 0; k < rules->count; k++) {
        const solve_rule *r = &rules->items[k];
        if (enabled != NULL && !enabled[k])
            continue;
        if (r->kind == RULE_MUST)
            collb[r->a] = 1.0;
        else if (r->kind == RULE_EXCLUDE)
            colub[r->a] = 0.0;
        else if (!rb_add_rule(&rb, m, r)) {
            err = FOLIO_ENOMEM;
            goto out;
        }
    }
    /* A must-do that is also excluded cannot pass model validation, but relaxation may meet bounds
     * that cross; the model is then infeasible without asking CBC. */
    for (size_t i = 0; i < n; i++) {
        if (collb[i] > colub[i]) {
            out->status = SOLVE_INFEASIBLE;
            goto done;
        }
    }

    /* CBC takes the matrix by columns: transpose the rows. */
    col_start = calloc(n + 1, sizeof *col_start);
    col_index = malloc((rb.n_nz + 1) * sizeof *col_index);
    col_value = malloc((rb.n_nz + 1) * sizeof *col_value);
    if (col_start == NULL || col_index == NULL || col_value == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < rb.n_nz; k++)
        col_start[rb.index[k] + 1]++;
    for (size_t i = 0; i < n; i++)
        col_start[i + 1] += col_start[i];
    {
        int *fill = malloc((n + 1) * sizeof *fill);
        if (fill == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        memcpy(fill, col_start, (n + 1) * sizeof *fill);
        for (size_t r = 0; r < rb.n_rows; r++) {
            for (int k = rb.start[r]; k < rb.start[r + 1]; k++) {
                int pos = fill[rb.index[k]]++;
                col_index[pos] = (int)r;
                col_value[pos] = rb.value[k];
            }
        }
        free(fill);
    }

    if (n == 0) {
        out->status = SOLVE_OPTIMAL;
        goto done;
    }
    cbc = Cbc_newModel();
    if (cbc == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    Cbc_setLogLevel(cbc, 0); /* CBC prints nothing; what matters comes back through the result */
    Cbc_loadProblem(cbc, (int)n, (int)rb.n_rows, col_start, col_index, col_value, collb, colub, obj, rb.lower,
                    rb.upper);
    for (size_t i = 0; i < n; i++)
        Cbc_setInteger(cbc, (int)i);
    Cbc_setObjSense(cbc, -1.0); /* maximise */
    Cbc_setMaximumSeconds(cbc, opt->time_limit > 0 ? opt->time_limit : 1e-3);
    Cbc_setAllowableFractionGap(cbc, opt->gap);
    Cbc_setAllowableGap(cbc, 1e-9);
    int rc = Cbc_solve(cbc);
    out->nodes = Cbc_getNodeCount(cbc);
    const double *best = Cbc_bestSolution(cbc);
    if (Cbc_isProvenInfeasible(cbc) && best == NULL) {
        out->status = SOLVE_INFEASIBLE;
        goto done;
    }
    if (best == NULL) {
        if (Cbc_isAbandoned(cbc) || (rc != 0 && !Cbc_isSecondsLimitReached(cbc))) {
            err = FOLIO_ESOLVER;
            goto out;
        }
        out->status = SOLVE_NO_SOLUTION;
        out->bound = Cbc_getBestPossibleObjValue(cbc);
        goto done;
    }
    out->objective = 0;
    for (size_t i = 0; i < n; i++) {
        out->selected[i] = best[i] > 0.5;
        if (out->selected[i])
            out->objective += score[i];
    }
    double bound = Cbc_getBestPossibleObjValue(cbc);
    double tol = 1e-9 * fmax(1.0, fabs(out->objective));
    bool proven = Cbc_isProvenOptimal(cbc) && !Cbc_isSecondsLimitReached(cbc) && Cbc_secondaryStatus(cbc) != 2;
    if (proven || (isfinite(bound) && fabs(bound - out->objective) <= tol)) {
        bound = out->objective;
    } else if (!isfinite(bound) || bound < out->objective) {
        /* CBC gave no usable bound: fall back to the trivial one, every positive score counted. */
        bound = 0;
        for (size_t i = 0; i < n; i++)
            bound += colub[i] > 0 && score[i] > 0 ? score[i] : 0;
    }
    out->bound = bound;
    out->gap = (bound - out->objective) / fmax(fabs(out->objective), 1e-9);
    /* "optimal" only when the bound proves it; stopping at a requested gap is "feasible". */
    out->status = bound == out->objective ? SOLVE_OPTIMAL : SOLVE_FEASIBLE;
    {
        /* Never trust a selection unchecked: verify it against every enabled rule exactly. */
        for (size_t k = 0; k < rules->count; k++) {
            if ((enabled == NULL || enabled[k]) && !solve_rule_holds(m, &rules->items[k], out->selected)) {
                err = FOLIO_ESOLVER;
                goto out;
            }
        }
    }
done:
    out->seconds = now_seconds() - t0;
out:
    if (cbc != NULL)
        Cbc_deleteModel(cbc);
    rb_free(&rb);
    free(collb);
    free(colub);
    free(obj);
    free(col_start);
    free(col_index);
    free(col_value);
    return err;
}
