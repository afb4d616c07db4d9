/* sweep.c -- which essays an update removes: those recorded (in the main
 * database or its delta, delta.c) whose files it did not find again.
 *
 * An essay is recorded under the path of its file with links resolved
 * (update.c: two names of one file are one essay).  An update that walked
 * a directory removes the essays recorded under it that the walk did not
 * find, unless they lie under a directory kept (emptied, or a mount point
 * with nothing mounted: update.c keeps its essays).
 *
 * Links.  A file the walk reaches through a symbolic link (a directory of
 * links to the essays, a linked subdirectory) may resolve outside every
 * corpus path, where no directory's sweep looks: its record is marked
 * 'linked' (essay__linked(), index.c).  An update that walked every
 * corpus path removes the linked essays outside them all that it did not
 * find, their link gone or left out by an exclude; one of some of the
 * paths cannot tell whose link reached such an essay, and keeps it.
 * Forgetting a corpus path walks the paths that stay: the essays the
 * forgotten one held go but those they reach, which are marked linked
 * now, and when all of them are there to walk, the linked essays outside
 * them that they do not reach.
 * An essay added by the library outside any corpus path
 * (essay_index_add_file()) is not marked, and stays, unless a link of a
 * corpus path reaches it: from then on it is that link's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

/* Whether 'path' is one of 'roots' or lies under one of them. */
static int covered(const char *path, const essay_strlist *roots)
{
    for (size_t i = 0; i < roots->n; i++)
        if (essay__path_under(path, roots->items[i]))
            return 1;
    return 0;
}

int essay__linked(const char *path, const char *abs, const essay_strlist *roots)
{
    return strcmp(path, abs) != 0 && !covered(abs, roots);
}

typedef struct {
    xc_wdb *db;             /* whose records are read, or NULL: */
    xc_db *old;             /* those of this database, read only */
    const essay_sweep_scope *scope;
    int searchable;         /* only the essays with a paragraph (an empty one is recorded) */
    essay_strlist gone_ids;
    essay_strlist gone_paths;
    essay_strlist linked_ids;   /* scope->mark: the essays to mark linked, and their paths */
    essay_strlist linked_paths;
    int failed;
} sweep_ctx;

/* Whether the essay recorded at 'path' as 'rec' goes in a sweep of 'scope'. */
static int goes(const char *path, const essay_record *rec, const essay_sweep_scope *scope)
{
    if (covered(path, scope->keep))
        return 0;
    if (covered(path, scope->roots))
        return !essay__strlist_contains(scope->seen, path);
    return rec->linked && scope->outside && !covered(path, scope->outside)
           && !essay__strlist_contains(scope->seen, path);
}

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
    if ((c->db ? xc_wdb_get_metadata(c->db, k, &value, &vlen, &xe)
               : xc_db_get_metadata(c->old, k, &value, &vlen, &xe)) != 0) {
        c->failed = 1;
        return 1;
    }
    char *path = memchr(value, '\n', vlen);
    essay_record rec;
    if (path != NULL && essay__record_parse(value, vlen, &rec) == 0) {
        path++;
        /* size ... LF path LF title (store.c): a title is one line, while a
         * file name may hold LFs. */
        char *end = memrchr(path, '\n', vlen - (size_t)(path - value));
        if (end)
            *end = '\0';
        const essay_sweep_scope *scope = c->scope;
        int gone = goes(path, &rec, scope) && (rec.paragraphs > 0 || !c->searchable);
        int to_mark = !gone && scope->mark && !rec.linked && covered(path, scope->roots)
                      && !covered(path, scope->keep);
        essay_strlist *ids = gone ? &c->gone_ids : to_mark ? &c->linked_ids : NULL;
        essay_strlist *paths = gone ? &c->gone_paths : &c->linked_paths;
        if (ids && (essay__strlist_push(ids, strdup(k + strlen(ESSAY_META_ESSAY))) != 0
                    || essay__strlist_push(paths, strdup(path)) != 0))
            c->failed = 1;
    }
    free(value);
    return c->failed;
}

/* Gather into c->gone_ids and c->gone_paths the essays recorded in c->db
 * (or c->old) that a sweep of c->scope removes. */
static essay_status gone_essays(sweep_ctx *c, const char *index_path, char **err)
{
    xc_error xe;
    if ((c->db ? xc_wdb_each_metadata_key(c->db, ESSAY_META_ESSAY, sweep_record, c, &xe)
               : xc_db_each_metadata_key(c->old, ESSAY_META_ESSAY, sweep_record, c, &xe)) != 0)
        return essay__fail_xc(err, &xe, index_path);
    if (c->failed)
        return essay__fail(err, ESSAY_NOMEM, "out of memory reading the index's records");
    return ESSAY_OK;
}

static void sweep_ctx_clear(sweep_ctx *c)
{
    essay__strlist_clear(&c->gone_ids);
    essay__strlist_clear(&c->gone_paths);
    essay__strlist_clear(&c->linked_ids);
    essay__strlist_clear(&c->linked_paths);
}

/* Mark the record of essay 'id' (of the file 'path') linked. */
static essay_status mark_linked(essay_index *ix, const char *id, const char *path, char **err)
{
    essay_record rec;
    char *title = NULL;
    xc_error xe;
    essay_status st = essay__delta_writable(ix, err);
    if (st != ESSAY_OK)
        return st;
    int had = essay__record_get(ix, id, &rec, &title, &xe);
    if (had > 0 && title == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    rec.linked = 1;
    if (had < 0 || (had > 0 && essay__record_put(ix->wdb, id, &rec, path, title, &xe) != 0))
        st = essay__fail_xc(err, &xe, ix->path);
    free(title);
    return st;
}

essay_status essay__sweep(essay_index *ix, const essay_sweep_scope *scope,
                          const essay_update_options *opt, essay_update_summary *sum, char **err)
{
    sweep_ctx c = { .db = ix->wdb, .scope = scope };
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
    for (size_t i = 0; st == ESSAY_OK && !ix->dry_run && i < c.linked_ids.n; i++)
        st = mark_linked(ix, c.linked_ids.items[i], c.linked_paths.items[i], err);
    sweep_ctx_clear(&c);
    return st;
}

essay_status essay__sweep_finds(essay_index *ix, const essay_sweep_scope *scope, int *any,
                                char **err)
{
    sweep_ctx c = { .db = ix->wdb, .scope = scope };
    essay_status st = gone_essays(&c, ix->path, err);
    *any = c.gone_ids.n > 0;
    sweep_ctx_clear(&c);
    return st;
}

essay_status essay__essays_under(essay_index *ix, const char *root, size_t *n, char **err)
{
    char *item = (char *)root;
    const essay_strlist roots = { .items = &item, .n = 1 }, none = { 0 };
    const essay_sweep_scope all = { .roots = &roots, .seen = &none, .keep = &none };
    sweep_ctx c = { .db = ix->wdb, .scope = &all, .searchable = 1 };
    essay_status st = gone_essays(&c, ix->path, err);
    if (st == ESSAY_OK && ix->other) {
        c.db = ix->other;
        st = gone_essays(&c, ix->path, err);
    }
    *n = c.gone_ids.n;
    sweep_ctx_clear(&c);
    return st;
}

essay_status essay__rebuild_dropped(essay_index *ix, const essay_strlist *seen,
                                    const essay_update_options *opt, essay_update_summary *sum,
                                    char **err)
{
    char *everything = "/";
    const essay_strlist all = { .items = &everything, .n = 1 }, none = { 0 };
    const essay_sweep_scope scope = { .roots = &all, .seen = seen, .keep = &none };
    sweep_ctx c = { .scope = &scope };
    char *delta_path = essay__delta_path(ix->path);
    xc_error xe;
    xc_db *old = xc_db_open(ix->path, &xe);     /* none (a first build): nothing dropped */
    xc_db *delta = old && delta_path ? xc_db_open(delta_path, &xe) : NULL;
    essay_status st = ESSAY_OK;
    if (old != NULL) {
        c.old = old;
        st = gone_essays(&c, ix->path, err);
    }
    if (st == ESSAY_OK && delta != NULL && essay__delta_live(delta, old, 0)) {
        c.old = delta;
        st = gone_essays(&c, ix->path, err);
    }
    for (size_t i = 0; st == ESSAY_OK && i < c.gone_paths.n; i++) {
        sum->removed++;
        if (opt->report)
            opt->report(c.gone_paths.items[i], ESSAY_REMOVED, 0, NULL, opt->ctx);
    }
    xc_db_close(delta);
    xc_db_close(old);
    free(delta_path);
    sweep_ctx_clear(&c);
    return st;
}
