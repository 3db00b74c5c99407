/* fuzz_number.c - libFuzzer harness for the value readers of text.c: numbers and money as
 * spreadsheets export them (both decimal marks), booleans, UTF-8 checks and name matching. Every
 * number read is finite; a name normalised twice stays the same. */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_string(data, size);
    if (s == NULL)
        return 0;
    for (int comma = 0; comma < 2; comma++) {
        double v = 0;
        text_number_style style = {comma == 1};
        if (text_parse_number(s, style, &v) == TEXT_NUMBER_OK && !isfinite(v))
            abort();
    }
    bool b;
    (void)text_parse_bool(s, &b);
    size_t bad;
    (void)text_utf8_valid(s, strlen(s), &bad);
    char norm[64], again[64];
    text_normalise_name(s, norm, sizeof norm);
    text_normalise_name(norm, again, sizeof again);
    if (strcmp(norm, again) != 0)
        abort();
    static const char *const names[] = {"weight", "column", "frontier_points", "budget"};
    (void)text_did_you_mean(s, names, 4);
    char *trimmed = strdup(s);
    if (trimmed != NULL)
        text_trim(trimmed);
    free(trimmed);
    free(s);
    return 0;
}
