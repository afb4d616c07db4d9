/* test_copies.c -- unit tests of core/copies.c: a paragraph's copy key is
 * the same whatever its case, punctuation, spacing, accents, inflections
 * and headings (the line breaks of its file are joined before: essayfile.c), and another when a word changes; a paragraph
 * of fewer than ESSAY_COPY_MIN_WORDS words has none; the key's term spells
 * the key; and an anchor's HASH is the key's low 32 bits.
 */
#include <criterion/criterion.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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
