/* test_store.c -- unit tests of core/store.c, the commit of an index's two
 * databases and its repair.
 *
 * Each test gets a fresh mkdtemp() directory holding an index written
 * through the public API.  A writer killed between the essay database's
 * commit and the paragraph database's is played by writing the essay
 * database alone, as that commit leaves it: a generation ahead, with a
 * journal.  Checked: each commit puts both databases at one new generation
 * (a commit with nothing to commit writes nothing); a reader finds the two
 * out of step and reads the paragraphs alone; the next writer puts the
 * essay database back as a clean build has it (an essay in another
 * language than the index's stemmed in its own).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char dir[] = "/tmp/essay-test-store.XXXXXX";
static char *index_path, *essays_path;

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_gt(asprintf(&index_path, "%s/index", dir), 0);
    cr_assert_not_null(essays_path = essay__essays_path(index_path));
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
    free(index_path);
    free(essays_path);
}

TestSuite(store, .init = setup, .fini = teardown);

static const char HARVEST[] =
    "---\ntitle: Apple harvest\nauthor: Ann Reader\n---\n\n"
    "The orchard grows apples.\n\nApples and pears, apples again.\n";
static const char RIVER[] = "Barges\n\nThe barges go down the river.\n";
static const char RIVIERE[] = "---\ntitle: Les rivières\nlanguage: french\n---\n\n"
                              "Les péniches descendent les rivières, lentement.\n";

/* The writer of the index, opened with 'flags'. */
static essay_index *writer(int flags)
{
    essay_index *ix = NULL;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, flags, NULL, &ix, &err), ESSAY_OK, "%s", err);
    return ix;
}

static void writer_close(essay_index *ix)
{
    char *err = NULL;
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err ? err : "");
}

/* The index of harvest.txt, river.txt and riviere.txt (in French; names as
 * given), and harvest's id. */
static void index_both(char harvest_id[17])
{
    const char *const essays[][2] = { { "harvest.txt", HARVEST }, { "river.txt", RIVER },
                                      { "riviere.txt", RIVIERE } };
    fixture_index(index_path, essays, 3);
    essay__essay_id("harvest.txt", harvest_id);
}

/* The metadata 'key' of the database at 'path', malloc'd. */
static char *metadata(const char *path, const char *key)
{
    xc_error xe;
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s: %s", path, xe.msg);
    char *value = NULL;
    cr_assert_eq(xc_db_get_metadata(db, key, &value, NULL, &xe), 0, "%s", xe.msg);
    xc_db_close(db);
    return value;
}

static unsigned termfreq(const char *path, const char *term)
{
    xc_error xe;
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s: %s", path, xe.msg);
    unsigned n = 0;
    cr_assert_eq(xc_db_termfreq(db, term, &n, &xe), 0, "%s", xe.msg);
    xc_db_close(db);
    return n;
}

/* Whether a reader opening the index now finds its databases in step. */
static int in_step(void)
{
    xc_error xe;
    xc_db *db = xc_db_open(index_path, &xe), *essays = xc_db_open(essays_path, &xe);
    cr_assert(db && essays, "%s", xe.msg);
    int rc = essay__store_in_step(db, essays);
    xc_db_close(db);
    xc_db_close(essays);
    return rc;
}

static void cr_assert_generation(const char *want)
{
    char *gen = metadata(index_path, ESSAY_META_GENERATION);
    char *essays_gen = metadata(essays_path, ESSAY_META_GENERATION);
    cr_assert_str_eq(gen, want, "the paragraph database's generation");
    cr_assert_str_eq(essays_gen, want, "the essay database's generation");
    free(gen);
    free(essays_gen);
}

Test(store, each_commit_puts_both_databases_at_a_new_generation)
{
    essay_index *ix = writer(ESSAY_CREATE);
    essay_change change;
    size_t paragraphs;
    char *err = NULL;
    cr_assert_eq(essay_index_add_buffer(ix, "harvest.txt", HARVEST, strlen(HARVEST), &change,
                                        &paragraphs, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_commit(ix, &err), ESSAY_OK, "%s", err);
    cr_assert_generation("1");
    cr_assert_not(xc_wdb_modified(ix->wdb), "nothing left to commit");
    cr_assert_eq(essay_index_add_buffer(ix, "river.txt", RIVER, strlen(RIVER), &change,
                                        &paragraphs, &err), ESSAY_OK, "%s", err);
    cr_assert(xc_wdb_modified(ix->wdb));
    writer_close(ix);
    cr_assert_generation("2");
    cr_assert(in_step());
    /* Opened and closed without a change: no commit, no new generation. */
    writer_close(writer(0));
    cr_assert_generation("2");
}

/* Write the essay database alone as a writer killed after its commit
 * leaves it: 'journal' changed (harvest's document replaced by a wrong one,
 * a document for an essay the paragraph database never got), a generation
 * ahead. */
static void commit_essays_alone(const char *harvest_id)
{
    static const char NEW_ID[] = "0123456789abcdef";
    xc_error xe;
    xc_wdb *essays = xc_wdb_open(essays_path, 0, &xe);
    cr_assert_not_null(essays, "%s", xe.msg);
    essay_analyzer *an;
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
    essay_docdata d = { .title = "Bogus", .title_len = 5, .path = "" };
    char riviere_id[17];
    essay__essay_id("riviere.txt", riviere_id);
    const char *ids[] = { harvest_id, NEW_ID, riviere_id };
    for (size_t i = 0; i < 3; i++) {
        xc_doc *doc = essay__essays_doc(an, ids[i], &d, &xe);
        cr_assert_not_null(doc, "%s", xe.msg);
        cr_assert_eq(xc_doc_add_term(doc, "Zbogus", 6, 1, &xe), 0);
        cr_assert_eq(essay__essays_put(essays, ids[i], doc, &xe), 0, "%s", xe.msg);
        xc_doc_free(doc);
    }
    essay_analyzer_free(an);
    char journal[64];
    int len = snprintf(journal, sizeof journal, "%s\n%s\n%s\n", harvest_id, NEW_ID, riviere_id);
    cr_assert_eq(xc_wdb_set_metadata(essays, ESSAY_META_JOURNAL, journal, (size_t)len, &xe), 0);
    cr_assert_eq(xc_wdb_set_metadata(essays, ESSAY_META_GENERATION, "2", 1, &xe), 0);
    cr_assert_eq(xc_wdb_close(essays, &xe), 0, "%s", xe.msg);
}

Test(store, the_next_writer_repairs_a_commit_killed_between_the_databases)
{
    char harvest[17];
    index_both(harvest);
    cr_assert_generation("1");
    cr_assert_eq(termfreq(essays_path, "Zappl"), 1);

    commit_essays_alone(harvest);
    cr_assert_not(in_step(), "a reader sees the essay database a generation ahead");
    essay_searcher *s;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "%s", err);
    cr_assert_null(s->essays, "the searcher reads the paragraphs alone");
    essay_searcher_close(s);

    writer_close(writer(0));
    cr_assert_generation("1");
    cr_assert(in_step());
    cr_assert_eq(termfreq(essays_path, "Zbogus"), 0, "the wrong documents are gone");
    cr_assert_eq(termfreq(essays_path, "Zappl"), 1, "harvest's document is made anew");
    cr_assert_eq(termfreq(essays_path, "Sharvest"), 1, "with its title");
    cr_assert_eq(termfreq(essays_path, "Nreader"), 1, "its author");
    cr_assert_eq(termfreq(essays_path, "Nharvest"), 1, "and its file name");
    cr_assert_eq(termfreq(essays_path, "Zbarg"), 1, "river's is untouched");
    xc_error xe;
    xc_db *db = xc_db_open(essays_path, &xe);
    unsigned n = 0;
    cr_assert_eq(xc_db_doccount(db, &n, &xe), 0);
    cr_assert_eq(n, 3, "one document an essay, none for the essay never indexed");
    cr_assert_eq(termfreq(essays_path, "Zlent"), 1, "the French essay's, stemmed in French");
    cr_assert_eq(termfreq(essays_path, "Zlentement"), 0, "not in English");
    xc_db_close(db);
    char *journal = metadata(essays_path, ESSAY_META_JOURNAL);
    cr_assert_str_eq(journal, "");
    free(journal);
}

Test(store, a_repaired_essay_document_is_the_one_indexing_made)
{
    char harvest[17];
    index_both(harvest);
    /* The search's per-essay score of "apples" before and after the repair. */
    essay_searcher *s;
    essay_results *r;
    char *err = NULL;
    essay_search_options o = essay_search_defaults();
    o.per_essay = 1;
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_search(s, "apples pears", &o, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_results_count(r), 1);
    double before = essay_results_hit(r, 0)->score;
    essay_results_free(r);
    essay_searcher_close(s);

    commit_essays_alone(harvest);
    writer_close(writer(0));
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "%s", err);
    cr_assert_not_null(s->essays);
    cr_assert_eq(essay_search(s, "apples pears", &o, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_float_eq(essay_results_hit(r, 0)->score, before, 1e-9);
    essay_results_free(r);
    essay_searcher_close(s);
}
