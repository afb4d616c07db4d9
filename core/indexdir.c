/* indexdir.c -- the index directory's life on disk: the writer's lock, and
 * the atomic swap that puts a rebuilt index in place of the old one.
 *
 * Lock: one writer at a time holds an exclusive flock() on
 * <index>/essay-index.lock and writes its pid there, so a second writer can
 * be told who holds it ("... by another essay-index (pid N)") or wait for
 * it.  Xapian's own lock stays underneath as a second guard.  A killed
 * writer's flock dies with it: no stale lock to clean up.
 *
 * Rebuild: a new index is built beside the old one, in <index>.rebuild,
 * compacted into <index>.rebuild.compact, and exchanged with the old one by
 * renameat2(RENAME_EXCHANGE), one atomic step: a searcher opening <index>
 * finds the old index or the new, never none.  The old one is then removed.
 */
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

essay_status essay__swap_in(const char *rebuilt, const char *index_path, char **err)
{
    /* A full build is the moment to compact: the index gets smaller and its
     * B-trees full.  Should compaction fail, the uncompacted index serves. */
    char *compacted;
    if (asprintf(&compacted, "%s.compact", rebuilt) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = essay__remove_tree(compacted, err);
    xc_error xe;
    if (st == ESSAY_OK && xc_compact(&rebuilt, 1, compacted, &xe) == 0
        && essay__essays_compact(&rebuilt, 1, compacted, NULL) == ESSAY_OK) {
        st = exchange(compacted, index_path, err);
        if (st == ESSAY_OK)
            st = essay__remove_tree(rebuilt, err);
    } else if (st == ESSAY_OK) {
        essay__remove_tree(compacted, NULL);
        st = exchange(rebuilt, index_path, err);
    }
    free(compacted);
    return st;
}
