/* test_ahp.c - AHP weights, lambda_max and consistency against published examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "ahp.h"
#include "test_support.h"

/* Fills the n x n judgment matrix from (i, j, a(i,j)) triples, with reciprocals and a unit diagonal. */
static void judge(size_t n, double *a, const double (*t)[3], size_t count)
{
    for (size_t i = 0; i < n * n; i++)
        a[i] = 0;
    for (size_t i = 0; i < n; i++)
        a[i * n + i] = 1;
    for (size_t k = 0; k < count; k++) {
        size_t i = (size_t)t[k][0], j = (size_t)t[k][1];
        a[i * n + j] = t[k][2];
        a[j * n + i] = 1 / t[k][2];
    }
}

/* Saaty, T. L. (2008), 'Decision making with the analytic hierarchy process', Int. J. Services
 * Sciences 1(1), 83-98: relative consumption of drinks in the US, n = 7. Published priorities
 * (to 3 places; to 4 as AHPy reproduces them) and CR 0.022 with Saaty's random index. */
static void saaty_drinks_example_reproduces(void **state)
{
    (void)state;
    enum { COFFEE, WINE, TEA, BEER, SODA, MILK, WATER, N };
    const double t[][3] = {
        {COFFEE, WINE, 9}, {COFFEE, TEA, 5}, {COFFEE, BEER, 2}, {COFFEE, SODA, 1}, {COFFEE, MILK, 1},
        {WATER, COFFEE, 2}, {WATER, WINE, 9}, {WATER, TEA, 9}, {WATER, BEER, 3}, {WATER, SODA, 2}, {WATER, MILK, 3},
        {TEA, WINE, 3}, {BEER, WINE, 9}, {BEER, TEA, 3}, {BEER, MILK, 1}, {SODA, WINE, 9}, {SODA, TEA, 4},
        {SODA, BEER, 2}, {SODA, MILK, 2}, {MILK, WINE, 9}, {MILK, TEA, 3},
    };
    double a[N * N];
    judge(N, a, t, sizeof t / sizeof *t);
    ahp_result r;
    assert_int_equal(ahp_solve(N, a, AHP_EIGENVECTOR, &r), FOLIO_OK);
    const double want[N] = {0.1775, 0.0191, 0.0418, 0.1164, 0.1896, 0.1288, 0.3268};
    for (size_t i = 0; i < N; i++)
        if (fabs(r.weights[i] - want[i]) > 0.00005)
            fail_msg("drink %zu: weight %.6f, published %.4f", i, r.weights[i], want[i]);
    assert_true(fabs(r.cr - 0.022) < 0.0005);
    assert_rel(r.ri, 1.32, 0);
    assert_rel(r.ci, (r.lambda_max - 7) / 6, 1e-12);
    assert_int_equal(r.n_missing, 0);
    ahp_result_free(&r);
}

/* Bozoki, Fulop and Ronyai (2010), 'On optimal completion of incomplete pairwise comparison
 * matrices', Math. Comput. Modelling 52, 318-333: the 4 x 4 example without a(c,d). The optimal
 * completion is a(c,d) = 0.7303 and the priorities are a 0.3738, b 0.392, c 0.0985, d 0.1357. */
static void incomplete_matrix_completes_to_the_published_optimum(void **state)
{
    (void)state;
    const double t[][3] = {{0, 1, 1}, {0, 2, 5}, {0, 3, 2}, {1, 2, 3}, {1, 3, 4}};
    double a[16];
    judge(4, a, t, 5);
    ahp_result r;
    assert_int_equal(ahp_solve(4, a, AHP_EIGENVECTOR, &r), FOLIO_OK);
    assert_int_equal(r.n_missing, 1);
    if (fabs(r.matrix[2 * 4 + 3] - 0.730297106886979) > 1e-6)
        fail_msg("a(c,d) completed to %.9f, published 0.730297", r.matrix[2 * 4 + 3]);
    const double want[4] = {0.3738, 0.392, 0.0985, 0.1357};
    for (size_t i = 0; i < 4; i++)
        if (fabs(r.weights[i] - want[i]) > 0.00005)
            fail_msg("element %zu: weight %.6f, published %.4f", i, r.weights[i], want[i]);
    /* The complete matrix of the same paper, with a(c,d) = 3/4: b 0.3917, a 0.3742, d 0.1349, c 0.0991. */
    const double full[][3] = {{0, 1, 1}, {0, 2, 5}, {0, 3, 2}, {1, 2, 3}, {1, 3, 4}, {2, 3, 0.75}};
    judge(4, a, full, 6);
    ahp_result_free(&r);
    assert_int_equal(ahp_solve(4, a, AHP_EIGENVECTOR, &r), FOLIO_OK);
    const double want_full[4] = {0.3742, 0.3917, 0.0991, 0.1349};
    for (size_t i = 0; i < 4; i++)
        assert_true(fabs(r.weights[i] - want_full[i]) <= 0.00005);
    ahp_result_free(&r);
}

/* Saaty's house example: the 8 x 8 matrix of Saaty, T. L. (1990), 'How to make a decision: the
 * analytic hierarchy process', Eur. J. Oper. Res. 48, 9-26 (size of house, transportation,
 * neighbourhood, age, yard, modern facilities, general condition, financing). Published: priorities
 * 0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333; lambda_max 9.669, CI 0.238, CR 0.169:
 * inconsistent, and said so. */
enum { SIZE, TRANSPORT, NEIGHBOURHOOD, AGE, YARD, MODERN, CONDITION, FINANCING, HOUSE_N };
static const double house_full[][3] = {
    {SIZE, TRANSPORT, 5},        {SIZE, NEIGHBOURHOOD, 3},      {SIZE, AGE, 7},
    {SIZE, YARD, 6},             {SIZE, MODERN, 6},             {SIZE, CONDITION, 1.0 / 3},
    {SIZE, FINANCING, 1.0 / 4},  {TRANSPORT, NEIGHBOURHOOD, 1.0 / 3}, {TRANSPORT, AGE, 5},
    {TRANSPORT, YARD, 3},        {TRANSPORT, MODERN, 3},        {TRANSPORT, CONDITION, 1.0 / 5},
    {TRANSPORT, FINANCING, 1.0 / 7}, {NEIGHBOURHOOD, AGE, 6},   {NEIGHBOURHOOD, YARD, 3},
    {NEIGHBOURHOOD, MODERN, 4},  {NEIGHBOURHOOD, CONDITION, 6}, {NEIGHBOURHOOD, FINANCING, 1.0 / 5},
    {AGE, YARD, 1.0 / 3},        {AGE, MODERN, 1.0 / 4},        {AGE, CONDITION, 1.0 / 7},
    {AGE, FINANCING, 1.0 / 8},   {YARD, MODERN, 1.0 / 2},       {YARD, CONDITION, 1.0 / 5},
    {YARD, FINANCING, 1.0 / 6},  {MODERN, CONDITION, 1.0 / 5},  {MODERN, FINANCING, 1.0 / 6},
    {CONDITION, FINANCING, 1.0 / 2},
};

static void saaty_house_example_is_inconsistent_as_published(void **state)
{
    (void)state;
    double a[HOUSE_N * HOUSE_N];
    judge(HOUSE_N, a, house_full, sizeof house_full / sizeof *house_full);
    ahp_result r;
    assert_int_equal(ahp_solve(HOUSE_N, a, AHP_EIGENVECTOR, &r), FOLIO_OK);
    const double want[HOUSE_N] = {0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333};
    for (size_t i = 0; i < HOUSE_N; i++)
        if (fabs(r.weights[i] - want[i]) > 0.0005)
            fail_msg("criterion %zu: weight %.6f, published %.3f", i, r.weights[i], want[i]);
    if (fabs(r.lambda_max - 9.669) > 0.0005 || fabs(r.ci - 0.238) > 0.0005 || fabs(r.cr - 0.169) > 0.0005)
        fail_msg("lambda_max %.4f CI %.4f CR %.4f; published 9.669, 0.238, 0.169", r.lambda_max, r.ci, r.cr);
    assert_rel(r.ri, 1.41, 0);
    /* The judgment furthest from the priorities: neighbourhood vs general condition = 6, where the
     * priorities say 0.188 / 0.167 = 1.13; then size vs neighbourhood = 3 (0.92). */
    assert_true(r.n_worst == 3);
    assert_int_equal(r.worst[0].i, NEIGHBOURHOOD);
    assert_int_equal(r.worst[0].j, CONDITION);
    assert_rel(r.worst[0].given, 6, 0);
    assert_true(fabs(r.worst[0].consistent - 1.128) < 0.001);
    assert_int_equal(r.worst[1].i, SIZE);
    assert_int_equal(r.worst[1].j, NEIGHBOURHOOD);
    ahp_result_free(&r);
}

/* Bozoki, Fulop and Ronyai (2010), section 5: Saaty's house matrix with 12 of its 28 judgments
 * removed; the lambda_max-minimising completion they publish (as AHPy reproduces it to 1e-9). */
static void incomplete_house_completes_to_the_published_optimum(void **state)
{
    (void)state;
    const double kept[][3] = {
        {SIZE, TRANSPORT, 5}, {SIZE, NEIGHBOURHOOD, 3}, {SIZE, AGE, 7}, {SIZE, YARD, 6}, {SIZE, MODERN, 6},
        {TRANSPORT, AGE, 5}, {TRANSPORT, MODERN, 3}, {NEIGHBOURHOOD, YARD, 3}, {NEIGHBOURHOOD, CONDITION, 6},
        {MODERN, AGE, 4}, {CONDITION, SIZE, 3}, {CONDITION, YARD, 5}, {FINANCING, SIZE, 4},
        {FINANCING, TRANSPORT, 7}, {FINANCING, AGE, 8}, {FINANCING, MODERN, 6},
    };
    const double filled[][3] = {
        {TRANSPORT, NEIGHBOURHOOD, 0.3300187496240363}, {TRANSPORT, YARD, 1.7197409185349517},
        {TRANSPORT, CONDITION, 0.4663515002203321},     {NEIGHBOURHOOD, AGE, 9.920512661898753},
        {NEIGHBOURHOOD, MODERN, 4.852486449214693},     {NEIGHBOURHOOD, FINANCING, 0.5696073301509899},
        {AGE, YARD, 0.5252768142894285},                {AGE, CONDITION, 0.1424438146531802},
        {YARD, MODERN, 0.9311973564754218},             {YARD, FINANCING, 0.10930828182051665},
        {MODERN, CONDITION, 0.2912120796181874},        {CONDITION, FINANCING, 0.4030898885178746},
    };
    double a[HOUSE_N * HOUSE_N];
    judge(HOUSE_N, a, kept, sizeof kept / sizeof *kept);
    ahp_result r;
    assert_int_equal(ahp_solve(HOUSE_N, a, AHP_EIGENVECTOR, &r), FOLIO_OK);
    assert_int_equal(r.n_missing, 12);
    for (size_t k = 0; k < sizeof filled / sizeof *filled; k++) {
        size_t i = (size_t)filled[k][0], j = (size_t)filled[k][1];
        double got = r.matrix[i * HOUSE_N + j];
        if (fabs(got / filled[k][2] - 1) > 1e-4)
            fail_msg("a(%zu,%zu) completed to %.9f, published %.9f", i, j, got, filled[k][2]);
    }
    ahp_result_free(&r);
}

static void consistent_matrix_has_cr_zero_and_exact_weights(void **state)
{
    (void)state;
    /* w = (0.5, 0.25, 0.125, 0.125): a(i,j) = w(i)/w(j) exactly. */
    const double t[][3] = {{0, 1, 2}, {0, 2, 4}, {0, 3, 4}, {1, 2, 2}, {1, 3, 2}, {2, 3, 1}};
    double a[16];
    judge(4, a, t, 6);
    for (int method = 0; method < 2; method++) {
        ahp_result r;
        assert_int_equal(ahp_solve(4, a, (ahp_method)method, &r), FOLIO_OK);
        assert_rel(r.weights[0], 0.5, 1e-12);
        assert_rel(r.weights[3], 0.125, 1e-12);
        assert_rel(r.lambda_max, 4, 1e-12);
        assert_true(r.cr < 1e-12);
        assert_int_equal(r.n_worst, 0);
        ahp_result_free(&r);
    }
}

static void inconsistent_judgments_are_named_with_the_consistent_value(void **state)
{
    (void)state;
    /* a > b (3), b > c (3), but c > a (3): a cycle, as inconsistent as three judgments can be. */
    const double t[][3] = {{0, 1, 3}, {1, 2, 3}, {2, 0, 3}};
    double a[9];
    judge(3, a, t, 3);
    ahp_result r;
    assert_int_equal(ahp_solve(3, a, AHP_EIGENVECTOR, &r), FOLIO_OK);
    assert_true(r.cr > 0.10);
    /* The matrix is I + 3P + P^2/3 for the cyclic shift P, whose eigenvalues are 1 + 3w + w^2/3
     * over the cube roots w of 1; the largest, at w = 1, is 13/3. */
    assert_rel(r.lambda_max, 1 + 3 + 1.0 / 3, 1e-9);
    assert_rel(r.cr, ((1 + 3 + 1.0 / 3) - 3) / 2 / 0.58, 1e-9);
    assert_true(r.n_worst >= 1);
    assert_rel(r.worst[0].consistent, 1.0, 1e-9); /* equal weights: every pair would be 1 */
    ahp_result_free(&r);
}

static void disconnected_judgments_are_refused(void **state)
{
    (void)state;
    const double t[][3] = {{0, 1, 3}, {2, 3, 2}};
    double a[16];
    judge(4, a, t, 2);
    size_t comp[4];
    assert_int_equal(ahp_components(4, a, comp), 2);
    assert_true(comp[0] == comp[1] && comp[2] == comp[3] && comp[0] != comp[2]);
    ahp_result r;
    assert_int_equal(ahp_solve(4, a, AHP_EIGENVECTOR, &r), FOLIO_EINPUT);
    ahp_result_free(&r);
}

static void random_index_is_saatys_table(void **state)
{
    (void)state;
    const double want[] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    for (size_t n = 1; n <= 15; n++)
        assert_rel(ahp_random_index(n), want[n - 1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(saaty_drinks_example_reproduces),
        cmocka_unit_test(incomplete_matrix_completes_to_the_published_optimum),
        cmocka_unit_test(saaty_house_example_is_inconsistent_as_published),
        cmocka_unit_test(incomplete_house_completes_to_the_published_optimum),
        cmocka_unit_test(consistent_matrix_has_cr_zero_and_exact_weights),
        cmocka_unit_test(inconsistent_judgments_are_named_with_the_consistent_value),
        cmocka_unit_test(disconnected_judgments_are_refused),
        cmocka_unit_test(random_index_is_saatys_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
