/* verbforms.c -- the other forms of the English verb a word is one of:
 * "went" of "go", "go" of "went".
 *
 * Snowball's English stemmer brings a verb's regular forms to one stem
 * ("walks", "walked", "walking": "walk") but not its irregular ones, and a
 * question asks in the present of text written in the past: "why did
 * thoreau go to the woods" of "I went to the woods".  query.c asks for the
 * stems of these forms with the word's own, as one term.
 *
 * The forms are WordNet's (verbforms.inc, made by scripts/verb-forms, which
 * says which it leaves out).  One step only: a form gives its verb and a
 * verb its forms, so "went" gives "go" but not "gone".  A word that is an
 * English stop word, or a form or verb of one ("be", "have", "do": in most
 * paragraphs), gives nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "private.h"

typedef struct {
    const char *form;
    const char *verb;
} verb_form;

#include "verbforms.inc"

#define N_FORMS (sizeof by_form / sizeof *by_form)

static const char *key_of(const verb_form *f, int by_verb_table)
{
    return by_verb_table ? f->verb : f->form;
}

/* The first of table[0..N_FORMS) keyed 'word' (sorted by verb when
 * 'by_verb_table', else by form), or N_FORMS. */
static size_t first_of(const verb_form *table, int by_verb_table, const char *word)
{
    size_t lo = 0, hi = N_FORMS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(key_of(&table[mid], by_verb_table), word) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Add to forms[0..*n) (at most 'max') the other word of each pair of
 * 'table' keyed 'word', unless it is there or a stop word. */
static void add_paired(const verb_form *table, int by_verb_table, const char *word,
                       const char **forms, size_t *n, size_t max)
{
    for (size_t i = first_of(table, by_verb_table, word);
         i < N_FORMS && strcmp(key_of(&table[i], by_verb_table), word) == 0; i++) {
        const char *other = key_of(&table[i], !by_verb_table);
        size_t j = 0;
        while (j < *n && strcmp(forms[j], other) != 0)
            j++;
        if (j == *n && *n < max && !essay__english_stopword(other))
            forms[(*n)++] = other;
    }
}

size_t essay__verb_forms(const char *word, const char **forms, size_t max)
{
    size_t n = 0;
    if (essay__english_stopword(word))
        return 0;
    add_paired(by_form, 0, word, forms, &n, max);
    add_paired(by_verb, 1, word, forms, &n, max);
    return n;
}
