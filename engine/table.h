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
    unsigned char outline; /* .xlsx: the row's outline level (0-7), as Smartsheet exports its
                              hierarchy; 0 in CSV */
} table_row;

typedef struct table {
    const char *path;
    char **header;      /* headers as written */
    char **header_norm; /* headers normalised with text_normalise_name() */
    size_t n_cols;
    table_row *rows;
    size_t n_rows;
    char delimiter; /* ',', ';' or '\t' */
    unsigned char *cell_flags; /* NULL, or [n_rows * n_cols] for readers: a cell already reported */
} table;

/* The character encoding of a CSV export. */
typedef enum table_encoding {
    TABLE_ENCODING_AUTO,   /* UTF-8 (or UTF-16 with its byte order mark), else Windows-1252, said once */
    TABLE_ENCODING_UTF8,
    TABLE_ENCODING_CP1252, /* Windows-1252: Excel's "CSV" on Western Windows */
    TABLE_ENCODING_LATIN1, /* ISO-8859-1 */
} table_encoding;

typedef struct table_options {
    char delimiter;          /* 0: detect from the header line */
    size_t max_field;        /* longest field accepted, in bytes */
    table_encoding encoding;
    const char *sheet;       /* .xlsx: the sheet to read; NULL: the first */
} table_options;

void table_options_init(table_options *opt);

/* The whole file at path, in a heap buffer the caller frees; FOLIO_EIO (recorded in d) when it
 * cannot be read. */
folio_error table_slurp(const char *path, char **text, size_t *len, diags *d) FOLIO_WARN_UNUSED;

/* Reads CSV text held in memory into *out, all memory in the arena; path names it in diagnostics.
 * Input problems (empty file, a row with the wrong number of fields, text in no encoding it knows,
 * an absurdly long field, broken quoting) go into d and give FOLIO_EINPUT; rows with problems are
 * left out of *out, and fully blank rows are skipped. A header may repeat: table_find_columns()
 * tells the reader. xlsx.h's export_read() reads a file, CSV or .xlsx. */
folio_error table_parse(arena *a, const char *path, const char *text, size_t len,
                        const table_options *opt, table *out, diags *d) FOLIO_WARN_UNUSED;

/* Warns that the rows first..last above the header (numbered in unit: "line" or "row") hold one
 * value at most, as a report's title does, and were skipped. The CSV reader and the .xlsx reader
 * both take the header as the first row with two values or more. */
void table_warn_title(diags *d, const char *path, const char *unit, long first, long last, long header);

/* Returns the index of the first column whose normalised header equals the normalised name, or -1. */
int table_find_column(const table *t, const char *name);

/* Stores in idx[0..max) the indices of every column whose header is name (normalised); returns how
 * many there are (which may exceed max). */
size_t table_find_columns(const table *t, const char *name, int *idx, size_t max);

#endif
