/* test_rules.c - the INI rule set: what it accepts, and errors that point at the right line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "table.h"
#include "rules_int.h" /* the key table, reached for its own tests */
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
                      "limit = 25.000.000\n" /* the rules' numbers read as [input] decimal says */
                      "[policy ops]\n"
                      "category = Operations\n"
                      "min = 2000000\n"
                      "count_max = 3\n"
                      "label = Operations floor\n"
                      "[output]\n"
                      "paper = letter\n"
                      "currency = EUR\n";
    assert_int_equal(parse(f, ini), FOLIO_OK);
    /* Labels: as given, else the name made readable. */
    assert_string_equal(f->r.criteria[0].label, "Strategic Fit");
    assert_string_equal(f->r.criteria[1].label, "Value");
    assert_string_equal(f->r.capacities[0].label, "Budget");
    assert_null(f->r.capacities[0].unit);
    assert_string_equal(f->r.policies[0].label, "Operations floor");
    assert_int_equal(f->r.paper, PAPER_LETTER);
    assert_string_equal(f->r.currency, "EUR");
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

static void scenarios_read_and_resolve_their_keys(void **state)
{
    fixture *f = *state;
    const char *ini = "[portfolio]\nperiods = 2027-Q1..2027-Q4\n"
                      "[criterion fit]\ncolumn = x\nweight = 1\n"
                      "[capacity budget]\ncolumn = cost\ntotal = 100\nper_period = 40\n"
                      "[policy cap]\ncategory = Ops\ncount_max = 2\n"
                      "[scenario lean]\nBudget = 80\nbudget.per_period = 30\nbudget.period.2027-Q3 = 20\n"
                      "weight.fit = 3\ncap.count_max = 1\nforce_in = A, B; C\nforce_out = D\n"
                      "[capacity engineering]\ncolumn = fte\nper_period = 4\n"
                      "[tradeoffs]\nfrontier = budget\nfrontier_points = 5\nsurface = Engineering\nsurface_points = 3\n";
    assert_int_equal(parse(f, ini), FOLIO_OK);
    const rules *r = &f->r;
    assert_int_equal(r->n_scenarios, 1);
    const rules_scenario *sc = &r->scenarios[0];
    assert_string_equal(sc->name, "lean");
    assert_int_equal(sc->n_overrides, 5);
    assert_int_equal(sc->overrides[0].kind, OVERRIDE_LIMIT);
    assert_int_equal(sc->overrides[1].kind, OVERRIDE_PER_PERIOD);
    assert_int_equal(sc->overrides[2].kind, OVERRIDE_PERIOD);
    assert_int_equal(sc->overrides[2].period, 2);
    assert_int_equal(sc->overrides[3].kind, OVERRIDE_WEIGHT);
    assert_int_equal(sc->overrides[4].kind, OVERRIDE_POLICY_COUNT_MAX);
    assert_int_equal(sc->n_force_in, 3);
    assert_string_equal(sc->force_in[2], "C");
    assert_int_equal(sc->n_force_out, 1);
    assert_int_equal(r->frontier_capacity, 0);
    assert_int_equal((int)r->frontier_points, 5);
    assert_int_equal(r->surface_capacity, 1);
    assert_int_equal((int)r->surface_points, 3);
}

static void bad_scenario_keys_are_reported_at_their_line(void **state)
{
    fixture *f = *state;
    const char *ini = "[criterion fit]\ncolumn = x\nweight = 1\n"
                      "[capacity budget]\ncolumn = cost\nlimit = 100\n"
                      "[policy cap]\ncategory = Ops\ncount_max = 2\n"
                      "[scenario s]\nbudjet = 80\nbudget.per_period = 30\nweight.fitt = 2\ncap.count_max = 1.5\n"
                      "cap.most = 3\nbudget = lots\n"
                      "[scenario]\nbudget = 1\n"
                      "[tradeoffs]\nfrontier = budgit\nfrontier_points = 1\nsurface = staf\nsurface_points = 1\n"
                      "[capacity staff]\ncolumn = fte\nlimit = 9\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_diag(&f->d, 11, "budjet", "not a scenario key");
    assert_diag(&f->d, 11, "budjet", "did you mean 'budget'?");
    assert_diag(&f->d, 12, "budget.per_period", "per-period limits need [portfolio] periods");
    assert_diag(&f->d, 13, "weight.fitt", "no [criterion fitt] to weigh");
    assert_diag(&f->d, 14, "cap.count_max", "a count must be a whole number");
    assert_diag(&f->d, 15, "cap.most", "a policy takes cap.min, cap.max");
    assert_diag(&f->d, 16, "budget", "\"lots\" is not a number");
    assert_diag(&f->d, 17, NULL, "section [scenario] needs a name");
    assert_diag(&f->d, 20, "frontier", "no [capacity budgit]; did you mean 'budget'?");
    assert_diag(&f->d, 21, "frontier_points", "a whole number from 2 to 1000");
    assert_diag(&f->d, 22, "surface", "no [capacity staf]; did you mean 'staff'?");
    assert_diag(&f->d, 23, "surface_points", "a whole number from 2 to 100");
}

static void a_surface_needs_a_second_capacity(void **state)
{
    fixture *f = *state;
    /* Without [tradeoffs] frontier the frontier is over the capacity named budget. */
    const char *ini = "[criterion fit]\ncolumn = x\nweight = 1\n"
                      "[capacity staff]\ncolumn = fte\nlimit = 9\n"
                      "[capacity budget]\ncolumn = cost\nlimit = 100\n"
                      "[tradeoffs]\nsurface = budget\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_diag(&f->d, 11, "surface", "must differ from the frontier's (budget)");
}

static const char *PAIRWISE_CRITERIA = "[criterion strategic_fit]\ncolumn = a\n"
                                       "[criterion risk]\ncolumn = b\ndirection = min\n"
                                       "[criterion customer_impact]\ncolumn = c\n";

static void pairwise_judgments_read_in_either_order_and_as_fractions(void **state)
{
    fixture *f = *state;
    char ini[1024];
    snprintf(ini, sizeof ini,
             "%s[weights]\nmethod = ahp\n[pairwise]\nstrategic_fit vs risk = 3\nrisk vs customer_impact = 1/5\n"
             "Customer Impact vs strategic_fit = 0.5\n",
             PAIRWISE_CRITERIA);
    assert_int_equal(parse(f, ini), FOLIO_OK);
    assert_int_equal(f->r.weighting, WEIGHTS_AHP);
    assert_int_equal(f->r.n_judgments, 3);
    assert_int_equal(f->r.judgments[0].a, 0);
    assert_int_equal(f->r.judgments[0].b, 1);
    assert_rel(f->r.judgments[1].value, 0.2, 1e-12);
    assert_int_equal(f->r.judgments[2].a, 2); /* names match like headers: case, blanks, '_' */
    assert_int_equal(f->r.judgments[2].b, 0);
}

static void bad_judgments_are_reported_at_their_line(void **state)
{
    fixture *f = *state;
    char ini[1024];
    snprintf(ini, sizeof ini,
             "%s[weights]\nmethod = ahp\n[pairwise]\n"
             "strategic_fit vs risk = 3\n"       /* line 11 */
             "risk vs strategic_fit = 1/3\n"     /* 12: the same pair again */
             "risk vs customer_impact = 12\n"    /* 13: off the scale */
             "strategic_fit vs riks = 2\n"       /* 14: unknown criterion */
             "risk vs risk = 1\n"                /* 15 */
             "strategic fit against risk = 2\n"  /* 16 */
             "customer_impact vs risk = lots\n", /* 17 */
             PAIRWISE_CRITERIA);
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_diag(&f->d, 12, NULL, "risk and strategic_fit are compared twice (first at line 11)");
    assert_diag(&f->d, 13, "risk vs customer_impact", "judgment 12 is outside Saaty's scale of 1/9 to 9");
    assert_diag(&f->d, 14, "riks", "no criterion of this name; did you mean 'risk'?");
    assert_diag(&f->d, 15, "risk", "compared with itself");
    assert_diag(&f->d, 16, "strategic fit against risk", "not a comparison");
    assert_diag(&f->d, 17, "customer_impact vs risk", "\"lots\" is not a judgment");
}

static void pairwise_method_needs_judgments_and_ignores_weights(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "[criterion a]\ncolumn = x\nweight = 3\n[criterion b]\ncolumn = y\n"
                              "[weights]\nmethod = geometric-mean\n"),
                     FOLIO_EINPUT);
    assert_diag(&f->d, 0, NULL, "needs pairwise comparisons in [pairwise]");
    assert_diag(&f->d, 1, NULL, "has a 'weight', which is ignored");
    assert_int_equal(parse(f, "[criterion a]\ncolumn = x\n[weights]\nmethod = voting\n"), FOLIO_EINPUT);
    assert_diag(&f->d, 4, "method", "\"voting\" is not a weighting method");
}

/* A rules text with one criterion, then "[section]\nkey = value". */
static folio_error parse_key(fixture *f, const rules_key *k, const char *value)
{
    char text[512];
    snprintf(text, sizeof text, "[criterion a]\ncolumn = x\nweight = 1\n[%s]\n%s = %s\n",
             rules_section_name(k->section), k->name, value);
    return parse(f, text);
}

static void every_key_starts_at_its_default(void **state)
{
    fixture *f = *state;
    assert_int_equal(parse(f, "[criterion a]\ncolumn = x\nweight = 1\n[capacity c]\ncolumn = cost\nlimit = 5\n"
                              "[policy p]\ncategory = A\nmax = 1\n"),
                     FOLIO_OK);
    size_t checked = 0;
    for (size_t i = 0; i < rules_key_table_count; i++) {
        const rules_key *k = &rules_key_table[i];
        if (k->offset == SIZE_MAX)
            continue; /* a reader that keeps its value elsewhere */
        const char *base = k->section == SEC_CRITERION  ? (const char *)&f->r.criteria[0]
                           : k->section == SEC_CAPACITY ? (const char *)&f->r.capacities[0]
                           : k->section == SEC_POLICY   ? (const char *)&f->r.policies[0]
                                                        : (const char *)&f->r;
        const void *field = base + k->offset;
        switch (k->kind) {
        case KEY_NUMBER:
            assert_true(*(const double *)field == k->def);
            break;
        case KEY_BOOL:
            assert_int_equal(*(const bool *)field, k->invert ? k->def == 0 : k->def != 0);
            break;
        case KEY_CHOICE:
            if (k->store == STORE_INT)
                assert_int_equal(*(const int *)field, (int)k->def);
            else if (k->store == STORE_BOOL)
                assert_int_equal(*(const bool *)field, k->def != 0);
            else
                assert_int_equal(*(const char *)field, (char)k->def);
            break;
        default:
            continue;
        }
        checked++;
    }
    assert_true(checked >= 15);
    /* The analyses start from the same defaults as the keys. */
    assert_true(f->r.sensitivity_solves == RULES_DEFAULT_SENSITIVITY_SOLVES);
    assert_true(f->r.frontier_points == RULES_DEFAULT_FRONTIER_POINTS);
    assert_true(f->r.tradeoffs_budget == RULES_DEFAULT_TRADEOFFS_BUDGET);
}

/* Every number key takes a value at its bounds and refuses one past them (or a fraction, for a
 * whole number) with its own message at its line; every choice key takes each of its words. */
static void every_key_takes_its_values_and_refuses_others(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < rules_key_table_count; i++) {
        const rules_key *k = &rules_key_table[i];
        char value[64], message[256];
        if (k->kind == KEY_NUMBER) {
            double inside = k->min_open ? k->min + 0.5 : k->min;
            snprintf(value, sizeof value, "%.17g", inside);
            assert_int_equal(parse_key(f, k, value), FOLIO_OK);
            double outside = k->min_open ? k->min : k->min - 1;
            snprintf(value, sizeof value, "%.17g", outside);
            assert_int_equal(parse_key(f, k, value), FOLIO_EINPUT);
            snprintf(message, sizeof message, k->invalid, value);
            assert_diag(&f->d, 5, k->name, message);
            if (isfinite(k->max)) {
                snprintf(value, sizeof value, "%.17g", k->max_open ? k->max : k->max + 1);
                assert_int_equal(parse_key(f, k, value), FOLIO_EINPUT);
            }
            if (k->whole) {
                snprintf(value, sizeof value, "%.17g", k->min + 2.5);
                assert_int_equal(parse_key(f, k, value), FOLIO_EINPUT);
            }
        } else if (k->kind == KEY_CHOICE && k->section != SEC_CRITERION && k->section != SEC_CAPACITY) {
            for (const rules_choice *w = k->choices; w->word != NULL; w++)
                assert_int_equal(parse_key(f, k, w->word), FOLIO_OK);
            assert_int_equal(parse_key(f, k, "nonsense"), FOLIO_EINPUT);
            snprintf(message, sizeof message, k->invalid, "nonsense");
            assert_diag(&f->d, 5, k->name, message);
        }
    }
}

/* Found by fuzz_rules: inih holds 199 bytes of a line and read the rest of a longer one as a line of
 * its own (a key hidden in a long value was set), and counted lines by its reads, so errors after it
 * named the wrong line. A long KEY = VALUE line is now read whole, a long comment is a comment, a long
 * section header is an error at its own line, and lone CRs end lines. */
static void a_long_line_is_read_whole_and_never_split(void **state)
{
    fixture *f = *state;
    char text[2048], name[400], comment[300];
    memset(name, 'x', 300);
    strcpy(name + 200, " delay_penalty = 0.5 ");
    memset(name + 221, 'y', 50);
    name[271] = '\0';
    memset(comment, 'c', sizeof comment);
    comment[0] = ';';
    comment[sizeof comment - 1] = '\0';
    snprintf(text, sizeof text, "[portfolio]\nname = %s\n%s\n[criterion a]\ncolumn = x\nweight = 1\nnope = 1\n", name,
             comment);
    assert_int_equal(parse(f, text), FOLIO_EINPUT);
    assert_int_equal(f->d.n_errors, 1);
    assert_diag(&f->d, 7, "nope", "unknown key in [criterion a]");
    assert_string_equal(f->r.name, name);
    assert_true(f->r.delay_penalty == 0);

    memset(name, 'z', 250);
    name[250] = '\0';
    snprintf(text, sizeof text, "[criterion a]\ncolumn = x\nweight = 1\n[policy %s]\ncategory = A\nmax = 1\n", name);
    assert_int_equal(parse(f, text), FOLIO_EINPUT);
    assert_diag(&f->d, 4, NULL, "a section header or a line that is not KEY = VALUE holds at most 198");
    assert_int_equal(parse(f, "[criterion a]\rcolumn = x\rweight = 1\r[tradeoffs]\rfrontier_points = 1\r"), FOLIO_EINPUT);
    assert_diag(&f->d, 5, "frontier_points", "a whole number from 2 to 1000");
}

/* A list goes on over indented lines (as in Python's configparser): comments among them (indented
 * or not: an item commented out) and after a piece are dropped, the pieces are joined as one list, a blank or unindented line ends it, and
 * every line after it keeps its number. A key that takes one value is not continued. */
static void a_list_goes_on_over_indented_lines(void **state)
{
    fixture *f = *state;
    const char *ini = "[input]\n"
                      "missing = TBD,\n"
                      "    unknown ; not yet estimated\n"
                      "true = Ja\n"
                      "[criterion fit]\ncolumn = x\nweight = 1\n"
                      "[capacity budget]\ncolumn = cost\nlimit = 100\n"
                      "[scenario s]\n"
                      "force_in =\n"
                      "    A, B   ; the first two\n"
                      "  ; a comment among them\n"
                      ";   X, an id commented out\n"
                      "\tC\r\n"
                      "    D; E\n"
                      "force_out = F\n"
                      "\n"
                      "  budget = 80\n";
    assert_int_equal(parse(f, ini), FOLIO_OK);
    const rules *r = &f->r;
    assert_string_equal(r->missing_words, "TBD, unknown");
    assert_string_equal(r->true_words, "Ja");
    const rules_scenario *sc = &r->scenarios[0];
    assert_int_equal(sc->n_force_in, 5);
    assert_string_equal(sc->force_in[0], "A");
    assert_string_equal(sc->force_in[2], "C");
    assert_string_equal(sc->force_in[4], "E");
    assert_int_equal(sc->force_in_line, 12);
    assert_int_equal(sc->n_force_out, 1);
    assert_int_equal(sc->force_out_line, 18);
    assert_int_equal(sc->n_overrides, 1); /* after a blank line, an indented key is a key of its own */
    assert_int_equal(sc->overrides[0].line, 20);

    ini = "[portfolio]\nname = Q1\n  review\n"
          "[criterion fit]\ncolumn = x\nweight = 1\n"
          "  direction = min\n"
          "[scenario s]\nforce_out = A,\n  B\nbudjet = 1\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT);
    assert_int_equal(f->d.n_errors, 3);
    assert_diag(&f->d, 2, "name", "the indented line 3 continues this value, but the key takes one value");
    assert_diag(&f->d, 6, "weight", "unindent line 7 if it is a key of its own");
    assert_true(f->r.criteria[0].weight == 1); /* the key line's own value is read, so no "has no weight" */
    assert_diag(&f->d, 11, "budjet", "not a scenario key");
}

/* The README's key list is the key table: every key with its default, and no other. */
static void the_readme_lists_every_key_with_its_default(void **state)
{
    (void)state;
    FILE *in = fopen(FOLIO_SOURCE_DIR "/README.md", "rb");
    assert_non_null(in);
    static char readme[256 * 1024];
    size_t len = fread(readme, 1, sizeof readme - 1, in);
    fclose(in);
    readme[len] = '\0';
    rules_key_doc doc;
    size_t rows = 0;
    for (size_t i = 0; rules_key_describe(i, &doc); i++) {
        char row[512];
        snprintf(row, sizeof row, "| `%s` | `%s` | %s |", doc.section, doc.key, doc.def);
        if (strstr(readme, row) == NULL)
            fail_msg("README.md has no key row starting \"%s\"", row);
        rows++;
    }
    size_t listed = 0;
    for (const char *p = readme; (p = strstr(p, "\n| `[")) != NULL; p++)
        listed++;
    assert_int_equal(listed, rows);
}

/* The keys that read exports as PPM tools write them: text scales, words, encodings, date order and
 * fiscal years; weights mixing percentages and plain numbers are refused, not read as 0.2 against 2. */
static void export_keys_and_weight_styles(void **state)
{
    fixture *f = *state;
    const char *ini = "[portfolio]\nfiscal_year_start = July\n"
                      "[input]\nencoding = windows-1252\ndate_order = dmy\ndepends_on = rows\nsheet = Intake\n"
                      "true = Ja, Oui\nmissing = k.A.\n"
                      "[values Risk level]\nLow = 1\nMedium = 2,5\nHigh = 4\n";
    assert_int_equal(parse(f, ini), FOLIO_EINPUT); /* the rules' numbers read with '.' unless told */
    assert_diag(&f->d, 12, "Medium", "\"2,5\" is not a number with '.' as the decimal mark");
    ini = "[portfolio]\nfiscal_year_start = 10\n"
          "[values Risk level]\nLow = 1\nHigh = 4.5\n"
          "[input]\nencoding = latin-1\ndate_order = mdy\ntrue = Ja, Oui\nmissing = k.A.\n"
          "[criterion risk]\ncolumn = Risk level\nweight = 20%\n[criterion fit]\ncolumn = fit\nweight = 80%\n";
    assert_int_equal(parse(f, ini), FOLIO_OK);
    assert_int_equal(f->r.dates.fiscal_start, 9);
    assert_int_equal(f->r.dates.order, DATE_ORDER_MDY);
    assert_int_equal(f->r.encoding, TABLE_ENCODING_LATIN1);
    assert_string_equal(f->r.true_words, "Ja, Oui");
    assert_int_equal(f->r.n_value_maps, 1);
    assert_int_equal(f->r.value_maps[0].n, 2);
    assert_true(f->r.value_maps[0].values[1] == 4.5);
    assert_ptr_equal(rules_value_map_for(&f->r, "risk_level"), &f->r.value_maps[0]);
    assert_null(rules_value_map_for(&f->r, "fit"));
    assert_int_equal(parse(f, "[criterion a]\ncolumn = a\nweight = 20%\n[criterion b]\ncolumn = b\nweight = 2\n"),
                     FOLIO_EINPUT);
    assert_diag(&f->d, 6, "weight", "[criterion b]'s weight is a plain number but [criterion a]'s (line 3) is a percentage");
    assert_int_equal(parse(f, "[portfolio]\nfiscal_year_start = Julember\n[criterion a]\ncolumn = a\nweight = 1\n"
                              "[values x]\n"),
                     FOLIO_EINPUT);
    assert_diag(&f->d, 2, "fiscal_year_start", "\"Julember\" is not a month");
    /* European numbers in the rules read as [input] decimal says, wherever [input] stands. */
    assert_int_equal(parse(f, "[criterion a]\ncolumn = a\nweight = 1,5\n[capacity c]\ncolumn = cost\n"
                              "limit = 8.000.000\n[input]\ndecimal = comma\n"),
                     FOLIO_OK);
    assert_true(f->r.capacities[0].limit == 8e6);
    assert_true(f->r.criteria[0].weight == 1.5);
    assert_int_equal(parse(f, "[criterion a]\ncolumn = a\nweight = 1\n[capacity c]\ncolumn = cost\nlimit = 8.000.000\n"),
                     FOLIO_EINPUT);
    assert_diag(&f->d, 6, "limit", "[input] decimal = comma reads it as 8000000");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(export_keys_and_weight_styles, setup, teardown),
        cmocka_unit_test_setup_teardown(full_rule_set_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_section_and_key_get_a_line_and_a_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_values_are_reported_each_at_its_line, setup, teardown),
        cmocka_unit_test_setup_teardown(weights_must_not_all_be_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_key_and_unknown_column_mapping_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(criterion_needs_a_column_or_source_and_range_needs_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(no_criterion_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(syntax_errors_and_keys_outside_sections_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(policy_bounds_are_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(scenarios_read_and_resolve_their_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_scenario_keys_are_reported_at_their_line, setup, teardown),
        cmocka_unit_test_setup_teardown(a_surface_needs_a_second_capacity, setup, teardown),
        cmocka_unit_test_setup_teardown(pairwise_judgments_read_in_either_order_and_as_fractions, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_judgments_are_reported_at_their_line, setup, teardown),
        cmocka_unit_test_setup_teardown(pairwise_method_needs_judgments_and_ignores_weights, setup, teardown),
        cmocka_unit_test_setup_teardown(a_long_line_is_read_whole_and_never_split, setup, teardown),
        cmocka_unit_test_setup_teardown(a_list_goes_on_over_indented_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(every_key_starts_at_its_default, setup, teardown),
        cmocka_unit_test_setup_teardown(every_key_takes_its_values_and_refuses_others, setup, teardown),
        cmocka_unit_test(the_readme_lists_every_key_with_its_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
