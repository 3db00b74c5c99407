/* summary.c - the JSON summary pipelines read after a run, written through jsonw (keys documented in
 * the README). */
#include "summary.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "period.h"
#include "version.h"

static void key_string(jsonw *w, const char *key, const char *value)
{
    jsonw_key(w, key);
    jsonw_string(w, value);
}

static void key_number(jsonw *w, const char *key, double value)
{
    jsonw_key(w, key);
    jsonw_number(w, value);
}

static void key_uint(jsonw *w, const char *key, size_t value)
{
    jsonw_key(w, key);
    jsonw_uint(w, value);
}

static void key_bool(jsonw *w, const char *key, bool value)
{
    jsonw_key(w, key);
    jsonw_bool(w, value);
}

/* The ids of projects list[count], in one line. */
static void key_ids(jsonw *w, const char *key, const model *m, const size_t *list, size_t count)
{
    jsonw_key(w, key);
    jsonw_array(w, JSONW_INLINE);
    for (size_t k = 0; k < count; k++)
        jsonw_string(w, m->projects[list[k]].id);
    jsonw_end(w);
}

/* One level of the AHP hierarchy: its elements, lambda_max, CI, RI, CR, how missing judgments were
 * filled, the judgments to revisit and the (completed) matrix, as members of the open object. */
static void ahp_level(jsonw *w, const model *m, const model_ahp_level *lv)
{
    const ahp_result *h = &lv->ahp;
    const rules *r = &m->rules;
    jsonw_key(w, "elements");
    jsonw_array(w, JSONW_INLINE);
    for (size_t k = 0; k < h->n; k++)
        jsonw_string(w, rules_node_name(r, lv->nodes[k]));
    jsonw_end(w);
    jsonw_key(w, "local_weights");
    jsonw_array(w, JSONW_INLINE);
    for (size_t k = 0; k < h->n; k++)
        jsonw_number(w, h->weights[k]);
    jsonw_end(w);
    key_number(w, "lambda_max", h->lambda_max);
    key_number(w, "ci", h->ci);
    key_number(w, "ri", h->ri);
    key_number(w, "cr", h->cr);
    key_uint(w, "filled", h->n_missing);
    key_string(w, "fill_method",
               h->n_missing ? "lambda_max-minimising completion (Bozoki, Fulop and Ronyai 2010)" : "none");
    jsonw_key(w, "inconsistent");
    jsonw_array(w, JSONW_INLINE);
    for (size_t k = 0; k < h->n_worst && h->cr > 0.10; k++) {
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "a", rules_node_name(r, lv->nodes[h->worst[k].i]));
        key_string(w, "b", rules_node_name(r, lv->nodes[h->worst[k].j]));
        key_number(w, "given", h->worst[k].given);
        key_number(w, "consistent", h->worst[k].consistent);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_key(w, "matrix");
    jsonw_array(w, JSONW_INLINE);
    for (size_t i = 0; i < h->n; i++) {
        jsonw_array(w, JSONW_INLINE);
        for (size_t j = 0; j < h->n; j++)
            jsonw_number(w, h->matrix[i * h->n + j]);
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* Extra capacity: [{capacity, period, extra}], period "all" without a horizon, "whole horizon" for
 * a whole-horizon limit. */
static void key_needs(jsonw *w, const char *key, const folio_run *run, const trade_need *needs, size_t count)
{
    const model *m = run->m;
    jsonw_key(w, key);
    jsonw_array(w, JSONW_INLINE);
    for (size_t k = 0; k < count; k++) {
        const plan_rule *r = &run->rules.items[needs[k].rule];
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "capacity", m->rules.capacities[r->a].name);
        key_string(w, "period", r->kind == RULE_CAPACITY_TOTAL ? "whole horizon" : m->period_labels[r->t]);
        key_number(w, "extra", needs[k].extra);
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* Project i's inputs as the model read them, for `folio diff` and a re-plan's comparison with an
 * earlier run: category, cost as exported, flags, links, each criterion's raw value, each capacity's
 * total use and, with a horizon, the start window and duration. */
static void write_inputs(jsonw *w, const model *m, size_t i)
{
    const model_project *p = &m->projects[i];
    jsonw_key(w, "inputs");
    jsonw_object(w, JSONW_INLINE);
    key_string(w, "category", p->category);
    key_number(w, "cost", p->cost_full);
    key_bool(w, "must", p->must);
    key_bool(w, "exclude", p->exclude);
    key_ids(w, "depends_on", m, p->depends_on, p->n_depends_on);
    key_ids(w, "excludes", m, p->excludes, p->n_excludes);
    jsonw_key(w, "criteria");
    jsonw_object(w, JSONW_INLINE);
    for (size_t k = 0; k < m->n_criteria; k++)
        key_number(w, m->rules.criteria[k].name, p->raw[k]);
    jsonw_end(w);
    jsonw_key(w, "use");
    jsonw_object(w, JSONW_INLINE);
    for (size_t c = 0; c < m->n_capacities; c++) {
        double sum = 0;
        for (size_t k = 0; k < p->duration; k++)
            sum += p->profile[c * p->duration + k];
        key_number(w, m->rules.capacities[c].name, sum);
    }
    jsonw_end(w);
    jsonw_key(w, "policies");
    jsonw_object(w, JSONW_INLINE);
    for (size_t k = 0; k < m->n_policies; k++)
        if (m->in_policy[k * m->n_projects + i])
            key_number(w, m->rules.policies[k].name, m->policy_amount[k * m->n_projects + i]);
    jsonw_end(w);
    if (m->rules.has_horizon) {
        key_string(w, "earliest", m->period_labels[p->start_min]);
        key_string(w, "latest", m->period_labels[p->start_max]);
        key_uint(w, "duration", p->duration);
        if (model_links_typed(p)) { /* each link's type and lag, beside depends_on */
            jsonw_key(w, "links");
            jsonw_array(w, JSONW_INLINE);
            for (size_t k = 0; k < p->n_depends_on; k++) {
                char text[24];
                model_link_text(p->links[k], text, sizeof text);
                jsonw_string(w, text);
            }
            jsonw_end(w);
        }
        jsonw_key(w, "profile");
        jsonw_object(w, JSONW_INLINE);
        for (size_t c = 0; c < m->n_capacities; c++) {
            jsonw_key(w, m->rules.capacities[c].name);
            jsonw_array(w, JSONW_INLINE);
            for (size_t k = 0; k < p->duration; k++)
                jsonw_number(w, p->profile[c * p->duration + k]);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* Project i's normalised criterion values (what its score weighs), for a re-plan's attribution. */
static void write_normalised(jsonw *w, const folio_run *run, size_t i)
{
    const model *m = run->m;
    jsonw_key(w, "normalised");
    jsonw_object(w, JSONW_INLINE);
    for (size_t k = 0; k < m->n_criteria; k++)
        key_number(w, m->rules.criteria[k].name, run->score.norm[i * m->n_criteria + k]);
    jsonw_end(w);
}

/* The run's portfolio, every project with its decision, the capacities and policies. */
static void write_portfolio(jsonw *w, const folio_run *run)
{
    const model *m = run->m;
    const solve_result *r = &run->result;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    const size_t n = m->n_projects;
    jsonw_key(w, "selected");
    jsonw_array(w, JSONW_INLINE);
    size_t count = 0;
    double cost = 0;
    for (size_t q = 0; have && q < n; q++) {
        size_t i = run->score.order[q];
        if (!r->selected[i])
            continue;
        jsonw_string(w, m->projects[i].id);
        count++;
        cost += m->projects[i].cost;
    }
    jsonw_end(w);
    key_uint(w, "selected_count", count);
    key_number(w, "selected_cost", cost);

    jsonw_key(w, "projects");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        const model_project *p = &m->projects[i];
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "id", p->id);
        if (p->name[0] != '\0')
            key_string(w, "name", p->name);
        key_number(w, "score", run->score.score[i]);
        key_uint(w, "rank", run->score.rank[i]);
        key_bool(w, "selected", have && r->selected[i]);
        if (m->replan) {
            key_string(w, "status", model_status_name(p->status));
            key_number(w, "spent", p->spent);
            key_number(w, "remaining", p->cost);
            key_number(w, "stop_cost", p->stop_cost);
            key_number(w, "stop_value_lost", model_stop_lost(m, run->score.score, i));
        }
        if (m->has_baseline) {
            key_string(w, "baseline_decision", p->in_baseline ? "selected" : "not_selected");
            bool sel = have && r->selected[i];
            key_string(w, "change", replan_change_name(replan_change_of(m, i, sel, sel ? r->start[i] : p->start_min)));
            const attrib_result *at = &run->attrib;
            key_string(w, "change_cause", at->done && at->cause[i] != SIZE_MAX ? at->steps[at->cause[i]].label : NULL);
        }
        if (m->rules.has_horizon) {
            /* When it runs: start and finish periods (finish may lie past the horizon), delay. */
            static const char *const timing[] = {"start", "finish", "delay", "value", "npv"};
            if (have && r->selected[i]) {
                char a[32], b[32];
                size_t delay = r->start[i] - p->start_min;
                period_label(&m->rules.horizon, (long)r->start[i], a, sizeof a);
                period_label(&m->rules.horizon, (long)(r->start[i] + p->duration - 1), b, sizeof b);
                key_string(w, "start", a);
                key_string(w, "finish", b);
                key_uint(w, "delay", delay);
                key_number(w, "value", plan_delayed_value(m, run->score.score[i], delay));
                key_number(w, "npv", model_npv(m, i, delay));
            } else {
                for (size_t k = 0; k < sizeof timing / sizeof *timing; k++) {
                    jsonw_key(w, timing[k]);
                    jsonw_null(w);
                }
            }
        }
        /* The price of choosing the other way: an exact re-solve with the decision forced. */
        const trade_force *tf = run->has_tradeoffs ? &run->tradeoffs.force[i] : NULL;
        if (tf == NULL || tf->kind == FORCE_NONE) {
            jsonw_key(w, "force");
            jsonw_null(w);
            jsonw_key(w, "force_delta");
            jsonw_null(w);
        } else {
            key_string(w, "force", tf->kind == FORCE_IN ? "in" : tf->kind == FORCE_OUT ? "out" : "must_lifted");
            key_bool(w, "force_exact", tf->exact);
            key_string(w, "force_status", tf->exact || tf->stopped ? solve_status_name(tf->status) : NULL);
            key_number(w, "force_delta", tf->delta);
            key_number(w, "force_lp_bound", tf->lp_bound);
            key_number(w, "force_feasible", tf->feasible);
        }
        key_string(w, "decision", explain_decision_name(run->decisions[i].decision));
        key_string(w, "reason", run->decisions[i].reason);
        write_inputs(w, m, i);
        write_normalised(w, run, i);
        jsonw_end(w);
    }
    jsonw_end(w);

    const plan chosen = solve_plan_of(r);
    jsonw_key(w, "capacities");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t c = 0; c < m->n_capacities; c++) {
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "name", m->rules.capacities[c].name);
        key_string(w, "column", m->rules.capacities[c].column);
        key_string(w, "period", m->rules.has_horizon ? "whole horizon" : m->period_labels[0]);
        /* The whole-horizon limit; without a horizon, the one period's. */
        key_number(w, "limit", m->rules.has_horizon ? m->totals[c] : model_limit(m, c, 0));
        key_number(w, "used", have ? plan_used_total(m, chosen, c) : 0);
        if (m->rules.has_horizon) {
            /* Use that runs past the horizon is not limited, but it is reported. */
            double after = 0;
            for (size_t i = 0; have && i < n; i++) {
                if (!r->selected[i])
                    continue;
                const model_project *p = &m->projects[i];
                for (size_t k = 0; k < p->duration; k++)
                    after += r->start[i] + k >= m->n_periods ? p->profile[c * p->duration + k] : 0;
            }
            key_number(w, "after_horizon", after);
            jsonw_key(w, "periods");
            jsonw_array(w, JSONW_INLINE);
            for (size_t t = 0; t < m->n_periods; t++) {
                jsonw_object(w, JSONW_INLINE);
                key_string(w, "period", m->period_labels[t]);
                key_number(w, "limit", model_limit(m, c, t));
                key_number(w, "used", have ? plan_used(m, chosen, c, t) : 0);
                jsonw_end(w);
            }
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    jsonw_end(w);

    jsonw_key(w, "policies");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t q = 0; q < run->rules.count; q++) {
        const plan_rule *rule = &run->rules.items[q];
        if (rule->kind < RULE_POLICY_MIN || rule->kind > RULE_POLICY_COUNT_MAX)
            continue;
        const rules_policy *p = &m->rules.policies[rule->a];
        static const char *const bounds[] = {"min", "max", "count_min", "count_max"};
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "name", p->name);
        key_string(w, "category", p->category);
        key_string(w, "bound", bounds[rule->kind - RULE_POLICY_MIN]);
        key_number(w, "limit", plan_rule_limit(m, rule));
        key_number(w, "value", have ? plan_rule_activity(m, rule, chosen) : NAN);
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* How the scores came about: the weights, the scoring method and, with pairwise weights, the AHP. */
/* A re-plan: what was left out, the baseline, every change against it and the price of stability. */
/* Why the objective and the decisions moved from the baseline: the steps, each an exact solve. */
static void write_attribution(jsonw *w, const attrib_result *at)
{
    jsonw_key(w, "attribution");
    jsonw_object(w, JSONW_BLOCK);
    key_bool(w, "done", at->done);
    key_string(w, "why_not", at->done ? NULL : at->why_not);
    key_number(w, "baseline_objective", at->done ? at->baseline_objective : NAN);
    key_bool(w, "exact", at->done && at->exact);
    key_uint(w, "solves", at->solves);
    jsonw_key(w, "steps");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t s = 0; at->done && s < at->n_steps; s++) {
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "step", at->steps[s].label);
        key_number(w, "objective", at->steps[s].objective);
        key_number(w, "effect", at->steps[s].effect);
        key_string(w, "status", solve_status_name(at->steps[s].status));
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_end(w);
}

static void write_replan(jsonw *w, const folio_run *run)
{
    const model *m = run->m;
    jsonw_key(w, "left_out");
    if (!m->replan) {
        jsonw_null(w);
    } else {
        jsonw_array(w, JSONW_INLINE);
        for (size_t k = 0; k < m->n_left_out; k++) {
            jsonw_object(w, JSONW_INLINE);
            key_string(w, "id", m->left_out[k].id);
            key_string(w, "status", model_status_name(m->left_out[k].status));
            key_uint(w, "line", (size_t)m->left_out[k].line);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    if (!run->has_replan) { /* every key is always there: null where it does not apply */
        static const char *const keys[] = {"baseline", "changes", "attribution", "price_of_stability"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            jsonw_key(w, keys[k]);
            jsonw_null(w);
        }
        return;
    }
    const replan_result *rp = &run->replan;
    const solve_result *r = &run->result;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    jsonw_key(w, "baseline");
    jsonw_object(w, JSONW_BLOCK);
    key_string(w, "path", m->baseline_path);
    key_uint(w, "selected", m->n_baseline);
    jsonw_key(w, "not_in_export");
    jsonw_array(w, JSONW_INLINE);
    for (size_t k = 0; k < m->n_baseline_unknown; k++)
        jsonw_string(w, m->baseline_unknown[k]);
    jsonw_end(w);
    key_uint(w, "continued", rp->continued);
    key_uint(w, "stopped", rp->stopped);
    key_uint(w, "started", rp->started);
    key_uint(w, "moved", rp->moved);
    key_uint(w, "changes", rp->changes);
    jsonw_key(w, "max_changes");
    if (isfinite(m->max_changes))
        jsonw_number(w, m->max_changes);
    else
        jsonw_null(w);
    key_number(w, "change_penalty", m->change_penalty);
    key_bool(w, "count_moves", m->count_moves);
    if (rp->cost_capacity != SIZE_MAX) {
        double limit = m->rules.has_horizon ? m->totals[rp->cost_capacity] : model_limit(m, rp->cost_capacity, 0);
        key_string(w, "budget", m->rules.capacities[rp->cost_capacity].name);
        key_number(w, "committed", rp->committed);
        jsonw_key(w, "free");
        if (isfinite(limit))
            jsonw_number(w, limit - rp->committed);
        else
            jsonw_null(w);
    }
    jsonw_end(w);
    jsonw_key(w, "changes");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t q = 0; q < m->n_projects; q++) {
        size_t i = run->score.order[q];
        const model_project *p = &m->projects[i];
        bool sel = have && r->selected[i];
        size_t s = sel ? r->start[i] : p->start_min;
        replan_change c = replan_change_of(m, i, sel, s);
        if (c == REPLAN_KEPT_OUT || (c == REPLAN_CONTINUED))
            continue;
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "id", p->id);
        key_string(w, "change", replan_change_name(c));
        key_string(w, "status", model_status_name(p->status));
        key_bool(w, "counted", model_is_change(m, i, sel, s));
        const attrib_result *at = &run->attrib;
        key_string(w, "cause", at->done && at->cause[i] != SIZE_MAX ? at->steps[at->cause[i]].label : NULL);
        if (m->rules.has_horizon) {
            char a[32];
            jsonw_key(w, "baseline_start");
            if (p->in_baseline && p->baseline_start != SIZE_MAX) {
                period_label(&m->rules.horizon, (long)p->baseline_start, a, sizeof a);
                jsonw_string(w, a);
            } else {
                jsonw_null(w);
            }
            jsonw_key(w, "start");
            if (sel) {
                period_label(&m->rules.horizon, (long)s, a, sizeof a);
                jsonw_string(w, a);
            } else {
                jsonw_null(w);
            }
        }
        jsonw_end(w);
    }
    jsonw_end(w);
    write_attribution(w, &run->attrib);
    jsonw_key(w, "price_of_stability");
    if (!rp->has_price) {
        jsonw_null(w);
        return;
    }
    jsonw_object(w, JSONW_INLINE);
    key_number(w, "price", rp->price);
    key_number(w, "relative", rp->price_relative);
    key_number(w, "unlimited_objective", rp->unlimited_objective);
    key_bool(w, "exact", rp->price_exact);
    key_uint(w, "min_changes_for_unlimited", rp->min_changes);
    key_bool(w, "min_changes_exact", rp->min_changes_exact);
    key_uint(w, "solves", rp->solves);
    jsonw_end(w);
}

/* Each criterion's lowest and highest raw value over the projects: the minmax ranges a later
 * re-plan normalises this run's projects with. */
static void write_ranges(jsonw *w, const folio_run *run)
{
    const model *m = run->m;
    jsonw_key(w, "ranges");
    jsonw_object(w, JSONW_INLINE);
    for (size_t k = 0; k < m->n_criteria; k++) {
        jsonw_key(w, m->rules.criteria[k].name);
        jsonw_array(w, JSONW_INLINE);
        jsonw_number(w, run->score.crit_min[k]);
        jsonw_number(w, run->score.crit_max[k]);
        jsonw_end(w);
    }
    jsonw_end(w);
}

static void write_weights(jsonw *w, const model *m)
{
    jsonw_key(w, "weights");
    jsonw_object(w, JSONW_INLINE);
    for (size_t q = 0; q < m->n_criteria; q++)
        key_number(w, m->rules.criteria[q].name, m->weights[q]);
    jsonw_end(w);
    key_string(w, "scoring", m->rules.scoring == SCORING_TOPSIS
                                 ? (m->rules.topsis_minmax ? "topsis (minmax)" : "topsis (vector)")
                                 : "weighted-sum");
    jsonw_key(w, "ahp");
    if (!m->has_ahp) {
        jsonw_null(w);
        return;
    }
    jsonw_object(w, JSONW_BLOCK);
    key_string(w, "method", m->rules.weighting == WEIGHTS_AHP ? "ahp" : "geometric-mean");
    key_string(w, "random_index_table", "Saaty, n = 1..15: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, "
                                        "1.51, 1.48, 1.56, 1.57, 1.59");
    ahp_level(w, m, &m->levels[0]);
    jsonw_key(w, "groups");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t l = 1; l < m->n_levels; l++) {
        jsonw_object(w, JSONW_BLOCK);
        key_string(w, "name", rules_node_name(&m->rules, m->levels[l].parent));
        key_number(w, "weight", m->levels[l].weight);
        ahp_level(w, m, &m->levels[l]);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_end(w);
}

/* "sensitivity": the weight ranges and the decisions a small change flips; null when not analysed. */
static void write_sensitivity(jsonw *w, const folio_run *run)
{
    const model *m = run->m;
    jsonw_key(w, "sensitivity");
    if (!run->has_sensitivity) {
        jsonw_null(w);
        return;
    }
    const sens_result *sr = &run->sensitivity;
    jsonw_object(w, JSONW_BLOCK);
    jsonw_key(w, "criteria");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t k = 0; k < m->n_criteria; k++) {
        const sens_criterion *c = &sr->criteria[k];
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "name", m->rules.criteria[k].name);
        key_bool(w, "analysed", c->analysed);
        key_bool(w, "exact", c->exact);
        key_number(w, "weight", c->weight);
        key_number(w, "stable_from", c->stable_from);
        key_number(w, "stable_to", c->stable_to);
        const sens_edge *edges[2] = {&c->below, &c->above};
        const char *names[2] = {"below", "above"};
        for (int e = 0; e < 2; e++) {
            jsonw_key(w, names[e]);
            if (!edges[e]->changes) {
                jsonw_null(w);
                continue;
            }
            jsonw_object(w, JSONW_INLINE);
            key_number(w, "at", edges[e]->at);
            key_bool(w, "proven", edges[e]->proven);
            key_ids(w, "enter", m, edges[e]->enter, edges[e]->n_enter);
            key_ids(w, "leave", m, edges[e]->leave, edges[e]->n_leave);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_key(w, "flips");
    jsonw_array(w, JSONW_INLINE);
    for (size_t q = 0; q < sr->n_flips; q++) {
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "id", m->projects[sr->flips[q].project].id);
        key_string(w, "criterion", m->rules.criteria[sr->flips[q].criterion].name);
        key_number(w, "weight_change", sr->flips[q].change);
        jsonw_end(w);
    }
    jsonw_end(w);
    key_uint(w, "solves", sr->solves);
    jsonw_end(w);
}

/* "frontier_surface": the optimum over the frontier's limits (columns) and a second capacity's
 * (rows); null without one. */
static void write_surface(jsonw *w, const folio_run *run)
{
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    const trade_surface *s = &t->surface;
    jsonw_key(w, "frontier_surface");
    if (!run->has_tradeoffs || s->capacity == SIZE_MAX) {
        jsonw_null(w);
        return;
    }
    jsonw_object(w, JSONW_BLOCK);
    key_string(w, "capacity", m->rules.capacities[t->capacity].name);
    key_string(w, "second", m->rules.capacities[s->capacity].name);
    jsonw_key(w, "limits");
    jsonw_array(w, JSONW_INLINE);
    for (size_t k = 0; k < t->n_points; k++)
        jsonw_number(w, t->points[k].limit);
    jsonw_end(w);
    jsonw_key(w, "rows");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t r = 0; r < s->n_rows; r++) {
        jsonw_object(w, JSONW_INLINE);
        key_number(w, "limit", s->limit[r]);
        key_number(w, "factor", s->factor[r]);
        key_bool(w, "current", r == s->current);
        jsonw_key(w, "objective");
        jsonw_array(w, JSONW_INLINE);
        for (size_t k = 0; k < t->n_points; k++)
            jsonw_number(w, s->objective[r * t->n_points + k]);
        jsonw_end(w);
        jsonw_key(w, "status");
        jsonw_array(w, JSONW_INLINE);
        for (size_t k = 0; k < t->n_points; k++)
            jsonw_string(w, solve_status_name(s->status[r * t->n_points + k]));
        jsonw_end(w);
        jsonw_key(w, "bound");
        jsonw_array(w, JSONW_INLINE);
        for (size_t k = 0; k < t->n_points; k++)
            jsonw_number(w, s->bound[r * t->n_points + k]);
        jsonw_end(w);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_end(w);
}

/* The trade-offs: "frontier" (the optimum at each limit of one capacity), its surface,
 * "capacity_values" (+-10%), "what_would_it_take", "hiring_plan"; each null when not analysed. */
static void write_tradeoffs(jsonw *w, const folio_run *run)
{
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    jsonw_key(w, "frontier");
    if (!run->has_tradeoffs || t->capacity == SIZE_MAX) {
        jsonw_null(w);
    } else {
        jsonw_object(w, JSONW_BLOCK);
        key_string(w, "capacity", m->rules.capacities[t->capacity].name);
        jsonw_key(w, "points");
        jsonw_array(w, JSONW_BLOCK);
        for (size_t k = 0; k < t->n_points; k++) {
            const trade_point *p = &t->points[k];
            bool have = p->selected != NULL;
            jsonw_object(w, JSONW_INLINE);
            key_number(w, "limit", p->limit);
            key_number(w, "factor", p->factor);
            key_bool(w, "current", p->current);
            key_string(w, "status", solve_status_name(p->status));
            key_number(w, "objective", have ? p->objective : NAN);
            key_number(w, "bound", p->bound);
            key_number(w, "used", have ? p->used : NAN);
            key_uint(w, "selected_count", p->n_selected);
            key_ids(w, "enter", m, p->enter, p->n_enter);
            key_ids(w, "leave", m, p->leave, p->n_leave);
            jsonw_end(w);
        }
        jsonw_end(w);
        jsonw_end(w);
    }
    write_surface(w, run);
    jsonw_key(w, "capacity_values");
    if (!run->has_tradeoffs) {
        jsonw_null(w);
    } else {
        jsonw_array(w, JSONW_BLOCK);
        for (size_t c = 0; c < m->n_capacities; c++) {
            const trade_capacity *tc = &t->caps[c];
            jsonw_object(w, JSONW_INLINE);
            key_string(w, "name", m->rules.capacities[c].name);
            key_number(w, "plus_10pct", tc->plus);
            key_string(w, "plus_10pct_status", solve_status_name(tc->plus_status));
            key_number(w, "plus_10pct_bound", tc->plus_bound);
            key_number(w, "minus_10pct", tc->minus);
            key_string(w, "minus_10pct_status", solve_status_name(tc->minus_status));
            key_number(w, "minus_10pct_bound", tc->minus_bound);
            key_number(w, "lp_shadow_price", tc->shadow);
            if (m->rules.has_horizon) {
                jsonw_key(w, "lp_shadow_price_per_period");
                jsonw_array(w, JSONW_INLINE);
                for (size_t p = 0; p < m->n_periods; p++)
                    jsonw_number(w, tc->shadow_period[p]);
                jsonw_end(w);
            }
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    jsonw_key(w, "what_would_it_take");
    if (!run->has_tradeoffs) {
        jsonw_null(w);
    } else {
        jsonw_array(w, JSONW_BLOCK);
        for (size_t q = 0; q < t->n_admits; q++) {
            const trade_admit *ad = &t->admits[q];
            jsonw_object(w, JSONW_INLINE);
            key_string(w, "id", m->projects[ad->project].id);
            key_ids(w, "with", m, ad->with, ad->n_with);
            if (m->rules.has_horizon) {
                char label[32];
                period_label(&m->rules.horizon, (long)ad->start, label, sizeof label);
                key_string(w, "start", label);
            }
            key_number(w, "gain", ad->gain);
            key_string(w, "blocked", ad->blocked);
            key_needs(w, "needs", run, ad->needs, ad->n_needs);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    jsonw_key(w, "hiring_plan");
    if (!run->has_tradeoffs) {
        jsonw_null(w);
    } else {
        jsonw_array(w, JSONW_BLOCK);
        for (size_t q = 0; q < t->n_plan; q++) {
            const trade_hire *h = &t->plan[q];
            jsonw_object(w, JSONW_INLINE);
            key_string(w, "admit", m->projects[h->project].id);
            key_number(w, "gain_cumulative", h->gain);
            key_needs(w, "needs_cumulative", run, h->needs, h->n_needs);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    key_uint(w, "tradeoff_solves", run->has_tradeoffs ? t->solves : 0);
}

/* "scenarios": each [scenario NAME] solved, with what enters and leaves against the rules as given. */
static void write_scenarios(jsonw *w, const folio_run *run)
{
    const model *m = run->m;
    jsonw_key(w, "scenarios");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t q = 0; q < m->rules.n_scenarios; q++) {
        const trade_scenario *ts = &run->scenarios[q];
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "name", ts->rules->name);
        key_string(w, "status", solve_status_name(ts->status));
        key_number(w, "objective", ts->objective);
        key_number(w, "bound", ts->status == SOLVE_INFEASIBLE ? NAN : ts->bound);
        key_number(w, "gap", ts->selected ? ts->gap : NAN);
        key_uint(w, "selected_count", ts->n_selected);
        key_number(w, "cost", ts->selected ? ts->cost : NAN);
        jsonw_break(w);
        jsonw_key(w, "selected");
        jsonw_array(w, JSONW_INLINE);
        for (size_t qq = 0; ts->selected != NULL && qq < m->n_projects; qq++) {
            size_t i = run->score.order[qq];
            if (ts->selected[i])
                jsonw_string(w, m->projects[i].id);
        }
        jsonw_end(w);
        jsonw_break(w);
        key_ids(w, "enter", m, ts->enter, ts->n_enter);
        key_ids(w, "leave", m, ts->leave, ts->n_leave);
        jsonw_break(w);
        jsonw_key(w, "weights");
        jsonw_object(w, JSONW_INLINE);
        for (size_t c = 0; c < m->n_criteria; c++)
            key_number(w, m->rules.criteria[c].name, ts->weights[c]);
        jsonw_end(w);
        jsonw_break(w);
        jsonw_key(w, "capacities");
        jsonw_array(w, JSONW_INLINE);
        for (size_t c = 0; c < m->n_capacities; c++) {
            jsonw_object(w, JSONW_INLINE);
            key_string(w, "name", m->rules.capacities[c].name);
            key_number(w, "limit", ts->limit[c]);
            key_number(w, "used", ts->selected ? ts->used[c] : NAN);
            jsonw_end(w);
        }
        jsonw_end(w);
        jsonw_break(w);
        jsonw_key(w, "conflicts");
        jsonw_array(w, JSONW_INLINE);
        for (size_t c = 0; c < ts->conflicts.count; c++)
            jsonw_string(w, ts->conflicts.items[c]);
        jsonw_end(w);
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* Every warning of the run, as the workbook's Data quality sheet lists them: file, line (null when
 * the warning is about a whole file or the run), column or rules key, message. */
static void write_warnings(jsonw *w, const diags *d)
{
    jsonw_key(w, "warnings");
    jsonw_array(w, JSONW_BLOCK);
    for (size_t i = 0; d != NULL && i < d->count; i++) {
        const diag *g = &d->items[i];
        if (g->severity != DIAG_WARNING)
            continue;
        jsonw_object(w, JSONW_INLINE);
        key_string(w, "file", g->file);
        jsonw_key(w, "line");
        if (g->line > 0)
            jsonw_int(w, g->line);
        else
            jsonw_null(w);
        key_string(w, "column", g->column);
        key_string(w, "message", g->message);
        jsonw_end(w);
    }
    jsonw_end(w);
}

folio_error summary_write(const folio_run *run, const folio_run_options *opt, const diags *d, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return FOLIO_EIO;
    folio_error err = summary_write_stream(run, opt, d, f);
    if (fclose(f) != 0)
        err = FOLIO_EIO;
    return err;
}

folio_error summary_write_stream(const folio_run *run, const folio_run_options *opt, const diags *d, FILE *f)
{
    const model *m = run->m;
    const solve_result *r = &run->result;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    jsonw w;
    jsonw_init(&w, f);
    jsonw_object(&w, JSONW_BLOCK);
    key_string(&w, "folio_version", FOLIO_VERSION);
    key_string(&w, "portfolio", m->rules.name ? m->rules.name : "");
    jsonw_key(&w, "inputs");
    jsonw_object(&w, JSONW_BLOCK);
    const char *names[] = {"projects", "benefits", "rules", "demand", "baseline"};
    const char *paths[] = {opt->in.projects, opt->in.benefits, opt->in.rules, opt->in.demand, opt->in.baseline};
    const char *shas[] = {run->sha_projects, run->sha_benefits, run->sha_rules, run->sha_demand, run->sha_baseline};
    for (int k = 0; k < 5; k++) {
        if (paths[k] == NULL) /* no benefits register or demand export */
            continue;
        jsonw_key(&w, names[k]);
        jsonw_object(&w, JSONW_INLINE);
        key_string(&w, "path", paths[k]);
        key_string(&w, "sha256", shas[k]);
        jsonw_end(&w);
    }
    jsonw_end(&w);
    key_string(&w, "status", solve_status_name(r->status));
    key_number(&w, "objective", have ? r->objective : NAN);
    key_number(&w, "bound", r->status == SOLVE_INFEASIBLE ? NAN : r->bound);
    key_number(&w, "gap", have ? r->gap : NAN);
    key_number(&w, "time_limit_seconds", opt->solve.time_limit);
    key_number(&w, "solve_seconds", round(r->seconds * 1e6) / 1e6);
    jsonw_key(&w, "nodes");
    jsonw_int(&w, r->nodes);
    jsonw_key(&w, "starting_plan");
    if (r->has_start_plan) {
        jsonw_object(&w, JSONW_INLINE);
        key_number(&w, "objective", r->start_objective);
        key_number(&w, "seconds", round(r->start_seconds * 1e6) / 1e6);
        jsonw_end(&w);
    } else {
        jsonw_null(&w);
    }
    jsonw_key(&w, "plan_search");
    if (r->searched) {
        jsonw_object(&w, JSONW_INLINE);
        key_number(&w, "objective", r->search_objective);
        key_bool(&w, "reported", r->search_used);
        key_uint(&w, "processes", r->search_processes);
        jsonw_end(&w);
    } else {
        jsonw_null(&w);
    }
    write_portfolio(&w, run);
    write_replan(&w, run);
    write_weights(&w, m);
    write_ranges(&w, run);
    write_sensitivity(&w, run);
    write_tradeoffs(&w, run);
    write_scenarios(&w, run);
    jsonw_key(&w, "conflicts");
    jsonw_array(&w, JSONW_BLOCK);
    for (size_t q = 0; q < run->conflicts.count; q++)
        jsonw_string(&w, run->conflicts.items[q]);
    jsonw_end(&w);
    key_bool(&w, "conflicts_minimal", run->conflicts.minimal);
    write_warnings(&w, d);
    jsonw_end(&w);
    return jsonw_finish(&w) ? FOLIO_OK : FOLIO_EIO;
}
