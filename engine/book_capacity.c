/* book_capacity.c - the capacity sheets: Capacity use (each limit's use, slack and utilisation, live
 * over the selection; the policies), Limits (the limits and bounds as inputs) and, with a horizon,
 * Demand (each project's use per period at its start). */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void book_utilisation_scale(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t col)
{
    /* Over the limit (beyond the checks' rounding tolerance) red; from 90% up to it amber. */
    lxw_conditional_format over = {.type = LXW_CONDITIONAL_TYPE_CELL, .criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN,
                                   .value = 1 + 1e-9, .format = bk->f.red, .stop_if_true = 1};
    lxw_conditional_format near = {.type = LXW_CONDITIONAL_TYPE_CELL, .criteria = LXW_CONDITIONAL_CRITERIA_BETWEEN,
                                   .min_value = 0.9, .max_value = 1 + 1e-9, .format = bk->f.amber};
    book_conditional(bk, ws, r0, col, r1, col, &over);
    book_conditional(bk, ws, r0, col, r1, col, &near);
}

size_t book_capacity_row(const book *bk, size_t c, size_t t)
{
    const model *m = bk->run->m;
    return bk->caprows.first_capacity_row + c * (m->n_periods + (m->rules.has_horizon ? 1 : 0)) + t;
}

lxw_row_t book_utilisation_legend(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col)
{
    const book_formats *f = &bk->f;
    book_text(bk, ws, row, col, "Utilisation under 90%", f->text);
    book_text(bk, ws, row, col + 1, "plain", f->text);
    book_text(bk, ws, row + 1, col, "Utilisation 90-100%", f->amber);
    book_text(bk, ws, row + 1, col + 1, "amber: near the limit", f->text);
    book_text(bk, ws, row + 2, col, "Utilisation over 100%", f->red);
    book_text(bk, ws, row + 2, col + 1, "red: over the limit", f->text);
    return row + 3;
}

folio_error book_write_capacity(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const portfolio_layout *l = &bk->layout;
    const size_t *demand_col = bk->demand_col;
    capacity_rows *rows = &bk->caprows;
    const model *m = run->m;
    const size_t n = m->n_projects;
    const bool have = book_has_portfolio(run);
    const plan chosen = solve_plan_of(&run->result);
    /* The limits are inputs on the Limits sheet, at the same cells as here. */
    lxw_worksheet *in = workbook_get_worksheet_by_name(bk->wb, "Limits");
    static const char *const names[] = {"Capacity", "Column", "Period", "Limit", "Used", "Slack (limit - used)",
                                        "Utilisation (used / limit)",
                                        "Binding (1 = slack < smallest unselected need)"};
    book_header_row(bk, ws, names, 8);
    book_header_row(bk, in, names, 4);
    char sel[128], col[128], formula[512], a[64], b[16];
    book_range(sel, sizeof sel, "Portfolio", l->col_selected, n);
    size_t row = 1;
    rows->first_capacity_row = row;
    /* One row per capacity and period, then (with a horizon) one for the whole horizon. */
    size_t rows_per_cap = m->n_periods + (m->rules.has_horizon ? 1 : 0);
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < rows_per_cap; t++, row++) {
            bool total = t == m->n_periods;
            double limit = total ? m->totals[c] : model_limit(m, c, t);
            double used = book_used(bk, c, t);
            double min_need = INFINITY;
            for (size_t i = 0; i < n; i++) {
                double u = total ? model_use_in_horizon(m, i, c, m->projects[i].start_min) : model_use(m, i, c, t);
                if (!(have && run->result.selected[i]) && !m->projects[i].exclude && u > 0)
                    min_need = fmin(min_need, u);
            }
            lxw_row_t r = (lxw_row_t)row;
            lxw_format *amount = book_in_units(bk, f->number, &bk->cap_num[c]);
            for (int k = 0; k < 2; k++) {
                lxw_worksheet *w = k == 0 ? ws : in;
                book_text(bk, w, r, 0, m->rules.capacities[c].label, f->text);
                book_text(bk, w, r, 1, m->rules.capacities[c].column, f->text);
                book_text(bk, w, r, 2, total ? "whole horizon" : m->period_labels[t], f->text);
            }
            if (isfinite(limit)) {
                book_number(bk, in, r, 3, limit, book_in_units(bk, f->input_num, &bk->cap_num[c]));
                book_sheet_cell(a, sizeof a, "Limits", row, 3);
                snprintf(formula, sizeof formula, "=%s", a);
                book_formula(bk, ws, r, 3, formula, amount, limit);
            } else {
                book_text(bk, in, r, 3, "no limit", f->input_text);
                book_text(bk, ws, r, 3, "no limit", f->text);
            }
            book_cell_ref(a, row, 3);
            book_cell_ref(b, row, 4);
            size_t src = !m->rules.has_horizon || total ? l->cap_col[c] : demand_col[c] + t;
            if (n > 0 && src != SIZE_MAX) {
                book_range(col, sizeof col, !m->rules.has_horizon || total ? "Portfolio" : "Demand", src, n);
                snprintf(formula, sizeof formula, "=SUMPRODUCT(%s,%s)", sel, col);
                if ((t == 0 || total) && m->has_stop_costs && m->on_cost[c]) {
                    /* the stop costs of the work in flight left out (first period, whole horizon) */
                    char stop[128];
                    book_range(stop, sizeof stop, "Projects", bk->pl.col_stop_cost, n);
                    snprintf(formula + strlen(formula), sizeof formula - strlen(formula), "+SUM(%s)-SUMPRODUCT(%s,%s)",
                             stop, sel, stop);
                }
                book_formula(bk, ws, r, 4, formula, amount, used);
            } else {
                book_number(bk, ws, r, 4, used, amount);
            }
            if (!isfinite(limit))
                continue;
            snprintf(formula, sizeof formula, "=%s-%s", a, b);
            book_formula(bk, ws, r, 5, formula, amount, limit - used);
            snprintf(formula, sizeof formula, "=IF(%s>0,%s/%s,0)", a, b, a);
            book_formula(bk, ws, r, 6, formula, f->pct, limit > 0 ? used / limit : 0);
            book_number(bk, ws, r, 7, limit - used < min_need ? 1 : 0, f->integer);
        }
    }
    if (row > 1) {
        book_autofilter(bk, ws, 0, 0, (lxw_row_t)(row - 1), 7);
        book_utilisation_scale(bk, ws, 1, (lxw_row_t)(row - 1), 6);
    }
    row++;
    /* The policies' table, here and on Limits, only when there are policies (each sets a bound, so
     * a rule or more): a header over nothing reads as a table left empty by mistake. */
    const size_t n_policies = m->n_policies;
    static const char *const pnames[] = {"Policy", "Category", "Column", "Bound", "Limit", "Value", "Met (1 = yes)"};
    for (size_t c = 0; c < 7 && n_policies > 0; c++) {
        book_text(bk, ws, (lxw_row_t)row, (lxw_col_t)c, pnames[c], f->header);
        if (c < 5)
            book_text(bk, in, (lxw_row_t)row, (lxw_col_t)c, pnames[c], f->header);
    }
    row += n_policies > 0;
    rows->first_policy_row = row;
    char cat[128];
    book_range(cat, sizeof cat, "Portfolio", l->col_category, n);
    for (size_t q = 0; q < run->rules.count; q++) {
        const plan_rule *rule = &run->rules.items[q];
        if (rule->kind < RULE_POLICY_MIN || rule->kind > RULE_POLICY_COUNT_MAX)
            continue;
        const rules_policy *p = &m->rules.policies[rule->a];
        bool count = rule->kind == RULE_POLICY_COUNT_MIN || rule->kind == RULE_POLICY_COUNT_MAX;
        bool is_min = rule->kind == RULE_POLICY_MIN || rule->kind == RULE_POLICY_COUNT_MIN;
        double bound = plan_rule_limit(m, rule);
        double value = have ? plan_rule_activity(m, rule, chosen) : 0;
        lxw_row_t r = (lxw_row_t)row;
        for (int k = 0; k < 2; k++) {
            lxw_worksheet *w = k == 0 ? ws : in;
            book_text(bk, w, r, 0, p->label, f->text);
            book_text(bk, w, r, 1, p->category, k == 0 ? f->text : f->input_text);
            book_text(bk, w, r, 2, count ? "(count of projects)" : p->column, f->text);
            book_text(bk, w, r, 3, is_min ? "at least" : "at most", f->text);
        }
        const book_numfmt *units = count ? NULL : book_column_units(bk, p->column);
        lxw_format *amount = count ? f->integer : book_in_units(bk, f->number, units);
        book_number(bk, in, r, 4, bound, count ? f->input_int : book_in_units(bk, f->input_num, units));
        book_sheet_cell(a, sizeof a, "Limits", row, 4);
        snprintf(formula, sizeof formula, "=%s", a);
        book_formula(bk, ws, r, 4, formula, amount, bound);
        char catcell[16], lim[16], val[16];
        book_cell_ref(catcell, row, 1);
        book_cell_ref(lim, row, 4);
        book_cell_ref(val, row, 5);
        if (n > 0 && (count || l->policy_col[rule->a] != SIZE_MAX)) {
            if (count) {
                snprintf(formula, sizeof formula, "=COUNTIFS(%s,%s,%s,1)", cat, catcell, sel);
            } else {
                book_range(col, sizeof col, "Portfolio", l->policy_col[rule->a], n);
                snprintf(formula, sizeof formula, "=SUMIFS(%s,%s,%s,%s,1)", col, cat, catcell, sel);
            }
            book_formula(bk, ws, r, 5, formula, amount, value);
        } else {
            book_number(bk, ws, r, 5, value, amount);
        }
        /* As the formula computes it: over the selection as it stands (empty without a portfolio). */
        bool met = plan_rule_holds(m, rule, chosen);
        snprintf(formula, sizeof formula, "=IF(%s%s%s,1,0)", val, is_min ? ">=" : "<=", lim);
        book_formula(bk, ws, r, 6, formula, met ? f->good : f->bad, met ? 1 : 0);
        row++;
    }
    book_utilisation_legend(bk, ws, (lxw_row_t)(row + (n_policies > 0)), 0);
    return book_status(bk);
}

/* Capacity charts (with a horizon): each capacity's use against its limit per period, drawn from
 * the Capacity use sheet's rows. A sheet of their own, so that printed they are not under the
 * Capacity use table's repeated header. */
folio_error book_write_capacity_charts(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const model *m = bk->run->m;
    book_text(bk, ws, 0, 0, "Each capacity per period: used against its limit", f->title);
    book_note(bk, ws, 1,
              "Drawn from the Capacity use sheet's rows, so they follow its live totals; each capacity's "
              "table, with slack and utilisation, is there.");
    for (size_t c = 0; c < m->n_capacities; c++) {
        const rules_capacity *cap = &m->rules.capacities[c];
        lxw_row_t r0 = (lxw_row_t)book_capacity_row(bk, c, 0), r1 = (lxw_row_t)(r0 + m->n_periods - 1);
        lxw_chart *chart = book_chart(bk, LXW_CHART_LINE);
        if (chart == NULL)
            return book_status(bk);
        char title[192];
        snprintf(title, sizeof title, "%s per period: used and limit", cap->label);
        chart_title_set_name(chart, title);
        if (book_series(bk, chart, "used", "Capacity use", r0, r1, 2, 4) == NULL ||
            book_series(bk, chart, "limit", "Capacity use", r0, r1, 2, 3) == NULL)
            return book_status(bk);
        chart_axis_set_name(chart->x_axis, "Period");
        book_axis(chart->y_axis, cap->label, &bk->cap_num[c], fmax(m->totals[c], model_limit(m, c, 0)));
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        book_insert_chart(bk, ws, (lxw_row_t)(3 + c * BOOK_CHART_ROWS), 0, chart);
    }
    return book_status(bk);
}

/* Demand sheet (with a horizon): each project's use of each capacity in each period at its chosen
 * start (its earliest when not selected); the Capacity use sheet sums it over the selection, from the
 * columns bk->demand_col gives. */
folio_error book_write_demand(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const size_t *first_col = bk->demand_col;
    const model *m = run->m;
    const size_t n = m->n_projects;
    const bool have = book_has_portfolio(run);
    book_text(bk, ws, 0, 0, "ID", f->header);
    book_text(bk, ws, 0, 1, "Start (period)", f->header);
    book_print_table(bk, ws, 0, 1);
    char head[256];
    size_t col = 2; /* one past the last column written */
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < m->n_periods; t++) {
            const rules_capacity *cap = &m->rules.capacities[c];
            snprintf(head, sizeof head, "%s %s%s%s%s", cap->label, m->period_labels[t], cap->unit ? " (" : "",
                     cap->unit ? cap->unit : "", cap->unit ? ")" : "");
            book_text(bk, ws, 0, (lxw_col_t)(first_col[c] + t), head, f->header);
            col = first_col[c] + t + 1;
        }
    }
    /* Amounts in each capacity's number format, its unit in the header rather than every cell. */
    lxw_format **amount = alloc_zeroed_n(m->n_capacities, sizeof *amount);
    if (amount == NULL)
        return FOLIO_ENOMEM;
    for (size_t c = 0; c < m->n_capacities; c++) {
        book_numfmt num = bk->cap_num[c];
        num.unit = NULL;
        amount[c] = book_in_units(bk, f->number, &num);
    }
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        size_t start = have ? run->result.start[i] : m->projects[i].start_min;
        lxw_row_t row = (lxw_row_t)(q + 1);
        book_text(bk, ws, row, 0, m->projects[i].id, f->text);
        book_text(bk, ws, row, 1, m->period_labels[start], f->text);
        for (size_t c = 0; c < m->n_capacities; c++)
            for (size_t t = 0; t < m->n_periods; t++)
                book_number(bk, ws, row, (lxw_col_t)(first_col[c] + t), model_use_at(m, i, c, start, t), amount[c]);
    }
    free(amount);
    worksheet_freeze_panes(ws, 1, 2);
    if (n > 0)
        book_autofilter(bk, ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(col - 1));
    return book_status(bk);
}
