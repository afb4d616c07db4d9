/* fuzz_essayfile.c -- arbitrary files through the essay parser, essay__file_parse().
 *
 * The input is the whole file.  The parser must refuse it (ESSAY_BAD_INPUT,
 * with a message naming the file) exactly when it holds a NUL byte or is
 * not well-formed UTF-8 -- checked here independently with utf8proc -- and
 * otherwise give a title and fields that are UTF-8 without control
 * characters (a date in ISO form), and paragraphs that are non-empty, at most
 * ESSAY_MAX_PARAGRAPH bytes, NUL-terminated, UTF-8, inside the storage
 * essayfile.c documents (no more than the input plus a byte per cut), with
 * line numbers from 1 that never go down and never pass the file's last line,
 * and line maps that give each byte of a paragraph's text its line, stored
 * and read back.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "private.h"

#define NAME "fuzz.txt"

static void check_field(const char *what, const char *s)
{
    if (s == NULL)
        return;
    size_t len = strlen(s);
    FUZZ_CHECK(fuzz_valid_utf8(s, len), "%s is not UTF-8", what);
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7f,
                   "%s holds control character 0x%02x at %zu", what, (unsigned char)s[i], i);
}

/* Lines as essayfile.c counts them: ends at LF, CRLF or a lone CR. */
static size_t count_lines(const char *buf, size_t len)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 == len || buf[i + 1] != '\n')))
            lines++;
    return lines;
}

/* Paragraph i's later lines begin inside it, each after the one before, on
 * later lines of the file; stored (schema.c) and read back, each byte of
 * its text is on the line that holds it. */
static void check_line_map(const essay_file *f, const essay_paragraph *p, size_t i, size_t lines)
{
    FUZZ_CHECK(p->lines + p->n_lines <= f->n_line_starts, "paragraph %zu: lines past the end", i);
    const essay_line_start *ls = p->n_lines ? f->line_starts + p->lines : NULL;
    for (size_t k = 0; k < p->n_lines; k++)
        FUZZ_CHECK(ls[k].offset > (k ? ls[k - 1].offset : 0) && ls[k].offset < p->len
                   && ls[k].number > (k ? ls[k - 1].number : p->line) && ls[k].number <= lines,
                   "paragraph %zu: line %zu of it at byte %zu, line %u", i, k, ls[k].offset,
                   ls[k].number);
    essay_docdata d = { .path = "p", .path_len = 1, .title = "t", .title_len = 1,
                        .text = p->text, .text_len = p->len, .line = p->line, .paragraph = 1,
                        .line_starts = ls, .n_line_starts = p->n_lines };
    size_t packed_len;
    char *packed = essay__docdata_pack(&d, &packed_len);
    essay_docdata out;
    FUZZ_CHECK(packed != NULL && essay__docdata_unpack(packed, packed_len, &out) == 0,
               "paragraph %zu: its document data does not read back", i);
    for (size_t k = 0; k <= p->n_lines; k++) {
        size_t at = k < p->n_lines ? ls[k].offset : p->len - 1;
        unsigned want = k < p->n_lines ? ls[k].number : p->n_lines ? ls[k - 1].number : p->line;
        FUZZ_CHECK(essay__line_at(out.line, out.line_map, out.line_map_len, at) == want,
                   "paragraph %zu: byte %zu read back on the wrong line", i, at);
        if (k < p->n_lines)
            FUZZ_CHECK(essay__line_at(out.line, out.line_map, out.line_map_len, at - 1)
                       == (k ? ls[k - 1].number : p->line),
                       "paragraph %zu: the byte before line %zu of it moved", i, k);
    }
    free(packed);
}

static void check_paragraphs(const essay_file *f, const char *buf, size_t len)
{
    size_t lines = count_lines(buf, len);
    /* The storage bound of essayfile.c's comment: the input, a NUL for a
     * last line without a line end, and one byte a cut inside a word. */
    size_t storage = len + 2 + len / (ESSAY_MAX_PARAGRAPH - 3);
    unsigned last_line = 1;
    for (size_t i = 0; i < f->n_paragraphs; i++) {
        const essay_paragraph *p = &f->paragraphs[i];
        FUZZ_CHECK(p->len > 0 && p->len <= ESSAY_MAX_PARAGRAPH, "paragraph %zu: %zu bytes", i,
                   p->len);
        FUZZ_CHECK(p->text >= f->storage && (size_t)(p->text - f->storage) + p->len < storage,
                   "paragraph %zu lies outside the storage", i);
        FUZZ_CHECK(p->text[p->len] == '\0' && memchr(p->text, '\0', p->len) == NULL,
                   "paragraph %zu is not one NUL-terminated string", i);
        FUZZ_CHECK(fuzz_valid_utf8(p->text, p->len), "paragraph %zu is not UTF-8", i);
        FUZZ_CHECK(p->line >= last_line && p->line <= lines,
                   "paragraph %zu on line %u (previous %u, lines %zu)", i, p->line, last_line,
                   lines);
        last_line = p->line;
        check_line_map(f, p, i, lines);
    }
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD", as header.c stores a date. */
static bool is_iso_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly the input's size, so ASan sees any read past it. */
    char *buf = malloc(size ? size : 1);
    FUZZ_CHECK(buf != NULL, "out of memory");
    memcpy(buf, data, size);
    bool valid = memchr(buf, '\0', size) == NULL && fuzz_valid_utf8(buf, size);

    essay_file *f = NULL;
    char *err = NULL;
    essay_status st = essay__file_parse(NAME, buf, size, &f, &err);
    if (valid) {
        FUZZ_CHECK(st == ESSAY_OK && f != NULL, "valid text refused: %s", err ? err : "");
        FUZZ_CHECK(f->title != NULL, "no title");
        check_field("title", f->title);
        check_field("author", f->author);
        check_field("date", f->date);
        FUZZ_CHECK(f->date == NULL || is_iso_date(f->date), "date '%s' is not ISO", f->date);
        check_field("source", f->source);
        check_field("language", f->language);
        check_paragraphs(f, buf, size);
    } else {
        FUZZ_CHECK(st == ESSAY_BAD_INPUT && f == NULL, "bad text accepted (status %d)", st);
        FUZZ_CHECK(err != NULL && strncmp(err, NAME ":", strlen(NAME ":")) == 0,
                   "message '%s' does not name the file", err ? err : "");
    }
    essay__file_free(f);
    free(err);
    free(buf);
    return 0;
}
