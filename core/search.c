/* search.c -- the reading half of libessay: a query in, ranked paragraphs out.
 *
 * The searcher opens the index read-only, reads back the analyzer settings
 * the indexer stored (so a query is analysed exactly as the text was), and
 * per query: parses it (query.c), runs it through Xapian with BM25 (ties in
 * docid order, so equal scores keep a stable order), unpacks each hit's
 * stored fields (schema.c) and cuts a snippet (snippet.c) whose highlight
 * weights favour the query's rarer words.  When a query finds little, the
 * index's spelling data proposes a corrected query.
 *
 * A commit by a concurrent indexer can invalidate blocks an open reader is
 * using (Xapian's DatabaseModifiedError): the search then reopens the index
 * at its latest revision and runs again, so a search during an update sees
 * the old index or the new one, and never fails because of it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

#define DEFAULT_LIMIT 10
#define DEFAULT_SNIPPET 240
#define RETRIES 5               /* reopen-and-retry on DatabaseModifiedError */
#define FEW_HITS 5              /* fewer matches than this: look for a spelling correction */

struct essay_searcher {
    xc_db *db;
    essay_analyzer *an;
    char *path;
    double k1, b;               /* BM25 parameters */
};

typedef struct {
    essay_hit hit;
    char *fields;               /* path, title, author, date, text: NUL-terminated, one block */
    essay_snippet snippet;
} stored_hit;

struct essay_results {
    stored_hit *hits;
    size_t n;
    size_t estimate;
    char *suggestion;
};

/* ---- opening ------------------------------------------------------------ */

/* BM25's k1 and b, overridable by ESSAY_BM25_K1 / ESSAY_BM25_B for
 * relevance experiments (see tests/RELEVANCE.md). */
static double tuning(const char *name, double fallback)
{
    const char *v = getenv(name);
    char *end;
    if (v == NULL || *v == '\0')
        return fallback;
    double d = strtod(v, &end);
    return *end == '\0' && d >= 0 ? d : fallback;
}

static essay_status read_settings(essay_searcher *s, char **err)
{
    xc_error xe;
    char *format = NULL, *language = NULL;
    essay_status st = ESSAY_OK;
    if (xc_db_get_metadata(s->db, ESSAY_META_FORMAT, &format, NULL, &xe) != 0
        || xc_db_get_metadata(s->db, ESSAY_META_LANGUAGE, &language, NULL, &xe) != 0)
        st = essay__fail_xc(err, &xe, s->path);
    else if (format[0] == '\0')
        st = essay__fail(err, ESSAY_INCOMPATIBLE,
                         "'%s' is not an essay index (build one with essay-index)", s->path);
    else if (strcmp(format, ESSAY_FORMAT_VERSION) != 0)
        st = essay__fail(err, ESSAY_INCOMPATIBLE,
                         "index '%s' has format %s, this essay-search reads format %s: rebuild it "
                         "with essay-index --rebuild", s->path, format, ESSAY_FORMAT_VERSION);
    else if (essay_analyzer_new(language, &s->an) != ESSAY_OK)
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' stems for unknown language '%s'",
                         s->path, language);
    free(format);
    free(language);
    return st;
}

essay_status essay_searcher_open(const char *path, essay_searcher **out, char **err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return essay__fail(err, errno == ENOENT ? ESSAY_NO_INDEX : ESSAY_IO,
                           "cannot open index '%s': %s", path, strerror(errno));
    essay_searcher *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = strdup(path)) == NULL) {
        free(s);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    s->k1 = tuning("ESSAY_BM25_K1", 1.2);
    s->b = tuning("ESSAY_BM25_B", 0.75);
    xc_error xe;
    essay_status st;
    if ((s->db = xc_db_open(path, &xe)) == NULL)
        st = essay__fail(err, ESSAY_XAPIAN, "cannot open index '%s': %s", path, xe.msg);
    else
        st = read_settings(s, err);
    if (st != ESSAY_OK) {
        essay_searcher_close(s);
        return st;
    }
    *out = s;
    return ESSAY_OK;
}

void essay_searcher_close(essay_searcher *s)
{
    if (s == NULL)
        return;
    xc_db_close(s->db);
    essay_analyzer_free(s->an);
    free(s->path);
    free(s);
}

essay_search_options essay_search_defaults(void)
{
    essay_search_options o = { .limit = DEFAULT_LIMIT, .snippet_chars = DEFAULT_SNIPPET };
    return o;
}

/* ---- results ------------------------------------------------------------ */

size_t essay_results_count(const essay_results *r) { return r->n; }
size_t essay_results_estimate(const essay_results *r) { return r->estimate; }
const char *essay_results_suggestion(const essay_results *r) { return r->suggestion; }

const essay_hit *essay_results_hit(const essay_results *r, size_t i)
{
    return i < r->n ? &r->hits[i].hit : NULL;
}

void essay_results_free(essay_results *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->hits[i].fields);
        essay__snippet_clear(&r->hits[i].snippet);
    }
    free(r->hits);
    free(r->suggestion);
    free(r);
}

/* Copy the stored fields of a hit into one block of NUL-terminated strings. */
static int fill_fields(stored_hit *h, const essay_docdata *d)
{
    size_t total = d->path_len + d->title_len + d->author_len + d->date_len + d->text_len + 5;
    char *p = h->fields = malloc(total);
    if (p == NULL)
        return -1;
    const char *src[] = { d->path, d->title, d->author, d->date, d->text };
    size_t lens[] = { d->path_len, d->title_len, d->author_len, d->date_len, d->text_len };
    const char **dst[] = { &h->hit.path, &h->hit.title, &h->hit.author, &h->hit.date,
                           &h->hit.text };
    for (int i = 0; i < 5; i++) {
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

/* Weight each group by the inverse document frequency of its rarest term, so
 * the snippet prefers the window with the rare words of the query. */
static void weigh_groups(essay_searcher *s, essay_matchset *m)
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
            if (xc_db_termfreq(s->db, term, &tf, &xe) == 0) {
                double idf = log((docs + 1.0) / (tf + 0.5));
                if (idf > best)
                    best = idf;
            }
        }
        m->groups[g].weight = best;
    }
}

/* ---- "did you mean" ----------------------------------------------------- */

/* A correction for a word the index does not hold, from its spelling data. */
static char *correct_word(const char *word, void *ctx)
{
    essay_searcher *s = ctx;
    xc_error xe;
    unsigned tf = 0;
    if (xc_db_termfreq(s->db, word, &tf, &xe) != 0 || tf > 0)
        return NULL;
    char *suggestion = NULL;
    if (xc_db_spelling(s->db, word, 2, &suggestion, &xe) != 0)
        return NULL;
    return suggestion;
}

/* ---- the search --------------------------------------------------------- */

static essay_status run_query(essay_searcher *s, essay_query *q, const essay_search_options *o,
                              essay_results *r, xc_error *xe, char **err)
{
    xc_query *xq = essay__query_build(q, xe);
    xc_enquire *enq = xq ? xc_enquire_new(s->db, xe) : NULL;
    xc_mset *mset = NULL;
    unsigned docs = 0;
    if (o->exact_total && xc_db_doccount(s->db, &docs, xe) != 0)
        docs = 0;
    unsigned check = o->exact_total ? docs : o->offset + o->limit;
    int ok = enq != NULL
             && xc_enquire_set_query(enq, xq, xe) == 0
             && xc_enquire_set_bm25(enq, s->k1, 0, 1, s->b, 0.5, xe) == 0
             && xc_enquire_set_docid_ascending(enq, xe) == 0
             && (o->per_essay == 0 || xc_enquire_set_collapse(enq, ESSAY_SLOT_ESSAY, o->per_essay,
                                                              xe) == 0)
             && (o->sort != ESSAY_SORT_DATE || xc_enquire_set_sort_by_value(enq, ESSAY_SLOT_DATE, 1,
                                                                            xe) == 0)
             && (mset = xc_enquire_mset(enq, o->offset, o->limit, check, xe));
    essay_status st = ESSAY_OK;
    if (!ok) {
        st = ESSAY_XAPIAN;
        goto out;
    }
    size_t n = xc_mset_size(mset);
    r->estimate = xc_mset_estimated(mset);
    if (n > 0 && (r->hits = calloc(n, sizeof *r->hits)) == NULL) {
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        goto out;
    }
    essay_matchset *m = essay__query_matchset(q);
    if (m == NULL) {
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        goto out;
    }
    weigh_groups(s, m);
    for (size_t i = 0; i < n; i++) {
        stored_hit *h = &r->hits[i];
        xc_doc *doc = xc_mset_document(mset, i, xe);
        if (doc == NULL) {
            st = ESSAY_XAPIAN;
            goto out;
        }
        size_t len;
        const char *data = xc_doc_data(doc, &len);
        essay_docdata d;
        int bad = essay__docdata_unpack(data, len, &d) != 0;
        int nomem = !bad && fill_fields(h, &d) != 0;
        xc_doc_free(doc);
        if (bad) {
            st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' holds a document in an unknown "
                             "format: rebuild it with essay-index --rebuild", s->path);
            goto out;
        }
        if (nomem || essay__snippet(s->an, h->hit.text, strlen(h->hit.text), m,
                                    o->snippet_chars, &h->snippet) != ESSAY_OK) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            goto out;
        }
        r->n = i + 1;
        h->hit.rank = o->offset + (unsigned)i + 1;
        h->hit.score = xc_mset_weight(mset, i);
        h->hit.snippet = h->snippet.text;
        h->hit.highlights = h->snippet.spans;
        h->hit.n_highlights = h->snippet.n_spans;
    }
out:
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_query_free(xq);
    return st;
}

static void results_reset(essay_results *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->hits[i].fields);
        essay__snippet_clear(&r->hits[i].snippet);
    }
    free(r->hits);
    memset(r, 0, sizeof *r);
}

essay_status essay_search(essay_searcher *s, const char *query, const essay_search_options *opt,
                          essay_results **out, char **err)
{
    *out = NULL;
    essay_search_options o = opt ? *opt : essay_search_defaults();
    if (o.limit == 0)
        o.limit = DEFAULT_LIMIT;
    if (o.snippet_chars == 0)
        o.snippet_chars = DEFAULT_SNIPPET;
    essay_query *q;
    essay_status st = essay__query_parse(s->an, query, strlen(query), o.match_any, &q, err);
    if (st != ESSAY_OK)
        return st;
    essay_results *r = calloc(1, sizeof *r);
    if (r == NULL) {
        essay__query_free(q);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    xc_error xe;
    for (int attempt = 0;; attempt++) {
        st = run_query(s, q, &o, r, &xe, err);
        if (st != ESSAY_XAPIAN || strcmp(xe.type, "DatabaseModifiedError") != 0
            || attempt == RETRIES)
            break;
        results_reset(r);
        if (xc_db_reopen(s->db, &xe) < 0)
            break;
    }
    if (st == ESSAY_XAPIAN)
        st = essay__fail_xc(err, &xe, s->path);
    if (st == ESSAY_OK && r->estimate < FEW_HITS)
        r->suggestion = essay__query_rewrite(q, correct_word, s);
    essay__query_free(q);
    if (st != ESSAY_OK) {
        essay_results_free(r);
        return st;
    }
    *out = r;
    return ESSAY_OK;
}
