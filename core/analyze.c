/* analyze.c -- text -> tokens: the one place where text becomes terms.
 *
 * The indexer, the query parser and the highlighter all call
 * essay_analyze(), so a word is always cut, folded and stemmed the same way.
 *
 * How it works, in one pass over the bytes:
 *
 *   1. Decode UTF-8 (ASCII inline, the rest with utf8proc_iterate); a byte
 *      that does not start a valid sequence is a separator, like a space.
 *   2. A word starts at a letter, digit or combining mark (Unicode L*, N*,
 *      M*) and runs over more of them, and over these joiners when they sit
 *      between word characters: an apostrophe (' ’ ‘ ʼ) followed by a
 *      letter; '.' between digits ("4.5"); ',' between a digit and a group
 *      of exactly three digits ("800,000"); an invisible joiner (soft
 *      hyphen, ZWJ, ZWNJ, word joiner).  A hyphen (- U+2010 U+2011, never
 *      the en or em dash) between word characters splits the word into
 *      parts ("values-based"); at most MAX_PARTS of them, after which the
 *      next hyphen separates words, so memory stays bounded.
 *   3. Each part is folded: apostrophes become ', thousands commas go, the
 *      letters no mark stripping reaches are spelt out (æ as ae, ø as o: see
 *      letter_spelling()), then NFKC + case fold + mark stripping (utf8proc).  A pure-ASCII part takes
 *      a fast path: lowercase, no utf8proc.  A term is cut to MAX_TERM bytes
 *      at a UTF-8 boundary; only the first MAX_FOLD_INPUT bytes of a part
 *      are folded, which is more than enough to fill MAX_TERM.
 *   4. Each term is stemmed by libstemmer ("none": the stem is the term),
 *      through a two-way set-associative cache of recent terms (stemming
 *      is most of the cost) that starts small and grows with use, so a
 *      one-shot search does not pay for the pages an indexer's cache
 *      needs (bench/NOTES.md); a term longer than MAX_STEMMED bytes is its
 *      own stem.  A caller that needs only the stems that may be some
 *      query's (the highlighter, essay__analyze_initials()) names their
 *      first bytes: under a stemmer that keeps a word's first letter
 *      (English's, the default: Snowball's English stemmers change endings
 *      only, and take off a leading apostrophe, which a word keeps when
 *      folding strips a mark before it: "'tis"), a word beginning
 *      otherwise is not stemmed, as none of its stems could be one of
 *      those.
 *   5. A word of several parts yields first the whole (parts joined without
 *      hyphens, flagged ESSAY_TOKEN_WHOLE, spanning all of it, at the first
 *      part's position), then each part at consecutive positions.  A part
 *      written with a capital is flagged ESSAY_TOKEN_CAPITAL, and the first
 *      word of the text or of a sentence ESSAY_TOKEN_SENTENCE_START, so that
 *      the indexer can tell a name from a word (capitals.c).
 *
 * All buffers live in the analyzer, so analysing text allocates nothing
 * except, rarely, a larger utf8proc work buffer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include <utf8proc.h>
#include "private.h"

#define MAX_TERM        120     /* bytes of a term; Xapian allows ~245 with a prefix */
#define MAX_STEMMED     64      /* longer terms are not stemmed */
#define MAX_FOLD_INPUT  512     /* bytes of a part that are folded */
#define MAX_PARTS       16      /* parts of one hyphenated word */
#define CACHE_WAYS      2       /* slots of a stem cache set */
#define CACHE_SETS_MIN  64      /* sets of a new stem cache, a power of two; it grows */
#define CACHE_SETS_MAX  4096    /* fourfold up to this, each time it has stemmed as many
                                   terms as it has slots */

#define FOLD_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD \
                      | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Character classes, as bits. */
enum {
    C_WORD = 1,             /* letter, digit or mark: part of a word */
    C_LETTER = 2,
    C_DIGIT = 4,            /* decimal digit (Nd) */
    C_APOSTROPHE = 8,
    C_HYPHEN = 16,
    C_COMMA = 32,
    C_DOT = 64,
    C_JOINER = 128,         /* invisible, kept inside a word, dropped by folding */
};

typedef struct {
    size_t start, end;      /* bytes of the part in the text */
    bool ascii;             /* all its bytes are ASCII */
    size_t term_len;        /* its folded form is terms[i], term_len bytes */
} word_part;

/* One remembered term -> stem, one cache line; term_len 0 marks an empty
 * slot.  Longer terms and stems (rare) are not cached. */
typedef struct {
    unsigned char term_len, stem_len;
    char term[31];
    char stem[31];              /* NUL-terminated */
} cache_slot;
_Static_assert(sizeof(cache_slot) == 64, "a cache slot fills one cache line");

struct essay_analyzer {
    char *language;
    struct sb_stemmer *stemmer;     /* NULL for "none" */
    cache_slot *cache;              /* cache_sets * CACHE_WAYS; NULL for "none" */
    void *cache_block;              /* its allocation, in which 'cache' is aligned */
    size_t cache_sets;
    size_t cache_misses;            /* terms stemmed since the cache last grew */
    char stem[MAX_TERM + 1];        /* an uncached stem */
    utf8proc_int32_t *codepoints;   /* utf8proc's work buffer */
    size_t codepoints_cap;
    word_part parts[MAX_PARTS];     /* the word being analysed */
    size_t n_parts;
    char terms[MAX_PARTS][MAX_TERM + 1];
    char whole[MAX_TERM + 1];       /* the parts joined */
    char prepared[MAX_FOLD_INPUT];  /* a part with apostrophes unified, commas dropped */
    char first_stem[MAX_TERM + 1];  /* essay_analyzer_stem()'s result */
    bool keeps_initial;             /* the stemmer never changes a word's first byte (but
                                       takes off a leading apostrophe) */
    const bool *initials;           /* during essay__analyze_initials(): the first bytes of
                                       the stems asked for; NULL: stem every word */
};

/* ---- characters ---------------------------------------------------------- */

/* Decode the code point at text[i] (i < len) into *cp, or -1 for a byte that
 * starts no valid sequence.  Returns the bytes it takes (at least 1). */
static inline size_t decode(const unsigned char *text, size_t len, size_t i, utf8proc_int32_t *cp)
{
    if (text[i] < 0x80) {
        *cp = text[i];
        return 1;
    }
    size_t avail = len - i < 4 ? len - i : 4;
    utf8proc_ssize_t n = utf8proc_iterate(text + i, (utf8proc_ssize_t)avail, cp);
    if (n < 1) {
        *cp = -1;
        return 1;
    }
    return (size_t)n;
}

static bool is_apostrophe(utf8proc_int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

/* The C_* bits of code point 'cp' (-1: an invalid byte, no class). */
static inline unsigned classify(utf8proc_int32_t cp)
{
    if (cp < 0x80) {
        if ((unsigned)((cp | 0x20) - 'a') < 26)
            return C_WORD | C_LETTER;
        if ((unsigned)(cp - '0') < 10)
            return C_WORD | C_DIGIT;
        switch (cp) {
        case '\'': return C_APOSTROPHE;
        case '-':  return C_HYPHEN;
        case ',':  return C_COMMA;
        case '.':  return C_DOT;
        default:   return 0;
        }
    }
    if (is_apostrophe(cp))      /* before the categories: U+02BC is a letter (Lm) */
        return C_APOSTROPHE;
    switch (cp) {
    case 0x2010: case 0x2011:
        return C_HYPHEN;
    case 0x00AD: case 0x200C: case 0x200D: case 0x2060:
        return C_JOINER;
    default:
        break;
    }
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
        return C_WORD | C_LETTER;
    if (cat == UTF8PROC_CATEGORY_ND)
        return C_WORD | C_DIGIT;
    if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_NO)
        return C_WORD;
    return 0;
}

/* The class of the code point at text[i], or 0 at the end of the text. */
static unsigned class_at(const unsigned char *text, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    utf8proc_int32_t cp;
    decode(text, len, i, &cp);
    return classify(cp);
}

/* Whether text[i..] is exactly three decimal digits, not followed by a
 * fourth: the group after a thousands comma. */
static bool thousands_group_at(const unsigned char *text, size_t len, size_t i)
{
    for (int digits = 0; digits < 4; digits++) {
        utf8proc_int32_t cp = -1;
        if (i < len)
            i += decode(text, len, i, &cp);
        if (!(classify(cp) & C_DIGIT))
            return digits == 3;
    }
    return false;
}

/* ---- words --------------------------------------------------------------- */

static void add_part(essay_analyzer *an, size_t start, size_t end, bool ascii)
{
    word_part *p = &an->parts[an->n_parts++];
    p->start = start;
    p->end = end;
    p->ascii = ascii;
    p->term_len = 0;
}

/* Find the word that starts at text[start] (a word character), splitting it
 * into an->parts at hyphens.  Returns where it ends. */
static size_t scan_word(essay_analyzer *an, const unsigned char *text, size_t len, size_t start)
{
    an->n_parts = 0;
    size_t pos = start, part_start = start;
    unsigned prev = 0;
    bool ascii = true;
    while (pos < len) {
        utf8proc_int32_t cp;
        size_t n = decode(text, len, pos, &cp);
        unsigned c = classify(cp);
        if (!(c & C_WORD)) {
            unsigned next = class_at(text, len, pos + n);
            bool joins;
            if (c & C_HYPHEN) {
                if (!(next & C_WORD) || an->n_parts == MAX_PARTS - 1)
                    break;
                add_part(an, part_start, pos, ascii);
                part_start = pos + n;
                ascii = true;
                pos += n;
                continue;
            }
            if (c & C_APOSTROPHE)
                joins = next & C_LETTER;
            else if (c & C_JOINER)
                joins = next & C_WORD;
            else if (c & C_DOT)
                joins = (prev & C_DIGIT) && (next & C_DIGIT);
            else if (c & C_COMMA)
                joins = (prev & C_DIGIT) && thousands_group_at(text, len, pos + n);
            else
                joins = false;
            if (!joins)
                break;
        }
        ascii = ascii && cp < 0x80;
        prev = c;
        pos += n;
    }
    add_part(an, part_start, pos, ascii);
    return pos;
}

/* The letters that are no accented letter, which mark stripping leaves,
 * spelt as English texts also spell them ("Cæsar", "Caesar"; "Øresund",
 * "Oresund"), as Lucene's ASCII folding has them; NULL for any other.  Each
 * spelling is no longer than the letter's UTF-8. */
static const char *letter_spelling(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0xC6: case 0xE6:   return "ae";    /* Æ æ */
    case 0x152: case 0x153: return "oe";    /* Œ œ */
    case 0xD8: case 0xF8:   return "o";     /* Ø ø */
    case 0xDE: case 0xFE:   return "th";    /* Þ þ */
    case 0xD0: case 0xF0:   return "d";     /* Ð ð */
    case 0x110: case 0x111: return "d";     /* Đ đ */
    case 0x141: case 0x142: return "l";     /* Ł ł */
    case 0x131:             return "i";     /* ı */
    }
    return NULL;
}

/* Fold a part that has non-ASCII bytes into 'out' (MAX_TERM + 1 bytes).
 * Returns ESSAY_OK or ESSAY_NOMEM; p->term_len is set. */
static essay_status fold_unicode(essay_analyzer *an, const unsigned char *text, word_part *p,
                                 char *out)
{
    size_t n = 0;
    for (size_t i = p->start; i < p->end;) {
        utf8proc_int32_t cp;
        size_t k = decode(text, p->end, i, &cp);
        if (n + k > MAX_FOLD_INPUT)
            break;
        const char *spelling = letter_spelling(cp);
        if (is_apostrophe(cp)) {
            an->prepared[n++] = '\'';
        } else if (spelling) {
            memcpy(an->prepared + n, spelling, strlen(spelling));
            n += strlen(spelling);
        } else if (cp != ',') {
            memcpy(an->prepared + n, text + i, k);
            n += k;
        }
        i += k;
    }
    const utf8proc_uint8_t *src = (const utf8proc_uint8_t *)an->prepared;
    utf8proc_ssize_t count = utf8proc_decompose(src, (utf8proc_ssize_t)n, an->codepoints,
                                                (utf8proc_ssize_t)an->codepoints_cap, FOLD_OPTIONS);
    if (count >= 0 && (size_t)count >= an->codepoints_cap) {
        /* reencode needs one spare slot for its NUL */
        size_t cap = (size_t)count + 1;
        utf8proc_int32_t *grown = realloc(an->codepoints, cap * sizeof *grown);
        if (grown == NULL)
            return ESSAY_NOMEM;
        an->codepoints = grown;
        an->codepoints_cap = cap;
        count = utf8proc_decompose(src, (utf8proc_ssize_t)n, an->codepoints,
                                   (utf8proc_ssize_t)cap, FOLD_OPTIONS);
    }
    utf8proc_ssize_t bytes = count < 0 ? count : utf8proc_reencode(an->codepoints, count,
                                                                   FOLD_OPTIONS);
    if (bytes < 0)              /* cannot happen: the part is valid UTF-8 */
        bytes = 0;
    const char *folded = (const char *)an->codepoints;
    p->term_len = essay__utf8_cut(folded, (size_t)bytes, MAX_TERM);
    memcpy(out, folded, p->term_len);
    out[p->term_len] = '\0';
    return ESSAY_OK;
}

/* Fold part i of the word into an->terms[i]. */
static essay_status fold_part(essay_analyzer *an, const unsigned char *text, size_t i)
{
    word_part *p = &an->parts[i];
    char *out = an->terms[i];
    if (!p->ascii)
        return fold_unicode(an, text, p, out);
    size_t n = 0;
    for (size_t k = p->start; k < p->end && n < MAX_TERM; k++) {
        unsigned char b = text[k];
        if (b == ',')
            continue;
        out[n++] = (char)((unsigned)(b - 'A') < 26 ? b | 0x20 : b);
    }
    out[n] = '\0';
    p->term_len = n;
    return ESSAY_OK;
}

/* ---- stems and tokens ---------------------------------------------------- */

/* A fast hash of a short term, for the stem cache: 8 bytes at a time. */
static uint64_t term_hash(const char *term, size_t len)
{
    const uint64_t k = 0x9E3779B97F4A7C15u;
    uint64_t h = len * k, w;
    for (; len >= 8; term += 8, len -= 8) {
        memcpy(&w, term, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    w = 0;
    memcpy(&w, term, len);
    h = (h ^ w) * k;
    return h ^ (h >> 32);
}

/* Make the stem cache 'sets' sets, empty.  calloc: a block of this size
 * comes fresh from the kernel, zero already, so only the pages stems touch
 * are paid for.  Returns false, the cache as it was, when out of memory. */
static bool resize_cache(essay_analyzer *an, size_t sets)
{
    size_t slot = sizeof *an->cache;
    void *block = calloc(sets * CACHE_WAYS + 1, slot);
    if (block == NULL)
        return false;
    free(an->cache_block);
    an->cache_block = block;
    an->cache = (cache_slot *)(((uintptr_t)block + slot - 1) & ~(uintptr_t)(slot - 1));
    an->cache_sets = sets;
    an->cache_misses = 0;
    return true;
}

/* The cache set where 'term' would be. */
static cache_slot *cache_set(const essay_analyzer *an, const char *term, size_t len)
{
    return &an->cache[(term_hash(term, len) & (an->cache_sets - 1)) * CACHE_WAYS];
}

/* Set tok->stem from tok->term.  Returns ESSAY_OK or ESSAY_NOMEM. */
static essay_status stem_token(essay_analyzer *an, essay_token *tok)
{
    tok->stem = tok->term;
    tok->stem_len = tok->term_len;
    if (an->stemmer == NULL || tok->term_len > MAX_STEMMED
        || (an->initials != NULL && tok->term[0] != '\''
            && !an->initials[(unsigned char)tok->term[0]]))
        return ESSAY_OK;
    /* A set keeps its most recently used slot first. */
    cache_slot *set = NULL;
    if (tok->term_len <= sizeof set->term) {
        set = cache_set(an, tok->term, tok->term_len);
        for (size_t way = 0; way < CACHE_WAYS; way++) {
            if (set[way].term_len != tok->term_len
                || memcmp(set[way].term, tok->term, tok->term_len) != 0)
                continue;
            cache_slot hit = set[way];
            memmove(set + 1, set, way * sizeof *set);
            set[0] = hit;
            tok->stem = set[0].stem;
            tok->stem_len = set[0].stem_len;
            return ESSAY_OK;
        }
    }
    const sb_symbol *stem = sb_stemmer_stem(an->stemmer, (const sb_symbol *)tok->term,
                                            (int)tok->term_len);
    if (stem == NULL)
        return ESSAY_NOMEM;
    size_t stem_len = (size_t)sb_stemmer_length(an->stemmer);
    if (stem_len > MAX_TERM)    /* no real stemmer lengthens a word so much */
        return ESSAY_OK;
    memcpy(an->stem, stem, stem_len);
    an->stem[stem_len] = '\0';
    tok->stem = an->stem;
    tok->stem_len = stem_len;
    if (set != NULL && stem_len < sizeof set->stem) {
        if (++an->cache_misses > an->cache_sets * CACHE_WAYS && an->cache_sets < CACHE_SETS_MAX
            && resize_cache(an, 4 * an->cache_sets))
            set = cache_set(an, tok->term, tok->term_len);
        memmove(set + 1, set, (CACHE_WAYS - 1) * sizeof *set);
        memcpy(set[0].term, tok->term, tok->term_len);
        set[0].term_len = (unsigned char)tok->term_len;
        memcpy(set[0].stem, an->stem, stem_len + 1);
        set[0].stem_len = (unsigned char)stem_len;
    }
    return ESSAY_OK;
}

/* Stem 'tok' and hand it to fn; *stop is set when fn asks to stop. */
static essay_status deliver(essay_analyzer *an, essay_token *tok, essay_token_fn fn, void *ctx,
                            bool *stop)
{
    essay_status st = stem_token(an, tok);
    if (st == ESSAY_OK)
        *stop = fn(tok, ctx) != 0;
    return st;
}

/* Join the non-empty folded parts into an->whole (cut to MAX_TERM bytes);
 * returns its length. */
static size_t join_parts(essay_analyzer *an)
{
    size_t len = 0;
    for (size_t i = 0; i < an->n_parts; i++) {
        size_t n = essay__utf8_cut(an->terms[i], an->parts[i].term_len, MAX_TERM - len);
        memcpy(an->whole + len, an->terms[i], n);
        len += n;
    }
    an->whole[len] = '\0';
    return len;
}

/* Whether code point 'cp' between words ends a sentence, so that a capital
 * after it says nothing of the next word. */
static bool ends_sentence(utf8proc_int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == '"' || cp == 0x201C;
}

/* Whether the word part starting at text[start] begins with a capital. */
static bool starts_capital(const unsigned char *text, size_t len, size_t start)
{
    utf8proc_int32_t cp;
    decode(text, len, start, &cp);
    return cp < 0x80 ? (unsigned)(cp - 'A') < 26 : cp > 0 && utf8proc_isupper(cp);
}

/* Emit the tokens of the folded word in an->parts (of 'text') from *position
 * on: the whole first when it has several non-empty parts, then each part.
 * A part that folding left empty (it held only marks) gives no token.
 * '*sentence_start': the next token begins the text or a sentence; cleared
 * once one has. */
static essay_status emit_word(essay_analyzer *an, const unsigned char *text, size_t len,
                              bool *sentence_start, unsigned *position, essay_token_fn fn,
                              void *ctx, bool *stop)
{
    size_t words = 0;
    for (size_t i = 0; i < an->n_parts; i++)
        words += an->parts[i].term_len > 0;
    essay_status st = ESSAY_OK;
    if (words > 1) {
        essay_token tok = {
            .start = an->parts[0].start, .end = an->parts[an->n_parts - 1].end,
            .term = an->whole, .term_len = join_parts(an),
            .position = *position, .flags = ESSAY_TOKEN_WHOLE,
        };
        st = deliver(an, &tok, fn, ctx, stop);
    }
    for (size_t i = 0; i < an->n_parts && st == ESSAY_OK && !*stop; i++) {
        const word_part *p = &an->parts[i];
        if (p->term_len == 0)
            continue;
        essay_token tok = {
            .start = p->start, .end = p->end,
            .term = an->terms[i], .term_len = p->term_len,
            .position = (*position)++,
            .flags = (starts_capital(text, len, p->start) ? ESSAY_TOKEN_CAPITAL : 0)
                     | (*sentence_start ? ESSAY_TOKEN_SENTENCE_START : 0),
        };
        *sentence_start = false;
        st = deliver(an, &tok, fn, ctx, stop);
    }
    return st;
}

essay_status essay_analyze(essay_analyzer *an, const char *text, size_t len, essay_token_fn fn,
                           void *ctx)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned position = 0;
    bool stop = false, sentence_start = true;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        size_t n = decode(s, len, i, &cp);
        if (!(classify(cp) & C_WORD)) {
            sentence_start |= ends_sentence(cp);
            i += n;
            continue;
        }
        size_t end = scan_word(an, s, len, i);
        for (size_t k = 0; k < an->n_parts; k++) {
            essay_status st = fold_part(an, s, k);
            if (st != ESSAY_OK)
                return st;
        }
        essay_status st = emit_word(an, s, len, &sentence_start, &position, fn, ctx, &stop);
        if (st != ESSAY_OK || stop)
            return st;
        i = end;
    }
    return ESSAY_OK;
}

essay_status essay__analyze_initials(essay_analyzer *an, const char *text, size_t len,
                                     const bool initials[256], essay_token_fn fn, void *ctx)
{
    an->initials = an->keeps_initial ? initials : NULL;
    essay_status st = essay_analyze(an, text, len, fn, ctx);
    an->initials = NULL;
    return st;
}

/* ---- the analyzer -------------------------------------------------------- */

/* Whether the libstemmer algorithm 'language' names keeps every word's
 * first byte but a leading apostrophe: the English ones, whose rules
 * change a word's ending only (checked on the 250,000 words of a word list
 * and the benchmark's essays, and every string of one to four letters). */
static bool keeps_initial(const char *language)
{
    static const char *const names[] = { "english", "en", "eng", "porter" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(language, names[i]) == 0)
            return true;
    return false;
}

/* Whether libstemmer lists 'language' under its canonical names. */
static bool is_listed_stemmer(const char *language)
{
    for (const char **name = sb_stemmer_list(); *name != NULL; name++)
        if (strcmp(*name, language) == 0)
            return true;
    return false;
}

essay_status essay_analyzer_new(const char *language, essay_analyzer **out)
{
    *out = NULL;
    if (language == NULL)
        return ESSAY_BAD_ARGUMENT;
    essay_analyzer *an = calloc(1, sizeof *an);
    if (an == NULL)
        return ESSAY_NOMEM;
    essay_status st = ESSAY_NOMEM;
    an->language = strdup(language);
    an->codepoints_cap = 4 * MAX_FOLD_INPUT;
    an->codepoints = malloc(an->codepoints_cap * sizeof *an->codepoints);
    if (an->language == NULL || an->codepoints == NULL)
        goto fail;
    if (strcmp(language, "none") != 0) {
        an->stemmer = sb_stemmer_new(language, NULL);
        if (an->stemmer == NULL) {
            /* NULL means unknown or out of memory; a listed name was known */
            st = is_listed_stemmer(language) ? ESSAY_NOMEM : ESSAY_BAD_ARGUMENT;
            goto fail;
        }
        if (!resize_cache(an, CACHE_SETS_MIN))
            goto fail;
        an->keeps_initial = keeps_initial(language);
    }
    *out = an;
    return ESSAY_OK;
fail:
    essay_analyzer_free(an);
    return st;
}

void essay_analyzer_free(essay_analyzer *an)
{
    if (an == NULL)
        return;
    sb_stemmer_delete(an->stemmer);
    free(an->cache_block);
    free(an->codepoints);
    free(an->language);
    free(an);
}

const char *essay_analyzer_language(const essay_analyzer *an)
{
    return an->language;
}

static int keep_first_stem(const essay_token *tok, void *ctx)
{
    essay_analyzer *an = ctx;
    memcpy(an->first_stem, tok->stem, tok->stem_len);
    an->first_stem[tok->stem_len] = '\0';
    return 1;
}

/* The first token's stem: for a hyphenated word, the whole's.  Out of
 * memory, like no word at all, gives "". */
const char *essay_analyzer_stem(essay_analyzer *an, const char *word, size_t len)
{
    an->first_stem[0] = '\0';
    if (essay_analyze(an, word, len, keep_first_stem, an) != ESSAY_OK)
        an->first_stem[0] = '\0';
    return an->first_stem;
}

const char *essay__analyzer_stem_term(essay_analyzer *an, const char *term, size_t len,
                                      size_t *stem_len)
{
    essay_token tok = { .term = term, .term_len = len };
    if (stem_token(an, &tok) != ESSAY_OK)
        return NULL;
    *stem_len = tok.stem_len;
    return tok.stem;
}
