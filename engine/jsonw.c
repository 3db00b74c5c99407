/* jsonw.c - the JSON writer: separators and indentation from a stack of open containers. */
#include "jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void jsonw_init(jsonw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
}

static void newline(jsonw *w, int spaces)
{
    fputc('\n', w->f);
    for (int k = 0; k < spaces; k++)
        fputc(' ', w->f);
}

/* What goes before a value or a key: nothing after a key, else the separator its container needs. */
static void element_begin(jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    jsonw_frame *top = &w->stack[w->depth - 1];
    if (top->object)
        w->misuse = true; /* an object's member needs its key first */
    if (top->any)
        fputc(',', w->f);
    if (top->block) {
        newline(w, top->line + 2);
    } else if (w->brk) {
        top->cur = top->line + 2;
        newline(w, top->cur);
    } else if (top->any) {
        fputc(' ', w->f);
    }
    w->brk = false;
    top->any = true;
}

static void open_container(jsonw *w, bool object, jsonw_layout layout)
{
    element_begin(w);
    if (w->depth == JSONW_MAX_DEPTH) {
        w->misuse = true;
        return;
    }
    int line = 0;
    if (w->depth > 0) {
        const jsonw_frame *parent = &w->stack[w->depth - 1];
        line = parent->block ? parent->line + 2 : parent->cur;
    }
    w->stack[w->depth++] = (jsonw_frame){object, layout == JSONW_BLOCK, false, line, line};
    fputc(object ? '{' : '[', w->f);
}

void jsonw_object(jsonw *w, jsonw_layout layout)
{
    open_container(w, true, layout);
}

void jsonw_array(jsonw *w, jsonw_layout layout)
{
    open_container(w, false, layout);
}

void jsonw_end(jsonw *w)
{
    if (w->depth == 0 || w->after_key) {
        w->misuse = true;
        return;
    }
    const jsonw_frame *top = &w->stack[--w->depth];
    if (top->block && top->any)
        newline(w, top->line);
    fputc(top->object ? '}' : ']', w->f);
    w->brk = false;
}

static void write_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void jsonw_key(jsonw *w, const char *key)
{
    if (w->depth == 0 || !w->stack[w->depth - 1].object || w->after_key) {
        w->misuse = true;
        return;
    }
    /* The key takes the member's place: as element_begin() for a value, without the object check. */
    jsonw_frame *top = &w->stack[w->depth - 1];
    top->object = false;
    element_begin(w);
    top->object = true;
    write_string(w->f, key);
    fputs(": ", w->f);
    w->after_key = true;
}

void jsonw_string(jsonw *w, const char *s)
{
    element_begin(w);
    if (s == NULL)
        fputs("null", w->f);
    else
        write_string(w->f, s);
}

/* The shortest of %.15g and %.17g that reads back as the same double. */
void jsonw_number(jsonw *w, double v)
{
    element_begin(w);
    if (!isfinite(v)) {
        fputs("null", w->f);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, w->f);
}

void jsonw_uint(jsonw *w, unsigned long long v)
{
    element_begin(w);
    fprintf(w->f, "%llu", v);
}

void jsonw_int(jsonw *w, long long v)
{
    element_begin(w);
    fprintf(w->f, "%lld", v);
}

void jsonw_bool(jsonw *w, bool v)
{
    element_begin(w);
    fputs(v ? "true" : "false", w->f);
}

void jsonw_null(jsonw *w)
{
    element_begin(w);
    fputs("null", w->f);
}

void jsonw_break(jsonw *w)
{
    w->brk = true;
}

bool jsonw_finish(jsonw *w)
{
    fputc('\n', w->f);
    return !w->misuse && w->depth == 0 && !ferror(w->f);
}
