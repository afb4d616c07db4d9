/* schema.c -- how an essay paragraph is laid out in a Xapian document.
 *
 * The term prefixes, value slots and metadata keys are in private.h (among
 * them one term without a prefix's value, ESSAY_TERM_BARE_HEADING: the
 * paragraph is a heading that heads nothing, which the search ranks after
 * the text); this file holds the things both halves of the library must
 * agree on byte for byte: the essay id, a filter term, and the document
 * data.
 *
 * Document data is the paragraph's stored fields separated by US (0x1f),
 * which never occurs in them (the parser turns control characters in
 * header fields into spaces, and a paragraph's own text comes last):
 *
 *     path US title US author US date US line US paragraph US text
 *
 * 'line' is the line of the file the paragraph starts on, then its line map:
 * for each of its later lines, in order, a space and where the line begins
 * in the text, as bytes past where the line before began, then "+N" when it
 * is N lines of the file after that one (a blank line between a heading and
 * its text), not the next: "40 72 70 15+2 68".  An index made before line
 * maps has the number alone.
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

/* The line field: the first line, then the line map. */
static char *line_field(const essay_docdata *d, size_t *len)
{
    /* Each entry is a space, at most 20 digits, "+" and 10 digits. */
    char *field = malloc(12 + d->n_line_starts * 33), *p = field;
    if (field == NULL)
        return NULL;
    p += sprintf(p, "%u", d->line);
    size_t offset = 0;
    unsigned number = d->line;
    for (size_t k = 0; k < d->n_line_starts; k++) {
        const essay_line_start *ls = &d->line_starts[k];
        p += sprintf(p, " %zu", ls->offset - offset);
        if (ls->number != number + 1)
            p += sprintf(p, "+%u", ls->number - number);
        offset = ls->offset;
        number = ls->number;
    }
    *len = (size_t)(p - field);
    return field;
}

char *essay__docdata_pack(const essay_docdata *d, size_t *len)
{
    size_t line_len;
    char *line = line_field(d, &line_len);
    char paragraph[16];
    int plen = snprintf(paragraph, sizeof paragraph, "%u", d->paragraph);
    size_t total = d->path_len + d->title_len + d->author_len + d->date_len + line_len
                   + (size_t)plen + 6 + d->text_len;
    char *buf = line ? malloc(total + 1) : NULL, *p = buf;
    if (buf == NULL) {
        free(line);
        return NULL;
    }
    const char *fields[] = { d->path, d->title, d->author, d->date, line, paragraph };
    size_t lens[] = { d->path_len, d->title_len, d->author_len, d->date_len, line_len,
                      (size_t)plen };
    for (int i = 0; i < 6; i++) {
        if (lens[i])
            memcpy(p, fields[i], lens[i]);
        p += lens[i];
        *p++ = SEP;
    }
    free(line);
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
    const char *space = memchr(fields[4], ' ', lens[4]);
    size_t line_len = space ? (size_t)(space - fields[4]) : lens[4];
    if (parse_number(fields[4], line_len, &d->line) != 0
        || parse_number(fields[5], lens[5], &d->paragraph) != 0)
        return -1;
    d->line_map = space ? space : "";
    d->line_map_len = lens[4] - line_len;
    d->text = p;
    d->text_len = (size_t)(end - p);
    return 0;
}

/* The number at s[*at..len), a run of digits, into *value; how many digits. */
static size_t read_number(const char *s, size_t len, size_t *at, size_t *value)
{
    size_t start = *at;
    *value = 0;
    while (*at < len && s[*at] >= '0' && s[*at] <= '9' && *value < SIZE_MAX / 10)
        *value = *value * 10 + (size_t)(s[(*at)++] - '0');
    return *at - start;
}

unsigned essay__line_at(unsigned line, const char *map, size_t map_len, size_t offset)
{
    size_t at = 0, begins = 0, delta, skip;
    while (at < map_len && map[at] == ' ') {
        at++;
        if (read_number(map, map_len, &at, &delta) == 0 || (begins += delta) > offset)
            break;
        skip = 1;
        if (at < map_len && map[at] == '+') {
            at++;
            if (read_number(map, map_len, &at, &skip) == 0)
                break;
        }
        if (skip > UINT_MAX - line)
            break;
        line += (unsigned)skip;
    }
    return line;
}

int essay__add_filter_term(xc_doc *doc, const char *prefix, const char *value, size_t len,
                           xc_error *xe)
{
    char term[246];     /* Xapian's glass backend stores terms of at most 245 bytes */
    int n = snprintf(term, sizeof term, "%s%.*s", prefix, (int)len, value);
    if (n < 0 || (size_t)n >= sizeof term)
        return 0;   /* Xapian's term length limit; the filter just will not match */
    return xc_doc_add_boolean_term(doc, term, (size_t)n, xe);
}
