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
 *  - Not when that word is a stop word of the language corrected: English,
 *    when the index holds English essays (their words are then searched as
 *    English too); other languages have no stop list yet.  A stop word
 *    counts for next to nothing in a search, so "chesterton haver" ->
 *    "chesterton have" would search for "chesterton" alone; and a word that
 *    near a stop word is most likely that stop word mistyped ("whicch"), which
 *    a rarer word one edit away ("thoose" -> "choose") would only replace by
 *    a wrong one.  The word stands as typed.
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
#include "private.h"

#define SPELLING_MIN_CHARS 5    /* shorter words are never replaced */

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
        best = NULL;
    }
    return best;
}
