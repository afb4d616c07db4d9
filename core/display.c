/* display.c -- untrusted text made safe to show: essay text, file names and
 * the messages that name files may carry escape sequences, bells, newlines,
 * bidirectional overrides or bytes that are not UTF-8.
 *
 * For a terminal, every character a terminal obeys or that reorders the text
 * around it is written as U+FFFD: the control characters (C0, DEL, and the
 * C1 range U+0080..U+009F that some terminals obey, encoded or as a stray
 * byte), the bidirectional embeddings, overrides and isolates (U+202A..
 * U+202E, U+2066..U+2069: "Trojan Source") and the line and paragraph
 * separators (U+2028, U+2029).  Other bytes pass, since a file name need not
 * be UTF-8.  For JSON, which must be UTF-8, every byte outside a well-formed
 * sequence becomes U+FFFD; the JSON writer escapes C0, and the rest of those
 * characters are escaped as \uXXXX in its output (lossless).  The JSON
 * string of such a text (essay__json_text()) is made here too.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <utf8proc.h>
#include "private.h"

#define REPLACEMENT "\xef\xbf\xbd"    /* U+FFFD */

/* Length of the character at 's' that a terminal must not see raw (1 for
 * C0/DEL, or for a byte 0x80..0x9f outside a UTF-8 sequence -- a file name
 * need not be UTF-8 -- which an 8-bit terminal obeys as a C1 control; 2 for
 * an encoded C1; 3 for U+2028..U+202E and U+2066..U+2069), or 0. */
static size_t unsafe_length(const unsigned char *s, size_t left)
{
    if (s[0] < 0x20 || s[0] == 0x7f || (s[0] >= 0x80 && s[0] <= 0x9f))
        return 1;
    if (s[0] == 0xc2 && left > 1 && s[1] >= 0x80 && s[1] <= 0x9f)
        return 2;
    if (s[0] == 0xe2 && left > 2
        && ((s[1] == 0x80 && s[2] >= 0xa8 && s[2] <= 0xae)
            || (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)))
        return 3;
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

/* Write text[0..len) with each unsafe character as U+FFFD, or, with 'json',
 * as the JSON escape of its code point. */
static void write_filtered(FILE *out, const char *text, size_t len, int json)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t run = 0, i = 0;
    while (i < len) {
        size_t c = unsafe_length(s + i, len - i);
        if (c == 0) {
            size_t n = utf8_length(s + i, len - i);
            i += n ? n : 1;
            continue;
        }
        fwrite(text + run, 1, i - run, out);
        utf8proc_int32_t cp = s[i];
        if (c > 1)
            utf8proc_iterate(s + i, (utf8proc_ssize_t)c, &cp);
        if (json)
            fprintf(out, "\\u%04x", (unsigned)cp);
        else
            fputs(REPLACEMENT, out);
        i += c;
        run = i;
    }
    fwrite(text + run, 1, len - run, out);
}

void essay__write_safe(FILE *out, const char *text, size_t len)
{
    write_filtered(out, text, len, 0);
}

void essay__write_json(FILE *out, const char *json)
{
    write_filtered(out, json, strlen(json), 1);
}

json_t *essay__json_text(const char *text)
{
    if (text == NULL)
        return json_null();
    json_t *s = json_string(text);
    if (s != NULL)
        return s;
    char *copy = essay_utf8_repair(text);
    if (copy == NULL)
        return NULL;
    s = json_string(copy);
    free(copy);
    return s;
}

void essay_write_safe(FILE *out, const char *text)
{
    essay__write_safe(out, text, strlen(text));
}

char *essay_safe_copy(const char *text, size_t len)
{
    char *copy = NULL;
    size_t size;
    FILE *out = open_memstream(&copy, &size);
    if (out == NULL)
        return NULL;
    essay__write_safe(out, text, len);
    if (fclose(out) != 0) {
        free(copy);
        return NULL;
    }
    return copy;
}

void essay_write_message(FILE *out, const char *program, const char *fmt, ...)
{
    char *message;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&message, fmt, ap);
    va_end(ap);
    fprintf(out, "%s: ", program);
    if (n >= 0) {
        essay_write_safe(out, message);
        free(message);
    }
    fputc('\n', out);
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
