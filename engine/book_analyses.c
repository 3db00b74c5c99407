/* book_analyses.c - the analysis sheets: Sensitivity, Frontier (and its surface), Trade-offs and
 * Scenarios. */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "period.h"
#include "text.h"

/* A re-solve's status in words: its solve status, or, when its time limit or the trade-offs' budget
 * stopped it before a proof (it then has a bound), that it stopped. */
static const char *resolve_status(solve_status status, double bound)
{
    return isfinite(bound) ? "re-solve stopped (time limit or budget)" : solve_status_name(status);
}

/* The Sensitivity sheet: per criterion the weights over which the portfolio stays the same and what
 * changes just past each end (with a chart); then the projects a small weight change flips. */
folio_error book_write_sensitivity(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    static const char *const names[] = {"Criterion", "Weight now", "Portfolio unchanged from (weight)",
                                        "Portfolio unchanged to (weight)", "Just below: enter", "Just below: leave",
                                        "Just above: enter", "Just above: leave", "Range below now",
                                        "Range above now"};
    if (!run->has_sensitivity) { /* the note alone, as on the other analyses' sheets: no header over nothing */
        book_note(bk, ws, 0,
                  "Not analysed: it needs a proven optimal portfolio and at least two criteria ([sensitivity] "
                  "enabled = no turns it off).");
        return book_status(bk);
    }
    book_header_row(bk, ws, names, 10);
    for (lxw_col_t c = 4; c < 8; c++)
        book_column_cap(bk, ws, c, 24);
    const sens_result *sr = &run->sensitivity;
    char buf[2048], formula[128], now[16], from[16], to[16];
    for (size_t k = 0; k < m->n_criteria; k++) {
        const sens_criterion *c = &sr->criteria[k];
        lxw_row_t r = (lxw_row_t)(k + 1);
        book_text(bk, ws, r, 0, m->rules.criteria[k].label, f->text);
        book_number(bk, ws, r, 1, c->weight, f->pct);
        if (!c->analysed) {
            book_text(bk, ws, r, 2, "not analysed (time budget)", f->text);
            continue;
        }
        book_number(bk, ws, r, 2, c->stable_from, f->engine_pct);
        book_number(bk, ws, r, 3, c->stable_to, f->engine_pct);
        /* The floating bar: from the range's start, the part below the weight now, the part above. */
        book_cell_ref(now, r, 1);
        book_cell_ref(from, r, 2);
        book_cell_ref(to, r, 3);
        snprintf(formula, sizeof formula, "=%s-%s", now, from);
        book_formula(bk, ws, r, 8, formula, f->pct, c->weight - c->stable_from);
        snprintf(formula, sizeof formula, "=%s-%s", to, now);
        book_formula(bk, ws, r, 9, formula, f->pct, c->stable_to - c->weight);
        const sens_edge *edges[2] = {&c->below, &c->above};
        for (int e = 0; e < 2; e++) {
            for (int side = 0; side < 2; side++) {
                size_t count = side == 0 ? edges[e]->n_enter : edges[e]->n_leave;
                const size_t *list = side == 0 ? edges[e]->enter : edges[e]->leave;
                buf[0] = '\0';
                if (!edges[e]->changes)
                    snprintf(buf, sizeof buf, "%s", side == 0 ? (e == 0 ? "no change down to 0" : "no change up to 1") : "");
                else if (!edges[e]->proven && side == 0)
                    /* A re-solve past the end stopped: its plan (the current one, when nothing is
                     * listed) is not proven optimal there. */
                    snprintf(buf, sizeof buf, "not proven (a re-solve stopped)%s", count > 0 ? ": " : "");
                for (size_t q = 0; q < count; q++) {
                    strncat(buf, q ? ", " : "", sizeof buf - strlen(buf) - 1);
                    strncat(buf, m->projects[list[q]].id, sizeof buf - strlen(buf) - 1);
                }
                book_text(bk, ws, r, (lxw_col_t)(4 + 2 * e + side), buf, f->text);
            }
        }
    }
    const lxw_row_t last = (lxw_row_t)m->n_criteria;
    /* Below the table, the criteria whose range a stopped re-solve left unproven past its ends. */
    buf[0] = '\0';
    for (size_t k = 0; k < m->n_criteria; k++) {
        if (!sr->criteria[k].analysed || sr->criteria[k].exact)
            continue;
        strncat(buf, buf[0] ? ", " : "Not exact: ", sizeof buf - strlen(buf) - 1);
        strncat(buf, m->rules.criteria[k].label, sizeof buf - strlen(buf) - 1);
    }
    if (buf[0] != '\0') {
        strncat(buf,
                ". A re-solve stopped at its time limit or the time budget: the portfolio is proven the same over "
                "the range shown, which may reach further, and what enters and leaves past its ends is not proven.",
                sizeof buf - strlen(buf) - 1);
        book_note(bk, ws, last + 1, buf);
    }
    lxw_row_t r = (lxw_row_t)(m->n_criteria + 2);
    if (m->n_criteria > 0) {
        /* Floating bars: each criterion's stable range, split where the weight is now. */
        lxw_chart *chart = book_chart(bk, LXW_CHART_BAR_STACKED);
        if (chart == NULL)
            return book_status(bk);
        chart_title_set_name(chart, "Weights over which the portfolio stays the same "
                                    "(light: below the weight now, dark: above)");
        lxw_chart_series *base = book_series(bk, chart, "unchanged from", "Sensitivity", 1, last, 0, 2);
        lxw_chart_series *below = book_series(bk, chart, "range below the weight now", "Sensitivity", 1, last, 0, 8);
        lxw_chart_series *above = book_series(bk, chart, "range above the weight now", "Sensitivity", 1, last, 0, 9);
        if (base == NULL || below == NULL || above == NULL)
            return book_status(bk);
        lxw_chart_fill none = {.none = 1}, light = {.color = 0x9DC3E6}, dark = {.color = 0x2E75B6};
        lxw_chart_line no_line = {.none = 1};
        chart_series_set_fill(base, &none);
        chart_series_set_line(base, &no_line);
        chart_series_set_fill(below, &light);
        chart_series_set_fill(above, &dark);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        /* In a bar chart the x axis is the horizontal one: the values. */
        chart_axis_set_name(chart->x_axis, "Weight (share of the total)");
        chart_axis_set_num_format(chart->x_axis, "0%");
        chart_axis_set_min(chart->x_axis, 0);
        chart_axis_set_name(chart->y_axis, "Criterion");
        chart_axis_set_reverse(chart->y_axis); /* the first criterion on top, as in the table */
        book_insert_chart(bk, ws, r, 0, chart);
        r = (lxw_row_t)(r + BOOK_CHART_ROWS);
    }
    book_text(bk, ws, r, 0, "Project", f->header);
    book_text(bk, ws, r, 1, "Decision now", f->header);
    book_text(bk, ws, r, 2, "Criterion whose weight flips it", f->header);
    book_text(bk, ws, r, 3, "Smallest weight change found (share)", f->header);
    /* The flips may run over pages, the criteria (one row each) do not: the flips' header is the one
     * printed again at the top of the pages after it. */
    book_print_table(bk, ws, r, 1);
    for (size_t q = 0; q < sr->n_flips; q++) {
        const sens_flip *fl = &sr->flips[q];
        r++;
        book_text(bk, ws, r, 0, m->projects[fl->project].id, f->text);
        book_text(bk, ws, r, 1, run->result.selected[fl->project] ? "selected" : "not selected", f->text);
        book_text(bk, ws, r, 2, m->rules.criteria[fl->criterion].label, f->text);
        book_number(bk, ws, r, 3, fl->change, f->pct);
    }
    if (sr->n_flips == 0) {
        /* Say why the table is empty: flips come only from exact criteria's edges. */
        bool unproven = false, changes = false;
        for (size_t k = 0; k < m->n_criteria; k++) {
            const sens_criterion *c = &sr->criteria[k];
            unproven |= !c->analysed || !c->exact;
            changes |= c->below.changes || c->above.changes;
        }
        book_note(bk, ws, r + 1,
                  unproven ? "None proven: a flip is taken only from a criterion whose range is exact (see above)."
                  : changes ? "None found."
                            : "None: no single weight from 0 to 1 changes the portfolio.");
    }
    return book_status(bk);
}

/* "+2.5 FTE Engineering in 2027-Q3, +1 FTE in 2027-Q4; +$1.2M Budget over the horizon" for a list of
 * extra capacity needs: a capacity named once, at the first of its needs in a row (a hiring plan's
 * later steps need a dozen periods of each). */
static void needs_text(char *buf, size_t size, const book *bk, const trade_need *needs, size_t count)
{
    const folio_run *run = bk->run;
    const model *m = run->m;
    buf[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        const plan_rule *r = &run->rules.items[needs[k].rule];
        const bool same = k > 0 && run->rules.items[needs[k - 1].rule].a == r->a;
        const rules_capacity *cap = &m->rules.capacities[r->a];
        const book_numfmt *num = &bk->cap_num[r->a];
        char amount[32], cur[24], part[256];
        text_format_amount(needs[k].extra, amount, sizeof amount);
        book_currency_prefix(num, false, cur, sizeof cur);
        snprintf(part, sizeof part, "%s+%s%s%s%s%s%s", k == 0 ? "" : same ? ", " : "; ", cur, amount,
                 num->unit != NULL ? " " : "", num->unit != NULL ? num->unit : "", same ? "" : " ",
                 same ? "" : cap->label);
        strncat(buf, part, size - strlen(buf) - 1);
        if (r->kind == RULE_CAPACITY && m->rules.has_horizon)
            snprintf(part, sizeof part, " in %s", m->period_labels[r->t]);
        else
            snprintf(part, sizeof part, "%s", r->kind == RULE_CAPACITY_TOTAL && m->rules.has_horizon ? " over the horizon" : "");
        strncat(buf, part, size - strlen(buf) - 1);
    }
}

/* Below the frontier, when [tradeoffs] surface names a second capacity: the best objective at each
 * frontier limit (columns) and each of the second capacity's limits (rows), from row r on, the
 * chosen portfolio's cell highlighted and a colour scale from the lowest objective to the highest. */
static void write_surface(book *bk, lxw_worksheet *ws, lxw_row_t r)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    const trade_surface *s = &t->surface;
    if (s->capacity == SIZE_MAX)
        return;
    const char *c1 = m->rules.capacities[t->capacity].label, *c2 = m->rules.capacities[s->capacity].label;
    const size_t cells = s->n_rows * t->n_points;
    size_t stopped = 0;
    for (size_t cell = 0; cell < cells; cell++)
        stopped += isfinite(s->bound[cell]);
    char text[512];
    book_text(bk, ws, r, 0, "Frontier surface", f->title);
    snprintf(text, sizeof text,
             "The best objective with %s's limit across and %s's down, every cell a re-solve with only these "
             "two capacities' limits scaled, exact %s (the chosen portfolio highlighted).",
             c1, c2,
             stopped > 0 ? "but where the time limit or the budget stopped its re-solve: then a plan's value, "
                           "and the grid below gives the most the optimum can be"
                         : "unless its status says otherwise");
    book_note(bk, ws, r + 1, text);
    lxw_format *across = book_in_units(bk, f->header, &bk->cap_num[t->capacity]);
    lxw_format *down = book_in_units(bk, f->number, &bk->cap_num[s->capacity]);
    lxw_format *down_sel = book_in_units(bk, f->number_sel, &bk->cap_num[s->capacity]);
    /* The objectives; then, where a re-solve stopped, the grid of its bounds below. */
    lxw_row_t top = (lxw_row_t)(r + 2);
    for (int grid = 0; grid < (stopped > 0 ? 2 : 1); grid++) {
        if (grid == 1) {
            top = (lxw_row_t)(top + s->n_rows + 3);
            book_text(bk, ws, top - 1, 0, "Where a re-solve stopped: the most the optimum can be", f->label);
        }
        snprintf(text, sizeof text, "%s limit (down) / %s limit (across)", c2, c1);
        book_text(bk, ws, top, 0, text, f->header);
        for (size_t k = 0; k < t->n_points; k++)
            book_number(bk, ws, top, (lxw_col_t)(k + 1), t->points[k].limit, across);
        for (size_t q = 0; q < s->n_rows; q++) {
            lxw_row_t row = (lxw_row_t)(top + 1 + q);
            book_number(bk, ws, row, 0, s->limit[q], q == s->current ? down_sel : down);
            for (size_t k = 0; k < t->n_points; k++) {
                size_t cell = q * t->n_points + k;
                bool chosen = q == s->current && t->points[k].current;
                if (grid == 1) {
                    if (isfinite(s->bound[cell]))
                        book_number(bk, ws, row, (lxw_col_t)(k + 1), s->bound[cell], f->score);
                } else if (isfinite(s->objective[cell])) {
                    book_number(bk, ws, row, (lxw_col_t)(k + 1), s->objective[cell], chosen ? f->score_sel : f->score);
                } else {
                    book_text(bk, ws, row, (lxw_col_t)(k + 1), resolve_status(s->status[cell], s->bound[cell]), f->text);
                }
            }
        }
    }
    lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
                                    .min_color = 0xF8696B, .mid_color = 0xFFEB84, .max_color = 0x63BE7B};
    book_conditional(bk, ws, r + 3, 1, (lxw_row_t)(r + 2 + s->n_rows), (lxw_col_t)t->n_points, &scale);
}

/* The Frontier sheet: the optimum at each limit of one capacity (each an exact re-solve), what enters
 * and leaves between points, and a scatter chart with the chosen portfolio marked. */
folio_error book_write_frontier(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    char text[4096];
    if (!run->has_tradeoffs || t->capacity == SIZE_MAX) {
        book_note(bk, ws, 0,
                  run->has_tradeoffs ? "No capacity to draw a frontier over."
                                     : "Not analysed: the trade-offs need a proven optimal portfolio ([tradeoffs] "
                                       "enabled = yes).");
        return book_status(bk);
    }
    const rules_capacity *cap = &m->rules.capacities[t->capacity];
    const book_numfmt *units = &bk->cap_num[t->capacity];
    snprintf(text, sizeof text, "Efficient frontier over %s", cap->label);
    book_text(bk, ws, 0, 0, text, f->title);
    book_note(bk, ws, 1,
              "The best objective at each limit, every point a re-solve with only this capacity's limits scaled "
              "(every other rule as given), exact where its status is optimal; where the time limit or the "
              "budget stopped one, the optimum lies between its objective and the bound beside it.");
    static const char *const heads[] = {"Limit", "Share of the current limit", "Status", "Objective",
                                        "Optimum at most (re-solve stopped)", "Used", "Projects selected",
                                        "Entering (vs the row above)", "Leaving (vs the row above)",
                                        "Current portfolio"};
    book_header_row_at(bk, ws, 2, heads, sizeof heads / sizeof heads[0]);
    book_print_table(bk, ws, 2, 1);
    book_column_cap(bk, ws, 7, 40);
    book_column_cap(bk, ws, 8, 40);
    lxw_format *amount = book_in_units(bk, f->number, units), *amount_sel = book_in_units(bk, f->number_sel, units);
    const lxw_row_t r0 = 3;
    double largest = 0;
    lxw_row_t chosen = 0; /* the current point's row (0: none) */
    for (size_t k = 0; k < t->n_points; k++) {
        const trade_point *p = &t->points[k];
        lxw_row_t row = (lxw_row_t)(r0 + k);
        lxw_format *num = p->current ? amount_sel : amount;
        largest = fmax(largest, p->limit);
        book_number(bk, ws, row, 0, p->limit, num);
        book_number(bk, ws, row, 1, p->factor, f->pct);
        book_text(bk, ws, row, 2, resolve_status(p->status, p->bound), p->current ? f->text_sel : f->text);
        if (p->selected != NULL) {
            book_number(bk, ws, row, 3, p->objective, p->current ? f->score_sel : f->score);
            book_number(bk, ws, row, 5, p->used, num);
            book_number(bk, ws, row, 6, (double)p->n_selected, f->integer);
        }
        if (isfinite(p->bound))
            book_number(bk, ws, row, 4, p->bound, f->score);
        book_id_list(text, sizeof text, m, p->enter, p->n_enter);
        book_text(bk, ws, row, 7, text, f->wrap);
        book_id_list(text, sizeof text, m, p->leave, p->n_leave);
        book_text(bk, ws, row, 8, text, f->wrap);
        if (p->current) {
            book_text(bk, ws, row, 9, "chosen", f->text_sel);
            chosen = row;
        }
    }
    lxw_row_t r1 = (lxw_row_t)(r0 + t->n_points - 1);
    lxw_chart *chart = book_chart(bk, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    if (chart == NULL)
        return book_status(bk);
    snprintf(text, sizeof text, "Best objective against the %s limit", cap->label);
    chart_title_set_name(chart, text);
    if (book_series(bk, chart, "optimum", "Frontier", r0, r1, 0, 3) == NULL)
        return book_status(bk);
    /* The marker: the current point's own limit and objective cells, a series of one point (columns
     * of their own for it printed as a page of their own, beside a table a page wide). */
    if (chosen != 0) {
        lxw_chart_series *mark = book_series(bk, chart, "chosen", "Frontier", chosen, chosen, 0, 3);
        if (mark == NULL)
            return book_status(bk);
        chart_series_set_marker_type(mark, LXW_CHART_MARKER_DIAMOND);
        chart_series_set_marker_size(mark, 10);
    }
    snprintf(text, sizeof text, "%s limit", cap->label);
    book_axis(chart->x_axis, text, units, largest);
    chart_axis_set_name(chart->y_axis, "Objective (total score)");
    chart_axis_set_num_format(chart->y_axis, "0.0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    book_insert_chart(bk, ws, (lxw_row_t)(r1 + 2), 0, chart);
    worksheet_freeze_panes(ws, 3, 1);
    write_surface(bk, ws, (lxw_row_t)(r1 + 2 + BOOK_CHART_ROWS + 1));
    return book_status(bk);
}

/* Says so when the trade-offs were not analysed (then the sheet holds nothing else). */
static bool not_analysed(book *bk, lxw_worksheet *ws)
{
    if (bk->run->has_tradeoffs)
        return false;
    book_note(bk, ws, 0, "Not analysed: the trade-offs need a proven optimal portfolio ([tradeoffs] enabled = yes).");
    return true;
}

/* The Trade-offs sheet: per project the objective change if its decision were forced the other way
 * (or its must-do rule lifted), each an exact re-solve. */
folio_error book_write_trades(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    if (not_analysed(bk, ws))
        return book_status(bk);
    book_text(bk, ws, 0, 0, "The price of each decision", f->title);
    book_note(bk, ws, 1,
              "The best objective with the decision forced the other way, minus the objective now (exact "
              "re-solves; where the budget or the time limit stops them, the bounds it lies between).");
    static const char *const heads[] = {"ID", "Name", "Selected", "Score", "Forced", "Status there",
                                        "Objective change (exact re-solve)",
                                        "Objective change at least (a plan found with it forced)",
                                        "Objective change at most (LP bound, or the stopped re-solve's)"};
    book_header_row_at(bk, ws, 2, heads, 9);
    book_print_table(bk, ws, 2, 1);
    book_column_cap(bk, ws, 1, 36);
    for (size_t q = 0; q < m->n_projects; q++) {
        size_t i = run->score.order[q];
        const trade_force *tf = &t->force[i];
        lxw_row_t row = (lxw_row_t)(3 + q);
        bool sel = run->result.selected[i];
        book_text(bk, ws, row, 0, m->projects[i].id, sel ? f->text_sel : f->text);
        book_text(bk, ws, row, 1, m->projects[i].name, sel ? f->text_sel : f->text);
        book_number(bk, ws, row, 2, sel ? 1 : 0, f->engine_int);
        book_number(bk, ws, row, 3, run->score.score[i], f->score);
        const char *what = tf->kind == FORCE_IN    ? "in"
                           : tf->kind == FORCE_OUT ? "out"
                           : tf->kind == FORCE_MUST_OFF ? "must-do lifted"
                                                        : "not analysed (excluded)";
        book_text(bk, ws, row, 4, what, f->text);
        if (isfinite(tf->feasible))
            book_number(bk, ws, row, 7, tf->feasible, f->score);
        if (isfinite(tf->lp_bound))
            book_number(bk, ws, row, 8, tf->lp_bound, f->score);
        if (tf->kind != FORCE_NONE && tf->stopped)
            book_text(bk, ws, row, 5,
                      isfinite(tf->feasible) ? "re-solve stopped (time limit or budget): between the two bounds"
                                             : "re-solve stopped (time limit or budget): upper bound only",
                      f->text);
        else if (tf->kind != FORCE_NONE && !tf->exact)
            book_text(bk, ws, row, 5,
                                   isfinite(tf->feasible) ? "not re-solved (budget): between the two bounds"
                                                          : "not re-solved (budget): LP bound only",
                                   f->text);
        if (tf->kind != FORCE_NONE && tf->exact) {
            book_text(bk, ws, row, 5, tf->status == SOLVE_INFEASIBLE ? "cannot be forced"
                                                                              : solve_status_name(tf->status),
                                   f->text);
            if (isfinite(tf->delta))
                book_number(bk, ws, row, 6, tf->delta, f->score);
        }
    }
    worksheet_freeze_panes(ws, 3, 1);
    return book_status(bk);
}

/* The Capacity value sheet: per capacity the objective change at +-10% of its limits (exact
 * re-solves) and the LP's shadow price; what extra capacity would admit each project left out
 * nearest the line; and the hiring plan that admits them one by one. */
folio_error book_write_capacity_value(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    if (not_analysed(bk, ws))
        return book_status(bk);
    book_text(bk, ws, 0, 0, "What more capacity is worth", f->title);
    book_note(bk, ws, 1,
              "Each capacity's limits 10% higher and lower (re-solves, exact where optimal); the extra capacity "
              "that would admit each project left out nearest the line, keeping every project chosen; and the "
              "plan that admits them one by one.");
    lxw_row_t row = 2;
    /* Three short tables: no one header for every page, each kept on one page with its own header. */
    book_print_table(bk, ws, BOOK_NO_HEADER, 1);
    book_column_cap(bk, ws, 1, 44);
    static const char *const cap_heads[] = {"Capacity", "Objective gained with the limits +10%",
                                            "At most (re-solve stopped)", "Status at +10%",
                                            "Objective change with the limits -10%", "At most (re-solve stopped)",
                                            "Status at -10%",
                                            "LP estimate: objective gained per 1% more limit (shadow price)"};
    book_header_row_at(bk, ws, row, cap_heads, 8);
    for (size_t c = 0; c < m->n_capacities; c++) {
        const trade_capacity *tc = &t->caps[c];
        lxw_row_t rr = (lxw_row_t)(row + 1 + c);
        book_text(bk, ws, rr, 0, m->rules.capacities[c].label, f->text);
        if (isfinite(tc->plus))
            book_number(bk, ws, rr, 1, tc->plus, f->score);
        if (isfinite(tc->plus_bound))
            book_number(bk, ws, rr, 2, tc->plus_bound, f->score);
        book_text(bk, ws, rr, 3, resolve_status(tc->plus_status, tc->plus_bound), f->text);
        if (isfinite(tc->minus))
            book_number(bk, ws, rr, 4, tc->minus, f->score);
        if (isfinite(tc->minus_bound))
            book_number(bk, ws, rr, 5, tc->minus_bound, f->score);
        book_text(bk, ws, rr, 6, resolve_status(tc->minus_status, tc->minus_bound), f->text);
        /* Per unit the price is tiny beside a budget of millions: per 1% of the limit it reads as a score. */
        double limit = trade_axis_limit(m, c);
        if (isfinite(tc->shadow) && isfinite(limit))
            book_number(bk, ws, rr, 7, tc->shadow * limit / 100, f->score);
    }
    book_keep_together(bk, ws, row, (lxw_row_t)(row + m->n_capacities));
    /* What it would take to admit the projects left out nearest the line, and the hiring plan. */
    row = (lxw_row_t)(row + 2 + m->n_capacities);
    static const char *const admit_heads[] = {"What would it take",
                                              "Extra capacity to admit it, keeping every project chosen",
                                              "Objective gained", "Brings in (dependencies)"};
    book_header_row_at(bk, ws, row, admit_heads, 4);
    char text[2048];
    for (size_t q = 0; q < t->n_admits; q++) {
        const trade_admit *ad = &t->admits[q];
        lxw_row_t rr = (lxw_row_t)(row + 1 + q);
        book_text(bk, ws, rr, 0, m->projects[ad->project].id, f->text);
        if (ad->blocked != NULL) {
            /* Nothing is gained where nothing admits it: no figure beside the rule that blocks it. */
            /* With a horizon the chosen projects keep their starts: moving one (a predecessor
             * that finishes too late) might admit it, which this arithmetic does not try. */
            snprintf(text, sizeof text, "no extra capacity admits it%s: %s",
                     m->rules.has_horizon ? " with the chosen projects at their starts" : "", ad->blocked);
            book_text(bk, ws, rr, 1, text, f->wrap);
        } else {
            needs_text(text, sizeof text, bk, ad->needs, ad->n_needs);
            book_text(bk, ws, rr, 1, text, f->wrap);
            book_number(bk, ws, rr, 2, ad->gain, f->score);
        }
        book_id_list(text, sizeof text, m, ad->with, ad->n_with);
        book_text(bk, ws, rr, 3, text, f->text);
    }
    book_keep_together(bk, ws, row, (lxw_row_t)(row + t->n_admits));
    row = (lxw_row_t)(row + 2 + t->n_admits);
    static const char *const plan_heads[] = {"Hiring plan: admit", "Extra capacity, all steps so far together",
                                             "Objective gained, all steps so far"};
    book_header_row_at(bk, ws, row, plan_heads, 3);
    for (size_t q = 0; q < t->n_plan; q++) {
        const trade_hire *h = &t->plan[q];
        lxw_row_t rr = (lxw_row_t)(row + 1 + q);
        book_text(bk, ws, rr, 0, m->projects[h->project].id, f->text);
        needs_text(text, sizeof text, bk, h->needs, h->n_needs);
        book_text(bk, ws, rr, 1, text, f->wrap);
        book_number(bk, ws, rr, 2, h->gain, f->score);
    }
    book_keep_together(bk, ws, row, (lxw_row_t)(row + t->n_plan));
    return book_status(bk);
}

/* The Scenarios sheet: each [scenario NAME] beside the rules as given (key figures, what enters and
 * leaves, why an impossible one is impossible), then a project x scenario matrix of decisions. */
folio_error book_write_scenarios(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    const size_t ns = m->rules.n_scenarios, n = m->n_projects;
    book_text(bk, ws, 0, 0, "Scenarios", f->title);
    book_note(bk, ws, 1, "The rules as given with the changes below, each solved exactly in the same run.");
    book_print_table(bk, ws, 2, 1);
    for (size_t q = 0; q <= ns; q++)
        book_column_cap(bk, ws, (lxw_col_t)(1 + q), 24);
    lxw_row_t row = 2;
    book_text(bk, ws, row, 0, "Figure", f->header);
    book_text(bk, ws, row, 1, "As given", f->header);
    for (size_t q = 0; q < ns; q++)
        book_text(bk, ws, row, (lxw_col_t)(2 + q), run->scenarios[q].rules->name, f->header);
    char text[4096], part[256];
    /* Changes. */
    row++;
    book_text(bk, ws, row, 0, "Changes to the rules", f->label);
    book_text(bk, ws, row, 1, "(none)", f->text);
    for (size_t q = 0; q < ns; q++) {
        const rules_scenario *sc = run->scenarios[q].rules;
        text[0] = '\0';
        for (size_t k = 0; k < sc->n_overrides; k++) {
            snprintf(part, sizeof part, "%s%s = %.15g", text[0] ? "; " : "", sc->overrides[k].key, sc->overrides[k].value);
            strncat(text, part, sizeof text - strlen(text) - 1);
        }
        for (int side = 0; side < 2; side++) {
            size_t count = side == 0 ? sc->n_force_in : sc->n_force_out;
            if (count == 0)
                continue;
            snprintf(part, sizeof part, "%s%s = ", text[0] ? "; " : "", side == 0 ? "force_in" : "force_out");
            strncat(text, part, sizeof text - strlen(text) - 1);
            for (size_t k = 0; k < count; k++) {
                if (k > 0)
                    strncat(text, ", ", sizeof text - strlen(text) - 1);
                strncat(text, side == 0 ? sc->force_in[k] : sc->force_out[k], sizeof text - strlen(text) - 1);
            }
        }
        book_text(bk, ws, row, (lxw_col_t)(2 + q), text, f->wrap);
    }
    /* Key figures: the rules as given in column 1, each scenario after. */
    const solve_result *base = &run->result;
    bool base_has = base->status == SOLVE_OPTIMAL || base->status == SOLVE_FEASIBLE;
    size_t base_count = 0;
    double base_cost = 0;
    for (size_t i = 0; base_has && i < n; i++) {
        base_count += base->selected[i];
        base_cost += base->selected[i] ? m->projects[i].cost : 0;
    }
    static const char *const figures[] = {"Status", "Objective (with the scenario's weights)", "Bound", "Gap",
                                          "Projects selected", "Cost of the selection"};
    for (size_t k = 0; k < 6; k++) {
        row++;
        book_text(bk, ws, row, 0, figures[k], f->label);
        for (size_t q = 0; q <= ns; q++) {
            lxw_col_t col = (lxw_col_t)(1 + q);
            const trade_scenario *ts = q > 0 ? &run->scenarios[q - 1] : NULL;
            solve_status st = ts ? ts->status : base->status;
            bool have = ts ? ts->selected != NULL : base_has;
            if (k == 0) {
                book_text(bk, ws, row, col, solve_status_name(st), have ? f->text : f->bad);
                continue;
            }
            if (!have && k != 2)
                continue;
            if (st == SOLVE_INFEASIBLE)
                continue;
            double v = k == 1   ? (ts ? ts->objective : base->objective)
                       : k == 2 ? (ts ? ts->bound : base->bound)
                       : k == 3 ? (ts ? ts->gap : base->gap)
                       : k == 4 ? (double)(ts ? ts->n_selected : base_count)
                                : (ts ? ts->cost : base_cost);
            book_number(bk, ws, row, col, v, k == 3 ? f->pct : k == 4 ? f->integer : k == 5 ? f->money : f->score);
        }
    }
    for (size_t c = 0; c < m->n_capacities; c++) {
        lxw_format *amount = book_in_units(bk, f->number, &bk->cap_num[c]);
        for (int used = 0; used < 2; used++) {
            row++;
            snprintf(part, sizeof part, "%s: %s", m->rules.capacities[c].label, used ? "used" : "limit");
            book_text(bk, ws, row, 0, part, f->label);
            for (size_t q = 0; q <= ns; q++) {
                const trade_scenario *ts = q > 0 ? &run->scenarios[q - 1] : NULL;
                double v;
                if (used) {
                    if (ts ? ts->selected == NULL : !base_has)
                        continue;
                    v = ts ? ts->used[c] : plan_used_total(m, solve_plan_of(base), c);
                } else {
                    v = ts ? ts->limit[c] : trade_axis_limit(m, c);
                }
                if (isfinite(v))
                    book_number(bk, ws, row, (lxw_col_t)(1 + q), v, amount);
            }
        }
    }
    static const char *const lists[] = {"Entering (against as given)", "Leaving (against as given)",
                                        "Why no portfolio (conflicting rules)"};
    for (int k = 0; k < 3; k++) {
        row++;
        book_text(bk, ws, row, 0, lists[k], f->label);
        if (k == 2 && base->status == SOLVE_INFEASIBLE) {
            text[0] = '\0';
            for (size_t c = 0; c < run->conflicts.count; c++) {
                strncat(text, c ? "; " : "", sizeof text - strlen(text) - 1);
                strncat(text, run->conflicts.items[c], sizeof text - strlen(text) - 1);
            }
            book_text(bk, ws, row, 1, text, f->wrap);
        }
        for (size_t q = 0; q < ns; q++) {
            const trade_scenario *ts = &run->scenarios[q];
            if (k == 0) {
                book_id_list(text, sizeof text, m, ts->enter, ts->n_enter);
            } else if (k == 1) {
                book_id_list(text, sizeof text, m, ts->leave, ts->n_leave);
            } else {
                text[0] = '\0';
                for (size_t c = 0; c < ts->conflicts.count; c++) {
                    strncat(text, c ? "; " : "", sizeof text - strlen(text) - 1);
                    strncat(text, ts->conflicts.items[c], sizeof text - strlen(text) - 1);
                }
            }
            book_text(bk, ws, row, (lxw_col_t)(2 + q), text, f->wrap);
        }
    }
    /* The decision matrix: 1 = selected (green); a 0 in red where the rules as given select it. */
    row += 2;
    book_text(bk, ws, row, 0, "Decisions (1 = selected; red: left out where as given selects it)", f->header);
    row++;
    const lxw_row_t head = row;
    book_text(bk, ws, head, 0, "Project", f->header);
    book_text(bk, ws, head, 1, "As given", f->header);
    for (size_t q = 0; q < ns; q++)
        book_text(bk, ws, head, (lxw_col_t)(2 + q), run->scenarios[q].rules->name, f->header);
    for (size_t qq = 0; qq < n; qq++) {
        size_t i = run->score.order[qq];
        lxw_row_t r = (lxw_row_t)(head + 1 + qq);
        snprintf(part, sizeof part, "%s %s", m->projects[i].id, m->projects[i].name);
        book_text(bk, ws, r, 0, part, f->text);
        bool now = base_has && base->selected[i];
        book_number(bk, ws, r, 1, now ? 1 : 0, now ? f->good : f->engine_int);
        for (size_t q = 0; q < ns; q++) {
            const trade_scenario *ts = &run->scenarios[q];
            bool sel = ts->selected != NULL && ts->selected[i];
            book_number(bk, ws, r, (lxw_col_t)(2 + q), sel ? 1 : 0,
                                   sel ? f->good : now ? f->bad : f->engine_int);
        }
    }
    worksheet_freeze_panes(ws, 3, 1);
    return book_status(bk);
}
