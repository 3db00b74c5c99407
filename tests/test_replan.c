/* test_replan.c - re-planning against a baseline, against brute force: the optimum under a limit on
 * changes, a change penalty and the stop costs and value lost of work in flight, the baseline kept when no change is allowed, the price of stability
 * and the fewest changes that reach the unlimited optimum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "random_model.h"
#include "replan.h"
#include "solve.h"
#include "test_support.h"

/* Changes of a plan against m's baseline, from the definition (written apart from model.h's). */
static size_t oracle_changes(const model *m, const bool *x, const size_t *start)
{
    size_t c = 0;
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        if (!p->in_baseline)
            c += x[i];
        else
            c += !x[i] || (m->count_moves && p->baseline_start != SIZE_MAX && start[i] != p->baseline_start);
    }
    return c;
}

/* Whether the capacities charged stop costs hold with them: the selected projects' use plus, in the
 * first period and over the horizon, the stop cost of each project in flight left out. Written from
 * the definition, apart from plan.c's. */
static bool oracle_stops_fit(const model *m, const bool *x, const size_t *start)
{
    for (size_t c = 0; m->on_cost != NULL && c < m->n_capacities; c++) {
        if (!m->on_cost[c])
            continue;
        double stops = 0, total = 0;
        for (size_t i = 0; i < m->n_projects; i++)
            if (!x[i] && model_status_in_flight(m->projects[i].status))
                stops += m->projects[i].stop_cost;
        for (size_t t = 0; t < m->n_periods; t++) {
            double used = t == 0 ? stops : 0;
            for (size_t i = 0; i < m->n_projects; i++) {
                const model_project *p = &m->projects[i];
                if (x[i] && t >= start[i] && t < start[i] + p->duration)
                    used += p->profile[c * p->duration + (t - start[i])];
            }
            total += used;
            double lim = m->limits[c * m->n_periods + t];
            if (used > lim + 1e-9 * fmax(1.0, fabs(lim)))
                return false;
        }
        if (total > m->totals[c] + 1e-9 * fmax(1.0, fabs(m->totals[c])))
            return false;
    }
    return true;
}

/* Brute force over every project's choice (out, or a start in its window): the best objective
 * (value less change_penalty per change, less the value lost by each project in flight stopped)
 * with at most limit changes. False when none is feasible. */
static bool oracle_replan(const model *m, const double *score, double limit, double *best)
{
    size_t n = m->n_projects, choice[16] = {0};
    bool x[16], any = false;
    size_t start[16];
    for (;;) {
        double v = 0;
        for (size_t i = 0; i < n; i++) {
            const model_project *p = &m->projects[i];
            x[i] = choice[i] > 0;
            start[i] = x[i] ? p->start_min + choice[i] - 1 : p->start_min;
            if (x[i])
                v += score[i] * pow(1.0 - m->rules.delay_penalty, (double)(start[i] - p->start_min));
            else if (model_status_in_flight(p->status))
                v -= p->stop_value + m->stop_value_share * score[i];
        }
        size_t ch = oracle_changes(m, x, start);
        v -= m->change_penalty * (double)ch;
        if ((double)ch <= limit && oracle_timed_feasible(m, x, start) && oracle_stops_fit(m, x, start) &&
            (!any || v > *best)) {
            *best = v;
            any = true;
        }
        size_t i = 0;
        while (i < n && ++choice[i] > m->projects[i].start_max - m->projects[i].start_min + 1)
            choice[i++] = 0;
        if (i == n)
            break;
    }
    return any;
}

/* Stop costs on a random model's work in flight half the time: charged to capacity 0 (and to 1 at
 * random), a value lost from a column or a share of the score. */
static void random_stops(gsl_rng *rng, model *m)
{
    if (gsl_rng_uniform(rng) < 0.5)
        return;
    m->on_cost = arena_alloc_n(&m->arena, m->n_capacities, sizeof *m->on_cost);
    m->stop_sum = arena_alloc_n(&m->arena, m->n_capacities, sizeof *m->stop_sum);
    for (size_t c = 0; c < m->n_capacities; c++)
        m->on_cost[c] = c == 0 || gsl_rng_uniform(rng) < 0.5;
    m->stop_value_share = gsl_rng_uniform(rng) < 0.5 ? 0.0 : 0.5 * gsl_rng_uniform(rng);
    for (size_t i = 0; i < m->n_projects; i++) {
        model_project *p = &m->projects[i];
        if (!model_status_in_flight(p->status))
            continue;
        p->stop_cost = 0.6 * gsl_rng_uniform(rng) * model_use_in_horizon(m, i, 0, p->start_min);
        p->stop_value = m->stop_value_share > 0 ? 0.0 : 0.3 * gsl_rng_uniform(rng);
        for (size_t c = 0; c < m->n_capacities; c++)
            m->stop_sum[c] += m->on_cost[c] ? p->stop_cost : 0;
        m->has_stop_costs |= p->stop_cost > 0;
    }
}

/* A random model (single-period or timed) with a random baseline, penalty and limit. */
static model *random_replan(gsl_rng *rng, double *score, bool *timed)
{
    size_t n = 4 + gsl_rng_uniform_int(rng, 5); /* 4..8 projects */
    size_t nc = 1 + gsl_rng_uniform_int(rng, 2);
    *timed = gsl_rng_uniform(rng) < 0.5;
    model *m = *timed ? random_timed_model(rng, n, nc, 3, score) : random_model(rng, n, nc, score);
    m->has_baseline = true;
    m->replan = true;
    m->rules.stability_budget = INFINITY;
    m->count_moves = *timed && gsl_rng_uniform(rng) < 0.5;
    m->change_penalty = gsl_rng_uniform(rng) < 0.5 ? 0.0 : 0.05 + 0.2 * gsl_rng_uniform(rng);
    m->max_changes = gsl_rng_uniform(rng) < 0.2 ? INFINITY : (double)gsl_rng_uniform_int(rng, 4);
    for (size_t i = 0; i < n; i++) {
        model_project *p = &m->projects[i];
        p->in_baseline = gsl_rng_uniform(rng) < 0.5;
        m->n_baseline += p->in_baseline;
        p->baseline_start = SIZE_MAX;
        if (p->in_baseline && *timed && gsl_rng_uniform(rng) < 0.8)
            p->baseline_start = p->start_min + gsl_rng_uniform_int(rng, p->start_max - p->start_min + 1);
        double u = gsl_rng_uniform(rng);
        p->status = p->in_baseline && u < 0.3 ? STATUS_IN_PROGRESS : p->in_baseline && u < 0.4 ? STATUS_ON_HOLD
                                                                                              : STATUS_PROPOSED;
    }
    random_stops(rng, m);
    return m;
}

static void optimum_with_a_baseline_equals_brute_force(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t feasible = 0, infeasible = 0, limited = 0, stopped = 0;
    for (unsigned long seed = 1; seed <= 300; seed++) {
        gsl_rng_set(rng, seed);
        double score[32];
        bool timed;
        model *m = random_replan(rng, score, &timed);
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        double best = 0;
        if (!oracle_replan(m, score, m->max_changes, &best)) {
            if (r.status != SOLVE_INFEASIBLE)
                fail_msg("seed %lu: brute force finds no feasible plan, solver says %s", seed,
                         solve_status_name(r.status));
            infeasible++;
        } else {
            if (r.status != SOLVE_OPTIMAL)
                fail_msg("seed %lu: status %s, want optimal", seed, solve_status_name(r.status));
            if (fabs(r.objective - best) > 1e-9)
                fail_msg("seed %lu: objective %.12f, brute force %.12f", seed, r.objective, best);
            /* Every rule holds, checked apart from the solver, and the objective is the plan's. */
            assert_true(oracle_timed_feasible(m, r.selected, r.start));
            assert_true(oracle_stops_fit(m, r.selected, r.start));
            assert_true((double)oracle_changes(m, r.selected, r.start) <= m->max_changes);
            assert_int_equal(plan_check(m, &rules, solve_plan_of(&r), NULL, 0), 0);
            assert_rel(plan_objective(m, score, solve_plan_of(&r)), r.objective, 1e-12);
            feasible++;
            limited += isfinite(m->max_changes) && oracle_changes(m, r.selected, r.start) == (size_t)m->max_changes;
            for (size_t i = 0; i < m->n_projects; i++)
                if (!r.selected[i] && (m->projects[i].stop_cost > 0 || model_stop_lost(m, score, i) > 0)) {
                    stopped++;
                    break;
                }
        }
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(feasible > 150);
    assert_true(infeasible > 5);
    assert_true(limited > 30); /* the limit binds often enough to be tested */
    print_message("%zu feasible, %zu stop work in flight that has a stop cost or value lost\n", feasible, stopped);
    assert_true(stopped > 10);
}

static void no_change_allowed_returns_the_baseline_when_it_is_feasible(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t kept = 0;
    for (unsigned long seed = 1; seed <= 300; seed++) {
        gsl_rng_set(rng, seed);
        double score[32];
        bool timed;
        model *m = random_replan(rng, score, &timed);
        m->max_changes = 0;
        m->count_moves = timed;
        bool x[16];
        size_t start[16];
        for (size_t i = 0; i < m->n_projects; i++) {
            const model_project *p = &m->projects[i];
            x[i] = p->in_baseline;
            start[i] = p->in_baseline && p->baseline_start != SIZE_MAX ? p->baseline_start : p->start_min;
        }
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        if (oracle_timed_feasible(m, x, start) && oracle_stops_fit(m, x, start)) {
            assert_int_equal(r.status, SOLVE_OPTIMAL);
            for (size_t i = 0; i < m->n_projects; i++) {
                assert_int_equal(r.selected[i], x[i]);
                if (x[i] && m->projects[i].baseline_start != SIZE_MAX)
                    assert_int_equal(r.start[i], start[i]);
            }
            kept++;
        }
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(kept > 20);
}

static void price_of_stability_and_fewest_changes_equal_independent_solves(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t priced = 0, positive = 0;
    for (unsigned long seed = 1; seed <= 600; seed++) {
        gsl_rng_set(rng, seed);
        double score[32];
        bool timed;
        model *m = random_replan(rng, score, &timed);
        if (!isfinite(m->max_changes))
            m->max_changes = 1;
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        solve_options opt;
        solve_options_init(&opt);
        replan_result rp;
        assert_int_equal(replan_analyse(m, score, &rules, &opt, &r, &a, &rp), FOLIO_OK);
        if (r.status == SOLVE_OPTIMAL) {
            double limited = 0, unlimited = 0;
            assert_true(oracle_replan(m, score, m->max_changes, &limited));
            assert_true(oracle_replan(m, score, INFINITY, &unlimited));
            assert_true(rp.has_price && rp.price_exact && rp.min_changes_exact);
            assert_rel(rp.unlimited_objective, unlimited, 1e-9);
            if (fabs(rp.price - (unlimited - limited)) > 1e-9)
                fail_msg("seed %lu: price %.12f, brute force %.12f", seed, rp.price, unlimited - limited);
            /* The fewest changes: the smallest limit whose brute-force optimum reaches the unlimited. */
            size_t k = 0;
            double v = 0;
            while (!oracle_replan(m, score, (double)k, &v) || v < unlimited - 1e-9)
                k++;
            if (rp.min_changes != k)
                fail_msg("seed %lu: fewest changes %zu, brute force %zu", seed, rp.min_changes, k);
            /* The counts add up to the plan's changes. */
            assert_int_equal(rp.changes, oracle_changes(m, r.selected, r.start));
            /* Cut short by its budget, the fewest changes is an upper bound, said to be inexact. */
            m->rules.stability_budget = 1e-12;
            replan_result cut;
            assert_int_equal(replan_analyse(m, score, &rules, &opt, &r, &a, &cut), FOLIO_OK);
            assert_true(cut.min_changes >= k);
            assert_true(!cut.min_changes_exact || cut.min_changes == k);
            m->rules.stability_budget = INFINITY;
            priced++;
            positive += rp.price > 1e-9;
        }
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    print_message("%zu priced, %zu with a positive price\n", priced, positive);
    assert_true(priced > 100);
    assert_true(positive > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(optimum_with_a_baseline_equals_brute_force),
        cmocka_unit_test(no_change_allowed_returns_the_baseline_when_it_is_feasible),
        cmocka_unit_test(price_of_stability_and_fewest_changes_equal_independent_solves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
