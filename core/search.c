/* search.c -- the reading half of libessay: a query in, ranked paragraphs out.
 *
 * Per query, on a searcher opened by open.c (which reads back the analyzer settings the indexer
 * stored, so a query is analysed exactly as the text was): plans it -- parses it (query.c) and
 * builds what running it takes -- and runs it through Xapian with BM25 (equal scores in essay id
 * order, then docid order: a stable order that does not depend on how the essays are split into
 * shards, because the paragraphs of one essay are always in one shard, in order).  tiers.c ranks
 * the paragraphs, fills each hit from its stored fields (schema.c) and cuts a snippet (snippet.c)
 * whose highlight weights favour the query's rarer words.  When a query finds little, the index's
 * spelling data proposes a corrected query, and when it finds nothing, the fallback searches the
 * correction (reading.c), or any of the words.  Under the essay unit, rank_essays.c runs the query (essays
 * ranked by their whole text, or a second tier of paragraphs); context.c reads the paragraphs
 * around a hit, like.c searches for paragraphs like a given one.
 *
 * A search first ranks (the docids and weights of its hits, in "tiers":
 * those holding every word, then the others, each its text before its bare
 * headings where the index marks some), then reads each hit's document and
 * cuts its snippet: all at once for essay_search(), one at a time as the
 * caller asks for essay_search_stream(), which so holds one hit however
 * many it gives.  Before all that, a query past a limit of essay.h is
 * refused (query.c), among them what its wildcards stand for, which
 * count_terms() asks of the index.
 *
 * A commit by a concurrent indexer can invalidate blocks an open reader is
 * using (Xapian's DatabaseModifiedError): the search then reopens the index
 * at its latest revision (essay__try_again(), open.c) and runs again (a
 * stream: from the rank it had reached), so a search during an update sees
 * the old index or the new one, and never fails because of it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define DEFAULT_LIMIT 10
#define DEFAULT_SNIPPET 240
#define DEFAULT_BM25_K1 1.2     /* tests/RELEVANCE.md */
#define DEFAULT_BM25_B 0.75
#define SPREAD_MIN_WORDS 4      /* search_closest() */
#define SPREAD_MAX_WORDS 8
#define RUN_MIN_WORDS 4
#define RUN_COMMON_SHARE 100    /* a word in more than 1/100 of the paragraphs is common in a
                                   run of three (essay__query_closest(), essay__common_above()) */

essay_search_options essay_search_defaults(void)
{
    essay_search_options o = { .limit = DEFAULT_LIMIT, .snippet_chars = DEFAULT_SNIPPET };
    return o;
}

/* ---- results ------------------------------------------------------------ */

static void hit_clear(stored_hit *h)
{
    free(h->fields);
    essay__snippet_clear(&h->snippet);
    essay__context_clear(h);
    memset(h, 0, sizeof *h);
}

static void tiers_clear(essay_results *r)
{
    for (size_t i = 0; i < r->n_tiers; i++) {
        xc_mset_free(r->tiers[i].mset);
        xc_enquire_free(r->tiers[i].enq);
    }
    memset(r->tiers, 0, sizeof r->tiers);
    r->n_tiers = 0;
}

static void plan_release(essay_results *r);

/* Free what 'r' holds, and zero it. */
static void results_reset(essay_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        hit_clear(&r->hits[i]);
    free(r->hits);
    hit_clear(&r->current);
    tiers_clear(r);
    plan_release(r);
    free(r->suggestion);
    free(r->corrected);
    free(r->unparsed);
    free(r->asked_of);
    free(r->unrecorded);
    essay__facets_free(r->facets);
    memset(r, 0, sizeof *r);
}

void essay_results_truncate(essay_results *r, size_t n)
{
    for (; r->n > n; r->n--)
        hit_clear(&r->hits[r->n - 1]);
    if (r->count > n)
        r->count = n;
    if (r->n == r->count)
        tiers_clear(r);
}

void essay_results_free(essay_results *r)
{
    if (r == NULL)
        return;
    results_reset(r);
    free(r);
}

/* ---- the limits of a query ---------------------------------------------- */

/* How many terms of the index begin with 'prefix', counted up to 'max'
 * (essay__query_check_expansion()).  An index that cannot say counts as
 * none: the search then meets the failure and reports it. */
static size_t count_terms(const char *prefix, size_t max, void *ctx)
{
    size_t n = 0;
    xc_error xe;
    return xc_db_count_terms(((essay_searcher *)ctx)->db, prefix, max, &n, &xe) == 0 ? n : 0;
}

/* ---- the search --------------------------------------------------------- */

#define SWAP(type, a, b) do { type swapped_ = (a); (a) = (b); (b) = swapped_; } while (0)

/* Read the next hit of the tiers of 'r' into 'h' (ESSAY_DONE: none is left). */
static essay_status read_tier_hit(essay_results *r, stored_hit *h, xc_error *xe, char **err)
{
    hit_tier *t = r->tiers;
    while (t < r->tiers + r->n_tiers && t->next == t->n)
        t++;
    if (t == r->tiers + r->n_tiers)
        return ESSAY_DONE;
    essay_status st = essay__fill_hit(r->s, t->mset, t->next, t->m, &r->o,
                               r->o.offset + (unsigned)r->given + 1,
                               xc_mset_weight(t->mset, t->next), h, xe, err);
    if (st != ESSAY_OK)
        hit_clear(h);
    else
        t->next++;
    return st;
}

/* Options with their defaults filled in. */
essay_search_options essay__complete_options(const essay_search_options *opt)
{
    essay_search_options o = opt ? *opt : essay_search_defaults();
    if (o.limit == 0)
        o.limit = DEFAULT_LIMIT;
    if (o.snippet_chars == 0)
        o.snippet_chars = DEFAULT_SNIPPET;
    if (o.bm25_k1 == 0)
        o.bm25_k1 = DEFAULT_BM25_K1;
    if (o.bm25_b == 0)
        o.bm25_b = DEFAULT_BM25_B;
    return o;
}

/* 'r' was searched for one hit more than the page 'o' asks for: drop it, and
 * make the estimate agree with the hits.  Without it, the page holds the
 * last hit, and the total is exactly the hits before the page and on it;
 * with it, the total is more than that.  (A page past the last hit says
 * nothing of how far past it is.) */
static void settle_estimate(essay_results *r, const essay_search_options *o)
{
    int more = r->count > o->limit;
    if (more)
        essay_results_truncate(r, o->limit);
    size_t through = (size_t)o->offset + r->count;
    if (r->count > 0 && (!more || r->estimate <= through))
        r->estimate = through + (size_t)more;
}

/* Run 'p' into new results, reopening the index and trying again when a
 * concurrent commit invalidated what the reader was using. */
essay_status essay__run_with_retries(essay_searcher *s, const plan *p,
                                     const essay_search_options *o, essay_results **out,
                                     char **err)
{
    essay_results *r = calloc(1, sizeof *r);
    if (r == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    essay_status st;
    essay_search_options probe = *o;    /* one hit more: whether the page ends the hits */
    probe.limit += probe.limit < UINT_MAX;
    for (int attempt = 0;; attempt++) {
        st = p->rank_essays ? essay__run_essays(s, p, &probe, r, &xe, err)
                            : essay__run_query(s, p, &probe, r, &xe);
        if (!essay__try_again(s, st, &xe, attempt))
            break;
        results_reset(r);
    }
    if (st == ESSAY_XAPIAN)
        st = essay__fail_read(s, &xe, err);
    if (st != ESSAY_OK) {
        essay_results_free(r);
        return st;
    }
    settle_estimate(r, o);
    r->s = s;
    snprintf(r->language, sizeof r->language, "%s",
             essay_analyzer_language(s->analyzers.an));
    r->plan = (plan *)p;
    r->o = *o;
    *out = r;
    return ESSAY_OK;
}

/* Search the plan of 'r' again, for the hits after the r->given it handed
 * out: its tiers are replaced with the new ones. */
static essay_status search_rest(essay_results *r, xc_error *xe, char **err)
{
    essay_results *fresh = calloc(1, sizeof *fresh);
    if (fresh == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_search_options rest = r->o;
    rest.offset += (unsigned)r->given;
    rest.limit -= (unsigned)r->given;
    essay_status st = essay__run_query(r->s, r->plan, &rest, fresh, xe);
    if (st == ESSAY_OK) {
        tiers_clear(r);
        memcpy(r->tiers, fresh->tiers, sizeof r->tiers);
        r->n_tiers = fresh->n_tiers;
        r->count = r->given + fresh->count;
        fresh->n_tiers = 0;
    }
    essay_results_free(fresh);
    return st;
}

/* Read the next hit of the tiers of 'r' into 'h'.  A writer's commit may
 * have invalidated what the reader was using (DatabaseModifiedError): the
 * index is then opened again and searched anew from this rank on. */
static essay_status next_from_tiers(essay_results *r, stored_hit *h, char **err)
{
    xc_error xe;
    essay_status st;
    for (int attempt = 0;; attempt++) {
        st = read_tier_hit(r, h, &xe, err);
        if (!essay__try_again(r->s, st, &xe, attempt))
            break;
        if ((st = search_rest(r, &xe, err)) != ESSAY_OK)
            break;
    }
    if (st == ESSAY_XAPIAN)
        st = essay__fail_read(r->s, &xe, err);
    return st;
}

essay_status essay_results_next(essay_results *r, const essay_hit **hit, char **err)
{
    *hit = NULL;
    if (err != NULL)
        *err = NULL;
    stored_hit *h = &r->current;
    essay_status st = ESSAY_OK;
    if (r->given < r->n) {
        h = &r->hits[r->given];
    } else {
        hit_clear(h);
        st = r->n_tiers && r->given < r->count ? next_from_tiers(r, h, err) : ESSAY_DONE;
    }
    if (st == ESSAY_OK && r->context_s != NULL && !h->has_context)
        st = essay__add_context(r->context_s, h, r->before, r->after, err);
    if (st == ESSAY_OK) {
        r->given++;
        *hit = &h->hit;
    }
    return st;
}

/* Read every hit still in the tiers of 'r' into r->hits, as essay_search()
 * gives them, and let go of what reading them took. */
essay_status essay__read_all(essay_results *r, char **err)
{
    essay_status st = ESSAY_OK;
    while (st == ESSAY_OK && r->n < r->count) {
        if (essay__reserve_hits(r, r->count) != 0)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        r->given = r->n;
        if ((st = next_from_tiers(r, &r->hits[r->n], err)) == ESSAY_OK)
            r->n++;
    }
    r->given = 0;
    r->count = r->n;
    tiers_clear(r);
    plan_release(r);
    r->s = NULL;
    return st == ESSAY_DONE ? ESSAY_OK : st;
}

/* Whether hits one per essay, by relevance, are ranked by essay: when every
 * shard has its essay database, and not too deep (an exact count, or
 * thousands of essays, as --paths asks for, are left to the paragraphs). */
static int ranks_by_essay(const essay_searcher *s, const essay_search_options *o)
{
    return s->essays != NULL && !o->no_essay_database && o->per_essay == 1
           && o->sort == ESSAY_SORT_RELEVANCE
           && !o->exact_total && (unsigned long)o->offset + o->limit <= ESSAY_RANK_MAX;
}

/* Free the Xapian queries of 'p' (all NULL after). */
static void plan_free_queries(plan *p)
{
    xc_query_free(p->xq);
    xc_query_free(p->xq_loose);
    xc_query_free(p->xq_text);
    xc_query_free(p->xq_loose_text);
    xc_query_free(p->eq);
    xc_query_free(p->xq_first);
    p->xq = p->xq_loose = p->xq_text = p->xq_loose_text = p->eq = p->xq_first = NULL;
}

static void plan_free(plan *p)
{
    plan_free_queries(p);
    for (size_t i = 0; i < p->n_phrases; i++)
        xc_query_free(p->phrases[i]);
    essay__query_free(p->q);
    essay__query_free(p->loose);
}

/* Let go of the plan of 'r', freeing it if it is its own. */
static void plan_release(essay_results *r)
{
    if (r->owns_plan) {
        plan_free(r->plan);
        free(r->plan);
    }
    r->plan = NULL;
    r->owns_plan = 0;
}

/* Parse 'text' and build what searching it with 'o' takes.  The essay unit
 * applies to all-words queries of two parts or more, where every shard has
 * its essay database; a query of one part has no paragraphs that hold only
 * some of it. */
static essay_status plan_make(essay_searcher *s, const char *text,
                              const essay_search_options *o, plan *p, char **err)
{
    memset(p, 0, sizeof *p);
    p->k1 = o->bm25_k1;
    p->b = o->bm25_b;
    size_t len = strlen(text);
    const searcher_analyzers *a = &s->analyzers;
    essay_status st = essay__query_parse_in(a->held, a->n_held, text, len,
                                            o->match_any ? ESSAY_PARSE_ANY : ESSAY_PARSE_ALL,
                                            &p->q, err);
    if (st == ESSAY_OK)
        st = essay__query_check_expansion(p->q, count_terms, s, err);
    if (st != ESSAY_OK)
        return st;
    if (essay__query_titles_only(p->q))     /* held alike by the essays' paragraphs: */
        p->b = 0;   /* no length ranks them (a line of verse came first), so they come in order */
    int essay_unit = s->essays != NULL && !o->no_essay_database && !o->match_any
                     && !o->same_paragraph
                     && essay__query_parts(p->q) > 1;
    if (essay_unit && (st = essay__query_parse_in(a->held, a->n_held, text, len,
                                                  ESSAY_PARSE_SOME, &p->loose, err)) != ESSAY_OK)
        return st;
    xc_error xe;
    int ranked = 0;
    if (essay__query_fit_index(p->q, s->db, &xe) != 0
        || (essay_unit && essay__query_fit_index(p->loose, s->db, &xe) != 0)
        || essay__exclude_named(s, p, o, &xe) != 0)
        return essay__fail_read(s, &xe, err);
    int titled = 0, loose_titled = 0;
    if ((p->xq = essay__query_build(p->q, &xe)) == NULL
        || (essay_unit && (p->xq_loose = essay__query_build(p->loose, &xe)) == NULL)
        || ((p->xq_text = essay__query_build_text(p->q, &titled, &xe)) == NULL && titled)
        || (essay_unit && (p->xq_loose_text = essay__query_build_text(p->loose, &loose_titled,
                                                                       &xe)) == NULL
            && loose_titled))
        return essay__fail_xc(err, &xe, s->path);   /* built, not read: no damage */
    if ((essay_unit || ranks_by_essay(s, o))
        && (p->eq = essay__query_build_essays(p->q, &ranked, &xe)) == NULL && ranked)
        return essay__fail_xc(err, &xe, s->path);
    if (essay_unit
        && (p->n_phrases = essay__query_phrases(p->q, p->phrases, MAX_PHRASES, &xe)) == SIZE_MAX) {
        p->n_phrases = 0;
        return essay__fail_xc(err, &xe, s->path);
    }
    p->rank_essays = ranked && ranks_by_essay(s, o);
    if (essay__plan_first(s, p, o, &xe) != 0)  /* a sentence's paragraphs first */
        return essay__fail_read(s, &xe, err);
    p->m = essay__query_matchset(p->q);
    p->m_loose = essay_unit ? essay__query_matchset(p->loose) : NULL;
    /* any of the words: those holding every one first, then the rest */
    xc_query *every = NULL;
    if (o->match_any && !p->rank_essays && o->sort == ESSAY_SORT_RELEVANCE
        && essay__query_build_every(p->q, essay__names_essays, essay__is_name, s, &every,
                                    &xe) != 0)
        return essay__fail_read(s, &xe, err);
    if (every != NULL) {
        p->xq_loose = p->xq;
        p->xq_loose_text = p->xq_text;  /* the text of the query read: 'every' has none */
        p->xq_text = NULL;
        p->xq = every;
        p->m_loose = p->m;
        p->loose_everywhere = 1;
    }
    if (p->m == NULL || (essay_unit && p->m_loose == NULL))
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    return ESSAY_OK;
}

/* Search 'text' with 'o'; with 'filter' (may be NULL), in the paragraphs
 * and essays it matches only. */
static essay_status search_text_in(essay_searcher *s, const char *text, const xc_query *filter,
                                   const essay_search_options *o, essay_results **out,
                                   char **err)
{
    plan *p = malloc(sizeof *p);
    if (p == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    essay_status st = plan_make(s, text, o, p, err);
    if (st == ESSAY_OK && filter && essay__plan_combine(p, XC_OP_FILTER, filter, &xe) != 0)
        st = essay__fail_read(s, &xe, err);
    if (st == ESSAY_OK)
        st = essay__run_with_retries(s, p, o, out, err);
    if (st != ESSAY_OK) {
        plan_free(p);
        free(p);
        return st;
    }
    (*out)->owns_plan = 1;
    return ESSAY_OK;
}

static essay_status search_text(essay_searcher *s, const char *text,
                                const essay_search_options *o, essay_results **out,
                                char **err)
{
    return search_text_in(s, text, NULL, o, out, err);
}

static int found_nothing(const essay_results *r)
{
    return r->count == 0 && r->estimate == 0;
}

/* 'other' replaces '*r', which is freed: relaxed as 'relaxed', and saying
 * what '*r' said of the query: its correction, suggestion and parse. */
static void replace_results(essay_results **r, essay_results *other, int relaxed)
{
    other->relaxed = relaxed;
    other->spelling_partial = (*r)->spelling_partial;
    SWAP(char *, other->corrected, (*r)->corrected);
    SWAP(char *, other->suggestion, (*r)->suggestion);
    SWAP(char *, other->unparsed, (*r)->unparsed);
    SWAP(char *, other->asked_of, (*r)->asked_of);
    SWAP(essay_results *, other, *r);
    essay_results_free(other);
}

/* Name 'corrected' (malloc'd, taken over) as the query '*r' searched,
 * corrected, and keep the suggestion of 'r' only if it corrects more. */
static void name_correction(essay_results *r, char *corrected)
{
    if (r->suggestion != NULL && strcmp(r->suggestion, corrected) == 0) {
        free(r->suggestion);
        r->suggestion = NULL;
    }
    free(r->corrected);
    r->corrected = corrected;
}

/* When the query found nothing and each of its words, common words aside,
 * names essays -- their author or file name (essays.c), which no paragraph
 * of theirs holds: "montaigne", "quintus ennius", "what did Ennius write?"
 * -- the hits are those essays, each by its first paragraph, in a stable
 * order (their ids: ESSAY_RELAXED_NAMED).  Else, and on a Xapian error in
 * looking for them, '*r' stands. */
static essay_status search_named(essay_searcher *s, const char *query,
                                 const essay_search_options *o, essay_results **r, char **err)
{
    xc_error xe;
    xc_query *names = NULL, *named = NULL;
    size_t n_named = 0;
    if (essay__query_names((*r)->plan->q, &names, &xe) == 0 && names != NULL)
        essay__essays_named(s, (*r)->plan, names, &named, &n_named, &xe);
    xc_query_free(names);
    if (named == NULL)
        return ESSAY_OK;
    essay_search_options first = *o;
    first.per_essay = 1;
    plan *p = malloc(sizeof *p);
    essay_status st = p ? plan_make(s, query, &first, p, err)
                        : essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st == ESSAY_OK) {
        plan_free_queries(p);
        p->xq = named;          /* every paragraph of those essays, in docid order */
        named = NULL;
        p->rank_essays = 0;
    }
    essay_results *other = NULL;
    if (st == ESSAY_OK)
        st = essay__run_with_retries(s, p, &first, &other, err);
    xc_query_free(named);
    if (st == ESSAY_OK)
        other->owns_plan = 1;
    else if (p != NULL)
        plan_free(p);
    if (st != ESSAY_OK || found_nothing(other)) {
        free(st == ESSAY_OK ? NULL : p);
        essay_results_free(other);
        return st;
    }
    /* one hit an essay: their number is known (Xapian's, under the collapse, is a guess) */
    other->estimate = n_named > first.offset + other->count ? n_named : first.offset + other->count;
    replace_results(r, other, ESSAY_RELAXED_NAMED);
    return ESSAY_OK;
}

/* Search 'corrected' (malloc'd, taken over; NULL: out of memory), a correction
 * of the query of '*r', else the essays it names (search_named(): "irving"):
 * what finds something replaces '*r', which names it as the query corrected
 * (essay_results_corrected()), and keeps the suggestion of '*r' only if it corrects more. */
static essay_status search_correction(essay_searcher *s, const essay_search_options *o,
                                      char *corrected, essay_results **r, char **err)
{
    if (corrected == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_results *other = NULL;
    essay_status st = search_text(s, corrected, o, &other, err);
    if (st == ESSAY_OK && found_nothing(other))
        st = search_named(s, corrected, o, &other, err);
    if (st != ESSAY_OK || found_nothing(other)) {
        free(corrected);
        essay_results_free(other);
        return st;
    }
    name_correction(*r, corrected);
    replace_results(r, other,
                    other->relaxed == ESSAY_RELAXED_NAMED ? ESSAY_RELAXED_NAMED : (*r)->relaxed);
    return st;
}

/* Does 'text', that found nothing, find something with its quotes taken away? */
static int found_unquoted(essay_searcher *s, const char *text, const essay_search_options *o)
{
    char *unquoted = o->match_any ? NULL : essay__query_unquoted(text);
    essay_results *r = NULL;
    int found = unquoted != NULL && strcmp(unquoted, text) != 0
                && search_text(s, unquoted, o, &r, NULL) == ESSAY_OK && !found_nothing(r);
    free(unquoted);
    essay_results_free(r);
    return found;
}

/* When '*r' found nothing: search 'correction' (malloc'd, taken over), the query with the
 * words the index does not know corrected, if there is one; if that finds nothing either,
 * any of the words of the query, or of the correction, common words aside and phrases taken
 * apart (a quote misremembered by a word; "chesterton-shaw": essay__query_apart()): relaxed
 * as ESSAY_RELAXED_PHRASE when the query finds something without its quotes, else
 * ESSAY_RELAXED_CLOSEST.  What finds something replaces '*r'; a relaxed reading that does
 * not parse leaves it as it is. */
static essay_status fall_back(essay_searcher *s, const char *query, char *correction,
                              const essay_search_options *o, essay_results **r, char **err)
{
    char *corrected = correction ? strdup(correction) : NULL;
    essay_status st = correction ? search_correction(s, o, correction, r, err) : ESSAY_OK;
    if (st != ESSAY_OK || (*r)->corrected != NULL) {
        free(corrected);
        return st;
    }
    essay_results *other = NULL;
    essay_search_options any = *o;
    any.match_any = 1;
    char *words = essay__query_apart(corrected ? corrected : query);
    if (words == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (!o->match_any || strcmp(words, corrected ? corrected : query) != 0)
        st = search_text(s, words, &any, &other, err);
    if (st == ESSAY_BAD_QUERY && err != NULL) {
        free(*err);
        *err = NULL;
    }
    st = st == ESSAY_BAD_QUERY ? ESSAY_OK : st;
    free(words);
    if (st != ESSAY_OK || other == NULL || found_nothing(other)) {
        free(corrected);
        essay_results_free(other);
        return st;
    }
    int kind = found_unquoted(s, corrected ? corrected : query, o) ? ESSAY_RELAXED_PHRASE
                                                                     : ESSAY_RELAXED_CLOSEST;
    if (corrected)
        name_correction(*r, corrected);
    replace_results(r, other, kind);
    return ESSAY_OK;
}

/* Does a paragraph match 'q'?  On an error, yes. */
static int a_paragraph_matches(essay_searcher *s, const xc_query *q)
{
    xc_error xe;
    unsigned n = 0;
    return xc_db_count_matches(s->db, q, 1, &n, &xe) != 0 || n > 0;
}

/* Did the essay unit find essays that hold every word of the query of 'r',
 * but no paragraph that does?  Asked of the index unless the search found
 * one (r->whole_found). */
static int found_only_spread(essay_searcher *s, const essay_results *r,
                             const essay_search_options *o)
{
    const plan *p = r->plan;
    return !o->match_any && p != NULL && p->xq_loose != NULL && !found_nothing(r)
           && !r->whole_found && !a_paragraph_matches(s, p->xq);
}

/* Does some paragraph of text (no bare heading, no match by the title
 * alone) match the query of 'p'? */
static int text_matches(essay_searcher *s, const plan *p)
{
    if (s->bare_headings == 0 && p->xq_text == NULL)
        return 1;
    xc_error xe;
    xc_query *text = essay__text_first(s, p->xq, p->xq_text, 0, &xe);
    int matches = text == NULL || a_paragraph_matches(s, text);
    xc_query_free(text);
    return matches;
}

/* When '*r' found essays that hold every word of a query of plain words but
 * no paragraph that does (found_only_spread()), and some paragraphs of text
 * come close (essay__query_closest()): of SPREAD_MIN_WORDS distinct words
 * or more (common words aside), holding all of them but one; of
 * RUN_MIN_WORDS words or more, holding three of them in a row as typed.
 * Those paragraphs come first (those of the named author's essays, else of
 * the essays that hold every word, first: essay__plan_first_closest()), in place of the paragraphs
 * holding every word, then the essay unit's paragraphs holding some of the
 * words (ESSAY_RELAXED_SPREAD).  Over a few hundred books some long one
 * holds every word of a query far apart, while the paragraph a
 * half-remembered quote comes from holds all but the word remembered wrong
 * ("an adventure is just an inconvenience rightly considered": "only";
 * "we do not ride on the railway, it rides on us": Walden's "railroad"),
 * and was not among the hits at all; the essays that hold every word stay,
 * after it.  Of three words, two in one paragraph say less than three in
 * one essay: hence the minimums.  Not when essays are ranked (per-essay 1). */
static essay_status search_closest(essay_searcher *s, const essay_search_options *o,
                                       essay_results **r, char **err)
{
    plan *p = (*r)->plan;
    if (p->rank_essays)
        return ESSAY_OK;
    char *text = essay__query_closest(p->q, SPREAD_MIN_WORDS, SPREAD_MAX_WORDS, RUN_MIN_WORDS,
                                      s->db, essay__common_above(s, RUN_COMMON_SHARE));
    if (text == NULL || !found_only_spread(s, *r, o)) {
        free(text);
        return ESSAY_OK;
    }
    plan near;
    essay_status st = plan_make(s, text, o, &near, NULL);
    free(text);
    if (st != ESSAY_OK || !text_matches(s, &near)) {
        plan_free(&near);   /* the words parsed once: it can only fail for want of memory */
        return st == ESSAY_NOMEM ? essay__fail(err, st, "out of memory") : ESSAY_OK;
    }
    SWAP(xc_query *, p->xq, near.xq);
    SWAP(xc_query *, p->xq_text, near.xq_text);
    plan_free(&near);
    xc_error xe;
    if (essay__plan_first_closest(s, p, o, &xe) != 0)
        return essay__fail_xc(err, &xe, s->path);
    essay_results *other = NULL;
    if ((st = essay__run_with_retries(s, p, o, &other, err)) != ESSAY_OK)
        return st;
    other->owns_plan = 1;
    (*r)->owns_plan = 0;
    replace_results(r, other, ESSAY_RELAXED_SPREAD);
    return ESSAY_OK;
}

/* A question asked of someone whose name the essays are known by (their
 * author or file name, essays.c): "what did Thoreau say about the railroad"
 * asks what Thoreau wrote, not what the letters that name him say.  The
 * longest name of the question's words after its auxiliary that names
 * essays ("what did Mark Twain think", "What Did Thoreau Go ...": Thoreau)
 * is taken, and one of its words must be a name to the index too
 * (essay__spelling_one_is_name()): the words of titles in file names ("what do
 * dead authors teach") are no author.  The question's other words are
 * searched in those essays; when they find something there, those are the
 * results (essay_results_asked_of()), else the question's stand. */
static essay_status search_asked_of(essay_searcher *s, const essay_search_options *o,
                                    essay_results **r, char **err)
{
    essay_status st = ESSAY_OK;
    for (size_t words = ESSAY_ASKED_NAME_MAX; words > 0; words--) {
        char *name, *folded, *rest;
        xc_query *names, *filter = NULL;
        if (!essay__query_asked_of((*r)->plan->q, words, &name, &folded, &names, &rest))
            continue;
        xc_error xe;
        essay_results *other = NULL;
        size_t n_named;
        int named = essay__essays_named(s, (*r)->plan, names, &filter, &n_named, &xe) == 0
                    && filter != NULL && essay__spelling_one_is_name(s->db, folded);
        if (named)
            st = search_text_in(s, rest, filter, o, &other, NULL);
        if (st == ESSAY_OK && other != NULL && !found_nothing(other)) {
            (*r)->asked_of = name;
            name = NULL;
            replace_results(r, other, (*r)->relaxed);
        } else {
            essay_results_free(other);
        }
        xc_query_free(filter);
        xc_query_free(names);
        free(name);
        free(folded);
        free(rest);
        if (named || st != ESSAY_OK)
            break;      /* the longest name that names essays is the one asked of */
    }
    /* out of memory: said; else (nothing left to search, a Xapian error that
       the question's search did not meet) the question's results stand */
    return st == ESSAY_NOMEM ? essay__fail(err, st, "out of memory") : ESSAY_OK;
}

/* A query that fails to parse only on its quotes or brackets (an unclosed
 * quote, a stray ')': text pasted as it was written) is read leniently: a
 * quote left open closes at the end, as Xapian's own parser reads it (the
 * phrase the user began: '"the mass of men'), and if that does not parse
 * either, the query is read as match_any reads one, for any of its words
 * (a stray ')'), unless o->strict (the query as written; essay-search
 * --count and --limit 0 too) or it was read so already.  The query
 * language misused ("tax* NEAR war", "lang:xx") is still refused: its
 * user wants to know.  The parse's message is kept for
 * essay_results_unparsed(); when the lenient reading fails to parse too
 * (nothing left to search), it stands. */
static essay_status read_leniently(essay_searcher *s, const char *query,
                                   essay_search_options *o, essay_results **r, char **err)
{
    if (o->strict || o->match_any || !essay__reads_leniently(s, query))
        return ESSAY_BAD_QUERY;
    char *why = err ? *err : NULL, *closed = NULL;
    if (err != NULL)
        *err = NULL;
    essay_status st = asprintf(&closed, "%s\"", query) < 0 ? ESSAY_NOMEM
                      : search_text(s, closed, o, r, NULL);
    free(closed);
    if (st != ESSAY_OK) {
        o->match_any = 1;
        st = search_text(s, query, o, r, err);
    }
    if (st == ESSAY_OK) {
        (*r)->relaxed = ESSAY_RELAXED_UNPARSED;
        (*r)->unparsed = why;
        return st;
    }
    o->match_any = 0;
    if (st == ESSAY_BAD_QUERY && err != NULL) {
        free(*err);
        *err = why;
    } else {
        free(why);
    }
    return st;
}

/* essay_search(), or with 'stream', essay_search_stream(). */
static essay_status search(essay_searcher *s, const char *query, const essay_search_options *opt,
                           int stream, essay_results **out, char **err)
{
    *out = NULL;
    essay_search_options o = essay__complete_options(opt);
    /* a page pasted whole: its start, as far as the limits allow, unless the
       query as written is asked for */
    size_t len = strlen(query), words = 0;
    size_t fit = o.strict ? len : essay__query_fit(s->analyzers.held, s->analyzers.n_held,
                                                   query, len, &words);
    char *cut = fit > 0 && fit < len ? strndup(query, fit) : NULL;
    if (fit > 0 && fit < len && cut == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    query = cut ? cut : query;
    char *question_text = NULL;
    int question = essay__read_as_question(s, query, &o, &question_text);
    o.match_any |= question;
    query = question_text ? question_text : query;
    essay_results *r = NULL;
    essay_status st = search_text(s, query, &o, &r, err);
    if (st == ESSAY_BAD_QUERY)
        st = read_leniently(s, query, &o, &r, err);
    if (st != ESSAY_OK) {
        free(question_text);
        free(cut);
        return st;
    }
    if (question)
        r->relaxed = ESSAY_RELAXED_QUESTION;
    essay_results *unfiltered = NULL;  /* a field most essays lack: its words (unrecorded.c) */
    if (found_nothing(r)
        && ((st = essay__search_unrecorded(s, query, opt, stream, search, r, &unfiltered, err))
            != ESSAY_OK || unfiltered != NULL
            || (!o.strict && (st = search_named(s, query, &o, &r, err)) != ESSAY_OK))) {
        free(question_text);
        free(cut);
        essay_results_free(r);
        *out = unfiltered;
        return st;
    }
    int named = r->relaxed == ESSAY_RELAXED_NAMED;
    /* every query: a word the index does not know finds nothing of its own (any
       of the words), or finds another word of its stem ("goverment": "governess") */
    char *correction = NULL;
    if (!named) {
        r->suggestion = essay__read_corrected(s, r->plan->q, found_nothing(r),
                                              o.strict || o.no_correct ? NULL : &correction);
        r->spelling_partial = s->n_remote > 0;
    }
    if (found_nothing(r) && !o.strict)
        st = fall_back(s, query, correction, &o, &r, err);
    else if (correction != NULL)
        st = search_correction(s, &o, correction, &r, err);
    /* a question read for any of its words (as one, or under --any) is
       asked of the essays of the name it asks of */
    if (st == ESSAY_OK && !o.strict && !named)
        st = search_asked_of(s, &o, &r, err);
    if (st == ESSAY_OK && !o.strict && r->relaxed == 0)
        st = search_closest(s, &o, &r, err);
    free(question_text);
    if (st == ESSAY_OK && cut != NULL) {
        r->truncated = fit;
        r->truncated_words = words;
    }
    free(cut);
    if (st == ESSAY_OK && stream)
        r->streamed = 1;
    else if (st == ESSAY_OK)
        st = essay__read_all(r, err);
    if (st != ESSAY_OK) {
        essay_results_free(r);
        return st;
    }
    *out = r;
    return ESSAY_OK;
}

/* search() of 'query' with its blanks that are no ASCII one made spaces
 * (essay__query_blanked()): a no-break space pasted between two words
 * separates them, where it made them a phrase. */
static essay_status search_blanked(essay_searcher *s, const char *query,
                                   const essay_search_options *opt, int stream,
                                   essay_results **out, char **err)
{
    *out = NULL;
    char *blanked = essay__query_blanked(query);
    if (blanked == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = search(s, blanked, opt, stream, out, err);
    free(blanked);
    return st;
}

essay_status essay_search(essay_searcher *s, const char *query, const essay_search_options *opt,
                          essay_results **out, char **err)
{
    return search_blanked(s, query, opt, 0, out, err);
}

essay_status essay_search_stream(essay_searcher *s, const char *query,
                                 const essay_search_options *opt, essay_results **out,
                                 char **err)
{
    return search_blanked(s, query, opt, 1, out, err);
}

