/* test_copies.c -- unit tests of core/copies.c: a paragraph's copy key is
 * the same whatever its case, punctuation, spacing, accents, inflections
 * and headings (the line breaks of its file are joined before: essayfile.c), and another when a word changes; a paragraph
 * of fewer than ESSAY_COPY_MIN_WORDS words has none; the key's term spells
 * the key; and an anchor's HASH is the key's low 32 bits.  A paragraph with
 * a copy in its database carries its key a second time (ESSAY_SLOT_COPIED):
 * given as it is added, or to them all when a rebuild is written, its parts
 * taken together.
 */
#include <criterion/criterion.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

static essay_analyzer *an;

static void setup(void)
{
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
}

static void teardown(void)
{
    essay_analyzer_free(an);
}

TestSuite(copies, .init = setup, .fini = teardown);

static int add_token(const essay_token *t, void *ctx)
{
    essay__content_hash_add(ctx, t);
    return 0;
}

/* The content hash of the paragraph 'text'. */
static essay_content_hash hashed(const char *text)
{
    essay_content_hash c;
    essay__content_hash_start(&c, essay__paragraph_body(text, strlen(text)));
    cr_assert_eq(essay_analyze(an, text, strlen(text), add_token, &c), ESSAY_OK);
    return c;
}

#define PASSAGE "Some do not walk at all; others walk in the highways; a few walk across lots."

Test(copies, reprints_of_a_passage_have_one_key)
{
    const char *const reprints[] = {
        "WALKING.\n" PASSAGE,                       /* under a heading */
        "SOME DO NOT WALK AT ALL -- OTHERS WALK IN THE HIGHWAYS, A FEW WALK ACROSS LOTS!",
        "Some do not walk at all;  others   walk in the highways;\ta few walk across lots.",
        "Some do not walk at all; others walked in the highways; a few walk across lóts.",
    };
    essay_content_hash want = hashed(PASSAGE);
    cr_assert_eq(want.words, 16);
    unsigned char key[8], other[8];
    char term[18];
    cr_assert_eq(essay__copy_key(&want, key, term), 1);
    for (size_t i = 0; i < sizeof reprints / sizeof *reprints; i++) {
        essay_content_hash c = hashed(reprints[i]);
        cr_assert_eq(c.hash, want.hash, "%s", reprints[i]);
        cr_assert_eq(essay__copy_key(&c, other, term), 1);
        cr_assert_eq(memcmp(key, other, sizeof key), 0);
    }
}

Test(copies, a_word_changed_is_another_passage)
{
    essay_content_hash a = hashed(PASSAGE);
    essay_content_hash ocr = hashed("Some do not walk at all; others walk in the hightways; "
                                    "a few walk across lots.");
    essay_content_hash order = hashed("Some do not walk at all; others walk in the highways; "
                                      "a few across lots walk.");
    cr_assert_neq(a.hash, ocr.hash);
    cr_assert_neq(a.hash, order.hash);
}

Test(copies, a_short_paragraph_has_no_key)
{
    unsigned char key[8];
    char term[18];
    essay_content_hash heading = hashed("CHAPTER I.");
    essay_content_hash seven = hashed("The walk ends where the river bends.");
    essay_content_hash eight = hashed("The walk ends where the river bends again.");
    cr_assert_eq(essay__copy_key(&heading, key, term), 0);
    cr_assert_eq(essay__copy_key(&seven, key, term), 0);
    cr_assert_eq(seven.words, ESSAY_COPY_MIN_WORDS - 1);
    cr_assert_eq(essay__copy_key(&eight, key, term), 1);
    /* a hyphenated word counts its parts, not its whole as well */
    essay_content_hash hyphen = hashed("The well-known walk ends where the river bends.");
    cr_assert_eq(hyphen.words, 9);
}

Test(copies, the_term_spells_the_key_and_the_anchor_shows_its_low_bits)
{
    essay_content_hash c = hashed(PASSAGE);
    unsigned char key[8];
    char term[18], from_value[18];
    cr_assert_eq(essay__copy_key(&c, key, term), 1);
    char want[18];
    snprintf(want, sizeof want, "%s%016" PRIx64, ESSAY_PREFIX_COPY, c.hash);
    cr_assert_str_eq(term, want);
    cr_assert_eq(essay__copy_term((const char *)key, sizeof key, from_value), 1);
    cr_assert_str_eq(from_value, term);
    cr_assert_eq(essay__copy_term((const char *)key, 0, from_value), 0, "an unset value");
    essay_hit h = { .path = "/essays/walking.txt", .text = "WALKING.\n" PASSAGE };
    char anchor[ESSAY_ANCHOR_SIZE];
    cr_assert_eq(essay__hit_anchor(an, &h, anchor), ESSAY_OK);
    char hash[9];
    snprintf(hash, sizeof hash, "%08" PRIx32, (uint32_t)c.hash);
    cr_assert_eq(strncmp(anchor + 17, hash, 8), 0, "%s, %s", anchor, hash);
}

/* ---- the key of a paragraph with a copy ----------------------------------- */

/* A database at dir/name, for these tests (dir made by the caller). */
static xc_wdb *database(const char *dir, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    xc_error xe;
    xc_wdb *wdb = xc_wdb_open(path, XC_CREATE, &xe);
    cr_assert_not_null(wdb, "%s", xe.msg);
    return wdb;
}

/* A paragraph whose copy key is 8 bytes of 'k' (none for 0), as index.c
 * writes one: the key in ESSAY_SLOT_COPY and as its term. */
static xc_doc *paragraph(char k)
{
    xc_error xe;
    xc_doc *doc = xc_doc_new(&xe);
    cr_assert_not_null(doc);
    cr_assert_eq(xc_doc_add_term(doc, "word", 4, 1, &xe), 0, "%s", xe.msg);
    if (k) {
        char key[8], term[18];
        memset(key, k, sizeof key);
        cr_assert_eq(essay__copy_term(key, sizeof key, term), 1);
        cr_assert_eq(xc_doc_set_value(doc, ESSAY_SLOT_COPY, key, sizeof key, &xe), 0);
        cr_assert_eq(xc_doc_add_boolean_term(doc, term, strlen(term), &xe), 0);
    }
    return doc;
}

/* Whether document 'docid' of 'path' has ESSAY_SLOT_COPIED, as its copy key. */
static int keyed(const char *path, xc_docid docid)
{
    xc_error xe;
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
    xc_doc *doc = xc_db_get_document(db, docid, &xe);
    cr_assert_not_null(doc, "%s", xe.msg);
    size_t len, copy_len;
    const char *copied = xc_doc_value(doc, ESSAY_SLOT_COPIED, &len);
    const char *copy = xc_doc_value(doc, ESSAY_SLOT_COPY, &copy_len);
    int is = len > 0;
    if (is)
        cr_assert(len == copy_len && memcmp(copied, copy, len) == 0, "document %u", docid);
    xc_doc_free(doc);
    xc_db_close(db);
    return is;
}

static int count_keyed(const xc_doc *doc, void *ctx)
{
    size_t len;
    xc_doc_value(doc, ESSAY_SLOT_COPIED, &len);
    *(unsigned *)ctx += len > 0;
    return 0;
}

/* How many documents of the writer 'wdb' have ESSAY_SLOT_COPIED yet. */
static unsigned keyed_in(xc_wdb *wdb)
{
    xc_error xe;
    unsigned n = 0;
    cr_assert_eq(xc_wdb_each_document(wdb, "word", count_keyed, &n, &xe), 0, "%s", xe.msg);
    return n;
}

/* Whether 'path' is marked ESSAY_META_COPIES. */
static int marked(const char *path)
{
    xc_error xe;
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
    char *value = NULL;
    cr_assert_eq(xc_db_get_metadata(db, ESSAY_META_COPIES, &value, NULL, &xe), 0);
    int is = strcmp(value, ESSAY_COPIES_KEYED) == 0;
    free(value);
    xc_db_close(db);
    return is;
}

static char *temporary_directory(void)
{
    char *dir = strdup("/tmp/test_copies.XXXXXX");
    cr_assert_not_null(dir);
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

Test(copies, a_paragraph_added_keys_itself_and_the_copy_it_meets)
{
    char *dir = temporary_directory(), path[256];
    xc_wdb *wdb = database(dir, "db", path, sizeof path);
    const char keys[] = { 'a', 'b', 'a', 'a', 0, 'c' };     /* documents 1 to 6 */
    xc_error xe;
    for (size_t i = 0; i < sizeof keys; i++) {
        xc_doc *doc = paragraph(keys[i]);
        cr_assert_eq(essay__copies_add(wdb, doc, 0, &xe), 0, "%s", xe.msg);
        xc_doc_free(doc);
    }
    cr_assert_eq(xc_wdb_close(wdb, &xe), 0, "%s", xe.msg);
    /* the first 'a' keyed by the second, the third by the two before it */
    const int want[] = { 1, 0, 1, 1, 0, 0 };
    for (size_t i = 0; i < sizeof keys; i++)
        cr_assert_eq(keyed(path, (xc_docid)i + 1), want[i], "document %zu", i + 1);
    cr_assert_not(marked(path), "only a rebuild marks its database");
    essay__remove_tree(dir, NULL);
    free(dir);
}

Test(copies, a_rebuild_keys_every_copy_and_is_marked)
{
    char *dir = temporary_directory(), path[256];
    xc_wdb *wdb = database(dir, "db", path, sizeof path);
    const char keys[] = { 'a', 'b', 'a', 'c', 'c', 'c', 0 };
    xc_error xe;
    for (size_t i = 0; i < sizeof keys; i++) {
        xc_doc *doc = paragraph(keys[i]);
        cr_assert_eq(essay__copies_add(wdb, doc, 1, &xe), 0, "%s", xe.msg);
        xc_doc_free(doc);
    }
    cr_assert_eq(keyed_in(wdb), 0, "a rebuild keys its copies at its end");
    cr_assert_eq(essay__copies_key_rebuilt(wdb, 0, &xe), 0, "%s", xe.msg);
    cr_assert_eq(xc_wdb_close(wdb, &xe), 0, "%s", xe.msg);
    const int want[] = { 1, 0, 1, 1, 1, 1, 0 };
    for (size_t i = 0; i < sizeof keys; i++)
        cr_assert_eq(keyed(path, (xc_docid)i + 1), want[i], "document %zu", i + 1);
    cr_assert(marked(path));
    essay__remove_tree(dir, NULL);
    free(dir);
}

Test(copies, the_parts_of_a_rebuild_are_keyed_together)
{
    char *dir = temporary_directory(), paths[2][256];
    const char keys[2][3] = { { 'a', 'b', 'd' }, { 'c', 'a', 'd' } };
    xc_error xe;
    for (int k = 0; k < 2; k++) {
        xc_wdb *wdb = database(dir, k ? "part1" : "part0", paths[k], sizeof paths[k]);
        for (int i = 0; i < 3; i++) {
            xc_doc *doc = paragraph(keys[k][i]);
            cr_assert_eq(xc_wdb_add(wdb, doc, NULL, &xe), 0, "%s", xe.msg);
            xc_doc_free(doc);
        }
        cr_assert_eq(xc_wdb_close(wdb, &xe), 0, "%s", xe.msg);
    }
    const char *const sources[] = { paths[0], paths[1] };
    cr_assert_eq(essay__copies_key_parts(sources, 2, &xe), 0, "%s", xe.msg);
    /* 'a' and 'd' have a copy in the other part; 'b' and 'c' none */
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 3; i++)
            cr_assert_eq(keyed(paths[k], (xc_docid)i + 1), keys[k][i] == 'a' || keys[k][i] == 'd',
                         "part %d, document %d", k, i + 1);
    essay__remove_tree(dir, NULL);
    free(dir);
}
