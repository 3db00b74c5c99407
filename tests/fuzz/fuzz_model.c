/* fuzz_model.c - libFuzzer harness for the model loader (model.c and model_read.c over the CSV
 * reader): a projects export as a PPM tool might write it, read under one of two rule sets that
 * map every field the loader reads (the first byte's bit 0 picks: one period with ids for
 * predecessors, or an eight-quarter horizon with row numbers, dates, durations and words). With
 * bit 1 the export is written as an .xlsx instead, as Smartsheet writes its hierarchy: each line a
 * row, split at commas, its leading '>' its outline level, so that the loader's summary rows (rows
 * with deeper rows under them) are fuzzed too. Whatever the export,
 * a refusal says why, every diagnostic names a line of a file, and a model that loads holds what
 * the rest of folio relies on: predecessors and exclusions that name other projects, links of a
 * known type with lags of at most 1000 periods, costs and uses that are numbers of 0 or more,
 * start windows inside the horizon, durations of 1 or more. */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "fuzz_input.h"
#include "model.h"

static const char *const RULES[2] = {
    "[input]\nmissing = TBD, n/a\ntrue = Ja\nfalse = Nein\n"
    "[columns]\nid = ID\nname = Name\ncategory = Program\nmust = Must\nexclude = Out\n"
    "depends_on = Needs\nexcludes = Not With\n"
    "[values Risk]\nLow = 1\nMedium = 2\nHigh = 3\n"
    "[criterion fit]\ncolumn = Fit\nweight = 2\nmissing = worst\n"
    "[criterion risk]\ncolumn = Risk\nweight = 1\ndirection = min\nmissing = zero\n"
    "[capacity budget]\ncolumn = cost\nlimit = 1000000\n"
    "[capacity staff]\ncolumn = FTE\nlimit = 20\nmissing = zero\n"
    "[policy ops]\ncategory = Ops\nmax = 500000\n",
    "[input]\ndepends_on = rows\ndate_order = auto\n"
    "[portfolio]\nperiods = 2027-Q1..2028-Q4\nfiscal_year_start = July\n"
    "[columns]\nid = ID\nname = Name\nmust = Must\ndepends_on = Needs\nstart = Start\n"
    "latest_start = Latest\nfinish = Finish\nduration = Duration\n"
    "[criterion fit]\ncolumn = Fit\nweight = 1\n"
    "[capacity budget]\ncolumn = cost\nper_period = 500000\n"
    "[capacity staff]\ncolumn = FTE\nper_period = 10\nmissing = zero\n",
};

/* Writes text to a file of this process's own; its path, or NULL. */
static const char *put(const char *name, const char *text, size_t len)
{
    static char path[2][256];
    int k = strcmp(name, "rules") == 0;
    snprintf(path[k], sizeof path[k], "/tmp/fuzz_model_%ld_%s", (long)getpid(), name);
    FILE *f = fopen(path[k], "wb");
    if (f == NULL)
        return NULL;
    size_t put = fwrite(text, 1, len, f);
    fclose(f);
    return put == len ? path[k] : NULL;
}

/* Writes text as the first sheet of an .xlsx of this process's own: a row per line, a cell per
 * comma, the row's outline level from its leading '>'s (at most 7); its path, or NULL. */
static const char *put_book(const char *text, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/fuzz_model_%ld_projects.xlsx", (long)getpid());
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL)
        return NULL;
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    if (ws == NULL) {
        workbook_close(wb);
        return NULL;
    }
    char cell[256];
    lxw_row_t row = 0;
    for (size_t i = 0; i < len && row < 2000; row++) {
        uint8_t level = 0;
        while (i < len && text[i] == '>') {
            level += level < 7;
            i++;
        }
        lxw_col_t col = 0;
        while (i <= len && col < 64) {
            size_t n = 0;
            while (i < len && text[i] != ',' && text[i] != '\n' && n + 1 < sizeof cell)
                cell[n++] = text[i++];
            cell[n] = '\0';
            if (n > 0)
                worksheet_write_string(ws, row, col, cell, NULL); /* invalid UTF-8 is refused: fine */
            col++;
            if (i >= len || text[i] == '\n')
                break;
            i++; /* past the comma */
        }
        while (i < len && text[i] != '\n')
            i++;
        i++; /* past the line's end */
        if (level > 0) {
            lxw_row_col_options opt = {.level = level};
            worksheet_set_row_opt(ws, row, LXW_DEF_ROW_HEIGHT, NULL, &opt);
        }
    }
    return workbook_close(wb) == LXW_NO_ERROR ? path : NULL;
}

static size_t lines_of(const char *s, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'));
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int set = data[0] & 1;
    const bool book = data[0] & 2;
    const char *rules = put("rules", RULES[set], strlen(RULES[set]));
    const char *projects = book ? put_book((const char *)data + 1, size - 1)
                                : put("projects.csv", (const char *)data + 1, size - 1);
    if (book && projects == NULL) { /* libxlsxwriter would not write it: not the loader's to judge */
        if (rules != NULL)
            unlink(rules);
        return 0;
    }
    if (rules == NULL || projects == NULL)
        abort();
    model_inputs in = {.projects = projects, .rules = rules};
    diags d;
    diags_init(&d);
    model *m = NULL;
    folio_error err = model_load(&in, &m, &d);
    if (err == FOLIO_EINPUT && d.n_errors == 0)
        abort();
    if (err == FOLIO_OK && (m == NULL || d.n_errors > 0 || m->n_projects == 0))
        abort();
    const size_t csv_lines = lines_of((const char *)data + 1, size - 1);
    for (size_t k = 0; k < d.count; k++) {
        const diag *g = &d.items[k];
        /* (the line after the last: where data rows that are not there would start) */
        if (g->line < 0 || (g->file != NULL && strcmp(g->file, projects) == 0 && (size_t)g->line > csv_lines + 1))
            abort();
    }
    for (size_t i = 0; err == FOLIO_OK && i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        if (!(p->cost >= 0) || !isfinite(p->cost) || p->duration < 1 || p->start_min > p->start_max ||
            p->start_max >= m->n_periods)
            abort();
        for (size_t k = 0; k < p->n_depends_on; k++)
            if (p->depends_on[k] >= m->n_projects || p->depends_on[k] == i ||
                (p->links != NULL && (p->links[k].type > LINK_SF || p->links[k].lag < -1000 || p->links[k].lag > 1000)))
                abort();
        for (size_t k = 0; k < p->n_excludes; k++)
            if (p->excludes[k] >= m->n_projects || p->excludes[k] == i)
                abort();
        for (size_t c = 0; c < m->n_capacities * p->duration; c++)
            if (!(p->profile[c] >= 0) || !isfinite(p->profile[c]))
                abort();
    }
    model_free(m);
    diags_clear(&d);
    unlink(projects);
    unlink(rules);
    return 0;
}
