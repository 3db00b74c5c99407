/* model.c - turning the exports and the rules into a validated portfolio model. */
#include "model.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "model_int.h"
#include "period.h"
#include "baseline.h"
#include "xlsx.h"


/* Depth-first search for a dependency cycle; reports each cycle once, naming its members. */
/* The decimal mark for the numbers of t: [input] decimal, else ',' in a ';' file and '.' otherwise. */
static void read_numbers_of(loader *ld, const table *t)
{
    int rule = ld->m->rules.decimal_comma;
    ld->style.decimal_comma = rule >= 0 ? rule == 1 : t->delimiter == ';';
    ld->decimal_guessed = rule < 0;
}

static void check_cycles(loader *ld, const char *path)
{
    model *m = ld->m;
    size_t n = m->n_projects;
    unsigned char *state = calloc(n, 1); /* 0 new, 1 on the stack, 2 done */
    size_t *stack = malloc(n * sizeof *stack);
    size_t *next_dep = calloc(n, sizeof *next_dep);
    if (n > 0 && (state == NULL || stack == NULL || next_dep == NULL)) {
        ld->oom = true;
        goto out;
    }
    for (size_t root = 0; root < n; root++) {
        if (state[root] != 0)
            continue;
        size_t top = 0;
        stack[top++] = root;
        state[root] = 1;
        while (top > 0) {
            size_t v = stack[top - 1];
            model_project *p = &m->projects[v];
            if (next_dep[v] < p->n_depends_on) {
                size_t w = p->depends_on[next_dep[v]++];
                if (state[w] == 0) {
                    state[w] = 1;
                    stack[top++] = w;
                } else if (state[w] == 1) {
                    /* The cycle is the stack from w up to v, then back to w. */
                    size_t from = top - 1;
                    while (stack[from] != w)
                        from--;
                    char names[1024] = "";
                    for (size_t k = from; k < top; k++) {
                        strncat(names, m->projects[stack[k]].id, sizeof names - strlen(names) - 1);
                        strncat(names, " -> ", sizeof names - strlen(names) - 1);
                    }
                    strncat(names, m->projects[w].id, sizeof names - strlen(names) - 1);
                    LOAD_ERROR(ld, path, m->projects[w].line, "depends_on", "dependency cycle: %s", names);
                }
            } else {
                state[v] = 2;
                top--;
            }
        }
    }
out:
    free(state);
    free(stack);
    free(next_dep);
}

/* A must-do project cannot need (directly or through other projects) an excluded one. */
static void check_must_dependencies(loader *ld, const char *path)
{
    model *m = ld->m;
    size_t n = m->n_projects;
    size_t *parent = malloc(n * sizeof *parent);
    size_t *queue = malloc(n * sizeof *queue);
    if (n > 0 && (parent == NULL || queue == NULL)) {
        ld->oom = true;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!m->projects[i].must || m->projects[i].exclude)
            continue;
        for (size_t k = 0; k < n; k++)
            parent[k] = SIZE_MAX;
        size_t head = 0, tail = 0;
        queue[tail++] = i;
        parent[i] = i;
        while (head < tail) {
            size_t v = queue[head++];
            if (m->projects[v].exclude) {
                char chain[1024] = "";
                for (size_t u = v; u != i; u = parent[u]) {
                    char part[256];
                    snprintf(part, sizeof part, " <- %s", m->projects[u].id);
                    memmove(chain + strlen(part), chain, strlen(chain) + 1);
                    memcpy(chain, part, strlen(part));
                }
                LOAD_ERROR(ld, path, m->projects[i].line, "must",
                           "project %s must be in but depends on excluded project %s (%s%s)", m->projects[i].id,
                           m->projects[v].id, m->projects[i].id, chain);
                break;
            }
            for (size_t k = 0; k < m->projects[v].n_depends_on; k++) {
                size_t w = m->projects[v].depends_on[k];
                if (parent[w] == SIZE_MAX) {
                    parent[w] = v;
                    queue[tail++] = w;
                }
            }
        }
    }
out:
    free(parent);
    free(queue);
}

/* Appends id to a message's list in buf (", " between), as its k-th item (from 0), while k < cap;
 * the message adds ", ..." when more were left out. */
static void list_id(char *buf, size_t size, size_t k, size_t cap, const char *id)
{
    size_t at = strlen(buf);
    if (k < cap)
        snprintf(buf + at, size - at, "%s%s", k ? ", " : "", id);
}

/* A benefits or demand line naming no project: an error, which says so when the id is a summary row's
 * (a programme's line has to be split among its projects, which only its owner can do). */
static void unknown_project(loader *ld, const table *t, int line, column_ref c_id, const char *id, const char *what)
{
    model *m = ld->m;
    long s = find_project(ld->summary_ids, ld->n_summaries, id);
    if (s < 0) {
        LOAD_ERROR(ld, t->path, line, c_id.header, "unknown project id \"%s\" (not in %s)", id, m->projects_path);
        return;
    }
    size_t n = summary_leaves(ld, (size_t)s, ld->leaves);
    char ids[160] = "";
    for (size_t q = 0; q < n && q < 3; q++)
        list_id(ids, sizeof ids, q, 3, m->projects[ld->leaves[q]].id);
    LOAD_ERROR(ld, t->path, line, c_id.header,
               "\"%s\" is a summary row of %s (line %d), not a project; give its %s to the %zu project%s under it "
               "(%s%s), or read summary rows as projects with [input] summary_rows = keep",
               id, m->projects_path, ld->summaries[s].row.line, what, n, n == 1 ? "" : "s", ids, n > 3 ? ", ..." : "");
}

static void load_benefits(loader *ld, const table *t, const id_index *index)
{
    model *m = ld->m;
    column_ref c_id = find_column(ld, t, "project_id", true);
    column_ref c_amount = find_column(ld, t, "amount", true);
    column_ref c_kind = find_column(ld, t, "benefit", false);
    column_ref c_period = find_column(ld, t, "period", false);
    column_ref c_low = find_column(ld, t, "low", false);
    column_ref c_high = find_column(ld, t, "high", false);
    if (c_id.index < 0 || c_amount.index < 0)
        return;
    m->benefits = arena_alloc(ld->a, t->n_rows * sizeof *m->benefits);
    if (t->n_rows > 0 && m->benefits == NULL) {
        ld->oom = true;
        return;
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        int line = t->rows[r].line;
        const char *id = field_at(t, r, c_id);
        long p = find_project(index, m->n_projects, id);
        if (id[0] == '\0') {
            LOAD_ERROR(ld, t->path, line, c_id.header, "empty project id");
            continue;
        }
        if (p < 0 && find_project(ld->gone, ld->n_gone, id) >= 0)
            continue; /* completed or cancelled: left out with its benefits */
        if (p < 0) {
            unknown_project(ld, t, line, c_id, id, "benefits");
            continue;
        }
        model_benefit b = {.project = (size_t)p, .line = line, .low = NAN, .high = NAN};
        bool empty;
        if (!parse_number_field(ld, t, r, c_amount, true, &b.amount, &empty)) {
            if (empty)
                LOAD_ERROR(ld, t->path, line, c_amount.header, "empty amount");
            continue;
        }
        if (c_low.index >= 0 && !parse_number_field(ld, t, r, c_low, true, &b.low, &empty) && !empty)
            continue;
        if (c_high.index >= 0 && !parse_number_field(ld, t, r, c_high, true, &b.high, &empty) && !empty)
            continue;
        if ((!isnan(b.low) && b.low > b.amount) || (!isnan(b.high) && b.high < b.amount)) {
            char lo[32] = "-", hi[32] = "-", am[32];
            if (!isnan(b.low))
                text_format_amount(b.low, lo, sizeof lo);
            if (!isnan(b.high))
                text_format_amount(b.high, hi, sizeof hi);
            text_format_amount(b.amount, am, sizeof am);
            diags_warn(ld->d, t->path, line, c_amount.header, "amount %s lies outside its low..high range %s..%s", am, lo,
                       hi);
        }
        b.kind = arena_strdup(ld->a, field_at(t, r, c_kind));
        b.period = arena_strdup(ld->a, field_at(t, r, c_period));
        if (m->rules.has_horizon && b.period != NULL) {
            if (b.period[0] == '\0') {
                cell_error(ld, t, r, c_period, "empty period; with a horizon every benefit line needs one");
                continue;
            }
            if (!model_read_period_cell(ld, t, r, c_period, &b.offset))
                continue;
        }
        if (b.kind == NULL || b.period == NULL) {
            ld->oom = true;
            return;
        }
        m->benefits[m->n_benefits++] = b;
        m->projects[p].benefits_total += b.amount;
        m->projects[p].n_benefits++;
    }
}

/* Reads one criterion's raw values, applying its missing-value policy and range check. */
static void load_criterion(loader *ld, const table *t, size_t k)
{
    model *m = ld->m;
    const rules_criterion *cr = &m->rules.criteria[k];
    if (cr->source != NULL && m->benefits_path == NULL) {
        diags_key_error(ld->d, m->rules.path, cr->source_line, "source",
                        "[criterion %s] reads the benefits register (source = %s), but no --benefits FILE was given",
                        cr->name, cr->source);
        ld->failed = true;
    } else if (cr->source != NULL) { /* computed from the benefits register */
        bool npv = strcmp(cr->source, "benefits.npv") == 0;
        for (size_t i = 0; i < m->n_projects; i++)
            m->projects[i].raw[k] = npv ? model_npv(m, i, 0) : m->projects[i].benefits_total;
    } else {
        char rule[256];
        snprintf(rule, sizeof rule, "[criterion %s]", cr->name);
        column_ref ref = rule_column(ld, t, cr->column, rule, cr->source_line);
        if (ref.index < 0)
            return;
        size_t n_missing = 0;
        /* Project i was read from table row i (load_projects keeps them aligned). */
        for (size_t i = 0; i < m->n_projects; i++) {
            model_project *p = &m->projects[i];
            bool empty;
            double v;
            if (parse_number_field(ld, t, i, ref, true, &v, &empty)) {
                p->raw[k] = v;
                if (cr->normalise == NORMALISE_RANGE && (v < cr->range_lo || v > cr->range_hi)) {
                    char lo[32], hi[32];
                    text_format_amount(cr->range_lo, lo, sizeof lo);
                    text_format_amount(cr->range_hi, hi, sizeof hi);
                    LOAD_ERROR(ld, t->path, t->rows[i].line, ref.header,
                               "\"%s\" is outside the range %s..%s that [criterion %s] declares",
                               field_at(t, i, ref), lo, hi, cr->name);
                }
            } else if (empty) {
                if (cr->missing == MISSING_ERROR)
                    LOAD_ERROR(ld, t->path, t->rows[i].line, ref.header,
                               "empty value for criterion %s (set 'missing = worst' or 'missing = zero' in its "
                               "rules section to fill gaps)",
                               cr->name);
                p->raw_filled[k] = true;
                n_missing++;
            }
        }
        if (n_missing > 0 && cr->missing != MISSING_ERROR) {
            double worst = NAN;
            for (size_t i = 0; i < m->n_projects; i++) {
                if (m->projects[i].raw_filled[k])
                    continue;
                double v = m->projects[i].raw[k];
                if (isnan(worst) || (cr->minimise ? v > worst : v < worst))
                    worst = v;
            }
            double fill = cr->missing == MISSING_ZERO ? 0.0 : worst;
            if (isnan(fill)) {
                LOAD_ERROR(ld, t->path, 1, ref.header, "every value of criterion %s is empty", cr->name);
                return;
            }
            for (size_t i = 0; i < m->n_projects; i++) {
                if (!m->projects[i].raw_filled[k])
                    continue;
                m->projects[i].raw[k] = fill;
                diags_warn(ld->d, t->path, t->rows[i].line, ref.header,
                           "empty value of criterion %s filled with %s (%g), as 'missing = %s' says", cr->name,
                           cr->missing == MISSING_ZERO ? "zero" : "the worst value", fill,
                           cr->missing == MISSING_ZERO ? "zero" : "worst");
            }
        }
    }
}

/* The column of t that holds the cost ([columns] cost, else cost), or -1. */
static int cost_column(const model *m, const table *t)
{
    const char *mapped = rules_mapped_header(&m->rules, "cost");
    return table_find_column(t, mapped != NULL ? mapped : "cost");
}

static void load_capacities(loader *ld, const table *t)
{
    model *m = ld->m;
    int cost_index = cost_column(m, t);
    m->on_cost = arena_alloc_n(ld->a, m->n_capacities + 1, sizeof *m->on_cost);
    if (m->on_cost == NULL) {
        ld->oom = true;
        return;
    }
    for (size_t c = 0; c < m->n_capacities; c++) {
        const rules_capacity *cap = &m->rules.capacities[c];
        /* Without a horizon, 'limit' is the one period's limit. With one, 'limit' (or 'total')
         * bounds the whole horizon, 'per_period' each period, 'period.X' one period. */
        for (size_t tp = 0; tp < m->n_periods; tp++)
            m->limits[c * m->n_periods + tp] = !m->rules.has_horizon ? cap->limit
                                               : !isnan(cap->per_period) ? cap->per_period
                                                                         : INFINITY;
        for (size_t k = 0; k < cap->n_overrides; k++)
            m->limits[c * m->n_periods + (size_t)cap->overrides[k].offset] = cap->overrides[k].limit;
        m->totals[c] = m->rules.has_horizon && !isnan(cap->limit) ? cap->limit : INFINITY;
        char rule[256];
        snprintf(rule, sizeof rule, "[capacity %s]", cap->name);
        column_ref ref = rule_column(ld, t, cap->column, rule, cap->line);
        if (ref.index < 0)
            continue;
        m->on_cost[c] = cost_index >= 0 && ref.index == cost_index;
        for (size_t i = 0; i < m->n_projects; i++) {
            double v = 0;
            bool empty;
            if (!parse_number_field(ld, t, i, ref, false, &v, &empty)) {
                /* An empty cell is no use only when the rules say so: otherwise a project whose
                 * estimate is missing would look free and be chosen. */
                if (empty && cap->missing != MISSING_ZERO)
                    cell_error(ld, t, i, ref,
                               "empty, and [capacity %s] reads it: give the project's use, or set 'missing = zero' in "
                               "[capacity %s] if an empty cell means none",
                               cap->name, cap->name);
                v = 0;
            }
            /* The column holds the project's total; it is spread evenly over its duration. For work
             * in flight, money is what it still needs (spread over what is left of its run), any
             * other column the whole run's total, of which the periods before the horizon are past. */
            model_project *p = &m->projects[i];
            double per = v / (double)p->duration;
            if (model_status_in_flight(p->status))
                per = m->on_cost[c] ? p->cost / (double)p->duration : v / (double)(p->duration + p->elapsed);
            for (size_t k = 0; k < p->duration; k++)
                p->profile[c * p->duration + k] = per;
        }
    }
}

/* Reads demand profiles: per project, resource and period, replacing the even spread of that
 * project's column total for that capacity. Periods are as if the project starts at its start. */
static void load_demand(loader *ld, const table *t, const id_index *index)
{
    model *m = ld->m;
    column_ref c_id = find_column(ld, t, "project_id", true);
    column_ref c_res = find_column(ld, t, "resource", true);
    column_ref c_period = find_column(ld, t, "period", true);
    column_ref c_amount = find_column(ld, t, "amount", true);
    if (c_id.index < 0 || c_res.index < 0 || c_period.index < 0 || c_amount.index < 0)
        return;
    if (!m->rules.has_horizon) {
        LOAD_ERROR(ld, t->path, 1, NULL, "a demand export needs a planning horizon ([portfolio] periods = FIRST..LAST)");
        return;
    }
    bool *reset = alloc_zeroed_n(m->n_projects * m->n_capacities, sizeof *reset);
    if (reset == NULL) {
        ld->oom = true;
        return;
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        int line = t->rows[r].line;
        const char *id = field_at(t, r, c_id), *res = field_at(t, r, c_res), *per = field_at(t, r, c_period);
        long i = find_project(index, m->n_projects, id);
        if (i < 0 && find_project(ld->gone, ld->n_gone, id) >= 0)
            continue; /* completed or cancelled: left out with its demand */
        if (i < 0) {
            unknown_project(ld, t, line, c_id, id, "demand");
            continue;
        }
        size_t c = SIZE_MAX;
        for (size_t k = 0; k < m->n_capacities && c == SIZE_MAX; k++) {
            const rules_capacity *cap = &m->rules.capacities[k];
            const char *mapped = rules_mapped_header(&m->rules, cap->column);
            char a[256], b[256], x[256];
            text_normalise_name(res, a, sizeof a);
            text_normalise_name(mapped ? mapped : cap->column, b, sizeof b);
            text_normalise_name(cap->name, x, sizeof x);
            if (strcmp(a, b) == 0 || strcmp(a, x) == 0)
                c = k;
        }
        if (c == SIZE_MAX) {
            LOAD_ERROR(ld, t->path, line, c_res.header, "\"%s\" is neither a capacity nor the column of one", res);
            continue;
        }
        model_project *p = &m->projects[i];
        long off;
        if (!model_read_period_cell(ld, t, r, c_period, &off))
            continue;
        long k = off - (long)p->start_min;
        if (k < 0 || k >= (long)p->duration) {
            char a[32], b[32];
            period_label(&m->rules.horizon, (long)p->start_min, a, sizeof a);
            period_label(&m->rules.horizon, (long)(p->start_min + p->duration - 1), b, sizeof b);
            LOAD_ERROR(ld, t->path, line, c_period.header, "\"%s\" is outside project %s's run %s..%s", per, p->id, a, b);
            continue;
        }
        double v;
        bool empty;
        if (!parse_number_field(ld, t, r, c_amount, false, &v, &empty)) {
            if (empty)
                LOAD_ERROR(ld, t->path, line, c_amount.header, "empty amount");
            continue;
        }
        if (!reset[(size_t)i * m->n_capacities + c]) {
            reset[(size_t)i * m->n_capacities + c] = true;
            for (size_t q = 0; q < p->duration; q++)
                p->profile[c * p->duration + q] = 0;
        }
        p->profile[c * p->duration + (size_t)k] += v;
    }
    free(reset);
}

/* [replan] stop_cost and stop_value_lost for work in flight: a column (0 or more; an empty cell is
 * an error: a stop that looks free would be chosen) or a share of the cost as exported or of the score. A stop
 * cost is charged to every capacity on the cost column; there must be one. */
static void load_stops(loader *ld, const table *t)
{
    model *m = ld->m;
    const rules_stop *rs[2] = {&m->rules.stop_cost, &m->rules.stop_value};
    const char *names[2] = {"stop_cost", "stop_value_lost"};
    m->stop_value_share = m->rules.stop_value.column == NULL ? m->rules.stop_value.share : 0;
    m->stop_sum = arena_alloc_n(ld->a, m->n_capacities, sizeof *m->stop_sum);
    if (m->stop_sum == NULL) {
        ld->oom = true;
        return;
    }
    for (int k = 0; k < 2; k++) {
        column_ref ref = {-1, NULL, NULL};
        char rule[64];
        snprintf(rule, sizeof rule, "[replan] %s", names[k]);
        if (rs[k]->column != NULL && (ref = rule_column(ld, t, rs[k]->column, rule, rs[k]->line)).index < 0)
            continue;
        for (size_t i = 0; i < m->n_projects; i++) {
            model_project *p = &m->projects[i];
            if (!model_status_in_flight(p->status))
                continue;
            double v = rs[k]->share * (k == 0 ? p->cost_full : 0);
            bool empty;
            if (ref.index >= 0 && !parse_number_field(ld, t, i, ref, false, &v, &empty)) {
                if (empty)
                    cell_error(ld, t, i, ref, "empty, and %s reads it for work in flight: give 0 if stopping costs nothing",
                               rule);
                continue;
            }
            if (k == 0)
                p->stop_cost = v;
            else
                p->stop_value = v;
        }
    }
    if (m->rules.stop_cost.line == 0)
        return;
    bool charged = false;
    for (size_t c = 0; c < m->n_capacities; c++) {
        charged |= m->on_cost[c];
        for (size_t i = 0; m->on_cost[c] && i < m->n_projects; i++)
            m->stop_sum[c] += m->projects[i].stop_cost;
    }
    if (!charged)
        LOAD_ERROR(ld, m->rules.path, m->rules.stop_cost.line, NULL,
                   "[replan] stop_cost is charged to the budget, and no [capacity] reads the cost column");
    for (size_t i = 0; i < m->n_projects; i++)
        m->has_stop_costs |= charged && m->projects[i].stop_cost > 0;
}

static void load_policies(loader *ld, const table *t)
{
    model *m = ld->m;
    int cost_index = cost_column(m, t);
    for (size_t k = 0; k < m->n_policies; k++) {
        const rules_policy *pol = &m->rules.policies[k];
        size_t members = 0;
        column_ref ref = {-1, NULL, NULL};
        if (pol->column != NULL) {
            char rule[256];
            snprintf(rule, sizeof rule, "[policy %s]", pol->name);
            ref = rule_column(ld, t, pol->column, rule, pol->line);
            if (ref.index < 0)
                continue;
        }
        for (size_t i = 0; i < m->n_projects; i++) {
            bool in = pol->category && strcasecmp(m->projects[i].category, pol->category) == 0;
            m->in_policy[k * m->n_projects + i] = in;
            members += in;
            double v = 0;
            bool empty;
            if (ref.index >= 0 && !parse_number_field(ld, t, i, ref, false, &v, &empty))
                v = 0;
            if (ref.index >= 0 && ref.index == cost_index && model_status_in_flight(m->projects[i].status))
                v = m->projects[i].cost; /* work in flight: the money it still needs */
            m->policy_amount[k * m->n_projects + i] = v;
        }
        if (members == 0 && pol->category != NULL)
            diags_warn(ld->d, m->rules.path, pol->line, NULL,
                       "[policy %s] names category \"%s\", which no project has", pol->name, pol->category);
    }
}

/* The currency a cost carries ($, EUR): the first one found is the model's (the workbook shows money
 * in it); a cost in another currency is warned about once, since folio adds costs as they are. */
static void note_currency(loader *ld, const table *t, size_t row, column_ref ref, int *first_line)
{
    char mark[sizeof ld->m->currency];
    if (!text_currency_mark(field_at(t, row, ref), mark, sizeof mark))
        return;
    if (*first_line == 0) {
        snprintf(ld->m->currency, sizeof ld->m->currency, "%s", mark);
        *first_line = t->rows[row].line;
    } else if (*first_line > 0 && strcmp(mark, ld->m->currency) != 0) {
        diags_warn(ld->d, t->path, t->rows[row].line, ref.header,
                   "this cost is in %s, the cost at line %d in %s; folio adds costs as they are, without converting",
                   mark, *first_line, ld->m->currency);
        *first_line = -1; /* warned once */
    }
}

static const char *const status_names[MODEL_STATUS_COUNT] = {"proposed", "in_progress", "on_hold", "completed",
                                                              "cancelled"};

static const char link_names[][3] = {"FS", "SS", "FF", "SF"};

void model_link_text(model_link link, char *buf, size_t size)
{
    if (link.lag != 0)
        snprintf(buf, size, "%s%+d", link_names[link.type], link.lag);
    else
        snprintf(buf, size, "%s", link_names[link.type]);
}

bool model_link_parse(const char *s, model_link *out)
{
    for (size_t k = 0; k < sizeof link_names / sizeof link_names[0]; k++) {
        if (strncmp(s, link_names[k], 2) != 0)
            continue;
        char *end;
        long lag = s[2] == '\0' ? 0 : strtol(s + 2, &end, 10);
        if (s[2] != '\0' && ((s[2] != '+' && s[2] != '-') || *end != '\0' || lag < -1000 || lag > 1000))
            return false;
        *out = (model_link){(model_link_type)k, (int)lag};
        return true;
    }
    return false;
}

bool model_links_typed(const model_project *p)
{
    for (size_t k = 0; k < p->n_depends_on; k++)
        if (!model_link_plain(model_link_at(p, k)))
            return true;
    return false;
}

const char *model_status_name(model_status s)
{
    return (unsigned)s < MODEL_STATUS_COUNT ? status_names[s] : "?";
}

/* The words PPM tools use for each status (folio's own name is always one). */
static const char *const status_words[MODEL_STATUS_COUNT] = {
    /* ServiceNow's project states (Pending, Open, Work in Progress, Closed Complete, Closed
     * Incomplete, Closed Skipped) as its documentation lists them; a project closed incomplete or
     * skipped ended without being done, so it is left out as cancelled work is. */
    "Proposed, Proposal, Idea, New, Not Started, Draft, Submitted, Requested, Candidate, Pipeline, Backlog, "
    "Open, To Do, Planned, Approved, Pending",
    "In Progress, Active, In Flight, Execution, Executing, Started, Ongoing, Underway, Running, "
    "Work in Progress, WIP",
    "On Hold, Paused, Suspended, Deferred, Hold, Parked",
    "Completed, Complete, Closed, Done, Finished, Delivered, Implemented, Closed Complete",
    "Cancelled, Canceled, Rejected, Withdrawn, Terminated, Abandoned, Killed, Stopped, Closed Incomplete, "
    "Closed Skipped",
};

/* The status a word names (the rules' own words first), or -1. */
static int status_of(const rules *r, const char *word)
{
    for (int k = 0; k < MODEL_STATUS_COUNT; k++)
        if (text_name_in_list(word, r->status_words[k]))
            return k;
    for (int k = 0; k < MODEL_STATUS_COUNT; k++)
        if (text_names_equal(word, status_names[k]) || text_name_in_list(word, status_words[k]))
            return k;
    return -1;
}

/* A row's name for a message: its name, or its id where it has none. */
static const char *row_label(const table_row *row, int c_id, int c_name)
{
    if (c_name >= 0 && row->fields[c_name][0] != '\0')
        return row->fields[c_name];
    return c_id >= 0 ? row->fields[c_id] : "";
}

/* A summary row's must-do, exclude and excludes cells are not passed to the projects under it (a
 * programme marked must-do may or may not mean each of its projects): one warning per field that any
 * summary row sets, so that nothing it says is dropped unsaid. */
static void note_summary_flags(loader *ld, const table *t, int c_id, int c_name)
{
    static const char *const fields[] = {"must", "exclude", "excludes"};
    static const char *const says[] = {"is marked must-do", "is marked excluded", "excludes"};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        column_ref c = find_column(ld, t, fields[f], false);
        size_t count = 0;
        const table_row *first = NULL;
        for (size_t s = 0; c.index >= 0 && s < ld->n_summaries; s++) {
            const char *v = ld->summaries[s].row.fields[c.index];
            bool on = false;
            bool set = f == 2 ? v[0] != '\0' : text_parse_bool_words(v, &ld->words, &on) && on;
            if (set && count++ == 0)
                first = &ld->summaries[s].row;
        }
        if (count == 0)
            continue;
        const char *label = row_label(first, c_id, c_name), *v = first->fields[c.index];
        char more[48] = "";
        if (count > 1)
            snprintf(more, sizeof more, " (and %zu more summary row%s)", count - 1, count == 2 ? "" : "s");
        diags_warn(ld->d, t->path, first->line, c.header,
                   "summary row '%.*s'%s %s (\"%.*s\"); a summary row is not a project, and folio does not pass "
                   "this to the projects under it: mark each project it applies to",
                   text_utf8_prefix(label, 40), label, more, says[f], text_utf8_prefix(v, 40), v);
    }
}

/* Smartsheet exports its hierarchy to .xlsx as outline levels: a row with deeper rows right under
 * it is a summary row (a programme, a phase) that rolls its rows up. Unless [input] summary_rows =
 * keep, such rows are taken out of t before the rest of the loader reads it, and said in one
 * warning; links naming them stand for the projects under them (parse_id_list), which also take
 * on their predecessors (inherit_summary_links). */
static void take_out_summaries(loader *ld, table *t)
{
    const size_t n = t->n_rows;
    size_t count = 0;
    for (size_t r = 0; r + 1 < n; r++)
        count += t->rows[r + 1].outline > t->rows[r].outline;
    if (count == 0 || ld->m->rules.keep_summary_rows)
        return;
    ld->summaries = arena_alloc_n(ld->a, count, sizeof *ld->summaries);
    ld->summary_ids = malloc(count * sizeof *ld->summary_ids);
    ld->outline = arena_alloc_n(ld->a, n, 1);
    ld->leaves = arena_alloc_n(ld->a, n, sizeof *ld->leaves);
    ld->row_project = malloc(n * sizeof *ld->row_project);
    if (ld->summaries == NULL || ld->summary_ids == NULL || ld->outline == NULL || ld->leaves == NULL ||
        ld->row_project == NULL) {
        ld->oom = true;
        return;
    }
    int c_id = find_column(ld, t, "id", false).index, c_name = find_column(ld, t, "name", false).index;
    char names[256] = "";
    size_t kept = 0, named = 0;
    ld->n_rows_read = n;
    for (size_t r = 0; r < n; r++) {
        ld->outline[r] = t->rows[r].outline;
        if (r + 1 < n && t->rows[r + 1].outline > t->rows[r].outline) {
            const char *id = c_id >= 0 ? t->rows[r].fields[c_id] : "", *name = row_label(&t->rows[r], c_id, c_name);
            if (named++ < 3) { /* cut between characters: the warning goes into the workbook too */
                size_t at = strlen(names);
                snprintf(names + at, sizeof names - at, "%sline %d '%.*s'", at ? ", " : "", t->rows[r].line,
                         text_utf8_prefix(name, 40), name);
            }
            ld->row_project[r] = -2 - (long)ld->n_summaries;
            ld->summary_ids[ld->n_summaries] = (id_index){id, ld->n_summaries};
            ld->summaries[ld->n_summaries++] = (model_summary){t->rows[r], r, t->rows[r].outline};
            continue;
        }
        ld->row_project[r] = (long)kept;
        t->rows[kept++] = t->rows[r];
    }
    t->n_rows = kept;
    qsort(ld->summary_ids, ld->n_summaries, sizeof *ld->summary_ids, id_index_compare);
    char more[32] = "";
    if (count > 3)
        snprintf(more, sizeof more, " and %zu more", count - 3);
    diags_warn(ld->d, t->path, ld->summaries[0].row.line, NULL,
               "%zu summary row%s (rows with indented rows under them, as Smartsheet exports its hierarchy) %s not "
               "read as %s: %s%s; links naming them stand for the projects under them, which take on their "
               "predecessors ([input] summary_rows = keep reads them as projects)",
               count, count == 1 ? "" : "s", count == 1 ? "is" : "are", count == 1 ? "a project" : "projects", names,
               more);
    note_summary_flags(ld, t, c_id, c_name);
}

/* Each project under a summary row takes on the summary row's predecessors (Smartsheet: a parent's
 * predecessors drive its rows' dates), after its own. */
static void inherit_summary_links(loader *ld, const table *t, column_ref c_deps, const id_index *index, size_t n)
{
    model *m = ld->m;
    size_t *leaves = ld->leaves;
    for (size_t s = 0; s < ld->n_summaries && !ld->oom; s++) {
        table one = *t; /* the summary row as a table of its own, for parse_id_list's messages */
        one.rows = &ld->summaries[s].row;
        one.n_rows = 1;
        one.cell_flags = NULL;
        size_t *deps, n_deps;
        model_link *links;
        parse_id_list(ld, &one, 0, c_deps, index, n, SIZE_MAX, &deps, &n_deps, &links);
        size_t n_leaves = summary_leaves(ld, s, leaves);
        for (size_t q = 0; q < n_leaves && !ld->oom; q++) {
            model_project *p = &m->projects[leaves[q]];
            size_t cap = p->n_depends_on, cap_links = p->n_depends_on;
            for (size_t k = 0; k < n_deps; k++) {
                model_link link = links != NULL ? links[k] : (model_link){LINK_FS, 0};
                if (deps[k] == leaves[q])
                    continue;
                if (!model_link_plain(link) && !p->timed) {
                    link = (model_link){LINK_FS, 0};
                    note_untimed_link(ld, t->path, ld->summaries[s].row.line, m->projects[deps[k]].id);
                }
                if (!append_link(ld, &p->depends_on, &p->n_depends_on, &cap, &p->links, &cap_links, deps[k], link))
                    return;
            }
        }
    }
}

/* In a re-plan, reads every row's status into *status (heap, one per row left in t), lists
 * completed and cancelled rows in the model and takes them out of t, so that the rest of the loader
 * sees proposals and work in flight only. An empty status is a proposal; an unknown word an error
 * with "did you mean". */
static model_status *load_status(loader *ld, table *t)
{
    model *m = ld->m;
    const size_t n = t->n_rows;
    model_status *status = calloc(n ? n : 1, sizeof *status);
    if (status == NULL) {
        ld->oom = true;
        return NULL;
    }
    column_ref c_status = find_column(ld, t, "status", false);
    if (c_status.index < 0)
        return status;
    const char *known[96];
    size_t n_known = 0;
    char buf[2048];
    for (int k = 0; k < MODEL_STATUS_COUNT; k++) {
        known[n_known++] = status_names[k];
        snprintf(buf, sizeof buf, "%s", status_words[k]);
        for (char *w = strtok(buf, ","); w != NULL && n_known < 96; w = strtok(NULL, ",")) {
            text_trim(w);
            if ((known[n_known] = arena_strdup(ld->a, w)) == NULL) {
                ld->oom = true;
                return status;
            }
            n_known++;
        }
    }
    size_t gone = 0;
    for (size_t r = 0; r < n; r++) {
        const char *w = field_at(t, r, c_status);
        int st = w[0] == '\0' ? STATUS_PROPOSED : status_of(&m->rules, w);
        if (st < 0) {
            const char *hint = text_did_you_mean(w, known, n_known);
            cell_error(ld, t, r, c_status,
                       "\"%s\" is not a status folio knows%s%s%s; give its status in the rules, e.g. [replan] "
                       "in_progress = %s (statuses: proposed, in_progress, on_hold, completed, cancelled)",
                       w, hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "", w);
            st = STATUS_PROPOSED;
        }
        status[r] = (model_status)st;
        gone += st == STATUS_COMPLETED || st == STATUS_CANCELLED;
    }
    if (gone == 0)
        return status;
    int c_id = find_column(ld, t, "id", false).index;
    m->left_out = arena_alloc_n(ld->a, gone, sizeof *m->left_out);
    ld->gone = malloc(gone * sizeof *ld->gone);
    long *map = malloc(n * sizeof *map); /* this table's row -> project, -1 when left out */
    if (m->left_out == NULL || ld->gone == NULL || map == NULL) {
        free(map);
        ld->oom = true;
        return status;
    }
    size_t kept = 0;
    for (size_t r = 0; r < n; r++) {
        if (status[r] == STATUS_COMPLETED || status[r] == STATUS_CANCELLED) {
            const char *id = c_id >= 0 ? t->rows[r].fields[c_id] : "";
            m->left_out[m->n_left_out++] = (model_left_out){id, t->rows[r].line, status[r]};
            ld->gone[ld->n_gone++] = (id_index){id, r};
            map[r] = -1;
            continue;
        }
        map[r] = (long)kept;
        status[kept] = status[r];
        t->rows[kept++] = t->rows[r];
    }
    t->n_rows = kept;
    if (ld->row_project == NULL) { /* every row of the export was in t */
        ld->row_project = map;
        ld->n_rows_read = n;
    } else { /* summary rows went first: the export's rows map through both */
        for (size_t r = 0; r < ld->n_rows_read; r++)
            if (ld->row_project[r] >= 0)
                ld->row_project[r] = map[ld->row_project[r]];
        free(map);
    }
    t->cell_flags = NULL; /* indexed by row: the status cells were the only ones read */
    qsort(ld->gone, ld->n_gone, sizeof *ld->gone, id_index_compare);
    return status;
}

/* Reads the baseline (--baseline) and marks the projects it selected, with their starts. Ids the
 * export lacks are listed in one warning (they count as removed); a completed or cancelled one is
 * not a change; a summary row's id (an approved programme in a list of ids) is said in a warning
 * of its own and left out, since its projects are what the comparison counts. */
static void load_baseline(loader *ld, const char *path, const table_options *topt, const id_index *index)
{
    model *m = ld->m;
    baseline b;
    const char *const mapped[2] = {rules_mapped_header(&m->rules, "id"), rules_mapped_header(&m->rules, "start")};
    folio_error err = baseline_read(ld->a, path, topt, mapped, &b, ld->d);
    if (err != FOLIO_OK) {
        ld->oom |= err == FOLIO_ENOMEM;
        ld->failed = true;
        return;
    }
    m->has_baseline = true;
    m->baseline_path = path;
    m->baseline_unknown = arena_alloc_n(ld->a, b.n, sizeof *m->baseline_unknown);
    if (b.n > 0 && m->baseline_unknown == NULL) {
        ld->oom = true;
        return;
    }
    char unknown[512] = "", summaries[512] = "";
    size_t n_summaries = 0;
    for (size_t k = 0; k < b.n; k++) {
        const baseline_entry *e = &b.items[k];
        long i = find_project(index, m->n_projects, e->id);
        if (i < 0) {
            if (find_project(ld->gone, ld->n_gone, e->id) >= 0)
                continue;
            if (find_project(ld->summary_ids, ld->n_summaries, e->id) >= 0) {
                /* a programme's row: neither a project nor removed; its projects speak for it */
                list_id(summaries, sizeof summaries, n_summaries++, 12, e->id);
                continue;
            }
            list_id(unknown, sizeof unknown, m->n_baseline_unknown, 12, e->id);
            m->baseline_unknown[m->n_baseline_unknown++] = (char *)e->id;
            continue;
        }
        model_project *p = &m->projects[i];
        if (p->in_baseline) {
            diags_error(ld->d, path, e->line, NULL, "project %s is in the baseline twice", e->id);
            ld->failed = true;
            continue;
        }
        p->in_baseline = true;
        m->n_baseline++;
        p->baseline_start = SIZE_MAX;
        long s;
        if (m->rules.has_horizon && e->start[0] != '\0') {
            if (period_read_offset(&m->rules.horizon, &m->rules.dates, e->start, &s) != PERIOD_READ_OK) {
                diags_error(ld->d, path, e->line, "start", "project %s: start \"%s\" is not a period or date; write %s",
                            e->id, e->start, period_forms);
                ld->failed = true;
            } else if (s >= (long)p->start_min && s <= (long)p->start_max) {
                p->baseline_start = (size_t)s;
            }
        }
    }
    if (m->n_baseline_unknown > 0)
        diags_warn(ld->d, path, 0, NULL,
                   "%zu project%s of the baseline %s not in %s and count%s as removed: %s%s", m->n_baseline_unknown,
                   m->n_baseline_unknown == 1 ? "" : "s", m->n_baseline_unknown == 1 ? "is" : "are", m->projects_path,
                   m->n_baseline_unknown == 1 ? "s" : "", unknown, m->n_baseline_unknown > 12 ? ", ..." : "");
    if (n_summaries > 0)
        diags_warn(ld->d, path, 0, NULL,
                   "%zu id%s of the baseline %s of %s, not %s, and %s left out of the comparison: %s%s; the "
                   "baseline compares project by project, so list the projects under %s",
                   n_summaries, n_summaries == 1 ? "" : "s", n_summaries == 1 ? "is a summary row" : "are summary rows",
                   m->projects_path, n_summaries == 1 ? "a project" : "projects", n_summaries == 1 ? "is" : "are",
                   summaries, n_summaries > 12 ? ", ..." : "", n_summaries == 1 ? "it" : "them");
    m->max_changes = m->rules.max_changes;
    m->change_penalty = m->rules.change_penalty;
    m->count_moves = m->rules.count_moves && m->rules.has_horizon;
}

/* A re-plan's money to date and to complete for row r: spent (0 when empty) within 0..cost; for
 * work in flight, what it still needs (remaining, else cost - spent) becomes its cost, the amount
 * every rule on the cost column reads (sunk cost is not counted). */
static void load_remaining(loader *ld, const table *t, size_t r, column_ref c_cost, column_ref c_spent,
                           column_ref c_remaining)
{
    model_project *p = &ld->m->projects[r];
    bool empty;
    double v;
    if (c_spent.index >= 0 && parse_number_field(ld, t, r, c_spent, false, &v, &empty)) {
        if (v > p->cost_full * (1 + 1e-12)) {
            char a[32], b[32];
            text_format_amount(v, a, sizeof a);
            text_format_amount(p->cost_full, b, sizeof b);
            cell_error(ld, t, r, c_spent, "spent %s is more than the cost %s ('%s'); give remaining for an overrun", a,
                       b, c_cost.header);
        } else {
            p->spent = v;
        }
    }
    if (!model_status_in_flight(p->status))
        return;
    p->cost = p->cost_full - p->spent;
    if (c_remaining.index >= 0 && parse_number_field(ld, t, r, c_remaining, false, &v, &empty)) {
        p->cost = v;
        p->remaining_given = true;
    }
}

/* Reads the projects table into the model; returns the sorted id index (heap) or NULL. */
static id_index *load_projects(loader *ld, const table *t, const model_status *status)
{
    model *m = ld->m;
    size_t n = t->n_rows;
    column_ref c_id = find_column(ld, t, "id", true);
    column_ref c_cost = find_column(ld, t, "cost", true);
    column_ref c_name = find_column(ld, t, "name", false);
    column_ref c_cat = find_column(ld, t, "category", false);
    column_ref c_must = find_column(ld, t, "must", false);
    column_ref c_excl = find_column(ld, t, "exclude", false);
    column_ref c_deps = find_column(ld, t, "depends_on", false);
    column_ref c_xs = find_column(ld, t, "excludes", false);
    column_ref c_start = find_column(ld, t, "start", false);
    column_ref c_latest = find_column(ld, t, "latest_start", false);
    column_ref c_finish = find_column(ld, t, "finish", false);
    column_ref c_duration = find_column(ld, t, "duration", false);
    column_ref c_spent = {-1, "spent", NULL}, c_remaining = {-1, "remaining", NULL};
    if (m->replan) {
        c_spent = find_column(ld, t, "spent", false);
        c_remaining = find_column(ld, t, "remaining", false);
    }
    if (c_id.index < 0)
        return NULL;
    /* Without a planning horizon the timing columns (which most PPM exports carry) are not read.
     * With one, a timing column that is absent under folio's name but present under another
     * tool's ("Start Date") would leave every project at the horizon's start: say so. */
    const column_ref *timing[] = {&c_start, &c_finish, &c_duration};
    const char *timing_names[] = {"start", "finish", "duration"};
    for (size_t k = 0; k < 3 && m->rules.has_horizon; k++) {
        bool needed = timing[k]->index < 0 && !(k == 1 && c_duration.index >= 0); /* a duration says it all */
        const char *other = needed ? synonym_header(t, timing_names[k]) : NULL;
        if (other != NULL)
            diags_warn(ld->d, t->path, 1, other,
                       "not read: folio reads '%s' from a column of that name; if this is it, map it in the rules: "
                       "[columns] %s = %s",
                       timing_names[k], timing_names[k], other);
    }

    m->projects = arena_alloc(ld->a, n * sizeof *m->projects);
    id_index *index = malloc((n ? n : 1) * sizeof *index);
    if (m->projects == NULL || index == NULL) {
        ld->oom = true;
        free(index);
        return NULL;
    }
    m->n_projects = n;
    int currency_line = 0;
    for (size_t r = 0; r < n; r++) {
        model_project *p = &m->projects[r];
        int line = t->rows[r].line;
        p->line = line;
        p->id = field_at(t, r, c_id);
        p->name = field_at(t, r, c_name);
        p->category = field_at(t, r, c_cat);
        p->raw = arena_alloc_n(ld->a, m->n_criteria, sizeof *p->raw);
        p->raw_filled = arena_alloc_n(ld->a, m->n_criteria, sizeof *p->raw_filled);
        p->duration = 1;
        p->status = status != NULL ? status[r] : STATUS_PROPOSED;
        if (m->rules.has_horizon)
            load_timing(ld, t, r, c_start, c_latest, c_finish, c_duration);
        if (p->elapsed > 0) /* in flight since before the horizon: what is left of its run */
            p->duration = p->duration > p->elapsed ? p->duration - p->elapsed : 1;
        p->profile = arena_alloc_n(ld->a, m->n_capacities * p->duration, sizeof *p->profile);
        if (p->raw == NULL || p->raw_filled == NULL || p->profile == NULL) {
            ld->oom = true;
            free(index);
            return NULL;
        }
        if (p->id[0] == '\0')
            LOAD_ERROR(ld, t->path, line, c_id.header, "empty project id");
        index[r] = (id_index){p->id, r};
        bool empty;
        if (c_cost.index >= 0 && !parse_number_field(ld, t, r, c_cost, false, &p->cost, &empty) && empty)
            LOAD_ERROR(ld, t->path, line, c_cost.header, "empty cost; every project needs one");
        if (c_cost.index >= 0)
            note_currency(ld, t, r, c_cost, &currency_line);
        p->cost_full = p->cost;
        if (m->replan)
            load_remaining(ld, t, r, c_cost, c_spent, c_remaining);
        if (c_must.index >= 0)
            parse_bool_field(ld, t, r, c_must, &p->must);
        if (c_excl.index >= 0)
            parse_bool_field(ld, t, r, c_excl, &p->exclude);
        if (m->rules.keep_in_flight && p->status == STATUS_IN_PROGRESS)
            p->must = true; /* [replan] keep_in_flight: it continues */
        if (p->must && p->exclude)
            LOAD_ERROR(ld, t->path, line, c_excl.header, "project %s is marked both must-do and excluded", p->id);
    }
    qsort(index, n, sizeof *index, id_index_compare);
    for (size_t k = 1; k < n; k++) {
        if (index[k].id[0] != '\0' && strcmp(index[k].id, index[k - 1].id) == 0) {
            size_t first = index[k - 1].project < index[k].project ? index[k - 1].project : index[k].project;
            size_t dup = index[k - 1].project < index[k].project ? index[k].project : index[k - 1].project;
            LOAD_ERROR(ld, t->path, m->projects[dup].line, c_id.header, "duplicate id \"%s\" (first at line %d)",
                       index[k].id, m->projects[first].line);
        }
    }
    for (size_t r = 0; r < n; r++) {
        model_project *p = &m->projects[r];
        if (c_deps.index >= 0)
            parse_id_list(ld, t, r, c_deps, index, n, r, &p->depends_on, &p->n_depends_on, &p->links);
        if (c_xs.index >= 0)
            parse_id_list(ld, t, r, c_xs, index, n, r, &p->excludes, &p->n_excludes, NULL);
    }
    if (ld->n_summaries > 0 && c_deps.index >= 0)
        inherit_summary_links(ld, t, c_deps, index, n);
    if (ld->n_links_other > 0)
        diags_warn(ld->d, ld->first_link_path, ld->first_link_line, c_deps.header,
                   "%zu predecessor link%s %s a type or lag (the first: '%s') between projects of which one has no "
                   "start; such a link is read as 'this project needs that one', untimed",
                   ld->n_links_other, ld->n_links_other == 1 ? "" : "s", ld->n_links_other == 1 ? "has" : "have",
                   ld->first_link);
    return index;
}

/* Weighs one level of the criteria hierarchy: the nodes whose parent is level->parent, from the
 * judgments among them. Unconnected judgments are an error naming the groups; inconsistency
 * (CR > 0.10) a warning naming the judgments most responsible. */
static void weigh_level(loader *ld, model_ahp_level *level)
{
    model *m = ld->m;
    rules *r = &m->rules;
    const size_t n_nodes = r->n_criteria + r->n_groups;
    size_t n = 0;
    level->nodes = arena_alloc_n(&m->arena, n_nodes, sizeof *level->nodes);
    size_t *pos = arena_alloc_n(&m->arena, n_nodes, sizeof *pos); /* node -> row, SIZE_MAX if not here */
    if (level->nodes == NULL || pos == NULL) {
        ld->oom = true;
        return;
    }
    /* Rules order: criteria as read, each group where its first criterion is. */
    for (size_t k = 0; k < n_nodes; k++)
        pos[k] = SIZE_MAX;
    for (size_t k = 0; k < r->n_criteria; k++) {
        size_t parent = rules_parent(r, k);
        size_t node = parent == level->parent ? k : level->parent == SIZE_MAX ? parent : SIZE_MAX;
        if (node != SIZE_MAX && pos[node] == SIZE_MAX) {
            pos[node] = n;
            level->nodes[n++] = node;
        }
    }
    double *a = alloc_zeroed_n(n * n, sizeof *a);
    size_t *comp = alloc_zeroed_n(n, sizeof *comp);
    const char *what = level->parent == SIZE_MAX ? "" : rules_node_name(r, level->parent);
    char where[224] = "";
    if (level->parent != SIZE_MAX)
        snprintf(where, sizeof where, " within group %s", what);
    if (a == NULL || comp == NULL) {
        ld->oom = true;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        a[i * n + i] = 1;
    for (size_t q = 0; q < r->n_judgments; q++) {
        const rules_judgment *j = &r->judgments[q];
        if (pos[j->a] == SIZE_MAX || pos[j->b] == SIZE_MAX)
            continue;
        a[pos[j->a] * n + pos[j->b]] = j->value;
        a[pos[j->b] * n + pos[j->a]] = 1 / j->value;
    }
    folio_error e = ahp_solve(n, a, r->weighting == WEIGHTS_AHP ? AHP_EIGENVECTOR : AHP_GEOMETRIC_MEAN, &level->ahp);
    if (e == FOLIO_EINPUT) {
        size_t groups = ahp_components(n, a, comp);
        char list[1024] = "";
        for (size_t g = 0; g < groups; g++) {
            strncat(list, g ? "} and {" : "{", sizeof list - strlen(list) - 1);
            bool first = true;
            for (size_t k = 0; k < n; k++) {
                if (comp[k] != g)
                    continue;
                if (!first)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, rules_node_name(r, level->nodes[k]), sizeof list - strlen(list) - 1);
                first = false;
            }
        }
        strncat(list, "}", sizeof list - strlen(list) - 1);
        LOAD_ERROR(ld, r->path, 0, NULL,
                   "the pairwise comparisons%s fall into %zu unconnected groups, %s; compare at least one member of "
                   "each group with one of another",
                   where, groups, list);
        ahp_result_free(&level->ahp);
        goto out;
    }
    if (e != FOLIO_OK) {
        ld->oom = e == FOLIO_ENOMEM;
        LOAD_ERROR(ld, r->path, 0, NULL, "the AHP computation failed (%s)", folio_strerror(e));
        goto out;
    }
    const ahp_result *h = &level->ahp;
    if (h->n_missing > 0)
        diags_warn(ld->d, r->path, 0, NULL,
                   "%zu of %zu pairwise comparisons%s are missing and were filled with the values that minimise "
                   "lambda_max (Bozoki, Fulop and Ronyai 2010)",
                   h->n_missing, n * (n - 1) / 2, where);
    if (h->cr > 0.10) {
        char worst[768] = "";
        for (size_t k = 0; k < h->n_worst; k++) {
            const ahp_judgment *w = &h->worst[k];
            size_t ni = level->nodes[w->i], nj = level->nodes[w->j];
            const rules_judgment *given = NULL;
            for (size_t q = 0; q < r->n_judgments; q++)
                if ((r->judgments[q].a == ni && r->judgments[q].b == nj) ||
                    (r->judgments[q].a == nj && r->judgments[q].b == ni))
                    given = &r->judgments[q];
            char part[512];
            snprintf(part, sizeof part, "%s%s vs %s = %.3g (%s:%d) would be consistent at %.3g", k ? "; " : "",
                     rules_node_name(r, ni), rules_node_name(r, nj), w->given, given ? given->file : r->path,
                     given ? given->line : 0, w->consistent);
            strncat(worst, part, sizeof worst - strlen(worst) - 1);
        }
        diags_warn(ld->d, r->path, 0, NULL,
                   "the pairwise comparisons%s are inconsistent: CR %.3f is above 0.10 (Saaty's random index %.2f "
                   "for n = %zu); most responsible: %s",
                   where, h->cr, h->ri, n, worst);
    }
out:
    free(a);
    free(comp);
}

/* Derives the weights from [pairwise] (AHP or geometric mean), level by level: the top level, then
 * each group's criteria; a criterion's global weight is its group's weight times its local one. */
static void pairwise_weights(loader *ld)
{
    model *m = ld->m;
    rules *r = &m->rules;
    const size_t n_nodes = r->n_criteria + r->n_groups;
    m->levels = arena_alloc_n(&m->arena, r->n_groups + 1, sizeof *m->levels); /* the top level, then each group */
    m->local_weights = arena_alloc_n(&m->arena, n_nodes, sizeof *m->local_weights);
    if (m->levels == NULL || m->local_weights == NULL) {
        ld->oom = true;
        return;
    }
    memset(m->levels, 0, (r->n_groups + 1) * sizeof *m->levels);
    bool ok = true;
    for (size_t l = 0; l <= r->n_groups; l++) {
        model_ahp_level *level = &m->levels[m->n_levels++];
        level->parent = l == 0 ? SIZE_MAX : r->n_criteria + (l - 1);
        level->weight = 1;
        size_t errors = ld->d->n_errors;
        weigh_level(ld, level);
        if (ld->oom || ld->d->n_errors > errors || level->ahp.weights == NULL) {
            ok = false;
            continue;
        }
        for (size_t k = 0; k < level->ahp.n; k++)
            m->local_weights[level->nodes[k]] = level->ahp.weights[k];
    }
    if (!ok)
        return;
    m->has_ahp = true;
    for (size_t l = 1; l < m->n_levels; l++)
        m->levels[l].weight = m->local_weights[m->levels[l].parent];
    for (size_t k = 0; k < m->n_criteria; k++) {
        size_t parent = rules_parent(r, k);
        double w = m->local_weights[k] * (parent == SIZE_MAX ? 1 : m->local_weights[parent]);
        m->weights[k] = w;
        r->criteria[k].weight = w;
    }
}

static void normalise_weights(model *m)
{
    double total = 0;
    for (size_t k = 0; k < m->n_criteria; k++)
        total += m->rules.criteria[k].weight;
    for (size_t k = 0; k < m->n_criteria; k++)
        m->weights[k] = total > 0 ? m->rules.criteria[k].weight / total : 0;
}

/* Resolves each scenario's force_in and force_out ids to projects; an unknown id is an error at the
 * rules file's line, and so is a project both forced in and out. */
static void resolve_forced(loader *ld, const id_index *index)
{
    model *m = ld->m;
    rules *r = &m->rules;
    for (size_t q = 0; q < r->n_scenarios; q++) {
        rules_scenario *sc = &r->scenarios[q];
        for (int side = 0; side < 2; side++) {
            char **ids = side == 0 ? sc->force_in : sc->force_out;
            size_t count = side == 0 ? sc->n_force_in : sc->n_force_out;
            int line = side == 0 ? sc->force_in_line : sc->force_out_line;
            size_t *out = arena_alloc_n(&m->arena, count, sizeof *out);
            if (out == NULL) {
                ld->oom = true;
                return;
            }
            for (size_t k = 0; k < count; k++) {
                long i = find_project(index, m->n_projects, ids[k]);
                const char *key = side == 0 ? "force_in" : "force_out";
                const model_left_out *done = NULL;
                for (size_t g = 0; i < 0 && g < m->n_left_out && done == NULL; g++)
                    done = strcmp(m->left_out[g].id, ids[k]) == 0 ? &m->left_out[g] : NULL;
                long summary = i < 0 ? find_project(ld->summary_ids, ld->n_summaries, ids[k]) : -1;
                if (done != NULL)
                    diags_key_error(ld->d, r->path, line, key,
                                    "[scenario %s]: '%s' is %s in %s (line %d), so this re-plan leaves it out; take "
                                    "it out of %s",
                                    sc->name, ids[k], done->status == STATUS_COMPLETED ? "completed" : "cancelled",
                                    m->projects_path, done->line, key);
                else if (summary >= 0)
                    diags_key_error(ld->d, r->path, line, key,
                                    "[scenario %s]: '%s' is a summary row of %s (line %d), not a project; name the "
                                    "projects under it",
                                    sc->name, ids[k], m->projects_path, ld->summaries[summary].row.line);
                else if (i < 0)
                    diags_key_error(ld->d, r->path, line, key, "[scenario %s]: no project '%s' in %s", sc->name,
                                    ids[k], m->projects_path);
                ld->failed |= i < 0;
                out[k] = i < 0 ? 0 : (size_t)i;
            }
            if (side == 0)
                sc->force_in_index = out;
            else
                sc->force_out_index = out;
        }
        for (size_t a = 0; a < sc->n_force_in; a++)
            for (size_t b = 0; b < sc->n_force_out; b++)
                if (strcmp(sc->force_in[a], sc->force_out[b]) == 0) {
                    diags_key_error(ld->d, r->path, sc->force_out_line, "force_out",
                                    "[scenario %s]: project '%s' is forced both in and out", sc->name, sc->force_in[a]);
                    ld->failed = true;
                }
    }
}

folio_error model_load(const model_inputs *in, model **out, diags *d)
{
    *out = NULL;
    model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return FOLIO_ENOMEM;
    loader ld = {.m = m, .d = d, .a = &m->arena};
    folio_error err = FOLIO_OK;
    id_index *index = NULL;
    model_status *status = NULL;
    m->projects_path = in->projects;
    m->benefits_path = in->benefits;

    /* Read all three files even when one fails, so that every problem is reported at once. */
    folio_error rules_err = rules_read(&m->arena, in->rules, &m->rules, d);
    if (rules_err == FOLIO_ENOMEM) {
        err = rules_err;
        goto out;
    }
    bool rules_ok = rules_err == FOLIO_OK;

    table_options topt;
    table_options_init(&topt);
    topt.delimiter = m->rules.delimiter;
    topt.encoding = (table_encoding)m->rules.encoding;
    topt.sheet = m->rules.sheet;
    ld.words = (text_words){m->rules.true_words, m->rules.false_words, m->rules.missing_words};
    table projects, benefits, demand;
    folio_error perr = export_read(&m->arena, in->projects, &topt, &projects, d);
    folio_error berr = in->benefits ? export_read(&m->arena, in->benefits, &topt, &benefits, d) : FOLIO_OK;
    folio_error derr = in->demand ? export_read(&m->arena, in->demand, &topt, &demand, d) : FOLIO_OK;
    if (perr == FOLIO_OK)
        blank_missing_cells(&projects, &ld.words);
    if (in->benefits && berr == FOLIO_OK)
        blank_missing_cells(&benefits, &ld.words);
    if (in->demand && derr == FOLIO_OK)
        blank_missing_cells(&demand, &ld.words);
    if (perr == FOLIO_ENOMEM || berr == FOLIO_ENOMEM || derr == FOLIO_ENOMEM) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    if (perr == FOLIO_EIO || berr == FOLIO_EIO || derr == FOLIO_EIO || rules_err == FOLIO_EIO) {
        err = FOLIO_EIO;
        goto out;
    }

    m->n_periods = m->rules.has_horizon ? m->rules.horizon.count : 1;
    m->period_labels = arena_alloc(&m->arena, m->n_periods * sizeof *m->period_labels);
    if (m->period_labels == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }
    for (size_t t = 0; t < m->n_periods; t++) {
        char label[32] = "all";
        if (m->rules.has_horizon)
            period_label(&m->rules.horizon, (long)t, label, sizeof label);
        if ((m->period_labels[t] = arena_strdup(&m->arena, label)) == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
    }
    if (m->rules.has_horizon)
        m->period_rate = pow(1.0 + m->rules.discount_rate, period_months(&m->rules.horizon) / 12.0) - 1.0;
    if (rules_ok) {
        m->n_criteria = m->rules.n_criteria;
        m->n_capacities = m->rules.n_capacities;
        m->n_policies = m->rules.n_policies;
    }
    m->weights = arena_alloc_n(&m->arena, m->n_criteria, sizeof *m->weights);
    m->limits = arena_alloc_n(&m->arena, m->n_capacities * m->n_periods, sizeof *m->limits);
    m->totals = arena_alloc_n(&m->arena, m->n_capacities, sizeof *m->totals);
    if (m->weights == NULL || m->limits == NULL || m->totals == NULL) {
        err = FOLIO_ENOMEM;
        goto out;
    }

    m->replan = m->rules.replan || in->baseline != NULL || rules_mapped_header(&m->rules, "status") != NULL;
    m->max_changes = INFINITY;
    if (perr == FOLIO_OK) {
        read_numbers_of(&ld, &projects);
        take_out_summaries(&ld, &projects);
        status = m->replan && !ld.oom ? load_status(&ld, &projects) : NULL;
        if (!ld.oom)
            index = load_projects(&ld, &projects, status);
    }
    if (index != NULL && in->baseline != NULL && !ld.oom)
        load_baseline(&ld, in->baseline, &topt, index);
    else if (in->baseline == NULL && rules_ok && (isfinite(m->rules.max_changes) || m->rules.change_penalty > 0))
        LOAD_ERROR(&ld, m->rules.path, 0, NULL,
                    "[replan] %s compares with a baseline: give the approved portfolio with --baseline FILE",
                    isfinite(m->rules.max_changes) ? "max_changes" : "change_penalty");
    if (index != NULL && in->benefits && berr == FOLIO_OK) {
        read_numbers_of(&ld, &benefits);
        load_benefits(&ld, &benefits, index);
    }
    if (index != NULL && rules_ok && !ld.oom) {
        read_numbers_of(&ld, &projects);
        size_t np = m->n_projects;
        m->policy_amount = arena_alloc_n(&m->arena, m->n_policies * np, sizeof *m->policy_amount);
        m->in_policy = arena_alloc_n(&m->arena, m->n_policies * np, sizeof *m->in_policy);
        if (m->policy_amount == NULL || m->in_policy == NULL) {
            err = FOLIO_ENOMEM;
            goto out;
        }
        for (size_t k = 0; k < m->n_criteria; k++)
            load_criterion(&ld, &projects, k);
        load_capacities(&ld, &projects);
        if (in->demand != NULL && derr == FOLIO_OK) {
            read_numbers_of(&ld, &demand);
            load_demand(&ld, &demand, index);
            read_numbers_of(&ld, &projects);
        }
        load_policies(&ld, &projects);
        if (m->replan)
            load_stops(&ld, &projects);
        if (m->rules.weighting == WEIGHTS_DIRECT)
            normalise_weights(m);
        else
            pairwise_weights(&ld);
    }
    if (index != NULL && !ld.oom)
        resolve_forced(&ld, index);
    if (index != NULL && !ld.oom) {
        check_cycles(&ld, in->projects);
        check_must_dependencies(&ld, in->projects);
    }
    if (ld.oom || d->oom)
        err = FOLIO_ENOMEM;
    else if (!rules_ok || perr != FOLIO_OK || berr != FOLIO_OK || derr != FOLIO_OK || ld.failed)
        err = FOLIO_EINPUT;
out:
    free(index);
    free(status);
    free(ld.gone);
    free(ld.row_project);
    free(ld.summary_ids);
    if (err != FOLIO_OK) {
        model_free(m);
        return err;
    }
    *out = m;
    return FOLIO_OK;
}

double model_use_in_horizon(const model *m, size_t i, size_t c, size_t s)
{
    const model_project *p = &m->projects[i];
    double sum = 0;
    for (size_t k = 0; k < p->duration && s + k < m->n_periods; k++)
        sum += p->profile[c * p->duration + k];
    return sum;
}

double model_npv(const model *m, size_t i, size_t delay)
{
    double sum = 0;
    for (size_t b = 0; b < m->n_benefits; b++) {
        const model_benefit *line = &m->benefits[b];
        if (line->project == i)
            sum += line->amount / pow(1.0 + m->period_rate, (double)(line->offset + (long)delay));
    }
    return sum;
}

void model_free(model *m)
{
    if (m == NULL)
        return;
    for (size_t l = 0; l < m->n_levels; l++)
        ahp_result_free(&m->levels[l].ahp);
    arena_clear(&m->arena);
    free(m);
}
