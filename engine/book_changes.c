/* book_changes.c - the Changes sheet of a re-plan against a baseline: every project the baseline or
 * the new portfolio holds, its decision then and now, whether it counts as a change, and live totals
 * (continued, stopped, started, moved, changes, the penalty charged, the budget committed to work in
 * flight) that the Summary and the Checks refer to; then the attribution's steps. Input changes:
 * the inputs that changed since the baseline. */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diff.h"
#include "period.h"
#include "replan.h"
#include "summary.h"

/* The order rows are read in: what changed first (stopped, started, moved), then what continued. */
static int change_order(replan_change c)
{
    switch (c) {
    case REPLAN_STOPPED:
        return 0;
    case REPLAN_STARTED:
        return 1;
    case REPLAN_MOVED:
        return 2;
    default:
        return 3;
    }
}

/* A decision as the sheet shows it: "selected", "selected, 2027-Q2" with a horizon, or "not selected". */
static void decision_text(const model *m, bool selected, size_t start, char *out, size_t size)
{
    if (!selected) {
        snprintf(out, size, "not selected");
    } else if (m->rules.has_horizon && start != SIZE_MAX) {
        char a[32];
        period_label(&m->rules.horizon, (long)start, a, sizeof a);
        snprintf(out, size, "selected, %s", a);
    } else {
        snprintf(out, size, "selected");
    }
}

/* "$I$2:$I$40": rows 1..last of column col. */
static void column_range(char out[32], lxw_col_t col, lxw_row_t last)
{
    char a[16], b[16];
    lxw_rowcol_to_cell_abs(a, 1, col, 1, 1);
    lxw_rowcol_to_cell_abs(b, last, col, 1, 1);
    snprintf(out, 32, "%s:%s", a, b);
}

/* One total below the table: label, a live formula with the engine's value cached; its absolute
 * reference from other sheets goes into ref (NULL: none). */
static void total_row(book *bk, lxw_worksheet *ws, lxw_row_t *row, const char *label, const char *formula,
                      lxw_format *f, double value, char *ref, size_t ref_size)
{
    book_text(bk, ws, *row, 1, label, bk->f.label);
    book_formula(bk, ws, *row, 2, formula, f, value);
    if (ref != NULL)
        book_sheet_cell(ref, ref_size, "Changes", *row, 2);
    (*row)++;
}

/* The attribution's steps from row on: each step's optimum (an exact solve; the last is the run's)
 * and its effect on the objective as a formula; the effects' sum against the change in objective,
 * now (live, as the Summary computes it) less the baseline's (an input). */
static lxw_row_t write_steps(book *bk, lxw_worksheet *ws, lxw_row_t row)
{
    const book_formats *f = &bk->f;
    const attrib_result *at = &bk->run->attrib;
    changes_cells *chg = &bk->chg;
    chg->effects[0] = chg->change[0] = '\0';
    if (!at->done) {
        char note[320];
        snprintf(note, sizeof note, "Changes not attributed: %s.", at->why_not);
        book_text(bk, ws, row, 1, note, f->text);
        return row + 1;
    }
    const lxw_row_t title = row;
    book_text(bk, ws, row++, 1, "What changed the objective: the baseline's inputs moved to today's one group at a time",
              f->header);
    static const char *const heads[] = {"", "Step", "Objective after it (exact solve)", "Effect on the objective"};
    for (int k = 1; k < 4; k++)
        book_text(bk, ws, row, (lxw_col_t)k, heads[k], f->header);
    row++;
    book_text(bk, ws, row, 1, "The baseline's objective, as its summary records it", f->label);
    const book_numfmt four = {.min_dec = 4, .max_dec = 4};
    book_number(bk, ws, row, 2, at->baseline_objective, book_in_units(bk, f->input_num, &four));
    char base[16], prev[16], cur[16], formula[256];
    lxw_rowcol_to_cell_abs(base, row, 2, 1, 1);
    snprintf(prev, sizeof prev, "%s", base);
    row++;
    const lxw_row_t first = row;
    lxw_format *solved = book_in_units(bk, f->engine_num, &four);
    for (size_t s = 0; s < at->n_steps; s++, row++) {
        const attrib_step *st = &at->steps[s];
        book_text(bk, ws, row, 1, st->label, f->text);
        book_number(bk, ws, row, 2, st->objective, solved);
        lxw_rowcol_to_cell(cur, row, 2);
        snprintf(formula, sizeof formula, "=%s-%s", cur, prev);
        book_formula(bk, ws, row, 3, formula, f->score, st->effect);
        snprintf(prev, sizeof prev, "%s", cur);
    }
    char a[16], b[16], objective[1024], sel[128], col[128], terms[512];
    const model *m = bk->run->m;
    const size_t n = m->n_projects;
    lxw_rowcol_to_cell_abs(a, first, 3, 1, 1);
    lxw_rowcol_to_cell_abs(b, row - 1, 3, 1, 1);
    snprintf(formula, sizeof formula, "=SUM(%s:%s)", a, b);
    double sum = 0;
    for (size_t s = 0; s < at->n_steps; s++)
        sum += at->steps[s].effect;
    book_text(bk, ws, row, 1, "Sum of the effects", f->label);
    book_formula(bk, ws, row, 3, formula, f->score, sum);
    book_sheet_cell(chg->effects, sizeof chg->effects, "Changes", row, 3);
    row++;
    /* The objective now, as the Summary recomputes it, less the baseline's. */
    book_range(sel, sizeof sel, "Portfolio", bk->layout.col_selected, n);
    book_range(col, sizeof col, "Portfolio", m->rules.has_horizon ? bk->layout.col_value : bk->layout.col_score, n);
    book_replan_terms(bk, terms, sizeof terms);
    snprintf(objective, sizeof objective, "=SUMPRODUCT(%s,%s)%s-%s", sel, col, terms, base);
    book_text(bk, ws, row, 1, "Change in the objective (now, live, less the baseline's)", f->label);
    book_formula(bk, ws, row, 3, objective, f->score, bk->run->result.objective - at->baseline_objective);
    book_sheet_cell(chg->change, sizeof chg->change, "Changes", row, 3);
    book_keep_together(bk, ws, title, row); /* a short table: on paper on one page, with its title */
    return row + 1;
}

/* The Input changes sheet (with a baseline): the inputs that changed since it, as `folio diff`
 * finds them, this run's summary (written in memory) against the baseline's; a note when the
 * baseline is a list of ids, which records no inputs. */
folio_error book_write_input_changes(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    static const char *const heads[] = {"What", "Which", "Field", "Baseline (files: SHA-256)", "Now"};
    book_header_row(bk, ws, heads, 5);
    book_print_table(bk, ws, 0, 2);
    lxw_row_t at = 1, *row = &at;
    json_t *old = bk->run->baseline_summary, *now = NULL;
    if (old == NULL) {
        book_note(bk, ws, 1, "The baseline is a list of ids: it records no inputs to compare with.");
        return book_status(bk);
    }
    folio_error err;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL)
        return FOLIO_ENOMEM;
    err = summary_write_stream(bk->run, bk->opt, bk->d, mem);
    if (fclose(mem) != 0 && err == FOLIO_OK)
        err = FOLIO_ENOMEM;
    json_error_t e;
    now = err == FOLIO_OK ? json_loadb(text, len, 0, &e) : NULL;
    free(text);
    summary_diff diff;
    if (now == NULL || diff_summaries(old, now, &diff) != FOLIO_OK) {
        json_decref(now);
        return err != FOLIO_OK ? err : FOLIO_ENOMEM;
    }
    char counts[320], line[400];
    diff_input_counts(&diff, counts, sizeof counts);
    snprintf(line, sizeof line, "Inputs since the baseline: %s", counts);
    for (size_t k = 0; k < diff.n; k++) {
        const diff_entry *de = &diff.items[k];
        if (de->kind < DIFF_ADDED)
            continue; /* decisions are the table above */
        book_text(bk, ws, *row, 0, diff_kind_name(de->kind), f->text);
        book_text(bk, ws, *row, 1, de->what, f->text);
        book_text(bk, ws, *row, 2, de->field ? de->field : "", f->text);
        if (de->kind != DIFF_ADDED && de->kind != DIFF_REMOVED) {
            json_t *sides[2] = {de->old, de->now};
            for (int k = 0; k < 2; k++) { /* numbers as numbers, anything else as folio diff shows it */
                char v[512];
                diff_show(sides[k], v, sizeof v);
                if (de->kind == DIFF_FILE) /* a digest's first 12 hex digits tell the files apart */
                    v[strlen(v) > 12 ? 12 : strlen(v)] = '\0';
                if (json_is_number(sides[k]))
                    book_number(bk, ws, *row, (lxw_col_t)(3 + k), json_number_value(sides[k]), f->input_num);
                else
                    book_text(bk, ws, *row, (lxw_col_t)(3 + k), v, f->input_text);
            }
        }
        (*row)++;
    }
    book_note(bk, ws, *row + 1, line);
    if (*row > 1)
        book_autofilter(bk, ws, 0, 0, *row - 1, 4);
    worksheet_freeze_panes(ws, 1, 0);
    diff_free(&diff);
    json_decref(now);
    return book_status(bk);
}

folio_error book_write_changes(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const portfolio_layout *l = &bk->layout;
    const model *m = run->m;
    const solve_result *r = &run->result;
    const replan_result *rp = &run->replan;
    changes_cells *chg = &bk->chg;
    const bool have = book_has_portfolio(run), horizon = m->rules.has_horizon;
    const size_t n = m->n_projects;

    /* The rows: every project the baseline or the portfolio holds, in reading order. */
    size_t *rows = alloc_zeroed_n(n ? n : 1, sizeof *rows);
    if (rows == NULL)
        return FOLIO_ENOMEM;
    size_t count = 0;
    for (int pass = 0; pass < 4; pass++)
        for (size_t q = 0; q < n; q++) {
            size_t i = run->score.order[q];
            bool sel = have && r->selected[i];
            replan_change c = replan_change_of(m, i, sel, sel ? r->start[i] : m->projects[i].start_min);
            if (c != REPLAN_KEPT_OUT && change_order(c) == pass)
                rows[count++] = i;
        }

    enum { C_ID, C_NAME, C_STATUS, C_BASELINE, C_NOW, C_CHANGE, C_CAUSE, C_COUNTS, C_REASON, C_IN_BASE, C_SEL, C_BSTART,
           C_START };
    const char *names[] = {"ID", "Name", "Status", "Baseline decision", "Decision now", "Against the baseline",
                           "Cause (the step from which on it is so; table below)", "Counts as a change (1 = yes)",
                           "Reason now", "In the baseline (1 = yes)", "Selected now (1 = in)",
                           "Baseline start (period number; 0 = any)", "Start now (period number)"};
    const attrib_result *at = &run->attrib;
    const size_t n_cols = horizon ? C_START + 1 : C_SEL + 1;
    book_header_row(bk, ws, names, n_cols);
    book_print_table(bk, ws, 0, 2);
    book_column_cap(bk, ws, C_NAME, 36);
    book_column_cap(bk, ws, C_REASON, 60);
    book_column_cap(bk, ws, C_CAUSE, 28);
    book_column_detail(bk, ws, C_IN_BASE, (lxw_col_t)(n_cols - 1));

    char formula[1024], ref[64], I[16], J[16], K[16], L[16], text[64];
    lxw_row_t row = 1;
    for (size_t k = 0; k < count; k++, row++) {
        size_t i = rows[k], q = run->score.rank[i]; /* q: the project's Portfolio and Projects row */
        const model_project *p = &m->projects[i];
        bool sel = have && r->selected[i];
        size_t s = sel ? r->start[i] : p->start_min;
        replan_change c = replan_change_of(m, i, sel, s);
        bool counted = model_is_change(m, i, sel, s);
        lxw_format *t = sel ? f->text_sel : f->text;
        book_text(bk, ws, row, C_ID, p->id, t);
        book_text(bk, ws, row, C_NAME, p->name, t);
        book_sheet_cell(ref, sizeof ref, "Projects", q, bk->pl.col_status);
        snprintf(formula, sizeof formula, "=%s", ref);
        book_formula_text(bk, ws, row, C_STATUS, formula, t, model_status_name(p->status));
        decision_text(m, p->in_baseline, p->baseline_start, text, sizeof text);
        book_text(bk, ws, row, C_BASELINE, text, f->input_text);
        decision_text(m, sel, s, text, sizeof text);
        book_text(bk, ws, row, C_NOW, text, f->engine_text);
        book_text(bk, ws, row, C_CHANGE, replan_change_name(c), f->engine_text);
        book_text(bk, ws, row, C_CAUSE,
                  at->done && at->cause[i] != SIZE_MAX ? at->steps[at->cause[i]].label : "", f->engine_text);
        book_text(bk, ws, row, C_REASON, run->decisions[i].reason, sel ? f->wrap_sel : f->wrap);
        book_number(bk, ws, row, C_IN_BASE, p->in_baseline ? 1 : 0, f->input_int);
        book_sheet_cell(ref, sizeof ref, "Portfolio", q, l->col_selected);
        snprintf(formula, sizeof formula, "=%s", ref);
        book_formula(bk, ws, row, C_SEL, formula, f->integer, sel ? 1 : 0);
        lxw_rowcol_to_cell(I, row, C_IN_BASE);
        lxw_rowcol_to_cell(J, row, C_SEL);
        if (horizon) {
            bool fixed = p->in_baseline && p->baseline_start != SIZE_MAX;
            book_number(bk, ws, row, C_BSTART, fixed ? (double)(p->baseline_start + 1) : 0, f->input_int);
            book_sheet_cell(ref, sizeof ref, "Portfolio", q, l->col_start_no);
            snprintf(formula, sizeof formula, "=%s", ref);
            book_formula(bk, ws, row, C_START, formula, f->integer, (double)(s + 1));
            lxw_rowcol_to_cell(K, row, C_BSTART);
            lxw_rowcol_to_cell(L, row, C_START);
        }
        /* A baseline project is a change when stopped (or, counting moves, started elsewhere); any
         * other project when started. */
        if (horizon && m->count_moves)
            snprintf(formula, sizeof formula, "=IF(%s=1,IF(%s=0,1,IF(AND(%s>0,%s<>%s),1,0)),%s)", I, J, K, K, L, J);
        else
            snprintf(formula, sizeof formula, "=IF(%s=1,1-%s,%s)", I, J, J);
        book_formula(bk, ws, row, C_COUNTS, formula, f->integer, counted ? 1 : 0);
    }
    /* Baseline projects this export no longer has: removed, not counted (nothing to decide). */
    for (size_t k = 0; k < m->n_baseline_unknown; k++, row++) {
        book_text(bk, ws, row, C_ID, m->baseline_unknown[k], f->text);
        book_text(bk, ws, row, C_STATUS, "not in the export", f->text);
        book_text(bk, ws, row, C_BASELINE, "selected", f->input_text);
        book_text(bk, ws, row, C_CHANGE, "removed", f->engine_text);
        book_number(bk, ws, row, C_COUNTS, 0, f->integer);
    }
    free(rows);
    const lxw_row_t last = row - 1;
    if (last >= 1)
        book_autofilter(bk, ws, 0, 0, last, (lxw_col_t)(n_cols - 1));
    worksheet_freeze_panes(ws, 1, 1);

    /* Live totals over the table: SUMPRODUCT of 0/1 columns, which every spreadsheet evaluates. */
    char in_base[32], sel[32], bstart[32], start[32], counts[32];
    const lxw_row_t r1 = last >= 1 ? last : 1;
    column_range(in_base, C_IN_BASE, r1);
    column_range(sel, C_SEL, r1);
    column_range(bstart, C_BSTART, r1);
    column_range(start, C_START, r1);
    column_range(counts, C_COUNTS, r1);
    row++;
    const lxw_row_t totals = row;
    book_text(bk, ws, row++, 1, "Totals (live over the rows above)", f->header);
    char moved[256] = "";
    if (horizon)
        snprintf(moved, sizeof moved, "SUMPRODUCT((%s=1)*(%s=1)*(%s>0)*(%s<>%s))", in_base, sel, bstart, bstart, start);
    snprintf(formula, sizeof formula, "=SUMPRODUCT((%s=1)*(%s=1))%s%s", in_base, sel, horizon ? "-" : "", moved);
    total_row(bk, ws, &row, "Continued (in both, at the same start)", formula, f->integer, (double)rp->continued,
              chg->continued, sizeof chg->continued);
    snprintf(formula, sizeof formula, "=SUMPRODUCT((%s=1)*(%s=0))", in_base, sel);
    total_row(bk, ws, &row, "Stopped (in the baseline, now out)", formula, f->integer, (double)rp->stopped,
              chg->stopped, sizeof chg->stopped);
    snprintf(formula, sizeof formula, "=SUMPRODUCT((%s=0)*(%s=1))", in_base, sel);
    total_row(bk, ws, &row, "Started (new in the portfolio)", formula, f->integer, (double)rp->started, chg->started,
              sizeof chg->started);
    chg->moved[0] = '\0';
    if (horizon) {
        snprintf(formula, sizeof formula, "=%s", moved);
        total_row(bk, ws, &row, m->count_moves ? "Moved (in both, at another start; a change)"
                                               : "Moved (in both, at another start; not a change)",
                  formula, f->integer, (double)rp->moved, chg->moved, sizeof chg->moved);
    }
    if (m->n_baseline_unknown > 0) {
        book_text(bk, ws, row, 1, "Removed (in the baseline, not in the export; not counted)", f->label);
        book_number(bk, ws, row++, 2, (double)m->n_baseline_unknown, f->engine_int);
    }
    snprintf(formula, sizeof formula, "=SUM(%s)", counts);
    char chn[16], pen[16];
    lxw_rowcol_to_cell_abs(chn, row, 2, 1, 1);
    total_row(bk, ws, &row, "Changes (decisions that differ from the baseline)", formula, f->integer,
              (double)rp->changes, chg->changes, sizeof chg->changes);
    if (isfinite(m->max_changes)) {
        book_text(bk, ws, row, 1, "Most changes allowed ([replan] max_changes)", f->label);
        book_number(bk, ws, row++, 2, m->max_changes, f->input_int);
    }
    book_text(bk, ws, row, 1, "Change penalty (objective charged per change)", f->label);
    book_number(bk, ws, row, 2, m->change_penalty, f->input_num);
    book_sheet_cell(chg->penalty, sizeof chg->penalty, "Changes", row, 2);
    lxw_rowcol_to_cell_abs(pen, row, 2, 1, 1);
    row++;
    snprintf(formula, sizeof formula, "=%s*%s", pen, chn);
    total_row(bk, ws, &row, "Penalty charged in the objective", formula, f->score,
              m->change_penalty * (double)rp->changes, NULL, 0);

    /* The budget: what continued work in flight still needs of it, and what is left for the rest. */
    chg->committed[0] = chg->free[0] = '\0';
    if (rp->cost_capacity != SIZE_MAX) {
        const size_t cc = rp->cost_capacity;
        char status[128], sel_p[128], use[128];
        book_range(status, sizeof status, "Portfolio", l->col_status, n);
        book_range(sel_p, sizeof sel_p, "Portfolio", l->col_selected, n);
        book_range(use, sizeof use, "Portfolio", l->cap_col[cc], n);
        const book_numfmt *units = &bk->cap_num[cc];
        lxw_format *amount = book_in_units(bk, f->number, units);
        snprintf(formula, sizeof formula, "=SUMPRODUCT(((%s=\"in_progress\")+(%s=\"on_hold\"))*%s,%s)", status, status,
                 sel_p, use);
        char label[256];
        snprintf(label, sizeof label, "%s committed to work in flight that continues", m->rules.capacities[cc].label);
        total_row(bk, ws, &row, label, formula, amount, rp->committed, chg->committed, sizeof chg->committed);
        double limit = horizon ? m->totals[cc] : model_limit(m, cc, 0);
        if (isfinite(limit)) {
            char lim[64], com[16];
            book_sheet_cell(lim, sizeof lim, "Limits", book_capacity_row(bk, cc, horizon ? m->n_periods : 0), 3);
            lxw_rowcol_to_cell_abs(com, row - 1, 2, 1, 1);
            snprintf(formula, sizeof formula, "=%s-%s", lim, com);
            snprintf(label, sizeof label, "%s free for the rest (limit - committed)", m->rules.capacities[cc].label);
            total_row(bk, ws, &row, label, formula, amount, limit - rp->committed, chg->free, sizeof chg->free);
        }
    }
    book_keep_together(bk, ws, totals, (lxw_row_t)(row - 1));
    write_steps(bk, ws, row + 1);
    return book_status(bk);
}
