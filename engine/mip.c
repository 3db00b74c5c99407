/* mip.c - the selection MIP built row by row, and CBC and Clp loaded, run and read back. */
#include "mip.h"

#include <coin/Clp_C_Interface.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "wallclock.h"
#include "worker.h"

void mip_rows_push(mip_rows *rb, size_t col, double v)
{
    if (rb->oom || v == 0)
        return;
    if (rb->n_nz == rb->cap_nz) {
        size_t cap = rb->cap_nz ? rb->cap_nz * 2 : 1024;
        int *ix = realloc(rb->index, cap * sizeof *ix);
        if (ix)
            rb->index = ix;
        double *vv = ix ? realloc(rb->value, cap * sizeof *vv) : NULL;
        if (vv)
            rb->value = vv;
        if (ix == NULL || vv == NULL) {
            rb->oom = true;
            return;
        }
        rb->cap_nz = cap;
    }
    rb->index[rb->n_nz] = (int)col;
    rb->value[rb->n_nz++] = v;
}

/* Closes the row whose entries were pushed since the last one, with bounds lo <= row <= hi. */
void mip_rows_end(mip_rows *rb, double lo, double hi)
{
    if (rb->oom)
        return;
    if (rb->n_rows + 2 > rb->cap_rows) {
        size_t cap = rb->cap_rows ? rb->cap_rows * 2 : 64;
        int *s = realloc(rb->start, cap * sizeof *s);
        if (s)
            rb->start = s;
        double *l = s ? realloc(rb->lower, cap * sizeof *l) : NULL;
        if (l)
            rb->lower = l;
        double *u = l ? realloc(rb->upper, cap * sizeof *u) : NULL;
        if (u)
            rb->upper = u;
        if (s == NULL || l == NULL || u == NULL) {
            rb->oom = true;
            return;
        }
        if (rb->cap_rows == 0)
            rb->start[0] = 0;
        rb->cap_rows = cap;
    }
    rb->lower[rb->n_rows] = lo;
    rb->upper[rb->n_rows] = hi;
    rb->start[++rb->n_rows] = (int)rb->n_nz;
}

void mip_rows_free(mip_rows *rb)
{
    free(rb->start);
    free(rb->index);
    free(rb->value);
    free(rb->lower);
    free(rb->upper);
}

/* Pushes every start column of project i with coefficient v (the "project i is selected" sum). */
static void push_selected(mip_rows *rb, const model *m, const mip_cols *cm, size_t i, double v)
{
    for (size_t k = 0; k < mip_width(&m->projects[i]); k++)
        mip_rows_push(rb, cm->base[i] + k, v);
}

/* Adds the rows for one rule (bounds for MUST and EXCLUDE of a one-start project are set by the
 * caller on the column instead). */
static void add_rule_rows(mip_rows *rb, const model *m, const mip_cols *cm, const plan_rule *r)
{
    const size_t n = m->n_projects;
    const double lim = plan_rule_limit(m, r);
    switch (r->kind) {
    case RULE_CAPACITY:
    case RULE_CAPACITY_TOTAL: {
        /* A stopped project's stop cost s_i: use x + s_i (1 - x) <= lim, so (use - s_i) x <= lim - s_i. */
        const size_t t = r->kind == RULE_CAPACITY ? r->t : 0;
        double stops = 0;
        for (size_t i = 0; i < n; i++) {
            const model_project *p = &m->projects[i];
            double stop = model_stop_at(m, i, r->a, t);
            stops += stop;
            for (size_t s = p->start_min; s <= p->start_max; s++)
                mip_rows_push(rb, cm->base[i] + (s - p->start_min),
                              (r->kind == RULE_CAPACITY ? model_use_at(m, i, r->a, s, r->t)
                                                        : model_use_in_horizon(m, i, r->a, s)) - stop);
        }
        mip_rows_end(rb, -DBL_MAX, lim - stops);
        break;
    }
    case RULE_POLICY_MIN:
    case RULE_POLICY_MAX:
    case RULE_POLICY_COUNT_MIN:
    case RULE_POLICY_COUNT_MAX: {
        bool count = r->kind == RULE_POLICY_COUNT_MIN || r->kind == RULE_POLICY_COUNT_MAX;
        for (size_t i = 0; i < n; i++)
            if (m->in_policy[r->a * n + i])
                push_selected(rb, m, cm, i, count ? 1.0 : m->policy_amount[r->a * n + i]);
        bool is_min = r->kind == RULE_POLICY_MIN || r->kind == RULE_POLICY_COUNT_MIN;
        mip_rows_end(rb, is_min ? lim : -DBL_MAX, is_min ? DBL_MAX : lim);
        break;
    }
    case RULE_MUST:
        push_selected(rb, m, cm, r->a, 1.0);
        mip_rows_end(rb, 1.0, DBL_MAX);
        break;
    case RULE_EXCLUDE:
        push_selected(rb, m, cm, r->a, 1.0);
        mip_rows_end(rb, -DBL_MAX, 0.0);
        break;
    case RULE_DEPENDS:
        if (!plan_is_precedence(m, r->a, r->b)) {
            push_selected(rb, m, cm, r->a, 1.0);
            push_selected(rb, m, cm, r->b, -1.0);
            mip_rows_end(rb, -DBL_MAX, 0.0);
        } else {
            /* a may start by s only if b started in some q the link allows (q + gap <= s): for
             * each s, the starts of a up to s against the starts of b up to s - gap. Summed up to s
             * rather than a's start in s alone, the rows cut off more of the LP (a's start spread
             * over periods each below b's share by then) at the same row count. */
            const model_project *pa = &m->projects[r->a], *pb = &m->projects[r->b];
            const long gap = plan_link_gap(m, r->a, r->t);
            for (size_t s = pa->start_min; s <= pa->start_max; s++) {
                for (size_t u = pa->start_min; u <= s; u++)
                    mip_rows_push(rb, cm->base[r->a] + (u - pa->start_min), 1.0);
                for (size_t q = pb->start_min; q <= pb->start_max && (long)q + gap <= (long)s; q++)
                    mip_rows_push(rb, cm->base[r->b] + (q - pb->start_min), -1.0);
                mip_rows_end(rb, -DBL_MAX, 0.0);
            }
        }
        break;
    case RULE_EXCLUDES:
        push_selected(rb, m, cm, r->a, 1.0);
        push_selected(rb, m, cm, r->b, 1.0);
        mip_rows_end(rb, -DBL_MAX, 1.0);
        break;
    case RULE_CHANGES: {
        /* changes = sum over the baseline's projects of (1 - its keeping columns) + the columns of
         * every other project: the keeping columns count -1, the others +1, and n_baseline moves
         * to the right-hand side. */
        for (size_t i = 0; i < n; i++) {
            const model_project *p = &m->projects[i];
            for (size_t s = p->start_min; s <= p->start_max; s++) {
                bool keeps = p->in_baseline && !model_is_change(m, i, true, s);
                double v = keeps ? -1.0 : p->in_baseline ? 0.0 : 1.0;
                mip_rows_push(rb, cm->base[i] + (s - p->start_min), v);
            }
        }
        mip_rows_end(rb, -DBL_MAX, lim - (double)m->n_baseline);
        break;
    }
    }
}

void mip_csc_free(mip_csc *c)
{
    free(c->start);
    free(c->index);
    free(c->value);
    memset(c, 0, sizeof *c);
}

bool mip_csc_from_rows(const mip_rows *rb, size_t n_cols, mip_csc *out)
{
    out->start = alloc_zeroed_n(n_cols + 1, sizeof *out->start);
    out->index = alloc_n(rb->n_nz, sizeof *out->index);
    out->value = alloc_n(rb->n_nz, sizeof *out->value);
    int *fill = alloc_n(n_cols + 1, sizeof *fill);
    if (out->start == NULL || out->index == NULL || out->value == NULL || fill == NULL) {
        free(fill);
        mip_csc_free(out);
        return false;
    }
    for (size_t k = 0; k < rb->n_nz; k++)
        out->start[rb->index[k] + 1]++;
    for (size_t j = 0; j < n_cols; j++)
        out->start[j + 1] += out->start[j];
    memcpy(fill, out->start, (n_cols + 1) * sizeof *fill);
    for (size_t r = 0; r < rb->n_rows; r++) {
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++) {
            int pos = fill[rb->index[k]]++;
            out->index[pos] = (int)r;
            out->value[pos] = rb->value[k];
        }
    }
    free(fill);
    return true;
}

/* Loads the rows into a new silent CBC model with binary columns; NULL when out of memory. */
Cbc_Model *mip_cbc_model(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub,
                         const double *obj, mip_settings s)
{
    mip_csc c;
    if (!mip_csc_from_rows(rb, n_cols, &c))
        return NULL;
    Cbc_Model *cbc = Cbc_newModel();
    if (cbc != NULL) {
        /* CBC prints nothing (nor does the LP solver inside it); what matters comes back through the
         * result. */
        Cbc_setLogLevel(cbc, 0);
        Cbc_setParameter(cbc, "slogLevel", "0");
        if (s.no_cuts)
            Cbc_setParameter(cbc, "cuts", "off");
        Cbc_loadProblem(cbc, (int)n_cols, (int)rb->n_rows, c.start, c.index, c.value, collb, colub, obj, rb->lower,
                        rb->upper);
        for (size_t j = 0; j < n_cols; j++)
            Cbc_setInteger(cbc, (int)j);
        Cbc_setObjSense(cbc, s.sense);
        Cbc_setMaximumSeconds(cbc, s.time_limit > 1e-3 ? s.time_limit : 1e-3);
        Cbc_setAllowableFractionGap(cbc, s.gap);
        Cbc_setAllowableGap(cbc, 1e-9);
        /* CBC explores a node only if it can beat the incumbent by its cutoff increment (1e-5 by
         * default): near-ties closer than that would be left unexplored, and "optimal" would be off
         * by up to that much. */
        Cbc_setParameter(cbc, "increment", "1e-10");
    }
    mip_csc_free(&c);
    return cbc;
}

/* Gives CBC a complete solution x (one value per column) as its first incumbent. Not through
 * Cbc_setMIPStart: CBC 2.10 maps a MIP start through column names after preprocessing, and on some
 * models that throws inside Cbc_solve (which then prints and gives up). */
void mip_cbc_start(Cbc_Model *cbc, const double *x)
{
    Cbc_setInitialSolution(cbc, x);
}

/* Runs CBC on its model; true when it stopped on its time limit. Cbc_isSecondsLimitReached() alone
 * does not say so: CBC 2.10 stopped by the limit while solving the root LP reports status 0 with
 * secondary status 1 ("relaxation infeasible or worse than the cutoff"), which reads as proven
 * optimal when it has a plan and as proven infeasible when it has none (engine/DESIGN.md). CBC's
 * clock (the process's processor time) runs no faster than the wall clock, so an answer that comes
 * once its time is up is taken as stopped by the limit, never as a proof. */
bool mip_cbc_solve_timed(Cbc_Model *cbc, int *rc)
{
    double started = wallclock_now();
    int r = Cbc_solve(cbc);
    if (rc != NULL)
        *rc = r;
    return Cbc_isSecondsLimitReached(cbc) || wallclock_now() - started >= Cbc_getMaximumSeconds(cbc);
}

/* Reads the outcome of a solve that is over from CBC's getters; out->x is allocated. */
static folio_error read_outcome(Cbc_Model *cbc, size_t n_cols, int rc, bool timed_out, mip_cbc_outcome *out)
{
    *out = (mip_cbc_outcome){.rc = rc, .timed_out = timed_out, .nodes = Cbc_getNodeCount(cbc),
                             .proven_optimal = Cbc_isProvenOptimal(cbc) != 0,
                             .proven_infeasible = Cbc_isProvenInfeasible(cbc) != 0,
                             .abandoned = Cbc_isAbandoned(cbc) != 0, .secondary = Cbc_secondaryStatus(cbc),
                             .best_possible = Cbc_getBestPossibleObjValue(cbc)};
    const double *best = Cbc_bestSolution(cbc);
    if (best != NULL) {
        if ((out->x = alloc_n(n_cols, sizeof *out->x)) == NULL)
            return FOLIO_ENOMEM;
        memcpy(out->x, best, n_cols * sizeof *out->x);
    }
    return FOLIO_OK;
}

typedef struct cbc_job {
    Cbc_Model *cbc;
    size_t n_cols;
    int log_fd; /* where the contained CBC logs (the write end of the watch's pipe), or -1 */
} cbc_job;

/* Contained CBC runs started by this process, counted from 1 (for the fault injection below). */
static unsigned long cbc_runs;

/* CBC processes that died, counted in memory every process of a run shares (MAP_FAILED when it
 * could not be mapped: nothing is counted then). Mapped on first use, which is in the run's own
 * process, before any worker starts. */
static atomic_ulong *cbc_crashes = NULL;

unsigned long mip_cbc_crashes(void)
{
    if (cbc_crashes == NULL) {
        void *p = mmap(NULL, sizeof *cbc_crashes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        cbc_crashes = p;
        if (p != MAP_FAILED)
            atomic_init(cbc_crashes, 0);
    }
    return cbc_crashes == MAP_FAILED ? 0 : atomic_load(cbc_crashes);
}

/* In the contained process: solves, then sends the outcome and the solution. */
static folio_error cbc_job_run(void *ctx, worker_buf *wire)
{
    const cbc_job *j = ctx;
    /* Fault injection for the tests: FOLIO_TEST_CBC_CRASH=K makes this process's K-th CBC run and
     * every later one die the way CBC's crash makes them die (1: every run). */
    const char *crash = getenv("FOLIO_TEST_CBC_CRASH");
    if (crash != NULL && cbc_runs >= strtoul(crash, NULL, 10)) {
        signal(SIGSEGV, SIG_DFL); /* whatever handler the process inherited (a test harness's) */
        raise(SIGSEGV);
    }
    if (j->log_fd >= 0 && dup2(j->log_fd, STDOUT_FILENO) >= 0) {
        /* CBC's log goes to the watching thread line by line. Should that thread be gone, a write
         * fails and the solve goes on. */
        close(j->log_fd);
        signal(SIGPIPE, SIG_IGN);
        setvbuf(stdout, NULL, _IOLBF, 0);
        Cbc_setLogLevel(j->cbc, 1);
    }
    int rc;
    bool timed_out = mip_cbc_solve_timed(j->cbc, &rc);
    mip_cbc_outcome o;
    folio_error err = read_outcome(j->cbc, j->n_cols, rc, timed_out, &o);
    bool has_x = o.x != NULL;
    if (err == FOLIO_OK && (!worker_buf_put(wire, &o, sizeof o) || !worker_buf_put(wire, &has_x, sizeof has_x) ||
                            (has_x && !worker_buf_put(wire, o.x, j->n_cols * sizeof *o.x))))
        err = FOLIO_ENOMEM;
    free(o.x);
    return err;
}

bool mip_cbc_log_line(const char *line, double *plan, double *bound)
{
    double p, b;
    int nodes, on_tree;
    /* CBC writes 1e+50 for "no solution yet". */
    if (sscanf(line, "Cbc0010I After %d nodes, %d on tree, %lf best solution, best possible %lf", &nodes, &on_tree,
               &p, &b) == 4) {
        if (fabs(p) < 1e49)
            *plan = p;
        *bound = b;
        return true;
    }
    if (sscanf(line, "Cbc0012I Integer solution of %lf", &p) == 1 ||
        sscanf(line, "Cbc0004I Integer solution of %lf", &p) == 1) {
        *plan = p;
        return true;
    }
    if (sscanf(line, "Cbc0013I At root node, %d cuts changed objective from %*f to %lf", &nodes, &b) == 2) {
        *bound = b;
        return true;
    }
    return false;
}

typedef struct cbc_watcher {
    const mip_watch *watch;
    int fd; /* the read end of the pipe CBC logs into */
    pthread_t thread;
} cbc_watcher;

/* Tells the watch the plan and bound as CBC's log gives them (its terms), in the model's. */
static void tell_watch(const mip_watch *w, double plan, double bound)
{
    w->fn(w->ctx, w->sense * plan + w->offset, w->sense * bound + w->offset);
}

/* The watching thread: reads CBC's log line by line until the contained process has ended. */
static void *watch_log(void *arg)
{
    cbc_watcher *cw = arg;
    const mip_watch *w = cw->watch;
    char line[4096];
    size_t len = 0;
    double plan = NAN, bound = NAN;
    for (;;) {
        /* A second without a line: told again all the same (the caller may know more by then). */
        struct pollfd p = {cw->fd, POLLIN, 0};
        int ready = poll(&p, 1, 1000);
        if (ready == 0) {
            tell_watch(w, plan, bound);
            continue;
        }
        ssize_t got = ready < 0 ? -1 : read(cw->fd, line + len, sizeof line - 1 - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
        bool told = false;
        char *at = line, *nl;
        while ((nl = memchr(at, '\n', len - (size_t)(at - line))) != NULL) {
            *nl = '\0';
            told |= mip_cbc_log_line(at, &plan, &bound);
            at = nl + 1;
        }
        len -= (size_t)(at - line);
        memmove(line, at, len);
        if (len == sizeof line - 1)
            len = 0; /* no line of CBC's is this long */
        if (told)
            tell_watch(w, plan, bound);
    }
    return NULL;
}

folio_error mip_cbc_run(Cbc_Model *cbc, size_t n_cols, bool contain, mip_cbc_outcome *out)
{
    return mip_cbc_run_watched(cbc, n_cols, contain, NULL, out);
}

folio_error mip_cbc_run_watched(Cbc_Model *cbc, size_t n_cols, bool contain, const mip_watch *watch,
                                mip_cbc_outcome *out)
{
    memset(out, 0, sizeof *out);
    cbc_job job = {cbc, n_cols, -1};
    cbc_watcher cw = {watch, -1, 0};
    int ends[2];
    worker wk;
    if (contain) {
        cbc_runs++;
        (void)mip_cbc_crashes(); /* mapped before the first CBC process starts */
        if (watch != NULL && watch->fn != NULL && pipe(ends) == 0) {
            cw.fd = ends[0];
            job.log_fd = ends[1];
        }
    }
    bool forked = contain && worker_fork(&wk, cbc_job_run, &job);
    bool watching = false;
    if (job.log_fd >= 0) {
        close(job.log_fd); /* the contained process holds its own */
        watching = forked && pthread_create(&cw.thread, NULL, watch_log, &cw) == 0;
        if (!watching)
            close(cw.fd);
    }
    if (!forked) {
        /* Here: without CBC's preprocessing, where its crash is. */
        Cbc_setParameter(cbc, "preprocess", "off");
        int rc;
        bool timed_out = mip_cbc_solve_timed(cbc, &rc);
        return read_outcome(cbc, n_cols, rc, timed_out, out);
    }
    worker_buf wire = {0};
    folio_error err = worker_finish(&wk, &wire);
    if (watching) {
        /* The process has ended: the thread reads what is left of the log and stops. */
        pthread_join(cw.thread, NULL);
        close(cw.fd);
    }
    size_t at = 0;
    mip_cbc_outcome o;
    bool has_x = false;
    if (err == FOLIO_OK && worker_buf_get(&wire, &at, &o, sizeof o) && worker_buf_get(&wire, &at, &has_x, sizeof has_x)) {
        o.x = NULL;
        if (has_x && (o.x = alloc_n(n_cols, sizeof *o.x)) == NULL) {
            err = FOLIO_ENOMEM;
        } else if (!has_x || worker_buf_get(&wire, &at, o.x, n_cols * sizeof *o.x)) {
            worker_buf_clear(&wire);
            *out = o;
            return FOLIO_OK;
        }
        free(o.x);
    }
    worker_buf_clear(&wire);
    if (err == FOLIO_ENOMEM)
        return err;
    /* The process died, or never said what it found: nothing from CBC, its time taken as spent. */
    if (cbc_crashes != MAP_FAILED)
        atomic_fetch_add(cbc_crashes, 1);
    *out = (mip_cbc_outcome){.rc = -1, .timed_out = true, .best_possible = NAN,
                             .crashed = WIFSIGNALED(wk.status) ? WTERMSIG(wk.status) : -1};
    return FOLIO_OK;
}

void mip_cbc_outcome_free(mip_cbc_outcome *out)
{
    free(out->x);
    out->x = NULL;
}

/* Reads a CBC solution into selected/start; returns the objective value recomputed exactly. */
double mip_read_plan(const model *m, const mip_cols *cm, const double *x, const double *score, bool *selected,
                        size_t *start)
{
    double value = 0;
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        selected[i] = false;
        start[i] = p->start_min;
        for (size_t k = 0; k < mip_width(p); k++) {
            if (x[cm->base[i] + k] > 0.5) {
                selected[i] = true;
                start[i] = p->start_min + k;
                value += plan_value(m, score, i, m->projects[i].start_min + k);
            }
        }
    }
    return value;
}

void mip_lp_free(mip_lp *r)
{
    free(r->x);
    free(r->price);
    memset(r, 0, sizeof *r);
}

/* Solves the LP relaxation with Clp's dual simplex, stopping after time_limit seconds (none when
 * not finite). r->ok is false when it is not proven optimal in time; r->x and r->price are then
 * NULL. Returns FOLIO_ENOMEM when out of memory. Free with mip_lp_free() either way. */
folio_error mip_lp_solve(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub,
                             const double *obj, double time_limit, mip_lp *r)
{
    memset(r, 0, sizeof *r);
    r->tried = true;
    mip_csc c;
    if (!mip_csc_from_rows(rb, n_cols, &c))
        return FOLIO_ENOMEM;
    Clp_Simplex *lp = Clp_newModel();
    if (lp == NULL) {
        mip_csc_free(&c);
        return FOLIO_ENOMEM;
    }
    Clp_setLogLevel(lp, 0);
    Clp_loadProblem(lp, (int)n_cols, (int)rb->n_rows, c.start, c.index, c.value, collb, colub, obj, rb->lower,
                    rb->upper);
    mip_csc_free(&c); /* Clp keeps its own copy */
    Clp_setObjSense(lp, -1.0);
    if (isfinite(time_limit))
        Clp_setMaximumSeconds(lp, time_limit);
    Clp_dual(lp, 0); /* no presolve: Clp's presolve prints its notes whatever the log level */
    folio_error err = FOLIO_OK;
    if (Clp_isProvenOptimal(lp)) {
        r->x = alloc_n(n_cols, sizeof *r->x);
        r->price = alloc_n(rb->n_rows, sizeof *r->price);
        if (r->x != NULL && r->price != NULL) {
            memcpy(r->x, Clp_getColSolution(lp), n_cols * sizeof *r->x);
            if (rb->n_rows > 0)
                memcpy(r->price, Clp_getRowPrice(lp), rb->n_rows * sizeof *r->price);
            r->objective = Clp_getObjValue(lp);
            r->ok = true;
        } else {
            free(r->x), free(r->price);
            r->x = r->price = NULL;
            err = FOLIO_ENOMEM;
        }
    }
    Clp_deleteModel(lp);
    return err;
}

/* Value of a 0/1 solution x under objective obj. */
double mip_value(size_t n_cols, const double *obj, const double *x)
{
    double v = 0;
    for (size_t j = 0; j < n_cols; j++)
        v += x[j] > 0.5 ? obj[j] : 0;
    return v;
}

/* A plan as columns (one value per column): the inverse of mip_read_plan(). */
void mip_plan_columns(const model *m, const mip_cols *cm, const bool *sel, const size_t *start, double *x)
{
    memset(x, 0, cm->n_cols * sizeof *x);
    for (size_t i = 0; i < m->n_projects; i++)
        if (sel[i])
            x[cm->base[i] + (start[i] - m->projects[i].start_min)] = 1.0;
}

folio_error mip_build(const model *m, const double *score, const plan_rules *rules, const bool *enabled,
                      size_t *rule_row, mip_model *out)
{
    const size_t n = m->n_projects;
    memset(out, 0, sizeof *out);
    mip_rows *rb = &out->rows;
    mip_cols *cm = &out->cols;
    if ((cm->base = alloc_zeroed_n(n, sizeof *cm->base)) == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        cm->base[i] = cm->n_cols;
        cm->n_cols += mip_width(&m->projects[i]);
        out->windows |= mip_width(&m->projects[i]) > 1;
    }
    double *collb = out->collb = alloc_zeroed_n(cm->n_cols, sizeof *collb);
    double *colub = out->colub = alloc_n(cm->n_cols, sizeof *colub);
    double *obj = out->obj = alloc_n(cm->n_cols, sizeof *obj);
    double *delay = out->delay = alloc_n(cm->n_cols, sizeof *delay);
    if (collb == NULL || colub == NULL || obj == NULL || delay == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < mip_width(&m->projects[i]); k++) {
            colub[cm->base[i] + k] = 1.0;
            obj[cm->base[i] + k] = plan_value(m, score, i, m->projects[i].start_min + k);
            delay[cm->base[i] + k] = (double)k;
        }
        if (mip_width(&m->projects[i]) > 1) { /* at most one start */
            push_selected(rb, m, cm, i, 1.0);
            mip_rows_end(rb, -DBL_MAX, 1.0);
        }
    }
    for (size_t k = 0; k < rules->count; k++) {
        const plan_rule *r = &rules->items[k];
        if (rule_row != NULL)
            rule_row[k] = SIZE_MAX;
        if (enabled != NULL && !enabled[k])
            continue;
        if (r->kind == RULE_EXCLUDE) {
            for (size_t q = 0; q < mip_width(&m->projects[r->a]); q++)
                colub[cm->base[r->a] + q] = 0.0;
        } else if (r->kind == RULE_MUST && mip_width(&m->projects[r->a]) == 1) {
            collb[cm->base[r->a]] = 1.0;
        } else {
            size_t before = rb->n_rows;
            add_rule_rows(rb, m, cm, r);
            if (rule_row != NULL && rb->n_rows == before + 1)
                rule_row[k] = before;
        }
    }
    return rb->oom ? FOLIO_ENOMEM : FOLIO_OK;
}

void mip_model_free(mip_model *mm)
{
    mip_rows_free(&mm->rows);
    free(mm->cols.base);
    free(mm->collb);
    free(mm->colub);
    free(mm->obj);
    free(mm->delay);
    memset(mm, 0, sizeof *mm);
}

/* The Lagrangian bound of the LP: for any row prices y, c.x = y.Ax + d.x with d = c - A'y, so every
 * x within the column bounds and row ranges has c.x <= sum_r max(y_r lo_r, y_r hi_r) +
 * sum_j max(d_j l_j, d_j u_j). The row part, and each column's term, are kept apart so that a
 * change of one project's bounds is a change of its columns' terms. */
static double row_term(double y, double lo, double hi)
{
    double a = y * (lo <= -DBL_MAX ? -INFINITY : lo), b = y * (hi >= DBL_MAX ? INFINITY : hi);
    if (y == 0)
        return 0;
    return fmax(a, b);
}

/* The Lagrangian bound for the LP's row prices (Clp's, from an optimal basis): returns it and
 * leaves the reduced costs d = c - A'y in d[n_cols] and the sign applied to Clp's prices in *sign.
 * Clp's sign convention for a maximisation is not what matters: of y and -y, the prices whose
 * bound meets the LP optimum are taken (the other gives infinity or more). Any y gives a valid
 * bound, so round-off in the prices weakens it at worst; it never cuts off a plan. */
double mip_lagrangian(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub,
                         const double *obj, const double *price, double *d, double *sign)
{
    double best_sign = 1, best_total = INFINITY;
    for (int s = 1; s >= -1; s -= 2) {
        for (size_t j = 0; j < n_cols; j++)
            d[j] = obj[j];
        double rows = 0;
        for (size_t r = 0; r < rb->n_rows; r++) {
            double y = s * price[r];
            rows += row_term(y, rb->lower[r], rb->upper[r]);
            for (int k = rb->start[r]; k < rb->start[r + 1]; k++)
                d[rb->index[k]] -= y * rb->value[k];
        }
        double total = rows;
        for (size_t j = 0; j < n_cols; j++)
            total += mip_col_term(d[j], collb[j], colub[j]);
        if (total < best_total) {
            best_total = total;
            best_sign = s;
        }
    }
    for (size_t j = 0; j < n_cols; j++)
        d[j] = obj[j];
    for (size_t r = 0; r < rb->n_rows; r++)
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++)
            d[rb->index[k]] -= best_sign * price[r] * rb->value[k];
    *sign = best_sign;
    return best_total;
}

bool mip_checker_holds(const mip_checker *pc, const double *x)
{
    mip_read_plan(pc->m, pc->cm, x, pc->score, pc->selected, pc->start);
    return plan_holds_all(pc->m, pc->rules, pc->enabled, (plan){pc->selected, pc->start});
}

void mip_reduced_free(mip_reduced *r)
{
    mip_rows_free(&r->rb);
    free(r->col);
    free(r->lb);
    free(r->ub);
    free(r->obj);
    free(r->x);
    memset(r, 0, sizeof *r);
}

/* Builds the reduced model: the free columns, and each row that has one with its bounds moved by
 * the fixed columns' activity. A row with no free column is dropped: the caller's incumbent keeps
 * every fixing and satisfies it. Returns false when out of memory or when no column is free. */
bool mip_reduce(const mip_rows *rb, size_t n_cols, const double *collb, const double *colub,
                         const double *obj, mip_reduced *out)
{
    memset(out, 0, sizeof *out);
    size_t *map = alloc_n(n_cols, sizeof *map);
    out->col = alloc_n(n_cols, sizeof *out->col);
    out->lb = alloc_n(n_cols, sizeof *out->lb);
    out->ub = alloc_n(n_cols, sizeof *out->ub);
    out->obj = alloc_n(n_cols, sizeof *out->obj);
    out->x = alloc_n(n_cols, sizeof *out->x);
    bool ok = map != NULL && out->col != NULL && out->lb != NULL && out->ub != NULL && out->obj != NULL &&
              out->x != NULL;
    for (size_t j = 0; ok && j < n_cols; j++) {
        if (collb[j] >= colub[j]) {
            map[j] = SIZE_MAX;
            out->offset += obj[j] * collb[j];
            continue;
        }
        map[j] = out->n_cols;
        out->col[out->n_cols] = j;
        out->lb[out->n_cols] = collb[j];
        out->ub[out->n_cols] = colub[j];
        out->obj[out->n_cols++] = obj[j];
    }
    for (size_t r = 0; ok && r < rb->n_rows; r++) {
        double fixed = 0;
        bool any = false;
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++) {
            size_t j = (size_t)rb->index[k];
            if (map[j] == SIZE_MAX)
                fixed += rb->value[k] * collb[j];
            else {
                mip_rows_push(&out->rb, map[j], rb->value[k]);
                any = true;
            }
        }
        if (!any)
            continue;
        mip_rows_end(&out->rb, rb->lower[r] <= -DBL_MAX ? -DBL_MAX : rb->lower[r] - fixed,
                   rb->upper[r] >= DBL_MAX ? DBL_MAX : rb->upper[r] - fixed);
    }
    ok = ok && !out->rb.oom && out->n_cols > 0 && out->rb.n_rows > 0;
    free(map);
    if (!ok)
        mip_reduced_free(out);
    return ok;
}

