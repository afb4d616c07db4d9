/* test_util.c -- unit tests of the small helpers in core/util.c.
 *
 * Status strings, failure messages (plain and from a Xapian error), the
 * FNV-1a-64 hash against values computed independently (Python, from the
 * published offset basis and prime), whole-file reads (a regular file, an
 * empty one, one whose st_size lies, a missing file, and, refused without
 * blocking, a directory, a FIFO, a device behind a link, a socket), creating
 * the parents of a path, absolute paths of what exists and of what is gone,
 * words of a shell command (quoted when they must be), and where the index
 * lives by default under each
 * combination of ESSAY_INDEX, XDG_DATA_HOME and HOME.  Criterion runs each
 * test in its own process, so setenv() in one test does not leak into
 * another.  Files are made in a mkdtemp() directory removed in teardown.
 */
#include <criterion/criterion.h>

#include <stddef.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-util.XXXXXX";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    essay__remove_tree(dir, NULL);
}

TestSuite(util, .init = setup, .fini = teardown);

/* 'name' inside the test directory (static buffer: one at a time). */
static const char *in_dir(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* ---- status strings and messages ---------------------------------------- */

Test(util, every_status_has_its_own_description)
{
    for (int a = ESSAY_OK; a <= ESSAY_BAD_ARGUMENT; a++) {
        const char *da = essay_strerror((essay_status)a);
        cr_assert_not_null(da);
        cr_assert_neq(da[0], '\0', "status %d has an empty description", a);
        cr_assert_str_neq(da, "unknown status", "status %d is not described", a);
        for (int b = ESSAY_OK; b < a; b++)
            cr_assert_str_neq(da, essay_strerror((essay_status)b), "statuses %d and %d read "
                              "the same", a, b);
    }
    cr_assert_str_eq(essay_strerror(ESSAY_LOCKED), "index locked by another writer");
    /* A bad argument is not bad input: only an essay that is not text is that. */
    cr_assert_str_eq(essay_strerror(ESSAY_BAD_INPUT), "not UTF-8 text");
    cr_assert_str_eq(essay_strerror(ESSAY_BAD_ARGUMENT), "bad argument");
    cr_assert_str_eq(essay_strerror((essay_status)999), "unknown status");
}

/* Scripts branch on the names: each is the enum's, lower case, unprefixed. */
Test(util, every_status_has_its_own_name)
{
    for (int a = ESSAY_OK; a <= ESSAY_BAD_ARGUMENT; a++) {
        const char *na = essay_status_name((essay_status)a);
        cr_assert_str_neq(na, "unknown", "status %d has no name", a);
        for (int b = ESSAY_OK; b < a; b++)
            cr_assert_str_neq(na, essay_status_name((essay_status)b), "statuses %d and %d have "
                              "the same name", a, b);
    }
    cr_assert_str_eq(essay_status_name(ESSAY_BAD_QUERY), "bad_query");
    cr_assert_str_eq(essay_status_name(ESSAY_NO_INDEX), "no_index");
    cr_assert_str_eq(essay_status_name(ESSAY_NOT_FOUND), "not_found");
    cr_assert_str_eq(essay_status_name(ESSAY_INTERRUPTED), "interrupted");
    cr_assert_str_eq(essay_status_name(ESSAY_BAD_ARGUMENT), "bad_argument");
    cr_assert_str_eq(essay_status_name((essay_status)999), "unknown");
}

Test(util, fail_formats_the_message_and_returns_the_status)
{
    char *err = NULL;
    cr_assert_eq(essay__fail(&err, ESSAY_BAD_INPUT, "%s: not UTF-8 at byte %d", "a.txt", 42),
                 ESSAY_BAD_INPUT);
    cr_assert_str_eq(err, "a.txt: not UTF-8 at byte 42");
    free(err);
    /* Without a place for the message only the status comes back. */
    cr_assert_eq(essay__fail(NULL, ESSAY_IO, "ignored %d", 1), ESSAY_IO);
}

Test(util, fail_xc_maps_xapian_errors)
{
    xc_error xe = { .kind = XC_ERR_CORRUPT, .msg = "bad block" };
    char *err = NULL;
    cr_assert_eq(essay__fail_xc(&err, &xe, "idx"), ESSAY_XAPIAN);
    cr_assert_str_eq(err, "idx: bad block");
    free(err);

    /* An error without a message is named by its status. */
    xc_error bare = { .kind = XC_ERR_OPENING, .msg = "" };
    cr_assert_eq(essay__fail_xc(&err, &bare, "idx"), ESSAY_XAPIAN);
    cr_assert_str_eq(err, "idx: Xapian error");
    free(err);

    xc_error nomem = { .kind = XC_ERR_NOMEM, .msg = "out of memory" };
    cr_assert_eq(essay__fail_xc(&err, &nomem, "idx"), ESSAY_NOMEM);
    cr_assert_str_eq(err, "idx: out of memory");
    free(err);
}

/* Each kind of error of the binding is the status that says what happened. */
Test(util, fail_xc_gives_the_status_of_each_kind)
{
    struct { xc_error_kind kind; essay_status st; } cases[] = {
        { XC_ERR_NOMEM, ESSAY_NOMEM },      { XC_ERR_LOCK, ESSAY_LOCKED },
        { XC_ERR_NOT_FOUND, ESSAY_NO_INDEX }, { XC_ERR_IO, ESSAY_XAPIAN },
        { XC_ERR_NETWORK, ESSAY_XAPIAN },   { XC_ERR_CORRUPT, ESSAY_XAPIAN },
        { XC_ERR_OPENING, ESSAY_XAPIAN },   { XC_ERR_MODIFIED, ESSAY_XAPIAN },
        { XC_ERR_ARGUMENT, ESSAY_XAPIAN },  { XC_ERR_NO_DOCUMENT, ESSAY_XAPIAN },
        { XC_ERR_OTHER, ESSAY_XAPIAN },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xc_error xe = { .kind = cases[i].kind, .msg = "why" };
        char *err = NULL;
        cr_assert_eq(essay__fail_xc(&err, &xe, "idx"), cases[i].st, "kind %d", cases[i].kind);
        cr_assert_not_null(err);
        free(err);
    }
    /* A full disk under the index stops what writes it (ESSAY_IO would be an
     * essay that cannot be read, and skipped); the system's reason is in
     * the message. */
    xc_error full = { .kind = XC_ERR_IO, .msg = "Error writing block 7 (No space left on device)" };
    char *err = NULL;
    cr_assert_eq(essay__fail_xc(&err, &full, "idx"), ESSAY_XAPIAN);
    cr_assert_str_eq(err, "idx: Error writing block 7 (No space left on device)");
    free(err);
}

/* ---- hashing ------------------------------------------------------------- */

Test(util, code_points_of_utf8)
{
    int32_t cp[4];
    cr_assert_eq(essay__utf8_code_points("d\xc3\xa9j\xc3\xa0", 6, cp, 4), 4);
    cr_assert(cp[0] == 'd' && cp[1] == 0xE9 && cp[2] == 'j' && cp[3] == 0xE0);
    cr_assert_eq(essay__utf8_code_points("", 0, cp, 4), 0);
    cr_assert_eq(essay__utf8_code_points("fives", 5, cp, 4), SIZE_MAX, "more than fit");
    cr_assert_eq(essay__utf8_code_points("a\xff", 2, cp, 4), SIZE_MAX, "not UTF-8");
    cr_assert_eq(essay__utf8_code_points("\xc3\xa9", 1, cp, 4), SIZE_MAX, "cut in a character");
}

/* essay__edits() of two ASCII words, at most 'most'. */
static unsigned edits_of(const char *a, const char *b, unsigned most)
{
    int32_t ca[ESSAY_EDIT_CHARS_MAX + 8], cb[ESSAY_EDIT_CHARS_MAX + 8];
    size_t na = essay__utf8_code_points(a, strlen(a), ca, ESSAY_EDIT_CHARS_MAX + 8),
           nb = essay__utf8_code_points(b, strlen(b), cb, ESSAY_EDIT_CHARS_MAX + 8);
    cr_assert(na != SIZE_MAX && nb != SIZE_MAX);
    return essay__edits(ca, na, cb, nb, most);
}

Test(util, edits_count_letters_dropped_added_changed_and_swapped)
{
    cr_assert_eq(edits_of("irving", "irving", 2), 0);
    cr_assert_eq(edits_of("irvin", "irving", 2), 1, "added");
    cr_assert_eq(edits_of("irving", "irvin", 2), 1, "dropped");
    cr_assert_eq(edits_of("irvang", "irving", 2), 1, "changed");
    cr_assert_eq(edits_of("irivng", "irving", 2), 1, "swapped");
    cr_assert_eq(edits_of("wasingtn", "washington", 2), 2);
    cr_assert_eq(edits_of("", "ab", 2), 2);
    cr_assert_eq(edits_of("kitten", "sitting", 2), 3, "more than asked: one more");
    cr_assert_eq(edits_of("kitten", "sitting", 3), 3);
    cr_assert_eq(edits_of("ca", "abc", 3), 3, "optimal string alignment: no edit of a swap");
    cr_assert_eq(edits_of("a", "abcdef", 1), 2, "the lengths alone say more than asked");
    char longer[ESSAY_EDIT_CHARS_MAX + 2];
    memset(longer, 'w', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    cr_assert_eq(edits_of(longer, longer, 2), 3, "longer than counted: more than asked");
}

Test(util, hash_is_fnv1a_64)
{
    /* Expected values from an independent implementation (python3). */
    cr_assert_eq(essay__hash64("", 0), 0xcbf29ce484222325ULL);
    cr_assert_eq(essay__hash64("a", 1), 0xaf63dc4c8601ec8cULL);
    cr_assert_eq(essay__hash64("foobar", 6), 0x85944171f73967e8ULL);
    cr_assert_eq(essay__hash64("/corpus/essay.txt", 17), 0x5f4343c0c1f357acULL);
}

Test(util, hash_covers_every_byte_including_nul)
{
    const char a[] = "abc\0def", b[] = "abc\0deg";
    cr_assert_neq(essay__hash64(a, 7), essay__hash64(b, 7));
    cr_assert_neq(essay__hash64(a, 7), essay__hash64(a, 3));
    cr_assert_eq(essay__hash64(a, 7), essay__hash64(a, 7));
}

/* ---- reading files -------------------------------------------------------- */

Test(util, read_file_returns_the_bytes_nul_terminated)
{
    const char data[] = "line one\nline \xC3\xA9two\n";
    write_file(in_dir("essay.txt"), data, sizeof data - 1);
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    cr_assert_eq(essay__read_file(in_dir("essay.txt"), &buf, &len, &err), ESSAY_OK);
    cr_assert_null(err);
    cr_assert_eq(len, sizeof data - 1);
    cr_assert_eq(memcmp(buf, data, len), 0);
    cr_assert_eq(buf[len], '\0');
    free(buf);
}

/* A file that is no text is refused at its first bad byte, named by its
 * line, column and offset, having read little more than the bytes before
 * it: a 2 GB disk image (sparse, its NULs cost no disk) costs one chunk. */
Test(util, read_file_stops_at_the_first_nul_byte)
{
    const char *path = in_dir("disk.txt");
    write_file(path, "ab\ncd", 5);
    cr_assert_eq(truncate(path, (off_t)2 << 30), 0);
    char *buf = (char *)1, *err = NULL;
    size_t len = 99;
    cr_assert_eq(essay__read_file(path, &buf, &len, &err), ESSAY_BAD_INPUT);
    cr_assert_null(buf);
    cr_assert_eq(len, 0);
    char *want;
    cr_assert_gt(asprintf(&want, "%s:2:3: binary file (a NUL byte at offset 5)", path), 0);
    cr_assert_str_eq(err, want);
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_SELF, &ru), 0);
    cr_assert_lt(ru.ru_maxrss, 512 * 1024, "%ld KB resident: the file was read whole",
                 ru.ru_maxrss);
    free(want);
    free(err);
}

/* A character cut by the end of the first chunk read is read whole from the
 * next; a bad byte in a later chunk is named by its line and offset. */
Test(util, read_file_checks_across_its_chunks)
{
    size_t n = 65535 + 2 + 1 + 70000;
    char *data = malloc(n + 2);
    memset(data, 'a', n);
    memcpy(data + 65535, "\xC3\xA9\n", 3);   /* é across the first 64 KB */
    write_file(in_dir("long.txt"), data, n);
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    cr_assert_eq(essay__read_file(in_dir("long.txt"), &buf, &len, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(len, n);
    cr_assert_eq(memcmp(buf, data, n), 0);
    free(buf);
    data[n - 10] = '\xFF';
    write_file(in_dir("long.txt"), data, n);
    cr_assert_eq(essay__read_file(in_dir("long.txt"), &buf, &len, &err), ESSAY_BAD_INPUT);
    char *want;
    cr_assert_gt(asprintf(&want, "%s:2:69991: not UTF-8 (byte 0xFF at offset %zu)",
                          in_dir("long.txt"), n - 10), 0);
    cr_assert_str_eq(err, want);
    free(want);
    free(err);
    free(data);
}

/* Notepad's "Unicode" is UTF-16 with a byte order mark: said so, not "binary". */
Test(util, read_file_names_utf16)
{
    write_file(in_dir("notepad.txt"), "\xFF\xFEh\0i\0\r\0\n\0", 10);
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    cr_assert_eq(essay__read_file(in_dir("notepad.txt"), &buf, &len, &err), ESSAY_BAD_INPUT);
    char *want;
    cr_assert_gt(asprintf(&want, "%s: UTF-16 text, not UTF-8: convert it with iconv -f UTF-16 "
                          "-t UTF-8", in_dir("notepad.txt")), 0);
    cr_assert_str_eq(err, want);
    free(want);
    free(err);
}

/* UTF-16 with no byte order mark (each byte order) is named with the
 * iconv command for its order; a file whose NULs fall at both offsets (an
 * ELF header) or that has none early (gzip data) is not taken for it. */
static void assert_read_says(const char *name, const char *bytes, size_t len, const char *says)
{
    write_file(in_dir(name), bytes, len);
    char *buf = NULL, *err = NULL, *want;
    size_t got = 0;
    cr_assert_eq(essay__read_file(in_dir(name), &buf, &got, &err), ESSAY_BAD_INPUT);
    cr_assert_gt(asprintf(&want, "%s%s", in_dir(name), says), 0);
    cr_assert_str_eq(err, want);
    free(want);
    free(err);
}

Test(util, read_file_names_utf16_without_a_byte_order_mark)
{
    static const char le[] = "H\0i\0 \0t\0h\0e\0r\0e\0\n\0";
    static const char be[] = "\0H\0i\0 \0t\0h\0e\0r\0e\0\n";
    assert_read_says("le.txt", le, sizeof le - 1,
                     ": UTF-16LE text, not UTF-8: convert it with iconv -f UTF-16LE -t UTF-8");
    assert_read_says("be.txt", be, sizeof be - 1,
                     ": UTF-16BE text, not UTF-8: convert it with iconv -f UTF-16BE -t UTF-8");
    static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0\x01\0\0\0"
                              "@\x10@\0\0\0\0\0";
    assert_read_says("elf.txt", elf, sizeof elf - 1, ":1:8: binary file (a NUL byte at offset 7)");
    static const char gzip[] = "\x1f\x8b\x08\0\0\0\0\0\0\x03\x0b\xc9H";
    assert_read_says("gzip.txt", gzip, sizeof gzip - 1, ":1:2: not UTF-8 (byte 0x8B at offset 1)");
}

Test(util, read_file_of_an_empty_file)
{
    write_file(in_dir("empty.txt"), "", 0);
    char *buf = NULL;
    size_t len = 99;
    cr_assert_eq(essay__read_file(in_dir("empty.txt"), &buf, &len, NULL), ESSAY_OK);
    cr_assert_eq(len, 0);
    cr_assert_not_null(buf);
    cr_assert_eq(buf[0], '\0');
    free(buf);
}

Test(util, read_file_reads_past_a_wrong_size)
{
    /* /proc files are regular files that report st_size 0 but hold text:
     * the reader must read to EOF rather than trust the size. */
    char *buf = NULL;
    size_t len = 0;
    cr_assert_eq(essay__read_file("/proc/self/status", &buf, &len, NULL), ESSAY_OK);
    cr_assert_gt(len, 100);
    cr_assert_eq(strlen(buf), len);
    cr_assert_not_null(strstr(buf, "Pid:"));
    free(buf);
}

Test(util, read_file_of_a_missing_file_names_it)
{
    char *buf = (char *)1, *err = NULL;
    size_t len = 7;
    cr_assert_eq(essay__read_file(in_dir("missing.txt"), &buf, &len, &err), ESSAY_IO);
    cr_assert_null(buf);
    cr_assert_eq(len, 0);
    cr_assert_not_null(err);
    cr_assert_not_null(strstr(err, in_dir("missing.txt")), "message: %s", err);
    cr_assert_not_null(strstr(err, "No such file"), "message: %s", err);
    free(err);
}

Test(util, read_file_of_a_directory_fails)
{
    char *buf = (char *)1, *err = NULL;
    size_t len = 7;
    cr_assert_eq(essay__read_file(dir, &buf, &len, &err), ESSAY_IO);
    cr_assert_null(buf);
    cr_assert_eq(len, 0);
    cr_assert_not_null(strstr(err, dir), "message: %s", err);
    cr_assert_not_null(strstr(err, "not a regular file (a directory)"), "message: %s", err);
    free(err);
}

/* 'path' refused without blocking, the message naming it and saying what it is. */
static void assert_refused(const char *path, const char *what)
{
    char *buf = (char *)1, *err = NULL;
    size_t len = 7;
    cr_assert_eq(essay__read_file(path, &buf, &len, &err), ESSAY_IO, "%s was read", path);
    cr_assert_null(buf);
    cr_assert_eq(len, 0);
    cr_assert_not_null(strstr(err, path), "message: %s", err);
    cr_assert_not_null(strstr(err, what), "message: %s", err);
    free(err);
}

/* Opened without O_NONBLOCK, a FIFO with no writer blocks the read for ever:
 * the timeout makes that a failure. */
Test(util, read_file_of_a_fifo_fails_without_blocking, .timeout = 10)
{
    cr_assert_eq(mkfifo(in_dir("pipe.txt"), 0644), 0);
    assert_refused(in_dir("pipe.txt"), "not a regular file (a FIFO)");
}

Test(util, read_file_of_a_device_behind_a_link_fails, .timeout = 10)
{
    cr_assert_eq(symlink("/dev/zero", in_dir("zero.txt")), 0);
    assert_refused(in_dir("zero.txt"), "not a regular file (a character device)");
}

/* A socket does not open at all (ENXIO): it is still named for what it is. */
Test(util, read_file_of_a_socket_fails)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    cr_assert_lt(strlen(in_dir("socket.txt")), sizeof addr.sun_path);
    memcpy(addr.sun_path, in_dir("socket.txt"), strlen(in_dir("socket.txt")));
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_refused(in_dir("socket.txt"), "not a regular file (a socket)");
    close(fd);
}

/* ---- directories ----------------------------------------------------------- */

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

Test(util, mkdir_parents_creates_the_leading_directories_only)
{
    cr_assert_eq(essay__mkdir_parents(in_dir("a/b/c/index"), NULL), ESSAY_OK);
    cr_assert(is_dir(in_dir("a/b/c")));
    cr_assert_not(is_dir(in_dir("a/b/c/index")));
    /* Again, with everything in place, is fine. */
    cr_assert_eq(essay__mkdir_parents(in_dir("a/b/c/index"), NULL), ESSAY_OK);
}

Test(util, mkdir_parents_under_a_file_fails)
{
    write_file(in_dir("file"), "x", 1);
    char *err = NULL;
    cr_assert_eq(essay__mkdir_parents(in_dir("file/sub/index"), &err), ESSAY_IO);
    cr_assert_not_null(strstr(err, in_dir("file/sub")), "message: %s", err);
    free(err);
}

/* ---- the default index path ---------------------------------------------- */

static void assert_default_path(const char *expected)
{
    char *path = essay_default_index_path();
    if (expected == NULL) {
        cr_assert_null(path, "expected no default, got %s", path);
        return;
    }
    cr_assert_not_null(path);
    cr_assert_str_eq(path, expected);
    free(path);
}

Test(util, absolute_path_resolves_what_exists)
{
    char *real = realpath(dir, NULL), *want, *got;
    cr_assert_not_null(real);
    cr_assert_eq(mkdir(in_dir("sub"), 0777), 0);
    cr_assert_eq(symlink("sub", in_dir("link")), 0);
    cr_assert_gt(asprintf(&want, "%s/sub", real), 0);
    got = essay__absolute_path(in_dir("link/"));
    cr_assert_str_eq(got, want);
    free(got);
    cr_assert_eq(chdir(dir), 0);
    got = essay__absolute_path("./sub");
    cr_assert_str_eq(got, want);
    free(got);
    free(want);
    free(real);
}

Test(util, absolute_path_of_what_is_gone_joins_the_working_directory)
{
    cr_assert_eq(chdir(dir), 0);
    char *cwd = getcwd(NULL, 0), *want, *got;
    cr_assert_gt(asprintf(&want, "%s/gone/essays", cwd), 0);
    got = essay__absolute_path("././gone/essays//");
    cr_assert_str_eq(got, want);
    free(got);
    got = essay__absolute_path("/no/such/dir/");
    cr_assert_str_eq(got, "/no/such/dir");
    free(got);
    free(want);
    free(cwd);
}

/* 's' as a shell word is 'want'. */
static void assert_shell_word(const char *s, int always, const char *want)
{
    char *word = essay__shell_word(s, always);
    cr_assert_not_null(word);
    cr_assert_str_eq(word, want);
    free(word);
}

Test(util, shell_words_are_quoted_when_they_must_be)
{
    assert_shell_word("/data/essays-2024/a_b.txt", 0, "/data/essays-2024/a_b.txt");
    assert_shell_word("/data/essays-2024", 1, "'/data/essays-2024'");
    assert_shell_word("my essays", 0, "'my essays'");
    assert_shell_word("*.txt", 0, "'*.txt'");
    assert_shell_word("it's $HOME", 0, "'it'\\''s $HOME'");
    assert_shell_word("", 0, "''");
}

Test(util, default_index_path_prefers_essay_index)
{
    setenv("ESSAY_INDEX", "/srv/essays/index", 1);
    setenv("XDG_DATA_HOME", "/xdg", 1);
    setenv("HOME", "/home/reader", 1);
    assert_default_path("/srv/essays/index");
}

Test(util, default_index_path_under_xdg_data_home)
{
    setenv("ESSAY_INDEX", "", 1);   /* empty counts as unset */
    setenv("XDG_DATA_HOME", "/xdg", 1);
    setenv("HOME", "/home/reader", 1);
    assert_default_path("/xdg/essay-search/index");
}

Test(util, default_index_path_under_home)
{
    unsetenv("ESSAY_INDEX");
    setenv("XDG_DATA_HOME", "", 1);
    setenv("HOME", "/home/reader", 1);
    assert_default_path("/home/reader/.local/share/essay-search/index");
}

Test(util, default_index_path_without_any_home)
{
    unsetenv("ESSAY_INDEX");
    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    assert_default_path(NULL);
}

Test(util, a_sorted_table_is_searched_for_a_key_s_first_entry)
{
    typedef struct {
        int n;
        char key[ESSAY_TABLE_WORD];
    } entry;
    static const entry table[] = { { 1, "apple" }, { 2, "pear" }, { 3, "pear" }, { 4, "plum" } };
    size_t n = sizeof table / sizeof *table;
    cr_assert_eq(essay__sorted_first(table, n, sizeof *table, offsetof(entry, key), "pear"), 1);
    cr_assert_eq(essay__sorted_first(table, n, sizeof *table, offsetof(entry, key), "apple"), 0);
    cr_assert_eq(essay__sorted_first(table, n, sizeof *table, offsetof(entry, key), "fig"), 1,
                 "where it would be");
    cr_assert_eq(essay__sorted_first(table, n, sizeof *table, offsetof(entry, key), "zest"), n);
    cr_assert_eq(essay__sorted_first(table, 0, sizeof *table, offsetof(entry, key), "pear"), 0);
}
