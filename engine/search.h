/* search.h - internal to the solver: the plan search that runs in processes of its own while CBC
 * searches, and hands back a better plan when CBC stops at its time limit. Split off from solve.c. */
#ifndef FOLIO_SEARCH_H
#define FOLIO_SEARCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "mip.h"
#include "plan.h"
#include "worker.h"

/* The most search processes beside one solve. */
#define SEARCH_MAX_PROCESSES 64

/* One search beside one solve, in up to SEARCH_MAX_PROCESSES processes. Zero-initialise; free with
 * search_clear(). */
typedef struct search {
    worker wk[SEARCH_MAX_PROCESSES];
    size_t n_running;         /* processes started and not yet read or stopped */
    unsigned stream;          /* the process being started: its random stream (heur_seed) */
    const model *m;
    const double *score;
    const mip_model *mm;      /* the model CBC solves (its bounds after the fixing) */
    const double *lp_x;       /* [n_cols] the LP relaxation's solution; NULL when it did not solve */
    const mip_checker *check; /* every rule, exactly: a sub-model's plan is kept only if it passes */
    bool *sel;                /* [n] the plan to improve; the search's plan once read back */
    size_t *start;            /* [n] */
    double *x;                /* [n_cols] the search's plan as columns, once read back */
    double seconds;           /* the search's time */
    _Atomic uint64_t *seen;   /* [SEARCH_MAX_PROCESSES] each process's best value so far (a double's
                                 bits), in memory the processes share; NULL when it could not be
                                 mapped */
} search;

/* Starts the search from plan x (one value per column, keeping every rule) in worker processes, to
 * run for seconds; the arguments must outlive it. One process per processor the jobs leave beside
 * CBC's (worker_jobs() - 1, at most SEARCH_MAX_PROCESSES), each with its own random stream, so that
 * they search apart. s->n_running says how many started: none with one processor, nor with less
 * than 0.1 s. FOLIO_ENOMEM when out of memory. */
folio_error search_start(search *s, const model *m, const double *score, const mip_model *mm, const double *lp_x,
                         const mip_checker *check, const double *x, double seconds) FOLIO_WARN_UNUSED;

/* Waits for the search (started, and CBC stopped at its limit) and returns the best of its
 * processes' plans as columns (s->x; on equal value the lowest stream's), or NULL when every
 * process failed, sent too little, or sent a plan that breaks an enabled rule (enabled == NULL:
 * every rule). The search is over either way. */
const double *search_take(search *s, const plan_rules *rules, const bool *enabled);

/* The value of the best plan the running processes have found so far, as mip_value() gives it
 * (NaN: none yet, or nothing shared): for the progress line while CBC solves. */
double search_best_seen(const search *s);

/* Stops the search without waiting for it, if it runs; safe to call again. */
void search_stop(search *s);

/* Stops the search and frees what it holds, the plan search_take() returned included. */
void search_clear(search *s);

#endif
