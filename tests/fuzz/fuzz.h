/* fuzz.h -- what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each target (fuzz_<name>.c) defines LLVMFuzzerTestOneInput, feeds its
 * input to one part of libessay and checks that part's invariants; a broken
 * invariant calls fuzz_fail(), which prints the reason and aborts, so
 * libFuzzer records the input as a crash.  The sanitizers (address,
 * undefined) catch the rest.
 */
#ifndef ESSAY_FUZZ_H
#define ESSAY_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "essay.h"

/* Print "fuzz: FILE:LINE: CHECK: <message>" and abort. */
_Noreturn void fuzz_fail(const char *file, int line, const char *check, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Abort with the condition's text and a printf-style message unless 'cond' holds. */
#define FUZZ_CHECK(cond, ...) \
    do { \
        if (!(cond)) \
            fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
    } while (0)

/* Whether s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or
 * truncated sequences). */
bool fuzz_valid_utf8(const char *s, size_t len);

/* A malloc'd, NUL-terminated copy of data[0..len) (aborts when out of memory). */
char *fuzz_strndup(const uint8_t *data, size_t len);

/* A directory made for this run under /dev/shm (else /tmp), removed at exit
 * (a crash leaves it behind, with the index that led to the crash). */
const char *fuzz_temp_dir(void);

/* A new English index in fuzz_temp_dir(), open for writing (aborts on
 * failure); a target makes one, in its initialisation.  *path receives its
 * path, a static string. */
essay_index *fuzz_index_create(const char **path);

/* Add 'text' to 'ix' as the essay 'name' and commit; returns the status. */
essay_status fuzz_index_put(essay_index *ix, const char *name, const char *text, size_t len);

#endif
