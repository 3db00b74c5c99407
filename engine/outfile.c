/* outfile.c - temporary file, fsync, rename: a failed or interrupted run never leaves half a file. */
#include "outfile.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

folio_error outfile_begin(outfile *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = strdup(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dirlen = slash ? (int)(slash - path) : 0;
    if (o->path == NULL || asprintf(&o->tmp_path, "%.*s%s.%s.tmp-XXXXXX", dirlen, path, slash ? "/" : "", base) < 0) {
        o->tmp_path = NULL;
        outfile_discard(o);
        return FOLIO_ENOMEM;
    }
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        free(o->tmp_path);
        o->tmp_path = NULL;
        outfile_discard(o);
        return FOLIO_EIO;
    }
    /* mkstemp makes the file 0600; outputs are ordinary documents, so give them the umask's mode. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    return FOLIO_OK;
}

folio_error outfile_commit(outfile *o)
{
    int fd = open(o->tmp_path, O_RDONLY);
    if (fd < 0)
        return FOLIO_EIO;
    int synced = fsync(fd);
    close(fd);
    if (synced != 0 || rename(o->tmp_path, o->path) != 0)
        return FOLIO_EIO;
    free(o->tmp_path);
    o->tmp_path = NULL;
    return FOLIO_OK;
}

void outfile_discard(outfile *o)
{
    if (o == NULL)
        return;
    if (o->tmp_path != NULL) {
        unlink(o->tmp_path);
        free(o->tmp_path);
    }
    free(o->path);
    memset(o, 0, sizeof *o);
}
