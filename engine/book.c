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
#include "sha256.h"
#include "text.h"
#include "version.h"

/* Every cell style the workbook uses; "_sel" variants highlight selected projects. */
typedef struct book_formats {
    lxw_format *title, *header, *label, *text, *wrap, *integer, *number, *money, *score, *pct, *input_num;
    lxw_format *text_sel, *integer_sel, *number_sel, *money_sel, *score_sel, *wrap_sel;
    lxw_format *good, *bad;
    lxw_format *engine_int, *engine_text; /* results imported from the engine: decisions, starts */
    lxw_format *input_money, *input_int, *input_text, *link, *tiny, *tiny_plain;
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
    COLOR_ENGINE = 0xDDEBF7,   /* light blue: results the engine computed (decisions, starts) */
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
    f->engine_int = fmt(wb, "0", false, COLOR_ENGINE, false);
    f->engine_text = fmt(wb, NULL, false, COLOR_ENGINE, false);
    f->input_money = fmt(wb, money, false, COLOR_INPUT, false);
    f->input_int = fmt(wb, "0", false, COLOR_INPUT, false);
    f->input_text = fmt(wb, NULL, false, COLOR_INPUT, false);
    f->link = fmt(wb, NULL, false, LXW_COLOR_WHITE, false);
    format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(f->link, LXW_COLOR_BLUE);
    f->tiny = fmt(wb, "0.0E+00", false, COLOR_INPUT, false);
    f->tiny_plain = fmt(wb, "0.000E+00", false, LXW_COLOR_WHITE, false);
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
    size_t col_must, col_excluded;           /* 1/0 inputs, for the Checks sheet */
    size_t col_start_no, col_duration, col_value; /* with a horizon: start as a period number, duration,
                                                     and the score after the delay penalty */
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

/* The Criteria sheet has criteria in columns 1..K and these rows (0-based): */
enum {
    CRIT_ROW_NAME = 0,
    CRIT_ROW_SOURCE,
    CRIT_ROW_WEIGHT,      /* as given: input */
    CRIT_ROW_NORMALISED,  /* weight / sum of weights: formula */
    CRIT_ROW_DIRECTION,   /* 1 = higher is better, -1 = lower: input */
    CRIT_ROW_METHOD,      /* minmax | range | none */
    CRIT_ROW_RANGE_LO,    /* inputs, with normalise = range */
    CRIT_ROW_RANGE_HI,
    CRIT_ROW_MIN,         /* lowest raw value over all projects: formula */
    CRIT_ROW_MAX,         /* highest */
    CRIT_ROW_PENALTY = 11, /* delay penalty per period, in column 1: input */
    CRIT_ROW_VNORM = 13,   /* TOPSIS: sqrt of the sum of squares of the raw values: formula */
    CRIT_ROW_IDEAL,        /* TOPSIS: the best weighted value: formula */
    CRIT_ROW_ANTI,         /* TOPSIS: the worst */
};

/* The Scores sheet: ID, then K raw values, K normalised values, score and rank, one row per project in
 * rank order (the Portfolio sheet's order). */
static size_t scores_raw_col(size_t k) { return 1 + k; }
static size_t scores_norm_col(size_t nk, size_t k) { return 1 + nk + k; }
/* With TOPSIS, the weighted values v(i,k) follow, then the distances to the ideal and anti-ideal. */
static size_t scores_weighted_col(size_t nk, size_t k) { return 1 + 2 * nk + k; }
static size_t scores_d_ideal_col(size_t nk) { return 1 + 3 * nk; }
static size_t scores_d_anti_col(size_t nk) { return 2 + 3 * nk; }
static size_t scores_score_col(const model *m)
{
    return m->rules.scoring == SCORING_TOPSIS ? 3 + 3 * m->n_criteria : 1 + 2 * m->n_criteria;
}
static size_t scores_rank_col(const model *m) { return scores_score_col(m) + 1; }

/* "Sheet!$C$5" for one cell (absolute), sheet names quoted when they need it. */
static void sheet_cell(char *buf, size_t size, const char *sheet, size_t row, size_t col)
{
    char cell[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(cell, (lxw_row_t)row, (lxw_col_t)col, 1, 1);
    snprintf(buf, size, "%s%s%s!%s", strchr(sheet, ' ') ? "'" : "", sheet, strchr(sheet, ' ') ? "'" : "", cell);
}

/* The column letters of col, e.g. "AB". */
static void col_name(char *buf, size_t col)
{
    lxw_col_to_name(buf, (lxw_col_t)col, 0);
}

/* The Projects sheet: every project's inputs as read from the exports, one row per project in rank
 * order (the order of the Portfolio and Scores sheets, so that their formulas refer across by row). */
typedef struct projects_layout {
    size_t col_cost, col_must, col_excluded;
    size_t *value_col; /* [n_values] export columns that capacities and policies read */
    const char **value_header;
    size_t n_values;
    size_t col_raw; /* first of n_criteria raw criterion values */
    size_t col_earliest, col_latest, col_duration; /* with a horizon (else SIZE_MAX) */
} projects_layout;

/* The Projects column holding export column header, or SIZE_MAX. */
static size_t projects_value_col(const projects_layout *pl, const char *header)
{
    if (same_column(header, "cost"))
        return pl->col_cost;
    for (size_t k = 0; k < pl->n_values; k++)
        if (same_column(pl->value_header[k], header))
            return pl->value_col[k];
    return SIZE_MAX;
}

/* A project's value of export column header: the capacity's total use or the policy's amount. */
static double project_value(const model *m, size_t i, const char *header)
{
    for (size_t c = 0; c < m->n_capacities; c++) {
        if (!same_column(m->rules.capacities[c].column, header))
            continue;
        const model_project *p = &m->projects[i];
        double sum = 0;
        for (size_t k = 0; k < p->duration; k++)
            sum += p->profile[c * p->duration + k];
        return sum;
    }
    for (size_t q = 0; q < m->n_policies; q++)
        if (m->rules.policies[q].column && same_column(m->rules.policies[q].column, header))
            return m->policy_amount[q * m->n_projects + i];
    return 0;
}

static void write_projects(lxw_workbook *wb, const book_formats *f, const folio_run *run, projects_layout *pl)
{
    const model *m = run->m;
    const size_t n = m->n_projects, nk = m->n_criteria;
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Projects");
    print_setup(ws);
    size_t next = 0;
    worksheet_write_string(ws, 0, (lxw_col_t)next++, "ID", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)next++, "Name", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)next++, "Category", f->header);
    pl->col_cost = next++;
    worksheet_write_string(ws, 0, (lxw_col_t)pl->col_cost, "Cost (currency)", f->header);
    pl->col_must = next++;
    worksheet_write_string(ws, 0, (lxw_col_t)pl->col_must, "Must-do (1 = yes)", f->header);
    pl->col_excluded = next++;
    worksheet_write_string(ws, 0, (lxw_col_t)pl->col_excluded, "Excluded (1 = yes)", f->header);
    char head[256];
    pl->n_values = 0;
    for (size_t k = 0; k < m->n_capacities + m->n_policies; k++) {
        const char *h = k < m->n_capacities ? m->rules.capacities[k].column : m->rules.policies[k - m->n_capacities].column;
        if (h == NULL || projects_value_col(pl, h) != SIZE_MAX)
            continue;
        pl->value_header[pl->n_values] = h;
        pl->value_col[pl->n_values++] = next;
        snprintf(head, sizeof head, "%s (as exported: project total)", h);
        worksheet_write_string(ws, 0, (lxw_col_t)next++, head, f->header);
    }
    pl->col_raw = next;
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        snprintf(head, sizeof head, "%s (raw: %s)", cr->name, cr->column ? cr->column : cr->source);
        worksheet_write_string(ws, 0, (lxw_col_t)next++, head, f->header);
    }
    pl->col_earliest = pl->col_latest = pl->col_duration = SIZE_MAX;
    if (m->rules.has_horizon) {
        pl->col_earliest = next++;
        pl->col_latest = next++;
        pl->col_duration = next++;
        worksheet_write_string(ws, 0, (lxw_col_t)pl->col_earliest, "Earliest start (period)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)pl->col_latest, "Latest start (period)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)pl->col_duration, "Duration (periods)", f->header);
    }
    worksheet_set_column(ws, 0, 0, 11, NULL);
    worksheet_set_column(ws, 1, 1, 34, NULL);
    worksheet_set_column(ws, 2, 2, 18, NULL);
    worksheet_set_column(ws, 3, (lxw_col_t)(next > 3 ? next - 1 : 3), 14, NULL);
    worksheet_set_row(ws, 0, 45, NULL);
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        const model_project *p = &m->projects[i];
        lxw_row_t row = (lxw_row_t)(q + 1);
        worksheet_write_string(ws, row, 0, p->id, f->input_text);
        worksheet_write_string(ws, row, 1, p->name, f->input_text);
        worksheet_write_string(ws, row, 2, p->category, f->input_text);
        worksheet_write_number(ws, row, (lxw_col_t)pl->col_cost, p->cost, f->input_money);
        worksheet_write_number(ws, row, (lxw_col_t)pl->col_must, p->must ? 1 : 0, f->input_int);
        worksheet_write_number(ws, row, (lxw_col_t)pl->col_excluded, p->exclude ? 1 : 0, f->input_int);
        for (size_t k = 0; k < pl->n_values; k++)
            worksheet_write_number(ws, row, (lxw_col_t)pl->value_col[k], project_value(m, i, pl->value_header[k]),
                                   f->input_num);
        for (size_t k = 0; k < nk; k++)
            worksheet_write_number(ws, row, (lxw_col_t)(pl->col_raw + k), p->raw[k], f->input_num);
        if (m->rules.has_horizon) {
            worksheet_write_string(ws, row, (lxw_col_t)pl->col_earliest, m->period_labels[p->start_min], f->input_text);
            worksheet_write_string(ws, row, (lxw_col_t)pl->col_latest, m->period_labels[p->start_max], f->input_text);
            worksheet_write_number(ws, row, (lxw_col_t)pl->col_duration, (double)p->duration, f->input_int);
        }
    }
    worksheet_freeze_panes(ws, 1, 1);
    if (n > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(next - 1));
}

/* "=Projects!$D$5": a reference to one input of the project on row q of the rank-ordered sheets. */
static void projects_ref(char *buf, size_t size, size_t q, size_t col)
{
    char cell[64];
    sheet_cell(cell, sizeof cell, "Projects", q + 1, col);
    snprintf(buf, size, "=%s", cell);
}

/* The Weights sheet (with pairwise weights): one block per level of the criteria hierarchy (the top
 * level, then each group): the comparisons (inputs where judged, the engine's completion where not),
 * the priority vector, each element's global weight as a formula (local x its group's global), the
 * check A.w / w (lambda max in every row for the eigenvector) and CI and CR as formulas. Fills
 * weight_cells[k] with the cell holding criterion k's global weight. */
static void write_weights(lxw_workbook *wb, const book_formats *f, const folio_run *run, char (*weight_cells)[64])
{
    const model *m = run->m;
    const rules *r = &m->rules;
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Weights");
    print_setup(ws);
    const size_t n_nodes = r->n_criteria + r->n_groups;
    char(*global)[128] = calloc(n_nodes + 1, sizeof *global); /* node -> its global weight cell */
    if (global == NULL)
        return;
    bool eigen = r->weighting == WEIGHTS_AHP;
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, 20, 14, NULL);
    worksheet_write_string(ws, 0, 0, "Criterion weights from pairwise comparisons", f->title);
    worksheet_write_string(ws, 1, 0,
                           eigen ? "Method: AHP, principal right eigenvector (Saaty); global weight = group weight x "
                                   "local weight"
                                 : "Method: AHP, row geometric means (Crawford and Williams); global weight = group "
                                   "weight x local weight",
                           f->text);
    worksheet_write_string(ws, 2, 0,
                           "Random index RI: Saaty's table for n = 1..15: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, "
                           "1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59. Yellow: judgments as given; blue: filled by the "
                           "engine (lambda max minimised, Bozoki, Fulop and Ronyai 2010).",
                           f->text);
    lxw_row_t row = 4;
    char formula[4096], cell[64], part[96];
    for (size_t l = 0; l < m->n_levels; l++) {
        const model_ahp_level *lv = &m->levels[l];
        const ahp_result *h = &lv->ahp;
        const size_t n = h->n;
        const lxw_col_t local_col = (lxw_col_t)(1 + n), global_col = (lxw_col_t)(2 + n), check_col = (lxw_col_t)(3 + n);
        char title[256];
        if (lv->parent == SIZE_MAX)
            snprintf(title, sizeof title, "%s", r->n_groups ? "Top level: groups and ungrouped criteria" : "Criteria");
        else
            snprintf(title, sizeof title, "Group %s", rules_node_name(r, lv->parent));
        worksheet_write_string(ws, row, 0, title, f->header);
        row++;
        worksheet_write_string(ws, row, 0, "Row is this many times as important as column", f->header);
        for (size_t j = 0; j < n; j++)
            worksheet_write_string(ws, row, (lxw_col_t)(1 + j), rules_node_name(r, lv->nodes[j]), f->header);
        worksheet_write_string(ws, row, local_col, "Local weight (priority)", f->header);
        worksheet_write_string(ws, row, global_col, "Global weight", f->header);
        worksheet_write_string(ws, row, check_col, "(A.w)/w (lambda max in every row when consistent)", f->header);
        worksheet_set_row(ws, row, 45, NULL);
        const lxw_row_t first = row + 1;
        char parent_cell[128] = "";
        if (lv->parent != SIZE_MAX)
            snprintf(parent_cell, sizeof parent_cell, "%s", global[lv->parent]);
        for (size_t i = 0; i < n; i++) {
            lxw_row_t ri = (lxw_row_t)(first + i);
            size_t node = lv->nodes[i];
            worksheet_write_string(ws, ri, 0, rules_node_name(r, node), f->label);
            for (size_t j = 0; j < n; j++)
                worksheet_write_number(ws, ri, (lxw_col_t)(1 + j), h->matrix[i * n + j],
                                       h->given[i * n + j] ? f->input_num : f->engine_text);
            worksheet_write_number(ws, ri, local_col, h->weights[i], f->engine_text);
            cell_ref(cell, ri, local_col);
            double g = h->weights[i] * lv->weight;
            if (lv->parent == SIZE_MAX)
                snprintf(formula, sizeof formula, "=%s", cell);
            else
                snprintf(formula, sizeof formula, "=%s*%s", cell, parent_cell);
            worksheet_write_formula_num(ws, ri, global_col, formula, f->score, g);
            lxw_rowcol_to_cell_abs(part, ri, global_col, 1, 1);
            snprintf(global[node], sizeof global[node], "Weights!%s", part);
            /* (A.w)_i / w_i, written out as a sum of products so that it recomputes anywhere. */
            double aw = 0;
            snprintf(formula, sizeof formula, "=(");
            for (size_t j = 0; j < n; j++) {
                char a_ij[32], w_j[32];
                cell_ref(a_ij, ri, 1 + j);
                lxw_rowcol_to_cell_abs(w_j, (lxw_row_t)(first + j), local_col, 1, 1);
                snprintf(part, sizeof part, "%s%s*%s", j ? "+" : "", a_ij, w_j);
                strncat(formula, part, sizeof formula - strlen(formula) - 1);
                aw += h->matrix[i * n + j] * h->weights[j];
            }
            snprintf(part, sizeof part, ")/%s", cell);
            strncat(formula, part, sizeof formula - strlen(formula) - 1);
            worksheet_write_formula_num(ws, ri, check_col, formula, f->score, aw / h->weights[i]);
        }
        row = (lxw_row_t)(first + n);
        char lambda[32], ci[32], ri_cell[32], wsum_first[32], wsum_last[32];
        lxw_rowcol_to_cell(wsum_first, first, check_col);
        lxw_rowcol_to_cell(wsum_last, (lxw_row_t)(first + n - 1), check_col);
        worksheet_write_string(ws, row, 0,
                               eigen ? "lambda max (mean of (A.w)/w: exact for the eigenvector)"
                                     : "lambda max (principal eigenvalue of the matrix, from the engine)",
                               f->label);
        if (eigen) {
            snprintf(formula, sizeof formula, "=AVERAGE(%s:%s)", wsum_first, wsum_last);
            worksheet_write_formula_num(ws, row, 1, formula, f->score, h->lambda_max);
        } else {
            worksheet_write_number(ws, row, 1, h->lambda_max, f->engine_text);
        }
        cell_ref(lambda, row, 1);
        row++;
        worksheet_write_string(ws, row, 0, "Consistency index CI = (lambda max - n) / (n - 1)", f->label);
        if (n > 2) {
            snprintf(formula, sizeof formula, "=MAX(0,(%s-%zu)/%zu)", lambda, n, n - 1);
            worksheet_write_formula_num(ws, row, 1, formula, f->score, h->ci);
        } else {
            worksheet_write_number(ws, row, 1, 0, f->score);
        }
        cell_ref(ci, row, 1);
        row++;
        worksheet_write_string(ws, row, 0, "Random index RI (Saaty's table)", f->label);
        worksheet_write_number(ws, row, 1, h->ri, f->score);
        cell_ref(ri_cell, row, 1);
        row++;
        worksheet_write_string(ws, row, 0, "Consistency ratio CR = CI / RI (above 0.10: revisit)", f->label);
        if (h->ri > 0) {
            snprintf(formula, sizeof formula, "=%s/%s", ci, ri_cell);
            worksheet_write_formula_num(ws, row, 1, formula, h->cr > 0.10 ? f->bad : f->score, h->cr);
        } else {
            worksheet_write_number(ws, row, 1, 0, f->score);
        }
        row++;
        worksheet_write_string(ws, row, 0, "Missing comparisons filled (lambda max minimised)", f->label);
        worksheet_write_number(ws, row, 1, (double)h->n_missing, f->integer);
        row++;
        for (size_t k = 0; k < h->n_worst && h->cr > 0.10; k++) {
            char text[512];
            snprintf(text, sizeof text, "%s vs %s = %.3g would be consistent at %.3g",
                     rules_node_name(r, lv->nodes[h->worst[k].i]), rules_node_name(r, lv->nodes[h->worst[k].j]),
                     h->worst[k].given, h->worst[k].consistent);
            worksheet_write_string(ws, row, 0, k == 0 ? "Judgments most responsible for the inconsistency" : "",
                                   f->label);
            worksheet_write_string(ws, row++, 1, text, f->bad);
        }
        row++;
    }
    for (size_t k = 0; k < r->n_criteria; k++)
        snprintf(weight_cells[k], 64, "%.63s", global[k]);
    free(global);
}

static void write_criteria(lxw_workbook *wb, const book_formats *f, const folio_run *run, char (*weight_cells)[64])
{
    const model *m = run->m;
    const size_t nk = m->n_criteria, n = m->n_projects;
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Criteria");
    print_setup(ws);
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
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)(nk > 0 ? nk : 1), 20, NULL);
    for (size_t r = 0; r < sizeof labels / sizeof *labels; r++)
        worksheet_write_string(ws, (lxw_row_t)r, 0, labels[r], r == 0 ? f->header : f->label);
    char formula[512], first[64], last[64], me[64], raw[128], letter[16];
    lxw_rowcol_to_cell_abs(first, CRIT_ROW_WEIGHT, 1, 1, 1);
    lxw_rowcol_to_cell_abs(last, CRIT_ROW_WEIGHT, (lxw_col_t)(nk > 0 ? nk : 1), 1, 1);
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        lxw_col_t c = (lxw_col_t)(1 + k);
        worksheet_write_string(ws, CRIT_ROW_NAME, c, cr->name, f->header);
        worksheet_write_string(ws, CRIT_ROW_SOURCE, c, cr->column ? cr->column : cr->source, f->text);
        /* Weights from pairwise comparisons come from the Weights sheet (group x local priority). */
        if (m->has_ahp) {
            snprintf(formula, sizeof formula, "=%s", weight_cells[k]);
            worksheet_write_formula_num(ws, CRIT_ROW_WEIGHT, c, formula, f->score, cr->weight);
        } else {
            worksheet_write_number(ws, CRIT_ROW_WEIGHT, c, cr->weight, f->input_num);
        }
        lxw_rowcol_to_cell(me, CRIT_ROW_WEIGHT, c);
        snprintf(formula, sizeof formula, "=%s/SUM(%s:%s)", me, first, last);
        worksheet_write_formula_num(ws, CRIT_ROW_NORMALISED, c, formula, f->pct, m->weights[k]);
        worksheet_write_number(ws, CRIT_ROW_DIRECTION, c, cr->minimise ? -1 : 1, f->input_int);
        worksheet_write_string(ws, CRIT_ROW_METHOD, c,
                               cr->normalise == NORMALISE_MINMAX  ? "minmax"
                               : cr->normalise == NORMALISE_RANGE ? "range"
                                                                  : "none",
                               f->input_text);
        if (cr->normalise == NORMALISE_RANGE) {
            worksheet_write_number(ws, CRIT_ROW_RANGE_LO, c, cr->range_lo, f->input_num);
            worksheet_write_number(ws, CRIT_ROW_RANGE_HI, c, cr->range_hi, f->input_num);
        }
        if (n > 0) {
            col_name(letter, scores_raw_col(k));
            snprintf(raw, sizeof raw, "Scores!$%s$2:$%s$%zu", letter, letter, n + 1);
            snprintf(formula, sizeof formula, "=MIN(%s)", raw);
            worksheet_write_formula_num(ws, CRIT_ROW_MIN, c, formula, f->number, run->score.crit_min[k]);
            snprintf(formula, sizeof formula, "=MAX(%s)", raw);
            worksheet_write_formula_num(ws, CRIT_ROW_MAX, c, formula, f->number, run->score.crit_max[k]);
        }
    }
    worksheet_write_string(ws, CRIT_ROW_PENALTY, 0, "Delay penalty (share of value lost per period of delay)", f->label);
    worksheet_write_number(ws, CRIT_ROW_PENALTY, 1, m->rules.delay_penalty, f->input_num);
    if (m->rules.scoring == SCORING_TOPSIS && n > 0) {
        worksheet_write_string(ws, CRIT_ROW_VNORM, 0, "TOPSIS: square root of the sum of squares (raw units)", f->label);
        worksheet_write_string(ws, CRIT_ROW_IDEAL, 0, "TOPSIS: ideal (best weighted value)", f->label);
        worksheet_write_string(ws, CRIT_ROW_ANTI, 0, "TOPSIS: anti-ideal (worst weighted value)", f->label);
        for (size_t k = 0; k < nk; k++) {
            lxw_col_t c = (lxw_col_t)(1 + k);
            char wrange[128], dir[16];
            col_name(letter, scores_raw_col(k));
            snprintf(formula, sizeof formula, "=SQRT(SUMSQ(Scores!$%s$2:$%s$%zu))", letter, letter, n + 1);
            worksheet_write_formula_num(ws, CRIT_ROW_VNORM, c, formula, f->number, run->score.vector_norm[k]);
            col_name(letter, scores_weighted_col(nk, k));
            snprintf(wrange, sizeof wrange, "Scores!$%s$2:$%s$%zu", letter, letter, n + 1);
            lxw_rowcol_to_cell(dir, CRIT_ROW_DIRECTION, c);
            snprintf(formula, sizeof formula, "=IF(%s>0,MAX(%s),MIN(%s))", dir, wrange, wrange);
            worksheet_write_formula_num(ws, CRIT_ROW_IDEAL, c, formula, f->score, run->score.ideal[k]);
            snprintf(formula, sizeof formula, "=IF(%s>0,MIN(%s),MAX(%s))", dir, wrange, wrange);
            worksheet_write_formula_num(ws, CRIT_ROW_ANTI, c, formula, f->score, run->score.anti_ideal[k]);
        }
    }
    if (m->has_ahp)
        worksheet_write_string(ws, CRIT_ROW_WEIGHT, 0, "Weight (global, from the pairwise comparisons on Weights)",
                               f->label);
    worksheet_freeze_panes(ws, 1, 1);
}

static void write_scores(lxw_workbook *wb, const book_formats *f, const folio_run *run, const projects_layout *pl)
{
    const model *m = run->m;
    const size_t nk = m->n_criteria, n = m->n_projects;
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Scores");
    print_setup(ws);
    char head[256], formula[1024], v[16], lo[32], hi[32], dir[32], weights[64], norm_first[16], norm_last[16];
    char score_col[16], scores[64], me[16];
    worksheet_write_string(ws, 0, 0, "ID", f->header);
    worksheet_set_column(ws, 0, 0, 11, NULL);
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        snprintf(head, sizeof head, "%s (raw: %s, from Projects)", cr->name, cr->column ? cr->column : cr->source);
        worksheet_write_string(ws, 0, (lxw_col_t)scores_raw_col(k), head, f->header);
        snprintf(head, sizeof head, "%s (normalised, 0-1)", cr->name);
        worksheet_write_string(ws, 0, (lxw_col_t)scores_norm_col(nk, k), head, f->header);
    }
    bool topsis = m->rules.scoring == SCORING_TOPSIS;
    for (size_t k = 0; topsis && k < nk; k++) {
        snprintf(head, sizeof head, "%s (weighted, TOPSIS)", m->rules.criteria[k].name);
        worksheet_write_string(ws, 0, (lxw_col_t)scores_weighted_col(nk, k), head, f->header);
    }
    if (topsis) {
        worksheet_write_string(ws, 0, (lxw_col_t)scores_d_ideal_col(nk), "Distance to the ideal", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)scores_d_anti_col(nk), "Distance to the anti-ideal", f->header);
    }
    worksheet_write_string(ws, 0, (lxw_col_t)scores_score_col(m),
                           topsis ? "Score (0-1, TOPSIS closeness)" : "Score (0-1, weighted sum)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)scores_rank_col(m), "Rank (ties by id)", f->header);
    worksheet_set_column(ws, 1, (lxw_col_t)scores_rank_col(m), 14, NULL);
    worksheet_set_row(ws, 0, 45, NULL);
    char wfirst[LXW_MAX_CELL_NAME_LENGTH], wlast[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(wfirst, CRIT_ROW_NORMALISED, 1, 1, 1);
    lxw_rowcol_to_cell_abs(wlast, CRIT_ROW_NORMALISED, (lxw_col_t)(nk > 0 ? nk : 1), 1, 1);
    snprintf(weights, sizeof weights, "Criteria!%s:%s", wfirst, wlast);
    col_name(score_col, scores_score_col(m));
    snprintf(scores, sizeof scores, "$%s$2:$%s$%zu", score_col, score_col, n + 1);
    for (size_t q = 0; q < n; q++) {
        size_t i = run->score.order[q];
        const model_project *p = &m->projects[i];
        lxw_row_t row = (lxw_row_t)(q + 1);
        worksheet_write_string(ws, row, 0, p->id, f->text);
        for (size_t k = 0; k < nk; k++) {
            const rules_criterion *cr = &m->rules.criteria[k];
            lxw_col_t ccol = (lxw_col_t)(1 + k);
            projects_ref(formula, sizeof formula, q, pl->col_raw + k);
            worksheet_write_formula_num(ws, row, (lxw_col_t)scores_raw_col(k), formula, f->number, p->raw[k]);
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
            worksheet_write_formula_num(ws, row, (lxw_col_t)scores_norm_col(nk, k), formula, f->score,
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
                worksheet_write_formula_num(ws, row, (lxw_col_t)scores_weighted_col(nk, k), formula, f->score,
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
                worksheet_write_formula_num(ws, row, (lxw_col_t)(which == 0 ? scores_d_ideal_col(nk) : scores_d_anti_col(nk)),
                                            formula, f->score, which == 0 ? run->score.d_ideal[i] : run->score.d_anti[i]);
            }
            lxw_rowcol_to_cell(dp, row, (lxw_col_t)scores_d_ideal_col(nk));
            lxw_rowcol_to_cell(dm, row, (lxw_col_t)scores_d_anti_col(nk));
            snprintf(formula, sizeof formula, "=IF(%s+%s>0,%s/(%s+%s),0)", dp, dm, dm, dp, dm);
        } else {
            snprintf(formula, sizeof formula, "=SUMPRODUCT(%s:%s,%s)", norm_first, norm_last, weights);
        }
        worksheet_write_formula_num(ws, row, (lxw_col_t)scores_score_col(m), formula, f->score, run->score.score[i]);
        /* Rows are in rank order, so among equal scores the earlier row (the smaller id) ranks first. */
        lxw_rowcol_to_cell(me, row, (lxw_col_t)scores_score_col(m));
        snprintf(formula, sizeof formula, "=RANK(%s,%s)+COUNTIF($%s$2:%s,%s)-1", me, scores, score_col, me, me);
        worksheet_write_formula_num(ws, row, (lxw_col_t)scores_rank_col(m), formula, f->integer,
                                    (double)run->score.rank[i]);
    }
    worksheet_freeze_panes(ws, 1, 1);
    if (n > 0)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)scores_rank_col(m));
}

static void write_portfolio(lxw_workbook *wb, const book_formats *f, const folio_run *run, portfolio_layout *l,
                            const projects_layout *pl)
{
    const model *m = run->m;
    const size_t n = m->n_projects, nk = m->n_criteria;
    const bool have = run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Portfolio");
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
    l->col_must = next++;
    l->col_excluded = next++;
    l->col_start = l->col_finish = l->col_delay = l->col_start_no = l->col_duration = l->col_value = SIZE_MAX;
    if (m->rules.has_horizon) {
        l->col_start = next++;
        l->col_finish = next++;
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
    l->col_reason = next++;
    l->n_cols = next;

    char head[256];
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_rank, "Rank (1 = best)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_id, "ID", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_name, "Name", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_category, "Category", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_decision, "Decision", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_selected, "Selected (1 = in)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_score, "Score (0-1)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_cost, "Cost (currency)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_must, "Must-do (1 = yes)", f->header);
    worksheet_write_string(ws, 0, (lxw_col_t)l->col_excluded, "Excluded (1 = yes)", f->header);
    for (size_t k = 0; k < l->n_extra; k++) {
        snprintf(head, sizeof head, "%s (project total)", l->extra[k].header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->extra[k].col, head, f->header);
    }
    if (m->rules.has_horizon) {
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_start, "Start (period)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_finish, "Finish (period)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_delay, "Delay (periods)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_start_no, "Start (period number)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_duration, "Duration (periods)", f->header);
        worksheet_write_string(ws, 0, (lxw_col_t)l->col_value, "Value (score after delay penalty)", f->header);
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
        char formula[256], ref[64];
        /* Score, rank, raw and normalised values come from the Scores sheet (same row order). */
        sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_rank_col(m));
        snprintf(formula, sizeof formula, "=%s", ref);
        worksheet_write_formula_num(ws, row, (lxw_col_t)l->col_rank, formula, f->integer, (double)run->score.rank[i]);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_id, p->id, t);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_name, p->name, t);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_category, p->category, t);
        worksheet_write_string(ws, row, (lxw_col_t)l->col_decision, explain_decision_name(run->decisions[i].decision),
                               f->engine_text);
        worksheet_write_number(ws, row, (lxw_col_t)l->col_selected, sel ? 1 : 0, f->engine_int);
        sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_score_col(m));
        snprintf(formula, sizeof formula, "=%s", ref);
        worksheet_write_formula_num(ws, row, (lxw_col_t)l->col_score, formula, f->score, run->score.score[i]);
        projects_ref(formula, sizeof formula, q, pl->col_cost);
        worksheet_write_formula_num(ws, row, (lxw_col_t)l->col_cost, formula, f->money, p->cost);
        projects_ref(formula, sizeof formula, q, pl->col_must);
        worksheet_write_formula_num(ws, row, (lxw_col_t)l->col_must, formula, f->integer, p->must ? 1 : 0);
        projects_ref(formula, sizeof formula, q, pl->col_excluded);
        worksheet_write_formula_num(ws, row, (lxw_col_t)l->col_excluded, formula, f->integer, p->exclude ? 1 : 0);
        size_t start = have ? run->result.start[i] : p->start_min;
        if (m->rules.has_horizon) {
            char a[32];
            period_label(&m->rules.horizon, (long)start, a, sizeof a);
            worksheet_write_string(ws, row, (lxw_col_t)l->col_start, a, t);
            period_label(&m->rules.horizon, (long)(start + p->duration - 1), a, sizeof a);
            worksheet_write_string(ws, row, (lxw_col_t)l->col_finish, a, t);
            worksheet_write_number(ws, row, (lxw_col_t)l->col_delay, (double)(start - p->start_min), f->engine_int);
            worksheet_write_number(ws, row, (lxw_col_t)l->col_start_no, (double)(start + 1), f->engine_int);
            projects_ref(formula, sizeof formula, q, pl->col_duration);
            worksheet_write_formula_num(ws, row, (lxw_col_t)l->col_duration, formula, f->integer, (double)p->duration);
            char sc[16], dl[16], pen[64];
            lxw_rowcol_to_cell(sc, row, (lxw_col_t)l->col_score);
            lxw_rowcol_to_cell(dl, row, (lxw_col_t)l->col_delay);
            sheet_cell(pen, sizeof pen, "Criteria", CRIT_ROW_PENALTY, 1);
            snprintf(formula, sizeof formula, "=%s*(1-%s)^%s", sc, pen, dl);
            worksheet_write_formula_num(ws, row, (lxw_col_t)l->col_value, formula, f->score,
                                        plan_delayed_value(m, run->score.score[i], start - p->start_min));
        }
        /* Export columns come from the Projects sheet; with a horizon, a capacity's use within the
         * horizon depends on the engine's start, and is the engine's result. */
        for (size_t k = 0; k < l->n_extra; k++) {
            projects_ref(formula, sizeof formula, q, projects_value_col(pl, l->extra[k].header));
            worksheet_write_formula_num(ws, row, (lxw_col_t)l->extra[k].col, formula, f->number,
                                        project_value(m, i, l->extra[k].header));
        }
        for (size_t c = 0; c < m->n_capacities && m->rules.has_horizon; c++)
            worksheet_write_number(ws, row, (lxw_col_t)l->cap_col[c], model_use_in_horizon(m, i, c, start), f->engine_int);
        for (size_t k = 0; k < nk; k++) {
            sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_raw_col(k));
            snprintf(formula, sizeof formula, "=%s", ref);
            worksheet_write_formula_num(ws, row, (lxw_col_t)(l->col_raw + k), formula, num, p->raw[k]);
            sheet_cell(ref, sizeof ref, "Scores", q + 1, scores_norm_col(nk, k));
            snprintf(formula, sizeof formula, "=%s", ref);
            worksheet_write_formula_num(ws, row, (lxw_col_t)(l->col_norm + k), formula, f->score,
                                        run->score.norm[i * nk + k]);
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
 * start (its earliest when not selected); the Capacity sheet sums it over the selection. first_col is
 * the layout from demand_layout(). */
static void write_demand(lxw_workbook *wb, const book_formats *f, const folio_run *run, const size_t *first_col)
{
    const model *m = run->m;
    const size_t n = m->n_projects;
    const bool have = run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Demand");
    print_setup(ws);
    worksheet_write_string(ws, 0, 0, "ID", f->header);
    worksheet_write_string(ws, 0, 1, "Start (period)", f->header);
    worksheet_set_column(ws, 0, 1, 11, NULL);
    char head[256];
    size_t col = 2; /* one past the last column written */
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < m->n_periods; t++) {
            snprintf(head, sizeof head, "%s %s (%s)", m->rules.capacities[c].name, m->period_labels[t],
                     m->rules.capacities[c].column);
            worksheet_write_string(ws, 0, (lxw_col_t)(first_col[c] + t), head, f->header);
            col = first_col[c] + t + 1;
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

/* Where capacity c's periods start on the Demand sheet (after ID and start). */
static void demand_layout(const model *m, size_t *first_col)
{
    for (size_t c = 0; c < m->n_capacities; c++)
        first_col[c] = 2 + c * m->n_periods;
}

/* Timeline sheet (with a horizon): a Gantt-style grid of the selected projects' periods. */
static void write_timeline(lxw_workbook *wb, const book_formats *f, const folio_run *run)
{
    const model *m = run->m;
    const bool have = run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Timeline");
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
    const plan chosen = solve_plan_of(&run->result);
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Capacity");
    /* The limits are inputs on the Capacities sheet, at the same cells as here. */
    lxw_worksheet *in = workbook_get_worksheet_by_name(wb, "Capacities");
    print_setup(ws);
    print_setup(in);
    static const char *const names[] = {"Capacity", "Column", "Period", "Limit (column units)", "Used (column units)",
                                        "Slack (limit - used)", "Utilisation (used / limit)",
                                        "Binding (1 = slack < smallest unselected need)"};
    static const double widths[] = {22, 20, 10, 16, 16, 18, 12, 22};
    write_header_row(ws, f, names, 8, widths);
    write_header_row(in, f, names, 4, widths);
    char sel[128], col[128], formula[512], a[64], b[16];
    sheet_range(sel, sizeof sel, "Portfolio", l->col_selected, n);
    size_t row = 1;
    rows->first_capacity_row = row;
    /* One row per capacity and period, then (with a horizon) one for the whole horizon. */
    size_t rows_per_cap = m->n_periods + (m->rules.has_horizon ? 1 : 0);
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < rows_per_cap; t++, row++) {
            bool total = t == m->n_periods;
            double limit = total ? m->totals[c] : model_limit(m, c, t);
            double used = !have ? 0 : total ? plan_used_total(m, chosen, c) : plan_used(m, chosen, c, t);
            double min_need = INFINITY;
            for (size_t i = 0; i < n; i++) {
                double u = total ? model_use_in_horizon(m, i, c, m->projects[i].start_min) : model_use(m, i, c, t);
                if (!(have && run->result.selected[i]) && !m->projects[i].exclude && u > 0)
                    min_need = fmin(min_need, u);
            }
            lxw_row_t r = (lxw_row_t)row;
            for (int k = 0; k < 2; k++) {
                lxw_worksheet *w = k == 0 ? ws : in;
                worksheet_write_string(w, r, 0, m->rules.capacities[c].name, f->text);
                worksheet_write_string(w, r, 1, m->rules.capacities[c].column, f->text);
                worksheet_write_string(w, r, 2, total ? "whole horizon" : m->period_labels[t], f->text);
            }
            if (isfinite(limit)) {
                worksheet_write_number(in, r, 3, limit, f->input_num);
                sheet_cell(a, sizeof a, "Capacities", row, 3);
                snprintf(formula, sizeof formula, "=%s", a);
                worksheet_write_formula_num(ws, r, 3, formula, f->number, limit);
            } else {
                worksheet_write_string(in, r, 3, "no limit", f->input_text);
                worksheet_write_string(ws, r, 3, "no limit", f->text);
            }
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
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row - 1), 7);
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
    static const char *const pnames[] = {"Policy", "Category", "Column", "Bound", "Limit (column units or count)",
                                         "Value", "Met (1 = yes)"};
    for (size_t c = 0; c < 7; c++) {
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, pnames[c], f->header);
        if (c < 5)
            worksheet_write_string(in, (lxw_row_t)row, (lxw_col_t)c, pnames[c], f->header);
    }
    row++;
    rows->first_policy_row = row;
    char cat[128];
    sheet_range(cat, sizeof cat, "Portfolio", l->col_category, n);
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
            worksheet_write_string(w, r, 0, p->name, f->text);
            worksheet_write_string(w, r, 1, p->category, k == 0 ? f->text : f->input_text);
            worksheet_write_string(w, r, 2, count ? "(count of projects)" : p->column, f->text);
            worksheet_write_string(w, r, 3, is_min ? "at least" : "at most", f->text);
        }
        worksheet_write_number(in, r, 4, bound, f->input_num);
        sheet_cell(a, sizeof a, "Capacities", row, 4);
        snprintf(formula, sizeof formula, "=%s", a);
        worksheet_write_formula_num(ws, r, 4, formula, f->number, bound);
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
        /* As the formula computes it: over the selection as it stands (empty without a portfolio). */
        bool met = plan_rule_holds(m, rule, chosen);
        snprintf(formula, sizeof formula, "=IF(%s%s%s,1,0)", val, is_min ? ">=" : "<=", lim);
        worksheet_write_formula_num(ws, r, 6, formula, met ? f->good : f->bad, met ? 1 : 0);
        row++;
    }
}

static void write_data_quality(lxw_workbook *wb, const book_formats *f, const diags *d)
{
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Data quality");
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
        /* The objective is the sum of values: scores, less the delay penalty with a horizon. */
        sheet_range(col, sizeof col, "Portfolio", m->rules.has_horizon ? l->col_value : l->col_score, n);
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
    const plan chosen = solve_plan_of(r);
    size_t rows_per_cap = m->n_periods + (m->rules.has_horizon ? 1 : 0);
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < rows_per_cap; t++, caprow++) {
            bool total = t == m->n_periods;
            double limit = total ? m->totals[c] : model_limit(m, c, t);
            if (!isfinite(limit))
                continue; /* only limited capacities have a slack to show */
            double used = !have ? 0 : total ? plan_used_total(m, chosen, c) : plan_used(m, chosen, c, t);
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

/* The Checks sheet: one row per check, each recomputed by formula from the other sheets and compared
 * with the engine's value; column F flags a failure with 1, and F3 counts them (the master check).
 * Checks on the selection apply only when a portfolio exists (C2). */
enum { CHECKS_ROW_EXISTS = 1, CHECKS_ROW_MASTER = 2, CHECKS_ROW_FIRST = 3 };

static void write_checks(lxw_workbook *wb, const book_formats *f, const folio_run *run, const portfolio_layout *l,
                         const capacity_rows *caprows)
{
    const model *m = run->m;
    const size_t n = m->n_projects, nk = m->n_criteria;
    const solve_result *r = &run->result;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    const plan chosen = solve_plan_of(r);
    /* Created in tab order by book_write(). */
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Checks");
    print_setup(ws);
    static const char *const names[] = {"Check",          "Recomputed (formula)", "Engine's value",
                                        "Bound or target", "Tolerance",           "Fails (1 = yes)"};
    static const double widths[] = {70, 18, 18, 18, 12, 12};
    write_header_row(ws, f, names, 6, widths);
    worksheet_write_string(ws, CHECKS_ROW_EXISTS, 0,
                           "A portfolio exists (1 = yes; checks on the selection apply only then)", f->label);
    worksheet_write_number(ws, CHECKS_ROW_EXISTS, 2, have ? 1 : 0, f->engine_int);
    char exists[16], formula[1024], a[64], b[64], sel[128], col[128], cell[16];
    lxw_rowcol_to_cell_abs(exists, CHECKS_ROW_EXISTS, 2, 1, 1);
    sheet_range(sel, sizeof sel, "Portfolio", l->col_selected, n);
    size_t row = CHECKS_ROW_FIRST;
    size_t failing = 0;

/* One check row: recomputed formula and its cached value, the engine's value, the bound, the
 * tolerance, and the formula that flags it (with B, C, D, E standing for this row's cells). */
#define CHECK_ROW(label, rec_formula, rec_value, engine, bound, tol, flag_fmt, fails, ...)             \
    do {                                                                                           \
        lxw_row_t rr = (lxw_row_t)row;                                                             \
        char B[16], C[16], D[16], E[16];                                                           \
        lxw_rowcol_to_cell(B, rr, 1);                                                              \
        lxw_rowcol_to_cell(C, rr, 2);                                                              \
        lxw_rowcol_to_cell(D, rr, 3);                                                              \
        lxw_rowcol_to_cell(E, rr, 4);                                                              \
        worksheet_write_string(ws, rr, 0, (label), f->text);                                       \
        worksheet_write_formula_num(ws, rr, 1, (rec_formula), f->number, (rec_value));             \
        worksheet_write_number(ws, rr, 2, (engine), f->number);                                    \
        worksheet_write_number(ws, rr, 3, (bound), f->number);                                     \
        worksheet_write_number(ws, rr, 4, (tol), f->tiny);                                         \
        snprintf(formula, sizeof formula, flag_fmt, __VA_ARGS__);                                  \
        worksheet_write_formula_num(ws, rr, 5, formula, (fails) ? f->bad : f->good, (fails) ? 1 : 0); \
        failing += (fails) ? 1 : 0;                                                                \
        row++;                                                                                     \
    } while (0)

    char label[512];
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
        CHECK_ROW("Normalised weights sum to 1", rec, sum, 1.0, 1.0, 1e-9, "=IF(ABS(%s-%s)<=%s,0,1)", 0, B, D, E);
    }
    /* The objective recomputed from the Portfolio sheet equals the engine's. */
    if (n > 0) {
        sheet_range(col, sizeof col, "Portfolio", m->rules.has_horizon ? l->col_value : l->col_score, n);
        char rec[512];
        snprintf(rec, sizeof rec, "=SUMPRODUCT(%s,%s)", sel, col);
        double obj = have ? r->objective : 0;
        CHECK_ROW("Objective (sum of selected values) equals the engine's", rec, obj, obj, obj,
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
            double used = !have ? 0 : total ? plan_used_total(m, chosen, c) : plan_used(m, chosen, c, t);
            size_t caprow = caprows->first_capacity_row + c * rows_per_cap + t;
            sheet_cell(a, sizeof a, "Capacity", caprow, 4);
            char rec[128];
            snprintf(rec, sizeof rec, "=%s", a);
            snprintf(label, sizeof label, "Capacity %s%s%s within its limit", m->rules.capacities[c].name,
                     m->rules.has_horizon ? " in " : "", !m->rules.has_horizon ? "" : total ? "the whole horizon" : m->period_labels[t]);
            CHECK_ROW(label, rec, used, used, limit, 1e-9 * fmax(1.0, fabs(limit)),
                      "=IF(AND(ABS(%s-%s)<=%s,%s<=%s+%s),0,1)", 0, B, C, E, B, D, E);
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
        sheet_cell(a, sizeof a, "Capacity", prow++, 5);
        char rec[128];
        snprintf(rec, sizeof rec, "=%s", a);
        snprintf(label, sizeof label, "Policy %s: %s %s", m->rules.policies[rule->a].name, is_min ? "at least" : "at most",
                 rule->kind == RULE_POLICY_MIN || rule->kind == RULE_POLICY_MAX ? m->rules.policies[rule->a].column
                                                                                : "the count");
        if (is_min)
            CHECK_ROW(label, rec, value, value, bound, 1e-9 * fmax(1.0, fabs(bound)),
                      "=IF(%s=0,0,IF(AND(ABS(%s-%s)<=%s,%s>=%s-%s),0,1))", 0, exists, B, C, E, B, D, E);
        else
            CHECK_ROW(label, rec, value, value, bound, 1e-9 * fmax(1.0, fabs(bound)),
                      "=IF(%s=0,0,IF(AND(ABS(%s-%s)<=%s,%s<=%s+%s),0,1))", 0, exists, B, C, E, B, D, E);
    }
    if (n > 0) {
        char must[128], excl[128], rec[512];
        sheet_range(must, sizeof must, "Portfolio", l->col_must, n);
        sheet_range(excl, sizeof excl, "Portfolio", l->col_excluded, n);
        size_t n_must = 0, must_in = 0, excl_in = 0;
        for (size_t i = 0; i < n; i++) {
            n_must += m->projects[i].must;
            must_in += have && m->projects[i].must && r->selected[i];
            excl_in += have && m->projects[i].exclude && r->selected[i];
        }
        snprintf(rec, sizeof rec, "=COUNTIFS(%s,1,%s,1)", must, sel);
        CHECK_ROW("Every must-do project is selected", rec, (double)must_in, (double)must_in, (double)n_must, 0.0,
                  "=IF(%s=0,0,IF(%s=%s,0,1))", 0, exists, B, D);
        snprintf(rec, sizeof rec, "=COUNTIFS(%s,1,%s,1)", excl, sel);
        CHECK_ROW("No excluded project is selected", rec, (double)excl_in, (double)excl_in, 0.0, 0.0,
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
            snprintf(label, sizeof label, "%s and %s are not both selected", m->projects[rule->a].id,
                     m->projects[rule->b].id);
            CHECK_ROW(label, rec, v, v, 1.0, 0.0, "=IF(%s<=%s,0,1)", !holds, B, D);
        } else if (!plan_is_precedence(m, rule->a, rule->b)) {
            snprintf(rec, sizeof rec, "=IF(Portfolio!%s<=Portfolio!%s,0,1)", sa, sb);
            snprintf(label, sizeof label, "%s is selected only with %s (1 = broken)", m->projects[rule->a].id,
                     m->projects[rule->b].id);
            CHECK_ROW(label, rec, holds ? 0.0 : 1.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", !holds, B, D);
        } else {
            char st_a[16], st_b[16], du_b[16];
            lxw_rowcol_to_cell(st_a, (lxw_row_t)ra, (lxw_col_t)l->col_start_no);
            lxw_rowcol_to_cell(st_b, (lxw_row_t)rb, (lxw_col_t)l->col_start_no);
            lxw_rowcol_to_cell(du_b, (lxw_row_t)rb, (lxw_col_t)l->col_duration);
            snprintf(rec, sizeof rec,
                     "=IF(Portfolio!%s=0,0,IF(OR(Portfolio!%s=0,Portfolio!%s<Portfolio!%s+Portfolio!%s),1,0))", sa, sb,
                     st_a, st_b, du_b);
            snprintf(label, sizeof label, "%s is selected only with %s and starts after it ends (1 = broken)",
                     m->projects[rule->a].id, m->projects[rule->b].id);
            CHECK_ROW(label, rec, holds ? 0.0 : 1.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", !holds, B, D);
        }
    }
    /* No formula on the calculation sheets evaluates to an error. */
    {
        char rec[256], last[16];
        lxw_rowcol_to_cell(last, (lxw_row_t)(n > 0 ? n : 1), (lxw_col_t)scores_rank_col(m));
        /* SUM passes any error in its range on, so this needs no array evaluation (which Gnumeric
         * does not apply to ISERROR over a range). */
        snprintf(rec, sizeof rec, "=IF(ISERROR(SUM(Scores!B2:%s)),1,0)", last);
        CHECK_ROW("No error values on the Scores sheet", rec, 0.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", 0, B, D);
        lxw_rowcol_to_cell(last, (lxw_row_t)(n > 0 ? n : 1), (lxw_col_t)(l->n_cols - 1));
        snprintf(rec, sizeof rec, "=IF(ISERROR(SUM(Portfolio!A2:%s)),1,0)", last);
        CHECK_ROW("No error values on the Portfolio sheet", rec, 0.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", 0, B, D);
        lxw_rowcol_to_cell(last, (lxw_row_t)(caprows->first_policy_row + 64), 7);
        snprintf(rec, sizeof rec, "=IF(ISERROR(SUM(Capacity!A2:%s)),1,0)", last);
        CHECK_ROW("No error values on the Capacity sheet", rec, 0.0, 0.0, 0.0, 0.0, "=IF(%s=%s,0,1)", 0, B, D);
    }
#undef CHECK_ROW
    char first[16], lastf[16];
    lxw_rowcol_to_cell(first, CHECKS_ROW_FIRST, 5);
    lxw_rowcol_to_cell(lastf, (lxw_row_t)(row > CHECKS_ROW_FIRST ? row - 1 : CHECKS_ROW_FIRST), 5);
    snprintf(formula, sizeof formula, "=SUM(%s:%s)", first, lastf);
    worksheet_write_string(ws, CHECKS_ROW_MASTER, 0, "Master check: number of checks failing (0 = all hold)", f->label);
    worksheet_write_formula_num(ws, CHECKS_ROW_MASTER, 5, formula, failing ? f->bad : f->good, (double)failing);
    worksheet_freeze_panes(ws, CHECKS_ROW_FIRST, 1);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row > 1 ? row - 1 : 1), 5);
    (void)b;
}

/* The Cover sheet: what the workbook is, where it came from, its sheets, its colours, the master check. */
/* A short id for this run: the first 16 hex digits of SHA-256 over the inputs' digests and the version. */
static void run_id(const folio_run *run, const folio_run_options *opt, char out[17])
{
    char hex[65];
    sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, run->sha_projects, 64);
    sha256_update(&h, run->sha_benefits, 64);
    sha256_update(&h, run->sha_rules, 64);
    if (opt->in.demand != NULL)
        sha256_update(&h, run->sha_demand, 64);
    sha256_update(&h, FOLIO_VERSION, strlen(FOLIO_VERSION));
    sha256_final_hex(&h, hex);
    memcpy(out, hex, 16);
    out[16] = '\0';
}

static void write_cover(lxw_worksheet *ws, const book_formats *f, const folio_run *run, const folio_run_options *opt,
                        const char *runid, const char *const *sheets, const char *const *about, size_t n_sheets)
{
    const model *m = run->m;
    print_setup(ws);
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 1, 90, NULL);
    worksheet_write_string(ws, 0, 0, "folio portfolio selection", f->title);
    worksheet_write_string(ws, 1, 0,
                           "Which proposals to fund: the portfolio with the highest total score that satisfies every "
                           "budget, capacity and rule, chosen exactly by a MIP solver, with a reason for every decision.",
                           f->text);
    lxw_row_t row = 3;
    char buf[512];
    worksheet_write_string(ws, row, 0, "Run id (inputs and version)", f->label);
    worksheet_write_string(ws, row++, 1, runid, f->text);
    worksheet_write_string(ws, row, 0, "Portfolio", f->label);
    worksheet_write_string(ws, row++, 1, m->rules.name ? m->rules.name : "(unnamed)", f->text);
    worksheet_write_string(ws, row, 0, "Status", f->label);
    worksheet_write_string(ws, row++, 1, solve_status_name(run->result.status), f->engine_text);
    snprintf(buf, sizeof buf, "folio %s; CBC %s; libxlsxwriter %s", FOLIO_VERSION, Cbc_getVersion(), LXW_VERSION);
    worksheet_write_string(ws, row, 0, "Versions", f->label);
    worksheet_write_string(ws, row++, 1, buf, f->text);
    const char *labels[] = {"Projects export", "Benefits register", "Rule set", "Demand export"};
    const char *paths[] = {opt->in.projects, opt->in.benefits, opt->in.rules, opt->in.demand};
    const char *shas[] = {run->sha_projects, run->sha_benefits, run->sha_rules, run->sha_demand};
    for (int k = 0; k < (opt->in.demand != NULL ? 4 : 3); k++) {
        snprintf(buf, sizeof buf, "%s (SHA-256 %s)", paths[k], shas[k]);
        worksheet_write_string(ws, row, 0, labels[k], f->label);
        worksheet_write_string(ws, row++, 1, buf, f->text);
    }
    row++;
    char master[64];
    sheet_cell(master, sizeof master, "Checks", CHECKS_ROW_MASTER, 5);
    snprintf(buf, sizeof buf, "=%s", master);
    worksheet_write_string(ws, row, 0, "Master check (checks failing)", f->label);
    worksheet_write_formula_num(ws, row++, 1, buf, f->good, 0);
    row++;
    worksheet_write_string(ws, row++, 0, "Sheets", f->header);
    for (size_t k = 0; k < n_sheets; k++) {
        snprintf(buf, sizeof buf, "internal:'%s'!A1", sheets[k]);
        worksheet_write_url(ws, row, 0, buf, f->link);
        worksheet_write_string(ws, row, 0, sheets[k], f->link);
        worksheet_write_string(ws, row++, 1, about[k], f->text);
    }
    row++;
    worksheet_write_string(ws, row++, 0, "Colours", f->header);
    worksheet_write_string(ws, row, 0, "Input", f->input_text);
    worksheet_write_string(ws, row++, 1, "a value read from the exports or the rules; change it to ask what if", f->text);
    worksheet_write_string(ws, row, 0, "Calculation", f->text);
    worksheet_write_string(ws, row++, 1, "a live formula over the inputs (its value as folio computed it is cached)", f->text);
    worksheet_write_string(ws, row, 0, "Engine result", f->engine_text);
    worksheet_write_string(ws, row++, 1, "a decision the optimiser made (selected, start): a value, not a formula", f->text);
    row++;
    worksheet_write_string(ws, row++, 0, "Known limitations", f->header);
    worksheet_write_string(ws, row++, 1,
                           "Decisions are the solver's and do not change when an input is edited: the Checks sheet then "
                           "shows which rules the old decisions break.",
                           f->text);
    worksheet_write_string(ws, row++, 1,
                           "Missing criterion values appear already filled as the rules say (see Data quality).", f->text);
    if (run->result.status == SOLVE_FEASIBLE)
        worksheet_write_string(ws, row++, 1, "The solver stopped at its time limit: the portfolio is feasible, its "
                                             "optimality not proven (see the gap on the Summary).", f->text);
}

/* The Sensitivity sheet: per criterion the weights over which the portfolio stays the same and what
 * changes just past each end; then the projects a small weight change flips. */
/* Joins project ids into buf ("A, B, C"). */
static void id_list(char *buf, size_t size, const model *m, const size_t *list, size_t count)
{
    buf[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        if (k > 0)
            strncat(buf, ", ", size - strlen(buf) - 1);
        strncat(buf, m->projects[list[k]].id, size - strlen(buf) - 1);
    }
}

/* A row of column headers from column 0. */
static void header_row(lxw_worksheet *ws, const book_formats *f, lxw_row_t row, const char *const *heads, size_t n)
{
    for (size_t k = 0; k < n; k++)
        worksheet_write_string(ws, row, (lxw_col_t)k, heads[k], f->header);
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
static void write_surface(lxw_worksheet *ws, const book_formats *f, const folio_run *run, lxw_row_t r)
{
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
    worksheet_write_string(ws, r, 0, text, f->title);
    snprintf(text, sizeof text, "%s limit (down) / %s limit (across)", c2, c1);
    worksheet_write_string(ws, r + 2, 0, text, f->header);
    worksheet_set_row(ws, r + 2, 45, NULL); /* room for the wrapped heading */
    for (size_t k = 0; k < t->n_points; k++)
        worksheet_write_number(ws, r + 2, (lxw_col_t)(k + 1), t->points[k].limit, f->money_sel);
    for (size_t q = 0; q < s->n_rows; q++) {
        lxw_row_t row = (lxw_row_t)(r + 3 + q);
        worksheet_write_number(ws, row, 0, s->limit[q], q == s->current ? f->number_sel : f->number);
        for (size_t k = 0; k < t->n_points; k++) {
            size_t cell = q * t->n_points + k;
            bool chosen = q == s->current && t->points[k].current;
            if (isfinite(s->objective[cell]))
                worksheet_write_number(ws, row, (lxw_col_t)(k + 1), s->objective[cell], chosen ? f->score_sel : f->score);
            else
                worksheet_write_string(ws, row, (lxw_col_t)(k + 1), solve_status_name(s->status[cell]), f->text);
        }
    }
    lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
                                    .min_color = 0xF8696B, .mid_color = 0xFFEB84, .max_color = 0x63BE7B};
    worksheet_conditional_format_range(ws, r + 3, 1, (lxw_row_t)(r + 2 + s->n_rows), (lxw_col_t)t->n_points, &scale);
}

/* The Frontier sheet: the optimum at each limit of one capacity (each an exact re-solve), what enters
 * and leaves between points, and a scatter chart with the chosen portfolio marked. */
static void write_frontier(lxw_workbook *wb, const book_formats *f, const folio_run *run)
{
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Frontier");
    print_setup(ws);
    char text[4096];
    if (!run->has_tradeoffs || t->capacity == SIZE_MAX) {
        worksheet_write_string(ws, 0, 0,
                               run->has_tradeoffs ? "No capacity to draw a frontier over."
                                                  : "Not analysed: the trade-offs need a proven optimal portfolio "
                                                    "([tradeoffs] enabled = yes).",
                               f->text);
        return;
    }
    const rules_capacity *cap = &m->rules.capacities[t->capacity];
    snprintf(text, sizeof text,
             "Efficient frontier over %s: the best objective at each limit, every point an exact re-solve with "
             "only this capacity's limits scaled (every other rule as given)",
             cap->name);
    worksheet_write_string(ws, 0, 0, text, f->title);
    static const char *const heads[] = {"Limit", "Share of the current limit", "Status", "Objective",
                                        "Used", "Projects selected", "Entering (vs the row above)",
                                        "Leaving (vs the row above)", "Current portfolio"};
    header_row(ws, f, 2, heads, 9);
    worksheet_set_row(ws, 2, 30, NULL);
    worksheet_set_column(ws, 0, 5, 15, NULL);
    worksheet_set_column(ws, 6, 7, 40, NULL);
    worksheet_set_column(ws, 8, 10, 14, NULL);
    const lxw_row_t r0 = 3;
    for (size_t k = 0; k < t->n_points; k++) {
        const trade_point *p = &t->points[k];
        lxw_row_t row = (lxw_row_t)(r0 + k);
        lxw_format *num = p->current ? f->money_sel : f->money;
        worksheet_write_number(ws, row, 0, p->limit, num);
        worksheet_write_number(ws, row, 1, p->factor, f->pct);
        worksheet_write_string(ws, row, 2, solve_status_name(p->status), p->current ? f->text_sel : f->text);
        if (p->selected != NULL) {
            worksheet_write_number(ws, row, 3, p->objective, p->current ? f->score_sel : f->score);
            worksheet_write_number(ws, row, 4, p->used, num);
            worksheet_write_number(ws, row, 5, (double)p->n_selected, f->integer);
        }
        id_list(text, sizeof text, m, p->enter, p->n_enter);
        worksheet_write_string(ws, row, 6, text, f->wrap);
        id_list(text, sizeof text, m, p->leave, p->n_leave);
        worksheet_write_string(ws, row, 7, text, f->wrap);
        if (p->current) {
            worksheet_write_string(ws, row, 8, "chosen", f->text_sel);
            /* The marker series: the current point alone. */
            worksheet_write_number(ws, row, 9, p->limit, f->money);
            worksheet_write_number(ws, row, 10, p->objective, f->score);
        }
    }
    worksheet_write_string(ws, 2, 9, "Chosen: limit", f->header);
    worksheet_write_string(ws, 2, 10, "Chosen: objective", f->header);
    lxw_row_t r1 = (lxw_row_t)(r0 + t->n_points - 1);
    lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    snprintf(text, sizeof text, "Best objective against the %s limit", cap->name);
    chart_title_set_name(chart, text);
    lxw_chart_series *line = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(line, "Frontier", r0, 0, r1, 0);
    chart_series_set_values(line, "Frontier", r0, 3, r1, 3);
    chart_series_set_name(line, "optimum");
    lxw_chart_series *mark = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(mark, "Frontier", r0, 9, r1, 9);
    chart_series_set_values(mark, "Frontier", r0, 10, r1, 10);
    chart_series_set_name(mark, "chosen");
    chart_series_set_marker_type(mark, LXW_CHART_MARKER_DIAMOND);
    chart_series_set_marker_size(mark, 10);
    chart_axis_set_name(chart->x_axis, cap->name);
    chart_axis_set_name(chart->y_axis, "objective");
    worksheet_insert_chart(ws, (lxw_row_t)(r1 + 2), 0, chart);
    worksheet_freeze_panes(ws, 3, 1);
    write_surface(ws, f, run, (lxw_row_t)(r1 + 20));
}

/* The Trade-offs sheet: per project the objective change if its decision were forced the other way
 * (or its must-do rule lifted), each an exact re-solve; per capacity the change at +-10%. */
static void write_trades(lxw_workbook *wb, const book_formats *f, const folio_run *run)
{
    const model *m = run->m;
    const trade_result *t = &run->tradeoffs;
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Trade-offs");
    print_setup(ws);
    if (!run->has_tradeoffs) {
        worksheet_write_string(ws, 0, 0,
                               "Not analysed: the trade-offs need a proven optimal portfolio ([tradeoffs] enabled "
                               "= yes).",
                               f->text);
        return;
    }
    worksheet_write_string(ws, 0, 0,
                           "The price of each decision: the best objective with the decision forced the other way, "
                           "minus the objective now (exact re-solves; where the time budget stops them, the bounds it "
                           "lies between)",
                           f->title);
    static const char *const heads[] = {"ID", "Name", "Selected", "Score", "Forced", "Status there",
                                        "Objective change (exact re-solve)",
                                        "Objective change at least (a plan found with it forced)",
                                        "Objective change at most (LP bound)"};
    header_row(ws, f, 2, heads, 9);
    worksheet_set_column(ws, 0, 0, 11, NULL);
    worksheet_set_column(ws, 1, 1, 36, NULL);
    worksheet_set_column(ws, 2, 8, 16, NULL);
    worksheet_set_row(ws, 2, 60, NULL); /* four lines of the longest heading */
    for (size_t q = 0; q < m->n_projects; q++) {
        size_t i = run->score.order[q];
        const trade_force *tf = &t->force[i];
        lxw_row_t row = (lxw_row_t)(3 + q);
        bool sel = run->result.selected[i];
        worksheet_write_string(ws, row, 0, m->projects[i].id, sel ? f->text_sel : f->text);
        worksheet_write_string(ws, row, 1, m->projects[i].name, sel ? f->text_sel : f->text);
        worksheet_write_number(ws, row, 2, sel ? 1 : 0, f->engine_int);
        worksheet_write_number(ws, row, 3, run->score.score[i], f->score);
        const char *what = tf->kind == FORCE_IN    ? "in"
                           : tf->kind == FORCE_OUT ? "out"
                           : tf->kind == FORCE_MUST_OFF ? "must-do lifted"
                                                        : "not analysed (excluded)";
        worksheet_write_string(ws, row, 4, what, f->text);
        if (isfinite(tf->feasible))
            worksheet_write_number(ws, row, 7, tf->feasible, f->score);
        if (isfinite(tf->lp_bound))
            worksheet_write_number(ws, row, 8, tf->lp_bound, f->score);
        if (tf->kind != FORCE_NONE && !tf->exact)
            worksheet_write_string(ws, row, 5,
                                   isfinite(tf->feasible) ? "not re-solved (budget): between the two bounds"
                                                          : "not re-solved (budget): LP bound only",
                                   f->text);
        if (tf->kind != FORCE_NONE && tf->exact) {
            worksheet_write_string(ws, row, 5, tf->status == SOLVE_INFEASIBLE ? "cannot be forced"
                                                                              : solve_status_name(tf->status),
                                   f->text);
            if (isfinite(tf->delta))
                worksheet_write_number(ws, row, 6, tf->delta, f->score);
        }
    }
    lxw_row_t row = (lxw_row_t)(4 + m->n_projects);
    static const char *const cap_heads[] = {"Capacity", "Objective gained with the limits +10%",
                                            "Objective change with the limits -10%", "Status at -10%",
                                            "LP estimate: objective per unit of limit (shadow price)"};
    header_row(ws, f, row, cap_heads, 5);
    for (size_t c = 0; c < m->n_capacities; c++) {
        const trade_capacity *tc = &t->caps[c];
        lxw_row_t rr = (lxw_row_t)(row + 1 + c);
        worksheet_write_string(ws, rr, 0, m->rules.capacities[c].name, f->text);
        if (isfinite(tc->plus))
            worksheet_write_number(ws, rr, 1, tc->plus, f->score);
        if (isfinite(tc->minus))
            worksheet_write_number(ws, rr, 2, tc->minus, f->score);
        worksheet_write_string(ws, rr, 3, solve_status_name(tc->minus_status), f->text);
        if (isfinite(tc->shadow))
            worksheet_write_number(ws, rr, 4, tc->shadow, f->tiny_plain);
    }
    /* What it would take to admit the projects left out nearest the line, and the hiring plan. */
    row = (lxw_row_t)(row + 2 + m->n_capacities);
    static const char *const admit_heads[] = {"What would it take",
                                              "Extra capacity to admit it, keeping every project chosen",
                                              "Objective gained", "Brings in (dependencies)"};
    header_row(ws, f, row, admit_heads, 4);
    char text[2048];
    for (size_t q = 0; q < t->n_admits; q++) {
        const trade_admit *ad = &t->admits[q];
        lxw_row_t rr = (lxw_row_t)(row + 1 + q);
        worksheet_write_string(ws, rr, 0, m->projects[ad->project].id, f->text);
        if (ad->blocked != NULL) {
            snprintf(text, sizeof text, "no extra capacity admits it: %s", ad->blocked);
            worksheet_write_string(ws, rr, 1, text, f->wrap);
        } else {
            needs_text(text, sizeof text, run, ad->needs, ad->n_needs);
            worksheet_write_string(ws, rr, 1, text, f->wrap);
        }
        worksheet_write_number(ws, rr, 2, ad->gain, f->score);
        id_list(text, sizeof text, m, ad->with, ad->n_with);
        worksheet_write_string(ws, rr, 3, text, f->text);
    }
    row = (lxw_row_t)(row + 2 + t->n_admits);
    static const char *const plan_heads[] = {"Hiring plan: admit", "Extra capacity, all steps so far together",
                                             "Objective gained, all steps so far"};
    header_row(ws, f, row, plan_heads, 3);
    for (size_t q = 0; q < t->n_plan; q++) {
        const trade_hire *h = &t->plan[q];
        lxw_row_t rr = (lxw_row_t)(row + 1 + q);
        worksheet_write_string(ws, rr, 0, m->projects[h->project].id, f->text);
        needs_text(text, sizeof text, run, h->needs, h->n_needs);
        worksheet_write_string(ws, rr, 1, text, f->wrap);
        worksheet_write_number(ws, rr, 2, h->gain, f->score);
    }
    worksheet_freeze_panes(ws, 3, 1);
}

/* The Scenarios sheet: each [scenario NAME] beside the rules as given (key figures, what enters and
 * leaves, why an impossible one is impossible), then a project x scenario matrix of decisions. */
static void write_scenarios(lxw_workbook *wb, const book_formats *f, const folio_run *run)
{
    const model *m = run->m;
    const size_t ns = m->rules.n_scenarios, n = m->n_projects;
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Scenarios");
    print_setup(ws);
    worksheet_write_string(ws, 0, 0,
                           "Scenarios: the rules as given with the changes below, each solved exactly in the same run",
                           f->title);
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, (lxw_col_t)(ns + 2), 18, NULL);
    lxw_row_t row = 2;
    worksheet_write_string(ws, row, 0, "Figure", f->header);
    worksheet_write_string(ws, row, 1, "As given", f->header);
    for (size_t q = 0; q < ns; q++)
        worksheet_write_string(ws, row, (lxw_col_t)(2 + q), run->scenarios[q].rules->name, f->header);
    char text[4096], part[256];
    /* Changes. */
    row++;
    worksheet_write_string(ws, row, 0, "Changes to the rules", f->label);
    worksheet_write_string(ws, row, 1, "(none)", f->text);
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
        worksheet_write_string(ws, row, (lxw_col_t)(2 + q), text, f->wrap);
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
        worksheet_write_string(ws, row, 0, figures[k], f->label);
        for (size_t q = 0; q <= ns; q++) {
            lxw_col_t col = (lxw_col_t)(1 + q);
            const trade_scenario *ts = q > 0 ? &run->scenarios[q - 1] : NULL;
            solve_status st = ts ? ts->status : base->status;
            bool have = ts ? ts->selected != NULL : base_has;
            if (k == 0) {
                worksheet_write_string(ws, row, col, solve_status_name(st), have ? f->text : f->bad);
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
            worksheet_write_number(ws, row, col, v, k == 3 ? f->pct : k == 4 ? f->integer : k == 5 ? f->money : f->score);
        }
    }
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (int used = 0; used < 2; used++) {
            row++;
            snprintf(part, sizeof part, "%s: %s", m->rules.capacities[c].name, used ? "used" : "limit");
            worksheet_write_string(ws, row, 0, part, f->label);
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
                    worksheet_write_number(ws, row, (lxw_col_t)(1 + q), v, f->money);
            }
        }
    }
    static const char *const lists[] = {"Entering (against as given)", "Leaving (against as given)",
                                        "Why no portfolio (conflicting rules)"};
    for (int k = 0; k < 3; k++) {
        row++;
        worksheet_write_string(ws, row, 0, lists[k], f->label);
        if (k == 2 && base->status == SOLVE_INFEASIBLE) {
            text[0] = '\0';
            for (size_t c = 0; c < run->conflicts.count; c++) {
                strncat(text, c ? "; " : "", sizeof text - strlen(text) - 1);
                strncat(text, run->conflicts.items[c], sizeof text - strlen(text) - 1);
            }
            worksheet_write_string(ws, row, 1, text, f->wrap);
        }
        for (size_t q = 0; q < ns; q++) {
            const trade_scenario *ts = &run->scenarios[q];
            if (k == 0) {
                id_list(text, sizeof text, m, ts->enter, ts->n_enter);
            } else if (k == 1) {
                id_list(text, sizeof text, m, ts->leave, ts->n_leave);
            } else {
                text[0] = '\0';
                for (size_t c = 0; c < ts->conflicts.count; c++) {
                    strncat(text, c ? "; " : "", sizeof text - strlen(text) - 1);
                    strncat(text, ts->conflicts.items[c], sizeof text - strlen(text) - 1);
                }
            }
            worksheet_write_string(ws, row, (lxw_col_t)(2 + q), text, f->wrap);
        }
    }
    /* The decision matrix: 1 = selected (green); a 0 in red where the rules as given select it. */
    row += 2;
    worksheet_write_string(ws, row, 0, "Decisions (1 = selected; red: left out where as given selects it)", f->header);
    row++;
    const lxw_row_t head = row;
    worksheet_write_string(ws, head, 0, "Project", f->header);
    worksheet_write_string(ws, head, 1, "As given", f->header);
    for (size_t q = 0; q < ns; q++)
        worksheet_write_string(ws, head, (lxw_col_t)(2 + q), run->scenarios[q].rules->name, f->header);
    for (size_t qq = 0; qq < n; qq++) {
        size_t i = run->score.order[qq];
        lxw_row_t r = (lxw_row_t)(head + 1 + qq);
        snprintf(part, sizeof part, "%s %s", m->projects[i].id, m->projects[i].name);
        worksheet_write_string(ws, r, 0, part, f->text);
        bool now = base_has && base->selected[i];
        worksheet_write_number(ws, r, 1, now ? 1 : 0, now ? f->good : f->engine_int);
        for (size_t q = 0; q < ns; q++) {
            const trade_scenario *ts = &run->scenarios[q];
            bool sel = ts->selected != NULL && ts->selected[i];
            worksheet_write_number(ws, r, (lxw_col_t)(2 + q), sel ? 1 : 0,
                                   sel ? f->good : now ? f->bad : f->engine_int);
        }
    }
    worksheet_freeze_panes(ws, 3, 1);
}

static void write_sensitivity(lxw_workbook *wb, const book_formats *f, const folio_run *run)
{
    const model *m = run->m;
    lxw_worksheet *ws = workbook_get_worksheet_by_name(wb, "Sensitivity");
    print_setup(ws);
    static const char *const names[] = {"Criterion", "Weight now (share)", "Portfolio unchanged from (weight)",
                                        "Portfolio unchanged to (weight)", "Just below: enter", "Just below: leave",
                                        "Just above: enter", "Just above: leave"};
    static const double widths[] = {22, 12, 16, 16, 30, 30, 30, 30};
    write_header_row(ws, f, names, 8, widths);
    if (!run->has_sensitivity) {
        worksheet_write_string(ws, 1, 0,
                               "Not analysed: it needs a proven optimal portfolio and at least two criteria "
                               "([sensitivity] enabled = no turns it off).",
                               f->text);
        return;
    }
    const sens_result *sr = &run->sensitivity;
    char buf[2048];
    for (size_t k = 0; k < m->n_criteria; k++) {
        const sens_criterion *c = &sr->criteria[k];
        lxw_row_t r = (lxw_row_t)(k + 1);
        worksheet_write_string(ws, r, 0, m->rules.criteria[k].name, f->text);
        worksheet_write_number(ws, r, 1, c->weight, f->pct);
        if (!c->analysed) {
            worksheet_write_string(ws, r, 2, "not analysed (time budget)", f->text);
            continue;
        }
        worksheet_write_number(ws, r, 2, c->stable_from, f->engine_text);
        worksheet_write_number(ws, r, 3, c->stable_to, f->engine_text);
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
                worksheet_write_string(ws, r, (lxw_col_t)(4 + 2 * e + side), buf, f->text);
            }
        }
    }
    if (m->n_criteria > 0) {
        /* The stable range against the weight now, per criterion. */
        lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_BAR);
        chart_title_set_name(chart, "Weights over which the portfolio stays the same");
        const char *series[] = {"unchanged from", "weight now", "unchanged to"};
        const int cols[] = {2, 1, 3};
        for (int k = 0; k < 3; k++) {
            lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
            chart_series_set_categories(s, "Sensitivity", 1, 0, (lxw_row_t)m->n_criteria, 0);
            chart_series_set_values(s, "Sensitivity", 1, (lxw_col_t)cols[k], (lxw_row_t)m->n_criteria, (lxw_col_t)cols[k]);
            chart_series_set_name(s, series[k]);
        }
        worksheet_insert_chart(ws, (lxw_row_t)(m->n_criteria + 3), 0, chart);
    }
    lxw_row_t r = (lxw_row_t)(m->n_criteria + 20);
    worksheet_write_string(ws, r, 0, "Project", f->header);
    worksheet_write_string(ws, r, 1, "Decision now", f->header);
    worksheet_write_string(ws, r, 2, "Criterion whose weight flips it", f->header);
    worksheet_write_string(ws, r, 3, "Smallest weight change found (share)", f->header);
    for (size_t q = 0; q < sr->n_flips; q++) {
        const sens_flip *fl = &sr->flips[q];
        r++;
        worksheet_write_string(ws, r, 0, m->projects[fl->project].id, f->text);
        worksheet_write_string(ws, r, 1, run->result.selected[fl->project] ? "selected" : "not selected", f->text);
        worksheet_write_string(ws, r, 2, m->rules.criteria[fl->criterion].name, f->text);
        worksheet_write_number(ws, r, 3, fl->change, f->pct);
    }
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
    /* Every sheet is created first, in tab order: outputs, checks, inputs, calculations. The writers
     * below fill them in the order their references need (Cover and Summary last). */
    static const char *const order[] = {"Cover",    "Summary",  "Portfolio",  "Timeline", "Capacity",
                                        "Sensitivity", "Frontier", "Trade-offs", "Scenarios", "Checks", "Projects", "Criteria", "Weights",
                                        "Capacities", "Scores",   "Demand",   "Data quality"};
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        bool timed_only = strcmp(order[k], "Timeline") == 0 || strcmp(order[k], "Demand") == 0;
        bool ahp_only = strcmp(order[k], "Weights") == 0;
        bool scenario_only = strcmp(order[k], "Scenarios") == 0;
        if ((!timed_only || m->rules.has_horizon) && (!ahp_only || m->has_ahp) &&
            (!scenario_only || m->rules.n_scenarios > 0))
            workbook_add_worksheet(wb, order[k]);
    }
    lxw_worksheet *cover = workbook_get_worksheet_by_name(wb, "Cover");
    lxw_worksheet *summary = workbook_get_worksheet_by_name(wb, "Summary");
    projects_layout pl = {0};
    pl.value_col = calloc(m->n_capacities + m->n_policies + 1, sizeof *pl.value_col);
    pl.value_header = calloc(m->n_capacities + m->n_policies + 1, sizeof *pl.value_header);
    if (pl.value_col == NULL || pl.value_header == NULL) {
        free(pl.value_col);
        free(pl.value_header);
        free(layout.cap_col);
        free(layout.policy_col);
        workbook_close(wb);
        return FOLIO_ENOMEM;
    }
    size_t *demand_col = calloc(m->n_capacities + 1, sizeof *demand_col);
    if (demand_col == NULL) {
        free(layout.cap_col);
        free(layout.policy_col);
        workbook_close(wb);
        return FOLIO_ENOMEM;
    }
    demand_layout(m, demand_col);
    write_projects(wb, &f, run, &pl);
    write_portfolio(wb, &f, run, &layout, &pl);
    if (m->rules.has_horizon)
        write_timeline(wb, &f, run);
    write_capacity(wb, &f, run, &layout, demand_col, &caprows);
    write_checks(wb, &f, run, &layout, &caprows);
    write_sensitivity(wb, &f, run);
    write_frontier(wb, &f, run);
    write_trades(wb, &f, run);
    if (m->rules.n_scenarios > 0)
        write_scenarios(wb, &f, run);
    char(*weight_cells)[64] = calloc(m->n_criteria + 1, sizeof *weight_cells);
    if (weight_cells == NULL) {
        free(layout.cap_col);
        free(layout.policy_col);
        free(demand_col);
        free(pl.value_col);
        free(pl.value_header);
        workbook_close(wb);
        return FOLIO_ENOMEM;
    }
    if (m->has_ahp)
        write_weights(wb, &f, run, weight_cells);
    write_criteria(wb, &f, run, weight_cells);
    free(weight_cells);
    write_scores(wb, &f, run, &pl);
    if (m->rules.has_horizon)
        write_demand(wb, &f, run, demand_col);
    write_data_quality(wb, &f, d);
    write_summary(summary, &f, run, opt, &layout, &caprows);
    static const char *const sheets[] = {"Summary",  "Portfolio",  "Timeline", "Capacity", "Sensitivity",
                                         "Frontier", "Trade-offs", "Scenarios", "Checks",
                                         "Projects", "Criteria",   "Weights", "Capacities", "Scores", "Demand",
                                         "Data quality"};
    static const char *const about[] = {
        "output: status, objective, bound and gap, the selection's count and cost, each capacity's use",
        "output: every project in rank order with its decision and reason; selected rows in green",
        "output: when each selected project runs (with a planning horizon)",
        "output: each capacity's limit, use, slack and utilisation per period; policies",
        "output: the weights over which the portfolio stays the same, and the decisions a small change flips",
        "output: the best objective at each limit of one capacity, and what enters and leaves (exact re-solves)",
        "output: what forcing each decision the other way costs, and each capacity's value at +-10%",
        "output: each [scenario NAME] beside the rules as given, and a project x scenario decision matrix",
        "checks: every rule recomputed from the other sheets, with a master check",
        "input: every project as exported: cost, flags, the columns rules read, raw criterion values, timing",
        "input: criteria, weights, directions, normalisation ranges, the delay penalty",
        "input and calculation: the pairwise comparisons, priorities, lambda max and consistency (AHP)",
        "input: every capacity limit (per period and whole horizon) and policy bound",
        "calculation: raw values (input), normalised values, scores and ranks",
        "calculation: each project's use of each capacity per period at its start (with a horizon)",
        "input: every warning about the exports and rules, with file, line and column"};
    const char *present[16], *present_about[16];
    size_t n_present = 0;
    for (size_t k = 0; k < 16; k++) {
        if (m->rules.n_scenarios == 0 && strcmp(sheets[k], "Scenarios") == 0)
            continue;
        if (!m->rules.has_horizon && (strcmp(sheets[k], "Timeline") == 0 || strcmp(sheets[k], "Demand") == 0))
            continue;
        if (!m->has_ahp && strcmp(sheets[k], "Weights") == 0)
            continue;
        present[n_present] = sheets[k];
        present_about[n_present++] = about[k];
    }
    char runid[17];
    run_id(run, opt, runid);
    write_cover(cover, &f, run, opt, runid, present, present_about, n_present);
    worksheet_activate(cover);

    char title[256];
    snprintf(title, sizeof title, "Portfolio selection: %s", m->rules.name ? m->rules.name : "(unnamed)");
    lxw_doc_properties props = {
        .title = title,
        .subject = "Project portfolio selection",
        .author = "folio " FOLIO_VERSION,
        .keywords = "portfolio, selection, capacity, optimisation",
        .comments = "Scores, ranks, totals, capacity use and checks are live formulas over the input cells; "
                    "decisions are the engine's results.",
        .created = opt->doc_time,
    };
    workbook_set_properties(wb, &props);
    workbook_set_custom_property_string(wb, "Status", (char *)solve_status_name(run->result.status));
    workbook_set_custom_property_string(wb, "Rules SHA-256", (char *)run->sha_rules);
    workbook_set_custom_property_string(wb, "Run id", runid);
    free(layout.cap_col);
    free(layout.policy_col);
    free(demand_col);
    free(pl.value_col);
    free(pl.value_header);
    return workbook_close(wb) == LXW_NO_ERROR ? FOLIO_OK : FOLIO_EIO;
}
