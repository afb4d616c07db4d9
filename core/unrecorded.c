/* unrecorded.c -- a query's author:, year: or date: filter that the essays of the index do not
 * record.
 *
 * Most real corpora's files have no header: their essays record no author and no date, so
 * over them author:thoreau, year:1854 or date:1850..1860 find nothing, however many of
 * Thoreau's essays the index holds (his name is in their file names and title lines).  When
 * a query finds nothing, each of its author:, year: and date: filters (not excluded: one that
 * excludes nothing cannot empty a search) that matches no paragraph on its own, in an index
 * where at most half the essays record its field (an author: or a date: line in their
 * header), is read as its words: an author as the words of the name (author:"Oscar Wilde" as
 * Oscar Wilde, author:wilde as wilde), a single year as the number (year:1854, date:1854:
 * 1854); another date, no word, is left out.  The query so read is searched as any query is
 * (corrected, named, relaxed...: search.c) in place of the one typed, which then says
 * which filters were read so and how many essays record their field
 * (essay_results_unrecorded(), ESSAY_RELAXED_UNRECORDED when every hit holds every word of
 * it).  Where most essays record the field, a filter that matches none is no match (and an
 * author's name is offered its correction, spelling.c).  Under .strict, the query as
 * typed only: the filters are said, and nothing else is searched.
 */
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define UNRECORDED_MAX 8    /* filters of a query looked at */

/* Does the filter text[0..len) alone match a paragraph of 's'?  On a failure, yes: the
 * query's results then stand. */
static int filter_matches(essay_searcher *s, const char *text, size_t len)
{
    essay_query *q = NULL;
    xc_error xe;
    xc_query *xq = NULL;
    unsigned n = 0;
    int matches = essay__query_parse_in(s->analyzers.held, s->analyzers.n_held, text, len, 0, &q,
                                        NULL) != ESSAY_OK
                  || (xq = essay__query_build(q, &xe)) == NULL
                  || xc_db_count_matches(s->db, xq, 1, &n, &xe) != 0 || n > 0;
    xc_query_free(xq);
    essay__query_free(q);
    return matches;
}

static int count_essay(const char *value, size_t len, unsigned count, void *ctx)
{
    (void)value;
    (void)len;
    (void)count;
    ++*(size_t *)ctx;
    return 0;
}

/* The essays of 's' that have a paragraph holding a term beginning with 'prefix' (NULL:
 * every essay), or SIZE_MAX on a failure. */
static size_t essays_with(essay_searcher *s, const char *prefix)
{
    xc_error xe;
    unsigned doccount;
    if (prefix == NULL && s->essays != NULL)
        return xc_db_doccount(s->essays, &doccount, &xe) == 0 ? doccount : SIZE_MAX;
    xc_query *q = prefix ? xc_query_wildcard(prefix, 0, &xe) : xc_query_match_all(&xe);
    size_t n = 0;
    if (q == NULL || xc_db_value_counts(s->db, q, ESSAY_SLOT_ESSAY, count_essay, &n, &xe) != 0)
        n = SIZE_MAX;
    xc_query_free(q);
    return n;
}

/* The words filter 'f' of 'query' is read as, appended to 'out' (room enough): an
 * author's name; a year; nothing for another date. */
static void append_words(char *out, const char *query, const essay_query_filter *f)
{
    const char *v = query + f->value;
    int year = f->value_len == 4 && strspn(v, "0123456789") >= 4;
    if (f->author || year)
        strncat(strcat(out, " "), v, f->value_len);
}

/* 'text' without its blanks at either end, and each run of them inside made one space
 * (the filters read as words leave some): in place. */
static char *squeeze(char *text)
{
    char *to = text;
    for (const char *from = text; *from != '\0'; from++) {
        int blank = strchr(" \t\n\r\f\v", *from) != NULL;
        if (!blank || (to > text && to[-1] != ' '))
            *to++ = blank ? ' ' : *from;
    }
    while (to > text && to[-1] == ' ')
        to--;
    *to = '\0';
    return text;
}

essay_status essay__search_unrecorded(essay_searcher *s, const char *query,
                                      const essay_search_options *opt, int stream,
                                      essay_search_fn search, essay_results *r,
                                      essay_results **other, char **err)
{
    *other = NULL;
    essay_query_filter f[UNRECORDED_MAX];
    size_t n = essay__query_filters(query, f, UNRECORDED_MAX), n_read = 0, bytes = 0;
    size_t essays = SIZE_MAX, recorded[2] = { SIZE_MAX, SIZE_MAX };    /* author, date */
    int read[UNRECORDED_MAX] = { 0 };
    for (size_t i = 0; i < n; i++) {
        if (f[i].excluded || filter_matches(s, query + f[i].start, f[i].end - f[i].start))
            continue;
        if (essays == SIZE_MAX)
            essays = essays_with(s, NULL);
        size_t *with = &recorded[!f[i].author];
        if (*with == SIZE_MAX)
            *with = essays_with(s, f[i].author ? ESSAY_PREFIX_AUTHOR : ESSAY_PREFIX_YEAR);
        read[i] = essays != SIZE_MAX && *with != SIZE_MAX && *with <= essays / 2;
        n_read += (size_t)read[i];
        bytes += read[i] ? f[i].value_len + 1 : 0;
    }
    if (n_read == 0)
        return ESSAY_OK;
    /* one block: the filters read as words, their values, then the query so read */
    size_t len = strlen(query);
    essay_unrecorded *u = malloc(n_read * sizeof *u + bytes + len + n_read + 1);
    if (u == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    char *values = (char *)(u + n_read), *text = values + bytes;
    size_t k = 0, from = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!read[i])
            continue;
        const char *name = f[i].author ? "author" : f[i].year ? "year" : "date";
        u[k++] = (essay_unrecorded){ .field = name, .value = values,
                                     .recorded = recorded[!f[i].author], .essays = essays };
        memcpy(values, query + f[i].value, f[i].value_len);
        values[f[i].value_len] = '\0';
        values += f[i].value_len + 1;
        strncat(text, query + from, f[i].start - from);
        append_words(text, query, &f[i]);
        from = f[i].end;
    }
    strcat(text, query + from);
    char *words = squeeze(text);
    int searched = *words != '\0' && !(opt && opt->strict);
    essay_status st = searched ? search(s, words, opt, stream, other, err) : ESSAY_OK;
    if (st == ESSAY_BAD_QUERY && err != NULL) {     /* nothing but operators to search */
        free(*err);
        *err = NULL;
    }
    if (st != ESSAY_OK && st != ESSAY_BAD_QUERY) {
        free(u);
        return st;
    }
    if (searched && st == ESSAY_OK) {
        essay_results *as_read = r;     /* the query's own results, and how it was read */
        r = *other;
        r->unfiltered = words;
        if (r->relaxed == 0)
            r->relaxed = r->count > 0 || r->estimate > 0 ? ESSAY_RELAXED_UNRECORDED
                                                         : as_read->relaxed;
        if (r->unparsed == NULL) {      /* read leniently: why it did not parse, still */
            r->unparsed = as_read->unparsed;
            as_read->unparsed = NULL;
        }
    }
    /* the words of a filter may hold another, which the search of them
       said: this query's filters are the ones typed */
    free(r->unrecorded);
    r->unrecorded = u;
    r->n_unrecorded = n_read;
    return ESSAY_OK;
}
