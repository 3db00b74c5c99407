/* baseline.h - the plan of record a re-plan is measured against: an earlier run's JSON summary
 * (read with jansson) or a CSV/.xlsx list of the approved projects' ids and, with a horizon, starts. */
#ifndef FOLIO_BASELINE_H
#define FOLIO_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "error.h"
#include "table.h"

/* One project the baseline selected. */
typedef struct baseline_entry {
    const char *id;
    const char *start; /* its start period as written ("2027-Q2"); "" when not given */
    int line;          /* the CSV's line; 0 in a JSON summary (which has no positions per value) */
} baseline_entry;

typedef struct baseline {
    const char *path;
    bool summary;          /* read from a folio JSON summary (else a list of ids) */
    baseline_entry *items; /* the selected projects, in file order */
    size_t n;
} baseline;

/* Reads the baseline at path into *out, everything in a. A path ending in .json is a folio
 * summary: an object with "folio_version" and a "projects" array whose entries have a string "id",
 * a boolean "selected" and, optionally, a string "start"; malformed JSON is an error at its line and
 * column, anything else at the JSON path of the value (projects[3].selected). Any other path is an
 * export (CSV or .xlsx, read with topt) with an id column (and optionally start), found under
 * those names or the headers the rules map them to (mapped[0], mapped[1]; NULL: none): every row
 * is a selected project. Problems go into d and give FOLIO_EINPUT; FOLIO_EIO when it cannot be read. */
folio_error baseline_read(arena *a, const char *path, const table_options *topt, const char *const mapped[2],
                          baseline *out, diags *d)
    FOLIO_WARN_UNUSED;

#endif
