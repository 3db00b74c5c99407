/* main.c - the folio command line: parses arguments, calls the library, prints and sets the exit code. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
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
    "Usage: folio check --projects FILE --benefits FILE --rules FILE\n"
    "       folio --help | --version\n"
    "\n"
    "Project-portfolio selection: scores every proposal against the rules' criteria and chooses\n"
    "the portfolio that fits every budget, capacity and rule.\n"
    "\n"
    "Commands:\n"
    "  check    read and validate all inputs; print projects, criteria weights, score range\n"
    "           and warnings\n"
    "\n"
    "Options:\n"
    "  --projects FILE   projects export (CSV: id, cost, and the columns the rules name)\n"
    "  --benefits FILE   benefits register (CSV: project_id, amount, ...)\n"
    "  --rules FILE      rule set (INI: criteria, capacities, policies)\n"
    "  -h, --help        show this help and exit\n"
    "  -V, --version     show the version and exit\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  invalid input (data or rules); every problem is listed as FILE:LINE: column 'NAME': ...\n"
    "  2  usage error\n"
    "  3  no feasible portfolio\n"
    "  4  I/O or internal error\n";

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
    model_inputs in;
} cli_options;

/* Parses the options after the command; returns EXIT_OK or EXIT_USAGE (after printing why). */
static int parse_options(int argc, char **argv, cli_options *opt)
{
    static const struct option longopts[] = {
        {"projects", required_argument, NULL, 'p'},
        {"benefits", required_argument, NULL, 'b'},
        {"rules", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            opt->in.projects = optarg;
            break;
        case 'b':
            opt->in.benefits = optarg;
            break;
        case 'r':
            opt->in.rules = optarg;
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
    if (opt->in.projects == NULL)
        return usage_error("%s", "missing --projects FILE");
    if (opt->in.benefits == NULL)
        return usage_error("%s", "missing --benefits FILE");
    if (opt->in.rules == NULL)
        return usage_error("%s", "missing --rules FILE");
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
        char lim[32], all[32], mst[32];
        text_format_amount(model_limit(m, c, 0), lim, sizeof lim);
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
    int rc = parse_options(argc, argv, &opt);
    if (rc != EXIT_OK)
        return rc;
    diags d;
    diags_init(&d);
    model *m = NULL;
    arena scratch = {0};
    folio_error err = model_load(&opt.in, &m, &d);
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

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "missing command (check)");
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
    } else {
        return usage_error("unknown command '%s'", cmd);
    }
    if (fclose(stdout) != 0) {
        fprintf(stderr, "folio: cannot write to standard output: %s\n", strerror(errno));
        return EXIT_IO;
    }
    return rc;
}
