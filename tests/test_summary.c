/* test_summary.c - the JSON summary read back by another JSON library (jansson): valid, every key the
 * README documents and no other, values that agree with the run and with a recomputation, nulls
 * where there is nothing, and byte for byte the same when written again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_fixture.h"
#include "summary.h"

static json_t *write_and_read(run_fixture *f, const char *name)
{
    const char *path = run_fixture_path(f, name);
    assert_int_equal(summary_write(f->run, &f->opt, &f->d, path), FOLIO_OK);
    json_error_t error;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &error);
    if (root == NULL)
        fail_msg("%s:%d: %s", name, error.line, error.text);
    return root;
}

static char *slurp(const char *path)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    buf[n] = '\0';
    return strdup(buf);
}

/* The top-level keys of the README's summary table ("| `key` |" rows after its heading). */
static size_t readme_summary_keys(char keys[][64], size_t max)
{
    char *readme = slurp(FOLIO_SOURCE_DIR "/README.md");
    const char *p = strstr(readme, "### JSON summary");
    assert_non_null(p);
    const char *end = strstr(p + 1, "\n## ");
    size_t n = 0;
    for (const char *q = p; (q = strstr(q, "\n| `")) != NULL && (end == NULL || q < end) && n < max; q++) {
        const char *k = q + 4;
        const char *close = strchr(k, '`');
        const char *cell_end = strchr(k, '|'); /* the first cell: "| `a`, `b` |" holds several keys */
        snprintf(keys[n++], 64, "%.*s", (int)(close - k), k);
        for (const char *more = close; (more = strstr(more, "`, `")) != NULL && more < cell_end && n < max;) {
            more += 4;
            close = strchr(more, '`');
            snprintf(keys[n++], 64, "%.*s", (int)(close - more), more);
        }
    }
    free(readme);
    return n;
}

static void the_summary_has_every_documented_key_and_no_other(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_timed, NULL), FOLIO_OK);
    json_t *root = write_and_read(&f, "s.json");
    char keys[64][64];
    size_t n = readme_summary_keys(keys, 64);
    assert_true(n >= 25);
    for (size_t k = 0; k < n; k++)
        if (json_object_get(root, keys[k]) == NULL)
            fail_msg("the summary has no key \"%s\" that the README documents", keys[k]);
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value) {
        bool documented = false;
        for (size_t k = 0; k < n && !documented; k++)
            documented = strcmp(keys[k], key) == 0;
        if (!documented)
            fail_msg("the summary's key \"%s\" is not in the README", key);
    }
    json_decref(root);
    run_fixture_clear(&f);
}

/* The warnings, in the order the run has them, each with its file, line and column. */
static void the_summary_lists_the_warnings(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_single, "[policy ghost]\ncategory = Nowhere\nmax = 1\n"),
                     FOLIO_OK);
    diags_sort(&f.d);
    json_t *root = write_and_read(&f, "s.json");
    json_t *warnings = json_object_get(root, "warnings");
    assert_true(json_is_array(warnings));
    assert_int_equal(json_array_size(warnings), f.d.n_warnings);
    assert_true(f.d.n_warnings >= 1);
    size_t k = 0, ghost = 0;
    for (size_t i = 0; i < f.d.count; i++) {
        const diag *g = &f.d.items[i];
        if (g->severity != DIAG_WARNING)
            continue;
        json_t *w = json_array_get(warnings, k++);
        assert_string_equal(json_string_value(json_object_get(w, "message")), g->message);
        assert_string_equal(json_string_value(json_object_get(w, "file")), g->file);
        if (g->line > 0)
            assert_int_equal(json_integer_value(json_object_get(w, "line")), g->line);
        else
            assert_true(json_is_null(json_object_get(w, "line")));
        ghost += strstr(g->message, "names category \"Nowhere\", which no project has") != NULL;
    }
    assert_int_equal(ghost, 1);
    json_decref(root);
    run_fixture_clear(&f);
}

static void the_summary_agrees_with_the_run(void **state)
{
    (void)state;
    run_fixture f;
    assert_int_equal(run_fixture_solve(&f, fixture_rules_single, NULL), FOLIO_OK);
    const folio_run *run = f.run;
    const model *m = run->m;
    json_t *root = write_and_read(&f, "s.json");
    assert_string_equal(json_string_value(json_object_get(root, "status")), "optimal");
    assert_true(json_number_value(json_object_get(root, "objective")) == run->result.objective);
    assert_true(json_number_value(json_object_get(root, "gap")) == 0);
    /* Selected ids, count and cost, recomputed from the projects' rows. */
    json_t *projects = json_object_get(root, "projects"), *selected = json_object_get(root, "selected");
    assert_int_equal(json_array_size(projects), m->n_projects);
    double cost = 0, objective = 0;
    size_t count = 0, rank = 0;
    size_t q;
    json_t *p;
    json_array_foreach(projects, q, p) {
        size_t r = (size_t)json_integer_value(json_object_get(p, "rank"));
        assert_true(r > rank); /* in rank order */
        rank = r;
        assert_non_null(json_string_value(json_object_get(p, "reason")));
        if (!json_is_true(json_object_get(p, "selected")))
            continue;
        const char *id = json_string_value(json_object_get(p, "id"));
        assert_string_equal(json_string_value(json_array_get(selected, count)), id);
        count++;
        objective += json_number_value(json_object_get(p, "score"));
        for (size_t i = 0; i < m->n_projects; i++)
            if (strcmp(m->projects[i].id, id) == 0)
                cost += m->projects[i].cost;
    }
    assert_int_equal(json_array_size(selected), count);
    assert_int_equal(json_integer_value(json_object_get(root, "selected_count")), count);
    assert_rel(json_number_value(json_object_get(root, "selected_cost")), cost, 1e-12);
    assert_rel(json_number_value(json_object_get(root, "objective")), objective, 1e-12);
    /* Every capacity within its limit, every policy met. */
    json_array_foreach(json_object_get(root, "capacities"), q, p)
        assert_true(json_number_value(json_object_get(p, "used")) <=
                    json_number_value(json_object_get(p, "limit")) + 1e-9);
    json_array_foreach(json_object_get(root, "policies"), q, p)
        assert_true(json_number_value(json_object_get(p, "value")) >= json_number_value(json_object_get(p, "limit")));
    /* The analyses and the scenarios are there. */
    assert_true(json_is_object(json_object_get(root, "sensitivity")));
    assert_true(json_array_size(json_object_get(json_object_get(root, "frontier"), "points")) >= 2);
    assert_int_equal(json_array_size(json_object_get(root, "scenarios")), 2);
    assert_true(json_is_null(json_object_get(root, "ahp")));
    json_decref(root);
    /* Written again: the same bytes. */
    char *a = slurp(run_fixture_path(&f, "s.json"));
    json_decref(write_and_read(&f, "again.json"));
    char *b = slurp(run_fixture_path(&f, "again.json"));
    assert_string_equal(a, b);
    free(a);
    free(b);
    run_fixture_clear(&f);
}

static void an_impossible_plan_has_nulls_and_its_conflict(void **state)
{
    (void)state;
    run_fixture f;
    char *rules = strdup(fixture_rules_single);
    memcpy(strstr(rules, "limit = 11"), "limit = 01", 10); /* leading zero: the same line length */
    assert_int_equal(run_fixture_solve(&f, rules, NULL), FOLIO_OK);
    json_t *root = write_and_read(&f, "s.json");
    assert_string_equal(json_string_value(json_object_get(root, "status")), "infeasible");
    assert_true(json_is_null(json_object_get(root, "objective")));
    assert_true(json_is_null(json_object_get(root, "bound")));
    assert_int_equal(json_array_size(json_object_get(root, "selected")), 0);
    assert_true(json_array_size(json_object_get(root, "conflicts")) >= 1);
    assert_true(json_is_null(json_object_get(root, "sensitivity")));
    assert_true(json_is_null(json_object_get(root, "frontier")));
    json_decref(root);
    free(rules);
    run_fixture_clear(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_summary_has_every_documented_key_and_no_other),
        cmocka_unit_test(the_summary_lists_the_warnings),
        cmocka_unit_test(the_summary_agrees_with_the_run),
        cmocka_unit_test(an_impossible_plan_has_nulls_and_its_conflict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
