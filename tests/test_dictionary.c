/* test_dictionary.c -- unit tests of core/dictionary.c: the English
 * dictionary knows a word as written, capitalised or with a capital to each
 * part, and not a typo; dictionaries made and let go in threads at once
 * (Hunspell's shared tables, which dictionary.c makes one at a time) each
 * know their words.  Where hunspell-en-us is not installed (make test
 * installs it), the dictionary knows nothing, and that is what is checked.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <unistd.h>

#include "private.h"

static int installed(void)
{
    return access("/usr/share/hunspell/en_US.dic", R_OK) == 0;
}

Test(dictionary, knows_words_as_written_and_capitalised)
{
    essay_dictionary dict = { 0 };
    int there = installed();
    cr_assert_eq(essay__dictionary_installed(&dict), there);
    cr_assert_eq(essay__in_dictionary(&dict, "learning"), there);
    cr_assert_eq(essay__in_dictionary(&dict, "milan"), there, "capitalised: Milan");
    cr_assert_eq(essay__in_dictionary(&dict, "o'connell"), there, "each part: O'Connell");
    cr_assert_eq(essay__in_dictionary(&dict, "goverment"), 0, "a typo");
    essay__dictionary_close(&dict);
    cr_assert_null(dict.hunspell);
}

static void *open_and_close(void *arg)
{
    int *knew = arg;
    for (int round = 0; round < 20; round++) {
        essay_dictionary dict = { 0 };
        *knew += essay__in_dictionary(&dict, "learning");
        essay__dictionary_close(&dict);
    }
    return NULL;
}

Test(dictionary, dictionaries_in_threads_at_once)
{
    pthread_t threads[4];
    int knew[4] = { 0 };
    for (int i = 0; i < 4; i++)
        cr_assert_eq(pthread_create(&threads[i], NULL, open_and_close, &knew[i]), 0);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(pthread_join(threads[i], NULL), 0);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(knew[i], installed() ? 20 : 0, "thread %d", i);
}
