/* test_glassversion.c -- unit tests of core/glassversion.c (what a glass
 * database's version file says of its tables) and core/damage.c (a
 * damaged index said with the command that mends it): a lazy table Xapian
 * reads as empty when it is gone (positions, spelling data) is missed when
 * the version file says it held entries, and only then; a shard of a
 * sharded index is told to rebuild the sharded index.
 *
 * Each test writes small Xapian databases in its own mkdtemp() directory,
 * removed in teardown.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-glassversion.XXXXXX";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

TestSuite(glassversion, .init = setup, .fini = teardown);

/* 'name' inside the test directory, malloc'd. */
static char *in_dir(const char *name)
{
    char *path;
    cr_assert_gt(asprintf(&path, "%s/%s", dir, name), 0);
    return path;
}

/* A database at 'name' of one document with data, the word "word" (at a
 * position when 'positions') and, with 'spelling', spelling data. */
static char *make_db(const char *name, int positions, int spelling)
{
    char *path = in_dir(name);
    xc_error xe;
    xc_wdb *db = xc_wdb_open(path, XC_CREATE, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
    xc_doc *doc = xc_doc_new(&xe);
    cr_assert_eq(xc_doc_set_data(doc, "text", 4, &xe), 0);
    cr_assert_eq(positions ? xc_doc_add_posting(doc, "word", 4, 1, 1, &xe)
                           : xc_doc_add_term(doc, "word", 4, 1, &xe), 0);
    cr_assert_eq(xc_wdb_add(db, doc, NULL, &xe), 0, "%s", xe.msg);
    if (spelling)
        cr_assert_eq(xc_wdb_add_spelling(db, "word", 1, &xe), 0);
    cr_assert_eq(xc_wdb_close(db, &xe), 0, "%s", xe.msg);
    xc_doc_free(doc);
    return path;
}

static long long entries(const char *db_path, const char *table)
{
    int fd = open(db_path, O_RDONLY | O_DIRECTORY);
    cr_assert_geq(fd, 0);
    long long n = essay__glass_table_entries(fd, table);
    close(fd);
    return n;
}

static void remove_file(const char *db_path, const char *name)
{
    char *path;
    cr_assert_gt(asprintf(&path, "%s/%s", db_path, name), 0);
    cr_assert_eq(unlink(path), 0, "%s", path);
    free(path);
}

Test(glassversion, reads_the_entries_of_each_table)
{
    char *db = make_db("db", 1, 1);
    cr_assert_eq(entries(db, "position.glass"), 1, "one position list");
    cr_assert_eq(entries(db, "docdata.glass"), 1, "one document's data");
    cr_assert_gt(entries(db, "spelling.glass"), 0);
    cr_assert_gt(entries(db, "termlist.glass"), 0);
    cr_assert_eq(entries(db, "synonym.glass"), 0);
    cr_assert_eq(entries(db, "nothing.glass"), -1, "no table of glass");
    free(db);
}

Test(glassversion, a_table_never_written_holds_none)
{
    char *db = make_db("db", 0, 0);
    cr_assert_eq(entries(db, "position.glass"), 0);
    cr_assert_eq(entries(db, "spelling.glass"), 0);
    free(db);
}

Test(glassversion, a_version_file_not_glasss_says_nothing)
{
    char *db = in_dir("db"), *version = in_dir("db/iamglass");
    cr_assert_eq(mkdir(db, 0777), 0);
    cr_assert_eq(entries(db, "position.glass"), -1, "no version file");
    FILE *f = fopen(version, "w");
    cr_assert_not_null(f);
    fputs("\x0f\x0dXapian Glass", f);    /* the magic, and then nothing */
    fclose(f);
    cr_assert_eq(entries(db, "position.glass"), -1, "cut short");
    free(version);
    free(db);
}

/* The lazy tables a reader takes to be empty when they are gone: missed
 * when the version file says they held entries. */
Test(glassversion, a_lost_table_that_held_entries_is_missing)
{
    char *db = make_db("db", 1, 1);
    cr_assert_null(essay__database_missing(db));
    remove_file(db, "position.glass");
    cr_assert_str_eq(essay__database_missing(db), "position.glass");
    cr_assert_eq(essay__dir_holds(db), ESSAY_HOLDS_DAMAGED);
    char *err = NULL;
    cr_assert_eq(essay__index_whole(db, 0, &err), ESSAY_XAPIAN);
    cr_assert_not_null(strstr(err, "(its file position.glass is missing)"), "%s", err);
    free(err);
    free(db);
    db = make_db("spelling", 1, 1);
    remove_file(db, "spelling.glass");
    cr_assert_str_eq(essay__database_missing(db), "spelling.glass");
    free(db);
}

/* A database of words without positions (an index of paragraphs without
 * words) has no position table, and is not damaged. */
Test(glassversion, a_table_that_held_none_may_be_absent)
{
    char *db = make_db("db", 0, 0);
    cr_assert_null(essay__database_missing(db));
    cr_assert_eq(essay__dir_holds(db), ESSAY_HOLDS_INDEX);
    cr_assert_eq(essay__index_whole(db, 0, NULL), ESSAY_OK);
    free(db);
}

/* The delta (delta.c) is a paragraph database of the index too. */
Test(glassversion, a_file_lost_by_the_delta_is_missing)
{
    char *index = make_db("index", 1, 0), *delta = make_db("index/delta", 1, 0), *err = NULL;
    cr_assert_eq(essay__index_whole(index, 0, NULL), ESSAY_OK);
    remove_file(delta, "position.glass");
    cr_assert_eq(essay__index_whole(index, 0, &err), ESSAY_XAPIAN);
    cr_assert_not_null(strstr(err, "(its delta's file position.glass is missing)"), "%s", err);
    free(err);
    free(delta);
    free(index);
}

/* A shard of a sharded index, damaged, is told to rebuild the sharded
 * index: alone, it may not know which shard it was. */
Test(glassversion, a_shard_is_told_to_rebuild_its_sharded_index)
{
    char *sharded = in_dir("sharded"), *stub = in_dir("sharded/XAPIANDB"), *err = NULL;
    cr_assert_eq(mkdir(sharded, 0777), 0);
    char *shard = make_db("sharded/shard1", 1, 0);
    cr_assert_null(essay__sharded_of(shard), "no stub file: no sharded index");
    FILE *f = fopen(stub, "w");
    cr_assert_not_null(f);
    fputs("auto shard0\nauto shard1\n", f);
    fclose(f);
    char *of = essay__sharded_of(shard);
    cr_assert_str_eq(of, sharded);
    free(of);
    char *slashed;
    cr_assert_gt(asprintf(&slashed, "%s/", shard), 0);
    of = essay__sharded_of(slashed);
    cr_assert_str_eq(of, sharded, "a trailing slash");
    free(of);
    free(slashed);
    cr_assert_null(essay__sharded_of(sharded), "the sharded index is no shard");
    remove_file(shard, "termlist.glass");
    cr_assert_eq(essay__index_whole(shard, 0, &err), ESSAY_XAPIAN);
    char *want;
    cr_assert_gt(asprintf(&want, "index '%s' is damaged (its file termlist.glass is missing), "
                          "a shard of the sharded index '%s': rebuild that from the essays "
                          "with: essay-index --rebuild --index %s DIR", shard, sharded,
                          sharded), 0);
    cr_assert_str_eq(err, want);
    free(want);
    free(err);
    free(shard);
    free(stub);
    free(sharded);
}
