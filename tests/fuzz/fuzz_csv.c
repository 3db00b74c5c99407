/* fuzz_csv.c - libFuzzer harness for the CSV reader (table.c over libcsv). The first byte picks the
 * delimiter (detected, ',', ';' or tab), the rest is the export. Whatever the input, a table read
 * has every row with as many fields as the header, rows in increasing line order, and an input that
 * is refused says why. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char delimiters[] = {0, ',', ';', '\t'};
    table_options opt;
    table_options_init(&opt);
    opt.delimiter = delimiters[data[0] % 4];
    opt.max_field = 1 + data[0] / 4 * 64; /* short fields too, so that the limit is reached */
    arena a = {0};
    diags d;
    diags_init(&d);
    table t;
    folio_error err = table_parse(&a, "fuzz.csv", (const char *)data + 1, size - 1, &opt, &t, &d);
    if (err == FOLIO_EINPUT && d.n_errors == 0)
        abort();
    if (err == FOLIO_OK) {
        fuzz_check_table(&t, opt.max_field);
        for (size_t c = 0; c < t.n_cols; c++)
            (void)table_find_column(&t, t.header[c]);
    }
    diags_clear(&d);
    arena_clear(&a);
    return 0;
}
