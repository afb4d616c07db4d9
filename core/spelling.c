/* spelling.c -- "did you mean": whether one query word is misspelt, and what for.
 *
 * search.c asks this of the words of a query that found nothing, and of
 * every any-word query (--any, a question), where a word the index lacks
 * finds nothing of its own whatever the others find; query.c splices the
 * answers into the query text.  A wrong correction is worse than none (the
 * user who typed "argued" and is offered "armed" was right), so the rule
 * replaces only words the index cannot be searched for, and only by a word
 * one slip away; but in a query that found nothing, a name the index holds
 * that the other words are never found with (see the last rule below):
 *
 *  - A word the index holds is never replaced (but that name, and a typo:
 *    rare_typo(), "seperate" in one paragraph of a word in thousands): one whose stem is in any
 *    paragraph or essay title, in any form (the Z<stem> and S<stem> terms of
 *    private.h's schema, which a paragraph holding the word as typed has
 *    too; a word of a title: field is corrected as any word), and in an
 *    English index, held as typed (its =exact term) or known to the
 *    dictionary too: "goverment" has the stem of "governess".  So an
 *    inflection stands when another form of it is there ("argued" beside
 *    "argues"), and a name however much more common another spelling of it
 *    is ("Zelensky" beside "Zelenskyy").
 *  - An apostrophe left out is put back first, at any length, into a stop
 *    word ("didnt", "ive") or a possessive ("thoreaus"); into another word
 *    held unless a more frequent one is a letter away ("whateer": "whatever",
 *    not "whate'er"); a word of the dictionary ("cant") only when its query
 *    found nothing and no paragraph holds its stem.
 *  - When the query found nothing, a word no paragraph holds that nothing
 *    below corrects may be a name misspelt (misspelt_name(): "irvin").
 *  - A word of fewer than SPELLING_MIN_CHARS characters is replaced only by
 *    the word of the index two of its adjacent letters, not the first,
 *    swapped make ("jial" -> "jail"), or one of its letters typed once, not
 *    twice ("oill" -> "oil"), and one of fewer than SWAP_MIN_CHARS
 *    never: most such strings are a word or a name one letter from several
 *    others.  Of the four-letter words of the dictionary that 411 Gutenberg
 *    essays lack, 91% were one edit from a word of theirs, 6% an inner swap
 *    from one.  The first letter stays: short words in capitals are often
 *    abbreviations ("DSS", "SNA" in CISI's queries: "SDS", "NSA").
 *  - Nor is a word of the English dictionary (Hunspell's en_US, the Debian
 *    package hunspell-en-us), as written, capitalised ("milan" as "Milan")
 *    or with a capital to each part ("O'Connell"), when the index holds
 *    English essays: a real word the index lacks is no typo, and replaced
 *    it is a word the user did not mean.
 *    Over the three test collections' queries, the index alone replaced 8
 *    typos ("compuyter"), 12 real words ("trust" -> "thrust"), a name and
 *    a number; with the dictionary, the typos and the name.  Without the
 *    dictionary installed, this rule is left out.
 *  - An unknown word is replaced by the word of the index two of its
 *    adjacent letters, not the first, swapped make, if there is one: the
 *    commonest slip of a typist; but a word of the essays' names one edit
 *    away that the paragraphs write as a name comes first ("darwn" is
 *    Darwin, not "drawn"), and a letter doubled in the wrong place is one
 *    edit ("tommorow").  Else by the word of the index's spelling
 *    data one edit away, the most frequent if several are, when a
 *    paragraph holds it with the query's other words (or the query has
 *    none).  When none does, or there is no such word, by the word one or
 *    two edits away (not two letters fewer) that the paragraphs best
 *    matching those words hold most often (the first CONTEXT_PARAGRAPHS),
 *    a word two edits away needing EDIT_ODDS times as many; in place of a
 *    frequent word, only one that goes with the other words: at least
 *    1/ASSOCIATED of the paragraphs holding it are among those, or
 *    ASSOCIATED or more are and the share of its paragraphs among them is
 *    EDIT_ODDS times the share of all paragraphs that they are.  "ichabod
 *    crain" is "ichabod crane", where "rain" and "brain" are in no
 *    paragraph with "ichabod", but "sleepy holow" stays "sleepy hollow",
 *    not "sleepy slow", and "a litle learning" is not "a title learning".
 *    When the other words together tell nothing (no paragraph holds them
 *    all, or none of those such a word), each alone is the context, and the
 *    word found with the most of them is taken: "cape cod wellfleet
 *    oysterman oister" is "oyster", not "sister" (found with none of them).
 *    By none if no word is that near.
 *    Xapian's spelling data finds a word by the groups of three letters it
 *    shares with the one typed, so it missed a swap near the
 *    start ("Geothe", "Wlide": no suggestion; "potery": none), and it
 *    prefers the more frequent of two words one edit away ("Conard" was
 *    searched as "coward", "Wlide" as "wide").
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
 *  - But in a query that found nothing, a name the index holds that no
 *    paragraph holds with the query's other words is replaced by a more
 *    frequent name one edit away, beginning alike, found with them and that
 *    goes with them, as above (found_in_its_place(): "edgar allen poe", Lord
 *    Allen's "allen", is "edgar allan poe"); the query as typed has nothing
 *    to show.  Not a word written small, nor a word of an essay's names:
 *    the hostile tests' "pigeons twain" became "pigeons tail", "isaiah
 *    poverty" "isaiah poetry", "satan darwin" "spean darwin".
 *
 *  - A word typed as a name (query.c says which) is replaced only by a name:
 *    a word that begins each of its parts with the same letter ("Kallas" is
 *    not "Pallas", "O'Connell" not "O'Donnell": typists know how a name
 *    begins) and that the index writes as a name, with a capital inside a
 *    sentence in more paragraphs than not (capitals.c: "Chesterten" ->
 *    "Chesterton"; "Guarantes" is no name).  Over
 *    411 Gutenberg essays, names of the dictionary they lack were one edit
 *    from a word of theirs beginning alike 19% of the time, from one they
 *    write as a name 8%, while 77% of one-edit typos of the names they write
 *    came back.  The name's frequency tells them apart no better: asking
 *    for 10 paragraphs brought back 8% of the typos and still replaced 6.5%
 *    of the absent names.  Else search.c only suggests it.
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
 * The query's other words change that.  Over 411 Gutenberg essays, a word
 * of 5 letters or more of a paragraph, typed with random edits between two
 * other words of the paragraph (600 queries of each kind, tests/RELEVANCE.md):
 * with one edit, 524 came back right and 32 were made another word by
 * frequency alone, 527 and 29 with the other words; with two, 63 and 53
 * before, 456 and 65 with them.  Of 588 words of other books that the
 * essays and the dictionary lack, typed between two words of a paragraph,
 * 36 were replaced before and 39 with the other words, mostly old forms
 * ("pleaseth" -> "pleased"); two letters fewer had replaced 10 more
 * ("mccain" -> "main"), hence not those.  Taking the context's likeliest
 * word before the frequent one, as first built, brought back 21 more typos
 * of one edit but replaced right ones ("a litle learning" -> "a title
 * learning", "irvng sketch book" -> "wrong sketch book").
 *
 * The words of an author: field are corrected apart (the query's
 * words are not authors): into the word of an author's name, one edit away
 * or, from 5 characters, two, the fewest edits first, then the one more
 * paragraphs hold (essay__spelling_correct_author()).
 *
 * Paragraph counts are Xapian term frequencies, so they cover every shard,
 * remote ones included; the spelling data covers the local shards only
 * (search.c says so in the results).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define SPELLING_MIN_CHARS 5    /* shorter words are replaced only by a swap of two letters */
#define SWAP_MIN_CHARS 4        /* shorter words are never replaced */
#define STOP_WORD_MAX 10        /* letters of the longest English stop word ("themselves") */
#define CONTEXT_WORD_MAX ESSAY_EDIT_CHARS_MAX /* longer words are not corrected in context */
#define CONTEXT_PARAGRAPHS 100  /* paragraphs of the query's other words read for a correction */
#define CONTEXT_EDITS 2         /* the most edits from the word typed to its correction in context */
#define EDIT_ODDS 10            /* a word two edits away needs ten times the paragraphs */
#define APART_MAX 6             /* the other words taken one at a time (found_apart()) */
#define TYPO_HELD_MAX 3         /* a word held in this many paragraphs or fewer may be a typo */
#define TYPO_ODDS 100           /* ... of a word one slip away held this many times as often */
#define ASSOCIATED 2            /* a word of the context in place of a frequent one: at least
                                   1/ASSOCIATED of its paragraphs are the context's, or
                                   ASSOCIATED of them and EDIT_ODDS times the share of all */

/* How many paragraphs hold the term 'term', or 'on_error' when that cannot
 * be read. */
static unsigned frequency(xc_db *db, const char *term, unsigned on_error)
{
    unsigned tf = 0;
    xc_error xe;
    return xc_db_termfreq(db, term, &tf, &xe) == 0 ? tf : on_error;
}

/* Whether a paragraph holds a word of stem 'stem', in its text or its
 * essay's title: its Z<stem> term, which every paragraph holding the word
 * as typed has too, or its S<stem> term.  On an error, yes: a word is left
 * alone when in doubt. */
static int indexed(xc_db *db, const char *stem)
{
    static const char *const prefixes[] = { ESSAY_PREFIX_STEM, ESSAY_PREFIX_TITLE };
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        char term[256];
        int n = snprintf(term, sizeof term, "%s%s", prefixes[i], stem);
        if (n < 0 || (size_t)n >= sizeof term || frequency(db, term, 1) > 0)
            return 1;
    }
    return 0;
}

/* Whether a paragraph holds 'word' as it is (its unprefixed term, which
 * =exact searches).  On an error, yes. */
static int held_exactly(xc_db *db, const char *word)
{
    return frequency(db, word, 1) > 0;
}

/* Whether the words a and b (folded) are one edit apart. */
static int one_edit_apart(const char *a, const char *b)
{
    utf8proc_int32_t ca[CONTEXT_WORD_MAX], cb[CONTEXT_WORD_MAX];
    size_t na = essay__utf8_code_points(a, strlen(a), ca, CONTEXT_WORD_MAX),
           nb = essay__utf8_code_points(b, strlen(b), cb, CONTEXT_WORD_MAX);
    return na != SIZE_MAX && nb != SIZE_MAX && essay__edits(ca, na, cb, nb, 1) <= 1;
}

/* Whether a paragraph of the index is in English (its L<english> term), so
 * that a query word is searched as English too.  On an error, yes: no
 * correction is made that may be a stop word. */
static int holds_english(xc_db *db)
{
    return frequency(db, ESSAY_PREFIX_LANG "english", 1) > 0;
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

/* Do 'word' and 'name' begin each of their parts (split at an apostrophe or
 * a hyphen: O'Connell) with the same letter?  Typists know how a name
 * begins: "Kallas" one letter from "Pallas" is another name. */
static int same_initials(const char *word, const char *name)
{
    const char *w = word, *m = name;
    while (*w != '\0' && *m != '\0') {
        if (*w != *m)
            return 0;           /* the first letters of a part */
        w += strcspn(w, "'-");
        m += strcspn(m, "'-");
        w += *w != '\0';
        m += *m != '\0';
    }
    return 1;
}

/* A word of the paragraphs the context finds, near the word typed. */
typedef struct {
    char *word;
    unsigned paragraphs;    /* of those the context finds, how many hold it */
    unsigned edits;         /* from the word typed: 1 or 2 */
} nearby;

typedef struct {
    const utf8proc_int32_t *typed;
    size_t n_typed;
    nearby *words;
    size_t n, cap;
    int nomem;
    unsigned read;          /* paragraphs of the context read */
} nearby_words;

/* Count 'term' of a paragraph the context finds when it is a word (no
 * prefix: its first byte no capital) CONTEXT_EDITS or fewer edits from the
 * word typed, and not that word. */
static int count_nearby(const char *term, size_t len, void *ctx)
{
    nearby_words *nw = ctx;
    utf8proc_int32_t cp[CONTEXT_WORD_MAX];
    if (len == 0 || (term[0] >= 'A' && term[0] <= 'Z') || len + CONTEXT_EDITS < nw->n_typed
        || len > (nw->n_typed + CONTEXT_EDITS) * 4)
        return 0;       /* a prefixed term, or too few or too many characters */
    size_t n = essay__utf8_code_points(term, len, cp, CONTEXT_WORD_MAX);
    unsigned e = n == SIZE_MAX ? CONTEXT_EDITS + 1
                               : essay__edits(nw->typed, nw->n_typed, cp, n, CONTEXT_EDITS);
    if (e == 0 || e > CONTEXT_EDITS || (e == 2 && n + 2 == nw->n_typed))
        return 0;       /* two letters typed too many: most often another word */
    for (size_t i = 0; i < nw->n; i++)
        if (strlen(nw->words[i].word) == len && memcmp(nw->words[i].word, term, len) == 0) {
            nw->words[i].paragraphs++;
            return 0;
        }
    if (nw->n == nw->cap) {
        size_t cap = nw->cap ? 2 * nw->cap : 8;
        nearby *v = realloc(nw->words, cap * sizeof *v);
        if (v == NULL)
            return nw->nomem = 1;
        nw->words = v;
        nw->cap = cap;
    }
    if ((nw->words[nw->n].word = strndup(term, len)) == NULL)
        return nw->nomem = 1;
    nw->words[nw->n].paragraphs = 1;
    nw->words[nw->n++].edits = e;
    return 0;
}

/* The words of the index near 'word' (folded) that the paragraphs best
 * matching 'context', the query's other words, hold: up to
 * CONTEXT_PARAGRAPHS of them, each word with how many hold it.  Empty on an
 * error. */
static nearby_words words_near_in_context(xc_db *db, const char *word, const xc_query *context,
                                          utf8proc_int32_t typed[CONTEXT_WORD_MAX])
{
    nearby_words nw = { .typed = typed };
    nw.n_typed = essay__utf8_code_points(word, strlen(word), typed, CONTEXT_WORD_MAX);
    if (nw.n_typed == SIZE_MAX)
        return nw;
    xc_error xe;
    xc_enquire *enq = xc_enquire_new(db, &xe);
    xc_mset *m = enq && xc_enquire_set_query(enq, context, &xe) == 0
                 ? xc_enquire_mset(enq, 0, CONTEXT_PARAGRAPHS, 0, &xe) : NULL;
    for (size_t i = 0; m != NULL && i < xc_mset_size(m) && !nw.nomem; i++, nw.read++)
        if (xc_db_each_doc_term(db, xc_mset_docid(m, i), count_nearby, &nw, &xe) != 0)
            break;
    xc_mset_free(m);
    xc_enquire_free(enq);
    return nw;
}

/* A word near the word typed, as the paragraphs of the query's other words
 * hold it (likeliest_in_context()). */
typedef struct {
    char *word;             /* malloc'd; NULL: none */
    unsigned with;          /* paragraphs of the context holding it */
    unsigned tf;            /* paragraphs of the index holding it */
    unsigned context;       /* paragraphs of the context read */
} word_in_context;

/* The word of the index one or two edits from 'word' that the paragraphs
 * the query's other words find ('context') hold most often, a second edit
 * counting as EDIT_ODDS times fewer paragraphs (the paragraphs of the index
 * holding it more often breaking ties): "crane" for "crain" beside
 * "ichabod".  Not an English stop word of an English index, and with
 * 'as_name' a word of the same initials (same_initials()).  Its word NULL
 * when the paragraphs hold no such word. */
static word_in_context likeliest_in_context(xc_db *db, const char *word, const xc_query *context,
                                            int as_name)
{
    utf8proc_int32_t typed[CONTEXT_WORD_MAX];
    nearby_words nw = words_near_in_context(db, word, context, typed);
    int english = nw.n > 0 && holds_english(db);
    nearby *best = NULL;
    unsigned best_score = 0, best_tf = 0;
    for (size_t i = 0; i < nw.n; i++) {
        nearby *w = &nw.words[i];
        unsigned score = w->paragraphs * (w->edits == 1 ? EDIT_ODDS : 1), f = 0;
        xc_error xe;
        if ((english && essay__english_stopword(w->word))
            || (as_name && !same_initials(word, w->word)) || score < best_score
            || xc_db_termfreq(db, w->word, &f, &xe) != 0
            || (score == best_score && f <= best_tf))
            continue;
        best = w;
        best_score = score;
        best_tf = f;
    }
    word_in_context chosen = { 0 };
    if (best != NULL && (chosen.word = strdup(best->word)) != NULL) {
        chosen.with = best->paragraphs;
        chosen.tf = best_tf;
        chosen.context = nw.read;
    }
    for (size_t i = 0; i < nw.n; i++)
        free(nw.words[i].word);
    free(nw.words);
    return chosen;
}

/* How many paragraphs hold the word 'word' (its unprefixed term) and match
 * 'q', exact below 'at_least' (xc_db_count_matches()); UINT_MAX on an
 * error. */
static unsigned held_matching(xc_db *db, const char *word, const xc_query *q, unsigned at_least)
{
    xc_error xe;
    xc_query *term = xc_query_term(word, strlen(word), 1, 0, &xe), *both = NULL;
    if (term != NULL) {
        xc_query *const pair[2] = { term, (xc_query *)q };
        both = xc_query_combine(XC_OP_AND, pair, 2, 0, &xe);
    }
    unsigned n = 0;
    if (both == NULL || xc_db_count_matches(db, both, at_least, &n, &xe) != 0)
        n = UINT_MAX;
    xc_query_free(both);
    xc_query_free(term);
    return n;
}

/* Does a paragraph hold the word 'candidate' (its unprefixed term) and
 * match 'context'?  On an error, yes: the correction stands as it is. */
static int held_with(xc_db *db, const char *candidate, const xc_query *context)
{
    return held_matching(db, candidate, context, 1) > 0;
}

/* Whether every one of the 'held' paragraphs holding 'word' as typed is in
 * English (its L<english> term).  On an error, no. */
static int held_in_english(xc_db *db, const char *word, unsigned held)
{
    xc_error xe;
    xc_query *english = xc_query_term(ESSAY_PREFIX_LANG "english",
                                      strlen(ESSAY_PREFIX_LANG "english"), 1, 0, &xe);
    int all = english != NULL && held_matching(db, word, english, held + 1) == held;
    xc_query_free(english);
    return all;
}

/* Whether 'word' stands as typed in an English index, whatever the index
 * holds near it: a word of the dictionary, or one edit from a stop word
 * (most likely that word mistyped). */
static int stands_as_typed(xc_db *db, essay_dictionary *dict, const char *word)
{
    return holds_english(db) && (near_stop_word(word) || essay__in_dictionary(dict, word));
}

/* The word found with 'word''s query's other words ('context'): 'frequent', the most frequent
 * word one edit away (or NULL), when a paragraph holds it with them; else the likeliest word
 * near it in the paragraphs they find (likeliest_in_context()), but in place of 'frequent', or
 * with 'apart' (one of the words alone: found_apart()) of none, only when it goes with the
 * other words: at least 1/ASSOCIATED of the paragraphs holding it are among those ("horse"
 * beside "trade"), or ASSOCIATED or more are and its share of them is EDIT_ODDS times the
 * share of all paragraphs that those are ("crane" beside "ichabod", in 7 of its 23
 * paragraphs, which are 30 of the index's 31,376).  Not a word that happens to be there
 * ("title" beside "learning dangerous thing", for "litle": 1 of its 202).  NULL when none
 * is found with them; malloc'd. */
static char *found_with(xc_db *db, const char *word, const xc_query *context, int as_name,
                        const char *frequent, int apart)
{
    if (frequent != NULL && held_with(db, frequent, context))
        return strdup(frequent);
    word_in_context near = likeliest_in_context(db, word, context, as_name);
    unsigned paragraphs = 0;
    xc_error xe;
    int goes_with = near.word != NULL
                    && ((unsigned long)near.with * ASSOCIATED >= near.tf
                        || (near.with >= ASSOCIATED && xc_db_doccount(db, &paragraphs, &xe) == 0
                            && (unsigned long long)near.with * paragraphs
                               >= (unsigned long long)EDIT_ODDS * near.tf * near.context));
    if ((frequent != NULL || apart) && !goes_with) {
        free(near.word);
        return NULL;
    }
    return near.word;
}

/* The word found with the most of 'word''s query's other words ('context',
 * their AND) taken one at a time, the first APART_MAX (all of a page pasted
 * took 17 s), 'frequent' on a tie; NULL when none is: when together they
 * find none ("oister" beside "cape cod wellfleet oysterman", which one list
 * holds together, is "oyster", found with "wellfleet" and "oysterman", not
 * "sister", found with none of them).  Malloc'd. */
static char *found_apart(xc_db *db, const char *word, const xc_query *context, int as_name,
                         const char *frequent)
{
    size_t n = xc_query_n_parts(context), best, best_votes = 0;
    if (n > APART_MAX)
        n = APART_MAX;
    best = n;
    char **found = n > 0 ? calloc(n, sizeof *found) : NULL;
    for (size_t i = 0; found != NULL && i < n; i++) {
        xc_error xe;
        xc_query *alone = xc_query_part(context, i, &xe);
        found[i] = alone ? found_with(db, word, alone, as_name, frequent, 1) : NULL;
        xc_query_free(alone);
    }
    for (size_t i = 0; found != NULL && i < n; i++) {
        size_t votes = 0;
        for (size_t j = 0; found[i] != NULL && j < n; j++)
            votes += found[j] != NULL && strcmp(found[i], found[j]) == 0;
        if (votes > best_votes || (votes > 0 && votes == best_votes && frequent != NULL
                                   && strcmp(found[i], frequent) == 0)) {
            best = i;
            best_votes = votes;
        }
    }
    char *fixed = best < n ? strdup(found[best]) : NULL;
    for (size_t i = 0; found != NULL && i < n; i++)
        free(found[i]);
    free(found);
    return fixed;
}

/* The correction of 'word' among its query's other words ('context'): the word found with
 * them all (found_with()), else with the most of them apart (found_apart()), else
 * 'frequent'.  Takes 'frequent' over; malloc'd. */
static char *correct_in_context(xc_db *db, const char *word, const xc_query *context,
                                int as_name, char *frequent)
{
    char *found = found_with(db, word, context, as_name, frequent, 0);
    if (found == NULL)
        found = found_apart(db, word, context, as_name, frequent);
    if (found == NULL)
        return frequent;
    free(frequent);
    return found;
}

/* Is 'word' (folded, as the index holds it) a name to the index: a word
 * no paragraph holds (the names of essays aside: essays.c), or one its
 * paragraphs write as a name (essay__written_as_name())?  On an
 * error, no. */
static int is_name(xc_db *db, const char *word)
{
    return frequency(db, word, 1) == 0 || essay__written_as_name(db, word, 1);
}

int essay__spelling_one_is_name(xc_db *db, char *words)
{
    int name = 0;
    char *save = NULL;
    for (char *w = strtok_r(words, " ", &save); w != NULL && !name; w = strtok_r(NULL, " ", &save))
        name = is_name(db, w);
    return name;
}

/* essay__nearest_name_word() of 'word' (folded): one edit away or, from
 * SPELLING_MIN_CHARS characters, two; none under SWAP_MIN_CHARS. */
static char *nearest_name_word(xc_db *db, const char *word, int file_names)
{
    size_t n = essay__utf8_chars(word, strlen(word));
    return n < SWAP_MIN_CHARS ? NULL
           : essay__nearest_name_word(db, word, n < SPELLING_MIN_CHARS ? 1 : CONTEXT_EDITS,
                                      file_names);
}

char *essay__spelling_correct_author(xc_db *db, const char *word)
{
    char term[256];
    int len = snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_AUTHOR, word);
    if (len < 0 || (size_t)len >= sizeof term || frequency(db, term, 1) > 0)
        return NULL;
    return nearest_name_word(db, word, 0);
}

/* Whether a paragraph holds 'word' as it is, or it is a word of an author's
 * name or of a file name.  On an error, no. */
static int held_or_name(xc_db *db, const char *word)
{
    return held_exactly(db, word) || essay__in_names(db, word);
}

/* 'word' (folded) with an apostrophe put back: where it makes an English
 * stop word ("didnt" -> "didn't", "ive" -> "i've") or a word a paragraph
 * holds, or, before a final s, the possessive of a word a paragraph holds
 * or of a name's, an author's or a file name's ("thoreaus" -> "thoreau's").
 * NULL when none does. */
static char *apostrophe_put_back(xc_db *db, const char *word)
{
    size_t n = strlen(word);
    char edit[256];
    if (n + 2 > sizeof edit || strchr(word, '\'') != NULL)
        return NULL;
    for (size_t i = 1; i < n; i++) {
        if ((word[i - 1] & 0x80) || (word[i] & 0x80))
            continue;       /* not between two characters of ASCII */
        memcpy(edit, word, i);
        edit[i] = '\'';
        memcpy(edit + i + 1, word + i, n - i + 1);
        char *base = i + 1 == n && word[i] == 's' ? strndup(word, i) : NULL;
        int possessive = base != NULL && held_or_name(db, base);
        free(base);
        if (essay__english_stopword(edit) || held_exactly(db, edit) || possessive)
            return strdup(edit);
    }
    return NULL;
}

/* The word of the spelling data Xapian suggests for a word: the nearest,
 * then the most frequent.  A correction by letters takes one edit and a
 * misspelt name two (CONTEXT_EDITS), and the one search of the data (a
 * millisecond, the same for either) serves both: the nearest word within
 * one edit is the suggestion within two when that is one edit away, and
 * none else.  (Words too long for essay__edits() ask again.)  A letter
 * doubled in the wrong place counts as one edit (same_but_doubled()). */
typedef struct {
    int asked;
    char *word;             /* NULL: none */
    unsigned edits;         /* from the word typed to it; UINT_MAX: not counted */
} suggestion;

/* Whether the code points a[0..na) and b[0..nb) are the same word but for
 * which letters are doubled: a letter doubled in the wrong place
 * ("tommorow": "tomorrow") is one slip of the speller, not two. */
static int same_but_doubled(const utf8proc_int32_t *a, size_t na, const utf8proc_int32_t *b,
                            size_t nb)
{
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i] != b[j])
            return 0;
        utf8proc_int32_t c = a[i];
        while (i < na && a[i] == c)
            i++;
        while (j < nb && b[j] == c)
            j++;
    }
    return i == na && j == nb;
}

/* The suggestion for 'word' at most 'max_edits' (up to CONTEXT_EDITS)
 * edits away into *out (malloc'd; NULL: none), asked of 'db' the first
 * time and kept in 'sg'.  0, or -1 on an error. */
static int suggested(xc_db *db, suggestion *sg, const char *word, unsigned max_edits, char **out)
{
    xc_error xe;
    *out = NULL;
    if (!sg->asked) {
        if (xc_db_spelling(db, word, CONTEXT_EDITS, &sg->word, &xe) != 0)
            return -1;
        sg->asked = 1;
        utf8proc_int32_t a[CONTEXT_WORD_MAX], b[CONTEXT_WORD_MAX];
        size_t na = essay__utf8_code_points(word, strlen(word), a, CONTEXT_WORD_MAX);
        size_t nb = sg->word ? essay__utf8_code_points(sg->word, strlen(sg->word), b,
                                                       CONTEXT_WORD_MAX) : SIZE_MAX;
        sg->edits = na == SIZE_MAX || nb == SIZE_MAX ? UINT_MAX
                                                      : essay__edits(a, na, b, nb, CONTEXT_EDITS);
        if (sg->edits == 2 && same_but_doubled(a, na, b, nb))
            sg->edits = 1;
    }
    if (sg->word == NULL)
        return 0;
    if (sg->edits == UINT_MAX && max_edits < CONTEXT_EDITS)
        return xc_db_spelling(db, word, max_edits, out, &xe) != 0 ? -1 : 0;
    if ((sg->edits <= max_edits || sg->edits == UINT_MAX) && (*out = strdup(sg->word)) == NULL)
        return -1;
    return 0;
}

/* The name 'word' (folded), a word of a query that found nothing, most
 * likely is: the nearest word of an author's name or of a file name
 * (nearest_name_word(): "irvin" -> "irving"; of a word of the dictionary,
 * only one edit away), else, from SPELLING_MIN_CHARS
 * characters and for a word the dictionary lacks ("radon" is no "Rawdon"),
 * the most frequent word of the spelling data two edits away or fewer that
 * begins alike and that the paragraphs write as a name ("emmersen" ->
 * "emerson").  With 'as_name', only one that begins each part alike; never
 * an English stop word of an English index (in a file name).  Or NULL. */
static char *misspelt_name(xc_db *db, essay_dictionary *dict, const char *word, int as_name,
                           suggestion *sg)
{
    char *best = nearest_name_word(db, word, 1);
    /* a word of the dictionary is a real word: a name one slip from it may
       be what it misspells ("laurence": Lawrence), not one two slips away
       ("laser" is no "lesser", of Plato's Lesser Hippias; the dictionary last: 25 ms) */
    if (best != NULL && !one_edit_apart(word, best) && essay__in_dictionary(dict, word)) {
        free(best);
        return NULL;
    }
    if (best == NULL && essay__utf8_chars(word, strlen(word)) >= SPELLING_MIN_CHARS
        && (suggested(db, sg, word, CONTEXT_EDITS, &best) != 0
            || (best != NULL && (!same_initials(word, best)
                                 || !essay__written_as_name(db, best, 1)
                                 || essay__in_dictionary(dict, word))))) {
        free(best);
        best = NULL;
    }
    if (best != NULL && ((as_name && !same_initials(word, best))
                         || (holds_english(db) && essay__english_stopword(best)))) {
        free(best);
        best = NULL;
    }
    return best;
}

/* Whether 'word' is a word of the index: its stem held ('stem_held':
 * indexed(), read once by the caller), and in an English index with the dictionary installed, the
 * word held as it is or known to the dictionary too ("argued" beside "argues"
 * is; "goverment", stem "gover" of "governess", is not; loaded last: 25 ms). */
static int known(xc_db *db, essay_dictionary *dict, const char *word, int stem_held)
{
    return stem_held
           && (!holds_english(db) || held_exactly(db, word) || !essay__dictionary_installed(dict)
               || essay__in_dictionary(dict, word));
}

/* The word one slip from 'word' (folded; 'stem' its stem) that 'word' most
 * likely misspells though the index holds it: every form of its stem is in
 * TYPO_HELD_MAX paragraphs or fewer, the word one edit away the spelling
 * data suggests is in TYPO_ODDS times as many, the paragraphs do not write
 * 'word' as a name, and the dictionary does not know it ("seperate", in one
 * paragraph, is "separate", in 2,930; "Zelensky" beside ten "Zelenskyy"
 * stands).  Only of a word of English paragraphs alone, with the
 * dictionary installed: without it, or in another language ("cheveux"
 * beside "chevaux"), nothing tells a rare word from a typo.  NULL when it
 * is none. */
static char *rare_typo(xc_db *db, essay_dictionary *dict, const char *word, const char *stem,
                       suggestion *sg)
{
    char term[256];
    int len = snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_STEM, stem);
    char *best = NULL;
    /* only where the dictionary can say a rare word is a real one: an
       index of English essays with it installed; the cheap tests first
       (the spelling data takes a millisecond, the dictionary 25) */
    if (len < 0 || (size_t)len >= sizeof term || !holds_english(db)
        || frequency(db, term, UINT_MAX) > TYPO_HELD_MAX
        || essay__utf8_chars(word, strlen(word)) < SPELLING_MIN_CHARS
        || essay__written_as_name(db, word, 1)
        || suggested(db, sg, word, 1, &best) != 0 || best == NULL)
        return NULL;
    unsigned typed = frequency(db, word, UINT_MAX);
    if ((typed != UINT_MAX && frequency(db, best, 0) / TYPO_ODDS < (typed > 0 ? typed : 1))
        || typed == UINT_MAX || essay__english_stopword(best) || !held_in_english(db, word, typed)
        || !essay__dictionary_installed(dict) || essay__in_dictionary(dict, word)) {
        free(best);
        return NULL;
    }
    return best;
}

/* The correction of 'word' by letters (essay__spelling_correct()); NULL: none. */
static char *corrected_by_letters(xc_db *db, essay_dictionary *dict, const char *word,
                                  int as_name, const xc_query *context, suggestion *sg)
{
    size_t n = essay__utf8_chars(word, strlen(word));
    if (n < SWAP_MIN_CHARS)
        return NULL;
    char *best = essay__slip_undone(db, word, ESSAY_SLIP_SWAPPED);
    /* a letter typed twice: where the spelling data does not serve */
    if (best == NULL && n < SPELLING_MIN_CHARS)
        best = essay__slip_undone(db, word, ESSAY_SLIP_DOUBLED);
    /* a word of the essays' names one edit away, written as a name, before
       a swap: "darwn" is Darwin, of a hundred file names, not "drawn" */
    char *name = best != NULL && n >= SPELLING_MIN_CHARS ? nearest_name_word(db, word, 1) : NULL;
    if (name != NULL && one_edit_apart(word, name) && essay__written_as_name(db, name, 1)) {
        free(best);
        best = name;
    } else {
        free(name);
    }
    if (best == NULL && n >= SPELLING_MIN_CHARS) {
        if (suggested(db, sg, word, 1, &best) != 0)
            return NULL;
        /* a word one edit from a stop word stands (below): no need to read
           the paragraphs of the context for it */
        if (context != NULL && !(holds_english(db) && near_stop_word(word)))
            best = correct_in_context(db, word, context, as_name, best);
    }
    if (best != NULL && as_name && !same_initials(word, best)) {
        free(best);
        best = NULL;
    }
    /* the dictionary last but for names: loading it takes some 20 ms, which
       a word with no correction to make need not pay */
    if (best != NULL
        && ((holds_english(db) && essay__english_stopword(best))
            || stands_as_typed(db, dict, word))) {
        free(best);
        best = NULL;
    }
    if (best != NULL && as_name && !essay__written_as_name(db, best, 1)) {
        free(best);
        best = NULL;
    }
    return best;
}

/* A name the index holds, of a query that found nothing: the name one edit
 * from it found with the query's other words ('context') in its place,
 * when it goes with them (found_with()), begins as it does, is more
 * frequent, and no paragraph holds the name typed with them: "edgar allen
 * poe", whose "allen" is Lord Allen's and Barbara Allen's (33 paragraphs;
 * "allan" 49), is "edgar allan poe"; "satan darwin" is no "spean darwin"
 * (Glen Spean's 2), nor "hegel thoreau" "helen thoreau".  Not a word the
 * paragraphs write small ("isaiah poverty" is no "isaiah poetry"), nor one
 * that names essays ("pigeons twain" no "pigeons tail"), nor into a word
 * written small ("caddy" is no "carry"), nor of a query of one word.
 * NULL when none is; malloc'd. */
static char *found_in_its_place(xc_db *db, const char *word, const xc_query *context)
{
    if (context == NULL || essay__utf8_chars(word, strlen(word)) < SPELLING_MIN_CHARS
        || !essay__written_as_name(db, word, 1) || held_with(db, word, context)
        || essay__in_names(db, word))
        return NULL;
    char *best = found_with(db, word, context, 1, NULL, 1);
    if (best != NULL && (!same_initials(word, best) || !one_edit_apart(word, best)
                         || frequency(db, best, 0) <= frequency(db, word, UINT_MAX)
                         || !essay__written_as_name(db, best, 1))) {
        free(best);
        best = NULL;
    }
    return best;
}

char *essay__spelling_correct(xc_db *db, essay_dictionary *dict, const char *word,
                              const char *stem, int as_name, const xc_query *context,
                              int found_nothing)
{
    int stem_held = indexed(db, stem);
    if (known(db, dict, word, stem_held)) {
        suggestion sg = { 0 };
        char *typo = as_name ? NULL : rare_typo(db, dict, word, stem, &sg);
        free(sg.word);
        if (typo != NULL || !found_nothing)
            return typo;
        return found_in_its_place(db, word, context);
    }
    /* an apostrophe put back: not in a name; in a dictionary word, n't where nothing matched */
    char *put = holds_english(db) && !as_name ? apostrophe_put_back(db, word) : NULL;
    if (put != NULL && essay__in_dictionary(dict, word) && !(found_nothing && !stem_held
                                                      && strstr(put, "n't") != NULL)) {
        free(put);
        put = NULL;
    }
    if (put != NULL && (essay__english_stopword(put) || strcmp(put + strlen(put) - 2, "'s") == 0))
        return put;     /* a contraction, or a possessive */
    suggestion sg = { 0 };
    char *best = corrected_by_letters(db, dict, word, as_name, context, &sg);
    /* another word ("whate'er") unless one by letters is more frequent ("whatever") */
    if (put != NULL
        && (best == NULL || frequency(db, best, 0) <= frequency(db, put, 0))) {
        free(best);
        best = put;
    } else {
        free(put);
        /* a query that found nothing: a word no paragraph holds, of the
           dictionary or not, may be a name misspelt ("irvin": Irving) */
        if (best == NULL && found_nothing && !stem_held
            && !(holds_english(db) && near_stop_word(word)))
            best = misspelt_name(db, dict, word, as_name, &sg);
    }
    free(sg.word);
    return best;
}
