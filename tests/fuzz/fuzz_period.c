/* fuzz_period.c - libFuzzer harness for period labels, dates and planning horizons (period.c). The
 * input is a horizon, a newline, then labels or dates one per line. A horizon that parses has
 * periods; every label it maps into the horizon prints as a label that maps back to the same
 * period; a date that date_order auto reads, one of the explicit orders reads the same. */
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
        const period_style autos = {DATE_ORDER_AUTO, (int)(size % 12)};
        long any;
        if (period_read_offset(&h, &autos, line, &any) == PERIOD_READ_OK) {
            bool same = false;
            const period_date_order orders[] = {DATE_ORDER_DMY, DATE_ORDER_MDY, DATE_ORDER_YMD};
            for (size_t k = 0; k < 3 && !same; k++) {
                const period_style st = {orders[k], autos.fiscal_start};
                same = period_read_offset(&h, &st, line, &off) == PERIOD_READ_OK && off == any;
            }
            if (!same)
                abort();
        }
        line = next;
    }
    free(s);
    return 0;
}
