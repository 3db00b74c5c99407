/* outfile.h - writing outputs safely: to a temporary file beside the target, renamed into place. */
#ifndef FOLIO_OUTFILE_H
#define FOLIO_OUTFILE_H

#include "error.h"

/* A pending output: tmp_path is written first and renamed to path on commit. */
typedef struct outfile {
    char *path;
    char *tmp_path;
} outfile;

/* Creates an empty temporary file in path's directory (so the rename is atomic). FOLIO_EIO when
 * the directory is not writable. */
folio_error outfile_begin(outfile *o, const char *path) FOLIO_WARN_UNUSED;
/* Flushes the temporary file to disk and renames it over path. */
folio_error outfile_commit(outfile *o) FOLIO_WARN_UNUSED;
/* Removes the temporary file (if any) and frees o; safe after commit and on a zeroed outfile. */
void outfile_discard(outfile *o);

#endif
