/* diff.c - two runs compared through their JSON summaries: decisions, then inputs. */
#include "diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static const char *const kind_names[DIFF_KINDS] = {"started", "stopped", "moved",  "left_out", "added",
                                                   "removed", "changed", "weight", "limit",   "policy",
                                                   "file"};

const char *diff_kind_name(diff_kind k)
{
    return (unsigned)k < DIFF_KINDS ? kind_names[k] : "?";
}

void diff_free(summary_diff *d)
{
    for (size_t k = 0; k < d->n; k++) {
        free(d->items[k].what);
        free(d->items[k].field);
        json_decref(d->items[k].old);
        json_decref(d->items[k].now);
    }
    free(d->items);
    json_decref(d->old_objective);
    json_decref(d->new_objective);
    memset(d, 0, sizeof *d);
}

/* Appends a difference (old and now borrowed: NULL stands for null); false when out of memory. */
static bool add(summary_diff *d, diff_kind kind, const char *what, const char *field, json_t *old, json_t *now)
{
    diff_entry *v = alloc_grow(d->items, d->n, &d->cap, sizeof *v);
    if (v == NULL)
        return false;
    d->items = v;
    diff_entry *e = &d->items[d->n];
    *e = (diff_entry){kind, strdup(what), field ? strdup(field) : NULL, old ? json_incref(old) : json_null(),
                      now ? json_incref(now) : json_null()};
    if (e->what == NULL || (field != NULL && e->field == NULL)) {
        free(e->what);
        free(e->field);
        json_decref(e->old);
        json_decref(e->now);
        return false;
    }
    d->n++;
    d->count[kind]++;
    return true;
}

/* Whether two JSON values are the same input: numbers within 1e-12 relative (a summary's numbers
 * read back exactly, but a recomputed total may differ in its last bit), anything else equal. */
static bool same(json_t *a, json_t *b)
{
    if (a == NULL || b == NULL)
        return a == b || (a != NULL ? json_is_null(a) : json_is_null(b));
    if (json_is_number(a) && json_is_number(b)) {
        double x = json_number_value(a), y = json_number_value(b);
        return fabs(x - y) <= 1e-12 * fmax(1.0, fmax(fabs(x), fabs(y)));
    }
    return json_equal(a, b);
}

/* id -> object of a summary's array key ("projects", or a re-plan's "left_out": its completed and
 * cancelled rows), as a new object holding references; NULL when out of memory. */
static json_t *by_id(json_t *summary, const char *key)
{
    json_t *map = json_object(), *p;
    size_t k;
    if (map == NULL)
        return NULL;
    json_array_foreach(json_object_get(summary, key), k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id != NULL && json_object_set(map, id, p) != 0) {
            json_decref(map);
            return NULL;
        }
    }
    return map;
}

static bool selected(json_t *p)
{
    return p != NULL && json_is_true(json_object_get(p, "selected"));
}

/* Decisions: every project of now in its order, then those only old had (completed or cancelled
 * now, or gone from the export). */
static bool decisions(summary_diff *d, json_t *old, json_t *now, json_t *old_map, json_t *new_map, json_t *done)
{
    json_t *p;
    size_t k;
    json_array_foreach(json_object_get(now, "projects"), k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id == NULL)
            continue;
        json_t *o = json_object_get(old_map, id);
        json_t *s_new = json_object_get(p, "start"), *s_old = o ? json_object_get(o, "start") : NULL;
        bool ok = true;
        if (selected(p) && !selected(o))
            ok = add(d, DIFF_STARTED, id, NULL, NULL, s_new);
        else if (!selected(p) && selected(o))
            ok = add(d, DIFF_STOPPED, id, NULL, s_old, NULL);
        else if (selected(p) && json_is_string(s_new) && json_is_string(s_old) && !json_equal(s_new, s_old))
            ok = add(d, DIFF_MOVED, id, NULL, s_old, s_new);
        if (!ok)
            return false;
    }
    json_array_foreach(json_object_get(old, "projects"), k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id == NULL || json_object_get(new_map, id) != NULL || !selected(p))
            continue;
        json_t *left = json_object_get(done, id);
        if (!(left != NULL ? add(d, DIFF_LEFT_OUT, id, NULL, json_object_get(p, "start"), json_object_get(left, "status"))
                           : add(d, DIFF_STOPPED, id, "no longer in the export", json_object_get(p, "start"), NULL)))
            return false;
    }
    return true;
}

/* The fields of one project in both runs: its name, status and spending, then every input (one
 * level into criteria and use), in now's order, then fields only old has. */
static bool project_fields(summary_diff *d, const char *id, json_t *o, json_t *p, bool *changed)
{
    /* A run that was not a re-plan wrote no status or spending: a proposal, nothing spent. */
    static const char *const plain[] = {"name", "status", "spent"};
    json_t *defaults[] = {json_null(), json_string("proposed"), json_integer(0)};
    char field[256];
    size_t before = d->n;
    bool ok = true;
    for (size_t k = 0; ok && k < sizeof plain / sizeof *plain; k++) {
        json_t *a = json_object_get(o, plain[k]), *b = json_object_get(p, plain[k]);
        a = a != NULL ? a : defaults[k];
        b = b != NULL ? b : defaults[k];
        ok = same(a, b) || add(d, DIFF_CHANGED, id, plain[k], a, b);
    }
    for (size_t k = 0; k < sizeof defaults / sizeof *defaults; k++)
        json_decref(defaults[k]);
    if (!ok)
        return false;
    json_t *in_old = json_object_get(o, "inputs"), *in_new = json_object_get(p, "inputs");
    const char *key;
    json_t *b;
    json_object_foreach(in_new, key, b) {
        json_t *a = json_object_get(in_old, key);
        if (json_is_object(b) && (a == NULL || json_is_object(a))) {
            const char *sub;
            json_t *bb;
            json_object_foreach(b, sub, bb) {
                json_t *aa = a ? json_object_get(a, sub) : NULL;
                snprintf(field, sizeof field, "%s.%s", key, sub);
                if (!same(aa, bb) && !add(d, DIFF_CHANGED, id, field, aa, bb))
                    return false;
            }
            json_object_foreach(a, sub, bb) {
                snprintf(field, sizeof field, "%s.%s", key, sub);
                if (json_object_get(b, sub) == NULL && !add(d, DIFF_CHANGED, id, field, bb, NULL))
                    return false;
            }
        } else if (!same(a, b) && !add(d, DIFF_CHANGED, id, key, a, b)) {
            return false;
        }
    }
    json_object_foreach(in_old, key, b)
        if (json_object_get(in_new, key) == NULL && !add(d, DIFF_CHANGED, id, key, b, NULL))
            return false;
    *changed = d->n > before;
    return true;
}

static bool projects(summary_diff *d, json_t *old, json_t *now, json_t *old_map, json_t *new_map, json_t *done)
{
    json_t *p;
    size_t k;
    json_array_foreach(json_object_get(now, "projects"), k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id != NULL && json_object_get(old_map, id) == NULL && !add(d, DIFF_ADDED, id, NULL, NULL, NULL))
            return false;
    }
    json_array_foreach(json_object_get(old, "projects"), k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id != NULL && json_object_get(new_map, id) == NULL && json_object_get(done, id) == NULL &&
            !add(d, DIFF_REMOVED, id, NULL, NULL, NULL))
            return false;
    }
    json_array_foreach(json_object_get(now, "projects"), k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        json_t *o = id ? json_object_get(old_map, id) : NULL;
        bool changed = false;
        if (o != NULL && !project_fields(d, id, o, p, &changed))
            return false;
        d->projects_changed += changed;
    }
    return true;
}

/* A JSON string's text, "?" for anything else. */
static const char *text_of(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : "?";
}

/* A summary's limits as "capacity (period)" -> limit (whole horizon or the one period, then each
 * period of a horizon) and its policy bounds as "policy (bound)" -> limit; NULL when out of memory. */
static json_t *bounds(json_t *summary, bool policies)
{
    json_t *map = json_object(), *c, *q;
    size_t k, j;
    char key[256];
    if (map == NULL)
        return NULL;
    json_array_foreach(json_object_get(summary, policies ? "policies" : "capacities"), k, c) {
        snprintf(key, sizeof key, "%s (%s)", text_of(json_object_get(c, "name")),
                 text_of(json_object_get(c, policies ? "bound" : "period")));
        json_object_set(map, key, json_object_get(c, "limit"));
        json_array_foreach(json_object_get(c, "periods"), j, q) {
            snprintf(key, sizeof key, "%s (%s)", text_of(json_object_get(c, "name")),
                     text_of(json_object_get(q, "period")));
            json_object_set(map, key, json_object_get(q, "limit"));
        }
    }
    return map;
}

/* Entries of kind for every key of two maps (name -> value) whose values differ, now's keys first. */
static bool compare_maps(summary_diff *d, diff_kind kind, json_t *a, json_t *b)
{
    const char *key;
    json_t *v;
    json_object_foreach(b, key, v) {
        json_t *o = json_object_get(a, key);
        if (!same(o, v) && !add(d, kind, key, NULL, o, v))
            return false;
    }
    json_object_foreach(a, key, v)
        if (json_object_get(b, key) == NULL && !add(d, kind, key, NULL, v, NULL))
            return false;
    return true;
}

/* A summary's input files as role -> SHA-256; NULL when out of memory. */
static json_t *files(json_t *summary)
{
    json_t *map = json_object(), *v;
    const char *role;
    if (map == NULL)
        return NULL;
    json_object_foreach(json_object_get(summary, "inputs"), role, v)
        json_object_set(map, role, json_object_get(v, "sha256"));
    return map;
}

/* Whether every project of a summary carries its inputs (summaries from before folio wrote them do not). */
static bool has_inputs(json_t *summary)
{
    json_t *p;
    size_t k;
    json_array_foreach(json_object_get(summary, "projects"), k, p)
        if (!json_is_object(json_object_get(p, "inputs")))
            return false;
    return true;
}

folio_error diff_summaries(json_t *old, json_t *now, summary_diff *out)
{
    memset(out, 0, sizeof *out);
    json_t *old_map = by_id(old, "projects"), *new_map = by_id(now, "projects"), *done = by_id(now, "left_out");
    json_t *lim_old = bounds(old, false), *lim_new = bounds(now, false);
    json_t *pol_old = bounds(old, true), *pol_new = bounds(now, true), *f_old = files(old), *f_new = files(now);
    out->inputs_known = has_inputs(old) && has_inputs(now);
    out->old_objective = json_incref(json_object_get(old, "objective"));
    out->new_objective = json_incref(json_object_get(now, "objective"));
    bool ok = old_map && new_map && done && lim_old && lim_new && pol_old && pol_new && f_old && f_new &&
              decisions(out, old, now, old_map, new_map, done) && projects(out, old, now, old_map, new_map, done) &&
              compare_maps(out, DIFF_WEIGHT, json_object_get(old, "weights"), json_object_get(now, "weights")) &&
              compare_maps(out, DIFF_LIMIT, lim_old, lim_new) && compare_maps(out, DIFF_POLICY, pol_old, pol_new) &&
              compare_maps(out, DIFF_FILE, f_old, f_new);
    json_decref(old_map);
    json_decref(new_map);
    json_decref(done);
    json_decref(lim_old);
    json_decref(lim_new);
    json_decref(pol_old);
    json_decref(pol_new);
    json_decref(f_old);
    json_decref(f_new);
    if (!ok) {
        diff_free(out);
        return FOLIO_ENOMEM;
    }
    return FOLIO_OK;
}

/* A number to ten significant digits, its whole part grouped in thousands from 10,000 on
 * (25,000,000): limits and costs are read at a glance. */
static void show_number(double x, char *out, size_t size)
{
    char plain[64];
    snprintf(plain, sizeof plain, "%.10g", x);
    const char *digits = plain + (plain[0] == '-');
    size_t whole = strspn(digits, "0123456789");
    if (whole < 5 || strchr(plain, 'e') != NULL) {
        snprintf(out, size, "%s", plain);
        return;
    }
    char grouped[96];
    size_t n = 0;
    if (plain[0] == '-')
        grouped[n++] = '-';
    for (size_t k = 0; k < whole; k++) {
        if (k > 0 && (whole - k) % 3 == 0)
            grouped[n++] = ',';
        grouped[n++] = digits[k];
    }
    snprintf(grouped + n, sizeof grouped - n, "%s", digits + whole);
    snprintf(out, size, "%s", grouped);
}

/* As diff_show(); numbers in a list stay ungrouped, since ", " separates the items. */
static void show_value(json_t *v, char *out, size_t size, bool group)
{
    if (v == NULL || json_is_null(v)) {
        snprintf(out, size, "none");
    } else if (json_is_number(v) && !group) {
        snprintf(out, size, "%.10g", json_number_value(v));
    } else if (json_is_number(v)) {
        show_number(json_number_value(v), out, size);
    } else if (json_is_string(v)) {
        snprintf(out, size, "%s", json_string_value(v));
    } else if (json_is_boolean(v)) {
        snprintf(out, size, "%s", json_is_true(v) ? "yes" : "no");
    } else if (json_is_array(v)) {
        size_t k, len = 0;
        json_t *e;
        out[len++] = '[';
        out[len] = '\0';
        json_array_foreach(v, k, e) {
            char item[128];
            show_value(e, item, sizeof item, false);
            snprintf(out + len, size - len, "%s%s", k ? ", " : "", item);
            len = strlen(out);
        }
        snprintf(out + len, size - len, "]");
    } else {
        snprintf(out, size, "(object)");
    }
}

void diff_show(json_t *v, char *out, size_t size)
{
    show_value(v, out, size, true);
}

void diff_input_counts(const summary_diff *d, char *out, size_t size)
{
    const size_t *c = d->count;
    snprintf(out, size,
             "%zu project%s added, %zu removed, %zu changed (%zu field%s); %zu weight%s, %zu limit%s, %zu policy "
             "bound%s, %zu file%s changed",
             c[DIFF_ADDED], c[DIFF_ADDED] == 1 ? "" : "s", c[DIFF_REMOVED], d->projects_changed, c[DIFF_CHANGED],
             c[DIFF_CHANGED] == 1 ? "" : "s", c[DIFF_WEIGHT], c[DIFF_WEIGHT] == 1 ? "" : "s", c[DIFF_LIMIT],
             c[DIFF_LIMIT] == 1 ? "" : "s", c[DIFF_POLICY], c[DIFF_POLICY] == 1 ? "" : "s", c[DIFF_FILE],
             c[DIFF_FILE] == 1 ? "" : "s");
}

bool diff_print(FILE *f, const summary_diff *d)
{
    const size_t *c = d->count;
    fprintf(f, "decisions: %zu started, %zu stopped, %zu moved, %zu completed or cancelled\n", c[DIFF_STARTED],
            c[DIFF_STOPPED], c[DIFF_MOVED], c[DIFF_LEFT_OUT]);
    for (size_t k = 0; k < d->n; k++) {
        const diff_entry *e = &d->items[k];
        if (e->kind >= DIFF_ADDED) /* the inputs follow their own count line, below */
            break;
        char a[512], b[512];
        diff_show(e->old, a, sizeof a);
        diff_show(e->now, b, sizeof b);
        if (e->kind == DIFF_STARTED)
            fprintf(f, "  started  %s%s%s%s\n", e->what, json_is_string(e->now) ? " (" : "", json_is_string(e->now) ? b : "",
                    json_is_string(e->now) ? ")" : "");
        else if (e->kind == DIFF_STOPPED)
            fprintf(f, "  stopped  %s%s%s\n", e->what, e->field ? ": " : "", e->field ? e->field : "");
        else if (e->kind == DIFF_LEFT_OUT)
            fprintf(f, "  left out %s: %s\n", e->what, b);
        else
            fprintf(f, "  moved    %s: %s -> %s\n", e->what, a, b);
    }
    char counts[320];
    diff_input_counts(d, counts, sizeof counts);
    fprintf(f, "inputs: %s%s\n", counts,
            d->inputs_known ? "" : " (a summary without project inputs: only names, statuses and spending compared)");
    for (size_t k = 0; k < d->n; k++) {
        const diff_entry *e = &d->items[k];
        if (e->kind < DIFF_ADDED)
            continue;
        char a[512], b[512];
        diff_show(e->old, a, sizeof a);
        diff_show(e->now, b, sizeof b);
        if (e->kind == DIFF_ADDED || e->kind == DIFF_REMOVED)
            fprintf(f, "  %-8s %s\n", diff_kind_name(e->kind), e->what);
        else if (e->kind == DIFF_CHANGED)
            fprintf(f, "  changed  %s: %s %s -> %s\n", e->what, e->field, a, b);
        else if (e->kind == DIFF_FILE) /* a digest's first 12 hex digits tell files apart */
            fprintf(f, "  file     %s: %.12s -> %.12s\n", e->what, a, b);
        else
            fprintf(f, "  %-8s %s: %s -> %s\n", diff_kind_name(e->kind), e->what, a, b);
    }
    char a[64], b[64];
    diff_show(d->old_objective, a, sizeof a);
    diff_show(d->new_objective, b, sizeof b);
    fprintf(f, "objective: %s -> %s\n", a, b);
    return !ferror(f);
}

bool diff_write_json(FILE *f, const summary_diff *d, const char *old_path, const char *new_path)
{
    json_t *root = json_object(), *counts = json_object(), *list = json_array();
    bool ok = root && counts && list;
    ok = ok && json_object_set_new(root, "old", json_string(old_path)) == 0 &&
         json_object_set_new(root, "new", json_string(new_path)) == 0 &&
         json_object_set_new(root, "objective",
                             json_pack("{sOsO}", "old", d->old_objective ? d->old_objective : json_null(), "new",
                                       d->new_objective ? d->new_objective : json_null())) == 0 &&
         json_object_set_new(root, "inputs_known", json_boolean(d->inputs_known)) == 0;
    for (int k = 0; ok && k < DIFF_KINDS; k++)
        ok = json_object_set_new(counts, kind_names[k], json_integer((json_int_t)d->count[k])) == 0;
    ok = ok && json_object_set_new(counts, "projects_changed", json_integer((json_int_t)d->projects_changed)) == 0;
    for (size_t k = 0; ok && k < d->n; k++) {
        const diff_entry *e = &d->items[k];
        json_t *o = json_pack("{sssssOsO}", "kind", kind_names[e->kind], "what", e->what, "old", e->old, "new", e->now);
        ok = o != NULL && (e->field == NULL || json_object_set_new(o, "field", json_string(e->field)) == 0) &&
             json_array_append_new(list, o) == 0;
    }
    ok = ok && json_object_set(root, "counts", counts) == 0 && json_object_set(root, "differences", list) == 0 &&
         json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) == 0 && fputc('\n', f) != EOF;
    json_decref(counts);
    json_decref(list);
    json_decref(root);
    return ok && !ferror(f);
}
