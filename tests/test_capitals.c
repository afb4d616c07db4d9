/* test_capitals.c -- unit tests of core/capitals.c: how the paragraphs write
 * a word, kept as terms, and whether the index writes a word as a name.
 *
 * Essays written here are indexed through the library; the tests read the
 * term frequencies of the capitals' terms, and ask essay__written_as_name()
 * of indexes of the same essays added in one order and in the other: the
 * answer is the same, whatever the first paragraphs in the index say.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-capitals.XXXXXX";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(capitals, .init = setup, .fini = teardown);

/* An essay: 'count' paragraphs of 'text' each, under a title. */
typedef struct {
    const char *name;
    const char *text;
    int count;
} essay;

/* Index the essays in 'order' (indexes into 'essays', n of them) as the
 * index 'name' in the test's folder, and open it. */
static xc_db *index_essays(const char *name, const essay *essays, const int *order, size_t n)
{
    char path[512], *err = NULL;
    essay_index *ix;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(essay_index_open(path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s", err);
    for (size_t i = 0; i < n; i++) {
        const essay *e = &essays[order[i]];
        char *text = NULL;
        size_t len = 0, paragraphs;
        FILE *f = open_memstream(&text, &len);
        cr_assert_not_null(f);
        fprintf(f, "---\ntitle: Notes\n---\n\n");
        for (int k = 0; k < e->count; k++)
            fprintf(f, "%s\n\n", e->text);
        cr_assert_eq(fclose(f), 0);
        essay_change change;
        snprintf(path, sizeof path, "%s/%s.txt", dir, e->name);
        cr_assert_eq(essay_index_add_buffer(ix, path, text, len, &change, &paragraphs, &err),
                     ESSAY_OK, "%s", err);
        free(text);
    }
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    xc_error xe;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    xc_db *db = xc_db_open(path, &xe);
    cr_assert_not_null(db, "%s", xe.msg);
    return db;
}

static unsigned frequency(xc_db *db, const char *term)
{
    xc_error xe;
    unsigned freq = 0;
    cr_assert_eq(xc_db_termfreq(db, term, &freq, &xe), 0, "%s", xe.msg);
    return freq;
}

Test(capitals, a_paragraph_says_how_it_writes_each_word_it_capitalises)
{
    static const essay essays[] = {
        { "walden", "Thoreau went to Walden. Then Thoreau left, an Anglo-Saxon; I stayed.", 1 },
        { "wild", "The wild apples, and the Wild Apples of the essay.", 1 },
        { "quote", "He said: \"Nothing is lost.\" Nothing was.", 1 },
    };
    static const int order[] = { 0, 1, 2 };
    xc_db *db = index_essays("index", essays, order, 3);
    /* inside a sentence, never small: a name there */
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "thoreau"), 1);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "walden"), 1);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "anglo"), 1);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "saxon"), 1);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_OPENING "thoreau"), 0);
    /* only at the beginning of sentences (after '.', ':' and a quote) */
    cr_assert_eq(frequency(db, ESSAY_PREFIX_OPENING "then"), 1);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_OPENING "he"), 1);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_OPENING "nothing"), 1);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "nothing"), 0);
    /* written small somewhere in the paragraph: neither */
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "wild"), 0);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "apples"), 0);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_OPENING "the"), 0);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "went"), 0);
    /* a word of one letter says nothing */
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "i"), 0);
    /* the title is no paragraph text */
    cr_assert_eq(frequency(db, ESSAY_PREFIX_CAPITALS "notes"), 0);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_OPENING "notes"), 0);
    xc_db_close(db);
}

Test(capitals, the_capitals_do_not_change_a_paragraphs_length)
{
    static const essay essays[] = { { "walden", "Thoreau met Emerson and Alcott at Concord.", 1 } };
    static const int order[] = { 0 };
    xc_db *db = index_essays("index", essays, order, 1);
    unsigned long long length = 0;
    xc_error xe;
    cr_assert_eq(xc_db_total_length(db, &length, &xe), 0);
    /* 7 words, each as a stem and as written (the title's words aside: 1) */
    cr_assert_eq(length, 2 * 7 + 1, "length %llu", length);
    xc_db_close(db);
}

/* The answer for 'word' over the essays added in both orders. */
static void same_both_ways(const essay *essays, const char *word, unsigned times, int want)
{
    static const int forward[] = { 0, 1 }, backward[] = { 1, 0 };
    xc_db *one = index_essays("forward", essays, forward, 2);
    xc_db *other = index_essays("backward", essays, backward, 2);
    cr_assert_eq(essay__written_as_name(one, word, times), want, "%s, one order", word);
    cr_assert_eq(essay__written_as_name(other, word, times), want, "%s, the other order", word);
    xc_db_close(one);
    xc_db_close(other);
}

Test(capitals, a_word_most_paragraphs_write_small_is_no_name_whichever_comes_first)
{
    /* the first 25 paragraphs of one order write "Marsh" as a name; 30 of
       the 55 write "marsh" */
    static const essay essays[] = {
        { "letters", "We wrote to Marsh about the boundary.", 25 },
        { "walks", "We crossed the marsh at dawn.", 30 },
    };
    same_both_ways(essays, "marsh", 1, 0);
}

Test(capitals, a_name_is_a_name_whichever_comes_first)
{
    static const essay essays[] = {
        { "letters", "We wrote to Marsh about the boundary.", 25 },
        { "walks", "We crossed the marsh at dawn.", 12 },
    };
    same_both_ways(essays, "marsh", 1, 1);
    /* twice over: 25 paragraphs against 12 is more than twice, not thrice */
    same_both_ways(essays, "marsh", 2, 1);
    same_both_ways(essays, "marsh", 3, 0);
}

Test(capitals, a_capital_that_begins_a_sentence_counts_neither_way)
{
    /* "Marsh" begins each sentence of 40 paragraphs: they say nothing, so
       the 5 that write it as a name outnumber, twice over, the none that
       write it small */
    static const essay essays[] = {
        { "openings", "Marsh lands flood. Marsh birds nest.", 40 },
        { "mixed", "We wrote to Marsh about the boundary.", 5 },
    };
    static const int order[] = { 0, 1 };
    xc_db *db = index_essays("index", essays, order, 2);
    cr_assert_eq(frequency(db, ESSAY_PREFIX_OPENING "marsh"), 40);
    cr_assert(essay__written_as_name(db, "marsh", 2));
    cr_assert_not(essay__written_as_name(db, "wrote", 1), "a word no paragraph capitalises");
    cr_assert_not(essay__written_as_name(db, "absent", 1), "a word no paragraph holds");
    xc_db_close(db);
}
