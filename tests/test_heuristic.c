/* test_heuristic.c - every plan the primal heuristic returns satisfies every rule, and is close. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "heuristic.h"
#include "random_model.h"
#include "test_support.h"

/* A random instance of n projects, timed (per-period limits, start windows, precedence) or not.
 * Free with model_free(). */
static model *random_instance(gsl_rng *rng, bool timed, size_t n, double *score)
{
    return timed ? random_timed_model(rng, n, 2, 2 + gsl_rng_uniform_int(rng, 3), score)
                 : random_model(rng, n, 1 + gsl_rng_uniform_int(rng, 3), score);
}

/* A plan's value recomputed from the scores and the delay penalty. */
static double worth(const model *m, const double *score, const bool *sel, const size_t *start)
{
    double v = 0;
    for (size_t i = 0; i < m->n_projects; i++)
        v += sel[i] ? score[i] * pow(1.0 - m->rules.delay_penalty, (double)(start[i] - m->projects[i].start_min)) : 0;
    return v;
}

/* On random instances (dependencies, exclusions, must-do, policies, and with per-period limits,
 * start windows and precedence), under every kind of guidance, a plan is either refused or
 * satisfies every rule. */
static void plans_satisfy_every_rule(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t found = 0, tried = 0, near = 0;
    for (unsigned long seed = 1; seed <= 600; seed++) {
        gsl_rng_set(rng, 9000 + seed);
        bool timed = seed % 2 == 0;
        size_t n = 4 + gsl_rng_uniform_int(rng, timed ? 4 : 10);
        double score[32];
        model *m = random_instance(rng, timed, n, score);
        bool sel[32];
        size_t start[32];
        double value = -1;
        /* Every guidance the solver gives it: none, an LP-like priority and preferred starts,
         * or prices for each capacity (as the LP's duals are, some of them 0). */
        double period[64], total[8], priority[32];
        size_t preferred[32];
        heur_weights w = {NULL, NULL, NULL, NULL};
        if (seed % 3 == 1) {
            for (size_t i = 0; i < n; i++) {
                priority[i] = gsl_rng_uniform(rng);
                const model_project *p = &m->projects[i];
                preferred[i] = p->start_min + gsl_rng_uniform_int(rng, p->start_max - p->start_min + 1);
            }
            w.priority = priority;
            w.preferred = preferred;
        } else if (seed % 3 == 2) {
            for (size_t k = 0; k < m->n_capacities * m->n_periods; k++)
                period[k] = gsl_rng_uniform(rng) < 0.3 ? 0.0 : gsl_rng_uniform(rng);
            for (size_t c = 0; c < m->n_capacities; c++)
                total[c] = gsl_rng_uniform(rng) < 0.5 ? 0.0 : gsl_rng_uniform(rng);
            w.period = period;
            w.total = total;
        }
        tried++;
        if (heur_plan(m, score, w, 1.0, sel, start, &value)) {
            found++;
            bool ok = timed ? oracle_timed_feasible(m, sel, start) : oracle_feasible(m, sel);
            if (!ok)
                fail_msg("seed %lu: the heuristic's plan breaks a rule", seed);
            assert_rel(value, worth(m, score, sel, start), 1e-9);
            double best = 0;
            size_t best_delay = 0;
            bool feasible = timed ? oracle_timed_optimum(m, score, &best, &best_delay) : oracle_optimum(m, score, &best);
            assert_true(feasible);
            assert_true(value <= best + 1e-9);
            near += value >= 0.9 * best;
        }
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(found > tried / 2);
    assert_true(near > found * 8 / 10); /* within 10% of the optimum on most instances */
}

typedef bool (*improver)(const model *m, const double *score, double time_limit, unsigned stream, bool *selected,
                         size_t *start, double *value, heur_progress better);

/* The values an improver told of as it went. */
typedef struct told {
    size_t n;
    double last;
    bool rising; /* each no less than the one before */
} told;

static void note_told(void *ctx, double value)
{
    told *t = ctx;
    t->rising &= t->n == 0 || value >= t->last;
    t->last = value;
    t->n++;
}

/* Improves the plan sel/start (worth before) with improve for up to seconds, and checks the result:
 * it satisfies every rule, is worth what improve reports, no less than before and no more than the
 * brute-force optimum. Counts into counts[0] whether it improved, [1] and [2] whether the plan was
 * optimal before and after. */
static void check_improved(const model *m, const double *score, unsigned long seed, bool timed, improver improve,
                           double seconds, bool *sel, size_t *start, double before, size_t counts[3])
{
    double best = 0, after = -1;
    size_t best_delay = 0;
    bool feasible = timed ? oracle_timed_optimum(m, score, &best, &best_delay) : oracle_optimum(m, score, &best);
    assert_true(feasible);
    /* Any random stream (searches side by side take different ones) keeps every property. */
    told t = {0, 0, true};
    assert_true(improve(m, score, seconds, (unsigned)(seed % 4), sel, start, &after, (heur_progress){note_told, &t}));
    /* What it told on the way rose to the plan it ends with. */
    assert_true(t.rising);
    if (t.n > 0)
        assert_rel(t.last, after, 1e-12);
    bool ok = timed ? oracle_timed_feasible(m, sel, start) : oracle_feasible(m, sel);
    if (!ok)
        fail_msg("seed %lu: the improved plan breaks a rule", seed);
    assert_rel(after, worth(m, score, sel, start), 1e-9);
    assert_true(after >= before - 1e-9 * fabs(before));
    assert_true(after <= best + 1e-9 * fmax(1.0, best));
    counts[0] += after > before + 1e-9;
    counts[1] += before >= best - 1e-9 * fmax(1.0, best);
    counts[2] += after >= best - 1e-9 * fmax(1.0, best);
}

/* The iterated local search, from the local search's plan on the same kind of instances: its plan
 * satisfies every rule, is worth what it reports, never less than the plan it started from nor more
 * than the brute-force optimum, and reaches that optimum more often. The kicks' count (50 per
 * project) ends each search here, not the time limit, so the outcome is the same on every run. */
static void improved_plans_satisfy_every_rule_and_reach_the_optimum_more_often(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t found = 0, counts[3] = {0, 0, 0}; /* improved, optimal before, optimal after */
    for (unsigned long seed = 1; seed <= 400; seed++) {
        gsl_rng_set(rng, 7000 + seed);
        bool timed = seed % 2 == 0;
        size_t n = 6 + gsl_rng_uniform_int(rng, timed ? 4 : 9);
        double score[32];
        model *m = random_instance(rng, timed, n, score);
        bool sel[32];
        size_t start[32];
        double before = -1;
        if (heur_plan(m, score, (heur_weights){NULL, NULL, NULL, NULL}, 10.0, sel, start, &before)) {
            found++;
            check_improved(m, score, seed, timed, heur_improve, 10.0, sel, start, before, counts);
        }
        model_free(m);
    }
    gsl_rng_free(rng);
    print_message("iterated search: %zu plans, optimal %zu before and %zu after, %zu improved\n", found, counts[1],
                  counts[2], counts[0]);
    assert_true(found > 200);
    assert_true(counts[0] > 0);
    assert_true(counts[2] > counts[1]);
}

/* The swap search, from the local search's plan, on the same kind of instances with one start per
 * project (the time-phased ones' windows closed to their earliest start): its plan satisfies every
 * rule, is worth what it reports, never less than the plan it started from nor more than the
 * brute-force optimum, and reaches that optimum on most instances. Where it does not apply (start
 * windows) it leaves the plan as it is. */
static void swapped_plans_satisfy_every_rule_and_reach_the_optimum(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t searched = 0, left = 0, counts[3] = {0, 0, 0}; /* improved, optimal before, optimal after */
    for (unsigned long seed = 1; seed <= 400; seed++) {
        gsl_rng_set(rng, 6000 + seed);
        bool timed = seed % 2 == 0;
        size_t n = 6 + gsl_rng_uniform_int(rng, timed ? 4 : 9);
        double score[32];
        model *m = random_instance(rng, timed, n, score);
        bool windows = false;
        for (size_t i = 0; i < n; i++)
            windows |= m->projects[i].start_max > m->projects[i].start_min;
        if (timed && windows && seed % 4 == 0) { /* keep the windows: nothing to do */
            bool sel[32], was[32];
            size_t start[32], was_start[32];
            double v = -1;
            if (heur_plan(m, score, (heur_weights){NULL, NULL, NULL, NULL}, 10.0, sel, start, &v)) {
                memcpy(was, sel, sizeof was);
                memcpy(was_start, start, sizeof was_start);
                assert_false(heur_swap_applies(m, sel));
                assert_true(heur_swap(m, score, 0.01, 0, sel, start, NULL, (heur_progress){NULL, NULL}));
                assert_memory_equal(sel, was, n * sizeof *sel);
                assert_memory_equal(start, was_start, n * sizeof *start);
                left++;
            }
            model_free(m);
            continue;
        }
        for (size_t i = 0; i < n; i++)
            m->projects[i].start_max = m->projects[i].start_min;
        bool sel[32];
        size_t start[32];
        double before = -1;
        if (heur_plan(m, score, (heur_weights){NULL, NULL, NULL, NULL}, 10.0, sel, start, &before) &&
            heur_swap_applies(m, sel)) {
            searched++;
            check_improved(m, score, seed, timed, heur_swap, 0.01, sel, start, before, counts);
        }
        model_free(m);
    }
    gsl_rng_free(rng);
    print_message("swap search: %zu plans, optimal %zu before and %zu after, %zu improved; %zu left as they were\n",
                  searched, counts[1], counts[2], counts[0], left);
    assert_true(searched > 200 && left > 20);
    assert_true(counts[0] > 0);
    assert_true(counts[2] > counts[1] && counts[2] >= searched * 9 / 10); /* 237 of 237 here */
}

/* Each decision of a plan that satisfies every rule forced the other way, on the same kind of
 * instances: the forced plan, when there is one, satisfies every rule, has the decision forced,
 * is worth what it reports and no more than the brute-force optimum with the decision forced; and
 * it is found for most decisions that can be forced, mostly within 10% of that optimum. */
static void forced_plans_satisfy_every_rule_and_stay_below_the_forced_optimum(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t possible = 0, found = 0, near = 0, optimal = 0;
    for (unsigned long seed = 1; seed <= 300; seed++) {
        gsl_rng_set(rng, 5000 + seed);
        bool timed = seed % 2 == 0;
        size_t n = 4 + gsl_rng_uniform_int(rng, timed ? 4 : 8);
        double score[32];
        model *m = random_instance(rng, timed, n, score);
        bool base[32], sel[32];
        size_t base_start[32], start[32];
        double base_value = 0;
        if (!heur_plan(m, score, (heur_weights){NULL, NULL, NULL, NULL}, 10.0, base, base_start, &base_value)) {
            model_free(m);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            model_project *p = &m->projects[i];
            if (p->must || p->exclude)
                continue;
            bool in = !base[i];
            double value = -1;
            bool got = heur_force(m, score, base, base_start, i, in, sel, start, &value);
            if (got) {
                bool ok = timed ? oracle_timed_feasible(m, sel, start) : oracle_feasible(m, sel);
                if (!ok || sel[i] != in)
                    fail_msg("seed %lu, P%02zu forced %s: the plan breaks a rule", seed, i, in ? "in" : "out");
                assert_rel(value, worth(m, score, sel, start), 1e-9);
            }
            double best = 0;
            bool feasible = oracle_forced_optimum(m, score, i, in ? ORACLE_IN : ORACLE_OUT, &best);
            if (got && !feasible)
                fail_msg("seed %lu, P%02zu forced %s: a plan where brute force finds none", seed, i, in ? "in" : "out");
            if (!feasible)
                continue;
            possible++;
            if (!got)
                continue;
            found++;
            if (value > best + 1e-9 * fmax(1.0, best))
                fail_msg("seed %lu, P%02zu forced %s: %.12f above the optimum %.12f", seed, i, in ? "in" : "out",
                         value, best);
            near += value >= 0.9 * best;
            optimal += value >= best - 1e-9 * fmax(1.0, best);
        }
        model_free(m);
    }
    gsl_rng_free(rng);
    print_message("forced plans: %zu decisions can be forced, %zu found, %zu within 10%%, %zu optimal\n", possible,
                  found, near, optimal);
    assert_true(possible > 500);
    assert_true(found > possible * 8 / 10);
    assert_true(near > found * 8 / 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plans_satisfy_every_rule),
        cmocka_unit_test(improved_plans_satisfy_every_rule_and_reach_the_optimum_more_often),
        cmocka_unit_test(swapped_plans_satisfy_every_rule_and_reach_the_optimum),
        cmocka_unit_test(forced_plans_satisfy_every_rule_and_stay_below_the_forced_optimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
