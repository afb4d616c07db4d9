/* ordinals.c -- a number's other spelling: an ordinal's, "fourth" of "4th",
 * "19th" of "nineteenth", "21st" of "twentyfirst" (the whole of
 * "twenty-first", analyze.c); and a roman numeral's, "iii" of "3".
 *
 * Essays write dates and centuries both ways ("the Fourth of July", "the
 * 4th of July"; "the nineteenth century", "the 19th century"), and a reader
 * types either, so query.c asks for the other spelling beside the word, at
 * half its weight, as it asks for a verb's irregular forms (wordforms.c):
 * the figures are most often a date's ("September 9th").  Ordinals
 * from 1 to 99 only: the days of a month, the centuries, the chapters, and
 * the numbers people write out in words.
 *
 * Old books number their chapters, books and parts in roman numerals
 * ("CHAPTER III.", "BOOK IV"), and a reader types "chapter 3": query.c
 * asks for a number after a word that numbers sections (headings.c) in
 * both spellings, as one word.  From 2 to 99, and not a numeral of one
 * letter: "i" is also the pronoun, and "v", "x", "l" are the variables of
 * a proof and the initials of a name ("no 10" found Russell's "x, y, z").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

/* The ordinals of 1 to 19, and of the tens from 20 to 90, by number. */
static const char *const ordinal_words[20] = {
    NULL, "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth",
};
static const char *const tens_ordinals[10] = {
    NULL, NULL, "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
    "eightieth", "ninetieth",
};
static const char *const tens[10] = {
    NULL, NULL, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

/* The suffix of the ordinal n in figures: "1st", "2nd", "3rd", "11th". */
static const char *suffix_of(unsigned n)
{
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    switch (n % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

/* The index of 'word' in table[0..n), or 0 when it is not there. */
static unsigned index_in(const char *const *table, unsigned n, const char *word, size_t len)
{
    for (unsigned i = 0; i < n; i++)
        if (table[i] != NULL && strlen(table[i]) == len && memcmp(table[i], word, len) == 0)
            return i;
    return 0;
}

/* The ordinal 'word' spells out in letters, or 0 when it is none. */
static unsigned spelt_ordinal(const char *word)
{
    size_t len = strlen(word);
    unsigned n = index_in(ordinal_words, 20, word, len);
    if (n == 0 && (n = index_in(tens_ordinals, 10, word, len)) != 0)
        n *= 10;
    for (unsigned t = 2; n == 0 && t < 10; t++) {
        size_t tlen = strlen(tens[t]);
        unsigned unit = len > tlen && memcmp(word, tens[t], tlen) == 0
                        ? index_in(ordinal_words, 10, word + tlen, len - tlen) : 0;
        if (unit != 0)
            n = 10 * t + unit;
    }
    return n;
}

/* The ordinal 'word' writes in figures with its suffix, or 0 when it is
 * none ("1th", "05th" are none). */
static unsigned figured_ordinal(const char *word)
{
    if (word[0] < '1' || word[0] > '9')
        return 0;
    char *end;
    unsigned long n = strtoul(word, &end, 10);
    return n < 100 && strcmp(end, suffix_of((unsigned)n)) == 0 ? (unsigned)n : 0;
}

int essay__ordinal_other(const char *word, char out[ESSAY_ORDINAL_MAX])
{
    unsigned n = figured_ordinal(word);
    if (n != 0) {
        if (n < 20 || n % 10 == 0)
            snprintf(out, ESSAY_ORDINAL_MAX, "%s", n < 20 ? ordinal_words[n] : tens_ordinals[n / 10]);
        else
            snprintf(out, ESSAY_ORDINAL_MAX, "%s%s", tens[n / 10], ordinal_words[n % 10]);
        return 1;
    }
    n = spelt_ordinal(word);
    if (n == 0)
        return 0;
    snprintf(out, ESSAY_ORDINAL_MAX, "%u%s", n, suffix_of(n));
    return 1;
}

/* The roman numerals of the units and of the tens. */
static const char *const roman_units[10] = {
    "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix",
};
static const char *const roman_tens[10] = {
    "", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc",
};

int essay__numeral_other(const char *word, char out[ESSAY_ORDINAL_MAX])
{
    if (word[0] >= '1' && word[0] <= '9') {
        char *end;
        unsigned long n = strtoul(word, &end, 10);
        if (*end != '\0' || n < 2 || n > 99)
            return 0;
        snprintf(out, ESSAY_ORDINAL_MAX, "%s%s", roman_tens[n / 10], roman_units[n % 10]);
        return out[1] != '\0';
    }
    if (word[0] == '\0' || word[1] == '\0')
        return 0;
    for (unsigned n = 2; n < 100; n++) {
        size_t ten = strlen(roman_tens[n / 10]);
        if (strncmp(word, roman_tens[n / 10], ten) == 0
            && strcmp(word + ten, roman_units[n % 10]) == 0) {
            snprintf(out, ESSAY_ORDINAL_MAX, "%u", n);
            return 1;
        }
    }
    return 0;
}
