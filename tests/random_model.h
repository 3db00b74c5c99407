/* random_model.h - small random portfolio models for oracle tests (brute force vs the solver). */
#ifndef FOLIO_RANDOM_MODEL_H
#define FOLIO_RANDOM_MODEL_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "score.h"
#include "sensitivity.h"
#include "solve.h"

/* Collects m's rules into *rules and solves exactly with default options (fails the test on error). */
#define SOLVE_EXACTLY(m, score, a, rules, r)                                                       \
    do {                                                                                           \
        assert_int_equal(plan_rules_collect((m), (a), (rules)), FOLIO_OK);                        \
        solve_options opt_;                                                                        \
        solve_options_init(&opt_);                                                                 \
        assert_int_equal(solve_portfolio((m), (score), (rules), NULL, &opt_, (a), (r)), FOLIO_OK); \
    } while (0)

/* Builds an n-project model with nc capacities, random must-do, exclusions, acyclic dependencies,
 * mutual exclusions and category policies; scores go to score[0..n). Free with model_free(). */
static inline model *random_model(gsl_rng *rng, size_t n, size_t nc, double *score)
{
    static const char *const cats[] = {"A", "B", "C"};
    model *m = calloc(1, sizeof *m);
    arena *a = &m->arena;
    m->n_projects = n;
    m->n_periods = 1;
    m->n_capacities = nc;
    m->projects = arena_alloc(a, n * sizeof *m->projects);
    m->limits = arena_alloc(a, nc * sizeof *m->limits);
    m->totals = arena_alloc(a, nc * sizeof *m->totals);
    for (size_t c = 0; c < nc; c++)
        m->totals[c] = INFINITY;
    m->period_labels = arena_alloc(a, sizeof *m->period_labels);
    m->period_labels[0] = arena_strdup(a, "all");
    m->rules.path = "random.ini";
    m->projects_path = "random.csv";
    double *total = arena_alloc(a, nc * sizeof *total);
    for (size_t i = 0; i < n; i++) {
        model_project *p = &m->projects[i];
        p->id = arena_printf(a, "P%02zu", i);
        p->name = p->id;
        p->category = cats[gsl_rng_uniform_int(rng, 3)];
        p->line = (int)i + 2;
        p->duration = 1;
        p->profile = arena_alloc(a, nc * sizeof *p->profile);
        for (size_t c = 0; c < nc; c++) {
            p->profile[c] = (double)(1 + gsl_rng_uniform_int(rng, 20));
            total[c] += p->profile[c];
        }
        p->cost = p->profile[0];
        double u = gsl_rng_uniform(rng);
        p->must = u < 0.07;
        p->exclude = !p->must && u > 0.93;
        /* Dependencies on earlier projects only, so the graph has no cycle. */
        p->depends_on = arena_alloc(a, (i + 1) * sizeof *p->depends_on);
        for (size_t j = 0; j < i; j++)
            if (gsl_rng_uniform(rng) < 0.08)
                p->depends_on[p->n_depends_on++] = j;
        p->excludes = arena_alloc(a, (n + 1) * sizeof *p->excludes);
        for (size_t j = 0; j < i; j++)
            if (gsl_rng_uniform(rng) < 0.05)
                p->excludes[p->n_excludes++] = j;
        score[i] = gsl_rng_uniform(rng);
    }
    m->rules.n_capacities = nc;
    m->rules.capacities = arena_alloc(a, nc * sizeof *m->rules.capacities);
    for (size_t c = 0; c < nc; c++) {
        m->limits[c] = floor(total[c] * (0.25 + 0.45 * gsl_rng_uniform(rng)));
        m->rules.capacities[c] = (rules_capacity){.name = arena_printf(a, "cap%zu", c),
                                                  .column = arena_printf(a, "use%zu", c),
                                                  .limit = m->limits[c]};
    }
    size_t np = gsl_rng_uniform_int(rng, 3);
    m->n_policies = np;
    m->rules.n_policies = np;
    m->rules.policies = arena_alloc(a, (np + 1) * sizeof *m->rules.policies);
    m->in_policy = arena_alloc(a, (np * n + 1) * sizeof *m->in_policy);
    m->policy_amount = arena_alloc(a, (np * n + 1) * sizeof *m->policy_amount);
    for (size_t k = 0; k < np; k++) {
        rules_policy *pol = &m->rules.policies[k];
        pol->name = arena_printf(a, "pol%zu", k);
        pol->category = arena_strdup(a, cats[k]);
        pol->column = arena_strdup(a, "cost");
        double cat_total = 0;
        size_t cat_count = 0;
        for (size_t i = 0; i < n; i++) {
            bool in = strcmp(m->projects[i].category, cats[k]) == 0;
            m->in_policy[k * n + i] = in;
            m->policy_amount[k * n + i] = m->projects[i].cost;
            cat_total += in ? m->projects[i].cost : 0;
            cat_count += in;
        }
        switch (gsl_rng_uniform_int(rng, 4)) {
        case 0:
            pol->has_min = true;
            pol->min = floor(cat_total * 0.3 * gsl_rng_uniform(rng));
            break;
        case 1:
            pol->has_max = true;
            pol->max = floor(cat_total * (0.2 + 0.5 * gsl_rng_uniform(rng)));
            break;
        case 2:
            pol->has_count_max = true;
            pol->count_max = (double)gsl_rng_uniform_int(rng, cat_count + 1);
            break;
        default:
            pol->has_count_min = true;
            pol->count_min = (double)gsl_rng_uniform_int(rng, cat_count / 2 + 1);
            break;
        }
    }
    return m;
}

/* Gives m nk criteria c0, c1, ... with the weights raw[k] (normalised into m->weights), random
 * normalised values in s->norm (drawn from rng after whatever the caller drew), and the weighted-sum
 * scores they give into score. */
static inline void random_criteria(gsl_rng *rng, model *m, size_t nk, const double *raw, score_result *s, double *score)
{
    arena *a = &m->arena;
    const size_t n = m->n_projects;
    m->n_criteria = nk;
    m->rules.n_criteria = nk;
    m->rules.criteria = arena_alloc(a, nk * sizeof *m->rules.criteria);
    m->weights = arena_alloc(a, nk * sizeof *m->weights);
    double total = 0;
    for (size_t k = 0; k < nk; k++) {
        m->rules.criteria[k] = (rules_criterion){.name = arena_printf(a, "c%zu", k), .weight = raw[k]};
        total += raw[k];
    }
    for (size_t k = 0; k < nk; k++)
        m->weights[k] = raw[k] / total;
    *s = (score_result){0};
    s->norm = arena_alloc(a, n * nk * sizeof *s->norm);
    for (size_t q = 0; q < n * nk; q++)
        s->norm[q] = gsl_rng_uniform(rng);
    sens_rescore(m, s, m->weights, score);
}

static inline bool oracle_timed_feasible(const model *m, const bool *x, const size_t *start);

/* An oracle written from the rules' definitions, independent of solve.c: is x feasible, every
 * project at its earliest start? */
static inline bool oracle_feasible(const model *m, const bool *x)
{
    size_t start[64];
    for (size_t i = 0; i < m->n_projects && i < 64; i++)
        start[i] = m->projects[i].start_min;
    return oracle_timed_feasible(m, x, start);
}

/* Brute force: the best objective over all 2^n selections; returns false when none is feasible. */
static inline bool oracle_optimum(const model *m, const double *score, double *best)
{
    size_t n = m->n_projects;
    bool x[32], any = false;
    for (unsigned long mask = 0; mask < (1ul << n); mask++) {
        double v = 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = (mask >> i) & 1;
            v += x[i] ? score[i] : 0;
        }
        if ((!any || v > *best) && oracle_feasible(m, x)) {
            *best = v;
            any = true;
        }
    }
    return any;
}

/* A small time-phased model: np periods, start windows of up to three periods, durations of one or
 * two, per-period and whole-horizon limits, precedence between timed projects, a delay penalty. */
static inline model *random_timed_model(gsl_rng *rng, size_t n, size_t nc, size_t np, double *score)
{
    model *m = random_model(rng, n, nc, score);
    arena *a = &m->arena;
    m->n_periods = np;
    m->rules.has_horizon = true;
    m->rules.horizon = (period_horizon){PERIOD_QUARTER, 2027, 1, np};
    m->rules.delay_penalty = gsl_rng_uniform(rng) < 0.5 ? 0.0 : 0.1;
    m->period_labels = arena_alloc(a, np * sizeof *m->period_labels);
    for (size_t t = 0; t < np; t++)
        m->period_labels[t] = arena_printf(a, "2027-Q%zu", t + 1);
    m->limits = arena_alloc(a, nc * np * sizeof *m->limits);
    double *total = arena_alloc(a, nc * sizeof *total);
    for (size_t i = 0; i < n; i++) {
        model_project *p = &m->projects[i];
        p->timed = gsl_rng_uniform(rng) < 0.8;
        p->start_min = gsl_rng_uniform_int(rng, np);
        p->start_max = p->start_min + gsl_rng_uniform_int(rng, 3);
        if (p->start_max >= np)
            p->start_max = np - 1;
        p->duration = 1 + gsl_rng_uniform_int(rng, 2);
        p->profile = arena_alloc(a, nc * p->duration * sizeof *p->profile);
        for (size_t c = 0; c < nc; c++) {
            for (size_t k = 0; k < p->duration; k++) {
                p->profile[c * p->duration + k] = (double)(1 + gsl_rng_uniform_int(rng, 10));
                total[c] += p->profile[c * p->duration + k];
            }
        }
    }
    for (size_t c = 0; c < nc; c++) {
        for (size_t t = 0; t < np; t++)
            m->limits[c * np + t] = gsl_rng_uniform(rng) < 0.15 ? INFINITY : floor(total[c] / np * (0.3 + 0.6 * gsl_rng_uniform(rng)));
        m->totals[c] = gsl_rng_uniform(rng) < 0.5 ? INFINITY : floor(total[c] * (0.3 + 0.5 * gsl_rng_uniform(rng)));
    }
    /* Link types and lags in about half the models, from a stream of their own (seeded by the
     * model), so that rng draws what it drew before links had types. */
    unsigned long seed = n * 7919 + np;
    for (size_t c = 0; c < nc; c++)
        seed = seed * 31 + (unsigned long)total[c];
    gsl_rng *lr = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(lr, seed);
    if (gsl_rng_uniform(lr) < 0.5) {
        for (size_t i = 0; i < n; i++) {
            model_project *p = &m->projects[i];
            p->links = arena_alloc(a, (p->n_depends_on + 1) * sizeof *p->links);
            for (size_t k = 0; k < p->n_depends_on; k++)
                p->links[k] = (model_link){(model_link_type)gsl_rng_uniform_int(lr, 4), (int)gsl_rng_uniform_int(lr, 3) - 1};
        }
    }
    gsl_rng_free(lr);
    return m;
}

/* Independent oracle for a timed plan: every rule, with precedence between timed projects. */
static inline bool oracle_timed_feasible(const model *m, const bool *x, const size_t *start)
{
    size_t n = m->n_projects;
    for (size_t c = 0; c < m->n_capacities; c++) {
        double horizon_total = 0;
        for (size_t t = 0; t < m->n_periods; t++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) {
                const model_project *p = &m->projects[i];
                if (x[i] && t >= start[i] && t < start[i] + p->duration)
                    s += p->profile[c * p->duration + (t - start[i])];
            }
            horizon_total += s;
            if (s > m->limits[c * m->n_periods + t] + 1e-9)
                return false;
        }
        if (horizon_total > m->totals[c] + 1e-9)
            return false;
    }
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        if ((p->must && !x[i]) || (p->exclude && x[i]))
            return false;
        if (x[i] && (start[i] < p->start_min || start[i] > p->start_max))
            return false;
        for (size_t k = 0; k < p->n_depends_on; k++) {
            size_t j = p->depends_on[k];
            if (x[i] && !x[j])
                return false;
            if (x[i] && p->timed && m->projects[j].timed) {
                /* The link's type and lag, from their definitions: starts and finishes (a project
                 * runs from the start of its first period to the end of its last). */
                model_link l = p->links != NULL ? p->links[k] : (model_link){LINK_FS, 0};
                long s_i = (long)start[i], f_i = s_i + (long)p->duration;
                long s_j = (long)start[j], f_j = s_j + (long)m->projects[j].duration;
                long own = l.type == LINK_FS || l.type == LINK_SS ? s_i : f_i;
                long other = l.type == LINK_FS || l.type == LINK_FF ? f_j : s_j;
                if (own < other + l.lag)
                    return false;
            }
        }
        for (size_t k = 0; k < p->n_excludes; k++)
            if (x[i] && x[p->excludes[k]])
                return false;
    }
    for (size_t k = 0; k < m->n_policies; k++) {
        const rules_policy *pol = &m->rules.policies[k];
        double amount = 0, count = 0;
        for (size_t i = 0; i < n; i++) {
            if (x[i] && m->in_policy[k * n + i]) {
                amount += m->policy_amount[k * n + i];
                count += 1;
            }
        }
        if ((pol->has_min && amount < pol->min - 1e-9) || (pol->has_max && amount > pol->max + 1e-9) ||
            (pol->has_count_min && count < pol->count_min) || (pol->has_count_max && count > pol->count_max))
            return false;
    }
    return true;
}

/* Brute force over every project's choice (out, or one start in its window): the best value and,
 * among plans of that value (to 1e-9), the least total delay. False when nothing is feasible. */
static inline bool oracle_timed_optimum(const model *m, const double *score, double *best, size_t *best_delay)
{
    size_t n = m->n_projects, choice[16] = {0};
    bool x[16], any = false;
    size_t start[16];
    for (;;) {
        double v = 0;
        size_t delay = 0;
        for (size_t i = 0; i < n; i++) {
            const model_project *p = &m->projects[i];
            x[i] = choice[i] > 0;
            start[i] = x[i] ? p->start_min + choice[i] - 1 : p->start_min;
            if (x[i]) {
                size_t d = start[i] - p->start_min;
                v += score[i] * pow(1.0 - m->rules.delay_penalty, (double)d);
                delay += d;
            }
        }
        if (oracle_timed_feasible(m, x, start)) {
            if (!any || v > *best + 1e-9 || (fabs(v - *best) <= 1e-9 && delay < *best_delay)) {
                if (!any || v > *best + 1e-9)
                    *best = v;
                *best_delay = delay;
                any = true;
            }
        }
        size_t i = 0;
        while (i < n) {
            const model_project *p = &m->projects[i];
            if (++choice[i] <= p->start_max - p->start_min + 1)
                break;
            choice[i++] = 0;
        }
        if (i == n)
            break;
    }
    return any;
}

/* The brute-force optimum of m, single-period or timed; false when nothing is feasible. */
static inline bool oracle_best(const model *m, const double *score, double *best)
{
    size_t delay;
    return m->n_periods > 1 ? oracle_timed_optimum(m, score, best, &delay) : oracle_optimum(m, score, best);
}

/* How oracle_forced_optimum() forces a project's decision. */
typedef enum { ORACLE_IN, ORACLE_OUT, ORACLE_FREE } oracle_force;

/* The brute-force optimum of m (single-period or timed) with project i forced in (as must-do), out
 * (as excluded) or free (its must-do and exclusion lifted); m is left as it was. False when nothing
 * is feasible. */
static inline bool oracle_forced_optimum(model *m, const double *score, size_t i, oracle_force force, double *best)
{
    model_project *p = &m->projects[i];
    bool must = p->must, exclude = p->exclude;
    p->must = force == ORACLE_IN;
    p->exclude = force == ORACLE_OUT;
    bool feasible = oracle_best(m, score, best);
    p->must = must;
    p->exclude = exclude;
    return feasible;
}

#endif
