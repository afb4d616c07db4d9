/* update.c -- bring an index up to date with the essays on disk.
 *
 * The index records the corpus paths it was built from (metadata
 * ESSAY_META_ROOTS, one absolute path a line: a path holding a newline is
 * refused, as is one inside the index directory, which a rebuild replaces
 * whole: essay__corpus_paths_check).  An update walks those paths
 * (or the ones given, which it adds to the record), hands every essay file
 * to index.c, which re-indexes only what changed, and then removes the
 * essays recorded under a walked directory whose files are gone.  Files are
 * visited in sorted order so that two builds of the same corpus are the same
 * index, docid for docid.  Everything is committed once, at the end, to the
 * main database or, when the update changes nothing of it, to its delta
 * (delta.c; choose_database() decides before the first write).
 * Forgetting a corpus path sweeps it the same way, as if it held nothing,
 * but spares the essays another recorded path still covers.  Which essays
 * a sweep removes, those reached through links among them, is sweep.c's.
 * An update asked to stop (essay_update_options.stop) does so between
 * essays, before its commit, and commits nothing; in a sharded update, the
 * shards that committed already keep their changes, and no other starts.
 *
 * Excludes.  The index also records patterns of what to leave out
 * (ESSAY_META_EXCLUDE, one a line, kept like the corpus paths: in the live
 * delta, through a rebuild).  The walk skips a file or directory whose path
 * relative to the corpus directory, or whose name, one matches; an essay so
 * left out is not "seen", so the sweep removes it.  Likewise the extensions
 * of essay files (ESSAY_META_EXTENSIONS; unset: the default ones), which
 * the extensions an update is given replace.
 *
 * What an update keeps.  A corpus directory where the walk finds no file at
 * all while the index holds essays under it (emptied, or a mount point with
 * nothing mounted) is not swept: its essays stay, told of as a gone path's
 * are, until it is forgotten.  A rebuild, which keeps nothing of the old
 * index, reports as removed the old essays it did not find again.
 *
 * What an update says.  Each essay's change goes to the caller's report();
 * the warnings about an essay (index.c keeps them: essay_index_warnings) and a
 * recorded corpus path gone (or emptied) go to its notice(), the latter with
 * the essays that stay and the command that forgets it.  An essay that is not UTF-8
 * text gets, in its error, the command that excludes it.  Every shard of a
 * sharded update tells of a path gone with its own essays, and the caller
 * hears of it once, with them all.
 *
 * Shards.  An index may be shard K of N (metadata ESSAY_META_SHARD, "K/N",
 * recorded by the first update that asks for it, kept through a rebuild):
 * an update of it then takes only the essays whose id -- the FNV-1a hash of
 * the absolute path, links resolved -- is K mod N, and its sweep sees only
 * its own records, so an essay is added, changed or removed in exactly one
 * shard.  A sharded index, a directory of such shards, is updated by
 * shards.c, one process per shard, each through essay__update_index().
 *
 * The walk of the corpus is walk.c's; the files taken go to parts.c, which
 * indexes them (in parts, for a rebuild) and tells what became of each.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

/* An update folds the delta into the main database once the delta holds
 * more than 1/DELTA_SHARE of the main database's paragraphs (delta.c): a
 * small delta is what makes additions cheap. */
#define DELTA_SHARE 16

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

static essay_status list_get(essay_index *ix, const char *key, essay_strlist *items, char **err)
{
    char *value;
    essay_status st = list_read(ix, key, &value, err);
    if (st != ESSAY_OK)
        return st;
    char *save = NULL;
    for (char *line = strtok_r(value, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (essay__strlist_push(items, strdup(line)) != 0) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
    free(value);
    return st;
}

/* Record 'items' under the metadata 'key'; *written says whether they changed. */
static essay_status list_put(essay_index *ix, const char *key, const essay_strlist *items, int *written,
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
        && essay__store_put_list(ix->wdb, key, value, len, &xe) != 0)
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

/* The extensions the update 'opt' takes, in 'extensions': opt->extensions
 * when it gives them (the index then records them in place of its own),
 * else those the index records; empty: the default ones. */
static essay_status extensions_get(essay_index *ix, const essay_update_options *opt,
                                   essay_strlist *extensions, char **err)
{
    if (opt->extensions == NULL)
        return list_get(ix, ESSAY_META_EXTENSIONS, extensions, err);
    for (const char *const *e = opt->extensions; *e; e++) {
        if (**e == '\0' || strchr(*e, '\n') != NULL)
            return essay__fail(err, ESSAY_BAD_ARGUMENT, "an extension must be one line, not "
                               "empty");
        if (essay__strlist_push(extensions, strdup(*e)) != 0)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    return ESSAY_OK;
}

/* The items of 'l' as a NULL-terminated array (borrowing them), or NULL
 * when 'l' is empty or out of memory (*failed then set). */
static const char **strlist_array(const essay_strlist *l, int *failed)
{
    const char **a = l->n ? calloc(l->n + 1, sizeof *a) : NULL;
    *failed = l->n && a == NULL;
    for (size_t i = 0; a && i < l->n; i++)
        a[i] = l->items[i];
    return a;
}

/* The index's exclude patterns as the update 'opt' changes them, in
 * 'excludes': opt->forget_exclude dropped (each must be there), then
 * opt->exclude added (each once, in order). */
static essay_status excludes_get(essay_index *ix, const essay_update_options *opt,
                                 essay_strlist *excludes, char **err)
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
        else if (!known && essay__strlist_push(excludes, strdup(*g)) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    return st;
}

/* ---- removing essays whose files are gone ------------------------------- */

/* Whether the gone corpus path 'root' lies under another recorded path that
 * is a directory: that directory's sweep removes its essay, so it need not
 * be remembered (nor reported gone on every update). */
static int superseded(const char *root, const essay_strlist *recorded)
{
    struct stat sb;
    for (size_t i = 0; i < recorded->n; i++)
        if (strcmp(recorded->items[i], root) != 0 && essay__path_under(root, recorded->items[i])
            && stat(recorded->items[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            return 1;
    return 0;
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
    char *record = NULL, *sharded = NULL;
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
    } else if (opt->n_shards <= 1 && recorded_n == 0 && ix->rebuild_path
               && (sharded = essay__sharded_of(ix->path)) != NULL) {
        /* Rebuilt unsharded, it would take every essay, which the other shards hold too. */
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' is a shard of the sharded index "
                         "'%s', and which shard it is cannot be read from it: rebuild the "
                         "sharded index with: essay-index --rebuild --index %s DIR",
                         ix->path, sharded, sharded);
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
        snprintf(value, sizeof value, "%u/%u", *shard, *n);
        if (essay__store_put_shard(ix->wdb, value, &xe) != 0)
            st = essay__fail_xc(err, &xe, ix->path);
    }
    free(record);
    free(sharded);
    return st;
}

/* In 'resolved', each of 'files' resolved once (realpath(3); as named when
 * that fails: gone meanwhile, which indexing it says), the path its essay
 * is recorded under and its shard computed from (schema.c): two names of
 * one file are one essay, in one shard.  -1 when out of memory. */
static int resolve_files(const essay_strlist *files, essay_strlist *resolved)
{
    for (size_t i = 0; i < files->n; i++) {
        char *abs = realpath(files->items[i], NULL);
        if (abs == NULL && (errno == ENOMEM || (abs = strdup(files->items[i])) == NULL))
            return -1;
        if (essay__strlist_push(resolved, abs) != 0)
            return -1;
    }
    return 0;
}

/* Keep in 'files' (and 'resolved', in step) only the essays of shard
 * 'shard' of 'n'.  -1 when out of memory. */
static int keep_shard(essay_strlist *files, essay_strlist *resolved, unsigned shard, unsigned n)
{
    unsigned char *drop = calloc(files->n ? files->n : 1, 1);
    if (drop == NULL)
        return -1;
    for (size_t i = 0; i < files->n; i++)
        drop[i] = essay__essay_shard(resolved->items[i], n) != shard;
    essay__strlist_drop(files, drop);
    essay__strlist_drop(resolved, drop);
    free(drop);
    return 0;
}

int essay__tell_gone(const essay_update_options *opt, const char *index_name, const char *root,
                     int errnum, size_t essays)
{
    const char *why = errnum == 0 ? "holds no essays now (emptied, or nothing mounted there?)"
                      : errnum == ENOENT || errnum == ENOTDIR ? "gone (moved or removed?)"
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

/* The size of each file of 'files' (0 for one that cannot be read), malloc'd. */
static size_t *file_sizes(const essay_strlist *files)
{
    size_t *sizes = malloc((files->n ? files->n : 1) * sizeof *sizes);
    struct stat sb;
    for (size_t i = 0; sizes && i < files->n; i++)
        sizes[i] = stat(files->items[i], &sb) == 0 ? (size_t)sb.st_size : 0;
    return sizes;
}

/* Where this update writes (delta.c): to the delta when it changes nothing
 * of the main database -- no file recorded there changed or went -- and the
 * delta is small, else to the main database.  'sweep': what the update
 * removes (NULL: nothing); 'recorded': the corpus paths. */
static essay_status choose_database(essay_index *ix, const essay_update_options *opt,
                                    unsigned n_shards, const essay_strlist *files,
                                    const essay_strlist *resolved, const essay_strlist *recorded,
                                    const essay_sweep_scope *sweep, char **err)
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
        int changed = essay__index_main_changed(
            ix, resolved->items[i], essay__linked(files->items[i], resolved->items[i], recorded),
            &xe);
        if (changed < 0)
            return essay__fail_xc(err, &xe, ix->path);
        use = !changed;
    }
    int gone = 0;
    essay_status st = use && sweep ? essay__sweep_finds(ix, sweep, &gone, err) : ESSAY_OK;
    use = use && !gone;
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
static int remember_root(essay_strlist *roots, const char *abs)
{
    for (size_t i = 0; i < roots->n; i++)
        if (strcmp(roots->items[i], abs) == 0)
            return 0;
    return essay__strlist_push(roots, strdup(abs));
}

/* The item of 'recorded' that the corpus path 'path' names (as it is, or
 * made absolute), or NULL. */
static const char *recorded_as(const essay_strlist *recorded, const char *path)
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
static essay_status unwalkable(essay_index *ix, const essay_update_run *run, const char *path,
                               const essay_strlist *recorded, int errnum, const struct stat *sb,
                               int walk_errors, essay_update_summary *sum, char **err)
{
    const essay_update_options *opt = run->opt;
    const char *root = errnum ? recorded_as(recorded, path) : NULL;
    if (walk_errors)
        essay__summary_count(sum, ESSAY_SKIPPED);
    if (root) {
        size_t essays;
        essay_status st = essay__essays_under(ix, root, &essays, err);
        if (st == ESSAY_OK && essay__tell_gone(opt, run->index_name, root, errnum, essays) != 0)
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

/* Whether 'l' holds a path under 'root'. */
static int any_under(const essay_strlist *l, const char *root)
{
    for (size_t i = 0; i < l->n; i++)
        if (essay__path_under(l->items[i], root))
            return 1;
    return 0;
}

/* Whether 'l' holds a path that resolves under 'root': the walk takes a
 * directory once, by the first name that reaches it, so the files of a
 * corpus directory a link reached first are named by the link. */
static int any_resolved_under(const essay_strlist *l, const char *root)
{
    int under = 0;
    for (size_t i = 0; i < l->n && !under; i++) {
        char *abs = realpath(l->items[i], NULL);
        under = abs && essay__path_under(abs, root);
        free(abs);
    }
    return under;
}

/* Of the corpus directories 'walked', those where the walk 'w' found no
 * file at all (none taken, none left out) while the index holds essays
 * under them: emptied, or a mount point with nothing mounted.  Their
 * essays are kept (in 'keep', which the sweep spares) and told of as a gone
 * path's are, with the command that forgets them; counted as skipped unless
 * 'walk_errors' is 0.  A rebuild keeps nothing (its old essays are not in
 * the index it writes). */
static essay_status keep_emptied(essay_index *ix, const essay_update_run *run,
                                 const essay_strlist *walked, const essay_walker *w,
                                 int walk_errors, essay_strlist *keep, essay_update_summary *sum,
                                 char **err)
{
    essay_status st = ESSAY_OK;
    struct stat sb;
    for (size_t i = 0; st == ESSAY_OK && !ix->rebuild_path && i < walked->n; i++) {
        const char *root = walked->items[i];
        size_t essays = 0;
        if (stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode) || any_under(&w->files, root)
            || any_under(&w->excluded, root) || any_resolved_under(&w->files, root)
            || (st = essay__essays_under(ix, root, &essays, err)) != ESSAY_OK || essays == 0)
            continue;
        if (essay__strlist_push(keep, strdup(root)) != 0
            || essay__tell_gone(run->opt, run->index_name, root, 0, essays) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        if (walk_errors)
            essay__summary_count(sum, ESSAY_SKIPPED);
    }
    return st;
}

/* In 'seen', sorted, the files an update found: as reached ('files') and
 * resolved ('resolved'), where their essays are recorded.  -1 when out of
 * memory. */
static int found_files(const essay_strlist *files, const essay_strlist *resolved,
                       essay_strlist *seen)
{
    for (size_t i = 0; i < files->n; i++)
        if (essay__strlist_push(seen, strdup(files->items[i])) != 0
            || essay__strlist_push(seen, strdup(resolved->items[i])) != 0)
            return -1;
    essay__strlist_sort(seen);
    essay__strlist_unique(seen);
    return 0;
}

/* Whether every corpus path of 'recorded' is one of 'reached' (sorted here). */
static int every_root_reached(const essay_strlist *recorded, essay_strlist *reached)
{
    essay__strlist_sort(reached);
    for (size_t i = 0; i < recorded->n; i++)
        if (!essay__strlist_contains(reached, recorded->items[i]))
            return 0;
    return 1;
}

essay_status essay__update_index(essay_index *ix, const char *const *paths, size_t n,
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
    essay_strlist recorded = { 0 }, walked = { 0 }, kept = { 0 }, excludes = { 0 };
    essay_strlist extensions = { 0 };
    essay_walker w = { .excludes = &excludes };
    essay_strlist reached = { 0 };  /* the corpus paths walked or taken, resolved */
    essay_update_run run = { .opt = opt, .index_name = index_name, .walked = &walked,
                             .recorded = &recorded };
    unsigned shard, n_shards;
    essay_status st = resolve_shard(ix, opt, &shard, &n_shards, err);
    if (st == ESSAY_OK)
        st = list_get(ix, ESSAY_META_ROOTS, &recorded, err);
    if (st == ESSAY_OK)
        st = excludes_get(ix, opt, &excludes, err);
    if (st == ESSAY_OK)
        st = extensions_get(ix, opt, &extensions, err);
    int failed = 0;
    const char **wanted = strlist_array(&extensions, &failed);
    w.extensions = wanted;
    if (st == ESSAY_OK && failed)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
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
        if ((paths != NULL && n > 0 && todo == paths && remember_root(&recorded, abs) != 0)
            || essay__strlist_push(&reached, strdup(abs)) != 0) {
            free(abs);
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
        /* Only a directory can have lost essays: only directories are swept,
         * and the files left out, whose essays go. */
        const char *name = strrchr(abs, '/') + 1;
        if (S_ISDIR(sb.st_mode)) {
            w.root_len = strlen(abs);
            if (!essay__seen_directory(&w, &sb) && essay__walk_directory(&w, abs) != 0)
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            if (essay__strlist_push(&walked, abs) != 0)
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        } else if (essay__excluded(&excludes, name, name)) {
            if (essay__strlist_push(&walked, abs) != 0)
                st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        } else if (essay__strlist_push(&w.files, abs) != 0) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        }
    }
    if (drop)
        essay__strlist_drop(&recorded, drop);
    free(drop);
    if (st == ESSAY_OK)
        st = keep_emptied(ix, &run, &walked, &w, walk_errors, &kept, sum, err);
    /* A file left out where one walk found it is left out wherever else. */
    essay__strlist_sort(&w.excluded);
    unsigned char *left_out = calloc(w.files.n ? w.files.n : 1, 1);
    if (left_out == NULL && st == ESSAY_OK)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; left_out && i < w.files.n; i++)
        left_out[i] = (unsigned char)essay__strlist_contains(&w.excluded, w.files.items[i]);
    if (left_out)
        essay__strlist_drop(&w.files, left_out);
    free(left_out);
    for (size_t i = 0; walk_errors && i < w.errors.n; i++) {
        essay__summary_count(sum, ESSAY_SKIPPED);
        if (opt->report)
            opt->report(w.error_paths.items[i], ESSAY_SKIPPED, 0, w.errors.items[i], opt->ctx);
    }
    /* Broken links: every update would meet them again, unless left out. */
    for (size_t i = 0; walk_errors && i < w.broken.n; i++) {
        essay__summary_count(sum, ESSAY_SKIPPED);
        char *hinted = essay__with_exclude_hint(w.broken.items[i], w.broken_paths.items[i], &run);
        if (opt->report)
            opt->report(w.broken_paths.items[i], ESSAY_SKIPPED, 0,
                        hinted ? hinted : w.broken.items[i], opt->ctx);
        free(hinted);
    }
    /* A file reached twice (a file given inside a directory given) counts once. */
    essay__strlist_sort(&w.files);
    essay__strlist_unique(&w.files);
    essay_strlist resolved = { 0 };
    if (st == ESSAY_OK && resolve_files(&w.files, &resolved) != 0)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st == ESSAY_OK && n_shards > 1 && keep_shard(&w.files, &resolved, shard, n_shards) != 0)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    size_t *sizes = st == ESSAY_OK ? file_sizes(&w.files) : NULL;
    if (st == ESSAY_OK && sizes == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    size_t bytes = 0;
    for (size_t i = 0; st == ESSAY_OK && i < w.files.n; i++)
        bytes += sizes[i];
    if (st == ESSAY_OK && opt->planned)
        opt->planned(w.files.n, bytes, opt->ctx);
    essay_strlist seen = { 0 };
    if (st == ESSAY_OK && found_files(&w.files, &resolved, &seen) != 0)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    const essay_sweep_scope scope = {
        .roots = &walked, .seen = &seen, .keep = &kept,
        .outside = kept.n == 0 && every_root_reached(&recorded, &reached) ? &recorded : NULL,
    };
    int sweeping = w.errors.n == 0 && (walked.n > 0 || scope.outside);
    if (st == ESSAY_OK)
        st = choose_database(ix, opt, n_shards, &w.files, &resolved, &recorded,
                             sweeping ? &scope : NULL, err);
    if (st == ESSAY_OK)
        st = essay__index_files(ix, &w.files, &resolved, sizes, bytes, &run, sum, err);
    free(sizes);
    /* Asked to stop: nothing is committed.  Past this point the update is
     * a sweep and a commit, quickly done. */
    if (st == ESSAY_OK && essay__stopping(opt))
        st = interrupted(ix, err);
    /* A directory that could not be read completely must not lose its essays. */
    if (st == ESSAY_OK && sweeping)
        st = essay__sweep(ix, &scope, opt, sum, err);
    if (st == ESSAY_OK && ix->rebuild_path)
        st = essay__rebuild_dropped(ix, &seen, opt, sum, err);
    int roots_written = 0, excludes_written = 0, extensions_written = 0;
    if (st == ESSAY_OK)
        st = list_put(ix, ESSAY_META_ROOTS, &recorded, &roots_written, err);
    if (st == ESSAY_OK)
        st = list_put(ix, ESSAY_META_EXCLUDE, &excludes, &excludes_written, err);
    if (st == ESSAY_OK)
        st = list_put(ix, ESSAY_META_EXTENSIONS, &extensions, &extensions_written, err);
    if (st == ESSAY_OK)
        st = essay__log_write(ix, &log, "update", sum,
                              roots_written || excludes_written || extensions_written, err);
    if (st == ESSAY_OK && !opt->dry_run)
        st = essay_index_commit(ix, err);
    essay__log_clear(&log);
    essay__strlist_clear(&recorded);
    essay__strlist_clear(&walked);
    essay__strlist_clear(&kept);
    essay__strlist_clear(&excludes);
    free(wanted);
    essay__strlist_clear(&extensions);
    essay__strlist_clear(&resolved);
    essay__strlist_clear(&seen);
    essay__strlist_clear(&reached);
    essay__walker_clear(&w);
    free(ignored);
    return st;
}

essay_status essay_index_update(essay_index *ix, const char *const *paths, size_t n,
                                const essay_update_options *options, essay_update_summary *sum,
                                char **err)
{
    static const essay_update_options none = { 0 };
    memset(sum, 0, sizeof *sum);
    essay_status st = essay__corpus_paths_check(ix->path, paths, n, err);
    return st != ESSAY_OK ? st : essay__update_index(ix, paths, n, options ? options : &none,
                                                     ix->path, 1, sum, err);
}

/* In 'seen' (found_files()), the essay files that an update of the corpus
 * paths 'roots' would find (with the excludes and extensions the index
 * records), and in *whole whether it would find them all: every path
 * there and read.  A forget's view of the paths that stay. */
static essay_status walk_kept(essay_index *ix, const essay_update_options *opt,
                              const essay_strlist *roots, essay_strlist *seen, int *whole,
                              char **err)
{
    essay_strlist extensions = { 0 }, excludes = { 0 }, resolved = { 0 };
    essay_walker w = { .excludes = &excludes };
    int failed = 0;
    essay_status st = excludes_get(ix, opt, &excludes, err);
    if (st == ESSAY_OK)
        st = extensions_get(ix, opt, &extensions, err);
    const char **wanted = strlist_array(&extensions, &failed);
    w.extensions = wanted;
    *whole = 1;
    for (size_t i = 0; st == ESSAY_OK && !failed && i < roots->n; i++) {
        char *abs = realpath(roots->items[i], NULL);
        struct stat sb;
        if (abs == NULL || stat(abs, &sb) != 0) {
            *whole = 0;
        } else if (S_ISDIR(sb.st_mode)) {
            w.root_len = strlen(abs);
            failed = !essay__seen_directory(&w, &sb) && essay__walk_directory(&w, abs) != 0;
        } else if (S_ISREG(sb.st_mode)) {
            failed = essay__strlist_push(&w.files, strdup(abs)) != 0;
        }
        free(abs);
    }
    *whole = *whole && w.errors.n == 0;
    if (st == ESSAY_OK && (failed || resolve_files(&w.files, &resolved) != 0
                           || found_files(&w.files, &resolved, seen) != 0))
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    free(wanted);
    essay__strlist_clear(&extensions);
    essay__strlist_clear(&excludes);
    essay__strlist_clear(&resolved);
    essay__walker_clear(&w);
    return st;
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
    essay_strlist recorded = { 0 }, kept = { 0 }, forgotten = { 0 }, seen = { 0 };
    essay_status st = list_get(ix, ESSAY_META_ROOTS, &recorded, err);
    for (size_t i = 0; st == ESSAY_OK && i < recorded.n; i++) {
        int match = strcmp(recorded.items[i], abs) == 0 || strcmp(recorded.items[i], path) == 0;
        if (essay__strlist_push(match ? &forgotten : &kept, strdup(recorded.items[i])) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (st == ESSAY_OK && forgotten.n == 0)
        st = essay__fail(err, ESSAY_IO, "'%s' is not a recorded corpus path", path);
    /* Essays another remembered path covers or reaches through a link stay;
     * the others the forgotten path held go, and when every path that
     * stays is there to walk, those reached through links no path reaches
     * now. */
    int whole = 0;
    if (st == ESSAY_OK)
        st = walk_kept(ix, opt, &kept, &seen, &whole, err);
    const essay_sweep_scope scope = { .roots = &forgotten, .seen = &seen, .keep = &kept,
                                      .outside = whole ? &kept : NULL, .mark = 1 };
    if (st == ESSAY_OK)
        st = essay__sweep(ix, &scope, opt, sum, err);
    int roots_written = 0;
    if (st == ESSAY_OK)
        st = list_put(ix, ESSAY_META_ROOTS, &kept, &roots_written, err);
    if (st == ESSAY_OK)
        st = essay__log_write(ix, &log, "forget", sum, roots_written, err);
    essay__log_clear(&log);
    free(abs);
    essay__strlist_clear(&recorded);
    essay__strlist_clear(&kept);
    essay__strlist_clear(&forgotten);
    essay__strlist_clear(&seen);
    return st;
}

