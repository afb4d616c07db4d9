/* open.c -- opening an index, its shards and essay databases for searching
 * (essay_searcher_open(), essay_searcher_open_many()), checking what was
 * opened, opening it again after a writer's commit (essay__try_again()),
 * and closing it.
 *
 * One or several indexes -- local ones, sharded index directories, Xapian
 * stub files, remote shards at tcp://HOST:PORT served by xapian-tcpsrv --
 * become the shards of one Xapian database, which merges their statistics,
 * so BM25 over the shards is BM25 over one index of the same essays.  The
 * analyzer settings must agree: each part's format and default language
 * metadata is checked (Xapian 1.4.22's remote protocol carries metadata),
 * and the languages its essays are in are read from its L terms (see
 * read_settings()).  Spelling data does not cross the remote backend: "did
 * you mean" then draws on the local shards only, and the results say so
 * (essay_results_spelling_partial()).  How many paragraphs are bare
 * headings (index.c marks them; rank_essays.c ranks them after the text)
 * is counted once, at the open.  An open that meets a rebuild swapping the
 * new index in is tried again, at most RETRIES times.
 *
 * What a local path holds -- an index, a damaged one, none -- is
 * indexdir.c's and damage.c's to tell (essay__dir_holds,
 * essay__index_whole), and why it cannot be opened is said from that; a
 * read of one local index that fails says the index is damaged, with the
 * command that rebuilds it (essay__fail_read).
 *
 * A commit by a concurrent indexer can invalidate blocks an open reader is
 * using (Xapian's DatabaseModifiedError): a read that meets it (a search,
 * the next hit of a stream, a hit's context, the facets) asks
 * essay__try_again(), which opens the searcher again at the index's latest
 * revision, and tries again, at most RETRIES times.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

/* ---- the analyzer settings of every shard ------------------------------ */

/* Settings are read from each part's metadata: every part must have this
 * format and the same default language.  A remote shard whose server does
 * not hand metadata over (Xapian's remote protocol did not always carry it)
 * shows none, and is taken to agree.  The languages the essays are in come
 * from the L<language> terms every paragraph carries (index.c), which
 * allterms reads through any backend, deltas and stub databases included. */

/* Check the format of part 'i' and that its default language is *language
 * (set from the first part that names one). */
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

typedef struct {
    essay_searcher *s;
    char *first;                /* the first language found, malloc'd */
    int nomem;
} held_languages;

/* Add the language of an L term to the held analyzers (and keep the first
 * in 'first'). */
static int add_held(const char *term, size_t len, unsigned termfreq, void *arg)
{
    (void)termfreq;
    held_languages *h = arg;
    size_t plen = strlen(ESSAY_PREFIX_LANG);
    char name[64];
    if (len - plen >= sizeof name)
        return 0;
    memcpy(name, term + plen, len - plen);
    name[len - plen] = '\0';
    if (h->first == NULL && (h->first = strdup(name)) == NULL)
        h->nomem = 1;
    searcher_analyzers *a = &h->s->analyzers;
    if (a->langs == NULL)
        return h->nomem;
    essay_analyzer *an = essay__languages_get(a->langs, name);
    if (an == NULL || an == a->an || a->n_held == ESSAY_MAX_LANGUAGES)
        return h->nomem;    /* a language this libstemmer lacks: its words stem as the default's */
    a->held[a->n_held++] = an;
    return h->nomem;
}

/* The languages the index holds (s->analyzers.held: the default first, the
 * others as the index holds them); and, with language NULL, the default. */
static essay_status read_languages(essay_searcher *s, char **language, char **err)
{
    held_languages h = { .s = s };
    xc_error xe;
    if (*language != NULL) {
        if (essay_analyzer_new(*language, &s->analyzers.an) != ESSAY_OK)
            return essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' stems for unknown language "
                               "'%s'", s->path, *language);
        if ((s->analyzers.langs = essay__languages_new(s->analyzers.an)) == NULL)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        s->analyzers.held[s->analyzers.n_held++] = s->analyzers.an;
    }
    if (xc_db_each_term(s->db, ESSAY_PREFIX_LANG, add_held, &h, &xe) != 0) {
        free(h.first);
        return essay__fail_read(s, &xe, err);
    }
    if (h.nomem) {
        free(h.first);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (*language != NULL) {
        free(h.first);
        return ESSAY_OK;
    }
    if (h.first == NULL)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "cannot tell the stemming language of %s: no "
                           "shard names one", s->path);
    *language = h.first;
    return read_languages(s, language, err);
}

static essay_status read_settings(essay_searcher *s, char **err)
{
    char *language = NULL;
    size_t named_by = 0;
    essay_status st = ESSAY_OK;
    for (size_t i = 0; st == ESSAY_OK && i < s->n_parts; i++)
        st = check_part(s, i, &language, &named_by, err);
    if (st == ESSAY_OK)
        st = read_languages(s, &language, err);
    free(language);
    return st;
}

/* The slot copies collapse on (copies.c): ESSAY_SLOT_COPIED where one
 * database is searched alone (no shards, no delta beside it, and no remote
 * one, which may serve several) and keys its copies so; 0, or -1 on an
 * error (in 'xe'). */
static int read_copy_slot(essay_searcher *s, xc_error *xe)
{
    s->copy_slot = ESSAY_SLOT_COPY;
    char *value = NULL;
    if (xc_db_shards(s->db) != 1 || s->n_remote > 0)
        return 0;
    if (xc_db_get_metadata(s->db, ESSAY_META_COPIES, &value, NULL, xe) != 0)
        return -1;
    if (strcmp(value, ESSAY_COPIES_KEYED) == 0)
        s->copy_slot = ESSAY_SLOT_COPIED;
    free(value);
    return 0;
}

/* ---- the essay databases ------------------------------------------------ */

/* Add the essay database of the index directory 'dir' to s->essays; one
 * that is there but cannot be read is said in s->damaged. */
static int add_essays_of(essay_searcher *s, const char *dir)
{
    char *path = essay__essays_path(dir);
    xc_error xe;
    struct stat sb;
    int rc = path && essay__database_missing(path) == NULL && xc_db_add(s->essays, path, &xe) == 0
                 ? 0 : -1;
    if (rc != 0 && path && stat(path, &sb) == 0 && s->damaged == NULL
        && asprintf(&s->damaged, "the essay database of index '%s' cannot be read, so essays "
                    "are ranked by their best paragraph (essay-index --rebuild makes it anew)",
                    dir) < 0)
        s->damaged = NULL;
    free(path);
    return rc;
}

/* Add the essay databases of the shards a Xapian stub file lists
 * (essay__stub_read); -1 when it lists anything but local databases. */
static int add_essays_of_stub(essay_searcher *s, const char *stub)
{
    essay_stub listed;
    if (essay__stub_read(stub, &listed, NULL) != ESSAY_OK)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < listed.n; i++)
        rc = listed.entries[i].remote ? -1 : add_essays_of(s, listed.entries[i].path);
    essay__stub_clear(&listed);
    return rc;
}

/* Add the essay databases of the local index, sharded index or stub file at 'path'. */
static int add_essays(essay_searcher *s, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode))
        return add_essays_of_stub(s, path);
    char *stub = essay__stub_of(path);
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
    /* A writer committed between the openings of the two databases of an
     * index directory, or was killed there (store.c): the open is tried
     * again, and the essays are ranked by their paragraphs if it stays so. */
    if (!essay__store_in_step(s->db, s->essays)) {
        xc_db_close(s->essays);
        s->essays = NULL;
        s->out_of_step = 1;
    }
}

/* ---- opening ------------------------------------------------------------ */

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
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "bad shard address '%s': want tcp://HOST:PORT",
                           spec);
    xc_error xe;
    essay_status st = ESSAY_OK;
    if (xc_db_add_remote(s->db, host, port, 0, &xe) == 0) {
        if (add_name(s, spec, 1) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    } else if (xe.kind == XC_ERR_NOMEM) {
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
 * file that is no stub file; an empty directory; a directory of other
 * files, or of only the writer's lock, as during a first build), and when
 * the index there is damaged. */
static essay_status not_opened(const char *path, mode_t mode, const xc_error *xe, char **err)
{
    if (S_ISREG(mode) && xe->kind != XC_ERR_NOT_FOUND)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' is not an index: it is a file, and not "
                           "a stub file listing indexes either", path);
    switch (S_ISDIR(mode) ? essay__dir_holds(path) : ESSAY_HOLDS_OTHER) {
    case ESSAY_HOLDS_NOTHING:
        return essay__fail(err, ESSAY_NO_INDEX, "'%s' is an empty directory, not an index", path);
    case ESSAY_HOLDS_UNFINISHED:
        return essay__fail(err, ESSAY_NO_INDEX, "no complete index at '%s' yet (its first build "
                           "is under way, or did not finish)", path);
    case ESSAY_HOLDS_OTHER:
        if (S_ISDIR(mode))
            return essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' is not an index: it is a directory "
                               "of other files", path);
        break;
    case ESSAY_HOLDS_INDEX:
    case ESSAY_HOLDS_DAMAGED:
    case ESSAY_HOLDS_SHARDED:
        return essay__fail_damaged(err, xe, path);
    }
    return essay__fail(err, ESSAY_XAPIAN, "cannot open index '%s': %s", path, xe->msg);
}

/* Add the local index, sharded index or stub file at 'path' to s->db, with
 * the index's delta while it holds essays the index does not. */
static essay_status add_local(essay_searcher *s, const char *path, char **err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return essay__fail(err, errno == ENOENT ? ESSAY_NO_INDEX : ESSAY_IO,
                           "cannot open index '%s': %s", path, strerror(errno));
    essay_status whole = S_ISDIR(sb.st_mode) ? essay__index_whole(path, 0, err) : ESSAY_OK;
    if (whole != ESSAY_OK)
        return whole;
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
    if (st == ESSAY_OK
        && (xc_db_termfreq(s->db, ESSAY_TERM_BARE_HEADING, &s->bare_headings, &xe) != 0
            || read_copy_slot(s, &xe) != 0))
        st = essay__fail_read(s, &xe, err);
    if (st == ESSAY_OK)
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
 * way it is tried again, at most RETRIES times, as is an open that found an
 * index's two databases at different commits (store.c). */
essay_status essay_searcher_open_many(const char *const *paths, size_t n, int flags,
                                      essay_searcher **out, char **err)
{
    *out = NULL;
    if (n == 0)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "no index to open");
    struct stat *before = calloc(n, sizeof *before), *after = calloc(n, sizeof *after);
    essay_status st = ESSAY_NOMEM;
    char *msg = NULL;
    for (int attempt = 0; before && after; attempt++) {
        identify(paths, n, before);
        st = open_once(paths, n, flags, out, &msg);
        identify(paths, n, after);
        int swapped = !same_ids(before, after, n);
        int out_of_step = st == ESSAY_OK && (*out)->out_of_step;
        if (attempt == RETRIES || (!swapped && !out_of_step && st != ESSAY_XAPIAN))
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

/* ---- opening again ------------------------------------------------------ */

/* Open 's' afresh from the paths and flags first given: a reopen at the
 * latest revision that also finds each index's delta as it is now (delta.c:
 * created, or folded in and removed, since 's' was opened).  The searcher
 * is rebuilt whole, from that fresh open, in place (results point at it);
 * only its analyzers stay, as one: the query being run was parsed with
 * them. */
static int reopen(essay_searcher *s, xc_error *xe)
{
    essay_searcher *fresh;
    char *err = NULL;
    if (essay_searcher_open_many((const char *const *)s->given, s->n_given, s->flags, &fresh,
                                 &err) != ESSAY_OK) {
        xc_error_set(xe, XC_ERR_OPENING, err ? err : "cannot open the index again");
        free(err);
        return -1;
    }
    essay_searcher old = *s;
    *s = *fresh;
    s->analyzers = old.analyzers;
    old.analyzers = fresh->analyzers;
    *fresh = old;
    essay_searcher_close(fresh);
    return 0;
}

essay_status essay__fail_read(const essay_searcher *s, const xc_error *xe, char **err)
{
    if (s->n_remote == 0 && s->n_given == 1)
        return essay__fail_damaged(err, xe, s->path);
    return essay__fail_xc(err, xe, s->path);
}

/* After attempt 'attempt' (from 0) of a read that ended in 'st': whether to
 * try it again, the index reopened at its latest revision, because a
 * concurrent commit invalidated what the reader was using. */
int essay__try_again(essay_searcher *s, essay_status st, xc_error *xe, int attempt)
{
    return st == ESSAY_XAPIAN && xe->kind == XC_ERR_MODIFIED
           && attempt < RETRIES && reopen(s, xe) == 0;
}

/* ---- the searcher -------------------------------------------------------- */

essay_status essay_searcher_open(const char *path, essay_searcher **out, char **err)
{
    return essay_searcher_open_many(&path, 1, 0, out, err);
}

int essay_searcher_empty(essay_searcher *s)
{
    unsigned paragraphs;
    xc_error xe;
    return xc_db_doccount(s->db, &paragraphs, &xe) == 0 && paragraphs == 0;
}

const char *essay_searcher_skipped(const essay_searcher *s, size_t i)
{
    return i < s->n_skipped ? s->skipped[i] : NULL;
}

const char *essay_searcher_damaged(const essay_searcher *s)
{
    return s->damaged;
}

int essay_searcher_older(essay_searcher *s)
{
    xc_error xe;
    /* a remote first shard: its records are a round trip each, not worth a warning */
    return !(s->remote && s->remote[0]) && essay__db_age(s->db, &xe) == ESSAY_AGE_OLDER;
}

size_t essay_searcher_remote_shards(const essay_searcher *s)
{
    return s->n_remote;
}

essay_analyzer *essay__searcher_analyzer(essay_searcher *s)
{
    return s->analyzers.an;
}

void essay_searcher_close(essay_searcher *s)
{
    if (s == NULL)
        return;
    xc_db_close(s->db);
    xc_db_close(s->essays);
    essay__languages_free(s->analyzers.langs);
    essay_analyzer_free(s->analyzers.an);
    essay__dictionary_close(&s->dictionary);
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

