/* main.c - the folio command line: parses arguments, calls the library, prints and sets the exit code. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "diff.h"
#include "model.h"
#include "outfile.h"
#include "run.h"
#include "score.h"
#include "summary_read.h"
#include "text.h"
#include "version.h"
#include "wallclock.h"

/* Exit codes, documented in --help and the README. */
enum {
    EXIT_OK = 0,
    EXIT_INPUT = 1,      /* invalid input: data or rules */
    EXIT_USAGE = 2,      /* the command line is wrong */
    EXIT_INFEASIBLE = 3, /* no feasible portfolio */
    EXIT_IO = 4,         /* I/O or internal error */
};

static const char usage_text[] =
    "Usage: folio check --projects FILE --rules FILE [--benefits FILE] [--demand FILE]\n"
    "                   [--baseline FILE]\n"
    "       folio run --projects FILE --rules FILE [--benefits FILE] [--demand FILE] --out BOOK.xlsx\n"
    "                 [--baseline FILE]\n"
    "                 [--summary FILE.json] [--export-lp FILE.lp|.mps] [--time-limit SECONDS]\n"
    "                 [--gap FRACTION] [--jobs N]\n"
    "       folio diff OLD.json NEW.json [--json]\n"
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
    "  diff     compare two runs' --summary files without solving: projects started, stopped\n"
    "           and moved; projects added, removed and changed field by field; weights, limits\n"
    "           and policy bounds changed (--json: as a JSON document)\n"
    "\n"
    "Options:\n"
    "  --projects FILE   projects export (CSV or .xlsx: id, cost, and the columns the rules name)\n"
    "  --benefits FILE   benefits register (CSV or .xlsx: project_id, amount, ...); needed by\n"
    "                    criteria with source = benefits.total or benefits.npv\n"
    "  --rules FILE      rule set (INI: criteria, capacities, policies)\n"
    "  --demand FILE     demand profiles (CSV or .xlsx: project_id, resource, period, amount), with a\n"
    "                    planning horizon; replaces the even spread of a project's totals\n"
    "  --baseline FILE   the approved portfolio to re-plan against: an earlier run's --summary\n"
    "                    (.json), or a CSV or .xlsx of its project ids (and starts)\n"
    "  --out FILE        workbook to write (.xlsx); replaced only when the run completes\n"
    "  --summary FILE    JSON summary to write (.json), for pipelines\n"
    "  --export-lp FILE  the exact model solved (LP format; MPS when FILE ends in .mps), to\n"
    "                    check with another solver (cbc, glpsol); written with the outputs\n"
    "  --time-limit S    stop the solver after S seconds (default 60) and report the best\n"
    "                    portfolio found, its proven bound and gap, with status 'feasible'\n"
    "  --gap FRACTION    stop once within this relative gap of the bound (default 0)\n"
    "  --jobs N          processes the analyses' re-solves and the plan search may use (default:\n"
    "                    [run] jobs in the rules, else the processors online); any N gives the\n"
    "                    same results\n"
    "  -h, --help        show this help and exit\n"
    "  -V, --version     show the version and exit\n"
    "\n"
    "Exit codes:\n"
    "  0  success\n"
    "  1  invalid input (data or rules); every problem is listed as FILE:LINE: column 'NAME': ...\n"
    "  2  usage error (an option given twice, an output over an input or another output, ...)\n"
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

/* Writes the directory part of path into dir ("." when it has none); returns its last name. */
static const char *dir_of(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        snprintf(dir, size, ".");
        return path;
    }
    snprintf(dir, size, "%.*s", (int)(slash == path ? 1 : slash - path), path);
    return slash + 1;
}

/* Whether two paths name the same file: the same inode when both exist, else the same directory
 * and name (an output not yet written). */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char da[PATH_MAX], db[PATH_MAX], ra[PATH_MAX], rb[PATH_MAX];
    const char *na = dir_of(a, da, sizeof da), *nb = dir_of(b, db, sizeof db);
    if (realpath(da, ra) == NULL || realpath(db, rb) == NULL)
        return strcmp(a, b) == 0;
    return strcmp(ra, rb) == 0 && strcmp(na, nb) == 0;
}

/* Parses the options after the command; returns EXIT_OK or EXIT_USAGE (after printing why). Nothing
 * is read before the whole command line is known to be right. */
static int parse_options(int argc, char **argv, cli_options *opt)
{
    static const struct option longopts[] = {
        {"projects", required_argument, NULL, 'p'},
        {"benefits", required_argument, NULL, 'b'},
        {"rules", required_argument, NULL, 'r'},
        {"demand", required_argument, NULL, 'd'},
        {"baseline", required_argument, NULL, 'B'},
        {"out", required_argument, NULL, 'o'},
        {"summary", required_argument, NULL, 's'},
        {"export-lp", required_argument, NULL, 'x'},
        {"time-limit", required_argument, NULL, 't'},
        {"gap", required_argument, NULL, 'g'},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    enum { N_OPTIONS = sizeof longopts / sizeof longopts[0] - 1 };
    bool seen[N_OPTIONS] = {false};
    optind = 1;
    opterr = 0;
    int c, which;
    while ((c = getopt_long(argc, argv, ":h", longopts, &which)) != -1) {
        if (c != '?' && c != ':' && c != 'h') {
            for (int k = 0; k < N_OPTIONS; k++) {
                if (longopts[k].val != c)
                    continue;
                if (seen[k]) {
                    fprintf(stderr, "folio: option '--%s' is given twice\nTry 'folio --help' for more information.\n",
                            longopts[k].name);
                    return EXIT_USAGE;
                }
                seen[k] = true;
            }
        }
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
        case 'B':
            opt->run_opt.in.baseline = optarg;
            break;
        case 'o':
        case 's':
        case 'x':
        case 't':
        case 'g':
        case 'j':
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
            } else if (c == 'j') {
                double jobs;
                if (!parse_seconds("--jobs", optarg, 1, 1024, &jobs))
                    return EXIT_USAGE;
                if (jobs != floor(jobs))
                    return usage_error("--jobs wants a whole number of processes, not '%s'", optarg);
                opt->run_opt.jobs = (size_t)jobs;
            } else if (!parse_seconds("--gap", optarg, 0, 1, &opt->run_opt.solve.gap)) {
                return EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(usage_text, stdout);
            exit(EXIT_OK);
        case ':':
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        default: {
            const char *arg = argv[optind - 1];
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
            const char *names[N_OPTIONS];
            char dashed[N_OPTIONS][24];
            for (int k = 0; k < N_OPTIONS; k++) {
                snprintf(dashed[k], sizeof dashed[k], "--%s", longopts[k].name);
                names[k] = dashed[k];
            }
            const char *hint = text_did_you_mean(name, names, N_OPTIONS);
            if (hint != NULL) {
                fprintf(stderr, "folio: unknown option '%s'; did you mean '%s'?\nTry 'folio --help' for more information.\n",
                        name, hint);
                return EXIT_USAGE;
            }
            return usage_error("unknown option '%s'", arg);
        }
        }
    }
    const folio_run_options *o = &opt->run_opt;
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    if (o->in.projects == NULL)
        return usage_error("%s", "missing --projects FILE");
    if (o->in.rules == NULL)
        return usage_error("%s", "missing --rules FILE");
    if (!opt->run)
        return EXIT_OK;
    if (o->out_path == NULL)
        return usage_error("%s", "missing --out BOOK.xlsx");
    if (!text_ends_with(o->out_path, ".xlsx"))
        return usage_error("--out names the workbook, which must end in .xlsx, not '%s'", o->out_path);
    if (o->summary_path != NULL && !text_ends_with(o->summary_path, ".json"))
        return usage_error("--summary names the JSON summary, which must end in .json, not '%s'", o->summary_path);
    if (o->export_path != NULL && !text_ends_with(o->export_path, ".lp") && !text_ends_with(o->export_path, ".mps"))
        return usage_error("--export-lp names the model file, which must end in .lp or .mps, not '%s'", o->export_path);
    /* An output written over another output or over an input would lose one of them. */
    const char *outs[] = {o->out_path, o->summary_path, o->export_path};
    const char *out_names[] = {"--out", "--summary", "--export-lp"};
    const char *ins[] = {o->in.projects, o->in.benefits, o->in.rules, o->in.demand, o->in.baseline};
    const char *in_names[] = {"--projects", "--benefits", "--rules", "--demand", "--baseline"};
    for (int i = 0; i < 3; i++) {
        if (outs[i] == NULL)
            continue;
        for (int j = i + 1; j < 3; j++) {
            if (outs[j] != NULL && same_file(outs[i], outs[j])) {
                fprintf(stderr, "folio: %s and %s name the same file, '%s'; give each output its own\n"
                                "Try 'folio --help' for more information.\n",
                        out_names[i], out_names[j], outs[i]);
                return EXIT_USAGE;
            }
        }
        for (int j = 0; j < 5; j++) {
            if (ins[j] != NULL && same_file(outs[i], ins[j])) {
                fprintf(stderr, "folio: %s would overwrite the input %s, '%s'\nTry 'folio --help' for more information.\n",
                        out_names[i], in_names[j], ins[j]);
                return EXIT_USAGE;
            }
        }
    }
    return EXIT_OK;
}

static void print_check_summary(const model *m, const score_result *s, const diags *d)
{
    size_t n = m->n_projects, must = 0, excluded = 0, n_deps = 0, n_typed = 0, n_excl = 0, timed = 0;
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        must += p->must;
        excluded += p->exclude;
        n_deps += p->n_depends_on;
        for (size_t k = 0; k < p->n_depends_on; k++)
            n_typed += !model_link_plain(model_link_at(p, k));
        n_excl += p->n_excludes;
        timed += p->timed;
    }
    char typed[64] = "";
    if (n_typed > 0)
        snprintf(typed, sizeof typed, ", %zu of them with a type or lag", n_typed);
    printf("portfolio: %s\n", m->rules.name ? m->rules.name : "(unnamed)");
    if (m->rules.has_horizon)
        printf("horizon: %s..%s, %zu periods; %zu of %zu projects with a start\n", m->period_labels[0],
               m->period_labels[m->n_periods - 1], m->n_periods, timed, n);
    printf("projects: %zu (%zu must-do, %zu excluded, %zu dependencies%s, %zu exclusions), benefit lines: %zu\n", n,
           must, excluded, n_deps, typed, n_excl, m->n_benefits);
    printf("criteria (normalised weight):\n");
    for (size_t k = 0; k < m->n_criteria; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        const char *norm = cr->normalise == NORMALISE_MINMAX ? "minmax" : cr->normalise == NORMALISE_RANGE ? "range" : "none";
        char range[64] = "", lo[32], hi[32];
        if (cr->normalise == NORMALISE_RANGE)
            snprintf(range, sizeof range, " %g..%g", cr->range_lo, cr->range_hi);
        text_format_amount(s->crit_min[k], lo, sizeof lo); /* 5.684M, not 5.68438e+06 */
        text_format_amount(s->crit_max[k], hi, sizeof hi);
        printf("  %-24s %6.3f  %s '%s', %s%s, %s; values %s..%s\n", cr->name, m->weights[k],
               cr->column ? "column" : "source", cr->column ? cr->column : cr->source, norm, range,
               cr->minimise ? "lower is better" : "higher is better", lo, hi);
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
        /* What is exact and what is an interval, so that a log says it without the workbook. */
        size_t stopped = 0;
        for (size_t k = 0; k < t->n_points; k++)
            stopped += isfinite(t->points[k].bound);
        for (size_t k = 0; t->surface.capacity != SIZE_MAX && k < t->surface.n_rows * t->n_points; k++)
            stopped += isfinite(t->surface.bound[k]);
        for (size_t c = 0; c < m->n_capacities; c++)
            stopped += isfinite(t->caps[c].plus_bound) + isfinite(t->caps[c].minus_bound);
        printf("; force deltas %zu exact, %zu intervals", t->n_forced, t->n_bounded);
        if (stopped > 0)
            printf("; %zu frontier, surface or capacity figures stopped (intervals)", stopped);
        if (t->n_skipped > 0)
            printf("; %zu not analysed (time_budget)", t->n_skipped);
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
    if (m->n_left_out > 0)
        printf("left out: %zu completed or cancelled project%s\n", m->n_left_out, m->n_left_out == 1 ? "" : "s");
    if (run->has_replan) {
        const replan_result *rp = &run->replan;
        printf("vs baseline: %zu continued, %zu stopped, %zu started, %zu moved; %zu change%s", rp->continued,
               rp->stopped, rp->started, rp->moved, rp->changes, rp->changes == 1 ? "" : "s");
        if (isfinite(m->max_changes))
            printf(" of at most %g", m->max_changes);
        if (rp->has_price)
            printf("; price of stability %.4f (%.2f%%), %zu change%s reach the unlimited optimum", rp->price,
                   100 * rp->price_relative, rp->min_changes,
                   rp->min_changes == 1 ? "" : "s");
        printf("\n");
        const attrib_result *at = &run->attrib;
        if (at->done && at->n_steps > 0) {
            printf("what changed the objective (%zu exact solves%s):", at->solves, at->exact ? "" : ", not all proven");
            for (size_t s = 0; s < at->n_steps; s++) /* no "-0.0000" for a rounding residue */
                printf("%s %s %+.4f", s ? ";" : "", at->steps[s].label,
                       fabs(at->steps[s].effect) < 5e-5 ? 0.0 : at->steps[s].effect);
            printf("\n");
        } else if (!at->done) {
            printf("changes not attributed: %s\n", at->why_not);
        }
    }
}

/* The progress line on a terminal: the phase, its steps, and the seconds it has taken, redrawn by
 * each report and by a ticker thread every second in between, so that a long solve or re-solve
 * still shows that it is alive. */
typedef struct ticker {
    FILE *tty;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    pthread_t thread;
    char what[96];
    size_t done, total;
    double since; /* when the phase began */
    bool active, stop, started;
} ticker;

static void ticker_draw(ticker *t)
{
    double secs = wallclock_now() - t->since;
    if (t->total > 0)
        fprintf(t->tty, "\rfolio: %s %zu/%zu, %.0f s\033[K", t->what, t->done, t->total, secs);
    else
        fprintf(t->tty, "\rfolio: %s, %.0f s\033[K", t->what, secs);
    fflush(t->tty);
}

/* The phase a report is of: the words before its ':' ("solving: plan ..." is "solving"). */
static size_t phase_length(const char *what)
{
    const char *colon = strchr(what, ':');
    return colon != NULL ? (size_t)(colon - what) : strlen(what);
}

/* Called from the run's thread, and from the thread that reads CBC's log while it solves. */
static void draw_progress(void *ctx, const char *what, size_t done, size_t total)
{
    ticker *t = ctx;
    pthread_mutex_lock(&t->mu);
    if (what == NULL) {
        if (t->active)
            fputs("\r\033[K", t->tty);
        fflush(t->tty);
        t->active = false;
    } else {
        /* A phase that says more ("solving" -> "solving: plan ...") goes on counting. */
        size_t len = phase_length(what);
        if (!t->active || len != phase_length(t->what) || strncmp(what, t->what, len) != 0)
            t->since = wallclock_now();
        snprintf(t->what, sizeof t->what, "%s", what);
        t->done = done;
        t->total = total;
        t->active = true;
        ticker_draw(t);
    }
    pthread_mutex_unlock(&t->mu);
}

static void *ticker_main(void *arg)
{
    ticker *t = arg;
    pthread_mutex_lock(&t->mu);
    while (!t->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&t->wake, &t->mu, &until);
        if (!t->stop && t->active)
            ticker_draw(t);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

static void ticker_start(ticker *t, FILE *tty)
{
    memset(t, 0, sizeof *t);
    t->tty = tty;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->wake, NULL);
    t->started = pthread_create(&t->thread, NULL, ticker_main, t) == 0;
}

static void ticker_stop(ticker *t)
{
    if (t->tty == NULL)
        return;
    pthread_mutex_lock(&t->mu);
    t->stop = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->mu);
    if (t->started)
        pthread_join(t->thread, NULL);
    draw_progress(t, NULL, 0, 0);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->mu);
}

/* The outputs written, and the analyses not done and why. */
static void print_outputs(const folio_run *run, const folio_run_options *opt)
{
    printf("wrote: %s", opt->out_path);
    if (opt->summary_path != NULL)
        printf(", %s", opt->summary_path);
    if (opt->export_path != NULL)
        printf(", %s", opt->export_path);
    printf("\n");
    const model *m = run->m;
    const char *why = NULL;
    if (run->result.status == SOLVE_FEASIBLE)
        why = "the solve stopped at its time limit, and only a proven optimum is a fair baseline (raise --time-limit)";
    else if (run->result.status != SOLVE_OPTIMAL)
        why = "there is no portfolio to analyse";
    if (!run->has_sensitivity)
        printf("skipped: weight sensitivity: %s\n",
               m->rules.sensitivity_off ? "[sensitivity] enabled = no"
               : why != NULL           ? why
                                       : "one criterion has no other weight to move to");
    else {
        size_t not = 0, inexact = 0;
        for (size_t k = 0; k < m->n_criteria; k++) {
            not += !run->sensitivity.criteria[k].analysed;
            inexact += run->sensitivity.criteria[k].analysed && !run->sensitivity.criteria[k].exact;
        }
        if (not > 0)
            printf("skipped: weight sensitivity of %zu of %zu criteria ([sensitivity] max_solves or time_budget)\n", not,
                   m->n_criteria);
        if (inexact > 0)
            printf("not exact: weight sensitivity of %zu of %zu criteria (a re-solve stopped at --time-limit or "
                   "time_budget: each range holds as far as shown)\n",
                   inexact, m->n_criteria);
    }
    if (!run->has_tradeoffs)
        printf("skipped: trade-offs: %s\n", m->rules.tradeoffs_off ? "[tradeoffs] enabled = no" : why);
}

/* Whether every output can be written where it is named (a temporary file made there and removed):
 * a directory that is missing or read-only is found now, not after a solve that may take minutes. */
static bool outputs_writable(const folio_run_options *o)
{
    const char *paths[] = {o->out_path, o->summary_path, o->export_path};
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
        if (paths[k] == NULL)
            continue;
        outfile probe;
        folio_error err = outfile_begin(&probe, paths[k]);
        int saved = errno;
        outfile_discard(&probe);
        if (err != FOLIO_OK) {
            fprintf(stderr, "folio: cannot write %s: %s; nothing written\n", paths[k],
                    err == FOLIO_EIO ? strerror(saved) : folio_strerror(err));
            return false;
        }
    }
    return true;
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
    if (!outputs_writable(&opt.run_opt))
        return EXIT_IO;
    ticker tick = {0};
    if (isatty(STDERR_FILENO)) {
        ticker_start(&tick, stderr);
        opt.run_opt.progress = (progress){draw_progress, &tick};
    }
    diags d;
    diags_init(&d);
    folio_run *run = NULL;
    folio_error err = folio_run_solve(&opt.run_opt, &run, &d);
    diags_sort(&d);
    if (err == FOLIO_OK) {
        progress_report(opt.run_opt.progress, "writing the outputs", 0, 0);
        err = folio_run_write(run, &opt.run_opt, &d);
        if (err != FOLIO_OK) {
            ticker_stop(&tick);
            print_diags(&d);
            fprintf(stderr, "folio: cannot write %s%s%s: %s; nothing written\n", opt.run_opt.out_path,
                    opt.run_opt.summary_path ? " and " : "", opt.run_opt.summary_path ? opt.run_opt.summary_path : "",
                    err == FOLIO_EIO ? strerror(errno) : folio_strerror(err));
            rc = EXIT_IO;
            goto out;
        }
    }
    ticker_stop(&tick);
    print_diags(&d);
    if (err != FOLIO_OK) {
        fprintf(stderr, "folio: %s: %zu error%s; nothing written\n", folio_strerror(err), d.n_errors,
                d.n_errors == 1 ? "" : "s");
        rc = exit_code_for(err);
        goto out;
    }
    print_run_summary(run);
    print_tradeoffs(run);
    print_outputs(run, &opt.run_opt);
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

/* folio diff OLD.json NEW.json [--json]: what changed between two runs, from their summaries. */
static int cmd_diff(int argc, char **argv)
{
    const char *paths[2] = {NULL, NULL};
    bool as_json = false;
    size_t n_paths = 0;
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--json") == 0) {
            if (as_json)
                return usage_error("option '%s' given twice", argv[k]);
            as_json = true;
        } else if (argv[k][0] == '-' && argv[k][1] != '\0') {
            return usage_error("unknown option '%s' (folio diff takes --json)", argv[k]);
        } else if (n_paths == 2) {
            return usage_error("unexpected argument '%s': folio diff compares two summaries", argv[k]);
        } else {
            paths[n_paths++] = argv[k];
        }
    }
    if (n_paths < 2)
        return usage_error("%s", "folio diff needs two summaries: folio diff OLD.json NEW.json [--json]");
    diags d;
    diags_init(&d);
    json_t *old = NULL, *now = NULL;
    const char *hint = "a --summary file that folio run wrote";
    folio_error e1 = summary_load(paths[0], "the old summary", hint, &old, &d);
    folio_error e2 = summary_load(paths[1], "the new summary", hint, &now, &d);
    int rc = EXIT_OK;
    summary_diff diff;
    if (e1 != FOLIO_OK || e2 != FOLIO_OK) {
        print_diags(&d);
        rc = e1 == FOLIO_EIO || e2 == FOLIO_EIO ? EXIT_IO : EXIT_INPUT;
    } else if (diff_summaries(old, now, &diff) != FOLIO_OK) {
        fprintf(stderr, "folio: out of memory\n");
        rc = EXIT_IO;
    } else {
        bool ok = as_json ? diff_write_json(stdout, &diff, paths[0], paths[1]) : diff_print(stdout, &diff);
        diff_free(&diff);
        rc = ok ? EXIT_OK : EXIT_IO;
    }
    json_decref(old);
    json_decref(now);
    diags_clear(&d);
    return rc;
}

/* CBC allocates and frees work arrays at every node. glibc's defaults serve a block of 128 KiB or more
 * with a fresh mmap until a free raises that threshold, and give the top of the heap back whenever
 * more than 128 KiB lies free there: the time-phased samples' contained solve made 19,572 brk calls,
 * each a page-table change, and touched its pages afresh after each. Set from the start to where
 * glibc's own adjustment ends (mmap from its 32 MiB ceiling, trimming above twice that), that solve
 * takes 0.9-1.3 s instead of 1.5-2.1 s; single-period models are unchanged (tools/BENCHMARKS.md).
 * A GLIBC_TUNABLES that sets malloc's own tunables is left to decide. */
static void keep_the_heap(void)
{
#if defined(__GLIBC__)
    const char *tunables = getenv("GLIBC_TUNABLES");
    if (tunables == NULL || strstr(tunables, "glibc.malloc.") == NULL) {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
    }
#endif
}

int main(int argc, char **argv)
{
    /* GSL aborts on error by default; folio checks every GSL return instead. */
    gsl_set_error_handler_off();
    keep_the_heap();
    if (argc < 2)
        return usage_error("%s", "missing command (check, run or diff)");
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
    } else if (strcmp(cmd, "diff") == 0) {
        rc = cmd_diff(argc - 1, argv + 1);
    } else {
        return usage_error("unknown command '%s'", cmd);
    }
    if (fclose(stdout) != 0) {
        fprintf(stderr, "folio: cannot write to standard output: %s\n", strerror(errno));
        return EXIT_IO;
    }
    return rc;
}
