/* test_worker.c - a worker process brings back exactly what it produced, and a failing one says so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "worker.h"

static void buffer_round_trip(void **state)
{
    (void)state;
    worker_buf b = {0};
    for (int k = 0; k < 10000; k++)
        assert_true(worker_buf_put(&b, &k, sizeof k));
    assert_int_equal(b.size, 10000 * sizeof(int));
    size_t at = 0;
    for (int k = 0; k < 10000; k++) {
        int v = -1;
        assert_true(worker_buf_get(&b, &at, &v, sizeof v));
        assert_int_equal(v, k);
    }
    int v = 7;
    assert_false(worker_buf_get(&b, &at, &v, sizeof v)); /* nothing left: nothing copied */
    assert_int_equal(v, 7);
    worker_buf_clear(&b);
    assert_null(b.data);
    assert_int_equal(b.size, 0);
}

/* A megabyte and a half: more than a pipe holds, so the parent must read while the worker writes. */
#define LARGE (3u << 19)

static folio_error produce(void *ctx, worker_buf *out)
{
    const unsigned *seed = ctx;
    for (unsigned k = 0; k < LARGE / sizeof k; k++) {
        unsigned v = k * 2654435761u + *seed;
        if (!worker_buf_put(out, &v, sizeof v))
            return FOLIO_ENOMEM;
    }
    return FOLIO_OK;
}

static folio_error produce_then_fail(void *ctx, worker_buf *out)
{
    (void)ctx;
    unsigned v = 1;
    return worker_buf_put(out, &v, sizeof v) ? FOLIO_ESOLVER : FOLIO_ENOMEM;
}

static folio_error sleep_long(void *ctx, worker_buf *out)
{
    (void)ctx;
    (void)out;
    sleep(60);
    return FOLIO_OK;
}

static void worker_sends_everything(void **state)
{
    (void)state;
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
        skip(); /* one processor: the caller does the work itself; nothing to test here */
    unsigned seed = 12345;
    worker wk;
    assert_true(worker_start(&wk, produce, &seed));
    seed = 0; /* the worker has its own copy of memory as it was */
    worker_buf got = {0};
    assert_int_equal(worker_finish(&wk, &got), FOLIO_OK);
    assert_int_equal(got.size, LARGE);
    size_t at = 0;
    for (unsigned k = 0; k < LARGE / sizeof k; k++) {
        unsigned v;
        assert_true(worker_buf_get(&got, &at, &v, sizeof v));
        assert_int_equal(v, k * 2654435761u + 12345u);
    }
    worker_buf_clear(&got);
}

static void failing_worker_is_an_error(void **state)
{
    (void)state;
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
        skip();
    worker wk;
    assert_true(worker_start(&wk, produce_then_fail, NULL));
    worker_buf got = {0};
    assert_int_equal(worker_finish(&wk, &got), FOLIO_EIO); /* it sends nothing when it fails */
    worker_buf_clear(&got);
}

static void abandoned_worker_is_stopped(void **state)
{
    (void)state;
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
        skip();
    worker wk;
    assert_true(worker_start(&wk, sleep_long, NULL));
    worker_abandon(&wk); /* returns at once, not after the worker's minute */
    assert_int_equal(wk.pid, -1);
}

/* A shared list of tasks: cubes of 0..199, each task taking a moment so that both processes get
 * some. */
#define TASKS 200

typedef struct cubes {
    long value[TASKS];
    bool here[TASKS]; /* done in this process */
    int fail;         /* 1: the worker fails at its fifth task; 2: take() finds its third result short */
    int takes;
} cubes;

static folio_error cube_task(void *ctx, size_t k, worker_buf *wire)
{
    cubes *x = ctx;
    usleep(500);
    long v = (long)(k * k * k);
    if (wire == NULL) {
        x->value[k] = v;
        x->here[k] = true;
        return FOLIO_OK;
    }
    static int in_worker;
    if (x->fail == 1 && ++in_worker == 5)
        return FOLIO_ESOLVER;
    return worker_buf_put(wire, &v, sizeof v) ? FOLIO_OK : FOLIO_ENOMEM;
}

static folio_error cube_take(void *ctx, size_t k, const worker_buf *wire, size_t *at)
{
    cubes *x = ctx;
    if (x->fail == 2 && ++x->takes == 3)
        return FOLIO_EIO;
    return worker_buf_get(wire, at, &x->value[k], sizeof x->value[k]) ? FOLIO_OK : FOLIO_EIO;
}

static void shared_tasks_give_the_same_result(void **state)
{
    (void)state;
    bool two = sysconf(_SC_NPROCESSORS_ONLN) >= 2;
    for (int mode = 0; mode < 4; mode++) { /* shared, failing worker, short result, not shared */
        cubes x;
        memset(&x, 0, sizeof x);
        x.fail = mode == 1 || mode == 2 ? mode : 0;
        assert_int_equal(worker_share(&x, TASKS, cube_task, cube_take, mode != 3), FOLIO_OK);
        size_t here = 0;
        for (size_t k = 0; k < TASKS; k++) {
            assert_int_equal(x.value[k], (long)(k * k * k));
            here += x.here[k];
        }
        if (mode == 3 || mode == 1 || !two) {
            assert_int_equal(here, TASKS); /* everything here, in the end */
        } else {
            assert_true(here > 0 && here < TASKS); /* both processes took tasks */
            if (mode == 2 && x.takes >= 3)
                assert_int_equal(here, TASKS - 2); /* two recorded, the short one and the rest here */
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buffer_round_trip),
        cmocka_unit_test(worker_sends_everything),
        cmocka_unit_test(failing_worker_is_an_error),
        cmocka_unit_test(abandoned_worker_is_stopped),
        cmocka_unit_test(shared_tasks_give_the_same_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
