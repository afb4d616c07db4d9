/* update.c -- bring an index up to date with the essays on disk.
 *
 * The index records the corpus paths it was built from (metadata
 * ESSAY_META_ROOTS, one absolute path a line).  An update walks those paths
 * (or the ones given, which it adds to the record), hands every essay file
 * to index.c, which re-indexes only what changed, and then removes the
 * essays recorded under a walked directory whose files are gone.  Files are
 * visited in sorted order so that two builds of the same corpus are the same
 * index, docid for docid.  Everything is committed once, at the end.
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
#include "private.h"

static const char *const default_extensions[] = { "txt", "md", NULL };

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

static int strlist_contains(const strlist *sorted, const char *s)
{
    return sorted->n && bsearch(&s, sorted->items, sorted->n, sizeof *sorted->items,
                                compare_strings) != NULL;
}

/* ---- walking directories ------------------------------------------------ */

typedef struct {
    const char *const *extensions;
    strlist files;
    strlist errors;         /* "path: why" for directories that could not be read */
    dev_t *dirs_dev;        /* directories already walked, to detect loops */
    ino_t *dirs_ino;
    size_t n_dirs, cap_dirs;
} walker;

static int skipped_name(const char *name)
{
    size_t len = strlen(name);
    return name[0] == '.' || name[len - 1] == '~' || (name[0] == '#' && name[len - 1] == '#')
           || fnmatch("*.sw[a-p]", name, 0) == 0 || fnmatch("*.bak", name, 0) == 0;
}

static int wanted_extension(const walker *w, const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return 0;
    for (const char *const *e = w->extensions; *e; e++)
        if (strcasecmp(dot + 1, *e) == 0)
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
    return strlist_push(&w->errors, msg);
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
        if (!skipped_name(e->d_name) && strlist_push(&names, strdup(e->d_name)) != 0) {
            rc = -1;
            break;
        }
    closedir(d);
    qsort(names.items, names.n, sizeof *names.items, compare_strings);
    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        char *path;
        if (asprintf(&path, "%s/%s", dir, names.items[i]) < 0) {
            rc = -1;
            break;
        }
        struct stat st;
        if (stat(path, &st) != 0) {
            rc = walk_error(w, path, errno);
        } else if (S_ISDIR(st.st_mode)) {
            if (!seen_directory(w, &st))
                rc = walk_directory(w, path);
        } else if (S_ISREG(st.st_mode) && wanted_extension(w, names.items[i])) {
            rc = strlist_push(&w->files, path);
            path = NULL;
        }
        free(path);
    }
    strlist_clear(&names);
    return rc;
}

/* ---- the record of corpus paths ---------------------------------------- */

static essay_status roots_get(essay_index *ix, strlist *roots, char **err)
{
    char *value;
    size_t len;
    xc_error xe;
    if (xc_wdb_get_metadata(ix->wdb, ESSAY_META_ROOTS, &value, &len, &xe) != 0)
        return essay__fail_xc(err, &xe, ix->path);
    essay_status st = ESSAY_OK;
    char *save = NULL;
    for (char *line = strtok_r(value, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (strlist_push(roots, strdup(line)) != 0) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
    free(value);
    return st;
}

static essay_status roots_put(essay_index *ix, const strlist *roots, char **err)
{
    size_t len = 0;
    for (size_t i = 0; i < roots->n; i++)
        len += strlen(roots->items[i]) + 1;
    char *value = malloc(len + 1), *p = value;
    if (value == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; i < roots->n; i++)
        p += sprintf(p, "%s\n", roots->items[i]);
    xc_error xe;
    essay_status st = ESSAY_OK;
    if (!ix->dry_run && xc_wdb_set_metadata(ix->wdb, ESSAY_META_ROOTS, value, len, &xe) != 0)
        st = essay__fail_xc(err, &xe, ix->path);
    free(value);
    return st;
}

essay_status essay_index_roots(essay_index *ix, char **out, char **err)
{
    size_t len;
    xc_error xe;
    *out = NULL;
    if (xc_wdb_get_metadata(ix->wdb, ESSAY_META_ROOTS, out, &len, &xe) != 0)
        return essay__fail_xc(err, &xe, ix->path);
    return ESSAY_OK;
}

/* ---- removing essays whose files are gone ------------------------------- */

static int under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/' || root[n - 1] == '/');
}

typedef struct {
    essay_index *ix;
    const strlist *roots;   /* walked roots */
    const strlist *seen;    /* sorted paths of the essays found there */
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
    if (xc_wdb_get_metadata(c->ix->wdb, k, &value, &vlen, &xe) != 0) {
        c->failed = 1;
        return 1;
    }
    char *path = memchr(value, '\n', vlen);
    if (path != NULL) {
        path++;
        char *end = strchr(path, '\n');
        if (end)
            *end = '\0';
        int in_walk = 0;
        for (size_t i = 0; i < c->roots->n && !in_walk; i++)
            in_walk = under(path, c->roots->items[i]);
        if (in_walk && !strlist_contains(c->seen, path)) {
            if (strlist_push(&c->gone_ids, strdup(k + strlen(ESSAY_META_ESSAY))) != 0
                || strlist_push(&c->gone_paths, strdup(path)) != 0)
                c->failed = 1;
        }
    }
    free(value);
    return c->failed;
}

static essay_status sweep(essay_index *ix, const strlist *roots, const strlist *seen,
                          const essay_update_options *opt, essay_update_summary *sum, char **err)
{
    sweep_ctx c = { .ix = ix, .roots = roots, .seen = seen };
    xc_error xe;
    essay_status st = ESSAY_OK;
    if (xc_wdb_each_metadata_key(ix->wdb, ESSAY_META_ESSAY, sweep_record, &c, &xe) != 0)
        st = essay__fail_xc(err, &xe, ix->path);
    else if (c.failed)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory reading the index's records");
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
 * counted, and the update goes on.  Returns the status only when fatal. */
static essay_status update_file(essay_index *ix, const char *path, const essay_update_options *opt,
                                essay_update_summary *sum, char **err)
{
    essay_change change;
    size_t paragraphs;
    char *msg = NULL;
    struct stat st;
    size_t bytes = stat(path, &st) == 0 ? (size_t)st.st_size : 0;
    essay_status s = essay_index_add_file(ix, path, &change, &paragraphs, &msg);
    if (s == ESSAY_NOMEM || s == ESSAY_XAPIAN) {
        *err = msg;
        return s;
    }
    count(sum, change);
    if (change == ESSAY_ADDED || change == ESSAY_UPDATED) {
        sum->paragraphs += paragraphs;
        sum->bytes += bytes;
    }
    if (opt->report)
        opt->report(path, change, bytes, s == ESSAY_OK ? NULL : msg ? msg : essay_strerror(s),
                    opt->ctx);
    free(msg);
    return ESSAY_OK;
}

/* Add 'abs' to 'roots' unless it is there. */
static int remember_root(strlist *roots, const char *abs)
{
    for (size_t i = 0; i < roots->n; i++)
        if (strcmp(roots->items[i], abs) == 0)
            return 0;
    return strlist_push(roots, strdup(abs));
}

essay_status essay_index_update(essay_index *ix, const char *const *paths, size_t n,
                                const essay_update_options *options, essay_update_summary *sum,
                                char **err)
{
    static const essay_update_options none = { 0 };
    const essay_update_options *opt = options ? options : &none;
    char *ignored = NULL;
    if (err == NULL)
        err = &ignored;
    memset(sum, 0, sizeof *sum);
    ix->dry_run = opt->dry_run;
    strlist recorded = { 0 }, walked = { 0 };
    walker w = { .extensions = opt->extensions ? opt->extensions : default_extensions };
    essay_status st = roots_get(ix, &recorded, err);
    const char *const *todo = paths;
    if (st == ESSAY_OK && n == 0) {
        todo = (const char *const *)recorded.items;
        n = recorded.n;
    }
    for (size_t i = 0; st == ESSAY_OK && i < n; i++) {
        char *abs = realpath(todo[i], NULL);
        struct stat sb;
        if (abs == NULL || stat(abs, &sb) != 0) {
            /* A corpus path that is gone: its essays stay until --forget. */
            count(sum, ESSAY_SKIPPED);
            char *msg = NULL;
            if (asprintf(&msg, "%s: %s", todo[i], strerror(errno)) < 0)
                msg = NULL;
            else if (opt->report)
                opt->report(todo[i], ESSAY_SKIPPED, 0, msg, opt->ctx);
            free(msg);
            free(abs);
            continue;
        }
        if (paths != NULL && n > 0 && todo == paths && remember_root(&recorded, abs) != 0) {
            free(abs);
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
        if (S_ISDIR(sb.st_mode)) {
            if (!seen_directory(&w, &sb) && walk_directory(&w, abs) != 0)
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        } else if (strlist_push(&w.files, strdup(abs)) != 0) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        }
        if (strlist_push(&walked, abs) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < w.errors.n; i++) {
        count(sum, ESSAY_SKIPPED);
        if (opt->report)
            opt->report(w.errors.items[i], ESSAY_SKIPPED, 0, w.errors.items[i], opt->ctx);
    }
    for (size_t i = 0; st == ESSAY_OK && i < w.files.n; i++)
        st = update_file(ix, w.files.items[i], opt, sum, err);
    if (st == ESSAY_OK) {
        qsort(w.files.items, w.files.n, sizeof *w.files.items, compare_strings);
        /* A directory that could not be read completely must not lose its essays. */
        if (w.errors.n == 0)
            st = sweep(ix, &walked, &w.files, opt, sum, err);
    }
    if (st == ESSAY_OK)
        st = roots_put(ix, &recorded, err);
    if (st == ESSAY_OK && !opt->dry_run)
        st = essay_index_commit(ix, err);
    strlist_clear(&recorded);
    strlist_clear(&walked);
    strlist_clear(&w.files);
    strlist_clear(&w.errors);
    free(w.dirs_dev);
    free(w.dirs_ino);
    free(ignored);
    return st;
}

essay_status essay_index_forget(essay_index *ix, const char *path, essay_update_summary *sum,
                                char **err)
{
    memset(sum, 0, sizeof *sum);
    char *abs = realpath(path, NULL);
    if (abs == NULL && (abs = strdup(path)) == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    strlist recorded = { 0 }, kept = { 0 }, walked = { 0 }, none = { 0 };
    essay_status st = roots_get(ix, &recorded, err);
    int found = 0;
    for (size_t i = 0; st == ESSAY_OK && i < recorded.n; i++) {
        if (strcmp(recorded.items[i], abs) == 0 || strcmp(recorded.items[i], path) == 0)
            found = 1;
        else if (strlist_push(&kept, strdup(recorded.items[i])) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (st == ESSAY_OK && !found)
        st = essay__fail(err, ESSAY_IO, "'%s' is not a recorded corpus path", path);
    static const essay_update_options quiet = { 0 };
    if (st == ESSAY_OK && strlist_push(&walked, abs) == 0) {
        abs = NULL;
        st = sweep(ix, &walked, &none, &quiet, sum, err);
    }
    if (st == ESSAY_OK)
        st = roots_put(ix, &kept, err);
    free(abs);
    strlist_clear(&recorded);
    strlist_clear(&kept);
    strlist_clear(&walked);
    return st;
}
