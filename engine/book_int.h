/* book_int.h - internal to the workbook writer: what its sheet files share. book.c holds the sheet
 * registry and book_write(); book_frame.c the formats and the cell helpers every sheet writes
 * through; the sheets themselves are in book_decisions.c (Cover, Summary, Portfolio, Timeline),
 * book_changes.c (Changes and Input changes, against a baseline),
 * book_capacity.c (Capacity use, Limits, Demand), book_analyses.c (Sensitivity, Frontier,
 * Trade-offs, Capacity value, Scenarios), book_checks.c (Checks) and book_inputs.c (Projects,
 * Criteria, Weights, Scores, Data quality); book_page.c fits each sheet to its contents and the
 * page. */
#ifndef FOLIO_BOOK_INT_H
#define FOLIO_BOOK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xlsxwriter.h>

#include "book.h"

/* How a number is shown: the one description that both a cell's number format and the width its
 * column needs are made from. */
typedef struct book_numfmt {
    signed char min_dec, max_dec; /* decimals shown: at least, at most (trailing zeros between dropped) */
    bool thousands;               /* 1,234,567 */
    bool percent;                 /* 0.25 shows 25% */
    bool paren_negative;          /* -1,234 shows (1,234): finance's convention for money */
    const char *currency;         /* before the number: "$" or "EUR" (NULL: none) */
    const char *unit;             /* after it, past a blank: "FTE" (NULL: none) */
} book_numfmt;

/* What a cell looks like; each lxw_format the workbook uses is made from one, kept beside it. */
typedef struct book_style {
    bool has_num;      /* false: General (text, or a number as it comes) */
    book_numfmt num;
    bool bold, wrap, header, underline;
    bool center;       /* centred across the cell (flags, ranks) */
    bool right;        /* right-aligned (a header over numbers) */
    bool indent;       /* left-aligned one character in: a header beside a right-aligned one */
    lxw_color_t bg;    /* LXW_COLOR_WHITE: no fill */
    lxw_color_t color; /* 0: the default font colour */
    unsigned char font_size; /* 0: the default 11 point */
} book_style;

/* Every cell style the workbook uses; "_sel" variants highlight selected projects. */
typedef struct book_formats {
    lxw_format *title, *header, *label, *text, *wrap, *note, *integer, *number, *money, *score, *pct, *input_num;
    lxw_format *text_sel, *integer_sel, *number_sel, *money_sel, *score_sel, *wrap_sel;
    lxw_format *rank, *rank_sel; /* ranks, centred */
    lxw_format *good, *bad, *amber, *red; /* amber and red: utilisation near and over a limit */
    lxw_format *engine_int, *engine_text, *engine_num, *engine_pct; /* results the engine computed */
    lxw_format *input_money, *input_int, *input_text, *link, *tolerance;
} book_formats;

enum {
    COLOR_SELECTED = 0xE2EFDA, /* light green: in the portfolio */
    COLOR_HEADER = 0xD9E1F2,   /* light blue */
    COLOR_INPUT = 0xFFF2CC,    /* light yellow: values read from the inputs */
    COLOR_ENGINE = 0xDDEBF7,   /* light blue: results the engine computed (decisions, starts) */
    COLOR_GOOD = 0xC6EFCE,     /* green: a check that holds */
    COLOR_BAD = 0xFFC7CE,      /* red: a check that fails, a limit exceeded */
    COLOR_AMBER = 0xFFEB9C,    /* amber: a limit 90-100% used */
};

/* A numeric column of the projects export shown on the Portfolio sheet. */
typedef struct value_column {
    const char *header;
    size_t col;          /* Portfolio column */
    size_t projects_col; /* the Projects column it refers to */
    lxw_format *format;  /* its amounts: money, a capacity's unit, else plain */
} value_column;

/* The Portfolio sheet's columns, which the Capacity use, Checks and Summary sheets refer to. */
typedef struct portfolio_layout {
    size_t col_rank, col_id, col_name, col_category, col_decision, col_selected, col_score, col_cost;
    size_t col_start, col_finish, col_delay; /* with a planning horizon only (else SIZE_MAX) */
    size_t col_must, col_excluded;           /* 1/0 inputs, for the Checks sheet */
    size_t col_status, col_spent;            /* in a re-plan only (else SIZE_MAX) */
    size_t col_change;                       /* against a baseline only: continued, started, ... */
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
    size_t col_status, col_cost_full, col_spent; /* in a re-plan only (else SIZE_MAX); col_cost is then
                                                    the cost to complete */
    size_t col_stop_cost, col_stop_lost;         /* with [replan] stop_cost / stop_value_lost (else SIZE_MAX) */
    size_t *value_col; /* [n_values] export columns that capacities and policies read */
    const char **value_header;
    size_t n_values;
    size_t col_raw; /* first of n_criteria raw criterion values */
    size_t col_earliest, col_latest, col_duration; /* with a horizon (else SIZE_MAX) */
} projects_layout;

/* The Changes sheet's totals (with a baseline), each an absolute reference from another sheet
 * ("Changes!$C$40"); "" without a baseline. */
typedef struct changes_cells {
    char continued[48], stopped[48], started[48], moved[48];
    char changes[48];   /* decisions that count as a change */
    char penalty[48];   /* the change penalty (an input) */
    char committed[48]; /* what continued work in flight still needs of the budget */
    char free[48];      /* the budget's limit less that ("": no limit) */
    char effects[48];   /* the attribution's effects summed ("": not attributed) */
    char change[48];    /* the objective now (live) less the baseline's */
} changes_cells;

/* Rows of the Capacity use sheet, shared with the Summary so that its figures refer to them. */
typedef struct capacity_rows {
    size_t first_capacity_row; /* row of the first capacity */
    size_t first_policy_row;
} capacity_rows;

/* One workbook being written: the run it shows, and what one sheet lays out for the others to refer
 * to. A sheet writer fills its own part and reads the parts of the sheets written before it. */
/* A format made, and the style it was made from. */
typedef struct book_style_entry {
    book_style style;
    lxw_format *format;
} book_style_entry;

/* What one sheet's cells need of its columns and rows (book_page.c). */
typedef struct book_fit book_fit;

typedef struct book {
    lxw_workbook *wb;
    book_formats f;
    book_style_entry *styles;  /* every format made, to find a cell's style and to reuse formats */
    size_t n_styles, cap_styles;
    char currency[16];         /* the currency money is shown in ([output] currency, else the export's) */
    book_numfmt plain, money;  /* numbers in no unit; money */
    book_numfmt *cap_num;      /* [n_capacities] each capacity's amounts, in its unit */
    book_fit *fits;            /* [n_fits] one per sheet */
    size_t n_fits;
    const folio_run *run;
    const folio_run_options *opt;
    bool *none;               /* [n_projects] all false: the selection shown when there is no portfolio */
    const diags *d;           /* the warnings, for Data quality */
    projects_layout pl;       /* Projects' columns */
    portfolio_layout layout;  /* Portfolio's columns */
    capacity_rows caprows;    /* Capacity's rows */
    changes_cells chg;        /* Changes' totals */
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

/* Creates every format into bk->f and the units into bk->money, bk->plain and bk->cap_num; false
 * (recorded) when out of memory. */
bool book_formats_make(book *bk);
void book_formats_free(book *bk);

/* The format of style st: made the first time, the same one after; NULL (recorded) when out of memory. */
lxw_format *book_format(book *bk, const book_style *st);
/* The style f was made from; NULL for NULL (the default style). */
const book_style *book_style_of(const book *bk, const lxw_format *f);
/* f's style showing numbers as num (a capacity's unit, money). */
lxw_format *book_in_units(book *bk, lxw_format *f, const book_numfmt *num);
/* f's style, wrapping its text. */
lxw_format *book_format_wrapped(book *bk, lxw_format *f);
/* f's style, centred (center) or right-aligned: a header over flags or numbers that may not start
 * in the row below it, which is what otherwise aligns a header (book_fit_number()). */
lxw_format *book_format_aligned(book *bk, lxw_format *f, bool center);
/* v as a cell formatted num shows it ("$25,000,000", "12.5 FTE", "30.0%"), into out[size], with a
 * ")" for the room every number format keeps after the number; num NULL: as General shows it. */
void book_numfmt_show(const book_numfmt *num, double v, char *out, size_t size);
/* What goes before num's amounts: "$", "EUR " (a code stands apart), or "" without a currency;
 * quoted for a number format code ("\"EUR \"") when quote. */
void book_currency_prefix(const book_numfmt *num, bool quote, char *out, size_t size);
/* How amounts of export column header are shown: money for the cost, a capacity's unit for its
 * column, else plain. */
const book_numfmt *book_column_units(const book *bk, const char *header);

/* Cell writers: as libxlsxwriter's worksheet_write_*, recording any error in bk and what the cell
 * needs of its column and row (book_page.c). Text wider than its column's cap wraps. A string longer
 * than a cell holds (32,767 bytes) is cut at a character boundary and ends in "...". */
void book_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f);
void book_number(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f);
/* A formula with its value cached, so that every viewer shows the number without recalculating. */
void book_formula(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, lxw_format *f,
                  double cached);
/* A formula whose value is text (a reference to a text cell), cached as cached (short text only). */
void book_formula_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, lxw_format *f,
                       const char *cached);
void book_url(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *url, lxw_format *f);
void book_comment(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text);
void book_autofilter(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1);
void book_insert_chart(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_chart *chart);
void book_conditional(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1,
                      lxw_conditional_format *cf);

/* The page (book_page.c). Columns are as wide as their widest value as shown (numbers always whole;
 * text up to a cap, beyond it wrapped; headers wrapped at blanks), rows as tall as their wrapped
 * lines; each sheet prints on the rules' paper, portrait when it fits, else landscape, scaled to one
 * page wide down to BOOK_MIN_PRINT_SCALE + 10%, else at that scale across pages with its key
 * columns repeated; a little smaller (never below BOOK_MIN_PRINT_SCALE) rather than leave a row or
 * two alone on a last page; its header row repeated on every page; charts never split; the
 * portfolio's name, the sheet, the run id and page numbers in the header and footer. */
#define BOOK_MIN_PRINT_SCALE 0.6
#define BOOK_NO_HEADER ((lxw_row_t)UINT32_MAX)

/* One fit per sheet present (sheets[n], NULL where absent); false when out of memory. */
bool book_pages_begin(book *bk, lxw_worksheet *const *sheets, size_t n);
/* Sets every sheet's widths, heights, notes and page setup (once every sheet is written). */
void book_pages_finish(book *bk);
void book_pages_free(book *bk);
/* What book_text() and book_number() report: the format to write text with (its wrapping variant
 * when the text is wider than the column's cap). */
lxw_format *book_fit_text(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f);
void book_fit_number(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f);
/* Text in column col wraps beyond cap digits (instead of the default 60). */
void book_column_cap(book *bk, lxw_worksheet *ws, lxw_col_t col, double cap);
/* Row row of ws is a table header with autofilter buttons: its headers keep their alignment, so that
 * the buttons cover none of their text. */
void book_fit_filter(book *bk, lxw_worksheet *ws, lxw_row_t row);
/* Columns first..last are detail: grouped one outline level down and folded (not printed). */
void book_column_detail(book *bk, lxw_worksheet *ws, lxw_col_t first, lxw_col_t last);
/* Text across the table's printed width in row (merged, wrapped), that row otherwise empty. */
void book_note(book *bk, lxw_worksheet *ws, lxw_row_t row, const char *text);
/* Rows first..last print on one page (a chart, a table with its header): a page break goes before
 * them when they would straddle one and fit on one; a taller table keeps its first three rows. */
void book_keep_together(book *bk, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last);
/* ws's table header is header_row (BOOK_NO_HEADER: none), repeated on every printed page; its first
 * key_cols columns identify a row (repeated on pages to the right when the table is split across). */
void book_print_table(book *bk, lxw_worksheet *ws, lxw_row_t header_row, lxw_col_t key_cols);

/* A chart's size in pixels, and the rows it takes on its sheet with a gap below (two charts and a
 * header row fit a landscape page). */
enum { BOOK_CHART_WIDTH = 672, BOOK_CHART_HEIGHT = 260, BOOK_CHART_ROWS = 14 };

/* Names a chart's value axis "what (unit)" and shows its numbers in num's unit: money with its
 * currency, in millions when largest reaches a million ("$12.5M"); percentages as such. */
void book_axis(lxw_chart_axis *axis, const char *what, const book_numfmt *num, double largest);

/* A new chart of the type, or NULL (recorded) when out of memory. */
lxw_chart *book_chart(book *bk, uint8_t type);
/* A new series of chart named name: categories (x) in column cat_col and values in column val_col
 * of rows r0..r1 of sheet; NULL (recorded) when out of memory. */
lxw_chart_series *book_series(book *bk, lxw_chart *chart, const char *name, const char *sheet, lxw_row_t r0,
                              lxw_row_t r1, lxw_col_t cat_col, lxw_col_t val_col);

/* Header cells names[n] in row 0, row 0 frozen and printed on every page. */
void book_header_row(book *bk, lxw_worksheet *ws, const char *const *names, size_t n);

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

/* The name people read for a node of the criteria hierarchy: a criterion's label, a group's name
 * made readable; written into buf[size], which it returns. */
const char *book_node_label(const rules *r, size_t node, char *buf, size_t size);

/* What a re-plan adds to the objective's formula after the sum of selected values: "-P*C" for the
 * change penalty (Changes sheet) and "-(SUM(L)-SUMPRODUCT(S,L))" for the value lost by stopping work
 * in flight (Projects sheet); "" when neither applies or there is no portfolio. */
void book_replan_terms(const book *bk, char *out, size_t size);

/* What capacity c uses in period t (t == n_periods: the whole horizon) as the workbook computes it:
 * under the run's portfolio, or with none under the empty selection, whose work in flight is all
 * stopped and owes its stop costs. */
double book_used(const book *bk, size_t c, size_t t);

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

/* Utilisation (used / limit) in rows r0..r1 of column col on an absolute scale: under 90% plain,
 * 90-100% amber, over the limit red. */
void book_utilisation_scale(book *bk, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t col);
/* The row of capacity c in period t (t = n_periods: the whole horizon) on Capacity use, and on
 * Limits, which lays its rows out the same way; once Capacity use is written. */
size_t book_capacity_row(const book *bk, size_t c, size_t t);
/* The scale's legend from row on, in column col; returns the row after it. */
lxw_row_t book_utilisation_legend(book *bk, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col);

/* The sheet writers, each filling the worksheet it is given (created in tab order by book_write()). */
folio_error book_write_cover(book *bk, lxw_worksheet *ws);
folio_error book_write_summary(book *bk, lxw_worksheet *ws);
folio_error book_write_portfolio(book *bk, lxw_worksheet *ws);
folio_error book_write_timeline(book *bk, lxw_worksheet *ws);
folio_error book_write_changes(book *bk, lxw_worksheet *ws);
folio_error book_write_input_changes(book *bk, lxw_worksheet *ws);
folio_error book_write_capacity(book *bk, lxw_worksheet *ws); /* and Limits, whose limits it shows */
folio_error book_write_capacity_charts(book *bk, lxw_worksheet *ws);
folio_error book_write_demand(book *bk, lxw_worksheet *ws);
folio_error book_write_sensitivity(book *bk, lxw_worksheet *ws);
folio_error book_write_frontier(book *bk, lxw_worksheet *ws);
folio_error book_write_trades(book *bk, lxw_worksheet *ws);
folio_error book_write_capacity_value(book *bk, lxw_worksheet *ws);
folio_error book_write_scenarios(book *bk, lxw_worksheet *ws);
folio_error book_write_checks(book *bk, lxw_worksheet *ws);
folio_error book_write_projects(book *bk, lxw_worksheet *ws);
folio_error book_write_weights(book *bk, lxw_worksheet *ws);
folio_error book_write_criteria(book *bk, lxw_worksheet *ws);
folio_error book_write_scores(book *bk, lxw_worksheet *ws);
folio_error book_write_data_quality(book *bk, lxw_worksheet *ws);

#endif
