/* fuzz.c -- helpers shared by the libFuzzer targets (see fuzz.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "fuzz.h"
#include "private.h"

void fuzz_fail(const char *file, int line, const char *check, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz: %s:%d: %s: ", file, line, check);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

bool fuzz_valid_utf8(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 1)
            return false;
        i += (size_t)n;
    }
    return true;
}

char *fuzz_strndup(const uint8_t *data, size_t len)
{
    char *s = malloc(len + 1);
    FUZZ_CHECK(s != NULL, "out of memory");
    memcpy(s, data, len);
    s[len] = '\0';
    return s;
}

static char temp_dir[64];

static void remove_temp_dir(void)
{
    essay__remove_tree(temp_dir, NULL);
}

const char *fuzz_temp_dir(void)
{
    if (temp_dir[0] != '\0')
        return temp_dir;
    snprintf(temp_dir, sizeof temp_dir, "/dev/shm/essay-fuzz.XXXXXX");
    if (mkdtemp(temp_dir) == NULL) {
        snprintf(temp_dir, sizeof temp_dir, "/tmp/essay-fuzz.XXXXXX");
        FUZZ_CHECK(mkdtemp(temp_dir) != NULL, "cannot make a temporary directory");
    }
    atexit(remove_temp_dir);
    return temp_dir;
}

essay_index *fuzz_index_create(const char **path)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/index", fuzz_temp_dir());
    essay_index *ix = NULL;
    char *err = NULL;
    essay_status st = essay_index_open(p, ESSAY_CREATE, "english", &ix, &err);
    FUZZ_CHECK(st == ESSAY_OK, "cannot create the index %s: %s", p, err ? err : "");
    *path = p;
    return ix;
}

essay_status fuzz_index_put(essay_index *ix, const char *name, const char *text, size_t len)
{
    essay_change change;
    size_t paragraphs;
    essay_status st = essay_index_add_buffer(ix, name, text, len, &change, &paragraphs, NULL);
    if (st == ESSAY_OK)
        st = essay_index_commit(ix, NULL);
    return st;
}
