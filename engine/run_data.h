/* run_data.h - what one run holds: its options and everything it found, which the writers of the
 * outputs (book, summary) read. Below run.h, which holds the calls that make and write a run. */
#ifndef FOLIO_RUN_DATA_H
#define FOLIO_RUN_DATA_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "attrib.h"
#include "diag.h"
#include "error.h"
#include "explain.h"
#include "model.h"
#include "progress.h"
#include "replan.h"
#include "score.h"
#include "sensitivity.h"
#include "solve.h"
#include "tradeoffs.h"

typedef struct folio_run_options {
    model_inputs in;
    const char *out_path;     /* workbook (.xlsx); NULL writes none */
    const char *summary_path; /* JSON summary; NULL writes none */
    const char *export_path;  /* the MIP as solved (LP format, or MPS when it ends in .mps); NULL: none */
    solve_options solve;
    double explain_budget; /* seconds the conflict search may take when the plan is infeasible */
    time_t doc_time;       /* time recorded in the outputs (SOURCE_DATE_EPOCH for reproducible files) */
    progress progress;     /* long analyses report how far they are through this; {NULL, NULL}: not */
    size_t jobs;           /* processes the work may use (--jobs); 0: [run] jobs, else the processors online */
} folio_run_options;

typedef struct folio_run {
    model *m;
    arena arena;                /* everything below lives here */
    score_result score;
    plan_rules rules;
    solve_result result;
    explain_project *decisions; /* [n_projects] */
    explain_conflicts conflicts;
    bool has_sensitivity;       /* weight ranges were analysed (optimal portfolio, several criteria) */
    sens_result sensitivity;
    bool has_tradeoffs;         /* the trade-offs were analysed (optimal portfolio, [tradeoffs] enabled) */
    trade_result tradeoffs;
    trade_scenario *scenarios;  /* [m->rules.n_scenarios] */
    bool has_replan;            /* a baseline was given: the portfolio against it */
    replan_result replan;
    attrib_result attrib;       /* with a baseline: why each decision changed, step by step */
    json_t *baseline_summary;   /* with a --baseline summary: as read, for the attribution and the
                                   Input changes sheet (NULL: a list of ids, or no baseline) */
    char sha_projects[65], sha_benefits[65], sha_rules[65], sha_demand[65], sha_baseline[65];
} folio_run;

#endif
