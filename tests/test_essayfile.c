/* test_essayfile.c -- Criterion tests of core/essayfile.c: essay file ->
 * header fields, title and paragraphs with their line numbers.
 *
 * The expected counts, lines and first words of the seed essays were
 * counted by hand from the files: the raw web-page copies in
 * tests/fixtures/raw-corpus (byte for byte as they were collected; the tests
 * run from the repo root) and the curated copies in corpus/.  The rest feed small texts that each
 * exercise one rule, plus generated paragraphs too long for one passage.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define RAW(file) "tests/fixtures/raw-corpus/" file

/* Checks every parse result must pass: paragraphs non-empty, NUL-terminated,
 * without CR, within ESSAY_MAX_PARAGRAPH, in line order; a title. */
static void assert_well_formed(const essay_file *f)
{
    cr_assert_not_null(f->title);
    for (size_t i = 0; i < f->n_paragraphs; i++) {
        const essay_paragraph *p = &f->paragraphs[i];
        cr_assert_gt(p->len, 0, "paragraph %zu is empty", i);
        cr_assert_leq(p->len, ESSAY_MAX_PARAGRAPH, "paragraph %zu is too long", i);
        cr_assert_eq(p->text[p->len], '\0', "paragraph %zu is not NUL-terminated", i);
        cr_assert_null(memchr(p->text, '\r', p->len), "paragraph %zu holds a CR", i);
        cr_assert_gt(p->line, 0);
        if (i > 0)
            cr_assert_geq(p->line, f->paragraphs[i - 1].line, "paragraph %zu goes back", i);
        /* its later lines begin inside it, after the one before, at a word */
        cr_assert_leq(p->lines + p->n_lines, f->n_line_starts);
        for (size_t k = 0; k < p->n_lines; k++) {
            const essay_line_start *ls = &f->line_starts[p->lines + k];
            size_t before = k ? ls[-1].offset : 0;
            cr_assert(ls->offset > before && ls->offset < p->len, "paragraph %zu, line %zu", i, k);
            cr_assert_gt(ls->number, k ? ls[-1].number : p->line, "paragraph %zu, line %zu", i, k);
        }
    }
}

/* The line of the file that byte 'offset' of paragraph i of 'f' is on. */
static unsigned line_of(const essay_file *f, size_t i, size_t offset)
{
    const essay_paragraph *p = &f->paragraphs[i];
    unsigned line = p->line;
    for (size_t k = 0; k < p->n_lines && f->line_starts[p->lines + k].offset <= offset; k++)
        line = f->line_starts[p->lines + k].number;
    return line;
}

static essay_file *parse(const char *name, const char *text, size_t len)
{
    essay_file *f = NULL;
    char *err = NULL;
    essay_status s = essay__file_parse(name, text, len, &f, &err);
    cr_assert_eq(s, ESSAY_OK, "%s: %s", name, err ? err : "(no message)");
    cr_assert_not_null(f);
    cr_assert_null(err);
    assert_well_formed(f);
    return f;
}

static essay_file *parse_str(const char *text)
{
    return parse("essay.txt", text, strlen(text));
}

static essay_file *parse_path(const char *path)
{
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    cr_assert_eq(essay__read_file(path, &buf, &len, &err), ESSAY_OK, "cannot read %s: %s", path,
                 err ? err : "");
    essay_file *f = parse(path, buf, len);
    free(buf);      /* the paragraphs must not point into the input */
    return f;
}

/* Paragraph i starts on 'line' and its text begins with 'start'. */
static void assert_paragraph(const essay_file *f, size_t i, unsigned line, const char *start)
{
    cr_assert_lt(i, f->n_paragraphs, "no paragraph %zu (only %zu)", i, f->n_paragraphs);
    const essay_paragraph *p = &f->paragraphs[i];
    cr_assert_eq(p->line, line, "paragraph %zu is on line %u, not %u", i, p->line, line);
    size_t n = strlen(start);
    cr_assert(p->len >= n && memcmp(p->text, start, n) == 0,
              "paragraph %zu begins \"%.60s\", not \"%s\"", i, p->text, start);
}

/* Paragraph i is exactly 'text', on 'line'. */
static void assert_paragraph_is(const essay_file *f, size_t i, unsigned line, const char *text)
{
    assert_paragraph(f, i, line, text);
    cr_assert_str_eq(f->paragraphs[i].text, text);
    cr_assert_eq(f->paragraphs[i].len, strlen(text));
}

/* The paragraphs are exactly texts[0..n), on lines[0..n). */
static void assert_paragraphs_are(const essay_file *f, const unsigned *lines,
                                  const char *const *texts, size_t n)
{
    cr_assert_eq(f->n_paragraphs, n, "%zu paragraphs, not %zu", f->n_paragraphs, n);
    for (size_t i = 0; i < n; i++)
        assert_paragraph_is(f, i, lines[i], texts[i]);
}

static int holds(const essay_paragraph *p, const char *needle)
{
    return memmem(p->text, p->len, needle, strlen(needle)) != NULL;
}

static void assert_bad_input(const char *text, size_t len, const char *message)
{
    essay_file *f = (essay_file *)1;
    char *err = NULL;
    cr_assert_eq(essay__file_parse("bad.txt", text, len, &f, &err), ESSAY_BAD_INPUT);
    cr_assert_null(f);
    cr_assert_not_null(err);
    cr_assert_str_eq(err, message);
    free(err);
}

/* ---- the raw seed essays (web-page copies) -------------------------------- */

Test(raw_corpus, web_page_without_blank_lines_is_one_paragraph_a_line)
{
    essay_file *f = parse_path(RAW("000_9ef374e4555ba699.txt"));
    cr_assert_eq(f->n_paragraphs, 15);
    assert_paragraph(f, 0, 1, "Ukraine is not just a battlefield – it is democracy’s");
    assert_paragraph(f, 1, 2, "What we are witnessing now");
    assert_paragraph(f, 10, 11, "Kateryna Musiienko is a Kremenchuk");
    /* A photo credit heads the disclaimer under it. */
    assert_paragraph(f, 11, 12, "Fellow Photo (c) Sarah Oughton, The John Smith Trust\nDisclaimer:");
    assert_paragraph(f, 14, 16, "[3]Dan Sabbagh, The Guardian");
    /* No header: the title is the first line, cut to 200 bytes. */
    cr_assert_null(f->author);
    cr_assert_leq(strlen(f->title), 200);
    cr_assert_gt(strlen(f->title), 190);
    cr_assert_eq(memcmp(f->paragraphs[0].text, f->title, strlen(f->title)), 0);
    essay__file_free(f);
}

Test(raw_corpus, hard_wrapped_essay_joins_lines_and_hyphenated_words)
{
    essay_file *f = parse_path(RAW("001_77aa5f49c05a37e5.txt"));
    cr_assert_eq(f->n_paragraphs, 24);
    cr_assert_str_eq(f->title, "9.1 C");
    /* The page's first lines and the essay's title head its first paragraph. */
    assert_paragraph(f, 0, 1, "9.1 C Lutsk Wednesday, December 10, 2025\n"
                              "Security Guarantees: Options for Ukraine\n"
                              "In a recent publication by the Centre for the Study of National "
                              "Resilience, particular attention was devoted");
    assert_paragraph(f, 1, 15, "That deficit of formal alliances");
    cr_assert(holds(&f->paragraphs[1], "by nuclear saber-rattling — would dissuade"));
    assert_paragraph(f, 2, 24, "This mirrors, in some respects");
    cr_assert(holds(&f->paragraphs[2], "as the so-called Phoney War"));
    assert_paragraph_is(f, 4, 34, "Ukraine, therefore, must approach the issue of acquiring "
                                  "allies with realism, built on three fundamental premises:");
    assert_paragraph(f, 5, 37, "1. A shared threat emanating from Putin’s Russia.");
    assert_paragraph_is(f, 7, 45, "3. Common, mutually beneficial aspirations for the political "
                                  "and economic development of their nations.");
    assert_paragraph(f, 13, 70, "• First, to conclude a legally binding mutual defense treaty "
                                "with a nuclear power, complemented by");
    assert_paragraph(f, 14, 74, "• Second, to continue");
    assert_paragraph_is(f, 17, 89, "by Oleh Bielokolos,");
    assert_paragraph_is(f, 23, 111, "Contacts");
    essay__file_free(f);
}

Test(raw_corpus, web_page_with_some_blank_lines_is_one_paragraph_a_line)
{
    essay_file *f = parse_path(RAW("002_c27b9ecf94b2165a.txt"));
    cr_assert_eq(f->n_paragraphs, 27);
    cr_assert_str_eq(f->title, "- Category");
    assert_paragraph_is(f, 0, 1, "- Category");
    assert_paragraph_is(f, 1, 2, "- Opinion");
    assert_paragraph(f, 2, 3, "The Security Guarantees Europe Needs Against Russia’s Next War\n"
                              "Russia’s aggression is not a one-time tragedy");
    assert_paragraph(f, 3, 6, "Putin’s outrageous war");
    assert_paragraph(f, 4, 8, "Lessons from history\nUkraine has always instilled");
    assert_paragraph(f, 6, 11, "It tells the whole story");
    assert_paragraph(f, 8, 13, "How will security guarantees for Ukraine work?\nTo make security");
    /* A sentence is no heading, even a short one. */
    assert_paragraph_is(f, 9, 16, "Security is, of course, prioritized.");
    assert_paragraph(f, 10, 17, "In the case of Ukraine, priority number one");
    assert_paragraph(f, 24, 31, "This is an outline of what can make Ukraine strong");
    assert_paragraph_is(f, 26, 41, "-9ab3b63f905b2166694cb8db0903d1b9.jpg)");
    essay__file_free(f);
}

Test(raw_corpus, one_paragraph_a_line_between_blank_lines)
{
    essay_file *f = parse_path(RAW("003_35594ec6a8b0458b.txt"));
    cr_assert_eq(f->n_paragraphs, 22);
    cr_assert_str_eq(f->title, "What Ukraine needs");
    assert_paragraph(f, 0, 1, "What Ukraine needs\nWhen Ukraine can emerge as a well-armed member");
    assert_paragraph(f, 1, 5, "By\nColumnists\nSeptember 4, 2025 - 2:13 PM\nUkrainian President");
    assert_paragraph(f, 2, 13, "After the frenzied summitry in Anchorage");
    assert_paragraph(f, 15, 39, "But even if Ukraine, the rest of Europe");
    assert_paragraph(f, 16, 41, "About the author: Dmytro Kuleba");
    /* The "Related" list at the end heads nothing: each line stays a paragraph. */
    assert_paragraph_is(f, 17, 43, "Related");
    assert_paragraph_is(f, 18, 44, "February 24, 2022");
    assert_paragraph_is(f, 21, 47, "November 26, 2018");
    essay__file_free(f);
}

Test(raw_corpus, page_furniture_lines_and_bullets_stay_apart)
{
    essay_file *f = parse_path(RAW("004_edd960e6aee22e85.txt"));
    cr_assert_eq(f->n_paragraphs, 18);
    cr_assert_str_eq(f->title, "top of page");
    /* List items are no headings, but the first is the text the lines above head. */
    assert_paragraph_is(f, 0, 1, "top of page\nSursaut européen pour l'Ukraine_edited_edited.jpg\n"
                                 "Search\n‘As Long as it Takes': What does it mean to commit to "
                                 "Ukraine’s security?\n• Lawrence Freedman");
    assert_paragraph_is(f, 1, 8, "• Oct 10");
    assert_paragraph_is(f, 2, 9, "• 3 min read");
    assert_paragraph(f, 3, 11, "Updated: Nov 1\nBy Lawrence Freedman. Extracts of his full "
                               "Substack publication, 10 October 2025\n(...) In all of this");
    assert_paragraph_is(f, 11, 41, "(...)");
    assert_paragraph(f, 12, 43, "NATO countries will not be rushing");
    /* Lines 54 and 55 hold only a NO-BREAK SPACE: blank. */
    assert_paragraph(f, 13, 56, "European Surge for Ukraine, an advocacy website");
    assert_paragraph_is(f, 17, 60, "bottom of page");
    essay__file_free(f);
}

/* ---- the curated corpus ---------------------------------------------------- */

static void assert_no_header_text(const essay_file *f)
{
    for (size_t i = 0; i < f->n_paragraphs; i++) {
        cr_assert_neq(memcmp(f->paragraphs[i].text, "---", 3), 0);
        cr_assert(!holds(&f->paragraphs[i], "title: "), "paragraph %zu holds the header", i);
    }
}

Test(corpus, musiienko)
{
    essay_file *f = parse_path("corpus/musiienko-ukraine-is-not-just-a-battlefield.txt");
    cr_assert_str_eq(f->title,
                     "Ukraine is not just a battlefield – it is democracy’s most critical frontline");
    cr_assert_str_eq(f->author, "Kateryna Musiienko");
    cr_assert_null(f->date);
    cr_assert_str_eq(f->source, "The Foreign Policy Centre");
    cr_assert_null(f->language);
    cr_assert_eq(f->n_paragraphs, 14);
    assert_paragraph(f, 0, 7, "Ukraine is not just a battlefield – it is democracy’s");
    assert_paragraph(f, 10, 27, "Kateryna Musiienko is a Kremenchuk");
    assert_paragraph(f, 11, 29, "[1] Ukrainian Victory");
    assert_paragraph(f, 13, 33, "[3]Dan Sabbagh");
    assert_no_header_text(f);
    essay__file_free(f);
}

Test(corpus, bielokolos)
{
    essay_file *f = parse_path("corpus/bielokolos-security-guarantees-options-for-ukraine.txt");
    cr_assert_str_eq(f->title, "Security Guarantees: Options for Ukraine");
    cr_assert_str_eq(f->author, "Oleh Bielokolos");
    cr_assert_str_eq(f->date, "2025-12-10");
    cr_assert_str_eq(f->source, "Centre for the Study of National Resilience");
    cr_assert_eq(f->n_paragraphs, 19);
    assert_paragraph(f, 0, 8, "In a recent publication by the Centre");
    assert_paragraph(f, 1, 16, "That deficit of formal alliances");
    cr_assert(holds(&f->paragraphs[1], "nuclear saber-rattling —"));
    assert_paragraph(f, 2, 25, "This mirrors, in some respects");
    cr_assert(holds(&f->paragraphs[2], "the so-called Phoney War"));
    assert_paragraph(f, 5, 38, "1. A shared threat");
    assert_paragraph(f, 13, 71, "• First, to conclude");
    assert_paragraph(f, 14, 75, "• Second, to continue");
    assert_paragraph_is(f, 17, 90, "by Oleh Bielokolos,");
    assert_paragraph_is(f, 18, 92, "Director of the Centre for the Study of National Resilience");
    assert_no_header_text(f);
    essay__file_free(f);
}

Test(corpus, security_guarantees_europe_needs)
{
    essay_file *f =
        parse_path("corpus/security-guarantees-europe-needs-against-russias-next-war.txt");
    cr_assert_str_eq(f->title, "The Security Guarantees Europe Needs Against Russia’s Next War");
    cr_assert_null(f->author);
    cr_assert_null(f->date);
    cr_assert_null(f->source);
    cr_assert_eq(f->n_paragraphs, 23);
    assert_paragraph(f, 0, 5, "Russia’s aggression is not a one-time tragedy");
    assert_paragraph(f, 2, 9, "Lessons from history\nUkraine has always instilled");
    assert_paragraph(f, 6, 19, "How will security guarantees for Ukraine work?\nTo make");
    assert_paragraph_is(f, 7, 23, "Security is, of course, prioritized.");
    assert_paragraph(f, 22, 53, "This is an outline");
    assert_no_header_text(f);
    essay__file_free(f);
}

Test(corpus, kuleba)
{
    essay_file *f = parse_path("corpus/kuleba-what-ukraine-needs.txt");
    cr_assert_str_eq(f->title, "What Ukraine needs");
    cr_assert_str_eq(f->author, "Dmytro Kuleba");
    cr_assert_str_eq(f->date, "2025-09-04");
    cr_assert_null(f->source);
    cr_assert_eq(f->n_paragraphs, 16);
    assert_paragraph(f, 0, 7, "When Ukraine can emerge");
    assert_paragraph(f, 1, 9, "After the frenzied summitry");
    assert_paragraph(f, 15, 37, "About the author: Dmytro Kuleba was Ukraine’s foreign minister");
    assert_no_header_text(f);
    essay__file_free(f);
}

Test(corpus, freedman)
{
    essay_file *f = parse_path("corpus/freedman-as-long-as-it-takes.txt");
    cr_assert_str_eq(f->title,
                     "‘As Long as it Takes': What does it mean to commit to Ukraine’s security?");
    cr_assert_str_eq(f->author, "Lawrence Freedman");
    cr_assert_str_eq(f->date, "2025-10-10");
    cr_assert_str_eq(f->source, "European Surge for Ukraine");
    cr_assert_eq(f->n_paragraphs, 10);
    assert_paragraph(f, 0, 8, "By Lawrence Freedman. Extracts of his full Substack publication, "
                              "10 October 2025\n(...) In all of this");
    assert_paragraph_is(f, 8, 26, "(...)");
    assert_paragraph(f, 9, 28, "NATO countries will not be rushing");
    assert_no_header_text(f);
    essay__file_free(f);
}

/* ---- header --------------------------------------------------------------- */

Test(header, keys_any_case_unknown_keys_and_bad_lines_ignored)
{
    essay_file *f = parse_str("---\n"
                              "Title: My Essay\n"
                              "AUTHOR:   Jane Doe  \n"
                              "date: 2024-01-02\n"
                              "Source: The Review: Online\n"
                              "language: french\n"
                              "rating: 5\n"
                              "this line has no colon\n"
                              "---\n"
                              "First paragraph.\n");
    cr_assert_str_eq(f->title, "My Essay");
    cr_assert_str_eq(f->author, "Jane Doe");
    cr_assert_str_eq(f->date, "2024-01-02");
    cr_assert_str_eq(f->source, "The Review: Online");
    cr_assert_str_eq(f->language, "french");
    cr_assert_eq(f->n_paragraphs, 1);
    assert_paragraph_is(f, 0, 10, "First paragraph.");
    essay__file_free(f);
}

Test(header, control_characters_become_spaces_and_empty_values_are_absent)
{
    essay_file *f = parse_str("---\ntitle: A\tB\x01" "C\x1f" "D\xC2\x85" "E\nauthor:   \n---\nText\n");
    cr_assert_str_eq(f->title, "A B C D E");
    cr_assert_null(f->author);
    essay__file_free(f);
}

/* Warning i of 'f' is of 'kind', about line 'line', with exactly 'message'. */
static void assert_warning_at(const essay_file *f, size_t i, essay_notice_kind kind,
                              unsigned line, const char *message)
{
    cr_assert_lt(i, f->n_warnings, "no warning %zu (only %zu)", i, f->n_warnings);
    cr_assert_eq(f->warnings[i].kind, kind, "warning %d, not %d", f->warnings[i].kind, kind);
    cr_assert_eq(f->warnings[i].line, line);
    cr_assert_str_eq(f->warnings[i].message, message);
}

/* 'f' has one warning: 'kind' about line 'line' with exactly 'message'. */
static void assert_warning(const essay_file *f, essay_notice_kind kind, unsigned line,
                           const char *message)
{
    cr_assert_eq(f->n_warnings, 1, "%zu warnings", f->n_warnings);
    assert_warning_at(f, 0, kind, line, message);
}

/* 'f', named 'name', has the warning of a header begun on line 1 and never closed. */
static void assert_unclosed_header(const essay_file *f, const char *name)
{
    char *want;
    cr_assert_gt(asprintf(&want, "%s:1: a header begins with --- but no --- line ends it "
                          "(within 50 lines); read as text", name), 0);
    assert_warning(f, ESSAY_NOTICE_HEADER, 1, want);
    free(want);
}

/* Without its closing line, the "---" is neither the title nor text. */
Test(header, without_closing_line_there_is_no_header)
{
    const char *text = "---\ntitle: X\nauthor: Y\n\nBody text.\n";
    essay_file *f = parse("notes/x.txt", text, strlen(text));
    cr_assert_null(f->author);
    cr_assert_str_eq(f->title, "title: X");
    cr_assert_eq(f->n_paragraphs, 1);
    assert_paragraph_is(f, 0, 2, "title: X author: Y\nBody text.");
    assert_unclosed_header(f, "notes/x.txt");
    essay__file_free(f);
}

Test(header, a_lone_fence_warns_of_the_header_only)
{
    essay_file *f = parse_str("\xEF\xBB\xBF---\r\n");
    cr_assert_eq(f->n_paragraphs, 0);
    cr_assert_str_eq(f->title, "essay");
    assert_unclosed_header(f, "essay.txt");
    essay__file_free(f);
}

Test(header, a_closed_header_and_text_give_no_warning)
{
    essay_file *f = parse_str("---\ntitle: T\n---\n\nText.\n");
    cr_assert_eq(f->n_warnings, 0);
    essay__file_free(f);
}

/* A header whose closing "---" is on line 'closing'. */
static essay_file *parse_header_closing_on(unsigned closing)
{
    static char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "---\nauthor: A\n");
    for (unsigned line = 3; line < closing; line++)
        n += (size_t)snprintf(text + n, sizeof text - n, "x-%u: y\n", line);
    snprintf(text + n, sizeof text - n, "---\nBody.\n");
    return parse_str(text);
}

Test(header, closing_line_must_come_within_fifty_lines)
{
    essay_file *f = parse_header_closing_on(50);
    cr_assert_str_eq(f->author, "A");
    cr_assert_eq(f->n_paragraphs, 1);
    assert_paragraph_is(f, 0, 51, "Body.");
    essay__file_free(f);

    f = parse_header_closing_on(51);
    cr_assert_null(f->author);
    cr_assert_str_eq(f->title, "author: A");
    cr_assert_eq(f->n_warnings, 1);
    cr_assert_eq(f->warnings[0].kind, ESSAY_NOTICE_HEADER);
    /* No blank line: one paragraph a line, but the short lines "author: A" to
     * "x-50: y" are headings of the "---" after them. */
    cr_assert_eq(f->n_paragraphs, 2);
    assert_paragraph(f, 0, 2, "author: A\nx-3: y\nx-4: y\n");
    assert_paragraph_is(f, 1, 52, "Body.");
    essay__file_free(f);
}

Test(header, crlf_header)
{
    essay_file *f = parse_str("---\r\ntitle: T\r\nauthor: A\r\n---\r\n\r\n"
                              "Line one\r\nline two\r\n\r\nNext\r\n");
    cr_assert_str_eq(f->title, "T");
    cr_assert_str_eq(f->author, "A");
    cr_assert_eq(f->n_paragraphs, 2);
    assert_paragraph_is(f, 0, 6, "Line one line two");
    assert_paragraph_is(f, 1, 9, "Next");
    essay__file_free(f);
}

Test(header, header_alone_gives_no_paragraphs)
{
    const char *text = "---\nauthor: X\n---\n\n  \n";
    essay_file *f = parse("notes/only-header.md", text, strlen(text));
    cr_assert_eq(f->n_paragraphs, 0);
    cr_assert_str_eq(f->author, "X");
    cr_assert_str_eq(f->title, "only-header");
    assert_warning(f, ESSAY_NOTICE_EMPTY, 0, "notes/only-header.md: a header and no text: "
                   "nothing to index");
    essay__file_free(f);
}

/* YAML's quotes around a value are not part of it: one matching pair goes. */
Test(header, one_pair_of_matching_quotes_is_taken_off)
{
    essay_file *f = parse_str("---\n"
                              "title: \"On \"Liberty\"\"\n"
                              "author: 'Mill'\n"
                              "date: \"2021-05-06\"\n"
                              "source: \"half'\n"
                              "language: \"  \"\n"
                              "---\nText.\n");
    cr_assert_str_eq(f->title, "On \"Liberty\"");
    cr_assert_str_eq(f->author, "Mill");
    cr_assert_str_eq(f->date, "2021-05-06");
    cr_assert_str_eq(f->source, "\"half'");
    cr_assert_null(f->language, "quotes around nothing are no value");
    cr_assert_eq(f->n_warnings, 0);
    essay__file_free(f);
}

/* The date the header 'value' gives (NULL: none, and a warning about it). */
static void assert_date(const char *value, const char *want)
{
    char *text;
    cr_assert_gt(asprintf(&text, "---\ndate: %s\n---\nText.\n", value), 0);
    essay_file *f = parse("corpus/x.txt", text, strlen(text));
    if (want == NULL) {
        char *message;
        cr_assert_null(f->date, "'%s' read as %s", value, f->date);
        cr_assert_gt(asprintf(&message, "corpus/x.txt:2: date '%s' is not a date (YYYY, YYYY-MM "
                              "or YYYY-MM-DD): the essay is indexed without one", value), 0);
        assert_warning(f, ESSAY_NOTICE_HEADER, 2, message);
        free(message);
    } else {
        cr_assert_not_null(f->date, "'%s' not read", value);
        cr_assert_str_eq(f->date, want, "'%s'", value);
        cr_assert_eq(f->n_warnings, 0, "'%s': %s", value, f->warnings[0].message);
    }
    essay__file_free(f);
    free(text);
}

/* Dates are stored as ISO 8601, which sorts as text and gives the year. */
Test(header, dates_a_person_writes_are_read_as_iso)
{
    assert_date("1850", "1850");
    assert_date("1850-03", "1850-03");
    assert_date("1850-3-7", "1850-03-07");
    assert_date("2024/06/01", "2024-06-01");
    assert_date("2021-05-06T10:00:00Z", "2021-05-06");
    assert_date("2021-05-06 10:00:00 +0200", "2021-05-06");
    assert_date("March 1850", "1850-03");
    assert_date("mar. 1850", "1850-03");
    assert_date("March 7, 1850", "1850-03-07");
    assert_date("7 March 1850", "1850-03-07");
    assert_date("7th March 1850", "1850-03-07");
    assert_date("2024-02-29", "2024-02-29");
}

/* Nothing that could be two days, or is no one date, is guessed. */
Test(header, dates_that_are_no_date_are_warned_about_and_left_out)
{
    assert_date("circa 1900", NULL);
    assert_date("06/01/2024", NULL);
    assert_date("1850s", NULL);
    assert_date("850", NULL);
    assert_date("2024-13-01", NULL);
    assert_date("2023-02-29", NULL);
    assert_date("2024-04-31", NULL);
    assert_date("2024-00", NULL);
    assert_date("0000", NULL);
    assert_date("2021-05-06junk", NULL);
    assert_date("March", NULL);
    assert_date("Sept 1850", NULL);     /* a month in full or in three letters */
    assert_date("March 32, 1850", NULL);
    /* a number of more digits than fit an int (fuzz_essayfile found the overflow) */
    assert_date("33333333333333333333333333333333333301", NULL);
    assert_date("March 333333333333333333333, 1850", NULL);
}

/* A key given twice: the later value wins, and the person hears of it. */
Test(header, a_key_given_twice_is_warned_about_and_the_later_wins)
{
    const char *text = "---\ntitle: First\nauthor: A\nTitle: Second\ndate: 1850\n"
                       "date: circa 1900\n---\nText.\n";
    essay_file *f = parse("x.txt", text, strlen(text));
    cr_assert_str_eq(f->title, "Second");
    cr_assert_null(f->date, "the later date, unread, wins");
    cr_assert_eq(f->n_warnings, 3);
    assert_warning_at(f, 0, ESSAY_NOTICE_HEADER, 4,
                      "x.txt:4: 'title:' is given twice in the header: this later one is used");
    assert_warning_at(f, 1, ESSAY_NOTICE_HEADER, 6,
                      "x.txt:6: 'date:' is given twice in the header: this later one is used");
    assert_warning_at(f, 2, ESSAY_NOTICE_HEADER, 6, "x.txt:6: date 'circa 1900' is not a date "
                      "(YYYY, YYYY-MM or YYYY-MM-DD): the essay is indexed without one");
    essay__file_free(f);
}

/* A language the indexer cannot stem is said, not silently stemmed otherwise. */
Test(header, a_language_not_known_is_warned_about)
{
    const char *text = "---\nlanguage: klingon\n---\nText.\n";
    essay_file *f = parse("x.txt", text, strlen(text));
    assert_warning(f, ESSAY_NOTICE_HEADER, 2, "x.txt:2: language 'klingon' is not one "
                   "essay-index can stem (essay-index --help lists them): the language is "
                   "detected from the text");
    essay__file_free(f);
    f = parse_str("---\nlanguage: FR\n---\nTexte.\n");
    cr_assert_eq(f->n_warnings, 0);
    essay__file_free(f);
}

/* ---- title ---------------------------------------------------------------- */

Test(title, first_non_empty_line_without_header)
{
    essay_file *f = parse_str("\n   \n  A Title Line  \n\nBody text here.\n");
    cr_assert_str_eq(f->title, "A Title Line");
    cr_assert_eq(f->n_paragraphs, 1);
    assert_paragraph_is(f, 0, 3, "A Title Line\nBody text here.");
    essay__file_free(f);
}

Test(title, header_without_title_takes_the_first_line)
{
    essay_file *f = parse_str("---\nauthor: Z\n---\n\nThe Real Title\n\nText.\n");
    cr_assert_str_eq(f->title, "The Real Title");
    cr_assert_str_eq(f->author, "Z");
    essay__file_free(f);
}

Test(title, cut_to_200_bytes_at_a_character_boundary)
{
    char text[512] = "a";
    for (int i = 0; i < 150; i++)
        strcat(text, "é");
    essay_file *f = parse_str(text);
    cr_assert_eq(strlen(f->title), 199);    /* 'a' + 99 two-byte letters */
    cr_assert_eq(memcmp(f->title, text, 199), 0);
    essay__file_free(f);
}

Test(title, control_characters_in_first_line_become_spaces)
{
    essay_file *f = parse_str("Ti\x1ftle\x1b[31m\n");
    cr_assert_str_eq(f->title, "Ti tle [31m");
    essay__file_free(f);
}

Test(title, empty_file_takes_the_file_name)
{
    essay_file *f = parse("some/dir/my-essay.txt", "", 0);
    cr_assert_eq(f->n_paragraphs, 0);
    cr_assert_str_eq(f->title, "my-essay");
    assert_warning(f, ESSAY_NOTICE_EMPTY, 0, "some/dir/my-essay.txt: empty: nothing to index");
    essay__file_free(f);

    f = parse("NULL buffer", NULL, 0);
    cr_assert_eq(f->n_paragraphs, 0);
    cr_assert_str_eq(f->title, "NULL buffer");
    assert_warning(f, ESSAY_NOTICE_EMPTY, 0, "NULL buffer: empty: nothing to index");
    essay__file_free(f);

    f = parse(".hidden", "\n\n \t \n", 6);
    cr_assert_eq(f->n_paragraphs, 0);
    cr_assert_str_eq(f->title, ".hidden");
    assert_warning(f, ESSAY_NOTICE_EMPTY, 0, ".hidden: only white space: nothing to index");
    essay__file_free(f);

    f = parse("bom.txt", "\xEF\xBB\xBF", 3);
    assert_warning(f, ESSAY_NOTICE_EMPTY, 0, "bom.txt: empty: nothing to index");
    essay__file_free(f);
}

/* ---- line ends, BOM, white space ------------------------------------------ */

Test(text, bom_is_skipped)
{
    essay_file *f = parse_str("\xEF\xBB\xBF---\ntitle: T\n---\nText\n");
    cr_assert_str_eq(f->title, "T");
    assert_paragraph_is(f, 0, 4, "Text");
    essay__file_free(f);

    f = parse_str("\xEF\xBB\xBFHello\n");
    cr_assert_str_eq(f->title, "Hello");
    assert_paragraph_is(f, 0, 1, "Hello");
    essay__file_free(f);
}

Test(text, crlf_and_lone_cr_end_lines)
{
    essay_file *f = parse_str("one two\r\nthree\r\n\r\nfour\r\n");
    cr_assert_eq(f->n_paragraphs, 2);
    assert_paragraph_is(f, 0, 1, "one two three");
    assert_paragraph_is(f, 1, 4, "four");
    essay__file_free(f);

    f = parse_str("a b c\rd e\r\rf\r");
    cr_assert_eq(f->n_paragraphs, 2);
    assert_paragraph_is(f, 0, 1, "a b c d e");
    assert_paragraph_is(f, 1, 4, "f");
    essay__file_free(f);
}

/* The lines of a file, which --like counts to tell a line past its end:
 * as the paragraphs' line numbers count them, a header's too. */
Test(text, lines_counted_as_paragraphs_number_them)
{
    static const struct {
        const char *text;
        size_t lines;
    } cases[] = {
        { "", 0 }, { "\n", 1 }, { "one", 1 }, { "one\ntwo\n", 2 }, { "one\ntwo", 2 },
        { "one\n\n\n", 3 }, { "one two\r\nthree\r\n\r\nfour\r\n", 4 },
        { "a b c\rd e\r\rf\r", 4 }, { "\xEF\xBB\xBFHello\n", 1 },
        { "---\ntitle: T\n---\n\nText.\n", 5 }, { "---\ntitle: T\n---\n", 3 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        essay_file *f = parse_str(cases[i].text);
        cr_assert_eq(f->lines, cases[i].lines, "'%s'", cases[i].text);
        essay__file_free(f);
    }
}

Test(text, white_space_lines_are_blank_and_indentation_is_trimmed)
{
    essay_file *f = parse_str("   indented\tline  \n  \t \n\xC2\xA0\n    next\n  more\n");
    cr_assert_eq(f->n_paragraphs, 2);
    assert_paragraph_is(f, 0, 1, "indented\tline");
    assert_paragraph_is(f, 1, 4, "next more");
    essay__file_free(f);
}

/* ---- validation ----------------------------------------------------------- */

Test(validate, nul_byte_is_binary)
{
    assert_bad_input("abc\0def", 7, "bad.txt:1:4: binary file (a NUL byte at offset 3)");
    assert_bad_input("one\r\ntwo\rthree\né\0", 18,
                     "bad.txt:4:2: binary file (a NUL byte at offset 17)");
}

/* The bad byte's line and column (in characters, from 1), and its offset. */
Test(validate, latin1_byte_is_named_by_line_column_and_offset)
{
    assert_bad_input("caf\xe9 au lait", 12, "bad.txt:1:4: not UTF-8 (byte 0xE9 at offset 3)");
    assert_bad_input("Line one\nna\xefve\n", 15,
                     "bad.txt:2:3: not UTF-8 (byte 0xEF at offset 11)");
    assert_bad_input("\xEF\xBB\xBF" "\xE2\x82\xAC x \xff", 10,
                     "bad.txt:1:5: not UTF-8 (byte 0xFF at offset 9)");     /* BOM, then "€ x " */
}

/* Notepad's "Unicode" (UTF-16 with its byte order mark), and UTF-32, are
 * named with the command that converts them, not called binary. */
Test(validate, utf16_and_utf32_are_named)
{
    assert_bad_input("\xFF\xFEh\0i\0", 6,
                     "bad.txt: UTF-16 text, not UTF-8: convert it with iconv -f UTF-16 -t UTF-8");
    assert_bad_input("\xFE\xFF\0h\0i", 6,
                     "bad.txt: UTF-16 text, not UTF-8: convert it with iconv -f UTF-16 -t UTF-8");
    assert_bad_input("\xFF\xFE\0\0h\0\0\0", 8,
                     "bad.txt: UTF-32 text, not UTF-8: convert it with iconv -f UTF-32 -t UTF-8");
    assert_bad_input("\0\0\xFE\xFF\0\0\0h", 8,
                     "bad.txt: UTF-32 text, not UTF-8: convert it with iconv -f UTF-32 -t UTF-8");
}

Test(validate, bad_byte_after_long_ascii_run)
{
    char text[1100];
    memset(text, 'a', 1037);
    text[1037] = '\xe9';
    memset(text + 1038, 'b', 50);
    assert_bad_input(text, 1088, "bad.txt:1:1038: not UTF-8 (byte 0xE9 at offset 1037)");
}

Test(validate, malformed_sequences)
{
    assert_bad_input("\xC0\xAF", 2, "bad.txt:1:1: not UTF-8 (byte 0xC0 at offset 0)");  /* overlong / */
    assert_bad_input("ab\xE0\x80\xAF", 5, "bad.txt:1:3: not UTF-8 (byte 0xE0 at offset 2)");
    assert_bad_input("x\xF0\x80\x80\xAF", 5, "bad.txt:1:2: not UTF-8 (byte 0xF0 at offset 1)");
    assert_bad_input("\xED\xA0\x80", 3, "bad.txt:1:1: not UTF-8 (byte 0xED at offset 0)");
    assert_bad_input("\xF4\x90\x80\x80", 4, "bad.txt:1:1: not UTF-8 (byte 0xF4 at offset 0)");
    assert_bad_input("abc\xE2\x80", 5, "bad.txt:1:4: not UTF-8 (byte 0xE2 at offset 3)");
    assert_bad_input("é\x80", 3, "bad.txt:1:2: not UTF-8 (byte 0x80 at offset 2)");   /* stray */
    assert_bad_input("\xE2\x82x", 3, "bad.txt:1:1: not UTF-8 (byte 0xE2 at offset 0)");
    assert_bad_input("ok \xF5\x80\x80\x80", 7, "bad.txt:1:4: not UTF-8 (byte 0xF5 at offset 3)");
    assert_bad_input("\xFF", 1, "bad.txt:1:1: not UTF-8 (byte 0xFF at offset 0)");
}

Test(validate, well_formed_text_of_every_length_passes)
{
    essay_file *f = parse_str("é € 𝄞 \xEF\xBF\xBF \xF4\x8F\xBF\xBF \xED\x9F\xBF");
    cr_assert_eq(f->n_paragraphs, 1);
    essay__file_free(f);
}

Test(validate, no_message_wanted)
{
    essay_file *f = NULL;
    cr_assert_eq(essay__file_parse("x", "\xff", 1, &f, NULL), ESSAY_BAD_INPUT);
    cr_assert_null(f);
}

/* ---- paragraphs ------------------------------------------------------------ */

Test(paragraphs, no_blank_lines_means_one_paragraph_a_line)
{
    essay_file *f = parse_str("First line of the file\nSecond line\nThird line\n\n\n");
    cr_assert_eq(f->n_paragraphs, 3);
    assert_paragraph_is(f, 0, 1, "First line of the file");
    assert_paragraph_is(f, 1, 2, "Second line");
    assert_paragraph_is(f, 2, 3, "Third line");
    essay__file_free(f);
}

Test(paragraphs, without_blank_lines_an_indented_line_starts_a_paragraph)
{
    /* hard-wrapped, no blank lines, paragraphs marked by indented first lines */
    essay_file *f = parse_str("experimental investigation of the\n"
                              "wing in a slipstream .\n"
                              "  an experimental study of a wing\n"
                              "was made in order to determine\n"
                              "the spanwise lift .\n"
                              "  the results were intended\n"
                              "as an evaluation basis .\n");
    cr_assert_eq(f->n_paragraphs, 3);
    assert_paragraph_is(f, 0, 1, "experimental investigation of the wing in a slipstream .");
    assert_paragraph_is(f, 1, 3, "an experimental study of a wing was made in order to "
                                 "determine the spanwise lift .");
    assert_paragraph_is(f, 2, 6, "the results were intended as an evaluation basis .");
    essay__file_free(f);
}

Test(paragraphs, without_blank_lines_mostly_indented_lines_stay_one_a_line)
{
    essay_file *f = parse_str("Title\n  one\n  two\n  three\n");
    cr_assert_eq(f->n_paragraphs, 4);
    assert_paragraph_is(f, 3, 4, "three");
    essay__file_free(f);
}

Test(paragraphs, list_items_start_paragraphs)
{
    essay_file *f = parse_str("Three points follow:\n"
                              "1. first item\n"
                              "   wraps here\n"
                              "12) second\n"
                              "- dash\n"
                              "* star\n"
                              "  • bullet\n"
                              "– en dash\n"
                              "\n"
                              "In\n"
                              "1994. That year -word\n"
                              "*emphasis* and 1.5 and -\n"
                              "1234. too many digits\n");
    cr_assert_eq(f->n_paragraphs, 8);
    assert_paragraph_is(f, 0, 1, "Three points follow:");
    assert_paragraph_is(f, 1, 2, "1. first item wraps here");
    assert_paragraph_is(f, 2, 4, "12) second");
    assert_paragraph_is(f, 3, 5, "- dash");
    assert_paragraph_is(f, 4, 6, "* star");
    assert_paragraph_is(f, 5, 7, "• bullet");
    assert_paragraph_is(f, 6, 8, "– en dash");
    assert_paragraph_is(f, 7, 10, "In 1994. That year -word *emphasis* and 1.5 and - "
                                  "1234. too many digits");
    essay__file_free(f);
}

Test(paragraphs, hyphenated_words_are_joined_without_space)
{
    essay_file *f = parse_str("a well-\nknown so-\ncalled café-\nélite\n"
                              "pre-\nWar 2-\nfold dash -\nend x-\n\"quoted\"\n\nNext.\n");
    cr_assert_eq(f->n_paragraphs, 2);
    assert_paragraph_is(f, 0, 1, "a well-known so-called café-élite pre- War 2- fold dash - "
                                 "end x- \"quoted\"");
    essay__file_free(f);
}

/* Lines of about 60 characters, like a hard-wrapped file's. */
#define WRAPPED_LINE "the quick brown fox jumps over the lazy dog again and again"

Test(paragraphs, long_line_ends_its_paragraph_in_a_hard_wrapped_file)
{
    char long_line[200];
    memset(long_line, 'x', 150);
    long_line[150] = '\0';
    char text[1024];
    snprintf(text, sizeof text,
             WRAPPED_LINE "\n" WRAPPED_LINE "\n" WRAPPED_LINE "\n\n"
             WRAPPED_LINE "\n%s\n" WRAPPED_LINE "\n", long_line);
    essay_file *f = parse_str(text);
    cr_assert_eq(f->n_paragraphs, 3);
    assert_paragraph_is(f, 0, 1, WRAPPED_LINE " " WRAPPED_LINE " " WRAPPED_LINE);
    assert_paragraph(f, 1, 5, WRAPPED_LINE " xxxx");
    cr_assert_eq(f->paragraphs[1].len, strlen(WRAPPED_LINE) + 1 + 150);
    assert_paragraph_is(f, 2, 7, WRAPPED_LINE);
    essay__file_free(f);
}

Test(paragraphs, mostly_long_lines_mean_the_file_is_not_wrapped)
{
    char long_line[200];
    memset(long_line, 'y', 150);
    long_line[150] = '\0';
    char text[1024];
    snprintf(text, sizeof text, "Heading\n%s\n%s\n\nShort closing line\n", long_line, long_line);
    essay_file *f = parse_str(text);
    cr_assert_eq(f->n_paragraphs, 3);
    cr_assert_str_eq(f->paragraphs[0].text + strlen("Heading\n"), long_line);
    assert_paragraph(f, 0, 1, "Heading\ny");
    assert_paragraph_is(f, 1, 3, long_line);
    assert_paragraph_is(f, 2, 5, "Short closing line");
    essay__file_free(f);
}

/* ---- headings -------------------------------------------------------------- */

Test(headings, title_line_heads_the_first_paragraph)
{
    essay_file *f = parse_str("On Liberty: an Essay. Part One!\n\nThe object of this essay is "
                              "liberty.\n\nSecond paragraph.\n");
    cr_assert_str_eq(f->title, "On Liberty: an Essay. Part One!");
    /* A title line is a heading whatever it ends in. */
    static const unsigned lines[] = { 1, 5 };
    static const char *const texts[] = {
        "On Liberty: an Essay. Part One!\nThe object of this essay is liberty.",
        "Second paragraph.",
    };
    assert_paragraphs_are(f, lines, texts, 2);
    essay__file_free(f);
}

Test(headings, title_from_a_header_is_not_a_heading_but_a_heading_line_is)
{
    essay_file *f = parse_str("---\ntitle: T\n---\nThe first line of text, a sentence.\n\n"
                              "CHAPTER II. THE FREE SPIRIT\n\n\n24. O sancta simplicitas! In "
                              "what strange\nsimplification man lives!\n\nMore text.\n");
    /* The heading starts the paragraph, on its own line. */
    static const unsigned lines[] = { 4, 6, 12 };
    static const char *const texts[] = {
        "The first line of text, a sentence.",
        "CHAPTER II. THE FREE SPIRIT\n24. O sancta simplicitas! In what strange simplification "
        "man lives!",
        "More text.",
    };
    assert_paragraphs_are(f, lines, texts, 3);
    essay__file_free(f);
}

Test(headings, a_run_of_headings_heads_the_text_after_it)
{
    essay_file *f = parse_str("Don Quixote \xe2\x80\x94 Part 4\n\n   DON QUIXOTE\n\n"
                              "by Miguel de Cervantes\n\nCHAPTER IX.\n\nIN WHICH IS CONCLUDED "
                              "THE\nTERRIFIC BATTLE\n\nIn the First Part of this history we "
                              "left the valiant Biscayan.\n");
    cr_assert_eq(f->n_paragraphs, 1);
    assert_paragraph_is(f, 0, 1, "Don Quixote \xe2\x80\x94 Part 4\nDON QUIXOTE\nby Miguel de "
                                 "Cervantes\nCHAPTER IX.\nIN WHICH IS CONCLUDED THE TERRIFIC "
                                 "BATTLE\nIn the First Part of this history we left the valiant "
                                 "Biscayan.");
    essay__file_free(f);
}

Test(lines, each_line_of_a_paragraph_is_where_it_begins_in_its_text)
{
    /* a title heading its text across a blank line, lines joined, a word
     * hyphenated across a line break, a heading that heads nothing */
    essay_file *f = parse_str("Walden\n\nI went to the woods\nbecause I wished to live\n"
                              "deliberately, to front only the essen-\ntial facts of life.\n\n"
                              "THE END\n");
    cr_assert_eq(f->n_paragraphs, 2);
    assert_paragraph_is(f, 0, 1, "Walden\nI went to the woods because I wished to live "
                                 "deliberately, to front only the essen-tial facts of life.");
    const char *text = f->paragraphs[0].text;
    const char *words[] = { "Walden", "woods", "because", "live", "deliberately", "essen",
                            "tial", "life" };
    const unsigned lines[] = { 1, 3, 4, 4, 5, 5, 6, 6 };
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        cr_assert_eq(line_of(f, 0, (size_t)(strstr(text, words[k]) - text)), lines[k], "%s",
                     words[k]);
    cr_assert_eq(f->paragraphs[0].n_lines, 4);
    cr_assert_eq(f->paragraphs[1].n_lines, 0);
    assert_paragraph_is(f, 1, 8, "THE END");
    essay__file_free(f);
}

Test(headings, short_sentences_are_not_headings)
{
    essay_file *f = parse_str("---\ntitle: T\n---\nIt rained.\n\nSo did I.\n\nI am 40.\n\n"
                              "Stop!\n\nWell,\n\nHe said:\n\n\"Born again?\"\n\n"
                              "Then the sun came out.\n");
    static const unsigned lines[] = { 4, 6, 8, 10, 12, 14, 16, 18 };
    static const char *const texts[] = { "It rained.", "So did I.", "I am 40.", "Stop!", "Well,",
                                         "He said:", "\"Born again?\"", "Then the sun came out." };
    assert_paragraphs_are(f, lines, texts, 8);
    essay__file_free(f);
}

Test(headings, numbered_and_capital_headings_may_end_in_a_stop)
{
    essay_file *f = parse_str("---\ntitle: T\n---\nCHAPTER II.\n\nText one.\n\nI.\n\n"
                              "Text two.\n\nChapter 2.\n\nText three.\n\nPart IV.\n\n"
                              "Text four.\n\n12.\n\nText five.\n\n(NO HOUSEHOLD SHOULD BE "
                              "WITHOUT IT.)\n\nText six.\n\n_The Donation of Pepin_\n\n"
                              "Text seven.\n\nHow will it work?\n\nText eight.\n");
    static const unsigned lines[] = { 4, 8, 12, 16, 20, 24, 28, 32 };
    static const char *const texts[] = {
        "CHAPTER II.\nText one.", "I.\nText two.", "Chapter 2.\nText three.",
        "Part IV.\nText four.", "12.\nText five.",
        "(NO HOUSEHOLD SHOULD BE WITHOUT IT.)\nText six.", "_The Donation of Pepin_\nText seven.",
        "How will it work?\nText eight.",
    };
    assert_paragraphs_are(f, lines, texts, 8);
    essay__file_free(f);
}

Test(headings, list_items_and_long_or_wordless_blocks_are_not_headings)
{
    char long_block[200];
    memset(long_block, 'w', 130);
    long_block[130] = '\0';
    char text[512];
    snprintf(text, sizeof text, "---\ntitle: T\n---\n- an item\n\n%s\n\n* * *\n\n"
             "Text.\n", long_block);
    essay_file *f = parse_str(text);
    static const unsigned lines[] = { 4, 6, 8, 10 };
    const char *const texts[] = { "- an item", long_block, "* * *", "Text." };
    assert_paragraphs_are(f, lines, texts, 4);
    essay__file_free(f);
}

Test(headings, headings_at_the_end_head_nothing_and_stay_paragraphs)
{
    essay_file *f = parse_str("---\ntitle: T\n---\nThe last words.\n\nTHE END\n\n"
                              "Footnotes\n\n\n");
    static const unsigned lines[] = { 4, 6, 8 };
    static const char *const texts[] = { "The last words.", "THE END", "Footnotes" };
    assert_paragraphs_are(f, lines, texts, 3);
    /* marked, for the search to rank them after the text */
    cr_assert_eq(f->paragraphs[0].bare_heading, 0);
    cr_assert_eq(f->paragraphs[1].bare_heading, 1);
    cr_assert_eq(f->paragraphs[2].bare_heading, 1);
    essay__file_free(f);

    /* One line a paragraph, the last ones short: a list, not headings. */
    f = parse_str("A first sentence here.\nRelated\nFebruary 24, 2022\nJanuary 21, 2022");
    cr_assert_eq(f->n_paragraphs, 4);
    assert_paragraph_is(f, 1, 2, "Related");
    assert_paragraph_is(f, 3, 4, "January 21, 2022");
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(f->paragraphs[i].bare_heading, i > 0, "paragraph %zu", i);
    essay__file_free(f);
}

Test(headings, only_headings_that_head_nothing_are_bare)
{
    /* a title line alone, a text of short lines alone */
    essay_file *f = parse_str("The Title Alone\n");
    cr_assert_eq(f->n_paragraphs, 1);
    cr_assert_eq(f->paragraphs[0].bare_heading, 1);
    essay__file_free(f);
    f = parse_str("Roses are red\n\nViolets are blue\n");
    cr_assert_eq(f->n_paragraphs, 2);
    cr_assert(f->paragraphs[0].bare_heading && f->paragraphs[1].bare_heading);
    essay__file_free(f);
    /* headings joined to the text they head, text, a short sentence, a
     * passage of a long paragraph: none */
    char text[3 * ESSAY_MAX_PARAGRAPH];
    int n = snprintf(text, sizeof text, "Title\n\nCHAPTER I.\n\nText.\n\nIt rained.\n\n");
    for (size_t i = 0; i < 2 * ESSAY_MAX_PARAGRAPH / 8; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "a word. ");
    f = parse_str(text);
    cr_assert_gt(f->n_paragraphs, 3);
    for (size_t i = 0; i < f->n_paragraphs; i++)
        cr_assert_eq(f->paragraphs[i].bare_heading, 0, "paragraph %zu", i);
    essay__file_free(f);
}

/* Whether each paragraph of 'f' is marked bare: bare[i] for paragraph i. */
static void assert_bare(const essay_file *f, const int *bare, size_t n)
{
    cr_assert_eq(f->n_paragraphs, n);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(f->paragraphs[i].bare_heading, bare[i], "paragraph %zu: '%s'", i,
                     f->paragraphs[i].text);
}

/* Read 'text' and assert which of its n paragraphs are bare (assert_bare()). */
static void assert_read_bare(const int *bare, size_t n, const char *text)
{
    essay_file *f = parse_str(text);
    assert_bare(f, bare, n);
    essay__file_free(f);
}

Test(headings, a_run_of_contents_or_index_entries_is_bare)
{
    /* a table of contents of numbered titles, its heading joined to the first */
    essay_file *f = parse_str("Heretics\n\nContents\n\n  1. Introductory Remarks\n"
                              "  2. On the Negative Spirit\n  3. Mr. Bernard Shaw\n"
                              "  4. Mr. H. G. Wells and the Giants\n  5. Christmas\n\n"
                              "I. Introductory Remarks\n\nMr. Shaw is a man of genius.\n");
    assert_paragraph_is(f, 1, 6, "2. On the Negative Spirit");
    assert_bare(f, (const int[]){ 1, 1, 1, 1, 1, 0 }, 6);
    essay__file_free(f);
    /* a book's index, a letter heading the first of its entries; page
       numbers after a comma */
    f = parse_str("---\ntitle: T\n---\nThe mass of men lead lives of quiet desperation.\n\n"
                  "INDEX\n\nDelay, verse, =5=, 418.\n\nDemons, =6=, 91, 243, 267.\n\n"
                  "Desperation, mass of men lead lives of quiet, 8, 9.\n\nDew, 44-46.\n");
    assert_bare(f, (const int[]){ 0, 1, 1, 1, 1 }, 5);
    essay__file_free(f);
    /* so is one with a cross-reference after its pages, or in their place */
    f = parse_str("---\ntitle: T\n---\nThe mass of men lead lives of quiet desperation.\n\n"
                  "Kalmiana. _See_ Nuphar.\n\nLiving, getting a, =4=, 457-462. _See_ Life.\n\n"
                  "Light. _See_ Moonlight and Sunset.\n\nLynx, 12, 14; see also Cats.\n\n"
                  "Go and see. See it for yourself, and then judge the pond as you find it.\n");
    assert_bare(f, (const int[]){ 0, 1, 1, 1, 1, 0 }, 6);
    essay__file_free(f);
    /* what follows "see" begins with a capital letter: not a quote mark, nor
       a small letter with an accent */
    f = parse_str("---\ntitle: T\n---\nThe play.\n\nTo the theatre. See \xe2\x80\x98Hamlet\xe2\x80\x99.\n\n"
                  "To the town. See \xc3\xa9glises there.\n\nTo the sea. See \xe2\x80\x98Tempest\xe2\x80\x99.\n");
    assert_bare(f, (const int[]){ 0, 0, 0, 0 }, 4);
    essay__file_free(f);
    /* an entry pointing at a note of its page is one too */
    f = parse_str("---\ntitle: T\n---\nThe grape of Concord.\n\n"
                  "Bull, E. W. (Concord grape), =6=, 377, note.\n\nBurton, Robert, 12, 15.\n\n"
                  "Cabot, John, 3, notes.\n\nAnd so the grape came to Concord, as I note.\n");
    assert_bare(f, (const int[]){ 0, 1, 1, 1, 0 }, 5);
    essay__file_free(f);
    /* an entry of a dozen lines among short ones is one of them; alone
       among text, or in a run of two short ones, a long one is text */
    static const char LONG_ENTRY[] =
        "Alcott, A. Bronson (b. 1799, d. 1888), =6=, 50, 52, 60, 61, 62-65, 83,\n"
        "note, 104, 124, 134, 136, 144, 146, 151, 153, 154, 158, 190, 238, 252,\n"
        "note, 281, 289, 306, 328, 333, 341, 346, 359, 379, 381, 397;\n"
        "acquaintance with Thoreau, 50, 52, 64, 136, 137, 151; at home in\n"
        "Fruitlands, 64, 83, 84; in Boston, 236, 237; in Walpole, 281; in\n"
        "Concord, at Orchard House, 333, 376; builds Emerson's summer-house,\n"
        "134-137; in Concord jail, 52; chosen school superintendent, 377; diary\n"
        "of, 297; holds conversations in Concord, 52, 64, 346; letter to, 282.\n";
    char text[2048];
    snprintf(text, sizeof text, "---\ntitle: T\n---\nThe jail in Concord.\n\n"
             "Agassiz, =6=, 91.\n\n%s\nAlcott, Mrs. A. B., =6=, 283.\n\n"
             "Alewives, =1=, 32.\n", LONG_ENTRY);
    f = parse_str(text);
    assert_bare(f, (const int[]){ 0, 1, 1, 1, 1 }, 5);
    essay__file_free(f);
    snprintf(text, sizeof text, "---\ntitle: T\n---\nThe jail in Concord.\n\n%s\n"
             "Alcott, Mrs. A. B., =6=, 283.\n\nAlewives, =1=, 32.\n\nThe end.\n", LONG_ENTRY);
    f = parse_str(text);
    assert_bare(f, (const int[]){ 0, 0, 0, 0, 0 }, 5);
    essay__file_free(f);
    /* contents with page numbers after a dot leader or spaces */
    f = parse_str("---\ntitle: T\n---\nThe Problem .... 13\n\nThe Answer . . . 27\n\n"
                  "The End   41\n\nThe text begins here, and it is long enough.\n");
    assert_bare(f, (const int[]){ 1, 1, 1, 0 }, 4);
    essay__file_free(f);
}

Test(headings, lists_and_sentences_are_not_entries)
{
    /* four titles are a short list, not contents; so are bullets */
    essay_file *f = parse_str("---\ntitle: T\n---\nWhat is needed.\n\n1. Security guarantees\n"
                              "2. Air defence for Kharkiv\n3. Shells\n4. Time\n\nAnd nothing else.\n");
    assert_bare(f, (const int[]){ 0, 0, 0, 0, 0, 0 }, 6);
    essay__file_free(f);
    f = parse_str("---\ntitle: T\n---\nWhat is needed.\n\n* Security guarantees\n"
                  "* Air defence for Kharkiv\n* Shells\n* Time\n* Money\n\nAnd nothing else.\n");
    assert_bare(f, (const int[]){ 0, 0, 0, 0, 0, 0, 0 }, 7);
    essay__file_free(f);
    /* a chronology: years are no page numbers */
    f = parse_str("---\ntitle: T\n---\nBorn in Concord, July 12, 1817.\n\n"
                  "At Harvard, 1833.\n\nAt Walden, July 4, 1845.\n\nDied in Concord, 1862.\n");
    assert_bare(f, (const int[]){ 0, 0, 0, 0 }, 4);
    essay__file_free(f);
    /* items that are sentences; short sentences ending in a year, or a
       decimal number */
    f = parse_str("---\ntitle: T\n---\n- We need air defence.\n- We need shells.\n"
                  "- We need time.\n\nIt began in 1914.\n\nIt ended in 1918.\n\n"
                  "It cost 3.5.\n\nA last sentence.\n");
    assert_bare(f, (const int[]){ 0, 0, 0, 0, 0, 0, 0 }, 7);
    essay__file_free(f);
}

Test(headings, a_publishers_catalogue_is_bare)
{
    /* entries with a format and a price, a price and a binding; an author's
       line between two of them, and an entry over 600 bytes, are of it */
    char longer[800];
    snprintf(longer, sizeof longer, "=ART LIBRARY (The).= Large crown 8vo, cloth, _5s._ net per "
             "vol. %0*d", 600, 0);
    char text[2048];
    snprintf(text, sizeof text, "---\ntitle: T\n---\nFairy tales teach children that the world "
             "is strange.\n\n=FRY (ROGER).--Children's Pictures.= Fcap. 4to, boards, _2s. 6d._ "
             "net.\n\nGREEN.--Works by JOHN RICHARD GREEN:--\n\nSHORT HISTORY. 8vo. "
             "10_s._ 6_d._\n\n%s\n\nPoems. 12mo, $1.50 _net_.\n\nHandbook to Paris, "
             "_3s. 6d._\n\nThe End of the catalogue is not an entry.\n", longer);
    essay_file *f = parse_str(text);
    assert_bare(f, (const int[]){ 0, 1, 1, 1, 1, 1, 1, 0 }, 8);
    essay__file_free(f);
    /* two entries with a price alone are not enough */
    f = parse_str("---\ntitle: T\n---\nText.\n\nFRY. Fcap. 4to, _2s._\n\n"
                  "Handbook, _3s. 6d._\n\nMap, _1s._\n\nCLARK. Crown 8vo, cloth.\n");
    assert_bare(f, (const int[]){ 0, 0, 0, 0, 0 }, 5);
    essay__file_free(f);
}

Test(headings, prose_with_prices_and_a_lone_entry_are_text)
{
    /* prose that counts in shillings (Defoe, Burton), and a book described */
    essay_file *f = parse_str("---\ntitle: T\n---\nThere should be paid 10s. per chaldron, "
                              "and the price at London to be 27s. per chaldron.\n\nThe "
                              "carpenters draw 3_l._ 10_s._ per month, the stock £89,379 15s. "
                              "6d.\n\nI had taken down a little thick quarto, curiously bound "
                              "in parchment.\n\nA yard of cloth was 3s. 6d. in London.\n\n"
                              "Sulphur fetches 5s. a ton.\n");
    assert_bare(f, (const int[]){ 0, 0, 0, 0, 0 }, 5);
    essay__file_free(f);
    /* one book advertised after the essay */
    f = parse_str("---\ntitle: T\n---\nThe essay ends here.\n\nBY THE SAME AUTHOR\n"
                  "Heretics. Crown 8vo, cloth, _5s._ net.\n\nPrinted in England.\n");
    assert_bare(f, (const int[]){ 0, 0, 0 }, 3);
    essay__file_free(f);
}

Test(headings, a_list_of_titles_or_an_index_without_page_numbers_is_bare)
{
    /* contents: lines of titles, one of them none ("de la") */
    assert_read_bare((const int[]){ 0, 1, 0 }, 3,
                     "---\ntitle: T\n---\nCONTENTS:\n\n  Preface\n  My Watch\n"
                     "  Political Economy\n  The Jumping Frog\n  Journalism in Tennessee\n"
                     "  In the Place de la Bastille\n  The Story of the Bad Little Boy\n"
                     "  A Couple of Poems by Twain and Moore\n\nMy watch had run "
                     "eighteen months without losing or gaining.\n");
    /* an index whose page numbers were links: entries in alphabetical
       order, their subentries indented, one entry out of order */
    assert_read_bare((const int[]){ 1 }, 1, /* "INDEX." heads it */
                     "---\ntitle: T\n---\nINDEX.\n\n  Beggars, often intercept charity,\n"
                     "    in Ireland,\n    should wear badges.\n  Belief, want of, a defect.\n"
                     "  Benefices, value of dividing them.\n  Berkeley, Earl of,\n"
                     "    his letter to Swift.\n  Clergyman, Swift's position as a\n"
                     "  Young, letter to\n  Bettesworth, Sergeant, his rencontre with Swift,\n"
                     "  Bible, the, difficult to understand.\n  Biblical terminology.\n"
                     "  Bishoprics, value of,\n");
    /* titles alike in length, each line ending where the next line's
       first word would have fit */
    assert_read_bare((const int[]){ 1, 0 }, 2,
                     "---\ntitle: T\n---\nCONTENTS\n\n  The Owner of the Voice\n"
                     "  Chapter the First--Topographical\n"
                     "  Chapter the Second--Concerning Freedoms\n"
                     "  Chapter the Third--Utopian Economics\n"
                     "  Chapter the Fourth--The Voice of Nature\n"
                     "  Chapter the Fifth--Failure in a Modern Utopia\n"
                     "  Chapter the Sixth--Women in a Modern Utopia\n"
                     "  Chapter the Seventh--A Few Utopian Impressions\n"
                     "  Chapter the Eighth--My Utopian Self\n  Chapter the Ninth--The Samurai\n"
                     "  Chapter the Tenth--Race in Utopia\n"
                     "  Chapter the Eleventh--The Bubble Bursts\n"
                     "  Appendix--Scepticism of the Instrument\n\nThere are works, and this is one "
                     "of them, that are best begun with a portrait of the author.\n");
    /* contents set out in one block, the page numbers aligned: no line
       ends short of the others */
    assert_read_bare((const int[]){ 1, 0 }, 2,
                     "---\ntitle: T\n---\nCONTENTS\n\n                                   PAGE\n"
                     "   I.  ACROSS THE PLAINS                          1\n"
                     "  II.  THE OLD PACIFIC CAPITAL                   51\n"
                     " III.  FONTAINEBLEAU                             72\n"
                     "  IV.  EPILOGUE TO \u201cAN INLAND VOYAGE\u201d            95\n"
                     "   V.  RANDOM MEMORIES                          112\n"
                     "  VI.  RANDOM MEMORIES CONTINUED                126\n"
                     " VII.  THE LANTERN-BEARERS                      138\n\n"
                     "It was the evening of the second day of my journey.\n");
    /* lines of prose that end in a number after one space are text */
    assert_read_bare((const int[]){ 0, 0, 0 }, 3,
                     "---\ntitle: T\n---\nThe count.\n\n"
                     "Of the plants in the first bed I counted 12\n"
                     "and of those in the second bed I counted 51\nwhile the third bed, which was "
                     "the largest, held 72\nand the fourth, shaded by the wall, held only 9\nso "
                     "that the fifth and the sixth held 112\nbetween them, and the last one "
                     "held 126\n\nThe end.\n");
    /* titles in sentence case under a heading naming them contents; the
       same lines under another heading are text */
    static const char sentence_case[] =
        "\n\nPreface\nAlexandre Dumas\nMr. Stevenson's works\nThomas Haynes Bayly\n"
        "Homer and the Study of Greek\nCharles Lever: His books, adventures and misfortunes\n"
        "The poems of Sir Walter Scott\nJohn Bunyan\nMr. Kipling's stories\n\n"
        "Of the following essays, five are new, and were written for this volume.\n";
    char text[1024];
    snprintf(text, sizeof text, "---\ntitle: T\n---\nCONTENTS.%s", sentence_case);
    assert_read_bare((const int[]){ 1, 0 }, 2, text);
    snprintf(text, sizeof text, "---\ntitle: T\n---\nTABLE  OF  CONTENTS%s", sentence_case);
    assert_read_bare((const int[]){ 1, 0 }, 2, text);
    snprintf(text, sizeof text, "---\ntitle: T\n---\nWHAT I READ.%s", sentence_case);
    assert_read_bare((const int[]){ 0, 0 }, 2, text);
    /* contents in capitals, each title ended closed, one run on */
    assert_read_bare((const int[]){ 1, 0 }, 2, /* "PART II--Life" heads it */
                     "---\ntitle: T\n---\nPART II--Life\n\nAUTOCRACY AND WAR--1905\n"
                     "THE CRIME OF PARTITION--1919\nA NOTE ON THE POLISH PROBLEM--1916\n"
                     "POLAND REVISITED--1915\nFIRST NEWS--1918\nWELL DONE--1918\nTRADITION--1918\n"
                     "SOME REFLECTIONS ON THE LOSS OF THE _TITANIC_--1912\n"
                     "CERTAIN ASPECTS OF THE ADMIRABLE INQUIRY INTO THE LOSS OF THE\n"
                     "_TITANIC_--1912\nA FRIENDLY PLACE\n\nI don't know whether I ought to offer "
                     "an apology for this collection.\n");
    /* titles in typographic quotes, and an index whose entries sort
       without their accents ("Écarté" between "Ebert" and "Eckermann") */
    assert_read_bare((const int[]){ 0, 1, 0 }, 3,
                     "---\ntitle: T\n---\nCONTENTS:\n\n  \u201cPreface\u201d\n"
                     "  \u201cMy Watch\u201d\n"
                     "  \u201cPolitical Economy\u201d\n  \u201cThe Jumping Frog\u201d\n"
                     "  \u201cJournalism in Tennessee\u201d\n  \u201cA Day at Niagara\u201d\n"
                     "  \u201cThe Story of the Bad Little Boy\u201d\n  \u201cAwful German\u201d\n\n"
                     "My watch had run eighteen months without losing or gaining.\n");
    assert_read_bare((const int[]){ 1 }, 1,
                     "---\ntitle: T\n---\nINDEX.\n\n  Ebert, Friedrich,\n"
                     "  \u00c9cart\u00e9, the game of,\n"
                     "  Eckermann, his conversations with Goethe at Weimar,\n    quoted,\n"
                     "  \u00c9cole Normale,\n  Edda, the elder,\n  \u00c9lan vital,\n"
                     "  Elba, the island,\n"
                     "  \u00c9mile, a treatise,\n  Encyclop\u00e9die, the,\n");
    /* the same with lines ended by CR alone: indented as before */
    assert_read_bare((const int[]){ 1 }, 1,
                     "---\rtitle: T\r---\rINDEX.\r\r  Beggars, often intercept charity,\r"
                     "    in Ireland,\r    should wear badges.\r  Belief, want of, a defect.\r"
                     "  Benefices, value of dividing them.\r  Berkeley, Earl of,\r"
                     "    his letter to Swift.\r  Clergyman, Swift's position as a\r"
                     "  Young, letter to\r  Bettesworth, Sergeant, his rencontre with Swift,\r"
                     "  Bible, the, difficult to understand.\r  Biblical terminology.\r"
                     "  Bishoprics, value of,\r");
}

/* An index set out an entry a paragraph, its page numbers lost (they were
 * links), from its heading to the end of the file: its entries are bare;
 * a letter heading the first ("A") and an entry read as a heading
 * ("AGUARA.") do not stop it. */
Test(headings, an_index_an_entry_a_paragraph_is_bare)
{
    assert_read_bare((const int[]){ 1, 1, 1, 1, 1, 1, 1 }, 7,
                     "Geological Observations \u2014 INDEX.\n\nINDEX.\n\n"
                     "Abich, on a new variety of feldspar.\n\n"
                     "Shingle of Patagonia.\n\nSiau, M., on sea-bottom.\n\n"
                     "Silver mines of Arqueros.\n--of Chanuncillo.\n--distribution of.\n\n"
                     "Slip, great, at S. Cruz.\n\n"
                     "Smith, Mr., of Jordan Hill, on upraised shells retaining their colours.\n"
                     "--on Madeira.\n--on elevated seaweed.\n\n"
                     "Soundings off Patagonia.\n--in Tierra del Fuego.\n");
    assert_read_bare((const int[]){ 1, 1, 1, 1, 1, 1, 1 }, 7,
                     "---\ntitle: T\n---\nINDEX.\n\nA\n\nAbbot, F.E., letter to.\n\n"
                     "Academy of Natural Sciences elects Darwin a member.\n\n"
                     "AGUARA.\n\nAinsworth, Mr., on the change in the hair of animals.\n\n"
                     "Akbar Khan, his fondness for pigeons.\n\nAlauda arvensis.\n\n"
                     "Albin, on fowls.\n--figure of the hook-billed duck.\n\n"
                     "Andalusian fowls.\n");
}

/* Short paragraphs in alphabetical order are entries only after a heading
 * naming an index; a contents page naming the index does not start it,
 * its last heading does. */
Test(headings, an_index_begins_at_its_last_heading)
{
    static const char entries[] = "Abich, on feldspar.\n\nShingle of Patagonia.\n\n"
                                  "Siau, M., on sea-bottom.\n\nSilver mines of Arqueros.\n\n"
                                  "Slip, great, at S. Cruz.\n\nSmith, Mr., of Jordan Hill.\n";
    char text[2048];
    snprintf(text, sizeof text, "---\ntitle: T\n---\nThe book.\n\n%s", entries);
    assert_read_bare((const int[]){ 0, 0, 0, 0, 0, 0, 0 }, 7, text);
    snprintf(text, sizeof text,
             "---\ntitle: T\n---\nCONTENTS\n\nPreface\n\nIndex\n\nPREFACE\n\n"
             "The book was written in the years of the voyage, and it was revised for "
             "this edition\nwith the help of many friends, whose letters are printed "
             "in the second volume.\n\nIt is dedicated to them all.\n\nINDEX.\n\n%s",
             entries);
    assert_read_bare((const int[]){ 0, 0, 1, 1, 1, 1, 1, 1 }, 8, text);
}

/* A part of an essay headed "Index" whose text follows it is no index:
 * its paragraphs are text, not in alphabetical order. */
Test(headings, text_under_a_heading_index_stays_text)
{
    assert_read_bare((const int[]){ 0, 0, 0, 0, 0, 0, 0 }, 7,
                     "---\ntitle: On Indexes\n---\nShingle of Patagonia.\n\n"
                     "Index\n\nAn index is a list of the words of a book.\n\n"
                     "It was made by hand, on slips of paper, for a long time; the compiler "
                     "sorted\nthem into drawers, one drawer a letter, and copied them out when "
                     "the last proof came,\nso that the page numbers were those of the book "
                     "as it would be printed and sold.\n\n"
                     "Some indexes were good.\n\n"
                     "The best of them were made by the authors themselves, who knew what "
                     "each page was\nfor, and what a reader would come to look for in it "
                     "years after he had read it once and\nput the book back on its "
                     "shelf.\n\nMost were not.\n\n"
                     "They were made by clerks who read the book once, quickly, and "
                     "listed\nevery proper name they met, with no thought of what a reader "
                     "would ask of them.\n");
}

Test(headings, prose_and_poems_are_no_lists)
{
    /* prose fills its lines; a poem's lines begin with capitals in no
       order, or by chance in order but not with one letter, or with one
       word; their words are small; a summary in capitals heads its
       chapter (two paragraphs: the heading joins the summary); an
       inscription in capitals runs on */
    static const char *const texts[] = {
        "---\ntitle: T\n---\nA page.\n\nThe Prose Works of Swift are many, and\nAll of them are read by "
        "few now, though\nBoth the Tale and the Travels are read\nBy many who know "
        "nothing of the rest,\nChiefly for the pleasure of the story\nDespite the satire "
        "that is in them.\n\nThe end.\n",
        "---\ntitle: T\n---\nA couplet.\n\nBear our salams, O Dove, from this our stead\nBid him fro' me "
        "ne'er cease to yearn and mourn\nEke I in grief shall ever mourn and yearn,\n"
        "Long was our joyance, seeming aye to last,\nTill croaked the Raven of the Wold one "
        "day\nWe sped and left the homestead dark and void\n\nThe end.\n",
        "---\ntitle: T\n---\nA verse.\n\nSuch blue of sky, so palely fair,\nSuch glow of earth, such "
        "lucid air!\nSuch purple on the mountain lines,\nSuch deep new verdure in the "
        "pines!\nSuch light that makes the day\nSuch night that takes it away\n\nThe end.\n",
        /* a chapter's summary in capitals names the chapter */
        "---\ntitle: T\n---\nCHAPTER III.\n\nCATTLE.\nZEBU A DISTINCT SPECIES.\nEUROPEAN CATTLE "
        "PROBABLY DESCENDED FROM THREE WILD FORMS.\nRACES FERTILE TOGETHER.\nBRITISH PARK CATTLE."
        "\nON THE COLOUR OF THE PRIMITIVE SPECIES.\nCONSTITUTIONAL DIFFERENCES.\nSOUTH AFRICAN "
        "RACES.\n\nThe cattle of the world.\n",
        /* an inscription in capitals runs on from line to line */
        "---\ntitle: T\n---\nThe stone.\n\n        HERE\n     AND NEAR TO\n  THIS PLACE LYES THE\n"
        "REVEREND MR JOHN CROOKSHANK\n AND MR ANDREW MCCORMICK\nMINISTERS OF THE GOSPEL AND\n"
        "ABOUT FIFTY OTHER TRUE COVENANTED\n PRESBYTERIANS WHO WERE\nKILLED IN THIS PLACE IN "
        "THEIR OWN\nINOCENT SELF DEFENCE\n\nThe end.\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        essay_file *f = parse_str(texts[i]);
        assert_bare(f, (const int[]){ 0, 0, 0 }, i == 3 ? 2 : 3);
        essay__file_free(f);
    }
}

Test(headings, one_paragraph_a_line_headings_head_the_next_line)
{
    char long_line[200];
    memset(long_line, 'z', 150);
    long_line[150] = '\0';
    char text[1024];
    snprintf(text, sizeof text, "%s\nLessons from history\n%s\nSecurity is prioritized.\n%s\n",
             long_line, long_line, long_line);
    essay_file *f = parse_str(text);
    cr_assert_eq(f->n_paragraphs, 4);
    assert_paragraph_is(f, 0, 1, long_line);
    assert_paragraph(f, 1, 2, "Lessons from history\nzzz");
    assert_paragraph_is(f, 2, 4, "Security is prioritized.");
    essay__file_free(f);
}

/* ---- passages -------------------------------------------------------------- */

/* Paragraphs from 'first' on are passages cut from 'whole': each a slice of it
 * in order, the slices separated by exactly 'gap' (0 or 1) spaces, nothing
 * left over. */
static void assert_passages_of(const essay_file *f, size_t first, const char *whole, size_t len,
                               size_t gap)
{
    cr_assert_gt(f->n_paragraphs - first, 1, "the paragraph was not cut");
    size_t at = 0;
    for (size_t i = first; i < f->n_paragraphs; i++) {
        const essay_paragraph *p = &f->paragraphs[i];
        if (i > first) {
            cr_assert_leq(at + gap, len);
            cr_assert_eq(memcmp(whole + at, "  ", gap), 0, "no space at a cut at %zu", at);
            at += gap;
        }
        cr_assert_leq(at + p->len, len);
        cr_assert_eq(memcmp(p->text, whole + at, p->len), 0, "passage %zu is not at byte %zu", i,
                     at);
        at += p->len;
    }
    cr_assert_eq(at, len, "%zu bytes of %zu in the passages", at, len);
}

Test(passages, one_megabyte_line_is_cut_at_sentence_ends)
{
    const char sentence[] = "Lorem ipsum dolor sit amet, consectetur elit.";
    size_t len = 0, cap = 1 << 20;
    char *line = malloc(cap + sizeof sentence + 1);
    cr_assert_not_null(line);
    while (len < cap) {
        if (len > 0)
            line[len++] = ' ';
        memcpy(line + len, sentence, sizeof sentence - 1);
        len += sizeof sentence - 1;
    }
    const char header[] = "---\ntitle: Big\n---\n\n";
    char *text = malloc(sizeof header + len + 1);
    cr_assert_not_null(text);
    memcpy(text, header, sizeof header - 1);
    memcpy(text + sizeof header - 1, line, len);
    text[sizeof header - 1 + len] = '\n';

    essay_file *f = parse("big.txt", text, sizeof header + len);
    cr_assert_geq(f->n_paragraphs, len / ESSAY_MAX_PARAGRAPH + 1);
    for (size_t i = 0; i < f->n_paragraphs; i++) {
        cr_assert_eq(f->paragraphs[i].line, 5);
        cr_assert_eq(f->paragraphs[i].text[f->paragraphs[i].len - 1], '.', "passage %zu", i);
        /* a sentence end falls in every quarter window, so no passage is short */
        if (i + 1 < f->n_paragraphs)
            cr_assert_geq(f->paragraphs[i].len, ESSAY_MAX_PARAGRAPH * 3 / 4 - 1);
    }
    assert_passages_of(f, 0, line, len, 1);
    essay__file_free(f);
    free(text);
    free(line);
}

Test(passages, long_wrapped_paragraph_keeps_each_passage_line)
{
    /* 1000 lines, each of words naming the line: "L0042w0 L0042w1 ...". */
    size_t cap = 1000 * 64 + 64, len = 0, joined_len = 0;
    char *text = malloc(cap), *joined = malloc(cap);
    cr_assert(text != NULL && joined != NULL);
    len += (size_t)sprintf(text, "Title\n\n");
    joined_len += (size_t)sprintf(joined, "Title\n");
    for (unsigned line = 3; line < 1003; line++) {
        char words[64];
        int n = snprintf(words, sizeof words, "L%04uw0 L%04uw1 L%04uw2 L%04uw3 L%04uw4 L%04uw5",
                         line, line, line, line, line, line);
        len += (size_t)sprintf(text + len, "%s\n", words);
        joined_len += (size_t)sprintf(joined + joined_len, "%s%s", line > 3 ? " " : "", words);
        cr_assert_eq(n, 47);
    }
    essay_file *f = parse("wrapped.txt", text, len);
    cr_assert_gt(f->n_paragraphs, 2);
    assert_paragraph(f, 0, 1, "Title\nL0003w0");    /* the title line heads the text */
    for (size_t i = 1; i < f->n_paragraphs; i++) {
        unsigned named;
        cr_assert_eq(sscanf(f->paragraphs[i].text, "L%4u", &named), 1);
        cr_assert_eq(f->paragraphs[i].line, named, "passage %zu", i);
    }
    /* every word of every passage is on the line it names */
    for (size_t i = 0; i < f->n_paragraphs; i++)
        for (const char *w = f->paragraphs[i].text; (w = strchr(w, 'L')) != NULL; w++) {
            unsigned named;
            cr_assert_eq(sscanf(w, "L%4u", &named), 1);
            cr_assert_eq(line_of(f, i, (size_t)(w - f->paragraphs[i].text)), named,
                         "passage %zu: %.8s", i, w);
        }
    assert_passages_of(f, 0, joined, joined_len, 1);
    essay__file_free(f);
    free(text);
    free(joined);
}

Test(passages, line_without_spaces_is_cut_at_character_boundaries)
{
    size_t len = 100001;
    char *text = malloc(len + 1);
    cr_assert_not_null(text);
    text[0] = 'a';      /* so that a window ends inside a character */
    for (size_t i = 1; i < len; i += 2)
        memcpy(text + i, "é", 2);
    text[len] = '\0';
    essay_file *f = parse("dense.txt", text, len);
    for (size_t i = 0; i < f->n_paragraphs; i++) {
        cr_assert_eq(f->paragraphs[i].line, 1);
        cr_assert_neq((unsigned char)f->paragraphs[i].text[0] & 0xC0, 0x80, "passage %zu", i);
    }
    assert_passages_of(f, 0, text, len, 0);
    essay__file_free(f);
    free(text);
}
