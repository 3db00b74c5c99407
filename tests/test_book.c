/* test_book.c - the workbook read back as the .xlsx file it is (libzip, expat): the sheets the
 * registry says, in tab order, for each kind of run; the cell helpers' limits and error keeping; an
 * output that cannot be written is an error, not a partial file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "book_int.h" /* the cell helpers, reached for their own tests */
#include "run_fixture.h"
#include "text.h"

/* One member of an .xlsx file as text (the caller frees it); NULL when it has no such member. */
static char *xlsx_member(const char *path, const char *member)
{
    int err;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(z);
    zip_stat_t st;
    char *text = NULL;
    if (zip_stat(z, member, 0, &st) == 0) {
        zip_file_t *f = zip_fopen(z, member, 0);
        assert_non_null(f);
        text = malloc(st.size + 1);
        assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
        text[st.size] = '\0';
        zip_fclose(f);
    }
    zip_close(z);
    return text;
}

/* The sheet names of xl/workbook.xml, in tab order, joined by '|'. */
typedef struct sheet_list {
    char names[1024];
} sheet_list;

static void on_element(void *data, const XML_Char *name, const XML_Char **attrs)
{
    sheet_list *list = data;
    if (strcmp(name, "sheet") != 0)
        return;
    for (size_t k = 0; attrs[k] != NULL; k += 2) {
        if (strcmp(attrs[k], "name") != 0)
            continue;
        if (list->names[0] != '\0')
            strcat(list->names, "|");
        strcat(list->names, attrs[k + 1]);
    }
}

static void sheets_of(const char *path, sheet_list *out)
{
    char *xml = xlsx_member(path, "xl/workbook.xml");
    assert_non_null(xml);
    out->names[0] = '\0';
    XML_Parser p = XML_ParserCreate(NULL);
    XML_SetUserData(p, out);
    XML_SetStartElementHandler(p, on_element);
    assert_int_equal(XML_Parse(p, xml, (int)strlen(xml), 1), XML_STATUS_OK);
    XML_ParserFree(p);
    free(xml);
}

static void each_kind_of_run_has_its_sheets_in_tab_order(void **state)
{
    (void)state;
    struct {
        const char *rules, *extra, *sheets;
    } cases[] = {
        {fixture_rules_single, NULL,
         "Cover|Summary|Portfolio|Capacity|Sensitivity|Frontier|Trade-offs|Scenarios|Checks|Projects|Criteria|"
         "Capacities|Scores|Data quality"},
        {fixture_rules_timed, NULL,
         "Cover|Summary|Portfolio|Timeline|Capacity|Sensitivity|Frontier|Trade-offs|Scenarios|Checks|Projects|"
         "Criteria|Weights|Capacities|Scores|Demand|Data quality"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        run_fixture f;
        assert_int_equal(run_fixture_solve(&f, cases[k].rules, cases[k].extra), FOLIO_OK);
        const char *path = run_fixture_path(&f, "book.xlsx");
        assert_int_equal(book_write(f.run, &f.opt, &f.d, path), FOLIO_OK);
        sheet_list got;
        sheets_of(path, &got);
        assert_string_equal(got.names, cases[k].sheets);
        run_fixture_clear(&f);
    }
    /* Without scenarios, no Scenarios sheet. */
    run_fixture f;
    char *rules = strdup(fixture_rules_single);
    *strstr(rules, "[scenario lean]") = '\0';
    assert_int_equal(run_fixture_solve(&f, rules, NULL), FOLIO_OK);
    const char *path = run_fixture_path(&f, "book.xlsx");
    assert_int_equal(book_write(f.run, &f.opt, &f.d, path), FOLIO_OK);
    sheet_list got;
    sheets_of(path, &got);
    assert_null(strstr(got.names, "Scenarios"));
    free(rules);
    run_fixture_clear(&f);
}

static void a_workbook_that_cannot_be_written_is_an_io_error(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_single, NULL), FOLIO_OK);
    assert_int_equal(book_write(f.run, &f.opt, &f.d, run_fixture_path(&f, "missing/book.xlsx")), FOLIO_EIO);
    run_fixture_clear(&f);
}

/* A workbook of one sheet at dir/t.xlsx (its path into path[512]) with its formats, for the cell
 * helpers' own tests; returns the sheet. */
static lxw_worksheet *open_book(const char *dir, char *path, book *bk)
{
    snprintf(path, 512, "%s/t.xlsx", dir);
    memset(bk, 0, sizeof *bk);
    bk->wb = workbook_new(path);
    assert_non_null(bk->wb);
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "T");
    assert_true(book_formats_make(bk));
    return ws;
}

static void a_text_too_long_for_a_cell_is_cut_at_a_character(void **state)
{
    (void)state;
    char *dir = make_test_dir(), path[512];
    book bk;
    lxw_worksheet *ws = open_book(dir, path, &bk);
    /* 12,000 euro signs: 36,000 bytes, over a cell's 32,767. */
    char *s = malloc(36001);
    for (size_t k = 0; k < 12000; k++)
        memcpy(s + 3 * k, "\xE2\x82\xAC", 3);
    s[36000] = '\0';
    book_text(&bk, ws, 0, 0, s, bk.f.text);
    book_text(&bk, ws, 1, 0, "short", bk.f.text);
    assert_int_equal(book_status(&bk), FOLIO_OK);
    assert_int_equal(workbook_close(bk.wb), LXW_NO_ERROR);
    char *strings = xlsx_member(path, "xl/sharedStrings.xml");
    assert_non_null(strings);
    char *start = strstr(strings, "<t>") + 3, *end = strstr(start, "</t>");
    size_t len = (size_t)(end - start), bad;
    assert_true(len <= 32767 && len > 32000);
    assert_memory_equal(end - 3, "...", 3);
    assert_true(text_utf8_valid(start, len, &bad));
    assert_non_null(strstr(end, "<t>short</t>"));
    free(strings);
    free(s);
    remove_test_dir(dir);
}

static void the_first_error_is_kept_and_said_as_folio_says_it(void **state)
{
    (void)state;
    char *dir = make_test_dir(), path[512];
    book bk;
    lxw_worksheet *ws = open_book(dir, path, &bk);
    assert_int_equal(book_status(&bk), FOLIO_OK);
    book_number(&bk, ws, LXW_ROW_MAX, 0, 1, NULL); /* past the last row: a bug, not the disk */
    assert_int_equal(bk.err, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    book_check(&bk, LXW_ERROR_MEMORY_MALLOC_FAILED);
    assert_int_equal(bk.err, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    assert_int_equal(book_status(&bk), FOLIO_EINTERNAL);
    bk.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    assert_int_equal(book_status(&bk), FOLIO_ENOMEM);
    bk.err = LXW_ERROR_CREATING_XLSX_FILE;
    assert_int_equal(book_status(&bk), FOLIO_EIO);
    workbook_close(bk.wb);
    remove_test_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_kind_of_run_has_its_sheets_in_tab_order),
        cmocka_unit_test(a_workbook_that_cannot_be_written_is_an_io_error),
        cmocka_unit_test(a_text_too_long_for_a_cell_is_cut_at_a_character),
        cmocka_unit_test(the_first_error_is_kept_and_said_as_folio_says_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
