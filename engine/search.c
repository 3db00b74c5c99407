/* search.c - the plan search beside CBC: the starting plan improved by iterated local search, a
 * tabu search over swaps where it applies, then a neighbourhood search on sub-models, in processes
 * of its own (one per processor the jobs leave beside CBC's, each on its own random stream) until
 * just before the solve's deadline. */
#include "search.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "alloc.h"
#include "heuristic.h"
#include "keyed.h"
#include "wallclock.h"

/* The neighbourhood search's first size, its share of random choice and a round's time; chosen
 * on the 2,000 x 12 x 6 time-phased models and the OR-Library's mknapcb7-8 (tools/BENCHMARKS.md). */
#define NBHD_FIRST_SIZE 30
#define NBHD_RANDOM 0.3
#define NBHD_ROUND_SECONDS 1.0

/* How long the plan search waits before it starts (see search_task). */
#define SEARCH_DELAY 0.05

/* In a search process: its best plan so far is worth value, for search_best_seen(). */
static void tell_seen(void *ctx, double value)
{
    const search *x = ctx;
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    if (x->seen != NULL)
        atomic_store(&x->seen[x->stream], bits);
}

/* Relaxation-induced neighbourhood search (in the spirit of RINS, Danna, Rothberg and Le Pape
 * 2005): each round frees the projects where the plan and the LP relaxation disagree most (each
 * project's key: the sum over its columns of |LP value - plan value|, plus a random share so that
 * rounds differ), fixes every other project as the plan has it, and has CBC look in the sub-model
 * for a plan strictly better than the current one (its value as cutoff), for at most a round's
 * time. A better plan becomes the current one. The number freed grows by 5% after a round that
 * finishes and shrinks by 10% after one that runs out of time, between 5 and every project. Every
 * rule is a row of the model, so each plan found keeps them all; each is checked exactly before it
 * is kept (and search_take() checks again).
 * Stops after `seconds`; the random choices come from a fixed seed, one per stream. Writes the best plan into
 * x->sel/x->start; false when out of memory (the plan is then the one given). */
static bool neighbourhood_search(search *x, double seconds)
{
    const model *m = x->m;
    const mip_model *mm = x->mm;
    const mip_cols *cm = &mm->cols;
    const size_t n = m->n_projects, nc = cm->n_cols;
    double t0 = wallclock_now();
    double *cur = alloc_n(nc, sizeof *cur), *lb = alloc_n(nc, sizeof *lb), *ub = alloc_n(nc, sizeof *ub);
    keyed *key = alloc_n(n, sizeof *key);
    bool ok = cur != NULL && lb != NULL && ub != NULL && key != NULL;
    uint64_t rng = heur_seed(UINT64_C(0x2545F4914F6CDD1D), x->stream);
    double size = NBHD_FIRST_SIZE;
    if (ok)
        mip_plan_columns(m, cm, x->sel, x->start, cur);
    double value = ok ? mip_value(nc, mm->obj, cur) : 0;
    bool better = false;
    while (ok && seconds - (wallclock_now() - t0) > 0.05) {
        for (size_t i = 0; i < n; i++) {
            double away = 0;
            for (size_t q = 0; x->lp_x != NULL && q < mip_width(&m->projects[i]); q++)
                away += fabs(x->lp_x[cm->base[i] + q] - cur[cm->base[i] + q]);
            double u = (double)(heur_random(&rng) >> 11) * 0x1.0p-53; /* uniform in [0, 1) */
            key[i] = (keyed){away + NBHD_RANDOM * u, i};
        }
        size_t k = (size_t)size < n ? (size_t)size : n;
        keyed_sort_desc(key, n);
        for (size_t j = 0; j < nc; j++) { /* fixed by the caller stays fixed; the rest as the plan */
            bool closed = mm->collb[j] >= mm->colub[j];
            lb[j] = closed ? mm->collb[j] : cur[j];
            ub[j] = closed ? mm->colub[j] : cur[j];
        }
        for (size_t a = 0; a < k; a++) {
            size_t i = key[a].index;
            for (size_t q = 0; q < mip_width(&m->projects[i]); q++) {
                lb[cm->base[i] + q] = mm->collb[cm->base[i] + q];
                ub[cm->base[i] + q] = mm->colub[cm->base[i] + q];
            }
        }
        mip_reduced red;
        if (!mip_reduce(&mm->rows, nc, lb, ub, mm->obj, &red)) { /* nothing free among them (or no memory) */
            mip_reduced_free(&red);
            if (k == n)
                break;
            size = fmin((double)n, size * 1.05);
            continue;
        }
        double left = seconds - (wallclock_now() - t0);
        /* A sub-model is small, and its cuts cost more than they prune. */
        mip_settings settings = {-1.0 /* maximise */, true, 0.0, fmin(left, NBHD_ROUND_SECONDS)};
        Cbc_Model *sub = mip_cbc_model(&red.rb, red.n_cols, red.lb, red.ub, red.obj, settings);
        if (sub == NULL) {
            mip_reduced_free(&red);
            ok = false;
            break;
        }
        /* In the objective's own (maximised) sense: only plans better than the current one. */
        Cbc_setCutoff(sub, value - red.offset + 1e-9 * fmax(1.0, fabs(value)));
        bool timed_out = mip_cbc_solve_timed(sub, NULL);
        const double *got = Cbc_bestSolution(sub);
        if (got != NULL) {
            memcpy(red.x, lb, nc * sizeof *red.x);
            for (size_t q = 0; q < red.n_cols; q++)
                red.x[red.col[q]] = got[q];
            double v = mip_value(nc, mm->obj, red.x);
            if (v > value + 1e-9 * fmax(1.0, fabs(value)) && mip_checker_holds(x->check, red.x)) {
                memcpy(cur, red.x, nc * sizeof *cur);
                value = v;
                better = true;
                tell_seen(x, value);
            }
        }
        size = timed_out ? fmax(5.0, size / 1.1) : fmin((double)n, size * 1.05);
        Cbc_deleteModel(sub);
        mip_reduced_free(&red);
    }
    if (ok && better)
        mip_read_plan(m, cm, cur, x->score, x->sel, x->start);
    free(cur), free(lb), free(ub), free(key);
    return ok;
}

static folio_error search_task(void *ctx, worker_buf *out)
{
    search *x = ctx;
    const size_t n = x->m->n_projects;
    /* A short wait first: a solve that CBC finishes within it (the small models) then pays only
     * for starting this process, not for a second one working beside CBC. */
    struct timespec pause = {0, (long)(SEARCH_DELAY * 1e9)};
    while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
    }
    x->seconds -= SEARCH_DELAY;
    double t0 = wallclock_now();
    /* Half and half: the local search's kicks do best on small models, where each takes
     * milliseconds; the neighbourhood search on large ones, where a kick's descent takes seconds.
     * Where the swap search applies (one start per project, a small neighbourhood), it takes the
     * middle third from the local search's plan, which it often leaves for a better one that the
     * kicks do not reach (engine/DESIGN.md, the plan search). */
    bool swap = heur_swap_applies(x->m, x->sel);
    double share = swap ? 1.0 / 3 : 0.5;
    heur_progress seen = {tell_seen, x};
    if (!heur_improve(x->m, x->score, share * x->seconds, x->stream, x->sel, x->start, NULL, seen) ||
        (swap && !heur_swap(x->m, x->score, 2 * share * x->seconds - (wallclock_now() - t0), x->stream, x->sel,
                            x->start, NULL, seen)) ||
        !neighbourhood_search(x, x->seconds - (wallclock_now() - t0)))
        return FOLIO_ENOMEM;
    return worker_buf_put(out, x->sel, n * sizeof *x->sel) && worker_buf_put(out, x->start, n * sizeof *x->start)
               ? FOLIO_OK
               : FOLIO_ENOMEM;
}

folio_error search_start(search *s, const model *m, const double *score, const mip_model *mm, const double *lp_x,
                         const mip_checker *check, const double *x, double seconds)
{
    const size_t n = m->n_projects;
    memset(s, 0, sizeof *s);
    s->sel = alloc_n(n, sizeof *s->sel);
    s->start = alloc_n(n, sizeof *s->start);
    s->x = alloc_n(mm->cols.n_cols, sizeof *s->x);
    if (s->sel == NULL || s->start == NULL || s->x == NULL) {
        search_clear(s);
        return FOLIO_ENOMEM;
    }
    s->m = m;
    s->score = score;
    s->mm = mm;
    s->lp_x = lp_x;
    s->check = check;
    s->seconds = seconds;
    mip_read_plan(m, &mm->cols, x, score, s->sel, s->start);
    size_t want = worker_jobs() - 1;
    if (want > SEARCH_MAX_PROCESSES)
        want = SEARCH_MAX_PROCESSES;
    if (seconds > 0.1 && want > 0) {
        void *shared = mmap(NULL, SEARCH_MAX_PROCESSES * sizeof *s->seen, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (shared != MAP_FAILED) {
            s->seen = shared;
            double none = NAN;
            uint64_t bits;
            memcpy(&bits, &none, sizeof bits);
            for (size_t k = 0; k < SEARCH_MAX_PROCESSES; k++)
                atomic_init(&s->seen[k], bits);
        }
    }
    /* Each process sees s as it is when it starts: its stream number, and the plan to improve. */
    while (seconds > 0.1 && s->n_running < want) {
        s->stream = (unsigned)s->n_running;
        if (!worker_start(&s->wk[s->n_running], search_task, s))
            break;
        s->n_running++;
    }
    return FOLIO_OK;
}

const double *search_take(search *s, const plan_rules *rules, const bool *enabled)
{
    const model *m = s->m;
    const size_t n = m->n_projects, nc = s->mm->cols.n_cols;
    double *cols = s->n_running > 0 ? alloc_n(nc, sizeof *cols) : NULL;
    if (cols == NULL) {
        search_stop(s);
        return NULL;
    }
    size_t count = s->n_running;
    s->n_running = 0;
    /* Each process's plan in turn, in stream order: the best stands, the first of equal ones. */
    bool found = false;
    double best = 0;
    for (size_t k = 0; k < count; k++) {
        worker_buf wire = {0};
        size_t at = 0;
        bool ok = worker_finish(&s->wk[k], &wire) == FOLIO_OK &&
                  worker_buf_get(&wire, &at, s->sel, n * sizeof *s->sel) &&
                  worker_buf_get(&wire, &at, s->start, n * sizeof *s->start);
        worker_buf_clear(&wire);
        for (size_t i = 0; ok && i < n; i++)
            ok = !s->sel[i] || (s->start[i] >= m->projects[i].start_min && s->start[i] <= m->projects[i].start_max);
        if (!ok || !plan_holds_all(m, rules, enabled, (plan){s->sel, s->start}))
            continue;
        mip_plan_columns(m, &s->mm->cols, s->sel, s->start, cols);
        double v = mip_value(nc, s->mm->obj, cols);
        if (!found || v > best) {
            memcpy(s->x, cols, nc * sizeof *cols);
            best = v;
            found = true;
        }
    }
    free(cols);
    return found ? s->x : NULL;
}

double search_best_seen(const search *s)
{
    double best = NAN;
    for (size_t k = 0; s->seen != NULL && k < s->n_running; k++) {
        uint64_t bits = atomic_load(&s->seen[k]);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isnan(v) && (isnan(best) || v > best))
            best = v;
    }
    return best;
}

void search_stop(search *s)
{
    for (size_t k = 0; k < s->n_running; k++)
        worker_abandon(&s->wk[k]);
    s->n_running = 0;
}

void search_clear(search *s)
{
    search_stop(s);
    if (s->seen != NULL)
        munmap((void *)s->seen, SEARCH_MAX_PROCESSES * sizeof *s->seen);
    s->seen = NULL;
    free(s->sel);
    free(s->start);
    free(s->x);
    s->sel = NULL;
    s->start = NULL;
    s->x = NULL;
}
