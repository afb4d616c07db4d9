/* private.h -- the internals libessay's files share; never installed.
 *
 * Internal names are prefixed essay__ (two underscores).  The tests include
 * this header too, to reach the parts below the public API.
 */
#ifndef ESSAY_PRIVATE_H
#define ESSAY_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "essay.h"
#include "xapian-c.h"

/* ---- util.c: messages, hashing, UTF-8 checks and cuts, files ------------ */

/* Set *err (if err is not NULL) to a malloc'd printf-style message; returns 's'. */
essay_status essay__fail(char **err, essay_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same from an error of the Xapian binding: "<what>: <Xapian message>",
 * with the status its kind means: ESSAY_NOMEM, ESSAY_LOCKED, ESSAY_NO_INDEX
 * (no database there), else ESSAY_XAPIAN (a damaged index, a full disk:
 * the message says which). */
essay_status essay__fail_xc(char **err, const xc_error *xe, const char *what);
/* The time now, in seconds since the Epoch (to the microsecond or better). */
double essay__time_now(void);
/* The length of s[0..len) cut to at most 'max' bytes at a UTF-8 boundary
 * (s holds len bytes: the byte at the cut says whether it splits a character). */
size_t essay__utf8_cut(const char *s, size_t len, size_t max);
/* The characters of s[0..len): its bytes but those that continue one. */
size_t essay__utf8_chars(const char *s, size_t len);
/* The code points of s[0..len) into cp[0..max): how many, or SIZE_MAX
 * when they are more or s is not UTF-8. */
size_t essay__utf8_code_points(const char *s, size_t len, int32_t *cp, size_t max);
/* The edits (a letter dropped, added or changed, or two adjacent letters
 * swapped: the optimal string alignment distance) that make the code
 * points b[0..nb) of a[0..na), or most + 1 when they are more than 'most'
 * or either word is longer than ESSAY_EDIT_CHARS_MAX. */
#define ESSAY_EDIT_CHARS_MAX 40
unsigned essay__edits(const int32_t *a, size_t na, const int32_t *b, size_t nb, unsigned most);
/* 64-bit FNV-1a hash of 'len' bytes. */
uint64_t essay__hash64(const void *data, size_t len);
/* essay__hash64() of bytes that follow those 'h' hashed, 'len' more. */
uint64_t essay__hash64_more(uint64_t h, const void *data, size_t len);
/* The first of the 'n' entries of 'size' bytes of 'table', sorted by the
 * string each holds at byte 'key_at' (ESSAY_TABLE_WORD bytes at most, NUL
 * included), whose string is not less than 'key' (n when none is): a
 * binary search.  A table of words held so, not pointed to, is read-only
 * data that needs no relocation when the program starts, and only the
 * pages a search touches are read. */
#define ESSAY_TABLE_WORD 32
size_t essay__sorted_first(const void *table, size_t n, size_t size, size_t key_at,
                           const char *key);
/* Create the directories leading to 'path' (not 'path' itself). */
essay_status essay__mkdir_parents(const char *path, char **err);
/* ESSAY_OK when text[0..len) is text: no NUL byte, and UTF-8.  Else
 * ESSAY_BAD_INPUT, the message naming where it stops being text, its line
 * and column (in characters, from 1) and its offset (from 0):
 * "NAME:L:C: binary file (a NUL byte at offset N)", "NAME:L:C: not UTF-8
 * (byte 0xE9 at offset N)", or, for a file with the byte order mark of
 * UTF-16 (or UTF-32), "NAME: UTF-16 text, not UTF-8: convert it with iconv
 * -f UTF-16 -t UTF-8". */
essay_status essay__text_check(const char *name, const char *text, size_t len, char **err);
/* Read the whole file at 'path', which must be text (essay__text_check(),
 * ESSAY_BAD_INPUT), into a malloc'd buffer (NUL-terminated).  It is read
 * and checked in chunks: a file that is no text costs only the bytes up to
 * its first bad one.  Anything but a regular file (a FIFO, a device, a
 * directory) is refused without blocking: ESSAY_IO, "PATH: not a regular
 * file (a FIFO)". */
essay_status essay__read_file(const char *path, char **buf, size_t *len, char **err);
/* Grow the malloc'd *array of 'size'-byte items, room for *cap, to hold at
 * least 'need' (doubling); ESSAY_NOMEM leaves it as it was. */
essay_status essay__reserve(void **array, size_t *cap, size_t need, size_t size);
/* What a file of this type is, for a message: "a FIFO", "a directory", ... */
const char *essay__file_kind(mode_t mode);
/* 's' as one word of a POSIX shell command, malloc'd (NULL when out of
 * memory): as it is when it holds only letters, digits and "@%+=:,./_-"
 * (and 'always' is 0), else between single quotes ('\'' for a quote). */
char *essay__shell_word(const char *s, int always);
/* 'path' made absolute, malloc'd (NULL when out of memory): links resolved
 * when it exists; when it does not (a file or directory since removed),
 * joined to the working directory, without its "./" and trailing slashes. */
char *essay__absolute_path(const char *path);

/* ---- display.c: untrusted text made safe to show ------------------------ */

/* essay_write_safe() of text[0..len), which may be part of a string. */
void essay__write_safe(FILE *out, const char *text, size_t len);
/* Write the JSON text 'json' (as jansson dumps it: UTF-8, C0 escaped) with
 * each other character essay_write_safe() replaces escaped as \uXXXX. */
void essay__write_json(FILE *out, const char *json);
struct json_t;
/* A JSON string (jansson's json_t) for UTF-8 'text', or JSON null for NULL;
 * invalid UTF-8 (which the indexer never stores but in a path) falls back
 * to a string with the bad bytes replaced.  NULL when out of memory. */
struct json_t *essay__json_text(const char *text);

/* ---- essayfile.c: an essay file -> metadata + paragraphs ---------------- */

/* Paragraphs longer than this are split into passages at a sentence (or
 * word) boundary, so one huge paragraph cannot exhaust memory or swamp
 * ranking. */
#define ESSAY_MAX_PARAGRAPH 16384

/* Where a line of the file begins in the text of the paragraph it is part of. */
typedef struct {
    size_t offset;          /* byte of the paragraph's text */
    unsigned number;        /* line of the file, from 1 */
    unsigned indent;        /* bytes of white space before it in the file (lists.c) */
} essay_line_start;

typedef struct {
    const char *text;       /* hard-wrapped lines joined with single spaces */
    size_t len;
    unsigned line;          /* line of the file where it starts, from 1 */
    int bare_heading;       /* a heading that heads nothing (essayfile.c, "Headings") */
    size_t lines, n_lines;  /* its lines after the first: line_starts[lines ..
                               lines + n_lines) of its essay_file */
    unsigned indent;        /* bytes of white space before its first line in the file */
} essay_paragraph;

typedef struct {
    char *title;            /* header title, else the first non-empty line; never NULL */
    char *author;           /* NULL when absent; likewise the rest */
    char *date;             /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" (header.c, "Dates") */
    char *source;
    char *language;
    essay_paragraph *paragraphs;
    size_t n_paragraphs;
    essay_line_start *line_starts;  /* the paragraphs' lines after their first, in order */
    size_t n_line_starts;
    unsigned lines;         /* of the file: ended by LF, CRLF or a lone CR, or by its end */
    char *storage;          /* owns the paragraphs' text */
    /* What a person should hear of the file, in the order of its lines:
     * what is wrong with its header (ESSAY_NOTICE_HEADER: not closed, a
     * date not read, a key given twice, a language not known), then no
     * paragraph (ESSAY_NOTICE_EMPTY); each notice's path (the file's name)
     * and message ("NAME:LINE: ...") malloc'd (essay__notices_free()). */
    essay_notice *warnings;
    size_t n_warnings, cap_warnings;
    unsigned seen_keys;     /* header.c: a bit for each key the header gave a value */
} essay_file;

/* Parse the essay in 'buf'.  'name' is used only in messages.  Fails with
 * ESSAY_BAD_INPUT for what is not text (essay__text_check()). */
essay_status essay__file_parse(const char *name, const char *buf, size_t len, essay_file **out,
                               char **err);
void essay__file_free(essay_file *f);
/* catalogue.c: mark each run of f's paragraphs that is a publisher's
 * catalogue 'bare_heading' (see its top comment). */
void essay__mark_catalogues(essay_file *f);
/* lists.c: mark each of f's paragraphs that is a list of titles or an
 * index's names, lines without page numbers, 'bare_heading' (see its top
 * comment). */
void essay__mark_lists(essay_file *f);
/* lists.c: how the line or block s[0..n) ends in page numbers (one to
 * three figures, or a range of them, stops aside), if it does. */
typedef enum {
    ESSAY_NO_PAGE,
    ESSAY_PAGE_AFTER_COMMA,     /* "Demons, 91, 243." (and "May 4, 1940") */
    ESSAY_PAGE_AFTER_LEADER,    /* "The Problem .... 13", "The End   41": a line of contents */
} essay_page_ending;
essay_page_ending essay__page_numbers_ending(const char *s, size_t n);

/* ---- header.c: an essay's header fields, the warnings about an essay ---- */

/* Read the header line text[0..len) ("key: value", trimmed), line 'line'
 * of the file 'name', into its field of 'f', with a warning about what
 * cannot be used (see header.c).  Returns 0, or -1 when out of memory. */
int essay__header_field(essay_file *f, const char *name, const char *text, size_t len,
                        unsigned line);
/* The date the header value 'value' gives, in ISO form ("YYYY", "YYYY-MM",
 * "YYYY-MM-DD") into iso[0..11): its length, or 0 when it gives none. */
int essay__date_read(const char *value, char iso[11]);
/* Add to 'f', the file 'name', the warning 'kind' about line 'line' (0:
 * the whole file), its message formatted as printf() does.  Returns 0, or
 * -1 when out of memory. */
int essay__file_warn(essay_file *f, const char *name, essay_notice_kind kind, unsigned line,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Free the notices w[0..n), with their path and message, as essay__file_warn() makes them. */
void essay__notices_free(essay_notice *w, size_t n);
/* A malloc'd copy of s[0..n), cut to at most 'max' bytes at a character
 * boundary, with control characters (C0, DEL, C1) turned into spaces, then
 * trimmed.  *out is NULL when nothing is left.  Returns 0, or -1 when out
 * of memory. */
int essay__clean_copy(const char *s, size_t n, size_t max, char **out);

/* ---- analyze.c, language.c: analyzers, one per language ---------------- */

/* The stem of the folded term term[0..len) (a token's term), through the
 * cache, in *stem_len bytes; borrowed until the next call on 'an'.  NULL
 * when out of memory. */
const char *essay__analyzer_stem_term(essay_analyzer *an, const char *term, size_t len,
                                      size_t *stem_len);

/* essay_analyze(), for a caller that compares the tokens' stems with
 * stems it knows, whose first bytes are those 'initials' flags: a word that
 * begins otherwise (not with an apostrophe) may be left unstemmed (its stem
 * its term) where the stemmer keeps a word's first byte, as no stem of it
 * could match. */
essay_status essay__analyze_initials(essay_analyzer *an, const char *text, size_t len,
                                     const bool initials[256], essay_token_fn fn, void *ctx);

/* The analyzers of an index's languages: its default one (borrowed) and one
 * for each other language, made when first asked for. */
#define ESSAY_MAX_LANGUAGES 32      /* libstemmer has 29 */
typedef struct essay_languages essay_languages;
essay_languages *essay__languages_new(essay_analyzer *deflt);   /* NULL out of memory */
void essay__languages_free(essay_languages *l);
/* The analyzer of the language 'name' (libstemmer's name; NULL or "": the
 * default), or NULL when there is none (unknown, out of memory). */
essay_analyzer *essay__languages_get(essay_languages *l, const char *name);
/* The analyzer of the essay parsed as 'f': of the language its header names,
 * else the one its text is detected in, else the default (never NULL). */
essay_analyzer *essay__languages_of_essay(essay_languages *l, const essay_file *f);
/* Whether the folded term 'term' is one of Snowball's English stop words
 * ("the", "of", "what"). */
int essay__english_stopword(const char *term);
/* The irregular forms of the English word the folded word 'word' is: of a
 * verb ("went" and "gone" of "go"; none of "went", nor of a stop word), of
 * a noun ("children" of "child", "child" of "children"), into
 * forms[0..max) (static strings, but for a form made by rule, "madman" of
 * "madmen", which is written into 'made', strlen(word) + 1 bytes); returns
 * how many (wordforms.c). */
#define ESSAY_WORD_FORMS_MAX 8
size_t essay__word_forms(const char *word, const char **forms, size_t max, char *made);
/* The spellings the regular inflections of the English word the folded
 * word 'word' is may have ("walk", "walks", "walked", "walking" of
 * "walking"), itself first, into out[0..max); returns how many
 * (inflections.c).  Most are no words: keep those of the word's stem. */
#define ESSAY_INFLECTION_MAX 64     /* bytes of one, its NUL too */
#define ESSAY_INFLECTIONS_MAX 24
size_t essay__inflections(const char *word, char (*out)[ESSAY_INFLECTION_MAX], size_t max);
/* The other spellings of the English word the folded word 'word' is:
 * American of British ("color" of "colour"), British of American ("colour"
 * of "color"), into variants[0..max) (static strings); returns how many
 * (variants.c). */
#define ESSAY_SPELLING_VARIANTS_MAX 4
size_t essay__spelling_variants(const char *word, const char **variants, size_t max);
/* Whether the folded word 'word' is an ordinal from 1 to 99, in figures
 * ("4th") or in letters ("fourth", "twentyfirst"); if so, its other
 * spelling ("fourth", "4th", "21st") is in 'out' (ordinals.c). */
#define ESSAY_ORDINAL_MAX 24        /* bytes of an ordinal's other spelling, its NUL too */
int essay__ordinal_other(const char *word, char out[ESSAY_ORDINAL_MAX]);
/* Whether the folded word 'word' is a number from 2 to 99 whose roman
 * numeral has two letters or more, in figures or in that numeral; if so
 * its other spelling ("iii", "3", "xlii") is in 'out' (ordinals.c). */
int essay__numeral_other(const char *word, char out[ESSAY_ORDINAL_MAX]);

/* ---- query.c: the query language -> a parse tree -> a Xapian query ------ */

/* How a highlight term matches a token of the text. */
typedef enum {
    ESSAY_MATCH_STEM,       /* the token's stem equals 'text' */
    ESSAY_MATCH_EXACT,      /* the token's folded term equals 'text' */
    ESSAY_MATCH_PREFIX,     /* the token's folded term begins with 'text' */
} essay_match_kind;

typedef struct {
    char *text;
    size_t len;
    essay_match_kind kind;
    const char *const *stems;   /* ESSAY_MATCH_STEM in several languages: the stem in each
                                   (some NULL), any of which a token's stem may equal */
    size_t n_stems;
} essay_match_term;

/* A word (n == 1) or a phrase (n > 1, matched at consecutive positions) that
 * the snippet should cover and highlight. */
typedef struct {
    essay_match_term *terms;
    size_t n;
    double weight;          /* worth of covering it: rarer terms more (set by search.c) */
} essay_match_group;

typedef struct {
    essay_match_group *groups;
    size_t n;
} essay_matchset;

typedef struct essay_query essay_query;

/* How essay__query_parse() joins bare words: all of them, or any of them
 * (an explicit "a AND b" still requiring both), or any as the essay unit's
 * paragraphs holding some of the words are read (search.c), where the
 * essay holds them all and an explicit AND binds no tighter than a blank
 * ("irving AND westminster" finds what "irving westminster" does). */
enum { ESSAY_PARSE_ALL = 0, ESSAY_PARSE_ANY = 1, ESSAY_PARSE_SOME = 2 };

/* Leave out with each word 'q' excludes (in any group) the essays that
 * word names by their author or file name ("whistle NOT franklin":
 * Franklin's "The Whistle", whose text need not name him), as a word an
 * essay's names hold is one the essay holds (What matches, README): the
 * essays named(stem) gives, in the paragraph queries built after.  0, or
 * -1 on an error (in 'xe'). */
int essay__query_exclude_named(essay_query *q,
                               int (*named)(const char *stem, void *ctx, xc_query **out,
                                            xc_error *xe),
                               void *ctx, xc_error *xe);

/* Whether the word that ends at text[colon] (a ':') is a field's name
 * ("title", "author"...). */
int essay__query_field_name(const char *text, size_t colon);

/* Parse 'text' with the analyzer the index was built with.  'match_any'
 * (ESSAY_PARSE_*) joins bare words with OR instead of AND.  A bad query fails with
 * ESSAY_BAD_QUERY and "column N: what" in *err.  The analyzer must outlive
 * the query (essay__query_rewrite() stems with it). */
essay_status essay__query_parse(essay_analyzer *an, const char *text, size_t len, int match_any,
                                essay_query **q, char **err);
/* The same with the words stemmed in each language of ans[0..n_ans) (the
 * languages an index holds, its default first): a word matches its forms in
 * any of them, a phrase or NEAR its words in one of them; a lang: filter
 * that the query's top level holds keeps its words to that language. */
essay_status essay__query_parse_in(essay_analyzer *const *ans, size_t n_ans, const char *text,
                                   size_t len, int match_any, essay_query **q, char **err);
/* How much of text[0..len) a query within the limits of essay.h can hold:
 * 'len' when the whole is within them, else the bytes of its start that
 * are, cut at a blank within ESSAY_QUERY_MAX_BYTES and before the operand
 * (a word, a "phrase", a field, with its NOT or '-') that passes
 * ESSAY_QUERY_MAX_WORDS, as a match_any query reads the text, without
 * the operators or '(' left with nothing after them; 0 when not even its
 * first operand fits (a phrase of more than ESSAY_QUERY_MAX_WORDS).
 * When it is cut, *words is the words and filters it keeps, as the limit
 * counts them. */
size_t essay__query_fit(essay_analyzer *const *ans, size_t n_ans, const char *text, size_t len,
                        size_t *words);
/* The Xapian query for 'q'; NULL (with 'xe' set) on a Xapian error. */
xc_query *essay__query_build(const essay_query *q, xc_error *xe);
/* The paragraphs of essay__query_build() that hold 'q' in their text: its
 * query without the alternatives of its phrases in the essay's title (and
 * without weights that matter: a filter).  *titled is 0 and the result
 * NULL, not an error, when no phrase of 'q' may match a title; NULL with
 * *titled set: a Xapian error in 'xe'. */
xc_query *essay__query_build_text(const essay_query *q, int *titled, xc_error *xe);
/* The query 'q' asks of the essay database (essays.c), to rank essays by
 * their whole text: its words and title words, with phrases and NEAR as
 * plain AND (essays have no positions), and without what essays cannot
 * check -- exclusions, filters, =exact words, prefixes -- so that it matches
 * every essay that has a paragraph matching 'q' (and maybe more).  *ranked
 * is 0 and the result NULL, not an error, when 'q' ranks by nothing an
 * essay holds (only =exact words, prefixes or filters).  NULL with *ranked
 * set: a Xapian error in 'xe'. */
xc_query *essay__query_build_essays(const essay_query *q, int *ranked, xc_error *xe);
/* For 'q' read as any of its words (match_any) with two words or more
 * besides common words, in *every the query of the paragraphs that hold each
 * of them (its filters and exclusions as they are, the title bonus as
 * essay__query_build() gives it) but the words that name an author, which
 * rank without being needed (names_essays(stem, ctx): they name essays, by
 * author or file name; is_name(term, ctx): and are a name: an author, whose
 * own text seldom names him); else (or when every word names one) *every
 * NULL.  0, or -1 on an error (in 'xe'). */
int essay__query_build_every(const essay_query *q, int (*names_essays)(const char *stem, void *ctx),
                             int (*is_name)(const char *term, void *ctx), void *ctx,
                             xc_query **every, xc_error *xe);
/* Of a query of plain words that must all be found (no phrase, operator or
 * field), some of which name an author (names_essays(stem, ctx): they name
 * essays, by author or file name; is_name(term, ctx): and are a name, which
 * costs more to tell and is asked last: "thoreau railroad") and some not
 * (common words aside). */
#define ESSAY_HEADING_TERMS_MAX 8   /* a query's heading keys kept: two a language */
typedef struct {
    xc_query *names;        /* the essay database's query of the essays they name (all) */
    xc_query *others;       /* the paragraphs' query of the other words */
    xc_query *some;         /* the paragraphs' query of any of them, common words aside */
    xc_query *text;         /* the paragraphs' query of the naming words (any) */
    xc_query *adjacent;     /* a naming word and a word typed beside it, a phrase ("new
                               england", "king henry"): a name of something else; or NULL */
    char headings[ESSAY_HEADING_TERMS_MAX][18]; /* the heading keys of the other words */
    size_t n_headings;                          /* (essay__query_heading_terms()) */
} essay_named_words;
/* Those of 'q' in *out (owned; all NULL when the query is not such).  0,
 * or -1 on an error (in 'xe'). */
int essay__query_named_words(const essay_query *q,
                             int (*names_essays)(const char *stem, void *ctx),
                             int (*is_name)(const char *term, void *ctx), void *ctx,
                             essay_named_words *out, xc_error *xe);
void essay__named_words_clear(essay_named_words *w);
/* The heading keys (headings.c) of the words of 'q', when it types words and
 * phrases alone (no operator, field or exclusion, and no name searched as
 * typed: essay__query_fit_index()), into terms[0..max): one
 * a language of the parse, those that differ; returns how many. */
size_t essay__query_heading_terms(const essay_query *q, char (*terms)[18], size_t max);
/* The heading keys of the words of 'q' with one of its common words after
 * the first word that is none left out, each in turn, at most
 * ESSAY_HEADING_VARIANTS of them ("the origin of the species" names "On the
 * Origin of Species"; "letters to the dead authors" "Letters to Dead
 * Authors"), as essay__query_heading_terms() gives them; returns how many. */
#define ESSAY_HEADING_VARIANTS 3
size_t essay__query_heading_variants(const essay_query *q, char (*terms)[18], size_t max);
/* Whether the query ranks by title: fields alone ("title:orthodoxy",
 * "title:\"the republic\" year:1901"): every paragraph of the essays it
 * names holds them alike. */
int essay__query_titles_only(const essay_query *q);
/* How many parts of 'q' must each be found for an essay to match it: the
 * words, phrases and groups its top-level AND joins that an essay can hold
 * (1 for a single part, an OR, or a match_any query).  With two or more, an
 * essay may hold them in different paragraphs (essay_search_options
 * .same_paragraph). */
size_t essay__query_parts(const essay_query *q);
/* Whether the question 'q', read for any of its words (a question typed
 * as one, or under match_any; not a quote searched as written), asks of
 * someone named by its 'words' words
 * after a question word and an auxiliary ("what did Thoreau say about ...",
 * "what did Henry James write", "why does Stevenson ...", and after "is" and
 * "was" only a possessive: "what was Stevenson's advice"; or last, after
 * "according to", which *rest leaves out too), plain words not
 * common, with a word after them: the name as typed in *name, its words
 * folded in *folded (separated by spaces), the query of the essay database
 * for essays whose names (ESSAY_PREFIX_NAME, essays.c) hold each of them in
 * *names, the query without the name in *rest, each owned by the caller
 * (0, and all NULL, when not, or out of memory).  A name has at most
 * ESSAY_ASKED_NAME_MAX words ("Robert Louis Stevenson"). */
#define ESSAY_ASKED_NAME_MAX 3
int essay__query_asked_of(const essay_query *q, size_t words, char **name, char **folded,
                          xc_query **names, char **rest);
/* For a query of plain words (no phrase, operator, field or exclusion), in
 * *names the query of the essay database that matches the essays whose
 * names (author, file name: essays.c) hold every word of it but the common
 * ones ("quintus ennius": the essays of Quintus Ennius).  *names NULL when
 * the query is not of plain words or holds only common words.  0, or -1 on
 * an error (in 'xe'). */
int essay__query_names(const essay_query *q, xc_query **names, xc_error *xe);
/* For a query of plain words (no phrase, operator, field or exclusion):
 * the query that matches the paragraphs closest to holding them all, each
 * word as typed.  Of min_words to max_words distinct ones besides common
 * words, those holding all of them but one: "(a b c) OR (a b d) OR (a c d)
 * OR (b c d)"; of min_run_words words or more, common ones included, those
 * holding three in a row, as typed, of its first 24: '"do not ride" OR
 * "not ride on" OR ...' -- the words of a quote remembered with one wrong.
 * A run needs two words that are not common, or one that at most
 * 'max_run_freq' paragraphs of 'db' (NULL: any) hold.  NULL when nothing applies (or
 * out of memory).  Malloc'd. */
char *essay__query_closest(const essay_query *q, size_t min_words, size_t max_words,
                           size_t min_run_words, xc_db *db, unsigned max_run_freq);
/* For a query of plain words that reads as a sentence: min_words typed or
 * more, common words among them and two or more that are not.  In '*out',
 * the query that matches the paragraphs holding its words in their order
 * (of its first 10) but one, left out or replaced by another: for "books
 * are not completely dead things", Milton's "Books are not absolutely dead
 * things".  Each word left out in turn, the others a phrase with room for
 * one word more, asked when one of its words that is not common is in at
 * most 'max_freq' paragraphs of 'db'.  Of 'min_whole' words (three at
 * least) up to min_words, common words among them and one or more that
 * are not, a quote
 * too short to leave a word out of ("went to the woods", "castles in the
 * air"): the paragraphs holding them all as typed, a phrase, asked as
 * above or when at most 'max_freq' paragraphs hold all of its words that
 * are not common; the same with each word's irregular forms beside it
 * ("go to the woods": "went to the woods"); and the essay whose title holds
 * them so ("as long as it takes").  The same of two words, none common, that
 * the index holds side by side more often than joined by "and" or "or",
 * not two names ("free will", "simplify simplify"; not "gold silver",
 * "thoreau concord"), and of three or more with one typed twice in a row,
 * asked as above; and of three or more common words alone ("to be or not
 * to be"), asked when at most four times 'max_freq' paragraphs hold them
 * all.  A question's opening ("why did") is no
 * part of either: its answer does not hold it.  *out NULL when nothing
 * applies.  0, or -1 on an error (in 'xe'). */
int essay__query_sentence(const essay_query *q, size_t min_whole, size_t min_words, xc_db *db,
                          unsigned max_freq, xc_query **out, xc_error *xe);
/* Does 'q' read as a question: words only (no phrase, operator, field or
 * exclusion), two or more, beginning with a question word ("who", "what",
 * "why", ...) or ending in "?".  A question is searched for any of its
 * words (issue 20: it holds words no answer holds, "who wrote ...").
 * Parsed leniently (match_any), a quote left unmatched is punctuation, so
 * 'who said "the mass of men' is a question. */
int essay__query_is_question(const essay_query *q);
/* The paragraph queries of the first 'max' parts of 'q' (as counted by
 * essay__query_parts()) that are phrases or NEARs, which an essay holds only
 * when one of its paragraphs matches them, into out[]; how many (SIZE_MAX,
 * with 'xe' set, on a Xapian error). */
size_t essay__query_phrases(const essay_query *q, xc_query **out, size_t max, xc_error *xe);
/* Fit the words of 'q' to the index 'db': drop each stem, in a language of
 * the index other than its default, that no paragraph of 'db' in that
 * language holds (it could only match paragraphs of other languages), and
 * each other spelling of a word ("color" of "colour") that none holds;
 * search a word that is a name the English stemmer makes another word of
 * ("Wilde": "wild") by its exact term, as =word is (query.c says when); and
 * expand each prefix* over 'db' (all its shards alike).  0, or -1 with *xe
 * set. */
int essay__query_fit_index(essay_query *q, xc_db *db, xc_error *xe);
/* Check what the wildcards of 'q' stand for against the limits of essay.h:
 * its prefixes (words, at most the PREFIX_MAX_EXPANSION most frequent each)
 * against ESSAY_QUERY_MAX_EXPANSION, its essay: filters (essay names) against
 * ESSAY_QUERY_MAX_NAMES.  count(prefix, max, ctx) says how many terms of the
 * index begin with 'prefix' (the term itself, with its schema prefix), or
 * 'max' when there are at least that many.  Returns ESSAY_OK, or
 * ESSAY_BAD_QUERY with "column N: what" in *err at the wildcard that goes
 * past a limit. */
essay_status essay__query_check_expansion(const essay_query *q,
                                          size_t (*count)(const char *prefix, size_t max,
                                                          void *ctx),
                                          void *ctx, char **err);
/* The positive words and phrases of 'q', for snippets (owned by 'q'). */
essay_matchset *essay__query_matchset(essay_query *q);
/* The text of 'q' with each word that corrector(word, stem, as_name, context, ctx)
 * returns a malloc'd different word for replaced by it, in the case the word
 * was typed in (each letter kept keeps its case: "O'Conell" -> "O'Connell";
 * the others as the word is: capitalised or in capitals); every other byte
 * of the text is kept.  Only the words that rank are offered (not excluded
 * ones, =exact words, prefixes, fields but title:, nor stop words), folded and with
 * their stems.  A word whose correction the query already holds (same folded
 * form, or same stem in a language of the query) is left as typed.  NULL if
 * no word changed (or out of memory).  With 'names', a word typed as a name
 * (a capital but on the query's first word, or a capital inside it:
 * "O'Connell") is offered with 'as_name' set: the corrector then replaces it
 * only by a name (a name the index lacks: "Orban" is no typo of "organ").
 * 'context' is what the correction is to be found with: the AND of the
 * other plain words of the query's top level ("ichabod" for "crain"), or
 * NULL; when two words or more are corrected, each is offered again with
 * the others corrected left out of it (no paragraph holds a word
 * misspelt).  The words of an author: field are offered to 'author_corrector'
 * (folded; NULL: they stand).  Used for "did you mean". */
char *essay__query_rewrite(const essay_query *q,
                           char *(*corrector)(const char *word, const char *stem, int as_name,
                                              const xc_query *context, void *ctx),
                           char *(*author_corrector)(const char *word, void *ctx),
                           void *ctx, int names);
/* Whether a word of 'q' is typed as a name (essay__query_rewrite()'s
 * 'names'): else a rewrite with 'names' offers every word as one without. */
int essay__query_types_a_name(const essay_query *q);
/* 'text' with its blanks that are no ASCII one (a no-break space, U+2000 to
 * U+200A, U+202F, U+205F, U+3000) made as many spaces as their bytes: a
 * query pasted from a web page separates its words there, as a space does,
 * where they would join two words into a phrase; a byte of the query is
 * where it was (malloc'd; NULL out of memory). */
char *essay__query_blanked(const char *text);
/* 'text' with its double quotes (those the query language reads: straight
 * or curly) made spaces: its phrases taken apart into their words
 * (malloc'd; NULL out of memory). */
char *essay__query_unquoted(const char *text);
/* essay__query_unquoted() of 'text' with the words a hyphen, '/', ':' or
 * '.' joins into one (a phrase of the query language: "chesterton-shaw",
 * "note/walden") taken apart too; a field's value stays as typed
 * ("essay:irving-washington"), and so does '.' between digits ("4.5").
 * For reading a query as any of its words.  Malloc'd; NULL out of memory. */
char *essay__query_apart(const char *text);
/* An author:, year: or date: filter of a query's text (essay__query_filters()). */
typedef struct {
    int author, year;       /* author:; year:; neither: date: */
    int excluded;           /* right after '-' or NOT */
    size_t start, end;      /* its bytes in the text, "author:" and quotes too */
    size_t value, value_len;    /* its value's bytes, without the quotes */
} essay_query_filter;
/* The author:, year: and date: filters of 'text', as the all-words query
 * language lexes it, in order, at most 'max' of them in 'out': how many
 * (0 when 'text' does not lex: an unbalanced quote). */
size_t essay__query_filters(const char *text, essay_query_filter *out, size_t max);
void essay__query_free(essay_query *q);

/* ---- output.c ----------------------------------------------------------- */

/* The path to show a person: 'path' relative to the current directory 'cwd'
 * when under it (borrowed from 'path'). */
const char *essay__display_path(const char *path, const char *cwd);

/* ---- search.c: results ------------------------------------------------- */

/* Whether the context of the hit 'h' was read (it may be none), so that
 * the JSON writer gives it "before" and "after". */
int essay__hit_has_context(const essay_hit *h);
/* The line of the file that holds byte 'offset' of the text of hit 'h'. */
unsigned essay__hit_line_at(const essay_hit *h, size_t offset);
/* The facets of 'r' (essay_results_count_facets()), or NULL when none were
 * counted. */
typedef struct essay_facets essay_facets;
const essay_facets *essay__results_facets(const essay_results *r);
/* The facets of 'r' to write with its hits: a mask of 1u << essay_facet
 * (0 when none were counted). */
unsigned essay__results_facets_shown(const essay_results *r);
/* The stemming language of the searcher 'r' came from (its anchors' stems). */
const char *essay__results_language(const essay_results *r);
/* The analyzer of 's' (borrowed). */
essay_analyzer *essay__searcher_analyzer(essay_searcher *s);

/* ---- facets.c: the essays, authors, years and months of a match -------- */

/* Count the paragraphs matching 'q' in 'db' essay by essay (Xapian's value
 * counting of ESSAY_SLOT_ESSAY), and those essays by author, year and
 * month, into *out (freed with essay__facets_free()).  Returns 0, or -1
 * on an error (in 'xe': XC_ERR_NOMEM when out of memory). */
int essay__facets_count(xc_db *db, const xc_query *q, essay_facets **out, xc_error *xe);
/* Facet 'which' of 'f' as essay_results_facet() gives it. */
const essay_facet_count *essay__facets_get(const essay_facets *f, essay_facet which, size_t *n);
void essay__facets_free(essay_facets *f);

/* ---- slips.c: a typist's slips undone ------------------------------------ */

typedef enum {
    ESSAY_SLIP_SWAPPED,     /* two adjacent letters but the first swapped ("jial") */
    ESSAY_SLIP_DOUBLED,     /* a letter typed twice ("oill") */
} essay_slip;

/* The word of the index that 'word' (of small letters) makes with one slip
 * of the kind 'kind' undone ("jail", "oil"), the one most paragraphs hold if
 * several do; NULL when none is held, or 'word' is of 20 bytes or more. */
char *essay__slip_undone(xc_db *db, const char *word, essay_slip kind);

/* ---- spelling.c: "did you mean" for one word ---------------------------- */

/* The English dictionary a word the index lacks is looked up in (Hunspell's
 * en_US), opened when first needed; a searcher owns one. */
typedef struct {
    void *hunspell;         /* Hunhandle *, or NULL: not opened, or not installed */
    int tried;              /* whether it was opened (or found missing) */
} essay_dictionary;

/* Is one of 'words' (folded, as the index holds them, separated by spaces;
 * cut at them) a name to the index: a word no paragraph holds (the names of
 * essays aside: essays.c), or one its paragraphs write as a name, with a
 * capital inside a sentence more often than not ("Thoreau", "Henry"; not
 * "art", "learning")?  On an error, no. */
int essay__spelling_one_is_name(xc_db *db, char *words);
/* The correction of the query word 'word' (folded, as the analyzer gives it;
 * 'stem' its stem) from the spelling data and term frequencies of 'db', or
 * NULL when it stands.  Only a word the index does not know is corrected:
 * one whose stem no paragraph holds, or in an English index, one no
 * paragraph holds as it is and 'dict' does not know ("goverment", though
 * "governess" has its stem); but when the query 'found_nothing', a name the
 * index holds that no paragraph holds with 'context' may be replaced by a
 * more frequent name one edit away that goes with it ("edgar allen poe":
 * "allan"; spelling.c says when).  In an English index, first by the word an
 * apostrophe put back makes, a stop word or the possessive of a word a
 * paragraph holds or of an author's or file name's ("didnt" -> "didn't",
 * "thoreaus" -> "thoreau's"), or another word a paragraph holds unless a
 * correction by letters is more frequent (a word of 'dict' only when the query
 * 'found_nothing' and its stem is held nowhere: "cant").  Else, when 'dict'
 * does not know it either: by the word of the index two adjacent letters but its
 * first swapped make; else, one of 5 characters or more, by the word of the
 * spelling data one edit away (the most frequent of several) when a
 * paragraph holds it with 'context' (the query's other words; NULL: none),
 * else by the word one or two edits away the paragraphs of the context hold
 * most often (spelling.c says when it may replace a frequent one); never by an
 * English stop word when the index holds English essays.  With 'as_name'
 * (the word was typed as a name), only by a word that begins each of its
 * parts with the same letter and that the index writes as a name (with a
 * capital inside a sentence, more often than not).  When the query
 * 'found_nothing' and none of these is found, a word whose stem no
 * paragraph holds, of 'dict' or not, is corrected into the nearest word of
 * an author's name or of a file name, as essay__spelling_correct_author()
 * finds it ("irvin" -> "irving").
 * Malloc'd.  NULL too on a Xapian error: a suggestion is a courtesy, and a
 * failure to make one does not fail the search. */
char *essay__spelling_correct(xc_db *db, essay_dictionary *dict, const char *word,
                              const char *stem, int as_name, const xc_query *context,
                              int found_nothing);
/* The correction of the word 'word' (folded) of an author: field: NULL
 * when a paragraph's author holds it (its ESSAY_PREFIX_AUTHOR term), else
 * the word of an author one slip away (two for a word of 5 characters or
 * more; none under 4), the fewest slips and then the most paragraphs
 * first, or NULL when none is that near.  Malloc'd.  NULL on an error. */
char *essay__spelling_correct_author(xc_db *db, const char *word);

/* ---- names.c: the words of the essays' names --------------------------- */

/* The word of an author's name, or with 'file_names' of a file name too
 * (its runs of letters without digits, folded as far as ASCII goes),
 * nearest 'word' (folded): 'max_edits' edits away or fewer, the fewest
 * first, then the one more paragraphs (of a file name's word in a
 * database that lists them, essays) have.  NULL when 'word' is one of
 * them, none is that near, it is longer than ESSAY_EDIT_CHARS_MAX
 * characters, or on an error.  Malloc'd. */
char *essay__nearest_name_word(xc_db *db, const char *word, unsigned max_edits, int file_names);
/* Whether 'word' (folded) is a word of an author's name or of a file
 * name.  On an error, no. */
int essay__in_names(xc_db *db, const char *word);
/* Add to 'doc', the first paragraph of its essay, the
 * ESSAY_PREFIX_NAME_WORD term of each word of the file name of 'path'.
 * 0, or -1 on an error (in 'xe'). */
int essay__add_name_words(xc_doc *doc, const char *path, xc_error *xe);
/* Mark 'wdb', new (essay__store_put_format(), a delta), as a database that
 * lists its file names' words (ESSAY_META_NAMES).  0, or -1 on an error (in
 * 'xe'). */
int essay__names_mark_listed(xc_wdb *wdb, xc_error *xe);
/* The database 'from' folded into 'to': 'to' lists its file names' words
 * no more unless 'from' did (a delta an older essay-index wrote).  0, or -1
 * on an error (in 'xe'). */
int essay__names_fold(xc_wdb *from, xc_wdb *to, xc_error *xe);
/* Call 'fn' with each path term of a file name (ESSAY_PREFIX_PATH, no
 * directory) that has a part beginning with typed[0..len): the name's
 * start, or what follows a character that is no letter or digit, before
 * its extension ("heretics" is a part of
 * "Chesterton-G-K__Heretics__761103e.txt", "txt" none), ASCII letters of
 * either case alike; until 'fn' returns non-zero.  A name that begins
 * with no letter or digit begins no part.  0, or -1 on an error (in 'xe'). */
int essay__names_with_part(xc_db *db, const char *typed, size_t len,
                           int (*fn)(const char *term, size_t len, void *ctx), void *ctx,
                           xc_error *xe);

/* ---- dictionary.c: the English dictionary ------------------------------ */

/* Whether the English dictionary is installed (opened the first time it is asked). */
int essay__dictionary_installed(essay_dictionary *dict);
/* Whether it knows 'word' (folded: lower case), as it is or with a capital
 * ("Milan"), or a capital to each part ("O'Connell"); not installed, nothing. */
int essay__in_dictionary(essay_dictionary *dict, const char *word);
/* Let it go (a searcher's close). */
void essay__dictionary_close(essay_dictionary *dict);

/* ---- snippet.c: best passage of a paragraph + highlight spans ----------- */

typedef struct {
    char *text;             /* the snippet: whole words, "…" where text was cut */
    size_t len;
    essay_span *spans;      /* highlighted words and phrases, byte offsets into 'text' */
    size_t n_spans;
    size_t first_match;     /* the byte of the paragraph's text where the first highlight
                               starts (where the snippet starts when it has none) */
} essay_snippet;

/* Choose the window of about 'max_bytes' of 'text' that covers the most
 * weight of 'm' (ties: earliest), cut at word and, where possible, sentence
 * boundaries, and highlight every token of it that matches a group of 'm'
 * (phrases as one span).  A short paragraph is returned whole. */
essay_status essay__snippet(essay_analyzer *an, const char *text, size_t len,
                            const essay_matchset *m, size_t max_bytes, essay_snippet *out);
void essay__snippet_clear(essay_snippet *s);

/* ---- cite.c: anchors ---------------------------------------------------- */

/* essay_hit_anchor() with the analyzer 'an' (of the index's language). */
essay_status essay__hit_anchor(essay_analyzer *an, const essay_hit *h,
                               char anchor[ESSAY_ANCHOR_SIZE]);


/* ---- copies.c: a passage reprinted in several essays ------------------- */

/* A paragraph's content hash, gathered token by token as it is analysed:
 * essay__hash64() of the stems of its own words in order, each followed by
 * a space, the headings over it left out.  The anchor shows its low 32
 * bits; the index stores it whole as the paragraph's copy key. */
typedef struct {
    size_t body;            /* where the paragraph's own text starts, after its headings */
    uint64_t hash;
    size_t words;           /* of its own text, a hyphenated word's whole not counted */
} essay_content_hash;
/* Where the paragraph text[0..len) has its own text: after the headings
 * over it, each ended by "\n" (essayfile.c). */
size_t essay__paragraph_body(const char *text, size_t len);
/* Start the hash of a paragraph whose own text starts at byte 'body' of
 * the text analysed. */
void essay__content_hash_start(essay_content_hash *c, size_t body);
/* Add token 't' of that text (those before 'body' are left out). */
void essay__content_hash_add(essay_content_hash *c, const essay_token *t);
/* Paragraphs of fewer words than this have no copy key: a heading
 * ("CHAPTER I."), a line of verse or a short answer is the same text in
 * many essays without being a reprint of one passage. */
#define ESSAY_COPY_MIN_WORDS 8
/* The copy key of the hashed paragraph 'c' (ESSAY_SLOT_COPY) into 'key',
 * and its ESSAY_PREFIX_COPY term into 'term': 1, or 0 when it has none
 * (too few words). */
int essay__copy_key(const essay_content_hash *c, unsigned char key[8], char term[18]);
/* The ESSAY_PREFIX_COPY term of the copy key value[0..len) (ESSAY_SLOT_COPY)
 * into 'term': 1, or 0 when it is not one (unset). */
int essay__copy_term(const char *value, size_t len, char term[18]);
/* Add the paragraph 'doc' to 'wdb', and when another paragraph there has
 * its text, give ESSAY_SLOT_COPIED to it and to the other, if it was the
 * one: where every paragraph is added so, a database ESSAY_META_COPIES
 * stays so.  'later': a rebuild, which keys its copies once all are
 * written (essay__copies_key_rebuilt()): only add it. */
int essay__copies_add(xc_wdb *wdb, const xc_doc *doc, int later, xc_error *xe);
/* Once a rebuild 'wdb' is complete: give ESSAY_SLOT_COPIED to every
 * paragraph that has a copy there (unless 'merged' from parts keyed so
 * before: essay__copies_key_parts()), and make it ESSAY_META_COPIES. */
int essay__copies_key_rebuilt(xc_wdb *wdb, int merged, xc_error *xe);
/* Give ESSAY_SLOT_COPIED to every paragraph with a copy in the databases
 * paths[0..n) taken together, each written and committed: a rebuild's
 * parts, before they are merged (indexdir.c). */
int essay__copies_key_parts(const char *const *paths, size_t n, xc_error *xe);

/* ---- headings.c: what a person types to name a section ----------------- */

/* The key of a heading, or of the words a query types, gathered word by word. */
typedef struct {
    uint64_t all, after;    /* the hash of every word, and of those after the leading */
    size_t words, leading;  /* words hashed; of them, the English stop words leading */
    int named;              /* a word is no stop word */
} essay_heading_key;
void essay__heading_key_start(essay_heading_key *k);
/* Add the word 'term' (folded) of stem[0..stem_len) and ESSAY_TOKEN_* 'flags'
 * (a hyphenated word's whole is left out). */
void essay__heading_key_add(essay_heading_key *k, const char *term, const char *stem,
                            size_t stem_len, unsigned flags);
/* The ESSAY_PREFIX_HEADING terms of 'k' into terms[0..2): of every word, and
 * after one or two leading stop words, of the rest; returns how many (0:
 * stop words only). */
size_t essay__heading_key_terms(const essay_heading_key *k, char terms[2][18]);
/* Call fn(term, ctx) with the key term of each line heading the paragraph
 * 'text', which end at 'body' (essay__paragraph_body()), and when 'title'
 * is not NULL, of that title, analysed with 'an' (a key may come twice).
 * 0, or -1: out of memory, or what 'fn' returned. */
int essay__heading_keys(essay_analyzer *an, const char *text, size_t body, const char *title,
                        int (*fn)(const char *term, void *ctx), void *ctx);
/* Whether the folded word 'term' numbers a section when a number follows
 * it ("CHAPTER IV", "PART II", but "PART OF THE WAY"). */
int essay__numbers_sections(const char *term);
/* Add them to 'doc' as filter terms.  0, or -1 (in 'xe'). */
int essay__add_heading_keys(essay_analyzer *an, xc_doc *doc, const char *text, size_t body,
                            const char *title, xc_error *xe);

/* ---- kwic.c: keyword in context ---------------------------------------- */

/* One line of a concordance: 'text' (malloc'd) and the bytes of the match in it. */
typedef struct {
    char *text;
    size_t match_start, match_end;
} essay_kwic_line;

/* Lay out the match text[start..end) of a paragraph text[0..len) on a line
 * 'block' columns wide (display columns, utf8proc_charwidth(): wide
 * characters 2, combining marks 0, kept with their character): the
 * context before it, as many whole characters as fit in 'left' columns,
 * right-aligned in them, the match, and the context after it in the
 * columns left, padded with spaces; the text as written around the match
 * (a blank each side only where the text has one: "tour, as"), white space
 * runs as one space, and the characters a terminal must not see raw as
 * U+FFFD.  0, or -1 out of memory. */
int essay__kwic_line(const char *text, size_t len, size_t start, size_t end, size_t left,
                     size_t block, essay_kwic_line *out);
/* The display columns of text[0..len) as essay__kwic_line() lays it out. */
size_t essay__kwic_width(const char *text, size_t len);

/* ---- schema.c: how a paragraph is laid out in a Xapian document --------- */

/* Term prefixes.  Stemmed words carry positions (so phrases match
 * inflections); unstemmed words are indexed too, without positions. */
#define ESSAY_PREFIX_STEM    "Z"    /* Z<stem>, positional */
#define ESSAY_PREFIX_TITLE   "S"    /* S<stem> of each title word in each paragraph with a
                                       word of its own; positional in the first (a phrase
                                       matches the title there, once an essay; an index made
                                       before has positions in all); in essays.c without */
#define ESSAY_PREFIX_AUTHOR  "A"    /* A<folded word> of the author, boolean */
#define ESSAY_PREFIX_ESSAY   "E"    /* E<essay id>, boolean: all paragraphs of an essay */
#define ESSAY_PREFIX_PATH    "P"    /* P<path>, P<file name>; essay: matches their beginnings */
#define ESSAY_PREFIX_NAME    "N"    /* N<stem> of the words of the author and file name, boolean,
                                       in the essay database only (essays.c) */
#define ESSAY_PREFIX_YEAR    "Y"    /* Y<yyyy>, boolean */
#define ESSAY_PREFIX_LANG    "L"    /* L<language> of the essay's analyzer, boolean: lang:
                                       filters by it, and the searcher reads the languages an
                                       index holds from the L terms there are */
#define ESSAY_PREFIX_UNIQUE  "Q"    /* Q<essay id>:<paragraph>, unique per document */
#define ESSAY_UNIQUE_TERM_MAX 64    /* bytes of a Q term and its NUL, at most */
#define ESSAY_PREFIX_COPY    "K"    /* K<copy key, 16 hex digits>, boolean: the paragraphs of
                                       the same text (copies.c, essay__copy_key()), counted for
                                       a hit's copies; none where ESSAY_SLOT_COPY is unset */
#define ESSAY_PREFIX_CAPITALS "C"   /* C<folded word>, boolean: the paragraph writes the word
                                       only with a capital, once inside a sentence (capitals.c) */
#define ESSAY_PREFIX_OPENING "B"    /* B<folded word>, boolean: ... only with a capital, at the
                                       beginnings of sentences (capitals.c) */
#define ESSAY_PREFIX_HEADING "G"    /* G<heading key, 16 hex digits>, boolean: a line heading
                                       the paragraph, or a part of it, or of the title of the
                                       title paragraph (headings.c); none in an index made
                                       before */
#define ESSAY_PREFIX_NAME_WORD "W"  /* W<word> of the file name (names.c), boolean, on the
                                       first paragraph of its essay: the distinct words of the
                                       essays' names, where the database is ESSAY_META_NAMES */
#define ESSAY_TERM_BARE_HEADING "H" /* boolean, alone: the paragraph is a heading that heads
                                       nothing (essayfile.c), ranked after the text
                                       (rank_essays.c); an index made before has none */

#define ESSAY_SLOT_DATE      0      /* "YYYY[-MM[-DD]]" as written in the header */
#define ESSAY_SLOT_ESSAY     1      /* essay id, for collapsing */
#define ESSAY_SLOT_LANGUAGE  2      /* the essay's language (language.c) when it is not the
                                       index's default; unset for the default's */
#define ESSAY_SLOT_COPY      3      /* the paragraph's copy key (copies.c, essay__copy_key()):
                                       8 bytes, big-endian; unset for a paragraph of fewer
                                       than ESSAY_COPY_MIN_WORDS words, and in an index made
                                       before it.  The search collapses on it (tiers.c) */
#define ESSAY_SLOT_COPIED    4      /* the copy key again, on a paragraph that has a copy in
                                       its database (copies.c): on each one where the database
                                       is ESSAY_META_COPIES, and the search of that database
                                       alone collapses on it, the fewer to read */

/* Index metadata keys. */
#define ESSAY_META_FORMAT    "essay:format"     /* ESSAY_FORMAT_VERSION */
#define ESSAY_META_LANGUAGE  "essay:language"   /* the analyzer's stemming language */
#define ESSAY_META_ROOTS     "essay:roots"      /* recorded corpus paths, one a line */
#define ESSAY_META_SHARD     "essay:shard"      /* "K/N" in shard K of N; unset when unsharded */
#define ESSAY_META_EXCLUDE   "essay:exclude"    /* exclude patterns, one a line; unset: none */
#define ESSAY_META_EXTENSIONS "essay:extensions"  /* essay file extensions, one a line;
                                                     unset: essay__default_extensions */
#define ESSAY_META_ESSAY     "essay/"           /* essay/<id> -> bookkeeping record */
#define ESSAY_META_DELTA     "essay:delta"      /* in a delta (delta.c): its generation */
#define ESSAY_META_FOLDED    "essay:folded"     /* the generation of the last delta folded in */
#define ESSAY_META_LAST_UPDATE "essay:last-update"  /* the last update's record (lastupdate.c) */
#define ESSAY_META_GENERATION "essay:generation"  /* in both databases of an index directory:
                                                   the commits they are in step at (store.c) */
#define ESSAY_META_JOURNAL   "essay:journal"    /* in an essay database: the ids of the essays
                                                   its last commit changed (store.c) */
#define ESSAY_META_COPIES    "essay:copies"     /* ESSAY_COPIES_KEYED: every paragraph with a
                                                   copy has ESSAY_SLOT_COPIED (copies.c) */
#define ESSAY_COPIES_KEYED   "keyed"
#define ESSAY_META_NAMES     "essay:names"      /* ESSAY_NAMES_LISTED: made new by a writer
                                                   that gives every essay its
                                                   ESSAY_PREFIX_NAME_WORD terms (names.c) */
#define ESSAY_NAMES_LISTED   "listed"
#define ESSAY_FORMAT_VERSION "1"

/* The id of the essay at absolute path 'path' (symbolic links resolved,
 * so that two names of one file are one essay): 16 hex digits + NUL. */
void essay__essay_id(const char *path, char id[17]);
/* The shard (of 'n') of that essay: its id, as a number, mod n. */
unsigned essay__essay_shard(const char *path, unsigned n);

/* The stored fields of one paragraph document. */
typedef struct {
    const char *path, *title, *author, *date, *text;
    size_t path_len, title_len, author_len, date_len, text_len;   /* author/date may be 0 */
    unsigned line, paragraph;
    const essay_line_start *line_starts;    /* packed: the lines after its first */
    size_t n_line_starts;
    const char *line_map;   /* unpacked: those lines as stored (" 72 70 15+2"), for
                               essay__line_at() */
    size_t line_map_len;
} essay_docdata;

/* Serialise 'd' into a malloc'd buffer. */
char *essay__docdata_pack(const essay_docdata *d, size_t *len);
/* Parse 'buf' (borrowed: the fields point into it).  Returns 0, or -1 when
 * the data is not in this format. */
int essay__docdata_unpack(const char *buf, size_t len, essay_docdata *d);
/* The line of the file that holds byte 'offset' of a paragraph's text, from
 * the line it starts on and its line map (essay_docdata.line_map; one of an
 * index made before line maps is empty: then its first line). */
unsigned essay__line_at(unsigned line, const char *map, size_t map_len, size_t offset);
/* Add to 'doc' the boolean term of 'prefix' and value[0..len), unless it is
 * longer than Xapian stores (then it just will not match).  0, or -1 on a
 * Xapian error (in 'xe'). */
int essay__add_filter_term(xc_doc *doc, const char *prefix, const char *value, size_t len,
                           xc_error *xe);
/* search.c: call 'fn' with each paragraph of the essay of id 'id' (16 hex
 * digits) in the index of 's', in docid order, until it returns non-zero.
 * 0; -1 on a Xapian error (in 'xe'); -2 when 'fn' stopped it. */
typedef int (*essay__paragraph_fn)(xc_docid docid, const essay_docdata *d, void *ctx);
int essay__essay_paragraphs(essay_searcher *s, const char *id, essay__paragraph_fn fn,
                           void *ctx, xc_error *xe);

/* ---- capitals.c: how the paragraphs write a word, a name's or a word's -- */

/* The words a paragraph writes with a capital, noted while its words are
 * added; zeroed to start, emptied by essay__capitals_add(). */
typedef struct {
    char *bytes;            /* the notes: a byte saying where the capital is, the word, NUL */
    size_t used, size;
    size_t *notes;          /* where each note begins in 'bytes' */
    size_t n, cap;
} essay_capitals;
/* Note the body-text token 'tok' when it is written with a capital.  0, or
 * -1 out of memory. */
int essay__capitals_note(essay_capitals *c, const essay_token *tok);
/* Add to 'doc', which holds the paragraph's words (unstemmed, one wdf an
 * occurrence), the ESSAY_PREFIX_CAPITALS and ESSAY_PREFIX_OPENING terms of the
 * words noted, and empty 'c'.  0, or -1 on a Xapian error (in 'xe'). */
int essay__capitals_add(essay_capitals *c, xc_doc *doc, xc_error *xe);
void essay__capitals_free(essay_capitals *c);
/* Is 'word' (folded) written as a name in the index: do the paragraphs that
 * write it only with a capital, once inside a sentence, outnumber 'times'
 * times over those that write it with a small letter?  ("Chesterton",
 * "Dickens", "Walden"; not "jail".)  Three term frequencies, the same for an
 * index and its shards.  On an error, no. */
int essay__written_as_name(xc_db *db, const char *word, unsigned times);
/* The 'times' that tells a name from a word a query means as a word: twice
 * (headings in capitals make words look like names). */
#define ESSAY_NAME_CAPITALS 2

/* ---- wordcount.c: how often each word occurs ---------------------------- */

typedef struct essay_wordcount essay_wordcount;
essay_wordcount *essay__wordcount_new(void);            /* NULL when out of memory */
/* Add 'delta' (+1: one more, -1: one fewer) to the count of 'word'; -1 when
 * out of memory. */
int essay__wordcount_add(essay_wordcount *wc, const char *word, size_t len, int delta);
size_t essay__wordcount_size(const essay_wordcount *wc); /* distinct words */
/* Call 'fn' for every word counted and its count (which may be zero or
 * negative), in no particular order, until it returns non-zero (then -1). */
int essay__wordcount_each(const essay_wordcount *wc,
                          int (*fn)(const char *word, long count, void *ctx), void *ctx);
void essay__wordcount_clear(essay_wordcount *wc);
void essay__wordcount_free(essay_wordcount *wc);

/* ---- index.c, update.c: the writing half ------------------------------- */

struct essay_index {
    xc_wdb *wdb;
    xc_wdb *essays;         /* the essay database (essays.c), or NULL: an index made before it */
    char *path;             /* the index, as the user named it */
    char *rebuild_path;     /* a rebuild: where the new index is written, or NULL */
    int lock_fd;            /* the writer's lock (indexdir.c) */
    int created;            /* essay_index_open() made the directory at 'path' */
    essay_wordcount *spelling;  /* spelling data to add (or take back) at the next commit */
    essay_analyzer *an;     /* the index's default language's */
    essay_languages *langs; /* an analyzer for each essay's language (language.c), or NULL
                               until the first essay is indexed */
    int dry_run;            /* decide what would change, write nothing */
    int compacted;          /* a rebuild already compacted (by essay__index_merge_parts) */
    int unseen;             /* no reader sees this database until it is put in place (a
                               rebuild, a part of one): it may commit along the way */
    size_t uncommitted;     /* paragraphs indexed since the last commit */
    size_t essays_uncommitted;  /* essays indexed since the essay database's last commit */
    char *journal;          /* store.c: "<id>\n" of each essay document changed since the last
                               commit, for the essay database's journal */
    size_t journal_len, journal_cap;
    /* delta.c: recent additions in a small database beside the main one. */
    int use_delta;          /* -1 undecided (the first write decides: main), 0 main, 1 delta */
    int delta_state;        /* ESSAY_DELTA_* */
    xc_wdb *other;          /* the other database whose records count: the live delta while
                               the main database is written (until it is folded in), the main
                               database while the delta is written; else NULL */
    xc_wdb *other_essays;   /* the other database's essay database, or NULL */
    essay_notice *warnings; /* of the last essay read (essay_index_warnings()), taken from
                               its essay_file: their path and message are malloc'd */
    size_t n_warnings;
    double run_started;     /* when the run this update is part of started (a sharded
                               update: the same for every shard), for its record
                               (lastupdate.c); 0: when the update starts */
};

/* index.c: what the index at 'path' records, read without its lock: its
 * language, and its corpus paths, exclude patterns and extensions (those of
 * its live delta, which has them all), each malloc'd, or NULL when missing
 * or unreadable.  Returns 0, or -1 with *xe set when there is no index to
 * read. */
int essay__index_settings(const char *path, char **language, char **roots, char **excludes,
                          char **extensions, xc_error *xe);

/* index.c: a rebuild may be written by several processes, in parts.  Open
 * part k (>= 1) of the rebuild 'ix' writes: a new database beside it, with
 * ix's language, for another process to fill and close.  It has no lock of
 * its own (ix holds the index's). */
essay_status essay__index_open_part(const essay_index *ix, unsigned k, essay_index **out,
                                    char **err);
/* Commit the rebuild 'ix' and merge its parts 1 .. n_parts-1 into it (by
 * compaction), then go on writing the merged database. */
essay_status essay__index_merge_parts(essay_index *ix, unsigned n_parts, char **err);

/* index.c, before the first write of an update: whether the essay of the
 * file at 'abs' (its path resolved: update.c; 'linked' as
 * essay__index_add_resolved() has it) is recorded in the main database
 * with another size, mtime or link mark than the file has (1), or not (0:
 * unrecorded, unchanged, in the delta, or gone); -1 on a Xapian error. */
int essay__index_main_changed(essay_index *ix, const char *abs, int linked, xc_error *xe);
/* essay_index_add_file() of the file found as 'path', resolved already as
 * 'abs' (realpath(3), once, by update.c): read by its name, recorded under
 * 'abs', 'linked' when a link outside every corpus path reached it
 * (essay_record; an unchanged essay's record takes the mark too). */
essay_status essay__index_add_resolved(essay_index *ix, const char *path, const char *abs,
                                       int linked, essay_change *change, size_t *paragraphs,
                                       char **err);

/* ---- delta.c: recent additions beside the main database ----------------- */

enum {
    ESSAY_DELTA_NONE,       /* no live delta: ix->wdb is the main database */
    ESSAY_DELTA_BESIDE,     /* a live delta in ix->other, ix->wdb the main database */
    ESSAY_DELTA_WRITING,    /* ix->wdb is the delta, ix->other the main database */
    ESSAY_DELTA_FOLDED,     /* the delta was copied into ix->wdb's transaction: it goes after
                               the commit */
};

/* <index_path>/delta (malloc'd; NULL when out of memory). */
char *essay__delta_path(const char *index_path);
/* For the writer 'ix' of a live index (ix->wdb open): open the index's delta
 * into ix->other if it is live; remove one already folded in. */
essay_status essay__delta_open(essay_index *ix, char **err);
/* Before the first write, choose where new essays go: the delta (1) or the
 * main database (0, folding the delta in).  Writes nothing yet. */
void essay__delta_choose(essay_index *ix, int use_delta);
/* Make ix->wdb the database the next write goes to, as chosen (undecided:
 * the main database): create the delta, or fold it into the main
 * database's transaction.  Nothing under dry_run. */
essay_status essay__delta_writable(essay_index *ix, char **err);
/* The live delta's database (ix->wdb or ix->other), or NULL. */
xc_wdb *essay__delta_db(const essay_index *ix);
/* After ix->wdb's commit: remove a delta folded into it. */
void essay__delta_committed(essay_index *ix);
/* Paragraphs in the live delta and in the main database. */
int essay__delta_sizes(const essay_index *ix, unsigned *delta, unsigned *main, xc_error *xe);
/* For a reader: whether 'delta' (opened before the main database, which is
 * part 'main_part' of 'db') holds essays not yet folded into it. */
int essay__delta_live(xc_db *delta, xc_db *db, size_t main_part);

/* ---- damage.c: a damaged index, said with the command that mends it ------- */

/* Xapian failed with 'xe' to open the index at 'index_path', which is there
 * (its files say so): a damaged index, said in the user's words with the
 * command that builds it anew (for a shard of a sharded index, the
 * sharded index's) and Xapian's reason in brackets; a failure of another
 * kind (a lock, no memory, a network) as essay__fail_xc() says it.
 * ESSAY_XAPIAN for damage. */
essay_status essay__fail_damaged(char **err, const xc_error *xe, const char *index_path);
/* ESSAY_OK, unless the index directory 'index_path' (with 'with_essays',
 * its essay database too; a sharded index, each of its shards) lacks a file
 * of its database (essay__database_missing): then ESSAY_XAPIAN, the message naming the file,
 * from essay__fail_damaged(). */
essay_status essay__index_whole(const char *index_path, int with_essays, char **err);

/* ---- glassversion.c: what a glass database's version file says ------------ */

/* How many entries the version file (iamglass) of the glass database in the
 * directory 'dir_fd' says its table 'table' ("position.glass", ...) held at
 * its last commit; -1 when that file cannot be read or is not one Xapian
 * 1.4 writes, or 'table' is no table of glass. */
long long essay__glass_table_entries(int dir_fd, const char *table);

/* ---- indexdir.c: the names on disk, the writer's lock, the rebuild swap, -
 * ---- a sharded index's stub file, and what an interrupted run leaves ----- */

/* Where the index named 'index_path' is on disk (malloc'd; NULL when out of
 * memory): links resolved and trailing slashes gone, so that its rebuild is
 * written beside it and put in place of the directory a link points to. */
char *essay__index_place(const char *index_path);
/* The files and databases inside an index directory. */
typedef enum {
    ESSAY_FILE_LOCK,        /* the writer's lock */
    ESSAY_FILE_STUB,        /* a sharded index's list of shards */
    ESSAY_FILE_DELTA,       /* the delta (delta.c) */
    ESSAY_FILE_DELTA_NEW,   /* a delta being made, renamed to ESSAY_FILE_DELTA when whole */
    ESSAY_FILE_DELTA_GONE,  /* a delta folded in, renamed here to be removed */
    ESSAY_FILE_ESSAYS,      /* the essay database (essays.c) */
} essay_index_file;
/* <index_path's place>/<the name of 'which'> (malloc'd; NULL when out of memory). */
char *essay__index_file(const char *index_path, essay_index_file which);
/* What a directory holds, as the names in it tell (nothing is opened):
 * essay_index_kind(), told finer for the messages of what is no index. */
typedef enum {
    ESSAY_HOLDS_NOTHING,    /* no such path, or an empty directory */
    ESSAY_HOLDS_UNFINISHED, /* only what a first build that did not finish leaves */
    ESSAY_HOLDS_INDEX,      /* a Xapian database with every file an index's has */
    ESSAY_HOLDS_DAMAGED,    /* a Xapian database lacking one (essay__database_missing) */
    ESSAY_HOLDS_SHARDED,    /* a Xapian stub file listing shards */
    ESSAY_HOLDS_OTHER,      /* a file, or a directory of other files */
} essay_holds;
essay_holds essay__dir_holds(const char *path);
/* The first file that the Xapian database of an index (its paragraphs, or
 * its essay database) at 'db_path' lacks of those it always has: its
 * version file, its tables, once it holds paragraphs their data, and a
 * table its version file says held entries (positions, spelling data).
 * NULL when none is missing, or nothing there is a database's. */
const char *essay__database_missing(const char *db_path);
/* Whether 'name' is that of a shard in a sharded index directory ("shard<K>"). */
int essay__shard_name(const char *name);
/* The sharded index that the index at 'index_path' is a shard of (it is
 * shard<K> in a directory with a stub file), named as 'index_path' names it
 * where it can be ("sh" for "sh/shard1"), malloc'd; NULL when it is none's. */
char *essay__sharded_of(const char *index_path);
/* The stub file in the directory 'dir' (malloc'd): a sharded index has one;
 * NULL when there is none. */
char *essay__stub_of(const char *dir);
/* Take the writer's lock of the index 'index_path' (waiting for it with
 * 'wait'): ESSAY_LOCKED names the holder's pid. */
essay_status essay__lock_acquire(const char *index_path, int wait, int *fd, char **err);
void essay__lock_release(int fd);
/* The ESSAY_LOCKED error of a database 'db_path' whose Xapian lock another
 * process holds though ours was free (a Xapian writer not essay-index, such
 * as xapian-tcpsrv --writable): it names that process's pid when it can be
 * found. */
essay_status essay__fail_xapian_locked(const char *db_path, char **err);
/* A sharded index is a directory of shards and a Xapian stub file listing
 * them (stubfile.c), written last.  Shard k of the sharded index
 * 'index_path' (malloc'd): ESSAY_SHARD_NAME<k> in it. */
#define ESSAY_SHARD_NAME "shard"
char *essay__shard_path(const char *index_path, unsigned k);
/* For a writer that holds the lock of 'index_path', when it holds no index
 * (ESSAY_KIND_NONE: a first build abandoned): remove what the build left in
 * it, and, if the writer 'created' the directory, the directory with the
 * lock file.  Nothing is reported: the build failed or was interrupted. */
void essay__drop_unfinished(const char *index_path, int created);
/* Where a rebuild of 'index_path' is written (malloc'd). */
char *essay__rebuild_path(const char *index_path);
/* A rebuild may be written in parts, by several processes: part 0 is the
 * rebuild itself, part k >= 1 a database beside it (malloc'd path). */
#define ESSAY_MAX_PARTS 16
char *essay__part_path(const char *rebuilt, unsigned k);
/* Remove parts 1 .. ESSAY_MAX_PARTS-1 of 'rebuilt', as a killed rebuild may
 * leave them (essay__remove_tree(): not one holding what the index did not make). */
essay_status essay__remove_parts(const char *rebuilt, char **err);
/* Compact the rebuild at 'rebuilt' and its parts 1 .. n_parts-1 into one
 * database at 'rebuilt', removing the parts. */
essay_status essay__compact_parts(const char *rebuilt, unsigned n_parts, char **err);
/* Put the index at 'rebuilt' (compacted first, unless 'compacted') in place
 * of 'index_path' atomically, then remove the old one. */
essay_status essay__swap_in(const char *rebuilt, int compacted, const char *index_path,
                            char **err);
/* Remove the directory tree at 'path' (a missing one is fine); 'err' may be NULL. */
essay_status essay__remove_tree(const char *path, char **err);
/* essay__remove_tree() of a directory of the index's own (its rebuild, a
 * leftover, the old index after a swap, a delta), unless it is not a
 * directory or holds anything the index does not make (see
 * essay__index_only): that is left as it is, ESSAY_INCOMPATIBLE naming it. */
essay_status essay__remove_own(const char *path, char **err);
/* ESSAY_OK when the index directory 'index_path' holds only what the index
 * makes (Xapian's files and its own, in it and in its databases below it:
 * indexdir.c's layout); else ESSAY_INCOMPATIBLE, naming the first other
 * entry found, which a rebuild, replacing the directory whole, would remove. */
essay_status essay__index_only(const char *index_path, char **err);

/* ---- stubfile.c: a Xapian stub file, read and written ------------------- */

/* A stub file's databases, in the order it lists them. */
typedef struct {
    int remote;             /* "remote ...": 'path' is the whole line */
    char *path;             /* a local one: relative to the stub's directory, made so */
} essay_stub_entry;
typedef struct {
    essay_stub_entry *entries;
    size_t n;
    int ours;               /* exactly the list essay__stub_write() writes */
} essay_stub;
/* Read the Xapian stub file at 'stub_path' (blank lines, "#" comments,
 * "inmemory", and BACKEND PATH with BACKEND auto, glass, chert, honey or
 * remote) into *stub, cleared with essay__stub_clear().  ESSAY_IO (cannot
 * read it), ESSAY_BAD_ARGUMENT (not a stub file, or one that lists nothing) or
 * ESSAY_NOMEM. */
essay_status essay__stub_read(const char *stub_path, essay_stub *stub, char **err);
void essay__stub_clear(essay_stub *stub);
/* Write the stub listing the 'n' shards of 'index_path', atomically, unless
 * it is there or a shard has no database yet (a first build that failed early). */
essay_status essay__stub_write(const char *index_path, unsigned n, char **err);

/* The revision of how an essay is read into documents: essayfile.c's
 * paragraphs and their marks, copies.c's keys, analyze.c's terms.  Raise it
 * with any change to them that an index built before would lack: each
 * essay's record keeps the revision it was read by, and an update reads an
 * essay recorded with an older one again, though its file is unchanged
 * (ESSAY_REREAD).  Records written before it was kept have revision 0. */
#define ESSAY_READING 9      /* 1: contents, copies; 2: names in the essay database,
                                   letters spelt out (analyze.c); 3: line maps (schema.c);
                                   4: publishers' catalogues marked (catalogue.c);
                                   5: how words are written (capitals.c);
                                   6: no copy key for a bare heading (copies.c), an
                                   index's cross-references (essayfile.c);
                                   7: heading keys (headings.c); 8: headings
                                   without brackets (headings.c), lists
                                   without page numbers (lists.c); 9: an
                                   index an entry a paragraph (lists.c) */

/* Per-essay bookkeeping, stored in the index's metadata. */
typedef struct {
    uint64_t size;
    int64_t mtime_ns;
    uint64_t hash;          /* of the file's content */
    size_t paragraphs;
    unsigned reading;       /* the ESSAY_READING it was read by */
    int linked;             /* an update reached its file through a symbolic link, outside
                               every corpus path (sweep.c) */
} essay_record;

/* ---- store.c: the commit of an index's two databases, and its repair --- */

/* Parse the bookkeeping record 'value' (len bytes, NUL-terminated) of an
 * essay into *rec; returns 0, or -1 when it is none. */
int essay__record_parse(const char *value, size_t len, essay_record *rec);
/* Read the record of essay 'id' in the database 'ix' writes or else in the
 * other one (delta.c); returns 1 if there is one in the first, 2 in the
 * other, 0 if none, -1 on error.  If 'title' is not NULL and there is a
 * record, *title is its title, malloc'd (NULL when out of memory). */
int essay__record_get(essay_index *ix, const char *id, essay_record *rec, char **title,
                      xc_error *xe);
/* Call 'fn' with each essay record of 'db' (the paragraph database of an
 * index or delta) until it returns non-zero; 0, or -1 on an error (in 'xe'). */
typedef int (*essay__record_fn)(const essay_record *rec, void *ctx);
int essay__each_record(xc_db *db, essay__record_fn fn, void *ctx, xc_error *xe);
/* Which essay-index built the index (a plain one, or a shard) at
 * 'index_path', judged by its first ESSAY_READING_SAMPLE essay records:
 * ESSAY_AGE_NEWER when one of them is of a later ESSAY_READING (this
 * essay-index would lose what a newer one added), else ESSAY_AGE_OLDER when
 * most are of an earlier one, else ESSAY_AGE_CURRENT; -1 on an error (in
 * 'xe'). */
#define ESSAY_READING_SAMPLE 16
enum { ESSAY_AGE_CURRENT, ESSAY_AGE_OLDER, ESSAY_AGE_NEWER };
int essay__records_age(const char *index_path, xc_error *xe);
/* The same of the open database 'db' (of several shards: its first's records). */
int essay__db_age(xc_db *db, xc_error *xe);
/* Whether the essay at 'path', of record 'old' where essay__record_get()
 * found it ('had': 0 nowhere, 1 the database 'ix' writes, 2 the other one),
 * may not be read again: it was read by a newer essay-index, whose reading
 * this one would undo; or, found in the main database while the delta is
 * written (delta.c), it changed after the update chose the delta.  ESSAY_OK,
 * or the error saying why. */
essay_status essay__record_refuses(int had, const essay_record *old, int dry_run, const char *path,
                                   char **err);
/* The title in the record 'value', malloc'd (NULL when out of memory). */
char *essay__record_title(const char *value);
/* Write the record of essay 'id' ("essay/<id>": size SP mtime_ns SP
 * content_hash SP paragraphs SP reading LF path LF title; a record without
 * the reading is of reading 0) into 'wdb'. */
int essay__record_put(xc_wdb *wdb, const char *id, const essay_record *rec, const char *path,
                      const char *title, xc_error *xe);
/* Delete the record of essay 'id' from 'wdb'. */
int essay__record_delete(xc_wdb *wdb, const char *id, xc_error *xe);
/* What an index records of itself, written into its paragraph database
 * 'wdb' only here (the formats of the values are their owners'): the
 * analyzer format and the language of a new index (index.c), which lists
 * its file names' words (essay__names_mark_listed(), names.c); the shard it
 * is ("K/N", update.c); a list of lines, its corpus paths
 * (ESSAY_META_ROOTS) or exclude patterns (ESSAY_META_EXCLUDE) (update.c);
 * the record of its last update (lastupdate.c).  0, or -1 with 'xe' set. */
int essay__store_put_format(xc_wdb *wdb, const char *language, xc_error *xe);
int essay__store_put_shard(xc_wdb *wdb, const char *record, xc_error *xe);
int essay__store_put_list(xc_wdb *wdb, const char *key, const char *lines, size_t len,
                          xc_error *xe);
int essay__store_put_last_update(xc_wdb *wdb, const char *record, xc_error *xe);
/* Note that the essay document of essay 'id' (len bytes) changes in the
 * pending transaction of ix->essays, for the journal of its commit.  Nothing
 * for a database no reader sees (ix->unseen).  ESSAY_OK or ESSAY_NOMEM. */
essay_status essay__store_note(essay_index *ix, const char *id, size_t len);
/* Commit ix->essays, then ix->wdb with the spelling data counted, both at
 * the next generation.  0, or -1 with 'xe' set. */
int essay__store_commit(essay_index *ix, xc_error *xe);
/* The same, closing each database after its commit (both NULL after it;
 * after a failure both are abandoned). */
int essay__store_close(essay_index *ix, xc_error *xe);
/* Commit the essay database alone, to bound its memory: only for a database
 * no reader sees (ix->unseen). */
int essay__store_commit_unseen_essays(essay_index *ix, xc_error *xe);
/* For the writer 'ix' (ix->an set) opening an index directory whose
 * databases are 'wdb' and 'essays' (may be NULL): when a writer was killed
 * between their commits, put the essay database back in step with 'wdb'
 * (each essay analysed in its language: ix->langs, made if need be), and
 * commit it. */
essay_status essay__store_repair(essay_index *ix, xc_wdb *wdb, xc_wdb *essays, char **err);
/* For a reader: whether each part of the essay databases 'essays' is at the
 * generation of the same part of the paragraph databases 'db'. */
int essay__store_in_step(xc_db *db, xc_db *essays);
/* Count one token of paragraph text in the spelling data 'spelling': 'sign'
 * +1 as the paragraph is indexed, -1 as it is deleted.  The one rule for
 * which words are spelling data, so that a deletion takes back exactly what
 * was added.  Returns -1 when out of memory. */
int essay__store_count_word(essay_wordcount *spelling, const essay_token *tok, int sign);
/* Take back (sign -1) or add (+1) the spelling data of the paragraph
 * document 'doc' (its stored text, analysed again) in ix->spelling.
 * Returns -1 when out of memory; a document that is not a paragraph counts
 * nothing. */
int essay__store_count_paragraph(essay_index *ix, const xc_doc *doc, int sign);
/* Hand ix->spelling to ix->wdb's pending transaction (the delta: only the
 * words the main database lacks), and clear it.  0, or -1 with 'xe' set. */
int essay__store_flush_spelling(essay_index *ix, xc_error *xe);

/* Delete every paragraph and the record of essay 'id'. */
essay_status essay__index_remove_id(essay_index *ix, const char *id, char **err);

/* ---- walk.c: the corpus on disk: which files of a directory are essays -- */

/* A growable list of malloc'd strings. */
typedef struct {
    char **items;
    size_t n, cap;
} essay_strlist;
/* Add 's' (taken; NULL: out of memory) to 'l'.  0, or -1 out of memory (s freed). */
int essay__strlist_push(essay_strlist *l, char *s);
void essay__strlist_clear(essay_strlist *l);
void essay__strlist_sort(essay_strlist *l);
int essay__strlist_contains(const essay_strlist *sorted, const char *s);
/* Drop the repeats from a sorted list. */
void essay__strlist_unique(essay_strlist *sorted);
/* Remove the items of 'l' marked in 'drop'. */
void essay__strlist_drop(essay_strlist *l, const unsigned char *drop);

/* Whether 'path' is 'root' or lies under it. */
int essay__path_under(const char *path, const char *root);
/* Whether the walk of a directory passes over an entry so named (hidden, an
 * editor's backup, swap or lock file), and whether it takes a file so named
 * for an essay: one of 'extensions' (NULL: the default ones, as
 * essay_update_options.extensions). */
int essay__skipped_name(const char *name);
int essay__wanted_extension(const char *name, const char *const *extensions);
/* The extensions an index takes when it records none: "txt", "md", NULL. */
extern const char *const essay__default_extensions[];
/* Whether an exclude pattern matches 'rel', a path relative to a corpus
 * directory (or a corpus file's name), or 'name', its last part. */
int essay__excluded(const essay_strlist *excludes, const char *rel, const char *name);

/* The walk of the corpus paths of one update: set 'extensions' and
 * 'excludes', and 'root_len' before walking each directory; free what it
 * gathered with essay__walker_clear(). */
typedef struct {
    const char *const *extensions;    /* NULL: the default ones */
    const essay_strlist *excludes;    /* patterns of what to leave out */
    size_t root_len;        /* of the corpus directory being walked */
    essay_strlist files;
    essay_strlist excluded;       /* files an exclude pattern left out */
    essay_strlist errors;         /* "path: why" for what could not be read */
    essay_strlist error_paths;    /* the path of each of those */
    essay_strlist broken;         /* "path: why" for an essay's name that is a link to
                                     nowhere (or a loop): that file is skipped, the walk
                                     is whole */
    essay_strlist broken_paths;   /* the path of each of those */
    dev_t *dirs_dev;        /* directories already walked, to detect loops */
    ino_t *dirs_ino;
    size_t n_dirs, cap_dirs;
} essay_walker;
/* Whether the directory 'st' was walked before (a loop or a second link);
 * else it is noted as walked now. */
struct stat;
int essay__seen_directory(essay_walker *w, const struct stat *st);
/* Collect the essay files under directory 'dir'.  Returns -1 only when out of memory. */
int essay__walk_directory(essay_walker *w, const char *dir);
void essay__walker_clear(essay_walker *w);

/* ---- update.c: plan an update: the files it takes, the essays it sweeps --- */

/* essay_index_update(), with 'index_name' the index as commands that
 * messages suggest name it; 'walk_errors' 0 leaves the errors that concern
 * no one essay (a corpus path gone, a directory unreadable) uncounted, and
 * unreported but for the essays of a gone path, for the shards but one of a
 * sharded update (shards.c), which all walk the same directories. */
essay_status essay__update_index(essay_index *ix, const char *const *paths, size_t n,
                                 const essay_update_options *opt, const char *index_name,
                                 int walk_errors, essay_update_summary *sum, char **err);
/* givenpaths.c: ESSAY_BAD_ARGUMENT unless every corpus path of 'paths' can be recorded in
 * the index 'index_path' and indexed from there: none holds a newline (they
 * are recorded one a line) or is, or lies inside, the index directory
 * (a rebuild replaces it whole).  Checked before an update changes anything. */
essay_status essay__corpus_paths_check(const char *index_path, const char *const *paths,
                                      size_t n, char **err);
/* ESSAY_OK when one at least of the corpus paths 'paths' given to an update
 * is there; else ESSAY_BAD_ARGUMENT, naming each and why it cannot be read,
 * before anything is opened or made (an update of none would only make an
 * empty index, or for a rebuild put one in place of the index). */
essay_status essay__given_paths_check(const char *const *paths, size_t n, char **err);
/* Tell of the recorded corpus path 'root' of the index 'index_name', which
 * cannot be read ('errnum' says why; 0: it is there, but holds no essay now,
 * and its essays are kept) and has 'essays' essays in the index:
 * through opt->notice, else as an error to opt->report.  Returns -1 when
 * out of memory. */
int essay__tell_gone(const essay_update_options *opt, const char *index_name, const char *root,
                     int errnum, size_t essays);

/* ---- sweep.c: the essays an update removes, their files gone ----------- */

/* What a sweep removes: the essays recorded under 'roots' (the directories
 * walked, or forgotten) that are not in 'seen' (sorted: the files found,
 * as reached and resolved), and when 'outside' is set (every corpus path
 * left was walked: they), those reached through a link
 * (essay_record.linked) outside all of 'outside' not in 'seen'; none under
 * 'keep'.  With 'mark' (a forget), the essays under 'roots' it keeps,
 * which only links reach now, are marked linked. */
typedef struct {
    const essay_strlist *roots, *seen, *keep, *outside;
    int mark;
} essay_sweep_scope;
/* Whether the file found as 'path', 'abs' resolved, was reached through a
 * link outside every corpus path of 'roots': its record is marked linked. */
int essay__linked(const char *path, const char *abs, const essay_strlist *roots);
/* Remove from 'ix' (both databases) the essays a sweep of 'scope' removes,
 * each counted in sum->removed and told to opt->report. */
essay_status essay__sweep(essay_index *ix, const essay_sweep_scope *scope,
                          const essay_update_options *opt, essay_update_summary *sum, char **err);
/* In *any, whether a sweep of 'scope' removes an essay of the database
 * 'ix' writes. */
essay_status essay__sweep_finds(essay_index *ix, const essay_sweep_scope *scope, int *any,
                                char **err);
/* In *n, the essays recorded under 'root' in 'ix' (in either database)
 * that a search can find: those with a paragraph. */
essay_status essay__essays_under(essay_index *ix, const char *root, size_t *n, char **err);
/* A rebuild leaves out the essays of the old index that it did not find
 * again ('seen', as a scope's): count and report them as removed, as an
 * update would. */
essay_status essay__rebuild_dropped(essay_index *ix, const essay_strlist *seen,
                                    const essay_update_options *opt, essay_update_summary *sum,
                                    char **err);

/* ---- parts.c: index the files an update planned, in parts for a rebuild -- */

/* What the essays of one update share besides the index. */
typedef struct {
    const essay_update_options *opt;
    const char *index_name;     /* the index as the commands that messages suggest name it:
                                   as the user did (for a shard, its sharded index) */
    const essay_strlist *walked;    /* the corpus directories walked */
    const essay_strlist *recorded;  /* the corpus paths (essay__linked()) */
} essay_update_run;
/* Count 'change' in 'sum'. */
void essay__summary_count(essay_update_summary *sum, essay_change change);
/* The error 'msg' about the essay file 'path' followed by the command that
 * leaves the file out of the index, malloc'd; NULL when out of memory. */
char *essay__with_exclude_hint(const char *msg, const char *path, const essay_update_run *run);
/* Index 'files' (resolved[i] each resolved, sizes[i] bytes each, 'bytes' in all) into 'ix', reporting
 * and counting each, until the update is asked to stop; a rebuild by
 * several processes (essay_update_options.jobs), merged at the end.  A
 * failure that concerns one file only is reported, and the rest go on. */
essay_status essay__index_files(essay_index *ix, const essay_strlist *files,
                                const essay_strlist *resolved, const size_t *sizes, size_t bytes, const essay_update_run *run,
                                essay_update_summary *sum, char **err);

/* ---- lastupdate.c: the record of the last update ------------------------ */

/* What an update logs as it goes, for its record. */
typedef struct {
    essay_update_options opt;           /* the update's options, reporting through the log */
    const essay_update_options *caller; /* the options it was given */
    essay_skipped_file skipped[ESSAY_RECORD_MAX_SKIPPED];   /* malloc'd strings */
    size_t n_skipped;
    double started;                     /* seconds since the Epoch */
    struct timespec clock;              /* CLOCK_MONOTONIC at the start */
} essay_update_log;

/* Start the log of an update of 'ix' that was given 'opt': the options the
 * update runs with instead, whose reports go through the log to opt's. */
const essay_update_options *essay__log_begin(essay_update_log *log, const essay_index *ix,
                                             const essay_update_options *opt);
/* Before the commit of an update of 'ix' that 'log' followed: write its
 * record (kind "update" or "forget"; "build" or "rebuild" for a rebuild)
 * into the database being written, when it changed something -- its summary
 * says so, or 'changed' (the corpus paths changed) -- or skipped files. */
essay_status essay__log_write(essay_index *ix, const essay_update_log *log, const char *kind,
                              const essay_update_summary *sum, int changed, char **err);
void essay__log_clear(essay_update_log *log);
/* Parse the record 'text' (NULL or "": none recorded, rec->kind NULL) into
 * *rec, whose strings are malloc'd; free them with essay__log_record_clear().
 * Returns ESSAY_OK, ESSAY_INCOMPATIBLE (not a record) or ESSAY_NOMEM. */
essay_status essay__log_parse(const char *text, essay_update_record *rec, char **err);
void essay__log_record_clear(essay_update_record *rec);

/* ---- status.c: what an index holds -------------------------------------- */

/* The list the index at 'path' records under 'key' (ESSAY_META_ROOTS: the
 * corpus paths it remembers; ESSAY_META_EXTENSIONS) -- a sharded index: its
 * first shard's -- as a malloc'd, NULL-terminated array of *n malloc'd
 * strings. */
essay_status essay__recorded_read(const char *path, const char *key, char ***lines, size_t *n,
                                  char **err);

/* ---- watch.c, for the tests ---------------------------------------------- */

/* Wait until an update is due (changes paused, or a rescan), or *stop:
 * ESSAY_OK or ESSAY_INTERRUPTED. */
essay_status essay__watch_wait(essay_watch *w, const volatile sig_atomic_t *stop);
/* Take in the changes there are, without waiting: whether an update is due
 * once they pause. */
int essay__watch_poll(essay_watch *w);
/* The directories watched. */
size_t essay__watch_count(const essay_watch *w);
/* Whether some directories are not watched, and rescans cover them. */
int essay__watch_limited(const essay_watch *w);

/* ---- processes.c: child processes that index essays and report back ----- */

/* A child's end of the pipe to its caller. */
typedef struct {
    int fd;
    int failed;             /* a write failed: the child exits non-zero */
    const volatile sig_atomic_t *stop;  /* set when the caller stops: for the child's
                                           essay_update_options.stop */
} essay_channel;
/* An essay_update_fn for a child (ctx: its essay_channel): the report goes
 * down the pipe to the caller's own essay_update_fn. */
void essay__send_report(const char *path, essay_change change, size_t bytes, const char *error,
                        void *ctx);
/* An essay_notice_fn for a child, likewise: the caller's opt->notice gets it. */
void essay__send_notice(const essay_notice *notice, void *ctx);
/* Send the child's status, summary and message (freed), and exit. */
void essay__end_process(const essay_channel *c, essay_status st, const essay_update_summary *sum,
                        char *err) __attribute__((noreturn));
/* What a child runs: process k of n, reporting down 'c'; never returns. */
typedef void (*essay_process_body)(unsigned k, unsigned n, essay_channel *c, const void *arg);
/* Whether the update with options 'opt' is asked to stop (opt->stop). */
int essay__stopping(const essay_update_options *opt);
/* The processors online (at least 1): how many processes run at once by default. */
unsigned essay__processors(void);

typedef struct essay_process essay_process;
/* Child processes started by one caller, and what they reported. */
typedef struct {
    essay_process *procs;
    struct pollfd *pfds;
    unsigned *polled;
    unsigned n, running;
    const char *what;               /* what a process is, in messages: "shard", "part" */
    const essay_update_options *opt;    /* their reports go to opt->report */
    essay_update_summary *sum;      /* their summaries are added here */
    essay_status st;                /* a failure on the caller's side ... */
    char *error;                    /* ... and its message */
    volatile sig_atomic_t *stop;    /* shared with the children: stop */
    unsigned finished;              /* after essay__processes_end(): how many finished */
} essay_process_set;

/* Room for 'n' processes, reporting to 'opt' and adding up into 'sum'. */
essay_status essay__processes_init(essay_process_set *ps, unsigned n, const char *what,
                                   const essay_update_options *opt, essay_update_summary *sum,
                                   char **err);
/* Start process k running 'body'; a failure is kept in ps->st.  Returns 0 or -1. */
int essay__processes_start(essay_process_set *ps, unsigned k, essay_process_body body,
                           const void *arg);
/* Read what the running processes sent, waiting up to 'timeout' ms (-1:
 * until one sends something); reap those that ended. */
void essay__processes_poll(essay_process_set *ps, int timeout);
/* Wait for the running processes, free 'ps', and say how it all went: the
 * first process that failed speaks for all (where it worked: name(base, k)),
 * with how many others finished.  When the caller asked to stop and not
 * every process finished, but none failed otherwise: ESSAY_INTERRUPTED,
 * without a message (ps->finished says how many finished). */
essay_status essay__processes_end(essay_process_set *ps,
                                  char *(*name)(const char *base, unsigned k), const char *base,
                                  char **err);

/* ---- essays.c: one document per essay, beside the paragraph database ---- */

/* <index_path>/essays (malloc'd; NULL when out of memory). */
char *essay__essays_path(const char *index_path);
/* Open the essay database of the index at 'index_path' for writing with
 * xc_wdb_open's 'flags'; without XC_CREATE or XC_OVERWRITE a missing one
 * leaves *db NULL and is no error. */
int essay__essays_open(const char *index_path, int flags, xc_wdb **db, xc_error *xe);
/* A new document for essay 'id', of the path, title and author of 'd',
 * with all but its words: the caller adds the "Z" term of each word of its
 * paragraphs (without positions) and then stores it with essay__essays_put(). */
xc_doc *essay__essays_doc(essay_analyzer *an, const char *id, const essay_docdata *d,
                          xc_error *xe);
/* Does a word of stem 'stem' name essays of the essay_searcher 'searcher'
 * (an N term of its essay database: their author or file name)?  On an
 * error, or without an essay database, no.  (The names_essays callback of
 * the query builders.) */
int essay__names_essays(const char *stem, void *searcher);
/* Add or replace the document of essay 'id'. */
int essay__essays_put(xc_wdb *db, const char *id, const xc_doc *doc, xc_error *xe);
int essay__essays_delete(xc_wdb *db, const char *id, xc_error *xe);
/* Compact the essay databases of the indexes 'sources[0..n)' into that of
 * the index at 'dest', when every source has one (else there is none). */
essay_status essay__essays_compact(const char *const *sources, size_t n, const char *dest,
                                   char **err);

/* ---- search.c, open.c, tiers.c, rank_essays.c, context.c, like.c: searching */

#define RETRIES 5               /* tries again of an open that met a rebuild's swap, and of a
                                   search that met a commit (DatabaseModifiedError) */
#define MAX_PHRASES 8           /* phrases of a query an essay is checked for (the essay unit) */

/* The analyzers of a searcher, read from its index when it is opened.  They
 * stay when it is opened again (essay__try_again()): the query being run
 * was parsed with them. */
typedef struct {
    essay_analyzer *an;         /* the index's default language's */
    essay_languages *langs;     /* an analyzer for each language (language.c) */
    essay_analyzer *held[ESSAY_MAX_LANGUAGES];  /* the languages the index holds, the default
                                                   first: a query word is stemmed in each */
    size_t n_held;
} searcher_analyzers;

struct essay_searcher {
    xc_db *db;                  /* every shard, as one database */
    xc_db *essays;              /* every shard's essay database (essays.c), as one; NULL when
                                   some shard has none: then essays rank by their paragraphs */
    char *damaged;              /* why a shard's essay database, there, cannot be read */
    int out_of_step;            /* the essay databases were at other commits than the paragraph
                                   databases (store.c): 'essays' is NULL */
    searcher_analyzers analyzers;   /* kept when the searcher is opened again */
    essay_dictionary dictionary;    /* what spelling.c looks words up in */
    unsigned bare_headings;     /* paragraphs marked as headings that head nothing (0: none,
                                   or an index made before the mark): ranked after the text
                                   (rank_essays.c) */
    unsigned copy_slot;         /* the slot copies collapse on (copies.c): ESSAY_SLOT_COPIED
                                   where one database is searched alone and keyed so, else
                                   ESSAY_SLOT_COPY */
    char *path;                 /* the paths given, joined with " + ", for messages */
    char **names;               /* the path given for each part of 'db' */
    unsigned char *remote;      /* whether each part is a remote shard */
    size_t n_parts, n_remote;
    char **skipped;             /* "cannot reach shard ...: why", under ESSAY_OPEN_PARTIAL */
    size_t n_skipped;
    char **given;               /* the paths given, and the flags, to open them again */
    size_t n_given;
    int flags;
};

typedef struct {
    essay_hit hit;
    char *fields;               /* path, title, author, date, text, line map: NUL-terminated,
                                   one block */
    const char *line_map;       /* in 'fields': where the paragraph's lines begin (schema.c) */
    essay_snippet snippet;
    int has_context;            /* essay_results_add_context() was called for it */
    essay_neighbour *context;   /* the paragraphs before it, then those after (texts malloc'd) */
    size_t n_before, n_after;
} stored_hit;

typedef struct plan plan;     /* a query as one search runs it (below) */

/* Hits of one match set still to read: matches [next, n) of 'mset', their
 * snippets cut for 'm'.  Only the docids and weights are held; a hit's
 * document is read when its turn comes.  'whole': 'mset' holds every match,
 * copies as one (it began at the first and held fewer than it asked for). */
typedef struct {
    xc_enquire *enq;
    xc_mset *mset;
    essay_matchset *m;
    size_t next, n;
    int whole;
} hit_tier;

struct essay_results {
    stored_hit *hits;           /* the hits read (all of them, but for a stream) */
    size_t n, cap;
    size_t count;               /* hits in all: those read and those in 'tiers' */
    hit_tier tiers[5];          /* the hits still to read, tier by tier (essay__run_query():
                                   a sentence's paragraphs, those holding every word, then
                                   the others, each but the first split into text, then
                                   bare headings) */
    size_t n_tiers;
    size_t estimate;
    int whole_found;            /* a paragraph holding every part of the query was found
                                   (essay__run_query(); 0: none, or not looked for) */
    char *suggestion;
    int spelling_partial;       /* a suggestion was looked for without the remote shards' data */
    char *corrected;            /* the corrected query searched instead, or NULL */
    int relaxed;                /* 0, or ESSAY_RELAXED_*: the hits hold any of the query's words */
    char *unparsed;             /* read leniently: why the query did not parse */
    char *asked_of;             /* a question asked of essays named so, searched in them */
    essay_unrecorded *unrecorded;   /* [n_unrecorded], with their values and 'unfiltered':
                                       one block (unrecorded.c) */
    size_t n_unrecorded;
    const char *unfiltered;     /* the query searched with them read as words, or NULL */
    size_t truncated;           /* the bytes of a query past the limits searched, or 0 */
    size_t truncated_words;     /* their words, as the limit counts them */
    /* What reading the tiers takes; with 'streamed', until essay_results_free(). */
    essay_searcher *s;
    plan *plan;                 /* the query, to search again after a writer's commit */
    int owns_plan;
    essay_search_options o;
    size_t given;               /* hits handed out so far (or read into 'hits') */
    stored_hit current;         /* the hit essay_results_next() last read from the tiers */
    int streamed;               /* essay_search_stream(): the hits are not held */
    essay_searcher *context_s;  /* essay_results_read_context(): essay_results_next() reads */
    unsigned before, after;     /* each hit's context with this searcher (NULL: it does not) */
    essay_facets *facets;       /* essay_results_count_facets(), or NULL */
    unsigned show_facets;       /* which of them to write: a mask of 1u << essay_facet */
    char language[32];          /* the searcher's analyzer's, for anchors (cite.c) */
};

/* A query as one search runs it. */
struct plan {
    essay_query *q;             /* as parsed (NULL for --like) */
    essay_query *loose;         /* the same read as any of its words, for the essay unit */
    xc_query *xq;               /* the paragraphs matching the query */
    xc_query *xq_loose;         /* the paragraphs matching some of it; NULL: every hit holds
                                   all of it (one part, --same-paragraph, no essay database,
                                   --any of one word, or ranking essays) */
    int loose_everywhere;       /* xq_loose is the query of --any (or a question), xq its
                                   paragraphs holding every word: the rest come after them,
                                   from every essay (not only those holding every word) */
    xc_query *xq_text;          /* xq and xq_loose without the alternatives of their phrases */
    xc_query *xq_loose_text;    /* in the essay's title: the paragraphs holding the query in
                                   their text; NULL when no phrase of it may be a title's */
    xc_query *eq;               /* the query asked of the essay database, or NULL */
    xc_query *xq_first;         /* paragraphs to come before the other hits (a sentence's,
                                   essay__plan_first()), or NULL */
    int first_headed;           /* they are a heading's, which the query types */
    xc_query *phrases[MAX_PHRASES];     /* its phrases, for the essay unit (eq has their */
    size_t n_phrases;                   /* words, not their order) */
    int rank_essays;            /* hits are essays ranked by 'eq' (ranks_by_essay()) */
    essay_matchset *m, *m_loose;    /* what the snippets of each kind of hit highlight */
    double k1, b;               /* BM25's parameters, the search's options' */
};


#define ESSAY_RANK_MAX 1000     /* deepest hit (offset + limit) ranked by essay */

/* The terms of an expand set (xc_enquire_expand), gathered as term queries
 * to OR together and, when 'groups' is not NULL, as stems for the snippets
 * to highlight (feedback for essays, and --like). */
typedef struct {
    xc_query **subs;            /* [max] */
    essay_match_group *groups;  /* [max], or NULL */
    essay_match_term *terms;    /* [max], with 'groups': the stem of each */
    size_t n, max;
    xc_error *xe;
    int failed;
} expand_terms;

/* essaylist.c: lists of essays */
/* Essays in the order the essay query ranks them, each with the match of
 * its best paragraph (or SIZE_MAX: it has none that matches). */
typedef struct {
    char (*ids)[17];
    double *scores;
    size_t *para;               /* index into the paragraph mset of its kind */
    unsigned char *kind;        /* of that paragraph: rank_essays.c's SHOW_* */
    size_t n;
} essay_list;

void essay__essay_list_free(essay_list *l);
/* The essay id in the ESSAY_SLOT_ESSAY value of match 'i' of 'mset'. */
int essay__match_essay(const xc_mset *mset, size_t i, char id[17], xc_error *xe);
/* The essays of 'emset' (an essay query's matches), in its order, into 'l'. */
int essay__list_essays(const xc_mset *emset, essay_list *l, xc_error *xe);
/* 'q' FILTERed by the "E" terms of the essays 'ids[0..n)'; NULL on an error. */
xc_query *essay__only_essays(const xc_query *q, char (*ids)[17], size_t n, xc_error *xe);
/* The essays of the best 'max' matches of 'q' in 'db' (the essay database,
 * or the paragraphs collapsed to one per essay), best first, into 'l'. */
int essay__list_matching_essays(essay_searcher *s, const plan *p, xc_db *db,
                                const xc_query *q, unsigned max, essay_list *l, xc_error *xe);
/* Keep in 'l' the essays that are in 'set' (whose ids this sorts), or with
 * 'in_set' 0, those that are not. */
void essay__filter_essays(essay_list *l, essay_list *set, int in_set);

/* tiers.c: ranking paragraphs, one tier of hits */
/* Room for 'n' hits in r->hits (-1: out of memory). */
int essay__reserve_hits(essay_results *r, size_t n);
/* Weight each group of 'm' by the inverse document frequency of its rarest term. */
void essay__weigh_groups(essay_searcher *s, essay_matchset *m);
/* A query session on 'db' for 'q', ranked by BM25 with the parameters of 'p',
 * at most 'per_essay' hits an essay (0: no limit). */
xc_enquire *essay__enquire(const plan *p, xc_db *db, const xc_query *q, unsigned per_essay,
                           essay_sort sort, xc_error *xe);
/* Fill 'h' from match 'i' of 'mset', its snippet cut for 'm', ranked 'rank' with 'score'. */
essay_status essay__fill_hit(essay_searcher *s, const xc_mset *mset, size_t i, essay_matchset *m,
                             const essay_search_options *o, unsigned rank, double score,
                             stored_hit *h, xc_error *xe, char **err);
/* The paragraphs of 'q' that hold it in their own text (after 0), or the
 * others (after 1): bare headings, and paragraphs 'q' matches by their
 * essay's title alone ('text': q without its title alternatives, or NULL). */
xc_query *essay__text_first(const essay_searcher *s, const xc_query *q, const xc_query *text,
                            int after, xc_error *xe);
/* Whether essay__text_first() splits 'q' (of text 'text') at all. */
int essay__splits_text(const essay_searcher *s, const xc_query *text);
/* Whether the total of the search 'o' is not shown and need not be
 * counted: o->rough_total on a first page, without exact_total. */
int essay__total_unshown(const essay_search_options *o);

/* How many paragraphs 'q' matches, in *matched: Xapian's estimate from its
 * statistics, no match checked (a tier no page reaches).  0, or -1 (in 'xe'). */
int essay__estimate(essay_searcher *s, const plan *p, const xc_query *q,
                    const essay_search_options *o, unsigned *matched, xc_error *xe);
/* 'q' but the passages the tiers 'ran[0..n)' before it on a page list,
 * which match 'listed' paragraphs and are r->tiers[from..] (tiers.c); *out
 * NULL: 'q' as it is. */
int essay__unlisted(essay_searcher *s, const plan *p, const xc_query *q,
                    const xc_query *const *ran, size_t n, unsigned listed,
                    const essay_results *r, size_t from, const essay_search_options *o,
                    xc_query **out, xc_error *xe);
/* 'q' OR, into *with, and 'q' AND_NOT, into *without, the paragraphs the
 * tier 't' lists, by their unique terms, when they are every paragraph it
 * matches (t->whole) and few (both NULL when not): a query of a few
 * lookups, where 't''s own checks its phrases' positions again on every
 * paragraph it is asked of.  0, or -1 on an error (in 'xe'). */
int essay__tier_left_out(essay_searcher *s, const hit_tier *t, const xc_query *q,
                         xc_query **with, xc_query **without, xc_error *xe);
/* Add the hits [first, first + max) of 'q' to the tiers of 'r'; *matched: how many match. */
essay_status essay__run_tier(essay_searcher *s, const plan *p, const xc_query *q, essay_matchset *m,
                             const essay_search_options *o, unsigned first, unsigned max,
                             unsigned *matched, essay_results *r, xc_error *xe);

/* open.c */
/* Whether to try a read that ended in 'st' again, the index reopened after a writer's commit. */
int essay__try_again(essay_searcher *s, essay_status st, xc_error *xe, int attempt);
/* A read of the searcher 's' failed with 'xe': for one local index (or
 * sharded index), essay__fail_damaged() of it (a missing table, a block cut
 * short: damage, said with the command that rebuilds it); else, or for a
 * failure of another kind, essay__fail_xc(). */
essay_status essay__fail_read(const essay_searcher *s, const xc_error *xe, char **err);

/* search.c */
/* 'opt' (or the defaults, for NULL) with their defaults filled in. */
essay_search_options essay__complete_options(const essay_search_options *opt);
/* Run 'p' into new results *out, trying again after a writer's commit. */
essay_status essay__run_with_retries(essay_searcher *s, const plan *p,
                                     const essay_search_options *o, essay_results **out,
                                     char **err);
/* Read every hit still in the tiers of 'r' into r->hits, as essay_search() gives them. */
essay_status essay__read_all(essay_results *r, char **err);

/* context.c */
/* Free the context read for 'h', if any. */
void essay__context_clear(stored_hit *h);
/* Read the 'before' paragraphs before 'h' and 'after' after it, trying again after a commit. */
essay_status essay__add_context(essay_searcher *s, stored_hit *h, unsigned before,
                                unsigned after, char **err);

/* reading.c */
/* Is 'query' a question that 'o' lets be searched for any of its words
 * (essay__query_is_question())?  Not under o->strict (the words as written)
 * nor o->same_paragraph (every word in one paragraph), which ask for every
 * word.  A question is prose, read leniently: a quote in it that closes
 * nothing is punctuation, so it is searched as '*text', the query without
 * its quotes (malloc'd; NULL when not a question); but a quote left open,
 * which closed at the end makes a query that parses, is a quote begun
 * ('who said "the mass of men'), searched leniently (search.c).
 * When the index holds that text word for word, it is a quote ("Should we
 * not then be gods?", a title), which every word finds best: searched as
 * '*text', but not as a question.  A query that does not parse is not a question: its search
 * says why. */
int essay__read_as_question(essay_searcher *s, const char *query, const essay_search_options *o,
                            char **text);
/* Does 'query' fail to parse only on its quotes or brackets (an unclosed
 * quote, a stray ')': text pasted as it was written)? */
int essay__reads_leniently(essay_searcher *s, const char *query);
/* The query 'q' of 's' (which found nothing, or not) with the words the
 * index does not know corrected, to offer ("did you mean"; malloc'd, NULL:
 * none), and in *searched, unless 'searched' is NULL, the correction to
 * search (NULL: none): a word typed as a name only into a name that begins
 * as it does, any word only into one with its first letter. */
char *essay__read_corrected(essay_searcher *s, const essay_query *q, int found_nothing,
                            char **searched);

/* first.c */
/* Whether the query word 'term' (folded) is a name to the index of the
 * searcher 'ctx': written with a capital inside a sentence twice as often
 * as without ("lying" of "chesterton-lying.txt" names an essay, and is no
 * author).  A name's possessive is the name's ("chesterton's orthodoxy":
 * "chesterton's" opens its few sentences, which tell nothing). */
int essay__is_name(const char *term, void *ctx);
/* How many paragraphs of 's' a word may be in and not be common in a phrase
 * the search makes (essay__query_closest(), essay__query_sentence()): one in
 * 'share' of them, and at least 100.  Checking the positions of every
 * paragraph that holds common words is the dearest part of a phrase. */
unsigned essay__common_above(essay_searcher *s, unsigned share);
/* The paragraphs of 'p' to come before its other hits (p->xq_first): of a
 * query that reads as a sentence, those holding its words in order but one
 * (essay__query_sentence(): "a little knowledge is a dangerous thing" finds
 * Pope's "A little learning ..."), of a shorter quote with a common word
 * those holding it as typed; of words some of which name an author (first.c),
 * the paragraphs of that author's essays holding the other words ("thoreau
 * railroad": Walden's railroad, before others' pages naming Thoreau and a
 * railroad), unless 'o' asks for the query as written
 * (strict) or an order by date, or 's' has remote shards; under a per-essay
 * limit, only the author's (rank_essays.c shows his essays first, and none
 * of their paragraphs after).  0, or -1 on an error (in 'xe'). */
int essay__plan_first(essay_searcher *s, plan *p, const essay_search_options *o, xc_error *xe);
/* The paragraphs of p->xq (the paragraphs that come closest to a query no
 * paragraph holds whole) to come first, with p->xq_first's: of the essays
 * of the author the query names, if some match, else their paragraphs
 * holding some of its other words ("defoe pension office for
 * widows" gives Defoe's "THE PROPOSAL IS FOR A PENSION OFFICE", whose text
 * does not name him, before a history's paragraph on widows' pensions); else of
 * the essays that hold every word of it (p->eq: in their text, or by
 * their names): "thoreau castles in the air" shows Walden's "built castles
 * in the air" before Irving's; none sorted by date ('o').  0, or -1 on an
 * error (in 'xe'). */
int essay__plan_first_closest(essay_searcher *s, plan *p, const essay_search_options *o,
                              xc_error *xe);

/* rank_essays.c */
/* Paragraph hits of 'p', under the essay unit in two tiers (not ranked by essay). */
essay_status essay__run_query(essay_searcher *s, const plan *p, const essay_search_options *o,
                              essay_results *r, xc_error *xe);
/* Hits of 'p' ranked by their essays (p->rank_essays), each an essay's best paragraph;
 * those of the essays of p->xq_first first. */
essay_status essay__run_essays(essay_searcher *s, const plan *p, const essay_search_options *o,
                               essay_results *r, xc_error *xe, char **err);
/* Each query of 'p' a search runs (the paragraphs, the essays, those first)
 * combined with 'with' by 'op' (XC_OP_FILTER: only there).  0, or -1 on an
 * error (in 'xe'). */
int essay__plan_combine(plan *p, xc_op op, const xc_query *with, xc_error *xe);
/* ---- excluded.c: what a word a query excludes leaves out --------------- */

/* Leave out with each word the queries of 'p' exclude the essays it names
 * by their author or file name (essay__query_exclude_named()), unless 'o'
 * searches as without the essay database.  0, or -1 on an error (in 'xe'). */
int essay__exclude_named(essay_searcher *s, plan *p, const essay_search_options *o,
                         xc_error *xe);

/* In *filter, the query that matches the documents (paragraphs or essays)
 * of the essays 'names' matches in the essay database (their names: author,
 * file name, essays.c), at most ESSAY_RANK_MAX of them (in *n); NULL when none does (or the index has no essay database).
 * 0, or -1 on an error (in 'xe'). */
int essay__essays_named(essay_searcher *s, const plan *p, const xc_query *names,
                        xc_query **filter, size_t *n, xc_error *xe);
/* The paragraphs 'p' matches, as its hits come from them (for the facets). */
xc_query *essay__matching_paragraphs(essay_searcher *s, const plan *p, xc_error *xe);

/* unrecorded.c */
/* A search as essay_search() runs one (with 'stream', essay_search_stream()): search.c's. */
typedef essay_status (*essay_search_fn)(essay_searcher *s, const char *query,
                                        const essay_search_options *opt, int stream,
                                        essay_results **out, char **err);
/* When 'r', the results of 'query' searched with the options 'opt' (as given to
 * essay_search()), found nothing: its author:, year: and date: filters that match no
 * essay, of a field that at most half the essays of 's' record, are read as their words
 * (unrecorded.c); unless opt->strict, *other is the results of 'search' of the query so
 * read (with 'stream' as given), their 'unfiltered' set, to replace 'r'; else NULL.
 * The results it gives, or else 'r', say which filters those are; when they find
 * nothing either, they say how 'r' read the query (a query read leniently: relaxed, and
 * why it did not parse).  ESSAY_OK (also with
 * *other NULL), ESSAY_XAPIAN or ESSAY_NOMEM (*other NULL). */
essay_status essay__search_unrecorded(essay_searcher *s, const char *query,
                                      const essay_search_options *opt, int stream,
                                      essay_search_fn search, essay_results *r,
                                      essay_results **other, char **err);

/* expand.c */
/* An xc_enquire_expand() callback adding a term to the expand_terms 'arg'. */
int essay__add_expand_term(const char *term, size_t len, double weight, void *arg);
/* 'eq' (of plan 'p') OR the EXPAND_TERMS words that best tell its first
 * EXPAND_ESSAYS essays in the essay database of 's' apart (Xapian's expand
 * set), of those that EXPAND_MIN_ESSAYS of them hold, each weighted
 * 'words' (the distinct words of 'eq') / EXPAND_TERMS, at most 1:
 * pseudo-relevance feedback.  NULL on a Xapian error (in 'xe'). */
xc_query *essay__expand_essays(essay_searcher *s, const plan *p, const xc_query *eq, size_t words,
                               xc_error *xe);

#endif
