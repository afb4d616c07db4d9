/* verbforms.c -- the irregular forms of the English verb a word is: "went"
 * and "gone" of "go".
 *
 * Snowball's English stemmer brings a verb's regular forms to one stem
 * ("walks", "walked", "walking": "walk") but not its irregular ones, and a
 * question asks in the present of text written in the past: "why did
 * thoreau go to the woods" of "I went to the woods".  query.c asks for the
 * stems of these forms beside the word's own, weighing less.
 *
 * A verb gives its forms; a form does not give its verb: "left" would find
 * "leave" and with it every "leaves" of a tree, "lit" every "light", and a
 * word typed in the past most often is the word of the text it recalls.
 * The forms are WordNet's (verbforms.inc, made by scripts/verb-forms, which
 * says which it leaves out).  A stop word ("do", "have", "be": in most
 * paragraphs) gives none, and no form that is one is given.
 */
#include <string.h>

#include "private.h"

typedef struct {
    const char *form;
    const char *verb;
} verb_form;

#include "verbforms.inc"

#define N_FORMS (sizeof by_verb / sizeof *by_verb)

size_t essay__verb_forms(const char *word, const char **forms, size_t max)
{
    if (essay__english_stopword(word))
        return 0;
    size_t lo = 0, hi = N_FORMS;
    while (lo < hi) {   /* the first pair of the verb 'word' */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(by_verb[mid].verb, word) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    for (size_t i = lo; i < N_FORMS && n < max && strcmp(by_verb[i].verb, word) == 0; i++)
        if (!essay__english_stopword(by_verb[i].form))
            forms[n++] = by_verb[i].form;
    return n;
}
