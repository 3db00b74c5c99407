/* summary.c - a JSON writer for the run summary: escaped strings, round-trippable numbers. */
#include "summary.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "version.h"

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* Shortest of %.15g / %.17g that reads back as the same double; JSON has no NaN, so null. */
static void json_number(FILE *f, double v)
{
    if (!isfinite(v)) {
        fputs("null", f);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, f);
}

static void json_key(FILE *f, int indent, const char *key)
{
    fprintf(f, "%*s", indent, "");
    json_string(f, key);
    fputs(": ", f);
}

/* One level of the AHP hierarchy: its elements, lambda_max, CI, RI, CR, how missing judgments were
 * filled, the judgments to revisit and the (completed) matrix; no trailing comma or newline. */
static void write_ahp_level(FILE *f, const model *m, const model_ahp_level *lv, int indent)
{
    const ahp_result *h = &lv->ahp;
    const rules *r = &m->rules;
    json_key(f, indent, "elements");
    fputs("[", f);
    for (size_t k = 0; k < h->n; k++) {
        fputs(k ? ", " : "", f);
        json_string(f, rules_node_name(r, lv->nodes[k]));
    }
    fputs("],\n", f);
    json_key(f, indent, "local_weights");
    fputs("[", f);
    for (size_t k = 0; k < h->n; k++) {
        fputs(k ? ", " : "", f);
        json_number(f, h->weights[k]);
    }
    fputs("],\n", f);
    const char *names[] = {"lambda_max", "ci", "ri", "cr"};
    const double values[] = {h->lambda_max, h->ci, h->ri, h->cr};
    for (int k = 0; k < 4; k++) {
        json_key(f, indent, names[k]);
        json_number(f, values[k]);
        fputs(",\n", f);
    }
    json_key(f, indent, "filled");
    fprintf(f, "%zu,\n", h->n_missing);
    json_key(f, indent, "fill_method");
    json_string(f, h->n_missing ? "lambda_max-minimising completion (Bozoki, Fulop and Ronyai 2010)" : "none");
    fputs(",\n", f);
    json_key(f, indent, "inconsistent");
    fputs("[", f);
    for (size_t k = 0; k < h->n_worst && h->cr > 0.10; k++) {
        fputs(k ? ", {\"a\": " : "{\"a\": ", f);
        json_string(f, rules_node_name(r, lv->nodes[h->worst[k].i]));
        fputs(", \"b\": ", f);
        json_string(f, rules_node_name(r, lv->nodes[h->worst[k].j]));
        fputs(", \"given\": ", f);
        json_number(f, h->worst[k].given);
        fputs(", \"consistent\": ", f);
        json_number(f, h->worst[k].consistent);
        fputs("}", f);
    }
    fputs("],\n", f);
    json_key(f, indent, "matrix");
    fputs("[", f);
    for (size_t i = 0; i < h->n; i++) {
        fputs(i ? ", [" : "[", f);
        for (size_t j = 0; j < h->n; j++) {
            fputs(j ? ", " : "", f);
            json_number(f, h->matrix[i * h->n + j]);
        }
        fputs("]", f);
    }
    fputs("]", f);
}

static void json_ids(FILE *f, const model *m, const size_t *list, size_t count)
{
    fputs("[", f);
    for (size_t k = 0; k < count; k++) {
        fputs(k ? ", " : "", f);
        json_string(f, m->projects[list[k]].id);
    }
    fputs("]", f);
}

/* Extra capacity: [{capacity, period, extra}], period "all" without a horizon, "whole horizon" for
 * a whole-horizon limit. */
static void json_needs(FILE *f, const folio_run *run, const trade_need *needs, size_t count)
{
    const model *m = run->m;
    fputs("[", f);
    for (size_t k = 0; k < count; k++) {
        const plan_rule *r = &run->rules.items[needs[k].rule];
        char label[32];
        if (r->kind == RULE_CAPACITY_TOTAL)
            snprintf(label, sizeof label, "whole horizon");
        else
            snprintf(label, sizeof label, "%s", m->period_labels[r->t]);
        fputs(k ? ", {\"capacity\": " : "{\"capacity\": ", f);
        json_string(f, m->rules.capacities[r->a].name);
        fputs(", \"period\": ", f);
        json_string(f, label);
        fputs(", \"extra\": ", f);
        json_number(f, needs[k].extra);
        fputs("}", f);
    }
    fputs("]", f);
}

/* "frontier_surface": the optimum over the frontier's limits (columns) and a second capacity's
 * (rows); null without one. */
static void write_surface(FILE *f, const folio_run *run)
{
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    const trade_surface *s = &t->surface;
    json_key(f, 2, "frontier_surface");
    if (!run->has_tradeoffs || s->capacity == SIZE_MAX) {
        fputs("null,\n", f);
        return;
    }
    fputs("{\n", f);
    json_key(f, 4, "capacity");
    json_string(f, m->rules.capacities[t->capacity].name);
    fputs(",\n", f);
    json_key(f, 4, "second");
    json_string(f, m->rules.capacities[s->capacity].name);
    fputs(",\n", f);
    json_key(f, 4, "limits");
    fputs("[", f);
    for (size_t k = 0; k < t->n_points; k++) {
        fputs(k ? ", " : "", f);
        json_number(f, t->points[k].limit);
    }
    fputs("],\n", f);
    json_key(f, 4, "rows");
    fputs("[", f);
    for (size_t r = 0; r < s->n_rows; r++) {
        fputs(r ? ",\n      {\"limit\": " : "\n      {\"limit\": ", f);
        json_number(f, s->limit[r]);
        fputs(", \"factor\": ", f);
        json_number(f, s->factor[r]);
        fprintf(f, ", \"current\": %s, \"objective\": [", r == s->current ? "true" : "false");
        for (size_t k = 0; k < t->n_points; k++) {
            fputs(k ? ", " : "", f);
            json_number(f, s->objective[r * t->n_points + k]);
        }
        fputs("], \"status\": [", f);
        for (size_t k = 0; k < t->n_points; k++)
            fprintf(f, "%s\"%s\"", k ? ", " : "", solve_status_name(s->status[r * t->n_points + k]));
        fputs("]}", f);
    }
    fputs(s->n_rows ? "\n    ]\n  },\n" : "]\n  },\n", f);
}

/* "frontier" (the optimum at each limit of one capacity) and "capacity_values" (+-10%). */
static void write_tradeoffs(FILE *f, const folio_run *run)
{
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    json_key(f, 2, "frontier");
    if (!run->has_tradeoffs || t->capacity == SIZE_MAX) {
        fputs("null,\n", f);
    } else {
        fputs("{\n", f);
        json_key(f, 4, "capacity");
        json_string(f, m->rules.capacities[t->capacity].name);
        fputs(",\n", f);
        json_key(f, 4, "points");
        fputs("[", f);
        for (size_t k = 0; k < t->n_points; k++) {
            const trade_point *p = &t->points[k];
            fputs(k ? ",\n      {\"limit\": " : "\n      {\"limit\": ", f);
            json_number(f, p->limit);
            fputs(", \"factor\": ", f);
            json_number(f, p->factor);
            fprintf(f, ", \"current\": %s, \"status\": \"%s\", \"objective\": ", p->current ? "true" : "false",
                    solve_status_name(p->status));
            bool have = p->selected != NULL;
            json_number(f, have ? p->objective : NAN);
            fputs(", \"used\": ", f);
            json_number(f, have ? p->used : NAN);
            fprintf(f, ", \"selected_count\": %zu, \"enter\": ", p->n_selected);
            json_ids(f, m, p->enter, p->n_enter);
            fputs(", \"leave\": ", f);
            json_ids(f, m, p->leave, p->n_leave);
            fputs("}", f);
        }
        fputs(t->n_points ? "\n    ]\n  },\n" : "]\n  },\n", f);
    }
    write_surface(f, run);
    json_key(f, 2, "capacity_values");
    if (!run->has_tradeoffs) {
        fputs("null,\n", f);
    } else {
        fputs("[", f);
        for (size_t c = 0; c < m->n_capacities; c++) {
            const trade_capacity *tc = &t->caps[c];
            fputs(c ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
            json_string(f, m->rules.capacities[c].name);
            fputs(", \"plus_10pct\": ", f);
            json_number(f, tc->plus);
            fputs(", \"minus_10pct\": ", f);
            json_number(f, tc->minus);
            fprintf(f, ", \"minus_10pct_status\": \"%s\", \"lp_shadow_price\": ", solve_status_name(tc->minus_status));
            json_number(f, tc->shadow);
            if (m->rules.has_horizon) {
                fputs(", \"lp_shadow_price_per_period\": [", f);
                for (size_t t = 0; t < m->n_periods; t++) {
                    fputs(t ? ", " : "", f);
                    json_number(f, tc->shadow_period[t]);
                }
                fputs("]", f);
            }
            fputs("}", f);
        }
        fputs(m->n_capacities ? "\n  ],\n" : "],\n", f);
    }
    json_key(f, 2, "what_would_it_take");
    if (!run->has_tradeoffs) {
        fputs("null,\n", f);
    } else {
        fputs("[", f);
        for (size_t q = 0; q < t->n_admits; q++) {
            const trade_admit *ad = &t->admits[q];
            fputs(q ? ",\n    {\"id\": " : "\n    {\"id\": ", f);
            json_string(f, m->projects[ad->project].id);
            fputs(", \"with\": ", f);
            json_ids(f, m, ad->with, ad->n_with);
            if (m->rules.has_horizon) {
                char label[32];
                period_label(&m->rules.horizon, (long)ad->start, label, sizeof label);
                fputs(", \"start\": ", f);
                json_string(f, label);
            }
            fputs(", \"gain\": ", f);
            json_number(f, ad->gain);
            fputs(", \"blocked\": ", f);
            if (ad->blocked != NULL)
                json_string(f, ad->blocked);
            else
                fputs("null", f);
            fputs(", \"needs\": ", f);
            json_needs(f, run, ad->needs, ad->n_needs);
            fputs("}", f);
        }
        fputs(t->n_admits ? "\n  ],\n" : "],\n", f);
    }
    json_key(f, 2, "hiring_plan");
    if (!run->has_tradeoffs) {
        fputs("null,\n", f);
    } else {
        fputs("[", f);
        for (size_t q = 0; q < t->n_plan; q++) {
            const trade_hire *h = &t->plan[q];
            fputs(q ? ",\n    {\"admit\": " : "\n    {\"admit\": ", f);
            json_string(f, m->projects[h->project].id);
            fputs(", \"gain_cumulative\": ", f);
            json_number(f, h->gain);
            fputs(", \"needs_cumulative\": ", f);
            json_needs(f, run, h->needs, h->n_needs);
            fputs("}", f);
        }
        fputs(t->n_plan ? "\n  ],\n" : "],\n", f);
    }
    json_key(f, 2, "tradeoff_solves");
    fprintf(f, "%zu,\n", run->has_tradeoffs ? t->solves : (size_t)0);

    json_key(f, 2, "scenarios");
    fputs("[", f);
    for (size_t q = 0; q < m->rules.n_scenarios; q++) {
        const trade_scenario *ts = &run->scenarios[q];
        fputs(q ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        json_string(f, ts->rules->name);
        fprintf(f, ", \"status\": \"%s\", \"objective\": ", solve_status_name(ts->status));
        json_number(f, ts->objective);
        fputs(", \"bound\": ", f);
        json_number(f, ts->status == SOLVE_INFEASIBLE ? NAN : ts->bound);
        fputs(", \"gap\": ", f);
        json_number(f, ts->selected ? ts->gap : NAN);
        fprintf(f, ", \"selected_count\": %zu, \"cost\": ", ts->n_selected);
        json_number(f, ts->selected ? ts->cost : NAN);
        fputs(",\n      \"selected\": [", f);
        size_t k = 0;
        for (size_t qq = 0; ts->selected != NULL && qq < m->n_projects; qq++) {
            size_t i = run->score.order[qq];
            if (!ts->selected[i])
                continue;
            fputs(k++ ? ", " : "", f);
            json_string(f, m->projects[i].id);
        }
        fputs("],\n      \"enter\": ", f);
        json_ids(f, m, ts->enter, ts->n_enter);
        fputs(", \"leave\": ", f);
        json_ids(f, m, ts->leave, ts->n_leave);
        fputs(",\n      \"weights\": {", f);
        for (size_t c = 0; c < m->n_criteria; c++) {
            fputs(c ? ", " : "", f);
            json_string(f, m->rules.criteria[c].name);
            fputs(": ", f);
            json_number(f, ts->weights[c]);
        }
        fputs("},\n      \"capacities\": [", f);
        for (size_t c = 0; c < m->n_capacities; c++) {
            fputs(c ? ", {\"name\": " : "{\"name\": ", f);
            json_string(f, m->rules.capacities[c].name);
            fputs(", \"limit\": ", f);
            json_number(f, ts->limit[c]);
            fputs(", \"used\": ", f);
            json_number(f, ts->selected ? ts->used[c] : NAN);
            fputs("}", f);
        }
        fputs("],\n      \"conflicts\": [", f);
        for (size_t c = 0; c < ts->conflicts.count; c++) {
            fputs(c ? ", " : "", f);
            json_string(f, ts->conflicts.items[c]);
        }
        fputs("]}", f);
    }
    fputs(m->rules.n_scenarios ? "\n  ],\n" : "],\n", f);
}

folio_error summary_write(const folio_run *run, const folio_run_options *opt, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return FOLIO_EIO;
    const model *m = run->m;
    const solve_result *r = &run->result;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    const size_t n = m->n_projects;

    fputs("{\n", f);
    json_key(f, 2, "folio_version");
    json_string(f, FOLIO_VERSION);
    fputs(",\n", f);
    json_key(f, 2, "portfolio");
    json_string(f, m->rules.name ? m->rules.name : "");
    fputs(",\n", f);
    json_key(f, 2, "inputs");
    fputs("{\n", f);
    const char *names[] = {"projects", "benefits", "rules", "demand"};
    const char *paths[] = {opt->in.projects, opt->in.benefits, opt->in.rules, opt->in.demand};
    const char *shas[] = {run->sha_projects, run->sha_benefits, run->sha_rules, run->sha_demand};
    int n_inputs = opt->in.demand != NULL ? 4 : 3;
    for (int k = 0; k < n_inputs; k++) {
        json_key(f, 4, names[k]);
        fputs("{\"path\": ", f);
        json_string(f, paths[k]);
        fputs(", \"sha256\": ", f);
        json_string(f, shas[k]);
        fputs(k + 1 < n_inputs ? "},\n" : "}\n", f);
    }
    fputs("  },\n", f);
    json_key(f, 2, "status");
    json_string(f, solve_status_name(r->status));
    fputs(",\n", f);
    json_key(f, 2, "objective");
    have ? json_number(f, r->objective) : (void)fputs("null", f);
    fputs(",\n", f);
    json_key(f, 2, "bound");
    r->status == SOLVE_INFEASIBLE ? (void)fputs("null", f) : json_number(f, r->bound);
    fputs(",\n", f);
    json_key(f, 2, "gap");
    have ? json_number(f, r->gap) : (void)fputs("null", f);
    fputs(",\n", f);
    json_key(f, 2, "time_limit_seconds");
    json_number(f, opt->solve.time_limit);
    fputs(",\n", f);
    json_key(f, 2, "solve_seconds");
    json_number(f, round(r->seconds * 1e6) / 1e6);
    fputs(",\n", f);
    json_key(f, 2, "nodes");
    fprintf(f, "%ld,\n", r->nodes);
    json_key(f, 2, "starting_plan");
    if (r->has_start_plan) {
        fputs("{\"objective\": ", f);
        json_number(f, r->start_objective);
        fputs(", \"seconds\": ", f);
        json_number(f, round(r->start_seconds * 1e6) / 1e6);
        fputs("},\n", f);
    } else {
        fputs("null,\n", f);
    }
    json_key(f, 2, "plan_search");
    if (r->searched) {
        fputs("{\"objective\": ", f);
        json_number(f, r->search_objective);
        fprintf(f, ", \"reported\": %s},\n", r->search_used ? "true" : "false");
    } else {
        fputs("null,\n", f);
    }

    json_key(f, 2, "selected");
    fputs("[", f);
    size_t k = 0;
    double cost = 0;
    for (size_t q = 0; have && q < n; q++) {
        size_t i = run->score.order[q];
        if (!r->selected[i])
            continue;
        fputs(k++ ? ", " : "", f);
        json_string(f, m->projects[i].id);
        cost += m->projects[i].cost;
    }
    fputs("],\n", f);
    json_key(f, 2, "selected_count");
    fprintf(f, "%zu,\n", k);
    json_key(f, 2, "selected_cost");
    json_number(f, cost);
    fputs(",\n", f);

    json_key(f, 2, "projects");
    fputs("[\n", f);
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        fputs("    {\"id\": ", f);
        json_string(f, m->projects[i].id);
        fputs(", \"score\": ", f);
        json_number(f, run->score.score[i]);
        fprintf(f, ", \"rank\": %zu, \"selected\": %s, ", run->score.rank[i],
                have && r->selected[i] ? "true" : "false");
        if (m->rules.has_horizon) {
            /* When it runs: start and finish periods (finish may lie past the horizon), delay. */
            const model_project *p = &m->projects[i];
            if (have && r->selected[i]) {
                char a[32], b[32];
                period_label(&m->rules.horizon, (long)r->start[i], a, sizeof a);
                period_label(&m->rules.horizon, (long)(r->start[i] + p->duration - 1), b, sizeof b);
                fprintf(f, "\"start\": \"%s\", \"finish\": \"%s\", \"delay\": %zu, \"value\": ", a, b,
                        r->start[i] - p->start_min);
                json_number(f, plan_delayed_value(m, run->score.score[i], r->start[i] - p->start_min));
                fputs(", \"npv\": ", f);
                json_number(f, model_npv(m, i, r->start[i] - p->start_min));
                fputs(", ", f);
            } else {
                fputs("\"start\": null, \"finish\": null, \"delay\": null, \"value\": null, \"npv\": null, ", f);
            }
        }
        /* The price of choosing the other way: an exact re-solve with the decision forced. */
        const trade_force *tf = run->has_tradeoffs ? &run->tradeoffs.force[i] : NULL;
        if (tf == NULL || tf->kind == FORCE_NONE) {
            fputs("\"force\": null, \"force_delta\": null, ", f);
        } else {
            fprintf(f, "\"force\": \"%s\", \"force_exact\": %s, \"force_status\": ",
                    tf->kind == FORCE_IN ? "in" : tf->kind == FORCE_OUT ? "out" : "must_lifted",
                    tf->exact ? "true" : "false");
            if (tf->exact)
                fprintf(f, "\"%s\"", solve_status_name(tf->status));
            else
                fputs("null", f);
            fputs(", \"force_delta\": ", f);
            json_number(f, tf->delta);
            fputs(", \"force_lp_bound\": ", f);
            json_number(f, tf->lp_bound);
            fputs(", \"force_feasible\": ", f);
            json_number(f, tf->feasible);
            fputs(", ", f);
        }
        fputs("\"decision\": ", f);
        json_string(f, explain_decision_name(run->decisions[i].decision));
        fputs(", \"reason\": ", f);
        json_string(f, run->decisions[i].reason);
        fputs(q + 1 < n ? "},\n" : "}\n", f);
    }
    fputs("  ],\n", f);

    json_key(f, 2, "capacities");
    fputs("[", f);
    bool first = true;
    plan chosen = solve_plan_of(r);
    for (size_t c = 0; c < m->n_capacities; c++) {
        fputs(first ? "\n    {\"name\": " : ",\n    {\"name\": ", f);
        first = false;
        json_string(f, m->rules.capacities[c].name);
        fputs(", \"column\": ", f);
        json_string(f, m->rules.capacities[c].column);
        fputs(", \"period\": ", f);
        json_string(f, m->rules.has_horizon ? "whole horizon" : m->period_labels[0]);
        /* The whole-horizon limit; without a horizon, the one period's. */
        double limit = m->rules.has_horizon ? m->totals[c] : model_limit(m, c, 0);
        fputs(", \"limit\": ", f);
        json_number(f, limit);
        fputs(", \"used\": ", f);
        json_number(f, have ? plan_used_total(m, chosen, c) : 0);
        if (m->rules.has_horizon) {
            /* Use that runs past the horizon is not limited, but it is reported. */
            double after = 0;
            for (size_t i = 0; have && i < m->n_projects; i++) {
                if (!r->selected[i])
                    continue;
                const model_project *p = &m->projects[i];
                for (size_t k = 0; k < p->duration; k++)
                    after += r->start[i] + k >= m->n_periods ? p->profile[c * p->duration + k] : 0;
            }
            fputs(", \"after_horizon\": ", f);
            json_number(f, after);
            fputs(", \"periods\": [", f);
            for (size_t t = 0; t < m->n_periods; t++) {
                fputs(t ? ", {\"period\": " : "{\"period\": ", f);
                json_string(f, m->period_labels[t]);
                fputs(", \"limit\": ", f);
                json_number(f, model_limit(m, c, t));
                fputs(", \"used\": ", f);
                json_number(f, have ? plan_used(m, chosen, c, t) : 0);
                fputs("}", f);
            }
            fputs("]", f);
        }
        fputs("}", f);
    }
    fputs(first ? "],\n" : "\n  ],\n", f);

    json_key(f, 2, "policies");
    fputs("[", f);
    first = true;
    for (size_t q = 0; q < run->rules.count; q++) {
        const plan_rule *rule = &run->rules.items[q];
        if (rule->kind < RULE_POLICY_MIN || rule->kind > RULE_POLICY_COUNT_MAX)
            continue;
        const rules_policy *p = &m->rules.policies[rule->a];
        static const char *const bounds[] = {"min", "max", "count_min", "count_max"};
        double bound = rule->kind == RULE_POLICY_MIN   ? p->min
                       : rule->kind == RULE_POLICY_MAX ? p->max
                       : rule->kind == RULE_POLICY_COUNT_MIN ? p->count_min
                                                             : p->count_max;
        fputs(first ? "\n    {\"name\": " : ",\n    {\"name\": ", f);
        first = false;
        json_string(f, p->name);
        fputs(", \"category\": ", f);
        json_string(f, p->category);
        fputs(", \"bound\": ", f);
        json_string(f, bounds[rule->kind - RULE_POLICY_MIN]);
        fputs(", \"limit\": ", f);
        json_number(f, bound);
        fputs(", \"value\": ", f);
        have ? json_number(f, plan_rule_activity(m, rule, chosen)) : (void)fputs("null", f);
        fputs("}", f);
    }
    fputs(first ? "],\n" : "\n  ],\n", f);

    json_key(f, 2, "weights");
    fputs("{", f);
    for (size_t q = 0; q < m->n_criteria; q++) {
        fputs(q ? ", " : "", f);
        json_string(f, m->rules.criteria[q].name);
        fputs(": ", f);
        json_number(f, m->weights[q]);
    }
    fputs("},\n", f);

    json_key(f, 2, "scoring");
    json_string(f, m->rules.scoring == SCORING_TOPSIS ? (m->rules.topsis_minmax ? "topsis (minmax)" : "topsis (vector)")
                                                      : "weighted-sum");
    fputs(",\n", f);
    json_key(f, 2, "ahp");
    if (!m->has_ahp) {
        fputs("null,\n", f);
    } else {
        fputs("{\n", f);
        json_key(f, 4, "method");
        json_string(f, m->rules.weighting == WEIGHTS_AHP ? "ahp" : "geometric-mean");
        fputs(",\n", f);
        json_key(f, 4, "random_index_table");
        json_string(f, "Saaty, n = 1..15: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, "
                       "1.57, 1.59");
        fputs(",\n", f);
        write_ahp_level(f, m, &m->levels[0], 4);
        fputs(",\n", f);
        json_key(f, 4, "groups");
        fputs("[", f);
        for (size_t l = 1; l < m->n_levels; l++) {
            fputs(l > 1 ? ",\n      {\n" : "\n      {\n", f);
            json_key(f, 8, "name");
            json_string(f, rules_node_name(&m->rules, m->levels[l].parent));
            fputs(",\n", f);
            json_key(f, 8, "weight");
            json_number(f, m->levels[l].weight);
            fputs(",\n", f);
            write_ahp_level(f, m, &m->levels[l], 8);
            fputs("\n      }", f);
        }
        fputs(m->n_levels > 1 ? "\n    ]\n  },\n" : "]\n  },\n", f);
    }

    json_key(f, 2, "sensitivity");
    if (!run->has_sensitivity) {
        fputs("null,\n", f);
    } else {
        const sens_result *sr = &run->sensitivity;
        fputs("{\n    \"criteria\": [", f);
        for (size_t k = 0; k < m->n_criteria; k++) {
            const sens_criterion *c = &sr->criteria[k];
            fputs(k ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
            json_string(f, m->rules.criteria[k].name);
            fprintf(f, ", \"analysed\": %s, \"weight\": ", c->analysed ? "true" : "false");
            json_number(f, c->weight);
            fputs(", \"stable_from\": ", f);
            json_number(f, c->stable_from);
            fputs(", \"stable_to\": ", f);
            json_number(f, c->stable_to);
            const sens_edge *edges[2] = {&c->below, &c->above};
            const char *names[2] = {"below", "above"};
            for (int e = 0; e < 2; e++) {
                fprintf(f, ", \"%s\": ", names[e]);
                if (!edges[e]->changes) {
                    fputs("null", f);
                    continue;
                }
                fputs("{\"at\": ", f);
                json_number(f, edges[e]->at);
                fputs(", \"enter\": [", f);
                for (size_t q = 0; q < edges[e]->n_enter; q++) {
                    fputs(q ? ", " : "", f);
                    json_string(f, m->projects[edges[e]->enter[q]].id);
                }
                fputs("], \"leave\": [", f);
                for (size_t q = 0; q < edges[e]->n_leave; q++) {
                    fputs(q ? ", " : "", f);
                    json_string(f, m->projects[edges[e]->leave[q]].id);
                }
                fputs("]}", f);
            }
            fputs("}", f);
        }
        fputs("\n    ],\n    \"flips\": [", f);
        for (size_t q = 0; q < sr->n_flips; q++) {
            fputs(q ? ", {\"id\": " : "{\"id\": ", f);
            json_string(f, m->projects[sr->flips[q].project].id);
            fputs(", \"criterion\": ", f);
            json_string(f, m->rules.criteria[sr->flips[q].criterion].name);
            fputs(", \"weight_change\": ", f);
            json_number(f, sr->flips[q].change);
            fputs("}", f);
        }
        fprintf(f, "],\n    \"solves\": %zu\n  },\n", sr->solves);
    }

    write_tradeoffs(f, run);

    json_key(f, 2, "conflicts");
    fputs("[", f);
    for (size_t q = 0; q < run->conflicts.count; q++) {
        fputs(q ? ",\n    " : "\n    ", f);
        json_string(f, run->conflicts.items[q]);
    }
    fputs(run->conflicts.count ? "\n  ],\n" : "],\n", f);
    json_key(f, 2, "conflicts_minimal");
    fputs(run->conflicts.minimal ? "true\n" : "false\n", f);
    fputs("}\n", f);

    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return FOLIO_EIO;
    return FOLIO_OK;
}
