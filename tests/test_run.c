/* test_run.c - the run API end to end in one process: solve, explain and analyse, then write every
 * output all or nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"
#include "run_fixture.h"

/* The best total score over every selection that keeps every rule (single period: no starts). */
static double brute_force_optimum(const folio_run *run)
{
    const model *m = run->m;
    const size_t n = m->n_projects;
    bool sel[16];
    double best = -INFINITY;
    assert_true(n <= 16);
    for (unsigned long mask = 0; mask < (1ul << n); mask++) {
        double value = 0;
        for (size_t i = 0; i < n; i++) {
            sel[i] = (mask >> i) & 1;
            value += sel[i] ? run->score.score[i] : 0;
        }
        if (value > best && plan_check(m, &run->rules, (plan){sel, NULL}, NULL, 0) == 0)
            best = value;
    }
    return best;
}

static void a_run_solves_explains_and_analyses(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_single, NULL), FOLIO_OK);
    const folio_run *run = f.run;
    const model *m = run->m;
    assert_int_equal(run->result.status, SOLVE_OPTIMAL);
    assert_int_equal(plan_check(m, &run->rules, solve_plan_of(&run->result), NULL, 0), 0);
    assert_rel(run->result.objective, brute_force_optimum(run), 1e-9);
    for (size_t i = 0; i < m->n_projects; i++) {
        assert_non_null(run->decisions[i].reason);
        assert_true(strlen(run->decisions[i].reason) > 10);
        if (m->projects[i].must)
            assert_int_equal(run->decisions[i].decision, DECISION_MUST);
        if (m->projects[i].exclude)
            assert_int_equal(run->decisions[i].decision, DECISION_EXCLUDED);
    }
    assert_true(run->has_sensitivity && run->has_tradeoffs);
    assert_true(run->tradeoffs.n_points >= 2);
    assert_int_equal(m->rules.n_scenarios, 2);
    assert_int_equal(run->scenarios[0].status, SOLVE_OPTIMAL);
    assert_false(run->scenarios[1].selected[0]); /* no_alpha forces the must-do P1 out */
    run_fixture_clear(&f);
}

static void a_time_phased_run_with_pairwise_weights_keeps_every_rule(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_timed, NULL), FOLIO_OK);
    const folio_run *run = f.run;
    assert_int_equal(run->result.status, SOLVE_OPTIMAL);
    assert_true(run->m->has_ahp && run->m->n_levels == 2);
    assert_int_equal(plan_check(run->m, &run->rules, solve_plan_of(&run->result), NULL, 0), 0);
    double sum = 0;
    for (size_t k = 0; k < run->m->n_criteria; k++)
        sum += run->m->weights[k];
    assert_rel(sum, 1, 1e-12);
    run_fixture_clear(&f);
}

/* text with its first from replaced by to; the caller frees it. */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    char *out = malloc(strlen(text) + strlen(to) + 1);
    sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

static void an_impossible_plan_is_a_result_with_its_conflict(void **state)
{
    (void)state;
    run_fixture f;
    /* The must-do P1 alone needs 4 engineers. */
    assert_int_equal(run_fixture_solve(&f, fixture_rules_single, "[scenario short]\nengineering = 3\n"), FOLIO_OK);
    const trade_scenario *short_ = &f.run->scenarios[2];
    assert_int_equal(short_->status, SOLVE_INFEASIBLE);
    assert_true(short_->conflicts.count > 0);
    assert_non_null(strstr(short_->conflicts.items[0], "engineering"));
    run_fixture_clear(&f);

    char *rules = replaced(fixture_rules_single, "limit = 11", "limit = 3");
    assert_int_equal(run_fixture_solve(&f, rules, NULL), FOLIO_OK);
    assert_int_equal(f.run->result.status, SOLVE_INFEASIBLE);
    assert_true(f.run->conflicts.count > 0);
    assert_false(f.run->has_sensitivity || f.run->has_tradeoffs);
    run_fixture_clear(&f);
    free(rules);
}

static void bad_input_is_an_input_error_at_its_line(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_single, "[criterion extra]\ncolumn = nowhere\nweight = 1\n"),
                     FOLIO_EINPUT);
    assert_null(f.run);
    assert_true(f.d.n_errors >= 1);
    assert_diag(&f.d, 1, "nowhere", "reads this column");
    run_fixture_clear(&f);
}

static size_t count_files(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    if (d != NULL)
        closedir(d);
    return n;
}

static void outputs_are_written_all_or_nothing(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_single, NULL), FOLIO_OK);
    size_t inputs = count_files(f.dir);
    /* The summary cannot be written: the workbook that was there stays as it was, nothing is left. */
    write_test_file(f.dir, "book.xlsx", "precious");
    f.opt.out_path = run_fixture_path(&f, "book.xlsx");
    f.opt.summary_path = run_fixture_path(&f, "missing/s.json");
    assert_int_equal(folio_run_write(f.run, &f.opt, &f.d), FOLIO_EIO);
    FILE *in = fopen(f.opt.out_path, "rb");
    char buf[16] = "";
    assert_non_null(in);
    assert_non_null(fgets(buf, sizeof buf, in));
    fclose(in);
    assert_string_equal(buf, "precious");
    assert_int_equal(count_files(f.dir), inputs + 1);
    /* Everything can be written: the workbook, the summary and the model. */
    f.opt.summary_path = run_fixture_path(&f, "s.json");
    f.opt.export_path = run_fixture_path(&f, "model.mps");
    assert_int_equal(folio_run_write(f.run, &f.opt, &f.d), FOLIO_OK);
    struct stat st;
    assert_int_equal(stat(f.opt.out_path, &st), 0);
    assert_true(st.st_size > 1000);
    assert_int_equal(stat(f.opt.summary_path, &st), 0);
    assert_int_equal(stat(f.opt.export_path, &st), 0);
    assert_int_equal(count_files(f.dir), inputs + 3);
    run_fixture_clear(&f);
}

typedef struct progress_log {
    size_t reports, finished;
    size_t odd; /* reports of a phase's progress ("solving: ...") not in a form expected */
    char last[64];
    char phases[512]; /* each phase once, in order, separated by '|' */
} progress_log;

static void note_progress(void *ctx, const char *what, size_t done, size_t total)
{
    progress_log *log = ctx;
    if (what == NULL) {
        log->finished++;
        return;
    }
    assert_true((total == 0 && done == 0) || (done >= 1 && done <= total));
    log->reports++;
    /* "solving: the starting plan", "solving: plan 1.95, bound 2.15, gap 10.256%" (the plan to
     * beat, before CBC starts, and as CBC's log and the plan search tell them) go on with the phase
     * "solving". */
    char name[64];
    snprintf(name, sizeof name, "%s", what);
    char *colon = strchr(name, ':');
    if (colon != NULL) {
        /* These come from the thread that reads CBC's log too: counted here, asserted after. */
        double plan, bound;
        log->odd += !(strncmp(name, "solving: ", 9) == 0 &&
                      (strcmp(colon, ": the starting plan") == 0 ||
                       sscanf(colon, ": plan %lf, bound %lf, gap", &plan, &bound) == 2 ||
                       sscanf(colon, ": plan %lf", &plan) == 1 || sscanf(colon, ": bound %lf", &bound) == 1));
        *colon = '\0';
    }
    if (strcmp(log->last, name) != 0) {
        strncat(log->phases, name, sizeof log->phases - strlen(log->phases) - 2);
        strcat(log->phases, "|");
    }
    snprintf(log->last, sizeof log->last, "%s", name);
}

static void long_analyses_report_progress_through_the_callback(void **state)
{
    (void)state;
    run_fixture f;
    progress_log log = {0};
    memset(&f, 0, sizeof f);
    f.dir = make_test_dir();
    folio_run_options_init(&f.opt);
    f.opt.progress = (progress){note_progress, &log};
    f.opt.in.projects = strdup(write_test_file(f.dir, "projects.csv", fixture_projects));
    f.opt.in.benefits = strdup(write_test_file(f.dir, "benefits.csv", fixture_benefits));
    f.opt.in.rules = strdup(write_test_file(f.dir, "rules.ini", fixture_rules_single));
    diags_init(&f.d);
    assert_int_equal(folio_run_solve(&f.opt, &f.run, &f.d), FOLIO_OK);
    assert_true(log.reports >= f.run->tradeoffs.n_points - 1 + f.run->m->rules.n_scenarios);
    /* Every phase that can take long says so, in order, and the line is cleared after the
     * trade-offs, the scenarios and the whole run. */
    assert_string_equal(log.phases, "reading the inputs|solving|weight sensitivity|frontier point|capacity values|"
                                    "forcing decisions|scenarios|explaining the decisions|");
    assert_int_equal(log.finished, 3);
    assert_int_equal(log.odd, 0);
    assert_string_equal(log.last, "explaining the decisions");
    run_fixture_clear(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_run_solves_explains_and_analyses),
        cmocka_unit_test(a_time_phased_run_with_pairwise_weights_keeps_every_rule),
        cmocka_unit_test(an_impossible_plan_is_a_result_with_its_conflict),
        cmocka_unit_test(bad_input_is_an_input_error_at_its_line),
        cmocka_unit_test(outputs_are_written_all_or_nothing),
        cmocka_unit_test(long_analyses_report_progress_through_the_callback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
