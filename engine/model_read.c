/* model_read.c - reading one field of an export as PPM tools write it: finding its column (with the
 * names other tools give it), numbers and text scales, yes/no words, predecessor links, periods and
 * dates, durations with units. Every problem names the file, line and column, once per cell. */
#include "model_int.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "period.h"

/* --- Columns ---------------------------------------------------------------------------------- */

/* The headers PPM tools give folio's fields (Jira, Project Online, Smartsheet, Clarity, ServiceNow),
 * offered as "did you mean" when a required column is absent. */
static const struct {
    const char *field;
    const char *headers; /* comma-separated */
} synonyms[] = {
    {"id", "Issue key, Key, Project ID, Project Number, Number, Investment ID, Unique ID, Project Code, ID"},
    {"name", "Summary, Project Name, Investment Name, Short description, Task Name, Title, Name"},
    {"cost", "Budget, Total Cost, Estimated Cost, Planned Cost, Cost, Kosten, Budget Total, Capital"},
    {"project_id", "Project, Project ID, Investment ID, Issue key, Number, Key"},
    {"amount", "Value, Benefit, Planned Benefit, Betrag, Amount"},
    {"start", "Start Date, Start, Planned Start, Planned start date, Target start, Custom field (Target start), "
              "start_date, Startdatum, Beginn"},
    {"finish", "Finish, End Date, Due date, Planned End, Planned end date, Finish Date, Target end, "
               "Custom field (Target end), end_date, Enddatum, Ende"},
    {"duration", "Planned Duration, Dauer, Geplante Dauer"},
    {"depends_on", "Predecessors, Inward issue link (Blocks), Linked Issues, Dependencies, Vorgänger, Blocked by"},
    {"category", "Program, Programme, Portfolio, Type, Issue Type, Investment Type, Kategorie"},
};

const char *synonym_header(const table *t, const char *field)
{
    for (size_t k = 0; k < sizeof synonyms / sizeof synonyms[0]; k++) {
        if (!text_names_equal(field, synonyms[k].field))
            continue;
        for (size_t i = 0; i < t->n_cols; i++)
            if (text_in_list(t->header[i], synonyms[k].headers))
                return t->header[i];
    }
    return NULL;
}

/* The export header closest to want, as a likely typo, or NULL. */
static const char *closest_header(const table *t, const char *want)
{
    char norm[256];
    text_normalise_name(want, norm, sizeof norm);
    const char *hint = text_did_you_mean(norm, (const char *const *)t->header_norm, t->n_cols);
    for (size_t i = 0; hint && i < t->n_cols; i++)
        if (t->header_norm[i] == hint)
            return t->header[i];
    return NULL;
}

/* Joins the repeats of a list column (Jira's Linked Issues, Linked Issues) into the first, row by
 * row, and hides the others. */
static void merge_repeats(loader *ld, table *t, const int *idx, size_t n)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        size_t len = 0;
        for (size_t k = 0; k < n; k++)
            len += strlen(t->rows[r].fields[idx[k]]) + 1;
        char *joined = arena_alloc(ld->a, len + 1);
        if (joined == NULL) {
            ld->oom = true;
            return;
        }
        for (size_t k = 0; k < n; k++) {
            const char *f = t->rows[r].fields[idx[k]];
            if (f[0] == '\0')
                continue;
            if (joined[0] != '\0')
                strcat(joined, ";");
            strcat(joined, f);
        }
        t->rows[r].fields[idx[0]] = joined;
    }
    for (size_t k = 1; k < n; k++)
        t->header_norm[idx[k]] = "";
}

/* A header that repeats, where a rule reads it: merged for lists, else an error naming both
 * positions (then the repeats are hidden, so that it is reported once). */
static void check_repeats(loader *ld, const table *tc, column_ref ref, const char *field, const char *reader)
{
    table *t = (table *)tc; /* the loader owns its tables */
    int idx[16];
    size_t n = table_find_columns(t, t->header[ref.index], idx, 16);
    if (n < 2)
        return;
    if (n > 16)
        n = 16;
    if (text_names_equal(field, "depends_on") || text_names_equal(field, "excludes")) {
        merge_repeats(ld, t, idx, n);
        return;
    }
    LOAD_ERROR(ld, t->path, 1, ref.header,
               "the header is given %zu times (columns %d and %d) and %s reads it; rename one in the export, or "
               "map another header in [columns]",
               n, idx[0] + 1, idx[1] + 1, reader);
    for (size_t k = 1; k < n; k++)
        t->header_norm[idx[k]] = "";
}

/* Looks a field up through [columns] when mapped, else by its own name; *mapped tells which. */
static column_ref lookup_column(const rules *r, const table *t, const char *field, bool *mapped)
{
    const char *header = rules_mapped_header(r, field);
    *mapped = header != NULL;
    const char *want = header ? header : field;
    column_ref ref = {table_find_column(t, want), want, NULL};
    if (ref.index >= 0) {
        ref.header = t->header[ref.index];
        ref.map = rules_value_map_for(r, ref.header);
    }
    return ref;
}

column_ref find_column(loader *ld, const table *t, const char *field, bool required)
{
    bool mapped;
    column_ref ref = lookup_column(&ld->m->rules, t, field, &mapped);
    if (ref.index >= 0) {
        char reader[160];
        snprintf(reader, sizeof reader, "folio's field '%s'", field);
        check_repeats(ld, t, ref, field, reader);
        return ref;
    }
    if (!required && !mapped)
        return ref;
    const char *hint = closest_header(t, ref.header);
    const char *other = hint == NULL && !mapped ? synonym_header(t, field) : NULL;
    if (mapped)
        LOAD_ERROR(ld, t->path, 1, ref.header,
                   "missing: [columns] maps '%s' to it, but the export has no such header%s%s%s", field,
                   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    else if (other != NULL)
        LOAD_ERROR(ld, t->path, 1, ref.header,
                   "missing required column; did you mean '%s'? Map it in the rules: [columns] %s = %s", other, field,
                   other);
    else
        LOAD_ERROR(ld, t->path, 1, ref.header,
                   "missing required column%s%s%s (map another header to it in the rules' [columns] section)",
                   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    return ref;
}

column_ref rule_column(loader *ld, const table *t, const char *column, const char *rule, int rule_line)
{
    bool mapped;
    column_ref ref = lookup_column(&ld->m->rules, t, column, &mapped);
    if (ref.index >= 0) {
        check_repeats(ld, t, ref, column, rule);
        return ref;
    }
    const char *hint = closest_header(t, ref.header);
    LOAD_ERROR(ld, t->path, 1, ref.header, "missing: %s (%s:%d) reads this column%s%s%s", rule, ld->m->rules.path,
               rule_line, hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    return ref;
}

const char *field_at(const table *t, size_t row, column_ref ref)
{
    return ref.index >= 0 ? t->rows[row].fields[ref.index] : "";
}

void blank_missing_cells(table *t, const text_words *w)
{
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < t->n_cols; c++)
            if (text_is_missing(t->rows[r].fields[c], w))
                t->rows[r].fields[c] = "";
}

void cell_error(loader *ld, const table *tc, size_t row, column_ref ref, const char *fmt, ...)
{
    table *t = (table *)tc;
    ld->failed = true;
    if (ref.index >= 0) {
        if (t->cell_flags == NULL && (t->cell_flags = arena_alloc_n(ld->a, t->n_rows * t->n_cols, 1)) == NULL) {
            ld->oom = true;
            return;
        }
        unsigned char *flag = &t->cell_flags[row * t->n_cols + (size_t)ref.index];
        if (*flag)
            return;
        *flag = 1;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diags_error(ld->d, t->path, t->rows[row].line, ref.header, "%s", msg);
}

/* --- Numbers, words, yes/no ------------------------------------------------------------------- */

/* The number a [values] word stands for; false when the word is not in the map. */
static bool map_word(const rules_value_map *map, const char *s, double *out)
{
    for (size_t k = 0; k < map->n; k++) {
        if (strcasecmp(map->words[k], s) == 0) {
            *out = map->values[k];
            return true;
        }
    }
    return false;
}

/* Money with one separator and three digits after it ("1.200 EUR") reads as 1.2 or as 1200
 * depending on the decimal mark, and money seldom has three decimals: when the mark was only
 * guessed from the delimiter, a warning (once per file) says how it was read and how to say
 * otherwise. */
static void warn_either_way(loader *ld, const table *t, size_t row, column_ref ref, const char *s, double value)
{
    const char mark = ld->style.decimal_comma ? ',' : '.';
    const char *at = strchr(s, mark);
    char currency[16];
    if (at == NULL || strchr(at + 1, mark) != NULL || strspn(at + 1, "0123456789") != 3 ||
        strchr(s, mark == '.' ? ',' : '.') != NULL ||
        !text_currency_mark(s, currency, sizeof currency))
        return;
    text_number_style other = {!ld->style.decimal_comma};
    double v;
    if (text_parse_number(s, other, &v) != TEXT_NUMBER_OK || v == value)
        return;
    char as[32], or_as[32];
    text_format_amount(value, as, sizeof as);
    text_format_amount(v, or_as, sizeof or_as);
    const char *guess = "the file is ','-separated";
    if (strstr(t->path, ".xlsx[") != NULL) /* a workbook's table is named FILE.xlsx[SHEET] */
        guess = "a workbook's text cells read so";
    else if (t->delimiter == ';')
        guess = "the file is ';'-separated";
    else if (t->delimiter == '\t')
        guess = "the file is tab-separated";
    diags_warn(ld->d, t->path, t->rows[row].line, ref.header,
               "\"%s\" read as %s with '%c' as the decimal mark (guessed: %s); if '%c' groups thousands here, "
               "so that it is %s, set [input] decimal = %s",
               s, as, mark, guess, mark, or_as, mark == '.' ? "comma" : "point");
    ld->decimal_warned = t->path;
}

bool parse_number_field(loader *ld, const table *t, size_t row, column_ref ref, bool allow_negative, double *out,
                        bool *empty)
{
    const char *s = field_at(t, row, ref);
    *empty = false;
    if (s[0] == '\0') {
        *empty = true;
        return false;
    }
    if (ref.map != NULL) {
        if (map_word(ref.map, s, out))
            return true;
        char words[256] = "";
        for (size_t k = 0; k < ref.map->n; k++) {
            if (k > 0)
                strncat(words, ", ", sizeof words - strlen(words) - 1);
            strncat(words, ref.map->words[k], sizeof words - strlen(words) - 1);
        }
        cell_error(ld, t, row, ref, "\"%s\" is not a word of [values %s] (%s:%d): %s", s, ref.map->column,
                   ld->m->rules.path, ref.map->line, words);
        return false;
    }
    switch (text_parse_number(s, ld->style, out)) {
    case TEXT_NUMBER_OK:
        if (!allow_negative && *out < 0) {
            cell_error(ld, t, row, ref, "\"%s\" is negative; expected 0 or more", s);
            return false;
        }
        if (ld->decimal_guessed && ld->decimal_warned != t->path)
            warn_either_way(ld, t, row, ref, s, *out);
        return true;
    case TEXT_NUMBER_EMPTY:
        *empty = true;
        return false;
    case TEXT_NUMBER_INVALID:
        break;
    }
    bool words = false;
    for (const char *p = s; *p && !words; p++)
        words = isalpha((unsigned char)*p) && isalpha((unsigned char)p[1]) && isalpha((unsigned char)p[2]);
    cell_error(ld, t, row, ref, "\"%s\" is not a number%s%s", s,
               ld->style.decimal_comma ? " (reading ',' as the decimal mark)" : "",
               words ? "; for a text scale, map its words in the rules: [values COLUMN] Low = 1, High = 3" : "");
    return false;
}

bool parse_bool_field(loader *ld, const table *t, size_t row, column_ref ref, bool *out)
{
    const char *s = field_at(t, row, ref);
    if (text_parse_bool_words(s, &ld->words, out))
        return true;
    cell_error(ld, t, row, ref,
               "\"%s\" is not a yes/no value; use yes/no, true/false, y/n, 1/0, or x/blank (more words: [input] "
               "true = Ja, false = Nein)",
               s);
    *out = false;
    return false;
}

/* --- Predecessors ------------------------------------------------------------------------------ */

int id_index_compare(const void *a, const void *b)
{
    return strcmp(((const id_index *)a)->id, ((const id_index *)b)->id);
}

long find_project(const id_index *index, size_t n, const char *id)
{
    if (n == 0)
        return -1;
    id_index key = {id, 0};
    const id_index *hit = bsearch(&key, index, n, sizeof *index, id_index_compare);
    return hit ? (long)hit->project : -1;
}

/* The link type that ends tok[0..end) (end >= 3): its model_link_type, or -1 for none. Besides FS,
 * SS, FF and SF, Project's German (EA, AA, EE, AE: Ende, Anfang), French (FD, DD, DF: Fin, Début)
 * and Spanish (FC, CC, CF: Comienzo) types, these only after a digit ("3EA"). */
static int link_type(const char *tok, size_t end)
{
    static const char *const types[][4] = {
        {"FS", "SS", "FF", "SF"}, {"EA", "AA", "EE", "AE"}, {"FD", "DD", "FF", "DF"}, {"FC", "CC", "FF", "CF"}};
    char pair[3] = {(char)toupper((unsigned char)tok[end - 2]), (char)toupper((unsigned char)tok[end - 1]), '\0'};
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
        for (size_t q = 0; q < 4; q++)
            if (strcmp(pair, types[k][q]) == 0 && (k == 0 || isdigit((unsigned char)tok[end - 3])))
                return (int)q;
    return -1;
}

/* Splits a link as Project and Smartsheet write it, "14FS+3d" (German Project: "14EA+3 Tage"), into
 * the reference ("14", left in tok), its type (-1 when none is written) and its lag (*lag: the text
 * from the sign on, NULL when none). A lag comes only after a type, so that an id such as PRJ-14 is
 * never read as PRJ with a lag. */
static void split_link(char *tok, int *type, const char **lag)
{
    *type = -1;
    *lag = NULL;
    size_t n = strlen(tok);
    /* A lag: [+-] number [unit], after a type. */
    size_t cut = n;
    for (size_t i = n; i > 2; i--) {
        char c = tok[i - 1];
        if (c != '+' && c != '-')
            continue;
        const char *p = tok + i;
        while (*p == ' ')
            p++;
        if (!isdigit((unsigned char)*p))
            break;
        while (isdigit((unsigned char)*p) || *p == '.' || *p == ',')
            p++;
        while (*p == ' ')
            p++;
        while (isalpha((unsigned char)*p) || *p == '%' || *p == '?')
            p++;
        size_t end = i - 1;
        while (end > 0 && tok[end - 1] == ' ')
            end--;
        if (*p == '\0' && end >= 3 && link_type(tok, end) >= 0) /* not the dash of an id: DA-005SS */
            cut = i - 1;
        break;
    }
    size_t end = cut;
    while (end > 0 && tok[end - 1] == ' ')
        end--;
    *type = end >= 3 ? link_type(tok, end) : -1;
    if (*type < 0)
        return; /* no type: a lag alone is no link form; leave the token whole */
    *lag = cut != n ? tok + cut : NULL;
    tok[end - 2] = '\0';
    text_trim(tok);
}

size_t summary_leaves(const loader *ld, size_t s, size_t *out)
{
    const model_summary *sum = &ld->summaries[s];
    size_t n = 0;
    for (size_t r = sum->export_row + 1; r < ld->n_rows_read && ld->outline[r] > sum->level; r++)
        if (ld->row_project[r] >= 0)
            out[n++] = (size_t)ld->row_project[r];
    return n;
}

bool append_link(loader *ld, size_t **out, size_t *n_out, size_t *cap, model_link **links, size_t *cap_links,
                 size_t j, model_link link)
{
    for (size_t k = 0; k < *n_out; k++)
        if ((*out)[k] == j)
            return true; /* listed already: the first link to it stands */
    size_t *grown = arena_grow(ld->a, *out, *n_out, cap, sizeof **out);
    model_link *grown_links = links != NULL ? arena_grow(ld->a, *links, *n_out, cap_links, sizeof **links) : NULL;
    if (grown == NULL || (links != NULL && grown_links == NULL)) {
        ld->oom = true;
        return false;
    }
    *out = grown;
    if (links != NULL) {
        *links = grown_links;
        (*links)[*n_out] = link;
    }
    (*out)[(*n_out)++] = j;
    return true;
}

void note_untimed_link(loader *ld, const char *path, int line, const char *written)
{
    if (ld->n_links_other++ == 0) {
        snprintf(ld->first_link, sizeof ld->first_link, "%s", written);
        ld->first_link_path = path;
        ld->first_link_line = line;
    }
}

void parse_id_list(loader *ld, const table *t, size_t row, column_ref ref, const id_index *index, size_t n_index,
                   size_t self, size_t **out, size_t *n_out, model_link **links)
{
    const char *s = field_at(t, row, ref);
    const bool rows = ld->m->rules.depends_on_rows;
    size_t cap = 0, cap_links = 0;
    *out = NULL;
    *n_out = 0;
    if (links != NULL)
        *links = NULL;
    char *copy = arena_strdup(ld->a, s);
    if (copy == NULL) {
        ld->oom = true;
        return;
    }
    /* Separated by ';', ',' or '|'; where there is a ';' (German Project's list separator), a ',' is
     * a decimal comma in a lag ("3EA+1,5 Tage;5"). */
    const char *seps = strchr(copy, ';') != NULL ? ";|" : ";|,";
    for (char *tok = strtok(copy, seps); tok != NULL; tok = strtok(NULL, seps)) {
        text_trim(tok);
        if (tok[0] == '\0')
            continue;
        char written[64];
        snprintf(written, sizeof written, "%s", tok);
        long j = rows ? -1 : find_project(index, n_index, tok), summary = -1;
        int type = -1;
        const char *lag = NULL;
        if (j < 0) {
            split_link(tok, &type, &lag);
            if (rows) {
                char *end;
                long k = strtol(tok, &end, 10);
                size_t n_rows = ld->row_project != NULL ? ld->n_rows_read : t->n_rows;
                if (end == tok || *end != '\0' || k < 1 || (size_t)k > n_rows) {
                    cell_error(ld, t, row, ref,
                               "\"%s\" is not a row number from 1 to %zu ([input] depends_on = rows counts data rows, "
                               "1 = the first under the header)",
                               written, n_rows);
                    continue;
                }
                j = ld->row_project != NULL ? ld->row_project[k - 1] : k - 1; /* project i is data row i */
                if (j <= -2)
                    summary = -2 - j; /* a summary row: the projects under it */
                else if (j < 0)
                    continue; /* a completed or cancelled row: nothing left to wait for */
            } else {
                j = find_project(index, n_index, tok);
                if (j < 0 && find_project(ld->gone, ld->n_gone, tok) >= 0)
                    continue; /* a completed or cancelled project: nothing left to wait for */
                if (j < 0)
                    summary = find_project(ld->summary_ids, ld->n_summaries, tok);
            }
        }
        if (j < 0 && summary < 0) {
            bool number = tok[0] != '\0' && strspn(tok, "0123456789") == strlen(tok);
            cell_error(ld, t, row, ref, "unknown project id \"%s\"%s", written,
                       number ? "; if predecessors are row numbers, set [input] depends_on = rows" : "");
            continue;
        }
        if (summary < 0 && (size_t)j == self) {
            cell_error(ld, t, row, ref, "project \"%s\" refers to itself", written);
            continue;
        }
        size_t one = (size_t)j, n_targets = summary >= 0 ? summary_leaves(ld, (size_t)summary, ld->leaves) : 1;
        const size_t *targets = summary >= 0 ? ld->leaves : &one;
        for (size_t q = 0; q < n_targets; q++) {
            if (targets[q] == self)
                continue; /* a project naming the summary row it is under */
            model_link link = {type < 0 ? LINK_FS : (model_link_type)type, 0};
            if (links != NULL && (type > 0 || lag != NULL)) {
                const model *m = ld->m;
                const model_project *pred = &m->projects[targets[q]];
                if (!m->rules.has_horizon) {
                    link.type = LINK_FS; /* one period: nothing to time, a link means "needs" */
                } else if ((self != SIZE_MAX && !m->projects[self].timed) || !pred->timed) {
                    link.type = LINK_FS; /* only "needs": said once for the file */
                    note_untimed_link(ld, t->path, t->rows[row].line, written);
                } else if (lag != NULL && !parse_lag(lag, period_months(&m->rules.horizon),
                                                     (double)(pred->duration + pred->elapsed), &link.lag)) {
                    cell_error(ld, t, row, ref,
                               "\"%s\": \"%s\" is not a lag; write a signed duration (+3d, -2w, +1mo, +2 Tage) or a "
                               "share of the predecessor's duration (+50%%)",
                               written, lag);
                    break;
                }
            }
            if (!append_link(ld, out, n_out, &cap, links, &cap_links, targets[q], link))
                return;
        }
    }
}

/* --- Periods, dates, durations ----------------------------------------------------------------- */

bool model_read_period_cell(loader *ld, const table *t, size_t r, column_ref ref, long *off)
{
    const char *s = field_at(t, r, ref);
    const period_horizon *h = &ld->m->rules.horizon;
    switch (period_read_offset(h, &ld->m->rules.dates, s, off)) {
    case PERIOD_READ_OK:
        return true;
    case PERIOD_READ_AMBIGUOUS:
        cell_error(ld, t, r, ref,
                   "\"%s\" reads as day/month and as month/day; say which: [input] date_order = dmy, mdy or ymd", s);
        return false;
    case PERIOD_READ_WEEKDAY:
        cell_error(ld, t, r, ref,
                   "\"%s\": the weekday is not the date's as read; check the date, or [input] date_order", s);
        return false;
    case PERIOD_READ_KIND:
        cell_error(ld, t, r, ref, "\"%s\" is a quarter, but the horizon is in months; give a month or a date", s);
        return false;
    case PERIOD_READ_INVALID:
        break;
    }
    cell_error(ld, t, r, ref, "\"%s\" is not a period or date; write %s", s, period_forms);
    return false;
}

/* Reads a duration: 1 and the months it spans into *months for numbers with units ("129d", "5 Days
 * 3 Hours", summed), 2 and the number into *months for a whole number alone, 0 for no duration. */
static int duration_months(const char *s, double *months_out)
{
    static const struct {
        const char *unit;
        double months; /* months one of it is */
    } units[] = {
        {"", 0}, /* periods */
        {"d", 12.0 / 260},       {"day", 12.0 / 260},      {"days", 12.0 / 260},      {"wd", 12.0 / 260},
        {"t", 12.0 / 260},       {"tag", 12.0 / 260},      {"tage", 12.0 / 260},      {"ed", 12 / 365.25},
        {"edays", 12 / 365.25},  {"w", 12.0 / 52},         {"wk", 12.0 / 52},         {"wks", 12.0 / 52},
        {"week", 12.0 / 52},     {"weeks", 12.0 / 52},     {"wo", 12.0 / 52},         {"woche", 12.0 / 52},
        {"wochen", 12.0 / 52},   {"ew", 12 * 7 / 365.25},  {"mo", 1},                 {"mon", 1},
        {"month", 1},            {"months", 1},            {"monat", 1},              {"monate", 1},
        {"q", 3},                {"qtr", 3},               {"quarter", 3},            {"quarters", 3},
        {"y", 12},               {"yr", 12},               {"year", 12},              {"years", 12},
        {"h", 12.0 / 2080},      {"hr", 12.0 / 2080},      {"hrs", 12.0 / 2080},      {"hour", 12.0 / 2080},
        {"hours", 12.0 / 2080},  {"std", 12.0 / 2080},     {"min", 12.0 / 124800},    {"mins", 12.0 / 124800},
        {"minute", 12.0 / 124800}, {"minutes", 12.0 / 124800},
    };
    /* One number and unit, or several summed ("5 Days 3 Hours", as ServiceNow shows a duration). */
    double months = 0;
    size_t parts = 0;
    const char *p = s;
    while (*p != '\0') {
        char num[32];
        size_t n = 0;
        while ((isdigit((unsigned char)*p) || *p == '.' || *p == ',') && n + 1 < sizeof num) {
            num[n++] = *p == ',' ? '.' : *p; /* 1,5w: a decimal comma, as German Project writes it */
            p++;
        }
        num[n] = '\0';
        if (n == 0 || !isdigit((unsigned char)num[0]) || strchr(num, '.') != strrchr(num, '.'))
            return 0;
        double v = strtod(num, NULL);
        while (*p == ' ')
            p++;
        char unit[16];
        size_t u = 0;
        while (isalpha((unsigned char)*p) && u + 1 < sizeof unit)
            unit[u++] = (char)tolower((unsigned char)*p++);
        unit[u] = '\0';
        if (*p == '.' && u > 0) /* "Std." */
            p++;
        while (*p == ' ' || *p == '?') /* Project marks an estimated duration with '?' */
            p++;
        size_t k = 0;
        while (k < sizeof units / sizeof units[0] && strcmp(unit, units[k].unit) != 0)
            k++;
        if (k == sizeof units / sizeof units[0] || isalpha((unsigned char)*p))
            return 0;
        if (units[k].months == 0) { /* a whole number alone */
            if (parts > 0 || *p != '\0' || v != floor(v))
                return 0;
            *months_out = v;
            return 2;
        }
        months += v * units[k].months;
        parts++;
    }
    *months_out = months;
    return parts > 0;
}

bool parse_duration(const char *s, int months_per_period, double *periods)
{
    double months;
    switch (duration_months(s, &months)) {
    case 2: /* a whole number of periods */
        *periods = months;
        return true;
    case 1: {
        double x = ceil(months / months_per_period - 1e-9);
        *periods = x < 1 ? 1 : x;
        return true;
    }
    default:
        return false;
    }
}

bool parse_lag(const char *s, int months_per_period, double predecessor_periods, int *lag)
{
    const double sign = *s == '-' ? -1.0 : 1.0;
    if (*s == '+' || *s == '-')
        s++;
    while (*s == ' ')
        s++;
    double periods, months;
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '%') { /* a share of the predecessor's duration */
        char num[32];
        if (n - 1 >= sizeof num)
            return false;
        memcpy(num, s, n - 1);
        num[n - 1] = '\0';
        text_trim(num);
        for (char *c = num; *c != '\0'; c++)
            *c = *c == ',' ? '.' : *c;
        char *end;
        double v = strtod(num, &end);
        if (end == num || *end != '\0' || !isdigit((unsigned char)num[0]) || !(v >= 0))
            return false;
        periods = v / 100 * predecessor_periods;
    } else {
        int kind = duration_months(s, &months);
        if (kind == 0)
            return false;
        if (kind == 2) /* a number alone is days, as Project and Smartsheet count a lag */
            months *= 12.0 / 260;
        periods = months / months_per_period;
    }
    double x = round(sign * periods); /* half a period and more counts one */
    if (!(fabs(x) <= 1000))
        return false;
    *lag = (int)x;
    return true;
}

void load_timing(loader *ld, const table *t, size_t r, column_ref c_start, column_ref c_latest, column_ref c_finish,
                 column_ref c_duration)
{
    model *m = ld->m;
    model_project *p = &m->projects[r];
    const period_horizon *h = &m->rules.horizon;
    int line = t->rows[r].line;
    char first[32], last[32];
    period_label(h, 0, first, sizeof first);
    period_label(h, (long)h->count - 1, last, sizeof last);
    long start = 0, latest = -1;
    const char *s = field_at(t, r, c_start);
    if (s[0] != '\0') {
        p->timed = true;
        if (!model_read_period_cell(ld, t, r, c_start, &start)) {
            start = 0;
        } else if (start < 0 && model_status_in_flight(p->status)) {
            p->elapsed = (size_t)-start; /* started before the horizon: from now on is what is left */
            start = 0;
        } else if (start < 0 || start >= (long)h->count) {
            cell_error(ld, t, r, c_start, "start \"%s\" is outside the horizon %s..%s", s, first, last);
            start = 0;
        }
    }
    s = field_at(t, r, c_latest);
    if (s[0] != '\0') {
        if (!model_read_period_cell(ld, t, r, c_latest, &latest)) {
            latest = -1;
        } else if (latest < start) {
            cell_error(ld, t, r, c_latest, "latest start \"%s\" is before the start", s);
            latest = -1;
        } else if (latest >= (long)h->count) {
            diags_warn(ld->d, t->path, line, c_latest.header,
                       "latest start \"%s\" is after the horizon ends (%s); starts are considered up to %s", s, last,
                       last);
            latest = (long)h->count - 1;
        }
    }
    p->start_min = (size_t)start;
    p->start_max = latest >= 0 && p->status != STATUS_IN_PROGRESS ? (size_t)latest : (size_t)start;
    s = field_at(t, r, c_duration);
    double d;
    if (s[0] != '\0') {
        if (!parse_duration(s, period_months(h), &d) || d < 1 || d > 1000)
            cell_error(ld, t, r, c_duration,
                       "\"%s\" is not a duration; give a whole number of periods (2) or a number with a unit: 129d, "
                       "6w, 3mo, 2q, 1y, 40h",
                       s);
        else
            p->duration = (size_t)d;
        return;
    }
    /* No duration: from the start's period to the finish's, both counted. */
    s = field_at(t, r, c_finish);
    long finish;
    start -= (long)p->elapsed; /* work in flight: its whole run, from its real start */
    if (s[0] != '\0' && model_read_period_cell(ld, t, r, c_finish, &finish)) {
        if (finish < start) {
            cell_error(ld, t, r, c_finish, "finish \"%s\" is before the start", s);
            return;
        }
        if (finish - start + 1 > 1000) {
            cell_error(ld, t, r, c_finish, "finish \"%s\" is over 1000 periods after the start", s);
            return;
        }
        p->duration = (size_t)(finish - start + 1);
    }
}
