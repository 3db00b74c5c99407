/* test_tradeoffs.c - every frontier point, force delta and capacity value against brute force. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "random_model.h"
#include "test_support.h"
#include "sensitivity.h"
#include "tradeoffs.h"

/* Scales capacity c's limits (per period and total) of m by f, or restores them from saved. */
static void scale(model *m, size_t c, double f, const double *saved_limits, const double *saved_totals)
{
    for (size_t t = 0; t < m->n_periods; t++) {
        double l = saved_limits[c * m->n_periods + t];
        m->limits[c * m->n_periods + t] = isfinite(l) ? l * f : l;
    }
    m->totals[c] = isfinite(saved_totals[c]) ? saved_totals[c] * f : saved_totals[c];
}

static size_t admits_checked, needs_checked, blocked_checked, steps_checked;

static bool plan_fits(const model *m, const bool *x, const size_t *start)
{
    return oracle_timed_feasible(m, x, start);
}

/* Raises (sign +1) or lowers back (sign -1) the limits of the rules in needs by their extras. */
static void raise(model *m, const plan_rules *rules, const trade_need *needs, size_t n_needs, double sign)
{
    for (size_t k = 0; k < n_needs; k++) {
        const plan_rule *r = &rules->items[needs[k].rule];
        if (r->kind == RULE_CAPACITY)
            m->limits[r->a * m->n_periods + r->t] += sign * needs[k].extra;
        else
            m->totals[r->a] += sign * needs[k].extra;
    }
}

/* The plan of admits chosen (base plus each one's project and dependencies at their starts). */
static double admit_plan(const model *m, const double *score, const solve_result *base, const trade_admit *const *ads,
                         size_t count, bool *x, size_t *start)
{
    double v = 0;
    for (size_t i = 0; i < m->n_projects; i++) {
        x[i] = base->selected[i];
        start[i] = base->start[i];
    }
    for (size_t k = 0; k < count; k++) {
        const trade_admit *ad = ads[k];
        for (size_t q = 0; q <= ad->n_with; q++) {
            size_t j = q == 0 ? ad->project : ad->with[q - 1];
            if (x[j])
                continue;
            x[j] = true;
            start[j] = q == 0 ? ad->start : m->projects[j].start_min;
            v += score[j] * pow(1 - m->rules.delay_penalty, (double)(start[j] - m->projects[j].start_min));
        }
    }
    return v;
}

static void check_admits(model *m, const double *score, const plan_rules *rules, const solve_result *base,
                         const trade_result *tr, unsigned long seed)
{
    bool x[32];
    size_t start[32];
    for (size_t q = 0; q < tr->n_admits; q++) {
        const trade_admit *ad = &tr->admits[q];
        assert_false(base->selected[ad->project]);
        const trade_admit *one[1] = {ad};
        double gain = admit_plan(m, score, base, one, 1, x, start);
        assert_true(fabs(gain - ad->gain) < 1e-12);
        admits_checked++;
        if (ad->blocked != NULL) {
            blocked_checked++;
            /* No capacity fixes it: with every limit lifted, no start of the project works. */
            double saved_l[64], saved_t[8];
            size_t nl = m->n_capacities * m->n_periods;
            memcpy(saved_l, m->limits, nl * sizeof *saved_l);
            memcpy(saved_t, m->totals, m->n_capacities * sizeof *saved_t);
            for (size_t k = 0; k < nl; k++)
                m->limits[k] = INFINITY;
            for (size_t c = 0; c < m->n_capacities; c++)
                m->totals[c] = INFINITY;
            const model_project *p = &m->projects[ad->project];
            for (size_t st = p->start_min; st <= p->start_max; st++) {
                start[ad->project] = st;
                if (plan_fits(m, x, start))
                    fail_msg("seed %lu: %s is said blocked (%s) but fits at start %zu", seed, p->id, ad->blocked, st);
            }
            memcpy(m->limits, saved_l, nl * sizeof *saved_l);
            memcpy(m->totals, saved_t, m->n_capacities * sizeof *saved_t);
            continue;
        }
        raise(m, rules, ad->needs, ad->n_needs, 1);
        if (!plan_fits(m, x, start))
            fail_msg("seed %lu: admitting %s with the extra capacity named does not fit", seed, m->projects[ad->project].id);
        raise(m, rules, ad->needs, ad->n_needs, -1);
        for (size_t k = 0; k < ad->n_needs; k++) {
            assert_true(ad->needs[k].extra > 0);
            needs_checked++;
            trade_need less = ad->needs[k];
            less.extra -= 1e-6 * fmax(1.0, less.extra);
            raise(m, rules, ad->needs, ad->n_needs, 1);
            raise(m, rules, &ad->needs[k], 1, -1);
            raise(m, rules, &less, 1, 1);
            assert_false(plan_fits(m, x, start));
            raise(m, rules, &less, 1, -1);
            raise(m, rules, &ad->needs[k], 1, 1);
            raise(m, rules, ad->needs, ad->n_needs, -1);
        }
    }
    /* The hiring plan: each step's cumulative needs admit every project of the steps so far. */
    const trade_admit *steps[16];
    for (size_t k = 0; k < tr->n_plan; k++) {
        const trade_hire *h = &tr->plan[k];
        for (size_t q = 0; q < tr->n_admits; q++)
            if (tr->admits[q].project == h->project)
                steps[k] = &tr->admits[q];
        double gain = admit_plan(m, score, base, steps, k + 1, x, start);
        assert_true(fabs(gain - h->gain) < 1e-9);
        raise(m, rules, h->needs, h->n_needs, 1);
        assert_true(plan_fits(m, x, start));
        steps_checked++;
        raise(m, rules, h->needs, h->n_needs, -1);
    }
}

static size_t surfaces_checked, lowest_checked, lowest_raised;

/* The surface: each cell is the optimum with both capacities' limits scaled; the row at the second
 * capacity's current limits is the frontier; the objective never falls across nor down. Returns how
 * many cells were compared. */
static size_t check_surface(model *m, const double *score, unsigned long seed, const trade_options *to,
                            const trade_result *tr, const double *saved_limits, const double *saved_totals)
{
    const trade_surface *s = &tr->surface;
    if (to->surface == SIZE_MAX) {
        assert_int_equal(s->capacity, SIZE_MAX);
        return 0;
    }
    assert_int_equal(s->capacity, to->surface);
    assert_true(s->n_rows >= 1 && s->n_rows <= to->surface_points + 1);
    assert_true(fabs(s->factor[s->current] - 1) < 1e-15);
    size_t compared = 0;
    const size_t cols = tr->n_points;
    for (size_t r = 0; r < s->n_rows; r++) {
        if (r > 0)
            assert_true(s->factor[r] > s->factor[r - 1]);
        for (size_t k = 0; k < cols; k++) {
            const size_t cell = r * cols + k;
            scale(m, tr->capacity, tr->points[k].factor, saved_limits, saved_totals);
            scale(m, s->capacity, s->factor[r], saved_limits, saved_totals);
            double best = 0;
            bool feasible = oracle_best(m, score, &best);
            if (feasible != (s->status[cell] == SOLVE_OPTIMAL))
                fail_msg("seed %lu surface cell %zu,%zu: brute force %s, folio %s", seed, r, k,
                         feasible ? "feasible" : "infeasible", solve_status_name(s->status[cell]));
            if (feasible && fabs(s->objective[cell] - best) > 1e-9)
                fail_msg("seed %lu surface cell %zu,%zu: objective %.12f, brute force %.12f", seed, r, k,
                         s->objective[cell], best);
            if (!feasible)
                assert_true(isnan(s->objective[cell]));
            if (r == s->current && feasible)
                assert_true(s->objective[cell] == tr->points[k].objective);
            /* More of either capacity never lowers the optimum. */
            if (feasible && k > 0 && isfinite(s->objective[cell - 1]))
                assert_true(s->objective[cell] >= s->objective[cell - 1] - 1e-9);
            if (feasible && r > 0 && isfinite(s->objective[cell - cols]))
                assert_true(s->objective[cell] >= s->objective[cell - cols] - 1e-9);
            compared++;
        }
    }
    scale(m, tr->capacity, 1, saved_limits, saved_totals);
    scale(m, s->capacity, 1, saved_limits, saved_totals);
    surfaces_checked++;
    return compared;
}

/* Frontier points, surface cells and capacity values whose re-solve stopped at its time limit, and
 * those of them with a plan, checked. */
static size_t stopped_cells, stopped_cell_plans;

/* One figure of a re-solve with the model as scaled now: exact (optimal or infeasible) as brute force
 * says, or stopped with a plan no better than the optimum and a bound no lower. base is subtracted
 * from the objective and the bound (a capacity value's change). */
static void check_resolve(model *m, const double *score, unsigned long seed, const char *what, solve_status st,
                          double objective, double bound, double base)
{
    double best = 0;
    bool feasible = oracle_best(m, score, &best);
    best -= base;
    if (st == SOLVE_OPTIMAL || st == SOLVE_INFEASIBLE) {
        assert_true(isnan(bound));
        if (feasible != (st == SOLVE_OPTIMAL) || (feasible && fabs(objective - best) > 1e-9))
            fail_msg("seed %lu %s: %s %.12f, brute force %s %.12f", seed, what, solve_status_name(st), objective,
                     feasible ? "feasible" : "infeasible", best);
        return;
    }
    if (isnan(bound)) { /* not analysed (the time budget), or no bound */
        assert_int_equal(st, SOLVE_NO_SOLUTION);
        return;
    }
    stopped_cells++;
    assert_true(st == SOLVE_FEASIBLE || st == SOLVE_NO_SOLUTION);
    if (st == SOLVE_FEASIBLE) {
        stopped_cell_plans++;
        if (!feasible || objective > best + 1e-9)
            fail_msg("seed %lu %s stopped: plan %.12f above the optimum %.12f", seed, what, objective, best);
    }
    if (feasible && best > bound + 1e-7)
        fail_msg("seed %lu %s stopped: optimum %.12f above the bound %.12f", seed, what, best, bound);
}

/* Decisions that can be forced the other way (by brute force), and how many of them got a forced
 * plan (force_feasible), over the instances a test has checked. */
static size_t forceable, forced_plans;
static size_t stopped_checked; /* decisions whose re-solve stopped at its time limit, checked */

/* Checks one analysis against brute force; returns how many figures were compared. */
static size_t check_analysis(model *m, const double *score, unsigned long seed)
{
    arena a = {0};
    plan_rules rules;
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
    to.split_seconds = seed % 2 == 0 ? 0 : INFINITY; /* with and without the worker process */
    if (m->n_capacities > 1 && seed % 3 == 1) { /* a surface over a second capacity */
        to.surface = (to.capacity + 1) % m->n_capacities;
        to.surface_points = 3;
    }
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
        bool feasible = oracle_best(m, score, &best);
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
    /* The frontier starts where a plan first meets every rule: its first point has one, and on a
     * single-period model none exists just below it (below the must-do projects' use, or where a
     * policy minimum or a dependency needs more). */
    assert_int_equal(tr.points[0].status, SOLVE_OPTIMAL);
    if (m->n_periods == 1 && tr.points[0].factor > 0) {
        scale(m, tr.capacity, tr.points[0].factor * (1 - 1e-6), saved_limits, saved_totals);
        double below = 0;
        if (oracle_best(m, score, &below))
            fail_msg("seed %lu: a plan exists below the frontier's first limit (factor %.6f)", seed,
                     tr.points[0].factor);
        lowest_checked++;
        bool must[32];
        for (size_t i = 0; i < n; i++)
            must[i] = m->projects[i].must;
        double need = 0, lim = saved_limits[tr.capacity], tot = saved_totals[tr.capacity];
        plan musts = {must, NULL};
        if (isfinite(lim) && lim > 0)
            need = plan_used(m, musts, tr.capacity, 0) / lim;
        if (isfinite(tot) && tot > 0)
            need = fmax(need, plan_used_total(m, musts, tr.capacity) / tot);
        lowest_raised += tr.points[0].factor > need * (1 + 1e-9) + 1e-12;
    }
    scale(m, tr.capacity, 1, saved_limits, saved_totals);
    compared += check_surface(m, score, seed, &to, &tr, saved_limits, saved_totals);

    /* Forcing each decision the other way (or lifting a must-do) against brute force. */
    double *exact_delta = malloc(n * sizeof *exact_delta); /* NaN: cannot be forced */
    assert_non_null(exact_delta);
    for (size_t i = 0; i < n; i++) {
        exact_delta[i] = NAN;
        const trade_force *f = &tr.force[i];
        model_project *p = &m->projects[i];
        if (p->exclude) {
            assert_int_equal(f->kind, FORCE_NONE);
            continue;
        }
        assert_int_equal(f->kind, p->must ? FORCE_MUST_OFF : base.selected[i] ? FORCE_OUT : FORCE_IN);
        double best = 0;
        bool feasible = oracle_forced_optimum(m, score, i,
                                              f->kind == FORCE_MUST_OFF ? ORACLE_FREE
                                              : f->kind == FORCE_OUT    ? ORACLE_OUT
                                                                        : ORACLE_IN,
                                              &best);
        if (feasible != (f->status == SOLVE_OPTIMAL))
            fail_msg("seed %lu, forcing P%02zu: brute force %s, folio %s", seed, i, feasible ? "feasible" : "infeasible",
                     solve_status_name(f->status));
        if (feasible)
            exact_delta[i] = best - base.objective;
        if (feasible && fabs(f->delta - (best - base.objective)) > 1e-9)
            fail_msg("seed %lu, forcing P%02zu: delta %.12f, brute force %.12f", seed, i, f->delta,
                     best - base.objective);
        if (feasible && f->kind != FORCE_MUST_OFF)
            assert_true(f->delta <= 1e-9); /* the base is optimal: forcing can only cost */
        if (feasible && f->kind == FORCE_MUST_OFF)
            assert_true(f->delta >= -1e-9); /* lifting a rule can only gain */
        assert_true(f->exact);
        /* The heuristic's plan with the decision forced is a plan: forcing never costs more than it
         * says, and there is none when forcing is impossible. */
        if (f->kind == FORCE_MUST_OFF)
            assert_true(f->feasible == 0.0);
        if (isfinite(f->feasible) && !feasible)
            fail_msg("seed %lu, forcing P%02zu: a forced plan where brute force finds none", seed, i);
        if (feasible && f->kind != FORCE_MUST_OFF) {
            forceable++;
            forced_plans += isfinite(f->feasible);
        }
        if (isfinite(f->feasible) && f->feasible > best - base.objective + 1e-9)
            fail_msg("seed %lu, forcing P%02zu: forced plan %.12f above the optimum's delta %.12f", seed, i,
                     f->feasible, best - base.objective);
        /* The LP's bound is valid: forcing never gains more than it allows. */
        if (f->kind != FORCE_MUST_OFF) {
            assert_true(isfinite(f->lp_bound) && f->lp_bound <= 1e-12);
            if (feasible && best - base.objective > f->lp_bound + 1e-7)
                fail_msg("seed %lu, forcing P%02zu: delta %.9f above the LP bound %.9f", seed, i, best - base.objective,
                         f->lp_bound);
        }
        compared++;
    }
    assert_true(tr.has_lp && tr.lp_objective >= base.objective - 1e-7);
    for (size_t c = 0; c < m->n_capacities; c++)
        assert_true(isnan(tr.caps[c].shadow) || tr.caps[c].shadow >= -1e-9);

    /* What would it take: the plan with the project (and what it depends on) added fits exactly
     * when every capacity rule named grows by its extra, and not when any one grows by less; a
     * blocked project breaks another rule at every start, whatever the capacity. */
    check_admits(m, score, &rules, &base, &tr, seed);

    /* With a budget of two re-solves, two decisions are re-solved (must-do ones first, then those
     * whose LP bound is nearest 0) and the rest keep their LP bound. */
    trade_result small;
    to.max_force = 2;
    to.points = 2;
    assert_int_equal(trade_analyse(m, score, &rules, &opt, &base, &to, &a, &small), FOLIO_OK);
    size_t eligible = 0, exact = 0;
    double worst_exact = INFINITY, best_bounded = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const trade_force *f = &small.force[i];
        if (f->kind == FORCE_NONE)
            continue;
        eligible++;
        exact += f->exact;
        if (f->kind != FORCE_MUST_OFF && f->exact)
            worst_exact = fmin(worst_exact, f->lp_bound);
        if (!f->exact) {
            assert_true(isnan(f->delta));
            /* Its interval holds the exact value: the feasible side (a forced plan's, or a plan of
             * another decision's re-solve that changes this one too) at most, the LP bound at
             * least. */
            if (isfinite(f->feasible) && !(f->feasible <= exact_delta[i] + 1e-9))
                fail_msg("seed %lu, P%02zu bounded: feasible side %.12f, exact %.12f", seed, i, f->feasible,
                         exact_delta[i]);
            if (f->kind != FORCE_MUST_OFF && isfinite(exact_delta[i]))
                assert_true(exact_delta[i] <= f->lp_bound + 1e-7);
            if (f->kind == FORCE_MUST_OFF)
                best_bounded = INFINITY;
            else
                best_bounded = fmax(best_bounded, f->lp_bound);
        }
    }
    /* With the re-solves' time limit too short for a proof (1 ms), a decision re-solved is exact
     * only when proven (optimal, or infeasible); one stopped before keeps an interval, raised and
     * lowered by the re-solve's own plan and bound, that holds the exact value. */
    trade_result cut;
    solve_options quick = opt;
    quick.time_limit = 1e-3;
    to.max_force = SIZE_MAX;
    assert_int_equal(trade_analyse(m, score, &rules, &quick, &base, &to, &a, &cut), FOLIO_OK);
    for (size_t i = 0; i < n; i++) {
        const trade_force *f = &cut.force[i];
        if (f->exact)
            assert_true(f->status == SOLVE_OPTIMAL || f->status == SOLVE_INFEASIBLE);
        if (!f->stopped)
            continue;
        stopped_checked++;
        assert_false(f->exact);
        assert_true(isnan(f->delta));
        assert_true(f->status == SOLVE_FEASIBLE || f->status == SOLVE_NO_SOLUTION);
        if (isfinite(f->feasible) && !(f->feasible <= exact_delta[i] + 1e-9))
            fail_msg("seed %lu, P%02zu stopped: feasible side %.12f, exact %.12f", seed, i, f->feasible, exact_delta[i]);
        if (isfinite(exact_delta[i]) && isfinite(f->lp_bound) && !(exact_delta[i] <= f->lp_bound + 1e-7))
            fail_msg("seed %lu, P%02zu stopped: exact %.12f above the upper side %.12f", seed, i, exact_delta[i],
                     f->lp_bound);
    }
    /* The same run's frontier, surface and capacity values: exact where proven, else an interval. */
    char what[64];
    for (size_t k = 0; k < cut.n_points; k++) {
        const trade_point *p = &cut.points[k];
        scale(m, cut.capacity, p->factor, saved_limits, saved_totals);
        snprintf(what, sizeof what, "1 ms frontier point %zu", k);
        check_resolve(m, score, seed, what, p->status, p->objective, p->bound, 0);
        if (cut.surface.capacity != SIZE_MAX) {
            const trade_surface *s = &cut.surface;
            for (size_t r = 0; r < s->n_rows; r++) {
                size_t cell = r * cut.n_points + k;
                scale(m, s->capacity, s->factor[r], saved_limits, saved_totals);
                snprintf(what, sizeof what, "1 ms surface cell %zu,%zu", r, k);
                check_resolve(m, score, seed, what, s->status[cell], s->objective[cell], s->bound[cell], 0);
            }
            scale(m, s->capacity, 1, saved_limits, saved_totals);
        }
    }
    scale(m, cut.capacity, 1, saved_limits, saved_totals);
    for (size_t c = 0; c < m->n_capacities; c++) {
        const trade_capacity *tc = &cut.caps[c];
        scale(m, c, 1.1, saved_limits, saved_totals);
        snprintf(what, sizeof what, "1 ms capacity %zu at +10%%", c);
        check_resolve(m, score, seed, what, tc->plus_status, tc->plus, tc->plus_bound, base.objective);
        scale(m, c, 0.9, saved_limits, saved_totals);
        snprintf(what, sizeof what, "1 ms capacity %zu at -10%%", c);
        check_resolve(m, score, seed, what, tc->minus_status, tc->minus, tc->minus_bound, base.objective);
        scale(m, c, 1, saved_limits, saved_totals);
    }
    free(exact_delta);
    assert_int_equal(exact, eligible < 2 ? eligible : 2);
    assert_int_equal(small.n_forced + small.n_bounded, eligible);
    assert_true(best_bounded <= worst_exact || worst_exact == INFINITY);

    /* Each capacity's limits at +10% and -10%. */
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (int side = 0; side < 2; side++) {
            scale(m, c, side == 0 ? 1.1 : 0.9, saved_limits, saved_totals);
            double best = 0;
            bool feasible = oracle_best(m, score, &best);
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
    forceable = forced_plans = stopped_checked = stopped_cells = stopped_cell_plans = 0;
    for (unsigned long seed = 1; seed <= ORACLE_INSTANCES(60); seed++) {
        gsl_rng_set(rng, 9100 + seed);
        double score[32];
        model *m = random_model(rng, 11, 1 + seed % 3, score);
        compared += check_analysis(m, score, seed);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(compared > ORACLE_AT_LEAST(1000));
    assert_true(surfaces_checked >= ORACLE_AT_LEAST(10)); /* every third instance, with two capacities */
    /* The first limit checked as the least on 31 instances, 15 of them above the must-do use. */
    print_message("frontier starts checked as the least: %zu, above the must-do use: %zu\n", lowest_checked,
                  lowest_raised);
    assert_true(lowest_checked >= ORACLE_AT_LEAST(25) && lowest_raised >= ORACLE_AT_LEAST(10));
    print_message("forced plans for %zu of %zu decisions that can be forced\n", forced_plans, forceable);
    assert_true(forceable > ORACLE_AT_LEAST(300) && forced_plans > forceable * 9 / 10);
    print_message("re-solves stopped at a 1 ms limit, their intervals checked: %zu\n", stopped_checked);
    assert_true(stopped_checked > 0);
    print_message("frontier points, surface cells and capacity values stopped at 1 ms: %zu, %zu with a plan\n",
                  stopped_cells, stopped_cell_plans);
    assert_true(stopped_cells > 0 && stopped_cell_plans > 0);
}

/* Two doubles that are the same number, NaN included. */
static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* The force deltas' bounds (the LP's, the forced plans') come out the same whether the forced plans
 * are shared with a worker process or all made here (the samples, which tests/test_cli.sh runs with
 * 1, 2 and 4 jobs, are too small for a worker to pay). */
static void force_deltas_same_with_and_without_a_worker(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t compared = 0, feasible_sides = 0;
    for (unsigned long seed = 1; seed <= ORACLE_INSTANCES(12); seed++) {
        gsl_rng_set(rng, 9500 + seed);
        double score[32];
        model *m = seed % 2 == 0 ? random_timed_model(rng, 6, 2, 3, score) : random_model(rng, 11, 1 + seed % 3, score);
        arena a = {0};
        plan_rules rules;
        solve_result base;
        SOLVE_EXACTLY(m, score, &a, &rules, &base);
        if (base.status == SOLVE_OPTIMAL) {
            solve_options opt;
            solve_options_init(&opt);
            trade_result tr[2];
            for (int k = 0; k < 2; k++) {
                trade_options to;
                trade_options_init(&to);
                to.points = 2;
                to.max_force = 0; /* the bounds alone: re-solves would raise the feasible sides too */
                to.split_seconds = k == 0 ? INFINITY : 0;
                assert_int_equal(trade_analyse(m, score, &rules, &opt, &base, &to, &a, &tr[k]), FOLIO_OK);
            }
            for (size_t i = 0; i < m->n_projects; i++) {
                const trade_force *f0 = &tr[0].force[i], *f1 = &tr[1].force[i];
                assert_int_equal(f0->kind, f1->kind);
                assert_int_equal(f0->exact, f1->exact);
                assert_int_equal(f0->status, f1->status);
                assert_true(same_double(f0->delta, f1->delta));
                assert_true(same_double(f0->lp_bound, f1->lp_bound));
                assert_true(same_double(f0->feasible, f1->feasible));
                feasible_sides += !isnan(f0->feasible);
                compared++;
            }
        }
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    print_message("force deltas compared with and without a worker: %zu, %zu with a feasible side\n", compared,
                  feasible_sides);
    assert_true(compared > ORACLE_AT_LEAST(60) && feasible_sides > ORACLE_AT_LEAST(40));
}

static void timed_tradeoffs_match_brute_force(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t compared = 0;
    forceable = forced_plans = 0;
    for (unsigned long seed = 1; seed <= ORACLE_INSTANCES(25); seed++) {
        gsl_rng_set(rng, 9300 + seed);
        double score[32];
        model *m = random_timed_model(rng, 6, 2, 3, score);
        compared += check_analysis(m, score, seed);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(compared > ORACLE_AT_LEAST(200));
    print_message("forced plans for %zu of %zu decisions that can be forced\n", forced_plans, forceable);
    assert_true(forceable > ORACLE_AT_LEAST(50) && forced_plans > forceable * 8 / 10);
    /* Both analyses together priced many projects left out, some of them blocked. */
    assert_true(admits_checked > ORACLE_AT_LEAST(300) && needs_checked > ORACLE_AT_LEAST(200) &&
                blocked_checked > ORACLE_AT_LEAST(50) && steps_checked > ORACLE_AT_LEAST(100));
}

/* Random scenarios (a capacity limit, a policy bound, a weight, projects forced in and out) against
 * brute force on the model changed by hand. */
static void scenarios_match_brute_force(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t compared = 0, infeasible = 0;
    for (unsigned long seed = 1; seed <= ORACLE_INSTANCES(40); seed++) {
        gsl_rng_set(rng, 9500 + seed);
        const size_t n = 10, nk = 2, nc = 2;
        double score[32];
        model *m = random_model(rng, n, nc, score);
        arena *ma = &m->arena;
        double raw[2];
        for (size_t k = 0; k < nk; k++)
            raw[k] = 1 + (double)gsl_rng_uniform_int(rng, 5);
        score_result s;
        random_criteria(rng, m, nk, raw, &s, score);
        /* Three scenarios: a tighter or looser capacity with a new weight; a policy bound (when there is
         * a policy) with one project forced in; one forced out. */
        const size_t ns = 3;
        m->rules.n_scenarios = ns;
        m->rules.scenarios = arena_alloc(ma, ns * sizeof *m->rules.scenarios);
        memset(m->rules.scenarios, 0, ns * sizeof *m->rules.scenarios);
        for (size_t q = 0; q < ns; q++) {
            rules_scenario *sc = &m->rules.scenarios[q];
            sc->name = arena_printf(ma, "s%zu", q);
            sc->overrides = arena_alloc(ma, 3 * sizeof *sc->overrides);
            sc->force_in_index = arena_alloc(ma, sizeof(size_t));
            sc->force_out_index = arena_alloc(ma, sizeof(size_t));
        }
        size_t c = gsl_rng_uniform_int(rng, nc);
        m->rules.scenarios[0].overrides[0] =
            (rules_override){OVERRIDE_LIMIT, c, 0, floor(m->limits[c] * (0.6 + 0.8 * gsl_rng_uniform(rng))), "cap", 1};
        m->rules.scenarios[0].overrides[1] = (rules_override){OVERRIDE_WEIGHT, 1, 0, 7, "weight.c1", 1};
        m->rules.scenarios[0].n_overrides = 2;
        if (m->n_policies > 0) {
            m->rules.scenarios[1].overrides[0] = (rules_override){OVERRIDE_POLICY_COUNT_MAX, 0, 0, 1, "pol0.count_max", 1};
            m->rules.scenarios[1].n_overrides = 1;
        }
        m->rules.scenarios[1].force_in_index[0] = gsl_rng_uniform_int(rng, n);
        m->rules.scenarios[1].n_force_in = 1;
        m->rules.scenarios[2].force_out_index[0] = gsl_rng_uniform_int(rng, n);
        m->rules.scenarios[2].n_force_out = 1;

        arena a = {0};
        plan_rules rules;
        solve_result base;
        SOLVE_EXACTLY(m, score, &a, &rules, &base);
        solve_options opt;
        solve_options_init(&opt);
        trade_options to;
        trade_options_init(&to);
        to.split_seconds = seed % 2 == 0 ? 0 : INFINITY; /* with and without the worker process */
        trade_scenario out[3];
        assert_int_equal(trade_scenarios(m, &s, &opt, &base, 10, &to, &a, out), FOLIO_OK);

        for (size_t q = 0; q < ns; q++) {
            const rules_scenario *sc = &m->rules.scenarios[q];
            /* The same changes made by hand. */
            double saved_limit = m->limits[c], w[2] = {m->rules.criteria[0].weight, m->rules.criteria[1].weight};
            bool must[32], exclude[32];
            double count_max = m->n_policies ? m->rules.policies[0].count_max : 0;
            bool has_count_max = m->n_policies ? m->rules.policies[0].has_count_max : false;
            for (size_t i = 0; i < n; i++) {
                must[i] = m->projects[i].must;
                exclude[i] = m->projects[i].exclude;
            }
            if (q == 0) {
                m->limits[c] = sc->overrides[0].value;
                w[1] = 7;
            } else if (q == 1) {
                if (m->n_policies > 0) {
                    m->rules.policies[0].count_max = 1;
                    m->rules.policies[0].has_count_max = true;
                }
                m->projects[sc->force_in_index[0]].must = true;
                m->projects[sc->force_in_index[0]].exclude = false;
            } else {
                m->projects[sc->force_out_index[0]].exclude = true;
                m->projects[sc->force_out_index[0]].must = false;
            }
            double wn[2] = {w[0] / (w[0] + w[1]), w[1] / (w[0] + w[1])}, sc_score[32], best = 0;
            sens_rescore(m, &s, wn, sc_score);
            bool feasible = oracle_optimum(m, sc_score, &best);
            if (feasible != (out[q].status == SOLVE_OPTIMAL))
                fail_msg("seed %lu scenario %zu: brute force %s, folio %s", seed, q, feasible ? "feasible" : "infeasible",
                         solve_status_name(out[q].status));
            if (feasible) {
                if (fabs(out[q].objective - best) > 1e-9)
                    fail_msg("seed %lu scenario %zu: objective %.12f, brute force %.12f", seed, q, out[q].objective, best);
                assert_true(oracle_feasible(m, out[q].selected));
                assert_true(fabs(out[q].weights[1] - wn[1]) < 1e-15);
            } else {
                assert_true(out[q].conflicts.count > 0);
                infeasible++;
            }
            m->limits[c] = saved_limit;
            if (m->n_policies > 0) {
                m->rules.policies[0].count_max = count_max;
                m->rules.policies[0].has_count_max = has_count_max;
            }
            for (size_t i = 0; i < n; i++) {
                m->projects[i].must = must[i];
                m->projects[i].exclude = exclude[i];
            }
            compared++;
        }
        arena_clear(&a);
        model_free(m);
    }
    gsl_rng_free(rng);
    assert_true(compared == 3 * ORACLE_INSTANCES(40));
    assert_true(infeasible > 0); /* some forced decisions cannot be met, and are explained */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(single_period_tradeoffs_match_brute_force),
        cmocka_unit_test(timed_tradeoffs_match_brute_force),
        cmocka_unit_test(force_deltas_same_with_and_without_a_worker),
        cmocka_unit_test(scenarios_match_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
