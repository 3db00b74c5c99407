/* fuzz_xlsx.c - libFuzzer harness for the .xlsx reader (xlsx.c over libzip and expat). Random bytes
 * almost never make a zip archive whose checksums hold, so the input is the workbook's parts: up to
 * five texts separated by a NUL byte (xl/workbook.xml, its relationships, the shared strings, the
 * styles, the sheet), packed into a real archive here. The first byte picks whether a sheet is named
 * and whether the raw bytes are read as an archive instead. Whatever the input, a table read has
 * every row with as many fields as the header, rows in increasing order, outline levels of 7 at
 * most, and a refusal says why. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "fuzz_input.h"
#include "table.h"
#include "xlsx.h"

static const char *const parts[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
                                    "xl/styles.xml", "xl/worksheets/sheet1.xml"};

/* Packs the parts into a zip archive in memory; returns it (malloc'd) with its length, or NULL. */
static void *pack(const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
    if (z == NULL) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&err);
        return NULL;
    }
    zip_source_keep(src);
    size_t start = 0;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0] && start <= size; k++) {
        const uint8_t *end = memchr(data + start, 0, size - start);
        size_t n = end ? (size_t)(end - (data + start)) : size - start;
        zip_source_t *part = zip_source_buffer(z, data + start, n, 0);
        if (part == NULL || zip_file_add(z, parts[k], part, ZIP_FL_OVERWRITE) < 0) {
            zip_source_free(part);
            break;
        }
        start += n + 1;
    }
    void *out = NULL;
    if (zip_close(z) == 0 && zip_source_open(src) == 0) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && (out = malloc(st.size + 1)) != NULL) {
            zip_int64_t got = zip_source_read(src, out, st.size);
            *len = got < 0 ? 0 : (size_t)got;
        }
        zip_source_close(src);
    } else {
        zip_discard(z);
    }
    zip_source_free(src);
    zip_error_fini(&err);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    table_options opt;
    table_options_init(&opt);
    opt.sheet = data[0] & 2 ? "Sheet1" : NULL;
    opt.max_field = 1 + (data[0] >> 2) * 64;
    size_t len = 0;
    void *book = data[0] & 1 ? NULL : pack(data + 1, size - 1, &len);
    const void *bytes = book ? book : data + 1;
    if (book == NULL)
        len = size - 1;
    arena a = {0};
    diags d;
    diags_init(&d);
    table t;
    folio_error err = xlsx_parse(&a, "fuzz.xlsx", bytes, len, &opt, &t, &d);
    if (err == FOLIO_EINPUT && d.n_errors == 0)
        abort();
    if (err == FOLIO_OK) {
        fuzz_check_table(&t, opt.max_field);
        for (size_t r = 0; r < t.n_rows; r++)
            if (t.rows[r].outline > 7) /* Excel's outline has levels 0 to 7 */
                abort();
    }
    free(book);
    diags_clear(&d);
    arena_clear(&a);
    return 0;
}
