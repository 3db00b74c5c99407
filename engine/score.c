/* score.c - normalisation and weighted-sum scoring, defined so that finance can recompute it. */
#include "score.h"

#include <stdlib.h>
#include <string.h>

double score_normalise(const rules_criterion *cr, double v, double min, double max)
{
    switch (cr->normalise) {
    case NORMALISE_MINMAX:
        if (!(max > min))
            return 0.0;
        return cr->minimise ? (max - v) / (max - min) : (v - min) / (max - min);
    case NORMALISE_RANGE:
        return cr->minimise ? (cr->range_hi - v) / (cr->range_hi - cr->range_lo)
                            : (v - cr->range_lo) / (cr->range_hi - cr->range_lo);
    case NORMALISE_NONE:
        return cr->minimise ? -v : v;
    }
    return 0.0;
}

/* qsort context: C has no qsort_r in C11, so ranks sort an array of (score, id, index). */
typedef struct rank_entry {
    double score;
    const char *id;
    size_t index;
} rank_entry;

static int rank_compare(const void *pa, const void *pb)
{
    const rank_entry *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->id, b->id);
}

folio_error score_compute(const model *m, arena *a, score_result *out, diags *d)
{
    size_t n = m->n_projects, nk = m->n_criteria;
    memset(out, 0, sizeof *out);
    out->norm = arena_alloc(a, (n * nk + 1) * sizeof *out->norm);
    out->score = arena_alloc(a, (n + 1) * sizeof *out->score);
    out->rank = arena_alloc(a, (n + 1) * sizeof *out->rank);
    out->order = arena_alloc(a, (n + 1) * sizeof *out->order);
    out->crit_min = arena_alloc(a, (nk + 1) * sizeof *out->crit_min);
    out->crit_max = arena_alloc(a, (nk + 1) * sizeof *out->crit_max);
    rank_entry *entries = malloc((n + 1) * sizeof *entries);
    if (!out->norm || !out->score || !out->rank || !out->order || !out->crit_min || !out->crit_max || !entries) {
        free(entries);
        return FOLIO_ENOMEM;
    }
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        double lo = 0, hi = 0;
        for (size_t i = 0; i < n; i++) {
            double v = m->projects[i].raw[k];
            if (i == 0 || v < lo)
                lo = v;
            if (i == 0 || v > hi)
                hi = v;
        }
        out->crit_min[k] = lo;
        out->crit_max[k] = hi;
        if (n > 1 && !(hi > lo))
            diags_warn(d, m->rules.path, cr->line, NULL,
                       "criterion %s does not discriminate: every project has the value %g, so it adds %s to every "
                       "score",
                       cr->name, lo,
                       cr->normalise == NORMALISE_MINMAX ? "nothing" : "the same amount");
        for (size_t i = 0; i < n; i++)
            out->norm[i * nk + k] = score_normalise(cr, m->projects[i].raw[k], lo, hi);
    }
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t k = 0; k < nk; k++)
            s += m->weights[k] * out->norm[i * nk + k];
        out->score[i] = s;
        entries[i] = (rank_entry){s, m->projects[i].id, i};
    }
    qsort(entries, n, sizeof *entries, rank_compare);
    for (size_t r = 0; r < n; r++) {
        out->order[r] = entries[r].index;
        out->rank[entries[r].index] = r + 1;
    }
    free(entries);
    return FOLIO_OK;
}
