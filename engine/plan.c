/* plan.c - the rules a plan must keep, and an exact check of a plan against them, written
 * independently of how the solver builds its rows. */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

folio_error plan_rules_collect(const model *m, arena *a, plan_rules *out)
{
    size_t n = 0, cap = 0;
    plan_rule *items = NULL;
#define PUSH(...)                                                                                  \
    do {                                                                                           \
        items = arena_grow(a, items, n, &cap, sizeof *items);                                      \
        if (items == NULL)                                                                         \
            return FOLIO_ENOMEM;                                                                   \
        items[n++] = (plan_rule){__VA_ARGS__};                                                    \
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
    if (m->has_baseline && isfinite(m->max_changes))
        PUSH(RULE_CHANGES, 0, 0, 0);
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        if (p->must)
            PUSH(RULE_MUST, i, 0, 0);
        if (p->exclude)
            PUSH(RULE_EXCLUDE, i, 0, 0);
        for (size_t k = 0; k < p->n_depends_on; k++)
            PUSH(RULE_DEPENDS, i, p->depends_on[k], k);
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

bool plan_is_precedence(const model *m, size_t a, size_t b)
{
    return m->n_periods > 1 && m->projects[a].timed && m->projects[b].timed;
}

long plan_link_gap(const model *m, size_t a, size_t k)
{
    const model_project *pa = &m->projects[a], *pb = &m->projects[pa->depends_on[k]];
    const model_link link = model_link_at(pa, k);
    const long da = (long)pa->duration, db = (long)pb->duration;
    switch (link.type) {
    case LINK_SS:
        return link.lag;
    case LINK_FF:
        return db - da + link.lag;
    case LINK_SF:
        return link.lag - da;
    case LINK_FS:
        break;
    }
    return db + link.lag;
}

void plan_link_words(const model *m, size_t a, size_t k, char *buf, size_t size)
{
    const model_project *pa = &m->projects[a];
    const model_link link = model_link_at(pa, k);
    const char *own = link.type == LINK_FS || link.type == LINK_SS ? "starts" : "finishes";
    const char *other = link.type == LINK_FS || link.type == LINK_FF ? "finishes" : "starts";
    const char *id = m->projects[pa->depends_on[k]].id;
    const int n = abs(link.lag);
    if (link.lag > 0)
        snprintf(buf, size, "%s at least %d period%s after %s %s", own, n, n == 1 ? "" : "s", id, other);
    else if (link.lag < 0)
        snprintf(buf, size, "%s as early as %d period%s before %s %s", own, n, n == 1 ? "" : "s", id, other);
    else
        snprintf(buf, size, "%s %s %s %s", own, link.type == LINK_FS ? "after" : "no earlier than", id, other);
}

double plan_delayed_value(const model *m, double score, size_t delay)
{
    return delay == 0 ? score : score * pow(1.0 - m->rules.delay_penalty, (double)delay);
}

double plan_value(const model *m, const double *score, size_t i, size_t s)
{
    const model_project *p = &m->projects[i];
    double v = plan_delayed_value(m, score[i], s - p->start_min) + model_stop_lost(m, score, i);
    if (m->change_penalty > 0)
        v += m->change_penalty * ((double)model_is_change(m, i, false, s) - (double)model_is_change(m, i, true, s));
    return v;
}

double plan_value_offset(const model *m, const double *score)
{
    double v = -m->change_penalty * (double)m->n_baseline;
    for (size_t i = 0; i < m->n_projects; i++)
        v -= model_stop_lost(m, score, i);
    return v;
}

double plan_objective(const model *m, const double *score, plan p)
{
    double v = plan_value_offset(m, score);
    for (size_t i = 0; i < m->n_projects; i++)
        if (p.selected[i])
            v += plan_value(m, score, i, plan_start(m, p, i));
    return v;
}

size_t plan_changes(const model *m, plan p)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_projects; i++)
        n += model_is_change(m, i, p.selected[i], plan_start(m, p, i));
    return n;
}

double plan_rule_activity(const model *m, const plan_rule *r, plan x)
{
    double s = 0;
    const size_t n = m->n_projects;
    switch (r->kind) {
    case RULE_CAPACITY: /* a stopped project's stop cost too */
        for (size_t i = 0; i < n; i++)
            s += x.selected[i] ? model_use_at(m, i, r->a, plan_start(m, x, i), r->t) : model_stop_at(m, i, r->a, r->t);
        return s;
    case RULE_CAPACITY_TOTAL:
        for (size_t i = 0; i < n; i++)
            s += x.selected[i] ? model_use_in_horizon(m, i, r->a, plan_start(m, x, i)) : model_stop_at(m, i, r->a, 0);
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
    case RULE_CHANGES:
        return (double)plan_changes(m, x);
    default:
        return 0;
    }
}

double plan_used(const model *m, plan p, size_t c, size_t t)
{
    plan_rule r = {RULE_CAPACITY, c, 0, t};
    return plan_rule_activity(m, &r, p);
}

double plan_used_total(const model *m, plan p, size_t c)
{
    plan_rule r = {RULE_CAPACITY_TOTAL, c, 0, 0};
    return plan_rule_activity(m, &r, p);
}

double plan_rule_limit(const model *m, const plan_rule *r)
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
    case RULE_CHANGES:
        return m->max_changes;
    default:
        return 0;
    }
}

bool plan_within(double lhs, double limit, bool upper)
{
    double tol = 1e-9 * fmax(1.0, fabs(limit));
    return upper ? lhs <= limit + tol : lhs >= limit - tol;
}

bool plan_rule_holds(const model *m, const plan_rule *r, plan x)
{
    switch (r->kind) {
    case RULE_CAPACITY:
    case RULE_CAPACITY_TOTAL:
    case RULE_POLICY_MAX:
    case RULE_POLICY_COUNT_MAX:
    case RULE_CHANGES:
        return plan_within(plan_rule_activity(m, r, x), plan_rule_limit(m, r), true);
    case RULE_POLICY_MIN:
    case RULE_POLICY_COUNT_MIN:
        return plan_within(plan_rule_activity(m, r, x), plan_rule_limit(m, r), false);
    case RULE_MUST:
        return x.selected[r->a];
    case RULE_EXCLUDE:
        return !x.selected[r->a];
    case RULE_DEPENDS:
        if (!x.selected[r->a])
            return true;
        if (!x.selected[r->b])
            return false;
        return !plan_is_precedence(m, r->a, r->b) ||
               plan_link_holds(m, r->a, r->t, plan_start(m, x, r->a), plan_start(m, x, r->b));
    case RULE_EXCLUDES:
        return !(x.selected[r->a] && x.selected[r->b]);
    }
    return false;
}

size_t plan_check(const model *m, const plan_rules *rules, plan p, plan_rule *out, size_t max)
{
    size_t bad = 0;
    for (size_t k = 0; k < rules->count; k++) {
        if (plan_rule_holds(m, &rules->items[k], p))
            continue;
        if (bad < max)
            out[bad] = rules->items[k];
        bad++;
    }
    return bad;
}


bool plan_holds_all(const model *m, const plan_rules *rules, const bool *enabled, plan p)
{
    for (size_t k = 0; k < rules->count; k++)
        if ((enabled == NULL || enabled[k]) && !plan_rule_holds(m, &rules->items[k], p))
            return false;
    return true;
}
