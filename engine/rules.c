/* rules.c - parsing the INI rule set with inih, with line numbers and "did you mean" hints. */
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

#include "table.h"
#include "text.h"

enum section_kind {
    SEC_NONE,
    SEC_PORTFOLIO,
    SEC_INPUT,
    SEC_COLUMNS,
    SEC_CRITERION,
    SEC_CAPACITY,
    SEC_POLICY,
    SEC_WEIGHTS,
    SEC_PAIRWISE,
    SEC_SENSITIVITY,
    SEC_TRADEOFFS,
    SEC_SCENARIO
};

static const char *const section_kinds[] = {"portfolio", "input",  "columns",  "criterion",  "capacity",
                                            "policy",    "weights", "pairwise", "sensitivity", "tradeoffs",
                                            "scenario"};
static const char *const portfolio_keys[] = {"name",          "objective", "periods", "delay_penalty",
                                             "discount_rate", "scoring",   "topsis_normalisation"};
static const char *const input_keys[] = {"delimiter", "decimal"};
static const char *const criterion_keys[] = {"column", "source",  "weight", "direction",
                                             "normalise", "range", "missing", "group"};
static const char *const capacity_keys[] = {"column", "limit", "total", "per_period", "period.PERIOD"};
static const char *const policy_keys[] = {"category", "column", "min", "max", "count_min", "count_max"};
static const char *const canonical_fields[] = {"id", "name", "category", "cost", "must", "exclude", "depends_on",
                                               "excludes", "start", "latest_start", "duration", "project_id",
                                               "benefit", "period", "amount", "low", "high", "resource"};
static const char *const sources[] = {"benefits.total", "benefits.npv"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A name and the rules-file line it was first seen on. */
typedef struct named_line {
    char *name;
    int line;
} named_line;

/* Parser state passed through inih to the handler. */
typedef struct parse_ctx {
    arena *a;
    rules *r;
    diags *d;
    const char *text; /* remaining input */
    int line;         /* line most recently handed to inih */
    int header_line;  /* line of the most recent [section] header */
    bool at_line_start;
    char section[256];          /* raw section name of the current section */
    enum section_kind kind;
    void *item;                 /* current criterion / capacity / policy */
    named_line *keys;           /* keys seen in the current section, to catch repeats */
    size_t n_seen, cap_seen;
    named_line *sections;       /* sections seen so far, to catch a section given twice */
    size_t n_sections, cap_sections;
    size_t cap_maps, cap_criteria, cap_capacities, cap_policies, cap_judgments, cap_scenarios;
    named_line *pair_names;     /* [2 * n_judgments] the names in "a vs b", resolved after reading */
    char *matrix_path;          /* [pairwise] matrix = FILE, as written */
    int matrix_line;
    bool started; /* the handler has seen a key */
    bool oom;
    bool failed;
} parse_ctx;

/* fgets-like reader over the in-memory text that counts physical lines for the handler. */
static char *ctx_reader(char *str, int num, void *stream)
{
    parse_ctx *c = stream;
    if (*c->text == '\0' || num <= 1)
        return NULL;
    if (c->at_line_start)
        c->line++;
    int n = 0;
    while (n < num - 1 && c->text[n] != '\0') {
        if (c->text[n++] == '\n')
            break;
    }
    memcpy(str, c->text, (size_t)n);
    str[n] = '\0';
    /* inih calls the handler only for keys, so remember where each section header stands. */
    const char *p = str;
    while (*p == ' ' || *p == '\t')
        p++;
    if (c->at_line_start && *p == '[')
        c->header_line = c->line;
    c->at_line_start = str[n - 1] == '\n';
    c->text += n;
    return str;
}

/* Records an error at the current line of the rules file. */
#define ERR(c, key, ...)                                                                           \
    do {                                                                                           \
        diags_error((c)->d, (c)->r->path, (c)->line, (key), __VA_ARGS__);                          \
        (c)->failed = true;                                                                        \
    } while (0)

static bool parse_amount(parse_ctx *c, const char *key, const char *value, double *out)
{
    text_number_style style = {false};
    if (text_parse_number(value, style, out) != TEXT_NUMBER_OK) {
        ERR(c, key, "\"%s\" is not a number", value);
        return false;
    }
    return true;
}

static bool key_is(const char *key, const char *want)
{
    char norm[128];
    text_normalise_name(key, norm, sizeof norm);
    return strcmp(norm, want) == 0;
}

static void unknown_key(parse_ctx *c, const char *key, const char *const *known, size_t n)
{
    char norm[128];
    text_normalise_name(key, norm, sizeof norm);
    const char *hint = text_did_you_mean(norm, known, n);
    char list[512] = "";
    for (size_t i = 0; i < n; i++) {
        strncat(list, known[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n)
            strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    if (hint != NULL) {
        diags_error(c->d, c->r->path, c->line, key, "unknown key in [%s]; did you mean '%s'?", c->section, hint);
    } else {
        diags_error(c->d, c->r->path, c->line, key, "unknown key in [%s]; known keys: %s", c->section, list);
    }
    c->failed = true;
}

/* Starts a new section: classifies it, creates its item, and catches repeats. */
static void begin_section(parse_ctx *c, const char *section)
{
    snprintf(c->section, sizeof c->section, "%s", section);
    c->n_seen = 0;
    c->item = NULL;
    c->kind = SEC_NONE;

    for (size_t i = 0; i < c->n_sections; i++) {
        if (strcasecmp(c->sections[i].name, section) == 0) {
            diags_error(c->d, c->r->path, c->header_line, NULL, "section [%s] is given twice (first at line %d)",
                        section, c->sections[i].line);
            c->failed = true;
            return;
        }
    }
    named_line *ss = arena_grow(c->a, c->sections, c->n_sections, &c->cap_sections, sizeof *ss);
    char *copy = arena_strdup(c->a, section);
    if (ss == NULL || copy == NULL) {
        c->oom = true;
        return;
    }
    c->sections = ss;
    c->sections[c->n_sections++] = (named_line){copy, c->header_line};

    char kind[64] = "", name[192] = "";
    const char *sp = section;
    size_t k = 0;
    while (*sp && !isspace((unsigned char)*sp) && k + 1 < sizeof kind)
        kind[k++] = (char)tolower((unsigned char)*sp++);
    kind[k] = '\0';
    while (isspace((unsigned char)*sp))
        sp++;
    snprintf(name, sizeof name, "%s", sp);
    text_trim(name);

    static const enum section_kind kinds[] = {SEC_PORTFOLIO, SEC_INPUT,   SEC_COLUMNS,  SEC_CRITERION,  SEC_CAPACITY,
                                              SEC_POLICY,    SEC_WEIGHTS, SEC_PAIRWISE, SEC_SENSITIVITY,
                                              SEC_TRADEOFFS, SEC_SCENARIO};
    for (size_t i = 0; i < COUNT(section_kinds); i++)
        if (strcmp(kind, section_kinds[i]) == 0)
            c->kind = kinds[i];
    if (c->kind == SEC_NONE) {
        const char *hint = text_did_you_mean(kind, section_kinds, COUNT(section_kinds));
        if (hint != NULL)
            diags_error(c->d, c->r->path, c->header_line, NULL, "unknown section [%s]; did you mean [%s%s%s]?", section,
                        hint, name[0] ? " " : "", name);
        else
            diags_error(c->d, c->r->path, c->header_line, NULL,
                        "unknown section [%s]; known sections: [portfolio], [input], [columns], "
                        "[criterion NAME], [capacity NAME], [policy NAME], [weights], [pairwise], [sensitivity], "
                        "[tradeoffs], [scenario NAME]",
                        section);
        c->failed = true;
        return;
    }
    bool named = c->kind == SEC_CRITERION || c->kind == SEC_CAPACITY || c->kind == SEC_POLICY ||
                 c->kind == SEC_SCENARIO;
    if (named && name[0] == '\0') {
        diags_error(c->d, c->r->path, c->header_line, NULL, "section [%s] needs a name, e.g. [%s budget]", section, kind);
        c->failed = true;
        c->kind = SEC_NONE;
        return;
    }
    if (!named && name[0] != '\0') {
        diags_error(c->d, c->r->path, c->header_line, NULL, "section [%s] takes no name", kind);
        c->failed = true;
        c->kind = SEC_NONE;
        return;
    }
    rules *r = c->r;
    char *nm = arena_strdup(c->a, name);
    if (nm == NULL) {
        c->oom = true;
        return;
    }
    if (c->kind == SEC_CRITERION) {
        rules_criterion *v = arena_grow(c->a, r->criteria, r->n_criteria, &c->cap_criteria, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->criteria = v;
        rules_criterion *cr = &r->criteria[r->n_criteria++];
        memset(cr, 0, sizeof *cr);
        cr->name = nm;
        cr->line = c->header_line;
        cr->weight = NAN;
        c->item = cr;
    } else if (c->kind == SEC_CAPACITY) {
        rules_capacity *v = arena_grow(c->a, r->capacities, r->n_capacities, &c->cap_capacities, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->capacities = v;
        rules_capacity *cap = &r->capacities[r->n_capacities++];
        memset(cap, 0, sizeof *cap);
        cap->name = nm;
        cap->line = c->header_line;
        cap->limit = NAN;
        cap->per_period = NAN;
        c->item = cap;
    } else if (c->kind == SEC_POLICY) {
        rules_policy *v = arena_grow(c->a, r->policies, r->n_policies, &c->cap_policies, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->policies = v;
        rules_policy *p = &r->policies[r->n_policies++];
        memset(p, 0, sizeof *p);
        p->name = nm;
        p->line = c->header_line;
        c->item = p;
    } else if (c->kind == SEC_SCENARIO) {
        rules_scenario *v = arena_grow(c->a, r->scenarios, r->n_scenarios, &c->cap_scenarios, sizeof *v);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        r->scenarios = v;
        rules_scenario *sc = &r->scenarios[r->n_scenarios++];
        memset(sc, 0, sizeof *sc);
        sc->name = nm;
        sc->line = c->header_line;
        c->item = sc;
    }
}

/* Returns false (after reporting) when key was already given in this section. */
static bool first_time(parse_ctx *c, const char *key)
{
    char norm[128];
    text_normalise_name(key, norm, sizeof norm);
    for (size_t i = 0; i < c->n_seen; i++) {
        if (strcmp(c->keys[i].name, norm) == 0) {
            ERR(c, key, "given twice in this section (first at line %d)", c->keys[i].line);
            return false;
        }
    }
    named_line *keys = arena_grow(c->a, c->keys, c->n_seen, &c->cap_seen, sizeof *keys);
    char *copy = arena_strdup(c->a, norm);
    if (keys == NULL || copy == NULL) {
        c->oom = true;
        return false;
    }
    c->keys = keys;
    c->keys[c->n_seen++] = (named_line){copy, c->line};
    return true;
}

static void handle_criterion(parse_ctx *c, rules_criterion *cr, const char *key, const char *value)
{
    if (key_is(key, "column") || key_is(key, "source")) {
        if (cr->column != NULL || cr->source != NULL) {
            ERR(c, key, "a criterion takes one of 'column' or 'source', not both");
            return;
        }
        char *v = arena_strdup(c->a, value);
        if (v == NULL) {
            c->oom = true;
            return;
        }
        cr->source_line = c->line;
        if (key_is(key, "column")) {
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
        ERR(c, key, "unknown source \"%s\"; %s%s%s", value, hint ? "did you mean '" : "known: benefits.total, benefits.npv",
            hint ? hint : "", hint ? "'?" : "");
    } else if (key_is(key, "weight")) {
        double w;
        if (!parse_amount(c, key, value, &w)) {
            cr->weight = 0; /* reported; do not also call it missing */
            return;
        }
        if (w < 0) {
            ERR(c, key, "weight %s is negative; weights must be 0 or more", value);
            cr->weight = 0;
            return;
        }
        cr->weight = w;
    } else if (key_is(key, "direction")) {
        if (strcasecmp(value, "max") == 0 || strcasecmp(value, "maximise") == 0 || strcasecmp(value, "maximize") == 0)
            cr->minimise = false;
        else if (strcasecmp(value, "min") == 0 || strcasecmp(value, "minimise") == 0 || strcasecmp(value, "minimize") == 0)
            cr->minimise = true;
        else
            ERR(c, key, "\"%s\" is not a direction; use max (higher is better) or min (lower is better)", value);
    } else if (key_is(key, "normalise") || key_is(key, "normalize")) {
        if (strcasecmp(value, "minmax") == 0)
            cr->normalise = NORMALISE_MINMAX;
        else if (strcasecmp(value, "range") == 0)
            cr->normalise = NORMALISE_RANGE;
        else if (strcasecmp(value, "none") == 0)
            cr->normalise = NORMALISE_NONE;
        else
            ERR(c, key, "\"%s\" is not a normalisation; use minmax, range or none", value);
    } else if (key_is(key, "range")) {
        const char *dots = strstr(value, "..");
        char lo[64], hi[64];
        if (dots == NULL || (size_t)(dots - value) >= sizeof lo || strlen(dots + 2) >= sizeof hi) {
            ERR(c, key, "\"%s\" is not a range; write it as LOW..HIGH, e.g. 1..5", value);
            return;
        }
        snprintf(lo, sizeof lo, "%.*s", (int)(dots - value), value);
        snprintf(hi, sizeof hi, "%s", dots + 2);
        text_number_style style = {false};
        if (text_parse_number(lo, style, &cr->range_lo) != TEXT_NUMBER_OK ||
            text_parse_number(hi, style, &cr->range_hi) != TEXT_NUMBER_OK) {
            ERR(c, key, "\"%s\" is not a range; write it as LOW..HIGH, e.g. 1..5", value);
            return;
        }
        if (!(cr->range_lo < cr->range_hi))
            ERR(c, key, "range \"%s\" is empty; LOW must be below HIGH", value);
    } else if (key_is(key, "group")) {
        if (value[0] == '\0') {
            ERR(c, key, "a group needs a name, e.g. group = strategic");
            return;
        }
        if ((cr->group = arena_strdup(c->a, value)) == NULL)
            c->oom = true;
        cr->group_line = c->line;
    } else if (key_is(key, "missing")) {
        if (strcasecmp(value, "error") == 0)
            cr->missing = MISSING_ERROR;
        else if (strcasecmp(value, "worst") == 0)
            cr->missing = MISSING_WORST;
        else if (strcasecmp(value, "zero") == 0)
            cr->missing = MISSING_ZERO;
        else
            ERR(c, key, "\"%s\" is not a missing-value policy; use error, worst or zero", value);
    } else {
        unknown_key(c, key, criterion_keys, COUNT(criterion_keys));
    }
}

static void handle_capacity(parse_ctx *c, rules_capacity *cap, const char *key, const char *value)
{
    double v;
    if (key_is(key, "column")) {
        if ((cap->column = arena_strdup(c->a, value)) == NULL)
            c->oom = true;
        return;
    }
    bool is_override = strncasecmp(key, "period.", 7) == 0;
    if (!is_override && !key_is(key, "limit") && !key_is(key, "total") && !key_is(key, "per_period")) {
        unknown_key(c, key, capacity_keys, COUNT(capacity_keys));
        return;
    }
    if (!parse_amount(c, key, value, &v))
        v = 0; /* reported; do not also call the limit missing */
    else if (v < 0) {
        ERR(c, key, "limit %s is negative", value);
        v = 0;
    }
    if (is_override) {
        rules_period_limit *o = arena_alloc(c->a, (cap->n_overrides + 1) * sizeof *o);
        char *label = arena_strdup(c->a, key + 7);
        if (o == NULL || label == NULL) {
            c->oom = true;
            return;
        }
        if (cap->n_overrides > 0)
            memcpy(o, cap->overrides, cap->n_overrides * sizeof *o);
        /* The label is resolved against the horizon once the whole file is read. */
        o[cap->n_overrides] = (rules_period_limit){0, v, c->line};
        cap->overrides = o;
        cap->override_labels = arena_grow(c->a, cap->override_labels, cap->n_overrides, &cap->cap_labels,
                                          sizeof *cap->override_labels);
        if (cap->override_labels == NULL) {
            c->oom = true;
            return;
        }
        cap->override_labels[cap->n_overrides++] = label;
    } else if (key_is(key, "per_period")) {
        cap->per_period = v;
    } else {
        if (!isnan(cap->limit))
            ERR(c, key, "'limit' and 'total' both set the whole-horizon limit; give one");
        cap->limit = v;
        cap->limit_line = c->line;
    }
}

static void handle_policy(parse_ctx *c, rules_policy *p, const char *key, const char *value)
{
    double v = 0;
    if (key_is(key, "category")) {
        if ((p->category = arena_strdup(c->a, value)) == NULL)
            c->oom = true;
        return;
    }
    if (key_is(key, "column")) {
        if ((p->column = arena_strdup(c->a, value)) == NULL)
            c->oom = true;
        return;
    }
    bool known = key_is(key, "min") || key_is(key, "max") || key_is(key, "count_min") || key_is(key, "count_max");
    if (!known) {
        unknown_key(c, key, policy_keys, COUNT(policy_keys));
        return;
    }
    if (!parse_amount(c, key, value, &v))
        return;
    if (v < 0) {
        ERR(c, key, "bound %s is negative", value);
        return;
    }
    if (key_is(key, "min")) {
        p->min = v;
        p->has_min = true;
    } else if (key_is(key, "max")) {
        p->max = v;
        p->has_max = true;
    } else if (key_is(key, "count_min")) {
        p->count_min = v;
        p->has_count_min = true;
    } else {
        p->count_max = v;
        p->has_count_max = true;
    }
    if ((key_is(key, "count_min") || key_is(key, "count_max")) && v != floor(v))
        ERR(c, key, "a count must be a whole number, not %s", value);
}

/* Parses a judgment, in a key or a matrix cell: a number or a fraction; NaN when it is neither. */
static double parse_judgment(const char *s)
{
    text_number_style style = {false};
    double v = NAN, x, y;
    const char *slash = strchr(s, '/');
    if (slash != NULL) {
        char num[64], den[64];
        snprintf(num, sizeof num, "%.*s", (int)(slash - s), s);
        snprintf(den, sizeof den, "%s", slash + 1);
        if (text_parse_number(num, style, &x) == TEXT_NUMBER_OK && text_parse_number(den, style, &y) == TEXT_NUMBER_OK &&
            y > 0)
            v = x / y;
    } else if (text_parse_number(s, style, &x) == TEXT_NUMBER_OK) {
        v = x;
    }
    return v;
}

/* "strategic_fit vs risk = 3": records the judgment; names are resolved once every criterion is read. */
static void handle_pairwise(parse_ctx *c, const char *key, const char *value)
{
    if (key_is(key, "matrix")) {
        if ((c->matrix_path = arena_strdup(c->a, value)) == NULL)
            c->oom = true;
        c->matrix_line = c->line;
        return;
    }
    const char *vs = NULL;
    for (const char *p = key; *p; p++) {
        if ((p == key || isspace((unsigned char)p[-1])) && strncasecmp(p, "vs", 2) == 0 &&
            (p[2] == '\0' || isspace((unsigned char)p[2]))) {
            vs = p;
            break;
        }
    }
    if (vs == NULL || vs == key || vs[2] == '\0') {
        ERR(c, key, "not a comparison; write 'CRITERION vs CRITERION = VALUE', e.g. strategic_fit vs risk = 3");
        return;
    }
    char a[192], b[192];
    snprintf(a, sizeof a, "%.*s", (int)(vs - key), key);
    snprintf(b, sizeof b, "%s", vs + 2);
    text_trim(a);
    text_trim(b);
    double v = parse_judgment(value);
    if (isnan(v)) {
        ERR(c, key, "\"%s\" is not a judgment; use 1 to 9 or a reciprocal such as 1/3 or 0.333", value);
        return;
    }
    /* Saaty's scale, with room for reciprocals written to three places (0.111 for 1/9). */
    if (!(v >= 1.0 / 9 - 0.0005 && v <= 9 + 1e-9)) {
        ERR(c, key, "judgment %s is outside Saaty's scale of 1/9 to 9", value);
        return;
    }
    rules *r = c->r;
    rules_judgment *j = arena_grow(c->a, r->judgments, r->n_judgments, &c->cap_judgments, sizeof *j);
    named_line *names = arena_alloc(c->a, 2 * (r->n_judgments + 1) * sizeof *names);
    char *na = arena_strdup(c->a, a), *nb = arena_strdup(c->a, b);
    if (j == NULL || names == NULL || na == NULL || nb == NULL) {
        c->oom = true;
        return;
    }
    if (r->n_judgments > 0)
        memcpy(names, c->pair_names, 2 * r->n_judgments * sizeof *names);
    r->judgments = j;
    c->pair_names = names;
    names[2 * r->n_judgments] = (named_line){na, c->line};
    names[2 * r->n_judgments + 1] = (named_line){nb, c->line};
    r->judgments[r->n_judgments++] = (rules_judgment){0, 0, v, r->path, c->line};
}

/* [tradeoffs]: enabled, frontier = CAPACITY and surface = CAPACITY (resolved once every capacity is
 * read), frontier_points, surface_points, max_force_solves, time_budget. */
static void handle_tradeoffs(parse_ctx *c, const char *key, const char *value)
{
    rules *r = c->r;
    double v;
    if (key_is(key, "enabled")) {
        bool on;
        if (!text_parse_bool(value, &on))
            ERR(c, key, "\"%s\" is not yes or no", value);
        else
            r->tradeoffs_off = !on;
    } else if (key_is(key, "frontier")) {
        if ((r->frontier = arena_strdup(c->a, value)) == NULL)
            c->oom = true;
        r->frontier_line = c->line;
    } else if (key_is(key, "frontier_points")) {
        if (parse_amount(c, key, value, &v) && (!(v >= 2 && v <= 1000) || v != floor(v)))
            ERR(c, key, "frontier_points is a whole number from 2 to 1000, not %s", value);
        else
            r->frontier_points = v;
    } else if (key_is(key, "surface")) {
        if ((r->surface = arena_strdup(c->a, value)) == NULL)
            c->oom = true;
        r->surface_line = c->line;
    } else if (key_is(key, "surface_points")) {
        if (parse_amount(c, key, value, &v) && (!(v >= 2 && v <= 100) || v != floor(v)))
            ERR(c, key, "surface_points is a whole number from 2 to 100, not %s", value);
        else
            r->surface_points = v;
    } else if (key_is(key, "max_force_solves")) {
        if (parse_amount(c, key, value, &v) && (!(v >= 1) || v != floor(v)))
            ERR(c, key, "max_force_solves is a whole number of re-solves, 1 or more, not %s", value);
        else
            r->max_force_solves = v;
    } else if (key_is(key, "time_budget")) {
        if (parse_amount(c, key, value, &v) && !(v > 0))
            ERR(c, key, "a time budget is a number of seconds above 0, not %s", value);
        else
            r->tradeoffs_budget = v;
    } else {
        static const char *const trade_keys[] = {"enabled",          "frontier",         "frontier_points", "surface",
                                                 "surface_points",   "max_force_solves", "time_budget"};
        unknown_key(c, key, trade_keys, COUNT(trade_keys));
    }
}

/* Splits an id list ("A, B; C") into *out. */
static void split_ids(parse_ctx *c, const char *value, char ***out, size_t *count)
{
    size_t cap = 0;
    const char *p = value;
    while (*p != '\0') {
        size_t len = strcspn(p, ",;");
        char id[192];
        snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id - 1 ? len : sizeof id - 1), p);
        text_trim(id);
        if (id[0] != '\0') {
            char **v = arena_grow(c->a, *out, *count, &cap, sizeof *v);
            char *copy = arena_strdup(c->a, id);
            if (v == NULL || copy == NULL) {
                c->oom = true;
                return;
            }
            *out = v;
            (*out)[(*count)++] = copy;
        }
        p += len;
        if (*p != '\0')
            p++;
    }
}

/* [scenario NAME]: force_in / force_out = ids; weight.CRITERION = x; CAPACITY = x,
 * CAPACITY.per_period = x, CAPACITY.period.PERIOD = x; POLICY.min|max|count_min|count_max = x.
 * Names are resolved once the whole file is read. */
static void handle_scenario(parse_ctx *c, rules_scenario *sc, const char *key, const char *value)
{
    if (key_is(key, "force_in") || key_is(key, "force_out")) {
        bool in = key_is(key, "force_in");
        split_ids(c, value, in ? &sc->force_in : &sc->force_out, in ? &sc->n_force_in : &sc->n_force_out);
        *(in ? &sc->force_in_line : &sc->force_out_line) = c->line;
        return;
    }
    double v;
    if (!parse_amount(c, key, value, &v))
        return;
    if (!(v >= 0)) {
        ERR(c, key, "%s is negative; limits, weights and bounds are 0 or more", value);
        return;
    }
    rules_override *o = arena_grow(c->a, sc->overrides, sc->n_overrides, &sc->cap_overrides, sizeof *o);
    char *k = arena_strdup(c->a, key);
    if (o == NULL || k == NULL) {
        c->oom = true;
        return;
    }
    sc->overrides = o;
    sc->overrides[sc->n_overrides++] = (rules_override){OVERRIDE_LIMIT, 0, 0, v, k, c->line};
}

static int rules_on_key(void *user, const char *section, const char *key, const char *value)
{
    parse_ctx *c = user;
    if (c->oom)
        return 1;
    if (!c->started || strcmp(section, c->section) != 0) {
        c->started = true;
        if (section[0] != '\0') {
            begin_section(c, section);
        } else {
            c->section[0] = '\0';
            c->kind = SEC_NONE;
        }
    }
    if (section[0] == '\0') {
        ERR(c, key, "key outside any section; put it under [portfolio], [criterion NAME], ...");
        return 1;
    }
    if (c->kind == SEC_NONE)
        return 1; /* the section itself was reported */
    if (!first_time(c, key))
        return 1;
    switch (c->kind) {
    case SEC_PORTFOLIO:
        if (key_is(key, "name")) {
            if ((c->r->name = arena_strdup(c->a, value)) == NULL)
                c->oom = true;
        } else if (key_is(key, "periods")) {
            char why[256];
            if (!period_parse_horizon(value, &c->r->horizon, why, sizeof why))
                ERR(c, key, "%s", why);
            else
                c->r->has_horizon = true;
        } else if (key_is(key, "delay_penalty") || key_is(key, "discount_rate")) {
            double v;
            bool delay = key_is(key, "delay_penalty");
            if (parse_amount(c, key, value, &v)) {
                if (v < 0 || (delay && v >= 1))
                    ERR(c, key, "%s is out of range; %s", value,
                        delay ? "a delay penalty is a fraction from 0 (none) to below 1, e.g. 0.05 or 5%"
                              : "a discount rate is 0 or more, e.g. 0.08 or 8%");
                else if (delay)
                    c->r->delay_penalty = v;
                else
                    c->r->discount_rate = v;
            }
        } else if (key_is(key, "scoring")) {
            if (strcasecmp(value, "weighted-sum") == 0 || strcasecmp(value, "weighted_sum") == 0)
                c->r->scoring = SCORING_WEIGHTED_SUM;
            else if (strcasecmp(value, "topsis") == 0)
                c->r->scoring = SCORING_TOPSIS;
            else
                ERR(c, key, "\"%s\" is not a scoring method; use weighted-sum or topsis", value);
        } else if (key_is(key, "topsis_normalisation") || key_is(key, "topsis_normalization")) {
            if (strcasecmp(value, "vector") == 0)
                c->r->topsis_minmax = false;
            else if (strcasecmp(value, "minmax") == 0)
                c->r->topsis_minmax = true;
            else
                ERR(c, key, "\"%s\" is not a TOPSIS normalisation; use vector or minmax", value);
        } else if (key_is(key, "objective")) {
            if (strcasecmp(value, "score") != 0)
                ERR(c, key, "objective \"%s\" is not supported; folio maximises the total score (objective = score)",
                    value);
        } else {
            unknown_key(c, key, portfolio_keys, COUNT(portfolio_keys));
        }
        break;
    case SEC_INPUT:
        if (key_is(key, "delimiter")) {
            if (strcasecmp(value, "comma") == 0 || strcmp(value, ",") == 0)
                c->r->delimiter = ',';
            else if (strcasecmp(value, "semicolon") == 0)
                c->r->delimiter = ';';
            else if (strcasecmp(value, "tab") == 0 || strcmp(value, "\\t") == 0)
                c->r->delimiter = '\t';
            else if (strcasecmp(value, "auto") == 0)
                c->r->delimiter = 0;
            else
                ERR(c, key, "\"%s\" is not a delimiter; use comma, semicolon, tab or auto", value);
        } else if (key_is(key, "decimal")) {
            if (strcmp(value, ",") == 0 || strcasecmp(value, "comma") == 0)
                c->r->decimal_comma = 1;
            else if (strcmp(value, ".") == 0 || strcasecmp(value, "point") == 0)
                c->r->decimal_comma = 0;
            else if (strcasecmp(value, "auto") == 0)
                c->r->decimal_comma = -1;
            else
                ERR(c, key, "\"%s\" is not a decimal mark; use point, comma or auto", value);
        } else {
            unknown_key(c, key, input_keys, COUNT(input_keys));
        }
        break;
    case SEC_COLUMNS: {
        rules *r = c->r;
        rules_column_map *m = arena_grow(c->a, r->maps, r->n_maps, &c->cap_maps, sizeof *m);
        char *f = arena_strdup(c->a, key), *h = arena_strdup(c->a, value);
        if (m == NULL || f == NULL || h == NULL) {
            c->oom = true;
            break;
        }
        r->maps = m;
        r->maps[r->n_maps++] = (rules_column_map){f, h, c->line};
        break;
    }
    case SEC_CRITERION:
        handle_criterion(c, c->item, key, value);
        break;
    case SEC_CAPACITY:
        handle_capacity(c, c->item, key, value);
        break;
    case SEC_POLICY:
        handle_policy(c, c->item, key, value);
        break;
    case SEC_WEIGHTS:
        if (key_is(key, "method")) {
            if (strcasecmp(value, "direct") == 0)
                c->r->weighting = WEIGHTS_DIRECT;
            else if (strcasecmp(value, "ahp") == 0)
                c->r->weighting = WEIGHTS_AHP;
            else if (strcasecmp(value, "geometric-mean") == 0 || strcasecmp(value, "geometric_mean") == 0)
                c->r->weighting = WEIGHTS_GEOMETRIC_MEAN;
            else
                ERR(c, key, "\"%s\" is not a weighting method; use direct, ahp or geometric-mean", value);
        } else {
            static const char *const weights_keys[] = {"method"};
            unknown_key(c, key, weights_keys, 1);
        }
        break;
    case SEC_PAIRWISE:
        handle_pairwise(c, key, value);
        break;
    case SEC_SENSITIVITY:
        if (key_is(key, "enabled")) {
            bool on;
            if (!text_parse_bool(value, &on))
                ERR(c, key, "\"%s\" is not yes or no", value);
            else
                c->r->sensitivity_off = !on;
        } else if (key_is(key, "time_budget")) {
            double v;
            if (parse_amount(c, key, value, &v) && !(v > 0))
                ERR(c, key, "a time budget is a number of seconds above 0, not %s", value);
            else
                c->r->sensitivity_budget = v;
        } else if (key_is(key, "max_solves")) {
            double v;
            if (parse_amount(c, key, value, &v) && (!(v >= 1) || v != floor(v)))
                ERR(c, key, "max_solves is a whole number of re-solves, 1 or more, not %s", value);
            else
                c->r->sensitivity_solves = v;
        } else {
            static const char *const sens_keys[] = {"enabled", "max_solves", "time_budget"};
            unknown_key(c, key, sens_keys, 3);
        }
        break;
    case SEC_TRADEOFFS:
        handle_tradeoffs(c, key, value);
        break;
    case SEC_SCENARIO:
        handle_scenario(c, c->item, key, value);
        break;
    case SEC_NONE:
        break;
    }
    return 1;
}

/* True when name is a canonical field or a column some rule refers to. */
static bool column_is_referenced(const rules *r, const char *name)
{
    char a[128], b[128];
    text_normalise_name(name, a, sizeof a);
    for (size_t i = 0; i < COUNT(canonical_fields); i++)
        if (strcmp(a, canonical_fields[i]) == 0)
            return true;
    const char *refs[3];
    for (size_t i = 0; i < r->n_criteria + r->n_capacities + r->n_policies; i++) {
        size_t n = 0;
        if (i < r->n_criteria) {
            refs[n++] = r->criteria[i].column;
        } else if (i < r->n_criteria + r->n_capacities) {
            refs[n++] = r->capacities[i - r->n_criteria].column;
        } else {
            refs[n++] = r->policies[i - r->n_criteria - r->n_capacities].column;
        }
        for (size_t k = 0; k < n; k++) {
            if (refs[k] == NULL)
                continue;
            text_normalise_name(refs[k], b, sizeof b);
            if (strcmp(a, b) == 0)
                return true;
        }
    }
    return false;
}

/* [pairwise] matrix = FILE: a square CSV (first row and first column the criteria's names; blank
 * or 0 where a pair is not judged), read relative to the rules file. Each judged pair above the
 * diagonal becomes a judgment; the cell below must be its reciprocal. */
static void read_matrix(parse_ctx *c, const char **names)
{
    rules *r = c->r;
    if (r->n_judgments > 0) {
        diags_error(c->d, r->path, c->matrix_line, "matrix",
                    "give the comparisons either as keys or as a matrix file, not both");
        c->failed = true;
        return;
    }
    const char *slash = strrchr(r->path, '/');
    char *path = c->matrix_path[0] == '/' || slash == NULL
                     ? arena_strdup(c->a, c->matrix_path)
                     : arena_printf(c->a, "%.*s/%s", (int)(slash - r->path), r->path, c->matrix_path);
    if (path == NULL) {
        c->oom = true;
        return;
    }
    table t;
    table_options topt;
    table_options_init(&topt);
    folio_error e = table_read(c->a, path, &topt, &t, c->d);
    if (e != FOLIO_OK) {
        c->failed = true;
        return;
    }
    const size_t n = r->n_criteria;
    size_t *col_of = arena_alloc(c->a, (t.n_cols + 1) * sizeof *col_of); /* header column -> criterion */
    size_t *row_of = arena_alloc(c->a, (t.n_rows + 1) * sizeof *row_of);
    if (col_of == NULL || row_of == NULL) {
        c->oom = true;
        return;
    }
    bool ok = t.n_cols == n + 1 && t.n_rows == n;
    if (!ok) {
        diags_error(c->d, path, 1, NULL, "the matrix is %zu x %zu; %zu criteria need %zu rows and %zu columns of judgments",
                    t.n_rows, t.n_cols > 0 ? t.n_cols - 1 : 0, n, n, n);
        c->failed = true;
        return;
    }
    for (size_t side = 0; side < 2; side++) {
        for (size_t q = 0; q < n; q++) {
            const char *label = side == 0 ? t.header[q + 1] : t.rows[q].fields[0];
            char want[192], have[192];
            text_normalise_name(label, want, sizeof want);
            size_t found = SIZE_MAX;
            for (size_t k = 0; k < n && found == SIZE_MAX; k++) {
                text_normalise_name(names[k], have, sizeof have);
                if (strcmp(want, have) == 0)
                    found = k;
            }
            if (found == SIZE_MAX) {
                const char *hint = text_did_you_mean(label, names, n);
                diags_error(c->d, path, side == 0 ? 1 : t.rows[q].line, label, "no criterion of this name%s%s%s",
                            hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
                c->failed = true;
                ok = false;
            }
            (side == 0 ? col_of : row_of)[q] = found;
        }
    }
    if (!ok)
        return;
    size_t cap = 0;
    for (size_t q = 0; q < n; q++) {
        for (size_t p = 0; p < n; p++) {
            const char *cell = t.rows[q].fields[p + 1];
            size_t i = row_of[q], j = col_of[p];
            double v = cell[0] == '\0' ? 0 : parse_judgment(cell);
            int line = t.rows[q].line;
            if (isnan(v) || v < 0) {
                diags_error(c->d, path, line, t.header[p + 1], "\"%s\" is not a judgment; use 1 to 9, 1/3, or blank", cell);
                c->failed = true;
                continue;
            }
            if (i == j) {
                if (v != 0 && fabs(v - 1) > 1e-9) {
                    diags_error(c->d, path, line, t.header[p + 1], "a criterion compared with itself must be 1, not %s", cell);
                    c->failed = true;
                }
                continue;
            }
            if (v == 0)
                continue;
            if (!(v >= 1.0 / 9 - 0.0005 && v <= 9 + 1e-9)) {
                diags_error(c->d, path, line, t.header[p + 1], "judgment %s is outside Saaty's scale of 1/9 to 9", cell);
                c->failed = true;
                continue;
            }
            /* The mirror cell must hold the reciprocal (or be blank). */
            size_t qm = SIZE_MAX, pm = SIZE_MAX;
            for (size_t k = 0; k < n; k++) {
                if (row_of[k] == j)
                    qm = k;
                if (col_of[k] == i)
                    pm = k;
            }
            double mirror = parse_judgment(t.rows[qm].fields[pm + 1]);
            if (t.rows[qm].fields[pm + 1][0] != '\0' && mirror != 0 && fabs(v * mirror - 1) > 1e-3) {
                if (i < j) {
                    diags_error(c->d, path, line, t.header[p + 1],
                                "%s vs %s is %s but %s vs %s is %s; one must be the reciprocal of the other", names[i],
                                names[j], cell, names[j], names[i], t.rows[qm].fields[pm + 1]);
                    c->failed = true;
                }
                continue;
            }
            if (i > j && t.rows[qm].fields[pm + 1][0] != '\0' && mirror != 0)
                continue; /* taken from the upper cell */
            rules_judgment *jj = arena_grow(c->a, r->judgments, r->n_judgments, &cap, sizeof *jj);
            if (jj == NULL) {
                c->oom = true;
                return;
            }
            r->judgments = jj;
            r->judgments[r->n_judgments++] = (rules_judgment){i, j, v, path, line};
        }
    }
}

size_t rules_parent(const rules *r, size_t node)
{
    if (node >= r->n_criteria || r->criteria[node].group == NULL)
        return SIZE_MAX;
    for (size_t g = 0; g < r->n_groups; g++)
        if (text_names_equal(r->groups[g], r->criteria[node].group))
            return r->n_criteria + g;
    return SIZE_MAX;
}

const char *rules_node_name(const rules *r, size_t node)
{
    return node < r->n_criteria ? r->criteria[node].name : r->groups[node - r->n_criteria];
}

/* Collects the criteria groups (group = NAME) in order of first mention; a group may not share a
 * criterion's name, since "a vs b" names either. */
static void collect_groups(parse_ctx *c)
{
    rules *r = c->r;
    size_t cap = 0;
    for (size_t k = 0; k < r->n_criteria; k++) {
        const rules_criterion *cr = &r->criteria[k];
        if (cr->group == NULL)
            continue;
        bool known = false;
        for (size_t g = 0; g < r->n_groups && !known; g++)
            known = text_names_equal(r->groups[g], cr->group);
        if (known)
            continue;
        for (size_t q = 0; q < r->n_criteria; q++) {
            if (text_names_equal(r->criteria[q].name, cr->group)) {
                diags_error(c->d, r->path, cr->group_line, "group",
                            "group \"%s\" has the name of a criterion ([criterion %s], line %d); give it its own name",
                            cr->group, r->criteria[q].name, r->criteria[q].line);
                c->failed = true;
            }
        }
        char **g = arena_grow(c->a, r->groups, r->n_groups, &cap, sizeof *g);
        if (g == NULL) {
            c->oom = true;
            return;
        }
        r->groups = g;
        r->groups[r->n_groups++] = cr->group;
    }
    if (r->n_groups > 0 && r->weighting == WEIGHTS_DIRECT)
        diags_warn(c->d, r->path, r->criteria[0].line, NULL,
                   "criteria groups are used with pairwise weights ([weights] method = ahp); with direct weights "
                   "each criterion's weight is its global weight and the groups are ignored");
}

/* Resolves "a vs b" names to nodes of the criteria hierarchy and checks each pair is judged once
 * and within one level (the same group, or the top level); with a pairwise method, there must be
 * judgments. */
static void validate_judgments(parse_ctx *c)
{
    rules *r = c->r;
    collect_groups(c);
    const size_t n_nodes = r->n_criteria + r->n_groups;
    const char **names = arena_alloc(c->a, (n_nodes + 1) * sizeof *names);
    if (names == NULL) {
        c->oom = true;
        return;
    }
    for (size_t k = 0; k < n_nodes; k++)
        names[k] = rules_node_name(r, k);
    for (size_t q = 0; q < r->n_judgments; q++) {
        rules_judgment *j = &r->judgments[q];
        size_t idx[2] = {SIZE_MAX, SIZE_MAX};
        for (int side = 0; side < 2; side++) {
            const named_line *nl = &c->pair_names[2 * q + side];
            for (size_t k = 0; k < n_nodes && idx[side] == SIZE_MAX; k++)
                if (text_names_equal(nl->name, names[k]))
                    idx[side] = k;
            if (idx[side] == SIZE_MAX) {
                const char *hint = text_did_you_mean(nl->name, names, n_nodes);
                diags_error(c->d, r->path, j->line, nl->name, "no criterion %sof this name%s%s%s",
                            r->n_groups ? "or group " : "", hint ? "; did you mean '" : "", hint ? hint : "",
                            hint ? "'?" : "");
                c->failed = true;
            }
        }
        if (idx[0] == SIZE_MAX || idx[1] == SIZE_MAX)
            continue;
        if (idx[0] == idx[1]) {
            diags_error(c->d, r->path, j->line, names[idx[0]], "a criterion is compared with itself");
            c->failed = true;
            continue;
        }
        size_t pa = rules_parent(r, idx[0]), pb = rules_parent(r, idx[1]);
        if (pa != pb) {
            char where[2][160];
            for (int side = 0; side < 2; side++) {
                size_t p = side == 0 ? pa : pb;
                if (p == SIZE_MAX)
                    snprintf(where[side], sizeof where[side], "at the top level");
                else
                    snprintf(where[side], sizeof where[side], "in group %s", names[p]);
            }
            diags_error(c->d, r->path, j->line, NULL,
                        "%s is %s but %s is %s; compare criteria within their group, and groups (or ungrouped "
                        "criteria) with each other",
                        names[idx[0]], where[0], names[idx[1]], where[1]);
            c->failed = true;
            continue;
        }
        j->a = idx[0];
        j->b = idx[1];
        for (size_t p = 0; p < q; p++) {
            const rules_judgment *o = &r->judgments[p];
            if ((o->a == j->a && o->b == j->b) || (o->a == j->b && o->b == j->a)) {
                diags_error(c->d, r->path, j->line, NULL, "%s and %s are compared twice (first at line %d)",
                            names[j->a], names[j->b], o->line);
                c->failed = true;
            }
        }
    }
    if (c->matrix_path != NULL && r->n_groups > 0) {
        diags_error(c->d, r->path, c->matrix_line, "matrix",
                    "a matrix file holds one level of comparisons; with criteria groups give the comparisons as "
                    "keys (a vs b = 3)");
        c->failed = true;
    } else if (c->matrix_path != NULL) {
        read_matrix(c, names);
    }
    if (r->weighting != WEIGHTS_DIRECT && r->n_judgments == 0 && n_nodes > 1 && c->matrix_path == NULL) {
        diags_error(c->d, r->path, 0, NULL,
                    "[weights] method = %s needs pairwise comparisons in [pairwise], e.g. strategic_fit vs risk = 3",
                    r->weighting == WEIGHTS_AHP ? "ahp" : "geometric-mean");
        c->failed = true;
    }
}

/* Resolves each scenario override's key to a capacity, policy or criterion. */
static void resolve_scenarios(parse_ctx *c)
{
    rules *r = c->r;
    size_t n_names = r->n_capacities + r->n_policies;
    const char **names = arena_alloc(c->a, (n_names + 1) * sizeof *names);
    if (names == NULL) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < r->n_capacities; i++)
        names[i] = r->capacities[i].name;
    for (size_t i = 0; i < r->n_policies; i++)
        names[r->n_capacities + i] = r->policies[i].name;
    for (size_t q = 0; q < r->n_scenarios; q++) {
        rules_scenario *sc = &r->scenarios[q];
        for (size_t k = 0; k < sc->n_overrides; k++) {
            rules_override *o = &sc->overrides[k];
            char head[192], tail[192] = "";
            const char *dot = strchr(o->key, '.');
            snprintf(head, sizeof head, "%.*s", (int)(dot ? (size_t)(dot - o->key) : strlen(o->key)), o->key);
            if (dot != NULL)
                snprintf(tail, sizeof tail, "%s", dot + 1);
            text_trim(head);
            text_trim(tail);
            bool ok = false;
            if (key_is(head, "weight") && dot != NULL) {
                for (size_t i = 0; i < r->n_criteria && !ok; i++)
                    if (text_names_equal(r->criteria[i].name, tail)) {
                        o->kind = OVERRIDE_WEIGHT;
                        o->target = i;
                        ok = true;
                    }
                if (!ok) {
                    diags_error(c->d, r->path, o->line, o->key, "no [criterion %s] to weigh", tail);
                    c->failed = true;
                }
                continue;
            }
            for (size_t i = 0; i < r->n_capacities && !ok; i++) {
                if (!text_names_equal(r->capacities[i].name, head))
                    continue;
                o->target = i;
                ok = true;
                if (tail[0] == '\0') {
                    o->kind = OVERRIDE_LIMIT;
                } else if (key_is(tail, "per_period")) {
                    o->kind = OVERRIDE_PER_PERIOD;
                } else if (strncasecmp(tail, "period.", 7) == 0) {
                    o->kind = OVERRIDE_PERIOD;
                    long off;
                    if (!r->has_horizon || !period_offset(&r->horizon, tail + 7, &off) || off < 0 ||
                        off >= (long)r->horizon.count) {
                        diags_error(c->d, r->path, o->line, o->key, "\"%s\" is not a period of the horizon", tail + 7);
                        c->failed = true;
                    }
                    o->period = off;
                } else {
                    diags_error(c->d, r->path, o->line, o->key,
                                "a capacity takes %s = LIMIT, %s.per_period = LIMIT or %s.period.PERIOD = LIMIT",
                                head, head, head);
                    c->failed = true;
                }
                if ((o->kind == OVERRIDE_PER_PERIOD || o->kind == OVERRIDE_PERIOD) && !r->has_horizon) {
                    diags_error(c->d, r->path, o->line, o->key,
                                "per-period limits need [portfolio] periods = FIRST..LAST");
                    c->failed = true;
                }
            }
            for (size_t i = 0; i < r->n_policies && !ok; i++) {
                if (!text_names_equal(r->policies[i].name, head))
                    continue;
                o->target = i;
                ok = true;
                if (key_is(tail, "min"))
                    o->kind = OVERRIDE_POLICY_MIN;
                else if (key_is(tail, "max"))
                    o->kind = OVERRIDE_POLICY_MAX;
                else if (key_is(tail, "count_min"))
                    o->kind = OVERRIDE_POLICY_COUNT_MIN;
                else if (key_is(tail, "count_max"))
                    o->kind = OVERRIDE_POLICY_COUNT_MAX;
                else {
                    diags_error(c->d, r->path, o->line, o->key,
                                "a policy takes %s.min, %s.max, %s.count_min or %s.count_max", head, head, head, head);
                    c->failed = true;
                }
                if ((o->kind == OVERRIDE_POLICY_COUNT_MIN || o->kind == OVERRIDE_POLICY_COUNT_MAX) &&
                    o->value != floor(o->value)) {
                    diags_error(c->d, r->path, o->line, o->key, "a count must be a whole number, not %g", o->value);
                    c->failed = true;
                }
            }
            if (!ok) {
                const char *hint = text_did_you_mean(head, names, n_names);
                diags_error(c->d, r->path, o->line, o->key,
                            "not a scenario key: write CAPACITY = LIMIT, POLICY.max = BOUND, weight.CRITERION = W, "
                            "force_in = IDS or force_out = IDS%s%s%s",
                            hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
                c->failed = true;
            }
        }
    }
}

/* Checks what needs the whole file: required keys, weights, references between sections. */
/* The capacity that name (written at line) names, or SIZE_MAX with an error when none does; SIZE_MAX
 * without one when name is NULL. key is the [tradeoffs] key that gave it. */
static size_t resolve_capacity(parse_ctx *c, const char *name, int line, const char *key)
{
    rules *r = c->r;
    if (name == NULL)
        return SIZE_MAX;
    for (size_t i = 0; i < r->n_capacities; i++)
        if (text_names_equal(r->capacities[i].name, name))
            return i;
    const char **names = arena_alloc(c->a, (r->n_capacities + 1) * sizeof *names);
    for (size_t i = 0; names != NULL && i < r->n_capacities; i++)
        names[i] = r->capacities[i].name;
    const char *hint = names ? text_did_you_mean(name, names, r->n_capacities) : NULL;
    diags_error(c->d, r->path, line, key, "no [capacity %s]%s%s%s", name, hint ? "; did you mean '" : "",
                hint ? hint : "", hint ? "'?" : "");
    c->failed = true;
    return SIZE_MAX;
}

size_t rules_frontier_capacity(const rules *r)
{
    if (r->frontier_capacity != SIZE_MAX)
        return r->frontier_capacity;
    for (size_t i = 0; i < r->n_capacities; i++)
        if (strcmp(r->capacities[i].name, "budget") == 0)
            return i;
    return r->n_capacities > 0 ? 0 : SIZE_MAX;
}

static void validate(parse_ctx *c)
{
    rules *r = c->r;
    diags *d = c->d;
    if (r->n_criteria == 0) {
        diags_error(d, r->path, 0, NULL, "no [criterion NAME] section; folio needs at least one criterion to score by");
        c->failed = true;
    }
    double total = 0;
    bool weights_ok = true;
    bool pairwise = r->weighting != WEIGHTS_DIRECT;
    validate_judgments(c);
    for (size_t i = 0; i < r->n_criteria; i++) {
        rules_criterion *cr = &r->criteria[i];
        if (cr->source != NULL && strcmp(cr->source, "benefits.npv") == 0 && !r->has_horizon) {
            diags_error(d, r->path, cr->source_line, "source",
                        "benefits.npv discounts benefits by period; [portfolio] needs 'periods = FIRST..LAST'");
            c->failed = true;
        }
        if (cr->column == NULL && cr->source == NULL) {
            diags_error(d, r->path, cr->line, NULL,
                        "[criterion %s] needs 'column = HEADER' (a projects column) or 'source = benefits.total'",
                        cr->name);
            c->failed = true;
        }
        if (pairwise) {
            if (!isnan(cr->weight))
                diags_warn(d, r->path, cr->line, NULL,
                           "[criterion %s] has a 'weight', which is ignored: [weights] method = %s takes the weights "
                           "from [pairwise]",
                           cr->name, r->weighting == WEIGHTS_AHP ? "ahp" : "geometric-mean");
        } else if (isnan(cr->weight)) {
            diags_error(d, r->path, cr->line, NULL, "[criterion %s] has no 'weight'", cr->name);
            c->failed = true;
            weights_ok = false;
        } else {
            total += cr->weight;
        }
        if (cr->normalise == NORMALISE_RANGE && !(cr->range_lo < cr->range_hi)) {
            diags_error(d, r->path, cr->line, NULL, "[criterion %s] has normalise = range but no 'range = LOW..HIGH'",
                        cr->name);
            c->failed = true;
        }
    }
    if (!pairwise && weights_ok && r->n_criteria > 0 && !(total > 0)) {
        diags_error(d, r->path, r->criteria[0].line, NULL,
                    "every criterion weight is zero; at least one must be positive");
        c->failed = true;
    }
    for (size_t i = 0; i < r->n_capacities; i++) {
        rules_capacity *cap = &r->capacities[i];
        if (cap->column == NULL) {
            diags_error(d, r->path, cap->line, NULL, "[capacity %s] needs 'column = HEADER', e.g. column = cost", cap->name);
            c->failed = true;
        }
        if (isnan(cap->limit) && isnan(cap->per_period) && cap->n_overrides == 0) {
            diags_error(d, r->path, cap->line, NULL,
                        "[capacity %s] needs a limit: 'limit = AMOUNT' (whole horizon), 'per_period = AMOUNT' or "
                        "'period.PERIOD = AMOUNT'",
                        cap->name);
            c->failed = true;
        }
        if ((!isnan(cap->per_period) || cap->n_overrides > 0) && !r->has_horizon) {
            diags_error(d, r->path, cap->line, NULL,
                        "[capacity %s] sets per-period limits, but [portfolio] has no 'periods = FIRST..LAST'",
                        cap->name);
            c->failed = true;
        }
        for (size_t k = 0; k < cap->n_overrides && r->has_horizon; k++) {
            long off;
            if (!period_offset(&r->horizon, cap->override_labels[k], &off) || off < 0 ||
                off >= (long)r->horizon.count) {
                diags_error(d, r->path, cap->overrides[k].line, NULL,
                            "period \"%s\" is not a period of the horizon", cap->override_labels[k]);
                c->failed = true;
                continue;
            }
            cap->overrides[k].offset = off;
            for (size_t j = 0; j < k; j++)
                if (cap->overrides[j].offset == off) {
                    diags_error(d, r->path, cap->overrides[k].line, NULL,
                                "period \"%s\" is given twice (first at line %d)", cap->override_labels[k],
                                cap->overrides[j].line);
                    c->failed = true;
                }
        }
    }
    resolve_scenarios(c);
    r->frontier_capacity = resolve_capacity(c, r->frontier, r->frontier_line, "frontier");
    r->surface_capacity = resolve_capacity(c, r->surface, r->surface_line, "surface");
    if (r->surface_capacity != SIZE_MAX && r->surface_capacity == rules_frontier_capacity(r)) {
        diags_error(d, r->path, r->surface_line, "surface",
                    "the surface's second capacity must differ from the frontier's (%s)",
                    r->capacities[r->surface_capacity].name);
        c->failed = true;
    }
    for (size_t i = 0; i < r->n_policies; i++) {
        rules_policy *p = &r->policies[i];
        if (p->category == NULL) {
            diags_error(d, r->path, p->line, NULL, "[policy %s] needs 'category = NAME'", p->name);
            c->failed = true;
        }
        if (!p->has_min && !p->has_max && !p->has_count_min && !p->has_count_max) {
            diags_error(d, r->path, p->line, NULL, "[policy %s] sets no bound; give min, max, count_min or count_max",
                        p->name);
            c->failed = true;
        }
        if ((p->has_min && p->has_max && p->min > p->max) ||
            (p->has_count_min && p->has_count_max && p->count_min > p->count_max)) {
            diags_error(d, r->path, p->line, NULL, "[policy %s] has a minimum above its maximum", p->name);
            c->failed = true;
        }
        if (p->column == NULL && (p->has_min || p->has_max) && (p->column = arena_strdup(c->a, "cost")) == NULL)
            c->oom = true;
    }
    for (size_t i = 0; i < r->n_maps; i++) {
        if (!column_is_referenced(r, r->maps[i].field)) {
            const char *hint = text_did_you_mean(r->maps[i].field, canonical_fields, COUNT(canonical_fields));
            diags_error(d, r->path, r->maps[i].line, r->maps[i].field,
                        "[columns] maps a field that is neither a standard field nor a column any rule uses%s%s%s",
                        hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
            c->failed = true;
        }
        for (size_t j = 0; j < i; j++) {
            char a[128], b[128];
            text_normalise_name(r->maps[i].field, a, sizeof a);
            text_normalise_name(r->maps[j].field, b, sizeof b);
            if (strcmp(a, b) == 0) {
                diags_error(d, r->path, r->maps[i].line, r->maps[i].field, "mapped twice in [columns] (first at line %d)",
                            r->maps[j].line);
                c->failed = true;
            }
        }
    }
}

folio_error rules_parse(arena *a, const char *path, const char *text, rules *out, diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    out->decimal_comma = -1;
    parse_ctx c = {.a = a, .r = out, .d = d, .text = text, .at_line_start = true};
    size_t bad;
    if (!text_utf8_valid(text, strlen(text), &bad)) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        diags_error(d, path, line, NULL, "invalid UTF-8 (byte 0x%02X); save the rules file as UTF-8",
                    (unsigned char)text[bad]);
        return FOLIO_EINPUT;
    }
    if (strncmp(c.text, "\xEF\xBB\xBF", 3) == 0)
        c.text += 3;
    int rc = ini_parse_stream(ctx_reader, &c, rules_on_key, &c);
    if (c.oom)
        return FOLIO_ENOMEM;
    if (rc > 0) {
        diags_error(d, path, rc, NULL, "not a valid INI line; expected [section] or key = value");
        c.failed = true;
    } else if (rc < 0) {
        return FOLIO_ENOMEM;
    }
    validate(&c);
    if (c.oom)
        return FOLIO_ENOMEM;
    return c.failed ? FOLIO_EINPUT : FOLIO_OK;
}

folio_error rules_read(arena *a, const char *path, rules *out, diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        diags_error(d, path, 0, NULL, "cannot open: %s", strerror(errno));
        return FOLIO_EIO;
    }
    folio_error e = FOLIO_OK;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        if (len + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    if (buf == NULL) {
        e = FOLIO_ENOMEM;
    } else if (ferror(f)) {
        diags_error(d, path, 0, NULL, "cannot read: %s", strerror(errno));
        e = FOLIO_EIO;
    } else if (memchr(buf, '\0', len) != NULL) {
        diags_error(d, path, 0, NULL, "contains a NUL byte; is it a text file?");
        e = FOLIO_EINPUT;
    } else {
        buf[len] = '\0';
        e = rules_parse(a, path, buf, out, d);
    }
    free(buf);
    fclose(f);
    return e;
}

const char *rules_mapped_header(const rules *r, const char *field)
{
    char a[128], b[128];
    text_normalise_name(field, a, sizeof a);
    for (size_t i = 0; i < r->n_maps; i++) {
        text_normalise_name(r->maps[i].field, b, sizeof b);
        if (strcmp(a, b) == 0)
            return r->maps[i].header;
    }
    return NULL;
}
