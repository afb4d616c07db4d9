/* like.c -- paragraphs like a given one (essay-search --like PATH:LINE): the
 * paragraph at that line of that essay, found among its essay's paragraphs,
 * becomes a query of its most telling terms (Xapian's expand set).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

int essay__essay_paragraphs(essay_searcher *s, const char *id, essay__paragraph_fn fn,
                           void *ctx, xc_error *xe)
{
    char term[32];
    snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, id);
    xc_query *q = xc_query_term(term, strlen(term), 1, 0, xe);
    xc_enquire *enq = q ? xc_enquire_new(s->db, xe) : NULL;
    xc_mset *mset = NULL;
    int failed = !(enq && xc_enquire_set_query(enq, q, xe) == 0
                   && (mset = xc_enquire_mset(enq, 0, UINT32_MAX / 2, 0, xe)) != NULL);
    for (size_t i = 0; !failed && i < xc_mset_size(mset); i++) {
        xc_doc *doc = xc_mset_document(mset, i, NULL, 0, xe);
        if (doc == NULL) {
            failed = 1;
            break;
        }
        size_t len;
        const char *data = xc_doc_data(doc, &len);
        essay_docdata d;
        if (essay__docdata_unpack(data, len, &d) == 0)
            failed = fn(xc_mset_docid(mset, i), &d, ctx) != 0 ? -2 : 0;
        xc_doc_free(doc);
    }
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_query_free(q);
    return failed == 1 ? -1 : failed;
}

/* The paragraph find_paragraph() looks for, and the best so far. */
typedef struct {
    unsigned line, best_line;
    xc_docid best;
} line_search;

static int closer_to_line(xc_docid docid, const essay_docdata *d, void *ctx)
{
    line_search *ls = ctx;
    if (d->line <= ls->line && d->line >= ls->best_line) {
        ls->best = docid;
        ls->best_line = d->line;
    }
    return 0;
}

/* The docid of the paragraph of essay 'path' that holds line 'line' (the
 * last one starting at or before it) in *docid, 0 if there is none.
 * Returns 0, or -1 on an error (in 'xe'). */
static int find_paragraph(essay_searcher *s, const char *path, unsigned line, xc_docid *docid,
                          xc_error *xe)
{
    char id[17];
    essay__essay_id(path, id);
    line_search ls = { .line = line };
    int rc = essay__essay_paragraphs(s, id, closer_to_line, &ls, xe) != 0 ? -1 : 0;
    *docid = ls.best;
    return rc;
}

#define LIKE_TERMS 25   /* terms of the expand set that make the query */

/* Whether line 'line' is past the end of the essay file at 'path' as it
 * is now (its lines in *lines); a file that cannot be read is left to the
 * index, which may still hold it. */
static int past_the_end(const char *path, unsigned line, unsigned *lines)
{
    char *buf, *err = NULL;
    size_t len;
    essay_file *f = NULL;
    if (essay__read_file(path, &buf, &len, &err) == ESSAY_OK)
        essay__file_parse(path, buf, len, &f, &err);
    *lines = f ? f->lines : 0;
    int past = f != NULL && line > *lines;
    essay__file_free(f);
    free(buf);
    free(err);
    return past;
}

essay_status essay_search_like(essay_searcher *s, const char *path, unsigned line,
                               const essay_search_options *opt, essay_results **out, char **err)
{
    *out = NULL;
    essay_search_options o = essay__complete_options(opt);
    char *abs = realpath(path, NULL);
    const char *indexed = abs ? abs : path;
    xc_error xe;
    xc_docid docid;
    xc_query *subs[LIKE_TERMS];
    essay_match_group groups[LIKE_TERMS];
    essay_match_term terms[LIKE_TERMS];
    expand_terms c = { .subs = subs, .groups = groups, .terms = terms, .max = LIKE_TERMS,
                       .xe = &xe };
    xc_query *like = NULL, *self = NULL, *xq = NULL;
    essay_status st = ESSAY_OK;
    unsigned lines;
    if (past_the_end(indexed, line, &lines)) {
        /* not the last paragraph, which would answer another question */
        free(abs);
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "%s has %u line%s: there is no line %u",
                           path, lines, lines == 1 ? "" : "s", line);
    }
    int failed = find_paragraph(s, indexed, line, &docid, &xe) != 0;
    xc_enquire *enq = !failed && docid ? xc_enquire_new(s->db, &xe) : NULL;
    if (failed || (docid && enq == NULL)) {
        st = essay__fail_read(s, &xe, err);
        goto out;
    }
    if (docid == 0) {
        st = essay__fail(err, ESSAY_NOT_FOUND, "no indexed paragraph at %s:%u", path, line);
        goto out;
    }
    if (xc_enquire_expand(enq, &docid, 1, LIKE_TERMS, 1, ESSAY_PREFIX_STEM, essay__add_expand_term,
                          &c, &xe) != 0
        || c.failed) {
        st = essay__fail_read(s, &xe, err);
        goto out;
    }
    if (c.n == 0) {
        st = essay__fail(err, ESSAY_NOT_FOUND, "the paragraph at %s:%u has no words to look for",
                         path, line);
        goto out;
    }
    /* Every paragraph like it but itself. */
    like = xc_query_combine(XC_OP_OR, c.subs, c.n, 0, &xe);
    xc_query *pair[2] = { like, NULL };
    char unique[ESSAY_UNIQUE_TERM_MAX];
    xc_doc *doc = xc_db_get_document(s->db, docid, &xe);
    essay_docdata d;
    size_t len;
    char id[17];
    essay__essay_id(indexed, id);
    const char *data = doc ? xc_doc_data(doc, &len) : NULL;   /* sets len: not in one call */
    if (data && essay__docdata_unpack(data, len, &d) == 0) {
        snprintf(unique, sizeof unique, "%s%s:%u", ESSAY_PREFIX_UNIQUE, id, d.paragraph);
        self = xc_query_term(unique, strlen(unique), 1, 0, &xe);
    }
    xc_doc_free(doc);
    pair[1] = self;
    xq = like && self ? xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &xe) : NULL;
    if (xq == NULL) {
        st = essay__fail_read(s, &xe, err);
        goto out;
    }
    essay_matchset m = { .groups = c.groups, .n = c.n };
    plan p = { .xq = xq, .m = &m, .k1 = o.bm25_k1, .b = o.bm25_b };
    st = essay__run_with_retries(s, &p, &o, out, err);
    if (st == ESSAY_OK && (st = essay__read_all(*out, err)) != ESSAY_OK) {
        essay_results_free(*out);
        *out = NULL;
    }
out:
    for (size_t i = 0; i < c.n; i++) {
        xc_query_free(c.subs[i]);
        free(c.terms[i].text);
    }
    xc_query_free(like);
    xc_query_free(self);
    xc_query_free(xq);
    xc_enquire_free(enq);
    free(abs);
    return st;
}
