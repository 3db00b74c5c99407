/* table.c - CSV exports read with libcsv, tracking physical lines so every problem has a place. */
#include "table.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

enum { LIBCSV_ROW_NOT_BEGUN = 0 }; /* libcsv's parser state between rows (csv_parser.pstate) */

void table_options_init(table_options *opt)
{
    *opt = (table_options){.delimiter = 0, .max_field = 32768, .encoding = TABLE_ENCODING_AUTO, .sheet = NULL};
}

/* Windows-1252's characters 0x80-0x9F as Unicode; 0 where it has none. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static size_t put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The offset of the first byte of text that is no Windows-1252 character; len when there is none. */
static size_t cp1252_bad_at(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && !((unsigned char)text[i] >= 0x80 && (unsigned char)text[i] <= 0x9F &&
                        cp1252_high[(unsigned char)text[i] - 0x80] == 0))
        i++;
    return i;
}

/* Re-encodes an 8-bit text (Windows-1252, or Latin-1 when latin1) as UTF-8 in the arena. */
static char *from_8bit(arena *a, const char *text, size_t len, bool latin1, size_t *out_len)
{
    char *out = arena_alloc(a, len * 3 + 1);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        unsigned long cp = c;
        if (c >= 0x80 && c <= 0x9F && !latin1 && cp1252_high[c - 0x80] != 0)
            cp = cp1252_high[c - 0x80];
        n += put_utf8(out + n, cp);
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

/* Re-encodes UTF-16 (after its byte order mark) as UTF-8 in the arena; NULL with *bad set when the
 * text is not well-formed UTF-16. */
static char *from_utf16(arena *a, const unsigned char *s, size_t len, bool big_endian, size_t *out_len, bool *bad)
{
    *bad = false;
    char *out = arena_alloc(a, len * 2 + 1);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        unsigned long u = big_endian ? (unsigned long)(s[i] << 8 | s[i + 1]) : (unsigned long)(s[i + 1] << 8 | s[i]);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= len) {
                *bad = true;
                return NULL;
            }
            unsigned long lo = big_endian ? (unsigned long)(s[i + 2] << 8 | s[i + 3])
                                          : (unsigned long)(s[i + 3] << 8 | s[i + 2]);
            if (lo < 0xDC00 || lo > 0xDFFF) {
                *bad = true;
                return NULL;
            }
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            *bad = true;
            return NULL;
        }
        n += put_utf8(out + n, u);
    }
    if (len % 2 != 0) {
        *bad = true;
        return NULL;
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

/* The line and column (in bytes, 1-based) of byte offset off. */
static void line_col(const char *text, size_t off, int *line, size_t *col)
{
    *line = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= off || text[i + 1] != '\n'))) {
            (*line)++;
            start = i + 1;
        }
    }
    *col = off - start + 1;
}

/* Brings the text to UTF-8 as opt->encoding says: *text and *len are replaced by a copy in the
 * arena when it is re-encoded. A file in no encoding that applies gives one error for the file, at
 * its first bad byte; a file taken for Windows-1252 under auto, one warning. */
static folio_error to_utf8(arena *a, const char *path, const table_options *opt, const char **text, size_t *len,
                           diags *d)
{
    const unsigned char *u = (const unsigned char *)*text;
    if (*len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        bool bad;
        size_t n;
        char *s = from_utf16(a, u + 2, *len - 2, u[0] == 0xFE, &n, &bad);
        if (s == NULL && !bad)
            return FOLIO_ENOMEM;
        if (bad) {
            diags_error(d, path, 1, NULL, "the file starts as UTF-16 but is not well-formed UTF-16; save the export as UTF-8");
            return FOLIO_EINPUT;
        }
        *text = s;
        *len = n;
        return FOLIO_OK;
    }
    if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte order mark */
        *text += 3;
        *len -= 3;
    }
    bool latin1 = opt->encoding == TABLE_ENCODING_LATIN1;
    if (opt->encoding == TABLE_ENCODING_CP1252 || latin1) {
        size_t off = latin1 ? *len : cp1252_bad_at(*text, *len);
        if (off < *len) {
            int line;
            size_t col;
            line_col(*text, off, &line, &col);
            diags_error(d, path, line, NULL,
                        "byte 0x%02X at column %zu is no Windows-1252 character, though [input] encoding says "
                        "windows-1252; save the export as UTF-8",
                        (unsigned char)(*text)[off], col);
            return FOLIO_EINPUT;
        }
        size_t n;
        char *s = from_8bit(a, *text, *len, latin1, &n);
        if (s == NULL)
            return FOLIO_ENOMEM;
        *text = s;
        *len = n;
        return FOLIO_OK;
    }
    size_t bad;
    if (text_utf8_valid(*text, *len, &bad))
        return FOLIO_OK;
    int line;
    size_t col;
    line_col(*text, bad, &line, &col);
    if (opt->encoding == TABLE_ENCODING_AUTO && cp1252_bad_at(*text, *len) == *len) {
        size_t n;
        char *s = from_8bit(a, *text, *len, false, &n);
        if (s == NULL)
            return FOLIO_ENOMEM;
        diags_warn(d, path, line, NULL,
                   "the file is not UTF-8 (byte 0x%02X at column %zu) and was read as Windows-1252; set [input] "
                   "encoding = windows-1252 to say so, or latin-1 if that is what it is",
                   (unsigned char)(*text)[bad], col);
        *text = s;
        *len = n;
        return FOLIO_OK;
    }
    diags_error(d, path, line, NULL,
                "the file is not UTF-8 (byte 0x%02X at column %zu)%s; save the export as UTF-8, or set [input] "
                "encoding to the one it is in (windows-1252, latin-1)",
                (unsigned char)(*text)[bad], col,
                opt->encoding == TABLE_ENCODING_AUTO ? " nor Windows-1252" : ", which [input] encoding says it is");
    return FOLIO_EINPUT;
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
    struct held_row *held; /* rows above the header with one value: a title, unless no row has two */
    size_t n_held, cap_held;
    int header_line;
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

/* How many of fields[n] are not empty. */
static size_t values_in(char **fields, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += fields[i][0] != '\0';
    return k;
}

static bool row_is_blank(char **fields, size_t n)
{
    return values_in(fields, n) == 0;
}

/* A row held back above the header. */
typedef struct held_row {
    char **fields;
    size_t n;
    int line;
    bool bad;
} held_row;

/* Takes a row: the header when there is none yet, else a data row (a blank one skipped). */
static void take_row(reader *r, char **src, size_t n, int line, bool bad)
{
    table *t = r->t;
    if (!r->header_done) {
        r->header_done = true;
        r->header_line = line;
        t->n_cols = n;
        t->header = arena_alloc(r->a, n * sizeof *t->header);
        t->header_norm = arena_alloc(r->a, n * sizeof *t->header_norm);
        if (n > 0 && (t->header == NULL || t->header_norm == NULL)) {
            r->oom = true;
            return;
        }
        for (size_t i = 0; i < n; i++) {
            t->header[i] = src[i];
            char norm[256];
            text_normalise_name(src[i], norm, sizeof norm);
            t->header_norm[i] = arena_strdup(r->a, norm);
            if (t->header_norm[i] == NULL) {
                r->oom = true;
                return;
            }
        }
        return;
    }
    if (row_is_blank(src, n))
        return;
    if (n != t->n_cols) {
        diags_error(r->d, r->path, line, NULL,
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
    memcpy(fields, src, n * sizeof *fields);
    t->rows[t->n_rows].line = line;
    t->rows[t->n_rows].fields = fields;
    t->n_rows++;
}

/* Keeps a row with one value that comes before any row with two: a title, or, when no row has two
 * (a list of ids), the header and the data after all. */
static void hold_row(reader *r, size_t n, bool bad)
{
    held_row *h = arena_grow(r->a, r->held, r->n_held, &r->cap_held, sizeof *h);
    char **fields = arena_alloc_n(r->a, n ? n : 1, sizeof *fields);
    if (h == NULL || fields == NULL) {
        r->oom = true;
        return;
    }
    memcpy(fields, r->fields, n * sizeof *fields);
    r->held = h;
    r->held[r->n_held++] = (held_row){fields, n, r->row_line, bad};
}

static void reader_row(int term, void *user)
{
    (void)term;
    reader *r = user;
    size_t n = r->n_fields;
    r->n_fields = 0;
    bool bad = r->row_bad;
    r->row_bad = false;
    if (r->oom)
        return;
    if (!r->header_done) {
        /* Every export but a list of ids has two columns or more, so a row above the header that
         * holds one value at most is a report's title ("Portfolio report", "Exported 2027-01-04"). */
        size_t values = values_in(r->fields, n);
        if (values == 0)
            return;
        if (values == 1) {
            hold_row(r, n, bad);
            return;
        }
    }
    take_row(r, r->fields, n, r->row_line, bad);
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

/* A delimiter as the rules name it. */
static const char *delimiter_word(char c)
{
    return c == ',' ? "comma" : c == ';' ? "semicolon" : c == '\t' ? "tab" : "?";
}

/* Excel's separator line: a first line "sep=X" (any case, nothing after X) names the file's
 * delimiter. Returns X and sets *skip to the line's length with its end; 0 when there is no such
 * line. A line that names a character other than ',', ';' or tab, or one other than the rules'
 * [input] delimiter, is an error (-1). */
static int separator_line(const char *path, const char *s, size_t len, const table_options *opt, size_t *skip,
                          diags *d)
{
    if (len < 5 || strncasecmp(s, "sep=", 4) != 0 || (len > 5 && s[5] != '\n' && s[5] != '\r'))
        return 0;
    char c = s[4];
    *skip = 5 + (len > 6 && s[5] == '\r' && s[6] == '\n' ? 2 : len > 5 ? 1 : 0);
    if (c != ',' && c != ';' && c != '\t') {
        diags_error(d, path, 1, NULL,
                    "the first line \"%.5s\" names a delimiter folio does not read; save the export with "
                    "comma, semicolon or tab between fields",
                    s);
        return -1;
    }
    if (opt->delimiter != 0 && opt->delimiter != c) {
        diags_error(d, path, 1, NULL,
                    "the first line \"sep=%s\" names the delimiter %s, but [input] delimiter = %s; "
                    "remove one of them",
                    c == '\t' ? "\\t" : (char[2]){c, 0}, delimiter_word(c), delimiter_word(opt->delimiter));
        return -1;
    }
    return c;
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
    folio_error enc = to_utf8(a, path, opt, &text, &len, d);
    if (enc != FOLIO_OK)
        return enc;
    size_t skip = 0;
    int sep = separator_line(path, text, len, opt, &skip, d);
    if (sep < 0)
        return FOLIO_EINPUT;
    out->delimiter = sep > 0 ? (char)sep : opt->delimiter ? opt->delimiter : detect_delimiter(text, len);

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return FOLIO_ENOMEM;
    csv_set_delim(&p, (unsigned char)out->delimiter);
    if (out->delimiter == '\t')
        csv_set_space_func(&p, is_space_only);

    reader r = {.a = a, .path = path, .opt = opt, .d = d, .t = out};
    folio_error err = FOLIO_OK;
    size_t pos = skip;
    r.line = skip > 0; /* the separator line is line 1 */
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
    if (!r.oom && r.n_held > 0) {
        if (r.header_done) {
            table_warn_title(d, path, "line", r.held[0].line, r.held[r.n_held - 1].line, r.header_line);
        } else { /* no row has two values: one column, header and all */
            for (size_t k = 0; k < r.n_held && !r.oom; k++)
                take_row(&r, r.held[k].fields, r.held[k].n, r.held[k].line, r.held[k].bad);
        }
    }
    if (r.oom) {
        err = FOLIO_ENOMEM;
    } else if (!r.header_done || out->n_cols == 0) {
        diags_error(d, path, 1 + (skip > 0), NULL, "the file is empty; expected a header line and data rows");
        err = FOLIO_EINPUT;
    } else if (out->n_rows == 0 && !r.bad_input && !parse_failed) {
        diags_error(d, path, 2 + (skip > 0), NULL, "the file has a header line but no data rows");
        err = FOLIO_EINPUT;
    } else if (r.bad_input || parse_failed) {
        err = FOLIO_EINPUT;
    }
    return err;
}

void table_warn_title(diags *d, const char *path, const char *unit, long first, long last, long header)
{
    char span[64];
    bool one = last == first;
    if (one)
        snprintf(span, sizeof span, "%s %ld holds", unit, first);
    else
        snprintf(span, sizeof span, "%ss %ld-%ld hold", unit, first, last);
    diags_warn(d, path, (int)first, NULL, "%s one value at most, as a title does, and %s skipped; the header is %s %ld",
               span, one ? "was" : "were", unit, header);
}

folio_error table_slurp(const char *path, char **text, size_t *len, diags *d)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        diags_error(d, path, 0, NULL, "cannot open: %s", strerror(errno));
        return FOLIO_EIO;
    }
    folio_error err = FOLIO_OK;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (buf == NULL) {
            err = FOLIO_ENOMEM;
            break;
        }
        if (n == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                err = FOLIO_ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (err == FOLIO_OK && ferror(f)) {
        diags_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
        err = FOLIO_EIO;
    }
    fclose(f);
    if (err != FOLIO_OK) {
        free(buf);
        return err;
    }
    *text = buf;
    *len = n;
    return FOLIO_OK;
}

size_t table_find_columns(const table *t, const char *name, int *idx, size_t max)
{
    char norm[256];
    text_normalise_name(name, norm, sizeof norm);
    size_t n = 0;
    for (size_t i = 0; i < t->n_cols; i++) {
        if (norm[0] != '\0' && strcmp(t->header_norm[i], norm) == 0) {
            if (n < max)
                idx[n] = (int)i;
            n++;
        }
    }
    return n;
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
