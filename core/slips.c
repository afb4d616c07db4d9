/* slips.c -- a typist's slips undone: the word of the index that a word
 * typed makes with one slip of the fingers undone, of two kinds, two
 * adjacent letters swapped ("jial" -> "jail") or one typed twice ("oill"
 * -> "oil").  spelling.c says when a word is corrected so.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define SLIP_MAX_BYTES 20       /* longer words are corrected otherwise (spelling.c) */

/* A slip of the kind 'kind' at word[i] (n bytes): whether there is one to
 * undo there, and the word undone into 'edit'.  No swap of the first
 * letter: short words of capitals are often abbreviations ("DSS", "SNA"),
 * and a swap of their first letters makes another ("SDS", "NSA"). */
static bool undone_at(essay_slip kind, const char *word, size_t n, size_t i, char *edit)
{
    if ((word[i] & 0x80) || (word[i + 1] & 0x80))
        return false;       /* a byte of a longer character */
    if (kind == ESSAY_SLIP_DOUBLED) {
        if (word[i] != word[i + 1])
            return false;
        memcpy(edit, word, i + 1);
        memcpy(edit + i + 1, word + i + 2, n - i - 1);
        return true;
    }
    if (i == 0 || word[i] == word[i + 1])
        return false;       /* the first, or no change */
    memcpy(edit, word, n + 1);
    edit[i] = word[i + 1];
    edit[i + 1] = word[i];
    return true;
}

char *essay__slip_undone(xc_db *db, const char *word, essay_slip kind)
{
    size_t n = strlen(word);
    char edit[SLIP_MAX_BYTES];
    char *best = NULL;
    unsigned best_tf = 0;
    if (n >= sizeof edit)
        return NULL;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned tf = 0;
        xc_error xe;
        char *held;
        if (!undone_at(kind, word, n, i, edit) || xc_db_termfreq(db, edit, &tf, &xe) != 0
            || tf <= best_tf || (held = strdup(edit)) == NULL)
            continue;
        free(best);
        best = held;
        best_tf = tf;
    }
    return best;
}
