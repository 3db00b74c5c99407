/* test_text.c - reading numbers, money, booleans and names as spreadsheets export them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "text.h"

static const text_number_style POINT = {false}, COMMA = {true};

static void expect_number(const char *s, text_number_style style, double want)
{
    double v = NAN;
    text_number_result r = text_parse_number(s, style, &v);
    if (r != TEXT_NUMBER_OK)
        fail_msg("\"%s\" did not parse (result %d)", s, (int)r);
    if (fabs(v - want) > 1e-9 * fmax(1.0, fabs(want)))
        fail_msg("\"%s\" parsed as %.17g, want %.17g", s, v, want);
}

static void expect_invalid(const char *s, text_number_style style)
{
    double v = 0;
    if (text_parse_number(s, style, &v) != TEXT_NUMBER_INVALID)
        fail_msg("\"%s\" was accepted as %g", s, v);
}

static void plain_numbers_parse(void **state)
{
    (void)state;
    expect_number("42", POINT, 42);
    expect_number(" 3.25 ", POINT, 3.25);
    expect_number("-7", POINT, -7);
    expect_number("+7", POINT, 7);
    expect_number(".5", POINT, 0.5);
    expect_number("1.5e6", POINT, 1.5e6);
    expect_number("0", POINT, 0);
}

static void thousands_separators_and_currency_parse(void **state)
{
    (void)state;
    expect_number("1,234,567", POINT, 1234567);
    expect_number("$1,250,000", POINT, 1250000);
    expect_number("$ 1,250,000.50", POINT, 1250000.5);
    expect_number("\xE2\x82\xAC" "12,000", POINT, 12000);          /* €12,000 */
    expect_number("\xC2\xA3" "900", POINT, 900);                     /* £900 */
    expect_number("1,200 USD", POINT, 1200);
    expect_number("EUR 3,000", POINT, 3000);
    expect_number("1 234 567", POINT, 1234567);
    expect_number("1\xC2\xA0" "234", POINT, 1234);                   /* no-break space */
    expect_number("1'234'567.5", POINT, 1234567.5);                  /* Swiss */
    expect_number("CHF 1\xE2\x80\x99" "234\xE2\x80\x99" "567.5", POINT, 1234567.5); /* Swiss, Windows 10 on */
    expect_invalid("1\xE2\x80\x99" "23", POINT);                     /* not a group of three */
    expect_number("R$ 1.200,00", COMMA, 1200);                       /* Brazil */
    expect_number("kr 1 200", POINT, 1200);                          /* Nordic */
    expect_number("1 200,50 z\xC5\x82", COMMA, 1200.5);              /* Poland */
}

/* India writes lakhs and crores in groups of two before the last three. */
static void indian_grouping_parses(void **state)
{
    (void)state;
    expect_number("\xE2\x82\xB9" "1,20,000", POINT, 120000);        /* ₹1,20,000 */
    expect_number("Rs. 12,34,56,789.50", POINT, 123456789.5);
    expect_number("INR 1,00,00,000", POINT, 10000000);               /* one crore */
    expect_number("99,999", POINT, 99999);                           /* a plain thousands group */
    expect_invalid("123,45,678", POINT);                            /* three before a group of two */
    expect_invalid("1,234,56,789", POINT);                          /* the two styles mixed */
    expect_invalid("1,20", POINT);                                  /* the last group is three */
    expect_invalid("1.20.000", COMMA);                              /* only with commas */
}

static void decimal_comma_parses_where_asked(void **state)
{
    (void)state;
    expect_number("1.234,56", COMMA, 1234.56);
    expect_number("498.057,86 \xE2\x82\xAC", COMMA, 498057.86);
    expect_number("0,5", COMMA, 0.5);
    expect_number("12,5%", COMMA, 0.125);
    expect_number("1 234,5", COMMA, 1234.5);
    /* With a decimal point style, a comma is a thousands separator, and 0,5 is not a number. */
    expect_invalid("0,5", POINT);
}

static void percentages_and_finance_negatives_parse(void **state)
{
    (void)state;
    expect_number("12%", POINT, 0.12);
    expect_number("12.5 %", POINT, 0.125);
    expect_number("(1,200)", POINT, -1200);
    expect_number("($1,200.00)", POINT, -1200);
    expect_number("-$300", POINT, -300);
    expect_number("\xE2\x88\x92" "5", POINT, -5); /* U+2212 minus sign */
}

static void malformed_numbers_are_rejected(void **state)
{
    (void)state;
    expect_invalid("12..5", POINT);
    expect_invalid("abc", POINT);
    expect_invalid("1,23", POINT);      /* a group of two digits */
    expect_invalid("1,2345", POINT);
    expect_invalid("(100", POINT);
    expect_invalid("-(100)", POINT);
    expect_invalid("--5", POINT);
    expect_invalid("5 apples", POINT);
    expect_invalid("N/A", POINT);
    expect_invalid("-", POINT);
    expect_invalid("1.2.3", POINT);
    double v = 99;
    assert_int_equal(text_parse_number("", POINT, &v), TEXT_NUMBER_EMPTY);
    assert_int_equal(text_parse_number("   ", POINT, &v), TEXT_NUMBER_EMPTY);
    assert_int_equal(text_parse_number("$", POINT, &v), TEXT_NUMBER_EMPTY);
    assert_true(v == 99);
}

static void booleans_parse_in_every_spelling(void **state)
{
    (void)state;
    const char *yes[] = {"yes", "YES", "Yes", "true", "TRUE", "y", "Y", "1", "x", "X", " yes "};
    const char *no[] = {"no", "No", "false", "n", "0", "", "  "};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        bool b = false;
        assert_true(text_parse_bool(yes[i], &b));
        assert_true(b);
    }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        bool b = true;
        assert_true(text_parse_bool(no[i], &b));
        assert_false(b);
    }
    bool b = true;
    assert_false(text_parse_bool("maybe", &b));
    assert_false(text_parse_bool("2", &b));
    assert_true(b);
}

static void names_match_ignoring_case_blanks_underscores_and_hyphens(void **state)
{
    (void)state;
    char out[64];
    text_normalise_name("  Depends On ", out, sizeof out);
    assert_string_equal(out, "depends_on");
    text_normalise_name("depends-on", out, sizeof out);
    assert_string_equal(out, "depends_on");
    text_normalise_name("DEPENDS__ON", out, sizeof out);
    assert_string_equal(out, "depends_on");
    text_normalise_name("Project  ID", out, sizeof out);
    assert_string_equal(out, "project_id");
}

static void utf8_validation_finds_the_bad_byte(void **state)
{
    (void)state;
    size_t at = 0;
    assert_true(text_utf8_valid("caf\xC3\xA9", 5, &at));
    assert_true(text_utf8_valid("\xE2\x82\xAC\xF0\x9F\x98\x80", 7, &at));
    assert_false(text_utf8_valid("caf\xE9!", 5, &at));
    assert_int_equal(at, 3);
    assert_false(text_utf8_valid("\xC0\xAF", 2, &at)); /* overlong '/' */
    assert_false(text_utf8_valid("\xED\xA0\x80", 3, &at)); /* surrogate */
    assert_false(text_utf8_valid("ab\xE2\x82", 4, &at));   /* truncated */
    assert_int_equal(at, 2);
    /* A name cut short for a message ends between characters: every cut of a string of 1-, 2-, 3-
     * and 4-byte characters is valid and as long as that allows. */
    const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z"; /* a é € 😀 z: 1 + 2 + 3 + 4 + 1 */
    const int want[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11, 11};
    for (size_t max = 0; max < sizeof want / sizeof want[0]; max++) {
        int n = text_utf8_prefix(s, max);
        assert_int_equal(n, want[max]);
        assert_true(text_utf8_valid(s, (size_t)n, NULL) || n == 0);
    }
}

static void did_you_mean_suggests_close_names_only(void **state)
{
    (void)state;
    const char *keys[] = {"column", "source", "weight", "direction", "normalise", "range", "missing"};
    assert_string_equal(text_did_you_mean("wieght", keys, 7), "weight");
    assert_string_equal(text_did_you_mean("colum", keys, 7), "column");
    assert_string_equal(text_did_you_mean("normalize", keys, 7), "normalise");
    assert_null(text_did_you_mean("xyz", keys, 7));
    assert_null(text_did_you_mean("budget", keys, 7));
    assert_int_equal(text_edit_distance("kitten", "sitting", 10), 3);
}

static void amounts_format_compactly(void **state)
{
    (void)state;
    char buf[32];
    text_format_amount(31200000, buf, sizeof buf);
    assert_string_equal(buf, "31.2M");
    text_format_amount(2500, buf, sizeof buf);
    assert_string_equal(buf, "2500");
    text_format_amount(0.25, buf, sizeof buf);
    assert_string_equal(buf, "0.25");
    text_format_amount(25000, buf, sizeof buf);
    assert_string_equal(buf, "25k");
}

/* Found by fuzz_number: 127 digits and a decimal point, or 126 and an exponent, wrote one byte past
 * the parser's digit buffer (ASan: stack-buffer-overflow). Such numbers are refused. */
static void numbers_too_long_for_a_double_are_refused_whole(void **state)
{
    (void)state;
    text_number_style style = {false};
    char s[300];
    for (size_t digits = 126; digits < 131; digits++) {
        memset(s, '9', digits);
        strcpy(s + digits, "e5");
        expect_invalid(s, style);
        strcpy(s + digits, ".e-5");
        expect_invalid(s, style);
        strcpy(s + digits, ".");
        if (digits >= 127)
            expect_invalid(s, style);
    }
    memset(s, '9', 125);
    strcpy(s + 125, "e5"); /* 127 characters to convert: still a number */
    expect_number(s, style, 1e130);
}

/* Found by fuzz_number: a name cut short at its buffer's size could end in the separator. */
static void a_name_cut_short_never_ends_in_a_separator(void **state)
{
    (void)state;
    char out[8];
    text_normalise_name("abcdef ghi", out, sizeof out);
    assert_string_equal(out, "abcdef");
    text_normalise_name("abcde fgh", out, sizeof out);
    assert_string_equal(out, "abcde_f");
}

static void names_read_as_people_write_them(void **state)
{
    (void)state;
    char out[64];
    text_readable_name("strategic_fit", out, sizeof out);
    assert_string_equal(out, "Strategic fit");
    text_readable_name("_time--to_value_", out, sizeof out);
    assert_string_equal(out, "Time to value");
    text_readable_name("ROI", out, sizeof out);
    assert_string_equal(out, "ROI");
    text_readable_name("", out, sizeof out);
    assert_string_equal(out, "");
    text_readable_name("customer_impact", out, 9);
    assert_string_equal(out, "Customer");
}

static void a_money_value_says_its_currency(void **state)
{
    (void)state;
    char out[8];
    assert_true(text_currency_mark("$2,007,000", out, sizeof out));
    assert_string_equal(out, "$");
    assert_true(text_currency_mark("250.000,50 \xE2\x82\xAC", out, sizeof out));
    assert_string_equal(out, "\xE2\x82\xAC");
    assert_true(text_currency_mark("EUR 1.200", out, sizeof out));
    assert_string_equal(out, "EUR");
    assert_true(text_currency_mark("(1,200 GBP)", out, sizeof out));
    assert_string_equal(out, "GBP");
    assert_false(text_currency_mark("1,200", out, sizeof out));
    assert_false(text_currency_mark("EURO 5", out, sizeof out)); /* a word, not a code */
    assert_false(text_currency_mark("xUSD 5", out, sizeof out));
}

/* A unit after a number says what was counted and is dropped; a letter that could be a multiplier
 * (k, M) is no unit, so 1.2k is refused rather than read as 1.2. */
static void units_after_numbers_are_read_and_multipliers_refused(void **state)
{
    (void)state;
    const text_number_style point = {false}, comma = {true};
    const struct {
        const char *s;
        double v;
    } good[] = {{"9,100h", 9100}, {"12 FTE", 12}, {"34 pts", 34}, {"120 hrs", 120}, {"5 days", 5},
                {"2.5 fte", 2.5}, {"8 SP", 8}, {"40 hours", 40}};
    for (size_t k = 0; k < sizeof good / sizeof *good; k++) {
        double v = -1;
        assert_int_equal(text_parse_number(good[k].s, point, &v), TEXT_NUMBER_OK);
        assert_true(v == good[k].v);
    }
    double v;
    assert_int_equal(text_parse_number("9.100,5 h", comma, &v), TEXT_NUMBER_OK);
    assert_true(v == 9100.5);
    const char *bad[] = {"1.2k", "3M", "5 bn", "12 h h", "12 hx", "h", "10 mo"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        if (text_parse_number(bad[k], point, &v) == TEXT_NUMBER_OK)
            fail_msg("\"%s\" was read as %g", bad[k], v);
}

/* Empty-cell tokens and more yes/no words, as the rules add them. */
static void missing_tokens_and_boolean_words(void **state)
{
    (void)state;
    const char *defaults[] = {"N/A", "#N/A", "n/a", "TBD", "tbc", "-", "\xE2\x80\x94", "null"};
    for (size_t k = 0; k < sizeof defaults / sizeof *defaults; k++)
        assert_true(text_is_missing(defaults[k], NULL));
    assert_false(text_is_missing("", NULL));
    assert_false(text_is_missing("NA", NULL));
    assert_false(text_is_missing("-1", NULL));
    const text_words w = {"Ja, Oui", "Nein , Non", "k.A., ???"};
    assert_true(text_is_missing("k.a.", &w));
    assert_true(text_is_missing("???", &w));
    bool b = false;
    assert_true(text_parse_bool_words("ja", &w, &b) && b);
    assert_true(text_parse_bool_words("NON", &w, &b) && !b);
    assert_true(text_parse_bool_words("yes", &w, &b) && b);
    assert_false(text_parse_bool_words("vielleicht", &w, &b));
    assert_false(text_parse_bool_words("Ja", NULL, &b));
}

static void a_word_is_found_in_a_list_as_names_compare(void **state)
{
    (void)state;
    assert_true(text_name_in_list("in_progress", "Active, In Progress"));
    assert_true(text_name_in_list("Work-in-progress", "WIP, Work in Progress"));
    assert_true(text_name_in_list("ACTIVE", " Active "));
    assert_false(text_name_in_list("In", "In Progress"));
    assert_false(text_name_in_list("Active", NULL));
    assert_false(text_name_in_list("", "Active,,"));
    assert_true(text_ends_with("book.XLSX", ".xlsx"));
    assert_false(text_ends_with("x", ".json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(units_after_numbers_are_read_and_multipliers_refused),
        cmocka_unit_test(missing_tokens_and_boolean_words),
        cmocka_unit_test(numbers_too_long_for_a_double_are_refused_whole),
        cmocka_unit_test(a_name_cut_short_never_ends_in_a_separator),
        cmocka_unit_test(plain_numbers_parse),
        cmocka_unit_test(thousands_separators_and_currency_parse),
        cmocka_unit_test(indian_grouping_parses),
        cmocka_unit_test(decimal_comma_parses_where_asked),
        cmocka_unit_test(percentages_and_finance_negatives_parse),
        cmocka_unit_test(malformed_numbers_are_rejected),
        cmocka_unit_test(booleans_parse_in_every_spelling),
        cmocka_unit_test(names_match_ignoring_case_blanks_underscores_and_hyphens),
        cmocka_unit_test(utf8_validation_finds_the_bad_byte),
        cmocka_unit_test(did_you_mean_suggests_close_names_only),
        cmocka_unit_test(amounts_format_compactly),
        cmocka_unit_test(names_read_as_people_write_them),
        cmocka_unit_test(a_money_value_says_its_currency),
        cmocka_unit_test(a_word_is_found_in_a_list_as_names_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
