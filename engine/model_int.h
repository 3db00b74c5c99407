/* model_int.h - internal to the model loader: model.c builds the model from the tables, model_read.c
 * reads one field of one row as the exports write it (numbers, words, dates, durations, predecessor
 * links) and finds the columns the rules read. */
#ifndef FOLIO_MODEL_INT_H
#define FOLIO_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "table.h"
#include "text.h"

/* Where a field comes from in an export, and how to name it in messages. */
typedef struct column_ref {
    int index;                  /* column index in the table, -1 when absent */
    const char *header;         /* the header as written in the export (or as wanted, when absent) */
    const rules_value_map *map; /* the column's [values COLUMN] words, or NULL */
} column_ref;

/* A summary row of an .xlsx hierarchy (a row with deeper rows right under it), taken out of the
 * projects table: links naming it stand for the projects under it, which inherit its own. */
typedef struct model_summary {
    table_row row;     /* its cells, as read */
    size_t export_row; /* its data row in the export (0 = the first under the header) */
    unsigned char level;
} model_summary;

/* State of one load, so helpers need not take ten parameters. */
typedef struct loader {
    model *m;
    diags *d;
    arena *a;
    bool failed;
    bool oom;
    text_number_style style;
    bool decimal_guessed;          /* style comes from the delimiter, not from [input] decimal */
    const char *decimal_warned;    /* the file whose amount read either way was warned of, once */
    text_words words; /* [input] true, false and missing */
    /* Predecessor links with a type or lag (7SS, 14FS+3d) that only mean "needs" (no horizon, or an
     * end without a start), for one warning. */
    size_t n_links_other;
    const char *first_link_path;
    int first_link_line;
    char first_link[64];
    /* A re-plan leaves completed and cancelled rows out: links and benefit lines that name them are
     * dropped, not errors. */
    struct id_index *gone; /* [n_gone] their ids, sorted */
    size_t n_gone;
    long *row_project;     /* [n_rows_read] data row of the export -> project index, -1 when left out
                              (completed, cancelled), -2 - s for summary row s; NULL when every row is
                              a project */
    size_t n_rows_read;
    model_summary *summaries; /* [n_summaries] an .xlsx hierarchy's summary rows, in export order */
    size_t n_summaries;
    struct id_index *summary_ids; /* [n_summaries] their ids (sorted), project = summary index */
    unsigned char *outline;       /* [n_rows_read] each data row's outline level; NULL without summaries */
    size_t *leaves;               /* [n_rows_read] room for the projects under one summary row */
} loader;

#define LOAD_ERROR(ld, file, line, col, ...)                                                       \
    do {                                                                                           \
        diags_error((ld)->d, (file), (line), (col), __VA_ARGS__);                                  \
        (ld)->failed = true;                                                                       \
    } while (0)

/* A project id and its index, kept sorted for lookups. */
typedef struct id_index {
    const char *id;
    size_t project;
} id_index;

int id_index_compare(const void *a, const void *b);

/* Index of the project with this id in the sorted index, or -1. */
long find_project(const id_index *index, size_t n, const char *id);

/* Finds the column for a canonical field: through [columns] when mapped, else by its own name. When
 * it is required and absent, reports it with a "did you mean" from the headers and the names PPM
 * tools give it (Issue key for id). A header that repeats is merged for depends_on and excludes
 * and an error for any other field. */
column_ref find_column(loader *ld, const table *t, const char *field, bool required);

/* The export header that another PPM tool's name for field is ("Start Date" for start), or NULL. */
const char *synonym_header(const table *t, const char *field);

/* The export column a rule reads ([columns] mapping first). When absent, reports it naming the rule
 * ("[capacity budget] (rules.ini:12) reads this column") with a "did you mean" from the headers. */
column_ref rule_column(loader *ld, const table *t, const char *column, const char *rule, int rule_line);

/* The field of row in the column; "" when the column is absent. */
const char *field_at(const table *t, size_t row, column_ref ref);

/* Reports a problem with one cell, once: a cell two rules read is reported by the first. */
void cell_error(loader *ld, const table *t, size_t row, column_ref ref, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Parses a number field (through the column's [values] words when it has them); reports
 * unparseable or (when !allow_negative) negative values. Returns false on a problem or when the
 * field is empty (*empty tells which). */
bool parse_number_field(loader *ld, const table *t, size_t row, column_ref ref, bool allow_negative, double *out,
                        bool *empty);

/* Parses a yes/no field, with the rules' extra words. */
bool parse_bool_field(loader *ld, const table *t, size_t row, column_ref ref, bool *out);

/* Splits a list of predecessors or exclusions ("PRJ-1; PRJ-2", "14FS+3d, 7SS") and resolves each
 * to a project index: by id, or by row number with [input] depends_on = rows. With links (the
 * predecessors), each link's type and lag go to (*links)[k]: read between two timed projects in a
 * horizon, else counted for one warning (the link then only means "needs"). */
void parse_id_list(loader *ld, const table *t, size_t row, column_ref ref, const id_index *index, size_t n_index,
                   size_t self, size_t **out, size_t *n_out, model_link **links);

/* The projects under summary row s (the rows deeper than it, down to the next row as shallow, that
 * are projects), into out (room for n_rows_read: ld->leaves); returns how many. */
size_t summary_leaves(const loader *ld, size_t s, size_t *out);

/* Appends project j with its link to a list (*out, *links: NULL for exclusions) unless listed
 * already; false when out of memory (ld->oom set). */
bool append_link(loader *ld, size_t **out, size_t *n_out, size_t *cap, model_link **links, size_t *cap_links,
                 size_t j, model_link link);

/* Counts a typed link that only means "needs" (an end without a start), for one warning. */
void note_untimed_link(loader *ld, const char *path, int line, const char *written);

/* Reads a project's start window and duration (with a planning horizon only): start, latest_start,
 * finish and duration, in every form period_read_offset() and parse_duration() take. */
void load_timing(loader *ld, const table *t, size_t r, column_ref c_start, column_ref c_latest, column_ref c_finish,
                 column_ref c_duration);

/* Reads a duration: a whole number of periods, or a number with a unit (129d, 6w, 3mo, 2q, 1y, 40h)
 * converted to periods of months_per_period months and rounded up. A week is 5 working days, a year
 * 52 weeks, a month a twelfth of a year (21 2/3 working days), a working day 8 hours; ed and ew are
 * elapsed (calendar) days and weeks. Returns false when s is no duration. */
bool parse_duration(const char *s, int months_per_period, double *periods);

/* Reads a link's lag as it follows the type ("+3d", "-1,5w", "+ 2 Tage", "+50%" of the
 * predecessor's duration; a number alone is days, as Project and Smartsheet count it) into whole
 * periods, rounded to the nearest (half a period counts one): a start or finish a few days later
 * stays in its period, as the export's own dates show it. Returns false when s is no lag. */
bool parse_lag(const char *s, int months_per_period, double predecessor_periods, int *lag);

/* Reads a period or date cell into its offset from the horizon's first period; reports a cell that is
 * neither (naming the forms), an ambiguous date (naming [input] date_order) or a quarter in months. */
bool model_read_period_cell(loader *ld, const table *t, size_t r, column_ref ref, long *off);

/* Turns every cell that holds a missing token (N/A, TBD, -, ...) into an empty one. */
void blank_missing_cells(table *t, const text_words *w);

#endif
