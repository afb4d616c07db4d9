/* expand.c -- pseudo-relevance feedback: the words that best tell a
 * query's first essays apart, added to the query that ranks essays
 * (essay__expand_essays(), for rank_essays.c), and the expand set's terms
 * gathered as queries (essay__add_expand_term(), which like.c shares).
 */
#include <stdlib.h>
#include <string.h>
#include "private.h"

/* Pseudo-relevance feedback (tests/RELEVANCE.md): the words taken from the
 * first essays.  Only words that at least EXPAND_MIN_ESSAYS of them hold
 * (Terrier's rule): a word of one essay describes that essay, not what the
 * first essays have in common, and taken alone such words are the noise
 * that pulls a query off its subject (names, numbers, rare words of one
 * abstract).  With that rule a few more essays than the likeliest three
 * can be read, and as many words as agree, weighed so that forty of them
 * together count as much as the query's own words (RM3's even mix), each
 * at most as much as one of them: when the first essays share fewer words,
 * the feedback weighs less. */
#define EXPAND_ESSAYS 5
#define EXPAND_TERMS 40
#define EXPAND_MIN_ESSAYS 2

int essay__add_expand_term(const char *term, size_t len, double weight, void *arg)
{
    (void)weight;
    expand_terms *c = arg;
    if (c->n == c->max)
        return 1;
    size_t plen = strlen(ESSAY_PREFIX_STEM);
    xc_query *q = xc_query_term(term, len, 1, 0, c->xe);
    char *stem = q && c->groups ? strndup(term + plen, len - plen) : NULL;
    if (q == NULL || (c->groups && stem == NULL)) {
        if (q != NULL)
            xc_error_set(c->xe, XC_ERR_NOMEM, "out of memory");
        xc_query_free(q);
        c->failed = 1;
        return 1;
    }
    c->subs[c->n] = q;
    if (c->groups) {
        c->terms[c->n] = (essay_match_term){ .text = stem, .len = len - plen,
                                             .kind = ESSAY_MATCH_STEM };
        c->groups[c->n] = (essay_match_group){ .terms = &c->terms[c->n], .n = 1, .weight = 1 };
    }
    c->n++;
    return 0;
}

xc_query *essay__expand_essays(essay_searcher *s, const plan *p, const xc_query *eq, size_t words,
                               xc_error *xe)
{
    unsigned docs = EXPAND_ESSAYS, terms = EXPAND_TERMS;
    xc_enquire *enq = essay__enquire(p, s->essays, eq, 0, ESSAY_SORT_RELEVANCE, xe);
    xc_mset *m = enq ? xc_enquire_mset(enq, 0, docs, docs, xe) : NULL;
    xc_docid *ids = calloc(docs + 1, sizeof *ids);
    expand_terms x = { .subs = calloc(terms + 1, sizeof *x.subs), .max = terms, .xe = xe };
    xc_query *any = NULL, *scaled = NULL, *out = NULL;
    size_t n = xc_mset_size(m);
    for (size_t i = 0; ids && i < n; i++)
        ids[i] = xc_mset_docid(m, i);
    if (m && ids && x.subs
        && (n == 0 || (xc_enquire_expand(enq, ids, n, terms, EXPAND_MIN_ESSAYS, ESSAY_PREFIX_STEM,
                                         essay__add_expand_term, &x, xe) == 0 && !x.failed))) {
        double weight = words < terms ? (double)words / terms : 1.0;
        if (x.n == 0 || words == 0) {
            out = xc_query_scale(eq, 1, xe);
        } else if ((any = xc_query_combine(XC_OP_OR, x.subs, x.n, 0, xe)) != NULL
                   && (scaled = xc_query_scale(any, weight, xe)) != NULL) {
            xc_query *pair[2] = { (xc_query *)eq, scaled };
            out = xc_query_combine(XC_OP_OR, pair, 2, 0, xe);
        }
    }
    for (size_t i = 0; i < x.n; i++)
        xc_query_free(x.subs[i]);
    free(x.subs);
    free(ids);
    xc_query_free(any);
    xc_query_free(scaled);
    xc_mset_free(m);
    xc_enquire_free(enq);
    return out;
}
