/* test_attrib.c - the attribution of a re-plan's changes against brute force: random baseline and
 * today's portfolios that differ in weights, limits, policy bounds, projects added and removed and
 * projects' own data; the baseline written as a summary; every step's optimum equal to brute force
 * over that step's inputs (built here from the definition, apart from attrib.c), the steps adding
 * up to the change in objective. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "attrib.h"
#include "random_model.h"
#include "test_support.h"

enum { MAXU = 10, MAXC = 2, MAXK = 3, MAXP = 3 };

/* One side's inputs of one project (the test's own record). */
typedef struct side {
    bool present, must, exclude;
    double use[MAXC], norm[MAXK];
    bool member[MAXP];
    double amount[MAXP];
    size_t deps[MAXU], n_deps, excl[MAXU], n_excl;
} side;

/* Both runs' inputs over the universe: today's n projects, then (maybe) one only the baseline had. */
typedef struct world {
    size_t u, n, nc, nk, np;
    side old[MAXU], now[MAXU];
    double w_old[MAXK], w_now[MAXK], lim_old[MAXC], lim_now[MAXC];
    rules_policy pol_old[MAXP], pol_now[MAXP];
    bool in_baseline[MAXU];
    double max_changes, penalty;
} world;

/* A step's inputs, as the README orders them. */
typedef struct flags {
    bool weights, limits, rules, set;
    bool data[MAXU];
} flags;

static bool policy_holds(const rules_policy *p, double amount, double count)
{
    double t = 1e-9;
    return (!p->has_min || amount >= p->min - t * fmax(1, fabs(p->min))) &&
           (!p->has_max || amount <= p->max + t * fmax(1, fabs(p->max))) &&
           (!p->has_count_min || count >= p->count_min - t) && (!p->has_count_max || count <= p->count_max + t);
}

/* Brute force over the step's inputs: the best objective and a selection reaching it (best_mask,
 * may be NULL); false when none is feasible. */
static bool step_optimum(const world *w, const flags *f, double *best, unsigned *best_mask)
{
    bool any = false;
    for (unsigned mask = 0; mask < (1u << w->u); mask++) {
        double v = 0, used[MAXC] = {0}, amount[MAXP] = {0}, count[MAXP] = {0};
        size_t changes = 0;
        bool ok = true;
        for (size_t x = 0; x < w->u && ok; x++) {
            const side *s = f->data[x] ? &w->now[x] : &w->old[x];
            bool present = f->set ? w->now[x].present : w->old[x].present;
            bool in = (mask >> x) & 1u;
            if (in && (!present || s->exclude))
                ok = false;
            if (!in && present && s->must)
                ok = false;
            if (f->rules && w->in_baseline[x] && present)
                changes += !in;
            else if (f->rules)
                changes += in;
            if (!in)
                continue;
            for (size_t k = 0; k < s->n_deps; k++) {
                size_t y = s->deps[k];
                bool y_present = f->set ? w->now[y].present : w->old[y].present;
                if (y_present && !((mask >> y) & 1u))
                    ok = false;
            }
            for (size_t k = 0; k < s->n_excl; k++) {
                size_t y = s->excl[k];
                bool y_present = f->set ? w->now[y].present : w->old[y].present;
                if (y_present && ((mask >> y) & 1u))
                    ok = false;
            }
            for (size_t k = 0; k < w->nk; k++)
                v += (f->weights ? w->w_now[k] : w->w_old[k]) * s->norm[k];
            for (size_t c = 0; c < w->nc; c++)
                used[c] += s->use[c];
            for (size_t p = 0; p < w->np; p++)
                if (s->member[p]) {
                    amount[p] += s->amount[p];
                    count[p] += 1;
                }
        }
        for (size_t c = 0; ok && c < w->nc; c++) {
            double lim = f->limits ? w->lim_now[c] : w->lim_old[c];
            ok = used[c] <= lim + 1e-9 * fmax(1, fabs(lim));
        }
        for (size_t p = 0; ok && p < w->np; p++)
            ok = policy_holds(f->rules ? &w->pol_now[p] : &w->pol_old[p], amount[p], count[p]);
        if (ok && f->rules) {
            ok = (double)changes <= w->max_changes;
            v -= w->penalty * (double)changes;
        }
        if (ok && (!any || v > *best)) {
            *best = v;
            any = true;
            if (best_mask != NULL)
                *best_mask = mask;
        }
    }
    return any;
}

/* The baseline written as folio writes a summary: the fields attrib.c reads. */
static void write_summary(const world *w, const model *m, const bool *sel, double objective, const char *path)
{
    json_t *root = json_object(), *projects = json_array(), *weights = json_object(), *caps = json_array(),
           *pols = json_array();
    json_object_set_new(root, "folio_version", json_string("test"));
    json_object_set_new(root, "objective", json_real(objective));
    json_object_set_new(root, "scoring", json_string("weighted-sum"));
    for (size_t x = 0; x < w->u; x++) {
        const side *s = &w->old[x];
        if (!s->present)
            continue;
        const char *id = x < w->n ? m->projects[x].id : "GONE";
        json_t *in = json_object(), *use = json_object(), *crit = json_object(), *pol = json_object(), *norm = json_object();
        json_t *deps = json_array(), *excl = json_array();
        json_object_set_new(in, "category", json_string(""));
        json_object_set_new(in, "cost", json_real(s->use[0]));
        json_object_set_new(in, "must", json_boolean(s->must));
        json_object_set_new(in, "exclude", json_boolean(s->exclude));
        for (size_t k = 0; k < s->n_deps; k++)
            json_array_append_new(deps, json_string(m->projects[s->deps[k]].id));
        for (size_t k = 0; k < s->n_excl; k++)
            json_array_append_new(excl, json_string(s->excl[k] < w->n ? m->projects[s->excl[k]].id : "GONE"));
        json_object_set_new(in, "depends_on", deps);
        json_object_set_new(in, "excludes", excl);
        for (size_t c = 0; c < w->nc; c++)
            json_object_set_new(use, m->rules.capacities[c].name, json_real(s->use[c]));
        for (size_t p = 0; p < w->np; p++)
            if (s->member[p])
                json_object_set_new(pol, m->rules.policies[p].name, json_real(s->amount[p]));
        for (size_t k = 0; k < w->nk; k++) {
            json_object_set_new(norm, m->rules.criteria[k].name, json_real(s->norm[k]));
            json_object_set_new(crit, m->rules.criteria[k].name, json_real(0));
        }
        json_object_set_new(in, "criteria", crit);
        json_object_set_new(in, "use", use);
        json_object_set_new(in, "policies", pol);
        json_t *p = json_object();
        json_object_set_new(p, "id", json_string(id));
        json_object_set_new(p, "selected", json_boolean(sel[x]));
        json_object_set_new(p, "inputs", in);
        json_object_set_new(p, "normalised", norm);
        json_array_append_new(projects, p);
    }
    json_object_set_new(root, "projects", projects);
    for (size_t k = 0; k < w->nk; k++)
        json_object_set_new(weights, m->rules.criteria[k].name, json_real(w->w_old[k]));
    json_object_set_new(root, "weights", weights);
    for (size_t c = 0; c < w->nc; c++)
        json_array_append_new(caps, json_pack("{sssssf}", "name", m->rules.capacities[c].name, "period", "all", "limit",
                                              w->lim_old[c]));
    json_object_set_new(root, "capacities", caps);
    static const char *const bounds[] = {"min", "max", "count_min", "count_max"};
    for (size_t p = 0; p < w->np; p++) {
        const rules_policy *q = &w->pol_old[p];
        const bool has[] = {q->has_min, q->has_max, q->has_count_min, q->has_count_max};
        const double v[] = {q->min, q->max, q->count_min, q->count_max};
        for (int b = 0; b < 4; b++)
            if (has[b])
                json_array_append_new(pols, json_pack("{sssssf}", "name", q->name, "bound", bounds[b], "limit", v[b]));
    }
    json_object_set_new(root, "policies", pols);
    assert_int_equal(json_dump_file(root, path, JSON_REAL_PRECISION(17)), 0);
    json_decref(root);
}

/* Today's side of project i from the model; the baseline's a copy that the caller perturbs. */
static void read_now(world *w, const model *m, const score_result *sc, size_t i)
{
    const model_project *p = &m->projects[i];
    side *s = &w->now[i];
    *s = (side){.present = true, .must = p->must, .exclude = p->exclude};
    for (size_t c = 0; c < w->nc; c++)
        s->use[c] = p->profile[c];
    for (size_t k = 0; k < w->nk; k++)
        s->norm[k] = sc->norm[i * w->nk + k];
    for (size_t q = 0; q < w->np; q++) {
        s->member[q] = m->in_policy[q * m->n_projects + i];
        s->amount[q] = m->policy_amount[q * m->n_projects + i];
    }
    memcpy(s->deps, p->depends_on, p->n_depends_on * sizeof *s->deps);
    s->n_deps = p->n_depends_on;
    memcpy(s->excl, p->excludes, p->n_excludes * sizeof *s->excl);
    s->n_excl = p->n_excludes;
}

static void steps_equal_brute_force_and_add_up(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    char path[] = "/tmp/folio_attrib_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    size_t cases = 0, moved_steps = 0, caused = 0, merged = 0;
    for (unsigned long seed = 1; seed <= 200; seed++) {
        gsl_rng_set(rng, seed);
        double score[32], raw[MAXK];
        size_t n = 4 + gsl_rng_uniform_int(rng, 4), nc = 1 + gsl_rng_uniform_int(rng, 2), nk = 2 + gsl_rng_uniform_int(rng, 2);
        model *m = random_model(rng, n, nc, score);
        for (size_t k = 0; k < nk; k++)
            raw[k] = 1 + gsl_rng_uniform_int(rng, 5);
        score_result sc;
        random_criteria(rng, m, nk, raw, &sc, score);
        sc.score = score;
        size_t order[32];
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        sc.order = order;
        world w = {.n = n, .u = n, .nc = nc, .nk = nk, .np = m->n_policies};
        for (size_t i = 0; i < n; i++) {
            read_now(&w, m, &sc, i);
            w.old[i] = w.now[i];
        }
        /* The baseline's inputs: another weight, limit or bound, a project's own data, one project
         * only the baseline had, one only today has. */
        for (size_t k = 0; k < nk; k++)
            w.w_old[k] = w.w_now[k] = m->weights[k];
        if (gsl_rng_uniform(rng) < 0.5) {
            double t = 0;
            for (size_t k = 0; k < nk; k++)
                t += (w.w_old[k] = gsl_rng_uniform(rng) + 0.1);
            for (size_t k = 0; k < nk; k++)
                w.w_old[k] /= t;
        }
        for (size_t c = 0; c < nc; c++)
            w.lim_old[c] = w.lim_now[c] = m->limits[c];
        if (gsl_rng_uniform(rng) < 0.5)
            w.lim_old[0] = floor(w.lim_now[0] * (0.7 + 0.6 * gsl_rng_uniform(rng)));
        for (size_t p = 0; p < w.np; p++)
            w.pol_old[p] = w.pol_now[p] = m->rules.policies[p];
        if (w.np > 0 && gsl_rng_uniform(rng) < 0.4) {
            w.pol_old[0].has_min = w.pol_old[0].has_max = w.pol_old[0].has_count_min = w.pol_old[0].has_count_max = false;
        }
        for (int k = 0; k < 2; k++) {
            if (gsl_rng_uniform(rng) < 0.6) {
                side *s = &w.old[gsl_rng_uniform_int(rng, n)];
                s->use[0] = (double)(1 + gsl_rng_uniform_int(rng, 20));
                s->norm[gsl_rng_uniform_int(rng, nk)] = gsl_rng_uniform(rng);
            }
        }
        if (gsl_rng_uniform(rng) < 0.5) /* today's last project is new */
            w.old[n - 1] = (side){.present = false};
        for (size_t i = 0; i < n; i++) /* the baseline's links never name a project it lacked */
            if (!w.old[n - 1].present) {
                side *s = &w.old[i];
                size_t nd = 0, ne = 0;
                for (size_t k = 0; k < s->n_deps; k++)
                    if (s->deps[k] != n - 1)
                        s->deps[nd++] = s->deps[k];
                for (size_t k = 0; k < s->n_excl; k++)
                    if (s->excl[k] != n - 1)
                        s->excl[ne++] = s->excl[k];
                s->n_deps = nd, s->n_excl = ne;
            }
        if (gsl_rng_uniform(rng) < 0.5) { /* a project only the baseline had */
            side *s = &w.old[w.u++];
            *s = (side){.present = true};
            for (size_t c = 0; c < nc; c++)
                s->use[c] = (double)(1 + gsl_rng_uniform_int(rng, 20));
            for (size_t k = 0; k < nk; k++)
                s->norm[k] = gsl_rng_uniform(rng);
        }
        /* The baseline run's optimum is the plan of record. */
        flags old_f = {0};
        double base = 0;
        bool sel[MAXU] = {false};
        unsigned mask = 0;
        if (!step_optimum(&w, &old_f, &base, &mask)) {
            model_free(m);
            continue;
        }
        for (size_t y = 0; y < w.u; y++)
            sel[y] = (mask >> y) & 1u;
        write_summary(&w, m, sel, base, path);
        /* Today's model against it. */
        m->has_baseline = m->replan = true;
        m->rules.attribution_budget = INFINITY;
        m->baseline_path = path;
        m->count_moves = false;
        for (size_t i = 0; i < n; i++) {
            m->projects[i].in_baseline = w.in_baseline[i] = sel[i];
            m->projects[i].baseline_start = SIZE_MAX;
            m->n_baseline += sel[i];
        }
        w.max_changes = gsl_rng_uniform(rng) < 0.3 ? INFINITY : (double)(1 + gsl_rng_uniform_int(rng, 3));
        w.penalty = gsl_rng_uniform(rng) < 0.5 ? 0 : 0.05;
        m->max_changes = w.max_changes;
        m->change_penalty = w.penalty;
        arena a = {0};
        plan_rules rules;
        solve_result r;
        SOLVE_EXACTLY(m, score, &a, &rules, &r);
        if (r.status != SOLVE_OPTIMAL) {
            arena_clear(&a);
            model_free(m);
            continue;
        }
        solve_options opt;
        solve_options_init(&opt);
        attrib_result at;
        json_error_t je;
        json_t *baseline = json_load_file(path, 0, &je);
        assert_non_null(baseline);
        assert_int_equal(attrib_run(m, &sc, &opt, &r, baseline, &a, &at), FOLIO_OK);
        if (!at.done)
            fail_msg("seed %lu: not attributed: %s", seed, at.why_not);
        /* Each step's optimum is brute force over its inputs, and the effects add up. */
        flags f = {0};
        double sum = 0;
        for (size_t s = 0; s < at.n_steps; s++) {
            /* A step with no feasible plan is merged into the next: "A + B". */
            char parts[sizeof at.steps[s].label], *save = NULL;
            snprintf(parts, sizeof parts, "%s", at.steps[s].label);
            for (char *label = strtok_r(parts, "+", &save); label != NULL; label = strtok_r(NULL, "+", &save)) {
            while (*label == ' ')
                label++;
            size_t len = strlen(label);
            while (len > 0 && label[len - 1] == ' ')
                label[--len] = '\0';
            if (strcmp(label, "criteria weights") == 0)
                f.weights = true;
            else if (strcmp(label, "capacity limits") == 0)
                f.weights = f.limits = true;
            else if (strcmp(label, "policy bounds and re-plan rules") == 0)
                f.weights = f.limits = f.rules = true;
            else if (strncmp(label, "projects added", 14) == 0) {
                f.weights = f.limits = f.rules = f.set = true;
                for (size_t x = 0; x < w.u; x++)
                    f.data[x] |= w.now[x].present && !w.old[x].present && x < n;
            } else if (strstr(label, "'s own data") != NULL) {
                f.weights = f.limits = f.rules = f.set = true;
                for (size_t i = 0; i < n; i++)
                    if (strncmp(label, m->projects[i].id, strlen(m->projects[i].id)) == 0 &&
                        label[strlen(m->projects[i].id)] == '\'')
                        f.data[i] = true;
            } else if (strcmp(label, "the baseline's inputs, re-solved") != 0) {
                fail_msg("seed %lu: unexpected step '%s'", seed, label);
            }
            }
            const char *label = at.steps[s].label;
            double want = 0;
            if (!step_optimum(&w, &f, &want, NULL))
                fail_msg("seed %lu: step %zu '%s' has no feasible plan by brute force", seed, s, label);
            if (fabs(at.steps[s].objective - want) > 1e-9)
                fail_msg("seed %lu: step %zu '%s': %.12f, brute force %.12f", seed, s, label, at.steps[s].objective, want);
            sum += at.steps[s].effect;
            moved_steps += s > 0 && fabs(at.steps[s].effect) > 1e-9;
            merged += strchr(at.steps[s].label, '+') != NULL;
        }
        /* With no time, the steps not reached become one with the last: the sum still holds. */
        m->rules.attribution_budget = 1e-12;
        attrib_result quick;
        assert_int_equal(attrib_run(m, &sc, &opt, &r, baseline, &a, &quick), FOLIO_OK);
        assert_true(quick.done && quick.n_steps == 1 && quick.solves == 0);
        assert_rel(quick.steps[0].effect, r.objective - base, 1e-9);
        assert_true(at.n_steps == 1 || strstr(quick.steps[0].label, "attribution_budget") != NULL);
        /* The last step's inputs are today's: brute force over them is the run's optimum. */
        flags all = {.weights = true, .limits = true, .rules = true, .set = true};
        for (size_t x = 0; x < n; x++)
            all.data[x] = true;
        double today = 0;
        assert_true(step_optimum(&w, &all, &today, NULL));
        assert_rel(today, r.objective, 1e-9);
        assert_rel(at.steps[at.n_steps - 1].objective, r.objective, 1e-12);
        assert_rel(sum, r.objective - base, 1e-9);
        for (size_t i = 0; i < n; i++)
            caused += at.cause[i] != SIZE_MAX;
        cases++;
        json_decref(baseline);
        arena_clear(&a);
        model_free(m);
    }
    unlink(path);
    gsl_rng_free(rng);
    print_message("%zu cases, %zu steps that moved the objective, %zu merged steps, %zu changes with a cause\n", cases,
                  moved_steps, merged, caused);
    assert_true(cases > 100);
    assert_true(moved_steps > 100);
    assert_true(caused > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_equal_brute_force_and_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
