/* capitals.c -- how the paragraphs write a word, kept in the index, so that a
 * query can tell a name from a word.
 *
 * "Wilde" is a name and "wild" a word; a query that types "wilde" or
 * "white" means one or the other, and only the text tells which: a name is
 * written with a capital inside a sentence, a word with a small letter.  (A
 * capital that begins a sentence says nothing.)  So the indexer notes, for
 * each paragraph, the words the analyzer saw written with a capital
 * (essay__capitals_note(), ESSAY_TOKEN_CAPITAL), and once the paragraph's
 * words are in its document adds (essay__capitals_add()), for each such word
 * (folded, unstemmed, of two bytes or more):
 *
 *   C<word> (ESSAY_PREFIX_CAPITALS) when the paragraph writes it only with
 *           a capital, at least once inside a sentence: there it names
 *           something;
 *   B<word> (ESSAY_PREFIX_OPENING) when it writes it only with a capital at
 *           the beginning of sentences: there it says nothing either way.
 *
 * A paragraph that writes the word with a small letter anywhere has
 * neither.  Both are boolean terms: no weight, and no part of a paragraph's
 * length, so ranking is the same with them or without.  The paragraphs that
 * write a word as a word are then the word's term frequency less its C and B
 * ones, and essay__written_as_name() compares three term frequencies: the
 * same answer for one index and for its shards, whatever order the
 * paragraphs were written in, and nothing read but the term statistics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define NOTE_INSIDE     'i'     /* a note's first byte: the capital is inside a sentence */
#define NOTE_OPENING    'o'     /* ... it begins a sentence */

int essay__capitals_note(essay_capitals *c, const essay_token *tok)
{
    if (tok->term_len < 2 || (tok->flags & ESSAY_TOKEN_WHOLE)
        || !(tok->flags & ESSAY_TOKEN_CAPITAL))
        return 0;
    size_t need = tok->term_len + 2;
    if (c->used + need > c->size) {
        size_t size = c->size ? c->size : 256;
        while (size < c->used + need)
            size *= 2;
        char *bytes = realloc(c->bytes, size);
        if (bytes == NULL)
            return -1;
        c->bytes = bytes;
        c->size = size;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        size_t *notes = realloc(c->notes, cap * sizeof *notes);
        if (notes == NULL)
            return -1;
        c->notes = notes;
        c->cap = cap;
    }
    c->notes[c->n++] = c->used;
    c->bytes[c->used] = tok->flags & ESSAY_TOKEN_SENTENCE_START ? NOTE_OPENING : NOTE_INSIDE;
    memcpy(c->bytes + c->used + 1, tok->term, tok->term_len);
    c->bytes[c->used + 1 + tok->term_len] = '\0';
    c->used += need;
    return 0;
}

/* qsort_r's order of the notes (offsets into 'bytes'): by word, the note's
 * bytes after its first. */
static int by_word(const void *a, const void *b, void *bytes)
{
    const char *notes = bytes;
    return strcmp(notes + *(const size_t *)a + 1, notes + *(const size_t *)b + 1);
}

int essay__capitals_add(essay_capitals *c, xc_doc *doc, xc_error *xe)
{
    if (c->n == 0)
        return 0;
    qsort_r(c->notes, c->n, sizeof *c->notes, by_word, c->bytes);
    for (size_t i = 0, next; i < c->n; i = next) {
        const char *word = c->bytes + c->notes[i] + 1;
        unsigned capitals = 0, wdf = 0;
        int inside = 0;
        for (next = i; next < c->n && strcmp(c->bytes + c->notes[next] + 1, word) == 0; next++) {
            capitals++;
            inside |= c->bytes[c->notes[next]] == NOTE_INSIDE;
        }
        if (xc_doc_term_wdf(doc, word, strlen(word), &wdf, xe) != 0)
            return -1;
        if (wdf == capitals     /* no occurrence with a small letter */
            && essay__add_filter_term(doc, inside ? ESSAY_PREFIX_CAPITALS : ESSAY_PREFIX_OPENING,
                                      word, strlen(word), xe) != 0)
            return -1;
    }
    c->n = c->used = 0;
    return 0;
}

void essay__capitals_free(essay_capitals *c)
{
    free(c->bytes);
    free(c->notes);
    *c = (essay_capitals){ 0 };
}

/* The term frequency of 'prefix' and 'word' in 'db' into *freq. */
static int frequency(xc_db *db, const char *prefix, const char *word, unsigned *freq)
{
    xc_error xe;
    char term[2 + 256];
    int n = snprintf(term, sizeof term, "%s%s", prefix, word);
    if (n < 0 || (size_t)n >= sizeof term)
        return -1;
    return xc_db_termfreq(db, term, freq, &xe);
}

int essay__written_as_name(xc_db *db, const char *word, unsigned times)
{
    unsigned all, named, opening;
    if (frequency(db, "", word, &all) != 0
        || frequency(db, ESSAY_PREFIX_CAPITALS, word, &named) != 0
        || frequency(db, ESSAY_PREFIX_OPENING, word, &opening) != 0)
        return 0;
    unsigned as_word = all > named + opening ? all - named - opening : 0;
    return named > times * as_word;
}
