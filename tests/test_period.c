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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quarter_horizon_reads_every_label_form),
        cmocka_unit_test(month_horizon_reads_months_and_dates),
        cmocka_unit_test(malformed_horizons_and_labels_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
