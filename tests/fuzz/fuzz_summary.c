/* fuzz_summary.c - libFuzzer harness for what reads folio summaries back (a re-plan's baseline,
 * folio diff): any JSON, and any summary-shaped document with values of the wrong types, must be
 * compared without a crash or leak, and a summary compared with itself must show no difference. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "diff.h"
#include "fuzz_input.h"
#include "summary_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t e;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
    if (root == NULL)
        return 0;
    if (summary_is_one(root)) {
        /* Ids are unique in a summary folio writes; with repeats "itself" is ambiguous. */
        json_t *seen = json_object(), *p;
        size_t k;
        bool unique = seen != NULL;
        json_array_foreach(json_object_get(root, "projects"), k, p) {
            const char *id = json_string_value(json_object_get(p, "id"));
            if (id != NULL && unique) {
                unique = json_object_get(seen, id) == NULL;
                json_object_set_new(seen, id, json_true());
            }
        }
        json_decref(seen);
        summary_diff d;
        if (diff_summaries(root, root, &d) == FOLIO_OK) {
            for (int q = 0; unique && q < DIFF_KINDS; q++)
                if (d.count[q] != 0)
                    abort(); /* a summary differs from itself */
            FILE *null = fopen("/dev/null", "w");
            if (null != NULL) {
                (void)diff_print(null, &d);
                (void)diff_write_json(null, &d, "a.json", "b.json");
                fclose(null);
            }
            diff_free(&d);
        }
    }
    json_decref(root);
    return 0;
}
