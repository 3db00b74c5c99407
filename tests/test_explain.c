/* test_explain.c - reasons and conflict sets, checked against brute force on random instances. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "explain.h"
#include "random_model.h"
#include "score.h"
#include "solve.h"
#include "test_support.h"

static void every_decision_has_a_specific_reason(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t checked = 0;
    for (unsigned long seed = 1; seed <= 300; seed++) {
        gsl_rng_set(rng, seed);
        size_t n = 6 + gsl_rng_uniform_int(rng, 10);
        double score[32];
        size_t rank[32];
        model *m = random_model(rng, n, 2, score);
        for (size_t i = 0; i < n; i++)
            rank[i] = i + 1;
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        explain_project why[32];
        assert_int_equal(explain_decisions(m, score, rank, &r, &a, why), FOLIO_OK);
        for (size_t i = 0; i < n && r.status == SOLVE_OPTIMAL; i++) {
            const model_project *p = &m->projects[i];
            const char *s = why[i].reason;
            if (p->exclude) {
                assert_int_equal(why[i].decision, DECISION_EXCLUDED);
                assert_non_null(strstr(s, "excluded by rule"));
            } else if (p->must) {
                assert_int_equal(why[i].decision, DECISION_MUST);
                assert_true(r.selected[i]);
            } else if (r.selected[i]) {
                assert_int_equal(why[i].decision, DECISION_SELECTED);
            } else {
                assert_int_equal(why[i].decision, DECISION_NOT_SELECTED);
                /* An optimal portfolio leaves a project out only for a reason it can name. */
                if (strstr(s, "folio bug") != NULL)
                    fail_msg("seed %lu: %s has no specific reason: %s", seed, p->id, s);
                assert_true(strstr(s, "blocked by a dependency") || strstr(s, "mutually exclusive") ||
                            strstr(s, "policy") || strstr(s, "only") || strstr(s, "its score is"));
                checked++;
            }
        }
        arena_clear(&a);
        model_free(m);
    }
    assert_true(checked > 500);
    gsl_rng_free(rng);
}

static void timed_decisions_have_specific_reasons(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t checked = 0, windows = 0, windows_named = 0;
    for (unsigned long seed = 1; seed <= 300; seed++) {
        gsl_rng_set(rng, 5000 + seed);
        size_t n = 4 + gsl_rng_uniform_int(rng, 8);
        double score[32];
        size_t rank[32];
        model *m = random_timed_model(rng, n, 2, 4, score);
        for (size_t i = 0; i < n; i++)
            rank[i] = i + 1;
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        explain_project why[32];
        assert_int_equal(explain_decisions(m, score, rank, &r, &a, why), FOLIO_OK);
        for (size_t i = 0; i < n && r.status == SOLVE_OPTIMAL; i++) {
            const model_project *p = &m->projects[i];
            if (r.selected[i]) {
                assert_non_null(strstr(why[i].reason, "starts 2027-Q"));
                continue;
            }
            if (p->exclude)
                continue;
            if (strstr(why[i].reason, "folio bug") != NULL)
                fail_msg("seed %lu: %s has no specific reason: %s", seed, p->id, why[i].reason);
            bool every = strstr(why[i].reason, "no start from") != NULL ||
                         strstr(why[i].reason, "whatever its start") != NULL;
            windows += every;
            /* What the reason says: the optimal plan with it added breaks a rule at every start. */
            size_t short_at[2][4] = {{0}}; /* per capacity: starts it is short at, in a period / in all */
            for (size_t st = p->start_min; every && st <= p->start_max; st++) {
                bool sel[32];
                size_t start[32];
                memcpy(sel, r.selected, n * sizeof *sel);
                memcpy(start, r.start, n * sizeof *start);
                sel[i] = true;
                start[i] = st;
                bool holds = true, period_short[4] = {false}, total_short[4] = {false};
                for (size_t k = 0; k < rules.count; k++) {
                    const plan_rule *rule = &rules.items[k];
                    if (plan_rule_holds(m, rule, (plan){sel, start}))
                        continue;
                    holds = false;
                    if (rule->kind == RULE_CAPACITY)
                        period_short[rule->a] = true;
                    else if (rule->kind == RULE_CAPACITY_TOTAL)
                        total_short[rule->a] = true;
                }
                if (holds)
                    fail_msg("seed %lu: %s fits from period %zu, yet: %s", seed, p->id, st, why[i].reason);
                for (size_t c = 0; c < m->n_capacities; c++) {
                    short_at[0][c] += period_short[c];
                    short_at[1][c] += total_short[c];
                }
            }
            /* A window's reason names each capacity short at any start once, in a clause that says
             * "at every start" exactly when it is short at every start, and names no other. */
            const char *no_start = strstr(why[i].reason, "no start from");
            for (size_t c = 0; no_start != NULL && c < m->n_capacities; c++) {
                for (int total = 0; total <= 1; total++) {
                    char what[64];
                    snprintf(what, sizeof what, " of %s%s (", m->rules.capacities[c].name,
                             total ? " over the horizon" : "");
                    const char *at = strstr(no_start, what);
                    size_t count = short_at[total][c], w = p->start_max - p->start_min + 1;
                    if ((at != NULL) != (count > 0))
                        fail_msg("seed %lu: %s is short of %s%s at %zu starts, yet: %s", seed, p->id,
                                 m->rules.capacities[c].name, total ? " in all" : "", count, why[i].reason);
                    if (at == NULL)
                        continue;
                    const char *clause = at;
                    while (clause > no_start && strncmp(clause, "; ", 2) != 0 && strncmp(clause, ": at", 4) != 0)
                        clause--;
                    bool every_start = strncmp(clause + 2, "at every start", 14) == 0;
                    if (every_start != (count == w))
                        fail_msg("seed %lu: %s is short of %s at %zu of %zu starts, yet: %s", seed, p->id,
                                 m->rules.capacities[c].name, count, w, why[i].reason);
                    windows_named += count < w;
                }
            }
            checked++;
        }
        arena_clear(&a);
        model_free(m);
    }
    assert_true(checked > 300);
    assert_true(windows > 20); /* projects whose every start is blocked, each start checked above */
    assert_true(windows_named > 0); /* and a capacity short at some of their starts only */
    gsl_rng_free(rng);
}

/* A typed link that no start in the window keeps is named with what it asks and the earliest start
 * it allows; a plain finish-to-start link with the predecessor's last period. */
static void typed_links_name_what_they_ask(void **state)
{
    (void)state;
    static const struct {
        model_link link;
        const char *want;
    } cases[] = {
        {{LINK_SS, 1}, "must wait for P00: it starts at least 1 period after P00 starts, so it starts in 2027-Q2 at the earliest"},
        {{LINK_FF, 0}, "must wait for P00: it finishes no earlier than P00 finishes, so it starts in 2027-Q2 at the earliest"},
        {{LINK_SF, 2}, "must wait for P00: it finishes at least 2 periods after P00 starts, so it starts in 2027-Q2 at the earliest"},
        {{LINK_FS, 0}, "must wait for P00, which runs until 2027-Q2"},
    };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double score[2];
        size_t rank[2] = {1, 2};
        model *m = random_timed_model(rng, 2, 1, 4, score);
        for (size_t i = 0; i < 2; i++) {
            model_project *p = &m->projects[i];
            *p = (model_project){.id = p->id, .name = p->id, .category = p->category, .line = p->line, .timed = true,
                                 .duration = 2 - i, .profile = p->profile, .excludes = p->excludes};
            p->profile[0] = 1;
            score[i] = 1;
        }
        m->n_policies = 0;
        for (size_t t = 0; t < 4; t++)
            m->limits[t] = INFINITY;
        m->totals[0] = INFINITY;
        model_project *q = &m->projects[1];
        q->depends_on = arena_alloc(&m->arena, sizeof *q->depends_on);
        q->links = arena_alloc(&m->arena, sizeof *q->links);
        q->depends_on[0] = 0;
        q->links[0] = cases[c].link;
        q->n_depends_on = 1;
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        assert_true(r.selected[0] && !r.selected[1]);
        explain_project why[2];
        assert_int_equal(explain_decisions(m, score, rank, &r, &a, why), FOLIO_OK);
        if (strstr(why[1].reason, cases[c].want) == NULL)
            fail_msg("link %d%+d: \"%s\" lacks \"%s\"", (int)cases[c].link.type, cases[c].link.lag, why[1].reason, cases[c].want);
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
}

/* Solves with only the given rules switched on (brute force), to check conflict sets. */
static bool feasible_with(const model *m, const plan_rules *rules, const bool *on)
{
    size_t n = m->n_projects;
    bool x[32];
    for (unsigned long mask = 0; mask < (1ul << n); mask++) {
        for (size_t i = 0; i < n; i++)
            x[i] = (mask >> i) & 1;
        bool ok = true;
        for (size_t k = 0; k < rules->count && ok; k++)
            ok = !on[k] || plan_rule_holds(m, &rules->items[k], (plan){x, NULL});
        if (ok)
            return true;
    }
    return false;
}

static void conflict_sets_are_irreducible(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t explained = 0, filtered = 0;
    for (unsigned long seed = 1; seed <= 3000 && filtered < 30; seed++) {
        gsl_rng_set(rng, seed);
        size_t n = 5 + gsl_rng_uniform_int(rng, 8);
        double score[32];
        model *m = random_model(rng, n, 2, score);
        /* Every other seed, demand most of a category: achievable alone, often not within the
         * capacities, which only the deletion filter can untangle. */
        if (seed % 2 == 0 && m->n_policies > 0) {
            rules_policy *pol = &m->rules.policies[0];
            double members = 0;
            for (size_t i = 0; i < n; i++)
                members += m->in_policy[i] && !m->projects[i].exclude;
            pol->has_min = pol->has_max = pol->has_count_max = false;
            pol->has_count_min = true;
            pol->count_min = ceil(members * 0.8);
        }
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        if (r.status != SOLVE_INFEASIBLE) {
            arena_clear(&a);
            model_free(m);
            continue;
        }
        explain_conflicts ex;
        solve_options opt;
        solve_options_init(&opt);
        assert_int_equal(explain_infeasible(m, &rules, &opt, 30, &a, &ex), FOLIO_OK);
        assert_true(ex.count > 0);
        explained++;
        if (ex.solves > 0) {
            /* Deletion filter: the rules named are exactly those left on; they conflict, and
             * dropping any one of them makes the plan feasible. */
            filtered++;
            assert_true(ex.minimal);
            bool on[256];
            size_t named = 0;
            for (size_t k = 0; k < rules.count; k++) {
                char *text = explain_rule(m, &rules.items[k], &a);
                on[k] = false;
                for (size_t q = 0; q < ex.count; q++)
                    on[k] |= strcmp(ex.items[q], text) == 0;
                named += on[k];
            }
            assert_int_equal(named, ex.count);
            assert_false(feasible_with(m, &rules, on));
            for (size_t k = 0; k < rules.count; k++) {
                if (!on[k])
                    continue;
                on[k] = false;
                if (!feasible_with(m, &rules, on))
                    fail_msg("seed %lu: dropping '%s' leaves the plan infeasible: not irreducible", seed,
                             explain_rule(m, &rules.items[k], &a));
                on[k] = true;
            }
        }
        arena_clear(&a);
        model_free(m);
    }
    assert_true(explained >= 30);
    assert_true(filtered >= 30);
    gsl_rng_free(rng);
}

/* A hand-made plan whose must-do projects alone exceed the budget. */
static void must_do_over_budget_names_the_numbers(void **state)
{
    (void)state;
    model *m = calloc(1, sizeof *m);
    arena *ma = &m->arena;
    m->n_projects = 3;
    m->n_periods = 1;
    m->n_capacities = 1;
    m->period_labels = arena_alloc(ma, sizeof(char *));
    m->period_labels[0] = "all";
    m->rules.n_capacities = 1;
    m->rules.capacities = arena_alloc(ma, sizeof(rules_capacity));
    m->rules.capacities[0] = (rules_capacity){.name = "budget", .column = "cost", .limit = 25e6};
    m->limits = arena_alloc(ma, sizeof(double));
    m->limits[0] = 25e6;
    m->totals = arena_alloc(ma, sizeof(double));
    m->totals[0] = INFINITY;
    m->projects = arena_alloc(ma, 3 * sizeof *m->projects);
    const char *ids[] = {"PRJ-4", "PRJ-9", "PRJ-2"};
    double cost[] = {20e6, 11.2e6, 1e6};
    for (size_t i = 0; i < 3; i++) {
        m->projects[i].id = ids[i];
        m->projects[i].must = i < 2;
        m->projects[i].duration = 1;
        m->projects[i].profile = arena_alloc(ma, sizeof(double));
        m->projects[i].profile[0] = cost[i];
    }
    arena a = {0};
    plan_rules rules;
    solve_result r;
    double score[] = {0.5, 0.4, 0.3};
    SOLVE_EXACTLY(m, score, &a, &rules, &r);
    assert_int_equal(r.status, SOLVE_INFEASIBLE);
    explain_conflicts ex;
    solve_options opt;
    solve_options_init(&opt);
    assert_int_equal(explain_infeasible(m, &rules, &opt, 10, &a, &ex), FOLIO_OK);
    assert_int_equal(ex.count, 1);
    assert_string_equal(ex.items[0], "must-do projects need 31.2M of budget, whose limit is 25M: PRJ-4 (20M), PRJ-9 (11.2M)");
    assert_int_equal(ex.solves, 0);
    arena_clear(&a);
    model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_decision_has_a_specific_reason),
        cmocka_unit_test(timed_decisions_have_specific_reasons),
        cmocka_unit_test(typed_links_name_what_they_ask),
        cmocka_unit_test(conflict_sets_are_irreducible),
        cmocka_unit_test(must_do_over_budget_names_the_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
