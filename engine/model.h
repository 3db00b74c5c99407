/* model.h - the portfolio model: projects, their criteria values and time-phased use of capacities. */
#ifndef FOLIO_MODEL_H
#define FOLIO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ahp.h"
#include "arena.h"
#include "diag.h"
#include "error.h"
#include "rules.h"

/* Where a project stands, as the export's status column says (read only in a re-plan). */
typedef enum model_status {
    STATUS_PROPOSED,    /* a proposal: start it or not (the default) */
    STATUS_IN_PROGRESS, /* in flight: continue or stop; charged only what it still needs */
    STATUS_ON_HOLD,     /* paused in flight: resume (within its start window) or stop; charged what it still needs */
    STATUS_COMPLETED,   /* done: left out of the model and listed */
    STATUS_CANCELLED,   /* dropped: left out and listed */
} model_status;

#define MODEL_STATUS_COUNT 5

/* The status's name as folio writes it (proposed, in_progress, on_hold, completed, cancelled). */
const char *model_status_name(model_status s);

/* Whether a project of this status is work in flight (in progress or on hold). */
static inline bool model_status_in_flight(model_status s)
{
    return s == STATUS_IN_PROGRESS || s == STATUS_ON_HOLD;
}

/* How a project's start and finish relate to a predecessor's ([input] link types as Project
 * writes them: 14FS, 7SS+1w, 9FF-10d, 3SF). Only between two timed projects in a horizon. */
typedef enum model_link_type {
    LINK_FS, /* starts after the predecessor finishes (the default) */
    LINK_SS, /* starts no earlier than the predecessor starts */
    LINK_FF, /* finishes no earlier than the predecessor finishes */
    LINK_SF, /* finishes no earlier than the predecessor starts */
} model_link_type;

/* A predecessor link's type and lag: the lag in whole periods, rounded to the nearest from the
 * export's (3d, 50%, -2w). */
typedef struct model_link {
    model_link_type type;
    int lag;
} model_link;

typedef struct model_project {
    const char *id;
    const char *name; /* "" when the export has no name column */
    const char *category; /* "" when none */
    int line;        /* line in the projects export */
    bool must;       /* forced into the portfolio */
    bool exclude;    /* forced out of it */
    size_t *depends_on; /* indices of projects this one needs */
    size_t n_depends_on;
    model_link *links;  /* [n_depends_on] each link's type and lag; NULL: all finish-to-start, no lag */
    size_t *excludes;   /* indices of projects it cannot be selected with */
    size_t n_excludes;
    double cost;
    double *raw;        /* [n_criteria] raw criterion values, missing ones already filled */
    bool *raw_filled;   /* [n_criteria] true where the value was missing and filled by policy */
    size_t start_min;   /* earliest start period (index into the horizon; 0 without one) */
    size_t start_max;   /* latest start period; = start_min when the start is fixed */
    size_t duration;    /* periods the project runs; 1 in a single-period model */
    bool timed;         /* the export gives its start: depends_on then also means precedence */
    double *profile;    /* [n_capacities * duration] use of capacity c in the project's k-th period */
    double benefits_total; /* sum of the project's benefit lines */
    size_t n_benefits;     /* how many benefit lines it has */
    model_status status;   /* STATUS_PROPOSED unless a re-plan read the status column */
    size_t elapsed;        /* work in flight with a horizon: periods it ran before the horizon (its
                              duration is what is left) */
    double cost_full;      /* the cost as exported; cost is what the plan still needs (the remaining
                              cost of work in flight, else the same) */
    double spent;          /* money spent to date (0 unless given) */
    double stop_cost;      /* work in flight: the wind-down cost charged if it stops ([replan]
                              stop_cost; 0 else) */
    double stop_value;     /* work in flight: objective lost if it stops, from a stop_value_lost
                              column (0 else; a share of the score is the model's stop_value_share) */
    bool remaining_given;  /* work in flight whose cost to complete the export gives (remaining),
                              rather than cost - spent */
    bool in_baseline;      /* the baseline (--baseline) selected it */
    size_t baseline_start; /* with in_baseline and a horizon, its start period there; SIZE_MAX: not
                              within this horizon (any start keeps it) */
} model_project;

/* Project p's k-th link: finish-to-start without lag where p records none. */
static inline model_link model_link_at(const model_project *p, size_t k)
{
    return p->links != NULL ? p->links[k] : (model_link){LINK_FS, 0};
}

/* Whether a link is plain finish-to-start without lag. */
static inline bool model_link_plain(model_link link)
{
    return link.type == LINK_FS && link.lag == 0;
}

/* A link as the summary records it: "FS", "SS+1", "FF-1" (the lag in periods, when not 0). */
void model_link_text(model_link link, char *buf, size_t size);

/* Reads model_link_text()'s form back; false when s is not one. */
bool model_link_parse(const char *s, model_link *out);

/* Whether any of project p's links has a type other than finish-to-start or a lag. */
bool model_links_typed(const model_project *p);

/* A row of the projects export that the model leaves out: completed or cancelled work. */
typedef struct model_left_out {
    const char *id;
    int line;
    model_status status;
} model_left_out;

typedef struct model_benefit {
    size_t project; /* index into projects */
    char *kind;     /* the benefit column; "" when absent */
    char *period;   /* as written; "" when absent */
    long offset;    /* period index in the horizon, assuming the project starts at start_min; 0 without one */
    double amount;
    double low, high; /* NaN when not given */
    int line;
} model_benefit;

/* One level of the criteria hierarchy weighed by pairwise comparisons: the top level (groups and
 * ungrouped criteria) or the criteria of one group. */
typedef struct model_ahp_level {
    size_t parent;  /* SIZE_MAX for the top level, else the group's node (rules_parent) */
    size_t *nodes;  /* [ahp.n] the level's nodes: criteria (< n_criteria) and groups, in rules order */
    double weight;  /* global weight of the parent: 1 for the top level */
    ahp_result ahp; /* the matrix (in the order of nodes), weights, lambda_max, CR, judgments to revisit */
} model_ahp_level;

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
    double period_rate;    /* discount rate per period, from the annual [portfolio] discount_rate */
    size_t n_criteria;     /* = rules.n_criteria */
    double *weights;       /* [n_criteria] normalised to sum 1 */
    bool has_ahp;          /* weights came from [pairwise] */
    model_ahp_level *levels; /* with has_ahp: [n_levels] the top level first, then each group's */
    size_t n_levels;
    double *local_weights;   /* with has_ahp: [n_criteria + n_groups] each node's weight within its level */
    size_t n_capacities;   /* = rules.n_capacities */
    double *limits;        /* [n_capacities * n_periods] per-period limits; INFINITY where none */
    double *totals;        /* [n_capacities] whole-horizon limits; INFINITY where none */
    size_t n_policies;     /* = rules.n_policies */
    double *policy_amount; /* [n_policies * n_projects] the policy column's value for each project */
    bool *in_policy;       /* [n_policies * n_projects] project's category is the policy's */
    char currency[8];      /* the mark the cost column carries ($, EUR), "" when none */
    /* A re-plan ([replan] or --baseline): the plan of record and what differs from it. */
    bool replan;           /* statuses were read: in-flight work is charged what it still needs */
    bool has_baseline;     /* --baseline was given */
    const char *baseline_path;
    size_t n_baseline;     /* projects of this export the baseline selected */
    double max_changes;    /* decisions that may differ from the baseline; INFINITY: no limit */
    double change_penalty; /* objective charged per change; 0 without a baseline */
    bool count_moves;      /* a project of the baseline kept at another start is a change */
    bool *on_cost;         /* [n_capacities] the capacity reads the cost column: work in flight is
                              charged what it still needs there, and a stop cost in the first period
                              and the whole horizon */
    double *stop_sum;      /* [n_capacities] every stop cost charged to it (all work in flight stopped) */
    bool has_stop_costs;   /* some work in flight has a stop cost */
    double stop_value_share; /* [replan] stop_value_lost as a share of the score (0: none) */
    model_left_out *left_out; /* completed and cancelled rows, in export order */
    size_t n_left_out;
    char **baseline_unknown;  /* baseline ids that are not in the export (counted as removed) */
    size_t n_baseline_unknown;
} model;

/* Paths of one run's inputs. */
typedef struct model_inputs {
    const char *projects;
    const char *benefits;
    const char *rules;
    const char *demand; /* optional demand profiles (project_id, resource, period, amount); NULL: none */
    const char *baseline; /* the approved portfolio: an earlier run's JSON summary or a CSV of ids (and
                             starts); NULL: none */
} model_inputs;

/* Reads and validates all inputs into a new model (*out). Every problem found goes into d; returns
 * FOLIO_EINPUT when any is an error, FOLIO_EIO when a file cannot be read, and then *out is NULL.
 * Free the model with model_free(). */
folio_error model_load(const model_inputs *in, model **out, diags *d) FOLIO_WARN_UNUSED;

/* Frees the model and all it holds; model_free(NULL) is a no-op. */
void model_free(model *m);

/* Whether project i, selected (or not) at start s, differs from the baseline: a change. Always
 * false without a baseline. */
static inline bool model_is_change(const model *m, size_t i, bool selected, size_t s)
{
    const model_project *p = &m->projects[i];
    if (!m->has_baseline)
        return false;
    if (!p->in_baseline)
        return selected;
    return !selected || (m->count_moves && p->baseline_start != SIZE_MAX && s != p->baseline_start);
}

/* Use of capacity c by project i in period t when it starts in period s. */
static inline double model_use_at(const model *m, size_t i, size_t c, size_t s, size_t t)
{
    const model_project *p = &m->projects[i];
    return t >= s && t - s < p->duration ? p->profile[c * p->duration + (t - s)] : 0.0;
}

/* What stopping project i charges capacity c in period t: its stop cost in the first period of a
 * capacity on the cost column; 0 else (and for every project not in flight). */
static inline double model_stop_at(const model *m, size_t i, size_t c, size_t t)
{
    return t == 0 && m->has_stop_costs && m->on_cost != NULL && m->on_cost[c] ? m->projects[i].stop_cost : 0.0;
}

/* Objective lost when project i (work in flight) stops: its stop_value_lost column, or the share of
 * its score; 0 for a project not in flight. */
static inline double model_stop_lost(const model *m, const double *score, size_t i)
{
    const model_project *p = &m->projects[i];
    return model_status_in_flight(p->status) ? p->stop_value + m->stop_value_share * score[i] : 0.0;
}

/* Use of capacity c by project i in period t when it starts at its earliest start. */
static inline double model_use(const model *m, size_t i, size_t c, size_t t)
{
    return model_use_at(m, i, c, m->projects[i].start_min, t);
}

/* Use of capacity c by project i within the horizon when it starts in period s (use that runs past
 * the horizon is not counted: nothing limits it). */
double model_use_in_horizon(const model *m, size_t i, size_t c, size_t s);

/* Limit of capacity c in period t (INFINITY when the period has none). */
static inline double model_limit(const model *m, size_t c, size_t t)
{
    return m->limits[c * m->n_periods + t];
}

/* NPV of project i's benefits when it starts delay periods after its earliest start, discounted
 * to the horizon's first period at the per-period rate. */
double model_npv(const model *m, size_t i, size_t delay);

#endif
