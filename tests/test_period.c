/* test_period.c - the planning horizon and the period labels exports write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "period.h"

static void quarter_horizon_reads_every_label_form(void **state)
{
    (void)state;
    period_horizon h;
    char why[256];
    assert_true(period_parse_horizon("2027-Q1..2028-Q4", &h, why, sizeof why));
    assert_int_equal(h.kind, PERIOD_QUARTER);
    assert_int_equal(h.count, 8);
    const char *q3[] = {"2027-Q3", "2027Q3", "Q3 2027", "Q3-2027", "q3 2027", "2027-07", "2027-08-15", "2027/09"};
    for (size_t k = 0; k < sizeof q3 / sizeof *q3; k++) {
        long off = -99;
        assert_true(period_offset(&h, q3[k], &off));
        assert_int_equal(off, 2);
    }
    long off;
    assert_true(period_offset(&h, "2028-Q4", &off));
    assert_int_equal(off, 7);
    assert_true(period_offset(&h, "2026-Q4", &off)); /* before the horizon: an offset, not an error */
    assert_int_equal(off, -1);
    char label[32];
    period_label(&h, 5, label, sizeof label);
    assert_string_equal(label, "2028-Q2");
    assert_int_equal(period_months(&h), 3);
}

static void month_horizon_reads_months_and_dates(void **state)
{
    (void)state;
    period_horizon h;
    char why[256];
    assert_true(period_parse_horizon("2027-01..2027-12", &h, why, sizeof why));
    assert_int_equal(h.kind, PERIOD_MONTH);
    assert_int_equal(h.count, 12);
    long off;
    assert_true(period_offset(&h, "2027-03-31", &off));
    assert_int_equal(off, 2);
    assert_true(period_offset(&h, "2028-01", &off));
    assert_int_equal(off, 12);
    assert_false(period_offset(&h, "2027-Q2", &off)); /* a quarter is ambiguous in months */
    char label[32];
    period_label(&h, 11, label, sizeof label);
    assert_string_equal(label, "2027-12");
}

static void malformed_horizons_and_labels_are_refused(void **state)
{
    (void)state;
    period_horizon h;
    char why[256];
    assert_false(period_parse_horizon("2027-Q1", &h, why, sizeof why));
    assert_non_null(strstr(why, "FIRST..LAST"));
    assert_false(period_parse_horizon("2028-Q1..2027-Q1", &h, why, sizeof why));
    assert_non_null(strstr(why, "ends before it starts"));
    assert_false(period_parse_horizon("2027-Q1..2027-12", &h, why, sizeof why));
    assert_non_null(strstr(why, "both ends"));
    assert_true(period_parse_horizon("2027-Q1..2027-Q4", &h, why, sizeof why));
    long off;
    const char *bad[] = {"", "Q5 2027", "2027-13", "2027-Q0", "next quarter", "27-Q1", "2027-01-40", "2027-Q1x"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        if (period_offset(&h, bad[k], &off))
            fail_msg("\"%s\" was accepted as offset %ld", bad[k], off);
}

/* A date as written and the offset it reads as. */
typedef struct dated {
    const char *s;
    long month; /* offset from the horizon's first period */
} dated;

/* Fails unless every date of good[n] reads as its offset. */
static void expect_offsets(const period_horizon *h, const period_style *st, const dated *good, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        long off = -99;
        period_read r = period_read_offset(h, st, good[k].s, &off);
        if (r != PERIOD_READ_OK || off != good[k].month)
            fail_msg("\"%s\": read %d, offset %ld, expected %ld", good[k].s, (int)r, off, good[k].month);
    }
}

/* Every date form PPM tools export, read against a monthly horizon starting 2027-01. */
static void dates_as_exports_write_them(void **state)
{
    (void)state;
    period_horizon h;
    char why[256];
    assert_true(period_parse_horizon("2027-01..2028-12", &h, why, sizeof why));
    const period_style st = {DATE_ORDER_AUTO, 0};
    const dated good[] = {
        {"2027-01-15", 0},           {"2027-01-15T00:00:00", 0},  {"2027-02-15T08:00:00Z", 1},
        {"2027-03-15 08:00:00", 2},  {"2027-04-01T09:30:00+02:00", 3}, {"1/21/2027 8:00 AM", 0},
        {"15.01.2027", 0},           {"04.07.27", 6},             {"15/Jan/27", 0},
        {"Jan 2027", 0},             {"January 15, 2027", 0},     {"15-Jan-2027", 0},
        {"Sept. 3, 2027", 8},        {"3 März 2027", 2},          {"12/31/2027", 11},
        {"31/12/2027", 11},          {"05/05/2027", 4},           {"Dez 2028", 23},
        {"01/2028", 12},             {"2027-06", 5},
    };
    expect_offsets(&h, &st, good, sizeof good / sizeof *good);
    long off;
    /* 04/07/27 reads both ways: refused under auto, read as the rules say otherwise. */
    assert_int_equal(period_read_offset(&h, &st, "04/07/27", &off), PERIOD_READ_AMBIGUOUS);
    const period_style dmy = {DATE_ORDER_DMY, 0}, mdy = {DATE_ORDER_MDY, 0}, ymd = {DATE_ORDER_YMD, 0};
    assert_int_equal(period_read_offset(&h, &dmy, "04/07/27", &off), PERIOD_READ_OK);
    assert_int_equal(off, 6);
    assert_int_equal(period_read_offset(&h, &mdy, "04/07/27", &off), PERIOD_READ_OK);
    assert_int_equal(off, 3);
    assert_int_equal(period_read_offset(&h, &ymd, "27/04/07", &off), PERIOD_READ_OK);
    assert_int_equal(off, 3);
    assert_int_equal(period_read_offset(&h, &mdy, "13/01/2027", &off), PERIOD_READ_INVALID);
    const char *bad[] = {"2027-02-30", "32.01.2027", "Janvier 2027", "15/Jan", "next month", "1/21/2027 noon",
                         "FY27", "2027-01-15T25", "15.01.27.1", "Jan 15 2027 2028"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        if (period_read_offset(&h, &st, bad[k], &off) == PERIOD_READ_OK)
            fail_msg("\"%s\" was accepted as offset %ld", bad[k], off);
    /* A quarter, fiscal or not, is ambiguous in months. */
    assert_int_equal(period_read_offset(&h, &st, "FY27 Q1", &off), PERIOD_READ_KIND);
}

/* A weekday before the date, as Microsoft Project's "Mon 1/28/02" format writes it, is checked
 * against the date and decides an order that auto could not. */
static void weekday_before_a_date_is_checked_and_can_decide_the_order(void **state)
{
    (void)state;
    period_horizon h;
    char why[256];
    assert_true(period_parse_horizon("2027-01..2028-12", &h, why, sizeof why));
    const period_style st = {DATE_ORDER_AUTO, 0}, mdy = {DATE_ORDER_MDY, 0}, dmy = {DATE_ORDER_DMY, 0};
    const dated good[] = {
        {"Mon 1/4/27", 0},          /* 4 January 2027 was a Monday; 1 April a Thursday */
        {"Thu 1/4/27", 3},          /* and so this is 1 April */
        {"Mo 04.01.27", 0},         {"Mi. 20.01.2027", 0},         {"Wed 1/20/27 8:00 AM", 0},
        {"Monday, January 4, 2027", 0}, {"Fri 31-Dec-27", 11},     {"SAT 2028-01-01", 12},
    };
    expect_offsets(&h, &st, good, sizeof good / sizeof *good);
    long off;
    /* A weekday that fits neither reading, or the one the rules name, is refused, not ignored. */
    assert_int_equal(period_read_offset(&h, &st, "Tue 1/4/27", &off), PERIOD_READ_WEEKDAY);
    assert_int_equal(period_read_offset(&h, &st, "Thu 1/7/27", &off), PERIOD_READ_AMBIGUOUS); /* both */
    assert_int_equal(period_read_offset(&h, &mdy, "Mon 4/1/27", &off), PERIOD_READ_WEEKDAY);
    assert_int_equal(period_read_offset(&h, &dmy, "Mon 4/1/27", &off), PERIOD_READ_OK);
    assert_int_equal(off, 0);
    assert_int_equal(period_read_offset(&h, &st, "Tue 20.01.2027", &off), PERIOD_READ_WEEKDAY);
    /* Only before a whole date: not before a month or a quarter, nor twice. */
    const char *bad[] = {"Mon Jan 2027", "Mon 2027-01", "Mon FY27 Q1", "Mon Mon 1/4/27", "1/4/27 Mon", "Mon"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        if (period_read_offset(&h, &st, bad[k], &off) == PERIOD_READ_OK)
            fail_msg("\"%s\" was accepted as offset %ld", bad[k], off);
}

/* Fiscal quarters are named by the year they end in: FY27 Q1 with a July start is 2026-Q3. */
static void fiscal_quarters_follow_the_fiscal_year(void **state)
{
    (void)state;
    period_horizon h;
    char why[256];
    assert_true(period_parse_horizon("2026-Q1..2028-Q4", &h, why, sizeof why));
    const period_style cal = {DATE_ORDER_AUTO, 0}, july = {DATE_ORDER_AUTO, 6}, oct = {DATE_ORDER_AUTO, 9};
    long off;
    const char *forms[] = {"FY27 Q1", "FY2027-Q1", "Q1 FY27", "FY27Q1", "fy 2027 q1"};
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
        assert_int_equal(period_read_offset(&h, &cal, forms[k], &off), PERIOD_READ_OK);
        assert_int_equal(off, 4); /* 2027-Q1 */
        assert_int_equal(period_read_offset(&h, &july, forms[k], &off), PERIOD_READ_OK);
        assert_int_equal(off, 2); /* 2026-Q3 */
    }
    assert_int_equal(period_read_offset(&h, &oct, "FY27 Q4", &off), PERIOD_READ_OK);
    assert_int_equal(off, 6); /* 2027-Q3 */
    assert_int_equal(period_read_offset(&h, &cal, "FY27 Q5", &off), PERIOD_READ_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quarter_horizon_reads_every_label_form),
        cmocka_unit_test(month_horizon_reads_months_and_dates),
        cmocka_unit_test(malformed_horizons_and_labels_are_refused),
        cmocka_unit_test(dates_as_exports_write_them),
        cmocka_unit_test(weekday_before_a_date_is_checked_and_can_decide_the_order),
        cmocka_unit_test(fiscal_quarters_follow_the_fiscal_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
