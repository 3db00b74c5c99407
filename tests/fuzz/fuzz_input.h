/* fuzz_input.h - what the harnesses share: the fuzzer's bytes as a C string. */
#ifndef FOLIO_FUZZ_INPUT_H
#define FOLIO_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of data[size] (cut at its first NUL, as the readers of text see it); the
 * caller frees it. NULL when out of memory. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s != NULL) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Aborts unless a table that was read is whole: every row's line after the last, every field there
 * and within max_field bytes. */
static inline void fuzz_check_table(const table *t, size_t max_field)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        if (t->rows[r].line < 1 || (r > 0 && t->rows[r].line <= t->rows[r - 1].line))
            abort();
        for (size_t c = 0; c < t->n_cols; c++)
            if (t->rows[r].fields[c] == NULL || strlen(t->rows[r].fields[c]) > max_field)
                abort();
    }
}

#endif
