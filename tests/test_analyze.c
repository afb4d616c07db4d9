/* test_analyze.c -- unit tests of core/analyze.c, the text -> tokens analyzer.
 *
 * A fixture makes an English analyzer; analyse() runs it over a string and
 * copies every token into 'got', so the tests can look at them afterwards.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include "private.h"

#define MAX_TOKENS 64

typedef struct {
    char term[128], stem[128];
    size_t start, end;
    unsigned position, flags;
} token_copy;

typedef struct {
    token_copy tokens[MAX_TOKENS];
    size_t n;                   /* tokens seen, also those beyond MAX_TOKENS */
    size_t stop_after;          /* ask to stop after this many (0: never) */
} collected;

static essay_analyzer *an;
static collected got;

static void setup(void)
{
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
    cr_assert_not_null(an);
}
static void teardown(void)
{
    essay_analyzer_free(an);
}
TestSuite(analyze, .init = setup, .fini = teardown);

static int collect(const essay_token *tok, void *ctx)
{
    collected *c = ctx;
    cr_assert_lt(tok->term_len, sizeof c->tokens[0].term);
    cr_assert_lt(tok->stem_len, sizeof c->tokens[0].stem);
    cr_assert_eq(strlen(tok->term), tok->term_len);
    cr_assert_eq(strlen(tok->stem), tok->stem_len);
    if (c->n < MAX_TOKENS) {
        token_copy *t = &c->tokens[c->n];
        memcpy(t->term, tok->term, tok->term_len + 1);
        memcpy(t->stem, tok->stem, tok->stem_len + 1);
        t->start = tok->start;
        t->end = tok->end;
        t->position = tok->position;
        t->flags = tok->flags;
    }
    c->n++;
    return c->stop_after != 0 && c->n >= c->stop_after;
}

/* Analyse 'len' bytes of 'text' with 'a' into 'c'. */
static void analyse_into(essay_analyzer *a, const char *text, size_t len, collected *c)
{
    memset(c, 0, sizeof *c);
    cr_assert_eq(essay_analyze(a, text, len, collect, c), ESSAY_OK);
}

static void analyse(const char *text)
{
    analyse_into(an, text, strlen(text), &got);
}

/* Assert that token i is 'term', no hyphenated whole, at 'position', covering 'word' in 'text'. */
static void assert_token(const char *text, size_t i, const char *term, unsigned position,
                         const char *word)
{
    cr_assert_lt(i, got.n, "token %zu missing", i);
    const token_copy *t = &got.tokens[i];
    cr_assert_str_eq(t->term, term);
    cr_assert_eq(t->position, position, "%s at %u", term, t->position);
    cr_assert_eq(t->flags & ESSAY_TOKEN_WHOLE, 0u);
    cr_assert_eq(t->end - t->start, strlen(word), "%s spans %zu..%zu", term, t->start, t->end);
    cr_assert_eq(memcmp(text + t->start, word, strlen(word)), 0, "%s", term);
}

Test(analyze, folds_case)
{
    const char *text = "Hello WORLD, mIxEd";
    analyse(text);
    cr_assert_eq(got.n, 3);
    assert_token(text, 0, "hello", 0, "Hello");
    assert_token(text, 1, "world", 1, "WORLD");
    assert_token(text, 2, "mixed", 2, "mIxEd");
}

Test(analyze, folds_accents_to_the_same_term_and_stem)
{
    static const char *pairs[][2] = {
        {"Türkiye", "turkiye"}, {"européen", "europeen"}, {"Europe\xcc\x81" "en", "europeen"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        analyse(pairs[i][0]);
        cr_assert_eq(got.n, 1, "%s", pairs[i][0]);
        token_copy accented = got.tokens[0];
        analyse(pairs[i][1]);
        cr_assert_eq(got.n, 1);
        cr_assert_str_eq(accented.term, pairs[i][1]);
        cr_assert_str_eq(accented.stem, got.tokens[0].stem);
        cr_assert_eq(accented.end, strlen(pairs[i][0]));
    }
}

/* Letters that are no accented letter are spelt as English texts spell
 * them: "Cæsar" is "caesar", "Œdipus" "oedipus"; the term keeps its bytes'
 * span in the text. */
Test(analyze, spells_out_ligatures_and_letters_without_marks)
{
    static const char *pairs[][2] = {
        {"C\xc3\xa6sar", "caesar"}, {"\xc3\x86sop", "aesop"}, {"\xc5\x92" "dipus", "oedipus"},
        {"\xc3\x98resund", "oresund"}, {"\xc3\xbeorn", "thorn"}, {"\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz"},
        {"Dubrovnik", "dubrovnik"}, {"\xc4\x90" "akovo", "dakovo"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        analyse(pairs[i][0]);
        cr_assert_eq(got.n, 1, "%s", pairs[i][0]);
        cr_assert_str_eq(got.tokens[0].term, pairs[i][1]);
        cr_assert_eq(got.tokens[0].end, strlen(pairs[i][0]));
    }
}

Test(analyze, applies_compatibility_normalisation)
{
    analyse("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3 \xef\xac\x81le Stra\xc3\x9f" "e");  /* ＡＢＣ ﬁle Straße */
    cr_assert_eq(got.n, 3);
    cr_assert_str_eq(got.tokens[0].term, "abc");
    cr_assert_str_eq(got.tokens[1].term, "file");
    cr_assert_str_eq(got.tokens[2].term, "strasse");
}

Test(analyze, curly_and_straight_apostrophes_are_the_same)
{
    static const char *forms[] = {"Ukraine's", "Ukraine\xe2\x80\x99s", "Ukraine\xca\xbcs",
                                  "Ukraine\xe2\x80\x98s"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        analyse(forms[i]);
        cr_assert_eq(got.n, 1, "%s", forms[i]);
        cr_assert_str_eq(got.tokens[0].term, "ukraine's", "%s", forms[i]);
        cr_assert_str_eq(got.tokens[0].stem, "ukrain", "%s", forms[i]);
        cr_assert_eq(got.tokens[0].end, strlen(forms[i]));
    }
}

Test(analyze, possessive_stems_like_the_bare_word)
{
    char bare[128];
    snprintf(bare, sizeof bare, "%s", essay_analyzer_stem(an, "Ukraine", 7));
    cr_assert_str_eq(essay_analyzer_stem(an, "Ukraine\xe2\x80\x99s", 11), bare);
    cr_assert_str_eq(bare, "ukrain");
}

Test(analyze, apostrophes_at_the_edges_are_not_part_of_the_word)
{
    const char *text = "'quoted' \xe2\x80\x98word\xe2\x80\x99 dogs' rock'n'roll";
    analyse(text);
    cr_assert_eq(got.n, 4);
    assert_token(text, 0, "quoted", 0, "quoted");
    assert_token(text, 1, "word", 1, "word");
    assert_token(text, 2, "dogs", 2, "dogs");
    assert_token(text, 3, "rock'n'roll", 3, "rock'n'roll");
}

Test(analyze, hyphenated_word_gives_whole_then_parts)
{
    const char *text = "values-based approach";
    analyse(text);
    cr_assert_eq(got.n, 4);
    cr_assert_str_eq(got.tokens[0].term, "valuesbased");
    cr_assert_str_eq(got.tokens[0].stem, essay_analyzer_stem(an, "valuesbased", 11));
    cr_assert_eq(got.tokens[0].flags, ESSAY_TOKEN_WHOLE);
    cr_assert_eq(got.tokens[0].position, 0);
    cr_assert_eq(got.tokens[0].start, 0);
    cr_assert_eq(got.tokens[0].end, 12);
    assert_token(text, 1, "values", 0, "values");
    assert_token(text, 2, "based", 1, "based");
    assert_token(text, 3, "approach", 2, "approach");
}

Test(analyze, flags_capitals_and_the_first_word_of_each_sentence)
{
    /* after . ! ? : or a double quote a sentence begins; not after a comma,
       a guillemet or a hyphen */
    analyse("Thoreau met Emerson. then, \u00abWalden\u00bb: Anglo-Saxon 4th \u00c9lan! \"No\" I");
    static const struct {
        const char *term;
        unsigned flags;
    } want[] = {
        { "thoreau", ESSAY_TOKEN_CAPITAL | ESSAY_TOKEN_SENTENCE_START },
        { "met", 0 },
        { "emerson", ESSAY_TOKEN_CAPITAL },
        { "then", ESSAY_TOKEN_SENTENCE_START },
        { "walden", ESSAY_TOKEN_CAPITAL },
        { "anglosaxon", ESSAY_TOKEN_WHOLE },
        { "anglo", ESSAY_TOKEN_CAPITAL | ESSAY_TOKEN_SENTENCE_START },
        { "saxon", ESSAY_TOKEN_CAPITAL },
        { "4th", 0 },
        { "elan", ESSAY_TOKEN_CAPITAL },
        { "no", ESSAY_TOKEN_CAPITAL | ESSAY_TOKEN_SENTENCE_START },
        { "i", ESSAY_TOKEN_CAPITAL | ESSAY_TOKEN_SENTENCE_START },
    };
    cr_assert_eq(got.n, sizeof want / sizeof want[0], "%zu tokens", got.n);
    for (size_t i = 0; i < got.n; i++) {
        cr_assert_str_eq(got.tokens[i].term, want[i].term);
        cr_assert_eq(got.tokens[i].flags, want[i].flags, "%s: flags %u", want[i].term,
                     got.tokens[i].flags);
    }
}

Test(analyze, a_word_of_marks_alone_takes_no_sentences_beginning)
{
    analyse("\u0301 then. \u0301\u0301 so");
    cr_assert_eq(got.n, 2);
    cr_assert_eq(got.tokens[0].flags, ESSAY_TOKEN_SENTENCE_START);
    cr_assert_eq(got.tokens[1].flags, ESSAY_TOKEN_SENTENCE_START);
}

Test(analyze, unicode_hyphens_join_like_the_ascii_one)
{
    const char *text = "state\xe2\x80\x90of\xe2\x80\x91the-art";   /* U+2010, U+2011, '-' */
    analyse(text);
    cr_assert_eq(got.n, 5);
    cr_assert_str_eq(got.tokens[0].term, "stateoftheart");
    cr_assert_eq(got.tokens[0].end, strlen(text));
    assert_token(text, 1, "state", 0, "state");
    assert_token(text, 2, "of", 1, "of");
    assert_token(text, 3, "the", 2, "the");
    assert_token(text, 4, "art", 3, "art");
}

Test(analyze, dashes_and_stray_hyphens_separate)
{
    const char *text = "1939\xe2\x80\x93" "1940 war\xe2\x80\x94peace - -lead trail- x--y";
    analyse(text);
    cr_assert_eq(got.n, 8);
    assert_token(text, 0, "1939", 0, "1939");
    assert_token(text, 1, "1940", 1, "1940");
    assert_token(text, 2, "war", 2, "war");
    assert_token(text, 3, "peace", 3, "peace");
    assert_token(text, 4, "lead", 4, "lead");
    assert_token(text, 5, "trail", 5, "trail");
    assert_token(text, 6, "x", 6, "x");
    assert_token(text, 7, "y", 7, "y");
}

Test(analyze, long_hyphen_chains_are_split_into_bounded_words)
{
    char text[4001];
    for (size_t i = 0; i < 2000; i++)
        memcpy(text + 2 * i, "a-", 2);
    text[3999] = '\0';              /* "a-a-...-a": 2000 parts */
    analyse(text);
    cr_assert_gt(got.n, 2000);
    cr_assert_eq(got.tokens[0].flags, ESSAY_TOKEN_WHOLE);
    for (size_t i = 1; i < MAX_TOKENS && i < got.n; i++)
        cr_assert_eq(got.tokens[i].term[0], 'a');
}

Test(analyze, numbers_are_words)
{
    const char *text = "800,000 people, 4.5 percent, in 1994. 1,2 and 12,3456 and 1,000,000.50";
    analyse(text);
    cr_assert_eq(got.n, 13);
    assert_token(text, 0, "800000", 0, "800,000");
    assert_token(text, 1, "people", 1, "people");
    assert_token(text, 2, "4.5", 2, "4.5");
    cr_assert_str_eq(got.tokens[2].stem, "4.5");
    assert_token(text, 3, "percent", 3, "percent");
    assert_token(text, 4, "in", 4, "in");
    assert_token(text, 5, "1994", 5, "1994");
    assert_token(text, 6, "1", 6, "1");
    assert_token(text, 7, "2", 7, "2");
    assert_token(text, 8, "and", 8, "and");
    assert_token(text, 9, "12", 9, "12");
    assert_token(text, 10, "3456", 10, "3456");
    assert_token(text, 11, "and", 11, "and");
    assert_token(text, 12, "1000000.50", 12, "1,000,000.50");
}

Test(analyze, stems)
{
    char guarantee[128];
    snprintf(guarantee, sizeof guarantee, "%s", essay_analyzer_stem(an, "guarantee", 9));
    cr_assert_str_eq(essay_analyzer_stem(an, "guarantees", 10), guarantee);
    cr_assert_str_eq(essay_analyzer_stem(an, "Running", 7), "run");
    cr_assert_str_eq(essay_analyzer_stem(an, "  ...running fast", 17), "run");
    cr_assert_str_eq(essay_analyzer_stem(an, "", 0), "");
    cr_assert_str_eq(essay_analyzer_stem(an, " -- ", 4), "");
    analyse("running");
    cr_assert_str_eq(got.tokens[0].term, "running");
    cr_assert_str_eq(got.tokens[0].stem, "run");
}

/* The tokens of 'text' when only stems beginning with 'letters' are asked for. */
static void analyse_initials(essay_analyzer *a, const char *text, const char *letters)
{
    bool initials[256] = { false };
    for (const char *l = letters; *l; l++)
        initials[(unsigned char)*l] = true;
    memset(&got, 0, sizeof got);
    cr_assert_eq(essay__analyze_initials(a, text, strlen(text), initials, collect, &got),
                 ESSAY_OK);
}

Test(analyze, stems_only_words_that_begin_as_a_stem_asked_for)
{
    analyse_initials(an, "Running, walking, reading", "r");
    cr_assert_eq(got.n, 3);
    cr_assert_str_eq(got.tokens[0].stem, "run");
    cr_assert_str_eq(got.tokens[1].stem, "walking", "a word that begins otherwise is its own stem");
    cr_assert_str_eq(got.tokens[2].stem, "read");
    /* the words themselves, their places and flags are those of a whole analysis */
    cr_assert_str_eq(got.tokens[1].term, "walking");
    cr_assert_eq(got.tokens[2].position, 2);
    /* after it, every word is stemmed again */
    analyse("walking");
    cr_assert_str_eq(got.tokens[0].stem, "walk");
}

Test(analyze, a_word_left_with_a_leading_apostrophe_is_stemmed)
{
    /* folding strips the variation selector after the emoji, and leaves
       "'tis", whose English stem "tis" begins with another byte */
    analyse_initials(an, "\xE2\x9D\xA4\xEF\xB8\x8F'Tis the season", "t");
    cr_assert_geq(got.n, 1);
    size_t i = 0;
    while (i < got.n && strcmp(got.tokens[i].term, "'tis") != 0)
        i++;
    cr_assert_lt(i, got.n, "no token \"'tis\"");
    cr_assert_str_eq(got.tokens[i].stem, "tis");
}

Test(analyze, a_stemmer_that_may_change_a_first_letter_stems_every_word)
{
    /* Irish takes off initial mutations: "bhfear" is stemmed from its third letter */
    essay_analyzer *irish = NULL;
    cr_assert_eq(essay_analyzer_new("irish", &irish), ESSAY_OK);
    char whole[128];
    snprintf(whole, sizeof whole, "%s", essay_analyzer_stem(irish, "bhfear", 6));
    cr_assert_neq(whole[0], 'b', "%s", whole);
    analyse_initials(irish, "bhfear", "f");
    cr_assert_eq(got.n, 1);
    cr_assert_str_eq(got.tokens[0].stem, whole);
    essay_analyzer_free(irish);
}

Test(analyze, offsets_are_exact_for_multibyte_words)
{
    const char *text = "\xc2\xab Gr\xc3\xbc\xc3\x9f" "e aus \xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2, caf\xc3\xa9! \xe6\x97\xa5\xe6\x9c\xac";
    analyse(text);
    cr_assert_eq(got.n, 5);
    assert_token(text, 0, "grusse", 0, "Gr\xc3\xbc\xc3\x9f" "e");
    assert_token(text, 1, "aus", 1, "aus");
    /* stripping marks folds ї (і + U+0308) to і */
    assert_token(text, 2, "\xd0\xba\xd0\xb8\xd1\x96\xd0\xb2", 2, "\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2");
    assert_token(text, 3, "cafe", 3, "caf\xc3\xa9");
    assert_token(text, 4, "\xe6\x97\xa5\xe6\x9c\xac", 4, "\xe6\x97\xa5\xe6\x9c\xac");
}

Test(analyze, invalid_utf8_bytes_separate_words)
{
    const char *text = "\xff\xfe abc \xc3";
    analyse(text);
    cr_assert_eq(got.n, 1);
    assert_token(text, 0, "abc", 0, "abc");
    const char *inside = "ab\xff" "cd \xe2\x80 ef\xed\xa0\x80gh";   /* stray byte, cut sequence, surrogate */
    analyse(inside);
    cr_assert_eq(got.n, 4);
    assert_token(inside, 0, "ab", 0, "ab");
    assert_token(inside, 1, "cd", 1, "cd");
    assert_token(inside, 2, "ef", 2, "ef");
    assert_token(inside, 3, "gh", 3, "gh");
}

Test(analyze, invisible_joiners_do_not_split_words)
{
    const char *text = "hy\xc2\xad" "phen";        /* soft hyphen */
    analyse(text);
    cr_assert_eq(got.n, 1);
    cr_assert_str_eq(got.tokens[0].term, "hyphen");
    cr_assert_eq(got.tokens[0].end, strlen(text));
}

Test(analyze, empty_input_gives_no_tokens)
{
    analyse("");
    cr_assert_eq(got.n, 0);
    cr_assert_eq(essay_analyze(an, NULL, 0, collect, &got), ESSAY_OK);
    cr_assert_eq(got.n, 0);
}

Test(analyze, non_zero_callback_stops_early)
{
    memset(&got, 0, sizeof got);
    got.stop_after = 2;
    const char *text = "one two three four";
    cr_assert_eq(essay_analyze(an, text, strlen(text), collect, &got), ESSAY_OK);
    cr_assert_eq(got.n, 2);
    cr_assert_str_eq(got.tokens[1].term, "two");
}

Test(analyze, stopping_inside_a_hyphenated_word)
{
    memset(&got, 0, sizeof got);
    got.stop_after = 1;
    const char *text = "well-known fact";
    cr_assert_eq(essay_analyze(an, text, strlen(text), collect, &got), ESSAY_OK);
    cr_assert_eq(got.n, 1);
    cr_assert_eq(got.tokens[0].flags, ESSAY_TOKEN_WHOLE);
}

Test(analyze, unknown_language_fails)
{
    essay_analyzer *other = an;     /* not NULL: must be overwritten */
    cr_assert_eq(essay_analyzer_new("klingon", &other), ESSAY_BAD_ARGUMENT);
    cr_assert_null(other);
    other = an;
    cr_assert_eq(essay_analyzer_new(NULL, &other), ESSAY_BAD_ARGUMENT);
    cr_assert_null(other);
    essay_analyzer_free(NULL);
}

Test(analyze, reports_its_language)
{
    cr_assert_str_eq(essay_analyzer_language(an), "english");
    essay_analyzer *french;
    cr_assert_eq(essay_analyzer_new("french", &french), ESSAY_OK);
    cr_assert_str_eq(essay_analyzer_language(french), "french");
    cr_assert_str_eq(essay_analyzer_stem(french, "Européennes", 12), "europeen");
    essay_analyzer_free(french);
}

Test(analyze, none_language_does_not_stem)
{
    essay_analyzer *plain;
    cr_assert_eq(essay_analyzer_new("none", &plain), ESSAY_OK);
    cr_assert_str_eq(essay_analyzer_language(plain), "none");
    cr_assert_str_eq(essay_analyzer_stem(plain, "Running", 7), "running");
    collected c;
    analyse_into(plain, "Guarantees given", 16, &c);
    cr_assert_eq(c.n, 2);
    cr_assert_str_eq(c.tokens[0].stem, "guarantees");
    cr_assert_str_eq(c.tokens[1].stem, "given");
    essay_analyzer_free(plain);
}

Test(analyze, long_words_are_cut_and_not_stemmed)
{
    char text[400];
    memset(text, 'x', 300);
    memcpy(text + 300 - 3, "ing", 3);
    text[300] = '\0';
    analyse(text);
    cr_assert_eq(got.n, 1);
    cr_assert_eq(strlen(got.tokens[0].term), 120);
    cr_assert_str_eq(got.tokens[0].stem, got.tokens[0].term);
    cr_assert_eq(got.tokens[0].end, 300);

    /* "a" + 100 Cyrillic capitals: the cut at 120 bytes would split a letter */
    text[0] = 'a';
    for (size_t i = 0; i < 100; i++)
        memcpy(text + 1 + 2 * i, "\xd0\x96", 2);
    text[201] = '\0';
    analyse(text);
    cr_assert_eq(got.n, 1);
    cr_assert_eq(strlen(got.tokens[0].term), 119);
    cr_assert_eq(strncmp(got.tokens[0].term, "a\xd0\xb6\xd0\xb6", 5), 0);
    cr_assert_eq(got.tokens[0].end, 201);

    /* 64 bytes is still stemmed, 65 is not */
    memset(text, 'a', 61);
    memcpy(text + 61, "ing", 4);
    cr_assert_str_neq(essay_analyzer_stem(an, text, 64), text);
    memset(text, 'a', 62);
    memcpy(text + 62, "ing", 4);
    cr_assert_str_eq(essay_analyzer_stem(an, text, 65), text);
}

Test(analyze, punctuation_only_gives_no_tokens)
{
    static const char marks[] = ".,;:!?-'\"()[]{}<>/\\|@#$%^&*+=~` \n\t\xe2\x80\x94";
    size_t len = 100 * 1024;
    char *text = malloc(len);
    cr_assert_not_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = marks[i % (sizeof marks - 1)];
    analyse_into(an, text, len, &got);
    cr_assert_eq(got.n, 0);
    free(text);
}

Test(analyze, stems_agree_with_libstemmer_through_the_cache)
{
    struct sb_stemmer *reference = sb_stemmer_new("english", NULL);
    cr_assert_not_null(reference);
    char word[32];
    /* Passes of 100 words meet cached stems in the small new cache; those of
     * 20000 grow it through every size, and 100 more meet the grown one. */
    const unsigned words[] = {100, 100, 20000, 20000, 100, 100};
    for (size_t pass = 0; pass < sizeof words / sizeof words[0]; pass++) {
        for (unsigned i = 0; i < words[pass]; i++) {
            int len = snprintf(word, sizeof word, "%c%c%cing%c", 'a' + i % 26, 'a' + i / 26 % 26,
                               'a' + i / 676 % 26, "sed"[i % 3]);
            const sb_symbol *expected = sb_stemmer_stem(reference, (const sb_symbol *)word, len);
            cr_assert_not_null(expected);
            cr_assert_str_eq(essay_analyzer_stem(an, word, (size_t)len), (const char *)expected,
                             "%s", word);
        }
    }
    sb_stemmer_delete(reference);
}

Test(analyze, is_deterministic)
{
    const char *text = "The Alliance\xe2\x80\x99s values-based, long-term guarantees: 800,000 "
                       "troops, 4.5% of GDP, Kyiv \xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2 \xe2\x80\x94 "
                       "T\xc3\xbcrkiye and the EU's so-called 1939\xe2\x80\x93" "1940 lessons.";
    collected first;
    analyse_into(an, text, strlen(text), &first);
    analyse(text);
    cr_assert_gt(first.n, 20);
    cr_assert_eq(first.n, got.n);
    for (size_t i = 0; i < first.n; i++) {
        cr_assert_str_eq(first.tokens[i].term, got.tokens[i].term);
        cr_assert_str_eq(first.tokens[i].stem, got.tokens[i].stem);
        cr_assert_eq(first.tokens[i].start, got.tokens[i].start);
        cr_assert_eq(first.tokens[i].end, got.tokens[i].end);
        cr_assert_eq(first.tokens[i].position, got.tokens[i].position);
        cr_assert_eq(first.tokens[i].flags, got.tokens[i].flags);
    }
}
