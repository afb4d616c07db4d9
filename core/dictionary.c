/* dictionary.c -- the English dictionary a spelling correction asks
 * (spelling.c): Hunspell's en_US, of the Debian package hunspell-en-us,
 * opened the first time it is asked, per searcher.  A real word the index
 * lacks is no typo, as written, capitalised ("milan" as "Milan") or with a
 * capital to each part ("o'connell" as "O'Connell").
 */
#include <hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define DICTIONARY_AFF "/usr/share/hunspell/en_US.aff"
#define DICTIONARY_DIC "/usr/share/hunspell/en_US.dic"

/* Hunspell's dictionaries share its tables of characters, counted without
 * a lock: they are made and let go one at a time (searchers in threads). */
static pthread_mutex_t hunspell_tables = PTHREAD_MUTEX_INITIALIZER;

void essay__dictionary_close(essay_dictionary *dict)
{
    pthread_mutex_lock(&hunspell_tables);
    if (dict->hunspell != NULL)
        Hunspell_destroy(dict->hunspell);
    pthread_mutex_unlock(&hunspell_tables);
    dict->hunspell = NULL;
    dict->tried = 0;
}

/* 'word' (folded) with its first letter in capitals, and with 'parts' the
 * first letter of each part after an apostrophe too ("o'connell" ->
 * "O'Connell"), into out[0..size); 0, or -1 when it does not fit. */
static int capitalise(const char *word, int parts, char *out, size_t size)
{
    size_t len = 0;
    int begins = 1;
    utf8proc_int32_t c;
    for (size_t i = 0; word[i] != '\0';) {
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)word + i, -1, &c);
        if (n <= 0)
            return -1;
        utf8proc_uint8_t buf[4];
        utf8proc_ssize_t m = utf8proc_encode_char(begins ? utf8proc_toupper(c) : c, buf);
        if (m <= 0 || len + (size_t)m >= size)
            return -1;
        memcpy(out + len, buf, (size_t)m);
        len += (size_t)m;
        begins = parts && c == '\'';
        i += (size_t)n;
    }
    out[len] = '\0';
    return 0;
}

/* Whether the English dictionary is installed: opened the first time it
 * is asked. */
int essay__dictionary_installed(essay_dictionary *dict)
{
    if (!dict->tried) {
        dict->tried = 1;
        FILE *f = fopen(DICTIONARY_DIC, "r");
        if (f != NULL) {
            fclose(f);
            pthread_mutex_lock(&hunspell_tables);
            dict->hunspell = Hunspell_create(DICTIONARY_AFF, DICTIONARY_DIC);
            pthread_mutex_unlock(&hunspell_tables);
        }
    }
    return dict->hunspell != NULL;
}

/* Whether the English dictionary knows 'word' (folded: lower case), as it
 * is or with a capital ("Milan"), or a capital to each part ("O'Connell").
 * Not installed, it knows nothing. */
int essay__in_dictionary(essay_dictionary *dict, const char *word)
{
    if (!essay__dictionary_installed(dict))
        return 0;
    if (Hunspell_spell(dict->hunspell, word))
        return 1;
    char capitalised[256];
    for (int parts = 0; parts < 2; parts++)
        if (capitalise(word, parts, capitalised, sizeof capitalised) == 0
            && Hunspell_spell(dict->hunspell, capitalised))
            return 1;
    return 0;
}
