/* test_ordinals.c -- unit tests of an ordinal number's other spelling
 * (core/ordinals.c): figures give words and words figures, both ways, with
 * the suffix English gives each number (11th, 12th, 13th; 21st, 22nd,
 * 23rd), from 1 to 99; what is no ordinal, or one past 99, gives none; and
 * a number's roman numeral from 2 to 99, both ways. */
#include <criterion/criterion.h>

#include "private.h"

/* A number's other spelling, by one of ordinals.c's functions. */
typedef int (*other_spelling)(const char *word, char out[ESSAY_ORDINAL_MAX]);

/* Each spelling gives the other. */
static void assert_both_ways(other_spelling other_of, const char *figures, const char *words)
{
    char other[ESSAY_ORDINAL_MAX];
    cr_assert(other_of(figures, other), "'%s' has another spelling", figures);
    cr_assert_str_eq(other, words, "the other spelling of '%s'", figures);
    cr_assert(other_of(words, other), "'%s' has another spelling", words);
    cr_assert_str_eq(other, figures, "the other spelling of '%s'", words);
}

static void assert_no_other(other_spelling other_of, const char *word)
{
    char other[ESSAY_ORDINAL_MAX];
    cr_assert_not(other_of(word, other), "'%s' has no other spelling", word);
}

static void assert_pair(const char *figures, const char *words)
{
    assert_both_ways(essay__ordinal_other, figures, words);
}

static void assert_none(const char *word)
{
    assert_no_other(essay__ordinal_other, word);
}

Test(ordinals, the_first_nineteen)
{
    assert_pair("1st", "first");
    assert_pair("2nd", "second");
    assert_pair("3rd", "third");
    assert_pair("4th", "fourth");
    assert_pair("9th", "ninth");
    assert_pair("11th", "eleventh");
    assert_pair("12th", "twelfth");
    assert_pair("13th", "thirteenth");
    assert_pair("19th", "nineteenth");
}

Test(ordinals, the_tens_and_between_them)
{
    assert_pair("20th", "twentieth");
    assert_pair("21st", "twentyfirst");     /* the whole of "twenty-first" */
    assert_pair("22nd", "twentysecond");
    assert_pair("23rd", "twentythird");
    assert_pair("40th", "fortieth");
    assert_pair("99th", "ninetyninth");
}

Test(ordinals, what_is_none)
{
    assert_none("1th");             /* a suffix English does not give */
    assert_none("11st");
    assert_none("0th");
    assert_none("05th");
    assert_none("100th");           /* past 99 */
    assert_none("4");               /* a number, no ordinal */
    assert_none("four");
    assert_none("twenty");
    assert_none("twentyten");
    assert_none("firsts");
    assert_none("tenths");
    assert_none("th");
    assert_none("");
}

/* A number from 2 to 99 in figures gives its roman numeral, and back. */
Test(ordinals, roman_numerals_from_2_to_99)
{
    assert_both_ways(essay__numeral_other, "2", "ii");
    assert_both_ways(essay__numeral_other, "3", "iii");
    assert_both_ways(essay__numeral_other, "4", "iv");
    assert_both_ways(essay__numeral_other, "9", "ix");
    assert_both_ways(essay__numeral_other, "14", "xiv");
    assert_both_ways(essay__numeral_other, "42", "xlii");
    assert_both_ways(essay__numeral_other, "90", "xc");
    assert_no_other(essay__numeral_other, "5");         /* "v", "x", "l": variables, initials */
    assert_no_other(essay__numeral_other, "x");
    assert_no_other(essay__numeral_other, "50");
    assert_both_ways(essay__numeral_other, "99", "xcix");
    assert_no_other(essay__numeral_other, "1");         /* "i" is the pronoun too */
    assert_no_other(essay__numeral_other, "i");
    assert_no_other(essay__numeral_other, "100");
    assert_no_other(essay__numeral_other, "c");
    assert_no_other(essay__numeral_other, "03");
    assert_no_other(essay__numeral_other, "3rd");
    assert_no_other(essay__numeral_other, "iiii");      /* no numeral as Romans wrote them */
    assert_no_other(essay__numeral_other, "vx");
    assert_no_other(essay__numeral_other, "mix");
    assert_no_other(essay__numeral_other, "civil");
    assert_no_other(essay__numeral_other, "");
}
