/* baseline.c - reads the plan of record: an earlier run's JSON summary through jansson, or a list of
 * approved projects as an export. */
#include "baseline.h"

#include <jansson.h>
#include <string.h>

#include "summary_read.h"
#include "text.h"
#include "xlsx.h"

/* Adds one selected project; false when out of memory. */
static bool push(arena *a, baseline *b, size_t *cap, const char *id, const char *start, int line)
{
    baseline_entry *v = arena_grow(a, b->items, b->n, cap, sizeof *v);
    if (v == NULL)
        return false;
    b->items = v;
    char *i = arena_strdup(a, id), *s = arena_strdup(a, start);
    if (i == NULL || s == NULL)
        return false;
    b->items[b->n++] = (baseline_entry){i, s, line};
    return true;
}

static folio_error read_summary(arena *a, const char *path, baseline *out, diags *d)
{
    json_t *root;
    folio_error err = summary_load(path, "the baseline",
                                   "an earlier run's --summary file, or a CSV with an id column listing the approved projects",
                                   &root, d);
    if (err != FOLIO_OK)
        return err;
    size_t cap = 0;
    json_t *projects = json_object_get(root, "projects");
    size_t k;
    json_t *p;
    json_array_foreach(projects, k, p) {
        json_t *id = json_object_get(p, "id"), *sel = json_object_get(p, "selected"), *st = json_object_get(p, "start");
        const char *bad = !json_is_object(p)                    ? "is not an object"
                          : !json_is_string(id)                 ? ".id is not a string"
                          : !json_is_boolean(sel)               ? ".selected is not true or false"
                          : st != NULL && !json_is_string(st) && !json_is_null(st) ? ".start is not a string"
                                                                : NULL;
        if (bad != NULL) {
            diags_error(d, path, 0, NULL, "projects[%zu]%s; this is not a folio summary as folio writes it", k, bad);
            err = FOLIO_EINPUT;
            continue;
        }
        const char *start = json_is_string(st) ? json_string_value(st) : "";
        if (json_is_true(sel) && !push(a, out, &cap, json_string_value(id), start, 0)) {
            err = FOLIO_ENOMEM;
            goto out;
        }
    }
out:
    json_decref(root);
    return err;
}

/* The column named name, else the one the rules map to it ([columns] id = Project ID), or -1. */
static int list_column(const table *t, const char *name, const char *mapped)
{
    int c = table_find_column(t, name);
    return c >= 0 || mapped == NULL ? c : table_find_column(t, mapped);
}

static folio_error read_list(arena *a, const char *path, const table_options *topt, const char *const mapped[2],
                             baseline *out, diags *d)
{
    table t;
    folio_error err = export_read(a, path, topt, &t, d);
    if (err != FOLIO_OK)
        return err;
    int c_id = list_column(&t, "id", mapped[0]), c_start = list_column(&t, "start", mapped[1]);
    if (c_id < 0) {
        diags_error(d, t.path, 1, mapped[0] ? mapped[0] : "id",
                    "missing: a baseline list needs an id column (and, with a horizon, start)");
        return FOLIO_EINPUT;
    }
    size_t cap = 0;
    for (size_t r = 0; r < t.n_rows; r++) {
        const char *id = t.rows[r].fields[c_id];
        if (id[0] == '\0')
            continue;
        if (!push(a, out, &cap, id, c_start >= 0 ? t.rows[r].fields[c_start] : "", t.rows[r].line))
            return FOLIO_ENOMEM;
    }
    return FOLIO_OK;
}

folio_error baseline_read(arena *a, const char *path, const table_options *topt, const char *const mapped[2],
                          baseline *out, diags *d)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    out->summary = text_ends_with(path, ".json");
    return out->summary ? read_summary(a, path, out, d) : read_list(a, path, topt, mapped, out, d);
}
