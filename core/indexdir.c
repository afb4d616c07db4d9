/* indexdir.c -- the index directory's life on disk: the names in and
 * beside it, the writer's lock, the atomic swap that puts a rebuilt index in
 * place of the old one, a sharded index's stub file, and what an interrupted
 * run leaves behind.  No other file makes or probes these names: they ask
 * essay__index_file(), essay__rebuild_path(), essay__shard_path() and
 * essay_index_kind().
 *
 * Place: an index is where its name leads (essay__index_place): a trailing
 * slash or a symbolic link is resolved once, here, so that the lock, the
 * rebuild beside it and the swap are those of the directory itself, and a
 * link to an index stays a link to the rebuilt one.
 *
 * Lock: one writer at a time holds an exclusive flock() on
 * <index>/essay-index.lock and writes its pid there, so a second writer can
 * be told who holds it ("... by another essay-index (pid N)") or wait for
 * it.  Xapian's own lock stays underneath as a second guard: a writer it
 * refuses -- another program writes the database -- is told that process's
 * pid, found in /proc (essay__fail_xapian_locked).  A killed
 * writer's flock dies with it: no stale lock to clean up (the processes a
 * writer forks do not inherit it: processes.c).  The lock file may be
 * removed or replaced while a writer waits on it (an abandoned first build
 * removes its directory), so a writer that gets the flock checks that the
 * file it locked is still the one at that name, and starts again if not.
 *
 * Rebuild: a new index is built beside the old one, in <index>.rebuild
 * (when several processes build it, in parts <index>.rebuild.partK too,
 * which compaction merges into it through <index>.rebuild.merged), compacted
 * into <index>.rebuild.compact, and exchanged with the old one by
 * renameat2(RENAME_EXCHANGE), one atomic step: a searcher opening <index>
 * finds the old index or the new, never none.  The lock file is linked into
 * the new index first, so the lock stays at its name through the exchange.
 * The old one is then removed.
 *
 * Stub: a sharded index is a directory of shards shard0 ... shard<N-1> and
 * a Xapian stub file, XAPIANDB, listing them, which Xapian opens as one
 * database (its grammar, read and written: stubfile.c).
 *
 * What a directory holds (essay__dir_holds, essay_index_kind): an index
 * (Xapian's version file, iamglass, and its tables), a damaged one (a
 * version file or table missing that an index of ours always has, or has
 * from its first paragraph on, or that its version file says held entries:
 * essay__database_missing; its essay database, its delta and a sharded
 * index's shards are checked the same way), a sharded index (the stub),
 * what a first build that did not finish leaves, nothing, or other files.
 * The searcher, the status and the writer ask, before Xapian opens
 * anything, so that a damaged index is said to be one, with the command
 * that rebuilds it (damage.c: essay__index_whole); a shard is told which
 * sharded index it is one of (essay__sharded_of).
 *
 * What an interrupted run leaves (essay_index_recover() removes it, under
 * the lock, so that no live writer's work is touched): any of the rebuild's
 * directories beside the index; and in an index directory that holds no
 * database yet -- a first build never put in place -- the lock files (ours,
 * and Xapian's flintlock from an open that failed), and the shards of a
 * sharded index whose list of shards (its stub) was never written, which
 * is written last.  Such a directory is no index yet (ESSAY_KIND_NONE), for
 * the writer and the searcher alike.  A sharded index's shards may have
 * rebuild directories beside them, inside it, too.
 *
 * Ours, and only ours: in an index directory, and in the databases inside
 * it, the index's entries are Xapian's (its version file iamglass, written
 * through v.tmp, its tables *.glass, its lock flintlock, its changesets
 * changes<N>) and the names above (the lock, the stub and its .tmp, the
 * delta's three, the essay database, the shards and their rebuilds)
 * (own_entry).  Nothing else is ever removed: a rebuild of an index
 * directory holding anything else -- a user's notes, a corpus put inside
 * it -- is refused before it begins, and again before the exchange, which
 * would hand it to the removal of the old index (essay__index_only); a
 * name beside the index or inside it that a run removes as its own
 * (essay__remove_own: the rebuild's directories, the leftovers above) is
 * left as it is, and the run stops naming it, when it is not a directory
 * (a file of the index's own name inside the index excepted) or holds
 * anything else.  Carrying the user's files over into the rebuilt index
 * instead would take a second, non-atomic step, which a crash could leave
 * half done with the files in the rebuild that the next run removes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "private.h"

#define LOCK_NAME "essay-index.lock"
#define XAPIAN_LOCK "flintlock"     /* Xapian's writer lock: left by an open that failed */
#define XAPIAN_VERSION "iamglass"   /* the file that makes a directory a Xapian database */
#define XAPIAN_VERSION_TMP "v.tmp"  /* ... written first under this name */
#define XAPIAN_CHANGES "changes"    /* ... and its changesets: changes<N> */
#define GLASS_SUFFIX ".glass"       /* ... and its tables: postlist.glass, ... */
#define REBUILD_SUFFIX ".rebuild"
#define COMPACT_SUFFIX ".compact"   /* after REBUILD_SUFFIX: the compacted rebuild */
#define MERGED_SUFFIX ".merged"     /* after REBUILD_SUFFIX: its parts merged */
#define STUB_NAME "XAPIANDB"        /* a sharded index's list of shards, which Xapian opens */

/* Whether 'fd' is the file at 'path' still (not removed or replaced). */
static int still_there(int fd, const char *path)
{
    struct stat held, named;
    return fstat(fd, &held) == 0 && stat(path, &named) == 0 && held.st_dev == named.st_dev
           && held.st_ino == named.st_ino;
}

char *essay__index_place(const char *index_path)
{
    char *place = realpath(index_path, NULL);
    if (place != NULL || errno == ENOMEM || (place = strdup(index_path)) == NULL)
        return place;
    size_t len = strlen(place);
    while (len > 1 && place[len - 1] == '/')
        place[--len] = '\0';
    return place;
}

/* The names of essay_index_file. */
static const char *const file_names[] = {
    [ESSAY_FILE_LOCK] = LOCK_NAME, [ESSAY_FILE_STUB] = STUB_NAME,
    [ESSAY_FILE_DELTA] = "delta", [ESSAY_FILE_DELTA_NEW] = "delta.new",
    [ESSAY_FILE_DELTA_GONE] = "delta.gone", [ESSAY_FILE_ESSAYS] = "essays",
};

char *essay__index_file(const char *index_path, essay_index_file which)
{
    char *place = essay__index_place(index_path), *p = NULL;
    if (place && asprintf(&p, "%s/%s", place, file_names[which]) < 0)
        p = NULL;
    free(place);
    return p;
}

essay_status essay__lock_acquire(const char *index_path, int wait, int *fd_out, char **err)
{
    *fd_out = -1;
    char *lock_path = essay__index_file(index_path, ESSAY_FILE_LOCK);
    if (lock_path == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    int fd = -1;
    essay_status st = ESSAY_OK;
    while (st == ESSAY_OK && fd < 0) {
        if ((fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
            st = essay__fail(err, ESSAY_IO, "cannot lock index '%s': %s", index_path,
                             strerror(errno));
            break;
        }
        int locked;
        while ((locked = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {
        }
        if (locked == 0 && still_there(fd, lock_path))
            break;
        int e = errno;
        char pid[32] = "";
        ssize_t n = locked == 0 ? 0 : pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        close(fd);
        fd = -1;
        if (locked == 0)
            continue;   /* the file locked was removed meanwhile: lock the one there now */
        if (e == EWOULDBLOCK)
            st = essay__fail(err, ESSAY_LOCKED,
                             "index '%s' is being updated by another essay-index (pid %s); "
                             "--wait waits for it",
                             index_path, pid[0] ? pid : "unknown");
        else
            st = essay__fail(err, ESSAY_IO, "cannot lock index '%s': %s", index_path,
                             strerror(e));
    }
    free(lock_path);
    if (st != ESSAY_OK)
        return st;
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

/* The pid of a process holding a lock on the file 'sb' (0: none found):
 * the kernel names no holder of the open file description locks Xapian
 * takes (F_OFD_GETLK and /proc/locks say -1), but each process's
 * /proc/<pid>/fdinfo/<fd> lists the locks on the file it has open, as
 * "lock:\t1: OFDLCK ADVISORY  WRITE -1 <major>:<minor>:<inode> ...".  Only the
 * processes we may read are seen. */
static long lock_holder(const struct stat *sb)
{
    char file_id[64];
    snprintf(file_id, sizeof file_id, " %02x:%02x:%lu ", major(sb->st_dev), minor(sb->st_dev),
             (unsigned long)sb->st_ino);
    DIR *procs = opendir("/proc");
    long holder = 0;
    struct dirent *p;
    while (holder == 0 && procs != NULL && (p = readdir(procs)) != NULL) {
        char *end, dir[300];
        long pid = strtol(p->d_name, &end, 10);
        if (pid <= 0 || *end != '\0' || pid == (long)getpid())
            continue;
        snprintf(dir, sizeof dir, "/proc/%ld/fdinfo", pid);
        DIR *fds = opendir(dir);
        struct dirent *f;
        while (holder == 0 && fds != NULL && (f = readdir(fds)) != NULL) {
            char info[600], line[256];
            snprintf(info, sizeof info, "%s/%s", dir, f->d_name);
            FILE *in = f->d_name[0] != '.' ? fopen(info, "re") : NULL;
            while (holder == 0 && in != NULL && fgets(line, sizeof line, in) != NULL)
                if (strncmp(line, "lock:", 5) == 0 && strstr(line, file_id) != NULL)
                    holder = pid;
            if (in != NULL)
                fclose(in);
        }
        if (fds != NULL)
            closedir(fds);
    }
    if (procs != NULL)
        closedir(procs);
    return holder;
}

essay_status essay__fail_xapian_locked(const char *db_path, char **err)
{
    char *flintlock;
    if (asprintf(&flintlock, "%s/%s", db_path, XAPIAN_LOCK) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    struct stat sb;
    long holder = stat(flintlock, &sb) == 0 ? lock_holder(&sb) : 0;
    free(flintlock);
    if (holder > 0)
        return essay__fail(err, ESSAY_LOCKED,
                           "index '%s' is being written by another process (pid %ld), "
                           "which holds Xapian's lock but not essay-index's",
                           db_path, holder);
    return essay__fail(err, ESSAY_LOCKED,
                       "index '%s' is being written by another process, which holds Xapian's "
                       "lock (%s) but not essay-index's",
                       db_path, XAPIAN_LOCK);
}

/* Whether 'name' is a shard of a sharded index ("shard<K>") or one of its
 * rebuild directories ("shard<K>.rebuild..."); *rebuild says which. */
static int shard_entry(const char *name, int *rebuild)
{
    size_t len = strlen(ESSAY_SHARD_NAME);
    if (strncmp(name, ESSAY_SHARD_NAME, len) != 0)
        return 0;
    size_t digits = strspn(name + len, "0123456789");
    const char *rest = name + len + digits;
    *rebuild = rest[0] != '\0';
    return digits > 0 && (!*rebuild || strncmp(rest, REBUILD_SUFFIX, strlen(REBUILD_SUFFIX)) == 0);
}

/* Whether 'name', in an index directory that holds no database, is what a
 * first build of ours leaves there: see the top of the file. */
static int unfinished_entry(const char *name)
{
    int rebuild;
    return strcmp(name, LOCK_NAME) == 0 || strcmp(name, XAPIAN_LOCK) == 0
           || strcmp(name, STUB_NAME ".tmp") == 0 || shard_entry(name, &rebuild)
           || strncmp(name, REBUILD_SUFFIX, strlen(REBUILD_SUFFIX)) == 0;
}

/* The files of a Xapian database of an index: those it always has (the
 * essay database too), then the one a paragraph database has from its
 * first paragraph on (the paragraphs' data), then those that tell it holds
 * paragraphs (their positions, the spelling data); Xapian makes these
 * three with their first entry (LAZY_FILES), and one of them that is gone
 * is missed when the version file says it held entries (glassversion.c). */
static const char *const database_files[] = {
    XAPIAN_VERSION, "postlist.glass", "termlist.glass", "docdata.glass", "position.glass",
    "spelling.glass",
};
#define ALWAYS_FILES 3
#define PARAGRAPH_FILES 4
#define LAZY_FILES 3
#define DATABASE_FILES (sizeof database_files / sizeof *database_files)

/* The names in a directory, as far as they tell what it holds. */
typedef struct {
    unsigned database;  /* bit i: database_files[i] is there */
    unsigned lost;      /* bit i: database_files[i] is not, though the version file says it
                           held entries */
    int tables;         /* a Xapian table (*.glass) is there */
    int stub, others, entries;
} dir_names;

static int is_table(const char *name)
{
    size_t len = strlen(name), glass = strlen(GLASS_SUFFIX);
    return len > glass && strcmp(name + len - glass, GLASS_SUFFIX) == 0;
}

/* Read the names in the directory 'path' into *n; -1 (errno set) when it cannot be read. */
static int read_names(const char *path, dir_names *n)
{
    memset(n, 0, sizeof *n);
    /* One descriptor for the names and the version file: both are of one
     * directory, should a rebuild be exchanged with it meanwhile. */
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (d == NULL) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        errno = e;
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        n->entries++;
        size_t i = 0;
        while (i < DATABASE_FILES && strcmp(name, database_files[i]) != 0)
            i++;
        if (i < DATABASE_FILES)
            n->database |= 1u << i;
        if (is_table(name))
            n->tables = 1;
        else if (strcmp(name, STUB_NAME) == 0)
            n->stub = 1;
        else if (i == DATABASE_FILES && !unfinished_entry(name))
            n->others = 1;
    }
    for (size_t i = DATABASE_FILES - LAZY_FILES; (n->database & 1u) && i < DATABASE_FILES; i++)
        if (!(n->database & 1u << i) && essay__glass_table_entries(fd, database_files[i]) > 0)
            n->lost |= 1u << i;
    closedir(d);
    return 0;
}

/* The first file of a database that *n lacks; NULL when none is missing, or
 * when the names hold no database (no version file, no table). */
static const char *database_missing(const dir_names *n)
{
    if (!(n->database & 1u) && !n->tables)
        return NULL;
    size_t want = n->database >> PARAGRAPH_FILES ? PARAGRAPH_FILES : ALWAYS_FILES;
    for (size_t i = 0; i < DATABASE_FILES; i++)
        if ((i < want && !(n->database & 1u << i)) || n->lost & 1u << i)
            return database_files[i];
    return NULL;
}

const char *essay__database_missing(const char *db_path)
{
    dir_names n;
    return read_names(db_path, &n) == 0 ? database_missing(&n) : NULL;
}

essay_holds essay__dir_holds(const char *path)
{
    dir_names n;
    if (read_names(path, &n) != 0)
        return errno == ENOENT ? ESSAY_HOLDS_NOTHING : ESSAY_HOLDS_OTHER;
    return database_missing(&n)              ? ESSAY_HOLDS_DAMAGED
           : n.database & 1u                 ? ESSAY_HOLDS_INDEX
           : n.stub                          ? ESSAY_HOLDS_SHARDED
           : n.others                        ? ESSAY_HOLDS_OTHER
           : n.entries                       ? ESSAY_HOLDS_UNFINISHED
                                             : ESSAY_HOLDS_NOTHING;
}

essay_kind essay_index_kind(const char *path)
{
    switch (essay__dir_holds(path)) {
    case ESSAY_HOLDS_INDEX:
    case ESSAY_HOLDS_DAMAGED:
        return ESSAY_KIND_INDEX;
    case ESSAY_HOLDS_SHARDED:
        return ESSAY_KIND_SHARDED;
    case ESSAY_HOLDS_OTHER:
        return ESSAY_KIND_OTHER;
    case ESSAY_HOLDS_NOTHING:
    case ESSAY_HOLDS_UNFINISHED:
        break;
    }
    return ESSAY_KIND_NONE;
}

char *essay__stub_of(const char *dir)
{
    char *stub = essay__index_file(dir, ESSAY_FILE_STUB);
    struct stat sb;
    if (stub && stat(stub, &sb) == 0)
        return stub;
    free(stub);
    return NULL;
}

int essay__shard_name(const char *name)
{
    int rebuild;
    return shard_entry(name, &rebuild) && !rebuild;
}

char *essay__sharded_of(const char *index_path)
{
    char *place = essay__index_place(index_path), *slash = place ? strrchr(place, '/') : NULL;
    char *given = strdup(index_path), *stub = NULL;
    int rebuild;
    if (slash && given && shard_entry(slash + 1, &rebuild) && !rebuild) {
        slash[slash == place] = '\0';    /* the directory it is in ("/" kept) */
        stub = essay__stub_of(place);
    }
    /* Named as the user named the shard, when that names the same directory. */
    size_t len = given ? strlen(given) : 0;
    while (len > 1 && given[len - 1] == '/')
        given[--len] = '\0';
    char *cut = stub ? strrchr(given, '/') : NULL;
    struct stat named, there;
    if (cut != NULL)
        cut[cut == given] = '\0';
    int same = stub && stat(cut ? given : ".", &named) == 0 && stat(place, &there) == 0
               && named.st_dev == there.st_dev && named.st_ino == there.st_ino;
    char *sharded = stub == NULL ? NULL : same ? strdup(cut ? given : ".") : strdup(place);
    free(stub);
    free(place);
    free(given);
    return sharded;
}

char *essay__rebuild_path(const char *index_path)
{
    char *place = essay__index_place(index_path), *p = NULL;
    if (place && asprintf(&p, "%s%s", place, REBUILD_SUFFIX) < 0)
        p = NULL;
    free(place);
    return p;
}

/* Whether 'name', inside an index directory or one of the databases in it,
 * is one the index makes (see the top of the file): Xapian's (its tables,
 * version file and the temporary one it is written through, lock,
 * changesets) or ours. */
static int own_entry(const char *name)
{
    size_t len = strlen(name), changes = strlen(XAPIAN_CHANGES);
    if (unfinished_entry(name) || strcmp(name, XAPIAN_VERSION) == 0
        || strcmp(name, XAPIAN_VERSION_TMP) == 0 || is_table(name)
        || (len > changes && strncmp(name, XAPIAN_CHANGES, changes) == 0
            && strspn(name + changes, "0123456789") == len - changes))
        return 1;
    for (size_t i = 0; i < sizeof file_names / sizeof *file_names; i++)
        if (strcmp(name, file_names[i]) == 0)
            return 1;
    return 0;
}

/* What the index did not make, found under a directory: the first
 * FOREIGN_NAMED in "'a', 'b'" (malloc'd), and how many in all. */
#define FOREIGN_NAMED 3
typedef struct {
    char *named;
    size_t n;
} foreign_list;

static essay_status collect_foreign(const char *dir, const char *prefix, foreign_list *found,
                                    char **err);

/* Add 'rel' to 'found'.  -1 when out of memory. */
static int note_foreign(foreign_list *found, const char *rel)
{
    char *longer;
    if (found->n++ >= FOREIGN_NAMED)
        return 0;
    if (asprintf(&longer, "%s%s'%s'", found->named ? found->named : "",
                 found->named ? ", " : "", rel) < 0)
        return -1;
    free(found->named);
    found->named = longer;
    return 0;
}

/* Add to 'found' the entry 'name' of the directory 'dir' ('prefix' its
 * path, relative to where the search began) if the index did not make it,
 * or what it did not make below it. */
static essay_status visit_entry(const char *dir, const char *prefix, const char *name,
                                foreign_list *found, char **err)
{
    char *path = NULL, *rel = NULL;
    struct stat sb;
    essay_status st = ESSAY_OK;
    if (asprintf(&path, "%s/%s", dir, name) < 0 || asprintf(&rel, "%s%s/", prefix, name) < 0) {
        free(path);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (!own_entry(name)) {
        rel[strlen(rel) - 1] = '\0';
        if (note_foreign(found, rel) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    } else if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = collect_foreign(path, rel, found, err);
    }
    free(path);
    free(rel);
    return st;
}

/* scandir()'s order: by name, byte by byte, whatever the locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Add to 'found' the entries under the directory 'dir' that the index did
 * not make ('own_entry', in every directory of its own below), in order of
 * name, as paths relative to where the search began ('prefix': 'dir''s). */
static essay_status collect_foreign(const char *dir, const char *prefix, foreign_list *found,
                                    char **err)
{
    struct dirent **entries;
    int n = scandir(dir, &entries, NULL, by_name);
    if (n < 0)
        return essay__fail(err, ESSAY_IO, "cannot read '%s': %s", dir, strerror(errno));
    essay_status st = ESSAY_OK;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        if (st == ESSAY_OK && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
            st = visit_entry(dir, prefix, name, found, err);
        free(entries[i]);
    }
    free(entries);
    return st;
}

/* The entries under the directory 'dir' that the index did not make, as
 * "'a', 'b', 'c' and 2 more" (malloc'd in *named; NULL: none). */
static essay_status find_foreign(const char *dir, char **named, char **err)
{
    foreign_list found = { NULL, 0 };
    essay_status st = collect_foreign(dir, "", &found, err);
    *named = NULL;
    if (st == ESSAY_OK && found.n > FOREIGN_NAMED) {
        if (asprintf(named, "%s and %zu more", found.named, found.n - FOREIGN_NAMED) < 0) {
            *named = NULL;
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
        }
        free(found.named);
    } else if (st == ESSAY_OK) {
        *named = found.named;
    } else {
        free(found.named);
    }
    return st;
}

essay_status essay__index_only(const char *index_path, char **err)
{
    char *foreign = NULL;
    essay_status st = find_foreign(index_path, &foreign, err);
    if (st == ESSAY_OK && foreign != NULL)
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' was not rebuilt: its directory "
                         "holds what essay-index did not make (%s), which a rebuild would remove "
                         "(it replaces the directory whole): move it out of the index directory",
                         index_path, foreign);
    free(foreign);
    return st;
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

essay_status essay__remove_own(const char *path, char **err)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? ESSAY_OK
                               : essay__fail(err, ESSAY_IO, "cannot remove '%s': %s", path,
                                             strerror(errno));
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (!S_ISDIR(sb.st_mode) && own_entry(name))
        return essay__remove_tree(path, err);     /* a file of its own in an index directory */
    if (!S_ISDIR(sb.st_mode))
        return essay__fail(err, ESSAY_INCOMPATIBLE, "'%s' is in the way: essay-index keeps that "
                           "name for a directory of its own, and did not make this %s; it was "
                           "left as it is: move it elsewhere",
                           path, essay__file_kind(sb.st_mode));
    char *foreign = NULL;
    essay_status st = find_foreign(path, &foreign, err);
    if (st == ESSAY_OK && foreign != NULL)
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "'%s' holds what essay-index did not make "
                         "(%s), though essay-index keeps that name for a directory of its own; "
                         "it was left as it is: move it elsewhere", path, foreign);
    free(foreign);
    return st == ESSAY_OK ? essay__remove_tree(path, err) : st;
}

/* Give 'ready' a link to the lock file of the index at 'index_path', so that
 * after the exchange the lock held is at the index's name still: a writer
 * that comes meanwhile finds it held.  Without the link (no lock file there)
 * the lock leaves with the old index. */
static void link_lock(const char *index_path, const char *ready)
{
    char *held = essay__index_file(index_path, ESSAY_FILE_LOCK), *linked;
    if (held == NULL)
        return;
    if (asprintf(&linked, "%s/%s", ready, LOCK_NAME) >= 0) {
        if (link(held, linked) != 0) {
            /* see above */
        }
        free(linked);
    }
    free(held);
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
    /* Where the index is: behind a link, the link stays, and what it points to is replaced. */
    char *place = essay__index_place(index_path);
    if (place == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    /* What the index did not make in its directory would leave with the old
     * index, to be removed: put nothing in place of it then (essay_index_open()
     * refused such a rebuild; this is what came meanwhile). */
    struct stat sb;
    essay_status st = lstat(place, &sb) == 0 && S_ISDIR(sb.st_mode)
                      ? essay__index_only(place, err) : ESSAY_OK;
    if (st != ESSAY_OK) {
        free(place);
        return st;
    }
    link_lock(place, ready);
    if (renameat2(AT_FDCWD, ready, AT_FDCWD, place, RENAME_EXCHANGE) != 0) {
        if (errno != ENOENT || rename(ready, place) != 0)
            st = essay__fail(err, ESSAY_IO, "cannot put the rebuilt index in place of '%s': %s",
                             index_path, strerror(errno));
    } else {
        st = essay__remove_own(ready, err);
    }
    free(place);
    return st;
}

char *essay__part_path(const char *rebuilt, unsigned k)
{
    char *p;
    return asprintf(&p, "%s.part%u", rebuilt, k) < 0 ? NULL : p;
}

essay_status essay__remove_parts(const char *rebuilt, char **err)
{
    essay_status st = ESSAY_OK;
    for (unsigned k = 1; st == ESSAY_OK && k < ESSAY_MAX_PARTS; k++) {
        char *part = essay__part_path(rebuilt, k);
        st = part ? essay__remove_own(part, err) : essay__fail(err, ESSAY_NOMEM, "out of memory");
        free(part);
    }
    return st;
}

essay_status essay__compact_parts(const char *rebuilt, unsigned n_parts, char **err)
{
    const char *sources[ESSAY_MAX_PARTS] = { rebuilt };
    char *merged = NULL;
    essay_status st = ESSAY_OK;
    for (unsigned k = 1; k < n_parts && st == ESSAY_OK; k++)
        if ((sources[k] = essay__part_path(rebuilt, k)) == NULL)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st == ESSAY_OK && asprintf(&merged, "%s%s", rebuilt, MERGED_SUFFIX) < 0) {
        merged = NULL;
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (st == ESSAY_OK)
        st = essay__remove_own(merged, err);
    int ours = st == ESSAY_OK;   /* what is at 'merged' from here on is this run's */
    xc_error xe;
    /* keyed before the merge, which leaves the B-trees full (copies.c) */
    if (st == ESSAY_OK && (essay__copies_key_parts(sources, n_parts, &xe) != 0
                           || xc_compact(sources, n_parts, merged, &xe) != 0))
        st = essay__fail_xc(err, &xe, "cannot merge the parts of the new index");
    if (st == ESSAY_OK)
        st = essay__essays_compact(sources, n_parts, merged, err);
    if (st == ESSAY_OK)
        st = essay__remove_tree(rebuilt, err);
    if (st == ESSAY_OK && rename(merged, rebuilt) != 0)
        st = essay__fail(err, ESSAY_IO, "cannot rename '%s' to '%s': %s", merged, rebuilt,
                         strerror(errno));
    if (st != ESSAY_OK && ours)
        essay__remove_tree(merged, NULL);
    for (unsigned k = 1; k < n_parts; k++)
        free((char *)sources[k]);
    essay__remove_parts(rebuilt, NULL);
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
    if (asprintf(&compact, "%s%s", rebuilt, COMPACT_SUFFIX) < 0)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = essay__remove_own(compact, err);
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

/* ---- a sharded index's shards (its stub file: stubfile.c) ---------------- */

char *essay__shard_path(const char *index_path, unsigned k)
{
    char *p;
    return asprintf(&p, "%s/%s%u", index_path, ESSAY_SHARD_NAME, k) < 0 ? NULL : p;
}

/* ---- what an interrupted run leaves ------------------------------------- */

/* Add 'name' to the list of what was removed, "a, b, c" (malloc'd), unless
 * 'removed' is NULL.  Returns -1 when out of memory. */
static int note_removed(char **removed, const char *name)
{
    if (removed == NULL)
        return 0;
    char *longer;
    if (asprintf(&longer, "%s%s%s", *removed ? *removed : "", *removed ? ", " : "", name) < 0)
        return -1;
    free(*removed);
    *removed = longer;
    return 0;
}

/* 'a' 'sep' 'b', malloc'd; NULL when out of memory. */
static char *joined(const char *a, const char *sep, const char *b)
{
    char *p;
    return asprintf(&p, "%s%s%s", a, sep, b) < 0 ? NULL : p;
}

/* Remove the tree at 'path' (malloc'd, freed here; NULL: out of memory) if
 * there is one, noting it. */
static essay_status remove_leftover(char *path, char **removed, char **err)
{
    struct stat sb;
    essay_status st = ESSAY_OK;
    if (path == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    else if (lstat(path, &sb) == 0 && (st = essay__remove_own(path, err)) == ESSAY_OK
             && note_removed(removed, path) != 0)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    free(path);
    return st;
}

/* Remove the rebuild directories beside the index at 'index_path'. */
static essay_status remove_beside(const char *index_path, char **removed, char **err)
{
    static const char *const suffixes[] = { "", COMPACT_SUFFIX, MERGED_SUFFIX };
    char *rebuilt = essay__rebuild_path(index_path);
    if (rebuilt == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = ESSAY_OK;
    for (size_t i = 0; st == ESSAY_OK && i < sizeof suffixes / sizeof *suffixes; i++)
        st = remove_leftover(joined(rebuilt, "", suffixes[i]), removed, err);
    for (unsigned k = 1; st == ESSAY_OK && k < ESSAY_MAX_PARTS; k++)
        st = remove_leftover(essay__part_path(rebuilt, k), removed, err);
    free(rebuilt);
    return st;
}

/* Remove from the index directory 'index_path' what an unfinished build
 * left: when it holds no database ('unfinished'), everything but our lock
 * file; in a sharded index, the rebuild directories of its shards. */
static essay_status remove_inside(const char *index_path, int unfinished, char **removed,
                                  char **err)
{
    DIR *d = opendir(index_path);
    if (d == NULL)
        return essay__fail(err, ESSAY_IO, "cannot read '%s': %s", index_path, strerror(errno));
    essay_status st = ESSAY_OK;
    struct dirent *e;
    while (st == ESSAY_OK && (e = readdir(d)) != NULL) {
        int rebuild = 0;
        if (unfinished ? strcmp(e->d_name, LOCK_NAME) != 0 && unfinished_entry(e->d_name)
                       : strcmp(e->d_name, STUB_NAME ".tmp") == 0
                         || (shard_entry(e->d_name, &rebuild) && rebuild))
            st = remove_leftover(joined(index_path, "/", e->d_name), removed, err);
    }
    closedir(d);
    return st;
}

essay_status essay_index_recover(const char *path, int flags, char **removed, char **err)
{
    *removed = NULL;
    struct stat sb;
    /* Nothing there, or not ours: nothing to lock, and whatever opens it says what is wrong. */
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)
        || essay_index_kind(path) == ESSAY_KIND_OTHER)
        return ESSAY_OK;
    int fd;
    essay_status st = essay__lock_acquire(path, flags & ESSAY_WAIT, &fd, err);
    if (st != ESSAY_OK)
        return st;
    /* Under the lock no writer is at work: what is left is nobody's. */
    essay_kind kind = essay_index_kind(path);
    st = remove_beside(path, removed, err);
    if (st == ESSAY_OK && (kind == ESSAY_KIND_NONE || kind == ESSAY_KIND_SHARDED))
        st = remove_inside(path, kind == ESSAY_KIND_NONE, removed, err);
    essay__lock_release(fd);
    if (st != ESSAY_OK) {
        free(*removed);
        *removed = NULL;
    }
    return st;
}

void essay__drop_unfinished(const char *index_path, int created)
{
    if (essay_index_kind(index_path) != ESSAY_KIND_NONE)
        return;
    remove_inside(index_path, 1, NULL, NULL);
    char *lock_path = created ? essay__index_file(index_path, ESSAY_FILE_LOCK) : NULL;
    if (lock_path == NULL)
        return;
    /* A writer waiting on the lock finds its file gone when it gets it
     * (essay__lock_acquire) and tries the directory again. */
    if (unlink(lock_path) == 0 || errno == ENOENT)
        rmdir(index_path);
    free(lock_path);
}
