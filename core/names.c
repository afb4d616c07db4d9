/* names.c -- the words of the names of the essays: their authors' names
 * (ESSAY_PREFIX_AUTHOR terms) and their file names (the ESSAY_PREFIX_PATH
 * terms of a file name without a directory, index.c), which a query may
 * name an essay by ("montaigne", "irving").  Whether a word is one of
 * them, and which of them is nearest a word misspelt (spelling.c):
 * every name is read, so each is weighed cheaply first (its length, its
 * letters) and its edits counted only when it may be near.  And which file
 * names have a part that begins with a name typed (essay:heretics).
 *
 * It owns the list of the file names' words: each essay's first paragraph
 * holds the ESSAY_PREFIX_NAME_WORD term of each word of its file name
 * (essay__add_name_words(), index.c), so that the distinct words are read
 * (483 for the 4,129 file names of the benchmark's 100 MB), and a database
 * made new so (ESSAY_META_NAMES) is read so.  One made before is read by
 * its file names (their path terms), and so is one a delta without the
 * list was folded into (essay__names_fold()).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

/* The word of a name (an author's, or a file name's) nearest the word
 * typed, so far. */
typedef struct {
    utf8proc_int32_t typed[ESSAY_EDIT_CHARS_MAX];
    size_t n_typed;
    int typed_letters[32];  /* how many of its letters have each low five bits */
    unsigned max_edits;
    char *best;
    unsigned best_edits, best_tf;
    int held;               /* the word typed is one of them */
    int nomem;
} nearest_name;

/* Start 'a' on 'word' (folded), for words 'max_edits' edits away or
 * fewer; -1 when it is no UTF-8 or longer than ESSAY_EDIT_CHARS_MAX
 * characters. */
static int nearest_name_start(nearest_name *a, const char *word, unsigned max_edits)
{
    memset(a, 0, sizeof *a);
    a->max_edits = max_edits;
    a->n_typed = essay__utf8_code_points(word, strlen(word), a->typed, ESSAY_EDIT_CHARS_MAX);
    if (a->n_typed == SIZE_MAX)
        return -1;
    for (size_t i = 0; i < a->n_typed; i++)
        a->typed_letters[a->typed[i] & 31]++;
    return 0;
}

/* The edits that make cp[0..n) of the word typed, at least: the letters
 * one has more of than the other, told apart by their low five bits (which
 * tell a to z apart).  An edit adds, drops or changes one letter, and a
 * swap none, so the edits are at least either count: a bound far cheaper
 * than essay__edits(), and most words of the file names are far over it. */
static unsigned edits_at_least(const nearest_name *a, const utf8proc_int32_t *cp, size_t n)
{
    int left[32];
    unsigned more = 0, fewer = 0;
    memcpy(left, a->typed_letters, sizeof left);
    for (size_t j = 0; j < n; j++)
        left[cp[j] & 31]--;
    for (size_t c = 0; c < 32; c++) {
        if (left[c] > 0)
            more += (unsigned)left[c];
        else
            fewer += (unsigned)-left[c];
    }
    return more > fewer ? more : fewer;
}

/* Weigh the word word[0..len) (folded) of a name that 'paragraphs'
 * paragraphs have. */
static int weigh_name(nearest_name *a, const char *word, size_t len, unsigned paragraphs)
{
    unsigned most = a->best != NULL ? a->best_edits : a->max_edits;
    size_t chars = essay__utf8_chars(word, len);
    if (chars > a->n_typed + most || chars + most < a->n_typed)
        return 0;
    utf8proc_int32_t cp[ESSAY_EDIT_CHARS_MAX];
    size_t n = essay__utf8_code_points(word, len, cp, ESSAY_EDIT_CHARS_MAX);
    unsigned e = n == SIZE_MAX || edits_at_least(a, cp, n) > most
                 ? most + 1 : essay__edits(a->typed, a->n_typed, cp, n, most);
    a->held |= e == 0;
    if (e == 0 || e > a->max_edits || (a->best != NULL && e > a->best_edits)
        || (a->best != NULL && e == a->best_edits && paragraphs <= a->best_tf))
        return 0;
    char *copy = strndup(word, len);
    if (copy == NULL)
        return a->nomem = 1;
    free(a->best);
    a->best = copy;
    a->best_edits = e;
    a->best_tf = paragraphs;
    return 0;
}

/* Weigh the author term 'term' (ESSAY_PREFIX_AUTHOR and a folded word). */
static int weigh_author(const char *term, size_t len, unsigned termfreq, void *ctx)
{
    size_t prefix = strlen(ESSAY_PREFIX_AUTHOR);
    return weigh_name(ctx, term + prefix, len - prefix, termfreq);
}

/* Whether the byte 'c' is of a letter or digit of a file name: ASCII ones,
 * and every byte of a character past ASCII. */
static int name_char(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when the path term 'term' (ESSAY_PREFIX_PATH) is a file name without a
 * directory; else what a callback of xc_db_each_term() returns to pass it:
 * past every absolute path at once (they all begin with a slash), or on. */
static int unless_file_name(const char *term, size_t len)
{
    size_t prefix = strlen(ESSAY_PREFIX_PATH);
    if (len > prefix && term[prefix] == '/')
        return XC_EACH_PAST(prefix + 1);
    return len > prefix && memchr(term + prefix, '/', len - prefix) != NULL ? 0 : 1;
}

/* Call fn(word, n, ctx) with each word of the file name name[0..len) (no
 * directory): its runs of letters, folded as far as ASCII goes
 * ("Irving-Washington__Sketches__1ca61aa.txt": "irving", "washington",
 * "sketches", "txt"; runs with digits are no words), until one returns
 * non-zero, which it returns. */
static int each_file_name_word(const char *name, size_t len,
                               int (*fn)(const char *word, size_t n, void *ctx), void *ctx)
{
    char word[ESSAY_EDIT_CHARS_MAX * 4];
    for (size_t i = 0; i < len;) {
        size_t n = 0;
        int digits = 0;
        for (unsigned char c; i < len && name_char(c = (unsigned char)name[i]); i++) {
            digits |= c >= '0' && c <= '9';
            if (n < sizeof word)
                word[n] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            n++;
        }
        int rc = n > 0 && n <= sizeof word && !digits ? fn(word, n, ctx) : 0;
        if (rc != 0)
            return rc;
        i += i < len;
    }
    return 0;
}

/* A file name's words weighed, with the paragraphs of its file. */
typedef struct {
    nearest_name *a;
    unsigned paragraphs;
} weighed_file;

static int weigh_file_word(const char *word, size_t n, void *ctx)
{
    weighed_file *w = ctx;
    return weigh_name(w->a, word, n, w->paragraphs);
}

/* Weigh the words of the file name of the path term 'term'
 * (ESSAY_PREFIX_PATH and a file name without a directory: index.c; a path
 * with one is passed over, and the absolute paths, all of which begin with
 * a slash, skipped at once). */
static int weigh_file_name(const char *term, size_t len, unsigned termfreq, void *ctx)
{
    size_t prefix = strlen(ESSAY_PREFIX_PATH);
    int file_name = unless_file_name(term, len);
    weighed_file w = { ctx, termfreq };
    return file_name != 1 ? file_name
                          : each_file_name_word(term + prefix, len - prefix, weigh_file_word, &w);
}

/* Weigh the listed word 'term' (ESSAY_PREFIX_NAME_WORD and a word). */
static int weigh_listed_word(const char *term, size_t len, unsigned termfreq, void *ctx)
{
    size_t prefix = strlen(ESSAY_PREFIX_NAME_WORD);
    return weigh_name(ctx, term + prefix, len - prefix, termfreq);
}

/* Whether each database of 'db' lists its file names' words.  Of a part
 * made of shards (a sharded index, a stub file) Xapian reads the first
 * shard's mark only: such a one is taken not to. */
static int names_listed(xc_db *db)
{
    size_t parts = xc_db_parts(db);
    if (xc_db_shards(db) != parts)
        return 0;
    for (size_t k = 0; k < parts; k++) {
        char *value = NULL;
        xc_error xe;
        int listed = xc_db_part_metadata(db, k, ESSAY_META_NAMES, &value, NULL, &xe) == 0
                     && strcmp(value, ESSAY_NAMES_LISTED) == 0;
        free(value);
        if (!listed)
            return 0;
    }
    return parts > 0;
}

/* Weigh each word of the file names of 'db' into 'a': its list, or its file names. */
static int weigh_file_names(xc_db *db, nearest_name *a, xc_error *xe)
{
    return names_listed(db) ? xc_db_each_term(db, ESSAY_PREFIX_NAME_WORD, weigh_listed_word, a, xe)
                            : xc_db_each_term(db, ESSAY_PREFIX_PATH, weigh_file_name, a, xe);
}

char *essay__nearest_name_word(xc_db *db, const char *word, unsigned max_edits, int file_names)
{
    nearest_name a = { 0 };
    xc_error xe;
    if (nearest_name_start(&a, word, max_edits) != 0
        || xc_db_each_term(db, ESSAY_PREFIX_AUTHOR, weigh_author, &a, &xe) != 0 || a.nomem
        || (file_names && !a.held && (weigh_file_names(db, &a, &xe) != 0 || a.nomem))
        || a.held) {
        free(a.best);
        return NULL;
    }
    return a.best;
}

int essay__in_names(xc_db *db, const char *word)
{
    nearest_name a = { 0 };
    xc_error xe;
    if (nearest_name_start(&a, word, 0) == 0
        && xc_db_each_term(db, ESSAY_PREFIX_AUTHOR, weigh_author, &a, &xe) == 0 && !a.held)
        weigh_file_names(db, &a, &xe);
    free(a.best);
    return a.held;
}

/* A paragraph given its name words, and where a failure is said. */
typedef struct {
    xc_doc *doc;
    xc_error *xe;
} name_terms;

/* Add the ESSAY_PREFIX_NAME_WORD term of 'word' to the document of 'ctx'. */
static int add_name_word(const char *word, size_t n, void *ctx)
{
    name_terms *t = ctx;
    char term[ESSAY_EDIT_CHARS_MAX * 4 + 2];
    int len = snprintf(term, sizeof term, "%s%.*s", ESSAY_PREFIX_NAME_WORD, (int)n, word);
    return xc_doc_add_boolean_term(t->doc, term, (size_t)len, t->xe) != 0;
}

int essay__add_name_words(xc_doc *doc, const char *path, xc_error *xe)
{
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    name_terms t = { doc, xe };
    return each_file_name_word(name, strlen(name), add_name_word, &t) != 0 ? -1 : 0;
}

int essay__names_mark_listed(xc_wdb *wdb, xc_error *xe)
{
    return xc_wdb_set_metadata(wdb, ESSAY_META_NAMES, ESSAY_NAMES_LISTED,
                               strlen(ESSAY_NAMES_LISTED), xe);
}

int essay__names_fold(xc_wdb *from, xc_wdb *to, xc_error *xe)
{
    char *mark = NULL;
    if (xc_wdb_get_metadata(from, ESSAY_META_NAMES, &mark, NULL, xe) != 0)
        return -1;
    int listed = strcmp(mark, ESSAY_NAMES_LISTED) == 0;
    free(mark);
    return listed ? 0 : xc_wdb_set_metadata(to, ESSAY_META_NAMES, "", 0, xe);
}

/* A search of the file names with a part that begins with a name typed. */
typedef struct {
    const char *typed;
    size_t len;
    int (*fn)(const char *term, size_t len, void *ctx);
    void *ctx;
} part_search;

/* Whether s[0..n) is typed[0..n), ASCII letters of either case alike. */
static int same_folded(const char *s, const char *typed, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)typed[i];
        if (a != b && !((a | 0x20) == (b | 0x20) && (a | 0x20) >= 'a' && (a | 0x20) <= 'z'))
            return 0;
    }
    return 1;
}

/* Call a->fn with the path term 'term' when it is a file name with a part
 * before its extension that begins with the name typed; the absolute
 * paths, all of which begin with a slash, skipped at once. */
static int match_part(const char *term, size_t len, unsigned termfreq, void *ctx)
{
    (void)termfreq;
    part_search *a = ctx;
    size_t prefix = strlen(ESSAY_PREFIX_PATH), end = len;
    int file_name = unless_file_name(term, len);
    if (file_name != 1)
        return file_name;
    while (end > prefix + 1 && term[end - 1] != '.')
        end--;
    end = end > prefix + 1 ? end - 1 : len;     /* the last dot, or none */
    for (size_t i = prefix; i < end && i + a->len <= len; i++)
        if ((i == prefix || !name_char((unsigned char)term[i - 1]))
            && same_folded(term + i, a->typed, a->len))
            return a->fn(term, len, a->ctx);
    return 0;
}

int essay__names_with_part(xc_db *db, const char *typed, size_t len,
                           int (*fn)(const char *term, size_t len, void *ctx), void *ctx,
                           xc_error *xe)
{
    part_search a = { .typed = typed, .len = len, .fn = fn, .ctx = ctx };
    if (len == 0 || !name_char((unsigned char)typed[0]))
        return 0;   /* a part begins with a letter or digit */
    return xc_db_each_term(db, ESSAY_PREFIX_PATH, match_part, &a, xe);
}
