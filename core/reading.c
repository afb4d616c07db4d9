/* reading.c -- how a query is read before it is searched: as a question
 * (searched for any of its words), as a quote the index holds word for
 * word (every word), or, when it does not parse only for its quotes and
 * brackets, as text pasted as it was written (read leniently: search.c);
 * and with its words the index does not know corrected, offered or
 * searched (essay__read_corrected()).  It asks the index whether a phrase
 * is held, the parser whether a text parses, and the spelling data
 * (spelling.c) what a word was; it runs no search of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

/* Does a paragraph (or an essay's title) hold 'query' word for word, as a
 * phrase?  On an error, no. */
static int held_word_for_word(essay_searcher *s, const char *query)
{
    const searcher_analyzers *a = &s->analyzers;
    char *quoted = NULL;
    essay_query *q = NULL;
    xc_query *xq = NULL;
    unsigned n = 0;
    xc_error xe;
    int held = asprintf(&quoted, "\"%s\"", query) >= 0
               && essay__query_parse_in(a->held, a->n_held, quoted, strlen(quoted), 0, &q, NULL)
                  == ESSAY_OK
               && (xq = essay__query_build(q, &xe)) != NULL
               && xc_db_count_matches(s->db, xq, 1, &n, &xe) == 0 && n > 0;
    xc_query_free(xq);
    essay__query_free(q);
    free(quoted);
    return held;
}

/* Does 'text' parse as the query language, read strictly? */
static int parses(essay_searcher *s, const char *text)
{
    const searcher_analyzers *a = &s->analyzers;
    essay_query *q = NULL;
    int parsed = essay__query_parse_in(a->held, a->n_held, text, strlen(text), 0, &q, NULL)
                 == ESSAY_OK;
    essay__query_free(q);
    return parsed;
}

/* Does 'query' parse once its quotes and brackets are spaces?  Then only
 * they fail it: punctuation of text pasted as it was written.  Not when a
 * bracket opens a field's value ("author:(chesterton OR darwin)"): the
 * query language misused, whose user wants to know, though as a space it
 * would leave the field a value after a blank. */
static int fails_only_on_quotes_or_brackets(essay_searcher *s, const char *query)
{
    for (const char *c = strstr(query, ":("); c != NULL; c = strstr(c + 1, ":("))
        if (essay__query_field_name(query, (size_t)(c - query)))
            return 0;
    char *text = essay__query_unquoted(query);
    if (text == NULL)
        return 0;
    for (char *c = text; *c != '\0'; c++)
        if (*c == '(' || *c == ')')
            *c = ' ';
    int parsed = parses(s, text);
    free(text);
    return parsed;
}

/* Does 'query' leave a quote open, and parse with it closed at its end? */
static int leaves_quote_open(essay_searcher *s, const char *query)
{
    char *closed = NULL;
    int open = !parses(s, query) && asprintf(&closed, "%s\"", query) >= 0 && parses(s, closed);
    free(closed);
    return open;
}

/* Does 'query' fail to parse only on its quotes or brackets: an unclosed
 * quote, or one whose quotes and brackets as spaces parse (a stray ')'),
 * text pasted as it was written? */
int essay__reads_leniently(essay_searcher *s, const char *query)
{
    return fails_only_on_quotes_or_brackets(s, query) || leaves_quote_open(s, query);
}

int essay__read_as_question(essay_searcher *s, const char *query, const essay_search_options *o,
                            char **text)
{
    *text = NULL;
    if (o->match_any || o->strict || o->same_paragraph)
        return 0;
    const searcher_analyzers *a = &s->analyzers;
    essay_query *q = NULL;
    int question = essay__query_parse_in(a->held, a->n_held, query, strlen(query), 1, &q, NULL)
                   == ESSAY_OK && essay__query_is_question(q);
    essay__query_free(q);
    if (!question || (*text = essay__query_unquoted(query)) == NULL)
        return 0;
    if (strcmp(*text, query) != 0 && leaves_quote_open(s, query)) {
        free(*text);        /* a quote begun: search.c reads it leniently, closed */
        *text = NULL;
        return 0;
    }
    return !held_word_for_word(s, *text);
}

/* ---- "did you mean" ----------------------------------------------------- */

/* A query's words offered for correction by 's', and whether it found nothing. */
typedef struct {
    essay_searcher *s;
    int found_nothing;
    int initials_kept;      /* a correction begins as its word does (what is searched) */
    int initial_changed;    /* a correction offered did not */
} correcting;

/* The first two letters of 'word' into two[] (-1 where it has none), small. */
static void first_two_letters(const char *word, utf8proc_int32_t two[2])
{
    const utf8proc_uint8_t *at = (const utf8proc_uint8_t *)word;
    for (int i = 0; i < 2; i++) {
        two[i] = -1;
        utf8proc_ssize_t n = *at ? utf8proc_iterate(at, -1, &two[i]) : 0;
        two[i] = n > 0 ? utf8proc_tolower(two[i]) : -1;
        at += n > 0 ? n : 0;
    }
}

/* Whether the correction 'fixed' begins as 'word' does: with the same
 * letter, either case, or with its first two swapped (a slip of the hands:
 * "adrwin"). */
static int begins_alike(const char *word, const char *fixed)
{
    utf8proc_int32_t a[2], b[2];
    first_two_letters(word, a);
    first_two_letters(fixed, b);
    return a[0] >= 0 && (a[0] == b[0] || (a[0] == b[1] && a[1] == b[0]));
}

/* The correction of a query word, if it needs one (spelling.c decides). */
static char *correct_word(const char *word, const char *stem, int as_name,
                          const xc_query *context, void *ctx)
{
    correcting *c = ctx;
    char *fixed = essay__spelling_correct(c->s->db, &c->s->dictionary, word, stem, as_name,
                                          context, c->found_nothing);
    if (fixed != NULL && !begins_alike(word, fixed)) {
        c->initial_changed = 1;
        if (c->initials_kept) {
            free(fixed);
            return NULL;
        }
    }
    return fixed;
}

/* The correction of a word of an author: field, if it needs one. */
static char *correct_author(const char *word, void *ctx)
{
    return essay__spelling_correct_author(((correcting *)ctx)->s->db, word);
}

char *essay__read_corrected(essay_searcher *s, const essay_query *q, int found_nothing,
                            char **searched)
{
    correcting c = { .s = s, .found_nothing = found_nothing };
    char *offered = essay__query_rewrite(q, correct_word, correct_author, &c, 0);
    if (searched == NULL)
        return offered;
    /* what is searched corrected: a word typed as a name only into a name
       of the index that begins as it does; else it is most likely a name the
       index lacks ("what did Kallas say?" is not about Pallas, "O'Connell"
       not about O'Donnell), only offered.  And any word only into one with
       its first letter (or its first two swapped): a word is seldom typed
       wrong there, and a word the index lacks made another by it is most
       likely another ("covid vaccine" is not about Ovid) */
    c.initials_kept = 1;
    *searched = offered == NULL ? NULL
                : essay__query_types_a_name(q) || c.initial_changed
                ? essay__query_rewrite(q, correct_word, correct_author, &c, 1)
                : strdup(offered);     /* the same words offered the same way */
    return offered;
}
