/* schema.c -- how an essay paragraph is laid out in a Xapian document.
 *
 * The term prefixes, value slots and metadata keys are in private.h (among
 * them one term without a prefix's value, ESSAY_TERM_BARE_HEADING: the
 * paragraph is a heading that heads nothing, which the search ranks after
 * the text); this file holds the two things both halves of the library
 * must agree on byte for byte: the essay id, and the document data.
 *
 * Document data is the paragraph's stored fields separated by US (0x1f),
 * which never occurs in them (the parser turns control characters in
 * header fields into spaces, and a paragraph's own text comes last):
 *
 *     path US title US author US date US line US paragraph US text
 *
 * Stored in the document itself (not looked up in metadata) so that a hit
 * from a remote shard, where metadata cannot be read, is complete.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define SEP '\x1f'

void essay__essay_id(const char *path, char id[17])
{
    snprintf(id, 17, "%016" PRIx64, essay__hash64(path, strlen(path)));
}

unsigned essay__essay_shard(const char *path, unsigned n)
{
    return (unsigned)(essay__hash64(path, strlen(path)) % n);
}

char *essay__docdata_pack(const essay_docdata *d, size_t *len)
{
    char numbers[48];
    int nlen = snprintf(numbers, sizeof numbers, "%u%c%u%c", d->line, SEP, d->paragraph, SEP);
    size_t total = d->path_len + d->title_len + d->author_len + d->date_len + 4 + (size_t)nlen
                   + d->text_len;
    char *buf = malloc(total + 1), *p = buf;
    if (buf == NULL)
        return NULL;
    const char *fields[] = { d->path, d->title, d->author, d->date };
    size_t lens[] = { d->path_len, d->title_len, d->author_len, d->date_len };
    for (int i = 0; i < 4; i++) {
        if (lens[i])
            memcpy(p, fields[i], lens[i]);
        p += lens[i];
        *p++ = SEP;
    }
    memcpy(p, numbers, (size_t)nlen);
    p += nlen;
    memcpy(p, d->text, d->text_len);
    p += d->text_len;
    *p = '\0';
    *len = total;
    return buf;
}

/* The plain decimal number (digits only, at most UINT_MAX) in s[0..len). */
static int parse_number(const char *s, size_t len, unsigned *value)
{
    if (len == 0)
        return -1;
    unsigned long long n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        n = n * 10 + (unsigned)(s[i] - '0');
        if (n > UINT_MAX)
            return -1;
    }
    *value = (unsigned)n;
    return 0;
}

int essay__docdata_unpack(const char *buf, size_t len, essay_docdata *d)
{
    const char *fields[6];
    size_t lens[6];
    const char *p = buf, *end = buf + len;
    for (int i = 0; i < 6; i++) {
        const char *sep = memchr(p, SEP, (size_t)(end - p));
        if (sep == NULL)
            return -1;
        fields[i] = p;
        lens[i] = (size_t)(sep - p);
        p = sep + 1;
    }
    memset(d, 0, sizeof *d);
    d->path = fields[0];   d->path_len = lens[0];
    d->title = fields[1];  d->title_len = lens[1];
    d->author = fields[2]; d->author_len = lens[2];
    d->date = fields[3];   d->date_len = lens[3];
    if (parse_number(fields[4], lens[4], &d->line) != 0
        || parse_number(fields[5], lens[5], &d->paragraph) != 0)
        return -1;
    d->text = p;
    d->text_len = (size_t)(end - p);
    return 0;
}
