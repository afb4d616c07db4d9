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
 *     N<stem>     every word of its author and file name (the names it is
 *                 known by), but words of digits alone, with no wdf: the
 *                 essay unit's query lets them hold a word (query.c)
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
    const char *prefix;     /* ESSAY_PREFIX_TITLE or ESSAY_PREFIX_NAME */
    xc_error *xe;
    int failed;
    char term[256];
} essay_terms;

static int digits_only(const essay_token *tok)
{
    return strspn(tok->term, "0123456789") == tok->term_len;
}

/* Add the term of 'tok' with the prefix of 'arg' (an essay_terms): a title
 * word with wdf 1, a name with none (boolean: it adds nothing to the essay's
 * length); a number is no name ("010.txt"). */
static int add_essay_term(const essay_token *tok, void *arg)
{
    essay_terms *c = arg;
    int name = strcmp(c->prefix, ESSAY_PREFIX_NAME) == 0;
    size_t plen = strlen(c->prefix);
    if (plen + tok->stem_len >= sizeof c->term || (name && digits_only(tok)))
        return 0;   /* the analyzer caps terms well below this */
    memcpy(c->term, c->prefix, plen);
    memcpy(c->term + plen, tok->stem, tok->stem_len);
    if ((name ? xc_doc_add_boolean_term(c->doc, c->term, plen + tok->stem_len, c->xe)
              : xc_doc_add_term(c->doc, c->term, plen + tok->stem_len, 1, c->xe)) != 0) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

/* Add the terms of text[0..len) with 'prefix' to 'c->doc'; -1 on failure. */
static int add_essay_terms(essay_analyzer *an, const char *text, size_t len, const char *prefix,
                           essay_terms *c)
{
    c->prefix = prefix;
    if (len > 0 && essay_analyze(an, text, len, add_essay_term, c) != ESSAY_OK && !c->failed) {
        xc_error_set(c->xe, XC_ERR_NOMEM, "out of memory");
        c->failed = 1;
    }
    return c->failed ? -1 : 0;
}

/* The file name of 'path' (of 'len' bytes) without its directory and its
 * extension: what a person named the essay by. */
static void file_name(const char *path, size_t len, const char **name, size_t *name_len)
{
    const char *slash = memrchr(path, '/', len);
    const char *start = slash ? slash + 1 : path;
    const char *dot = memrchr(start, '.', len - (size_t)(start - path));
    *name = start;
    *name_len = (size_t)((dot && dot > start ? dot : path + len) - start);
}

xc_doc *essay__essays_doc(essay_analyzer *an, const char *id, const essay_docdata *d,
                          xc_error *xe)
{
    char unique[32];
    snprintf(unique, sizeof unique, "%s%s", ESSAY_PREFIX_ESSAY, id);
    xc_doc *doc = xc_doc_new(xe);
    essay_terms c = { .doc = doc, .xe = xe };
    if (doc == NULL)
        return NULL;
    const char *name;
    size_t name_len;
    file_name(d->path, d->path_len, &name, &name_len);
    if (add_essay_terms(an, d->title, d->title_len, ESSAY_PREFIX_TITLE, &c) != 0
        || add_essay_terms(an, d->author, d->author_len, ESSAY_PREFIX_NAME, &c) != 0
        || add_essay_terms(an, name, name_len, ESSAY_PREFIX_NAME, &c) != 0
        || xc_doc_add_boolean_term(doc, unique, strlen(unique), xe) != 0
        || xc_doc_set_value(doc, ESSAY_SLOT_ESSAY, id, strlen(id), xe) != 0) {
        xc_doc_free(doc);
        return NULL;
    }
    return doc;
}

int essay__names_essays(const char *stem, void *searcher)
{
    xc_db *essays = ((essay_searcher *)searcher)->essays;
    char term[256];
    unsigned freq = 0;
    xc_error xe;
    int n = snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_NAME, stem);
    return essays != NULL && n > 0 && (size_t)n < sizeof term
           && xc_db_termfreq(essays, term, &freq, &xe) == 0 && freq > 0;
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
