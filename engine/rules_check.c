/* rules_check.c - what needs the whole rules file: required keys, weights, the criteria groups and
 * pairwise comparisons (keys or a matrix file), the scenarios' keys, and references between
 * sections. */
#include "rules_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "table.h"
#include "text.h"
#include "xlsx.h"

static const char *const canonical_fields[] = {"id", "name", "category", "cost", "must", "exclude", "depends_on",
                                               "excludes", "start", "latest_start", "finish", "duration", "project_id",
                                               "benefit", "period", "amount", "low", "high", "resource"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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
        diags_key_error(c->d, r->path, c->matrix_line, "matrix",
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
    folio_error e = export_read(c->a, path, &topt, &t, c->d);
    if (e != FOLIO_OK) {
        c->failed = true;
        return;
    }
    const size_t n = r->n_criteria;
    size_t *col_of = arena_alloc_n(c->a, t.n_cols, sizeof *col_of); /* header column -> criterion */
    size_t *row_of = arena_alloc_n(c->a, t.n_rows, sizeof *row_of);
    if (col_of == NULL || row_of == NULL) {
        c->oom = true;
        return;
    }
    bool ok = t.n_cols == n + 1 && t.n_rows == n;
    if (!ok) {
        diags_key_error(c->d, path, 1, NULL, "the matrix is %zu x %zu; %zu criteria need %zu rows and %zu columns of judgments",
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
                diags_key_error(c->d, path, side == 0 ? 1 : t.rows[q].line, label, "no criterion of this name%s%s%s",
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
            double v = cell[0] == '\0' ? 0 : rules_parse_judgment(cell);
            int line = t.rows[q].line;
            if (isnan(v) || v < 0) {
                diags_key_error(c->d, path, line, t.header[p + 1], "\"%s\" is not a judgment; use 1 to 9, 1/3, or blank", cell);
                c->failed = true;
                continue;
            }
            if (i == j) {
                if (v != 0 && fabs(v - 1) > 1e-9) {
                    diags_key_error(c->d, path, line, t.header[p + 1], "a criterion compared with itself must be 1, not %s", cell);
                    c->failed = true;
                }
                continue;
            }
            if (v == 0)
                continue;
            if (!(v >= 1.0 / 9 - 0.0005 && v <= 9 + 1e-9)) {
                diags_key_error(c->d, path, line, t.header[p + 1], "judgment %s is outside Saaty's scale of 1/9 to 9", cell);
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
            double mirror = rules_parse_judgment(t.rows[qm].fields[pm + 1]);
            if (t.rows[qm].fields[pm + 1][0] != '\0' && mirror != 0 && fabs(v * mirror - 1) > 1e-3) {
                if (i < j) {
                    diags_key_error(c->d, path, line, t.header[p + 1],
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
                diags_key_error(c->d, r->path, cr->group_line, "group",
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
    const char **names = arena_alloc_n(c->a, n_nodes, sizeof *names);
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
                diags_key_error(c->d, r->path, j->line, nl->name, "no criterion %sof this name%s%s%s",
                            r->n_groups ? "or group " : "", hint ? "; did you mean '" : "", hint ? hint : "",
                            hint ? "'?" : "");
                c->failed = true;
            }
        }
        if (idx[0] == SIZE_MAX || idx[1] == SIZE_MAX)
            continue;
        if (idx[0] == idx[1]) {
            diags_key_error(c->d, r->path, j->line, names[idx[0]], "a criterion is compared with itself");
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
            diags_key_error(c->d, r->path, j->line, NULL,
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
                diags_key_error(c->d, r->path, j->line, NULL, "%s and %s are compared twice (first at line %d)",
                            names[j->a], names[j->b], o->line);
                c->failed = true;
            }
        }
    }
    if (c->matrix_path != NULL && r->n_groups > 0) {
        diags_key_error(c->d, r->path, c->matrix_line, "matrix",
                    "a matrix file holds one level of comparisons; with criteria groups give the comparisons as "
                    "keys (a vs b = 3)");
        c->failed = true;
    } else if (c->matrix_path != NULL) {
        read_matrix(c, names);
    }
    if (r->weighting != WEIGHTS_DIRECT && r->n_judgments == 0 && n_nodes > 1 && c->matrix_path == NULL) {
        diags_key_error(c->d, r->path, 0, NULL,
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
    const char **names = arena_alloc_n(c->a, n_names, sizeof *names);
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
            if (rules_key_is(head, "weight") && dot != NULL) {
                for (size_t i = 0; i < r->n_criteria && !ok; i++)
                    if (text_names_equal(r->criteria[i].name, tail)) {
                        o->kind = OVERRIDE_WEIGHT;
                        o->target = i;
                        ok = true;
                    }
                if (!ok) {
                    diags_key_error(c->d, r->path, o->line, o->key, "no [criterion %s] to weigh", tail);
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
                } else if (rules_key_is(tail, "per_period")) {
                    o->kind = OVERRIDE_PER_PERIOD;
                } else if (strncasecmp(tail, "period.", 7) == 0) {
                    o->kind = OVERRIDE_PERIOD;
                    long off = 0;
                    if (!r->has_horizon || !period_offset(&r->horizon, tail + 7, &off) || off < 0 ||
                        off >= (long)r->horizon.count) {
                        diags_key_error(c->d, r->path, o->line, o->key, "\"%s\" is not a period of the horizon", tail + 7);
                        c->failed = true;
                    }
                    o->period = off;
                } else {
                    diags_key_error(c->d, r->path, o->line, o->key,
                                "a capacity takes %s = LIMIT, %s.per_period = LIMIT or %s.period.PERIOD = LIMIT",
                                head, head, head);
                    c->failed = true;
                }
                if ((o->kind == OVERRIDE_PER_PERIOD || o->kind == OVERRIDE_PERIOD) && !r->has_horizon) {
                    diags_key_error(c->d, r->path, o->line, o->key,
                                "per-period limits need [portfolio] periods = FIRST..LAST");
                    c->failed = true;
                }
            }
            for (size_t i = 0; i < r->n_policies && !ok; i++) {
                if (!text_names_equal(r->policies[i].name, head))
                    continue;
                o->target = i;
                ok = true;
                if (rules_key_is(tail, "min"))
                    o->kind = OVERRIDE_POLICY_MIN;
                else if (rules_key_is(tail, "max"))
                    o->kind = OVERRIDE_POLICY_MAX;
                else if (rules_key_is(tail, "count_min"))
                    o->kind = OVERRIDE_POLICY_COUNT_MIN;
                else if (rules_key_is(tail, "count_max"))
                    o->kind = OVERRIDE_POLICY_COUNT_MAX;
                else {
                    diags_key_error(c->d, r->path, o->line, o->key,
                                "a policy takes %s.min, %s.max, %s.count_min or %s.count_max", head, head, head, head);
                    c->failed = true;
                }
                if ((o->kind == OVERRIDE_POLICY_COUNT_MIN || o->kind == OVERRIDE_POLICY_COUNT_MAX) &&
                    o->value != floor(o->value)) {
                    diags_key_error(c->d, r->path, o->line, o->key, "a count must be a whole number, not %g", o->value);
                    c->failed = true;
                }
            }
            if (!ok) {
                const char *hint = text_did_you_mean(head, names, n_names);
                diags_key_error(c->d, r->path, o->line, o->key,
                            "not a scenario key: write CAPACITY = LIMIT, POLICY.max = BOUND, weight.CRITERION = W, "
                            "force_in = IDS or force_out = IDS%s%s%s",
                            hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
                c->failed = true;
            }
        }
    }
}

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
    const char **names = arena_alloc_n(c->a, r->n_capacities, sizeof *names);
    for (size_t i = 0; names != NULL && i < r->n_capacities; i++)
        names[i] = r->capacities[i].name;
    const char *hint = names ? text_did_you_mean(name, names, r->n_capacities) : NULL;
    diags_key_error(c->d, r->path, line, key, "no [capacity %s]%s%s%s", name, hint ? "; did you mean '" : "",
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

/* A label the rules did not give: the name made readable ("strategic_fit" reads "Strategic fit"). */
static char *readable_label(parse_ctx *c, const char *name)
{
    size_t size = strlen(name) + 1;
    char *label = arena_alloc(c->a, size);
    if (label == NULL)
        c->oom = true;
    else
        text_readable_name(name, label, size);
    return label;
}

/* Fills every label the rules left out. */
static void default_labels(parse_ctx *c)
{
    rules *r = c->r;
    for (size_t k = 0; k < r->n_criteria; k++)
        if (r->criteria[k].label == NULL)
            r->criteria[k].label = readable_label(c, r->criteria[k].name);
    for (size_t k = 0; k < r->n_capacities; k++)
        if (r->capacities[k].label == NULL)
            r->capacities[k].label = readable_label(c, r->capacities[k].name);
    for (size_t k = 0; k < r->n_policies; k++)
        if (r->policies[k].label == NULL)
            r->policies[k].label = readable_label(c, r->policies[k].name);
}

void rules_check(parse_ctx *c)
{
    rules *r = c->r;
    diags *d = c->d;
    default_labels(c);
    if (r->n_criteria == 0) {
        diags_key_error(d, r->path, 0, NULL, "no [criterion NAME] section; folio needs at least one criterion to score by");
        c->failed = true;
    }
    double total = 0;
    bool weights_ok = true;
    bool pairwise = r->weighting != WEIGHTS_DIRECT;
    validate_judgments(c);
    for (size_t i = 0; i < r->n_criteria; i++) {
        rules_criterion *cr = &r->criteria[i];
        if (cr->source != NULL && strcmp(cr->source, "benefits.npv") == 0 && !r->has_horizon) {
            diags_key_error(d, r->path, cr->source_line, "source",
                        "benefits.npv discounts benefits by period; [portfolio] needs 'periods = FIRST..LAST'");
            c->failed = true;
        }
        if (cr->column == NULL && cr->source == NULL) {
            diags_key_error(d, r->path, cr->line, NULL,
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
            diags_key_error(d, r->path, cr->line, NULL, "[criterion %s] has no 'weight'", cr->name);
            c->failed = true;
            weights_ok = false;
        } else {
            total += cr->weight;
        }
        if (cr->normalise == NORMALISE_RANGE && !(cr->range_lo < cr->range_hi)) {
            diags_key_error(d, r->path, cr->line, NULL, "[criterion %s] has normalise = range but no 'range = LOW..HIGH'",
                        cr->name);
            c->failed = true;
        }
    }
    /* "weight = 20%" beside "weight = 2" reads as 0.2 against 2: refuse the mix rather than guess. */
    const rules_criterion *pct = NULL, *plain = NULL;
    for (size_t i = 0; i < r->n_criteria && !pairwise; i++) {
        const rules_criterion *cr = &r->criteria[i];
        if (isnan(cr->weight) || cr->weight_line == 0)
            continue;
        if (cr->weight_percent && pct == NULL)
            pct = cr;
        if (!cr->weight_percent && plain == NULL)
            plain = cr;
    }
    if (pct != NULL && plain != NULL) {
        diags_key_error(d, r->path, plain->weight_line, "weight",
                        "[criterion %s]'s weight is a plain number but [criterion %s]'s (line %d) is a percentage; "
                        "write every weight as a percentage or none (20%% beside 2 would read as 0.2 against 2)",
                        plain->name, pct->name, pct->weight_line);
        c->failed = true;
    }
    if (!pairwise && weights_ok && r->n_criteria > 0 && !(total > 0)) {
        diags_key_error(d, r->path, r->criteria[0].line, NULL,
                    "every criterion weight is zero; at least one must be positive");
        c->failed = true;
    }
    for (size_t i = 0; i < r->n_capacities; i++) {
        rules_capacity *cap = &r->capacities[i];
        if (cap->column == NULL) {
            diags_key_error(d, r->path, cap->line, NULL, "[capacity %s] needs 'column = HEADER', e.g. column = cost", cap->name);
            c->failed = true;
        }
        if (isnan(cap->limit) && isnan(cap->per_period) && cap->n_overrides == 0) {
            diags_key_error(d, r->path, cap->line, NULL,
                        "[capacity %s] needs a limit: 'limit = AMOUNT' (whole horizon), 'per_period = AMOUNT' or "
                        "'period.PERIOD = AMOUNT'",
                        cap->name);
            c->failed = true;
        }
        if ((!isnan(cap->per_period) || cap->n_overrides > 0) && !r->has_horizon) {
            diags_key_error(d, r->path, cap->line, NULL,
                        "[capacity %s] sets per-period limits, but [portfolio] has no 'periods = FIRST..LAST'",
                        cap->name);
            c->failed = true;
        }
        for (size_t k = 0; k < cap->n_overrides && r->has_horizon; k++) {
            long off;
            if (!period_offset(&r->horizon, cap->override_labels[k], &off) || off < 0 ||
                off >= (long)r->horizon.count) {
                diags_key_error(d, r->path, cap->overrides[k].line, NULL,
                            "period \"%s\" is not a period of the horizon", cap->override_labels[k]);
                c->failed = true;
                continue;
            }
            cap->overrides[k].offset = off;
            for (size_t j = 0; j < k; j++)
                if (cap->overrides[j].offset == off) {
                    diags_key_error(d, r->path, cap->overrides[k].line, NULL,
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
        diags_key_error(d, r->path, r->surface_line, "surface",
                    "the surface's second capacity must differ from the frontier's (%s)",
                    r->capacities[r->surface_capacity].name);
        c->failed = true;
    }
    for (size_t i = 0; i < r->n_policies; i++) {
        rules_policy *p = &r->policies[i];
        if (p->category == NULL) {
            diags_key_error(d, r->path, p->line, NULL, "[policy %s] needs 'category = NAME'", p->name);
            c->failed = true;
        }
        if (!p->has_min && !p->has_max && !p->has_count_min && !p->has_count_max) {
            diags_key_error(d, r->path, p->line, NULL, "[policy %s] sets no bound; give min, max, count_min or count_max",
                        p->name);
            c->failed = true;
        }
        if ((p->has_min && p->has_max && p->min > p->max) ||
            (p->has_count_min && p->has_count_max && p->count_min > p->count_max)) {
            diags_key_error(d, r->path, p->line, NULL, "[policy %s] has a minimum above its maximum", p->name);
            c->failed = true;
        }
        if (p->column == NULL && (p->has_min || p->has_max) && (p->column = arena_strdup(c->a, "cost")) == NULL)
            c->oom = true;
    }
    for (size_t i = 0; i < r->n_maps; i++) {
        if (!column_is_referenced(r, r->maps[i].field)) {
            const char *hint = text_did_you_mean(r->maps[i].field, canonical_fields, COUNT(canonical_fields));
            diags_key_error(d, r->path, r->maps[i].line, r->maps[i].field,
                        "[columns] maps a field that is neither a standard field nor a column any rule uses%s%s%s",
                        hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
            c->failed = true;
        }
        for (size_t j = 0; j < i; j++) {
            char a[128], b[128];
            text_normalise_name(r->maps[i].field, a, sizeof a);
            text_normalise_name(r->maps[j].field, b, sizeof b);
            if (strcmp(a, b) == 0) {
                diags_key_error(d, r->path, r->maps[i].line, r->maps[i].field, "mapped twice in [columns] (first at line %d)",
                            r->maps[j].line);
                c->failed = true;
            }
        }
    }
}

