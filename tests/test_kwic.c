/* test_kwic.c -- unit tests of core/kwic.c: how essay__kwic_line() lays out
 * a match and its context in display columns (wide characters two columns,
 * combining marks none and never parted from their character, a match at a
 * paragraph's start or end), and what essay_kwic_write() writes for a
 * small index: every occurrence, inflections and phrases matched as search
 * matches them, in rank order or sorted by a side, the counts per essay,
 * and JSON byte offsets that point at the match.
 */
#include <criterion/criterion.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fixture.h"

/* The display columns of 's', counted here apart from kwic.c. */
static size_t columns(const char *s)
{
    size_t w = 0;
    utf8proc_int32_t cp;
    for (utf8proc_ssize_t n; *s; s += n) {
        n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
        cr_assert_gt(n, 0);
        w += (size_t)(utf8proc_charwidth(cp) > 0 ? utf8proc_charwidth(cp) : 0);
    }
    return w;
}

/* The line for the match of 'word' in 'text', 'left' and 'block' columns. */
static essay_kwic_line line_for(const char *text, const char *word, size_t left, size_t block)
{
    const char *at = strstr(text, word);
    cr_assert_not_null(at);
    essay_kwic_line line;
    size_t start = (size_t)(at - text);
    cr_assert_eq(essay__kwic_line(text, strlen(text), start, start + strlen(word), left, block,
                                  &line), 0);
    cr_assert_eq(columns(line.text), block, "'%s' is %zu columns, not %zu", line.text,
                 columns(line.text), block);
    cr_assert_eq(strncmp(line.text + line.match_start, word, strlen(word)), 0);
    cr_assert_eq(line.match_end - line.match_start, strlen(word));
    return line;
}

/* Lines laid out: the text, its match, the columns before it and in all,
 * and the line wanted. */
static const struct {
    const char *what, *text, *word;
    size_t left, block;
    const char *want;
} cases[] = {
    { "context each side cut to fit", "The wide river ran fast.", "river", 6, 20,
      " wide river ran fast" },
    { "punctuation after the match as written, no blank before it",
      "A walking tour, as ever.", "walking tour", 4, 22, "  A walking tour, as e" },
    { "a sentence's end after the match", "In desperation. What then", "desperation", 3, 22,
      "In desperation. What t" },
    { "a quotation mark each side, no blank added", "He said \"river\" twice", "river", 9,
      20, "He said \"river\" twic" },
    { "white space runs as one space, controls as U+FFFD",
      "A\n\nheading\nthe   river\t\x1b[31mran", "river", 12, 30,
      "heading the river \xef\xbf\xbd[31mran    " },
    { "a match at the paragraph's start", "River ran.", "River", 5, 20,
      "     River ran.     " },
    { "a match at the paragraph's end", "By the river", "river", 8, 20,
      " By the river       " },
    { "wide characters: two columns, never half of one", "日本語の川 river 流れる長い川",
      "river", 6, 17, " の川 river 流れ " },
    { "a combining mark stays with its character", "Cafe\xcc\x81 river rivie\xcc\x80re",
      "river", 5, 16, "Cafe\xcc\x81 river rivie\xcc\x80" },
    { "a character cut goes with its combining mark", "Cafe\xcc\x81 river rivie\xcc\x80re",
      "river", 4, 15, "afe\xcc\x81 river rivie\xcc\x80" },
    { "a combining mark is no column", "xe\xcc\x81 river", "river", 2, 10,
      "e\xcc\x81 river   " },
    { "no room for context", "a long river here", "river", 0, 5, "river" },
};

Test(kwic_line, laid_out_in_display_columns)
{
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        essay_kwic_line l = line_for(cases[i].text, cases[i].word, cases[i].left,
                                     cases[i].block);
        cr_assert_str_eq(l.text, cases[i].want, "%s", cases[i].what);
        free(l.text);
    }
}

/* ---- essay_kwic_write() over a small index ------------------------------ */

static char dir[] = "/tmp/essay-test-kwic.XXXXXX";
static char *index_path;
static essay_searcher *searcher;

static const char *const essays[][2] = {
    { "/kwic/a.txt", "---\ntitle: A\n---\n\nThe river ran. Rivers rise.\n\nNo water.\n\n"
                     "Old river banks.\n" },
    { "/kwic/b.txt", "---\ntitle: B\n---\n\nA dry land.\n\nOne river bank.\n" },
    { "/kwic/a-directory-with-a-long-name/an-essay-whose-file-name-runs-on-and-on.txt",
      "---\ntitle: C\n---\n\nA lone heron stood by the water.\n" },
};

static void setup(void)
{
    fixture_open(dir, essays, sizeof essays / sizeof *essays, &index_path, &searcher);
}

static void teardown(void)
{
    fixture_close(dir, index_path, searcher);
}

/* What essay_kwic_write() writes for 'query', 'width' columns wide. */
static char *kwic(const char *query, essay_kwic_sort sort, essay_output format, size_t width)
{
    essay_search_options opt = essay_search_defaults();
    opt.snippet_chars = ESSAY_KWIC_SNIPPET;
    essay_results *r;
    char *err = NULL, *buf = NULL;
    size_t size;
    cr_assert_eq(essay_search_stream(searcher, query, &opt, &r, &err), ESSAY_OK, "%s", err);
    FILE *out = open_memstream(&buf, &size);
    cr_assert_eq(essay_kwic_write(r, width, sort, format, 0, out, &err), ESSAY_OK, "%s", err);
    fclose(out);
    essay_results_free(r);
    return buf;
}

TestSuite(kwic, .init = setup, .fini = teardown);

Test(kwic, every_occurrence_aligned_then_counts)
{
    char *got = kwic("river", ESSAY_KWIC_RANK, ESSAY_OUTPUT_TEXT, 60);
    char *match = strstr(got, "river");
    cr_assert_not_null(match);
    size_t column = (size_t)(match - got), lines = 0;
    for (char *line = got; *line != '\n'; line = strchr(line, '\n') + 1, lines++)
        cr_assert(strncasecmp(line + column, "river", 5) == 0, "not aligned: %s", line);
    cr_assert_eq(lines, 4, "%s", got);    /* river, Rivers, river (a); river (b) */
    cr_assert_not_null(strstr(got, "  /kwic/a.txt:5\n"));
    cr_assert_not_null(strstr(got, "\n\n      3  /kwic/a.txt\n      1  /kwic/b.txt\n"), "%s", got);
    free(got);
}

/* A path:line longer than a third of the width loses its path's middle,
 * not the context its share: the line fits the width, the match stands
 * halfway through the context's columns, and the tally gives the path whole. */
Test(kwic, a_long_path_is_shortened_not_the_context)
{
    char *got = kwic("heron", ESSAY_KWIC_RANK, ESSAY_OUTPUT_TEXT, 80);
    char *end = strchr(got, '\n');
    cr_assert_not_null(end);
    *end = '\0';
    cr_assert_eq(columns(got), 80, "%s", got);
    /* 80 columns: 26 for the place, 2 between, 52 of context and match */
    cr_assert_eq(strstr(got, "heron") - got, (52 - 5) / 2, "%s", got);
    cr_assert_not_null(strstr(got, "A lone heron stood by the water.  "), "%s", got);
    /* the directories go first, then the middle of the file name */
    const char *place = "  \xe2\x80\xa6/an-essay-whose\xe2\x80\xa6-on.txt:5";
    cr_assert_str_eq(got + strlen(got) - strlen(place), place);
    *end = '\n';
    cr_assert_not_null(strstr(got, "\n\n      1  /kwic/a-directory-with-a-long-name/"
                                   "an-essay-whose-file-name-runs-on-and-on.txt\n"), "%s", got);
    free(got);
}

/* The 11 bytes from the match column of each line of 'got', one a line. */
static char *at_match_column(const char *got)
{
    size_t column = (size_t)(strstr(got, "river") - got);
    char *cut = calloc(1, strlen(got) + 1), *at = cut;
    for (const char *line = got; *line != '\n'; line = strchr(line, '\n') + 1)
        at += sprintf(at, "%.11s\n", line + column);
    return cut;
}

Test(kwic, sorted_by_the_words_after)
{
    char *got = kwic("river", ESSAY_KWIC_RIGHT, ESSAY_OUTPUT_TEXT, 60), *cut = at_match_column(got);
    cr_assert_str_eq(cut, "river bank.\nriver banks\nriver ran. \nRivers rise\n", "%s", got);
    free(cut);
    free(got);
}

Test(kwic, sorted_by_the_words_before)
{
    char *got = kwic("river", ESSAY_KWIC_LEFT, ESSAY_OUTPUT_TEXT, 60), *cut = at_match_column(got);
    /* before them: "old", "one", "ran river the" (the nearest first), "the" */
    cr_assert_str_eq(cut, "river banks\nriver bank.\nRivers rise\nriver ran. \n", "%s", got);
    free(cut);
    free(got);
}

Test(kwic, json_offsets_point_at_the_match)
{
    /* the phrase matches "river banks" too, as search does */
    char *got = kwic("\"river bank\"", ESSAY_KWIC_RANK, ESSAY_OUTPUT_JSONL, 60);
    size_t found = 0;
    for (char *line = got; *line; line = strchr(line, '\n') + 1, found++) {
        json_error_t error;
        json_t *one = json_loads(line, JSON_DISABLE_EOF_CHECK, &error);
        cr_assert_not_null(one, "%s", got);
        int b = strcmp(json_string_value(json_object_get(one, "path")), "/kwic/b.txt") == 0;
        cr_assert_eq(json_integer_value(json_object_get(one, "line")), b ? 7 : 9);
        cr_assert_eq(json_integer_value(json_object_get(one, "start")), 4);
        cr_assert_eq(json_integer_value(json_object_get(one, "end")), b ? 14 : 15);
        cr_assert_str_eq(json_string_value(json_object_get(one, "match")),
                         b ? "river bank" : "river banks");
        json_decref(one);
    }
    cr_assert_eq(found, 2, "%s", got);
    free(got);
}

/* "runs" is only in the file name of C: a hit, and nothing of its text to show. */
Test(kwic, hits_without_the_words_in_their_text_write_nothing)
{
    essay_results *r;
    char *err = NULL, *buf = NULL;
    size_t size;
    essay_search_options opt = essay_search_defaults();
    opt.snippet_chars = ESSAY_KWIC_SNIPPET;
    cr_assert_eq(essay_search_stream(searcher, "runs", &opt, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_NAMED);
    FILE *out = open_memstream(&buf, &size);
    cr_assert_eq(essay_kwic_write(r, 60, ESSAY_KWIC_RANK, ESSAY_OUTPUT_TEXT, 0, out, &err),
                 ESSAY_DONE, "%s", err);
    fclose(out);
    cr_assert_str_eq(buf, "");
    free(buf);
    essay_results_free(r);
}

Test(kwic, results_with_snippets_are_refused)
{
    essay_results *r;
    char *err = NULL;
    essay_search_options opt = essay_search_defaults();
    opt.snippet_chars = 10;
    cr_assert_eq(essay_search_stream(searcher, "rise", &opt, &r, &err), ESSAY_OK, "%s", err);
    FILE *out = fopen("/dev/null", "w");
    cr_assert_eq(essay_kwic_write(r, 60, ESSAY_KWIC_RANK, ESSAY_OUTPUT_TEXT, 0, out, &err),
                 ESSAY_BAD_ARGUMENT);
    free(err);
    fclose(out);
    essay_results_free(r);
}
