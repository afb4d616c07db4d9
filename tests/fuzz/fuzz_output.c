/* fuzz_output.c -- arbitrary essays, file names and queries through the
 * whole reading path to the writers: essay_results_write().
 *
 * Input: one byte of options, then the essay's text, and optionally after a
 * NUL byte a query, and after another the file's name (essays may come with
 * any name a file system allows).  The essay is indexed (replacing the last
 * input's) in an index made at start-up, searched -- with the query given,
 * else with the first words of the essay, so that it is found -- and the
 * results are written in every format:
 *   - text, without colour: no byte below 0x20 but '\n', no DEL, no C1
 *     control (U+0080..U+009F, encoded or as a raw byte);
 *   - text in colour: the same once our own SGR sequences are removed;
 *   - JSON: one line that jansson parses, whose hits' highlights lie sorted
 *     inside their snippets, and no raw control character;
 *   - JSON lines: one parsable line a hit;
 *   - paths: one line an essay, each once, no control character.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "fuzz.h"
#include "private.h"

#define MAX_QUERY_WORDS 6

static essay_index *writer;
static const char *index_path;
static essay_analyzer *analyzer;
static char *previous_name;     /* of the essay indexed last */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FUZZ_CHECK(essay_analyzer_new("english", &analyzer) == ESSAY_OK, "no analyzer");
    writer = fuzz_index_create(&index_path);
    /* Another essay, so that the index is never empty and hits compete. */
    static const char other[] = "Other essay\n\nSecurity guarantees and the essay's words.\n";
    FUZZ_CHECK(fuzz_index_put(writer, "/fuzz/other.txt", other, strlen(other)) == ESSAY_OK,
               "cannot index the other essay");
    return 0;
}

/* ---- the query ------------------------------------------------------------ */

typedef struct {
    char text[MAX_QUERY_WORDS * 121];
    size_t len, words;
} word_query;

static int add_word(const essay_token *tok, void *ctx)
{
    word_query *q = ctx;
    if (tok->flags & ESSAY_TOKEN_WHOLE)
        return 0;
    memcpy(q->text + q->len, tok->term, tok->term_len);
    q->len += tok->term_len;
    q->text[q->len++] = ' ';
    q->text[q->len] = '\0';
    return ++q->words == MAX_QUERY_WORDS;
}

/* ---- checking what the writers wrote ---------------------------------------- */

/* Whether 'out' has a control character other than '\n': C0, DEL, or C1
 * encoded (U+0080..U+009F) or as a raw byte a terminal may obey. */
static bool has_control(const char *out, size_t len)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)out;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 1) {
            if (s[i] >= 0x80 && s[i] <= 0x9f)
                return true;
            i++;
            continue;
        }
        if ((cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp <= 0x9f))
            return true;
        i += (size_t)n;
    }
    return false;
}

/* 'out' without our colour sequences, ESC '[' digits and ';' 'm'. */
static size_t strip_colours(char *out, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        if (out[i] == '\033' && i + 1 < len && out[i + 1] == '[') {
            size_t j = i + 2;
            while (j < len && ((out[j] >= '0' && out[j] <= '9') || out[j] == ';'))
                j++;
            if (j < len && out[j] == 'm') {
                i = j;
                continue;
            }
        }
        out[w++] = out[i];
    }
    return w;
}

static void check_hit_json(json_t *hit)
{
    const char *snippet = json_string_value(json_object_get(hit, "snippet"));
    json_t *highlights = json_object_get(hit, "highlights");
    FUZZ_CHECK(snippet != NULL && json_is_array(highlights), "a hit without snippet or highlights");
    size_t len = json_string_length(json_object_get(hit, "snippet")), at = 0, i;
    json_t *span;
    json_array_foreach(highlights, i, span) {
        json_int_t start = json_integer_value(json_array_get(span, 0));
        json_int_t end = json_integer_value(json_array_get(span, 1));
        FUZZ_CHECK(start >= (json_int_t)at && start < end && end <= (json_int_t)len,
                   "highlight [%lld,%lld) after %zu in a snippet of %zu bytes", (long long)start,
                   (long long)end, at, len);
        at = (size_t)end;
    }
}

/* Parse the JSON on one line [line, line + len); returns it (a new reference). */
static json_t *parse_line(const char *line, size_t len)
{
    json_error_t error;
    json_t *value = json_loadb(line, len, 0, &error);
    FUZZ_CHECK(value != NULL, "JSON does not parse: %s: %.*s", error.text, (int)len, line);
    return value;
}

static void check_output(essay_output format, int color, char *out, size_t len, size_t hits)
{
    FUZZ_CHECK(memchr(out, '\0', len) == NULL, "a NUL byte in the output");
    if (format == ESSAY_OUTPUT_TEXT && color)
        len = strip_colours(out, len);
    FUZZ_CHECK(!has_control(out, len), "a control character in format %d (colour %d): %.*s",
               (int)format, color, (int)len, out);
    if (format == ESSAY_OUTPUT_JSON) {
        FUZZ_CHECK(len > 0 && out[len - 1] == '\n' && memchr(out, '\n', len) == out + len - 1,
                   "JSON is not one line");
        json_t *doc = parse_line(out, len - 1);
        json_t *array = json_object_get(doc, "hits"), *hit;
        FUZZ_CHECK(json_is_array(array) && json_array_size(array) == hits, "JSON hits");
        size_t i;
        json_array_foreach(array, i, hit)
            check_hit_json(hit);
        json_decref(doc);
    } else if (format == ESSAY_OUTPUT_JSONL) {
        size_t lines = 0;
        for (char *line = out, *end; line < out + len; line = end + 1, lines++) {
            end = memchr(line, '\n', (size_t)(out + len - line));
            FUZZ_CHECK(end != NULL, "a JSON line without its line end");
            json_t *hit = parse_line(line, (size_t)(end - line));
            check_hit_json(hit);
            json_decref(hit);
        }
        FUZZ_CHECK(lines == hits, "%zu JSON lines for %zu hits", lines, hits);
    }
}

static void write_and_check(const essay_results *r, const char *query, essay_output format,
                            int color)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    FUZZ_CHECK(f != NULL, "no memory stream");
    FUZZ_CHECK(essay_results_write(r, query, format, color, f) == ESSAY_OK, "the writer failed");
    FUZZ_CHECK(fclose(f) == 0, "the memory stream failed");
    check_output(format, color, out, len, essay_results_count(r));
    free(out);
}

/* ---- one input ------------------------------------------------------------- */

/* Index 'text' as the essay 'name', in place of the last input's essay. */
static bool index_essay(const char *name, const char *text, size_t len)
{
    essay_change change;
    if (previous_name != NULL)
        FUZZ_CHECK(essay_index_remove(writer, previous_name, &change, NULL) == ESSAY_OK,
                   "cannot remove %s", previous_name);
    free(previous_name);
    previous_name = strdup(name);
    essay_status st = fuzz_index_put(writer, name, text, len);
    FUZZ_CHECK(st == ESSAY_OK || st == ESSAY_BAD_INPUT, "indexing failed: %s",
               essay_strerror(st));
    if (st != ESSAY_OK)
        FUZZ_CHECK(essay_index_commit(writer, NULL) == ESSAY_OK, "commit failed");
    return st == ESSAY_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned options = data[0];
    /* essay NUL query NUL name */
    const char *parts[3] = { (const char *)data + 1, "", "essay.txt" };
    size_t lens[3] = { size - 1, 0, 9 };
    for (int i = 0; i < 2; i++) {
        const char *nul = memchr(parts[i], '\0', lens[i]);
        if (nul == NULL)
            break;
        parts[i + 1] = nul + 1;
        lens[i + 1] = lens[i] - (size_t)(nul + 1 - parts[i]);
        lens[i] = (size_t)(nul - parts[i]);
    }
    /* A name that cannot leave /fuzz/ or name a real file. */
    char *name = malloc(lens[2] + 7);
    FUZZ_CHECK(name != NULL, "out of memory");
    memcpy(name, "/fuzz/", 6);
    for (size_t i = 0; i < lens[2]; i++)
        name[6 + i] = parts[2][i] == '/' || parts[2][i] == '\0' ? '_' : parts[2][i];
    name[6 + lens[2]] = '\0';

    if (index_essay(name, parts[0], lens[0])) {
        word_query words = { .len = 0 };
        char *query = NULL;
        if (lens[1] > 0) {
            query = fuzz_strndup((const uint8_t *)parts[1], lens[1]);
        } else {
            FUZZ_CHECK(essay_analyze(analyzer, parts[0], lens[0], add_word, &words) == ESSAY_OK,
                       "analysis failed");
            query = strdup(words.text);
        }
        essay_searcher *s = NULL;
        FUZZ_CHECK(essay_searcher_open(index_path, &s, NULL) == ESSAY_OK, "cannot open the index");
        essay_search_options opt = essay_search_defaults();
        opt.match_any = lens[1] == 0 || (options & 1);
        opt.snippet_chars = (options >> 1) & 0x7f;
        essay_results *r = NULL;
        if (essay_search(s, query, &opt, &r, NULL) == ESSAY_OK) {
            write_and_check(r, query, ESSAY_OUTPUT_TEXT, 0);
            write_and_check(r, query, ESSAY_OUTPUT_TEXT, 1);
            write_and_check(r, query, ESSAY_OUTPUT_JSON, 0);
            write_and_check(r, query, ESSAY_OUTPUT_JSONL, 0);
            write_and_check(r, query, ESSAY_OUTPUT_PATHS, 0);
        }
        essay_results_free(r);
        essay_searcher_close(s);
        free(query);
    }
    free(name);
    return 0;
}
