/* heuristic.c - greedy construction and local search over plans, rule by rule, without a solver. */
#include "heuristic.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "keyed.h"
#include "wallclock.h"

/* The local search of heur_plan() examines at most this many projects per n log2 n (n projects):
 * a budget that grows as n log n. The OR-Library instances measured (100-1,500 items) and a
 * generated 1,000-project portfolio reach their local optimum within 42-476; larger portfolios
 * spend it in their first pass or two (tools/BENCHMARKS.md, scale). */
#define HEUR_WORK_PER_N_LOG_N 512

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
    size_t work;             /* projects the local search has examined so far */
    size_t work_limit;       /* where it stops (SIZE_MAX: no limit but the clock) */
    double value;
    heur_progress better;    /* told of each better plan iterate() finds */
} plan_state;

/* Tells p (when anyone listens) of a better plan worth value. */
static void tell_better(heur_progress p, double value)
{
    if (p.fn != NULL)
        p.fn(p.ctx, value);
}

static bool within_left(double need, double left)
{
    return need <= left + 1e-9 * fmax(1.0, fabs(left));
}

/* Whether policy pol's upper bounds (amount and count) hold at this amount and count. */
static bool policy_max_holds(const rules_policy *pol, double amount, double count)
{
    return (!pol->has_max || within_left(amount, pol->max)) && (!pol->has_count_max || count <= pol->count_max + 1e-9);
}

/* Whether policy pol's lower bounds (amount and count) hold at this amount and count. */
static bool policy_min_holds(const rules_policy *pol, double amount, double count)
{
    return (!pol->has_min || amount >= pol->min - 1e-9 * fmax(1.0, fabs(pol->min))) &&
           (!pol->has_count_min || count >= pol->count_min - 1e-9);
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
        if (plan_is_precedence(m, i, j) && !plan_link_holds(m, i, k, s, st->start[j]))
            return false;
    }
    for (size_t k = st->x_start[i]; k < st->x_start[i + 1]; k++)
        if (st->sel[st->x_list[k]])
            return false;
    /* Work in flight brought back releases its stop cost (in the first period): it needs less. */
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t k = 0; k < p->duration && s + k < np; k++)
            if (!within_left(p->profile[c * p->duration + k] - model_stop_at(m, i, c, s + k), st->left[c * np + s + k]))
                return false;
        if (isfinite(st->left_total[c]) &&
            !within_left(model_use_in_horizon(m, i, c, s) - model_stop_at(m, i, c, 0), st->left_total[c]))
            return false;
    }
    for (size_t q = 0; q < m->n_policies; q++) {
        const rules_policy *pol = &m->rules.policies[q];
        if (m->in_policy[q * n + i] &&
            !policy_max_holds(pol, st->pol_amount[q] + m->policy_amount[q * n + i], st->pol_count[q] + 1))
            return false;
    }
    return true;
}

/* Adds (sign = 1) or removes (sign = -1) project i's share of every policy it counts towards: its
 * amount and one project, into amount[] and count[] (one each per policy). */
static void policy_tally(const model *m, size_t i, int sign, double *amount, double *count)
{
    const size_t n = m->n_projects;
    for (size_t q = 0; q < m->n_policies; q++) {
        if (m->in_policy[q * n + i]) {
            amount[q] += sign * m->policy_amount[q * n + i];
            count[q] += sign;
        }
    }
}

/* Adds (sign = 1) or removes (sign = -1) project i at start s. */
static void apply(plan_state *st, size_t i, size_t s, int sign)
{
    const model *m = st->m;
    const model_project *p = &m->projects[i];
    const size_t np = m->n_periods;
    st->sel[i] = sign > 0;
    st->start[i] = s;
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t k = 0; k < p->duration && s + k < np; k++)
            st->left[c * np + s + k] -= sign * p->profile[c * p->duration + k];
        st->left[c * np] += sign * model_stop_at(m, i, c, 0); /* a stop cost no longer due, or due again */
        st->left_total[c] -= sign * (model_use_in_horizon(m, i, c, s) - model_stop_at(m, i, c, 0));
    }
    policy_tally(m, i, sign, st->pol_amount, st->pol_count);
    for (size_t k = 0; k < p->n_depends_on; k++) {
        if (sign > 0)
            st->n_dependents[p->depends_on[k]]++;
        else
            st->n_dependents[p->depends_on[k]]--;
    }
    st->value += sign * plan_value(m, st->score, i, s);
}

/* The minimum-policy bounds hold for the plan as it is. */
static bool policy_mins_hold(const plan_state *st)
{
    const model *m = st->m;
    for (size_t q = 0; q < m->n_policies; q++)
        if (!policy_min_holds(&m->rules.policies[q], st->pol_amount[q], st->pol_count[q]))
            return false;
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
        if (!policy_max_holds(pol, st->pol_amount[q] + m->policy_amount[q * n + i], st->pol_count[q] + 1))
            r += 1.0;
    }
    return r;
}

/* The selected project whose removal gives up least value per unit of relief for project i at start
 * s, among those a move may take out (not must-do, pinned, nor one others depend on); SIZE_MAX when
 * none of them helps. */
static size_t least_worth(plan_state *st, size_t i, size_t s)
{
    const model *m = st->m;
    size_t best = SIZE_MAX;
    st->work += m->n_projects;
    double best_ratio = 0;
    for (size_t j = 0; j < m->n_projects; j++) {
        if (!st->sel[j] || m->projects[j].must || st->n_dependents[j] > 0 || (st->pinned != NULL && st->pinned[j]))
            continue;
        double r = relief(st, i, s, j);
        if (r <= 0)
            continue;
        double ratio = plan_value(m, st->score, j, st->start[j]) / r;
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
static bool eject_and_add(plan_state *st, size_t i, size_t s, const keyed *order, const bool *tabu, move *log)
{
    const model *m = st->m;
    const model_project *p = &m->projects[i];
    const size_t n = m->n_projects;
    for (size_t k = 0; k < p->n_depends_on; k++) {
        size_t j = p->depends_on[k];
        if (!st->sel[j] || (plan_is_precedence(m, i, j) && !plan_link_holds(m, i, k, s, st->start[j])))
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
    st->work += n;
    for (size_t k = 0; k < n; k++) {
        size_t j = order[k].index;
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

/* Whether a search on st may go on: its work budget and its time (time_limit seconds after t0) both
 * have some left. */
static bool search_left(const plan_state *st, double t0, double time_limit)
{
    return st->work < st->work_limit && wallclock_now() - t0 < time_limit;
}

/* Local search: earlier starts, then additions, then bringing in a project by ejecting others
 * (eject_and_add), until nothing improves or time_limit seconds after t0 pass. Projects marked in
 * tabu (NULL: none) are not added. Every move keeps every rule. */
static void descend(plan_state *st, const keyed *order, const bool *tabu, move *log, double t0, double time_limit)
{
    const model *m = st->m;
    const size_t n = m->n_projects;
    bool improved = true;
    while (improved && search_left(st, t0, time_limit)) {
        improved = false;
        st->work += 2 * n;
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
            size_t i = order[k].index;
            size_t s = st->sel[i] || st->score[i] <= 0 || (tabu && tabu[i]) ? SIZE_MAX : best_start(st, i);
            if (s != SIZE_MAX) {
                apply(st, i, s, 1);
                improved = true;
            }
        }
        /* Bring in an unselected project by taking out what gives least per unit of what it lacks,
         * then refill; keep the change only when the plan's value rises. */
        size_t tried = 0;
        for (size_t a = 0; a < n && tried < st->candidates && search_left(st, t0, time_limit); a++) {
            size_t i = order[a].index;
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

uint64_t heur_seed(uint64_t base, unsigned stream)
{
    if (stream == 0)
        return base;
    /* splitmix64's finaliser spreads the stream number over every bit */
    uint64_t z = base + (uint64_t)stream * UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    return z != 0 ? z : base;
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
 * Stops when time_limit seconds after t0 pass, or after 50 kicks per project. The random choices
 * come from rng's state. Ends on the best plan; when out of memory, on the local optimum it started
 * from. */
static void iterate(plan_state *st, const keyed *order, move *log, double t0, double time_limit, uint64_t rng)
{
    const size_t n = st->m->n_projects;
    bool *best_sel = alloc_n(n, sizeof *best_sel), *tabu = alloc_zeroed_n(n, sizeof *tabu);
    size_t *best_start_at = alloc_n(n, sizeof *best_start_at), *pool = alloc_n(n, sizeof *pool);
    if (best_sel == NULL || tabu == NULL || best_start_at == NULL || pool == NULL) {
        free(best_sel), free(tabu), free(best_start_at), free(pool);
        return;
    }
    memcpy(best_sel, st->sel, n * sizeof *best_sel);
    memcpy(best_start_at, st->start, n * sizeof *best_start_at);
    double best = st->value;
    for (size_t kick = 0; kick < 50 * n && search_left(st, t0, time_limit); kick++) {
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
                tell_better(st->better, best);
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

/* Lists, for each project i, either its mutual exclusions in both directions (exclusions) or the
 * projects that depend on it, at list[start[i]..start[i + 1]]; writes both arrays (the caller frees
 * them) and returns false when out of memory. */
static bool project_lists(const model *m, bool exclusions, size_t **start_out, size_t **list_out)
{
    const size_t n = m->n_projects;
    size_t pairs = 0;
    for (size_t i = 0; i < n; i++)
        pairs += exclusions ? m->projects[i].n_excludes : m->projects[i].n_depends_on;
    size_t *start = alloc_zeroed_n(n + 2, sizeof *start), *list = alloc_n(2 * pairs, sizeof *list);
    *start_out = start;
    *list_out = list;
    if (start == NULL || list == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        size_t count = exclusions ? p->n_excludes : p->n_depends_on;
        for (size_t k = 0; k < count; k++) {
            if (exclusions) {
                start[i + 2]++;
                start[p->excludes[k] + 2]++;
            } else {
                start[p->depends_on[k] + 2]++;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        start[i + 2] += start[i + 1];
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        size_t count = exclusions ? p->n_excludes : p->n_depends_on;
        for (size_t k = 0; k < count; k++) {
            if (exclusions) {
                size_t j = p->excludes[k];
                list[start[i + 1]++] = j;
                list[start[j + 1]++] = i;
            } else {
                list[start[p->depends_on[k] + 1]++] = i;
            }
        }
    }
    return true;
}

/* Sets up an empty plan over selected/start (the caller's arrays, overwritten): every capacity and
 * policy with all it has. False when out of memory (free with state_free() either way). */
static bool state_init(plan_state *st, const model *m, const double *score, bool *selected, size_t *start)
{
    const size_t n = m->n_projects, np = m->n_periods, nc = m->n_capacities;
    *st = (plan_state){.m = m, .score = score, .sel = selected, .start = start, .candidates = SIZE_MAX,
                      .work_limit = SIZE_MAX};
    st->left = alloc_n(nc * np, sizeof *st->left);
    st->left_total = alloc_n(nc, sizeof *st->left_total);
    st->pol_amount = alloc_zeroed_n(m->n_policies, sizeof *st->pol_amount);
    st->pol_count = alloc_zeroed_n(m->n_policies, sizeof *st->pol_count);
    st->n_dependents = alloc_zeroed_n(n, sizeof *st->n_dependents);
    /* Mutual exclusions in both directions, so that fits() looks at a project's partners only. */
    if (!project_lists(m, true, &st->x_start, &st->x_list) || !st->left || !st->left_total || !st->pol_amount ||
        !st->pol_count || !st->n_dependents)
        return false;
    /* With nothing selected every piece of work in flight is stopped: its stop cost is due. */
    for (size_t c = 0; c < nc; c++) {
        for (size_t t = 0; t < np; t++)
            st->left[c * np + t] = model_limit(m, c, t) - (t == 0 && m->has_stop_costs ? m->stop_sum[c] : 0);
        st->left_total[c] = m->totals[c] - (m->has_stop_costs ? m->stop_sum[c] : 0);
    }
    for (size_t i = 0; i < n; i++) {
        selected[i] = false;
        start[i] = m->projects[i].start_min;
    }
    return true;
}

/* The greedy order: by w.priority when given, else by value per unit of weighted capacity at the
 * earliest start (weights w.period / w.total, or 1 / limit). */
static void greedy_order(const model *m, const double *score, heur_weights w, keyed *order)
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
        order[i] = (keyed){w.priority ? w.priority[i] : score[i] / use, i};
    }
    keyed_sort_desc(order, n);
}

bool heur_plan(const model *m, const double *score, heur_weights w, double time_limit, bool *selected, size_t *start,
               double *value)
{
    const size_t n = m->n_projects;
    double t0 = wallclock_now();
    plan_state st;
    keyed *order = alloc_n(n, sizeof *order);
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
            size_t i = order[k].index;
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
    /* Minimum policies: add the category's best-keyed projects that fit until they hold. */
    for (size_t q = 0; q < m->n_policies && !policy_mins_hold(&st); q++)
        for (size_t k = 0; k < n && !policy_mins_hold(&st); k++) {
            size_t i = order[k].index;
            size_t s = m->in_policy[q * n + i] ? best_start(&st, i) : SIZE_MAX;
            if (s != SIZE_MAX)
                apply(&st, i, s, 1);
        }
    if (!policy_mins_hold(&st))
        goto out;
    /* Local search, within its budget. From here on the greedy order is by value per unit of
     * capacity, whatever guided the first pass. */
    st.preferred = NULL;
    st.work_limit = (size_t)(HEUR_WORK_PER_N_LOG_N * (double)n * log2((double)n + 2));
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

bool heur_improve(const model *m, const double *score, double time_limit, unsigned stream, bool *selected,
                  size_t *start, double *value, heur_progress better)
{
    const size_t n = m->n_projects;
    double t0 = wallclock_now();
    plan_state st;
    bool *given = alloc_n(n, sizeof *given);
    size_t *given_start = alloc_n(n, sizeof *given_start);
    keyed *order = alloc_n(n, sizeof *order);
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
    tell_better(better, st.value);
    st.better = better;
    iterate(&st, order, log, t0, time_limit, heur_seed(UINT64_C(0x9E3779B97F4A7C15), stream));
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
            after = !plan_is_precedence(m, i, j) || plan_link_holds(m, i, k, s, st->start[j]);
        }
        size_t count = 0;
        if (after && make_room(st, i, s, log, &count)) {
            double v = st->value + plan_value(m, st->score, i, s);
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

/* The local search of heur_force() tries to bring in only this many projects left out: the trade
 * of time against the forced plans' value that tools/BENCHMARKS.md records (2026-12-02). */
#define FORCE_CANDIDATES 32

bool heur_force(const model *m, const double *score, const bool *selected, const size_t *start, size_t project,
                bool in, bool *out_selected, size_t *out_start, double *value)
{
    const size_t n = m->n_projects;
    plan_state st;
    keyed *order = alloc_n(n, sizeof *order);
    move *log = malloc((2 * n + 8) * sizeof *log);
    bool *pinned = alloc_zeroed_n(n, sizeof *pinned);
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
        size_t i = order[k].index;
        size_t s = st.sel[i] || score[i] <= 0 || (!in && i == project) ? SIZE_MAX : best_start(&st, i);
        if (s != SIZE_MAX)
            apply(&st, i, s, 1);
    }
    /* Minimum policies the moves broke: the category's best-keyed projects that fit. */
    for (size_t q = 0; q < m->n_policies && !policy_mins_hold(&st); q++)
        for (size_t k = 0; k < n && !policy_mins_hold(&st); k++) {
            size_t i = order[k].index;
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
    descend(&st, order, tabu, log, wallclock_now(), INFINITY);
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

/* Tabu search over swaps at a fixed number of selected projects, with the capacities as penalties
 * (in the spirit of Vasquez and Hao's search for the multidimensional knapsack, 2001, and of
 * Glover and Kochenberger's strategic oscillation, 1996), for models where every project has one
 * start. Each capacity's limit in each period, and over the horizon, is a row. */

/* A move looks at every swap and every row: beyond this much arithmetic per move the search is too
 * slow to pay (tools/BENCHMARKS.md, the OR-Library benchmark). */
#define SWAP_MAX_WORK 5e5
/* Moves per round; each round starts again from the best plan, at the next size. */
#define SWAP_ROUND 500
/* A row's penalty weight grows by this share while the plan is over its limit and shrinks by half
 * of it while not; a project moved stays tabu for SWAP_TENURE to SWAP_TENURE + SWAP_TENURE_SPAN - 1
 * moves. Chosen on mknapcb7 (tools/BENCHMARKS.md). */
#define SWAP_ALPHA 0.1
#define SWAP_TENURE 2
#define SWAP_TENURE_SPAN 5

typedef struct swap_state {
    const model *m;
    const double *score;
    size_t n, rows;
    double *a;       /* [n * rows] each project's use of each row, one project's contiguous */
    double *limit;   /* [rows] */
    double *tol;     /* [rows] how far over its limit a row may be and still hold */
    double *load;    /* [rows] the plan's use */
    double *w, *w0;  /* [rows] penalty per unit over the limit, and its first value */
    double *ratio;   /* [n] value per unit of use (each row relative to its size), for sizing */
    bool *x;         /* [n] the plan */
    bool *never;     /* [n] cannot be selected: excluded, or its start breaks a precedence */
    size_t *missing; /* [n] projects that i depends on and that are not selected */
    size_t *needed;  /* [n] selected projects that depend on i */
    size_t *clash;   /* [n] selected projects that i cannot be selected with */
    size_t *r_start, *r_list; /* the projects that depend on i: r_list[r_start[i]..r_start[i + 1]] */
    size_t *x_start, *x_list; /* mutual exclusions, both directions, likewise */
    double *pol_amount, *pol_count;
    bool plain; /* no dependency, exclusion or policy: only capacities to watch */
    size_t count;
    double value;
    heur_progress better; /* told of each better plan swap_record() keeps */
} swap_state;

static size_t swap_rows(const model *m)
{
    size_t rows = 0;
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < m->n_periods; t++)
            rows += isfinite(model_limit(m, c, t));
        rows += isfinite(m->totals[c]);
    }
    return rows;
}

bool heur_swap_applies(const model *m, const bool *selected)
{
    const size_t n = m->n_projects;
    size_t count = 0;
    if (m->has_stop_costs) /* its rows count the selected projects' use only */
        return false;
    for (size_t i = 0; i < n; i++) {
        if (m->projects[i].start_min != m->projects[i].start_max)
            return false;
        count += selected[i];
    }
    double rows = (double)swap_rows(m);
    return rows > 0 && (double)count * (double)(n - count) * rows <= SWAP_MAX_WORK;
}

static void swap_free(swap_state *s)
{
    free(s->a), free(s->limit), free(s->tol), free(s->load), free(s->w), free(s->w0), free(s->ratio);
    free(s->x), free(s->never), free(s->missing), free(s->needed), free(s->clash);
    free(s->r_start), free(s->r_list), free(s->x_start), free(s->x_list), free(s->pol_amount), free(s->pol_count);
}

/* Adds (sign 1) or removes (sign -1) project i. */
static void swap_apply(swap_state *s, size_t i, int sign)
{
    const model *m = s->m;
    const model_project *p = &m->projects[i];
    s->x[i] = sign > 0;
    if (sign > 0)
        s->count++;
    else
        s->count--;
    s->value += sign * s->score[i];
    for (size_t r = 0; r < s->rows; r++)
        s->load[r] += sign * s->a[i * s->rows + r];
    for (size_t k = 0; k < p->n_depends_on; k++)
        s->needed[p->depends_on[k]] += sign > 0 ? 1 : (size_t)-1;
    for (size_t k = s->r_start[i]; k < s->r_start[i + 1]; k++)
        s->missing[s->r_list[k]] += sign > 0 ? (size_t)-1 : 1;
    for (size_t k = s->x_start[i]; k < s->x_start[i + 1]; k++)
        s->clash[s->x_list[k]] += sign > 0 ? 1 : (size_t)-1;
    policy_tally(m, i, sign, s->pol_amount, s->pol_count);
}

/* Sets up the search over the plan selected[n]; false when out of memory (free with swap_free()). */
static bool swap_init(swap_state *s, const model *m, const double *score, const bool *selected)
{
    const size_t n = m->n_projects, np = m->n_periods, rows = swap_rows(m);
    *s = (swap_state){.m = m, .score = score, .n = n, .rows = rows};
    s->a = alloc_n(n * rows, sizeof *s->a);
    s->limit = alloc_n(rows, sizeof *s->limit);
    s->tol = alloc_n(rows, sizeof *s->tol);
    s->load = alloc_zeroed_n(rows, sizeof *s->load);
    s->w = alloc_n(rows, sizeof *s->w);
    s->w0 = alloc_n(rows, sizeof *s->w0);
    s->ratio = alloc_n(n, sizeof *s->ratio);
    s->x = alloc_zeroed_n(n, sizeof *s->x);
    s->never = alloc_zeroed_n(n, sizeof *s->never);
    s->missing = alloc_zeroed_n(n, sizeof *s->missing);
    s->needed = alloc_zeroed_n(n, sizeof *s->needed);
    s->clash = alloc_zeroed_n(n, sizeof *s->clash);
    s->pol_amount = alloc_zeroed_n(m->n_policies, sizeof *s->pol_amount);
    s->pol_count = alloc_zeroed_n(m->n_policies, sizeof *s->pol_count);
    if (!project_lists(m, false, &s->r_start, &s->r_list) || !project_lists(m, true, &s->x_start, &s->x_list) || !s->a ||
        !s->limit || !s->tol || !s->load || !s->w || !s->w0 || !s->ratio || !s->x || !s->never || !s->missing ||
        !s->needed || !s->clash || !s->pol_amount || !s->pol_count)
        return false;
    size_t r = 0;
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t <= np; t++) {
            bool total = t == np;
            double limit = total ? m->totals[c] : model_limit(m, c, t);
            if (!isfinite(limit))
                continue;
            s->limit[r] = limit;
            s->tol[r] = 1e-9 * fmax(1.0, fabs(limit));
            for (size_t i = 0; i < n; i++) {
                const model_project *p = &m->projects[i];
                s->a[i * rows + r] = total ? model_use_in_horizon(m, i, c, p->start_min)
                                           : model_use_at(m, i, c, p->start_min, t);
            }
            r++;
        }
    }
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += fabs(score[i]) / (double)n;
    for (r = 0; r < rows; r++) {
        double size = s->limit[r];
        for (size_t i = 0; i < n && !(size > 0); i++)
            size = fmax(size, s->a[i * rows + r]);
        s->w0[r] = fmax(mean, 1e-12) * (double)rows / (size > 0 ? size : 1.0);
    }
    s->plain = m->n_policies == 0;
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        s->plain = s->plain && p->n_depends_on == 0 && s->x_start[i] == s->x_start[i + 1];
        s->missing[i] = p->n_depends_on;
        s->never[i] = p->exclude;
        for (size_t k = 0; k < p->n_depends_on; k++) {
            size_t j = p->depends_on[k];
            if (plan_is_precedence(m, i, j) && !plan_link_holds(m, i, k, p->start_min, m->projects[j].start_min))
                s->never[i] = true;
        }
        double use = 1e-12;
        for (r = 0; r < rows; r++)
            use += s->a[i * rows + r] * s->w0[r];
        s->ratio[i] = score[i] / use;
    }
    for (size_t i = 0; i < n; i++)
        if (selected[i])
            swap_apply(s, i, 1);
    return true;
}

/* Whether every policy holds with d taken out and e brought in (either may be SIZE_MAX: none). */
static bool swap_policies_hold(const swap_state *s, size_t d, size_t e)
{
    const model *m = s->m;
    const size_t n = s->n;
    for (size_t q = 0; q < m->n_policies; q++) {
        bool out = d != SIZE_MAX && m->in_policy[q * n + d], in = e != SIZE_MAX && m->in_policy[q * n + e];
        if (!out && !in)
            continue;
        double amount = s->pol_amount[q] + (in ? m->policy_amount[q * n + e] : 0) -
                        (out ? m->policy_amount[q * n + d] : 0);
        double count = s->pol_count[q] + in - out;
        const rules_policy *pol = &m->rules.policies[q];
        if (!policy_max_holds(pol, amount, count) || !policy_min_holds(pol, amount, count))
            return false;
    }
    return true;
}

/* May d (selected) leave? Not a must-do one, nor one that a selected project depends on. */
static bool swap_may_leave(const swap_state *s, size_t d)
{
    return s->x[d] && !s->m->projects[d].must && s->needed[d] == 0;
}

/* May e (left out) come in while d (SIZE_MAX: none) leaves? Its dependencies stay selected and its
 * mutual exclusions out; the policies are checked apart. */
static bool swap_may_enter(const swap_state *s, size_t e, size_t d)
{
    if (s->x[e] || s->never[e] || s->missing[e] > 0)
        return false;
    if (s->plain || d == SIZE_MAX)
        return s->clash[e] == 0;
    const model_project *p = &s->m->projects[e];
    for (size_t k = 0; k < p->n_depends_on; k++)
        if (p->depends_on[k] == d)
            return false;
    if (s->clash[e] == 0)
        return true;
    for (size_t k = s->x_start[e]; k < s->x_start[e + 1]; k++)
        if (s->x_list[k] == d)
            return s->clash[e] == 1;
    return false;
}

/* Brings the plan to count projects: adds the best by ratio that may enter, or takes out the worst
 * that may leave (capacities may then be over: the search repairs them). False when it cannot. */
static bool swap_resize(swap_state *s, size_t count)
{
    while (s->count != count) {
        bool grow = s->count < count;
        size_t pick = SIZE_MAX;
        for (size_t i = 0; i < s->n; i++) {
            bool ok = grow ? swap_may_enter(s, i, SIZE_MAX) && swap_policies_hold(s, SIZE_MAX, i)
                           : swap_may_leave(s, i) && swap_policies_hold(s, i, SIZE_MAX);
            if (ok && (pick == SIZE_MAX || (grow ? s->ratio[i] > s->ratio[pick] : s->ratio[i] < s->ratio[pick])))
                pick = i;
        }
        if (pick == SIZE_MAX)
            return false;
        swap_apply(s, pick, grow ? 1 : -1);
    }
    return true;
}

static bool swap_within(const swap_state *s, size_t e)
{
    for (size_t r = 0; r < s->rows; r++)
        if (s->load[r] + (e == SIZE_MAX ? 0 : s->a[e * s->rows + r]) > s->limit[r] + s->tol[r])
            return false;
    return true;
}

/* Records the plan (plus project e unless SIZE_MAX) as the best, worth value. */
static void swap_record(const swap_state *s, size_t e, double value, bool *best_x, double *best)
{
    memcpy(best_x, s->x, s->n * sizeof *best_x);
    if (e != SIZE_MAX)
        best_x[e] = true;
    *best = value;
    tell_better(s->better, value);
}

/* One round: from the plan as it is, SWAP_ROUND moves, each the best swap that is not tabu (or that
 * gives a plan within every limit and better than the best), the rows' weights adapting. */
static void swap_round(swap_state *s, size_t *tabu, size_t *moves, uint64_t *rng, double *g, bool *best_x,
                       double *best, double t0, double time_limit)
{
    const size_t n = s->n, rows = s->rows;
    for (size_t r = 0; r < rows; r++)
        s->w[r] = s->w0[r];
    for (size_t step = 0; step < SWAP_ROUND && wallclock_now() - t0 < time_limit; step++) {
        size_t it = ++*moves;
        double base = 0;
        for (size_t r = 0; r < rows; r++)
            base += s->load[r] > s->limit[r] + s->tol[r] ? s->w[r] * (s->load[r] - s->limit[r]) : 0;
        size_t bd = SIZE_MAX, be = SIZE_MAX;
        double top = -INFINITY;
        for (size_t d = 0; d < n; d++) {
            if (!swap_may_leave(s, d))
                continue;
            for (size_t r = 0; r < rows; r++)
                g[r] = s->load[r] - s->a[d * rows + r] - s->limit[r];
            for (size_t e = 0; e < n; e++) {
                if (!swap_may_enter(s, e, d) || (!s->plain && !swap_policies_hold(s, d, e)))
                    continue;
                double gain = s->score[e] - s->score[d];
                bool is_tabu = tabu[d] > it || tabu[e] > it;
                bool aspire = is_tabu && s->value + gain > *best + 1e-9 * fmax(1.0, fabs(*best));
                if (is_tabu && !aspire)
                    continue;
                /* Penalty over the limits after the swap; stop adding once it cannot beat the best move. */
                double pen = 0, cap = gain + base - top;
                bool over = false;
                const double *col = &s->a[e * rows];
                for (size_t r = 0; r < rows && (pen <= cap || aspire); r++) {
                    double excess = g[r] + col[r];
                    if (excess > s->tol[r]) {
                        pen += s->w[r] * excess;
                        over = true;
                        if (aspire)
                            break;
                    }
                }
                if (is_tabu && over)
                    continue;
                double eval = gain - (pen - base);
                if (eval > top) {
                    top = eval;
                    bd = d;
                    be = e;
                }
            }
        }
        if (bd == SIZE_MAX)
            return;
        swap_apply(s, bd, -1);
        swap_apply(s, be, 1);
        tabu[bd] = it + SWAP_TENURE + heur_random(rng) % SWAP_TENURE_SPAN;
        tabu[be] = it + SWAP_TENURE + heur_random(rng) % SWAP_TENURE_SPAN;
        if (swap_within(s, SIZE_MAX)) {
            if (s->value > *best + 1e-9 * fmax(1.0, fabs(*best)))
                swap_record(s, SIZE_MAX, s->value, best_x, best);
            /* One more project that fits makes a better plan of the next size. */
            for (size_t e = 0; e < n; e++)
                if (s->value + s->score[e] > *best + 1e-9 * fmax(1.0, fabs(*best)) && swap_may_enter(s, e, SIZE_MAX) &&
                    swap_policies_hold(s, SIZE_MAX, e) && swap_within(s, e))
                    swap_record(s, e, s->value + s->score[e], best_x, best);
        }
        for (size_t r = 0; r < rows; r++) {
            if (s->load[r] > s->limit[r] + s->tol[r])
                s->w[r] = fmin(s->w[r] * (1 + SWAP_ALPHA), 1e6 * s->w0[r]);
            else
                s->w[r] = fmax(s->w[r] / (1 + SWAP_ALPHA / 2), 1e-6 * s->w0[r]);
        }
    }
}

bool heur_swap(const model *m, const double *score, double time_limit, unsigned stream, bool *selected, size_t *start,
               double *value, heur_progress better)
{
    const size_t n = m->n_projects;
    double t0 = wallclock_now();
    double best = 0;
    for (size_t i = 0; i < n; i++)
        best += selected[i] ? plan_value(m, score, i, start[i]) : 0;
    if (!heur_swap_applies(m, selected)) {
        if (value != NULL)
            *value = best;
        return true;
    }
    swap_state s;
    bool *best_x = alloc_n(n, sizeof *best_x);
    size_t *tabu = alloc_zeroed_n(n, sizeof *tabu);
    double *g = alloc_n(swap_rows(m), sizeof *g);
    bool ok = swap_init(&s, m, score, selected) && best_x != NULL && tabu != NULL && g != NULL;
    if (ok) {
        memcpy(best_x, selected, n * sizeof *best_x);
        best = s.value;
        s.better = better;
        /* Sizes around the best plan's: the same, one more, one fewer, two more. */
        static const int offset[] = {0, 1, -1, 2, 0, 1};
        uint64_t rng = heur_seed(UINT64_C(0xD1B54A32D192ED03), stream);
        size_t moves = 0, failed = 0;
        for (size_t round = 0; failed < 6 && wallclock_now() - t0 < time_limit; round++) {
            size_t size = 0;
            for (size_t i = 0; i < n; i++)
                size += best_x[i];
            long k = (long)size + offset[round % 6];
            for (size_t i = 0; i < n; i++)
                if (s.x[i] != best_x[i])
                    swap_apply(&s, i, best_x[i] ? 1 : -1);
            if (k < 1 || k > (long)n || !swap_resize(&s, (size_t)k)) {
                failed++;
                continue;
            }
            size_t before = moves;
            swap_round(&s, tabu, &moves, &rng, g, best_x, &best, t0, time_limit);
            failed = moves == before ? failed + 1 : 0; /* no swap possible at this size */
        }
        for (size_t i = 0; i < n; i++) {
            selected[i] = best_x[i];
            start[i] = m->projects[i].start_min;
        }
    }
    if (value != NULL)
        *value = best;
    swap_free(&s);
    free(best_x), free(tabu), free(g);
    return ok;
}
