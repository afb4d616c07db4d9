/* test_lastupdate.c -- Criterion tests of lastupdate.c: the record of the
 * last update, written by update.c into the commit of each update.
 *
 * Records are parsed from text first (none, not a record, a whole one);
 * then each test builds a small index in a temporary directory and reads
 * the record back with the metadata reader of the database that holds it:
 * a build's, an update's, one that skips files (and more than the record
 * names), one that changes nothing (no record), one stopped before its
 * commit (the record before), one written to the delta and carried into
 * the main database by the fold, and a forget's.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

static char dir[64];
static char corpus[128];
static char index_path[128];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static void write_essay(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", corpus, name);
    write_file(path, text);
}

static void setup(void)
{
    strcpy(dir, "/tmp/test_lastupdate.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(corpus, sizeof corpus, "%s/corpus", dir);
    snprintf(index_path, sizeof index_path, "%s/index", dir);
    cr_assert_eq(mkdir(corpus, 0777), 0);
    for (int i = 0; i < 20; i++) {
        char name[32], text[128];
        snprintf(name, sizeof name, "essay-%02d.txt", i);
        snprintf(text, sizeof text, "Essay %d\n\nOf harbours and lighthouse %d.\n", i, i);
        write_essay(name, text);
    }
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

TestSuite(lastupdate, .init = setup, .fini = teardown);

/* Update the index from the corpus (created, with a first build, when
 * 'create'), stopping as asked when 'stop' is set. */
static essay_status update(int create, const volatile sig_atomic_t *stop,
                           essay_update_summary *sum)
{
    essay_index *ix;
    char *err = NULL;
    int flags = create ? ESSAY_CREATE | ESSAY_REBUILD : 0;
    cr_assert_eq(essay_index_open(index_path, flags, NULL, &ix, &err), ESSAY_OK, "%s", err);
    const char *paths[] = { corpus };
    essay_update_options opt = { .stop = stop };
    essay_status st = essay_index_update(ix, create ? paths : NULL, create, &opt, sum, &err);
    if (st == ESSAY_OK)
        cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    else
        essay_index_abandon(ix);
    free(err);
    return st;
}

/* The record of the database at 'db_path' (the index, or its delta). */
static void read_record(const char *db_path, essay_update_record *rec)
{
    xc_error xe;
    xc_db *db = xc_db_open(db_path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
    char *text = NULL, *err = NULL;
    cr_assert_eq(xc_db_get_metadata(db, ESSAY_META_LAST_UPDATE, &text, NULL, &xe), 0);
    cr_assert_eq(essay__log_parse(text, rec, &err), ESSAY_OK, "%s", err);
    free(text);
    xc_db_close(db);
}

static char *delta_path(void)
{
    char *p = essay__delta_path(index_path);
    cr_assert_not_null(p);
    return p;
}

Test(lastupdate, no_text_is_no_record)
{
    essay_update_record rec;
    cr_assert_eq(essay__log_parse("", &rec, NULL), ESSAY_OK);
    cr_assert_null(rec.kind);
    cr_assert_eq(essay__log_parse(NULL, &rec, NULL), ESSAY_OK);
    cr_assert_null(rec.kind);
}

Test(lastupdate, text_that_is_no_record_is_incompatible)
{
    essay_update_record rec;
    char *err = NULL;
    cr_assert_eq(essay__log_parse("{\"added\": 3}", &rec, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "last update"), "%s", err);
    free(err);
    cr_assert_eq(essay__log_parse("not json", &rec, NULL), ESSAY_INCOMPATIBLE);
}

Test(lastupdate, a_record_is_parsed_whole)
{
    essay_update_record rec;
    const char *text = "{\"kind\":\"update\",\"started\":1700000000,\"seconds\":1.5,\"added\":2,"
                       "\"updated\":3,\"removed\":4,\"unchanged\":5,\"skipped\":1,"
                       "\"paragraphs\":9,\"skipped_files\":[{\"path\":\"/c/x.txt\","
                       "\"message\":\"/c/x.txt: not UTF-8 at byte 4\"}]}";
    cr_assert_eq(essay__log_parse(text, &rec, NULL), ESSAY_OK);
    cr_assert_str_eq(rec.kind, "update");
    cr_assert_eq(rec.started, 1700000000);
    cr_assert_float_eq(rec.seconds, 1.5, 1e-9);
    cr_assert_eq(rec.added, 2);
    cr_assert_eq(rec.updated, 3);
    cr_assert_eq(rec.removed, 4);
    cr_assert_eq(rec.unchanged, 5);
    cr_assert_eq(rec.skipped, 1);
    cr_assert_eq(rec.paragraphs, 9);
    cr_assert_eq(rec.n_skipped_files, 1);
    cr_assert_str_eq(rec.skipped_files[0].path, "/c/x.txt");
    cr_assert_str_eq(rec.skipped_files[0].message, "/c/x.txt: not UTF-8 at byte 4");
    essay__log_record_clear(&rec);
    cr_assert_null(rec.kind);
}

Test(lastupdate, a_build_records_what_it_added)
{
    essay_update_summary sum;
    time_t before = time(NULL);
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    essay_update_record rec;
    read_record(index_path, &rec);
    cr_assert_str_eq(rec.kind, "build");
    cr_assert_eq(rec.added, 20);
    cr_assert_eq(rec.paragraphs, sum.paragraphs);
    cr_assert_eq(rec.skipped, 0);
    cr_assert_geq(rec.started, before);
    cr_assert_leq(rec.started, time(NULL) + 1);
    essay__log_record_clear(&rec);
}

Test(lastupdate, skipped_files_are_named_with_their_reason)
{
    write_essay("bad.txt", "not \xff UTF-8\n");
    essay_update_summary sum;
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    essay_update_record rec;
    read_record(index_path, &rec);
    cr_assert_eq(rec.skipped, 1);
    cr_assert_eq(rec.n_skipped_files, 1);
    cr_assert_not_null(strstr(rec.skipped_files[0].path, "/bad.txt"));
    cr_assert_not_null(strstr(rec.skipped_files[0].message,
                              "bad.txt:1:5: not UTF-8 (byte 0xFF at offset 4)"), "%s",
                       rec.skipped_files[0].message);
    essay__log_record_clear(&rec);
}

Test(lastupdate, a_skipped_name_with_quotes_and_a_newline_is_kept_whole)
{
    write_essay("say \"hi\"\\\nthen.txt", "not \xff UTF-8\n");
    essay_update_summary sum;
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    essay_update_record rec;
    read_record(index_path, &rec);
    cr_assert_eq(rec.n_skipped_files, 1);
    char want[256];
    snprintf(want, sizeof want, "%s/say \"hi\"\\\nthen.txt", corpus);
    cr_assert_str_eq(rec.skipped_files[0].path, want);
    essay__log_record_clear(&rec);
}

Test(lastupdate, a_record_names_a_bounded_number_of_skipped_files)
{
    for (int i = 0; i < ESSAY_RECORD_MAX_SKIPPED + 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "bad-%03d.txt", i);
        write_essay(name, "\xff\n");
    }
    essay_update_summary sum;
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    essay_update_record rec;
    read_record(index_path, &rec);
    cr_assert_eq(rec.skipped, ESSAY_RECORD_MAX_SKIPPED + 5);
    cr_assert_eq(rec.n_skipped_files, ESSAY_RECORD_MAX_SKIPPED);
    essay__log_record_clear(&rec);
}

Test(lastupdate, an_update_that_changes_nothing_writes_no_record)
{
    essay_update_summary sum;
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    cr_assert_eq(update(0, NULL, &sum), ESSAY_OK);
    cr_assert_eq(sum.unchanged, 20);
    essay_update_record rec;
    read_record(index_path, &rec);
    cr_assert_str_eq(rec.kind, "build", "the build's record stays");
    essay__log_record_clear(&rec);
}

Test(lastupdate, a_stopped_update_leaves_the_record_before)
{
    essay_update_summary sum;
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    write_essay("essay-03.txt", "Essay 3\n\nChanged, but never committed.\n");
    static volatile sig_atomic_t stop = 1;
    cr_assert_eq(update(0, &stop, &sum), ESSAY_INTERRUPTED);
    essay_update_record rec;
    read_record(index_path, &rec);
    cr_assert_str_eq(rec.kind, "build");
    cr_assert_eq(rec.updated, 0);
    essay__log_record_clear(&rec);
}

Test(lastupdate, the_delta_holds_the_newest_record_and_its_fold_carries_it)
{
    essay_update_summary sum;
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    write_essay("new.txt", "New\n\nAbout airships.\n");
    cr_assert_eq(update(0, NULL, &sum), ESSAY_OK);
    char *delta = delta_path();
    essay_update_record rec;
    read_record(delta, &rec);
    cr_assert_str_eq(rec.kind, "update");
    cr_assert_eq(rec.added, 1);
    essay__log_record_clear(&rec);
    read_record(index_path, &rec);
    cr_assert_str_eq(rec.kind, "build", "the main database keeps its own until the fold");
    essay__log_record_clear(&rec);
    /* A change to an older essay folds the delta into the main database. */
    write_essay("essay-05.txt", "Essay 5\n\nRewritten about canals.\n");
    cr_assert_eq(update(0, NULL, &sum), ESSAY_OK);
    struct stat sb;
    cr_assert_neq(stat(delta, &sb), 0, "the delta is folded");
    read_record(index_path, &rec);
    cr_assert_str_eq(rec.kind, "update");
    cr_assert_eq(rec.updated, 1);
    cr_assert_eq(rec.added, 0);
    essay__log_record_clear(&rec);
    free(delta);
}

Test(lastupdate, a_forget_records_what_it_removed)
{
    essay_update_summary sum;
    cr_assert_eq(update(1, NULL, &sum), ESSAY_OK);
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_forget(ix, corpus, NULL, &sum, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    essay_update_record rec;
    read_record(index_path, &rec);
    cr_assert_str_eq(rec.kind, "forget");
    cr_assert_eq(rec.removed, 20);
    essay__log_record_clear(&rec);
}
