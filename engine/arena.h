/* arena.h - a bump allocator that owns every allocation of one run, freed at once. */
#ifndef FOLIO_ARENA_H
#define FOLIO_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

/* An arena hands out memory that lives until arena_clear(); zero-initialise it with {0}. */
typedef struct arena {
    arena_block *head; /* newest block first */
} arena;

/* Returns zeroed memory aligned for any type, or NULL when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* Returns zeroed room for n elements of size bytes, or NULL when out of memory or when n * size
 * overflows; n may be 0. */
void *arena_alloc_n(arena *a, size_t n, size_t size);
/* Returns a copy of s (or of its first n bytes) in the arena, NUL-terminated; NULL when out of memory. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
/* Returns a printf-formatted string in the arena; NULL when out of memory. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Makes room for one more element in an arena array of count elements: returns items when
 * *capacity > count, else a copy with doubled capacity (updating *capacity); NULL when out of memory. */
void *arena_grow(arena *a, void *items, size_t count, size_t *capacity, size_t elem_size);
/* Frees every block; the arena may be reused afterwards. Safe on an empty arena. */
void arena_clear(arena *a);

#endif
