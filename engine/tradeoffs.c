/* tradeoffs.c - what choosing differently costs. Frontier, force deltas, capacity values and
 * scenarios are exact re-solves of a variant of the model (its limits scaled, one decision forced,
 * a must-do rule lifted, or a scenario's changes); the force deltas not re-solved lie between a plan
 * the heuristic finds with the decision forced and the LP relaxation's bound; "what would it take"
 * is arithmetic on the current plan. This file holds the variant, the shared re-solves, the force
 * deltas, the capacity values and trade_analyse(); trade_frontier.c, trade_whatif.c and
 * trade_scenarios.c the rest. */
#include "trade_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "heuristic.h"
#include "keyed.h"
#include "wallclock.h"

void trade_options_init(trade_options *o)
{
    memset(o, 0, sizeof *o);
    o->capacity = SIZE_MAX;
    o->points = RULES_DEFAULT_FRONTIER_POINTS;
    o->surface = SIZE_MAX;
    o->surface_points = RULES_DEFAULT_SURFACE_POINTS;
    o->max_force = RULES_DEFAULT_MAX_FORCE_SOLVES;
    o->time_budget = RULES_DEFAULT_TRADEOFFS_BUDGET;
    o->what_if = 10;
    o->split_seconds = 0.1;
}

size_t trade_default_capacity(const model *m)
{
    rules r = m->rules;
    r.frontier_capacity = SIZE_MAX;
    return rules_frontier_capacity(&r);
}

folio_error trade_variant_init(trade_variant *w, const model *m, const double *score, const plan_rules *rules,
                                const solve_options *opt, arena *a)
{
    memset(w, 0, sizeof *w);
    w->m = m;
    w->score = score;
    w->opt = opt;
    w->deadline = INFINITY;
    w->v = *m;
    size_t nl = m->n_capacities * m->n_periods;
    w->limits = arena_alloc_n(a, nl, sizeof *w->limits);
    w->totals = arena_alloc_n(a, m->n_capacities, sizeof *w->totals);
    /* One slot more than the model has: a forced decision's rule, enabled like the others. */
    w->rules.items = arena_alloc_n(a, rules->count + 1, sizeof *w->rules.items);
    w->enabled = arena_alloc_n(a, rules->count + 1, sizeof *w->enabled);
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
void trade_variant_scale_more(trade_variant *w, size_t c, double factor)
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
void trade_variant_scale(trade_variant *w, size_t c, double factor)
{
    const model *m = w->m;
    memcpy(w->limits, m->limits, m->n_capacities * m->n_periods * sizeof *w->limits);
    memcpy(w->totals, m->totals, m->n_capacities * sizeof *w->totals);
    if (c != SIZE_MAX)
        trade_variant_scale_more(w, c, factor);
}

/* Solves the variant (starting from hint, its projects at start, when it satisfies every rule); the
 * result lives in a. */
folio_error trade_variant_solve(trade_variant *w, const bool *hint, const size_t *start, arena *a, solve_result *r)
{
    solve_options o = *w->opt;
    o.hint = hint;
    o.hint_start = start;
    o.no_cuts = true;
    o.any_starts = true;
    o.plan_first = true;
    /* A re-solve still running when the time budget ends stops there (as an interval), so that the
     * budget bounds the analysis rather than when its last re-solve may start. */
    double left = w->deadline - wallclock_now();
    if (left < o.time_limit)
        o.time_limit = fmax(left, 0.01);
    w->solves++;
    return solve_portfolio(&w->v, w->score, &w->rules, w->enabled, &o, a, r);
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

folio_error trade_diff(const model *m, const bool *prev, trade_point *p, arena *a)
{
    const size_t n = m->n_projects;
    p->enter = arena_alloc_n(a, n, sizeof *p->enter);
    p->leave = arena_alloc_n(a, n, sizeof *p->leave);
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

/* The outcome of a solve that returned err into r; plan when with_plan and there is a portfolio. */
trade_wire trade_wire_of(folio_error err, const solve_result *r, bool with_plan)
{
    trade_wire msg;
    memset(&msg, 0, sizeof msg); /* padding too: the bytes go down a pipe */
    msg.err = err;
    if (err == FOLIO_OK) {
        msg.status = r->status;
        msg.objective = r->objective;
        msg.bound = r->bound;
        msg.gap = r->gap;
        msg.plan = with_plan && trade_has_portfolio(r->status);
    }
    return msg;
}

/* The solve result that msg describes, its portfolio in selected and start when msg->plan. */
solve_result trade_wire_result(const trade_wire *msg, bool *selected, size_t *start)
{
    return (solve_result){.status = (solve_status)msg->status,
                          .objective = msg->objective,
                          .bound = msg->bound,
                          .gap = msg->gap,
                          .selected = msg->plan ? selected : NULL,
                          .start = msg->plan ? start : NULL};
}

/* Appends msg and, when msg->plan, r's portfolio (n projects); false when out of memory. */
bool trade_wire_put(worker_buf *wire, const trade_wire *msg, const solve_result *r, size_t n)
{
    return worker_buf_put(wire, msg, sizeof *msg) &&
           (!msg->plan || (worker_buf_put(wire, r->selected, n * sizeof *r->selected) &&
                           worker_buf_put(wire, r->start, n * sizeof *r->start)));
}

/* Reads the portfolio that follows msg at *at (when msg->plan) into selected and start (n each), or
 * past it when they are NULL; false when the message is short. */
bool trade_wire_plan(const worker_buf *wire, size_t *at, size_t n, const trade_wire *msg, bool *selected,
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
bool trade_worth_splitting(const trade_options *to, const solve_result *base, size_t count)
{
    return worker_pays(base->seconds, count, to->split_seconds);
}

/* Solves the job's variant: for a project, its decision forced the other way (in for a project left
 * out, out for a selected one, the must-do rule lifted for a must-do one); for a capacity, its
 * limits scaled. hint[n] is scratch. Leaves the variant as it found it. */
static folio_error job_solve(trade_variant *w, const solve_result *base, trade_job *j, bool *hint, size_t *start)
{
    const model *m = w->m;
    size_t must_rule = SIZE_MAX;
    const bool *h = NULL;
    const size_t *h_start = base->start;
    w->rules.count = w->base_count;
    if (j->project == SIZE_MAX) {
        trade_variant_scale(w, j->capacity, j->factor);
        bool two = j->capacity2 != SIZE_MAX;
        if (two)
            trade_variant_scale_more(w, j->capacity2, j->factor2);
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
    folio_error err = trade_variant_solve(w, h, h_start, &scratch, &r);
    j->res = trade_wire_of(err, &r, j->selected != NULL);
    if (j->res.plan) {
        memcpy(j->selected, r.selected, m->n_projects * sizeof *j->selected);
        memcpy(j->start, r.start, m->n_projects * sizeof *j->start);
    }
    arena_clear(&scratch);
    if (must_rule != SIZE_MAX)
        w->enabled[must_rule] = true;
    w->rules.count = w->base_count;
    trade_variant_scale(w, SIZE_MAX, 1);
    return err;
}

typedef struct jobs_ctx {
    trade_variant *w;
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
            progress_report(x->to->progress, x->what, k + 1, x->count);
        err = job_solve(x->w, x->base, j, x->hint, x->start);
    }
    if (err == FOLIO_OK && wire != NULL) {
        solve_result plan = {.selected = j->selected, .start = j->start};
        if (!trade_wire_put(wire, &j->res, &plan, x->w->m->n_projects))
            err = FOLIO_ENOMEM;
    }
    return err;
}

/* Records job k's outcome as the worker sent it. */
static folio_error job_take(void *ctx, size_t k, const worker_buf *wire, size_t *at)
{
    jobs_ctx *x = ctx;
    trade_job *j = &x->jobs[k];
    if (!worker_buf_get(wire, at, &j->res, sizeof j->res) ||
        (j->res.plan && j->selected == NULL) || /* a plan that was not asked for */
        !trade_wire_plan(wire, at, x->w->m->n_projects, &j->res, j->selected, j->start))
        return FOLIO_EIO;
    x->w->solves += !j->res.skipped; /* one solve, made there */
    return FOLIO_OK;
}

/* Solves every job, in order, in this process and a worker where that pays, each taking the next
 * job not yet taken. The outcomes do not depend on which process solved what (each job is solved
 * from the same model and hint); only where the time budget cuts them off does, and then the jobs
 * solved are the first ones either way. */
folio_error trade_jobs_run(trade_variant *w, const solve_result *base, trade_job *jobs, size_t count,
                           const trade_options *to, double t0, const char *what)
{
    jobs_ctx x = {w, base, jobs, count, to, t0, what, NULL, NULL};
    x.hint = alloc_n(w->m->n_projects, sizeof *x.hint);
    x.start = alloc_n(w->m->n_projects, sizeof *x.start);
    folio_error err = FOLIO_ENOMEM;
    if (x.hint != NULL && x.start != NULL)
        err = worker_share(&x, count, job_task, job_take, trade_worth_splitting(to, base, count));
    free(x.hint), free(x.start);
    return err;
}

/* The feasible side of a force delta: the value of heur_force's plan, checked against every rule
 * and the forced decision, minus the objective now; NaN when there is no such plan. The plan is left
 * in sel[n] and start[n]. */
static double force_feasible(const trade_variant *w, const solve_result *base, size_t i, bool in, bool *sel,
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

/* Raises the feasible side of decision f to delta, the objective change of a plan that has it the
 * other way and keeps every rule of the model (a plan with that decision forced, so forcing it costs
 * at most that much). */
static void raise_feasible(trade_force *f, double delta)
{
    if ((f->kind == FORCE_IN || f->kind == FORCE_OUT) && !(f->feasible >= delta))
        f->feasible = delta; /* NaN (no plan yet) included */
}

/* Raises the feasible side of every decision where the plan sel[n], worth value, differs from the
 * current portfolio. */
static void tighten_with(const model *m, const solve_result *base, const bool *sel, double value, trade_force *force)
{
    double delta = value - base->objective;
    for (size_t k = 0; k < m->n_projects; k++)
        if (sel[k] != base->selected[k])
            raise_feasible(&force[k], delta);
}

/* The decisions in the order they are bounded and re-solved: order[count], nearest the line first. */
typedef struct force_order {
    keyed *order;
    size_t count;
} force_order;

/* The forced plans as tasks shared between processes: task q forces decision order[first + q]
 * (while until has not passed) and raises the feasible side of every decision its plan changes. */
typedef struct forced_ctx {
    const trade_variant *w;
    const solve_result *base;
    const keyed *order;
    size_t first;
    trade_force *force;
    double until;
    bool *sel;     /* scratch [n_projects] */
    size_t *start; /* scratch [n_projects] */
    size_t *diff;  /* scratch [n_projects]: the projects the plan has the other way */
} forced_ctx;

/* Raises the feasible sides a forced plan bounds: its objective change d (NaN: no plan), the
 * projects diff[count] it changes. */
static void forced_apply(forced_ctx *x, double d, size_t count)
{
    if (isnan(d))
        return;
    double delta = (x->base->objective + d) - x->base->objective; /* as tighten_with() takes it */
    for (size_t k = 0; k < count; k++)
        raise_feasible(&x->force[x->diff[k]], delta);
}

static folio_error forced_task(void *ctx, size_t q, worker_buf *wire)
{
    forced_ctx *x = ctx;
    const size_t n = x->w->m->n_projects, i = x->order[x->first + q].index;
    const trade_force *f = &x->force[i];
    double d = NAN;
    size_t count = 0;
    if (f->kind != FORCE_MUST_OFF && wallclock_now() <= x->until) {
        d = force_feasible(x->w, x->base, i, f->kind == FORCE_IN, x->sel, x->start);
        for (size_t k = 0; !isnan(d) && k < n; k++)
            if (x->sel[k] != x->base->selected[k])
                x->diff[count++] = k;
    }
    if (wire == NULL) {
        forced_apply(x, d, count);
        return FOLIO_OK;
    }
    bool ok = worker_buf_put(wire, &d, sizeof d) && worker_buf_put(wire, &count, sizeof count) &&
              worker_buf_put(wire, x->diff, count * sizeof *x->diff);
    return ok ? FOLIO_OK : FOLIO_ENOMEM;
}

static folio_error forced_take(void *ctx, size_t q, const worker_buf *wire, size_t *at)
{
    (void)q;
    forced_ctx *x = ctx;
    const size_t n = x->w->m->n_projects;
    double d;
    size_t count;
    if (!worker_buf_get(wire, at, &d, sizeof d) || !worker_buf_get(wire, at, &count, sizeof count) || count > n ||
        !worker_buf_get(wire, at, x->diff, count * sizeof *x->diff))
        return FOLIO_EIO;
    for (size_t k = 0; k < count; k++)
        if (x->diff[k] >= n)
            return FOLIO_EIO;
    forced_apply(x, d, count);
    return FOLIO_OK;
}

/* The force deltas' bounds: every decision forced the other way, bounded from both sides (the LP's
 * bound; the best plan found with it forced: heur_force's for it or for another decision), in the
 * order they are then re-solved (force_resolve): the decisions whose change the LP bounds nearest 0
 * (or, without an LP, those whose score lies nearest the line between the weakest selected and the
 * strongest not selected), must-do projects first. The forced plans, nearest the line first, get a
 * quarter of the time budget and every process; those reached by no plan keep NaN as their
 * feasible side. */
static folio_error force_bounds(trade_variant *w, const solve_result *base, const solve_lp *lp,
                                const trade_options *to, double t0, arena *a, trade_result *out, force_order *fo)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    out->force = arena_alloc_n(a, n, sizeof *out->force);
    fo->order = alloc_n(n, sizeof *fo->order);
    fo->count = 0;
    if (out->force == NULL || fo->order == NULL)
        return FOLIO_ENOMEM;
    double lo_in = INFINITY, hi_out = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        trade_force *f = &out->force[i];
        *f = (trade_force){FORCE_NONE, false, false, SOLVE_NO_SOLUTION, NAN, NAN, NAN};
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
    for (size_t i = 0; i < n; i++) {
        const trade_force *f = &out->force[i];
        if (f->kind == FORCE_NONE)
            continue;
        double key = f->kind == FORCE_MUST_OFF ? -INFINITY : lp->ok ? -f->lp_bound : fabs(w->score[i] - line);
        fo->order[fo->count++] = (keyed){key, i};
    }
    keyed_sort_asc(fo->order, fo->count);
    double now = wallclock_now();
    forced_ctx x = {w, base, fo->order, 0, out->force, now + (to->time_budget - (now - t0)) / 4,
                    alloc_n(n, sizeof(bool)), alloc_n(n, sizeof(size_t)), alloc_n(n, sizeof(size_t))};
    folio_error err = x.sel == NULL || x.start == NULL || x.diff == NULL ? FOLIO_ENOMEM : FOLIO_OK;
    /* The first plans here, up to the first one made (must-do projects, first in the order, need
     * none), timed: a second process pays when the rest outlast its start. */
    double seconds = 0;
    size_t first = 0;
    while (err == FOLIO_OK && first < fo->count) {
        bool made = out->force[fo->order[first].index].kind != FORCE_MUST_OFF;
        double t = wallclock_now();
        err = forced_task(&x, first++, NULL);
        if (made) {
            seconds = wallclock_now() - t;
            break;
        }
    }
    x.first = first;
    if (err == FOLIO_OK && first < fo->count)
        err = worker_share(&x, fo->count - first, forced_task, forced_take,
                           worker_pays(seconds, fo->count - first, to->split_seconds));
    free(x.sel), free(x.start), free(x.diff);
    return err;
}

/* The force deltas re-solved exactly, in fo's order, at most to->max_force of them, each bringing
 * back its portfolio; the others keep their bounds. */
static folio_error force_resolve(trade_variant *w, const solve_result *base, const trade_options *to, double t0,
                                 const force_order *fo, trade_result *out)
{
    const model *m = w->m;
    const size_t n = m->n_projects, count = fo->count;
    const keyed *order = fo->order;
    size_t n_jobs = count < to->max_force ? count : to->max_force;
    trade_job *jobs = alloc_zeroed_n(n_jobs, sizeof *jobs);
    bool *plan_sel = alloc_n(n_jobs * n, sizeof *plan_sel);
    size_t *plan_start = alloc_n(n_jobs * n, sizeof *plan_start);
    folio_error err = jobs == NULL || (n_jobs > 0 && (plan_sel == NULL || plan_start == NULL)) ? FOLIO_ENOMEM : FOLIO_OK;
    for (size_t q = 0; q < n_jobs && err == FOLIO_OK; q++)
        jobs[q] = (trade_job){.project = order[q].index, .selected = plan_sel + q * n, .start = plan_start + q * n};
    if (err == FOLIO_OK)
        err = trade_jobs_run(w, base, jobs, n_jobs, to, t0, "forcing decisions");
    /* Each portfolio that keeps every rule of the model (not one with a must-do rule lifted that
     * drops the project) bounds the other decisions it changes, as a forced plan does. */
    plan_rules base_rules = {w->rules.items, w->base_count};
    for (size_t q = 0; q < n_jobs && err == FOLIO_OK; q++)
        if (!jobs[q].res.skipped && jobs[q].res.plan &&
            plan_check(m, &base_rules, (plan){jobs[q].selected, jobs[q].start}, NULL, 0) == 0)
            tighten_with(m, base, jobs[q].selected, jobs[q].res.objective, out->force);
    for (size_t q = 0; q < count && err == FOLIO_OK; q++) {
        trade_force *f = &out->force[order[q].index];
        if (q >= n_jobs || jobs[q].res.skipped) {
            out->n_bounded++; /* keeps its bounds */
            continue;
        }
        f->status = (solve_status)jobs[q].res.status;
        if (f->status != SOLVE_OPTIMAL && f->status != SOLVE_INFEASIBLE) {
            /* Stopped by its time limit: no proof, so an interval still. Its bound can lower the
             * upper side and its plan (the decision forced) raise the other. */
            f->stopped = true;
            double up = trade_stopped_bound(f->status, jobs[q].res.bound) - base->objective;
            if (isfinite(up) && !(f->lp_bound <= up))
                f->lp_bound = up;
            double got = jobs[q].res.objective - base->objective;
            if (trade_has_portfolio(f->status) && !(f->feasible >= got))
                f->feasible = got;
            out->n_bounded++;
            continue;
        }
        f->exact = true;
        f->delta = trade_has_portfolio(f->status) ? jobs[q].res.objective - base->objective : NAN;
        out->n_forced++;
    }
    free(jobs), free(plan_sel), free(plan_start);
    return err;
}

static folio_error capacity_values(trade_variant *w, const solve_result *base, const solve_lp *lp,
                                   const plan_rules *rules, const trade_options *to, double t0, arena *a,
                                   trade_result *out)
{
    const model *m = w->m;
    out->caps = arena_alloc_n(a, m->n_capacities, sizeof *out->caps);
    if (out->caps == NULL)
        return FOLIO_ENOMEM;
    for (size_t c = 0; c < m->n_capacities; c++) {
        trade_capacity *tc = &out->caps[c];
        tc->shadow = NAN;
        tc->shadow_period = arena_alloc_n(a, m->n_periods, sizeof *tc->shadow_period);
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
        tc->plus = tc->minus = tc->plus_bound = tc->minus_bound = NAN;
        tc->plus_status = tc->minus_status = SOLVE_NO_SOLUTION;
    }
    /* Each capacity's limits 10% higher, then 10% lower. */
    size_t n_jobs = 2 * m->n_capacities;
    trade_job *jobs = alloc_zeroed_n(n_jobs, sizeof *jobs);
    if (jobs == NULL)
        return FOLIO_ENOMEM;
    for (size_t k = 0; k < n_jobs; k++)
        jobs[k] = (trade_job){.project = SIZE_MAX,
                              .capacity = k / 2,
                              .factor = k % 2 == 0 ? 1.1 : 0.9,
                              .capacity2 = SIZE_MAX};
    folio_error err = trade_jobs_run(w, base, jobs, n_jobs, to, t0, "capacity values");
    for (size_t k = 0; k < n_jobs && err == FOLIO_OK; k++) {
        trade_capacity *tc = &out->caps[k / 2];
        if (jobs[k].res.skipped) {
            out->n_skipped++; /* not analysed: the time budget ran out */
            continue;
        }
        solve_status st = (solve_status)jobs[k].res.status;
        double d = trade_has_portfolio(st) ? jobs[k].res.objective - base->objective : NAN;
        double up = trade_stopped_bound(st, jobs[k].res.bound) - base->objective;
        if (k % 2 == 0) {
            tc->plus_status = st;
            tc->plus = d;
            tc->plus_bound = up;
        } else {
            tc->minus_status = st;
            tc->minus = d;
            tc->minus_bound = up;
        }
    }
    free(jobs);
    return err;
}

folio_error trade_analyse(const model *m, const double *score, const plan_rules *rules, const solve_options *opt,
                          const solve_result *base, const trade_options *to, arena *a, trade_result *out)
{
    memset(out, 0, sizeof *out);
    double t0 = wallclock_now();
    trade_variant w;
    folio_error err = trade_variant_init(&w, m, score, rules, opt, a);
    if (err != FOLIO_OK)
        return err;
    w.deadline = t0 + to->time_budget;
    solve_lp lp;
    if ((err = solve_lp_relaxation(m, score, rules, a, &lp)) != FOLIO_OK)
        return err;
    out->has_lp = lp.ok;
    out->lp_objective = lp.objective;
    /* Both bounds of every force delta first: no re-solve, so every decision gets them whatever
     * the re-solves leave of the budget (at 3,000 projects the frontier took all of it). */
    force_order fo = {NULL, 0};
    if ((err = force_bounds(&w, base, &lp, to, t0, a, out, &fo)) != FOLIO_OK) {
        free(fo.order);
        return err;
    }
    out->capacity = to->capacity != SIZE_MAX ? to->capacity : trade_default_capacity(m);
    if (out->capacity != SIZE_MAX)
        err = trade_frontier(&w, base, to, out->capacity, t0, a, out);
    /* The capacity values before the force deltas' re-solves: a handful of re-solves, where the
     * force deltas take whatever budget is left (at 1,000 projects all of it, so that the capacity
     * values came too late to be analysed when they came after). */
    if (err == FOLIO_OK)
        err = capacity_values(&w, base, &lp, rules, to, t0, a, out);
    if (err == FOLIO_OK)
        err = force_resolve(&w, base, to, t0, &fo, out);
    free(fo.order);
    if (err != FOLIO_OK)
        return err;
    if ((err = trade_what_would_it_take(m, score, rules, base, to, a, out)) != FOLIO_OK)
        return err;
    if ((err = trade_frontier_surface(&w, base, to, t0, a, out)) != FOLIO_OK)
        return err;
    progress_report(to->progress, NULL, 0, 0);
    out->solves = w.solves;
    out->seconds = wallclock_now() - t0;
    return FOLIO_OK;
}

