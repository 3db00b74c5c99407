/* search.h - internal to the solver: the plan search that runs in a second process while CBC
 * searches, and hands back a better plan when CBC stops at its time limit. Split off from solve.c. */
#ifndef FOLIO_SEARCH_H
#define FOLIO_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "mip.h"
#include "plan.h"
#include "worker.h"

/* One search beside one solve. Initialise with {.wk = {-1, -1}}; free with search_clear(). */
typedef struct search {
    worker wk;
    bool running;
    const model *m;
    const double *score;
    const mip_model *mm;      /* the model CBC solves (its bounds after the fixing) */
    const double *lp_x;       /* [n_cols] the LP relaxation's solution; NULL when it did not solve */
    const mip_checker *check; /* every rule, exactly: a sub-model's plan is kept only if it passes */
    bool *sel;                /* [n] the plan to improve; the search's plan once read back */
    size_t *start;            /* [n] */
    double *x;                /* [n_cols] the search's plan as columns, once read back */
    double seconds;           /* the search's time */
} search;

/* Starts the search from plan x (one value per column, keeping every rule) in a worker process, to
 * run for seconds; the arguments must outlive it. s->running says whether it started: not with
 * one processor, nor with less than 0.1 s. FOLIO_ENOMEM when out of memory. */
folio_error search_start(search *s, const model *m, const double *score, const mip_model *mm, const double *lp_x,
                         const mip_checker *check, const double *x, double seconds) FOLIO_WARN_UNUSED;

/* Waits for the search (started, and CBC stopped at its limit) and returns its plan as columns
 * (s->x), or NULL when the worker failed, sent too little, or its plan breaks an enabled rule
 * (enabled == NULL: every rule). The search is over either way. */
const double *search_take(search *s, const plan_rules *rules, const bool *enabled);

/* Stops the search without waiting for it, if it runs; safe to call again. */
void search_stop(search *s);

/* Stops the search and frees what it holds, the plan search_take() returned included. */
void search_clear(search *s);

#endif
