/* worker.c - a part of a computation run in a forked process, its result brought back as bytes.
 * A process rather than a thread: CBC 2.10's solver driver is safe to call from two threads only
 * when built with CBC_THREAD_SAFE (coin-or/Cbc#332), and folio should not depend on how a
 * distribution built it. */
#include "worker.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

bool worker_buf_put(worker_buf *b, const void *data, size_t len)
{
    if (b->size + len > b->cap) {
        size_t want = b->cap * 2 > b->size + len ? b->cap * 2 : b->size + len + 4096;
        char *grown = realloc(b->data, want);
        if (grown == NULL)
            return false;
        b->data = grown;
        b->cap = want;
    }
    if (len > 0)
        memcpy(b->data + b->size, data, len);
    b->size += len;
    return true;
}

bool worker_buf_get(const worker_buf *b, size_t *at, void *data, size_t len)
{
    if (*at > b->size || b->size - *at < len)
        return false;
    if (len > 0)
        memcpy(data, b->data + *at, len);
    *at += len;
    return true;
}

void worker_buf_clear(worker_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool write_all(int fd, const char *data, size_t size)
{
    while (size > 0) {
        ssize_t put = write(fd, data, size);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return false;
        data += put;
        size -= (size_t)put;
    }
    return true;
}

static void collect(pid_t pid, int *status)
{
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
}

static size_t jobs_set; /* 0: the processors online */

void worker_set_jobs(size_t jobs)
{
    jobs_set = jobs;
}

size_t worker_jobs(void)
{
    if (jobs_set > 0)
        return jobs_set;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (size_t)online : 1;
}

bool worker_start(worker *wk, worker_fn fn, void *ctx)
{
    wk->pid = -1;
    wk->fd = -1;
    return worker_jobs() >= 2 && worker_fork(wk, fn, ctx);
}

bool worker_fork(worker *wk, worker_fn fn, void *ctx)
{
    wk->pid = -1;
    wk->fd = -1;
    wk->status = 0;
    int ends[2];
    if (pipe(ends) != 0)
        return false;
    fflush(NULL); /* nothing buffered twice, should the worker ever flush */
    pid_t pid = fork();
    if (pid < 0) {
        close(ends[0]);
        close(ends[1]);
        return false;
    }
    if (pid == 0) {
        close(ends[0]);
        worker_buf out = {0};
        bool ok = fn(ctx, &out) == FOLIO_OK && write_all(ends[1], out.data, out.size);
        worker_buf_clear(&out);
        close(ends[1]);
        _exit(ok ? 0 : 1);
    }
    close(ends[1]);
    wk->pid = pid;
    wk->fd = ends[0];
    return true;
}

folio_error worker_finish(worker *wk, worker_buf *out)
{
    folio_error err = FOLIO_OK;
    worker_buf_clear(out);
    for (;;) {
        char chunk[65536];
        ssize_t got = read(wk->fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            err = FOLIO_EIO;
        if (got <= 0)
            break;
        if (!worker_buf_put(out, chunk, (size_t)got)) {
            err = FOLIO_ENOMEM;
            break;
        }
    }
    close(wk->fd);
    int status = 0;
    collect(wk->pid, &status);
    wk->status = status;
    wk->pid = -1;
    wk->fd = -1;
    if (err == FOLIO_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        err = FOLIO_EIO;
    return err;
}

void worker_abandon(worker *wk)
{
    if (wk->pid <= 0)
        return;
    kill(wk->pid, SIGKILL); /* its work is no longer wanted */
    close(wk->fd);
    int status;
    collect(wk->pid, &status);
    wk->pid = -1;
    wk->fd = -1;
}

bool worker_pays(double seconds_each, size_t count, double min_seconds)
{
    return count >= 2 && seconds_each * (double)(count / 2) >= min_seconds;
}

typedef struct share_ctx {
    void *ctx;
    size_t count;
    worker_task_fn task;
    atomic_ulong *next; /* the next task not yet taken, in memory both processes share */
} share_ctx;

/* In the worker: takes tasks until none is left, each result after its number. */
static folio_error share_work(void *ctx, worker_buf *out)
{
    share_ctx *x = ctx;
    for (size_t k; (k = atomic_fetch_add(x->next, 1)) < x->count;) {
        folio_error err = worker_buf_put(out, &k, sizeof k) ? x->task(x->ctx, k, out) : FOLIO_ENOMEM;
        if (err != FOLIO_OK)
            return err;
    }
    return FOLIO_OK;
}

/* Records the worker's results; FOLIO_EIO at the first that is short or out of place (those before
 * it stay recorded). */
static folio_error share_take(share_ctx *x, worker_task_take_fn take, const worker_buf *wire, const bool *mine,
                              bool *theirs)
{
    size_t at = 0;
    while (at < wire->size) {
        size_t k;
        if (!worker_buf_get(wire, &at, &k, sizeof k) || k >= x->count || mine[k] || theirs[k])
            return FOLIO_EIO;
        folio_error err = take(x->ctx, k, wire, &at);
        if (err != FOLIO_OK)
            return err;
        theirs[k] = true;
    }
    return FOLIO_OK;
}

folio_error worker_share(void *ctx, size_t count, worker_task_fn task, worker_task_take_fn take, bool split)
{
    enum { MAX_WORKERS = 255 };
    atomic_ulong *next = MAP_FAILED;
    bool *mine = NULL, *theirs = NULL;
    worker wk[MAX_WORKERS];
    size_t n_workers = 0;
    share_ctx x = {ctx, count, task, NULL};
    /* Shared only if the counter works across processes without a lock. */
    if (split && count >= 2 && ATOMIC_LONG_LOCK_FREE == 2 &&
        (next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)) != MAP_FAILED &&
        (mine = calloc(count, sizeof *mine)) != NULL && (theirs = calloc(count, sizeof *theirs)) != NULL) {
        atomic_init(next, 0);
        x.next = next;
        size_t want = worker_jobs() - 1;
        if (want > count - 1)
            want = count - 1;
        if (want > MAX_WORKERS)
            want = MAX_WORKERS;
        while (n_workers < want && worker_start(&wk[n_workers], share_work, &x))
            n_workers++;
        if (n_workers == 0)
            x.next = NULL;
    }
    folio_error err = FOLIO_OK;
    if (x.next != NULL) {
        for (size_t k; err == FOLIO_OK && (k = atomic_fetch_add(next, 1)) < count;) {
            err = task(ctx, k, NULL);
            mine[k] = true;
        }
        /* Each worker's results in turn; a worker that failed or sent short leaves its tasks to
         * the loop below, which does here every task nobody recorded. */
        for (size_t w = 0; w < n_workers; w++) {
            if (err != FOLIO_OK) {
                worker_abandon(&wk[w]);
                continue;
            }
            worker_buf wire = {0};
            if ((err = worker_finish(&wk[w], &wire)) == FOLIO_OK)
                err = share_take(&x, take, &wire, mine, theirs);
            worker_buf_clear(&wire);
            if (err == FOLIO_EIO)
                err = FOLIO_OK;
        }
    }
    for (size_t k = 0; k < count && err == FOLIO_OK; k++)
        if (x.next == NULL || (!mine[k] && !theirs[k]))
            err = task(ctx, k, NULL);
    if (next != MAP_FAILED)
        munmap(next, sizeof *next);
    free(mine);
    free(theirs);
    return err;
}
