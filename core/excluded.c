/* excluded.c -- what a word a query excludes leaves out: the paragraphs
 * holding it (query.c), and the essays it names by their author or file
 * name, as a word an essay's names hold is one the essay holds ("What
 * matches", README): "whistle NOT franklin" leaves out Franklin's "The
 * Whistle", whose text need not name him.  The essays are those the essay
 * database names (rank_essays.c essay__essays_named()); a word that names
 * more than a search ranks by essay (ESSAY_RANK_MAX) leaves out none of
 * them rather than some.
 */
#include <stdio.h>
#include "private.h"

/* What named_by() asks the essay database with. */
typedef struct {
    essay_searcher *s;
    const plan *p;
} naming;

/* In *out, the paragraphs of the essays a word of stem 'stem' names (the
 * callback of essay__query_exclude_named()); NULL when it names none. */
static int named_by(const char *stem, void *ctx, xc_query **out, xc_error *xe)
{
    naming *c = ctx;
    char term[256];
    unsigned essays = 0;
    int n = snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_NAME, stem);
    *out = NULL;
    if (n <= 0 || (size_t)n >= sizeof term
        || xc_db_termfreq(c->s->essays, term, &essays, xe) != 0)
        return n <= 0 || (size_t)n >= sizeof term ? 0 : -1;
    if (essays == 0 || essays > ESSAY_RANK_MAX)
        return 0;   /* more than are ranked by essay: none rather than some */
    xc_query *names = xc_query_term(term, (size_t)n, 1, 0, xe);
    size_t found = 0;
    int rc = names ? essay__essays_named(c->s, c->p, names, out, &found, xe) : -1;
    xc_query_free(names);
    return rc;
}

int essay__exclude_named(essay_searcher *s, plan *p, const essay_search_options *o,
                         xc_error *xe)
{
    naming c = { .s = s, .p = p };
    if (s->essays == NULL || o->no_essay_database)
        return 0;
    return essay__query_exclude_named(p->q, named_by, &c, xe) != 0
           || (p->loose && essay__query_exclude_named(p->loose, named_by, &c, xe) != 0) ? -1 : 0;
}
