/* headings.c -- what a person types to name a section: the keys of the
 * lines that head a paragraph.
 *
 * A person looking for an essay or a chapter types its title or its
 * heading ("aes triplex", "economy", "apology for idlers"), and the
 * section it heads is the answer, before the notes and reviews that quote
 * it.  A heading's key is essay__hash64() of the stems of its words in
 * order, each followed by a space, a hyphenated word's joined whole left
 * out; when it begins with one or two English stop words, the words after
 * them have a key too: "AN APOLOGY FOR IDLERS" is named by "an apology for
 * idlers" and by "apology for idlers", "THE PONDS" by "ponds", and the
 * query "the economy" names "ECONOMY".  Not more ("Should we not then be
 * gods?" names no heading "GODS"), and a key has a word that is no stop
 * word.  A line has a key, and so does each part of it
 * that a dash, a colon, a semicolon or a full stop sets apart, as a title
 * and its subtitle ("Walden; or, Life in the Woods") or a collection's
 * title and a piece's ("Virginibus Puerisque — ÆS TRIPLEX"); and so do
 * they without what brackets hold, an editor's note or an address ("THE
 * JUMPING FROG [written about 1865]", "TO R. W. EMERSON (AT NEW YORK)"),
 * which names no heading of its own.
 *
 * The indexer (index.c) adds, to each paragraph of text, an
 * ESSAY_PREFIX_HEADING term of 16 hex digits for each key of the lines
 * heading it (essayfile.c leaves them at the top of its text, each ended
 * by "\n"), and to the essay's title paragraph, of its title; first.c
 * makes the key of the words a query types (essay__query_heading_terms(),
 * query.c) and puts first the paragraphs that have it.
 */
#include <stdio.h>
#include <string.h>
#include "private.h"

/* The most lines that head a paragraph: a header-less essay's title line,
 * a book's, a part's, a chapter's number and title, and a motto.  More
 * are a list that essayfile.c hangs over the text, as a book's contents
 * (Excursions' over its biographical sketch), whose entries head other
 * text. */
#define HEADING_LINES_MAX 6

#define LEADING_STOP_WORDS_MAX 2
#define HEADING_BYTES_MAX 512   /* a longer line is no heading named without its brackets */

void essay__heading_key_start(essay_heading_key *k)
{
    k->all = k->after = essay__hash64(NULL, 0);
    k->words = k->leading = 0;
    k->named = 0;
}

/* 'h' and the word of stem[0..stem_len) after it. */
static uint64_t hash_word(uint64_t h, const char *stem, size_t stem_len)
{
    return essay__hash64_more(essay__hash64_more(h, stem, stem_len), " ", 1);
}

void essay__heading_key_add(essay_heading_key *k, const char *term, const char *stem,
                            size_t stem_len, unsigned flags)
{
    if (flags & ESSAY_TOKEN_WHOLE)
        return;
    int stop = essay__english_stopword(term);
    k->all = hash_word(k->all, stem, stem_len);
    if (k->words == k->leading && stop)
        k->leading++;
    else
        k->after = hash_word(k->after, stem, stem_len);
    k->words++;
    k->named |= !stop;
}

size_t essay__heading_key_terms(const essay_heading_key *k, char terms[2][18])
{
    if (!k->named)
        return 0;
    snprintf(terms[0], 18, "%s%016llx", ESSAY_PREFIX_HEADING, (unsigned long long)k->all);
    if (k->leading == 0 || k->leading > LEADING_STOP_WORDS_MAX)
        return 1;
    snprintf(terms[1], 18, "%s%016llx", ESSAY_PREFIX_HEADING, (unsigned long long)k->after);
    return 2;
}

/* The keys of a line: of all its words, and of those after its number. */
typedef struct {
    essay_heading_key whole, named;
    int numbered;           /* only a number has been read so far */
    int held;               /* held_*: a word that numbers a section before a number
                               ("chapter"), kept out of 'named' until the next word says */
    char held_term[32], held_stem[32];
} line_keys;

/* Whether the folded word 'term' is a roman numeral ("xi", "iv", "mcm"). */
static int roman(const char *term)
{
    static const char *const places[][10] = {
        { "", "m", "mm", "mmm" },
        { "", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm" },
        { "", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc" },
        { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" },
    };
    const char *at = term;
    for (size_t place = 0; place < 4; place++) {
        size_t longest = 0;
        for (size_t d = 1; d < 10 && places[place][d]; d++) {
            size_t len = strlen(places[place][d]);
            if (len > longest && strncmp(at, places[place][d], len) == 0)
                longest = len;
        }
        at += longest;
    }
    return at > term && *at == '\0';
}

/* Whether the folded word 'term' is a number or a roman numeral. */
static int number(const char *term)
{
    return strspn(term, "0123456789.") == strlen(term) || roman(term);
}

int essay__numbers_sections(const char *term)
{
    static const char *const words[] = { "chapter", "part", "book", "section", "essay",
                                         "letter", "lecture", "canto", "no" };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(term, words[i]) == 0)
            return 1;
    return 0;
}

static int add_token(const essay_token *t, void *arg)
{
    line_keys *k = arg;
    essay__heading_key_add(&k->whole, t->term, t->stem, t->stem_len, t->flags);
    if (k->numbered && !(t->flags & ESSAY_TOKEN_WHOLE)) {
        if (number(t->term)) {
            k->held = 0;        /* "chapter iv": both number the section */
            return 0;
        }
        if (!k->held && essay__numbers_sections(t->term) && t->term_len < sizeof k->held_term
            && t->stem_len < sizeof k->held_stem) {
            memcpy(k->held_term, t->term, t->term_len + 1);
            memcpy(k->held_stem, t->stem, t->stem_len + 1);
            k->held = 1;
            return 0;
        }
    }
    if (k->held)                /* "part of the way": a word of the name */
        essay__heading_key_add(&k->named, k->held_term, k->held_stem, strlen(k->held_stem), 0);
    k->held = 0;
    k->numbered = 0;
    essay__heading_key_add(&k->named, t->term, t->stem, t->stem_len, t->flags);
    return 0;
}

/* Where the keys go, and what they go with. */
typedef struct {
    essay_analyzer *an;
    int (*fn)(const char *term, void *ctx);
    void *ctx;
} key_sink;

/* Give 'to' the key of the words of text[0..len), if it has one, and the
 * key of those after its number ("XI PULVIS ET UMBRA", "CHAPTER IV. THE
 * GOLDEN AGE"), when it has another.  0, or -1 (out of memory, or what
 * to->fn returned). */
static int add_key(const key_sink *to, const char *text, size_t len)
{
    line_keys k = { .numbered = 1 };
    char terms[4][18];
    essay__heading_key_start(&k.whole);
    essay__heading_key_start(&k.named);
    if (essay_analyze(to->an, text, len, add_token, &k) != ESSAY_OK)
        return -1;
    size_t n = essay__heading_key_terms(&k.whole, terms);
    if (k.named.words < k.whole.words)
        n += essay__heading_key_terms(&k.named, terms + n);
    for (size_t i = 0; i < n; i++)
        if (to->fn(terms[i], to->ctx) != 0)
            return -1;
    return 0;
}

/* The length of the separator of parts at text[i..len) ("—", "–", ":",
 * ";", a full stop before a space or the end), or 0. */
static size_t separator_at(const char *text, size_t i, size_t len)
{
    if (text[i] == ':' || text[i] == ';')
        return 1;
    if (text[i] == '.' && (i + 1 == len || text[i + 1] == ' '))
        return 1;
    if (i + 3 <= len && (memcmp(text + i, "\xe2\x80\x94", 3) == 0
                         || memcmp(text + i, "\xe2\x80\x93", 3) == 0))
        return 3;
    return 0;
}

/* text[0..len) without what round or square brackets hold, in 'out'
 * (HEADING_BYTES_MAX bytes): an editor's note or an address ("THE JUMPING
 * FROG [written about 1865]", "TO R. W. EMERSON (AT NEW YORK)"), which the
 * heading is named without, and which names no heading of its own.  Its
 * length: 'len' when nothing was left out (or the line is too long). */
static size_t without_brackets(const char *text, size_t len, char *out)
{
    if (len > HEADING_BYTES_MAX)
        return len;
    size_t n = 0, depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '(' || text[i] == '[')
            depth++;
        else if ((text[i] == ')' || text[i] == ']') && depth > 0)
            depth--;
        else if (depth == 0)
            out[n++] = text[i];
    }
    return depth == 0 ? n : len;
}

/* Give 'to' the keys of the line text[0..len) and of its parts; of a line
 * with brackets, its key and those of the line without what they hold and
 * of its parts (without_brackets()): no part inside them ("THE BELLS (A
 * POEM; NEW YORK)" has no key of "new york"). */
static int add_line_keys(const key_sink *to, const char *text, size_t len)
{
    char bare[HEADING_BYTES_MAX];
    size_t bare_len = without_brackets(text, len, bare);
    if (bare_len < len)
        return add_key(to, text, len) != 0 || add_line_keys(to, bare, bare_len) != 0 ? -1 : 0;
    if (add_key(to, text, len) != 0)
        return -1;
    size_t part = 0, parts = 0;
    for (size_t i = 0; i <= len; i++) {
        size_t sep = i < len ? separator_at(text, i, len) : 1;
        if (sep == 0)
            continue;
        /* a line of one part has its key already */
        if ((parts > 0 || i < len) && add_key(to, text + part, i - part) != 0)
            return -1;
        parts++;
        part = i + sep;
        i += sep - 1;
    }
    return 0;
}

int essay__heading_keys(essay_analyzer *an, const char *text, size_t body, const char *title,
                        int (*fn)(const char *term, void *ctx), void *ctx)
{
    const key_sink to = { .an = an, .fn = fn, .ctx = ctx };
    size_t lines = 0;
    for (size_t at = 0; at < body; at++)
        lines += text[at] == '\n';
    if (lines > HEADING_LINES_MAX)
        body = 0;       /* a list hung over the text: a contents page, no heading */
    for (size_t at = 0; at < body;) {
        const char *end = memchr(text + at, '\n', body - at);
        size_t line_end = end ? (size_t)(end - text) : body;
        if (add_line_keys(&to, text + at, line_end - at) != 0)
            return -1;
        at = line_end + 1;
    }
    return title ? add_line_keys(&to, title, strlen(title)) : 0;
}

/* Where essay__add_heading_keys() adds them. */
typedef struct {
    xc_doc *doc;
    xc_error *xe;
    int failed;             /* by Xapian, not out of memory */
} doc_sink;

static int add_term(const char *term, void *ctx)
{
    doc_sink *d = ctx;
    d->failed = xc_doc_add_boolean_term(d->doc, term, strlen(term), d->xe) != 0;
    return d->failed ? -1 : 0;
}

int essay__add_heading_keys(essay_analyzer *an, xc_doc *doc, const char *text, size_t body,
                            const char *title, xc_error *xe)
{
    doc_sink d = { .doc = doc, .xe = xe };
    if (essay__heading_keys(an, text, body, title, add_term, &d) == 0)
        return 0;
    return d.failed ? -1 : xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
}
