/* tiers.c -- ranking paragraphs: one tier of hits.  The primitives the
 * search (search.c) and the essay unit (rank_essays.c) share: a query
 * session ranked by BM25 (essay__enquire()), a paragraph query split into
 * what holds it in the text and the rest: bare headings, a title phrase's
 * matches by the title alone (essay__text_first()), a tier of hits
 * still to read (essay__run_tier(): their docids and weights, a passage
 * reprinted in several essays once, the highlight weights of the query's
 * words by their rarity), a hit filled from its match (its stored fields,
 * schema.c, in its own language, its snippet, snippet.c, and how many
 * copies of its text the index holds), and the room the results keep their
 * hits in.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define TOTAL_CHECKED 100      /* matches a tier checks at least, for its total */
#define COPIES_LISTED_MAX 1000 /* paragraphs listed before a tier whose copies it leaves out */
#define TIER_LISTED_MAX 100    /* paragraphs of a tier the tiers after it leave out by name */

/* Room for 'n' hits in r->hits. */
int essay__reserve_hits(essay_results *r, size_t n)
{
    if (n <= r->cap)
        return 0;
    stored_hit *hits = realloc(r->hits, n * sizeof *hits);
    if (hits == NULL)
        return -1;
    memset(hits + r->cap, 0, (n - r->cap) * sizeof *hits);
    r->hits = hits;
    r->cap = n;
    return 0;
}

/* Copy the stored fields of a hit into one block of NUL-terminated strings. */
static int fill_fields(stored_hit *h, const essay_docdata *d)
{
    size_t total = d->path_len + d->title_len + d->author_len + d->date_len + d->text_len
                   + d->line_map_len + 6;
    char *p = h->fields = malloc(total);
    if (p == NULL)
        return -1;
    const char *src[] = { d->path, d->title, d->author, d->date, d->text, d->line_map };
    size_t lens[] = { d->path_len, d->title_len, d->author_len, d->date_len, d->text_len,
                      d->line_map_len };
    const char **dst[] = { &h->hit.path, &h->hit.title, &h->hit.author, &h->hit.date,
                           &h->hit.text, &h->line_map };
    for (int i = 0; i < 6; i++) {
        memcpy(p, src[i], lens[i]);
        p[lens[i]] = '\0';
        *dst[i] = p;
        p += lens[i] + 1;
    }
    if (d->author_len == 0)
        h->hit.author = NULL;
    if (d->date_len == 0)
        h->hit.date = NULL;
    h->hit.line = d->line;
    h->hit.paragraph = d->paragraph;
    return 0;
}

/* ---- highlight weights -------------------------------------------------- */

/* How many paragraphs hold a stem of the word 'mt' in some language, at
 * most (the sum of the stems' frequencies), into *tf; 0, or -1. */
static int stems_frequency(essay_searcher *s, const essay_match_term *mt, unsigned *tf)
{
    char term[512];
    xc_error xe;
    *tf = 0;
    for (size_t k = 0; k < mt->n_stems; k++) {
        unsigned f = 0;
        if (mt->stems[k] == NULL)
            continue;
        snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_STEM, mt->stems[k]);
        if (xc_db_termfreq(s->db, term, &f, &xe) != 0)
            return -1;
        *tf += f;
    }
    return 0;
}

/* Weight each group by the inverse document frequency of its rarest term, so
 * the snippet prefers the window with the rare words of the query. */
void essay__weigh_groups(essay_searcher *s, essay_matchset *m)
{
    unsigned docs = 0;
    xc_error xe;
    if (xc_db_doccount(s->db, &docs, &xe) != 0)
        return;
    char term[512];
    for (size_t g = 0; g < m->n; g++) {
        double best = 1.0;
        for (size_t t = 0; t < m->groups[g].n; t++) {
            const essay_match_term *mt = &m->groups[g].terms[t];
            if (mt->kind == ESSAY_MATCH_PREFIX)
                continue;
            snprintf(term, sizeof term, "%s%.*s", mt->kind == ESSAY_MATCH_STEM ?
                     ESSAY_PREFIX_STEM : "", (int)mt->len, mt->text);
            unsigned tf = 0;
            if ((mt->n_stems > 1 ? stems_frequency(s, mt, &tf)
                                 : xc_db_termfreq(s->db, term, &tf, &xe)) == 0) {
                double idf = log((docs + 1.0) / (tf + 0.5));
                if (idf > best)
                    best = idf;
            }
        }
        m->groups[g].weight = best;
    }
}

/* ---- the text first ----------------------------------------------------- */

int essay__splits_text(const essay_searcher *s, const xc_query *text)
{
    return s->bare_headings > 0 || text != NULL;
}

/* The paragraphs of 'q' that hold it in their own text (after 0), or the
 * others (after 1), which rank after them (rank_essays.c): headings that
 * head nothing (essayfile.c), marked ESSAY_TERM_BARE_HEADING by the indexer
 * where the index marks some, and, when 'text' is not NULL (q without the
 * alternatives of its phrases in the essay's title), the paragraphs that
 * match by their essay's title alone.  Without 'text', q AND_NOT the mark
 * or q FILTER the mark, one term more than 'q'.  With it, the others are q
 * AND_NOT (text AND_NOT the mark); the text is q FILTER (text AND_NOT the
 * mark), run with the title a bonus only (xc_query_on_main(), as the text
 * holds every phrase): without the filter when that leaves q nothing but
 * its text.  The same ranking within each.  NULL on a Xapian error. */
xc_query *essay__text_first(const essay_searcher *s, const xc_query *q, const xc_query *text,
                            int after, xc_error *xe)
{
    xc_query *mark = NULL, *own = NULL, *on_main = NULL, *out = NULL;
    int whole = 0;
    if (s->bare_headings > 0
        && (mark = xc_query_term(ESSAY_TERM_BARE_HEADING, strlen(ESSAY_TERM_BARE_HEADING), 1,
                                 0, xe)) == NULL)
        return NULL;
    if (text != NULL && !after && (on_main = xc_query_on_main(q, &whole, xe)) == NULL) {
        xc_query_free(mark);
        return NULL;
    }
    if (text == NULL || whole) {
        xc_query *pair[2] = { on_main ? on_main : (xc_query *)q, mark };
        out = mark == NULL ? (on_main ? on_main : xc_query_scale(q, 1, xe))
              : xc_query_combine(after ? XC_OP_FILTER : XC_OP_AND_NOT, pair, 2, 0, xe);
    } else {
        xc_query *unmarked[2] = { (xc_query *)text, mark };
        own = mark ? xc_query_combine(XC_OP_AND_NOT, unmarked, 2, 0, xe) : NULL;
        xc_query *pair[2] = { on_main ? on_main : (xc_query *)q, own ? own : (xc_query *)text };
        if (own != NULL || mark == NULL)
            out = xc_query_combine(after ? XC_OP_AND_NOT : XC_OP_FILTER, pair, 2, 0, xe);
    }
    if (out != on_main)
        xc_query_free(on_main);
    xc_query_free(mark);
    xc_query_free(own);
    return out;
}

/* ---- a tier of hits ----------------------------------------------------- */

/* A query session on 'db' for 'q', ranked by BM25 (equal weights in essay
 * id order), at most 'per_essay' documents of an essay (0: no limit). */
xc_enquire *essay__enquire(const plan *p, xc_db *db, const xc_query *q, unsigned per_essay,
                           essay_sort sort, xc_error *xe)
{
    xc_enquire *enq = xc_enquire_new(db, xe);
    if (enq != NULL && xc_enquire_set_query(enq, q, xe) == 0
        && xc_enquire_set_bm25(enq, p->k1, 0, 1, p->b, 0.5, xe) == 0
        && xc_enquire_set_docid_ascending(enq, xe) == 0
        && (per_essay == 0 || xc_enquire_set_collapse(enq, ESSAY_SLOT_ESSAY, per_essay, xe) == 0)
        && (sort == ESSAY_SORT_DATE
            ? xc_enquire_set_sort_by_value(enq, ESSAY_SLOT_DATE, 1, xe) == 0
            : xc_enquire_set_relevance_then_value(enq, ESSAY_SLOT_ESSAY, 0, xe) == 0))
        return enq;
    xc_enquire_free(enq);
    return NULL;
}

/* The analyzer of the language of the paragraph 'doc': the index's default
 * unless its ESSAY_SLOT_LANGUAGE names another (read only where the index
 * holds more than one). */
static essay_analyzer *hit_language(essay_searcher *s, const xc_doc *doc)
{
    if (s->analyzers.n_held < 2)
        return s->analyzers.an;
    size_t len;
    const char *value = xc_doc_value(doc, ESSAY_SLOT_LANGUAGE, &len);
    char name[64];
    if (value == NULL || len == 0 || len >= sizeof name)
        return s->analyzers.an;
    memcpy(name, value, len);
    name[len] = '\0';
    essay_analyzer *an = essay__languages_get(s->analyzers.langs, name);
    return an ? an : s->analyzers.an;
}

/* How many other paragraphs of the index have the text of the paragraph
 * 'doc': those with its copy key (none without one, in the slot collapsed
 * on: copies.c); 0 on an error, as a count that is a courtesy does not fail
 * the search. */
static unsigned copies_of(essay_searcher *s, const xc_doc *doc)
{
    size_t len;
    const char *value = xc_doc_value(doc, s->copy_slot, &len);
    char term[18];
    unsigned n = 0;
    xc_error xe;
    if (value == NULL || !essay__copy_term(value, len, term)
        || xc_db_termfreq(s->db, term, &n, &xe) != 0)
        return 0;
    return n > 0 ? n - 1 : 0;
}

/* Fill 'h' from match 'i' of 'mset', a paragraph, with its snippet cut for
 * 'm'; ranked 'rank' with 'score'. */
essay_status essay__fill_hit(essay_searcher *s, const xc_mset *mset, size_t i, essay_matchset *m,
                             const essay_search_options *o, unsigned rank, double score,
                             stored_hit *h, xc_error *xe, char **err)
{
    /* the values copies_of() and hit_language() read, each a lookup of its own */
    const unsigned slots[] = { s->copy_slot, ESSAY_SLOT_LANGUAGE };
    xc_doc *doc = xc_mset_document(mset, i, slots, s->analyzers.n_held < 2 ? 1 : 2, xe);
    if (doc == NULL)
        return ESSAY_XAPIAN;
    size_t len;
    const char *data = xc_doc_data(doc, &len);
    essay_docdata d;
    int bad = essay__docdata_unpack(data, len, &d) != 0, lost = len == 0;
    int nomem = !bad && fill_fields(h, &d) != 0;
    essay_analyzer *an = hit_language(s, doc);
    unsigned copies = copies_of(s, doc);
    xc_doc_free(doc);
    /* Every paragraph is written with its data: none is damage (its table gone). */
    if (lost) {
        xc_error_set(xe, XC_ERR_CORRUPT, "a paragraph has lost its data");
        return ESSAY_XAPIAN;
    }
    if (bad)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' holds a document in an unknown "
                           "format: rebuild it with essay-index --rebuild", s->path);
    h->hit.language = essay_analyzer_language(an);
    if (nomem || essay__snippet(an, h->hit.text, strlen(h->hit.text), m, o->snippet_chars,
                                &h->snippet) != ESSAY_OK)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    h->hit.rank = rank;
    h->hit.score = score;
    h->hit.copies = copies;

    h->hit.match_line = essay__hit_line_at(&h->hit, h->snippet.first_match);
    h->hit.snippet = h->snippet.text;
    h->hit.highlights = h->snippet.spans;
    h->hit.n_highlights = h->snippet.n_spans;
    return ESSAY_OK;
}

/* Keys of copies: ESSAY_PREFIX_COPY terms, each a query. */
typedef struct {
    xc_query **v;
    size_t n, cap;
} copy_keys;

/* Add to 'k' the copy key of each match of 'm' (collapsed on it) that other
 * paragraphs share.  0, or -1 on an error (in 'xe'). */
static int add_copy_keys(essay_searcher *s, const xc_mset *m, copy_keys *k, xc_error *xe)
{
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        char value[16], term[18];
        unsigned paragraphs = 0;
        size_t len = xc_mset_collapse_key(m, i, value, sizeof value);
        if (!essay__copy_term(value, len, term))
            continue;   /* no key: a short paragraph, or a bare heading */
        if (xc_db_termfreq(s->db, term, &paragraphs, xe) != 0)
            return -1;
        if (paragraphs < 2)
            continue;
        if (k->n == k->cap) {
            size_t cap = k->cap ? 2 * k->cap : 16;
            xc_query **v = realloc(k->v, cap * sizeof *v);
            if (v == NULL)
                return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
            k->v = v;
            k->cap = cap;
        }
        if ((k->v[k->n] = xc_query_term(term, strlen(term), 1, 0, xe)) == NULL)
            return -1;
        k->n++;
    }
    return 0;
}

/* Add to 'k' the copy keys of the passages the tiers 'ran[0..n)' list, when
 * they are at most COPIES_LISTED_MAX: one query of them all, collapsed on
 * the key.  0, or -1 on an error (in 'xe'). */
static int add_listed_keys(essay_searcher *s, const plan *p, const xc_query *const *ran,
                           size_t n, copy_keys *k, xc_error *xe)
{
    xc_query *before = xc_query_combine(XC_OP_OR, (xc_query *const *)ran, n, 0, xe);
    xc_enquire *enq = before ? essay__enquire(p, s->db, before, 0, ESSAY_SORT_RELEVANCE, xe)
                             : NULL;
    xc_mset *m = enq && xc_enquire_set_collapse(enq, s->copy_slot, 1, xe) == 0
                 ? xc_enquire_mset(enq, 0, COPIES_LISTED_MAX + 1, 0, xe) : NULL;
    int rc = m == NULL ? -1
             : xc_mset_size(m) > COPIES_LISTED_MAX ? 0 : add_copy_keys(s, m, k, xe);
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(before);
    return rc;
}

/* 'q' but the passages the tiers 'ran[0..n)' list (*out; NULL: 'q' as it
 * is), which match 'listed' paragraphs, copies as one.  A tier lists a
 * passage reprinted in several essays once, and so must the page: a copy
 * key leaves the headings out and the match does not, so that one copy's
 * heading may hold a word of the query that another's does not (the
 * author's name in an edition's title), and the two copies fall in
 * different tiers.  On the first page, every match of those tiers is in
 * hand, in r->tiers[from..] (a tier after them runs only when they leave
 * room); on another, they are asked for again.  Left as it is without the
 * collapse of copies (a per-essay limit, or sorted by date, where the
 * tiers run together), and when the tiers before list more than
 * COPIES_LISTED_MAX paragraphs: a page past them, or an exact count of a
 * large query, may then list a passage twice.  0, or -1 on an error (in
 * 'xe'). */
int essay__unlisted(essay_searcher *s, const plan *p, const xc_query *q,
                    const xc_query *const *ran, size_t n, unsigned listed,
                    const essay_results *r, size_t from, const essay_search_options *o,
                    xc_query **out, xc_error *xe)
{
    *out = NULL;
    if (n == 0 || listed == 0 || listed > COPIES_LISTED_MAX || o->per_essay > 0
        || o->sort == ESSAY_SORT_DATE)
        return 0;
    copy_keys k = { 0 };
    int rc = 0;
    if (o->offset == 0 && !o->exact_total)
        for (size_t t = from; rc == 0 && t < r->n_tiers; t++)
            rc = add_copy_keys(s, r->tiers[t].mset, &k, xe);
    else
        rc = add_listed_keys(s, p, ran, n, &k, xe);
    xc_query *copies = NULL, *pair[2] = { (xc_query *)q, NULL };
    if (rc == 0 && k.n > 0
        && ((pair[1] = copies = xc_query_combine(XC_OP_OR, k.v, k.n, 0, xe)) == NULL
            || (*out = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, xe)) == NULL))
        rc = -1;
    for (size_t i = 0; i < k.n; i++)
        xc_query_free(k.v[i]);
    free(k.v);
    xc_query_free(copies);
    return rc;
}

/* Keep the unique term (Q<essay id>:<paragraph>) of a paragraph's terms,
 * which come in byte order, into the buffer 'ctx' (empty: none); stop at it
 * or past where it would be. */
static int keep_unique_term(const char *term, size_t len, void *ctx)
{
    char *unique = ctx;
    if (len == 0 || term[0] < ESSAY_PREFIX_UNIQUE[0])
        return 0;
    if (term[0] == ESSAY_PREFIX_UNIQUE[0] && len < ESSAY_UNIQUE_TERM_MAX) {
        memcpy(unique, term, len);
        unique[len] = '\0';
    }
    return 1;
}

/* The paragraphs the tier 't' lists, by their unique terms, into *out
 * (NULL: it lists more than TIER_LISTED_MAX, or none, or not every one it
 * matches, or the index wrote no unique terms, or one is not unique among
 * the indexes searched: two of one folder, before and after an essay
 * changed, hold its path's).  0, or -1 (in 'xe'). */
static int listed_paragraphs(essay_searcher *s, const hit_tier *t, xc_query **out,
                             xc_error *xe)
{
    size_t n = xc_mset_size(t->mset), made = 0;
    *out = NULL;
    if (!t->whole || n == 0 || n > TIER_LISTED_MAX)
        return 0;
    xc_query *terms[TIER_LISTED_MAX];
    int rc = 0;
    while (rc == 0 && made < n) {
        char unique[ESSAY_UNIQUE_TERM_MAX] = "";
        unsigned holding = 0;
        rc = xc_db_each_doc_term(s->db, xc_mset_docid(t->mset, made), keep_unique_term, unique,
                                 xe);
        if (rc == 0 && unique[0] != '\0')
            rc = xc_db_termfreq(s->db, unique, &holding, xe);
        if (rc == 0 && holding != 1)
            break;
        if (rc == 0 && (terms[made] = xc_query_term(unique, strlen(unique), 1, 0, xe)) == NULL)
            rc = -1;
        made += rc == 0;
    }
    if (rc == 0 && made == n && (*out = xc_query_combine(XC_OP_OR, terms, n, 0, xe)) == NULL)
        rc = -1;
    for (size_t i = 0; i < made; i++)
        xc_query_free(terms[i]);
    return rc;
}

int essay__tier_left_out(essay_searcher *s, const hit_tier *t, const xc_query *q,
                         xc_query **with, xc_query **without, xc_error *xe)
{
    xc_query *listed = NULL;
    *with = *without = NULL;
    if (listed_paragraphs(s, t, &listed, xe) != 0)
        return -1;
    if (listed == NULL)
        return 0;
    xc_query *pair[2] = { (xc_query *)q, listed };
    if ((*with = xc_query_combine(XC_OP_OR, pair, 2, 0, xe)) != NULL
        && (*without = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, xe)) == NULL) {
        xc_query_free(*with);
        *with = NULL;
    }
    xc_query_free(listed);
    return *without != NULL ? 0 : -1;
}

int essay__total_unshown(const essay_search_options *o)
{
    return o->rough_total && !o->exact_total && o->offset == 0;
}

int essay__estimate(essay_searcher *s, const plan *p, const xc_query *q,
                    const essay_search_options *o, unsigned *matched, xc_error *xe)
{
    xc_enquire *enq = essay__enquire(p, s->db, q, o->per_essay, o->sort, xe);
    xc_mset *m = enq ? xc_enquire_mset(enq, 0, 0, 0, xe) : NULL;
    *matched = m ? xc_mset_estimated(m) : 0;
    xc_mset_free(m);
    xc_enquire_free(enq);
    return m ? 0 : -1;
}

/* Add the hits [first, first + max) of 'q' (ranked as 'p' says) to the tiers of 'r', to read
 * after those it has, their snippets cut for 'm'; *matched: how many
 * paragraphs match 'q' (exact when fewer than first + max do, or with
 * o->exact_total).  Without a per-essay limit, the paragraphs with the same
 * copy key (s->copy_slot: the same text, a passage reprinted) count as
 * one, the best ranked, which gives how many it hid (copies); those without
 * a key (short ones, those with no copy, or an index made before the key)
 * are all kept. */
essay_status essay__run_tier(essay_searcher *s, const plan *p, const xc_query *q, essay_matchset *m,
                             const essay_search_options *o, unsigned first, unsigned max,
                             unsigned *matched, essay_results *r, xc_error *xe)
{
    unsigned docs = 0;
    if (o->exact_total && xc_db_doccount(s->db, &docs, xe) != 0)
        docs = 0;
    /* Xapian counts nothing for 0; and under a per-essay collapse its count
     * is an estimate however many it checks: an exact count takes them all.
     * Else at least TOTAL_CHECKED matches are checked, so that a tier of up
     * to that many counts them exactly whatever the page asked for, and a
     * larger one is estimated from them (with 10 checked, "walden pond" had a total of
     * 20 with -n 1, 40 with -n 10, 70 with -n 50).
     * Under the collapse of copies (one a key), the least number of matches
     * is exact when every one was checked.  A first page whose caller shows
     * no total (o->rough_total) checks only what it lists: the match reads
     * the copy key and the essay id of each match it checks; and it reads no
     * count, so that the match may find the page faster (page only). */
    unsigned ask = o->exact_total && o->per_essay > 0 && docs > max ? docs : max ? max : 1;
    unsigned check = first + ask;
    if (o->exact_total)
        check = docs;
    else if (check < TOTAL_CHECKED && !essay__total_unshown(o))
        check = TOTAL_CHECKED;
    hit_tier *t = &r->tiers[r->n_tiers++];
    if ((t->enq = essay__enquire(p, s->db, q, o->per_essay, o->sort, xe)) == NULL
        || (o->per_essay == 0 && xc_enquire_set_collapse(t->enq, s->copy_slot, 1, xe) != 0)
        || xc_enquire_set_page_only(t->enq, essay__total_unshown(o), xe) != 0
        || (t->mset = xc_enquire_mset(t->enq, first, ask, check, xe)) == NULL)
        return ESSAY_XAPIAN;
    t->m = m;
    size_t got = xc_mset_size(t->mset);
    t->n = got < max ? got : max;
    t->whole = first == 0 && got < ask;
    /* Fewer than asked for, or fewer than checked: every match was seen,
     * and their number is known (Xapian's estimate is only that under a
     * collapse, of copies or per essay, however many it checked). */
    *matched = got > 0 && got < ask ? first + (unsigned)got
               : o->exact_total || xc_mset_checked_all(t->mset) ? xc_mset_lower_bound(t->mset)
               : xc_mset_estimated(t->mset);
    r->count += t->n;
    essay__weigh_groups(s, m);
    return ESSAY_OK;
}
