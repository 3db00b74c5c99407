/* fuzz_input.h - what the harnesses share: the fuzzer's bytes as a C string. */
#ifndef FOLIO_FUZZ_INPUT_H
#define FOLIO_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

#endif
