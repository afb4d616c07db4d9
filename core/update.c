/* update.c -- bring an index up to date with the essays on disk.
 *
 * The index records the corpus paths it was built from (metadata
 * ESSAY_META_ROOTS, one absolute path a line).  An update walks those paths
 * (or the ones given, which it adds to the record), hands every essay file
 * to index.c, which re-indexes only what changed, and then removes the
 * essays recorded under a walked directory whose files are gone.  Files are
 * visited in sorted order so that two builds of the same corpus are the same
 * index, docid for docid.  Everything is committed once, at the end, to the
 * main database or, when the update changes nothing of it, to its delta
 * (delta.c; choose_database() decides before the first write).
 * Forgetting a corpus path sweeps it the same way, as if it held nothing,
 * but spares the essays another recorded path still covers.
 * An update asked to stop (essay_update_options.stop) does so between
 * essays, before its commit, and commits nothing; in a sharded update, the
 * shards that committed already keep their changes, and no other starts.
 *
 * Excludes.  The index also records patterns of what to leave out
 * (ESSAY_META_EXCLUDE, one a line, kept like the corpus paths: in the live
 * delta, through a rebuild).  The walk skips a file or directory whose path
 * relative to the corpus directory, or whose name, one matches; an essay so
 * left out is not "seen", so the sweep removes it.
 *
 * What an update says.  Each essay's change goes to the caller's report();
 * a warning about an essay (index.c keeps it: essay_index_warning) and a
 * recorded corpus path gone go to its notice(), the latter with the essays
 * that stay and the command that forgets it.  An essay that is not UTF-8
 * text gets, in its error, the command that excludes it.  Every shard of a
 * sharded update tells of a path gone with its own essays, and the caller
 * hears of it once, with them all.
 *
 * Shards.  An index may be shard K of N (metadata ESSAY_META_SHARD, "K/N",
 * recorded by the first update that asks for it, kept through a rebuild):
 * an update of it then takes only the essays whose id -- the FNV-1a hash of
 * the absolute path, links resolved -- is K mod N, and its sweep sees only
 * its own records, so an essay is added, changed or removed in exactly one
 * shard.  A sharded index is a directory of N such shards, shard0 ..
 * shard<N-1>, plus a Xapian stub file XAPIANDB listing them ("auto shardK"),
 * which Xapian opens as one database.  essay_shards_update() locks the
 * directory, then forks one process per shard (at most one per processor at
 * a time); each opens, updates and commits its shard with its own
 * essay_index handle and reports what happened to the caller's process
 * (processes.c), so progress and messages look the same as for one index.
 * Shard 0 alone reports what concerns no one essay (a directory
 * unreadable; a corpus path gone, of which every shard tells its own
 * essays: see above), since every shard walks the same directories.  The
 * stub is written, atomically, once every shard exists.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

static const char *const default_extensions[] = { "txt", "md", NULL };

/* An update folds the delta into the main database once the delta holds
 * more than 1/DELTA_SHARE of the main database's paragraphs (delta.c): a
 * small delta is what makes additions cheap. */
#define DELTA_SHARE 16

/* A growable list of malloc'd strings. */
typedef struct {
    char **items;
    size_t n, cap;
} strlist;

static int strlist_push(strlist *l, char *s)
{
    if (s == NULL)
        return -1;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **items = realloc(l->items, cap * sizeof *items);
        if (items == NULL) {
            free(s);
            return -1;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = s;
    return 0;
}

static void strlist_clear(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strlist_sort(strlist *l)
{
    if (l->n > 0)   /* an empty list may have no array at all */
        qsort(l->items, l->n, sizeof *l->items, compare_strings);
}

static int strlist_contains(const strlist *sorted, const char *s)
{
    return sorted->n && bsearch(&s, sorted->items, sorted->n, sizeof *sorted->items,
                                compare_strings) != NULL;
}

/* Drop the repeats from a sorted list. */
static void strlist_unique(strlist *sorted)
{
    size_t kept = 0;
    for (size_t i = 0; i < sorted->n; i++) {
        if (kept > 0 && strcmp(sorted->items[kept - 1], sorted->items[i]) == 0)
            free(sorted->items[i]);
        else
            sorted->items[kept++] = sorted->items[i];
    }
    sorted->n = kept;
}

/* ---- walking directories ------------------------------------------------ */

typedef struct {
    const char *const *extensions;
    const strlist *excludes;    /* patterns of what to leave out */
    size_t root_len;        /* of the corpus directory being walked */
    strlist files;
    strlist excluded;       /* files an exclude pattern left out */
    strlist errors;         /* "path: why" for what could not be read */
    strlist error_paths;    /* the path of each of those */
    dev_t *dirs_dev;        /* directories already walked, to detect loops */
    ino_t *dirs_ino;
    size_t n_dirs, cap_dirs;
} walker;

int essay__skipped_name(const char *name)
{
    size_t len = strlen(name);
    return name[0] == '.' || name[len - 1] == '~' || (name[0] == '#' && name[len - 1] == '#')
           || fnmatch("*.sw[a-p]", name, 0) == 0 || fnmatch("*.bak", name, 0) == 0;
}

int essay__wanted_extension(const char *name, const char *const *extensions)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return 0;
    for (const char *const *e = extensions ? extensions : default_extensions; *e; e++)
        if (strcasecmp(dot + 1, *e) == 0)
            return 1;
    return 0;
}

/* Whether an exclude pattern matches 'rel', a path relative to a corpus
 * directory (or a corpus file's name), or 'name', its last part. */
static int excluded(const strlist *excludes, const char *rel, const char *name)
{
    for (size_t i = 0; i < excludes->n; i++)
        if (fnmatch(excludes->items[i], rel, 0) == 0 || fnmatch(excludes->items[i], name, 0) == 0)
            return 1;
    return 0;
}

/* Returns 1 if the directory was walked before (a loop or a second link). */
static int seen_directory(walker *w, const struct stat *st)
{
    for (size_t i = 0; i < w->n_dirs; i++)
        if (w->dirs_dev[i] == st->st_dev && w->dirs_ino[i] == st->st_ino)
            return 1;
    if (w->n_dirs == w->cap_dirs) {
        size_t cap = w->cap_dirs ? w->cap_dirs * 2 : 32;
        dev_t *devs = realloc(w->dirs_dev, cap * sizeof *devs);
        if (devs)
            w->dirs_dev = devs;
        ino_t *inos = realloc(w->dirs_ino, cap * sizeof *inos);
        if (inos)
            w->dirs_ino = inos;
        if (devs == NULL || inos == NULL)
            return 1;
        w->cap_dirs = cap;
    }
    w->dirs_dev[w->n_dirs] = st->st_dev;
    w->dirs_ino[w->n_dirs] = st->st_ino;
    w->n_dirs++;
    return 0;
}

static int walk_error(walker *w, const char *path, int errnum)
{
    char *msg;
    if (asprintf(&msg, "%s: %s", path, strerror(errnum)) < 0)
        return -1;
    if (strlist_push(&w->errors, msg) != 0)
        return -1;
    return strlist_push(&w->error_paths, strdup(path));
}

/* Collect the essay files under directory 'dir'.  Returns -1 only when out of memory. */
static int walk_directory(walker *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return walk_error(w, dir, errno);
    strlist names = { 0 };
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL)
        if (!essay__skipped_name(e->d_name) && strlist_push(&names, strdup(e->d_name)) != 0) {
            rc = -1;
            break;
        }
    closedir(d);
    strlist_sort(&names);
    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        char *path;
        if (asprintf(&path, "%s/%s", dir, names.items[i]) < 0) {
            rc = -1;
            break;
        }
        struct stat st;
        const char *rel = path + w->root_len + (path[w->root_len] == '/');
        if (excluded(w->excludes, rel, names.items[i])) {
            /* Left out, with what it holds; a file, wherever else it is found. */
            rc = strlist_push(&w->excluded, path);
            path = NULL;
        } else if (stat(path, &st) != 0) {
            rc = walk_error(w, path, errno);
        } else if (S_ISDIR(st.st_mode)) {
            if (!seen_directory(w, &st))
                rc = walk_directory(w, path);
        } else if (essay__wanted_extension(names.items[i], w->extensions)) {
            /* Not only regular files: reading a FIFO or a device in an
             * essay's place (or behind its link) refuses it, saying what it
             * is, without blocking (essay__read_file). */
            rc = strlist_push(&w->files, path);
            path = NULL;
        }
        free(path);
    }
    strlist_clear(&names);
    return rc;
}

/* ---- the records of corpus paths and exclude patterns -------------------- */

/* The list recorded under 'key' (ESSAY_META_ROOTS, ESSAY_META_EXCLUDE), one
 * item a line (malloc'd in *value): the live delta's, which has them all
 * (delta.c), else the main database's. */
static essay_status list_read(essay_index *ix, const char *key, char **value, char **err)
{
    xc_wdb *delta = essay__delta_db(ix);
    xc_error xe;
    if (xc_wdb_get_metadata(delta ? delta : ix->wdb, key, value, NULL, &xe) != 0)
        return essay__fail_xc(err, &xe, ix->path);
    return ESSAY_OK;
}

static essay_status list_get(essay_index *ix, const char *key, strlist *items, char **err)
{
    char *value;
    essay_status st = list_read(ix, key, &value, err);
    if (st != ESSAY_OK)
        return st;
    char *save = NULL;
    for (char *line = strtok_r(value, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (strlist_push(items, strdup(line)) != 0) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
    free(value);
    return st;
}

/* Record 'items' under the metadata 'key'; *written says whether they changed. */
static essay_status list_put(essay_index *ix, const char *key, const strlist *items, int *written,
                             char **err)
{
    *written = 0;
    size_t len = 0;
    for (size_t i = 0; i < items->n; i++)
        len += strlen(items->items[i]) + 1;
    char *value = malloc(len + 1), *p = value;
    if (value == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; i < items->n; i++)
        p += sprintf(p, "%s\n", items->items[i]);
    *p = '\0';
    xc_error xe;
    char *old = NULL;
    essay_status st = ix->dry_run ? ESSAY_OK : list_read(ix, key, &old, err);
    /* Unchanged, they are not written: an update that changes nothing writes nothing. */
    int differ = st == ESSAY_OK && !ix->dry_run && strcmp(old, value) != 0;
    if (differ && (st = essay__delta_writable(ix, err)) == ESSAY_OK
        && xc_wdb_set_metadata(ix->wdb, key, value, len, &xe) != 0)
        st = essay__fail_xc(err, &xe, ix->path);
    *written = differ && st == ESSAY_OK;
    free(old);
    free(value);
    return st;
}

essay_status essay_index_roots(essay_index *ix, char **out, char **err)
{
    *out = NULL;
    return list_read(ix, ESSAY_META_ROOTS, out, err);
}

/* The index's exclude patterns as the update 'opt' changes them, in
 * 'excludes': opt->forget_exclude dropped (each must be there), then
 * opt->exclude added (each once, in order). */
static essay_status excludes_get(essay_index *ix, const essay_update_options *opt,
                                 strlist *excludes, char **err)
{
    essay_status st = list_get(ix, ESSAY_META_EXCLUDE, excludes, err);
    for (const char *const *g = opt->forget_exclude; st == ESSAY_OK && g && *g; g++) {
        size_t i = 0;
        while (i < excludes->n && strcmp(excludes->items[i], *g) != 0)
            i++;
        if (i == excludes->n)
            return essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' is not an exclude pattern of index "
                               "'%s' (essay-index --list shows them)", *g, ix->path);
        free(excludes->items[i]);
        memmove(excludes->items + i, excludes->items + i + 1,
                (excludes->n - i - 1) * sizeof *excludes->items);
        excludes->n--;
    }
    for (const char *const *g = opt->exclude; st == ESSAY_OK && g && *g; g++) {
        int known = 0;
        for (size_t i = 0; i < excludes->n && !known; i++)
            known = strcmp(excludes->items[i], *g) == 0;
        if (**g == '\0' || strchr(*g, '\n') != NULL)
            st = essay__fail(err, ESSAY_BAD_ARGUMENT, "an exclude pattern must be one line, not "
                             "empty");
        else if (!known && strlist_push(excludes, strdup(*g)) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    return st;
}

/* ---- removing essays whose files are gone ------------------------------- */

static int under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/' || root[n - 1] == '/');
}

/* Whether 'path' is one of 'roots' or lies under one of them. */
static int covered(const char *path, const strlist *roots)
{
    for (size_t i = 0; i < roots->n; i++)
        if (under(path, roots->items[i]))
            return 1;
    return 0;
}

/* Whether the gone corpus path 'root' lies under another recorded path that
 * is a directory: that directory's sweep removes its essay, so it need not
 * be remembered (nor reported gone on every update). */
static int superseded(const char *root, const strlist *recorded)
{
    struct stat sb;
    for (size_t i = 0; i < recorded->n; i++)
        if (strcmp(recorded->items[i], root) != 0 && under(root, recorded->items[i])
            && stat(recorded->items[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            return 1;
    return 0;
}

/* Remove the items of 'l' marked in 'drop'. */
static void strlist_drop(strlist *l, const unsigned char *drop)
{
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (drop[i])
            free(l->items[i]);
        else
            l->items[kept++] = l->items[i];
    }
    l->n = kept;
}

typedef struct {
    xc_wdb *db;             /* whose records are read */
    const strlist *roots;   /* walked roots */
    const strlist *seen;    /* sorted paths of the essays found there */
    const strlist *keep;    /* roots whose essays stay whatever was seen */
    int searchable;         /* only the essays with a paragraph (an empty one is recorded) */
    strlist gone_ids;
    strlist gone_paths;
    int failed;
} sweep_ctx;

static int sweep_record(const char *key, size_t len, void *arg)
{
    sweep_ctx *c = arg;
    char *value = NULL;
    size_t vlen;
    xc_error xe;
    char k[64];
    if (len >= sizeof k)
        return 0;
    memcpy(k, key, len);
    k[len] = '\0';
    if (xc_wdb_get_metadata(c->db, k, &value, &vlen, &xe) != 0) {
        c->failed = 1;
        return 1;
    }
    char *path = memchr(value, '\n', vlen);
    if (path != NULL) {
        path++;
        /* size ... LF path LF title (index.c): a title is one line, while a
         * file name may hold LFs. */
        char *end = memrchr(path, '\n', vlen - (size_t)(path - value));
        if (end)
            *end = '\0';
        size_t paragraphs = 0;
        if (c->searchable)  /* size mtime hash paragraphs LF ... (index.c) */
            sscanf(value, "%*s %*s %*s %zu", &paragraphs);
        if (covered(path, c->roots) && !strlist_contains(c->seen, path)
            && !covered(path, c->keep) && (paragraphs > 0 || !c->searchable)) {
            if (strlist_push(&c->gone_ids, strdup(k + strlen(ESSAY_META_ESSAY))) != 0
                || strlist_push(&c->gone_paths, strdup(path)) != 0)
                c->failed = 1;
        }
    }
    free(value);
    return c->failed;
}

/* Gather into c->gone_ids and c->gone_paths the essays recorded in c->db
 * under c->roots that are not in c->seen and not under c->keep. */
static essay_status gone_essays(sweep_ctx *c, const char *index_path, char **err)
{
    xc_error xe;
    if (xc_wdb_each_metadata_key(c->db, ESSAY_META_ESSAY, sweep_record, c, &xe) != 0)
        return essay__fail_xc(err, &xe, index_path);
    if (c->failed)
        return essay__fail(err, ESSAY_NOMEM, "out of memory reading the index's records");
    return ESSAY_OK;
}

/* Remove the essays recorded (in either database: delta.c) under 'roots'
 * that are not in 'seen' and not under 'keep'. */
static essay_status sweep(essay_index *ix, const strlist *roots, const strlist *seen,
                          const strlist *keep, const essay_update_options *opt,
                          essay_update_summary *sum, char **err)
{
    sweep_ctx c = { .db = ix->wdb, .roots = roots, .seen = seen, .keep = keep };
    essay_status st = gone_essays(&c, ix->path, err);
    if (st == ESSAY_OK && ix->other) {
        c.db = ix->other;
        st = gone_essays(&c, ix->path, err);
    }
    for (size_t i = 0; st == ESSAY_OK && i < c.gone_ids.n; i++) {
        st = essay__index_remove_id(ix, c.gone_ids.items[i], err);
        if (st == ESSAY_OK) {
            sum->removed++;
            if (opt->report)
                opt->report(c.gone_paths.items[i], ESSAY_REMOVED, 0, NULL, opt->ctx);
        }
    }
    strlist_clear(&c.gone_ids);
    strlist_clear(&c.gone_paths);
    return st;
}

/* ---- which shard an index is ------------------------------------------- */

/* Parse "K/N" into *shard and *n; returns 0, or -1 unless 0 <= K < N <= ESSAY_MAX_SHARDS. */
static int parse_shard(const char *text, unsigned *shard, unsigned *n)
{
    unsigned k, total;
    int used = 0;
    if (sscanf(text, "%u/%u%n", &k, &total, &used) != 2 || text[used] != '\0' || k >= total
        || total > ESSAY_MAX_SHARDS)
        return -1;
    *shard = k;
    *n = total;
    return 0;
}

/* The shard record of the index being written, and in *inherited whether it
 * is not the index's own but, for a rebuild whose new index has none yet,
 * the old index's (so that a rebuilt shard stays that shard). */
static essay_status shard_record(essay_index *ix, char **record, int *inherited, char **err)
{
    xc_error xe;
    *inherited = 0;
    if (xc_wdb_get_metadata(ix->wdb, ESSAY_META_SHARD, record, NULL, &xe) != 0)
        return essay__fail_xc(err, &xe, ix->path);
    if (**record != '\0' || ix->rebuild_path == NULL)
        return ESSAY_OK;
    xc_db *old = xc_db_open(ix->path, &xe);
    char *old_record = NULL;
    if (old != NULL && xc_db_get_metadata(old, ESSAY_META_SHARD, &old_record, NULL, &xe) == 0) {
        free(*record);
        *record = old_record;
        *inherited = 1;
    }
    xc_db_close(old);
    return ESSAY_OK;
}

/* Decide which shard of how many this update is for (*n 0: unsharded): the
 * one the options ask for, checked against the index's record, or else the
 * one the index records.  An index without a record of its own gets one. */
static essay_status resolve_shard(essay_index *ix, const essay_update_options *opt,
                                  unsigned *shard, unsigned *n, char **err)
{
    char *record = NULL;
    int inherited;
    *shard = *n = 0;
    essay_status st = shard_record(ix, &record, &inherited, err);
    if (st != ESSAY_OK)
        return st;
    unsigned recorded_shard = 0, recorded_n = 0;
    xc_error xe;
    unsigned docs = 0;
    if (record[0] != '\0' && parse_shard(record, &recorded_shard, &recorded_n) != 0) {
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' has a bad shard record '%s'",
                         ix->path, record);
    } else if (opt->n_shards <= 1) {
        *shard = recorded_shard;
        *n = recorded_n;
    } else if (opt->shard >= opt->n_shards || opt->n_shards > ESSAY_MAX_SHARDS) {
        st = essay__fail(err, ESSAY_BAD_ARGUMENT, "there is no shard %u of %u", opt->shard,
                         opt->n_shards);
    } else if (recorded_n != 0 && (recorded_shard != opt->shard || recorded_n != opt->n_shards)) {
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' is shard %u/%u, not %u/%u",
                         ix->path, recorded_shard, recorded_n, opt->shard, opt->n_shards);
    } else if (recorded_n == 0 && xc_wdb_doccount(ix->wdb, &docs, &xe) != 0) {
        st = essay__fail_xc(err, &xe, ix->path);
    } else if (docs > 0) {
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' is not sharded and holds essays: "
                         "build shard %u/%u as a new index", ix->path, opt->shard, opt->n_shards);
    } else {
        *shard = opt->shard;
        *n = opt->n_shards;
    }
    if (st == ESSAY_OK && *n > 1 && (record[0] == '\0' || inherited) && !ix->dry_run) {
        char value[32];
        int len = snprintf(value, sizeof value, "%u/%u", *shard, *n);
        if (xc_wdb_set_metadata(ix->wdb, ESSAY_META_SHARD, value, (size_t)len, &xe) != 0)
            st = essay__fail_xc(err, &xe, ix->path);
    }
    free(record);
    return st;
}

/* Whether the essay file at 'path' belongs to shard 'shard' of 'n': its id
 * (the hash of its absolute path, symbolic links resolved, as index.c
 * computes it) mod n.  Resolving links matters: two names of one file must
 * land in one shard. */
static int in_shard(const char *path, unsigned shard, unsigned n)
{
    char *abs = realpath(path, NULL);
    const char *name = abs ? abs : path;
    int mine = essay__hash64(name, strlen(name)) % n == shard;
    free(abs);
    return mine;
}

/* Keep in 'files' only the essays of shard 'shard' of 'n'. */
static void keep_shard(strlist *files, unsigned shard, unsigned n)
{
    size_t kept = 0;
    for (size_t i = 0; i < files->n; i++) {
        if (in_shard(files->items[i], shard, n))
            files->items[kept++] = files->items[i];
        else
            free(files->items[i]);
    }
    files->n = kept;
}

/* ---- what an update says ------------------------------------------------ */

/* What the essays of one update share besides the index. */
typedef struct {
    const essay_update_options *opt;
    const char *index_name;     /* the index as the commands that messages suggest name it:
                                   as the user did (for a shard, its sharded index) */
    const strlist *walked;      /* the corpus directories walked */
} update_run;

/* The exclude pattern that names the essay file 'path' alone: its path
 * relative to the deepest directory of 'walked' holding it, else its name,
 * with the characters fnmatch() reads as a pattern escaped.  Malloc'd. */
static char *pattern_naming(const char *path, const strlist *walked)
{
    const char *rel = strrchr(path, '/');
    rel = rel ? rel + 1 : path;
    size_t deepest = 0;
    for (size_t i = 0; i < walked->n; i++) {
        size_t n = strlen(walked->items[i]);
        if (n > deepest && path[n] != '\0' && under(path, walked->items[i])) {
            deepest = n;
            rel = path + n + (path[n] == '/');
        }
    }
    char *pattern = malloc(2 * strlen(rel) + 1), *p = pattern;
    for (; pattern && *rel; rel++) {
        if (strchr("*?[\\", *rel) != NULL)
            *p++ = '\\';
        *p++ = *rel;
    }
    if (pattern)
        *p = '\0';
    return pattern;
}

/* The error 'msg' about the essay file 'path' followed by the command that
 * leaves the file out of the index, malloc'd; NULL when out of memory. */
static char *with_exclude_hint(const char *msg, const char *path, const update_run *run)
{
    char *pattern = pattern_naming(path, run->walked);
    char *quoted = pattern ? essay__shell_word(pattern, 1) : NULL;
    char *index = essay__shell_word(run->index_name, 0), *hinted = NULL;
    if (quoted && index && asprintf(&hinted, "%s (skip it with: essay-index --index %s "
                                    "--exclude %s)", msg, index, quoted) < 0)
        hinted = NULL;
    free(pattern);
    free(quoted);
    free(index);
    return hinted;
}

/* In *n, the essays recorded under 'root' in 'ix' (in either database)
 * that a search can find: those with a paragraph. */
static essay_status essays_under(essay_index *ix, const char *root, size_t *n, char **err)
{
    char *item = (char *)root;
    const strlist roots = { .items = &item, .n = 1 }, none = { 0 };
    sweep_ctx c = { .db = ix->wdb, .roots = &roots, .seen = &none, .keep = &none,
                    .searchable = 1 };
    essay_status st = gone_essays(&c, ix->path, err);
    if (st == ESSAY_OK && ix->other) {
        c.db = ix->other;
        st = gone_essays(&c, ix->path, err);
    }
    *n = c.gone_ids.n;
    strlist_clear(&c.gone_ids);
    strlist_clear(&c.gone_paths);
    return st;
}

/* Tell of the recorded corpus path 'root' of the index 'index_name', which
 * cannot be read ('errnum' says why) and has 'essays' essays in the index:
 * through opt->notice, else as an error to opt->report.  Returns -1 when
 * out of memory. */
static int tell_gone(const essay_update_options *opt, const char *index_name, const char *root,
                     int errnum, size_t essays)
{
    const char *why = errnum == ENOENT || errnum == ENOTDIR ? "gone (moved or removed?)"
                                                             : strerror(errnum);
    char *index = essay__shell_word(index_name, 0), *dir = essay__shell_word(root, 0);
    char *command = NULL, *message = NULL;
    if (index == NULL || dir == NULL
        || asprintf(&command, "essay-index --index %s --forget %s", index, dir) < 0)
        command = NULL;
    else if ((essays == 0 ? asprintf(&message, "%s: %s; nothing of it is searchable; forget it "
                                     "with: %s", root, why, command)
              : essays == 1 ? asprintf(&message, "%s: %s; its one essay stays searchable until "
                                       "you run: %s", root, why, command)
              : asprintf(&message, "%s: %s; its %zu essays stay searchable until you run: %s",
                         root, why, essays, command)) < 0)
        message = NULL;
    int told = message != NULL;
    if (told) {
        essay_notice notice = { .kind = ESSAY_NOTICE_GONE, .path = root, .message = message,
                                .essays = essays, .errnum = errnum, .command = command };
        if (opt->notice)
            opt->notice(&notice, opt->ctx);
        else if (opt->report)
            opt->report(root, ESSAY_SKIPPED, 0, message, opt->ctx);
    }
    free(index);
    free(dir);
    free(command);
    free(message);
    return told ? 0 : -1;
}

/* ---- the update --------------------------------------------------------- */

static void count(essay_update_summary *sum, essay_change change)
{
    switch (change) {
    case ESSAY_ADDED:     sum->added++; break;
    case ESSAY_UPDATED:   sum->updated++; break;
    case ESSAY_REMOVED:   sum->removed++; break;
    case ESSAY_UNCHANGED: sum->unchanged++; break;
    case ESSAY_SKIPPED:   sum->skipped++; break;
    }
}

/* Index one file; a failure that concerns only this file is reported and
 * counted, and the update goes on; a warning is told and counted.  Returns
 * the status only when fatal. */
static essay_status update_file(essay_index *ix, const char *path, size_t bytes,
                                const update_run *run, essay_update_summary *sum, char **err)
{
    const essay_update_options *opt = run->opt;
    essay_change change;
    size_t paragraphs;
    char *msg = NULL;
    essay_status s = essay_index_add_file(ix, path, &change, &paragraphs, &msg);
    if (s != ESSAY_OK && s != ESSAY_IO && s != ESSAY_BAD_INPUT) {   /* not of this file alone */
        *err = msg;
        return s;
    }
    count(sum, change);
    if (change == ESSAY_ADDED || change == ESSAY_UPDATED) {
        sum->paragraphs += paragraphs;
        sum->bytes += bytes;
    }
    const essay_notice *warning = essay_index_warning(ix);
    if (warning) {
        sum->warnings++;
        if (opt->notice)
            opt->notice(warning, opt->ctx);
    }
    /* Not text: every update would meet it again, unless it is left out. */
    char *hinted = s == ESSAY_BAD_INPUT && msg ? with_exclude_hint(msg, path, run) : NULL;
    if (opt->report)
        opt->report(path, change, bytes, s == ESSAY_OK ? NULL
                                         : hinted ? hinted : msg ? msg : essay_strerror(s),
                    opt->ctx);
    free(hinted);
    free(msg);
    return ESSAY_OK;
}

/* The size of each file of 'files' (0 for one that cannot be read), malloc'd. */
static size_t *file_sizes(const strlist *files)
{
    size_t *sizes = malloc((files->n ? files->n : 1) * sizeof *sizes);
    struct stat sb;
    for (size_t i = 0; sizes && i < files->n; i++)
        sizes[i] = stat(files->items[i], &sb) == 0 ? (size_t)sb.st_size : 0;
    return sizes;
}

/* A rebuild written by several processes (below, after the processes' machinery). */
static unsigned parts_for(const essay_index *ix, const essay_update_options *opt, size_t files,
                          size_t bytes);
static essay_status index_in_parts(essay_index *ix, const strlist *files, const size_t *sizes,
                                   unsigned n, const update_run *run,
                                   essay_update_summary *sum, char **err);

/* Where this update writes (delta.c): to the delta when it changes nothing
 * of the main database -- no file recorded there changed or went -- and the
 * delta is small, else to the main database.  'sweeping': whether the
 * update removes the essays gone from 'walked'. */
static essay_status choose_database(essay_index *ix, const essay_update_options *opt,
                                    unsigned n_shards, const strlist *files,
                                    const strlist *walked, int sweeping, char **err)
{
    if (ix->rebuild_path || opt->dry_run)
        return ESSAY_OK;
    unsigned delta_docs = 0, main_docs = 0;
    xc_error xe;
    if (essay__delta_sizes(ix, &delta_docs, &main_docs, &xe) != 0)
        return essay__fail_xc(err, &xe, ix->path);
    int use = !opt->no_delta && n_shards <= 1 && main_docs > 0
              && delta_docs <= main_docs / DELTA_SHARE;
    for (size_t i = 0; use && i < files->n; i++) {
        int changed = essay__index_main_changed(ix, files->items[i], &xe);
        if (changed < 0)
            return essay__fail_xc(err, &xe, ix->path);
        use = !changed;
    }
    static const strlist none = { 0 };
    sweep_ctx c = { .db = ix->wdb, .roots = walked, .seen = files, .keep = &none };
    essay_status st = use && sweeping ? gone_essays(&c, ix->path, err) : ESSAY_OK;
    use = use && c.gone_ids.n == 0;
    strlist_clear(&c.gone_ids);
    strlist_clear(&c.gone_paths);
    essay__delta_choose(ix, use);
    if (st == ESSAY_OK && opt->no_delta)
        st = essay__delta_writable(ix, err);   /* asked for: fold the delta in now */
    return st;
}

/* The update of 'ix' stopped as asked, before its commit: say what is kept. */
static essay_status interrupted(const essay_index *ix, char **err)
{
    if (essay_index_kind(ix->path) == ESSAY_KIND_NONE)
        return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: nothing was kept; there is no "
                           "index at '%s' yet", ix->path);
    return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: the index is as it was before "
                       "this run");
}

/* Add 'abs' to 'roots' unless it is there. */
static int remember_root(strlist *roots, const char *abs)
{
    for (size_t i = 0; i < roots->n; i++)
        if (strcmp(roots->items[i], abs) == 0)
            return 0;
    return strlist_push(roots, strdup(abs));
}

/* The item of 'recorded' that the corpus path 'path' names (as it is, or
 * made absolute), or NULL. */
static const char *recorded_as(const strlist *recorded, const char *path)
{
    char *abs = essay__absolute_path(path);
    const char *found = NULL;
    for (size_t i = 0; found == NULL && i < recorded->n; i++)
        if (strcmp(recorded->items[i], path) == 0 || (abs && strcmp(recorded->items[i], abs) == 0))
            found = recorded->items[i];
    free(abs);
    return found;
}

/* The corpus path 'path' cannot be walked: it is gone ('errnum' says why),
 * or, with 'errnum' 0, neither a file nor a directory (a FIFO, a device:
 * not opened, and not remembered if given; its mode in 'sb').  Its essays
 * stay until it is forgotten.  A recorded path gone is told with how many
 * there are and the command that forgets it (by every shard of a sharded
 * update, each of its own essays); anything else is reported as an error.
 * Counted as skipped unless 'walk_errors' is 0. */
static essay_status unwalkable(essay_index *ix, const update_run *run, const char *path,
                               const strlist *recorded, int errnum, const struct stat *sb,
                               int walk_errors, essay_update_summary *sum, char **err)
{
    const essay_update_options *opt = run->opt;
    const char *root = errnum ? recorded_as(recorded, path) : NULL;
    if (walk_errors)
        count(sum, ESSAY_SKIPPED);
    if (root) {
        size_t essays;
        essay_status st = essays_under(ix, root, &essays, err);
        if (st == ESSAY_OK && tell_gone(opt, run->index_name, root, errnum, essays) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        return st;
    }
    char *msg;
    if (!walk_errors || opt->report == NULL)
        return ESSAY_OK;
    if ((errnum ? asprintf(&msg, "%s: %s", path, strerror(errnum))
                : asprintf(&msg, "%s: not a regular file (%s)", path,
                           essay__file_kind(sb->st_mode))) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    opt->report(path, ESSAY_SKIPPED, 0, msg, opt->ctx);
    free(msg);
    return ESSAY_OK;
}

/* essay_index_update(), with 'index_name' the index as commands that
 * messages suggest name it; 'walk_errors' 0 leaves the errors that concern
 * no one essay (a corpus path gone, a directory unreadable) uncounted, and
 * unreported but for the essays of a gone path, for the shards but one of a
 * sharded update, which all walk the same directories. */
static essay_status update_index(essay_index *ix, const char *const *paths, size_t n,
                                 const essay_update_options *opt, const char *index_name,
                                 int walk_errors, essay_update_summary *sum, char **err)
{
    char *ignored = NULL;
    if (err == NULL)
        err = &ignored;
    memset(sum, 0, sizeof *sum);
    ix->dry_run = opt->dry_run;
    essay_update_log log;
    opt = essay__log_begin(&log, ix, opt);
    strlist recorded = { 0 }, walked = { 0 }, none = { 0 }, excludes = { 0 };
    walker w = { .extensions = opt->extensions ? opt->extensions : default_extensions,
                 .excludes = &excludes };
    update_run run = { .opt = opt, .index_name = index_name, .walked = &walked };
    unsigned shard, n_shards;
    essay_status st = resolve_shard(ix, opt, &shard, &n_shards, err);
    if (st == ESSAY_OK)
        st = list_get(ix, ESSAY_META_ROOTS, &recorded, err);
    if (st == ESSAY_OK)
        st = excludes_get(ix, opt, &excludes, err);
    const char *const *todo = paths;
    unsigned char *drop = NULL;     /* recorded paths to forget (superseded) */
    if (st == ESSAY_OK && n == 0) {
        todo = (const char *const *)recorded.items;
        n = recorded.n;
        if ((drop = calloc(n ? n : 1, 1)) == NULL)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        /* A rebuild from nothing would swap an empty index in for the old
         * one (say one too damaged to tell its corpus paths). */
        if (n == 0 && ix->rebuild_path && essay_index_kind(ix->path) == ESSAY_KIND_NONE)
            st = essay__fail(err, ESSAY_NO_INDEX, "no index at '%s' yet", ix->path);
        else if (n == 0 && ix->rebuild_path)
            st = essay__fail(err, ESSAY_IO, "no corpus paths are recorded in index '%s' (is it "
                             "damaged?): give them, as in essay-index --rebuild DIR", ix->path);
    }
    for (size_t i = 0; st == ESSAY_OK && i < n; i++) {
        char *abs = realpath(todo[i], NULL);
        struct stat sb;
        int gone = abs == NULL || stat(abs, &sb) != 0, e = errno ? errno : ENOENT;
        if (gone || !(S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode))) {
            /* Unless a recorded directory around it sweeps its essays. */
            if (drop && superseded(todo[i], &recorded))
                drop[i] = 1;
            else
                st = unwalkable(ix, &run, todo[i], &recorded, gone ? e : 0, &sb, walk_errors, sum,
                                err);
            free(abs);
            continue;
        }
        if (paths != NULL && n > 0 && todo == paths && remember_root(&recorded, abs) != 0) {
            free(abs);
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
        /* Only a directory can have lost essays: only directories are swept,
         * and the files left out, whose essays go. */
        const char *name = strrchr(abs, '/') + 1;
        if (S_ISDIR(sb.st_mode)) {
            w.root_len = strlen(abs);
            if (!seen_directory(&w, &sb) && walk_directory(&w, abs) != 0)
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            if (strlist_push(&walked, abs) != 0)
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        } else if (excluded(&excludes, name, name)) {
            if (strlist_push(&walked, abs) != 0)
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        } else if (strlist_push(&w.files, abs) != 0) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        }
    }
    if (drop)
        strlist_drop(&recorded, drop);
    free(drop);
    /* A file left out where one walk found it is left out wherever else. */
    strlist_sort(&w.excluded);
    unsigned char *left_out = calloc(w.files.n ? w.files.n : 1, 1);
    if (left_out == NULL && st == ESSAY_OK)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; left_out && i < w.files.n; i++)
        left_out[i] = (unsigned char)strlist_contains(&w.excluded, w.files.items[i]);
    if (left_out)
        strlist_drop(&w.files, left_out);
    free(left_out);
    for (size_t i = 0; walk_errors && i < w.errors.n; i++) {
        count(sum, ESSAY_SKIPPED);
        if (opt->report)
            opt->report(w.error_paths.items[i], ESSAY_SKIPPED, 0, w.errors.items[i], opt->ctx);
    }
    if (n_shards > 1)
        keep_shard(&w.files, shard, n_shards);
    /* A file reached twice (a file given inside a directory given) counts once. */
    strlist_sort(&w.files);
    strlist_unique(&w.files);
    size_t *sizes = st == ESSAY_OK ? file_sizes(&w.files) : NULL;
    if (st == ESSAY_OK && sizes == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    size_t bytes = 0;
    for (size_t i = 0; st == ESSAY_OK && i < w.files.n; i++)
        bytes += sizes[i];
    if (st == ESSAY_OK && opt->planned)
        opt->planned(w.files.n, bytes, opt->ctx);
    int sweeping = w.errors.n == 0 && walked.n > 0;
    if (st == ESSAY_OK)
        st = choose_database(ix, opt, n_shards, &w.files, &walked, sweeping, err);
    unsigned parts = parts_for(ix, opt, w.files.n, bytes);
    if (st == ESSAY_OK && parts > 1)
        st = index_in_parts(ix, &w.files, sizes, parts, &run, sum, err);
    for (size_t i = 0; st == ESSAY_OK && parts <= 1 && i < w.files.n && !essay__stopping(opt);
         i++)
        st = update_file(ix, w.files.items[i], sizes[i], &run, sum, err);
    free(sizes);
    /* Asked to stop: nothing is committed.  Past this point the update is
     * a sweep and a commit, quickly done. */
    if (st == ESSAY_OK && essay__stopping(opt))
        st = interrupted(ix, err);
    /* A directory that could not be read completely must not lose its essays. */
    if (st == ESSAY_OK && sweeping)
        st = sweep(ix, &walked, &w.files, &none, opt, sum, err);
    int roots_written = 0, excludes_written = 0;
    if (st == ESSAY_OK)
        st = list_put(ix, ESSAY_META_ROOTS, &recorded, &roots_written, err);
    if (st == ESSAY_OK)
        st = list_put(ix, ESSAY_META_EXCLUDE, &excludes, &excludes_written, err);
    if (st == ESSAY_OK)
        st = essay__log_write(ix, &log, "update", sum, roots_written || excludes_written, err);
    if (st == ESSAY_OK && !opt->dry_run)
        st = essay_index_commit(ix, err);
    essay__log_clear(&log);
    strlist_clear(&recorded);
    strlist_clear(&walked);
    strlist_clear(&excludes);
    strlist_clear(&w.files);
    strlist_clear(&w.excluded);
    strlist_clear(&w.errors);
    strlist_clear(&w.error_paths);
    free(w.dirs_dev);
    free(w.dirs_ino);
    free(ignored);
    return st;
}

essay_status essay_index_update(essay_index *ix, const char *const *paths, size_t n,
                                const essay_update_options *options, essay_update_summary *sum,
                                char **err)
{
    static const essay_update_options none = { 0 };
    return update_index(ix, paths, n, options ? options : &none, ix->path, 1, sum, err);
}

essay_status essay_index_forget(essay_index *ix, const char *path,
                                const essay_update_options *options, essay_update_summary *sum,
                                char **err)
{
    static const essay_update_options quiet = { 0 };
    const essay_update_options *opt = options ? options : &quiet;
    memset(sum, 0, sizeof *sum);
    ix->dry_run = opt->dry_run;
    essay_update_log log;
    opt = essay__log_begin(&log, ix, opt);
    essay__delta_choose(ix, 0);     /* the main database's records change */
    char *abs = essay__absolute_path(path);
    if (abs == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    strlist recorded = { 0 }, kept = { 0 }, forgotten = { 0 }, none = { 0 };
    essay_status st = list_get(ix, ESSAY_META_ROOTS, &recorded, err);
    for (size_t i = 0; st == ESSAY_OK && i < recorded.n; i++) {
        int match = strcmp(recorded.items[i], abs) == 0 || strcmp(recorded.items[i], path) == 0;
        if (strlist_push(match ? &forgotten : &kept, strdup(recorded.items[i])) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (st == ESSAY_OK && forgotten.n == 0)
        st = essay__fail(err, ESSAY_IO, "'%s' is not a recorded corpus path", path);
    /* Essays another remembered path covers stay. */
    if (st == ESSAY_OK)
        st = sweep(ix, &forgotten, &none, &kept, opt, sum, err);
    int roots_written = 0;
    if (st == ESSAY_OK)
        st = list_put(ix, ESSAY_META_ROOTS, &kept, &roots_written, err);
    if (st == ESSAY_OK)
        st = essay__log_write(ix, &log, "forget", sum, roots_written, err);
    essay__log_clear(&log);
    free(abs);
    strlist_clear(&recorded);
    strlist_clear(&kept);
    strlist_clear(&forgotten);
    return st;
}

/* ---- sharded indexes ---------------------------------------------------- */

/* What the process of one shard does. */
typedef struct {
    const char *path;           /* the sharded index */
    const essay_shards_options *so;
    const char *const *paths;   /* update: corpus paths */
    size_t n;
    const essay_update_options *opt;    /* dry_run: abandon each shard, commit nothing */
    const char *forget;         /* forget this corpus path instead */
    double started;             /* when the sharded update started, for the shards' records */
} shard_job;

static char *shard_path(const char *path, unsigned k)
{
    char *p;
    return asprintf(&p, "%s/%s%u", path, ESSAY_SHARD_NAME, k) < 0 ? NULL : p;
}

essay_status essay_shards_count(const char *path, unsigned *n, char **err)
{
    *n = 0;
    char *stub;
    if (asprintf(&stub, "%s/%s", path, ESSAY_STUB_NAME) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    FILE *f = fopen(stub, "r");
    if (f == NULL) {
        int e = errno;
        free(stub);
        if (e == ENOENT || e == ENOTDIR)
            return ESSAY_OK;
        return essay__fail(err, ESSAY_IO, "cannot read '%s/%s': %s", path, ESSAY_STUB_NAME,
                           strerror(e));
    }
    /* Exactly the lines essay-index writes: "auto shard0" ... in order. */
    char line[64], want[64];
    unsigned count = 0;
    int ours = 1;
    while (ours && fgets(line, sizeof line, f) != NULL) {
        snprintf(want, sizeof want, "auto %s%u\n", ESSAY_SHARD_NAME, count);
        ours = count < ESSAY_MAX_SHARDS && strcmp(line, want) == 0;
        count++;
    }
    ours = ours && !ferror(f) && count > 0;
    fclose(f);
    essay_status st = ESSAY_OK;
    if (ours)
        *n = count;
    else
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "'%s' is not a list of shards written by "
                         "essay-index", stub);
    free(stub);
    return st;
}

/* Write the stub listing the 'n' shards of 'path', atomically, unless it is
 * there or a shard has no database yet (a first build that failed early). */
static essay_status write_stub(const char *path, unsigned n, char **err)
{
    char *stub = NULL, *tmp = NULL;
    essay_status st = ESSAY_OK;
    if (asprintf(&stub, "%s/%s", path, ESSAY_STUB_NAME) < 0
        || asprintf(&tmp, "%s/%s.tmp", path, ESSAY_STUB_NAME) < 0) {
        free(stub);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    struct stat sb;
    int complete = stat(stub, &sb) != 0;
    for (unsigned k = 0; complete && k < n; k++) {
        char *shard = shard_path(path, k);
        if (shard == NULL) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
        complete = essay_index_kind(shard) == ESSAY_KIND_INDEX;
        free(shard);
    }
    FILE *f = complete && st == ESSAY_OK ? fopen(tmp, "w") : NULL;
    if (f != NULL) {
        for (unsigned k = 0; k < n; k++)
            fprintf(f, "auto %s%u\n", ESSAY_SHARD_NAME, k);
        if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 || rename(tmp, stub) != 0)
            st = essay__fail(err, ESSAY_IO, "cannot write '%s': %s", stub, strerror(errno));
        if (st != ESSAY_OK)
            unlink(tmp);
    } else if (complete && st == ESSAY_OK) {
        st = essay__fail(err, ESSAY_IO, "cannot write '%s': %s", tmp, strerror(errno));
    }
    free(stub);
    free(tmp);
    return st;
}

/* ---- a shard's process ------------------------------------------------- */

/* The body of shard k's process: update (or forget in) it, stopping when
 * the caller does, and send what happened down 'c'.  Never returns. */
static void run_shard(unsigned k, unsigned n, essay_channel *c, const void *arg)
{
    const shard_job *job = arg;
    essay_update_summary sum = { 0 };
    char *err = NULL, *dir = shard_path(job->path, k);
    essay_index *ix = NULL;
    essay_status st = dir ? essay_index_open(dir, job->so->flags, job->so->language, &ix, &err)
                          : essay__fail(&err, ESSAY_NOMEM, "out of memory");
    free(dir);
    if (ix)
        ix->run_started = job->started;
    essay_update_options opt = *job->opt;
    opt.report = essay__send_report;
    opt.notice = essay__send_notice;
    opt.planned = NULL;     /* each shard sees only its part of the plan */
    opt.ctx = c;
    opt.stop = c->stop;
    opt.shard = k;
    opt.n_shards = n;
    if (st == ESSAY_OK && job->forget) {
        st = essay_index_forget(ix, job->forget, &opt, &sum, &err);
        if (st == ESSAY_OK && !opt.dry_run)
            st = essay_index_commit(ix, &err);
    } else if (st == ESSAY_OK) {
        st = update_index(ix, job->paths, job->n, &opt, job->path, k == 0, &sum, &err);
    }
    if (st == ESSAY_OK && !opt.dry_run)
        st = essay_index_close(ix, &err);
    else
        essay_index_abandon(ix);
    essay__end_process(c, st, &sum, err);
}

/* Run 'job' on the n shards of 'path', so->jobs processes at a time; in
 * *finished, how many finished. */
static essay_status run_shards(const char *path, unsigned n, const essay_shards_options *so,
                               const shard_job *job, const essay_update_options *opt,
                               essay_update_summary *sum, unsigned *finished, char **err)
{
    essay_process_set ps;
    essay_status st = essay__processes_init(&ps, n, "shard", opt, sum, err);
    if (st != ESSAY_OK)
        return st;
    unsigned jobs = so->jobs ? so->jobs : essay__processors();
    /* Asked to stop, no other shard is started; those running stop too. */
    for (unsigned next = 0; ps.st == ESSAY_OK && !essay__stopping(opt)
                            && (next < n || ps.running > 0);) {
        while (next < n && ps.running < jobs
               && essay__processes_start(&ps, next, run_shard, job) == 0)
            next++;
        essay__processes_poll(&ps, -1);
    }
    st = essay__processes_end(&ps, shard_path, path, err);
    *finished = ps.finished;
    return st;
}

/* ---- a rebuild written by several processes ----------------------------- */

/* Below this many bytes of essays, a second process costs more than it saves. */
#define PARTS_MIN_BYTES (8u << 20)

/* How many processes should write this update: see essay_update_options.jobs. */
static unsigned parts_for(const essay_index *ix, const essay_update_options *opt, size_t files,
                          size_t bytes)
{
    if (ix->rebuild_path == NULL || ix->compacted || opt->dry_run || files < 2)
        return 1;
    unsigned jobs = opt->jobs;
    if (jobs == 0)
        jobs = bytes >= PARTS_MIN_BYTES ? essay__processors() : 1;
    return jobs < ESSAY_MAX_PARTS ? jobs : ESSAY_MAX_PARTS;
}

/* What the processes of the parts share. */
typedef struct {
    const essay_index *ix;          /* the rebuild: where the parts go, their language */
    const strlist *files;
    const size_t *sizes;
    const unsigned char *part_of;   /* the part each file goes to */
    const update_run *run;
} parts_job;

/* The body of part k's process (k >= 1): index its files into a database of
 * its own, stopping when the caller does, and send what happened down 'c'.
 * Never returns. */
static void run_part(unsigned k, unsigned n, essay_channel *c, const void *arg)
{
    (void)n;
    const parts_job *job = arg;
    essay_update_summary sum = { 0 };
    char *err = NULL;
    essay_index *part = NULL;
    essay_status st = essay__index_open_part(job->ix, k, &part, &err);
    essay_update_options opt = *job->run->opt;
    opt.report = essay__send_report;
    opt.notice = essay__send_notice;
    opt.ctx = c;
    opt.stop = c->stop;
    update_run run = *job->run;
    run.opt = &opt;
    for (size_t i = 0; st == ESSAY_OK && i < job->files->n && !essay__stopping(&opt); i++)
        if (job->part_of[i] == k)
            st = update_file(part, job->files->items[i], job->sizes[i], &run, &sum, &err);
    if (st == ESSAY_OK && essay__stopping(&opt))
        st = ESSAY_INTERRUPTED;     /* the caller removes the part */
    if (st == ESSAY_OK)
        st = essay_index_close(part, &err);
    else
        essay_index_abandon(part);
    essay__end_process(c, st, &sum, err);
}

/* Index 'files' into the rebuild 'ix' in 'n' parts: this process writes part
 * 0 itself, n - 1 others the rest, each file going to the part with the
 * fewest bytes so far; then the parts are merged into ix. */
static essay_status index_in_parts(essay_index *ix, const strlist *files, const size_t *sizes,
                                   unsigned n, const update_run *run,
                                   essay_update_summary *sum, char **err)
{
    const essay_update_options *opt = run->opt;
    unsigned char *part_of = malloc(files->n);
    size_t load[ESSAY_MAX_PARTS] = { 0 };
    if (part_of == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; i < files->n; i++) {
        unsigned least = 0;
        for (unsigned k = 1; k < n; k++)
            if (load[k] < load[least])
                least = k;
        part_of[i] = (unsigned char)least;
        load[least] += sizes[i] + 1;
    }
    essay_process_set ps;
    essay_status st = essay__processes_init(&ps, n, "part", opt, sum, err);
    if (st != ESSAY_OK) {
        free(part_of);
        return st;
    }
    parts_job job = { .ix = ix, .files = files, .sizes = sizes, .part_of = part_of, .run = run };
    for (unsigned k = 1; k < n && essay__processes_start(&ps, k, run_part, &job) == 0; k++) {
    }
    for (size_t i = 0; st == ESSAY_OK && ps.st == ESSAY_OK && i < files->n; i++) {
        /* pass on what the others have done meanwhile (and a stop) */
        essay__processes_poll(&ps, 0);
        if (essay__stopping(opt))
            break;
        if (part_of[i] == 0)
            st = update_file(ix, files->items[i], sizes[i], run, sum, err);
    }
    essay_status ended = essay__processes_end(&ps, essay__part_path, ix->rebuild_path,
                                       st == ESSAY_OK ? err : NULL);
    free(part_of);
    if (st == ESSAY_OK)
        st = ended;
    /* Stopped: update_index() says so; the parts go with the rebuild. */
    if (st == ESSAY_OK && !essay__stopping(opt))
        st = essay__index_merge_parts(ix, n, err);
    return st == ESSAY_INTERRUPTED ? ESSAY_OK : st;
}

/* A sharded update or forget of 'n' shards at 'path' stopped as asked,
 * 'finished' of them done: say what is kept.  Of a first build (its stub
 * unwritten), nothing is: what it built goes, with the directory if it was
 * 'created'. */
static essay_status shards_interrupted(const char *path, unsigned n, unsigned finished,
                                       int created, const essay_update_options *opt, char **err)
{
    if (essay_index_kind(path) != ESSAY_KIND_SHARDED) {
        essay__drop_unfinished(path, created);
        return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: nothing was kept; there is no "
                           "index at '%s' yet", path);
    }
    if (finished == 0 || opt->dry_run)
        return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: the index is as it was before "
                           "this run");
    return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: %u of %u shards committed this "
                       "run's changes; the others are as they were before it", finished, n);
}

/* ---- a sharded update's corpus paths gone ------------------------------- */

/* Each shard of a sharded update tells of a recorded corpus path gone, with
 * the essays it holds of it; the caller hears of it once, with the essays of
 * every shard.  What else the shards say passes on as it comes. */
typedef struct {
    char *root;
    size_t essays;
    int errnum;
} gone_path;

typedef struct {
    const essay_update_options *caller;
    gone_path *gone;
    size_t n, cap;
    int failed;             /* out of memory */
} gone_tally;

static void pass_report(const char *path, essay_change change, size_t bytes, const char *error,
                        void *ctx)
{
    const gone_tally *t = ctx;
    if (t->caller->report)
        t->caller->report(path, change, bytes, error, t->caller->ctx);
}

static void tally_notice(const essay_notice *notice, void *ctx)
{
    gone_tally *t = ctx;
    if (notice->kind != ESSAY_NOTICE_GONE) {
        if (t->caller->notice)
            t->caller->notice(notice, t->caller->ctx);
        return;
    }
    size_t i = 0;
    while (i < t->n && strcmp(t->gone[i].root, notice->path) != 0)
        i++;
    if (i == t->n && t->n == t->cap) {
        size_t cap = 2 * t->cap + 8;
        gone_path *grown = realloc(t->gone, cap * sizeof *grown);
        if (grown == NULL) {
            t->failed = 1;
            return;
        }
        t->gone = grown;
        t->cap = cap;
    }
    if (i == t->n) {
        if ((t->gone[i].root = strdup(notice->path)) == NULL) {
            t->failed = 1;
            return;
        }
        t->gone[t->n++].essays = 0;
    }
    t->gone[i].essays += notice->essays;
    t->gone[i].errnum = notice->errnum;
}

/* Tell t->caller of the paths gone from the sharded index 'index_name', and
 * free the tally.  Returns -1 when out of memory. */
static int tell_tally(gone_tally *t, const char *index_name)
{
    int rc = t->failed ? -1 : 0;
    for (size_t i = 0; i < t->n; i++) {
        if (tell_gone(t->caller, index_name, t->gone[i].root, t->gone[i].errnum,
                      t->gone[i].essays) != 0)
            rc = -1;
        free(t->gone[i].root);
    }
    free(t->gone);
    return rc;
}

/* The whole of a sharded update or forget: check (or make) the directory,
 * lock it, run the shards, write the stub of a new index. */
static essay_status shards_run(const char *path, const essay_shards_options *so,
                               const shard_job *job, const essay_update_options *opt,
                               essay_update_summary *sum, char **err)
{
    memset(sum, 0, sizeof *sum);
    unsigned existing = 0;
    essay_status st = essay_shards_count(path, &existing, err);
    if (st != ESSAY_OK)
        return st;
    unsigned n = so->n_shards ? so->n_shards : existing;
    if (essay_index_kind(path) == ESSAY_KIND_INDEX)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "'%s' is an index that is not sharded: build "
                           "the sharded one in a new directory", path);
    if (n == 0)
        return essay__fail(err, ESSAY_NO_INDEX, "no sharded index at '%s'", path);
    if (n > ESSAY_MAX_SHARDS)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "%u shards are too many (at most %u)", n,
                           ESSAY_MAX_SHARDS);
    if (existing && existing != n)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' has %u shards, not %u (the number "
                           "is fixed when the index is made)", path, existing, n);
    if (!existing && !(so->flags & (ESSAY_CREATE | ESSAY_REBUILD)))
        return essay__fail(err, ESSAY_NO_INDEX, "no index at '%s' yet", path);
    int created = 0;
    if (!existing && ((st = essay__mkdir_parents(path, err)) != ESSAY_OK
                      || (!(created = mkdir(path, 0777) == 0) && errno != EEXIST)))
        return st != ESSAY_OK ? st : essay__fail(err, ESSAY_IO, "cannot create index '%s': %s",
                                                 path, strerror(errno));
    int lock_fd;
    if ((st = essay__lock_acquire(path, so->flags & ESSAY_WAIT, &lock_fd, err)) != ESSAY_OK)
        return st;
    unsigned finished = 0;
    gone_tally tally = { .caller = opt };
    essay_update_options told = *opt;
    told.report = pass_report;
    told.notice = tally_notice;
    told.ctx = &tally;
    st = run_shards(path, n, so, job, &told, sum, &finished, err);
    if (tell_tally(&tally, path) != 0 && st == ESSAY_OK)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    char *stub_err = NULL;
    essay_status stub = write_stub(path, n, &stub_err);
    if (stub != ESSAY_OK && st == ESSAY_OK) {
        st = stub;
        if (err) {
            *err = stub_err;
            stub_err = NULL;
        }
    }
    free(stub_err);
    if (st == ESSAY_INTERRUPTED)
        st = shards_interrupted(path, n, finished, created, opt, err);
    essay__lock_release(lock_fd);
    return st;
}

essay_status essay_shards_update(const char *path, const essay_shards_options *so,
                                 const char *const *paths, size_t n,
                                 const essay_update_options *options, essay_update_summary *sum,
                                 char **err)
{
    static const essay_update_options none = { 0 };
    static const essay_shards_options defaults = { 0 };
    const essay_update_options *opt = options ? options : &none;
    so = so ? so : &defaults;
    shard_job job = { .path = path, .so = so, .paths = paths, .n = n, .opt = opt,
                      .started = essay__time_now() };
    return shards_run(path, so, &job, opt, sum, err);
}

essay_status essay_shards_forget(const char *path, const essay_shards_options *so,
                                 const char *corpus_path, const essay_update_options *options,
                                 essay_update_summary *sum, char **err)
{
    static const essay_update_options none = { 0 };
    static const essay_shards_options defaults = { 0 };
    const essay_update_options *opt = options ? options : &none;
    so = so ? so : &defaults;
    shard_job job = { .path = path, .so = so, .opt = opt, .forget = corpus_path,
                      .started = essay__time_now() };
    return shards_run(path, so, &job, opt, sum, err);
}

essay_status essay_index_recorded(const char *path, char **roots, char **excludes, char **err)
{
    *roots = *excludes = NULL;
    essay_kind kind = essay_index_kind(path);
    if (kind != ESSAY_KIND_INDEX && kind != ESSAY_KIND_SHARDED)
        return essay__fail(err, ESSAY_NO_INDEX, "no index at '%s'", path);
    /* The shards all record the same. */
    char *where = kind == ESSAY_KIND_SHARDED ? shard_path(path, 0) : strdup(path), *language;
    if (where == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    essay_status st = essay__index_settings(where, &language, roots, excludes, &xe) == 0
                      ? ESSAY_OK : essay__fail_xc(err, &xe, where);
    free(language);
    free(where);
    if (st == ESSAY_OK && ((*roots == NULL && (*roots = strdup("")) == NULL)
                           || (*excludes == NULL && (*excludes = strdup("")) == NULL)))
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st != ESSAY_OK) {
        free(*roots);
        free(*excludes);
        *roots = *excludes = NULL;
    }
    return st;
}
