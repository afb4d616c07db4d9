/* copies.c -- a passage reprinted in several essays: a paragraph's
 * content hash and its copy key.
 *
 * The content hash is essay__hash64() (FNV-1a) of the stems of the
 * paragraph's own words in order, each followed by a space, the headings
 * over it (each ended by "\n" at the top of its text, essayfile.c) left
 * out, gathered token by token as the text is analysed: so case,
 * punctuation, spacing, line breaks, accents and inflections do not change
 * it.  An anchor shows its low 32 bits (cite.c).  The indexer (index.c)
 * stores it whole as the paragraph's copy key, 8 bytes big-endian in
 * ESSAY_SLOT_COPY and as an ESSAY_PREFIX_COPY term of 16 hex digits, for a
 * paragraph of at least ESSAY_COPY_MIN_WORDS words that is no bare heading;
 * the search (tiers.c) collapses on the slot, so that a passage is listed
 * once, and counts a hit's copies by the term's frequency.  A bare heading
 * is ranked after text (tiers.c), and each tier collapses its own hits: a
 * copy of a paragraph of text that the end of another essay leaves bare
 * would be listed a second time there.
 */
#include <string.h>
#include "private.h"

size_t essay__paragraph_body(const char *text, size_t len)
{
    const char *heading_end = len ? memrchr(text, '\n', len) : NULL;
    return heading_end ? (size_t)(heading_end + 1 - text) : 0;
}

void essay__content_hash_start(essay_content_hash *c, size_t body)
{
    c->body = body;
    c->hash = essay__hash64(NULL, 0);
    c->words = 0;
}

void essay__content_hash_add(essay_content_hash *c, const essay_token *t)
{
    if (t->start < c->body)
        return;
    c->hash = essay__hash64_more(essay__hash64_more(c->hash, t->stem, t->stem_len), " ", 1);
    c->words += !(t->flags & ESSAY_TOKEN_WHOLE);
}

int essay__copy_term(const char *value, size_t len, char term[18])
{
    if (len != 8)
        return 0;
    term[0] = ESSAY_PREFIX_COPY[0];
    for (size_t i = 0; i < 8; i++) {
        term[1 + 2 * i] = "0123456789abcdef"[(unsigned char)value[i] >> 4];
        term[2 + 2 * i] = "0123456789abcdef"[(unsigned char)value[i] & 0xf];
    }
    term[17] = '\0';
    return 1;
}

int essay__copy_key(const essay_content_hash *c, unsigned char key[8], char term[18])
{
    if (c->words < ESSAY_COPY_MIN_WORDS)
        return 0;
    for (int i = 0; i < 8; i++)
        key[i] = (unsigned char)(c->hash >> (56 - 8 * i));
    return essay__copy_term((const char *)key, 8, term);
}
