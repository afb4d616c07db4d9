/* util.c -- the small helpers every part of libessay uses: error messages,
 * status strings and names, hashing, a sorted table searched, UTF-8 text validated and cut at a
 * character, text told from what is not (binary, UTF-16, bytes not UTF-8)
 * with the line and column it stops at, whole-file reads of text (of
 * regular files only, without blocking on anything else, read in chunks
 * that are checked as they come), where the index lives by default, and paths made absolute
 * or quoted for the commands messages suggest. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>
#include "private.h"

const char *essay_strerror(essay_status s)
{
    switch (s) {
    case ESSAY_OK:           return "success";
    case ESSAY_NOMEM:        return "out of memory";
    case ESSAY_IO:           return "input/output error";
    case ESSAY_BAD_INPUT:    return "not UTF-8 text";
    case ESSAY_BAD_QUERY:    return "bad query";
    case ESSAY_NO_INDEX:     return "no index";
    case ESSAY_INCOMPATIBLE: return "index built by an incompatible version";
    case ESSAY_LOCKED:       return "index locked by another writer";
    case ESSAY_XAPIAN:       return "Xapian error";
    case ESSAY_NOT_FOUND:    return "not in the index";
    case ESSAY_DONE:         return "no more hits";
    case ESSAY_INTERRUPTED:  return "interrupted";
    case ESSAY_BAD_ARGUMENT: return "bad argument";
    }
    return "unknown status";
}

const char *essay_status_name(essay_status s)
{
    switch (s) {
    case ESSAY_OK:           return "ok";
    case ESSAY_NOMEM:        return "nomem";
    case ESSAY_IO:           return "io";
    case ESSAY_BAD_INPUT:    return "bad_input";
    case ESSAY_BAD_QUERY:    return "bad_query";
    case ESSAY_NO_INDEX:     return "no_index";
    case ESSAY_INCOMPATIBLE: return "incompatible";
    case ESSAY_LOCKED:       return "locked";
    case ESSAY_XAPIAN:       return "xapian";
    case ESSAY_NOT_FOUND:    return "not_found";
    case ESSAY_DONE:         return "done";
    case ESSAY_INTERRUPTED:  return "interrupted";
    case ESSAY_BAD_ARGUMENT: return "bad_argument";
    }
    return "unknown";
}

essay_status essay__fail(char **err, essay_status s, const char *fmt, ...)
{
    if (err == NULL)
        return s;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(err, fmt, ap) < 0)
        *err = NULL;
    va_end(ap);
    return s;
}

/* The status that says what an error of kind 'kind' is to libessay's caller. */
static essay_status xc_status(xc_error_kind kind)
{
    switch (kind) {
    case XC_ERR_NOMEM:      return ESSAY_NOMEM;
    case XC_ERR_LOCK:       return ESSAY_LOCKED;
    case XC_ERR_NOT_FOUND:  return ESSAY_NO_INDEX;
    /* Reading or writing the index failed (a full disk; a remote shard that
     * stopped answering): Xapian's error, the message says why.  Not
     * ESSAY_IO, which is of the caller's files (an essay that cannot be
     * read is skipped; an index that cannot be written stops the update). */
    case XC_ERR_IO:
    case XC_ERR_NETWORK:
    case XC_ERR_OTHER:
    case XC_ERR_ARGUMENT:
    case XC_ERR_OPENING:
    case XC_ERR_MODIFIED:
    case XC_ERR_CORRUPT:
    case XC_ERR_NO_DOCUMENT:
        break;
    }
    return ESSAY_XAPIAN;
}

essay_status essay__fail_xc(char **err, const xc_error *xe, const char *what)
{
    essay_status st = xc_status(xe->kind);
    if (st == ESSAY_NOMEM)
        return essay__fail(err, st, "%s: out of memory", what);
    return essay__fail(err, st, "%s: %s", what, xe->msg[0] ? xe->msg : essay_strerror(st));
}

double essay__time_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

size_t essay__utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

size_t essay__utf8_chars(const char *s, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

/* The length of the well-formed UTF-8 sequence at s[0] (a non-ASCII byte)
 * within 'avail' bytes, or 0 if it is not one. */
static size_t utf8_sequence_len(const unsigned char *s, size_t avail)
{
    unsigned char lead = s[0], low = 0x80, high = 0xBF;
    size_t n;
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        if (lead == 0xE0)
            low = 0xA0;         /* overlong */
        else if (lead == 0xED)
            high = 0x9F;        /* surrogates */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        if (lead == 0xF0)
            low = 0x90;         /* overlong */
        else if (lead == 0xF4)
            high = 0x8F;        /* above U+10FFFF */
    } else {
        return 0;               /* continuation byte, C0/C1 overlong lead, F5..FF */
    }
    if (avail < n || s[1] < low || s[1] > high)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* The offset of the first byte of text[0..len) that does not begin a
 * well-formed UTF-8 sequence, or 'len' if there is none. */
static size_t utf8_invalid_at(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    const uint64_t high_bits = 0x8080808080808080ULL;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            for (; i + 16 <= len; i += 16) {
                uint64_t a, b;
                memcpy(&a, s + i, 8);
                memcpy(&b, s + i + 8, 8);
                if ((a | b) & high_bits)
                    break;
            }
            while (i < len && s[i] < 0x80)
                i++;
            continue;
        }
        size_t n = utf8_sequence_len(s + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t essay__utf8_code_points(const char *s, size_t len, int32_t *cp, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len; n++) {
        if (n == max)
            return SIZE_MAX;
        if ((unsigned char)s[i] < 0x80) {
            cp[n] = (unsigned char)s[i++];
            continue;
        }
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp[n]);
        if (k <= 0)
            return SIZE_MAX;
        i += (size_t)k;
    }
    return n;
}

unsigned essay__edits(const int32_t *a, size_t na, const int32_t *b, size_t nb, unsigned most)
{
    if (na > ESSAY_EDIT_CHARS_MAX || nb > ESSAY_EDIT_CHARS_MAX || na > nb + most || nb > na + most)
        return most + 1;
    unsigned d[ESSAY_EDIT_CHARS_MAX + 1][ESSAY_EDIT_CHARS_MAX + 1];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= na; i++) {
        unsigned row_min = UINT_MAX;
        for (size_t j = 1; j <= nb; j++) {
            unsigned best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min > most)
            return most + 1;
    }
    return d[na][nb] <= most ? d[na][nb] : most + 1;
}

uint64_t essay__hash64(const void *data, size_t len)
{
    return essay__hash64_more(0xcbf29ce484222325ULL, data, len);
}

uint64_t essay__hash64_more(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

size_t essay__sorted_first(const void *table, size_t n, size_t size, size_t key_at,
                           const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *at = (const char *)table + mid * size + key_at;
        if (strcmp(at, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *essay__file_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a file";
}

/* The line (from 1) and column (in characters, from 1) of byte 'at' of
 * text[0..at), which is UTF-8: lines end at LF, CRLF or a lone CR, as
 * essayfile.c reads them, and a leading BOM takes no column. */
static void line_and_column(const char *text, size_t at, size_t *line, size_t *column)
{
    size_t start = at >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    *line = 1;
    for (size_t i = start; i < at; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == at || text[i + 1] != '\n'))) {
            ++*line;
            start = i + 1;
        }
    }
    *column = 1;
    for (size_t i = start; i < at; i++)
        *column += ((unsigned char)text[i] & 0xC0) != 0x80;
}

/* Bytes looked at for UTF-16 text that has no byte order mark. */
#define UNMARKED_SAMPLE 4096

/* Whether s[0..len) looks like UTF-16 text of mostly ASCII characters with
 * no byte order mark: at least 3/4 of the bytes at even offsets (big
 * endian: each character's high byte first) or at odd ones (little endian)
 * are NUL, and at least 4/5 of the others are printable or white space.
 * Which, in *encoding.  A binary file (compressed data, a program) has its
 * NULs at either offset, or few. */
static int utf16_unmarked(const unsigned char *s, size_t len, const char **encoding)
{
    size_t n = (len < UNMARKED_SAMPLE ? len : UNMARKED_SAMPLE) & ~(size_t)1, half = n / 2;
    size_t nul[2] = { 0, 0 }, printable[2] = { 0, 0 };
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\0')
            nul[i & 1]++;
        else if (s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            printable[i & 1]++;
    }
    for (int high = 0; n >= 4 && high < 2; high++)
        if (nul[high] * 4 >= half * 3 && printable[!high] * 5 >= half * 4) {
            *encoding = high == 0 ? "UTF-16BE" : "UTF-16LE";
            return 1;
        }
    return 0;
}

/* The Unicode encoding other than UTF-8 whose byte order mark text[0..len)
 * begins with, or that its first bytes show (UTF-16 with no mark), or NULL. */
static const char *other_encoding(const unsigned char *s, size_t len)
{
    const char *unmarked;
    if (len >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0)
                     || (s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)))
        return "UTF-32";
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return "UTF-16";
    return utf16_unmarked(s, len, &unmarked) ? unmarked : NULL;
}

/* The offset of the first byte of text[0..len) that makes it no text: a
 * NUL, or a byte that begins no well-formed UTF-8 sequence; len if none. */
static size_t text_end(const char *text, size_t len)
{
    const char *nul = memchr(text, '\0', len);
    return utf8_invalid_at(text, nul ? (size_t)(nul - text) : len);
}

/* The error of 'name', whose text[0..len) stops being text at byte 'bad'. */
static essay_status not_text(const char *name, const char *text, size_t len, size_t bad,
                             char **err)
{
    const char *encoding = other_encoding((const unsigned char *)text, len);
    if (encoding != NULL)
        return essay__fail(err, ESSAY_BAD_INPUT, "%s: %s text, not UTF-8: convert it with "
                           "iconv -f %s -t UTF-8", name, encoding, encoding);
    size_t line, column;
    line_and_column(text, bad, &line, &column);
    if (text[bad] == '\0')
        return essay__fail(err, ESSAY_BAD_INPUT, "%s:%zu:%zu: binary file (a NUL byte at offset "
                           "%zu)", name, line, column, bad);
    return essay__fail(err, ESSAY_BAD_INPUT, "%s:%zu:%zu: not UTF-8 (byte 0x%02X at offset %zu)",
                       name, line, column, (unsigned char)text[bad], bad);
}

essay_status essay__text_check(const char *name, const char *text, size_t len, char **err)
{
    size_t bad = text_end(text, len);
    return bad < len ? not_text(name, text, len, bad, err) : ESSAY_OK;
}

/* Bytes read and checked at a time: about what a file that is no text
 * costs beyond its bytes before the first bad one. */
#define READ_CHUNK 65536

essay_status essay__read_file(const char *path, char **buf, size_t *len, char **err)
{
    *buf = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO (or a device) in an essay's place must not block
     * the open; what is not a regular file is refused before any read. */
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        /* Its type, from what was opened; a socket does not open (ENXIO). */
        int typed = fd >= 0 ? fstat(fd, &st) == 0 : stat(path, &st) == 0;
        if (fd >= 0)
            close(fd);
        if (typed && !S_ISREG(st.st_mode))
            return essay__fail(err, ESSAY_IO, "%s: not a regular file (%s)", path,
                               essay__file_kind(st.st_mode));
        return essay__fail(err, ESSAY_IO, "%s: %s", path, strerror(e));
    }
    FILE *f = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0 ? fdopen(fd, "rb") : NULL;
    if (f == NULL) {
        int e = errno;
        close(fd);
        return essay__fail(err, ESSAY_IO, "%s: %s", path, strerror(e));
    }
    /* READ_CHUNK bytes at a time, checked as they come, so that a file that
     * is no text (a disk image, a UTF-16 file) is refused at its first bad
     * byte, having cost little more than the bytes before it; the buffer
     * is sized from st_size once the first chunk is text, and grows if the
     * file does. */
    size_t cap = (size_t)st.st_size + 1 < READ_CHUNK ? (size_t)st.st_size + 1 : READ_CHUNK;
    size_t n = 0, checked = 0;      /* data[0..checked) is text */
    char *data = malloc(cap + 1);
    essay_status status = data ? ESSAY_OK : ESSAY_NOMEM;
    while (status == ESSAY_OK) {
        if (n == cap) {
            size_t more = cap < (size_t)st.st_size + 1 ? (size_t)st.st_size + 1 : cap * 2;
            char *bigger = realloc(data, more + 1);
            if (bigger == NULL) {
                status = ESSAY_NOMEM;
                break;
            }
            data = bigger;
            cap = more;
        }
        size_t want = cap - n < READ_CHUNK ? cap - n : READ_CHUNK;
        size_t got = fread(data + n, 1, want, f);
        n += got;
        int eof = got < want;
        size_t bad = checked + text_end(data + checked, n - checked);
        /* A character cut by the end of what was read is checked again
         * with the bytes that follow it. */
        if (bad < n && (eof || data[bad] == '\0' || n - bad >= 4))
            status = not_text(path, data, n, bad, err);
        checked = bad;
        if (eof)
            break;
    }
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (status == ESSAY_OK && failed)
        status = essay__fail(err, ESSAY_IO, "%s: %s", path, strerror(saved));
    else if (status == ESSAY_NOMEM)
        essay__fail(err, ESSAY_NOMEM, "%s: out of memory", path);
    if (status != ESSAY_OK) {
        free(data);
        return status;
    }
    data[n] = '\0';
    *buf = data;
    *len = n;
    return ESSAY_OK;
}

char *essay_default_index_path(void)
{
    const char *env = getenv("ESSAY_INDEX");
    if (env && *env)
        return strdup(env);
    char *path = NULL;
    const char *data = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (data && *data) {
        if (asprintf(&path, "%s/essay-search/index", data) < 0)
            path = NULL;
    } else if (home && *home) {
        if (asprintf(&path, "%s/.local/share/essay-search/index", home) < 0)
            path = NULL;
    }
    return path;
}

essay_status essay__mkdir_parents(const char *path, char **err)
{
    char *copy = strdup(path);
    if (copy == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            essay_status st = essay__fail(err, ESSAY_IO, "cannot create '%s': %s", copy,
                                          strerror(errno));
            free(copy);
            return st;
        }
        *p = '/';
    }
    free(copy);
    return ESSAY_OK;
}

char *essay__shell_word(const char *s, int always)
{
    static const char plain[] = "@%+=:,./_-";
    int quote = always || *s == '\0';
    for (const char *p = s; !quote && *p; p++)
        quote = !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
                  || strchr(plain, *p) != NULL);
    if (!quote)
        return strdup(s);
    size_t quotes = 0;
    for (const char *p = s; *p; p++)
        quotes += *p == '\'';
    char *word = malloc(strlen(s) + 3 * quotes + 3), *w = word;
    if (word == NULL)
        return NULL;
    *w++ = '\'';
    for (const char *p = s; *p; p++) {
        if (*p == '\'') {
            memcpy(w, "'\\''", 4);    /* end the quote, a quoted quote, quote again */
            w += 4;
        } else {
            *w++ = *p;
        }
    }
    *w++ = '\'';
    *w = '\0';
    return word;
}

char *essay__absolute_path(const char *path)
{
    char *abs = realpath(path, NULL);
    if (abs != NULL)
        return abs;
    /* Gone (or unreachable): make it absolute by hand. */
    while (path[0] == '.' && path[1] == '/')
        path += 2 + strspn(path + 2, "/");
    char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
    if (cwd != NULL && asprintf(&abs, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd, path) < 0)
        abs = NULL;
    else if (cwd == NULL)
        abs = strdup(path);
    free(cwd);
    for (size_t n = abs ? strlen(abs) : 0; n > 1 && abs[n - 1] == '/'; n--)
        abs[n - 1] = '\0';
    return abs;
}

essay_status essay__reserve(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return ESSAY_OK;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *grown = n <= SIZE_MAX / size ? realloc(*array, n * size) : NULL;
    if (grown == NULL)
        return ESSAY_NOMEM;
    *array = grown;
    *cap = n;
    return ESSAY_OK;
}
