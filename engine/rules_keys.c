/* rules_keys.c - every fixed key of the rule set in one table (Redis's config.c is the model): its
 * section, type, bounds, default and what it does. Parsing, defaults, the "did you mean" hints and
 * the README's key list all come from here. */
#include "rules_int.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define IN_RULES(field) offsetof(rules, field)
#define IN_CRITERION(field) offsetof(rules_criterion, field)
#define IN_CAPACITY(field) offsetof(rules_capacity, field)
#define IN_POLICY(field) offsetof(rules_policy, field)
/* A KEY_OTHER row whose reader keeps its value elsewhere: no field to default. */
#define NO_FIELD SIZE_MAX

static const char *const section_names[SEC_COUNT] = {
    [SEC_PORTFOLIO] = "portfolio", [SEC_INPUT] = "input",         [SEC_COLUMNS] = "columns",
    [SEC_CRITERION] = "criterion", [SEC_CAPACITY] = "capacity",   [SEC_POLICY] = "policy",
    [SEC_WEIGHTS] = "weights",     [SEC_PAIRWISE] = "pairwise",   [SEC_SENSITIVITY] = "sensitivity",
    [SEC_TRADEOFFS] = "tradeoffs", [SEC_SCENARIO] = "scenario",   [SEC_OUTPUT] = "output",
    [SEC_VALUES] = "values",       [SEC_RUN] = "run",             [SEC_REPLAN] = "replan",
};

const char *rules_section_name(rules_section section)
{
    return section > SEC_NONE && section < SEC_COUNT ? section_names[section] : "";
}

bool rules_key_is(const char *key, const char *want)
{
    char norm[128];
    text_normalise_name(key, norm, sizeof norm);
    return strcmp(norm, want) == 0;
}

bool rules_parse_amount(parse_ctx *c, const char *key, const char *value, double *out)
{
    text_number_style style = {c->r->decimal_comma == 1};
    if (text_parse_number(value, style, out) != TEXT_NUMBER_OK) {
        text_number_style other = {!style.decimal_comma};
        double v;
        if (text_parse_number(value, other, &v) == TEXT_NUMBER_OK)
            RULES_ERR(c, key, "\"%s\" is not a number with '%c' as the decimal mark; [input] decimal = %s reads it as %.15g",
                      value, style.decimal_comma ? ',' : '.', style.decimal_comma ? "point" : "comma", v);
        else
            RULES_ERR(c, key, "\"%s\" is not a number", value);
        return false;
    }
    return true;
}

/* --- Readers of the keys that are more than a typed value ------------------------------------ */

static char *copy_value(parse_ctx *c, const char *value)
{
    char *v = arena_strdup(c->a, value);
    if (v == NULL)
        c->oom = true;
    return v;
}

/* [portfolio] periods = FIRST..LAST: the planning horizon. */
static void read_periods(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)item, (void)k;
    char why[256];
    if (!period_parse_horizon(value, &c->r->horizon, why, sizeof why))
        RULES_ERR(c, key, "%s", why);
    else
        c->r->has_horizon = true;
}

/* [portfolio] objective = score: the only objective there is. */
static void read_objective(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)item, (void)k;
    if (strcasecmp(value, "score") != 0)
        RULES_ERR(c, key, "objective \"%s\" is not supported; folio maximises the total score (objective = score)",
                  value);
}

static const char *const sources[] = {"benefits.total", "benefits.npv"};

/* [criterion NAME] column = HEADER or source = benefits.total | benefits.npv: one of the two. */
static void read_criterion_source(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)k;
    rules_criterion *cr = item;
    if (cr->column != NULL || cr->source != NULL) {
        RULES_ERR(c, key, "a criterion takes one of 'column' or 'source', not both");
        return;
    }
    char *v = copy_value(c, value);
    if (v == NULL)
        return;
    cr->source_line = c->line;
    if (rules_key_is(key, "column")) {
        cr->column = v;
        return;
    }
    char norm[128];
    snprintf(norm, sizeof norm, "%s", value);
    for (char *p = norm; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (size_t i = 0; i < COUNT(sources); i++) {
        if (strcmp(norm, sources[i]) == 0) {
            cr->source = arena_strdup(c->a, sources[i]);
            return;
        }
    }
    const char *hint = text_did_you_mean(norm, sources, COUNT(sources));
    RULES_ERR(c, key, "unknown source \"%s\"; %s%s%s", value, hint ? "did you mean '" : "known: benefits.total, benefits.npv",
              hint ? hint : "", hint ? "'?" : "");
}

/* [replan] stop_cost / stop_value_lost = COLUMN | PERCENT: a share when it reads as a number (10%,
 * 0.1), else a column of the projects export. */
static void read_stop(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)item;
    rules_stop *st = (rules_stop *)((char *)c->r + k->offset);
    st->line = c->line;
    char text[128];
    snprintf(text, sizeof text, "%s", value);
    size_t len = strlen(text);
    bool percent = len > 0 && text[len - 1] == '%';
    if (percent)
        text[len - 1] = '\0';
    text_number_style style = {c->r->decimal_comma == 1};
    double v;
    if (text_parse_number(text, style, &v) != TEXT_NUMBER_OK) {
        if (percent) {
            RULES_ERR(c, key, "\"%s\" is not a percentage; give a share (10%%) or a column of the projects export", value);
            return;
        }
        st->column = copy_value(c, value);
        return;
    }
    if (percent)
        v /= 100;
    if (!(v >= 0) || !isfinite(v)) {
        RULES_ERR(c, key, "%s is negative; give a share of 0 or more (10%%) or a column of the projects export", value);
        return;
    }
    st->share = v;
}

/* [criterion NAME] weight: 0 or more; a weight that cannot be read is taken as 0, so that it is not
 * also reported missing. */
static void read_weight(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)k;
    rules_criterion *cr = item;
    double w;
    if (!rules_parse_amount(c, key, value, &w)) {
        cr->weight = 0;
        return;
    }
    if (w < 0) {
        RULES_ERR(c, key, "weight %s is negative; weights must be 0 or more", value);
        cr->weight = 0;
        return;
    }
    cr->weight = w;
    cr->weight_percent = strchr(value, '%') != NULL;
    cr->weight_line = c->line;
}

/* [criterion NAME] range = LOW..HIGH. */
static void read_range(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)k;
    rules_criterion *cr = item;
    const char *dots = strstr(value, "..");
    char lo[64], hi[64];
    if (dots == NULL || (size_t)(dots - value) >= sizeof lo || strlen(dots + 2) >= sizeof hi) {
        RULES_ERR(c, key, "\"%s\" is not a range; write it as LOW..HIGH, e.g. 1..5", value);
        return;
    }
    snprintf(lo, sizeof lo, "%.*s", (int)(dots - value), value);
    snprintf(hi, sizeof hi, "%s", dots + 2);
    text_number_style style = {c->r->decimal_comma == 1};
    if (text_parse_number(lo, style, &cr->range_lo) != TEXT_NUMBER_OK ||
        text_parse_number(hi, style, &cr->range_hi) != TEXT_NUMBER_OK) {
        RULES_ERR(c, key, "\"%s\" is not a range; write it as LOW..HIGH, e.g. 1..5", value);
        return;
    }
    if (!(cr->range_lo < cr->range_hi))
        RULES_ERR(c, key, "range \"%s\" is empty; LOW must be below HIGH", value);
}

/* [criterion NAME] group = NAME. */
static void read_group(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)k;
    rules_criterion *cr = item;
    if (value[0] == '\0') {
        RULES_ERR(c, key, "a group needs a name, e.g. group = strategic");
        return;
    }
    cr->group = copy_value(c, value);
    cr->group_line = c->line;
}

/* A capacity limit's value, 0 or more; one that cannot be read (reported) counts as 0, so that the
 * limit is not also reported missing. */
static double limit_value(parse_ctx *c, const char *key, const char *value)
{
    double v;
    if (!rules_parse_amount(c, key, value, &v))
        return 0;
    if (v < 0) {
        RULES_ERR(c, key, "limit %s is negative", value);
        return 0;
    }
    return v;
}

/* [capacity NAME] limit / total (the whole-horizon limit, one of the two) and per_period. */
static void read_capacity_limit(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)k;
    rules_capacity *cap = item;
    double v = limit_value(c, key, value);
    if (rules_key_is(key, "per_period")) {
        cap->per_period = v;
        return;
    }
    if (!isnan(cap->limit))
        RULES_ERR(c, key, "'limit' and 'total' both set the whole-horizon limit; give one");
    cap->limit = v;
    cap->limit_line = c->line;
}

/* [capacity NAME] period.PERIOD = LIMIT: one period's own limit (its label resolved once the whole
 * file is read). */
static void read_period_limit(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)k;
    rules_capacity *cap = item;
    double v = limit_value(c, key, value);
    rules_period_limit *o = arena_alloc_n(c->a, cap->n_overrides + 1, sizeof *o);
    char *label = arena_strdup(c->a, key + 7);
    if (o == NULL || label == NULL) {
        c->oom = true;
        return;
    }
    if (cap->n_overrides > 0)
        memcpy(o, cap->overrides, cap->n_overrides * sizeof *o);
    o[cap->n_overrides] = (rules_period_limit){0, v, c->line};
    cap->overrides = o;
    cap->override_labels =
        arena_grow(c->a, cap->override_labels, cap->n_overrides, &cap->cap_labels, sizeof *cap->override_labels);
    if (cap->override_labels == NULL) {
        c->oom = true;
        return;
    }
    cap->override_labels[cap->n_overrides++] = label;
}

/* [policy NAME] min, max, count_min, count_max: bounds, 0 or more; counts whole. */
static void read_policy_bound(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    rules_policy *p = item;
    double v;
    if (!rules_parse_amount(c, key, value, &v))
        return;
    if (v < 0) {
        RULES_ERR(c, key, "bound %s is negative", value);
        return;
    }
    bool count = strncmp(k->name, "count_", 6) == 0;
    if (strcmp(k->name, "min") == 0) {
        p->min = v;
        p->has_min = true;
    } else if (strcmp(k->name, "max") == 0) {
        p->max = v;
        p->has_max = true;
    } else if (strcmp(k->name, "count_min") == 0) {
        p->count_min = v;
        p->has_count_min = true;
    } else {
        p->count_max = v;
        p->has_count_max = true;
    }
    if (count && v != floor(v))
        RULES_ERR(c, key, "a count must be a whole number, not %s", value);
}

/* [pairwise] matrix = FILE: the comparisons as a CSV matrix, read once every criterion is known. */
static void read_matrix_path(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)item, (void)k, (void)key;
    c->matrix_path = copy_value(c, value);
    c->matrix_line = c->line;
}

/* [tradeoffs] frontier / surface = CAPACITY: a name, with its line for the check that it exists. */
static void read_capacity_name(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)item, (void)k;
    bool frontier = rules_key_is(key, "frontier");
    char *v = copy_value(c, value);
    *(frontier ? &c->r->frontier : &c->r->surface) = v;
    *(frontier ? &c->r->frontier_line : &c->r->surface_line) = c->line;
}

/* [portfolio] fiscal_year_start = MONTH: a month's name or number. */
static void read_fiscal_start(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    (void)item, (void)k;
    static const char *const months[] = {"january", "february", "march",     "april",   "may",      "june",
                                         "july",    "august",   "september", "october", "november", "december"};
    char *end;
    long v = strtol(value, &end, 10);
    if (end != value && *end == '\0' && v >= 1 && v <= 12) {
        c->r->dates.fiscal_start = (int)v - 1;
        return;
    }
    for (int m = 0; m < 12; m++) {
        if (strcasecmp(value, months[m]) == 0 || (strlen(value) == 3 && strncasecmp(value, months[m], 3) == 0)) {
            c->r->dates.fiscal_start = m;
            return;
        }
    }
    RULES_ERR(c, key, "\"%s\" is not a month; write its name (July) or number (7)", value);
}

/* --- The table ---------------------------------------------------------------------------------- */

static const rules_choice scoring_words[] = {
    {"weighted-sum", SCORING_WEIGHTED_SUM}, {"weighted_sum", SCORING_WEIGHTED_SUM}, {"topsis", SCORING_TOPSIS}, {NULL, 0}};
static const rules_choice topsis_words[] = {{"vector", 0}, {"minmax", 1}, {NULL, 0}};
static const rules_choice delimiter_words[] = {{"comma", ','}, {",", ','},   {"semicolon", ';'},
                                               {"tab", '\t'},  {"\\t", '\t'}, {"auto", 0},
                                               {NULL, 0}};
static const rules_choice decimal_words[] = {{",", 1}, {"comma", 1}, {".", 0}, {"point", 0}, {"auto", -1}, {NULL, 0}};
static const rules_choice direction_words[] = {{"max", 0}, {"maximise", 0}, {"maximize", 0}, {"min", 1},
                                               {"minimise", 1}, {"minimize", 1}, {NULL, 0}};
static const rules_choice normalise_words[] = {
    {"minmax", NORMALISE_MINMAX}, {"range", NORMALISE_RANGE}, {"none", NORMALISE_NONE}, {NULL, 0}};
static const rules_choice missing_words[] = {
    {"error", MISSING_ERROR}, {"worst", MISSING_WORST}, {"zero", MISSING_ZERO}, {NULL, 0}};
static const rules_choice encoding_words[] = {
    {"auto", 0}, {"utf-8", 1}, {"utf8", 1}, {"windows-1252", 2}, {"cp1252", 2}, {"latin-1", 3}, {"latin1", 3},
    {"iso-8859-1", 3}, {NULL, 0}};
static const rules_choice date_order_words[] = {
    {"auto", DATE_ORDER_AUTO}, {"dmy", DATE_ORDER_DMY}, {"mdy", DATE_ORDER_MDY}, {"ymd", DATE_ORDER_YMD}, {NULL, 0}};
static const rules_choice depends_words[] = {{"ids", 0}, {"rows", 1}, {NULL, 0}};
static const rules_choice summary_words[] = {{"leave_out", 0}, {"keep", 1}, {NULL, 0}};
static const rules_choice capacity_missing_words[] = {{"error", MISSING_ERROR}, {"zero", MISSING_ZERO}, {NULL, 0}};
static const rules_choice paper_words[] = {{"a4", PAPER_A4}, {"letter", PAPER_LETTER}, {NULL, 0}};
static const rules_choice method_words[] = {{"direct", WEIGHTS_DIRECT},
                                            {"ahp", WEIGHTS_AHP},
                                            {"geometric-mean", WEIGHTS_GEOMETRIC_MEAN},
                                            {"geometric_mean", WEIGHTS_GEOMETRIC_MEAN},
                                            {NULL, 0}};

#define TEXT(sec, key, off, dflt, text) {.section = sec, .name = key, .kind = KEY_TEXT, .offset = off, .def_text = dflt, .doc = text}
#define LIST(sec, key, off, dflt, text)                                                                            \
    {.section = sec, .name = key, .kind = KEY_TEXT, .list = true, .offset = off, .def_text = dflt, .doc = text}
#define BOOL(sec, key, off, inv, dflt, text)                                                                       \
    {.section = sec, .name = key, .kind = KEY_BOOL, .offset = off, .invert = inv, .def = 1, .def_text = dflt, .doc = text}
#define BOOL_NO(sec, key, off, text)                                                                               \
    {.section = sec, .name = key, .kind = KEY_BOOL, .offset = off, .def = 0, .def_text = "no", .doc = text}
#define NUMBER(sec, key, off, lo, lo_open, hi, hi_open, int_only, dflt, bad, dflt_text, text)                      \
    {.section = sec, .name = key, .kind = KEY_NUMBER, .offset = off, .min = lo, .min_open = lo_open, .max = hi,    \
     .max_open = hi_open, .whole = int_only, .def = dflt, .invalid = bad, .def_text = dflt_text, .doc = text}
#define CHOICE(sec, key, other, off, how, words, dflt, bad, dflt_text, text)                                       \
    {.section = sec, .name = key, .alias = other, .kind = KEY_CHOICE, .offset = off, .store = how,                 \
     .choices = words, .def = dflt, .invalid = bad, .def_text = dflt_text, .doc = text}
#define OTHER(sec, key, off, dflt, fn, dflt_text, text)                                                            \
    {.section = sec, .name = key, .kind = KEY_OTHER, .offset = off, .def = dflt, .read = fn, .def_text = dflt_text, .doc = text}

const rules_key rules_key_table[] = {
    TEXT(SEC_PORTFOLIO, "name", IN_RULES(name), "(none)", "the portfolio's name, shown in the outputs"),
    OTHER(SEC_PORTFOLIO, "objective", NO_FIELD, 0, read_objective, "score",
          "what is maximised: the total score (the only objective)"),
    OTHER(SEC_PORTFOLIO, "periods", NO_FIELD, 0, read_periods, "(none: one period)",
          "the planning horizon, FIRST..LAST in quarters (2027-Q1..2028-Q4) or months (2027-01..2027-12)"),
    NUMBER(SEC_PORTFOLIO, "delay_penalty", IN_RULES(delay_penalty), 0, false, 1, true, false, 0,
           "%s is out of range; a delay penalty is a fraction from 0 (none) to below 1, e.g. 0.05 or 5%%", "0",
           "value lost per period a project starts after its earliest start (a fraction, or a percentage)"),
    NUMBER(SEC_PORTFOLIO, "discount_rate", IN_RULES(discount_rate), 0, false, INFINITY, false, false, 0,
           "%s is out of range; a discount rate is 0 or more, e.g. 0.08 or 8%%", "0",
           "annual rate at which source = benefits.npv discounts benefits"),
    OTHER(SEC_PORTFOLIO, "fiscal_year_start", NO_FIELD, 0, read_fiscal_start, "january",
          "the month the fiscal year starts (July or 7): FY27 Q1 is then July-September 2026"),
    CHOICE(SEC_PORTFOLIO, "scoring", NULL, IN_RULES(scoring), STORE_INT, scoring_words, SCORING_WEIGHTED_SUM,
           "\"%s\" is not a scoring method; use weighted-sum or topsis", "weighted-sum",
           "weighted-sum or topsis: how criteria combine into a score"),
    CHOICE(SEC_PORTFOLIO, "topsis_normalisation", "topsis_normalization", IN_RULES(topsis_minmax), STORE_BOOL,
           topsis_words, 0, "\"%s\" is not a TOPSIS normalisation; use vector or minmax", "vector",
           "vector or minmax: how TOPSIS normalises raw values"),

    CHOICE(SEC_INPUT, "delimiter", NULL, IN_RULES(delimiter), STORE_CHAR, delimiter_words, 0,
           "\"%s\" is not a delimiter; use comma, semicolon, tab or auto", "auto",
           "comma, semicolon, tab or auto: the exports' field separator (auto: an Excel sep= first line, else detected from the header)"),
    CHOICE(SEC_INPUT, "decimal", NULL, IN_RULES(decimal_comma), STORE_INT, decimal_words, -1,
           "\"%s\" is not a decimal mark; use point, comma or auto", "auto",
           "point, comma or auto: the exports' decimal mark (auto: comma in ';' files, else point); also the rules'"),
    CHOICE(SEC_INPUT, "encoding", NULL, IN_RULES(encoding), STORE_INT, encoding_words, 0,
           "\"%s\" is not an encoding; use utf-8, windows-1252, latin-1 or auto", "auto",
           "utf-8, windows-1252, latin-1 or auto (UTF-8, else Windows-1252 with a warning): the CSV exports' encoding"),
    CHOICE(SEC_INPUT, "date_order", NULL, IN_RULES(dates.order), STORE_INT, date_order_words, DATE_ORDER_AUTO,
           "\"%s\" is not a date order; use dmy, mdy, ymd or auto", "auto",
           "dmy, mdy, ymd or auto: how numeric dates read (auto: refuses 04/07/27, which reads both ways)"),
    CHOICE(SEC_INPUT, "depends_on", NULL, IN_RULES(depends_on_rows), STORE_BOOL, depends_words, 0,
           "\"%s\" is not a way of naming predecessors; use ids or rows", "ids",
           "ids or rows: whether predecessors name project ids or row numbers (1 = the first data row)"),
    CHOICE(SEC_INPUT, "summary_rows", NULL, IN_RULES(keep_summary_rows), STORE_BOOL, summary_words, 0,
           "\"%s\" is not a way of reading summary rows; use leave_out or keep", "leave_out",
           "leave_out or keep: .xlsx rows with indented rows under them (Smartsheet's hierarchy) as projects or not"),
    LIST(SEC_INPUT, "sheet", IN_RULES(sheet), "the first",
         "the sheet of .xlsx exports to read; a list (Projects, Benefits): the first each workbook has"),
    LIST(SEC_INPUT, "true", IN_RULES(true_words), "(none)", "more words for yes, comma-separated (Ja, Oui)"),
    LIST(SEC_INPUT, "false", IN_RULES(false_words), "(none)", "more words for no, comma-separated (Nein, Non)"),
    LIST(SEC_INPUT, "missing", IN_RULES(missing_words), "(none)",
         "more tokens for an empty cell, besides N/A, #N/A, TBD, TBC, -, em dash, null"),

    OTHER(SEC_CRITERION, "column", NO_FIELD, 0, read_criterion_source, "(none)",
          "the projects column holding the raw value (or source =)"),
    OTHER(SEC_CRITERION, "source", NO_FIELD, 0, read_criterion_source, "(none)",
          "benefits.total or benefits.npv: a value computed from the benefits register (or column =)"),
    OTHER(SEC_CRITERION, "weight", IN_CRITERION(weight), NAN, read_weight, "(required with direct weights)",
          "any scale, 0 or more; the weights are normalised to sum 1"),
    CHOICE(SEC_CRITERION, "direction", NULL, IN_CRITERION(minimise), STORE_BOOL, direction_words, 0,
           "\"%s\" is not a direction; use max (higher is better) or min (lower is better)", "max",
           "max (higher is better) or min (lower is better)"),
    CHOICE(SEC_CRITERION, "normalise", "normalize", IN_CRITERION(normalise), STORE_INT, normalise_words,
           NORMALISE_MINMAX, "\"%s\" is not a normalisation; use minmax, range or none", "minmax",
           "minmax, range or none: how raw values become 0..1 (scoring defined exactly below)"),
    OTHER(SEC_CRITERION, "range", NO_FIELD, 0, read_range, "(none)", "LOW..HIGH, with normalise = range"),
    CHOICE(SEC_CRITERION, "missing", NULL, IN_CRITERION(missing), STORE_INT, missing_words, MISSING_ERROR,
           "\"%s\" is not a missing-value policy; use error, worst or zero", "error",
           "error, worst or zero: what an empty value is (worst: the worst value present)"),
    OTHER(SEC_CRITERION, "group", NO_FIELD, 0, read_group, "(none)",
          "the criteria group it is compared within (pairwise weights)"),
    TEXT(SEC_CRITERION, "label", IN_CRITERION(label), "the name, readable",
         "how the workbook names it (strategic_fit reads Strategic fit)"),

    TEXT(SEC_CAPACITY, "column", IN_CAPACITY(column), "(required)",
         "the projects column (or demand resource) each project uses of it"),
    OTHER(SEC_CAPACITY, "limit", IN_CAPACITY(limit), NAN, read_capacity_limit, "(none)",
          "the limit; with a horizon, over the whole horizon"),
    OTHER(SEC_CAPACITY, "total", IN_CAPACITY(limit), NAN, read_capacity_limit, "(none)", "the same as limit"),
    OTHER(SEC_CAPACITY, "per_period", IN_CAPACITY(per_period), NAN, read_capacity_limit, "(none)",
          "with a horizon: the same limit in every period"),
    OTHER(SEC_CAPACITY, "period.PERIOD", NO_FIELD, 0, read_period_limit, "(none)",
          "with a horizon: one period's own limit, e.g. period.2027-Q3 = 6,000,000"),
    TEXT(SEC_CAPACITY, "label", IN_CAPACITY(label), "the name, readable", "how the workbook names it"),
    TEXT(SEC_CAPACITY, "unit", IN_CAPACITY(unit), "the currency over cost, else none",
         "the unit its amounts are shown in (FTE, hours)"),
    CHOICE(SEC_CAPACITY, "missing", NULL, IN_CAPACITY(missing), STORE_INT, capacity_missing_words, MISSING_ERROR,
           "\"%s\" is not a missing-value policy for a capacity; use error or zero", "error",
           "error or zero: what an empty cell is (zero: the project does not use it)"),

    TEXT(SEC_POLICY, "category", IN_POLICY(category), "(required)",
         "the projects whose category is this (case-insensitive) are the policy's"),
    TEXT(SEC_POLICY, "column", IN_POLICY(column), "cost", "the column min and max sum over the selected ones"),
    OTHER(SEC_POLICY, "min", NO_FIELD, 0, read_policy_bound, "(none)", "at least this much of column"),
    OTHER(SEC_POLICY, "max", NO_FIELD, 0, read_policy_bound, "(none)", "at most this much of column"),
    OTHER(SEC_POLICY, "count_min", NO_FIELD, 0, read_policy_bound, "(none)", "at least this many projects"),
    OTHER(SEC_POLICY, "count_max", NO_FIELD, 0, read_policy_bound, "(none)", "at most this many projects"),
    TEXT(SEC_POLICY, "label", IN_POLICY(label), "the name, readable", "how the workbook names it"),

    CHOICE(SEC_WEIGHTS, "method", NULL, IN_RULES(weighting), STORE_INT, method_words, WEIGHTS_DIRECT,
           "\"%s\" is not a weighting method; use direct, ahp or geometric-mean", "direct",
           "direct (the weight keys), ahp or geometric-mean (both from [pairwise])"),

    OTHER(SEC_PAIRWISE, "matrix", NO_FIELD, 0, read_matrix_path, "(none)",
          "a CSV file with the whole comparison matrix, relative to the rules file"),

    BOOL(SEC_SENSITIVITY, "enabled", IN_RULES(sensitivity_off), true, "yes", "no skips the weight sensitivity"),
    NUMBER(SEC_SENSITIVITY, "max_solves", IN_RULES(sensitivity_solves), 1, false, INFINITY, false, true,
           RULES_DEFAULT_SENSITIVITY_SOLVES, "max_solves is a whole number of re-solves, 1 or more, not %s", "512",
           "criteria are analysed in order while their worst cases (32 re-solves each) fit"),
    NUMBER(SEC_SENSITIVITY, "time_budget", IN_RULES(sensitivity_budget), 0, true, INFINITY, false, false,
           RULES_DEFAULT_SENSITIVITY_BUDGET, "a time budget is a number of seconds above 0, not %s", "120",
           "seconds, a safety net: criteria not reached are not analysed"),

    BOOL(SEC_TRADEOFFS, "enabled", IN_RULES(tradeoffs_off), true, "yes",
         "no skips the trade-offs (scenarios still run)"),
    OTHER(SEC_TRADEOFFS, "frontier", NO_FIELD, 0, read_capacity_name, "budget, else the first capacity",
          "the capacity the frontier moves"),
    NUMBER(SEC_TRADEOFFS, "frontier_points", IN_RULES(frontier_points), 2, false, 1000, false, true,
           RULES_DEFAULT_FRONTIER_POINTS, "frontier_points is a whole number from 2 to 1000, not %s", "20",
           "limits on the frontier besides the current one"),
    OTHER(SEC_TRADEOFFS, "surface", NO_FIELD, 0, read_capacity_name, "(none)",
          "a second capacity: the frontier at each of its limits"),
    NUMBER(SEC_TRADEOFFS, "surface_points", IN_RULES(surface_points), 2, false, 100, false, true,
           RULES_DEFAULT_SURFACE_POINTS, "surface_points is a whole number from 2 to 100, not %s", "5",
           "limits of the second capacity besides the current one"),
    NUMBER(SEC_TRADEOFFS, "max_force_solves", IN_RULES(max_force_solves), 1, false, INFINITY, false, true,
           RULES_DEFAULT_MAX_FORCE_SOLVES, "max_force_solves is a whole number of re-solves, 1 or more, not %s",
           "400", "force deltas re-solved exactly, those the LP puts nearest the line first"),
    NUMBER(SEC_TRADEOFFS, "time_budget", IN_RULES(tradeoffs_budget), 0, true, INFINITY, false, false,
           RULES_DEFAULT_TRADEOFFS_BUDGET, "a time budget is a number of seconds above 0, not %s", "120",
           "seconds, a safety net: re-solves then stop (as intervals), what is not reached is marked so"),

    NUMBER(SEC_RUN, "jobs", IN_RULES(jobs), 1, false, 1024, false, true, 0,
           "jobs is a whole number of processes from 1 to 1024, not %s", "the processors online",
           "processes the re-solves of the analyses and the plan search share (--jobs overrides it)"),

    LIST(SEC_REPLAN, "proposed", IN_RULES(status_words[0]), "(none)",
         "more status words for a proposal, besides Proposed, Idea, New, Not Started, Pending, Draft, Submitted, "
         "Backlog"),
    LIST(SEC_REPLAN, "in_progress", IN_RULES(status_words[1]), "(none)",
         "more words for work in flight, besides In Progress, Active, In Flight, Execution, Started, Ongoing"),
    LIST(SEC_REPLAN, "on_hold", IN_RULES(status_words[2]), "(none)",
         "more words for paused work, besides On Hold, Paused, Suspended, Deferred"),
    LIST(SEC_REPLAN, "completed", IN_RULES(status_words[3]), "(none)",
         "more words for finished work, besides Completed, Complete, Closed, Closed Complete, Done, Finished, "
         "Delivered"),
    LIST(SEC_REPLAN, "cancelled", IN_RULES(status_words[4]), "(none)",
         "more words for dropped work, besides Cancelled, Canceled, Rejected, Withdrawn, Terminated, Closed "
         "Incomplete, Closed Skipped"),
    BOOL_NO(SEC_REPLAN, "keep_in_flight", IN_RULES(keep_in_flight),
            "yes: every in-progress project continues (the stop-or-continue question off)"),
    NUMBER(SEC_REPLAN, "max_changes", IN_RULES(max_changes), 0, false, INFINITY, false, true, INFINITY,
           "max_changes is a whole number of changes, 0 or more, not %s", "(no limit)",
           "at most this many decisions differ from the baseline (a start or a stop is one)"),
    NUMBER(SEC_REPLAN, "change_penalty", IN_RULES(change_penalty), 0, false, INFINITY, false, false, 0,
           "change_penalty is an objective value, 0 or more, not %s", "0",
           "objective charged for each decision that differs from the baseline"),
    BOOL_NO(SEC_REPLAN, "count_moves", IN_RULES(count_moves),
            "with a horizon, yes: a project kept at another start is a change too"),
    NUMBER(SEC_REPLAN, "attribution_budget", IN_RULES(attribution_budget), 0, false, INFINITY, false, false,
           RULES_DEFAULT_ATTRIBUTION_BUDGET, "a time budget is a number of seconds, 0 or more, not %s", "120",
           "seconds for the attribution's solves against a baseline summary (0: none); the steps not reached become one"),
    NUMBER(SEC_REPLAN, "stability_budget", IN_RULES(stability_budget), 0, false, INFINITY, false, false,
           RULES_DEFAULT_STABILITY_BUDGET, "a time budget is a number of seconds, 0 or more, not %s", "120",
           "seconds for the price of stability and the fewest changes (0: none); cut short, the fewest is an upper bound"),
    OTHER(SEC_REPLAN, "stop_cost", IN_RULES(stop_cost), 0, read_stop, "(none)",
          "wind-down cost charged to the budget in the first period when work in flight stops: a column, or a share of its cost as exported (10%)"),
    OTHER(SEC_REPLAN, "stop_value_lost", IN_RULES(stop_value), 0, read_stop, "(none)",
          "objective lost when work in flight stops: a column (in objective units), or a share of its score (30%)"),

    CHOICE(SEC_OUTPUT, "paper", NULL, IN_RULES(paper), STORE_INT, paper_words, PAPER_A4,
           "\"%s\" is not a paper size; use a4 or letter", "a4", "a4 or letter: the workbook's printed pages"),
    TEXT(SEC_OUTPUT, "currency", IN_RULES(currency), "the export's own ($, EUR), else none",
         "the currency money is shown in, e.g. EUR or $"),
};

const size_t rules_key_table_count = COUNT(rules_key_table);

/* Whether key is row k's name, one of its spellings or, for a pattern, a key of that pattern. */
static bool key_matches(const rules_key *k, const char *key)
{
    const char *upper = k->name;
    while (*upper != '\0' && !(*upper >= 'A' && *upper <= 'Z'))
        upper++;
    if (*upper != '\0')
        return strncasecmp(key, k->name, (size_t)(upper - k->name)) == 0;
    return rules_key_is(key, k->name) || (k->alias != NULL && rules_key_is(key, k->alias));
}

const rules_key *rules_key_find(rules_section section, const char *key)
{
    for (size_t i = 0; i < rules_key_table_count; i++)
        if (rules_key_table[i].section == section && key_matches(&rules_key_table[i], key))
            return &rules_key_table[i];
    return NULL;
}

static void store_choice(void *field, rules_store store, int value)
{
    switch (store) {
    case STORE_INT:
        *(int *)field = value;
        break;
    case STORE_BOOL:
        *(bool *)field = value != 0;
        break;
    case STORE_CHAR:
        *(char *)field = (char)value;
        break;
    }
}

void rules_key_read(parse_ctx *c, void *item, const rules_key *k, const char *key, const char *value)
{
    char *base = item != NULL ? item : (char *)c->r;
    void *field = k->offset != NO_FIELD ? base + k->offset : NULL; /* KEY_OTHER keeps it elsewhere */
    switch (k->kind) {
    case KEY_TEXT: {
        char *v = copy_value(c, value);
        if (v != NULL)
            *(char **)field = v;
        break;
    }
    case KEY_BOOL: {
        bool on;
        if (!text_parse_bool(value, &on))
            RULES_ERR(c, key, "\"%s\" is not yes or no", value);
        else
            *(bool *)field = k->invert ? !on : on;
        break;
    }
    case KEY_NUMBER: {
        double v;
        if (!rules_parse_amount(c, key, value, &v))
            break;
        bool ok = (k->min_open ? v > k->min : v >= k->min) && (k->max_open ? v < k->max : v <= k->max) &&
                  (!k->whole || v == floor(v));
        if (!ok)
            RULES_ERR(c, key, k->invalid, value);
        else
            *(double *)field = v;
        break;
    }
    case KEY_CHOICE: {
        const rules_choice *w = k->choices;
        while (w->word != NULL && strcasecmp(value, w->word) != 0)
            w++;
        if (w->word == NULL)
            RULES_ERR(c, key, k->invalid, value);
        else
            store_choice(field, k->store, w->value);
        break;
    }
    case KEY_OTHER:
        k->read(c, item, k, key, value);
        break;
    }
}

void rules_key_defaults(rules_section section, rules *r, void *item)
{
    char *base = item != NULL ? item : (char *)r;
    for (size_t i = 0; i < rules_key_table_count; i++) {
        const rules_key *k = &rules_key_table[i];
        if (k->section != section || k->offset == NO_FIELD)
            continue;
        void *field = base + k->offset;
        switch (k->kind) {
        case KEY_BOOL:
            *(bool *)field = k->invert ? k->def == 0 : k->def != 0;
            break;
        case KEY_NUMBER:
            *(double *)field = k->def;
            break;
        case KEY_CHOICE:
            store_choice(field, k->store, (int)k->def);
            break;
        case KEY_OTHER:
            *(double *)field = k->def; /* a reader with a field of its own keeps a double */
            break;
        case KEY_TEXT:
            break; /* NULL until given (the item and the rules start zeroed) */
        }
    }
}

void rules_key_unknown(parse_ctx *c, const char *key)
{
    const char *known[16];
    size_t n = 0;
    char list[512] = "";
    for (size_t i = 0; i < rules_key_table_count && n < COUNT(known); i++) {
        if (rules_key_table[i].section != c->kind)
            continue;
        if (n > 0)
            strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, rules_key_table[i].name, sizeof list - strlen(list) - 1);
        known[n++] = rules_key_table[i].name;
    }
    char norm[128];
    text_normalise_name(key, norm, sizeof norm);
    const char *hint = text_did_you_mean(norm, known, n);
    if (hint != NULL)
        RULES_ERR(c, key, "unknown key in [%s]; did you mean '%s'?", c->section, hint);
    else
        RULES_ERR(c, key, "unknown key in [%s]; known keys: %s", c->section, list);
}

bool rules_key_describe(size_t index, rules_key_doc *out)
{
    if (index >= rules_key_table_count)
        return false;
    const rules_key *k = &rules_key_table[index];
    static const char *const headers[SEC_COUNT] = {
        [SEC_PORTFOLIO] = "[portfolio]",       [SEC_INPUT] = "[input]",
        [SEC_COLUMNS] = "[columns]",           [SEC_CRITERION] = "[criterion NAME]",
        [SEC_CAPACITY] = "[capacity NAME]",    [SEC_POLICY] = "[policy NAME]",
        [SEC_WEIGHTS] = "[weights]",           [SEC_PAIRWISE] = "[pairwise]",
        [SEC_SENSITIVITY] = "[sensitivity]",   [SEC_TRADEOFFS] = "[tradeoffs]",
        [SEC_SCENARIO] = "[scenario NAME]",   [SEC_OUTPUT] = "[output]",
        [SEC_VALUES] = "[values COLUMN]",     [SEC_RUN] = "[run]",
        [SEC_REPLAN] = "[replan]",
    };
    *out = (rules_key_doc){headers[k->section], k->name, k->alias, k->def_text, k->doc};
    return true;
}
