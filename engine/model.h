/* model.h - the portfolio model: projects, their criteria values and time-phased use of capacities. */
#ifndef FOLIO_MODEL_H
#define FOLIO_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "error.h"
#include "rules.h"

typedef struct model_project {
    const char *id;
    const char *name; /* "" when the export has no name column */
    const char *category; /* "" when none */
    int line;        /* line in the projects export */
    bool must;       /* forced into the portfolio */
    bool exclude;    /* forced out of it */
    size_t *depends_on; /* indices of projects this one needs */
    size_t n_depends_on;
    size_t *excludes;   /* indices of projects it cannot be selected with */
    size_t n_excludes;
    double cost;
    double *raw;        /* [n_criteria] raw criterion values, missing ones already filled */
    bool *raw_filled;   /* [n_criteria] true where the value was missing and filled by policy */
    double *use;        /* [n_capacities * n_periods] use of capacity c in period t at [c * n_periods + t] */
    double benefits_total; /* sum of the project's benefit lines */
    size_t n_benefits;     /* how many benefit lines it has */
} model_project;

typedef struct model_benefit {
    size_t project; /* index into projects */
    char *kind;     /* the benefit column; "" when absent */
    char *period;   /* as written; "" when absent */
    double amount;
    double low, high; /* NaN when not given */
    int line;
} model_benefit;

/* One run's input, fully validated. Everything lives in the model's arena. */
typedef struct model {
    arena arena;
    rules rules;
    const char *projects_path, *benefits_path;
    model_project *projects;
    size_t n_projects;
    model_benefit *benefits;
    size_t n_benefits;
    size_t n_periods;      /* 1 for a single-period run */
    char **period_labels;  /* [n_periods] */
    size_t n_criteria;     /* = rules.n_criteria */
    double *weights;       /* [n_criteria] normalised to sum 1 */
    size_t n_capacities;   /* = rules.n_capacities */
    double *limits;        /* [n_capacities * n_periods] */
    size_t n_policies;     /* = rules.n_policies */
    double *policy_amount; /* [n_policies * n_projects] the policy column's value for each project */
    bool *in_policy;       /* [n_policies * n_projects] project's category is the policy's */
} model;

/* Paths of one run's inputs. */
typedef struct model_inputs {
    const char *projects;
    const char *benefits;
    const char *rules;
} model_inputs;

/* Reads and validates all inputs into a new model (*out). Every problem found goes into d; returns
 * FOLIO_EINPUT when any is an error, FOLIO_EIO when a file cannot be read, and then *out is NULL.
 * Free the model with model_free(). */
folio_error model_load(const model_inputs *in, model **out, diags *d) FOLIO_WARN_UNUSED;

/* Frees the model and all it holds; model_free(NULL) is a no-op. */
void model_free(model *m);

/* Use of capacity c by project i in period t. */
static inline double model_use(const model *m, size_t i, size_t c, size_t t)
{
    return m->projects[i].use[c * m->n_periods + t];
}

/* Limit of capacity c in period t. */
static inline double model_limit(const model *m, size_t c, size_t t)
{
    return m->limits[c * m->n_periods + t];
}

#endif
