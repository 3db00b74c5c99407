/* test_book.c - the workbook read back as the .xlsx file it is (libzip, expat): the sheets the
 * registry says, in tab order, for each kind of run; the cell helpers' limits and error keeping;
 * headers aligned over their numbers; the Summary's utilisation table only where a limit is, and in
 * parts each under its header when the horizon is longer than a page; an
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
         "Cover|Summary|Portfolio|Capacity use|Sensitivity|Frontier|Trade-offs|Capacity value|Scenarios|Projects|"
         "Criteria|Limits|Scores|Checks|Data quality"},
        {fixture_rules_timed, NULL,
         "Cover|Summary|Portfolio|Timeline|Capacity use|Capacity charts|Sensitivity|Frontier|Trade-offs|"
         "Capacity value|Scenarios|Projects|Criteria|Weights|Limits|Scores|Demand|Checks|Data quality"},
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

/* A workbook of one sheet "T" at the fixture's t.xlsx (its path into path[512]) with the formats
 * of the fixture's run and a page fit for the sheet, for the cell helpers' own tests. */
static lxw_worksheet *open_book(run_fixture *f, char *path, book *bk)
{
    assert_int_equal(run_fixture_solve(f, fixture_rules_single, NULL), FOLIO_OK);
    snprintf(path, 512, "%s", run_fixture_path(f, "t.xlsx"));
    memset(bk, 0, sizeof *bk);
    bk->run = f->run;
    bk->wb = workbook_new(path);
    assert_non_null(bk->wb);
    lxw_worksheet *ws = workbook_add_worksheet(bk->wb, "T");
    assert_true(book_formats_make(bk));
    assert_true(book_pages_begin(bk, &ws, 1));
    return ws;
}

static void close_book(book *bk)
{
    book_pages_free(bk);
    book_formats_free(bk);
}

/* Lays out and closes the book open_book() began; the text of its one sheet (heap). */
static char *finish_book(book *bk, const char *path)
{
    book_pages_finish(bk);
    assert_int_equal(book_status(bk), FOLIO_OK);
    assert_int_equal(workbook_close(bk->wb), LXW_NO_ERROR);
    close_book(bk);
    return xlsx_member(path, "xl/worksheets/sheet1.xml");
}

static void a_text_too_long_for_a_cell_is_cut_at_a_character(void **state)
{
    (void)state;
    run_fixture f;
    char path[512];
    book bk;
    lxw_worksheet *ws = open_book(&f, path, &bk);
    /* 12,000 euro signs: 36,000 bytes, over a cell's 32,767. */
    char *s = malloc(36001);
    for (size_t k = 0; k < 12000; k++)
        memcpy(s + 3 * k, "\xE2\x82\xAC", 3);
    s[36000] = '\0';
    book_text(&bk, ws, 0, 0, s, bk.f.text);
    book_text(&bk, ws, 1, 0, "short", bk.f.text);
    assert_int_equal(book_status(&bk), FOLIO_OK);
    assert_int_equal(workbook_close(bk.wb), LXW_NO_ERROR);
    close_book(&bk);
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
    run_fixture_clear(&f);
}

static void the_first_error_is_kept_and_said_as_folio_says_it(void **state)
{
    (void)state;
    run_fixture f;
    char path[512];
    book bk;
    lxw_worksheet *ws = open_book(&f, path, &bk);
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
    close_book(&bk);
    run_fixture_clear(&f);
}

/* What a cell shows for v in num's format. */
static const char *shown(const book_numfmt *num, double v)
{
    static char out[96];
    book_numfmt_show(num, v, out, sizeof out);
    return out;
}

static void numbers_show_in_their_units_never_in_scientific_notation(void **state)
{
    (void)state;
    const book_numfmt dollars = {.thousands = true, .paren_negative = true, .currency = "$"};
    const book_numfmt euros = {.min_dec = 2, .max_dec = 2, .thousands = true, .paren_negative = true, .currency = "EUR"};
    const book_numfmt fte = {.min_dec = 1, .max_dec = 3, .thousands = true, .unit = "FTE"};
    const book_numfmt share = {.min_dec = 1, .max_dec = 1, .percent = true};
    const book_numfmt tolerance = {.min_dec = 1, .max_dec = 10};
    /* Every shown value ends in the ")" that stands for the room "_)" keeps. */
    assert_string_equal(shown(&dollars, 25000000), "$25,000,000)");
    assert_string_equal(shown(&dollars, -1234.4), "($1,234)");
    assert_string_equal(shown(&euros, 999.5), "EUR 999.50)");
    assert_string_equal(shown(&fte, 12.5), "12.5 FTE)");
    assert_string_equal(shown(&fte, 1234.25), "1,234.25 FTE)");
    assert_string_equal(shown(&fte, 3), "3.0 FTE)");
    assert_string_equal(shown(&share, 0.11327720254112), "11.3%)");
    assert_string_equal(shown(&tolerance, 1e-9), "0.000000001)");
    assert_string_equal(shown(&tolerance, 0.025), "0.025)");
    assert_null(strchr(shown(&tolerance, 2.5e-10), 'E'));
}

/* The first attribute name = value of the first element tag in xml whose text has key in it. */
static double attribute_of(const char *xml, const char *key, const char *name)
{
    const char *at = strstr(xml, key);
    assert_non_null(at);
    char pattern[64];
    snprintf(pattern, sizeof pattern, " %s=\"", name);
    const char *a = strstr(at, pattern);
    assert_non_null(a);
    return strtod(a + strlen(pattern), NULL);
}

static void columns_fit_their_widest_value_and_long_text_wraps_in_a_taller_row(void **state)
{
    (void)state;
    run_fixture f;
    char path[512];
    book bk;
    lxw_worksheet *ws = open_book(&f, path, &bk);
    const char *names[] = {"ID", "Amount", "Reason", "Detail"};
    book_header_row(&bk, ws, names, 4);
    book_text(&bk, ws, 1, 0, "A-1", bk.f.text);
    book_number(&bk, ws, 1, 1, 123456789, bk.f.money);
    char reason[600] = "";
    for (int k = 0; k < 30; k++)
        strcat(reason, "word word ");
    book_text(&bk, ws, 1, 2, reason, bk.f.text);
    book_number(&bk, ws, 1, 3, 1, bk.f.integer);
    book_column_detail(&bk, ws, 3, 3);
    char *xml = finish_book(&bk, path);
    assert_non_null(xml);
    /* "$123,456,789)" in Calibri 11 is about 85 pixels: 12 digits wide, and never the default. */
    double amount = attribute_of(xml, "<col min=\"2\"", "width");
    assert_true(amount >= 12 && amount < 16);
    /* 300 characters of text wrap at the cap (60 digits) into 4 or more lines of 15 points. */
    double reason_width = attribute_of(xml, "<col min=\"3\"", "width");
    assert_true(reason_width > 59 && reason_width < 62);
    char *styles = xlsx_member(path, "xl/styles.xml");
    assert_non_null(strstr(styles, "wrapText=\"1\""));
    free(styles);
    double height = attribute_of(xml, "<row r=\"2\"", "ht");
    assert_true(height >= 60 && height <= 90);
    /* The detail column is grouped and folded. */
    assert_non_null(strstr(xml, "<col min=\"4\" max=\"4\""));
    assert_true(attribute_of(xml, "<col min=\"4\"", "hidden") == 1);
    assert_true(attribute_of(xml, "<col min=\"4\"", "outlineLevel") == 1);
    /* A4, the header row repeated (a defined name), page numbers in the footer. */
    assert_true(attribute_of(xml, "<pageSetup", "paperSize") == 9);
    assert_non_null(strstr(xml, "Page &amp;P of &amp;N"));
    char *book_xml = xlsx_member(path, "xl/workbook.xml");
    assert_non_null(strstr(book_xml, "_xlnm.Print_Titles"));
    free(book_xml);
    free(xml);
    run_fixture_clear(&f);
}

/* The <row r="R" ...> element's text in xml (up to its '>'), into out[size]. */
static void row_element(const char *xml, int r, char *out, size_t size)
{
    char key[32];
    snprintf(key, sizeof key, "<row r=\"%d\"", r);
    const char *at = strstr(xml, key);
    assert_non_null(at);
    size_t len = strcspn(at, ">");
    snprintf(out, size, "%.*s", (int)len, at);
}

static void a_note_alone_reads_in_a_wide_column_and_no_row_outgrows_a_spreadsheet(void **state)
{
    (void)state;
    char row[256];
    for (int k = 0; k < 2; k++) {
        run_fixture f;
        char path[512];
        book bk;
        lxw_worksheet *ws = open_book(&f, path, &bk);
        char *long_text = malloc(20001);
        for (size_t c = 0; c < 20000; c++)
            long_text[c] = c % 6 == 5 ? ' ' : 'w';
        long_text[20000] = '\0';
        if (k == 0)
            book_note(&bk, ws, 0, "Not analysed: this sheet holds a note and nothing else.");
        else
            book_text(&bk, ws, 2, 0, long_text, bk.f.wrap); /* about 280 lines at the column's width */
        char *xml = finish_book(&bk, path);
        if (k == 0) {
            assert_true(attribute_of(xml, "<col min=\"1\"", "width") >= 60);
            row_element(xml, 1, row, sizeof row);
            assert_null(strstr(row, " ht=")); /* one line: the default height */
        } else {
            row_element(xml, 3, row, sizeof row);
            assert_true(attribute_of(row, "<row", "ht") == 409);
        }
        free(xml);
        free(long_text);
        run_fixture_clear(&f);
    }
}

/* The style index (s="N") of cell ref in a sheet's xml; -1 when the cell has none. */
static int cell_style(const char *xml, const char *ref)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *at = strstr(xml, key);
    assert_non_null(at);
    const char *s = strstr(at, " s=\"");
    return s != NULL && s < strchr(at, '>') ? atoi(s + 4) : -1;
}

/* The horizontal alignment of cell format (xf) k of styles.xml's cellXfs: "" when none. */
static void xf_alignment(const char *styles, int k, char *out, size_t size)
{
    const char *at = strstr(styles, "<cellXfs");
    assert_non_null(at);
    for (int i = 0; i <= k; i++) {
        at = strstr(at + 1, "<xf ");
        assert_non_null(at);
    }
    const char *end = strstr(at, "</xf>"), *next = strstr(at + 1, "<xf ");
    const char *h = strstr(at, "horizontal=\"");
    out[0] = '\0';
    if (h != NULL && end != NULL && h < end && (next == NULL || h < next))
        snprintf(out, size, "%.*s", (int)strcspn(h + 12, "\""), h + 12);
}

/* Whether cell format (xf) k of styles.xml's cellXfs is indented. */
static bool xf_indented(const char *styles, int k)
{
    const char *at = strstr(styles, "<cellXfs");
    assert_non_null(at);
    for (int i = 0; i <= k; i++) {
        at = strstr(at + 1, "<xf ");
        assert_non_null(at);
    }
    const char *end = strstr(at, "</xf>"), *next = strstr(at + 1, "<xf "), *h = strstr(at, "indent=\"1\"");
    return h != NULL && end != NULL && h < end && (next == NULL || h < next);
}

static void headers_over_numbers_align_as_they_do_but_under_filter_buttons(void **state)
{
    (void)state;
    for (int filtered = 0; filtered < 2; filtered++) {
        run_fixture f;
        char path[512];
        book bk;
        lxw_worksheet *ws = open_book(&f, path, &bk);
        const char *names[] = {"ID", "Amount", "Rank", "Note", "Total", "Comment"};
        book_header_row(&bk, ws, names, 6);
        book_text(&bk, ws, 1, 0, "A-1", bk.f.text);
        book_number(&bk, ws, 1, 1, 1250, bk.f.money);
        book_number(&bk, ws, 1, 2, 1, bk.f.rank);
        book_text(&bk, ws, 1, 3, "text", bk.f.text);
        book_number(&bk, ws, 2, 3, 7, bk.f.integer); /* a number, but not right below the header */
        book_number(&bk, ws, 1, 4, 12, bk.f.integer);
        book_text(&bk, ws, 1, 5, "text", bk.f.text);
        if (filtered)
            book_autofilter(&bk, ws, 0, 0, 2, 5);
        char *xml = finish_book(&bk, path);
        char *styles = xlsx_member(path, "xl/styles.xml");
        assert_non_null(xml);
        assert_non_null(styles);
        /* A left-aligned header right after a right-aligned one is indented a character, so that on
         * paper the two do not run together; so is one after a header over right-aligned numbers in
         * a filter row, unless text starts below it (Comment); one after a header over text or
         * centred flags needs no indent. */
        const char *refs[] = {"A1", "B1", "C1", "D1", "E1", "F1"};
        const char *want[2][6] = {{"", "right", "center", "", "right", "left"}, {"", "", "left", "", "", ""}};
        for (int c = 0; c < 6; c++) {
            char align[32];
            xf_alignment(styles, cell_style(xml, refs[c]), align, sizeof align);
            assert_string_equal(align, want[filtered][c]);
            assert_int_equal(xf_indented(styles, cell_style(xml, refs[c])), filtered ? c == 2 : c == 5);
        }
        free(styles);
        free(xml);
        run_fixture_clear(&f);
    }
}

/* Two right-aligned headers side by side read as one when the second fills its column ("Strategic
 * fit Customer impact"): its column gets a character more than the header; in a filter row, where
 * headers stay left-aligned, it does not. */
static void a_short_right_aligned_header_after_another_gets_a_character_to_spare(void **state)
{
    (void)state;
    double width[2];
    for (int filtered = 0; filtered < 2; filtered++) {
        run_fixture f;
        char path[512];
        book bk;
        lxw_worksheet *ws = open_book(&f, path, &bk);
        const char *names[] = {"Strategic fit", "Customer impact"};
        book_header_row(&bk, ws, names, 2);
        book_number(&bk, ws, 1, 0, 1, bk.f.input_num);
        book_number(&bk, ws, 1, 1, 2, bk.f.input_num);
        if (filtered)
            book_autofilter(&bk, ws, 0, 0, 1, 1);
        char *xml = finish_book(&bk, path);
        assert_non_null(xml);
        width[filtered] = attribute_of(xml, "<col min=\"2\"", "width");
        free(xml);
        run_fixture_clear(&f);
    }
    /* "Customer impact" in Calibri 11 bold is about 16 digits wide: 17 unfiltered; filtered the
     * header may wrap (its button takes two digits), the column its least, 14. */
    assert_true(width[0] > 16.5 && width[0] < 18.5);
    assert_true(width[1] < 15);
}

/* The Timeline's flags are sparse: a period's first flag may be rows below the header. Its period
 * headers are centred over the flags all the same, and the delay and the periods after the horizon
 * right-aligned over their counts, so that on paper no header runs into the next. */
static void the_timeline_aligns_every_period_header_over_its_flags(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_timed, NULL), FOLIO_OK);
    const char *path = run_fixture_path(&f, "book.xlsx");
    assert_int_equal(book_write(f.run, &f.opt, &f.d, path), FOLIO_OK);
    sheet_list sheets;
    sheets_of(path, &sheets);
    const char *at = strstr(sheets.names, "|Timeline|");
    assert_non_null(at);
    int timeline = 1;
    for (const char *c = sheets.names; c <= at; c++)
        timeline += *c == '|';
    char member[64];
    snprintf(member, sizeof member, "xl/worksheets/sheet%d.xml", timeline);
    char *xml = xlsx_member(path, member);
    char *styles = xlsx_member(path, "xl/styles.xml");
    assert_non_null(xml);
    assert_non_null(styles);
    const char *refs[] = {"E1", "F1", "G1", "H1", "I1", "J1"}; /* delay, four periods, after them */
    const char *want[] = {"right", "center", "center", "center", "center", "right"};
    size_t blank_below = 0;
    for (int c = 0; c < 6; c++) {
        char align[32], below[8];
        xf_alignment(styles, cell_style(xml, refs[c]), align, sizeof align);
        assert_string_equal(align, want[c]);
        snprintf(below, sizeof below, "%c2", refs[c][0]);
        char key[32];
        snprintf(key, sizeof key, "<c r=\"%s\"", below);
        blank_below += strstr(xml, key) == NULL;
    }
    assert_true(blank_below > 0); /* a header whose first cell below is blank */
    free(styles);
    free(xml);
    run_fixture_clear(&f);
}

/* The shared strings of the workbook of a fixture run with rules (and extra); the run is kept in f
 * for run_fixture_clear(). */
static char *strings_of_run(run_fixture *f, const char *rules, const char *extra)
{
    assert_int_equal(run_fixture_solve(f, rules, extra), FOLIO_OK);
    const char *path = run_fixture_path(f, "book.xlsx");
    assert_int_equal(book_write(f->run, &f->opt, &f->d, path), FOLIO_OK);
    char *strings = xlsx_member(path, "xl/sharedStrings.xml");
    assert_non_null(strings);
    return strings;
}

/* With a horizon the Summary's utilisation table has a column per limited capacity; without any
 * capacity there is no table at all, not one of empty periods. */
static void the_summary_shows_utilisation_per_period_only_where_there_is_a_limit(void **state)
{
    (void)state;
    for (int with_caps = 0; with_caps < 2; with_caps++) {
        char *rules = strdup(fixture_rules_timed);
        if (!with_caps)
            *strstr(rules, "[capacity budget]") = '\0';
        run_fixture f;
        char *strings = strings_of_run(&f, rules, NULL);
        /* The table's note and its last row (the budget's limit = 700 is over the whole horizon),
         * both the Summary's alone. */
        assert_int_equal(strstr(strings, "A blank cell: no limit there.") != NULL, with_caps);
        assert_int_equal(strstr(strings, "Whole horizon") != NULL, with_caps);
        free(strings);
        free(rules);
        run_fixture_clear(&f);
    }
}

/* The index of a shared string that is exactly text, or -1. */
static int shared_string(const char *strings, const char *text)
{
    int k = 0;
    char want[256];
    snprintf(want, sizeof want, "<t>%s</t>", text);
    for (const char *si = strstr(strings, "<si>"); si != NULL; si = strstr(si + 1, "<si>"), k++)
        if (strncmp(si + 4, want, strlen(want)) == 0)
            return k;
    return -1;
}

/* The row (from 1) of the first cell in column A of a sheet that holds shared string k, or 0. */
static int row_of_string(const char *sheet, int k)
{
    char v[32];
    snprintf(v, sizeof v, "t=\"s\"><v>%d</v>", k);
    for (const char *c = strstr(sheet, "<c r=\"A"); c != NULL; c = strstr(c + 1, "<c r=\"A")) {
        const char *end = strstr(c, "</c>");
        const char *hit = strstr(c, v);
        if (end != NULL && hit != NULL && hit < end)
            return atoi(c + 7);
    }
    return 0;
}

/* The policies' table (on Capacity use and Limits) only where there are policies: no header over
 * nothing. */
static void a_run_without_policies_has_no_policy_table(void **state)
{
    (void)state;
    for (int with_policy = 0; with_policy < 2; with_policy++) {
        run_fixture f;
        char *strings = strings_of_run(&f, with_policy ? fixture_rules_single : fixture_rules_timed, NULL);
        assert_int_equal(shared_string(strings, "Policy") >= 0, with_policy);
        assert_int_equal(shared_string(strings, "Met (1 = yes)") >= 0, with_policy);
        free(strings);
        run_fixture_clear(&f);
    }
}

/* An analysis not run leaves its sheet a note alone, with no table header over nothing. */
static void a_sensitivity_not_analysed_is_a_note_without_a_header(void **state)
{
    (void)state;
    for (int on = 0; on < 2; on++) {
        run_fixture f;
        char *strings = strings_of_run(&f, fixture_rules_single, on ? NULL : "[sensitivity]\nenabled = no\n");
        assert_int_equal(shared_string(strings, "Portfolio unchanged from (weight)") >= 0, on);
        assert_int_equal(strstr(strings, "Not analysed: it needs a proven optimal portfolio") != NULL, !on);
        free(strings);
        run_fixture_clear(&f);
    }
}

static void a_long_horizon_prints_its_utilisation_in_parts_each_under_its_header(void **state)
{
    (void)state;
    /* 52 quarters, and the budget's whole-horizon limit: 53 rows, in two parts of 27 and 26. */
    char *rules = strdup(fixture_rules_timed);
    memcpy(strstr(rules, "2027-Q4\n"), "2039-Q4\n", 8);
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, rules, NULL), FOLIO_OK);
    assert_int_equal(f.run->m->n_periods, 52);
    const char *path = run_fixture_path(&f, "book.xlsx");
    assert_int_equal(book_write(f.run, &f.opt, &f.d, path), FOLIO_OK);
    char *strings = xlsx_member(path, "xl/sharedStrings.xml");
    char *summary = xlsx_member(path, "xl/worksheets/sheet2.xml"); /* after the Cover */
    assert_non_null(strings);
    assert_non_null(summary);
    int head = row_of_string(summary, shared_string(strings, "Utilisation (used / limit)"));
    int more = row_of_string(summary, shared_string(strings, "Utilisation (used / limit), continued"));
    assert_true(head > 0);
    assert_int_equal(more, head + 1 + 27);
    assert_int_equal(row_of_string(summary, shared_string(strings, "2027-Q1")), head + 1);
    assert_int_equal(row_of_string(summary, shared_string(strings, "2033-Q3")), head + 27); /* the 27th period */
    assert_int_equal(row_of_string(summary, shared_string(strings, "2033-Q4")), more + 1);
    assert_int_equal(row_of_string(summary, shared_string(strings, "Whole horizon")), more + 26);
    /* Every period's engineering and the whole horizon's budget, each a live cell of Capacity use. */
    size_t refs = 0;
    for (const char *at = strstr(summary, "<f>'Capacity use'!$G$"); at != NULL;
         at = strstr(at + 1, "<f>'Capacity use'!$G$"))
        refs++;
    assert_int_equal(refs, 52 + 1);
    /* Each part begins a page: a break before each header (rowBreaks count rows from 0). */
    char brk[48];
    snprintf(brk, sizeof brk, "<brk id=\"%d\"", head - 1);
    assert_non_null(strstr(summary, brk));
    snprintf(brk, sizeof brk, "<brk id=\"%d\"", more - 1);
    assert_non_null(strstr(summary, brk));
    free(summary);
    free(strings);
    free(rules);
    run_fixture_clear(&f);
}

/* A kept block (a chart) right after the spreadsheet's own page break: the break is reckoned a row
 * early, and a viewer whose page holds that row too would push the block over its page's end, so
 * the break is written where it was reckoned. */
static void a_kept_block_after_a_page_breaks_own_break_is_not_pushed_over_a_page(void **state)
{
    (void)state;
    run_fixture f;
    char path[512];
    book bk;
    lxw_worksheet *ws = open_book(&f, path, &bk);
    const char *names[] = {"Amount"};
    book_header_row(&bk, ws, names, 1);
    /* A kept block is reckoned as wide as a chart: upright A4 at 96%, 772 points, reckoned 757 (a
     * row to spare). The header and 49 rows of 15 points fill 750, so row 50 opens the second page,
     * the block of 13 rows right under it; a viewer fits row 50 on the first page (765), and the
     * block would then start 7 points above that page's end. */
    for (lxw_row_t r = 1; r <= 63; r++)
        book_number(&bk, ws, r, 0, r, bk.f.integer);
    book_keep_together(&bk, ws, 51, 63);
    char *xml = finish_book(&bk, path);
    assert_non_null(xml);
    assert_true(attribute_of(xml, "<pageSetup", "scale") == 96);
    assert_non_null(strstr(xml, "<rowBreaks count=\"1\""));
    assert_non_null(strstr(xml, "<brk id=\"50\""));
    free(xml);
    run_fixture_clear(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_kind_of_run_has_its_sheets_in_tab_order),
        cmocka_unit_test(a_workbook_that_cannot_be_written_is_an_io_error),
        cmocka_unit_test(a_text_too_long_for_a_cell_is_cut_at_a_character),
        cmocka_unit_test(the_first_error_is_kept_and_said_as_folio_says_it),
        cmocka_unit_test(numbers_show_in_their_units_never_in_scientific_notation),
        cmocka_unit_test(columns_fit_their_widest_value_and_long_text_wraps_in_a_taller_row),
        cmocka_unit_test(a_note_alone_reads_in_a_wide_column_and_no_row_outgrows_a_spreadsheet),
        cmocka_unit_test(headers_over_numbers_align_as_they_do_but_under_filter_buttons),
        cmocka_unit_test(a_short_right_aligned_header_after_another_gets_a_character_to_spare),
        cmocka_unit_test(the_timeline_aligns_every_period_header_over_its_flags),
        cmocka_unit_test(the_summary_shows_utilisation_per_period_only_where_there_is_a_limit),
        cmocka_unit_test(a_long_horizon_prints_its_utilisation_in_parts_each_under_its_header),
        cmocka_unit_test(a_kept_block_after_a_page_breaks_own_break_is_not_pushed_over_a_page),
        cmocka_unit_test(a_run_without_policies_has_no_policy_table),
        cmocka_unit_test(a_sensitivity_not_analysed_is_a_note_without_a_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
