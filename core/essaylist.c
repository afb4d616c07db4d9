/* essaylist.c -- lists of essays (rank_essays.c): the essays of a query's
 * best matches, in its order, from the essay database or from paragraphs
 * collapsed to one per essay; kept or left out by another list; and a
 * query restricted to the paragraphs of those essays (their "E" terms).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

void essay__essay_list_free(essay_list *l)
{
    free(l->ids);
    free(l->scores);
    free(l->para);
    free(l->kind);
    memset(l, 0, sizeof *l);
}

/* The essay id in the ESSAY_SLOT_ESSAY value of match 'i' of 'mset'. */
int essay__match_essay(const xc_mset *mset, size_t i, char id[17], xc_error *xe)
{
    size_t len;
    return xc_mset_value(mset, i, ESSAY_SLOT_ESSAY, id, 17, &len, xe);
}

/* The essays of 'emset' (an essay query's matches), in its order. */
int essay__list_essays(const xc_mset *emset, essay_list *l, xc_error *xe)
{
    size_t n = xc_mset_size(emset);
    l->ids = calloc(n ? n : 1, sizeof *l->ids);
    l->scores = calloc(n ? n : 1, sizeof *l->scores);
    l->para = calloc(n ? n : 1, sizeof *l->para);
    l->kind = calloc(n ? n : 1, sizeof *l->kind);
    if (l->ids == NULL || l->scores == NULL || l->para == NULL || l->kind == NULL)
        return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (essay__match_essay(emset, i, l->ids[i], xe) != 0)
            return -1;
        l->scores[i] = xc_mset_weight(emset, i);
        l->para[i] = SIZE_MAX;
    }
    l->n = n;
    return 0;
}

/* 'q' FILTERed by the "E" terms of the essays 'ids[0..n)'. */
xc_query *essay__only_essays(const xc_query *q, char (*ids)[17], size_t n, xc_error *xe)
{
    xc_query **terms = calloc(n + 1, sizeof *terms), *any = NULL, *out = NULL;
    size_t made = 0;
    char term[32];
    for (; terms && made < n; made++) {
        snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, ids[made]);
        if ((terms[made] = xc_query_term(term, strlen(term), 1, 0, xe)) == NULL)
            break;
    }
    if (terms && made == n && (any = xc_query_combine(XC_OP_OR, terms, n, 0, xe)) != NULL) {
        xc_query *pair[2] = { (xc_query *)q, any };
        out = xc_query_combine(XC_OP_FILTER, pair, 2, 0, xe);
    }
    for (size_t i = 0; terms && i < made; i++)
        xc_query_free(terms[i]);
    free(terms);
    xc_query_free(any);
    return out;
}

/* The essays of the best 'max' matches of 'q' in 'db' (the essay database,
 * or the paragraphs collapsed to one per essay), best first. */
int essay__list_matching_essays(essay_searcher *s, const plan *p, xc_db *db,
                                const xc_query *q, unsigned max, essay_list *l, xc_error *xe)
{
    xc_enquire *enq = essay__enquire(p, db, q, db == s->db, ESSAY_SORT_RELEVANCE, xe);
    xc_mset *m = enq ? xc_enquire_mset(enq, 0, max, 0, xe) : NULL;
    int rc = m ? essay__list_essays(m, l, xe) : -1;
    xc_mset_free(m);
    xc_enquire_free(enq);
    return rc;
}

static int compare_id(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Keep in 'l' the essays that are in 'set' (whose ids this sorts), or with
 * 'in_set' 0, those that are not. */
void essay__filter_essays(essay_list *l, essay_list *set, int in_set)
{
    /* an empty list may have no array, which qsort and bsearch may not be given */
    if (set->n > 1)
        qsort(set->ids, set->n, sizeof *set->ids, compare_id);
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++)
        if ((set->n > 0
             && bsearch(l->ids[i], set->ids, set->n, sizeof *set->ids, compare_id) != NULL)
            == in_set) {
            memmove(l->ids[kept], l->ids[i], sizeof *l->ids);
            if (l->scores)
                l->scores[kept] = l->scores[i];
            kept++;
        }
    l->n = kept;
}
