/* sensitivity.c - weight ranges over exact re-solves (the crossings of plans' objectives, then
 * bisection), and the decisions they flip. */
#include "sensitivity.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "wallclock.h"
#include "worker.h"

void sens_options_init(sens_options *o)
{
    o->max_solves = RULES_DEFAULT_SENSITIVITY_SOLVES;
    o->budget = RULES_DEFAULT_SENSITIVITY_BUDGET;
    o->split_seconds = 0.1;
    o->progress = (progress){NULL, NULL};
}

bool sens_rescore(const model *m, const score_result *s, const double *weights, double *score)
{
    const size_t n = m->n_projects, nk = m->n_criteria;
    if (m->rules.scoring != SCORING_TOPSIS) {
        for (size_t i = 0; i < n; i++) {
            double v = 0;
            for (size_t k = 0; k < nk; k++)
                v += weights[k] * s->norm[i * nk + k];
            score[i] = v;
        }
        return true;
    }
    /* TOPSIS: the ideal and anti-ideal move with the weights. */
    double *ideal = alloc_n(nk, sizeof *ideal), *anti = alloc_n(nk, sizeof *anti);
    if (ideal == NULL || anti == NULL) {
        free(ideal);
        free(anti);
        return false;
    }
    for (size_t k = 0; k < nk; k++) {
        bool minimise = m->rules.criteria[k].minimise;
        for (size_t i = 0; i < n; i++) {
            double v = weights[k] * s->norm[i * nk + k];
            if (i == 0 || (minimise ? v < ideal[k] : v > ideal[k]))
                ideal[k] = v;
            if (i == 0 || (minimise ? v > anti[k] : v < anti[k]))
                anti[k] = v;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double dp = 0, dm = 0;
        for (size_t k = 0; k < nk; k++) {
            double v = weights[k] * s->norm[i * nk + k];
            dp += (v - ideal[k]) * (v - ideal[k]);
            dm += (v - anti[k]) * (v - anti[k]);
        }
        score[i] = sqrt(dp) + sqrt(dm) > 0 ? sqrt(dm) / (sqrt(dp) + sqrt(dm)) : 0;
    }
    free(ideal);
    free(anti);
    return true;
}

/* State of one analysis. */
typedef struct sweep {
    const model *m;
    const score_result *s;
    const plan_rules *rules;
    const solve_options *opt;
    const bool *base;   /* the selection now */
    const size_t *base_start; /* and its start periods */
    double *weights;    /* scratch [n_criteria] */
    double *score;      /* scratch [n_projects] */
    bool *sel;          /* the selection at the last weight tried [n_projects] */
    size_t *sel_start;  /* and its start periods */
    double value;       /* its objective */
    bool proven;        /* proven optimal there */
    bool *cross_sel;    /* scratch for bracket(): the plan that wins at the far end [n_projects] */
    size_t *cross_start;
    bool *past_sel;     /* bracket(): the selection of the re-solve at the nearest weight known to
                           differ, and whether it was proven optimal there */
    bool past_proven;
    bool *all_rules;    /* every rule on: solve_portfolio then skips its starting-plan search, which
                           for these many small re-solves costs more than it saves */
    size_t solves;
    size_t stopped;     /* re-solves that their time limit stopped before a proof */
    double deadline;    /* wallclock_now() time at which a re-solve stops even before opt's time limit:
                           the end of [sensitivity] time_budget */
} sweep;

/* Scores every project with criterion k at weight t (the others in proportion) into w->score. */
static bool rescore_at(sweep *w, size_t k, double t)
{
    const model *m = w->m;
    double rest = 1 - m->weights[k];
    for (size_t j = 0; j < m->n_criteria; j++)
        w->weights[j] = j == k ? t : (rest > 0 ? m->weights[j] * (1 - t) / rest : (1 - t) / (double)(m->n_criteria - 1));
    return sens_rescore(m, w->s, w->weights, w->score);
}

/* The objective of the plan (sel, start) with criterion k at weight t. */
static bool plan_value_at(sweep *w, size_t k, double t, const bool *sel, const size_t *start, double *value)
{
    const model *m = w->m;
    if (!rescore_at(w, k, t))
        return false;
    *value = 0;
    for (size_t i = 0; i < m->n_projects; i++)
        if (sel[i])
            *value += plan_value(m, w->score, i, start[i]);
    return true;
}

/* Solves with criterion k at weight t (the others in proportion); true when the selection is the
 * base one, as proven by the solve: a re-solve stopped by its time limit proves nothing, so it counts
 * as a change (the range then ends no later than is proven) and in w->stopped. */
static bool same_at(sweep *w, size_t k, double t, folio_error *err)
{
    const model *m = w->m;
    if (!rescore_at(w, k, t)) {
        *err = FOLIO_ENOMEM;
        return false;
    }
    arena scratch = {0};
    solve_result r;
    /* Start from the current portfolio, each project where it starts now: it satisfies every rule, and
     * it is often still the answer. */
    solve_options o = *w->opt;
    o.hint = w->base;
    o.hint_start = w->base_start;
    o.no_cuts = true;
    o.any_starts = true;
    /* A re-solve still running when the time budget ends stops there (unproven, so the range ends
     * no later than what is proven), so that the budget bounds the analysis. */
    double left = w->deadline - wallclock_now();
    if (left < o.time_limit)
        o.time_limit = fmax(left, 0.01);
    *err = solve_portfolio(m, w->score, w->rules, w->all_rules, &o, &scratch, &r);
    w->solves++;
    bool same = false;
    w->proven = false;
    if (*err == FOLIO_OK && (r.status == SOLVE_OPTIMAL || r.status == SOLVE_FEASIBLE)) {
        same = true;
        for (size_t i = 0; i < m->n_projects; i++) {
            w->sel[i] = r.selected[i];
            w->sel_start[i] = r.start[i];
            same &= r.selected[i] == w->base[i];
        }
        w->value = r.objective;
        w->proven = r.status == SOLVE_OPTIMAL;
    }
    if (*err == FOLIO_OK && r.status != SOLVE_OPTIMAL && r.status != SOLVE_INFEASIBLE)
        w->stopped++;
    arena_clear(&scratch);
    return same && w->proven;
}

/* Keeps the last re-solve's selection (one that differs from now, or is not proven) as the one past
 * the range, so that its edge needs no second re-solve at that weight. */
static void keep_past(sweep *w)
{
    memcpy(w->past_sel, w->sel, w->m->n_projects * sizeof *w->sel);
    w->past_proven = w->proven;
}

/* Marks e as changing at weight t, with room for up to n entering and n leaving projects. */
static folio_error edge_open(sens_edge *e, double t, size_t n, arena *a)
{
    e->changes = true;
    e->at = t;
    e->enter = arena_alloc_n(a, n, sizeof *e->enter);
    e->leave = arena_alloc_n(a, n, sizeof *e->leave);
    return e->enter == NULL || e->leave == NULL ? FOLIO_ENOMEM : FOLIO_OK;
}

/* Records what changes at weight t: the selection sel there, proven optimal or not. */
static folio_error record_edge(sweep *w, double t, const bool *sel, bool proven, arena *a, sens_edge *e)
{
    const size_t n = w->m->n_projects;
    if (edge_open(e, t, n, a) != FOLIO_OK)
        return FOLIO_ENOMEM;
    e->proven = proven;
    for (size_t i = 0; i < n; i++) {
        if (sel[i] && !w->base[i])
            e->enter[e->n_enter++] = i;
        if (!sel[i] && w->base[i])
            e->leave[e->n_leave++] = i;
    }
    return FOLIO_OK;
}

/* Finds the end of the stable range from t0 (where the current plan is optimal) towards limit (0 or
 * 1). With a weighted sum every plan's objective is linear in the weight, so the optimum is the
 * upper envelope of lines, convex in the weight. Where the plan P that wins at the far end t_r
 * crosses the current plan's line B (at t_c), one re-solve tells: if nothing beats B there, B is
 * optimal on [t0, t_c] and P on [t_c, t_r] (a convex function that meets a line at both ends of an
 * interval is that line on it), so t_c is the exact end; else the better plan found becomes P and
 * t_c its t_r. Each step finds a plan crossing B nearer t0, so it ends; SENS_CROSSINGS steps, then
 * bisection to within 0.001 (also for TOPSIS, whose scores are not linear in the weights, and when
 * the optimum at a crossing keeps the current selection with other starts). */
static folio_error bracket(sweep *w, size_t k, double t0, double limit, arena *a, double *stable, sens_edge *e)
{
    const model *m = w->m;
    const size_t n = m->n_projects;
    folio_error err = FOLIO_OK;
    *stable = t0;
    if (same_at(w, k, limit, &err) || err != FOLIO_OK) {
        if (err == FOLIO_OK)
            *stable = limit;
        return err;
    }
    keep_past(w);
    double good = t0, bad = limit;
    bool *p_sel = w->cross_sel;
    size_t *p_start = w->cross_start;
    for (int step = 0; step < SENS_CROSSINGS && m->rules.scoring != SCORING_TOPSIS && w->proven; step++) {
        memcpy(p_sel, w->sel, n * sizeof *p_sel);
        memcpy(p_start, w->sel_start, n * sizeof *p_start);
        double b0, bt, p0, pt, bc;
        if (!plan_value_at(w, k, good, w->base, w->base_start, &b0) ||
            !plan_value_at(w, k, bad, w->base, w->base_start, &bt) || !plan_value_at(w, k, good, p_sel, p_start, &p0) ||
            !plan_value_at(w, k, bad, p_sel, p_start, &pt))
            return FOLIO_ENOMEM;
        double d0 = p0 - b0, dt = pt - bt; /* P against B at both ends: d0 <= 0 < dt */
        if (!(dt > d0))
            break;
        double tc = d0 >= 0 ? good : good + (bad - good) * (-d0 / (dt - d0));
        if (!plan_value_at(w, k, tc, w->base, w->base_start, &bc))
            return FOLIO_ENOMEM;
        bool same = same_at(w, k, tc, &err);
        if (err != FOLIO_OK)
            return err;
        if (w->proven && w->value <= bc + 1e-9 * fmax(1.0, fabs(bc))) {
            /* Nothing beats B at tc: the exact end, with P (which ties B there) just past it. */
            *stable = tc;
            return record_edge(w, tc, p_sel, true, a, e);
        }
        if (same || !w->proven) {
            /* The selection holds at tc with other starts, or the solve stopped short of a proof:
             * bisect the rest. */
            if (same) {
                good = tc;
            } else {
                bad = tc;
                keep_past(w);
            }
            break;
        }
        bad = tc;
        keep_past(w);
    }
    while (fabs(bad - good) > 0.001) {
        double mid = (good + bad) / 2;
        if (same_at(w, k, mid, &err)) {
            good = mid;
        } else {
            bad = mid;
            keep_past(w);
        }
        if (err != FOLIO_OK)
            return err;
    }
    /* The selection just past the range: the re-solve already made at bad (not a second one, whose
     * outcome could differ from the first when a time limit stops it). */
    *stable = good;
    return record_edge(w, bad, w->past_sel, w->past_proven, a, e);
}

/* One side of a criterion's range as a worker process sends it, followed by the edge's
 * enter[n_enter] and leave[n_leave] when it changes. */
typedef struct side_wire {
    int done;    /* bracketed: the time budget had not run out */
    int changes;
    int proven;
    size_t stopped; /* its re-solves that stopped before a proof */
    double stable, at;
    size_t n_enter, n_leave;
    size_t solves;
} side_wire;

/* The sweep as tasks: task 2k + side brackets criterion k's range upwards (side 0, towards 1) or
 * downwards (side 1, towards 0). The tasks do not depend on each other (every re-solve starts from
 * the current portfolio), so they give the same results in whichever process they run. */
typedef struct sides_ctx {
    sweep *w;
    sens_criterion *criteria;
    size_t count;  /* criteria 0..count-1 fit the solve budget */
    bool *done;    /* [2 count]: bracketed before the time budget ran out */
    bool *inexact; /* [2 count]: a re-solve of that side stopped before a proof */
    double start, budget;
    arena *a;
    progress progress;
    size_t reported, total; /* sides reported to progress, of all */
} sides_ctx;

static double *side_stable(sens_criterion *c, int side)
{
    return side == 0 ? &c->stable_to : &c->stable_from;
}

static sens_edge *side_edge(sens_criterion *c, int side)
{
    return side == 0 ? &c->above : &c->below;
}

/* Brackets one side of one criterion unless the time budget has run out. With wire (in a worker)
 * appends the outcome to it. */
static folio_error side_task(void *ctx, size_t task, worker_buf *wire)
{
    sides_ctx *x = ctx;
    const size_t k = task / 2;
    const int side = (int)(task % 2);
    sens_criterion *c = &x->criteria[k];
    double *stable = side_stable(c, side);
    sens_edge *e = side_edge(c, side);
    memset(e, 0, sizeof *e);
    *stable = c->weight;
    folio_error err = FOLIO_OK;
    size_t solves0 = x->w->solves, stopped0 = x->w->stopped;
    if (wire == NULL) /* here, in the main process: a worker's are reported as they arrive */
        progress_report(x->progress, "weight sensitivity", ++x->reported, x->total);
    x->done[task] = wallclock_now() - x->start <= x->budget;
    if (x->done[task] && (err = bracket(x->w, k, c->weight, side == 0 ? 1.0 : 0.0, x->a, stable, e)) != FOLIO_OK)
        return err;
    x->inexact[task] = x->w->stopped > stopped0;
    if (wire == NULL)
        return FOLIO_OK;
    side_wire msg;
    memset(&msg, 0, sizeof msg); /* padding too: the bytes go down a pipe */
    msg.done = x->done[task];
    msg.changes = e->changes;
    msg.proven = e->proven;
    msg.stable = *stable;
    msg.at = e->at;
    msg.n_enter = e->n_enter;
    msg.n_leave = e->n_leave;
    msg.solves = x->w->solves - solves0;
    msg.stopped = x->w->stopped - stopped0;
    if (!worker_buf_put(wire, &msg, sizeof msg) ||
        (e->changes && (!worker_buf_put(wire, e->enter, e->n_enter * sizeof *e->enter) ||
                        !worker_buf_put(wire, e->leave, e->n_leave * sizeof *e->leave))))
        return FOLIO_ENOMEM;
    return FOLIO_OK;
}

/* Records a side as the worker sent it (and the solves it made there). */
static folio_error side_take(void *ctx, size_t task, const worker_buf *wire, size_t *at)
{
    sides_ctx *x = ctx;
    const size_t n = x->w->m->n_projects;
    progress_report(x->progress, "weight sensitivity", ++x->reported, x->total);
    sens_criterion *c = &x->criteria[task / 2];
    sens_edge *e = side_edge(c, (int)(task % 2));
    side_wire msg;
    if (!worker_buf_get(wire, at, &msg, sizeof msg) || msg.n_enter > n || msg.n_leave > n)
        return FOLIO_EIO;
    memset(e, 0, sizeof *e);
    x->done[task] = msg.done != 0;
    *side_stable(c, (int)(task % 2)) = msg.stable;
    if (msg.changes) {
        if (edge_open(e, msg.at, n, x->a) != FOLIO_OK)
            return FOLIO_ENOMEM;
        if (!worker_buf_get(wire, at, e->enter, msg.n_enter * sizeof *e->enter) ||
            !worker_buf_get(wire, at, e->leave, msg.n_leave * sizeof *e->leave))
            return FOLIO_EIO;
        e->n_enter = msg.n_enter;
        e->n_leave = msg.n_leave;
        e->proven = msg.proven != 0;
    }
    x->w->solves += msg.solves;
    x->w->stopped += msg.stopped;
    x->inexact[task] = msg.stopped > 0;
    return FOLIO_OK;
}

static int flip_compare(const void *pa, const void *pb)
{
    const sens_flip *a = pa, *b = pb;
    if (fabs(a->change) != fabs(b->change))
        return fabs(a->change) < fabs(b->change) ? -1 : 1;
    return (a->project > b->project) - (a->project < b->project);
}

folio_error sens_weights(const model *m, const score_result *scores, const plan_rules *rules,
                         const solve_options *opt, const solve_result *base, const sens_options *so, arena *a,
                         sens_result *out)
{
    const size_t n = m->n_projects, nk = m->n_criteria;
    memset(out, 0, sizeof *out);
    out->criteria = arena_alloc_n(a, nk, sizeof *out->criteria);
    out->flips = arena_alloc_n(a, n, sizeof *out->flips);
    sweep w = {m,
               scores,
               rules,
               opt,
               base->selected,
               base->start,
               alloc_n(nk, sizeof(double)),
               alloc_n(n, sizeof(double)),
               alloc_n(n, sizeof(bool)),
               alloc_n(n, sizeof(size_t)),
               0,
               false,
               alloc_n(n, sizeof(bool)),
               alloc_n(n, sizeof(size_t)),
               alloc_n(n, sizeof(bool)),
               false,
               alloc_n(rules->count, sizeof(bool)),
               0,
               0,
               INFINITY};
    folio_error err = FOLIO_OK;
    double *best = alloc_zeroed_n(n, sizeof *best); /* smallest |change| flipping each project ... */
    size_t *best_k = alloc_zeroed_n(n, sizeof *best_k); /* ... and its criterion; SIZE_MAX: none (a change
                                                        can be 0: a tie at the current weights) */
    bool *done = alloc_zeroed_n(2 * nk, sizeof *done), *inexact = alloc_zeroed_n(2 * nk, sizeof *inexact);
    if (!out->criteria || !out->flips || !w.weights || !w.score || !w.sel || !w.sel_start || !w.cross_sel ||
        !w.cross_start || !w.past_sel || !w.all_rules || !best || !best_k || !done || !inexact) {
        err = FOLIO_ENOMEM;
        goto done;
    }
    for (size_t q = 0; q < rules->count; q++)
        w.all_rules[q] = true;
    for (size_t i = 0; i < n; i++)
        best_k[i] = SIZE_MAX;
    memset(out->criteria, 0, nk * sizeof *out->criteria);
    for (size_t k = 0; k < nk; k++) {
        sens_criterion *c = &out->criteria[k];
        c->weight = c->stable_from = c->stable_to = m->weights[k];
    }
    /* The criteria whose worst cases, with those before them, fit in the solve budget; their
     * brackets shared with a worker process where that pays. */
    size_t count = nk > 1 ? nk : 0;
    if (count > so->max_solves / SENS_SOLVES_PER_CRITERION)
        count = so->max_solves / SENS_SOLVES_PER_CRITERION;
    sides_ctx x = {&w, out->criteria, count, done, inexact, wallclock_now(), so->budget, a, so->progress, 0, 2 * count};
    w.deadline = x.start + so->budget;
    bool split = worker_pays(base->seconds, count * SENS_SOLVES_PER_CRITERION, so->split_seconds);
    if ((err = worker_share(&x, 2 * count, side_task, side_take, split)) != FOLIO_OK)
        goto done;
    for (size_t k = 0; k < count; k++) {
        sens_criterion *c = &out->criteria[k];
        c->analysed = done[2 * k] && done[2 * k + 1];
        if (!c->analysed) { /* the time budget ran out first on one side: neither counts */
            c->stable_from = c->stable_to = c->weight;
            memset(&c->below, 0, sizeof c->below);
            memset(&c->above, 0, sizeof c->above);
            continue;
        }
        /* A range with a stopped re-solve is proven as far as it goes, but what changes past it is
         * not: no flips from it. */
        c->exact = !inexact[2 * k] && !inexact[2 * k + 1];
        if (!c->exact)
            continue;
        const sens_edge *edges[2] = {&c->below, &c->above};
        for (int e = 0; e < 2; e++) {
            if (!edges[e]->changes)
                continue;
            double change = edges[e]->at - m->weights[k];
            for (size_t q = 0; q < edges[e]->n_enter + edges[e]->n_leave; q++) {
                size_t i = q < edges[e]->n_enter ? edges[e]->enter[q] : edges[e]->leave[q - edges[e]->n_enter];
                if (best_k[i] == SIZE_MAX || fabs(change) < fabs(best[i])) {
                    best[i] = change;
                    best_k[i] = k;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (best_k[i] != SIZE_MAX)
            out->flips[out->n_flips++] = (sens_flip){i, best_k[i], best[i]};
    qsort(out->flips, out->n_flips, sizeof *out->flips, flip_compare);
done:
    out->solves = w.solves;
    free(w.weights);
    free(w.score);
    free(w.sel);
    free(w.sel_start);
    free(w.cross_sel);
    free(w.cross_start);
    free(w.past_sel);
    free(w.all_rules);
    free(best);
    free(best_k);
    free(done);
    free(inexact);
    return err;
}
