/* explain.c - computed reasons for every decision, and conflict sets for impossible plans. */
#include "explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "keyed.h"
#include "text.h"
#include "wallclock.h"

const char *explain_decision_name(explain_decision d)
{
    switch (d) {
    case DECISION_MUST:
        return "must-do";
    case DECISION_SELECTED:
        return "selected";
    case DECISION_EXCLUDED:
        return "excluded";
    case DECISION_NOT_SELECTED:
        return "not selected";
    }
    return "?";
}

/* A growable string in the arena, for sentences assembled from parts. */
typedef struct sbuf {
    char buf[4096]; /* a reason: a window's blockers, one part per link and capacity, still fits */
    size_t len;
} sbuf;

static void sb_add(sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *s, const char *fmt, ...)
{
    if (s->len >= sizeof s->buf - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->buf + s->len, sizeof s->buf - s->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        s->len = s->len + (size_t)n < sizeof s->buf ? s->len + (size_t)n : sizeof s->buf - 1;
}

static const char *amount(double v, char *buf, size_t size)
{
    text_format_amount(v, buf, size);
    return buf;
}

/* The capacity's name, with its period when the model has more than one. */
static void capacity_label(const model *m, size_t c, size_t t, char *buf, size_t size)
{
    if (m->n_periods > 1)
        snprintf(buf, size, "%s in %s", m->rules.capacities[c].name, m->period_labels[t]);
    else
        snprintf(buf, size, "%s", m->rules.capacities[c].name);
}

/* Chooses a readable unit for "score per unit": per 1M of a budget, per 1 FTE. */
static double per_unit(double limit, const char **label)
{
    if (limit >= 1e6) {
        *label = "1M";
        return 1e6;
    }
    if (limit >= 1e4) {
        *label = "1k";
        return 1e3;
    }
    *label = "1";
    return 1.0;
}

char *explain_rule(const model *m, const plan_rule *r, arena *a)
{
    char x[32], cap[160];
    const rules_policy *p = r->kind >= RULE_POLICY_MIN && r->kind <= RULE_POLICY_COUNT_MAX ? &m->rules.policies[r->a] : NULL;
    switch (r->kind) {
    case RULE_CAPACITY:
        capacity_label(m, r->a, r->t, cap, sizeof cap);
        return arena_printf(a, "capacity %s: at most %s of %s", cap, amount(model_limit(m, r->a, r->t), x, sizeof x),
                            m->rules.capacities[r->a].column);
    case RULE_CAPACITY_TOTAL:
        return arena_printf(a, "capacity %s: at most %s of %s over the whole horizon", m->rules.capacities[r->a].name,
                            amount(m->totals[r->a], x, sizeof x), m->rules.capacities[r->a].column);
    case RULE_POLICY_MIN:
        return arena_printf(a, "policy %s: at least %s of %s in category %s", p->name, amount(p->min, x, sizeof x),
                            p->column, p->category);
    case RULE_POLICY_MAX:
        return arena_printf(a, "policy %s: at most %s of %s in category %s", p->name, amount(p->max, x, sizeof x),
                            p->column, p->category);
    case RULE_POLICY_COUNT_MIN:
        return arena_printf(a, "policy %s: at least %g projects in category %s", p->name, p->count_min, p->category);
    case RULE_POLICY_COUNT_MAX:
        return arena_printf(a, "policy %s: at most %g projects in category %s", p->name, p->count_max, p->category);
    case RULE_MUST:
        if (m->rules.keep_in_flight && m->projects[r->a].status == STATUS_IN_PROGRESS)
            return arena_printf(a, "%s must be in (in progress, and [replan] keep_in_flight = yes)", m->projects[r->a].id);
        return arena_printf(a, "%s must be in (must-do)", m->projects[r->a].id);
    case RULE_EXCLUDE:
        return arena_printf(a, "%s is excluded", m->projects[r->a].id);
    case RULE_DEPENDS: {
        if (!plan_is_precedence(m, r->a, r->b))
            return arena_printf(a, "%s depends on %s", m->projects[r->a].id, m->projects[r->b].id);
        char words[160];
        plan_link_words(m, r->a, r->t, words, sizeof words);
        return arena_printf(a, "%s depends on %s (and %s)", m->projects[r->a].id, m->projects[r->b].id, words);
    }
    case RULE_EXCLUDES:
        return arena_printf(a, "%s and %s exclude each other", m->projects[r->a].id, m->projects[r->b].id);
    case RULE_CHANGES:
        return arena_printf(a, "at most %g decisions differ from the baseline ([replan] max_changes)", m->max_changes);
    }
    return arena_strdup(a, "?");
}

/* ----- reasons ----- */

/* What is left of each capacity under a plan: per period, and over the whole horizon. */
typedef struct leftover {
    double *period; /* [n_capacities * n_periods] limit - used (INFINITY where no limit) */
    double *total;  /* [n_capacities] */
} leftover;

/* One thing that keeps project i from a start: a predecessor link the start would break, a capacity
 * short in one period, or a capacity short over the whole horizon, with what it needs and what is
 * left, and how far over it goes against the limit (INFINITY for a link), so that the tightest can
 * come first. */
typedef enum { SHORT_LINK, SHORT_PERIOD, SHORT_TOTAL } short_kind;
typedef struct shortfall {
    short_kind kind;
    size_t index; /* the link (k of depends_on) or the capacity */
    size_t t;     /* the period (SHORT_PERIOD) */
    double need, have, rel;
} shortfall;

/* One thing that blocks starts of a window (window_blockers): a link, or a capacity short in a
 * period or over the horizon, with the starts it blocks summed up. */
typedef struct window_group {
    short_kind kind;
    size_t index;
    size_t count;                              /* starts it blocks */
    double need_lo, need_hi, have_lo, have_hi; /* at those starts, in the tightest period */
    double rel;                                /* the largest shortfall against the limit */
    double s_need, s_have, s_rel;              /* the start being looked at */
    bool s_set;
} window_group;

/* Room for one start's shortfalls and a window's groups, allocated once for every project. */
typedef struct scratch {
    shortfall *found;      /* [links + n_capacities * (n_periods + 1)] */
    window_group *groups;  /* [links + 2 * n_capacities] */
    size_t *order;         /* [links + 2 * n_capacities] */
    bool *at;              /* [(links + 2 * n_capacities) * n_periods]: which starts each group blocks */
} scratch;

/* Whether project i, started in s, needs more of capacity c over the whole horizon than is left;
 * *need gets what it needs there (less the stop cost of work in flight brought back). */
static bool short_over_horizon(const model *m, const leftover *left, size_t i, size_t c, size_t s, double *need)
{
    *need = model_use_in_horizon(m, i, c, s) - model_stop_at(m, i, c, 0);
    return *need > 0 && *need > left->total[c] + 1e-9 * fmax(1.0, fabs(m->totals[c]));
}

/* Every shortfall of project i at start s, in a fixed order (its links, then each capacity's periods
 * and its horizon total), into out; returns how many. */
static size_t start_shortfalls(const model *m, const solve_result *r, const leftover *left, size_t i, size_t s,
                               shortfall *out)
{
    size_t n = 0;
    const model_project *p = &m->projects[i];
    for (size_t k = 0; k < p->n_depends_on; k++) {
        size_t j = p->depends_on[k];
        if (r->selected[j] && plan_is_precedence(m, i, j) && !plan_link_holds(m, i, k, s, r->start[j]))
            out[n++] = (shortfall){SHORT_LINK, k, 0, 0, 0, INFINITY};
    }
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < m->n_periods; t++) {
            /* Work in flight brought back no longer owes its stop cost: it needs that much less. */
            double need = model_use_at(m, i, c, s, t) - model_stop_at(m, i, c, t), have = left->period[c * m->n_periods + t];
            double lim = model_limit(m, c, t);
            if (need > 0 && need > have + 1e-9 * fmax(1.0, fabs(lim)))
                out[n++] = (shortfall){SHORT_PERIOD, c, t, need, have, (need - have) / fmax(lim, 1e-9)};
        }
        double need;
        if (short_over_horizon(m, left, i, c, s, &need))
            out[n++] = (shortfall){SHORT_TOTAL, c, 0, need, left->total[c],
                                   (need - left->total[c]) / fmax(m->totals[c], 1e-9)};
    }
    return n;
}

/* What link k of project i waits for: "must wait for X, which runs until T", or with a typed link
 * what it asks and the earliest start it allows. */
static void link_text(const model *m, const solve_result *r, size_t i, size_t k, char *buf, size_t size)
{
    const model_project *p = &m->projects[i];
    size_t j = p->depends_on[k], end = r->start[j] + m->projects[j].duration;
    if (model_link_plain(model_link_at(p, k))) {
        snprintf(buf, size, "must wait for %s, which runs until %s", m->projects[j].id,
                 end - 1 < m->n_periods ? m->period_labels[end - 1] : "after the horizon");
    } else {
        char words[160];
        plan_link_words(m, i, k, words, sizeof words);
        long earliest = (long)r->start[j] + plan_link_gap(m, i, k);
        snprintf(buf, size, "must wait for %s: it %s, so it starts in %s at the earliest", m->projects[j].id, words,
                 earliest < (long)m->n_periods ? m->period_labels[earliest] : "after the horizon");
    }
}

static void shortfall_text(const model *m, const solve_result *r, size_t i, const shortfall *f, char *buf, size_t size)
{
    char x[32], y[32], cap[160];
    if (f->kind == SHORT_LINK) {
        link_text(m, r, i, f->index, buf, size);
    } else if (f->kind == SHORT_PERIOD) {
        capacity_label(m, f->index, f->t, cap, sizeof cap);
        snprintf(buf, size, "needs %s of %s but only %s is left", amount(f->need, x, sizeof x), cap,
                 amount(fmax(f->have, 0), y, sizeof y));
    } else {
        snprintf(buf, size, "needs %s of %s over the horizon but only %s is left", amount(f->need, x, sizeof x),
                 m->rules.capacities[f->index].name, amount(fmax(f->have, 0), y, sizeof y));
    }
}

enum { BLOCKERS_LISTED = 2 }; /* at one start: the tightest, then "and N more" */

/* Why project i cannot start in period s given what is left: "needs X of C in T but only Y is left"
 * parts (and precedence problems), appended to sb after sep, all of them in the order found when
 * listed is 0, else the listed tightest (ties in the order found) and how many more. Returns how
 * many it found; *tight gets the tightest capacity/period (largest shortfall relative to its limit). */
static size_t start_blockers(const model *m, const solve_result *r, const leftover *left, size_t i, size_t s,
                             shortfall *found, sbuf *sb, const char *sep, size_t *tight, size_t listed)
{
    char text[320];
    size_t n = start_shortfalls(m, r, left, i, s, found), top[BLOCKERS_LISTED], n_top = 0;
    double worst = 0;
    for (size_t k = 0; k < n; k++) {
        const shortfall *f = &found[k];
        if (f->kind == SHORT_PERIOD && (*tight == SIZE_MAX || f->rel > worst)) {
            *tight = f->index * m->n_periods + f->t;
            worst = f->rel;
        }
        if (listed == 0) {
            shortfall_text(m, r, i, f, text, sizeof text);
            sb_add(sb, "%s%s", k ? "; " : sep, text);
            continue;
        }
        /* Keep the listed tightest, sorted by rel. */
        size_t at = n_top < listed ? n_top++ : listed;
        if (at == listed && !(f->rel > found[top[listed - 1]].rel))
            continue;
        if (at == listed)
            at = listed - 1;
        while (at > 0 && f->rel > found[top[at - 1]].rel) {
            top[at] = top[at - 1];
            at--;
        }
        top[at] = k;
    }
    for (size_t k = 0; k < n_top; k++) {
        shortfall_text(m, r, i, &found[top[k]], text, sizeof text);
        sb_add(sb, "%s%s", k ? "; " : sep, text);
    }
    if (n > n_top && listed > 0)
        sb_add(sb, " (and %zu more)", n - n_top);
    return n;
}

/* "378k", or "0.5k to 37.49k" when the two differ as written. */
static void amount_range(sbuf *sb, double lo, double hi)
{
    char x[32], y[32];
    amount(fmax(lo, 0), x, sizeof x);
    amount(fmax(hi, 0), y, sizeof y);
    if (strcmp(x, y) == 0)
        sb_add(sb, "%s", x);
    else
        sb_add(sb, "%s to %s", x, y);
}

/* "at every start", or the starts at[] marks as runs: "at starts 2029-Q3 to 2030-Q1 and 2030-Q3". */
static void say_starts(const model *m, const bool *at, size_t w, size_t first, size_t count, sbuf *sb)
{
    if (count == w) {
        sb_add(sb, "at every start");
        return;
    }
    sb_add(sb, "at start%s ", count > 1 ? "s" : "");
    size_t runs = 0;
    for (size_t a = 0; a < w; a++) {
        if (!at[a] || (a > 0 && at[a - 1]))
            continue;
        size_t b = a;
        while (b + 1 < w && at[b + 1])
            b++;
        size_t more = 0; /* runs after this one */
        for (size_t c = b + 2; c < w; c++)
            more += at[c] && !at[c - 1];
        sb_add(sb, "%s%s", runs++ == 0 ? "" : more == 0 ? " and " : ", ", m->period_labels[first + a]);
        if (b > a)
            sb_add(sb, " to %s", m->period_labels[first + b]);
    }
}

/* Whether the o-th group in order is a capacity blocking the same starts as the capacity before
 * it, and so joins its clause: "at every start it needs more than is left of res1 (...) and of
 * budget (...)". */
static bool joins_the_clause(const scratch *sc, size_t w, size_t o)
{
    const size_t a = sc->order[o], b = sc->order[o - 1];
    return sc->groups[a].kind != SHORT_LINK && sc->groups[b].kind != SHORT_LINK &&
           memcmp(sc->at + a * w, sc->at + b * w, w * sizeof *sc->at) == 0;
}

/* Why the starts first..last of project i do not fit, said once for each thing that blocks any of
 * them rather than once per start: each link it would break, each capacity short in a period, each
 * capacity short over the horizon, with the starts it blocks and, for a capacity, the range of what
 * the tightest period of each of those starts needs and has left. Most starts first, then the
 * tightest. A window of many starts thus reads in a few lines on paper, and names every capacity
 * any start lacks. Returns how many starts are blocked; *capacity says whether a capacity is among
 * the blockers. */
static size_t window_blockers(const model *m, const solve_result *r, const leftover *left, size_t i, size_t first,
                              size_t last, const scratch *sc, sbuf *sb, bool *capacity)
{
    const model_project *p = &m->projects[i];
    const size_t links = p->n_depends_on, nc = m->n_capacities, ng = links + 2 * nc, w = last - first + 1;
    for (size_t g = 0; g < ng; g++) {
        sc->groups[g] = (window_group){.kind = g < links ? SHORT_LINK : g < links + nc ? SHORT_PERIOD : SHORT_TOTAL,
                                       .index = g < links ? g : (g - links) % nc};
        memset(sc->at + g * w, 0, w * sizeof *sc->at);
    }
    size_t blocked = 0;
    for (size_t st = first; st <= last; st++) {
        size_t n = start_shortfalls(m, r, left, i, st, sc->found);
        blocked += n > 0;
        for (size_t k = 0; k < n; k++) { /* the tightest period of each capacity at this start */
            const shortfall *f = &sc->found[k];
            window_group *g = &sc->groups[f->kind == SHORT_LINK     ? f->index
                                          : f->kind == SHORT_PERIOD ? links + f->index
                                                                    : links + nc + f->index];
            if (!g->s_set || f->rel > g->s_rel) {
                g->s_set = true;
                g->s_need = f->need;
                g->s_have = f->have;
                g->s_rel = f->rel;
            }
        }
        for (size_t gi = 0; gi < ng; gi++) {
            window_group *g = &sc->groups[gi];
            if (!g->s_set)
                continue;
            g->s_set = false;
            sc->at[gi * w + (st - first)] = true;
            if (g->count++ == 0) {
                g->need_lo = g->need_hi = g->s_need;
                g->have_lo = g->have_hi = g->s_have;
                g->rel = g->s_rel;
            } else {
                g->need_lo = fmin(g->need_lo, g->s_need);
                g->need_hi = fmax(g->need_hi, g->s_need);
                g->have_lo = fmin(g->have_lo, g->s_have);
                g->have_hi = fmax(g->have_hi, g->s_have);
                g->rel = fmax(g->rel, g->s_rel);
            }
        }
    }
    /* Most starts first, then the tightest, then links before capacities as found. */
    size_t listed = 0;
    for (size_t gi = 0; gi < ng; gi++) {
        const window_group *g = &sc->groups[gi];
        if (g->count == 0)
            continue;
        size_t at = listed++;
        while (at > 0) {
            const window_group *h = &sc->groups[sc->order[at - 1]];
            if (h->count > g->count || (h->count == g->count && !(g->rel > h->rel)))
                break;
            sc->order[at] = sc->order[at - 1];
            at--;
        }
        sc->order[at] = gi;
    }
    *capacity = false;
    char text[320];
    bool tightest_said = false;
    for (size_t o = 0; o < listed; o++) {
        const size_t gi = sc->order[o];
        const window_group *g = &sc->groups[gi];
        if (o > 0 && joins_the_clause(sc, w, o)) {
            sb_add(sb, "%s", o + 1 < listed && joins_the_clause(sc, w, o + 1) ? "," : " and");
        } else {
            sb_add(sb, "%s", o ? "; " : "");
            say_starts(m, sc->at + gi * w, w, first, g->count, sb);
            if (g->kind == SHORT_LINK) {
                link_text(m, r, i, g->index, text, sizeof text);
                sb_add(sb, " it %s", text);
                continue;
            }
            sb_add(sb, " it needs more than is left");
            tightest_said = false;
        }
        *capacity = true;
        const bool total = g->kind == SHORT_TOTAL;
        sb_add(sb, " of %s%s (", m->rules.capacities[g->index].name, total ? " over the horizon" : "");
        amount_range(sb, g->need_lo, g->need_hi);
        sb_add(sb, "%s, where ", total || tightest_said ? "" : " in its tightest period");
        tightest_said |= !total;
        amount_range(sb, g->have_lo, g->have_hi);
        sb_add(sb, " is left)");
    }
    return blocked;
}

/* A capacity that, over the whole horizon, project i needs more of than is left whatever its start
 * in [first, last]: that alone keeps it out. Its index, else SIZE_MAX; *least is the smallest need. */
static size_t short_for_every_start(const model *m, const leftover *left, size_t i, size_t first, size_t last,
                                    double *least)
{
    for (size_t c = 0; c < m->n_capacities; c++) {
        double smallest = INFINITY;
        bool every = true;
        for (size_t st = first; st <= last && every; st++) {
            double need;
            every = short_over_horizon(m, left, i, c, st, &need);
            smallest = fmin(smallest, need);
        }
        if (every) {
            *least = smallest;
            return c;
        }
    }
    return SIZE_MAX;
}

folio_error explain_decisions(const model *m, const double *score, const size_t *rank,
                              const solve_result *r, arena *a, explain_project *out)
{
    const size_t n = m->n_projects, nct = m->n_capacities * m->n_periods;
    const bool have = r->status == SOLVE_OPTIMAL || r->status == SOLVE_FEASIBLE;
    leftover left = {alloc_zeroed_n(nct, sizeof(double)), alloc_zeroed_n(m->n_capacities, sizeof(double))};
    double *policy_used = alloc_zeroed_n(m->n_policies, sizeof *policy_used);
    double *policy_count = alloc_zeroed_n(m->n_policies, sizeof *policy_count);
    size_t links = 0;
    for (size_t i = 0; i < n; i++)
        links = m->projects[i].n_depends_on > links ? m->projects[i].n_depends_on : links;
    const size_t groups = links + 2 * m->n_capacities;
    scratch sc = {alloc_zeroed_n(links + m->n_capacities * (m->n_periods + 1), sizeof *sc.found),
                  alloc_zeroed_n(groups, sizeof *sc.groups), alloc_zeroed_n(groups, sizeof *sc.order),
                  alloc_zeroed_n(groups * m->n_periods, sizeof *sc.at)};
    folio_error err = FOLIO_OK;
    if (left.period == NULL || left.total == NULL || policy_used == NULL || policy_count == NULL ||
        (groups > 0 && (sc.found == NULL || sc.groups == NULL || sc.order == NULL || sc.at == NULL))) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    /* Use counts the stop costs of the work in flight the plan stops (plan_used()). */
    const plan chosen = solve_plan_of(r);
    for (size_t c = 0; c < m->n_capacities; c++) {
        for (size_t t = 0; t < m->n_periods; t++)
            left.period[c * m->n_periods + t] = model_limit(m, c, t) - (have ? plan_used(m, chosen, c, t) : 0);
        left.total[c] = m->totals[c] - (have ? plan_used_total(m, chosen, c) : 0);
    }
    for (size_t k = 0; k < m->n_policies; k++) {
        for (size_t i = 0; have && i < n; i++) {
            if (r->selected[i] && m->in_policy[k * n + i]) {
                policy_used[k] += m->policy_amount[k * n + i];
                policy_count[k] += 1;
            }
        }
    }

    char x[32], y[32], z[32], cap[160];
    for (size_t i = 0; i < n; i++) {
        const model_project *p = &m->projects[i];
        sbuf s = {.len = 0};
        s.buf[0] = '\0';
        if (p->exclude) {
            out[i].decision = DECISION_EXCLUDED;
            sb_add(&s, "excluded by rule: the projects export marks it excluded (line %d)", p->line);
        } else if (!have) {
            out[i].decision = p->must ? DECISION_MUST : DECISION_NOT_SELECTED;
            sb_add(&s, "%sno portfolio satisfies every rule, so none is chosen (see the conflicts)",
                   p->must ? "must-do, but " : "");
        } else if (r->selected[i]) {
            out[i].decision = p->must ? DECISION_MUST : DECISION_SELECTED;
            if (p->must)
                sb_add(&s, "must-do: the projects export forces it in (line %d)", p->line);
            else
                sb_add(&s, "selected: score %.3f, rank %zu", score[i], rank[i]);
            if (m->n_periods > 1) {
                size_t d = r->start[i] - p->start_min;
                if (d == 0)
                    sb_add(&s, "; starts %s, its earliest start", m->period_labels[r->start[i]]);
                else
                    sb_add(&s, "; starts %s, %zu period%s after its earliest start %s (value %.3f after the delay "
                               "penalty)",
                           m->period_labels[r->start[i]], d, d == 1 ? "" : "s", m->period_labels[p->start_min],
                           plan_delayed_value(m, score[i], d));
            }
            size_t needed_by = 0;
            for (size_t j = 0; j < n; j++) {
                if (!r->selected[j])
                    continue;
                for (size_t k = 0; k < m->projects[j].n_depends_on; k++) {
                    if (m->projects[j].depends_on[k] != i)
                        continue;
                    sb_add(&s, "%s%s", needed_by++ == 0 ? "; needed by selected " : ", ", m->projects[j].id);
                }
            }
        } else {
            out[i].decision = DECISION_NOT_SELECTED;
            size_t parts = 0;
#define SEP() sb_add(&s, "%s", parts++ == 0 ? "not selected: " : "; ")
            for (size_t k = 0; k < p->n_depends_on; k++) {
                size_t j = p->depends_on[k];
                if (r->selected[j])
                    continue;
                SEP();
                sb_add(&s, "blocked by a dependency: needs %s, which is %s", m->projects[j].id,
                       m->projects[j].exclude ? "excluded" : "not selected");
            }
            for (size_t j = 0; j < n; j++) {
                if (!r->selected[j])
                    continue;
                bool pair = false;
                for (size_t k = 0; k < p->n_excludes; k++)
                    pair |= p->excludes[k] == j;
                for (size_t k = 0; k < m->projects[j].n_excludes; k++)
                    pair |= m->projects[j].excludes[k] == i;
                if (pair) {
                    SEP();
                    sb_add(&s, "mutually exclusive with selected %s (score %.3f against its %.3f)", m->projects[j].id,
                           score[j], score[i]);
                }
            }
            for (size_t k = 0; k < m->n_policies; k++) {
                const rules_policy *pol = &m->rules.policies[k];
                if (!m->in_policy[k * n + i])
                    continue;
                double add = m->policy_amount[k * n + i];
                if (pol->has_count_max && policy_count[k] + 1 > pol->count_max + 1e-9) {
                    SEP();
                    sb_add(&s, "policy %s allows at most %g %s projects and %g are selected", pol->name, pol->count_max,
                           pol->category, policy_count[k]);
                }
                if (pol->has_max && policy_used[k] + add > pol->max * (1 + 1e-9) + 1e-9) {
                    SEP();
                    sb_add(&s, "policy %s caps %s %s at %s; %s is used and it needs %s", pol->name, pol->category,
                           pol->column, amount(pol->max, x, sizeof x), amount(policy_used[k], y, sizeof y),
                           amount(add, z, sizeof z));
                }
            }
            size_t tight = SIZE_MAX;
            bool capacity_blocks = false; /* a window: some capacity blocks one of its starts */
            /* With a horizon: one total that no start makes room for says it all; else at one start
             * its tightest few shortfalls, and over a window what blocks which of its starts. With
             * one period: every shortfall (a few capacities). */
            double least;
            size_t short_c = m->n_periods > 1 ? short_for_every_start(m, &left, i, p->start_min, p->start_max, &least)
                                              : SIZE_MAX;
            if (short_c != SIZE_MAX) {
                SEP();
                sb_add(&s, "needs %s of %s over the horizon", amount(least, x, sizeof x), m->rules.capacities[short_c].name);
                if (p->start_max > p->start_min)
                    sb_add(&s, ", whatever its start (%s to %s),", m->period_labels[p->start_min],
                           m->period_labels[p->start_max]);
                sb_add(&s, " but only %s is left", amount(fmax(left.total[short_c], 0), y, sizeof y));
                tight = short_c * m->n_periods;
            } else if (p->start_max == p->start_min) {
                parts += start_blockers(m, r, &left, i, p->start_min, sc.found, &s, parts ? "; " : "not selected: ",
                                        &tight, m->n_periods > 1 ? BLOCKERS_LISTED : 0);
            } else {
                /* Every start in its window must be blocked: what blocks which starts. */
                sbuf each = {.len = 0};
                each.buf[0] = '\0';
                size_t blocked = window_blockers(m, r, &left, i, p->start_min, p->start_max, &sc, &each,
                                                 &capacity_blocks);
                if (blocked == p->start_max - p->start_min + 1) {
                    SEP();
                    sb_add(&s, "no start from %s to %s fits: %s", m->period_labels[p->start_min],
                           m->period_labels[p->start_max], each.buf);
                } else if (blocked > 0 && parts == 0) {
                    SEP();
                    sb_add(&s, "only some starts are blocked (%s)", each.buf);
                }
            }
            if (tight != SIZE_MAX && parts > 0 && m->n_periods == 1) {
                size_t c = tight / m->n_periods, t = tight % m->n_periods;
                const char *unit;
                double scale = per_unit(model_limit(m, c, t), &unit);
                double mine = score[i] / (model_use(m, i, c, t) / scale);
                size_t low = SIZE_MAX;
                double low_density = 0;
                for (size_t j = 0; j < n; j++) {
                    double u = model_use(m, j, c, t);
                    if (!r->selected[j] || m->projects[j].must || u <= 0)
                        continue;
                    double d = score[j] / (u / scale);
                    if (low == SIZE_MAX || d < low_density) {
                        low = j;
                        low_density = d;
                    }
                }
                capacity_label(m, c, t, cap, sizeof cap);
                if (low != SIZE_MAX && mine < low_density)
                    sb_add(&s, "; it brings %.3g score per %s of %s, less than any selected project (lowest: %s, %.3g)",
                           mine, unit, cap, m->projects[low].id, low_density);
                else if (r->status == SOLVE_OPTIMAL)
                    sb_add(&s, "; making room in %s would mean dropping selected projects worth more than its score %.3f",
                           cap, score[i]);
            } else if ((tight != SIZE_MAX || capacity_blocks) && parts > 0 && r->status == SOLVE_OPTIMAL) {
                sb_add(&s, "; making room would mean dropping or delaying selected projects worth more than its "
                           "score %.3f",
                       score[i]);
            }
            if (parts == 0) {
                if (score[i] <= 0)
                    sb_add(&s, "not selected: its score is %.3f, so adding it would not raise the total", score[i]);
                else if (r->status == SOLVE_FEASIBLE)
                    sb_add(&s, "not selected: it would fit, but the solver stopped at its time limit before adding it");
                else
                    sb_add(&s, "not selected: adding it alone breaks no rule; the solver left it out "
                               "(please report this as a folio bug)");
            }
#undef SEP
        }
        out[i].reason = arena_strdup(a, s.buf);
        if (out[i].reason == NULL) {
            err = FOLIO_ENOMEM;
            break;
        }
    }
out:
    free(left.period);
    free(left.total);
    free(policy_used);
    free(policy_count);
    free(sc.found);
    free(sc.groups);
    free(sc.order);
    free(sc.at);
    return err;
}

/* ----- conflicts ----- */

static folio_error add_conflict(arena *a, explain_conflicts *out, size_t *cap, char *text)
{
    if (text == NULL)
        return FOLIO_ENOMEM;
    char **items = arena_grow(a, out->items, out->count, cap, sizeof *items);
    if (items == NULL)
        return FOLIO_ENOMEM;
    out->items = items;
    out->items[out->count++] = text;
    return FOLIO_OK;
}

/* Lists projects (largest use first, at most 8) into s as "PRJ-4 (12M), PRJ-9 (3M), ...". */
static void list_projects(sbuf *s, const model *m, keyed *items, size_t count)
{
    char x[32];
    keyed_sort_desc(items, count);
    for (size_t k = 0; k < count && k < 8; k++)
        sb_add(s, "%s%s (%s)", k ? ", " : "", m->projects[items[k].index].id, amount(items[k].key, x, sizeof x));
    if (count > 8)
        sb_add(s, ", and %zu more", count - 8);
}

/* Adds the conflicts visible without a solver: each is on its own enough to make the plan impossible. */
static folio_error direct_conflicts(const model *m, arena *a, explain_conflicts *out, size_t *cap)
{
    const size_t n = m->n_projects;
    folio_error err = FOLIO_OK;
    bool *forced = alloc_zeroed_n(n, sizeof *forced);
    size_t *queue = alloc_n(n, sizeof *queue);
    keyed *items = alloc_n(n, sizeof *items);
    char x[32], y[32], capname[160];
    if (forced == NULL || queue == NULL || items == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    /* Must-do projects and, transitively, everything they depend on. */
    size_t head = 0, tail = 0, n_must = 0;
    for (size_t i = 0; i < n; i++) {
        if (m->projects[i].must) {
            forced[i] = true;
            queue[tail++] = i;
            n_must++;
        }
    }
    while (head < tail) {
        size_t v = queue[head++];
        for (size_t k = 0; k < m->projects[v].n_depends_on; k++) {
            size_t w = m->projects[v].depends_on[k];
            if (!forced[w]) {
                forced[w] = true;
                queue[tail++] = w;
            }
        }
    }
    const char *who = tail > n_must ? "must-do projects and the projects they depend on" : "must-do projects";
    for (size_t c = 0; c < m->n_capacities && err == FOLIO_OK; c++) {
        for (size_t t = 0; t < m->n_periods && err == FOLIO_OK; t++) {
            double need = 0, lim = model_limit(m, c, t);
            size_t count = 0;
            for (size_t i = 0; i < n; i++) {
                /* Only projects whose start is fixed have a known demand per period. */
                double u = m->projects[i].start_min == m->projects[i].start_max ? model_use(m, i, c, t) : 0;
                if (forced[i] && u > 0) {
                    need += u;
                    items[count++] = (keyed){u, i};
                }
            }
            if (need <= lim * (1 + 1e-9) + 1e-9)
                continue;
            sbuf s = {.len = 0};
            capacity_label(m, c, t, capname, sizeof capname);
            sb_add(&s, "%s need %s of %s, whose limit is %s: ", who, amount(need, x, sizeof x), capname,
                   amount(lim, y, sizeof y));
            list_projects(&s, m, items, count);
            err = add_conflict(a, out, cap, arena_strdup(a, s.buf));
        }
    }
    for (size_t i = 0; i < n && err == FOLIO_OK; i++) {
        for (size_t k = 0; k < m->projects[i].n_excludes && err == FOLIO_OK; k++) {
            size_t j = m->projects[i].excludes[k];
            if (forced[i] && forced[j])
                err = add_conflict(a, out, cap,
                                   arena_printf(a, "%s and %s exclude each other, but both are required (must-do or "
                                                   "needed by a must-do project)",
                                                m->projects[i].id, m->projects[j].id));
        }
    }
    for (size_t k = 0; k < m->n_policies && err == FOLIO_OK; k++) {
        const rules_policy *pol = &m->rules.policies[k];
        double forced_amount = 0, forced_count = 0, avail_amount = 0, avail_count = 0;
        size_t count = 0;
        for (size_t i = 0; i < n; i++) {
            if (!m->in_policy[k * n + i])
                continue;
            double v = m->policy_amount[k * n + i];
            if (forced[i]) {
                forced_amount += v;
                forced_count += 1;
                items[count++] = (keyed){v, i};
            }
            if (!m->projects[i].exclude) {
                avail_amount += v;
                avail_count += 1;
            }
        }
        sbuf s = {.len = 0};
        if (pol->has_max && forced_amount > pol->max * (1 + 1e-9) + 1e-9) {
            sb_add(&s, "policy %s caps %s %s at %s, but required projects in it already need %s: ", pol->name,
                   pol->category, pol->column, amount(pol->max, x, sizeof x), amount(forced_amount, y, sizeof y));
            list_projects(&s, m, items, count);
        } else if (pol->has_count_max && forced_count > pol->count_max) {
            sb_add(&s, "policy %s allows at most %g %s projects, but %g are required: ", pol->name, pol->count_max,
                   pol->category, forced_count);
            list_projects(&s, m, items, count);
        } else if (pol->has_min && avail_amount < pol->min * (1 - 1e-9) - 1e-9) {
            sb_add(&s, "policy %s needs at least %s of %s in %s, but all its projects that are not excluded total %s",
                   pol->name, amount(pol->min, x, sizeof x), pol->column, pol->category,
                   amount(avail_amount, y, sizeof y));
        } else if (pol->has_count_min && avail_count < pol->count_min) {
            sb_add(&s, "policy %s needs at least %g %s projects, but only %g are not excluded", pol->name,
                   pol->count_min, pol->category, avail_count);
        }
        if (s.len > 0)
            err = add_conflict(a, out, cap, arena_strdup(a, s.buf));
    }
out:
    free(forced);
    free(queue);
    free(items);
    return err;
}

folio_error explain_infeasible(const model *m, const plan_rules *rules, const solve_options *opt,
                               double time_budget, arena *a, explain_conflicts *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    folio_error err = direct_conflicts(m, a, out, &cap);
    if (err != FOLIO_OK || out->count > 0) {
        out->minimal = out->count == 1;
        return err;
    }
    /* Deletion filter: drop each rule in turn; if the rest is still infeasible, it was not needed. */
    const size_t nr = rules->count, n = m->n_projects;
    bool *on = alloc_n(nr, sizeof *on);
    double *zero = alloc_zeroed_n(n, sizeof *zero); /* feasibility only: any portfolio will do */
    if (on == NULL || zero == NULL) {
        free(on);
        free(zero);
        return FOLIO_ENOMEM;
    }
    for (size_t k = 0; k < nr; k++)
        on[k] = true;
    solve_options fopt = *opt;
    double start = wallclock_now();
    out->minimal = true;
    for (size_t k = 0; k < nr; k++) {
        double left = time_budget - (wallclock_now() - start);
        if (left <= 0) {
            out->minimal = false;
            break;
        }
        fopt.time_limit = fmin(opt->time_limit, left);
        on[k] = false;
        arena scratch = {0};
        solve_result r;
        err = solve_portfolio(m, zero, rules, on, &fopt, &scratch, &r);
        arena_clear(&scratch);
        out->solves++;
        if (err != FOLIO_OK)
            break;
        if (r.status == SOLVE_NO_SOLUTION) {
            out->minimal = false; /* undecided: keep the rule, but do not claim minimality */
            on[k] = true;
        } else if (r.status != SOLVE_INFEASIBLE) {
            on[k] = true; /* needed: without it a portfolio exists */
        }
    }
    for (size_t k = 0; k < nr && err == FOLIO_OK; k++) {
        if (!on[k])
            continue;
        err = add_conflict(a, out, &cap, explain_rule(m, &rules->items[k], a));
    }
    free(on);
    free(zero);
    return err;
}
