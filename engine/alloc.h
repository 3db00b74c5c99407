/* alloc.h - arrays on the heap: n elements of a size, overflow checked, never malloc(0). */
#ifndef FOLIO_ALLOC_H
#define FOLIO_ALLOC_H

#include <stdint.h>
#include <stdlib.h>

/* Returns uninitialised room for n elements of size bytes (at least one byte, so that NULL always
 * means out of memory, also for n == 0), or NULL when out of memory or when n * size overflows.
 * Free with free(). */
static inline void *alloc_n(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return malloc(n * size > 0 ? n * size : 1);
}

/* As alloc_n(), zeroed. */
static inline void *alloc_zeroed_n(size_t n, size_t size)
{
    return calloc(n > 0 ? n : 1, size > 0 ? size : 1);
}

/* Makes room for one more element in a heap array of count elements: returns items when
 * *capacity > count, else items grown to twice the capacity (at least 16), updating *capacity;
 * NULL (items untouched, still to be freed) when out of memory. */
static inline void *alloc_grow(void *items, size_t count, size_t *capacity, size_t size)
{
    if (count < *capacity)
        return items;
    size_t cap = *capacity ? 2 * *capacity : 16;
    if (cap < *capacity || (size != 0 && cap > SIZE_MAX / size))
        return NULL;
    void *grown = realloc(items, cap * size > 0 ? cap * size : 1);
    if (grown != NULL)
        *capacity = cap;
    return grown;
}

#endif
