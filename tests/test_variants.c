/* test_variants.c -- unit tests of the British and American spellings of
 * English words (core/variants.c): each spelling gives the other, both
 * ways, in every regular kind (-our, -ise, -yse, -re, a doubled l, -ogue,
 * ae and oe), in the pairs no rule makes ("grey", "plough") and in older
 * spellings ("shew", "publick"); words that
 * both word lists hold are never paired by a rule ("four" and "for"), nor
 * words of one spelling only. */
#include <criterion/criterion.h>

#include <string.h>

#include "private.h"

/* The variants of 'word', joined by spaces in the order given. */
static void variants_of(const char *word, char *out, size_t size)
{
    const char *variants[ESSAY_SPELLING_VARIANTS_MAX];
    size_t n = essay__spelling_variants(word, variants, ESSAY_SPELLING_VARIANTS_MAX);
    cr_assert_leq(n, ESSAY_SPELLING_VARIANTS_MAX);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        cr_assert_lt(strlen(out) + strlen(variants[i]) + 2, size);
        if (i > 0)
            strcat(out, " ");
        strcat(out, variants[i]);
    }
}

static void assert_variants(const char *word, const char *expected)
{
    char got[256];
    variants_of(word, got, sizeof got);
    cr_assert_str_eq(got, expected, "the variants of '%s'", word);
}

/* Each spelling gives the other. */
static void assert_pair(const char *british, const char *american)
{
    assert_variants(british, american);
    assert_variants(american, british);
}

Test(variants, our_and_or_both_ways)
{
    assert_pair("colour", "color");
    assert_pair("colours", "colors");
    assert_pair("coloured", "colored");
    assert_pair("honour", "honor");
    assert_pair("honourable", "honorable");
    assert_pair("neighbourhood", "neighborhood");
}

Test(variants, the_other_regular_kinds)
{
    assert_pair("realise", "realize");
    assert_pair("civilisation", "civilization");
    assert_pair("analysed", "analyzed");
    assert_pair("centre", "center");
    assert_pair("centred", "centered");
    assert_pair("fibre", "fiber");
    assert_pair("travelled", "traveled");
    assert_pair("fulfil", "fulfill");
    assert_pair("catalogue", "catalog");
    assert_pair("anaemia", "anemia");
    assert_pair("manoeuvre", "maneuver");
    assert_pair("defence", "defense");
}

/* The pairs no rule makes, each read by hand (scripts/irregular-spellings). */
Test(variants, irregular_pairs_both_ways)
{
    assert_pair("plough", "plow");
    assert_pair("ploughed", "plowed");
    assert_pair("ploughshares", "plowshares");
    assert_pair("mould", "mold");
    assert_pair("sceptical", "skeptical");
    assert_pair("aeroplane", "airplane");
    assert_pair("aerofoils", "airfoils");
    assert_pair("aluminium", "aluminum");
    assert_pair("gaol", "jail");
    assert_pair("moustache", "mustache");
    assert_pair("jewellery", "jewelry");
}

/* Older spellings and today's, both ways (scripts/older-spellings). */
Test(variants, older_spellings_both_ways)
{
    assert_pair("shew", "show");
    assert_pair("shewn", "shown");
    assert_pair("connexion", "connection");
    assert_pair("publick", "public");
    assert_pair("chuse", "choose");
    assert_pair("antient", "ancient");
    assert_pair("enquiry", "inquiry");
    assert_pair("waggons", "wagons");
    assert_variants("stile", "");
    assert_variants("style", "");
}

/* Spellings of one word in some senses only ("programme" is never a
 * computer's, "storey" never a tale, "nought" is zero), spellings of a
 * common surname ("Gray", "Grey"), the folded "risqué", and pairs that
 * Snowball's stemmer would make another word ("programer" is stemmed
 * "program", "speciality" "special", "practice" "practic" as "practical",
 * "politics" "polit" as "polite"), are left out. */
Test(variants, irregular_pairs_left_out)
{
    assert_variants("programme", "");
    assert_variants("program", "");
    assert_variants("programmer", "");
    assert_variants("tyre", "");
    assert_variants("cheque", "");
    assert_variants("kerb", "");
    assert_variants("draught", "");
    assert_variants("storey", "");
    assert_variants("mum", "");
    assert_variants("speciality", "");
    assert_variants("practise", "");
    assert_variants("nought", "");
    assert_variants("grey", "");
    assert_variants("gray", "");
    assert_variants("risque", "");
    assert_variants("politicks", "");
}

/* "four" and "for", "hour" and "hor", "our" and "or" look like -our and -or,
 * but both lists hold "four" and "for": two words, not one spelt two ways. */
Test(variants, words_both_lists_hold_are_not_paired)
{
    assert_variants("four", "");
    assert_variants("for", "");
    assert_variants("hour", "");
    assert_variants("our", "");
    assert_variants("or", "");
    assert_variants("shoe", "");
    assert_variants("she", "");
    assert_variants("poet", "");
    assert_variants("all", "");
}

Test(variants, left_out_and_unknown_words_give_nothing)
{
    assert_variants("snowshoed", "");
    assert_variants("patinae", "");
    assert_variants("apprise", "");
    assert_variants("demagoguery", "");
    assert_variants("walk", "");
    assert_variants("", "");
    assert_variants("zzzz", "");
}

Test(variants, no_more_than_asked_for)
{
    const char *variants[1];
    cr_assert_eq(essay__spelling_variants("crystallise", variants, 1), 1);
    cr_assert_eq(essay__spelling_variants("colour", variants, 0), 0);
}
