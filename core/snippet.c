/* snippet.c -- choose and highlight the best passage of a paragraph.
 *
 * The searcher hands us a paragraph and the query's words and phrases (an
 * essay_matchset).  We analyse the paragraph once, with the same analyzer the
 * indexer used, and keep three things: the tokens (offsets, positions and
 * which query terms each matches), the top-level words (a hyphenated word is
 * one word; its parts lie inside it) and, from those, every occurrence of a
 * group: a word, or a phrase whose terms sit at consecutive positions.
 *
 * A paragraph no longer than the budget is returned whole.  Otherwise a window
 * slides over the occurrences (sorted by start) and keeps the one worth most:
 * the sum of the weights of the distinct groups it covers, plus a small bonus
 * for repeats, a group in the headings over the text counting half; ties go
 * to the earliest.  The window is then laid out on the
 * text: it starts at the start of the sentence holding its first match when
 * that is close, else a little before the match at a word start; it ends at a
 * sentence end when one is close to the budget, else after the last whole
 * word that fits.  The line feed that ends a heading at the top of a
 * paragraph (essayfile.c) ends a sentence too, and stays in the snippet.
 * "…" marks text cut off at either side.
 *
 * Highlights are the occurrences inside the window, overlapping ones merged
 * (a hyphenated whole and its parts, a phrase and one of its words), as byte
 * offsets into the snippet.  The snippet is the original bytes, never stems.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define DEFAULT_SNIPPET_BYTES 240
#define ELLIPSIS "\xE2\x80\xA6"             /* U+2026 */
#define ELLIPSIS_LEN 3
/* Each repeat of a group already in the window adds this share of its
 * weight, up to MAX_REPEATS repeats, so distinct groups always count most. */
#define REPEAT_BONUS 0.1
#define MAX_REPEATS 4
/* A word of the headings over a paragraph counts this share of one of its
 * text: a hit's section is named above its snippet, and the text around the
 * other words says more ("chesterton cheese" of a preface headed "By G. K.
 * Chesterton": its "bread and cheese", not the byline). */
#define HEADING_SHARE 0.5
/* At most this many punctuation characters are kept after the last word. */
#define MAX_TRAILING_PUNCT 8

typedef struct {
    size_t start, end;
    unsigned position;
    size_t first_hit, n_hits;   /* its slice of analysis.hits */
} token;

typedef struct {
    size_t group, term;         /* token matches m->groups[group].terms[term] */
} term_hit;

typedef struct {
    size_t start, end, group;
} occurrence;

typedef struct {
    const essay_matchset *m;
    size_t width;               /* the snippet's budget in bytes */
    size_t body;                /* where the text starts, after the headings over it */
    token *tokens;
    size_t n_tokens, cap_tokens;
    term_hit *hits;
    size_t n_hits, cap_hits;
    essay_span *words;          /* top-level words, in order */
    size_t n_words, cap_words;
    occurrence *occs;
    size_t n_occs, cap_occs;
    bool nomem;
} analysis;

/* Make room for one more item in a growable array: returns the (possibly
 * moved) array, or NULL when memory ran out (the old array is kept). */
static void *reserve_one(void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t new_cap = *cap ? *cap * 2 : 64;
    if (new_cap > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, new_cap * size);
    if (grown != NULL)
        *cap = new_cap;
    return grown;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool term_matches(const essay_match_term *mt, const essay_token *t)
{
    if (mt->text == NULL || mt->len == 0)
        return false;
    switch (mt->kind) {
    case ESSAY_MATCH_STEM:
        if (t->stem_len == mt->len && memcmp(t->stem, mt->text, mt->len) == 0)
            return true;
        /* Its stems in the index's other languages (stems[0] is mt->text or
         * NULL), compared without a strlen() each: this runs for every word
         * of every paragraph shown. */
        for (size_t k = 1; k < mt->n_stems; k++)
            if (mt->stems[k] != NULL && strncmp(mt->stems[k], t->stem, t->stem_len) == 0
                && mt->stems[k][t->stem_len] == '\0')
                return true;
        return false;
    case ESSAY_MATCH_EXACT:
        return t->term_len == mt->len && memcmp(t->term, mt->text, mt->len) == 0;
    case ESSAY_MATCH_PREFIX:
        return t->term_len >= mt->len && memcmp(t->term, mt->text, mt->len) == 0;
    }
    return false;
}

/* The analyzer's callback: record the token, the query terms it matches and,
 * unless it lies inside the previous word (a part of a hyphenated word), a
 * new top-level word.  A hyphenated word too long for the snippet is not a
 * word: its parts are, so that the snippet can be cut between them. */
static int collect_token(const essay_token *t, void *ctx)
{
    analysis *a = ctx;
    token *tokens = reserve_one(a->tokens, a->n_tokens, &a->cap_tokens, sizeof *tokens);
    if (tokens == NULL)
        goto nomem;
    a->tokens = tokens;
    token *tok = &a->tokens[a->n_tokens++];
    *tok = (token){ .start = t->start, .end = t->end, .position = t->position,
                    .first_hit = a->n_hits };

    for (size_t g = 0; g < a->m->n; g++) {
        const essay_match_group *group = &a->m->groups[g];
        for (size_t k = 0; k < group->n; k++) {
            if (!term_matches(&group->terms[k], t))
                continue;
            term_hit *hits = reserve_one(a->hits, a->n_hits, &a->cap_hits, sizeof *hits);
            if (hits == NULL)
                goto nomem;
            a->hits = hits;
            a->hits[a->n_hits++] = (term_hit){ g, k };
            tok->n_hits++;
        }
    }

    essay_span *last = a->n_words ? &a->words[a->n_words - 1] : NULL;
    if (last != NULL && t->start < last->end) {
        if (t->end > last->end)
            last->end = t->end;
        return 0;
    }
    if ((t->flags & ESSAY_TOKEN_WHOLE) && t->end - t->start > a->width)
        return 0;
    essay_span *words = reserve_one(a->words, a->n_words, &a->cap_words, sizeof *words);
    if (words == NULL)
        goto nomem;
    a->words = words;
    a->words[a->n_words++] = (essay_span){ t->start, t->end };
    return 0;
nomem:
    a->nomem = true;
    return 1;
}

static bool token_matches(const analysis *a, size_t t, size_t group, size_t term)
{
    const token *tok = &a->tokens[t];
    for (size_t h = tok->first_hit; h < tok->first_hit + tok->n_hits; h++)
        if (a->hits[h].group == group && a->hits[h].term == term)
            return true;
    return false;
}

/* Whether group 'g' occurs starting with token 't' (which matches its first
 * term): each later term must match a token at the next position.  On success
 * *end is the end of the furthest-reaching token at the last position. */
static bool occurrence_at(const analysis *a, size_t t, size_t g, size_t *end)
{
    const essay_match_group *group = &a->m->groups[g];
    size_t next = t + 1;
    *end = a->tokens[t].end;
    for (size_t k = 1; k < group->n; k++) {
        unsigned want = a->tokens[t].position + (unsigned)k;
        bool found = false;
        size_t after_first = next;
        /* Positions never decrease, so the tokens at 'want' follow 'next'. */
        for (size_t j = next; j < a->n_tokens && a->tokens[j].position <= want; j++) {
            if (a->tokens[j].position != want || !token_matches(a, j, g, k))
                continue;
            if (!found)
                after_first = j + 1;
            found = true;
            if (a->tokens[j].end > *end)
                *end = a->tokens[j].end;
        }
        if (!found)
            return false;
        next = after_first;
    }
    return true;
}

static int by_start(const void *x, const void *y)
{
    const occurrence *p = x, *q = y;
    if (p->start != q->start)
        return p->start < q->start ? -1 : 1;
    if (p->end != q->end)
        return p->end < q->end ? -1 : 1;
    return (p->group > q->group) - (p->group < q->group);
}

/* Every occurrence of every group, sorted by start.  Nested occurrences of
 * one group (a prefix matching a hyphenated whole and its parts) count once;
 * merely overlapping ones ("a a" twice in "a a a") stay apart, so that a
 * chain of them cannot grow into one occurrence longer than any window. */
static bool find_occurrences(analysis *a)
{
    for (size_t g = 0; g < a->m->n; g++) {
        if (a->m->groups[g].n == 0)
            continue;
        size_t first_of_group = a->n_occs;
        for (size_t t = 0; t < a->n_tokens; t++) {
            size_t end;
            if (!token_matches(a, t, g, 0) || !occurrence_at(a, t, g, &end))
                continue;
            occurrence *prev = a->n_occs > first_of_group ? &a->occs[a->n_occs - 1] : NULL;
            if (prev != NULL && (a->tokens[t].start == prev->start || end <= prev->end)) {
                if (end > prev->end)
                    prev->end = end;
                continue;
            }
            occurrence *occs = reserve_one(a->occs, a->n_occs, &a->cap_occs, sizeof *occs);
            if (occs == NULL)
                return false;
            a->occs = occs;
            a->occs[a->n_occs++] = (occurrence){ a->tokens[t].start, end, g };
        }
    }
    if (a->n_occs > 1)
        qsort(a->occs, a->n_occs, sizeof *a->occs, by_start);
    return true;
}

/* What covering a group is worth; a weight left unset (or nonsense) is 1. */
static double group_worth(const essay_match_group *g)
{
    return isfinite(g->weight) && g->weight > 0 ? g->weight : 1.0;
}

static double contribution(double worth, size_t count)
{
    if (count == 0)
        return 0;
    size_t repeats = count - 1 < MAX_REPEATS ? count - 1 : MAX_REPEATS;
    return worth * (1 + REPEAT_BONUS * (double)repeats);
}

/* The slot of the occurrence 'o' in best_window()'s counts: its group's, in
 * the text (even) or in the headings over it (odd). */
static size_t slot_of(const analysis *a, const occurrence *o)
{
    return 2 * o->group + (o->start < a->body);
}

/* What a window holding the group 'g' in_text times in the text and
 * in_headings times in the headings is worth for it: the group once, its
 * weight if the text holds it, else HEADING_SHARE of it, its repeats
 * counted wherever they are. */
static double group_score(const analysis *a, size_t g, size_t in_text, size_t in_headings)
{
    double worth = group_worth(&a->m->groups[g]);
    return contribution(in_text ? worth : worth * HEADING_SHARE, in_text + in_headings);
}

/* The occurrences [*first, *last) of the best window of 'width' bytes: a
 * window starts at an occurrence and takes the following ones that end
 * within 'width' of its start.  Ties go to the earliest window. */
static bool best_window(const analysis *a, size_t width, size_t *first, size_t *last)
{
    size_t *counts = calloc(2 * a->m->n, sizeof *counts);
    if (counts == NULL)
        return false;
    double score = 0, best = -1;
    size_t j = 0;
    for (size_t i = 0; i < a->n_occs; i++) {
        /* The window always holds its first occurrence, even an overlong one. */
        while (j < a->n_occs && (j == i || a->occs[j].end - a->occs[i].start <= width)) {
            size_t slot = slot_of(a, &a->occs[j++]), g = slot / 2, *c = counts + 2 * g;
            score -= group_score(a, g, c[0], c[1]);
            counts[slot]++;
            score += group_score(a, g, c[0], c[1]);
        }
        if (score > best + 1e-9 * (1 + fabs(best))) {
            best = score;
            *first = i;
            *last = j;
        }
        size_t slot = slot_of(a, &a->occs[i]), g = slot / 2, *c = counts + 2 * g;
        score -= group_score(a, g, c[0], c[1]);
        counts[slot]--;
        score += group_score(a, g, c[0], c[1]);
    }
    free(counts);
    return true;
}

/* The byte length of the closing quote or bracket at text[pos], or 0. */
static size_t closer_len(const char *text, size_t len, size_t pos)
{
    static const char *const multibyte[] = { "\xE2\x80\x99", "\xE2\x80\x9D", "\xC2\xBB" };
    if (pos >= len)
        return 0;
    if (text[pos] != '\0' && strchr(")]}\"'", text[pos]) != NULL)
        return 1;
    for (size_t i = 0; i < sizeof multibyte / sizeof multibyte[0]; i++) {
        size_t n = strlen(multibyte[i]);
        if (len - pos >= n && memcmp(text + pos, multibyte[i], n) == 0)
            return n;
    }
    return 0;
}

/* The byte length of the punctuation character at text[pos] that may close a
 * word (a stop, comma, "…", closing quote or bracket), or 0. */
static size_t trailing_punct_len(const char *text, size_t len, size_t pos)
{
    if (pos < len && text[pos] != '\0' && strchr(".,;:!?%", text[pos]) != NULL)
        return 1;
    if (len - pos >= ELLIPSIS_LEN && memcmp(text + pos, ELLIPSIS, ELLIPSIS_LEN) == 0)
        return ELLIPSIS_LEN;
    return closer_len(text, len, pos);
}

static bool is_sentence_stop(char c)
{
    return c == '.' || c == '?' || c == '!';
}

/* Whether the gap between word w-1 and word w ends a sentence: a line feed
 * (which ends a heading: see essayfile.c), or '.', '?' or '!', then maybe
 * closing quotes or brackets, then white space, and word w does not begin in
 * lower case ("e.g. the" does not end one).  On success *sentence_end is
 * just past the punctuation (before the line feed) and *next_start just past
 * the last white space of the gap (an opening quote belongs to the
 * sentence). */
static bool sentence_break(const char *text, size_t len, const analysis *a, size_t w,
                           size_t *sentence_end, size_t *next_start)
{
    size_t from = a->words[w - 1].end, to = a->words[w].start;
    const char *line_feed = memchr(text + from, '\n', to - from);
    if (line_feed != NULL) {
        *sentence_end = (size_t)(line_feed - text);
        *next_start = *sentence_end + 1;
        return true;
    }
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)text + to, (utf8proc_ssize_t)(len - to), &cp) > 0
        && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
        return false;
    for (size_t i = from; i < to; i++) {
        if (!is_sentence_stop(text[i]))
            continue;
        size_t j = i + 1, n;
        while ((n = closer_len(text, to, j)) > 0)
            j += n;
        if (j == to || !is_space((unsigned char)text[j]))
            continue;
        *sentence_end = j;
        size_t s = to;
        while (s > j && !is_space((unsigned char)text[s - 1]))
            s--;
        *next_start = s;
        return true;
    }
    return false;
}

/* The index of the last word starting at or before 'pos' (0 if none). */
static size_t word_at(const analysis *a, size_t pos)
{
    size_t lo = 0, hi = a->n_words;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->words[mid].start <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Where a snippet whose first match starts at 'first' should start, ideally
 * 'lead' bytes before it and never more than 'room': at a sentence start,
 * the earliest one not before the ideal, else the latest one at most 'reach'
 * bytes before the match; failing both, at the first word after the ideal. */
static size_t choose_start(const char *text, size_t len, const analysis *a, size_t first,
                           size_t room, size_t reach, size_t lead)
{
    if (a->n_words == 0)
        return 0;
    size_t ideal = first > lead ? first - lead : 0;
    size_t farthest = lead > reach ? lead : reach;
    farthest = farthest < room ? farthest : room;
    size_t lowest = first > farthest ? first - farthest : 0;
    size_t latest = SIZE_MAX, earliest = SIZE_MAX;
    for (size_t w = word_at(a, first);; w--) {
        size_t sentence_end, sentence_start = 0;    /* word 0 starts the paragraph */
        if (w == 0 || sentence_break(text, len, a, w, &sentence_end, &sentence_start)) {
            if (sentence_start < lowest)
                break;
            if (latest == SIZE_MAX)
                latest = sentence_start;
            if (sentence_start >= ideal)
                earliest = sentence_start;
        }
        if (w == 0 || a->words[w - 1].start < lowest)
            break;
    }
    if (earliest != SIZE_MAX)
        return earliest;
    if (latest != SIZE_MAX && latest + reach >= first)
        return latest;
    size_t w = word_at(a, ideal);
    /* word_at() gives the word starting at or before the ideal: take the
     * next one unless that would skip past the match. */
    if (a->words[w].start < ideal && w + 1 < a->n_words && a->words[w + 1].start <= first)
        w++;
    return a->words[w].start;
}

/* Where a snippet starting at 'start' and covering up to 'last' should end,
 * about 'width' bytes after 'start': at a sentence end in the last quarter,
 * else after the last word that fits (and the punctuation that closes it).
 * 'matched' says whether the snippet holds a match. */
static size_t choose_end(const char *text, size_t len, const analysis *a, size_t start,
                         size_t last, bool matched, size_t width)
{
    if (width >= len - start)
        return len;
    size_t limit = start + width;
    size_t lowest = limit - width / 4 > last ? limit - width / 4 : last;
    size_t fit = SIZE_MAX;          /* the last word ending in [last, limit] */
    for (size_t w = word_at(a, limit) + 1; w-- > 0 && w < a->n_words;) {
        const essay_span *word = &a->words[w];
        if (word->end > limit)
            continue;
        if (word->end < last || word->start < start)
            break;
        size_t sentence_end, next_start;
        if (word->end >= lowest && w + 1 < a->n_words
            && sentence_break(text, len, a, w + 1, &sentence_end, &next_start)
            && sentence_end <= limit)
            return sentence_end;
        if (fit == SIZE_MAX)
            fit = w;
        if (word->end < lowest)
            break;
    }
    if (fit == SIZE_MAX && matched) {
        /* The last match reaches past the limit: end with its word. */
        size_t w = word_at(a, last - 1);
        return a->words[w].end > last ? a->words[w].end : last;
    }
    if (fit == SIZE_MAX) {
        /* No word fits: cut one too long for the window at a character. */
        for (int i = 0; i < 3 && limit > start && ((unsigned char)text[limit] & 0xC0) == 0x80; i++)
            limit--;
        return limit;
    }
    size_t end = a->words[fit].end;
    size_t next_word = fit + 1 < a->n_words ? a->words[fit + 1].start : len;
    for (int i = 0; i < MAX_TRAILING_PUNCT; i++) {
        size_t n = trailing_punct_len(text, next_word, end);
        if (n == 0)
            break;
        end += n;
    }
    return end;
}

static bool has_content(const char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!is_space((unsigned char)text[i]))
            return true;
    return false;
}

/* Fill 'out' with text[start, end), "…" on the sides where content was cut,
 * and the occurrences inside it, overlapping ones merged. */
static bool build_snippet(const char *text, size_t len, const analysis *a, size_t start,
                          size_t end, essay_snippet *out)
{
    size_t before = has_content(text, 0, start) ? ELLIPSIS_LEN : 0;
    size_t after = has_content(text, end, len) ? ELLIPSIS_LEN : 0;
    out->len = before + (end - start) + after;
    out->first_match = start;
    out->text = malloc(out->len + 1);
    size_t n_inside = 0;
    for (size_t i = 0; i < a->n_occs; i++)
        n_inside += a->occs[i].start >= start && a->occs[i].end <= end;
    out->spans = n_inside ? malloc(n_inside * sizeof *out->spans) : NULL;
    if (out->text == NULL || (n_inside && out->spans == NULL))
        return false;

    memcpy(out->text, ELLIPSIS, before);
    if (end > start)
        memcpy(out->text + before, text + start, end - start);
    memcpy(out->text + before + (end - start), ELLIPSIS, after);
    out->text[out->len] = '\0';

    for (size_t i = 0; i < a->n_occs; i++) {
        const occurrence *o = &a->occs[i];
        if (o->start < start || o->end > end)
            continue;
        essay_span span = { o->start - start + before, o->end - start + before };
        essay_span *prev = out->n_spans ? &out->spans[out->n_spans - 1] : NULL;
        if (prev == NULL)
            out->first_match = o->start;
        if (prev != NULL && span.start < prev->end) {
            if (span.end > prev->end)
                prev->end = span.end;
        } else {
            out->spans[out->n_spans++] = span;
        }
    }
    return true;
}

static void analysis_free(analysis *a)
{
    free(a->tokens);
    free(a->hits);
    free(a->words);
    free(a->occs);
}

/* The bytes [*start, *end) of 'text' that the snippet shows. */
static bool choose_window(const char *text, size_t len, const analysis *a, size_t width,
                          size_t *start, size_t *end)
{
    size_t first = 0, last = 0;
    if (a->n_occs > 0) {
        size_t i0 = 0, i1 = 0;
        if (!best_window(a, width, &i0, &i1))
            return false;
        first = a->occs[i0].start;
        for (size_t i = i0; i < i1; i++)
            if (a->occs[i].end > last)
                last = a->occs[i].end;
    }
    /* Share the room the matches leave between the text before them and
     * after them; near the paragraph's end, give more to before. */
    size_t room = width > last - first ? width - (last - first) : 0;
    size_t lead = room / 2 < width / 4 ? room / 2 : width / 4;
    if (len - last < room - lead)
        lead = room - (len - last);
    size_t reach = room < width / 3 ? room : width / 3;
    *start = a->n_occs ? choose_start(text, len, a, first, room, reach, lead) : 0;
    *end = choose_end(text, len, a, *start, last, a->n_occs > 0, width);
    return true;
}

/* The first bytes of the stems of 'm' (ESSAY_MATCH_STEM terms, in every
 * language), which only a token's stem can match: a word beginning
 * otherwise need not be stemmed (essay__analyze_initials()). */
static void stem_initials(const essay_matchset *m, bool initials[256])
{
    for (size_t g = 0; g < m->n; g++)
        for (size_t k = 0; k < m->groups[g].n; k++) {
            const essay_match_term *mt = &m->groups[g].terms[k];
            if (mt->kind != ESSAY_MATCH_STEM)
                continue;
            if (mt->text != NULL && mt->len > 0)
                initials[(unsigned char)mt->text[0]] = true;
            for (size_t l = 1; l < mt->n_stems; l++)
                if (mt->stems[l] != NULL)
                    initials[(unsigned char)mt->stems[l][0]] = true;
        }
}

essay_status essay__snippet(essay_analyzer *an, const char *text, size_t len,
                            const essay_matchset *m, size_t max_bytes, essay_snippet *out)
{
    static const essay_matchset no_groups = { NULL, 0 };
    *out = (essay_snippet){ 0 };
    if (text == NULL)
        len = 0;
    size_t width = max_bytes ? max_bytes : DEFAULT_SNIPPET_BYTES;
    analysis a = { .m = m ? m : &no_groups, .width = width,
                   .body = text ? essay__paragraph_body(text, len) : 0 };

    bool initials[256] = { false };
    stem_initials(a.m, initials);
    essay_status st = len ? essay__analyze_initials(an, text, len, initials, collect_token, &a)
                          : ESSAY_OK;
    if (st == ESSAY_OK && (a.nomem || !find_occurrences(&a)))
        st = ESSAY_NOMEM;
    size_t start = 0, end = len;
    if (st == ESSAY_OK && len > width && !choose_window(text, len, &a, width, &start, &end))
        st = ESSAY_NOMEM;
    if (st == ESSAY_OK && !build_snippet(text, len, &a, start, end, out))
        st = ESSAY_NOMEM;
    analysis_free(&a);
    if (st != ESSAY_OK)
        essay__snippet_clear(out);
    return st;
}

void essay__snippet_clear(essay_snippet *s)
{
    if (s == NULL)
        return;
    free(s->text);
    free(s->spans);
    *s = (essay_snippet){ 0 };
}
