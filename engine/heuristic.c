/* heuristic.c - greedy construction and local search over plans, rule by rule, without a solver. */
#include "heuristic.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The state of a plan under construction: what each capacity and policy has left. */
typedef struct plan_state {
    const model *m;
    const double *score;
    bool *sel;
    size_t *start;
    double *left;       /* [nc * np] per-period capacity left (INFINITY where no limit) */
    double *left_total; /* [nc] */
    double *pol_amount; /* [n_policies] selected amount per policy */
    double *pol_count;
    size_t *n_dependents; /* selected projects that depend on each project */
    size_t *x_start;      /* [n + 1] mutual exclusions of project i, both directions, at x_list[x_start[i]..] */
    size_t *x_list;
    const size_t *preferred; /* start to try first, per project; NULL: earliest */
    bool *pinned;            /* [n] projects no move takes out (a forced decision); NULL: none */
    size_t candidates;       /* the local search tries to bring in only the first this many projects
                                left out, in the greedy order (SIZE_MAX: all) */
    double value;
} plan_state;

static double clock_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool within_left(double need, double left)
{
    return need <= left + 1e-9 * fmax(1.0, fabs(left));
}

/* Does project i fit at start s, given everything selected now (rules with upper bounds only)? */
static bool fits(const plan_state *st, size_t i, size_t s)
{
    const model *m = st->m;
    const model_project *p = &m->projects[i];
    const size_t n = m->n_projects, np = m->n_periods;
    if (st->sel[i] || p->exclude || s < p->start_min || s > p->start_max)
        return false;
    for (size_t k = 0; k < p->n_depends_on; k++) {
        size_t j = p->depends_on[k];
        if (!st->sel[j])
            return false;
        if (solve_is_precedence(m, i, j) && s < st->start[j] + m->projects[j].duration)
            return false;
    }
    for (size_t k = st->x_start[i]; k < st->x_start[i + 1]; k++)
        if (st->sel[st->x_list[k]])
            return false;
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t k = 0; k < p->duration && s + k < np; k++)
            if (!within_left(p->profile[c * p->duration + k], st->left[c * np + s + k]))
                return false;
        if (isfinite(st->left_total[c]) && !within_left(model_use_in_horizon(m, i, c, s), st->left_total[c]))
            return false;
    }
    for (size_t q = 0; q < m->n_policies; q++) {
        const rules_policy *pol = &m->rules.policies[q];
        if (!m->in_policy[q * n + i])
            continue;
        if (pol->has_max && !within_left(st->pol_amount[q] + m->policy_amount[q * n + i], pol->max))
            return false;
        if (pol->has_count_max && st->pol_count[q] + 1 > pol->count_max + 1e-9)
            return false;
    }
    return true;
}

/* Adds (sign = 1) or removes (sign = -1) project i at start s. */
static void apply(plan_state *st, size_t i, size_t s, int sign)
{
    const model *m = st->m;
    const model_project *p = &m->projects[i];
    const size_t n = m->n_projects, np = m->n_periods;
    st->sel[i] = sign > 0;
    st->start[i] = s;
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t k = 0; k < p->duration && s + k < np; k++)
            st->left[c * np + s + k] -= sign * p->profile[c * p->duration + k];
        st->left_total[c] -= sign * model_use_in_horizon(m, i, c, s);
    }
    for (size_t q = 0; q < m->n_policies; q++) {
        if (m->in_policy[q * n + i]) {
            st->pol_amount[q] += sign * m->policy_amount[q * n + i];
            st->pol_count[q] += sign;
        }
    }
    for (size_t k = 0; k < p->n_depends_on; k++) {
        if (sign > 0)
            st->n_dependents[p->depends_on[k]]++;
        else
            st->n_dependents[p->depends_on[k]]--;
    }
    st->value += sign * solve_value(m, st->score[i], s - p->start_min);
}

/* The minimum-policy bounds hold for the plan as it is. */
static bool policy_mins_hold(const plan_state *st)
{
    const model *m = st->m;
    for (size_t q = 0; q < m->n_policies; q++) {
        const rules_policy *pol = &m->rules.policies[q];
        if ((pol->has_min && st->pol_amount[q] < pol->min - 1e-9 * fmax(1.0, pol->min)) ||
            (pol->has_count_min && st->pol_count[q] < pol->count_min - 1e-9))
            return false;
    }
    return true;
}

/* The best start at which project i fits now (highest value: the earliest that fits), or SIZE_MAX. */
static size_t best_start(const plan_state *st, size_t i)
{
    const model_project *p = &st->m->projects[i];
    if (st->preferred != NULL && st->preferred[i] != p->start_min && fits(st, i, st->preferred[i]))
        return st->preferred[i];
    for (size_t s = p->start_min; s <= p->start_max; s++)
        if (fits(st, i, s))
            return s;
    return SIZE_MAX;
}

/* Adds a must-do project after (recursively) what it depends on; false when something does not fit. */
static bool add_required(plan_state *st, size_t i, int depth)
{
    const model *m = st->m;
    if (st->sel[i])
        return true;
    if (depth > 64)
        return false;
    for (size_t k = 0; k < m->projects[i].n_depends_on; k++)
        if (!add_required(st, m->projects[i].depends_on[k], depth + 1))
            return false;
    size_t s = best_start(st, i);
    if (s == SIZE_MAX)
        return false;
    apply(st, i, s, 1);
    return true;
}

typedef struct ranked {
    double ratio;
    size_t project;
} ranked;

static int ranked_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->ratio != y->ratio)
        return x->ratio > y->ratio ? -1 : 1;
    return (x->project > y->project) - (x->project < y->project);
}

/* One change to the plan, so that a tried move can be undone. */
typedef struct move {
    size_t project, start;
    int sign;
} move;

static void undo(plan_state *st, const move *log, size_t count)
{
    while (count > 0) {
        count--;
        apply(st, log[count].project, log[count].start, -log[count].sign);
    }
}

/* How much taking project j out would relieve what i lacks at start s, per unit of each limit. */
static double relief(const plan_state *st, size_t i, size_t s, size_t j)
{
    const model *m = st->m;
    const model_project *p = &m->projects[i];
    const size_t np = m->n_periods, n = m->n_projects;
    double r = 0;
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t k = 0; k < p->duration && s + k < np; k++) {
            size_t t = s + k;
            double lack = p->profile[c * p->duration + k] - st->left[c * np + t];
            if (lack > 1e-9)
                r += model_use_at(m, j, c, st->start[j], t) / fmax(model_limit(m, c, t), 1e-9);
        }
        double lack = model_use_in_horizon(m, i, c, s) - st->left_total[c];
        if (isfinite(st->left_total[c]) && lack > 1e-9)
            r += model_use_in_horizon(m, j, c, st->start[j]) / fmax(m->totals[c], 1e-9);
    }
    for (size_t q = 0; q < m->n_policies; q++) {
        const rules_policy *pol = &m->rules.policies[q];
        if (!m->in_policy[q * n + i] || !m->in_policy[q * n + j])
            continue;
        if ((pol->has_count_max && st->pol_count[q] + 1 > pol->count_max + 1e-9) ||
            (pol->has_max && st->pol_amount[q] + m->policy_amount[q * n + i] > pol->max + 1e-9 * fmax(1.0, pol->max)))
            r += 1.0;
    }
    return r;
}

/* The selected project whose removal gives up least value per unit of relief for project i at start
 * s, among those a move may take out (not must-do, pinned, nor one others depend on); SIZE_MAX when
 * none of them helps. */
static size_t least_worth(const plan_state *st, size_t i, size_t s)
{
    const model *m = st->m;
    size_t best = SIZE_MAX;
    double best_ratio = 0;
    for (size_t j = 0; j < m->n_projects; j++) {
        if (!st->sel[j] || m->projects[j].must || st->n_dependents[j] > 0 || (st->pinned != NULL && st->pinned[j]))
            continue;
        double r = relief(st, i, s, j);
        if (r <= 0)
            continue;
        double ratio = solve_value(m, st->score[j], st->start[j] - m->projects[j].start_min) / r;
        if (best == SIZE_MAX || ratio < best_ratio) {
            best = j;
            best_ratio = ratio;
        }
    }
    return best;
}

/* Tries to bring project i in at start s: takes out (at most six) selected projects that give least
 * value per unit of relief, adds i, refills with whatever fits in the greedy order. Keeps the change
 * and returns true only when the plan's value rises and minimum policies still hold. */
static bool eject_and_add(plan_state *st, size_t i, size_t s, const ranked *order, const bool *tabu, move *log)
{
    const model *m = st->m;
    const model_project *p = &m->projects[i];
    const size_t n = m->n_projects;
    for (size_t k = 0; k < p->n_depends_on; k++) {
        size_t j = p->depends_on[k];
        if (!st->sel[j] || (solve_is_precedence(m, i, j) && s < st->start[j] + m->projects[j].duration))
            return false; /* moves do not rearrange what it depends on */
    }
    double before = st->value;
    size_t count = 0;
    for (size_t k = st->x_start[i]; k < st->x_start[i + 1]; k++) {
        size_t j = st->x_list[k];
        if (!st->sel[j])
            continue;
        if (m->projects[j].must || st->n_dependents[j] > 0 || (st->pinned != NULL && st->pinned[j])) {
            undo(st, log, count);
            return false;
        }
        log[count++] = (move){j, st->start[j], -1};
        apply(st, j, st->start[j], -1);
    }
    for (int removed = 0; !fits(st, i, s); removed++) {
        size_t best = removed < 6 ? least_worth(st, i, s) : SIZE_MAX;
        if (best == SIZE_MAX) {
            undo(st, log, count);
            return false;
        }
        log[count++] = (move){best, st->start[best], -1};
        apply(st, best, st->start[best], -1);
    }
    log[count++] = (move){i, s, 1};
    apply(st, i, s, 1);
    for (size_t k = 0; k < n; k++) {
        size_t j = order[k].project;
        size_t sj = st->sel[j] || st->score[j] <= 0 || (tabu && tabu[j]) ? SIZE_MAX : best_start(st, j);
        if (sj != SIZE_MAX) {
            log[count++] = (move){j, sj, 1};
            apply(st, j, sj, 1);
        }
    }
    if (st->value > before + 1e-9 * fmax(1.0, fabs(before)) && policy_mins_hold(st))
        return true;
    undo(st, log, count);
    return false;
}

/* Local search: earlier starts, then additions, then bringing in a project by ejecting others
 * (eject_and_add), until nothing improves or time_limit seconds after t0 pass. Projects marked in
 * tabu (NULL: none) are not added. Every move keeps every rule. */
static void descend(plan_state *st, const ranked *order, const bool *tabu, move *log, double t0, double time_limit)
{
    const model *m = st->m;
    const size_t n = m->n_projects;
    bool improved = true;
    while (improved && clock_seconds() - t0 < time_limit) {
        improved = false;
        for (size_t i = 0; i < n; i++) {
            if (!st->sel[i] || st->start[i] == m->projects[i].start_min || st->n_dependents[i] > 0)
                continue;
            size_t old = st->start[i];
            apply(st, i, old, -1);
            size_t s = best_start(st, i);
            if (s != SIZE_MAX && s < old) {
                apply(st, i, s, 1);
                improved = true;
            } else {
                apply(st, i, old, 1);
            }
        }
        for (size_t k = 0; k < n; k++) {
            size_t i = order[k].project;
            size_t s = st->sel[i] || st->score[i] <= 0 || (tabu && tabu[i]) ? SIZE_MAX : best_start(st, i);
            if (s != SIZE_MAX) {
                apply(st, i, s, 1);
                improved = true;
            }
        }
        /* Bring in an unselected project by taking out what gives least per unit of what it lacks,
         * then refill; keep the change only when the plan's value rises. */
        size_t tried = 0;
        for (size_t a = 0; a < n && tried < st->candidates && clock_seconds() - t0 < time_limit; a++) {
            size_t i = order[a].project;
            if (st->sel[i] || st->score[i] <= 0 || m->projects[i].exclude || (tabu && tabu[i]))
                continue;
            tried++;
            for (size_t s = m->projects[i].start_min; s <= m->projects[i].start_max; s++) {
                if (eject_and_add(st, i, s, order, tabu, log)) {
                    improved = true;
                    break;
                }
            }
        }
    }
}

/* Moves the plan to the one in sel/start (which satisfies every rule). */
static void move_to(plan_state *st, const bool *sel, const size_t *start)
{
    const size_t n = st->m->n_projects;
    for (size_t i = 0; i < n; i++)
        if (st->sel[i] && (!sel[i] || start[i] != st->start[i]))
            apply(st, i, st->start[i], -1);
    for (size_t i = 0; i < n; i++)
        if (sel[i] && !st->sel[i])
            apply(st, i, start[i], 1);
}

uint64_t heur_random(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * UINT64_C(2685821657736338717);
}

/* Iterated local search: from the local optimum, take out one to three selected projects at random
 * (not must-do ones, nor ones others depend on), keep them out for one descent, and keep the result
 * when it is at least as good as the best so far (a walk over plateaus), else go back to the best.
 * Stops when time_limit seconds after t0 pass, or after 50 kicks per project. Ends on the best plan;
 * when out of memory, on the local optimum it started from. */
static void iterate(plan_state *st, const ranked *order, move *log, double t0, double time_limit)
{
    const size_t n = st->m->n_projects;
    bool *best_sel = malloc((n + 1) * sizeof *best_sel), *tabu = calloc(n + 1, sizeof *tabu);
    size_t *best_start_at = malloc((n + 1) * sizeof *best_start_at), *pool = malloc((n + 1) * sizeof *pool);
    if (best_sel == NULL || tabu == NULL || best_start_at == NULL || pool == NULL) {
        free(best_sel), free(tabu), free(best_start_at), free(pool);
        return;
    }
    memcpy(best_sel, st->sel, n * sizeof *best_sel);
    memcpy(best_start_at, st->start, n * sizeof *best_start_at);
    double best = st->value;
    uint64_t rng = UINT64_C(0x9E3779B97F4A7C15);
    for (size_t kick = 0; kick < 50 * n && clock_seconds() - t0 < time_limit; kick++) {
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            if (st->sel[i] && !st->m->projects[i].must && st->n_dependents[i] == 0)
                pool[count++] = i;
        if (count == 0)
            break;
        size_t out = 1 + heur_random(&rng) % 3;
        for (size_t k = 0; k < out && k < count; k++) {
            size_t pick = k + heur_random(&rng) % (count - k);
            size_t i = pool[pick];
            pool[pick] = pool[k];
            pool[k] = i;
            apply(st, i, st->start[i], -1);
            tabu[i] = true;
        }
        descend(st, order, tabu, log, t0, time_limit);
        for (size_t k = 0; k < out && k < count; k++)
            tabu[pool[k]] = false;
        if (st->value >= best - 1e-9 * fmax(1.0, fabs(best)) && policy_mins_hold(st)) {
            if (st->value > best) {
                best = st->value;
                memcpy(best_sel, st->sel, n * sizeof *best_sel);
                memcpy(best_start_at, st->start, n * sizeof *best_start_at);
            }
        } else {
            move_to(st, best_sel, best_start_at);
        }
    }
    move_to(st, best_sel, best_start_at);
    free(best_sel), free(tabu), free(best_start_at), free(pool);
}

/* Frees what state_init() allocated. */
static void state_free(plan_state *st)
{
    free(st->left);
    free(st->left_total);
    free(st->pol_amount);
    free(st->pol_count);
    free(st->n_dependents);
    free(st->x_start);
    free(st->x_list);
}

/* Sets up an empty plan over selected/start (the caller's arrays, overwritten): every capacity and
 * policy with all it has. False when out of memory (free with state_free() either way). */
static bool state_init(plan_state *st, const model *m, const double *score, bool *selected, size_t *start)
{
    const size_t n = m->n_projects, np = m->n_periods, nc = m->n_capacities;
    *st = (plan_state){.m = m, .score = score, .sel = selected, .start = start, .candidates = SIZE_MAX};
    st->left = malloc((nc * np + 1) * sizeof *st->left);
    st->left_total = malloc((nc + 1) * sizeof *st->left_total);
    st->pol_amount = calloc(m->n_policies + 1, sizeof *st->pol_amount);
    st->pol_count = calloc(m->n_policies + 1, sizeof *st->pol_count);
    st->n_dependents = calloc(n + 1, sizeof *st->n_dependents);
    size_t n_pairs = 0;
    for (size_t i = 0; i < n; i++)
        n_pairs += m->projects[i].n_excludes;
    st->x_start = calloc(n + 2, sizeof *st->x_start);
    st->x_list = malloc((2 * n_pairs + 1) * sizeof *st->x_list);
    if (!st->left || !st->left_total || !st->pol_amount || !st->pol_count || !st->n_dependents || !st->x_start ||
        !st->x_list)
        return false;
    /* Mutual exclusions in both directions, so that fits() looks at a project's partners only. */
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < m->projects[i].n_excludes; k++) {
            st->x_start[i + 2]++;
            st->x_start[m->projects[i].excludes[k] + 2]++;
        }
    }
    for (size_t i = 0; i < n; i++)
        st->x_start[i + 2] += st->x_start[i + 1];
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < m->projects[i].n_excludes; k++) {
            size_t j = m->projects[i].excludes[k];
            st->x_list[st->x_start[i + 1]++] = j;
            st->x_list[st->x_start[j + 1]++] = i;
        }
    }
    for (size_t c = 0; c < nc; c++) {
        for (size_t t = 0; t < np; t++)
            st->left[c * np + t] = model_limit(m, c, t);
        st->left_total[c] = m->totals[c];
    }
    for (size_t i = 0; i < n; i++) {
        selected[i] = false;
        start[i] = m->projects[i].start_min;
    }
    return true;
}

/* The greedy order: by w.priority when given, else by value per unit of weighted capacity at the
 * earliest start (weights w.period / w.total, or 1 / limit). */
static void greedy_order(const model *m, const double *score, heur_weights w, ranked *order)
{
    const size_t n = m->n_projects, np = m->n_periods, nc = m->n_capacities;
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        double use = 1e-12;
        for (size_t c = 0; c < nc; c++) {
            for (size_t t = 0; t < np; t++) {
                double lim = model_limit(m, c, t);
                double wt = w.period ? w.period[c * np + t] : (isfinite(lim) && lim > 0 ? 1.0 / lim : 0);
                use += wt * model_use_at(m, i, c, p->start_min, t);
            }
            double wt = w.total ? w.total[c] : (isfinite(m->totals[c]) && m->totals[c] > 0 ? 1.0 / m->totals[c] : 0);
            use += wt * model_use_in_horizon(m, i, c, p->start_min);
        }
        order[i] = (ranked){w.priority ? w.priority[i] : score[i] / use, i};
    }
    qsort(order, n, sizeof *order, ranked_desc);
}

bool heur_plan(const model *m, const double *score, heur_weights w, double time_limit, bool *selected, size_t *start,
               double *value)
{
    const size_t n = m->n_projects;
    double t0 = clock_seconds();
    plan_state st;
    ranked *order = malloc((n + 1) * sizeof *order);
    move *log = malloc((2 * n + 8) * sizeof *log);
    bool ok = false;
    if (!state_init(&st, m, score, selected, start) || !order || !log)
        goto out;
    st.preferred = w.preferred;
    /* Must-do projects first, with what they depend on. */
    for (size_t i = 0; i < n; i++)
        if (m->projects[i].must && !add_required(&st, i, 0))
            goto out;
    /* The rest in the greedy order. */
    greedy_order(m, score, w, order);
    /* Projects whose dependencies come later in the order get another chance in later passes. */
    for (int pass = 0; pass < 3; pass++) {
        bool added = false;
        for (size_t k = 0; k < n; k++) {
            size_t i = order[k].project;
            if (st.sel[i] || score[i] <= 0)
                continue;
            size_t s = best_start(&st, i);
            if (s != SIZE_MAX) {
                apply(&st, i, s, 1);
                added = true;
            }
        }
        if (!added)
            break;
    }
    /* Minimum policies: add the category's best-ranked projects that fit until they hold. */
    for (size_t q = 0; q < m->n_policies && !policy_mins_hold(&st); q++)
        for (size_t k = 0; k < n && !policy_mins_hold(&st); k++) {
            size_t i = order[k].project;
            size_t s = m->in_policy[q * n + i] ? best_start(&st, i) : SIZE_MAX;
            if (s != SIZE_MAX)
                apply(&st, i, s, 1);
        }
    if (!policy_mins_hold(&st))
        goto out;
    /* Local search. From here on the greedy order is by value per unit of capacity, whatever guided
     * the first pass. */
    st.preferred = NULL;
    descend(&st, order, NULL, log, t0, time_limit);
    ok = true;
out:
    if (ok)
        *value = st.value;
    state_free(&st);
    free(order);
    free(log);
    return ok;
}

bool heur_improve(const model *m, const double *score, double time_limit, bool *selected, size_t *start,
                  double *value)
{
    const size_t n = m->n_projects;
    double t0 = clock_seconds();
    plan_state st;
    bool *given = malloc((n + 1) * sizeof *given);
    size_t *given_start = malloc((n + 1) * sizeof *given_start);
    ranked *order = malloc((n + 1) * sizeof *order);
    move *log = malloc((2 * n + 8) * sizeof *log);
    bool ok = false;
    if (given == NULL || given_start == NULL || order == NULL || log == NULL)
        goto out;
    memcpy(given, selected, n * sizeof *given);
    memcpy(given_start, start, n * sizeof *given_start);
    if (!state_init(&st, m, score, selected, start))
        goto restore;
    for (size_t i = 0; i < n; i++)
        if (given[i])
            apply(&st, i, given_start[i], 1);
    greedy_order(m, score, (heur_weights){NULL, NULL, NULL, NULL}, order);
    descend(&st, order, NULL, log, t0, time_limit);
    iterate(&st, order, log, t0, time_limit);
    ok = true;
    if (value != NULL)
        *value = st.value;
restore:
    state_free(&st);
    if (!ok) { /* the plan as it was given */
        memcpy(selected, given, n * sizeof *selected);
        memcpy(start, given_start, n * sizeof *start);
    }
out:
    free(given);
    free(given_start);
    free(order);
    free(log);
    return ok;
}

/* Takes project i out with (recursively) every selected project that depends on it; false when one
 * of them is must-do or pinned (the plan may then be half changed: the caller gives up on it). */
static bool take_out(plan_state *st, size_t i, int depth)
{
    const model *m = st->m;
    if (!st->sel[i])
        return true;
    if (m->projects[i].must || (st->pinned != NULL && st->pinned[i]) || depth > 64)
        return false;
    for (size_t j = 0; j < m->n_projects && st->n_dependents[i] > 0; j++) {
        if (!st->sel[j])
            continue;
        for (size_t k = 0; k < m->projects[j].n_depends_on; k++)
            if (m->projects[j].depends_on[k] == i && !take_out(st, j, depth + 1))
                return false;
    }
    apply(st, i, st->start[i], -1);
    return true;
}

/* Takes out, while project i does not fit at start s, the selected project that gives least value
 * per unit of relief (least_worth); logs the removals. False when nothing left to take out helps. */
static bool make_room(plan_state *st, size_t i, size_t s, move *log, size_t *count)
{
    while (!fits(st, i, s)) {
        size_t best = least_worth(st, i, s);
        if (best == SIZE_MAX)
            return false;
        log[(*count)++] = (move){best, st->start[best], -1};
        apply(st, best, st->start[best], -1);
    }
    return true;
}

/* Brings project i in (and first, recursively, what it depends on), pinned (in st->pinned, which
 * must be set) so that later room making leaves them: its mutual exclusions leave (with what
 * depends on them), then at each start its window and precedence allow, room is made; the start
 * that keeps most value wins (the earliest among equals). False when none can be made to work. */
static bool bring_in(plan_state *st, size_t i, move *log, int depth)
{
    const model *m = st->m;
    const model_project *p = &m->projects[i];
    if (st->sel[i]) {
        st->pinned[i] = true;
        return true;
    }
    if (p->exclude || depth > 64)
        return false;
    st->pinned[i] = true;
    for (size_t k = 0; k < p->n_depends_on; k++)
        if (!bring_in(st, p->depends_on[k], log, depth + 1))
            return false;
    for (size_t k = st->x_start[i]; k < st->x_start[i + 1]; k++)
        if (!take_out(st, st->x_list[k], 0))
            return false;
    size_t best = SIZE_MAX;
    double best_value = -INFINITY;
    for (size_t s = p->start_min; s <= p->start_max; s++) {
        bool after = true; /* precedence: no room making moves what i depends on */
        for (size_t k = 0; k < p->n_depends_on && after; k++) {
            size_t j = p->depends_on[k];
            after = !solve_is_precedence(m, i, j) || s >= st->start[j] + m->projects[j].duration;
        }
        size_t count = 0;
        if (after && make_room(st, i, s, log, &count)) {
            double v = st->value + solve_value(m, st->score[i], s - p->start_min);
            if (v > best_value) {
                best = s;
                best_value = v;
            }
        }
        undo(st, log, count);
    }
    if (best == SIZE_MAX)
        return false;
    size_t count = 0;
    if (!make_room(st, i, best, log, &count))
        return false; /* cannot happen: the same moves worked a moment ago */
    apply(st, i, best, 1);
    return true;
}

/* The local search of heur_force() tries to bring in only this many projects left out. Measured on
 * 1,000 projects x 3 capacities (every decision forced, 2026-12-02): with all of them 61 s for the
 * 990 plans, with 128 14 s and plans worth the same, with 32 4.4 s and plans worth 1.7 less on
 * average (the exact deltas there reach -302), with none 0.2 s and 81 less. */
#define FORCE_CANDIDATES 32

bool heur_force(const model *m, const double *score, const bool *selected, const size_t *start, size_t project,
                bool in, bool *out_selected, size_t *out_start, double *value)
{
    const size_t n = m->n_projects;
    plan_state st;
    ranked *order = malloc((n + 1) * sizeof *order);
    move *log = malloc((2 * n + 8) * sizeof *log);
    bool *pinned = calloc(n + 1, sizeof *pinned);
    bool ok = false;
    if (!state_init(&st, m, score, out_selected, out_start) || order == NULL || log == NULL || pinned == NULL)
        goto out;
    for (size_t i = 0; i < n; i++)
        if (selected[i])
            apply(&st, i, start[i], 1);
    if (in)
        st.pinned = pinned; /* the forced project and what it needs stay in, to the end */
    if (in ? !bring_in(&st, project, log, 0) : !take_out(&st, project, 0))
        goto out;
    /* Refill in the greedy order; a project forced out stays out. */
    greedy_order(m, score, (heur_weights){NULL, NULL, NULL, NULL}, order);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k].project;
        size_t s = st.sel[i] || score[i] <= 0 || (!in && i == project) ? SIZE_MAX : best_start(&st, i);
        if (s != SIZE_MAX)
            apply(&st, i, s, 1);
    }
    /* Minimum policies the moves broke: the category's best-ranked projects that fit. */
    for (size_t q = 0; q < m->n_policies && !policy_mins_hold(&st); q++)
        for (size_t k = 0; k < n && !policy_mins_hold(&st); k++) {
            size_t i = order[k].project;
            size_t s = m->in_policy[q * n + i] && (in || i != project) ? best_start(&st, i) : SIZE_MAX;
            if (s != SIZE_MAX)
                apply(&st, i, s, 1);
        }
    if (!policy_mins_hold(&st))
        goto out;
    /* Local search to its end, the forced decision kept: a project forced out is never added (tabu),
     * one forced in (with what it needs) never taken out (pinned). */
    bool *tabu = in ? NULL : pinned;
    if (!in)
        pinned[project] = true;
    st.candidates = FORCE_CANDIDATES;
    descend(&st, order, tabu, log, clock_seconds(), INFINITY);
    ok = policy_mins_hold(&st);
out:
    if (ok)
        *value = st.value;
    state_free(&st);
    free(order);
    free(log);
    free(pinned);
    return ok;
}
