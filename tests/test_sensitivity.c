/* test_sensitivity.c - weight ranges checked against brute force over a fine grid of weights, and
 * their exact ends (where two plans' objectives cross) on both sides. */
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

/* A random model of n projects (timed: over 3 periods, with start windows) with three criteria of
 * random normalised values and weights, solved exactly into base; NULL (model freed, a cleared)
 * when that is not a proven optimum. */
static model *weighted_instance(gsl_rng *rng, size_t n, bool timed, arena *a, score_result *s, plan_rules *rules,
                                solve_result *base)
{
    double score[32], raw[3];
    model *m = timed ? random_timed_model(rng, n, 2, 3, score) : random_model(rng, n, 2, score);
    for (size_t k = 0; k < 3; k++)
        raw[k] = 0.2 + gsl_rng_uniform(rng);
    random_criteria(rng, m, 3, raw, s, score);
    SOLVE_EXACTLY(m, score, a, rules, base);
    if (base->status == SOLVE_OPTIMAL)
        return m;
    arena_clear(a);
    model_free(m);
    return NULL;
}

/* Inside criterion k's range the current portfolio is optimal at every grid weight (step apart);
 * counts them into *checked. */
static void check_inside(const model *m, const score_result *s, const bool *base, size_t k, const sens_criterion *c,
                         unsigned long seed, double step, size_t *checked)
{
    double w[8], sc[32];
    for (double t = c->stable_from; t <= c->stable_to + 1e-12; t += step) {
        double opt_v = optimum_at(m, s, k, t, w, sc);
        double mine = value_at(m, s, base, k, t, w, sc);
        if (mine < opt_v - 1e-9)
            fail_msg("seed %lu, c%zu at %.4f (range %.4f..%.4f, %s): current %.9f, optimum %.9f", seed, k, t,
                     c->stable_from, c->stable_to, c->exact ? "exact" : "not exact", mine, opt_v);
        (*checked)++;
    }
}

/* The portfolio just past an edge (the current one with its projects entering and leaving) is
 * feasible and optimal there; its objective there. */
static double check_edge(const model *m, const score_result *s, const bool *base, size_t k, const sens_edge *e)
{
    double w[8], sc[32];
    bool x[32];
    for (size_t i = 0; i < m->n_projects; i++)
        x[i] = base[i];
    for (size_t q = 0; q < e->n_enter; q++)
        x[e->enter[q]] = true;
    for (size_t q = 0; q < e->n_leave; q++)
        x[e->leave[q]] = false;
    assert_true(oracle_feasible(m, x));
    double opt_v = optimum_at(m, s, k, e->at, w, sc);
    assert_true(fabs(value_at(m, s, x, k, e->at, w, sc) - opt_v) <= 1e-9);
    return opt_v;
}

static void ranges_hold_on_a_fine_grid_and_edges_are_optimal(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t checked = 0, edges = 0, exact = 0, checked_1ms = 0, inexact = 0, proven_1ms = 0, unproven_1ms = 0;
    for (unsigned long seed = 1; seed <= ORACLE_INSTANCES(40); seed++) {
        gsl_rng_set(rng, 700 + seed);
        size_t n = 8, nk = 3;
        score_result s;
        arena a = {0};
        plan_rules rules;
        solve_result base;
        model *m = weighted_instance(rng, n, false, &a, &s, &rules, &base);
        if (m == NULL)
            continue;
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
            assert_true(c->exact);
            /* Inside the range the current portfolio is optimal at every grid weight. */
            check_inside(m, &s, base.selected, k, c, seed, 0.0005, &checked);
            /* Just past each end, the portfolio reported is optimal there and differs from now. */
            const sens_edge *ends[2] = {&c->below, &c->above};
            for (int e = 0; e < 2; e++) {
                if (!ends[e]->changes)
                    continue;
                assert_true(fabs(ends[e]->at - (e == 0 ? c->stable_from : c->stable_to)) <= 0.001 + 1e-12);
                assert_true(ends[e]->n_enter + ends[e]->n_leave > 0 && ends[e]->proven);
                double opt_v = check_edge(m, &s, base.selected, k, ends[e]);
                edges++;
                /* An exact end (where the two plans' objectives cross): the current portfolio is
                 * still optimal there, and a step of 1e-4 further on it is not. */
                double stable = e == 0 ? c->stable_from : c->stable_to;
                if (ends[e]->at == stable) {
                    exact++;
                    assert_true(value_at(m, &s, base.selected, k, stable, w, sc) >= opt_v - 1e-9);
                    double past = e == 0 ? stable - 1e-4 : stable + 1e-4;
                    if (past >= 0 && past <= 1) {
                        double beyond = optimum_at(m, &s, k, past, w, sc);
                        assert_true(value_at(m, &s, base.selected, k, past, w, sc) < beyond - 1e-12);
                    }
                }
            }
        }
        /* With re-solves too short for a proof (1 ms), a range never claims more than is proven:
         * the current portfolio is optimal at every grid weight inside it whether or not a re-solve
         * stopped. A criterion is exact only when none did, and its edges are then proven. An edge
         * marked proven is optimal where it says, whether or not its criterion is exact; flips come
         * only from exact criteria. */
        opt.time_limit = 1e-3;
        so.max_solves = 1000;
        assert_int_equal(sens_weights(m, &s, &rules, &opt, &base, &so, &a, &sr), FOLIO_OK);
        for (size_t k = 0; k < nk; k++) {
            const sens_criterion *c = &sr.criteria[k];
            assert_true(c->analysed && c->stable_from <= c->weight + 1e-12 && c->weight <= c->stable_to + 1e-12);
            check_inside(m, &s, base.selected, k, c, seed, 0.001, &checked_1ms);
            inexact += !c->exact;
            for (int e = 0; e < 2; e++) {
                const sens_edge *edge = e == 0 ? &c->below : &c->above;
                if (!edge->changes)
                    continue;
                assert_true(edge->proven || !c->exact);
                if (edge->proven) {
                    assert_true(edge->n_enter + edge->n_leave > 0);
                    check_edge(m, &s, base.selected, k, edge);
                    proven_1ms++;
                } else {
                    unproven_1ms++;
                }
            }
        }
        for (size_t q = 0; q < sr.n_flips; q++)
            assert_true(sr.criteria[sr.flips[q].criterion].exact);
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    print_message("sensitivity: %zu grid weights checked, %zu edges, %zu of them exact\n", checked, edges, exact);
    print_message("at 1 ms: %zu grid weights checked, %zu criteria not exact, edges %zu proven and %zu not\n",
                  checked_1ms, inexact, proven_1ms, unproven_1ms);
    assert_true(checked_1ms > ORACLE_AT_LEAST(500) && inexact > 0 && unproven_1ms > 0);
    assert_true(checked > ORACLE_AT_LEAST(1000));
    assert_true(edges > ORACLE_AT_LEAST(20));
    assert_true(exact * 10 >= edges * 9); /* weighted sums: the crossings find (nearly) every end exactly */
}

/* The brute-force optimum of the timed model under criterion k at weight t; with only != NULL,
 * over the plans whose selection is only (the rest out, by must-do and exclusion). */
static double timed_optimum_at(model *m, const score_result *s, size_t k, double t, const bool *only, double *w,
                               double *sc)
{
    double rest = 1 - m->weights[k];
    for (size_t j = 0; j < m->n_criteria; j++)
        w[j] = j == k ? t : m->weights[j] * (1 - t) / rest;
    sens_rescore(m, s, w, sc);
    bool must[16], exclude[16];
    for (size_t i = 0; only != NULL && i < m->n_projects; i++) {
        must[i] = m->projects[i].must;
        exclude[i] = m->projects[i].exclude;
        m->projects[i].must = only[i];
        m->projects[i].exclude = !only[i];
    }
    double best = -INFINITY;
    size_t delay;
    bool found = oracle_timed_optimum(m, sc, &best, &delay);
    for (size_t i = 0; only != NULL && i < m->n_projects; i++) {
        m->projects[i].must = must[i];
        m->projects[i].exclude = exclude[i];
    }
    return found ? best : -INFINITY;
}

/* Time-phased models with a delay penalty, where a plan is a selection and its starts and the
 * optimum can keep the selection with other starts: inside each range the current selection (at
 * its best starts) is optimal on a grid, and the selection reported just past each end is optimal
 * there. */
static void timed_ranges_hold_on_a_grid(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t checked = 0, edges = 0;
    for (unsigned long seed = 1; seed <= ORACLE_INSTANCES(30); seed++) {
        gsl_rng_set(rng, 900 + seed);
        size_t n = 5, nk = 3;
        score_result s;
        arena a = {0};
        plan_rules rules;
        solve_result base;
        model *m = weighted_instance(rng, n, true, &a, &s, &rules, &base);
        if (m == NULL)
            continue;
        solve_options opt;
        solve_options_init(&opt);
        sens_options so;
        sens_options_init(&so);
        so.budget = 600;
        so.split_seconds = seed % 2 == 0 ? 0 : INFINITY;
        sens_result sr;
        assert_int_equal(sens_weights(m, &s, &rules, &opt, &base, &so, &a, &sr), FOLIO_OK);
        double w[8], sc[32];
        for (size_t k = 0; k < nk; k++) {
            const sens_criterion *c = &sr.criteria[k];
            assert_true(c->analysed);
            assert_true(c->stable_from <= c->weight + 1e-12 && c->weight <= c->stable_to + 1e-12);
            for (double t = c->stable_from; t <= c->stable_to + 1e-12; t += 0.002) {
                double opt_v = timed_optimum_at(m, &s, k, t, NULL, w, sc);
                double mine = timed_optimum_at(m, &s, k, t, base.selected, w, sc);
                if (mine < opt_v - 1e-9)
                    fail_msg("seed %lu, c%zu at %.4f (range %.4f..%.4f): current %.9f, optimum %.9f", seed, k, t,
                             c->stable_from, c->stable_to, mine, opt_v);
                checked++;
            }
            const sens_edge *ends[2] = {&c->below, &c->above};
            for (int e = 0; e < 2; e++) {
                if (!ends[e]->changes)
                    continue;
                assert_true(fabs(ends[e]->at - (e == 0 ? c->stable_from : c->stable_to)) <= 0.001 + 1e-12);
                bool x[16];
                for (size_t i = 0; i < n; i++)
                    x[i] = base.selected[i];
                for (size_t q = 0; q < ends[e]->n_enter; q++)
                    x[ends[e]->enter[q]] = true;
                for (size_t q = 0; q < ends[e]->n_leave; q++)
                    x[ends[e]->leave[q]] = false;
                double opt_v = timed_optimum_at(m, &s, k, ends[e]->at, NULL, w, sc);
                assert_true(fabs(timed_optimum_at(m, &s, k, ends[e]->at, x, w, sc) - opt_v) <= 1e-9);
                edges++;
            }
        }
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    print_message("timed sensitivity: %zu grid weights checked, %zu edges\n", checked, edges);
    assert_true(checked > ORACLE_AT_LEAST(1000));
    assert_true(edges > ORACLE_AT_LEAST(10));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranges_hold_on_a_fine_grid_and_edges_are_optimal),
        cmocka_unit_test(timed_ranges_hold_on_a_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
