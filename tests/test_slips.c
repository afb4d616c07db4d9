/* test_slips.c -- unit tests of core/slips.c, a typist's slips undone.
 *
 * The fixture is a database of terms alone, each in as many documents as
 * its test needs: "jail" (3), "oil" (5) and "oils" (2), "bed" (1), "bead" (1)
 * and "bade" (4), "cafe" (2), and "abcdefghijklmnopqrs" (1, 19 bytes).
 */
#include <criterion/criterion.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-slips.XXXXXX";
static xc_db *db;

static void setup(void)
{
    static const struct { const char *term; unsigned docs; } held[] = {
        { "jail", 3 }, { "oil", 5 }, { "oils", 2 }, { "bed", 1 }, { "bead", 1 }, { "bade", 4 },
        { "cafe", 2 }, { "abcdefghijklmnopqrs", 1 },
    };
    cr_assert_not_null(mkdtemp(dir));
    xc_error xe;
    xc_wdb *w = xc_wdb_open(dir, XC_CREATE, &xe);
    cr_assert_not_null(w, "%s", xe.msg);
    for (size_t i = 0; i < sizeof held / sizeof held[0]; i++)
        for (unsigned d = 0; d < held[i].docs; d++) {
            xc_doc *doc = xc_doc_new(&xe);
            cr_assert_eq(xc_doc_add_term(doc, held[i].term, strlen(held[i].term), 1, &xe), 0);
            cr_assert_eq(xc_wdb_add(w, doc, NULL, &xe), 0, "%s", xe.msg);
            xc_doc_free(doc);
        }
    cr_assert_eq(xc_wdb_close(w, &xe), 0, "%s", xe.msg);
    db = xc_db_open(dir, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void teardown(void)
{
    xc_db_close(db);
    nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

TestSuite(slips, .init = setup, .fini = teardown);

/* The word 'kind' undoes in 'typed' is 'expected' (NULL: none). */
static void assert_undone(const char *typed, essay_slip kind, const char *expected)
{
    char *got = essay__slip_undone(db, typed, kind);
    if (expected == NULL)
        cr_assert_null(got, "%s gave %s", typed, got);
    else
        cr_assert_str_eq(got ? got : "(none)", expected, "%s", typed);
    free(got);
}

Test(slips, two_letters_swapped_but_the_first)
{
    assert_undone("jial", ESSAY_SLIP_SWAPPED, "jail");
    assert_undone("jali", ESSAY_SLIP_SWAPPED, "jail");
    assert_undone("ajil", ESSAY_SLIP_SWAPPED, NULL);    /* the first two */
    assert_undone("jail", ESSAY_SLIP_SWAPPED, NULL);    /* held as typed: no slip makes it */
    assert_undone("jiall", ESSAY_SLIP_SWAPPED, NULL);   /* two slips */
}

Test(slips, a_letter_typed_twice)
{
    assert_undone("oill", ESSAY_SLIP_DOUBLED, "oil");
    assert_undone("ooil", ESSAY_SLIP_DOUBLED, "oil");   /* the first letter stays */
    assert_undone("oil", ESSAY_SLIP_DOUBLED, NULL);     /* none twice */
    assert_undone("oill", ESSAY_SLIP_SWAPPED, NULL);    /* each kind alone */
    assert_undone("jial", ESSAY_SLIP_DOUBLED, NULL);
}

Test(slips, of_two_words_the_one_more_paragraphs_hold)
{
    assert_undone("baed", ESSAY_SLIP_SWAPPED, "bade");  /* 4 paragraphs; "bead", found first, 1 */
    assert_undone("bedd", ESSAY_SLIP_DOUBLED, "bed");
    assert_undone("beadd", ESSAY_SLIP_DOUBLED, "bead");
}

Test(slips, a_letter_of_more_than_one_byte_is_not_moved)
{
    assert_undone("cfaé", ESSAY_SLIP_SWAPPED, NULL);    /* no byte of "é" moves */
    assert_undone("cfae", ESSAY_SLIP_SWAPPED, "cafe");
}

Test(slips, a_word_of_twenty_bytes_or_more_is_left_to_others)
{
    assert_undone("abcdefghijklmnopqsr", ESSAY_SLIP_SWAPPED, "abcdefghijklmnopqrs");   /* 19 */
    assert_undone("abcdefghijklmnopqrss", ESSAY_SLIP_DOUBLED, NULL);                    /* 20 */
}
