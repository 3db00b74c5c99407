/* test_jsonw.c - the JSON writer: layouts, escaping, numbers that read back exactly, misuse caught. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

/* A writer over a memory stream; text() closes it and returns what was written (the caller frees). */
typedef struct buffer {
    char *data;
    size_t size;
    FILE *f;
    jsonw w;
} buffer;

static void open_buffer(buffer *b)
{
    b->f = open_memstream(&b->data, &b->size);
    assert_non_null(b->f);
    jsonw_init(&b->w, b->f);
}

static char *text(buffer *b, bool *ok)
{
    *ok = jsonw_finish(&b->w);
    fclose(b->f);
    return b->data;
}

static void blocks_hold_one_element_per_line_and_inline_containers_one_line(void **state)
{
    (void)state;
    buffer b;
    open_buffer(&b);
    jsonw_object(&b.w, JSONW_BLOCK);
    jsonw_key(&b.w, "a");
    jsonw_uint(&b.w, 1);
    jsonw_key(&b.w, "list");
    jsonw_array(&b.w, JSONW_INLINE);
    jsonw_string(&b.w, "x");
    jsonw_int(&b.w, -2);
    jsonw_end(&b.w);
    jsonw_key(&b.w, "rows");
    jsonw_array(&b.w, JSONW_BLOCK);
    jsonw_object(&b.w, JSONW_INLINE);
    jsonw_key(&b.w, "k");
    jsonw_bool(&b.w, true);
    jsonw_break(&b.w);
    jsonw_key(&b.w, "v");
    jsonw_null(&b.w);
    jsonw_end(&b.w);
    jsonw_end(&b.w);
    jsonw_key(&b.w, "empty");
    jsonw_array(&b.w, JSONW_BLOCK);
    jsonw_end(&b.w);
    jsonw_end(&b.w);
    bool ok;
    char *s = text(&b, &ok);
    assert_true(ok);
    assert_string_equal(s, "{\n"
                           "  \"a\": 1,\n"
                           "  \"list\": [\"x\", -2],\n"
                           "  \"rows\": [\n"
                           "    {\"k\": true,\n"
                           "      \"v\": null}\n"
                           "  ],\n"
                           "  \"empty\": []\n"
                           "}\n");
    free(s);
}

static void strings_are_escaped_and_numbers_read_back_exactly(void **state)
{
    (void)state;
    buffer b;
    open_buffer(&b);
    jsonw_array(&b.w, JSONW_INLINE);
    jsonw_string(&b.w, "quote \" backslash \\ tab \t newline \n cr \r bell \a \xE2\x82\xAC");
    jsonw_string(&b.w, NULL);
    const double values[] = {0.1, 1.0 / 3, 1e-300, 123456789.125, -0.0, 10.83205212356468};
    for (size_t k = 0; k < sizeof values / sizeof *values; k++)
        jsonw_number(&b.w, values[k]);
    jsonw_number(&b.w, NAN);
    jsonw_number(&b.w, INFINITY);
    jsonw_end(&b.w);
    bool ok;
    char *s = text(&b, &ok);
    assert_true(ok);
    assert_non_null(strstr(s, "\"quote \\\" backslash \\\\ tab \\t newline \\n cr \\r bell \\u0007 \xE2\x82\xAC\""));
    assert_non_null(strstr(s, ", null, "));
    assert_non_null(strstr(s, ", null, null]"));
    /* Each number reads back as the same double. */
    char *p = strstr(s, "null, ") + strlen("null, ");
    for (size_t k = 0; k < sizeof values / sizeof *values; k++) {
        char *end;
        double v = strtod(p, &end);
        assert_true(v == values[k]);
        p = end + 2;
    }
    free(s);
}

static void misuse_is_reported(void **state)
{
    (void)state;
    bool ok;
    buffer b;
    open_buffer(&b); /* a member without its key */
    jsonw_object(&b.w, JSONW_INLINE);
    jsonw_uint(&b.w, 1);
    jsonw_end(&b.w);
    free(text(&b, &ok));
    assert_false(ok);
    open_buffer(&b); /* a key in an array */
    jsonw_array(&b.w, JSONW_INLINE);
    jsonw_key(&b.w, "k");
    jsonw_end(&b.w);
    free(text(&b, &ok));
    assert_false(ok);
    open_buffer(&b); /* left open */
    jsonw_object(&b.w, JSONW_BLOCK);
    free(text(&b, &ok));
    assert_false(ok);
    open_buffer(&b); /* closed once too often */
    jsonw_array(&b.w, JSONW_INLINE);
    jsonw_end(&b.w);
    jsonw_end(&b.w);
    free(text(&b, &ok));
    assert_false(ok);
    open_buffer(&b); /* nested too deep */
    for (int k = 0; k <= JSONW_MAX_DEPTH; k++)
        jsonw_array(&b.w, JSONW_INLINE);
    free(text(&b, &ok));
    assert_false(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks_hold_one_element_per_line_and_inline_containers_one_line),
        cmocka_unit_test(strings_are_escaped_and_numbers_read_back_exactly),
        cmocka_unit_test(misuse_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
