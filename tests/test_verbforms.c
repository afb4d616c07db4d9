/* test_verbforms.c -- unit tests of the irregular forms of English verbs
 * (core/verbforms.c): a verb gives its forms, a form nothing, and nothing
 * is given for regular verbs, stop words, or the forms left out as chiefly
 * other words. */
#include <criterion/criterion.h>

#include <string.h>

#include "private.h"

/* The forms of 'word', joined by spaces in the order given. */
static void forms_of(const char *word, char *out, size_t size)
{
    const char *forms[ESSAY_VERB_FORMS_MAX];
    size_t n = essay__verb_forms(word, forms, ESSAY_VERB_FORMS_MAX);
    cr_assert_leq(n, ESSAY_VERB_FORMS_MAX);
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

/* "left" would find every "leaves" of a tree through "leave" */
Test(verbforms, an_irregular_form_gives_nothing)
{
    assert_forms("went", "");
    assert_forms("left", "");
    assert_forms("lit", "");
    assert_forms("thought", "");
}

Test(verbforms, a_verb_gives_its_irregular_forms)
{
    assert_forms("go", "gone went");
    assert_forms("write", "written wrote");
    assert_forms("say", "said");
    assert_forms("think", "thought");
}

Test(verbforms, a_word_both_form_and_verb_gives_its_forms_as_a_verb)
{
    /* "lay" is a form of "lie" and a verb whose form is "laid". */
    assert_forms("lay", "laid");
    assert_forms("lie", "lain lay lying");
}

Test(verbforms, regular_verbs_and_other_words_give_nothing)
{
    assert_forms("walk", "");
    assert_forms("walked", "");
    assert_forms("woods", "");
    assert_forms("", "");
}

Test(verbforms, stop_words_and_their_verbs_give_nothing)
{
    assert_forms("was", "");
    assert_forms("did", "");
    assert_forms("done", "");     /* of "do", a stop word */
    assert_forms("been", "");
}

Test(verbforms, forms_that_are_chiefly_other_words_are_left_out)
{
    assert_forms("bit", "");
    assert_forms("bite", "bitten");
    assert_forms("ground", "");
    assert_forms("grind", "");
    char forms[256];
    forms_of("bear", forms, sizeof forms);
    cr_assert_null(strstr(forms, "born"), "bear gave %s", forms);
}

Test(verbforms, no_more_than_asked_for)
{
    const char *forms[1];
    cr_assert_eq(essay__verb_forms("go", forms, 1), 1);
    cr_assert_str_eq(forms[0], "gone");
    cr_assert_eq(essay__verb_forms("go", forms, 0), 0);
}
