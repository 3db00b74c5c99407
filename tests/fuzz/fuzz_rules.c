/* fuzz_rules.c - libFuzzer harness for the rules reader (rules.c over inih, rules_keys.c,
 * rules_check.c). Accepted rules have at least one criterion and no error; refused ones say why,
 * each problem at a line of the file. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    if (text == NULL)
        return 0;
    size_t lines = 1; /* ended as the reader ends them: LF, CR LF or a lone CR */
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    arena a = {0};
    diags d;
    diags_init(&d);
    rules r;
    folio_error err = rules_parse(&a, "fuzz.ini", text, &r, &d);
    if (err == FOLIO_OK && (d.n_errors > 0 || r.n_criteria == 0))
        abort();
    if (err == FOLIO_EINPUT && d.n_errors == 0)
        abort();
    for (size_t k = 0; k < d.count; k++) {
        const diag *g = &d.items[k];
        bool here = g->file != NULL && strcmp(g->file, "fuzz.ini") == 0; /* not a matrix file it names */
        if (g->line < 0 || (here && (size_t)g->line > lines))
            abort();
    }
    diags_clear(&d);
    arena_clear(&a);
    free(text);
    return 0;
}
