/* keyed.h - items ordered by a number, ties broken by their index: one total order, so that qsort
 * gives the same result on every run and every platform. */
#ifndef FOLIO_KEYED_H
#define FOLIO_KEYED_H

#include <stddef.h>

typedef struct keyed {
    double key;   /* what the items are ordered by (never NaN) */
    size_t index; /* the item (a project, a column); the lower index first among equal keys */
} keyed;

/* Sorts v[n] by key, largest first; equal keys by index, lowest first. */
void keyed_sort_desc(keyed *v, size_t n);

/* Sorts v[n] by key, smallest first; equal keys by index, lowest first. */
void keyed_sort_asc(keyed *v, size_t n);

#endif
