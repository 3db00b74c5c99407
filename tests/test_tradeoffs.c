/* test_tradeoffs.c - every frontier point, force delta and capacity value against brute force. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "random_model.h"
#include "test_support.h"
#include "tradeoffs.h"

/* The brute-force optimum of m (single-period or timed); false when nothing is feasible. */
static bool brute(const model *m, const double *score, double *best)
{
    size_t delay;
    return m->n_periods > 1 ? oracle_timed_optimum(m, score, best, &delay) : oracle_optimum(m, score, best);
}

/* Scales capacity c's limits (per period and total) of m by f, or restores them from saved. */
static void scale(model *m, size_t c, double f, const double *saved_limits, const double *saved_totals)
{
    for (size_t t = 0; t < m->n_periods; t++) {
        double l = saved_limits[c * m->n_periods + t];
        m->limits[c * m->n_periods + t] = isfinite(l) ? l * f : l;
    }
    m->totals[c] = isfinite(saved_totals[c]) ? saved_totals[c] * f : saved_totals[c];
}

/* Checks one analysis against brute force; returns how many figures were compared. */
static size_t check_analysis(model *m, const double *score, unsigned long seed)
{
    arena a = {0};
    solve_rules rules;
    solve_result base;
    SOLVE_EXACTLY(m, score, &a, &rules, &base);
    if (base.status != SOLVE_OPTIMAL) {
        arena_clear(&a);
        return 0;
    }
    solve_options opt;
    solve_options_init(&opt);
    trade_options to;
    trade_options_init(&to);
    to.points = 7;
    to.capacity = seed % m->n_capacities;
    trade_result tr;
    assert_int_equal(trade_analyse(m, score, &rules, &opt, &base, &to, &a, &tr), FOLIO_OK);
    const size_t n = m->n_projects, nl = m->n_capacities * m->n_periods;
    double saved_limits[64], saved_totals[8];
    memcpy(saved_limits, m->limits, nl * sizeof *saved_limits);
    memcpy(saved_totals, m->totals, m->n_capacities * sizeof *saved_totals);
    size_t compared = 0;

    /* Frontier: each point is the optimum at its limits; the objective never falls as the limit
     * grows; entering and leaving lead from one point's portfolio to the next; one point is now. */
    assert_int_equal(tr.capacity, to.capacity);
    size_t current = 0;
    double last = -INFINITY;
    bool prev[32] = {false};
    for (size_t k = 0; k < tr.n_points; k++) {
        const trade_point *p = &tr.points[k];
        if (k > 0)
            assert_true(p->factor >= tr.points[k - 1].factor);
        current += p->current;
        scale(m, tr.capacity, p->factor, saved_limits, saved_totals);
        double best = 0;
        bool feasible = brute(m, score, &best);
        if (feasible != (p->status == SOLVE_OPTIMAL))
            fail_msg("seed %lu point %zu (factor %.4f): brute force %s, folio %s", seed, k, p->factor,
                     feasible ? "feasible" : "infeasible", solve_status_name(p->status));
        if (feasible) {
            if (fabs(p->objective - best) > 1e-9)
                fail_msg("seed %lu point %zu: objective %.12f, brute force %.12f", seed, k, p->objective, best);
            assert_true(p->objective >= last - 1e-9);
            last = p->objective;
            if (m->n_periods == 1)
                assert_true(oracle_feasible(m, p->selected));
        }
        bool next[32];
        for (size_t i = 0; i < n; i++)
            next[i] = prev[i];
        for (size_t q = 0; q < p->n_enter; q++) {
            assert_false(prev[p->enter[q]]);
            next[p->enter[q]] = true;
        }
        for (size_t q = 0; q < p->n_leave; q++) {
            assert_true(prev[p->leave[q]]);
            next[p->leave[q]] = false;
        }
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(next[i], p->selected != NULL && p->selected[i]);
            prev[i] = next[i];
        }
        if (p->current)
            assert_true(fabs(p->factor - 1) < 1e-15 && fabs(p->objective - base.objective) < 1e-12);
        compared++;
    }
    assert_int_equal(current, 1);
    scale(m, tr.capacity, 1, saved_limits, saved_totals);

    /* Forcing each decision the other way (or lifting a must-do) against brute force. */
    for (size_t i = 0; i < n; i++) {
        const trade_force *f = &tr.force[i];
        model_project *p = &m->projects[i];
        if (p->exclude) {
            assert_int_equal(f->kind, FORCE_NONE);
            continue;
        }
        assert_int_equal(f->kind, p->must ? FORCE_MUST_OFF : base.selected[i] ? FORCE_OUT : FORCE_IN);
        bool must = p->must, exclude = p->exclude;
        if (f->kind == FORCE_MUST_OFF)
            p->must = false;
        else if (f->kind == FORCE_OUT)
            p->exclude = true;
        else
            p->must = true;
        double best = 0;
        bool feasible = brute(m, score, &best);
        p->must = must;
        p->exclude = exclude;
        if (feasible != (f->status == SOLVE_OPTIMAL))
            fail_msg("seed %lu, forcing P%02zu: brute force %s, folio %s", seed, i, feasible ? "feasible" : "infeasible",
                     solve_status_name(f->status));
        if (feasible && fabs(f->delta - (best - base.objective)) > 1e-9)
            fail_msg("seed %lu, forcing P%02zu: delta %.12f, brute force %.12f", seed, i, f->delta,
                     best - base.objective);
        if (feasible && f->kind != FORCE_MUST_OFF)
            assert_true(f->delta <= 1e-9); /* the base is optimal: forcing can only cost */
        if (feasible && f->kind == FORCE_MUST_OFF)
            assert_true(f->delta >= -1e-9); /* lifting a rule can only gain */
        compared++;
    }

    /* Each capacity's limits at +10% and -10%. */
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (int side = 0; side < 2; side++) {
            scale(m, c, side == 0 ? 1.1 : 0.9, saved_limits, saved_totals);
            double best = 0;
            bool feasible = brute(m, score, &best);
            scale(m, c, 1, saved_limits, saved_totals);
            double got = side == 0 ? tr.caps[c].plus : tr.caps[c].minus;
            solve_status st = side == 0 ? tr.caps[c].plus_status : tr.caps[c].minus_status;
            assert_int_equal(feasible, st == SOLVE_OPTIMAL);
            if (feasible && fabs(got - (best - base.objective)) > 1e-9)
                fail_msg("seed %lu, capacity %zu at %s10%%: %.12f, brute force %.12f", seed, c, side ? "-" : "+", got,
                         best - base.objective);
            compared++;
        }
    }
    arena_clear(&a);
    return compared;
}

static void single_period_tradeoffs_match_brute_force(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t compared = 0;
    for (unsigned long seed = 1; seed <= 60; seed++) {
        gsl_rng_set(rng, 9100 + seed);
        double score[32];
        model *m = random_model(rng, 11, 1 + seed % 3, score);
        compared += check_analysis(m, score, seed);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(compared > 1000);
}

static void timed_tradeoffs_match_brute_force(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t compared = 0;
    for (unsigned long seed = 1; seed <= 25; seed++) {
        gsl_rng_set(rng, 9300 + seed);
        double score[32];
        model *m = random_timed_model(rng, 6, 2, 3, score);
        compared += check_analysis(m, score, seed);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(compared > 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(single_period_tradeoffs_match_brute_force),
        cmocka_unit_test(timed_tradeoffs_match_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
