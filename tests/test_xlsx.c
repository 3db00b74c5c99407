/* test_xlsx.c - the .xlsx reader against workbooks libxlsxwriter writes: each kind of cell read as it
 * shows (shared strings, numbers in full, booleans, dates by their cell format, formulas by their
 * cached values, errors), the header found below blank rows and a title, a sheet chosen by name, and refusals
 * that name the file, sheet, row and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "table.h"
#include "test_support.h"
#include "xlsx.h"

typedef struct fixture {
    char *dir;
    char path[512];
    arena a;
    diags d;
    table t;
    table_options opt;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = make_test_dir();
    snprintf(f->path, sizeof f->path, "%s/book.xlsx", f->dir);
    diags_init(&f->d);
    table_options_init(&f->opt);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    arena_clear(&f->a);
    diags_clear(&f->d);
    remove_test_dir(f->dir);
    free(f);
    return 0;
}

static folio_error read_book(fixture *f)
{
    diags_clear(&f->d);
    return export_read(&f->a, f->path, &f->opt, &f->t, &f->d);
}

/* A projects sheet as a PPM tool exports it, after a notes sheet, with two blank rows on top. */
static void write_projects_book(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *notes = workbook_add_worksheet(wb, "Notes");
    worksheet_write_string(notes, 0, 0, "Exported from the PPM tool", NULL);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Projects");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    lxw_format *stamp = workbook_add_format(wb);
    format_set_num_format(stamp, "m/d/yyyy h:mm AM/PM");
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "\"$\"#,##0.00");
    lxw_format *quoted = workbook_add_format(wb);
    format_set_num_format(quoted, "0.0 \"days\"");
    const char *headers[] = {"ID", "Name", "Cost", "Must", "Start", "Finish", "Total", "Grade", "Check", "Effort"};
    for (int c = 0; c < 10; c++)
        worksheet_write_string(ws, 2, (lxw_col_t)c, headers[c], NULL);
    worksheet_write_string(ws, 3, 0, "P-1", NULL);
    worksheet_write_string(ws, 3, 1, "Café \"Ünïcode\" & <xml>", NULL);
    worksheet_write_number(ws, 3, 2, 1250000.5, money);
    worksheet_write_boolean(ws, 3, 3, 1, NULL);
    lxw_datetime d1 = {2027, 1, 15, 0, 0, 0};
    worksheet_write_datetime(ws, 3, 4, &d1, date);
    lxw_datetime d2 = {2027, 6, 30, 17, 30, 0};
    worksheet_write_datetime(ws, 3, 5, &d2, stamp);
    worksheet_write_formula_num(ws, 3, 6, "=C4*2", NULL, 2500001);
    worksheet_write_formula_str(ws, 3, 7, "=IF(C4>1,\"High\",\"Low\")", NULL, "High");
    worksheet_write_formula_str(ws, 3, 8, "=NA()", NULL, "#N/A");
    worksheet_write_number(ws, 3, 9, 129, quoted); /* a number format with letters in quotes: no date */
    worksheet_write_string(ws, 5, 0, "P-2", NULL); /* a blank row between: skipped */
    worksheet_write_number(ws, 5, 2, 0.1 + 0.2, NULL);
    worksheet_write_boolean(ws, 5, 3, 0, NULL);
    lxw_datetime d3 = {1900, 3, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 5, 4, &d3, date);
    workbook_close(wb);
}

static void cells_read_as_they_show(void **state)
{
    fixture *f = *state;
    write_projects_book(f->path);
    f->opt.sheet = "Benefits, projects"; /* the first name of the list the workbook has, in any case */
    assert_int_equal(read_book(f), FOLIO_OK);
    assert_non_null(strstr(f->t.path, "/book.xlsx[Projects]")); /* messages name the sheet */
    assert_int_equal(f->t.n_cols, 10);
    assert_string_equal(f->t.header[0], "ID");
    assert_int_equal(f->t.n_rows, 2);
    assert_int_equal(f->t.rows[0].line, 4); /* the sheet's own row numbers */
    assert_int_equal(f->t.rows[1].line, 6);
    char **r = f->t.rows[0].fields;
    assert_string_equal(r[1], "Caf\xC3\xA9 \"\xC3\x9Cn\xC3\xAF" "code\" & <xml>");
    assert_string_equal(r[2], "1250000.5");
    assert_string_equal(r[3], "TRUE");
    assert_string_equal(r[4], "2027-01-15");
    assert_string_equal(r[5], "2027-06-30T17:30:00");
    assert_string_equal(r[6], "2500001");
    assert_string_equal(r[7], "High");
    assert_string_equal(r[8], "#N/A");
    assert_string_equal(r[9], "129");
    r = f->t.rows[1].fields;
    assert_string_equal(r[1], "");
    assert_string_equal(r[2], "0.3"); /* 15 significant digits, as spreadsheets show it */
    assert_string_equal(r[3], "FALSE");
    assert_string_equal(r[4], "1900-03-01");
    /* The first sheet by default. */
    f->opt.sheet = NULL;
    assert_int_equal(read_book(f), FOLIO_EINPUT); /* Notes has a header but no data rows */
    assert_diag(&f->d, 2, NULL, "the sheet has a header row but no data rows");
}

/* Rows with one value above the header are a report's title: skipped, with a warning. */
static void title_rows_above_the_header_are_skipped(void **state)
{
    fixture *f = *state;
    lxw_workbook *wb = workbook_new(f->path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Report");
    worksheet_write_string(ws, 0, 0, "Portfolio report Q1 2027", NULL);
    worksheet_write_string(ws, 1, 3, "Exported 2027-01-04", NULL);
    /* A row of styled blank cells, as exports write them: skipped unsaid, as a blank CSV line is. */
    lxw_format *shaded = workbook_add_format(wb);
    format_set_bg_color(shaded, 0xDDEBF7);
    worksheet_write_blank(ws, 2, 0, shaded);
    worksheet_write_blank(ws, 2, 1, shaded);
    const char *headers[] = {"id", "cost", "name", "note"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 3, (lxw_col_t)c, headers[c], NULL);
    worksheet_write_string(ws, 4, 0, "P1", NULL);
    worksheet_write_number(ws, 4, 1, 100, NULL);
    worksheet_write_string(ws, 5, 0, "P2", NULL); /* one value below the header: a row all the same */
    workbook_close(wb);
    assert_int_equal(read_book(f), FOLIO_OK);
    assert_string_equal(f->t.header[0], "id");
    assert_int_equal(f->t.n_cols, 4);
    assert_int_equal(f->t.n_rows, 2);
    assert_int_equal(f->t.rows[1].line, 6);
    assert_diag(&f->d, 1, NULL, "rows 1-2 hold one value at most, as a title does, and were skipped; the header is row 4");
    /* No row with two values: a list of ids, its first row the header. */
    wb = workbook_new(f->path);
    ws = workbook_add_worksheet(wb, "Approved");
    worksheet_write_string(ws, 0, 0, "Project ID", NULL);
    worksheet_write_string(ws, 1, 0, "P1", NULL);
    worksheet_write_string(ws, 2, 0, "P2", NULL);
    workbook_close(wb);
    assert_int_equal(read_book(f), FOLIO_OK);
    assert_string_equal(f->t.header[0], "Project ID");
    assert_int_equal(f->t.n_rows, 2);
    assert_int_equal(f->d.n_warnings, 0);
}

static void refusals_name_the_sheet_row_and_cell(void **state)
{
    fixture *f = *state;
    write_projects_book(f->path);
    f->opt.sheet = "Budget";
    assert_int_equal(read_book(f), FOLIO_EINPUT);
    assert_diag(&f->d, 0, NULL, "the workbook has no sheet 'Budget' ([input] sheet); its sheets: Notes, Projects");
    /* A value right of the last header. */
    lxw_workbook *wb = workbook_new(f->path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "S");
    worksheet_write_string(ws, 0, 0, "id", NULL);
    worksheet_write_string(ws, 0, 1, "cost", NULL);
    worksheet_write_string(ws, 1, 0, "P1", NULL);
    worksheet_write_number(ws, 1, 3, 5, NULL);
    workbook_close(wb);
    f->opt.sheet = NULL;
    assert_int_equal(read_book(f), FOLIO_EINPUT);
    assert_diag(&f->d, 2, NULL, "cell D2 holds \"5\" but the header row (1) has no column there");
    /* An empty sheet (found by fuzz_xlsx: the empty cell list went to qsort as a null array). */
    wb = workbook_new(f->path);
    workbook_add_worksheet(wb, "Empty");
    workbook_close(wb);
    assert_int_equal(read_book(f), FOLIO_EINPUT);
    assert_diag(&f->d, 1, NULL, "the sheet is empty; expected a header row and data rows");
    /* Not a workbook at all, and an archive that is no .xlsx. */
    FILE *out = fopen(f->path, "wb");
    fputs("PK\x03\x04 broken", out);
    fclose(out);
    assert_int_equal(read_book(f), FOLIO_EINPUT);
    assert_diag(&f->d, 0, NULL, "not an .xlsx workbook");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(cells_read_as_they_show, setup, teardown),
        cmocka_unit_test_setup_teardown(title_rows_above_the_header_are_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(refusals_name_the_sheet_row_and_cell, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
