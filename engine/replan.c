/* replan.c - the chosen portfolio against the baseline: counts, the committed budget, and the price
 * of stability by exact re-solves. */
#include "replan.h"

#include <math.h>
#include <string.h>

#include "wallclock.h"


static const char *const change_names[] = {"kept_out", "continued", "moved", "started", "stopped"};

const char *replan_change_name(replan_change c)
{
    return (unsigned)c < sizeof change_names / sizeof *change_names ? change_names[c] : "?";
}

replan_change replan_change_of(const model *m, size_t i, bool selected, size_t s)
{
    const model_project *p = &m->projects[i];
    if (!p->in_baseline)
        return selected ? REPLAN_STARTED : REPLAN_KEPT_OUT;
    if (!selected)
        return REPLAN_STOPPED;
    return m->n_periods > 1 && p->baseline_start != SIZE_MAX && s != p->baseline_start ? REPLAN_MOVED
                                                                                      : REPLAN_CONTINUED;
}

/* The capacity whose column is the cost: the one money is committed in. */
static size_t cost_capacity(const model *m)
{
    for (size_t c = 0; m->on_cost != NULL && c < m->n_capacities; c++)
        if (m->on_cost[c])
            return c;
    return SIZE_MAX;
}

/* The optimum with max_changes = k (a shallow copy of the model: the rule reads its limit there). */
static folio_error solve_at(const model *m, double k, const double *score, const plan_rules *rules,
                            const bool *enabled, const solve_options *opt, arena *a, solve_result *out)
{
    model limited = *m;
    limited.max_changes = k;
    return solve_portfolio(&limited, score, rules, enabled, opt, a, out);
}

folio_error replan_analyse(const model *m, const double *score, const plan_rules *rules, const solve_options *opt,
                           const solve_result *r, arena *a, replan_result *out)
{
    memset(out, 0, sizeof *out);
    out->cost_capacity = cost_capacity(m);
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        bool sel = have && r->selected[i];
        size_t s = sel ? r->start[i] : p->start_min;
        switch (replan_change_of(m, i, sel, s)) {
        case REPLAN_CONTINUED:
            out->continued++;
            break;
        case REPLAN_MOVED:
            out->moved++;
            break;
        case REPLAN_STARTED:
            out->started++;
            break;
        case REPLAN_STOPPED:
            out->stopped++;
            break;
        case REPLAN_KEPT_OUT:
            break;
        }
        out->changes += model_is_change(m, i, sel, s);
        if (sel && model_status_in_flight(p->status) && out->cost_capacity != SIZE_MAX)
            out->committed += model_use_in_horizon(m, i, out->cost_capacity, s);
    }
    size_t limit_rule = SIZE_MAX;
    for (size_t k = 0; k < rules->count; k++)
        if (rules->items[k].kind == RULE_CHANGES)
            limit_rule = k;
    const double budget = m->rules.stability_budget, t0 = wallclock_now();
    if (r->status != SOLVE_OPTIMAL || limit_rule == SIZE_MAX || !(budget > 0))
        return FOLIO_OK;

    /* Without the limit: the same rules but that one. */
    bool *enabled = arena_alloc_n(a, rules->count, sizeof *enabled);
    if (enabled == NULL)
        return FOLIO_ENOMEM;
    for (size_t k = 0; k < rules->count; k++)
        enabled[k] = k != limit_rule;
    solve_options o = *opt;
    o.hint = r->selected;
    o.hint_start = r->start;
    solve_result free_r;
    folio_error err = solve_portfolio(m, score, rules, enabled, &o, a, &free_r);
    out->solves++;
    if (err != FOLIO_OK)
        return err;
    if (free_r.status != SOLVE_OPTIMAL && free_r.status != SOLVE_FEASIBLE)
        return FOLIO_OK; /* cannot happen: the chosen plan keeps every other rule */
    out->has_price = true;
    out->price_exact = free_r.status == SOLVE_OPTIMAL;
    out->unlimited_objective = fmax(free_r.objective, r->objective);
    out->price = out->unlimited_objective - r->objective;
    out->price_relative = out->price / fmax(fabs(out->unlimited_objective), 1e-9);
    double tol = 1e-9 * fmax(1.0, fabs(out->unlimited_objective));
    /* The fewest changes that reach it: the optimum never falls as the limit rises, so the
     * smallest limit whose optimum reaches the unlimited one is found by bisection between 0 and
     * the unlimited plan's own changes. */
    size_t hi = plan_changes(m, solve_plan_of(&free_r)), lo = 0;
    if (out->price <= tol && (double)hi > m->max_changes)
        hi = (size_t)m->max_changes; /* the limit itself reaches it */
    out->min_changes_exact = out->price_exact;
    o.hint = free_r.selected;
    o.hint_start = free_r.start;
    while (lo < hi) {
        /* Out of time: hi is the smallest limit known to reach it, an upper bound. The budget is
         * checked between solves, each keeping the run's own limit: a limit cut short can run out
         * while CBC 2.10 preprocesses, where it can crash (coin-or/Cbc issue 353). */
        if (wallclock_now() - t0 >= budget) {
            out->min_changes_exact = false;
            break;
        }
        size_t mid = lo + (hi - lo) / 2;
        solve_result t;
        if ((err = solve_at(m, (double)mid, score, rules, NULL, &o, a, &t)) != FOLIO_OK)
            return err;
        out->solves++;
        if (t.status != SOLVE_OPTIMAL && t.status != SOLVE_INFEASIBLE)
            out->min_changes_exact = false;
        bool reaches = (t.status == SOLVE_OPTIMAL || t.status == SOLVE_FEASIBLE) &&
                       t.objective >= out->unlimited_objective - tol;
        if (reaches)
            hi = mid;
        else
            lo = mid + 1;
    }
    out->min_changes = hi;
    return FOLIO_OK;
}
