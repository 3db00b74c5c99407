/* run.h - folio's run API: one call reads, scores, solves and explains; another writes the outputs. */
#ifndef FOLIO_RUN_H
#define FOLIO_RUN_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "diag.h"
#include "error.h"
#include "explain.h"
#include "model.h"
#include "score.h"
#include "sensitivity.h"
#include "tradeoffs.h"
#include "solve.h"

typedef struct folio_run_options {
    model_inputs in;
    const char *out_path;     /* workbook (.xlsx); NULL writes none */
    const char *summary_path; /* JSON summary; NULL writes none */
    const char *export_path;  /* the MIP as solved (LP format, or MPS when it ends in .mps); NULL: none */
    solve_options solve;
    double explain_budget; /* seconds the conflict search may take when the plan is infeasible */
    time_t doc_time;       /* time recorded in the outputs (SOURCE_DATE_EPOCH for reproducible files) */
    progress progress;     /* long analyses report how far they are through this; {NULL, NULL}: not */
} folio_run_options;

/* Defaults: 60 s time limit, gap 0, 60 s for explaining infeasibility, doc_time now. */
void folio_run_options_init(folio_run_options *opt);

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
    char sha_projects[65], sha_benefits[65], sha_rules[65], sha_demand[65];
} folio_run;

/* Reads the inputs, scores, solves, and explains every decision (and, with no feasible portfolio,
 * the conflict). Input problems and warnings go into d. On success *out owns the run (free it with
 * folio_run_free()); an infeasible plan is a success whose result.status says so. */
folio_error folio_run_solve(const folio_run_options *opt, folio_run **out, diags *d) FOLIO_WARN_UNUSED;

/* Writes the workbook and the summary that opt names, each to a temporary file renamed into place
 * only when both are complete; on failure neither target is touched. d's warnings go into the
 * workbook's Data quality sheet. */
folio_error folio_run_write(const folio_run *run, const folio_run_options *opt, const diags *d) FOLIO_WARN_UNUSED;

void folio_run_free(folio_run *run);

#endif
