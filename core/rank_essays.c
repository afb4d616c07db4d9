/* rank_essays.c -- the essay unit of a search (search.c): essays ranked by
 * their whole text (the essay database, essays.c), each shown by its best
 * matching paragraph, with pseudo-relevance feedback (expand.c;
 * essay__run_essays()); and paragraph hits whose second tier is the
 * paragraphs holding some of the query in the essays that hold all of it
 * (essay__run_query()).  In both, what holds the query in its text comes
 * first; after it, bare headings (headings that head nothing, essayfile.c)
 * and paragraphs that match a phrase by their essay's title alone: each
 * tier is split into its text, then the rest (run_text_first()), and an
 * essay is shown by a paragraph of text before the rest (match_kind()).
 * Before all of a paragraph search's tiers, the paragraphs first.c puts
 * first (p->xq_first); under a per-essay limit, and when essays are
 * ranked, their essays before every other, no paragraph of theirs after
 * (first_tier()).  Both are built on tiers.c: a query session, a tier of
 * hits, a hit filled; and on essaylist.c's lists of essays.  The essays a
 * query's names select (essay__essays_named()) are found here too, and a
 * plan's queries restricted to them (essay__plan_combine()). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define ESSAY_BATCH_MIN 64      /* essays checked for a matching paragraph at once */
/* By default, feedback for any-word queries of at least this many distinct
 * words after stop words: questions like those it was measured on (every
 * Cranfield query has four or more, and gains at every length), not the
 * keywords of a short query, which keep their plain ranking. */
#define EXPAND_MIN_WORDS 4
/* The essays first.c puts first, at most: ESSAY_RANK_MAX by each of its
 * two ways into essays (essay__essays_named()). */
#define FIRST_ESSAYS_MAX (2 * ESSAY_RANK_MAX)

/* The kinds of paragraph an essay is shown by, in the order they are
 * looked for and the essays shown: a paragraph of text holding every part
 * of the query; under the essay unit, one of text holding some of it; then
 * the rest, a bare heading (a heading that heads nothing, essayfile.c: an
 * entry of a book's index) or a match by the title alone
 * (essay__text_first()), holding every part, then some. */
enum { SHOW_TEXT, SHOW_LOOSE_TEXT, SHOW_BARE, SHOW_LOOSE_BARE, SHOW_KINDS };

static int shown_loose(int kind)
{
    return kind == SHOW_LOOSE_TEXT || kind == SHOW_LOOSE_BARE;
}

/* 'q' (borrowed) combined with 'with' by 'op' in *q, owned; -1 on an error. */
static int combine_query(xc_query **q, xc_op op, const xc_query *with, xc_error *xe)
{
    xc_query *pair[2] = { *q, (xc_query *)with };
    xc_query *both = *q ? xc_query_combine(op, pair, 2, 0, xe) : NULL;
    if (*q != NULL && both == NULL)
        return -1;
    xc_query_free(*q);
    *q = both;
    return 0;
}

/* Keep in 'l' the essays with a paragraph matching each phrase of 'p': an
 * essay holding a phrase's words apart does not hold the phrase. */
static int keep_essays_with_phrases(essay_searcher *s, const plan *p, essay_list *l,
                                    xc_error *xe)
{
    for (size_t i = 0; i < p->n_phrases && l->n > 0; i++) {
        essay_list with = { 0 };
        xc_query *q = essay__only_essays(p->phrases[i], l->ids, l->n, xe);
        int rc = q ? essay__list_matching_essays(s, p, s->db, q, (unsigned)l->n, &with, xe) : -1;
        if (rc == 0)
            essay__filter_essays(l, &with, 1);
        xc_query_free(q);
        essay__essay_list_free(&with);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The paragraphs of the essays 'l' that match 'loose' and not 'strict'. */
static xc_query *loose_paragraphs(const xc_query *loose, const xc_query *strict,
                                  const essay_list *l, xc_error *xe)
{
    xc_query *in = essay__only_essays(loose, l->ids, l->n, xe);
    xc_query *pair[2] = { in, (xc_query *)strict };
    xc_query *out = in ? xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, xe) : NULL;
    xc_query_free(in);
    return out;
}

/* Keep of '*bare' (the paragraphs a query matches after its text: bare
 * headings, matches by the title alone) those of the essays where 'text'
 * (its other paragraphs) matches nothing: under a per-essay limit an essay
 * is shown by its text.  At most 'most' essays have such paragraphs.  0,
 * or -1 on an error (in 'xe'). */
static int bare_without_text(essay_searcher *s, const plan *p, xc_query **bare,
                             const xc_query *text, unsigned most, xc_error *xe)
{
    essay_list with_bare = { 0 }, with_text = { 0 };
    xc_query *in = NULL, *kept = NULL;
    int rc = essay__list_matching_essays(s, p, s->db, *bare, most, &with_bare, xe);
    if (rc == 0 && with_bare.n > 0
        && ((in = essay__only_essays(text, with_bare.ids, with_bare.n, xe)) == NULL
            || essay__list_matching_essays(s, p, s->db, in, (unsigned)with_bare.n, &with_text,
                                           xe) != 0))
        rc = -1;
    if (rc == 0) {
        essay__filter_essays(&with_bare, &with_text, 0);
        if ((kept = essay__only_essays(*bare, with_bare.ids, with_bare.n, xe)) == NULL) {
            rc = -1;
        } else {
            xc_query_free(*bare);
            *bare = kept;
        }
    }
    essay__essay_list_free(&with_bare);
    essay__essay_list_free(&with_text);
    xc_query_free(in);
    return rc;
}

/* The bare part of a tier of 'q' (of text 'qtext', essay__text_first()):
 * its bare headings and its matches by a title alone -- under a per-essay
 * limit, those of essays where 'text' (its text part) matches nothing.
 * NULL on a Xapian error. */
static xc_query *bare_part(essay_searcher *s, const plan *p, const xc_query *q,
                           const xc_query *qtext, const xc_query *text,
                           const essay_search_options *o, xc_error *xe)
{
    unsigned essays = 0;
    /* at most one paragraph of an essay matches by its title alone */
    xc_query *bare = essay__text_first(s, q, qtext, 1, xe);
    if (bare != NULL && o->per_essay > 0
        && ((qtext && xc_db_doccount(s->essays ? s->essays : s->db, &essays, xe) != 0)
            || bare_without_text(s, p, &bare, text, s->bare_headings + essays, xe) != 0)) {
        xc_query_free(bare);
        bare = NULL;
    }
    return bare;
}

/* Where a page of hits stands as its tiers run, one after another: each
 * begins where the ones before it end. */
typedef struct {
    size_t count;           /* r->count when the page began */
    size_t tiers;           /* and r->n_tiers */
    unsigned before;        /* paragraphs the tiers run so far match */
    const xc_query *ran[5]; /* those tiers (essay__unlisted()) */
    size_t n_ran;
    int count_next;         /* the first tier filled the page: the next is estimated */
} page;

/* essay__run_tier() of 'q' (NULL: none) as the next tier of the page 'pg',
 * but the passages the tiers before it list, unless the page is full and no
 * exact count is asked; *matched: how many paragraphs it matches, 0 if it did not run. */
static essay_status run_next(essay_searcher *s, const plan *p, const xc_query *q,
                             essay_matchset *m, const essay_search_options *o, page *pg,
                             unsigned *matched, essay_results *r, xc_error *xe)
{
    unsigned room = o->limit - (unsigned)(r->count - pg->count);
    *matched = 0;
    if (q != NULL && room == 0 && !o->exact_total && pg->count_next
        && !essay__total_unshown(o)) {
        pg->count_next = 0;
        return essay__estimate(s, p, q, o, matched, xe) == 0 ? ESSAY_OK : ESSAY_XAPIAN;
    }
    if (q == NULL || (room == 0 && !o->exact_total))
        return ESSAY_OK;
    xc_query *unlisted = NULL;
    essay_status st = essay__unlisted(s, p, q, pg->ran, pg->n_ran, pg->before, r, pg->tiers,
                                      o, &unlisted, xe)
                      ? ESSAY_XAPIAN
                      : essay__run_tier(s, p, unlisted ? unlisted : q, m, o,
                                        o->offset > pg->before ? o->offset - pg->before : 0,
                                        room, matched, r, xe);
    xc_query_free(unlisted);
    pg->before += *matched;
    pg->ran[pg->n_ran++] = q;
    return st;
}

/* run_next() of 'q' on the page 'pg', with what holds it in the text first, when the
 * hits are ranked by relevance and the index marks bare headings or 'q'
 * (of text 'qtext', essay__text_first()) has a phrase that may be a
 * title's: a tier of its text, then, when that one leaves room on the page
 * (or for an exact count), a tier of the rest (bare_part()).  The text
 * costs one term more than 'q' (or 'qtext' more); the rest, a query more
 * only when there is room for it. */
static essay_status run_text_first(essay_searcher *s, const plan *p, const xc_query *q,
                                   const xc_query *qtext, essay_matchset *m,
                                   const essay_search_options *o, page *pg, unsigned *matched,
                                   essay_results *r, xc_error *xe)
{
    if (!essay__splits_text(s, qtext) || o->sort == ESSAY_SORT_DATE)
        return run_next(s, p, q, m, o, pg, matched, r, xe);
    unsigned in_text = 0, in_bare = 0;
    xc_query *text = essay__text_first(s, q, qtext, 0, xe), *bare = NULL;
    essay_status st = text == NULL ? ESSAY_XAPIAN
                      : run_next(s, p, text, m, o, pg, &in_text, r, xe);
    if (st == ESSAY_OK && (r->count - pg->count < o->limit || o->exact_total))
        st = (bare = bare_part(s, p, q, qtext, text, o, xe)) == NULL
             ? ESSAY_XAPIAN : run_next(s, p, bare, m, o, pg, &in_bare, r, xe);
    *matched = in_text + in_bare;
    xc_query_free(text);
    xc_query_free(bare);
    return st;
}

/* The essays the essay unit shows by paragraphs holding some of the query:
 * those that hold every part (the best ESSAY_RANK_MAX, whatever the page,
 * so that a page is the same slice of one ranking whatever its size; all
 * of them for an exact count or a page deeper than that), and with a
 * per-essay limit, of those, the ones no paragraph of which holds every
 * part ('any_whole': some paragraph may).  0, or -1 on an error. */
static int essays_held(essay_searcher *s, const plan *p, const essay_search_options *o,
                       int any_whole, essay_list *held, xc_error *xe)
{
    /* the page, and the hit past it the search asks for to know whether
       more follow (essay__run_with_retries()): a page that ends at the
       ESSAY_RANK_MAXth hit is ranked as the pages before it */
    unsigned essays = 0, deep = o->offset + o->limit;
    if (xc_db_doccount(s->essays, &essays, xe) != 0)
        return -1;
    unsigned most = o->exact_total || deep > ESSAY_RANK_MAX + 1 ? (essays ? essays : 1)
                    : ESSAY_RANK_MAX;
    essay_list whole = { 0 };
    int rc = essay__list_matching_essays(s, p, s->essays, p->eq, most, held, xe);
    if (rc == 0)
        rc = keep_essays_with_phrases(s, p, held, xe);
    if (rc == 0 && any_whole && o->per_essay > 0 && o->sort != ESSAY_SORT_DATE && held->n > 0
        && (rc = essay__list_matching_essays(s, p, s->db, p->xq, essays, &whole, xe)) == 0)
        essay__filter_essays(held, &whole, 0);
    essay__essay_list_free(&whole);
    return rc;
}

/* With paragraphs to come first (p->xq_first, essay__plan_first()): the
 * tier of those of text in *first, and the query each later tier leaves
 * out, p->xq or them, in *shown; the paragraphs the query matches, but
 * those first, in *rest.  Under a per-essay limit ('per_essay'), every
 * paragraph of the essays the first tier shows is left out, not only
 * those it shows: an essay shown first is not shown again after; *n_first
 * is then how many paragraphs the first tier shows, exactly (0 without).
 * Without, *first NULL, *shown and *rest p->xq.  'owned' takes what is
 * made here.  0, or -1 on an error (in 'xe'). */
static int first_tier(essay_searcher *s, const plan *p, unsigned per_essay,
                      const xc_query **first, const xc_query **shown, const xc_query **rest,
                      size_t *n_first, xc_query *owned[4], xc_error *xe)
{
    *first = NULL;
    *shown = *rest = p->xq;
    *n_first = 0;
    if (p->xq_first == NULL)
        return 0;
    *first = s->bare_headings > 0 ? (owned[0] = essay__text_first(s, p->xq_first, NULL, 0, xe))
                                  : p->xq_first;
    if (*first == NULL)
        return -1;
    xc_query *pair[2] = { p->xq, (xc_query *)*first };
    if (per_essay > 0) {
        essay_list l = { 0 };
        xc_query *all = NULL;
        unsigned most = 0;
        xc_enquire *enq = xc_db_doccount(s->db, &most, xe) != 0 ? NULL
                          : essay__enquire(p, s->db, *first, per_essay, ESSAY_SORT_RELEVANCE, xe);
        if (most / per_essay > FIRST_ESSAYS_MAX)
            most = FIRST_ESSAYS_MAX * per_essay;
        xc_mset *m = enq ? xc_enquire_mset(enq, 0, most, 0, xe) : NULL;
        int rc = m ? essay__list_essays(m, &l, xe) : -1;
        if (rc == 0 && l.n > 0
            && ((all = xc_query_match_all(xe)) == NULL
                || (pair[1] = owned[3] = essay__only_essays(all, l.ids, l.n, xe)) == NULL))
            rc = -1;
        *n_first = l.n;
        xc_query_free(all);
        essay__essay_list_free(&l);
        xc_mset_free(m);
        xc_enquire_free(enq);
        if (rc != 0)
            return -1;
    }
    if ((*shown = owned[1] = xc_query_combine(XC_OP_OR, pair, 2, 0, xe)) == NULL
        || (*rest = owned[2] = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, xe)) == NULL)
        return -1;
    return 0;
}

/* run_next() of the first tier 'first' (first_tier(); NULL: none), which
 * shows 'n_first' paragraphs when that is known (not 0): the later tiers of
 * the page begin where it ends.  When it matched nothing, '*shown' and
 * '*rest' are p->xq: leaving it out would check its phrases for nothing.
 * When it lists every paragraph it matches (a first page, no per-essay
 * limit), the later tiers leave those out by name (essay__tier_left_out()),
 * their reprints by copy key (essay__unlisted()).  'owned': first_tier()'s. */
static essay_status run_first(essay_searcher *s, const plan *p, const xc_query *first,
                              essay_matchset *m, const essay_search_options *o, size_t n_first,
                              page *pg, unsigned *matched, const xc_query **shown,
                              const xc_query **rest, xc_query *owned[4], essay_results *r,
                              xc_error *xe)
{
    size_t tiers = r->n_tiers;
    essay_status st = run_next(s, p, first, m, o, pg, matched, r, xe);
    /* a heading's few paragraphs fill the page ("notes"): the total counts the many after */
    pg->count_next = p->first_headed && r->count - pg->count == o->limit;
    if (st == ESSAY_OK && n_first > 0) {
        pg->before += (unsigned)n_first - *matched;
        *matched = (unsigned)n_first;
    }
    if (st == ESSAY_OK && first != NULL && pg->n_ran == 1 && *matched == 0)
        *shown = *rest = p->xq;
    xc_query *with, *without;
    if (st != ESSAY_OK || first == NULL || n_first > 0 || *matched == 0 || o->per_essay > 0
        || o->sort == ESSAY_SORT_DATE || r->n_tiers != tiers + 1)
        return st;
    if (essay__tier_left_out(s, &r->tiers[tiers], p->xq, &with, &without, xe) != 0)
        return ESSAY_XAPIAN;
    if (without != NULL) {
        xc_query_free(owned[1]);
        xc_query_free(owned[2]);
        *shown = owned[1] = with;
        *rest = owned[2] = without;
    }
    return st;
}

/* essay__run_query() without the essay unit: p->xq_first's paragraphs of
 * text first, if any, then those of p->xq (run_text_first()). */
static essay_status run_whole(essay_searcher *s, const plan *p, const essay_search_options *o,
                              essay_results *r, xc_error *xe)
{
    xc_query *firsts[4] = { NULL };
    const xc_query *first_text, *shown, *rest;
    page pg = { .count = r->count, .tiers = r->n_tiers };
    unsigned first = 0, strict = 0;
    size_t n_first;
    essay_status st = first_tier(s, p, o->per_essay, &first_text, &shown, &rest, &n_first, firsts,
                                 xe) != 0
                      ? ESSAY_XAPIAN
                      : run_first(s, p, first_text, p->m, o, n_first, &pg, &first, &shown,
                                  &rest, firsts, r, xe);
    if (st == ESSAY_OK)
        st = run_text_first(s, p, rest, p->xq_text, p->m, o, &pg, &strict, r, xe);
    r->estimate = first + strict;
    r->whole_found = strict > 0;
    for (size_t i = 0; i < 4; i++)
        xc_query_free(firsts[i]);
    return st;
}

/* The paragraphs of an any-words query (p->loose_everywhere) that do not
 * hold every word: p->xq_loose but 'before' (p->xq, or it and the
 * paragraphs first: first_tier()), and under a per-essay limit, but the
 * essays of p->xq (the best ESSAY_RANK_MAX), which the paragraphs holding
 * every word show.  NULL on an error (in 'xe'). */
static xc_query *loose_everywhere(essay_searcher *s, const plan *p, const xc_query *before,
                                  const essay_search_options *o, xc_error *xe)
{
    xc_query *pair[2] = { p->xq_loose, (xc_query *)before }, *all = NULL, *shown = NULL, *out;
    if ((out = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, xe)) == NULL || o->per_essay == 0)
        return out;
    essay_list with = { 0 };
    int rc = essay__list_matching_essays(s, p, s->db, p->xq, ESSAY_RANK_MAX, &with, xe);
    if (rc == 0 && with.n > 0
        && ((all = xc_query_match_all(xe)) == NULL
            || (shown = essay__only_essays(all, with.ids, with.n, xe)) == NULL))
        rc = -1;
    xc_query *rest[2] = { out, shown };
    xc_query *kept = rc == 0 && shown ? xc_query_combine(XC_OP_AND_NOT, rest, 2, 0, xe) : NULL;
    if (rc != 0 || kept != NULL) {
        xc_query_free(out);
        out = kept;
    }
    xc_query_free(all);
    xc_query_free(shown);
    essay__essay_list_free(&with);
    return out;
}

/* Paragraph hits, not ranked by essay.  Under the essay unit (p->xq_loose),
 * four tiers, each ranked by BM25: the paragraphs of text holding every part
 * of the query; the other paragraphs of text holding some of it in the
 * essays that hold every part (essays_held()), or for any of the words
 * (p->loose_everywhere) in every essay (loose_everywhere()); then the rest
 * of each, bare headings and matches by a title alone (bare_part()): an
 * index entry or a heading that holds every word names the text, and comes
 * after it.  Before them all, the paragraphs of text of p->xq_first, when
 * there are any.  With a per-essay limit, an essay of the first kind has no
 * hits of the second.  Sorted by date, the kinds come together.  Without
 * either, the paragraphs holding every part, of text first (run_whole()). */
essay_status essay__run_query(essay_searcher *s, const plan *p, const essay_search_options *o,
                              essay_results *r, xc_error *xe)
{
    unsigned strict = 0, strict_bare = 0, loose = 0, loose_bare = 0, first = 0;
    if (p->xq_loose == NULL)
        return run_whole(s, p, o, r, xe);
    int together = o->sort == ESSAY_SORT_DATE;
    int split = !together && essay__splits_text(s, p->xq_text),
        split_loose = !together && essay__splits_text(s, p->xq_loose_text);
    page pg = { .count = r->count, .tiers = r->n_tiers };
    essay_list held = { 0 };
    /* strict text, loose text, and their rest: made here (owned), or the
       tiers themselves when nothing splits; the first tier's */
    xc_query *owned[4] = { NULL }, *firsts[4] = { NULL }, *tier = NULL, *both = NULL;
    const xc_query *loose_text = NULL, *first_text, *shown, *rest;
    size_t n_first;
    essay_status st = first_tier(s, p, o->per_essay, &first_text, &shown, &rest, &n_first, firsts,
                                 xe) != 0
                      ? ESSAY_XAPIAN
                      : run_first(s, p, first_text, p->m_loose, o, n_first, &pg, &first,
                                  &shown, &rest, firsts, r, xe);
    const xc_query *text = rest;
    if (st == ESSAY_OK && split
        && (text = owned[0] = essay__text_first(s, rest, p->xq_text, 0, xe)) == NULL)
        st = ESSAY_XAPIAN;
    else if (st == ESSAY_OK && !together)
        st = run_next(s, p, text, p->m, o, &pg, &strict, r, xe);
    if (st != ESSAY_OK || (r->count - pg.count == o->limit && !o->exact_total))
        goto out;   /* a page of paragraphs holding every word */
    if (p->loose_everywhere) {
        if ((tier = loose_everywhere(s, p, shown, o, xe)) == NULL)
            st = ESSAY_XAPIAN;
    } else if (essays_held(s, p, o, strict > 0 || split, &held, xe) != 0) {
        st = ESSAY_XAPIAN;
    } else if (held.n > 0 && (tier = loose_paragraphs(p->xq_loose, shown, &held, xe)) == NULL) {
        st = ESSAY_XAPIAN;
    }
    if (st == ESSAY_OK && together) {
        xc_query *pair[2] = { (xc_query *)rest, tier };
        st = (both = xc_query_combine(XC_OP_OR, pair, tier ? 2 : 1, 0, xe)) == NULL
             ? ESSAY_XAPIAN
             : essay__run_tier(s, p, both, p->m_loose, o, o->offset, o->limit, &loose, r, xe);
    } else if (st == ESSAY_OK && tier != NULL) {
        loose_text = split_loose
                     ? (owned[1] = essay__text_first(s, tier, p->xq_loose_text, 0, xe)) : tier;
        st = loose_text == NULL ? ESSAY_XAPIAN
             : run_next(s, p, loose_text, p->m_loose, o, &pg, &loose, r, xe);
    }
    if (st == ESSAY_OK && (r->count - pg.count < o->limit || o->exact_total)) {
        if ((split && (owned[2] = bare_part(s, p, rest, p->xq_text, text, o, xe)) == NULL)
            || (split_loose && loose_text
                && (owned[3] = bare_part(s, p, tier, p->xq_loose_text, loose_text, o, xe))
                       == NULL))
            st = ESSAY_XAPIAN;
        if (st == ESSAY_OK)
            st = run_next(s, p, owned[2], p->m, o, &pg, &strict_bare, r, xe);
        if (st == ESSAY_OK)
            st = run_next(s, p, owned[3], p->m_loose, o, &pg, &loose_bare, r, xe);
    }
out:
    r->estimate = first + strict + loose + strict_bare + loose_bare;
    r->whole_found = strict + strict_bare > 0;
    for (size_t i = 0; i < 4; i++)
        xc_query_free(owned[i]);
    for (size_t i = 0; i < 4; i++)
        xc_query_free(firsts[i]);
    xc_query_free(tier);
    xc_query_free(both);
    essay__essay_list_free(&held);
    return st;
}

/* Point each essay of 'l' that has none yet at its match in 'pmset' (a
 * paragraph query's, collapsed to one per essay), of 'kind'; returns how
 * many found one. */
static long match_paragraphs(essay_list *l, const xc_mset *pmset, int kind, xc_error *xe)
{
    long found = 0;
    char id[17];
    for (size_t i = 0; i < xc_mset_size(pmset); i++) {
        if (essay__match_essay(pmset, i, id, xe) != 0)
            return -1;
        for (size_t j = 0; j < l->n; j++)
            if (l->para[j] == SIZE_MAX && strcmp(l->ids[j], id) == 0) {
                l->para[j] = i;
                l->kind[j] = (unsigned char)kind;
                found++;
                break;
            }
    }
    return found;
}

/* One essay-ranked search's Xapian objects. */
typedef struct {
    essay_list l;
    xc_enquire *eenq, *penq[SHOW_KINDS];
    xc_mset *emset;             /* essays */
    xc_mset *pmset[SHOW_KINDS]; /* their best paragraphs of each kind */
} essay_run;

static void essay_run_clear(essay_run *e)
{
    essay__essay_list_free(&e->l);
    xc_mset_free(e->emset);
    xc_enquire_free(e->eenq);
    for (int kind = 0; kind < SHOW_KINDS; kind++) {
        xc_mset_free(e->pmset[kind]);
        xc_enquire_free(e->penq[kind]);
    }
    memset(e, 0, sizeof *e);
}

/* Give the essays of 'e' that have no paragraph to be shown by yet their
 * best paragraph of 'kind' (SHOW_*), if they have one: of p->xq, or under
 * the essay unit of p->xq_loose for those holding the query's phrases; of
 * text or bare headings where the index marks some.  Returns how many
 * found one, or -1 on an error (in 'xe'). */
static long match_kind(essay_searcher *s, const plan *p, essay_run *e, int kind, xc_error *xe)
{
    int loose = shown_loose(kind), bare = kind == SHOW_BARE || kind == SHOW_LOOSE_BARE;
    const xc_query *q = loose ? p->xq_loose : p->xq;
    const xc_query *text = loose ? p->xq_loose_text : p->xq_text;
    if (q == NULL || (bare && !essay__splits_text(s, text)))
        return 0;
    essay_list rest = { 0 };
    if ((rest.ids = calloc(e->l.n ? e->l.n : 1, sizeof *rest.ids)) == NULL)
        return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    for (size_t j = 0; j < e->l.n; j++)
        if (e->l.para[j] == SIZE_MAX)
            memcpy(rest.ids[rest.n++], e->l.ids[j], sizeof *rest.ids);
    long found = loose ? keep_essays_with_phrases(s, p, &rest, xe) : 0;
    unsigned n = (unsigned)rest.n;
    xc_query *split = NULL, *fq = NULL;
    if (found == 0 && n > 0) {
        if ((!essay__splits_text(s, text)
             || (split = essay__text_first(s, q, text, bare, xe)) != NULL)
            && (fq = essay__only_essays(split ? split : q, rest.ids, n, xe)) != NULL
            && (e->penq[kind] = essay__enquire(p, s->db, fq, 1, ESSAY_SORT_RELEVANCE, xe)) != NULL
            && (e->pmset[kind] = xc_enquire_mset(e->penq[kind], 0, n, n, xe)) != NULL)
            found = match_paragraphs(&e->l, e->pmset[kind], kind, xe);
        else
            found = -1;
    }
    xc_query_free(split);
    xc_query_free(fq);
    essay__essay_list_free(&rest);
    return found;
}

/* Give the essays of 'e' their best paragraphs of the kinds SHOW_*, with
 * 'loose' those of the paragraphs holding some of the query too, each
 * essay one of the first kind it has.  Returns how many have one, or -1 on
 * an error (in 'xe'). */
static long match_kinds(essay_searcher *s, const plan *p, essay_run *e, int loose,
                        xc_error *xe)
{
    long found = 0;
    for (int kind = 0; kind < SHOW_KINDS && found >= 0; kind++) {
        if (shown_loose(kind) && !loose)
            continue;
        long more = match_kind(s, p, e, kind, xe);
        found = more < 0 ? more : found + more;
    }
    return found;
}

/* How many essays of 'l' are shown by a paragraph of text holding every
 * part of the query (SHOW_TEXT), the kind shown first. */
static size_t shown_by_whole_text(const essay_list *l)
{
    size_t n = 0;
    for (size_t j = 0; j < l->n; j++)
        n += l->para[j] != SIZE_MAX && l->kind[j] == SHOW_TEXT;
    return n;
}

/* The best 'batch' essays of p->eq (or 'eq', its expansion), and for those
 * that have one, the best paragraph matching p->xq (one paragraph query for
 * all), or failing that, under the essay unit, the best matching
 * p->xq_loose -- of text before a bare heading (match_kind()).  Returns how
 * many have one, or -1 on an error (in 'xe'). */
static long rank_by_essays(essay_searcher *s, const plan *p, const xc_query *eq,
                           unsigned batch, essay_run *e, xc_error *xe)
{
    if ((e->eenq = essay__enquire(p, s->essays, eq, 0, ESSAY_SORT_RELEVANCE, xe)) == NULL
        || (e->emset = xc_enquire_mset(e->eenq, 0, batch, batch, xe)) == NULL)
        return -1;
    int listed = essay__list_essays(e->emset, &e->l, xe);
    if (listed != 0 || e->l.n == 0)
        return listed;
    return match_kinds(s, p, e, 1, xe);
}

/* The essays of the best ESSAY_RANK_MAX paragraphs of 'xq' (one each; how
 * many match, estimated, in *matched), ranked by 'eq', each with its best
 * paragraph matching 'xq', of text before a bare heading.  Returns 0, or
 * -1 on an error (in 'xe'). */
static int rank_best_paragraphs(essay_searcher *s, const plan *p, const xc_query *xq,
                                const xc_query *eq, essay_run *e, unsigned *matched,
                                xc_error *xe)
{
    essay_list best = { 0 };
    xc_enquire *penq = essay__enquire(p, s->db, xq, 1, ESSAY_SORT_RELEVANCE, xe);
    xc_mset *pmset = penq ? xc_enquire_mset(penq, 0, ESSAY_RANK_MAX, ESSAY_RANK_MAX, xe) : NULL;
    xc_query *fq = NULL;
    int rc = pmset ? essay__list_essays(pmset, &best, xe) : -1;
    if (rc == 0) {
        *matched = xc_mset_estimated(pmset);
        unsigned n = (unsigned)best.n;
        if (n > 0 && ((fq = essay__only_essays(eq, best.ids, n, xe)) == NULL
                      || (e->eenq = essay__enquire(p, s->essays, fq, 0, ESSAY_SORT_RELEVANCE, xe))
                         == NULL
                      || (e->emset = xc_enquire_mset(e->eenq, 0, n, n, xe)) == NULL
                      || essay__list_essays(e->emset, &e->l, xe) != 0
                      || match_kinds(s, p, e, 0, xe) < 0))
            rc = -1;
    }
    essay__essay_list_free(&best);
    xc_query_free(fq);
    xc_mset_free(pmset);
    xc_enquire_free(penq);
    return rc;
}

/* Run p->xq ranking essays by 'eq' (p->eq) over the essay databases: the
 * essays that have a paragraph matching 'xq' (or under the essay unit, that
 * hold every part of it: those with a paragraph holding them all first),
 * in the order 'eq' ranks them, each shown by its best paragraph, with the
 * essay's score.  'eq' matches at least
 * those essays (see essay__query_build_essays()), so its best essays are
 * checked for a matching paragraph; if fewer than wanted have one (a query
 * whose paragraphs are much rarer than its words: a phrase of common words,
 * say), the essays of the best ESSAY_RANK_MAX paragraphs are ranked instead.
 * With feedback (o->expand; by default for any-word queries of
 * EXPAND_MIN_WORDS words or more), 'eq' is first expanded with the words of
 * its best essays: more essays may rank, but each still needs a paragraph
 * matching 'xq'.  The page of 'o' begins 'skip' essays into that order,
 * after the r->n hits 'r' has (essay__run_essays()). */
static essay_status run_essays(essay_searcher *s, const plan *p, const essay_search_options *o,
                               unsigned skip, essay_results *r, xc_error *xe, char **err)
{
    const xc_query *xq = p->xq, *eq = p->eq;
    unsigned want = skip + o->limit;
    unsigned batch = 4 * want > ESSAY_BATCH_MIN ? 4 * want : ESSAY_BATCH_MIN;
    essay_run e = { 0 };
    xc_query *expanded = NULL;
    size_t words = 0;
    if (o->expand != ESSAY_EXPAND_NEVER
        && xc_query_count_terms(eq, ESSAY_PREFIX_STEM, &words, xe) != 0)
        return ESSAY_XAPIAN;
    if (o->expand == ESSAY_EXPAND_ALWAYS
        || (o->expand == ESSAY_EXPAND_AUTO && o->match_any && words >= EXPAND_MIN_WORDS)) {
        expanded = essay__expand_essays(s, p, eq, words, xe);
        if (expanded == NULL)
            return ESSAY_XAPIAN;
        eq = expanded;
    }
    long found = rank_by_essays(s, p, eq, batch, &e, xe);
    if (found >= 0 && e.l.n == batch && batch < ESSAY_RANK_MAX
        && shown_by_whole_text(&e.l) < want) {
        /* the page is not all essays shown by a paragraph of text holding
           every part, and the others come after every such essay, of the
           batch or beyond it: rank them over the most essays there are to
           rank, so that a page is the same slice of one order whatever its
           size */
        essay_run_clear(&e);
        batch = ESSAY_RANK_MAX;
        found = rank_by_essays(s, p, eq, batch, &e, xe);
    }
    if (found >= 0 && (unsigned long)found < want && e.l.n == batch) {
        essay_run_clear(&e);
        unsigned matched = 0;
        found = rank_best_paragraphs(s, p, xq, eq, &e, &matched, xe);
        if (found == 0)
            r->estimate = matched;
    } else if (found > 0) {
        /* the essays' estimate, less the share of them without a matching paragraph */
        double share = (double)found / (double)e.l.n;
        r->estimate = (size_t)((double)xc_mset_estimated(e.emset) * share + 0.5);
        if (r->estimate < (size_t)found)
            r->estimate = (size_t)found;
    }
    essay_status st = found < 0 ? ESSAY_XAPIAN : ESSAY_OK;
    if (st == ESSAY_OK) {
        essay__weigh_groups(s, p->m);
        if (p->m_loose)
            essay__weigh_groups(s, p->m_loose);
    }
    /* The essays shown by a paragraph of text holding every part of the
       query, then by one holding some, then those shown by the rest: an
       essay whose only match is an entry of its index or a heading that
       heads nothing comes after every essay with text that matches. */
    size_t seen = 0;
    for (int shown = 0; shown < SHOW_KINDS; shown++)
        for (size_t j = 0; st == ESSAY_OK && j < e.l.n && r->n < o->limit; j++) {
            int kind = e.l.kind[j], loose = shown_loose(kind);
            if (e.l.para[j] == SIZE_MAX || kind != shown || seen++ < skip)
                continue;
            if (essay__reserve_hits(r, o->limit) != 0) {
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
                break;
            }
            st = essay__fill_hit(s, e.pmset[kind], e.l.para[j],
                          loose ? p->m_loose : p->m, o, o->offset + (unsigned)r->n + 1,
                          e.l.scores[j], &r->hits[r->n], xe, err);
            r->n++;
            r->count++;
        }
    essay_run_clear(&e);
    xc_query_free(expanded);
    return st;
}

/* 'q' but the paragraphs or essays of 'out' into *to (NULL when either is
 * NULL); 0, or -1 on an error (in 'xe'). */
static int but(const xc_query *q, const xc_query *out, xc_query **to, xc_error *xe)
{
    xc_query *pair[2] = { (xc_query *)q, (xc_query *)out };
    *to = q && out ? xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, xe) : NULL;
    return q && out && *to == NULL ? -1 : 0;
}

/* run_essays(), after the essays of the paragraphs to come first
 * (p->xq_first), if any: those of text (first_tier()), one paragraph each,
 * its best, ranked by BM25 before every other essay, which ranks as if
 * they were not in the index. */
essay_status essay__run_essays(essay_searcher *s, const plan *p, const essay_search_options *o,
                               essay_results *r, xc_error *xe, char **err)
{
    xc_query *firsts[4] = { NULL };
    const xc_query *first, *shown, *rest_xq;
    size_t n_first = 0;
    plan rest = *p;
    rest.xq_first = rest.xq_loose = rest.eq = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    essay_status st = p->xq_first == NULL ? ESSAY_OK : ESSAY_XAPIAN;
    if (st != ESSAY_OK
        && first_tier(s, p, 1, &first, &shown, &rest_xq, &n_first, firsts, xe) == 0
        && but(p->xq_loose, firsts[3], &rest.xq_loose, xe) == 0
        && but(p->eq, firsts[3], &rest.eq, xe) == 0
        && (enq = essay__enquire(p, s->db, first, 1, ESSAY_SORT_RELEVANCE, xe)) != NULL
        && (m = xc_enquire_mset(enq, o->offset, o->limit, 0, xe)) != NULL) {
        rest.xq = (xc_query *)rest_xq;
        essay__weigh_groups(s, p->m);
        st = essay__reserve_hits(r, o->limit) != 0
             ? essay__fail(err, ESSAY_NOMEM, "out of memory") : ESSAY_OK;
        for (size_t i = 0; st == ESSAY_OK && i < xc_mset_size(m); i++, r->n++, r->count++)
            st = essay__fill_hit(s, m, i, p->m, o, o->offset + (unsigned)r->n + 1,
                                 xc_mset_weight(m, i), &r->hits[r->n], xe, err);
    }
    if (st == ESSAY_OK)
        st = run_essays(s, firsts[3] ? &rest : p, o,
                        o->offset > n_first ? o->offset - (unsigned)n_first : 0, r, xe, err);
    r->estimate += n_first;
    for (size_t i = 0; i < 4; i++)
        xc_query_free(firsts[i]);
    xc_query_free(rest.xq_loose);
    xc_query_free(rest.eq);
    xc_mset_free(m);
    xc_enquire_free(enq);
    return st;
}

int essay__plan_combine(plan *p, xc_op op, const xc_query *with, xc_error *xe)
{
    return combine_query(&p->xq, op, with, xe) != 0 || combine_query(&p->xq_loose, op, with, xe) != 0
           || combine_query(&p->eq, op, with, xe) != 0
           || combine_query(&p->xq_first, op, with, xe) != 0 ? -1 : 0;
}

int essay__essays_named(essay_searcher *s, const plan *p, const xc_query *names,
                        xc_query **filter, size_t *n, xc_error *xe)
{
    *filter = NULL;
    *n = 0;
    if (s->essays == NULL)
        return 0;
    essay_list named = { 0 };
    int rc = essay__list_matching_essays(s, p, s->essays, names, ESSAY_RANK_MAX, &named, xe);
    *n = rc == 0 ? named.n : 0;
    xc_query *all = rc == 0 && named.n > 0 ? xc_query_match_all(xe) : NULL;
    if (rc == 0 && named.n > 0 && (all == NULL
                                   || (*filter = essay__only_essays(all, named.ids, named.n, xe))
                                      == NULL))
        rc = -1;
    xc_query_free(all);
    essay__essay_list_free(&named);
    return rc;
}

/* The paragraphs 'p' matches, as its hits come from them: p->xq, and under
 * the essay unit also the paragraphs holding some of the query in the
 * essays that hold all of it (essay__run_query()'s second tier, over every
 * essay) and those to come first (p->xq_first).  NULL on an error (in 'xe'). */
xc_query *essay__matching_paragraphs(essay_searcher *s, const plan *p, xc_error *xe)
{
    if (p->loose_everywhere)    /* the paragraphs first hold some of the words too */
        return xc_query_scale(p->xq_loose, 1, xe);
    const essay_search_options every = { .exact_total = 1 };   /* all, no per-essay limit */
    essay_list held = { 0 };
    xc_query *tier = NULL, *out = NULL, *firsts[4] = { NULL };
    const xc_query *first, *shown, *rest;
    size_t n_first;
    int rc = first_tier(s, p, 0, &first, &shown, &rest, &n_first, firsts, xe), whole = 0;
    if (rc == 0 && !(whole = p->xq_loose == NULL || p->eq == NULL))
        rc = essays_held(s, p, &every, 0, &held, xe);
    if (rc == 0 && (whole || held.n == 0)) {
        out = xc_query_scale(shown, 1, xe);
    } else if (rc == 0 && (tier = loose_paragraphs(p->xq_loose, shown, &held, xe)) != NULL) {
        xc_query *pair[2] = { (xc_query *)shown, tier };
        out = xc_query_combine(XC_OP_OR, pair, 2, 0, xe);
    }
    for (size_t i = 0; i < 4; i++)
        xc_query_free(firsts[i]);
    essay__essay_list_free(&held);
    xc_query_free(tier);
    return out;
}
