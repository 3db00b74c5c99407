/* run.c - the run pipeline: load, score, solve, explain, then write every output atomically. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book.h"
#include "outfile.h"
#include "sha256.h"
#include "summary.h"
#include "summary_read.h"
#include "text.h"
#include "worker.h"

void folio_run_options_init(folio_run_options *opt)
{
    memset(opt, 0, sizeof *opt);
    solve_options_init(&opt->solve);
    opt->explain_budget = 60.0;
    opt->doc_time = time(NULL);
}

/* Why a contained CBC process can die, in every warning that says one did. */
#define CBC_CRASH_WHY "as CBC 2.10 can when its time runs out while it preprocesses (coin-or/Cbc issue 353)"

/* Warns that a contained CBC process (how: its signal, or -1) died where, and what that leaves;
 * nothing when how is 0. */
static void warn_crash(diags *d, int how, const char *where, const char *leaves)
{
    if (how == 0)
        return;
    char ended[96] = "ended without its answer";
    if (how > 0)
        snprintf(ended, sizeof ended, "died of signal %d (%s)", how, strsignal(how));
    diags_warn(d, NULL, 0, NULL,
               "CBC %s %s, " CBC_CRASH_WHY "; its process was apart from folio's, and %s; a longer --time-limit "
               "avoids it",
               ended, where, leaves);
}

folio_error folio_run_solve(const folio_run_options *opt, folio_run **out, diags *d)
{
    *out = NULL;
    folio_run *run = calloc(1, sizeof *run);
    if (run == NULL)
        return FOLIO_ENOMEM;
    progress_report(opt->progress, "reading the inputs", 0, 0);
    folio_error err = model_load(&opt->in, &run->m, d);
    if (err != FOLIO_OK)
        goto fail;
    /* The processes the work may share: the command line's, else the rules', else every processor.
     * The results are the same for any number (each task's result is its own). */
    worker_set_jobs(opt->jobs > 0 ? opt->jobs : (size_t)run->m->rules.jobs);
    if ((err = sha256_file_hex(opt->in.projects, run->sha_projects)) != FOLIO_OK ||
        (opt->in.benefits != NULL && (err = sha256_file_hex(opt->in.benefits, run->sha_benefits)) != FOLIO_OK) ||
        (err = sha256_file_hex(opt->in.rules, run->sha_rules)) != FOLIO_OK ||
        (opt->in.demand != NULL && (err = sha256_file_hex(opt->in.demand, run->sha_demand)) != FOLIO_OK) ||
        (opt->in.baseline != NULL && (err = sha256_file_hex(opt->in.baseline, run->sha_baseline)) != FOLIO_OK))
        goto fail;
    if ((err = score_compute(run->m, &run->arena, &run->score, d)) != FOLIO_OK)
        goto fail;
    if ((err = plan_rules_collect(run->m, &run->arena, &run->rules)) != FOLIO_OK)
        goto fail;
    /* The run's own solve may use the second processor for its plan search; the analyses after it
     * use it for their own re-solves. */
    solve_options main_solve = opt->solve;
    main_solve.search = true;
    main_solve.contain = true;
    main_solve.progress = opt->progress;
    progress_report(opt->progress, "solving", 0, 0);
    if ((err = solve_portfolio(run->m, run->score.score, &run->rules, NULL, &main_solve, &run->arena,
                               &run->result)) != FOLIO_OK)
        goto fail;
    const solve_result *res = &run->result;
    warn_crash(d, res->rens_crashed, "in the starting plan's RENS sub-solve", "the other heuristics' plan stands");
    warn_crash(d, res->solver_crashed, "during the solve",
               res->status == SOLVE_NO_SOLUTION ? "the best plan found before it is reported (there was none: no_solution)"
                                                : "the best plan found before it is reported as feasible");
    warn_crash(d, res->tie_crashed, "while it chose the earliest starts among equally good plans",
               "the plan reported is optimal, but its starts are not necessarily the earliest");
    /* The full solves below (re-plans, scenarios) run CBC apart too, and what dies there is counted
     * from here; the analyses' near re-solves run it here, without the preprocessing where its crash
     * is. */
    const unsigned long crashes_before = solve_crashes();
    solve_options full = opt->solve;
    full.contain = true;
    if (run->result.status == SOLVE_INFEASIBLE)
        progress_report(opt->progress, "explaining the conflict", 0, 0);
    if (run->result.status == SOLVE_INFEASIBLE &&
        (err = explain_infeasible(run->m, &run->rules, &opt->solve, opt->explain_budget, &run->arena,
                                  &run->conflicts)) != FOLIO_OK)
        goto fail;
    /* Against the plan of record: what changed, and what the limit on changes costs. */
    if (run->m->has_baseline) {
        progress_report(opt->progress, "comparing with the baseline", 0, 0);
        if ((err = replan_analyse(run->m, run->score.score, &run->rules, &full, &run->result, &run->arena,
                                  &run->replan)) != FOLIO_OK)
            goto fail;
        run->has_replan = true;
        /* The baseline summary, read once more (the model kept only its selection), for the
         * attribution and the workbook; a list of ids has none. */
        if (text_ends_with(run->m->baseline_path, ".json")) {
            diags quiet;
            diags_init(&quiet);
            err = summary_load(run->m->baseline_path, "the baseline", "an earlier run's --summary file",
                               &run->baseline_summary, &quiet);
            diags_clear(&quiet);
            if (err == FOLIO_ENOMEM)
                goto fail;
            err = FOLIO_OK; /* it was read when the model was: a failure now leaves only the attribution out */
        }
        progress_report(opt->progress, "attributing the changes", 0, 0);
        solve_options ao = opt->solve;
        ao.progress = (progress){0};
        if ((err = attrib_run(run->m, &run->score, &ao, &run->result, run->baseline_summary, &run->arena,
                              &run->attrib)) != FOLIO_OK)
            goto fail;
    }
    /* How stable the choice is under other weights: only a proven optimum is a fair baseline. */
    if (run->result.status == SOLVE_OPTIMAL && run->m->n_criteria > 1 && !run->m->rules.sensitivity_off) {
        const rules *r = &run->m->rules;
        sens_options so;
        sens_options_init(&so);
        so.budget = r->sensitivity_budget;
        so.max_solves = (size_t)r->sensitivity_solves;
        so.progress = opt->progress;
        if ((err = sens_weights(run->m, &run->score, &run->rules, &opt->solve, &run->result, &so, &run->arena,
                                &run->sensitivity)) != FOLIO_OK)
            goto fail;
        run->has_sensitivity = true;
    }
    /* What it costs to choose differently: again only against a proven optimum. */
    trade_options to;
    trade_options_init(&to);
    to.progress = opt->progress;
    if (run->result.status == SOLVE_OPTIMAL && !run->m->rules.tradeoffs_off) {
        const rules *r = &run->m->rules;
        to.capacity = r->frontier_capacity;
        to.points = (size_t)r->frontier_points;
        to.surface = r->surface_capacity;
        to.surface_points = (size_t)r->surface_points;
        to.max_force = (size_t)r->max_force_solves;
        to.time_budget = r->tradeoffs_budget;
        if ((err = trade_analyse(run->m, run->score.score, &run->rules, &opt->solve, &run->result, &to, &run->arena,
                                 &run->tradeoffs)) != FOLIO_OK)
            goto fail;
        run->has_tradeoffs = true;
    }
    /* Every [scenario NAME], solved whatever became of the rules as given: a scenario may be the way
     * out of an impossible plan. */
    if (run->m->rules.n_scenarios > 0) {
        run->scenarios = arena_alloc(&run->arena, run->m->rules.n_scenarios * sizeof *run->scenarios);
        if (run->scenarios == NULL) {
            err = FOLIO_ENOMEM;
            goto fail;
        }
        if ((err = trade_scenarios(run->m, &run->score, &full, &run->result, opt->explain_budget / 3,
                                   &to, &run->arena, run->scenarios)) != FOLIO_OK)
            goto fail;
    }
    unsigned long died = solve_crashes() - crashes_before;
    if (died > 0)
        diags_warn(d, NULL, 0, NULL,
                   "CBC died %lu %s in the re-plans' and scenarios' solves, " CBC_CRASH_WHY "; each process was "
                   "apart from folio's, and a solve whose CBC died counts as stopped at its time limit: its result "
                   "is the plan it started from, not proven (feasible), or none; a longer --time-limit avoids it",
                   died, died == 1 ? "time" : "times");
    progress_report(opt->progress, "explaining the decisions", 0, 0);
    run->decisions = arena_alloc_n(&run->arena, run->m->n_projects, sizeof *run->decisions);
    if (run->decisions == NULL) {
        err = FOLIO_ENOMEM;
        goto fail;
    }
    err = explain_decisions(run->m, run->score.score, run->score.rank, &run->result, &run->arena, run->decisions);
    if (err != FOLIO_OK)
        goto fail;
    progress_report(opt->progress, NULL, 0, 0);
    *out = run;
    return FOLIO_OK;
fail:
    progress_report(opt->progress, NULL, 0, 0);
    folio_run_free(run);
    return err;
}

folio_error folio_run_write(const folio_run *run, const folio_run_options *opt, const diags *d)
{
    outfile book = {0}, summary = {0}, model_file = {0};
    folio_error err = FOLIO_OK;
    if (opt->export_path != NULL) {
        bool mps = text_ends_with(opt->export_path, ".mps");
        if ((err = outfile_begin(&model_file, opt->export_path)) != FOLIO_OK ||
            (err = solve_export(run->m, run->score.score, &run->rules, model_file.tmp_path, mps)) != FOLIO_OK)
            goto out;
    }
    if (opt->out_path != NULL && (err = outfile_begin(&book, opt->out_path)) != FOLIO_OK)
        goto out;
    if (opt->summary_path != NULL && (err = outfile_begin(&summary, opt->summary_path)) != FOLIO_OK)
        goto out;
    if (opt->out_path != NULL && (err = book_write(run, opt, d, book.tmp_path)) != FOLIO_OK)
        goto out;
    if (opt->summary_path != NULL && (err = summary_write(run, opt, d, summary.tmp_path)) != FOLIO_OK)
        goto out;
    /* Both are complete: only now replace the targets. */
    if (opt->out_path != NULL && (err = outfile_commit(&book)) != FOLIO_OK)
        goto out;
    if (opt->summary_path != NULL && (err = outfile_commit(&summary)) != FOLIO_OK)
        goto out;
    if (opt->export_path != NULL)
        err = outfile_commit(&model_file);
out:
    outfile_discard(&book);
    outfile_discard(&summary);
    outfile_discard(&model_file);
    return err;
}

void folio_run_free(folio_run *run)
{
    if (run == NULL)
        return;
    model_free(run->m);
    json_decref(run->baseline_summary);
    arena_clear(&run->arena);
    free(run);
}
