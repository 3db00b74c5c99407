/* progress.h - how a long analysis says how far it is: a callback in its options that the caller
 * draws (the library itself never prints). */
#ifndef FOLIO_PROGRESS_H
#define FOLIO_PROGRESS_H

#include <stddef.h>

/* Called with done of total steps of what ("frontier point", "scenarios", ...) before each step is
 * taken (a phase without steps, "solving", has done = total = 0), and once with what == NULL when
 * the analysis is over (to clear a progress line). ctx is the caller's. Called from the main
 * process only, not always from its main thread (the run's own solve reports from the thread that
 * reads CBC's log), but never from two threads at once. */
typedef void (*progress_fn)(void *ctx, const char *what, size_t done, size_t total);

/* A progress callback and its context; {NULL, NULL} reports nothing. */
typedef struct progress {
    progress_fn fn;
    void *ctx;
} progress;

/* Reports through p when it has a callback. */
static inline void progress_report(progress p, const char *what, size_t done, size_t total)
{
    if (p.fn != NULL)
        p.fn(p.ctx, what, done, total);
}

#endif
