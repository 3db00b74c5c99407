/* xlsx.c - reading one sheet of an .xlsx export: the zip archive with libzip, its XML parts with
 * expat (Debian packages no C library that reads .xlsx). Only what a table needs is read: the sheet
 * list and where each sheet lives, the shared strings, which cell formats are dates, and the cells.
 * The parts are SpreadsheetML as ECMA-376 Part 1 (sections 18.2, 18.3, 18.4 and 18.8) defines them. */
#include "xlsx.h"

#include <ctype.h>
#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "text.h"

enum {
    MAX_COLUMNS = 16384,         /* XFD, the widest sheet a spreadsheet program writes */
    MAX_ROWS = 1048576,
};
#define MAX_PART_BYTES ((zip_uint64_t)1 << 30) /* a part above 1 GiB is no export */

/* A growable byte string on the heap. */
typedef struct text_buf {
    char *s;
    size_t n, cap;
    bool oom;
} text_buf;

static void buf_add(text_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *g = realloc(b->s, cap);
        if (g == NULL) {
            b->oom = true;
            return;
        }
        b->s = g;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i] != NULL; i += 2)
        if (strcmp(local_name(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* An attribute's whole number (a row, an outline level, a style or format id) held to 0..max, so
 * that no value a file writes can overflow what is computed from it; 0 when it is no number, as
 * atol read it (atol is undefined past a long's range), and fallback when it is absent. */
static long attr_number(const char *v, long max, long fallback)
{
    if (v == NULL)
        return fallback;
    long x = strtol(v, NULL, 10);
    return x < 0 ? 0 : x > max ? max : x;
}

/* State of one read: the archive, where messages go, and what a failure was. */
typedef struct xreader {
    zip_t *z;
    arena *a;
    const char *path;
    diags *d;
    bool oom, bad;
} xreader;

/* The whole of one part of the archive (heap, NUL-terminated), or NULL when it is absent (*absent)
 * or cannot be read (reported). */
static char *read_part(xreader *x, const char *name, size_t *len, bool *absent)
{
    *absent = false;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(x->z, name, 0, &st) != 0) {
        *absent = true;
        return NULL;
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > MAX_PART_BYTES) {
        diags_error(x->d, x->path, 0, NULL, "the workbook's part %s is too large to be an export", name);
        x->bad = true;
        return NULL;
    }
    char *s = malloc((size_t)st.size + 1);
    if (s == NULL) {
        x->oom = true;
        return NULL;
    }
    zip_file_t *f = zip_fopen(x->z, name, 0);
    zip_int64_t got = f ? zip_fread(f, s, st.size) : -1;
    if (f == NULL || got != (zip_int64_t)st.size) {
        diags_error(x->d, x->path, 0, NULL, "cannot read the workbook's part %s: %s", name,
                    f ? zip_file_strerror(f) : zip_strerror(x->z));
        x->bad = true;
        if (f)
            zip_fclose(f);
        free(s);
        return NULL;
    }
    zip_fclose(f);
    s[st.size] = '\0';
    *len = (size_t)st.size;
    return s;
}

/* Parses one XML part with the handlers given; a malformed part is reported with its line. */
static bool parse_xml(xreader *x, const char *part, const char *text, size_t len, void *ctx,
                      XML_StartElementHandler start, XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (p == NULL) {
        x->oom = true;
        return false;
    }
    XML_SetUserData(p, ctx);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    bool ok = true;
    /* expat takes an int length; parts are fed in slices below INT_MAX. */
    for (size_t off = 0; ok;) {
        size_t n = len - off > (1u << 30) ? (1u << 30) : len - off;
        bool last = off + n == len;
        if (XML_Parse(p, text + off, (int)n, last) != XML_STATUS_OK) {
            diags_error(x->d, x->path, 0, NULL, "the workbook's part %s is malformed XML at its line %lu: %s", part,
                        (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
            x->bad = true;
            ok = false;
        }
        off += n;
        if (last)
            break;
    }
    XML_ParserFree(p);
    return ok;
}

/* --- xl/workbook.xml and its relationships --------------------------------------------------- */

typedef struct sheet_ref {
    char *name, *rid;
} sheet_ref;

typedef struct workbook_ctx {
    xreader *x;
    sheet_ref *sheets;
    size_t n, cap;
    bool date1904;
} workbook_ctx;

static void on_workbook(void *data, const XML_Char *name, const XML_Char **atts)
{
    workbook_ctx *w = data;
    const char *el = local_name(name);
    if (strcmp(el, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        w->date1904 = v != NULL && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
    } else if (strcmp(el, "sheet") == 0) {
        const char *nm = attr(atts, "name"), *rid = attr(atts, "id");
        if (nm == NULL || rid == NULL)
            return;
        sheet_ref *g = arena_grow(w->x->a, w->sheets, w->n, &w->cap, sizeof *g);
        char *a = arena_strdup(w->x->a, nm), *b = arena_strdup(w->x->a, rid);
        if (g == NULL || a == NULL || b == NULL) {
            w->x->oom = true;
            return;
        }
        w->sheets = g;
        w->sheets[w->n++] = (sheet_ref){a, b};
    }
}

static void on_end_nothing(void *data, const XML_Char *name)
{
    (void)data, (void)name;
}

static void on_chars_nothing(void *data, const XML_Char *s, int len)
{
    (void)data, (void)s, (void)len;
}

typedef struct rels_ctx {
    const char *want; /* the relationship id */
    char target[512];
} rels_ctx;

static void on_rel(void *data, const XML_Char *name, const XML_Char **atts)
{
    rels_ctx *r = data;
    if (strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (id != NULL && target != NULL && strcmp(id, r->want) == 0)
        snprintf(r->target, sizeof r->target, "%s", target);
}

/* --- xl/sharedStrings.xml -------------------------------------------------------------------- */

typedef struct strings_ctx {
    xreader *x;
    char **items;
    size_t n, cap;
    text_buf cur;
    int in_t, in_rph; /* inside <t>; inside a phonetic run (<rPh>), whose text is not the cell's */
} strings_ctx;

static void on_si_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    strings_ctx *s = data;
    const char *el = local_name(name);
    if (strcmp(el, "si") == 0)
        s->cur.n = 0;
    else if (strcmp(el, "t") == 0)
        s->in_t++;
    else if (strcmp(el, "rPh") == 0)
        s->in_rph++;
}

static void on_si_end(void *data, const XML_Char *name)
{
    strings_ctx *s = data;
    const char *el = local_name(name);
    if (strcmp(el, "t") == 0 && s->in_t > 0) {
        s->in_t--;
    } else if (strcmp(el, "rPh") == 0 && s->in_rph > 0) {
        s->in_rph--;
    } else if (strcmp(el, "si") == 0) {
        char **g = arena_grow(s->x->a, s->items, s->n, &s->cap, sizeof *g);
        char *v = arena_strndup(s->x->a, s->cur.s ? s->cur.s : "", s->cur.n);
        if (g == NULL || v == NULL) {
            s->x->oom = true;
            return;
        }
        s->items = g;
        s->items[s->n++] = v;
    }
}

static void on_si_chars(void *data, const XML_Char *text, int len)
{
    strings_ctx *s = data;
    if (s->in_t > 0 && s->in_rph == 0)
        buf_add(&s->cur, text, (size_t)len);
}

/* --- xl/styles.xml: which cell formats show dates -------------------------------------------- */

typedef struct styles_ctx {
    xreader *x;
    int *custom_ids;     /* numFmtId of each custom format whose code is a date's */
    size_t n_custom, cap_custom;
    bool *xf_date;       /* per cellXfs entry: shows a date */
    size_t n_xf, cap_xf;
    int in_cell_xfs;
} styles_ctx;

/* Whether a format code shows a date or time: a y, m, d, h or s outside quoted text, escapes and
 * [colour] or [condition] brackets. */
static bool code_is_date(const char *code)
{
    for (const char *p = code; *p != '\0'; p++) {
        if (*p == '"') {
            p = strchr(p + 1, '"');
            if (p == NULL)
                return false;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (p[1] == '\0')
                return false;
            p++;
        } else if (*p == '[') {
            const char *e = strchr(p, ']');
            if (e == NULL)
                return false;
            char c = (char)tolower((unsigned char)p[1]);
            if (c == 'h' || c == 'm' || c == 's') /* [h]:mm, elapsed time */
                return true;
            p = e;
        } else if (strncasecmp(p, "General", 7) == 0) {
            p += 6;
        } else if (strchr("yYmMdDhHsS", *p) != NULL) {
            return true;
        }
    }
    return false;
}

/* The built-in number formats that show dates and times (ECMA-376 18.8.30, with the East Asian
 * ones). */
static bool builtin_is_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static void on_style_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    styles_ctx *s = data;
    const char *el = local_name(name);
    if (strcmp(el, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id == NULL || code == NULL || !code_is_date(code))
            return;
        int *g = arena_grow(s->x->a, s->custom_ids, s->n_custom, &s->cap_custom, sizeof *g);
        if (g == NULL) {
            s->x->oom = true;
            return;
        }
        s->custom_ids = g;
        s->custom_ids[s->n_custom++] = (int)attr_number(id, INT_MAX, 0);
    } else if (strcmp(el, "cellXfs") == 0) {
        s->in_cell_xfs++;
    } else if (strcmp(el, "xf") == 0 && s->in_cell_xfs > 0) {
        const char *v = attr(atts, "numFmtId");
        int id = (int)attr_number(v, INT_MAX, 0);
        bool date = builtin_is_date(id);
        for (size_t k = 0; k < s->n_custom && !date; k++)
            date = s->custom_ids[k] == id;
        bool *g = arena_grow(s->x->a, s->xf_date, s->n_xf, &s->cap_xf, sizeof *g);
        if (g == NULL) {
            s->x->oom = true;
            return;
        }
        s->xf_date = g;
        s->xf_date[s->n_xf++] = date;
    }
}

static void on_style_end(void *data, const XML_Char *name)
{
    styles_ctx *s = data;
    if (strcmp(local_name(name), "cellXfs") == 0 && s->in_cell_xfs > 0)
        s->in_cell_xfs--;
}

/* --- the sheet ------------------------------------------------------------------------------- */

typedef struct cell {
    long row, col; /* row 1-based as the sheet numbers it, column 0-based */
    char *text;
} cell;

typedef struct sheet_ctx {
    xreader *x;
    const strings_ctx *strings;
    const styles_ctx *styles;
    bool date1904;
    cell *cells;
    size_t n, cap;
    long *outlined;   /* rows with an outline level (rising), and their levels */
    unsigned char *levels;
    size_t n_outlined, cap_outlined, cap_levels;
    long row, col;    /* the current row and the last cell's column */
    char type[16];    /* the current cell's t attribute */
    long style;       /* its s attribute */
    bool in_cell, in_value, in_inline;
    text_buf value;
    bool too_big;
} sheet_ctx;

/* Reads "B5" into a column (0-based) and row; false when it is no cell reference. */
static bool cell_ref(const char *r, long *col, long *row)
{
    long c = 0, n = 0;
    const char *p = r;
    while (isalpha((unsigned char)*p) && n < 4) {
        c = c * 26 + (toupper((unsigned char)*p) - 'A' + 1);
        p++;
        n++;
    }
    if (n == 0 || n > 3 || !isdigit((unsigned char)*p))
        return false;
    long rr = 0;
    while (isdigit((unsigned char)*p) && rr <= MAX_ROWS)
        rr = rr * 10 + (*p++ - '0');
    if (*p != '\0' || rr < 1)
        return false;
    *col = c - 1;
    *row = rr;
    return true;
}

static void on_sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    sheet_ctx *s = data;
    const char *el = local_name(name);
    if (strcmp(el, "row") == 0) {
        const char *r = attr(atts, "r"), *level = attr(atts, "outlineLevel");
        s->row = attr_number(r, MAX_ROWS + 1, s->row + 1); /* past the last row: refused below */
        s->col = -1;
        long lv = attr_number(level, 7, 0);
        if (lv > 0 && s->row <= MAX_ROWS && (s->n_outlined == 0 || s->outlined[s->n_outlined - 1] < s->row)) {
            long *rows = arena_grow(s->x->a, s->outlined, s->n_outlined, &s->cap_outlined, sizeof *rows);
            unsigned char *lvs = arena_grow(s->x->a, s->levels, s->n_outlined, &s->cap_levels, sizeof *lvs);
            if (rows == NULL || lvs == NULL) {
                s->x->oom = true;
                return;
            }
            s->outlined = rows, s->levels = lvs;
            s->outlined[s->n_outlined] = s->row;
            s->levels[s->n_outlined++] = (unsigned char)lv;
        }
    } else if (strcmp(el, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *st = attr(atts, "s");
        long col = s->col + 1, row = s->row;
        if (r != NULL && !cell_ref(r, &col, &row)) {
            col = s->col + 1;
            row = s->row;
        }
        s->col = col;
        s->row = row;
        snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
        s->style = attr_number(st, INT_MAX, 0);
        s->in_cell = true;
        s->value.n = 0;
        if (s->value.s)
            s->value.s[0] = '\0';
    } else if (s->in_cell && strcmp(el, "v") == 0) {
        s->in_value = true;
    } else if (s->in_cell && strcmp(el, "is") == 0) {
        s->in_inline = true;
    }
}

/* Howard Hinnant's civil_from_days: the date of a day counted from 1970-01-01. */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* A date serial as ISO 8601 text: 2027-01-15, or 2027-01-15T08:30:00 with a time of day. In the
 * 1900 system serial 60 is Lotus's 29 February 1900, a day that never was: it reads as 1 March. */
static void serial_to_text(double v, bool date1904, char *out, size_t size)
{
    double days = floor(v);
    long secs = lround((v - days) * 86400.0);
    if (secs >= 86400) {
        days += 1;
        secs -= 86400;
    }
    long unix_days;
    if (date1904)
        unix_days = (long)days - 24107; /* 1904-01-01 */
    else
        unix_days = (long)days - (days >= 61 ? 25569 : 25568); /* 1899-12-30, or -31 before the phantom day */
    int y, m, d;
    civil_from_days(unix_days, &y, &m, &d);
    if (secs == 0)
        snprintf(out, size, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(out, size, "%04d-%02d-%02dT%02ld:%02ld:%02ld", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
}

/* The text a cell shows, as folio reads values. */
static char *cell_text(sheet_ctx *s)
{
    const char *v = s->value.s ? s->value.s : "";
    char num[64];
    if (strcmp(s->type, "s") == 0) {
        char *end;
        long k = strtol(v, &end, 10);
        if (end == v || *end != '\0' || k < 0 || (size_t)k >= s->strings->n) {
            diags_error(s->x->d, s->x->path, (int)s->row, NULL, "cell refers to shared string %s, which the workbook lacks",
                        v);
            s->x->bad = true;
            return arena_strdup(s->x->a, "");
        }
        return arena_strdup(s->x->a, s->strings->items[k]);
    }
    if (strcmp(s->type, "b") == 0)
        return arena_strdup(s->x->a, strcmp(v, "1") == 0 ? "TRUE" : strcmp(v, "0") == 0 ? "FALSE" : v);
    if (strcmp(s->type, "n") == 0 && v[0] != '\0') {
        char *end;
        double x = strtod(v, &end);
        if (end != v && *end == '\0' && isfinite(x)) {
            bool date = s->style >= 0 && (size_t)s->style < s->styles->n_xf && s->styles->xf_date[s->style];
            if (date && x >= 0 && x < 2958466) /* up to 9999-12-31 */
                serial_to_text(x, s->date1904, num, sizeof num);
            else
                snprintf(num, sizeof num, "%.15g", x);
            return arena_strdup(s->x->a, num);
        }
    }
    return arena_strdup(s->x->a, v); /* str, inlineStr, e (#N/A), d (ISO dates) as written */
}

static void on_sheet_end(void *data, const XML_Char *name)
{
    sheet_ctx *s = data;
    const char *el = local_name(name);
    if (strcmp(el, "v") == 0) {
        s->in_value = false;
    } else if (strcmp(el, "is") == 0) {
        s->in_inline = false;
    } else if (strcmp(el, "c") == 0 && s->in_cell) {
        s->in_cell = false;
        if (s->value.n == 0 && strcmp(s->type, "inlineStr") != 0)
            return; /* a formatted empty cell */
        if (s->row < 1 || s->row > MAX_ROWS || s->col < 0 || s->col >= MAX_COLUMNS) {
            s->too_big = true;
            return;
        }
        char *t = cell_text(s);
        if (t == NULL) {
            s->x->oom = true;
            return;
        }
        text_trim(t);
        if (t[0] == '\0')
            return;
        cell *g = arena_grow(s->x->a, s->cells, s->n, &s->cap, sizeof *g);
        if (g == NULL) {
            s->x->oom = true;
            return;
        }
        s->cells = g;
        s->cells[s->n++] = (cell){s->row, s->col, t};
    }
}

static void on_sheet_chars(void *data, const XML_Char *text, int len)
{
    sheet_ctx *s = data;
    if (s->in_value || s->in_inline)
        buf_add(&s->value, text, (size_t)len);
}

/* The column's letters, "A" .. "XFD". */
static void column_letters(long col, char *out)
{
    char tmp[8];
    size_t n = 0;
    for (long c = col + 1; c > 0 && n < sizeof tmp; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

static int cell_order(const void *pa, const void *pb)
{
    const cell *a = pa, *b = pb;
    if (a->row != b->row)
        return (a->row > b->row) - (a->row < b->row);
    return (a->col > b->col) - (a->col < b->col);
}

/* Lays the cells out as a table: the first row with a value is the header. Each row takes its
 * outline level from the sheet's (outlined: rising row numbers, with levels). */
static folio_error build_table(xreader *x, cell *cells, size_t n, const sheet_ctx *sheet, const table_options *opt,
                               table *out)
{
    if (n == 0) { /* before qsort, which must not be given no array (found by fuzz_xlsx) */
        diags_error(x->d, out->path, 1, NULL, "the sheet is empty; expected a header row and data rows");
        return FOLIO_EINPUT;
    }
    qsort(cells, n, sizeof *cells, cell_order);
    /* Rows with one value at most above the header are a title, skipped with a warning (as in a
     * CSV export: table.c); unless no row has two, as in a list of ids. */
    size_t k = 0;
    long title_first = 0, title_last = 0;
    while (k < n) {
        size_t end = k, values = 0;
        for (; end < n && cells[end].row == cells[k].row; end++)
            values += cells[end].text[0] != '\0';
        if (values >= 2)
            break;
        if (title_first == 0)
            title_first = cells[k].row;
        title_last = cells[k].row;
        k = end;
    }
    if (k == n)
        k = title_first = 0;
    long header_row = cells[k].row;
    if (title_first > 0)
        table_warn_title(x->d, out->path, "row", title_first, title_last, header_row);
    long n_cols = 0;
    while (k < n && cells[k].row == header_row) {
        n_cols = cells[k].col + 1;
        k++;
    }
    out->n_cols = (size_t)n_cols;
    out->header = arena_alloc_n(x->a, out->n_cols, sizeof *out->header);
    out->header_norm = arena_alloc_n(x->a, out->n_cols, sizeof *out->header_norm);
    if (out->header == NULL || out->header_norm == NULL)
        return FOLIO_ENOMEM;
    for (size_t c = 0; c < out->n_cols; c++)
        out->header[c] = "";
    for (size_t i = 0; i < k; i++)
        out->header[cells[i].col] = cells[i].text;
    for (size_t c = 0; c < out->n_cols; c++) {
        char norm[256];
        text_normalise_name(out->header[c], norm, sizeof norm);
        if ((out->header_norm[c] = arena_strdup(x->a, norm)) == NULL)
            return FOLIO_ENOMEM;
    }
    size_t cap = 0, o = 0;
    bool bad = false;
    while (k < n) {
        long row = cells[k].row;
        while (o < sheet->n_outlined && sheet->outlined[o] < row)
            o++;
        unsigned char outline = o < sheet->n_outlined && sheet->outlined[o] == row ? sheet->levels[o] : 0;
        table_row *g = arena_grow(x->a, out->rows, out->n_rows, &cap, sizeof *g);
        char **fields = arena_alloc_n(x->a, out->n_cols, sizeof *fields);
        if (g == NULL || fields == NULL)
            return FOLIO_ENOMEM;
        out->rows = g;
        for (size_t c = 0; c < out->n_cols; c++)
            fields[c] = "";
        bool row_bad = false;
        for (; k < n && cells[k].row == row; k++) {
            if (cells[k].col >= n_cols) {
                char letters[8];
                column_letters(cells[k].col, letters);
                diags_error(x->d, out->path, (int)row, NULL,
                            "cell %s%ld holds \"%.40s\" but the header row (%ld) has no column there", letters, row,
                            cells[k].text, header_row);
                row_bad = bad = true;
                continue;
            }
            if (strlen(cells[k].text) > opt->max_field) {
                diags_error(x->d, out->path, (int)row, out->header[cells[k].col],
                            "cell is %zu bytes long, over the limit of %zu", strlen(cells[k].text), opt->max_field);
                row_bad = bad = true;
                continue;
            }
            fields[cells[k].col] = cells[k].text;
        }
        if (row_bad)
            continue;
        out->rows[out->n_rows++] = (table_row){(int)row, fields, outline};
    }
    if (bad)
        return FOLIO_EINPUT;
    if (out->n_rows == 0) {
        diags_error(x->d, out->path, (int)header_row + 1, NULL, "the sheet has a header row but no data rows");
        return FOLIO_EINPUT;
    }
    return FOLIO_OK;
}

folio_error export_read(arena *a, const char *path, const table_options *opt, table *out, diags *d)
{
    char *buf;
    size_t len;
    folio_error err = table_slurp(path, &buf, &len, d);
    if (err != FOLIO_OK)
        return err;
    if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0) {
        err = xlsx_parse(a, path, buf, len, opt, out, d);
    } else if (len >= 4 && memcmp(buf, "\xD0\xCF\x11\xE0", 4) == 0) {
        memset(out, 0, sizeof *out);
        diags_error(d, path, 0, NULL, "this is an old binary Excel workbook (.xls); save it as .xlsx or CSV");
        err = FOLIO_EINPUT;
    } else {
        err = table_parse(a, path, buf, len, opt, out, d);
    }
    free(buf);
    return err;
}

folio_error xlsx_parse(arena *a, const char *path, const void *data, size_t len, const table_options *opt,
                       table *out, diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    out->delimiter = ',';
    xreader x = {.a = a, .path = path, .d = d};
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    if (src != NULL && (x.z = zip_open_from_source(src, ZIP_RDONLY, &zerr)) == NULL)
        zip_source_free(src);
    if (x.z == NULL) {
        diags_error(d, path, 0, NULL, "not an .xlsx workbook (%s); save the export as .xlsx or CSV",
                    zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        return FOLIO_EINPUT;
    }
    zip_error_fini(&zerr);
    folio_error err = FOLIO_OK;
    char *wb = NULL, *rels = NULL, *sst = NULL, *sty = NULL, *sh = NULL;
    workbook_ctx w = {.x = &x};
    strings_ctx strings = {.x = &x};
    styles_ctx styles = {.x = &x};
    sheet_ctx sheet = {.x = &x, .strings = &strings, .styles = &styles};
    size_t n;
    bool absent;

    wb = read_part(&x, "xl/workbook.xml", &n, &absent);
    if (wb == NULL) {
        if (absent)
            diags_error(d, path, 0, NULL, "not an .xlsx workbook: it has no xl/workbook.xml (an .ods or .docx?)");
        x.bad = true;
        goto out;
    }
    if (!parse_xml(&x, "xl/workbook.xml", wb, n, &w, on_workbook, on_end_nothing, on_chars_nothing) || x.oom)
        goto out;
    if (w.n == 0) {
        diags_error(d, path, 0, NULL, "the workbook has no sheets");
        x.bad = true;
        goto out;
    }
    size_t pick = 0;
    if (opt->sheet != NULL) {
        /* A list of names, "Projects, Benefits": the first of them that this workbook has, so
         * that one rule set serves the projects and the benefits workbooks alike. */
        pick = SIZE_MAX;
        for (const char *p = opt->sheet; *p != '\0' && pick == SIZE_MAX;) {
            size_t len = strcspn(p, ",");
            char want[256];
            snprintf(want, sizeof want, "%.*s", (int)(len < sizeof want ? len : sizeof want - 1), p);
            text_trim(want);
            for (size_t k = 0; k < w.n && pick == SIZE_MAX; k++)
                if (strcasecmp(w.sheets[k].name, want) == 0)
                    pick = k;
            p += len;
            if (*p == ',')
                p++;
        }
        if (pick == SIZE_MAX) {
            char list[512] = "";
            for (size_t k = 0; k < w.n; k++) {
                if (k > 0)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, w.sheets[k].name, sizeof list - strlen(list) - 1);
            }
            diags_error(d, path, 0, NULL, "the workbook has no sheet '%s' ([input] sheet); its sheets: %s", opt->sheet,
                        list);
            x.bad = true;
            goto out;
        }
    }
    char *named = arena_alloc(a, strlen(path) + strlen(w.sheets[pick].name) + 3);
    if (named == NULL) {
        x.oom = true;
        goto out;
    }
    sprintf(named, "%s[%s]", path, w.sheets[pick].name);
    out->path = named;
    x.path = named;

    rels_ctx rc = {.want = w.sheets[pick].rid, .target = ""};
    rels = read_part(&x, "xl/_rels/workbook.xml.rels", &n, &absent);
    if (rels != NULL)
        parse_xml(&x, "xl/_rels/workbook.xml.rels", rels, n, &rc, on_rel, on_end_nothing, on_chars_nothing);
    if (rc.target[0] == '\0') {
        if (!x.bad)
            diags_error(d, path, 0, NULL, "the workbook does not say where sheet '%s' is (xl/_rels/workbook.xml.rels)",
                        w.sheets[pick].name);
        x.bad = true;
        goto out;
    }
    char part[600];
    if (rc.target[0] == '/')
        snprintf(part, sizeof part, "%s", rc.target + 1);
    else
        snprintf(part, sizeof part, "xl/%s", rc.target);

    sst = read_part(&x, "xl/sharedStrings.xml", &n, &absent);
    if (sst != NULL && !parse_xml(&x, "xl/sharedStrings.xml", sst, n, &strings, on_si_start, on_si_end, on_si_chars))
        goto out;
    if (x.bad || x.oom || strings.cur.oom)
        goto out;
    sty = read_part(&x, "xl/styles.xml", &n, &absent);
    if (sty != NULL && !parse_xml(&x, "xl/styles.xml", sty, n, &styles, on_style_start, on_style_end, on_chars_nothing))
        goto out;
    if (x.bad || x.oom)
        goto out;
    sh = read_part(&x, part, &n, &absent);
    if (sh == NULL) {
        if (absent)
            diags_error(d, path, 0, NULL, "the workbook lacks %s, where it says sheet '%s' is", part, w.sheets[pick].name);
        x.bad = true;
        goto out;
    }
    sheet.date1904 = w.date1904;
    if (!parse_xml(&x, part, sh, n, &sheet, on_sheet_start, on_sheet_end, on_sheet_chars) || x.oom || x.bad)
        goto out;
    if (sheet.value.oom) {
        x.oom = true;
        goto out;
    }
    if (sheet.too_big) {
        diags_error(d, x.path, 0, NULL, "the sheet has cells beyond XFD1048576, the largest sheet there is");
        x.bad = true;
        goto out;
    }
    err = build_table(&x, sheet.cells, sheet.n, &sheet, opt, out);
out:
    free(wb);
    free(rels);
    free(sst);
    free(sty);
    free(sh);
    free(strings.cur.s);
    free(sheet.value.s);
    zip_discard(x.z); /* read only: nothing to write back */
    if (x.oom || strings.cur.oom)
        return FOLIO_ENOMEM;
    if (x.bad)
        return FOLIO_EINPUT;
    return err;
}
