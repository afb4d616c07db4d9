/* spelling.c -- "did you mean": whether one query word is misspelt, and what for.
 *
 * search.c asks this of the words of a query that found little; query.c
 * splices the answers into the query text.  A wrong correction is worse than
 * none (the user who typed "argued" and is offered "armed" was right), so the
 * rule replaces only words the index cannot be searched for, and only by a
 * word one slip away:
 *
 *  - A word the index holds is never replaced: one whose stem is in any
 *    paragraph, in any form (the Z<stem> term of private.h's schema, which a
 *    paragraph holding the word as typed has too).  So an inflection stands
 *    when another form of it is there ("argued" in an index with "argues"
 *    but no "argued"), and a name stands however much more common another
 *    spelling of it is ("Zelensky" beside "Zelenskyy").
 *  - A word of fewer than SPELLING_MIN_CHARS characters is never replaced:
 *    most such strings are a word or a name one letter from several others.
 *  - An unknown word is replaced by the word of the index's spelling data one
 *    edit away (a letter added, dropped or changed, or two swapped), the most
 *    frequent if several are; by none if no word is that near.
 *  - Never by a stop word of the language corrected: English, when the index
 *    holds English essays (their words are then searched as English too);
 *    other languages have no stop list yet.  A stop word counts for next to
 *    nothing in a search, so "chesterton haver" -> "chesterton have" would
 *    search for "chesterton" alone: the most frequent word one edit away that
 *    is not a stop word is taken instead, or none.
 *
 * Measured over the three test collections of the evaluation (CACM, CISI,
 * Cranfield), each indexed alone.  Real words an index lacks were the
 * vocabulary of another collection (its words in 3 or more paragraphs);
 * typos were one random edit of a word of the index.  Words of 5 characters
 * and more, one edit: 92-96% of the typos came back, and 14-17% of the absent
 * real words were replaced.  Of 4-character words 77-85% were ("tree" ->
 * "free", "null" -> "full"), hence the minimum.  Two edits would bring back
 * about 90% of two-edit typos of words of 8 characters and more, but
 * replaced 29-56% of the absent words of 8 and 9 characters (one edit: 4-9%)
 * and 17-28% of longer ones (one edit: 1-3%), often by dropping a prefix:
 * "insignificant" -> "significant", "unreliable" -> "reliable".  Words in
 * one paragraph with a word 10 times as frequent one edit away were real
 * words about three times in four ("actors" -> "factors", "revolution" ->
 * "evolution"), and still about one time in two at 100 times ("think" ->
 * "thin"): no frequency ratio tells a rare word from a typo, so a word the
 * index holds stands however rare.  Nor does the replacement's frequency
 * help: typos of words in one paragraph came back nearly as often (92-93%)
 * as typos of words in ten or more (95-96%).
 *
 * Paragraph counts are Xapian term frequencies, so they cover every shard,
 * remote ones included; the spelling data covers the local shards only
 * (search.c says so in the results).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define SPELLING_MIN_CHARS 5    /* shorter words are never replaced */
#define SPELLING_MAX_CHARS 256  /* nor are longer ones by a word but Xapian's best */

/* Characters (UTF-8 code points) of 's'. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Whether a paragraph holds a word of stem 'stem': its Z<stem> term, which
 * every paragraph holding the word as typed has too.  On an error, yes: a
 * word is left alone when in doubt. */
static int indexed(xc_db *db, const char *stem)
{
    char term[256];
    unsigned tf = 0;
    xc_error xe;
    int n = snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_STEM, stem);
    return n < 0 || (size_t)n >= sizeof term || xc_db_termfreq(db, term, &tf, &xe) != 0 || tf > 0;
}

/* Whether a paragraph of the index is in English (its L<english> term), so
 * that a query word is searched as English too.  On an error, yes: no
 * correction is made that may be a stop word. */
static int holds_english(xc_db *db)
{
    unsigned tf = 0;
    xc_error xe;
    return xc_db_termfreq(db, ESSAY_PREFIX_LANG "english", &tf, &xe) != 0 || tf > 0;
}

/* The code points of s[0..len) into cp[0..max), their number in *n; 0 when
 * 's' is not UTF-8 or has more than 'max'. */
static int decode(const char *s, size_t len, utf8proc_int32_t *cp, size_t max, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < len; (*n)++) {
        if (*n == max)
            return 0;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp[*n]);
        if (k <= 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

/* Whether b[0..nb) is one edit from a[0..na): a code point added, dropped
 * or changed, or two side by side swapped (what Xapian counts as one). */
static int one_edit(const utf8proc_int32_t *a, size_t na, const utf8proc_int32_t *b, size_t nb)
{
    if (na > nb)
        return one_edit(b, nb, a, na);
    if (nb - na > 1)
        return 0;
    size_t i = 0;
    while (i < na && a[i] == b[i])
        i++;
    size_t size = sizeof *a;
    if (na < nb)                                /* b[i] added */
        return memcmp(a + i, b + i + 1, (na - i) * size) == 0;
    if (i == na)                                /* the same word */
        return 0;
    if (memcmp(a + i + 1, b + i + 1, (na - i - 1) * size) == 0)
        return 1;                               /* a[i] changed */
    return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i]
           && memcmp(a + i + 2, b + i + 2, (na - i - 2) * size) == 0;
}

/* The search of the spelling data for the most frequent word one edit from
 * a query word that is not a stop word. */
typedef struct {
    utf8proc_int32_t word[SPELLING_MAX_CHARS];
    size_t n;
    utf8proc_int32_t candidate[SPELLING_MAX_CHARS];
    char *best;             /* malloc'd */
    unsigned best_freq;
    int nomem;
} nearest;

static int consider(const char *word, size_t len, unsigned freq, void *ctx)
{
    nearest *near = ctx;
    size_t n;
    if (freq <= near->best_freq
        || !decode(word, len, near->candidate, near->n + 1, &n)
        || !one_edit(near->word, near->n, near->candidate, n))
        return 0;
    char *copy = strndup(word, len);
    if (copy == NULL) {
        near->nomem = 1;
        return 1;
    }
    if (essay__english_stopword(copy)) {
        free(copy);
        return 0;
    }
    free(near->best);
    near->best = copy;
    near->best_freq = freq;
    return 0;
}

/* The most frequent word of the spelling data one edit from 'word' that is
 * not an English stop word, or NULL.  Xapian gives only its best word, so
 * this reads the whole spelling data, only when that word is a stop word:
 * about 15 ms over 7300 Gutenberg essays (162 MB), for a search of 5 ms. */
static char *nearest_not_stop_word(xc_db *db, const char *word)
{
    nearest *near = calloc(1, sizeof *near);
    xc_error xe;
    if (near == NULL || !decode(word, strlen(word), near->word, SPELLING_MAX_CHARS - 1, &near->n)
        || xc_db_each_spelling(db, consider, near, &xe) != 0 || near->nomem) {
        if (near != NULL)
            free(near->best);
        free(near);
        return NULL;
    }
    char *best = near->best;
    free(near);
    return best;
}

char *essay__spelling_correct(xc_db *db, const char *word, const char *stem)
{
    if (chars(word) < SPELLING_MIN_CHARS || indexed(db, stem))
        return NULL;
    char *best = NULL;
    xc_error xe;
    if (xc_db_spelling(db, word, 1, &best, &xe) != 0)
        return NULL;
    if (best != NULL && essay__english_stopword(best) && holds_english(db)) {
        free(best);
        best = nearest_not_stop_word(db, word);
    }
    return best;
}
