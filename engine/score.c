/* score.c - normalisation and weighted-sum scoring, defined so that finance can recompute it. */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

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

/* TOPSIS (Hwang and Yoon 1981): normalise (vector or min-max), weight, measure each project's
 * distance to the ideal and the anti-ideal, score by relative closeness. False when out of memory. */
static bool topsis(const model *m, arena *a, score_result *out)
{
    const size_t n = m->n_projects, nk = m->n_criteria;
    out->weighted = arena_alloc_n(a, n * nk, sizeof *out->weighted);
    out->ideal = arena_alloc_n(a, nk, sizeof *out->ideal);
    out->anti_ideal = arena_alloc_n(a, nk, sizeof *out->anti_ideal);
    out->vector_norm = arena_alloc_n(a, nk, sizeof *out->vector_norm);
    out->d_ideal = arena_alloc_n(a, n, sizeof *out->d_ideal);
    out->d_anti = arena_alloc_n(a, n, sizeof *out->d_anti);
    if (!out->weighted || !out->ideal || !out->anti_ideal || !out->vector_norm || !out->d_ideal || !out->d_anti)
        return false;
    for (size_t k = 0; k < nk; k++) {
        const rules_criterion *cr = &m->rules.criteria[k];
        double sq = 0;
        for (size_t i = 0; i < n; i++)
            sq += m->projects[i].raw[k] * m->projects[i].raw[k];
        out->vector_norm[k] = sqrt(sq);
        double lo = out->crit_min[k], hi = out->crit_max[k];
        for (size_t i = 0; i < n; i++) {
            double v = m->projects[i].raw[k], r;
            if (m->rules.topsis_minmax)
                r = hi > lo ? (v - lo) / (hi - lo) : 0;
            else
                r = out->vector_norm[k] > 0 ? v / out->vector_norm[k] : 0;
            out->norm[i * nk + k] = r;
            out->weighted[i * nk + k] = m->weights[k] * r;
        }
        for (size_t i = 0; i < n; i++) {
            double v = out->weighted[i * nk + k];
            bool better_ideal = cr->minimise ? v < out->ideal[k] : v > out->ideal[k];
            bool worse_anti = cr->minimise ? v > out->anti_ideal[k] : v < out->anti_ideal[k];
            if (i == 0 || better_ideal)
                out->ideal[k] = v;
            if (i == 0 || worse_anti)
                out->anti_ideal[k] = v;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double dp = 0, dm = 0;
        for (size_t k = 0; k < nk; k++) {
            double v = out->weighted[i * nk + k];
            dp += (v - out->ideal[k]) * (v - out->ideal[k]);
            dm += (v - out->anti_ideal[k]) * (v - out->anti_ideal[k]);
        }
        out->d_ideal[i] = sqrt(dp);
        out->d_anti[i] = sqrt(dm);
        double sum = out->d_ideal[i] + out->d_anti[i];
        out->score[i] = sum > 0 ? out->d_anti[i] / sum : 0;
    }
    return true;
}

folio_error score_compute(const model *m, arena *a, score_result *out, diags *d)
{
    size_t n = m->n_projects, nk = m->n_criteria;
    memset(out, 0, sizeof *out);
    out->norm = arena_alloc_n(a, n * nk, sizeof *out->norm);
    out->score = arena_alloc_n(a, n, sizeof *out->score);
    out->rank = arena_alloc_n(a, n, sizeof *out->rank);
    out->order = arena_alloc_n(a, n, sizeof *out->order);
    out->crit_min = arena_alloc_n(a, nk, sizeof *out->crit_min);
    out->crit_max = arena_alloc_n(a, nk, sizeof *out->crit_max);
    rank_entry *entries = alloc_n(n, sizeof *entries);
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
    if (m->rules.scoring == SCORING_TOPSIS) {
        if (!topsis(m, a, out)) {
            free(entries);
            return FOLIO_ENOMEM;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t k = 0; k < nk; k++)
                s += m->weights[k] * out->norm[i * nk + k];
            out->score[i] = s;
        }
    }
    for (size_t i = 0; i < n; i++)
        entries[i] = (rank_entry){out->score[i], m->projects[i].id, i};
    qsort(entries, n, sizeof *entries, rank_compare);
    for (size_t r = 0; r < n; r++) {
        out->order[r] = entries[r].index;
        out->rank[entries[r].index] = r + 1;
    }
    free(entries);
    return FOLIO_OK;
}
