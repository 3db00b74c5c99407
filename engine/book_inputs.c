/* book_inputs.c - the input and calculation sheets: Projects (every project as exported), Weights
 * (pairwise comparisons), Criteria, Scores (normalised values, scores and ranks as live formulas)
 * and Data quality (every warning). */
#include "book_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Writes the header of the next column (*next, then advanced) and returns that column. */
static size_t header_column(book *bk, lxw_worksheet *ws, size_t *next, const char *title)
{
    book_text(bk, ws, 0, (lxw_col_t)*next, title, bk->f.header);
    return (*next)++;
}

/* The column of [replan] stop_cost or stop_value_lost (st) in a re-plan, headed by what it is and
 * where it comes from (a column, or a share of what); SIZE_MAX when not given. */
static size_t stop_column(book *bk, lxw_worksheet *ws, size_t *next, const rules_stop *st, const char *what,
                          const char *of)
{
    if (!bk->run->m->replan || st->line == 0)
        return SIZE_MAX;
    char head[192];
    if (st->column != NULL)
        snprintf(head, sizeof head, "%s (%s)", what, st->column);
    else
        snprintf(head, sizeof head, "%s (%.10g%% of %s)", what, 100 * st->share, of);
    return header_column(bk, ws, next, head);
}

/* A re-plan's stop cost and value lost on Projects row: inputs when a column gives them, else the
 * share times the cost as exported or the score (formulas); 0 for a project not in flight. */
static void write_stops(book *bk, lxw_worksheet *ws, lxw_row_t row, size_t q, size_t i)
{
    const model *m = bk->run->m;
    const projects_layout *pl = &bk->pl;
    const model_project *p = &m->projects[i];
    const bool flight = model_status_in_flight(p->status);
    char formula[128], ref[64];
    if (pl->col_stop_cost != SIZE_MAX) {
        if (flight && m->rules.stop_cost.column == NULL) {
            lxw_rowcol_to_cell(ref, row, (lxw_col_t)pl->col_cost_full);
            snprintf(formula, sizeof formula, "=%.17g*%s", m->rules.stop_cost.share, ref);
            book_formula(bk, ws, row, (lxw_col_t)pl->col_stop_cost, formula, bk->f.money, p->stop_cost);
        } else {
            book_number(bk, ws, row, (lxw_col_t)pl->col_stop_cost, p->stop_cost, bk->f.input_money);
        }
    }
    if (pl->col_stop_lost != SIZE_MAX) {
        double lost = model_stop_lost(m, bk->run->score.score, i);
        if (flight && m->rules.stop_value.column == NULL) {
            book_sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_score_col(m));
            snprintf(formula, sizeof formula, "=%.17g*%s", m->stop_value_share, ref);
            book_formula(bk, ws, row, (lxw_col_t)pl->col_stop_lost, formula, bk->f.score, lost);
        } else {
            book_number(bk, ws, row, (lxw_col_t)pl->col_stop_lost, lost, bk->f.input_num);
        }
    }
}

/* The Projects sheet: every project's inputs as exported, in rank order; lays out bk->pl. */
folio_error book_write_projects(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    projects_layout *pl = &bk->pl;
    const model *m = run->m;
    const size_t n = m->n_projects, nk = m->n_criteria;
    book_print_table(bk, ws, 0, 1);
    book_column_cap(bk, ws, 1, 36);
    size_t next = 0;
    book_text(bk, ws, 0, (lxw_col_t)next++, "ID", f->header);
    book_text(bk, ws, 0, (lxw_col_t)next++, "Name", f->header);
    book_text(bk, ws, 0, (lxw_col_t)next++, "Category", f->header);
    /* In a re-plan the cost every rule reads is what the work still needs: for work in flight the
     * cost as exported less the money spent (or the export's remaining), else the cost. */
    pl->col_status = pl->col_cost_full = pl->col_spent = SIZE_MAX;
    if (m->replan) {
        pl->col_status = header_column(bk, ws, &next, "Status");
        pl->col_cost_full = header_column(bk, ws, &next, "Cost as exported");
        pl->col_spent = header_column(bk, ws, &next, "Spent to date");
    }
    pl->col_cost = header_column(bk, ws, &next, m->replan ? "Cost to complete" : "Cost");
    /* What stopping work in flight costs: money charged to the budget, objective lost. */
    pl->col_stop_cost = stop_column(bk, ws, &next, &m->rules.stop_cost, "Stop cost", "the cost as exported");
    pl->col_stop_lost = stop_column(bk, ws, &next, &m->rules.stop_value, "Value lost if stopped", "the score");
    pl->col_must = next++;
    book_text(bk, ws, 0, (lxw_col_t)pl->col_must, "Must-do (1 = yes)", f->header);
    pl->col_excluded = next++;
    book_text(bk, ws, 0, (lxw_col_t)pl->col_excluded, "Excluded (1 = yes)", f->header);
    char head[256];
    pl->n_values = 0;
    for (size_t k = 0; k < m->n_capacities + m->n_policies; k++) {
        const char *h = k < m->n_capacities ? m->rules.capacities[k].column : m->rules.policies[k - m->n_capacities].column;
        if (h == NULL || book_projects_value_col(pl, h) != SIZE_MAX)
            continue;
        pl->value_header[pl->n_values] = h;
        pl->value_col[pl->n_values++] = next;
        snprintf(head, sizeof head, "%s (project total)", h);
        book_text(bk, ws, 0, (lxw_col_t)next++, head, f->header);
    }
    pl->col_raw = next;
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        snprintf(head, sizeof head, "%s: raw (%s)", cr->label, cr->column ? cr->column : cr->source);
        book_text(bk, ws, 0, (lxw_col_t)next++, head, f->header);
    }
    pl->col_earliest = pl->col_latest = pl->col_duration = SIZE_MAX;
    if (m->rules.has_horizon) {
        pl->col_earliest = header_column(bk, ws, &next, "Earliest start (period)");
        pl->col_latest = header_column(bk, ws, &next, "Latest start (period)");
        pl->col_duration = header_column(bk, ws, &next, "Duration (periods)");
    }
    /* Each value column's format (money, a capacity's unit), found once rather than on every row. */
    lxw_format **value_format = alloc_zeroed_n(pl->n_values, sizeof *value_format);
    if (value_format == NULL)
        return FOLIO_ENOMEM;
    for (size_t k = 0; k < pl->n_values; k++)
        value_format[k] = book_in_units(bk, f->input_num, book_column_units(bk, pl->value_header[k]));
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        const model_project *p = &m->projects[i];
        lxw_row_t row = (lxw_row_t)(q + 1);
        book_text(bk, ws, row, 0, p->id, f->input_text);
        book_text(bk, ws, row, 1, p->name, f->input_text);
        book_text(bk, ws, row, 2, p->category, f->input_text);
        if (m->replan) {
            book_text(bk, ws, row, (lxw_col_t)pl->col_status, model_status_name(p->status), f->input_text);
            book_number(bk, ws, row, (lxw_col_t)pl->col_cost_full, p->cost_full, f->input_money);
            book_number(bk, ws, row, (lxw_col_t)pl->col_spent, p->spent, f->input_money);
        }
        if (m->replan && !p->remaining_given) {
            char full[16], spent[16], formula[64];
            lxw_rowcol_to_cell(full, row, (lxw_col_t)pl->col_cost_full);
            lxw_rowcol_to_cell(spent, row, (lxw_col_t)pl->col_spent);
            if (model_status_in_flight(p->status))
                snprintf(formula, sizeof formula, "=%s-%s", full, spent);
            else
                snprintf(formula, sizeof formula, "=%s", full);
            book_formula(bk, ws, row, (lxw_col_t)pl->col_cost, formula, f->money, p->cost);
        } else {
            book_number(bk, ws, row, (lxw_col_t)pl->col_cost, p->cost, f->input_money);
        }
        write_stops(bk, ws, row, q, i);
        book_number(bk, ws, row, (lxw_col_t)pl->col_must, p->must ? 1 : 0, f->input_int);
        book_number(bk, ws, row, (lxw_col_t)pl->col_excluded, p->exclude ? 1 : 0, f->input_int);
        for (size_t k = 0; k < pl->n_values; k++)
            book_number(bk, ws, row, (lxw_col_t)pl->value_col[k], book_project_value(m, i, pl->value_header[k]),
                        value_format[k]);
        for (size_t k = 0; k < nk; k++)
            book_number(bk, ws, row, (lxw_col_t)(pl->col_raw + k), p->raw[k], f->input_num);
        if (m->rules.has_horizon) {
            book_text(bk, ws, row, (lxw_col_t)pl->col_earliest, m->period_labels[p->start_min], f->input_text);
            book_text(bk, ws, row, (lxw_col_t)pl->col_latest, m->period_labels[p->start_max], f->input_text);
            book_number(bk, ws, row, (lxw_col_t)pl->col_duration, (double)p->duration, f->input_int);
        }
    }
    free(value_format);
    worksheet_freeze_panes(ws, 1, 1);
    if (n > 0)
        book_autofilter(bk, ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(next - 1));
    return book_status(bk);
}

/* The Weights sheet (with pairwise weights): one block per level of the criteria hierarchy (the top
 * level, then each group): the comparisons (inputs where judged, the engine's completion where not),
 * the priority vector, each element's global weight as a formula (local x its group's global), the
 * check A.w / w (lambda max in every row for the eigenvector) and CI and CR as formulas. Fills
 * weight_cells[k] with the cell holding criterion k's global weight. */
folio_error book_write_weights(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    char(*weight_cells)[64] = bk->weight_cells;
    const model *m = run->m;
    const rules *r = &m->rules;
    book_print_table(bk, ws, BOOK_NO_HEADER, 1);
    const size_t n_nodes = r->n_criteria + r->n_groups;
    char(*global)[128] = alloc_zeroed_n(n_nodes, sizeof *global); /* node -> its global weight cell */
    if (global == NULL)
        return FOLIO_ENOMEM;
    bool eigen = r->weighting == WEIGHTS_AHP;
    book_column_cap(bk, ws, 0, 40);
    book_text(bk, ws, 0, 0, "Criterion weights from pairwise comparisons", f->title);
    book_note(bk, ws, 1,
              eigen ? "Method: AHP, principal right eigenvector (Saaty); global weight = group weight x local weight."
                    : "Method: AHP, row geometric means (Crawford and Williams); global weight = group weight x "
                      "local weight.");
    book_note(bk, ws, 2,
              "Random index RI: Saaty's table for n = 1..15: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, "
              "1.51, 1.48, 1.56, 1.57, 1.59. Yellow: judgments as given; blue: filled by the engine (lambda max "
              "minimised, Bozoki, Fulop and Ronyai 2010).");
    lxw_row_t row = 4;
    char formula[4096], cell[64], part[96], label[128];
    for (size_t l = 0; l < m->n_levels; l++) {
        const model_ahp_level *lv = &m->levels[l];
        const ahp_result *h = &lv->ahp;
        const size_t n = h->n;
        const lxw_col_t local_col = (lxw_col_t)(1 + n), global_col = (lxw_col_t)(2 + n), check_col = (lxw_col_t)(3 + n);
        char title[256];
        if (lv->parent == SIZE_MAX)
            snprintf(title, sizeof title, "%s", r->n_groups ? "Top level: groups and ungrouped criteria" : "Criteria");
        else
            snprintf(title, sizeof title, "Group %s", book_node_label(r, lv->parent, label, sizeof label));
        const lxw_row_t top = row; /* each level's matrix and consistency kept on one page */
        book_text(bk, ws, row, 0, title, f->header);
        row++;
        book_text(bk, ws, row, 0, "Row is this many times as important as column", f->header);
        for (size_t j = 0; j < n; j++)
            book_text(bk, ws, row, (lxw_col_t)(1 + j), book_node_label(r, lv->nodes[j], label, sizeof label), f->header);
        book_text(bk, ws, row, local_col, "Local weight (priority)", f->header);
        book_text(bk, ws, row, global_col, "Global weight", f->header);
        book_text(bk, ws, row, check_col, "(A.w)/w (lambda max in every row when consistent)", f->header);
        const lxw_row_t first = row + 1;
        char parent_cell[128] = "";
        if (lv->parent != SIZE_MAX)
            snprintf(parent_cell, sizeof parent_cell, "%s", global[lv->parent]);
        for (size_t i = 0; i < n; i++) {
            lxw_row_t ri = (lxw_row_t)(first + i);
            size_t node = lv->nodes[i];
            book_text(bk, ws, ri, 0, book_node_label(r, node, label, sizeof label), f->label);
            for (size_t j = 0; j < n; j++)
                book_number(bk, ws, ri, (lxw_col_t)(1 + j), h->matrix[i * n + j],
                            h->given[i * n + j] ? f->input_num : f->engine_num);
            book_number(bk, ws, ri, local_col, h->weights[i], f->engine_pct);
            book_cell_ref(cell, ri, local_col);
            double g = h->weights[i] * lv->weight;
            if (lv->parent == SIZE_MAX)
                snprintf(formula, sizeof formula, "=%s", cell);
            else
                snprintf(formula, sizeof formula, "=%s*%s", cell, parent_cell);
            book_formula(bk, ws, ri, global_col, formula, f->pct, g);
            lxw_rowcol_to_cell_abs(part, ri, global_col, 1, 1);
            snprintf(global[node], sizeof global[node], "Weights!%s", part);
            /* (A.w)_i / w_i, written out as a sum of products so that it recomputes anywhere. */
            double aw = 0;
            snprintf(formula, sizeof formula, "=(");
            for (size_t j = 0; j < n; j++) {
                char a_ij[32], w_j[32];
                book_cell_ref(a_ij, ri, 1 + j);
                lxw_rowcol_to_cell_abs(w_j, (lxw_row_t)(first + j), local_col, 1, 1);
                snprintf(part, sizeof part, "%s%s*%s", j ? "+" : "", a_ij, w_j);
                strncat(formula, part, sizeof formula - strlen(formula) - 1);
                aw += h->matrix[i * n + j] * h->weights[j];
            }
            snprintf(part, sizeof part, ")/%s", cell);
            strncat(formula, part, sizeof formula - strlen(formula) - 1);
            book_formula(bk, ws, ri, check_col, formula, f->score, aw / h->weights[i]);
        }
        row = (lxw_row_t)(first + n);
        char lambda[32], ci[32], ri_cell[32], wsum_first[32], wsum_last[32];
        lxw_rowcol_to_cell(wsum_first, first, check_col);
        lxw_rowcol_to_cell(wsum_last, (lxw_row_t)(first + n - 1), check_col);
        book_text(bk, ws, row, 0,
                               eigen ? "lambda max (mean of (A.w)/w: exact for the eigenvector)"
                                     : "lambda max (principal eigenvalue of the matrix, from the engine)",
                               f->label);
        if (eigen) {
            snprintf(formula, sizeof formula, "=AVERAGE(%s:%s)", wsum_first, wsum_last);
            book_formula(bk, ws, row, 1, formula, f->score, h->lambda_max);
        } else {
            book_number(bk, ws, row, 1, h->lambda_max, f->engine_num);
        }
        book_cell_ref(lambda, row, 1);
        row++;
        book_text(bk, ws, row, 0, "Consistency index CI = (lambda max - n) / (n - 1)", f->label);
        if (n > 2) {
            snprintf(formula, sizeof formula, "=MAX(0,(%s-%zu)/%zu)", lambda, n, n - 1);
            book_formula(bk, ws, row, 1, formula, f->score, h->ci);
        } else {
            book_number(bk, ws, row, 1, 0, f->score);
        }
        book_cell_ref(ci, row, 1);
        row++;
        book_text(bk, ws, row, 0, "Random index RI (Saaty's table)", f->label);
        book_number(bk, ws, row, 1, h->ri, f->score);
        book_cell_ref(ri_cell, row, 1);
        row++;
        book_text(bk, ws, row, 0, "Consistency ratio CR = CI / RI (above 0.10: revisit)", f->label);
        if (h->ri > 0) {
            snprintf(formula, sizeof formula, "=%s/%s", ci, ri_cell);
            /* Above 0.10 in red, still to four decimals (the red format alone shows whole numbers). */
            const book_numfmt four = {.min_dec = 4, .max_dec = 4};
            book_formula(bk, ws, row, 1, formula, h->cr > 0.10 ? book_in_units(bk, f->bad, &four) : f->score, h->cr);
        } else {
            book_number(bk, ws, row, 1, 0, f->score);
        }
        row++;
        book_text(bk, ws, row, 0, "Missing comparisons filled (lambda max minimised)", f->label);
        book_number(bk, ws, row, 1, (double)h->n_missing, f->integer);
        row++;
        for (size_t k = 0; k < h->n_worst && h->cr > 0.10; k++) {
            char text[512];
            char other[128];
            snprintf(text, sizeof text, "%s vs %s = %.3g would be consistent at %.3g",
                     book_node_label(r, lv->nodes[h->worst[k].i], label, sizeof label),
                     book_node_label(r, lv->nodes[h->worst[k].j], other, sizeof other), h->worst[k].given,
                     h->worst[k].consistent);
            book_text(bk, ws, row, 0, k == 0 ? "Judgments most responsible for the inconsistency" : "",
                                   f->label);
            book_text(bk, ws, row++, 1, text, f->bad);
        }
        book_keep_together(bk, ws, top, (lxw_row_t)(row - 1));
        row++;
    }
    for (size_t k = 0; k < r->n_criteria; k++)
        snprintf(weight_cells[k], 64, "%.63s", global[k]);
    free(global);
    return book_status(bk);
}

/* The Criteria sheet: per criterion (a column) the rows CRIT_ROW_* name: the weight as given and
 * normalised, direction, normalisation and range, the lowest and highest value; the delay penalty;
 * with TOPSIS the ideal and anti-ideal. With pairwise weights the weights refer to Weights. */
folio_error book_write_criteria(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    char(*weight_cells)[64] = bk->weight_cells;
    const model *m = run->m;
    const size_t nk = m->n_criteria, n = m->n_projects;
    book_print_table(bk, ws, 0, 1);
    static const char *const labels[] = {"Criterion",
                                         "Source (export column or computed)",
                                         "Weight (as given)",
                                         "Weight (normalised, sums to 1)",
                                         "Direction (1 = higher is better, -1 = lower)",
                                         "Normalisation (minmax, range or none)",
                                         "Range low (raw units)",
                                         "Range high (raw units)",
                                         "Lowest value over all projects (raw units)",
                                         "Highest value over all projects (raw units)"};
    book_column_cap(bk, ws, 0, 40);
    for (size_t r = 0; r < sizeof labels / sizeof *labels; r++)
        book_text(bk, ws, (lxw_row_t)r, 0, labels[r], r == 0 ? f->header : f->label);
    char formula[512], first[64], last[64], me[64], raw[128], letter[16];
    lxw_rowcol_to_cell_abs(first, CRIT_ROW_WEIGHT, 1, 1, 1);
    lxw_rowcol_to_cell_abs(last, CRIT_ROW_WEIGHT, (lxw_col_t)(nk > 0 ? nk : 1), 1, 1);
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        lxw_col_t c = (lxw_col_t)(1 + k);
        book_text(bk, ws, CRIT_ROW_NAME, c, cr->label, f->header);
        book_text(bk, ws, CRIT_ROW_SOURCE, c, cr->column ? cr->column : cr->source, f->text);
        /* Weights from pairwise comparisons come from the Weights sheet (group x local priority). */
        if (m->has_ahp) {
            snprintf(formula, sizeof formula, "=%s", weight_cells[k]);
            book_formula(bk, ws, CRIT_ROW_WEIGHT, c, formula, f->pct, cr->weight);
        } else {
            book_number(bk, ws, CRIT_ROW_WEIGHT, c, cr->weight, f->input_num);
        }
        lxw_rowcol_to_cell(me, CRIT_ROW_WEIGHT, c);
        snprintf(formula, sizeof formula, "=%s/SUM(%s:%s)", me, first, last);
        book_formula(bk, ws, CRIT_ROW_NORMALISED, c, formula, f->pct, m->weights[k]);
        book_number(bk, ws, CRIT_ROW_DIRECTION, c, cr->minimise ? -1 : 1, f->input_int);
        book_text(bk, ws, CRIT_ROW_METHOD, c,
                               cr->normalise == NORMALISE_MINMAX  ? "minmax"
                               : cr->normalise == NORMALISE_RANGE ? "range"
                                                                  : "none",
                               f->input_text);
        if (cr->normalise == NORMALISE_RANGE) {
            book_number(bk, ws, CRIT_ROW_RANGE_LO, c, cr->range_lo, f->input_num);
            book_number(bk, ws, CRIT_ROW_RANGE_HI, c, cr->range_hi, f->input_num);
        }
        if (n > 0) {
            book_col_name(letter, scores_raw_col(k));
            snprintf(raw, sizeof raw, "Scores!$%s$2:$%s$%zu", letter, letter, n + 1);
            snprintf(formula, sizeof formula, "=MIN(%s)", raw);
            book_formula(bk, ws, CRIT_ROW_MIN, c, formula, f->number, run->score.crit_min[k]);
            snprintf(formula, sizeof formula, "=MAX(%s)", raw);
            book_formula(bk, ws, CRIT_ROW_MAX, c, formula, f->number, run->score.crit_max[k]);
        }
    }
    book_text(bk, ws, CRIT_ROW_PENALTY, 0, "Delay penalty (share of value lost per period of delay)", f->label);
    book_number(bk, ws, CRIT_ROW_PENALTY, 1, m->rules.delay_penalty, f->input_num);
    if (m->rules.scoring == SCORING_TOPSIS && n > 0) {
        book_text(bk, ws, CRIT_ROW_VNORM, 0, "TOPSIS: square root of the sum of squares (raw units)", f->label);
        book_text(bk, ws, CRIT_ROW_IDEAL, 0, "TOPSIS: ideal (best weighted value)", f->label);
        book_text(bk, ws, CRIT_ROW_ANTI, 0, "TOPSIS: anti-ideal (worst weighted value)", f->label);
        for (size_t k = 0; k < nk; k++) {
            lxw_col_t c = (lxw_col_t)(1 + k);
            char wrange[128], dir[16];
            book_col_name(letter, scores_raw_col(k));
            snprintf(formula, sizeof formula, "=SQRT(SUMSQ(Scores!$%s$2:$%s$%zu))", letter, letter, n + 1);
            book_formula(bk, ws, CRIT_ROW_VNORM, c, formula, f->number, run->score.vector_norm[k]);
            book_col_name(letter, scores_weighted_col(nk, k));
            snprintf(wrange, sizeof wrange, "Scores!$%s$2:$%s$%zu", letter, letter, n + 1);
            lxw_rowcol_to_cell(dir, CRIT_ROW_DIRECTION, c);
            snprintf(formula, sizeof formula, "=IF(%s>0,MAX(%s),MIN(%s))", dir, wrange, wrange);
            book_formula(bk, ws, CRIT_ROW_IDEAL, c, formula, f->score, run->score.ideal[k]);
            snprintf(formula, sizeof formula, "=IF(%s>0,MIN(%s),MAX(%s))", dir, wrange, wrange);
            book_formula(bk, ws, CRIT_ROW_ANTI, c, formula, f->score, run->score.anti_ideal[k]);
        }
    }
    if (m->has_ahp)
        book_text(bk, ws, CRIT_ROW_WEIGHT, 0, "Weight (global, from the pairwise comparisons on Weights)",
                               f->label);
    worksheet_freeze_panes(ws, 1, 1);
    return book_status(bk);
}

/* The Scores sheet: raw values (from Projects), normalised values (one formula per normalisation),
 * score and rank, as live formulas over the Criteria sheet. */
folio_error book_write_scores(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const folio_run *run = bk->run;
    const projects_layout *pl = &bk->pl;
    const model *m = run->m;
    const size_t nk = m->n_criteria, n = m->n_projects;
    book_print_table(bk, ws, 0, 1);
    char head[256], formula[1024], v[16], lo[32], hi[32], dir[32], weights[64], norm_first[16], norm_last[16];
    char score_col[16], scores[64], me[16];
    book_text(bk, ws, 0, 0, "ID", f->header);
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        snprintf(head, sizeof head, "%s: raw (%s)", cr->label, cr->column ? cr->column : cr->source);
        book_text(bk, ws, 0, (lxw_col_t)scores_raw_col(k), head, f->header);
        snprintf(head, sizeof head, "%s: normalised (0-1)", cr->label);
        book_text(bk, ws, 0, (lxw_col_t)scores_norm_col(nk, k), head, f->header);
    }
    bool topsis = m->rules.scoring == SCORING_TOPSIS;
    for (size_t k = 0; topsis && k < nk; k++) {
        snprintf(head, sizeof head, "%s: weighted (TOPSIS)", m->rules.criteria[k].label);
        book_text(bk, ws, 0, (lxw_col_t)scores_weighted_col(nk, k), head, f->header);
    }
    if (topsis) {
        book_text(bk, ws, 0, (lxw_col_t)scores_d_ideal_col(nk), "Distance to the ideal", f->header);
        book_text(bk, ws, 0, (lxw_col_t)scores_d_anti_col(nk), "Distance to the anti-ideal", f->header);
    }
    book_text(bk, ws, 0, (lxw_col_t)scores_score_col(m),
                           topsis ? "Score (0-1, TOPSIS closeness)" : "Score (0-1, weighted sum)", f->header);
    book_text(bk, ws, 0, (lxw_col_t)scores_rank_col(m), "Rank (ties by id)", f->header);
    char wfirst[LXW_MAX_CELL_NAME_LENGTH], wlast[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(wfirst, CRIT_ROW_NORMALISED, 1, 1, 1);
    lxw_rowcol_to_cell_abs(wlast, CRIT_ROW_NORMALISED, (lxw_col_t)(nk > 0 ? nk : 1), 1, 1);
    snprintf(weights, sizeof weights, "Criteria!%s:%s", wfirst, wlast);
    book_col_name(score_col, scores_score_col(m));
    snprintf(scores, sizeof scores, "$%s$2:$%s$%zu", score_col, score_col, n + 1);
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        const model_project *p = &m->projects[i];
        lxw_row_t row = (lxw_row_t)(q + 1);
        book_text(bk, ws, row, 0, p->id, f->text);
        for (size_t k = 0; k < nk; k++) {
            const rules_criterion *cr = &m->rules.criteria[k];
            lxw_col_t ccol = (lxw_col_t)(1 + k);
            book_projects_ref(formula, sizeof formula, q, pl->col_raw + k);
            book_formula(bk, ws, row, (lxw_col_t)scores_raw_col(k), formula, f->number, p->raw[k]);
            lxw_rowcol_to_cell(v, row, (lxw_col_t)scores_raw_col(k));
            lxw_rowcol_to_cell_abs(dir, CRIT_ROW_DIRECTION, ccol, 1, 0);
            if (topsis) {
                char a[16], b[16];
                if (m->rules.topsis_minmax) {
                    lxw_rowcol_to_cell_abs(a, CRIT_ROW_MIN, ccol, 1, 0);
                    lxw_rowcol_to_cell_abs(b, CRIT_ROW_MAX, ccol, 1, 0);
                    snprintf(formula, sizeof formula, "=IF(Criteria!%s>Criteria!%s,(%s-Criteria!%s)/(Criteria!%s-Criteria!%s),0)",
                             b, a, v, a, b, a);
                } else {
                    lxw_rowcol_to_cell_abs(a, CRIT_ROW_VNORM, ccol, 1, 0);
                    snprintf(formula, sizeof formula, "=IF(Criteria!%s>0,%s/Criteria!%s,0)", a, v, a);
                }
            } else if (cr->normalise == NORMALISE_NONE) {
                snprintf(formula, sizeof formula, "=Criteria!%s*%s", dir, v);
            } else {
                bool range = cr->normalise == NORMALISE_RANGE;
                char a[16], b[16];
                lxw_rowcol_to_cell_abs(a, range ? CRIT_ROW_RANGE_LO : CRIT_ROW_MIN, ccol, 1, 0);
                lxw_rowcol_to_cell_abs(b, range ? CRIT_ROW_RANGE_HI : CRIT_ROW_MAX, ccol, 1, 0);
                snprintf(lo, sizeof lo, "Criteria!%s", a);
                snprintf(hi, sizeof hi, "Criteria!%s", b);
                /* (v - lo)/(hi - lo), mirrored for lower-is-better; minmax gives 0 when all are equal. */
                snprintf(formula, sizeof formula, "=IF(%s>%s,IF(Criteria!%s>0,(%s-%s)/(%s-%s),(%s-%s)/(%s-%s)),0)", hi,
                         lo, dir, v, lo, hi, lo, hi, v, hi, lo);
            }
            book_formula(bk, ws, row, (lxw_col_t)scores_norm_col(nk, k), formula, f->score,
                                        run->score.norm[i * nk + k]);
        }
        lxw_rowcol_to_cell(norm_first, row, (lxw_col_t)scores_norm_col(nk, 0));
        lxw_rowcol_to_cell(norm_last, row, (lxw_col_t)scores_norm_col(nk, nk > 0 ? nk - 1 : 0));
        if (topsis) {
            /* v = w r; distances by SUMXMY2 against the ideal rows; closeness d- / (d+ + d-). */
            for (size_t k = 0; k < nk; k++) {
                char rcell[16], wcell[16];
                lxw_rowcol_to_cell(rcell, row, (lxw_col_t)scores_norm_col(nk, k));
                lxw_rowcol_to_cell_abs(wcell, CRIT_ROW_NORMALISED, (lxw_col_t)(1 + k), 1, 0);
                snprintf(formula, sizeof formula, "=%s*Criteria!%s", rcell, wcell);
                book_formula(bk, ws, row, (lxw_col_t)scores_weighted_col(nk, k), formula, f->score,
                                            run->score.weighted[i * nk + k]);
            }
            char vf[16], vl[16], i0[16], i1[16], dp[16], dm[16];
            lxw_rowcol_to_cell(vf, row, (lxw_col_t)scores_weighted_col(nk, 0));
            lxw_rowcol_to_cell(vl, row, (lxw_col_t)scores_weighted_col(nk, nk - 1));
            for (int which = 0; which < 2; which++) {
                int crow = which == 0 ? CRIT_ROW_IDEAL : CRIT_ROW_ANTI;
                lxw_rowcol_to_cell_abs(i0, (lxw_row_t)crow, 1, 1, 1);
                lxw_rowcol_to_cell_abs(i1, (lxw_row_t)crow, (lxw_col_t)nk, 1, 1);
                snprintf(formula, sizeof formula, "=SQRT(SUMXMY2(%s:%s,Criteria!%s:%s))", vf, vl, i0, i1);
                book_formula(bk, ws, row, (lxw_col_t)(which == 0 ? scores_d_ideal_col(nk) : scores_d_anti_col(nk)),
                                            formula, f->score, which == 0 ? run->score.d_ideal[i] : run->score.d_anti[i]);
            }
            lxw_rowcol_to_cell(dp, row, (lxw_col_t)scores_d_ideal_col(nk));
            lxw_rowcol_to_cell(dm, row, (lxw_col_t)scores_d_anti_col(nk));
            snprintf(formula, sizeof formula, "=IF(%s+%s>0,%s/(%s+%s),0)", dp, dm, dm, dp, dm);
        } else {
            snprintf(formula, sizeof formula, "=SUMPRODUCT(%s:%s,%s)", norm_first, norm_last, weights);
        }
        book_formula(bk, ws, row, (lxw_col_t)scores_score_col(m), formula, f->score, run->score.score[i]);
        /* Rows are in rank order, so among equal scores the earlier row (the smaller id) ranks first. */
        lxw_rowcol_to_cell(me, row, (lxw_col_t)scores_score_col(m));
        snprintf(formula, sizeof formula, "=RANK(%s,%s)+COUNTIF($%s$2:%s,%s)-1", me, scores, score_col, me, me);
        book_formula(bk, ws, row, (lxw_col_t)scores_rank_col(m), formula, f->integer,
                                    (double)run->score.rank[i]);
    }
    worksheet_freeze_panes(ws, 1, 1);
    if (n > 0)
        book_autofilter(bk, ws, 0, 0, (lxw_row_t)n, (lxw_col_t)scores_rank_col(m));
    return book_status(bk);
}

/* The Data quality sheet: every warning with its file, line and column. */
folio_error book_write_data_quality(book *bk, lxw_worksheet *ws)
{
    const book_formats *f = &bk->f;
    const diags *d = bk->d;
    static const char *const names[] = {"Severity", "File", "Line", "Column", "Message"};
    book_header_row(bk, ws, names, 5);
    book_column_cap(bk, ws, 1, 30);
    book_column_cap(bk, ws, 3, 20);
    book_column_cap(bk, ws, 4, 70);
    size_t row = 1;
    for (size_t k = 0; d != NULL && k < d->count; k++, row++) {
        const diag *g = &d->items[k];
        lxw_row_t r = (lxw_row_t)row;
        book_text(bk, ws, r, 0, g->severity == DIAG_ERROR ? "error" : "warning", f->text);
        book_text(bk, ws, r, 1, g->file ? g->file : "", f->text);
        if (g->line > 0)
            book_number(bk, ws, r, 2, g->line, f->integer);
        book_text(bk, ws, r, 3, g->column ? g->column : "", f->text);
        book_text(bk, ws, r, 4, g->message, f->text);
    }
    if (row == 1)
        book_text(bk, ws, 1, 4, "No warnings: every input value was read as given.", f->text);
    return book_status(bk);
}
