/* summary.h - the JSON summary that pipelines read after a run. */
#ifndef FOLIO_SUMMARY_H
#define FOLIO_SUMMARY_H

#include "run_data.h"

/* Writes the run's JSON summary (keys documented in the README) to path; FOLIO_EIO on failure. */
folio_error summary_write(const folio_run *run, const folio_run_options *opt, const char *path) FOLIO_WARN_UNUSED;

#endif
