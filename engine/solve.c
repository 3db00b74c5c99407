/* solve.c - building the selection MIP row by row and solving it with CBC's C interface. */
#include "solve.h"

#include "heuristic.h"
#include "worker.h"

#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <float.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

void solve_options_init(solve_options *opt)
{
    opt->time_limit = 60.0;
    opt->gap = 0.0;
    opt->hint = NULL;
    opt->hint_start = NULL;
    opt->no_cuts = false;
    opt->any_starts = false;
    opt->plan_first = false;
    opt->search = false;
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
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < m->n_periods; t++)
            if (isfinite(model_limit(m, c, t)))
                PUSH(RULE_CAPACITY, c, 0, t);
        if (isfinite(m->totals[c]))
            PUSH(RULE_CAPACITY_TOTAL, c, 0, 0);
    }
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

bool solve_is_precedence(const model *m, size_t a, size_t b)
{
    return m->n_periods > 1 && m->projects[a].timed && m->projects[b].timed;
}

double solve_value(const model *m, double score, size_t delay)
{
    return delay == 0 ? score : score * pow(1.0 - m->rules.delay_penalty, (double)delay);
}

double solve_rule_activity(const model *m, const solve_rule *r, solve_plan x)
{
    double s = 0;
    const size_t n = m->n_projects;
    switch (r->kind) {
    case RULE_CAPACITY:
        for (size_t i = 0; i < n; i++)
            if (x.selected[i])
                s += model_use_at(m, i, r->a, solve_plan_start(m, x, i), r->t);
        return s;
    case RULE_CAPACITY_TOTAL:
        for (size_t i = 0; i < n; i++)
            if (x.selected[i])
                s += model_use_in_horizon(m, i, r->a, solve_plan_start(m, x, i));
        return s;
    case RULE_POLICY_MIN:
    case RULE_POLICY_MAX:
        for (size_t i = 0; i < n; i++)
            if (x.selected[i] && m->in_policy[r->a * n + i])
                s += m->policy_amount[r->a * n + i];
        return s;
    case RULE_POLICY_COUNT_MIN:
    case RULE_POLICY_COUNT_MAX:
        for (size_t i = 0; i < n; i++)
            s += x.selected[i] && m->in_policy[r->a * n + i];
        return s;
    default:
        return 0;
    }
}

double solve_plan_used(const model *m, solve_plan plan, size_t c, size_t t)
{
    solve_rule r = {RULE_CAPACITY, c, 0, t};
    return solve_rule_activity(m, &r, plan);
}

double solve_plan_used_total(const model *m, solve_plan plan, size_t c)
{
    solve_rule r = {RULE_CAPACITY_TOTAL, c, 0, 0};
    return solve_rule_activity(m, &r, plan);
}

double solve_rule_limit(const model *m, const solve_rule *r)
{
    const rules_policy *p = r->kind >= RULE_POLICY_MIN && r->kind <= RULE_POLICY_COUNT_MAX ? &m->rules.policies[r->a] : NULL;
    switch (r->kind) {
    case RULE_CAPACITY:
        return model_limit(m, r->a, r->t);
    case RULE_CAPACITY_TOTAL:
        return m->totals[r->a];
    case RULE_POLICY_MIN:
        return p->min;
    case RULE_POLICY_MAX:
        return p->max;
    case RULE_POLICY_COUNT_MIN:
        return p->count_min;
    case RULE_POLICY_COUNT_MAX:
        return p->count_max;
    default:
        return 0;
    }
}

static bool within(double lhs, double limit, bool upper)
{
    double tol = 1e-9 * fmax(1.0, fabs(limit));
    return upper ? lhs <= limit + tol : lhs >= limit - tol;
}

bool solve_rule_holds(const model *m, const solve_rule *r, solve_plan x)
{
    switch (r->kind) {
    case RULE_CAPACITY:
    case RULE_CAPACITY_TOTAL:
    case RULE_POLICY_MAX:
    case RULE_POLICY_COUNT_MAX:
        return within(solve_rule_activity(m, r, x), solve_rule_limit(m, r), true);
    case RULE_POLICY_MIN:
    case RULE_POLICY_COUNT_MIN:
        return within(solve_rule_activity(m, r, x), solve_rule_limit(m, r), false);
    case RULE_MUST:
        return x.selected[r->a];
    case RULE_EXCLUDE:
        return !x.selected[r->a];
    case RULE_DEPENDS:
        if (!x.selected[r->a])
            return true;
        if (!x.selected[r->b])
            return false;
        return !solve_is_precedence(m, r->a, r->b) ||
               solve_plan_start(m, x, r->a) >= solve_plan_start(m, x, r->b) + m->projects[r->b].duration;
    case RULE_EXCLUDES:
        return !(x.selected[r->a] && x.selected[r->b]);
    }
    return false;
}

size_t solve_check_selection(const model *m, const solve_rules *rules, solve_plan plan, solve_rule *out, size_t max)
{
    size_t bad = 0;
    for (size_t k = 0; k < rules->count; k++) {
        if (solve_rule_holds(m, &rules->items[k], plan))
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
    int *start; /* [n_rows + 1] */
    int *index;
    double *value;
    double *lower, *upper;
    bool oom;
} row_builder;

static void rb_push(row_builder *rb, size_t col, double v)
{
    if (rb->oom || v == 0)
        return;
    if (rb->n_nz == rb->cap_nz) {
        size_t cap = rb->cap_nz ? rb->cap_nz * 2 : 1024;
        int *ix = realloc(rb->index, cap * sizeof *ix);
        if (ix)
            rb->index = ix;
        double *vv = ix ? realloc(rb->value, cap * sizeof *vv) : NULL;
        if (vv)
            rb->value = vv;
        if (ix == NULL || vv == NULL) {
            rb->oom = true;
            return;
        }
        rb->cap_nz = cap;
    }
    rb->index[rb->n_nz] = (int)col;
    rb->value[rb->n_nz++] = v;
}

/* Closes the row whose entries were pushed since the last one, with bounds lo <= row <= hi. */
static void rb_end_row(row_builder *rb, double lo, double hi)
{
    if (rb->oom)
        return;
    if (rb->n_rows + 2 > rb->cap_rows) {
        size_t cap = rb->cap_rows ? rb->cap_rows * 2 : 64;
        int *s = realloc(rb->start, cap * sizeof *s);
        if (s)
            rb->start = s;
        double *l = s ? realloc(rb->lower, cap * sizeof *l) : NULL;
        if (l)
            rb->lower = l;
        double *u = l ? realloc(rb->upper, cap * sizeof *u) : NULL;
        if (u)
            rb->upper = u;
        if (s == NULL || l == NULL || u == NULL) {
            rb->oom = true;
            return;
        }
        if (rb->cap_rows == 0)
            rb->start[0] = 0;
        rb->cap_rows = cap;
    }
    rb->lower[rb->n_rows] = lo;
    rb->upper[rb->n_rows] = hi;
    rb->start[++rb->n_rows] = (int)rb->n_nz;
}

static void rb_free(row_builder *rb)
{
    free(rb->start);
    free(rb->index);
    free(rb->value);
    free(rb->lower);
    free(rb->upper);
}

/* Columns: one per project and allowed start, project i's at base[i] .. base[i] + width(i) - 1. */
typedef struct col_map {
    size_t *base;
    size_t n_cols;
} col_map;

static size_t width(const model_project *p)
{
    return p->start_max - p->start_min + 1;
}

/* Pushes every start column of project i with coefficient v (the "project i is selected" sum). */
static void push_selected(row_builder *rb, const model *m, const col_map *cm, size_t i, double v)
{
    for (size_t k = 0; k < width(&m->projects[i]); k++)
        rb_push(rb, cm->base[i] + k, v);
}

/* Adds the rows for one rule (bounds for MUST and EXCLUDE of a one-start project are set by the
 * caller on the column instead). */
static void add_rule_rows(row_builder *rb, const model *m, const col_map *cm, const solve_rule *r)
{
    const size_t n = m->n_projects;
    const double lim = solve_rule_limit(m, r);
    switch (r->kind) {
    case RULE_CAPACITY:
    case RULE_CAPACITY_TOTAL:
        for (size_t i = 0; i < n; i++) {
            const model_project *p = &m->projects[i];
            for (size_t s = p->start_min; s <= p->start_max; s++)
                rb_push(rb, cm->base[i] + (s - p->start_min),
                        r->kind == RULE_CAPACITY ? model_use_at(m, i, r->a, s, r->t) : model_use_in_horizon(m, i, r->a, s));
        }
        rb_end_row(rb, -DBL_MAX, lim);
        break;
    case RULE_POLICY_MIN:
    case RULE_POLICY_MAX:
    case RULE_POLICY_COUNT_MIN:
    case RULE_POLICY_COUNT_MAX: {
        bool count = r->kind == RULE_POLICY_COUNT_MIN || r->kind == RULE_POLICY_COUNT_MAX;
        for (size_t i = 0; i < n; i++)
            if (m->in_policy[r->a * n + i])
                push_selected(rb, m, cm, i, count ? 1.0 : m->policy_amount[r->a * n + i]);
        bool is_min = r->kind == RULE_POLICY_MIN || r->kind == RULE_POLICY_COUNT_MIN;
        rb_end_row(rb, is_min ? lim : -DBL_MAX, is_min ? DBL_MAX : lim);
        break;
    }
    case RULE_MUST:
        push_selected(rb, m, cm, r->a, 1.0);
        rb_end_row(rb, 1.0, DBL_MAX);
        break;
    case RULE_EXCLUDE:
        push_selected(rb, m, cm, r->a, 1.0);
        rb_end_row(rb, -DBL_MAX, 0.0);
        break;
    case RULE_DEPENDS:
        if (!solve_is_precedence(m, r->a, r->b)) {
            push_selected(rb, m, cm, r->a, 1.0);
            push_selected(rb, m, cm, r->b, -1.0);
            rb_end_row(rb, -DBL_MAX, 0.0);
        } else {
            /* a may start in s only if b started by s - duration(b). */
            const model_project *pa = &m->projects[r->a], *pb = &m->projects[r->b];
            for (size_t s = pa->start_min; s <= pa->start_max; s++) {
                rb_push(rb, cm->base[r->a] + (s - pa->start_min), 1.0);
                for (size_t q = pb->start_min; q <= pb->start_max && q + pb->duration <= s; q++)
                    rb_push(rb, cm->base[r->b] + (q - pb->start_min), -1.0);
                rb_end_row(rb, -DBL_MAX, 0.0);
            }
        }
        break;
    case RULE_EXCLUDES:
        push_selected(rb, m, cm, r->a, 1.0);
        push_selected(rb, m, cm, r->b, 1.0);
        rb_end_row(rb, -DBL_MAX, 1.0);
        break;
    }
}

double solve_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The matrix by columns, as CBC takes it. */
typedef struct csc {
    int *start, *index;
    double *value;
} csc;

static void csc_free(csc *c)
{
    free(c->start);
    free(c->index);
    free(c->value);
    memset(c, 0, sizeof *c);
}

static bool csc_from_rows(const row_builder *rb, size_t n_cols, csc *out)
{
    out->start = calloc(n_cols + 1, sizeof *out->start);
    out->index = malloc((rb->n_nz + 1) * sizeof *out->index);
    out->value = malloc((rb->n_nz + 1) * sizeof *out->value);
    int *fill = malloc((n_cols + 1) * sizeof *fill);
    if (out->start == NULL || out->index == NULL || out->value == NULL || fill == NULL) {
        free(fill);
        csc_free(out);
        return false;
    }
    for (size_t k = 0; k < rb->n_nz; k++)
        out->start[rb->index[k] + 1]++;
    for (size_t j = 0; j < n_cols; j++)
        out->start[j + 1] += out->start[j];
    memcpy(fill, out->start, (n_cols + 1) * sizeof *fill);
    for (size_t r = 0; r < rb->n_rows; r++) {
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++) {
            int pos = fill[rb->index[k]]++;
            out->index[pos] = (int)r;
            out->value[pos] = rb->value[k];
        }
    }
    free(fill);
    return true;
}

/* Loads the rows into a new silent CBC model with binary columns; NULL when out of memory. */
static Cbc_Model *cbc_model(const row_builder *rb, size_t n_cols, const double *collb, const double *colub,
                            const double *obj, double sense, const solve_options *opt, double time_limit)
{
    csc c;
    if (!csc_from_rows(rb, n_cols, &c))
        return NULL;
    Cbc_Model *cbc = Cbc_newModel();
    if (cbc != NULL) {
        /* CBC prints nothing (nor does the LP solver inside it); what matters comes back through the
         * result. */
        Cbc_setLogLevel(cbc, 0);
        Cbc_setParameter(cbc, "slogLevel", "0");
        if (opt->no_cuts)
            Cbc_setParameter(cbc, "cuts", "off");
        Cbc_loadProblem(cbc, (int)n_cols, (int)rb->n_rows, c.start, c.index, c.value, collb, colub, obj, rb->lower,
                        rb->upper);
        for (size_t j = 0; j < n_cols; j++)
            Cbc_setInteger(cbc, (int)j);
        Cbc_setObjSense(cbc, sense);
        Cbc_setMaximumSeconds(cbc, time_limit > 1e-3 ? time_limit : 1e-3);
        Cbc_setAllowableFractionGap(cbc, opt->gap);
        Cbc_setAllowableGap(cbc, 1e-9);
        /* CBC explores a node only if it can beat the incumbent by its cutoff increment (1e-5 by
         * default): near-ties closer than that would be left unexplored, and "optimal" would be off
         * by up to that much. */
        Cbc_setParameter(cbc, "increment", "1e-10");
    }
    csc_free(&c);
    return cbc;
}

/* Gives CBC a complete solution x (one value per column) as its first incumbent. Not through
 * Cbc_setMIPStart: CBC 2.10 maps a MIP start through column names after preprocessing, and on some
 * models that throws inside Cbc_solve (which then prints and gives up). */
static void cbc_start_from(Cbc_Model *cbc, const double *x)
{
    Cbc_setInitialSolution(cbc, x);
}

/* Runs CBC on its model; true when it stopped on its time limit. Cbc_isSecondsLimitReached() alone
 * does not say so: CBC 2.10 stopped by the limit while solving the root LP reports status 0 with
 * secondary status 1 ("relaxation infeasible or worse than the cutoff"), which reads as proven
 * optimal when it has a plan and as proven infeasible when it has none. Seen with `--time-limit 0.1`
 * on a 500-project, 10-capacity model in the sanitizer build under load: "optimal" in 11 of 75 runs
 * with CBC's own bound 0.23% above the plan, after 0.031 s of CBC given 0.004-0.009 s. CBC's clock
 * (the process's processor time) runs no faster than the wall clock, so an answer that comes once
 * its time is up is taken as stopped by the limit, never as a proof. */
static bool cbc_solve_timed(Cbc_Model *cbc, int *rc)
{
    double started = solve_clock();
    int r = Cbc_solve(cbc);
    if (rc != NULL)
        *rc = r;
    return Cbc_isSecondsLimitReached(cbc) || solve_clock() - started >= Cbc_getMaximumSeconds(cbc);
}

/* Reads a CBC solution into selected/start; returns the objective value recomputed exactly. */
static double read_plan(const model *m, const col_map *cm, const double *x, const double *score, bool *selected,
                        size_t *start)
{
    double value = 0;
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        selected[i] = false;
        start[i] = p->start_min;
        for (size_t k = 0; k < width(p); k++) {
            if (x[cm->base[i] + k] > 0.5) {
                selected[i] = true;
                start[i] = p->start_min + k;
                value += solve_value(m, score[i], k);
            }
        }
    }
    return value;
}

/* The LP relaxation of a built model as Clp solved it, once per solve: the starting plan ranks
 * projects by it and the fixing step takes its bound from the same prices. */
typedef struct relaxation {
    bool tried, ok;  /* solved (or given up on), and proven optimal */
    double *x;       /* [n_cols] column solution */
    double *price;   /* [n_rows] row prices (Clp's sign) */
    double objective;
} relaxation;

static void relaxation_free(relaxation *r)
{
    free(r->x);
    free(r->price);
    memset(r, 0, sizeof *r);
}

/* Solves the LP relaxation with Clp's dual simplex, stopping after time_limit seconds (none when
 * not finite). r->ok is false when it is not proven optimal in time; r->x and r->price are then
 * NULL. Returns FOLIO_ENOMEM when out of memory. Free with relaxation_free() either way. */
static folio_error relaxation_solve(const row_builder *rb, size_t n_cols, const double *collb, const double *colub,
                             const double *obj, double time_limit, relaxation *r)
{
    memset(r, 0, sizeof *r);
    r->tried = true;
    csc c;
    if (!csc_from_rows(rb, n_cols, &c))
        return FOLIO_ENOMEM;
    Clp_Simplex *lp = Clp_newModel();
    if (lp == NULL) {
        csc_free(&c);
        return FOLIO_ENOMEM;
    }
    Clp_setLogLevel(lp, 0);
    Clp_loadProblem(lp, (int)n_cols, (int)rb->n_rows, c.start, c.index, c.value, collb, colub, obj, rb->lower,
                    rb->upper);
    csc_free(&c); /* Clp keeps its own copy */
    Clp_setObjSense(lp, -1.0);
    if (isfinite(time_limit))
        Clp_setMaximumSeconds(lp, time_limit);
    Clp_dual(lp, 0); /* no presolve: Clp's presolve prints its notes whatever the log level */
    folio_error err = FOLIO_OK;
    if (Clp_isProvenOptimal(lp)) {
        r->x = malloc((n_cols + 1) * sizeof *r->x);
        r->price = malloc((rb->n_rows + 1) * sizeof *r->price);
        if (r->x != NULL && r->price != NULL) {
            memcpy(r->x, Clp_getColSolution(lp), n_cols * sizeof *r->x);
            if (rb->n_rows > 0)
                memcpy(r->price, Clp_getRowPrice(lp), rb->n_rows * sizeof *r->price);
            r->objective = Clp_getObjValue(lp);
            r->ok = true;
        } else {
            free(r->x), free(r->price);
            r->x = r->price = NULL;
            err = FOLIO_ENOMEM;
        }
    }
    Clp_deleteModel(lp);
    return err;
}

/* Ranks projects by the LP relaxation: priority = the LP value of selecting the project (ties by
 * value per unit of LP-priced capacity), preferred start = the start the LP uses most. */
static void lp_guidance(const model *m, const col_map *cm, const relaxation *rel, const double *score,
                        double *priority, size_t *preferred)
{
    const double *x = rel->x;
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        double total = 0, best = -1;
        preferred[i] = p->start_min;
        for (size_t k = 0; k < width(p); k++) {
            double v = x[cm->base[i] + k];
            total += v;
            if (v > best + 1e-9) {
                best = v;
                preferred[i] = p->start_min + k;
            }
        }
        /* Whole LP selections first, then fractional ones by how much of them the LP takes; the
         * score breaks ties among the LP's zeros. */
        priority[i] = total + 1e-6 * score[i];
    }
}

/* Value of a 0/1 solution x under objective obj. */
static double plan_value(size_t n_cols, const double *obj, const double *x)
{
    double v = 0;
    for (size_t j = 0; j < n_cols; j++)
        v += x[j] > 0.5 ? obj[j] : 0;
    return v;
}

/* The LP's price of each capacity, per period and over the whole horizon, from its rows' duals
 * (rule_row maps each rule to its row); false when every price is 0 (no capacity binds in the LP). */
static bool capacity_prices(const model *m, const solve_rules *rules, const size_t *rule_row,
                            const double *row_price, double *period, double *total)
{
    const size_t np = m->n_periods;
    bool any = false;
    memset(period, 0, (m->n_capacities * np + 1) * sizeof *period);
    memset(total, 0, (m->n_capacities + 1) * sizeof *total);
    for (size_t k = 0; k < rules->count; k++) {
        const solve_rule *r = &rules->items[k];
        if (rule_row[k] == SIZE_MAX || (r->kind != RULE_CAPACITY && r->kind != RULE_CAPACITY_TOTAL))
            continue;
        double y = fabs(row_price[rule_row[k]]);
        any |= y > 1e-12;
        if (r->kind == RULE_CAPACITY)
            period[r->a * np + r->t] = y;
        else
            total[r->a] = y;
    }
    return any;
}

/* A plan as columns (one value per column): the inverse of read_plan(). */
static void plan_columns(const model *m, const col_map *cm, const bool *sel, const size_t *start, double *x)
{
    memset(x, 0, cm->n_cols * sizeof *x);
    for (size_t i = 0; i < m->n_projects; i++)
        if (sel[i])
            x[cm->base[i] + (start[i] - m->projects[i].start_min)] = 1.0;
}

/* Writes a heuristic plan into x (one value per column), when it beats what x holds; y is scratch
 * of the same size. */
static void keep_better(const model *m, const col_map *cm, const double *obj, const bool *sel, const size_t *start,
                        double *y, double *x, bool *found)
{
    plan_columns(m, cm, sel, start, y);
    if (*found && plan_value(cm->n_cols, obj, y) <= plan_value(cm->n_cols, obj, x))
        return;
    memcpy(x, y, cm->n_cols * sizeof *x);
    *found = true;
}

/* Whether a plan satisfies every enabled rule (enabled NULL: all); for the heuristic's plans, which
 * follow the model's own rules while a re-solve may add one (a forced decision) or lift one, and
 * for every plan before it is reported. */
static bool holds_all(const model *m, const solve_rules *rules, const bool *enabled, const bool *sel,
                      const size_t *start)
{
    for (size_t k = 0; k < rules->count; k++)
        if ((enabled == NULL || enabled[k]) && !solve_rule_holds(m, &rules->items[k], (solve_plan){sel, start}))
            return false;
    return true;
}

/* Finds a plan that satisfies every rule, for CBC to start from. The LP relaxation guides two
 * greedy constructions of heuristic.c, each followed by its local search: one adds projects in the
 * order of how much of them the LP takes, the other by value per unit of capacity priced at the
 * LP's duals (Chu and Beasley's pseudo-utility). RENS (the MIP with every variable the LP has
 * integral fixed, a small MIP) competes with them; the best goes into x (one value per column).
 * *found is false when none finds a plan. The LP relaxation is solved into rel (the caller's, to
 * free with relaxation_free()) for the fixing step to use again. */
static folio_error starting_plan(const model *m, const double *score, const solve_rules *rules,
                                 const bool *enabled, const size_t *rule_row, const row_builder *rb, const col_map *cm,
                                 const double *collb, const double *colub, const double *obj,
                                 const solve_options *opt, double *x, bool *found, relaxation *rel)
{
    const size_t n = m->n_projects, nc = cm->n_cols, ncap = m->n_capacities * m->n_periods;
    folio_error err = FOLIO_OK;
    bool *sel = malloc((n + 1) * sizeof *sel);
    size_t *start = malloc((n + 1) * sizeof *start), *preferred = malloc((n + 1) * sizeof *preferred);
    double *priority = malloc((n + 1) * sizeof *priority);
    double *lb = malloc((nc + 1) * sizeof *lb), *ub = malloc((nc + 1) * sizeof *ub);
    double *price_period = malloc((ncap + 1) * sizeof *price_period);
    double *price_total = malloc((m->n_capacities + 1) * sizeof *price_total);
    *found = false;
    if (!sel || !start || !preferred || !priority || !lb || !ub || !price_period || !price_total) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    if ((err = relaxation_solve(rb, nc, collb, colub, obj, fmin(5.0, 0.2 * opt->time_limit), rel)) != FOLIO_OK)
        goto out;
    bool have_lp = rel->ok;
    if (have_lp)
        lp_guidance(m, cm, rel, score, priority, preferred);
    heur_weights w = {NULL, NULL, have_lp ? priority : NULL, have_lp ? preferred : NULL};
    double value = 0, heur_time = fmin(10.0, 0.15 * opt->time_limit);
    double *plan = lb; /* scratch for keep_better() until RENS needs the bounds */
    if (heur_plan(m, score, w, heur_time / 2, sel, start, &value) && holds_all(m, rules, enabled, sel, start))
        keep_better(m, cm, obj, sel, start, plan, x, found);
    if (have_lp && capacity_prices(m, rules, rule_row, rel->price, price_period, price_total)) {
        heur_weights dual = {price_period, price_total, NULL, NULL};
        if (heur_plan(m, score, dual, heur_time / 2, sel, start, &value) && holds_all(m, rules, enabled, sel, start))
            keep_better(m, cm, obj, sel, start, plan, x, found);
    }
    if (have_lp) {
        for (size_t j = 0; j < nc; j++) {
            lb[j] = rel->x[j] > 1 - 1e-6 ? 1.0 : collb[j];
            ub[j] = rel->x[j] < 1e-6 ? 0.0 : colub[j];
        }
        Cbc_Model *sub = cbc_model(rb, nc, lb, ub, obj, -1.0, opt, fmin(10.0, 0.15 * opt->time_limit));
        if (sub == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        Cbc_solve(sub);
        const double *rens = Cbc_bestSolution(sub);
        if (rens != NULL && (!*found || plan_value(nc, obj, rens) > plan_value(nc, obj, x))) {
            memcpy(x, rens, nc * sizeof *x);
            *found = true;
        }
        Cbc_deleteModel(sub);
    }
out:
    free(sel);
    free(start);
    free(preferred);
    free(priority);
    free(lb);
    free(ub);
    free(price_period);
    free(price_total);
    return err;
}

/* Builds the MIP of m: columns (one per project and allowed start), their bounds, objective and
 * delay, and the rows of every enabled rule. rule_row (optional, [rules->count]) gets each rule's
 * single row, or SIZE_MAX when it is a column bound or several rows. Arrays are heap-allocated. */
static folio_error build_model(const model *m, const double *score, const solve_rules *rules, const bool *enabled,
                               size_t *rule_row, row_builder *rb, col_map *cm, double **collb_out,
                               double **colub_out, double **obj_out, double **delay_out, bool *windows)
{
    const size_t n = m->n_projects;
    cm->base = calloc(n + 1, sizeof(size_t));
    cm->n_cols = 0;
    if (cm->base == NULL)
        return FOLIO_ENOMEM;
    *windows = false;
    for (size_t i = 0; i < n; i++) {
        cm->base[i] = cm->n_cols;
        cm->n_cols += width(&m->projects[i]);
        *windows |= width(&m->projects[i]) > 1;
    }
    double *collb = *collb_out = calloc(cm->n_cols + 1, sizeof *collb);
    double *colub = *colub_out = malloc((cm->n_cols + 1) * sizeof *colub);
    double *obj = *obj_out = malloc((cm->n_cols + 1) * sizeof *obj);
    double *delay = *delay_out = malloc((cm->n_cols + 1) * sizeof *delay);
    if (collb == NULL || colub == NULL || obj == NULL || delay == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < width(&m->projects[i]); k++) {
            colub[cm->base[i] + k] = 1.0;
            obj[cm->base[i] + k] = solve_value(m, score[i], k);
            delay[cm->base[i] + k] = (double)k;
        }
        if (width(&m->projects[i]) > 1) { /* at most one start */
            push_selected(rb, m, cm, i, 1.0);
            rb_end_row(rb, -DBL_MAX, 1.0);
        }
    }
    for (size_t k = 0; k < rules->count; k++) {
        const solve_rule *r = &rules->items[k];
        if (rule_row != NULL)
            rule_row[k] = SIZE_MAX;
        if (enabled != NULL && !enabled[k])
            continue;
        if (r->kind == RULE_EXCLUDE) {
            for (size_t q = 0; q < width(&m->projects[r->a]); q++)
                colub[cm->base[r->a] + q] = 0.0;
        } else if (r->kind == RULE_MUST && width(&m->projects[r->a]) == 1) {
            collb[cm->base[r->a]] = 1.0;
        } else {
            size_t before = rb->n_rows;
            add_rule_rows(rb, m, cm, r);
            if (rule_row != NULL && rb->n_rows == before + 1)
                rule_row[k] = before;
        }
    }
    return rb->oom ? FOLIO_ENOMEM : FOLIO_OK;
}

/* Frees what build_model() allocated. */
static void built_free(row_builder *rb, col_map *cm, double *collb, double *colub, double *obj, double *delay)
{
    rb_free(rb);
    free(cm->base);
    free(collb);
    free(colub);
    free(obj);
    free(delay);
}

/* The Lagrangian bound of the LP: for any row prices y, c.x = y.Ax + d.x with d = c - A'y, so every
 * x within the column bounds and row ranges has c.x <= sum_r max(y_r lo_r, y_r hi_r) +
 * sum_j max(d_j l_j, d_j u_j). The row part, and each column's term, are kept apart so that a
 * change of one project's bounds is a change of its columns' terms. */
static double row_term(double y, double lo, double hi)
{
    double a = y * (lo <= -DBL_MAX ? -INFINITY : lo), b = y * (hi >= DBL_MAX ? INFINITY : hi);
    if (y == 0)
        return 0;
    return fmax(a, b);
}

static double col_term(double d, double l, double u)
{
    return fmax(d * l, d * u);
}

/* The Lagrangian bound for the LP's row prices (Clp's, from an optimal basis): returns it and
 * leaves the reduced costs d = c - A'y in d[n_cols] and the sign applied to Clp's prices in *sign.
 * Clp's sign convention for a maximisation is not what matters: of y and -y, the prices whose
 * bound meets the LP optimum are taken (the other gives infinity or more). Any y gives a valid
 * bound, so round-off in the prices weakens it at worst; it never cuts off a plan. */
static double lagrangian(const row_builder *rb, size_t n_cols, const double *collb, const double *colub,
                         const double *obj, const double *price, double *d, double *sign)
{
    double best_sign = 1, best_total = INFINITY;
    for (int s = 1; s >= -1; s -= 2) {
        for (size_t j = 0; j < n_cols; j++)
            d[j] = obj[j];
        double rows = 0;
        for (size_t r = 0; r < rb->n_rows; r++) {
            double y = s * price[r];
            rows += row_term(y, rb->lower[r], rb->upper[r]);
            for (int k = rb->start[r]; k < rb->start[r + 1]; k++)
                d[rb->index[k]] -= y * rb->value[k];
        }
        double total = rows;
        for (size_t j = 0; j < n_cols; j++)
            total += col_term(d[j], collb[j], colub[j]);
        if (total < best_total) {
            best_total = total;
            best_sign = s;
        }
    }
    for (size_t j = 0; j < n_cols; j++)
        d[j] = obj[j];
    for (size_t r = 0; r < rb->n_rows; r++)
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++)
            d[rb->index[k]] -= best_sign * price[r] * rb->value[k];
    *sign = best_sign;
    return best_total;
}

/* Columns in the order the LP prefers them: by LP value, then reduced cost, then index. */
typedef struct ranked {
    double lp, d;
    size_t j;
} ranked;

static int by_lp_preference(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->lp != b->lp)
        return a->lp > b->lp ? -1 : 1;
    if (a->d != b->d)
        return a->d > b->d ? -1 : 1;
    return (a->j > b->j) - (a->j < b->j);
}

/* Is row r broken at activity act? *over (unless NULL) tells whether it is above its upper bound. */
static bool row_violated(const row_builder *rb, size_t r, double act, bool *over)
{
    bool above = !within(act, rb->upper[r], true);
    if (over != NULL)
        *over = above;
    return above || !within(act, rb->lower[r], false);
}

/* Makes x (0/1 per column, clamped to the bounds) satisfy every row, then adds what still fits.
 * Repair: while a row is broken, take out of it the least preferred column that the bounds let go
 * and whose removal helps, else put in the most preferred one whose addition helps; fill: every
 * column left out, most preferred first, that keeps every row. rank[j] is column j's place in
 * order[]; act[n_rows] is scratch. Returns false when the repair gets stuck (the plan is then
 * unusable). Used on a re-solve's hint (the current portfolio with one decision forced, or with
 * less capacity), which is then close to the new optimum: a good incumbent to fix columns against. */
static bool repair_and_fill(const row_builder *rb, const csc *c, size_t n_cols, const double *collb,
                            const double *colub, const size_t *order, const size_t *rank, double *x, double *act)
{
    for (size_t j = 0; j < n_cols; j++)
        x[j] = collb[j] > 0.5 ? 1.0 : colub[j] < 0.5 ? 0.0 : x[j] > 0.5 ? 1.0 : 0.0;
    for (size_t r = 0; r < rb->n_rows; r++) {
        act[r] = 0;
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++)
            act[r] += rb->value[k] * x[rb->index[k]];
    }
    size_t moves = 0, max_moves = 2 * n_cols + 16;
    for (size_t r = 0; r < rb->n_rows;) {
        bool over;
        if (!row_violated(rb, r, act[r], &over)) {
            r++;
            continue;
        }
        if (moves++ == max_moves)
            return false;
        size_t out = SIZE_MAX, in = SIZE_MAX;
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++) {
            size_t j = (size_t)rb->index[k];
            bool helps_out = over ? rb->value[k] > 0 : rb->value[k] < 0;
            if (x[j] > 0.5 && collb[j] < 0.5 && helps_out && (out == SIZE_MAX || rank[j] > rank[out]))
                out = j;
            if (x[j] < 0.5 && colub[j] > 0.5 && !helps_out && (in == SIZE_MAX || rank[j] < rank[in]))
                in = j;
        }
        size_t j = out != SIZE_MAX ? out : in;
        if (j == SIZE_MAX)
            return false;
        double step = x[j] > 0.5 ? -1.0 : 1.0;
        x[j] += step;
        for (int k = c->start[j]; k < c->start[j + 1]; k++)
            act[c->index[k]] += step * c->value[k];
        r = 0; /* a move can break an earlier row */
    }
    for (size_t q = 0; q < n_cols; q++) {
        size_t j = order[q];
        if (x[j] > 0.5 || colub[j] < 0.5)
            continue;
        bool fits = true;
        for (int k = c->start[j]; k < c->start[j + 1] && fits; k++)
            fits = !row_violated(rb, (size_t)c->index[k], act[c->index[k]] + c->value[k], NULL);
        if (!fits)
            continue;
        x[j] = 1.0;
        for (int k = c->start[j]; k < c->start[j + 1]; k++)
            act[c->index[k]] += c->value[k];
    }
    return true;
}

/* What a repaired hint is checked against: the rows are the rules, but the rules themselves decide
 * before the plan is trusted to fix columns and to stand when CBC finds nothing better. */
typedef struct plan_check {
    const model *m;
    const col_map *cm;
    const double *score;
    const solve_rules *rules;
    const bool *enabled;
    solve_result *scratch; /* its selected and start arrays */
} plan_check;

static bool plan_holds(const plan_check *pc, const double *x)
{
    read_plan(pc->m, pc->cm, x, pc->score, pc->scratch->selected, pc->scratch->start);
    return holds_all(pc->m, pc->rules, pc->enabled, pc->scratch->selected, pc->scratch->start);
}

/* The LP relaxation's two uses for a plan x to beat (*have: x satisfies every rule). With a hint
 * (a plan that may break rows), the hint repaired and filled in the LP's order, and the LP's own
 * rounding, replace x when they pass check and are better. Reduced-cost fixing: with the LP's
 * Lagrangian bound B and reduced costs d, a column held at the other end of its bounds allows at
 * most B - term_j + d_j v; where that is below the plan's value, no plan as good (ties included:
 * the test is strict, with a margin for round-off) has it there, so its bounds close on the end it
 * must take. The plan itself keeps every column it has, so the optimum of the fixed model is the
 * optimum of the whole. CBC fixes the same at its root, but keeps every column in its node LPs and
 * heuristics; closed bounds are dropped by its preprocessing, and a smaller model is cheaper at
 * every node. rel is the LP relaxation solved on the same bounds. Returns the number of columns
 * fixed (0 when the LP did not solve in time). */
static size_t lp_plan_and_fix(const row_builder *rb, size_t n_cols, double *collb, double *colub, const double *obj,
                              double *x, bool *have, const double *hint, const plan_check *check,
                              const relaxation *rel)
{
    csc c;
    double *d = malloc((n_cols + 1) * sizeof *d), *act = malloc((rb->n_rows + 1) * sizeof *act);
    double *y = malloc((n_cols + 1) * sizeof *y);
    size_t *order = malloc((n_cols + 1) * sizeof *order), *rank = malloc((n_cols + 1) * sizeof *rank);
    ranked *by = malloc((n_cols + 1) * sizeof *by);
    size_t fixed = 0;
    if (d == NULL || act == NULL || y == NULL || order == NULL || rank == NULL || by == NULL ||
        !csc_from_rows(rb, n_cols, &c)) {
        free(d), free(act), free(y), free(order), free(rank), free(by);
        return 0;
    }
    double sign, bound = INFINITY;
    if (rel->ok)
        bound = lagrangian(rb, n_cols, collb, colub, obj, rel->price, d, &sign);
    if (isfinite(bound) && hint != NULL) {
        const double *lp_x = rel->x;
        for (size_t j = 0; j < n_cols; j++)
            by[j] = (ranked){lp_x[j], d[j], j};
        qsort(by, n_cols, sizeof *by, by_lp_preference);
        for (size_t q = 0; q < n_cols; q++) {
            order[q] = by[q].j;
            rank[by[q].j] = q;
        }
        /* The hint repaired, and the LP's own rounding (from nothing, in its order): the best of
         * them and the plan already in x. */
        for (int from_hint = 1; from_hint >= 0; from_hint--) {
            if (from_hint)
                memcpy(y, hint, n_cols * sizeof *y);
            else
                memset(y, 0, n_cols * sizeof *y);
            if (repair_and_fill(rb, &c, n_cols, collb, colub, order, rank, y, act) && plan_holds(check, y) &&
                (!*have || plan_value(n_cols, obj, y) > plan_value(n_cols, obj, x))) {
                memcpy(x, y, n_cols * sizeof *x);
                *have = true;
            }
        }
    }
    if (!isfinite(bound) && hint != NULL && plan_holds(check, hint) &&
        (!*have || plan_value(n_cols, obj, hint) > plan_value(n_cols, obj, x))) {
        memcpy(x, hint, n_cols * sizeof *x); /* no LP in time: the hint as it is, if it holds */
        *have = true;
    }
    double incumbent = plan_value(n_cols, obj, x), margin = 1e-7 * fmax(1.0, fabs(incumbent));
    for (size_t j = 0; *have && isfinite(bound) && j < n_cols; j++) {
        if (collb[j] >= colub[j])
            continue;
        double rest = bound - col_term(d[j], collb[j], colub[j]);
        if (rest + d[j] * collb[j] < incumbent - margin) {
            collb[j] = colub[j];
            fixed++;
        } else if (rest + d[j] * colub[j] < incumbent - margin) {
            colub[j] = collb[j];
            fixed++;
        }
    }
    csc_free(&c);
    free(d), free(act), free(y), free(order), free(rank), free(by);
    return fixed;
}

/* The model with its fixed columns taken out: CBC keeps a column whose bounds are closed in every
 * node LP and heuristic, so a model mostly fixed is solved faster without them. */
typedef struct reduced {
    row_builder rb;
    size_t n_cols;
    size_t *col;      /* [n_cols]: the column of the whole model */
    double *lb, *ub, *obj;
    double *x;        /* scratch, one per column of the whole model: CBC's plan expanded back */
    double offset;    /* the fixed columns' objective */
} reduced;

static void reduced_free(reduced *r)
{
    rb_free(&r->rb);
    free(r->col);
    free(r->lb);
    free(r->ub);
    free(r->obj);
    free(r->x);
    memset(r, 0, sizeof *r);
}

/* Builds the reduced model: the free columns, and each row that has one with its bounds moved by
 * the fixed columns' activity. A row with no free column is dropped: the caller's incumbent keeps
 * every fixing and satisfies it. Returns false when out of memory or when no column is free. */
static bool reduce_model(const row_builder *rb, size_t n_cols, const double *collb, const double *colub,
                         const double *obj, reduced *out)
{
    memset(out, 0, sizeof *out);
    size_t *map = malloc((n_cols + 1) * sizeof *map);
    out->col = malloc((n_cols + 1) * sizeof *out->col);
    out->lb = malloc((n_cols + 1) * sizeof *out->lb);
    out->ub = malloc((n_cols + 1) * sizeof *out->ub);
    out->obj = malloc((n_cols + 1) * sizeof *out->obj);
    out->x = malloc((n_cols + 1) * sizeof *out->x);
    bool ok = map != NULL && out->col != NULL && out->lb != NULL && out->ub != NULL && out->obj != NULL &&
              out->x != NULL;
    for (size_t j = 0; ok && j < n_cols; j++) {
        if (collb[j] >= colub[j]) {
            map[j] = SIZE_MAX;
            out->offset += obj[j] * collb[j];
            continue;
        }
        map[j] = out->n_cols;
        out->col[out->n_cols] = j;
        out->lb[out->n_cols] = collb[j];
        out->ub[out->n_cols] = colub[j];
        out->obj[out->n_cols++] = obj[j];
    }
    for (size_t r = 0; ok && r < rb->n_rows; r++) {
        double fixed = 0;
        bool any = false;
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++) {
            size_t j = (size_t)rb->index[k];
            if (map[j] == SIZE_MAX)
                fixed += rb->value[k] * collb[j];
            else {
                rb_push(&out->rb, map[j], rb->value[k]);
                any = true;
            }
        }
        if (!any)
            continue;
        rb_end_row(&out->rb, rb->lower[r] <= -DBL_MAX ? -DBL_MAX : rb->lower[r] - fixed,
                   rb->upper[r] >= DBL_MAX ? DBL_MAX : rb->upper[r] - fixed);
    }
    ok = ok && !out->rb.oom && out->n_cols > 0 && out->rb.n_rows > 0;
    free(map);
    if (!ok)
        reduced_free(out);
    return ok;
}

folio_error solve_lp_relaxation(const model *m, const double *score, const solve_rules *rules, arena *a,
                                solve_lp *out)
{
    const size_t n = m->n_projects;
    memset(out, 0, sizeof *out);
    row_builder rb = {0};
    col_map cm = {0};
    double *collb = NULL, *colub = NULL, *obj = NULL, *delay = NULL, *d = NULL;
    bool windows;
    relaxation rel = {0};
    size_t *rule_row = arena_alloc(a, (rules->count + 1) * sizeof *rule_row);
    out->rule_dual = arena_alloc(a, (rules->count + 1) * sizeof *out->rule_dual);
    out->bound_in = arena_alloc(a, (n + 1) * sizeof *out->bound_in);
    out->bound_out = arena_alloc(a, (n + 1) * sizeof *out->bound_out);
    folio_error err = FOLIO_ENOMEM;
    if (rule_row == NULL || out->rule_dual == NULL || out->bound_in == NULL || out->bound_out == NULL)
        goto out;
    if ((err = build_model(m, score, rules, NULL, rule_row, &rb, &cm, &collb, &colub, &obj, &delay, &windows)) !=
        FOLIO_OK)
        goto out;
    err = FOLIO_ENOMEM;
    d = malloc((cm.n_cols + 1) * sizeof *d);
    if (d == NULL)
        goto out;
    if ((err = relaxation_solve(&rb, cm.n_cols, collb, colub, obj, INFINITY, &rel)) != FOLIO_OK || !rel.ok)
        goto out; /* out->ok stays false: no LP figures */
    out->objective = rel.objective;
    const double *price = rel.price;
    double best_sign, best_total = lagrangian(&rb, cm.n_cols, collb, colub, obj, price, d, &best_sign);
    if (!isfinite(best_total))
        goto out;
    out->ok = true;
    out->dual_bound = best_total;
    for (size_t k = 0; k < rules->count; k++)
        out->rule_dual[k] = rule_row[k] == SIZE_MAX ? NAN : best_sign * price[rule_row[k]];
    for (size_t i = 0; i < n; i++) {
        double mine = 0, in = -INFINITY;
        for (size_t q = 0; q < width(&m->projects[i]); q++)
            mine += col_term(d[cm.base[i] + q], collb[cm.base[i] + q], colub[cm.base[i] + q]);
        /* In: one start column at 1, the others at 0 (the at-most-one-start row says so). */
        for (size_t q = 0; q < width(&m->projects[i]); q++)
            in = fmax(in, d[cm.base[i] + q]);
        out->bound_in[i] = best_total - mine + in;
        out->bound_out[i] = best_total - mine;
    }
out:
    relaxation_free(&rel);
    built_free(&rb, &cm, collb, colub, obj, delay);
    free(d);
    return err;
}

folio_error solve_export(const model *m, const double *score, const solve_rules *rules, const char *path, bool mps)
{
    row_builder rb = {0};
    col_map cm = {0};
    double *collb = NULL, *colub = NULL, *obj = NULL, *delay = NULL;
    bool windows;
    Cbc_Model *cbc = NULL;
    char *written = NULL;
    folio_error err = build_model(m, score, rules, NULL, NULL, &rb, &cm, &collb, &colub, &obj, &delay, &windows);
    solve_options opt;
    solve_options_init(&opt);
    if (err == FOLIO_OK && (cbc = cbc_model(&rb, cm.n_cols, collb, colub, obj, -1.0, &opt, opt.time_limit)) == NULL)
        err = FOLIO_ENOMEM;
    size_t len = strlen(path) + 8;
    if (err == FOLIO_OK && (written = malloc(len + 64)) == NULL)
        err = FOLIO_ENOMEM;
    if (err != FOLIO_OK)
        goto out;
    /* Column names say which project and start each is: x_<project>_<start period index>, the id's
     * characters outside [A-Za-z0-9_] as '_' (LP names allow no blanks or operators). */
    Clp_Simplex *clp = mps ? Clp_newModel() : NULL;
    char *integer = mps ? calloc(cm.n_cols + 1, 1) : NULL;
    csc c = {0};
    if (mps && (clp == NULL || integer == NULL || !csc_from_rows(&rb, cm.n_cols, &c))) {
        if (clp != NULL)
            Clp_deleteModel(clp);
        free(integer);
        err = FOLIO_ENOMEM;
        goto out;
    }
    if (mps) {
        Clp_loadProblem(clp, (int)cm.n_cols, (int)rb.n_rows, c.start, c.index, c.value, collb, colub, obj, rb.lower,
                        rb.upper);
        memset(integer, 1, cm.n_cols);
        Clp_copyInIntegerInformation(clp, integer);
    }
    for (size_t i = 0; i < m->n_projects; i++) {
        for (size_t k = 0; k < width(&m->projects[i]); k++) {
            char name[160];
            int w = snprintf(name, sizeof name, "x_%s_%zu", m->projects[i].id, m->projects[i].start_min + k);
            for (int q = 2; q < w && q < (int)sizeof name - 1; q++)
                if (!isalnum((unsigned char)name[q]) && name[q] != '_')
                    name[q] = '_';
            if (mps)
                Clp_setColumnName(clp, (int)(cm.base[i] + k), name);
            else
                Cbc_setColName(cbc, (int)(cm.base[i] + k), name);
        }
    }
    if (mps) {
        /* Clp writes the file named, uncompressed, with extra accuracy (17 digits), maximising. */
        bool ok = Clp_writeMps(clp, path, 1, 1, -1.0) == 0;
        Clp_deleteModel(clp);
        free(integer);
        csc_free(&c);
        err = ok ? FOLIO_OK : FOLIO_EIO;
        goto out;
    }
    /* LP format through CBC, which appends ".lp" to the name it is given and cuts that name at the
     * first ".lp" in it, directories included: it writes into a fresh directory under /tmp, and the
     * result is copied to path. */
    char dir[] = "/tmp/folio-model-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        err = FOLIO_EIO;
        goto out;
    }
    char base[64];
    snprintf(base, sizeof base, "%s/model", dir);
    snprintf(written, len + 64, "%s.lp", base);
    Cbc_writeLp(cbc, base);
    FILE *in = fopen(written, "rb"), *to = in != NULL ? fopen(path, "wb") : NULL;
    char buf[65536];
    size_t got;
    bool ok = in != NULL && to != NULL;
    while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, got, to) == got;
    ok = ok && !ferror(in);
    if (in != NULL)
        fclose(in);
    if (to != NULL && fclose(to) != 0)
        ok = false;
    remove(written);
    rmdir(dir);
    if (!ok)
        err = FOLIO_EIO;
out:
    if (cbc != NULL)
        Cbc_deleteModel(cbc);
    built_free(&rb, &cm, collb, colub, obj, delay);
    free(written);
    return err;
}

/* The plan search in a second process: the starting plan improved by heur_improve() for half the
 * time to the solve's deadline (a third, then a third by heur_swap(), where that applies), then by
 * the neighbourhood search below, while CBC searches in the caller. */
typedef struct search_ctx {
    const model *m;
    const double *score;
    bool *sel;      /* [n] the plan to improve; the search's plan when read back */
    size_t *start;  /* [n] */
    double seconds; /* the search's time */
    /* The model CBC solves (its bounds after the fixing), for the neighbourhood search's sub-models. */
    const row_builder *rb;
    const col_map *cm;
    const double *collb, *colub, *obj;
    const double *lp_x; /* [n_cols] the LP relaxation's solution; NULL when it did not solve */
    const solve_options *opt;
    const plan_check *check; /* every rule, exactly: a sub-model's plan is kept only if it passes */
} search_ctx;

/* The neighbourhood search's first size, its share of random choice and a round's time; measured
 * on the 2,000 x 12 x 6 time-phased models and the OR-Library's mknapcb7-8 (README). */
#define NBHD_FIRST_SIZE 30
#define NBHD_RANDOM 0.3
#define NBHD_ROUND_SECONDS 1.0

/* How long the plan search waits before it starts (see search_task). */
#define SEARCH_DELAY 0.05

/* Relaxation-induced neighbourhood search (in the spirit of RINS, Danna, Rothberg and Le Pape
 * 2005): each round frees the projects where the plan and the LP relaxation disagree most (each
 * project's key: the sum over its columns of |LP value - plan value|, plus a random share so that
 * rounds differ), fixes every other project as the plan has it, and has CBC look in the sub-model
 * for a plan strictly better than the current one (its value as cutoff), for at most a round's
 * time. A better plan becomes the current one. The number freed grows by 5% after a round that
 * finishes and shrinks by 10% after one that runs out of time, between 5 and every project. Every
 * rule is a row of the model, so each plan found keeps them all; each is checked exactly before it
 * is kept (and search_take() checks again).
 * Stops after `seconds`; the random choices come from a fixed seed. Writes the best plan into
 * x->sel/x->start; false when out of memory (the plan is then the one given). */
static bool neighbourhood_search(search_ctx *x, double seconds)
{
    const model *m = x->m;
    const size_t n = m->n_projects, nc = x->cm->n_cols;
    double t0 = solve_clock();
    double *cur = malloc((nc + 1) * sizeof *cur), *lb = malloc((nc + 1) * sizeof *lb);
    double *ub = malloc((nc + 1) * sizeof *ub);
    ranked *key = malloc((n + 1) * sizeof *key);
    bool ok = cur != NULL && lb != NULL && ub != NULL && key != NULL;
    solve_options o = *x->opt;
    o.no_cuts = true; /* a sub-model is small, and its cuts cost more than they prune (see cbc_model) */
    o.gap = 0;
    uint64_t rng = UINT64_C(0x2545F4914F6CDD1D);
    double size = NBHD_FIRST_SIZE;
    if (ok)
        plan_columns(m, x->cm, x->sel, x->start, cur);
    double value = ok ? plan_value(nc, x->obj, cur) : 0;
    bool better = false;
    while (ok && seconds - (solve_clock() - t0) > 0.05) {
        for (size_t i = 0; i < n; i++) {
            double away = 0;
            for (size_t q = 0; x->lp_x != NULL && q < width(&m->projects[i]); q++)
                away += fabs(x->lp_x[x->cm->base[i] + q] - cur[x->cm->base[i] + q]);
            double u = (double)(heur_random(&rng) >> 11) * 0x1.0p-53; /* uniform in [0, 1) */
            key[i] = (ranked){away + NBHD_RANDOM * u, 0, i};
        }
        size_t k = (size_t)size < n ? (size_t)size : n;
        qsort(key, n, sizeof *key, by_lp_preference); /* the highest keys first */
        for (size_t j = 0; j < nc; j++) { /* fixed by the caller stays fixed; the rest as the plan */
            bool closed = x->collb[j] >= x->colub[j];
            lb[j] = closed ? x->collb[j] : cur[j];
            ub[j] = closed ? x->colub[j] : cur[j];
        }
        for (size_t a = 0; a < k; a++) {
            size_t i = key[a].j;
            for (size_t q = 0; q < width(&m->projects[i]); q++) {
                lb[x->cm->base[i] + q] = x->collb[x->cm->base[i] + q];
                ub[x->cm->base[i] + q] = x->colub[x->cm->base[i] + q];
            }
        }
        reduced red;
        if (!reduce_model(x->rb, nc, lb, ub, x->obj, &red)) { /* nothing free among them (or no memory) */
            reduced_free(&red);
            if (k == n)
                break;
            size = fmin((double)n, size * 1.05);
            continue;
        }
        double left = seconds - (solve_clock() - t0);
        Cbc_Model *sub = cbc_model(&red.rb, red.n_cols, red.lb, red.ub, red.obj, -1.0 /* maximise */, &o,
                                   fmin(left, NBHD_ROUND_SECONDS));
        if (sub == NULL) {
            reduced_free(&red);
            ok = false;
            break;
        }
        /* In the objective's own (maximised) sense: only plans better than the current one. */
        Cbc_setCutoff(sub, value - red.offset + 1e-9 * fmax(1.0, fabs(value)));
        bool timed_out = cbc_solve_timed(sub, NULL);
        const double *got = Cbc_bestSolution(sub);
        if (got != NULL) {
            memcpy(red.x, lb, nc * sizeof *red.x);
            for (size_t q = 0; q < red.n_cols; q++)
                red.x[red.col[q]] = got[q];
            double v = plan_value(nc, x->obj, red.x);
            if (v > value + 1e-9 * fmax(1.0, fabs(value)) && plan_holds(x->check, red.x)) {
                memcpy(cur, red.x, nc * sizeof *cur);
                value = v;
                better = true;
            }
        }
        size = timed_out ? fmax(5.0, size / 1.1) : fmin((double)n, size * 1.05);
        Cbc_deleteModel(sub);
        reduced_free(&red);
    }
    if (ok && better)
        read_plan(m, x->cm, cur, x->score, x->sel, x->start);
    free(cur), free(lb), free(ub), free(key);
    return ok;
}

static folio_error search_task(void *ctx, worker_buf *out)
{
    search_ctx *x = ctx;
    const size_t n = x->m->n_projects;
    /* A short wait first: a solve that CBC finishes within it (the small models) then pays only
     * for starting this process, not for a second one working beside CBC (README). */
    struct timespec pause = {0, (long)(SEARCH_DELAY * 1e9)};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
    }
    x->seconds -= SEARCH_DELAY;
    double t0 = solve_clock();
    /* Half and half: the local search's kicks do best on small models, where each takes
     * milliseconds; the neighbourhood search on large ones, where a kick's descent takes seconds
     * (README, Benchmarks). Where the swap search applies (one start per project, a small
     * neighbourhood), it takes the middle third from the local search's plan, which it often
     * leaves for a better one that the kicks do not reach (README, OR-Library benchmark). */
    bool swap = heur_swap_applies(x->m, x->sel);
    double share = swap ? 1.0 / 3 : 0.5;
    if (!heur_improve(x->m, x->score, share * x->seconds, x->sel, x->start, NULL) ||
        (swap && !heur_swap(x->m, x->score, 2 * share * x->seconds - (solve_clock() - t0), x->sel, x->start, NULL)) ||
        !neighbourhood_search(x, x->seconds - (solve_clock() - t0)))
        return FOLIO_ENOMEM;
    return worker_buf_put(out, x->sel, n * sizeof *x->sel) && worker_buf_put(out, x->start, n * sizeof *x->start)
               ? FOLIO_OK
               : FOLIO_ENOMEM;
}

/* Reads the search's plan from the worker into x (one value per column); false when the worker
 * failed, sent too little, or its plan breaks an enabled rule. */
static bool search_take(worker *wk, search_ctx *sx, const col_map *cm, const solve_rules *rules, const bool *enabled,
                        double *x)
{
    const model *m = sx->m;
    const size_t n = m->n_projects;
    worker_buf wire = {0};
    size_t at = 0;
    bool ok = worker_finish(wk, &wire) == FOLIO_OK && worker_buf_get(&wire, &at, sx->sel, n * sizeof *sx->sel) &&
              worker_buf_get(&wire, &at, sx->start, n * sizeof *sx->start);
    worker_buf_clear(&wire);
    for (size_t i = 0; ok && i < n; i++)
        ok = !sx->sel[i] || (sx->start[i] >= m->projects[i].start_min && sx->start[i] <= m->projects[i].start_max);
    if (!ok || !holds_all(m, rules, enabled, sx->sel, sx->start))
        return false;
    plan_columns(m, cm, sx->sel, sx->start, x);
    return true;
}

folio_error solve_portfolio(const model *m, const double *score, const solve_rules *rules, const bool *enabled,
                            const solve_options *opt, arena *a, solve_result *out)
{
    const size_t n = m->n_projects;
    double t0 = solve_clock();
    memset(out, 0, sizeof *out);
    out->selected = arena_alloc(a, (n + 1) * sizeof *out->selected);
    out->start = arena_alloc(a, (n + 1) * sizeof *out->start);
    if (out->selected == NULL || out->start == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++)
        out->start[i] = m->projects[i].start_min;

    folio_error err = FOLIO_OK;
    row_builder rb = {0};
    col_map cm = {0};
    double *collb = NULL, *colub = NULL, *obj = NULL, *delay = NULL;
    Cbc_Model *cbc = NULL, *tie = NULL;
    bool windows = false, have_heur = false, use_red = false;
    double *heur_x = NULL, *hint_x = NULL;
    reduced red = {0};
    relaxation rel = {0}; /* solved once: by the starting plan, else before the fixing step */
    worker search = {-1, -1};
    bool searching = false;
    search_ctx sx = {m, score, NULL, NULL, 0, &rb, &cm, NULL, NULL, NULL, NULL, opt, NULL};
    double *lp_x = NULL; /* the LP relaxation's solution, kept for the plan search */
    double *search_x = NULL;
    size_t *rule_row = NULL;
    /* A plan to start from, for the full model and the re-solves that ask for it; not for the
     * relaxed models of the conflict search, feasibility proofs. */
    bool plan_first = enabled == NULL || opt->plan_first;
    /* Each rule's row, for the LP's prices in the starting plan. */
    if (plan_first && (rule_row = malloc((rules->count + 1) * sizeof *rule_row)) == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    if ((err = build_model(m, score, rules, enabled, rule_row, &rb, &cm, &collb, &colub, &obj, &delay, &windows)) !=
        FOLIO_OK)
        goto out;
    /* A must-do that is also excluded cannot pass model validation, but relaxation may meet bounds
     * that cross; the model is then infeasible without asking CBC. */
    for (size_t j = 0; j < cm.n_cols; j++) {
        if (collb[j] > colub[j]) {
            out->status = SOLVE_INFEASIBLE;
            goto done;
        }
    }
    if (n == 0) {
        out->status = SOLVE_OPTIMAL;
        goto done;
    }

    /* CBC starts from the plan, and it stands when CBC finds nothing better in time. */
    heur_x = calloc(cm.n_cols + 1, sizeof *heur_x);
    hint_x = opt->hint != NULL ? calloc(cm.n_cols + 1, sizeof *hint_x) : NULL;
    if (heur_x == NULL || (opt->hint != NULL && hint_x == NULL)) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    plan_check check = {m, &cm, score, rules, enabled, out};
    if (plan_first && (err = starting_plan(m, score, rules, enabled, rule_row, &rb, &cm, collb, colub, obj, opt, heur_x,
                                           &have_heur, &rel)) != FOLIO_OK)
        goto out;
    if (have_heur) {
        out->has_start_plan = true;
        out->start_objective = plan_value(cm.n_cols, obj, heur_x);
        out->start_seconds = solve_clock() - t0;
    }
    /* The hint, each project at its start (or earliest): the LP step below repairs it and fills it
     * up. */
    for (size_t i = 0; hint_x != NULL && i < n; i++) {
        const model_project *p = &m->projects[i];
        size_t s = opt->hint_start != NULL ? opt->hint_start[i] : p->start_min;
        if (opt->hint[i])
            hint_x[cm.base[i] + (s >= p->start_min && s <= p->start_max ? s - p->start_min : 0)] = 1.0;
    }
    double left_time = opt->time_limit - (solve_clock() - t0);
    /* CBC's cuts: on a single-period model (a multidimensional knapsack) they cost more than they
     * prune, and switching them off cut the time to a proven optimum by about 40% on the OR-Library
     * instances (tools/bench_mknap.py, README); with start windows the root cuts tighten the bound
     * that is the weak side of the large time-phased models, so they stay. Only for the full model:
     * the relaxed models of the conflict search are feasibility proofs, where the cuts pay. */
    solve_options main_opt = *opt;
    main_opt.no_cuts |= !windows && enabled == NULL;
    /* With a plan to beat, the LP fixes what no plan as good can change, and CBC gets the rest. */
    if (have_heur || hint_x != NULL) {
        if (!rel.tried &&
            (err = relaxation_solve(&rb, cm.n_cols, collb, colub, obj, fmin(5.0, 0.2 * left_time), &rel)) != FOLIO_OK)
            goto out;
        out->fixed = lp_plan_and_fix(&rb, cm.n_cols, collb, colub, obj, heur_x, &have_heur, hint_x, &check, &rel);
    }
    if (rel.ok && opt->search && (lp_x = malloc((cm.n_cols + 1) * sizeof *lp_x)) != NULL)
        memcpy(lp_x, rel.x, cm.n_cols * sizeof *lp_x); /* for the plan search; it does without */
    relaxation_free(&rel); /* CBC solves its own */
    for (size_t i = 0; i < n; i++) { /* the plan checks' scratch: no plan until one is read */
        out->selected[i] = false;
        out->start[i] = m->projects[i].start_min;
    }
    /* CBC's search is exhaustive, not aimed at better plans: on hard models (many capacities) an
     * iterated local search from the starting plan finds better ones sooner (README, OR-Library
     * benchmark). With a second processor it runs there until the time limit; when CBC proves its
     * plan optimal first, the search is stopped and not waited for. The process starts before CBC's
     * model is built: after a fork a page both processes share is copied when one of them first
     * writes to it, and a model built afterwards is CBC's alone (forked after building it, with the
     * search working beside it, CBC's part took 2-3 times as long on the smallest OR-Library models,
     * README). */
    if (opt->search && enabled == NULL && have_heur) {
        sx.sel = malloc((n + 1) * sizeof *sx.sel);
        sx.start = malloc((n + 1) * sizeof *sx.start);
        search_x = malloc((cm.n_cols + 1) * sizeof *search_x);
        if (sx.sel == NULL || sx.start == NULL || search_x == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        read_plan(m, &cm, heur_x, score, sx.sel, sx.start);
        sx.collb = collb;
        sx.colub = colub;
        sx.obj = obj;
        sx.lp_x = lp_x;
        sx.check = &check;
        /* It ends a little before CBC's limit, which CBC checks only between nodes. */
        sx.seconds = opt->time_limit - (solve_clock() - t0) - 0.05;
        searching = sx.seconds > 0.1 && worker_start(&search, search_task, &sx);
    }

    if (out->fixed > 0)
        use_red = reduce_model(&rb, cm.n_cols, collb, colub, obj, &red);
    left_time = opt->time_limit - (solve_clock() - t0);
    if (use_red)
        cbc = cbc_model(&red.rb, red.n_cols, red.lb, red.ub, red.obj, -1.0 /* maximise */, &main_opt, left_time);
    else
        cbc = cbc_model(&rb, cm.n_cols, collb, colub, obj, -1.0 /* maximise */, &main_opt, left_time);
    if (cbc == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    /* The reduced model gets no start: given one, CBC keeps its root and searches all the columns
     * left (1,000 projects: 102,356 nodes in 2.0 s); without, its preprocessing fixes more and it
     * restarts on the few that remain (66,882 nodes in 0.6 s, README). The plan still stands when
     * CBC finds nothing as good in time. */
    if (have_heur && !use_red)
        cbc_start_from(cbc, heur_x);
    int rc;
    bool timed_out = cbc_solve_timed(cbc, &rc);
    out->nodes = Cbc_getNodeCount(cbc);
    const double *best = Cbc_bestSolution(cbc);
    double offset = use_red ? red.offset : 0.0; /* the fixed columns' part of CBC's objective */
    if (best != NULL && use_red) {
        /* Back to the whole model: the fixed columns at their bounds, the others as CBC has them;
         * kept only when at least as good as the plan it had to beat. */
        memcpy(red.x, collb, cm.n_cols * sizeof *red.x);
        for (size_t k = 0; k < red.n_cols; k++)
            red.x[red.col[k]] = best[k];
        best = plan_value(cm.n_cols, obj, red.x) >= plan_value(cm.n_cols, obj, heur_x) ? red.x : heur_x;
    }
    if (best == NULL && have_heur)
        best = heur_x; /* CBC found nothing in time; the heuristic's plan satisfies every rule */
    if (searching) {
        searching = false;
        if (!timed_out)
            worker_abandon(&search); /* CBC's answer is final: proven, or within the requested gap */
        else if (search_take(&search, &sx, &cm, rules, enabled, search_x)) {
            double mine = plan_value(cm.n_cols, obj, search_x);
            out->searched = true;
            out->search_objective = mine;
            if (best == NULL || mine > plan_value(cm.n_cols, obj, best) + 1e-9 * fmax(1.0, fabs(mine))) {
                best = search_x;
                out->search_used = true;
            }
        }
    }
    if (Cbc_isProvenInfeasible(cbc) && !timed_out && best == NULL) {
        out->status = SOLVE_INFEASIBLE;
        goto done;
    }
    if (best == NULL) {
        if (Cbc_isAbandoned(cbc) || (rc != 0 && !timed_out)) {
            err = FOLIO_ESOLVER;
            goto out;
        }
        out->status = SOLVE_NO_SOLUTION;
        out->bound = Cbc_getBestPossibleObjValue(cbc) + offset;
        goto done;
    }
    out->objective = read_plan(m, &cm, best, score, out->selected, out->start);
    double bound = Cbc_getBestPossibleObjValue(cbc) + offset;
    double tol = 1e-9 * fmax(1.0, fabs(out->objective));
    bool proven = Cbc_isProvenOptimal(cbc) && !timed_out && Cbc_secondaryStatus(cbc) != 2;
    if (proven || (isfinite(bound) && fabs(bound - out->objective) <= tol)) {
        bound = out->objective;
    } else if (!isfinite(bound) || bound < out->objective) {
        /* CBC gave no usable bound: fall back to the trivial one, every positive value counted. */
        bound = 0;
        for (size_t j = 0; j < cm.n_cols; j++)
            bound += colub[j] > 0 && obj[j] > 0 ? obj[j] : 0;
    }
    out->bound = bound;
    out->gap = (bound - out->objective) / fmax(fabs(out->objective), 1e-9);
    /* "optimal" only when the bound proves it; stopping at a requested gap is "feasible". */
    out->status = bound == out->objective ? SOLVE_OPTIMAL : SOLVE_FEASIBLE;

    /* Among equally good portfolios prefer earlier starts: keep the optimum's value and minimise
     * the total delay. Deterministic, and exact up to CBC's tolerances, which the check below
     * guards: a tie-break that loses value is discarded. */
    double left = opt->time_limit - (solve_clock() - t0);
    if (windows && !opt->any_starts && out->status == SOLVE_OPTIMAL && left > 0.01) {
        for (size_t j = 0; j < cm.n_cols; j++)
            rb_push(&rb, j, obj[j]);
        rb_end_row(&rb, out->objective - tol, DBL_MAX);
        if (rb.oom) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        tie = cbc_model(&rb, cm.n_cols, collb, colub, delay, 1.0 /* minimise */, opt, left);
        if (tie == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        cbc_start_from(tie, best);
        Cbc_solve(tie);
        const double *x = Cbc_bestSolution(tie);
        if (x != NULL) {
            bool *sel = malloc((n + 1) * sizeof *sel);
            size_t *st = malloc((n + 1) * sizeof *st);
            if (sel == NULL || st == NULL) {
                free(sel);
                free(st);
                err = FOLIO_ENOMEM;
                goto out;
            }
            double v = read_plan(m, &cm, x, score, sel, st);
            /* Equal value up to rounding in the last bits: the same proven optimum, earlier starts. */
            if (v >= out->objective - 1e-12 * fmax(1.0, fabs(out->objective))) {
                memcpy(out->selected, sel, n * sizeof *sel);
                memcpy(out->start, st, n * sizeof *st);
                out->objective = out->bound = v;
            }
            free(sel);
            free(st);
        }
    }
    /* Never trust a plan unchecked: verify it against every enabled rule exactly. */
    if (!holds_all(m, rules, enabled, out->selected, out->start)) {
        err = FOLIO_ESOLVER;
        goto out;
    }
done:
    out->seconds = solve_clock() - t0;
out:
    if (searching)
        worker_abandon(&search);
    free(sx.sel);
    free(sx.start);
    free(search_x);
    free(lp_x);
    if (cbc != NULL)
        Cbc_deleteModel(cbc);
    if (tie != NULL)
        Cbc_deleteModel(tie);
    built_free(&rb, &cm, collb, colub, obj, delay);
    reduced_free(&red);
    relaxation_free(&rel);
    free(heur_x);
    free(hint_x);
    free(rule_row);
    return err;
}
