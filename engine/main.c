/* main.c - the folio command line: parses arguments, calls the library, prints and sets the exit code. */
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "model.h"
#include "run.h"
#include "score.h"
#include "text.h"
#include "version.h"

/* Exit codes, documented in --help and the README. */
enum {
    EXIT_OK = 0,
    EXIT_INPUT = 1,      /* invalid input: data or rules */
    EXIT_USAGE = 2,      /* the command line is wrong */
    EXIT_INFEASIBLE = 3, /* no feasible portfolio */
    EXIT_IO = 4,         /* I/O or internal error */
};

static const char usage_text[] =
    "Usage: folio check --projects FILE --benefits FILE --rules FILE [--demand FILE]\n"
    "       folio run --projects FILE --benefits FILE --rules FILE [--demand FILE] --out BOOK.xlsx\n"
    "                 [--summary FILE.json] [--export-lp FILE.lp|.mps] [--time-limit SECONDS]\n"
    "                 [--gap FRACTION]\n"
    "       folio --help | --version\n"
    "\n"
    "Project-portfolio selection: scores every proposal against the rules' criteria and chooses\n"
    "the portfolio that fits every budget, capacity and rule.\n"
    "\n"
    "Commands:\n"
    "  check    read and validate all inputs; print projects, criteria weights, score range\n"
    "           and warnings\n"
    "  run      also choose the portfolio with the highest total score that satisfies every\n"
    "           capacity and rule (exact MIP, COIN-OR CBC), and write the annotated workbook\n"
    "           and, with --summary, a JSON summary\n"
    "\n"
    "Options:\n"
    "  --projects FILE   projects export (CSV: id, cost, and the columns the rules name)\n"
    "  --benefits FILE   benefits register (CSV: project_id, amount, ...)\n"
    "  --rules FILE      rule set (INI: criteria, capacities, policies)\n"
    "  --demand FILE     demand profiles (CSV: project_id, resource, period, amount), with a\n"
    "                    planning horizon; replaces the even spread of a project's totals\n"
    "  --out FILE        workbook to write (.xlsx); replaced only when the run completes\n"
    "  --summary FILE    JSON summary to write, for pipelines\n"
    "  --export-lp FILE  the exact model solved (LP format; MPS when FILE ends in .mps), to\n"
    "                    check with another solver (cbc, glpsol); written with the outputs\n"
    "  --time-limit S    stop the solver after S seconds (default 60) and report the best\n"
    "                    portfolio found, its proven bound and gap, with status 'feasible'\n"
    "  --gap FRACTION    stop once within this relative gap of the bound (default 0)\n"
    "  -h, --help        show this help and exit\n"
    "  -V, --version     show the version and exit\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  invalid input (data or rules); every problem is listed as FILE:LINE: column 'NAME': ...\n"
    "  2  usage error\n"
    "  3  no feasible portfolio\n"
    "  4  I/O or internal error\n"
    "\n"
    "Environment: SOURCE_DATE_EPOCH, when set, is the time recorded in the workbook, so that\n"
    "identical inputs give a byte-identical workbook.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "folio: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'folio --help' for more information.\n");
    return EXIT_USAGE;
}

static void print_diags(const diags *d)
{
    char buf[2048];
    for (size_t i = 0; i < d->count; i++) {
        diag_format(&d->items[i], buf, sizeof buf);
        fprintf(stderr, "folio: %s%s\n", d->items[i].severity == DIAG_WARNING ? "warning: " : "", buf);
    }
    size_t shown_errors = 0;
    for (size_t i = 0; i < d->count; i++)
        shown_errors += d->items[i].severity == DIAG_ERROR;
    if (d->n_errors > shown_errors)
        fprintf(stderr, "folio: ... and %zu more errors not shown\n", d->n_errors - shown_errors);
    if (d->oom)
        fprintf(stderr, "folio: some diagnostics were lost (out of memory)\n");
}

static int exit_code_for(folio_error err)
{
    switch (err) {
    case FOLIO_OK:
        return EXIT_OK;
    case FOLIO_EINPUT:
        return EXIT_INPUT;
    default:
        return EXIT_IO;
    }
}

typedef struct cli_options {
    bool run; /* the run command: --out and the solver options apply */
    folio_run_options run_opt;
} cli_options;

/* Parses a positive number option; returns false (after printing why) when it is not one. */
static bool parse_seconds(const char *name, const char *arg, double min, double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno != 0 || end == arg || *end != '\0' || !(v >= min) || !(v <= max)) {
        fprintf(stderr, "folio: %s wants a number from %g to %g, not '%s'\nTry 'folio --help' for more information.\n",
                name, min, max, arg);
        return false;
    }
    *out = v;
    return true;
}

/* Parses the options after the command; returns EXIT_OK or EXIT_USAGE (after printing why). */
static int parse_options(int argc, char **argv, cli_options *opt)
{
    static const struct option longopts[] = {
        {"projects", required_argument, NULL, 'p'},
        {"benefits", required_argument, NULL, 'b'},
        {"rules", required_argument, NULL, 'r'},
        {"demand", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},
        {"summary", required_argument, NULL, 's'},
        {"export-lp", required_argument, NULL, 'x'},
        {"time-limit", required_argument, NULL, 't'},
        {"gap", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            opt->run_opt.in.projects = optarg;
            break;
        case 'b':
            opt->run_opt.in.benefits = optarg;
            break;
        case 'r':
            opt->run_opt.in.rules = optarg;
            break;
        case 'd':
            opt->run_opt.in.demand = optarg;
            break;
        case 'o':
        case 's':
        case 'x':
        case 't':
        case 'g':
            if (!opt->run) {
                return usage_error("option '%s' belongs to 'folio run'", argv[optind - 1]);
            } else if (c == 'o') {
                opt->run_opt.out_path = optarg;
            } else if (c == 's') {
                opt->run_opt.summary_path = optarg;
            } else if (c == 'x') {
                opt->run_opt.export_path = optarg;
            } else if (c == 't') {
                if (!parse_seconds("--time-limit", optarg, 0.001, 1e7, &opt->run_opt.solve.time_limit))
                    return EXIT_USAGE;
            } else if (!parse_seconds("--gap", optarg, 0, 1, &opt->run_opt.solve.gap)) {
                return EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(usage_text, stdout);
            exit(EXIT_OK);
        case ':':
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    if (opt->run_opt.in.projects == NULL)
        return usage_error("%s", "missing --projects FILE");
    if (opt->run_opt.in.benefits == NULL)
        return usage_error("%s", "missing --benefits FILE");
    if (opt->run_opt.in.rules == NULL)
        return usage_error("%s", "missing --rules FILE");
    if (opt->run && opt->run_opt.out_path == NULL)
        return usage_error("%s", "missing --out BOOK.xlsx");
    return EXIT_OK;
}

static void print_check_summary(const model *m, const score_result *s, const diags *d)
{
    size_t n = m->n_projects, must = 0, excluded = 0, n_deps = 0, n_excl = 0;
    for (size_t i = 0; i < n; i++) {
        must += m->projects[i].must;
        excluded += m->projects[i].exclude;
        n_deps += m->projects[i].n_depends_on;
        n_excl += m->projects[i].n_excludes;
    }
    printf("portfolio: %s\n", m->rules.name ? m->rules.name : "(unnamed)");
    printf("projects: %zu (%zu must-do, %zu excluded, %zu dependencies, %zu exclusions), benefit lines: %zu\n", n,
           must, excluded, n_deps, n_excl, m->n_benefits);
    printf("criteria (normalised weight):\n");
    for (size_t k = 0; k < m->n_criteria; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        const char *norm = cr->normalise == NORMALISE_MINMAX ? "minmax" : cr->normalise == NORMALISE_RANGE ? "range" : "none";
        char range[64] = "";
        if (cr->normalise == NORMALISE_RANGE)
            snprintf(range, sizeof range, " %g..%g", cr->range_lo, cr->range_hi);
        printf("  %-24s %6.3f  %s '%s', %s%s, %s; values %g..%g\n", cr->name, m->weights[k],
               cr->column ? "column" : "source", cr->column ? cr->column : cr->source, norm, range,
               cr->minimise ? "lower is better" : "higher is better", s->crit_min[k], s->crit_max[k]);
    }
    if (m->has_ahp) {
        printf("weights from %zu pairwise comparisons (%s):\n", m->rules.n_judgments,
               m->rules.weighting == WEIGHTS_AHP ? "AHP eigenvector" : "AHP geometric mean");
        for (size_t l = 0; l < m->n_levels; l++) {
            const model_ahp_level *lv = &m->levels[l];
            char label[224];
            if (lv->parent == SIZE_MAX)
                snprintf(label, sizeof label, "%s", m->rules.n_groups ? "top level" : "criteria");
            else
                snprintf(label, sizeof label, "group %s (weight %.3f)", rules_node_name(&m->rules, lv->parent),
                         lv->weight);
            printf("  %-32s n = %zu, lambda_max %.4f, CR %.3f%s%s\n", label, lv->ahp.n, lv->ahp.lambda_max, lv->ahp.cr,
                   lv->ahp.cr > 0.10 ? " (above 0.10: see the warning)" : " (consistent enough)",
                   lv->ahp.n_missing ? ", missing ones filled" : "");
        }
    }
    if (m->n_capacities > 0)
        printf("capacities:\n");
    for (size_t c = 0; c < m->n_capacities; c++) {
        double need = 0, must_need = 0;
        for (size_t i = 0; i < n; i++) {
            for (size_t t = 0; t < m->n_periods; t++) {
                double u = model_use(m, i, c, t);
                if (!m->projects[i].exclude)
                    need += u;
                if (m->projects[i].must)
                    must_need += u;
            }
        }
        char lim[64], all[32], mst[32];
        const rules_capacity *rc = &m->rules.capacities[c];
        if (!m->rules.has_horizon)
            text_format_amount(model_limit(m, c, 0), lim, sizeof lim);
        else {
            char pp[32] = "", tot[32] = "";
            if (!isnan(rc->per_period))
                text_format_amount(rc->per_period, pp, sizeof pp);
            if (!isnan(rc->limit))
                text_format_amount(rc->limit, tot, sizeof tot);
            snprintf(lim, sizeof lim, "%s%s%s%s%s%s", pp, pp[0] ? " per period" : "", pp[0] && tot[0] ? ", " : "",
                     tot, tot[0] ? " in all" : "",
                     rc->n_overrides ? " (with per-period exceptions)" : (!pp[0] && !tot[0] ? "per-period only" : ""));
        }
        text_format_amount(need, all, sizeof all);
        text_format_amount(must_need, mst, sizeof mst);
        printf("  %-24s limit %s; all candidates need %s, must-do %s\n", m->rules.capacities[c].name, lim, all, mst);
    }
    if (n > 0)
        printf("scores: %.4f (%s) .. %.4f (%s)\n", s->score[s->order[n - 1]], m->projects[s->order[n - 1]].id,
               s->score[s->order[0]], m->projects[s->order[0]].id);
    printf("warnings: %zu\n", d->n_warnings);
}

static int cmd_check(int argc, char **argv)
{
    cli_options opt = {0};
    folio_run_options_init(&opt.run_opt);
    int rc = parse_options(argc, argv, &opt);
    if (rc != EXIT_OK)
        return rc;
    diags d;
    diags_init(&d);
    model *m = NULL;
    arena scratch = {0};
    folio_error err = model_load(&opt.run_opt.in, &m, &d);
    score_result s;
    if (err == FOLIO_OK)
        err = score_compute(m, &scratch, &s, &d);
    diags_sort(&d);
    print_diags(&d);
    if (err == FOLIO_OK) {
        print_check_summary(m, &s, &d);
    } else {
        fprintf(stderr, "folio: %s: %zu error%s\n", folio_strerror(err), d.n_errors, d.n_errors == 1 ? "" : "s");
    }
    rc = exit_code_for(err);
    model_free(m);
    arena_clear(&scratch);
    diags_clear(&d);
    return rc;
}

/* Reads SOURCE_DATE_EPOCH when set (reproducible builds' convention); returns false when malformed. */
static bool source_date_epoch(time_t *out)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s == NULL || *s == '\0')
        return true;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0) {
        fprintf(stderr, "folio: SOURCE_DATE_EPOCH must be a whole number of seconds, not '%s'\n", s);
        return false;
    }
    *out = (time_t)v;
    return true;
}

/* The trade-offs and scenarios, a line or a few each. */
static void print_tradeoffs(const folio_run *run)
{
    const model *m = run->m;
    if (run->has_tradeoffs) {
        const trade_result *t = &run->tradeoffs;
        printf("trade-offs: %zu re-solves in %.1f s", t->solves, t->seconds);
        if (t->capacity != SIZE_MAX && t->n_points > 0)
            printf("; frontier over %s, %zu points", m->rules.capacities[t->capacity].name, t->n_points);
        if (t->surface.capacity != SIZE_MAX)
            printf("; surface over %s, %zu limits", m->rules.capacities[t->surface.capacity].name,
                   t->surface.n_rows);
        printf("\n");
    }
    for (size_t q = 0; q < m->rules.n_scenarios; q++) {
        const trade_scenario *ts = &run->scenarios[q];
        printf("scenario %-20s %s", ts->rules->name, solve_status_name(ts->status));
        if (ts->selected != NULL)
            printf(", objective %.4f, %zu selected (%zu in, %zu out)", ts->objective, ts->n_selected, ts->n_enter,
                   ts->n_leave);
        else if (ts->conflicts.count > 0)
            printf(": %s", ts->conflicts.items[0]);
        printf("\n");
    }
}

static void print_run_summary(const folio_run *run)
{
    const model *m = run->m;
    const solve_result *r = &run->result;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    printf("portfolio: %s\n", m->rules.name ? m->rules.name : "(unnamed)");
    printf("status: %s", solve_status_name(r->status));
    if (have)
        printf(" (objective %.4f, bound %.4f, gap %.4f%%)", r->objective, r->bound, r->gap * 100);
    printf(" in %.2f s\n", r->seconds);
    if (!have)
        return;
    size_t count = 0;
    double cost = 0;
    for (size_t i = 0; i < m->n_projects; i++) {
        count += r->selected[i];
        cost += r->selected[i] ? m->projects[i].cost : 0;
    }
    char c1[32], c2[32];
    text_format_amount(cost, c1, sizeof c1);
    printf("selected: %zu of %zu projects, cost %s\n", count, m->n_projects, c1);
    for (size_t c = 0; c < m->n_capacities; c++) {
        /* The whole horizon, then the tightest period (with a horizon). */
        double used = plan_used_total(m, solve_plan_of(r), c);
        double limit = m->rules.has_horizon ? m->totals[c] : model_limit(m, c, 0);
        text_format_amount(used, c1, sizeof c1);
        text_format_amount(limit, c2, sizeof c2);
        printf("  %-24s %s of %s", m->rules.capacities[c].name, c1, isfinite(limit) ? c2 : "(no total limit)");
        double worst = -1;
        size_t worst_t = 0;
        for (size_t t = 0; m->rules.has_horizon && t < m->n_periods; t++) {
            double lim = model_limit(m, c, t);
            double u = plan_used(m, solve_plan_of(r), c, t);
            if (isfinite(lim) && lim > 0 && u / lim > worst) {
                worst = u / lim;
                worst_t = t;
            }
        }
        if (worst >= 0)
            printf("; fullest period %s at %.0f%%", m->period_labels[worst_t], worst * 100);
        printf("\n");
    }
}

/* Draws a progress report on one terminal line, rewritten in place; cleared when the analysis is over. */
static void draw_progress(void *ctx, const char *what, size_t done, size_t total)
{
    FILE *tty = ctx;
    if (what == NULL)
        fputs("\r                                              \r", tty);
    else
        fprintf(tty, "\rfolio: %s %zu/%zu   ", what, done, total);
    fflush(tty);
}

static int cmd_run(int argc, char **argv)
{
    cli_options opt = {.run = true};
    folio_run_options_init(&opt.run_opt);
    int rc = parse_options(argc, argv, &opt);
    if (rc != EXIT_OK)
        return rc;
    if (!source_date_epoch(&opt.run_opt.doc_time))
        return EXIT_USAGE;
    if (isatty(STDERR_FILENO))
        opt.run_opt.progress = (progress){draw_progress, stderr};
    diags d;
    diags_init(&d);
    folio_run *run = NULL;
    folio_error err = folio_run_solve(&opt.run_opt, &run, &d);
    diags_sort(&d);
    print_diags(&d);
    if (err != FOLIO_OK) {
        fprintf(stderr, "folio: %s: %zu error%s; nothing written\n", folio_strerror(err), d.n_errors,
                d.n_errors == 1 ? "" : "s");
        rc = exit_code_for(err);
        goto out;
    }
    err = folio_run_write(run, &opt.run_opt, &d);
    if (err != FOLIO_OK) {
        fprintf(stderr, "folio: cannot write %s%s%s: %s; nothing written\n", opt.run_opt.out_path,
                opt.run_opt.summary_path ? " and " : "", opt.run_opt.summary_path ? opt.run_opt.summary_path : "",
                err == FOLIO_EIO ? strerror(errno) : folio_strerror(err));
        rc = EXIT_IO;
        goto out;
    }
    print_run_summary(run);
    print_tradeoffs(run);
    if (run->result.status == SOLVE_INFEASIBLE) {
        fprintf(stderr, "folio: no feasible portfolio: %s\n",
                run->conflicts.minimal ? "these rules conflict (dropping any one of them resolves it):"
                                       : "these rules conflict:");
        for (size_t k = 0; k < run->conflicts.count; k++)
            fprintf(stderr, "folio:   %s\n", run->conflicts.items[k]);
        rc = EXIT_INFEASIBLE;
    } else if (run->result.status == SOLVE_NO_SOLUTION) {
        fprintf(stderr, "folio: no feasible portfolio found within the time limit of %g s (infeasibility not "
                        "proven); raise --time-limit\n", opt.run_opt.solve.time_limit);
        rc = EXIT_INFEASIBLE;
    } else {
        rc = EXIT_OK;
    }
out:
    folio_run_free(run);
    diags_clear(&d);
    return rc;
}

int main(int argc, char **argv)
{
    /* GSL aborts on error by default; folio checks every GSL return instead. */
    gsl_set_error_handler_off();
    if (argc < 2)
        return usage_error("%s", "missing command (check or run)");
    const char *cmd = argv[1];
    int rc;
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        rc = EXIT_OK;
    } else if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("folio %s\n", FOLIO_VERSION);
        rc = EXIT_OK;
    } else if (strcmp(cmd, "check") == 0) {
        rc = cmd_check(argc - 1, argv + 1);
    } else if (strcmp(cmd, "run") == 0) {
        rc = cmd_run(argc - 1, argv + 1);
    } else {
        return usage_error("unknown command '%s'", cmd);
    }
    if (fclose(stdout) != 0) {
        fprintf(stderr, "folio: cannot write to standard output: %s\n", strerror(errno));
        return EXIT_IO;
    }
    return rc;
}
