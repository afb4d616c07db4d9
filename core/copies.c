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
 *
 * The collapse reads the key of each match, and most paragraphs have no
 * copy.  So a paragraph that has one carries its key a second time, in
 * ESSAY_SLOT_COPIED, which a database of few such values reads cheaply.
 * A rebuild gives it to every paragraph with a copy when all are written
 * (essay__copies_key_rebuilt(); the parts of one, which do not see each
 * other's, before their merge: essay__copies_key_parts()),
 * and marks the database ESSAY_META_COPIES; each paragraph added to a
 * database readers see (essay__copies_add(), index.c, and a delta's folded
 * into the main database, delta.c) keeps it so.  The search collapses on
 * ESSAY_SLOT_COPIED where it searches one such database alone (open.c), and
 * on ESSAY_SLOT_COPY over several (shards, an index and its delta: each
 * keys its own copies only) or an index made before.
 */
#include <stdlib.h>
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

/* The copy key of the hash 'hash': its 8 bytes, big-endian. */
static void key_bytes(uint64_t hash, unsigned char key[8])
{
    for (int i = 0; i < 8; i++)
        key[i] = (unsigned char)(hash >> (56 - 8 * i));
}

int essay__copy_key(const essay_content_hash *c, unsigned char key[8], char term[18])
{
    if (c->words < ESSAY_COPY_MIN_WORDS)
        return 0;
    key_bytes(c->hash, key);
    return essay__copy_term((const char *)key, 8, term);
}

int essay__copies_add(xc_wdb *wdb, const xc_doc *doc, int later, xc_error *xe)
{
    size_t len;
    const char *key = xc_doc_value(doc, ESSAY_SLOT_COPY, &len);
    char term[18];
    unsigned held = 0;
    xc_docid added;
    int keyed = !later && essay__copy_term(key, len, term);
    if ((keyed && xc_wdb_termfreq(wdb, term, &held, xe) != 0)
        || xc_wdb_add(wdb, doc, &added, xe) != 0)
        return -1;
    /* a copy of a paragraph without one till now keys both; of those that
       had one, the new one alone */
    if (held == 1)
        return xc_wdb_set_value_where(wdb, term, ESSAY_SLOT_COPIED, key, len, NULL, xe);
    return held > 1 ? xc_wdb_set_value(wdb, added, ESSAY_SLOT_COPIED, key, len, xe) : 0;
}

/* The copy terms of a database held by more than one paragraph. */
typedef struct {
    char (*terms)[18];
    size_t n, cap;
    int failed;
} copy_terms;

static int add_if_copied(const char *term, size_t len, unsigned termfreq, void *ctx)
{
    copy_terms *l = ctx;
    if (termfreq < 2 || len != 17)
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        char (*more)[18] = realloc(l->terms, cap * sizeof *more);
        if (more == NULL)
            return l->failed = 1;
        l->terms = more;
        l->cap = cap;
    }
    memcpy(l->terms[l->n], term, 17);
    l->terms[l->n++][17] = '\0';
    return 0;
}

/* Give ESSAY_SLOT_COPIED to the paragraphs of 'wdb' holding l's terms. */
static int key_copies(xc_wdb *wdb, const copy_terms *l, xc_error *xe)
{
    for (size_t i = 0; i < l->n; i++) {
        unsigned char key[8];   /* the key the term spells (essay__copy_term()) */
        key_bytes(strtoull(l->terms[i] + 1, NULL, 16), key);
        if (xc_wdb_set_value_where(wdb, l->terms[i], ESSAY_SLOT_COPIED, (const char *)key,
                                   sizeof key, NULL, xe) != 0)
            return -1;
    }
    return 0;
}

int essay__copies_key_rebuilt(xc_wdb *wdb, int merged, xc_error *xe)
{
    /* the terms listed first: a database changed is no place to go on
       reading its terms */
    copy_terms l = { 0 };
    int rc = merged ? 0 : xc_wdb_each_term(wdb, ESSAY_PREFIX_COPY, add_if_copied, &l, xe);
    if (rc == 0 && l.failed)
        rc = xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    if (rc == 0)
        rc = key_copies(wdb, &l, xe);
    free(l.terms);
    return rc == 0 ? xc_wdb_set_metadata(wdb, ESSAY_META_COPIES, ESSAY_COPIES_KEYED,
                                         strlen(ESSAY_COPIES_KEYED), xe)
                   : -1;
}

int essay__copies_key_parts(const char *const *paths, size_t n, xc_error *xe)
{
    copy_terms l = { 0 };
    xc_db *all = xc_db_new(xe);
    int rc = all == NULL ? -1 : 0;
    for (size_t k = 0; rc == 0 && k < n; k++)
        rc = xc_db_add(all, paths[k], xe);
    if (rc == 0)
        rc = xc_db_each_term(all, ESSAY_PREFIX_COPY, add_if_copied, &l, xe);
    xc_db_close(all);
    if (rc == 0 && l.failed)
        rc = xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    for (size_t k = 0; rc == 0 && k < n; k++) {
        xc_wdb *part = xc_wdb_open(paths[k], XC_NO_SYNC, xe);
        rc = part == NULL ? -1 : key_copies(part, &l, xe);
        if (rc == 0)
            rc = xc_wdb_close(part, xe);
        else
            xc_wdb_abandon(part);
    }
    free(l.terms);
    return rc;
}
