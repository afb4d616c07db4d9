/* test_snippet.c -- unit tests of core/snippet.c: choosing the best passage
 * of a paragraph and highlighting the query's words and phrases in it.
 *
 * Besides worked examples, every snippet is checked against the invariants
 * the searcher relies on (check_snippet): spans in bounds, sorted and
 * disjoint, each span exactly a run of whole tokens of which one matches a
 * query term when re-analysed, and, for valid input, valid UTF-8.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define MAX_GROUPS 8
#define MAX_TERMS 4
#define MAX_TERM_BYTES 64

/* A matchset built by a test, with room for its terms' text. */
typedef struct {
    char text[MAX_GROUPS][MAX_TERMS][MAX_TERM_BYTES];
    essay_match_term terms[MAX_GROUPS][MAX_TERMS];
    essay_match_group groups[MAX_GROUPS];
    essay_matchset set;
} query;

#define ELLIPSIS "\xE2\x80\xA6"

static essay_analyzer *an;

static void setup(void)
{
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
}

static void teardown(void)
{
    essay_analyzer_free(an);
}

TestSuite(snippet, .init = setup, .fini = teardown);

/* Real paragraphs from the corpus (hard-wrapped lines joined). */
static const char *const corpus_paragraphs[] = {
    "In a recent publication by the Centre for the Study of National Resilience, particular "
    "attention was devoted to the relationship between allies \xE2\x80\x94 or the absence "
    "thereof \xE2\x80\x94 and the availability of security guarantees for Ukraine. It was "
    "precisely the absence, as of 2014, of genuine allied relations with any state that became "
    "one of the decisive factors behind the occupation of Crimea and the launch of "
    "Russia\xE2\x80\x99s treacherous aggression in eastern Ukraine. This vulnerability was not "
    "overlooked by the aggressor and played a significant role again eight years later during "
    "the full-scale invasion of February 2022.",
    "That deficit of formal alliances endures today, not least because in the spring of 2022, "
    "European governments and societies were paralyzed by the shocking images of the "
    "destruction of Mariupol, the devastation of other Ukrainian towns and villages, and the "
    "atrocities committed in Bucha and across dozens of temporarily occupied settlements. "
    "Moscow correctly calculated that such instruments of terror \xE2\x80\x94 reinforced by "
    "nuclear saber- rattling \xE2\x80\x94 would dissuade Europeans from becoming directly "
    "involved in a confrontation with Russia. Indeed, it pressed them to avoid, at almost any "
    "cost, agreements on military assistance to Ukraine.",
    "This mirrors, in some respects, Nazi Germany\xE2\x80\x99s tactics of "
    "1939\xE2\x80\x93" "1940, when it deliberately circulated images of Warsaw and other "
    "Polish cities reduced to rubble, with the intent of intimidating European capitals. That "
    "approach proved effective at the time, as the so- called Phoney War on the Western Front "
    "tragically demonstrated. It appears the Kremlin, too, has found such methods highly "
    "effective.",
};
#define N_CORPUS_PARAGRAPHS (sizeof corpus_paragraphs / sizeof corpus_paragraphs[0])

/* Add a group to 'q': the words of 'words' (separated by single spaces)
 * turned into terms of 'kind' -- stems for STEM, given as written (already
 * folded) otherwise. */
static void add_group(query *q, double weight, essay_match_kind kind, const char *words)
{
    size_t g = q->set.n++;
    cr_assert(g < MAX_GROUPS);
    q->set.groups = q->groups;
    q->groups[g] = (essay_match_group){ .terms = q->terms[g], .weight = weight };
    for (const char *w = words; *w != '\0';) {
        size_t word_len = strcspn(w, " ");
        size_t k = q->groups[g].n++;
        cr_assert(k < MAX_TERMS);
        const char *text = w;
        size_t len = word_len;
        if (kind == ESSAY_MATCH_STEM) {
            text = essay_analyzer_stem(an, w, word_len);
            len = strlen(text);
        }
        cr_assert(len > 0 && len < MAX_TERM_BYTES);
        memcpy(q->text[g][k], text, len);
        q->text[g][k][len] = '\0';
        q->terms[g][k] = (essay_match_term){ .text = q->text[g][k], .len = len, .kind = kind };
        w += word_len;
        w += *w == ' ';
    }
}

static bool term_matches(const essay_match_term *mt, const essay_token *t)
{
    switch (mt->kind) {
    case ESSAY_MATCH_STEM:
        return t->stem_len == mt->len && memcmp(t->stem, mt->text, mt->len) == 0;
    case ESSAY_MATCH_EXACT:
        return t->term_len == mt->len && memcmp(t->term, mt->text, mt->len) == 0;
    case ESSAY_MATCH_PREFIX:
        return t->term_len >= mt->len && memcmp(t->term, mt->text, mt->len) == 0;
    }
    return false;
}

/* What re-analysing a span shows: its tokens' extent and whether one matches. */
typedef struct {
    const essay_matchset *m;
    size_t n_tokens, first_start, last_end;
    bool matched;
} span_check;

static int check_token(const essay_token *t, void *ctx)
{
    span_check *c = ctx;
    if (c->n_tokens++ == 0)
        c->first_start = t->start;
    if (t->end > c->last_end)
        c->last_end = t->end;
    for (size_t g = 0; g < c->m->n; g++)
        for (size_t k = 0; k < c->m->groups[g].n; k++)
            c->matched |= term_matches(&c->m->groups[g].terms[k], t);
    return 0;
}

static bool valid_utf8(const char *s, size_t len)
{
    utf8proc_int32_t cp;
    for (size_t i = 0; i < len;) {
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return false;
        i += (size_t)n;
    }
    return true;
}

/* The invariants every snippet keeps. */
static void check_snippet(const essay_snippet *s, const essay_matchset *m)
{
    cr_assert_not_null(s->text);
    cr_assert_eq(s->text[s->len], '\0');
    size_t prev_end = 0;
    for (size_t i = 0; i < s->n_spans; i++) {
        const essay_span *sp = &s->spans[i];
        cr_assert(sp->start < sp->end, "span %zu is empty", i);
        cr_assert(sp->end <= s->len, "span %zu ends past the snippet", i);
        cr_assert(i == 0 || sp->start >= prev_end, "span %zu overlaps or precedes span %zu", i,
                  i - 1);
        prev_end = sp->end;
        span_check c = { .m = m };
        cr_assert_eq(essay_analyze(an, s->text + sp->start, sp->end - sp->start, check_token, &c),
                     ESSAY_OK);
        cr_assert(c.n_tokens > 0, "span %zu holds no word", i);
        cr_assert_eq(c.first_start, 0, "span %zu does not start at a word", i);
        cr_assert_eq(c.last_end, sp->end - sp->start, "span %zu does not end at a word", i);
        cr_assert(c.matched, "span %zu (%.*s) matches no query term", i,
                  (int)(sp->end - sp->start), s->text + sp->start);
    }
}

/* The snippet of 'text' for 'q', checked. */
static essay_snippet snippet_of(const char *text, size_t len, const query *q, size_t max_bytes)
{
    essay_snippet s;
    cr_assert_eq(essay__snippet(an, text, len, &q->set, max_bytes, &s), ESSAY_OK);
    check_snippet(&s, &q->set);
    /* first_match is where the first highlight (or else the snippet) is in the text */
    size_t shown = s.n_spans ? s.spans[0].start : strncmp(s.text, ELLIPSIS, 3) == 0 ? 3 : 0;
    size_t n = s.n_spans ? s.spans[0].end - s.spans[0].start : s.len - shown;
    if (n > 0 && s.len - shown >= 3 && strcmp(s.text + s.len - 3, ELLIPSIS) == 0 && !s.n_spans)
        n -= 3;
    cr_assert(s.first_match + n <= len && memcmp(text + s.first_match, s.text + shown, n) == 0,
              "first_match %zu is not where the snippet shows '%.*s'", s.first_match, (int)n,
              s.text + shown);
    return s;
}

static bool span_is(const essay_snippet *s, size_t i, const char *expected)
{
    return i < s->n_spans && s->spans[i].end - s->spans[i].start == strlen(expected)
           && memcmp(s->text + s->spans[i].start, expected, strlen(expected)) == 0;
}

/* A long paragraph of 'n' filler sentences of 44 or 45 bytes, "Filler
 * sentence I says very little of note.", except that the arguments after
 * 'n', pairs of a sentence number and its words, closed by -1, replace some. */
static char *long_paragraph(int n, ...)
{
    int at[4];
    const char *words[4];
    size_t n_replaced = 0;
    va_list ap;
    va_start(ap, n);
    while ((at[n_replaced] = va_arg(ap, int)) >= 0) {
        words[n_replaced++] = va_arg(ap, const char *);
        cr_assert(n_replaced < 4);
    }
    va_end(ap);

    size_t cap = (size_t)n * 300 + 1, len = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    for (int i = 0; i < n; i++) {
        const char *replacement = NULL;
        for (size_t r = 0; r < n_replaced; r++)
            if (at[r] == i)
                replacement = words[r];
        int wrote = replacement
                        ? snprintf(text + len, cap - len, "%s%s.", i ? " " : "", replacement)
                        : snprintf(text + len, cap - len,
                                   "%sFiller sentence %d says very little of note.",
                                   i ? " " : "", i);
        cr_assert(wrote > 0 && (size_t)wrote < cap - len);
        len += (size_t)wrote;
    }
    return text;
}

static bool contains(const essay_snippet *s, const char *needle)
{
    return memmem(s->text, s->len, needle, strlen(needle)) != NULL;
}

Test(snippet, short_paragraph_is_returned_whole_with_every_match)
{
    const char *text = "Security guarantees matter. Allies matter more, and allies last.";
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "security");
    add_group(&q, 1, ESSAY_MATCH_STEM, "ally");
    essay_snippet s = snippet_of(text, strlen(text), &q, 0);
    cr_assert_str_eq(s.text, text);
    cr_assert_eq(s.len, strlen(text));
    cr_assert_eq(s.n_spans, 3);
    cr_assert(span_is(&s, 0, "Security"));
    cr_assert(span_is(&s, 1, "Allies"));
    cr_assert(span_is(&s, 2, "allies"));
    cr_assert_eq(s.spans[1].start, 28);
    essay__snippet_clear(&s);
}

Test(snippet, phrase_is_one_span)
{
    const char *text = "Talk of security and guarantees, then of the security guarantees themselves.";
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "security guarantees");
    essay_snippet s = snippet_of(text, strlen(text), &q, 0);
    cr_assert_eq(s.n_spans, 1, "only the adjacent words are the phrase");
    cr_assert(span_is(&s, 0, "security guarantees"));
    essay__snippet_clear(&s);
}

Test(snippet, phrase_matches_its_inflections)
{
    const char *text = "No security guarantee was given.";
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "security guarantees");
    essay_snippet s = snippet_of(text, strlen(text), &q, 0);
    cr_assert_eq(s.n_spans, 1);
    cr_assert(span_is(&s, 0, "security guarantee"));
    essay__snippet_clear(&s);
}

Test(snippet, phrase_and_its_word_merge_into_one_span)
{
    const char *text = "The security guarantees of 1994 were empty.";
    query q = { 0 };
    add_group(&q, 2, ESSAY_MATCH_STEM, "security guarantees");
    add_group(&q, 1, ESSAY_MATCH_STEM, "guarantees");
    essay_snippet s = snippet_of(text, strlen(text), &q, 0);
    cr_assert_eq(s.n_spans, 1);
    cr_assert(span_is(&s, 0, "security guarantees"));
    essay__snippet_clear(&s);
}

Test(snippet, accents_and_case_are_folded)
{
    const char *text = "Le Conseil Europ\xC3\xA9" "en a parl\xC3\xA9.";
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "europeen");
    essay_snippet s = snippet_of(text, strlen(text), &q, 0);
    cr_assert_eq(s.n_spans, 1);
    cr_assert(span_is(&s, 0, "Europ\xC3\xA9" "en"));
    essay__snippet_clear(&s);
}

Test(snippet, curly_apostrophe_is_a_straight_one)
{
    const char *text = "Russia\xE2\x80\x99s war on Ukraine\xE2\x80\x99s cities.";
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "Ukraine's");
    add_group(&q, 1, ESSAY_MATCH_EXACT, "russia's");
    essay_snippet s = snippet_of(text, strlen(text), &q, 0);
    cr_assert_eq(s.n_spans, 2);
    cr_assert(span_is(&s, 0, "Russia\xE2\x80\x99s"));
    cr_assert(span_is(&s, 1, "Ukraine\xE2\x80\x99s"));
    essay__snippet_clear(&s);
}

Test(snippet, hyphenated_word_as_whole_and_as_parts)
{
    const char *text = "A values-based foreign policy.";
    query part = { 0 };
    add_group(&part, 1, ESSAY_MATCH_STEM, "based");
    essay_snippet s = snippet_of(text, strlen(text), &part, 0);
    cr_assert_eq(s.n_spans, 1);
    cr_assert(span_is(&s, 0, "based"));
    essay__snippet_clear(&s);

    query whole = { 0 };
    add_group(&whole, 1, ESSAY_MATCH_STEM, "values-based");
    add_group(&whole, 1, ESSAY_MATCH_STEM, "values");
    s = snippet_of(text, strlen(text), &whole, 0);
    cr_assert_eq(s.n_spans, 1, "the whole and its part overlap: one span");
    cr_assert(span_is(&s, 0, "values-based"));
    essay__snippet_clear(&s);

    query phrase = { 0 };
    add_group(&phrase, 1, ESSAY_MATCH_STEM, "based foreign");
    s = snippet_of(text, strlen(text), &phrase, 0);
    cr_assert_eq(s.n_spans, 1);
    cr_assert(span_is(&s, 0, "based foreign"));
    essay__snippet_clear(&s);
}

Test(snippet, prefix_matches_the_folded_term)
{
    const char *text = "Secure borders and SECURITY pacts, not insecurity.";
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_PREFIX, "secur");
    essay_snippet s = snippet_of(text, strlen(text), &q, 0);
    cr_assert_eq(s.n_spans, 2);
    cr_assert(span_is(&s, 0, "Secure"));
    cr_assert(span_is(&s, 1, "SECURITY"));
    essay__snippet_clear(&s);
}

Test(snippet, long_paragraph_is_cut_around_the_match)
{
    char *text = long_paragraph(60, 30, "Here the treaty guarantees nothing", -1);
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "treaty");
    size_t max_bytes = 130;
    essay_snippet s = snippet_of(text, strlen(text), &q, max_bytes);
    cr_assert(s.len <= max_bytes + 2 * 3 + 20, "snippet of %zu bytes", s.len);
    cr_assert(s.len >= max_bytes / 2, "snippet of %zu bytes", s.len);
    cr_assert_eq(memcmp(s.text, "\xE2\x80\xA6", 3), 0, "cut before: starts with an ellipsis");
    cr_assert_eq(memcmp(s.text + s.len - 3, "\xE2\x80\xA6", 3), 0, "cut after: ends with one");
    cr_assert_eq(s.n_spans, 1);
    cr_assert(span_is(&s, 0, "treaty"));
    cr_assert_eq(memcmp(s.text + 3, "Here the treaty", 15), 0,
                 "starts at the sentence holding the match: %s", s.text);
    cr_assert_eq(memcmp(s.text + s.len - 4, ".", 1), 0, "ends at a sentence end: %s", s.text);
    essay__snippet_clear(&s);
    free(text);
}

Test(snippet, a_heading_line_feed_ends_a_sentence)
{
    /* A heading (essayfile.c) ends with a line feed, not with a stop. */
    char *body = long_paragraph(30, 0, "Here the treaty guarantees nothing", -1);
    char *text;
    cr_assert(asprintf(&text, "THE GREAT TREATY OF THE NORTH AND OF ALL THE PEOPLES OF THE "
                              "WORLD AND OF THE SEAS AROUND IT\n%s", body) > 0);
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "guarantees");
    essay_snippet s = snippet_of(text, strlen(text), &q, 130);
    cr_assert_eq(memcmp(s.text, "\xE2\x80\xA6" "Here the treaty", 18), 0,
                 "starts at the text under the heading: %s", s.text);
    essay__snippet_clear(&s);
    free(text);
    free(body);

    /* A short paragraph is whole, its heading's line feed kept. */
    const char *headed = "CHAPTER I\nThe treaty.";
    s = snippet_of(headed, strlen(headed), &q, 0);
    cr_assert_str_eq(s.text, headed);
    essay__snippet_clear(&s);
}

Test(snippet, far_from_a_sentence_start_the_cut_is_at_a_word)
{
    char *text = long_paragraph(3, 1, "This sentence runs on and on and on and on and on and on "
                                      "and on and on and on and on and on and on and on and on "
                                      "until at last the treaty appears in it", -1);
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "treaty");
    essay_snippet s = snippet_of(text, strlen(text), &q, 60);
    cr_assert_eq(memcmp(s.text, "\xE2\x80\xA6", 3), 0);
    const char *in_text = memmem(text, strlen(text), s.text + 3, s.len - 6);
    cr_assert_not_null(in_text, "the snippet is the original bytes: %s", s.text);
    cr_assert_eq(in_text[-1], ' ', "starts at a word: %s", s.text);
    cr_assert(span_is(&s, 0, "treaty"));
    essay__snippet_clear(&s);
    free(text);
}

Test(snippet, near_the_end_the_room_goes_before_the_match)
{
    char *text = long_paragraph(30, 29, "At last the treaty appears", -1);
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "treaty");
    essay_snippet s = snippet_of(text, strlen(text), &q, 200);
    cr_assert(s.len >= 200 - 45, "uses the room before the match: %s", s.text);
    cr_assert(s.len <= 200 + 3, "%s", s.text);
    cr_assert_eq(memcmp(s.text, "\xE2\x80\xA6" "Filler sentence", 18), 0,
                 "starts at a sentence: %s", s.text);
    cr_assert_str_eq(s.text + s.len - 27, "At last the treaty appears.", "%s", s.text);
    essay__snippet_clear(&s);
    free(text);
}

Test(snippet, cut_after_a_word_keeps_its_punctuation)
{
    char text[1000] = "Treaty";
    for (int i = 0; i < 30; i++)
        strcat(text, " many words here,");
    query q = { 0 };
    add_group(&q, 1, ESSAY_MATCH_STEM, "treaty");
    essay_snippet s = snippet_of(text, strlen(text), &q, 41);
    cr_assert_str_eq(s.text, "Treaty many words here, many words here,\xE2\x80\xA6");
    essay__snippet_clear(&s);
}

Test(snippet, rare_term_wins_over_common_one)
{
    char *text = long_paragraph(40, 2, "Russia is common", 35, "Crimea is rare", -1);
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "russia");
    add_group(&q, 4.0, ESSAY_MATCH_STEM, "crimea");
    essay_snippet s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(contains(&s, "Crimea"), "%s", s.text);
    cr_assert(!contains(&s, "Russia"), "%s", s.text);
    essay__snippet_clear(&s);

    q.groups[0].weight = 5.0;
    s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(contains(&s, "Russia"), "%s", s.text);
    essay__snippet_clear(&s);
    free(text);
}

/* A word of the headings over a paragraph counts half: the snippet shows
 * the text around the other word, though the heading's is rarer. */
Test(snippet, a_word_of_the_headings_counts_half)
{
    char *body = long_paragraph(40, 30, "He kept it for bread and cheese", -1);
    size_t cap = strlen(body) + 64;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    snprintf(text, cap, "Trifles\nBy G. K. Chesterton\nPreface\n%s", body);
    query q = { 0 };
    add_group(&q, 1.5, ESSAY_MATCH_STEM, "chesterton");
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "cheese");
    essay_snippet s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(contains(&s, "cheese"), "%s", s.text);
    cr_assert(!contains(&s, "Chesterton"), "%s", s.text);
    essay__snippet_clear(&s);

    q.groups[0].weight = 2.5;   /* more than twice as rare: the heading's word still wins */
    s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(contains(&s, "Chesterton"), "%s", s.text);
    essay__snippet_clear(&s);
    free(text);
    free(body);

    /* the word in the headings and the text under them is one word, not two:
       the passage holding both words is shown */
    body = long_paragraph(40, 0, "Chesterton wrote it in haste", 30,
                          "Chesterton kept it for bread and cheese", -1);
    cap = strlen(body) + 64;
    text = malloc(cap);
    cr_assert_not_null(text);
    snprintf(text, cap, "Trifles\nBy G. K. Chesterton\nPreface\n%s", body);
    s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(contains(&s, "cheese"), "%s", s.text);
    essay__snippet_clear(&s);
    free(text);
    free(body);
}

Test(snippet, distinct_terms_win_over_repeats)
{
    char *text = long_paragraph(40, 5, "The treaty and the treaty and the treaty again", 30,
                                "Treaty Crimea", -1);
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "treaty");
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "crimea");
    essay_snippet s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(contains(&s, "Treaty Crimea"), "%s", s.text);
    cr_assert_eq(s.n_spans, 2);
    essay__snippet_clear(&s);
    free(text);
}

Test(snippet, ties_go_to_the_earliest_window)
{
    char *text = long_paragraph(40, 10, "Crimea at ten", 30, "Crimea at thirty", -1);
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "crimea");
    essay_snippet s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(contains(&s, "Crimea at ten"), "%s", s.text);
    cr_assert(!contains(&s, "Crimea at thirty"), "%s", s.text);
    essay__snippet_clear(&s);
    free(text);
}

Test(snippet, no_match_gives_the_start_of_the_paragraph)
{
    char *text = long_paragraph(20, -1);
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "absent");
    essay_snippet s = snippet_of(text, strlen(text), &q, 100);
    cr_assert_eq(s.n_spans, 0);
    cr_assert_eq(memcmp(s.text, text, s.len - 3), 0, "the paragraph's start: %s", s.text);
    cr_assert_eq(memcmp(s.text + s.len - 3, "\xE2\x80\xA6", 3), 0);
    cr_assert(s.len <= 100 + 3 + 20);
    char next = text[s.len - 3];
    cr_assert(next == ' ' || next == '.', "cut at a word boundary: %s", s.text);
    essay__snippet_clear(&s);

    cr_assert_eq(essay__snippet(an, text, strlen(text), NULL, 100, &s), ESSAY_OK);
    cr_assert_eq(s.n_spans, 0);
    cr_assert_eq(memcmp(s.text, text, s.len - 3), 0);
    essay__snippet_clear(&s);
    free(text);
}

Test(snippet, a_word_longer_than_the_window_is_cut_at_a_character)
{
    char text[400];
    size_t len = 0;
    while (len + 2 <= 300) {            /* "éé..." : 2 bytes a letter */
        text[len++] = '\xC3';
        text[len++] = '\xA9';
    }
    memcpy(text + len, " end", 5);
    len += 4;
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "absent");
    essay_snippet s = snippet_of(text, len, &q, 101);
    cr_assert(s.len <= 101 + 3);
    cr_assert(valid_utf8(s.text, s.len), "never cuts a character");
    essay__snippet_clear(&s);
}

Test(snippet, overlapping_phrase_matches_stay_within_the_window)
{
    char text[2000] = "";
    for (int i = 0; i < 300; i++)
        strcat(text, i % 40 == 39 ? "ab-ab-ab " : "ab ");
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "ab ab ab");
    essay_snippet s = snippet_of(text, strlen(text), &q, 100);
    cr_assert(s.len <= 100 + 2 * 3 + 10, "%zu bytes", s.len);
    cr_assert_eq(s.n_spans, 1, "overlapping phrase matches merge into one span");
    essay__snippet_clear(&s);
}

Test(snippet, empty_text_and_clear)
{
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "anything");
    essay_snippet s = snippet_of("", 0, &q, 0);
    cr_assert_str_eq(s.text, "");
    cr_assert_eq(s.n_spans, 0);
    essay__snippet_clear(&s);
    cr_assert_null(s.text);
    cr_assert_null(s.spans);
    cr_assert_eq(s.len, 0);
    essay__snippet_clear(&s);
    essay__snippet_clear(NULL);
}

/* A fixed-seed generator, so that a failure can be replayed. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

typedef struct {
    char term[64][MAX_TERM_BYTES];
    size_t n;
} word_list;

static int collect_word(const essay_token *t, void *ctx)
{
    word_list *words = ctx;
    if (words->n < 64 && !(t->flags & ESSAY_TOKEN_WHOLE) && t->term_len < MAX_TERM_BYTES) {
        memcpy(words->term[words->n], t->term, t->term_len);
        words->term[words->n++][t->term_len] = '\0';
    }
    return 0;
}

Test(snippet, random_queries_on_real_paragraphs)
{
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    for (int round = 0; round < 300; round++) {
        const char *text = corpus_paragraphs[next_random(&seed) % N_CORPUS_PARAGRAPHS];
        word_list words = { .n = 0 };
        cr_assert_eq(essay_analyze(an, text, strlen(text), collect_word, &words), ESSAY_OK);
        cr_assert(words.n > 10);

        query q = { 0 };
        size_t n_groups = 1 + next_random(&seed) % 3;
        for (size_t g = 0; g < n_groups; g++) {
            /* A word, or a phrase of up to three consecutive words. */
            size_t n_terms = 1 + next_random(&seed) % 3;
            size_t at = next_random(&seed) % (words.n - n_terms);
            essay_match_kind kind = (essay_match_kind)(next_random(&seed) % 3);
            char joined[MAX_TERMS * MAX_TERM_BYTES] = "";
            for (size_t k = 0; k < n_terms; k++) {
                char prefix[4];
                const char *w = words.term[at + k];
                if (kind == ESSAY_MATCH_PREFIX && strlen(w) > 3) {
                    memcpy(prefix, w, 3);
                    prefix[3] = '\0';
                    w = prefix;
                }
                strcat(joined, k ? " " : "");
                strcat(joined, w);
            }
            add_group(&q, 1.0 + (double)(next_random(&seed) % 5), kind, joined);
        }
        size_t max_bytes = 20 + next_random(&seed) % 400;
        essay_snippet s = snippet_of(text, strlen(text), &q, max_bytes);
        cr_assert(valid_utf8(s.text, s.len), "round %d: not UTF-8: %s", round, s.text);
        cr_assert(s.n_spans > 0, "round %d: the query's own words go unhighlighted: %s", round,
                  s.text);
        cr_assert(s.len <= max_bytes + 2 * 3 + 40 || s.len == strlen(text),
                  "round %d: %zu bytes for %zu", round, s.len, max_bytes);
        essay__snippet_clear(&s);
    }
}

Test(snippet, control_characters_and_invalid_bytes_do_not_crash)
{
    const char odd[] = "Treaty\x01\x02 \xff\xfe treaty\x7f \xC3 tr\xC3\xA9" "aty \xE2\x80 "
                       "\0 treaty\xF0\x9F\x98 end \xED\xA0\x80 treaty. \x1b[31mTreaty";
    query q = { 0 };
    add_group(&q, 1.0, ESSAY_MATCH_STEM, "treaty");
    for (size_t max_bytes = 0; max_bytes < 80; max_bytes += 7) {
        essay_snippet s = snippet_of(odd, sizeof odd - 1, &q, max_bytes);
        cr_assert(s.n_spans > 0);
        essay__snippet_clear(&s);
    }

    uint64_t seed = 42;
    char noise[3000];
    for (int round = 0; round < 100; round++) {
        size_t len = next_random(&seed) % sizeof noise;
        for (size_t i = 0; i < len; i++) {
            /* Mostly letters and spaces, so that words (and matches) occur. */
            uint64_t r = next_random(&seed);
            noise[i] = r % 4 == 0 ? (char)(r >> 8) : "treaty .ab-"[(r >> 8) % 11];
        }
        essay_snippet s = snippet_of(noise, len, &q, 1 + next_random(&seed) % 300);
        essay__snippet_clear(&s);
    }
}
