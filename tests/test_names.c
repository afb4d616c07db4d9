/* test_names.c -- unit tests of core/names.c, the words of the essays'
 * names.
 *
 * The fixture indexes three essays through the library: one by an author
 * ("Lawrence Freedman"), one whose file name holds a name, a title and a
 * run with digits ("Irving-Washington__Sketches__1ca61aa.txt"), and one whose
 * file name begins with a digit, so that it sorts after every absolute
 * path term, which the search of the file names skips at once
 * ("0-zebra-notes.txt").  Its tests: which words are names, the name
 * nearest a word misspelt, read from the list of the file names' words
 * and, as in an index made before it, from the file names; and the file
 * names with a part a name begins.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-names.XXXXXX";
static char index_path[512];
static xc_db *db;

/* Index 'text' as the essay 'name' in the index 'ix'. */
static void add(essay_index *ix, const char *name, const char *text)
{
    char path[512], *err = NULL;
    essay_change change;
    size_t n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(essay_index_add_buffer(ix, path, text, strlen(text), &change, &n, &err),
                 ESSAY_OK, "%s", err);
}

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    char *err = NULL;
    essay_index *ix;
    snprintf(index_path, sizeof index_path, "%s/index", dir);
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    add(ix, "speeches.txt", "---\nauthor: Lawrence Freedman\n---\nSpeeches\n\nThe war went on.\n");
    add(ix, "Irving-Washington__Sketches__1ca61aa.txt",
        "Sketches\n\nA village by a river.\n\nThe mill on the hill.\n\nA bridge of stone.\n");
    add(ix, "0-zebra-notes.txt", "Notes\n\nThe stripes of a horse.\n");
    add(ix, "Quibblewick-Hortense__Jottings.txt", "* * *\n\n. . . . .\n");   /* no word */
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    xc_error xe;
    db = xc_db_open(index_path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
}

/* Write to the fixture's index: 'doc' added (may be NULL), and the mark
 * of a database that lists its file names' words set to 'mark' ("": none,
 * as in an index made before the list). */
static void rewrite(const xc_doc *doc, const char *mark)
{
    xc_error xe;
    xc_db_close(db);
    xc_wdb *w = xc_wdb_open(index_path, 0, &xe);
    cr_assert_not_null(w, "%s", xe.msg);
    cr_assert_eq(doc ? xc_wdb_add(w, doc, NULL, &xe) : 0, 0, "%s", xe.msg);
    cr_assert_eq(xc_wdb_set_metadata(w, ESSAY_META_NAMES, mark, strlen(mark), &xe), 0);
    cr_assert_eq(xc_wdb_close(w, &xe), 0, "%s", xe.msg);
    db = xc_db_open(index_path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
}

static void teardown(void)
{
    xc_db_close(db);
    essay__remove_tree(dir, NULL);
}

TestSuite(names, .init = setup, .fini = teardown);

static void assert_the_names(void)
{
    static const char *names[] = { "lawrence", "freedman", "irving", "washington", "sketches",
                                   "zebra", "notes", "quibblewick" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        cr_assert(essay__in_names(db, names[i]), "%s", names[i]);
    cr_assert_not(essay__in_names(db, "1ca61aa"), "a run with digits");
    cr_assert_not(essay__in_names(db, "irvin"), "a word near a name");
    cr_assert_not(essay__in_names(db, "village"), "a word of the text");
}

Test(names, the_words_of_authors_and_file_names_are_names)
{
    assert_the_names();
    rewrite(NULL, "");
    assert_the_names();
}

Test(names, a_file_names_words_are_listed_once_an_essay)
{
    char *mark = NULL;
    xc_error xe;
    cr_assert_eq(xc_db_get_metadata(db, ESSAY_META_NAMES, &mark, NULL, &xe), 0);
    cr_assert_str_eq(mark, ESSAY_NAMES_LISTED, "a new index lists them");
    free(mark);
    unsigned paragraphs = 0, listed = 0;
    cr_assert_eq(xc_db_termfreq(db, ESSAY_PREFIX_PATH "Irving-Washington__Sketches__1ca61aa.txt",
                                &paragraphs, &xe), 0);
    cr_assert_eq(paragraphs, 3);
    cr_assert_eq(xc_db_termfreq(db, ESSAY_PREFIX_NAME_WORD "sketches", &listed, &xe), 0);
    cr_assert_eq(listed, 1, "on one paragraph of its essay");
    cr_assert_eq(xc_db_termfreq(db, ESSAY_PREFIX_NAME_WORD "1ca61aa", &listed, &xe), 0);
    cr_assert_eq(listed, 0, "a run with digits is no word");
}

Test(names, the_list_is_read_where_the_index_is_marked_as_listing_them)
{
    /* a word listed that no file name holds tells which is read */
    xc_error xe;
    xc_doc *doc = xc_doc_new(&xe);
    cr_assert_eq(xc_doc_add_boolean_term(doc, ESSAY_PREFIX_NAME_WORD "zanzibar",
                                         strlen(ESSAY_PREFIX_NAME_WORD "zanzibar"), &xe), 0);
    rewrite(doc, ESSAY_NAMES_LISTED);
    xc_doc_free(doc);
    cr_assert(essay__in_names(db, "zanzibar"));
    char *best = essay__nearest_name_word(db, "zanzibaar", 1, 1);
    cr_assert_str_eq(best ? best : "(none)", "zanzibar");
    free(best);
    /* a stub file of shards: Xapian reads the first shard's mark only */
    char stub[600];
    snprintf(stub, sizeof stub, "%s/two.stub", dir);
    FILE *f = fopen(stub, "w");
    cr_assert_not_null(f);
    fprintf(f, "glass %s\nglass %s\n", index_path, index_path);
    cr_assert_eq(fclose(f), 0);
    xc_db *shards = xc_db_open(stub, &xe);
    cr_assert_not_null(shards, "%s", xe.msg);
    cr_assert_not(essay__in_names(shards, "zanzibar"), "the file names of shards are read");
    cr_assert(essay__in_names(shards, "zebra"));
    xc_db_close(shards);
    rewrite(NULL, "");
    cr_assert_not(essay__in_names(db, "zanzibar"), "the file names are read");
    cr_assert(essay__in_names(db, "zebra"));
}

/* The nearest name word, or "(none)"; freed here. */
static const char *nearest(const char *word, unsigned max_edits, int file_names)
{
    static char out[64];
    char *best = essay__nearest_name_word(db, word, max_edits, file_names);
    snprintf(out, sizeof out, "%s", best ? best : "(none)");
    free(best);
    return out;
}

static void assert_the_nearest(void)
{
    cr_assert_str_eq(nearest("fredman", 1, 0), "freedman");        /* an author's */
    cr_assert_str_eq(nearest("irvin", 1, 1), "irving");            /* a file name's */
    cr_assert_str_eq(nearest("irvin", 1, 0), "(none)", "authors only");
    cr_assert_str_eq(nearest("washingtno", 1, 1), "washington");   /* two letters swapped */
    cr_assert_str_eq(nearest("wasingtn", 2, 1), "washington");
    cr_assert_str_eq(nearest("wasingtn", 1, 1), "(none)", "two edits, one asked");
    cr_assert_str_eq(nearest("zebras", 1, 1), "zebra", "after the paths, skipped at once");
    cr_assert_str_eq(nearest("irving", 2, 1), "(none)", "the word typed is a name");
    cr_assert_str_eq(nearest("sketchbook", 2, 1), "(none)", "the same first letters, too far");
}

Test(names, the_nearest_name_word_within_the_edits_asked)
{
    assert_the_nearest();
    rewrite(NULL, "");
    assert_the_nearest();
}

Test(names, a_word_longer_than_edits_are_counted_for_is_near_no_name)
{
    char longer[ESSAY_EDIT_CHARS_MAX + 8];
    memset(longer, 'w', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    cr_assert_str_eq(nearest(longer, 2, 1), "(none)");
    cr_assert_not(essay__in_names(db, longer));
}

/* Append the file name of the path term 'term' to the list in 'ctx'. */
static int list_name(const char *term, size_t len, void *ctx)
{
    char *list = ctx;
    size_t prefix = strlen(ESSAY_PREFIX_PATH);
    snprintf(list + strlen(list), 256 - strlen(list), "%s%.*s", *list ? " " : "",
             (int)(len - prefix), term + prefix);
    return 0;
}

/* The file names with a part that begins with 'typed', in byte order,
 * joined with spaces. */
static const char *with_part(const char *typed)
{
    static char list[256];
    list[0] = '\0';
    xc_error xe;
    cr_assert_eq(essay__names_with_part(db, typed, strlen(typed), list_name, list, &xe), 0,
                 "%s", xe.msg);
    return list;
}

/* A part begins the file name or follows what is no letter or digit, in
 * either case; the paths (all of which hold the directory's name) are not
 * file names. */
Test(names, file_names_are_found_by_a_part)
{
    cr_assert_str_eq(with_part("sketch"), "Irving-Washington__Sketches__1ca61aa.txt");
    cr_assert_str_eq(with_part("WASHINGTON__sk"), "Irving-Washington__Sketches__1ca61aa.txt");
    cr_assert_str_eq(with_part("notes.txt"), "0-zebra-notes.txt");
    cr_assert_str_eq(with_part("zebra"), "0-zebra-notes.txt");
    cr_assert_str_eq(with_part("0-ZEBRA"), "0-zebra-notes.txt", "its start too");
    cr_assert_str_eq(with_part("ebra"), "");
    cr_assert_str_eq(with_part("essay-test-names"), "", "a directory's name is no file's");
    cr_assert_str_eq(with_part(""), "");
    /* an extension is no part, nor is what begins with no letter or digit */
    cr_assert_str_eq(with_part("txt"), "");
    cr_assert_str_eq(with_part("_"), "");
    cr_assert_str_eq(with_part("-zebra"), "");
    cr_assert_str_eq(with_part("1ca61aa"), "Irving-Washington__Sketches__1ca61aa.txt");
}
