/* query.c -- the query language: query string -> parse tree -> Xapian query.
 *
 * The language (essay-search(1) documents it for users):
 *
 *   security guarantees    words: every one must match; with match_any
 *                          (--any) any may, and paragraphs matching more of
 *                          them rank higher.  A word matches its inflections
 *                          ("guarantees" finds "guarantee") and its other
 *                          spelling ("colour" finds "color": variants.c),
 *                          in a phrase too; a name the
 *                          stemmer makes another word of, only as typed
 *                          ("wilde" is not "wild": essay__query_fit_index())
 *   "security guarantee"   a phrase: the words next to each other, in order,
 *                          in any inflection ("security guarantees" matches),
 *                          in the text or in the essay's title (once an
 *                          essay, after the text, weighted as a title word;
 *                          not for a phrase of common words, nor an
 *                          excluded one)
 *   values-based           a hyphenated word matches the joined whole
 *                          ("valuesbased") or its parts as a phrase
 *   Emerson—self-reliance  a dash that is no hyphen (dash_at()) separates
 *                          words as a blank does, but in a quoted phrase or
 *                          a field's value
 *   =guarantees            the exact, unstemmed form only
 *   secur*                 words beginning with "secur" (at least 2
 *                          characters; the 100 most frequent such words)
 *   -word  -"a phrase"  -(a OR b)  NOT word  a NOT b
 *                          excluded: paragraphs matching it are dropped (the
 *                          '-' must touch what it excludes).  A query needs
 *                          at least one word that is not excluded.
 *   a OR b   a AND b   ( )
 *                          alternatives, conjunction, grouping.  The
 *                          operators OR, AND, NOT and NEAR are operators only
 *                          in capitals: "or" and "and" are ordinary words.
 *   a NEAR b  a NEAR/5 b   the words within 10 (or 5) words of each other, in
 *                          either order; "a NEAR b NEAR/3 c" keeps all three
 *                          within the largest distance given.  Each side is
 *                          a word or a "phrase".
 *   title:word  title:"a phrase"
 *                          words of the essay's title
 *   author:name  author:"first last"
 *                          essays by that author (a filter: it does not rank)
 *   essay:name             essays whose path, file name, or file name without
 *                          extension begins with 'name' (a file name as typed,
 *                          small, capitalised or each part capitalised; a
 *                          relative path from the working directory)
 *   year:2025  year:2020..2024
 *   date:2025-03  date:2024..2025-06  date:2024..  date:..2025
 *                          essays dated in that month / range; bounds are
 *                          YYYY, YYYY-MM or YYYY-MM-DD and include the whole
 *                          year, month or day they name
 *
 * Precedence, tightest first: NOT and -, NEAR, AND (written or implied by
 * juxtaposition), OR.  A field name unknown here ("foo:bar") is just text.
 * Curly double quotes work like straight ones.
 *
 * Lenient reading.  A match_any query is a question typed or pasted as
 * prose, whose quotes, parentheses and colons are punctuation as often as
 * syntax, so it never fails on them: what cannot be read as syntax is read
 * as words.  An unmatched quote is ignored; an unclosed '(' closes at the
 * end; an unmatched ')' is ignored; an operator with nothing on one side is
 * ignored; NEAR beside something that is not a word or phrase is ignored
 * (its sides are plain operands); 'NEAR/x' with a bad distance, a field
 * with no value or a bad one ("title:", "year:25"), and a bad prefix ("a*",
 * "*") are words.  It still fails on what leaves nothing to search (an
 * empty query, nothing but exclusions) and on parentheses nested too deep.
 * The all-words default stays strict: there, how a query is read decides
 * which paragraphs match at all, so a construct read another way than the
 * user meant would silently change the answer; an error with its column
 * says what to fix.  (search.c reads a query that fails only on its quotes
 * or brackets leniently all the same, and says so.)
 *
 * How it works.  A small lexer cuts the string into operators, parentheses,
 * quoted phrases, fields and words; a recursive-descent parser builds a tree
 * whose nodes remember their byte column (for messages, and so that
 * essay__query_rewrite() can splice corrections into the original text).
 * Chains (a b c, a OR b OR c, a NEAR b NEAR c, NOT NOT a) are parsed with
 * loops into n-ary nodes, so only parentheses recurse, and their depth is
 * capped: no input can exhaust the stack or take more than linear time.
 * Words and phrases go through the index's analyzer, the same one the
 * indexer used, so "Türkiye's" here is what it was there.
 *
 * The tree maps onto the index schema in private.h: words to positional
 * "Z"+stem terms (phrases also to positional "S"+stem title terms), =word to the bare folded term, prefix* to a wildcard over
 * bare terms, title words to "S"+stem, authors to boolean "A" terms, essay
 * names to a wildcard over "P" terms, years to "Y" terms, dates to a range
 * over the ESSAY_SLOT_DATE value.  Filters join the rest with OP_FILTER, so
 * they restrict without changing the ranking; excluded parts join with
 * OP_AND_NOT.  essay__query_build_essays() maps the same tree onto the
 * essay database (essays.c), relaxed to what an essay document can check.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include "private.h"

#define MAX_DEPTH 64                /* parentheses nested deeper are an error */
#define PREFIX_MIN_CHARS 2
#define PREFIX_MAX_EXPANSION 100    /* words a prefix* stands for, most frequent first */
#define NEAR_DEFAULT 10
#define NEAR_MAX 1000
#define EXCERPT_MAX 40              /* bytes of the query quoted in a message */
#define TITLE_WEIGHT 0.5            /* a query word in the essay's title, against one in the text */
#define FORMS_WEIGHT 0.5            /* a word's irregular form, against the word typed */

/* A match_any query leaves English stop words out: they match most
 * paragraphs and only add noise to the ranking (see tests/RELEVANCE.md).
 * All-words queries and phrases keep them. */
static int is_stopword(int english, const char *term)
{
    return english && essay__english_stopword(term);
}

/* ---- the parse tree ------------------------------------------------------ */

/* One token of a word or phrase, as the analyzer gave it. */
typedef struct {
    char *term;             /* folded, unstemmed */
    char *stem;             /* in the first language of the parse (the index's default) */
    char **stems;           /* [n_stems]: in each language of the parse, stems[0] == stem;
                               NULL for a language a lang: filter leaves out; then
                               [n_stems, n_stems + n_variants): the English stems of
                               its other spellings ("color" of "colour"), asked for as
                               the word itself; then [.., + n_forms): the English stems
                               of the irregular forms of the word it is ("went" of
                               "go", "children" of "child"), asked for beside it at
                               FORMS_WEIGHT (word_query()) */
    size_t n_stems, n_variants, n_forms;
    size_t start, end;      /* bytes in the query text */
    unsigned flags;         /* ESSAY_TOKEN_WHOLE */
    unsigned qpos;          /* query position, from 1 */
    int stopword;           /* a common word ("the"): no title bonus, and alone, see node */
} qword;

typedef enum {
    N_WORDS,        /* a bare word or a quoted phrase */
    N_EXACT,        /* =word */
    N_PREFIX,       /* prefix*: words[0].term is the prefix */
    N_TITLE,        /* title:... */
    N_FILTER,       /* author:, essay:, year:, date: */
    N_NEAR,         /* kids: N_WORDS */
    N_AND,          /* kids, some of which may be excluded */
    N_OR,
} node_kind;

typedef enum {
    F_TERMS,        /* all of the boolean terms fterms[] */
    F_WILDCARD,     /* any term beginning with fterms[0] */
    F_RANGE,        /* date value in [fterms[0], fterms[1]]; either may be NULL */
} filter_kind;

typedef struct node node;
struct node {
    node_kind kind;
    size_t start;           /* byte offset of the node in the query */
    int excluded;           /* under NOT or '-': the parent N_AND excludes it */
    int filter_only;        /* restricts without weight: a filter, or a group of them */
    qword *words;           /* N_WORDS, N_EXACT, N_PREFIX, N_TITLE */
    size_t n_words;
    filter_kind fkind;      /* N_FILTER; an author: filter keeps its words as typed in words[] */
    const char *language;   /* N_FILTER of lang: its language (static), else NULL */
    char **fterms;
    size_t n_fterms;
    node **kids;            /* N_NEAR, N_AND, N_OR */
    size_t n_kids, cap_kids;
    int any;                /* N_AND: the weighted kids are ORed (match_any) */
    int stopword;           /* N_WORDS: one common word ("the"), left out of match_any queries */
    int quoted;             /* N_WORDS: typed in quotes, a phrase (of one word, maybe) */
    int as_typed;           /* N_WORDS: a name the stemmer makes another word of, searched
                               by its exact term in paragraphs (essay__query_fit_index()) */
    int rare_form;          /* N_WORDS: a word its stem mostly stands for other words of
                               ("wildness", "civilization"): paragraphs holding it in one of
                               its inflections get a bonus (essay__query_fit_index(),
                               add_bonuses()) */
    xc_query *inflected;    /* N_WORDS, rare_form: the OR of those inflections' terms */
    xc_query *named_essays; /* N_WORDS, excluded: the essays its word names, left out with it
                               (essay__query_exclude_named()) */
    unsigned window;        /* N_NEAR: the n of NEAR/n */
    xc_query *expanded;     /* N_PREFIX: its words in the index searched (essay__query_fit_index()),
                               or NULL: expanded at match time */
};

struct essay_query {
    char *text;             /* a copy of the query, for rewrite */
    size_t len;
    node *root;
    const char *languages[ESSAY_MAX_LANGUAGES]; /* of each stem of a word (static) */
    essay_analyzer *ans[ESSAY_MAX_LANGUAGES];   /* the caller's, each of languages[k]: rewrite
                                                   stems a correction with them */
    size_t n_languages;
    int phrases;            /* it holds a "quoted phrase" (a quote left unmatched does not count) */
    char *joined;           /* of two words, the Z term of them typed as one, when the index
                               holds it ("well being": "wellbeing", "well-being"), else NULL
                               (essay__query_fit_index()) */
    essay_matchset matchset;
    int have_matchset;
};

/* How many stems 'w' has, of every kind: its languages', its variants', its
 * forms'. */
static size_t all_stems(const qword *w)
{
    return w->n_stems + w->n_variants + w->n_forms;
}

/* Free the stems of 'w' but its first (w->stem, which stems[0] shares). */
static void free_stems(qword *w)
{
    for (size_t k = 1; k < all_stems(w); k++)
        free(w->stems[k]);
    free(w->stems);
    w->stems = NULL;
    w->n_stems = 0;
    w->n_variants = 0;
    w->n_forms = 0;
}

static void free_words(qword *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(w[i].term);
        free(w[i].stem);
        free_stems(&w[i]);
    }
    free(w);
}

static void free_node(node *n)
{
    if (n == NULL)
        return;
    free_words(n->words, n->n_words);
    for (size_t i = 0; i < n->n_fterms; i++)
        free(n->fterms[i]);
    free(n->fterms);
    for (size_t i = 0; i < n->n_kids; i++)
        free_node(n->kids[i]);
    free(n->kids);
    xc_query_free(n->expanded);
    xc_query_free(n->inflected);
    xc_query_free(n->named_essays);
    free(n);
}

/* The index just past the word that starts at w[i]: a hyphenated word is its
 * whole (flagged ESSAY_TOKEN_WHOLE) and the parts inside the whole's bytes. */
static size_t next_unit(const qword *w, size_t n, size_t i)
{
    size_t j = i + 1;
    if (w[i].flags & ESSAY_TOKEN_WHOLE)
        while (j < n && !(w[j].flags & ESSAY_TOKEN_WHOLE) && w[j].start >= w[i].start
               && w[j].end <= w[i].end)
            j++;
    return j;
}

/* Whether w[0..n) is one hyphenated word: its whole, then its parts. */
static int is_hyphenated(const qword *w, size_t n)
{
    return n > 1 && (w[0].flags & ESSAY_TOKEN_WHOLE) && next_unit(w, n, 0) == n;
}

/* Whether 'n' has something that is not excluded (only an N_AND can lack it). */
static int has_positive(const node *n)
{
    if (n->kind != N_AND)
        return 1;
    for (size_t i = 0; i < n->n_kids; i++)
        if (!n->kids[i]->excluded)
            return 1;
    return 0;
}

/* Whether 'n' counts towards the ranking of its group. */
static int weighted(const node *n)
{
    return !n->excluded && !n->filter_only;
}

/* ---- the lexer ----------------------------------------------------------- */

typedef enum {
    L_END, L_LPAREN, L_RPAREN, L_MINUS, L_OR, L_AND, L_NOT, L_NEAR,
    L_WORD,         /* text: the word as typed */
    L_PHRASE,       /* text: between the quotes */
    L_FIELD,        /* field:value; text: the value (unquoted) */
} lex_kind;

typedef enum {
    FIELD_TITLE, FIELD_AUTHOR, FIELD_ESSAY, FIELD_YEAR, FIELD_DATE, FIELD_LANGUAGE
} field_name;

static const struct {
    const char *name;
    field_name field;
} fields[] = {
    { "title", FIELD_TITLE }, { "author", FIELD_AUTHOR }, { "essay", FIELD_ESSAY },
    { "year", FIELD_YEAR },   { "date", FIELD_DATE },
    { "lang", FIELD_LANGUAGE }, { "language", FIELD_LANGUAGE },
};

typedef struct {
    lex_kind kind;
    size_t start, end;      /* the lexeme's bytes */
    size_t text, text_len;  /* L_WORD, L_PHRASE, L_FIELD */
    field_name field;       /* L_FIELD */
    unsigned window;        /* L_NEAR */
} lexeme;

typedef struct {
    essay_analyzer *const *ans; /* the languages a word is stemmed in, the index's default first */
    size_t n_ans;
    int english;            /* one of them is English: its stop words are common words */
    size_t english_k;       /* ans[english_k] is English, when it is */
    const char *s;
    size_t len, pos;        /* the query; the next byte to lex */
    lexeme la;              /* the lookahead */
    int after_minus;        /* the last lexeme was '-': no operators now */
    int shouting;           /* -1 until an operator is lexed; then shouts() of the query */
    int match_any;
    int and_binds;          /* match_any: an explicit "a AND b" still requires both */
    int lenient;            /* read what is not syntax as words (match_any) */
    unsigned open;          /* '(' lexed and not yet closed */
    unsigned qpos;          /* query positions handed out */
    unsigned terms;         /* words and filters, against ESSAY_QUERY_MAX_WORDS */
    int phrases;            /* a "quoted phrase" was read */
    int fitting;            /* essay__query_fit(): where the word limit is passed */
    size_t operand;         /* where the operand being parsed starts (its NOT or '-' too) */
    unsigned operand_terms; /* the terms counted before it */
    size_t cut;             /* fitting: 'operand' when the limit was passed, else SIZE_MAX */
    unsigned cut_terms;     /* fitting: 'operand_terms' then */
    essay_status status;    /* the first failure; parsing stops at it */
    char **err;
} parser;

static void out_of_memory(parser *p)
{
    if (p->status == ESSAY_OK)
        p->status = essay__fail(p->err, ESSAY_NOMEM, "out of memory");
}

/* Fail with "column N: <message>", N counted in bytes from 1. */
__attribute__((format(printf, 3, 4)))
static void fail(parser *p, size_t offset, const char *fmt, ...)
{
    if (p->status != ESSAY_OK)
        return;
    char *what;
    va_list ap;
    va_start(ap, fmt);
    int r = vasprintf(&what, fmt, ap);
    va_end(ap);
    if (r < 0) {
        out_of_memory(p);
        return;
    }
    p->status = essay__fail(p->err, ESSAY_BAD_QUERY, "column %zu: %s", offset + 1, what);
    free(what);
}

/* What the node 'x', which NEAR cannot take, is, for the message. */
static const char *not_near_operand(const node *x)
{
    if (x->excluded)
        return "an excluded word";
    switch (x->kind) {
    case N_PREFIX: return "a prefix";
    case N_EXACT:  return "an exact word (=)";
    case N_TITLE:
    case N_FILTER: return "a field";
    default:       return "a group";
    }
}

/* The query bytes [start, end) for a message, in 'buf': at most EXCERPT_MAX
 * bytes cut at a character boundary, with control characters and invalid
 * UTF-8 shown as '?' so that a message cannot play tricks on a terminal. */
static const char *excerpt(const parser *p, size_t start, size_t end,
                           char buf[EXCERPT_MAX + 4])
{
    size_t o = 0;
    for (size_t i = start; i < end;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p->s + i,
                                              (utf8proc_ssize_t)(end - i), &cp);
        if (k <= 0) {
            k = 1;
            cp = -1;
        }
        if (o + (size_t)k > EXCERPT_MAX) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            buf[o++] = '?';
        else {
            memcpy(buf + o, p->s + i, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)k;
    }
    buf[o] = '\0';
    return buf;
}

/* ---- limits: what one query may cost ------------------------------------ *
 *
 * The limits in essay.h are far past what a person types (a question is a
 * dozen words, a pasted paragraph a few hundred, a NEAR a handful of words)
 * and hold the worst query they allow to about a second over the 15,000
 * paragraphs of the Brown corpus: 1000 words of "the" take 0.7 s, a NEAR of
 * 32 of them 0.5 s, ten prefixes of 100 words each 0.1 s (without limits,
 * 10,000 words of "the" took 32 s, a NEAR of 1000 of them 28 s, 1000
 * essay: filters of 1500 names each 32 s and 350 MB).  The query's bytes
 * are checked before anything is made of them, the words as they are
 * analysed, NEAR groups as they grow; the expansions of prefixes and essay:
 * names need the index: essay__query_check_expansion(). */

/* Whether the query's text is within ESSAY_QUERY_MAX_BYTES. */
static int within_bytes(parser *p)
{
    if (p->len <= ESSAY_QUERY_MAX_BYTES)
        return 1;
    fail(p, ESSAY_QUERY_MAX_BYTES, "the query is longer than %d bytes (%d KB), the most one "
         "may be", ESSAY_QUERY_MAX_BYTES, ESSAY_QUERY_MAX_BYTES / 1024);
    return 0;
}

/* Count a word or a filter at query byte 'at'; 0 past ESSAY_QUERY_MAX_WORDS. */
static int count_term(parser *p, size_t at)
{
    if (++p->terms <= ESSAY_QUERY_MAX_WORDS)
        return 1;
    if (p->fitting && p->cut == SIZE_MAX) {
        p->cut = p->operand;
        p->cut_terms = p->operand_terms;
    }
    fail(p, at, "more than %d words, the most a query may have", ESSAY_QUERY_MAX_WORDS);
    return 0;
}

/* Whether the NEAR group 'near' joins at most ESSAY_QUERY_MAX_NEAR words;
 * 'last' is its newest operand. */
static int near_within_limit(parser *p, const node *near, const node *last)
{
    size_t words = 0;
    for (size_t i = 0; i < near->n_kids; i++)
        words += near->kids[i]->n_words;
    if (words <= ESSAY_QUERY_MAX_NEAR)
        return 1;
    fail(p, last->start, "NEAR joins more than %d words, the most it may", ESSAY_QUERY_MAX_NEAR);
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The length of the double quote (straight, or curly U+201C/U+201D) at
 * s[i] of s[0..len), or 0. */
static size_t quote_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] == '"')
        return 1;
    if (i + 3 <= len && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9C || u[2] == 0x9D))
        return 3;
    return 0;
}

static size_t quote_len(const parser *p, size_t i)
{
    return quote_at(p->s, p->len, i);
}

/* The length of the blank that is no ASCII one at s[i] of s[0..len): a
 * no-break space (U+00A0), the spaces U+2000 to U+200A, a narrow no-break
 * space (U+202F), the medium mathematical space (U+205F) or the
 * ideographic space (U+3000); or 0. */
static size_t wide_blank_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (i + 2 <= len && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (i + 3 > len)
        return 0;
    if (u[0] == 0xE2 && ((u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xAF))
                         || (u[1] == 0x81 && u[2] == 0x9F)))
        return 3;
    return u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
}

/* A copy of 'text' with each run of bytes that at() measures (the length
 * of what is at text[i], or 0) made as many spaces (malloc'd; NULL out of
 * memory). */
static char *spaced_where(const char *text, size_t (*at)(const char *s, size_t len, size_t i))
{
    size_t len = strlen(text);
    char *out = strdup(text);
    for (size_t i = 0, n; out && i < len; i += n ? n : 1)
        if ((n = at(text, len, i)) > 0)
            memset(out + i, ' ', n);
    return out;
}

char *essay__query_blanked(const char *text)
{
    return spaced_where(text, wide_blank_at);
}

char *essay__query_unquoted(const char *text)
{
    return spaced_where(text, quote_at);
}

/* The length of the dash at s[i] of s[0..len) that separates words as a
 * space does, or 0: a figure, en or em dash or a horizontal bar (U+2012 to
 * U+2015), a two- or three-em dash (U+2E3A, U+2E3B), or a run of two or more
 * ASCII hyphens ("Emerson--self-reliance", as typewritten text and
 * Gutenberg write an em dash).  The analyzer cuts a word at them too, but a
 * word of the query cut in several is a phrase: pasted prose
 * ("Emerson—self-reliance") would find nothing.  A hyphen (- U+2010 U+2011)
 * stays inside its word ("values-based"). */
static size_t dash_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (i + 3 <= len && u[0] == 0xE2
        && ((u[1] == 0x80 && u[2] >= 0x92 && u[2] <= 0x95)
            || (u[1] == 0xB8 && (u[2] == 0xBA || u[2] == 0xBB))))
        return 3;
    size_t n = 0;
    while (i + n < len && s[i + n] == '-')
        n++;
    return n >= 2 ? n : 0;
}

/* The length of the dash separating words at p->s[i] where a lexeme would
 * start (dash_at()), or 0.  There a run of hyphens separates only after a
 * word ("a--b": the word before it ended there) or before a blank or the
 * end ("a -- b"): "--b" after a blank keeps its meaning, the word "-b"
 * excluded. */
static size_t separating_dash(const parser *p, size_t i)
{
    size_t n = dash_at(p->s, p->len, i);
    if (n == 0 || p->s[i] != '-' || i + n == p->len || is_space(p->s[i + n]))
        return n;
    return i > 0 && !is_space(p->s[i - 1]) ? n : 0;
}

/* Whether p->s[i] ends a word; with 'dashes', a dash separating words
 * (dash_at()) does too. */
static int ends_word(const parser *p, size_t i, int dashes)
{
    char c = p->s[i];
    return is_space(c) || c == '(' || c == ')' || quote_len(p, i) > 0
           || (dashes && dash_at(p->s, p->len, i) > 0);
}

/* Where the word that starts at 'start' ends; its first byte is in it
 * (a run of hyphens beginning a word, "--b", is not a separator there). */
static size_t word_end(const parser *p, size_t start, int dashes)
{
    size_t e = start + 1;
    while (e < p->len && !ends_word(p, e, dashes))
        e++;
    return e;
}

/* The offset of the quote closing the one at 'open', or SIZE_MAX. */
static size_t closing_quote(const parser *p, size_t open)
{
    for (size_t i = open + quote_len(p, open); i < p->len; i++)
        if (quote_len(p, i))
            return i;
    return SIZE_MAX;
}

/* The quoted text whose opening quote is at 'open' into lx->text/text_len;
 * lx->end just past the closing quote. */
static int lex_quoted(parser *p, size_t open, lexeme *lx)
{
    size_t close = closing_quote(p, open);
    if (close == SIZE_MAX) {
        fail(p, open, "unbalanced quote");
        return -1;
    }
    lx->text = open + quote_len(p, open);
    lx->text_len = close - lx->text;
    lx->end = close + quote_len(p, close);
    return 0;
}

/* Read the lexeme 'lx' as a word after all (lenient reading). */
static void as_word(lexeme *lx)
{
    lx->kind = L_WORD;
    lx->text = lx->start;
    lx->text_len = lx->end - lx->start;
}

static void lex_near(parser *p, lexeme *lx)
{
    const char *w = p->s + lx->start;
    size_t n = lx->end - lx->start;
    lx->kind = L_NEAR;
    lx->window = NEAR_DEFAULT;
    if (n == 4)
        return;
    size_t digits = n - 5;
    int ok = digits >= 1 && digits <= 4;
    unsigned window = 0;
    for (size_t i = 5; ok && i < n; i++) {
        ok = w[i] >= '0' && w[i] <= '9';
        window = window * 10 + (unsigned)(w[i] - '0');
    }
    if (!ok || window < 1 || window > NEAR_MAX) {
        if (p->lenient) {
            as_word(lx);
            return;
        }
        char shown[EXCERPT_MAX + 4];
        fail(p, lx->start, "'%s' needs a distance from 1 to %d",
             excerpt(p, lx->start, lx->end, shown), NEAR_MAX);
        return;
    }
    lx->window = window;
}

/* 'name:value' where 'name' (name_len bytes) is a known field. */
static int known_field(const char *name, size_t name_len, field_name *field)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i].name) == name_len && strncasecmp(fields[i].name, name, name_len) == 0) {
            *field = fields[i].field;
            return 1;
        }
    return 0;
}

/* Whether the byte 'c' may be of a word: a letter or digit, or a byte of a
 * character that is not ASCII. */
static int word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || (unsigned char)c >= 0x80;
}

int essay__query_field_name(const char *text, size_t colon)
{
    size_t name = colon;
    field_name field;
    while (name > 0 && word_byte(text[name - 1]))
        name--;
    return known_field(text + name, colon - name, &field);
}

char *essay__query_apart(const char *text)
{
    char *out = essay__query_unquoted(text);
    size_t len = out ? strlen(out) : 0;
    int in_field = 0;       /* in a field's value, which stays as typed */
    for (size_t i = 1; i + 1 < len; i++) {
        char c = out[i];
        in_field &= !is_space(c);
        if (in_field || !word_byte(out[i - 1]) || !word_byte(out[i + 1]))
            continue;
        size_t name = i;
        field_name field;
        while (name > 0 && word_byte(out[name - 1]))
            name--;
        if (c == ':' && known_field(out + name, i - name, &field))
            in_field = 1;
        else if (c == '-' || c == '/' || c == ':'
                 || (c == '.' && !(out[i - 1] >= '0' && out[i - 1] <= '9'
                                   && out[i + 1] >= '0' && out[i + 1] <= '9')))
            out[i] = ' ';
    }
    return out;
}

static int known_field(const char *name, size_t name_len, field_name *field);

/* The operator the word w[0..n) is (L_OR, L_AND, L_NOT, L_NEAR: "NEAR" or
 * "NEAR/n"), or L_WORD. */
static lex_kind operator_kind(const char *w, size_t n)
{
    if (n == 2 && memcmp(w, "OR", 2) == 0)
        return L_OR;
    if (n == 3 && memcmp(w, "AND", 3) == 0)
        return L_AND;
    if (n == 3 && memcmp(w, "NOT", 3) == 0)
        return L_NOT;
    if (n >= 4 && memcmp(w, "NEAR", 4) == 0 && (n == 4 || w[4] == '/'))
        return L_NEAR;
    return L_WORD;
}

/* Whether the word or quote at 'at', after a field's colon and blanks, is
 * the field's value: a word that is no operator, exclusion or field
 * ("author: year:1900" is no author), or a closed quote that holds
 * something; if so, into lx->text/text_len, lx->end past it. */
static int value_after_blank(parser *p, size_t at, lexeme *lx)
{
    if (quote_len(p, at) > 0) {
        size_t close = closing_quote(p, at);
        if (close == SIZE_MAX || close == at + quote_len(p, at))
            return 0;
        return lex_quoted(p, at, lx) == 0;
    }
    if (ends_word(p, at, 0) || p->s[at] == '-')
        return 0;
    size_t end = word_end(p, at, 0), n = end - at;
    const char *w = p->s + at, *colon = memchr(w, ':', n);
    field_name field;
    if (operator_kind(w, n) != L_WORD
        || (colon != NULL && known_field(w, (size_t)(colon - w), &field)))
        return 0;
    lx->text = at;
    lx->end = end;
    lx->text_len = n;
    return 1;
}

/* The field lexeme 'lx' (its name ends at 'colon'): its value follows the
 * colon directly, or is the quoted text right after it, or, after blanks
 * as people type ("author: chesterton", "title: \"the republic\""), the
 * word or quoted text that comes next.  Lenient, a field without a value
 * is a word (the quote after it is lexed next). */
static void lex_field(parser *p, lexeme *lx, size_t colon)
{
    lx->kind = L_FIELD;
    lx->text = colon + 1;
    lx->text_len = lx->end - lx->text;
    if (lx->text_len > 0)
        return;
    size_t next = lx->end;
    while (next < p->len && is_space(p->s[next]))
        next++;
    if (next > lx->end && next < p->len && value_after_blank(p, next, lx))
        return;
    size_t quote = lx->end < p->len ? quote_len(p, lx->end) : 0;
    if (p->lenient) {
        size_t close = quote ? closing_quote(p, lx->end) : SIZE_MAX;
        if (close == SIZE_MAX || close == lx->end + quote) {
            as_word(lx);
            return;
        }
    }
    if (quote) {
        if (lex_quoted(p, lx->end, lx) != 0 || lx->text_len > 0)
            return;
    }
    char shown[EXCERPT_MAX + 4];
    const char *field = excerpt(p, lx->start, colon + 1, shown);
    if (next < p->len && p->s[next] == '(')
        fail(p, lx->start, "'%s' takes one word or a \"quoted phrase\", not brackets: "
             "write %sWORD OR %sWORD", field, field, field);
    else
        fail(p, lx->start, "'%s' needs a value", field);
}

/* Whether s[0..len) has capitals and no small letter, in any script: a
 * query in capitals ("войнв" is not; bytes that are no UTF-8 end it). */
static int in_capitals(const char *s, size_t len)
{
    int capitals = 0;
    utf8proc_int32_t c;
    for (size_t i = 0; i < len;) {
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0)
            break;
        if (utf8proc_islower(c))
            return 0;
        capitals |= utf8proc_isupper(c);
        i += (size_t)n;
    }
    return capitals;
}

/* Whether the query s[0..len) is in capitals and holds an English stop
 * word besides the operators ("UKRAINE IS NOT JUST A BATTLEFIELD", a title
 * pasted as a book prints it): a title or a sentence, whose AND, OR, NOT
 * and NEAR are words.  "WALDEN OR THOREAU" keeps its operator, and so does
 * a query written in the query language's other syntax, brackets, quotes,
 * NEAR/n or a field ("(NATO OR EU) AND THE GUARANTEES").  (A correction of
 * such a query is written in capitals: emit_in_case().) */
static int shouts(const char *s, size_t len)
{
    if (!in_capitals(s, len) || memchr(s, '(', len) || memchr(s, ')', len)
        || memchr(s, '"', len) || memchr(s, '/', len))
        return 0;
    int common = 0;
    field_name field;
    for (size_t i = 0; i < len;) {
        if (!(s[i] >= 'A' && s[i] <= 'Z')) {
            i++;
            continue;
        }
        char word[16];
        size_t n = 0, start = i;
        for (; i < len && ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '\''); i++)
            if (n + 1 < sizeof word)
                word[n++] = (char)(s[i] == '\'' ? s[i] : s[i] - 'A' + 'a');
        word[n] = '\0';
        if (i < len && s[i] == ':' && known_field(s + start, i - start, &field))
            return 0;
        common |= strcmp(word, "and") != 0 && strcmp(word, "or") != 0
                  && strcmp(word, "not") != 0 && essay__english_stopword(word);
    }
    return common;
}

static void lex_word(parser *p, lexeme *lx, int operators)
{
    size_t e = word_end(p, lx->start, 1);
    lx->end = e;
    lx->text = lx->start;
    lx->text_len = e - lx->start;
    const char *w = p->s + lx->start;
    size_t n = lx->text_len;
    if (operators && p->shouting < 0)
        p->shouting = shouts(p->s, p->len);
    if (operators && !p->shouting) {
        lex_kind op = operator_kind(w, n);
        if (op == L_NEAR) {
            lex_near(p, lx);
            return;
        }
        if (op != L_WORD) {
            lx->kind = op;
            return;
        }
    }
    const char *colon = memchr(w, ':', n);
    if (colon && known_field(w, (size_t)(colon - w), &lx->field)) {
        /* a field's value runs to a blank, dashes and all, as a quoted
           phrase's does: "year:1850–1860" is refused, not read as year:1850
           and the word 1860 */
        lx->end = word_end(p, lx->start, 0);
        lex_field(p, lx, lx->start + (size_t)(colon - w));
        return;
    }
    lx->kind = L_WORD;
}

/* Lex the next lexeme into p->la (L_END on a failure). */
static void advance(parser *p)
{
    lexeme *lx = &p->la;
    int operators = !p->after_minus;
    p->after_minus = 0;
    for (;;) {
        for (size_t dash; p->pos < p->len; p->pos += dash ? dash : 1)
            if ((dash = separating_dash(p, p->pos)) == 0 && !is_space(p->s[p->pos]))
                break;
        if (!p->lenient || p->pos == p->len)
            break;
        /* lenient: an unmatched ')' or quote is skipped */
        if (p->s[p->pos] == ')' && p->open == 0)
            p->pos++;
        else if (quote_len(p, p->pos) && closing_quote(p, p->pos) == SIZE_MAX)
            p->pos += quote_len(p, p->pos);
        else
            break;
    }
    memset(lx, 0, sizeof *lx);
    lx->start = lx->end = p->pos;
    if (p->pos == p->len) {
        lx->kind = L_END;
        return;
    }
    char c = p->s[p->pos];
    if (c == '(') {
        lx->kind = L_LPAREN;
        lx->end = p->pos + 1;
        p->open++;
    } else if (c == ')') {
        lx->kind = L_RPAREN;
        lx->end = p->pos + 1;
        if (p->open > 0)
            p->open--;
    } else if (quote_len(p, p->pos)) {
        lx->kind = L_PHRASE;
        lex_quoted(p, p->pos, lx);
    } else if (c == '-' && operators && p->pos + 1 < p->len && !is_space(p->s[p->pos + 1])
               && p->s[p->pos + 1] != ')') {
        /* '-' directly before something excludes it; after it, '-', OR and
         * friends are plain text ("-OR" excludes the word "or"). */
        lx->kind = L_MINUS;
        lx->end = p->pos + 1;
        p->after_minus = 1;
    } else
        lex_word(p, lx, operators);
    if (p->status != ESSAY_OK)
        lx->kind = L_END;
    p->pos = lx->end;
}

size_t essay__query_filters(const char *text, essay_query_filter *out, size_t max)
{
    parser p = { .s = text, .len = strlen(text), .shouting = -1, .cut = SIZE_MAX,
                 .status = ESSAY_OK };
    size_t n = 0;
    lex_kind before = L_END;
    for (advance(&p); p.la.kind != L_END && n < max; before = p.la.kind, advance(&p)) {
        const lexeme *lx = &p.la;
        if (lx->kind == L_FIELD && (lx->field == FIELD_AUTHOR || lx->field == FIELD_YEAR
                                    || lx->field == FIELD_DATE))
            out[n++] = (essay_query_filter){
                .author = lx->field == FIELD_AUTHOR, .year = lx->field == FIELD_YEAR,
                .excluded = before == L_MINUS || before == L_NOT,
                .start = lx->start, .end = lx->end, .value = lx->text, .value_len = lx->text_len };
    }
    return p.status == ESSAY_OK ? n : 0;
}

static int starts_operand(lex_kind k)
{
    return k == L_WORD || k == L_PHRASE || k == L_FIELD || k == L_LPAREN || k == L_MINUS
           || k == L_NOT;
}

/* ---- leaves: words, phrases, fields -------------------------------------- */

typedef struct {
    parser *p;
    size_t base;            /* offset of the analysed text in the query */
    qword *v;
    size_t n, cap;
    int nomem;
} word_list;

/* Whether w->stems[k] is one of w->stems[0..k): a stem already asked for. */
static int stem_seen(const qword *w, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (w->stems[j] != NULL && strcmp(w->stems[j], w->stems[k]) == 0)
            return 1;
    return 0;
}

/* Give the word 'w' the English stems of the words[0..n) that are not
 * among its stems yet, after them, counting them in *count (w->n_variants
 * or w->n_forms, the last stems 'w' has).  0, or -1 when out of memory. */
static int add_english_stems(const parser *p, qword *w, const char *const *words, size_t n,
                             size_t *count)
{
    for (size_t i = 0; i < n; i++) {
        size_t len, k = all_stems(w);
        const char *stem = essay__analyzer_stem_term(p->ans[p->english_k], words[i],
                                                     strlen(words[i]), &len);
        if (stem == NULL || (w->stems[k] = strndup(stem, len)) == NULL)
            return -1;
        if (stem_seen(w, k)) {
            free(w->stems[k]);
            w->stems[k] = NULL;
        } else {
            (*count)++;
        }
    }
    return 0;
}

/* Give the word 'w' (its language stems made, no forms yet) the English
 * stems of its other spellings (essay__spelling_variants()).  0, or -1 when
 * out of memory. */
static int add_variants(const parser *p, qword *w)
{
    const char *variants[ESSAY_SPELLING_VARIANTS_MAX];
    size_t n = essay__spelling_variants(w->term, variants, ESSAY_SPELLING_VARIANTS_MAX);
    return add_english_stems(p, w, variants, n, &w->n_variants);
}

/* Give the word 'w' (its language stems and variants made) the English
 * stems of its irregular forms (essay__word_forms()).  0, or -1 when out
 * of memory. */
static int add_word_forms(const parser *p, qword *w)
{
    const char *forms[ESSAY_WORD_FORMS_MAX];
    char *made = malloc(strlen(w->term) + 1);
    if (made == NULL)
        return -1;
    size_t n = essay__word_forms(w->term, forms, ESSAY_WORD_FORMS_MAX, made);
    int failed = add_english_stems(p, w, forms, n, &w->n_forms);
    free(made);
    return failed;
}

/* Give the word 'w' (its irregular forms made) the English stem of an
 * ordinal's other spelling ("9th" of "ninth", "21st" of the whole of
 * "twenty-first": essay__ordinal_other()) as a form of it: the figures are
 * another use as often ("September 9th").  0, or -1 when out of memory. */
static int add_ordinal(const parser *p, qword *w)
{
    char other[ESSAY_ORDINAL_MAX];
    const char *forms[1] = { other };
    return essay__ordinal_other(w->term, other) ? add_english_stems(p, w, forms, 1, &w->n_forms)
                                                : 0;
}

/* Give the word 'w', a number after a word that numbers sections and is no
 * common word ('before': "chapter 3", "book iv"; not "no 10"), the English
 * stem of its other spelling, in roman numerals or in figures
 * (essay__numeral_other()), as a variant, before its others: old books
 * head their chapters "CHAPTER III.", and a reader types "chapter 3".  0,
 * or -1 when out of memory. */
static int add_numeral(const parser *p, const qword *before, qword *w)
{
    char other[ESSAY_ORDINAL_MAX];
    const char *variants[1] = { other };
    return !(before->flags & ESSAY_TOKEN_WHOLE) && !(w->flags & ESSAY_TOKEN_WHOLE)
                   && !before->stopword && essay__numbers_sections(before->term)
                   && essay__numeral_other(w->term, other)
               ? add_english_stems(p, w, variants, 1, &w->n_variants) : 0;
}

/* Whether the word 'w' of 'n' is a part of a hyphenated word of it
 * ("first" of "twenty-first"): within the span of its whole. */
static int part_of_whole(const node *n, const qword *w)
{
    for (const qword *v = n->words; v < w; v++)
        if ((v->flags & ESSAY_TOKEN_WHOLE) && w->start >= v->start && w->end <= v->end)
            return 1;
    return 0;
}

static int collect_word(const essay_token *t, void *ctx)
{
    word_list *wl = ctx;
    if (!count_term(wl->p, wl->base + t->start))
        return 1;
    if (wl->n == wl->cap) {
        size_t cap = wl->cap ? 2 * wl->cap : 4;
        qword *v = realloc(wl->v, cap * sizeof *v);
        if (v == NULL) {
            wl->nomem = 1;
            return 1;
        }
        wl->v = v;
        wl->cap = cap;
    }
    qword *w = &wl->v[wl->n];
    w->term = strndup(t->term, t->term_len);
    w->stem = strndup(t->stem, t->stem_len);
    /* its languages', its variants and a numeral's (add_numeral()), its forms
       and an ordinal's (add_ordinal()) */
    w->stems = calloc(wl->p->n_ans + ESSAY_SPELLING_VARIANTS_MAX + ESSAY_WORD_FORMS_MAX + 2,
                      sizeof *w->stems);
    w->n_stems = w->stems ? wl->p->n_ans : 0;
    w->n_variants = 0;
    w->n_forms = 0;
    int nomem = w->term == NULL || w->stem == NULL || w->stems == NULL;
    if (!nomem)
        w->stems[0] = w->stem;
    for (size_t k = 1; !nomem && k < w->n_stems; k++) {
        size_t len;
        const char *stem = essay__analyzer_stem_term(wl->p->ans[k], t->term, t->term_len, &len);
        nomem = stem == NULL || (w->stems[k] = strndup(stem, len)) == NULL;
    }
    if (nomem) {
        free(w->term);
        free(w->stem);
        free_stems(w);
        wl->nomem = 1;
        return 1;
    }
    w->start = wl->base + t->start;
    w->end = wl->base + t->end;
    w->flags = t->flags;
    w->qpos = ++wl->p->qpos;
    w->stopword = is_stopword(wl->p->english, w->term);
    wl->n++;
    return 0;
}

/* A node of 'kind' holding the words of the query bytes [off, off+len);
 * NULL when they hold no word (punctuation vanishes) or on failure. */
static node *words_node(parser *p, node_kind kind, size_t start, size_t off, size_t len)
{
    word_list wl = { .p = p, .base = off };
    essay_status st = essay_analyze(p->ans[0], p->s + off, len, collect_word, &wl);
    node *n = NULL;
    if (st != ESSAY_OK || wl.nomem)
        out_of_memory(p);
    else if (p->status == ESSAY_OK && wl.n > 0 && (n = calloc(1, sizeof *n)) == NULL)
        out_of_memory(p);
    if (n == NULL) {
        free_words(wl.v, wl.n);
        return NULL;
    }
    n->kind = kind;
    n->start = start;
    n->words = wl.v;
    n->n_words = wl.n;
    n->stopword = kind == N_WORDS && wl.n == 1 && wl.v[0].stopword;
    return n;
}

/* prefix* (the prefix is the query bytes [off, off+len)); lenient, a bad
 * prefix is its words. */
static node *prefix_node(parser *p, const lexeme *lx, size_t off, size_t len)
{
    unsigned qpos = p->qpos;
    node *n = words_node(p, N_PREFIX, lx->start, off, len);
    if (p->status != ESSAY_OK)
        return NULL;
    if (p->lenient && (n == NULL || next_unit(n->words, n->n_words, 0) < n->n_words
                       || essay__utf8_chars(n->words[0].term, strlen(n->words[0].term))
                              < PREFIX_MIN_CHARS)) {
        free_node(n);
        p->qpos = qpos;
        return words_node(p, N_WORDS, lx->start, off, len);
    }
    char shown[EXCERPT_MAX + 4];
    if (n != NULL && next_unit(n->words, n->n_words, 0) < n->n_words)
        fail(p, lx->start, "prefix '%s' is more than one word",
             excerpt(p, lx->start, lx->end, shown));
    else if (n == NULL
             || essay__utf8_chars(n->words[0].term, strlen(n->words[0].term)) < PREFIX_MIN_CHARS)
        fail(p, lx->start, "prefix '%s' is too short: write at least %d letters before the *",
             excerpt(p, lx->start, lx->end, shown), PREFIX_MIN_CHARS);
    if (p->status != ESSAY_OK) {
        free_node(n);
        return NULL;
    }
    return n;
}

/* A bare word: =exact, prefix*, or an ordinary word. */
static node *word_node(parser *p, const lexeme *lx)
{
    size_t off = lx->text, len = lx->text_len;
    int exact = len > 1 && p->s[off] == '=';
    if (exact) {
        off++;
        len--;
    }
    if (len > 0 && p->s[off + len - 1] == '*') {
        while (len > 0 && p->s[off + len - 1] == '*')
            len--;
        return prefix_node(p, lx, off, len);
    }
    return words_node(p, exact ? N_EXACT : N_WORDS, lx->start, off, len);
}

static node *filter_node(parser *p, size_t start, filter_kind fkind, size_t n_fterms)
{
    if (!count_term(p, start))
        return NULL;
    node *n = calloc(1, sizeof *n);
    char **fterms = calloc(n_fterms, sizeof *fterms);
    if (n == NULL || fterms == NULL) {
        free(n);
        free(fterms);
        out_of_memory(p);
        return NULL;
    }
    n->kind = N_FILTER;
    n->start = start;
    n->filter_only = 1;
    n->fkind = fkind;
    n->fterms = fterms;
    n->n_fterms = n_fterms;
    return n;
}

/* 'prefix' followed by the 'len' bytes at 's', malloc'd. */
static char *prefixed(const char *prefix, const char *s, size_t len)
{
    size_t plen = strlen(prefix);
    char *t = malloc(plen + len + 1);
    if (t != NULL) {
        memcpy(t, prefix, plen);
        memcpy(t + plen, s, len);
        t[plen + len] = '\0';
    }
    return t;
}

/* author:name -- every word of the name, as an "A" term. */
static node *author_node(parser *p, const lexeme *lx)
{
    node *words = words_node(p, N_WORDS, lx->start, lx->text, lx->text_len);
    if (words == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < words->n_words; i++)
        n += !(words->words[i].flags & ESSAY_TOKEN_WHOLE);
    node *f = filter_node(p, lx->start, F_TERMS, n);
    for (size_t i = 0, j = 0; f != NULL && i < words->n_words; i++) {
        if (words->words[i].flags & ESSAY_TOKEN_WHOLE)
            continue;
        const char *term = words->words[i].term;
        if ((f->fterms[j++] = prefixed(ESSAY_PREFIX_AUTHOR, term, strlen(term))) == NULL) {
            free_node(f);
            f = NULL;
            out_of_memory(p);
        }
    }
    if (f != NULL) {            /* the words as typed, for "did you mean" */
        f->words = words->words;
        f->n_words = words->n_words;
        words->words = NULL;
        words->n_words = 0;
    }
    free_node(words);
    return f;
}

/* The name of essay:name as the index may hold it, in 'forms' (malloc'd,
 * with ESSAY_PREFIX_PATH): a path with a slash, made absolute as the
 * indexer made the paths it read (the paths the hits show are relative to
 * the working directory); a file name as typed, in small letters, with a
 * capital, and with a capital to each part (file names are written every
 * way: "kuleba-what-ukraine-needs.txt", "Irving-Washington__..."), each
 * once.  How many; 0 when out of memory. */
#define ESSAY_NAME_FORMS 4
static size_t essay_name_forms(const char *s, size_t len, char *forms[ESSAY_NAME_FORMS])
{
    char *typed = malloc(len + 1);      /* a NUL byte may be inside: len bytes */
    size_t n = 0;
    if (typed == NULL)
        return 0;
    memcpy(typed, s, len);
    typed[len] = '\0';
    if (memchr(typed, '/', len) != NULL) {
        char *abs = typed[0] == '/' ? NULL : essay__absolute_path(typed);
        forms[n++] = prefixed(ESSAY_PREFIX_PATH, abs ? abs : typed, strlen(abs ? abs : typed));
        free(abs);
    } else {
        forms[n++] = prefixed(ESSAY_PREFIX_PATH, typed, len);
        for (size_t i = 0; i < len; i++)
            typed[i] = (char)tolower((unsigned char)typed[i]);
        for (int capitals = 0; capitals < 3; capitals++) {
            /* 0: none; 1: the first letter; 2: the first of each part */
            for (size_t i = 0; i < len && capitals > 0; i++)
                if (i == 0 || (capitals == 2 && !isalnum((unsigned char)typed[i - 1])))
                    typed[i] = (char)toupper((unsigned char)typed[i]);
            int seen = 0;
            for (size_t k = 0; k < n; k++)
                seen |= forms[k] && memcmp(forms[k] + strlen(ESSAY_PREFIX_PATH), typed, len) == 0;
            if (!seen)
                forms[n++] = prefixed(ESSAY_PREFIX_PATH, typed, len);
        }
    }
    free(typed);
    for (size_t i = 0; i < n; i++)
        if (forms[i] == NULL) {
            for (size_t k = 0; k < n; k++)
                free(forms[k]);
            return 0;
        }
    return n;
}

/* essay:name -- any "P" term beginning with the name (essay_name_forms()). */
static node *essay_node(parser *p, const lexeme *lx)
{
    char *forms[ESSAY_NAME_FORMS];
    size_t n = essay_name_forms(p->s + lx->text, lx->text_len, forms);
    node *f = n ? filter_node(p, lx->start, F_WILDCARD, n) : NULL;
    if (f == NULL) {
        for (size_t i = 0; i < n; i++)
            free(forms[i]);
        if (n == 0)
            out_of_memory(p);
        return NULL;
    }
    memcpy(f->fterms, forms, n * sizeof *forms);
    return f;
}

/* Whether s[0..n) is YYYY, YYYY-MM or YYYY-MM-DD (only YYYY if years_only). */
static int valid_date(const char *s, size_t n, int years_only)
{
    if (n != 4 && (years_only || (n != 7 && n != 10)))
        return 0;
    for (size_t i = 0; i < n; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    }
    int month = n >= 7 ? (s[5] - '0') * 10 + (s[6] - '0') : 1;
    int day = n == 10 ? (s[8] - '0') * 10 + (s[9] - '0') : 1;
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* date:LO..HI, date:LO.., date:..HI, date:D (year: likewise with years only,
 * but a single year is its "Y" term).  A date value lies in the range when
 * LO <= value <= HI followed by "\xff", so HI includes all of its year,
 * month or day. */
static node *date_node(parser *p, const lexeme *lx, int years_only)
{
    const char *v = p->s + lx->text;
    size_t n = lx->text_len;
    const char *dots = memmem(v, n, "..", 2);
    const char *lo = v, *hi = v;
    size_t lo_len = n, hi_len = n;
    if (dots != NULL) {
        lo_len = (size_t)(dots - v);
        hi = dots + 2;
        hi_len = n - lo_len - 2;
    }
    char shown[EXCERPT_MAX + 4];
    int bad = (lo_len == 0 && hi_len == 0) || (lo_len > 0 && !valid_date(lo, lo_len, years_only))
              || (hi_len > 0 && !valid_date(hi, hi_len, years_only));
    /* HI includes all of its year or month: only a LO after that is backwards */
    int backwards = !bad && lo_len && hi_len
                    && memcmp(lo, hi, lo_len < hi_len ? lo_len : hi_len) > 0;
    if ((bad || backwards) && p->lenient)
        return words_node(p, N_WORDS, lx->start, lx->start, lx->end - lx->start);
    if (bad || backwards) {
        if (backwards)
            fail(p, lx->start, "date range '%s' ends before it starts",
                 excerpt(p, lx->start, lx->end, shown));
        else if (years_only)
            fail(p, lx->start, "bad year '%s' (use YYYY or YYYY..YYYY)",
                 excerpt(p, lx->start, lx->end, shown));
        else
            fail(p, lx->start, "bad date range '%s' (use YYYY[-MM[-DD]], or two joined by ..)",
                 excerpt(p, lx->start, lx->end, shown));
        return NULL;
    }
    node *f;
    if (years_only && dots == NULL) {
        f = filter_node(p, lx->start, F_TERMS, 1);
        if (f != NULL && (f->fterms[0] = prefixed(ESSAY_PREFIX_YEAR, v, n)) == NULL)
            goto nomem;
        return f;
    }
    f = filter_node(p, lx->start, F_RANGE, 2);
    if (f == NULL)
        return NULL;
    if (lo_len && (f->fterms[0] = prefixed("", lo, lo_len)) == NULL)
        goto nomem;
    if (hi_len) {
        char *end = malloc(hi_len + 2);
        if (end == NULL)
            goto nomem;
        memcpy(end, hi, hi_len);
        end[hi_len] = '\xff';
        end[hi_len + 1] = '\0';
        f->fterms[1] = end;
    }
    return f;
nomem:
    free_node(f);
    out_of_memory(p);
    return NULL;
}

/* lang:NAME, language:NAME -- essays in that language (a name or an ISO
 * 639-1 code), by the "L" term of each paragraph. */
static node *language_node(parser *p, const lexeme *lx)
{
    char name[32], shown[EXCERPT_MAX + 4];
    const char *language = NULL;
    if (lx->text_len < sizeof name) {
        memcpy(name, p->s + lx->text, lx->text_len);
        name[lx->text_len] = '\0';
        language = essay_language_name(name);
    }
    if (language == NULL && p->lenient)
        return words_node(p, N_WORDS, lx->start, lx->start, lx->end - lx->start);
    if (language == NULL) {
        fail(p, lx->start, "unknown language '%s' (give its name or two-letter code: french, fr)",
             excerpt(p, lx->text, lx->text + lx->text_len, shown));
        return NULL;
    }
    node *f = filter_node(p, lx->start, F_TERMS, 1);
    if (f != NULL && (f->fterms[0] = prefixed(ESSAY_PREFIX_LANG, language,
                                              strlen(language))) == NULL) {
        free_node(f);
        out_of_memory(p);
        return NULL;
    }
    if (f != NULL)
        f->language = language;
    return f;
}

static node *field_node(parser *p, const lexeme *lx)
{
    switch (lx->field) {
    case FIELD_TITLE:
        return words_node(p, N_TITLE, lx->start, lx->text, lx->text_len);
    case FIELD_AUTHOR:
        return author_node(p, lx);
    case FIELD_ESSAY:
        return essay_node(p, lx);
    case FIELD_YEAR:
        return date_node(p, lx, 1);
    case FIELD_DATE:
        return date_node(p, lx, 0);
    case FIELD_LANGUAGE:
        return language_node(p, lx);
    }
    return NULL;
}

/* ---- the parser ---------------------------------------------------------- *
 *
 *   or    := and ( OR and )*
 *   and   := near ( [AND] near )*
 *   near  := unary ( NEAR[/n] unary )*
 *   unary := ( NOT | - )* primary
 *   primary := word | "phrase" | field:value | ( or )
 *
 * Every parse function returns NULL when p->status is set (having freed what
 * it built), and also for input that holds no word at all ("!!", "()"),
 * which simply vanishes from the query.
 */

static node *parse_or(parser *p, unsigned depth);

static node *new_node(parser *p, node_kind kind, size_t start)
{
    node *n = calloc(1, sizeof *n);
    if (n == NULL) {
        out_of_memory(p);
        return NULL;
    }
    n->kind = kind;
    n->start = start;
    return n;
}

static int reserve_kids(parser *p, node *parent, size_t more)
{
    if (parent->cap_kids - parent->n_kids >= more)
        return 0;
    size_t cap = parent->cap_kids ? parent->cap_kids : 4;
    while (cap - parent->n_kids < more)
        cap *= 2;
    node **kids = realloc(parent->kids, cap * sizeof *kids);
    if (kids == NULL) {
        out_of_memory(p);
        return -1;
    }
    parent->kids = kids;
    parent->cap_kids = cap;
    return 0;
}

/* Append 'kid' to 'parent'; on failure the caller still owns 'kid'. */
static int add_kid(parser *p, node *parent, node *kid)
{
    if (reserve_kids(p, parent, 1) != 0)
        return -1;
    parent->kids[parent->n_kids++] = kid;
    return 0;
}

/* 'g' without its shell when it holds a single kid it need not wrap. */
static node *unwrap(node *g)
{
    if (g->n_kids == 0 || (g->n_kids == 1 && !g->kids[0]->excluded)) {
        node *kid = g->n_kids ? g->kids[0] : NULL;
        g->n_kids = 0;
        free_node(g);
        return kid;
    }
    return g;
}

static node *parse_primary(parser *p, unsigned depth)
{
    lexeme lx = p->la;
    advance(p);
    if (p->status != ESSAY_OK)
        return NULL;
    switch (lx.kind) {
    case L_LPAREN: {
        if (depth >= MAX_DEPTH) {
            fail(p, lx.start, "parentheses nested deeper than %d levels", MAX_DEPTH);
            return NULL;
        }
        node *inner = parse_or(p, depth + 1);
        if (p->status == ESSAY_OK && p->la.kind != L_RPAREN && !p->lenient)
            fail(p, lx.start, "unbalanced '('");
        if (p->status == ESSAY_OK && p->la.kind == L_RPAREN)
            advance(p);     /* lenient, an unclosed '(' closes at the end */
        if (p->status != ESSAY_OK) {
            free_node(inner);
            return NULL;
        }
        return inner;
    }
    case L_PHRASE: {
        p->phrases = 1;
        node *phrase = words_node(p, N_WORDS, lx.start, lx.text, lx.text_len);
        if (phrase != NULL)
            phrase->quoted = 1;
        return phrase;
    }
    case L_FIELD:
        return field_node(p, &lx);
    case L_WORD:
        return word_node(p, &lx);
    default:                /* the callers check starts_operand() first */
        return NULL;
    }
}

/* Fail because the operator 'op' has no operand after it. */
static void dangling(parser *p, const lexeme *op)
{
    char shown[EXCERPT_MAX + 4];
    fail(p, op->start, "'%s' has nothing after it", excerpt(p, op->start, op->end, shown));
}

/* Consume the operator in the lookahead, which must be followed by an
 * operand: returns 0 when it is, -1 on failure.  Lenient, the operators
 * right after it are skipped (nothing before them), and when no operand
 * follows (the end, or ')') it is ignored: returns 1. */
static int consume_operator(parser *p)
{
    lexeme op = p->la;
    advance(p);
    while (p->lenient && (p->la.kind == L_OR || p->la.kind == L_AND || p->la.kind == L_NEAR))
        advance(p);
    if (p->status == ESSAY_OK && !starts_operand(p->la.kind)) {
        if (p->lenient)
            return 1;
        dangling(p, &op);
    }
    return p->status == ESSAY_OK ? 0 : -1;
}

static node *parse_unary(parser *p, unsigned depth)
{
    size_t start = p->la.start;
    int excluded = 0;
    p->operand = start;
    p->operand_terms = p->terms;
    while (p->la.kind == L_NOT || p->la.kind == L_MINUS) {
        excluded = !excluded;
        if (consume_operator(p) != 0)
            return NULL;    /* failed, or (lenient) nothing to exclude */
    }
    node *n = parse_primary(p, depth);
    if (n == NULL || !excluded)
        return n;
    if (!has_positive(n)) {
        fail(p, n->start, "an excluded group needs at least one word that is not excluded");
        free_node(n);
        return NULL;
    }
    n->excluded = 1;
    n->start = start;       /* messages point at the NOT or '-' */
    return n;
}

static node *finish_and(node *g);

/* Add 'x' to the NEAR node 'near'; it must be a word or phrase.  Lenient, a
 * NEAR beside anything else is ignored: 'near' becomes a group of its sides. */
static int near_operand(parser *p, node *near, node *x)
{
    if (x == NULL)
        return 0;
    int word = x->kind == N_WORDS && !x->excluded;
    if (!word && p->lenient && near->kind == N_NEAR) {
        near->kind = N_AND;
        near->any = p->match_any;
    }
    if (!word && near->kind == N_NEAR)
        fail(p, x->start, "NEAR takes a word or a phrase on each side, not %s",
             not_near_operand(x));
    else if (add_kid(p, near, x) == 0)
        return near_within_limit(p, near, x) ? 0 : -1;
    free_node(x);
    return -1;
}

static node *parse_near(parser *p, unsigned depth)
{
    size_t start = p->la.start;
    node *first = parse_unary(p, depth);
    if (p->status != ESSAY_OK || p->la.kind != L_NEAR)
        return first;
    node *near = new_node(p, N_NEAR, start);
    if (near == NULL || near_operand(p, near, first) != 0) {
        if (near == NULL)
            free_node(first);
        free_node(near);
        return NULL;
    }
    while (p->la.kind == L_NEAR) {
        if (p->la.window > near->window)
            near->window = p->la.window;
        node *x = consume_operator(p) == 0 ? parse_unary(p, depth) : NULL;
        if (p->status != ESSAY_OK || near_operand(p, near, x) != 0) {
            free_node(near);
            return NULL;
        }
    }
    return near->kind == N_AND ? finish_and(near) : unwrap(near);
}

/* Add 'item' to the AND group 'g'.  A group in a group is merged into it when
 * that changes nothing: always when all is ANDed ("(a -b) c" is "a -b c"),
 * and for a group of exclusions only in match_any mode.  In match_any mode,
 * an explicit "a AND b" still requires both (unless ESSAY_PARSE_SOME): they
 * become an AND node of their own (extended by "AND c"), held in *chain. */
static int add_and_item(parser *p, node *g, node *item, int explicit_and, node **chain)
{
    if (item->kind == N_AND && !item->excluded && (!g->any || !has_positive(item))) {
        if (reserve_kids(p, g, item->n_kids) != 0) {
            free_node(item);
            return -1;
        }
        memcpy(g->kids + g->n_kids, item->kids, item->n_kids * sizeof *item->kids);
        g->n_kids += item->n_kids;
        item->n_kids = 0;
        free_node(item);
        *chain = NULL;
        return 0;
    }
    node *parent = g;
    if (g->any && explicit_and && p->and_binds && weighted(item) && g->n_kids > 0
        && weighted(g->kids[g->n_kids - 1])) {
        node **last = &g->kids[g->n_kids - 1];
        if (*last != *chain) {
            node *both = new_node(p, N_AND, (*last)->start);
            if (both == NULL || add_kid(p, both, *last) != 0) {
                free_node(both);
                free_node(item);
                return -1;
            }
            *last = *chain = both;
        }
        parent = *chain;
    }
    if (add_kid(p, parent, item) != 0) {
        free_node(item);
        return -1;
    }
    return 0;
}

static node *finish_and(node *g)
{
    size_t n_weighted = 0, n_filters = 0;
    for (size_t i = 0; i < g->n_kids; i++) {
        n_weighted += weighted(g->kids[i]);
        n_filters += !g->kids[i]->excluded && g->kids[i]->filter_only;
    }
    g->filter_only = n_weighted == 0 && n_filters > 0;
    return unwrap(g);
}

static node *parse_and(parser *p, unsigned depth)
{
    while (p->lenient && (p->la.kind == L_OR || p->la.kind == L_AND || p->la.kind == L_NEAR))
        advance(p);         /* nothing before it: ignored */
    if (!starts_operand(p->la.kind)) {
        if (p->la.kind == L_OR || p->la.kind == L_AND || p->la.kind == L_NEAR) {
            char shown[EXCERPT_MAX + 4];
            fail(p, p->la.start, "'%s' has nothing before it",
                 excerpt(p, p->la.start, p->la.end, shown));
        }
        return NULL;        /* the end, or ')' */
    }
    node *g = new_node(p, N_AND, p->la.start);
    if (g == NULL)
        return NULL;
    g->any = p->match_any;
    node *chain = NULL;
    int explicit_and = 0;
    for (;;) {
        node *item = parse_near(p, depth);
        if (p->status != ESSAY_OK
            || (item != NULL && add_and_item(p, g, item, explicit_and, &chain) != 0))
            goto fail;
        explicit_and = p->la.kind == L_AND;
        if (explicit_and && consume_operator(p) < 0)
            goto fail;
        if (!starts_operand(p->la.kind))
            break;          /* the end, or (lenient) an AND with nothing after it */
    }
    return finish_and(g);
fail:
    free_node(g);
    return NULL;
}

/* Add the alternative 'alt' to the OR node 'or'. */
static int or_alternative(parser *p, node *or, node *alt)
{
    if (alt == NULL)
        return 0;
    if (!has_positive(alt))
        fail(p, alt->start, "an alternative of OR needs at least one word that is not excluded");
    else if (add_kid(p, or, alt) == 0)
        return 0;
    free_node(alt);
    return -1;
}

static node *parse_or(parser *p, unsigned depth)
{
    size_t start = p->la.start;
    node *alt = parse_and(p, depth);
    if (p->status != ESSAY_OK || p->la.kind != L_OR)
        return alt;
    node *or = new_node(p, N_OR, start);
    if (or == NULL) {
        free_node(alt);
        return NULL;
    }
    if (or_alternative(p, or, alt) != 0)
        goto fail;
    while (p->la.kind == L_OR) {
        alt = consume_operator(p) == 0 ? parse_and(p, depth) : NULL;
        if (p->status != ESSAY_OK || or_alternative(p, or, alt) != 0)
            goto fail;
    }
    or->filter_only = or->n_kids > 0;
    for (size_t i = 0; i < or->n_kids; i++)
        or->filter_only &= or->kids[i]->filter_only;
    return unwrap(or);
fail:
    free_node(or);
    return NULL;
}

/* Whether the query 'root' asks for essays in 'language' only: a lang:
 * filter that it, or its top-level AND, holds (not excluded). */
static int asks_language(const node *root, const char *language)
{
    if (language == NULL)
        return 0;
    if (root->kind == N_FILTER)
        return root->language == language;
    for (size_t i = 0; root->kind == N_AND && i < root->n_kids; i++)
        if (!root->kids[i]->excluded && root->kids[i]->kind == N_FILTER
            && root->kids[i]->language == language)
            return 1;
    return 0;
}

/* Whether the query 'root' asks for essays of some language by lang:. */
static int asks_some_language(const node *root)
{
    for (size_t i = 0; root->kind == N_AND && i < root->n_kids; i++)
        if (!root->kids[i]->excluded && root->kids[i]->language != NULL)
            return 1;
    return root->language != NULL;
}

/* Drop from the words of 'n' and below the stems of the languages 'keep'
 * does not mark, and their English variants and irregular forms unless
 * 'keep_forms'. */
static void drop_stems(node *n, const unsigned char *keep, int keep_forms)
{
    for (size_t i = 0; i < n->n_words; i++) {
        qword *w = &n->words[i];
        for (size_t k = 0; k < w->n_stems; k++)
            if (!keep[k] && w->stems[k] != NULL) {
                if (k > 0)
                    free(w->stems[k]);
                w->stems[k] = NULL;
            }
        for (size_t k = w->n_stems; !keep_forms && k < all_stems(w); k++) {
            free(w->stems[k]);
            w->stems[k] = NULL;
        }
        if (!keep_forms)
            w->n_variants = w->n_forms = 0;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        drop_stems(n->kids[i], keep, keep_forms);
}

/* A query that asks for essays of some languages by lang: stems its words
 * in those languages only (when the index holds them). */
static void keep_languages_asked(parser *p, node *root)
{
    if (p->n_ans < 2 || !asks_some_language(root))
        return;
    unsigned char keep[ESSAY_MAX_LANGUAGES];
    size_t kept = 0;
    for (size_t k = 0; k < p->n_ans; k++)
        kept += keep[k] = asks_language(root, essay_language_name(
                              essay_analyzer_language(p->ans[k])));
    if (kept > 0)
        drop_stems(root, keep, p->english && keep[p->english_k]);
}

essay_status essay__query_parse(essay_analyzer *an, const char *text, size_t len, int match_any,
                                essay_query **q, char **err)
{
    return essay__query_parse_in(&an, 1, text, len, match_any, q, err);
}

static void mark_common_words(essay_query *q, int match_any);
static int typed_as_name(const essay_query *q, const qword *w);
static int has_small_word(const essay_query *q);

/* Give each word of 'n' and below that is an English word, typed in small
 * letters (not a name: "Sting", "Spring"), the stems of its other spellings
 * (add_variants(): "color" of "colour") and, if 'forms', of its irregular
 * forms (add_word_forms()) and an ordinal's other spelling (add_ordinal()).
 * A variant is the word itself: every word and phrase gets it, but an exact
 * =word or a prefix*.  No forms go to the whole of a hyphenated word, nor
 * an ordinal to its parts ("twenty-first" is "21st", no "1st"), nor either
 * to a quoted phrase (its words as typed, a word alone too) or an excluded
 * word ("woods -go" still finds "went").
 * 0, or -1 when out of memory. */
static int give_word_forms(const parser *p, const essay_query *q, node *n, int forms)
{
    forms = forms && !n->quoted && !n->excluded;
    int variants = n->kind == N_WORDS || n->kind == N_TITLE;
    /* a number after a word that numbers sections, in a phrase or next */
    for (size_t i = 1; variants && i < n->n_words; i++)
        if (add_numeral(p, &n->words[i - 1], &n->words[i]) != 0)
            return -1;
    for (size_t i = 1; n->kind == N_AND && i < n->n_kids; i++) {
        node *a = n->kids[i - 1], *b = n->kids[i];
        if (a->kind == N_WORDS && b->kind == N_WORDS && a->n_words == 1 && b->n_words == 1
            && !a->excluded && add_numeral(p, &a->words[0], &b->words[0]) != 0)
            return -1;
    }
    for (size_t i = 0; i < n->n_words; i++) {
        qword *w = &n->words[i];
        if (typed_as_name(q, w) && has_small_word(q))
            continue;
        if ((variants && add_variants(p, w) != 0)
            || (forms && !(w->flags & ESSAY_TOKEN_WHOLE) && add_word_forms(p, w) != 0)
            || (forms && !part_of_whole(n, w) && add_ordinal(p, w) != 0))
            return -1;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (give_word_forms(p, q, n->kids[i], forms) != 0)
            return -1;
    return 0;
}

essay_status essay__query_parse_in(essay_analyzer *const *ans, size_t n_ans, const char *text,
                                   size_t len, int match_any, essay_query **q, char **err)
{
    *q = NULL;
    if (err != NULL)
        *err = NULL;
    if (n_ans > ESSAY_MAX_LANGUAGES)
        n_ans = ESSAY_MAX_LANGUAGES;
    parser p = { .ans = ans, .n_ans = n_ans, .s = text ? text : "", .len = text ? len : 0,
                 .shouting = -1,
                 .match_any = match_any != ESSAY_PARSE_ALL,
                 .and_binds = match_any == ESSAY_PARSE_ANY,
                 .lenient = match_any != ESSAY_PARSE_ALL, .status = ESSAY_OK, .err = err };
    for (size_t k = n_ans; k-- > 0;)
        if (strcmp(essay_analyzer_language(ans[k]), "english") == 0) {
            p.english = 1;
            p.english_k = k;
        }
    if (!within_bytes(&p))
        return p.status;
    advance(&p);
    node *root = p.status == ESSAY_OK ? parse_or(&p, 0) : NULL;
    if (p.status == ESSAY_OK) {
        if (p.la.kind == L_RPAREN)
            fail(&p, p.la.start, "unbalanced ')'");
        else if (root == NULL)
            fail(&p, 0, "empty query");
        else if (!has_positive(root))
            fail(&p, root->start, "a query needs at least one word that is not excluded");
    }
    essay_query *query = NULL;
    if (p.status == ESSAY_OK && ((query = calloc(1, sizeof *query)) == NULL
                                 || (query->text = malloc(p.len + 1)) == NULL))
        out_of_memory(&p);
    if (p.status != ESSAY_OK) {
        free_node(root);
        free(query);
        return p.status;
    }
    memcpy(query->text, p.s, p.len);
    query->text[p.len] = '\0';
    query->len = p.len;
    query->root = root;
    query->phrases = p.phrases;
    for (size_t k = 0; k < n_ans; k++) {
        query->languages[k] = essay_language_name(essay_analyzer_language(ans[k]));
        query->ans[k] = ans[k];
    }
    query->n_languages = n_ans;
    if (p.english && give_word_forms(&p, query, root, 1) != 0) {
        essay__query_free(query);
        out_of_memory(&p);
        return p.status;
    }
    keep_languages_asked(&p, root);
    if (p.english)
        mark_common_words(query, match_any);
    *q = query;
    return ESSAY_OK;
}

/* The length of s[0..len) without the blanks, operators (OR, AND, NOT,
 * NEAR, NEAR/n) and '(' or '-' it ends with, which would have nothing after
 * them. */
static size_t without_dangling_end(const char *s, size_t len)
{
    for (;;) {
        while (len > 0 && is_space(s[len - 1]))
            len--;
        size_t b = len;
        while (b > 0 && !is_space(s[b - 1]))
            b--;
        const char *w = s + b;
        size_t n = len - b;
        if ((n == 2 && memcmp(w, "OR", 2) == 0) || (n == 3 && memcmp(w, "AND", 3) == 0)
            || (n == 3 && memcmp(w, "NOT", 3) == 0)
            || (n >= 4 && memcmp(w, "NEAR", 4) == 0 && (n == 4 || w[4] == '/')))
            len = b;
        else if (len > 0 && (s[len - 1] == '(' || s[len - 1] == '-'))
            len--;
        else
            return len;
    }
}

size_t essay__query_fit(essay_analyzer *const *ans, size_t n_ans, const char *text, size_t len,
                        size_t *words)
{
    size_t fit = len;
    *words = 0;
    if (len <= ESSAY_QUERY_MAX_WORDS)
        return len;         /* a word (a part of one) takes a byte at least */
    if (fit > ESSAY_QUERY_MAX_BYTES) {
        /* at the last blank within the limit, else a character's start */
        fit = ESSAY_QUERY_MAX_BYTES;
        size_t blank = fit;
        while (blank > 0 && !is_space(text[blank]))
            blank--;
        if (blank > 0)
            fit = blank;
        else
            while (fit > 0 && ((unsigned char)text[fit] & 0xC0) == 0x80)
                fit--;
    }
    if (n_ans > ESSAY_MAX_LANGUAGES)
        n_ans = ESSAY_MAX_LANGUAGES;
    parser p = { .ans = ans, .n_ans = n_ans, .s = text, .len = fit, .match_any = 1,
                 .shouting = -1,
                 .lenient = 1, .fitting = 1, .cut = SIZE_MAX, .status = ESSAY_OK };
    advance(&p);
    free_node(p.status == ESSAY_OK ? parse_or(&p, 0) : NULL);
    *words = p.terms;
    if (p.cut != SIZE_MAX) {
        fit = p.cut;
        *words = p.cut_terms;
    }
    return fit < len ? without_dangling_end(text, fit) : len;
}

/* A stem in a language other than the index's default that no paragraph in
 * that language holds only finds paragraphs of other languages, where it is
 * a different word ("time" is "tim" in Catalan, a name in English), and a
 * word of several stems is slower to rank (OP_SYNONYM).  Whether a
 * paragraph holds it is looked up in at most MEET_STEPS postings: past
 * that, it stays. */
#define MEET_STEPS 256

static int drop_unheld(const essay_query *q, node *n, xc_db *db, xc_error *xe)
{
    for (size_t i = 0; i < n->n_words; i++) {
        qword *w = &n->words[i];
        for (size_t k = 1; k < w->n_stems && k < q->n_languages; k++) {
            if (w->stems[k] == NULL || w->stems[0] == NULL || q->languages[k] == NULL
                || strcmp(w->stems[k], w->stems[0]) == 0)
                continue;
            char *stem = prefixed(ESSAY_PREFIX_STEM, w->stems[k], strlen(w->stems[k]));
            char *language = prefixed(ESSAY_PREFIX_LANG, q->languages[k],
                                      strlen(q->languages[k]));
            int meet = 1, failed = stem == NULL || language == NULL;
            if (failed)
                xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
            else
                failed = xc_db_terms_meet(db, stem, language, MEET_STEPS, &meet, xe) != 0;
            free(stem);
            free(language);
            if (failed)
                return -1;
            if (meet == 0) {
                free(w->stems[k]);
                w->stems[k] = NULL;
            }
        }
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (drop_unheld(q, n->kids[i], db, xe) != 0)
            return -1;
    return 0;
}

/* A name the English stemmer makes another word of ("Wilde" -> "wild",
 * "Locke" -> "lock", "Paine" -> "pain") is searched as typed: a word alone
 * (not quoted, in no NEAR, no field) whose English stem differs from it,
 * which paragraphs hold as it is, but fewer than one in NAME_SHARE of
 * those holding its stem, and which the index writes as a name (with a
 * capital inside a sentence more than ESSAY_NAME_CAPITALS times as often as
 * not, essay__written_as_name()).  The two
 * term frequencies are cheap; only a word that passes them has paragraphs
 * read.  Over 1016 Gutenberg essays, "wilde" is 3% of the paragraphs of
 * "wild", "wells" 2% of "well", "paine" 0.3% of "pain", "hughes" 9% of
 * "hugh"; an ordinary word's form is a larger share ("houses" 22% of
 * "hous", "walking" 26%), and of the rare forms ("wildness" 7% of "wild"),
 * the paragraphs say which are names.  Names that are a larger share of
 * their stem ("adams" 41% of "adam") stay stemmed: under 50%, plurals of
 * names are written as names too ("Indians" 29% of "indian", "States" 28%
 * of "state", "Christians" 26%) and would lose their singular; but not a
 * name that is a word of its own written small and a final e ("locke" 12%
 * of "lock", "hawthorne" 71% of "hawthorn": another_word_than_its_stem()).
 * Of the rare forms, headings in capitals make some words look like names ("Governments" 17 times to 11, "Theses" 7 to 5,
 * "Admiral" 18 to 11, where "Wilde" is 16 to 1): twice as often, then.
 * And a name is written so in NAME_MIN_PARAGRAPHS paragraphs or more: one
 * says little ("Wellbeing" capitalised in a lecture, where fifty
 * paragraphs say "well-being", which "wellbeing" as typed lost). */
#define NAME_SHARE 10
#define NAME_MIN_PARAGRAPHS 2
/* A word typed stands for another word than most of its stem's when its
 * inflections are in fewer than one in INFLECTIONS_SHARE of the stem's
 * paragraphs: the stemmer has brought words derived from it, or it from
 * them, to one stem (mark_rare_forms()). */
#define INFLECTIONS_SHARE 2
/* The bonus of a paragraph holding such a word in one of its inflections
 * (rare_form), against a word of its own: the word typed says which sense
 * is meant (add_bonuses()). */
#define RARE_FORM_WEIGHT 1.0

/* The English stem of 'w', or NULL when the query has none. */
static const char *english_stem(const essay_query *q, const qword *w)
{
    for (size_t k = 0; k < w->n_stems && k < q->n_languages; k++)
        if (q->languages[k] != NULL && strcmp(q->languages[k], "english") == 0)
            return w->stems[k];
    return NULL;
}

/* In n->inflected, the OR of the terms of the inflections of the word of
 * 'n' ('w', of English stem 'stem': essay__inflections()) that the index
 * holds with that stem, when they are in fewer than one in
 * INFLECTIONS_SHARE of the 'of_stem' paragraphs of the stem: over 1016
 * Gutenberg essays, "civilization" and "civilizations" are 42% of "civil"
 * (with "civilized", "civility"), "universe" 37% of "univers"
 * ("university", "universal"), "wildness" 7% of "wild"; "walking" is
 * "walk", "walks", "walked" and "walking", all of "walk".  0, or -1 when
 * out of memory (in 'xe'). */
static int mark_inflections(const essay_query *q, node *n, const qword *w, const char *stem,
                            unsigned of_stem, xc_db *db, xc_error *xe)
{
    char forms[ESSAY_INFLECTIONS_MAX][ESSAY_INFLECTION_MAX];
    size_t n_forms = essay__inflections(w->term, forms, ESSAY_INFLECTIONS_MAX);
    essay_analyzer *english = NULL;
    for (size_t k = 0; k < q->n_languages; k++)
        if (q->languages[k] != NULL && strcmp(q->languages[k], "english") == 0)
            english = q->ans[k];
    unsigned long held = 0;
    xc_query *terms[ESSAY_INFLECTIONS_MAX];
    size_t n_terms = 0;
    int rc = 0;
    for (size_t i = 0; english && rc == 0 && i < n_forms; i++) {
        unsigned f = 0;
        size_t len;
        const char *its = essay__analyzer_stem_term(english, forms[i], strlen(forms[i]), &len);
        xc_error read;
        if (its == NULL || strcmp(its, stem) != 0 || xc_db_termfreq(db, forms[i], &f, &read) != 0
            || f == 0)
            continue;
        held += f;
        rc = (terms[n_terms++] = xc_query_term(forms[i], strlen(forms[i]), 1, 0, xe)) ? 0 : -1;
    }
    if (rc == 0 && n_terms > 0 && held * INFLECTIONS_SHARE < of_stem) {
        n->rare_form = 1;
        rc = (n->inflected = xc_query_combine(XC_OP_OR, terms, n_terms, 0, xe)) ? 0 : -1;
    }
    for (size_t i = 0; i < n_terms; i++)
        xc_query_free(terms[i]);
    return rc;
}

/* Whether the index 'db' holds the folded word 'word' ending in s, held as
 * typed in 'typed' paragraphs, more often as a possessive: "harper's" of
 * "harpers" (15 paragraphs to 2).  On an error, no. */
static int held_more_as_possessive(const char *word, unsigned typed, xc_db *db)
{
    size_t n = strlen(word);
    char *possessive = n >= 3 && word[n - 1] == 's' ? malloc(n + 2) : NULL;
    if (possessive == NULL)
        return 0;
    memcpy(possessive, word, n - 1);
    memcpy(possessive + n - 1, "'s", 3);
    unsigned held = 0;
    xc_error xe;
    int more = xc_db_termfreq(db, possessive, &held, &xe) == 0 && held > typed;
    free(possessive);
    return more;
}

/* Whether the name 'typed' is another word than its stem 'stem', however
 * large its share of the stem's paragraphs: it is the stem and a final e,
 * which no inflection adds and the stemmer takes off, and the stem is a
 * word of its own that the paragraphs write small ("hawthorne", the
 * novelist, 71% of the paragraphs of the stem "hawthorn", a tree; "locke"
 * and "lock", "moore" and "moor"; not "adams" and "adam", a name too).  An
 * inflection written as a name stays stemmed ("States" of "state",
 * "United" of "unite").  On an error, no. */
static int another_word_than_its_stem(xc_db *db, const char *typed, const char *stem)
{
    size_t n = strlen(stem);
    unsigned held = 0;
    xc_error xe;
    return strncmp(typed, stem, n) == 0 && strcmp(typed + n, "e") == 0
           && xc_db_termfreq(db, stem, &held, &xe) == 0 && held > 0
           && !essay__written_as_name(db, stem, 1);
}

/* Mark the words of 'n' and below that are rare forms of their stem: names
 * the stemmer makes other words of (as_typed), and other words
 * (rare_form, mark_inflections()).  A word the index cannot say of (a
 * Xapian error) stays as it is: the search meets the failure, and opens the
 * index again (essay__run_with_retries()).  0, or -1 when out of memory (in
 * 'xe'). */
static int mark_rare_forms(const essay_query *q, node *n, xc_db *db, xc_error *xe)
{
    if (n->kind == N_AND || n->kind == N_OR) {
        for (size_t i = 0; i < n->n_kids; i++)
            if (mark_rare_forms(q, n->kids[i], db, xe) != 0)
                return -1;
        return 0;
    }
    if (n->kind != N_WORDS || n->n_words != 1 || n->quoted || n->stopword)
        return 0;
    const qword *w = &n->words[0];
    const char *stem = english_stem(q, w);
    if (stem == NULL || n->inflected != NULL)
        return 0;
    char *stemmed = prefixed(ESSAY_PREFIX_STEM, stem, strlen(stem));
    unsigned typed = 0, of_stem = 0;
    if (stemmed == NULL)
        return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    xc_error read;
    int held = xc_db_termfreq(db, w->term, &typed, &read) == 0
               && xc_db_termfreq(db, stemmed, &of_stem, &read) == 0 && typed > 0;
    free(stemmed);
    /* a word that is its stem ("civil", "organ") is no name the stemmer
       changed, nor a possessive typed without its apostrophe, which the
       index holds more often with it ("harpers ferry": Harper's Ferry) */
    n->as_typed = held && typed >= NAME_MIN_PARAGRAPHS && strcmp(stem, w->term) != 0
                  && ((unsigned long)typed * NAME_SHARE < of_stem
                      || another_word_than_its_stem(db, w->term, stem))
                  && essay__written_as_name(db, w->term, ESSAY_NAME_CAPITALS)
                  && !held_more_as_possessive(w->term, typed, db);
    /* the form typed is half its stem's paragraphs already: its inflections are more */
    return held && !n->as_typed && (unsigned long)typed * INFLECTIONS_SHARE < of_stem
           ? mark_inflections(q, n, w, stem, of_stem, db, xe) : 0;
}

/* Expand each prefix* under 'n' over 'db', the index searched: over
 * shards, each would expand to its own words at match time, and weigh a
 * synonym of its own (xc_query_wildcard_in()).  One that cannot be (a
 * Xapian error) is left to the match, which meets the failure.  0, or -1
 * when out of memory (in 'xe'). */
static int expand_prefixes(node *n, xc_db *db, xc_error *xe)
{
    for (size_t i = 0; i < n->n_kids; i++)
        if (expand_prefixes(n->kids[i], db, xe) != 0)
            return -1;
    if (n->kind != N_PREFIX || n->expanded != NULL)
        return 0;
    xc_error read;
    n->expanded = xc_query_wildcard_in(db, n->words[0].term, PREFIX_MAX_EXPANSION, &read);
    if (n->expanded == NULL && read.kind == XC_ERR_NOMEM)
        return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    return 0;
}

/* Whether some paragraph or title of 'db' holds the stem 'stem': into
 * *held.  0, or -1 on an error (in 'xe'). */
static int stem_held(xc_db *db, const char *stem, int *held, xc_error *xe)
{
    const char *prefixes[] = { ESSAY_PREFIX_STEM, ESSAY_PREFIX_TITLE };
    *held = 0;
    for (size_t i = 0; i < 2 && !*held; i++) {
        char *term = prefixed(prefixes[i], stem, strlen(stem));
        unsigned freq = 0;
        if (term == NULL) {
            xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
            return -1;
        }
        int failed = xc_db_termfreq(db, term, &freq, xe) != 0;
        free(term);
        if (failed)
            return -1;
        *held = freq > 0;
    }
    return 0;
}

/* Drop from the words of 'n' and below the other spellings and irregular
 * forms that the index does not hold: they would find nothing, and yet,
 * asked for beside the word, change its weight and the words feedback adds
 * (in an index of American text, "optimization" would rank otherwise for
 * asking "optimisation" too), and a phrase of forms checks again the
 * positions of the phrase of the words ("humen", the -men form of "human",
 * doubled the weight of "human nature" and the work of finding it).  0, or
 * -1 on an error (in 'xe'). */
static int drop_unheld_stems(node *n, xc_db *db, xc_error *xe)
{
    for (size_t i = 0; i < n->n_words; i++) {
        qword *w = &n->words[i];
        for (size_t v = w->n_stems; v < all_stems(w);) {
            int held;
            if (stem_held(db, w->stems[v], &held, xe) != 0)
                return -1;
            if (held) {
                v++;
                continue;
            }
            free(w->stems[v]);
            memmove(&w->stems[v], &w->stems[v + 1], (all_stems(w) - v - 1) * sizeof *w->stems);
            if (v < w->n_stems + w->n_variants)
                w->n_variants--;
            else
                w->n_forms--;
            w->stems[all_stems(w)] = NULL;
        }
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (drop_unheld_stems(n->kids[i], db, xe) != 0)
            return -1;
    return 0;
}

static int plain_words(const node *root);
static xc_query *phrase_of(const qword *a, int joined, const qword *b, xc_error *xe);
static unsigned count_of(xc_query *q, unsigned at_least, xc_db *db, xc_error *xe);
static xc_query *combine2(xc_op op, xc_query *a, xc_query *b, xc_error *xe);

/* Whether half or more of the 'held' paragraphs holding 'term', the Z term
 * of the words a and b typed as one, hold them side by side too: the whole
 * of a hyphenated word ("well-being") is held with its parts, a word that
 * happens to be spelt so is not ("apart" of "a part", "maybe" of "may be",
 * "noon", the stem of "noone", of "no one").  On an error, no. */
static int written_joined(const qword *a, const qword *b, const char *term, unsigned held,
                          xc_db *db)
{
    xc_error xe;
    xc_query *joined = xc_query_term(term, strlen(term), 1, 0, &xe);
    xc_query *both = joined ? combine2(XC_OP_AND, joined, phrase_of(a, 0, b, &xe), &xe) : NULL;
    unsigned half = held - held / 2, n = count_of(both, half, db, &xe);
    return n != UINT_MAX && n >= half;
}

/* In q->joined, the Z term of the two words of a query of two plain words
 * typed as one word, in the first language whose stem of it the index
 * holds hyphenated (written_joined()): old texts write "to-day",
 * "well-being", "common-place", whose wholes (the joined words, analyze.c)
 * are the index's words, and the two words apart are often another's
 * ("well being": "Mr. Wells being ..."; Wells's "well").  Not of two
 * common words ("in to"), nor with a name searched as typed.  0, or -1
 * when out of memory (in 'xe'). */
static int mark_joined(essay_query *q, xc_db *db, xc_error *xe)
{
    const node *root = q->root;
    if (q->phrases || !plain_words(root) || root->n_kids != 2)
        return 0;
    const node *a = root->kids[0], *b = root->kids[1];
    if ((a->stopword && b->stopword) || a->as_typed || b->as_typed || a->quoted || b->quoted)
        return 0;
    size_t first = strlen(a->words[0].term), len = first + strlen(b->words[0].term);
    char *word = malloc(len + 1);
    if (word == NULL)
        return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    memcpy(word, a->words[0].term, first);
    strcpy(word + first, b->words[0].term);
    int rc = 0;
    for (size_t k = 0; rc == 0 && q->joined == NULL && k < q->n_languages; k++) {
        size_t stem_len;
        const char *stem = q->languages[k] == NULL ? NULL
                           : essay__analyzer_stem_term(q->ans[k], word, len, &stem_len);
        char *term = stem ? prefixed(ESSAY_PREFIX_STEM, stem, stem_len) : NULL;
        unsigned held = 0;
        xc_error read;
        if (q->languages[k] != NULL && term == NULL)
            rc = xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        else if (term != NULL && xc_db_termfreq(db, term, &held, &read) == 0 && held > 0
                 && written_joined(&a->words[0], &b->words[0], term, held, db))
            q->joined = term;
        else
            free(term);
    }
    free(word);
    return rc;
}

/* The file names an essay: filter stands for in place of the name typed
 * (fit_essay_names()), malloc'd, with ESSAY_PREFIX_PATH; one more than
 * ESSAY_QUERY_MAX_NAMES counted, not kept, when there are more. */
typedef struct {
    char **v;
    size_t n, cap;
    int nomem;
} name_list;

static int add_name(const char *term, size_t len, void *ctx)
{
    name_list *l = ctx;
    if (l->n == ESSAY_QUERY_MAX_NAMES) {
        l->n++;
        return 1;
    }
    if (essay__reserve((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != ESSAY_OK
        || (l->v[l->n] = strndup(term, len)) == NULL) {
        l->nomem = 1;
        return 1;
    }
    l->n++;
    return 0;
}

/* Stop at the first term ('ctx': whether there is one). */
static int first_term(const char *term, size_t len, unsigned termfreq, void *ctx)
{
    (void)term, (void)len, (void)termfreq;
    *(int *)ctx = 1;
    return 1;
}

/* essay:name under 'n' (an F_WILDCARD filter) that begins no path or file
 * name of the index 'db' in any of its forms (essay_name_forms()) stands
 * for the file names with a part that begins with it: "essay:heretics",
 * "essay:on-running" for Chesterton-G-K__Heretics__761103e.txt and
 * Chesterton-G-K__On-Running-After-One-s-Hat__….txt, as a file name is
 * named by its author first, and the essay's own name comes after.  A name
 * with a slash is a path's; past ESSAY_QUERY_MAX_NAMES file names, the
 * name is left as typed (and finds nothing).  0, or -1 on an error. */
static int fit_essay_names(node *n, xc_db *db, xc_error *xe)
{
    for (size_t i = 0; i < n->n_kids; i++)
        if (fit_essay_names(n->kids[i], db, xe) != 0)
            return -1;
    if (n->kind != N_FILTER || n->fkind != F_WILDCARD)
        return 0;
    const char *typed = n->fterms[0] + strlen(ESSAY_PREFIX_PATH);
    if (strchr(typed, '/') != NULL)
        return 0;
    for (size_t i = 0; i < n->n_fterms; i++) {
        int held = 0;
        if (xc_db_each_term(db, n->fterms[i], first_term, &held, xe) != 0)
            return -1;
        if (held)
            return 0;
    }
    name_list l = { 0 };
    int rc = essay__names_with_part(db, typed, strlen(typed), add_name, &l, xe);
    if (rc == 0 && l.nomem)
        rc = xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    size_t kept = l.n < ESSAY_QUERY_MAX_NAMES ? l.n : ESSAY_QUERY_MAX_NAMES;
    if (rc != 0 || l.n == 0 || l.n > ESSAY_QUERY_MAX_NAMES) {
        for (size_t i = 0; i < kept; i++)
            free(l.v[i]);
        free(l.v);
        return rc;
    }
    for (size_t i = 0; i < n->n_fterms; i++)
        free(n->fterms[i]);
    free(n->fterms);
    n->fterms = l.v;
    n->n_fterms = l.n;
    return 0;
}

/* essay__query_exclude_named() of the words 'n' and the groups under it
 * exclude, at any depth ("(whistle -franklin) OR drum"). */
static int exclude_named(node *n,
                         int (*named)(const char *stem, void *ctx, xc_query **out, xc_error *xe),
                         void *ctx, xc_error *xe)
{
    for (size_t i = 0; i < n->n_kids; i++) {
        node *kid = n->kids[i];
        if (n->kind == N_AND && kid->excluded && kid->kind == N_WORDS && kid->n_words == 1
            && !kid->stopword && !kid->as_typed && kid->named_essays == NULL
            && named(kid->words[0].stem, ctx, &kid->named_essays, xe) != 0)
            return -1;
        if (exclude_named(kid, named, ctx, xe) != 0)
            return -1;
    }
    return 0;
}

int essay__query_exclude_named(essay_query *q,
                               int (*named)(const char *stem, void *ctx, xc_query **out,
                                            xc_error *xe),
                               void *ctx, xc_error *xe)
{
    return exclude_named(q->root, named, ctx, xe);
}

int essay__query_fit_index(essay_query *q, xc_db *db, xc_error *xe)
{
    return (q->n_languages > 1 && drop_unheld(q, q->root, db, xe) != 0)
           || drop_unheld_stems(q->root, db, xe) != 0
           || mark_rare_forms(q, q->root, db, xe) != 0 || expand_prefixes(q->root, db, xe) != 0
           || mark_joined(q, db, xe) != 0 || fit_essay_names(q->root, db, xe) != 0
           ? -1 : 0;
}

/* ---- building the Xapian query ------------------------------------------ */

/* A list of subqueries to combine; it owns them. */
typedef struct {
    xc_query **v;
    size_t n, cap;
} qlist;

static void qlist_clear(qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        xc_query_free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Append 'q' (NULL: it failed, xe says why).  On failure clears the list. */
static int qlist_push(qlist *l, xc_query *q, xc_error *xe)
{
    if (q != NULL && l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        xc_query **v = realloc(l->v, cap * sizeof *v);
        if (v == NULL) {
            xc_query_free(q);
            q = NULL;
            xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        } else {
            l->v = v;
            l->cap = cap;
        }
    }
    if (q == NULL) {
        qlist_clear(l);
        return -1;
    }
    l->v[l->n++] = q;
    return 0;
}

/* The list combined with 'op' (a single subquery stands for itself); the
 * list is left empty. */
static xc_query *qlist_combine(qlist *l, xc_op op, unsigned window, xc_error *xe)
{
    xc_query *q;
    if (l->n == 1) {
        q = l->v[0];
        l->n = 0;
    } else
        q = xc_query_combine(op, l->v, l->n, window, xe);
    qlist_clear(l);
    return q;
}

/* 'a' op 'b', consuming both (either NULL: a failure already in xe). */
static xc_query *combine2(xc_op op, xc_query *a, xc_query *b, xc_error *xe)
{
    qlist l = { 0 };
    if (qlist_push(&l, a, xe) != 0) {
        xc_query_free(b);
        return NULL;
    }
    if (qlist_push(&l, b, xe) != 0)
        return NULL;
    return qlist_combine(&l, op, 0, xe);
}

static xc_query *term_query(const char *prefix, const char *text, unsigned qpos, xc_error *xe)
{
    char *term = prefixed(prefix, text, strlen(text));
    if (term == NULL) {
        xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    xc_query *q = xc_query_term(term, strlen(term), 1, qpos, xe);
    free(term);
    return q;
}

/* The 'prefix' terms of w->stems[from, to) as one word (OP_SYNONYM: Xapian
 * weighs them as a single term, from the frequency of them all) in *out,
 * NULL when there are none.  0, or -1 on an error (in 'xe'). */
static int synonym(const char *prefix, const qword *w, size_t from, size_t to, unsigned qpos,
                   xc_query **out, xc_error *xe)
{
    qlist l = { 0 };
    *out = NULL;
    for (size_t k = from; k < to; k++)
        if (w->stems[k] != NULL && !stem_seen(w, k)
            && qlist_push(&l, term_query(prefix, w->stems[k], qpos, xe), xe) != 0)
            return -1;
    return l.n && (*out = qlist_combine(&l, XC_OP_SYNONYM, 0, xe)) == NULL ? -1 : 0;
}

/* The 'prefix' term of the word 'w': of its stem in each language the
 * query is stemmed in and of its other spellings ("colour": "color"), as one
 * word (so a stem that is rare in one language or spelling does not
 * outweigh the word's other forms); OR its irregular forms ("went"
 * of "go", "children" of "child") as another, at FORMS_WEIGHT: they find
 * the paragraphs in the past a question asks of in the present, or of the
 * singular it asks of in the plural, after those of the word typed, which they would otherwise outnumber ("thought" is also the stem
 * of "thoughts").  The variants and forms are of words, not names: an
 * essay's names (ESSAY_PREFIX_NAME) are taken as written. */
static xc_query *word_query(const char *prefix, const qword *w, unsigned qpos, xc_error *xe)
{
    xc_query *word, *forms = NULL;
    int name = strcmp(prefix, ESSAY_PREFIX_NAME) == 0;
    size_t own = w->n_stems + (name ? 0 : w->n_variants);
    if (synonym(prefix, w, 0, own, qpos, &word, xe) != 0)
        return NULL;
    if (word == NULL)   /* cannot happen: a lang: filter keeps one language */
        word = term_query(prefix, w->stem, qpos, xe);
    if (word == NULL || name)
        return word;
    if (synonym(prefix, w, own, all_stems(w), qpos, &forms, xe) != 0) {
        xc_query_free(word);
        return NULL;
    }
    if (forms == NULL)
        return word;
    xc_query *scaled = xc_query_scale(forms, FORMS_WEIGHT, xe);
    xc_query_free(forms);
    if (scaled == NULL) {
        xc_query_free(word);
        return NULL;
    }
    return combine2(XC_OP_OR, word, scaled, xe);
}

/* Whether the words w[0..n) but the wholes all have a stem in language k
 * (a lang: filter or essay__query_fit_index() may have dropped it). */
static int stemmed_in(const qword *const *w, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++)
        if (!(w[i]->flags & ESSAY_TOKEN_WHOLE) && w[i]->stems[k] == NULL)
            return 0;
    return 1;
}

/* Whether language k stems the words w[0..n) but the wholes as a language
 * before it does: the same terms, already asked for. */
static int stems_seen(const qword *const *w, size_t n, size_t k)
{
    for (size_t j = 0; j < k; j++) {
        size_t i = 0;
        while (i < n && ((w[i]->flags & ESSAY_TOKEN_WHOLE)
                         || (w[i]->stems[j] != NULL
                             && strcmp(w[i]->stems[j], w[i]->stems[k]) == 0)))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* The 'prefix' term of the word 'w' in language k, or of one of its other
 * spellings, in a phrase: the OR of them at the word's position (Xapian's
 * phrases take no OP_SYNONYM). */
static xc_query *stem_in_phrase(const char *prefix, const qword *w, size_t k, xc_error *xe)
{
    if (w->n_variants == 0)
        return term_query(prefix, w->stems[k], w->qpos, xe);
    qlist l = { 0 };
    if (qlist_push(&l, term_query(prefix, w->stems[k], w->qpos, xe), xe) != 0)
        return NULL;
    for (size_t v = w->n_stems; v < w->n_stems + w->n_variants; v++)
        if (w->stems[v] != NULL && strcmp(w->stems[v], w->stems[k]) != 0
            && qlist_push(&l, term_query(prefix, w->stems[v], w->qpos, xe), xe) != 0)
            return NULL;
    return qlist_combine(&l, XC_OP_OR, 0, xe);
}

/* The positional 'op' (a phrase, NEAR; window 'window') of the 'prefix'
 * terms of the words w[0..n) but the wholes in language k, each in any of
 * its spellings (stem_in_phrase()).  With 'rare_first', a phrase with room
 * for more words checks the positions of its words not common first.
 * Xapian checks such a phrase from its first word on, and a common word's
 * positions are many: "the history of the human" read those of "the" in
 * every paragraph holding "history" and "human".  The phrase of the words
 * not common alone, in the room the common ones leave them, holds wherever
 * the whole does; ANDed before it and weighing nothing, it passes the
 * whole only the paragraphs where it holds, so the phrase matches and
 * weighs as before (a sentence's phrases leaving out a word in turn, of
 * "the history of the human race": 13.9 -> 10.2 ms a search, bench/NOTES.md).
 * NULL on an error (in 'xe'). */
static xc_query *positional_in(const char *prefix, const qword *const *w, size_t n, size_t k,
                               xc_op op, unsigned window, int rare_first, xc_error *xe)
{
    qlist all = { 0 }, rare = { 0 };
    size_t n_rare = 0;
    size_t before = 0, after = 0;   /* common words before the first rare one, after the last */
    for (size_t i = 0; i < n; i++) {
        if (w[i]->flags & ESSAY_TOKEN_WHOLE)
            continue;
        if (w[i]->stopword) {
            before += n_rare == 0;
            after++;
        } else {
            n_rare++;
            after = 0;
            if (rare_first && qlist_push(&rare, stem_in_phrase(prefix, w[i], k, xe), xe) != 0) {
                qlist_clear(&all);
                return NULL;
            }
        }
        if (qlist_push(&all, stem_in_phrase(prefix, w[i], k, xe), xe) != 0) {
            qlist_clear(&rare);
            return NULL;
        }
    }
    size_t terms = all.n;
    xc_query *whole = qlist_combine(&all, op, window, xe);
    /* not of an exact phrase (Xapian checks its rarest word first), nor of
       fewer than two words not common, or of no common word */
    if (whole == NULL || !rare_first || op != XC_OP_PHRASE || window <= terms || n_rare < 2
        || n_rare == terms) {
        qlist_clear(&rare);
        return whole;
    }
    xc_query *check = qlist_combine(&rare, op, window - (unsigned)(before + after), xe);
    xc_query *weightless = check ? xc_query_scale(check, 0, xe) : NULL;
    xc_query_free(check);
    if (weightless == NULL) {
        xc_query_free(whole);
        return NULL;
    }
    return combine2(XC_OP_AND, weightless, whole, xe);
}

/* The 'prefix' terms of the words w[0..n) but the wholes of hyphenated
 * words, combined with 'op' (and 'window').  A positional op (a phrase,
 * NEAR) takes the words' stems in one language at a time, since an essay is
 * in one: the OR of positional_in() each language (once for languages that
 * stem the words alike), 'rare_first' passed on; any other op takes each
 * word in every language. */
static xc_query *combine_words_with(const char *prefix, const qword *const *w, size_t n,
                                    xc_op op, unsigned window, int rare_first, xc_error *xe)
{
    qlist l = { 0 };
    size_t terms = 0;
    for (size_t i = 0; i < n; i++)
        terms += !(w[i]->flags & ESSAY_TOKEN_WHOLE);
    if ((op != XC_OP_PHRASE && op != XC_OP_NEAR) || terms < 2) {
        for (size_t i = 0; i < n; i++)
            if (!(w[i]->flags & ESSAY_TOKEN_WHOLE)
                && qlist_push(&l, word_query(prefix, w[i], w[i]->qpos, xe), xe) != 0)
                return NULL;
        return qlist_combine(&l, op, window, xe);
    }
    qlist alternatives = { 0 };
    size_t n_stems = n ? w[0]->n_stems : 0;
    for (size_t k = 0; k < n_stems; k++)
        if (stemmed_in(w, n, k) && !stems_seen(w, n, k)
            && qlist_push(&alternatives,
                          positional_in(prefix, w, n, k, op, window, rare_first, xe), xe) != 0)
            return NULL;
    return qlist_combine(&alternatives, XC_OP_OR, 0, xe);
}

/* combine_words_with(), each word's positions checked in turn. */
static xc_query *combine_words(const char *prefix, const qword *const *w, size_t n, xc_op op,
                               unsigned window, xc_error *xe)
{
    return combine_words_with(prefix, w, n, op, window, 0, xe);
}

/* combine_words() of the contiguous words w[0..n). */
static xc_query *stems(const char *prefix, const qword *w, size_t n, xc_op op, xc_error *xe)
{
    const qword **v = malloc((n ? n : 1) * sizeof *v);
    if (v == NULL) {
        xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = &w[i];
    xc_query *q = combine_words(prefix, v, n, op, 0, xe);
    free(v);
    return q;
}

/* A word is its "Z" stem; a hyphenated word the stem of its whole OR the
 * phrase of its parts; anything longer the phrase of its words.  ('op' is
 * XC_OP_PHRASE; for essays, which have no positions, XC_OP_AND.) */
static xc_query *build_words(const node *n, xc_op op, xc_error *xe)
{
    const qword *w = n->words;
    if (!is_hyphenated(w, n->n_words))
        return stems(ESSAY_PREFIX_STEM, w, n->n_words, op, xe);
    return combine2(XC_OP_OR, word_query(ESSAY_PREFIX_STEM, &w[0], w[0].qpos, xe),
                    stems(ESSAY_PREFIX_STEM, w + 1, n->n_words - 1, op, xe), xe);
}

/* Every word of the NEAR's operands within the window: NEAR/n of k terms is
 * a window of n + k - 1 positions (so "a NEAR/n b" allows n - 1 words in
 * between, as Xapian's own query parser has it). */
static xc_query *build_near(const node *n, xc_op op, xc_error *xe)
{
    size_t words = 0, terms = 0;
    for (size_t i = 0; i < n->n_kids; i++)
        words += n->kids[i]->n_words;
    const qword **v = malloc((words ? words : 1) * sizeof *v);
    if (v == NULL) {
        xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    words = 0;
    for (size_t i = 0; i < n->n_kids; i++)
        for (size_t j = 0; j < n->kids[i]->n_words; j++) {
            v[words++] = &n->kids[i]->words[j];
            terms += !(n->kids[i]->words[j].flags & ESSAY_TOKEN_WHOLE);
        }
    xc_query *q = combine_words(ESSAY_PREFIX_STEM, v, words, op,
                                op == XC_OP_NEAR ? n->window + (unsigned)terms - 1 : 0, xe);
    free(v);
    return q;
}

/* The bare folded term of each word (of a hyphenated word, its whole). */
static xc_query *build_exact(const node *n, xc_error *xe)
{
    qlist l = { 0 };
    for (size_t i = 0; i < n->n_words; i = next_unit(n->words, n->n_words, i))
        if (qlist_push(&l, term_query("", n->words[i].term, n->words[i].qpos, xe), xe) != 0)
            return NULL;
    return qlist_combine(&l, XC_OP_AND, 0, xe);
}

/* The title ("S") terms of the words of 'n' but the wholes, combined with
 * 'op': XC_OP_AND for title:, XC_OP_PHRASE for a phrase. */
static xc_query *build_title(const node *n, xc_op op, xc_error *xe)
{
    return stems(ESSAY_PREFIX_TITLE, n->words, n->n_words, op, xe);
}

/* Whether 'n' is a phrase of two words or more, not all of them common ("of
 * the"): one that an essay's title may hold. */
static int is_title_phrase(const node *n)
{
    if (n->kind != N_WORDS || next_unit(n->words, n->n_words, 0) == n->n_words)
        return 0;
    for (size_t i = 0; i < n->n_words; i++)
        if (!n->words[i].stopword)
            return 1;
    return 0;
}

/* The words of 'n' (build_words()), and for a phrase its words in the
 * essay's title as well, weighted as a title word (TITLE_WEIGHT): a phrase
 * from the title finds the essay, by the one paragraph whose title terms
 * have positions (index.c), and those holding it in their text rank first
 * (essay__query_build_text(), tiers.c: there the title is a bonus,
 * xc_query_on_main()).  Essays have no positions: 'op' is XC_OP_PHRASE, or
 * XC_OP_AND for essays. */
static xc_query *build_words_or_title(const node *n, xc_op op, xc_error *xe)
{
    xc_query *words = build_words(n, op, xe);
    if (words == NULL || !is_title_phrase(n))
        return words;
    xc_query *title = build_title(n, op, xe);
    xc_query *scaled = title ? xc_query_scale(title, TITLE_WEIGHT, xe) : NULL;
    xc_query_free(title);
    return combine2(XC_OP_OR_ELSE, words, scaled, xe);
}

static xc_query *build_filter(const node *n, xc_error *xe)
{
    switch (n->fkind) {
    case F_WILDCARD: {
        qlist l = { 0 };
        for (size_t i = 0; i < n->n_fterms; i++)
            if (qlist_push(&l, xc_query_wildcard(n->fterms[i], 0, xe), xe) != 0)
                return NULL;
        return qlist_combine(&l, XC_OP_OR, 0, xe);
    }
    case F_RANGE:
        return xc_query_value_range(ESSAY_SLOT_DATE, n->fterms[0], n->fterms[1], xe);
    case F_TERMS:
        break;
    }
    qlist l = { 0 };
    for (size_t i = 0; i < n->n_fterms; i++)
        if (qlist_push(&l, term_query("", n->fterms[i], 0, xe), xe) != 0)
            return NULL;
    return qlist_combine(&l, XC_OP_AND, 0, xe);
}

static xc_query *build_node(const node *n, int text_only, xc_error *xe);

/* Whether the N_AND 'n' ranks something besides common words. */
static int ranks_besides_stopwords(const node *n)
{
    int besides = 0;
    for (size_t i = 0; i < n->n_kids; i++)
        besides |= weighted(n->kids[i]) && !n->kids[i]->stopword;
    return besides;
}

/* Whether the match_any N_AND 'n' leaves its common words out: it does
 * unless nothing else is ranked. */
static int drops_stopwords(const node *n)
{
    return n->any && ranks_besides_stopwords(n);
}

/* The weighted kids of 'n' combined with 'op', common words left out if
 * 'drop_stopwords', or all documents when there are none; FILTER the
 * filters; AND_NOT the excluded.  Any of the words (an OR) still needs each
 * title: field, which ranks but names the essays searched: every paragraph
 * of an essay holds its title, and "title:sketch-book christmas" read for
 * any of its parts (the essay unit's second tier) listed every paragraph
 * of the book.  'text_only': as build_node() has it. */
static xc_query *build_kids(const node *n, xc_op op, int drop_stopwords, int text_only,
                            xc_error *xe)
{
    qlist ranked = { 0 }, titles = { 0 }, filters = { 0 }, excluded = { 0 };
    xc_query *q;
    for (size_t i = 0; i < n->n_kids; i++) {
        const node *kid = n->kids[i];
        if (drop_stopwords && kid->stopword && !kid->excluded)
            continue;
        qlist *l = kid->excluded ? &excluded : kid->filter_only ? &filters
                   : op == XC_OP_OR && kid->kind == N_TITLE ? &titles : &ranked;
        if (qlist_push(l, build_node(kid, text_only || kid->excluded, xe), xe) != 0
            || (kid->excluded && kid->named_essays
                && qlist_push(l, xc_query_scale(kid->named_essays, 1, xe), xe) != 0))
            goto fail;
    }
    if (ranked.n == 0 && titles.n == 0)
        q = xc_query_match_all(xe);
    else if (titles.n == 0)
        q = qlist_combine(&ranked, op, 0, xe);
    else if (ranked.n == 0)
        q = qlist_combine(&titles, XC_OP_AND, 0, xe);
    else
        q = combine2(XC_OP_AND, qlist_combine(&ranked, op, 0, xe),
                     qlist_combine(&titles, XC_OP_AND, 0, xe), xe);
    if (filters.n)
        q = combine2(XC_OP_FILTER, q, qlist_combine(&filters, XC_OP_AND, 0, xe), xe);
    if (excluded.n)
        q = combine2(XC_OP_AND_NOT, q, qlist_combine(&excluded, XC_OP_OR, 0, xe), xe);
    return q;
fail:
    qlist_clear(&ranked);
    qlist_clear(&titles);
    qlist_clear(&filters);
    qlist_clear(&excluded);
    return NULL;
}

/* The weighted kids ANDed (ORed in match_any mode, common words aside). */
static xc_query *build_and(const node *n, int text_only, xc_error *xe)
{
    return build_kids(n, n->any ? XC_OP_OR : XC_OP_AND, drops_stopwords(n), text_only, xe);
}

/* Alternatives; a pure filter among ranked alternatives matches with no
 * weight of its own. */
static xc_query *build_or(const node *n, int text_only, xc_error *xe)
{
    qlist l = { 0 };
    for (size_t i = 0; i < n->n_kids; i++) {
        xc_query *q = build_node(n->kids[i], text_only, xe);
        if (q != NULL && n->kids[i]->filter_only && !n->filter_only) {
            xc_query *scaled = xc_query_scale(q, 0, xe);
            xc_query_free(q);
            q = scaled;
        }
        if (qlist_push(&l, q, xe) != 0)
            return NULL;
    }
    return qlist_combine(&l, XC_OP_OR, 0, xe);
}

/* The query for 'n'; 'text_only': its phrases match the text only, not the
 * essay's title -- under an exclusion, where a phrase excludes what holds
 * it in the text, as a word does, not whole essays by their title, and for
 * essay__query_build_text(). */
static xc_query *build_node(const node *n, int text_only, xc_error *xe)
{
    switch (n->kind) {
    case N_WORDS:
        if (n->as_typed)
            return build_exact(n, xe);
        return text_only ? build_words(n, XC_OP_PHRASE, xe)
                         : build_words_or_title(n, XC_OP_PHRASE, xe);
    case N_EXACT:
        return build_exact(n, xe);
    case N_PREFIX:
        return n->expanded ? xc_query_scale(n->expanded, 1, xe)
                           : xc_query_wildcard(n->words[0].term, PREFIX_MAX_EXPANSION, xe);
    case N_TITLE:
        return build_title(n, XC_OP_AND, xe);
    case N_FILTER:
        return build_filter(n, xe);
    case N_NEAR:
        return build_near(n, XC_OP_NEAR, xe);
    case N_AND:
        return build_and(n, text_only, xe);
    case N_OR:
        return build_or(n, text_only, xe);
    }
    return NULL;
}

/* Push the title ("S") term of every positive, weighted word under 'n',
 * common words left out, those of phrases too: "of the" in a title says
 * little, and the title terms of such words are in most paragraphs, so the
 * bonus would cost a phrase of common words twice its matching time. */
static int push_title_terms(qlist *l, const node *n, xc_error *xe)
{
    if (n->excluded || n->filter_only || n->stopword || n->as_typed)
        return 0;
    if (n->kind == N_WORDS) {
        for (size_t i = 0; i < n->n_words; i++)
            if (!(n->words[i].flags & ESSAY_TOKEN_WHOLE) && !n->words[i].stopword
                && qlist_push(l, word_query(ESSAY_PREFIX_TITLE, &n->words[i], 0, xe), xe) != 0)
                return -1;
        return 0;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        if (push_title_terms(l, n->kids[i], xe) != 0)
            return -1;
    return 0;
}

/* Push the inflections (their folded terms, unstemmed) of every positive
 * word under 'n' that is a rare form of its stem (rare_form). */
static int push_typed_terms(qlist *l, const node *n, xc_error *xe)
{
    if (n->excluded || n->filter_only)
        return 0;
    if (n->kind == N_WORDS)
        return n->rare_form ? qlist_push(l, xc_query_combine(XC_OP_OR, &n->inflected, 1, 0, xe),
                                         xe)
                            : 0;
    for (size_t i = 0; i < n->n_kids; i++)
        if (push_typed_terms(l, n->kids[i], xe) != 0)
            return -1;
    return 0;
}

/* 'built' with the terms of 'l' ORed, scaled by 'weight', as a bonus
 * (AND_MAYBE: they never make a match). */
static xc_query *bonus(xc_query *built, qlist *l, double weight, xc_error *xe)
{
    if (l->n == 0 || built == NULL)
        return built;
    xc_query *any = qlist_combine(l, XC_OP_OR, 0, xe);
    xc_query *scaled = any ? xc_query_scale(any, weight, xe) : NULL;
    xc_query_free(any);
    return combine2(XC_OP_AND_MAYBE, built, scaled, xe);
}

/* Paragraphs that match get a bonus when the query's words are also in
 * their essay's title (AND_MAYBE: the title alone never makes a match),
 * and when they hold as typed a word that is a rare form of its stem, not
 * only its stem: "wildness" (7% of the paragraphs of "wild" in 1016
 * Gutenberg essays), "nationalism" (4% of "nation"), "organic" (9.5% of
 * "organ": "organization", "organism").  Essays hold stems only
 * (essays.c): 'paragraphs' says whether 'built' searches paragraphs. */
static xc_query *add_bonuses(xc_query *built, const node *root, int paragraphs, xc_error *xe)
{
    qlist titles = { 0 }, typed = { 0 };
    if (push_title_terms(&titles, root, xe) != 0
        || (paragraphs && push_typed_terms(&typed, root, xe) != 0)) {
        xc_query_free(built);
        return NULL;
    }
    return bonus(bonus(built, &titles, TITLE_WEIGHT, xe), &typed, RARE_FORM_WEIGHT, xe);
}

xc_query *essay__query_build(const essay_query *q, xc_error *xe)
{
    xc_query *built = build_node(q->root, 0, xe);
    if (built == NULL)
        return NULL;
    /* Only filters: every paragraph that passes them (an N_AND did that already). */
    if (q->root->filter_only)
        return q->root->kind == N_AND ? built
                                      : combine2(XC_OP_FILTER, xc_query_match_all(xe), built, xe);
    return add_bonuses(built, q->root, 1, xe);
}

/* Whether 'n' is a word alone, not excluded. */
static int a_word(const node *n)
{
    return n->kind == N_WORDS && n->n_words == 1 && !n->excluded;
}

/* Whether the N_AND 'root' joins words alone, none excluded: a query of
 * plain words (no phrase, operator, field or exclusion). */
static int plain_words(const node *root)
{
    if (root->kind != N_AND)
        return 0;
    for (size_t i = 0; i < root->n_kids; i++)
        if (!a_word(root->kids[i]))
            return 0;
    return 1;
}

/* The heading keys of the words of the nodes kids[0..n_kids) but
 * kids[skip] (SIZE_MAX: none) into terms[0..max)
 * (essay__query_heading_terms()); returns how many. */
static size_t heading_terms_of(const essay_query *q, node *const *kids, size_t n_kids,
                               size_t skip, char (*terms)[18], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < n_kids; i++)
        /* a name searched as typed ("wilde") is not its stem's word ("Wild
           Apples"); a title: field's words are a title's ("title:orthodoxy") */
        if ((kids[i]->kind != N_WORDS && kids[i]->kind != N_TITLE) || kids[i]->excluded
            || kids[i]->filter_only || kids[i]->as_typed)
            return 0;
    for (size_t k = 0; k < q->n_languages && n < max; k++) {
        essay_heading_key key;
        essay__heading_key_start(&key);
        for (size_t i = 0; i < n_kids; i++)
            for (size_t j = 0; j < kids[i]->n_words && i != skip; j++) {
                const qword *w = &kids[i]->words[j];
                const char *stem = k < w->n_stems && w->stems[k] ? w->stems[k] : w->term;
                essay__heading_key_add(&key, w->term, stem, strlen(stem), w->flags);
            }
        char made[2][18];
        size_t n_made = essay__heading_key_terms(&key, made);
        for (size_t m = 0; m < n_made && n < max; m++) {
            int again = 0;
            for (size_t e = 0; e < n; e++)
                again |= strcmp(terms[e], made[m]) == 0;
            if (!again)
                memcpy(terms[n++], made[m], sizeof made[m]);
        }
    }
    return n;
}

size_t essay__query_heading_terms(const essay_query *q, char (*terms)[18], size_t max)
{
    node *root = q->root;
    return root->kind == N_AND
               ? heading_terms_of(q, root->kids, root->n_kids, SIZE_MAX, terms, max)
               : heading_terms_of(q, &root, 1, SIZE_MAX, terms, max);
}

size_t essay__query_heading_variants(const essay_query *q, char (*terms)[18], size_t max)
{
    const node *root = q->root;
    size_t n = 0, variants = 0;
    int named = 0;      /* a word that is no common word came before */
    for (size_t i = 0; root->kind == N_AND && i < root->n_kids; i++) {
        const node *kid = root->kids[i];
        if (named && kid->stopword && i + 1 < root->n_kids && variants < ESSAY_HEADING_VARIANTS
            && n < max) {
            n += heading_terms_of(q, root->kids, root->n_kids, i, terms + n, max - n);
            variants++;
        }
        named |= !kid->stopword;
    }
    return n;
}

/* Whether 'n' is a plain word, not common, not excluded. */
static int plain_word(const node *n)
{
    return a_word(n) && !n->stopword;
}

/* In *kept, the N_AND 'root' without its kids, with room for them all. */
static int without_kids(const node *root, node *kept, xc_error *xe)
{
    *kept = *root;
    kept->n_kids = 0;
    if ((kept->kids = calloc(root->n_kids ? root->n_kids : 1, sizeof *kept->kids)) != NULL)
        return 0;
    xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    return -1;
}

/* Whether the word 'kid' names an author: it names essays (names_essays(),
 * by author or file name) and is a name (is_name(), asked last: it costs
 * more).  A word that names essays and is no name is a word like the
 * others: "walking" of Thoreau's "Walking", "security" of a file name
 * "security-guarantees-...". */
static int names_author(const node *kid, int (*names_essays)(const char *stem, void *ctx),
                        int (*is_name)(const char *term, void *ctx), void *ctx)
{
    return plain_word(kid) && names_essays(kid->words[0].stem, ctx)
           && is_name(kid->words[0].term, ctx);
}

int essay__query_build_every(const essay_query *q, int (*names_essays)(const char *stem, void *ctx),
                             int (*is_name)(const char *term, void *ctx), void *ctx,
                             xc_query **every, xc_error *xe)
{
    const node *root = q->root;
    size_t words = 0;
    *every = NULL;
    for (size_t i = 0; root->kind == N_AND && root->any && i < root->n_kids; i++)
        words += weighted(root->kids[i]) && !root->kids[i]->stopword;
    if (words < 2)
        return 0;
    /* the words that name an author ("thoreau railroad") rank, and need
       not be held: the author's own text seldom names him */
    node kept;
    qlist names = { 0 };
    if (without_kids(root, &kept, xe) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < root->n_kids && rc == 0; i++) {
        node *kid = root->kids[i];
        if (!names_author(kid, names_essays, is_name, ctx))
            kept.kids[kept.n_kids++] = kid;
        else if (qlist_push(&names, build_node(kid, 0, xe), xe) != 0)
            rc = -1;
    }
    if (rc == 0 && words > names.n) {
        xc_query *built = build_kids(&kept, XC_OP_AND, 1, 0, xe);
        if (built != NULL && names.n > 0)
            built = combine2(XC_OP_AND_MAYBE, built, qlist_combine(&names, XC_OP_OR, 0, xe), xe);
        if (built == NULL || (*every = add_bonuses(built, root, 1, xe)) == NULL)
            rc = -1;
    }
    qlist_clear(&names);
    free(kept.kids);
    return rc;
}

/* The phrase of the words w[0] and w[1], as typed. */
static xc_query *pair_phrase(const qword *a, const qword *b, xc_error *xe)
{
    const qword *w[2] = { a, b };
    return combine_words(ESSAY_PREFIX_STEM, w, 2, XC_OP_PHRASE, 2, xe);
}

int essay__query_named_words(const essay_query *q,
                             int (*names_essays)(const char *stem, void *ctx),
                             int (*is_name)(const char *term, void *ctx), void *ctx,
                             essay_named_words *out, xc_error *xe)
{
    const node *root = q->root;
    memset(out, 0, sizeof *out);
    if (q->phrases || root->any || !plain_words(root))
        return 0;
    /* some words name essays, before any is read as a name; a word that
       names essays and is no name ("walking" of Thoreau's "Walking") is one
       of the others.  Nor does a name the stemmer makes another word of
       ("wilde": "wild") name them: the essay unit asks a paragraph to hold
       it, as typed (ranks_essays()), not the essays' names */
    size_t naming = 0;
    for (size_t i = 0; i < root->n_kids; i++) {
        const node *kid = root->kids[i];
        naming += !kid->stopword && !kid->as_typed && names_essays(kid->words[0].stem, ctx);
    }
    if (naming == 0)
        return 0;
    node kept;
    qlist named = { 0 }, text = { 0 }, adjacent = { 0 };
    if (without_kids(root, &kept, xe) != 0)
        return -1;
    int rc = 0;
    /* a word beside a named one makes a name with it ("new england"), but
       one that is named too: the author's whole name typed ("andrew lang") */
    char *is_named = calloc(root->n_kids, 1);
    if (is_named == NULL) {
        free(kept.kids);
        return xc_error_set(xe, XC_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < root->n_kids; i++)
        is_named[i] = !root->kids[i]->as_typed
                      && names_author(root->kids[i], names_essays, is_name, ctx);
    for (size_t i = 0; i < root->n_kids && rc == 0; i++) {
        node *kid = root->kids[i];
        if (!is_named[i]) {
            kept.kids[kept.n_kids++] = kid;
            continue;
        }
        const qword *w = &kid->words[0];
        const node *before = i > 0 && !is_named[i - 1] ? root->kids[i - 1] : NULL;
        const node *after = i + 1 < root->n_kids && !is_named[i + 1] ? root->kids[i + 1] : NULL;
        rc = qlist_push(&named, word_query(ESSAY_PREFIX_NAME, w, 0, xe), xe)
             || qlist_push(&text, word_query(ESSAY_PREFIX_STEM, w, 0, xe), xe)
             || (before && !before->stopword
                 && qlist_push(&adjacent, pair_phrase(&before->words[0], w, xe), xe))
             || (after && !after->stopword
                 && qlist_push(&adjacent, pair_phrase(w, &after->words[0], xe), xe)) ? -1 : 0;
    }
    free(is_named);
    int others_weighed = 0;
    for (size_t i = 0; i < kept.n_kids; i++)
        others_weighed |= !kept.kids[i]->stopword;
    if (rc == 0 && named.n > 0 && others_weighed
        && ((out->names = qlist_combine(&named, XC_OP_AND, 0, xe)) == NULL
            || (out->text = qlist_combine(&text, XC_OP_OR, 0, xe)) == NULL
            || (adjacent.n > 0 && (out->adjacent = qlist_combine(&adjacent, XC_OP_OR, 0, xe))
                                  == NULL)
            || (out->others = build_kids(&kept, XC_OP_AND, 0, 0, xe)) == NULL
            || (out->some = build_kids(&kept, XC_OP_OR, 1, 0, xe)) == NULL))
        rc = -1;
    if (rc == 0)
        out->n_headings = heading_terms_of(q, kept.kids, kept.n_kids, SIZE_MAX, out->headings,
                                           ESSAY_HEADING_TERMS_MAX);
    if (rc != 0 || out->names == NULL)
        essay__named_words_clear(out);
    qlist_clear(&named);
    qlist_clear(&text);
    qlist_clear(&adjacent);
    free(kept.kids);
    return rc == 0 ? 0 : -1;
}

void essay__named_words_clear(essay_named_words *w)
{
    xc_query_free(w->names);
    xc_query_free(w->others);
    xc_query_free(w->some);
    xc_query_free(w->text);
    xc_query_free(w->adjacent);
    memset(w, 0, sizeof *w);
}

/* Whether a phrase under 'n' that is not excluded may match the essay's
 * title (build_words_or_title()). */
static int has_title_phrase(const node *n)
{
    if (n->excluded || n->filter_only)
        return 0;
    if (n->kind == N_WORDS)
        return is_title_phrase(n);
    for (size_t i = 0; i < n->n_kids; i++)
        if (has_title_phrase(n->kids[i]))
            return 1;
    return 0;
}

xc_query *essay__query_build_text(const essay_query *q, int *titled, xc_error *xe)
{
    *titled = has_title_phrase(q->root);
    return *titled ? build_node(q->root, 1, xe) : NULL;
}

/* ---- the same query for essays ------------------------------------------- */

/* Every essay, with no weight: what the essay query has for a part it
 * cannot check, since essays have no positions, no bare terms and no filter
 * terms (essays.c). */
static xc_query *every_essay(xc_error *xe)
{
    xc_query *all = xc_query_match_all(xe);
    xc_query *q = all ? xc_query_scale(all, 0, xe) : NULL;
    xc_query_free(all);
    return q;
}

static xc_query *build_essay_node(const node *n, xc_error *xe);

/* The essay query of an N_AND: its ranked kids, without filters and
 * exclusions (an essay holding an excluded word may still have a paragraph
 * without it), and without its common words when it has others: an essay
 * need not hold a question's "what", "did" and "about" to answer it (a
 * paragraph holding every word, those included, still comes first). */
static xc_query *build_essay_and(const node *n, xc_error *xe)
{
    qlist ranked = { 0 };
    int drop_stopwords = ranks_besides_stopwords(n);
    for (size_t i = 0; i < n->n_kids; i++) {
        const node *kid = n->kids[i];
        if (weighted(kid) && !(drop_stopwords && kid->stopword)
            && qlist_push(&ranked, build_essay_node(kid, xe), xe) != 0)
            return NULL;
    }
    return ranked.n ? qlist_combine(&ranked, n->any ? XC_OP_OR : XC_OP_AND, 0, xe)
                    : every_essay(xe);
}

/* A word or phrase of the essay query.  A word an essay's author or file
 * name holds (its names, essays.c) the essay holds as well, with no weight:
 * "chesterton lying bed" finds Chesterton's "On Lying in Bed", whose text
 * need not name him, shown by its paragraphs holding the other words.  A
 * name searched as typed (as_typed) has only its stem among the essay's
 * terms, which other words share ("wild" of "Wilde"): it ranks nothing,
 * and an essay holds it when a paragraph does (essay__query_phrases()). */
static xc_query *build_essay_words(const node *n, xc_error *xe)
{
    xc_query *text = build_words_or_title(n, XC_OP_AND, xe);
    if (text != NULL && n->as_typed) {
        xc_query *stem = text;
        text = xc_query_scale(stem, 0, xe);
        xc_query_free(stem);
    }
    if (text == NULL || n->n_words != 1)
        return text;
    xc_query *name = word_query(ESSAY_PREFIX_NAME, &n->words[0], 0, xe);
    xc_query *unweighted = name ? xc_query_scale(name, 0, xe) : NULL;
    xc_query_free(name);
    return combine2(XC_OP_OR, text, unweighted, xe);
}

static xc_query *build_essay_node(const node *n, xc_error *xe)
{
    qlist l = { 0 };
    switch (n->kind) {
    case N_WORDS:
        return build_essay_words(n, xe);
    case N_TITLE:
        return build_title(n, XC_OP_AND, xe);
    case N_NEAR:
        return build_near(n, XC_OP_AND, xe);
    case N_AND:
        return build_essay_and(n, xe);
    case N_OR:
        for (size_t i = 0; i < n->n_kids; i++)
            if (qlist_push(&l, n->kids[i]->filter_only ? every_essay(xe)
                                                       : build_essay_node(n->kids[i], xe),
                           xe) != 0)
                return NULL;
        return qlist_combine(&l, XC_OP_OR, 0, xe);
    case N_EXACT:
    case N_PREFIX:
    case N_FILTER:
        break;
    }
    return every_essay(xe);
}

/* Whether 'n' ranks by a word or title word, as its essay query does (a
 * name searched as typed does not: build_essay_words()). */
static int ranks_essays(const node *n)
{
    if (!weighted(n))
        return 0;
    if ((n->kind == N_WORDS && !n->as_typed) || n->kind == N_TITLE || n->kind == N_NEAR)
        return 1;
    for (size_t i = 0; i < n->n_kids; i++)
        if (ranks_essays(n->kids[i]))
            return 1;
    return 0;
}

xc_query *essay__query_build_essays(const essay_query *q, int *ranked, xc_error *xe)
{
    *ranked = ranks_essays(q->root);
    if (!*ranked)
        return NULL;
    xc_query *built = build_essay_node(q->root, xe);
    return built ? add_bonuses(built, q->root, 0, xe) : NULL;
}

size_t essay__query_phrases(const essay_query *q, xc_query **out, size_t max, xc_error *xe)
{
    const node *root = q->root;
    size_t n = 0;
    for (size_t i = 0; root->kind == N_AND && !root->any && i < root->n_kids && n < max; i++) {
        const node *kid = root->kids[i];
        if (!weighted(kid) || !((kid->kind == N_WORDS && (kid->n_words > 1 || kid->as_typed))
                                || kid->kind == N_NEAR))
            continue;
        if ((out[n] = build_node(kid, 0, xe)) == NULL) {
            while (n > 0)
                xc_query_free(out[--n]);
            return SIZE_MAX;
        }
        n++;
    }
    return n;
}

size_t essay__query_parts(const essay_query *q)
{
    const node *root = q->root;
    if (root->kind != N_AND || root->any)
        return 1;
    size_t parts = 0;
    for (size_t i = 0; i < root->n_kids; i++)
        parts += weighted(root->kids[i])
                 && (ranks_essays(root->kids[i]) || root->kids[i]->as_typed);
    return parts;
}

int essay__query_titles_only(const essay_query *q)
{
    const node *root = q->root;
    if (root->kind == N_TITLE)
        return 1;
    size_t titles = 0;
    for (size_t i = 0; root->kind == N_AND && i < root->n_kids; i++)
        if (weighted(root->kids[i])) {
            if (root->kids[i]->kind != N_TITLE)
                return 0;
            titles++;
        }
    return titles > 0;
}

/* ---- a question ---------------------------------------------------------- */

/* The words a question begins with ("who wrote ...", "what's ..."). */
static const char *const question_words[] = {
    "how", "what", "when", "where", "which", "who", "whom", "whose", "why",
};

/* Does 'text' begin with a question word, in any case, followed by no letter? */
static int begins_with_question_word(const char *text, size_t len)
{
    size_t i = 0, n;
    while (i < len && is_space(text[i]))
        i++;
    for (n = 0; i + n < len && (text[i + n] | 0x20) >= 'a' && (text[i + n] | 0x20) <= 'z';)
        n++;
    for (size_t k = 0; k < sizeof question_words / sizeof *question_words; k++)
        if (strlen(question_words[k]) == n && strncasecmp(text + i, question_words[k], n) == 0)
            return 1;
    return 0;
}

/* Does 'text' end in a question mark, spaces aside? */
static int ends_with_question_mark(const char *text, size_t len)
{
    while (len > 0 && is_space(text[len - 1]))
        len--;
    return len > 0 && text[len - 1] == '?';
}

/* Words that say how a question asks for its answer, not what it is about:
 * reporting verbs ("what did Thoreau say about the railroad", "where does
 * Stevenson talk of walking tours") and "writings", folded, sorted (the
 * words for the text itself are text_words).  A question's answer need not hold them, and
 * among a few hundred books they rank letters full of "says" and titles of
 * "The Writings of ..." above the topic.  Only the forms that are verbs
 * alone: the -ing forms are topics as often ("Orwell on writing",
 * "thinking"), and so is "thought". */
static const char *const asking_words[] = {
    "argue", "argued", "argues", "describe", "described", "describes", "discuss",
    "discussed", "discusses", "mention", "mentioned", "mentions",
    "said", "say", "says", "talk", "talked", "talks", "tell", "tells", "think", "thinks",
    "told", "write", "writes", "writings", "written", "wrote",
};

/* Words for the text itself, which a request names as what it wants, not
 * what it is about: "essay about running after your hat", "quote about
 * quiet desperation", "stagecoach essay", in any query, question or not;
 * folded, sorted.  The answer need not hold them: the essay on hats does
 * not say "essay". */
static const char *const text_words[] = {
    "article", "articles", "essay", "essays", "excerpt", "excerpts", "paragraph",
    "paragraphs", "passage", "passages", "quotation", "quotations", "quote", "quotes",
};

static int typed_as_name(const essay_query *q, const qword *w);

/* Is 'w' one of words[0..n), typed in small letters (a capital not at the
 * start makes a name or a title: "Say", "Tell", "Lamb's Essays of Elia")? */
static int listed_in_small_letters(const essay_query *q, const qword *w,
                                   const char *const *words, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(w->term, words[k]) == 0)
            return !typed_as_name(q, w);
    return 0;
}

/* The top-level words of 'q' among words[0..n) count as common words:
 * neither ranked by any of the words nor asked of an essay, when 'q' has
 * at least 'others' plain words not common besides them (and other words at
 * all: ranks_besides_stopwords()). */
static void mark_as_common(essay_query *q, const char *const *words, size_t n, size_t others)
{
    node *root = q->root;
    if (root->kind != N_AND)
        return;
    size_t besides = 0;
    for (size_t i = 0; i < root->n_kids; i++)
        besides += plain_word(root->kids[i])
                   && !listed_in_small_letters(q, &root->kids[i]->words[0], words, n);
    for (size_t i = 0; besides >= others && i < root->n_kids; i++) {
        node *kid = root->kids[i];
        if (kid->kind == N_WORDS && kid->n_words == 1
            && listed_in_small_letters(q, &kid->words[0], words, n))
            kid->stopword = kid->words[0].stopword = 1;
    }
}

/* What a query asking for a text on a subject says after its word for
 * the text: "an essay about friendship", "essays on death and dying". */
static const char *const topic_words[] = { "about", "on" };

/* In the English query 'q', the words for the text itself (text_words)
 * beside two words or more of what it is about (beside one, the word may
 * be meant: "stevenson essay", "quotation marks"; "an essay about
 * friendship" is read as a question, where "essay" ranks as any word
 * does, as in "the essay on projects" the title "An Essay Upon Projects")
 * and, in a question searched for any of its words, the words that say how
 * it asks (asking_words) count as common words. */
static void mark_common_words(essay_query *q, int match_any)
{
    mark_as_common(q, text_words, sizeof text_words / sizeof *text_words, 2);
    if (match_any && essay__query_is_question(q))
        mark_as_common(q, asking_words, sizeof asking_words / sizeof *asking_words, 0);
}

static int is_one_of(const node *n, const char *const *words, size_t n_words);

/* Whether the plain words of 'root' ask for a text on a subject, as a
 * question asks of one: "an essay about friendship", "essays on death and
 * dying", a word for the text (after "a", "an" or "the") and "on" or
 * "about" first, then the subject.  A paragraph saying "essay" and
 * "friendship" answers it no better than one on friendship (Franklin's
 * mention of "an essay" in a letter came first, and Plato's Lysis not at
 * all): read as a question, it is searched for any of its words but the
 * common ones. */
static int asks_for_a_text(const node *root)
{
    static const char *const articles[] = { "a", "an", "the" };
    size_t i = root->n_kids > 0 && is_one_of(root->kids[0], articles, 3) ? 1 : 0;
    return i + 2 < root->n_kids
           && is_one_of(root->kids[i], text_words, sizeof text_words / sizeof *text_words)
           && is_one_of(root->kids[i + 1], topic_words,
                        sizeof topic_words / sizeof *topic_words);
}

int essay__query_is_question(const essay_query *q)
{
    const node *root = q->root;
    if (root->kind != N_AND || root->n_kids < 2 || q->phrases)
        return 0;               /* a phrase: the user chose the syntax */
    for (size_t i = 0; i < root->n_kids; i++)
        if (root->kids[i]->kind != N_WORDS || root->kids[i]->excluded)
            return 0;
    return begins_with_question_word(q->text, q->len) || ends_with_question_mark(q->text, q->len)
           || asks_for_a_text(root);
}

/* Words between a question word and whom a question asks of: "what did
 * Thoreau say", "why does Stevenson ...". */
static const char *const question_auxiliaries[] = {
    "can", "could", "did", "do", "does", "had", "has", "have", "would",
};

/* Auxiliaries that ask about their subject ("who was John Bull", "what is
 * art for"), of someone only when it is possessive: "what was Stevenson's
 * advice to young men". */
static const char *const question_copulas[] = { "is", "was" };

/* Whether the plain word node 'n' is one of words[0..n_words). */
static int is_one_of(const node *n, const char *const *words, size_t n_words)
{
    if (!a_word(n))
        return 0;
    for (size_t k = 0; k < n_words; k++)
        if (strcmp(n->words[0].term, words[k]) == 0)
            return 1;
    return 0;
}

/* Whether the question 'root' ends in "according to" and a name of 'words'
 * words: "what is tradition according to Chesterton". */
static int according_to(const node *root, size_t words)
{
    static const char *const according[] = { "according" }, *const to[] = { "to" };
    size_t n = root->n_kids;
    return n >= words + 3 && is_one_of(root->kids[n - words - 2], according, 1)
           && is_one_of(root->kids[n - words - 1], to, 1);
}

/* The bytes of the possessive 's (or ’s) that the word 'w' of 'q' ends
 * in ("Stevenson's"), or 0. */
static size_t apostrophe_s(const essay_query *q, const qword *w)
{
    const char *end = q->text + w->end;
    size_t len = w->end - w->start;
    if (len > 2 && end[-1] == 's' && end[-2] == '\'')
        return 2;
    return len > 4 && end[-1] == 's' && memcmp(end - 4, "\xe2\x80\x99", 3) == 0 ? 4 : 0;
}


/* Whether a word of 'q' begins with a small letter: else it is typed in
 * capitals or in title case ("What Did Mark Twain Think"), and a capital
 * says nothing of a name. */
static int has_small_word(const essay_query *q)
{
    for (size_t i = 0; i < q->root->n_kids; i++) {
        const node *kid = q->root->kids[i];
        utf8proc_int32_t c;
        if (a_word(kid) && utf8proc_iterate((const utf8proc_uint8_t *)q->text + kid->words[0].start,
                                            (utf8proc_ssize_t)(kid->words[0].end
                                                               - kid->words[0].start), &c) > 0
            && utf8proc_islower(c))
            return 1;
    }
    return 0;
}

/* How the query 'root' opens: with a question word and an auxiliary ("what
 * did": OPENS_AUXILIARY) or a copula ("what was": OPENS_COPULA), or neither. */
typedef enum { OPENS_OTHERWISE, OPENS_AUXILIARY, OPENS_COPULA } question_opening_kind;

static question_opening_kind question_opens_with(const node *root)
{
    if (root->kind != N_AND || root->n_kids < 2
        || !is_one_of(root->kids[0], question_words,
                      sizeof question_words / sizeof *question_words))
        return OPENS_OTHERWISE;
    if (is_one_of(root->kids[1], question_auxiliaries,
                  sizeof question_auxiliaries / sizeof *question_auxiliaries))
        return OPENS_AUXILIARY;
    return is_one_of(root->kids[1], question_copulas,
                     sizeof question_copulas / sizeof *question_copulas)
           ? OPENS_COPULA : OPENS_OTHERWISE;
}

int essay__query_asked_of(const essay_query *q, size_t words, char **name, char **folded,
                          xc_query **names, char **rest)
{
    const node *root = q->root;
    *name = *folded = *rest = NULL;
    *names = NULL;
    if (words == 0 || root->kind != N_AND || !root->any || !essay__query_is_question(q)
        || root->n_kids < 3 + words)
        return 0;
    int according = according_to(root, words);
    question_opening_kind opening = question_opens_with(root);
    int copula = !according && opening == OPENS_COPULA;
    /* the name is root->kids[at, at + words): after the auxiliary, or last */
    size_t at = according ? root->n_kids - words : 2;
    if (!according && opening == OPENS_OTHERWISE)
        return 0;
    for (size_t i = at; i < at + words; i++)
        if (!plain_word(root->kids[i]))
            return 0;
    if (!according && a_word(root->kids[at + words])
        && typed_as_name(q, &root->kids[at + words]->words[0]) && has_small_word(q))
        return 0;       /* the name goes on: "Charles Lamb" is not asked of Charles */
    const qword *first = &root->kids[at]->words[0], *end = &root->kids[at + words - 1]->words[0];
    if (copula && apostrophe_s(q, end) == 0)
        return 0;
    /* the query without the name, and without "according to" before it */
    size_t cut = according ? root->kids[at - 2]->words[0].start : first->start;
    qlist l = { 0 };
    xc_error xe;
    char *terms = NULL;
    size_t terms_len = 0;
    FILE *f = open_memstream(&terms, &terms_len);
    for (size_t i = at; f != NULL && i < at + words; i++) {
        fprintf(f, "%s%s", i > at ? " " : "", root->kids[i]->words[0].term);
        if (qlist_push(&l, word_query(ESSAY_PREFIX_NAME, &root->kids[i]->words[0], 0, &xe),
                       &xe) != 0)
            break;
    }
    int made = f != NULL && fclose(f) == 0 && l.n == words;
    if (!made || (*names = qlist_combine(&l, XC_OP_AND, 0, &xe)) == NULL
        || (*name = strndup(q->text + first->start, end->end - first->start
                                                     - apostrophe_s(q, end))) == NULL
        || asprintf(rest, "%.*s%s", (int)cut, q->text, q->text + end->end) < 0) {
        qlist_clear(&l);
        xc_query_free(*names);
        free(*name);
        free(terms);
        *name = *rest = NULL;
        *names = NULL;
        return 0;
    }
    *folded = terms;
    return 1;
}

int essay__query_names(const essay_query *q, xc_query **names, xc_error *xe)
{
    const node *root = q->root;
    qlist l = { 0 };
    *names = NULL;
    if (q->phrases || !(root->kind == N_AND ? plain_words(root) : a_word(root)))
        return 0;
    const node *const *kids = root->kind == N_AND ? (const node *const *)root->kids : &root;
    size_t n_kids = root->kind == N_AND ? root->n_kids : 1;
    for (size_t i = 0; i < n_kids; i++)
        if (!kids[i]->stopword
            && qlist_push(&l, word_query(ESSAY_PREFIX_NAME, &kids[i]->words[0], 0, xe), xe) != 0)
            return -1;
    if (l.n == 0)
        return 0;
    return (*names = qlist_combine(&l, XC_OP_AND, 0, xe)) == NULL ? -1 : 0;
}

/* ---- the paragraphs closest to a query's words ---------------------------- */

#define ALL_BUT_ONE_MAX 16      /* distinct words: that many groups of one fewer */
#define RUN_WORDS 3             /* the words of a run */
#define RUNS_MAX_WORDS 24       /* a query's first words, of which runs are taken */

/* Put the word 'w' of 'q' into 'f' as typed, after a space unless it is first. */
static void put_word(FILE *f, const essay_query *q, const qword *w, int first)
{
    fprintf(f, "%s%.*s", first ? "" : " ", (int)(w->end - w->start), q->text + w->start);
}

/* Whether the run of 'typed[i..i + RUN_WORDS)' (stop[] saying which are
 * common words) is worth asking: it has two words that are not common, or
 * one that at most 'max_freq' paragraphs of 'db' hold (any, without 'db').
 * A run of two common words and a frequent one ("the history of") matches
 * everywhere, and is the dearest phrase to check: the positions of three
 * frequent words. */
static int run_worth_asking(const qword *const *typed, const int *stop, size_t i, xc_db *db,
                            unsigned max_freq)
{
    const qword *word = NULL;
    for (size_t k = i; k < i + RUN_WORDS; k++)
        if (!stop[k]) {
            if (word != NULL)
                return 1;
            word = typed[k];
        }
    if (word == NULL || db == NULL)
        return word != NULL;
    char *term = prefixed(ESSAY_PREFIX_STEM, word->stem, strlen(word->stem));
    unsigned freq = 0;
    xc_error xe;
    int asked = term != NULL && xc_db_termfreq(db, term, &freq, &xe) == 0 && freq <= max_freq;
    free(term);
    return asked;
}

char *essay__query_closest(const essay_query *q, size_t min_words, size_t max_words,
                           size_t min_run_words, xc_db *db, unsigned max_run_freq)
{
    const node *root = q->root;
    if (root->any || q->phrases || !plain_words(root))
        return NULL;
    const qword *words[ALL_BUT_ONE_MAX], *typed[RUNS_MAX_WORDS];
    int stop[RUNS_MAX_WORDS];
    size_t n = 0, n_typed = 0;
    if (max_words > ALL_BUT_ONE_MAX)
        max_words = ALL_BUT_ONE_MAX;
    for (size_t i = 0; i < root->n_kids; i++) {
        const node *kid = root->kids[i];
        const qword *w = &kid->words[0];
        if (n_typed < RUNS_MAX_WORDS) {
            stop[n_typed] = kid->stopword;
            typed[n_typed++] = w;
        }
        int seen = kid->stopword;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(words[k]->stem, w->stem) == 0;
        if (!seen && n <= max_words)
            words[n++] = w;     /* one more than max_words: too many */
    }
    int all_but_one = n >= min_words && n <= max_words;
    if (!all_but_one && n_typed < min_run_words)
        return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    int put = 0;
    for (size_t left_out = 0; all_but_one && left_out < n; left_out++, put++) {
        fputs(put ? " OR (" : "(", f);
        for (size_t k = 0, kept = 0; k < n; k++)
            if (k != left_out)
                put_word(f, q, words[k], kept++ == 0);
        fputc(')', f);
    }
    for (size_t i = 0; n_typed >= min_run_words && i + RUN_WORDS <= n_typed; i++) {
        if (!run_worth_asking(typed, stop, i, db, max_run_freq))
            continue;
        fputs(put++ ? " OR \"" : "\"", f);
        for (size_t k = i; k < i + RUN_WORDS; k++)
            put_word(f, q, typed[k], k == i);
        fputc('"', f);
    }
    if (fclose(f) != 0 || put == 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* ---- a sentence remembered with a word wrong ------------------------------ */

#define SENTENCE_MIN_RARE 2     /* words not common: each phrase below keeps one */
#define SENTENCE_KEPT_MIN 3     /* and a sentence's words not common, its common ones apart */
#define SENTENCE_MAX_WORDS 10   /* the first words typed, of which a phrase leaves one out */
/* A quote of common words alone ("to be or not to be") is asked when at
 * most this many times 'max_freq' paragraphs hold its words (one in five,
 * of first.c's one in twenty): nothing else of it can rank, and the search visits those
 * paragraphs anyway; its phrase checks their positions (the words of "to
 * be or not to be" are in 14% of the Gutenberg essays' paragraphs, 8% of
 * the bench's, where the phrase takes 20 ms). */
#define COMMON_QUOTE_SLACK 4
#define COMMON_QUOTE_MIN_WORDS 3    /* "of the", "to be" are no quote */

/* How many paragraphs may hold the words of a quote of common words alone,
 * of 'max_freq' for others (COMMON_QUOTE_SLACK times, at most UINT_MAX). */
static unsigned common_quote_max(unsigned max_freq)
{
    return max_freq > UINT_MAX / COMMON_QUOTE_SLACK ? UINT_MAX : COMMON_QUOTE_SLACK * max_freq;
}

/* How many paragraphs of 'db' hold the word 'w' (as run_worth_asking()
 * reads it); UINT_MAX on an error. */
static unsigned paragraphs_holding(const qword *w, xc_db *db)
{
    char *term = prefixed(ESSAY_PREFIX_STEM, w->stem, strlen(w->stem));
    unsigned freq = 0;
    xc_error xe;
    if (term == NULL || xc_db_termfreq(db, term, &freq, &xe) != 0)
        freq = UINT_MAX;
    free(term);
    return freq;
}

/* The word 'w' as the stem ESSAY_PREFIX_STEM term of each language and of
 * each of its spellings, and with 'forms' its irregular forms too ("go":
 * "went", "gone"), ORed; NULL on an error (in 'xe'). */
static xc_query *stems_or_forms(const qword *w, int forms, xc_error *xe)
{
    qlist l = { 0 };
    for (size_t k = 0; k < (forms ? all_stems(w) : w->n_stems + w->n_variants); k++)
        if (w->stems[k] != NULL && !stem_seen(w, k)
            && qlist_push(&l, term_query(ESSAY_PREFIX_STEM, w->stems[k], w->qpos, xe), xe) != 0)
            return NULL;
    return qlist_combine(&l, XC_OP_OR, 0, xe);
}

/* The words w[0..n) but the wholes, each as stems_or_forms(), combined
 * with 'op' (window 'window'); NULL on an error (in 'xe'). */
static xc_query *combine_forms(const qword *const *w, size_t n, int forms, int rare_only, xc_op op,
                               unsigned window, xc_error *xe)
{
    qlist l = { 0 };
    for (size_t i = 0; i < n; i++)
        if (!(w[i]->flags & ESSAY_TOKEN_WHOLE) && !(rare_only && w[i]->stopword)
            && qlist_push(&l, stems_or_forms(w[i], forms, xe), xe) != 0)
            return NULL;
    return qlist_combine(&l, op, window, xe);
}

/* Whether at most 'max' paragraphs of 'db' hold every word of w[0..n)
 * that is not common (every word, when all are), with 'forms' in one of
 * its forms: what a phrase of them checks the positions of.  On an error,
 * no. */
static int few_hold_all(const qword *const *w, size_t n, int forms, xc_db *db, unsigned max)
{
    int rare_only = 0;
    for (size_t i = 0; i < n; i++)
        rare_only |= !w[i]->stopword;
    xc_error xe;
    xc_query *all = combine_forms(w, n, forms, rare_only, XC_OP_AND, 0, &xe);
    unsigned held = 0;
    int few = all != NULL && (max == UINT_MAX
                              || (xc_db_count_matches(db, all, max + 1, &held, &xe) == 0
                                  && held <= max));
    xc_query_free(all);
    return few;
}

/* Whether a word of w[0..n) is typed again next to it ("simplicity,
 * simplicity, simplicity"): the repetition is a quote's, no keywords'. */
static int repeats_a_word(const qword *const *w, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (strcmp(w[i]->term, w[i + 1]->term) == 0)
            return 1;
    return 0;
}

/* The phrase of the words a and b, side by side or, when 'joined', with
 * "and" or "or" between them; NULL on an error (in 'xe'). */
static xc_query *phrase_of(const qword *a, int joined, const qword *b, xc_error *xe)
{
    qlist l = { 0 };
    if (qlist_push(&l, stems_or_forms(a, 0, xe), xe) != 0
        || (joined
            && qlist_push(&l, combine2(XC_OP_OR, term_query(ESSAY_PREFIX_STEM, "and", 0, xe),
                                       term_query(ESSAY_PREFIX_STEM, "or", 0, xe), xe),
                          xe) != 0)
        || qlist_push(&l, stems_or_forms(b, 0, xe), xe) != 0)
        return NULL;
    return qlist_combine(&l, XC_OP_PHRASE, joined ? 3 : 2, xe);
}

/* How many paragraphs of 'db' match 'q' (taken), exact below 'at_least'
 * (xc_db_count_matches()); UINT_MAX on an error. */
static unsigned count_of(xc_query *q, unsigned at_least, xc_db *db, xc_error *xe)
{
    unsigned n = 0;
    int failed = q == NULL || xc_db_count_matches(db, q, at_least, &n, xe) != 0;
    xc_query_free(q);
    return failed ? UINT_MAX : n;
}

/* The first bound more_side_by_side() counts the two phrases to: most
 * phrases of two words are said this often, or never. */
#define PHRASE_COUNT_FIRST 8

/* Whether more paragraphs of 'db' say the words w[0..2) side by side than
 * joined ("a and b", "a or b"), these fewer than 'most'.  Each count
 * checks the positions of the paragraphs holding both words until it has
 * found as many as its bound: joined is counted exactly only once it is
 * below the bound (then side by side only up to one more, which most
 * phrases reach at once), and while both phrases reach the bound it grows
 * fourfold.  A phrase said often is so not counted whole: "war and peace"
 * was counted to its last paragraph (8 M instructions) to learn that "war
 * peace" is said less.  On an error, no. */
static int more_side_by_side(const qword *const *w, xc_db *db, unsigned most)
{
    xc_error xe;
    for (unsigned bound = PHRASE_COUNT_FIRST;; bound = bound > most / 4 ? most : bound * 4) {
        if (bound > most)
            bound = most;
        unsigned joined = count_of(phrase_of(w[0], 1, w[1], &xe), bound, db, &xe);
        if (joined == UINT_MAX)
            return 0;
        if (joined < bound) {
            unsigned side = count_of(phrase_of(w[0], 0, w[1], &xe), joined + 1, db, &xe);
            return side != UINT_MAX && side > joined;
        }
        if (bound == most)
            return 0;       /* said joined in too many paragraphs to tell */
        unsigned side = count_of(phrase_of(w[0], 0, w[1], &xe), bound, db, &xe);
        if (side == UINT_MAX || side < bound)
            return 0;       /* side by side fewer times than joined */
    }
}

/* Whether the two words w[0..2), neither common, are a phrase of the index
 * 'db' that its paragraphs holding them side by side say, when at most
 * 'max' paragraphs hold one of them (each count checks the positions of
 * those holding both; of two frequent words, "good time", many): not two
 * names, which lists and addresses set side by side ("Hawthorne, Emerson,
 * Thoreau"; "Thoreau, Concord"), and side by side in more paragraphs than
 * joined by "and" or "or".  Two of a kind are written joined ("gold and
 * silver": 19 paragraphs of the Gutenberg essays), and stand side by side
 * in lists ("gold, silver, or polished steel": 2); "free will" (40) and
 * "human nature" (112, and 2) are seldom joined.  On an error, no. */
static int a_phrase_of_two(const qword *const *w, xc_db *db, unsigned max)
{
    if ((essay__written_as_name(db, w[0]->term, ESSAY_NAME_CAPITALS)
         && essay__written_as_name(db, w[1]->term, ESSAY_NAME_CAPITALS))
        || (paragraphs_holding(w[0], db) > max && paragraphs_holding(w[1], db) > max))
        return 0;
    return more_side_by_side(w, db, max < UINT_MAX ? max + 1 : max);
}

/* The phrases of two words in 'l' and their Z term 'joined' when typed as
 * one (essay_query.joined), as one word (OP_SYNONYM), in 'l': a paragraph
 * says "free will" or "free-will", and the spelling fewer paragraphs use
 * does not outweigh the other ("New-Englanders" is no better than "New
 * England"); "well being", whose phrase is too frequent to check, is
 * "well-being" or "wellbeing" alone, not Wells's "Mr. Wells being".  0, or
 * -1 on an error (in 'xe'; 'l' cleared). */
static int same_word_as(qlist *l, const char *joined, xc_error *xe)
{
    if (qlist_push(l, xc_query_term(joined, strlen(joined), 1, 0, xe), xe) != 0)
        return -1;
    return qlist_push(l, qlist_combine(l, XC_OP_SYNONYM, 0, xe), xe);
}

/* Whether a word of w[0..n) has irregular forms. */
static int has_forms(const qword *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(w[i]->flags & ESSAY_TOKEN_WHOLE) && w[i]->n_forms > 0)
            return 1;
    return 0;
}

/* How many words a question begins with that its answer does not hold: a
 * question word and an auxiliary ("why did", "what does"), or none. */
static size_t question_opening(const essay_query *q)
{
    return essay__query_is_question(q) && q->root->n_kids > 2
                   && question_opens_with(q->root) == OPENS_AUXILIARY
               ? 2 : 0;
}

/* Push on 'l' the words of the sentence typed[0..n) that are not common
 * (freq[k] not UINT_MAX), in order within n words, and each held as typed:
 * common words are the ones remembered wrong, and two may be ("god helps
 * those who help themselves" of "God helps them that help themselves";
 * "drive your business let not that drive you" of Franklin's "Drive thy
 * business, let not that drive thee"), where the phrases with one word
 * wrong find nothing.  As typed, for of stems "god help help" is "God's
 * name; help, help" of a Dickens novel.  Nothing when the rarest of them
 * is in more than 'max_freq' paragraphs.  0, or -1 on an error (in 'xe';
 * 'l' cleared). */
static int push_common_apart(qlist *l, const qword *const *typed, const unsigned *freq, size_t n,
                             unsigned max_freq, xc_error *xe)
{
    const qword *kept[SENTENCE_MAX_WORDS];
    unsigned rarest = UINT_MAX;
    size_t j = 0;
    for (size_t k = 0; k < n; k++)
        if (freq[k] != UINT_MAX) {
            kept[j++] = typed[k];
            rarest = freq[k] < rarest ? freq[k] : rarest;
        }
    if (rarest > max_freq)
        return 0;
    qlist exact = { 0 };
    for (size_t k = 0; k < j; k++)
        if (!(kept[k]->flags & ESSAY_TOKEN_WHOLE)
            && qlist_push(&exact, term_query("", kept[k]->term, 0, xe), xe) != 0) {
            qlist_clear(l);
            return -1;
        }
    xc_query *phrase = combine_words(ESSAY_PREFIX_STEM, kept, j, XC_OP_PHRASE, (unsigned)n, xe);
    if (exact.n == 0)
        return qlist_push(l, phrase, xe);
    return qlist_push(l, combine2(XC_OP_FILTER, phrase, qlist_combine(&exact, XC_OP_AND, 0, xe),
                                  xe), xe);
}

int essay__query_sentence(const essay_query *q, size_t min_whole, size_t min_words, xc_db *db,
                          unsigned max_freq, xc_query **out, xc_error *xe)
{
    const node *root = q->root;
    *out = NULL;
    if (q->phrases || !plain_words(root))
        return 0;
    const qword *typed[SENTENCE_MAX_WORDS];
    unsigned freq[SENTENCE_MAX_WORDS];     /* of the words not common; UINT_MAX: common */
    size_t n = 0, common = 0;
    for (size_t i = question_opening(q); i < root->n_kids; i++) {
        const node *kid = root->kids[i];
        if (kid->as_typed)
            return 0;   /* a name searched as typed: its stem's phrase is another's */
        if (n < SENTENCE_MAX_WORDS) {
            common += kid->stopword != 0;
            typed[n++] = &kid->words[0];
        }
    }
    /* common words alone, three or more, are searched as typed, as a quote
       too short to leave a word out of; two words the index holds as one
       ("well being": "well-being") are that word (q->joined); of none,
       two words are a phrase when the index says so ("free will", "human
       nature"), more a quote when one is typed twice in a row; of some,
       three words or more are a quote, of min_words or more a sentence
       when two or more are not common */
    int all_common = common == n;
    int whole = n < min_words || all_common;
    int quote = q->joined != NULL ? 1
                : all_common ? n >= COMMON_QUOTE_MIN_WORDS
                : common == 0 ? (n == 2 ? a_phrase_of_two(typed, db, max_freq)
                                        : repeats_a_word(typed, n))
                : n > 2 && (whole || n - common >= SENTENCE_MIN_RARE);
    if (n < min_whole || !quote)
        return 0;
    for (size_t k = 0; k < n; k++)
        freq[k] = typed[k]->stopword ? UINT_MAX : paragraphs_holding(typed[k], db);
    /* leaving out each word in turn, the others in order with room for one
       word between two of them: the word remembered wrong, or one missing;
       of fewer words, all of them as typed (left_out n: none).  Only with a
       word that at most max_freq paragraphs hold, or of fewer words when at
       most that many hold all its words not common (of common words alone,
       all its words, common_quote_max()): the phrase checks the positions
       of each paragraph holding all its words */
    const qword *kept[SENTENCE_MAX_WORDS] = { 0 };
    qlist l = { 0 };
    for (size_t left_out = whole ? n : 0; left_out < n + (size_t)whole; left_out++) {
        unsigned rarest = UINT_MAX;
        for (size_t k = 0, j = 0; k < n; k++)
            if (k != left_out) {
                kept[j++] = typed[k];
                rarest = freq[k] < rarest ? freq[k] : rarest;
            }
        int asked = rarest <= max_freq
                    || (whole && few_hold_all(kept, n, 0, db,
                                              all_common ? common_quote_max(max_freq)
                                                         : max_freq));
        if (asked
            && qlist_push(&l, combine_words_with(ESSAY_PREFIX_STEM, kept, n - !whole, XC_OP_PHRASE,
                                                 (unsigned)n, 1, xe), xe) != 0)
            return -1;
        /* of fewer words, with their irregular forms too: a question asks
           in the present of text in the past ("why did he go to the woods":
           "he went to the woods") */
        if (whole && has_forms(kept, n) && few_hold_all(kept, n, 1, db, max_freq)
            && qlist_push(&l, combine_forms(kept, n, 1, 0, XC_OP_PHRASE, (unsigned)n, xe), xe)
               != 0)
            return -1;
    }
    if (!whole && common >= 2 && n - common >= SENTENCE_KEPT_MIN
        && push_common_apart(&l, typed, freq, n, max_freq, xe) != 0)
        return -1;
    if (q->joined != NULL && same_word_as(&l, q->joined, xe) != 0)
        return -1;
    /* a short quote may be an essay's title: its essay, by the paragraph
       whose title terms have positions (build_words_or_title()) */
    if (whole) {
        xc_query *title = combine_words(ESSAY_PREFIX_TITLE, typed, n, XC_OP_PHRASE, (unsigned)n,
                                        xe);
        xc_query *scaled = title ? xc_query_scale(title, TITLE_WEIGHT, xe) : NULL;
        xc_query_free(title);
        if (qlist_push(&l, scaled, xe) != 0)
            return -1;
    }
    if (l.n == 0)
        return 0;
    xc_query *any = qlist_combine(&l, XC_OP_OR, 0, xe);
    return any == NULL || (*out = add_bonuses(any, root, 1, xe)) == NULL ? -1 : 0;
}

/* ---- the match set: what snippets highlight ------------------------------ */

typedef struct {
    essay_matchset *set;
    size_t cap;             /* groups allocated */
    size_t *slots;          /* hash table of group index + 1; 0 is empty */
    size_t n_slots;         /* a power of two, at least twice the groups */
} group_set;

static uint64_t group_hash(const essay_match_term *t, size_t n)
{
    uint64_t h = n;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (essay__hash64(t[i].text, t[i].len) + (uint64_t)t[i].kind)) * 0x100000001b3ULL;
    return h;
}

static int same_group(const essay_match_group *g, const essay_match_term *t, size_t n)
{
    if (g->n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (g->terms[i].kind != t[i].kind || g->terms[i].len != t[i].len
            || memcmp(g->terms[i].text, t[i].text, t[i].len) != 0)
            return 0;
    return 1;
}

static int grow_slots(group_set *gs)
{
    size_t n_slots = gs->n_slots ? 2 * gs->n_slots : 64;
    size_t *slots = calloc(n_slots, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < gs->set->n; i++) {
        const essay_match_group *g = &gs->set->groups[i];
        size_t s = group_hash(g->terms, g->n) & (n_slots - 1);
        while (slots[s])
            s = (s + 1) & (n_slots - 1);
        slots[s] = i + 1;
    }
    free(gs->slots);
    gs->slots = slots;
    gs->n_slots = n_slots;
    return 0;
}

/* Add the group of terms t[0..n) (malloc'd; taken over) unless it is there. */
static int add_group(group_set *gs, essay_match_term *t, size_t n)
{
    if ((gs->set->n + 1) * 2 > gs->n_slots && grow_slots(gs) != 0) {
        free(t);
        return -1;
    }
    size_t s = group_hash(t, n) & (gs->n_slots - 1);
    for (; gs->slots[s]; s = (s + 1) & (gs->n_slots - 1))
        if (same_group(&gs->set->groups[gs->slots[s] - 1], t, n)) {
            free(t);
            return 0;
        }
    if (gs->set->n == gs->cap) {
        size_t cap = gs->cap ? 2 * gs->cap : 16;
        essay_match_group *groups = realloc(gs->set->groups, cap * sizeof *groups);
        if (groups == NULL) {
            free(t);
            return -1;
        }
        gs->set->groups = groups;
        gs->cap = cap;
    }
    gs->set->groups[gs->set->n] = (essay_match_group){ .terms = t, .n = n, .weight = 1.0 };
    gs->slots[s] = ++gs->set->n;
    return 0;
}

/* Whether 'w' has a stem in another language, or of another spelling or
 * form, that is not w->stem: the snippets need its stems only then (they
 * compare them with every word). */
static int stems_differ(const qword *w)
{
    for (size_t k = 1; k < all_stems(w); k++)
        if (w->stems[k] != NULL && strcmp(w->stems[k], w->stem) != 0)
            return 1;
    return 0;
}

/* A group of the words w[0..n) (without the wholes of hyphenated words if
 * 'skip_wholes'), matched by 'kind'.  The texts are the query's own. */
static int add_words(group_set *gs, essay_match_kind kind, const qword *w, size_t n,
                     int skip_wholes)
{
    essay_match_term *t = malloc(n * sizeof *t);
    if (t == NULL)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (skip_wholes && (w[i].flags & ESSAY_TOKEN_WHOLE))
            continue;
        char *text = kind == ESSAY_MATCH_STEM ? w[i].stem : w[i].term;
        t[k++] = (essay_match_term){ .text = text, .len = strlen(text), .kind = kind };
        if (kind == ESSAY_MATCH_STEM && stems_differ(&w[i])) {
            t[k - 1].stems = (const char *const *)w[i].stems;
            t[k - 1].n_stems = all_stems(&w[i]);
        }
    }
    if (k == 0) {
        free(t);
        return 0;
    }
    return add_group(gs, t, k);
}

static int match_words(group_set *gs, const node *n)
{
    const qword *w = n->words;
    if (n->as_typed)
        return add_words(gs, ESSAY_MATCH_EXACT, w, 1, 0);
    if (!is_hyphenated(w, n->n_words))
        return add_words(gs, ESSAY_MATCH_STEM, w, n->n_words, 1);
    if (add_words(gs, ESSAY_MATCH_STEM, w, 1, 0) != 0)
        return -1;
    return add_words(gs, ESSAY_MATCH_STEM, w + 1, n->n_words - 1, 1);
}

static int match_node(group_set *gs, const node *n)
{
    switch (n->kind) {
    case N_WORDS:
        return match_words(gs, n);
    case N_EXACT:
        for (size_t i = 0; i < n->n_words; i = next_unit(n->words, n->n_words, i))
            if (add_words(gs, ESSAY_MATCH_EXACT, &n->words[i], 1, 0) != 0)
                return -1;
        return 0;
    case N_PREFIX:
        return add_words(gs, ESSAY_MATCH_PREFIX, n->words, 1, 0);
    case N_TITLE:
        for (size_t i = 0; i < n->n_words; i++)
            if (add_words(gs, ESSAY_MATCH_STEM, &n->words[i], 1, 1) != 0)
                return -1;
        return 0;
    case N_FILTER:
        return 0;
    case N_NEAR:
    case N_AND:
    case N_OR:
        for (size_t i = 0; i < n->n_kids; i++) {
            const node *kid = n->kids[i];
            /* A common word that match_any leaves out of the query is not
             * highlighted either (inside a phrase it is). */
            if (!kid->excluded && !(kid->stopword && n->kind == N_AND && drops_stopwords(n))
                && match_node(gs, kid) != 0)
                return -1;
        }
        return 0;
    }
    return 0;
}

/* The group of the one word two words typed are (q->joined): its stem. */
static int match_joined(group_set *gs, char *stem)
{
    essay_match_term *t = malloc(sizeof *t);
    if (t == NULL)
        return -1;
    *t = (essay_match_term){ .text = stem, .len = strlen(stem), .kind = ESSAY_MATCH_STEM };
    return add_group(gs, t, 1);
}

static void matchset_clear(essay_matchset *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->groups[i].terms);
    free(m->groups);
    m->groups = NULL;
    m->n = 0;
}

essay_matchset *essay__query_matchset(essay_query *q)
{
    if (q->have_matchset)
        return &q->matchset;
    group_set gs = { .set = &q->matchset };
    int r = match_node(&gs, q->root);
    if (r == 0 && q->joined != NULL)
        r = match_joined(&gs, q->joined + strlen(ESSAY_PREFIX_STEM));
    free(gs.slots);
    if (r != 0) {
        matchset_clear(&q->matchset);
        return NULL;
    }
    q->have_matchset = 1;
    return &q->matchset;
}

/* ---- limits: what the wildcards of a query stand for --------------------- */

typedef struct {
    parser p;                   /* for fail(): the query's text and the message */
    size_t (*count)(const char *prefix, size_t max, void *ctx);
    void *ctx;
    size_t words, names;        /* what the prefixes and essay: filters stand for so far */
} expansion;

/* Add what the wildcards under 'n' stand for, in the order of the text;
 * fail at the one that goes past a limit. */
static void expand_node(expansion *x, const node *n)
{
    char shown[EXCERPT_MAX + 4];
    if (n->kind == N_PREFIX) {
        x->words += x->count(n->words[0].term, PREFIX_MAX_EXPANSION, x->ctx);
        if (x->words > ESSAY_QUERY_MAX_EXPANSION)
            fail(&x->p, n->words[0].start, "with '%s*' the prefixes stand for more than %d "
                 "words, the most they may in all: use fewer or longer ones",
                 excerpt(&x->p, n->words[0].start, n->words[0].end, shown),
                 ESSAY_QUERY_MAX_EXPANSION);
    } else if (n->kind == N_FILTER && n->fkind == F_WILDCARD) {
        const char *name = n->fterms[0];
        for (size_t i = 0; i < n->n_fterms && x->names <= ESSAY_QUERY_MAX_NAMES; i++)
            x->names += x->count(n->fterms[i], ESSAY_QUERY_MAX_NAMES + 1 - x->names, x->ctx);
        parser typed = { .s = name, .len = strlen(name) };
        if (x->names > ESSAY_QUERY_MAX_NAMES)
            fail(&x->p, n->start, "with 'essay:%s' the essay: filters match more than %d essay "
                 "names, the most they may in all: name fewer essays",
                 excerpt(&typed, strlen(ESSAY_PREFIX_PATH), typed.len, shown),
                 ESSAY_QUERY_MAX_NAMES);
    }
    for (size_t i = 0; x->p.status == ESSAY_OK && i < n->n_kids; i++)
        expand_node(x, n->kids[i]);
}

essay_status essay__query_check_expansion(const essay_query *q,
                                          size_t (*count)(const char *prefix, size_t max,
                                                          void *ctx),
                                          void *ctx, char **err)
{
    expansion x = { .p = { .s = q->text, .len = q->len, .status = ESSAY_OK, .err = err },
                    .count = count, .ctx = ctx };
    if (err != NULL)
        *err = NULL;
    expand_node(&x, q->root);
    return x.p.status;
}

/* ---- rewriting: "did you mean" ------------------------------------------- */

#define REWRITE_MAX_FIXED 16    /* words corrected that a second pass leaves out of contexts */

typedef struct {
    const essay_query *q;
    char *(*corrector)(const char *word, const char *stem, int as_name, const xc_query *context,
                       void *ctx);
    char *(*author_corrector)(const char *word, void *ctx);
    void *ctx;
    int names;              /* a word typed as a name is offered as one */
    char *out;
    size_t len, cap;
    size_t copied;          /* the query text is in 'out' up to here */
    int changed, nomem;
    const qword *fixed[REWRITE_MAX_FIXED];  /* the words corrected (the first ones) */
    size_t n_fixed;
    int fixed_apart;        /* leave the words of 'fixed' out of each other's context */
} rewriter;

static void emit(rewriter *rw, const char *s, size_t n)
{
    if (rw->nomem)
        return;
    if (rw->cap - rw->len < n + 1) {
        size_t cap = rw->cap ? rw->cap : 64;
        while (cap - rw->len < n + 1)
            cap *= 2;
        char *out = realloc(rw->out, cap);
        if (out == NULL) {
            rw->nomem = 1;
            return;
        }
        rw->out = out;
        rw->cap = cap;
    }
    memcpy(rw->out + rw->len, s, n);
    rw->len += n;
    rw->out[rw->len] = '\0';
}

#define CASED_MAX 64            /* code points of a word whose case is copied letter by letter */

/* Emit the correction 'fixed' (folded: lower case) of the word text[0..len)
 * in that word's case: all in capitals when it is ("MACHIAVELI" ->
 * "MACHIAVELLI") or the whole query is (its operators are words or not as
 * before: shouts()); else each letter the correction keeps (those before the
 * letter it changes and those after) in the case it was typed in
 * ("Machiaveli" -> "Machiavelli", "O'Conell" -> "O'Connell"), and a letter
 * changed (or two swapped) in the case of the one it replaces ("O'Connell"
 * -> "O'Donnell", "Kallas" -> "Pallas"); a letter added small. */
static void emit_in_case(rewriter *rw, const char *fixed, const char *text, size_t len)
{
    utf8proc_int32_t typed[CASED_MAX], folded[CASED_MAX];
    size_t nt = essay__utf8_code_points(text, len, typed, CASED_MAX),
           nf = essay__utf8_code_points(fixed, strlen(fixed), folded, CASED_MAX);
    if (nt == SIZE_MAX || nf == SIZE_MAX) {
        emit(rw, fixed, strlen(fixed));     /* cannot be cased */
        return;
    }
    size_t letters = 0, upper = 0, before = 0, after = 0;
    for (size_t i = 0; i < nt; i++) {
        letters += utf8proc_isupper(typed[i]) || utf8proc_islower(typed[i]);
        upper += utf8proc_isupper(typed[i]) != 0;
    }
    while (before < nt && before < nf && utf8proc_tolower(typed[before]) == folded[before])
        before++;
    while (after < nt - before && after < nf - before
           && utf8proc_tolower(typed[nt - 1 - after]) == folded[nf - 1 - after])
        after++;
    int all = (letters > 1 && upper == letters) || in_capitals(rw->q->text, rw->q->len);
    for (size_t k = 0; k < nf; k++) {
        utf8proc_int32_t c = folded[k];
        if (all || ((k < before || k == 0 || nt == nf) && k < nt && utf8proc_isupper(typed[k]))
            || (k >= nf - after && utf8proc_isupper(typed[nt - (nf - k)])))
            c = utf8proc_toupper(c);
        utf8proc_uint8_t buf[4];
        emit(rw, (const char *)buf, (size_t)utf8proc_encode_char(c, buf));
    }
}

/* Whether 'w' is one of the words corrected that rw->fixed_apart leaves out
 * of a context. */
static int left_out_of_context(const rewriter *rw, const qword *w)
{
    for (size_t i = 0; rw->fixed_apart && i < rw->n_fixed; i++)
        if (rw->fixed[i] == w)
            return 1;
    return 0;
}

/* The words a correction of 'w' is to be found with: the "Z" terms of the
 * other words of the query's plain word nodes at its top level (not
 * excluded, no common word, no whole of a hyphenated word, no other word
 * corrected when rw->fixed_apart), ANDed; NULL when there are none, or on
 * an error (the correction is then made without them). */
static xc_query *other_words(const rewriter *rw, const qword *w)
{
    const node *root = rw->q->root;
    node *const *kids = root->kind == N_AND ? root->kids : (node *const *)&rw->q->root;
    size_t n_kids = root->kind == N_AND ? root->n_kids : 1;
    qlist l = { 0 };
    xc_error xe;
    for (size_t i = 0; i < n_kids; i++) {
        const node *kid = kids[i];
        if (kid->kind != N_WORDS || kid->excluded)
            continue;
        for (size_t j = 0; j < kid->n_words; j++) {
            const qword *other = &kid->words[j];
            if (other != w && !other->stopword && !(other->flags & ESSAY_TOKEN_WHOLE)
                && !left_out_of_context(rw, other)
                && qlist_push(&l, word_query(ESSAY_PREFIX_STEM, other, 0, &xe), &xe) != 0)
                return NULL;
        }
    }
    return l.n > 0 ? qlist_combine(&l, XC_OP_AND, 0, &xe) : NULL;
}

/* The correction of 'w': the corrector's for its stem in each language it
 * is stemmed in, unless one of them stands (the word is one of that
 * language's: no correction), with the query's other words as its context;
 * asked for a name when rw->names and 'w' is typed as one
 * (typed_as_name()).  None for a word with another spelling the index
 * holds (essay__query_fit_index() drops the others): "colour" is spelt
 * right in an index of "color".  Malloc'd, or NULL. */
static char *correct(rewriter *rw, const qword *w)
{
    if (w->n_variants > 0)
        return NULL;
    int as_name = rw->names && typed_as_name(rw->q, w);
    xc_query *context = other_words(rw, w);
    char *fixed = NULL;
    for (size_t k = 0; k < w->n_stems; k++) {
        if (w->stems[k] == NULL || stem_seen(w, k))
            continue;
        char *f = rw->corrector(w->term, w->stems[k], as_name, context, rw->ctx);
        if (f == NULL) {
            free(fixed);
            fixed = NULL;
            break;
        }
        if (fixed == NULL)
            fixed = f;
        else
            free(f);
    }
    xc_query_free(context);
    return fixed;
}

/* The stems of a correction, to compare with the query's words: stems[k]
 * in q->languages[k] (NULL when it has none), lens[k] bytes long. */
typedef struct {
    const char *stems[ESSAY_MAX_LANGUAGES];
    size_t lens[ESSAY_MAX_LANGUAGES];
    const char *term;       /* folded */
} word_forms;

/* Whether a word of 'n' or below (excluded or not) is the word 'f': the
 * same folded form, or the same stem in a language both are stemmed in. */
static int node_holds(const node *n, const word_forms *f)
{
    if (n->kind != N_PREFIX)    /* its term is a prefix, not a word */
        for (size_t i = 0; i < n->n_words; i++) {
            const qword *w = &n->words[i];
            if (strcmp(w->term, f->term) == 0)
                return 1;
            for (size_t k = 0; k < w->n_stems; k++)
                if (w->stems[k] != NULL && f->stems[k] != NULL
                    && strlen(w->stems[k]) == f->lens[k]
                    && memcmp(w->stems[k], f->stems[k], f->lens[k]) == 0)
                    return 1;
        }
    for (size_t i = 0; i < n->n_kids; i++)
        if (node_holds(n->kids[i], f))
            return 1;
    return 0;
}

/* Whether the query already holds the correction 'fixed' (folded), as
 * node_holds() compares words ("Zelensky OR Zelenskyy" is not to become
 * "Zelenskyy OR Zelenskyy").  Yes when out of memory (rw->nomem). */
static int query_holds(rewriter *rw, const char *fixed)
{
    word_forms f = { .term = fixed };
    for (size_t k = 0; k < rw->q->n_languages; k++)
        if ((f.stems[k] = essay__analyzer_stem_term(rw->q->ans[k], fixed, strlen(fixed),
                                                    &f.lens[k])) == NULL)
            rw->nomem = 1;
    return rw->nomem || node_holds(rw->q->root, &f);
}

/* Is the word 'w' of 'q' typed as a name: with a capital, and not the
 * query's first (a capital that begins a sentence says nothing), or with a
 * capital after a small letter or an apostrophe ("O'Connell", "McDonald")? */
static int typed_as_name(const essay_query *q, const qword *w)
{
    const utf8proc_uint8_t *text = (const utf8proc_uint8_t *)q->text;
    int first = 1, after_small = 0, upper_first = 0;
    utf8proc_int32_t c;
    for (size_t i = w->start; i < w->end;) {
        utf8proc_ssize_t n = utf8proc_iterate(text + i, (utf8proc_ssize_t)(w->end - i), &c);
        if (n <= 0)
            break;
        utf8proc_category_t k = utf8proc_category(c);
        int upper = k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
        if (upper && after_small)
            return 1;
        if (first)
            upper_first = upper;
        after_small = utf8proc_islower(c) || c == '\'' || c == 0x2019;
        first = 0;
        i += (size_t)n;
    }
    if (!upper_first)
        return 0;
    for (size_t i = 0; i < w->start; i++)
        if (((unsigned char)q->text[i] | 0x20) >= 'a' && ((unsigned char)q->text[i] | 0x20) <= 'z')
            return 1;
    return 0;
}

/* Put 'fixed' (folded) in place of the word 'w' in the text rewritten, in
 * the case 'w' was typed in. */
static void splice(rewriter *rw, const qword *w, const char *fixed)
{
    emit(rw, rw->q->text + rw->copied, w->start - rw->copied);
    emit_in_case(rw, fixed, rw->q->text + w->start, w->end - w->start);
    rw->copied = w->end;
    rw->changed = 1;
    if (!rw->fixed_apart && rw->n_fixed < REWRITE_MAX_FIXED)
        rw->fixed[rw->n_fixed++] = w;
}

/* Offer each word of the bare word or phrase 'n' to the corrector, but for
 * stop words: they are words of the language, spelt right by definition
 * (correct()).  A correction the query already holds is not made.  The tree is walked in the order of
 * the text, so the words come in order. */
/* Whether 'fixed' in place of the word 'w' would be the query language's
 * syntax, not a word: a field's name before the colon that follows it
 * ("utho2r:" is no "author:"), or an operator (in a query in capitals its
 * correction is in capitals: "NOTT" is no "NOT"). */
static int makes_syntax(const rewriter *rw, const qword *w, const char *fixed)
{
    field_name field;
    static const char *const operators[] = { "and", "near", "not", "or" };
    if (w->end < rw->q->len && rw->q->text[w->end] == ':'
        && known_field(fixed, strlen(fixed), &field))
        return 1;
    for (size_t k = 0; k < sizeof operators / sizeof *operators; k++)
        if (strcmp(fixed, operators[k]) == 0)
            return 1;
    return 0;
}

static void rewrite_words(rewriter *rw, const node *n)
{
    for (size_t i = 0; i < n->n_words; i++) {
        const qword *w = &n->words[i];
        if ((w->flags & ESSAY_TOKEN_WHOLE) || w->stopword || w->start < rw->copied)
            continue;
        char *fixed = correct(rw, w);
        if (fixed != NULL && strcmp(fixed, w->term) != 0 && !query_holds(rw, fixed)
            && !makes_syntax(rw, w, fixed))
            splice(rw, w, fixed);
        free(fixed);
    }
}

/* Offer each word of the author: filter 'n' to the author corrector. */
static void rewrite_author(rewriter *rw, const node *n)
{
    for (size_t i = 0; rw->author_corrector != NULL && i < n->n_words; i++) {
        const qword *w = &n->words[i];
        if ((w->flags & ESSAY_TOKEN_WHOLE) || w->start < rw->copied)
            continue;
        char *fixed = rw->author_corrector(w->term, rw->ctx);
        if (fixed != NULL && strcmp(fixed, w->term) != 0)
            splice(rw, w, fixed);
        free(fixed);
    }
}

static void rewrite_node(rewriter *rw, const node *n)
{
    if (n->kind == N_FILTER && n->n_words > 0)
        rewrite_author(rw, n);
    else if (n->kind == N_WORDS || n->kind == N_TITLE)
        rewrite_words(rw, n);
    else if (n->kind == N_NEAR || n->kind == N_AND || n->kind == N_OR)
        for (size_t i = 0; i < n->n_kids; i++)
            if (!n->kids[i]->excluded)
                rewrite_node(rw, n->kids[i]);
}

/* Whether a word of 'n' or below is typed as a name. */
static int node_types_a_name(const essay_query *q, const node *n)
{
    for (size_t i = 0; i < n->n_words; i++)
        if (typed_as_name(q, &n->words[i]))
            return 1;
    for (size_t i = 0; i < n->n_kids; i++)
        if (node_types_a_name(q, n->kids[i]))
            return 1;
    return 0;
}

int essay__query_types_a_name(const essay_query *q)
{
    return node_types_a_name(q, q->root);
}

char *essay__query_rewrite(const essay_query *q,
                           char *(*corrector)(const char *word, const char *stem, int as_name,
                                              const xc_query *context, void *ctx),
                           char *(*author_corrector)(const char *word, void *ctx),
                           void *ctx, int names)
{
    rewriter rw = { .q = q, .corrector = corrector, .author_corrector = author_corrector,
                    .ctx = ctx, .names = names };
    rewrite_node(&rw, q->root);
    if (rw.n_fixed > 1) {
        /* a word misspelt among the other words empties their context (no
           paragraph holds it): "ichabod crain sleepy holow" had "rain" for
           "crain" beside "holow".  Again, each without the others corrected */
        free(rw.out);
        rw.out = NULL;
        rw.len = rw.cap = rw.copied = 0;
        rw.changed = 0;
        rw.fixed_apart = 1;
        rewrite_node(&rw, q->root);
    }
    emit(&rw, q->text + rw.copied, q->len - rw.copied);
    if (!rw.changed || rw.nomem) {
        free(rw.out);
        return NULL;
    }
    return rw.out;
}

void essay__query_free(essay_query *q)
{
    if (q == NULL)
        return;
    free_node(q->root);
    matchset_clear(&q->matchset);
    free(q->joined);
    free(q->text);
    free(q);
}
