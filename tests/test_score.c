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

/* Papathanasiou, J. and Ploskas, N. (2018), Multiple Criteria Decision Aid, Springer, ch. 1 (TOPSIS):
 * the facility location example, vector normalisation; published closeness to 3 places. */
static void topsis_reproduces_papathanasiou_and_ploskas(void **state)
{
    (void)state;
    scored c;
    score_case(&c,
               "id,cost,c1,c2,c3,c4\n"
               "A,1,8,7,2,1\nA2,1,5,3,7,5\nA3,1,7,5,6,4\nA4,1,9,9,7,3\nA5,1,11,10,3,7\nA6,1,6,9,5,4\n",
               "[portfolio]\nscoring = topsis\n"
               "[criterion c1]\ncolumn = c1\nweight = 0.4\n[criterion c2]\ncolumn = c2\nweight = 0.3\n"
               "[criterion c3]\ncolumn = c3\nweight = 0.1\n[criterion c4]\ncolumn = c4\nweight = 0.2\n");
    const double want[] = {0.387, 0.327, 0.391, 0.615, 0.868, 0.493};
    for (size_t i = 0; i < 6; i++)
        if (fabs(c.s.score[i] - want[i]) > 0.0005)
            fail_msg("alternative %zu: closeness %.6f, published %.3f", i + 1, c.s.score[i], want[i]);
    assert_int_equal(c.s.order[0], 4); /* A5 best */
    scored_free(&c);
}

/* The same method on a second reference (JMcDM's test): 3 alternatives, 4 benefit criteria,
 * weights 4:2:6:8, closeness 0.3876870, 0.6503238, 0.0834767. And a cost criterion mirrors. */
static void topsis_second_reference_and_directions(void **state)
{
    (void)state;
    scored c;
    score_case(&c, "id,cost,c1,c2,c3,c4\nA,1,9,7,6,7\nB,1,8,7,9,6\nC,1,7,8,6,6\n",
               "[portfolio]\nscoring = topsis\n"
               "[criterion c1]\ncolumn = c1\nweight = 4\n[criterion c2]\ncolumn = c2\nweight = 2\n"
               "[criterion c3]\ncolumn = c3\nweight = 6\n[criterion c4]\ncolumn = c4\nweight = 8\n");
    const double want[] = {0.3876870, 0.6503238, 0.0834767};
    for (size_t i = 0; i < 3; i++)
        assert_true(fabs(c.s.score[i] - want[i]) < 1e-6);
    scored_free(&c);
    /* One criterion, lower is better: the smallest value is the ideal (closeness 1), the largest
     * the anti-ideal (0), and minmax normalisation puts the middle one at the middle. */
    score_case(&c, "id,cost,v\nA,1,2\nB,1,4\nC,1,6\n",
               "[portfolio]\nscoring = topsis\ntopsis_normalisation = minmax\n"
               "[criterion v]\ncolumn = v\nweight = 1\ndirection = min\n");
    assert_rel(c.s.score[0], 1, 1e-12);
    assert_rel(c.s.score[1], 0.5, 1e-12);
    assert_rel(c.s.score[2], 0, 1e-12);
    scored_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minmax_max_and_min_recompute_by_hand),
        cmocka_unit_test(range_max_and_min_recompute_by_hand),
        cmocka_unit_test(none_keeps_raw_values_and_negates_for_min),
        cmocka_unit_test(constant_criterion_scores_zero_with_a_warning),
        cmocka_unit_test(topsis_reproduces_papathanasiou_and_ploskas),
        cmocka_unit_test(topsis_second_reference_and_directions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
