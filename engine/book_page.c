/* book_page.c - how each sheet reads on screen and on paper: every column as wide as its widest
 * value as the cell shows it (text beyond a cap wraps), every wrapped row as tall as its lines, notes
 * across the table, and a page setup that keeps the print legible. The cell helpers in book_frame.c
 * report each cell here; book_pages_finish() lays every sheet out once all are written. */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Advance widths of the printable ASCII characters (' ' to '~') in the workbook's font, Calibri
 * 11 point, in 1/2048 em, as Carlito (its metric-compatible twin) has them; regular then bold.
 * Every other character is counted as wide as a digit. */
static const unsigned short glyph_regular[95] = {
    463,  667,  821,  1020, 1038, 1464, 1397, 452,  621,  621,  1020, 1020, 511,  627,  517,  791,  1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 548,  548,  1020, 1020, 1020, 949,  1831, 1185, 1114, 1092, 1260, 1000,
    941,  1292, 1276, 516,  653,  1064, 861,  1751, 1322, 1356, 1058, 1378, 1112, 941,  998,  1314, 1162, 1822, 1063,
    998,  959,  628,  791,  628,  1020, 1020, 596,  981,  1076, 866,  1076, 1019, 625,  964,  1076, 470,  490,  931,
    470,  1636, 1076, 1080, 1076, 1076, 714,  801,  686,  1076, 925,  1464, 887,  927,  809,  644,  943,  644,  1020};
static const unsigned short glyph_bold[95] = {
    463,  667,  898,  1020, 1038, 1493, 1443, 478,  638,  638,  1020, 1020, 528,  627,  547,  880,  1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 565,  565,  1020, 1020, 1020, 949,  1840, 1241, 1148, 1084, 1291, 999,
    940,  1305, 1292, 546,  678,  1120, 866,  1790, 1349, 1385, 1090, 1405, 1153, 968,  1014, 1337, 1211, 1856, 1128,
    1064, 979,  665,  880,  665,  1020, 1020, 615,  1011, 1099, 857,  1099, 1031, 648,  971,  1099, 503,  523,  983,
    503,  1666, 1099, 1101, 1099, 1099, 728,  817,  710,  1099, 969,  1526, 941,  970,  814,  704,  973,  704,  1020};

enum {
    GLYPH_DIGIT = 1038,    /* a digit's advance: what a column width counts */
    TEXT_CAP = 60,         /* text wider than this many digits wraps */
    HEADER_CAP = 28,       /* a table header is at most this wide unless its values are wider */
    SHORT_HEADER = 14,     /* a header this wide never wraps */
    PX_PER_DIGIT = 7,      /* Calibri 11 at 96 dpi: a column of width w is 7 w + 5 pixels */
    PX_COLUMN_PAD = 5,
    PX_CELL_MARGIN = 8,    /* what a cell keeps free around its text (both sides together), with room */
    FILTER_BUTTON = 2,     /* digits an autofilter's drop-down takes from a header cell */
    NOTE_ALONE = 90,       /* the column a note alone on its sheet reads in */
};
static const double LINE_POINTS = 15.0; /* one line of 11-point text */
static const double ROW_MAX_POINTS = 409; /* the tallest row a spreadsheet holds */
static const double PX_PER_EM = 11.0 * 96.0 / 72.0;

/* Width in pixels of text in the workbook's font, up to len bytes. */
static double text_px(const char *s, size_t len, bool bold)
{
    const unsigned short *glyph = bold ? glyph_bold : glyph_regular;
    double units = 0;
    for (size_t k = 0; k < len && s[k] != '\0'; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c >= 32 && c < 127)
            units += glyph[c - 32];
        else if ((c & 0xC0) != 0x80) /* the first byte of a UTF-8 sequence: one character */
            units += GLYPH_DIGIT;
    }
    return units * PX_PER_EM / 2048.0;
}

/* The column width (in digits) that shows px pixels of text whole. */
static double width_for_px(double px)
{
    return (px + PX_CELL_MARGIN - PX_COLUMN_PAD) / PX_PER_DIGIT + 0.5;
}

/* Pixels available for text in a column width wide. */
static double px_in_width(double width)
{
    return width * PX_PER_DIGIT + PX_COLUMN_PAD - PX_CELL_MARGIN;
}

/* Lines text takes when wrapped into a column width wide: breaks only at blanks and at line breaks
 * (spreadsheets may break at more places, never fewer), a word wider than the column broken in it. */
static size_t wrapped_lines(const char *s, double width, bool bold)
{
    const double avail = fmax(1.0, px_in_width(width));
    const double blank = text_px(" ", 1, bold);
    size_t lines = 1;
    double line = 0;
    const char *p = s;
    while (*p != '\0') {
        if (*p == '\n') {
            lines++, line = 0, p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t len = strcspn(p, " \n");
        double w = text_px(p, len, bold);
        double need = line > 0 ? line + blank + w : w;
        if (need <= avail) {
            line = need;
        } else {
            if (line > 0)
                lines++;
            size_t extra = (size_t)(w / avail);
            lines += extra;
            line = w - (double)extra * avail;
        }
        p += len;
    }
    return lines;
}

/* The widest word of text, in pixels: no column can be narrower without breaking it. */
static double widest_word_px(const char *s, bool bold)
{
    double widest = 0;
    for (const char *p = s; *p != '\0';) {
        size_t len = strcspn(p, " \n");
        widest = fmax(widest, text_px(p, len, bold));
        p += len;
        p += strspn(p, " \n");
    }
    return widest;
}

/* One wrapped cell, measured again once its column's width is known. */
typedef struct fit_wrap {
    lxw_row_t row;
    lxw_col_t col;
    bool bold;
    bool indent; /* a header indented by a character (book_style.indent): that much narrower */
    char *text;
} fit_wrap;

/* A table header cell (its text is wraps[wrap]); over a column of numbers it is aligned as they are,
 * once the sheet is written. */
typedef struct fit_head {
    lxw_row_t row;
    lxw_col_t col;
    size_t wrap;
    lxw_format *f;
    enum { HEAD_AS_IS, HEAD_RIGHT, HEAD_CENTRE } align; /* as the cell below it; then as written */
    bool over_right; /* right-aligned numbers below it, whatever the header's own alignment */
    bool over_text;  /* text below it, which starts at the cell's left edge */
} fit_head;

/* A note: text across the whole table in one row, merged once the table's width is known. */
typedef struct fit_note {
    lxw_row_t row;
    lxw_format *f;
    char *text;
} fit_note;

/* What one sheet's cells need, gathered while it is written. */
struct book_fit {
    lxw_worksheet *ws;
    size_t n_cols;      /* columns with room in the arrays below */
    double *numbers;    /* [n_cols] the widest number (never capped: a number cut shows ###) */
    double *texts;      /* the widest one-line text */
    double *least;      /* the widest word of wrapped text: the least width that keeps words whole */
    double *heads;      /* the width the header needs on one line */
    double *cap;        /* the most text may take before it wraps (0: TEXT_CAP) */
    unsigned char *detail; /* 1: a detail column, grouped and folded away (and so not printed) */
    fit_wrap *wraps;
    size_t n_wraps, cap_wraps;
    fit_note *notes;
    size_t n_notes, cap_notes;
    fit_head *heads_at;
    size_t n_heads_at, cap_heads_at;
    lxw_row_t heads_lo, heads_hi; /* the first and last rows with a header cell */
    lxw_row_t filter_row; /* the header row with autofilter buttons; BOOK_NO_HEADER: none */
    size_t used_cols;   /* one past the last column written */
    lxw_row_t used_rows; /* one past the last row written */
    lxw_row_t (*blocks)[2]; /* rows kept on one page (charts), first and last */
    size_t n_blocks, cap_blocks;
    lxw_row_t header_row; /* the table header repeated on every page; BOOK_NO_HEADER: none */
    lxw_col_t key_cols;   /* leading columns repeated on every page when the table is split across */
};

/* The fit of ws: the one book_pages_begin() made for it. */
static book_fit *fit_of(book *bk, const lxw_worksheet *ws)
{
    for (size_t k = 0; k < bk->n_fits; k++)
        if (bk->fits[k].ws == ws)
            return &bk->fits[k];
    return NULL;
}

/* Makes room for column col in fit's arrays; false (recorded) when out of memory. */
static bool fit_reserve(book *bk, book_fit *fit, size_t col)
{
    if (col < fit->n_cols)
        return true;
    size_t n = fit->n_cols ? fit->n_cols : 16;
    while (n <= col)
        n *= 2;
    double **arrays[] = {&fit->numbers, &fit->texts, &fit->least, &fit->heads, &fit->cap};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++) {
        double *grown = realloc(*arrays[a], n * sizeof **arrays[a]);
        if (grown == NULL) {
            book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return false;
        }
        memset(grown + fit->n_cols, 0, (n - fit->n_cols) * sizeof *grown);
        *arrays[a] = grown;
    }
    unsigned char *detail = realloc(fit->detail, n);
    if (detail == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return false;
    }
    memset(detail + fit->n_cols, 0, n - fit->n_cols);
    fit->detail = detail;
    fit->n_cols = n;
    return true;
}

bool book_pages_begin(book *bk, lxw_worksheet *const *sheets, size_t n)
{
    bk->fits = alloc_zeroed_n(n, sizeof *bk->fits);
    if (bk->fits == NULL)
        return false;
    for (size_t k = 0; k < n; k++)
        if (sheets[k] != NULL)
            bk->fits[bk->n_fits++] =
                (book_fit){.ws = sheets[k], .header_row = BOOK_NO_HEADER, .key_cols = 1, .filter_row = BOOK_NO_HEADER};
    return true;
}

void book_pages_free(book *bk)
{
    for (size_t k = 0; bk->fits != NULL && k < bk->n_fits; k++) {
        book_fit *fit = &bk->fits[k];
        free(fit->numbers);
        free(fit->texts);
        free(fit->least);
        free(fit->heads);
        free(fit->cap);
        free(fit->detail);
        for (size_t w = 0; w < fit->n_wraps; w++)
            free(fit->wraps[w].text);
        free(fit->wraps);
        for (size_t w = 0; w < fit->n_notes; w++)
            free(fit->notes[w].text);
        free(fit->notes);
        free(fit->heads_at);
        free(fit->blocks);
    }
    free(bk->fits);
    bk->fits = NULL;
    bk->n_fits = 0;
}

/* Notes that row, col holds something. */
static void fit_touch(book_fit *fit, lxw_row_t row, lxw_col_t col)
{
    if (col + 1u > fit->used_cols)
        fit->used_cols = col + 1u;
    if (row + 1u > fit->used_rows)
        fit->used_rows = row + 1u;
}

/* Keeps a copy of text to wrap at row, col; false (recorded) when out of memory. */
static bool fit_add_wrap(book *bk, book_fit *fit, lxw_row_t row, lxw_col_t col, const char *text, bool bold)
{
    fit_wrap *grown = alloc_grow(fit->wraps, fit->n_wraps, &fit->cap_wraps, sizeof *grown);
    char *copy = grown != NULL ? strdup(text) : NULL;
    if (grown != NULL)
        fit->wraps = grown;
    if (copy == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return false;
    }
    fit->wraps[fit->n_wraps++] = (fit_wrap){row, col, bold, false, copy};
    return true;
}

/* The header cell right above row, col (the last recorded, should there be two); NULL when none. */
static fit_head *head_above(book_fit *fit, lxw_row_t row, lxw_col_t col)
{
    fit_head *found = NULL;
    if (fit->n_heads_at == 0 || row <= fit->heads_lo || row - 1 > fit->heads_hi)
        return NULL;
    for (size_t h = 0; h < fit->n_heads_at; h++)
        if (fit->heads_at[h].row + 1 == row && fit->heads_at[h].col == col)
            found = &fit->heads_at[h];
    return found;
}

lxw_format *book_fit_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    book_fit *fit = fit_of(bk, ws);
    const book_style *st = book_style_of(bk, f);
    if (fit == NULL || s == NULL || s[0] == '\0' || !fit_reserve(bk, fit, col))
        return f;
    fit_touch(fit, row, col);
    bool bold = st != NULL && st->bold;
    if (st != NULL && st->font_size > 11)
        return f; /* a title: it reads across the empty cells beside it */
    if (st != NULL && st->header) {
        /* A header wraps at blanks: its column is as wide as its longest word, a short header's
         * whole width, and a long one's in about three lines (fitted_width()). */
        double word = width_for_px(widest_word_px(s, bold)) + FILTER_BUTTON;
        double whole = width_for_px(text_px(s, strlen(s), bold)) + FILTER_BUTTON;
        fit->least[col] = fmax(fit->least[col], word);
        fit->heads[col] = fmax(fit->heads[col], whole);
        if (fit_add_wrap(bk, fit, row, col, s, bold)) {
            fit_head *grown = alloc_grow(fit->heads_at, fit->n_heads_at, &fit->cap_heads_at, sizeof *grown);
            if (grown == NULL) {
                book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
                return f;
            }
            fit->heads_at = grown;
            fit->heads_lo = fit->n_heads_at == 0 || row < fit->heads_lo ? row : fit->heads_lo;
            fit->heads_hi = fit->n_heads_at == 0 || row > fit->heads_hi ? row : fit->heads_hi;
            fit->heads_at[fit->n_heads_at++] = (fit_head){row, col, fit->n_wraps - 1, f, HEAD_AS_IS, false, false};
        }
        return f;
    }
    fit_head *head = head_above(fit, row, col);
    if (head != NULL)
        head->over_text |= st == NULL || !(st->right || st->center);
    double cap = fit->cap[col] > 0 ? fit->cap[col] : TEXT_CAP;
    double whole = width_for_px(text_px(s, strlen(s), bold));
    bool wrap = (st != NULL && st->wrap) || strchr(s, '\n') != NULL;
    if (!wrap && whole > cap) {
        /* Too wide for one line: it wraps, in the same style otherwise. */
        f = book_format_wrapped(bk, f);
        wrap = true;
    }
    if (!wrap) {
        fit->texts[col] = fmax(fit->texts[col], whole);
        return f;
    }
    fit->least[col] = fmax(fit->least[col], fmin(width_for_px(widest_word_px(s, bold)), cap));
    fit->texts[col] = fmax(fit->texts[col], fmin(whole, cap));
    fit_add_wrap(bk, fit, row, col, s, bold);
    return f;
}

void book_fit_number(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f)
{
    book_fit *fit = fit_of(bk, ws);
    if (fit == NULL || !fit_reserve(bk, fit, col))
        return;
    fit_touch(fit, row, col);
    char shown[96];
    const book_style *st = book_style_of(bk, f);
    fit_head *head = head_above(fit, row, col);
    if (head != NULL)
        head->align = st != NULL && st->center ? HEAD_CENTRE : HEAD_RIGHT;
    book_numfmt_show(st != NULL && st->has_num ? &st->num : NULL, v, shown, sizeof shown);
    /* A number too wide shows ###: room for a quarter more, as a viewer without Calibri or Carlito
     * draws digits in its stand-in (DejaVu Sans's are 25% wider). */
    fit->numbers[col] = fmax(fit->numbers[col], width_for_px(1.25 * text_px(shown, strlen(shown), st && st->bold)));
}

void book_fit_filter(book *bk, lxw_worksheet *ws, lxw_row_t row)
{
    book_fit *fit = fit_of(bk, ws);
    if (fit != NULL)
        fit->filter_row = row;
}

void book_column_cap(book *bk, lxw_worksheet *ws, lxw_col_t col, double cap)
{
    book_fit *fit = fit_of(bk, ws);
    if (fit != NULL && fit_reserve(bk, fit, col))
        fit->cap[col] = cap;
}

void book_column_detail(book *bk, lxw_worksheet *ws, lxw_col_t first, lxw_col_t last)
{
    book_fit *fit = fit_of(bk, ws);
    if (fit == NULL || !fit_reserve(bk, fit, last))
        return;
    for (size_t c = first; c <= last; c++)
        fit->detail[c] = 1;
}

void book_note(book *bk, lxw_worksheet *ws, lxw_row_t row, const char *text)
{
    book_fit *fit = fit_of(bk, ws);
    if (fit == NULL)
        return;
    fit_note *grown = alloc_grow(fit->notes, fit->n_notes, &fit->cap_notes, sizeof *grown);
    char *copy = grown != NULL ? strdup(text) : NULL;
    if (grown != NULL)
        fit->notes = grown;
    if (copy == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    fit->notes[fit->n_notes++] = (fit_note){row, bk->f.note, copy};
}

void book_keep_together(book *bk, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last)
{
    book_fit *fit = fit_of(bk, ws);
    if (fit == NULL)
        return;
    lxw_row_t(*grown)[2] = alloc_grow(fit->blocks, fit->n_blocks, &fit->cap_blocks, sizeof *grown);
    if (grown == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    fit->blocks = grown;
    fit->blocks[fit->n_blocks][0] = first;
    fit->blocks[fit->n_blocks++][1] = last;
    if (last + 1u > fit->used_rows)
        fit->used_rows = last + 1u;
}

void book_print_table(book *bk, lxw_worksheet *ws, lxw_row_t header_row, lxw_col_t key_cols)
{
    book_fit *fit = fit_of(bk, ws);
    if (fit == NULL)
        return;
    fit->header_row = header_row;
    fit->key_cols = key_cols;
}

/* The width column c gets: its numbers whole, its text up to the cap, its words and its header. */
static double fitted_width(const book_fit *fit, size_t c)
{
    double cap = fit->cap[c] > 0 ? fit->cap[c] : TEXT_CAP;
    double w = fmax(fit->numbers[c], fmin(fit->texts[c], cap));
    w = fmax(w, fit->least[c]);
    /* A short header stays on one line; a longer one may take a few lines, not one per word. */
    if (fit->heads[c] <= SHORT_HEADER)
        w = fmax(w, fit->heads[c]);
    else
        w = fmax(w, fmin(HEADER_CAP, fmax(SHORT_HEADER, fit->heads[c] / 2.5 + 1)));
    return w > 0 ? fmin(w, 255) : 0;
}

/* The page's printable width and height in points with the margins page_setup() sets. */
static double printable_pt(rules_paper paper, bool landscape, bool height)
{
    const double a4[2] = {8.27, 11.69}, letter[2] = {8.5, 11.0}, side_margins = 2 * 0.4, top_bottom = 2 * 0.7;
    const double *size = paper == PAPER_LETTER ? letter : a4;
    bool long_side = landscape != height;
    return (size[long_side ? 1 : 0] - (height ? top_bottom : side_margins)) * 72.0;
}

/* "&" in a header or footer starts a code: written "&&". */
static void page_text(char *out, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s != '\0' && n + 2 < size && n < 120; s++) {
        if (*s == '&')
            out[n++] = '&';
        out[n++] = *s;
    }
    out[n] = '\0';
}

/* Height in points of row r, given the lines its wrapped cells take. */
static double row_points(const size_t *lines, lxw_row_t n_lines, lxw_row_t r)
{
    return r < n_lines && lines[r] > 1 ? fmin(ROW_MAX_POINTS, LINE_POINTS * (double)lines[r]) : LINE_POINTS;
}

/* Goes down the rows as a spreadsheet paginates them at scale, with a page break before a kept block
 * (a chart, a table) that would straddle two pages and fits on one (a taller table: its first three
 * rows), and one where the spreadsheet's own break falls on a page that a kept block starts on: the
 * page is reckoned a row short, so a viewer's own break may come a row or two later and push the
 * block over that page's end. Those breaks go to breaks (room for max - 1 and the 0 that ends them)
 * when it is not NULL. Returns the pages; *last is the share of the last page filled, *pushed
 * whether that page opens with a kept block that did not fit on the page before. */
static size_t paginate(book *bk, const book_fit *fit, const size_t *lines, lxw_row_t n_lines, double scale,
                       bool landscape, lxw_row_t *breaks, size_t max, double *last, bool *pushed)
{
    rules_paper paper = bk->run->m->rules.paper;
    /* A row to spare: spreadsheets round row heights their own way. */
    const double page = printable_pt(paper, landscape, true) / scale - LINE_POINTS;
    const double repeat = fit->header_row != BOOK_NO_HEADER ? row_points(lines, n_lines, fit->header_row) : 0;
    size_t n_breaks = 0, pages = 1;
    double used = 0;
    lxw_row_t own = 0; /* the row that the spreadsheet's own break put first on this page (0: none) */
    *pushed = false;
    for (lxw_row_t r = 0; r < fit->used_rows; r++) {
        for (size_t b = 0; b < fit->n_blocks; b++) {
            if (fit->blocks[b][0] != r)
                continue;
            double block = 0, head = 0;
            for (lxw_row_t k = fit->blocks[b][0]; k <= fit->blocks[b][1]; k++) {
                block += row_points(lines, n_lines, k);
                if (k < fit->blocks[b][0] + 3u)
                    head += row_points(lines, n_lines, k);
            }
            /* A table taller than a page keeps at least its header and first two rows together. */
            if (block > page - repeat)
                block = head;
            if (block <= page - repeat && used + block > page && used > repeat) {
                if (breaks != NULL && n_breaks + 1 < max)
                    breaks[n_breaks++] = r;
                used = repeat;
                pages++;
                *pushed = true;
            } else if (own != 0 && breaks != NULL && n_breaks + 1 < max) {
                breaks[n_breaks++] = own;
            }
            own = 0;
        }
        double h = row_points(lines, n_lines, r);
        if (used + h > page) {
            used = repeat; /* the spreadsheet's own break */
            pages++;
            *pushed = false;
            own = r;
        }
        used += h;
    }
    if (breaks != NULL)
        breaks[n_breaks] = 0;
    *last = used / page;
    return pages;
}

/* The scale, at most the one given and not below 85% of it, that saves the last page when it would
 * hold little (a quarter of a page at most: a row or two of a table alone on a page is easily lost)
 * or open with a chart that did not fit below its table (a chart reads best beside what it draws). */
static double spare_the_last_page(book *bk, const book_fit *fit, const size_t *lines, lxw_row_t n_lines,
                                  double scale, bool landscape)
{
    double last;
    bool pushed;
    size_t pages = paginate(bk, fit, lines, n_lines, scale, landscape, NULL, 0, &last, &pushed);
    if (pages < 2 || (last > 0.25 && !pushed))
        return scale;
    const double least = fmax(BOOK_MIN_PRINT_SCALE, 0.85 * scale);
    for (double s = scale - 0.01; s >= least - 1e-9; s -= 0.01)
        if (paginate(bk, fit, lines, n_lines, s, landscape, NULL, 0, &last, &pushed) < pages)
            return floor(100 * s + 1e-9) / 100;
    return scale;
}

/* Paper, orientation and scale from the table's width; the header row and key columns repeated;
 * the portfolio's name, the sheet and page numbers in the header and footer; charts kept whole. The
 * scale is set, not left to "fit to page", so that page breaks hold and every viewer prints alike. */
static void page_setup(book *bk, const book_fit *fit, const double *width, const size_t *lines, lxw_row_t n_lines,
                       bool charts_only)
{
    lxw_worksheet *ws = fit->ws;
    /* LibreOffice draws a column of width w about 7.5 w + 5 pixels wide, Excel 7 w + 5: the scale
     * is set for the wider, so that neither spills a column onto another page. */
    double total = 0;
    for (size_t c = 0; c < fit->used_cols && c < fit->n_cols; c++)
        if (!fit->detail[c])
            total += width[c] * 7.5 + PX_COLUMN_PAD;
    if (fit->n_blocks > 0)
        total = fmax(total, BOOK_CHART_WIDTH);
    total *= 0.75; /* pixels (96 per inch) to points */
    rules_paper paper = bk->run->m->rules.paper;
    worksheet_set_paper(ws, paper == PAPER_LETTER ? 1 : 9);
    worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.7);
    /* Charts alone stay upright when a little shrinking fits them: three to a page, not two. */
    const double upright = printable_pt(paper, false, false);
    bool landscape = total > upright && !(charts_only && upright / total >= 0.9);
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    /* Whole percent, rounded down: a hair narrower than the page rather than a column over it. */
    double fit_scale = floor(100 * printable_pt(paper, landscape, false) / fmax(total, 1)) / 100;
    double scale = fmin(1, fmax(fit_scale, BOOK_MIN_PRINT_SCALE + 0.1));
    if (fit_scale < scale && fit->key_cols > 0)
        /* Too wide to read on one page: pages across, the key columns on each. */
        book_check(bk, worksheet_repeat_columns(ws, 0, (lxw_col_t)(fit->key_cols - 1)));
    if (fit->header_row != BOOK_NO_HEADER)
        book_check(bk, worksheet_repeat_rows(ws, fit->header_row, fit->header_row));
    scale = spare_the_last_page(bk, fit, lines, n_lines, scale, landscape);
    if (scale < 1)
        worksheet_set_print_scale(ws, (uint16_t)lround(100 * scale));
    if (fit->n_blocks > 0) {
        lxw_row_t breaks[64];
        double last;
        bool pushed;
        paginate(bk, fit, lines, n_lines, scale, landscape, breaks, sizeof breaks / sizeof breaks[0], &last, &pushed);
        if (breaks[0] != 0)
            book_check(bk, worksheet_set_h_pagebreaks(ws, breaks));
    }
    const rules *r = &bk->run->m->rules;
    char name[256], header[400], footer[200];
    page_text(name, sizeof name, r->name != NULL ? r->name : "Portfolio selection");
    snprintf(header, sizeof header, "&L%s&R&A", name);
    snprintf(footer, sizeof footer, "&Lfolio run %s&RPage &P of &N", bk->run_id);
    book_check(bk, worksheet_set_header(ws, header));
    book_check(bk, worksheet_set_footer(ws, footer));
}

/* Lays out one sheet: widths, detail columns folded, row heights, notes, page setup. */
static void finish_sheet(book *bk, book_fit *fit)
{
    lxw_worksheet *ws = fit->ws;
    /* A sheet that holds only a note ("not analysed"), or a title, notes and charts, reads in one
     * wide first column, as wide as a chart: a chart over narrow columns could be cut at a page's
     * edge, since pages break between columns. */
    const bool one_column = (fit->n_notes > 0 || fit->n_blocks > 0) && fit->used_cols <= 1;
    if (one_column && fit->used_cols == 0 && !fit_reserve(bk, fit, 0))
        return;
    if (one_column)
        fit->used_cols = 1;
    size_t n = fit->used_cols;
    double *width = alloc_zeroed_n(n, sizeof *width);
    if (width == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    bool any_detail = false;
    for (size_t c = 0; c < n; c++) {
        width[c] = fitted_width(fit, c);
        if (one_column) /* a chart is placed in Excel's pixels (7 w + 5): all of it in the column */
            width[c] = fmax(width[c], fit->n_blocks > 0 ? width_for_px(BOOK_CHART_WIDTH) + 1 : NOTE_ALONE);
        if (width[c] <= 0)
            width[c] = 3; /* an empty column between tables: a narrow gap */
        any_detail |= fit->detail[c] != 0;
    }
    if (any_detail) {
        /* The folded group's button sits in the column after it. */
        lxw_row_col_options after = {.collapsed = 1};
        book_check(bk, worksheet_set_column_opt(ws, (lxw_col_t)n, (lxw_col_t)n, LXW_DEF_COL_WIDTH, NULL, &after));
        worksheet_outline_settings(ws, 1, 0, 1, 0);
    }
    /* A header over numbers is aligned as they are (right, or centred over flags), where no
     * autofilter button would then cover its last letters. A left-aligned header right after a
     * right-aligned one is indented a character, so that on paper the two do not read as one
     * ("Score Forced", "Objective gained Brings in"); so is one after a header over right-aligned
     * numbers in a filter row ("Must-do (1 = yes) Excluded (1 = yes)") unless text starts below
     * it, which the header would then no longer stand over. */
    for (size_t h = 0; h < fit->n_heads_at; h++) {
        fit_head *head = &fit->heads_at[h];
        const book_style *base = book_style_of(bk, head->f);
        head->over_right = head->align == HEAD_RIGHT;
        if (head->row == fit->filter_row || base == NULL)
            head->align = HEAD_AS_IS;
        if (head->align == HEAD_AS_IS && base != NULL)
            head->align = base->right ? HEAD_RIGHT : base->center ? HEAD_CENTRE : HEAD_AS_IS;
    }
    for (size_t h = 0; h < fit->n_heads_at; h++) {
        const fit_head *head = &fit->heads_at[h];
        const book_style *base = book_style_of(bk, head->f);
        if (base == NULL)
            continue;
        book_style st = *base;
        st.right = head->align == HEAD_RIGHT;
        st.center = head->align == HEAD_CENTRE;
        size_t left = head->col; /* the visible column before it */
        while (left > 0 && fit->detail[left - 1])
            left--;
        bool after_right = false;
        for (size_t g = 0; left > 0 && g < fit->n_heads_at; g++) {
            const fit_head *before = &fit->heads_at[g];
            if (before->row != head->row || before->col + 1u != left)
                continue;
            after_right |= before->align == HEAD_RIGHT;
            st.indent |= head->align == HEAD_AS_IS &&
                         (before->align == HEAD_RIGHT || (before->over_right && !head->over_text));
        }
        /* Two right-aligned headers side by side, the second a short one that fills its column,
         * read as one ("Strategic fit Customer impact"): its column gets a character more than the
         * header's own width. */
        const fit_wrap *text = &fit->wraps[head->wrap];
        const double own = width_for_px(text_px(text->text, strlen(text->text), text->bold));
        if (head->align == HEAD_RIGHT && after_right && own <= SHORT_HEADER + FILTER_BUTTON && own + 1 > width[head->col])
            width[head->col] = own + 1;
        if (st.right == base->right && st.center == base->center && st.indent == base->indent)
            continue;
        fit->wraps[head->wrap].indent = st.indent;
        book_check(bk, worksheet_write_string(ws, head->row, head->col, fit->wraps[head->wrap].text, book_format(bk, &st)));
    }
    /* Row heights: as many lines as the tallest wrapped cell in the row takes. */
    lxw_row_t last = 0;
    for (size_t w = 0; w < fit->n_wraps; w++)
        last = fit->wraps[w].row > last ? fit->wraps[w].row : last;
    for (size_t w = 0; w < fit->n_notes; w++)
        last = fit->notes[w].row > last ? fit->notes[w].row : last;
    size_t *lines = alloc_zeroed_n((size_t)last + 1, sizeof *lines);
    if (lines == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        free(width);
        return;
    }
    for (size_t w = 0; w < fit->n_wraps; w++) {
        const fit_wrap *cell = &fit->wraps[w];
        if (fit->detail[cell->col])
            continue;
        size_t k = wrapped_lines(cell->text, width[cell->col] - cell->indent, cell->bold);
        if (k > lines[cell->row])
            lines[cell->row] = k;
    }
    /* A folded column does not make its rows taller: it widens until its text fits their lines (at
     * least two), up to the cap. */
    for (size_t w = 0; w < fit->n_wraps; w++) {
        const fit_wrap *cell = &fit->wraps[w];
        size_t room = lines[cell->row] > 2 ? lines[cell->row] : 2;
        while (fit->detail[cell->col] && width[cell->col] < TEXT_CAP &&
               wrapped_lines(cell->text, width[cell->col], cell->bold) > room)
            width[cell->col] += 1;
    }
    for (size_t c = 0; c < n; c++) {
        lxw_row_col_options opt = {.hidden = fit->detail[c], .level = fit->detail[c]};
        book_check(bk, worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL, &opt));
    }
    /* A note spans the printed table (at least the first column). */
    double across = 0;
    size_t last_col = 0;
    for (size_t c = 0; c < n; c++) {
        if (fit->detail[c])
            continue;
        if (across > 0 && across + width[c] > 160)
            break;
        across += width[c];
        last_col = c;
    }
    for (size_t w = 0; w < fit->n_notes; w++) {
        const fit_note *note = &fit->notes[w];
        size_t k = wrapped_lines(note->text, across, false);
        if (k > lines[note->row])
            lines[note->row] = k;
        if (last_col > 0)
            book_check(bk, worksheet_merge_range(ws, note->row, 0, note->row, (lxw_col_t)last_col, note->text, note->f));
        else
            book_check(bk, worksheet_write_string(ws, note->row, 0, note->text, note->f));
    }
    for (lxw_row_t r = 0; r <= last; r++)
        if (lines[r] > 1)
            book_check(bk, worksheet_set_row(ws, r, fmin(ROW_MAX_POINTS, LINE_POINTS * (double)lines[r]), NULL));
    page_setup(bk, fit, width, lines, last + 1, one_column && fit->n_blocks > 0);
    free(lines);
    free(width);
}

void book_pages_finish(book *bk)
{
    for (size_t k = 0; k < bk->n_fits; k++)
        finish_sheet(bk, &bk->fits[k]);
}
