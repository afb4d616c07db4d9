/* test_delta.c -- Criterion tests of delta.c: recent additions written to a
 * small database beside the main one, searched with it, and folded into it.
 *
 * Each test indexes a corpus of ESSAYS generated essays into a live index
 * (not a rebuild), then changes the corpus and updates again.  "Equal to a
 * clean build" is checked on what a reader sees: the hits of a few queries
 * (path, paragraph and score, in order), the number of documents, and the
 * spelling frequencies of the corpus's words.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

#define ESSAYS 30   /* 60 paragraphs (each title line heads the first): the delta is
                               folded past 60 / 16 */

static char dir[64];
static char corpus[128];
static char index_path[128];
static char delta_path[160];

static void write_essay(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", corpus, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static void setup(void)
{
    strcpy(dir, "/tmp/test_delta.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    snprintf(index_path, sizeof index_path, "%s/index", dir);
    snprintf(delta_path, sizeof delta_path, "%s/delta", index_path);
    cr_assert_eq(mkdir(corpus, 0777), 0);
    for (int i = 0; i < ESSAYS; i++) {
        char name[64], text[256];
        snprintf(name, sizeof name, "essay-%02d.txt", i);
        snprintf(text, sizeof text, "Essay %d\n\nA paragraph about harbours and lighthouse "
                 "number %d.\n\nAnother about tides.\n", i, i);
        write_essay(name, text);
    }
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

/* Whether part 'part' of 'db' lists its file names' words (names.c). */
static int names_listed(xc_db *db, size_t part)
{
    char *mark = NULL;
    xc_error xe;
    int listed = xc_db_part_metadata(db, part, ESSAY_META_NAMES, &mark, NULL, &xe) == 0
                 && strcmp(mark, ESSAY_NAMES_LISTED) == 0;
    free(mark);
    return listed;
}

TestSuite(delta, .init = setup, .fini = teardown);

/* Update the index at 'index' from the corpus (its own corpus paths when
 * 'path' is NULL); returns the summary. */
static essay_update_summary update_at(const char *index, const char *path,
                                      const essay_update_options *opt)
{
    static const essay_update_options defaults = { 0 };
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s", err);
    essay_update_summary sum;
    const char *paths[] = { path };
    cr_assert_eq(essay_index_update(ix, paths, path ? 1 : 0, opt ? opt : &defaults, &sum, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    return sum;
}

static essay_update_summary update(void)
{
    return update_at(index_path, corpus, NULL);
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static unsigned doccount(const char *path)
{
    xc_error xe;
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s: %s", path, xe.msg);
    unsigned n = 0;
    cr_assert_eq(xc_db_doccount(db, &n, &xe), 0, "%s", xe.msg);
    xc_db_close(db);
    return n;
}

static essay_results *search(const char *index, const char *query)
{
    essay_searcher *s;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index, &s, &err), ESSAY_OK, "%s", err);
    essay_search_options o = essay_search_defaults();
    o.limit = 100;
    o.exact_total = 1;
    essay_results *r = NULL;
    cr_assert_eq(essay_search(s, query, &o, &r, &err), ESSAY_OK, "%s", err);
    essay_searcher_close(s);
    return r;
}

static size_t hits(const char *query)
{
    essay_results *r = search(index_path, query);
    size_t n = essay_results_count(r);
    essay_results_free(r);
    return n;
}

static unsigned spelling_frequency(const char *index, const char *word)
{
    xc_error xe;
    xc_db *db = xc_db_new(&xe);
    cr_assert_not_null(db);
    cr_assert_eq(xc_db_add(db, index, &xe), 0, "%s", xe.msg);
    if (exists(delta_path) && strcmp(index, index_path) == 0)
        cr_assert_eq(xc_db_add(db, delta_path, &xe), 0, "%s", xe.msg);
    unsigned freq = 0;
    cr_assert_eq(xc_db_spelling_frequency(db, word, &freq, &xe), 0, "%s", xe.msg);
    xc_db_close(db);
    return freq;
}

/* What a reader of the index sees equals what it sees of a clean build of
 * the corpus as it is now; the spelling data too once no delta is left (a
 * delta counts only the words its main database lacks). */
static void assert_equals_clean_build(void)
{
    char clean[160];
    snprintf(clean, sizeof clean, "%s/clean", dir);
    update_at(clean, corpus, NULL);
    static const char *const queries[] = { "harbours", "tides", "lighthouse number",
                                           "zeppelin", "balloon OR tides" };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        essay_results *a = search(index_path, queries[q]), *b = search(clean, queries[q]);
        cr_assert_eq(essay_results_count(a), essay_results_count(b), "hits of '%s'", queries[q]);
        for (size_t i = 0; i < essay_results_count(a); i++) {
            const essay_hit *x = essay_results_hit(a, i), *y = essay_results_hit(b, i);
            cr_assert_str_eq(x->path, y->path, "'%s', hit %zu", queries[q], i + 1);
            cr_assert_eq(x->paragraph, y->paragraph, "'%s', hit %zu", queries[q], i + 1);
            cr_assert(fabs(x->score - y->score) < 1e-9, "'%s', hit %zu: score %g, clean %g",
                      queries[q], i + 1, x->score, y->score);
        }
        essay_results_free(a);
        essay_results_free(b);
    }
    static const char *const words[] = { "harbours", "lighthouse", "tides", "zeppelin",
                                         "balloon", "changed" };
    for (size_t i = 0; !exists(delta_path) && i < sizeof words / sizeof *words; i++)
        cr_assert_eq(spelling_frequency(index_path, words[i]), spelling_frequency(clean, words[i]),
                     "the spelling frequency of '%s'", words[i]);
}

/* Index the corpus, then add one essay to it (which goes to the delta). */
static void index_with_an_addition(void)
{
    update();
    write_essay("new.txt", "Airships\n\nA zeppelin over the harbours.\n");
    update();
}

static void remove_essay(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", corpus, name);
    cr_assert_eq(unlink(path), 0, "cannot remove %s", path);
}

Test(delta, a_new_essay_goes_to_the_delta_and_is_found)
{
    update();
    unsigned main_docs = doccount(index_path);
    cr_assert_not(exists(delta_path), "a first update writes the main database");
    write_essay("new.txt", "Airships\n\nA zeppelin over the harbours.\n");
    essay_update_summary sum = update();
    cr_assert_eq(sum.added, 1);
    cr_assert(exists(delta_path));
    cr_assert_eq(doccount(index_path), main_docs, "the main database is untouched");
    cr_assert_eq(doccount(delta_path), 1, "one paragraph, under the title line");
    cr_assert_eq(hits("zeppelin"), 1);
    cr_assert_eq(hits("harbours"), ESSAYS + 1);
    cr_assert_eq(spelling_frequency(index_path, "zeppelin"), 1, "a new word is suggested");
    cr_assert_eq(spelling_frequency(index_path, "harbours"), ESSAYS,
                 "a word the main database has is counted at the fold");
    /* the delta lists its essays' file names' words, as the main database does */
    xc_error xe;
    xc_db *both = xc_db_open(index_path, &xe);
    cr_assert_not_null(both, "%s", xe.msg);
    cr_assert_eq(xc_db_add(both, delta_path, &xe), 0, "%s", xe.msg);
    cr_assert(names_listed(both, 0) && names_listed(both, 1));
    cr_assert(essay__in_names(both, "new"));
    cr_assert(essay__in_names(both, "essay"));
    xc_db_close(both);
    assert_equals_clean_build();
}

Test(delta, an_essay_of_the_delta_changes_in_the_delta)
{
    index_with_an_addition();
    unsigned main_docs = doccount(index_path);
    write_essay("new.txt", "Ascents\n\nA balloon over the harbours.\n\nAnd another balloon.\n");
    essay_update_summary sum = update();
    cr_assert_eq(sum.updated, 1);
    cr_assert(exists(delta_path));
    cr_assert_eq(doccount(index_path), main_docs);
    cr_assert_eq(hits("zeppelin"), 0);
    cr_assert_eq(hits("balloon"), 2);
    cr_assert_eq(spelling_frequency(index_path, "zeppelin"), 0, "its old words are taken back");
    cr_assert_eq(spelling_frequency(index_path, "balloon"), 2);
    essay_results *r = search(index_path, "balloon");
    cr_assert_str_eq(essay_results_hit(r, 0)->title, "Ascents");
    essay_results_free(r);
    assert_equals_clean_build();
}

Test(delta, a_delta_without_the_list_of_names_folded_in_leaves_none)
{
    /* a delta an older essay-index wrote lists no file names' words: the
       main database it is folded into is read by its file names after */
    index_with_an_addition();
    xc_error xe;
    xc_wdb *delta = xc_wdb_open(delta_path, 0, &xe);
    cr_assert_not_null(delta, "%s", xe.msg);
    cr_assert_eq(xc_wdb_set_metadata(delta, ESSAY_META_NAMES, "", 0, &xe), 0);
    cr_assert_eq(xc_wdb_close(delta, &xe), 0, "%s", xe.msg);
    write_essay("essay-03.txt", "Essay changed\n\nA paragraph about balloon harbours.\n");
    update();
    cr_assert_not(exists(delta_path), "folded");
    xc_db *main_db = xc_db_open(index_path, &xe);
    cr_assert_not_null(main_db, "%s", xe.msg);
    cr_assert_not(names_listed(main_db, 0));
    cr_assert(essay__in_names(main_db, "new"), "its file names are read");
    xc_db_close(main_db);
}

Test(delta, changing_an_essay_of_the_main_database_folds_the_delta)
{
    index_with_an_addition();
    write_essay("essay-03.txt", "Essay changed\n\nA paragraph about balloon harbours.\n");
    essay_update_summary sum = update();
    cr_assert_eq(sum.updated, 1);
    cr_assert_not(exists(delta_path), "the delta is folded in and removed");
    cr_assert_eq(hits("zeppelin"), 1);
    cr_assert_eq(hits("balloon"), 1);
    assert_equals_clean_build();
}

Test(delta, removing_an_essay_of_the_main_database_folds_the_delta)
{
    index_with_an_addition();
    remove_essay("essay-07.txt");
    essay_update_summary sum = update();
    cr_assert_eq(sum.removed, 1);
    cr_assert_not(exists(delta_path));
    cr_assert_eq(hits("harbours"), ESSAYS);
    assert_equals_clean_build();
}

Test(delta, a_removed_essay_of_the_delta_leaves_the_delta)
{
    index_with_an_addition();
    remove_essay("new.txt");
    essay_update_summary sum = update();
    cr_assert_eq(sum.removed, 1);
    cr_assert(exists(delta_path));
    cr_assert_eq(doccount(delta_path), 0);
    cr_assert_eq(hits("zeppelin"), 0);
    assert_equals_clean_build();
}

Test(delta, a_delta_past_a_sixteenth_of_the_main_database_is_folded)
{
    update();
    /* 60 paragraphs in the main database: 4 essays of 1 paragraph are 4 > 60 / 16. */
    for (int i = 0; i < 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "new-%d.txt", i);
        write_essay(name, "Airships\n\nA zeppelin over the harbours.\n");
    }
    update();
    cr_assert_eq(doccount(delta_path), 4);
    write_essay("last.txt", "Ascents\n\nA balloon over the harbours.\n");
    update();
    cr_assert_not(exists(delta_path), "the next addition folds the delta");
    cr_assert_eq(hits("zeppelin"), 4);
    cr_assert_eq(hits("balloon"), 1);
    assert_equals_clean_build();
}

Test(delta, no_delta_folds_it_and_writes_the_main_database)
{
    index_with_an_addition();
    write_essay("newer.txt", "Ascents\n\nA balloon over the harbours.\n");
    essay_update_options opt = { .no_delta = 1 };
    update_at(index_path, corpus, &opt);
    cr_assert_not(exists(delta_path));
    cr_assert_eq(hits("zeppelin"), 1);
    cr_assert_eq(hits("balloon"), 1);
    assert_equals_clean_build();
}

/* The slot the search of the index collapses copies on, and the hits of
 * the reprinted passage: how many, and the copies the first counts. */
static unsigned reprint_hits(unsigned *slot, unsigned *copies)
{
    essay_searcher *s;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "%s", err);
    *slot = s->copy_slot;
    essay_search_options o = essay_search_defaults();
    essay_results *r = NULL;
    cr_assert_eq(essay_search(s, "rowed ashore", &o, &r, &err), ESSAY_OK, "%s", err);
    unsigned n = (unsigned)essay_results_count(r);
    *copies = n ? essay_results_hit(r, 0)->copies : 0;
    essay_results_free(r);
    essay_searcher_close(s);
    return n;
}

#define REPRINTED "The lighthouse keeper rowed ashore at dawn and the gulls followed his boat.\n"

/* A rebuilt index keys its copies (copies.c); one added through the delta
 * is listed once all the same (the search collapses on every paragraph's
 * key while the delta is beside it), and once folded in, as in the rebuilt
 * index; a third, written to the main database, too. */
Test(delta, a_reprint_added_through_the_delta_is_listed_once_before_and_after_the_fold)
{
    write_essay("keepers.txt", "Keepers\n\n" REPRINTED);
    essay_index *ix;
    char *err = NULL;
    essay_update_summary sum;
    static const essay_update_options defaults = { 0 };
    const char *paths[] = { corpus };
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE | ESSAY_REBUILD, NULL, &ix, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_update(ix, paths, 1, &defaults, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    unsigned slot, copies;
    cr_assert_eq(reprint_hits(&slot, &copies), 1);
    cr_assert_eq(copies, 0);
    cr_assert_eq(slot, ESSAY_SLOT_COPIED, "a rebuilt index alone: its copies keyed");

    write_essay("harbour-book.txt", "The Harbour Book\n\n" REPRINTED);
    update();
    cr_assert(exists(delta_path));
    cr_assert_eq(reprint_hits(&slot, &copies), 1, "the passage once, with the delta beside");
    cr_assert_eq(copies, 1);
    cr_assert_eq(slot, ESSAY_SLOT_COPY);

    essay_update_options fold = { .no_delta = 1 };
    update_at(index_path, corpus, &fold);
    cr_assert_not(exists(delta_path));
    cr_assert_eq(reprint_hits(&slot, &copies), 1, "the passage once, folded");
    cr_assert_eq(copies, 1);
    cr_assert_eq(slot, ESSAY_SLOT_COPIED);

    write_essay("anthology.txt", "An Anthology\n\n" REPRINTED);
    update_at(index_path, corpus, &fold);
    cr_assert_eq(reprint_hits(&slot, &copies), 1, "the passage once, a third copy added");
    cr_assert_eq(copies, 2);
    cr_assert_eq(slot, ESSAY_SLOT_COPIED);
    xc_error xe;
    xc_db *merged = xc_db_open(index_path, &xe);
    cr_assert_not_null(merged, "%s", xe.msg);
    cr_assert(names_listed(merged, 0), "the merged parts list their file names' words");
    xc_db_close(merged);
}

/* A rebuild written by two processes keys the copies of its parts
 * before merging them: the passage once, the index keyed. */
Test(delta, a_rebuild_in_parts_keys_the_copies_across_them)
{
    write_essay("reprint-a.txt", "Keepers\n\n" REPRINTED);
    write_essay("reprint-b.txt", "The Harbour Book\n\n" REPRINTED);
    essay_index *ix;
    char *err = NULL;
    essay_update_summary sum;
    essay_update_options two = { .jobs = 2 };
    const char *paths[] = { corpus };
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE | ESSAY_REBUILD, NULL, &ix, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_update(ix, paths, 1, &two, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert(ix->compacted, "written in parts, merged");
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    unsigned slot, copies;
    cr_assert_eq(reprint_hits(&slot, &copies), 1);
    cr_assert_eq(copies, 1);
    cr_assert_eq(slot, ESSAY_SLOT_COPIED);
}

Test(delta, a_dry_run_writes_no_delta)
{
    update();
    write_essay("new.txt", "Airships\n\nA zeppelin over the harbours.\n");
    essay_update_options opt = { .dry_run = 1 };
    essay_update_summary sum = update_at(index_path, corpus, &opt);
    cr_assert_eq(sum.added, 1);
    cr_assert_not(exists(delta_path));
    cr_assert_eq(hits("zeppelin"), 0);
}

/* Write an essay outside the corpus, its path in file[0..size). */
static void write_outside(char *file, size_t size)
{
    snprintf(file, size, "%s/outside.txt", dir);
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fputs("Outside\n\nA zeppelin outside the corpus.\n", f);
    cr_assert_eq(fclose(f), 0);
}

Test(delta, a_file_root_added_by_the_delta_is_remembered)
{
    update();
    char file[256];
    write_outside(file, sizeof file);
    update_at(index_path, file, NULL);
    cr_assert(exists(delta_path));
    essay_index *ix;
    char *err = NULL, *roots = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_roots(ix, &roots, &err), ESSAY_OK, "%s", err);
    cr_assert_not_null(strstr(roots, "outside.txt"), "roots: %s", roots);
    cr_assert_not_null(strstr(roots, "/corpus"), "roots: %s", roots);
    free(roots);
    essay_index_abandon(ix);
    /* A rebuild inherits them. */
    cr_assert_eq(essay_index_open(index_path, ESSAY_REBUILD, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    essay_update_summary sum;
    cr_assert_eq(essay_index_update(ix, NULL, 0, &(essay_update_options){ 0 }, &sum, &err),
                 ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(sum.added, ESSAYS + 1);
    cr_assert_not(exists(delta_path), "a rebuild has no delta");
    cr_assert_eq(hits("zeppelin"), 1);
}

/* An exclude recorded by an update written to the delta is the delta's
 * (which readers and the next update read), and the main database's once
 * folded in, by a forget here, which records no exclude itself. */
Test(delta, an_exclude_recorded_in_the_delta_is_kept_through_the_fold)
{
    update();
    char file[256];
    write_outside(file, sizeof file);
    write_essay("draft.txt", "Draft\n\nA zqdraft.\n");
    const char *exclude[] = { "draft*", NULL };
    essay_update_options opt = { .exclude = exclude };
    essay_update_summary sum = update_at(index_path, file, &opt);
    cr_assert_eq(sum.added, 1);
    cr_assert(exists(delta_path));
    char *roots, *excludes, *extensions, *err = NULL;
    cr_assert_eq(essay_index_recorded(index_path, &roots, &excludes, &extensions, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_str_eq(excludes, "draft*\n");
    free(roots);
    free(excludes);
    free(extensions);
    cr_assert_eq(update_at(index_path, NULL, NULL).added, 0, "still left out");

    essay_index *ix;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_forget(ix, file, NULL, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    cr_assert_not(exists(delta_path));
    cr_assert_eq(essay_index_recorded(index_path, &roots, &excludes, &extensions, &err), ESSAY_OK,
                 "%s", err);
    cr_assert_str_eq(excludes, "draft*\n");
    free(roots);
    free(excludes);
    free(extensions);
    cr_assert_eq(update_at(index_path, NULL, NULL).added, 0, "still left out");
    cr_assert_eq(hits("zqdraft"), 0);
}

Test(delta, a_delta_folded_but_left_behind_is_ignored_and_removed)
{
    index_with_an_addition();
    /* Keep a copy of the delta, fold it, and put the copy back: as if the
     * writer had been killed between the fold's commit and the removal. */
    char copy[256], command[600];
    snprintf(copy, sizeof copy, "%s/delta-copy", dir);
    snprintf(command, sizeof command, "cp -a '%s' '%s'", delta_path, copy);
    cr_assert_eq(system(command), 0);
    write_essay("essay-03.txt", "Essay changed\n\nA paragraph about balloon harbours.\n");
    update();
    cr_assert_not(exists(delta_path));
    cr_assert_eq(rename(copy, delta_path), 0);
    cr_assert_eq(hits("zeppelin"), 1, "the folded delta is not searched twice");
    essay_update_summary sum = update();
    cr_assert_eq(sum.added + sum.updated + sum.removed, 0);
    cr_assert_not(exists(delta_path), "the next writer removes it");
    assert_equals_clean_build();
}

Test(delta, a_delta_its_writer_was_stopped_making_is_removed)
{
    update();
    /* Xapian takes its lock before it writes the database's version file. */
    cr_assert_eq(mkdir(delta_path, 0777), 0);
    char lock[256];
    snprintf(lock, sizeof lock, "%s/flintlock", delta_path);
    FILE *f = fopen(lock, "w");
    cr_assert_not_null(f);
    fclose(f);
    cr_assert_eq(hits("tides"), ESSAYS, "searches pass it by");
    write_essay("new.txt", "Airships\n\nA zeppelin over the harbours.\n");
    essay_update_summary sum = update();
    cr_assert_eq(sum.added, 1, "the next writer removes it and writes a delta of its own");
    cr_assert_eq(doccount(delta_path), 1, "its one paragraph, under its title");
    assert_equals_clean_build();
}

Test(delta, a_searcher_opened_before_a_fold_still_answers_after_it)
{
    index_with_an_addition();
    essay_searcher *s;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "%s", err);
    /* The fold, then more commits of the main database: the blocks the
     * searcher read are reused, and it must open the index again (without
     * the delta, which is gone). */
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < ESSAYS; i++) {
            char name[64], text[256];
            snprintf(name, sizeof name, "essay-%02d.txt", i);
            snprintf(text, sizeof text, "Essay %d\n\nRound %d about harbours and quays.\n", i,
                     round);
            write_essay(name, text);
        }
        update();
    }
    cr_assert_not(exists(delta_path));
    essay_search_options o = essay_search_defaults();
    o.limit = 100;
    essay_results *r = NULL;
    cr_assert_eq(essay_search(s, "zeppelin OR quays", &o, &r, &err), ESSAY_OK, "%s", err);
    size_t n = essay_results_count(r);
    cr_assert(n == 1 || n == ESSAYS + 1, "the index before or after, never a mix: %zu hits", n);
    essay_results_free(r);
    essay_searcher_close(s);
}

Test(delta, what_a_writer_stopped_making_or_removing_a_delta_left_is_removed)
{
    index_with_an_addition();
    /* A delta half made (killed before its rename into place) and one half
     * removed (killed after its rename away): neither is read, nor left. */
    char made[256], gone[256], junk[300];
    snprintf(made, sizeof made, "%s.new", delta_path);
    snprintf(gone, sizeof gone, "%s.gone", delta_path);
    cr_assert_eq(mkdir(made, 0777), 0);
    cr_assert_eq(mkdir(gone, 0777), 0);
    snprintf(junk, sizeof junk, "%s/postlist.glass", gone);
    FILE *f = fopen(junk, "w");
    cr_assert_not_null(f);
    fclose(f);
    cr_assert_eq(hits("zeppelin"), 1, "searches read the delta in place");
    write_essay("essay-03.txt", "Essay changed\n\nA paragraph about balloon harbours.\n");
    update();
    cr_assert_not(exists(made), "the next writer removes the delta half made");
    cr_assert_not(exists(gone), "and the one half removed");
    cr_assert_not(exists(delta_path), "the change folded the delta");
    assert_equals_clean_build();
}
