/* test_support.h - helpers shared by folio's cmocka tests (include after cmocka.h). */
#ifndef FOLIO_TEST_SUPPORT_H
#define FOLIO_TEST_SUPPORT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

/* Fails unless d holds a diagnostic at line (any line when < 0) about column (any when NULL) whose
 * message contains fragment; prints what it has on failure. */
static inline void assert_diag(const diags *d, int line, const char *column, const char *fragment)
{
    char buf[1024];
    for (size_t i = 0; i < d->count; i++) {
        const diag *g = &d->items[i];
        if ((line < 0 || g->line == line) && (column == NULL || (g->column && strcmp(g->column, column) == 0)) &&
            strstr(g->message, fragment) != NULL)
            return;
    }
    for (size_t i = 0; i < d->count; i++) {
        diag_format(&d->items[i], buf, sizeof buf);
        print_error("  have: %s\n", buf);
    }
    fail_msg("no diagnostic at line %d column %s containing \"%s\"", line, column ? column : "-", fragment);
}

/* How many random instances an oracle test runs: all, or under the sanitizers (FOLIO_TEST_SANITIZED)
 * the first third of them. Every instance is still checked in full; what the normal build also
 * checks is that the instances reached each case often enough (at least n), which under the
 * sanitizers is only that they reached it (at least 1 or 2). Under AddressSanitizer each of CBC's
 * factorisations maps and unmaps memory of its own, and on a machine that reclaims memory eagerly
 * that made the sanitizer build five times slower (tools/BENCHMARKS.md). */
#ifdef FOLIO_TEST_SANITIZED
#define ORACLE_SHARE 3
#define ORACLE_AT_LEAST(n) 1
#else
#define ORACLE_SHARE 1
#define ORACLE_AT_LEAST(n) (n)
#endif
#define ORACLE_INSTANCES(n) (((n) + ORACLE_SHARE - 1) / ORACLE_SHARE)

/* Relative comparison in the manner of GSL's gsl_test_rel. */
static inline void assert_rel(double got, double want, double rel)
{
    double scale = fabs(want) > 1 ? fabs(want) : 1;
    if (!(fabs(got - want) <= rel * scale))
        fail_msg("got %.17g, want %.17g (relative tolerance %g)", got, want, rel);
}



#include <stdlib.h>
#include <unistd.h>

/* Writes text to dir/name; fails the test when it cannot. Returns the path (static buffer ring). */
static inline const char *write_test_file(const char *dir, const char *name, const char *text)
{
    static char paths[8][512];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, 512, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Makes a fresh temporary directory for one test; remove it with remove_test_dir(). */
static inline char *make_test_dir(void)
{
    char tmpl[] = "/tmp/folio-test-XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (dir == NULL)
        fail_msg("mkdtemp failed");
    return strdup(dir);
}

static inline void remove_test_dir(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        print_error("could not remove %s\n", dir);
    free(dir);
}
#endif
