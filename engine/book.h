/* book.h - the annotated workbook (.xlsx) finance reviews: decisions, reasons, live totals. */
#ifndef FOLIO_BOOK_H
#define FOLIO_BOOK_H

#include "run_data.h"

/* Writes the workbook for run to path (the caller renames it into place). d's warnings fill the
 * Data quality sheet. Returns FOLIO_EIO when libxlsxwriter cannot write the file. */
folio_error book_write(const folio_run *run, const folio_run_options *opt, const diags *d, const char *path)
    FOLIO_WARN_UNUSED;

#endif
