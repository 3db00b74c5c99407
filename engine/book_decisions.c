/* book_decisions.c - the sheets a reviewer reads first: Cover, Summary, Portfolio (every project
 * with its decision and reason) and, with a horizon, Timeline. */
#include "book_int.h"

#include <coin/Cbc_C_Interface.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "period.h"
#include "replan.h"
#include "version.h"

/* Finds or adds the Portfolio column for a projects-export column. */
static size_t layout_value_column(portfolio_layout *l, const char *header, size_t *next)
{
    if (book_same_column(header, "cost"))
        return l->col_cost;
    for (size_t k = 0; k < l->n_extra; k++)
        if (book_same_column(l->extra[k].header, header))
            return l->extra[k].col;
    if (l->n_extra == sizeof l->extra / sizeof l->extra[0])
        return SIZE_MAX;
    l->extra[l->n_extra] = (value_column){.header = header, .col = (*next)++};
    return l->extra[l->n_extra++].col;
}

/* The name people read for export column header: the label of the capacity that reads it, else
 * the header itself. */
static const char *column_label(const model *m, const char *header)
{
    for (size_t c = 0; c < m->n_capacities; c++)
        if (book_same_column(m->rules.capacities[c].column, header))
            return m->rules.capacities[c].label;
    return header;
}

/* The Portfolio sheet: every project in rank order. It leads with what a reviewer reads (rank, id,
 * name, category, decision, score, cost, with a horizon start and finish, the reason); the detail
 * behind it (flags, timing in periods, the columns capacities and policies use, raw and normalised
 * criterion values) follows as a folded outline group. Score and rank come from Scores, cost and
 * flags from Projects, decisions and reasons are the engine's. Selected rows are green. Lays out
 * bk->layout for the sheets that refer to it. */
folio_error book_write_portfolio(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    portfolio_layout *l = &bk->layout;
    const projects_layout *pl = &bk->pl;
    const model *m = run->m;
    const size_t n = m->n_projects, nk = m->n_criteria;
    const bool have = book_has_portfolio(run);

    /* Lay out the columns: the reviewer's block, then the detail. */
    size_t next = 0;
    l->col_rank = next++;
    l->col_id = next++;
    l->col_name = next++;
    l->col_category = next++;
    l->col_status = l->col_spent = l->col_change = SIZE_MAX;
    if (m->replan)
        l->col_status = next++;
    l->col_decision = next++;
    if (m->has_baseline)
        l->col_change = next++;
    l->col_score = next++;
    l->col_cost = next++;
    if (m->replan)
        l->col_spent = next++;
    l->col_start = l->col_finish = l->col_delay = l->col_start_no = l->col_duration = l->col_value = SIZE_MAX;
    if (m->rules.has_horizon) {
        l->col_start = next++;
        l->col_finish = next++;
    }
    l->col_reason = next++;
    const size_t first_detail = next;
    l->col_selected = next++;
    l->col_must = next++;
    l->col_excluded = next++;
    if (m->rules.has_horizon) {
        l->col_start_no = next++;
        l->col_duration = next++;
        l->col_delay = next++;
        l->col_value = next++;
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
    l->n_cols = next;

    char head[256];
    book_text(bk, ws, 0, (lxw_col_t)l->col_rank, "Rank", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_id, "ID", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_name, "Name", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_category, "Category", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_decision, "Decision", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_score, "Score (0-1)", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_cost, m->replan ? "Cost to complete" : "Cost", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_reason, "Reason", f->header);
    if (m->replan) {
        book_text(bk, ws, 0, (lxw_col_t)l->col_status, "Status", f->header);
        book_text(bk, ws, 0, (lxw_col_t)l->col_spent, "Spent to date", f->header);
    }
    if (m->has_baseline)
        book_text(bk, ws, 0, (lxw_col_t)l->col_change, "Against the baseline", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_selected, "Selected (1 = in)", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_must, "Must-do (1 = yes)", f->header);
    book_text(bk, ws, 0, (lxw_col_t)l->col_excluded, "Excluded (1 = yes)", f->header);
    for (size_t k = 0; k < l->n_extra; k++) {
        snprintf(head, sizeof head, "%s (project total)", column_label(m, l->extra[k].header));
        book_text(bk, ws, 0, (lxw_col_t)l->extra[k].col, head, f->header);
    }
    if (m->rules.has_horizon) {
        book_text(bk, ws, 0, (lxw_col_t)l->col_start, "Start", f->header);
        book_text(bk, ws, 0, (lxw_col_t)l->col_finish, "Finish", f->header);
        book_text(bk, ws, 0, (lxw_col_t)l->col_delay, "Delay (periods)", f->header);
        book_text(bk, ws, 0, (lxw_col_t)l->col_start_no, "Start (period number)", f->header);
        book_text(bk, ws, 0, (lxw_col_t)l->col_duration, "Duration (periods)", f->header);
        book_text(bk, ws, 0, (lxw_col_t)l->col_value, "Value (score after delay penalty)", f->header);
        for (size_t c = 0; c < m->n_capacities; c++) {
            snprintf(head, sizeof head, "%s used in the horizon", m->rules.capacities[c].label);
            book_text(bk, ws, 0, (lxw_col_t)l->cap_col[c], head, f->header);
        }
    }
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        snprintf(head, sizeof head, "%s: raw (%s)", cr->label, cr->column ? cr->column : cr->source);
        book_text(bk, ws, 0, (lxw_col_t)(l->col_raw + k), head, f->header);
        snprintf(head, sizeof head, "%s: normalised (%s raw is better)", cr->label, cr->minimise ? "lower" : "higher");
        book_text(bk, ws, 0, (lxw_col_t)(l->col_norm + k), head, f->header);
    }
    /* Each amount column's format and source, found once rather than on every row. */
    for (size_t k = 0; k < l->n_extra; k++) {
        l->extra[k].projects_col = book_projects_value_col(pl, l->extra[k].header);
        l->extra[k].format = book_in_units(bk, f->number, book_column_units(bk, l->extra[k].header));
    }
    lxw_format **in_horizon = alloc_zeroed_n(m->n_capacities, sizeof *in_horizon);
    if (in_horizon == NULL)
        return FOLIO_ENOMEM;
    for (size_t c = 0; c < m->n_capacities; c++)
        in_horizon[c] = book_in_units(bk, f->engine_num, &bk->cap_num[c]);
    book_column_cap(bk, ws, (lxw_col_t)l->col_name, 36);
    book_column_cap(bk, ws, (lxw_col_t)l->col_category, 22);
    book_column_cap(bk, ws, (lxw_col_t)l->col_reason, 60);
    book_column_detail(bk, ws, (lxw_col_t)first_detail, (lxw_col_t)(l->n_cols - 1));
    book_print_table(bk, ws, 0, 2);

    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        lxw_row_t row = (lxw_row_t)(q + 1);
        const model_project *p = &m->projects[i];
        bool sel = have && run->result.selected[i];
        lxw_format *t = sel ? f->text_sel : f->text, *num = sel ? f->number_sel : f->number;
        lxw_format *money = sel ? f->money_sel : f->money;
        char formula[256], ref[64];
        /* Score, rank, raw and normalised values come from the Scores sheet (same row order). */
        book_sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_rank_col(m));
        snprintf(formula, sizeof formula, "=%s", ref);
        book_formula(bk, ws, row, (lxw_col_t)l->col_rank, formula, sel ? f->rank_sel : f->rank,
                     (double)run->score.rank[i]);
        book_text(bk, ws, row, (lxw_col_t)l->col_id, p->id, t);
        book_text(bk, ws, row, (lxw_col_t)l->col_name, p->name, t);
        book_text(bk, ws, row, (lxw_col_t)l->col_category, p->category, t);
        book_text(bk, ws, row, (lxw_col_t)l->col_decision, explain_decision_name(run->decisions[i].decision),
                               f->engine_text);
        book_number(bk, ws, row, (lxw_col_t)l->col_selected, sel ? 1 : 0, f->engine_int);
        book_sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_score_col(m));
        snprintf(formula, sizeof formula, "=%s", ref);
        book_formula(bk, ws, row, (lxw_col_t)l->col_score, formula, sel ? f->score_sel : f->score, run->score.score[i]);
        book_projects_ref(formula, sizeof formula, q, pl->col_cost);
        book_formula(bk, ws, row, (lxw_col_t)l->col_cost, formula, money, p->cost);
        if (m->replan) {
            book_projects_ref(formula, sizeof formula, q, pl->col_status);
            book_formula_text(bk, ws, row, (lxw_col_t)l->col_status, formula, t, model_status_name(p->status));
            book_projects_ref(formula, sizeof formula, q, pl->col_spent);
            book_formula(bk, ws, row, (lxw_col_t)l->col_spent, formula, money, p->spent);
        }
        if (m->has_baseline) {
            size_t s = have && sel ? run->result.start[i] : p->start_min;
            book_text(bk, ws, row, (lxw_col_t)l->col_change, replan_change_name(replan_change_of(m, i, sel, s)),
                      f->engine_text);
        }
        book_projects_ref(formula, sizeof formula, q, pl->col_must);
        book_formula(bk, ws, row, (lxw_col_t)l->col_must, formula, f->integer, p->must ? 1 : 0);
        book_projects_ref(formula, sizeof formula, q, pl->col_excluded);
        book_formula(bk, ws, row, (lxw_col_t)l->col_excluded, formula, f->integer, p->exclude ? 1 : 0);
        size_t start = have ? run->result.start[i] : p->start_min;
        if (m->rules.has_horizon) {
            char a[32];
            period_label(&m->rules.horizon, (long)start, a, sizeof a);
            book_text(bk, ws, row, (lxw_col_t)l->col_start, a, t);
            period_label(&m->rules.horizon, (long)(start + p->duration - 1), a, sizeof a);
            book_text(bk, ws, row, (lxw_col_t)l->col_finish, a, t);
            book_number(bk, ws, row, (lxw_col_t)l->col_delay, (double)(start - p->start_min), f->engine_int);
            book_number(bk, ws, row, (lxw_col_t)l->col_start_no, (double)(start + 1), f->engine_int);
            book_projects_ref(formula, sizeof formula, q, pl->col_duration);
            book_formula(bk, ws, row, (lxw_col_t)l->col_duration, formula, f->integer, (double)p->duration);
            char sc[16], dl[16], pen[64];
            lxw_rowcol_to_cell(sc, row, (lxw_col_t)l->col_score);
            lxw_rowcol_to_cell(dl, row, (lxw_col_t)l->col_delay);
            book_sheet_cell(pen, sizeof pen, "Criteria", CRIT_ROW_PENALTY, 1);
            snprintf(formula, sizeof formula, "=%s*(1-%s)^%s", sc, pen, dl);
            book_formula(bk, ws, row, (lxw_col_t)l->col_value, formula, f->score,
                                        plan_delayed_value(m, run->score.score[i], start - p->start_min));
        }
        /* Export columns come from the Projects sheet; with a horizon, a capacity's use within the
         * horizon depends on the engine's start, and is the engine's result. */
        for (size_t k = 0; k < l->n_extra; k++) {
            book_projects_ref(formula, sizeof formula, q, l->extra[k].projects_col);
            book_formula(bk, ws, row, (lxw_col_t)l->extra[k].col, formula, l->extra[k].format,
                         book_project_value(m, i, l->extra[k].header));
        }
        for (size_t c = 0; c < m->n_capacities && m->rules.has_horizon; c++)
            book_number(bk, ws, row, (lxw_col_t)l->cap_col[c], model_use_in_horizon(m, i, c, start), in_horizon[c]);
        for (size_t k = 0; k < nk; k++) {
            book_sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_raw_col(k));
            snprintf(formula, sizeof formula, "=%s", ref);
            book_formula(bk, ws, row, (lxw_col_t)(l->col_raw + k), formula, num, p->raw[k]);
            book_sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_norm_col(nk, k));
            snprintf(formula, sizeof formula, "=%s", ref);
            book_formula(bk, ws, row, (lxw_col_t)(l->col_norm + k), formula, f->score,
                                        run->score.norm[i * nk + k]);
        }
        book_text(bk, ws, row, (lxw_col_t)l->col_reason, run->decisions[i].reason, sel ? f->wrap_sel : f->wrap);
        if (!sel)
            book_comment(bk, ws, row, (lxw_col_t)l->col_id, run->decisions[i].reason);
    }
    if (n > 0)
        book_autofilter(bk, ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(l->n_cols - 1));
    worksheet_freeze_panes(ws, 1, (lxw_col_t)(l->col_id + 1));
    free(in_horizon);
    return book_status(bk);
}

/* Timeline sheet (with a horizon): a Gantt-style grid of the selected projects' periods. */
folio_error book_write_timeline(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const model *m = run->m;
    const bool have = book_has_portfolio(run);
    static const char *const names[] = {"ID", "Name", "Start", "Finish", "Delay (periods)"};
    book_header_row(bk, ws, names, 5);
    book_print_table(bk, ws, 0, 2);
    book_column_cap(bk, ws, 1, 36);
    /* A period's flags and the periods after the horizon may first appear rows below the header:
     * aligned as they are all the same, so that on paper no header runs into the next. */
    lxw_format *head_flags = book_format_aligned(bk, f->header, true);
    for (size_t t = 0; t < m->n_periods; t++)
        book_text(bk, ws, 0, (lxw_col_t)(5 + t), m->period_labels[t], head_flags);
    book_text(bk, ws, 0, (lxw_col_t)(5 + m->n_periods), "Periods after the horizon",
              book_format_aligned(bk, f->header, false));
    size_t row = 1;
    for (size_t q = 0; have && q < m->n_projects; q++) {
        size_t i = run->score.order[q];
        if (!run->result.selected[i])
            continue;
        const model_project *p = &m->projects[i];
        size_t s = run->result.start[i];
        char a[32];
        lxw_row_t r = (lxw_row_t)row++;
        book_text(bk, ws, r, 0, p->id, f->text);
        book_text(bk, ws, r, 1, p->name, f->text);
        book_text(bk, ws, r, 2, m->period_labels[s], f->text);
        period_label(&m->rules.horizon, (long)(s + p->duration - 1), a, sizeof a);
        book_text(bk, ws, r, 3, a, f->text);
        book_number(bk, ws, r, 4, (double)(s - p->start_min), f->integer);
        for (size_t t = s; t < s + p->duration && t < m->n_periods; t++)
            book_number(bk, ws, r, (lxw_col_t)(5 + t), 1, f->rank_sel);
        if (s + p->duration > m->n_periods)
            book_number(bk, ws, r, (lxw_col_t)(5 + m->n_periods), (double)(s + p->duration - m->n_periods), f->integer);
    }
    worksheet_freeze_panes(ws, 1, 2);
    return book_status(bk);
}

/* The Summary's capacity table without a horizon: each limited capacity's limit, use, slack and
 * utilisation, live from Capacity use. Returns the row after it. */
static lxw_row_t summary_capacity_use(book *bk, lxw_worksheet *ws, lxw_row_t row)
{
    const book_formats *f = &bk->f;
    const model *m = bk->run->m;
    char formula[160], ref[64];
    static const char *const heads[] = {"Capacity", "Limit", "Used", "Slack", "Utilisation"};
    book_header_row_at(bk, ws, row++, heads, 5);
    const lxw_row_t first = row;
    for (size_t c = 0; c < m->n_capacities; c++) {
        double limit = model_limit(m, c, 0);
        if (!isfinite(limit))
            continue; /* only limited capacities have a slack to show */
        double used = book_used(bk, c, 0);
        book_text(bk, ws, row, 0, m->rules.capacities[c].label, f->text);
        lxw_format *amount = book_in_units(bk, f->number, &bk->cap_num[c]);
        double values[] = {limit, used, limit - used, limit > 0 ? used / limit : 0};
        for (int k = 0; k < 4; k++) {
            /* Capacity use's limit, used, slack and utilisation columns */
            book_sheet_cell(ref, sizeof ref, "Capacity use", book_capacity_row(bk, c, 0), (size_t)(3 + k));
            snprintf(formula, sizeof formula, "=%s", ref);
            book_formula(bk, ws, row, (lxw_col_t)(1 + k), formula, k == 3 ? f->pct : amount, values[k]);
        }
        row++;
    }
    if (row > first) {
        book_utilisation_scale(bk, ws, first, (lxw_row_t)(row - 1), 4);
        row = book_utilisation_legend(bk, ws, (lxw_row_t)(row + 1), 0);
    }
    return row;
}

/* The Summary's capacity table with a horizon: each capacity's utilisation per period (a row per
 * period, a column per capacity, then the whole horizon), live from Capacity use, which has the
 * limits, use and slack behind them. A row per capacity and period would run to pages, and without
 * its header after the first. A horizon longer than a page holds (48 months, say) is cut into parts
 * of equal length, each under its own header and kept on one page. Returns the row after it. */
static lxw_row_t summary_utilisation_by_period(book *bk, lxw_worksheet *ws, lxw_row_t row)
{
    const book_formats *f = &bk->f;
    const model *m = bk->run->m;
    const size_t np = m->n_periods;
    char formula[160], ref[64];
    /* The capacities limited somewhere, each a column; the whole horizon's row where one has a
     * limit over it. */
    size_t *cols = alloc_n(m->n_capacities + 1, sizeof *cols), n_cols = 0;
    bool any_total = false;
    if (cols == NULL) {
        book_check(bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return row;
    }
    for (size_t c = 0; c < m->n_capacities; c++) {
        bool limited = isfinite(m->totals[c]);
        any_total |= limited;
        for (size_t t = 0; t < np && !limited; t++)
            limited = isfinite(model_limit(m, c, t));
        if (limited)
            cols[n_cols++] = c;
    }
    if (n_cols == 0) {
        free(cols);
        return row;
    }
    /* 40 rows and a header fit an upright page of A4 or Letter at 100% with room to spare. */
    const size_t n_rows = np + (any_total ? 1 : 0), parts = (n_rows + 39) / 40, per_part = (n_rows + parts - 1) / parts;
    bool any_blank = false;
    for (size_t t = 0; t < n_rows;) {
        book_text(bk, ws, row, 0, t == 0 ? "Utilisation (used / limit)" : "Utilisation (used / limit), continued",
                  f->header);
        for (size_t k = 0; k < n_cols; k++)
            book_text(bk, ws, row, (lxw_col_t)(1 + k), m->rules.capacities[cols[k]].label, f->header);
        const lxw_row_t first = ++row;
        for (size_t end = t + per_part < n_rows ? t + per_part : n_rows; t < end; t++, row++) {
            bool total = t == np;
            book_text(bk, ws, row, 0, total ? "Whole horizon" : m->period_labels[t], f->text);
            for (size_t k = 0; k < n_cols; k++) {
                const size_t c = cols[k];
                double limit = total ? m->totals[c] : model_limit(m, c, t);
                if (!isfinite(limit)) {
                    any_blank = true; /* no limit there: nothing to use up */
                    continue;
                }
                double used = book_used(bk, c, t);
                book_sheet_cell(ref, sizeof ref, "Capacity use", book_capacity_row(bk, c, t), 6);
                snprintf(formula, sizeof formula, "=%s", ref);
                book_formula(bk, ws, row, (lxw_col_t)(1 + k), formula, f->pct, limit > 0 ? used / limit : 0);
            }
        }
        for (size_t k = 0; k < n_cols; k++)
            book_utilisation_scale(bk, ws, first, (lxw_row_t)(row - 1), (lxw_col_t)(1 + k));
        book_keep_together(bk, ws, first - 1, (lxw_row_t)(row - 1)); /* on paper with its header */
    }
    free(cols);
    book_note(bk, ws, row++,
              any_blank ? "A blank cell: no limit there. Each limit, its use and slack are on Capacity use, drawn per "
                          "period on Capacity charts."
                        : "Each limit, its use and slack are on Capacity use, drawn per period on Capacity charts.");
    return book_utilisation_legend(bk, ws, (lxw_row_t)(row + 1), 0);
}

/* The Summary sheet: status, objective, bound and gap, the selection's count and cost, each limited
 * capacity's limit, use and slack (with a horizon, each one's utilisation per period), all from
 * Capacity use, and the conflict when there is no portfolio. */
folio_error book_write_summary(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const folio_run_options *opt = bk->opt;
    const portfolio_layout *l = &bk->layout;
    const model *m = run->m;
    const size_t n = m->n_projects;
    const solve_result *r = &run->result;
    const bool have = book_has_portfolio(run);
    book_print_table(bk, ws, BOOK_NO_HEADER, 1);
    book_column_cap(bk, ws, 1, 44);
    book_text(bk, ws, 0, 0, "folio portfolio selection", f->title);
    lxw_row_t row = 2;
#define KV_TEXT(key, val)                                                                          \
    do {                                                                                           \
        book_text(bk, ws, row, 0, (key), f->label);                                       \
        book_text(bk, ws, row, 1, (val), f->text);                                        \
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
    for (int k = 0; k < 4; k++) {
        if (paths[k] == NULL) /* no benefits register or demand export */
            continue;
        KV_TEXT(labels[k], paths[k]);
        snprintf(buf, sizeof buf, "%s SHA-256", labels[k]);
        KV_TEXT(buf, shas[k]);
    }
    row++;
    KV_TEXT("Status", solve_status_name(r->status));
    char sel[128], col[128], formula[1024];
    book_range(sel, sizeof sel, "Portfolio", l->col_selected, n);
    /* A re-plan's objective charges the change penalty and the value lost by stopping work in flight. */
    char penalty[512];
    book_replan_terms(bk, penalty, sizeof penalty);
    book_text(bk, ws, row, 0, "Objective (total score)", f->label);
    if (have && n > 0) {
        /* The objective is the sum of values: scores, less the delay penalty with a horizon, less
         * the change penalty against a baseline. */
        book_range(col, sizeof col, "Portfolio", m->rules.has_horizon ? l->col_value : l->col_score, n);
        snprintf(formula, sizeof formula, "=SUMPRODUCT(%s,%s)%s", sel, col, penalty);
        book_formula(bk, ws, row, 1, formula, f->score, r->objective);
    } else {
        book_text(bk, ws, row, 1, "none: no feasible portfolio", f->text);
    }
    row++;
    if (r->status != SOLVE_INFEASIBLE) {
        book_text(bk, ws, row, 0, "Bound (no portfolio scores more)", f->label);
        book_number(bk, ws, row, 1, r->bound, f->score);
        row++;
    }
    if (have) {
        book_text(bk, ws, row, 0, "Gap (bound - objective) / objective", f->label);
        book_number(bk, ws, row, 1, r->gap, f->pct);
        row++;
    }
    book_text(bk, ws, row, 0, "Time limit (s)", f->label);
    book_number(bk, ws, row, 1, opt->solve.time_limit, f->number);
    row++;
    size_t count = 0;
    double cost = 0;
    for (size_t i = 0; have && i < n; i++) {
        count += r->selected[i];
        cost += r->selected[i] ? m->projects[i].cost : 0;
    }
    book_text(bk, ws, row, 0, "Projects selected", f->label);
    if (n > 0) {
        snprintf(formula, sizeof formula, "=SUM(%s)", sel);
        book_formula(bk, ws, row, 1, formula, f->integer, (double)count);
    }
    row++;
    book_text(bk, ws, row, 0, "Cost of the selection", f->label);
    if (n > 0) {
        book_range(col, sizeof col, "Portfolio", l->col_cost, n);
        snprintf(formula, sizeof formula, "=SUMPRODUCT(%s,%s)", sel, col);
        book_formula(bk, ws, row, 1, formula, f->money, cost);
    }
    row++;
    /* With a horizon the cost counts every period of the selected projects, the limit only the
     * horizon's: what the limit holds is the use within it, live from Capacity use. */
    for (size_t c = 0; have && m->rules.has_horizon && c < m->n_capacities; c++) {
        if (!book_same_column(m->rules.capacities[c].column, "cost") || !isfinite(m->totals[c]))
            continue;
        snprintf(buf, sizeof buf, "%s used within the horizon (to %s)", m->rules.capacities[c].label,
                 m->period_labels[m->n_periods - 1]);
        book_text(bk, ws, row, 0, buf, f->label);
        char ref[64];
        book_sheet_cell(ref, sizeof ref, "Capacity use", book_capacity_row(bk, c, m->n_periods), 4);
        snprintf(formula, sizeof formula, "=%s", ref);
        book_formula(bk, ws, row++, 1, formula, book_in_units(bk, f->number, &bk->cap_num[c]),
                     book_used(bk, c, m->n_periods));
    }
    book_text(bk, ws, row, 0, "Projects considered", f->label);
    book_number(bk, ws, row, 1, (double)n, f->integer);
    row++;
    /* Against a baseline: the counts, live on the Changes sheet, the penalty, the price of stability
     * and the budget committed to work in flight. */
    if (m->has_baseline) {
        row++;
        const replan_result *rp = &run->replan;
        const char *const what[] = {"Against the baseline: continued", "Against the baseline: stopped",
                                    "Against the baseline: started", "Against the baseline: moved",
                                    "Changes against the baseline"};
        const char *const cells[] = {bk->chg.continued, bk->chg.stopped, bk->chg.started, bk->chg.moved,
                                     bk->chg.changes};
        const size_t values[] = {rp->continued, rp->stopped, rp->started, rp->moved, rp->changes};
        for (int k = 0; k < 5; k++) {
            if (cells[k][0] == '\0') /* moved: with a horizon only */
                continue;
            book_text(bk, ws, row, 0, what[k], f->label);
            snprintf(formula, sizeof formula, "=%s", cells[k]);
            book_formula(bk, ws, row++, 1, formula, f->integer, (double)values[k]);
        }
        if (isfinite(m->max_changes)) {
            book_text(bk, ws, row, 0, "Most changes allowed", f->label);
            book_number(bk, ws, row++, 1, m->max_changes, f->integer);
        }
        if (m->change_penalty > 0) {
            book_text(bk, ws, row, 0, "Change penalty (per change against the baseline)", f->label);
            snprintf(formula, sizeof formula, "=%s", bk->chg.penalty);
            book_formula(bk, ws, row++, 1, formula, f->score, m->change_penalty);
        }
        if (rp->has_price) {
            snprintf(buf, sizeof buf, "Price of stability (the optimum without max_changes, less this; %s)",
                     rp->price_exact ? "exact" : "not proven");
            book_text(bk, ws, row, 0, buf, f->label);
            book_number(bk, ws, row++, 1, rp->price, f->score);
            book_text(bk, ws, row, 0, "Price of stability, relative to the unlimited optimum", f->label);
            book_number(bk, ws, row++, 1, rp->price_relative, f->pct);
            book_text(bk, ws, row, 0, "Fewest changes that reach the unlimited optimum", f->label);
            book_number(bk, ws, row++, 1, (double)rp->min_changes, f->integer);
        }
        if (bk->chg.committed[0] != '\0') {
            snprintf(buf, sizeof buf, "%s committed to work in flight", m->rules.capacities[rp->cost_capacity].label);
            book_text(bk, ws, row, 0, buf, f->label);
            snprintf(formula, sizeof formula, "=%s", bk->chg.committed);
            lxw_format *amount = book_in_units(bk, f->number, &bk->cap_num[rp->cost_capacity]);
            book_formula(bk, ws, row++, 1, formula, amount, rp->committed);
            if (bk->chg.free[0] != '\0') {
                snprintf(buf, sizeof buf, "%s free for the rest", m->rules.capacities[rp->cost_capacity].label);
                book_text(bk, ws, row, 0, buf, f->label);
                snprintf(formula, sizeof formula, "=%s", bk->chg.free);
                const size_t cc = rp->cost_capacity;
                double limit = m->rules.has_horizon ? m->totals[cc] : model_limit(m, cc, 0);
                book_formula(bk, ws, row++, 1, formula, amount, limit - rp->committed);
            }
        }
    }
    row++;

    if (m->rules.has_horizon)
        row = summary_utilisation_by_period(bk, ws, row);
    else
        row = summary_capacity_use(bk, ws, row);
    if (run->conflicts.count > 0) {
        row++;
        book_text(bk, ws, row++, 0,
                               run->conflicts.minimal ? "Why no portfolio is possible (drop any one to resolve):"
                                                      : "Why no portfolio is possible:",
                               f->label);
        for (size_t k = 0; k < run->conflicts.count; k++)
            book_text(bk, ws, row++, 1, run->conflicts.items[k], f->text);
    }
#undef KV_TEXT
    return book_status(bk);
}

/* The Cover sheet: what the workbook is, where it came from, its sheets, its colours, the master
 * check. */
folio_error book_write_cover(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const folio_run_options *opt = bk->opt;
    const model *m = run->m;
    book_print_table(bk, ws, BOOK_NO_HEADER, 1);
    /* Wide enough for a SHA-256 (64 hex digits, about 66 digits' width) on one line. */
    book_column_cap(bk, ws, 1, 67);
    book_text(bk, ws, 0, 0, "folio portfolio selection", f->title);
    book_note(bk, ws, 1,
              "Which proposals to fund: the portfolio with the highest total score that satisfies every budget, "
              "capacity and rule, chosen exactly by a MIP solver, with a reason for every decision.");
    lxw_row_t row = 3;
    char buf[512];
    book_text(bk, ws, row, 0, "Run id (inputs and version)", f->label);
    book_text(bk, ws, row++, 1, bk->run_id, f->text);
    book_text(bk, ws, row, 0, "Portfolio", f->label);
    book_text(bk, ws, row++, 1, m->rules.name ? m->rules.name : "(unnamed)", f->text);
    book_text(bk, ws, row, 0, "Status", f->label);
    book_text(bk, ws, row++, 1, solve_status_name(run->result.status), f->engine_text);
    snprintf(buf, sizeof buf, "folio %s; CBC %s; libxlsxwriter %s", FOLIO_VERSION, Cbc_getVersion(), LXW_VERSION);
    book_text(bk, ws, row, 0, "Versions", f->label);
    book_text(bk, ws, row++, 1, buf, f->text);
    const char *labels[] = {"Projects export", "Benefits register", "Rule set", "Demand export"};
    const char *paths[] = {opt->in.projects, opt->in.benefits, opt->in.rules, opt->in.demand};
    const char *shas[] = {run->sha_projects, run->sha_benefits, run->sha_rules, run->sha_demand};
    for (int k = 0; k < 4; k++) {
        if (paths[k] == NULL) /* no benefits register or demand export */
            continue;
        snprintf(buf, sizeof buf, "%s\nSHA-256 %s", paths[k], shas[k]);
        book_text(bk, ws, row, 0, labels[k], f->label);
        book_text(bk, ws, row++, 1, buf, f->wrap);
    }
    book_text(bk, ws, row, 0, "Money shown in", f->label);
    if (bk->currency[0] == '\0')
        snprintf(buf, sizeof buf, "no currency: the export's costs carry none, nor does [output] currency");
    else
        snprintf(buf, sizeof buf, "%s, as %s", bk->currency,
                 m->rules.currency != NULL ? "[output] currency says" : "the export writes its costs");
    book_text(bk, ws, row++, 1, buf, f->text);
    row++;
    char master[64];
    book_sheet_cell(master, sizeof master, "Checks", CHECKS_ROW_MASTER, 5);
    snprintf(buf, sizeof buf, "=%s", master);
    book_text(bk, ws, row, 0, "Master check (checks failing)", f->label);
    book_formula(bk, ws, row++, 1, buf, f->good, 0);
    row++;
    /* On paper no section's heading ends a page: the short ones are kept whole, the list of sheets
     * with at least its first two rows. */
    book_keep_together(bk, ws, (lxw_row_t)row, (lxw_row_t)(row + 2));
    book_text(bk, ws, row++, 0, "Sheets", f->header);
    for (size_t k = 0; k < bk->n_sheets; k++) {
        snprintf(buf, sizeof buf, "internal:'%s'!A1", bk->sheets[k]);
        book_url(bk, ws, row, 0, buf, f->link);
        book_text(bk, ws, row, 0, bk->sheets[k], f->link);
        book_text(bk, ws, row++, 1, bk->about[k], f->text);
    }
    row++;
    const size_t colours = row;
    book_text(bk, ws, row++, 0, "Colours", f->header);
    book_text(bk, ws, row, 0, "Input", f->input_text);
    book_text(bk, ws, row++, 1, "a value read from the exports or the rules; change it to ask what if", f->text);
    book_text(bk, ws, row, 0, "Calculation", f->text);
    book_text(bk, ws, row++, 1, "a live formula over the inputs (its value as folio computed it is cached)", f->text);
    book_text(bk, ws, row, 0, "Engine result", f->engine_text);
    book_text(bk, ws, row++, 1, "a decision the optimiser made (selected, start): a value, not a formula", f->text);
    book_text(bk, ws, row, 0, "Selected", f->text_sel);
    book_text(bk, ws, row++, 1, "a project in the portfolio", f->text);
    row = book_utilisation_legend(bk, ws, row, 0);
    book_text(bk, ws, row, 0, "Folded columns", f->label);
    book_text(bk, ws, row++, 1,
              "the detail behind the Portfolio (flags, capacity use, raw and normalised criterion values): open "
              "the group with the + above the columns; folded, it is not printed",
              f->text);
    book_keep_together(bk, ws, (lxw_row_t)colours, (lxw_row_t)(row - 1));
    row++;
    const size_t limits = row;
    book_text(bk, ws, row++, 0, "Known limitations", f->header);
    book_text(bk, ws, row++, 1,
                           "Decisions are the solver's and do not change when an input is edited: the Checks sheet then "
                           "shows which rules the old decisions break.",
                           f->text);
    book_text(bk, ws, row++, 1,
                           "Missing criterion values appear already filled as the rules say (see Data quality).", f->text);
    if (run->result.status == SOLVE_FEASIBLE)
        book_text(bk, ws, row++, 1, "The solver stopped at its time limit: the portfolio is feasible, its "
                                             "optimality not proven (see the gap on the Summary).", f->text);
    book_keep_together(bk, ws, (lxw_row_t)limits, (lxw_row_t)(row - 1));
    return book_status(bk);
}
