/* arena.c - bump allocation in growing blocks, so a run frees everything in one call. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    max_align_t data[]; /* aligned start of the usable bytes */
};

enum { ARENA_MIN_BLOCK = 64 * 1024 };

void *arena_alloc(arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size_t need = (size + align - 1) / align * align;
    if (need < size)
        return NULL;
    arena_block *b = a->head;
    if (b == NULL || b->size - b->used < need) {
        size_t bsize = need > ARENA_MIN_BLOCK ? need : ARENA_MIN_BLOCK;
        if (b != NULL && b->size * 2 > bsize && b->size < 16u * 1024 * 1024)
            bsize = b->size * 2; /* grow geometrically so large runs take few blocks */
        b = malloc(sizeof *b + bsize);
        if (b == NULL)
            return NULL;
        b->size = bsize;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += need;
    memset(p, 0, size);
    return p;
}

void *arena_alloc_n(arena *a, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, n * size);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(arena *a, void *items, size_t count, size_t *capacity, size_t elem_size)
{
    if (count < *capacity)
        return items;
    size_t cap = *capacity ? *capacity * 2 : 8;
    void *p = arena_alloc(a, cap * elem_size);
    if (p == NULL)
        return NULL;
    if (count > 0)
        memcpy(p, items, count * elem_size);
    *capacity = cap;
    return p;
}

void arena_clear(arena *a)
{
    arena_block *b = a->head;
    while (b != NULL) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
