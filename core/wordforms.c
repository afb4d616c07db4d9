/* wordforms.c -- the irregular forms of the English word a word is: "went"
 * and "gone" of the verb "go", "children" of the noun "child", "child" and
 * "madman" of the plurals "children" and "madmen".
 *
 * Snowball's English stemmer brings a word's regular forms to one stem
 * ("walks", "walked", "walking": "walk"; "books": "book") but not its
 * irregular ones: a question asks in the present of text written in the
 * past ("why did thoreau go to the woods" of "I went to the woods"), and of
 * madmen of a chapter on the madman.  query.c asks for the stems of these
 * forms beside the word's own, weighing less.
 *
 * A verb gives its forms; a form does not give its verb: "left" would find
 * "leave" and with it every "leaves" of a tree, "lit" every "light", and a
 * word typed in the past most often is the word of the text it recalls.  A
 * noun's plural gives its singular and the singular its plural, but not a
 * plural whose stem is another word's ("life" would find "lives", the stem
 * of "living").  The pairs are WordNet's (wordforms.inc, made by
 * scripts/word-forms, which says which it leaves out), and WordNet's rule
 * for the plurals in -men it does not list ("madmen", "women",
 * "Englishmen"): each such word gives the word in -man, and each word in
 * -man the word in -men; a form no paragraph holds finds nothing.  A stop
 * word ("do", "have", "be": in most paragraphs) gives none, and no form that
 * is one is given.
 */
#include <stddef.h>
#include <string.h>

#include "private.h"

typedef struct {
    char form[ESSAY_TABLE_WORD];
    char word[ESSAY_TABLE_WORD];
} word_form;

#include "wordforms.inc"

#define N_FORMS (sizeof by_word / sizeof *by_word)

/* Whether 'word' ends in 'end' after at least one letter. */
static int ends_after(const char *word, size_t len, const char *end)
{
    size_t n = strlen(end);
    return len > n && strcmp(word + len - n, end) == 0;
}

size_t essay__word_forms(const char *word, const char **forms, size_t max, char *made)
{
    if (essay__english_stopword(word))
        return 0;
    size_t n = 0;
    for (size_t i = essay__sorted_first(by_word, N_FORMS, sizeof *by_word,
                                        offsetof(word_form, word), word);
         i < N_FORMS && n < max && strcmp(by_word[i].word, word) == 0; i++)
        if (!essay__english_stopword(by_word[i].form))
            forms[n++] = by_word[i].form;
    size_t len = strlen(word);
    if (n < max && (ends_after(word, len, "men") || ends_after(word, len, "man"))) {
        memcpy(made, word, len + 1);
        made[len - 2] = word[len - 2] == 'e' ? 'a' : 'e';
        forms[n++] = made;
    }
    return n;
}
