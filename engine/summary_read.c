/* summary_read.c - a folio JSON summary read back with jansson. */
#include "summary_read.h"

#include <string.h>

folio_error summary_load(const char *path, const char *role, const char *hint, json_t **out, diags *d)
{
    json_error_t e;
    *out = NULL;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (root == NULL) {
        if (e.line < 0 && e.position == 0 && strstr(e.text, "unable to open") != NULL) {
            diags_error(d, path, 0, NULL, "cannot read %s: %s", role, e.text);
            return FOLIO_EIO;
        }
        diags_error(d, path, e.line > 0 ? e.line : 0, NULL, "malformed JSON at column %d: %s", e.column, e.text);
        return FOLIO_EINPUT;
    }
    if (!summary_is_one(root)) {
        diags_error(d, path, 0, NULL, "not a folio summary (it needs \"folio_version\" and a \"projects\" array): give %s",
                    hint);
        json_decref(root);
        return FOLIO_EINPUT;
    }
    *out = root;
    return FOLIO_OK;
}

bool summary_is_one(json_t *root)
{
    return json_is_object(root) && json_object_get(root, "folio_version") != NULL &&
           json_is_array(json_object_get(root, "projects"));
}
