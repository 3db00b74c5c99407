/* run_fixture.h - small portfolios written to a temporary directory and run through folio's run
 * API, for the tests of the run, the summary and the workbook: one single-period (two criteria, a
 * capacity, a policy, a dependency, a mutual exclusion, must-do and excluded projects, a scenario)
 * and one time-phased with pairwise weights in two groups (start windows, per-period limits, a
 * precedence, a scenario). Each solves in milliseconds. */
#ifndef FOLIO_RUN_FIXTURE_H
#define FOLIO_RUN_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run.h"
#include "test_support.h"

static const char fixture_projects[] =
    "id,name,category,cost,must,exclude,depends_on,excludes,fit,risk,reach,eng,start,latest_start,duration\n"
    "P1,Alpha,Ops,100,yes,,,,3,2,40,4,2027-Q1,2027-Q1,2\n"
    "P2,Beta,Ops,200,,,P1,,4,1,55,3,2027-Q1,2027-Q3,1\n"
    "P3,Gamma,IT,150,,,,P4,2,3,20,2,2027-Q2,2027-Q3,2\n"
    "P4,Delta,IT,300,,,,,5,5,90,5,2027-Q1,2027-Q2,1\n"
    "P5,\"Epsilon, \"\"the fifth\"\"\",IT,120,,,,,4,2,60,3,2027-Q1,2027-Q4,1\n"
    "P6,Zeta,Ops,80,,yes,,,1,1,10,1,2027-Q3,2027-Q3,1\n"
    "P7,Eta,Risk,90,,,,,3,4,30,2,2027-Q2,2027-Q4,1\n";

static const char fixture_benefits[] = "project_id,benefit,period,amount\n"
                                       "P1,savings,2027-Q2,50\n"
                                       "P2,revenue,2027-Q3,120\n"
                                       "P4,revenue,2027-Q4,200\n";

/* Single period: the timing columns are not read. */
static const char fixture_rules_single[] = "[portfolio]\n"
                                           "name = fixture \"single\"\n"
                                           "[criterion fit]\ncolumn = fit\nweight = 2\nnormalise = range\nrange = 1..5\n"
                                           "[criterion risk]\ncolumn = risk\nweight = 1\ndirection = min\n"
                                           "[criterion reach]\ncolumn = reach\nweight = 1\n"
                                           "[capacity budget]\ncolumn = cost\nlimit = 600\n"
                                           "[capacity engineering]\ncolumn = eng\nlimit = 11\n"
                                           "[policy risk_floor]\ncategory = Risk\ncount_min = 1\n"
                                           "[tradeoffs]\nfrontier_points = 4\n"
                                           "[scenario lean]\nbudget = 400\n"
                                           "[scenario no_alpha]\nforce_out = P1\n";

static const char fixture_rules_timed[] = "[portfolio]\n"
                                          "name = fixture timed\n"
                                          "periods = 2027-Q1..2027-Q4\n"
                                          "delay_penalty = 5%\n"
                                          "discount_rate = 8%\n"
                                          "[criterion fit]\ncolumn = fit\ngroup = value\nnormalise = range\nrange = 1..5\n"
                                          "[criterion reach]\ncolumn = reach\ngroup = value\n"
                                          "[criterion risk]\ncolumn = risk\ndirection = min\n"
                                          "[criterion npv]\nsource = benefits.npv\n"
                                          "[weights]\nmethod = ahp\n"
                                          "[pairwise]\nvalue vs risk = 3\nvalue vs npv = 2\nrisk vs npv = 1/2\n"
                                          "fit vs reach = 2\n"
                                          "[capacity budget]\ncolumn = cost\nlimit = 700\n"
                                          "[capacity engineering]\ncolumn = eng\nper_period = 6\n"
                                          "[tradeoffs]\nfrontier_points = 3\n"
                                          "[scenario tight]\nengineering.per_period = 4\n";

/* Inputs written to a directory of their own, and the options of a run over them. */
typedef struct run_fixture {
    char *dir;
    folio_run_options opt;
    diags d;
    folio_run *run;
} run_fixture;

/* Writes the inputs with rules (and an extra rules text appended, may be NULL) and solves. */
static inline folio_error run_fixture_solve(run_fixture *f, const char *rules, const char *extra)
{
    memset(f, 0, sizeof *f);
    f->dir = make_test_dir();
    folio_run_options_init(&f->opt);
    f->opt.doc_time = 1790000000;
    f->opt.in.projects = strdup(write_test_file(f->dir, "projects.csv", fixture_projects));
    f->opt.in.benefits = strdup(write_test_file(f->dir, "benefits.csv", fixture_benefits));
    char *text = malloc(strlen(rules) + (extra ? strlen(extra) : 0) + 1);
    strcpy(text, rules);
    if (extra != NULL)
        strcat(text, extra);
    f->opt.in.rules = strdup(write_test_file(f->dir, "rules.ini", text));
    free(text);
    diags_init(&f->d);
    return folio_run_solve(&f->opt, &f->run, &f->d);
}

/* A path in the fixture's directory (static buffer ring). */
static inline const char *run_fixture_path(const run_fixture *f, const char *name)
{
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 512, "%s/%s", f->dir, name);
    return p;
}

static inline void run_fixture_clear(run_fixture *f)
{
    folio_run_free(f->run);
    diags_clear(&f->d);
    free((char *)f->opt.in.projects);
    free((char *)f->opt.in.benefits);
    free((char *)f->opt.in.rules);
    remove_test_dir(f->dir);
}

#endif
