/* test_essays.c -- unit tests of core/essays.c, the essay database beside
 * the paragraph one.
 *
 * Each test gets a fresh mkdtemp() directory holding an index written
 * through the public API (essay_index_*), and reads the essay database at
 * <index>/essays back with the Xapian binding: one document per essay, its
 * words with their counts over all paragraphs, its title words, its names
 * (author and file name, adding nothing to its length); kept in step
 * when an essay changes or goes, and through a rebuild (compacted) or an
 * abandoned update, and committed every 200 essays by a rebuild; an index
 * made before it (no essay database) stays without one;
 * essay__essays_compact() all or nothing.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-essays.XXXXXX";
static char *index_path;

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_gt(asprintf(&index_path, "%s/index", dir), 0);
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
    free(index_path);
}

TestSuite(essays, .init = setup, .fini = teardown);

static const char HARVEST[] =
    "---\ntitle: Apple harvest\n---\n\n"
    "The orchard grows apples.\n\nApples and pears, apples again.\n\nThe river carries barges.\n";

static essay_index *open_index(int flags)
{
    essay_index *ix = NULL;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, flags, NULL, &ix, &err), ESSAY_OK, "%s", err);
    return ix;
}

static void close_index(essay_index *ix)
{
    char *err = NULL;
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err ? err : "");
}

static void add(essay_index *ix, const char *name, const char *text)
{
    char *path, *err = NULL;
    cr_assert_gt(asprintf(&path, "%s/%s", dir, name), 0);
    essay_change change;
    size_t paragraphs;
    cr_assert_eq(essay_index_add_buffer(ix, path, text, strlen(text), &change, &paragraphs,
                                        &err), ESSAY_OK, "%s", err);
    free(path);
}

static void remove_essay(essay_index *ix, const char *name)
{
    char *path, *err = NULL;
    cr_assert_gt(asprintf(&path, "%s/%s", dir, name), 0);
    essay_change change;
    cr_assert_eq(essay_index_remove(ix, path, &change, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(change, ESSAY_REMOVED);
    free(path);
}

/* The essay database of the index at 'path', or NULL when it has none. */
static xc_db *essays_of(const char *path)
{
    char *essays = essay__essays_path(path);
    struct stat sb;
    xc_error xe;
    xc_db *db = NULL;
    if (stat(essays, &sb) == 0)
        cr_assert_not_null(db = xc_db_open(essays, &xe), "%s: %s", essays, xe.msg);
    free(essays);
    return db;
}

static unsigned doccount(xc_db *db)
{
    unsigned n = 0;
    xc_error xe;
    cr_assert_eq(xc_db_doccount(db, &n, &xe), 0, "%s", xe.msg);
    return n;
}

static unsigned termfreq(xc_db *db, const char *term)
{
    unsigned n = 0;
    xc_error xe;
    cr_assert_eq(xc_db_termfreq(db, term, &n, &xe), 0, "%s", xe.msg);
    return n;
}

/* The BM25 weight of 'term' in the one document it matches (a stand-in for
 * its wdf: more occurrences, more weight). */
static double weight_of(xc_db *db, const char *term)
{
    xc_error xe;
    xc_query *q = xc_query_term(term, strlen(term), 1, 0, &xe);
    xc_enquire *enq = xc_enquire_new(db, &xe);
    cr_assert_eq(xc_enquire_set_query(enq, q, &xe), 0);
    xc_mset *m = xc_enquire_mset(enq, 0, 10, 10, &xe);
    cr_assert_not_null(m, "%s", xe.msg);
    cr_assert_eq(xc_mset_size(m), 1, "%s in one essay", term);
    double w = xc_mset_weight(m, 0);
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(q);
    return w;
}

Test(essays, a_new_index_has_one_document_per_essay)
{
    essay_index *ix = open_index(ESSAY_CREATE);
    add(ix, "harvest.txt", HARVEST);
    add(ix, "river.txt", "Barges\n\nThe barges go down the river.\n");
    close_index(ix);
    xc_db *db = essays_of(index_path);
    cr_assert_not_null(db);
    cr_assert_eq(doccount(db), 2);
    cr_assert_eq(termfreq(db, "Zappl"), 1, "words of all paragraphs, stemmed");
    cr_assert_eq(termfreq(db, "Zpear"), 1);
    cr_assert_eq(termfreq(db, "Zriver"), 2);
    cr_assert_eq(termfreq(db, "Sharvest"), 1, "title words");
    cr_assert_eq(termfreq(db, "apples"), 0, "no bare terms");
    char id[17], term[32], path[256];
    snprintf(path, sizeof path, "%s/harvest.txt", dir);
    essay__essay_id(path, id);
    snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, id);
    cr_assert_eq(termfreq(db, term), 1, "the essay's id term");
    /* "apples" four times outweighs "pears" once in the same essay */
    cr_assert_gt(weight_of(db, "Zappl"), weight_of(db, "Zpear"));
    xc_db_close(db);
}

/* The names an essay is known by, its author's and its file name's words,
 * are terms of its document that do not count in its length; a number in
 * the file name is none. */
Test(essays, an_essay_has_the_words_of_its_author_and_file_name_as_names)
{
    essay_index *ix = open_index(ESSAY_CREATE);
    add(ix, "chesterton-on-lying-in-bed.010.txt",
        "---\ntitle: On Lying in Bed\nauthor: G. K. Chesterton\n---\n\n"
        "Lying in bed would be perfect with a coloured pencil.\n");
    add(ix, "2024-05-01.txt", "Harvest\n\nThe orchard grows apples.\n");
    close_index(ix);
    xc_db *db = essays_of(index_path);
    cr_assert_eq(termfreq(db, "Nchesterton"), 1, "from the author and the file name");
    cr_assert_eq(termfreq(db, "Nlie"), 1, "stemmed as the text is");
    cr_assert_eq(termfreq(db, "Nbed"), 1);
    cr_assert_eq(termfreq(db, "Ng"), 1);
    cr_assert_eq(termfreq(db, "N010"), 0, "a number is no name");
    cr_assert_eq(termfreq(db, "N2024"), 0);
    cr_assert_eq(termfreq(db, "Ntxt"), 0, "nor the extension");
    cr_assert_eq(termfreq(db, "Zchesterton"), 0, "names are not text");
    unsigned long long named = 0, unnamed = 0;
    xc_error xe;
    cr_assert_eq(xc_db_total_length(db, &named, &xe), 0);
    xc_db_close(db);

    /* The same texts, with no author and a file name of digits. */
    essay__remove_tree(index_path, NULL);
    ix = open_index(ESSAY_CREATE);
    add(ix, "1.txt", "---\ntitle: On Lying in Bed\n---\n\n"
        "Lying in bed would be perfect with a coloured pencil.\n");
    add(ix, "2.txt", "Harvest\n\nThe orchard grows apples.\n");
    close_index(ix);
    db = essays_of(index_path);
    cr_assert_eq(termfreq(db, "Nchesterton"), 0);
    cr_assert_eq(xc_db_total_length(db, &unnamed, &xe), 0);
    cr_assert_eq(named, unnamed, "names add nothing to the essays' lengths");
    xc_db_close(db);
}

Test(essays, a_changed_essay_replaces_its_document_and_a_removed_one_goes)
{
    essay_index *ix = open_index(ESSAY_CREATE);
    add(ix, "harvest.txt", HARVEST);
    add(ix, "river.txt", "Barges\n\nThe barges go down the river.\n");
    close_index(ix);
    ix = open_index(0);
    add(ix, "harvest.txt", "Plums\n\nThe orchard grows plums.\n");
    remove_essay(ix, "river.txt");
    close_index(ix);
    xc_db *db = essays_of(index_path);
    cr_assert_eq(doccount(db), 1);
    cr_assert_eq(termfreq(db, "Zappl"), 0);
    cr_assert_eq(termfreq(db, "Zplum"), 1);
    cr_assert_eq(termfreq(db, "Zriver"), 0);
    xc_db_close(db);
}

Test(essays, an_abandoned_update_leaves_the_essays_as_committed)
{
    essay_index *ix = open_index(ESSAY_CREATE);
    add(ix, "harvest.txt", HARVEST);
    close_index(ix);
    ix = open_index(0);
    add(ix, "canal.txt", "Canal\n\nThe canal froze.\n");
    essay_index_abandon(ix);
    xc_db *db = essays_of(index_path);
    cr_assert_eq(doccount(db), 1);
    cr_assert_eq(termfreq(db, "Zcanal"), 0);
    xc_db_close(db);
}

Test(essays, a_rebuild_writes_them_anew_and_compacted)
{
    essay_index *ix = open_index(ESSAY_CREATE);
    add(ix, "harvest.txt", HARVEST);
    close_index(ix);
    ix = open_index(ESSAY_REBUILD);
    add(ix, "canal.txt", "Canal\n\nThe canal froze.\n");
    close_index(ix);
    xc_db *db = essays_of(index_path);
    cr_assert_not_null(db, "the rebuilt index has its essays");
    cr_assert_eq(doccount(db), 1);
    cr_assert_eq(termfreq(db, "Zappl"), 0, "only what the rebuild indexed");
    cr_assert_eq(termfreq(db, "Zcanal"), 1);
    xc_db_close(db);
}

/* A rebuild's essay database commits every 200 essays (index.c), so Xapian
 * never buffers more of them, whatever the paragraphs' flush threshold; the
 * essays committed along the way and those after are all in the result. */
Test(essays, a_rebuild_commits_its_essays_along_the_way)
{
    essay_index *ix = open_index(ESSAY_CREATE | ESSAY_REBUILD);
    char name[32], text[96];
    for (int i = 0; i < 450; i++) {
        snprintf(name, sizeof name, "e%03d.txt", i);
        snprintf(text, sizeof text, "Essay %d\n\nThe word q%03dx stands here.\n", i, i);
        add(ix, name, text);
    }
    char *rebuild = essay__rebuild_path(index_path);
    xc_db *db = essays_of(rebuild);
    cr_assert_not_null(db, "the rebuild's essay database is there before its end");
    cr_assert_eq(doccount(db), 400, "committed at 200 and 400 essays");
    xc_db_close(db);
    free(rebuild);
    close_index(ix);
    db = essays_of(index_path);
    cr_assert_eq(doccount(db), 450);
    cr_assert_eq(termfreq(db, "Zq000x"), 1);
    cr_assert_eq(termfreq(db, "Zq449x"), 1);
    xc_db_close(db);
}

Test(essays, an_index_made_without_them_stays_without)
{
    essay_index *ix = open_index(ESSAY_CREATE);
    add(ix, "harvest.txt", HARVEST);
    close_index(ix);
    char *essays = essay__essays_path(index_path);
    cr_assert_eq(essay__remove_tree(essays, NULL), ESSAY_OK);
    ix = open_index(0);
    add(ix, "river.txt", "Barges\n\nThe barges go down the river.\n");
    remove_essay(ix, "harvest.txt");
    close_index(ix);
    struct stat sb;
    cr_assert_neq(stat(essays, &sb), 0, "half an essay database would rank only some essays");
    free(essays);
}

Test(essays, compaction_is_all_or_nothing)
{
    char *a, *b, *dest, *dest_essays;
    cr_assert_gt(asprintf(&a, "%s/a", dir), 0);
    cr_assert_gt(asprintf(&b, "%s/b", dir), 0);
    cr_assert_gt(asprintf(&dest, "%s/dest", dir), 0);
    dest_essays = essay__essays_path(dest);
    const char *const paths[] = { a, b };
    essay_index *ix;
    char *err = NULL;
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(essay_index_open(paths[i], ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK);
        add(ix, i ? "river.txt" : "harvest.txt", i ? "Barges\n\nThe river.\n" : HARVEST);
        close_index(ix);
    }
    cr_assert_eq(mkdir(dest, 0777), 0);
    cr_assert_eq(essay__essays_compact(paths, 2, dest, &err), ESSAY_OK, "%s", err);
    xc_db *db = essays_of(dest);
    cr_assert_not_null(db);
    cr_assert_eq(doccount(db), 2, "both sources' essays");
    xc_db_close(db);

    cr_assert_eq(essay__remove_tree(dest_essays, NULL), ESSAY_OK);
    char *b_essays = essay__essays_path(b);
    cr_assert_eq(essay__remove_tree(b_essays, NULL), ESSAY_OK);
    cr_assert_eq(essay__essays_compact(paths, 2, dest, &err), ESSAY_OK, "%s", err);
    struct stat sb;
    cr_assert_neq(stat(dest_essays, &sb), 0, "a source without essays: none");
    free(b_essays);
    free(a);
    free(b);
    free(dest);
    free(dest_essays);
}
