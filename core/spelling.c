/* spelling.c -- "did you mean": whether one query word is misspelt, and what for.
 *
 * search.c asks this of the words of a query that found nothing, and of
 * every any-word query (--any, a question), where a word the index lacks
 * finds nothing of its own whatever the others find; query.c splices the answers into the query text.  A wrong correction is worse than
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
 *  - Nor is a word of the English dictionary (Hunspell's en_US, the Debian
 *    package hunspell-en-us), as written or capitalised ("milan" as
 *    "Milan"), when the index holds English essays: a real word the index
 *    lacks is no typo, and replaced it is a word the user did not mean.
 *    Over the queries of the three test collections, the index alone
 *    replaced 23 words: 8 typos ("compuyter", "ajacency", "Recenty"), 12
 *    real words ("trust" -> "thrust", "cease" -> "case", "bites" -> "bits",
 *    "Milan" -> "Milam"), a name and a number; with the dictionary, the 8
 *    typos and the name ("TCOLL" -> "TOLL").  Without the dictionary
 *    installed, this rule is left out.
 *  - An unknown word is replaced by the word of the index's spelling data one
 *    edit away (a letter added, dropped or changed, or two swapped), the most
 *    frequent if several are; by none if no word is that near.
 *  - Not when that word, or any word one edit away, is a stop word of the
 *    language corrected: English, when the index holds English essays
 *    (their words are then searched as English too); other languages have
 *    no stop list yet.  A stop word counts for next to nothing in a search,
 *    so "chesterton haver" -> "chesterton have" would search for
 *    "chesterton" alone; and a word that near a stop word is most likely
 *    that stop word mistyped ("whicch", "thier"), which a word of the index
 *    one edit away ("thoose" -> "choose", "thier" -> "thief", the spelling
 *    data holding no stop word) would only replace by a wrong one.  The
 *    word stands as typed.
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
#include <hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define SPELLING_MIN_CHARS 5    /* shorter words are never replaced */
#define STOP_WORD_MAX 10        /* letters of the longest English stop word ("themselves") */
#define DICTIONARY_AFF "/usr/share/hunspell/en_US.aff"
#define DICTIONARY_DIC "/usr/share/hunspell/en_US.dic"

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

void essay__dictionary_close(essay_dictionary *dict)
{
    if (dict->hunspell != NULL)
        Hunspell_destroy(dict->hunspell);
    dict->hunspell = NULL;
    dict->tried = 0;
}

/* Whether the English dictionary knows 'word' (folded: lower case), as it
 * is or with a capital ("Milan").  Opened the first time it is asked; not
 * installed, it knows nothing. */
static int in_dictionary(essay_dictionary *dict, const char *word)
{
    if (!dict->tried) {
        dict->tried = 1;
        FILE *f = fopen(DICTIONARY_DIC, "r");
        if (f != NULL) {
            fclose(f);
            dict->hunspell = Hunspell_create(DICTIONARY_AFF, DICTIONARY_DIC);
        }
    }
    if (dict->hunspell == NULL)
        return 0;
    if (Hunspell_spell(dict->hunspell, word))
        return 1;
    utf8proc_int32_t first;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)word, -1, &first);
    char capitalised[256];
    utf8proc_uint8_t upper[4];
    utf8proc_ssize_t m = n > 0 ? utf8proc_encode_char(utf8proc_toupper(first), upper) : 0;
    if (m <= 0 || strlen(word) - (size_t)n + (size_t)m >= sizeof capitalised)
        return 0;
    snprintf(capitalised, sizeof capitalised, "%.*s%s", (int)m, (const char *)upper, word + n);
    return Hunspell_spell(dict->hunspell, capitalised) != 0;
}

/* Is an English stop word one edit (a letter dropped, added or changed, or
 * two swapped) from 'word', of small letters? */
static int near_stop_word(const char *word)
{
    size_t n = strlen(word);
    char edit[STOP_WORD_MAX + 2];
    if (n > STOP_WORD_MAX + 1)
        return 0;
    for (size_t i = 0; i <= n; i++) {
        /* dropped at i */
        if (i < n) {
            memcpy(edit, word, i);
            memcpy(edit + i, word + i + 1, n - i);
            if (essay__english_stopword(edit))
                return 1;
        }
        /* swapped at i, i + 1 */
        if (i + 1 < n) {
            memcpy(edit, word, n + 1);
            edit[i] = word[i + 1];
            edit[i + 1] = word[i];
            if (essay__english_stopword(edit))
                return 1;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            /* changed at i */
            if (i < n && n <= STOP_WORD_MAX) {
                memcpy(edit, word, n + 1);
                edit[i] = c;
                if (essay__english_stopword(edit))
                    return 1;
            }
            /* added before i */
            if (n < STOP_WORD_MAX) {
                memcpy(edit, word, i);
                edit[i] = c;
                memcpy(edit + i + 1, word + i, n - i + 1);
                if (essay__english_stopword(edit))
                    return 1;
            }
        }
    }
    return 0;
}

char *essay__spelling_correct(xc_db *db, essay_dictionary *dict, const char *word,
                              const char *stem)
{
    if (chars(word) < SPELLING_MIN_CHARS || indexed(db, stem))
        return NULL;
    char *best = NULL;
    xc_error xe;
    if (xc_db_spelling(db, word, 1, &best, &xe) != 0)
        return NULL;
    /* the dictionary last: loading it takes some 20 ms, which a word with
       no correction to make need not pay */
    if (best != NULL && holds_english(db)
        && (essay__english_stopword(best) || near_stop_word(word) || in_dictionary(dict, word))) {
        free(best);
        best = NULL;
    }
    return best;
}
