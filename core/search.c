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
 * index's spelling data proposes a corrected query.  On request, the
 * paragraphs around a hit (its context) are read by their unique terms,
 * Q<essay id>:<paragraph>.
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
 * A search first ranks (the docids and weights of its hits, in "tiers":
 * those holding every word, then the others), then reads each hit's
 * document and cuts its snippet: all at once for essay_search(), one at a
 * time as the caller asks for essay_search_stream(), which so holds one hit
 * however many it gives.  Before all that, a query past a limit of essay.h
 * is refused (query.c), among them what its wildcards stand for, which
 * count_terms() asks of the index.
 *
 * A commit by a concurrent indexer can invalidate blocks an open reader is
 * using (Xapian's DatabaseModifiedError): the search then reopens the index
 * at its latest revision and runs again (a stream: from the rank it had
 * reached), so a search during an update sees the old index or the new one,
 * and never fails because of it.  An open
 * that meets a rebuild swapping the new index in is tried again likewise.
 */
#include <errno.h>
#include <limits.h>
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
#define FEW_HITS 5              /* an any-word query matching fewer: look for a spelling
                                   correction (an all-words query: when it matches nothing) */
#define MAX_PHRASES 8           /* phrases of a query an essay is checked for (the essay unit) */

struct essay_searcher {
    xc_db *db;                  /* every shard, as one database */
    xc_db *essays;              /* every shard's essay database (essays.c), as one; NULL when
                                   some shard has none: then essays rank by their paragraphs */
    char *damaged;              /* why a shard's essay database, there, cannot be read */
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
    int has_context;            /* essay_results_add_context() was called for it */
    essay_neighbour *context;   /* the paragraphs before it, then those after (texts malloc'd) */
    size_t n_before, n_after;
} stored_hit;

typedef struct plan plan;     /* a query as one search runs it (below) */

/* Hits of one match set still to read: matches [next, n) of 'mset', their
 * snippets cut for 'm'.  Only the docids and weights are held; a hit's
 * document is read when its turn comes. */
typedef struct {
    xc_enquire *enq;
    xc_mset *mset;
    essay_matchset *m;
    size_t next, n;
} hit_tier;

struct essay_results {
    stored_hit *hits;           /* the hits read (all of them, but for a stream) */
    size_t n, cap;
    size_t count;               /* hits in all: those read and those in 'tiers' */
    hit_tier tiers[2];          /* the hits still to read, tier by tier (run_query()) */
    size_t n_tiers;
    size_t estimate;
    char *suggestion;
    int spelling_partial;       /* a suggestion was looked for without the remote shards' data */
    char *corrected;            /* the corrected query searched instead, or NULL */
    int relaxed;                /* the hits hold any of the query's words, not all */
    /* What reading the tiers takes; with 'streamed', until essay_results_free(). */
    essay_searcher *s;
    plan *plan;                 /* the query, to search again after a writer's commit */
    int owns_plan;
    essay_search_options o;
    size_t given;               /* hits handed out so far (or read into 'hits') */
    stored_hit current;         /* the hit essay_results_next() last read from the tiers */
    int streamed;               /* essay_search_stream(): the hits are not held */
    essay_searcher *context_s;  /* essay_results_read_context(): essay_results_next() reads */
    unsigned before, after;     /* each hit's context with this searcher (NULL: it does not) */
    essay_facets *facets;       /* essay_results_count_facets(), or NULL */
    unsigned show_facets;       /* which of them to write: a mask of 1u << essay_facet */
    char language[32];          /* the searcher's analyzer's, for anchors (cite.c) */
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

/* Add the essay database of the index directory 'dir' to s->essays; one
 * that is there but cannot be read is said in s->damaged. */
static int add_essays_of(essay_searcher *s, const char *dir)
{
    char *path = essay__essays_path(dir);
    xc_error xe;
    struct stat sb;
    int rc = path && xc_db_add(s->essays, path, &xe) == 0 ? 0 : -1;
    if (rc != 0 && path && stat(path, &sb) == 0 && s->damaged == NULL
        && asprintf(&s->damaged, "the essay database of index '%s' cannot be read, so essays "
                    "are ranked by their best paragraph (essay-index --rebuild makes it anew)",
                    dir) < 0)
        s->damaged = NULL;
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

/* The stub file in the directory 'dir' (malloc'd): a sharded index has one;
 * NULL when there is none. */
static char *stub_in(const char *dir)
{
    char *stub;
    struct stat sb;
    if (asprintf(&stub, "%s/%s", dir, XAPIAN_STUB) < 0)
        return NULL;
    if (stat(stub, &sb) == 0)
        return stub;
    free(stub);
    return NULL;
}

/* Add the essay databases of the local index, sharded index or stub file at 'path'. */
static int add_essays(essay_searcher *s, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode))
        return add_essays_of_stub(s, path);
    char *stub = stub_in(path);
    int rc = stub ? add_essays_of_stub(s, stub) : add_essays_of(s, path);
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

/* Why the local 'path' (of type 'mode') cannot be opened, Xapian having
 * failed with 'xe': in the user's words when it holds no index at all (a
 * file that is no stub file; a directory in which Xapian finds no database
 * nor stub file, which is an index yet to be built when empty or holding
 * only the writer's lock, as during a first build). */
static essay_status not_opened(const char *path, mode_t mode, const xc_error *xe, char **err)
{
    int no_database = strcmp(xe->type, "DatabaseNotFoundError") == 0;
    char *stub = S_ISDIR(mode) && no_database ? stub_in(path) : NULL;
    essay_status st;
    if (S_ISREG(mode) && !no_database)
        st = essay__fail(err, ESSAY_BAD_INPUT, "'%s' is not an index: it is a file, and not "
                         "a stub file listing indexes either", path);
    else if (S_ISDIR(mode) && no_database && stub == NULL
             && essay_index_kind(path) == ESSAY_KIND_NONE)
        st = essay__fail(err, ESSAY_NO_INDEX, "no complete index at '%s' yet (its first build "
                         "is under way, or did not finish)", path);
    else if (S_ISDIR(mode) && no_database && stub == NULL)
        st = essay__fail(err, ESSAY_BAD_INPUT, "'%s' is not an index: it is a directory of "
                         "other files", path);
    else
        st = essay__fail(err, ESSAY_XAPIAN, "cannot open index '%s': %s", path, xe->msg);
    free(stub);
    return st;
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
        st = not_opened(path, sb.st_mode, &xe, err);
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

const char *essay_searcher_damaged(const essay_searcher *s)
{
    return s->damaged;
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
    free(s->damaged);
    free(s->path);
    free(s);
}

essay_search_options essay_search_defaults(void)
{
    essay_search_options o = { .limit = DEFAULT_LIMIT, .snippet_chars = DEFAULT_SNIPPET };
    return o;
}

/* ---- results ------------------------------------------------------------ */

size_t essay_results_count(const essay_results *r) { return r->count; }
size_t essay_results_estimate(const essay_results *r) { return r->estimate; }
const char *essay_results_suggestion(const essay_results *r) { return r->suggestion; }
int essay_results_spelling_partial(const essay_results *r) { return r->spelling_partial; }
int essay_results_relaxed(const essay_results *r) { return r->relaxed; }
const char *essay_results_corrected(const essay_results *r) { return r->corrected; }

const essay_hit *essay_results_hit(const essay_results *r, size_t i)
{
    return i < r->n && !r->streamed ? &r->hits[i].hit : NULL;
}

/* Free the context read for 'h', if any. */
static void context_clear(stored_hit *h)
{
    for (size_t i = 0; i < h->n_before + h->n_after; i++)
        free((char *)h->context[i].text);
    free(h->context);
    h->context = NULL;
    h->n_before = h->n_after = 0;
    h->has_context = 0;
}

static void hit_clear(stored_hit *h)
{
    free(h->fields);
    essay__snippet_clear(&h->snippet);
    context_clear(h);
    memset(h, 0, sizeof *h);
}

/* Room for 'n' hits in r->hits. */
static int reserve_hits(essay_results *r, size_t n)
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

static void tiers_clear(essay_results *r)
{
    for (size_t i = 0; i < r->n_tiers; i++) {
        xc_mset_free(r->tiers[i].mset);
        xc_enquire_free(r->tiers[i].enq);
    }
    memset(r->tiers, 0, sizeof r->tiers);
    r->n_tiers = 0;
}

static void plan_release(essay_results *r);

/* Free what 'r' holds, and zero it. */
static void results_reset(essay_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        hit_clear(&r->hits[i]);
    free(r->hits);
    hit_clear(&r->current);
    tiers_clear(r);
    plan_release(r);
    free(r->suggestion);
    free(r->corrected);
    essay__facets_free(r->facets);
    memset(r, 0, sizeof *r);
}

void essay_results_truncate(essay_results *r, size_t n)
{
    for (; r->n > n; r->n--)
        hit_clear(&r->hits[r->n - 1]);
    if (r->count > n)
        r->count = n;
    if (r->n == r->count)
        tiers_clear(r);
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

void essay_results_free(essay_results *r)
{
    if (r == NULL)
        return;
    results_reset(r);
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

/* The correction of a query word, if it needs one (spelling.c decides). */
static char *correct_word(const char *word, const char *stem, void *ctx)
{
    essay_searcher *s = ctx;
    return essay__spelling_correct(s->db, word, stem);
}

/* ---- the limits of a query ---------------------------------------------- */

typedef struct {
    size_t n, max;
} term_count;

static int count_term(const char *term, size_t len, unsigned termfreq, void *arg)
{
    (void)term;
    (void)len;
    (void)termfreq;
    term_count *c = arg;
    return ++c->n >= c->max;
}

/* How many terms of the index begin with 'prefix', counted up to 'max'
 * (essay__query_check_expansion()).  An index that cannot say counts as
 * none: the search then meets the failure and reports it. */
static size_t count_terms(const char *prefix, size_t max, void *ctx)
{
    essay_searcher *s = ctx;
    term_count c = { .max = max };
    xc_error xe;
    if (max == 0 || xc_db_each_term(s->db, prefix, count_term, &c, &xe) != 0)
        return 0;
    return c.n;
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

/* A query as one search runs it. */
struct plan {
    essay_query *q;             /* as parsed (NULL for --like) */
    essay_query *loose;         /* the same read as any of its words, for the essay unit */
    xc_query *xq;               /* the paragraphs matching the query */
    xc_query *xq_loose;         /* the paragraphs matching some of it; NULL: every hit holds
                                   all of it (one part, --any, --same-paragraph, no essay
                                   database) */
    xc_query *eq;               /* the query asked of the essay database, or NULL */
    xc_query *phrases[MAX_PHRASES];     /* its phrases, for the essay unit (eq has their */
    size_t n_phrases;                   /* words, not their order) */
    int rank_essays;            /* hits are essays ranked by 'eq' (ranks_by_essay()) */
    essay_matchset *m, *m_loose;    /* what the snippets of each kind of hit highlight */
};

/* Add the hits [first, first + max) of 'q' to the tiers of 'r', to read
 * after those it has, their snippets cut for 'm'; *matched: how many
 * paragraphs match 'q' (exact when fewer than first + max do, or with
 * o->exact_total). */
static essay_status run_tier(essay_searcher *s, const xc_query *q, essay_matchset *m,
                             const essay_search_options *o, unsigned first, unsigned max,
                             unsigned *matched, essay_results *r, xc_error *xe)
{
    unsigned docs = 0;
    if (o->exact_total && xc_db_doccount(s->db, &docs, xe) != 0)
        docs = 0;
    /* Xapian counts nothing for 0; and under a per-essay collapse its count
     * is an estimate however many it checks: an exact count takes them all */
    unsigned ask = o->exact_total && o->per_essay > 0 && docs > max ? docs : max ? max : 1;
    unsigned check = o->exact_total ? docs : first + ask;
    hit_tier *t = &r->tiers[r->n_tiers++];
    if ((t->enq = enquire(s, s->db, q, o->per_essay, o->sort, xe)) == NULL
        || (t->mset = xc_enquire_mset(t->enq, first, ask, check, xe)) == NULL)
        return ESSAY_XAPIAN;
    t->m = m;
    size_t got = xc_mset_size(t->mset);
    t->n = got < max ? got : max;
    /* Fewer than asked for: every match was seen, and their number is known
     * (Xapian's estimate is only that under a per-essay collapse). */
    *matched = got > 0 && got < ask ? first + (unsigned)got : xc_mset_estimated(t->mset);
    r->count += t->n;
    weigh_groups(s, m);
    return ESSAY_OK;
}

/* Read the next hit of the tiers of 'r' into 'h' (ESSAY_DONE: none is left). */
static essay_status read_tier_hit(essay_results *r, stored_hit *h, xc_error *xe, char **err)
{
    hit_tier *t = r->tiers;
    while (t < r->tiers + r->n_tiers && t->next == t->n)
        t++;
    if (t == r->tiers + r->n_tiers)
        return ESSAY_DONE;
    essay_status st = fill_hit(r->s, t->mset, t->next, t->m, &r->o,
                               r->o.offset + (unsigned)r->given + 1,
                               xc_mset_weight(t->mset, t->next), h, xe, err);
    if (st != ESSAY_OK)
        hit_clear(h);
    else
        t->next++;
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
    size_t *para;               /* index into the paragraph mset of its tier */
    unsigned char *loose;       /* 1: that paragraph holds only some of the query */
    size_t n;
} essay_list;

static void essay_list_free(essay_list *l)
{
    free(l->ids);
    free(l->scores);
    free(l->para);
    free(l->loose);
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
    l->loose = calloc(n ? n : 1, sizeof *l->loose);
    if (l->ids == NULL || l->scores == NULL || l->para == NULL || l->loose == NULL)
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

/* The essays of the best 'max' matches of 'q' in 'db' (the essay database,
 * or the paragraphs collapsed to one per essay), best first. */
static int list_matching_essays(essay_searcher *s, xc_db *db, const xc_query *q, unsigned max,
                                essay_list *l, xc_error *xe)
{
    xc_enquire *enq = enquire(s, db, q, db == s->db, ESSAY_SORT_RELEVANCE, xe);
    xc_mset *m = enq ? xc_enquire_mset(enq, 0, max, 0, xe) : NULL;
    int rc = m ? list_essays(m, l, xe) : -1;
    xc_mset_free(m);
    xc_enquire_free(enq);
    return rc;
}

static int compare_id(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Keep in 'l' the essays that are in 'set' (whose ids this sorts), or with
 * 'in_set' 0, those that are not. */
static void filter_essays(essay_list *l, essay_list *set, int in_set)
{
    qsort(set->ids, set->n, sizeof *set->ids, compare_id);
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++)
        if ((bsearch(l->ids[i], set->ids, set->n, sizeof *set->ids, compare_id) != NULL)
            == in_set) {
            memmove(l->ids[kept], l->ids[i], sizeof *l->ids);
            if (l->scores)
                l->scores[kept] = l->scores[i];
            kept++;
        }
    l->n = kept;
}

/* Keep in 'l' the essays with a paragraph matching each phrase of 'p': an
 * essay holding a phrase's words apart does not hold the phrase. */
static int keep_essays_with_phrases(essay_searcher *s, const plan *p, essay_list *l,
                                    xc_error *xe)
{
    for (size_t i = 0; i < p->n_phrases && l->n > 0; i++) {
        essay_list with = { 0 };
        xc_query *q = only_essays(p->phrases[i], l->ids, l->n, xe);
        int rc = q ? list_matching_essays(s, s->db, q, (unsigned)l->n, &with, xe) : -1;
        if (rc == 0)
            filter_essays(l, &with, 1);
        xc_query_free(q);
        essay_list_free(&with);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The paragraphs of the essays 'l' that match 'loose' and not 'strict'. */
static xc_query *loose_paragraphs(const xc_query *loose, const xc_query *strict,
                                  const essay_list *l, xc_error *xe)
{
    xc_query *in = only_essays(loose, l->ids, l->n, xe);
    xc_query *pair[2] = { in, (xc_query *)strict };
    xc_query *out = in ? xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, xe) : NULL;
    xc_query_free(in);
    return out;
}

/* Paragraph hits, not ranked by essay.  Under the essay unit (p->xq_loose),
 * the paragraphs holding every part of the query come first, then the
 * other paragraphs holding some of it in the essays that hold every part
 * (the best four times as many such essays as hits wanted, at least
 * ESSAY_BATCH_MIN; all of them for an exact count or a page deeper than
 * ESSAY_RANK_MAX), each kind ranked by BM25; with a per-essay limit, an
 * essay of the first kind has no hits of the second.  Sorted by date, the
 * two kinds come together. */
static essay_status run_query(essay_searcher *s, const plan *p, const essay_search_options *o,
                              essay_results *r, xc_error *xe, char **err)
{
    unsigned strict = 0, loose = 0, essays = 0, deep = o->offset + o->limit;
    int together = o->sort == ESSAY_SORT_DATE;
    if (p->xq_loose == NULL || !together) {
        essay_status st = run_tier(s, p->xq, p->m, o, o->offset, o->limit, &strict, r, xe);
        r->estimate = strict;
        if (st != ESSAY_OK || p->xq_loose == NULL || (r->count == o->limit && !o->exact_total))
            return st;
    }
    if (xc_db_doccount(s->essays, &essays, xe) != 0)
        return ESSAY_XAPIAN;
    essay_list held = { 0 }, first = { 0 };
    xc_query *tier = NULL, *both = NULL;
    unsigned most = o->exact_total || deep > ESSAY_RANK_MAX ? essays
                    : 4 * deep > ESSAY_BATCH_MIN ? 4 * deep : ESSAY_BATCH_MIN;
    int rc = list_matching_essays(s, s->essays, p->eq, most, &held, xe);
    if (rc == 0)
        rc = keep_essays_with_phrases(s, p, &held, xe);
    if (rc == 0 && o->per_essay > 0 && !together && strict > 0
        && (rc = list_matching_essays(s, s->db, p->xq, strict, &first, xe)) == 0)
        filter_essays(&held, &first, 0);
    essay_status st = rc == -2 ? essay__fail(err, ESSAY_NOMEM, "out of memory")
                      : rc != 0 ? ESSAY_XAPIAN : ESSAY_OK;
    if (st != ESSAY_OK || held.n == 0)
        goto out;
    if ((tier = loose_paragraphs(p->xq_loose, p->xq, &held, xe)) == NULL) {
        st = ESSAY_XAPIAN;
    } else if (together) {
        xc_query *pair[2] = { p->xq, tier };
        st = (both = xc_query_combine(XC_OP_OR, pair, 2, 0, xe)) == NULL ? ESSAY_XAPIAN
             : run_tier(s, both, p->m_loose, o, o->offset, o->limit, &loose, r, xe);
    } else {
        unsigned skip = o->offset > strict ? o->offset - strict : 0;
        st = run_tier(s, tier, p->m_loose, o, skip, o->limit - (unsigned)r->count, &loose, r,
                      xe);
    }
    r->estimate = strict + loose;
out:
    essay_list_free(&held);
    essay_list_free(&first);
    xc_query_free(tier);
    xc_query_free(both);
    return st;
}

/* Point each essay of 'l' that has none yet at its match in 'pmset' (a
 * paragraph query's, collapsed to one per essay), marked 'loose'; returns
 * how many found one. */
static long match_paragraphs(essay_list *l, const xc_mset *pmset, int loose, xc_error *xe)
{
    long found = 0;
    char id[17];
    for (size_t i = 0; i < xc_mset_size(pmset); i++) {
        if (match_essay(pmset, i, id, xe) != 0)
            return -1;
        for (size_t j = 0; j < l->n; j++)
            if (l->para[j] == SIZE_MAX && strcmp(l->ids[j], id) == 0) {
                l->para[j] = i;
                l->loose[j] = (unsigned char)loose;
                found++;
                break;
            }
    }
    return found;
}

/* One essay-ranked search's Xapian objects. */
typedef struct {
    essay_list l;
    xc_query *fq, *fq_loose;
    xc_enquire *eenq, *penq, *penq_loose;
    xc_mset *emset;             /* essays */
    xc_mset *pmset;             /* their best paragraphs */
    xc_mset *pmset_loose;       /* of the others, their best paragraphs holding some words */
} essay_run;

static void essay_run_clear(essay_run *e)
{
    essay_list_free(&e->l);
    xc_query_free(e->fq);
    xc_query_free(e->fq_loose);
    xc_mset_free(e->emset);
    xc_mset_free(e->pmset);
    xc_mset_free(e->pmset_loose);
    xc_enquire_free(e->eenq);
    xc_enquire_free(e->penq);
    xc_enquire_free(e->penq_loose);
    memset(e, 0, sizeof *e);
}

/* Give the essays of 'e' that have no paragraph matching the query, and
 * hold its phrases, their best paragraph matching p->xq_loose (the essay
 * unit).  Returns how many found one; -1 on a Xapian error, -2 out of
 * memory. */
static long match_loose_paragraphs(essay_searcher *s, const plan *p, essay_run *e,
                                   xc_error *xe)
{
    essay_list rest = { 0 };
    if ((rest.ids = calloc(e->l.n, sizeof *rest.ids)) == NULL)
        return -2;
    for (size_t j = 0; j < e->l.n; j++)
        if (e->l.para[j] == SIZE_MAX)
            memcpy(rest.ids[rest.n++], e->l.ids[j], sizeof *rest.ids);
    long found = keep_essays_with_phrases(s, p, &rest, xe);
    unsigned n = (unsigned)rest.n;
    if (found == 0 && n > 0) {
        if ((e->fq_loose = only_essays(p->xq_loose, rest.ids, n, xe)) != NULL
            && (e->penq_loose = enquire(s, s->db, e->fq_loose, 1, ESSAY_SORT_RELEVANCE, xe))
               != NULL
            && (e->pmset_loose = xc_enquire_mset(e->penq_loose, 0, n, n, xe)) != NULL)
            found = match_paragraphs(&e->l, e->pmset_loose, 1, xe);
        else
            found = -1;
    }
    essay_list_free(&rest);
    return found;
}

/* The best 'batch' essays of p->eq (or 'eq', its expansion), and for those
 * that have one, the best paragraph matching p->xq (one paragraph query for
 * all), or failing that, under the essay unit, the best matching
 * p->xq_loose.  Returns how many have one; -1 on a Xapian error, -2 out of
 * memory. */
static long rank_by_essays(essay_searcher *s, const plan *p, const xc_query *eq,
                           unsigned batch, essay_run *e, xc_error *xe)
{
    if ((e->eenq = enquire(s, s->essays, eq, 0, ESSAY_SORT_RELEVANCE, xe)) == NULL
        || (e->emset = xc_enquire_mset(e->eenq, 0, batch, batch, xe)) == NULL)
        return -1;
    int listed = list_essays(e->emset, &e->l, xe);
    if (listed != 0 || e->l.n == 0)
        return listed;
    unsigned n = (unsigned)e->l.n;
    if ((e->fq = only_essays(p->xq, e->l.ids, n, xe)) == NULL
        || (e->penq = enquire(s, s->db, e->fq, 1, ESSAY_SORT_RELEVANCE, xe)) == NULL
        || (e->pmset = xc_enquire_mset(e->penq, 0, n, n, xe)) == NULL)
        return -1;
    long found = match_paragraphs(&e->l, e->pmset, 0, xe);
    long more = found < 0 || p->xq_loose == NULL ? 0 : match_loose_paragraphs(s, p, e, xe);
    return more < 0 ? more : found + more;
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
        else if ((rc = list_essays(e->emset, &e->l, xe)) == 0
                 && match_paragraphs(&e->l, e->pmset, 0, xe) < 0)
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

/* Run p->xq ranking essays by 'eq' (p->eq) over the essay databases: the
 * essays that have a paragraph matching 'xq' (or under the essay unit, that
 * hold every part of it: those with a paragraph holding them all first),
 * in the order 'eq' ranks them, each shown by its best paragraph, with the
 * essay's score.  'eq' matches at least
 * those essays (see essay__query_build_essays()), so its best essays are
 * checked for a matching paragraph; if fewer than wanted have one (a query
 * whose paragraphs are much rarer than its words: a phrase of common words,
 * say), the essays of the best ESSAY_RANK_MAX paragraphs are ranked instead.
 * With feedback (o->expand; by default for any-word queries of
 * EXPAND_MIN_WORDS words or more), 'eq' is first expanded with the words of
 * its best essays: more essays may rank, but each still needs a paragraph
 * matching 'xq'. */
static essay_status run_essays(essay_searcher *s, const plan *p, const essay_search_options *o,
                               essay_results *r, xc_error *xe, char **err)
{
    const xc_query *xq = p->xq, *eq = p->eq;
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
    long found = rank_by_essays(s, p, eq, batch, &e, xe);
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
    if (st == ESSAY_OK) {
        weigh_groups(s, p->m);
        if (p->m_loose)
            weigh_groups(s, p->m_loose);
    }
    /* The essays with a paragraph holding every part of the query, then the others. */
    size_t seen = 0;
    for (int loose = 0; loose < 2; loose++)
        for (size_t j = 0; st == ESSAY_OK && j < e.l.n && r->n < o->limit; j++) {
            if (e.l.para[j] == SIZE_MAX || e.l.loose[j] != loose || seen++ < o->offset)
                continue;
            if (reserve_hits(r, o->limit) != 0) {
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
                break;
            }
            st = fill_hit(s, loose ? e.pmset_loose : e.pmset, e.l.para[j],
                          loose ? p->m_loose : p->m, o, o->offset + (unsigned)r->n + 1,
                          e.l.scores[j], &r->hits[r->n], xe, err);
            r->n++;
            r->count++;
        }
    essay_run_clear(&e);
    xc_query_free(expanded);
    return st;
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
    SWAP(char *, s->damaged, fresh->damaged);
    essay_searcher_close(fresh);
    return 0;
}

/* After attempt 'attempt' (from 0) of a read that ended in 'st': whether to
 * try it again, the index reopened at its latest revision, because a
 * concurrent commit invalidated what the reader was using. */
static int try_again(essay_searcher *s, essay_status st, xc_error *xe, int attempt)
{
    return st == ESSAY_XAPIAN && strcmp(xe->type, "DatabaseModifiedError") == 0
           && attempt < RETRIES && reopen(s, xe) == 0;
}

/* Run 'p' into new results, reopening the index and trying again when a
 * concurrent commit invalidated what the reader was using. */
static essay_status run_with_retries(essay_searcher *s, const plan *p,
                                     const essay_search_options *o, essay_results **out,
                                     char **err)
{
    essay_results *r = calloc(1, sizeof *r);
    if (r == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    essay_status st;
    for (int attempt = 0;; attempt++) {
        st = p->rank_essays ? run_essays(s, p, o, r, &xe, err) : run_query(s, p, o, r, &xe, err);
        if (!try_again(s, st, &xe, attempt))
            break;
        results_reset(r);
    }
    if (st == ESSAY_XAPIAN)
        st = essay__fail_xc(err, &xe, s->path);
    if (st != ESSAY_OK) {
        essay_results_free(r);
        return st;
    }
    r->s = s;
    snprintf(r->language, sizeof r->language, "%s", essay_analyzer_language(s->an));
    r->plan = (plan *)p;
    r->o = *o;
    *out = r;
    return ESSAY_OK;
}

/* Search the plan of 'r' again, for the hits after the r->given it handed
 * out: its tiers are replaced with the new ones. */
static essay_status search_rest(essay_results *r, xc_error *xe, char **err)
{
    essay_results *fresh = calloc(1, sizeof *fresh);
    if (fresh == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_search_options rest = r->o;
    rest.offset += (unsigned)r->given;
    rest.limit -= (unsigned)r->given;
    essay_status st = run_query(r->s, r->plan, &rest, fresh, xe, err);
    if (st == ESSAY_OK) {
        tiers_clear(r);
        memcpy(r->tiers, fresh->tiers, sizeof r->tiers);
        r->n_tiers = fresh->n_tiers;
        r->count = r->given + fresh->count;
        fresh->n_tiers = 0;
    }
    essay_results_free(fresh);
    return st;
}

/* Read the next hit of the tiers of 'r' into 'h'.  A writer's commit may
 * have invalidated what the reader was using (DatabaseModifiedError): the
 * index is then opened again and searched anew from this rank on. */
static essay_status next_from_tiers(essay_results *r, stored_hit *h, char **err)
{
    xc_error xe;
    essay_status st;
    for (int attempt = 0;; attempt++) {
        st = read_tier_hit(r, h, &xe, err);
        if (!try_again(r->s, st, &xe, attempt))
            break;
        if ((st = search_rest(r, &xe, err)) != ESSAY_OK)
            break;
    }
    if (st == ESSAY_XAPIAN)
        st = essay__fail_xc(err, &xe, r->s->path);
    return st;
}

static essay_status add_context(essay_searcher *s, stored_hit *h, unsigned before,
                                unsigned after, char **err);

essay_status essay_results_next(essay_results *r, const essay_hit **hit, char **err)
{
    *hit = NULL;
    if (err != NULL)
        *err = NULL;
    stored_hit *h = &r->current;
    essay_status st = ESSAY_OK;
    if (r->given < r->n) {
        h = &r->hits[r->given];
    } else {
        hit_clear(h);
        st = r->n_tiers && r->given < r->count ? next_from_tiers(r, h, err) : ESSAY_DONE;
    }
    if (st == ESSAY_OK && r->context_s != NULL && !h->has_context)
        st = add_context(r->context_s, h, r->before, r->after, err);
    if (st == ESSAY_OK) {
        r->given++;
        *hit = &h->hit;
    }
    return st;
}

/* Read every hit still in the tiers of 'r' into r->hits, as essay_search()
 * gives them, and let go of what reading them took. */
static essay_status read_all(essay_results *r, char **err)
{
    essay_status st = ESSAY_OK;
    while (st == ESSAY_OK && r->n < r->count) {
        if (reserve_hits(r, r->count) != 0)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        r->given = r->n;
        if ((st = next_from_tiers(r, &r->hits[r->n], err)) == ESSAY_OK)
            r->n++;
    }
    r->given = 0;
    r->count = r->n;
    tiers_clear(r);
    plan_release(r);
    r->s = NULL;
    return st == ESSAY_DONE ? ESSAY_OK : st;
}

/* Whether hits one per essay, by relevance, are ranked by essay: when every
 * shard has its essay database, and not too deep (an exact count, or
 * thousands of essays, as --paths asks for, are left to the paragraphs). */
static int ranks_by_essay(const essay_searcher *s, const essay_search_options *o)
{
    return s->essays != NULL && o->per_essay == 1 && o->sort == ESSAY_SORT_RELEVANCE
           && !o->exact_total && (unsigned long)o->offset + o->limit <= ESSAY_RANK_MAX;
}

static void plan_free(plan *p)
{
    xc_query_free(p->xq);
    xc_query_free(p->xq_loose);
    xc_query_free(p->eq);
    for (size_t i = 0; i < p->n_phrases; i++)
        xc_query_free(p->phrases[i]);
    essay__query_free(p->q);
    essay__query_free(p->loose);
}

/* Let go of the plan of 'r', freeing it if it is its own. */
static void plan_release(essay_results *r)
{
    if (r->owns_plan) {
        plan_free(r->plan);
        free(r->plan);
    }
    r->plan = NULL;
    r->owns_plan = 0;
}

/* Parse 'text' and build what searching it with 'o' takes.  The essay unit
 * applies to all-words queries of two parts or more, where every shard has
 * its essay database; a query of one part has no paragraphs that hold only
 * some of it. */
static essay_status plan_make(essay_searcher *s, const char *text,
                              const essay_search_options *o, plan *p, char **err)
{
    memset(p, 0, sizeof *p);
    size_t len = strlen(text);
    essay_status st = essay__query_parse(s->an, text, len, o->match_any, &p->q, err);
    if (st == ESSAY_OK)
        st = essay__query_check_expansion(p->q, count_terms, s, err);
    if (st != ESSAY_OK)
        return st;
    int essay_unit = s->essays != NULL && !o->match_any && !o->same_paragraph
                     && essay__query_parts(p->q) > 1;
    if (essay_unit && (st = essay__query_parse(s->an, text, len, 1, &p->loose, err)) != ESSAY_OK)
        return st;
    xc_error xe;
    int ranked = 0;
    if ((p->xq = essay__query_build(p->q, &xe)) == NULL
        || (essay_unit && (p->xq_loose = essay__query_build(p->loose, &xe)) == NULL))
        return essay__fail_xc(err, &xe, s->path);
    if ((essay_unit || ranks_by_essay(s, o))
        && (p->eq = essay__query_build_essays(p->q, &ranked, &xe)) == NULL && ranked)
        return essay__fail_xc(err, &xe, s->path);
    if (essay_unit
        && (p->n_phrases = essay__query_phrases(p->q, p->phrases, MAX_PHRASES, &xe)) == SIZE_MAX) {
        p->n_phrases = 0;
        return essay__fail_xc(err, &xe, s->path);
    }
    p->rank_essays = ranked && ranks_by_essay(s, o);
    p->m = essay__query_matchset(p->q);
    p->m_loose = essay_unit ? essay__query_matchset(p->loose) : NULL;
    if (p->m == NULL || (essay_unit && p->m_loose == NULL))
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    return ESSAY_OK;
}

/* Search 'text' into new results, which own its plan: their hits are in
 * their tiers, still to read. */
static essay_status search_text(essay_searcher *s, const char *text,
                                const essay_search_options *o, essay_results **out,
                                char **err)
{
    plan *p = malloc(sizeof *p);
    if (p == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = plan_make(s, text, o, p, err);
    if (st == ESSAY_OK)
        st = run_with_retries(s, p, o, out, err);
    if (st != ESSAY_OK) {
        plan_free(p);
        free(p);
        return st;
    }
    (*out)->owns_plan = 1;
    return ESSAY_OK;
}

static int found_nothing(const essay_results *r)
{
    return r->count == 0 && r->estimate == 0;
}

/* 'query' with its double quotes (straight or curly) made spaces: its
 * phrases taken apart into their words (malloc'd, NULL out of memory). */
static char *unquoted(const char *query)
{
    static const char *const quotes[] = { "\"", "\xe2\x80\x9c", "\xe2\x80\x9d" };
    char *out = strdup(query);
    for (size_t q = 0; out && q < sizeof quotes / sizeof *quotes; q++)
        for (char *at = out; (at = strstr(at, quotes[q])) != NULL;)
            memset(at, ' ', strlen(quotes[q]));
    return out;
}

/* When '*r' found nothing: search the correction of the words the index
 * does not know, if there is one (unless o->no_correct); if that finds
 * nothing either, any of the words of the query, or of its correction,
 * common words aside and phrases taken apart (a quote misremembered by a
 * word).  What finds something replaces '*r'; a relaxed reading that does
 * not parse leaves it as it is. */
static essay_status fall_back(essay_searcher *s, const char *query,
                              const essay_search_options *o, essay_results **r, char **err)
{
    essay_results *other = NULL;
    const char *corrected = o->no_correct ? NULL : (*r)->suggestion;
    essay_status st = corrected ? search_text(s, corrected, o, &other, err) : ESSAY_OK;
    int relaxed = 0;
    if (st == ESSAY_OK && (other == NULL || found_nothing(other))) {
        essay_results_free(other);
        other = NULL;
        essay_search_options any = *o;
        any.match_any = 1;
        char *words = unquoted(corrected ? corrected : query);
        if (words == NULL)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        relaxed = 1;
        if (!o->match_any || strcmp(words, corrected ? corrected : query) != 0)
            st = search_text(s, words, &any, &other, err);
        if (st == ESSAY_BAD_QUERY && err != NULL) {
            free(*err);
            *err = NULL;
        }
        st = st == ESSAY_BAD_QUERY ? ESSAY_OK : st;
        free(words);
    }
    if (st != ESSAY_OK || other == NULL || found_nothing(other)) {
        essay_results_free(other);
        return st;
    }
    other->relaxed = relaxed;
    other->spelling_partial = (*r)->spelling_partial;
    if (corrected)
        SWAP(char *, other->corrected, (*r)->suggestion);
    else
        SWAP(char *, other->suggestion, (*r)->suggestion);
    SWAP(essay_results *, other, *r);
    essay_results_free(other);
    return ESSAY_OK;
}

/* essay_search(), or with 'stream', essay_search_stream(). */
static essay_status search(essay_searcher *s, const char *query, const essay_search_options *opt,
                           int stream, essay_results **out, char **err)
{
    *out = NULL;
    essay_search_options o = complete_options(opt);
    essay_results *r = NULL;
    essay_status st = search_text(s, query, &o, &r, err);
    if (st != ESSAY_OK)
        return st;
    if (found_nothing(r) || (o.match_any && essay_results_estimate(r) < FEW_HITS)) {
        r->suggestion = essay__query_rewrite(r->plan->q, correct_word, s);
        r->spelling_partial = s->n_remote > 0;
    }
    if (found_nothing(r) && !o.strict)
        st = fall_back(s, query, &o, &r, err);
    if (st == ESSAY_OK && stream)
        r->streamed = 1;
    else if (st == ESSAY_OK)
        st = read_all(r, err);
    if (st != ESSAY_OK) {
        essay_results_free(r);
        return st;
    }
    *out = r;
    return ESSAY_OK;
}

essay_status essay_search(essay_searcher *s, const char *query, const essay_search_options *opt,
                          essay_results **out, char **err)
{
    return search(s, query, opt, 0, out, err);
}

essay_status essay_search_stream(essay_searcher *s, const char *query,
                                 const essay_search_options *opt, essay_results **out,
                                 char **err)
{
    return search(s, query, opt, 1, out, err);
}

/* ---- facets: what the results match, counted --------------------------- */

/* The paragraphs 'p' matches, as its hits come from them: p->xq, and under
 * the essay unit also the paragraphs holding some of the query in the
 * essays that hold all of it (run_query()'s second tier, over every essay).
 * NULL on an error: *nomem, or a Xapian error in 'xe'. */
static xc_query *matching_paragraphs(essay_searcher *s, const plan *p, int *nomem, xc_error *xe)
{
    *nomem = 0;
    if (p->xq_loose == NULL || p->eq == NULL)
        return xc_query_scale(p->xq, 1, xe);
    unsigned essays = 0;
    essay_list held = { 0 };
    xc_query *tier = NULL, *out = NULL;
    int rc = xc_db_doccount(s->essays, &essays, xe) != 0 ? -1
             : list_matching_essays(s, s->essays, p->eq, essays ? essays : 1, &held, xe);
    if (rc == 0)
        rc = keep_essays_with_phrases(s, p, &held, xe);
    if (rc == 0 && held.n == 0) {
        out = xc_query_scale(p->xq, 1, xe);
    } else if (rc == 0 && (tier = loose_paragraphs(p->xq_loose, p->xq, &held, xe)) != NULL) {
        xc_query *pair[2] = { p->xq, tier };
        out = xc_query_combine(XC_OP_OR, pair, 2, 0, xe);
    }
    *nomem = rc == -2;
    essay_list_free(&held);
    xc_query_free(tier);
    return out;
}

essay_status essay_results_count_facets(essay_searcher *s, essay_results *r, unsigned show,
                                        char **err)
{
    if (r->plan == NULL || r->plan->q == NULL)
        return essay__fail(err, ESSAY_NOT_FOUND, "facets are counted for a query searched "
                           "with essay_search_stream()");
    essay__facets_free(r->facets);
    r->facets = NULL;
    xc_error xe;
    int nomem = 0, rc = -1;
    for (int attempt = 0;; attempt++) {
        xc_query *q = matching_paragraphs(s, r->plan, &nomem, &xe);
        rc = q ? essay__facets_count(s->db, q, &r->facets, &xe) : nomem ? -2 : -1;
        xc_query_free(q);
        if (rc != -1 || !try_again(s, ESSAY_XAPIAN, &xe, attempt))
            break;
    }
    if (rc == -2)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (rc != 0)
        return essay__fail_xc(err, &xe, s->path);
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

const char *essay__results_language(const essay_results *r)
{
    return r->language;
}

essay_analyzer *essay__searcher_analyzer(essay_searcher *s)
{
    return s->an;
}

/* ---- context: the paragraphs beside a hit ------------------------------- */

/* Read paragraph 'paragraph' of essay 'id' into *out (its text malloc'd), by
 * its unique term.  Returns 0, 1 when the essay has no such paragraph, or -1
 * on an error in 'xe'. */
static int read_paragraph(essay_searcher *s, const char *id, unsigned paragraph,
                          essay_neighbour *out, xc_error *xe)
{
    char term[64];
    snprintf(term, sizeof term, "%s%s:%u", ESSAY_PREFIX_UNIQUE, id, paragraph);
    xc_docid docid;
    if (xc_db_term_docid(s->db, term, &docid, xe) != 0)
        return -1;
    if (docid == 0)
        return 1;
    xc_doc *doc = xc_db_get_document(s->db, docid, xe);
    if (doc == NULL)
        return -1;
    size_t len;
    const char *data = xc_doc_data(doc, &len);
    essay_docdata d;
    int rc = 1;
    if (essay__docdata_unpack(data, len, &d) == 0) {
        out->line = d.line;
        out->paragraph = d.paragraph;
        out->text = strndup(d.text, d.text_len);
        rc = out->text ? 0 : -1;
        if (rc != 0) {
            snprintf(xe->type, sizeof xe->type, "MemoryError");
            snprintf(xe->msg, sizeof xe->msg, "out of memory");
        }
    }
    xc_doc_free(doc);
    return rc;
}

/* The paragraphs first..last of the hit's essay that it holds, appended to
 * h->context (room for them made as they come); how many, or -1 on an error
 * in 'xe'.  'stop': the first paragraph missing ends the run (past the
 * essay's end). */
static long read_paragraphs(essay_searcher *s, stored_hit *h, const char *id, unsigned first,
                            unsigned last, int stop, xc_error *xe)
{
    long n = 0;
    for (unsigned k = first; k <= last && k != 0; k++) {
        size_t used = h->n_before + h->n_after + (size_t)n;
        essay_neighbour *grown = realloc(h->context, (used + 1) * sizeof *grown);
        if (grown == NULL) {
            snprintf(xe->type, sizeof xe->type, "MemoryError");
            snprintf(xe->msg, sizeof xe->msg, "out of memory");
            return -1;
        }
        h->context = grown;
        int rc = read_paragraph(s, id, k, &grown[used], xe);
        if (rc < 0)
            return -1;
        if (rc > 0 && stop)
            break;
        n += rc == 0;
    }
    return n;
}

/* Fill h's context: up to 'before' paragraphs before it and 'after' after. */
static essay_status read_context(essay_searcher *s, stored_hit *h, unsigned before,
                                 unsigned after, xc_error *xe)
{
    char id[17];
    essay__essay_id(h->hit.path, id);
    unsigned p = h->hit.paragraph;
    unsigned first = p - (before < p - 1 ? before : p - 1);
    unsigned last = after < UINT_MAX - p ? p + after : UINT_MAX;
    context_clear(h);
    long n_before = first < p ? read_paragraphs(s, h, id, first, p - 1, 0, xe) : 0;
    if (n_before >= 0)
        h->n_before = (size_t)n_before;
    long n_after = n_before >= 0 && after > 0 ? read_paragraphs(s, h, id, p + 1, last, 1, xe)
                                              : 0;
    if (n_before < 0 || n_after < 0) {
        context_clear(h);
        return ESSAY_XAPIAN;
    }
    h->n_after = (size_t)n_after;
    h->has_context = 1;
    return ESSAY_OK;
}

/* read_context(), reopening the index and trying again when a concurrent
 * commit invalidated what the reader was using. */
static essay_status add_context(essay_searcher *s, stored_hit *h, unsigned before,
                                unsigned after, char **err)
{
    xc_error xe;
    essay_status st;
    for (int attempt = 0;; attempt++) {
        st = read_context(s, h, before, after, &xe);
        if (!try_again(s, st, &xe, attempt))
            break;
    }
    return st == ESSAY_OK ? ESSAY_OK : essay__fail_xc(err, &xe, s->path);
}

essay_status essay_results_add_context(essay_searcher *s, essay_results *r, size_t i,
                                       unsigned before, unsigned after, char **err)
{
    if (i >= r->n || r->streamed)
        return essay__fail(err, ESSAY_NOT_FOUND, "no hit %zu: the results hold %zu", i + 1,
                           r->streamed ? 0 : r->n);
    return add_context(s, &r->hits[i], before, after, err);
}

void essay_results_read_context(essay_searcher *s, essay_results *r, unsigned before,
                                unsigned after)
{
    r->context_s = s;
    r->before = before;
    r->after = after;
}

/* ---- paragraphs like a given one ---------------------------------------- */

int essay__essay_paragraphs(essay_searcher *s, const char *id, essay__paragraph_fn fn,
                           void *ctx, xc_error *xe)
{
    char term[32];
    snprintf(term, sizeof term, "%s%s", ESSAY_PREFIX_ESSAY, id);
    xc_query *q = xc_query_term(term, strlen(term), 1, 0, xe);
    xc_enquire *enq = q ? xc_enquire_new(s->db, xe) : NULL;
    xc_mset *mset = NULL;
    int failed = !(enq && xc_enquire_set_query(enq, q, xe) == 0
                   && (mset = xc_enquire_mset(enq, 0, UINT32_MAX / 2, 0, xe)) != NULL);
    for (size_t i = 0; !failed && i < xc_mset_size(mset); i++) {
        xc_doc *doc = xc_mset_document(mset, i, xe);
        if (doc == NULL) {
            failed = 1;
            break;
        }
        size_t len;
        const char *data = xc_doc_data(doc, &len);
        essay_docdata d;
        if (essay__docdata_unpack(data, len, &d) == 0)
            failed = fn(xc_mset_docid(mset, i), &d, ctx) != 0 ? -2 : 0;
        xc_doc_free(doc);
    }
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_query_free(q);
    return failed == 1 ? -1 : failed;
}

/* The paragraph find_paragraph() looks for, and the best so far. */
typedef struct {
    unsigned line, best_line;
    xc_docid best;
} line_search;

static int closer_to_line(xc_docid docid, const essay_docdata *d, void *ctx)
{
    line_search *ls = ctx;
    if (d->line <= ls->line && d->line >= ls->best_line) {
        ls->best = docid;
        ls->best_line = d->line;
    }
    return 0;
}

/* The docid of the paragraph of essay 'path' that holds line 'line' (the
 * last one starting at or before it).  Returns 0 if there is none. */
static xc_docid find_paragraph(essay_searcher *s, const char *path, unsigned line, xc_error *xe,
                               int *failed)
{
    char id[17];
    essay__essay_id(path, id);
    line_search ls = { .line = line };
    *failed = essay__essay_paragraphs(s, id, closer_to_line, &ls, xe) != 0;
    return ls.best;
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
        st = essay__fail(err, ESSAY_NOT_FOUND, "no indexed paragraph at %s:%u", path, line);
        goto out;
    }
    if (xc_enquire_expand(enq, &docid, 1, LIKE_TERMS, 1, ESSAY_PREFIX_STEM, add_expand_term, &c,
                          &xe) != 0
        || c.failed) {
        st = essay__fail_xc(err, &xe, s->path);
        goto out;
    }
    if (c.n == 0) {
        st = essay__fail(err, ESSAY_NOT_FOUND, "the paragraph at %s:%u has no words to look for",
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
    plan p = { .xq = xq, .m = &m };
    st = run_with_retries(s, &p, &o, out, err);
    if (st == ESSAY_OK && (st = read_all(*out, err)) != ESSAY_OK) {
        essay_results_free(*out);
        *out = NULL;
    }
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
