/* fuzz_snippet.c -- an arbitrary paragraph and query through essay__snippet().
 *
 * Input: one byte for the snippet budget (0: the default, else 1..255 times
 * 2), then the query up to the first NUL byte, then the paragraph.  The
 * query goes through the query parser for its matchset (a bad query: none),
 * with weights varied by group.  The snippet must be "…" + a piece of the
 * paragraph + "…" (each ellipsis optional), the whole paragraph when it fits
 * the budget, NUL-terminated, and well-formed UTF-8 when the paragraph is;
 * its highlight spans must be non-empty, sorted, non-overlapping and inside
 * the piece of the paragraph.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "private.h"

#define ELLIPSIS "\xE2\x80\xA6"
#define ELLIPSIS_LEN 3
#define DEFAULT_BUDGET 240      /* snippet.c's DEFAULT_SNIPPET_BYTES */

static essay_analyzer *analyzer;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FUZZ_CHECK(essay_analyzer_new("english", &analyzer) == ESSAY_OK, "no analyzer");
    return 0;
}

static bool has_ellipsis(const char *s, size_t len, size_t at)
{
    return len >= ELLIPSIS_LEN && at <= len - ELLIPSIS_LEN
           && memcmp(s + at, ELLIPSIS, ELLIPSIS_LEN) == 0;
}

/* Whether s[0..len) is text[start..end) with an optional "…" either side;
 * sets [*from, *to) to where the piece of text lies in s. */
static bool is_cut_from(const essay_snippet *s, const char *text, size_t len, size_t *from,
                        size_t *to)
{
    for (int before = 0; before <= 1; before++) {
        for (int after = 0; after <= 1; after++) {
            size_t b = before ? ELLIPSIS_LEN : 0, a = after ? ELLIPSIS_LEN : 0;
            if (b + a > s->len || (before && !has_ellipsis(s->text, s->len, 0))
                || (after && !has_ellipsis(s->text, s->len, s->len - ELLIPSIS_LEN)))
                continue;
            size_t piece = s->len - b - a;
            if (piece == 0 || memmem(text, len, s->text + b, piece) != NULL) {
                *from = b;
                *to = s->len - a;
                return true;
            }
        }
    }
    return false;
}

static void check_snippet(const essay_snippet *s, const char *text, size_t len, size_t budget)
{
    FUZZ_CHECK(s->text != NULL && s->text[s->len] == '\0', "not a NUL-terminated snippet");
    if (len <= budget)
        FUZZ_CHECK(s->len == len && memcmp(s->text, text, len) == 0,
                   "a paragraph of %zu bytes, within the budget of %zu, not returned whole", len,
                   budget);
    size_t from = 0, to = 0;
    FUZZ_CHECK(is_cut_from(s, text, len, &from, &to), "the snippet is not a piece of the text");
    if (fuzz_valid_utf8(text, len))
        FUZZ_CHECK(fuzz_valid_utf8(s->text, s->len), "the snippet is not UTF-8");
    size_t at = from;
    for (size_t i = 0; i < s->n_spans; i++) {
        const essay_span *sp = &s->spans[i];
        FUZZ_CHECK(sp->start >= at && sp->start < sp->end && sp->end <= to,
                   "span %zu [%zu,%zu): previous end %zu, text in [%zu,%zu)", i, sp->start,
                   sp->end, at, from, to);
        at = sp->end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t budget = data[0] ? 2u * data[0] : DEFAULT_BUDGET;
    const uint8_t *rest = data + 1, *nul = memchr(rest, '\0', size - 1);
    size_t query_len = nul ? (size_t)(nul - rest) : 0;
    const uint8_t *para = nul ? nul + 1 : rest;
    size_t len = size - (size_t)(para - data);

    essay_query *q = NULL;
    essay_matchset *m = NULL;
    if (essay__query_parse(analyzer, (const char *)rest, query_len, 0, &q, NULL) == ESSAY_OK) {
        m = essay__query_matchset(q);
        FUZZ_CHECK(m != NULL, "no matchset");
        for (size_t g = 0; g < m->n; g++)
            m->groups[g].weight = 1.0 + (double)(g % 3);
    }
    /* A copy of exactly the paragraph's size, so ASan sees any read past it. */
    char *text = malloc(len ? len : 1);
    FUZZ_CHECK(text != NULL, "out of memory");
    memcpy(text, para, len);

    essay_snippet s;
    FUZZ_CHECK(essay__snippet(analyzer, text, len, m, data[0] ? budget : 0, &s) == ESSAY_OK,
               "snippet failed");
    check_snippet(&s, text, len, budget);
    essay__snippet_clear(&s);
    free(text);
    essay__query_free(q);
    return 0;
}
