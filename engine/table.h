/* table.h - one CSV export read into memory: header, rows, and the line each row started on. */
#ifndef FOLIO_TABLE_H
#define FOLIO_TABLE_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "error.h"

typedef struct table_row {
    int line;      /* physical line the row starts on (1-based) */
    char **fields; /* n_cols fields, NUL-terminated, UTF-8 */
} table_row;

typedef struct table {
    const char *path;
    char **header;      /* headers as written */
    char **header_norm; /* headers normalised with text_normalise_name() */
    size_t n_cols;
    table_row *rows;
    size_t n_rows;
    char delimiter; /* ',', ';' or '\t' */
} table;

typedef struct table_options {
    char delimiter;   /* 0: detect from the header line */
    size_t max_field; /* longest field accepted, in bytes */
} table_options;

void table_options_init(table_options *opt);

/* Reads the CSV file at path into *out, all memory in the arena. Input problems (empty file, a row
 * with the wrong number of fields, invalid UTF-8, an absurdly long field, broken quoting, duplicate
 * headers) go into d and give FOLIO_EINPUT; rows with problems are left out of *out, and fully
 * blank rows are skipped. Returns FOLIO_EIO when the file cannot be read (also recorded in d). */
folio_error table_read(arena *a, const char *path, const table_options *opt, table *out, diags *d)
    FOLIO_WARN_UNUSED;

/* Reads CSV text held in memory, as table_read() does with a file's contents; path names it in
 * diagnostics. */
folio_error table_parse(arena *a, const char *path, const char *text, size_t len,
                        const table_options *opt, table *out, diags *d) FOLIO_WARN_UNUSED;

/* Returns the index of the column whose normalised header equals the normalised name, or -1. */
int table_find_column(const table *t, const char *name);

#endif
