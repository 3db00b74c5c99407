/* table.c - CSV exports read with libcsv, tracking physical lines so every problem has a place. */
#include "table.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

enum { LIBCSV_ROW_NOT_BEGUN = 0 }; /* libcsv's parser state between rows (csv_parser.pstate) */

void table_options_init(table_options *opt)
{
    opt->delimiter = 0;
    opt->max_field = 32768;
}

/* State shared with libcsv's callbacks while one file is parsed. */
typedef struct reader {
    arena *a;
    const char *path;
    const table_options *opt;
    diags *d;
    table *t;
    int line;            /* physical line being fed */
    int row_line;        /* line the current row started on */
    char **fields;       /* fields of the current row (growable, heap) */
    size_t n_fields, cap_fields;
    bool row_bad;        /* a field of this row had a problem already reported */
    size_t cap_rows;
    bool header_done;
    bool oom;
    bool bad_input;
} reader;

static void reader_field(void *data, size_t len, void *user)
{
    reader *r = user;
    if (r->oom)
        return;
    const char *s = data ? data : "";
    size_t col = r->n_fields;
    const char *colname = (r->header_done && col < r->t->n_cols) ? r->t->header[col] : NULL;
    char colbuf[32];
    if (colname == NULL) {
        snprintf(colbuf, sizeof colbuf, "#%zu", col + 1);
        colname = colbuf;
    }
    size_t bad;
    if (len > r->opt->max_field) {
        diags_error(r->d, r->path, r->row_line, colname,
                    "field is %zu bytes long, over the limit of %zu (a broken quote upstream?)", len,
                    r->opt->max_field);
        r->row_bad = true;
        r->bad_input = true;
        len = 0;
    } else if (!text_utf8_valid(s, len, &bad)) {
        diags_error(r->d, r->path, r->row_line, colname,
                    "invalid UTF-8 at byte %zu of the field (byte 0x%02X); save the export as UTF-8",
                    bad + 1, (unsigned char)s[bad]);
        r->row_bad = true;
        r->bad_input = true;
        len = 0;
    }
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
        char **f = realloc(r->fields, cap * sizeof *f);
        if (f == NULL) {
            r->oom = true;
            return;
        }
        r->fields = f;
        r->cap_fields = cap;
    }
    char *copy = arena_strndup(r->a, s, len);
    if (copy == NULL) {
        r->oom = true;
        return;
    }
    text_trim(copy);
    r->fields[r->n_fields++] = copy;
}

static bool row_is_blank(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i][0] != '\0')
            return false;
    return true;
}

static void reader_row(int term, void *user)
{
    (void)term;
    reader *r = user;
    table *t = r->t;
    size_t n = r->n_fields;
    r->n_fields = 0;
    bool bad = r->row_bad;
    r->row_bad = false;
    if (r->oom)
        return;
    if (!r->header_done) {
        r->header_done = true;
        t->n_cols = n;
        t->header = arena_alloc(r->a, n * sizeof *t->header);
        t->header_norm = arena_alloc(r->a, n * sizeof *t->header_norm);
        if (n > 0 && (t->header == NULL || t->header_norm == NULL)) {
            r->oom = true;
            return;
        }
        for (size_t i = 0; i < n; i++) {
            t->header[i] = r->fields[i];
            char norm[256];
            text_normalise_name(r->fields[i], norm, sizeof norm);
            t->header_norm[i] = arena_strdup(r->a, norm);
            if (t->header_norm[i] == NULL) {
                r->oom = true;
                return;
            }
            for (size_t j = 0; j < i; j++) {
                if (norm[0] != '\0' && strcmp(t->header_norm[j], norm) == 0) {
                    diags_error(r->d, r->path, r->row_line, t->header[i],
                                "duplicate column header (same as column %zu, '%s')", j + 1,
                                t->header[j]);
                    r->bad_input = true;
                }
            }
        }
        return;
    }
    if (row_is_blank(r->fields, n))
        return;
    if (n != t->n_cols) {
        diags_error(r->d, r->path, r->row_line, NULL,
                    "row has %zu fields but the header has %zu (delimiter '%s'; quote fields that "
                    "contain it)",
                    n, t->n_cols, t->delimiter == '\t' ? "\\t" : (char[2]){t->delimiter, 0});
        r->bad_input = true;
        return;
    }
    if (bad)
        return;
    table_row *rows = arena_grow(r->a, t->rows, t->n_rows, &r->cap_rows, sizeof *rows);
    if (rows == NULL) {
        r->oom = true;
        return;
    }
    t->rows = rows;
    char **fields = arena_alloc(r->a, n * sizeof *fields);
    if (n > 0 && fields == NULL) {
        r->oom = true;
        return;
    }
    memcpy(fields, r->fields, n * sizeof *fields);
    t->rows[t->n_rows].line = r->row_line;
    t->rows[t->n_rows].fields = fields;
    t->n_rows++;
}

/* Picks the delimiter that occurs most often outside quotes in the header line; ',' on a tie. */
static char detect_delimiter(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            comma++;
        else if (!quoted && c == ';')
            semi++;
        else if (!quoted && c == '\t')
            tab++;
    }
    if (tab > comma && tab > semi)
        return '\t';
    if (semi > comma)
        return ';';
    return ',';
}

static int is_space_only(unsigned char c)
{
    return c == ' ';
}

folio_error table_parse(arena *a, const char *path, const char *text, size_t len,
                        const table_options *opt, table *out, diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte order mark */
        text += 3;
        len -= 3;
    }
    out->delimiter = opt->delimiter ? opt->delimiter : detect_delimiter(text, len);

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return FOLIO_ENOMEM;
    csv_set_delim(&p, (unsigned char)out->delimiter);
    if (out->delimiter == '\t')
        csv_set_space_func(&p, is_space_only);

    reader r = {.a = a, .path = path, .opt = opt, .d = d, .t = out};
    folio_error err = FOLIO_OK;
    size_t pos = 0;
    bool parse_failed = false;
    while (pos < len && !r.oom) {
        /* One physical line at a time, ended by LF, CR LF or a lone CR (old Mac and Excel for Mac
         * exports), so that every row and message names the line it is on. */
        size_t n = 0;
        while (pos + n < len && text[pos + n] != '\n' && text[pos + n] != '\r')
            n++;
        if (pos + n + 1 < len && text[pos + n] == '\r' && text[pos + n + 1] == '\n')
            n += 2;
        else if (pos + n < len)
            n++;
        r.line++;
        if (p.pstate == LIBCSV_ROW_NOT_BEGUN)
            r.row_line = r.line;
        if (csv_parse(&p, text + pos, n, reader_field, reader_row, &r) != n) {
            diags_error(d, path, r.line, NULL, "malformed CSV: %s (a stray '\"' inside an unquoted field?)",
                        csv_strerror(csv_error(&p)));
            parse_failed = true;
            break;
        }
        pos += n;
    }
    if (!parse_failed && !r.oom && csv_fini(&p, reader_field, reader_row, &r) != 0) {
        diags_error(d, path, r.row_line, NULL, "malformed CSV: a quoted field is never closed");
        parse_failed = true;
    }
    csv_free(&p);
    free(r.fields);
    if (r.oom) {
        err = FOLIO_ENOMEM;
    } else if (!r.header_done || out->n_cols == 0) {
        diags_error(d, path, 1, NULL, "the file is empty; expected a header line and data rows");
        err = FOLIO_EINPUT;
    } else if (out->n_rows == 0 && !r.bad_input && !parse_failed) {
        diags_error(d, path, 2, NULL, "the file has a header line but no data rows");
        err = FOLIO_EINPUT;
    } else if (r.bad_input || parse_failed) {
        err = FOLIO_EINPUT;
    }
    return err;
}

folio_error table_read(arena *a, const char *path, const table_options *opt, table *out, diags *d)
{
    folio_error err = FOLIO_OK;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        diags_error(d, path, 0, NULL, "cannot open: %s", strerror(errno));
        return FOLIO_EIO;
    }
    size_t cap = 1 << 16, len = 0;
    buf = malloc(cap);
    if (buf == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    for (;;) {
        if (len == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                err = FOLIO_ENOMEM;
                goto out;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        diags_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
        err = FOLIO_EIO;
        goto out;
    }
    err = table_parse(a, path, buf, len, opt, out, d);
out:
    free(buf);
    fclose(f);
    return err;
}

int table_find_column(const table *t, const char *name)
{
    char norm[256];
    text_normalise_name(name, norm, sizeof norm);
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->header_norm[i], norm) == 0)
            return (int)i;
    return -1;
}
