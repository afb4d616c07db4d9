/* fuzz_analyze.c -- arbitrary bytes through the analyzer, essay_analyze().
 *
 * The first byte picks the analyzer (English, Russian or no stemming: Latin,
 * Cyrillic and the unstemmed path); the rest is the text.  Every token must
 * lie inside the text, in order; the parts of a word take consecutive
 * positions from 0 and a hyphenated whole shares its first part's position;
 * terms and stems are non-empty, NUL-terminated, at most 120 bytes and
 * well-formed UTF-8.  essay_analyzer_stem() of the text must agree with the
 * stem of its first token.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "private.h"

#define MAX_TERM_BYTES 120      /* analyze.c's MAX_TERM */

static const char *const languages[] = { "english", "russian", "none" };
#define N_LANGUAGES (sizeof languages / sizeof languages[0])
static essay_analyzer *analyzers[N_LANGUAGES];

typedef struct {
    const char *text;
    size_t len;                 /* of the text */
    size_t tokens;
    size_t last_start;
    unsigned next_position;     /* of the next part */
    char first_stem[MAX_TERM_BYTES + 1];
} expectations;

static void check_string(const char *what, const char *s, size_t len)
{
    FUZZ_CHECK(len > 0 && len <= MAX_TERM_BYTES, "%s of %zu bytes", what, len);
    FUZZ_CHECK(s[len] == '\0' && strlen(s) == len, "%s is not a NUL-terminated string", what);
    FUZZ_CHECK(fuzz_valid_utf8(s, len), "%s '%s' is not UTF-8", what, s);
}

static int check_token(const essay_token *tok, void *ctx)
{
    expectations *e = ctx;
    FUZZ_CHECK(tok->start < tok->end && tok->end <= e->len, "token [%zu,%zu) in %zu bytes",
               tok->start, tok->end, e->len);
    FUZZ_CHECK(tok->start >= e->last_start, "token at %zu after one at %zu", tok->start,
               e->last_start);
    FUZZ_CHECK((tok->flags & ~(ESSAY_TOKEN_WHOLE | ESSAY_TOKEN_CAPITAL
                               | ESSAY_TOKEN_SENTENCE_START)) == 0, "unknown flags %u", tok->flags);
    FUZZ_CHECK(!(tok->flags & ESSAY_TOKEN_WHOLE) || tok->flags == ESSAY_TOKEN_WHOLE,
               "a whole with flags %u", tok->flags);
    /* The first word begins a sentence; an ASCII capital is one. */
    FUZZ_CHECK((tok->flags & ESSAY_TOKEN_WHOLE) || e->next_position > 0
               || (tok->flags & ESSAY_TOKEN_SENTENCE_START), "the first word begins no sentence");
    unsigned char first = (unsigned char)e->text[tok->start];
    FUZZ_CHECK((tok->flags & ESSAY_TOKEN_WHOLE) || first >= 0x80
               || !(tok->flags & ESSAY_TOKEN_CAPITAL) == !(first >= 'A' && first <= 'Z'),
               "'%c' flagged %u", first, tok->flags);
    /* A whole comes before its parts, at the first part's position. */
    FUZZ_CHECK(tok->position == e->next_position, "position %u, expected %u", tok->position,
               e->next_position);
    if (!(tok->flags & ESSAY_TOKEN_WHOLE))
        e->next_position++;
    check_string("term", tok->term, tok->term_len);
    check_string("stem", tok->stem, tok->stem_len);
    if (e->tokens++ == 0)
        memcpy(e->first_stem, tok->stem, tok->stem_len + 1);
    e->last_start = tok->start;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < N_LANGUAGES; i++)
        FUZZ_CHECK(essay_analyzer_new(languages[i], &analyzers[i]) == ESSAY_OK,
                   "no analyzer for %s", languages[i]);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    essay_analyzer *an = analyzers[data[0] % N_LANGUAGES];
    /* A copy of exactly the text's size, so ASan sees any read past it. */
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    FUZZ_CHECK(text != NULL, "out of memory");
    memcpy(text, data + 1, len);

    expectations e = { .text = text, .len = len };
    FUZZ_CHECK(essay_analyze(an, text, len, check_token, &e) == ESSAY_OK, "analysis failed");
    const char *stem = essay_analyzer_stem(an, text, len);
    FUZZ_CHECK(strcmp(stem, e.tokens ? e.first_stem : "") == 0,
               "essay_analyzer_stem gives '%s', the first token's stem is '%s'", stem,
               e.tokens ? e.first_stem : "");
    free(text);
    return 0;
}
