/* context.c -- the paragraphs beside a hit (essay-search --context): read by
 * their unique terms, Q<essay id>:<paragraph>, kept with the hit, and let go
 * of with it (essay__context_clear()).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

/* Free the context read for 'h', if any. */
void essay__context_clear(stored_hit *h)
{
    for (size_t i = 0; i < h->n_before + h->n_after; i++)
        free((char *)h->context[i].text);
    free(h->context);
    h->context = NULL;
    h->n_before = h->n_after = 0;
    h->has_context = 0;
}

/* Read paragraph 'paragraph' of essay 'id' into *out (its text malloc'd), by
 * its unique term.  Returns 0, 1 when the essay has no such paragraph, or -1
 * on an error in 'xe'. */
static int read_paragraph(essay_searcher *s, const char *id, unsigned paragraph,
                          essay_neighbour *out, xc_error *xe)
{
    char term[ESSAY_UNIQUE_TERM_MAX];
    snprintf(term, sizeof term, "%s%s:%u", ESSAY_PREFIX_UNIQUE, id, paragraph);
    xc_docid docid;
    if (xc_db_term_docid(s->db, term, &docid, xe) != 0)
        return -1;
    if (docid == 0)
        return 1;
    xc_doc *doc = xc_db_get_document(s->db, docid, xe);
    if (doc == NULL)
        return -1;
    size_t len;
    const char *data = xc_doc_data(doc, &len);
    essay_docdata d;
    int rc = 1;
    if (essay__docdata_unpack(data, len, &d) == 0) {
        out->line = d.line;
        out->paragraph = d.paragraph;
        out->text = strndup(d.text, d.text_len);
        rc = out->text ? 0 : -1;
        if (rc != 0)
            xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    }
    xc_doc_free(doc);
    return rc;
}

/* The paragraphs first..last of the hit's essay that it holds, appended to
 * h->context (room for them made as they come); how many, or -1 on an error
 * in 'xe'.  'stop': the first paragraph missing ends the run (past the
 * essay's end). */
static long read_paragraphs(essay_searcher *s, stored_hit *h, const char *id, unsigned first,
                            unsigned last, int stop, xc_error *xe)
{
    long n = 0;
    for (unsigned k = first; k <= last && k != 0; k++) {
        size_t used = h->n_before + h->n_after + (size_t)n;
        essay_neighbour *grown = realloc(h->context, (used + 1) * sizeof *grown);
        if (grown == NULL) {
            xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
            return -1;
        }
        h->context = grown;
        int rc = read_paragraph(s, id, k, &grown[used], xe);
        if (rc < 0)
            return -1;
        if (rc > 0 && stop)
            break;
        n += rc == 0;
    }
    return n;
}

/* Fill h's context: up to 'before' paragraphs before it and 'after' after. */
static essay_status read_context(essay_searcher *s, stored_hit *h, unsigned before,
                                 unsigned after, xc_error *xe)
{
    char id[17];
    essay__essay_id(h->hit.path, id);
    unsigned p = h->hit.paragraph;
    unsigned first = p - (before < p - 1 ? before : p - 1);
    unsigned last = after < UINT_MAX - p ? p + after : UINT_MAX;
    essay__context_clear(h);
    long n_before = first < p ? read_paragraphs(s, h, id, first, p - 1, 0, xe) : 0;
    if (n_before >= 0)
        h->n_before = (size_t)n_before;
    long n_after = n_before >= 0 && after > 0 ? read_paragraphs(s, h, id, p + 1, last, 1, xe)
                                              : 0;
    if (n_before < 0 || n_after < 0) {
        essay__context_clear(h);
        return ESSAY_XAPIAN;
    }
    h->n_after = (size_t)n_after;
    h->has_context = 1;
    return ESSAY_OK;
}

/* read_context(), reopening the index and trying again when a concurrent
 * commit invalidated what the reader was using. */
essay_status essay__add_context(essay_searcher *s, stored_hit *h, unsigned before,
                                unsigned after, char **err)
{
    xc_error xe;
    essay_status st;
    for (int attempt = 0;; attempt++) {
        st = read_context(s, h, before, after, &xe);
        if (!essay__try_again(s, st, &xe, attempt))
            break;
    }
    return st == ESSAY_OK ? ESSAY_OK : essay__fail_read(s, &xe, err);
}

essay_status essay_results_add_context(essay_searcher *s, essay_results *r, size_t i,
                                       unsigned before, unsigned after, char **err)
{
    if (i >= r->n || r->streamed)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "no hit %zu: the results hold %zu", i + 1,
                           r->streamed ? 0 : r->n);
    return essay__add_context(s, &r->hits[i], before, after, err);
}

void essay_results_read_context(essay_searcher *s, essay_results *r, unsigned before,
                                unsigned after)
{
    r->context_s = s;
    r->before = before;
    r->after = after;
}

