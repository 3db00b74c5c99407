/* attrib.c - the stepwise attribution of a re-plan's changes: a universe of every project either
 * run knew, each with its baseline and today's version, and a model per step that takes each group
 * of inputs from one side or the other. */
#include "attrib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "replan.h"
#include "wallclock.h"

/* Beyond this many projects with changed data, the rest share one step (a solve each costs time). */
enum { ATTRIB_MAX_PROJECT_STEPS = 40 };

/* Every project of either run: today's n first (their indices as in m), then the r the baseline
 * had that today's model lacks (removed from the export, completed or cancelled). */
typedef struct universe {
    const model *m;
    const score_result *sc;
    size_t n, u, nk, np;
    model_project *po, *pn; /* [u] the baseline's version, today's */
    bool *in_old, *in_new;  /* [u] in the baseline run's model, in today's */
    double *n_old, *n_mid, *n_new; /* [u * nk] normalised values: the baseline's; today's data on the
                                      baseline's ranges; today's */
    double *extra;      /* [u] score from criteria only the baseline had (at its weights) */
    double *s_old;      /* [u] the baseline's score (TOPSIS) */
    double *w_old;      /* [nk] the baseline's weight of each of today's criteria (0: it had none) */
    bool *pin_old;      /* [np * u] policy membership, the baseline's */
    double *pam_old;    /* [np * u] policy amounts, the baseline's */
    double *lim_old, *tot_old;   /* the baseline's limits (today's where it had none) */
    rules_policy *pol_old;       /* [np] today's policies with the baseline's bounds */
    bool *changed;      /* [u] in both, with different own data */
    bool weights_differ, limits_differ, rules_differ, set_differs, norm_differs;
} universe;

/* What a step takes from today's inputs (the rest from the baseline's). */
typedef struct stage {
    bool weights, limits, rules, set, norm;
    bool *data; /* [u] */
} stage;

static double num(json_t *o, const char *key, double def)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : def;
}

static bool close_enough(double a, double b)
{
    return fabs(a - b) <= 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static size_t find_id(json_t *ids, const char *id)
{
    json_t *v = json_object_get(ids, id);
    return json_is_integer(v) ? (size_t)json_integer_value(v) : SIZE_MAX;
}

static size_t period_index(const model *m, const char *label)
{
    for (size_t t = 0; label != NULL && t < m->n_periods; t++)
        if (strcmp(m->period_labels[t], label) == 0)
            return t;
    return SIZE_MAX;
}

static model_status status_named(const char *s)
{
    for (int k = 0; s != NULL && k < MODEL_STATUS_COUNT; k++)
        if (strcmp(model_status_name((model_status)k), s) == 0)
            return (model_status)k;
    return STATUS_PROPOSED;
}

/* A list of ids (JSON) as indices into the universe; ids it lacks are dropped. */
static bool links(arena *a, json_t *list, json_t *types, json_t *ids, size_t **out, size_t *count, model_link **kinds)
{
    *count = 0;
    *out = arena_alloc_n(a, json_array_size(list) + 1, sizeof **out);
    /* Types and lags (a summary writes them with a horizon, for projects with any but plain FS). */
    bool typed = kinds != NULL && json_array_size(types) == json_array_size(list) && json_array_size(list) > 0;
    if (kinds != NULL)
        *kinds = typed ? arena_alloc_n(a, json_array_size(list), sizeof **kinds) : NULL;
    if (*out == NULL || (typed && *kinds == NULL))
        return false;
    size_t k;
    json_t *v;
    json_array_foreach(list, k, v) {
        size_t x = find_id(ids, json_string_value(v) ? json_string_value(v) : "");
        if (x == SIZE_MAX)
            continue;
        if (typed) {
            const char *text = json_string_value(json_array_get(types, k));
            if (text == NULL || !model_link_parse(text, &(*kinds)[*count]))
                (*kinds)[*count] = (model_link){LINK_FS, 0};
        }
        (*out)[(*count)++] = x;
    }
    return true;
}

/* The baseline's version of project x from its summary entry j: today's version (or a blank one)
 * with what the summary records. False when out of memory or when a start window names a period
 * today's horizon lacks (why). */
static bool old_version(universe *U, arena *a, size_t x, json_t *j, json_t *ids, char *why, size_t why_size)
{
    const model *m = U->m;
    model_project *p = &U->po[x];
    json_t *in = json_object_get(j, "inputs");
    json_t *category = json_object_get(in, "category");
    p->category = json_is_string(category) ? json_string_value(category) : "";
    p->cost_full = num(in, "cost", 0);
    p->spent = num(j, "spent", 0);
    p->status = status_named(json_string_value(json_object_get(j, "status")));
    p->cost = num(j, "remaining", p->cost_full);
    p->must = json_is_true(json_object_get(in, "must"));
    p->exclude = json_is_true(json_object_get(in, "exclude"));
    if (!links(a, json_object_get(in, "depends_on"), json_object_get(in, "links"), ids, &p->depends_on,
               &p->n_depends_on, &p->links) ||
        !links(a, json_object_get(in, "excludes"), NULL, ids, &p->excludes, &p->n_excludes, NULL))
        return false;
    if (m->rules.has_horizon) {
        const char *e = json_string_value(json_object_get(in, "earliest")), *l = json_string_value(json_object_get(in, "latest"));
        size_t s0 = period_index(m, e), s1 = period_index(m, l);
        if (s0 == SIZE_MAX || s1 == SIZE_MAX || s1 < s0) {
            snprintf(why, why_size, "the baseline's start window of %s (%s..%s) is not in today's horizon", p->id,
                     e ? e : "none", l ? l : "none");
            return false;
        }
        p->start_min = s0;
        p->start_max = s1;
        p->duration = (size_t)num(in, "duration", 1);
        p->duration = p->duration > 0 ? p->duration : 1;
    } else {
        p->start_min = p->start_max = 0;
        p->duration = 1;
    }
    /* Use per period: the recorded profile, else the recorded total spread evenly. */
    double *profile = arena_alloc_n(a, m->n_capacities * p->duration + 1, sizeof *profile);
    if (profile == NULL)
        return false;
    for (size_t c = 0; c < m->n_capacities; c++) {
        const char *name = m->rules.capacities[c].name;
        json_t *row = json_object_get(json_object_get(in, "profile"), name);
        double total = num(json_object_get(in, "use"), name, 0);
        for (size_t k = 0; k < p->duration; k++)
            profile[c * p->duration + k] = json_array_size(row) == p->duration
                                               ? json_number_value(json_array_get(row, k))
                                               : total / (double)p->duration;
    }
    p->profile = profile;
    if (!model_status_in_flight(p->status) || !model_status_in_flight(U->pn[x].status))
        p->stop_cost = p->stop_value = 0;
    p->elapsed = model_status_in_flight(p->status) ? p->elapsed : 0;
    for (size_t k = 0; k < m->n_policies; k++) {
        json_t *amt = json_object_get(json_object_get(in, "policies"), m->rules.policies[k].name);
        U->pin_old[k * U->u + x] = amt != NULL;
        U->pam_old[k * U->u + x] = json_is_number(amt) ? json_number_value(amt) : 0;
    }
    json_t *norm = json_object_get(j, "normalised");
    for (size_t k = 0; k < U->nk; k++)
        U->n_old[x * U->nk + k] = num(norm, m->rules.criteria[k].name, U->n_new[x * U->nk + k]);
    return true;
}

static bool same_list(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++) {
        bool found = false;
        for (size_t k = 0; k < nb && !found; k++)
            found = a[i] == b[k];
        if (!found)
            return false;
    }
    return true;
}

/* Whether two versions of a project have the same links: the same predecessors, each with the same
 * type and lag. */
static bool same_links(const model_project *o, const model_project *p)
{
    if (!same_list(o->depends_on, o->n_depends_on, p->depends_on, p->n_depends_on))
        return false;
    for (size_t i = 0; i < o->n_depends_on; i++) {
        model_link lo = model_link_at(o, i), lp = {LINK_FS, 0};
        for (size_t k = 0; k < p->n_depends_on; k++)
            if (p->depends_on[k] == o->depends_on[i])
                lp = model_link_at(p, k);
        if (lo.type != lp.type || lo.lag != lp.lag)
            return false;
    }
    return true;
}

/* Whether project x's own data differ between the baseline and today. */
static bool data_differ(const universe *U, size_t x)
{
    const model *m = U->m;
    const model_project *o = &U->po[x], *p = &U->pn[x];
    if (!close_enough(o->cost, p->cost) || o->must != p->must || o->exclude != p->exclude || o->status != p->status ||
        o->start_min != p->start_min || o->start_max != p->start_max || o->duration != p->duration ||
        !close_enough(o->stop_cost, p->stop_cost) || !close_enough(o->stop_value, p->stop_value) ||
        !same_links(o, p) ||
        !same_list(o->excludes, o->n_excludes, p->excludes, p->n_excludes))
        return true;
    for (size_t k = 0; k < m->n_capacities * p->duration; k++)
        if (!close_enough(o->profile[k], p->profile[k]))
            return true;
    for (size_t k = 0; k < m->n_policies; k++) {
        size_t at = k * U->u + x;
        bool member = m->in_policy[k * m->n_projects + x];
        if (U->pin_old[at] != member || (member && !close_enough(U->pam_old[at], m->policy_amount[k * m->n_projects + x])))
            return true;
    }
    for (size_t k = 0; k < U->nk; k++)
        if (!close_enough(U->n_old[x * U->nk + k], U->n_mid[x * U->nk + k]))
            return true;
    return false;
}

/* The baseline's limits and policy bounds, matched by capacity name and period, policy name and
 * bound; today's where the baseline has none. */
static void old_bounds(universe *U, json_t *old)
{
    const model *m = U->m;
    const size_t T = m->n_periods;
    memcpy(U->lim_old, m->limits, m->n_capacities * T * sizeof *U->lim_old);
    memcpy(U->tot_old, m->totals, m->n_capacities * sizeof *U->tot_old);
    size_t k, j;
    json_t *c, *q;
    json_array_foreach(json_object_get(old, "capacities"), k, c) {
        const char *name = json_string_value(json_object_get(c, "name"));
        for (size_t cc = 0; name != NULL && cc < m->n_capacities; cc++) {
            if (strcmp(m->rules.capacities[cc].name, name) != 0)
                continue;
            json_t *lim = json_object_get(c, "limit");
            double v = json_is_number(lim) ? json_number_value(lim) : INFINITY;
            if (m->rules.has_horizon)
                U->tot_old[cc] = v;
            else
                U->lim_old[cc * T] = v;
            json_array_foreach(json_object_get(c, "periods"), j, q) {
                size_t t = period_index(m, json_string_value(json_object_get(q, "period")));
                json_t *pl = json_object_get(q, "limit");
                if (t != SIZE_MAX)
                    U->lim_old[cc * T + t] = json_is_number(pl) ? json_number_value(pl) : INFINITY;
            }
        }
    }
    for (size_t p = 0; p < m->n_policies; p++) {
        rules_policy *po = &U->pol_old[p];
        *po = m->rules.policies[p];
        po->has_min = po->has_max = po->has_count_min = po->has_count_max = false;
        json_array_foreach(json_object_get(old, "policies"), k, c) {
            const char *name = json_string_value(json_object_get(c, "name")), *b = json_string_value(json_object_get(c, "bound"));
            if (name == NULL || b == NULL || strcmp(name, po->name) != 0)
                continue;
            double v = num(c, "limit", 0);
            if (strcmp(b, "min") == 0)
                po->has_min = true, po->min = v;
            else if (strcmp(b, "max") == 0)
                po->has_max = true, po->max = v;
            else if (strcmp(b, "count_min") == 0)
                po->has_count_min = true, po->count_min = v;
            else if (strcmp(b, "count_max") == 0)
                po->has_count_max = true, po->count_max = v;
        }
    }
    U->limits_differ = false;
    for (size_t x = 0; x < m->n_capacities * T; x++)
        U->limits_differ |= !(m->limits[x] == U->lim_old[x] || close_enough(m->limits[x], U->lim_old[x]));
    for (size_t x = 0; x < m->n_capacities; x++)
        U->limits_differ |= !(m->totals[x] == U->tot_old[x] || close_enough(m->totals[x], U->tot_old[x]));
    U->rules_differ = m->has_baseline && (isfinite(m->max_changes) || m->change_penalty > 0);
    U->rules_differ |= m->has_stop_costs || m->stop_value_share > 0;
    for (size_t p = 0; p < m->n_policies; p++) {
        const rules_policy *a = &U->pol_old[p], *b = &m->rules.policies[p];
        U->rules_differ |= a->has_min != b->has_min || a->has_max != b->has_max || a->has_count_min != b->has_count_min ||
                           a->has_count_max != b->has_count_max || (a->has_min && !close_enough(a->min, b->min)) ||
                           (a->has_max && !close_enough(a->max, b->max)) ||
                           (a->has_count_min && a->count_min != b->count_min) ||
                           (a->has_count_max && a->count_max != b->count_max);
    }
}

/* Reads the baseline summary into the universe; false with why when it cannot serve (or when out
 * of memory: *oom). */
static bool universe_build(universe *U, const model *m, const score_result *sc, json_t *old, arena *a, char *why,
                           size_t why_size, bool *oom)
{
    json_t *projects = json_object_get(old, "projects"), *p;
    size_t k;
    json_array_foreach(projects, k, p) {
        if (!json_is_object(json_object_get(p, "inputs")) || !json_is_object(json_object_get(p, "normalised"))) {
            snprintf(why, why_size, "the baseline summary does not record each project's inputs (written by an older "
                                    "folio, or a list of ids): rerun the baseline with this folio to attribute");
            return false;
        }
    }
    if (json_is_string(json_object_get(old, "scoring")) &&
        strcmp(json_string_value(json_object_get(old, "scoring")),
               m->rules.scoring == SCORING_TOPSIS ? (m->rules.topsis_minmax ? "topsis (minmax)" : "topsis (vector)")
                                                  : "weighted-sum") != 0) {
        snprintf(why, why_size, "the baseline was scored another way (%s)", json_string_value(json_object_get(old, "scoring")));
        return false;
    }
    *oom = true;
    json_t *ids = json_object(); /* id -> universe index */
    if (ids == NULL)
        return false;
    const size_t n = m->n_projects, nk = m->n_criteria, np = m->n_policies;
    for (size_t i = 0; i < n; i++)
        json_object_set_new(ids, m->projects[i].id, json_integer((json_int_t)i));
    size_t r = 0;
    json_array_foreach(projects, k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (id != NULL && json_object_get(ids, id) == NULL)
            json_object_set_new(ids, id, json_integer((json_int_t)(n + r++)));
    }
    *U = (universe){.m = m, .sc = sc, .n = n, .u = n + r, .nk = nk, .np = np};
    const size_t u = n + r;
    U->po = arena_alloc_n(a, u, sizeof *U->po);
    U->pn = arena_alloc_n(a, u, sizeof *U->pn);
    U->in_old = arena_alloc_n(a, u, sizeof *U->in_old);
    U->in_new = arena_alloc_n(a, u, sizeof *U->in_new);
    U->n_old = arena_alloc_n(a, u * nk + 1, sizeof *U->n_old);
    U->n_mid = arena_alloc_n(a, u * nk + 1, sizeof *U->n_mid);
    U->n_new = arena_alloc_n(a, u * nk + 1, sizeof *U->n_new);
    U->extra = arena_alloc_n(a, u, sizeof *U->extra);
    U->s_old = arena_alloc_n(a, u, sizeof *U->s_old);
    U->w_old = arena_alloc_n(a, nk + 1, sizeof *U->w_old);
    U->pin_old = arena_alloc_n(a, np * u + 1, sizeof *U->pin_old);
    U->pam_old = arena_alloc_n(a, np * u + 1, sizeof *U->pam_old);
    U->lim_old = arena_alloc_n(a, m->n_capacities * m->n_periods + 1, sizeof *U->lim_old);
    U->tot_old = arena_alloc_n(a, m->n_capacities + 1, sizeof *U->tot_old);
    U->pol_old = arena_alloc_n(a, np + 1, sizeof *U->pol_old);
    U->changed = arena_alloc_n(a, u, sizeof *U->changed);
    if (!U->po || !U->pn || !U->in_old || !U->in_new || !U->n_old || !U->n_mid || !U->n_new || !U->extra || !U->s_old ||
        !U->w_old || !U->pin_old || !U->pam_old || !U->lim_old || !U->tot_old || !U->pol_old || !U->changed) {
        json_decref(ids);
        return false;
    }
    /* Today's side. */
    json_t *ranges = json_object_get(old, "ranges");
    for (size_t i = 0; i < n; i++) {
        U->pn[i] = U->po[i] = m->projects[i];
        U->in_new[i] = true;
        for (size_t q = 0; q < nk; q++) {
            const rules_criterion *cr = &m->rules.criteria[q];
            json_t *rg = json_object_get(ranges, cr->name);
            U->n_new[i * nk + q] = sc->norm[i * nk + q];
            U->n_mid[i * nk + q] = json_array_size(rg) == 2
                                       ? score_normalise(cr, m->projects[i].raw[q], json_number_value(json_array_get(rg, 0)),
                                                         json_number_value(json_array_get(rg, 1)))
                                       : sc->norm[i * nk + q];
        }
        U->s_old[i] = sc->score[i];
        for (size_t q = 0; q < np; q++) {
            U->pin_old[q * u + i] = m->in_policy[q * n + i];
            U->pam_old[q * u + i] = m->policy_amount[q * n + i];
        }
    }
    /* The baseline's side. */
    json_t *weights = json_object_get(old, "weights");
    for (size_t q = 0; q < nk; q++) {
        U->w_old[q] = num(weights, m->rules.criteria[q].name, 0);
        U->weights_differ |= !close_enough(U->w_old[q], m->weights[q]);
    }
    bool ok = true;
    json_array_foreach(projects, k, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        size_t x = id ? find_id(ids, id) : SIZE_MAX;
        if (x == SIZE_MAX || U->in_old[x])
            continue;
        U->in_old[x] = true;
        if (x >= n) { /* only the baseline had it: a blank project with what the summary records */
            U->po[x] = (model_project){.id = id, .name = "", .category = ""};
            U->po[x].raw = arena_alloc_n(a, nk + 1, sizeof *U->po[x].raw);
            U->po[x].raw_filled = arena_alloc_n(a, nk + 1, sizeof *U->po[x].raw_filled);
            U->po[x].baseline_start = SIZE_MAX;
            U->pn[x] = U->po[x];
            if (U->po[x].raw == NULL || U->po[x].raw_filled == NULL) {
                ok = false;
                break;
            }
        }
        U->s_old[x] = num(p, "score", 0);
        if (!old_version(U, a, x, p, ids, why, why_size)) {
            ok = false;
            *oom = why[0] == '\0';
            break;
        }
        if (x >= n)
            U->pn[x] = U->po[x];
        /* Criteria today's rules lack still scored in the baseline, at its weights. */
        const char *name;
        json_t *v;
        json_object_foreach(json_object_get(p, "normalised"), name, v) {
            bool known = false;
            for (size_t q = 0; q < nk && !known; q++)
                known = strcmp(m->rules.criteria[q].name, name) == 0;
            if (!known) {
                U->extra[x] += num(weights, name, 0) * json_number_value(v);
                U->weights_differ = true;
            }
        }
    }
    json_decref(ids);
    if (!ok)
        return false;
    *oom = false;
    for (size_t x = 0; x < U->u; x++) {
        U->set_differs |= U->in_old[x] != U->in_new[x];
        U->changed[x] = U->in_old[x] && U->in_new[x] && data_differ(U, x);
        for (size_t q = 0; q < nk && x < n; q++)
            U->norm_differs |= !close_enough(U->n_mid[x * nk + q], U->n_new[x * nk + q]);
        U->norm_differs |= m->rules.scoring == SCORING_TOPSIS && x < n && !close_enough(U->s_old[x], sc->score[x]);
    }
    old_bounds(U, old);
    return true;
}

/* The model and scores of one step (arrays in a); false when out of memory. */
static bool stage_model(const universe *U, const stage *st, arena *a, model *out, double **score_out)
{
    const model *m = U->m;
    const size_t u = U->u, nk = U->nk, np = U->np;
    *out = *m;
    model_project *ps = arena_alloc_n(a, u, sizeof *ps);
    bool *present = arena_alloc_n(a, u, sizeof *present);
    double *score = arena_alloc_n(a, u, sizeof *score);
    bool *pin = arena_alloc_n(a, np * u + 1, sizeof *pin);
    double *pam = arena_alloc_n(a, np * u + 1, sizeof *pam);
    double *stop_sum = arena_alloc_n(a, m->n_capacities + 1, sizeof *stop_sum);
    if (!ps || !present || !score || !pin || !pam || !stop_sum)
        return false;
    for (size_t x = 0; x < u; x++)
        present[x] = st->set ? U->in_new[x] : U->in_old[x];
    out->n_baseline = 0;
    out->has_stop_costs = false;
    for (size_t x = 0; x < u; x++) {
        model_project p = st->data[x] ? U->pn[x] : U->po[x];
        if (!present[x]) {
            p.exclude = true;
            p.must = false;
            p.status = STATUS_PROPOSED;
            p.in_baseline = false;
        }
        if (!st->rules || !present[x])
            p.stop_cost = p.stop_value = 0;
        /* Links to projects this step lacks are dropped (the baseline's never named today's new ones). */
        size_t *dep = arena_alloc_n(a, p.n_depends_on + 1, sizeof *dep), *exc = arena_alloc_n(a, p.n_excludes + 1, sizeof *exc);
        model_link *links = p.links != NULL ? arena_alloc_n(a, p.n_depends_on + 1, sizeof *links) : NULL;
        if (dep == NULL || exc == NULL || (p.links != NULL && links == NULL))
            return false;
        size_t nd = 0, ne = 0;
        for (size_t k = 0; present[x] && k < p.n_depends_on; k++) {
            if (!present[p.depends_on[k]])
                continue;
            if (links != NULL)
                links[nd] = p.links[k];
            dep[nd++] = p.depends_on[k];
        }
        p.links = links;
        for (size_t k = 0; present[x] && k < p.n_excludes; k++)
            if (present[p.excludes[k]])
                exc[ne++] = p.excludes[k];
        p.depends_on = dep, p.n_depends_on = nd, p.excludes = exc, p.n_excludes = ne;
        ps[x] = p;
        out->n_baseline += p.in_baseline;
        out->has_stop_costs |= p.stop_cost > 0;
        for (size_t k = 0; k < np; k++) {
            bool today = st->data[x] && x < U->n;
            pin[k * u + x] = today ? m->in_policy[k * m->n_projects + x] : U->pin_old[k * u + x];
            pam[k * u + x] = today ? m->policy_amount[k * m->n_projects + x] : U->pam_old[k * u + x];
        }
        /* The score: today's weights or the baseline's over normalised values of the step. */
        if (m->rules.scoring == SCORING_TOPSIS) {
            score[x] = st->norm && x < U->n ? U->sc->score[x] : U->s_old[x];
        } else {
            const double *nv = st->norm ? U->n_new : st->data[x] ? U->n_mid : U->n_old;
            double s = st->weights ? 0 : U->extra[x];
            for (size_t k = 0; k < nk; k++)
                s += (st->weights ? m->weights[k] : U->w_old[k]) * nv[x * nk + k];
            score[x] = s;
        }
    }
    out->projects = ps;
    out->n_projects = u;
    out->in_policy = pin;
    out->policy_amount = pam;
    if (!st->limits) {
        out->limits = U->lim_old;
        out->totals = U->tot_old;
    }
    if (!st->rules) {
        out->rules.policies = U->pol_old;
        out->has_baseline = false;
        out->max_changes = INFINITY;
        out->change_penalty = 0;
        out->count_moves = false;
        out->has_stop_costs = false;
        out->stop_value_share = 0;
    }
    for (size_t c = 0; out->has_stop_costs && c < m->n_capacities; c++) {
        stop_sum[c] = 0;
        for (size_t x = 0; m->on_cost[c] && x < u; x++)
            stop_sum[c] += ps[x].stop_cost;
    }
    out->stop_sum = stop_sum;
    *score_out = score;
    return true;
}

folio_error attrib_run(const model *m, const score_result *sc, const solve_options *opt, const solve_result *final,
                       json_t *old, arena *a, attrib_result *out)
{
    memset(out, 0, sizeof *out);
    if (m->has_baseline && m->rules.attribution_budget <= 0) {
        snprintf(out->why_not, sizeof out->why_not, "switched off ([replan] attribution_budget = 0)");
        return FOLIO_OK;
    }
    if (!m->has_baseline || m->baseline_path == NULL || final == NULL ||
        !(final->status == SOLVE_OPTIMAL || final->status == SOLVE_FEASIBLE)) {
        snprintf(out->why_not, sizeof out->why_not, "no portfolio to compare");
        return FOLIO_OK;
    }
    if (old == NULL) {
        snprintf(out->why_not, sizeof out->why_not, "the baseline is a list of ids, not a summary of a run");
        return FOLIO_OK;
    }
    universe U;
    bool oom = false;
    folio_error err = FOLIO_OK;
    if (!universe_build(&U, m, sc, old, a, out->why_not, sizeof out->why_not, &oom))
        return oom ? FOLIO_ENOMEM : FOLIO_OK;
    out->baseline_objective = num(old, "objective", NAN);
    if (!isfinite(out->baseline_objective)) {
        snprintf(out->why_not, sizeof out->why_not, "the baseline run had no portfolio (its objective is null)");
        return FOLIO_OK;
    }

    /* The steps, each a snapshot of what it takes from today. */
    enum { MAX_FIXED = 6 };
    const size_t n = m->n_projects, u = U.u;
    size_t n_changed = 0;
    for (size_t q = 0; q < n; q++)
        n_changed += U.changed[sc->order[q]];
    size_t max_steps = MAX_FIXED + (n_changed < ATTRIB_MAX_PROJECT_STEPS ? n_changed : ATTRIB_MAX_PROJECT_STEPS) + 1;
    stage *stages = arena_alloc_n(a, max_steps, sizeof *stages);
    out->steps = arena_alloc_n(a, max_steps, sizeof *out->steps);
    out->cause = arena_alloc_n(a, n + 1, sizeof *out->cause);
    if (stages == NULL || out->steps == NULL || out->cause == NULL)
        return FOLIO_ENOMEM;
    stage cur = {0};
    size_t ns = 0;
#define SNAPSHOT(...)                                                                              \
    do {                                                                                           \
        stages[ns] = cur;                                                                          \
        if ((stages[ns].data = arena_alloc_n(a, u, sizeof(bool))) == NULL)                          \
            return FOLIO_ENOMEM;                                                                   \
        memcpy(stages[ns].data, cur.data, u * sizeof(bool));                                       \
        snprintf(out->steps[ns].label, sizeof out->steps[ns].label, __VA_ARGS__);                  \
        ns++;                                                                                      \
    } while (0)
    if ((cur.data = arena_alloc_n(a, u, sizeof(bool))) == NULL)
        return FOLIO_ENOMEM;
    SNAPSHOT("the baseline's inputs, re-solved");
    const bool topsis = m->rules.scoring == SCORING_TOPSIS;
    if (U.weights_differ && !topsis) {
        cur.weights = true;
        SNAPSHOT("criteria weights");
    }
    cur.weights = true;
    if (U.limits_differ) {
        cur.limits = true;
        SNAPSHOT("capacity limits");
    }
    cur.limits = true;
    if (U.rules_differ) {
        cur.rules = true;
        SNAPSHOT("policy bounds and re-plan rules");
    }
    cur.rules = true;
    if (U.set_differs) {
        size_t added = 0, removed = 0;
        for (size_t x = 0; x < u; x++) {
            added += U.in_new[x] && !U.in_old[x];
            removed += U.in_old[x] && !U.in_new[x];
            cur.data[x] |= U.in_new[x] && !U.in_old[x];
        }
        cur.set = true;
        SNAPSHOT("projects added (%zu) and removed (%zu)", added, removed);
    }
    cur.set = true;
    /* One step per project whose data changed, in rank order; past the cap, the rest in one. */
    size_t done_changed = 0;
    for (size_t q = 0; q < n; q++) {
        size_t i = sc->order[q];
        if (!U.changed[i])
            continue;
        cur.data[i] = true;
        done_changed++;
        if (done_changed < ATTRIB_MAX_PROJECT_STEPS || n_changed == ATTRIB_MAX_PROJECT_STEPS)
            SNAPSHOT("%s's own data", m->projects[i].id);
        else if (done_changed == n_changed)
            SNAPSHOT("the other %zu changed projects' own data", n_changed - (ATTRIB_MAX_PROJECT_STEPS - 1));
    }
    for (size_t x = 0; x < u; x++)
        cur.data[x] = true;
    if (U.norm_differs) {
        cur.norm = true;
        SNAPSHOT(topsis ? "scores (TOPSIS: weights, data and normalisation together)"
                        : "normalisation ranges (moved by the data)");
    }
#undef SNAPSHOT
    out->n_steps = ns;

    /* Every step but the last is solved; the last is today's model, whose optimum the run has. */
    bool *sel = arena_alloc_n(a, ns * n + 1, sizeof *sel);
    size_t *start = arena_alloc_n(a, ns * n + 1, sizeof *start);
    if (sel == NULL || start == NULL)
        return FOLIO_ENOMEM;
    out->exact = final->status == SOLVE_OPTIMAL;
    size_t kept = 0; /* steps kept: one with no plan (its inputs half-moved) merges into the next */
    const double t0 = wallclock_now(), budget = m->rules.attribution_budget;
    for (size_t s = 0; s < ns; s++) {
        /* Out of time: the steps not reached become one with the last (today's, not solved again).
         * The budget is checked between solves, each keeping the run's own limit: a limit cut short
         * can run out while CBC 2.10 preprocesses, where it can crash (coin-or/Cbc issue 353). */
        if (s + 1 < ns && wallclock_now() - t0 >= budget) {
            snprintf(out->steps[ns - 1].label, sizeof out->steps[ns - 1].label,
                     "the other %zu steps together ([replan] attribution_budget of %g s reached)", ns - s, budget);
            s = ns - 1;
        }
        attrib_step *step = &out->steps[s];
        if (s + 1 == ns) {
            step->objective = final->objective;
            step->status = final->status;
        } else {
            model sm;
            double *score;
            plan_rules rules;
            solve_result r;
            if (!stage_model(&U, &stages[s], a, &sm, &score) || plan_rules_collect(&sm, a, &rules) != FOLIO_OK)
                return FOLIO_ENOMEM;
            if ((err = solve_portfolio(&sm, score, &rules, NULL, opt, a, &r)) != FOLIO_OK)
                return err;
            out->solves++;
            step->status = r.status;
            bool have = r.status == SOLVE_OPTIMAL || r.status == SOLVE_FEASIBLE;
            step->objective = have ? r.objective : NAN;
            out->exact &= r.status == SOLVE_OPTIMAL || r.status == SOLVE_INFEASIBLE;
            if (!have) { /* merged into the next step: its label leads the next one's */
                char next[2 * sizeof step->label + 4];
                snprintf(next, sizeof next, "%s + %s", step->label, out->steps[s + 1].label);
                size_t len = strlen(next) < sizeof step->label ? strlen(next) : sizeof step->label - 1;
                memcpy(out->steps[s + 1].label, next, len);
                out->steps[s + 1].label[len] = '\0';
                continue;
            }
            for (size_t i = 0; i < n; i++) {
                sel[kept * n + i] = r.selected[i];
                start[kept * n + i] = r.selected[i] ? r.start[i] : 0;
            }
        }
        if (s + 1 == ns) {
            memcpy(sel + kept * n, final->selected, n * sizeof *sel);
            memcpy(start + kept * n, final->start, n * sizeof *start);
        }
        double prev = kept == 0 ? out->baseline_objective : out->steps[kept - 1].objective;
        step->effect = step->objective - prev;
        out->steps[kept++] = *step;
    }
    ns = out->n_steps = kept;
    /* Each change's cause: the first step from which on its decision is today's. */
    for (size_t i = 0; i < n; i++) {
        bool now = final->selected[i];
        out->cause[i] = SIZE_MAX;
        replan_change c = replan_change_of(m, i, now, now ? final->start[i] : m->projects[i].start_min);
        if (c == REPLAN_KEPT_OUT || c == REPLAN_CONTINUED)
            continue;
        size_t k = ns;
        while (k > 0 && sel[(k - 1) * n + i] == now && (!now || start[(k - 1) * n + i] == final->start[i]))
            k--;
        out->cause[i] = k < ns ? k : ns - 1;
    }
    out->done = true;
    return FOLIO_OK;
}
