/* tradeoffs.c - what choosing differently costs. Frontier, force deltas, capacity values and
 * scenarios are exact re-solves of a variant of the model (its limits scaled, one decision forced,
 * a must-do rule lifted, or a scenario's changes); the force deltas not re-solved lie between a plan
 * the heuristic finds with the decision forced and the LP relaxation's bound; "what would it take"
 * is arithmetic on the current plan. */
#include "tradeoffs.h"
#include "wallclock.h"

#include "heuristic.h"
#include "sensitivity.h"
#include "worker.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trade_options_init(trade_options *o)
{
    memset(o, 0, sizeof *o);
    o->capacity = SIZE_MAX;
    o->points = 20;
    o->surface = SIZE_MAX;
    o->surface_points = 5;
    o->max_force = 400;
    o->time_budget = 120;
    o->what_if = 10;
    o->split_seconds = 0.1;
}

size_t trade_default_capacity(const model *m)
{
    rules r = m->rules;
    r.frontier_capacity = SIZE_MAX;
    return rules_frontier_capacity(&r);
}

/* A variant of the model: the same projects and rules with its own limits, plus room for one more
 * rule (a forced decision) and a switch per rule (to lift a must-do). */
typedef struct variant {
    const model *m;
    const double *score;
    const solve_options *opt;
    model v;              /* shallow copy of *m whose limits and totals are the arrays below */
    double *limits, *totals;
    plan_rules rules;    /* the model's rules, then one slot */
    size_t base_count;
    bool *enabled;        /* [base_count + 1] */
    size_t solves;
} variant;

static folio_error variant_init(variant *w, const model *m, const double *score, const plan_rules *rules,
                                const solve_options *opt, arena *a)
{
    memset(w, 0, sizeof *w);
    w->m = m;
    w->score = score;
    w->opt = opt;
    w->v = *m;
    size_t nl = m->n_capacities * m->n_periods;
    w->limits = arena_alloc(a, (nl + 1) * sizeof *w->limits);
    w->totals = arena_alloc(a, (m->n_capacities + 1) * sizeof *w->totals);
    w->rules.items = arena_alloc(a, (rules->count + 1) * sizeof *w->rules.items);
    w->enabled = arena_alloc(a, (rules->count + 1) * sizeof *w->enabled);
    if (w->limits == NULL || w->totals == NULL || w->rules.items == NULL || w->enabled == NULL)
        return FOLIO_ENOMEM;
    if (nl > 0)
        memcpy(w->limits, m->limits, nl * sizeof *w->limits);
    if (m->n_capacities > 0)
        memcpy(w->totals, m->totals, m->n_capacities * sizeof *w->totals);
    if (rules->count > 0)
        memcpy(w->rules.items, rules->items, rules->count * sizeof *w->rules.items);
    w->base_count = w->rules.count = rules->count;
    for (size_t k = 0; k <= rules->count; k++)
        w->enabled[k] = true;
    w->v.limits = w->limits;
    w->v.totals = w->totals;
    return FOLIO_OK;
}

/* Multiplies capacity c's limits (per period and whole horizon) in the variant by factor. */
static void variant_scale_more(variant *w, size_t c, double factor)
{
    const model *m = w->m;
    for (size_t t = 0; t < m->n_periods; t++)
        if (isfinite(w->limits[c * m->n_periods + t]))
            w->limits[c * m->n_periods + t] *= factor; /* no limit stays no limit, even at factor 0 */
    if (isfinite(w->totals[c]))
        w->totals[c] *= factor;
}

/* Sets capacity c's limits (per period and whole horizon) to factor times the model's; every other
 * capacity to the model's. */
static void variant_scale(variant *w, size_t c, double factor)
{
    const model *m = w->m;
    memcpy(w->limits, m->limits, m->n_capacities * m->n_periods * sizeof *w->limits);
    memcpy(w->totals, m->totals, m->n_capacities * sizeof *w->totals);
    if (c != SIZE_MAX)
        variant_scale_more(w, c, factor);
}

/* Solves the variant (starting from hint, its projects at start, when it satisfies every rule); the
 * result lives in a. */
static folio_error variant_solve(variant *w, const bool *hint, const size_t *start, arena *a, solve_result *r)
{
    solve_options o = *w->opt;
    o.hint = hint;
    o.hint_start = start;
    o.no_cuts = true;
    o.any_starts = true;
    o.plan_first = true;
    w->solves++;
    return solve_portfolio(&w->v, w->score, &w->rules, w->enabled, &o, a, r);
}

static bool has_portfolio(solve_status s)
{
    return s == SOLVE_OPTIMAL || s == SOLVE_FEASIBLE;
}

/* The capacity's size for the frontier's axis: its whole-horizon limit, or the sum of its finite
 * per-period limits. */
double trade_axis_limit(const model *m, size_t c)
{
    if (isfinite(m->totals[c]))
        return m->totals[c];
    double sum = 0;
    for (size_t t = 0; t < m->n_periods; t++)
        if (isfinite(model_limit(m, c, t)))
            sum += model_limit(m, c, t);
    return sum;
}

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

static folio_error diff_points(const model *m, const bool *prev, trade_point *p, arena *a)
{
    const size_t n = m->n_projects;
    p->enter = arena_alloc(a, (n + 1) * sizeof *p->enter);
    p->leave = arena_alloc(a, (n + 1) * sizeof *p->leave);
    if (p->enter == NULL || p->leave == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        bool now = p->selected != NULL && p->selected[i], before = prev != NULL && prev[i];
        if (now && !before)
            p->enter[p->n_enter++] = i;
        if (before && !now)
            p->leave[p->n_leave++] = i;
    }
    return FOLIO_OK;
}

static void progress(const trade_options *to, const char *what, size_t k, size_t n)
{
    if (to->progress)
        fprintf(stderr, "\rtrade-offs: %s %zu/%zu   ", what, k, n);
}

/* Records a solve's outcome as a frontier point (the selection copied into a). */
static folio_error keep_point(const model *m, variant *w, size_t c, const solve_result *r, arena *a, trade_point *p)
{
    const size_t n = m->n_projects;
    p->status = r->status;
    if (!has_portfolio(r->status))
        return FOLIO_OK;
    p->objective = r->objective;
    p->selected = arena_alloc(a, (n + 1) * sizeof *p->selected);
    if (p->selected == NULL)
        return FOLIO_ENOMEM;
    memcpy(p->selected, r->selected, n * sizeof *p->selected);
    for (size_t i = 0; i < n; i++)
        p->n_selected += r->selected[i];
    p->used = plan_used_total(&w->v, solve_plan_of(r), c);
    return FOLIO_OK;
}

/* A re-solve's outcome as a worker process sends it, followed by its portfolio (selected[n], then
 * start[n]) when plan is set. */
typedef struct solve_wire {
    int err;          /* folio_error of the solve */
    int skipped;      /* not analysed: the time budget ran out */
    int status;       /* solve_status */
    int plan;         /* the portfolio follows */
    double objective, bound, gap;
} solve_wire;

/* The outcome of a solve that returned err into r; plan when with_plan and there is a portfolio. */
static solve_wire wire_of(folio_error err, const solve_result *r, bool with_plan)
{
    solve_wire msg;
    memset(&msg, 0, sizeof msg); /* padding too: the bytes go down a pipe */
    msg.err = err;
    if (err == FOLIO_OK) {
        msg.status = r->status;
        msg.objective = r->objective;
        msg.bound = r->bound;
        msg.gap = r->gap;
        msg.plan = with_plan && has_portfolio(r->status);
    }
    return msg;
}

/* The solve result that msg describes, its portfolio in selected and start when msg->plan. */
static solve_result result_of(const solve_wire *msg, bool *selected, size_t *start)
{
    return (solve_result){.status = (solve_status)msg->status,
                          .objective = msg->objective,
                          .bound = msg->bound,
                          .gap = msg->gap,
                          .selected = msg->plan ? selected : NULL,
                          .start = msg->plan ? start : NULL};
}

/* Appends msg and, when msg->plan, r's portfolio (n projects); false when out of memory. */
static bool wire_put(worker_buf *wire, const solve_wire *msg, const solve_result *r, size_t n)
{
    return worker_buf_put(wire, msg, sizeof *msg) &&
           (!msg->plan || (worker_buf_put(wire, r->selected, n * sizeof *r->selected) &&
                           worker_buf_put(wire, r->start, n * sizeof *r->start)));
}

/* Reads the portfolio that follows msg at *at (when msg->plan) into selected and start (n each), or
 * past it when they are NULL; false when the message is short. */
static bool wire_plan(const worker_buf *wire, size_t *at, size_t n, const solve_wire *msg, bool *selected,
                      size_t *start)
{
    if (!msg->plan)
        return true;
    if (selected == NULL) {
        size_t bytes = n * (sizeof *selected + sizeof *start);
        if (wire->size - *at < bytes)
            return false;
        *at += bytes;
        return true;
    }
    return worker_buf_get(wire, at, selected, n * sizeof *selected) &&
           worker_buf_get(wire, at, start, n * sizeof *start);
}

/* Whether a second process pays for count re-solves, each taken to last as long as the base solve. */
static bool worth_splitting(const trade_options *to, const solve_result *base, size_t count)
{
    return worker_pays(base->seconds, count, to->split_seconds);
}

/* Does frontier point k belong to chain (0 or 1)? The points other than the current one alternate
 * between the chains in increasing limit. */
static bool in_chain(const trade_result *out, size_t k, int chain)
{
    if (out->points[k].current)
        return false;
    size_t j = 0;
    for (size_t q = 0; q < k; q++)
        j += !out->points[q].current;
    return (int)(j % 2) == chain;
}

/* Solves the points of the chain in increasing limit, each warm-started from the chain's previous
 * portfolio (which fits the larger limit); a point at top_factor takes top instead, when top is a
 * proven optimum (see factor_range). With wire == NULL records each into its point; else (in a
 * worker process) appends each outcome to wire, then the number of solves. */
static folio_error solve_chain(variant *w, size_t c, const trade_options *to, double t0, const solve_result *top,
                               double top_factor, int chain, worker_buf *wire, arena *a, trade_result *out)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    bool *prev = malloc((n + 1) * sizeof *prev);
    size_t *prev_start = malloc((n + 1) * sizeof *prev_start);
    size_t solves0 = w->solves;
    bool have_prev = false;
    folio_error err = prev == NULL || prev_start == NULL ? FOLIO_ENOMEM : FOLIO_OK;
    for (size_t k = 0; k < out->n_points && err == FOLIO_OK; k++) {
        if (!in_chain(out, k, chain))
            continue;
        trade_point *p = &out->points[k];
        if (wire == NULL)
            progress(to, "frontier point", k + 1, out->n_points);
        solve_wire msg;
        arena scratch = {0};
        solve_result r;
        variant_scale(w, c, p->factor);
        if (top->status == SOLVE_OPTIMAL && p->factor == top_factor) {
            r = *top;
            msg = wire_of(FOLIO_OK, &r, true);
        } else if (wallclock_now() - t0 > to->time_budget) {
            memset(&msg, 0, sizeof msg);
            msg.skipped = 1;
        } else {
            msg = wire_of(variant_solve(w, have_prev ? prev : NULL, prev_start, &scratch, &r), &r, true);
        }
        if (wire != NULL) {
            if (!wire_put(wire, &msg, &r, n))
                err = FOLIO_ENOMEM;
        } else if (msg.skipped) {
            p->status = SOLVE_NO_SOLUTION; /* not analysed: the time budget ran out */
            out->n_skipped++;
        } else if (msg.err == FOLIO_OK) {
            err = keep_point(m, w, c, &r, a, p);
        }
        if (err == FOLIO_OK && msg.err != FOLIO_OK)
            err = msg.err;
        if (msg.plan) {
            memcpy(prev, r.selected, n * sizeof *prev);
            memcpy(prev_start, r.start, n * sizeof *prev_start);
            have_prev = true;
        }
        arena_clear(&scratch);
    }
    size_t solves = w->solves - solves0;
    if (wire != NULL && err == FOLIO_OK && !worker_buf_put(wire, &solves, sizeof solves))
        err = FOLIO_ENOMEM;
    variant_scale(w, SIZE_MAX, 1);
    free(prev);
    free(prev_start);
    return err;
}

typedef struct chain_ctx {
    variant *w;
    size_t c;
    const trade_options *to;
    double t0;
    const solve_result *top; /* see solve_chain */
    double top_factor;
    arena *a;
    trade_result *out;
} chain_ctx;

static folio_error chain_part(void *ctx, int part, worker_buf *wire)
{
    chain_ctx *x = ctx;
    folio_error err = FOLIO_OK;
    for (int chain = 0; chain < 2 && err == FOLIO_OK; chain++)
        if (part == 2 || part == chain)
            err = solve_chain(x->w, x->c, x->to, x->t0, x->top, x->top_factor, chain, wire, x->a, x->out);
    return err;
}

/* Records the worker's chain into its points. FOLIO_EIO, with out unchanged, when the message is short (the
 * caller then solves the chain itself); a solve's own error as it was. */
static folio_error chain_take(void *ctx, const worker_buf *wire)
{
    chain_ctx *x = ctx;
    variant *w = x->w;
    const size_t c = x->c;
    arena *a = x->a;
    trade_result *out = x->out;
    const model *m = w->m;
    const size_t n = m->n_projects;
    /* First check that everything is there, so that a short message changes nothing. */
    size_t at = 0, solves = 0;
    for (size_t k = 0; k < out->n_points; k++) {
        solve_wire msg;
        if (in_chain(out, k, 1) &&
            (!worker_buf_get(wire, &at, &msg, sizeof msg) || !wire_plan(wire, &at, n, &msg, NULL, NULL)))
            return FOLIO_EIO;
    }
    if (!worker_buf_get(wire, &at, &solves, sizeof solves) || at != wire->size)
        return FOLIO_EIO;
    bool *selected = malloc((n + 1) * sizeof *selected);
    size_t *start = malloc((n + 1) * sizeof *start); /* aligned copies */
    folio_error err = selected == NULL || start == NULL ? FOLIO_ENOMEM : FOLIO_OK;
    at = 0;
    for (size_t k = 0; k < out->n_points && err == FOLIO_OK; k++) {
        if (!in_chain(out, k, 1))
            continue;
        trade_point *p = &out->points[k];
        solve_wire msg;
        if (!worker_buf_get(wire, &at, &msg, sizeof msg) || !wire_plan(wire, &at, n, &msg, selected, start)) {
            err = FOLIO_EINTERNAL; /* checked above */
            break;
        }
        if (msg.skipped) {
            p->status = SOLVE_NO_SOLUTION; /* not analysed: the time budget ran out */
            out->n_skipped++;
            continue;
        }
        if ((err = (folio_error)msg.err) != FOLIO_OK)
            break;
        solve_result r = result_of(&msg, selected, start);
        err = keep_point(m, w, c, &r, a, p);
    }
    if (err == FOLIO_OK)
        w->solves += solves;
    free(selected);
    free(start);
    return err;
}

/* Raises *lo, the must-do projects' use of capacity c (as a factor on its limits), to where a plan
 * meets every rule when the must-do projects alone (at their earliest starts, pick[n]) do not: a
 * policy minimum or a dependency may need more. One solve with the capacity unlimited then
 * minimises its use (each period's and the whole horizon's relative to its limit), and *lo becomes
 * the smaller of that plan's use and the current portfolio's (base). On a single-period model that
 * is the least factor at which any plan exists; with several periods the least summed use need not
 * be the least peak, so it is a factor at which one exists. f_all is a factor at which the
 * capacity limits nothing. */
static folio_error least_feasible(variant *w, const solve_result *base, size_t c, double f_all, const bool *pick,
                                  double *lo)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    variant_scale(w, c, *lo);
    bool holds = plan_check(&w->v, &w->rules, (plan){pick, NULL}, NULL, 0) == 0;
    variant_scale(w, SIZE_MAX, 1);
    if (holds)
        return FOLIO_OK;
    double *use = malloc((n + 1) * sizeof *use);
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
    variant_scale(w, c, f_all);
    arena scratch = {0};
    solve_result r;
    folio_error err = variant_solve(w, NULL, NULL, &scratch, &r);
    variant_scale(w, SIZE_MAX, 1);
    w->score = score;
    double ratio = use_ratio(m, c, base->selected, base->start, false);
    if (err == FOLIO_OK && has_portfolio(r.status))
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
static folio_error factor_range(variant *w, const solve_result *base, size_t c, arena *a, double *lo, double *hi,
                                solve_result *top)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    bool *pick = arena_alloc(a, (n + 1) * sizeof *pick);
    if (pick == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++)
        pick[i] = m->projects[i].must;
    *lo = use_ratio(m, c, pick, NULL, false);
    bool *all = arena_alloc(a, (n + 1) * sizeof *all);
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
    variant_scale(w, c, f_all);
    err = variant_solve(w, base->selected, base->start, &scratch, &r);
    variant_scale(w, SIZE_MAX, 1);
    *hi = f_all;
    if (top != NULL) {
        memset(top, 0, sizeof *top);
        top->status = SOLVE_NO_SOLUTION;
    }
    if (err == FOLIO_OK && has_portfolio(r.status))
        *hi = use_ratio(m, c, r.selected, r.start, false);
    if (top != NULL && err == FOLIO_OK && r.status == SOLVE_OPTIMAL && *hi >= *lo) {
        *top = r;
        top->selected = arena_alloc(a, (n + 1) * sizeof *top->selected);
        top->start = arena_alloc(a, (n + 1) * sizeof *top->start);
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

static folio_error frontier(variant *w, const solve_result *base, const trade_options *to, size_t c, double t0,
                            arena *a, trade_result *out)
{
    const model *m = w->m;
    double f_min, f_max;
    solve_result top;
    folio_error err = factor_range(w, base, c, a, &f_min, &f_max, &top);
    if (err != FOLIO_OK)
        return err;
    size_t np = to->points < 2 ? 2 : to->points, current;
    double *f = arena_alloc(a, (np + 2) * sizeof *f);
    out->points = arena_alloc(a, (np + 2) * sizeof *out->points);
    if (f == NULL || out->points == NULL)
        return FOLIO_ENOMEM;
    memset(out->points, 0, (np + 2) * sizeof *out->points);
    out->n_points = factor_grid(f_min, f_max, np, f, &current);
    for (size_t k = 0; k < out->n_points; k++)
        out->points[k].factor = f[k];
    out->points[current].current = true;
    double axis = trade_axis_limit(m, c);
    for (size_t k = 0; k < out->n_points; k++) {
        trade_point *p = &out->points[k];
        p->limit = p->factor * axis;
        if (p->current && (err = keep_point(m, w, c, base, a, p)) != FOLIO_OK)
            return err;
    }
    /* Two chains of points, each solved in increasing limit: the second in a worker process when
     * there is a second processor, else after the first. Either way the same solves with the same
     * warm starts, so the output does not depend on how many processors there are. */
    chain_ctx ctx = {w, c, to, t0, &top, f_max, a, out};
    bool split = out->n_points >= 4 && worth_splitting(to, base, out->n_points - 1);
    if ((err = worker_split(&ctx, chain_part, chain_take, split)) != FOLIO_OK)
        return err;
    const bool *prev = NULL;
    for (size_t k = 0; k < out->n_points; k++) {
        if ((err = diff_points(m, prev, &out->points[k], a)) != FOLIO_OK)
            return err;
        prev = out->points[k].selected;
    }
    variant_scale(w, SIZE_MAX, 1);
    return FOLIO_OK;
}

/* One re-solve of the force deltas or the capacity values, and its outcome. */
typedef struct trade_job {
    size_t project;  /* the project whose decision is forced the other way; SIZE_MAX: a capacity's */
    size_t capacity; /* with project == SIZE_MAX: the capacity whose limits are scaled ... */
    double factor;   /* ... by this factor */
    size_t capacity2; /* and, unless SIZE_MAX, a second capacity whose limits are scaled ... */
    double factor2;   /* ... by this one */
    solve_wire res;  /* the outcome; res.skipped when the time budget ran out first */
} trade_job;

/* Solves the job's variant: for a project, its decision forced the other way (in for a project left
 * out, out for a selected one, the must-do rule lifted for a must-do one); for a capacity, its
 * limits scaled. hint[n] is scratch. Leaves the variant as it found it. */
static folio_error job_solve(variant *w, const solve_result *base, trade_job *j, bool *hint, size_t *start)
{
    const model *m = w->m;
    size_t must_rule = SIZE_MAX;
    const bool *h = NULL;
    const size_t *h_start = base->start;
    w->rules.count = w->base_count;
    if (j->project == SIZE_MAX) {
        variant_scale(w, j->capacity, j->factor);
        bool two = j->capacity2 != SIZE_MAX;
        if (two)
            variant_scale_more(w, j->capacity2, j->factor2);
        h = base->selected; /* repaired to the smaller limits if need be, then filled up */
    } else if (m->projects[j->project].must) {
        for (size_t k = 0; k < w->base_count; k++)
            if (w->rules.items[k].kind == RULE_MUST && w->rules.items[k].a == j->project)
                must_rule = k;
        if (must_rule != SIZE_MAX)
            w->enabled[must_rule] = false;
        h = base->selected; /* still satisfies every rule left */
    } else {
        bool in = !base->selected[j->project];
        w->rules.items[w->rules.count++] = (plan_rule){in ? RULE_MUST : RULE_EXCLUDE, j->project, 0, 0};
        double value;
        /* The heuristic's plan with the decision forced; else the current one with the decision
         * flipped, for the repair to make room (or take out what depended on it). */
        if (heur_force(m, w->score, base->selected, base->start, j->project, in, hint, start, &value)) {
            h_start = start;
        } else {
            memcpy(hint, base->selected, m->n_projects * sizeof *hint);
            hint[j->project] = in;
        }
        h = hint;
    }
    arena scratch = {0};
    solve_result r;
    folio_error err = variant_solve(w, h, h_start, &scratch, &r);
    j->res = wire_of(err, &r, false);
    arena_clear(&scratch);
    if (must_rule != SIZE_MAX)
        w->enabled[must_rule] = true;
    w->rules.count = w->base_count;
    variant_scale(w, SIZE_MAX, 1);
    return err;
}

typedef struct jobs_ctx {
    variant *w;
    const solve_result *base;
    trade_job *jobs;
    size_t count;
    const trade_options *to;
    double t0;
    const char *what; /* for the progress line */
    bool *hint;       /* scratch [n_projects] */
    size_t *start;    /* scratch [n_projects] */
} jobs_ctx;

/* Solves job k unless the time budget has run out (it then stays skipped). With wire (in a worker)
 * appends its outcome to it. */
static folio_error job_task(void *ctx, size_t k, worker_buf *wire)
{
    jobs_ctx *x = ctx;
    trade_job *j = &x->jobs[k];
    memset(&j->res, 0, sizeof j->res);
    j->res.skipped = 1;
    folio_error err = FOLIO_OK;
    if (wallclock_now() - x->t0 <= x->to->time_budget) {
        if (wire == NULL)
            progress(x->to, x->what, k + 1, x->count);
        err = job_solve(x->w, x->base, j, x->hint, x->start);
    }
    if (err == FOLIO_OK && wire != NULL && !worker_buf_put(wire, &j->res, sizeof j->res))
        err = FOLIO_ENOMEM;
    return err;
}

/* Records job k's outcome as the worker sent it. */
static folio_error job_take(void *ctx, size_t k, const worker_buf *wire, size_t *at)
{
    jobs_ctx *x = ctx;
    trade_job *j = &x->jobs[k];
    if (!worker_buf_get(wire, at, &j->res, sizeof j->res))
        return FOLIO_EIO;
    x->w->solves += !j->res.skipped; /* one solve, made there */
    return FOLIO_OK;
}

/* Solves every job, in order, in this process and a worker where that pays, each taking the next
 * job not yet taken. The outcomes do not depend on which process solved what (each job is solved
 * from the same model and hint); only where the time budget cuts them off does, and then the jobs
 * solved are the first ones either way. */
static folio_error jobs_run(jobs_ctx *x)
{
    x->hint = malloc((x->w->m->n_projects + 1) * sizeof *x->hint);
    x->start = malloc((x->w->m->n_projects + 1) * sizeof *x->start);
    if (x->hint == NULL || x->start == NULL) {
        free(x->hint), free(x->start);
        return FOLIO_ENOMEM;
    }
    folio_error err = worker_share(x, x->count, job_task, job_take, worth_splitting(x->to, x->base, x->count));
    free(x->hint), free(x->start);
    return err;
}

/* Projects in the order their decisions could change the objective least: by the LP's bound on the
 * objective change (nearest 0 first), or without an LP by the score's distance to the line between
 * the weakest selected and the strongest not selected. Must-do projects come first. */
typedef struct near_item {
    double key;
    size_t project;
} near_item;

static int near_cmp(const void *pa, const void *pb)
{
    const near_item *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->project < b->project ? -1 : a->project > b->project;
}

/* The feasible side of a force delta: the value of heur_force's plan, checked against every rule
 * and the forced decision, minus the objective now; NaN when there is no such plan. sel[n] and
 * start[n] are scratch. */
static double force_feasible(const variant *w, const solve_result *base, size_t i, bool in, bool *sel,
                             size_t *start)
{
    double value;
    if (!heur_force(w->m, w->score, base->selected, base->start, i, in, sel, start, &value))
        return NAN;
    plan_rules rules = {w->rules.items, w->base_count};
    if (sel[i] != in || plan_check(w->m, &rules, (plan){sel, start}, NULL, 0) > 0)
        return NAN;
    return value - base->objective;
}

static folio_error force_deltas(variant *w, const solve_result *base, const solve_lp *lp, const trade_options *to,
                                double t0, arena *a, trade_result *out)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    out->force = arena_alloc(a, (n + 1) * sizeof *out->force);
    near_item *order = malloc((n + 1) * sizeof *order);
    bool *sel = malloc((n + 1) * sizeof *sel);
    size_t *start = malloc((n + 1) * sizeof *start);
    if (out->force == NULL || order == NULL || sel == NULL || start == NULL) {
        free(order), free(sel), free(start);
        return FOLIO_ENOMEM;
    }
    double lo_in = INFINITY, hi_out = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        trade_force *f = &out->force[i];
        *f = (trade_force){FORCE_NONE, false, SOLVE_NO_SOLUTION, NAN, NAN, NAN};
        if (p->exclude)
            continue;
        f->kind = p->must ? FORCE_MUST_OFF : base->selected[i] ? FORCE_OUT : FORCE_IN;
        if (lp->ok && f->kind != FORCE_MUST_OFF)
            f->lp_bound = fmin(0.0, (f->kind == FORCE_IN ? lp->bound_in[i] : lp->bound_out[i]) - base->objective);
        if (f->kind == FORCE_MUST_OFF)
            f->feasible = 0.0; /* the current plan keeps every other rule */
        if (base->selected[i] && !p->must)
            lo_in = fmin(lo_in, w->score[i]);
        if (!base->selected[i])
            hi_out = fmax(hi_out, w->score[i]);
    }
    double line = isfinite(lo_in) && isfinite(hi_out) ? (lo_in + hi_out) / 2 : isfinite(lo_in) ? lo_in : hi_out;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const trade_force *f = &out->force[i];
        if (f->kind == FORCE_NONE)
            continue;
        double key = f->kind == FORCE_MUST_OFF ? -INFINITY : lp->ok ? -f->lp_bound : fabs(w->score[i] - line);
        order[count++] = (near_item){key, i};
    }
    qsort(order, count, sizeof *order, near_cmp);
    /* The feasible side of every delta, nearest the line first, within a quarter of what is left of
     * the time budget (on 1,000 projects 4.4 s for all of them); the rest keep NaN there. */
    double now = wallclock_now(), until = now + (to->time_budget - (now - t0)) / 4;
    for (size_t q = 0; q < count && wallclock_now() <= until; q++) {
        trade_force *f = &out->force[order[q].project];
        if (f->kind != FORCE_MUST_OFF)
            f->feasible = force_feasible(w, base, order[q].project, f->kind == FORCE_IN, sel, start);
    }
    /* The decisions nearest the line are re-solved exactly, at most max_force of them. */
    size_t n_jobs = count < to->max_force ? count : to->max_force;
    trade_job *jobs = calloc(n_jobs + 1, sizeof *jobs);
    folio_error err = jobs == NULL ? FOLIO_ENOMEM : FOLIO_OK;
    for (size_t q = 0; q < n_jobs && err == FOLIO_OK; q++)
        jobs[q].project = order[q].project;
    jobs_ctx x = {w, base, jobs, n_jobs, to, t0, "forcing decisions", NULL, NULL};
    if (err == FOLIO_OK)
        err = jobs_run(&x);
    for (size_t q = 0; q < count && err == FOLIO_OK; q++) {
        trade_force *f = &out->force[order[q].project];
        if (q >= n_jobs || jobs[q].res.skipped) {
            out->n_bounded++; /* keeps its bounds */
            continue;
        }
        f->exact = true;
        f->status = (solve_status)jobs[q].res.status;
        f->delta = has_portfolio(f->status) ? jobs[q].res.objective - base->objective : NAN;
        out->n_forced++;
    }
    free(jobs);
    free(order), free(sel), free(start);
    return err;
}

static folio_error capacity_values(variant *w, const solve_result *base, const solve_lp *lp,
                                   const plan_rules *rules, const trade_options *to, double t0, arena *a,
                                   trade_result *out)
{
    const model *m = w->m;
    out->caps = arena_alloc(a, (m->n_capacities + 1) * sizeof *out->caps);
    if (out->caps == NULL)
        return FOLIO_ENOMEM;
    for (size_t c = 0; c < m->n_capacities; c++) {
        trade_capacity *tc = &out->caps[c];
        tc->shadow = NAN;
        tc->shadow_period = arena_alloc(a, (m->n_periods + 1) * sizeof *tc->shadow_period);
        if (tc->shadow_period == NULL)
            return FOLIO_ENOMEM;
        for (size_t t = 0; t < m->n_periods; t++)
            tc->shadow_period[t] = NAN;
        for (size_t k = 0; lp->ok && k < rules->count; k++) {
            const plan_rule *r = &rules->items[k];
            if (r->a != c || (r->kind != RULE_CAPACITY && r->kind != RULE_CAPACITY_TOTAL))
                continue;
            if (r->kind == RULE_CAPACITY_TOTAL || m->n_periods == 1)
                tc->shadow = lp->rule_dual[k];
            if (r->kind == RULE_CAPACITY)
                tc->shadow_period[r->t] = lp->rule_dual[k];
        }
        tc->plus = tc->minus = NAN;
        tc->plus_status = tc->minus_status = SOLVE_NO_SOLUTION;
    }
    /* Each capacity's limits 10% higher, then 10% lower. */
    size_t n_jobs = 2 * m->n_capacities;
    trade_job *jobs = calloc(n_jobs + 1, sizeof *jobs);
    if (jobs == NULL)
        return FOLIO_ENOMEM;
    for (size_t k = 0; k < n_jobs; k++)
        jobs[k] = (trade_job){.project = SIZE_MAX,
                              .capacity = k / 2,
                              .factor = k % 2 == 0 ? 1.1 : 0.9,
                              .capacity2 = SIZE_MAX};
    jobs_ctx x = {w, base, jobs, n_jobs, to, t0, "capacity values", NULL, NULL};
    folio_error err = jobs_run(&x);
    for (size_t k = 0; k < n_jobs && err == FOLIO_OK; k++) {
        trade_capacity *tc = &out->caps[k / 2];
        if (jobs[k].res.skipped) {
            out->n_skipped++; /* not analysed: the time budget ran out */
            continue;
        }
        solve_status st = (solve_status)jobs[k].res.status;
        double d = has_portfolio(st) ? jobs[k].res.objective - base->objective : NAN;
        if (k % 2 == 0) {
            tc->plus_status = st;
            tc->plus = d;
        } else {
            tc->minus_status = st;
            tc->minus = d;
        }
    }
    free(jobs);
    return err;
}

/* The frontier surface: the optimum at each frontier point's limits (columns) with the second
 * capacity's limits at each of its own grid's factors (rows). The row at the second capacity's
 * current limits is the frontier itself; every other cell is a re-solve. */
static folio_error surface(variant *w, const solve_result *base, const trade_options *to, double t0, arena *a,
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
    s->factor = arena_alloc(a, (np + 2) * sizeof *s->factor);
    s->limit = arena_alloc(a, (np + 2) * sizeof *s->limit);
    s->status = arena_alloc(a, ((np + 1) * cols + 1) * sizeof *s->status);
    s->objective = arena_alloc(a, ((np + 1) * cols + 1) * sizeof *s->objective);
    if (s->factor == NULL || s->limit == NULL || s->status == NULL || s->objective == NULL)
        return FOLIO_ENOMEM;
    s->capacity = c2;
    s->n_rows = factor_grid(lo, hi, np, s->factor, &s->current);
    double axis = trade_axis_limit(w->m, c2);
    size_t n_jobs = 0;
    trade_job *jobs = calloc(s->n_rows * cols + 1, sizeof *jobs);
    if (jobs == NULL)
        return FOLIO_ENOMEM;
    for (size_t r = 0; r < s->n_rows; r++) {
        s->limit[r] = s->factor[r] * axis;
        for (size_t k = 0; k < cols; k++) {
            if (r == s->current) {
                s->status[r * cols + k] = out->points[k].status;
                s->objective[r * cols + k] = has_portfolio(out->points[k].status) ? out->points[k].objective : NAN;
            } else {
                jobs[n_jobs++] = (trade_job){.project = SIZE_MAX,
                                             .capacity = out->capacity,
                                             .factor = out->points[k].factor,
                                             .capacity2 = c2,
                                             .factor2 = s->factor[r]};
            }
        }
    }
    jobs_ctx x = {w, base, jobs, n_jobs, to, t0, "surface", NULL, NULL};
    err = jobs_run(&x);
    for (size_t r = 0, q = 0; r < s->n_rows && err == FOLIO_OK; r++) {
        for (size_t k = 0; k < cols && r != s->current; k++, q++) {
            const solve_wire *res = &jobs[q].res;
            s->status[r * cols + k] = res->skipped ? SOLVE_NO_SOLUTION : (solve_status)res->status;
            s->objective[r * cols + k] = !res->skipped && has_portfolio(res->status) ? res->objective : NAN;
            out->n_skipped += res->skipped != 0; /* not analysed: the time budget ran out */
        }
    }
    free(jobs);
    return err;
}

/* Projects it takes to admit i: i and, transitively, what it depends on that is not selected. */
static size_t admit_set(const model *m, const bool *selected, size_t i, bool *in, size_t *list)
{
    size_t count = 0;
    list[count++] = i;
    in[i] = true;
    for (size_t q = 0; q < count; q++) {
        const model_project *p = &m->projects[list[q]];
        for (size_t k = 0; k < p->n_depends_on; k++) {
            size_t d = p->depends_on[k];
            if (!selected[d] && !in[d]) {
                in[d] = true;
                list[count++] = d;
            }
        }
    }
    return count;
}

/* Checks plan (selected, start) against every rule: the first rule that is not a capacity and is
 * broken, else the extra capacity each broken capacity rule needs (into needs) and their sum
 * relative to the limits (into *weight). */
static const plan_rule *plan_needs(const model *m, const plan_rules *rules, plan x, trade_need *needs,
                                    size_t *n_needs, double *weight)
{
    *n_needs = 0;
    *weight = 0;
    for (size_t k = 0; k < rules->count; k++) {
        const plan_rule *r = &rules->items[k];
        bool capacity = r->kind == RULE_CAPACITY || r->kind == RULE_CAPACITY_TOTAL;
        if (!capacity) {
            if (!plan_rule_holds(m, r, x))
                return r;
            continue;
        }
        double use = plan_rule_activity(m, r, x), limit = plan_rule_limit(m, r);
        if (use > limit + 1e-9 * fmax(1.0, fabs(limit))) {
            needs[(*n_needs)++] = (trade_need){k, use - limit};
            *weight += (use - limit) / fmax(limit, 1e-9);
        }
    }
    return NULL;
}

/* Hiring plan order: most gain per relative extra capacity first, ties by candidate order. */
static int admit_cmp(const void *pa, const void *pb)
{
    const near_item *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->project < b->project ? -1 : a->project > b->project;
}

/* What it would take to admit the projects left out nearest the line, and a hiring plan that
 * admits them one by one. No solves: each is the current plan plus the project (and what it
 * depends on), checked against every rule. */
static folio_error what_would_it_take(const model *m, const double *score, const plan_rules *rules,
                                      const solve_result *base, const trade_options *to, arena *a, trade_result *out)
{
    const size_t n = m->n_projects;
    bool *sel = arena_alloc(a, (n + 1) * sizeof *sel), *in = arena_alloc(a, (n + 1) * sizeof *in);
    size_t *start = arena_alloc(a, (n + 1) * sizeof *start), *list = arena_alloc(a, (n + 1) * sizeof *list);
    trade_need *needs = arena_alloc(a, (rules->count + 1) * sizeof *needs);
    size_t *cand = arena_alloc(a, (n + 1) * sizeof *cand);
    out->admits = arena_alloc(a, (to->what_if + 1) * sizeof *out->admits);
    out->plan = arena_alloc(a, (to->what_if + 1) * sizeof *out->plan);
    if (sel == NULL || in == NULL || start == NULL || list == NULL || needs == NULL || cand == NULL ||
        out->admits == NULL || out->plan == NULL)
        return FOLIO_ENOMEM;
    /* The candidates: not selected, not excluded, highest score first (ties by index). */
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        if (!base->selected[i] && !m->projects[i].exclude)
            cand[nc++] = i;
    for (size_t x = 1; x < nc; x++) /* insertion sort: stable and deterministic */
        for (size_t y = x; y > 0 && score[cand[y]] > score[cand[y - 1]]; y--) {
            size_t t = cand[y];
            cand[y] = cand[y - 1];
            cand[y - 1] = t;
        }
    if (nc > to->what_if)
        nc = to->what_if;
    for (size_t q = 0; q < nc; q++) {
        size_t i = cand[q];
        trade_admit *ad = &out->admits[out->n_admits++];
        memset(ad, 0, sizeof *ad);
        ad->project = i;
        memcpy(sel, base->selected, n * sizeof *sel);
        memcpy(start, base->start, n * sizeof *start);
        memset(in, 0, n * sizeof *in);
        size_t count = admit_set(m, base->selected, i, in, list);
        for (size_t k = 0; k < count; k++) {
            sel[list[k]] = true;
            start[list[k]] = m->projects[list[k]].start_min;
        }
        /* Its start: the one whose plan breaks no other rule and needs least extra capacity. */
        const model_project *p = &m->projects[i];
        double best = INFINITY;
        const plan_rule *blocker = NULL;
        ad->start = p->start_min;
        for (size_t s = p->start_min; s <= p->start_max; s++) {
            start[i] = s;
            size_t nn;
            double weight;
            const plan_rule *b = plan_needs(m, rules, (plan){sel, start}, needs, &nn, &weight);
            if (b != NULL) {
                if (blocker == NULL)
                    blocker = b;
                continue;
            }
            if (weight < best) {
                best = weight;
                ad->start = s;
            }
        }
        ad->with = arena_alloc(a, (count + 1) * sizeof *ad->with);
        if (ad->with == NULL)
            return FOLIO_ENOMEM;
        for (size_t k = 1; k < count; k++)
            ad->with[ad->n_with++] = list[k];
        start[i] = ad->start;
        for (size_t k = 0; k < count; k++)
            ad->gain += plan_delayed_value(m, score[list[k]], start[list[k]] - m->projects[list[k]].start_min);
        if (!isfinite(best)) {
            if ((ad->blocked = explain_rule(m, blocker, a)) == NULL)
                return FOLIO_ENOMEM;
            continue;
        }
        double weight;
        plan_needs(m, rules, (plan){sel, start}, needs, &ad->n_needs, &weight);
        ad->needs = arena_alloc(a, (ad->n_needs + 1) * sizeof *ad->needs);
        if (ad->needs == NULL)
            return FOLIO_ENOMEM;
        memcpy(ad->needs, needs, ad->n_needs * sizeof *needs);
    }
    /* The hiring plan: most gain per unit of relative extra capacity first; each step admits the
     * project (and what it depends on) on top of the previous steps, when that breaks no other rule. */
    near_item *order = arena_alloc(a, (out->n_admits + 1) * sizeof *order); /* {efficiency, admit} */
    if (order == NULL)
        return FOLIO_ENOMEM;
    size_t no = 0;
    for (size_t q = 0; q < out->n_admits; q++) {
        const trade_admit *ad = &out->admits[q];
        if (ad->blocked != NULL)
            continue;
        double rel = 0;
        for (size_t k = 0; k < ad->n_needs; k++)
            rel += ad->needs[k].extra / fmax(plan_rule_limit(m, &rules->items[ad->needs[k].rule]), 1e-9);
        order[no++] = (near_item){ad->gain / (rel + 1e-9), q};
    }
    qsort(order, no, sizeof *order, admit_cmp);
    memcpy(sel, base->selected, n * sizeof *sel);
    memcpy(start, base->start, n * sizeof *start);
    double gain = 0;
    for (size_t k = 0; k < no; k++) {
        const trade_admit *ad = &out->admits[order[k].project];
        bool *trial = arena_alloc(a, (n + 1) * sizeof *trial);
        size_t *trial_start = arena_alloc(a, (n + 1) * sizeof *trial_start);
        if (trial == NULL || trial_start == NULL)
            return FOLIO_ENOMEM;
        memcpy(trial, sel, n * sizeof *sel);
        memcpy(trial_start, start, n * sizeof *start);
        double add = 0;
        const size_t members = ad->n_with + 1;
        for (size_t q = 0; q < members; q++) {
            size_t j = q == 0 ? ad->project : ad->with[q - 1];
            if (trial[j])
                continue; /* brought in by an earlier step */
            trial[j] = true;
            trial_start[j] = j == ad->project ? ad->start : m->projects[j].start_min;
            add += plan_delayed_value(m, score[j], trial_start[j] - m->projects[j].start_min);
        }
        size_t nn;
        double weight;
        if (plan_needs(m, rules, (plan){trial, trial_start}, needs, &nn, &weight) != NULL)
            continue; /* together with earlier steps it breaks another rule */
        memcpy(sel, trial, n * sizeof *sel);
        memcpy(start, trial_start, n * sizeof *start);
        gain += add;
        trade_hire *h = &out->plan[out->n_plan++];
        h->project = ad->project;
        h->gain = gain;
        h->n_needs = nn;
        h->needs = arena_alloc(a, (nn + 1) * sizeof *h->needs);
        if (h->needs == NULL)
            return FOLIO_ENOMEM;
        memcpy(h->needs, needs, nn * sizeof *needs);
    }
    return FOLIO_OK;
}

folio_error trade_analyse(const model *m, const double *score, const plan_rules *rules, const solve_options *opt,
                          const solve_result *base, const trade_options *to, arena *a, trade_result *out)
{
    memset(out, 0, sizeof *out);
    double t0 = wallclock_now();
    variant w;
    folio_error err = variant_init(&w, m, score, rules, opt, a);
    if (err != FOLIO_OK)
        return err;
    out->capacity = to->capacity != SIZE_MAX ? to->capacity : trade_default_capacity(m);
    if (out->capacity != SIZE_MAX && (err = frontier(&w, base, to, out->capacity, t0, a, out)) != FOLIO_OK)
        return err;
    solve_lp lp;
    if ((err = solve_lp_relaxation(m, score, rules, a, &lp)) != FOLIO_OK)
        return err;
    out->has_lp = lp.ok;
    out->lp_objective = lp.objective;
    if ((err = force_deltas(&w, base, &lp, to, t0, a, out)) != FOLIO_OK)
        return err;
    if ((err = capacity_values(&w, base, &lp, rules, to, t0, a, out)) != FOLIO_OK)
        return err;
    if ((err = what_would_it_take(m, score, rules, base, to, a, out)) != FOLIO_OK)
        return err;
    if ((err = surface(&w, base, to, t0, a, out)) != FOLIO_OK)
        return err;
    if (to->progress)
        fputs("\r                                              \r", stderr);
    out->solves = w.solves;
    out->seconds = wallclock_now() - t0;
    return FOLIO_OK;
}

/* The scenario's model: a shallow copy of m with its own projects (for forced decisions), limits,
 * totals and policies, the scenario's changes applied; weights into w. */
static folio_error scenario_model(const model *m, const rules_scenario *sc, arena *a, model *v, double *w)
{
    *v = *m;
    memset(&v->arena, 0, sizeof v->arena); /* never allocated from or freed through the copy */
    const size_t n = m->n_projects, nl = m->n_capacities * m->n_periods;
    model_project *projects = arena_alloc(a, (n + 1) * sizeof *projects);
    double *limits = arena_alloc(a, (nl + 1) * sizeof *limits);
    double *totals = arena_alloc(a, (m->n_capacities + 1) * sizeof *totals);
    rules_policy *policies = arena_alloc(a, (m->n_policies + 1) * sizeof *policies);
    if (projects == NULL || limits == NULL || totals == NULL || policies == NULL)
        return FOLIO_ENOMEM;
    if (n > 0)
        memcpy(projects, m->projects, n * sizeof *projects);
    if (nl > 0)
        memcpy(limits, m->limits, nl * sizeof *limits);
    if (m->n_capacities > 0)
        memcpy(totals, m->totals, m->n_capacities * sizeof *totals);
    if (m->n_policies > 0)
        memcpy(policies, m->rules.policies, m->n_policies * sizeof *policies);
    v->projects = projects;
    v->limits = limits;
    v->totals = totals;
    v->rules.policies = policies;
    /* Forcing a decision overrides the export's flag the other way. */
    for (size_t k = 0; k < sc->n_force_in; k++) {
        projects[sc->force_in_index[k]].must = true;
        projects[sc->force_in_index[k]].exclude = false;
    }
    for (size_t k = 0; k < sc->n_force_out; k++) {
        projects[sc->force_out_index[k]].exclude = true;
        projects[sc->force_out_index[k]].must = false;
    }
    for (size_t k = 0; k < m->n_criteria; k++)
        w[k] = m->rules.criteria[k].weight;
    for (size_t q = 0; q < sc->n_overrides; q++) {
        const rules_override *o = &sc->overrides[q];
        rules_policy *p = o->kind >= OVERRIDE_POLICY_MIN ? &policies[o->target] : NULL;
        switch (o->kind) {
        case OVERRIDE_LIMIT:
            if (m->n_periods == 1 && !isfinite(totals[o->target]))
                limits[o->target] = o->value; /* without a horizon the limit is the period's */
            else
                totals[o->target] = o->value;
            break;
        case OVERRIDE_PER_PERIOD:
            for (size_t t = 0; t < m->n_periods; t++)
                limits[o->target * m->n_periods + t] = o->value;
            break;
        case OVERRIDE_PERIOD:
            limits[o->target * m->n_periods + (size_t)o->period] = o->value;
            break;
        case OVERRIDE_WEIGHT:
            w[o->target] = o->value;
            break;
        case OVERRIDE_POLICY_MIN:
            p->min = o->value;
            p->has_min = true;
            break;
        case OVERRIDE_POLICY_MAX:
            p->max = o->value;
            p->has_max = true;
            break;
        case OVERRIDE_POLICY_COUNT_MIN:
            p->count_min = o->value;
            p->has_count_min = true;
            break;
        case OVERRIDE_POLICY_COUNT_MAX:
            p->count_max = o->value;
            p->has_count_max = true;
            break;
        }
    }
    double total = 0;
    for (size_t k = 0; k < m->n_criteria; k++)
        total += w[k];
    for (size_t k = 0; k < m->n_criteria; k++)
        w[k] = total > 0 ? w[k] / total : 0;
    return FOLIO_OK;
}

/* One scenario's model, ready to solve, and its solve's outcome. */
typedef struct scenario_job {
    model v;
    double *score;
    plan_rules rules;
    solve_result r;
    folio_error err;
} scenario_job;

typedef struct scenarios_ctx {
    scenario_job *jobs;
    size_t count;
    const solve_options *opt;
    bool show;
    arena *a; /* the results' arrays */
} scenarios_ctx;

/* Solves scenario q. With wire (in a worker) appends the outcome, and the portfolio when there is
 * one. */
static folio_error scenario_task(void *ctx, size_t q, worker_buf *wire)
{
    scenarios_ctx *x = ctx;
    scenario_job *j = &x->jobs[q];
    if (x->show && wire == NULL)
        fprintf(stderr, "\rscenarios: %zu/%zu   ", q + 1, x->count);
    j->err = solve_portfolio(&j->v, j->score, &j->rules, NULL, x->opt, x->a, &j->r);
    solve_wire msg = wire_of(j->err, &j->r, true);
    return wire == NULL || wire_put(wire, &msg, &j->r, j->v.n_projects) ? FOLIO_OK : FOLIO_ENOMEM;
}

/* Records scenario q's outcome as the worker sent it (arrays in x->a). */
static folio_error scenario_take(void *ctx, size_t q, const worker_buf *wire, size_t *at)
{
    scenarios_ctx *x = ctx;
    scenario_job *j = &x->jobs[q];
    const size_t n = j->v.n_projects;
    solve_wire msg;
    if (!worker_buf_get(wire, at, &msg, sizeof msg))
        return FOLIO_EIO;
    bool *selected = NULL;
    size_t *start = NULL;
    if (msg.plan) {
        selected = arena_alloc(x->a, (n + 1) * sizeof *selected);
        start = arena_alloc(x->a, (n + 1) * sizeof *start);
        if (selected == NULL || start == NULL)
            return FOLIO_ENOMEM;
    }
    j->err = (folio_error)msg.err;
    j->r = result_of(&msg, selected, start);
    return wire_plan(wire, at, n, &msg, selected, start) ? FOLIO_OK : FOLIO_EIO;
}

folio_error trade_scenarios(const model *m, const score_result *s, const solve_options *opt, const solve_result *base,
                            double explain_budget, const trade_options *to, arena *a, trade_scenario *out)
{
    const size_t n = m->n_projects, ns = m->rules.n_scenarios;
    bool base_has = base != NULL && has_portfolio(base->status);
    scenario_job *jobs = arena_alloc(a, (ns + 1) * sizeof *jobs);
    if (jobs == NULL)
        return FOLIO_ENOMEM;
    folio_error err = FOLIO_OK;
    for (size_t q = 0; q < ns; q++) {
        const rules_scenario *sc = &m->rules.scenarios[q];
        trade_scenario *ts = &out[q];
        scenario_job *j = &jobs[q];
        memset(ts, 0, sizeof *ts);
        memset(j, 0, sizeof *j);
        ts->rules = sc;
        ts->weights = arena_alloc(a, (m->n_criteria + 1) * sizeof *ts->weights);
        ts->limit = arena_alloc(a, (m->n_capacities + 1) * sizeof *ts->limit);
        ts->used = arena_alloc(a, (m->n_capacities + 1) * sizeof *ts->used);
        j->score = arena_alloc(a, (n + 1) * sizeof *j->score);
        if (ts->weights == NULL || ts->limit == NULL || ts->used == NULL || j->score == NULL)
            return FOLIO_ENOMEM;
        if ((err = scenario_model(m, sc, a, &j->v, ts->weights)) != FOLIO_OK)
            return err;
        if (!sens_rescore(m, s, ts->weights, j->score))
            return FOLIO_ENOMEM;
        if ((err = plan_rules_collect(&j->v, a, &j->rules)) != FOLIO_OK)
            return err;
    }
    /* The solves: in this process and a worker where that pays, each taking the next scenario not
     * yet taken. Each is the same solve wherever it runs. */
    scenarios_ctx x = {jobs, ns, opt, to->progress, a};
    bool split = base != NULL ? worth_splitting(to, base, ns) : ns >= 2;
    if ((err = worker_share(&x, ns, scenario_task, scenario_take, split)) != FOLIO_OK)
        return err;
    for (size_t q = 0; q < ns; q++) {
        trade_scenario *ts = &out[q];
        scenario_job *j = &jobs[q];
        const solve_result *r = &j->r;
        if (j->err != FOLIO_OK)
            return j->err;
        ts->status = r->status;
        ts->bound = r->bound;
        ts->gap = r->gap;
        for (size_t c = 0; c < m->n_capacities; c++)
            ts->limit[c] = trade_axis_limit(&j->v, c);
        if (has_portfolio(r->status)) {
            ts->objective = r->objective;
            ts->selected = r->selected;
            for (size_t i = 0; i < n; i++) {
                ts->n_selected += r->selected[i];
                ts->cost += r->selected[i] ? m->projects[i].cost : 0;
            }
            for (size_t c = 0; c < m->n_capacities; c++)
                ts->used[c] = plan_used_total(&j->v, solve_plan_of(r), c);
            trade_point diff = {.selected = r->selected};
            if ((err = diff_points(m, base_has ? base->selected : NULL, &diff, a)) != FOLIO_OK)
                return err;
            ts->enter = diff.enter;
            ts->n_enter = diff.n_enter;
            ts->leave = diff.leave;
            ts->n_leave = diff.n_leave;
        } else {
            ts->objective = NAN;
            if (r->status == SOLVE_INFEASIBLE &&
                (err = explain_infeasible(&j->v, &j->rules, opt, explain_budget, a, &ts->conflicts)) != FOLIO_OK)
                return err;
        }
    }
    if (to->progress && ns > 0)
        fputs("\r                                              \r", stderr);
    return FOLIO_OK;
}
