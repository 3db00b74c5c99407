/* run.h - folio's run API: one call reads, scores, solves and explains; another writes the outputs. */
#ifndef FOLIO_RUN_H
#define FOLIO_RUN_H

#include "run_data.h"

/* Defaults: 60 s time limit, gap 0, 60 s for explaining infeasibility, doc_time now. */
void folio_run_options_init(folio_run_options *opt);

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
