/* xlsx.h - one sheet of an .xlsx export read as a table, with libzip and expat. */
#ifndef FOLIO_XLSX_H
#define FOLIO_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "table.h"

/* Reads the sheet opt->sheet (NULL: the first; a comma-separated list: the first of those names the
 * workbook has, in any case) of the workbook held in data[len] into *out, as
 * table_parse() reads a CSV file: the first row with a value is the header, every later row with a
 * value a row, whose line is the sheet's row number. Cells are read as their values show them:
 * numbers in full (to 15 significant digits, as spreadsheets show them), dates (a number whose
 * format is a date's) as 2027-01-15 or 2027-01-15T08:30:00, booleans as TRUE or FALSE, errors as
 * written (#N/A), formulas by the value last computed. The table's path names the sheet,
 * "projects.xlsx[Sheet1]", so that every message names the file, sheet, row and column. */
folio_error xlsx_parse(arena *a, const char *path, const void *data, size_t len, const table_options *opt,
                       table *out, diags *d) FOLIO_WARN_UNUSED;

/* Reads an export: an .xlsx workbook's sheet (by its first bytes: a zip archive) or else a CSV file
 * (table_parse()). An old binary .xls workbook is refused with what to do. */
folio_error export_read(arena *a, const char *path, const table_options *opt, table *out, diags *d)
    FOLIO_WARN_UNUSED;

#endif
