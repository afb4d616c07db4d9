/* test_processes.c -- Criterion tests of processes.c: child processes that
 * report essays to their caller.
 *
 * Each test starts a few children whose bodies report made-up essays and
 * end as the test asks (finished, failed with a message, killed, or exited
 * without a word), then checks what reached the caller's report function,
 * the summary added up, and the status and message that speak for all.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "private.h"

#define MAX_REPORTS 64

typedef struct {
    char *paths[MAX_REPORTS];
    essay_change changes[MAX_REPORTS];
    char *errors[MAX_REPORTS];
    size_t n;
} reports;

static void collect(const char *path, essay_change change, size_t bytes, const char *error,
                    void *ctx)
{
    (void)bytes;
    reports *r = ctx;
    cr_assert_lt(r->n, MAX_REPORTS);
    r->paths[r->n] = strdup(path);
    r->errors[r->n] = error ? strdup(error) : NULL;
    r->changes[r->n++] = change;
}

static void reports_free(reports *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->paths[i]);
        free(r->errors[i]);
    }
}

static size_t reported(const reports *r, const char *path, essay_change change)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += strcmp(r->paths[i], path) == 0 && r->changes[i] == change;
    return n;
}

/* How child k ends: by ending[k]. */
enum { FINISH, FAIL, KILLED, SILENT };
static int ending[4];

/* Child k reports essays essay-k-0 .. essay-k-2 added (10 bytes and one
 * paragraph each) and one skipped, then ends as asked. */
static void child(unsigned k, unsigned n, int fd, const void *arg)
{
    (void)n;
    (void)arg;
    essay_channel c = { .fd = fd };
    essay_update_summary sum = { 0 };
    for (int i = 0; i < 3; i++) {
        char path[32];
        snprintf(path, sizeof path, "essay-%u-%d", k, i);
        essay__send_report(path, ESSAY_ADDED, 10, NULL, &c);
        sum.added++;
        sum.paragraphs++;
        sum.bytes += 10;
    }
    essay__send_report("broken", ESSAY_SKIPPED, 0, "not UTF-8 at byte 3", &c);
    sum.skipped++;
    if (ending[k] == KILLED)
        raise(SIGKILL);
    if (ending[k] == SILENT)
        _exit(0);
    char *err = ending[k] == FAIL ? strdup("the disk is full") : NULL;
    essay__end_process(&c, ending[k] == FAIL ? ESSAY_IO : ESSAY_OK, &sum, err);
}

static char *name_of(const char *base, unsigned k)
{
    char *p;
    return asprintf(&p, "%s/part%u", base, k) < 0 ? NULL : p;
}

/* Run children 0 .. n-1 to their ends. */
static essay_status run(unsigned n, reports *r, essay_update_summary *sum, char **err)
{
    essay_update_options opt = { .report = collect, .ctx = r };
    essay_process_set ps;
    memset(sum, 0, sizeof *sum);
    essay_status st = essay__processes_init(&ps, n, "part", &opt, sum, err);
    cr_assert_eq(st, ESSAY_OK);
    for (unsigned k = 0; k < n; k++)
        cr_assert_eq(essay__processes_start(&ps, k, child, NULL), 0);
    return essay__processes_end(&ps, name_of, "/idx", err);
}

Test(processes, reports_reach_the_caller_and_summaries_add_up)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    memset(ending, 0, sizeof ending);
    cr_assert_eq(run(3, &r, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_null(err);
    cr_assert_eq(r.n, 12);
    for (unsigned k = 0; k < 3; k++)
        for (int i = 0; i < 3; i++) {
            char path[32];
            snprintf(path, sizeof path, "essay-%u-%d", k, i);
            cr_assert_eq(reported(&r, path, ESSAY_ADDED), 1, "%s", path);
        }
    cr_assert_eq(reported(&r, "broken", ESSAY_SKIPPED), 3);
    for (size_t i = 0; i < r.n; i++)
        if (r.changes[i] == ESSAY_SKIPPED)
            cr_assert_str_eq(r.errors[i], "not UTF-8 at byte 3");
    cr_assert_eq(sum.added, 9);
    cr_assert_eq(sum.skipped, 3);
    cr_assert_eq(sum.paragraphs, 9);
    cr_assert_eq(sum.bytes, 90);
    reports_free(&r);
}

Test(processes, the_first_failure_speaks_for_all)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    memset(ending, 0, sizeof ending);
    ending[1] = FAIL;
    cr_assert_eq(run(3, &r, &sum, &err), ESSAY_IO);
    cr_assert_not_null(err);
    cr_assert_str_eq(err, "part 1 ('/idx/part1'): the disk is full (0 other parts failed; "
                     "2 finished)");
    cr_assert_eq(sum.added, 9, "what every child did is still added up");
    free(err);
    reports_free(&r);
}

Test(processes, a_killed_child_and_a_silent_one_are_named)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    memset(ending, 0, sizeof ending);
    ending[0] = KILLED;
    ending[2] = SILENT;
    cr_assert_eq(run(3, &r, &sum, &err), ESSAY_IO);
    cr_assert_not_null(err);
    cr_assert_str_eq(err, "part 0 ('/idx/part0'): the process of part 0 was killed by signal 9 "
                     "(1 other part failed; 1 finished)");
    cr_assert_eq(reported(&r, "essay-0-2", ESSAY_ADDED), 1, "its reports before it died arrive");
    free(err);
    reports_free(&r);
}

Test(processes, there_is_at_least_one_processor)
{
    cr_assert_geq(essay__processors(), 1);
}
