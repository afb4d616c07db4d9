/* test_sweep.c -- Criterion tests of sweep.c: which essays an update
 * removes.  The essays of a directory of symbolic links (links to files
 * outside every corpus path, and a linked subdirectory) are recorded under
 * their targets; each test checks that they go when their link goes, when
 * an exclude leaves the link out, and when the directory is forgotten
 * (there or deleted), but not while another path links to them or cannot
 * be walked (and then with that link), and that what the library added
 * outside any corpus path stays; and that a corpus path a link reached
 * first is swept as any.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fixture.h"

#define ESSAYS 4

static char dir[64], targets[128], links[128], other[128], index_path[128];

/* ESSAYS essays in 'targets' (essay-N.txt, each on its own word), and in
 * 'links' a link to each; 'other', a corpus path of its own. */
static void setup(void)
{
    strcpy(dir, "/tmp/test_sweep.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(targets, sizeof targets, "%s/targets", dir);
    snprintf(links, sizeof links, "%s/links", dir);
    snprintf(other, sizeof other, "%s/other", dir);
    snprintf(index_path, sizeof index_path, "%s/index", dir);
    cr_assert_eq(mkdir(targets, 0777), 0);
    cr_assert_eq(mkdir(links, 0777), 0);
    cr_assert_eq(mkdir(other, 0777), 0);
    static const char *const words[ESSAYS] = { "walrus", "narwhal", "puffin", "kittiwake" };
    for (int i = 0; i < ESSAYS; i++) {
        char target[256], link[256], text[128];
        snprintf(target, sizeof target, "%s/essay-%d.txt", targets, i);
        snprintf(link, sizeof link, "%s/essay-%d.txt", links, i);
        snprintf(text, sizeof text, "Essay %d\n\nA paragraph about the %s.\n", i, words[i]);
        fixture_write_file(target, text);
        cr_assert_eq(symlink(target, link), 0);
    }
    char path[256];
    snprintf(path, sizeof path, "%s/tern.txt", other);
    fixture_write_file(path, "Tern\n\nA paragraph about the tern.\n");
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

TestSuite(sweep, .init = setup, .fini = teardown);

/* Update the index from 'path' (NULL: its corpus paths) with 'opt'
 * (NULL: none); the summary in *sum. */
static void update(const char *path, const essay_update_options *opt, essay_update_summary *sum)
{
    static const essay_update_options none = { 0 };
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    const char *paths[] = { path };
    cr_assert_eq(essay_index_update(ix, paths, path ? 1 : 0, opt ? opt : &none, sum, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
}

static size_t essays(void)
{
    essay_index_info *info;
    char *err = NULL;
    cr_assert_eq(essay_index_status(index_path, &info, &err), ESSAY_OK, "%s", err);
    size_t n = info->essays;
    essay_index_info_free(info);
    return n;
}

/* Whether the index records the essay of the file 'path' (links resolved). */
static int records(const char *path)
{
    char *abs = realpath(path, NULL), id[17];
    cr_assert_not_null(abs, "%s", path);
    essay__essay_id(abs, id);
    free(abs);
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    essay_record rec;
    xc_error xe;
    int had = essay__record_get(ix, id, &rec, NULL, &xe);
    cr_assert_geq(had, 0);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    return had > 0;
}

static char *target(int i)
{
    char *p;
    cr_assert_geq(asprintf(&p, "%s/essay-%d.txt", targets, i), 0);
    return p;
}

/* Forget the corpus path 'path'; the summary in *sum. */
static void forget(const char *path, essay_update_summary *sum)
{
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_forget(ix, path, NULL, sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
}

Test(sweep, an_essay_goes_with_its_link)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    cr_assert_eq(sum.added, ESSAYS);
    char link[256];
    snprintf(link, sizeof link, "%s/essay-0.txt", links);
    cr_assert_eq(unlink(link), 0);
    update(NULL, NULL, &sum);
    cr_assert_eq(sum.removed, 1, "the essay whose link went");
    cr_assert_eq(sum.unchanged, ESSAYS - 1);
    char *gone = target(0), *kept = target(1);
    cr_assert_not(records(gone));
    cr_assert(records(kept), "its target is still there, but no link reaches it");
    free(gone);
    free(kept);
}

Test(sweep, an_exclude_leaves_a_link_out_and_its_essay_goes)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    const char *exclude[] = { "essay-1.txt", NULL };
    essay_update_options opt = { .exclude = exclude };
    update(NULL, &opt, &sum);
    cr_assert_eq(sum.removed, 1);
    char *gone = target(1);
    cr_assert_not(records(gone));
    free(gone);
    cr_assert_eq(essays(), ESSAYS - 1);
}

Test(sweep, forgetting_a_directory_of_links_removes_its_essays)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    update(other, NULL, &sum);
    cr_assert_eq(essays(), ESSAYS + 1);
    forget(links, &sum);
    cr_assert_eq(sum.removed, ESSAYS, "every essay its links reached");
    cr_assert_eq(essays(), 1, "the other corpus path's essay stays");
}

/* A link of a path that stays keeps its essay when the other path that
 * links to it is forgotten. */
Test(sweep, forgetting_a_path_keeps_what_another_path_links_to)
{
    char link[256];
    snprintf(link, sizeof link, "%s/also-essay-0.txt", other);
    char *first = target(0);
    cr_assert_eq(symlink(first, link), 0);
    essay_update_summary sum;
    update(links, NULL, &sum);
    update(other, NULL, &sum);
    forget(links, &sum);
    cr_assert_eq(sum.removed, ESSAYS - 1, "all but the one 'other' links to");
    cr_assert(records(first));
    cr_assert_eq(essays(), 2);
    free(first);
}

/* What a forgotten path held that a path which stays links to stays, and
 * goes with that link. */
Test(sweep, a_forgotten_paths_essay_another_links_to_goes_with_the_link)
{
    char essay[256], link[256];
    snprintf(essay, sizeof essay, "%s/tern.txt", other);
    snprintf(link, sizeof link, "%s/tern.txt", links);
    cr_assert_eq(symlink(essay, link), 0);
    essay_update_summary sum;
    update(other, NULL, &sum);
    update(links, NULL, &sum);
    forget(other, &sum);
    cr_assert_eq(sum.removed, 0, "the link reaches it");
    cr_assert(records(essay));
    cr_assert_eq(unlink(link), 0);
    update(NULL, NULL, &sum);
    cr_assert_eq(sum.removed, 1);
    cr_assert_not(records(essay));
}

/* A directory of links deleted, then forgotten: its essays go, those no
 * path that stays reaches. */
Test(sweep, forgetting_a_deleted_directory_of_links_removes_its_essays)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    update(other, NULL, &sum);
    essay__remove_tree(links, NULL);
    forget(links, &sum);
    cr_assert_eq(sum.removed, ESSAYS);
    cr_assert_eq(essays(), 1);
}

/* While a path that stays cannot be walked (gone, unmounted), a forget
 * cannot tell what it would reach: the linked essays stay. */
Test(sweep, forgetting_while_another_path_is_gone_keeps_the_linked_essays)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    update(other, NULL, &sum);
    essay__remove_tree(other, NULL);
    forget(links, &sum);
    cr_assert_eq(sum.removed, 0);
    cr_assert_eq(essays(), ESSAYS + 1);
}

/* An update of some of the corpus paths cannot tell whose link reached an
 * essay: it keeps the linked essays it did not reach; the next update of
 * them all removes those no link reaches. */
Test(sweep, an_update_of_another_path_keeps_the_linked_essays)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    update(other, NULL, &sum);
    char link[256];
    snprintf(link, sizeof link, "%s/essay-2.txt", links);
    cr_assert_eq(unlink(link), 0);
    update(other, NULL, &sum);
    cr_assert_eq(sum.removed, 0);
    cr_assert_eq(essays(), ESSAYS + 1);
    update(NULL, NULL, &sum);
    cr_assert_eq(sum.removed, 1);
}

/* A linked subdirectory's essays are reached through it the same way. */
Test(sweep, the_essays_of_a_linked_subdirectory_go_with_the_link)
{
    char sub[256];
    snprintf(sub, sizeof sub, "%s/sub", other);
    cr_assert_eq(symlink(targets, sub), 0);
    essay_update_summary sum;
    update(other, NULL, &sum);
    cr_assert_eq(sum.added, ESSAYS + 1);
    cr_assert_eq(unlink(sub), 0);
    update(NULL, NULL, &sum);
    cr_assert_eq(sum.removed, ESSAYS);
    cr_assert_eq(essays(), 1);
}

/* A corpus path that a link in another reached first (the walk takes a
 * directory once) is swept all the same, not taken for one emptied. */
Test(sweep, a_corpus_path_a_link_reached_first_is_swept)
{
    char link[256], tern[256], gull[256];
    snprintf(link, sizeof link, "%s/aa-other", links);
    cr_assert_eq(symlink(other, link), 0);
    snprintf(gull, sizeof gull, "%s/gull.txt", other);
    fixture_write_file(gull, "Gull\n\nA paragraph about the gull.\n");
    essay_update_summary sum;
    update(links, NULL, &sum);
    update(other, NULL, &sum);
    cr_assert_eq(essays(), ESSAYS + 2);
    snprintf(tern, sizeof tern, "%s/tern.txt", other);
    cr_assert_eq(unlink(tern), 0);
    update(NULL, NULL, &sum);
    cr_assert_eq(sum.removed, 1);
    cr_assert_eq(essays(), ESSAYS + 1);
}

/* What the library adds outside any corpus path is no linked essay: a
 * whole update leaves it alone. */
Test(sweep, an_essay_the_library_added_stays)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    essay_change change;
    size_t paragraphs;
    char path[256];
    snprintf(path, sizeof path, "%s/lone.txt", dir);
    fixture_write_file(path, "Lone\n\nA paragraph on its own.\n");
    cr_assert_eq(essay_index_add_file(ix, path, &change, &paragraphs, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    update(NULL, NULL, &sum);
    cr_assert_eq(sum.removed, 0);
    cr_assert(records(path));
}

/* An index made before the link mark: the next update marks the records
 * of the essays it reaches through links (reading each once), and the one
 * after sweeps as above. */
Test(sweep, an_unmarked_record_is_marked_by_the_next_update)
{
    essay_update_summary sum;
    update(links, NULL, &sum);
    char *first = target(0), *abs = realpath(first, NULL), id[17];
    essay__essay_id(abs, id);
    essay_index *ix;
    char *err = NULL;
    xc_error xe;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    essay_record rec;
    char *title = NULL;
    cr_assert_eq(essay__record_get(ix, id, &rec, &title, &xe), 1);
    cr_assert(rec.linked, "reached through a link");
    rec.linked = 0;
    cr_assert_eq(essay__record_put(ix->wdb, id, &rec, abs, title, &xe), 0);
    cr_assert_eq(essay_index_commit(ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    update(NULL, NULL, &sum);
    cr_assert_eq(sum.unchanged, ESSAYS, "read again, not changed");
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay__record_get(ix, id, &rec, NULL, &xe), 1);
    cr_assert(rec.linked, "marked again");
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    free(title);
    free(abs);
    free(first);
}
