/* fuzz_query.c -- arbitrary queries through the query language and a search.
 *
 * The first byte's low bit asks for match_any (--any), its other bits pick
 * search options; the rest is the query.  essay__query_parse() must either
 * succeed or fail with ESSAY_BAD_QUERY and a "column N: ..." message.  A
 * parsed query must build into a Xapian query, give a matchset of non-empty
 * UTF-8 terms, and (when it holds no NUL byte, as a query from the command
 * line cannot) survive essay__query_rewrite() with every other word
 * corrected into a query that parses again.  Then essay_search() runs it on a
 * small index made at start-up (titles, authors, dates, hyphens, accents, an
 * essay in French: queries are parsed in both languages, as the searcher
 * parses them): it
 * must agree with the parser, but for an all-words query the parser refuses
 * that the search reads leniently (a quote left open, a question: its
 * results then say they are relaxed), and never fail otherwise; and every
 * hit's highlights must lie sorted inside its snippet.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "private.h"

static const char *const essays[][2] = {
    { "/fuzz/security.txt",
      "---\ntitle: Security Guarantees for Ukraine\nauthor: Anna Writer\ndate: 2025-03-01\n---\n\n"
      "Security guarantees are values-based promises; Türkiye and the européen union agree.\n\n"
      "A second paragraph about NATO, 800,000 troops and 4.5 per cent of GDP.\n" },
    { "/fuzz/notes.md",
      "Notes on deterrence\n\nDeterrence works when the guarantee is credible and so-\n"
      "called red lines are kept.\n\nUkraine’s neutrality was never a security guarantee.\n" },
    { "/fuzz/old.txt",
      "---\ntitle: An old essay\nauthor: Bo Author\ndate: 1994\n---\n\n"
      "The Budapest memorandum of 1994 gave assurances, not guarantees.\n" },
    { "/fuzz/garanties.txt",
      "---\ntitle: Les garanties\nlanguage: fr\n---\n\n"
      "Les garanties de sécurité offertes à l'Ukraine doivent être crédibles.\n" },
};

static essay_searcher *searcher;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path;
    essay_index *ix = fuzz_index_create(&path);
    for (size_t i = 0; i < sizeof essays / sizeof essays[0]; i++)
        FUZZ_CHECK(fuzz_index_put(ix, essays[i][0], essays[i][1], strlen(essays[i][1])) == ESSAY_OK,
                   "cannot index %s", essays[i][0]);
    FUZZ_CHECK(essay_index_close(ix, NULL) == ESSAY_OK, "cannot close the index");
    FUZZ_CHECK(essay_searcher_open(path, &searcher, NULL) == ESSAY_OK, "cannot open the index");
    return 0;
}

/* Corrects every other word it is offered. */
static char *correct_some(const char *word, const char *stem, int as_name,
                          const xc_query *context, void *ctx)
{
    (void)context;
    unsigned *calls = ctx;
    (void)word;
    (void)stem;
    (void)as_name;
    return (*calls)++ % 2 == 0 ? strdup("correction") : NULL;
}

/* Corrects every other word of an author: field it is offered. */
static char *correct_some_authors(const char *word, void *ctx)
{
    unsigned *calls = ctx;
    (void)word;
    return (*calls)++ % 2 == 0 ? strdup("author") : NULL;
}

static void check_matchset(const essay_matchset *m)
{
    FUZZ_CHECK(m != NULL, "no matchset");
    for (size_t g = 0; g < m->n; g++) {
        FUZZ_CHECK(m->groups[g].n > 0, "group %zu is empty", g);
        for (size_t t = 0; t < m->groups[g].n; t++) {
            const essay_match_term *term = &m->groups[g].terms[t];
            FUZZ_CHECK(term->text != NULL && term->len > 0 && strlen(term->text) == term->len,
                       "group %zu term %zu is not a string", g, t);
            FUZZ_CHECK(fuzz_valid_utf8(term->text, term->len), "term '%s' is not UTF-8",
                       term->text);
            FUZZ_CHECK(term->kind == ESSAY_MATCH_STEM || term->kind == ESSAY_MATCH_EXACT
                           || term->kind == ESSAY_MATCH_PREFIX,
                       "term '%s' of kind %d", term->text, (int)term->kind);
        }
    }
}

/* Parse, build, matchset and rewrite; returns the parser's status. */
static essay_status check_parse(const char *text, size_t len, int match_any)
{
    essay_query *q = NULL;
    char *err = NULL;
    const searcher_analyzers *an = &searcher->analyzers;
    essay_status st = essay__query_parse_in(an->held, an->n_held, text, len, match_any, &q, &err);
    if (st != ESSAY_OK) {
        FUZZ_CHECK(st == ESSAY_BAD_QUERY && q == NULL, "status %d", (int)st);
        FUZZ_CHECK(err != NULL && strncmp(err, "column ", 7) == 0, "message '%s'",
                   err ? err : "(none)");
        free(err);
        return st;
    }
    FUZZ_CHECK(q != NULL && err == NULL, "parsed, yet no query or a message");
    xc_error xe;
    xc_query *xq = essay__query_build(q, &xe);
    FUZZ_CHECK(xq != NULL, "a parsed query does not build: %s", xe.msg);
    xc_query_free(xq);
    check_matchset(essay__query_matchset(q));

    unsigned calls = 0;
    char *rewritten = NULL;
    if (memchr(text, '\0', len) == NULL)
        rewritten = essay__query_rewrite(q, correct_some, correct_some_authors, &calls,
                                         (int)(len % 2));
    if (rewritten != NULL) {
        essay_query *again = NULL;
        FUZZ_CHECK(essay__query_parse_in(an->held, an->n_held, rewritten, strlen(rewritten),
                                         match_any, &again, NULL) == ESSAY_OK,
                   "the rewritten query '%s' does not parse", rewritten);
        essay__query_free(again);
        free(rewritten);
    }
    essay__query_free(q);
    return st;
}

static void check_search(const char *text, const essay_search_options *opt, essay_status parsed)
{
    essay_results *r = NULL;
    char *err = NULL;
    essay_status st = essay_search(searcher, text, opt, &r, &err);
    int lenient = parsed == ESSAY_BAD_QUERY && st == ESSAY_OK && !opt->match_any
                  && essay_results_relaxed(r) != 0;
    FUZZ_CHECK(st == parsed || lenient, "search status %d, parse status %d: %s", (int)st,
               (int)parsed, err ? err : "");
    for (size_t i = 0; r != NULL && i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        size_t len = strlen(h->snippet), at = 0;
        for (size_t k = 0; k < h->n_highlights; k++) {
            FUZZ_CHECK(h->highlights[k].start >= at && h->highlights[k].start < h->highlights[k].end
                           && h->highlights[k].end <= len,
                       "hit %zu: highlight [%zu,%zu) after %zu, snippet of %zu bytes", i,
                       h->highlights[k].start, h->highlights[k].end, at, len);
            at = h->highlights[k].end;
        }
    }
    essay_results_free(r);
    free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned flags = data[0];
    /* Exactly the query's bytes, so ASan sees any read past them; the
     * search takes a C string, so it gets the text up to a NUL. */
    size_t len = size - 1;
    char *text = fuzz_strndup(data + 1, len);
    essay_status parsed = check_parse(text, len, flags & 1);
    essay_search_options opt = essay_search_defaults();
    opt.match_any = flags & 1;
    opt.per_essay = (flags >> 1) & 1;
    opt.sort = (flags & 4) ? ESSAY_SORT_DATE : ESSAY_SORT_RELEVANCE;
    opt.offset = (flags >> 3) & 1;
    opt.snippet_chars = (flags & 16) ? 20 : 0;
    opt.exact_total = (flags >> 5) & 1;
    if (strlen(text) != len)
        parsed = check_parse(text, strlen(text), flags & 1);
    check_search(text, &opt, parsed);
    free(text);
    return 0;
}
