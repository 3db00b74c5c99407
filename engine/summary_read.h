/* summary_read.h - reads back a JSON summary that folio wrote (with jansson): for a re-plan's
 * baseline and for `folio diff`. */
#ifndef FOLIO_SUMMARY_READ_H
#define FOLIO_SUMMARY_READ_H

#include <jansson.h>
#include <stdbool.h>

#include "diag.h"
#include "error.h"

/* Loads the summary at path into *out (json_decref() it). Malformed JSON is an error at its line
 * and column; a document that is not a folio summary (no "folio_version", no "projects" array) is an
 * error that says what to give instead (hint). role names the file when it cannot be read ("the
 * baseline"). FOLIO_EIO when the file cannot be read, FOLIO_EINPUT else; problems go into d. */
folio_error summary_load(const char *path, const char *role, const char *hint, json_t **out, diags *d)
    FOLIO_WARN_UNUSED;

/* Whether a JSON document has the shape of a folio summary ("folio_version", a "projects" array). */
bool summary_is_one(json_t *root);

#endif
