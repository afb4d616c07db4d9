/* walk.c -- the corpus on disk: which files of a directory are essays.
 *
 * An update (update.c) walks each corpus directory with a walker: it passes
 * over hidden entries and editors' backup, swap and lock files, takes the
 * files with an essay's extension, leaves out what an exclude pattern
 * matches, follows links but walks no directory twice (a loop, a second
 * link), and notes what cannot be read.  A link to nowhere (or a loop of
 * links) is a broken essay when it has an essay's extension, and passed
 * over, like any file, when it has not.  Names are visited in sorted order,
 * so that two builds of the same corpus find the same files in the same
 * order.  The growable string list the walk fills lives here too.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

const char *const essay__default_extensions[] = { "txt", "md", NULL };

int essay__strlist_push(essay_strlist *l, char *s)
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

void essay__strlist_clear(essay_strlist *l)
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

void essay__strlist_sort(essay_strlist *l)
{
    if (l->n > 0)   /* an empty list may have no array at all */
        qsort(l->items, l->n, sizeof *l->items, compare_strings);
}

int essay__strlist_contains(const essay_strlist *sorted, const char *s)
{
    return sorted->n && bsearch(&s, sorted->items, sorted->n, sizeof *sorted->items,
                                compare_strings) != NULL;
}

void essay__strlist_unique(essay_strlist *sorted)
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
    for (const char *const *e = extensions ? extensions : essay__default_extensions; *e; e++)
        if (strcasecmp(dot + 1, *e) == 0)
            return 1;
    return 0;
}

int essay__excluded(const essay_strlist *excludes, const char *rel, const char *name)
{
    for (size_t i = 0; i < excludes->n; i++)
        if (fnmatch(excludes->items[i], rel, 0) == 0 || fnmatch(excludes->items[i], name, 0) == 0)
            return 1;
    return 0;
}

int essay__seen_directory(essay_walker *w, const struct stat *st)
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

static int walk_error(essay_walker *w, const char *path, int errnum)
{
    char *msg;
    if (asprintf(&msg, "%s: %s", path, strerror(errnum)) < 0)
        return -1;
    if (essay__strlist_push(&w->errors, msg) != 0)
        return -1;
    return essay__strlist_push(&w->error_paths, strdup(path));
}

/* 'path', which stat(2) could not follow ('errnum'), as an essay of the
 * walk 'w' (named 'name'): a link to nowhere or a loop of links is noted
 * broken when 'name' has an essay's extension, and passed over when it has
 * not (a link to a directory can be followed no more than to a file);
 * anything else that cannot be read (a directory that may hold essays) is
 * an error of the walk. */
static int walk_unfollowed(essay_walker *w, const char *path, const char *name, int errnum)
{
    struct stat sb;
    int essay = essay__wanted_extension(name, w->extensions);
    if (lstat(path, &sb) != 0 || !S_ISLNK(sb.st_mode))
        return walk_error(w, path, errnum);
    if (!essay)
        return 0;
    char target[4096], *msg;
    ssize_t len = readlink(path, target, sizeof target - 1);
    target[len > 0 ? len : 0] = '\0';
    if ((errnum == ELOOP ? asprintf(&msg, "%s: a symbolic link in a loop (%s)", path, target)
                         : asprintf(&msg, "%s: a symbolic link to nowhere (%s)", path, target)) < 0)
        return -1;
    if (essay__strlist_push(&w->broken, msg) != 0)
        return -1;
    return essay__strlist_push(&w->broken_paths, strdup(path));
}

void essay__walker_clear(essay_walker *w)
{
    essay__strlist_clear(&w->files);
    essay__strlist_clear(&w->excluded);
    essay__strlist_clear(&w->errors);
    essay__strlist_clear(&w->error_paths);
    essay__strlist_clear(&w->broken);
    essay__strlist_clear(&w->broken_paths);
    free(w->dirs_dev);
    free(w->dirs_ino);
}

int essay__walk_directory(essay_walker *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return walk_error(w, dir, errno);
    essay_strlist names = { 0 };
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL)
        if (!essay__skipped_name(e->d_name) && essay__strlist_push(&names, strdup(e->d_name)) != 0) {
            rc = -1;
            break;
        }
    closedir(d);
    essay__strlist_sort(&names);
    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        char *path;
        if (asprintf(&path, "%s/%s", dir, names.items[i]) < 0) {
            rc = -1;
            break;
        }
        struct stat st;
        const char *rel = path + w->root_len + (path[w->root_len] == '/');
        if (essay__excluded(w->excludes, rel, names.items[i])) {
            /* Left out, with what it holds; a file, wherever else it is found. */
            rc = essay__strlist_push(&w->excluded, path);
            path = NULL;
        } else if (stat(path, &st) != 0) {
            rc = walk_unfollowed(w, path, names.items[i], errno);
        } else if (S_ISDIR(st.st_mode)) {
            if (!essay__seen_directory(w, &st))
                rc = essay__walk_directory(w, path);
        } else if (essay__wanted_extension(names.items[i], w->extensions)) {
            /* Not only regular files: reading a FIFO or a device in an
             * essay's place (or behind its link) refuses it, saying what it
             * is, without blocking (essay__read_file). */
            rc = essay__strlist_push(&w->files, path);
            path = NULL;
        }
        free(path);
    }
    essay__strlist_clear(&names);
    return rc;
}

/* ---- paths and lists ---------------------------------------------------- */


int essay__path_under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/' || root[n - 1] == '/');
}

void essay__strlist_drop(essay_strlist *l, const unsigned char *drop)
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
