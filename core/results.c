/* results.c -- what a search found, as the library hands it out: the
 * accessors of essay_results (search.c makes them, tiers.c fills their
 * hits; whether hits sorted by date have one is read from the index) and
 * of the hits' context paragraphs (context.c reads them).
 */
#include <stdlib.h>
#include <string.h>
#include "private.h"

size_t essay_results_count(const essay_results *r) { return r->count; }
size_t essay_results_estimate(const essay_results *r) { return r->estimate; }
const char *essay_results_suggestion(const essay_results *r) { return r->suggestion; }
int essay_results_spelling_partial(const essay_results *r) { return r->spelling_partial; }
int essay_results_relaxed(const essay_results *r) { return r->relaxed; }
const char *essay_results_unparsed(const essay_results *r) { return r->unparsed; }
const char *essay_results_corrected(const essay_results *r) { return r->corrected; }
const char *essay_results_asked_of(const essay_results *r) { return r->asked_of; }
const char *essay_results_unfiltered(const essay_results *r) { return r->unfiltered; }
size_t essay_results_unrecorded(const essay_results *r, const essay_unrecorded **filters)
{
    *filters = r->unrecorded;
    return r->n_unrecorded;
}
const char *essay__results_language(const essay_results *r) { return r->language; }
size_t essay_results_truncated(const essay_results *r, size_t *words)
{
    *words = r->truncated_words;
    return r->truncated;
}

int essay_results_undated(const essay_results *r)
{
    if (r->o.sort != ESSAY_SORT_DATE || r->o.offset > 0 || r->count == 0)
        return 0;       /* a later page may follow dated hits */
    for (size_t i = 0; i < r->n; i++)
        if (r->hits[i].hit.date != NULL)
            return 0;
    /* each tier is sorted by date, newest first: if any hit of it has a
       date, the first one left does */
    for (size_t i = 0; i < r->n_tiers; i++) {
        const hit_tier *t = &r->tiers[i];
        if (t->next >= t->n)
            continue;
        xc_error xe;
        size_t len = 0;
        const unsigned date[] = { ESSAY_SLOT_DATE };
        xc_doc *doc = xc_mset_document(t->mset, t->next, date, 1, &xe);
        int dated = doc == NULL || (xc_doc_value(doc, ESSAY_SLOT_DATE, &len), len > 0);
        xc_doc_free(doc);
        if (dated)
            return 0;
    }
    return 1;
}

const essay_hit *essay_results_hit(const essay_results *r, size_t i)
{
    return i < r->n && !r->streamed ? &r->hits[i].hit : NULL;
}

/* A hit the library handed out is the first member of its stored_hit. */
static const stored_hit *stored(const essay_hit *h)
{
    return (const stored_hit *)h;
}

const essay_neighbour *essay_hit_before(const essay_hit *h, size_t *n)
{
    *n = stored(h)->n_before;
    return *n ? stored(h)->context : NULL;
}

const essay_neighbour *essay_hit_after(const essay_hit *h, size_t *n)
{
    *n = stored(h)->n_after;
    return *n ? stored(h)->context + stored(h)->n_before : NULL;
}

int essay__hit_has_context(const essay_hit *h)
{
    return stored(h)->has_context;
}

unsigned essay__hit_line_at(const essay_hit *h, size_t offset)
{
    const char *map = stored(h)->line_map;
    return essay__line_at(h->line, map, map ? strlen(map) : 0, offset);
}
