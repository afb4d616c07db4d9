/* test_inflections.c -- unit tests of core/inflections.c: the spellings of
 * a word's regular inflections, from the word itself or from one of them,
 * by the rules of English spelling (a final y, a silent e, a doubled
 * consonant), each once, the word first.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "private.h"

/* Whether the inflections of 'word' spell 'form'. */
static int spells(const char *word, const char *form)
{
    char out[ESSAY_INFLECTIONS_MAX][ESSAY_INFLECTION_MAX];
    size_t n = essay__inflections(word, out, ESSAY_INFLECTIONS_MAX);
    cr_assert_gt(n, 0);
    cr_assert_str_eq(out[0], word, "the word first");
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(out[i], out[j], "'%s' twice of '%s'", out[i], word);
        found |= strcmp(out[i], form) == 0;
    }
    return found;
}

Test(inflections, of_a_word_and_of_its_inflections)
{
    const char *const walk[] = { "walk", "walks", "walked", "walking" };
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            cr_assert(spells(walk[i], walk[j]), "%s of %s", walk[j], walk[i]);
    cr_assert(spells("civilization", "civilizations"));
    cr_assert(spells("civilizations", "civilization"));
}

Test(inflections, by_the_rules_of_spelling)
{
    cr_assert(spells("cities", "city"), "a final y");
    cr_assert(spells("city", "cities"));
    cr_assert(spells("carried", "carrying"));
    cr_assert(spells("loved", "love"), "a silent e");
    cr_assert(spells("love", "loving"));
    cr_assert(spells("stopped", "stop"), "a doubled consonant");
    cr_assert(spells("stop", "stopping"));
    cr_assert(spells("church", "churches"));
    cr_assert(spells("boxes", "box"));
}

Test(inflections, not_of_another_word)
{
    cr_assert(!spells("civilization", "civil"), "a derivation is no inflection");
    cr_assert(!spells("wildness", "wild"));
    cr_assert(!spells("nationalism", "nation"));
    cr_assert(!spells("fill", "fil"), "a doubled l of the word itself");
}
