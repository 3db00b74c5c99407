/* diff.h - what changed between two runs, from their JSON summaries alone (no solving): the
 * decisions (projects started, stopped, moved) and the inputs (projects added, removed, changed
 * field by field; weights, capacity limits and policy bounds; which input files differ). `folio
 * diff` prints it. */
#ifndef FOLIO_DIFF_H
#define FOLIO_DIFF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

typedef enum diff_kind {
    DIFF_STARTED,   /* selected now, not before (a project new to the export too) */
    DIFF_STOPPED,   /* selected before, not now (or no longer in the export) */
    DIFF_MOVED,     /* selected in both, at another start */
    DIFF_LEFT_OUT,  /* selected before, now completed or cancelled (now: the status) */
    DIFF_ADDED,     /* in the new export only */
    DIFF_REMOVED,   /* in the old export only (not a completed or cancelled row of the new) */
    DIFF_CHANGED,   /* one input of a project in both (field says which) */
    DIFF_WEIGHT,    /* a criterion's normalised weight (null on the side that lacks the criterion) */
    DIFF_LIMIT,     /* a capacity's limit in one period or the whole horizon */
    DIFF_POLICY,    /* a policy's bound */
    DIFF_FILE,      /* an input file (projects, benefits, rules, demand, baseline): its SHA-256 */
} diff_kind;

#define DIFF_KINDS 11

/* One difference. old and now are JSON values (a start, a field's value, a weight, a limit; null
 * where a side has none), held by the entry. */
typedef struct diff_entry {
    diff_kind kind;
    char *what;  /* project id, criterion, "capacity (period)", "policy (bound)" */
    char *field; /* DIFF_CHANGED: the input ("cost", "criteria.strategic_fit", "status"); else NULL */
    json_t *old, *now;
} diff_entry;

typedef struct summary_diff {
    diff_entry *items; /* decisions, then inputs, each in the new summary's order (then the old's) */
    size_t n, cap;
    size_t count[DIFF_KINDS];  /* entries of each kind; count[DIFF_CHANGED] counts fields */
    size_t projects_changed;   /* projects with at least one DIFF_CHANGED field */
    bool inputs_known;         /* both summaries carry each project's inputs */
    json_t *old_objective, *new_objective; /* held; null when a run had no portfolio */
} summary_diff;

/* Compares summary old with summary now (both as summary_load() returns them); FOLIO_ENOMEM when out
 * of memory (*out is then freed). Free with diff_free(). */
folio_error diff_summaries(json_t *old, json_t *now, summary_diff *out) FOLIO_WARN_UNUSED;
void diff_free(summary_diff *d);

/* The name diff kind k is written under ("started", "weight", ...). */
const char *diff_kind_name(diff_kind k);

/* A JSON value as the text output shows it, into out[size]: numbers to 10 significant digits,
 * grouped in thousands from 10,000 on (but in a list), strings as they are, yes/no, "none" for
 * null, a list as "[a, b]". */
void diff_show(json_t *v, char *out, size_t size);

/* The inputs' counts as one phrase, into out[size]: "0 projects added, 1 removed, 2 changed (3
 * fields); 2 weights, 1 limit, 0 policy bounds, 2 files changed". */
void diff_input_counts(const summary_diff *d, char *out, size_t size);

/* The differences as text: a line of counts for the decisions and one for the inputs, then one line
 * per difference. false when the stream has an error. */
bool diff_print(FILE *f, const summary_diff *d);

/* The same as a JSON document (old and new paths, objective, counts, entries). */
bool diff_write_json(FILE *f, const summary_diff *d, const char *old_path, const char *new_path);

#endif
