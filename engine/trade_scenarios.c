/* trade_scenarios.c - each [scenario NAME] solved exactly beside the rules as given, and explained
 * when it has no portfolio. Split off from tradeoffs.c. */
#include "trade_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sensitivity.h"

/* The scenario's model: a shallow copy of m with its own projects (for forced decisions), limits,
 * totals and policies, the scenario's changes applied; weights into w. */
static folio_error scenario_model(const model *m, const rules_scenario *sc, arena *a, model *v, double *w)
{
    *v = *m;
    memset(&v->arena, 0, sizeof v->arena); /* never allocated from or freed through the copy */
    const size_t n = m->n_projects, nl = m->n_capacities * m->n_periods;
    model_project *projects = arena_alloc_n(a, n, sizeof *projects);
    double *limits = arena_alloc_n(a, nl, sizeof *limits);
    double *totals = arena_alloc_n(a, m->n_capacities, sizeof *totals);
    rules_policy *policies = arena_alloc_n(a, m->n_policies, sizeof *policies);
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
    progress progress;
    arena *a; /* the results' arrays */
} scenarios_ctx;

/* Solves scenario q. With wire (in a worker) appends the outcome, and the portfolio when there is
 * one. */
static folio_error scenario_task(void *ctx, size_t q, worker_buf *wire)
{
    scenarios_ctx *x = ctx;
    scenario_job *j = &x->jobs[q];
    if (wire == NULL)
        progress_report(x->progress, "scenarios", q + 1, x->count);
    j->err = solve_portfolio(&j->v, j->score, &j->rules, NULL, x->opt, x->a, &j->r);
    trade_wire msg = trade_wire_of(j->err, &j->r, true);
    return wire == NULL || trade_wire_put(wire, &msg, &j->r, j->v.n_projects) ? FOLIO_OK : FOLIO_ENOMEM;
}

/* Records scenario q's outcome as the worker sent it (arrays in x->a). */
static folio_error scenario_take(void *ctx, size_t q, const worker_buf *wire, size_t *at)
{
    scenarios_ctx *x = ctx;
    scenario_job *j = &x->jobs[q];
    const size_t n = j->v.n_projects;
    trade_wire msg;
    if (!worker_buf_get(wire, at, &msg, sizeof msg))
        return FOLIO_EIO;
    bool *selected = NULL;
    size_t *start = NULL;
    if (msg.plan) {
        selected = arena_alloc_n(x->a, n, sizeof *selected);
        start = arena_alloc_n(x->a, n, sizeof *start);
        if (selected == NULL || start == NULL)
            return FOLIO_ENOMEM;
    }
    j->err = (folio_error)msg.err;
    j->r = trade_wire_result(&msg, selected, start);
    return trade_wire_plan(wire, at, n, &msg, selected, start) ? FOLIO_OK : FOLIO_EIO;
}

folio_error trade_scenarios(const model *m, const score_result *s, const solve_options *opt, const solve_result *base,
                            double explain_budget, const trade_options *to, arena *a, trade_scenario *out)
{
    const size_t n = m->n_projects, ns = m->rules.n_scenarios;
    bool base_has = base != NULL && trade_has_portfolio(base->status);
    scenario_job *jobs = arena_alloc_n(a, ns, sizeof *jobs);
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
        ts->weights = arena_alloc_n(a, m->n_criteria, sizeof *ts->weights);
        ts->limit = arena_alloc_n(a, m->n_capacities, sizeof *ts->limit);
        ts->used = arena_alloc_n(a, m->n_capacities, sizeof *ts->used);
        j->score = arena_alloc_n(a, n, sizeof *j->score);
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
    bool split = base != NULL ? trade_worth_splitting(to, base, ns) : ns >= 2;
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
        if (trade_has_portfolio(r->status)) {
            ts->objective = r->objective;
            ts->selected = r->selected;
            for (size_t i = 0; i < n; i++) {
                ts->n_selected += r->selected[i];
                ts->cost += r->selected[i] ? m->projects[i].cost : 0;
            }
            for (size_t c = 0; c < m->n_capacities; c++)
                ts->used[c] = plan_used_total(&j->v, solve_plan_of(r), c);
            trade_point diff = {.selected = r->selected};
            if ((err = trade_diff(m, base_has ? base->selected : NULL, &diff, a)) != FOLIO_OK)
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
    if (ns > 0)
        progress_report(to->progress, NULL, 0, 0);
    return FOLIO_OK;
}
