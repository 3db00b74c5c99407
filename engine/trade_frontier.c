/* trade_frontier.c - the efficient frontier over one capacity and its surface over a second: the
 * optimum at evenly spaced limits, from the least use at which a portfolio meets every rule to the
 * point past which the optimum adds nothing. Split off from tradeoffs.c. */
#include "trade_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* The largest ratio of use to limit over the capacity's limits, where use(i, t) is what the projects
 * with pick[i] use (each at the start maximising it, when worst is set; at start[i] or its earliest
 * otherwise). */
static double use_ratio(const model *m, size_t c, const bool *pick, const size_t *start, bool worst)
{
    double ratio = 0;
    for (size_t t = 0; t <= m->n_periods; t++) {
        bool total = t == m->n_periods;
        double limit = total ? m->totals[c] : model_limit(m, c, t);
        if (!isfinite(limit) || !(limit > 0))
            continue;
        double use = 0;
        for (size_t i = 0; i < m->n_projects; i++) {
            if (!pick[i])
                continue;
            const model_project *p = &m->projects[i];
            double u = 0;
            size_t s0 = worst ? p->start_min : (start ? start[i] : p->start_min);
            size_t s1 = worst ? p->start_max : s0;
            for (size_t s = s0; s <= s1; s++) {
                double v = total ? model_use_in_horizon(m, i, c, s) : model_use_at(m, i, c, s, t);
                u = fmax(u, v);
            }
            use += u;
        }
        ratio = fmax(ratio, use / limit);
    }
    return ratio;
}

/* Records a solve's outcome as a frontier point (the selection copied into a). */
static folio_error keep_point(const model *m, trade_variant *w, size_t c, const solve_result *r, arena *a, trade_point *p)
{
    const size_t n = m->n_projects;
    p->status = r->status;
    p->bound = trade_stopped_bound(r->status, r->bound);
    if (!trade_has_portfolio(r->status))
        return FOLIO_OK;
    p->objective = r->objective;
    p->selected = arena_alloc_n(a, n, sizeof *p->selected);
    if (p->selected == NULL)
        return FOLIO_ENOMEM;
    memcpy(p->selected, r->selected, n * sizeof *p->selected);
    for (size_t i = 0; i < n; i++)
        p->n_selected += r->selected[i];
    p->used = plan_used_total(&w->v, solve_plan_of(r), c);
    return FOLIO_OK;
}

/* Raises *lo, the must-do projects' use of capacity c (as a factor on its limits), to where a plan
 * meets every rule when the must-do projects alone (at their earliest starts, pick[n]) do not: a
 * policy minimum or a dependency may need more. One solve with the capacity unlimited then
 * minimises its use (each period's and the whole horizon's relative to its limit), and *lo becomes
 * the smaller of that plan's use and the current portfolio's (base). On a single-period model that
 * is the least factor at which any plan exists; with several periods the least summed use need not
 * be the least peak, so it is a factor at which one exists. f_all is a factor at which the
 * capacity limits nothing. */
static folio_error least_feasible(trade_variant *w, const solve_result *base, size_t c, double f_all, const bool *pick,
                                  double *lo)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    trade_variant_scale(w, c, *lo);
    bool holds = plan_check(&w->v, &w->rules, (plan){pick, NULL}, NULL, 0) == 0;
    trade_variant_scale(w, SIZE_MAX, 1);
    if (holds)
        return FOLIO_OK;
    double *use = alloc_n(n, sizeof *use);
    if (use == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        double u = 0;
        for (size_t t = 0; t < m->n_periods; t++)
            if (isfinite(model_limit(m, c, t)) && model_limit(m, c, t) > 0)
                u += model_use(m, i, c, t) / model_limit(m, c, t);
        if (isfinite(m->totals[c]) && m->totals[c] > 0)
            u += model_use_in_horizon(m, i, c, m->projects[i].start_min) / m->totals[c];
        use[i] = -u;
    }
    const double *score = w->score;
    w->score = use;
    trade_variant_scale(w, c, f_all);
    arena scratch = {0};
    solve_result r;
    folio_error err = trade_variant_solve(w, NULL, NULL, &scratch, &r);
    trade_variant_scale(w, SIZE_MAX, 1);
    w->score = score;
    double ratio = use_ratio(m, c, base->selected, base->start, false);
    if (err == FOLIO_OK && trade_has_portfolio(r.status))
        ratio = fmin(ratio, use_ratio(m, c, r.selected, r.start, false));
    *lo = fmax(*lo, ratio);
    arena_clear(&scratch);
    free(use);
    return err;
}

/* The factors on capacity c's limits that a frontier spans: from the least use at which a plan meets
 * every rule (*lo, see least_feasible) to the point past which the optimum adds nothing (*hi), the
 * other capacities as they are. That point is the use of the optimum with the capacity unlimited;
 * when that solve proves its optimum, *top gets it (its portfolio in a), since it is the optimum at
 * *hi as well: every plan that fits *hi fits the larger limit, where it is worth no more. Else
 * top->status is SOLVE_NO_SOLUTION. top may be NULL. */
static folio_error factor_range(trade_variant *w, const solve_result *base, size_t c, arena *a, double *lo, double *hi,
                                solve_result *top)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    bool *pick = arena_alloc_n(a, n, sizeof *pick);
    if (pick == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++)
        pick[i] = m->projects[i].must;
    *lo = use_ratio(m, c, pick, NULL, false);
    bool *all = arena_alloc_n(a, n, sizeof *all);
    if (all == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++)
        all[i] = !m->projects[i].exclude;
    double f_all = fmax(1.0, use_ratio(m, c, all, NULL, true)) * 1.0001 + 1e-9;
    folio_error err = least_feasible(w, base, c, f_all, pick, lo);
    if (err != FOLIO_OK)
        return err;
    arena scratch = {0};
    solve_result r;
    trade_variant_scale(w, c, f_all);
    err = trade_variant_solve(w, base->selected, base->start, &scratch, &r);
    trade_variant_scale(w, SIZE_MAX, 1);
    *hi = f_all;
    if (top != NULL) {
        memset(top, 0, sizeof *top);
        top->status = SOLVE_NO_SOLUTION;
    }
    if (err == FOLIO_OK && trade_has_portfolio(r.status))
        *hi = use_ratio(m, c, r.selected, r.start, false);
    if (top != NULL && err == FOLIO_OK && r.status == SOLVE_OPTIMAL && *hi >= *lo) {
        *top = r;
        top->selected = arena_alloc_n(a, n, sizeof *top->selected);
        top->start = arena_alloc_n(a, n, sizeof *top->start);
        if (top->selected == NULL || top->start == NULL) {
            err = FOLIO_ENOMEM;
        } else {
            memcpy(top->selected, r.selected, n * sizeof *top->selected);
            memcpy(top->start, r.start, n * sizeof *top->start);
        }
    }
    arena_clear(&scratch);
    if (*hi < *lo)
        *hi = *lo;
    return err;
}

/* Up to np factors evenly from lo to hi, with 1 (the current limits) in its place among them; writes
 * them into f (room for np + 1) and the index of 1 into *current; returns how many. */
static size_t factor_grid(double lo, double hi, size_t np, double *f, size_t *current)
{
    size_t count = 0;
    bool placed = false;
    for (size_t k = 0; k < np; k++) {
        double x = hi > lo ? (k == np - 1 ? hi : lo + (hi - lo) * (double)k / (double)(np - 1)) : lo;
        if (k > 0 && hi <= lo)
            break;
        if (!placed && x >= 1 - 1e-12) {
            *current = count;
            f[count++] = 1;
            placed = true;
            if (fabs(x - 1) <= 1e-12)
                continue;
        }
        f[count++] = x;
    }
    if (!placed) {
        *current = count;
        f[count++] = 1;
    }
    return count;
}

folio_error trade_frontier(trade_variant *w, const solve_result *base, const trade_options *to, size_t c, double t0,
                            arena *a, trade_result *out)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    double f_min, f_max;
    solve_result top;
    folio_error err = factor_range(w, base, c, a, &f_min, &f_max, &top);
    if (err != FOLIO_OK)
        return err;
    size_t np = to->points < 2 ? 2 : to->points, current;
    double *f = arena_alloc_n(a, np + 1, sizeof *f);
    out->points = arena_alloc_n(a, np + 1, sizeof *out->points);
    if (f == NULL || out->points == NULL)
        return FOLIO_ENOMEM;
    out->n_points = factor_grid(f_min, f_max, np, f, &current);
    for (size_t k = 0; k < out->n_points; k++) {
        out->points[k].factor = f[k];
        out->points[k].bound = NAN; /* until a re-solve stops at its time limit there */
    }
    out->points[current].current = true;
    double axis = trade_axis_limit(m, c);
    for (size_t k = 0; k < out->n_points; k++) {
        trade_point *p = &out->points[k];
        p->limit = p->factor * axis;
        if (p->current && (err = keep_point(m, w, c, base, a, p)) != FOLIO_OK)
            return err;
    }
    /* Every other point is a re-solve of its own, from the current portfolio (repaired to smaller
     * limits, filled up to larger ones), the nearest the current limit first: the points do not
     * depend on each other, so they are shared among the processes like the other re-solves and the
     * results do not depend on how many there are. The point at the top takes the unlimited solve's
     * optimum when that is proven (see factor_range). */
    size_t n_jobs = 0, *point = alloc_n(out->n_points, sizeof *point);
    trade_job *jobs = alloc_zeroed_n(out->n_points, sizeof *jobs);
    bool *plan_sel = alloc_n(out->n_points * n, sizeof *plan_sel);
    size_t *plan_start = alloc_n(out->n_points * n, sizeof *plan_start);
    if (point == NULL || jobs == NULL || plan_sel == NULL || plan_start == NULL)
        err = FOLIO_ENOMEM;
    for (size_t d = 1; d < out->n_points && err == FOLIO_OK; d++) {
        for (int side = 0; side < 2 && err == FOLIO_OK; side++) {
            if ((side == 0 && d > current) || (side == 1 && current + d >= out->n_points))
                continue;
            size_t k = side == 0 ? current - d : current + d;
            trade_point *p = &out->points[k];
            if (top.status == SOLVE_OPTIMAL && p->factor == f_max) {
                err = keep_point(m, w, c, &top, a, p);
                continue;
            }
            point[n_jobs] = k;
            jobs[n_jobs] = (trade_job){.project = SIZE_MAX,
                                       .capacity = c,
                                       .factor = p->factor,
                                       .capacity2 = SIZE_MAX,
                                       .selected = plan_sel + n_jobs * n,
                                       .start = plan_start + n_jobs * n};
            n_jobs++;
        }
    }
    if (err == FOLIO_OK)
        err = trade_jobs_run(w, base, jobs, n_jobs, to, t0, "frontier point");
    for (size_t q = 0; q < n_jobs && err == FOLIO_OK; q++) {
        trade_point *p = &out->points[point[q]];
        if (jobs[q].res.skipped) {
            p->status = SOLVE_NO_SOLUTION; /* not analysed: the time budget ran out */
            out->n_skipped++;
        } else {
            solve_result r = trade_wire_result(&jobs[q].res, jobs[q].selected, jobs[q].start);
            err = keep_point(m, w, c, &r, a, p);
        }
    }
    free(point), free(jobs), free(plan_sel), free(plan_start);
    if (err != FOLIO_OK)
        return err;
    const bool *prev = NULL;
    for (size_t k = 0; k < out->n_points; k++) {
        if ((err = trade_diff(m, prev, &out->points[k], a)) != FOLIO_OK)
            return err;
        prev = out->points[k].selected;
    }
    trade_variant_scale(w, SIZE_MAX, 1);
    return FOLIO_OK;
}

/* The frontier surface: the optimum at each frontier point's limits (columns) with the second
 * capacity's limits at each of its own grid's factors (rows). The row at the second capacity's
 * current limits is the frontier itself; every other cell is a re-solve. */
folio_error trade_frontier_surface(trade_variant *w, const solve_result *base, const trade_options *to, double t0, arena *a,
                           trade_result *out)
{
    trade_surface *s = &out->surface;
    const size_t c2 = to->surface, cols = out->n_points;
    s->capacity = SIZE_MAX;
    if (c2 == SIZE_MAX || c2 >= w->m->n_capacities || out->capacity == SIZE_MAX || c2 == out->capacity || cols == 0)
        return FOLIO_OK;
    double lo, hi;
    folio_error err = factor_range(w, base, c2, a, &lo, &hi, NULL);
    if (err != FOLIO_OK)
        return err;
    size_t np = to->surface_points < 2 ? 2 : to->surface_points;
    s->factor = arena_alloc_n(a, np + 1, sizeof *s->factor);
    s->limit = arena_alloc_n(a, np + 1, sizeof *s->limit);
    s->status = arena_alloc_n(a, (np + 1) * cols, sizeof *s->status);
    s->objective = arena_alloc_n(a, (np + 1) * cols, sizeof *s->objective);
    s->bound = arena_alloc_n(a, (np + 1) * cols, sizeof *s->bound);
    if (s->factor == NULL || s->limit == NULL || s->status == NULL || s->objective == NULL || s->bound == NULL)
        return FOLIO_ENOMEM;
    s->capacity = c2;
    s->n_rows = factor_grid(lo, hi, np, s->factor, &s->current);
    double axis = trade_axis_limit(w->m, c2);
    size_t n_jobs = 0;
    trade_job *jobs = alloc_zeroed_n(s->n_rows * cols, sizeof *jobs);
    if (jobs == NULL)
        return FOLIO_ENOMEM;
    for (size_t r = 0; r < s->n_rows; r++) {
        s->limit[r] = s->factor[r] * axis;
        for (size_t k = 0; k < cols; k++) {
            if (r == s->current) {
                s->status[r * cols + k] = out->points[k].status;
                s->objective[r * cols + k] = trade_has_portfolio(out->points[k].status) ? out->points[k].objective : NAN;
                s->bound[r * cols + k] = out->points[k].bound;
            } else {
                jobs[n_jobs++] = (trade_job){.project = SIZE_MAX,
                                             .capacity = out->capacity,
                                             .factor = out->points[k].factor,
                                             .capacity2 = c2,
                                             .factor2 = s->factor[r]};
            }
        }
    }
    err = trade_jobs_run(w, base, jobs, n_jobs, to, t0, "surface");
    for (size_t r = 0, q = 0; r < s->n_rows && err == FOLIO_OK; r++) {
        for (size_t k = 0; k < cols && r != s->current; k++, q++) {
            const trade_wire *res = &jobs[q].res;
            s->status[r * cols + k] = res->skipped ? SOLVE_NO_SOLUTION : (solve_status)res->status;
            s->objective[r * cols + k] = !res->skipped && trade_has_portfolio(res->status) ? res->objective : NAN;
            s->bound[r * cols + k] = res->skipped ? NAN : trade_stopped_bound((solve_status)res->status, res->bound);
            out->n_skipped += res->skipped != 0; /* not analysed: the time budget ran out */
        }
    }
    free(jobs);
    return err;
}

