/* test_output.c -- unit tests of core/output.c: search results written for
 * people (text, plain and coloured) and for scripts (JSON, JSON lines,
 * paths), and errors written for scripts.
 *
 * The fixture indexes three small essays from memory into a mkdtemp()
 * directory, under names in its "sub" directory, and makes that directory
 * the current one (so the text format shows paths relative to it).  One
 * essay carries escape sequences, a bell, a C1 control (U+009B, which some
 * terminals take for ESC [), a right-to-left override (U+202E) and a line
 * separator (U+2028).  Output goes to an open_memstream() FILE.
 * JSON is checked with a real parser (jansson's json_loads) against the
 * schema at the top of output.c and in the README: every field, its type,
 * null for what is absent, highlight offsets inside the snippet.  Control
 * characters must never come out raw, in any format, yet JSON must carry
 * them losslessly.  A hit's context (the paragraphs around it) comes in
 * both, when read.
 */
#include <criterion/criterion.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-output.XXXXXX";
static char *index_path;
static essay_searcher *searcher;

static const char HARVEST[] =
    "---\ntitle: Harvest\nauthor: Ann Reader\ndate: 2024-05-01\n---\n\n"
    "The orchard grows apples.\n\nThe meadow grows clover.\n\nAn orchard needs bees.\n";
static const char PLAIN[] = "Plain notes\n\nWalnuts from the old orchard.\n";
static const char CONTROLS[] =
    "---\ntitle: Bells\x07 and \x1b[31mescapes\n---\n\n"
    "The screen was \x1b[2J cleared\x07 by a \xc2\x9b" "31m sequence and \x7f more, "
    "\xe2\x80\xae" "desrever \xe2\x80\xa8 and on.\n";

/* Where each essay is indexed (absolute, under the test directory). */
static char *harvest_path, *plain_path, *controls_path;

static char *in_dir(const char *name)
{
    char *path;
    cr_assert_gt(asprintf(&path, "%s/%s", dir, name), 0);
    return path;
}

static void add(essay_index *ix, const char *path, const char *text)
{
    essay_change change;
    size_t paragraphs;
    char *err = NULL;
    cr_assert_eq(essay_index_add_buffer(ix, path, text, strlen(text), &change, &paragraphs,
                                        &err), ESSAY_OK, "%s", err);
}

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(chdir(dir), 0);
    index_path = in_dir("index");
    harvest_path = in_dir("sub/harvest.txt");
    plain_path = in_dir("sub/plain.txt");
    controls_path = in_dir("sub/controls.txt");
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    add(ix, harvest_path, HARVEST);
    add(ix, plain_path, PLAIN);
    add(ix, controls_path, CONTROLS);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_searcher_open(index_path, &searcher, &err), ESSAY_OK, "%s", err);
}

static void teardown(void)
{
    essay_searcher_close(searcher);
    essay__remove_tree(dir, NULL);
    free(index_path);
    free(harvest_path);
    free(plain_path);
    free(controls_path);
}

TestSuite(output, .init = setup, .fini = teardown);

static essay_results *run(const char *query)
{
    essay_results *r = NULL;
    char *err = NULL;
    cr_assert_eq(essay_search(searcher, query, NULL, &r, &err), ESSAY_OK, "%s: %s", query, err);
    return r;
}

/* What essay_results_write() writes for 'r' (malloc'd, NUL-terminated). */
static char *written(const essay_results *r, const char *query, essay_output format, int color)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out);
    cr_assert_eq(essay_results_write(r, query, format, color, out), ESSAY_OK);
    cr_assert_eq(fclose(out), 0);
    cr_assert_eq(strlen(text), len, "no NUL byte in the output");
    return text;
}

static char *written_for(const char *query, essay_output format, int color)
{
    essay_results *r = run(query);
    char *text = written(r, query, format, color);
    essay_results_free(r);
    return text;
}

/* What essay_results_write_stream() writes for the streamed results of
 * 'query' with 'opt' (malloc'd). */
static char *streamed_for(const char *query, const essay_search_options *opt,
                          essay_output format, int color)
{
    essay_results *r = NULL;
    char *err = NULL, *text = NULL;
    size_t len = 0;
    cr_assert_eq(essay_search_stream(searcher, query, opt, &r, &err), ESSAY_OK, "%s", err);
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out);
    cr_assert_eq(essay_results_write_stream(r, query, format, color, out, &err), ESSAY_OK,
                 "%s", err ? err : "");
    cr_assert_null(err);
    cr_assert_eq(fclose(out), 0);
    cr_assert_eq(strlen(text), len, "no NUL byte in the output");
    essay_results_free(r);
    return text;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        n++;
    return n;
}

/* ---- JSON ------------------------------------------------------------------------ */

static json_t *parse(const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text, 0, &error);
    cr_assert_not_null(value, "not JSON (%s at %d): %s", error.text, error.position, text);
    return value;
}

static json_t *field(json_t *object, const char *name)
{
    json_t *value = json_object_get(object, name);
    cr_assert_not_null(value, "no field \"%s\"", name);
    return value;
}

static void assert_string_or_null(json_t *value, const char *name)
{
    cr_assert(json_is_string(value) || json_is_null(value), "\"%s\" is a string or null", name);
}

/* A hit object has every field of the schema, with its type; its
 * highlights cover 'word' (any case) inside the snippet. */
static void assert_hit_object(json_t *hit, long rank, const char *word)
{
    cr_assert(json_is_object(hit));
    cr_assert_eq(json_object_size(hit), 15, "exactly the documented fields");
    cr_assert_eq(json_integer_value(field(hit, "rank")), rank);
    cr_assert(json_is_real(field(hit, "score")));
    cr_assert_gt(json_real_value(field(hit, "score")), 0.0);
    const char *path = json_string_value(field(hit, "path"));
    cr_assert_not_null(path);
    cr_assert_eq(path[0], '/', "JSON paths are absolute: %s", path);
    cr_assert_geq(json_integer_value(field(hit, "line")), 1);
    cr_assert_geq(json_integer_value(field(hit, "match_line")),
                  json_integer_value(field(hit, "line")), "the match is in the paragraph");
    cr_assert_geq(json_integer_value(field(hit, "paragraph")), 1);
    const char *anchor = json_string_value(field(hit, "anchor"));
    cr_assert(anchor && strlen(anchor) == ESSAY_ANCHOR_SIZE - 1, "an anchor: %s", anchor);
    cr_assert(json_is_integer(field(hit, "copies")));
    cr_assert_geq(json_integer_value(field(hit, "copies")), 0);
    cr_assert(json_is_string(field(hit, "title")));
    assert_string_or_null(field(hit, "author"), "author");
    assert_string_or_null(field(hit, "date"), "date");
    cr_assert_str_eq(json_string_value(field(hit, "language")), "english");
    cr_assert(json_is_string(field(hit, "text")));
    const char *snippet = json_string_value(field(hit, "snippet"));
    cr_assert_not_null(snippet);
    size_t len = json_string_length(field(hit, "snippet"));
    json_t *spans = field(hit, "highlights");
    cr_assert(json_is_array(spans));
    cr_assert_gt(json_array_size(spans), 0);
    size_t i;
    json_t *span;
    json_array_foreach(spans, i, span) {
        cr_assert(json_is_array(span) && json_array_size(span) == 2);
        json_int_t start = json_integer_value(json_array_get(span, 0));
        json_int_t end = json_integer_value(json_array_get(span, 1));
        cr_assert(0 <= start && start < end && (size_t)end <= len, "span [%lld, %lld) of %zu",
                  (long long)start, (long long)end, len);
        cr_assert_eq((size_t)(end - start), strlen(word));
        cr_assert_eq(strncasecmp(snippet + start, word, strlen(word)), 0, "highlighted '%.*s'",
                     (int)(end - start), snippet + start);
    }
}

Test(output, json_has_every_field_of_the_schema)
{
    essay_results *r = run("orchard");
    size_t n = essay_results_count(r);
    cr_assert_eq(n, 3);
    char *text = written(r, "orchard", ESSAY_OUTPUT_JSON, 0);
    cr_assert_eq(count_lines(text), 1, "one object on one line");
    cr_assert_eq(text[strlen(text) - 1], '\n');
    json_t *doc = parse(text);
    cr_assert_eq(json_object_size(doc), 10);
    cr_assert_str_eq(json_string_value(field(doc, "query")), "orchard");
    cr_assert(json_is_null(field(doc, "error")));
    cr_assert_eq(json_integer_value(field(doc, "total")), (json_int_t)essay_results_estimate(r));
    cr_assert(json_is_null(field(doc, "suggestion")));
    cr_assert(json_is_null(field(doc, "corrected")));
    cr_assert(json_is_null(field(doc, "asked_of")));
    cr_assert(json_is_false(field(doc, "relaxed")));
    cr_assert_eq(json_array_size(field(doc, "unrecorded")), 0);
    cr_assert(json_is_null(field(doc, "unfiltered")));
    json_t *hits = field(doc, "hits");
    cr_assert_eq(json_array_size(hits), n);
    for (size_t i = 0; i < n; i++) {
        json_t *hit = json_array_get(hits, i);
        const essay_hit *h = essay_results_hit(r, i);
        assert_hit_object(hit, (long)i + 1, "orchard");
        cr_assert_str_eq(json_string_value(field(hit, "path")), h->path);
        cr_assert_str_eq(json_string_value(field(hit, "text")), h->text);
        cr_assert_eq(json_integer_value(field(hit, "line")), h->line);
        if (strcmp(h->path, harvest_path) == 0) {
            cr_assert_str_eq(json_string_value(field(hit, "title")), "Harvest");
            cr_assert_str_eq(json_string_value(field(hit, "author")), "Ann Reader");
            cr_assert_str_eq(json_string_value(field(hit, "date")), "2024-05-01");
        } else {
            cr_assert_str_eq(json_string_value(field(hit, "title")), "Plain notes");
            cr_assert(json_is_null(field(hit, "author")));
            cr_assert(json_is_null(field(hit, "date")));
        }
    }
    json_decref(doc);
    free(text);
    essay_results_free(r);
}

Test(output, json_carries_the_suggestion_and_no_hits)
{
    essay_search_options o = essay_search_defaults();
    o.strict = 1;
    essay_results *r = NULL;
    cr_assert_eq(essay_search(searcher, "orchad", &o, &r, NULL), ESSAY_OK);
    char *text = written(r, "orchad", ESSAY_OUTPUT_JSON, 0);
    essay_results_free(r);
    json_t *doc = parse(text);
    cr_assert_str_eq(json_string_value(field(doc, "suggestion")), "orchard");
    cr_assert(json_is_null(field(doc, "corrected")));
    cr_assert_eq(json_integer_value(field(doc, "total")), 0);
    cr_assert(json_is_array(field(doc, "hits")));
    cr_assert_eq(json_array_size(field(doc, "hits")), 0);
    json_decref(doc);
    free(text);
}

Test(output, json_says_what_was_searched_instead)
{
    char *text = written_for("orchad", ESSAY_OUTPUT_JSON, 0);
    json_t *doc = parse(text);
    cr_assert_str_eq(json_string_value(field(doc, "corrected")), "orchard");
    cr_assert(json_is_null(field(doc, "suggestion")));
    cr_assert_gt(json_array_size(field(doc, "hits")), 0);
    cr_assert(json_is_false(field(doc, "relaxed")));
    json_decref(doc);
    free(text);

    essay_search_options o = essay_search_defaults();
    o.no_correct = 1;
    essay_results *r = NULL;
    cr_assert_eq(essay_search(searcher, "orchard zzyzzyva", &o, &r, NULL), ESSAY_OK);
    text = written(r, "orchard zzyzzyva", ESSAY_OUTPUT_JSON, 0);
    essay_results_free(r);
    doc = parse(text);
    cr_assert(json_is_true(field(doc, "relaxed")));
    cr_assert_gt(json_array_size(field(doc, "hits")), 0);
    json_decref(doc);
    free(text);
}

Test(output, jsonl_writes_one_hit_object_a_line)
{
    char *text = written_for("orchard", ESSAY_OUTPUT_JSONL, 0);
    cr_assert_eq(count_lines(text), 3);
    long rank = 1;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), rank++) {
        json_t *hit = parse(line);
        assert_hit_object(hit, rank, "orchard");
        json_decref(hit);
    }
    cr_assert_eq(rank, 4);
    free(text);
}

/* ---- text ------------------------------------------------------------------------- */

Test(output, plain_text_has_no_escape_codes_and_relative_paths)
{
    essay_results *r = run("apples");
    cr_assert_eq(essay_results_count(r), 1);
    char *text = written(r, "apples", ESSAY_OUTPUT_TEXT, 0);
    cr_assert_null(strchr(text, '\033'), "no escape codes: %s", text);
    char want[128];
    snprintf(want, sizeof want, "sub/harvest.txt:%u\n", essay_results_hit(r, 0)->line);
    cr_assert_not_null(strstr(text, "1. Harvest \xe2\x80\x94 Ann Reader (2024-05-01)\n"), "%s",
                       text);
    cr_assert_not_null(strstr(text, want), "path relative to the current directory: %s", text);
    cr_assert_null(strstr(text, dir), "no absolute path: %s", text);
    cr_assert_not_null(strstr(text, "The orchard grows apples."), "%s", text);
    free(text);
    essay_results_free(r);
}

Test(output, coloured_text_highlights_the_matched_word)
{
    char *text = written_for("apples", ESSAY_OUTPUT_TEXT, 1);
    cr_assert_not_null(strstr(text, "\033[1;31mapples\033[0m"), "%s", text);
    cr_assert_not_null(strstr(text, "\033[1mHarvest\033[0m"), "%s", text);
    free(text);
    text = written_for("apples", ESSAY_OUTPUT_TEXT, 0);
    cr_assert_not_null(strstr(text, "grows apples."), "plain text keeps the word bare: %s", text);
    free(text);
}

Test(output, a_heading_over_the_paragraph_is_a_line_of_its_own)
{
    /* PLAIN's title line heads its paragraph (essayfile.c). */
    essay_results *r = run("walnuts");
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_results_hit(r, 0)->text, "Plain notes\nWalnuts from the old orchard.");
    char *text = written(r, "walnuts", ESSAY_OUTPUT_TEXT, 0);
    /* path:line is the line of the match, under the title and a blank line */
    cr_assert_not_null(strstr(text, ":3\n   Plain notes\n   Walnuts from the old orchard.\n"),
                       "the heading, then the text, indented alike: %s", text);
    free(text);
    text = written(r, "walnuts", ESSAY_OUTPUT_JSON, 0);
    json_t *doc = parse(text);
    json_t *hit = json_array_get(field(doc, "hits"), 0);
    cr_assert_str_eq(json_string_value(field(hit, "text")),
                     "Plain notes\nWalnuts from the old orchard.");
    cr_assert_str_eq(json_string_value(field(hit, "snippet")),
                     "Plain notes\nWalnuts from the old orchard.");
    cr_assert_eq(json_integer_value(field(hit, "line")), 1, "the paragraph starts on its heading");
    cr_assert_eq(json_integer_value(field(hit, "match_line")), 3, "walnuts is on line 3");
    json_decref(doc);
    free(text);
    essay_results_free(r);
}

/* With its context read, a hit shows the paragraphs around it, "LINE- "
 * before each, dimmed in colour, and its snippet as "LINE: ", as grep -C
 * shows lines. */
Test(output, text_with_context_shows_the_paragraphs_around_the_hit)
{
    essay_results *r = run("clover");
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_eq(essay_results_add_context(searcher, r, 0, 1, 1, NULL), ESSAY_OK);
    char *text = written(r, "clover", ESSAY_OUTPUT_TEXT, 0);
    cr_assert_not_null(strstr(text, "sub/harvest.txt:9\n"
                                    "   7- The orchard grows apples.\n"
                                    "   9: The meadow grows clover.\n"
                                    "   11- An orchard needs bees.\n\n"), "%s", text);
    free(text);
    text = written(r, "clover", ESSAY_OUTPUT_TEXT, 1);
    cr_assert_not_null(strstr(text, "   \033[2m7- The orchard grows apples.\033[0m\n"), "%s",
                       text);
    cr_assert_not_null(strstr(text, "   \033[2m11- An orchard needs bees.\033[0m\n"), "%s",
                       text);
    free(text);
    essay_results_free(r);
}

/* "before" and "after" come with a hit whose context was read, even when
 * there is none on one side; never with one whose context was not. */
Test(output, json_with_context_has_before_and_after)
{
    essay_results *r = run("orchard");
    cr_assert_eq(essay_results_count(r), 3);
    size_t bees = 0;
    while (strcmp(essay_results_hit(r, bees)->text, "An orchard needs bees.") != 0)
        bees++;
    cr_assert_eq(essay_results_add_context(searcher, r, bees, 2, 3, NULL), ESSAY_OK);
    char *text = written(r, "orchard", ESSAY_OUTPUT_JSON, 0);
    json_t *doc = parse(text);
    json_t *hit = json_array_get(field(doc, "hits"), bees);
    cr_assert_eq(json_object_size(hit), 17);
    json_t *before = field(hit, "before"), *after = field(hit, "after");
    cr_assert_eq(json_array_size(before), 2);
    cr_assert_eq(json_integer_value(field(json_array_get(before, 0), "line")), 7);
    cr_assert_str_eq(json_string_value(field(json_array_get(before, 0), "text")),
                     "The orchard grows apples.");
    cr_assert_eq(json_integer_value(field(json_array_get(before, 1), "line")), 9);
    cr_assert_eq(json_object_size(json_array_get(before, 1)), 2, "line and text");
    cr_assert(json_is_array(after));
    cr_assert_eq(json_array_size(after), 0, "the last paragraph of its essay");
    for (size_t i = 0; i < 3; i++)
        if (i != bees)
            cr_assert_null(json_object_get(json_array_get(field(doc, "hits"), i), "before"));
    json_decref(doc);
    free(text);
    text = written(r, "orchard", ESSAY_OUTPUT_JSONL, 0);
    cr_assert_not_null(strstr(text, "\"before\":[{\"line\":7,"), "%s", text);
    free(text);
    essay_results_free(r);
}

Test(output, nothing_found_writes_nothing_but_json)
{
    essay_output formats[] = { ESSAY_OUTPUT_TEXT, ESSAY_OUTPUT_JSONL, ESSAY_OUTPUT_PATHS };
    for (size_t i = 0; i < 3; i++) {
        char *text = written_for("zebra", formats[i], 1);
        cr_assert_str_eq(text, "", "format %zu", i);
        free(text);
    }
    char *text = written_for("zebra", ESSAY_OUTPUT_JSON, 0);
    json_t *doc = parse(text);
    cr_assert_eq(json_array_size(field(doc, "hits")), 0);
    json_decref(doc);
    free(text);
}

/* ---- untrusted text ---------------------------------------------------------------- */

/* Remove the colour codes output.c writes, so that any ESC left came from the essay. */
static void strip_colours(char *text)
{
    static const char *const codes[] = { "\033[1m", "\033[35m", "\033[32m", "\033[1;31m",
                                         "\033[2m", "\033[0m" };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        for (char *p; (p = strstr(text, codes[i])) != NULL;)
            memmove(p, p + strlen(codes[i]), strlen(p + strlen(codes[i])) + 1);
}

/* No C0 control but LF, no DEL, no C1 control (U+0080..U+009F), no bidi
 * control (U+202A..U+202E, U+2066..U+2069) nor line separator (U+2028,
 * U+2029) in 'text'. */
static void assert_no_raw_controls(const char *text, const char *what)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        cr_assert(*p >= 0x20 || *p == '\n', "%s: raw control 0x%02x in: %s", what, *p, text);
        cr_assert_neq(*p, 0x7f, "%s: raw DEL in: %s", what, text);
        cr_assert(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f), "%s: raw C1 control in: %s",
                  what, text);
        cr_assert(!(p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae)
                                     || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))),
                  "%s: raw bidi control or separator in: %s", what, text);
    }
}

Test(output, control_characters_never_reach_the_terminal)
{
    for (int color = 0; color <= 1; color++) {
        char *text = written_for("cleared", ESSAY_OUTPUT_TEXT, color);
        cr_assert_not_null(strstr(text, "cleared"), "%s", text);
        strip_colours(text);
        assert_no_raw_controls(text, color ? "coloured text" : "plain text");
        cr_assert_not_null(strstr(text, "\xef\xbf\xbd"), "shown as U+FFFD: %s", text);
        cr_assert_not_null(strstr(text, "Bells"), "%s", text);
        free(text);
    }
}

Test(output, json_escapes_control_characters_losslessly)
{
    essay_output formats[] = { ESSAY_OUTPUT_JSON, ESSAY_OUTPUT_JSONL };
    for (size_t i = 0; i < 2; i++) {
        char *text = written_for("cleared", formats[i], 0);
        assert_no_raw_controls(text, "JSON");
        cr_assert_not_null(strstr(text, "\\u009b"), "%s", text);
        cr_assert_not_null(strcasestr(text, "\\u001b"), "%s", text);
        cr_assert_not_null(strstr(text, "\\u202e"), "%s", text);
        cr_assert_not_null(strstr(text, "\\u2028"), "%s", text);
        json_t *doc = parse(text), *hit = formats[i] == ESSAY_OUTPUT_JSON
                                          ? json_array_get(field(doc, "hits"), 0) : doc;
        const char *paragraph = json_string_value(field(hit, "text"));
        cr_assert_not_null(strstr(paragraph, "\x1b[2J cleared\x07 by a \xc2\x9b" "31m"),
                           "the parsed text is the essay's: %s", paragraph);
        cr_assert_not_null(strstr(paragraph, "\x7f"));
        cr_assert_not_null(strstr(paragraph, "\xe2\x80\xae" "desrever \xe2\x80\xa8 and"));
        json_decref(doc);
        free(text);
    }
}

Test(output, the_query_is_echoed_escaped)
{
    essay_results *r = run("orchard");
    const char query[] = "orchard \"odd\" \\ \x1b[0m \xc2\x85";
    char *text = written(r, query, ESSAY_OUTPUT_JSON, 0);
    assert_no_raw_controls(text, "JSON");
    json_t *doc = parse(text);
    cr_assert_str_eq(json_string_value(field(doc, "query")), query);
    json_decref(doc);
    free(text);
    essay_results_free(r);
}

/* ---- paths ------------------------------------------------------------------------- */

Test(output, paths_lists_each_essay_once_in_rank_order)
{
    essay_results *r = run("orchard");
    cr_assert_eq(essay_results_count(r), 3, "two paragraphs of one essay, one of another");
    char *text = written(r, "orchard", ESSAY_OUTPUT_PATHS, 1);
    char want[1024];
    const char *first = essay_results_hit(r, 0)->path;
    snprintf(want, sizeof want, "%s\n%s\n", first,
             strcmp(first, harvest_path) == 0 ? plain_path : harvest_path);
    cr_assert_str_eq(text, want);
    free(text);
    essay_results_free(r);
}

Test(output, paths_with_control_characters_are_made_harmless)
{
    essay_index *ix;
    essay_searcher_close(searcher);
    searcher = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, NULL), ESSAY_OK);
    char *odd = in_dir("sub/odd\x1b]0;title\x07.txt");
    add(ix, odd, "Quinces in the cellar.\n");
    cr_assert_eq(essay_index_close(ix, NULL), ESSAY_OK);
    cr_assert_eq(essay_searcher_open(index_path, &searcher, NULL), ESSAY_OK);
    essay_output formats[] = { ESSAY_OUTPUT_PATHS, ESSAY_OUTPUT_TEXT, ESSAY_OUTPUT_JSON };
    for (size_t i = 0; i < 3; i++) {
        char *text = written_for("quinces", formats[i], 0);
        cr_assert_not_null(strstr(text, "odd"), "%s", text);
        assert_no_raw_controls(text, "path");
        free(text);
    }
    free(odd);
}

/* A file name need not be UTF-8: a stray byte 0x9b is CSI to an 8-bit
 * terminal, while the continuation bytes of "Łódź" (0xc5 0x81, ...) are text.
 * Found by tests/fuzz/fuzz_output. */
Test(output, stray_c1_bytes_in_paths_are_made_harmless)
{
    essay_index *ix;
    essay_searcher_close(searcher);
    searcher = NULL;
    cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, NULL), ESSAY_OK);
    char *odd = in_dir("sub/\xc5\x81\xc3\xb3" "d\xc5\xba-\x9b" "31m-\xff.txt");
    add(ix, odd, "Medlars in the loft.\n");
    cr_assert_eq(essay_index_close(ix, NULL), ESSAY_OK);
    cr_assert_eq(essay_searcher_open(index_path, &searcher, NULL), ESSAY_OK);
    essay_output formats[] = { ESSAY_OUTPUT_PATHS, ESSAY_OUTPUT_TEXT };
    for (size_t i = 0; i < 2; i++) {
        char *text = written_for("medlars", formats[i], 0);
        cr_assert_not_null(strstr(text, "\xc5\x81\xc3\xb3" "d\xc5\xba-"), "%s", text);
        cr_assert_null(strchr(text, '\x9b'), "raw 0x9b in: %s", text);
        free(text);
    }
    free(odd);
}

/* ---- streams ------------------------------------------------------------------------ */

/* Written as they are read, the hits come out byte for byte as when held,
 * in every format: the JSON object's head and tail too. */
Test(output, streamed_results_are_written_as_held_ones)
{
    const char *queries[] = { "orchard", "grows", "screen", "orchrd", "zzyzzyva", "bees walrus" };
    essay_output formats[] = { ESSAY_OUTPUT_TEXT, ESSAY_OUTPUT_JSON, ESSAY_OUTPUT_JSONL,
                               ESSAY_OUTPUT_PATHS };
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
        for (size_t f = 0; f < 4; f++)
            for (int color = 0; color < 2; color++) {
                char *held = written_for(queries[q], formats[f], color);
                char *streamed = streamed_for(queries[q], NULL, formats[f], color);
                cr_assert_str_eq(streamed, held, "query '%s', format %zu", queries[q], f);
                free(held);
                free(streamed);
            }
}

Test(output, a_streamed_json_object_holds_every_hit)
{
    essay_search_options o = essay_search_defaults();
    o.limit = 1000000;
    char *text = streamed_for("the", &o, ESSAY_OUTPUT_JSON, 0);
    json_t *doc = parse(text);
    cr_assert_eq(count_lines(text), 1);
    json_t *hits = field(doc, "hits");
    cr_assert_gt(json_array_size(hits), 3);
    cr_assert_eq((json_int_t)json_array_size(hits), json_integer_value(field(doc, "total")));
    for (size_t i = 0; i < json_array_size(hits); i++)
        assert_hit_object(json_array_get(hits, i), (long)i + 1, "the");
    json_decref(doc);
    free(text);
}

/* ---- errors ------------------------------------------------------------------------- */

Test(output, a_failed_write_is_an_io_error)
{
    essay_results *r = run("orchard");
    FILE *out = fopen("/dev/null", "r");    /* a stream that cannot be written */
    cr_assert_not_null(out);
    essay_output formats[] = { ESSAY_OUTPUT_TEXT, ESSAY_OUTPUT_JSON, ESSAY_OUTPUT_JSONL,
                               ESSAY_OUTPUT_PATHS };
    for (size_t i = 0; i < 4; i++) {
        clearerr(out);
        cr_assert_eq(essay_results_write(r, "orchard", formats[i], 0, out), ESSAY_IO,
                     "format %zu", i);
        essay_results *streamed = NULL;
        char *err = NULL;
        cr_assert_eq(essay_search_stream(searcher, "orchard", NULL, &streamed, NULL), ESSAY_OK);
        clearerr(out);
        cr_assert_eq(essay_results_write_stream(streamed, "orchard", formats[i], 0, out, &err),
                     ESSAY_IO, "format %zu", i);
        cr_assert_null(err, "errno says why");
        essay_results_free(streamed);
    }
    fclose(out);
    essay_results_free(r);
}

/* What essay_error_write() writes (malloc'd). */
static char *error_written(const char *query, size_t len, essay_output format)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    cr_assert_not_null(out);
    cr_assert_eq(essay_error_write(query, len, "bad_query", "bad query at column 1: \x1b[2J",
                                   format, out), ESSAY_OK);
    cr_assert_eq(fclose(out), 0);
    return text;
}

/* A script reads an error where it reads results: the same object, with
 * the message and its kind, a total of 0 and no hits. */
Test(output, an_error_is_the_results_object_with_its_message_and_kind)
{
    char *text = error_written("\"orchard", 8, ESSAY_OUTPUT_JSON);
    cr_assert_eq(count_lines(text), 1, "one object on one line: %s", text);
    assert_no_raw_controls(text, "JSON");
    json_t *doc = parse(text);
    cr_assert_eq(json_object_size(doc), 10, "the fields of the results: %s", text);
    cr_assert_str_eq(json_string_value(field(doc, "query")), "\"orchard");
    json_t *error = field(doc, "error");
    cr_assert_eq(json_object_size(error), 2);
    cr_assert_str_eq(json_string_value(field(error, "message")),
                     "bad query at column 1: \x1b[2J");
    cr_assert_str_eq(json_string_value(field(error, "kind")), "bad_query");
    cr_assert_eq(json_integer_value(field(doc, "total")), 0);
    cr_assert_eq(json_array_size(field(doc, "hits")), 0);
    cr_assert(json_is_null(field(doc, "suggestion")));
    cr_assert(json_is_null(field(doc, "corrected")));
    cr_assert(json_is_false(field(doc, "relaxed")));
    cr_assert_eq(json_array_size(field(doc, "unrecorded")), 0);
    cr_assert(json_is_null(field(doc, "unfiltered")));
    json_decref(doc);
    free(text);
}

Test(output, an_error_in_json_lines_is_one_line_of_query_and_error)
{
    char *text = error_written("orchard", 7, ESSAY_OUTPUT_JSONL);
    cr_assert_eq(count_lines(text), 1, "%s", text);
    json_t *doc = parse(text);
    cr_assert_eq(json_object_size(doc), 2, "%s", text);
    cr_assert_str_eq(json_string_value(field(doc, "query")), "orchard");
    cr_assert_str_eq(json_string_value(field(field(doc, "error"), "kind")), "bad_query");
    json_decref(doc);
    free(text);
}

/* A line a script sent keeps its NUL byte; no query is null. */
Test(output, an_error_keeps_the_query_as_it_came)
{
    char *text = error_written("war\0peace", 9, ESSAY_OUTPUT_JSON);
    cr_assert_not_null(strstr(text, "\"war\\u0000peace\""), "%s", text);
    json_t *doc = json_loads(text, JSON_ALLOW_NUL, NULL);
    cr_assert_not_null(doc, "%s", text);
    cr_assert_eq(json_string_length(field(doc, "query")), 9);
    cr_assert_eq(memcmp(json_string_value(field(doc, "query")), "war\0peace", 9), 0);
    json_decref(doc);
    free(text);
    text = error_written(NULL, 0, ESSAY_OUTPUT_JSON);
    doc = parse(text);
    cr_assert(json_is_null(field(doc, "query")));
    json_decref(doc);
    free(text);
}

/* No kind: the answer to no query (a blank line of --batch), no error. */
Test(output, no_kind_is_the_answer_to_no_query)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    cr_assert_not_null(out);
    cr_assert_eq(essay_error_write("  ", 2, NULL, NULL, ESSAY_OUTPUT_JSON, out), ESSAY_OK);
    cr_assert_eq(fclose(out), 0);
    cr_assert_eq(count_lines(text), 1, "%s", text);
    json_t *doc = parse(text);
    cr_assert_eq(json_object_size(doc), 10, "the fields of the results: %s", text);
    cr_assert_str_eq(json_string_value(field(doc, "query")), "  ");
    cr_assert(json_is_null(field(doc, "error")), "%s", text);
    cr_assert_eq(json_integer_value(field(doc, "total")), 0);
    cr_assert_eq(json_array_size(field(doc, "hits")), 0);
    json_decref(doc);
    free(text);
}

/* People read errors on standard error: nothing on the output. */
Test(output, an_error_writes_nothing_for_people)
{
    essay_output formats[] = { ESSAY_OUTPUT_TEXT, ESSAY_OUTPUT_PATHS };
    for (size_t i = 0; i < 2; i++) {
        char *text = error_written("orchard", 7, formats[i]);
        cr_assert_str_eq(text, "");
        free(text);
    }
}
