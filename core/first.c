/* first.c -- the paragraphs a search shows before its other hits
 * (plan.xq_first): the words of a query read as what a person typed them
 * for.  Of a sentence or a short quote typed without quotes, the paragraphs
 * holding it as typed, or with a word wrong (essay__query_sentence()); of an
 * author's name with other words, that author's paragraphs holding them
 * (first_in_named_essays()); and when no paragraph holds a query whole, of
 * the paragraphs that come closest, those of the essays that hold all of it
 * (essay__plan_first_in_whole_essays()).  rank_essays.c runs them as the
 * first tier of a paragraph search, before the tiers they leave out.
 */
#include <stdlib.h>
#include "private.h"

#define COMMON_MIN 100          /* essay__common_above(): cheap to check below that */
#define QUOTE_MIN_WORDS 3       /* a quote as typed */
#define SENTENCE_MIN_WORDS 6    /* a sentence with a word wrong */
#define SENTENCE_COMMON_SHARE 20

unsigned essay__common_above(essay_searcher *s, unsigned share)
{
    unsigned paragraphs = 0;
    xc_error xe;
    if (xc_db_doccount(s->db, &paragraphs, &xe) != 0)
        return COMMON_MIN;
    return paragraphs / share > COMMON_MIN ? paragraphs / share : COMMON_MIN;
}

/* 'q' (NULL: it failed) ORed into p->xq_first, which takes it.  0, or -1
 * on an error (in 'xe'). */
static int put_first(plan *p, xc_query *q, xc_error *xe)
{
    xc_query *pair[2] = { q, p->xq_first };
    xc_query *both = q != NULL && p->xq_first != NULL
                     ? xc_query_combine(XC_OP_OR, pair, 2, 0, xe) : q;
    if (both == NULL) {
        xc_query_free(q);
        return -1;
    }
    if (both != q)
        xc_query_free(q);
    xc_query_free(p->xq_first);
    p->xq_first = both;
    return 0;
}

/* The paragraphs 'within' of the essays 'essays' matches in the essay
 * database put first (put_first()); nothing when it matches none.  0, or
 * -1 on an error (in 'xe'). */
static int first_of_essays(essay_searcher *s, plan *p, const xc_query *within,
                           const xc_query *essays, xc_error *xe)
{
    xc_query *filter = NULL;
    size_t n;
    if (essay__essays_named(s, p, essays, &filter, &n, xe) != 0)
        return -1;
    if (filter == NULL)
        return 0;
    xc_query *pair[2] = { (xc_query *)within, filter };
    int rc = put_first(p, xc_query_combine(XC_OP_FILTER, pair, 2, 0, xe), xe);
    xc_query_free(filter);
    return rc;
}

/* The paragraphs of the essays some words of 'p' name (an author, a name to
 * the index) holding its other words (essay__query_named_words()), first.
 * 0, or -1 on an error (in 'xe'). */
static int first_in_named_essays(essay_searcher *s, plan *p, xc_error *xe)
{
    xc_query *names, *others;
    char *folded;
    int rc = essay__query_named_words(p->q, essay__names_essays, s, &names, &others, &folded, xe);
    if (rc == 0 && names != NULL && essay__spelling_one_is_name(s->db, folded)) {
        /* the essays named that hold the other words: fewer to filter by */
        xc_query *pair[2] = { names, others };
        xc_query *holding = xc_query_combine(XC_OP_AND, pair, 2, 0, xe);
        rc = holding == NULL ? -1 : first_of_essays(s, p, others, holding, xe);
        xc_query_free(holding);
    }
    xc_query_free(names);
    xc_query_free(others);
    free(folded);
    return rc;
}

int essay__plan_first(essay_searcher *s, plan *p, const essay_search_options *o, xc_error *xe)
{
    if (o->strict || o->per_essay > 0 || o->sort != ESSAY_SORT_RELEVANCE || s->n_remote > 0)
        return 0;
    return essay__query_sentence(p->q, QUOTE_MIN_WORDS, SENTENCE_MIN_WORDS, s->db,
                                 essay__common_above(s, SENTENCE_COMMON_SHARE), &p->xq_first, xe)
           || first_in_named_essays(s, p, xe) ? -1 : 0;
}

int essay__plan_first_in_whole_essays(essay_searcher *s, plan *p, xc_error *xe)
{
    return s->essays == NULL || p->eq == NULL ? 0 : first_of_essays(s, p, p->xq, p->eq, xe);
}
