/* attrib.h - why each decision changed against the baseline: the baseline run's inputs (from its
 * JSON summary) moved to today's one group of changes at a time, each step an exact solve, so that
 * every change of decision has the step at which it happened and every step its effect on the
 * objective. */
#ifndef FOLIO_ATTRIB_H
#define FOLIO_ATTRIB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "model.h"
#include "score.h"
#include "solve.h"

/* One step from the baseline's inputs towards today's. */
typedef struct attrib_step {
    char label[256];    /* "weights", "capacity limits", "DC-007's own data", ... */
    double objective;   /* the optimum once this step's changes are in */
    double effect;      /* objective - the previous step's objective */
    solve_status status;
} attrib_step;

typedef struct attrib_result {
    bool done;                 /* computed; else why_not says why */
    char why_not[256];
    double baseline_objective; /* as the baseline summary records it */
    attrib_step *steps;        /* [n_steps]: steps[0] re-solves the baseline's own inputs (its effect:
                                  that optimum less the recorded objective); the last step's inputs
                                  are today's, its optimum the run's */
    size_t n_steps;
    size_t *cause;             /* [n_projects] the step from which on the project's decision (and start)
                                  is today's; SIZE_MAX where it does not differ from the baseline */
    bool exact;                /* every solve proven optimal */
    size_t solves;
} attrib_result;

/* The steps, in this order, each present only when it changes something: the baseline's inputs
 * re-solved; the criteria weights; the capacity limits; the policy bounds and the re-plan's rules
 * (the baseline comparison, max_changes, change_penalty, stop costs); the projects added to and
 * removed from the export (completed and cancelled ones included); each project whose own data
 * changed (cost, spending, status, flags, links, timing, use, policy amounts, criterion values read
 * on the baseline's ranges), in rank order; and the criteria's normalisation ranges (with TOPSIS,
 * every score change: weights, data and ranges together). baseline is the baseline summary as read
 * (NULL: the baseline is a list of ids); it must record each project's inputs, otherwise done is
 * false with the reason. final is the run's
 * result on m (the last step, not solved again). Arrays live in a. */
folio_error attrib_run(const model *m, const score_result *sc, const solve_options *opt, const solve_result *final,
                       json_t *baseline, arena *a, attrib_result *out) FOLIO_WARN_UNUSED;

#endif
