/* watch.c -- keep an index current: watch its corpus paths with inotify and
 * update it when essays change (essay_watch_open(), essay_watch_run()).
 *
 * What is watched: every directory of the tree of each remembered directory
 * (links followed, as the update's walk follows them; a directory reached
 * twice is watched once), less what the walk passes over (hidden
 * directories) and the index itself with what is built beside it; and the
 * directory of each remembered file, or of a remembered path that is gone,
 * for that one name.  The watches follow the tree: a directory made or
 * moved into it is watched (its whole tree), one removed or moved out of
 * it is left; a remembered directory that is removed or moved, an event
 * queue that overflowed, or a remembered path added or forgotten by
 * another essay-index (read after each update) have the whole set made
 * again.
 *
 * What counts (the policy): an essay file (a name the walk takes, with a
 * wanted extension) written and closed, made, moved in or out, or removed;
 * a directory made, moved or removed; a remembered path's own name.  So an
 * editor that saves by writing a temporary file and renaming it over the
 * essay is one change, the rename, and its backup, swap and lock files
 * count for nothing.  Each change starts or extends a wait: the update runs
 * once no change came for quiet_ms, or max_wait_ms after the first, so a
 * burst of saves is one update.  The update is the one essay-index runs
 * without a path (essay_index_update() with n == 0, or
 * essay_shards_update()): it walks the remembered paths and reads only what
 * changed, writing new essays to the delta, so it is small, and it writes
 * nothing when nothing changed.  Watching decides when, the update what.
 *
 * When the system's limit of watches (fs.inotify.max_user_watches) or
 * max_watches is reached, or inotify cannot be had at all, the directories
 * left unwatched are covered by an update every rescan_ms, and the caller
 * is told once.
 *
 * The wait looks at *stop at least every STOP_CHECK_MS, and never during an
 * update (essay_update_options.stop is not passed on): a stop lets the
 * update under way reach its commit, and ends the watch after it.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "private.h"

#define QUIET_MS 300
#define MAX_WAIT_MS 2000
#define RESCAN_MS 30000
#define STOP_CHECK_MS 250   /* the longest a wait goes without looking at *stop */

/* What a watched directory reports: changes of its entries, and its own end. */
#define EVENTS (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO \
                | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)

typedef struct {
    char *path;             /* the directory watched, or NULL: no watch of this number */
    int tree;               /* in the tree of a remembered directory (else the directory of
                               a remembered file, for that name only) */
} watched;

struct essay_watch {
    char *path;             /* the index */
    char *index_abs;        /* the index, absolute: changes in and beside it do not count */
    essay_watch_options opt;
    char **extensions;      /* those the index records (NULL-terminated); NULL: the default */
    size_t n_extensions;
    int fd;                 /* inotify, or -1 when there is none */
    watched *dirs;          /* by watch descriptor */
    size_t cap, n_watched;
    char **roots;           /* the remembered corpus paths */
    size_t n_roots;
    int limited;            /* some directories are not watched: rescans cover them */
    int no_inotify;         /* errno of inotify_init1(), which failed; else 0 */
    int told;               /* the caller was told so */
    int rewatch;            /* the set of watches must be made again */
    int pending;            /* a change waits for its update */
    double first, last;     /* when the first and the last change of the wait came (ms) */
    double next_rescan;     /* when the next rescan is due (ms), if limited */
};

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void changed(essay_watch *w)
{
    double t = now_ms();
    if (!w->pending)
        w->first = t;
    w->pending = 1;
    w->last = t;
}

/* Whether 'path' is the index, inside it, or beside it (PATH.rebuild ...). */
static int index_own(const essay_watch *w, const char *path)
{
    size_t n = strlen(w->index_abs);
    return strncmp(path, w->index_abs, n) == 0
           && (path[n] == '\0' || path[n] == '/' || path[n] == '.');
}

static int is_root(const essay_watch *w, const char *path)
{
    for (size_t i = 0; i < w->n_roots; i++)
        if (strcmp(w->roots[i], path) == 0)
            return 1;
    return 0;
}

/* ---- the set of watches ------------------------------------------------- */

static void limit_reached(essay_watch *w)
{
    if (!w->limited)
        w->next_rescan = now_ms() + w->opt.rescan_ms;
    w->limited = 1;
}

/* Watch the directory 'dir'.  Returns 1 when it is newly watched (or, for
 * 'tree', newly as part of a tree), 0 when it was already (another name for
 * it) or cannot be (the limit: w->limited). */
static int add_watch(essay_watch *w, const char *dir, int tree)
{
    if (w->fd < 0 || (w->opt.max_watches && w->n_watched >= w->opt.max_watches)) {
        limit_reached(w);
        return 0;
    }
    int wd = inotify_add_watch(w->fd, dir, EVENTS);
    if (wd < 0) {
        if (errno == ENOSPC || errno == ENOMEM)
            limit_reached(w);
        return 0;   /* else gone meanwhile, or unreadable: the update says so */
    }
    if ((size_t)wd >= w->cap) {
        size_t cap = (size_t)wd * 2 + 16;
        watched *dirs = realloc(w->dirs, cap * sizeof *dirs);
        if (dirs == NULL) {
            inotify_rm_watch(w->fd, wd);
            limit_reached(w);
            return 0;
        }
        memset(dirs + w->cap, 0, (cap - w->cap) * sizeof *dirs);
        w->dirs = dirs;
        w->cap = cap;
    }
    watched *d = &w->dirs[wd];
    if (d->path != NULL) {
        int grown = tree && !d->tree;  /* watched for a file's name until now */
        d->tree |= tree;
        return grown;
    }
    if ((d->path = strdup(dir)) == NULL) {
        inotify_rm_watch(w->fd, wd);
        limit_reached(w);
        return 0;
    }
    d->tree = tree;
    w->n_watched++;
    return 1;
}

/* Watch the tree of directory 'dir', as the update walks it. */
static void watch_tree(essay_watch *w, const char *dir)
{
    if (index_own(w, dir) || !add_watch(w, dir, 1))
        return;
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *child;
        struct stat sb;
        if (essay__skipped_name(e->d_name) || asprintf(&child, "%s/%s", dir, e->d_name) < 0)
            continue;
        if (stat(child, &sb) == 0 && S_ISDIR(sb.st_mode))
            watch_tree(w, child);
        free(child);
    }
    closedir(d);
}

/* Leave the directory 'path' and every one under it; returns how many
 * directories were watched there. */
static size_t unwatch_tree(essay_watch *w, const char *path)
{
    size_t n = strlen(path), left = 0;
    for (size_t wd = 0; wd < w->cap; wd++) {
        watched *d = &w->dirs[wd];
        if (d->path && strncmp(d->path, path, n) == 0 && (d->path[n] == '\0' || d->path[n] == '/')) {
            inotify_rm_watch(w->fd, (int)wd);
            free(d->path);
            d->path = NULL;
            w->n_watched--;
            left++;
        }
    }
    return left;
}

/* Watch the directory of 'path', a remembered file or a gone path, for its name. */
static void watch_parent(essay_watch *w, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *parent = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : NULL;
    struct stat sb;
    if (parent && stat(parent, &sb) == 0 && S_ISDIR(sb.st_mode))
        add_watch(w, parent, 0);
    free(parent);
}

static void drop_watches(essay_watch *w)
{
    if (w->fd >= 0)
        close(w->fd);   /* and every watch with it */
    w->fd = -1;
    for (size_t wd = 0; wd < w->cap; wd++) {
        free(w->dirs[wd].path);
        w->dirs[wd].path = NULL;
    }
    w->n_watched = 0;
}

static void drop_roots(essay_watch *w)
{
    for (size_t i = 0; i < w->n_roots; i++)
        free(w->roots[i]);
    free(w->roots);
    w->roots = NULL;
    w->n_roots = 0;
}

/* Read again the extensions the index records, which decide what changes
 * are of essays (an update may have recorded others). */
static void read_extensions(essay_watch *w)
{
    for (size_t i = 0; i < w->n_extensions; i++)
        free(w->extensions[i]);
    free(w->extensions);
    if (essay__recorded_read(w->path, ESSAY_META_EXTENSIONS, &w->extensions, &w->n_extensions,
                             NULL) != ESSAY_OK || w->n_extensions == 0) {
        free(w->extensions);
        w->extensions = NULL;
        w->n_extensions = 0;
    }
}

/* Tell the caller, once, that some directories are not watched. */
static void tell_limit(essay_watch *w)
{
    if (!w->limited || w->told || w->opt.notice == NULL)
        return;
    w->told = 1;
    char *msg = NULL;
    FILE *f = fopen("/proc/sys/fs/inotify/max_user_watches", "r");
    unsigned long system_limit = 0;
    if (f && fscanf(f, "%lu", &system_limit) != 1)
        system_limit = 0;
    if (f)
        fclose(f);
    int n = w->fd < 0
            ? asprintf(&msg, "cannot watch for changes (%s): updating every %u s instead",
                       strerror(w->no_inotify), w->opt.rescan_ms / 1000)
            : w->opt.max_watches && w->n_watched >= w->opt.max_watches
            ? asprintf(&msg, "watching %zu directories, the most asked; updating every %u s "
                       "for the others", w->n_watched, w->opt.rescan_ms / 1000)
            : asprintf(&msg, "the system's limit of inotify watches is reached "
                       "(fs.inotify.max_user_watches: %lu): watching %zu directories, updating "
                       "every %u s for the others", system_limit, w->n_watched,
                       w->opt.rescan_ms / 1000);
    if (n >= 0)
        w->opt.notice(msg, w->opt.ctx);
    free(msg);
}

/* (Re)make the whole set of watches for the corpus paths the index remembers. */
static essay_status watch_all(essay_watch *w, char **err)
{
    drop_watches(w);
    drop_roots(w);
    w->rewatch = 0;
    w->limited = 0;
    essay_status st = essay__recorded_read(w->path, ESSAY_META_ROOTS, &w->roots, &w->n_roots,
                                           err);
    if (st != ESSAY_OK)
        return st;
    w->no_inotify = 0;
    if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
        w->no_inotify = errno;
        limit_reached(w);
    }
    struct stat sb;
    for (size_t i = 0; i < w->n_roots; i++) {
        if (stat(w->roots[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            watch_tree(w, w->roots[i]);
        watch_parent(w, w->roots[i]);   /* its own name: removed, moved, made again */
    }
    tell_limit(w);
    return ESSAY_OK;
}

/* ---- changes ------------------------------------------------------------- */

/* What one inotify event means. */
static void handle(essay_watch *w, const struct inotify_event *e)
{
    if (e->mask & IN_Q_OVERFLOW) {
        w->rewatch = 1;     /* changes were lost: the update finds them, new watches the rest */
        changed(w);
        return;
    }
    if (e->wd < 0 || (size_t)e->wd >= w->cap || w->dirs[e->wd].path == NULL)
        return;     /* a watch already left */
    watched *d = &w->dirs[e->wd];
    if (e->mask & IN_IGNORED) {     /* its directory went */
        free(d->path);
        d->path = NULL;
        w->n_watched--;
        return;
    }
    if (e->len == 0) {
        /* The directory itself went or moved: a remembered one must be
         * watched again where it is, if anywhere; another one, its parent's
         * event says where. */
        if (is_root(w, d->path))
            w->rewatch = 1;
        char *gone = (e->mask & IN_MOVE_SELF) ? strdup(d->path) : NULL;
        if (gone)
            unwatch_tree(w, gone);
        free(gone);
        changed(w);
        return;
    }
    char *path;
    if (asprintf(&path, "%s/%s", d->path, e->name) < 0)
        return;
    int tree = d->tree, root = is_root(w, path);
    int essay = essay__wanted_extension(e->name, (const char *const *)w->extensions);
    if (index_own(w, path) || (!root && (!tree || essay__skipped_name(e->name)))) {
        free(path);
        return;
    }
    struct stat sb;
    /* a link to a directory, deleted, is no directory to inotify: it was
       one when it was watched as one.  A directory is watched once, under
       the first name that reached it: what another name (a corpus path, a
       second link) still reaches is watched again after the update */
    size_t left = (e->mask & (IN_DELETE | IN_MOVED_FROM)) ? unwatch_tree(w, path) : 0;
    if (left > 0 && !(e->mask & IN_ISDIR))
        w->rewatch = 1;
    if ((e->mask & (IN_CREATE | IN_MOVED_TO)) && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        watch_tree(w, path);    /* its essays so far: the update walks it */
        tell_limit(w);
        changed(w);
    } else if (root || essay || (e->mask & IN_ISDIR) || left > 0) {
        changed(w);
    }
    free(path);
}

/* Read the events there are, without waiting. */
static void read_events(essay_watch *w)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t len;
    while (w->fd >= 0 && (len = read(w->fd, buf, sizeof buf)) > 0) {
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *e = (const struct inotify_event *)p;
            handle(w, e);
            p += sizeof *e + e->len;
        }
    }
}

int essay__watch_poll(essay_watch *w)
{
    read_events(w);
    return w->pending;
}

size_t essay__watch_count(const essay_watch *w)
{
    return w->n_watched;
}

int essay__watch_limited(const essay_watch *w)
{
    return w->limited;
}

essay_status essay__watch_wait(essay_watch *w, const volatile sig_atomic_t *stop)
{
    for (;;) {
        if (stop && *stop)
            return ESSAY_INTERRUPTED;
        double t = now_ms(), due = -1;
        if (w->pending) {
            double quiet = w->last + w->opt.quiet_ms, longest = w->first + w->opt.max_wait_ms;
            due = quiet < longest ? quiet : longest;
        }
        if (w->limited && (due < 0 || w->next_rescan < due))
            due = w->next_rescan;
        if (due >= 0 && t >= due) {
            w->pending = 0;
            return ESSAY_OK;
        }
        int timeout = due < 0 || due - t > STOP_CHECK_MS ? STOP_CHECK_MS : (int)(due - t) + 1;
        struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
        if (poll(&pfd, w->fd >= 0, timeout) > 0)
            read_events(w);
    }
}

/* ---- the updates --------------------------------------------------------- */

/* Update the index as essay-index does without a path. */
static essay_status update(const essay_watch *w, const essay_update_options *opt,
                           essay_update_summary *sum, char **err)
{
    memset(sum, 0, sizeof *sum);
    unsigned shards = 0;
    essay_status st = essay_shards_count(w->path, &shards, err);
    if (st == ESSAY_OK && shards > 0) {
        essay_shards_options so = { .flags = ESSAY_WAIT };
        return essay_shards_update(w->path, &so, NULL, 0, opt, sum, err);
    }
    essay_index *ix = NULL;
    if (st == ESSAY_OK)
        st = essay_index_open(w->path, ESSAY_WAIT, NULL, &ix, err);
    if (st == ESSAY_OK)
        st = essay_index_update(ix, NULL, 0, opt, sum, err);
    if (st == ESSAY_OK)
        st = essay_index_close(ix, err);
    else
        essay_index_abandon(ix);
    return st;
}

/* Whether the index remembers other corpus paths than those watched. */
static int roots_changed(const essay_watch *w)
{
    char **roots = NULL;
    size_t n = 0;
    int differ = essay__recorded_read(w->path, ESSAY_META_ROOTS, &roots, &n, NULL) == ESSAY_OK
                 && n != w->n_roots;
    for (size_t i = 0; roots && i < n; i++) {
        differ = differ || strcmp(roots[i], w->roots[i]) != 0;
        free(roots[i]);
    }
    free(roots);
    return differ;
}

essay_status essay_watch_run(essay_watch *w, const essay_update_options *options,
                             const volatile sig_atomic_t *stop, char **err)
{
    static const essay_update_options none = { 0 };
    essay_update_options opt = *(options ? options : &none);
    opt.stop = NULL;    /* an update under way goes to its commit */
    read_extensions(w);
    for (;;) {
        essay_status st = essay__watch_wait(w, stop);
        if (st == ESSAY_OK && w->rewatch)
            st = watch_all(w, err);
        if (st != ESSAY_OK)
            return st;
        essay_update_summary sum;
        char *msg = NULL;
        double started = now_ms();
        st = update(w, &opt, &sum, &msg);
        if (w->opt.updated)
            w->opt.updated(st, &sum, (now_ms() - started) / 1e3, msg, w->opt.ctx);
        if (st == ESSAY_NO_INDEX || st == ESSAY_INCOMPATIBLE) {
            if (err)
                *err = msg;
            else
                free(msg);
            return st;
        }
        free(msg);
        read_extensions(w);
        if (w->limited)
            w->next_rescan = now_ms() + w->opt.rescan_ms;
        if (roots_changed(w)) {
            w->rewatch = 1;
            changed(w);     /* what changed before the new watches: the next update */
        }
    }
}

/* ---- the handle ----------------------------------------------------------- */

essay_status essay_watch_open(const char *path, const essay_watch_options *opt,
                              essay_watch **out, char **err)
{
    *out = NULL;
    static const essay_watch_options defaults = { 0 };
    essay_kind kind = essay_index_kind(path);
    if (kind == ESSAY_KIND_NONE)
        return essay__fail(err, ESSAY_NO_INDEX, "no index at '%s' yet", path);
    essay_watch *w = calloc(1, sizeof *w);
    if (w == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    w->fd = -1;
    w->opt = opt ? *opt : defaults;
    w->opt.quiet_ms = w->opt.quiet_ms ? w->opt.quiet_ms : QUIET_MS;
    w->opt.max_wait_ms = w->opt.max_wait_ms ? w->opt.max_wait_ms : MAX_WAIT_MS;
    w->opt.rescan_ms = w->opt.rescan_ms ? w->opt.rescan_ms : RESCAN_MS;
    essay_status st = ESSAY_OK;
    if ((w->path = strdup(path)) == NULL || (w->index_abs = essay__absolute_path(path)) == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st == ESSAY_OK)
        st = watch_all(w, err);
    if (st != ESSAY_OK) {
        essay_watch_close(w);
        return st;
    }
    changed(w);     /* what changed before the watches were set: the first update */
    *out = w;
    return ESSAY_OK;
}

void essay_watch_close(essay_watch *w)
{
    if (w == NULL)
        return;
    drop_watches(w);
    drop_roots(w);
    for (size_t i = 0; i < w->n_extensions; i++)
        free(w->extensions[i]);
    free(w->extensions);
    free(w->dirs);
    free(w->path);
    free(w->index_abs);
    free(w);
}
