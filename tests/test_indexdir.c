/* test_indexdir.c -- unit tests of core/indexdir.c: the writer's lock, the
 * rebuild path, the atomic swap of a rebuilt index, what a path holds
 * (essay_index_kind, essay__dir_holds: a damaged database), the removal of
 * what an interrupted run left, and tree removal, and (core/stubfile.c,
 * split from it) the stub file's grammar; that nothing the index did not
 * make is removed (a rebuild not put in place, a leftover's name held by
 * the user's files kept).
 *
 * Each test works in its own mkdtemp() directory, removed in teardown.  The
 * lock is an flock() on an open file description, so two acquisitions in
 * one process conflict just as two processes do; the waiting case uses a
 * forked child that holds the lock until the parent asks it to let go and
 * the kernel lists a writer waiting for it (/proc/locks): no sleeps.
 * Directories stand in for indexes where the swap and removal do not care
 * what is inside them; merging parts takes small Xapian databases.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-indexdir.XXXXXX";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

TestSuite(indexdir, .init = setup, .fini = teardown);

/* 'name' inside the test directory, malloc'd. */
static char *in_dir(const char *name)
{
    char *path;
    cr_assert_gt(asprintf(&path, "%s/%s", dir, name), 0);
    return path;
}

static void make_dir(const char *name)
{
    char *path = in_dir(name);
    cr_assert_eq(mkdir(path, 0777), 0, "mkdir %s", path);
    free(path);
}

static void write_file(const char *name, const char *text)
{
    char *path = in_dir(name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot create %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
    free(path);
}

/* The contents of the file 'name' (malloc'd), or NULL if it cannot be read. */
static char *read_text(const char *name)
{
    char *path = in_dir(name), *text = NULL;
    size_t len;
    essay_status st = essay__read_file(path, &text, &len, NULL);
    free(path);
    return st == ESSAY_OK ? text : NULL;
}

static int exists(const char *name)
{
    char *path = in_dir(name);
    struct stat sb;
    int found = lstat(path, &sb) == 0;
    free(path);
    return found;
}

/* ---- the writer's lock ------------------------------------------------------ */

Test(indexdir, lock_records_the_holders_pid)
{
    int fd = -1;
    cr_assert_eq(essay__lock_acquire(dir, 0, &fd, NULL), ESSAY_OK);
    cr_assert_geq(fd, 0);
    char *text = read_text("essay-index.lock");
    char want[32];
    snprintf(want, sizeof want, "%ld\n", (long)getpid());
    cr_assert_not_null(text);
    cr_assert_str_eq(text, want);
    free(text);
    essay__lock_release(fd);
}

Test(indexdir, second_writer_is_told_the_holders_pid)
{
    int first = -1, second = 7;
    char *err = NULL;
    cr_assert_eq(essay__lock_acquire(dir, 0, &first, NULL), ESSAY_OK);
    cr_assert_eq(essay__lock_acquire(dir, 0, &second, &err), ESSAY_LOCKED);
    cr_assert_eq(second, -1);
    char want[32];
    snprintf(want, sizeof want, "(pid %ld)", (long)getpid());
    cr_assert_not_null(err);
    cr_assert_not_null(strstr(err, want), "message: %s", err);
    cr_assert_not_null(strstr(err, dir), "message: %s", err);
    free(err);
    /* Released, the lock can be taken again. */
    essay__lock_release(first);
    cr_assert_eq(essay__lock_acquire(dir, 0, &second, NULL), ESSAY_OK);
    essay__lock_release(second);
}

Test(indexdir, lock_without_a_pid_says_unknown)
{
    int first = -1, second = -1;
    char *err = NULL;
    cr_assert_eq(essay__lock_acquire(dir, 0, &first, NULL), ESSAY_OK);
    char *path = in_dir("essay-index.lock");
    cr_assert_eq(truncate(path, 0), 0);
    free(path);
    cr_assert_eq(essay__lock_acquire(dir, 0, &second, &err), ESSAY_LOCKED);
    cr_assert_not_null(strstr(err, "(pid unknown)"), "message: %s", err);
    free(err);
    essay__lock_release(first);
}

Test(indexdir, lock_in_a_missing_directory_is_an_io_error)
{
    char *missing = in_dir("no/such/index"), *err = NULL;
    int fd = 7;
    cr_assert_eq(essay__lock_acquire(missing, 0, &fd, &err), ESSAY_IO);
    cr_assert_eq(fd, -1);
    cr_assert_not_null(strstr(err, missing), "message: %s", err);
    free(err);
    free(missing);
}

Test(indexdir, release_accepts_no_lock)
{
    essay__lock_release(-1);
    int fd = -1;
    cr_assert_eq(essay__lock_acquire(dir, 0, &fd, NULL), ESSAY_OK);
    essay__lock_release(fd);
}

/* How many wait for an flock() on the file 'fd' is open on: the kernel
 * lists them in /proc/locks ("N: -> FLOCK ADVISORY WRITE PID MAJ:MIN:INODE ..."). */
static int waiters_on(int fd)
{
    struct stat sb;
    cr_assert_eq(fstat(fd, &sb), 0);
    FILE *f = fopen("/proc/locks", "r");
    cr_assert_not_null(f);
    char line[256], ino[32];
    snprintf(ino, sizeof ino, ":%lu ", (unsigned long)sb.st_ino);
    int n = 0;
    while (fgets(line, sizeof line, f) != NULL)
        n += strstr(line, "-> FLOCK") != NULL && strstr(line, ino) != NULL;
    fclose(f);
    return n;
}

/* Until someone waits for the lock 'fd' is open on. */
static void until_a_waiter(int fd)
{
    while (waiters_on(fd) == 0)
        sched_yield();
}

/* A child takes the lock, says so on 'ready', and holds it until 'go' is
 * closed and someone waits for it. */
static pid_t fork_lock_holder(int *go_write)
{
    int ready[2], go[2];
    cr_assert_eq(pipe(ready), 0);
    cr_assert_eq(pipe(go), 0);
    pid_t child = fork();
    cr_assert_neq(child, -1);
    if (child == 0) {
        close(ready[0]);
        close(go[1]);
        int fd;
        char byte = essay__lock_acquire(dir, 0, &fd, NULL) == ESSAY_OK ? 'L' : 'F';
        if (write(ready[1], &byte, 1) != 1 || byte != 'L')
            _exit(1);
        while (read(go[0], &byte, 1) > 0)
            ;
        until_a_waiter(fd);
        essay__lock_release(fd);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    char byte = 0;
    cr_assert_eq(read(ready[0], &byte, 1), 1);
    cr_assert_eq(byte, 'L', "the child could not take the lock");
    close(ready[0]);
    *go_write = go[1];
    return child;
}

Test(indexdir, wait_takes_the_lock_when_the_holder_lets_go)
{
    int go;
    pid_t child = fork_lock_holder(&go);

    int fd = -1;
    char *err = NULL, want[32];
    cr_assert_eq(essay__lock_acquire(dir, 0, &fd, &err), ESSAY_LOCKED);
    snprintf(want, sizeof want, "(pid %ld)", (long)child);
    cr_assert_not_null(strstr(err, want), "message: %s", err);
    free(err);

    close(go);
    cr_assert_eq(essay__lock_acquire(dir, 1, &fd, NULL), ESSAY_OK);
    int status;
    cr_assert_eq(waitpid(child, &status, 0), child);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char *text = read_text("essay-index.lock");
    snprintf(want, sizeof want, "%ld\n", (long)getpid());
    cr_assert_str_eq(text, want, "the lock file names the new holder");
    free(text);
    essay__lock_release(fd);
}

Test(indexdir, a_lock_file_removed_while_waiting_is_not_the_lock)
{
    int go;
    pid_t holder = fork_lock_holder(&go);
    /* A second child waits for the lock on the file there now. */
    int done[2];
    cr_assert_eq(pipe(done), 0);
    pid_t waiter = fork();
    cr_assert_neq(waiter, -1);
    if (waiter == 0) {
        close(go);
        int fd;
        char byte = essay__lock_acquire(dir, 1, &fd, NULL) == ESSAY_OK ? 'L' : 'F';
        _exit(write(done[1], &byte, 1) == 1 ? 0 : 1);
    }
    close(done[1]);
    char *path = in_dir("essay-index.lock");
    int lock = open(path, O_RDONLY);
    cr_assert_geq(lock, 0);
    until_a_waiter(lock);   /* the waiter waits on the file about to be removed */
    close(lock);
    cr_assert_eq(unlink(path), 0);
    close(go);
    char byte = 0;
    cr_assert_eq(read(done[0], &byte, 1), 1);
    cr_assert_eq(byte, 'L');
    close(done[0]);
    /* The waiter, holding the lock until it exits, holds it on the file at the name. */
    char *text = read_text("essay-index.lock");
    char want[32];
    snprintf(want, sizeof want, "%ld\n", (long)waiter);
    cr_assert_not_null(text, "the lock file is there again");
    cr_assert_str_eq(text, want);
    free(text);
    int status;
    cr_assert_eq(waitpid(holder, &status, 0), holder);
    cr_assert_eq(waitpid(waiter, &status, 0), waiter);
    free(path);
}

/* ---- rebuild path and swap ---------------------------------------------------- */

Test(indexdir, rebuild_path_is_beside_the_index)
{
    char *p = essay__rebuild_path("/data/essays/index");
    cr_assert_str_eq(p, "/data/essays/index.rebuild");
    free(p);
}

Test(indexdir, swap_puts_the_rebuilt_index_in_place_and_removes_the_old)
{
    make_dir("index");
    write_file("index/docdata.glass", "old");
    make_dir("index.rebuild");
    make_dir("index.rebuild/essays");
    write_file("index.rebuild/docdata.glass", "new");
    write_file("index.rebuild/essays/docdata.glass", "deep");
    char *index = in_dir("index"), *rebuilt = in_dir("index.rebuild");
    cr_assert_eq(essay__swap_in(rebuilt, 0, index, NULL), ESSAY_OK);
    char *text = read_text("index/docdata.glass");
    cr_assert_str_eq(text, "new");
    free(text);
    text = read_text("index/essays/docdata.glass");
    cr_assert_str_eq(text, "deep");
    free(text);
    cr_assert_not(exists("index.rebuild"), "the old index is removed");
    free(index);
    free(rebuilt);
}

Test(indexdir, the_lock_stays_at_the_index_through_a_swap)
{
    make_dir("index");
    make_dir("index.rebuild");
    char *index = in_dir("index"), *rebuilt = in_dir("index.rebuild"), *err = NULL;
    int fd, second;
    cr_assert_eq(essay__lock_acquire(index, 0, &fd, NULL), ESSAY_OK);
    cr_assert_eq(essay__swap_in(rebuilt, 1, index, NULL), ESSAY_OK);
    cr_assert_eq(essay__lock_acquire(index, 0, &second, &err), ESSAY_LOCKED,
                 "a writer coming after the swap finds the index locked");
    free(err);
    essay__lock_release(fd);
    cr_assert_eq(essay__lock_acquire(index, 0, &second, NULL), ESSAY_OK);
    essay__lock_release(second);
    free(index);
    free(rebuilt);
}

/* A writer queued on the lock opened the lock file before the swap: the
 * file it then holds is the one at the index's name after it, so that a
 * writer coming later waits for it (and does not swap its work away). */
Test(indexdir, a_waiters_lock_file_is_the_indexs_after_a_swap)
{
    make_dir("index");
    make_dir("index.rebuild");
    char *index = in_dir("index"), *rebuilt = in_dir("index.rebuild");
    char *lock = in_dir("index/essay-index.lock");
    int fd;
    cr_assert_eq(essay__lock_acquire(index, 0, &fd, NULL), ESSAY_OK);
    int waiter = open(lock, O_RDWR);
    cr_assert_geq(waiter, 0);
    cr_assert_eq(essay__swap_in(rebuilt, 1, index, NULL), ESSAY_OK);
    struct stat held, named;
    cr_assert_eq(fstat(waiter, &held), 0);
    cr_assert_eq(stat(lock, &named), 0);
    cr_assert(held.st_dev == named.st_dev && held.st_ino == named.st_ino,
              "the waiter's lock file is at the index's name");
    cr_assert_eq(flock(waiter, LOCK_EX | LOCK_NB), -1, "and is held still");
    essay__lock_release(fd);
    cr_assert_eq(flock(waiter, LOCK_EX | LOCK_NB), 0, "until the swapper lets go");
    close(waiter);
    free(lock);
    free(index);
    free(rebuilt);
}

/* ---- the index's place: a trailing slash, a link ------------------------------ */

Test(indexdir, the_place_of_an_index_named_with_a_slash)
{
    make_dir("index");
    char *index = in_dir("index"), *slashed = in_dir("index//");
    char *place = essay__index_place(slashed), *rebuilt = essay__rebuild_path(slashed);
    char *real = realpath(index, NULL), *want;
    cr_assert_str_eq(place, real);
    cr_assert_gt(asprintf(&want, "%s.rebuild", real), 0);
    cr_assert_str_eq(rebuilt, want, "beside the index, not inside it");
    char *missing = essay__index_place("/no/such/index/");
    cr_assert_str_eq(missing, "/no/such/index", "a path not made yet loses its slashes");
    free(missing);
    free(want);
    free(real);
    free(rebuilt);
    free(place);
    free(slashed);
    free(index);
}

Test(indexdir, swap_through_a_trailing_slash)
{
    make_dir("index");
    write_file("index/docdata.glass", "old");
    char *slashed = in_dir("index/"), *rebuilt = essay__rebuild_path(slashed);
    cr_assert_eq(mkdir(rebuilt, 0777), 0, "mkdir %s", rebuilt);
    char *marker;
    cr_assert_gt(asprintf(&marker, "%s/docdata.glass", rebuilt), 0);
    FILE *f = fopen(marker, "w");
    cr_assert_not_null(f);
    fputs("new", f);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(essay__swap_in(rebuilt, 1, slashed, NULL), ESSAY_OK);
    char *text = read_text("index/docdata.glass");
    cr_assert_str_eq(text, "new");
    cr_assert_not(exists("index.rebuild"), "nothing left beside");
    free(text);
    free(marker);
    free(rebuilt);
    free(slashed);
}

Test(indexdir, swap_through_a_link_replaces_what_it_points_to)
{
    make_dir("real");
    write_file("real/docdata.glass", "old");
    char *link = in_dir("link");
    cr_assert_eq(symlink("real", link), 0);
    char *rebuilt = essay__rebuild_path(link);
    cr_assert_eq(mkdir(rebuilt, 0777), 0, "mkdir %s", rebuilt);
    cr_assert(exists("real.rebuild"), "the rebuild is beside the directory linked to");
    write_file("real.rebuild/docdata.glass", "new");
    cr_assert_eq(essay__swap_in(rebuilt, 1, link, NULL), ESSAY_OK);
    struct stat sb;
    cr_assert_eq(lstat(link, &sb), 0);
    cr_assert(S_ISLNK(sb.st_mode), "the link stays a link");
    char *text = read_text("real/docdata.glass");
    cr_assert_str_eq(text, "new", "what it points to is the new index");
    cr_assert_not(exists("real.rebuild"));
    cr_assert_not(exists("link.rebuild"));
    free(text);
    free(rebuilt);
    free(link);
}

/* ---- a sharded index's stub file ------------------------------------------------ */

Test(indexdir, stub_written_is_read_as_ours)
{
    make_dir("sharded");
    make_dir("sharded/shard0");
    make_dir("sharded/shard1");
    write_file("sharded/shard0/iamglass", "");
    write_file("sharded/shard1/iamglass", "");
    char *index = in_dir("sharded"), *stub = in_dir("sharded/XAPIANDB");
    cr_assert_eq(essay__stub_write(index, 2, NULL), ESSAY_OK);
    essay_stub listed;
    cr_assert_eq(essay__stub_read(stub, &listed, NULL), ESSAY_OK);
    cr_assert(listed.ours);
    cr_assert_eq(listed.n, 2);
    char *shard1 = essay__shard_path(index, 1), *real = realpath(shard1, NULL);
    char *listed1 = realpath(listed.entries[1].path, NULL);
    cr_assert_not(listed.entries[1].remote);
    cr_assert_not_null(listed1, "%s", listed.entries[1].path);
    cr_assert_str_eq(listed1, real);
    free(listed1);
    free(real);
    free(shard1);
    essay__stub_clear(&listed);
    free(stub);
    free(index);
}

Test(indexdir, stub_grammar_of_a_hand_written_stub)
{
    write_file("stub", "# two shards\n\n  glass /abs/one\nremote :host:33333\nauto rel\ninmemory\n");
    char *stub = in_dir("stub"), *rel = in_dir("rel");
    essay_stub listed;
    cr_assert_eq(essay__stub_read(stub, &listed, NULL), ESSAY_OK);
    cr_assert_not(listed.ours, "not the list essay-index writes");
    cr_assert_eq(listed.n, 3);
    cr_assert_str_eq(listed.entries[0].path, "/abs/one");
    cr_assert(listed.entries[1].remote);
    cr_assert_str_eq(listed.entries[1].path, "remote :host:33333");
    cr_assert_str_eq(listed.entries[2].path, rel, "relative to the stub's directory");
    essay__stub_clear(&listed);
    free(rel);
    free(stub);
}

Test(indexdir, stub_that_is_not_one)
{
    write_file("notes", "shopping list\n");
    write_file("empty", "# nothing\n");
    char *notes = in_dir("notes"), *empty = in_dir("empty"), *err = NULL;
    essay_stub listed;
    cr_assert_eq(essay__stub_read(notes, &listed, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "(line 'shopping list')"), "message: %s", err);
    free(err);
    cr_assert_eq(essay__stub_read(empty, &listed, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_not_null(strstr(err, "lists no index"), "message: %s", err);
    free(err);
    free(empty);
    free(notes);
}

Test(indexdir, swap_without_an_old_index_renames)
{
    make_dir("index.rebuild");
    write_file("index.rebuild/docdata.glass", "new");
    char *index = in_dir("index"), *rebuilt = in_dir("index.rebuild");
    cr_assert_eq(essay__swap_in(rebuilt, 0, index, NULL), ESSAY_OK);
    char *text = read_text("index/docdata.glass");
    cr_assert_str_eq(text, "new");
    free(text);
    cr_assert_not(exists("index.rebuild"));
    free(index);
    free(rebuilt);
}

Test(indexdir, swap_of_a_missing_rebuild_keeps_the_old_index)
{
    make_dir("index");
    write_file("index/docdata.glass", "old");
    char *index = in_dir("index"), *rebuilt = in_dir("index.rebuild"), *err = NULL;
    cr_assert_eq(essay__swap_in(rebuilt, 0, index, &err), ESSAY_IO);
    cr_assert_not_null(strstr(err, rebuilt), "message: %s", err);
    char *text = read_text("index/docdata.glass");
    cr_assert_str_eq(text, "old");
    free(text);
    free(err);
    free(index);
    free(rebuilt);
}

Test(indexdir, kind_says_what_is_at_a_path)
{
    char *index = in_dir("index");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_NONE, "nothing there");
    make_dir("index");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_NONE, "an empty directory");
    write_file("index/essay-index.lock", "1\n");
    write_file("index/flintlock", "");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_NONE, "only the locks");
    make_dir("index/shard0");
    make_dir("index/shard12.rebuild.part1");
    write_file("index/XAPIANDB.tmp", "");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_NONE, "shards not yet listed");
    write_file("index/XAPIANDB", "auto shard0\n");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_SHARDED, "shards listed");
    write_file("index/notes.txt", "precious");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_SHARDED, "the stub decides");
    char *stub = in_dir("index/XAPIANDB");
    cr_assert_eq(unlink(stub), 0);
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_OTHER, "someone's files");
    write_file("index/iamglass", "");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_INDEX, "a database");
    char *file = in_dir("index/notes.txt");
    cr_assert_eq(essay_index_kind(file), ESSAY_KIND_OTHER, "a file");
    free(file);
    free(stub);
    free(index);
}

Test(indexdir, kind_takes_only_our_names_for_shards)
{
    char *index = in_dir("index");
    static const char *const others[] = { "shard", "shardx", "shard1.old", "shard-1" };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        make_dir("index");
        char *name;
        cr_assert_gt(asprintf(&name, "index/%s", others[i]), 0);
        make_dir(name);
        cr_assert_eq(essay_index_kind(index), ESSAY_KIND_OTHER, "%s", others[i]);
        cr_assert_eq(essay__remove_tree(index, NULL), ESSAY_OK);
        free(name);
    }
    free(index);
}

/* A Xapian database lacking a file that an index of ours always has (or has
 * once it holds paragraphs) is damaged: an index still, not someone's
 * files, and the file it lacks is named, in its essay database too. */
Test(indexdir, a_database_lacking_a_file_is_damaged)
{
    char *index = in_dir("index"), *termlist = in_dir("index/termlist.glass"), *err = NULL;
    make_dir("index");
    cr_assert_eq(essay__dir_holds(index), ESSAY_HOLDS_NOTHING, "an empty directory");
    write_file("index/essay-index.lock", "1\n");
    cr_assert_eq(essay__dir_holds(index), ESSAY_HOLDS_UNFINISHED, "only the lock");
    write_file("index/postlist.glass", "");
    write_file("index/termlist.glass", "");
    cr_assert_eq(essay__dir_holds(index), ESSAY_HOLDS_DAMAGED, "tables, no version file");
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_INDEX, "an index still");
    cr_assert_str_eq(essay__database_missing(index), "iamglass");
    write_file("index/iamglass", "");
    cr_assert_eq(essay__dir_holds(index), ESSAY_HOLDS_INDEX, "an empty index's three files");
    cr_assert_null(essay__database_missing(index));
    write_file("index/position.glass", "");
    cr_assert_str_eq(essay__database_missing(index), "docdata.glass", "paragraphs, not their data");
    write_file("index/docdata.glass", "");
    cr_assert_null(essay__database_missing(index));
    cr_assert_eq(unlink(termlist), 0);
    cr_assert_eq(essay__dir_holds(index), ESSAY_HOLDS_DAMAGED, "no termlist");
    cr_assert_eq(essay__index_whole(index, 0, &err), ESSAY_XAPIAN);
    char *want;
    cr_assert_gt(asprintf(&want, "index '%s' is damaged (its file termlist.glass is missing): "
                          "rebuild it from the essays with: essay-index --rebuild --index %s DIR",
                          index, index), 0);
    cr_assert_str_eq(err, want);
    free(want);
    free(err);
    write_file("index/termlist.glass", "");
    make_dir("index/essays");
    write_file("index/essays/iamglass", "");
    write_file("index/essays/postlist.glass", "");
    cr_assert_eq(essay__index_whole(index, 0, NULL), ESSAY_OK, "the essays not asked for");
    cr_assert_eq(essay__index_whole(index, 1, &err), ESSAY_XAPIAN);
    cr_assert_not_null(strstr(err, "(its essay database's file termlist.glass is missing)"),
                       "%s", err);
    free(err);
    write_file("index/essays/termlist.glass", "");
    cr_assert_eq(essay__index_whole(index, 1, NULL), ESSAY_OK);
    free(termlist);
    free(index);
}

/* ---- what an interrupted run leaves ------------------------------------------ */

Test(indexdir, recover_removes_a_rebuild_and_its_parts_beside_an_index)
{
    make_dir("index");
    write_file("index/iamglass", "");
    write_file("index/essay-index.lock", "");
    static const char *const left[] = { "index.rebuild", "index.rebuild.part1",
                                        "index.rebuild.part15", "index.rebuild.compact",
                                        "index.rebuild.merged" };
    for (size_t i = 0; i < sizeof left / sizeof *left; i++)
        make_dir(left[i]);
    write_file("index.rebuild/iamglass", "");
    char *index = in_dir("index"), *removed = NULL, *err = NULL;
    cr_assert_eq(essay_index_recover(index, 0, &removed, &err), ESSAY_OK, "%s", err);
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
        cr_assert_not(exists(left[i]), "%s", left[i]);
        char *path = in_dir(left[i]);
        cr_assert_not_null(strstr(removed, path), "%s not named in: %s", left[i], removed);
        free(path);
    }
    cr_assert(exists("index/iamglass"), "the index is not touched");
    cr_assert(exists("index/essay-index.lock"));
    free(removed);
    free(index);
}

Test(indexdir, recover_leaves_only_the_lock_of_an_unfinished_first_build)
{
    make_dir("index");
    write_file("index/essay-index.lock", "4242\n");
    write_file("index/flintlock", "");
    make_dir("index/shard0");
    write_file("index/shard0/iamglass", "");
    make_dir("index/shard1.rebuild");
    make_dir("index.rebuild");
    char *index = in_dir("index"), *removed = NULL;
    cr_assert_eq(essay_index_recover(index, 0, &removed, NULL), ESSAY_OK);
    cr_assert_not(exists("index/flintlock"));
    cr_assert_not(exists("index/shard0"));
    cr_assert_not(exists("index/shard1.rebuild"));
    cr_assert_not(exists("index.rebuild"));
    cr_assert(exists("index/essay-index.lock"), "the lock stays: the directory is ours");
    cr_assert_not_null(strstr(removed, "index/shard0"), "removed: %s", removed);
    cr_assert_eq(essay_index_kind(index), ESSAY_KIND_NONE, "still no index");
    free(removed);
    free(index);
}

Test(indexdir, recover_removes_only_rebuilds_in_a_sharded_index)
{
    make_dir("index");
    write_file("index/XAPIANDB", "auto shard0\nauto shard1\n");
    make_dir("index/shard0");
    make_dir("index/shard1");
    make_dir("index/shard1.rebuild");
    make_dir("index/shard1.rebuild.part2");
    char *index = in_dir("index"), *removed = NULL;
    cr_assert_eq(essay_index_recover(index, 0, &removed, NULL), ESSAY_OK);
    cr_assert(exists("index/shard0") && exists("index/shard1") && exists("index/XAPIANDB"));
    cr_assert_not(exists("index/shard1.rebuild"));
    cr_assert_not(exists("index/shard1.rebuild.part2"));
    cr_assert_not_null(removed);
    free(removed);
    free(index);
}

Test(indexdir, recover_with_nothing_left_says_nothing)
{
    make_dir("index");
    write_file("index/iamglass", "");
    char *index = in_dir("index"), *removed = "not set";
    cr_assert_eq(essay_index_recover(index, 0, &removed, NULL), ESSAY_OK);
    cr_assert_null(removed);
    char *missing = in_dir("missing");
    removed = "not set";
    cr_assert_eq(essay_index_recover(missing, 0, &removed, NULL), ESSAY_OK);
    cr_assert_null(removed);
    cr_assert_not(exists("missing"), "nothing is made");
    free(missing);
    free(index);
}

Test(indexdir, recover_touches_nothing_in_a_directory_not_ours)
{
    make_dir("index");
    write_file("index/notes.txt", "precious");
    make_dir("index.rebuild");
    char *index = in_dir("index"), *removed = NULL;
    cr_assert_eq(essay_index_recover(index, 0, &removed, NULL), ESSAY_OK);
    cr_assert_null(removed);
    cr_assert(exists("index.rebuild"), "not known to be ours");
    cr_assert_not(exists("index/essay-index.lock"), "no lock file put among someone's files");
    free(index);
}

Test(indexdir, recover_leaves_a_live_writers_build_alone)
{
    make_dir("index");
    make_dir("index.rebuild");
    char *index = in_dir("index"), *removed = NULL, *err = NULL;
    int fd;
    cr_assert_eq(essay__lock_acquire(index, 0, &fd, NULL), ESSAY_OK);
    cr_assert_eq(essay_index_recover(index, 0, &removed, &err), ESSAY_LOCKED);
    cr_assert_null(removed);
    cr_assert(exists("index.rebuild"));
    essay__lock_release(fd);
    free(err);
    free(index);
}

Test(indexdir, an_abandoned_first_build_takes_its_directory_along)
{
    make_dir("index");
    char *index = in_dir("index");
    int fd;
    cr_assert_eq(essay__lock_acquire(index, 0, &fd, NULL), ESSAY_OK);
    make_dir("index/shard0");
    essay__drop_unfinished(index, 1);
    essay__lock_release(fd);
    cr_assert_not(exists("index"), "made by the build: removed");

    make_dir("index");
    cr_assert_eq(essay__lock_acquire(index, 0, &fd, NULL), ESSAY_OK);
    write_file("index/flintlock", "");
    essay__drop_unfinished(index, 0);
    essay__lock_release(fd);
    cr_assert(exists("index/essay-index.lock"), "not made by the build: kept");
    cr_assert_not(exists("index/flintlock"));

    write_file("index/iamglass", "");
    essay__drop_unfinished(index, 1);
    cr_assert(exists("index/iamglass"), "an index is never dropped");
    free(index);
}

Test(indexdir, part_paths_are_beside_the_rebuild)
{
    char *p = essay__part_path("/data/essays/index.rebuild", 3);
    cr_assert_str_eq(p, "/data/essays/index.rebuild.part3");
    free(p);
}

/* A Xapian database at 'name' holding one document per term of 'terms'. */
static void make_database(const char *name, const char *const *terms)
{
    char *path = in_dir(name);
    xc_error xe;
    xc_wdb *db = xc_wdb_open(path, XC_CREATE, &xe);
    cr_assert_not_null(db, "%s: %s", path, xe.msg);
    for (; *terms; terms++) {
        xc_doc *doc = xc_doc_new(&xe);
        cr_assert_eq(xc_doc_add_term(doc, *terms, strlen(*terms), 1, &xe), 0);
        cr_assert_eq(xc_wdb_add(db, doc, NULL, &xe), 0, "%s", xe.msg);
        xc_doc_free(doc);
    }
    cr_assert_eq(xc_wdb_close(db, &xe), 0, "%s", xe.msg);
    free(path);
}

static unsigned doccount(const char *name)
{
    char *path = in_dir(name);
    xc_error xe;
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s: %s", path, xe.msg);
    unsigned n = 0;
    cr_assert_eq(xc_db_doccount(db, &n, &xe), 0);
    xc_db_close(db);
    free(path);
    return n;
}

Test(indexdir, compact_parts_merges_them_into_the_rebuild)
{
    make_database("index.rebuild", (const char *const[]){ "a", "b", NULL });
    make_database("index.rebuild.part1", (const char *const[]){ "c", NULL });
    make_database("index.rebuild.part2", (const char *const[]){ "d", "e", "f", NULL });
    char *rebuilt = in_dir("index.rebuild");
    cr_assert_eq(essay__compact_parts(rebuilt, 3, NULL), ESSAY_OK);
    cr_assert_eq(doccount("index.rebuild"), 6);
    cr_assert_not(exists("index.rebuild.part1"));
    cr_assert_not(exists("index.rebuild.part2"));
    cr_assert_not(exists("index.rebuild.merged"));
    free(rebuilt);
}

Test(indexdir, compact_parts_with_a_part_missing_fails_and_keeps_the_rebuild)
{
    make_database("index.rebuild", (const char *const[]){ "a", NULL });
    char *rebuilt = in_dir("index.rebuild"), *err = NULL;
    cr_assert_neq(essay__compact_parts(rebuilt, 2, &err), ESSAY_OK);
    cr_assert_not_null(strstr(err, "cannot merge the parts"), "message: %s", err);
    cr_assert_eq(doccount("index.rebuild"), 1, "the rebuild is as it was");
    cr_assert_not(exists("index.rebuild.merged"));
    free(err);
    free(rebuilt);
}

Test(indexdir, remove_parts_removes_what_a_killed_rebuild_left)
{
    make_dir("index.rebuild.part1");
    make_dir("index.rebuild.part5");
    write_file("index.rebuild.part5/postlist.glass", "left");
    char *rebuilt = in_dir("index.rebuild");
    cr_assert_eq(essay__remove_parts(rebuilt, NULL), ESSAY_OK);
    cr_assert_not(exists("index.rebuild.part1"));
    cr_assert_not(exists("index.rebuild.part5"));
    free(rebuilt);
}

Test(indexdir, compact_parts_leaves_a_directory_of_the_users_at_the_merged_name)
{
    make_database("index.rebuild", (const char *const[]){ "a", NULL });
    make_database("index.rebuild.part1", (const char *const[]){ "b", NULL });
    make_dir("index.rebuild.merged");
    write_file("index.rebuild.merged/thesis.txt", "mine");
    char *rebuilt = in_dir("index.rebuild"), *err = NULL;
    cr_assert_eq(essay__compact_parts(rebuilt, 2, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "did not make ('thesis.txt')"), "message: %s", err);
    char *text = read_text("index.rebuild.merged/thesis.txt");
    cr_assert_str_eq(text, "mine");
    cr_assert_eq(doccount("index.rebuild"), 1, "the rebuild is as it was");
    free(text);
    free(err);
    free(rebuilt);
}

Test(indexdir, remove_parts_leaves_a_part_holding_what_the_index_did_not_make)
{
    make_dir("index.rebuild.part2");
    write_file("index.rebuild.part2/thesis.txt", "mine");
    char *rebuilt = in_dir("index.rebuild"), *err = NULL;
    cr_assert_eq(essay__remove_parts(rebuilt, &err), ESSAY_INCOMPATIBLE);
    cr_assert(exists("index.rebuild.part2/thesis.txt"));
    cr_assert_not_null(strstr(err, "index.rebuild.part2' holds what essay-index did not "
                                   "make ('thesis.txt')"), "%s", err);
    free(err);
    free(rebuilt);
}

/* Swap in a one-document database with a stray file in it: compaction writes
 * a new database (without the file), a swap told it is compacted moves it as
 * it is.  Returns whether the stray file came along. */
static int swap_keeps_stray_file(int compacted)
{
    make_database("index.rebuild", (const char *const[]){ "a", NULL });
    write_file("index.rebuild/stray", "x");
    char *index = in_dir("index"), *rebuilt = in_dir("index.rebuild");
    cr_assert_eq(essay__swap_in(rebuilt, compacted, index, NULL), ESSAY_OK);
    cr_assert_eq(doccount("index"), 1);
    cr_assert_not(exists("index.rebuild"));
    free(index);
    free(rebuilt);
    return exists("index/stray");
}

Test(indexdir, swap_compacts_the_rebuild)
{
    cr_assert_not(swap_keeps_stray_file(0));
}

Test(indexdir, swap_of_a_compacted_rebuild_does_not_compact_it_again)
{
    cr_assert(swap_keeps_stray_file(1));
}

/* ---- removing trees ------------------------------------------------------------ */

Test(indexdir, remove_tree_removes_everything_below)
{
    make_dir("t");
    make_dir("t/a");
    make_dir("t/a/b");
    write_file("t/a/b/f", "x");
    write_file("t/g", "y");
    char *tree = in_dir("t");
    cr_assert_eq(essay__remove_tree(tree, NULL), ESSAY_OK);
    cr_assert_not(exists("t"));
    free(tree);
}

Test(indexdir, remove_tree_does_not_follow_symbolic_links)
{
    make_dir("keep");
    write_file("keep/precious", "z");
    make_dir("t");
    char *target = in_dir("keep"), *link = in_dir("t/link"), *tree = in_dir("t");
    cr_assert_eq(symlink(target, link), 0);
    cr_assert_eq(essay__remove_tree(tree, NULL), ESSAY_OK);
    cr_assert_not(exists("t"));
    cr_assert(exists("keep/precious"), "the link's target survives");
    free(target);
    free(link);
    free(tree);
}

Test(indexdir, remove_tree_of_nothing_is_fine)
{
    char *missing = in_dir("missing");
    cr_assert_eq(essay__remove_tree(missing, NULL), ESSAY_OK);
    free(missing);
}

Test(indexdir, remove_tree_under_a_file_fails)
{
    write_file("file", "x");
    char *bad = in_dir("file/sub"), *err = NULL;
    cr_assert_eq(essay__remove_tree(bad, &err), ESSAY_IO);
    cr_assert_not_null(strstr(err, bad), "message: %s", err);
    cr_assert(exists("file"));
    free(err);
    free(bad);
}

/* ---- what the index did not make: never removed -------------------------------- */

/* A rebuild replaces the index directory whole: one holding a file of the
 * user's (or a directory, or a file inside one of its own databases) is not
 * replaced, and both stay as they were. */
static void swap_refused_for(const char *foreign, const char *named)
{
    make_dir("index");
    make_dir("index/essays");
    write_file("index/docdata.glass", "old");
    write_file(foreign, "mine");
    make_dir("index.rebuild");
    write_file("index.rebuild/docdata.glass", "new");
    char *index = in_dir("index"), *rebuilt = in_dir("index.rebuild"), *err = NULL;
    cr_assert_eq(essay__swap_in(rebuilt, 1, index, &err), ESSAY_INCOMPATIBLE);
    char *want;
    cr_assert_gt(asprintf(&want, "its directory holds what essay-index did not make ('%s')", named),
                 0);
    cr_assert_not_null(strstr(err, want), "message: %s", err);
    char *text = read_text(foreign);
    cr_assert_str_eq(text, "mine");
    free(text);
    text = read_text("index/docdata.glass");
    cr_assert_str_eq(text, "old", "the old index stays in place");
    free(text);
    cr_assert(exists("index.rebuild/docdata.glass"), "the rebuild is not put in place");
    free(want);
    free(err);
    free(index);
    free(rebuilt);
}

Test(indexdir, swap_refused_when_the_index_holds_a_file_of_the_users)
{
    swap_refused_for("index/NOTES", "NOTES");
}

Test(indexdir, swap_refused_when_a_database_of_the_index_holds_a_file_of_the_users)
{
    swap_refused_for("index/essays/thesis.txt", "essays/thesis.txt");
}

Test(indexdir, index_only_takes_xapians_files_and_ours)
{
    make_dir("index");
    static const char *const ours[] = { "iamglass", "v.tmp", "flintlock", "postlist.glass",
                                        "changes12", "essay-index.lock", "XAPIANDB.tmp" };
    for (size_t i = 0; i < sizeof ours / sizeof *ours; i++) {
        char *name;
        cr_assert_gt(asprintf(&name, "index/%s", ours[i]), 0);
        write_file(name, "");
        free(name);
    }
    make_dir("index/delta");
    write_file("index/delta/termlist.glass", "");
    char *index = in_dir("index"), *err = NULL;
    cr_assert_eq(essay__index_only(index, &err), ESSAY_OK, "%s", err);
    make_dir("index/delta/mine");
    cr_assert_eq(essay__index_only(index, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "did not make ('delta/mine')"), "message: %s", err);
    free(err);
    err = NULL;
    static const char *const mine[] = { "index/e", "index/d", "index/C", "index/b", "index/a" };
    for (size_t i = 0; i < sizeof mine / sizeof *mine; i++)
        write_file(mine[i], "mine");
    cr_assert_eq(essay__index_only(index, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "did not make ('C', 'a', 'b' and 3 more)"), "message: %s", err);
    free(err);
    free(index);
}

/* A directory of the user's where the rebuild goes, beside the index, is
 * not what a run that did not finish left: it is kept, and named. */
Test(indexdir, recover_leaves_a_rebuild_beside_holding_a_file_of_the_users)
{
    make_dir("index");
    write_file("index/iamglass", "");
    make_dir("index.rebuild");
    write_file("index.rebuild/thesis.txt", "mine");
    char *index = in_dir("index"), *removed = NULL, *err = NULL;
    cr_assert_eq(essay_index_recover(index, 0, &removed, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "index.rebuild' holds what essay-index did not make "
                                   "('thesis.txt')"), "message: %s", err);
    cr_assert(exists("index.rebuild/thesis.txt"));
    cr_assert_null(removed);
    free(err);
    free(index);
}

Test(indexdir, recover_leaves_a_file_or_a_link_at_a_rebuilds_name)
{
    make_dir("index");
    write_file("index/iamglass", "");
    write_file("index.rebuild", "mine");
    make_dir("elsewhere");
    write_file("elsewhere/iamglass", "");
    char *index = in_dir("index"), *removed = NULL, *err = NULL;
    char *target = in_dir("elsewhere"), *link = in_dir("index.rebuild.compact");
    cr_assert_eq(essay_index_recover(index, 0, &removed, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "index.rebuild' is in the way"), "message: %s", err);
    cr_assert(exists("index.rebuild"));
    free(err);
    err = NULL;
    cr_assert_eq(symlink(target, link), 0);
    char *rebuilt = in_dir("index.rebuild");
    cr_assert_eq(unlink(rebuilt), 0);
    cr_assert_eq(essay_index_recover(index, 0, &removed, &err), ESSAY_INCOMPATIBLE);
    cr_assert_not_null(strstr(err, "index.rebuild.compact' is in the way"), "message: %s", err);
    cr_assert(exists("elsewhere/iamglass"), "what a link points to is not touched");
    free(rebuilt);
    free(err);
    free(target);
    free(link);
    free(index);
}
