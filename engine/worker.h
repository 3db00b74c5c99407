/* worker.h - a part of a computation run in a forked process, its result brought back as bytes. */
#ifndef FOLIO_WORKER_H
#define FOLIO_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* A growing byte buffer: what a worker sends, what its parent reads. Zero-initialise; free with
 * worker_buf_clear(). */
typedef struct worker_buf {
    char *data;
    size_t size, cap;
} worker_buf;

/* Appends len bytes; false when out of memory (the buffer is then unchanged). */
bool worker_buf_put(worker_buf *b, const void *data, size_t len) FOLIO_WARN_UNUSED;

/* Copies len bytes at *at into data and advances *at; false (nothing copied) when fewer are left. */
bool worker_buf_get(const worker_buf *b, size_t *at, void *data, size_t len) FOLIO_WARN_UNUSED;

void worker_buf_clear(worker_buf *b);

/* The work: fills out; anything but FOLIO_OK makes the worker fail. */
typedef folio_error (*worker_fn)(void *ctx, worker_buf *out);

typedef struct worker {
    pid_t pid;  /* -1: not running */
    int fd;     /* read end of the pipe from the worker */
    int status; /* after worker_finish(): how the process ended (waitpid's status) */
} worker;

/* How many processes the shared work may use, the caller's included (--jobs); 0 sets the default,
 * the processors online. With 1 no worker starts. */
void worker_set_jobs(size_t jobs);
size_t worker_jobs(void);

/* Starts fn(ctx) in a forked process whatever the jobs: to keep a crash of fn from the caller.
 * False when no pipe or no fork. As worker_start() otherwise. */
bool worker_fork(worker *wk, worker_fn fn, void *ctx);

/* Starts fn(ctx) in a forked process when the jobs allow a second process. Returns false
 * when it does not start (one processor, no pipe or no fork): the caller then does the work itself.
 * The worker sees a copy of the caller's memory as it was, writes only to the pipe, and leaves
 * with _exit(), so that it flushes none of the caller's stdio buffers. */
bool worker_start(worker *wk, worker_fn fn, void *ctx);

/* Waits for the worker and reads what it sent into *out (cleared first; the caller frees it with
 * worker_buf_clear). FOLIO_EIO when the worker failed, FOLIO_ENOMEM when out of memory. */
folio_error worker_finish(worker *wk, worker_buf *out) FOLIO_WARN_UNUSED;

/* Stops waiting for a started worker: closes the pipe and collects the process. */
void worker_abandon(worker *wk);

/* Whether a worker pays for count tasks split in two: its half, each task taken to last
 * seconds_each, is expected to outlast min_seconds (starting a worker costs about a millisecond, and
 * far more under a sanitizer). */
bool worker_pays(double seconds_each, size_t count, double min_seconds);

/* Task k of a shared list. With wire (in a worker) appends its result to wire instead of recording
 * it. */
typedef folio_error (*worker_task_fn)(void *ctx, size_t k, worker_buf *wire);

/* Records the result of task k that a worker appended at *at, and advances *at past it; FOLIO_EIO
 * when it is short (the task then runs again here, over whatever was recorded). */
typedef folio_error (*worker_task_take_fn)(void *ctx, size_t k, const worker_buf *wire, size_t *at);

/* Does tasks 0..count-1, each in any of up to worker_jobs() processes: with split, workers start
 * (as many as the jobs and the tasks allow) and every process takes the next task not yet taken (a
 * counter in memory they share) until none is left, so that none waits while another still has
 * work; take() then records the workers' results, worker by worker. Tasks whose results do not
 * arrive (no worker, a failed one) run here. For tasks whose results do not depend on which
 * process does them. Returns the first error of a task here or of take(). */
folio_error worker_share(void *ctx, size_t count, worker_task_fn task, worker_task_take_fn take,
                         bool split) FOLIO_WARN_UNUSED;

#endif
