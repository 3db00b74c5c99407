/* test_sensitivity.c - weight ranges checked against brute force over a fine grid of weights. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "random_model.h"
#include "sensitivity.h"
#include "test_support.h"

/* Value of selection x under scores computed with criterion k at weight t (others in proportion). */
static double value_at(const model *m, const score_result *s, const bool *x, size_t k, double t, double *scratch_w,
                       double *scratch_s)
{
    double rest = 1 - m->weights[k];
    for (size_t j = 0; j < m->n_criteria; j++)
        scratch_w[j] = j == k ? t : m->weights[j] * (1 - t) / rest;
    sens_rescore(m, s, scratch_w, scratch_s);
    double v = 0;
    for (size_t i = 0; i < m->n_projects; i++)
        v += x[i] ? scratch_s[i] : 0;
    return v;
}

/* The brute-force optimum under criterion k at weight t. */
static double optimum_at(const model *m, const score_result *s, size_t k, double t, double *w, double *sc)
{
    double rest = 1 - m->weights[k];
    for (size_t j = 0; j < m->n_criteria; j++)
        w[j] = j == k ? t : m->weights[j] * (1 - t) / rest;
    sens_rescore(m, s, w, sc);
    double best = 0;
    bool found = oracle_optimum(m, sc, &best);
    assert_true(found);
    return best;
}

static void ranges_hold_on_a_fine_grid_and_edges_are_optimal(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t checked = 0, edges = 0;
    for (unsigned long seed = 1; seed <= 40; seed++) {
        gsl_rng_set(rng, 700 + seed);
        size_t n = 8, nk = 3;
        double score[32];
        model *m = random_model(rng, n, 2, score);
        /* Three criteria with random normalised values and weights. */
        double raw[3];
        for (size_t k = 0; k < nk; k++)
            raw[k] = 0.2 + gsl_rng_uniform(rng);
        score_result s;
        random_criteria(rng, m, nk, raw, &s, score);
        arena a = {0};
        solve_rules rules;
        solve_result base;
        SOLVE_EXACTLY(m, score, &a, &rules, &base);
        if (base.status != SOLVE_OPTIMAL) {
            arena_clear(&a);
            model_free(m);
            continue;
        }
        solve_options opt;
        solve_options_init(&opt);
        sens_options so;
        sens_options_init(&so);
        so.max_solves = 1000;
        so.budget = 600;
        so.split_seconds = seed % 2 == 0 ? 0 : INFINITY; /* both sides in one process, or one each */
        sens_result sr;
        assert_int_equal(sens_weights(m, &s, &rules, &opt, &base, &so, &a, &sr), FOLIO_OK);
        /* With room for two criteria's worst cases, the first two are analysed as before (the other
         * way split) and the third is not. */
        sens_result two;
        so.max_solves = 2 * SENS_SOLVES_PER_CRITERION;
        so.split_seconds = seed % 2 == 0 ? INFINITY : 0;
        assert_int_equal(sens_weights(m, &s, &rules, &opt, &base, &so, &a, &two), FOLIO_OK);
        assert_true(two.solves <= so.max_solves);
        assert_false(two.criteria[2].analysed);
        assert_true(two.criteria[2].stable_from == two.criteria[2].weight &&
                    two.criteria[2].stable_to == two.criteria[2].weight);
        for (size_t k = 0; k < 2; k++) {
            const sens_criterion *c = &sr.criteria[k], *d = &two.criteria[k];
            assert_true(d->analysed && d->stable_from == c->stable_from && d->stable_to == c->stable_to);
            const sens_edge *ce[2] = {&c->below, &c->above}, *de[2] = {&d->below, &d->above};
            for (int e = 0; e < 2; e++) {
                assert_int_equal(ce[e]->changes, de[e]->changes);
                assert_int_equal(ce[e]->n_enter, de[e]->n_enter);
                assert_int_equal(ce[e]->n_leave, de[e]->n_leave);
                assert_true(!ce[e]->changes || ce[e]->at == de[e]->at);
                for (size_t q = 0; q < ce[e]->n_enter; q++)
                    assert_int_equal(ce[e]->enter[q], de[e]->enter[q]);
                for (size_t q = 0; q < ce[e]->n_leave; q++)
                    assert_int_equal(ce[e]->leave[q], de[e]->leave[q]);
            }
        }
        double w[8], sc[32];
        for (size_t k = 0; k < nk; k++) {
            const sens_criterion *c = &sr.criteria[k];
            assert_true(c->analysed);
            assert_true(c->stable_from <= c->weight + 1e-12 && c->weight <= c->stable_to + 1e-12);
            /* Inside the range the current portfolio is optimal at every grid weight. */
            for (double t = c->stable_from; t <= c->stable_to + 1e-12; t += 0.0005) {
                double opt_v = optimum_at(m, &s, k, t, w, sc);
                double mine = value_at(m, &s, base.selected, k, t, w, sc);
                if (mine < opt_v - 1e-9)
                    fail_msg("seed %lu, c%zu at %.4f (range %.4f..%.4f): current %.9f, optimum %.9f", seed, k, t,
                             c->stable_from, c->stable_to, mine, opt_v);
                checked++;
            }
            /* Just past each end, the portfolio reported is optimal there and differs from now. */
            const sens_edge *ends[2] = {&c->below, &c->above};
            for (int e = 0; e < 2; e++) {
                if (!ends[e]->changes)
                    continue;
                assert_true(fabs(ends[e]->at - (e == 0 ? c->stable_from : c->stable_to)) <= 0.001 + 1e-12);
                assert_true(ends[e]->n_enter + ends[e]->n_leave > 0);
                bool x[32];
                for (size_t i = 0; i < n; i++)
                    x[i] = base.selected[i];
                for (size_t q = 0; q < ends[e]->n_enter; q++)
                    x[ends[e]->enter[q]] = true;
                for (size_t q = 0; q < ends[e]->n_leave; q++)
                    x[ends[e]->leave[q]] = false;
                assert_true(oracle_feasible(m, x));
                double opt_v = optimum_at(m, &s, k, ends[e]->at, w, sc);
                assert_true(fabs(value_at(m, &s, x, k, ends[e]->at, w, sc) - opt_v) <= 1e-9);
                edges++;
            }
        }
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(checked > 1000);
    assert_true(edges > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranges_hold_on_a_fine_grid_and_edges_are_optimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
