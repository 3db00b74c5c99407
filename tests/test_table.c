/* test_table.c - CSV exports as real tools write them: BOMs, CRLF, delimiters, quoting, line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "xlsx.h"
#include "test_support.h"

typedef struct fixture {
    arena a;
    diags d;
    table t;
    table_options opt;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
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
    free(f);
    return 0;
}

static folio_error parse(fixture *f, const char *text)
{
    return table_parse(&f->a, "x.csv", text, strlen(text), &f->opt, &f->t, &f->d);
}

static void comma_export_with_bom_and_crlf_reads(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "\xEF\xBB\xBFid,Cost\r\nP1,100\r\nP2,200\r\n"), FOLIO_OK);
    assert_int_equal(f->t.delimiter, ',');
    assert_int_equal(f->t.n_cols, 2);
    assert_string_equal(f->t.header[0], "id"); /* the BOM is not part of the first header */
    assert_string_equal(f->t.header_norm[1], "cost");
    assert_int_equal(f->t.n_rows, 2);
    assert_string_equal(f->t.rows[1].fields[1], "200");
    assert_int_equal(f->t.rows[1].line, 3);
}

static void semicolon_and_tab_delimiters_are_detected(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "id;cost;name\nP1;1.200,50;Alpha, Beta\n"), FOLIO_OK);
    assert_int_equal(f->t.delimiter, ';');
    assert_string_equal(f->t.rows[0].fields[2], "Alpha, Beta");
    assert_int_equal(parse(f, "id\tcost\tname\nP1\t100\tTab sep, with space\n"), FOLIO_OK);
    assert_int_equal(f->t.delimiter, '\t');
    assert_string_equal(f->t.rows[0].fields[2], "Tab sep, with space");
}

static void delimiter_can_be_forced(void **state)
{
    fixture *f = *state;
    f->opt.delimiter = ';';
    /* The header alone would suggest ','; the rules say ';'. */
    assert_int_equal(parse(f, "id;a,b\nP1;x,y\n"), FOLIO_OK);
    assert_int_equal(f->t.n_cols, 2);
    assert_string_equal(f->t.header[1], "a,b");
}

static void excel_separator_line_names_the_delimiter(void **state)
{
    fixture *f = *state;
    /* The header alone would suggest ','; Excel's first line says ';', and is line 1. */
    assert_int_equal(parse(f, "sep=;\r\nid;a,b,c\r\nP1;1,5\r\n"), FOLIO_OK);
    assert_int_equal(f->t.delimiter, ';');
    assert_int_equal(f->t.n_cols, 2);
    assert_string_equal(f->t.header[0], "id");
    assert_string_equal(f->t.rows[0].fields[1], "1,5");
    assert_int_equal(f->t.rows[0].line, 3);
    assert_int_equal(parse(f, "\xEF\xBB\xBFSEP=\t\nid\tcost\nP1\t2\n"), FOLIO_OK);
    assert_int_equal(f->t.delimiter, '\t');
    assert_string_equal(f->t.rows[0].fields[1], "2");
    f->opt.delimiter = ',';
    assert_int_equal(parse(f, "sep=,\nid,cost\nP1,2\n"), FOLIO_OK); /* the rules agree */
    assert_int_equal(f->t.n_cols, 2);
    /* A header that only starts like one is a header. */
    f->opt.delimiter = 0;
    assert_int_equal(parse(f, "sep=,x\nP1,2\n"), FOLIO_OK);
    assert_string_equal(f->t.header[0], "sep=");
    assert_int_equal(f->t.rows[0].line, 2);
}

static void separator_line_naming_another_delimiter_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "sep=|\nid|cost\nP1|2\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 1, NULL, "the first line \"sep=|\" names a delimiter folio does not read");
    diags_clear(&f->d);
    diags_init(&f->d);
    f->opt.delimiter = ',';
    assert_int_equal(parse(f, "sep=;\nid;cost\nP1;2\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 1, NULL, "names the delimiter semicolon, but [input] delimiter = comma");
    diags_clear(&f->d);
    diags_init(&f->d);
    assert_int_equal(parse(f, "sep=,\r\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 2, NULL, "the file is empty");
}

/* Lines with one value at most above the header are a report's title: skipped, with a warning. */
static void title_lines_above_the_header_are_skipped(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "Portfolio report\n,,Exported 2027-01-04\n\nid,cost,name\nP1,1,a\nP2,,\n"), FOLIO_OK);
    assert_string_equal(f->t.header[0], "id");
    assert_int_equal(f->t.n_rows, 2); /* one value below the header: a row all the same */
    assert_int_equal(f->t.rows[0].line, 5);
    assert_diag(&f->d, 1, NULL, "lines 1-2 hold one value at most, as a title does, and were skipped; the header is line 4");
    diags_clear(&f->d);
    diags_init(&f->d);
    /* No line with two values: a list of ids, its first line the header. */
    assert_int_equal(parse(f, "\nProject ID\nP1\n\"P2\"\n"), FOLIO_OK);
    assert_string_equal(f->t.header[0], "Project ID");
    assert_int_equal(f->t.n_rows, 2);
    assert_int_equal(f->t.rows[1].line, 4);
    assert_int_equal(f->d.n_warnings, 0);
}

static void quoted_fields_hold_delimiters_quotes_and_newlines(void **state)
{
    fixture *f = *state;
    const char *csv = "id,name,note\n"
                      "P1,\"Customer identity, SSO\",\"He said \"\"go\"\"\"\n"
                      "P2,\"Two\nlines\",x\n"
                      "P3,plain,y\n";
    assert_int_equal(parse(f, csv), FOLIO_OK);
    assert_int_equal(f->t.n_rows, 3);
    assert_string_equal(f->t.rows[0].fields[1], "Customer identity, SSO");
    assert_string_equal(f->t.rows[0].fields[2], "He said \"go\"");
    assert_string_equal(f->t.rows[1].fields[1], "Two\nlines");
    assert_int_equal(f->t.rows[1].line, 3);
    assert_int_equal(f->t.rows[2].line, 5); /* the quoted newline took a physical line */
}

static void blank_rows_are_skipped_but_lines_still_count(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "id,cost\n\nP1,1\n,\nP2,2"), FOLIO_OK);
    assert_int_equal(f->t.n_rows, 2);
    assert_int_equal(f->t.rows[0].line, 3);
    assert_int_equal(f->t.rows[1].line, 5);
    assert_string_equal(f->t.rows[1].fields[1], "2"); /* last line without a newline */
}

static void wrong_field_count_is_reported_per_row(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "id,cost\nP1,1\nP2\nP3,3,4\nP4,4\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 3, NULL, "row has 1 fields but the header has 2");
    assert_diag(&f->d, 4, NULL, "row has 3 fields but the header has 2");
    assert_int_equal(f->t.n_rows, 2); /* the good rows are kept so that later checks still run */
}

static void empty_and_header_only_files_are_errors(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, ""), FOLIO_EINPUT);
    assert_diag(&f->d, 1, NULL, "the file is empty");
    assert_int_equal(parse(f, "\xEF\xBB\xBF"), FOLIO_EINPUT);
    assert_int_equal(parse(f, "id,cost\r\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 2, NULL, "header line but no data rows");
}

/* A file that is not UTF-8 is one problem of the file, not one per cell: under auto a Windows-1252
 * file is read as such with one warning; said to be UTF-8, or in neither, it is one error. */
static void encodings_are_read_or_refused_once(void **state)
{
    fixture *f = *state;
    const char *cp1252 = "id,name\nP1,ok\nP2,Caf\xE9 \x80 \x93x\x93\nP3,M\xFCller\n";
    assert_int_equal(parse(f, cp1252), FOLIO_OK);
    assert_string_equal(f->t.rows[1].fields[1], "Caf\xC3\xA9 \xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9C");
    assert_string_equal(f->t.rows[2].fields[1], "M\xC3\xBCller");
    assert_int_equal(f->d.n_warnings, 1);
    assert_diag(&f->d, 3, NULL, "read as Windows-1252");
    f->opt.encoding = TABLE_ENCODING_UTF8;
    diags_clear(&f->d);
    assert_int_equal(parse(f, cp1252), FOLIO_EINPUT);
    assert_int_equal(f->d.n_errors, 1);
    assert_diag(&f->d, 3, NULL, "not UTF-8 (byte 0xE9 at column 7)");
    f->opt.encoding = TABLE_ENCODING_CP1252;
    assert_int_equal(parse(f, "id,name\nP1,\x80\x9C\n"), FOLIO_OK);
    assert_string_equal(f->t.rows[0].fields[1], "\xE2\x82\xAC\xC5\x93");
    diags_clear(&f->d);
    assert_int_equal(parse(f, "id,name\nP1,a\x8D\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 2, NULL, "byte 0x8D at column 5 is no Windows-1252 character");
    f->opt.encoding = TABLE_ENCODING_LATIN1;
    assert_int_equal(parse(f, "id,name\nP1,\x80\xE9\n"), FOLIO_OK);
    assert_string_equal(f->t.rows[0].fields[1], "\xC2\x80\xC3\xA9");
    f->opt.encoding = TABLE_ENCODING_AUTO;
    diags_clear(&f->d);
    assert_int_equal(parse(f, "id,name\nP1,a\x81\xE9\nP2,\xE9\n"), FOLIO_EINPUT);
    assert_int_equal(f->d.n_errors, 1);
    assert_diag(&f->d, 2, NULL, "nor Windows-1252");
    /* UTF-16 with its byte order mark, as Excel's "Unicode text" saves. */
    const char utf16[] = "\xFF\xFEi\0d\0,\0n\0\n\0P\0\x31\0,\0\xE9\0\n\0";
    assert_int_equal(table_parse(&f->a, "t.csv", utf16, sizeof utf16 - 1, &f->opt, &f->t, &f->d), FOLIO_OK);
    assert_string_equal(f->t.rows[0].fields[1], "\xC3\xA9");
}

static void absurdly_long_field_is_an_error(void **state)
{
    fixture *f = *state;
    f->opt.max_field = 100;
    char csv[512] = "id,name\nP1,";
    memset(csv + strlen(csv), 'x', 150);
    strcat(csv, "\n");
    assert_int_equal(parse(f, csv), FOLIO_EINPUT);
    assert_diag(&f->d, 2, "name", "150 bytes long");
}

static void unterminated_quote_and_stray_quote_are_errors(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "id,name\nP1,\"never closed\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 2, NULL, "never closed");
    assert_int_equal(parse(f, "id,name\nP1,ok\nP2,a\"b\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 3, NULL, "malformed CSV");
}

/* Repeated headers are read; the model decides whether a rule reads one (Jira's Labels,Labels). */
static void repeated_headers_are_all_found(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "id,Cost,cost,Labels,Labels\nP1,1,2,a,b\n"), FOLIO_OK);
    int idx[4];
    assert_int_equal(table_find_columns(&f->t, "COST", idx, 4), 2);
    assert_int_equal(idx[0], 1);
    assert_int_equal(idx[1], 2);
    assert_int_equal(table_find_columns(&f->t, "labels", idx, 1), 2);
    assert_int_equal(table_find_columns(&f->t, "id", idx, 4), 1);
}

static void columns_are_found_by_normalised_name(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "Project ID,Depends-On,COST\nP1,,1\n"), FOLIO_OK);
    assert_int_equal(table_find_column(&f->t, "project_id"), 0);
    assert_int_equal(table_find_column(&f->t, "depends on"), 1);
    assert_int_equal(table_find_column(&f->t, "cost"), 2);
    assert_int_equal(table_find_column(&f->t, "name"), -1);
}

static void missing_file_is_an_io_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(export_read(&f->a, "/nonexistent/folio.csv", &f->opt, &f->t, &f->d), FOLIO_EIO);
    assert_diag(&f->d, 0, NULL, "cannot open");
}

/* Found by fuzz_csv: a file whose lines end in a lone CR (old Mac, Excel for Mac's "CSV
 * (Macintosh)") was one physical line to the line counter, so every row was "line 1". */
static void lone_carriage_returns_end_lines_too(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "id,cost\rP1,100\rP2,200\r"), FOLIO_OK);
    assert_int_equal(f->t.n_rows, 2);
    assert_int_equal(f->t.rows[0].line, 2);
    assert_int_equal(f->t.rows[1].line, 3);
    assert_int_equal(parse(f, "id,cost\rP1,100\r\rP2,200,7\r"), FOLIO_EINPUT);
    assert_diag(&f->d, 4, NULL, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lone_carriage_returns_end_lines_too, setup, teardown),
        cmocka_unit_test_setup_teardown(comma_export_with_bom_and_crlf_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(semicolon_and_tab_delimiters_are_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(delimiter_can_be_forced, setup, teardown),
        cmocka_unit_test_setup_teardown(excel_separator_line_names_the_delimiter, setup, teardown),
        cmocka_unit_test_setup_teardown(separator_line_naming_another_delimiter_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(title_lines_above_the_header_are_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(quoted_fields_hold_delimiters_quotes_and_newlines, setup, teardown),
        cmocka_unit_test_setup_teardown(blank_rows_are_skipped_but_lines_still_count, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_field_count_is_reported_per_row, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_and_header_only_files_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(encodings_are_read_or_refused_once, setup, teardown),
        cmocka_unit_test_setup_teardown(absurdly_long_field_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(unterminated_quote_and_stray_quote_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_headers_are_all_found, setup, teardown),
        cmocka_unit_test_setup_teardown(columns_are_found_by_normalised_name, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_file_is_an_io_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
