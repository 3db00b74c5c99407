/* book_frame.c - the workbook's frame: its formats, and the cell helpers every sheet writes through,
 * which keep libxlsxwriter's first error for book_write() to report. */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "text.h"

folio_error book_status(const book *bk)
{
    switch (bk->err) {
    case LXW_NO_ERROR:
        return FOLIO_OK;
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return FOLIO_ENOMEM;
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
        return FOLIO_EIO;
    default:
        return FOLIO_EINTERNAL;
    }
}

void book_check(book *bk, lxw_error err)
{
    if (err != LXW_NO_ERROR && bk->err == LXW_NO_ERROR)
        bk->err = err;
}

/* Copies s into a number format's quoted text: a quote or backslash would end or escape it. */
static void quoted(char *out, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s != '\0' && n + 1 < size; s++)
        if (*s != '"' && *s != '\\')
            out[n++] = *s;
    out[n] = '\0';
}

void book_currency_prefix(const book_numfmt *num, bool quote, char *out, size_t size)
{
    char cur[16] = "";
    if (num->currency != NULL)
        quoted(cur, sizeof cur, num->currency);
    /* A code stands apart from the number ("EUR 1,200"), a symbol does not ("$1,200"). */
    const char *gap = cur[0] >= 'A' && cur[0] <= 'Z' ? " " : "";
    if (cur[0] == '\0')
        snprintf(out, size, "%s", "");
    else
        snprintf(out, size, quote ? "\"%s%s\"" : "%s%s", cur, gap);
}

/* The number format code num stands for, e.g. "$"#,##0;("$"#,##0) or #,##0.0## "FTE". */
static void numfmt_code(const book_numfmt *num, char *out, size_t size)
{
    char core[64], cur[24] = "", unit[48] = "", pos[160];
    size_t n = (size_t)snprintf(core, sizeof core, "%s", num->thousands ? "#,##0" : "0");
    if (num->max_dec > 0) {
        core[n++] = '.';
        for (int k = 0; k < num->max_dec && n + 2 < sizeof core; k++)
            core[n++] = k < num->min_dec ? '0' : '#';
        core[n] = '\0';
    }
    if (num->percent)
        snprintf(core + n, sizeof core - n, "%%");
    book_currency_prefix(num, true, cur, sizeof cur);
    if (num->unit != NULL) {
        char q[40];
        quoted(q, sizeof q, num->unit);
        snprintf(unit, sizeof unit, "\" %s\"", q);
    }
    snprintf(pos, sizeof pos, "%s%s%s", cur, core, unit);
    /* "_)" leaves the width of a ")" after the number: positives line up with negatives in
     * parentheses, and a right-aligned number stands clear of the text in the next column. Codes are
     * short (core ~20 bytes, currency 16, unit 40); out is 256 bytes. */
    if (num->paren_negative)
        snprintf(out, size, "%.120s_);(%.120s)", pos, pos);
    else
        snprintf(out, size, "%.250s_)", pos);
}

void book_numfmt_show(const book_numfmt *num, double v, char *out, size_t size)
{
    if (num == NULL || !isfinite(v)) {
        snprintf(out, size, "%.10g", v);
        return;
    }
    double x = num->percent ? 100 * v : v;
    char digits[400];
    snprintf(digits, sizeof digits, "%.*f", num->max_dec, fabs(x));
    char *dot = strchr(digits, '.');
    if (dot != NULL) {
        char *end = dot + strlen(dot);
        while (end - dot - 1 > num->min_dec && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    bool negative = x < 0 && strspn(digits, "0.") != strlen(digits); /* -0.0001 shows 0 */
    size_t int_len = dot != NULL && *dot != '\0' ? (size_t)(dot - digits) : strcspn(digits, ".");
    char grouped[600];
    size_t g = 0;
    for (size_t k = 0; digits[k] != '\0' && g + 2 < sizeof grouped; k++) {
        if (num->thousands && k > 0 && k < int_len && (int_len - k) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[k];
    }
    grouped[g] = '\0';
    char cur[24];
    book_currency_prefix(num, false, cur, sizeof cur);
    /* The closing ")" stands for the room "_)" keeps after a positive number too. */
    snprintf(out, size, "%s%s%s%s%s%s)", negative ? (num->paren_negative ? "(" : "-") : "", cur, grouped,
             num->percent ? "%" : "", num->unit != NULL ? " " : "", num->unit != NULL ? num->unit : "");
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_style(const book_style *a, const book_style *b)
{
    if (a->has_num != b->has_num || a->bold != b->bold || a->wrap != b->wrap || a->header != b->header ||
        a->underline != b->underline || a->center != b->center || a->right != b->right || a->indent != b->indent ||
        a->bg != b->bg || a->color != b->color || a->font_size != b->font_size)
        return false;
    if (!a->has_num)
        return true;
    const book_numfmt *x = &a->num, *y = &b->num;
    return x->min_dec == y->min_dec && x->max_dec == y->max_dec && x->thousands == y->thousands &&
           x->percent == y->percent && x->paren_negative == y->paren_negative && same_text(x->currency, y->currency) &&
           same_text(x->unit, y->unit);
}

lxw_format *book_format(book *bk, const book_style *st)
{
    for (size_t k = 0; k < bk->n_styles; k++)
        if (same_style(&bk->styles[k].style, st))
            return bk->styles[k].format;
    book_style_entry *grown = alloc_grow(bk->styles, bk->n_styles, &bk->cap_styles, sizeof *grown);
    if (grown == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    bk->styles = grown;
    lxw_format *f = workbook_add_format(bk->wb);
    if (f == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    if (st->has_num) {
        char code[256];
        numfmt_code(&st->num, code, sizeof code);
        format_set_num_format(f, code);
    }
    if (st->bold)
        format_set_bold(f);
    if (st->bg != LXW_COLOR_WHITE)
        format_set_bg_color(f, st->bg);
    if (st->color != 0)
        format_set_font_color(f, st->color);
    if (st->underline)
        format_set_underline(f, LXW_UNDERLINE_SINGLE);
    if (st->font_size != 0)
        format_set_font_size(f, st->font_size);
    /* Every cell reads from the top of its row, so that a label stays level with the first line of a
     * wrapped value beside it. */
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (st->center)
        format_set_align(f, LXW_ALIGN_CENTER);
    if (st->right)
        format_set_align(f, LXW_ALIGN_RIGHT);
    if (st->indent) {
        format_set_align(f, LXW_ALIGN_LEFT);
        format_set_indent(f, 1);
    }
    if (st->wrap || st->header)
        format_set_text_wrap(f);
    if (st->header)
        format_set_bottom(f, LXW_BORDER_THIN);
    bk->styles[bk->n_styles++] = (book_style_entry){*st, f};
    return f;
}

const book_style *book_style_of(const book *bk, const lxw_format *f)
{
    for (size_t k = 0; f != NULL && k < bk->n_styles; k++)
        if (bk->styles[k].format == f)
            return &bk->styles[k].style;
    return NULL;
}

/* f's style to derive another from; the plain style (General, no fill) for the default format. */
static book_style style_or_plain(const book *bk, const lxw_format *f)
{
    const book_style *base = book_style_of(bk, f);
    return base != NULL ? *base : (book_style){.bg = LXW_COLOR_WHITE};
}

lxw_format *book_in_units(book *bk, lxw_format *f, const book_numfmt *num)
{
    book_style st = style_or_plain(bk, f);
    st.has_num = true;
    st.num = *num;
    return book_format(bk, &st);
}

lxw_format *book_format_wrapped(book *bk, lxw_format *f)
{
    book_style st = style_or_plain(bk, f);
    st.wrap = true;
    return book_format(bk, &st);
}

lxw_format *book_format_aligned(book *bk, lxw_format *f, bool center)
{
    book_style st = style_or_plain(bk, f);
    st.center = center;
    st.right = !center;
    return book_format(bk, &st);
}

const book_numfmt *book_column_units(const book *bk, const char *header)
{
    if (book_same_column(header, "cost"))
        return &bk->money;
    const model *m = bk->run->m;
    for (size_t c = 0; c < m->n_capacities; c++)
        if (book_same_column(m->rules.capacities[c].column, header))
            return &bk->cap_num[c];
    return &bk->plain;
}

/* A style: a number format (NULL: General), bold, fill, wrapping. */
static lxw_format *fmt(book *bk, const book_numfmt *num, bool bold, lxw_color_t bg, bool wrap)
{
    book_style st = {.has_num = num != NULL, .bold = bold, .wrap = wrap, .bg = bg};
    if (num != NULL)
        st.num = *num;
    return book_format(bk, &st);
}

/* Whether any cost or money limit has cents: money then shows two decimals, else none. */
static bool money_has_cents(const model *m)
{
    for (size_t i = 0; i < m->n_projects; i++)
        if (m->projects[i].cost != floor(m->projects[i].cost))
            return true;
    for (size_t c = 0; c < m->n_capacities; c++)
        if (book_same_column(m->rules.capacities[c].column, "cost"))
            for (size_t t = 0; t < m->n_periods; t++) {
                double limit = model_limit(m, c, t);
                if (isfinite(limit) && limit != floor(limit))
                    return true;
            }
    return false;
}

bool book_formats_make(book *bk)
{
    const model *m = bk->run->m;
    book_formats *f = &bk->f;
    snprintf(bk->currency, sizeof bk->currency, "%s", m->rules.currency != NULL ? m->rules.currency : m->currency);
    int cents = money_has_cents(m) ? 2 : 0;
    bk->plain = (book_numfmt){.min_dec = 1, .max_dec = 3, .thousands = true};
    bk->money = (book_numfmt){.min_dec = (signed char)cents, .max_dec = (signed char)cents, .thousands = true,
                              .paren_negative = true, .currency = bk->currency[0] != '\0' ? bk->currency : NULL};
    bk->cap_num = alloc_zeroed_n(m->n_capacities, sizeof *bk->cap_num);
    if (bk->cap_num == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return false;
    }
    for (size_t c = 0; c < m->n_capacities; c++) {
        const rules_capacity *cap = &m->rules.capacities[c];
        bk->cap_num[c] = book_same_column(cap->column, "cost") && cap->unit == NULL ? bk->money : bk->plain;
        if (cap->unit != NULL)
            bk->cap_num[c].unit = cap->unit;
    }
    const book_numfmt integer = {0}, score = {.min_dec = 4, .max_dec = 4}, pct = {.min_dec = 1, .max_dec = 1, .percent = true};
    const book_numfmt engine = {.min_dec = 2, .max_dec = 4, .thousands = true};
    /* A tolerance: every digit down to 1e-10, never in scientific notation. */
    const book_numfmt tolerance = {.min_dec = 1, .max_dec = 10};
    const book_style title = {.bold = true, .font_size = 14, .bg = LXW_COLOR_WHITE};
    const book_style header = {.bold = true, .header = true, .bg = COLOR_HEADER};
    const book_style link = {.underline = true, .color = LXW_COLOR_BLUE, .bg = LXW_COLOR_WHITE};
    f->title = book_format(bk, &title);
    f->header = book_format(bk, &header);
    f->link = book_format(bk, &link);
    f->label = fmt(bk, NULL, true, LXW_COLOR_WHITE, false);
    f->text = fmt(bk, NULL, false, LXW_COLOR_WHITE, false);
    f->wrap = fmt(bk, NULL, false, LXW_COLOR_WHITE, true);
    f->note = f->wrap;
    f->integer = fmt(bk, &integer, false, LXW_COLOR_WHITE, false);
    f->number = fmt(bk, &bk->plain, false, LXW_COLOR_WHITE, false);
    f->money = fmt(bk, &bk->money, false, LXW_COLOR_WHITE, false);
    f->score = fmt(bk, &score, false, LXW_COLOR_WHITE, false);
    f->pct = fmt(bk, &pct, false, LXW_COLOR_WHITE, false);
    f->input_num = fmt(bk, &bk->plain, false, COLOR_INPUT, false);
    f->text_sel = fmt(bk, NULL, false, COLOR_SELECTED, false);
    f->wrap_sel = fmt(bk, NULL, false, COLOR_SELECTED, true);
    f->integer_sel = fmt(bk, &integer, false, COLOR_SELECTED, false);
    f->number_sel = fmt(bk, &bk->plain, false, COLOR_SELECTED, false);
    f->money_sel = fmt(bk, &bk->money, false, COLOR_SELECTED, false);
    f->score_sel = fmt(bk, &score, false, COLOR_SELECTED, false);
    /* Ranks and 1/0 flags centred: they stand clear of the text beside them. */
    f->rank = book_format(bk, &(book_style){.has_num = true, .num = integer, .center = true, .bg = LXW_COLOR_WHITE});
    f->rank_sel = book_format(bk, &(book_style){.has_num = true, .num = integer, .center = true, .bg = COLOR_SELECTED});
    f->good = fmt(bk, &integer, true, COLOR_GOOD, false);
    f->bad = fmt(bk, &integer, true, COLOR_BAD, false);
    f->amber = fmt(bk, NULL, false, COLOR_AMBER, false);
    f->red = fmt(bk, NULL, false, COLOR_BAD, false);
    f->engine_int = fmt(bk, &integer, false, COLOR_ENGINE, false);
    f->engine_text = fmt(bk, NULL, false, COLOR_ENGINE, false);
    f->engine_num = fmt(bk, &engine, false, COLOR_ENGINE, false);
    f->engine_pct = fmt(bk, &pct, false, COLOR_ENGINE, false);
    f->input_money = fmt(bk, &bk->money, false, COLOR_INPUT, false);
    f->input_int = fmt(bk, &integer, false, COLOR_INPUT, false);
    f->input_text = fmt(bk, NULL, false, COLOR_INPUT, false);
    f->tolerance = fmt(bk, &tolerance, false, COLOR_INPUT, false);
    return bk->err == LXW_NO_ERROR;
}

void book_formats_free(book *bk)
{
    free(bk->styles);
    free(bk->cap_num);
    bk->styles = NULL;
    bk->cap_num = NULL;
}

/* The most bytes of text a cell holds (Excel's limit is 32,767 characters). */
enum { CELL_TEXT_MAX = 32767 };

void book_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    size_t len = s != NULL ? strlen(s) : 0;
    f = book_fit_text(bk, ws, row, col, s, f);
    if (len <= CELL_TEXT_MAX) {
        book_check(bk, worksheet_write_string(ws, row, col, s, f));
        return;
    }
    /* Too long for a cell: cut at a character boundary (never inside a UTF-8 sequence). */
    size_t cut = CELL_TEXT_MAX - 3;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    char *copy = malloc(cut + 4);
    if (copy == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    memcpy(copy, s, cut);
    memcpy(copy + cut, "...", 4);
    book_check(bk, worksheet_write_string(ws, row, col, copy, f));
    free(copy);
}

void book_number(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f)
{
    book_fit_number(bk, ws, row, col, v, f);
    book_check(bk, worksheet_write_number(ws, row, col, v, f));
}

void book_formula(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, lxw_format *f,
                  double cached)
{
    book_fit_number(bk, ws, row, col, cached, f);
    book_check(bk, worksheet_write_formula_num(ws, row, col, formula, f, cached));
}

void book_formula_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, lxw_format *f,
                       const char *cached)
{
    f = book_fit_text(bk, ws, row, col, cached, f);
    book_check(bk, worksheet_write_formula_str(ws, row, col, formula, f, cached));
}

void book_url(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *url, lxw_format *f)
{
    book_check(bk, worksheet_write_url(ws, row, col, url, f));
}

void book_comment(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text)
{
    book_check(bk, worksheet_write_comment(ws, row, col, text));
}

void book_autofilter(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1)
{
    book_check(bk, worksheet_autofilter(ws, r0, c0, r1, c1));
    book_fit_filter(bk, ws, r0);
}

void book_insert_chart(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_chart *chart)
{
    /* Wider than the default 480 pixels, so that axis labels stand apart; kept on one page. */
    lxw_chart_options opt = {.x_scale = BOOK_CHART_WIDTH / 480.0, .y_scale = BOOK_CHART_HEIGHT / 288.0};
    book_check(bk, worksheet_insert_chart_opt(ws, row, col, chart, &opt));
    book_keep_together(bk, ws, row, (lxw_row_t)(row + BOOK_CHART_ROWS - 1));
}

void book_conditional(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1,
                      lxw_conditional_format *cf)
{
    book_check(bk, worksheet_conditional_format_range(ws, r0, c0, r1, c1, cf));
}

lxw_chart *book_chart(book *bk, uint8_t type)
{
    lxw_chart *chart = workbook_add_chart(bk->wb, type);
    if (chart == NULL)
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return chart;
}

void book_axis(lxw_chart_axis *axis, const char *what, const book_numfmt *num, double largest)
{
    char name[256], code[96], cur[24];
    const bool millions = isfinite(largest) && fabs(largest) >= 1e6 && !num->percent;
    book_currency_prefix(num, true, cur, sizeof cur);
    if (num->percent)
        snprintf(code, sizeof code, "0%%");
    else if (millions)
        snprintf(code, sizeof code, "%s#,##0.0,,\"M\"", cur);
    else
        snprintf(code, sizeof code, "%s#,##0", cur);
    /* The labels carry the currency and the "M"; a unit goes in the name. */
    if (num->unit != NULL)
        snprintf(name, sizeof name, "%s (%s%s)", what, millions ? "millions of " : "", num->unit);
    else
        snprintf(name, sizeof name, "%s", what);
    chart_axis_set_name(axis, name);
    chart_axis_set_num_format(axis, code);
}

lxw_chart_series *book_series(book *bk, lxw_chart *chart, const char *name, const char *sheet, lxw_row_t r0,
                              lxw_row_t r1, lxw_col_t cat_col, lxw_col_t val_col)
{
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (series == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    chart_series_set_categories(series, sheet, r0, cat_col, r1, cat_col);
    chart_series_set_values(series, sheet, r0, val_col, r1, val_col);
    chart_series_set_name(series, name);
    return series;
}

void book_header_row(book *bk, lxw_worksheet *ws, const char *const *names, size_t n)
{
    book_header_row_at(bk, ws, 0, names, n);
    book_print_table(bk, ws, 0, 1);
    worksheet_freeze_panes(ws, 1, 0);
}

void book_header_row_at(book *bk, lxw_worksheet *ws, lxw_row_t row, const char *const *heads, size_t n)
{
    for (size_t k = 0; k < n; k++)
        book_text(bk, ws, row, (lxw_col_t)k, heads[k], bk->f.header);
}

void book_range(char *buf, size_t size, const char *sheet, size_t col, size_t n)
{
    char range[LXW_MAX_CELL_RANGE_LENGTH];
    lxw_rowcol_to_range_abs(range, 1, (lxw_col_t)col, (lxw_row_t)n, (lxw_col_t)col);
    snprintf(buf, size, "%s!%s", sheet, range);
}

void book_cell_ref(char *buf, size_t row, size_t col)
{
    lxw_rowcol_to_cell(buf, (lxw_row_t)row, (lxw_col_t)col);
}

void book_sheet_cell(char *buf, size_t size, const char *sheet, size_t row, size_t col)
{
    char cell[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(cell, (lxw_row_t)row, (lxw_col_t)col, 1, 1);
    snprintf(buf, size, "%s%s%s!%s", strchr(sheet, ' ') ? "'" : "", sheet, strchr(sheet, ' ') ? "'" : "", cell);
}

void book_projects_ref(char *buf, size_t size, size_t q, size_t col)
{
    char cell[64];
    book_sheet_cell(cell, sizeof cell, "Projects", q + 1, col);
    snprintf(buf, size, "=%s", cell);
}

void book_col_name(char *buf, size_t col)
{
    lxw_col_to_name(buf, (lxw_col_t)col, 0);
}

bool book_same_column(const char *a, const char *b)
{
    char x[256], y[256];
    text_normalise_name(a, x, sizeof x);
    text_normalise_name(b, y, sizeof y);
    return strcmp(x, y) == 0;
}

size_t book_projects_value_col(const projects_layout *pl, const char *header)
{
    if (book_same_column(header, "cost"))
        return pl->col_cost;
    for (size_t k = 0; k < pl->n_values; k++)
        if (book_same_column(pl->value_header[k], header))
            return pl->value_col[k];
    return SIZE_MAX;
}

double book_project_value(const model *m, size_t i, const char *header)
{
    for (size_t c = 0; c < m->n_capacities; c++) {
        if (!book_same_column(m->rules.capacities[c].column, header))
            continue;
        const model_project *p = &m->projects[i];
        double sum = 0;
        for (size_t k = 0; k < p->duration; k++)
            sum += p->profile[c * p->duration + k];
        return sum;
    }
    for (size_t q = 0; q < m->n_policies; q++)
        if (m->rules.policies[q].column && book_same_column(m->rules.policies[q].column, header))
            return m->policy_amount[q * m->n_projects + i];
    return 0;
}

const char *book_node_label(const rules *r, size_t node, char *buf, size_t size)
{
    if (node < r->n_criteria)
        snprintf(buf, size, "%s", r->criteria[node].label);
    else
        text_readable_name(rules_node_name(r, node), buf, size);
    return buf;
}

void book_id_list(char *buf, size_t size, const model *m, const size_t *list, size_t count)
{
    buf[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        if (k > 0)
            strncat(buf, ", ", size - strlen(buf) - 1);
        strncat(buf, m->projects[list[k]].id, size - strlen(buf) - 1);
    }
}

void book_replan_terms(const book *bk, char *out, size_t size)
{
    const model *m = bk->run->m;
    out[0] = '\0';
    if (!book_has_portfolio(bk->run))
        return;
    if (m->has_baseline && m->change_penalty > 0)
        snprintf(out, size, "-%s*%s", bk->chg.penalty, bk->chg.changes);
    if (bk->pl.col_stop_lost != SIZE_MAX && m->n_projects > 0) {
        char lost[128], sel[128];
        size_t len = strlen(out);
        book_range(lost, sizeof lost, "Projects", bk->pl.col_stop_lost, m->n_projects);
        book_range(sel, sizeof sel, "Portfolio", bk->layout.col_selected, m->n_projects);
        snprintf(out + len, size - len, "-(SUM(%s)-SUMPRODUCT(%s,%s))", lost, sel, lost);
    }
}

double book_used(const book *bk, size_t c, size_t t)
{
    const model *m = bk->run->m;
    plan p = book_has_portfolio(bk->run) ? solve_plan_of(&bk->run->result) : (plan){bk->none, NULL};
    return t == m->n_periods ? plan_used_total(m, p, c) : plan_used(m, p, c, t);
}
