/* indexdir.c -- the index directory's life on disk: the writer's lock, and
 * the atomic swap that puts a rebuilt index in place of the old one.
 *
 * Lock: one writer at a time holds an exclusive flock() on
 * <index>/essay-index.lock and writes its pid there, so a second writer can
 * be told who holds it ("... by another essay-index (pid N)") or wait for
 * it.  Xapian's own lock stays underneath as a second guard.  A killed
 * writer's flock dies with it: no stale lock to clean up.
 *
 * Rebuild: a new index is built beside the old one, in <index>.rebuild
 * (when several processes build it, in parts <index>.rebuild.partK too,
 * which compaction merges into it), compacted into <index>.rebuild.compact,
 * and exchanged with the old one by
 * renameat2(RENAME_EXCHANGE), one atomic step: a searcher opening <index>
 * finds the old index or the new, never none.  The old one is then removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "private.h"

#define LOCK_NAME "essay-index.lock"
#define REBUILD_SUFFIX ".rebuild"

essay_status essay__lock_acquire(const char *index_path, int wait, int *fd_out, char **err)
{
    *fd_out = -1;
    char *lock_path;
    if (asprintf(&lock_path, "%s/%s", index_path, LOCK_NAME) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(lock_path);
    if (fd < 0)
        return essay__fail(err, ESSAY_IO, "cannot lock index '%s': %s", index_path,
                           strerror(errno));
    while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno == EINTR)
            continue;
        int e = errno;
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        close(fd);
        if (e == EWOULDBLOCK)
            return essay__fail(err, ESSAY_LOCKED,
                               "index %s is being updated by another essay-index (pid %s)",
                               index_path, pid[0] ? pid : "unknown");
        return essay__fail(err, ESSAY_IO, "cannot lock index '%s': %s", index_path, strerror(e));
    }
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
        /* the pid is only for messages; the lock itself holds */
    }
    *fd_out = fd;
    return ESSAY_OK;
}

void essay__lock_release(int fd)
{
    if (fd >= 0)
        close(fd);  /* releases the flock */
}

int essay__replaceable(const char *index_path)
{
    DIR *d = opendir(index_path);
    if (d == NULL)
        return errno == ENOENT;
    int database = 0, others = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, "iamglass") == 0)
            database = 1;
        else if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0
                 && strcmp(e->d_name, LOCK_NAME) != 0)
            others = 1;
    }
    closedir(d);
    return database || !others;
}

char *essay__rebuild_path(const char *index_path)
{
    char *p;
    return asprintf(&p, "%s%s", index_path, REBUILD_SUFFIX) < 0 ? NULL : p;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) != 0 && errno != ENOENT ? -1 : 0;
}

essay_status essay__remove_tree(const char *path, char **err)
{
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
        return essay__fail(err, ESSAY_IO, "cannot remove '%s': %s", path, strerror(errno));
    return ESSAY_OK;
}

/* Exchange 'ready' (made durable first) with the index at 'index_path'
 * and remove what was the old index. */
static essay_status exchange(const char *ready, const char *index_path, char **err)
{
    /* The rebuilt index was written without fsync: make it durable first. */
    int dir = open(ready, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0 || syncfs(dir) != 0) {
        int e = errno;
        if (dir >= 0)
            close(dir);
        return essay__fail(err, ESSAY_IO, "cannot sync '%s': %s", ready, strerror(e));
    }
    close(dir);
    if (renameat2(AT_FDCWD, ready, AT_FDCWD, index_path, RENAME_EXCHANGE) != 0) {
        if (errno != ENOENT || rename(ready, index_path) != 0)
            return essay__fail(err, ESSAY_IO, "cannot put the rebuilt index in place of '%s': %s",
                               index_path, strerror(errno));
        return ESSAY_OK;
    }
    return essay__remove_tree(ready, err);
}

char *essay__part_path(const char *rebuilt, unsigned k)
{
    char *p;
    return asprintf(&p, "%s.part%u", rebuilt, k) < 0 ? NULL : p;
}

void essay__remove_parts(const char *rebuilt)
{
    for (unsigned k = 1; k < ESSAY_MAX_PARTS; k++) {
        char *part = essay__part_path(rebuilt, k);
        if (part)
            essay__remove_tree(part, NULL);
        free(part);
    }
}

essay_status essay__compact_parts(const char *rebuilt, unsigned n_parts, char **err)
{
    const char *sources[ESSAY_MAX_PARTS] = { rebuilt };
    char *merged = NULL;
    essay_status st = ESSAY_OK;
    for (unsigned k = 1; k < n_parts && st == ESSAY_OK; k++)
        if ((sources[k] = essay__part_path(rebuilt, k)) == NULL)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st == ESSAY_OK && asprintf(&merged, "%s.merged", rebuilt) < 0) {
        merged = NULL;
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (st == ESSAY_OK)
        st = essay__remove_tree(merged, err);
    xc_error xe;
    if (st == ESSAY_OK && xc_compact(sources, n_parts, merged, &xe) != 0)
        st = essay__fail_xc(err, &xe, "cannot merge the parts of the new index");
    if (st == ESSAY_OK)
        st = essay__essays_compact(sources, n_parts, merged, err);
    if (st == ESSAY_OK)
        st = essay__remove_tree(rebuilt, err);
    if (st == ESSAY_OK && rename(merged, rebuilt) != 0)
        st = essay__fail(err, ESSAY_IO, "cannot rename '%s' to '%s': %s", merged, rebuilt,
                         strerror(errno));
    if (st != ESSAY_OK && merged)
        essay__remove_tree(merged, NULL);
    for (unsigned k = 1; k < n_parts; k++)
        free((char *)sources[k]);
    essay__remove_parts(rebuilt);
    free(merged);
    return st;
}

essay_status essay__swap_in(const char *rebuilt, int compacted, const char *index_path,
                            char **err)
{
    if (compacted)
        return exchange(rebuilt, index_path, err);
    /* A full build is the moment to compact: the index gets smaller and its
     * B-trees full.  Should compaction fail, the uncompacted index serves. */
    char *compact;
    if (asprintf(&compact, "%s.compact", rebuilt) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = essay__remove_tree(compact, err);
    xc_error xe;
    if (st == ESSAY_OK && xc_compact(&rebuilt, 1, compact, &xe) == 0
        && essay__essays_compact(&rebuilt, 1, compact, NULL) == ESSAY_OK) {
        st = exchange(compact, index_path, err);
        if (st == ESSAY_OK)
            st = essay__remove_tree(rebuilt, err);
    } else if (st == ESSAY_OK) {
        essay__remove_tree(compact, NULL);
        st = exchange(rebuilt, index_path, err);
    }
    free(compact);
    return st;
}
