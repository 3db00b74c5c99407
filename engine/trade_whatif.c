/* trade_whatif.c - what it would take to admit the projects left out nearest the line, and a hiring
 * plan that admits them one by one: arithmetic on the current plan, no re-solves. Split off from
 * tradeoffs.c. */
#include "trade_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyed.h"

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

/* What it would take to admit the projects left out nearest the line, and a hiring plan that
 * admits them one by one. No solves: each is the current plan plus the project (and what it
 * depends on), checked against every rule. */
folio_error trade_what_would_it_take(const model *m, const double *score, const plan_rules *rules,
                                      const solve_result *base, const trade_options *to, arena *a, trade_result *out)
{
    const size_t n = m->n_projects;
    bool *sel = arena_alloc_n(a, n, sizeof *sel), *in = arena_alloc_n(a, n, sizeof *in);
    size_t *start = arena_alloc_n(a, n, sizeof *start), *list = arena_alloc_n(a, n, sizeof *list);
    trade_need *needs = arena_alloc_n(a, rules->count, sizeof *needs);
    size_t *cand = arena_alloc_n(a, n, sizeof *cand);
    out->admits = arena_alloc_n(a, to->what_if, sizeof *out->admits);
    out->plan = arena_alloc_n(a, to->what_if, sizeof *out->plan);
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
        ad->with = arena_alloc_n(a, count, sizeof *ad->with);
        if (ad->with == NULL)
            return FOLIO_ENOMEM;
        for (size_t k = 1; k < count; k++)
            ad->with[ad->n_with++] = list[k];
        start[i] = ad->start;
        for (size_t k = 0; k < count; k++)
            ad->gain += plan_value(m, score, list[k], start[list[k]]);
        if (!isfinite(best)) {
            if ((ad->blocked = explain_rule(m, blocker, a)) == NULL)
                return FOLIO_ENOMEM;
            continue;
        }
        double weight;
        plan_needs(m, rules, (plan){sel, start}, needs, &ad->n_needs, &weight);
        ad->needs = arena_alloc_n(a, ad->n_needs, sizeof *ad->needs);
        if (ad->needs == NULL)
            return FOLIO_ENOMEM;
        memcpy(ad->needs, needs, ad->n_needs * sizeof *needs);
    }
    /* The hiring plan: most gain per unit of relative extra capacity first; each step admits the
     * project (and what it depends on) on top of the previous steps, when that breaks no other rule. */
    keyed *order = arena_alloc_n(a, out->n_admits, sizeof *order); /* {efficiency, admit} */
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
        order[no++] = (keyed){ad->gain / (rel + 1e-9), q};
    }
    keyed_sort_desc(order, no);
    memcpy(sel, base->selected, n * sizeof *sel);
    memcpy(start, base->start, n * sizeof *start);
    double gain = 0;
    for (size_t k = 0; k < no; k++) {
        const trade_admit *ad = &out->admits[order[k].index];
        bool *trial = arena_alloc_n(a, n, sizeof *trial);
        size_t *trial_start = arena_alloc_n(a, n, sizeof *trial_start);
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
            add += plan_value(m, score, j, trial_start[j]);
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
        h->needs = arena_alloc_n(a, nn, sizeof *h->needs);
        if (h->needs == NULL)
            return FOLIO_ENOMEM;
        memcpy(h->needs, needs, nn * sizeof *needs);
    }
    return FOLIO_OK;
}

