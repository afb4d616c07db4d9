/* inflections.c -- the regular inflections an English word may have: "walk"
 * of "walking", and "walks", "walked", "walking" of "walk".
 *
 * Snowball's English stemmer brings a word's inflections to one stem, and
 * with them words derived from it: "civil", "civility" and "civilized" with
 * "civilization", "wild" with "wildness", "nation" and "national" with
 * "nationalism".  Whether a word typed is most of what its stem stands for
 * is told by its inflections (query.c, mark_rare_forms()): these are the
 * spellings they may have, made by the rules of English spelling -- the
 * word's base (less -s, -es, -ies, -ed, -ied, -ing, a doubled consonant, a
 * dropped e), and the base with each ending.  Most are no words; the
 * caller keeps those the index holds with the word's own stem, so a
 * spelling that happens to be another word ("bed" of "b" + "ed", "sing" of
 * "s" + "ing") is kept only when the stemmer makes it the same word.
 * Irregular forms ("went", "children") are wordforms.c's.
 */
#include <stdio.h>
#include <string.h>
#include "private.h"

/* Add 'base' + 'end' (the base less its last 'cut' bytes) to out[0..*n),
 * unless it is there, too long, or there is no room. */
static void add(const char *base, size_t cut, const char *end, char (*out)[ESSAY_INFLECTION_MAX],
                size_t *n, size_t max)
{
    size_t len = strlen(base);
    char made[ESSAY_INFLECTION_MAX];
    if (cut > len || *n == max
        || snprintf(made, sizeof made, "%.*s%s", (int)(len - cut), base, end)
               >= (int)sizeof made)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(out[i], made) == 0)
            return;
    memcpy(out[(*n)++], made, strlen(made) + 1);
}

static int ends_in(const char *word, const char *end)
{
    size_t len = strlen(word), end_len = strlen(end);
    return len > end_len && strcmp(word + len - end_len, end) == 0;
}

static int vowel(char c)
{
    return strchr("aeiou", c) != NULL;
}

/* Whether 'word' ends in a doubled consonant ("stopp" of "stopped"). */
static int doubled(const char *word)
{
    size_t len = strlen(word);
    return len >= 3 && word[len - 1] == word[len - 2] && !vowel(word[len - 1])
           && strchr("lsz", word[len - 1]) == NULL;     /* "fill", "pass", "buzz" are words */
}

/* Add the bases 'word' may be an inflection of: itself, unless it ends as
 * an inflection does but a plural's -s ("business", "boss" are words), and
 * what it is less each ending it has. */
static void add_bases(const char *word, char (*out)[ESSAY_INFLECTION_MAX], size_t *n, size_t max)
{
    if (!ends_in(word, "ing") && !ends_in(word, "ed") && !ends_in(word, "ies"))
        add(word, 0, "", out, n, max);
    static const char *const ends[] = { "ies", "ied", "es", "s", "ed", "ing" };
    for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
        if (!ends_in(word, ends[e]))
            continue;
        size_t cut = strlen(ends[e]);
        char base[ESSAY_INFLECTION_MAX];
        if (snprintf(base, sizeof base, "%.*s", (int)(strlen(word) - cut), word)
            >= (int)sizeof base)
            continue;
        if (ends[e][0] == 'i' && ends[e][1] == 'e') {   /* "cities", "carried" */
            add(base, 0, "y", out, n, max);
            continue;
        }
        add(base, 0, "", out, n, max);
        if (ends[e][0] != 's' && strcmp(ends[e], "es") != 0) {
            add(base, 0, "e", out, n, max);             /* "loved", "loving": "love" */
            if (doubled(base))
                add(base, 1, "", out, n, max);          /* "stopped": "stop" */
        }
    }
}

size_t essay__inflections(const char *word, char (*out)[ESSAY_INFLECTION_MAX], size_t max)
{
    char bases[8][ESSAY_INFLECTION_MAX];
    size_t n_bases = 0, n = 0;
    add(word, 0, "", out, &n, max);
    add_bases(word, bases, &n_bases, 8);
    for (size_t b = 0; b < n_bases; b++) {
        const char *base = bases[b];
        size_t len = strlen(base);
        add(base, 0, "", out, &n, max);
        if (len >= 2 && base[len - 1] == 'y' && !vowel(base[len - 2])) {
            add(base, 1, "ies", out, &n, max);
            add(base, 1, "ied", out, &n, max);
            add(base, 0, "ing", out, &n, max);
            continue;
        }
        if (base[len - 1] == 'e') {
            add(base, 0, "s", out, &n, max);
            add(base, 0, "d", out, &n, max);
            add(base, 1, "ing", out, &n, max);
            continue;
        }
        add(base, 0, strchr("sxz", base[len - 1]) || ends_in(base, "ch") || ends_in(base, "sh")
                     ? "es" : "s", out, &n, max);
        add(base, 0, "ed", out, &n, max);
        add(base, 0, "ing", out, &n, max);
        if (len >= 3 && !vowel(base[len - 1]) && vowel(base[len - 2]) && !vowel(base[len - 3])
            && strchr("wxy", base[len - 1]) == NULL) {     /* "stop": "stopped", "stopping" */
            char twice[2] = { base[len - 1], '\0' };
            char doubled_base[ESSAY_INFLECTION_MAX];
            if (snprintf(doubled_base, sizeof doubled_base, "%s%s", base, twice)
                < (int)sizeof doubled_base) {
                add(doubled_base, 0, "ed", out, &n, max);
                add(doubled_base, 0, "ing", out, &n, max);
            }
        }
    }
    return n;
}
