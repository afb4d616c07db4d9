/* facets.c -- how the paragraphs matching a query spread over essays, and
 * those essays over authors, years and months (essay-search --facets and
 * --timeline count them, essay_results_count_facets(): the paragraphs the
 * results match, essay__matching_paragraphs() says which).
 *
 * One pass of Xapian's value counting (xc_db_value_counts(), a
 * ValueCountMatchSpy over the whole match) counts the matching paragraphs
 * of each essay by its id in ESSAY_SLOT_ESSAY.  Each essay's path, title,
 * author and date are then read from its first paragraph (the first
 * document of its "E" term), so that an author, a year or a month counts
 * essays, not paragraphs, and the author needs no value slot: the index
 * format is as it was.
 */
#include <stdlib.h>
#include <string.h>
#include "private.h"

/* One matching essay. */
typedef struct {
    char id[17];
    size_t paragraphs;          /* of it that match */
    char *fields;               /* path, title, author, date: NUL-terminated, one block */
    const char *path, *title, *author, *date;   /* into 'fields'; author, date NULL if none */
    char year[5], month[8];     /* of 'date', "" when it has none */
} facet_essay;

struct essay_facets {
    facet_essay *essays;
    size_t n, cap;
    int nomem;                  /* add_essay() ran out of memory */
    essay_facet_count *lists[ESSAY_FACETS];
    size_t counts[ESSAY_FACETS];
};

/* Add essay id 'value' with 'count' matching paragraphs (xc_db_value_counts). */
static int add_essay(const char *value, size_t len, unsigned count, void *ctx)
{
    essay_facets *f = ctx;
    if (essay__reserve((void **)&f->essays, &f->cap, f->n + 1, sizeof *f->essays) != ESSAY_OK) {
        f->nomem = 1;
        return 1;
    }
    facet_essay *e = &f->essays[f->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->id, sizeof e->id, "%.*s", (int)(len < 16 ? len : 16), value);
    e->paragraphs = count;
    return 0;
}

const char *essay_facet_name(essay_facet f)
{
    static const char *const names[ESSAY_FACETS] = {
        [ESSAY_FACET_AUTHOR] = "author", [ESSAY_FACET_YEAR] = "year",
        [ESSAY_FACET_MONTH] = "month", [ESSAY_FACET_ESSAY] = "essay",
    };
    return (unsigned)f < ESSAY_FACETS ? names[f] : NULL;
}

/* Whether text[0..n) are digits. */
static int digits(const char *text, size_t n)
{
    return strspn(text, "0123456789") >= n;
}

/* Copy the fields of 'd' into 'e', with the year and month of its date. */
static int fill_essay(facet_essay *e, const essay_docdata *d)
{
    size_t total = d->path_len + d->title_len + d->author_len + d->date_len + 4;
    char *p = e->fields = malloc(total);
    if (p == NULL)
        return -1;
    const char *src[] = { d->path, d->title, d->author, d->date };
    size_t lens[] = { d->path_len, d->title_len, d->author_len, d->date_len };
    const char **dst[] = { &e->path, &e->title, &e->author, &e->date };
    for (int i = 0; i < 4; i++) {
        memcpy(p, src[i], lens[i]);
        p[lens[i]] = '\0';
        *dst[i] = i >= 2 && lens[i] == 0 ? NULL : p;
        p += lens[i] + 1;
    }
    if (e->date && digits(e->date, 4)) {
        memcpy(e->year, e->date, 4);
        if (e->date[4] == '-' && digits(e->date + 5, 2))
            memcpy(e->month, e->date, 7);
    }
    return 0;
}

/* Read the fields of each essay of 'f' from its first paragraph; an essay
 * whose paragraph is gone or unreadable is dropped.  0, or -1 on an error
 * (in 'xe'). */
static int read_essays(xc_db *db, essay_facets *f, xc_error *xe)
{
    size_t kept = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < f->n; i++) {
        facet_essay *e = &f->essays[i];
        char term[32];
        snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, e->id);
        xc_docid docid = 0;
        xc_doc *doc = NULL;
        if (xc_db_term_docid(db, term, &docid, xe) != 0
            || (docid && (doc = xc_db_get_document(db, docid, xe)) == NULL)) {
            rc = -1;
            break;
        }
        size_t len = 0;
        const char *data = doc ? xc_doc_data(doc, &len) : NULL;
        essay_docdata d;
        int ok = data && essay__docdata_unpack(data, len, &d) == 0;
        rc = ok && fill_essay(e, &d) != 0 ? xc_error_set(xe, XC_ERR_NOMEM, "out of memory") : 0;
        xc_doc_free(doc);
        if (ok && rc == 0)
            f->essays[kept++] = *e;
    }
    f->n = kept;    /* those after an error hold nothing to free */
    return rc;
}

/* The value of facet 'which' of 'e', or NULL when it has none. */
static const char *facet_value(const facet_essay *e, essay_facet which)
{
    switch (which) {
    case ESSAY_FACET_AUTHOR: return e->author;
    case ESSAY_FACET_YEAR:   return e->year[0] ? e->year : NULL;
    case ESSAY_FACET_MONTH:  return e->month[0] ? e->month : NULL;
    case ESSAY_FACET_ESSAY:  return e->path;
    }
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    return strcmp(((const essay_facet_count *)a)->value, ((const essay_facet_count *)b)->value);
}

/* Largest first: essays, then paragraphs; equal counts by value. */
static int by_size(const void *a, const void *b)
{
    const essay_facet_count *x = a, *y = b;
    if (x->essays != y->essays)
        return x->essays < y->essays ? 1 : -1;
    if (x->paragraphs != y->paragraphs)
        return x->paragraphs < y->paragraphs ? 1 : -1;
    return strcmp(x->value, y->value);
}

/* Count facet 'which' over the essays of 'f': one entry a value, summed.
 * -1 when out of memory. */
static int count_facet(essay_facets *f, essay_facet which)
{
    essay_facet_count *list = calloc(f->n ? f->n : 1, sizeof *list);
    if (list == NULL)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const char *value = facet_value(&f->essays[i], which);
        if (value != NULL)
            list[n++] = (essay_facet_count){
                .value = value, .essays = 1, .paragraphs = f->essays[i].paragraphs,
                .title = which == ESSAY_FACET_ESSAY ? f->essays[i].title : NULL };
    }
    qsort(list, n, sizeof *list, by_value);
    size_t merged = 0;
    for (size_t i = 0; i < n; i++) {
        if (merged > 0 && strcmp(list[merged - 1].value, list[i].value) == 0) {
            list[merged - 1].essays += list[i].essays;
            list[merged - 1].paragraphs += list[i].paragraphs;
        } else {
            list[merged++] = list[i];
        }
    }
    qsort(list, merged, sizeof *list, by_size);
    f->lists[which] = list;
    f->counts[which] = merged;
    return 0;
}

int essay__facets_count(xc_db *db, const xc_query *q, essay_facets **out, xc_error *xe)
{
    *out = NULL;
    essay_facets *f = calloc(1, sizeof *f);
    if (f == NULL)
        return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    int rc = xc_db_value_counts(db, q, ESSAY_SLOT_ESSAY, add_essay, f, xe) != 0 ? -1
             : f->nomem ? xc_error_set(xe, XC_ERR_NOMEM, "out of memory") : 0;
    if (rc == 0)
        rc = read_essays(db, f, xe);
    for (int which = 0; rc == 0 && which < ESSAY_FACETS; which++)
        if (count_facet(f, (essay_facet)which) != 0)
            rc = xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    if (rc != 0) {
        essay__facets_free(f);
        return rc;
    }
    *out = f;
    return 0;
}

const essay_facet_count *essay__facets_get(const essay_facets *f, essay_facet which, size_t *n)
{
    *n = f && (unsigned)which < ESSAY_FACETS ? f->counts[which] : 0;
    return *n ? f->lists[which] : NULL;
}

void essay__facets_free(essay_facets *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++)
        free(f->essays[i].fields);
    for (int which = 0; which < ESSAY_FACETS; which++)
        free(f->lists[which]);
    free(f->essays);
    free(f);
}

/* ---- facets: what the results match, counted --------------------------- */

essay_status essay_results_count_facets(essay_searcher *s, essay_results *r, unsigned show,
                                        char **err)
{
    if (r->plan == NULL || r->plan->q == NULL)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "facets are counted for a query searched "
                           "with essay_search_stream()");
    essay__facets_free(r->facets);
    r->facets = NULL;
    xc_error xe;
    int rc = -1;
    for (int attempt = 0;; attempt++) {
        xc_query *q = essay__matching_paragraphs(s, r->plan, &xe);
        rc = q ? essay__facets_count(s->db, q, &r->facets, &xe) : -1;
        xc_query_free(q);
        if (rc == 0 || !essay__try_again(s, ESSAY_XAPIAN, &xe, attempt))
            break;
    }
    if (rc != 0)
        return essay__fail_read(s, &xe, err);
    r->show_facets = show;
    return ESSAY_OK;
}

const essay_facet_count *essay_results_facet(const essay_results *r, essay_facet f, size_t *n)
{
    return essay__facets_get(r->facets, f, n);
}

const essay_facets *essay__results_facets(const essay_results *r)
{
    return r->facets;
}

unsigned essay__results_facets_shown(const essay_results *r)
{
    return r->facets ? r->show_facets : 0;
}
