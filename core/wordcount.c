/* wordcount.c -- count how often each word occurs, in memory.
 *
 * The indexer feeds Xapian's spelling data ("did you mean") with word
 * frequencies: up for the words of the paragraphs it adds, down for those
 * of the paragraphs it deletes.  Telling Xapian once per token costs as much
 * again as the rest of indexing; telling it once per distinct word, at
 * commit, costs little.  This is the table that collects the net changes in
 * between (a count may be negative): open addressing with linear probing
 * over FNV-1a hashes, doubled at 3/4 full.
 */
#include <stdlib.h>
#include <string.h>
#include "private.h"

typedef struct {
    char *word;             /* NULL: empty slot */
    uint64_t hash;
    long count;             /* net change: may be zero or negative */
} slot;

struct essay_wordcount {
    slot *slots;
    size_t cap;             /* a power of two */
    size_t n;
};

essay_wordcount *essay__wordcount_new(void)
{
    essay_wordcount *wc = calloc(1, sizeof *wc);
    if (wc && (wc->slots = calloc(1024, sizeof *wc->slots)) == NULL) {
        free(wc);
        return NULL;
    }
    if (wc)
        wc->cap = 1024;
    return wc;
}

size_t essay__wordcount_size(const essay_wordcount *wc)
{
    return wc->n;
}

static slot *find_slot(slot *slots, size_t cap, uint64_t hash, const char *word, size_t len)
{
    for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        slot *s = &slots[i];
        if (s->word == NULL || (s->hash == hash && strncmp(s->word, word, len) == 0
                                && s->word[len] == '\0'))
            return s;
    }
}

static int grow(essay_wordcount *wc)
{
    size_t cap = wc->cap * 2;
    slot *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < wc->cap; i++)
        if (wc->slots[i].word)
            *find_slot(slots, cap, wc->slots[i].hash, wc->slots[i].word,
                       strlen(wc->slots[i].word)) = wc->slots[i];
    free(wc->slots);
    wc->slots = slots;
    wc->cap = cap;
    return 0;
}

int essay__wordcount_add(essay_wordcount *wc, const char *word, size_t len, int delta)
{
    if (wc->n + 1 > wc->cap / 4 * 3 && grow(wc) != 0)
        return -1;
    uint64_t hash = essay__hash64(word, len);
    slot *s = find_slot(wc->slots, wc->cap, hash, word, len);
    if (s->word == NULL) {
        if ((s->word = strndup(word, len)) == NULL)
            return -1;
        s->hash = hash;
        wc->n++;
    }
    s->count += delta;
    return 0;
}

int essay__wordcount_each(const essay_wordcount *wc,
                          int (*fn)(const char *word, long count, void *ctx), void *ctx)
{
    for (size_t i = 0; i < wc->cap; i++)
        if (wc->slots[i].word && fn(wc->slots[i].word, wc->slots[i].count, ctx) != 0)
            return -1;
    return 0;
}

void essay__wordcount_clear(essay_wordcount *wc)
{
    for (size_t i = 0; i < wc->cap; i++)
        free(wc->slots[i].word);
    memset(wc->slots, 0, wc->cap * sizeof *wc->slots);
    wc->n = 0;
}

void essay__wordcount_free(essay_wordcount *wc)
{
    if (wc == NULL)
        return;
    essay__wordcount_clear(wc);
    free(wc->slots);
    free(wc);
}
