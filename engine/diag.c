/* diag.c - collecting and formatting diagnostics, and folio's error strings. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const error_strings[FOLIO_ERROR_COUNT] = {
    [FOLIO_OK] = "success",
    [FOLIO_EINPUT] = "invalid input",
    [FOLIO_EIO] = "input/output error",
    [FOLIO_ENOMEM] = "out of memory",
    [FOLIO_ESOLVER] = "the solver failed",
    [FOLIO_EINTERNAL] = "internal error",
};

const char *folio_strerror(folio_error err)
{
    if ((unsigned)err >= FOLIO_ERROR_COUNT)
        return "unknown error";
    return error_strings[err];
}

void diags_init(diags *d)
{
    memset(d, 0, sizeof *d);
    d->max_errors = 200;
}

void diags_clear(diags *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].column);
        free(d->items[i].message);
    }
    free(d->items);
    size_t max = d->max_errors;
    memset(d, 0, sizeof *d);
    d->max_errors = max;
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

static void diags_add_v(diags *d, diag_severity sev, const char *file, int line, const char *column, bool key,
                        const char *fmt, va_list ap)
{
    if (sev == DIAG_ERROR) {
        if (d->n_errors++ >= d->max_errors)
            return;
    } else if (d->n_warnings++ >= d->max_errors) {
        return;
    }
    if (d->count == d->capacity) {
        size_t cap = d->capacity ? d->capacity * 2 : 16;
        diag *items = realloc(d->items, cap * sizeof *items);
        if (items == NULL) {
            d->oom = true;
            return;
        }
        d->items = items;
        d->capacity = cap;
    }
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    diag g = {sev, dup_or_null(file), line, dup_or_null(column), key, msg};
    if (msg == NULL || (file && !g.file) || (column && !g.column)) {
        free(g.file);
        free(g.column);
        free(msg);
        d->oom = true;
        return;
    }
    d->items[d->count++] = g;
}

void diags_add(diags *d, diag_severity sev, const char *file, int line, const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diags_add_v(d, sev, file, line, column, false, fmt, ap);
    va_end(ap);
}

void diags_add_key(diags *d, diag_severity sev, const char *file, int line, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diags_add_v(d, sev, file, line, key, true, fmt, ap);
    va_end(ap);
}

int diag_format(const diag *g, char *buf, size_t size)
{
    char where[64] = "";
    if (g->line > 0)
        snprintf(where, sizeof where, ":%d", g->line);
    char col[512] = "";
    if (g->column != NULL)
        snprintf(col, sizeof col, "%s '%s': ", g->key ? "key" : "column", g->column);
    return snprintf(buf, size, "%s%s%s%s%s", g->file ? g->file : "", where, g->file ? ": " : "",
                    col, g->message);
}

static int diag_compare(const void *pa, const void *pb)
{
    const diag *a = pa, *b = pb;
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c != 0)
        return c;
    return (a->line > b->line) - (a->line < b->line);
}

void diags_sort(diags *d)
{
    /* qsort is not stable; an insertion sort is, and the lists are short (capped). */
    for (size_t i = 1; i < d->count; i++) {
        diag g = d->items[i];
        size_t j = i;
        while (j > 0 && diag_compare(&d->items[j - 1], &g) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = g;
    }
}
