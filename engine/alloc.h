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

#endif
