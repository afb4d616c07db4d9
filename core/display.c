/* display.c -- untrusted text made safe to show: essay text, file names and
 * the messages that name files may carry escape sequences, bells, newlines
 * or bytes that are not UTF-8.
 *
 * For a terminal, every control character (C0, DEL, and the C1 range
 * U+0080..U+009F that some terminals obey, encoded or as a stray byte) is
 * written as U+FFFD; other bytes pass, since a file name need not be UTF-8.
 * For JSON, which must be UTF-8, every byte outside a well-formed sequence
 * becomes U+FFFD (JSON writers escape the control characters themselves).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define REPLACEMENT "\xef\xbf\xbd"    /* U+FFFD */

/* Length of the control character at 's' (1 for C0/DEL, or for a byte
 * 0x80..0x9f outside a UTF-8 sequence -- a file name need not be UTF-8 --
 * which an 8-bit terminal obeys as a C1 control; 2 for an encoded C1), or 0. */
static size_t control_length(const unsigned char *s, size_t left)
{
    if (s[0] < 0x20 || s[0] == 0x7f || (s[0] >= 0x80 && s[0] <= 0x9f))
        return 1;
    if (s[0] == 0xc2 && left > 1 && s[1] >= 0x80 && s[1] <= 0x9f)
        return 2;
    return 0;
}

/* Bytes of the well-formed UTF-8 sequence at 's' (1 for ASCII), or 0. */
static size_t utf8_length(const unsigned char *s, size_t left)
{
    utf8proc_int32_t cp;
    if (s[0] < 0x80)
        return 1;
    utf8proc_ssize_t n = utf8proc_iterate(s, left < 4 ? (utf8proc_ssize_t)left : 4, &cp);
    return n < 1 ? 0 : (size_t)n;
}

void essay__write_safe(FILE *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t run = 0, i = 0;
    while (i < len) {
        size_t c = control_length(s + i, len - i);
        if (c == 0) {
            size_t n = utf8_length(s + i, len - i);
            i += n ? n : 1;
            continue;
        }
        fwrite(text + run, 1, i - run, out);
        fputs(REPLACEMENT, out);
        i += c;
        run = i;
    }
    fwrite(text + run, 1, len - run, out);
}

void essay_write_safe(FILE *out, const char *text)
{
    essay__write_safe(out, text, strlen(text));
}

char *essay_utf8_repair(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len * 3 + 1), *p = copy;
    if (copy == NULL)
        return NULL;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0, n; i < len; i += n ? n : 1) {
        n = utf8_length(s + i, len - i);
        if (n) {
            memcpy(p, text + i, n);
            p += n;
        } else {
            memcpy(p, REPLACEMENT, 3);
            p += 3;
        }
    }
    *p = '\0';
    return copy;
}
