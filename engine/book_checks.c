/* book_checks.c - the Checks sheet: every rule recomputed by formula from the other sheets and
 * compared with the engine's value, and the master check that sums the failures. */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

folio_error book_write_checks(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const portfolio_layout *l = &bk->layout;
    const capacity_rows *caprows = &bk->caprows;
    const model *m = run->m;
    const size_t n = m->n_projects, nk = m->n_criteria;
    const solve_result *r = &run->result;
    const bool have = book_has_portfolio(run);
    const plan chosen = solve_plan_of(r);
    static const char *const names[] = {"Check",          "Recomputed (formula)", "Engine's value",
                                        "Bound or target", "Tolerance",           "Fails (1 = yes)"};
    book_header_row(bk, ws, names, 6);
    book_column_cap(bk, ws, 0, 56);
    book_text(bk, ws, CHECKS_ROW_EXISTS, 0,
                           "A portfolio exists (1 = yes; checks on the selection apply only then)", f->label);
    book_number(bk, ws, CHECKS_ROW_EXISTS, 2, have ? 1 : 0, f->engine_int);
    char exists[16], formula[1024], a[64], b[64], sel[128], col[128], cell[16];
    lxw_rowcol_to_cell_abs(exists, CHECKS_ROW_EXISTS, 2, 1, 1);
    book_range(sel, sizeof sel, "Portfolio", l->col_selected, n);
    size_t row = CHECKS_ROW_FIRST;
    size_t failing = 0;

/* One check row: recomputed formula and its cached value, the engine's value, the bound, the
 * tolerance, and the formula that flags it (with B, C, D, E standing for this row's cells). */
#define CHECK_ROW(label, units, rec_formula, rec_value, engine, bound, tol, flag_fmt, fails, ...)      \
    do {                                                                                           \
        lxw_row_t rr = (lxw_row_t)row;                                                             \
        lxw_format *amount = book_in_units(bk, f->number, (units));                                \
        char B[16], C[16], D[16], E[16];                                                           \
        lxw_rowcol_to_cell(B, rr, 1);                                                              \
        lxw_rowcol_to_cell(C, rr, 2);                                                              \
        lxw_rowcol_to_cell(D, rr, 3);                                                              \
        lxw_rowcol_to_cell(E, rr, 4);                                                              \
        book_text(bk, ws, rr, 0, (label), f->text);                                                \
        book_formula(bk, ws, rr, 1, (rec_formula), amount, (rec_value));                           \
        book_number(bk, ws, rr, 2, (engine), amount);                                              \
        book_number(bk, ws, rr, 3, (bound), amount);                                               \
        book_number(bk, ws, rr, 4, (tol), f->tolerance);                                           \
        snprintf(formula, sizeof formula, flag_fmt, __VA_ARGS__);                                  \
        book_formula(bk, ws, rr, 5, formula, (fails) ? f->bad : f->good, (fails) ? 1 : 0); \
        failing += (fails) ? 1 : 0;                                                                \
        row++;                                                                                     \
    } while (0)

    char label[512];
    /* The units of each check's figures: counts and flags, scores, or the amounts of a capacity. */
    const book_numfmt count = {0}, score = {.min_dec = 4, .max_dec = 6};
    /* Weights sum to 1. */
    {
        double sum = 0;
        for (size_t k = 0; k < nk; k++)
            sum += m->weights[k];
        char wf[16], wl[16];
        lxw_rowcol_to_cell_abs(wf, CRIT_ROW_NORMALISED, 1, 1, 1);
        lxw_rowcol_to_cell_abs(wl, CRIT_ROW_NORMALISED, (lxw_col_t)(nk > 0 ? nk : 1), 1, 1);
        char rec[128];
        snprintf(rec, sizeof rec, "=SUM(Criteria!%s:%s)", wf, wl);
        CHECK_ROW("Normalised weights sum to 1", &score, rec, sum, 1.0, 1.0, 1e-9, "=IF(ABS(%s-%s)<=%s,0,1)", 0, B, D, E);
    }
    /* The objective recomputed from the Portfolio sheet equals the engine's. */
    if (n > 0) {
        book_range(col, sizeof col, "Portfolio", m->rules.has_horizon ? l->col_value : l->col_score, n);
        char rec[1024], terms[512];
        book_replan_terms(bk, terms, sizeof terms); /* as the Summary charges them */
        snprintf(rec, sizeof rec, "=SUMPRODUCT(%s,%s)%s", sel, col, terms);
        double obj = have ? r->objective : 0;
        CHECK_ROW("Objective (sum of selected values) equals the engine's", &score, rec, obj, obj, obj,
                  1e-9 * fmax(1.0, fabs(obj)), "=IF(ABS(%s-%s)<=%s,0,1)", 0, B, C, E);
    }
    /* Every capacity, in every period and over the horizon, within its limit. */
    size_t rows_per_cap = m->n_periods + (m->rules.has_horizon ? 1 : 0);
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < rows_per_cap; t++) {
            bool total = t == m->n_periods;
            double limit = total ? m->totals[c] : model_limit(m, c, t);
            if (!isfinite(limit))
                continue;
            double used = book_used(bk, c, t);
            book_sheet_cell(a, sizeof a, "Capacity use", book_capacity_row(bk, c, t), 4);
            char rec[128];
            snprintf(rec, sizeof rec, "=%s", a);
            snprintf(label, sizeof label, "Capacity %s%s%s within its limit", m->rules.capacities[c].label,
                     m->rules.has_horizon ? " in " : "", !m->rules.has_horizon ? "" : total ? "the whole horizon" : m->period_labels[t]);
            /* Without a portfolio the empty selection is shown, which may owe stop costs: no check. */
            CHECK_ROW(label, &bk->cap_num[c], rec, used, used, limit, 1e-9 * fmax(1.0, fabs(limit)),
                      "=IF(%s=0,0,IF(AND(ABS(%s-%s)<=%s,%s<=%s+%s),0,1))", 0, exists, B, C, E, B, D, E);
        }
    }
    /* Every policy bound met. */
    size_t prow = caprows->first_policy_row;
    for (size_t q = 0; q < run->rules.count; q++) {
        const plan_rule *rule = &run->rules.items[q];
        if (rule->kind < RULE_POLICY_MIN || rule->kind > RULE_POLICY_COUNT_MAX)
            continue;
        bool is_min = rule->kind == RULE_POLICY_MIN || rule->kind == RULE_POLICY_COUNT_MIN;
        double bound = plan_rule_limit(m, rule), value = have ? plan_rule_activity(m, rule, chosen) : 0;
        book_sheet_cell(a, sizeof a, "Capacity use", prow++, 5);
        char rec[128];
        snprintf(rec, sizeof rec, "=%s", a);
        bool amounts = rule->kind == RULE_POLICY_MIN || rule->kind == RULE_POLICY_MAX;
        const book_numfmt *units = amounts ? book_column_units(bk, m->rules.policies[rule->a].column) : &count;
        snprintf(label, sizeof label, "Policy %s: %s %s", m->rules.policies[rule->a].label, is_min ? "at least" : "at most",
                 amounts ? m->rules.policies[rule->a].column : "the count");
        if (is_min)
            CHECK_ROW(label, units, rec, value, value, bound, 1e-9 * fmax(1.0, fabs(bound)),
                      "=IF(%s=0,0,IF(AND(ABS(%s-%s)<=%s,%s>=%s-%s),0,1))", 0, exists, B, C, E, B, D, E);
        else
            CHECK_ROW(label, units, rec, value, value, bound, 1e-9 * fmax(1.0, fabs(bound)),
                      "=IF(%s=0,0,IF(AND(ABS(%s-%s)<=%s,%s<=%s+%s),0,1))", 0, exists, B, C, E, B, D, E);
    }
    /* The limit on changes against the baseline, counted live on the Changes sheet. */
    for (size_t q = 0; q < run->rules.count; q++) {
        const plan_rule *rule = &run->rules.items[q];
        if (rule->kind != RULE_CHANGES)
            continue;
        /* Without a portfolio the empty selection is shown: every baseline project stopped. */
        const plan shown = have ? chosen : (plan){bk->none, NULL};
        double bound = plan_rule_limit(m, rule), value = plan_rule_activity(m, rule, shown);
        char rec[128];
        snprintf(rec, sizeof rec, "=%s", bk->chg.changes);
        CHECK_ROW("Changes against the baseline within max_changes", &count, rec, value, value, bound, 0.0,
                  "=IF(%s=0,0,IF(AND(%s=%s,%s<=%s),0,1))", 0, exists, B, C, B, D);
    }
    /* The attribution's steps add up to the change in objective since the baseline. */
    if (bk->chg.effects[0] != '\0' && have) {
        const attrib_result *at = &run->attrib;
        double change = r->objective - at->baseline_objective;
        char rec[128], bound[128];
        snprintf(rec, sizeof rec, "=%s", bk->chg.effects);
        snprintf(bound, sizeof bound, "%s", bk->chg.change);
        CHECK_ROW("The attribution's effects add up to the change in objective since the baseline", &score, rec, change,
                  change, change, 1e-9 * fmax(1.0, fabs(change)), "=IF(ABS(%s-%s)<=%s,0,1)", 0, B, bound, E);
    }
    if (n > 0) {
        char must[128], excl[128], rec[512];
        book_range(must, sizeof must, "Portfolio", l->col_must, n);
        book_range(excl, sizeof excl, "Portfolio", l->col_excluded, n);
        size_t n_must = 0, must_in = 0, excl_in = 0;
        for (size_t i = 0; i < n; i++) {
            n_must += m->projects[i].must;
            must_in += have && m->projects[i].must && r->selected[i];
            excl_in += have && m->projects[i].exclude && r->selected[i];
        }
        snprintf(rec, sizeof rec, "=COUNTIFS(%s,1,%s,1)", must, sel);
        CHECK_ROW("Every must-do project is selected", &count, rec, (double)must_in, (double)must_in, (double)n_must, 0.0,
                  "=IF(%s=0,0,IF(%s=%s,0,1))", 0, exists, B, D);
        snprintf(rec, sizeof rec, "=COUNTIFS(%s,1,%s,1)", excl, sel);
        CHECK_ROW("No excluded project is selected", &count, rec, (double)excl_in, (double)excl_in, 0.0, 0.0,
                  "=IF(%s=%s,0,1)", 0, B, D);
    }
    /* Every dependency and mutual exclusion, one row each, over the Portfolio rows of the pair. */
    for (size_t q = 0; q < run->rules.count; q++) {
        const plan_rule *rule = &run->rules.items[q];
        if (rule->kind != RULE_DEPENDS && rule->kind != RULE_EXCLUDES)
            continue;
        size_t ra = run->score.rank[rule->a], rb = run->score.rank[rule->b]; /* Portfolio rows (1-based + header) */
        char sa[16], sb[16], rec[512];
        lxw_rowcol_to_cell(cell, (lxw_row_t)ra, (lxw_col_t)l->col_selected);
        snprintf(sa, sizeof sa, "%s", cell);
        lxw_rowcol_to_cell(cell, (lxw_row_t)rb, (lxw_col_t)l->col_selected);
        snprintf(sb, sizeof sb, "%s", cell);
        bool holds = !have || plan_rule_holds(m, rule, chosen);
        if (rule->kind == RULE_EXCLUDES) {
            snprintf(rec, sizeof rec, "=Portfolio!%s+Portfolio!%s", sa, sb);
            double v = have ? (double)(r->selected[rule->a] + r->selected[rule->b]) : 0;
            /* The row's figures are a count, not a flag: the label says so. */
            snprintf(label, sizeof label, "%s and %s: how many of the two are selected (at most 1)",
                     m->projects[rule->a].id, m->projects[rule->b].id);
            CHECK_ROW(label, &count, rec, v, v, 1.0, 0.0, "=IF(%s<=%s,0,1)", !holds, B, D);
        } else if (!plan_is_precedence(m, rule->a, rule->b)) {
            snprintf(rec, sizeof rec, "=IF(Portfolio!%s<=Portfolio!%s,0,1)", sa, sb);
            snprintf(label, sizeof label, "%s is selected only with %s (1 = broken)", m->projects[rule->a].id,
                     m->projects[rule->b].id);
            CHECK_ROW(label, &count, rec, holds ? 0.0 : 1.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", !holds, B, D);
        } else {
            /* The link's least gap between the starts (plan_link_gap), from the Portfolio's durations. */
            const model_project *pa = &m->projects[rule->a];
            const model_link link = model_link_at(pa, rule->t);
            char st_a[16], st_b[16], du_a[16], du_b[16], gap[64] = "", words[160];
            lxw_rowcol_to_cell(st_a, (lxw_row_t)ra, (lxw_col_t)l->col_start_no);
            lxw_rowcol_to_cell(st_b, (lxw_row_t)rb, (lxw_col_t)l->col_start_no);
            lxw_rowcol_to_cell(du_a, (lxw_row_t)ra, (lxw_col_t)l->col_duration);
            lxw_rowcol_to_cell(du_b, (lxw_row_t)rb, (lxw_col_t)l->col_duration);
            int w = 0;
            if (link.type == LINK_FS || link.type == LINK_FF)
                w += snprintf(gap + w, sizeof gap - (size_t)w, "+Portfolio!%s", du_b);
            if (link.type == LINK_FF || link.type == LINK_SF)
                w += snprintf(gap + w, sizeof gap - (size_t)w, "-Portfolio!%s", du_a);
            if (link.lag != 0)
                snprintf(gap + w, sizeof gap - (size_t)w, "%+d", link.lag);
            snprintf(rec, sizeof rec, "=IF(Portfolio!%s=0,0,IF(OR(Portfolio!%s=0,Portfolio!%s<Portfolio!%s%s),1,0))", sa,
                     sb, st_a, st_b, gap);
            plan_link_words(m, rule->a, rule->t, words, sizeof words);
            snprintf(label, sizeof label, "%s is selected only with %s and %s (1 = broken)", pa->id,
                     m->projects[rule->b].id, words);
            CHECK_ROW(label, &count, rec, holds ? 0.0 : 1.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", !holds, B, D);
        }
    }
    /* No formula on the calculation sheets evaluates to an error. */
    {
        char rec[256], last[16];
        lxw_rowcol_to_cell(last, (lxw_row_t)(n > 0 ? n : 1), (lxw_col_t)scores_rank_col(m));
        /* SUM passes any error in its range on, so this needs no array evaluation (which Gnumeric
         * does not apply to ISERROR over a range). */
        snprintf(rec, sizeof rec, "=IF(ISERROR(SUM(Scores!B2:%s)),1,0)", last);
        CHECK_ROW("No error values on the Scores sheet", &count, rec, 0.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", 0, B, D);
        lxw_rowcol_to_cell(last, (lxw_row_t)(n > 0 ? n : 1), (lxw_col_t)(l->n_cols - 1));
        snprintf(rec, sizeof rec, "=IF(ISERROR(SUM(Portfolio!A2:%s)),1,0)", last);
        CHECK_ROW("No error values on the Portfolio sheet", &count, rec, 0.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", 0, B, D);
        lxw_rowcol_to_cell(last, (lxw_row_t)(caprows->first_policy_row + 64), 7);
        snprintf(rec, sizeof rec, "=IF(ISERROR(SUM('Capacity use'!A2:%s)),1,0)", last);
        CHECK_ROW("No error values on the Capacity use sheet", &count, rec, 0.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", 0, B, D);
    }
#undef CHECK_ROW
    char first[16], lastf[16];
    lxw_rowcol_to_cell(first, CHECKS_ROW_FIRST, 5);
    lxw_rowcol_to_cell(lastf, (lxw_row_t)(row > CHECKS_ROW_FIRST ? row - 1 : CHECKS_ROW_FIRST), 5);
    snprintf(formula, sizeof formula, "=SUM(%s:%s)", first, lastf);
    book_text(bk, ws, CHECKS_ROW_MASTER, 0, "Master check: number of checks failing (0 = all hold)", f->label);
    book_formula(bk, ws, CHECKS_ROW_MASTER, 5, formula, failing ? f->bad : f->good, (double)failing);
    worksheet_freeze_panes(ws, CHECKS_ROW_FIRST, 1);
    book_autofilter(bk, ws, 0, 0, (lxw_row_t)(row > 1 ? row - 1 : 1), 5);
    (void)b;
    return book_status(bk);
}
