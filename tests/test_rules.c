/* test_rules.c - the INI rule set: what it accepts, and errors that point at the right line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "rules.h"
#include "test_support.h"

typedef struct fixture {
    arena a;
    diags d;
    rules r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    diags_init(&f->d);
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
    diags_clear(&f->d);
    return rules_parse(&f->a, "r.ini", text, &f->r, &f->d);
}

static void full_rule_set_reads(void **state)
{
    fixture *f = *state;
    const char *ini = "; a comment\n"
                      "[portfolio]\n"
                      "name = Q1 review\n"
                      "objective = score\n"
                      "[input]\n"
                      "delimiter = semicolon\n"
                      "decimal = comma\n"
                      "[columns]\n"
                      "id = Project ID\n"
                      "Strategic Fit = SF (1-5)\n"
                      "[criterion Strategic Fit]\n"
                      "column = Strategic Fit\n"
                      "weight = 35   ; inline comment\n"
                      "normalise = range\n"
                      "range = 1..5\n"
                      "[criterion value]\n"
                      "source = benefits.total\n"
                      "weight = 65\n"
                      "direction = max\n"
                      "missing = worst\n"
                      "[capacity budget]\n"
                      "column = cost\n"
                      "limit = 25,000,000\n"
                      "[policy ops]\n"
                      "category = Operations\n"
                      "min = 2000000\n"
                      "count_max = 3\n";
    assert_int_equal(parse(f, ini), FOLIO_OK);
    assert_string_equal(f->r.name, "Q1 review");
    assert_int_equal(f->r.delimiter, ';');
    assert_int_equal(f->r.decimal_comma, 1);
    assert_int_equal(f->r.n_criteria, 2);
    assert_string_equal(f->r.criteria[0].name, "Strategic Fit");
    assert_int_equal(f->r.criteria[0].normalise, NORMALISE_RANGE);
    assert_rel(f->r.criteria[0].range_hi, 5, 0);
    assert_rel(f->r.criteria[0].weight, 35, 0);
    assert_string_equal(f->r.criteria[1].source, "benefits.total");
    assert_int_equal(f->r.criteria[1].missing, MISSING_WORST);
    assert_rel(f->r.capacities[0].limit, 25e6, 0);
    assert_true(f->r.policies[0].has_min && f->r.policies[0].has_count_max && !f->r.policies[0].has_max);
    assert_string_equal(f->r.policies[0].column, "cost"); /* min/max sum cost unless told */
    assert_string_equal(rules_mapped_header(&f->r, "strategic_fit"), "SF (1-5)");
    assert_null(rules_mapped_header(&f->r, "name"));
}

static void unknown_section_and_key_get_a_line_and_a_hint(void **state)
{
    fixture *f = *state;
    const char *ini = "[criterion a]\n"
                      "column = x\n"
                      "wieght = 3\n"
                      "[capacty budget]\n"
                      "limit = 5\n"
                      "[weird]\n"
                      "k = v\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_diag(&f->d, 3, "wieght", "did you mean 'weight'?");
    assert_diag(&f->d, 4, NULL, "unknown section [capacty budget]; did you mean [capacity budget]?");
    assert_diag(&f->d, 6, NULL, "unknown section [weird]; known sections");
    assert_diag(&f->d, 1, NULL, "[criterion a] has no 'weight'");
}

static void bad_values_are_reported_each_at_its_line(void **state)
{
    fixture *f = *state;
    const char *ini = "[criterion a]\n"
                      "column = x\n"
                      "weight = -2\n"
                      "direction = up\n"
                      "normalise = zscore\n"
                      "range = 5..1\n"
                      "missing = skip\n"
                      "[capacity c]\n"
                      "column = cost\n"
                      "limit = lots\n"
                      "[criterion a]\n"
                      "weight = 1\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_diag(&f->d, 3, "weight", "weight -2 is negative");
    assert_diag(&f->d, 4, "direction", "\"up\" is not a direction");
    assert_diag(&f->d, 5, "normalise", "\"zscore\" is not a normalisation");
    assert_diag(&f->d, 6, "range", "range \"5..1\" is empty");
    assert_diag(&f->d, 7, "missing", "\"skip\" is not a missing-value policy");
    assert_diag(&f->d, 10, "limit", "\"lots\" is not a number");
    assert_diag(&f->d, 11, NULL, "section [criterion a] is given twice (first at line 1)");
}

static void weights_must_not_all_be_zero(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "[criterion a]\ncolumn = x\nweight = 0\n[criterion b]\ncolumn = y\nweight = 0\n"),
                     FOLIO_EINPUT);
    assert_diag(&f->d, 1, NULL, "every criterion weight is zero");
}

static void repeated_key_and_unknown_column_mapping_are_errors(void **state)
{
    fixture *f = *state;
    const char *ini = "[columns]\n"
                      "idd = Project\n"
                      "[criterion a]\n"
                      "column = x\n"
                      "weight = 1\n"
                      "weight = 2\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_diag(&f->d, 6, "weight", "given twice in this section (first at line 5)");
    assert_diag(&f->d, 2, "idd", "did you mean 'id'?");
}

static void criterion_needs_a_column_or_source_and_range_needs_bounds(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "[criterion a]\nweight = 1\nnormalise = range\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 1, NULL, "needs 'column = HEADER'");
    assert_diag(&f->d, 1, NULL, "no 'range = LOW..HIGH'");
    assert_int_equal(parse(f, "[criterion a]\nsource = benefit.total\nweight = 1\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 2, "source", "did you mean 'benefits.total'?");
}

static void no_criterion_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "[portfolio]\nname = x\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 0, NULL, "no [criterion NAME] section");
}

static void syntax_errors_and_keys_outside_sections_are_reported(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "stray = 1\n[criterion a]\ncolumn = x\nweight = 1\nnot ini\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 1, "stray", "key outside any section");
    assert_diag(&f->d, 5, NULL, "not a valid INI line");
}

static void policy_bounds_are_checked(void **state)
{
    fixture *f = *state;
    const char *ini = "[criterion a]\ncolumn = x\nweight = 1\n"
                      "[policy p]\ncategory = Ops\nmin = 5\nmax = 2\n"
                      "[policy q]\ncategory = Ops\n"
                      "[policy r]\ncount_max = 2.5\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_diag(&f->d, 4, NULL, "minimum above its maximum");
    assert_diag(&f->d, 8, NULL, "sets no bound");
    assert_diag(&f->d, 10, NULL, "needs 'category = NAME'");
    assert_diag(&f->d, 11, "count_max", "whole number");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(full_rule_set_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_section_and_key_get_a_line_and_a_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_values_are_reported_each_at_its_line, setup, teardown),
        cmocka_unit_test_setup_teardown(weights_must_not_all_be_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_key_and_unknown_column_mapping_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(criterion_needs_a_column_or_source_and_range_needs_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(no_criterion_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(syntax_errors_and_keys_outside_sections_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(policy_bounds_are_checked, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
