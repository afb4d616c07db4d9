/* search.c -- the reading half of libessay: a query in, ranked paragraphs out.
 *
 * The searcher opens the index read-only, reads back the analyzer settings
 * the indexer stored (so a query is analysed exactly as the text was), and
 * per query: parses it (query.c), runs it through Xapian with BM25 (equal
 * scores in essay id order, then docid order: a stable order that does not
 * depend on how the essays are split into shards, because the paragraphs of
 * one essay are always in one shard, in order), unpacks each hit's
 * stored fields (schema.c) and cuts a snippet (snippet.c) whose highlight
 * weights favour the query's rarer words.  When a query finds little, the
 * index's spelling data proposes a corrected query.
 *
 * Opening: one or several indexes -- local ones, sharded index directories,
 * Xapian stub files, remote shards at tcp://HOST:PORT served by
 * xapian-tcpsrv -- become the shards of one Xapian database, which merges
 * their statistics, so BM25 over the shards is BM25 over one index of the
 * same essays.  The analyzer settings must agree: each part's format and
 * language metadata is checked (Xapian 1.4.22's remote protocol carries
 * metadata; a server that does not is checked through the L<language>
 * terms instead, see read_settings()).  Spelling data does not cross the
 * remote backend: "did you mean" then draws on the local shards only, and
 * the results say so (essay_results_spelling_partial()).
 *
 * A commit by a concurrent indexer can invalidate blocks an open reader is
 * using (Xapian's DatabaseModifiedError): the search then reopens the index
 * at its latest revision and runs again, so a search during an update sees
 * the old index or the new one, and never fails because of it.  An open
 * that meets a rebuild swapping the new index in is tried again likewise.
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
#define RETRIES 5               /* tries again of an open that met a rebuild's swap, and of a
                                   search that met a commit (DatabaseModifiedError) */
#define FEW_HITS 5              /* fewer matches than this: look for a spelling correction */

struct essay_searcher {
    xc_db *db;                  /* every shard, as one database */
    xc_db *essays;              /* every shard's essay database (essays.c), as one; NULL when
                                   some shard has none: then essays rank by their paragraphs */
    essay_analyzer *an;
    char *path;                 /* the paths given, joined with " + ", for messages */
    double k1, b;               /* BM25 parameters */
    char **names;               /* the path given for each part of 'db' */
    unsigned char *remote;      /* whether each part is a remote shard */
    size_t n_parts, n_remote;
    char **skipped;             /* "cannot reach shard ...: why", under ESSAY_OPEN_PARTIAL */
    size_t n_skipped;
    char **given;               /* the paths given, and the flags, to open them again */
    size_t n_given;
    int flags;
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
    int spelling_partial;       /* a suggestion was looked for without the remote shards' data */
};

/* ---- the analyzer settings of every shard ------------------------------ */

/* Settings are read from each part's metadata.  A remote shard whose server
 * does not hand metadata over (Xapian's remote protocol did not always carry
 * it) shows none: its language is then checked through the L<language> term
 * every paragraph carries, which allterms reads through any backend, as it
 * also checks the shards inside a stub database, of which the metadata shows
 * only the first. */
typedef struct {
    const char *want;           /* "L<language>" */
    char *other;                /* an L term that is not 'want', malloc'd */
} lang_check;

static int other_language(const char *term, size_t len, unsigned termfreq, void *arg)
{
    (void)termfreq;
    lang_check *c = arg;
    if (len == strlen(c->want) && memcmp(term, c->want, len) == 0)
        return 0;
    c->other = strndup(term, len);
    return 1;
}

/* The language of some paragraph, from its L term, when no part's metadata
 * names one (malloc'd; "" when the shards hold no paragraph). */
static int first_language(const char *term, size_t len, unsigned termfreq, void *arg)
{
    (void)termfreq;
    char **language = arg;
    size_t plen = strlen(ESSAY_PREFIX_LANG);
    free(*language);
    *language = strndup(term + plen, len - plen);
    return 1;
}

/* Check the format of part 'i' and that its language is *language (set from
 * the first part that names one).  A part without metadata is left to
 * check_languages() when it is remote. */
static essay_status check_part(essay_searcher *s, size_t i, char **language, size_t *named_by,
                               char **err)
{
    xc_error xe;
    char *format = NULL, *lang = NULL;
    const char *name = s->names[i];
    essay_status st = ESSAY_OK;
    if (xc_db_part_metadata(s->db, i, ESSAY_META_FORMAT, &format, NULL, &xe) != 0
        || xc_db_part_metadata(s->db, i, ESSAY_META_LANGUAGE, &lang, NULL, &xe) != 0)
        st = essay__fail_xc(err, &xe, name);
    else if (format[0] == '\0' && !s->remote[i])
        st = essay__fail(err, ESSAY_INCOMPATIBLE,
                         "'%s' is not an essay index (build one with essay-index)", name);
    else if (format[0] != '\0' && strcmp(format, ESSAY_FORMAT_VERSION) != 0)
        st = essay__fail(err, ESSAY_INCOMPATIBLE,
                         "index '%s' has format %s, this essay-search reads format %s: rebuild it "
                         "with essay-index --rebuild", name, format, ESSAY_FORMAT_VERSION);
    else if (lang[0] != '\0' && *language == NULL) {
        *language = lang;
        *named_by = i;
        lang = NULL;
    } else if (lang[0] != '\0' && strcmp(lang, *language) != 0)
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "the shards stem for different languages: '%s' "
                         "for %s, '%s' for %s", s->names[*named_by], *language, name, lang);
    free(format);
    free(lang);
    return st;
}

/* Every paragraph of every shard must carry the L term of 'language'. */
static essay_status check_languages(essay_searcher *s, const char *language, char **err)
{
    char want[128];
    snprintf(want, sizeof want, "%s%s", ESSAY_PREFIX_LANG, language);
    lang_check c = { .want = want };
    xc_error xe;
    essay_status st = ESSAY_OK;
    if (xc_db_each_term(s->db, ESSAY_PREFIX_LANG, other_language, &c, &xe) != 0)
        st = essay__fail_xc(err, &xe, s->path);
    else if (c.other != NULL)
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "the shards stem for different languages: "
                         "%s and %s (in %s)", language, c.other + strlen(ESSAY_PREFIX_LANG),
                         s->path);
    free(c.other);
    return st;
}

static essay_status read_settings(essay_searcher *s, char **err)
{
    char *language = NULL;
    size_t named_by = 0;
    essay_status st = ESSAY_OK;
    for (size_t i = 0; st == ESSAY_OK && i < s->n_parts; i++)
        st = check_part(s, i, &language, &named_by, err);
    xc_error xe;
    if (st == ESSAY_OK && language == NULL
        && xc_db_each_term(s->db, ESSAY_PREFIX_LANG, first_language, &language, &xe) != 0)
        st = essay__fail_xc(err, &xe, s->path);
    if (st == ESSAY_OK && (language == NULL || language[0] == '\0'))
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "cannot tell the stemming language of %s: no "
                         "shard names one", s->path);
    if (st == ESSAY_OK)
        st = check_languages(s, language, err);
    if (st == ESSAY_OK && essay_analyzer_new(language, &s->an) != ESSAY_OK)
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' stems for unknown language '%s'",
                         s->path, language);
    free(language);
    return st;
}

/* ---- the essay databases ------------------------------------------------ */

#define XAPIAN_STUB "XAPIANDB"  /* the stub file Xapian opens in a directory */

/* Add the essay database of the index directory 'dir' to s->essays. */
static int add_essays_of(essay_searcher *s, const char *dir)
{
    char *path = essay__essays_path(dir);
    xc_error xe;
    int rc = path && xc_db_add(s->essays, path, &xe) == 0 ? 0 : -1;
    free(path);
    return rc;
}

/* Add the essay databases of the shards a Xapian stub file lists; -1 when it
 * lists anything but local databases ("auto PATH", "glass PATH", PATH
 * relative to the stub's directory). */
static int add_essays_of_stub(essay_searcher *s, const char *stub)
{
    FILE *f = fopen(stub, "r");
    if (f == NULL)
        return -1;
    const char *slash = strrchr(stub, '/');
    int dir_len = slash ? (int)(slash - stub) : 1;
    const char *dir = slash ? stub : ".";
    char line[4096];
    int rc = 0, shards = 0;
    while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#')
            continue;
        if (strncmp(p, "auto ", 5) == 0 || strncmp(p, "glass ", 6) == 0) {
            p = strchr(p, ' ') + 1;
            char *path;
            if (*p == '/')
                path = strdup(p);
            else if (asprintf(&path, "%.*s/%s", dir_len, dir, p) < 0)
                path = NULL;
            rc = path ? add_essays_of(s, path) : -1;
            free(path);
            shards++;
        } else {
            rc = -1;
        }
    }
    fclose(f);
    return rc == 0 && shards > 0 ? 0 : -1;
}

/* Add the essay databases of the local index, sharded index or stub file at 'path'. */
static int add_essays(essay_searcher *s, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode))
        return add_essays_of_stub(s, path);
    char *stub;
    if (asprintf(&stub, "%s/%s", path, XAPIAN_STUB) < 0)
        return -1;
    int rc = stat(stub, &sb) == 0 ? add_essays_of_stub(s, stub) : add_essays_of(s, path);
    free(stub);
    return rc;
}

/* Open the essay database of every part, as one, or none: remote shards
 * have none that this searcher can reach, nor do indexes made before them. */
static void open_essays(essay_searcher *s)
{
    xc_error xe;
    if (s->n_remote > 0 || s->n_skipped > 0 || (s->essays = xc_db_new(&xe)) == NULL)
        return;
    for (size_t i = 0; i < s->n_parts; i++)
        if (add_essays(s, s->names[i]) != 0) {
            xc_db_close(s->essays);
            s->essays = NULL;
            return;
        }
}

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

#define REMOTE_SCHEME "tcp://"

static int is_remote(const char *path)
{
    return strncmp(path, REMOTE_SCHEME, strlen(REMOTE_SCHEME)) == 0;
}

/* Split "tcp://HOST:PORT" (HOST may be "[v6 address]") into *host (malloc'd)
 * and *port.  Returns -1 when it is not of that form. */
static int parse_remote(const char *spec, char **host, unsigned *port)
{
    const char *h = spec + strlen(REMOTE_SCHEME), *colon;
    size_t hlen;
    if (*h == '[') {
        const char *close = strchr(h, ']');
        if (close == NULL || close[1] != ':')
            return -1;
        h++;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(h, ':');
        if (colon == NULL)
            return -1;
        hlen = (size_t)(colon - h);
    }
    char *end;
    errno = 0;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (hlen == 0 || colon[1] < '0' || colon[1] > '9' || *end != '\0' || errno || p == 0
        || p > 65535)
        return -1;
    *host = strndup(h, hlen);
    *port = (unsigned)p;
    return *host ? 0 : -1;
}

/* Remember that the next part of s->db came from 'name'. */
static int add_name(essay_searcher *s, const char *name, int remote)
{
    char *copy = strdup(name);
    char **names = realloc(s->names, (s->n_parts + 1) * sizeof *names);
    if (names)
        s->names = names;
    unsigned char *flags = realloc(s->remote, s->n_parts + 1);
    if (flags)
        s->remote = flags;
    if (copy == NULL || names == NULL || flags == NULL) {
        free(copy);
        return -1;
    }
    s->names[s->n_parts] = copy;
    s->remote[s->n_parts] = (unsigned char)remote;
    s->n_parts++;
    s->n_remote += remote != 0;
    return 0;
}

static int add_skipped(essay_searcher *s, char *message)
{
    char **skipped = realloc(s->skipped, (s->n_skipped + 1) * sizeof *skipped);
    if (skipped == NULL || message == NULL) {
        free(message);
        return -1;
    }
    s->skipped = skipped;
    s->skipped[s->n_skipped++] = message;
    return 0;
}

/* Add the remote shard 'spec' to s->db; one that cannot be reached is left
 * out under ESSAY_OPEN_PARTIAL. */
static essay_status add_remote(essay_searcher *s, const char *spec, int flags, char **err)
{
    char *host;
    unsigned port;
    if (parse_remote(spec, &host, &port) != 0)
        return essay__fail(err, ESSAY_BAD_INPUT, "bad shard address '%s': want tcp://HOST:PORT",
                           spec);
    xc_error xe;
    essay_status st = ESSAY_OK;
    if (xc_db_add_remote(s->db, host, port, 0, &xe) == 0) {
        if (add_name(s, spec, 1) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    } else if (strcmp(xe.type, "MemoryError") == 0) {
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    } else if (flags & ESSAY_OPEN_PARTIAL) {
        char *msg;
        if (add_skipped(s, asprintf(&msg, "cannot reach shard %s: %s", spec, xe.msg) < 0 ? NULL
                                                                                           : msg)
            != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    } else {
        st = essay__fail(err, ESSAY_IO, "cannot reach shard %s: %s", spec, xe.msg);
    }
    free(host);
    return st;
}

/* The delta of the index at 'path' (delta.c), opened before the index
 * itself, or NULL when it has none. */
static xc_db *open_delta(const char *path, char **delta_path)
{
    struct stat sb;
    xc_error xe;
    *delta_path = essay__delta_path(path);
    return *delta_path && stat(*delta_path, &sb) == 0 ? xc_db_open(*delta_path, &xe) : NULL;
}

/* Add the local index, sharded index or stub file at 'path' to s->db, with
 * the index's delta while it holds essays the index does not. */
static essay_status add_local(essay_searcher *s, const char *path, char **err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return essay__fail(err, errno == ENOENT ? ESSAY_NO_INDEX : ESSAY_IO,
                           "cannot open index '%s': %s", path, strerror(errno));
    char *delta_path;
    xc_db *delta = open_delta(path, &delta_path);
    xc_error xe;
    essay_status st = ESSAY_OK;
    size_t main_part = s->n_parts;
    if (xc_db_add(s->db, path, &xe) != 0)
        st = essay__fail(err, ESSAY_XAPIAN, "cannot open index '%s': %s", path, xe.msg);
    else if (add_name(s, path, 0) != 0)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    else if (delta && essay__delta_live(delta, s->db, main_part)
             && (xc_db_add_db(s->db, delta, &xe) != 0 || add_name(s, delta_path, 0) != 0))
        st = essay__fail(err, ESSAY_XAPIAN, "cannot open the recent additions of index '%s'",
                         path);
    xc_db_close(delta);
    free(delta_path);
    return st;
}

/* The paths joined with " + ", for messages. */
static char *join_paths(const char *const *paths, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(paths[i]) + 3;
    char *joined = malloc(len), *p = joined;
    if (joined == NULL)
        return NULL;
    *p = '\0';
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? " + " : "", paths[i]);
    return joined;
}

/* essay_searcher_open_many(), once. */
static essay_status open_once(const char *const *paths, size_t n, int flags,
                              essay_searcher **out, char **err)
{
    *out = NULL;
    essay_searcher *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = join_paths(paths, n)) == NULL
        || (s->given = calloc(n, sizeof *s->given)) == NULL) {
        if (s)
            free(s->path);
        free(s);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    s->flags = flags;
    for (s->n_given = 0; s->n_given < n; s->n_given++)
        if ((s->given[s->n_given] = strdup(paths[s->n_given])) == NULL) {
            essay_searcher_close(s);
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        }
    s->k1 = tuning("ESSAY_BM25_K1", 1.2);
    s->b = tuning("ESSAY_BM25_B", 0.75);
    xc_error xe;
    essay_status st = ESSAY_OK;
    if ((s->db = xc_db_new(&xe)) == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; st == ESSAY_OK && i < n; i++)
        st = is_remote(paths[i]) ? add_remote(s, paths[i], flags, err)
                                 : add_local(s, paths[i], err);
    if (st == ESSAY_OK && s->n_parts == 0)
        st = essay__fail(err, ESSAY_IO, "%s; no shard is left to search", s->skipped[0]);
    if (st == ESSAY_OK)
        st = read_settings(s, err);
    if (st == ESSAY_OK && tuning("ESSAY_RANK_ESSAYS", 1) != 0)
        open_essays(s);
    if (st != ESSAY_OK) {
        essay_searcher_close(s);
        return st;
    }
    *out = s;
    return ESSAY_OK;
}

/* The device and inode of each local path in ids[] (zero for the rest). */
static void identify(const char *const *paths, size_t n, struct stat *ids)
{
    for (size_t i = 0; i < n; i++)
        if (is_remote(paths[i]) || stat(paths[i], &ids[i]) != 0)
            memset(&ids[i], 0, sizeof ids[i]);
}

static int same_ids(const struct stat *a, const struct stat *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].st_dev != b[i].st_dev || a[i].st_ino != b[i].st_ino)
            return 0;
    return 1;
}

/* A rebuild puts a whole new index in place of the old (indexdir.c), and a
 * sharded one does so shard by shard.  An open that straddles the swap may
 * read files of both: it fails ("EOF reading block"), or, when the path
 * now names another directory, may have mixed them without failing.  Either
 * way it is tried again, at most RETRIES times. */
essay_status essay_searcher_open_many(const char *const *paths, size_t n, int flags,
                                      essay_searcher **out, char **err)
{
    *out = NULL;
    if (n == 0)
        return essay__fail(err, ESSAY_BAD_INPUT, "no index to open");
    struct stat *before = calloc(n, sizeof *before), *after = calloc(n, sizeof *after);
    essay_status st = ESSAY_NOMEM;
    char *msg = NULL;
    for (int attempt = 0; before && after; attempt++) {
        identify(paths, n, before);
        st = open_once(paths, n, flags, out, &msg);
        identify(paths, n, after);
        int swapped = !same_ids(before, after, n);
        if (attempt == RETRIES || (!swapped && st != ESSAY_XAPIAN))
            break;
        essay_searcher_close(*out);
        *out = NULL;
        free(msg);
        msg = NULL;
    }
    free(before);
    free(after);
    if (st == ESSAY_NOMEM && msg == NULL)
        msg = strdup("out of memory");
    if (st != ESSAY_OK && err)
        *err = msg;
    else
        free(msg);
    return st;
}

essay_status essay_searcher_open(const char *path, essay_searcher **out, char **err)
{
    return essay_searcher_open_many(&path, 1, 0, out, err);
}

const char *essay_searcher_skipped(const essay_searcher *s, size_t i)
{
    return i < s->n_skipped ? s->skipped[i] : NULL;
}

size_t essay_searcher_remote_shards(const essay_searcher *s)
{
    return s->n_remote;
}

void essay_searcher_close(essay_searcher *s)
{
    if (s == NULL)
        return;
    xc_db_close(s->db);
    xc_db_close(s->essays);
    essay_analyzer_free(s->an);
    for (size_t i = 0; i < s->n_parts; i++)
        free(s->names[i]);
    for (size_t i = 0; i < s->n_skipped; i++)
        free(s->skipped[i]);
    for (size_t i = 0; i < s->n_given; i++)
        free(s->given[i]);
    free(s->given);
    free(s->names);
    free(s->remote);
    free(s->skipped);
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
int essay_results_spelling_partial(const essay_results *r) { return r->spelling_partial; }

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

/* A query session on 'db' for 'q', ranked by BM25 (equal weights in essay
 * id order), at most 'per_essay' documents of an essay (0: no limit). */
static xc_enquire *enquire(essay_searcher *s, xc_db *db, const xc_query *q, unsigned per_essay,
                           essay_sort sort, xc_error *xe)
{
    xc_enquire *enq = xc_enquire_new(db, xe);
    if (enq != NULL && xc_enquire_set_query(enq, q, xe) == 0
        && xc_enquire_set_bm25(enq, s->k1, 0, 1, s->b, 0.5, xe) == 0
        && xc_enquire_set_docid_ascending(enq, xe) == 0
        && (per_essay == 0 || xc_enquire_set_collapse(enq, ESSAY_SLOT_ESSAY, per_essay, xe) == 0)
        && (sort == ESSAY_SORT_DATE
            ? xc_enquire_set_sort_by_value(enq, ESSAY_SLOT_DATE, 1, xe) == 0
            : xc_enquire_set_relevance_then_value(enq, ESSAY_SLOT_ESSAY, 0, xe) == 0))
        return enq;
    xc_enquire_free(enq);
    return NULL;
}

/* Fill 'h' from match 'i' of 'mset', a paragraph, with its snippet cut for
 * 'm'; ranked 'rank' with 'score'. */
static essay_status fill_hit(essay_searcher *s, const xc_mset *mset, size_t i, essay_matchset *m,
                             const essay_search_options *o, unsigned rank, double score,
                             stored_hit *h, xc_error *xe, char **err)
{
    xc_doc *doc = xc_mset_document(mset, i, xe);
    if (doc == NULL)
        return ESSAY_XAPIAN;
    size_t len;
    const char *data = xc_doc_data(doc, &len);
    essay_docdata d;
    int bad = essay__docdata_unpack(data, len, &d) != 0;
    int nomem = !bad && fill_fields(h, &d) != 0;
    xc_doc_free(doc);
    if (bad)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' holds a document in an unknown "
                           "format: rebuild it with essay-index --rebuild", s->path);
    if (nomem || essay__snippet(s->an, h->hit.text, strlen(h->hit.text), m, o->snippet_chars,
                                &h->snippet) != ESSAY_OK)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    h->hit.rank = rank;
    h->hit.score = score;
    h->hit.snippet = h->snippet.text;
    h->hit.highlights = h->snippet.spans;
    h->hit.n_highlights = h->snippet.n_spans;
    return ESSAY_OK;
}

/* Run 'xq' and fill 'r' with its hits, their snippets cut for 'm'. */
static essay_status run_query(essay_searcher *s, const xc_query *xq, essay_matchset *m,
                              const essay_search_options *o, essay_results *r, xc_error *xe,
                              char **err)
{
    unsigned docs = 0;
    if (o->exact_total && xc_db_doccount(s->db, &docs, xe) != 0)
        docs = 0;
    unsigned check = o->exact_total ? docs : o->offset + o->limit;
    xc_enquire *enq = enquire(s, s->db, xq, o->per_essay, o->sort, xe);
    xc_mset *mset = enq ? xc_enquire_mset(enq, o->offset, o->limit, check, xe) : NULL;
    essay_status st = ESSAY_OK;
    if (mset == NULL) {
        st = ESSAY_XAPIAN;
        goto out;
    }
    size_t n = xc_mset_size(mset);
    r->estimate = xc_mset_estimated(mset);
    if (n > 0 && (r->hits = calloc(n, sizeof *r->hits)) == NULL) {
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        goto out;
    }
    weigh_groups(s, m);
    for (size_t i = 0; i < n && st == ESSAY_OK; i++) {
        st = fill_hit(s, mset, i, m, o, o->offset + (unsigned)i + 1, xc_mset_weight(mset, i),
                      &r->hits[i], xe, err);
        r->n = i + 1;
    }
out:
    xc_mset_free(mset);
    xc_enquire_free(enq);
    return st;
}

/* ---- essays ranked by their whole text ---------------------------------- */

#define ESSAY_RANK_MAX 1000     /* deepest hit (offset + limit) ranked by essay */
#define ESSAY_BATCH_MIN 64      /* essays checked for a matching paragraph at once */
/* Pseudo-relevance feedback (tests/RELEVANCE.md): the words taken from the
 * first essays.  Only words that at least EXPAND_MIN_ESSAYS of them hold
 * (Terrier's rule): a word of one essay describes that essay, not what the
 * first essays have in common, and taken alone such words are the noise
 * that pulls a query off its subject (names, numbers, rare words of one
 * abstract).  With that rule a few more essays than the likeliest three
 * can be read, and as many words as agree, weighed so that forty of them
 * together count as much as the query's own words (RM3's even mix), each
 * at most as much as one of them: when the first essays share fewer words,
 * the feedback weighs less. */
#define EXPAND_ESSAYS 5
#define EXPAND_TERMS 40
#define EXPAND_MIN_ESSAYS 2
/* By default, feedback for any-word queries of at least this many distinct
 * words after stop words: questions like those it was measured on (every
 * Cranfield query has four or more, and gains at every length), not the
 * keywords of a short query, which keep their plain ranking. */
#define EXPAND_MIN_WORDS 4

/* Essays in the order the essay query ranks them, each with the match of
 * its best paragraph (or SIZE_MAX: it has none that matches). */
typedef struct {
    char (*ids)[17];
    double *scores;
    size_t *para;               /* index into the paragraph mset */
    size_t n;
} essay_list;

static void essay_list_free(essay_list *l)
{
    free(l->ids);
    free(l->scores);
    free(l->para);
    memset(l, 0, sizeof *l);
}

/* The essay id in the ESSAY_SLOT_ESSAY value of match 'i' of 'mset'. */
static int match_essay(const xc_mset *mset, size_t i, char id[17], xc_error *xe)
{
    xc_doc *doc = xc_mset_document(mset, i, xe);
    if (doc == NULL)
        return -1;
    size_t len;
    const char *v = xc_doc_value(doc, ESSAY_SLOT_ESSAY, &len);
    snprintf(id, 17, "%.*s", (int)(len < 16 ? len : 16), v);
    xc_doc_free(doc);
    return 0;
}

/* The essays of 'emset' (an essay query's matches), in its order. */
static int list_essays(const xc_mset *emset, essay_list *l, xc_error *xe)
{
    size_t n = xc_mset_size(emset);
    l->ids = calloc(n ? n : 1, sizeof *l->ids);
    l->scores = calloc(n ? n : 1, sizeof *l->scores);
    l->para = calloc(n ? n : 1, sizeof *l->para);
    if (l->ids == NULL || l->scores == NULL || l->para == NULL)
        return -2;
    for (size_t i = 0; i < n; i++) {
        if (match_essay(emset, i, l->ids[i], xe) != 0)
            return -1;
        l->scores[i] = xc_mset_weight(emset, i);
        l->para[i] = SIZE_MAX;
    }
    l->n = n;
    return 0;
}

/* 'q' FILTERed by the "E" terms of the essays 'ids[0..n)'. */
static xc_query *only_essays(const xc_query *q, char (*ids)[17], size_t n, xc_error *xe)
{
    xc_query **terms = calloc(n + 1, sizeof *terms), *any = NULL, *out = NULL;
    size_t made = 0;
    char term[32];
    for (; terms && made < n; made++) {
        snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, ids[made]);
        if ((terms[made] = xc_query_term(term, strlen(term), 1, 0, xe)) == NULL)
            break;
    }
    if (terms && made == n && (any = xc_query_combine(XC_OP_OR, terms, n, 0, xe)) != NULL) {
        xc_query *pair[2] = { (xc_query *)q, any };
        out = xc_query_combine(XC_OP_FILTER, pair, 2, 0, xe);
    }
    for (size_t i = 0; terms && i < made; i++)
        xc_query_free(terms[i]);
    free(terms);
    xc_query_free(any);
    return out;
}

/* Point each essay of 'l' at its match in 'pmset' (a paragraph query's,
 * collapsed to one per essay); returns how many have one. */
static long match_paragraphs(essay_list *l, const xc_mset *pmset, xc_error *xe)
{
    long found = 0;
    char id[17];
    for (size_t i = 0; i < xc_mset_size(pmset); i++) {
        if (match_essay(pmset, i, id, xe) != 0)
            return -1;
        for (size_t j = 0; j < l->n; j++)
            if (l->para[j] == SIZE_MAX && strcmp(l->ids[j], id) == 0) {
                l->para[j] = i;
                found++;
                break;
            }
    }
    return found;
}

/* One essay-ranked search's Xapian objects. */
typedef struct {
    essay_list l;
    xc_query *fq;
    xc_enquire *eenq, *penq;
    xc_mset *emset;             /* essays */
    xc_mset *pmset;             /* their best paragraphs */
} essay_run;

static void essay_run_clear(essay_run *e)
{
    essay_list_free(&e->l);
    xc_query_free(e->fq);
    xc_mset_free(e->emset);
    xc_mset_free(e->pmset);
    xc_enquire_free(e->eenq);
    xc_enquire_free(e->penq);
    memset(e, 0, sizeof *e);
}

/* The best 'batch' essays of 'eq', and for those that have one, the best
 * paragraph matching 'xq' (one paragraph query for all).  Returns how many
 * have one; -1 on a Xapian error, -2 out of memory. */
static long rank_by_essays(essay_searcher *s, const xc_query *xq, const xc_query *eq,
                           unsigned batch, essay_run *e, xc_error *xe)
{
    if ((e->eenq = enquire(s, s->essays, eq, 0, ESSAY_SORT_RELEVANCE, xe)) == NULL
        || (e->emset = xc_enquire_mset(e->eenq, 0, batch, batch, xe)) == NULL)
        return -1;
    int listed = list_essays(e->emset, &e->l, xe);
    if (listed != 0 || e->l.n == 0)
        return listed;
    unsigned n = (unsigned)e->l.n;
    if ((e->fq = only_essays(xq, e->l.ids, n, xe)) == NULL
        || (e->penq = enquire(s, s->db, e->fq, 1, ESSAY_SORT_RELEVANCE, xe)) == NULL
        || (e->pmset = xc_enquire_mset(e->penq, 0, n, n, xe)) == NULL)
        return -1;
    return match_paragraphs(&e->l, e->pmset, xe);
}

/* The essays of the best ESSAY_RANK_MAX paragraphs of 'xq' (one each),
 * ranked by 'eq'.  Returns 0, -1 on a Xapian error, -2 out of memory. */
static int rank_best_paragraphs(essay_searcher *s, const xc_query *xq, const xc_query *eq,
                                essay_run *e, xc_error *xe)
{
    essay_list p = { 0 };
    if ((e->penq = enquire(s, s->db, xq, 1, ESSAY_SORT_RELEVANCE, xe)) == NULL
        || (e->pmset = xc_enquire_mset(e->penq, 0, ESSAY_RANK_MAX, ESSAY_RANK_MAX, xe)) == NULL)
        return -1;
    int rc = list_essays(e->pmset, &p, xe);
    if (rc == 0 && p.n > 0) {
        unsigned n = (unsigned)p.n;
        if ((e->fq = only_essays(eq, p.ids, n, xe)) == NULL
            || (e->eenq = enquire(s, s->essays, e->fq, 0, ESSAY_SORT_RELEVANCE, xe)) == NULL
            || (e->emset = xc_enquire_mset(e->eenq, 0, n, n, xe)) == NULL)
            rc = -1;
        else if ((rc = list_essays(e->emset, &e->l, xe)) == 0 && match_paragraphs(&e->l, e->pmset,
                                                                                  xe) < 0)
            rc = -1;
    }
    essay_list_free(&p);
    return rc;
}

/* The terms of an expand set (xc_enquire_expand), gathered as term queries
 * to OR together and, when 'groups' is not NULL, as stems for the snippets
 * to highlight (feedback for essays, and --like). */
typedef struct {
    xc_query **subs;            /* [max] */
    essay_match_group *groups;  /* [max], or NULL */
    essay_match_term *terms;    /* [max], with 'groups': the stem of each */
    size_t n, max;
    xc_error *xe;
    int failed;
} expand_terms;

static int add_expand_term(const char *term, size_t len, double weight, void *arg)
{
    (void)weight;
    expand_terms *c = arg;
    if (c->n == c->max)
        return 1;
    size_t plen = strlen(ESSAY_PREFIX_STEM);
    xc_query *q = xc_query_term(term, len, 1, 0, c->xe);
    char *stem = q && c->groups ? strndup(term + plen, len - plen) : NULL;
    if (q == NULL || (c->groups && stem == NULL)) {
        if (q != NULL) {
            snprintf(c->xe->type, sizeof c->xe->type, "MemoryError");
            snprintf(c->xe->msg, sizeof c->xe->msg, "out of memory");
        }
        xc_query_free(q);
        c->failed = 1;
        return 1;
    }
    c->subs[c->n] = q;
    if (c->groups) {
        c->terms[c->n] = (essay_match_term){ .text = stem, .len = len - plen,
                                             .kind = ESSAY_MATCH_STEM };
        c->groups[c->n] = (essay_match_group){ .terms = &c->terms[c->n], .n = 1, .weight = 1 };
    }
    c->n++;
    return 0;
}

/* 'eq' OR the 'terms' words that best tell its first 'docs' essays apart
 * (Xapian's expand set), of those that EXPAND_MIN_ESSAYS of them hold, each
 * weighted 'words' (the distinct words of 'eq') / 'terms', at most 1:
 * pseudo-relevance feedback.  NULL on a Xapian error. */
static xc_query *expand_essays(essay_searcher *s, const xc_query *eq, size_t words,
                               unsigned docs, unsigned terms, xc_error *xe)
{
    xc_enquire *enq = enquire(s, s->essays, eq, 0, ESSAY_SORT_RELEVANCE, xe);
    xc_mset *m = enq ? xc_enquire_mset(enq, 0, docs, docs, xe) : NULL;
    xc_docid *ids = calloc(docs + 1, sizeof *ids);
    expand_terms x = { .subs = calloc(terms + 1, sizeof *x.subs), .max = terms, .xe = xe };
    xc_query *any = NULL, *scaled = NULL, *out = NULL;
    size_t n = xc_mset_size(m);
    for (size_t i = 0; ids && i < n; i++)
        ids[i] = xc_mset_docid(m, i);
    if (m && ids && x.subs
        && (n == 0 || (xc_enquire_expand(enq, ids, n, terms, EXPAND_MIN_ESSAYS, ESSAY_PREFIX_STEM,
                                         add_expand_term, &x, xe) == 0 && !x.failed))) {
        double weight = words < terms ? (double)words / terms : 1.0;
        if (x.n == 0 || words == 0) {
            out = xc_query_scale(eq, 1, xe);
        } else if ((any = xc_query_combine(XC_OP_OR, x.subs, x.n, 0, xe)) != NULL
                   && (scaled = xc_query_scale(any, weight, xe)) != NULL) {
            xc_query *pair[2] = { (xc_query *)eq, scaled };
            out = xc_query_combine(XC_OP_OR, pair, 2, 0, xe);
        }
    }
    for (size_t i = 0; i < x.n; i++)
        xc_query_free(x.subs[i]);
    free(x.subs);
    free(ids);
    xc_query_free(any);
    xc_query_free(scaled);
    xc_mset_free(m);
    xc_enquire_free(enq);
    return out;
}

/* Run 'xq' ranking essays by 'eq' over the essay databases: the essays that
 * have a paragraph matching 'xq', in the order 'eq' ranks them, each shown
 * by its best paragraph, with the essay's score.  'eq' matches at least
 * those essays (see essay__query_build_essays()), so its best essays are
 * checked for a matching paragraph; if fewer than wanted have one (a query
 * whose paragraphs are much rarer than its words: a phrase of common words,
 * say), the essays of the best ESSAY_RANK_MAX paragraphs are ranked instead.
 * With feedback (o->expand; by default for any-word queries of
 * EXPAND_MIN_WORDS words or more), 'eq' is first expanded with the words of
 * its best essays: more essays may rank, but each still needs a paragraph
 * matching 'xq'. */
static essay_status run_essays(essay_searcher *s, const xc_query *xq, const xc_query *eq,
                               essay_matchset *m, const essay_search_options *o,
                               essay_results *r, xc_error *xe, char **err)
{
    unsigned want = o->offset + o->limit;
    unsigned batch = 4 * want > ESSAY_BATCH_MIN ? 4 * want : ESSAY_BATCH_MIN;
    essay_run e = { 0 };
    xc_query *expanded = NULL;
    size_t words = 0;
    if (o->expand != ESSAY_EXPAND_NEVER
        && xc_query_count_terms(eq, ESSAY_PREFIX_STEM, &words, xe) != 0)
        return ESSAY_XAPIAN;
    if (o->expand == ESSAY_EXPAND_ALWAYS
        || (o->expand == ESSAY_EXPAND_AUTO && o->match_any && words >= EXPAND_MIN_WORDS)) {
        expanded = expand_essays(s, eq, words, EXPAND_ESSAYS, EXPAND_TERMS, xe);
        if (expanded == NULL)
            return ESSAY_XAPIAN;
        eq = expanded;
    }
    long found = rank_by_essays(s, xq, eq, batch, &e, xe);
    if (found >= 0 && (unsigned long)found < want && e.l.n == batch) {
        essay_run_clear(&e);
        found = rank_best_paragraphs(s, xq, eq, &e, xe);
        if (found == 0)
            r->estimate = xc_mset_estimated(e.pmset);
    } else if (found > 0) {
        /* the essays' estimate, less the share of them without a matching paragraph */
        double share = (double)found / (double)e.l.n;
        r->estimate = (size_t)((double)xc_mset_estimated(e.emset) * share + 0.5);
        if (r->estimate < (size_t)found)
            r->estimate = (size_t)found;
    }
    essay_status st = found == -2 ? essay__fail(err, ESSAY_NOMEM, "out of memory")
                      : found < 0 ? ESSAY_XAPIAN : ESSAY_OK;
    if (st == ESSAY_OK)
        weigh_groups(s, m);
    size_t seen = 0;
    for (size_t j = 0; st == ESSAY_OK && j < e.l.n && r->n < o->limit; j++) {
        if (e.l.para[j] == SIZE_MAX || seen++ < o->offset)
            continue;
        if (r->hits == NULL && (r->hits = calloc(o->limit, sizeof *r->hits)) == NULL) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
        st = fill_hit(s, e.pmset, e.l.para[j], m, o, o->offset + (unsigned)r->n + 1,
                      e.l.scores[j], &r->hits[r->n], xe, err);
        r->n++;
    }
    essay_run_clear(&e);
    xc_query_free(expanded);
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

/* Options with their defaults filled in. */
static essay_search_options complete_options(const essay_search_options *opt)
{
    essay_search_options o = opt ? *opt : essay_search_defaults();
    if (o.limit == 0)
        o.limit = DEFAULT_LIMIT;
    if (o.snippet_chars == 0)
        o.snippet_chars = DEFAULT_SNIPPET;
    return o;
}

#define SWAP(type, a, b) do { type swapped_ = (a); (a) = (b); (b) = swapped_; } while (0)

/* Open the databases of 's' afresh from the paths first given: a reopen at
 * the latest revision that also finds each index's delta as it is now
 * (delta.c: created, or folded in and removed, since 's' was opened).  The
 * analyzer stays: the query being run was parsed with it. */
static int reopen(essay_searcher *s, xc_error *xe)
{
    essay_searcher *fresh;
    char *err = NULL;
    if (essay_searcher_open_many((const char *const *)s->given, s->n_given, s->flags, &fresh,
                                 &err) != ESSAY_OK) {
        snprintf(xe->type, sizeof xe->type, "DatabaseOpeningError");
        snprintf(xe->msg, sizeof xe->msg, "%s", err ? err : "cannot open the index again");
        free(err);
        return -1;
    }
    SWAP(xc_db *, s->db, fresh->db);
    SWAP(xc_db *, s->essays, fresh->essays);
    SWAP(char **, s->names, fresh->names);
    SWAP(unsigned char *, s->remote, fresh->remote);
    SWAP(size_t, s->n_parts, fresh->n_parts);
    SWAP(size_t, s->n_remote, fresh->n_remote);
    SWAP(char **, s->skipped, fresh->skipped);
    SWAP(size_t, s->n_skipped, fresh->n_skipped);
    essay_searcher_close(fresh);
    return 0;
}

/* Run 'xq' into new results, ranked by essay with 'eq' unless it is NULL,
 * reopening the index and trying again when a concurrent commit invalidated
 * what the reader was using. */
static essay_status run_with_retries(essay_searcher *s, const xc_query *xq, const xc_query *eq,
                                     essay_matchset *m, const essay_search_options *o,
                                     essay_results **out, char **err)
{
    essay_results *r = calloc(1, sizeof *r);
    if (r == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    essay_status st;
    for (int attempt = 0;; attempt++) {
        st = eq ? run_essays(s, xq, eq, m, o, r, &xe, err) : run_query(s, xq, m, o, r, &xe, err);
        if (st != ESSAY_XAPIAN || strcmp(xe.type, "DatabaseModifiedError") != 0
            || attempt == RETRIES)
            break;
        results_reset(r);
        if (reopen(s, &xe) != 0)
            break;
    }
    if (st == ESSAY_XAPIAN)
        st = essay__fail_xc(err, &xe, s->path);
    if (st != ESSAY_OK) {
        essay_results_free(r);
        return st;
    }
    *out = r;
    return ESSAY_OK;
}

/* Whether hits one per essay, by relevance, are ranked by essay: when every
 * shard has its essay database, and not too deep (an exact count, or
 * thousands of essays, as --paths asks for, are left to the paragraphs). */
static int ranks_by_essay(const essay_searcher *s, const essay_search_options *o)
{
    return s->essays != NULL && o->per_essay == 1 && o->sort == ESSAY_SORT_RELEVANCE
           && !o->exact_total && (unsigned long)o->offset + o->limit <= ESSAY_RANK_MAX;
}

essay_status essay_search(essay_searcher *s, const char *query, const essay_search_options *opt,
                          essay_results **out, char **err)
{
    *out = NULL;
    essay_search_options o = complete_options(opt);
    essay_query *q;
    essay_status st = essay__query_parse(s->an, query, strlen(query), o.match_any, &q, err);
    if (st != ESSAY_OK)
        return st;
    xc_error xe;
    xc_query *xq = essay__query_build(q, &xe), *eq = NULL;
    essay_matchset *m = essay__query_matchset(q);
    int by_essay = 0;
    if (xq != NULL && ranks_by_essay(s, &o))
        eq = essay__query_build_essays(q, &by_essay, &xe);
    if (xq == NULL || (by_essay && eq == NULL))
        st = essay__fail_xc(err, &xe, s->path);
    else if (m == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    else
        st = run_with_retries(s, xq, eq, m, &o, out, err);
    if (st == ESSAY_OK && essay_results_estimate(*out) < FEW_HITS) {
        (*out)->suggestion = essay__query_rewrite(q, correct_word, s);
        (*out)->spelling_partial = s->n_remote > 0;
    }
    xc_query_free(xq);
    xc_query_free(eq);
    essay__query_free(q);
    return st;
}

/* ---- paragraphs like a given one ---------------------------------------- */

/* The docid of the paragraph of essay 'path' that holds line 'line' (the
 * last one starting at or before it).  Returns 0 if there is none. */
static xc_docid find_paragraph(essay_searcher *s, const char *path, unsigned line, xc_error *xe,
                               int *failed)
{
    char id[17], term[32];
    essay__essay_id(path, id);
    snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, id);
    xc_query *q = xc_query_term(term, strlen(term), 1, 0, xe);
    xc_enquire *enq = q ? xc_enquire_new(s->db, xe) : NULL;
    xc_mset *mset = NULL;
    xc_docid best = 0;
    unsigned best_line = 0;
    *failed = !(enq && xc_enquire_set_query(enq, q, xe) == 0
                && (mset = xc_enquire_mset(enq, 0, UINT32_MAX / 2, 0, xe)) != NULL);
    for (size_t i = 0; !*failed && i < xc_mset_size(mset); i++) {
        xc_doc *doc = xc_mset_document(mset, i, xe);
        if (doc == NULL) {
            *failed = 1;
            break;
        }
        size_t len;
        const char *data = xc_doc_data(doc, &len);
        essay_docdata d;
        if (essay__docdata_unpack(data, len, &d) == 0 && d.line <= line && d.line >= best_line) {
            best = xc_mset_docid(mset, i);
            best_line = d.line;
        }
        xc_doc_free(doc);
    }
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_query_free(q);
    return best;
}

#define LIKE_TERMS 25   /* terms of the expand set that make the query */

essay_status essay_search_like(essay_searcher *s, const char *path, unsigned line,
                               const essay_search_options *opt, essay_results **out, char **err)
{
    *out = NULL;
    essay_search_options o = complete_options(opt);
    char *abs = realpath(path, NULL);
    const char *indexed = abs ? abs : path;
    xc_error xe;
    int failed;
    xc_query *subs[LIKE_TERMS];
    essay_match_group groups[LIKE_TERMS];
    essay_match_term terms[LIKE_TERMS];
    expand_terms c = { .subs = subs, .groups = groups, .terms = terms, .max = LIKE_TERMS,
                       .xe = &xe };
    xc_query *like = NULL, *self = NULL, *xq = NULL;
    essay_status st = ESSAY_OK;
    xc_docid docid = find_paragraph(s, indexed, line, &xe, &failed);
    xc_enquire *enq = docid ? xc_enquire_new(s->db, &xe) : NULL;
    if (failed || (docid && enq == NULL)) {
        st = essay__fail_xc(err, &xe, s->path);
        goto out;
    }
    if (docid == 0) {
        st = essay__fail(err, ESSAY_BAD_QUERY, "no indexed paragraph at %s:%u", path, line);
        goto out;
    }
    if (xc_enquire_expand(enq, &docid, 1, LIKE_TERMS, 1, ESSAY_PREFIX_STEM, add_expand_term, &c,
                          &xe) != 0
        || c.failed) {
        st = essay__fail_xc(err, &xe, s->path);
        goto out;
    }
    if (c.n == 0) {
        st = essay__fail(err, ESSAY_BAD_QUERY, "the paragraph at %s:%u has no words to look for",
                         path, line);
        goto out;
    }
    /* Every paragraph like it but itself. */
    like = xc_query_combine(XC_OP_OR, c.subs, c.n, 0, &xe);
    xc_query *pair[2] = { like, NULL };
    char unique[64];
    xc_doc *doc = xc_db_get_document(s->db, docid, &xe);
    essay_docdata d;
    size_t len;
    char id[17];
    essay__essay_id(indexed, id);
    const char *data = doc ? xc_doc_data(doc, &len) : NULL;   /* sets len: not in one call */
    if (data && essay__docdata_unpack(data, len, &d) == 0) {
        snprintf(unique, sizeof unique, "%s%s:%u", ESSAY_PREFIX_UNIQUE, id, d.paragraph);
        self = xc_query_term(unique, strlen(unique), 1, 0, &xe);
    }
    xc_doc_free(doc);
    pair[1] = self;
    xq = like && self ? xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &xe) : NULL;
    if (xq == NULL) {
        st = essay__fail_xc(err, &xe, s->path);
        goto out;
    }
    essay_matchset m = { .groups = c.groups, .n = c.n };
    st = run_with_retries(s, xq, NULL, &m, &o, out, err);
out:
    for (size_t i = 0; i < c.n; i++) {
        xc_query_free(c.subs[i]);
        free(c.terms[i].text);
    }
    xc_query_free(like);
    xc_query_free(self);
    xc_query_free(xq);
    xc_enquire_free(enq);
    free(abs);
    return st;
}
