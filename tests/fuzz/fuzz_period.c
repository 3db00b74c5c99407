/* fuzz_period.c - libFuzzer harness for period labels and planning horizons (period.c). The input
 * is a horizon, a newline, then labels one per line. A horizon that parses has periods; every label
 * it maps into the horizon prints as a label that maps back to the same period. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "period.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_string(data, size);
    if (s == NULL)
        return 0;
    char *line = strchr(s, '\n');
    if (line != NULL)
        *line++ = '\0';
    period_horizon h;
    char why[256];
    if (!period_parse_horizon(s, &h, why, sizeof why)) {
        if (why[0] == '\0')
            abort(); /* a refusal says why */
        free(s);
        return 0;
    }
    if (h.count == 0)
        abort();
    while (line != NULL) {
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        long off;
        if (period_offset(&h, line, &off) && off >= 0 && off < (long)h.count) {
            char label[32];
            long back;
            period_label(&h, off, label, sizeof label);
            if (!period_offset(&h, label, &back) || back != off)
                abort();
        }
        line = next;
    }
    free(s);
    return 0;
}
