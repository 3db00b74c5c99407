/* book_analyses.c - the analysis sheets: Sensitivity, Frontier (and its surface), Trade-offs and
 * Scenarios. */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "period.h"
#include "text.h"

/* The Sensitivity sheet: per criterion the weights over which the portfolio stays the same and what
 * changes just past each end (with a chart); then the projects a small weight change flips. */
folio_error book_write_sensitivity(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    book_print_setup(bk, ws);
    static const char *const names[] = {"Criterion", "Weight now (share)", "Portfolio unchanged from (weight)",
                                        "Portfolio unchanged to (weight)", "Just below: enter", "Just below: leave",
                                        "Just above: enter", "Just above: leave"};
    static const double widths[] = {22, 12, 16, 16, 30, 30, 30, 30};
    book_header_row(bk, ws, names, 8, widths);
    if (!run->has_sensitivity) {
        book_text(bk, ws, 1, 0,
                               "Not analysed: it needs a proven optimal portfolio and at least two criteria "
                               "([sensitivity] enabled = no turns it off).",
                               f->text);
        return book_status(bk);
    }
    const sens_result *sr = &run->sensitivity;
    char buf[2048];
    for (size_t k = 0; k < m->n_criteria; k++) {
        const sens_criterion *c = &sr->criteria[k];
        lxw_row_t r = (lxw_row_t)(k + 1);
        book_text(bk, ws, r, 0, m->rules.criteria[k].name, f->text);
        book_number(bk, ws, r, 1, c->weight, f->pct);
        if (!c->analysed) {
            book_text(bk, ws, r, 2, "not analysed (time budget)", f->text);
            continue;
        }
        book_number(bk, ws, r, 2, c->stable_from, f->engine_text);
        book_number(bk, ws, r, 3, c->stable_to, f->engine_text);
        const sens_edge *edges[2] = {&c->below, &c->above};
        for (int e = 0; e < 2; e++) {
            for (int side = 0; side < 2; side++) {
                size_t count = side == 0 ? edges[e]->n_enter : edges[e]->n_leave;
                const size_t *list = side == 0 ? edges[e]->enter : edges[e]->leave;
                buf[0] = '\0';
                if (!edges[e]->changes)
                    snprintf(buf, sizeof buf, "%s", side == 0 ? (e == 0 ? "no change down to 0" : "no change up to 1") : "");
                for (size_t q = 0; q < count; q++) {
                    strncat(buf, q ? ", " : "", sizeof buf - strlen(buf) - 1);
                    strncat(buf, m->projects[list[q]].id, sizeof buf - strlen(buf) - 1);
                }
                book_text(bk, ws, r, (lxw_col_t)(4 + 2 * e + side), buf, f->text);
            }
        }
    }
    if (m->n_criteria > 0) {
        /* The stable range against the weight now, per criterion. */
        lxw_chart *chart = book_chart(bk, LXW_CHART_BAR);
        if (chart == NULL)
            return book_status(bk);
        chart_title_set_name(chart, "Weights over which the portfolio stays the same");
        const char *series[] = {"unchanged from", "weight now", "unchanged to"};
        const int cols[] = {2, 1, 3};
        for (int k = 0; k < 3; k++) {
            if (book_series(bk, chart, series[k], "Sensitivity", 1, (lxw_row_t)m->n_criteria, 0,
                            (lxw_col_t)cols[k]) == NULL)
                return book_status(bk);
        }
        book_insert_chart(bk, ws, (lxw_row_t)(m->n_criteria + 3), 0, chart);
    }
    lxw_row_t r = (lxw_row_t)(m->n_criteria + 20);
    book_text(bk, ws, r, 0, "Project", f->header);
    book_text(bk, ws, r, 1, "Decision now", f->header);
    book_text(bk, ws, r, 2, "Criterion whose weight flips it", f->header);
    book_text(bk, ws, r, 3, "Smallest weight change found (share)", f->header);
    for (size_t q = 0; q < sr->n_flips; q++) {
        const sens_flip *fl = &sr->flips[q];
        r++;
        book_text(bk, ws, r, 0, m->projects[fl->project].id, f->text);
        book_text(bk, ws, r, 1, run->result.selected[fl->project] ? "selected" : "not selected", f->text);
        book_text(bk, ws, r, 2, m->rules.criteria[fl->criterion].name, f->text);
        book_number(bk, ws, r, 3, fl->change, f->pct);
    }
    return book_status(bk);
}

/* "+2.5 engineering in 2027-Q3; +1.2M budget" for a list of extra capacity needs. */
static void needs_text(char *buf, size_t size, const folio_run *run, const trade_need *needs, size_t count)
{
    const model *m = run->m;
    buf[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        const plan_rule *r = &run->rules.items[needs[k].rule];
        char amount[32], part[192];
        text_format_amount(needs[k].extra, amount, sizeof amount);
        if (r->kind == RULE_CAPACITY && m->rules.has_horizon)
            snprintf(part, sizeof part, "%s+%s %s in %s", k ? "; " : "", amount, m->rules.capacities[r->a].name,
                     m->period_labels[r->t]);
        else
            snprintf(part, sizeof part, "%s+%s %s%s", k ? "; " : "", amount, m->rules.capacities[r->a].name,
                     r->kind == RULE_CAPACITY_TOTAL && m->rules.has_horizon ? " over the horizon" : "");
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
    const char *c1 = m->rules.capacities[t->capacity].name, *c2 = m->rules.capacities[s->capacity].name;
    char text[512];
    snprintf(text, sizeof text,
             "Frontier surface: the best objective with %s's limit across and %s's down, every cell an exact "
             "re-solve with only these two capacities' limits scaled (the chosen portfolio highlighted)",
             c1, c2);
    book_text(bk, ws, r, 0, text, f->title);
    snprintf(text, sizeof text, "%s limit (down) / %s limit (across)", c2, c1);
    book_text(bk, ws, r + 2, 0, text, f->header);
    book_row(bk, ws, r + 2, 45, NULL); /* room for the wrapped heading */
    for (size_t k = 0; k < t->n_points; k++)
        book_number(bk, ws, r + 2, (lxw_col_t)(k + 1), t->points[k].limit, f->money_sel);
    for (size_t q = 0; q < s->n_rows; q++) {
        lxw_row_t row = (lxw_row_t)(r + 3 + q);
        book_number(bk, ws, row, 0, s->limit[q], q == s->current ? f->number_sel : f->number);
        for (size_t k = 0; k < t->n_points; k++) {
            size_t cell = q * t->n_points + k;
            bool chosen = q == s->current && t->points[k].current;
            if (isfinite(s->objective[cell]))
                book_number(bk, ws, row, (lxw_col_t)(k + 1), s->objective[cell], chosen ? f->score_sel : f->score);
            else
                book_text(bk, ws, row, (lxw_col_t)(k + 1), solve_status_name(s->status[cell]), f->text);
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
    book_print_setup(bk, ws);
    char text[4096];
    if (!run->has_tradeoffs || t->capacity == SIZE_MAX) {
        book_text(bk, ws, 0, 0,
                               run->has_tradeoffs ? "No capacity to draw a frontier over."
                                                  : "Not analysed: the trade-offs need a proven optimal portfolio "
                                                    "([tradeoffs] enabled = yes).",
                               f->text);
        return book_status(bk);
    }
    const rules_capacity *cap = &m->rules.capacities[t->capacity];
    snprintf(text, sizeof text,
             "Efficient frontier over %s: the best objective at each limit, every point an exact re-solve with "
             "only this capacity's limits scaled (every other rule as given)",
             cap->name);
    book_text(bk, ws, 0, 0, text, f->title);
    static const char *const heads[] = {"Limit", "Share of the current limit", "Status", "Objective",
                                        "Used", "Projects selected", "Entering (vs the row above)",
                                        "Leaving (vs the row above)", "Current portfolio"};
    book_header_row_at(bk, ws, 2, heads, 9);
    book_row(bk, ws, 2, 30, NULL);
    book_column(bk, ws, 0, 5, 15, NULL);
    book_column(bk, ws, 6, 7, 40, NULL);
    book_column(bk, ws, 8, 10, 14, NULL);
    const lxw_row_t r0 = 3;
    for (size_t k = 0; k < t->n_points; k++) {
        const trade_point *p = &t->points[k];
        lxw_row_t row = (lxw_row_t)(r0 + k);
        lxw_format *num = p->current ? f->money_sel : f->money;
        book_number(bk, ws, row, 0, p->limit, num);
        book_number(bk, ws, row, 1, p->factor, f->pct);
        book_text(bk, ws, row, 2, solve_status_name(p->status), p->current ? f->text_sel : f->text);
        if (p->selected != NULL) {
            book_number(bk, ws, row, 3, p->objective, p->current ? f->score_sel : f->score);
            book_number(bk, ws, row, 4, p->used, num);
            book_number(bk, ws, row, 5, (double)p->n_selected, f->integer);
        }
        book_id_list(text, sizeof text, m, p->enter, p->n_enter);
        book_text(bk, ws, row, 6, text, f->wrap);
        book_id_list(text, sizeof text, m, p->leave, p->n_leave);
        book_text(bk, ws, row, 7, text, f->wrap);
        if (p->current) {
            book_text(bk, ws, row, 8, "chosen", f->text_sel);
            /* The marker series: the current point alone. */
            book_number(bk, ws, row, 9, p->limit, f->money);
            book_number(bk, ws, row, 10, p->objective, f->score);
        }
    }
    book_text(bk, ws, 2, 9, "Chosen: limit", f->header);
    book_text(bk, ws, 2, 10, "Chosen: objective", f->header);
    lxw_row_t r1 = (lxw_row_t)(r0 + t->n_points - 1);
    lxw_chart *chart = book_chart(bk, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    if (chart == NULL)
        return book_status(bk);
    snprintf(text, sizeof text, "Best objective against the %s limit", cap->name);
    chart_title_set_name(chart, text);
    lxw_chart_series *mark;
    if (book_series(bk, chart, "optimum", "Frontier", r0, r1, 0, 3) == NULL ||
        (mark = book_series(bk, chart, "chosen", "Frontier", r0, r1, 9, 10)) == NULL)
        return book_status(bk);
    chart_series_set_marker_type(mark, LXW_CHART_MARKER_DIAMOND);
    chart_series_set_marker_size(mark, 10);
    chart_axis_set_name(chart->x_axis, cap->name);
    chart_axis_set_name(chart->y_axis, "objective");
    book_insert_chart(bk, ws, (lxw_row_t)(r1 + 2), 0, chart);
    worksheet_freeze_panes(ws, 3, 1);
    write_surface(bk, ws, (lxw_row_t)(r1 + 20));
    return book_status(bk);
}

/* The Trade-offs sheet: per project the objective change if its decision were forced the other way
 * (or its must-do rule lifted), each an exact re-solve; per capacity the change at +-10%. */
folio_error book_write_trades(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    book_print_setup(bk, ws);
    if (!run->has_tradeoffs) {
        book_text(bk, ws, 0, 0,
                               "Not analysed: the trade-offs need a proven optimal portfolio ([tradeoffs] enabled "
                               "= yes).",
                               f->text);
        return book_status(bk);
    }
    book_text(bk, ws, 0, 0,
                           "The price of each decision: the best objective with the decision forced the other way, "
                           "minus the objective now (exact re-solves; where the time budget stops them, the bounds it "
                           "lies between)",
                           f->title);
    static const char *const heads[] = {"ID", "Name", "Selected", "Score", "Forced", "Status there",
                                        "Objective change (exact re-solve)",
                                        "Objective change at least (a plan found with it forced)",
                                        "Objective change at most (LP bound)"};
    book_header_row_at(bk, ws, 2, heads, 9);
    book_column(bk, ws, 0, 0, 11, NULL);
    book_column(bk, ws, 1, 1, 36, NULL);
    book_column(bk, ws, 2, 8, 16, NULL);
    book_row(bk, ws, 2, 60, NULL); /* four lines of the longest heading */
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
        if (tf->kind != FORCE_NONE && !tf->exact)
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
    lxw_row_t row = (lxw_row_t)(4 + m->n_projects);
    static const char *const cap_heads[] = {"Capacity", "Objective gained with the limits +10%",
                                            "Objective change with the limits -10%", "Status at -10%",
                                            "LP estimate: objective per unit of limit (shadow price)"};
    book_header_row_at(bk, ws, row, cap_heads, 5);
    for (size_t c = 0; c < m->n_capacities; c++) {
        const trade_capacity *tc = &t->caps[c];
        lxw_row_t rr = (lxw_row_t)(row + 1 + c);
        book_text(bk, ws, rr, 0, m->rules.capacities[c].name, f->text);
        if (isfinite(tc->plus))
            book_number(bk, ws, rr, 1, tc->plus, f->score);
        if (isfinite(tc->minus))
            book_number(bk, ws, rr, 2, tc->minus, f->score);
        book_text(bk, ws, rr, 3, solve_status_name(tc->minus_status), f->text);
        if (isfinite(tc->shadow))
            book_number(bk, ws, rr, 4, tc->shadow, f->tiny_plain);
    }
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
            snprintf(text, sizeof text, "no extra capacity admits it: %s", ad->blocked);
            book_text(bk, ws, rr, 1, text, f->wrap);
        } else {
            needs_text(text, sizeof text, run, ad->needs, ad->n_needs);
            book_text(bk, ws, rr, 1, text, f->wrap);
        }
        book_number(bk, ws, rr, 2, ad->gain, f->score);
        book_id_list(text, sizeof text, m, ad->with, ad->n_with);
        book_text(bk, ws, rr, 3, text, f->text);
    }
    row = (lxw_row_t)(row + 2 + t->n_admits);
    static const char *const plan_heads[] = {"Hiring plan: admit", "Extra capacity, all steps so far together",
                                             "Objective gained, all steps so far"};
    book_header_row_at(bk, ws, row, plan_heads, 3);
    for (size_t q = 0; q < t->n_plan; q++) {
        const trade_hire *h = &t->plan[q];
        lxw_row_t rr = (lxw_row_t)(row + 1 + q);
        book_text(bk, ws, rr, 0, m->projects[h->project].id, f->text);
        needs_text(text, sizeof text, run, h->needs, h->n_needs);
        book_text(bk, ws, rr, 1, text, f->wrap);
        book_number(bk, ws, rr, 2, h->gain, f->score);
    }
    worksheet_freeze_panes(ws, 3, 1);
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
    book_print_setup(bk, ws);
    book_text(bk, ws, 0, 0,
                           "Scenarios: the rules as given with the changes below, each solved exactly in the same run",
                           f->title);
    book_column(bk, ws, 0, 0, 30, NULL);
    book_column(bk, ws, 1, (lxw_col_t)(ns + 2), 18, NULL);
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
        for (int used = 0; used < 2; used++) {
            row++;
            snprintf(part, sizeof part, "%s: %s", m->rules.capacities[c].name, used ? "used" : "limit");
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
                    book_number(bk, ws, row, (lxw_col_t)(1 + q), v, f->money);
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
