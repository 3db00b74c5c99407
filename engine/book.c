/* book.c - the workbook, written with libxlsxwriter: numbers as numbers, totals as live formulas. */
#include "book.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <coin/Cbc_C_Interface.h>
#include <xlsxwriter.h>

#include "period.h"
#include "text.h"
#include "version.h"

/* Every cell style the workbook uses; "_sel" variants highlight selected projects. */
typedef struct book_formats {
    lxw_format *title, *header, *label, *text, *wrap, *integer, *number, *money, *score, *pct, *input_num;
    lxw_format *text_sel, *integer_sel, *number_sel, *money_sel, *score_sel, *wrap_sel;
    lxw_format *good, *bad;
} book_formats;

static lxw_format *fmt(lxw_workbook *wb, const char *num_format, bool bold, lxw_color_t bg, bool wrap)
{
    lxw_format *f = workbook_add_format(wb);
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

enum {
    COLOR_SELECTED = 0xE2EFDA, /* light green: in the portfolio */
    COLOR_HEADER = 0xD9E1F2,   /* light blue */
    COLOR_INPUT = 0xFFF2CC,    /* light yellow: values read from the inputs */
};

static void make_formats(lxw_workbook *wb, book_formats *f)
{
    const char *money = "#,##0;(#,##0)", *number = "#,##0.0##", *score = "0.0000";
    f->title = fmt(wb, NULL, true, LXW_COLOR_WHITE, false);
    format_set_font_size(f->title, 14);
    f->header = fmt(wb, NULL, true, COLOR_HEADER, true);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    f->label = fmt(wb, NULL, true, LXW_COLOR_WHITE, false);
    f->text = fmt(wb, NULL, false, LXW_COLOR_WHITE, false);
    f->wrap = fmt(wb, NULL, false, LXW_COLOR_WHITE, true);
    f->integer = fmt(wb, "0", false, LXW_COLOR_WHITE, false);
    f->number = fmt(wb, number, false, LXW_COLOR_WHITE, false);
    f->money = fmt(wb, money, false, LXW_COLOR_WHITE, false);
    f->score = fmt(wb, score, false, LXW_COLOR_WHITE, false);
    f->pct = fmt(wb, "0.0%", false, LXW_COLOR_WHITE, false);
    f->input_num = fmt(wb, number, false, COLOR_INPUT, false);
    f->text_sel = fmt(wb, NULL, false, COLOR_SELECTED, false);
    f->wrap_sel = fmt(wb, NULL, false, COLOR_SELECTED, true);
    f->integer_sel = fmt(wb, "0", false, COLOR_SELECTED, false);
    f->number_sel = fmt(wb, number, false, COLOR_SELECTED, false);
    f->money_sel = fmt(wb, money, false, COLOR_SELECTED, false);
    f->score_sel = fmt(wb, score, false, COLOR_SELECTED, false);
    f->good = fmt(wb, "0", true, 0xC6EFCE, false);
    f->bad = fmt(wb, "0", true, 0xFFC7CE, false);
}

/* "Portfolio!$F$2:$F$61" for one column of the project rows. */
static void sheet_range(char *buf, size_t size, const char *sheet, size_t col, size_t n)
{
    char range[LXW_MAX_CELL_RANGE_LENGTH];
    lxw_rowcol_to_range_abs(range, 1, (lxw_col_t)col, (lxw_row_t)n, (lxw_col_t)col);
    snprintf(buf, size, "%s!%s", sheet, range);
}

static void cell_ref(char *buf, size_t row, size_t col)
{
    lxw_rowcol_to_cell(buf, (lxw_row_t)row, (lxw_col_t)col);
}

/* A numeric column of the projects export shown on the Portfolio sheet. */
typedef struct value_column {
    const char *header;
    size_t col;       /* Portfolio column */
    bool is_money;
} value_column;

typedef struct portfolio_layout {
    size_t col_rank, col_id, col_name, col_category, col_decision, col_selected, col_score, col_cost;
    size_t col_start, col_finish, col_delay; /* with a planning horizon only (else SIZE_MAX) */
    size_t *cap_col;    /* [n_capacities] Portfolio column holding capacity c's use */
    size_t *policy_col; /* [n_policies] Portfolio column holding policy k's amount (SIZE_MAX: count only) */
    size_t col_raw, col_norm, col_reason, n_cols;
    value_column extra[64];
    size_t n_extra;
} portfolio_layout;

static bool same_column(const char *a, const char *b)
{
    char x[256], y[256];
    text_normalise_name(a, x, sizeof x);
    text_normalise_name(b, y, sizeof y);
    return strcmp(x, y) == 0;
}

/* Finds or adds the Portfolio column for a projects-export column. */
static size_t layout_value_column(portfolio_layout *l, const char *header, size_t *next)
{
    if (same_column(header, "cost"))
        return l->col_cost;
    for (size_t k = 0; k < l->n_extra; k++)
        if (same_column(l->extra[k].header, header))
            return l->extra[k].col;
    if (l->n_extra == sizeof l->extra / sizeof l->extra[0])
        return SIZE_MAX;
    l->extra[l->n_extra] = (value_column){header, (*next)++, false};
    return l->extra[l->n_extra++].col;
}

static void write_header_row(lxw_worksheet *ws, const book_formats *f, const char *const *names, size_t n,
                             const double *widths)
{
    for (size_t c = 0; c < n; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, names[c], f->header);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths ? widths[c] : 14, NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
}

static void print_setup(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
}

static void write_portfolio(lxw_workbook *wb, const book_formats *f, const folio_run *run, portfolio_layout *l)
{
    const model *m = run->m;
    const size_t n = m->n_projects, nk = m->n_criteria;
    const bool have = run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Portfolio");
    print_setup(ws);

    /* Lay out the columns. */
    size_t next = 0;
    l->col_rank = next++;
    l->col_id = next++;
    l->col_name = next++;
    l->col_category = next++;
    l->col_decision = next++;
    l->col_selected = next++;
    l->col_score = next++;
    l->col_cost = next++;
    l->col_start = l->col_finish = l->col_delay = SIZE_MAX;
    if (m->rules.has_horizon) {
        l->col_start = next++;
        l->col_finish = next++;
        l->col_delay = next++;
    }
    /* Without a horizon a capacity's use is its export column; with one, it is the use within the
     * horizon at the chosen start, a column of its own. */
    for (size_t c = 0; c < m->n_capacities; c++)
        l->cap_col[c] = m->rules.has_horizon ? next++ : layout_value_column(l, m->rules.capacities[c].column, &next);
    for (size_t k = 0; k < m->n_policies; k++)
        l->policy_col[k] = m->rules.policies[k].column ? layout_value_column(l, m->rules.policies[k].column, &next)
                                                       : SIZE_MAX;
    l->col_raw = next;
    next += nk;
    l->col_norm = next;
    next += nk;
    l->col_reason = next++;
    l->n_cols = next;

    char head[256];
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_rank, "Rank", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_id, "ID", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_name, "Name", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_category, "Category", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_decision, "Decision", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_selected, "Selected (1 = in)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_score, "Score (0-1)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_cost, "Cost", f->header);
    for (size_t k = 0; k < l->n_extra; k++)
        worksheet_write_string(ws, 0, (lxw_col_t)l->extra[k].col, l->extra[k].header, f->header);
    if (m->rules.has_horizon) {
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_start, "Start (period)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_finish, "Finish (period)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_delay, "Delay (periods)", f->header);
        for (size_t c = 0; c < m->n_capacities; c++) {
            snprintf(head, sizeof head, "%s used in horizon (%s)", m->rules.capacities[c].name,
                     m->rules.capacities[c].column);
            worksheet_write_string(ws, 0, (lxw_col_t)l->cap_col[c], head, f->header);
        }
    }
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        snprintf(head, sizeof head, "%s (raw: %s)", cr->name, cr->column ? cr->column : cr->source);
        worksheet_write_string(ws, 0, (lxw_col_t)(l->col_raw + k), head, f->header);
        snprintf(head, sizeof head, "%s (normalised, %s)", cr->name, cr->minimise ? "lower raw is better" : "higher raw is better");
        worksheet_write_string(ws, 0, (lxw_col_t)(l->col_norm + k), head, f->header);
    }
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_reason, "Reason", f->header);
    worksheet_set_row(ws, 0, 45, NULL);
    worksheet_set_column(ws, (lxw_col_t)l->col_rank, (lxw_col_t)l->col_rank, 6, NULL);
    worksheet_set_column(ws, (lxw_col_t)l->col_id, (lxw_col_t)l->col_id, 11, NULL);
    worksheet_set_column(ws, (lxw_col_t)l->col_name, (lxw_col_t)l->col_name, 34, NULL);
    worksheet_set_column(ws, (lxw_col_t)l->col_category, (lxw_col_t)l->col_category, 18, NULL);
    worksheet_set_column(ws, (lxw_col_t)l->col_decision, (lxw_col_t)l->col_decision, 13, NULL);
    worksheet_set_column(ws, (lxw_col_t)l->col_selected, (lxw_col_t)l->col_cost, 12, NULL);
    worksheet_set_column(ws, (lxw_col_t)(l->col_cost + 1), (lxw_col_t)(l->col_reason - 1), 13, NULL);
    worksheet_set_column(ws, (lxw_col_t)l->col_reason, (lxw_col_t)l->col_reason, 90, NULL);

    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        lxw_row_t row = (lxw_row_t)(q + 1);
        const model_project *p = &m->projects[i];
        bool sel = have && run->result.selected[i];
        lxw_format *t = sel ? f->text_sel : f->text, *num = sel ? f->number_sel : f->number;
        worksheet_write_number(ws, row, (lxw_col_t)l->col_rank, (double)run->score.rank[i], sel ? f->integer_sel : f->integer);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_id, p->id, t);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_name, p->name, t);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_category, p->category, t);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_decision, explain_decision_name(run->decisions[i].decision), t);
        worksheet_write_number(ws, row, (lxw_col_t)l->col_selected, sel ? 1 : 0, sel ? f->integer_sel : f->integer);
        worksheet_write_number(ws, row, (lxw_col_t)l->col_score, run->score.score[i], sel ? f->score_sel : f->score);
        worksheet_write_number(ws, row, (lxw_col_t)l->col_cost, p->cost, sel ? f->money_sel : f->money);
        size_t start = have ? run->result.start[i] : p->start_min;
        if (m->rules.has_horizon) {
            char a[32];
            period_label(&m->rules.horizon, (long)start, a, sizeof a);
            worksheet_write_string(ws, row, (lxw_col_t)l->col_start, a, t);
            period_label(&m->rules.horizon, (long)(start + p->duration - 1), a, sizeof a);
            worksheet_write_string(ws, row, (lxw_col_t)l->col_finish, a, t);
            worksheet_write_number(ws, row, (lxw_col_t)l->col_delay, (double)(start - p->start_min),
                                   sel ? f->integer_sel : f->integer);
        }
        for (size_t c = 0; c < m->n_capacities; c++)
            if (l->cap_col[c] != l->col_cost && l->cap_col[c] != SIZE_MAX)
                worksheet_write_number(ws, row, (lxw_col_t)l->cap_col[c], model_use_in_horizon(m, i, c, start), num);
        for (size_t k = 0; k < m->n_policies; k++)
            if (l->policy_col[k] != SIZE_MAX && l->policy_col[k] != l->col_cost)
                worksheet_write_number(ws, row, (lxw_col_t)l->policy_col[k], m->policy_amount[k * n + i], num);
        for (size_t k = 0; k < nk; k++) {
            worksheet_write_number(ws, row, (lxw_col_t)(l->col_raw + k), p->raw[k], num);
            worksheet_write_number(ws, row, (lxw_col_t)(l->col_norm + k), run->score.norm[i * nk + k],
                                   sel ? f->score_sel : f->score);
        }
        worksheet_write_string(ws, row, (lxw_col_t)l->col_reason, run->decisions[i].reason, t);
        if (!sel)
            worksheet_write_comment(ws, row, (lxw_col_t)l->col_id, run->decisions[i].reason);
    }
    if (n > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(l->n_cols - 1));
    worksheet_freeze_panes(ws, 1, (lxw_col_t)(l->col_id + 1));
}

/* Rows of the Capacity sheet, shared with the Summary so that its figures refer to them. */
typedef struct capacity_rows {
    size_t first_capacity_row; /* row of the first capacity */
    size_t first_policy_row;
} capacity_rows;

/* Demand sheet (with a horizon): each project's use of each capacity in each period at its chosen
 * start (its earliest when not selected); the Capacity sheet sums it over the selection. Returns the
 * first column of capacity c's periods through *first_col. */
static void write_demand(lxw_workbook *wb, const book_formats *f, const folio_run *run, size_t *first_col)
{
    const model *m = run->m;
    const size_t n = m->n_projects;
    const bool have = run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Demand");
    print_setup(ws);
    worksheet_write_string(ws, 0, 0, "ID", f->header);
    worksheet_write_string(ws, 0, 1, "Start (period)", f->header);
    worksheet_set_column(ws, 0, 1, 11, NULL);
    char head[256];
    size_t col = 2;
    for (size_t c = 0; c < m->n_capacities; c++) {
        first_col[c] = col;
        for (size_t t = 0; t < m->n_periods; t++, col++) {
            snprintf(head, sizeof head, "%s %s (%s)", m->rules.capacities[c].name, m->period_labels[t],
                     m->rules.capacities[c].column);
            worksheet_write_string(ws, 0, (lxw_col_t)col, head, f->header);
        }
    }
    worksheet_set_column(ws, 2, (lxw_col_t)(col ? col - 1 : 2), 12, NULL);
    worksheet_set_row(ws, 0, 45, NULL);
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        size_t start = have ? run->result.start[i] : m->projects[i].start_min;
        lxw_row_t row = (lxw_row_t)(q + 1);
        worksheet_write_string(ws, row, 0, m->projects[i].id, f->text);
        worksheet_write_string(ws, row, 1, m->period_labels[start], f->text);
        for (size_t c = 0; c < m->n_capacities; c++)
            for (size_t t = 0; t < m->n_periods; t++)
                worksheet_write_number(ws, row, (lxw_col_t)(first_col[c] + t), model_use_at(m, i, c, start, t), f->number);
    }
    worksheet_freeze_panes(ws, 1, 2);
    if (n > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(col - 1));
}

/* Timeline sheet (with a horizon): a Gantt-style grid of the selected projects' periods. */
static void write_timeline(lxw_workbook *wb, const book_formats *f, const folio_run *run)
{
    const model *m = run->m;
    const bool have = run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Timeline");
    print_setup(ws);
    static const char *const names[] = {"ID", "Name", "Start (period)", "Finish (period)", "Delay (periods)"};
    static const double widths[] = {11, 34, 10, 10, 9};
    write_header_row(ws, f, names, 5, widths);
    for (size_t t = 0; t < m->n_periods; t++) {
        worksheet_write_string(ws, 0, (lxw_col_t)(5 + t), m->period_labels[t], f->header);
        worksheet_set_column(ws, (lxw_col_t)(5 + t), (lxw_col_t)(5 + t), 8, NULL);
    }
    worksheet_write_string(ws, 0, (lxw_col_t)(5 + m->n_periods), "Periods after the horizon", f->header);
    size_t row = 1;
    for (size_t q = 0; have && q < m->n_projects; q++) {
        size_t i = run->score.order[q];
        if (!run->result.selected[i])
            continue;
        const model_project *p = &m->projects[i];
        size_t s = run->result.start[i];
        char a[32];
        lxw_row_t r = (lxw_row_t)row++;
        worksheet_write_string(ws, r, 0, p->id, f->text);
        worksheet_write_string(ws, r, 1, p->name, f->text);
        worksheet_write_string(ws, r, 2, m->period_labels[s], f->text);
        period_label(&m->rules.horizon, (long)(s + p->duration - 1), a, sizeof a);
        worksheet_write_string(ws, r, 3, a, f->text);
        worksheet_write_number(ws, r, 4, (double)(s - p->start_min), f->integer);
        for (size_t t = s; t < s + p->duration && t < m->n_periods; t++)
            worksheet_write_number(ws, r, (lxw_col_t)(5 + t), 1, f->integer_sel);
        if (s + p->duration > m->n_periods)
            worksheet_write_number(ws, r, (lxw_col_t)(5 + m->n_periods), (double)(s + p->duration - m->n_periods), f->integer);
    }
    worksheet_freeze_panes(ws, 1, 2);
}

static void write_capacity(lxw_workbook *wb, const book_formats *f, const folio_run *run, const portfolio_layout *l,
                           const size_t *demand_col, capacity_rows *rows)
{
    const model *m = run->m;
    const size_t n = m->n_projects;
    const bool have = run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
    const solve_plan plan = solve_plan_of(&run->result);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Capacity");
    print_setup(ws);
    static const char *const names[] = {"Capacity", "Column", "Period", "Limit", "Used", "Slack (limit - used)",
                                        "Utilisation", "Binding (1 = slack < smallest unselected need)"};
    static const double widths[] = {22, 20, 10, 16, 16, 18, 12, 22};
    write_header_row(ws, f, names, 8, widths);
    char sel[128], col[128], formula[512], a[16], b[16];
    sheet_range(sel, sizeof sel, "Portfolio", l->col_selected, n);
    size_t row = 1;
    rows->first_capacity_row = row;
    /* One row per capacity and period, then (with a horizon) one for the whole horizon. */
    size_t rows_per_cap = m->n_periods + (m->rules.has_horizon ? 1 : 0);
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < rows_per_cap; t++, row++) {
            bool total = t == m->n_periods;
            double limit = total ? m->totals[c] : model_limit(m, c, t);
            double used = !have ? 0 : total ? solve_plan_used_total(m, plan, c) : solve_plan_used(m, plan, c, t);
            double min_need = INFINITY;
            for (size_t i = 0; i < n; i++) {
                double u = total ? model_use_in_horizon(m, i, c, m->projects[i].start_min) : model_use(m, i, c, t);
                if (!(have && run->result.selected[i]) && !m->projects[i].exclude && u > 0)
                    min_need = fmin(min_need, u);
            }
            lxw_row_t r = (lxw_row_t)row;
            worksheet_write_string(ws, r, 0, m->rules.capacities[c].name, f->text);
            worksheet_write_string(ws, r, 1, m->rules.capacities[c].column, f->text);
            worksheet_write_string(ws, r, 2, total ? "whole horizon" : m->period_labels[t], f->text);
            if (isfinite(limit))
                worksheet_write_number(ws, r, 3, limit, f->input_num);
            else
                worksheet_write_string(ws, r, 3, "no limit", f->text);
            cell_ref(a, row, 3);
            cell_ref(b, row, 4);
            size_t src = !m->rules.has_horizon || total ? l->cap_col[c] : demand_col[c] + t;
            if (n > 0 && src != SIZE_MAX) {
                sheet_range(col, sizeof col, !m->rules.has_horizon || total ? "Portfolio" : "Demand", src, n);
                snprintf(formula, sizeof formula, "=SUMPRODUCT(%s,%s)", sel, col);
                worksheet_write_formula_num(ws, r, 4, formula, f->number, used);
            } else {
                worksheet_write_number(ws, r, 4, used, f->number);
            }
            if (!isfinite(limit))
                continue;
            snprintf(formula, sizeof formula, "=%s-%s", a, b);
            worksheet_write_formula_num(ws, r, 5, formula, f->number, limit - used);
            snprintf(formula, sizeof formula, "=IF(%s>0,%s/%s,0)", a, b, a);
            worksheet_write_formula_num(ws, r, 6, formula, f->pct, limit > 0 ? used / limit : 0);
            worksheet_write_number(ws, r, 7, limit - used < min_need ? 1 : 0, f->integer);
        }
    }
    if (row > 1) {
        /* Shortages stand out: utilisation from green (idle) through yellow to red (full). */
        lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
                                        .min_color = 0x63BE7B, .mid_color = 0xFFEB84, .max_color = 0xF8696B};
        worksheet_conditional_format_range(ws, 1, 6, (lxw_row_t)(row - 1), 6, &scale);
    }
    size_t chart_row = 1;
    for (size_t c = 0; m->rules.has_horizon && c < m->n_capacities; c++) {
        /* Demand against limit per period, one chart per capacity, beside the table. */
        lxw_row_t r0 = (lxw_row_t)(1 + c * rows_per_cap), r1 = (lxw_row_t)(r0 + m->n_periods - 1);
        lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_LINE);
        char title[192];
        snprintf(title, sizeof title, "%s: used against limit per period", m->rules.capacities[c].name);
        chart_title_set_name(chart, title);
        lxw_chart_series *used = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(used, "Capacity", r0, 2, r1, 2);
        chart_series_set_values(used, "Capacity", r0, 4, r1, 4);
        chart_series_set_name(used, "used");
        lxw_chart_series *lim = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(lim, "Capacity", r0, 2, r1, 2);
        chart_series_set_values(lim, "Capacity", r0, 3, r1, 3);
        chart_series_set_name(lim, "limit");
        worksheet_insert_chart(ws, (lxw_row_t)chart_row, 9, chart);
        chart_row += 16;
    }
    row++;
    static const char *const pnames[] = {"Policy", "Category", "Column", "Bound", "Limit", "Value", "Met (1 = yes)"};
    for (size_t c = 0; c < 7; c++)
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, pnames[c], f->header);
    row++;
    rows->first_policy_row = row;
    char cat[128];
    sheet_range(cat, sizeof cat, "Portfolio", l->col_category, n);
    for (size_t q = 0; q < run->rules.count; q++) {
        const solve_rule *rule = &run->rules.items[q];
        if (rule->kind < RULE_POLICY_MIN || rule->kind > RULE_POLICY_COUNT_MAX)
            continue;
        const rules_policy *p = &m->rules.policies[rule->a];
        bool count = rule->kind == RULE_POLICY_COUNT_MIN || rule->kind == RULE_POLICY_COUNT_MAX;
        bool is_min = rule->kind == RULE_POLICY_MIN || rule->kind == RULE_POLICY_COUNT_MIN;
        double bound = solve_rule_limit(m, rule);
        double value = have ? solve_rule_activity(m, rule, plan) : 0;
        lxw_row_t r = (lxw_row_t)row;
        worksheet_write_string(ws, r, 0, p->name, f->text);
        worksheet_write_string(ws, r, 1, p->category, f->text);
        worksheet_write_string(ws, r, 2, count ? "(count of projects)" : p->column, f->text);
        worksheet_write_string(ws, r, 3, is_min ? "at least" : "at most", f->text);
        worksheet_write_number(ws, r, 4, bound, f->input_num);
        char catcell[16], lim[16], val[16];
        cell_ref(catcell, row, 1);
        cell_ref(lim, row, 4);
        cell_ref(val, row, 5);
        if (n > 0 && (count || l->policy_col[rule->a] != SIZE_MAX)) {
            if (count) {
                snprintf(formula, sizeof formula, "=COUNTIFS(%s,%s,%s,1)", cat, catcell, sel);
            } else {
                sheet_range(col, sizeof col, "Portfolio", l->policy_col[rule->a], n);
                snprintf(formula, sizeof formula, "=SUMIFS(%s,%s,%s,%s,1)", col, cat, catcell, sel);
            }
            worksheet_write_formula_num(ws, r, 5, formula, count ? f->integer : f->number, value);
        } else {
            worksheet_write_number(ws, r, 5, value, f->number);
        }
        bool met = have && solve_rule_holds(m, rule, plan);
        snprintf(formula, sizeof formula, "=IF(%s%s%s,1,0)", val, is_min ? ">=" : "<=", lim);
        worksheet_write_formula_num(ws, r, 6, formula, met ? f->good : f->bad, met ? 1 : 0);
        row++;
    }
}

static void write_weights(lxw_workbook *wb, const book_formats *f, const folio_run *run)
{
    const model *m = run->m;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Weights");
    print_setup(ws);
    static const char *const names[] = {"Criterion", "Source", "Weight (as given)", "Weight (normalised)", "Direction",
                                        "Normalisation", "Range low", "Range high", "Lowest value", "Highest value"};
    static const double widths[] = {22, 24, 12, 12, 18, 14, 10, 10, 14, 14};
    write_header_row(ws, f, names, 10, widths);
    size_t nk = m->n_criteria;
    char first[16], last[16], me[16], formula[256];
    lxw_rowcol_to_cell_abs(first, 1, 2, 1, 1);
    lxw_rowcol_to_cell_abs(last, (lxw_row_t)nk, 2, 1, 1);
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        lxw_row_t r = (lxw_row_t)(k + 1);
        worksheet_write_string(ws, r, 0, cr->name, f->text);
        char src[256];
        snprintf(src, sizeof src, "%s %s", cr->column ? "column" : "source", cr->column ? cr->column : cr->source);
        worksheet_write_string(ws, r, 1, src, f->text);
        worksheet_write_number(ws, r, 2, cr->weight, f->input_num);
        cell_ref(me, k + 1, 2);
        snprintf(formula, sizeof formula, "=%s/SUM(%s:%s)", me, first, last);
        worksheet_write_formula_num(ws, r, 3, formula, f->pct, m->weights[k]);
        worksheet_write_string(ws, r, 4, cr->minimise ? "min (lower is better)" : "max (higher is better)", f->text);
        worksheet_write_string(ws, r, 5,
                               cr->normalise == NORMALISE_MINMAX  ? "minmax"
                               : cr->normalise == NORMALISE_RANGE ? "range"
                                                                  : "none",
                               f->text);
        if (cr->normalise == NORMALISE_RANGE) {
            worksheet_write_number(ws, r, 6, cr->range_lo, f->number);
            worksheet_write_number(ws, r, 7, cr->range_hi, f->number);
        }
        worksheet_write_number(ws, r, 8, run->score.crit_min[k], f->number);
        worksheet_write_number(ws, r, 9, run->score.crit_max[k], f->number);
    }
}

static void write_data_quality(lxw_workbook *wb, const book_formats *f, const diags *d)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Data quality");
    print_setup(ws);
    static const char *const names[] = {"Severity", "File", "Line", "Column", "Message"};
    static const double widths[] = {10, 30, 8, 20, 100};
    write_header_row(ws, f, names, 5, widths);
    size_t row = 1;
    for (size_t k = 0; d != NULL && k < d->count; k++, row++) {
        const diag *g = &d->items[k];
        lxw_row_t r = (lxw_row_t)row;
        worksheet_write_string(ws, r, 0, g->severity == DIAG_ERROR ? "error" : "warning", f->text);
        worksheet_write_string(ws, r, 1, g->file ? g->file : "", f->text);
        if (g->line > 0)
            worksheet_write_number(ws, r, 2, g->line, f->integer);
        worksheet_write_string(ws, r, 3, g->column ? g->column : "", f->text);
        worksheet_write_string(ws, r, 4, g->message, f->text);
    }
    if (row == 1)
        worksheet_write_string(ws, 1, 4, "No warnings: every input value was read as given.", f->text);
}

static void write_summary(lxw_worksheet *ws, const book_formats *f, const folio_run *run, const folio_run_options *opt,
                          const portfolio_layout *l, const capacity_rows *caprows)
{
    const model *m = run->m;
    const size_t n = m->n_projects;
    const solve_result *r = &run->result;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    print_setup(ws);
    worksheet_set_column(ws, 0, 0, 38, NULL);
    worksheet_set_column(ws, 1, 1, 40, NULL);
    worksheet_set_column(ws, 2, 4, 18, NULL);
    worksheet_write_string(ws, 0, 0, "folio portfolio selection", f->title);
    lxw_row_t row = 2;
#define KV_TEXT(key, val)                                                                          \
    do {                                                                                           \
        worksheet_write_string(ws, row, 0, (key), f->label);                                       \
        worksheet_write_string(ws, row, 1, (val), f->text);                                        \
        row++;                                                                                     \
    } while (0)
    char buf[512];
    KV_TEXT("Portfolio", m->rules.name ? m->rules.name : "(unnamed)");
    struct tm tm;
    gmtime_r(&opt->doc_time, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    KV_TEXT("Generated (UTC)", buf);
    snprintf(buf, sizeof buf, "folio %s (CBC %s, libxlsxwriter %s)", FOLIO_VERSION, Cbc_getVersion(), LXW_VERSION);
    KV_TEXT("Made by", buf);
    const char *labels[] = {"Projects export", "Benefits register", "Rule set", "Demand export"};
    const char *paths[] = {opt->in.projects, opt->in.benefits, opt->in.rules, opt->in.demand};
    const char *shas[] = {run->sha_projects, run->sha_benefits, run->sha_rules, run->sha_demand};
    for (int k = 0; k < (opt->in.demand != NULL ? 4 : 3); k++) {
        worksheet_write_string(ws, row, 0, labels[k], f->label);
        worksheet_write_string(ws, row, 1, paths[k], f->text);
        worksheet_write_string(ws, row, 2, "SHA-256", f->text);
        worksheet_write_string(ws, row, 3, shas[k], f->text);
        row++;
    }
    row++;
    KV_TEXT("Status", solve_status_name(r->status));
    char sel[128], col[128], formula[512];
    sheet_range(sel, sizeof sel, "Portfolio", l->col_selected, n);
    worksheet_write_string(ws, row, 0, "Objective (total score)", f->label);
    if (have && n > 0) {
        sheet_range(col, sizeof col, "Portfolio", l->col_score, n);
        snprintf(formula, sizeof formula, "=SUMPRODUCT(%s,%s)", sel, col);
        worksheet_write_formula_num(ws, row, 1, formula, f->score, r->objective);
    } else {
        worksheet_write_string(ws, row, 1, "none: no feasible portfolio", f->text);
    }
    row++;
    if (r->status != SOLVE_INFEASIBLE) {
        worksheet_write_string(ws, row, 0, "Bound (no portfolio scores more)", f->label);
        worksheet_write_number(ws, row, 1, r->bound, f->score);
        row++;
    }
    if (have) {
        worksheet_write_string(ws, row, 0, "Gap (bound - objective) / objective", f->label);
        worksheet_write_number(ws, row, 1, r->gap, f->pct);
        row++;
    }
    worksheet_write_string(ws, row, 0, "Time limit (s)", f->label);
    worksheet_write_number(ws, row, 1, opt->solve.time_limit, f->number);
    row++;
    size_t count = 0;
    double cost = 0;
    for (size_t i = 0; have && i < n; i++) {
        count += r->selected[i];
        cost += r->selected[i] ? m->projects[i].cost : 0;
    }
    worksheet_write_string(ws, row, 0, "Projects selected", f->label);
    if (n > 0) {
        snprintf(formula, sizeof formula, "=SUM(%s)", sel);
        worksheet_write_formula_num(ws, row, 1, formula, f->integer, (double)count);
    }
    row++;
    worksheet_write_string(ws, row, 0, "Cost of the selection", f->label);
    if (n > 0) {
        sheet_range(col, sizeof col, "Portfolio", l->col_cost, n);
        snprintf(formula, sizeof formula, "=SUMPRODUCT(%s,%s)", sel, col);
        worksheet_write_formula_num(ws, row, 1, formula, f->money, cost);
    }
    row++;
    worksheet_write_string(ws, row, 0, "Projects considered", f->label);
    worksheet_write_number(ws, row, 1, (double)n, f->integer);
    row += 2;

    static const char *const heads[] = {"Capacity", "Limit", "Used", "Slack"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, row, (lxw_col_t)c, heads[c], f->header);
    row++;
    size_t caprow = caprows->first_capacity_row;
    const solve_plan plan = solve_plan_of(r);
    size_t rows_per_cap = m->n_periods + (m->rules.has_horizon ? 1 : 0);
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < rows_per_cap; t++, caprow++) {
            bool total = t == m->n_periods;
            double limit = total ? m->totals[c] : model_limit(m, c, t);
            if (!isfinite(limit))
                continue; /* only limited capacities have a slack to show */
            double used = !have ? 0 : total ? solve_plan_used_total(m, plan, c) : solve_plan_used(m, plan, c, t);
            snprintf(buf, sizeof buf, "%s%s%s", m->rules.capacities[c].name, m->rules.has_horizon ? " " : "",
                     !m->rules.has_horizon ? "" : total ? "whole horizon" : m->period_labels[t]);
            worksheet_write_string(ws, row, 0, buf, f->text);
            char ref[16];
            double values[] = {limit, used, limit - used};
            for (int k = 0; k < 3; k++) {
                cell_ref(ref, caprow, (size_t)(3 + k)); /* Capacity's limit, used and slack columns */
                snprintf(formula, sizeof formula, "=Capacity!%s", ref);
                worksheet_write_formula_num(ws, row, (lxw_col_t)(1 + k), formula, f->number, values[k]);
            }
            row++;
        }
    }
    if (run->conflicts.count > 0) {
        row++;
        worksheet_write_string(ws, row++, 0,
                               run->conflicts.minimal ? "Why no portfolio is possible (drop any one to resolve):"
                                                      : "Why no portfolio is possible:",
                               f->label);
        for (size_t k = 0; k < run->conflicts.count; k++)
            worksheet_write_string(ws, row++, 1, run->conflicts.items[k], f->text);
    }
#undef KV_TEXT
}

folio_error book_write(const folio_run *run, const folio_run_options *opt, const diags *d, const char *path)
{
    const model *m = run->m;
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL)
        return FOLIO_EIO;
    book_formats f;
    make_formats(wb, &f);
    portfolio_layout layout = {0};
    capacity_rows caprows = {0};
    layout.cap_col = calloc(m->n_capacities + 1, sizeof *layout.cap_col);
    layout.policy_col = calloc(m->n_policies + 1, sizeof *layout.policy_col);
    if (layout.cap_col == NULL || layout.policy_col == NULL) {
        free(layout.cap_col);
        free(layout.policy_col);
        workbook_close(wb);
        return FOLIO_ENOMEM;
    }
    /* The Summary comes first in the tab order but refers to the others, so it is filled last. */
    lxw_worksheet *summary = workbook_add_worksheet(wb, "Summary");
    size_t *demand_col = calloc(m->n_capacities + 1, sizeof *demand_col);
    if (demand_col == NULL) {
        free(layout.cap_col);
        free(layout.policy_col);
        workbook_close(wb);
        return FOLIO_ENOMEM;
    }
    write_portfolio(wb, &f, run, &layout);
    if (m->rules.has_horizon) {
        write_timeline(wb, &f, run);
        write_demand(wb, &f, run, demand_col);
    }
    write_capacity(wb, &f, run, &layout, demand_col, &caprows);
    write_weights(wb, &f, run);
    write_data_quality(wb, &f, d);
    write_summary(summary, &f, run, opt, &layout, &caprows);
    worksheet_activate(summary);

    char title[256];
    snprintf(title, sizeof title, "Portfolio selection: %s", m->rules.name ? m->rules.name : "(unnamed)");
    lxw_doc_properties props = {
        .title = title,
        .subject = "Project portfolio selection",
        .author = "folio " FOLIO_VERSION,
        .keywords = "portfolio, selection, capacity, optimisation",
        .comments = "Totals and utilisations are live formulas over the Portfolio sheet.",
        .created = opt->doc_time,
    };
    workbook_set_properties(wb, &props);
    workbook_set_custom_property_string(wb, "Status", (char *)solve_status_name(run->result.status));
    workbook_set_custom_property_string(wb, "Rules SHA-256", (char *)run->sha_rules);
    free(layout.cap_col);
    free(layout.policy_col);
    free(demand_col);
    return workbook_close(wb) == LXW_NO_ERROR ? FOLIO_OK : FOLIO_EIO;
}
