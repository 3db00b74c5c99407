/* test_score.c - scores recomputed by hand for every normalisation and direction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "model.h"
#include "score.h"
#include "test_support.h"

typedef struct scored {
    char *dir;
    diags d;
    model *m;
    arena a;
    score_result s;
} scored;

/* Loads a projects table with columns v1..v3 under the given rules and scores it. */
static void score_case(scored *c, const char *projects, const char *rules)
{
    c->dir = make_test_dir();
    diags_init(&c->d);
    model_inputs in = {
        .projects = strdup(write_test_file(c->dir, "p.csv", projects)),
        .benefits = strdup(write_test_file(c->dir, "b.csv", "project_id,amount\nA,1\n")),
        .rules = strdup(write_test_file(c->dir, "r.ini", rules)),
    };
    assert_int_equal(model_load(&in, &c->m, &c->d), FOLIO_OK);
    memset(&c->a, 0, sizeof c->a);
    assert_int_equal(score_compute(c->m, &c->a, &c->s, &c->d), FOLIO_OK);
    free((char *)in.projects);
    free((char *)in.benefits);
    free((char *)in.rules);
}

static void scored_free(scored *c)
{
    model_free(c->m);
    arena_clear(&c->a);
    diags_clear(&c->d);
    remove_test_dir(c->dir);
}

static const char *PROJECTS = "id,cost,v1,v2,v3\n"
                              "A,1,10,1,-2\n"
                              "B,1,20,5,0\n"
                              "C,1,40,3,4\n";

static void minmax_max_and_min_recompute_by_hand(void **state)
{
    (void)state;
    scored c;
    score_case(&c, PROJECTS,
               "[criterion up]\ncolumn = v1\nweight = 1\n"
               "[criterion down]\ncolumn = v1\nweight = 3\ndirection = min\n");
    /* v1 = 10, 20, 40: min 10, max 40. up: (v-10)/30; down: (40-v)/30. Weights 1/4, 3/4. */
    double up[] = {0, 10.0 / 30, 1}, down[] = {1, 20.0 / 30, 0};
    for (size_t i = 0; i < 3; i++) {
        assert_rel(c.s.norm[i * 2 + 0], up[i], 1e-12);
        assert_rel(c.s.norm[i * 2 + 1], down[i], 1e-12);
        assert_rel(c.s.score[i], 0.25 * up[i] + 0.75 * down[i], 1e-12);
    }
    /* Scores 0.75, 0.5833, 0.25: A ranks first. */
    assert_int_equal(c.s.rank[0], 1);
    assert_int_equal(c.s.rank[1], 2);
    assert_int_equal(c.s.rank[2], 3);
    assert_int_equal(c.s.order[0], 0);
    scored_free(&c);
}

static void range_max_and_min_recompute_by_hand(void **state)
{
    (void)state;
    scored c;
    score_case(&c, PROJECTS,
               "[criterion fit]\ncolumn = v2\nweight = 35\nnormalise = range\nrange = 1..5\n"
               "[criterion risk]\ncolumn = v2\nweight = 15\nnormalise = range\nrange = 0..10\ndirection = min\n");
    /* fit: (v-1)/4; risk: (10-v)/10; weights 0.7 and 0.3. */
    double v2[] = {1, 5, 3};
    for (size_t i = 0; i < 3; i++) {
        double fit = (v2[i] - 1) / 4, risk = (10 - v2[i]) / 10;
        assert_rel(c.s.norm[i * 2 + 0], fit, 1e-12);
        assert_rel(c.s.norm[i * 2 + 1], risk, 1e-12);
        assert_rel(c.s.score[i], 0.7 * fit + 0.3 * risk, 1e-12);
    }
    assert_rel(c.m->weights[0], 0.7, 1e-12);
    scored_free(&c);
}

static void none_keeps_raw_values_and_negates_for_min(void **state)
{
    (void)state;
    scored c;
    score_case(&c, PROJECTS,
               "[criterion npv]\ncolumn = v3\nweight = 1\nnormalise = none\n"
               "[criterion cost]\ncolumn = v3\nweight = 1\nnormalise = none\ndirection = min\n");
    double v3[] = {-2, 0, 4};
    for (size_t i = 0; i < 3; i++) {
        assert_rel(c.s.norm[i * 2 + 0], v3[i], 1e-12);
        assert_rel(c.s.norm[i * 2 + 1], -v3[i], 1e-12);
        assert_rel(c.s.score[i], 0, 1e-12);
    }
    /* Equal scores rank by id. */
    assert_int_equal(c.s.order[0], 0);
    assert_int_equal(c.s.order[1], 1);
    assert_int_equal(c.s.order[2], 2);
    scored_free(&c);
}

static void constant_criterion_scores_zero_with_a_warning(void **state)
{
    (void)state;
    scored c;
    score_case(&c, "id,cost,v1,v2\nA,1,7,1\nB,1,7,2\n",
               "[criterion flat]\ncolumn = v1\nweight = 1\n[criterion real]\ncolumn = v2\nweight = 1\n");
    assert_rel(c.s.norm[0], 0, 0);
    assert_rel(c.s.norm[2], 0, 0);
    assert_rel(c.s.score[1], 0.5, 1e-12);
    assert_diag(&c.d, 1, NULL, "criterion flat does not discriminate: every project has the value 7");
    scored_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minmax_max_and_min_recompute_by_hand),
        cmocka_unit_test(range_max_and_min_recompute_by_hand),
        cmocka_unit_test(none_keeps_raw_values_and_negates_for_min),
        cmocka_unit_test(constant_criterion_scores_zero_with_a_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
