/* rules.h - the rule set (INI): scoring criteria, capacities, policies and how to read the exports. */
#ifndef FOLIO_RULES_H
#define FOLIO_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "error.h"
#include "period.h"

/* The defaults of the analyses' keys, which the analyses' own options start from too. Every key's
 * default is in the key table (rules_keys.c); these are the ones another module needs. */
#define RULES_DEFAULT_SENSITIVITY_SOLVES 512
#define RULES_DEFAULT_SENSITIVITY_BUDGET 120
#define RULES_DEFAULT_FRONTIER_POINTS 20
#define RULES_DEFAULT_SURFACE_POINTS 5
#define RULES_DEFAULT_MAX_FORCE_SOLVES 400
#define RULES_DEFAULT_TRADEOFFS_BUDGET 120
#define RULES_DEFAULT_ATTRIBUTION_BUDGET 120
#define RULES_DEFAULT_STABILITY_BUDGET 120

typedef enum rules_normalise { NORMALISE_MINMAX, NORMALISE_RANGE, NORMALISE_NONE } rules_normalise;
typedef enum rules_missing { MISSING_ERROR, MISSING_WORST, MISSING_ZERO } rules_missing;

typedef struct rules_criterion {
    char *name;
    int line;         /* line of the [criterion NAME] header */
    char *column;     /* projects column holding the raw value, or NULL */
    char *source;     /* a computed source ("benefits.total"), or NULL */
    int source_line;  /* line of column = / source = */
    double weight;    /* as written; normalised later so that weights sum to 1 */
    bool minimise;    /* direction = min: lower raw values are better */
    rules_normalise normalise;
    double range_lo, range_hi; /* with NORMALISE_RANGE */
    rules_missing missing;
    char *group;      /* group = NAME: compared within its group, the group among the top level; or NULL */
    char *label;      /* label = TEXT: how people read its name; default the name made readable */
    int group_line;
    bool weight_percent; /* the weight was written as a percentage */
    int weight_line;
} rules_criterion;

/* A per-period limit override, "period.2027-Q3 = 30". */
typedef struct rules_period_limit {
    long offset; /* period index in the horizon */
    double limit;
    int line;
} rules_period_limit;

typedef struct rules_capacity {
    char *name;
    int line;
    char *column;      /* projects column (or demand resource) each project uses of this capacity */
    char *label;       /* label = TEXT; default the name made readable */
    char *unit;        /* unit = TEXT ("FTE"); NULL: the currency when column is the cost, else none */
    rules_missing missing; /* an empty cell: an error (MISSING_ERROR) or no use (MISSING_ZERO) */
    double limit;      /* whole-horizon limit ('limit' or 'total'); NaN when not given */
    int limit_line;
    double per_period; /* the same limit in every period; NaN when not given */
    rules_period_limit *overrides; /* per-period exceptions to per_period */
    char **override_labels;        /* [n_overrides] the labels as written */
    size_t n_overrides, cap_labels;
} rules_capacity;

typedef struct rules_policy {
    char *name;
    int line;
    char *category;     /* projects whose category equals this (case-insensitive) */
    char *label;        /* label = TEXT; default the name made readable */
    char *column;       /* summed column for min/max; "cost" unless given */
    bool has_min, has_max, has_count_min, has_count_max;
    double min, max;    /* bounds on the sum of column over selected projects of the category */
    double count_min, count_max; /* bounds on how many of them are selected */
} rules_policy;

typedef enum rules_scoring {
    SCORING_WEIGHTED_SUM, /* score = sum of weight x normalised value */
    SCORING_TOPSIS,       /* closeness to the ideal against the anti-ideal (Hwang and Yoon) */
} rules_scoring;

typedef enum rules_weighting {
    WEIGHTS_DIRECT,         /* the criteria's weight keys */
    WEIGHTS_AHP,            /* principal eigenvector of [pairwise] */
    WEIGHTS_GEOMETRIC_MEAN, /* row geometric means of [pairwise] */
} rules_weighting;

/* One pairwise judgment, "a vs b = 3": a is 3 times as important as b. a and b are nodes of the
 * criteria hierarchy: a criterion (index < n_criteria) or a group (n_criteria + group index), and
 * both have the same parent: the same group, or the top level. */
typedef struct rules_judgment {
    size_t a, b;      /* node indices (resolved once the file is read) */
    double value;     /* on Saaty's 1-9 scale or its reciprocals */
    const char *file; /* where it was given: the rules file or the [pairwise] matrix file */
    int line;
} rules_judgment;

/* One change a scenario makes to the rules as given. */
typedef enum rules_override_kind {
    OVERRIDE_LIMIT,            /* CAPACITY = x: its whole-horizon limit (its limit without a horizon) */
    OVERRIDE_PER_PERIOD,       /* CAPACITY.per_period = x: every period's limit */
    OVERRIDE_PERIOD,           /* CAPACITY.period.PERIOD = x: one period's limit */
    OVERRIDE_WEIGHT,           /* weight.CRITERION = x: its weight before normalisation */
    OVERRIDE_POLICY_MIN,       /* POLICY.min = x, and the same for max, count_min, count_max */
    OVERRIDE_POLICY_MAX,
    OVERRIDE_POLICY_COUNT_MIN,
    OVERRIDE_POLICY_COUNT_MAX,
} rules_override_kind;

typedef struct rules_override {
    rules_override_kind kind;
    size_t target;    /* capacity, criterion or policy index (resolved once the file is read) */
    long period;      /* OVERRIDE_PERIOD: the period's index in the horizon */
    double value;
    char *key;        /* as written */
    int line;
} rules_override;

/* [scenario NAME]: the rules as given with some limits, weights or policy bounds changed and some
 * decisions forced; solved in the same run and compared side by side. */
typedef struct rules_scenario {
    char *name;
    int line;
    rules_override *overrides;
    size_t n_overrides, cap_overrides;
    char **force_in, **force_out; /* project ids as written */
    size_t n_force_in, n_force_out;
    int force_in_line, force_out_line;
    size_t *force_in_index, *force_out_index; /* resolved by the model loader */
} rules_scenario;

typedef enum rules_paper { PAPER_A4, PAPER_LETTER } rules_paper;

/* [values COLUMN]: the words of a column's text scale and the numbers they stand for. */
typedef struct rules_value_map {
    char *column; /* the column, as [columns] matches headers (a field, a rule's column or a header) */
    int line;
    char **words; /* as written, compared case-insensitively */
    double *values;
    size_t n, cap;
} rules_value_map;

typedef struct rules_column_map {
    char *field;  /* canonical field or rules column name, as written */
    char *header; /* the export's own header */
    int line;
} rules_column_map;

/* [replan] stop_cost or stop_value_lost: a column of the projects export, or a share (of a
 * project's cost as exported, or of its score). */
typedef struct rules_stop {
    char *column;  /* the column; NULL: a share, or not given */
    double share;  /* without a column: the share (0: not given) */
    int line;      /* the key's line; 0: not given */
} rules_stop;

typedef struct rules {
    const char *path;
    char *name;          /* [portfolio] name */
    bool has_horizon;    /* [portfolio] periods was given */
    period_horizon horizon;
    double delay_penalty; /* [portfolio] delay_penalty in [0, 1): value lost per period of delay */
    double discount_rate; /* [portfolio] discount_rate: annual, for benefits.npv */
    char delimiter;      /* [input] delimiter; 0 = detect */
    int decimal_comma;   /* [input] decimal: -1 = from the delimiter, 0 = '.', 1 = ',' */
    int encoding;        /* [input] encoding: a table_encoding */
    period_style dates;  /* [input] date_order and [portfolio] fiscal_year_start */
    bool depends_on_rows; /* [input] depends_on = rows: predecessors name row numbers, not ids */
    bool keep_summary_rows; /* [input] summary_rows = keep: an .xlsx hierarchy's summary rows are projects */
    char *sheet;         /* [input] sheet: the sheet of .xlsx exports; NULL: the first */
    char *true_words, *false_words, *missing_words; /* [input] true, false, missing: more words */
    rules_value_map *value_maps; /* [values COLUMN] sections */
    size_t n_value_maps;
    rules_column_map *maps;
    size_t n_maps;
    rules_criterion *criteria;
    size_t n_criteria;
    rules_capacity *capacities;
    size_t n_capacities;
    rules_policy *policies;
    size_t n_policies;
    rules_scoring scoring;         /* [portfolio] scoring */
    bool topsis_minmax;            /* [portfolio] topsis_normalisation = minmax (default: vector) */
    rules_weighting weighting;     /* [weights] method */
    bool sensitivity_off;          /* [sensitivity] enabled = no */
    double sensitivity_budget;     /* [sensitivity] time_budget in seconds */
    double sensitivity_solves;     /* [sensitivity] max_solves */
    rules_judgment *judgments;     /* [pairwise] */
    size_t n_judgments;
    bool tradeoffs_off;            /* [tradeoffs] enabled = no */
    char *frontier;                /* [tradeoffs] frontier = CAPACITY, as written; NULL: the default */
    int frontier_line;
    size_t frontier_capacity;      /* its index; SIZE_MAX: the default (budget, else the first) */
    double frontier_points;        /* [tradeoffs] frontier_points */
    char *surface;                 /* [tradeoffs] surface = CAPACITY (the second axis), as written; NULL: none */
    int surface_line;
    size_t surface_capacity;       /* its index; SIZE_MAX: no surface */
    double surface_points;         /* [tradeoffs] surface_points */
    double max_force_solves;       /* [tradeoffs] max_force_solves */
    double tradeoffs_budget;       /* [tradeoffs] time_budget in seconds */
    rules_scenario *scenarios;     /* [scenario NAME] sections, in file order */
    size_t n_scenarios;
    rules_paper paper;             /* [output] paper */
    char *currency;                /* [output] currency = TEXT; NULL: the export's own mark, if any */
    double jobs;                   /* [run] jobs: processes for the analyses' re-solves; 0: the processors online */
    bool replan;                   /* a [replan] section was given: statuses are read, in-flight work is
                                      charged what it still needs */
    char *status_words[5];         /* [replan] proposed, in_progress, on_hold, completed, cancelled: more
                                      words for each status (a model_status), comma-separated; NULL: none */
    bool keep_in_flight;           /* [replan] keep_in_flight: every in-progress project continues */
    double max_changes;            /* [replan] max_changes: decisions that may differ from the baseline;
                                      INFINITY: no limit */
    double change_penalty;         /* [replan] change_penalty: objective charged per change (0: none) */
    bool count_moves;              /* [replan] count_moves: with a horizon, a changed start is a change */
    rules_stop stop_cost;          /* [replan] stop_cost: charged to the budget when work in flight stops */
    rules_stop stop_value;         /* [replan] stop_value_lost: objective lost when work in flight stops */
    double attribution_budget;     /* [replan] attribution_budget: seconds for the attribution's solves (0: none) */
    double stability_budget;       /* [replan] stability_budget: seconds for the price of stability (0: none) */
    char **groups;                 /* criteria groups, in order of first mention */
    size_t n_groups;
} rules;

/* Parent of a node of the criteria hierarchy: n_criteria + g for a criterion in group g, SIZE_MAX
 * (the top level) for an ungrouped criterion or a group. */
size_t rules_parent(const rules *r, size_t node);

/* Name of a node of the criteria hierarchy (a criterion or a group). */
const char *rules_node_name(const rules *r, size_t node);

/* Every value of the rules holds what the file gave or the key's default: a reader never needs to
 * know a default. */

/* One fixed key of the rule set as people read about it. */
typedef struct rules_key_doc {
    const char *section;  /* as a rules file writes it: "[tradeoffs]", "[criterion NAME]" */
    const char *key;      /* "frontier_points"; a pattern such as "period.PERIOD" */
    const char *alias;    /* another spelling accepted, or NULL */
    const char *def;      /* the default as a reader sees it ("20", "auto", "(none)") */
    const char *doc;      /* what it does, in one line */
} rules_key_doc;

/* Describes the index-th key of the key table into *out; false past the last. The order is the
 * README's: sections in the order a rules file gives them, keys in the order they are explained. */
bool rules_key_describe(size_t index, rules_key_doc *out);

/* Reads and validates the rules file; everything allocated in a. Problems are recorded in d with
 * the rules file's line and give FOLIO_EINPUT; FOLIO_EIO when the file cannot be read. */
folio_error rules_read(arena *a, const char *path, rules *out, diags *d) FOLIO_WARN_UNUSED;

/* As rules_read(), from text in memory; path names it in diagnostics. */
folio_error rules_parse(arena *a, const char *path, const char *text, rules *out, diags *d)
    FOLIO_WARN_UNUSED;

/* The [values COLUMN] map of the export column with this header, or NULL. */
const rules_value_map *rules_value_map_for(const rules *r, const char *header);

/* Returns the export header that [columns] maps field to, or NULL when it is not mapped. */
const char *rules_mapped_header(const rules *r, const char *field);

/* The frontier's capacity: [tradeoffs] frontier, else the capacity named budget, else the first;
 * SIZE_MAX when there is no capacity. */
size_t rules_frontier_capacity(const rules *r);

#endif
