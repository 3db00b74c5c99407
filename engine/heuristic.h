/* heuristic.h - a fast primal heuristic: greedy by value per dual-weighted use, then local search. */
#ifndef FOLIO_HEURISTIC_H
#define FOLIO_HEURISTIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "plan.h"

/* Guidance for the greedy order, usually from the LP relaxation. */
typedef struct heur_weights {
    const double *period;    /* [n_capacities * n_periods] price of each period's capacity; NULL: 1 / limit */
    const double *total;     /* [n_capacities] price of each whole-horizon capacity; NULL: 1 / limit */
    const double *priority;  /* [n_projects] order in which to add projects, highest first (e.g. the LP
                                value of selecting it); NULL: value per unit of priced capacity */
    const size_t *preferred; /* [n_projects] start to try first; NULL: the earliest */
} heur_weights;

/* Builds a plan that satisfies every rule of m: must-do projects (with what they need) first, then
 * the others by value per unit of weighted capacity, each at its best start that fits; then local
 * search (earlier starts, additions, a project brought in by taking out at most six) until nothing
 * improves, or it has examined 512 n log2 n projects (a budget in work, not time: its cost grows as
 * n log n and its plan is the same on any machine), or time_limit seconds pass (a safety net, which
 * makes the plan depend on the machine when it cuts first). Writes the plan into selected[n]/start[n]
 * and its value into *value; returns false when it finds no plan that satisfies every rule (the
 * exact solver may still find one). */
bool heur_plan(const model *m, const double *score, heur_weights w, double time_limit, bool *selected, size_t *start,
               double *value);

/* Told of each better plan a search finds as it goes: fn(ctx, value), the value as plan_value()
 * sums it. {NULL, NULL}: nobody is. */
typedef struct heur_progress {
    void (*fn)(void *ctx, double value);
    void *ctx;
} heur_progress;

/* Improves a plan that satisfies every rule of m (selected[n]/start[n], in and out) by iterated
 * local search: the local search above, then kicks out of its local optimum (one to three selected
 * projects taken out at random, kept out for one search), going on from any plan at least as good
 * as the best and back to the best otherwise. Stops after time_limit seconds or 50 kicks per
 * project; the random choices come from a fixed seed, one per stream (0, 1, ...: searches that
 * run side by side take different steps). Writes the best plan and, unless value is NULL, its
 * value (never below the given plan's); tells better about each better one on the way. Returns
 * false when out of memory; the plan is then as given. */
bool heur_improve(const model *m, const double *score, double time_limit, unsigned stream, bool *selected,
                  size_t *start, double *value, heur_progress better);

/* Whether heur_swap() searches from the plan selected[n]: every project has a single start, some
 * capacity has a limit, and a move (every swap of a selected project for one left out, over every
 * limit) is small enough to pay. */
bool heur_swap_applies(const model *m, const bool *selected);

/* Improves a plan that satisfies every rule of m (selected[n]/start[n], in and out) by tabu search
 * over swaps at a fixed number of selected projects, the capacities' limits as adaptive penalties:
 * rounds of moves, each round from the best plan at its size, one more, one fewer or two more. A
 * swap keeps every other rule (must-do, exclusions, dependencies, policies); a plan within every
 * limit is a candidate, and so is one with one more project that fits. Stops after time_limit
 * seconds; the random choices come from a fixed seed, one per stream (as heur_improve's). Leaves
 * the plan as given when heur_swap_applies() is false. Writes the best plan and, unless value is
 * NULL, its value (never below the given plan's); tells better about each better one on the way.
 * Returns false when out of memory; the plan is then as given. */
bool heur_swap(const model *m, const double *score, double time_limit, unsigned stream, bool *selected, size_t *start,
               double *value, heur_progress better);

/* A plan with one project's decision forced the other way, built from a plan that satisfies every
 * rule (the current portfolio, selected[n]/start[n]): forced out (in == false), the project leaves
 * with whatever depends on it; forced in, it comes in with what it depends on, each at the start
 * that keeps most value, after its mutual exclusions leave and, while it does not fit, the selected
 * projects that give least value per unit of what it lacks. Then whatever fits is added in the
 * greedy order, minimum policies are topped up, and the local search above runs to its end with
 * the decision kept. Its value is a lower bound on the optimum with the decision forced. No time
 * limit: the same plan on every run. Writes the plan into
 * out_selected[n]/out_start[n] and its value into *value; returns false when these moves find no
 * plan that satisfies every rule (or out of memory), which says nothing about whether one exists. */
bool heur_force(const model *m, const double *score, const bool *selected, const size_t *start, size_t project,
                bool in, bool *out_selected, size_t *out_start, double *value);

/* A fixed-seed generator (xorshift64*) for the searches, so that they take the same steps on every
 * run: advances *state (never 0) and returns the next number. */
uint64_t heur_random(uint64_t *state);

/* The generator's starting state for stream number stream of a search whose own seed is base (not
 * 0): base itself for stream 0, for the others a state far from it and from each other's; never 0. */
uint64_t heur_seed(uint64_t base, unsigned stream);

#endif
