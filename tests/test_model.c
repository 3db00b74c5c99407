/* test_model.c - loading whole inputs: export quirks end to end, filled values, the samples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "model.h"
#include "test_support.h"

static const char *RULES = "[columns]\n"
                           "id = Project ID\n"
                           "must = Must Do\n"
                           "depends_on = Needs\n"
                           "project_id = Project\n"
                           "[criterion fit]\n"
                           "column = Fit\n"
                           "weight = 3\n"
                           "[criterion value]\n"
                           "source = benefits.total\n"
                           "weight = 1\n"
                           "[capacity budget]\n"
                           "column = cost\n"
                           "limit = 1,000,000\n"
                           "[capacity eng]\n"
                           "column = Eng FTE\n"
                           "limit = 10\n";

static model *load(char *dir, const char *projects, const char *benefits, const char *rules, diags *d)
{
    model_inputs in = {
        .projects = strdup(write_test_file(dir, "projects.csv", projects)),
        .benefits = strdup(write_test_file(dir, "benefits.csv", benefits)),
        .rules = strdup(write_test_file(dir, "rules.ini", rules)),
    };
    model *m = NULL;
    folio_error err = model_load(&in, &m, d);
    char buf[1024];
    for (size_t i = 0; err != FOLIO_OK && i < d->count; i++) {
        diag_format(&d->items[i], buf, sizeof buf);
        print_error("  %s\n", buf);
    }
    free((char *)in.projects);
    free((char *)in.benefits);
    free((char *)in.rules);
    return m;
}

static void european_export_reads_with_mapped_headers(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    /* A ';' export: decimal commas, euro amounts with '.' thousands, x/blank booleans, '|' lists. */
    const char *projects = "\xEF\xBB\xBFProject ID;Name;Category;Cost;Must Do;Exclude;Needs;Excludes;Fit;Eng FTE\r\n"
                           "A-1;\"Alpha; the first\";Ops;\xE2\x82\xAC" "250.000,50;x;;;;3,5;2,5\r\n"
                           "A-2;Beta;Ops;1.000 \xE2\x82\xAC;;;A-1 | A-3;;4;1\r\n"
                           "A-3;Gamma;IT;(0);;X;;A-2;1;0\r\n";
    const char *benefits = "Project;Benefit;Period;Amount\n"
                           "A-1;saving;2027-Q1;1.000,25\n"
                           "A-1;revenue;2027-Q2;2.000\n"
                           "A-2;saving;2027-Q1;10%\n";
    model *m = load(dir, projects, benefits, RULES, &d);
    assert_non_null(m);
    assert_int_equal(m->n_projects, 3);
    assert_string_equal(m->projects[0].id, "A-1");
    assert_string_equal(m->projects[0].name, "Alpha; the first");
    assert_rel(m->projects[0].cost, 250000.50, 1e-12);
    assert_rel(m->projects[1].cost, 1000, 1e-12);
    assert_true(m->projects[0].must);
    assert_false(m->projects[1].must);
    assert_true(m->projects[2].exclude);
    assert_int_equal(m->projects[1].n_depends_on, 2);
    assert_int_equal(m->projects[1].depends_on[0], 0);
    assert_int_equal(m->projects[1].depends_on[1], 2);
    assert_int_equal(m->projects[2].n_excludes, 1);
    assert_rel(m->projects[0].raw[0], 3.5, 1e-12);
    assert_rel(m->projects[0].benefits_total, 3000.25, 1e-12);
    assert_rel(m->projects[0].raw[1], 3000.25, 1e-12); /* benefits.total as a criterion */
    assert_rel(m->projects[1].raw[1], 0.10, 1e-12);
    assert_int_equal(m->projects[0].n_benefits, 2);
    assert_rel(model_use(m, 0, 1, 0), 2.5, 1e-12);
    assert_rel(model_limit(m, 0, 0), 1000000, 1e-12);
    assert_rel(m->weights[0], 0.75, 1e-12);
    assert_rel(m->weights[1], 0.25, 1e-12);
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

static void decimal_point_can_be_forced_for_semicolon_exports(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[input]\ndecimal = point\n[criterion fit]\ncolumn = Fit\nweight = 1\n";
    model *m = load(dir, "id;Cost;Fit\nA;1,000.5;2.5\nB;2;3\n", "project_id;Amount\nA;1\n", rules, &d);
    assert_non_null(m);
    assert_rel(m->projects[0].cost, 1000.5, 1e-12);
    assert_rel(m->projects[0].raw[0], 2.5, 1e-12);
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

static void missing_values_are_filled_as_the_rules_say(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[criterion speed]\ncolumn = months\nweight = 1\ndirection = min\nmissing = worst\n"
                        "[criterion fit]\ncolumn = fit\nweight = 1\nmissing = zero\n";
    model *m = load(dir, "id,cost,months,fit\nA,1,6,\nB,1,,4\nC,1,12,2\n", "project_id,amount\nA,1\n", rules, &d);
    assert_non_null(m);
    assert_rel(m->projects[1].raw[0], 12, 0); /* the worst for a min criterion is the largest */
    assert_true(m->projects[1].raw_filled[0]);
    assert_rel(m->projects[0].raw[1], 0, 0);
    assert_int_equal(d.n_warnings, 2);
    assert_diag(&d, 3, "months", "filled with the worst value (12)");
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

static void policies_find_their_category_case_insensitively(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[criterion fit]\ncolumn = fit\nweight = 1\n"
                        "[policy ops]\ncategory = operations\nmax = 5\n"
                        "[policy none]\ncategory = Marketing\ncount_max = 1\n";
    model *m = load(dir, "id,cost,category,fit\nA,3,Operations,1\nB,4,IT,2\nC,2,OPERATIONS,3\n", "project_id,amount\nA,1\n",
                    rules, &d);
    assert_non_null(m);
    assert_true(m->in_policy[0 * 3 + 0]);
    assert_false(m->in_policy[0 * 3 + 1]);
    assert_true(m->in_policy[0 * 3 + 2]);
    assert_rel(m->policy_amount[0 * 3 + 2], 2, 0);
    assert_diag(&d, 7, NULL, "no project has");
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

static void samples_load_cleanly(void **state)
{
    (void)state;
    diags d;
    diags_init(&d);
    model_inputs in = {.projects = FOLIO_TEST_DATA "/../../samples/projects.csv",
                       .benefits = FOLIO_TEST_DATA "/../../samples/benefits.csv",
                       .rules = FOLIO_TEST_DATA "/../../rules/default.ini"};
    model *m = NULL;
    assert_int_equal(model_load(&in, &m, &d), FOLIO_OK);
    assert_int_equal(m->n_projects, 60);
    assert_int_equal(d.n_errors, 0);
    size_t must = 0, lines = 0;
    for (size_t i = 0; i < m->n_projects; i++) {
        must += m->projects[i].must;
        lines += m->projects[i].n_benefits;
    }
    assert_int_equal(must, 3);
    assert_int_equal(lines, m->n_benefits);
    model_free(m);
    diags_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(european_export_reads_with_mapped_headers),
        cmocka_unit_test(decimal_point_can_be_forced_for_semicolon_exports),
        cmocka_unit_test(missing_values_are_filled_as_the_rules_say),
        cmocka_unit_test(policies_find_their_category_case_insensitively),
        cmocka_unit_test(samples_load_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
