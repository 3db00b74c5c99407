/* summary.h - the JSON summary that pipelines read after a run. */
#ifndef FOLIO_SUMMARY_H
#define FOLIO_SUMMARY_H

#include <stdio.h>

#include "diag.h"
#include "run_data.h"

/* Writes the run's JSON summary (keys documented in the README) to path, with the warnings in d (NULL:
 * none); FOLIO_EIO on failure. */
folio_error summary_write(const folio_run *run, const folio_run_options *opt, const diags *d,
                          const char *path) FOLIO_WARN_UNUSED;

/* The same to an open stream (a re-plan's workbook diffs it against the baseline in memory). */
folio_error summary_write_stream(const folio_run *run, const folio_run_options *opt, const diags *d,
                                 FILE *f) FOLIO_WARN_UNUSED;

#endif
