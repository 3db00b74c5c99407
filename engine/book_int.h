/* book_int.h - internal to the workbook writer: what its sheet files share. book.c holds the sheet
 * registry and book_write(); book_frame.c the formats and the cell helpers every sheet writes
 * through; the sheets themselves are in book_decisions.c (Cover, Summary, Portfolio, Timeline),
 * book_capacity.c (Capacity, Capacities, Demand), book_analyses.c (Sensitivity, Frontier,
 * Trade-offs, Scenarios), book_checks.c (Checks) and book_inputs.c (Projects, Criteria, Weights,
 * Scores, Data quality). */
#ifndef FOLIO_BOOK_INT_H
#define FOLIO_BOOK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "book.h"

/* Every cell style the workbook uses; "_sel" variants highlight selected projects. */
typedef struct book_formats {
    lxw_format *title, *header, *label, *text, *wrap, *integer, *number, *money, *score, *pct, *input_num;
    lxw_format *text_sel, *integer_sel, *number_sel, *money_sel, *score_sel, *wrap_sel;
    lxw_format *good, *bad;
    lxw_format *engine_int, *engine_text; /* results imported from the engine: decisions, starts */
    lxw_format *input_money, *input_int, *input_text, *link, *tiny, *tiny_plain;
} book_formats;

enum {
    COLOR_SELECTED = 0xE2EFDA, /* light green: in the portfolio */
    COLOR_HEADER = 0xD9E1F2,   /* light blue */
    COLOR_INPUT = 0xFFF2CC,    /* light yellow: values read from the inputs */
    COLOR_ENGINE = 0xDDEBF7,   /* light blue: results the engine computed (decisions, starts) */
};

/* A numeric column of the projects export shown on the Portfolio sheet. */
typedef struct value_column {
    const char *header;
    size_t col;       /* Portfolio column */
    bool is_money;
} value_column;

/* The Portfolio sheet's columns, which the Capacity, Checks and Summary sheets refer to. */
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

/* Rows of the Capacity sheet, shared with the Summary so that its figures refer to them. */
typedef struct capacity_rows {
    size_t first_capacity_row; /* row of the first capacity */
    size_t first_policy_row;
} capacity_rows;

/* One workbook being written: the run it shows, and what one sheet lays out for the others to refer
 * to. A sheet writer fills its own part and reads the parts of the sheets written before it. */
typedef struct book {
    lxw_workbook *wb;
    book_formats f;
    const folio_run *run;
    const folio_run_options *opt;
    const diags *d;           /* the warnings, for Data quality */
    projects_layout pl;       /* Projects' columns */
    portfolio_layout layout;  /* Portfolio's columns */
    capacity_rows caprows;    /* Capacity's rows */
    size_t *demand_col;       /* [n_capacities] where each capacity's periods start on Demand */
    char (*weight_cells)[64]; /* [n_criteria] the cell holding each criterion's global weight (Weights) */
    const char *const *sheets; /* [n_sheets] the sheets present, in tab order (for the Cover) */
    const char *const *about;  /* [n_sheets] what each holds */
    size_t n_sheets;
    char run_id[17];          /* the run's short id (Cover, document properties) */
    lxw_error err;            /* the first error libxlsxwriter reported; LXW_NO_ERROR while there is none */
} book;

/* What the first error recorded in bk means for the caller: FOLIO_OK while there is none,
 * FOLIO_ENOMEM when libxlsxwriter ran out of memory, FOLIO_EIO when it could not write, else
 * FOLIO_EINTERNAL (a cell out of range: a bug). */
folio_error book_status(const book *bk);

/* Records err in bk when it is the first error (every helper below does this). */
void book_check(book *bk, lxw_error err);

/* Creates every format into bk->f; false (recorded) when out of memory. */
bool book_formats_make(book *bk);

/* Cell writers: as libxlsxwriter's worksheet_write_*, recording any error in bk. A string longer
 * than a cell holds (32,767 bytes) is cut at a character boundary and ends in "...". */
void book_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f);
void book_number(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f);
/* A formula with its value cached, so that every viewer shows the number without recalculating. */
void book_formula(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, lxw_format *f,
                  double cached);
void book_url(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *url, lxw_format *f);
void book_comment(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text);
void book_column(book *bk, lxw_worksheet *ws, lxw_col_t first, lxw_col_t last, double width, lxw_format *f);
void book_row(book *bk, lxw_worksheet *ws, lxw_row_t row, double height, lxw_format *f);
void book_autofilter(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1);
void book_insert_chart(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_chart *chart);
void book_conditional(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1,
                      lxw_conditional_format *cf);

/* A new chart of the type, or NULL (recorded) when out of memory. */
lxw_chart *book_chart(book *bk, uint8_t type);
/* A new series of chart named name: categories (x) in column cat_col and values in column val_col
 * of rows r0..r1 of sheet; NULL (recorded) when out of memory. */
lxw_chart_series *book_series(book *bk, lxw_chart *chart, const char *name, const char *sheet, lxw_row_t r0,
                              lxw_row_t r1, lxw_col_t cat_col, lxw_col_t val_col);

/* Every sheet prints landscape, fit to one page wide, its first row repeated on each page. */
void book_print_setup(book *bk, lxw_worksheet *ws);

/* Header cells names[n] in row 0 with their column widths (14 when widths is NULL), row 0 frozen. */
void book_header_row(book *bk, lxw_worksheet *ws, const char *const *names, size_t n, const double *widths);

/* Header cells heads[n] in row, from column 0. */
void book_header_row_at(book *bk, lxw_worksheet *ws, lxw_row_t row, const char *const *heads, size_t n);

/* "Portfolio!$F$2:$F$61": one column of the n project rows of a sheet. */
void book_range(char *buf, size_t size, const char *sheet, size_t col, size_t n);

/* "C5": a cell of the same sheet. */
void book_cell_ref(char *buf, size_t row, size_t col);

/* "Sheet!$C$5": a cell of another sheet (absolute), its name quoted when it needs it. */
void book_sheet_cell(char *buf, size_t size, const char *sheet, size_t row, size_t col);

/* "=Projects!$D$5": a reference to one input of the project on row q of the rank-ordered sheets. */
void book_projects_ref(char *buf, size_t size, size_t q, size_t col);

/* The column letters of col, e.g. "AB". */
void book_col_name(char *buf, size_t col);

/* Whether two export column names are the same column (matched as [columns] matches them). */
bool book_same_column(const char *a, const char *b);

/* The Projects column holding export column header, or SIZE_MAX. */
size_t book_projects_value_col(const projects_layout *pl, const char *header);

/* A project's value of export column header: the capacity's total use or the policy's amount. */
double book_project_value(const model *m, size_t i, const char *header);

/* Joins project ids into buf ("A, B, C"). */
void book_id_list(char *buf, size_t size, const model *m, const size_t *list, size_t count);

/* Whether the run has a portfolio to show (optimal or feasible). */
static inline bool book_has_portfolio(const folio_run *run)
{
    return run->result.status == SOLVE_OPTIMAL || run->result.status == SOLVE_FEASIBLE;
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
static inline size_t scores_raw_col(size_t k) { return 1 + k; }
static inline size_t scores_norm_col(size_t nk, size_t k) { return 1 + nk + k; }
/* With TOPSIS, the weighted values v(i,k) follow, then the distances to the ideal and anti-ideal. */
static inline size_t scores_weighted_col(size_t nk, size_t k) { return 1 + 2 * nk + k; }
static inline size_t scores_d_ideal_col(size_t nk) { return 1 + 3 * nk; }
static inline size_t scores_d_anti_col(size_t nk) { return 2 + 3 * nk; }
static inline size_t scores_score_col(const model *m)
{
    return m->rules.scoring == SCORING_TOPSIS ? 3 + 3 * m->n_criteria : 1 + 2 * m->n_criteria;
}
static inline size_t scores_rank_col(const model *m) { return scores_score_col(m) + 1; }

/* The Checks sheet: one row per check, each recomputed by formula from the other sheets and compared
 * with the engine's value; column F flags a failure with 1, and F3 counts them (the master check).
 * Checks on the selection apply only when a portfolio exists (C2). */
enum { CHECKS_ROW_EXISTS = 1, CHECKS_ROW_MASTER = 2, CHECKS_ROW_FIRST = 3 };

/* The sheet writers, each filling the worksheet it is given (created in tab order by book_write()). */
folio_error book_write_cover(book *bk, lxw_worksheet *ws);
folio_error book_write_summary(book *bk, lxw_worksheet *ws);
folio_error book_write_portfolio(book *bk, lxw_worksheet *ws);
folio_error book_write_timeline(book *bk, lxw_worksheet *ws);
folio_error book_write_capacity(book *bk, lxw_worksheet *ws); /* and Capacities, whose limits it shows */
folio_error book_write_demand(book *bk, lxw_worksheet *ws);
folio_error book_write_sensitivity(book *bk, lxw_worksheet *ws);
folio_error book_write_frontier(book *bk, lxw_worksheet *ws);
folio_error book_write_trades(book *bk, lxw_worksheet *ws);
folio_error book_write_scenarios(book *bk, lxw_worksheet *ws);
folio_error book_write_checks(book *bk, lxw_worksheet *ws);
folio_error book_write_projects(book *bk, lxw_worksheet *ws);
folio_error book_write_weights(book *bk, lxw_worksheet *ws);
folio_error book_write_criteria(book *bk, lxw_worksheet *ws);
folio_error book_write_scores(book *bk, lxw_worksheet *ws);
folio_error book_write_data_quality(book *bk, lxw_worksheet *ws);

#endif
