/* test_update.c -- Criterion tests of update.c and the files split from it
 * (walk.c, parts.c, shards.c): the shard filter of essay_index_update(),
 * the sharded index of essay_shards_update(), and an index at a path,
 * plain or sharded, updated with one call (essay_index_update_path), which
 * builds a new one as a rebuild; and that essay_index_open() bounds
 * Xapian's buffer (XAPIAN_FLUSH_THRESHOLD) for any program.
 *
 * Each test makes a small corpus of ESSAYS generated essays in a temporary
 * directory and indexes it into indexes beside it; the fixture removes it
 * all.  The reports of an update are collected (path and change) so that a
 * test can say which essays went where.  The shard of an essay is checked
 * against the id its record is under (schema.c): as a number, mod N.  One test
 * checks that an update leaves the spelling data a clean build would make;
 * two, what is not an essay file in its name or its type: a name holding a
 * newline, a FIFO; one, the corpus paths refused (inside the index, holding a
 * newline).  The last ones stop updates as a signal handler would,
 * through essay_update_options.stop raised by the report function after a
 * given number of essays: nothing is committed, and a first build (in two
 * processes) leaves nothing behind.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

#define ESSAYS 30

static char dir[64];
static char corpus[128];

/* What the reports of one update said. */
typedef struct {
    char *paths[4 * ESSAYS];
    essay_change changes[4 * ESSAYS];
    size_t n;
} reports;

static void collect(const char *path, essay_change change, size_t bytes, const char *error,
                    void *ctx)
{
    (void)bytes;
    (void)error;
    reports *r = ctx;
    if (r->n < 4 * ESSAYS) {
        r->paths[r->n] = strdup(path);
        r->changes[r->n++] = change;
    }
}

static void reports_clear(reports *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->paths[i]);
    r->n = 0;
}

static size_t count_changes(const reports *r, essay_change change)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->changes[i] == change;
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static char *path_in(const char *name)
{
    char *p;
    cr_assert_geq(asprintf(&p, "%s/%s", dir, name), 0);
    return p;
}

static void setup(void)
{
    strcpy(dir, "/tmp/test_update.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    cr_assert_eq(mkdir(corpus, 0777), 0);
    for (int i = 0; i < ESSAYS; i++) {
        char path[256], text[256];
        snprintf(path, sizeof path, "%s/essay-%02d.txt", corpus, i);
        snprintf(text, sizeof text, "Essay %d\n\nA paragraph about harbours and lighthouse "
                 "number %d.\n\nAnother about tides.\n", i, i);
        write_file(path, text);
    }
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

TestSuite(update, .init = setup, .fini = teardown);

/* Update the plain index 'name' from the corpus. */
static void update_plain(const char *name, reports *r, essay_update_summary *sum)
{
    char *index = path_in(name);
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s", err);
    const char *paths[] = { corpus };
    essay_update_options opt = { .report = collect, .ctx = r };
    cr_assert_eq(essay_index_update(ix, paths, 1, &opt, sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    free(index);
}

/* Open the plain index 'name' with 'flags', update it from 'path' (its
 * recorded paths when NULL) with 'opt', and close it (abandon it on failure). */
static essay_status update_named(const char *name, int flags, const char *path,
                                 const essay_update_options *opt, essay_update_summary *sum,
                                 char **err)
{
    char *index = path_in(name);
    essay_index *ix;
    essay_status st = essay_index_open(index, flags, NULL, &ix, err);
    free(index);
    if (st != ESSAY_OK)
        return st;
    const char *paths[] = { path };
    st = essay_index_update(ix, paths, path ? 1 : 0, opt, sum, err);
    if (st == ESSAY_OK)
        st = essay_index_close(ix, err);
    else
        essay_index_abandon(ix);
    return st;
}

/* Update the plain index 'name' from the corpus as shard k of n. */
static essay_status update_shard(const char *name, unsigned k, unsigned n, reports *r,
                                 essay_update_summary *sum, char **err)
{
    essay_update_options opt = { .report = collect, .ctx = r, .shard = k, .n_shards = n };
    return update_named(name, ESSAY_CREATE, corpus, &opt, sum, err);
}

/* Whether the plain index 'name' records the essay of the file at 'path'
 * under the id index.c gives it (its path resolved: schema.c). */
static int records(const char *name, const char *path)
{
    char *abs = realpath(path, NULL), *index = path_in(name), key[64], id[17];
    cr_assert_not_null(abs, "no file %s", path);
    essay__essay_id(abs, id);
    snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
    xc_error xe;
    xc_db *db = xc_db_open(index, &xe);
    cr_assert_not_null(db, "%s: %s", index, xe.msg);
    char *value = NULL;
    cr_assert_eq(xc_db_get_metadata(db, key, &value, NULL, &xe), 0);
    int recorded = value[0] != '\0';
    free(value);
    xc_db_close(db);
    free(index);
    free(abs);
    return recorded;
}

/* Each essay is in the shard its id (the one its record is under) names:
 * the rule of schema.c, computed once for both. */
Test(update, each_essay_goes_to_the_shard_of_its_id)
{
    size_t total = 0;
    for (unsigned k = 0; k < 3; k++) {
        char name[16];
        snprintf(name, sizeof name, "shard%u", k);
        reports r = { 0 };
        essay_update_summary sum;
        cr_assert_eq(update_shard(name, k, 3, &r, &sum, NULL), ESSAY_OK);
        cr_assert_eq(sum.added, r.n);
        for (size_t i = 0; i < r.n; i++) {
            cr_assert_eq(r.changes[i], ESSAY_ADDED);
            char *abs = realpath(r.paths[i], NULL), id[17];
            essay__essay_id(abs, id);
            cr_assert_eq(strtoull(id, NULL, 16) % 3, k, "%s (id %s) is not in shard %u",
                         r.paths[i], id, k);
            cr_assert_eq(essay__essay_shard(abs, 3), k);
            cr_assert(records(name, r.paths[i]), "shard %u has no record of %s", k, r.paths[i]);
            free(abs);
        }
        total += sum.added;
        reports_clear(&r);
    }
    cr_assert_eq(total, ESSAYS, "every essay in exactly one shard");
}

Test(update, an_index_keeps_to_its_recorded_shard)
{
    reports r = { 0 };
    essay_update_summary first, again;
    cr_assert_eq(update_shard("s", 1, 3, &r, &first, NULL), ESSAY_OK);
    cr_assert_gt(first.added, 0);
    reports_clear(&r);
    /* n_shards 0: the index's own record decides */
    cr_assert_eq(update_shard("s", 0, 0, &r, &again, NULL), ESSAY_OK);
    cr_assert_eq(again.added, 0);
    cr_assert_eq(again.unchanged, first.added);
    reports_clear(&r);
}

Test(update, a_rebuilt_shard_stays_that_shard)
{
    reports r = { 0 };
    essay_update_summary first, rebuilt, again;
    cr_assert_eq(update_shard("s", 1, 3, &r, &first, NULL), ESSAY_OK);
    char *index = path_in("s");
    essay_index *ix;
    cr_assert_eq(essay_index_open(index, ESSAY_REBUILD, NULL, &ix, NULL), ESSAY_OK);
    cr_assert_eq(essay_index_update(ix, NULL, 0, NULL, &rebuilt, NULL), ESSAY_OK);
    cr_assert_eq(essay_index_close(ix, NULL), ESSAY_OK);
    cr_assert_eq(rebuilt.added, first.added, "the rebuild took shard 1/3 only");
    cr_assert_eq(update_shard("s", 0, 0, &r, &again, NULL), ESSAY_OK);
    cr_assert_eq(again.added, 0, "and the rebuilt index records it");
    cr_assert_eq(again.unchanged, first.added);
    reports_clear(&r);
    free(index);
}

Test(update, another_shard_is_refused)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    cr_assert_eq(update_shard("s", 1, 3, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(update_shard("s", 2, 3, &r, &sum, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "is shard 1/3, not 2/3"), "message: %s", err);
    free(err);
    reports_clear(&r);
}

Test(update, an_unsharded_index_with_essays_cannot_become_a_shard)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    cr_assert_eq(update_shard("plain", 0, 0, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.added, ESSAYS);
    cr_assert_eq(update_shard("plain", 0, 2, &r, &sum, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "not sharded"), "message: %s", err);
    free(err);
    reports_clear(&r);
}

Test(update, a_shard_past_the_count_is_bad_input)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *err = NULL;
    cr_assert_eq(update_shard("s", 3, 3, &r, &sum, &err), ESSAY_BAD_ARGUMENT);
    free(err);
    cr_assert_eq(r.n, 0);
}

Test(update, two_names_of_one_file_land_in_one_shard)
{
    char *target = path_in("corpus/essay-00.txt"), *link = path_in("corpus/zz-link.txt");
    cr_assert_eq(symlink(target, link), 0);
    size_t added = 0;
    for (unsigned k = 0; k < 3; k++) {
        char name[16];
        snprintf(name, sizeof name, "shard%u", k);
        reports r = { 0 };
        essay_update_summary sum;
        cr_assert_eq(update_shard(name, k, 3, &r, &sum, NULL), ESSAY_OK);
        added += sum.added;
        reports_clear(&r);
    }
    cr_assert_eq(added, ESSAYS, "the link is the same essay, in the same shard");
    char *abs = realpath(target, NULL), name[16];
    snprintf(name, sizeof name, "shard%u", essay__essay_shard(abs, 3));
    cr_assert(records(name, link), "the link's essay is recorded under its target's id");
    free(abs);
    free(target);
    free(link);
}

Test(update, a_removed_essay_is_removed_from_its_shard_only)
{
    reports r = { 0 };
    essay_update_summary sum;
    for (unsigned k = 0; k < 3; k++) {
        char name[16];
        snprintf(name, sizeof name, "shard%u", k);
        cr_assert_eq(update_shard(name, k, 3, &r, &sum, NULL), ESSAY_OK);
    }
    reports_clear(&r);
    char *gone = path_in("corpus/essay-07.txt");
    char *abs = realpath(gone, NULL);
    cr_assert_not_null(abs);
    unsigned home = essay__essay_shard(abs, 3);
    free(abs);
    cr_assert_eq(unlink(gone), 0);
    for (unsigned k = 0; k < 3; k++) {
        char name[16];
        snprintf(name, sizeof name, "shard%u", k);
        cr_assert_eq(update_shard(name, 0, 0, &r, &sum, NULL), ESSAY_OK);
        cr_assert_eq(sum.removed, k == home ? 1u : 0u, "shard %u removed %zu", k, sum.removed);
        cr_assert_eq(sum.added, 0);
        reports_clear(&r);
    }
    free(gone);
}

/* ---- sharded index directories ------------------------------------------ */

static essay_status shards_update(const char *index, unsigned n, int flags, reports *r,
                                  essay_update_summary *sum, char **err)
{
    const char *paths[] = { corpus };
    essay_shards_options so = { .n_shards = n, .flags = flags, .jobs = 2 };
    essay_update_options opt = { .report = collect, .ctx = r };
    return essay_shards_update(index, &so, paths, 1, &opt, sum, err);
}

static char *read_all(const char *path)
{
    char *text;
    size_t len;
    cr_assert_eq(essay__read_file(path, &text, &len, NULL), ESSAY_OK, "cannot read %s", path);
    return text;
}

Test(update, a_sharded_index_is_built_and_updated)
{
    char *index = path_in("sharded"), *stub = path_in("sharded/XAPIANDB");
    reports r = { 0 };
    essay_update_summary sum;
    cr_assert_eq(shards_update(index, 3, ESSAY_CREATE, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.added, ESSAYS);
    cr_assert_eq(r.n, ESSAYS, "every essay reported once, in this process");
    cr_assert_eq(count_changes(&r, ESSAY_ADDED), ESSAYS);
    char *listed = read_all(stub);
    cr_assert_str_eq(listed, "auto shard0\nauto shard1\nauto shard2\n");
    free(listed);
    unsigned n = 0;
    cr_assert_eq(essay_shards_count(index, &n, NULL), ESSAY_OK);
    cr_assert_eq(n, 3);
    reports_clear(&r);

    /* again, the shard count found by itself */
    cr_assert_eq(shards_update(index, 0, 0, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.unchanged, ESSAYS);
    cr_assert_eq(sum.added + sum.updated + sum.removed, 0);
    reports_clear(&r);

    /* the whole searched as one */
    essay_searcher *s;
    essay_results *res;
    cr_assert_eq(essay_searcher_open(index, &s, NULL), ESSAY_OK);
    essay_search_options o = essay_search_defaults();
    o.limit = 100;
    cr_assert_eq(essay_search(s, "tides", &o, &res, NULL), ESSAY_OK);
    cr_assert_eq(essay_results_count(res), ESSAYS);
    essay_results_free(res);
    essay_searcher_close(s);

    cr_assert_eq(essay_shards_forget(index, NULL, corpus, NULL, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.removed, ESSAYS);
    free(index);
    free(stub);
}

Test(update, a_gone_corpus_path_is_reported_once)
{
    char *index = path_in("sharded"), *gone = path_in("no-such-dir");
    const char *paths[] = { corpus, gone };
    essay_shards_options so = { .n_shards = 3, .flags = ESSAY_CREATE };
    reports r = { 0 };
    essay_update_options opt = { .report = collect, .ctx = &r };
    essay_update_summary sum;
    cr_assert_eq(essay_shards_update(index, &so, paths, 2, &opt, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.skipped, 1, "not once a shard");
    cr_assert_eq(count_changes(&r, ESSAY_SKIPPED), 1);
    cr_assert_eq(sum.added, ESSAYS);
    reports_clear(&r);
    free(index);
    free(gone);
}

Test(update, the_shard_count_is_fixed)
{
    char *index = path_in("sharded"), *err = NULL;
    reports r = { 0 };
    essay_update_summary sum;
    cr_assert_eq(shards_update(index, 2, ESSAY_CREATE, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(shards_update(index, 3, ESSAY_CREATE, &r, &sum, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "has 2 shards, not 3"), "message: %s", err);
    free(err);
    reports_clear(&r);
    free(index);
}

Test(update, a_plain_index_is_not_made_sharded)
{
    reports r = { 0 };
    essay_update_summary sum;
    char *index = path_in("plain"), *err = NULL;
    cr_assert_eq(update_shard("plain", 0, 0, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(shards_update(index, 2, ESSAY_CREATE, &r, &sum, &err), ESSAY_INCOMPATIBLE);
    free(err);
    unsigned n = 1;
    cr_assert_eq(essay_shards_count(index, &n, NULL), ESSAY_OK);
    cr_assert_eq(n, 0);
    reports_clear(&r);
    free(index);
}

Test(update, no_sharded_index_without_create)
{
    char *index = path_in("missing");
    reports r = { 0 };
    essay_update_summary sum;
    cr_assert_eq(shards_update(index, 2, 0, &r, &sum, NULL), ESSAY_NO_INDEX);
    struct stat sb;
    cr_assert_neq(stat(index, &sb), 0, "nothing was made");
    free(index);
}

Test(update, a_stub_not_written_by_us_is_refused)
{
    char *stub = path_in("XAPIANDB"), *err = NULL;
    write_file(stub, "remote 127.0.0.1:1234\n");
    unsigned n = 7;
    cr_assert_eq(essay_shards_count(dir, &n, &err), ESSAY_INCOMPATIBLE);
    cr_assert_eq(n, 0);
    cr_assert_not_null(strstr(err, "not a list of shards"), "message: %s", err);
    free(err);
    free(stub);
}

Test(update, no_stub_means_no_shards)
{
    unsigned n = 7;
    cr_assert_eq(essay_shards_count("/tmp/no/such/index", &n, NULL), ESSAY_OK);
    cr_assert_eq(n, 0);
    cr_assert_eq(essay_shards_count(corpus, &n, NULL), ESSAY_OK);
    cr_assert_eq(n, 0);
}

/* How often 'word' is in the spelling data of the index 'name'. */
static unsigned spelling_frequency(const char *name, const char *word)
{
    char *index = path_in(name);
    xc_error xe;
    xc_db *db = xc_db_open(index, &xe);
    cr_assert_not_null(db, "%s: %s", index, xe.msg);
    unsigned freq = 0;
    cr_assert_eq(xc_db_spelling_frequency(db, word, &freq, &xe), 0, "%s", xe.msg);
    xc_db_close(db);
    free(index);
    return freq;
}

Test(update, an_updated_index_has_the_spelling_data_of_a_clean_build)
{
    reports r = { 0 };
    essay_update_summary sum;
    cr_assert_eq(update_shard("updated", 0, 0, &r, &sum, NULL), ESSAY_OK);
    reports_clear(&r);
    for (int i = 0; i < 20; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/essay-%02d.txt", corpus, i);
        if (i < 10)
            write_file(path, "Essay changed\n\nA paragraph about harbours and beacons.\n");
        else
            cr_assert_eq(unlink(path), 0);
    }
    cr_assert_eq(update_shard("updated", 0, 0, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.updated, 10);
    cr_assert_eq(sum.removed, 10);
    reports_clear(&r);
    cr_assert_eq(update_shard("clean", 0, 0, &r, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.added, 20);
    reports_clear(&r);
    static const char *const words[] = { "essay", "changed", "paragraph", "about", "harbours",
                                         "lighthouse", "beacons", "number", "another", "tides" };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        cr_assert_eq(spelling_frequency("updated", words[i]),
                     spelling_frequency("clean", words[i]), "the frequency of '%s'", words[i]);
    cr_assert_eq(spelling_frequency("clean", "tides"), 10);
    cr_assert_eq(spelling_frequency("clean", "harbours"), 20);
}

/* The record of an essay holds its path between two LFs (index.c): read
 * back up to the first LF, the name was another's, and the essay was swept
 * as gone by the update that added it. */
Test(update, a_name_holding_a_newline_stays_indexed)
{
    char *odd = path_in("corpus/line\nbreak.txt");
    write_file(odd, "Odd\n\nA paragraph about harbours.\n");
    reports r = { 0 };
    essay_update_summary sum;
    update_plain("index", &r, &sum);
    cr_assert_eq(sum.added, ESSAYS + 1);
    cr_assert_eq(sum.removed, 0);
    reports_clear(&r);
    update_plain("index", &r, &sum);
    cr_assert_eq(sum.unchanged, ESSAYS + 1);
    cr_assert_eq(sum.removed, 0);
    reports_clear(&r);
    free(odd);
}

/* Opened as a file, a FIFO with no writer would block the update for ever:
 * the timeout makes that a failure. */
Test(update, a_fifo_in_the_corpus_is_named_and_skipped, .timeout = 20)
{
    char *fifo = path_in("corpus/pipe.txt");
    cr_assert_eq(mkfifo(fifo, 0644), 0);
    reports r = { 0 };
    essay_update_summary sum;
    update_plain("index", &r, &sum);
    cr_assert_eq(sum.added, ESSAYS);
    cr_assert_eq(sum.skipped, 1);
    cr_assert_eq(count_changes(&r, ESSAY_SKIPPED), 1);
    reports_clear(&r);
    free(fifo);
}

/* ---- stopping when asked -------------------------------------------------- */

/* The stop flag of an update, raised by its report function once 'after'
 * essays were reported (as a signal handler would raise it meanwhile). */
static volatile sig_atomic_t stop_flag;
static size_t stop_after, stop_reports;

static void stop_after_some(const char *path, essay_change change, size_t bytes,
                            const char *error, void *ctx)
{
    (void)path;
    (void)change;
    (void)bytes;
    (void)error;
    (void)ctx;
    if (++stop_reports >= stop_after)
        stop_flag = 1;
}

/* Update the index 'name' (flags for essay_index_open()) from the corpus,
 * in 'jobs' processes, stopping after 'after' essays (0: before the first).
 * Returns the status and the message in *err. */
static essay_status update_stopped(const char *name, int flags, unsigned jobs, size_t after,
                                   char **err)
{
    char *index = path_in(name);
    essay_index *ix;
    cr_assert_eq(essay_index_open(index, flags, NULL, &ix, err), ESSAY_OK, "%s", *err);
    free(index);
    stop_flag = after == 0;
    stop_after = after;
    stop_reports = 0;
    const char *paths[] = { corpus };
    essay_update_options opt = { .report = stop_after_some, .jobs = jobs, .stop = &stop_flag };
    essay_update_summary sum;
    essay_status st = essay_index_update(ix, paths, 1, &opt, &sum, err);
    if (st == ESSAY_OK)
        st = essay_index_close(ix, err);
    else
        essay_index_abandon(ix);
    return st;
}

static size_t hits_in(const char *name, const char *query)
{
    char *index = path_in(name);
    essay_searcher *s;
    essay_results *res;
    cr_assert_eq(essay_searcher_open(index, &s, NULL), ESSAY_OK);
    essay_search_options o = essay_search_defaults();
    o.exact_total = 1;
    o.strict = 1;
    cr_assert_eq(essay_search(s, query, &o, &res, NULL), ESSAY_OK);
    size_t n = essay_results_estimate(res);
    essay_results_free(res);
    essay_searcher_close(s);
    free(index);
    return n;
}

Test(update, an_update_asked_to_stop_commits_nothing)
{
    reports r = { 0 };
    essay_update_summary sum;
    update_plain("index", &r, &sum);
    reports_clear(&r);
    for (int i = 0; i < ESSAYS; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/essay-%02d.txt", corpus, i);
        write_file(path, "Changed\n\nA paragraph about zqchanged things.\n");
    }
    char *err = NULL;
    cr_assert_eq(update_stopped("index", 0, 0, 5, &err), ESSAY_INTERRUPTED);
    cr_assert_eq(stop_reports, 5, "no essay after the stop");
    cr_assert_str_eq(err, "interrupted: the index is as it was before this run");
    free(err);
    cr_assert_eq(hits_in("index", "zqchanged"), 0);
    cr_assert_eq(hits_in("index", "tides"), ESSAYS);
}

/* A first build is written beside its place, in two processes here: stopped,
 * it leaves neither the build, nor its parts, nor the directory it made. */
Test(update, a_first_build_asked_to_stop_leaves_nothing)
{
    char *err = NULL;
    cr_assert_eq(update_stopped("index", ESSAY_CREATE | ESSAY_REBUILD, 2, 3, &err),
                 ESSAY_INTERRUPTED);
    char *want, *index = path_in("index");
    cr_assert_gt(asprintf(&want, "interrupted: nothing was kept; there is no index at '%s' yet",
                          index), 0);
    cr_assert_str_eq(err, want);
    free(err);
    static const char *const left[] = { "index", "index.rebuild", "index.rebuild.part1" };
    struct stat sb;
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
        char *path = path_in(left[i]);
        cr_assert_neq(stat(path, &sb), 0, "%s is left", left[i]);
        free(path);
    }
    free(want);
    free(index);
}

Test(update, a_rebuild_asked_to_stop_leaves_the_index_as_it_was)
{
    reports r = { 0 };
    essay_update_summary sum;
    update_plain("index", &r, &sum);
    reports_clear(&r);
    char *err = NULL;
    cr_assert_eq(update_stopped("index", ESSAY_REBUILD, 2, 0, &err), ESSAY_INTERRUPTED);
    cr_assert_str_eq(err, "interrupted: the index is as it was before this run");
    free(err);
    char *rebuilt = path_in("index.rebuild");
    struct stat sb;
    cr_assert_neq(stat(rebuilt, &sb), 0);
    cr_assert_eq(hits_in("index", "tides"), ESSAYS);
    free(rebuilt);
}

/* Stopped before it starts any shard, a sharded update changes nothing; a
 * first sharded build so stopped leaves nothing. */
Test(update, a_sharded_update_asked_to_stop_starts_no_shard)
{
    char *index = path_in("sharded"), *err = NULL;
    const char *paths[] = { corpus };
    essay_shards_options so = { .n_shards = 2, .flags = ESSAY_CREATE, .jobs = 1 };
    stop_flag = 1;
    essay_update_options opt = { .stop = &stop_flag };
    essay_update_summary sum;
    cr_assert_eq(essay_shards_update(index, &so, paths, 1, &opt, &sum, &err), ESSAY_INTERRUPTED);
    cr_assert_not_null(strstr(err, "nothing was kept; there is no index at"), "message: %s", err);
    free(err);
    struct stat sb;
    cr_assert_neq(stat(index, &sb), 0, "the directory made for it is gone");

    stop_flag = 0;
    cr_assert_eq(essay_shards_update(index, &so, paths, 1, &opt, &sum, NULL), ESSAY_OK);
    char *changed = path_in("corpus/essay-00.txt");
    write_file(changed, "Changed\n\nzqchanged\n");
    free(changed);
    stop_flag = 1;
    so.flags = 0;
    cr_assert_eq(essay_shards_update(index, &so, NULL, 0, &opt, &sum, &err), ESSAY_INTERRUPTED);
    cr_assert_str_eq(err, "interrupted: the index is as it was before this run");
    free(err);
    cr_assert_eq(hits_in("sharded", "zqchanged"), 0);
    free(index);
}

/* ---- what an update says: corpus paths gone, warnings, excludes ----------- */

/* What the reports and notices of one update said. */
typedef struct {
    reports r;
    size_t n;
    essay_notice_kind kinds[8];
    char *paths[8], *messages[8], *commands[8];
    unsigned lines[8];
    size_t essays[8];
    int errnums[8];
    char *error;            /* the last error reported */
} heard;

static void hear_report(const char *path, essay_change change, size_t bytes, const char *error,
                        void *ctx)
{
    heard *h = ctx;
    collect(path, change, bytes, error, &h->r);
    if (error) {
        free(h->error);
        h->error = strdup(error);
    }
}

static void hear_notice(const essay_notice *n, void *ctx)
{
    heard *h = ctx;
    if (h->n == 8)
        return;
    h->kinds[h->n] = n->kind;
    h->paths[h->n] = strdup(n->path);
    h->messages[h->n] = strdup(n->message);
    h->commands[h->n] = n->command ? strdup(n->command) : NULL;
    h->lines[h->n] = n->line;
    h->essays[h->n] = n->essays;
    h->errnums[h->n++] = n->errnum;
}

static void heard_clear(heard *h)
{
    reports_clear(&h->r);
    for (size_t i = 0; i < h->n; i++) {
        free(h->paths[i]);
        free(h->messages[i]);
        free(h->commands[i]);
    }
    free(h->error);
    memset(h, 0, sizeof *h);
}

/* Update the plain index 'name' (opened with 'flags') from 'path' (its
 * recorded paths when NULL) with 'opt', its report and notice hearing into
 * 'h' (when 'notices', else the report alone); returns the status. */
static essay_status update_heard(const char *name, int flags, const char *path,
                                 essay_update_options opt, int notices, heard *h,
                                 essay_update_summary *sum, char **err)
{
    opt.report = hear_report;
    opt.notice = notices ? hear_notice : NULL;
    opt.ctx = h;
    return update_named(name, flags, path, &opt, sum, err);
}

/* Build the index "index" from the corpus, hearing into 'h'; its summary. */
static essay_update_summary build_heard(heard *h)
{
    essay_update_summary sum;
    essay_update_options none = { 0 };
    cr_assert_eq(update_heard("index", ESSAY_CREATE, corpus, none, 1, h, &sum, NULL), ESSAY_OK);
    return sum;
}

/* Update "index" from its recorded paths with 'opt', hearing into 'h'. */
static essay_update_summary update_again(essay_update_options opt, heard *h)
{
    essay_update_summary sum;
    char *err = NULL;
    cr_assert_eq(update_heard("index", 0, NULL, opt, 1, h, &sum, &err), ESSAY_OK, "%s", err);
    return sum;
}

/* The corpus moved away: "CORPUS: gone (moved or removed?); its N essays
 * stay searchable until you run: essay-index --index INDEX --forget CORPUS". */
static char *gone_message(const char *index, const char *root, size_t essays)
{
    char *msg;
    cr_assert_gt(asprintf(&msg, "%s: gone (moved or removed?); its %zu essays stay searchable "
                          "until you run: essay-index --index %s --forget %s", root, essays,
                          index, root), 0);
    return msg;
}

Test(update, a_gone_directory_says_how_many_essays_stay_and_how_to_forget_them)
{
    char *empty = path_in("corpus/empty.txt");
    write_file(empty, "");      /* recorded, but nothing of it can be found: not counted */
    free(empty);
    heard h = { 0 };
    essay_update_summary sum = build_heard(&h);
    heard_clear(&h);
    char *root = realpath(corpus, NULL), *moved = path_in("moved"), *index = path_in("index");
    cr_assert_eq(rename(corpus, moved), 0);

    sum = update_again((essay_update_options){ 0 }, &h);
    cr_assert_eq(sum.skipped, 1, "an error");
    cr_assert_eq(h.n, 1);
    cr_assert_eq(h.kinds[0], ESSAY_NOTICE_GONE);
    cr_assert_str_eq(h.paths[0], root);
    cr_assert_eq(h.essays[0], ESSAYS);
    cr_assert_eq(h.errnums[0], ENOENT);
    char *command, *want = gone_message(index, root, ESSAYS);
    cr_assert_gt(asprintf(&command, "essay-index --index %s --forget %s", index, root), 0);
    cr_assert_str_eq(h.commands[0], command);
    cr_assert_str_eq(h.messages[0], want);
    cr_assert_eq(count_changes(&h.r, ESSAY_SKIPPED), 0, "told once, as a notice");
    heard_clear(&h);
    cr_assert_eq(hits_in("index", "tides"), ESSAYS, "they stay searchable");

    /* Without a notice function, the same message is an error report. */
    essay_update_options none = { 0 };
    cr_assert_eq(update_heard("index", 0, NULL, none, 0, &h, &sum, NULL), ESSAY_OK);
    cr_assert_eq(count_changes(&h.r, ESSAY_SKIPPED), 1);
    cr_assert_str_eq(h.error, want);
    heard_clear(&h);

    /* The command does what it says. */
    essay_index *ix;
    cr_assert_eq(essay_index_open(index, 0, NULL, &ix, NULL), ESSAY_OK);
    cr_assert_eq(essay_index_forget(ix, root, NULL, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.removed, ESSAYS + 1);
    cr_assert_eq(essay_index_close(ix, NULL), ESSAY_OK);
    free(root);
    free(moved);
    free(index);
    free(command);
    free(want);
}

Test(update, a_gone_directory_of_a_sharded_index_is_told_once_with_every_shards_essays)
{
    char *index = path_in("sharded"), *root = realpath(corpus, NULL), *moved = path_in("moved");
    reports r = { 0 };
    essay_update_summary sum;
    cr_assert_eq(shards_update(index, 3, ESSAY_CREATE, &r, &sum, NULL), ESSAY_OK);
    reports_clear(&r);
    cr_assert_eq(rename(corpus, moved), 0);
    heard h = { 0 };
    essay_shards_options so = { .jobs = 2 };
    essay_update_options opt = { .report = hear_report, .notice = hear_notice, .ctx = &h };
    cr_assert_eq(essay_shards_update(index, &so, NULL, 0, &opt, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.skipped, 1);
    cr_assert_eq(h.n, 1, "once, not once a shard");
    cr_assert_eq(h.essays[0], ESSAYS, "the essays of every shard");
    char *want = gone_message(index, root, ESSAYS);
    cr_assert_str_eq(h.messages[0], want);
    heard_clear(&h);
    free(want);
    free(index);
    free(root);
    free(moved);
}

/* Make the directory 'sub' of the test directory and write 'text' to the
 * file 'name' in it; its path, malloc'd. */
static char *write_in_new_dir(const char *sub, const char *name, const char *text)
{
    char *made = path_in(sub), *path;
    cr_assert_eq(mkdir(made, 0777), 0);
    cr_assert_gt(asprintf(&path, "%s/%s", made, name), 0);
    write_file(path, text);
    free(made);
    return path;
}

/* "DIR:1:4: not UTF-8 (byte 0xE9 at offset 3) (skip it with: essay-index --index INDEX
 * --exclude 'PATTERN')", and the pattern skips it. */
Test(update, a_file_not_utf8_names_the_exclude_that_skips_it)
{
    char *bad = write_in_new_dir("corpus/sub", "it's*[1].txt", "caf\xe9\n");
    heard h = { 0 };
    essay_update_summary sum = build_heard(&h);
    cr_assert_eq(sum.skipped, 1);
    char *want, *index = path_in("index"), *abs = realpath(bad, NULL);
    cr_assert_gt(asprintf(&want, "%s:1:4: not UTF-8 (byte 0xE9 at offset 3) (skip it with: "
                          "essay-index --index %s "
                          "--exclude 'sub/it'\\''s\\*\\[1].txt')", abs, index), 0);
    cr_assert_str_eq(h.error, want);
    heard_clear(&h);

    const char *exclude[] = { "sub/it's\\*\\[1].txt", NULL };
    essay_update_options skip = { .exclude = exclude };
    sum = update_again(skip, &h);
    cr_assert_eq(sum.skipped, 0);
    cr_assert_eq(sum.unchanged, ESSAYS);
    heard_clear(&h);
    free(bad);
    free(want);
    free(index);
    free(abs);
}

/* What the index at 'name' records as its exclude patterns. */
static char *recorded_excludes(const char *name)
{
    char *index = path_in(name), *roots, *excludes, *extensions, *err = NULL;
    cr_assert_eq(essay_index_recorded(index, &roots, &excludes, &extensions, &err), ESSAY_OK,
                 "%s", err);
    free(roots);
    free(extensions);
    free(index);
    return excludes;
}

Test(update, excludes_leave_out_files_by_path_or_name_and_their_essays_go)
{
    char *draft = write_in_new_dir("corpus/drafts", "d.txt", "Draft\n\nA draft about zqdrafts.\n");
    heard h = { 0 };
    essay_update_summary sum = build_heard(&h);
    cr_assert_eq(sum.added, ESSAYS + 1);
    heard_clear(&h);

    /* By name (a pattern of names), and a directory by its path. */
    const char *exclude[] = { "essay-0[0-4].txt", "drafts", "essay-0[0-4].txt", NULL };
    essay_update_options opt = { .exclude = exclude };
    sum = update_again(opt, &h);
    cr_assert_eq(sum.removed, 6, "the essays excluded now go");
    cr_assert_eq(count_changes(&h.r, ESSAY_REMOVED), 6);
    heard_clear(&h);
    char *recorded = recorded_excludes("index");
    cr_assert_str_eq(recorded, "essay-0[0-4].txt\ndrafts\n", "each once, in order");
    free(recorded);
    cr_assert_eq(hits_in("index", "zqdrafts"), 0);
    cr_assert_eq(hits_in("index", "tides"), ESSAYS - 5);

    /* Remembered; a rebuild keeps them. */
    sum = update_again((essay_update_options){ 0 }, &h);
    cr_assert_eq(sum.unchanged, ESSAYS - 5);
    cr_assert_eq(sum.added + sum.removed, 0);
    heard_clear(&h);
    essay_update_options none = { 0 };
    cr_assert_eq(update_heard("index", ESSAY_REBUILD, NULL, none, 1, &h, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.added, ESSAYS - 5);
    heard_clear(&h);
    recorded = recorded_excludes("index");
    cr_assert_str_eq(recorded, "essay-0[0-4].txt\ndrafts\n");
    free(recorded);

    /* Forgotten, what it left out comes back; one not recorded is refused. */
    const char *forget[] = { "drafts", NULL };
    essay_update_options back = { .forget_exclude = forget };
    sum = update_again(back, &h);
    cr_assert_eq(sum.added, 1);
    heard_clear(&h);
    recorded = recorded_excludes("index");
    cr_assert_str_eq(recorded, "essay-0[0-4].txt\n");
    free(recorded);
    char *err = NULL, *want, *index = path_in("index");
    cr_assert_eq(update_heard("index", 0, NULL, back, 1, &h, &sum, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_gt(asprintf(&want, "'drafts' is not an exclude pattern of index '%s' "
                          "(essay-index --list shows them)", index), 0);
    cr_assert_str_eq(err, want);
    free(err);
    free(want);
    heard_clear(&h);
    free(index);
    free(draft);
}

Test(update, an_exclude_leaves_out_a_corpus_file_by_its_name)
{
    char *file = path_in("outside.txt");
    write_file(file, "Outside\n\nAn essay about zqoutside.\n");
    heard h = { 0 };
    essay_update_summary sum;
    essay_update_options none = { 0 };
    cr_assert_eq(update_heard("index", ESSAY_CREATE, file, none, 1, &h, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.added, 1);
    heard_clear(&h);
    const char *exclude[] = { "out*.txt", NULL };
    essay_update_options opt = { .exclude = exclude };
    sum = update_again(opt, &h);
    cr_assert_eq(sum.removed, 1);
    heard_clear(&h);
    cr_assert_eq(hits_in("index", "zqoutside"), 0);
    free(file);
}

Test(update, an_exclude_pattern_must_be_one_line)
{
    heard h = { 0 };
    essay_update_summary sum;
    const char *exclude[] = { "a\nb", NULL };
    essay_update_options opt = { .exclude = exclude };
    char *err = NULL;
    cr_assert_eq(update_heard("index", ESSAY_CREATE, corpus, opt, 1, &h, &sum, &err),
                 ESSAY_BAD_ARGUMENT);
    cr_assert_str_eq(err, "an exclude pattern must be one line, not empty");
    free(err);
    heard_clear(&h);
}

/* Recorded, an empty essay is not read (nor warned about) again until it
 * changes; one emptied loses its paragraphs. */
Test(update, an_empty_essay_is_warned_about_once_and_counted_unchanged)
{
    char *empty = path_in("corpus/empty.txt"), *abs;
    write_file(empty, "");
    abs = realpath(empty, NULL);
    heard h = { 0 };
    essay_update_summary sum = build_heard(&h);
    cr_assert_eq(sum.added, ESSAYS);
    cr_assert_eq(sum.unchanged, 1);
    cr_assert_eq(sum.skipped, 0, "no error");
    cr_assert_eq(sum.warnings, 1);
    cr_assert_eq(h.n, 1);
    cr_assert_eq(h.kinds[0], ESSAY_NOTICE_EMPTY);
    cr_assert_str_eq(h.paths[0], abs);
    cr_assert_null(h.commands[0]);
    char *want;
    cr_assert_gt(asprintf(&want, "%s: empty: nothing to index", abs), 0);
    cr_assert_str_eq(h.messages[0], want);
    free(want);
    heard_clear(&h);

    sum = update_again((essay_update_options){ 0 }, &h);
    cr_assert_eq(h.n, 0, "not read again");
    cr_assert_eq(sum.warnings, 0);
    heard_clear(&h);

    write_file(empty, "Empty no more\n\nA paragraph about zqfilled.\n");
    sum = update_again((essay_update_options){ 0 }, &h);
    cr_assert_eq(sum.updated, 1);
    heard_clear(&h);
    cr_assert_eq(hits_in("index", "zqfilled"), 1);
    write_file(empty, "\n \n");
    sum = update_again((essay_update_options){ 0 }, &h);
    cr_assert_eq(sum.updated, 1, "its paragraphs went");
    cr_assert_eq(h.n, 1);
    heard_clear(&h);
    cr_assert_eq(hits_in("index", "zqfilled"), 0);
    free(empty);
    free(abs);
}

/* A first build in two processes: the warnings of the other process's
 * essays reach the caller too. */
Test(update, the_warnings_of_every_process_reach_the_caller)
{
    for (int i = 0; i < 4; i++) {
        char name[64];
        snprintf(name, sizeof name, "corpus/open-%d.txt", i);
        char *path = path_in(name);
        write_file(path, "---\ntitle: never closed\n\nText.\n");
        free(path);
    }
    heard h = { 0 };
    essay_update_summary sum;
    essay_update_options opt = { .jobs = 2 };
    cr_assert_eq(update_heard("index", ESSAY_CREATE | ESSAY_REBUILD, corpus, opt, 1, &h, &sum,
                              NULL), ESSAY_OK);
    cr_assert_eq(sum.added, ESSAYS + 4);
    cr_assert_eq(sum.warnings, 4);
    cr_assert_eq(h.n, 4);
    for (size_t i = 0; i < h.n; i++) {
        cr_assert_eq(h.kinds[i], ESSAY_NOTICE_HEADER);
        cr_assert_eq(h.lines[i], 1);
    }
    heard_clear(&h);
}

/* ---- shards.c: an index at a path, plain or sharded, as one call -------- */

static void add_essay(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", corpus, name);
    write_file(path, "One more\n\nAbout harbours at night.\n");
}

Test(update, one_call_updates_a_plain_or_a_sharded_index)
{
    char *plain = path_in("plain"), *sharded = path_in("sharded"), *err = NULL;
    const char *paths[] = { corpus };
    essay_shards_options create = { .flags = ESSAY_CREATE };
    essay_shards_options three = { .n_shards = 3, .flags = ESSAY_CREATE };
    essay_update_summary sum;
    cr_assert_eq(essay_index_update_path(plain, &create, paths, 1, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.added, ESSAYS);
    cr_assert_eq(essay_index_kind(plain), ESSAY_KIND_INDEX);
    cr_assert_eq(essay_index_update_path(sharded, &three, paths, 1, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.added, ESSAYS);
    cr_assert_eq(essay_index_kind(sharded), ESSAY_KIND_SHARDED);

    /* Again, each taken for what it is, from its recorded corpus path. */
    add_essay("one-more.txt");
    cr_assert_eq(essay_index_update_path(plain, NULL, NULL, 0, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.added, 1);
    cr_assert_eq(essay_index_update_path(sharded, NULL, NULL, 0, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.added, 1);
    cr_assert_eq(sum.unchanged, ESSAYS);

    /* A shard of a plain index is not to be built in a sharded one. */
    essay_update_options shard = { .shard = 1, .n_shards = 2 };
    cr_assert_eq(essay_index_update_path(sharded, NULL, NULL, 0, &shard, &sum, &err),
                 ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "is a sharded index"), "%s", err);
    free(err);
    err = NULL;

    cr_assert_eq(essay_index_forget_path(plain, NULL, corpus, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.removed, ESSAYS + 1);
    cr_assert_eq(essay_index_forget_path(sharded, NULL, corpus, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.removed, ESSAYS + 1);
    free(plain);
    free(sharded);
}

Test(update, one_call_builds_a_new_index_as_a_rebuild)
{
    char *index = path_in("new"), *err = NULL;
    const char *paths[] = { corpus };
    essay_shards_options create = { .flags = ESSAY_CREATE };
    essay_update_summary sum;
    cr_assert_eq(essay_index_update_path(index, &create, paths, 1, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    essay_index_info *info;
    cr_assert_eq(essay_index_status(index, &info, &err), ESSAY_OK, "%s", err);
    cr_assert_str_eq(info->last_update.kind, "build", "built beside, put in place whole");
    essay_index_info_free(info);
    add_essay("one-more.txt");
    cr_assert_eq(essay_index_update_path(index, &create, paths, 1, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(essay_index_status(index, &info, &err), ESSAY_OK, "%s", err);
    cr_assert_str_eq(info->last_update.kind, "update", "an index there is updated in place");
    essay_index_info_free(info);
    free(index);
}

Test(update, a_failure_after_the_open_says_the_index_is_as_it_was)
{
    char *index = path_in("plain"), *err = NULL;
    const char *paths[] = { corpus };
    essay_shards_options create = { .flags = ESSAY_CREATE };
    essay_update_summary sum;
    cr_assert_eq(essay_index_update_path(index, &create, paths, 1, NULL, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(essay_index_forget_path(index, NULL, "/no/such/path", NULL, &sum, &err),
                 ESSAY_IO);
    cr_assert_not_null(strstr(err, "is not a recorded corpus path; the index is as it was"),
                       "%s", err);
    free(err);
    free(index);
}

/* ---- index.c: Xapian's buffer, bounded for any program -------------------- */

Test(update, opening_an_index_bounds_xapians_buffer)
{
    cr_assert_eq(unsetenv("XAPIAN_FLUSH_THRESHOLD"), 0);
    char *index = path_in("plain"), *err = NULL;
    essay_index *ix;
    cr_assert_eq(essay_index_open(index, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_str_eq(getenv("XAPIAN_FLUSH_THRESHOLD"), "200");
    essay_index_abandon(ix);
    cr_assert_eq(essay_index_open(index, ESSAY_CREATE | ESSAY_REBUILD, NULL, &ix, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_str_eq(getenv("XAPIAN_FLUSH_THRESHOLD"), "1000", "more for a rebuild");
    essay_index_abandon(ix);
    free(index);
}

Test(update, a_buffer_the_program_set_is_kept)
{
    cr_assert_eq(setenv("XAPIAN_FLUSH_THRESHOLD", "77", 1), 0);
    char *index = path_in("plain"), *err = NULL;
    essay_index *ix;
    cr_assert_eq(essay_index_open(index, ESSAY_CREATE | ESSAY_REBUILD, NULL, &ix, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_str_eq(getenv("XAPIAN_FLUSH_THRESHOLD"), "77");
    essay_index_abandon(ix);
    free(index);
}

/* A corpus path the index could not record, or one a rebuild of it would
 * remove, is refused by the library too, before the index changes. */
Test(update, a_corpus_path_inside_the_index_or_holding_a_newline_is_refused)
{
    reports r = { 0 };
    essay_update_summary sum;
    update_plain("ix", &r, &sum);
    char *inside = path_in("ix/mine"), *odd = path_in("odd\ndir"), *err = NULL;
    cr_assert_eq(mkdir(inside, 0777), 0);
    cr_assert_eq(mkdir(odd, 0777), 0);
    essay_update_options opt = { 0 };
    cr_assert_eq(update_named("ix", 0, inside, &opt, &sum, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "/ix/mine' is inside the index directory"), "%s", err);
    free(err);
    err = NULL;
    cr_assert_eq(update_named("ix", 0, odd, &opt, &sum, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "odd\\ndir' holds a newline"), "%s", err);
    free(err);
    char *index = path_in("ix"), *roots = NULL, *excludes = NULL, *extensions = NULL;
    cr_assert_eq(essay_index_recorded(index, &roots, &excludes, &extensions, NULL), ESSAY_OK);
    cr_assert_null(strstr(roots, "mine"), "recorded: %s", roots);
    cr_assert_null(strstr(roots, "odd"), "recorded: %s", roots);
    free(roots);
    free(excludes);
    free(extensions);
    free(index);
    free(inside);
    free(odd);
    reports_clear(&r);
}

/* The extensions an update is given are recorded in place of the index's:
 * the next updates, and a rebuild, take the same files, and an index that
 * records none lists the default ones. */
Test(update, extensions_given_are_recorded_and_taken_by_later_updates)
{
    char path[256];
    snprintf(path, sizeof path, "%s/notes.rst", corpus);
    write_file(path, "Notes\n\nA paragraph about zqrestructured text.\n");
    char *index = path_in("index"), *roots, *excludes, *extensions, *err = NULL;
    essay_update_summary sum;
    essay_update_options none = { 0 };
    cr_assert_eq(update_named("index", ESSAY_CREATE, corpus, &none, &sum, &err), ESSAY_OK);
    cr_assert_eq(essay_index_recorded(index, &roots, &excludes, &extensions, &err), ESSAY_OK);
    cr_assert_str_eq(extensions, "txt\nmd\n", "none recorded: the default ones");
    free(roots);
    free(excludes);
    free(extensions);

    const char *rst[] = { "rst", "txt", NULL };
    essay_update_options with_rst = { .extensions = rst };
    cr_assert_eq(update_named("index", 0, NULL, &with_rst, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(sum.added, 1);
    cr_assert_eq(essay_index_recorded(index, &roots, &excludes, &extensions, &err), ESSAY_OK);
    cr_assert_str_eq(extensions, "rst\ntxt\n");
    free(roots);
    free(excludes);
    free(extensions);

    cr_assert_eq(update_named("index", 0, NULL, &none, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(sum.removed, 0, "a plain update keeps the .rst essay");
    cr_assert_eq(sum.unchanged, ESSAYS + 1);
    cr_assert_eq(update_named("index", ESSAY_REBUILD, NULL, &none, &sum, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_eq(sum.added, ESSAYS + 1, "a rebuild takes it too");
    cr_assert_eq(sum.removed, 0);
    cr_assert_eq(hits_in("index", "zqrestructured"), 1);
    free(index);
}

/* A corpus directory found holding no essay keeps its essays, told of as a
 * path gone is (errnum 0) and counted skipped; one that lost only some of
 * them loses them. */
Test(update, a_directory_emptied_keeps_its_essays_until_forgotten)
{
    heard h = { 0 };
    build_heard(&h);
    heard_clear(&h);
    char moved[160];
    snprintf(moved, sizeof moved, "%s/away", dir);
    cr_assert_eq(rename(corpus, moved), 0);
    cr_assert_eq(mkdir(corpus, 0777), 0);
    essay_update_options none = { 0 };
    essay_update_summary sum = update_again(none, &h);
    cr_assert_eq(sum.removed, 0);
    cr_assert_eq(sum.skipped, 1);
    cr_assert_eq(h.n, 1);
    cr_assert_eq(h.kinds[0], ESSAY_NOTICE_GONE);
    cr_assert_eq(h.errnums[0], 0);
    cr_assert_eq(h.essays[0], ESSAYS);
    cr_assert_str_eq(h.paths[0], corpus);
    cr_assert(strstr(h.messages[0], "holds no essays now") != NULL, "%s", h.messages[0]);
    cr_assert_eq(hits_in("index", "harbours"), ESSAYS);
    heard_clear(&h);

    char from[256], to[256];
    snprintf(from, sizeof from, "%s/essay-00.txt", moved);
    snprintf(to, sizeof to, "%s/essay-00.txt", corpus);
    cr_assert_eq(rename(from, to), 0);
    sum = update_again(none, &h);
    cr_assert_eq(sum.removed, ESSAYS - 1, "some essays left: the others go");
    cr_assert_eq(sum.skipped, 0);
    cr_assert_eq(h.n, 0);
    heard_clear(&h);
}

/* A rebuild reports the essays of the old index it did not find again. */
Test(update, a_rebuild_reports_the_essays_it_dropped)
{
    heard h = { 0 };
    build_heard(&h);
    heard_clear(&h);
    char path[256];
    snprintf(path, sizeof path, "%s/essay-07.txt", corpus);
    cr_assert_eq(unlink(path), 0);
    essay_update_summary sum;
    essay_update_options none = { 0 };
    cr_assert_eq(update_heard("index", ESSAY_REBUILD, NULL, none, 1, &h, &sum, NULL), ESSAY_OK);
    cr_assert_eq(sum.added, ESSAYS - 1);
    cr_assert_eq(sum.removed, 1);
    cr_assert_eq(count_changes(&h.r, ESSAY_REMOVED), 1);
    heard_clear(&h);
}
