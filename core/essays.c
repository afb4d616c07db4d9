/* essays.c -- the essay database: one Xapian document per essay, beside the
 * paragraph database, so that essays can be ranked by their whole text.
 *
 * It lives in <index>/essays, a Xapian database of its own, so that BM25
 * over essays has the statistics of essays (their number, their average
 * length, how many essays hold a word) and the paragraph database keeps the
 * statistics of paragraphs: in one database the two kinds of document would
 * distort each other's.  Each essay's document holds
 *
 *     Z<stem>     every word of its paragraphs, wdf = occurrences (no positions)
 *     S<stem>     every word of its title
 *     E<id>       boolean, unique: replaced and deleted by it
 *     value ESSAY_SLOT_ESSAY = the essay id
 *
 * with the prefixes of the paragraph documents, so a query for a word is the
 * same term in both.  index.c adds the words as it indexes the paragraphs
 * (the text is analysed once) and keeps the database in step: an essay
 * added, changed or removed changes its document here in the same update,
 * and store.c commits both databases at one generation (this one first),
 * and puts this one back in step when a writer was killed between the two
 * commits; a reader that finds them out of step ranks by paragraph.  A rebuild
 * writes it anew; essay__essays_compact() compacts it with the rest.  An
 * index made before it existed has none until it is rebuilt, and is then
 * ranked by paragraph as before (search.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

#define ESSAYS_DIR "essays"

char *essay__essays_path(const char *index_path)
{
    char *p;
    return asprintf(&p, "%s/%s", index_path, ESSAYS_DIR) < 0 ? NULL : p;
}

int essay__essays_open(const char *index_path, int flags, xc_wdb **out, xc_error *xe)
{
    *out = NULL;
    char *path = essay__essays_path(index_path);
    if (path == NULL) {
        xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        return -1;
    }
    struct stat sb;
    int rc = 0;
    if ((flags & (XC_CREATE | XC_OVERWRITE)) || stat(path, &sb) == 0)
        rc = (*out = xc_wdb_open(path, flags, xe)) == NULL ? -1 : 0;
    free(path);
    return rc;
}

typedef struct {
    xc_doc *doc;
    xc_error *xe;
    int failed;
    char term[256];
} title_terms;

static int add_title_word(const essay_token *tok, void *arg)
{
    title_terms *c = arg;
    size_t plen = strlen(ESSAY_PREFIX_TITLE);
    if (plen + tok->stem_len >= sizeof c->term)
        return 0;   /* the analyzer caps terms well below this */
    memcpy(c->term, ESSAY_PREFIX_TITLE, plen);
    memcpy(c->term + plen, tok->stem, tok->stem_len);
    if (xc_doc_add_term(c->doc, c->term, plen + tok->stem_len, 1, c->xe) != 0) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

xc_doc *essay__essays_doc(essay_analyzer *an, const char *id, const essay_file *f, xc_error *xe)
{
    char unique[32];
    snprintf(unique, sizeof unique, "%s%s", ESSAY_PREFIX_ESSAY, id);
    xc_doc *doc = xc_doc_new(xe);
    title_terms c = { .doc = doc, .xe = xe };
    if (doc == NULL)
        return NULL;
    if (essay_analyze(an, f->title, strlen(f->title), add_title_word, &c) != ESSAY_OK
        && !c.failed) {
        xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        c.failed = 1;
    }
    if (c.failed || xc_doc_add_boolean_term(doc, unique, strlen(unique), xe) != 0
        || xc_doc_set_value(doc, ESSAY_SLOT_ESSAY, id, strlen(id), xe) != 0) {
        xc_doc_free(doc);
        return NULL;
    }
    return doc;
}

int essay__essays_put(xc_wdb *db, const char *id, const xc_doc *doc, xc_error *xe)
{
    char unique[32];
    snprintf(unique, sizeof unique, "%s%s", ESSAY_PREFIX_ESSAY, id);
    return xc_wdb_replace(db, unique, doc, xe);
}

int essay__essays_delete(xc_wdb *db, const char *id, xc_error *xe)
{
    char unique[32];
    snprintf(unique, sizeof unique, "%s%s", ESSAY_PREFIX_ESSAY, id);
    return xc_wdb_delete(db, unique, xe);
}

essay_status essay__essays_compact(const char *const *sources, size_t n, const char *dest,
                                   char **err)
{
    char **paths = calloc(n ? n : 1, sizeof *paths), *to = essay__essays_path(dest);
    essay_status st = paths && to ? ESSAY_OK : essay__fail(err, ESSAY_NOMEM, "out of memory");
    size_t have = 0;
    struct stat sb;
    for (size_t i = 0; st == ESSAY_OK && i < n; i++) {
        if ((paths[i] = essay__essays_path(sources[i])) == NULL)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        else
            have += stat(paths[i], &sb) == 0;
    }
    xc_error xe;
    /* All or nothing: essays missing from some source cannot rank. */
    if (st == ESSAY_OK && have == n && n > 0
        && xc_compact((const char *const *)paths, n, to, &xe) != 0)
        st = essay__fail_xc(err, &xe, to);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    free(to);
    return st;
}
