/* book_frame.c - the workbook's frame: its formats, and the cell helpers every sheet writes through,
 * which keep libxlsxwriter's first error for book_write() to report. */
#include "book_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static lxw_format *fmt(book *bk, const char *num_format, bool bold, lxw_color_t bg, bool wrap)
{
    lxw_format *f = workbook_add_format(bk->wb);
    if (f == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    if (num_format != NULL)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    if (bg != LXW_COLOR_WHITE)
        format_set_bg_color(f, bg);
    if (wrap) {
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    return f;
}

bool book_formats_make(book *bk)
{
    book_formats *f = &bk->f;
    const char *money = "#,##0;(#,##0)", *number = "#,##0.0##", *score = "0.0000";
    if ((f->title = fmt(bk, NULL, true, LXW_COLOR_WHITE, false)) != NULL)
        format_set_font_size(f->title, 14);
    if ((f->header = fmt(bk, NULL, true, COLOR_HEADER, true)) != NULL)
        format_set_bottom(f->header, LXW_BORDER_THIN);
    f->label = fmt(bk, NULL, true, LXW_COLOR_WHITE, false);
    f->text = fmt(bk, NULL, false, LXW_COLOR_WHITE, false);
    f->wrap = fmt(bk, NULL, false, LXW_COLOR_WHITE, true);
    f->integer = fmt(bk, "0", false, LXW_COLOR_WHITE, false);
    f->number = fmt(bk, number, false, LXW_COLOR_WHITE, false);
    f->money = fmt(bk, money, false, LXW_COLOR_WHITE, false);
    f->score = fmt(bk, score, false, LXW_COLOR_WHITE, false);
    f->pct = fmt(bk, "0.0%", false, LXW_COLOR_WHITE, false);
    f->input_num = fmt(bk, number, false, COLOR_INPUT, false);
    f->text_sel = fmt(bk, NULL, false, COLOR_SELECTED, false);
    f->wrap_sel = fmt(bk, NULL, false, COLOR_SELECTED, true);
    f->integer_sel = fmt(bk, "0", false, COLOR_SELECTED, false);
    f->number_sel = fmt(bk, number, false, COLOR_SELECTED, false);
    f->money_sel = fmt(bk, money, false, COLOR_SELECTED, false);
    f->score_sel = fmt(bk, score, false, COLOR_SELECTED, false);
    f->good = fmt(bk, "0", true, 0xC6EFCE, false);
    f->bad = fmt(bk, "0", true, 0xFFC7CE, false);
    f->engine_int = fmt(bk, "0", false, COLOR_ENGINE, false);
    f->engine_text = fmt(bk, NULL, false, COLOR_ENGINE, false);
    f->input_money = fmt(bk, money, false, COLOR_INPUT, false);
    f->input_int = fmt(bk, "0", false, COLOR_INPUT, false);
    f->input_text = fmt(bk, NULL, false, COLOR_INPUT, false);
    if ((f->link = fmt(bk, NULL, false, LXW_COLOR_WHITE, false)) != NULL) {
        format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
        format_set_font_color(f->link, LXW_COLOR_BLUE);
    }
    f->tiny = fmt(bk, "0.0E+00", false, COLOR_INPUT, false);
    f->tiny_plain = fmt(bk, "0.000E+00", false, LXW_COLOR_WHITE, false);
    return bk->err == LXW_NO_ERROR;
}

/* The most bytes of text a cell holds (Excel's limit is 32,767 characters). */
enum { CELL_TEXT_MAX = 32767 };

void book_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    size_t len = s != NULL ? strlen(s) : 0;
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
    book_check(bk, worksheet_write_number(ws, row, col, v, f));
}

void book_formula(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, lxw_format *f,
                  double cached)
{
    book_check(bk, worksheet_write_formula_num(ws, row, col, formula, f, cached));
}

void book_url(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *url, lxw_format *f)
{
    book_check(bk, worksheet_write_url(ws, row, col, url, f));
}

void book_comment(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text)
{
    book_check(bk, worksheet_write_comment(ws, row, col, text));
}

void book_column(book *bk, lxw_worksheet *ws, lxw_col_t first, lxw_col_t last, double width, lxw_format *f)
{
    book_check(bk, worksheet_set_column(ws, first, last, width, f));
}

void book_row(book *bk, lxw_worksheet *ws, lxw_row_t row, double height, lxw_format *f)
{
    book_check(bk, worksheet_set_row(ws, row, height, f));
}

void book_autofilter(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1)
{
    book_check(bk, worksheet_autofilter(ws, r0, c0, r1, c1));
}

void book_insert_chart(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_chart *chart)
{
    book_check(bk, worksheet_insert_chart(ws, row, col, chart));
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

void book_print_setup(book *bk, lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    book_check(bk, worksheet_repeat_rows(ws, 0, 0));
}

void book_header_row(book *bk, lxw_worksheet *ws, const char *const *names, size_t n, const double *widths)
{
    for (size_t c = 0; c < n; c++) {
        book_text(bk, ws, 0, (lxw_col_t)c, names[c], bk->f.header);
        book_column(bk, ws, (lxw_col_t)c, (lxw_col_t)c, widths ? widths[c] : 14, NULL);
    }
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

void book_id_list(char *buf, size_t size, const model *m, const size_t *list, size_t count)
{
    buf[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        if (k > 0)
            strncat(buf, ", ", size - strlen(buf) - 1);
        strncat(buf, m->projects[list[k]].id, size - strlen(buf) - 1);
    }
}
