/* book.c - the workbook, written with libxlsxwriter: which sheets it has, in which order, and the one
 * entry point that writes them all or reports why it could not. The sheets themselves are written by
 * the book_*.c files (book_int.h lists them). */
#include "book_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "sha256.h"
#include "version.h"

static bool always(const book *bk)
{
    (void)bk;
    return true;
}

static bool with_horizon(const book *bk)
{
    return bk->run->m->rules.has_horizon;
}

static bool with_baseline(const book *bk)
{
    return bk->run->m->has_baseline;
}

static bool with_pairwise(const book *bk)
{
    return bk->run->m->has_ahp;
}

static bool with_scenarios(const book *bk)
{
    return bk->run->m->rules.n_scenarios > 0;
}

static bool with_warnings(const book *bk)
{
    return bk->d != NULL && bk->d->count > 0;
}

static bool without_warnings(const book *bk)
{
    return !with_warnings(bk);
}

/* One sheet of the workbook. */
typedef struct book_sheet {
    const char *name;
    bool (*present)(const book *bk);
    folio_error (*write)(book *bk, lxw_worksheet *ws); /* NULL: written by another sheet's writer */
    int pass;          /* sheets are written in increasing pass: a sheet that refers to another's
                          layout is written after it, and the Summary and Cover, which sum up the
                          rest, last. The order is also the order of the shared strings. */
    const char *about; /* what it holds, for the Cover's table of contents (NULL: the Cover) */
} book_sheet;

/* Every sheet, in tab order, the order a reviewer reads: what was decided and why, the analyses,
 * then the inputs, the calculations and the checks. Data quality comes next to the Summary when it
 * has warnings to read, else last. */
static const char ABOUT_DATA_QUALITY[] = "input: every warning about the exports and rules, with file, line and column";
static const book_sheet sheets[] = {
    {"Cover", always, book_write_cover, 15, NULL},
    {"Summary", always, book_write_summary, 14,
     "output: status, objective, bound and gap, the selection's count and cost, each capacity's use"},
    {"Data quality", with_warnings, book_write_data_quality, 13, ABOUT_DATA_QUALITY},
    {"Portfolio", always, book_write_portfolio, 1,
     "output: every project in rank order with its decision and reason; selected rows in green"},
    {"Changes", with_baseline, book_write_changes, 4,
     "output: against the baseline, each project's decision then and now, what counts as a change, live totals"},
    {"Input changes", with_baseline, book_write_input_changes, 4,
     "output: against the baseline, the inputs that changed: projects added, removed and changed field by field, "
     "weights, limits, policy bounds, input files (as folio diff)"},
    {"Timeline", with_horizon, book_write_timeline, 2,
     "output: when each selected project runs (with a planning horizon)"},
    {"Capacity use", always, book_write_capacity, 3,
     "output: each capacity's limit, use, slack and utilisation per period; the policies"},
    {"Capacity charts", with_horizon, book_write_capacity_charts, 3,
     "output: each capacity's use against its limit per period, as a chart (with a planning horizon)"},
    {"Sensitivity", always, book_write_sensitivity, 5,
     "output: the weights over which the portfolio stays the same, and the decisions a small change flips"},
    {"Frontier", always, book_write_frontier, 6,
     "output: the best objective at each limit of one capacity, and what enters and leaves (re-solves, exact "
     "where proven)"},
    {"Trade-offs", always, book_write_trades, 7,
     "output: what forcing each decision the other way costs (exact re-solves, else the bounds it lies "
     "between)"},
    {"Capacity value", always, book_write_capacity_value, 7,
     "output: each capacity's value at +-10%, what extra capacity would admit the projects left out, "
     "the hiring plan"},
    {"Scenarios", with_scenarios, book_write_scenarios, 8,
     "output: each [scenario NAME] beside the rules as given, and a project x scenario decision matrix"},
    {"Projects", always, book_write_projects, 0,
     "input: every project as exported: cost, flags, the columns rules read, raw criterion values, timing"},
    {"Criteria", always, book_write_criteria, 10, "input: criteria, weights, directions, normalisation ranges, the delay penalty"},
    {"Weights", with_pairwise, book_write_weights, 9,
     "input and calculation: the pairwise comparisons, priorities, lambda max and consistency (AHP)"},
    {"Limits", always, NULL, 3, "input: every capacity limit (per period and whole horizon) and policy bound"},
    {"Scores", always, book_write_scores, 11, "calculation: raw values (input), normalised values, scores and ranks"},
    {"Demand", with_horizon, book_write_demand, 12,
     "calculation: each project's use of each capacity per period at its start (with a horizon)"},
    {"Checks", always, book_write_checks, 4, "checks: every rule recomputed from the other sheets, with a master check"},
    {"Data quality", without_warnings, book_write_data_quality, 13, ABOUT_DATA_QUALITY},
};

enum { N_SHEETS = sizeof sheets / sizeof sheets[0], LAST_PASS = 15 };

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

/* Title, subject, keywords and the run's custom properties (status, rules SHA-256, run id). */
static void set_properties(book *bk)
{
    const folio_run *run = bk->run;
    char title[256];
    snprintf(title, sizeof title, "Portfolio selection: %s", run->m->rules.name ? run->m->rules.name : "(unnamed)");
    lxw_doc_properties props = {
        .title = title,
        .subject = "Project portfolio selection",
        .author = "folio " FOLIO_VERSION,
        .keywords = "portfolio, selection, capacity, optimisation",
        .comments = "Scores, ranks, totals, capacity use and checks are live formulas over the input cells; "
                    "decisions are the engine's results.",
        .created = bk->opt->doc_time,
    };
    book_check(bk, workbook_set_properties(bk->wb, &props));
    book_check(bk, workbook_set_custom_property_string(bk->wb, "Status", (char *)solve_status_name(run->result.status)));
    book_check(bk, workbook_set_custom_property_string(bk->wb, "Rules SHA-256", (char *)run->sha_rules));
    book_check(bk, workbook_set_custom_property_string(bk->wb, "Run id", bk->run_id));
}

folio_error book_write(const folio_run *run, const folio_run_options *opt, const diags *d, const char *path)
{
    const model *m = run->m;
    book bk = {.run = run, .opt = opt, .d = d};
    lxw_worksheet *ws[N_SHEETS] = {0};
    const char *names[N_SHEETS], *about[N_SHEETS];
    folio_error err = FOLIO_ENOMEM;
    if ((bk.wb = workbook_new(path)) == NULL)
        return FOLIO_EIO;
    bk.layout.cap_col = alloc_zeroed_n(m->n_capacities, sizeof *bk.layout.cap_col);
    bk.layout.policy_col = alloc_zeroed_n(m->n_policies, sizeof *bk.layout.policy_col);
    bk.pl.value_col = alloc_zeroed_n(m->n_capacities + m->n_policies, sizeof *bk.pl.value_col);
    bk.pl.value_header = alloc_zeroed_n(m->n_capacities + m->n_policies, sizeof *bk.pl.value_header);
    bk.demand_col = alloc_zeroed_n(m->n_capacities, sizeof *bk.demand_col);
    bk.weight_cells = alloc_zeroed_n(m->n_criteria, sizeof *bk.weight_cells);
    bk.none = alloc_zeroed_n(m->n_projects, sizeof *bk.none);
    if (bk.layout.cap_col == NULL || bk.layout.policy_col == NULL || bk.pl.value_col == NULL ||
        bk.pl.value_header == NULL || bk.demand_col == NULL || bk.weight_cells == NULL || bk.none == NULL ||
        !book_formats_make(&bk))
        goto out;
    /* Where each capacity's periods start on the Demand sheet (after ID and start). */
    for (size_t c = 0; c < m->n_capacities; c++)
        bk.demand_col[c] = 2 + c * m->n_periods;
    /* Every sheet present is created first, in tab order; the Cover lists them (itself aside). */
    for (size_t k = 0; k < N_SHEETS; k++) {
        if (!sheets[k].present(&bk))
            continue;
        if ((ws[k] = workbook_add_worksheet(bk.wb, sheets[k].name)) == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        if (sheets[k].about != NULL) {
            names[bk.n_sheets] = sheets[k].name;
            about[bk.n_sheets++] = sheets[k].about;
        }
    }
    bk.sheets = names;
    bk.about = about;
    if (!book_pages_begin(&bk, ws, N_SHEETS))
        goto out;
    run_id(run, opt, bk.run_id);
    for (int pass = 0; pass <= LAST_PASS; pass++)
        for (size_t k = 0; k < N_SHEETS; k++)
            if (ws[k] != NULL && sheets[k].pass == pass && sheets[k].write != NULL &&
                (err = sheets[k].write(&bk, ws[k])) != FOLIO_OK)
                goto out;
    book_pages_finish(&bk);
    worksheet_activate(ws[0]);
    set_properties(&bk);
    err = book_status(&bk);
out:
    book_pages_free(&bk);
    book_formats_free(&bk);
    free(bk.layout.cap_col);
    free(bk.layout.policy_col);
    free(bk.pl.value_col);
    free(bk.pl.value_header);
    free(bk.demand_col);
    free(bk.weight_cells);
    free(bk.none);
    /* Closing writes the file: it is what fails when the disk is full. */
    lxw_error closed = workbook_close(bk.wb);
    if (err == FOLIO_OK && closed != LXW_NO_ERROR) {
        bk.err = closed;
        err = book_status(&bk);
    }
    return err;
}
