/* test_wordcount.c -- the word-count table behind the spelling data. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "private.h"

static essay_wordcount *wc;
static void setup(void) { wc = essay__wordcount_new(); cr_assert_not_null(wc); }
static void teardown(void) { essay__wordcount_free(wc); }
TestSuite(wordcount, .init = setup, .fini = teardown);

typedef struct {
    long total, words, count_of_the;
} tally;

static int add_up(const char *word, long count, void *arg)
{
    tally *t = arg;
    t->total += count;
    t->words++;
    if (strcmp(word, "the") == 0)
        t->count_of_the = count;
    return 0;
}

Test(wordcount, counts_each_distinct_word)
{
    const char *words[] = { "the", "cat", "the", "theory", "the", "cat" };
    for (size_t i = 0; i < 6; i++)
        cr_assert_eq(essay__wordcount_add(wc, words[i], strlen(words[i]), 1), 0);
    tally t = { 0 };
    cr_assert_eq(essay__wordcount_each(wc, add_up, &t), 0);
    cr_assert_eq(essay__wordcount_size(wc), 3);
    cr_assert_eq(t.words, 3);
    cr_assert_eq(t.total, 6);
    cr_assert_eq(t.count_of_the, 3);
}

Test(wordcount, a_prefix_is_another_word)
{
    /* "the" must not match the first three bytes of "theory" */
    cr_assert_eq(essay__wordcount_add(wc, "theory", 3, 1), 0);   /* counts "the" */
    cr_assert_eq(essay__wordcount_add(wc, "theory", 6, 1), 0);
    cr_assert_eq(essay__wordcount_size(wc), 2);
}

Test(wordcount, grows_past_its_first_size_and_clears)
{
    char word[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(word, sizeof word, "w%d", i % 50000);
        cr_assert_eq(essay__wordcount_add(wc, word, (size_t)n, 1), 0);
    }
    cr_assert_eq(essay__wordcount_size(wc), 50000);
    tally t = { 0 };
    essay__wordcount_each(wc, add_up, &t);
    cr_assert_eq(t.total, 100000);
    essay__wordcount_clear(wc);
    cr_assert_eq(essay__wordcount_size(wc), 0);
    cr_assert_eq(essay__wordcount_add(wc, "again", 5, 1), 0);
    cr_assert_eq(essay__wordcount_size(wc), 1);
}

static int stop_at_first(const char *word, long count, void *arg)
{
    (void)word;
    (void)count;
    (*(int *)arg)++;
    return 1;
}

Test(wordcount, each_stops_when_told)
{
    essay__wordcount_add(wc, "a1", 2, 1);
    essay__wordcount_add(wc, "b2", 2, 1);
    int calls = 0;
    cr_assert_eq(essay__wordcount_each(wc, stop_at_first, &calls), -1);
    cr_assert_eq(calls, 1);
}

Test(wordcount, counts_down_as_well_as_up)
{
    /* Net changes: a word added twice and taken back twice counts 0, one
     * only taken back counts -1; each is still listed, for the caller to skip. */
    cr_assert_eq(essay__wordcount_add(wc, "kept", 4, 1), 0);
    cr_assert_eq(essay__wordcount_add(wc, "gone", 4, 1), 0);
    cr_assert_eq(essay__wordcount_add(wc, "gone", 4, 1), 0);
    cr_assert_eq(essay__wordcount_add(wc, "gone", 4, -1), 0);
    cr_assert_eq(essay__wordcount_add(wc, "gone", 4, -1), 0);
    cr_assert_eq(essay__wordcount_add(wc, "older", 5, -1), 0);
    tally t = { 0 };
    cr_assert_eq(essay__wordcount_each(wc, add_up, &t), 0);
    cr_assert_eq(t.words, 3);
    cr_assert_eq(t.total, 0);
}
