/* jsonw.h - a small JSON writer: nesting, commas, layout and escaping handled once, so that the
 * summary reads as the data it holds. Output is UTF-8 as given; numbers read back as the same
 * double. */
#ifndef FOLIO_JSONW_H
#define FOLIO_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { JSONW_MAX_DEPTH = 16 };

/* How a container lays out its elements: one per line (block), or on the line it opens on (inline:
 * "[1, 2, 3]"), where jsonw_break() starts a new line. */
typedef enum jsonw_layout { JSONW_INLINE, JSONW_BLOCK } jsonw_layout;

typedef struct jsonw_frame {
    bool object; /* an object (members with keys), else an array */
    bool block;  /* elements one per line, indented two spaces past the container's line */
    bool any;    /* an element has been written */
    int line;    /* indent of the line the container opened on; a block closes there */
    int cur;     /* inline: indent of the current line (after a break, line + 2) */
} jsonw_frame;

/* A writer; initialise with jsonw_init(). */
typedef struct jsonw {
    FILE *f;
    jsonw_frame stack[JSONW_MAX_DEPTH];
    int depth;
    bool after_key; /* a key was written: its value follows */
    bool brk;       /* the next element of an inline container starts on a new line */
    bool misuse;    /* nesting too deep, unbalanced, or a key outside an object */
} jsonw;

void jsonw_init(jsonw *w, FILE *f);

/* Opens an object or an array (as a value: after a key, in an array, or as the document). */
void jsonw_object(jsonw *w, jsonw_layout layout);
void jsonw_array(jsonw *w, jsonw_layout layout);
/* Closes the innermost object or array. */
void jsonw_end(jsonw *w);

/* The key of the next member of the current object. */
void jsonw_key(jsonw *w, const char *key);

/* Values. A NULL string and a number that is not finite are written as null (JSON has no NaN). */
void jsonw_string(jsonw *w, const char *s);
void jsonw_number(jsonw *w, double v);
void jsonw_uint(jsonw *w, unsigned long long v);
void jsonw_int(jsonw *w, long long v);
void jsonw_bool(jsonw *w, bool v);
void jsonw_null(jsonw *w);

/* The next element of the current inline container starts on a new line, indented two spaces. */
void jsonw_break(jsonw *w);

/* Ends the document with a newline; false when the nesting was misused or the stream has an error. */
bool jsonw_finish(jsonw *w);

#endif
