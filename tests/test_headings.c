/* test_headings.c -- unit tests of core/headings.c: a heading's key is the
 * same whatever its case, accents and inflections, and with or without one
 * or two stop words leading it, and another when a word changes; a line's
 * parts have keys of their own, and a numbered heading the key of its name;
 * the words a query types have the key of the heading they type.
 */
#include <criterion/criterion.h>

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

TestSuite(headings, .init = setup, .fini = teardown);

static int add_token(const essay_token *t, void *ctx)
{
    essay__heading_key_add(ctx, t->term, t->stem, t->stem_len, t->flags);
    return 0;
}

/* The key terms of the words 'typed' (as a query's would be, word by word)
 * into terms[0..2); returns how many. */
static size_t keys_of(const char *typed, char terms[2][18])
{
    essay_heading_key k;
    essay__heading_key_start(&k);
    cr_assert_eq(essay_analyze(an, typed, strlen(typed), add_token, &k), ESSAY_OK);
    return essay__heading_key_terms(&k, terms);
}

/* The keys of a paragraph, gathered. */
typedef struct {
    char terms[32][18];
    size_t n;
} keys;

static int gather(const char *term, void *ctx)
{
    keys *k = ctx;
    cr_assert_lt(k->n, 32);
    snprintf(k->terms[k->n++], 18, "%s", term);
    return 0;
}

/* Whether the paragraph 'text' (its title 'title', NULL: none) has the key
 * of the words 'typed'. */
static int has_key(const char *text, const char *title, const char *typed)
{
    keys k = { .n = 0 };
    char terms[2][18];
    cr_assert_eq(essay__heading_keys(an, text, essay__paragraph_body(text, strlen(text)), title,
                                     gather, &k), 0);
    size_t n = keys_of(typed, terms);
    cr_assert_gt(n, 0, "'%s' has a key", typed);
    for (size_t i = 0; i < k.n; i++)
        for (size_t j = 0; j < n; j++)
            if (strcmp(k.terms[i], terms[j]) == 0)
                return 1;
    return 0;
}

#define BODY "The changes wrought by death are in themselves so sharp and final."

Test(headings, a_heading_is_named_as_a_person_types_it)
{
    const char *text = "AN APOLOGY FOR IDLERS\n" BODY;
    cr_assert(has_key(text, NULL, "an apology for idlers"));
    cr_assert(has_key(text, NULL, "apology for idlers"), "its leading stop word left out");
    cr_assert(has_key(text, NULL, "the apology for idlers"), "or another typed");
    cr_assert(has_key(text, NULL, "Apology for Idler"), "case and inflections");
    cr_assert(!has_key(text, NULL, "apology idlers"), "a word inside left out");
    cr_assert(!has_key(text, NULL, "apology for idleness"), "another word");
    cr_assert(!has_key(text, NULL, "apology"), "a part of it");
    cr_assert(has_key("ÆS TRIPLEX\n" BODY, NULL, "aes triplex"), "accents and ligatures");
}

Test(headings, the_body_of_a_paragraph_names_nothing)
{
    cr_assert(!has_key(BODY, NULL, BODY));
    cr_assert(!has_key("ECONOMY\n" BODY, NULL, "death"));
}

Test(headings, each_line_and_each_part_of_a_line_has_a_key)
{
    const char *text = "Virginibus Puerisque, and Other Papers — ÆS TRIPLEX\nÆS TRIPLEX\n" BODY;
    cr_assert(has_key(text, NULL, "virginibus puerisque, and other papers"));
    cr_assert(has_key(text, NULL, "aes triplex"));
    const char *subtitled = "WALDEN; OR, LIFE IN THE WOODS\n" BODY;
    cr_assert(has_key(subtitled, NULL, "walden"));
    cr_assert(has_key(subtitled, NULL, "life in the woods"), "'or, ' leads it");
    cr_assert(has_key(subtitled, NULL, "walden or life in the woods"), "the whole line");
    cr_assert(has_key("Letters: to a friend\n" BODY, NULL, "to a friend"), "a colon");
    const char *noted = "THE JUMPING FROG [written about 1865]\n" BODY;
    cr_assert(has_key(noted, NULL, "the jumping frog"), "named without an editor's note");
    cr_assert(!has_key(noted, NULL, "written about 1865"), "which names nothing");
    cr_assert(has_key("Walden (1854)\n" BODY, NULL, "walden"), "in parentheses");
    const char *addressed = "TO R. W. EMERSON (AT NEW YORK)\n" BODY;
    cr_assert(has_key(addressed, NULL, "to r w emerson"), "named without its address");
    cr_assert(!has_key(addressed, NULL, "new york"), "which names no heading");
    cr_assert(!has_key("THE BELLS (A POEM; NEW YORK)\n" BODY, NULL, "new york"),
              "nor a part inside brackets");
    cr_assert(has_key("THE BELLS (A POEM; NEW YORK)\n" BODY, NULL, "the bells"));
    cr_assert(!has_key("Virginibus Puerisque, and Other Papers\n" BODY, NULL, "other papers"),
              "a comma does not part a line");
}

Test(headings, a_numbered_heading_is_named_by_its_words_too)
{
    const char *text = "XI PULVIS ET UMBRA\n" BODY;
    cr_assert(has_key(text, NULL, "pulvis et umbra"));
    cr_assert(has_key(text, NULL, "xi pulvis et umbra"));
    cr_assert(has_key("CHAPTER IV. THE GOLDEN AGE\n" BODY, NULL, "the golden age"));
    cr_assert(has_key("12 The Village\n" BODY, NULL, "the village"));
    cr_assert(has_key("IV\n" BODY, NULL, "iv"), "a number alone is its own name");
    /* a word that only looks like a numeral is a word */
    cr_assert(!has_key("CIVIL DISOBEDIENCE\n" BODY, NULL, "disobedience"));
    /* a word that numbers a section does so before a number only */
    cr_assert(has_key("PART II THE WAY\n" BODY, NULL, "the way"));
    cr_assert(!has_key("PART OF THE WAY\n" BODY, NULL, "way"));
    cr_assert(has_key("PART OF THE WAY\n" BODY, NULL, "part of the way"));
}

Test(headings, a_list_hung_over_the_text_names_nothing)
{
    /* a book's contents, which essayfile.c hangs over its first text */
    const char *text = "EXCURSIONS.\nBY\nHENRY D. THOREAU.\nCONTENTS.\nBIOGRAPHICAL SKETCH\n"
                       "NATURAL HISTORY OF MASSACHUSETTS\nA WALK TO WACHUSETT\nTHE LANDLORD\n"
                       BODY;
    cr_assert(!has_key(text, NULL, "natural history of massachusetts"));
    cr_assert(!has_key(text, NULL, "the landlord"));
    cr_assert(has_key(text, "Excursions", "excursions"), "the title still names it");
}

Test(headings, the_title_paragraph_is_named_by_the_title)
{
    cr_assert(!has_key(BODY, "On the Duty of Civil Disobedience", "civil disobedience"),
              "the whole title, not a part");
    cr_assert(has_key(BODY, "On the Duty of Civil Disobedience",
                      "on the duty of civil disobedience"));
    cr_assert(has_key(BODY, "Essays — Walking", "walking"));
    cr_assert(!has_key(BODY, NULL, "walking"));
}

Test(headings, only_stop_words_have_no_key)
{
    essay_heading_key k;
    essay__heading_key_start(&k);
    const char *typed = "the of and";
    cr_assert_eq(essay_analyze(an, typed, strlen(typed), add_token, &k), ESSAY_OK);
    char terms[2][18];
    cr_assert_eq(essay__heading_key_terms(&k, terms), 0);
    cr_assert(!has_key("THE END\n" BODY, NULL, "death"));
    /* more than two leading stop words are a sentence's, not a heading's */
    cr_assert(!has_key("GODS\n" BODY, NULL, "should we not then be gods"));
    cr_assert(has_key("GODS\n" BODY, NULL, "the gods"));
}
