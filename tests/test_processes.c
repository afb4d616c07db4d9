/* test_processes.c -- Criterion tests of processes.c: child processes that
 * report essays to their caller.
 *
 * Each test starts a few children whose bodies report made-up essays and
 * end as the test asks (finished, failed with a message, killed, exited
 * without a word, or stopped when the caller stops), then checks what
 * reached the caller's report function, the summary added up, and the
 * status and message that speak for all; and that a child holds none of the
 * caller's descriptors (its lock).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
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

/* How child k ends: by ending[k].  STOPPED waits for the caller to stop,
 * and ends ESSAY_INTERRUPTED (fails if it was not told to); LOCKLESS
 * finishes if the descriptor 'inherited' is not open in it, and fails if it
 * is. */
enum { FINISH, FAIL, KILLED, SILENT, STOPPED, LOCKLESS };
static int ending[4];
static int inherited = -1;

/* Child k reports essays essay-k-0 .. essay-k-2 added (10 bytes and one
 * paragraph each) and one skipped, then ends as ending[k] asks. */
static void child(unsigned k, unsigned n, essay_channel *c, const void *arg)
{
    (void)n;
    (void)arg;
    essay_update_summary sum = { 0 };
    for (int i = 0; i < 3; i++) {
        char path[32];
        snprintf(path, sizeof path, "essay-%u-%d", k, i);
        essay__send_report(path, ESSAY_ADDED, 10, NULL, c);
        sum.added++;
        sum.paragraphs++;
        sum.bytes += 10;
    }
    essay__send_report("broken", ESSAY_SKIPPED, 0, "not UTF-8 at byte 3", c);
    sum.skipped++;
    if (ending[k] == KILLED)
        raise(SIGKILL);
    if (ending[k] == SILENT)
        _exit(0);
    essay_status st = ending[k] == FAIL ? ESSAY_IO : ESSAY_OK;
    if (ending[k] == STOPPED) {
        /* A report longer than the pipe holds returns once the caller has
         * read from it, so after the caller's poll, which sets the stop flag
         * first (processes.c): no waiting by the clock. */
        static char longer_than_the_pipe[(1u << 17) + 1];
        memset(longer_than_the_pipe, 'w', sizeof longer_than_the_pipe - 1);
        essay__send_report(longer_than_the_pipe, ESSAY_UNCHANGED, 0, NULL, c);
        st = *c->stop ? ESSAY_INTERRUPTED : ESSAY_IO;   /* ESSAY_IO: never told to stop */
    }
    if (ending[k] == LOCKLESS && fcntl(inherited, F_GETFD) != -1)
        st = ESSAY_IO;
    char *err = st == ESSAY_IO ? strdup("the disk is full") : NULL;
    essay__end_process(c, st, &sum, err);
}

static char *name_of(const char *base, unsigned k)
{
    char *p;
    return asprintf(&p, "%s/part%u", base, k) < 0 ? NULL : p;
}

/* Run children 0 .. n-1 to their ends, the caller asking them to stop if
 * *stop; in *finished (if not NULL), how many finished. */
static essay_status run_stopping(unsigned n, const volatile sig_atomic_t *stop, reports *r,
                                 essay_update_summary *sum, unsigned *finished, char **err)
{
    essay_update_options opt = { .report = collect, .ctx = r, .stop = stop };
    essay_process_set ps;
    memset(sum, 0, sizeof *sum);
    essay_status st = essay__processes_init(&ps, n, "part", &opt, sum, err);
    cr_assert_eq(st, ESSAY_OK);
    for (unsigned k = 0; k < n; k++)
        cr_assert_eq(essay__processes_start(&ps, k, child, NULL), 0);
    st = essay__processes_end(&ps, name_of, "/idx", err);
    if (finished)
        *finished = ps.finished;
    return st;
}

static essay_status run(unsigned n, reports *r, essay_update_summary *sum, char **err)
{
    return run_stopping(n, NULL, r, sum, NULL, err);
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

Test(processes, children_stop_when_the_caller_does)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    unsigned finished = 0;
    memset(ending, 0, sizeof ending);
    ending[1] = STOPPED;
    ending[2] = STOPPED;
    static volatile sig_atomic_t stop = 1;
    cr_assert_eq(run_stopping(3, &stop, &r, &sum, &finished, &err), ESSAY_INTERRUPTED, "%s", err);
    cr_assert_null(err, "the caller says what was kept");
    cr_assert_eq(finished, 1);
    cr_assert_eq(sum.added, 9, "what every child did is still added up");
    reports_free(&r);
}

Test(processes, a_stop_after_all_finished_is_no_interruption)
{
    reports r = { 0 };
    essay_update_summary sum;
    unsigned finished = 0;
    memset(ending, 0, sizeof ending);
    static volatile sig_atomic_t stop = 1;
    cr_assert_eq(run_stopping(2, &stop, &r, &sum, &finished, NULL), ESSAY_OK);
    cr_assert_eq(finished, 2);
    reports_free(&r);
}

Test(processes, a_child_inherits_none_of_the_callers_descriptors)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    memset(ending, 0, sizeof ending);
    ending[0] = LOCKLESS;
    inherited = open("/dev/null", O_RDONLY);   /* as the caller's lock would be */
    cr_assert_geq(inherited, 0);
    cr_assert_eq(run(1, &r, &sum, &err), ESSAY_OK, "%s", err);
    close(inherited);
    reports_free(&r);
}

Test(processes, there_is_at_least_one_processor)
{
    cr_assert_geq(essay__processors(), 1);
}
