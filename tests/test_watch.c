/* test_watch.c -- Criterion tests of watch.c: which changes under an
 * index's corpus paths count, the set of watches following the tree, the
 * limit of watches, and the loop of updates.
 *
 * Each test indexes a small corpus in a temporary directory and opens a
 * watch on it.  inotify queues an event in the system call that makes the
 * change, so after a change essay__watch_poll() reads it without waiting:
 * the tests say which changes made an update due and which did not, with
 * no timing.  The loop (essay_watch_run()) is run until its 'updated'
 * callback, which counts the updates and what they did, raises the stop
 * flag; the waits are set to a few milliseconds so the tests are quick.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

static char dir[64];
static char corpus[128];
static char index_path[256];
static essay_watch *w;

/* What the loop saw. */
static volatile sig_atomic_t stop;
static size_t updates, notices;
static essay_update_summary last;

static void updated(essay_status st, const essay_update_summary *sum, double seconds,
                    const char *error, void *ctx)
{
    (void)seconds;
    (void)ctx;
    cr_assert_eq(st, ESSAY_OK, "%s", error ? error : "");
    updates++;
    last = *sum;
    stop = 1;
}

static void noticed(const char *message, void *ctx)
{
    (void)ctx;
    cr_assert_not_null(strstr(message, "every"), "%s", message);
    notices++;
}

static const essay_watch_options quick = {
    .quiet_ms = 1, .max_wait_ms = 5, .rescan_ms = 5, .updated = updated, .notice = noticed,
};

static char *in_corpus(const char *name)
{
    char *p;
    cr_assert_geq(asprintf(&p, "%s/%s", corpus, name), 0);
    return p;
}

static void write_file(const char *name, const char *text)
{
    char *path = in_corpus(name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
    free(path);
}

static void build(void)
{
    essay_index *ix;
    char *err = NULL;
    essay_update_summary sum;
    const char *paths[] = { corpus };
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    cr_assert_eq(essay_index_update(ix, paths, 1, NULL, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
}

/* Open the watch with 'opt', and take in (and drop) the first update due. */
static void watch(const essay_watch_options *opt)
{
    char *err = NULL;
    cr_assert_eq(essay_watch_open(index_path, opt, &w, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay__watch_poll(w), 1, "the first update is due: what changed before");
    cr_assert_eq(essay__watch_wait(w, NULL), ESSAY_OK);
    cr_assert_eq(essay__watch_poll(w), 0);
}

/* Add the corpus path 'path' to the index, as another essay-index would. */
static void remember(const char *path)
{
    essay_index *ix;
    essay_update_summary sum;
    const char *paths[] = { path };
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, NULL), ESSAY_OK);
    cr_assert_eq(essay_index_update(ix, paths, 1, NULL, &sum, NULL), ESSAY_OK);
    cr_assert_eq(essay_index_close(ix, NULL), ESSAY_OK);
}

/* Write an essay o.txt in the directory 'other'. */
static void write_elsewhere(const char *other)
{
    char path[256];
    snprintf(path, sizeof path, "%s/o.txt", other);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("O\n\nElsewhere.\n", f);
    fclose(f);
}

static void setup(void)
{
    strcpy(dir, "/tmp/test_watch.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    snprintf(index_path, sizeof index_path, "%s/index", dir);
    cr_assert_eq(mkdir(corpus, 0777), 0);
    write_file("a.txt", "A\n\nOf harbours.\n");
    write_file("b.txt", "B\n\nOf lighthouses.\n");
    build();
    stop = 0;
    updates = notices = 0;
    w = NULL;
}

static void teardown(void)
{
    essay_watch_close(w);
    essay__remove_tree(dir, NULL);
}

TestSuite(watch, .init = setup, .fini = teardown);

Test(watch, no_index_no_watch)
{
    char *err = NULL;
    essay__remove_tree(index_path, NULL);
    cr_assert_eq(essay_watch_open(index_path, NULL, &w, &err), ESSAY_NO_INDEX);
    cr_assert_null(w);
    cr_assert_not_null(strstr(err, "no index"), "%s", err);
    free(err);
}

Test(watch, a_new_essay_counts)
{
    watch(&quick);
    write_file("c.txt", "C\n\nOf tides.\n");
    cr_assert_eq(essay__watch_poll(w), 1);
}

Test(watch, an_edit_in_place_counts)
{
    watch(&quick);
    write_file("a.txt", "A\n\nOf harbours, rewritten.\n");
    cr_assert_eq(essay__watch_poll(w), 1);
}

Test(watch, a_removal_counts)
{
    watch(&quick);
    char *path = in_corpus("b.txt");
    cr_assert_eq(unlink(path), 0);
    free(path);
    cr_assert_eq(essay__watch_poll(w), 1);
}

Test(watch, what_the_update_passes_over_does_not_count)
{
    watch(&quick);
    write_file(".a.txt.swp", "swap");
    write_file("a.txt~", "backup");
    write_file("notes.log", "other extension");
    write_file("#a.txt#", "emacs autosave");
    cr_assert_eq(essay__watch_poll(w), 0);
}

Test(watch, a_save_by_rename_counts_at_the_rename)
{
    watch(&quick);
    write_file("a.txt.tmp", "A\n\nSaved by rename.\n");
    cr_assert_eq(essay__watch_poll(w), 0, "the temporary file is no essay");
    char *from = in_corpus("a.txt.tmp"), *to = in_corpus("a.txt");
    cr_assert_eq(rename(from, to), 0);
    free(from);
    free(to);
    cr_assert_eq(essay__watch_poll(w), 1);
}

Test(watch, a_new_directory_is_watched_and_a_removed_one_left)
{
    watch(&quick);
    size_t before = essay__watch_count(w);
    char *sub = in_corpus("sub"), *deeper = in_corpus("sub/deeper");
    cr_assert_eq(mkdir(sub, 0777), 0);
    cr_assert_eq(essay__watch_poll(w), 1);
    cr_assert_eq(essay__watch_count(w), before + 1);
    cr_assert_eq(essay__watch_wait(w, NULL), ESSAY_OK);
    cr_assert_eq(mkdir(deeper, 0777), 0);
    write_file("sub/deeper/d.txt", "D\n\nDeep down.\n");
    cr_assert_eq(essay__watch_poll(w), 1);
    cr_assert_eq(essay__watch_count(w), before + 2);
    cr_assert_eq(essay__remove_tree(sub, NULL), ESSAY_OK);
    essay__watch_poll(w);
    cr_assert_eq(essay__watch_count(w), before);
    free(sub);
    free(deeper);
}

/* A link to a directory outside the corpus is watched as a directory;
 * deleted, it is a change (inotify does not say it was a directory). */
Test(watch, a_link_to_a_directory_removed_counts)
{
    char outside[256];
    snprintf(outside, sizeof outside, "%s/outside", dir);
    cr_assert_eq(mkdir(outside, 0777), 0);
    watch(&quick);
    size_t before = essay__watch_count(w);
    char *link = in_corpus("linked");
    cr_assert_eq(symlink(outside, link), 0);
    cr_assert_eq(essay__watch_poll(w), 1);
    cr_assert_eq(essay__watch_count(w), before + 1);
    cr_assert_eq(essay__watch_wait(w, NULL), ESSAY_OK);
    cr_assert_eq(unlink(link), 0);
    cr_assert_eq(essay__watch_poll(w), 1, "its essays are to go");
    cr_assert_eq(essay__watch_count(w), before);
    free(link);
}

/* A corpus path that a link in another reached first is watched under the
 * link's name: the link deleted, it is watched again, under its own. */
Test(watch, a_corpus_path_a_deleted_link_reached_is_still_watched)
{
    char other[160], link[256];
    snprintf(other, sizeof other, "%s/other", dir);
    cr_assert_eq(mkdir(other, 0777), 0);
    snprintf(link, sizeof link, "%s/a-link", corpus);
    cr_assert_eq(symlink(other, link), 0);
    remember(other);
    watch(&quick);
    cr_assert_eq(unlink(link), 0);
    cr_assert_eq(essay_watch_run(w, NULL, &stop, NULL), ESSAY_INTERRUPTED);
    write_elsewhere(other);
    cr_assert_eq(essay__watch_poll(w), 1, "the corpus path is watched still");
}

Test(watch, a_directory_moved_out_is_left_and_one_moved_in_watched)
{
    char *sub = in_corpus("sub"), *away;
    cr_assert_eq(mkdir(sub, 0777), 0);
    cr_assert_geq(asprintf(&away, "%s/away", dir), 0);
    watch(&quick);
    size_t before = essay__watch_count(w);
    cr_assert_eq(rename(sub, away), 0);
    cr_assert_eq(essay__watch_poll(w), 1);
    cr_assert_eq(essay__watch_count(w), before - 1);
    cr_assert_eq(essay__watch_wait(w, NULL), ESSAY_OK);
    cr_assert_eq(rename(away, sub), 0);
    cr_assert_eq(essay__watch_poll(w), 1);
    cr_assert_eq(essay__watch_count(w), before);
    free(sub);
    free(away);
}

Test(watch, changes_inside_the_index_do_not_count)
{
    /* An index kept inside its own corpus directory. */
    essay__remove_tree(index_path, NULL);
    snprintf(index_path, sizeof index_path, "%s/index", corpus);
    build();
    watch(&quick);
    char path[300];
    snprintf(path, sizeof path, "%s/stray.txt", index_path);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    cr_assert_eq(essay__watch_poll(w), 0);
}

Test(watch, past_the_limit_the_rest_is_rescanned)
{
    char *sub = in_corpus("sub");
    cr_assert_eq(mkdir(sub, 0777), 0);
    free(sub);
    essay_watch_options opt = quick;
    opt.max_watches = 1;
    watch(&opt);
    cr_assert_eq(essay__watch_limited(w), 1);
    cr_assert_eq(essay__watch_count(w), 1);
    cr_assert_eq(notices, 1, "said once");
    /* With no change at all, an update comes due: the rescan. */
    cr_assert_eq(essay__watch_poll(w), 0);
    cr_assert_eq(essay__watch_wait(w, NULL), ESSAY_OK);
    cr_assert_eq(notices, 1);
}

Test(watch, a_stop_ends_the_wait)
{
    watch(&quick);
    stop = 1;
    cr_assert_eq(essay__watch_wait(w, &stop), ESSAY_INTERRUPTED);
}

Test(watch, a_burst_is_one_update)
{
    watch(&quick);
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "burst-%d.txt", i);
        write_file(name, "Burst\n\nOne of five.\n");
    }
    write_file("a.txt", "A\n\nChanged in the burst.\n");
    cr_assert_eq(essay_watch_run(w, NULL, &stop, NULL), ESSAY_INTERRUPTED);
    cr_assert_eq(updates, 1);
    cr_assert_eq(last.added, 5);
    cr_assert_eq(last.updated, 1);
    cr_assert_eq(essay__watch_poll(w), 0, "nothing left for another update");
}

Test(watch, a_path_remembered_meanwhile_is_watched_after_the_next_update)
{
    char other[160];
    snprintf(other, sizeof other, "%s/other", dir);
    cr_assert_eq(mkdir(other, 0777), 0);
    watch(&quick);
    size_t before = essay__watch_count(w);
    /* Another essay-index adds a corpus path. */
    remember(other);
    write_file("c.txt", "C\n\nOf tides.\n");
    cr_assert_eq(essay_watch_run(w, NULL, &stop, NULL), ESSAY_INTERRUPTED);
    cr_assert_eq(essay__watch_poll(w), 1, "an update is due, to catch up");
    stop = 0;
    cr_assert_eq(essay_watch_run(w, NULL, &stop, NULL), ESSAY_INTERRUPTED);
    cr_assert_eq(essay__watch_count(w), before + 1);
    write_elsewhere(other);
    cr_assert_eq(essay__watch_poll(w), 1);
}
