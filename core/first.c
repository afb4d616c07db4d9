/* first.c -- the paragraphs a search shows before its other hits
 * (plan.xq_first): the words of a query read as what a person typed them
 * for.  Of a heading or a title typed, the paragraphs it heads
 * (first_headed()); of an author's name with a heading or title of his,
 * the same (first_headed_by_named()); of a sentence or a short quote typed
 * without quotes, the paragraphs holding it as typed, or with a word wrong
 * (essay__query_sentence()); of an author's name with other words, that
 * author's paragraphs holding them (first_in_named_essays()); and when no
 * paragraph holds a query whole, of the paragraphs that come closest, the
 * named author's, else those of the essays that hold all of it
 * (essay__plan_first_closest()).  rank_essays.c runs them as the first
 * tier of a paragraph search, before the tiers they leave out, and under a
 * per-essay limit, where only the author's are asked for, shows their
 * essays before the others.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define COMMON_MIN 100          /* essay__common_above(): cheap to check below that */
#define QUOTE_MIN_WORDS 2       /* a quote as typed: two words side by side ("free will") */
#define SENTENCE_MIN_WORDS 6    /* a sentence with a word wrong */
/* A sentence or a quote of few words asks for a phrase when a word of it
 * is in at most one paragraph in twenty, or (of few words) at most that
 * many paragraphs hold its words together: of frequent words the phrase
 * checks the positions of thousands of paragraphs. */
#define SENTENCE_COMMON_SHARE 20
#define AUTHOR_NAMED_SHARE 20   /* an author's essays name him in at most 1 paragraph in 20 */
#define MATCHES_CHECKED 2000    /* paragraphs counted for that share */

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

/* How many paragraphs match 'q' in the index of 's', about (Xapian's
 * estimate, checking MATCHES_CHECKED of them); UINT_MAX on an error. */
static unsigned matches(essay_searcher *s, const plan *p, const xc_query *q)
{
    xc_error xe;
    xc_enquire *enq = essay__enquire(p, s->db, q, 0, ESSAY_SORT_RELEVANCE, &xe);
    xc_mset *m = enq ? xc_enquire_mset(enq, 0, 0, MATCHES_CHECKED, &xe) : NULL;
    unsigned n = m ? xc_mset_estimated(m) : UINT_MAX;
    xc_mset_free(m);
    xc_enquire_free(enq);
    return n;
}

/* Whether no paragraph of the index of 's' matches 'q'.  On an error, no. */
static int none_match(essay_searcher *s, const xc_query *q)
{
    xc_error xe;
    unsigned n = 0;
    return xc_db_count_matches(s->db, q, 1, &n, &xe) == 0 && n == 0;
}

/* The paragraphs 'within' of the essays 'essays' matches in the essay
 * database put first (put_first()); nothing when it matches none, when
 * 'seldom' (may be NULL) is held by more than one of their paragraphs in
 * AUTHOR_NAMED_SHARE, or, with 'if_any', when none of their paragraphs
 * matches 'within'.  1 if they are put first, 0 if not, or -1 on an error
 * (in 'xe'). */
static int first_of_essays(essay_searcher *s, plan *p, const xc_query *within,
                           const xc_query *essays, const xc_query *seldom, int if_any,
                           xc_error *xe)
{
    xc_query *filter = NULL, *held = NULL;
    size_t n;
    if (essay__essays_named(s, p, essays, &filter, &n, xe) != 0)
        return -1;
    if (filter == NULL)
        return 0;
    xc_query *pair[2] = { (xc_query *)seldom, filter };
    int rc = seldom != NULL && (held = xc_query_combine(XC_OP_FILTER, pair, 2, 0, xe)) == NULL
             ? -1 : 0;
    if (rc == 0 && (held == NULL
                    || (unsigned long)matches(s, p, held) * AUTHOR_NAMED_SHARE
                       <= matches(s, p, filter))) {
        pair[0] = (xc_query *)within;
        xc_query *in = xc_query_combine(XC_OP_FILTER, pair, 2, 0, xe);
        if (in != NULL && if_any && none_match(s, in))
            xc_query_free(in);
        else
            rc = put_first(p, in, xe) != 0 ? -1 : 1;
    }
    xc_query_free(held);
    xc_query_free(filter);
    return rc;
}

/* In *out, the paragraphs that have the heading key 'term' (headings.c),
 * ranked by 'within', or NULL when no paragraph has it.  A paragraph whose
 * heading the words are holds them; one named by its essay's title may
 * not (a header's title is no text), and is the essay's all the same, as
 * its phrase's match by the title alone (tiers.c) is.  0, or -1 on an
 * error (in 'xe'). */
static int with_heading(essay_searcher *s, const xc_query *within, const char *term,
                        xc_query **out, xc_error *xe)
{
    unsigned headed = 0;
    *out = NULL;
    if (xc_db_termfreq(s->db, term, &headed, xe) != 0)
        return -1;
    if (headed == 0)
        return 0;
    xc_query *key = xc_query_term(term, strlen(term), 1, 0, xe);
    xc_query *pair[2] = { key, (xc_query *)within };
    *out = key ? xc_query_combine(XC_OP_AND_MAYBE, pair, 2, 0, xe) : NULL;
    xc_query_free(key);
    return *out ? 0 : -1;
}

/* The paragraphs holding the query that a heading of which, or their
 * essay's title, the query types (headings.c: "aes triplex", "economy",
 * "an apology for idlers"), first: the section it names, before the notes
 * and the reviews that quote its name.  1 if there are any, 0 if not, or
 * -1 on an error (in 'xe'). */
static int first_headed(essay_searcher *s, plan *p, xc_error *xe)
{
    char terms[ESSAY_HEADING_TERMS_MAX * ESSAY_HEADING_VARIANTS][18];
    size_t n = essay__query_heading_terms(p->q, terms, ESSAY_HEADING_TERMS_MAX);
    int put = 0;
    /* none named: a common word typed in the title too many ("the origin
       of the species") */
    for (int variants = 0; variants < 2 && !put; variants++) {
        if (variants)
            n = essay__query_heading_variants(p->q, terms, sizeof terms / sizeof *terms);
        for (size_t i = 0; i < n; i++) {
            xc_query *headed;
            if (with_heading(s, p->xq, terms[i], &headed, xe) != 0
                || (headed != NULL && put_first(p, headed, xe) != 0))
                return -1;
            put |= headed != NULL;
        }
    }
    return put;
}

int essay__is_name(const char *term, void *ctx)
{
    essay_searcher *s = ctx;
    char bare[256];     /* a term is shorter (analyze.c) */
    size_t n = strlen(term);
    if (n > 2 && n - 2 < sizeof bare && strcmp(term + n - 2, "'s") == 0) {
        memcpy(bare, term, n - 2);
        bare[n - 2] = '\0';
        term = bare;
    }
    return essay__written_as_name(s->db, term, ESSAY_NAME_CAPITALS);
}

/* The named words of p's query (essay__query_named_words()), by the index
 * of 's'.  0, or -1 on an error (in 'xe'). */
static int named_words_of(essay_searcher *s, const plan *p, essay_named_words *w, xc_error *xe)
{
    return essay__query_named_words(p->q, essay__names_essays, essay__is_name, s, w, xe);
}

/* Which paragraphs of an author's essays first_in_named_essays() puts first. */
typedef enum {
    NAMED_HOLDING_ALL,      /* those holding the query's other words */
    NAMED_CLOSEST,          /* those of p->xq, of the essays holding them all */
    NAMED_HOLDING_SOME,     /* those holding some of them, of all his essays */
} named_paragraphs;

/* The paragraphs 'which' of the essays the words 'w' of 'p' name
 * (essay__query_named_words()), first, when those words name an author:
 * they name essays and are names (essay__is_name()), are not typed as part of
 * another name the text holds ("new england", "george
 * washington", "cape horn"; the author's whole name, "robert louis
 * stevenson", is one), and the essays they name seldom hold them in
 * their text (an author's own text seldom names him; "A Short History of
 * England" names England on every page).  NAMED_CLOSEST and
 * NAMED_HOLDING_SOME only when some paragraph of theirs is such.  1 when
 * they are put first, 0 when not, or -1 on an error (in 'xe'). */
static int first_of_named(essay_searcher *s, plan *p, const essay_named_words *w,
                          named_paragraphs which, xc_error *xe)
{
    /* the essays named (that hold the other words: fewer to filter by) */
    xc_query *pair[2] = { w->names, w->others };
    xc_query *essays = xc_query_combine(XC_OP_AND, pair, which == NAMED_HOLDING_SOME ? 1 : 2, 0,
                                        xe);
    const xc_query *within = which == NAMED_CLOSEST ? p->xq
                             : which == NAMED_HOLDING_SOME ? w->some : w->others;
    int rc = essays == NULL ? -1
             : first_of_essays(s, p, within, essays, w->text, which != NAMED_HOLDING_ALL, xe);
    xc_query_free(essays);
    return rc;
}

/* first_of_named() of each of which[0..n) in turn, until one puts
 * paragraphs first, of the query's named words 'w'.  1 when some are put
 * first, 0 when none are, or -1 on an error (in 'xe'). */
static int first_in_named_essays(essay_searcher *s, plan *p, const essay_named_words *w,
                                 const named_paragraphs *which, size_t n, xc_error *xe)
{
    int rc = 0;
    if (w->names != NULL && (w->adjacent == NULL || none_match(s, w->adjacent)))
        for (size_t k = 0; rc == 0 && k < n; k++)
            rc = first_of_named(s, p, w, which[k], xe);
    return rc;
}

/* When the query's other words 'w' type a heading or a title of the essays
 * its names name ("stevenson aes triplex", "darwin origin of species"),
 * the paragraphs it heads, first: the essay, before the notes and letters
 * on it, however often those essays hold the name (an edition's notes name
 * its author on every page), and whether or not the text writes the name
 * beside them ("Darwin's Origin of Species" is the book's name, not
 * another).  1 if there are any, 0 if not, or -1 on an error (in 'xe'). */
static int first_headed_by_named(essay_searcher *s, plan *p, const essay_named_words *w,
                                 xc_error *xe)
{
    if (w->names == NULL || w->n_headings == 0)
        return 0;
    xc_query *pair[2] = { w->names, w->others };
    xc_query *essays = xc_query_combine(XC_OP_AND, pair, 2, 0, xe);
    int rc = essays == NULL ? -1 : 0, put = 0;
    for (size_t i = 0; rc == 0 && i < w->n_headings; i++) {
        xc_query *headed;
        rc = with_heading(s, w->others, w->headings[i], &headed, xe);
        if (rc == 0 && headed != NULL)
            rc = first_of_essays(s, p, headed, essays, NULL, 1, xe);
        put |= rc > 0;
        rc = rc < 0 ? -1 : 0;
        xc_query_free(headed);
    }
    xc_query_free(essays);
    return rc < 0 ? -1 : put;
}

/* A heading typed puts first the paragraphs it heads, alone: before the
 * paragraphs that hold it as a quote (the notes on "a gossip on romance"),
 * and under --per-essay 1 its essay.  Not under a per-essay limit of more:
 * an essay shown first is not shown again after (rank_essays.c), so that
 * it would be shown by its heading's paragraph alone.  The query's named
 * words are read once, for the rules that ask for them. */
int essay__plan_first(essay_searcher *s, plan *p, const essay_search_options *o, xc_error *xe)
{
    static const named_paragraphs holding_all = NAMED_HOLDING_ALL;
    if (o->strict || o->sort != ESSAY_SORT_RELEVANCE || s->n_remote > 0)
        return 0;
    int headings = o->per_essay <= 1;
    int rc = headings ? first_headed(s, p, xe) : 0;
    essay_named_words w = { 0 };
    if (rc == 0)
        rc = named_words_of(s, p, &w, xe) != 0 ? -1
             : headings ? first_headed_by_named(s, p, &w, xe) : 0;
    p->first_headed = rc > 0;
    /* an essay of a sentence's paragraphs is no essay to rank first */
    if (rc == 0 && o->per_essay == 0)
        rc = essay__query_sentence(p->q, QUOTE_MIN_WORDS, SENTENCE_MIN_WORDS, s->db,
                                   essay__common_above(s, SENTENCE_COMMON_SHARE), &p->xq_first,
                                   xe) != 0 ? -1 : 0;
    if (rc == 0)
        rc = first_in_named_essays(s, p, &w, &holding_all, 1, xe);
    essay__named_words_clear(&w);
    return rc < 0 ? -1 : 0;
}

int essay__plan_first_closest(essay_searcher *s, plan *p, const essay_search_options *o,
                              xc_error *xe)
{
    /* sorted by date, nothing comes first (as essay__plan_first()): a page
       is a slice of one order */
    if (o->sort != ESSAY_SORT_RELEVANCE || s->essays == NULL || p->eq == NULL)
        return 0;
    /* the named author's essays: their paragraphs that come closest, else
       those holding some of the other words (his text need not name him) */
    static const named_paragraphs closest[] = { NAMED_CLOSEST, NAMED_HOLDING_SOME };
    essay_named_words w;
    int named = named_words_of(s, p, &w, xe) != 0 ? -1
                : first_in_named_essays(s, p, &w, closest, 2, xe);
    essay__named_words_clear(&w);
    if (named != 0)
        return named < 0 ? -1 : 0;
    return first_of_essays(s, p, p->xq, p->eq, NULL, 0, xe) < 0 ? -1 : 0;
}
