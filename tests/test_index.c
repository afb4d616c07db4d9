/* test_index.c -- unit tests of core/index.c, the writing half of libessay.
 *
 * Each test gets a fresh mkdtemp() directory (removed in teardown) holding
 * the index and, where a test needs files on disk, the essays.  Most essays
 * come from memory (essay_index_add_buffer) under absolute names inside that
 * directory.  What a change did is checked through the public API the way a
 * user would see it: essay_searcher_open() + essay_search() on the committed
 * index (exact counts), and the per-essay bookkeeping record read back from
 * the index metadata where the test is about bookkeeping.
 *
 * Covered: added / unchanged / updated / removed, a paragraph count; the
 * warning about the essay last read (an empty one counts as unchanged); text
 * that is not UTF-8 or is binary (the earlier version stays); commit and
 * abandon; a missing index with and without ESSAY_CREATE; the writer lock
 * within one process and across a fork with ESSAY_WAIT; ESSAY_REBUILD (the
 * language and corpus paths inherited, the old index searchable until the
 * swap, an abandoned rebuild leaving it intact, an abandoned first build
 * leaving nothing); a directory a first build left (no index yet, not
 * handed to Xapian); incompatible indexes made
 * with the Xapian binding directly; files: size/mtime/hash bookkeeping (a
 * touched file is not parsed again), relative paths made absolute, missing
 * files; spelling data taken back when an essay is re-indexed or removed; a
 * title phrase in one paragraph of its essay.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-index.XXXXXX";
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

TestSuite(index, .init = setup, .fini = teardown);

/* Three paragraphs; V2 changes a word of the second, keeping the size. */
static const char ESSAY_V1[] =
    "---\ntitle: Harvest\nauthor: Ann Reader\ndate: 2024-05-01\n---\n\n"
    "The orchard grows apples.\n\nThe meadow grows clover.\n\nThe river carries barges.\n";
static const char ESSAY_V2[] =
    "---\ntitle: Harvest\nauthor: Ann Reader\ndate: 2024-05-01\n---\n\n"
    "The orchard grows apples.\n\nThe meadow grows thorns.\n\nThe river carries barges.\n";

/* 'name' inside the test directory, malloc'd. */
static char *in_dir(const char *name)
{
    char *path;
    cr_assert_gt(asprintf(&path, "%s/%s", dir, name), 0);
    return path;
}

static essay_index *open_index(int flags, const char *language)
{
    essay_index *ix = NULL;
    char *err = NULL;
    essay_status st = essay_index_open(index_path, flags, language, &ix, &err);
    cr_assert_eq(st, ESSAY_OK, "open %s: %s", index_path, err ? err : "(no message)");
    cr_assert_not_null(ix);
    return ix;
}

static void close_index(essay_index *ix)
{
    char *err = NULL;
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "close: %s", err ? err : "");
}

/* Index 'text' under dir/name; returns what happened, *paragraphs if asked. */
static essay_change add_text(essay_index *ix, const char *name, const char *text,
                             size_t *paragraphs)
{
    char *path = in_dir(name), *err = NULL;
    essay_change change = ESSAY_SKIPPED;
    size_t n = 0;
    essay_status st = essay_index_add_buffer(ix, path, text, strlen(text), &change, &n, &err);
    cr_assert_eq(st, ESSAY_OK, "add %s: %s", path, err ? err : "(no message)");
    free(path);
    if (paragraphs)
        *paragraphs = n;
    return change;
}

/* Paragraphs of the committed index at 'path' matching 'query'. */
static size_t hits_in(const char *path, const char *query)
{
    essay_searcher *s = NULL;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(path, &s, &err), ESSAY_OK, "searcher: %s", err);
    essay_search_options opt = essay_search_defaults();
    opt.limit = 1000;
    opt.exact_total = 1;
    essay_results *r = NULL;
    cr_assert_eq(essay_search(s, query, &opt, &r, &err), ESSAY_OK, "search: %s", err);
    size_t n = essay_results_count(r);
    cr_assert_eq(essay_results_estimate(r), n);
    essay_results_free(r);
    essay_searcher_close(s);
    return n;
}

static size_t hits(const char *query)
{
    return hits_in(index_path, query);
}

/* The index's metadata value of 'key' (malloc'd), read with the binding. */
static char *metadata(const char *path, const char *key)
{
    xc_error xe;
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s: %s", path, xe.msg);
    char *value = NULL;
    cr_assert_eq(xc_db_get_metadata(db, key, &value, NULL, &xe), 0);
    xc_db_close(db);
    return value;
}

/* ---- adding, updating, removing ------------------------------------------- */

Test(index, add_buffer_reports_added_and_its_paragraphs)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    size_t paragraphs = 0;
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, &paragraphs), ESSAY_ADDED);
    cr_assert_eq(paragraphs, 3);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
    cr_assert_eq(hits("grows"), 2);
    cr_assert_eq(hits("author:reader"), 3);
}

/* The title's words go with each paragraph that has a word of its own (the
 * title bonus, title:), with positions in the first only: a phrase of the
 * title matches the essay there, once, not in every paragraph. */
Test(index, a_title_phrase_is_in_the_first_paragraph_with_words)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    add_text(ix, "autumn.txt", "---\ntitle: Autumn Harvest\n---\n\n* * *\n\n"
             "The orchard grows apples.\n\nThe meadow grows clover.\n", NULL);
    close_index(ix);
    cr_assert_eq(hits("title:harvest"), 2);
    cr_assert_eq(hits("\"autumn harvest\""), 1);
    cr_assert_eq(hits("\"autumn harvest\" apples"), 1);
}

Test(index, the_same_buffer_again_is_unchanged)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    size_t paragraphs = 0;
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, &paragraphs), ESSAY_UNCHANGED);
    cr_assert_eq(paragraphs, 3);
    close_index(ix);
    /* The bookkeeping is in the index: a new writer knows it too. */
    ix = open_index(0, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, &paragraphs), ESSAY_UNCHANGED);
    cr_assert_eq(paragraphs, 3);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1, "no duplicate paragraphs");
}

Test(index, the_warning_about_the_last_essay_read_is_kept_until_the_next)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_null(essay_index_warning(ix));
    cr_assert_eq(add_text(ix, "open.txt", "---\ntitle: T\n\nText.\n", NULL), ESSAY_ADDED);
    const essay_notice *w = essay_index_warning(ix);
    cr_assert_not_null(w);
    cr_assert_eq(w->kind, ESSAY_NOTICE_HEADER);
    cr_assert_eq(w->line, 1);
    char *path = in_dir("open.txt"), *want;
    cr_assert_str_eq(w->path, path);
    cr_assert_gt(asprintf(&want, "%s:1: a header begins with --- but no --- line ends it "
                          "(within 50 lines); read as text", path), 0);
    cr_assert_str_eq(w->message, want);
    /* An empty essay adds nothing: unchanged, with its warning. */
    size_t paragraphs = 1;
    cr_assert_eq(add_text(ix, "empty.txt", "", &paragraphs), ESSAY_UNCHANGED);
    cr_assert_eq(paragraphs, 0);
    cr_assert_eq(essay_index_warning(ix)->kind, ESSAY_NOTICE_EMPTY);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_null(essay_index_warning(ix));
    close_index(ix);
    free(path);
    free(want);
}

Test(index, a_changed_buffer_replaces_the_old_paragraphs)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    close_index(ix);
    ix = open_index(0, NULL);
    size_t paragraphs = 0;
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V2, &paragraphs), ESSAY_UPDATED);
    cr_assert_eq(paragraphs, 3);
    close_index(ix);
    cr_assert_eq(hits("clover"), 0, "the old paragraph is gone");
    cr_assert_eq(hits("thorns"), 1);
    cr_assert_eq(hits("apples"), 1, "unchanged paragraphs are not doubled");
    cr_assert_eq(hits("author:reader"), 3);
}

Test(index, essays_are_kept_apart_by_path)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "one.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "two.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "two.txt", ESSAY_V2, NULL), ESSAY_UPDATED);
    close_index(ix);
    cr_assert_eq(hits("apples"), 2);
    cr_assert_eq(hits("clover"), 1);
    cr_assert_eq(hits("thorns"), 1);
}

/* A file name may be 255 bytes; a filter term of it longer than Xapian's
 * 245 is left out, never an error.  Found by tests/fuzz/fuzz_output. */
Test(index, file_names_of_any_length_are_indexed)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    char name[256];
    for (size_t len = 240; len < sizeof name; len++) {
        memset(name, 'n', len - 4);
        memcpy(name + len - 4, ".txt", 5);
        cr_assert_eq(add_text(ix, name, ESSAY_V1, NULL), ESSAY_ADDED, "a name of %zu bytes", len);
    }
    close_index(ix);
    cr_assert_eq(hits("apples"), sizeof name - 240);
}

Test(index, remove_takes_the_essay_out)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "other.txt", "Apples elsewhere.\n", NULL), ESSAY_ADDED);
    cr_assert_eq(essay_index_commit(ix, NULL), ESSAY_OK);
    char *path = in_dir("harvest.txt"), *never = in_dir("never.txt");
    essay_change change = ESSAY_SKIPPED;
    cr_assert_eq(essay_index_remove(ix, path, &change, NULL), ESSAY_OK);
    cr_assert_eq(change, ESSAY_REMOVED);
    cr_assert_eq(essay_index_remove(ix, path, &change, NULL), ESSAY_OK);
    cr_assert_eq(change, ESSAY_UNCHANGED, "removing twice");
    cr_assert_eq(essay_index_remove(ix, never, &change, NULL), ESSAY_OK);
    cr_assert_eq(change, ESSAY_UNCHANGED, "removing what was never indexed");
    close_index(ix);
    cr_assert_eq(hits("barges"), 0);
    cr_assert_eq(hits("apples"), 1);
    /* Its record went with it: indexing it again adds it. */
    ix = open_index(0, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    essay_index_abandon(ix);
    free(path);
    free(never);
}

/* ---- spelling data ------------------------------------------------------- */

/* How often 'word' is in the spelling data of the committed index. */
static unsigned spelling_frequency(const char *word)
{
    xc_error xe;
    xc_db *db = xc_db_open(index_path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
    unsigned freq = 99;
    cr_assert_eq(xc_db_spelling_frequency(db, word, &freq, &xe), 0, "%s", xe.msg);
    xc_db_close(db);
    return freq;
}

/* The "did you mean" of 'query' on the committed index, malloc'd, or NULL. */
static char *suggestion_for(const char *query)
{
    essay_searcher *s = NULL;
    essay_results *r = NULL;
    essay_search_options o = essay_search_defaults();
    o.strict = 1;
    cr_assert_eq(essay_searcher_open(index_path, &s, NULL), ESSAY_OK);
    cr_assert_eq(essay_search(s, query, &o, &r, NULL), ESSAY_OK);
    const char *found = essay_results_suggestion(r);
    char *copy = found ? strdup(found) : NULL;
    essay_results_free(r);
    essay_searcher_close(s);
    return copy;
}

static const char BIRDS_V1[] = "Birds\n\nThe zebrafinch sings; a zebrafinch nests.\n\nGardens of moss.\n";
static const char BIRDS_V2[] = "Birds\n\nThe zebrafinch whistles; a zebrafinch nests.\n\nGardens of moss.\n";

Test(index, re_indexing_an_essay_replaces_its_spelling_data)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "other.txt", "Moss again.\n", NULL), ESSAY_ADDED);
    close_index(ix);
    cr_assert_eq(spelling_frequency("zebrafinch"), 2);
    cr_assert_eq(spelling_frequency("sings"), 1);
    cr_assert_eq(spelling_frequency("moss"), 2);
    cr_assert_eq(spelling_frequency("birds"), 1, "the title line is a paragraph too");

    ix = open_index(0, NULL);
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V2, NULL), ESSAY_UPDATED);
    close_index(ix);
    cr_assert_eq(spelling_frequency("zebrafinch"), 2, "counted once, not twice");
    cr_assert_eq(spelling_frequency("sings"), 0, "the word that went is gone");
    cr_assert_eq(spelling_frequency("whistles"), 1);
    cr_assert_eq(spelling_frequency("moss"), 2, "the other essay's count is kept");

    /* Changed back and forth before one commit: the net change only. */
    ix = open_index(0, NULL);
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V1, NULL), ESSAY_UPDATED);
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V2, NULL), ESSAY_UPDATED);
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V1, NULL), ESSAY_UPDATED);
    close_index(ix);
    cr_assert_eq(spelling_frequency("zebrafinch"), 2);
    cr_assert_eq(spelling_frequency("sings"), 1);
    cr_assert_eq(spelling_frequency("whistles"), 0);
}

Test(index, a_removed_essay_is_no_longer_suggested)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "other.txt", "Moss again.\n", NULL), ESSAY_ADDED);
    close_index(ix);
    char *suggestion = suggestion_for("zebrafich");
    cr_assert_not_null(suggestion);
    cr_assert_str_eq(suggestion, "zebrafinch");
    free(suggestion);

    ix = open_index(0, NULL);
    char *path = in_dir("birds.txt");
    essay_change change;
    cr_assert_eq(essay_index_remove(ix, path, &change, NULL), ESSAY_OK);
    cr_assert_eq(change, ESSAY_REMOVED);
    free(path);
    close_index(ix);
    cr_assert_eq(spelling_frequency("zebrafinch"), 0);
    cr_assert_eq(spelling_frequency("moss"), 1);
    suggestion = suggestion_for("zebrafich");
    cr_assert_null(suggestion, "suggested: %s", suggestion);
}

Test(index, a_dry_run_changes_no_spelling_data)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V1, NULL), ESSAY_ADDED);
    close_index(ix);
    ix = open_index(0, NULL);
    ix->dry_run = 1;
    cr_assert_eq(add_text(ix, "birds.txt", BIRDS_V2, NULL), ESSAY_UPDATED);
    close_index(ix);
    cr_assert_eq(spelling_frequency("sings"), 1);
    cr_assert_eq(spelling_frequency("whistles"), 0);
}

Test(index, text_that_is_not_utf8_is_refused_and_the_old_version_kept)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(essay_index_commit(ix, NULL), ESSAY_OK);

    const char bad[] = "The orchard grows pears.\n\nBroken \xff byte.\n";
    char *path = in_dir("harvest.txt"), *err = NULL;
    essay_change change = ESSAY_ADDED;
    size_t paragraphs = 99;
    cr_assert_eq(essay_index_add_buffer(ix, path, bad, sizeof bad - 1, &change, &paragraphs,
                                        &err), ESSAY_BAD_INPUT);
    cr_assert_eq(change, ESSAY_SKIPPED);
    cr_assert_not_null(err);
    cr_assert_not_null(strstr(err, ":3:8: not UTF-8 (byte 0xFF at offset 33)"), "message: %s", err);
    cr_assert_not_null(strstr(err, path), "message: %s", err);
    free(err);
    free(path);
    /* The writer goes on: the other essays and the earlier version stand. */
    cr_assert_eq(add_text(ix, "other.txt", "Pears elsewhere.\n", NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_UNCHANGED);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
    cr_assert_eq(hits("pears"), 1);
    cr_assert_eq(hits("broken"), 0);
}

/* Header dates as a person writes them are read as ISO dates: year: finds
 * them and --sort date puts them in order; one that is no date is left out
 * (and warned about), not ranked as a string above every real date. */
Test(index, header_dates_give_the_year_and_sort_in_order)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    add_text(ix, "walden.txt", "---\ndate: March 1850\n---\nOrchard apples in March.\n", NULL);
    add_text(ix, "quoted.txt", "---\ndate: \"2021-05-06\"\n---\nOrchard apples in May.\n", NULL);
    add_text(ix, "circa.txt", "---\ndate: circa 1900\n---\nOrchard apples, undated.\n", NULL);
    size_t n;
    const essay_notice *w = essay_index_warnings(ix, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(w[0].kind, ESSAY_NOTICE_HEADER);
    cr_assert_eq(w[0].line, 2);
    add_text(ix, "recent.txt", "---\ndate: 2025-06-01\n---\nOrchard apples now.\n", NULL);
    close_index(ix);
    cr_assert_eq(hits("year:1850"), 1);
    cr_assert_eq(hits("year:2021"), 1);

    essay_searcher *s = NULL;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "searcher: %s", err);
    essay_search_options opt = essay_search_defaults();
    opt.sort = ESSAY_SORT_DATE;
    essay_results *r = NULL;
    cr_assert_eq(essay_search(s, "orchard", &opt, &r, &err), ESSAY_OK, "search: %s", err);
    cr_assert_eq(essay_results_count(r), 4);
    const char *want[] = { "2025-06-01", "2021-05-06", "1850-03" };
    for (size_t i = 0; i < 3; i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_not_null(h->date, "hit %zu has no date", i);
        cr_assert_str_eq(h->date, want[i], "hit %zu", i);
    }
    cr_assert_null(essay_results_hit(r, 3)->date, "the essay without a date comes last");
    essay_results_free(r);
    essay_searcher_close(s);
}

/* Every warning about an essay is kept, in the order of its lines. */
Test(index, all_the_warnings_about_an_essay_are_kept)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    add_text(ix, "x.txt", "---\ntitle: A\ntitle: B\nlanguage: klingon\n---\n", NULL);
    size_t n;
    const essay_notice *w = essay_index_warnings(ix, &n);
    cr_assert_eq(n, 3);
    unsigned lines[] = { 3, 4, 0 };
    essay_notice_kind kinds[] = { ESSAY_NOTICE_HEADER, ESSAY_NOTICE_HEADER, ESSAY_NOTICE_EMPTY };
    char *path = in_dir("x.txt");
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(w[i].line, lines[i], "warning %zu", i);
        cr_assert_eq(w[i].kind, kinds[i], "warning %zu", i);
        cr_assert_str_eq(w[i].path, path);
        cr_assert_eq(strncmp(w[i].message, path, strlen(path)), 0, "%s", w[i].message);
    }
    cr_assert_eq(essay_index_warning(ix), &w[0]);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_null(essay_index_warnings(ix, &n));
    cr_assert_eq(n, 0);
    close_index(ix);
    free(path);
}

Test(index, binary_text_is_refused)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    const char binary[] = "text\0more";
    char *path = in_dir("blob.txt"), *err = NULL;
    essay_change change;
    size_t paragraphs;
    cr_assert_eq(essay_index_add_buffer(ix, path, binary, sizeof binary - 1, &change,
                                        &paragraphs, &err), ESSAY_BAD_INPUT);
    cr_assert_eq(change, ESSAY_SKIPPED);
    cr_assert_not_null(strstr(err, "blob.txt:1:5: binary file (a NUL byte at offset 4)"),
                       "message: %s", err);
    free(err);
    free(path);
    close_index(ix);
    cr_assert_eq(hits("text"), 0);
}

/* ---- commit and abandon ------------------------------------------------------ */

Test(index, commit_makes_changes_visible_to_readers)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(essay_index_commit(ix, NULL), ESSAY_OK);
    cr_assert_eq(hits("apples"), 1, "committed: visible while the writer is open");
    cr_assert_eq(add_text(ix, "later.txt", "Plums ripen late.\n", NULL), ESSAY_ADDED);
    cr_assert_eq(hits("plums"), 0, "not yet committed");
    close_index(ix);
    cr_assert_eq(hits("plums"), 1, "close commits");
}

Test(index, abandon_discards_what_was_not_committed)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "kept.txt", "Cherries are kept.\n", NULL), ESSAY_ADDED);
    cr_assert_eq(essay_index_commit(ix, NULL), ESSAY_OK);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    essay_index_abandon(ix);
    cr_assert_eq(hits("apples"), 0);
    cr_assert_eq(hits("cherries"), 1);
    /* Its bookkeeping was discarded too. */
    ix = open_index(0, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "kept.txt", "Cherries are kept.\n", NULL), ESSAY_UNCHANGED);
    close_index(ix);
}

Test(index, close_and_abandon_accept_null)
{
    cr_assert_eq(essay_index_close(NULL, NULL), ESSAY_OK);
    essay_index_abandon(NULL);
}

/* ---- opening --------------------------------------------------------------------- */

Test(index, a_missing_index_needs_create)
{
    essay_index *ix = (essay_index *)1;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_NO_INDEX);
    cr_assert_null(ix);
    cr_assert_not_null(strstr(err, index_path), "message: %s", err);
    free(err);
    struct stat sb;
    cr_assert_neq(stat(index_path, &sb), 0, "nothing was created");
}

/* A process that holds Xapian's lock but not essay-index's (a Xapian writer
 * of another program) is named by its pid: the kernel names no holder of
 * Xapian's locks, indexdir.c finds it in /proc. */
Test(index, a_writer_refused_by_xapians_lock_names_its_holder)
{
    close_index(open_index(ESSAY_CREATE, NULL));
    int ready[2], done[2];
    cr_assert_eq(pipe(ready), 0);
    cr_assert_eq(pipe(done), 0);
    pid_t holder = fork();
    cr_assert_geq(holder, 0);
    if (holder == 0) {
        close(done[1]);
        xc_error xe;
        xc_wdb *db = xc_wdb_open(index_path, 0, &xe);
        char c = db ? 'y' : 'n';
        if (write(ready[1], &c, 1) != 1 || read(done[0], &c, 1) < 0)
            _exit(1);
        _exit(0);   /* the lock goes with the process */
    }
    close(ready[1]);
    close(done[0]);
    char c = 0;
    cr_assert_eq(read(ready[0], &c, 1), 1);
    cr_assert_eq(c, 'y', "the holder opened the index for writing");
    essay_index *ix = (essay_index *)1;
    char *err = NULL;
    essay_status st = essay_index_open(index_path, 0, NULL, &ix, &err);
    close(done[1]);
    int status;
    cr_assert_eq(waitpid(holder, &status, 0), holder);
    cr_assert_eq(st, ESSAY_LOCKED, "open: %s", err ? err : "(no message)");
    cr_assert_null(ix);
    char *wanted;
    cr_assert_gt(asprintf(&wanted, "is being written by another process (pid %ld)", (long)holder), 0);
    cr_assert_not_null(strstr(err, wanted), "message: %s", err);
    cr_assert_not_null(strstr(err, index_path), "message: %s", err);
    free(wanted);
    free(err);
    close(ready[0]);
}

Test(index, create_makes_the_leading_directories)
{
    free(index_path);
    index_path = in_dir("deep/er/index");
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
}

Test(index, an_index_path_that_is_a_file_is_refused)
{
    FILE *f = fopen(index_path, "w");
    cr_assert_not_null(f);
    fclose(f);
    essay_index *ix = (essay_index *)1;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_IO);
    cr_assert_null(ix);
    cr_assert_not_null(strstr(err, "not a directory"), "message: %s", err);
    free(err);
}

Test(index, a_new_index_records_its_language_and_keeps_it)
{
    essay_index *ix = open_index(ESSAY_CREATE, "french");
    cr_assert_str_eq(essay_analyzer_language(ix->an), "french");
    close_index(ix);
    ix = open_index(0, "german");
    cr_assert_str_eq(essay_analyzer_language(ix->an), "french", "an existing index keeps its own");
    close_index(ix);
    char *language = metadata(index_path, ESSAY_META_LANGUAGE);
    cr_assert_str_eq(language, "french");
    free(language);
    char *format = metadata(index_path, ESSAY_META_FORMAT);
    cr_assert_str_eq(format, ESSAY_FORMAT_VERSION);
    free(format);
}

Test(index, a_new_index_in_an_unknown_language_is_refused)
{
    essay_index *ix = (essay_index *)1;
    char *err = NULL;
    cr_assert_neq(essay_index_open(index_path, ESSAY_CREATE, "klingon", &ix, &err), ESSAY_OK);
    cr_assert_null(ix);
    cr_assert_not_null(strstr(err, "klingon"), "message: %s", err);
    free(err);
}

/* Make a Xapian database at the index path with 'format' as its essay
 * format (NULL: none) and, if 'with_document', one document. */
static void make_foreign_index(const char *format, int with_document)
{
    xc_error xe;
    xc_wdb *wdb = xc_wdb_open(index_path, XC_CREATE, &xe);
    cr_assert_not_null(wdb, "%s", xe.msg);
    if (format)
        cr_assert_eq(xc_wdb_set_metadata(wdb, ESSAY_META_FORMAT, format, strlen(format), &xe), 0);
    if (with_document) {
        xc_doc *doc = xc_doc_new(&xe);
        cr_assert_eq(xc_doc_set_data(doc, "not an essay", 12, &xe), 0);
        cr_assert_eq(xc_doc_add_term(doc, "word", 4, 1, &xe), 0);
        cr_assert_eq(xc_wdb_add(wdb, doc, NULL, &xe), 0);
        xc_doc_free(doc);
    }
    cr_assert_eq(xc_wdb_close(wdb, &xe), 0);
}

Test(index, another_format_is_incompatible)
{
    make_foreign_index("999", 0);
    essay_index *ix = (essay_index *)1;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_INCOMPATIBLE);
    cr_assert_null(ix);
    cr_assert_not_null(strstr(err, "format 999"), "message: %s", err);
    cr_assert_not_null(strstr(err, "--rebuild"), "message: %s", err);
    free(err);
}

Test(index, a_database_that_is_not_an_essay_index_is_incompatible)
{
    make_foreign_index(NULL, 1);
    essay_index *ix = (essay_index *)1;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err),
                 ESSAY_INCOMPATIBLE);
    cr_assert_null(ix);
    cr_assert_not_null(strstr(err, "not an essay index"), "message: %s", err);
    free(err);
}

Test(index, an_empty_database_becomes_an_essay_index)
{
    make_foreign_index(NULL, 0);
    essay_index *ix = open_index(0, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
}

Test(index, rebuild_replaces_an_incompatible_index)
{
    make_foreign_index("999", 1);
    essay_index *ix = open_index(ESSAY_REBUILD, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
    char *format = metadata(index_path, ESSAY_META_FORMAT);
    cr_assert_str_eq(format, ESSAY_FORMAT_VERSION);
    free(format);
}

/* ---- the writer lock ------------------------------------------------------------- */

Test(index, a_second_writer_is_locked_out_and_told_who_holds_it)
{
    essay_index *first = open_index(ESSAY_CREATE, NULL), *second = (essay_index *)1;
    char *err = NULL, pid[32];
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &second, &err), ESSAY_LOCKED);
    cr_assert_null(second);
    snprintf(pid, sizeof pid, "pid %ld", (long)getpid());
    cr_assert_not_null(strstr(err, pid), "message: %s", err);
    free(err);
    close_index(first);
    second = open_index(0, NULL);
    close_index(second);
}

/* A child opens the index, says so on 'ready', holds it until 'go' is
 * closed, lingers a moment (so that the parent is already waiting), adds an
 * essay and closes.  The child makes no Criterion asserts: its exit status
 * says whether it managed. */
static pid_t fork_writer(int *go_write)
{
    int ready[2], go[2];
    cr_assert_eq(pipe(ready), 0);
    cr_assert_eq(pipe(go), 0);
    pid_t child = fork();
    cr_assert_neq(child, -1);
    if (child == 0) {
        close(ready[0]);
        close(go[1]);
        essay_index *ix;
        char byte = essay_index_open(index_path, 0, NULL, &ix, NULL) == ESSAY_OK ? 'L' : 'F';
        if (write(ready[1], &byte, 1) != 1 || byte != 'L')
            _exit(1);
        while (read(go[0], &byte, 1) > 0)
            ;
        usleep(100 * 1000);
        char *path = in_dir("child.txt");
        const char text[] = "Quinces from the child.\n";
        essay_change change;
        size_t paragraphs;
        int ok = essay_index_add_buffer(ix, path, text, sizeof text - 1, &change, &paragraphs,
                                        NULL) == ESSAY_OK && change == ESSAY_ADDED;
        free(path);
        _exit(essay_index_close(ix, NULL) == ESSAY_OK && ok ? 0 : 1);
    }
    close(ready[1]);
    close(go[0]);
    char byte = 0;
    cr_assert_eq(read(ready[0], &byte, 1), 1);
    cr_assert_eq(byte, 'L', "the child could not open the index");
    close(ready[0]);
    *go_write = go[1];
    return child;
}

Test(index, wait_opens_once_the_other_writer_has_finished)
{
    close_index(open_index(ESSAY_CREATE, NULL));
    int go;
    pid_t child = fork_writer(&go);

    essay_index *ix = (essay_index *)1;
    char *err = NULL, pid[32];
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_LOCKED);
    snprintf(pid, sizeof pid, "pid %ld", (long)child);
    cr_assert_not_null(strstr(err, pid), "message: %s", err);
    free(err);

    close(go);
    ix = open_index(ESSAY_WAIT, NULL);
    /* The child's lock is only released after its commit: it is all there. */
    cr_assert_eq(hits("quinces"), 1);
    close_index(ix);
    int status;
    cr_assert_eq(waitpid(child, &status, 0), child);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child writer failed");
}

/* ---- rebuild ------------------------------------------------------------------------ */

static const char ROOTS[] = "/corpus/one\n/corpus/two";

/* An index in French with two essays and recorded corpus paths. */
static void make_french_index(void)
{
    essay_index *ix = open_index(ESSAY_CREATE, "french");
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "winter.txt", "Snow covers the fields.\n", NULL), ESSAY_ADDED);
    xc_error xe;
    cr_assert_eq(xc_wdb_set_metadata(ix->wdb, ESSAY_META_ROOTS, ROOTS, strlen(ROOTS), &xe), 0);
    close_index(ix);
}

Test(index, rebuild_swaps_in_a_new_index_inheriting_language_and_roots)
{
    make_french_index();
    char *rebuild_path = essay__rebuild_path(index_path);
    essay_index *ix = open_index(ESSAY_REBUILD, NULL);
    cr_assert_str_eq(essay_analyzer_language(ix->an), "french");
    /* The rebuild starts empty: every essay is new to it. */
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(add_text(ix, "spring.txt", "Blossom covers the fields.\n", NULL), ESSAY_ADDED);
    cr_assert_eq(essay_index_commit(ix, NULL), ESSAY_OK);
    struct stat sb;
    cr_assert_eq(stat(rebuild_path, &sb), 0, "built beside the old index");
    cr_assert_eq(hits("snow"), 1, "the old index is searched until the swap");
    cr_assert_eq(hits("blossom"), 0);
    close_index(ix);

    cr_assert_neq(stat(rebuild_path, &sb), 0, "the old index is removed");
    cr_assert_eq(hits("apples"), 1);
    cr_assert_eq(hits("blossom"), 1);
    cr_assert_eq(hits("snow"), 0, "essays not indexed again are gone");
    char *language = metadata(index_path, ESSAY_META_LANGUAGE);
    char *roots = metadata(index_path, ESSAY_META_ROOTS);
    cr_assert_str_eq(language, "french");
    cr_assert_str_eq(roots, ROOTS);
    free(language);
    free(roots);
    free(rebuild_path);

    /* The new index is an ordinary one: updates know its essays. */
    ix = open_index(0, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_UNCHANGED);
    close_index(ix);
}

Test(index, an_abandoned_rebuild_leaves_the_old_index)
{
    make_french_index();
    char *rebuild_path = essay__rebuild_path(index_path);
    essay_index *ix = open_index(ESSAY_REBUILD, NULL);
    cr_assert_eq(add_text(ix, "spring.txt", "Blossom covers the fields.\n", NULL), ESSAY_ADDED);
    cr_assert_eq(essay_index_commit(ix, NULL), ESSAY_OK);
    essay_index_abandon(ix);
    struct stat sb;
    cr_assert_neq(stat(rebuild_path, &sb), 0, "the half-built index is removed");
    cr_assert_eq(hits("snow"), 1);
    cr_assert_eq(hits("apples"), 1);
    cr_assert_eq(hits("blossom"), 0);
    free(rebuild_path);
}

Test(index, a_directory_a_first_build_left_is_no_index_yet)
{
    cr_assert_eq(mkdir(index_path, 0777), 0);
    char *lock = in_dir("index/essay-index.lock"), *flintlock = in_dir("index/flintlock");
    FILE *f = fopen(lock, "w");
    cr_assert_not_null(f);
    fputs("99999\n", f);
    fclose(f);
    essay_index *ix = (essay_index *)1;
    char *err = NULL, *want;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_NO_INDEX);
    cr_assert_null(ix);
    cr_assert_gt(asprintf(&want, "no index at '%s' yet", index_path), 0);
    cr_assert_str_eq(err, want);
    free(err);
    free(want);
    struct stat sb;
    cr_assert_neq(stat(flintlock, &sb), 0, "Xapian was not asked to open it");
    cr_assert_eq(essay_index_kind(index_path), ESSAY_KIND_NONE);
    /* A first build goes ahead in it. */
    ix = open_index(ESSAY_CREATE | ESSAY_REBUILD, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
    free(lock);
    free(flintlock);
}

Test(index, an_abandoned_first_build_leaves_nothing)
{
    char *rebuild_path = essay__rebuild_path(index_path);
    essay_index *ix = open_index(ESSAY_CREATE | ESSAY_REBUILD, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    cr_assert_eq(essay_index_commit(ix, NULL), ESSAY_OK);
    essay_index_abandon(ix);
    struct stat sb;
    cr_assert_neq(stat(rebuild_path, &sb), 0, "the half-built index is removed");
    cr_assert_neq(stat(index_path, &sb), 0, "and the directory made for it");
    free(rebuild_path);
}

Test(index, an_abandoned_first_build_keeps_a_directory_it_did_not_make)
{
    cr_assert_eq(mkdir(index_path, 0777), 0);
    essay_index *ix = open_index(ESSAY_CREATE | ESSAY_REBUILD, NULL);
    cr_assert_eq(add_text(ix, "harvest.txt", ESSAY_V1, NULL), ESSAY_ADDED);
    essay_index_abandon(ix);
    struct stat sb;
    cr_assert_eq(stat(index_path, &sb), 0);
    cr_assert_eq(essay_index_kind(index_path), ESSAY_KIND_NONE);
}

Test(index, a_rebuild_is_locked_like_any_writer)
{
    make_french_index();
    essay_index *ix = open_index(ESSAY_REBUILD, NULL), *other = (essay_index *)1;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &other, NULL), ESSAY_LOCKED);
    cr_assert_eq(essay_index_open(index_path, ESSAY_REBUILD, NULL, &other, NULL), ESSAY_LOCKED);
    cr_assert_null(other);
    /* The refused rebuild did not touch the one under way. */
    cr_assert_eq(add_text(ix, "spring.txt", "Blossom covers the fields.\n", NULL), ESSAY_ADDED);
    close_index(ix);
    cr_assert_eq(hits("blossom"), 1);
}

/* ---- files ------------------------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot create %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* Set the modification time of 'path' to 'seconds' since the epoch. */
static void set_mtime(const char *path, time_t seconds)
{
    struct timespec times[2] = { { .tv_sec = seconds }, { .tv_sec = seconds } };
    cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
}

static essay_change add_file(essay_index *ix, const char *path, size_t *paragraphs)
{
    essay_change change = ESSAY_SKIPPED;
    size_t n;
    char *err = NULL;
    cr_assert_eq(essay_index_add_file(ix, path, &change, &n, &err), ESSAY_OK, "%s", err);
    if (paragraphs)
        *paragraphs = n;
    return change;
}

/* The bookkeeping record of the essay at absolute 'path', from the writer. */
static char *record_of(essay_index *ix, const char *path)
{
    char id[17], key[64], *value = NULL;
    essay__essay_id(path, id);
    snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
    xc_error xe;
    cr_assert_eq(xc_wdb_get_metadata(ix->wdb, key, &value, NULL, &xe), 0);
    return value;
}

Test(index, a_file_is_read_only_when_size_or_mtime_changed)
{
    char *path = in_dir("harvest.txt");
    write_file(path, ESSAY_V1);
    set_mtime(path, 1000000000);
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    size_t paragraphs = 0;
    cr_assert_eq(add_file(ix, path, &paragraphs), ESSAY_ADDED);
    cr_assert_eq(paragraphs, 3);

    char *record = record_of(ix, path), want[512];
    snprintf(want, sizeof want, "%zu %lld %016llx 3 %d\n%s\nHarvest", strlen(ESSAY_V1),
             1000000000LL * 1000000000LL,
             (unsigned long long)essay__hash64(ESSAY_V1, strlen(ESSAY_V1)), ESSAY_READING, path);
    cr_assert_str_eq(record, want);
    free(record);

    cr_assert_eq(add_file(ix, path, &paragraphs), ESSAY_UNCHANGED);
    cr_assert_eq(paragraphs, 3);

    /* Touched, same content: not re-indexed, but the new mtime is recorded. */
    set_mtime(path, 1100000000);
    cr_assert_eq(add_file(ix, path, NULL), ESSAY_UNCHANGED);
    record = record_of(ix, path);
    cr_assert_not_null(strstr(record, " 1100000000000000000 "), "record: %s", record);
    free(record);

    /* Same size and mtime, other content: trusted unchanged without reading. */
    write_file(path, ESSAY_V2);
    cr_assert_eq(strlen(ESSAY_V1), strlen(ESSAY_V2));
    set_mtime(path, 1100000000);
    cr_assert_eq(add_file(ix, path, NULL), ESSAY_UNCHANGED);
    set_mtime(path, 1200000000);
    cr_assert_eq(add_file(ix, path, NULL), ESSAY_UPDATED);
    close_index(ix);
    cr_assert_eq(hits("thorns"), 1);
    cr_assert_eq(hits("clover"), 0);
    free(path);
}

/* A new index of harvest.txt (ESSAY_V1, its mtime 1000000000 s), written in
 * the test directory (its path malloc'd in *path); still open. */
static essay_index *index_harvest(char **path)
{
    *path = in_dir("harvest.txt");
    write_file(*path, ESSAY_V1);
    set_mtime(*path, 1000000000);
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_file(ix, *path, NULL), ESSAY_ADDED);
    return ix;
}

/* Replace the bookkeeping record of the essay at absolute 'path' with 'record'. */
static void plant_record(essay_index *ix, const char *path, const char *record)
{
    char id[17], key[64];
    essay__essay_id(path, id);
    snprintf(key, sizeof key, "%s%s", ESSAY_META_ESSAY, id);
    xc_error xe;
    cr_assert_eq(xc_wdb_set_metadata(ix->wdb, key, record, strlen(record), &xe), 0);
}

/* An essay indexed by an older libessay (its record has no reading, as they
 * were written before the reading was kept) is read again though its file is
 * unchanged, once: the search finds what this reading makes of it. */
Test(index, an_essay_read_by_an_older_reading_is_read_again_once)
{
    char *path;
    essay_index *ix = index_harvest(&path);
    char record[512];
    snprintf(record, sizeof record, "%zu %lld %016llx 3\n%s\nHarvest", strlen(ESSAY_V1),
             1000000000LL * 1000000000LL,
             (unsigned long long)essay__hash64(ESSAY_V1, strlen(ESSAY_V1)), path);
    plant_record(ix, path, record);
    essay_record parsed;
    cr_assert_eq(essay__record_parse(record, strlen(record), &parsed), 0);
    cr_assert_eq(parsed.reading, 0);
    cr_assert_eq(parsed.paragraphs, 3);
    close_index(ix);

    ix = open_index(0, NULL);
    size_t paragraphs = 0;
    cr_assert_eq(add_file(ix, path, &paragraphs), ESSAY_REREAD);
    cr_assert_eq(paragraphs, 3);
    char *now = record_of(ix, path);
    cr_assert_eq(essay__record_parse(now, strlen(now), &parsed), 0);
    cr_assert_eq(parsed.reading, ESSAY_READING);
    free(now);
    cr_assert_eq(add_file(ix, path, NULL), ESSAY_UNCHANGED);
    close_index(ix);
    cr_assert_eq(hits("clover"), 1);
    free(path);
}

/* A record's reading is a number; damage there reads as no reading (the
 * essay is read again), never as a reading from the future, which would
 * refuse the whole index as a newer essay-index's. */
Test(index, a_damaged_reading_is_no_reading)
{
    const char *const damaged[] = { "-1", "4294967296", "5x", "", "99999999999999999999" };
    for (size_t i = 0; i < sizeof damaged / sizeof *damaged; i++) {
        char record[128];
        snprintf(record, sizeof record, "12 34 00000000000000ab 3 %s\n/e.txt\nTitle", damaged[i]);
        essay_record parsed;
        cr_assert_eq(essay__record_parse(record, strlen(record), &parsed), 0, "%s", record);
        cr_assert_eq(parsed.reading, 0, "'%s' read as %u", damaged[i], parsed.reading);
    }
    essay_record parsed;
    const char *good = "12 34 00000000000000ab 3 7\n/e.txt\nTitle";
    cr_assert_eq(essay__record_parse(good, strlen(good), &parsed), 0);
    cr_assert_eq(parsed.reading, 7);
    cr_assert_eq(parsed.paragraphs, 3);
}

/* A touched file is not parsed again: its record keeps the title it has (here
 * one planted in the record, which parsing the file would not give). */
Test(index, a_touched_file_keeps_its_record_without_being_parsed)
{
    char *path;
    essay_index *ix = index_harvest(&path);
    char *record = record_of(ix, path);
    char *title = strrchr(record, '\n');
    cr_assert_not_null(title);
    cr_assert_str_eq(title, "\nHarvest");
    strcpy(title, "\nPlanted");
    plant_record(ix, path, record);
    free(record);
    close_index(ix);

    set_mtime(path, 1100000000);
    ix = open_index(0, NULL);
    size_t paragraphs = 0;
    cr_assert_eq(add_file(ix, path, &paragraphs), ESSAY_UNCHANGED);
    cr_assert_eq(paragraphs, 3);
    record = record_of(ix, path);
    char want[512];
    snprintf(want, sizeof want, "%zu %lld %016llx 3 %d\n%s\nPlanted", strlen(ESSAY_V1),
             1100000000LL * 1000000000LL,
             (unsigned long long)essay__hash64(ESSAY_V1, strlen(ESSAY_V1)), ESSAY_READING, path);
    cr_assert_str_eq(record, want);
    free(record);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
    free(path);
}

Test(index, relative_paths_are_made_absolute)
{
    char *essays = in_dir("essays"), *path = in_dir("essays/harvest.txt");
    cr_assert_eq(mkdir(essays, 0777), 0);
    free(essays);
    write_file(path, ESSAY_V1);
    cr_assert_eq(chdir(dir), 0);
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_file(ix, "essays/harvest.txt", NULL), ESSAY_ADDED);
    cr_assert_eq(add_file(ix, "./essays/../essays/harvest.txt", NULL), ESSAY_UNCHANGED);
    close_index(ix);

    essay_searcher *s;
    essay_results *r;
    cr_assert_eq(essay_searcher_open(index_path, &s, NULL), ESSAY_OK);
    cr_assert_eq(essay_search(s, "apples", NULL, &r, NULL), ESSAY_OK);
    cr_assert_eq(essay_results_count(r), 1);
    char *real = realpath(path, NULL);
    cr_assert_str_eq(essay_results_hit(r, 0)->path, real);
    essay_results_free(r);
    essay_searcher_close(s);

    /* A file already deleted is removed by its relative name too. */
    cr_assert_eq(unlink(path), 0);
    ix = open_index(0, NULL);
    essay_change change;
    cr_assert_eq(essay_index_remove(ix, "essays/harvest.txt", &change, NULL), ESSAY_OK);
    cr_assert_eq(change, ESSAY_REMOVED);
    close_index(ix);
    cr_assert_eq(hits("apples"), 0);
    free(real);
    free(path);
}

Test(index, a_buffer_under_a_relative_name_is_removed_by_that_name)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    essay_change change = ESSAY_SKIPPED;
    size_t n;
    cr_assert_eq(essay_index_add_buffer(ix, "notes/plums.txt", "Plums in June.\n", 15, &change,
                                        &n, NULL), ESSAY_OK);
    cr_assert_eq(change, ESSAY_ADDED);
    cr_assert_eq(essay_index_remove(ix, "notes/plums.txt", &change, NULL), ESSAY_OK);
    cr_assert_eq(change, ESSAY_REMOVED);
    close_index(ix);
    cr_assert_eq(hits("plums"), 0);
}

Test(index, a_missing_file_is_an_io_error_naming_it)
{
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    char *path = in_dir("missing.txt"), *err = NULL;
    essay_change change = ESSAY_ADDED;
    size_t paragraphs = 5;
    cr_assert_eq(essay_index_add_file(ix, path, &change, &paragraphs, &err), ESSAY_IO);
    cr_assert_eq(change, ESSAY_SKIPPED);
    cr_assert_eq(paragraphs, 0);
    cr_assert_not_null(strstr(err, path), "message: %s", err);
    free(err);
    free(path);
    close_index(ix);
}

Test(index, a_file_that_is_not_utf8_keeps_its_earlier_version)
{
    char *path = in_dir("harvest.txt"), *err = NULL;
    write_file(path, ESSAY_V1);
    essay_index *ix = open_index(ESSAY_CREATE, NULL);
    cr_assert_eq(add_file(ix, path, NULL), ESSAY_ADDED);
    write_file(path, "Latin-1 caf\xe9 instead of UTF-8.\n");
    essay_change change;
    size_t paragraphs;
    cr_assert_eq(essay_index_add_file(ix, path, &change, &paragraphs, &err), ESSAY_BAD_INPUT);
    cr_assert_eq(change, ESSAY_SKIPPED);
    cr_assert_not_null(strstr(err, ":1:12: not UTF-8 (byte 0xE9 at offset 11)"), "message: %s",
                       err);
    free(err);
    close_index(ix);
    cr_assert_eq(hits("apples"), 1);
    cr_assert_eq(hits("latin"), 0);
    free(path);
}

/* ---- commits along the way ------------------------------------------------ */

/* Index one essay of 'n' one-line paragraphs (a file of unwrapped lines: one
 * paragraph a line). */
static void add_many_paragraphs(essay_index *ix, size_t n)
{
    char *text = malloc(n * 32 + 1), *p = text;
    cr_assert_not_null(text);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "line number %zu\n", i);
    char *path = in_dir("long.txt"), *err = NULL;
    essay_change change;
    size_t paragraphs = 0;
    cr_assert_eq(essay_index_add_buffer(ix, path, text, (size_t)(p - text), &change, &paragraphs,
                                        &err), ESSAY_OK, "%s", err);
    cr_assert_eq(paragraphs, n);
    free(path);
    free(text);
}

/* The documents of the committed database at 'db_path' (0 when there is none). */
static unsigned committed_docs(const char *db_path)
{
    xc_error xe;
    xc_db *db = xc_db_open(db_path, &xe);
    unsigned docs = 0;
    if (db != NULL) {
        cr_assert_eq(xc_db_doccount(db, &docs, &xe), 0);
        xc_db_close(db);
    }
    return docs;
}

/* A rebuild, which no reader sees until it is swapped in, commits every
 * 50,000 paragraphs (Xapian holds a transaction's document values in
 * memory); the index readers see commits only when asked to. */
Test(index, a_rebuild_commits_along_the_way_a_live_index_does_not)
{
    essay_index *ix = open_index(ESSAY_REBUILD, NULL);
    char *rebuilt = essay__rebuild_path(index_path);
    add_many_paragraphs(ix, 50001);
    cr_assert_eq(committed_docs(rebuilt), 50001);
    essay_index_abandon(ix);
    struct stat sb;
    cr_assert_neq(stat(rebuilt, &sb), 0, "an abandoned rebuild leaves nothing");
    free(rebuilt);

    ix = open_index(ESSAY_CREATE, NULL);
    add_many_paragraphs(ix, 50001);
    cr_assert_eq(committed_docs(index_path), 0, "not before the commit");
    close_index(ix);
    cr_assert_eq(committed_docs(index_path), 50001);
}
