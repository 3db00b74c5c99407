/* solve.c - one exact solve: a starting plan from the LP relaxation and the heuristics, the columns
 * no plan as good can change fixed against it, CBC on the rest (with the plan search beside it),
 * and CBC's answer read back honestly. The MIP's matrices and the CBC/Clp calls are in mip.c, the
 * plan search in search.c. */
#include "solve.h"

#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "heuristic.h"
#include "mip.h"
#include "search.h"
#include "wallclock.h"

void solve_options_init(solve_options *opt)
{
    opt->time_limit = 60.0;
    opt->gap = 0.0;
    opt->hint = NULL;
    opt->hint_start = NULL;
    opt->no_cuts = false;
    opt->any_starts = false;
    opt->plan_first = false;
    opt->search = false;
    opt->contain = false;
    opt->progress = (progress){NULL, NULL};
}

unsigned long solve_crashes(void)
{
    return mip_cbc_crashes();
}

const char *solve_status_name(solve_status s)
{
    switch (s) {
    case SOLVE_OPTIMAL:
        return "optimal";
    case SOLVE_FEASIBLE:
        return "feasible";
    case SOLVE_INFEASIBLE:
        return "infeasible";
    case SOLVE_NO_SOLUTION:
        return "no_solution";
    }
    return "unknown";
}

/* Ranks projects by the LP relaxation: priority = the LP value of selecting the project (ties by
 * value per unit of LP-priced capacity), preferred start = the start the LP uses most. */
static void lp_guidance(const model *m, const mip_cols *cm, const mip_lp *rel, const double *score,
                        double *priority, size_t *preferred)
{
    const double *x = rel->x;
    for (size_t i = 0; i < m->n_projects; i++) {
        const model_project *p = &m->projects[i];
        double total = 0, best = -1;
        preferred[i] = p->start_min;
        for (size_t k = 0; k < mip_width(p); k++) {
            double v = x[cm->base[i] + k];
            total += v;
            if (v > best + 1e-9) {
                best = v;
                preferred[i] = p->start_min + k;
            }
        }
        /* Whole LP selections first, then fractional ones by how much of them the LP takes; the
         * score breaks ties among the LP's zeros. */
        priority[i] = total + 1e-6 * score[i];
    }
}

/* The LP's price of each capacity, per period and over the whole horizon, from its rows' duals
 * (rule_row maps each rule to its row); false when every price is 0 (no capacity binds in the LP). */
static bool capacity_prices(const model *m, const plan_rules *rules, const size_t *rule_row,
                            const double *row_price, double *period, double *total)
{
    const size_t np = m->n_periods;
    bool any = false;
    memset(period, 0, m->n_capacities * np * sizeof *period);
    memset(total, 0, m->n_capacities * sizeof *total);
    for (size_t k = 0; k < rules->count; k++) {
        const plan_rule *r = &rules->items[k];
        if (rule_row[k] == SIZE_MAX || (r->kind != RULE_CAPACITY && r->kind != RULE_CAPACITY_TOTAL))
            continue;
        double y = fabs(row_price[rule_row[k]]);
        any |= y > 1e-12;
        if (r->kind == RULE_CAPACITY)
            period[r->a * np + r->t] = y;
        else
            total[r->a] = y;
    }
    return any;
}

/* Writes a heuristic plan into x (one value per column), when it beats what x holds; y is scratch
 * of the same size. */
static void keep_better(const model *m, const mip_cols *cm, const double *obj, const bool *sel, const size_t *start,
                        double *y, double *x, bool *found)
{
    mip_plan_columns(m, cm, sel, start, y);
    if (*found && mip_value(cm->n_cols, obj, y) <= mip_value(cm->n_cols, obj, x))
        return;
    memcpy(x, y, cm->n_cols * sizeof *x);
    *found = true;
}

/* Finds a plan that satisfies every rule, for CBC to start from. The LP relaxation guides two
 * greedy constructions of heuristic.c, each followed by its local search: one adds projects in the
 * order of how much of them the LP takes, the other by value per unit of capacity priced at the
 * LP's duals (Chu and Beasley's pseudo-utility). RENS (the MIP with every variable the LP has
 * integral fixed, a small MIP) competes with them; the best goes into x (one value per column).
 * *found is false when none finds a plan. The LP relaxation is solved into rel (the caller's, to
 * free with mip_lp_free()) for the fixing step to use again. */
static folio_error starting_plan(const model *m, const double *score, const plan_rules *rules,
                                 const bool *enabled, const size_t *rule_row, const mip_model *mm,
                                 const solve_options *opt, double *x, bool *found, mip_lp *rel, int *crashed)
{
    const mip_rows *rb = &mm->rows;
    const mip_cols *cm = &mm->cols;
    const double *collb = mm->collb, *colub = mm->colub, *obj = mm->obj;
    const size_t n = m->n_projects, nc = cm->n_cols, ncap = m->n_capacities * m->n_periods;
    folio_error err = FOLIO_OK;
    bool *sel = alloc_n(n, sizeof *sel);
    size_t *start = alloc_n(n, sizeof *start), *preferred = alloc_n(n, sizeof *preferred);
    double *priority = alloc_n(n, sizeof *priority);
    double *lb = alloc_n(nc, sizeof *lb), *ub = alloc_n(nc, sizeof *ub);
    double *price_period = alloc_n(ncap, sizeof *price_period);
    double *price_total = alloc_n(m->n_capacities, sizeof *price_total);
    *found = false;
    if (!sel || !start || !preferred || !priority || !lb || !ub || !price_period || !price_total) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    if ((err = mip_lp_solve(rb, nc, collb, colub, obj, fmin(5.0, 0.2 * opt->time_limit), rel)) != FOLIO_OK)
        goto out;
    bool have_lp = rel->ok;
    if (have_lp)
        lp_guidance(m, cm, rel, score, priority, preferred);
    heur_weights w = {NULL, NULL, have_lp ? priority : NULL, have_lp ? preferred : NULL};
    double value = 0, heur_time = fmin(10.0, 0.15 * opt->time_limit);
    double *scratch = lb; /* for keep_better() until RENS needs the bounds */
    if (heur_plan(m, score, w, heur_time / 2, sel, start, &value) && plan_holds_all(m, rules, enabled, (plan){sel, start}))
        keep_better(m, cm, obj, sel, start, scratch, x, found);
    if (have_lp && capacity_prices(m, rules, rule_row, rel->price, price_period, price_total)) {
        heur_weights dual = {price_period, price_total, NULL, NULL};
        if (heur_plan(m, score, dual, heur_time / 2, sel, start, &value) && plan_holds_all(m, rules, enabled, (plan){sel, start}))
            keep_better(m, cm, obj, sel, start, scratch, x, found);
    }
    if (have_lp) {
        for (size_t j = 0; j < nc; j++) {
            lb[j] = rel->x[j] > 1 - 1e-6 ? 1.0 : collb[j];
            ub[j] = rel->x[j] < 1e-6 ? 0.0 : colub[j];
        }
        mip_settings rens_settings = {-1.0 /* maximise */, opt->no_cuts, opt->gap, fmin(10.0, 0.15 * opt->time_limit)};
        Cbc_Model *sub = mip_cbc_model(rb, nc, lb, ub, obj, rens_settings);
        if (sub == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        /* Its time limit is short, and CBC can crash when that runs out during preprocessing:
         * contained, a crash costs only RENS's plan (mip_cbc_run). */
        mip_cbc_outcome rens;
        err = mip_cbc_run(sub, nc, opt->contain, &rens);
        Cbc_deleteModel(sub);
        if (err != FOLIO_OK)
            goto out;
        *crashed = rens.crashed;
        if (rens.x != NULL && (!*found || mip_value(nc, obj, rens.x) > mip_value(nc, obj, x))) {
            memcpy(x, rens.x, nc * sizeof *x);
            *found = true;
        }
        mip_cbc_outcome_free(&rens);
    }
out:
    free(sel);
    free(start);
    free(preferred);
    free(priority);
    free(lb);
    free(ub);
    free(price_period);
    free(price_total);
    return err;
}

/* Columns in the order the LP prefers them: by LP value, then reduced cost, then index. */
typedef struct ranked {
    double lp, d;
    size_t j;
} ranked;

static int by_lp_preference(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->lp != b->lp)
        return a->lp > b->lp ? -1 : 1;
    if (a->d != b->d)
        return a->d > b->d ? -1 : 1;
    return (a->j > b->j) - (a->j < b->j);
}

/* Is row r broken at activity act? *over (unless NULL) tells whether it is above its upper bound. */
static bool row_violated(const mip_rows *rb, size_t r, double act, bool *over)
{
    bool above = !plan_within(act, rb->upper[r], true);
    if (over != NULL)
        *over = above;
    return above || !plan_within(act, rb->lower[r], false);
}

/* Makes x (0/1 per column, clamped to the bounds) satisfy every row, then adds what still fits.
 * Repair: while a row is broken, take out of it the least preferred column that the bounds let go
 * and whose removal helps, else put in the most preferred one whose addition helps; fill: every
 * column left out, most preferred first, that keeps every row. rank[j] is column j's place in
 * order[]; act[n_rows] is scratch. Returns false when the repair gets stuck (the plan is then
 * unusable). Used on a re-solve's hint (the current portfolio with one decision forced, or with
 * less capacity), which is then close to the new optimum: a good incumbent to fix columns against. */
static bool repair_and_fill(const mip_rows *rb, const mip_csc *c, size_t n_cols, const double *collb,
                            const double *colub, const size_t *order, const size_t *rank, double *x, double *act)
{
    for (size_t j = 0; j < n_cols; j++)
        x[j] = collb[j] > 0.5 ? 1.0 : colub[j] < 0.5 ? 0.0 : x[j] > 0.5 ? 1.0 : 0.0;
    for (size_t r = 0; r < rb->n_rows; r++) {
        act[r] = 0;
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++)
            act[r] += rb->value[k] * x[rb->index[k]];
    }
    size_t moves = 0, max_moves = 2 * n_cols + 16;
    for (size_t r = 0; r < rb->n_rows;) {
        bool over;
        if (!row_violated(rb, r, act[r], &over)) {
            r++;
            continue;
        }
        if (moves++ == max_moves)
            return false;
        size_t out = SIZE_MAX, in = SIZE_MAX;
        for (int k = rb->start[r]; k < rb->start[r + 1]; k++) {
            size_t j = (size_t)rb->index[k];
            bool helps_out = over ? rb->value[k] > 0 : rb->value[k] < 0;
            if (x[j] > 0.5 && collb[j] < 0.5 && helps_out && (out == SIZE_MAX || rank[j] > rank[out]))
                out = j;
            if (x[j] < 0.5 && colub[j] > 0.5 && !helps_out && (in == SIZE_MAX || rank[j] < rank[in]))
                in = j;
        }
        size_t j = out != SIZE_MAX ? out : in;
        if (j == SIZE_MAX)
            return false;
        double step = x[j] > 0.5 ? -1.0 : 1.0;
        x[j] += step;
        for (int k = c->start[j]; k < c->start[j + 1]; k++)
            act[c->index[k]] += step * c->value[k];
        r = 0; /* a move can break an earlier row */
    }
    for (size_t q = 0; q < n_cols; q++) {
        size_t j = order[q];
        if (x[j] > 0.5 || colub[j] < 0.5)
            continue;
        bool fits = true;
        for (int k = c->start[j]; k < c->start[j + 1] && fits; k++)
            fits = !row_violated(rb, (size_t)c->index[k], act[c->index[k]] + c->value[k], NULL);
        if (!fits)
            continue;
        x[j] = 1.0;
        for (int k = c->start[j]; k < c->start[j + 1]; k++)
            act[c->index[k]] += c->value[k];
    }
    return true;
}

/* The LP relaxation's two uses for a plan x to beat (*have: x satisfies every rule). With a hint
 * (a plan that may break rows), the hint repaired and filled in the LP's order, and the LP's own
 * rounding, replace x when they pass check and are better. Reduced-cost fixing: with the LP's
 * Lagrangian bound B and reduced costs d, a column held at the other end of its bounds allows at
 * most B - term_j + d_j v; where that is below the plan's value, no plan as good (ties included:
 * the test is strict, with a margin for round-off) has it there, so its bounds close on the end it
 * must take. The plan itself keeps every column it has, so the optimum of the fixed model is the
 * optimum of the whole. CBC fixes the same at its root, but keeps every column in its node LPs and
 * heuristics; closed bounds are dropped by its preprocessing, and a smaller model is cheaper at
 * every node. rel is the LP relaxation solved on the same bounds. Returns the number of columns
 * fixed (0 when the LP did not solve in time). */
static size_t lp_plan_and_fix(mip_model *mm, double *x, bool *have, const double *hint, const mip_checker *check,
                              const mip_lp *rel)
{
    const mip_rows *rb = &mm->rows;
    const size_t n_cols = mm->cols.n_cols;
    double *collb = mm->collb, *colub = mm->colub;
    const double *obj = mm->obj;
    mip_csc c;
    double *d = alloc_n(n_cols, sizeof *d), *act = alloc_n(rb->n_rows, sizeof *act);
    double *y = alloc_n(n_cols, sizeof *y);
    size_t *order = alloc_n(n_cols, sizeof *order), *rank = alloc_n(n_cols, sizeof *rank);
    ranked *by = alloc_n(n_cols, sizeof *by);
    size_t fixed = 0;
    if (d == NULL || act == NULL || y == NULL || order == NULL || rank == NULL || by == NULL ||
        !mip_csc_from_rows(rb, n_cols, &c)) {
        free(d), free(act), free(y), free(order), free(rank), free(by);
        return 0;
    }
    double sign, bound = INFINITY;
    if (rel->ok)
        bound = mip_lagrangian(rb, n_cols, collb, colub, obj, rel->price, d, &sign);
    if (isfinite(bound) && hint != NULL) {
        const double *lp_x = rel->x;
        for (size_t j = 0; j < n_cols; j++)
            by[j] = (ranked){lp_x[j], d[j], j};
        qsort(by, n_cols, sizeof *by, by_lp_preference);
        for (size_t q = 0; q < n_cols; q++) {
            order[q] = by[q].j;
            rank[by[q].j] = q;
        }
        /* The hint repaired, and the LP's own rounding (from nothing, in its order): the best of
         * them and the plan already in x. */
        for (int from_hint = 1; from_hint >= 0; from_hint--) {
            if (from_hint)
                memcpy(y, hint, n_cols * sizeof *y);
            else
                memset(y, 0, n_cols * sizeof *y);
            if (repair_and_fill(rb, &c, n_cols, collb, colub, order, rank, y, act) && mip_checker_holds(check, y) &&
                (!*have || mip_value(n_cols, obj, y) > mip_value(n_cols, obj, x))) {
                memcpy(x, y, n_cols * sizeof *x);
                *have = true;
            }
        }
    }
    if (!isfinite(bound) && hint != NULL && mip_checker_holds(check, hint) &&
        (!*have || mip_value(n_cols, obj, hint) > mip_value(n_cols, obj, x))) {
        memcpy(x, hint, n_cols * sizeof *x); /* no LP in time: the hint as it is, if it holds */
        *have = true;
    }
    double incumbent = mip_value(n_cols, obj, x), margin = 1e-7 * fmax(1.0, fabs(incumbent));
    for (size_t j = 0; *have && isfinite(bound) && j < n_cols; j++) {
        if (collb[j] >= colub[j])
            continue;
        double rest = bound - mip_col_term(d[j], collb[j], colub[j]);
        if (rest + d[j] * collb[j] < incumbent - margin) {
            collb[j] = colub[j];
            fixed++;
        } else if (rest + d[j] * colub[j] < incumbent - margin) {
            colub[j] = collb[j];
            fixed++;
        }
    }
    mip_csc_free(&c);
    free(d), free(act), free(y), free(order), free(rank), free(by);
    return fixed;
}

folio_error solve_lp_relaxation(const model *m, const double *score, const plan_rules *rules, arena *a,
                                solve_lp *out)
{
    const size_t n = m->n_projects;
    memset(out, 0, sizeof *out);
    mip_model mm = {0};
    mip_lp rel = {0};
    double *d = NULL;
    size_t *rule_row = arena_alloc_n(a, rules->count, sizeof *rule_row);
    out->rule_dual = arena_alloc_n(a, rules->count, sizeof *out->rule_dual);
    out->bound_in = arena_alloc_n(a, n, sizeof *out->bound_in);
    out->bound_out = arena_alloc_n(a, n, sizeof *out->bound_out);
    folio_error err = FOLIO_ENOMEM;
    if (rule_row == NULL || out->rule_dual == NULL || out->bound_in == NULL || out->bound_out == NULL)
        goto out;
    if ((err = mip_build(m, score, rules, NULL, rule_row, &mm)) != FOLIO_OK)
        goto out;
    const mip_cols *cm = &mm.cols;
    err = FOLIO_ENOMEM;
    if ((d = alloc_n(cm->n_cols, sizeof *d)) == NULL)
        goto out;
    if ((err = mip_lp_solve(&mm.rows, cm->n_cols, mm.collb, mm.colub, mm.obj, INFINITY, &rel)) != FOLIO_OK || !rel.ok)
        goto out; /* out->ok stays false: no LP figures */
    out->objective = rel.objective;
    const double *price = rel.price;
    double best_sign, best_total = mip_lagrangian(&mm.rows, cm->n_cols, mm.collb, mm.colub, mm.obj, price, d, &best_sign);
    if (!isfinite(best_total))
        goto out;
    out->ok = true;
    out->dual_bound = best_total;
    for (size_t k = 0; k < rules->count; k++)
        out->rule_dual[k] = rule_row[k] == SIZE_MAX ? NAN : best_sign * price[rule_row[k]];
    for (size_t i = 0; i < n; i++) {
        double mine = 0, in = -INFINITY;
        for (size_t q = cm->base[i]; q < cm->base[i] + mip_width(&m->projects[i]); q++)
            mine += mip_col_term(d[q], mm.collb[q], mm.colub[q]);
        /* In: one start column at 1, the others at 0 (the at-most-one-start row says so). */
        for (size_t q = cm->base[i]; q < cm->base[i] + mip_width(&m->projects[i]); q++)
            in = fmax(in, d[q]);
        out->bound_in[i] = best_total - mine + in;
        out->bound_out[i] = best_total - mine;
    }
out:
    mip_lp_free(&rel);
    mip_model_free(&mm);
    free(d);
    return err;
}

/* Names each column x_<project>_<start period index>, the id's characters outside [A-Za-z0-9_] as
 * '_' (LP names allow no blanks or operators), through set(model, column, name). */
static void name_columns(const model *m, const mip_cols *cm, void (*set)(void *, int, const char *), void *model)
{
    for (size_t i = 0; i < m->n_projects; i++) {
        for (size_t k = 0; k < mip_width(&m->projects[i]); k++) {
            char name[160];
            int w = snprintf(name, sizeof name, "x_%s_%zu", m->projects[i].id, m->projects[i].start_min + k);
            for (int q = 2; q < w && q < (int)sizeof name - 1; q++)
                if (!isalnum((unsigned char)name[q]) && name[q] != '_')
                    name[q] = '_';
            set(model, (int)(cm->base[i] + k), name);
        }
    }
}

static void clp_name(void *model, int col, const char *name)
{
    Clp_setColumnName(model, col, (char *)name);
}

static void cbc_name(void *model, int col, const char *name)
{
    Cbc_setColName(model, col, (char *)name);
}

/* MPS through Clp, which writes the file named, uncompressed, with extra accuracy (17 digits),
 * maximising. */
static folio_error export_mps(const model *m, const mip_model *mm, const char *path)
{
    const size_t nc = mm->cols.n_cols;
    Clp_Simplex *clp = Clp_newModel();
    char *integer = alloc_n(nc, 1);
    mip_csc c = {0};
    folio_error err = FOLIO_ENOMEM;
    if (clp == NULL || integer == NULL || !mip_csc_from_rows(&mm->rows, nc, &c))
        goto out;
    Clp_loadProblem(clp, (int)nc, (int)mm->rows.n_rows, c.start, c.index, c.value, mm->collb, mm->colub, mm->obj,
                    mm->rows.lower, mm->rows.upper);
    memset(integer, 1, nc);
    Clp_copyInIntegerInformation(clp, integer);
    name_columns(m, &mm->cols, clp_name, clp);
    err = Clp_writeMps(clp, path, 1, 1, -1.0) == 0 ? FOLIO_OK : FOLIO_EIO;
out:
    if (clp != NULL)
        Clp_deleteModel(clp);
    free(integer);
    mip_csc_free(&c);
    return err;
}

/* LP format through CBC, which appends ".lp" to the name it is given and cuts that name at the
 * first ".lp" in it, directories included: it writes into a fresh directory under /tmp, and the
 * result is copied to path. */
static folio_error export_lp(const model *m, const mip_model *mm, const char *path)
{
    solve_options opt;
    solve_options_init(&opt);
    mip_settings settings = {-1.0 /* maximise */, opt.no_cuts, opt.gap, opt.time_limit};
    Cbc_Model *cbc = mip_cbc_model(&mm->rows, mm->cols.n_cols, mm->collb, mm->colub, mm->obj, settings);
    if (cbc == NULL)
        return FOLIO_ENOMEM;
    name_columns(m, &mm->cols, cbc_name, cbc);
    char dir[] = "/tmp/folio-model-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        Cbc_deleteModel(cbc);
        return FOLIO_EIO;
    }
    char base[64], written[80];
    snprintf(base, sizeof base, "%s/model", dir);
    snprintf(written, sizeof written, "%s.lp", base);
    Cbc_writeLp(cbc, base);
    Cbc_deleteModel(cbc);
    FILE *in = fopen(written, "rb"), *to = in != NULL ? fopen(path, "wb") : NULL;
    char buf[65536];
    size_t got;
    bool ok = in != NULL && to != NULL;
    while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, got, to) == got;
    ok = ok && !ferror(in);
    if (in != NULL)
        fclose(in);
    if (to != NULL && fclose(to) != 0)
        ok = false;
    remove(written);
    rmdir(dir);
    return ok ? FOLIO_OK : FOLIO_EIO;
}

folio_error solve_export(const model *m, const double *score, const plan_rules *rules, const char *path, bool mps)
{
    mip_model mm = {0};
    folio_error err = mip_build(m, score, rules, NULL, NULL, &mm);
    if (err == FOLIO_OK)
        err = mps ? export_mps(m, &mm, path) : export_lp(m, &mm, path);
    mip_model_free(&mm);
    return err;
}

/* Among plans as good as the proven optimum in out, prefers earlier starts: a second solve keeps
 * the optimum's value (a row added to mm) and minimises the total delay, from best. Deterministic,
 * and exact up to CBC's tolerances, which the value check here guards: a tie-break that loses value
 * is discarded. Its time is what the solve has left, which can be short: contained, a crash
 * there costs only the tie-break (out->tie_crashed). */
static folio_error prefer_early_starts(const model *m, const double *score, mip_model *mm, const double *best,
                                       const solve_options *opt, double seconds, double tol, solve_result *out)
{
    const size_t n = m->n_projects, nc = mm->cols.n_cols;
    for (size_t j = 0; j < nc; j++)
        mip_rows_push(&mm->rows, j, mm->obj[j]);
    mip_rows_end(&mm->rows, out->objective - tol, DBL_MAX);
    if (mm->rows.oom)
        return FOLIO_ENOMEM;
    /* CBC's cuts off: here they cost more time than the nodes they save (with them the tie-break
     * took 1.1-5 times as long on every time-phased model measured; tools/BENCHMARKS.md). */
    mip_settings settings = {1.0 /* minimise */, true, opt->gap, seconds};
    Cbc_Model *tie = mip_cbc_model(&mm->rows, nc, mm->collb, mm->colub, mm->delay, settings);
    if (tie == NULL)
        return FOLIO_ENOMEM;
    mip_cbc_start(tie, best);
    mip_cbc_outcome got;
    folio_error err = mip_cbc_run(tie, nc, opt->contain, &got);
    const double *x = got.x;
    bool *sel = NULL;
    size_t *st = NULL;
    out->tie_crashed = got.crashed;
    if (err != FOLIO_OK || x == NULL)
        goto out;
    sel = alloc_n(n, sizeof *sel);
    st = alloc_n(n, sizeof *st);
    if (sel == NULL || st == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    double v = mip_read_plan(m, &mm->cols, x, score, sel, st);
    /* Equal value up to rounding in the last bits: the same proven optimum, earlier starts. */
    if (v >= out->objective - 1e-12 * fmax(1.0, fabs(out->objective))) {
        memcpy(out->selected, sel, n * sizeof *sel);
        memcpy(out->start, st, n * sizeof *st);
        out->objective = out->bound = v;
    }
out:
    free(sel);
    free(st);
    mip_cbc_outcome_free(&got);
    Cbc_deleteModel(tie);
    return err;
}

/* The progress line while CBC searches: the best plan known (the plan to beat, CBC's, the plan
 * search's) and the bound (the LP's until CBC's log tells its own). */
typedef struct cbc_shown {
    progress progress;
    double start;     /* the plan CBC has to beat (NaN: none); CBC on the reduced model starts without it */
    const search *sx; /* the plan search beside CBC, whose plans count too */
    double offset;    /* what mip_value() leaves out of a plan's value (plan_value_offset) */
    double lp_bound;  /* the LP relaxation's, until CBC tells its own (NaN: none) */
} cbc_shown;

/* The best plan CBC, the plan to beat and the plan search know of, and CBC's bound. */
static void show_cbc(void *ctx, double plan, double bound)
{
    const cbc_shown *sh = ctx;
    double searched = search_best_seen(sh->sx) + sh->offset;
    if (!(plan >= sh->start))
        plan = sh->start;
    if (searched > plan || isnan(plan))
        plan = searched;
    if (isnan(bound))
        bound = sh->lp_bound;
    /* Eight significant digits: as many as CBC's log gives. */
    char what[96];
    if (isnan(plan) && isnan(bound))
        return;
    if (isnan(bound))
        snprintf(what, sizeof what, "solving: plan %.8g", plan);
    else if (isnan(plan))
        snprintf(what, sizeof what, "solving: bound %.8g", bound);
    else
        snprintf(what, sizeof what, "solving: plan %.8g, bound %.8g, gap %.3f%%", plan, fmax(bound, plan),
                 100.0 * fmax(bound - plan, 0.0) / fmax(fabs(plan), 1e-9));
    progress_report(sh->progress, what, 0, 0);
}

folio_error solve_portfolio(const model *m, const double *score, const plan_rules *rules, const bool *enabled,
                            const solve_options *opt, arena *a, solve_result *out)
{
    const size_t n = m->n_projects;
    double t0 = wallclock_now();
    memset(out, 0, sizeof *out);
    out->selected = arena_alloc_n(a, n, sizeof *out->selected);
    out->start = arena_alloc_n(a, n, sizeof *out->start);
    if (out->selected == NULL || out->start == NULL)
        return FOLIO_ENOMEM;
    for (size_t i = 0; i < n; i++)
        out->start[i] = m->projects[i].start_min;

    folio_error err = FOLIO_OK;
    mip_model mm = {0};
    Cbc_Model *cbc = NULL;
    mip_cbc_outcome cbc_out = {0};
    bool have_heur = false, use_red = false;
    double *heur_x = NULL, *hint_x = NULL;
    mip_reduced red = {0};
    mip_lp rel = {0}; /* solved once: by the starting plan, else before the fixing step */
    search sx = {0};
    double *lp_x = NULL; /* the LP relaxation's solution, kept for the plan search */
    size_t *rule_row = NULL;
    /* A plan to start from, for the full model and the re-solves that ask for it; not for the
     * relaxed models of the conflict search, feasibility proofs. */
    bool plan_first = enabled == NULL || opt->plan_first;
    /* Each rule's row, for the LP's prices in the starting plan. */
    if (plan_first && (rule_row = alloc_n(rules->count, sizeof *rule_row)) == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    if ((err = mip_build(m, score, rules, enabled, rule_row, &mm)) != FOLIO_OK)
        goto out;
    const mip_cols *cm = &mm.cols;
    const size_t nc = cm->n_cols;
    /* A must-do that is also excluded cannot pass model validation, but relaxation may meet bounds
     * that cross; the model is then infeasible without asking CBC. */
    for (size_t j = 0; j < nc; j++) {
        if (mm.collb[j] > mm.colub[j]) {
            out->status = SOLVE_INFEASIBLE;
            goto done;
        }
    }
    if (n == 0) {
        out->status = SOLVE_OPTIMAL;
        goto done;
    }

    /* CBC starts from the plan, and it stands when CBC finds nothing better in time. */
    heur_x = alloc_zeroed_n(nc, sizeof *heur_x);
    hint_x = opt->hint != NULL ? alloc_zeroed_n(nc, sizeof *hint_x) : NULL;
    if (heur_x == NULL || (opt->hint != NULL && hint_x == NULL)) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    /* out's arrays are the checks' scratch: there is no plan in them until one is read. */
    mip_checker check = {m, cm, score, rules, enabled, out->selected, out->start};
    if (plan_first)
        progress_report(opt->progress, "solving: the starting plan", 0, 0); /* seconds on large models */
    if (plan_first && (err = starting_plan(m, score, rules, enabled, rule_row, &mm, opt, heur_x, &have_heur, &rel,
                                           &out->rens_crashed)) !=
                          FOLIO_OK)
        goto out;
    if (have_heur) {
        out->has_start_plan = true;
        out->start_objective = mip_value(nc, mm.obj, heur_x);
        out->start_seconds = wallclock_now() - t0;
    }
    /* The hint, each project at its start (or earliest): the LP step below repairs it and fills it
     * up. */
    for (size_t i = 0; hint_x != NULL && i < n; i++) {
        const model_project *p = &m->projects[i];
        size_t s = opt->hint_start != NULL ? opt->hint_start[i] : p->start_min;
        if (opt->hint[i])
            hint_x[cm->base[i] + (s >= p->start_min && s <= p->start_max ? s - p->start_min : 0)] = 1.0;
    }
    double left_time = opt->time_limit - (wallclock_now() - t0);
    /* CBC's cuts: on a single-period model (a multidimensional knapsack) they cost more than they
     * prune; with start windows the root cuts tighten the bound that is the weak side of the large
     * time-phased models, so they stay (tools/BENCHMARKS.md). Only for the full model: the relaxed
     * models of the conflict search are feasibility proofs, where the cuts pay. */
    mip_settings main_settings = {-1.0 /* maximise */, opt->no_cuts || (!mm.windows && enabled == NULL), opt->gap, 0};
    /* With a plan to beat, the LP fixes what no plan as good can change, and CBC gets the rest. */
    if (have_heur || hint_x != NULL) {
        if (!rel.tried &&
            (err = mip_lp_solve(&mm.rows, nc, mm.collb, mm.colub, mm.obj, fmin(5.0, 0.2 * left_time), &rel)) != FOLIO_OK)
            goto out;
        out->fixed = lp_plan_and_fix(&mm, heur_x, &have_heur, hint_x, &check, &rel);
    }
    if (rel.ok && opt->search && (lp_x = alloc_n(nc, sizeof *lp_x)) != NULL)
        memcpy(lp_x, rel.x, nc * sizeof *lp_x); /* for the plan search; it does without */
    /* The progress line says what is known when CBC starts, then what CBC's log and the plan search
     * tell while it runs. */
    const double plan_off = plan_value_offset(m, score);
    cbc_shown shown = {opt->progress, have_heur ? mip_value(nc, mm.obj, heur_x) + plan_off : NAN, &sx, plan_off,
                       rel.ok ? rel.objective + plan_off : NAN};
    if (opt->progress.fn != NULL)
        show_cbc(&shown, NAN, NAN);
    mip_lp_free(&rel); /* CBC solves its own */
    for (size_t i = 0; i < n; i++) { /* the checks' scratch again: no plan until one is read */
        out->selected[i] = false;
        out->start[i] = m->projects[i].start_min;
    }
    /* CBC's search is exhaustive, not aimed at better plans: on hard models (many capacities) the
     * plan search finds better ones sooner. On the processors the jobs leave beside CBC's it runs
     * until the time limit; when CBC proves its plan optimal first, it is stopped and not waited for. The
     * process starts before CBC's model is built: after a fork a page both processes share is copied
     * when one of them first writes to it, and a model built afterwards is CBC's alone. It ends a
     * little before CBC's limit, which CBC checks only between nodes. */
    if (opt->search && enabled == NULL && have_heur &&
        (err = search_start(&sx, m, score, &mm, lp_x, &check, heur_x, opt->time_limit - (wallclock_now() - t0) - 0.05)) !=
            FOLIO_OK)
        goto out;
    out->search_processes = sx.n_running;

    if (out->fixed > 0)
        use_red = mip_reduce(&mm.rows, nc, mm.collb, mm.colub, mm.obj, &red);
    main_settings.time_limit = opt->time_limit - (wallclock_now() - t0);
    if (use_red)
        cbc = mip_cbc_model(&red.rb, red.n_cols, red.lb, red.ub, red.obj, main_settings);
    else
        cbc = mip_cbc_model(&mm.rows, nc, mm.collb, mm.colub, mm.obj, main_settings);
    if (cbc == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    /* The reduced model gets no start: given one, CBC keeps its root and searches all the columns
     * left; without, its preprocessing fixes more and it restarts on the few that remain
     * (tools/BENCHMARKS.md). The plan still stands when CBC finds nothing as good in time. */
    if (have_heur && !use_red)
        mip_cbc_start(cbc, heur_x);
    /* Contained, CBC runs in a process of its own: a crash inside CBC (it has one when its clock
     * runs out during preprocessing) then costs CBC's answer, not the run. With a progress line,
     * CBC's log says how the search goes. */
    double offset = use_red ? red.offset : 0.0; /* the fixed columns' part of CBC's objective */
    mip_watch watch = {show_cbc, &shown, main_settings.sense, offset + plan_off};
    if ((err = mip_cbc_run_watched(cbc, use_red ? red.n_cols : nc, opt->contain,
                                   opt->progress.fn != NULL ? &watch : NULL, &cbc_out)) != FOLIO_OK)
        goto out;
    const int rc = cbc_out.rc;
    const bool timed_out = cbc_out.timed_out;
    out->solver_crashed = cbc_out.crashed;
    out->nodes = cbc_out.nodes;
    const double *best = cbc_out.x;
    if (best != NULL && use_red) {
        /* Back to the whole model: the fixed columns at their bounds, the others as CBC has them;
         * kept only when at least as good as the plan it had to beat. */
        memcpy(red.x, mm.collb, nc * sizeof *red.x);
        for (size_t k = 0; k < red.n_cols; k++)
            red.x[red.col[k]] = best[k];
        best = mip_value(nc, mm.obj, red.x) >= mip_value(nc, mm.obj, heur_x) ? red.x : heur_x;
    }
    if (best == NULL && have_heur)
        best = heur_x; /* CBC found nothing in time; the heuristic's plan satisfies every rule */
    if (sx.n_running > 0 && timed_out) {
        const double *mine_x = search_take(&sx, rules, enabled);
        if (mine_x != NULL) {
            double mine = mip_value(nc, mm.obj, mine_x);
            out->searched = true;
            out->search_objective = mine;
            if (best == NULL || mine > mip_value(nc, mm.obj, best) + 1e-9 * fmax(1.0, fabs(mine))) {
                best = mine_x;
                out->search_used = true;
            }
        }
    }
    search_stop(&sx); /* CBC's answer is final: proven, or within the requested gap */
    if (cbc_out.proven_infeasible && !timed_out && best == NULL) {
        out->status = SOLVE_INFEASIBLE;
        goto done;
    }
    if (best == NULL) {
        if (cbc_out.abandoned || (rc != 0 && !timed_out)) {
            err = FOLIO_ESOLVER;
            goto out;
        }
        out->status = SOLVE_NO_SOLUTION;
        out->bound = cbc_out.best_possible + offset;
        goto done;
    }
    out->objective = mip_read_plan(m, cm, best, score, out->selected, out->start);
    double bound = cbc_out.best_possible + offset;
    double tol = 1e-9 * fmax(1.0, fabs(out->objective));
    bool proven = cbc_out.proven_optimal && !timed_out && cbc_out.secondary != 2;
    if (proven || (isfinite(bound) && fabs(bound - out->objective) <= tol)) {
        bound = out->objective;
    } else if (!isfinite(bound) || bound < out->objective) {
        /* CBC gave no usable bound: fall back to the trivial one, every positive value counted. */
        bound = 0;
        for (size_t j = 0; j < nc; j++)
            bound += mm.colub[j] > 0 && mm.obj[j] > 0 ? mm.obj[j] : 0;
    }
    out->bound = bound;
    out->gap = (bound - out->objective) / fmax(fabs(out->objective), 1e-9);
    /* "optimal" only when the bound proves it; stopping at a requested gap is "feasible". */
    out->status = bound == out->objective ? SOLVE_OPTIMAL : SOLVE_FEASIBLE;

    double left = opt->time_limit - (wallclock_now() - t0);
    if (mm.windows && !opt->any_starts && out->status == SOLVE_OPTIMAL && left > 0.01 &&
        (err = prefer_early_starts(m, score, &mm, best, opt, left, tol, out)) != FOLIO_OK)
        goto out;
    /* Never trust a plan unchecked: verify it against every enabled rule exactly. */
    if (!plan_holds_all(m, rules, enabled, (plan){out->selected, out->start})) {
        err = FOLIO_ESOLVER;
        goto out;
    }
done:
    /* Every objective above left out the empty plan's value (the change penalty for dropping the
     * whole baseline, the value lost by stopping all work in flight): the same for every plan. */
    double off = plan_value_offset(m, score);
    if (off != 0) {
        out->bound += off;
        out->start_objective += out->has_start_plan ? off : 0;
        out->search_objective += out->searched ? off : 0;
        if (out->status == SOLVE_OPTIMAL || out->status == SOLVE_FEASIBLE) {
            out->objective += off;
            out->gap = out->status == SOLVE_OPTIMAL ? 0 : (out->bound - out->objective) / fmax(fabs(out->objective), 1e-9);
        }
    }
    out->seconds = wallclock_now() - t0;
out:
    search_clear(&sx);
    free(lp_x);
    mip_cbc_outcome_free(&cbc_out);
    if (cbc != NULL)
        Cbc_deleteModel(cbc);
    mip_model_free(&mm);
    mip_reduced_free(&red);
    mip_lp_free(&rel);
    free(heur_x);
    free(hint_x);
    free(rule_row);
    return err;
}
