/* test_model.c - loading whole inputs: export quirks end to end, filled values, the samples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "model.h"
#include "text.h"
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

static model *load_with_demand(char *dir, const char *projects, const char *benefits, const char *rules,
                               const char *demand, diags *d)
{
    model_inputs in = {
        .projects = strdup(write_test_file(dir, "projects.csv", projects)),
        .benefits = strdup(write_test_file(dir, "benefits.csv", benefits)),
        .rules = strdup(write_test_file(dir, "rules.ini", rules)),
        .demand = demand ? strdup(write_test_file(dir, "demand.csv", demand)) : NULL,
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
    free((char *)in.demand);
    return m;
}

static model *load(char *dir, const char *projects, const char *benefits, const char *rules, diags *d)
{
    return load_with_demand(dir, projects, benefits, rules, NULL, d);
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
    assert_string_equal(m->currency, "\xE2\x82\xAC"); /* the workbook shows money in euros */
    assert_int_equal(d.count, 0);
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

/* The currency is the first mark the cost column carries; a cost in another one is warned about
 * once (folio adds costs as they are), and plain numbers carry none. */
static void the_cost_columns_currency_is_the_models(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    const char *benefits = "Project,Benefit,Period,Amount\nA-1,saving,2027-Q1,1\n";
    const char *cases[][2] = {
        {"Project ID,Cost,Must Do,Needs,Fit,Eng FTE\nA-1,\"USD 1,200\",,,1,1\nA-2,\"1,300 USD\",,,2,1\n", "USD"},
        {"Project ID,Cost,Must Do,Needs,Fit,Eng FTE\nA-1,1200,,,1,1\nA-2,1300,,,2,1\n", ""},
        {"Project ID,Cost,Must Do,Needs,Fit,Eng FTE\nA-1,$1200,,,1,1\nA-2,\xC2\xA3" "1300,,,2,1\nA-3,EUR 5,,,3,1\n", "$"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        diags d;
        diags_init(&d);
        model *m = load(dir, cases[k][0], benefits, RULES, &d);
        assert_non_null(m);
        assert_string_equal(m->currency, cases[k][1]);
        if (k < 2) {
            assert_int_equal(d.count, 0);
        } else {
            assert_int_equal(d.count, 1); /* once, at the first cost in another currency */
            assert_int_equal(d.items[0].line, 3);
            assert_non_null(strstr(d.items[0].message, "without converting"));
        }
        model_free(m);
        diags_clear(&d);
    }
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

/* Money that reads either way ("1.200 EUR": 1.2 with '.' as the decimal mark, 1200 with ',') is read
 * as the guessed mark says, with one warning per file naming the setting; never when [input] decimal
 * is given, nor for amounts that read one way only ("1,200.50 EUR") or carry no currency. */
static void money_that_reads_either_way_is_warned_of(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    const char *benefits = "Project,Benefit,Period,Amount\nA-1,saving,2027-Q1,1\n";
    const char *projects = "Project ID,Cost,Must Do,Needs,Fit,Eng FTE\n"
                           "A-1,\"1,200.50 EUR\",,,1,1\nA-2,\"1.200 EUR\",,,2,0.125\nA-3,\"2.500 EUR\",,,3,1\n";
    diags d;
    diags_init(&d);
    model *m = load(dir, projects, benefits, RULES, &d);
    assert_non_null(m);
    assert_rel(m->projects[1].cost, 1.2, 1e-12);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 3);
    assert_string_equal(d.items[0].column, "Cost");
    assert_non_null(strstr(d.items[0].message, "\"1.200 EUR\" read as 1.2 with '.' as the decimal mark (guessed: "
                                                "the file is ','-separated); if '.' groups thousands here, so that "
                                                "it is 1200, set [input] decimal = comma"));
    model_free(m);
    diags_clear(&d);
    /* The same in a ';' file, the other way round. */
    const char *semi = "Project ID;Cost;Must Do;Needs;Fit;Eng FTE\nA-1;$1,200;;;1;1\nA-2;$2,500;;;2;1\n";
    m = load(dir, semi, "Project;Benefit;Period;Amount\nA-1;saving;2027-Q1;1\n", RULES, &d);
    assert_non_null(m);
    assert_rel(m->projects[0].cost, 1.2, 1e-12);
    assert_int_equal(d.count, 1);
    assert_int_equal(d.items[0].line, 2);
    assert_non_null(strstr(d.items[0].message, "set [input] decimal = point"));
    model_free(m);
    diags_clear(&d);
    /* In a workbook, money written as text: the same, said of the workbook. */
    char xlsx[512];
    snprintf(xlsx, sizeof xlsx, "%s/projects.xlsx", dir);
    lxw_workbook *wb = workbook_new(xlsx);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Projects");
    const char *heads[] = {"Project ID", "Cost", "Fit", "Eng FTE"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], NULL);
    worksheet_write_string(ws, 1, 0, "A-1", NULL);
    worksheet_write_string(ws, 1, 1, "2.500 EUR", NULL);
    worksheet_write_number(ws, 1, 2, 3, NULL);
    worksheet_write_number(ws, 1, 3, 1, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    const char *no_benefits = "[columns]\nid = Project ID\n[criterion fit]\ncolumn = Fit\nweight = 1\n"
                              "[capacity budget]\ncolumn = cost\nlimit = 1000000\n";
    model_inputs in = {.projects = xlsx, .rules = write_test_file(dir, "rules.ini", no_benefits)};
    assert_int_equal(model_load(&in, &m, &d), FOLIO_OK);
    assert_rel(m->projects[0].cost, 2.5, 1e-12);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].message, "(guessed: a workbook's text cells read so)"));
    model_free(m);
    diags_clear(&d);
    /* Said in the rules: no warning. */
    char rules[2048];
    snprintf(rules, sizeof rules, "[input]\ndecimal = point\n%s", RULES);
    m = load(dir, projects, benefits, rules, &d);
    assert_non_null(m);
    assert_int_equal(d.count, 0);
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

static const char *TIMED_RULES = "[portfolio]\nperiods = 2027-Q1..2027-Q4\ndiscount_rate = 10%\n"
                                 "[criterion npv]\nsource = benefits.npv\nweight = 1\n"
                                 "[capacity budget]\ncolumn = cost\nlimit = 1000\nper_period = 400\n"
                                 "period.2027-Q3 = 100\n"
                                 "[capacity eng]\ncolumn = fte\nper_period = 10\n";

static void timing_columns_and_per_period_limits_read(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *projects = "id,cost,fte,start,latest_start,duration\n"
                           "A,300,6,2027-Q1,Q2 2027,3\n"
                           "B,100,2,,,\n"
                           "C,50,1,2027Q4,,2\n";
    const char *benefits = "project_id,period,amount\nA,2027-Q3,1000\nA,2027-Q1,500\nB,2027-07-01,100\n";
    model *m = load(dir, projects, benefits, TIMED_RULES, &d);
    assert_non_null(m);
    assert_int_equal(m->n_periods, 4);
    assert_string_equal(m->period_labels[2], "2027-Q3");
    const model_project *a = &m->projects[0], *b = &m->projects[1], *c = &m->projects[2];
    assert_true(a->timed && !b->timed && c->timed);
    assert_int_equal(a->start_min, 0);
    assert_int_equal(a->start_max, 1);
    assert_int_equal(a->duration, 3);
    assert_int_equal(b->start_min, 0);
    assert_int_equal(b->start_max, 0);
    assert_int_equal(c->start_min, 3);
    /* Totals spread evenly over the duration; use past the horizon is not counted against it. */
    assert_rel(model_use_at(m, 0, 0, 1, 3), 100, 1e-12);
    assert_rel(model_use_at(m, 0, 0, 1, 0), 0, 0);
    assert_rel(model_use_in_horizon(m, 2, 0, 3), 25, 1e-12);
    /* Limits: per period 400, Q3 overridden to 100; the whole horizon 1000; eng per period only. */
    assert_rel(model_limit(m, 0, 0), 400, 0);
    assert_rel(model_limit(m, 0, 2), 100, 0);
    assert_rel(m->totals[0], 1000, 0);
    assert_true(isinf(m->totals[1]));
    /* NPV at 10% a year, quarterly: 1000 in Q3 and 500 in Q1; delayed one period, one more. */
    double q = pow(1.1, 0.25) - 1;
    assert_rel(model_npv(m, 0, 0), 1000 / pow(1 + q, 2) + 500, 1e-12);
    assert_rel(model_npv(m, 0, 1), 1000 / pow(1 + q, 3) + 500 / (1 + q), 1e-12);
    assert_rel(m->projects[0].raw[0], model_npv(m, 0, 0), 1e-12);
    assert_rel(m->projects[1].raw[0], 100 / pow(1 + q, 2), 1e-12);
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

static void demand_export_replaces_the_even_spread(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *projects = "id,cost,fte,start,duration\nA,300,6,2027-Q2,3\nB,100,2,2027-Q1,1\n";
    const char *demand = "project_id,resource,period,amount\n"
                         "A,eng,2027-Q2,1\nA,fte,2027-Q4,5\nA,eng,2027-Q2,0.5\n";
    model *m = load_with_demand(dir, projects, "project_id,period,amount\nA,2027-Q3,1\n", TIMED_RULES, demand, &d);
    assert_non_null(m);
    /* eng (column fte) of A: 1.5 in its first period, nothing in the second, 5 in the third. */
    assert_rel(model_use_at(m, 0, 1, 1, 1), 1.5, 1e-12);
    assert_rel(model_use_at(m, 0, 1, 1, 2), 0, 0);
    assert_rel(model_use_at(m, 0, 1, 1, 3), 5, 1e-12);
    /* Cost keeps its even spread; B keeps its column. */
    assert_rel(model_use_at(m, 0, 0, 1, 2), 100, 1e-12);
    assert_rel(model_use_at(m, 1, 1, 0, 0), 2, 1e-12);
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

static void timing_errors_name_line_and_column(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *projects = "id,cost,fte,start,latest_start,duration\n"
                           "A,1,1,next year,,\n"
                           "B,1,1,2029-Q1,,\n"
                           "C,1,1,2027-Q3,2027-Q2,\n"
                           "D,1,1,2027-Q1,,1.5\n"
                           "E,1,1,2027-Q1,2028-Q2,\n";
    const char *demand = "project_id,resource,period,amount\nE,eng,2027-Q3,1\nE,people,2027-Q1,1\n";
    model *m = load_with_demand(dir, projects, "project_id,period,amount\nA,someday,1\n", TIMED_RULES, demand, &d);
    assert_null(m);
    assert_diag(&d, 2, "start", "\"next year\" is not a period or date; write a quarter");
    assert_diag(&d, 3, "start", "outside the horizon 2027-Q1..2027-Q4");
    assert_diag(&d, 4, "latest_start", "before the start");
    assert_diag(&d, 5, "duration", "\"1.5\" is not a duration");
    assert_diag(&d, 6, "latest_start", "after the horizon ends"); /* a warning: the window is clipped */
    assert_diag(&d, 2, "period", "\"someday\" is not a period or date");
    assert_diag(&d, 2, "period", "outside project E's run 2027-Q1..2027-Q1");
    assert_diag(&d, 3, "resource", "\"people\" is neither a capacity nor the column of one");
    diags_clear(&d);
    remove_test_dir(dir);
}

static void pairwise_weights_come_from_ahp(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    /* A consistent set: fit is twice risk and four times impact; the weights are 4/7, 2/7, 1/7. */
    const char *rules = "[criterion fit]\ncolumn = v1\n[criterion risk]\ncolumn = v2\n[criterion impact]\ncolumn = v3\n"
                        "[weights]\nmethod = ahp\n[pairwise]\nfit vs risk = 2\nrisk vs impact = 2\n";
    model *m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", rules, &d);
    assert_non_null(m);
    assert_true(m->has_ahp);
    /* fit vs impact is missing: the lambda_max-minimising completion is the consistent 4 (found by
     * a search whose flat minimum limits it to about 1e-8). */
    assert_int_equal(m->levels[0].ahp.n_missing, 1);
    assert_rel(m->weights[0], 4.0 / 7, 1e-7);
    assert_rel(m->weights[1], 2.0 / 7, 1e-7);
    assert_rel(m->weights[2], 1.0 / 7, 1e-7);
    assert_diag(&d, 0, NULL, "1 of 3 pairwise comparisons are missing and were filled");
    model_free(m);
    diags_clear(&d);

    diags_init(&d);
    const char *cycle = "[criterion fit]\ncolumn = v1\n[criterion risk]\ncolumn = v2\n[criterion impact]\ncolumn = v3\n"
                        "[weights]\nmethod = ahp\n[pairwise]\nfit vs risk = 5\nrisk vs impact = 5\nimpact vs fit = 5\n";
    m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", cycle, &d);
    assert_non_null(m);
    assert_true(m->levels[0].ahp.cr > 0.10);
    assert_diag(&d, 0, NULL, "the pairwise comparisons are inconsistent: CR");
    assert_diag(&d, 0, NULL, "would be consistent at 1");
    model_free(m);
    diags_clear(&d);

    diags_init(&d);
    const char *split = "[criterion a]\ncolumn = v1\n[criterion b]\ncolumn = v2\n[criterion c]\ncolumn = v3\n"
                        "[criterion e]\ncolumn = v1\n[weights]\nmethod = ahp\n[pairwise]\na vs b = 3\nc vs e = 2\n";
    m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", split, &d);
    assert_null(m);
    assert_diag(&d, 0, NULL, "fall into 2 unconnected groups, {a, b} and {c, e}");
    diags_clear(&d);
    remove_test_dir(dir);
}

/* The Wikipedia car example's criteria ("Analytic hierarchy process - car example"): cost (price,
 * fuel, maintenance, resale) and capacity (passenger, cargo) are groups; safety and style are
 * compared with them at the top level. Priorities as recomputed independently (AHPy's test of the
 * same example, and a power iteration): cost 0.5101, safety 0.2344, style 0.0405, capacity 0.2151;
 * within cost: price 0.4881, fuel 0.2515, maintenance 0.0999, resale 0.1605. */
static void criteria_groups_weigh_level_by_level(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[criterion price]\ncolumn = v1\ngroup = cost\n"
                        "[criterion fuel]\ncolumn = v1\ngroup = cost\n"
                        "[criterion safety]\ncolumn = v2\n"
                        "[criterion maintenance]\ncolumn = v1\ngroup = cost\n"
                        "[criterion resale]\ncolumn = v1\ngroup = Cost\n"
                        "[criterion style]\ncolumn = v2\n"
                        "[criterion passenger]\ncolumn = v3\ngroup = capacity\n"
                        "[criterion cargo]\ncolumn = v3\ngroup = capacity\n"
                        "[weights]\nmethod = ahp\n[pairwise]\n"
                        "cost vs safety = 3\ncost vs style = 7\ncost vs capacity = 3\nsafety vs style = 9\n"
                        "safety vs capacity = 1\nstyle vs capacity = 1/7\n"
                        "price vs fuel = 2\nprice vs maintenance = 5\nprice vs resale = 3\nfuel vs maintenance = 2\n"
                        "fuel vs resale = 2\nmaintenance vs resale = 1/2\n"
                        "cargo vs passenger = 1/5\n";
    model *m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", rules, &d);
    assert_non_null(m);
    assert_int_equal(m->rules.n_groups, 2);
    assert_int_equal(m->n_levels, 3);
    /* Top level in rules order: cost (where price is), safety, style, capacity. */
    const model_ahp_level *top = &m->levels[0];
    assert_int_equal(top->ahp.n, 4);
    assert_string_equal(rules_node_name(&m->rules, top->nodes[0]), "cost");
    assert_string_equal(rules_node_name(&m->rules, top->nodes[1]), "safety");
    assert_string_equal(rules_node_name(&m->rules, top->nodes[2]), "style");
    assert_string_equal(rules_node_name(&m->rules, top->nodes[3]), "capacity");
    const double top_w[4] = {0.5101, 0.2344, 0.0405, 0.2151};
    for (size_t k = 0; k < 4; k++)
        assert_true(fabs(top->ahp.weights[k] - top_w[k]) < 0.00005);
    assert_true(fabs(top->ahp.cr - 0.0738) < 0.0005); /* with Saaty's RI 0.90 */
    const model_ahp_level *cost = &m->levels[1];
    assert_int_equal(cost->ahp.n, 4);
    assert_true(fabs(cost->weight - 0.5101) < 0.00005);
    /* Global weights: group x local; they sum to 1. */
    const double want[8] = {0.5101 * 0.4881, 0.5101 * 0.2515, 0.2344, 0.5101 * 0.0999,
                            0.5101 * 0.1605, 0.0405, 0.2151 * 5 / 6, 0.2151 / 6};
    double sum = 0;
    for (size_t k = 0; k < 8; k++) {
        if (fabs(m->weights[k] - want[k]) > 0.0001)
            fail_msg("criterion %zu: global weight %.6f, expected %.4f", k, m->weights[k], want[k]);
        sum += m->weights[k];
    }
    assert_rel(sum, 1, 1e-12);
    model_free(m);
    diags_clear(&d);

    /* A comparison across levels, a group named like a criterion, an unconnected group. */
    diags_init(&d);
    const char *bad = "[criterion price]\ncolumn = v1\ngroup = cost\n[criterion fuel]\ncolumn = v1\ngroup = cost\n"
                      "[criterion resale]\ncolumn = v1\ngroup = cost\n"
                      "[criterion safety]\ncolumn = v2\n[criterion style]\ncolumn = v2\ngroup = safety\n"
                      "[weights]\nmethod = ahp\n[pairwise]\nprice vs safety = 3\nprice vs fuel = 2\n";
    m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", bad, &d);
    assert_null(m);
    assert_diag(&d, 14, "group", "group \"safety\" has the name of a criterion");
    assert_diag(&d, 18, NULL, "price is in group cost but safety is at the top level");
    diags_clear(&d);

    diags_init(&d);
    const char *split = "[criterion price]\ncolumn = v1\ngroup = cost\n[criterion fuel]\ncolumn = v1\ngroup = cost\n"
                        "[criterion resale]\ncolumn = v1\ngroup = cost\n[criterion safety]\ncolumn = v2\n"
                        "[weights]\nmethod = ahp\n[pairwise]\ncost vs safety = 3\nprice vs fuel = 2\n";
    m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", split, &d);
    assert_null(m);
    assert_diag(&d, 0, NULL, "comparisons within group cost fall into 2 unconnected groups, {price, fuel} and {resale}");
    diags_clear(&d);
    remove_test_dir(dir);
}

static void pairwise_matrix_file_reads_like_keys(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    write_test_file(dir, "judgments.csv", ";fit;Risk;impact\nfit;1;2;\nrisk;1/2;1;2\nimpact;;0.5;1\n");
    const char *rules = "[criterion fit]\ncolumn = v1\n[criterion risk]\ncolumn = v2\n[criterion impact]\ncolumn = v3\n"
                        "[weights]\nmethod = ahp\n[pairwise]\nmatrix = judgments.csv\n";
    model *m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", rules, &d);
    assert_non_null(m);
    assert_int_equal(m->rules.n_judgments, 2);
    assert_int_equal(m->levels[0].ahp.n_missing, 1);
    assert_rel(m->weights[0], 4.0 / 7, 1e-7);
    assert_rel(m->weights[2], 1.0 / 7, 1e-7);
    model_free(m);
    diags_clear(&d);

    diags_init(&d);
    write_test_file(dir, "judgments.csv", "x,fit,risk,impact\nfit,1,3,2\nrisk,1/2,1,2\nimpakt,1/2,1/2,1\n");
    m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", rules, &d);
    assert_null(m);
    assert_diag(&d, 4, "impakt", "no criterion of this name; did you mean 'impact'?");
    diags_clear(&d);
    diags_init(&d);
    write_test_file(dir, "judgments.csv", "x,fit,risk,impact\nfit,1,3,2\nrisk,1/2,1,2\nimpact,1/2,1/2,1\n");
    m = load(dir, "id,cost,v1,v2,v3\nA,1,1,2,3\nB,1,2,1,1\n", "project_id,amount\nA,1\n", rules, &d);
    assert_null(m);
    assert_diag(&d, 2, "risk", "fit vs risk is 3 but risk vs fit is 1/2; one must be the reciprocal of the other");
    diags_clear(&d);
    remove_test_dir(dir);
}

static void scenario_projects_resolve_to_the_export(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[criterion fit]\ncolumn = v1\nweight = 1\n[capacity budget]\ncolumn = cost\nlimit = 5\n"
                        "[scenario a]\nforce_in = B\nforce_out = A\n";
    model *m = load(dir, "id,cost,v1\nA,1,1\nB,1,2\n", "project_id,amount\nA,1\n", rules, &d);
    assert_non_null(m);
    assert_int_equal(m->rules.scenarios[0].force_in_index[0], 1);
    assert_int_equal(m->rules.scenarios[0].force_out_index[0], 0);
    model_free(m);
    diags_clear(&d);
    diags_init(&d);
    const char *bad = "[criterion fit]\ncolumn = v1\nweight = 1\n[capacity budget]\ncolumn = cost\nlimit = 5\n"
                      "[scenario a]\nforce_in = B, Z\nforce_out = B\n";
    m = load(dir, "id,cost,v1\nA,1,1\nB,1,2\n", "project_id,amount\nA,1\n", bad, &d);
    assert_null(m);
    assert_diag(&d, 8, "force_in", "[scenario a]: no project 'Z' in");
    assert_diag(&d, 9, "force_out", "project 'B' is forced both in and out");
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
    assert_string_equal(m->currency, "$");
    assert_string_equal(m->rules.criteria[0].label, "Strategic fit");
    assert_string_equal(m->rules.capacities[3].label, "Data & analytics");
    assert_string_equal(m->rules.capacities[1].unit, "FTE");
    model_free(m);
    diags_clear(&d);
}

/* Words, tokens and scales as exports write them: extra yes/no words, empty-cell tokens, a text
 * scale mapped to numbers, units after numbers; and what is refused: a word outside the map, a
 * blank capacity cell, a bad cell read by two rules (reported once). */
static void words_tokens_scales_and_units(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[input]\ntrue = Ja, Oui\nfalse = Nein\nmissing = ???\n"
                        "[values Priority]\nLow = 1\nMedium = 2\nHigh = 3\n"
                        "[criterion fit]\ncolumn = Priority\nweight = 1\n"
                        "[criterion value]\ncolumn = value\nweight = 1\nmissing = worst\n"
                        "[capacity budget]\ncolumn = cost\nlimit = 100\n"
                        "[capacity hours]\ncolumn = work\nlimit = 20000\n"
                        "[capacity points]\ncolumn = pts\nlimit = 100\nmissing = zero\n";
    const char *projects = "id,cost,must,Priority,value,work,pts\n"
                           "A,10,Ja,high,N/A,\"9,100h\",34 pts\n"
                           "B,20,Nein,Low,5,120 hrs,TBD\n"
                           "C,30,oui,Medium,???,10,\n"
                           "D,40,,medium,7,12 FTE,-\n";
    model *m = load(dir, projects, "project_id,amount\nA,1\n", rules, &d);
    assert_non_null(m);
    assert_true(m->projects[0].must && !m->projects[1].must && m->projects[2].must && !m->projects[3].must);
    assert_rel(m->projects[0].raw[0], 3, 0);
    assert_rel(m->projects[2].raw[0], 2, 0);
    assert_true(m->projects[0].raw_filled[1] && m->projects[2].raw_filled[1]); /* N/A and ??? are empty */
    assert_rel(m->projects[0].raw[1], 5, 0);                                   /* the worst present */
    assert_rel(model_use(m, 0, 1, 0), 9100, 0);
    assert_rel(model_use(m, 1, 1, 0), 120, 0);
    assert_rel(model_use(m, 3, 1, 0), 12, 0);
    assert_rel(model_use(m, 0, 2, 0), 34, 0);
    assert_rel(model_use(m, 1, 2, 0), 0, 0); /* TBD, with missing = zero */
    model_free(m);
    diags_clear(&d);

    const char *bad = "id,cost,must,Priority,value,work,pts\n"
                      "A,abc,yes,Highest,1,1,1\n"
                      "B,20,peut-etre,Low,5,,1\n";
    const char *twice = "[input]\ntrue = Ja\n[values Priority]\nLow = 1\nHigh = 3\n"
                        "[criterion fit]\ncolumn = Priority\nweight = 1\n[criterion cost]\ncolumn = cost\nweight = 1\n"
                        "[capacity budget]\ncolumn = cost\nlimit = 100\n[capacity hours]\ncolumn = work\nlimit = 9\n";
    assert_null(load(dir, bad, "project_id,amount\nA,1\n", twice, &d));
    assert_diag(&d, 2, "Priority", "\"Highest\" is not a word of [values Priority]");
    assert_diag(&d, 2, "Priority", "Low, High");
    assert_diag(&d, 2, "cost", "\"abc\" is not a number");
    assert_diag(&d, 3, "must", "\"peut-etre\" is not a yes/no value");
    assert_diag(&d, 3, "work", "empty, and [capacity hours] reads it");
    size_t cost_errors = 0;
    for (size_t i = 0; i < d.count; i++)
        cost_errors += d.items[i].line == 2 && d.items[i].column && strcmp(d.items[i].column, "cost") == 0;
    assert_int_equal(cost_errors, 1); /* read by a criterion and a capacity, reported once */
    diags_clear(&d);
    remove_test_dir(dir);
}

/* Repeated headers: fine where no rule reads them, merged for lists, an error naming both positions
 * where a rule reads one; a missing required column suggests the name another tool gives it. */
static void repeated_headers_and_other_tools_names(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[columns]\nid = Issue key\ndepends_on = Linked Issues\n"
                        "[criterion fit]\ncolumn = fit\nweight = 1\n[capacity budget]\ncolumn = cost\nlimit = 100\n";
    const char *projects = "Summary,Issue key,Labels,Labels,Linked Issues,Linked Issues,cost,fit\n"
                           "Alpha,P-1,a,b,,,1,1\n"
                           "Beta,P-2,,,P-1,P-3,1,2\n"
                           "Gamma,P-3,c,,,,1,3\n";
    model *m = load(dir, projects, "project_id,amount\nP-1,1\n", rules, &d);
    assert_non_null(m);
    assert_int_equal(m->projects[1].n_depends_on, 2);
    model_free(m);
    diags_clear(&d);
    const char *fit_twice = "Issue key,cost,fit,fit\nP-1,1,1,2\n";
    assert_null(load(dir, fit_twice, "project_id,amount\nP-1,1\n", rules, &d));
    assert_diag(&d, 1, "fit", "the header is given 2 times (columns 3 and 4) and [criterion fit] reads it");
    diags_clear(&d);
    const char *jira = "Summary,Issue key,cost,fit\nAlpha,P-1,1,1\n";
    assert_null(load(dir, jira, "project_id,amount\nP-1,1\n",
                     "[criterion fit]\ncolumn = fit\nweight = 1\n[capacity budget]\ncolumn = cost\nlimit = 1\n", &d));
    assert_diag(&d, 1, "id", "missing required column; did you mean 'Issue key'? Map it in the rules: [columns] id = Issue key");
    diags_clear(&d);
    remove_test_dir(dir);
}

/* Writes a Smartsheet-like workbook: two programmes (summary rows) with their projects indented
 * under them, and one project on its own; row numbers in Predecessors, as Smartsheet counts them. */
static const char *write_hierarchy_book(const char *dir)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/hierarchy.xlsx", dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Portfolio");
    const char *heads[] = {"ID", "Task Name", "Cost", "Fit", "Predecessors", "Start", "Duration", "Status", "Must Do"};
    const struct {
        const char *id, *name;
        double cost, fit;
        const char *pred, *start;
        int level;
    } rows[] = {{"PRG-A", "Digitalprogramm f\xc3\xbcr das Kundenportal: \xc3\x9c" "berarbeitung", 300, 0, "", "2027-Q1", 0}, {"A1", "Portal", 100, 3, "", "2027-Q1", 1},
                {"A2", "App", 200, 4, "2", "2027-Q2", 1},      {"PRG-B", "Ops programme", 50, 0, "1", "2027-Q1", 0},
                {"B1", "Robotics", 50, 2, "", "2027-Q3", 1},   {"C1", "Standalone", 10, 1, "4SS", "2027-Q3", 0}};
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], NULL);
    for (int r = 0; r < 6; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        worksheet_write_string(ws, row, 0, rows[r].id, NULL);
        worksheet_write_string(ws, row, 1, rows[r].name, NULL);
        worksheet_write_number(ws, row, 2, rows[r].cost, NULL);
        worksheet_write_number(ws, row, 3, rows[r].fit, NULL);
        if (rows[r].pred[0] != '\0')
            worksheet_write_string(ws, row, 4, rows[r].pred, NULL);
        worksheet_write_string(ws, row, 5, rows[r].start, NULL);
        worksheet_write_number(ws, row, 6, 1, NULL);
        worksheet_write_string(ws, row, 7, r == 1 ? "Complete" : "Not Started", NULL);
        worksheet_write_boolean(ws, row, 8, r == 3, NULL); /* the Ops programme: not passed down */
        lxw_row_col_options opt = {.level = (uint8_t)rows[r].level};
        worksheet_set_row_opt(ws, row, LXW_DEF_ROW_HEIGHT, NULL, &opt);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    return path;
}

/* Summary rows of an .xlsx hierarchy are not projects: a link to one stands for the projects under
 * it, which take on its own predecessors; [input] summary_rows = keep reads every row. */
static void summary_rows_are_not_projects(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *rules = "[portfolio]\nperiods = 2027-Q1..2027-Q4\n[input]\ndepends_on = rows\n"
                        "[columns]\nid = ID\nname = Task Name\ndepends_on = Predecessors\nmust = Must Do\n"
                        "[criterion fit]\ncolumn = Fit\nweight = 1\n[capacity budget]\ncolumn = cost\nlimit = 1000\n";
    model_inputs in = {.projects = write_hierarchy_book(dir), .rules = write_test_file(dir, "rules.ini", rules)};
    model *m = NULL;
    assert_int_equal(model_load(&in, &m, &d), FOLIO_OK);
    assert_int_equal(m->n_projects, 4);
    const char *ids[] = {"A1", "A2", "B1", "C1"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(m->projects[i].id, ids[i]);
    /* A2 needs A1 (row 2); B1 takes on its programme's "1", the Digital programme: A1 and A2; C1's
     * "4SS" names the Ops programme: B1, start-to-start. */
    assert_int_equal(m->projects[1].n_depends_on, 1);
    assert_int_equal(m->projects[1].depends_on[0], 0);
    assert_int_equal(m->projects[2].n_depends_on, 2);
    assert_int_equal(m->projects[2].depends_on[0], 0);
    assert_int_equal(m->projects[2].depends_on[1], 1);
    assert_int_equal(m->projects[3].n_depends_on, 1);
    assert_int_equal(m->projects[3].depends_on[0], 2);
    assert_int_equal(m->projects[3].links[0].type, LINK_SS);
    assert_int_equal(d.n_warnings, 2);
    assert_diag(&d, 5, "Must Do",
                "summary row 'Ops programme' is marked must-do (\"TRUE\"); a summary row is not a project, and folio "
                "does not pass this to the projects under it: mark each project it applies to");
    assert_false(m->projects[2].must);
    assert_diag(&d, 2, NULL,
                "2 summary rows (rows with indented rows under them, as Smartsheet exports its hierarchy) are not read "
                "as projects: line 2 'Digitalprogramm f\xc3\xbcr das Kundenportal: ', line 5 'Ops programme'; links "
                "naming them stand for the projects under them");
    for (size_t k = 0; k < d.count; k++) /* a name cut at 40 bytes, not inside its \xc3\x9c */
        assert_true(text_utf8_valid(d.items[k].message, strlen(d.items[k].message), NULL));
    model_free(m);
    diags_clear(&d);
    /* A benefits line for a programme is an error that says what it names; one for a completed
     * project is left out with it (a re-plan, below). */
    in.benefits = write_test_file(dir, "benefits.csv", "project_id,period,amount\nA1,2027-Q1,5\nPRG-B,2027-Q1,7\n");
    assert_int_equal(model_load(&in, &m, &d), FOLIO_EINPUT);
    assert_diag(&d, 3, "project_id",
                "\"PRG-B\" is a summary row of ");
    assert_diag(&d, 3, "project_id", "(line 5), not a project; give its benefits to the 1 project under it (B1)");
    diags_clear(&d);
    in.benefits = NULL;
    char keep[1024];
    snprintf(keep, sizeof keep, "[input]\nsummary_rows = keep\n%s", strstr(rules, "depends_on = rows"));
    snprintf(keep + strlen(keep), sizeof keep - strlen(keep), "[portfolio]\nperiods = 2027-Q1..2027-Q4\n");
    in.rules = write_test_file(dir, "rules.ini", keep);
    assert_int_equal(model_load(&in, &m, &d), FOLIO_OK);
    assert_int_equal(m->n_projects, 6);
    assert_int_equal(d.n_warnings, 0);
    assert_int_equal(m->projects[5].depends_on[0], 3); /* 4SS: the Ops programme itself */
    model_free(m);
    diags_clear(&d);
    /* A re-plan too: A1 is complete, so rows map through both (A2's "2" waits for nothing, and the
     * Digital programme stands for A2 alone). */
    char replan[1024];
    snprintf(replan, sizeof replan, "[replan]\nkeep_in_flight = no\n%s", rules);
    in.rules = write_test_file(dir, "rules.ini", replan);
    assert_int_equal(model_load(&in, &m, &d), FOLIO_OK);
    assert_int_equal(m->n_projects, 3);
    assert_int_equal(m->n_left_out, 1);
    assert_string_equal(m->projects[0].id, "A2");
    assert_int_equal(m->projects[0].n_depends_on, 0);
    assert_int_equal(m->projects[1].n_depends_on, 1);
    assert_int_equal(m->projects[1].depends_on[0], 0);
    assert_int_equal(m->projects[2].depends_on[0], 1);
    model_free(m);
    diags_clear(&d);
    in.benefits = write_test_file(dir, "benefits.csv", "project_id,period,amount\nA1,2027-Q1,5\nA2,2027-Q2,7\n");
    in.demand = write_test_file(dir, "demand.csv", "project_id,resource,period,amount\nA1,budget,2027-Q1,60\n"
                                                   "A2,budget,2027-Q2,150\n");
    folio_error e = model_load(&in, &m, &d);
    for (size_t k = 0; e != FOLIO_OK && k < d.count; k++)
        print_error("  %s\n", d.items[k].message);
    assert_int_equal(e, FOLIO_OK);
    assert_int_equal(m->n_benefits, 1);
    assert_int_equal(m->benefits[0].project, 0);
    assert_rel(m->projects[0].profile[0], 150, 1e-12); /* A2 starts in 2027-Q2, its first period */
    model_free(m);
    diags_clear(&d);
    in.demand = write_test_file(dir, "demand.csv", "project_id,resource,period,amount\nPRG-A,budget,2027-Q1,60\n");
    assert_int_equal(model_load(&in, &m, &d), FOLIO_EINPUT);
    assert_diag(&d, 2, "project_id", "not a project; give its demand to the 1 project under it (A2)");
    diags_clear(&d);
    in.demand = NULL;
    /* A baseline listing a programme besides its project: the programme is neither a project nor
     * removed (said in a warning of its own); an id the export lacks still counts as removed. */
    in.baseline = write_test_file(dir, "approved.csv", "id\nPRG-A\nA2\nGONE-9\n");
    assert_int_equal(model_load(&in, &m, &d), FOLIO_OK);
    assert_int_equal(m->n_baseline, 1);
    assert_true(m->projects[0].in_baseline);
    assert_int_equal(m->n_baseline_unknown, 1);
    assert_string_equal(m->baseline_unknown[0], "GONE-9");
    assert_diag(&d, -1, NULL, "1 id of the baseline is a summary row of ");
    assert_diag(&d, -1, NULL, ", not a project, and is left out of the comparison: PRG-A; the baseline compares");
    model_free(m);
    diags_clear(&d);
    in.baseline = NULL;
    /* A scenario naming the completed project, or a programme, says which it is. */
    char scenario[1200];
    snprintf(scenario, sizeof scenario, "%s[scenario s]\nforce_in = A1\nforce_out = PRG-B\n", replan);
    in.rules = write_test_file(dir, "rules.ini", scenario);
    assert_int_equal(model_load(&in, &m, &d), FOLIO_EINPUT);
    assert_diag(&d, -1, NULL, "[scenario s]: 'A1' is completed in ");
    assert_diag(&d, -1, NULL, "(line 3), so this re-plan leaves it out; take it out of force_in");
    assert_diag(&d, -1, NULL, "[scenario s]: 'PRG-B' is a summary row of ");
    assert_diag(&d, -1, NULL, "(line 5), not a project; name the projects under it");
    diags_clear(&d);
    remove_test_dir(dir);
}

/* A re-plan reads the status words PPM tools export: Jira's, Smartsheet's and ServiceNow's
 * project states as its documentation lists them (Closed Incomplete and Closed Skipped ended
 * undone: left out as cancelled). */
static void status_words_as_tools_write_them(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *projects = "Project ID,cost,Fit,Status\n"
                           "J1,1,1,To Do\nJ2,1,1,In Progress\nJ3,1,1,Done\n"
                           "S1,1,1,Not Started\nS2,1,1,Complete\n"
                           "N1,1,1,Pending\nN2,1,1,Open\nN3,1,1,Work in Progress\nN4,1,1,Closed Complete\n"
                           "N5,1,1,Closed Incomplete\nN6,1,1,Closed Skipped\n";
    const char *rules = "[replan]\nkeep_in_flight = no\n[columns]\nid = Project ID\n"
                        "[criterion fit]\ncolumn = Fit\nweight = 1\n[capacity budget]\ncolumn = cost\nlimit = 100\n";
    model *m = load(dir, projects, "project_id,amount\nJ1,1\n", rules, &d);
    assert_non_null(m);
    const struct {
        const char *id;
        model_status status;
    } kept[] = {{"J1", STATUS_PROPOSED}, {"J2", STATUS_IN_PROGRESS}, {"S1", STATUS_PROPOSED},
                {"N1", STATUS_PROPOSED}, {"N2", STATUS_PROPOSED},    {"N3", STATUS_IN_PROGRESS}},
      gone[] = {{"J3", STATUS_COMPLETED}, {"S2", STATUS_COMPLETED}, {"N4", STATUS_COMPLETED},
                {"N5", STATUS_CANCELLED}, {"N6", STATUS_CANCELLED}};
    assert_int_equal(m->n_projects, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(m->projects[i].id, kept[i].id);
        assert_int_equal(m->projects[i].status, kept[i].status);
    }
    assert_int_equal(m->n_left_out, 5);
    for (size_t k = 0; k < 5; k++) {
        assert_string_equal(m->left_out[k].id, gone[k].id);
        assert_int_equal(m->left_out[k].status, gone[k].status);
    }
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

/* Predecessors as Project and Smartsheet write them: link types and lags read (one warning), ids or
 * row numbers; and durations with units, or from the finish, in a quarterly horizon. */
static void predecessor_links_and_durations(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    const char *projects = "id,cost,fit,Predecessors,start,finish,duration\n"
                           "A,1,1,,2027-01-04,,129d\n"
                           "B,1,2,1FS+3d,15.01.2027,,6w\n"
                           "C,1,3,\"1SS, 2\",Jan 2027,,3mo\n"
                           "D,1,4,2FF-10d,2027-Q1,,2q\n"
                           "E,1,5,,2027-02-01T08:00:00Z,,1y\n"
                           "F,1,6,,FY27 Q2,2027-12-15 17:00:00,\n"
                           "G,1,7,,2027-03-01,,40h\n"
                           "H,1,8,,2027-Q1,,60 Days 40 Hours\n" /* ServiceNow's way: 3.00 months */
                           "I,1,9,,2027-Q1,,60 Days 40 Hours 30 Minutes\n"
                           "J,1,10,\"1EA+1,5 Tage;2AA\",2027-Q1,,1\n" /* German Project; ';' lists */
                           "K,1,11,\"1SS-4mo;2FS+50%;3SF +2\",2027-Q1,,1\n"  /* a lead; a share; days */
                           "L,1,12,5SS,,,1\n";                                 /* no start: only \"needs\" */
    model *m = load(dir, projects, "project_id,period,amount\nA,2027-Q1,1\n",
                    "[portfolio]\nperiods = 2027-Q1..2028-Q4\n[input]\ndepends_on = rows\n[columns]\ndepends_on = Predecessors\n"
                    "[criterion fit]\ncolumn = fit\nweight = 1\n[capacity budget]\ncolumn = cost\nlimit = 100\n",
                    &d);
    assert_non_null(m);
    const size_t want[] = {2, 1, 1, 2, 4, 3, 1, 1, 2, 1}; /* 129d: 5.95 months, 2 quarters; F: Q2..Q4 */
    for (size_t i = 0; i < 10; i++)
        if (m->projects[i].duration != want[i])
            fail_msg("project %s lasts %zu periods, expected %zu", m->projects[i].id, m->projects[i].duration, want[i]);
    assert_int_equal(m->projects[5].start_min, 1);
    assert_int_equal(m->projects[2].n_depends_on, 2);
    assert_int_equal(m->projects[2].depends_on[0], 0);
    assert_int_equal(m->projects[2].depends_on[1], 1);
    assert_int_equal(m->projects[3].depends_on[0], 1);
    assert_int_equal(m->projects[9].n_depends_on, 2);
    assert_int_equal(m->projects[9].depends_on[0], 0);
    assert_int_equal(m->projects[9].depends_on[1], 1);
    /* Types as written; lags in the nearest whole quarters: 3d, 1,5 Tage, -10d and 2 days are none,
     * 4 months early one, half of B's one quarter one (half counts). */
    const struct {
        size_t project, link;
        model_link_type type;
        int lag;
    } links[] = {{1, 0, LINK_FS, 0}, {2, 0, LINK_SS, 0}, {2, 1, LINK_FS, 0}, {3, 0, LINK_FF, 0}, {9, 0, LINK_FS, 0},
                 {9, 1, LINK_SS, 0}, {10, 0, LINK_SS, -1}, {10, 1, LINK_FS, 1}, {10, 2, LINK_SF, 0}, {11, 0, LINK_FS, 0}};
    for (size_t k = 0; k < sizeof links / sizeof links[0]; k++) {
        const model_project *p = &m->projects[links[k].project];
        assert_non_null(p->links);
        if (p->links[links[k].link].type != links[k].type || p->links[links[k].link].lag != links[k].lag)
            fail_msg("%s's link %zu: type %d lag %d, expected %d and %d", p->id, links[k].link,
                     (int)p->links[links[k].link].type, p->links[links[k].link].lag, (int)links[k].type, links[k].lag);
    }
    assert_int_equal(d.n_warnings, 1);
    assert_diag(&d, 13, "Predecessors",
                "1 predecessor link has a type or lag (the first: '5SS') between projects of which one has no start; "
                "such a link is read as 'this project needs that one', untimed");
    model_free(m);
    diags_clear(&d);
    /* In one period nothing is timed: a link means "needs", without a word. */
    m = load(dir, "id,cost,fit,Predecessors\nA,1,1,\nB,1,2,1SS+3d\nC,1,3,1FF;2SF-1w\n", "project_id,period,amount\nA,2027-Q1,1\n",
             "[input]\ndepends_on = rows\n[columns]\ndepends_on = Predecessors\n[criterion fit]\ncolumn = fit\nweight = 1\n"
             "[capacity budget]\ncolumn = cost\nlimit = 100\n",
             &d);
    assert_non_null(m);
    assert_int_equal(m->projects[2].n_depends_on, 2);
    for (size_t i = 1; i < 3; i++)
        for (size_t k = 0; k < m->projects[i].n_depends_on; k++)
            assert_true(m->projects[i].links[k].type == LINK_FS && m->projects[i].links[k].lag == 0);
    assert_int_equal(d.n_warnings, 0);
    model_free(m);
    diags_clear(&d);
    const char *bad = "id,cost,fit,depends_on,start,finish,duration\n"
                      "A,1,1,9,04/07/27,,\n"
                      "B,1,2,PRJ-14FS,2027-Q2,2027-Q1,\n"
                      "C,1,3,,2027-Q1,,3 fortnights\n"
                      "D,1,4,,2027-Q1,,2 3d\n" /* a number of periods stands alone */
                      "E,1,5,AFS+3 fortnights,2027-Q1,,1\n";
    assert_null(load(dir, bad, "project_id,period,amount\nA,2027-Q1,1\n",
                     "[portfolio]\nperiods = 2027-Q1..2028-Q4\n[criterion fit]\ncolumn = fit\nweight = 1\n"
                     "[capacity budget]\ncolumn = cost\nlimit = 100\n",
                     &d));
    assert_diag(&d, 2, "depends_on", "unknown project id \"9\"; if predecessors are row numbers, set [input] depends_on = rows");
    assert_diag(&d, 2, "start", "\"04/07/27\" reads as day/month and as month/day; say which: [input] date_order");
    assert_diag(&d, 3, "depends_on", "unknown project id \"PRJ-14FS\"");
    assert_diag(&d, 3, "finish", "finish \"2027-Q1\" is before the start");
    assert_diag(&d, 4, "duration", "\"3 fortnights\" is not a duration");
    assert_diag(&d, 5, "duration", "\"2 3d\" is not a duration");
    assert_diag(&d, 6, "depends_on", "\"AFS+3 fortnights\": \"+3 fortnights\" is not a lag; write a signed duration");
    diags_clear(&d);
    remove_test_dir(dir);
}

/* With a horizon, a timing column present only under another tool's name is said, not silently
 * left out (every project would start in the first period). */
static void timing_under_another_name_is_said(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    model *m = load(dir, "id,cost,fit,Start Date,End Date\nP1,1,1,2027-04-01,2027-09-01\n", "project_id,period,amount\nP1,2027-Q2,1\n",
                    "[portfolio]\nperiods = 2027-Q1..2027-Q4\n[criterion fit]\ncolumn = fit\nweight = 1\n", &d);
    assert_non_null(m);
    assert_int_equal(m->projects[0].start_min, 0);
    assert_diag(&d, 1, "Start Date", "not read: folio reads 'start' from a column of that name; if this is it, map it in "
                                     "the rules: [columns] start = Start Date");
    assert_diag(&d, 1, "End Date", "[columns] finish = End Date");
    model_free(m);
    diags_clear(&d);
    m = load(dir, "id,cost,fit,Start Date,End Date\nP1,1,1,2027-04-01,2027-09-01\n", "project_id,period,amount\nP1,2027-Q2,1\n",
             "[portfolio]\nperiods = 2027-Q1..2027-Q4\n[columns]\nstart = Start Date\nfinish = End Date\n"
             "[criterion fit]\ncolumn = fit\nweight = 1\n",
             &d);
    assert_non_null(m);
    assert_int_equal(m->projects[0].start_min, 1);
    assert_int_equal(m->projects[0].duration, 2);
    assert_int_equal(d.n_warnings, 0);
    model_free(m);
    diags_clear(&d);
    remove_test_dir(dir);
}

/* No benefits register: fine unless a criterion reads it. */
static void the_benefits_register_is_optional(void **state)
{
    (void)state;
    char *dir = make_test_dir();
    diags d;
    diags_init(&d);
    model_inputs in = {
        .projects = strdup(write_test_file(dir, "projects.csv", "id,cost,fit\nA,1,1\nB,2,2\n")),
        .rules = strdup(write_test_file(dir, "rules.ini", "[criterion fit]\ncolumn = fit\nweight = 1\n")),
    };
    model *m = NULL;
    assert_int_equal(model_load(&in, &m, &d), FOLIO_OK);
    assert_int_equal(m->n_benefits, 0);
    model_free(m);
    write_test_file(dir, "rules.ini", "[criterion value]\nsource = benefits.total\nweight = 1\n");
    assert_int_equal(model_load(&in, &m, &d), FOLIO_EINPUT);
    assert_diag(&d, 2, "source", "reads the benefits register (source = benefits.total), but no --benefits FILE was given");
    free((char *)in.projects);
    free((char *)in.rules);
    diags_clear(&d);
    remove_test_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(european_export_reads_with_mapped_headers),
        cmocka_unit_test(the_cost_columns_currency_is_the_models),
        cmocka_unit_test(decimal_point_can_be_forced_for_semicolon_exports),
        cmocka_unit_test(money_that_reads_either_way_is_warned_of),
        cmocka_unit_test(missing_values_are_filled_as_the_rules_say),
        cmocka_unit_test(policies_find_their_category_case_insensitively),
        cmocka_unit_test(timing_columns_and_per_period_limits_read),
        cmocka_unit_test(demand_export_replaces_the_even_spread),
        cmocka_unit_test(timing_errors_name_line_and_column),
        cmocka_unit_test(pairwise_weights_come_from_ahp),
        cmocka_unit_test(pairwise_matrix_file_reads_like_keys),
        cmocka_unit_test(criteria_groups_weigh_level_by_level),
        cmocka_unit_test(scenario_projects_resolve_to_the_export),
        cmocka_unit_test(samples_load_cleanly),
        cmocka_unit_test(words_tokens_scales_and_units),
        cmocka_unit_test(repeated_headers_and_other_tools_names),
        cmocka_unit_test(predecessor_links_and_durations),
        cmocka_unit_test(summary_rows_are_not_projects),
        cmocka_unit_test(status_words_as_tools_write_them),
        cmocka_unit_test(the_benefits_register_is_optional),
        cmocka_unit_test(timing_under_another_name_is_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
