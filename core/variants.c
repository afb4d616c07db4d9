/* variants.c -- the other spellings of the English word a word is: "color"
 * of the British "colour", "colour" of the American "color", "realize" of
 * "realise", "traveled" of "travelled", "show" of the older "shew".
 *
 * Snowball's English stemmer keeps the two spellings apart ("colour" and
 * "color" are two stems), so a query in one spelling would miss the essays
 * written in the other: Russell's "colour" and Thoreau's "color".  A
 * variant is the same word, not a form of it: query.c asks for its stem
 * as the word's own, at the word's full weight, wherever it asks for the
 * word's irregular forms (wordforms.c), and the snippets highlight it.
 *
 * The pairs are those that SCOWL's British and American word lists spell
 * by the regular rules (-our/-or, -ise/-ize, -re/-er, a doubled l, -ogue/-og,
 * ae and oe as e, -ence/-ense), a word the lists both hold never being the
 * variant of another ("four" is not "for"), and the pairs no rule makes,
 * read by hand ("grey" and "gray", "plough" and "plow"; the file
 * scripts/irregular-spellings), and older spellings and today's ("shew"
 * and "show", "publick" and "public"; scripts/older-spellings):
 * variants.inc, made by
 * scripts/spelling-variants, which says which it leaves out.
 */
#include <stddef.h>
#include <string.h>

#include "private.h"

typedef struct {
    char spelling[ESSAY_TABLE_WORD];
    char variant[ESSAY_TABLE_WORD];
} spelling_variant;

#include "variants.inc"

#define N_VARIANTS (sizeof by_spelling / sizeof *by_spelling)

size_t essay__spelling_variants(const char *word, const char **variants, size_t max)
{
    size_t n = 0;
    for (size_t i = essay__sorted_first(by_spelling, N_VARIANTS, sizeof *by_spelling,
                                        offsetof(spelling_variant, spelling), word);
         i < N_VARIANTS && n < max && strcmp(by_spelling[i].spelling, word) == 0;
         i++)
        variants[n++] = by_spelling[i].variant;
    return n;
}
