/* keyed.c - sorting (key, index) pairs in a total order. */
#include "keyed.h"

#include <stdlib.h>

static int by_index(const keyed *a, const keyed *b)
{
    return (a->index > b->index) - (a->index < b->index);
}

static int desc(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return by_index(a, b);
}

static int asc(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return by_index(a, b);
}

void keyed_sort_desc(keyed *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, desc);
}

void keyed_sort_asc(keyed *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, asc);
}
