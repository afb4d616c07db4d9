/* test_wordforms.c -- unit tests of the irregular forms of English words
 * (core/wordforms.c): a verb gives its forms, a form nothing; a noun's
 * plural gives its singular and the singular its plural, but not a plural
 * that is another word's; the -men plurals WordNet does not list by rule;
 * and nothing is given for regular words, stop words, or the forms left out
 * as chiefly other words. */
#include <criterion/criterion.h>

#include <string.h>

#include "private.h"

/* The forms of 'word', joined by spaces in the order given. */
static void forms_of(const char *word, char *out, size_t size)
{
    const char *forms[ESSAY_WORD_FORMS_MAX];
    char made[64];
    cr_assert_lt(strlen(word), sizeof made);
    size_t n = essay__word_forms(word, forms, ESSAY_WORD_FORMS_MAX, made);
    cr_assert_leq(n, ESSAY_WORD_FORMS_MAX);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        cr_assert_lt(strlen(out) + strlen(forms[i]) + 2, size);
        if (i > 0)
            strcat(out, " ");
        strcat(out, forms[i]);
    }
}

static void assert_forms(const char *word, const char *expected)
{
    char got[256];
    forms_of(word, got, sizeof got);
    cr_assert_str_eq(got, expected, "the forms of '%s'", word);
}

/* 'word' does not give 'form' (it may give others: "lit" is also a coin,
 * whose plural is "litai"). */
static void assert_not_given(const char *word, const char *form)
{
    char got[256];
    forms_of(word, got, sizeof got);
    for (char *f = strtok(got, " "); f != NULL; f = strtok(NULL, " "))
        cr_assert_str_neq(f, form, "'%s' gave '%s'", word, form);
}

/* "left" would find every "leaves" of a tree through "leave" */
Test(wordforms, an_irregular_form_gives_nothing)
{
    assert_forms("went", "");
    assert_forms("left", "");
    assert_not_given("lit", "light");
    assert_forms("thought", "");
}

Test(wordforms, a_verb_gives_its_irregular_forms)
{
    assert_forms("go", "gone went");
    assert_forms("write", "written wrote");
    assert_forms("say", "said");
    assert_forms("think", "thought");
}

Test(wordforms, a_word_both_form_and_verb_gives_its_forms_as_a_verb)
{
    /* "lay" is a form of "lie" and a verb whose form is "laid". */
    assert_forms("lay", "laid");
    assert_forms("lie", "lain lay lying");
}

Test(wordforms, regular_verbs_and_other_words_give_nothing)
{
    assert_forms("walk", "");
    assert_forms("walked", "");
    assert_forms("woods", "");
    assert_forms("", "");
}

Test(wordforms, stop_words_and_their_verbs_give_nothing)
{
    assert_forms("was", "");
    assert_forms("did", "");
    assert_forms("done", "");     /* of "do", a stop word */
    assert_forms("been", "");
}

Test(wordforms, forms_that_are_chiefly_other_words_are_left_out)
{
    assert_forms("bit", "");
    assert_forms("bite", "bitten");
    assert_forms("ground", "");
    assert_forms("grind", "");
    char forms[256];
    forms_of("bear", forms, sizeof forms);
    cr_assert_null(strstr(forms, "born"), "bear gave %s", forms);
}

Test(wordforms, no_more_than_asked_for)
{
    const char *forms[1];
    char made[16];
    cr_assert_eq(essay__word_forms("go", forms, 1, made), 1);
    cr_assert_str_eq(forms[0], "gone");
    cr_assert_eq(essay__word_forms("go", forms, 0, made), 0);
    cr_assert_eq(essay__word_forms("madmen", forms, 0, made), 0);
}

Test(wordforms, a_plural_gives_its_singular)
{
    assert_forms("children", "child");
    assert_forms("feet", "foot");
    assert_forms("teeth", "tooth");
    assert_forms("mice", "mouse");
    assert_forms("geese", "goose");
    assert_forms("wives", "wife");
    assert_forms("knives", "knife");
    assert_forms("wolves", "wolf");
    assert_forms("selves", "self");
    assert_forms("lives", "life");      /* "their lives": chiefly the noun */
    assert_forms("leaves", "leaf");
}

Test(wordforms, a_singular_gives_its_irregular_plural)
{
    assert_forms("child", "children");
    assert_forms("foot", "feet");
    assert_forms("wife", "wives");
    assert_forms("mouse", "mice");
}

/* "lives" is the stem of "living", "leaves" of "leave", "bases" of "base" */
Test(wordforms, a_singular_does_not_give_a_plural_that_is_another_word)
{
    assert_forms("life", "");
    assert_forms("leaf", "");
    assert_forms("shelf", "");      /* "shelves": "shelve" */
}

/* in technical prose a paragraph on the matrix is not one on matrices */
Test(wordforms, learned_plurals_give_nothing)
{
    assert_forms("matrices", "");
    assert_forms("matrix", "");
    assert_forms("criteria", "");
    assert_forms("phenomena", "");
    assert_forms("analyses", "");
    assert_forms("data", "");
    assert_not_given("media", "medium");
}

Test(wordforms, a_form_that_is_chiefly_another_word_is_left_out)
{
    assert_forms("real", "");       /* not the coins "reis" */
    assert_forms("imagines", "");   /* not "imago" */
}

Test(wordforms, men_and_man_by_rule)
{
    assert_forms("men", "man");
    assert_forms("man", "men");
    assert_forms("madmen", "madman");
    assert_forms("madman", "madmen");
    assert_forms("women", "woman");
    assert_forms("englishmen", "englishman");
}
