/* plan.h - what a portfolio plan is and the rules it must keep: the rule list, each rule's
 * left-hand side and limit, and an exact check of a plan against every rule. It sits below the
 * solver and the heuristics, which both build plans and both ask it whether a plan holds. */
#ifndef FOLIO_PLAN_H
#define FOLIO_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"

/* One rule of the model that becomes a constraint; the unit in which infeasibility is explained. */
typedef enum plan_rule_kind {
    RULE_CAPACITY,        /* a = capacity, t = period: sum use * x <= limit */
    RULE_CAPACITY_TOTAL,  /* a = capacity: use over the whole horizon <= total */
    RULE_POLICY_MIN,      /* a = policy: sum of its column over selected members >= min */
    RULE_POLICY_MAX,      /* a = policy: ... <= max */
    RULE_POLICY_COUNT_MIN,/* a = policy: number of selected members >= count_min */
    RULE_POLICY_COUNT_MAX,/* a = policy: ... <= count_max */
    RULE_MUST,            /* a = project: x = 1 */
    RULE_EXCLUDE,         /* a = project: x = 0 */
    RULE_DEPENDS,         /* a = project, b = the project it depends on (its t-th link): x_a <= x_b;
                             for two timed projects also the link's timing (plan_link_gap) */
    RULE_EXCLUDES,        /* a < b: x_a + x_b <= 1 */
    RULE_CHANGES,         /* decisions differing from the baseline <= [replan] max_changes */
} plan_rule_kind;

typedef struct plan_rule {
    plan_rule_kind kind;
    size_t a, b, t;
} plan_rule;

/* Every rule of a model, in a fixed order. */
typedef struct plan_rules {
    plan_rule *items;
    size_t count;
} plan_rules;

/* Collects every rule of m into *out, allocated in a: capacities (each period, then the whole
 * horizon), policies, the limit on changes against the baseline, then per project must-do, exclude, dependencies and mutual exclusions (a pair
 * listed on both sides once). FOLIO_ENOMEM when out of memory. */
folio_error plan_rules_collect(const model *m, arena *a, plan_rules *out) FOLIO_WARN_UNUSED;

/* A portfolio: which projects are in and when each starts (start may be NULL: earliest starts).
 * The arrays are the caller's; a plan only looks at them. */
typedef struct plan {
    const bool *selected;
    const size_t *start;
} plan;

/* Start period of project i in plan p. */
static inline size_t plan_start(const model *m, plan p, size_t i)
{
    return p.start != NULL ? p.start[i] : m->projects[i].start_min;
}

/* Checks a plan against every rule of m; writes up to max violated rules into out and returns how
 * many rules are violated in all. */
size_t plan_check(const model *m, const plan_rules *rules, plan p, plan_rule *out, size_t max);

/* Whether p keeps every rule of rules that is enabled (enabled == NULL: every one). */
bool plan_holds_all(const model *m, const plan_rules *rules, const bool *enabled, plan p);

/* Whether one rule holds for a plan (tolerance 1e-9 relative). */
bool plan_rule_holds(const model *m, const plan_rule *r, plan p);

/* The left-hand side of a capacity, policy or changes rule for a plan (0 for other kinds); a
 * capacity's counts the stop costs of the work in flight the plan stops. */
double plan_rule_activity(const model *m, const plan_rule *r, plan p);

/* The limit of a capacity, policy or changes rule (0 for other kinds). */
double plan_rule_limit(const model *m, const plan_rule *r);

/* Use of capacity c in period t under a plan, and over the whole horizon. */
double plan_used(const model *m, plan p, size_t c, size_t t);
double plan_used_total(const model *m, plan p, size_t c);

/* Value of a project of the given score started delay periods after its earliest start:
 * score (1 - delay_penalty)^delay. */
double plan_delayed_value(const model *m, double score, size_t delay);

/* What selecting project i at start s adds to the objective: plan_delayed_value(), for work in
 * flight the value a stop would lose (model_stop_lost()), and, against a baseline, the change
 * penalty it saves or costs (kept as in the baseline: + change_penalty; a project the baseline left
 * out: - change_penalty). A plan's objective is plan_value_offset() plus the sum of this over its
 * projects. */
double plan_value(const model *m, const double *score, size_t i, size_t s);

/* The objective of the empty plan: minus the change penalty of dropping all the baseline and the
 * value lost by stopping all work in flight. */
double plan_value_offset(const model *m, const double *score);

/* A plan's objective: plan_value_offset() plus plan_value() of each selected project. */
double plan_objective(const model *m, const double *score, plan p);

/* The number of projects whose decision differs from the baseline (0 without one). */
size_t plan_changes(const model *m, plan p);

/* Whether depends_on between a and b also means precedence (both timed, several periods): a may
 * start only as its link to b allows (plan_link_gap). */
bool plan_is_precedence(const model *m, size_t a, size_t b);

/* For precedence between project a and its k-th predecessor b: the least start of a minus the
 * start of b that the link allows. Finish-to-start: b's duration plus the lag; start-to-start: the
 * lag; finish-to-finish: b's duration less a's plus the lag; start-to-finish: the lag less a's
 * duration. It may be negative. */
long plan_link_gap(const model *m, size_t a, size_t k);

/* The timing project a's k-th link asks for, in words naming the predecessor: "starts after P-3
 * ends", "finishes no earlier than P-3 finishes", "starts at least 2 periods after P-3 starts". */
void plan_link_words(const model *m, size_t a, size_t k, char *buf, size_t size);

/* Whether a starting in sa keeps its k-th link to a predecessor starting in sb (with precedence). */
static inline bool plan_link_holds(const model *m, size_t a, size_t k, size_t sa, size_t sb)
{
    return (long)sa >= (long)sb + plan_link_gap(m, a, k);
}

/* Whether lhs is within limit from the side that upper says, with a tolerance of 1e-9 relative. */
bool plan_within(double lhs, double limit, bool upper);

#endif
