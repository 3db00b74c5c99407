/* diag.h - the diagnostics list: every input problem and warning with its file, line and column. */
#ifndef FOLIO_DIAG_H
#define FOLIO_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING } diag_severity;

typedef struct diag {
    diag_severity severity;
    char *file;    /* path as given by the user; NULL when not tied to a file */
    int line;      /* 1-based physical line; 0 when not tied to a line */
    char *column;  /* column or rules key the problem is about; NULL when none */
    bool key;      /* column names a rules key, not an export's column */
    char *message; /* one sentence, naming the value found */
} diag;

/* Collected diagnostics. Errors beyond max_errors are counted but not stored, so one broken
 * export with a million bad rows cannot exhaust memory. Initialise with diags_init(). */
typedef struct diags {
    diag *items;
    size_t count, capacity;
    size_t n_errors, n_warnings; /* including those not stored */
    size_t max_errors;
    bool oom; /* an allocation failed while recording: some diagnostics are missing */
} diags;

void diags_init(diags *d);
void diags_clear(diags *d);

/* Records one diagnostic; file and column may be NULL, line 0. Never fails: on out-of-memory it
 * sets d->oom. */
void diags_add(diags *d, diag_severity sev, const char *file, int line, const char *column,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* As diags_add(), about a key of the rules rather than a column of an export. */
void diags_add_key(diags *d, diag_severity sev, const char *file, int line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
#define diags_error(d, file, line, column, ...) diags_add((d), DIAG_ERROR, (file), (line), (column), __VA_ARGS__)
#define diags_key_error(d, file, line, key, ...) diags_add_key((d), DIAG_ERROR, (file), (line), (key), __VA_ARGS__)
#define diags_warn(d, file, line, column, ...) diags_add((d), DIAG_WARNING, (file), (line), (column), __VA_ARGS__)

/* Formats one diagnostic as "FILE:LINE: column 'NAME': message" (or "key 'NAME'" for a rules key) (parts that are absent are left
 * out) into buf; returns the length it needed, like snprintf. */
int diag_format(const diag *g, char *buf, size_t size);

/* Puts diagnostics in file, line order (stable), so reports read top to bottom. */
void diags_sort(diags *d);

#endif
