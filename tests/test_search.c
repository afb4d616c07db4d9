/* test_search.c -- unit tests of core/search.c, the reading half of libessay.
 *
 * Two fixtures.  "search" indexes the shipped essays (the .txt files of corpus/, so run
 * from the repository root, as `make check` does) into a mkdtemp() directory
 * and opens a searcher on it; its tests check what a user relies on: ranks
 * from 1 with scores descending, a stable order, limit/offset, per-essay
 * collapse, date order, any-word matching, exact totals, the stored fields
 * of a hit (checked against the essay file itself), highlights that lie in
 * the snippet and cover query words (re-analysed with the English
 * analyzer), "did you mean", bad queries and relevance feedback.  "search_made"
 * builds small indexes from essays in memory where a test needs to know the
 * answer exactly: equal scores, paragraphs like a given one, the paragraphs
 * around a hit (its context).  Opening
 * errors (no index, a Xapian database that is not an essay index, another
 * format or language) are made with the Xapian binding directly.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

static char dir[] = "/tmp/essay-test-search.XXXXXX";
static char *index_path;
static essay_searcher *searcher;

static void make_dir(void)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_gt(asprintf(&index_path, "%s/index", dir), 0);
}

/* Index every .txt file of corpus/. */
static void index_corpus(void)
{
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    DIR *d = opendir("corpus");
    cr_assert_not_null(d, "run the tests from the repository root");
    size_t essays = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "corpus/%s", e->d_name);
        essay_change change;
        size_t paragraphs;
        cr_assert_eq(essay_index_add_file(ix, path, &change, &paragraphs, &err), ESSAY_OK, "%s",
                     err);
        essays++;
    }
    closedir(d);
    cr_assert_geq(essays, 5);
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
}

static void open_searcher(void)
{
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(index_path, &searcher, &err), ESSAY_OK, "%s", err);
}

static void corpus_setup(void)
{
    make_dir();
    index_corpus();
    open_searcher();
}

static void made_setup(void)
{
    make_dir();
}

static void teardown(void)
{
    essay_searcher_close(searcher);
    essay__remove_tree(dir, NULL);
    free(index_path);
}

TestSuite(search, .init = corpus_setup, .fini = teardown);
TestSuite(search_made, .init = made_setup, .fini = teardown);

typedef essay_status (*search_fn)(essay_searcher *s, const char *query,
                                  const essay_search_options *opt, essay_results **r,
                                  char **err);

/* Run 'query' with 'opt' (NULL: defaults) through 'search' (essay_search or
 * essay_search_stream); it must succeed. */
static essay_results *run_by(search_fn search, const char *query,
                             const essay_search_options *opt)
{
    essay_results *r = NULL;
    char *err = NULL;
    essay_status st = search(searcher, query, opt, &r, &err);
    cr_assert_eq(st, ESSAY_OK, "query '%s': %s", query, err ? err : "(no message)");
    cr_assert_not_null(r);
    return r;
}

static essay_results *run(const char *query, const essay_search_options *opt)
{
    return run_by(essay_search, query, opt);
}

static essay_search_options with_limit(unsigned limit)
{
    essay_search_options o = essay_search_defaults();
    o.limit = limit;
    return o;
}

/* Paragraphs holding every word of 'query' (any, with 'match_any'), counted
 * exactly, with no fallback. */
static size_t total(const char *query, int match_any)
{
    essay_search_options o = with_limit(1);
    o.exact_total = 1;
    o.match_any = match_any;
    o.same_paragraph = 1;
    o.strict = 1;
    essay_results *r = run(query, &o);
    size_t n = essay_results_estimate(r);
    essay_results_free(r);
    return n;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The hit of 'r' from the essay whose path ends with 'file', or NULL. */
static const essay_hit *hit_from(const essay_results *r, const char *file)
{
    for (size_t i = 0; i < essay_results_count(r); i++)
        if (ends_with(essay_results_hit(r, i)->path, file))
            return essay_results_hit(r, i);
    return NULL;
}

/* ---- ranking and paging ------------------------------------------------------- */

Test(search, ranks_count_from_one_and_scores_descend)
{
    essay_search_options o = with_limit(20);
    o.same_paragraph = 1;
    o.strict = 1;   /* one kind of hits: those first.c puts first are another (a title's) */
    essay_results *r = run("security guarantees", &o);
    size_t n = essay_results_count(r);
    cr_assert_gt(n, 5);
    for (size_t i = 0; i < n; i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_eq(h->rank, i + 1);
        cr_assert_gt(h->score, 0.0);
        if (i > 0)
            cr_assert_leq(h->score, essay_results_hit(r, i - 1)->score, "rank %zu", i + 1);
        cr_assert_eq(h->path[0], '/', "paths are absolute: %s", h->path);
        cr_assert_geq(h->line, 1);
        cr_assert_geq(h->paragraph, 1);
        cr_assert_neq(h->title[0], '\0');
    }
    essay_results_free(r);
}

Test(search, the_same_query_gives_the_same_order)
{
    essay_search_options o = with_limit(100);
    essay_results *a = run("ukraine", &o), *b = run("ukraine", &o);
    cr_assert_eq(essay_results_count(a), essay_results_count(b));
    cr_assert_gt(essay_results_count(a), 20);
    for (size_t i = 0; i < essay_results_count(a); i++) {
        const essay_hit *x = essay_results_hit(a, i), *y = essay_results_hit(b, i);
        cr_assert_str_eq(x->path, y->path, "rank %zu", i + 1);
        cr_assert_eq(x->line, y->line, "rank %zu", i + 1);
    }
    essay_results_free(a);
    essay_results_free(b);
}

Test(search, default_options_give_ten_hits)
{
    essay_results *r = run("ukraine", NULL);
    cr_assert_eq(essay_results_count(r), 10);
    cr_assert_null(essay_results_hit(r, 10), "past the last hit");
    cr_assert_not_null(essay_results_hit(r, 9));
    essay_results_free(r);
}

Test(search, offset_skips_hits_and_ranks_go_on)
{
    essay_search_options first = with_limit(10), page = with_limit(5);
    page.offset = 5;
    essay_results *all = run("ukraine", &first), *r = run("ukraine", &page);
    cr_assert_eq(essay_results_count(r), 5);
    for (size_t i = 0; i < 5; i++) {
        const essay_hit *h = essay_results_hit(r, i), *want = essay_results_hit(all, i + 5);
        cr_assert_eq(h->rank, i + 6);
        cr_assert_str_eq(h->path, want->path);
        cr_assert_eq(h->line, want->line);
    }
    essay_results_free(all);
    essay_results_free(r);
}

Test(search, an_offset_past_the_end_finds_nothing)
{
    essay_search_options o = with_limit(10);
    o.offset = 10000;
    essay_results *r = run("ukraine", &o);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_null(essay_results_hit(r, 0));
    cr_assert_gt(essay_results_estimate(r), 0, "the query matches, before the offset");
    cr_assert(!essay_results_relaxed(r) && essay_results_corrected(r) == NULL,
              "nothing on the page is not nothing found");
    essay_results_free(r);
}

/* A page that holds the last hit knows the total: the hits before it and on
 * it, whatever Xapian estimates ("war peace" and "europe army" were
 * estimated one or three more than they have, a script paging by the total
 * ran past the end); a page short of it says more.  Both kinds of search,
 * whole and streamed. */
Test(search, a_page_that_ends_the_hits_gives_their_exact_total)
{
    static const char *const queries[] = { "war peace", "europe army", "security guarantees" };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
        for (int match_any = 0; match_any <= 1; match_any++) {
            essay_search_options o = with_limit(1000);
            o.match_any = match_any;
            essay_results *all = run(queries[q], &o);
            size_t n = essay_results_count(all);
            essay_results_free(all);
            cr_assert_gt(n, 2, "'%s' finds several", queries[q]);
            search_fn fns[] = { essay_search, essay_search_stream };
            for (size_t f = 0; f < 2; f++) {
                struct { unsigned offset, limit; size_t total_min, total_max; } pages[] = {
                    { 0, (unsigned)n, n, n },           /* the page ends with the last hit */
                    { 1, (unsigned)n - 1, n, n },       /* after an offset too */
                    { 1, (unsigned)n + 5, n, n },       /* short of the page */
                    { 0, (unsigned)n - 1, n, SIZE_MAX },    /* one more after it */
                };
                for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
                    o.offset = pages[i].offset;
                    o.limit = pages[i].limit;
                    essay_results *r = run_by(fns[f], queries[q], &o);
                    size_t total = essay_results_estimate(r);
                    cr_assert(total >= pages[i].total_min && total <= pages[i].total_max,
                              "'%s'%s, offset %u, limit %u: total %zu, of %zu hits",
                              queries[q], match_any ? " (any)" : "", o.offset, o.limit, total, n);
                    essay_results_free(r);
                }
            }
        }
}

Test(search, truncating_keeps_the_first_hits_and_the_estimate)
{
    essay_results *all = run("ukraine", NULL), *r = run("ukraine", NULL);
    size_t estimate = essay_results_estimate(r);
    essay_results_truncate(r, 20);
    cr_assert_eq(essay_results_count(r), 10, "past the count: nothing changes");
    essay_results_truncate(r, 3);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert_null(essay_results_hit(r, 3));
    cr_assert_str_eq(essay_results_hit(r, 2)->text, essay_results_hit(all, 2)->text);
    essay_results_truncate(r, 0);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_eq(essay_results_estimate(r), estimate);
    essay_results_free(r);
    essay_results_free(all);
}

Test(search, per_essay_collapses_hits_of_one_essay)
{
    for (unsigned per = 1; per <= 2; per++) {
        essay_search_options o = with_limit(50);
        o.per_essay = per;
        essay_results *r = run("ukraine", &o);
        size_t n = essay_results_count(r);
        cr_assert_eq(n, 5 * per, "five essays mention Ukraine, %u hits each at most", per);
        for (size_t i = 0; i < n; i++) {
            unsigned same = 0;
            for (size_t j = 0; j < n; j++)
                same += strcmp(essay_results_hit(r, i)->path, essay_results_hit(r, j)->path) == 0;
            cr_assert_leq(same, per, "%s", essay_results_hit(r, i)->path);
        }
        essay_results_free(r);
    }
}

Test(search, sort_by_date_puts_the_newest_first)
{
    essay_search_options o = with_limit(100);
    o.sort = ESSAY_SORT_DATE;
    essay_results *r = run("security", &o);
    size_t n = essay_results_count(r);
    cr_assert_gt(n, 10);
    cr_assert_str_eq(essay_results_hit(r, 0)->date, "2025-12-10");
    for (size_t i = 1; i < n; i++) {
        const char *before = essay_results_hit(r, i - 1)->date;
        const char *now = essay_results_hit(r, i)->date;
        cr_assert_geq(strcmp(before ? before : "", now ? now : ""), 0, "rank %zu: %s after %s",
                      i + 1, now, before);
    }
    essay_results_free(r);
}

Test(search, match_any_finds_more_than_all_words)
{
    size_t all = total("crimea veto", 0), any = total("crimea veto", 1);
    cr_assert_eq(all, 0);
    cr_assert_eq(any, total("crimea", 0) + total("veto", 0), "no paragraph has both");
    cr_assert_gt(any, 0);
    cr_assert_lt(total("security guarantees", 0), total("security guarantees", 1));
}

/* A page pasted whole is searched as far as a query may go, and says so;
 * under .strict it is refused. */
Test(search, a_query_past_the_limits_is_searched_to_them_unless_strict)
{
    size_t cap = 16 * (ESSAY_QUERY_MAX_WORDS + 200), len = 0, words;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    len += (size_t)snprintf(text, cap, "crimea");
    for (size_t i = 0; i < ESSAY_QUERY_MAX_WORDS + 200; i++)
        len += (size_t)snprintf(text + len, cap - len, " zq%zu", i);
    essay_search_options o = essay_search_defaults();
    o.match_any = 1;
    essay_results *r = run(text, &o);
    size_t searched = essay_results_truncated(r, &words);
    cr_assert_eq(searched, (size_t)(strstr(text, " zq999 ") - text));
    cr_assert_eq(words, ESSAY_QUERY_MAX_WORDS);
    cr_assert_gt(essay_results_count(r), 0, "crimea is found");
    essay_results_free(r);
    o.match_any = 0;            /* all-words: cut too, then relaxed as any query */
    r = run(text, &o);
    cr_assert_eq(essay_results_truncated(r, &words), searched);
    essay_results_free(r);
    o.strict = 1;
    char *err = NULL;
    cr_assert_eq(essay_search(searcher, text, &o, &r, &err), ESSAY_BAD_QUERY);
    cr_assert_null(r);
    cr_assert_not_null(strstr(err, "more than 1000 words"), "%s", err);
    free(err);
    o.strict = 0;
    r = run("crimea", &o);      /* within them: whole */
    cr_assert_eq(essay_results_truncated(r, &words), 0);
    cr_assert_eq(words, 0);
    essay_results_free(r);
    free(text);
}

Test(search, exact_total_counts_every_match)
{
    essay_search_options o = with_limit(1000);
    essay_results *r = run("ukraine", &o);
    size_t matches = essay_results_count(r);
    cr_assert_gt(matches, 20);
    essay_results_free(r);
    cr_assert_eq(total("ukraine", 0), matches);
}

/* A caller that shows no total (rough_total: essay-search's text) gets the
 * same hits, in the same order with the same scores, on every page and in
 * every route; only a first page's total may be rough, and it is still at
 * least the hits, more when more follow.  A later page counts as before. */
Test(search, a_total_not_shown_leaves_the_hits_as_they_are)
{
    static const char *const queries[] = { "ukraine", "war peace", "the", "europe army",
                                           "security guarantees for ukraine after war" };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
        for (int route = 0; route < 4; route++)
            for (unsigned offset = 0; offset <= 3; offset += 3) {
                essay_search_options o = with_limit(route == 3 ? 1 : 5);
                o.match_any = route == 1;
                o.per_essay = route == 2;
                o.offset = offset;
                essay_results *counted = run(queries[q], &o);
                o.rough_total = 1;
                essay_results *rough = run(queries[q], &o);
                size_t n = essay_results_count(counted);
                cr_assert_eq(essay_results_count(rough), n, "'%s', route %d", queries[q], route);
                for (size_t i = 0; i < n; i++) {
                    const essay_hit *x = essay_results_hit(counted, i);
                    const essay_hit *y = essay_results_hit(rough, i);
                    cr_assert_str_eq(x->path, y->path, "'%s', route %d, rank %zu", queries[q],
                                     route, i + 1);
                    cr_assert_eq(x->line, y->line, "'%s', route %d, rank %zu", queries[q],
                                 route, i + 1);
                    cr_assert_float_eq(x->score, y->score, 1e-9, "'%s', rank %zu", queries[q],
                                       i + 1);
                }
                size_t total = essay_results_estimate(rough);
                if (n > 0)      /* a page past the last hit says nothing of the total */
                    cr_assert_geq(total, offset + n, "'%s', route %d, offset %u: total %zu",
                                  queries[q], route, offset, total);
                if (essay_results_estimate(counted) > offset + n)   /* more follow */
                    cr_assert_gt(total, offset + n, "'%s': more follow", queries[q]);
                if (offset > 0)
                    cr_assert_eq(total, essay_results_estimate(counted),
                                 "'%s', route %d: a later page counts", queries[q], route);
                essay_results_free(counted);
                essay_results_free(rough);
            }
}

/* ---- streams ----------------------------------------------------------------------- */

static int same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* 'got' is 'want' field for field. */
static void assert_same_hit(const essay_hit *got, const essay_hit *want, const char *query)
{
    cr_assert_eq(got->rank, want->rank, "query '%s'", query);
    cr_assert_eq(got->score, want->score, "query '%s', rank %u", query, want->rank);
    cr_assert_str_eq(got->path, want->path, "query '%s', rank %u", query, want->rank);
    cr_assert_eq(got->line, want->line);
    cr_assert_eq(got->paragraph, want->paragraph);
    cr_assert_eq(got->copies, want->copies);
    cr_assert_str_eq(got->title, want->title);
    cr_assert(same_text(got->author, want->author) && same_text(got->date, want->date));
    cr_assert_str_eq(got->snippet, want->snippet);
    cr_assert_str_eq(got->text, want->text);
    cr_assert_eq(got->n_highlights, want->n_highlights);
    for (size_t i = 0; i < got->n_highlights; i++)
        cr_assert(got->highlights[i].start == want->highlights[i].start
                  && got->highlights[i].end == want->highlights[i].end);
}

/* essay_search_stream() gives what essay_search() does, the hits one at a
 * time through essay_results_next(), none held. */
static void assert_stream_is_the_search(const char *query, const essay_search_options *opt)
{
    essay_results *held = run(query, opt), *r = run_by(essay_search_stream, query, opt);
    size_t n = essay_results_count(held);
    cr_assert_eq(essay_results_count(r), n, "query '%s'", query);
    cr_assert_eq(essay_results_estimate(r), essay_results_estimate(held));
    cr_assert(same_text(essay_results_suggestion(r), essay_results_suggestion(held)));
    cr_assert(same_text(essay_results_corrected(r), essay_results_corrected(held)));
    cr_assert_eq(essay_results_relaxed(r), essay_results_relaxed(held));
    cr_assert_null(essay_results_hit(r, 0), "a stream holds no hit");
    const essay_hit *h;
    char *err = NULL;
    size_t i = 0;
    essay_status st;
    while ((st = essay_results_next(r, &h, &err)) == ESSAY_OK) {
        cr_assert_lt(i, n, "query '%s': more hits than the search", query);
        assert_same_hit(h, essay_results_hit(held, i++), query);
    }
    cr_assert_eq(st, ESSAY_DONE, "query '%s': %s", query, err ? err : "");
    cr_assert_null(h);
    cr_assert_null(err);
    cr_assert_eq(i, n, "query '%s'", query);
    cr_assert_eq(essay_results_next(r, &h, NULL), ESSAY_DONE, "and stays done");
    /* held results give their own hits, in order, the same way */
    for (i = 0; essay_results_next(held, &h, NULL) == ESSAY_OK; i++)
        cr_assert_eq(h, essay_results_hit(held, i));
    cr_assert_eq(i, n);
    essay_results_free(held);
    essay_results_free(r);
}

Test(search, a_stream_gives_the_hits_of_a_search_one_at_a_time)
{
    essay_search_options o = with_limit(1000);
    assert_stream_is_the_search("ukraine", &o);
    assert_stream_is_the_search("security guarantees", &o);     /* both kinds of hit */
    assert_stream_is_the_search("\"security guarantees\" nato", &o);
    o.offset = 7;
    o.limit = 30;
    assert_stream_is_the_search("security guarantees", &o);
    o = with_limit(50);
    o.per_essay = 1;
    assert_stream_is_the_search("security guarantees", &o);    /* essays ranked by essay */
    o.per_essay = 2;
    assert_stream_is_the_search("ukraine", &o);
    o = with_limit(100);
    o.sort = ESSAY_SORT_DATE;
    assert_stream_is_the_search("security guarantees", &o);
    o = with_limit(100);
    o.match_any = 1;
    assert_stream_is_the_search("crimea veto", &o);
    o = with_limit(100);
    o.exact_total = 1;
    assert_stream_is_the_search("security guarantees", &o);
    assert_stream_is_the_search("machiaveli", NULL);            /* corrected */
    assert_stream_is_the_search("walrus security guarantees", NULL);  /* relaxed */
    assert_stream_is_the_search("zzyzzyva", NULL);              /* nothing */
}

/* Four writer's commits, each rewriting every paragraph of the index (a
 * line added to each essay: "Round N of security."): enough that a reader
 * still at the revision before them meets Xapian's DatabaseModifiedError. */
static void rewrite_every_essay(void)
{
    char *err = NULL;
    for (int round = 0; round < 4; round++) {   /* every paragraph rewritten, four commits */
        essay_index *ix;
        cr_assert_eq(essay_index_open(index_path, 0, NULL, &ix, &err), ESSAY_OK, "%s", err);
        DIR *d = opendir("corpus");
        cr_assert_not_null(d);
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            char path[512], *text;
            size_t len;
            if (strlen(e->d_name) < 5 || !ends_with(e->d_name, ".txt"))
                continue;
            snprintf(path, sizeof path, "corpus/%s", e->d_name);
            cr_assert_eq(essay__read_file(path, &text, &len, NULL), ESSAY_OK);
            char *changed;
            cr_assert_gt(asprintf(&changed, "%s\n\nRound %d of security.\n", text, round), 0);
            essay_change change;
            size_t paragraphs;
            cr_assert_eq(essay_index_add_buffer(ix, path, changed, strlen(changed), &change,
                                                &paragraphs, &err), ESSAY_OK, "%s", err);
            free(changed);
            free(text);
        }
        closedir(d);
        cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    }
}

/* A writer's commits while a stream is read: the stream goes on from the
 * rank it had reached, in the index as it is now. */
Test(search, a_stream_survives_commits_while_it_is_read)
{
    essay_search_options o = with_limit(1000);
    essay_results *r = run_by(essay_search_stream, "security", &o);
    size_t n = essay_results_count(r);
    cr_assert_gt(n, 20);
    const essay_hit *h;
    char *err = NULL;
    cr_assert_eq(essay_results_next(r, &h, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(h->rank, 1);
    rewrite_every_essay();
    unsigned rank = 1;
    essay_status st;
    while ((st = essay_results_next(r, &h, &err)) == ESSAY_OK)
        cr_assert_eq(h->rank, ++rank, "the ranks go on");
    cr_assert_eq(st, ESSAY_DONE, "%s", err ? err : "");
    cr_assert_geq(rank, n, "the hits the stream was to give, or more since");
    essay_results_free(r);
}

/* A searcher opened again after a writer's commits (open.c) is the one
 * opened before, at the index's latest revision: its paths, its flags (a
 * shard left out under ESSAY_OPEN_PARTIAL is left out again) and its
 * analyzers stay, and it finds what the commits added. */
Test(search, a_searcher_opened_again_keeps_its_settings)
{
    const char *paths[] = { index_path, "tcp://127.0.0.1:1" };
    essay_searcher *s;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open_many(paths, 2, ESSAY_OPEN_PARTIAL, &s, &err), ESSAY_OK, "%s",
                 err);
    cr_assert_not_null(essay_searcher_skipped(s, 0), "the unreachable shard is left out");
    char *skipped = strdup(essay_searcher_skipped(s, 0));
    const essay_analyzer *an = s->analyzers.an;
    size_t n_held = s->analyzers.n_held;
    essay_search_options o = with_limit(1000);
    essay_results *r;
    cr_assert_eq(essay_search_stream(s, "security", &o, &r, &err), ESSAY_OK, "%s", err);
    const essay_hit *h;
    cr_assert_eq(essay_results_next(r, &h, &err), ESSAY_OK, "%s", err);
    rewrite_every_essay();
    essay_status st;
    int new_text = 0;
    while ((st = essay_results_next(r, &h, &err)) == ESSAY_OK)
        new_text |= strstr(h->text, "Round 3 of security") != NULL;
    cr_assert_eq(st, ESSAY_DONE, "%s", err ? err : "");
    essay_results_free(r);
    cr_assert(new_text, "the stream met the commits and opened the index again");
    char *joined;
    cr_assert_gt(asprintf(&joined, "%s + tcp://127.0.0.1:1", index_path), 0);
    cr_assert_str_eq(s->path, joined, "the paths given");
    free(joined);
    cr_assert_eq(s->n_given, 2);
    cr_assert_str_eq(s->given[0], index_path);
    cr_assert_eq(s->flags, ESSAY_OPEN_PARTIAL);
    cr_assert_str_eq(essay_searcher_skipped(s, 0), skipped, "the shard is left out again");
    cr_assert_null(essay_searcher_skipped(s, 1));
    cr_assert_eq(essay_searcher_remote_shards(s), 0);
    cr_assert_eq(s->analyzers.an, an, "the analyzers stay");
    cr_assert_eq(s->analyzers.n_held, n_held);
    cr_assert_eq(essay_search(s, "round", NULL, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_gt(essay_results_count(r), 0, "the commits' words are found");
    cr_assert_str_eq(essay_results_hit(r, 0)->language, "english");
    essay_results_free(r);
    free(skipped);
    essay_searcher_close(s);
}

/* ---- the fields of a hit ----------------------------------------------------------- */

/* Line 'line' (from 1) of the file at 'path', malloc'd, without its newline. */
static char *file_line(const char *path, unsigned line)
{
    char *text;
    size_t len;
    cr_assert_eq(essay__read_file(path, &text, &len, NULL), ESSAY_OK);
    char *p = text;
    for (unsigned i = 1; i < line && p; i++)
        if ((p = strchr(p, '\n')) != NULL)
            p++;
    cr_assert_not_null(p, "%s has no line %u", path, line);
    char *copy = strndup(p, strcspn(p, "\n"));
    free(text);
    return copy;
}

Test(search, a_hit_holds_its_essays_fields)
{
    essay_results *r = run("machiavelli", NULL);
    cr_assert_eq(essay_results_count(r), 1);
    const essay_hit *h = essay_results_hit(r, 0);
    cr_assert(ends_with(h->path, "/corpus/bielokolos-security-guarantees-options-for-ukraine.txt"),
              "%s", h->path);
    cr_assert_str_eq(h->title, "Security Guarantees: Options for Ukraine");
    cr_assert_str_eq(h->author, "Oleh Bielokolos");
    cr_assert_str_eq(h->date, "2025-12-10");
    cr_assert_not_null(strstr(h->text, "Niccolò Machiavelli observed"));
    /* path:line opens the file where the paragraph begins. */
    char *line = file_line(h->path, h->line);
    cr_assert_eq(strncmp(h->text, line, strlen(line)), 0, "line %u: %s", h->line, line);
    free(line);
    essay_results_free(r);
}

Test(search, absent_author_and_date_are_null)
{
    essay_search_options o = with_limit(100);
    essay_results *r = run("ukraine", &o);
    const essay_hit *no_date = hit_from(r, "musiienko-ukraine-is-not-just-a-battlefield.txt");
    const essay_hit *neither =
        hit_from(r, "security-guarantees-europe-needs-against-russias-next-war.txt");
    cr_assert_not_null(no_date);
    cr_assert_not_null(neither);
    cr_assert_str_eq(no_date->author, "Kateryna Musiienko");
    cr_assert_null(no_date->date);
    cr_assert_null(neither->author);
    cr_assert_null(neither->date);
    essay_results_free(r);
}

/* ---- highlights ------------------------------------------------------------------ */

typedef struct {
    const char *const *stems;   /* NULL-terminated: the stems a span may hold (in order if
                                   'phrase') */
    int phrase;
    size_t words;
    int bad;
} span_check;

static int check_span_token(const essay_token *tok, void *arg)
{
    span_check *c = arg;
    if (tok->flags & ESSAY_TOKEN_WHOLE)
        return 0;
    int found = 0;
    if (c->phrase)
        found = c->stems[c->words] && strcmp(tok->stem, c->stems[c->words]) == 0;
    else
        for (size_t i = 0; c->stems[i] && !found; i++)
            found = strcmp(tok->stem, c->stems[i]) == 0;
    c->bad |= !found;
    c->words++;
    return 0;
}

/* Every hit's highlights lie in its snippet, in order, and each covers words
 * of 'stems' only (all of them, in order, if 'phrase': the query is the
 * phrase in quotes, and a hit without a highlight has it in its title). */
static void assert_highlights(const char *query, const char *const *stems, int phrase)
{
    essay_analyzer *an;
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
    essay_search_options o = with_limit(50);
    essay_results *r = run(query, &o);
    cr_assert_gt(essay_results_count(r), 3);
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        size_t len = strlen(h->snippet), at = 0;
        if (phrase && h->n_highlights == 0) {
            char *words = strndup(query + 1, strlen(query) - 2);
            cr_assert_not_null(strcasestr(h->title, words), "rank %zu has no highlight: %s",
                               i + 1, h->snippet);
            free(words);
            continue;
        }
        cr_assert_gt(h->n_highlights, 0, "rank %zu has no highlight: %s", i + 1, h->snippet);
        for (size_t k = 0; k < h->n_highlights; k++) {
            const essay_span *sp = &h->highlights[k];
            cr_assert(at <= sp->start && sp->start < sp->end && sp->end <= len,
                      "rank %zu: span [%zu, %zu) in a snippet of %zu bytes", i + 1, sp->start,
                      sp->end, len);
            span_check c = { .stems = stems, .phrase = phrase };
            cr_assert_eq(essay_analyze(an, h->snippet + sp->start, sp->end - sp->start,
                                       check_span_token, &c), ESSAY_OK);
            cr_assert(!c.bad && c.words > 0, "rank %zu: highlighted '%.*s'", i + 1,
                      (int)(sp->end - sp->start), h->snippet + sp->start);
            if (phrase)
                cr_assert_null(stems[c.words], "a phrase is highlighted whole");
            at = sp->end;
        }
    }
    essay_results_free(r);
    essay_analyzer_free(an);
}

Test(search, highlights_lie_in_the_snippet_and_cover_query_words)
{
    const char *const stems[] = { "secur", "guarante", NULL };
    assert_highlights("security guarantees", stems, 0);
}

Test(search, a_phrase_is_highlighted_as_one_span)
{
    const char *const stems[] = { "secur", "guarante", NULL };
    assert_highlights("\"security guarantees\"", stems, 1);
}

Test(search, snippets_are_cut_to_about_the_asked_size)
{
    essay_search_options o = with_limit(20);
    o.snippet_chars = 80;
    essay_results *r = run("ukraine", &o);
    size_t shorter = 0;
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_leq(strlen(h->snippet), strlen(h->text) + 6, "at most the text and ellipses");
        shorter += strlen(h->snippet) < 160 && strlen(h->text) > 400;
    }
    cr_assert_gt(shorter, 0, "long paragraphs get short snippets");
    essay_results_free(r);
}

/* ---- did you mean ------------------------------------------------------------------- */

Test(search, a_misspelt_word_gets_a_suggestion)
{
    essay_search_options o = essay_search_defaults();
    o.no_correct = 1;
    essay_results *r = run("machiaveli", &o);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_not_null(essay_results_suggestion(r));
    cr_assert_str_eq(essay_results_suggestion(r), "machiavelli");
    cr_assert_null(essay_results_corrected(r));
    essay_results_free(r);

    /* The rest of the query is kept. */
    r = run("ukraine machiaveli", &o);
    cr_assert_str_eq(essay_results_suggestion(r), "ukraine machiavelli");
    essay_results_free(r);
}

Test(search, a_query_that_finds_nothing_is_searched_as_corrected)
{
    essay_results *r = run("machiaveli", NULL);
    cr_assert_gt(essay_results_count(r), 0);
    cr_assert_str_eq(essay_results_corrected(r), "machiavelli");
    cr_assert_null(essay_results_suggestion(r), "the correction is not suggested again");
    cr_assert_not(essay_results_relaxed(r));
    cr_assert_not_null(strstr(essay_results_hit(r, 0)->text, "Machiavelli"));
    essay_results_free(r);

    essay_search_options o = essay_search_defaults();
    o.strict = 1;
    r = run("machiaveli", &o);
    cr_assert_eq(essay_results_count(r), 0, "--strict searches the query as written");
    cr_assert_null(essay_results_corrected(r));
    essay_results_free(r);
}

Test(search, an_any_word_query_that_finds_nothing_stays_empty)
{
    essay_search_options o = essay_search_defaults();
    o.match_any = 1;
    essay_results *r = run("zzyzzyva", &o);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_not(essay_results_relaxed(r));
    essay_results_free(r);
}

Test(search, a_quote_with_a_word_wrong_finds_the_quote)
{
    /* the text says "invariably find strong allies" */
    const char *quote = "\"he who commands a strong army will always find strong allies\"";
    essay_results *r = run(quote, NULL);
    cr_assert_gt(essay_results_count(r), 0);
    cr_assert(essay_results_relaxed(r));
    cr_assert_not_null(strstr(essay_results_hit(r, 0)->text, "invariably find strong allies"));
    essay_results_free(r);
}

Test(search, a_relaxed_query_keeps_its_correction)
{
    /* no essay holds Machiavelli and walruses: the relaxed search looks
     * for the corrected word, not for the misspelt one */
    essay_results *r = run("machiaveli walrus", NULL);
    cr_assert(essay_results_relaxed(r));
    cr_assert_str_eq(essay_results_corrected(r), "machiavelli walrus");
    cr_assert_gt(essay_results_count(r), 0);
    cr_assert_not_null(strstr(essay_results_hit(r, 0)->text, "Machiavelli"));
    essay_results_free(r);
}

Test(search, a_query_no_essay_matches_falls_back_to_any_word)
{
    /* No essay speaks of walruses: the other words find the closest (the
     * correction, which might find a word like it, is not searched here). */
    essay_search_options o = essay_search_defaults();
    o.no_correct = 1;
    essay_results *r = run("walrus security guarantees", &o);
    cr_assert_gt(essay_results_count(r), 0);
    cr_assert(essay_results_relaxed(r));
    for (size_t i = 0; i < essay_results_count(r); i++)
        cr_assert_null(strstr(essay_results_hit(r, i)->text, "walrus"));
    essay_results_free(r);

    o.strict = 1;
    r = run("walrus security guarantees", &o);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_eq(essay_results_estimate(r), 0);
    cr_assert_not(essay_results_relaxed(r));
    essay_results_free(r);

    /* A query that finds something is never relaxed. */
    r = run("security guarantees", NULL);
    cr_assert_not(essay_results_relaxed(r));
    essay_results_free(r);
}

Test(search, an_any_word_query_is_searched_with_its_unknown_word_corrected)
{
    /* "security" finds plenty: the word the index lacks is corrected all
     * the same, as it finds nothing of its own */
    essay_search_options o = essay_search_defaults();
    o.match_any = 1;
    essay_results *r = run("security machiaveli", &o);
    cr_assert_str_eq(essay_results_corrected(r), "security machiavelli");
    cr_assert_null(essay_results_suggestion(r));
    cr_assert_not_null(strstr(essay_results_hit(r, 0)->text, "Machiavelli"));
    essay_results_free(r);
    /* a word typed with a capital is corrected into a name the index writes
       with one, beginning as it does ("Machiavelli"); else it is most likely
       a name the index lacks, only suggested ("guarantees" is no name) */
    r = run("security Machiaveli", &o);
    cr_assert_str_eq(essay_results_corrected(r), "security Machiavelli");
    cr_assert_null(essay_results_suggestion(r));
    essay_results_free(r);
    r = run("security Guarantes", &o);
    cr_assert_null(essay_results_corrected(r));
    cr_assert_str_eq(essay_results_suggestion(r), "security Guarantees");
    essay_results_free(r);
    /* a word the correction searched, the name suggested */
    r = run("security Guarantes invarably", &o);
    cr_assert_str_eq(essay_results_corrected(r), "security Guarantes invariably");
    cr_assert_str_eq(essay_results_suggestion(r), "security Guarantees invariably");
    essay_results_free(r);
    r = run("Machiaveli", &o);
    cr_assert_str_eq(essay_results_corrected(r), "Machiavelli");
    essay_results_free(r);
    /* the capital that begins a query says nothing */
    r = run("Machiaveli on security", &o);
    cr_assert_str_eq(essay_results_corrected(r), "Machiavelli on security");
    essay_results_free(r);
    /* so is a question, which is searched for any of its words */
    r = run("what did machiaveli say about security", NULL);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_QUESTION);
    cr_assert_str_eq(essay_results_corrected(r), "what did machiavelli say about security");
    essay_results_free(r);
    /* --no-correct and --strict search it as written, and suggest */
    for (int strict = 0; strict < 2; strict++) {
        o.no_correct = !strict;
        o.strict = strict;
        r = run("security machiaveli", &o);
        cr_assert_null(essay_results_corrected(r));
        cr_assert_str_eq(essay_results_suggestion(r), "security machiavelli");
        cr_assert_gt(essay_results_count(r), 0);
        essay_results_free(r);
    }
}

Test(search, no_suggestion_when_the_query_finds_enough_or_is_spelt_right)
{
    essay_results *r = run("ukraine", NULL);
    cr_assert_null(essay_results_suggestion(r));
    essay_results_free(r);
    r = run("machiavelli", NULL);   /* one hit, but the word is in the index */
    cr_assert_null(essay_results_suggestion(r));
    essay_results_free(r);
}

/* ---- errors -------------------------------------------------------------------------- */

/* 'query' is refused, searched with 'o' (NULL: the defaults), saying where. */
static void assert_bad_query(const char *query, const essay_search_options *o)
{
    essay_results *r = (essay_results *)1;
    char *err = NULL;
    cr_assert_eq(essay_search(searcher, query, o, &r, &err), ESSAY_BAD_QUERY, "query '%s'",
                 query);
    cr_assert_null(r);
    cr_assert_not_null(err);
    cr_assert_not_null(strstr(err, "column"), "query '%s': %s", query, err);
    free(err);
}

Test(search, a_bad_query_says_where)
{
    essay_search_options strict = essay_search_defaults();
    strict.strict = 1;
    assert_bad_query("\"security guarantees", &strict);
    assert_bad_query("(security", &strict);
    assert_bad_query("security)", &strict);
    assert_bad_query("AND", NULL);
    assert_bad_query("security lang:xx", NULL);
    assert_bad_query("security NEAR/0 guarantees", NULL);
}

Test(search, a_query_failing_only_on_a_quote_or_bracket_is_read_as_words)
{
    const char *const queries[] = { "\"security guarantees", "(security guarantees",
                                    "security guarantees)", "title:\"security guarantees" };
    for (size_t i = 0; i < 4; i++) {
        essay_results *r = run(queries[i], NULL);
        cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_UNPARSED, "query '%s'", queries[i]);
        cr_assert_not_null(essay_results_unparsed(r));
        cr_assert_not_null(strstr(essay_results_unparsed(r), "unbalanced"), "%s",
                           essay_results_unparsed(r));
        cr_assert_gt(essay_results_count(r), 0);
        essay_results_free(r);
    }
}

Test(search, a_missing_index_is_no_index)
{
    essay_searcher *s = (essay_searcher *)1;
    char *missing, *err = NULL;
    cr_assert_gt(asprintf(&missing, "%s/missing", dir), 0);
    cr_assert_eq(essay_searcher_open(missing, &s, &err), ESSAY_NO_INDEX);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err, missing), "message: %s", err);
    free(err);
    free(missing);
}

/* Opening 'path' fails with 'status' and a message holding 'says' and the path. */
static void assert_not_opened(const char *path, essay_status status, const char *says)
{
    essay_searcher *s = (essay_searcher *)1;
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(path, &s, &err), status, "%s: %s", path, err);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err, says), "message: %s", err);
    cr_assert_not_null(strstr(err, path), "message: %s", err);
    free(err);
}

/* What is no index is said in the user's words, not Xapian's ("Bad line",
 * "Couldn't detect type of database"). */
Test(search, a_path_that_holds_no_index_is_named_for_what_it_is)
{
    char *file, *other, *empty, *building, *notes;
    cr_assert_gt(asprintf(&file, "%s/some.txt", dir), 0);
    cr_assert_gt(asprintf(&other, "%s/other", dir), 0);
    cr_assert_gt(asprintf(&notes, "%s/other/notes.txt", dir), 0);
    cr_assert_gt(asprintf(&empty, "%s/empty", dir), 0);
    cr_assert_gt(asprintf(&building, "%s/building", dir), 0);
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fputs("some words\n", f);
    fclose(f);
    cr_assert_eq(mkdir(other, 0755), 0);
    cr_assert_not_null(f = fopen(notes, "w"));
    fclose(f);
    cr_assert_eq(mkdir(empty, 0755), 0);
    cr_assert_eq(mkdir(building, 0755), 0);
    int lock;
    cr_assert_eq(essay__lock_acquire(building, 0, &lock, NULL), ESSAY_OK);

    assert_not_opened(file, ESSAY_BAD_ARGUMENT, "is not an index: it is a file");
    assert_not_opened(other, ESSAY_BAD_ARGUMENT, "is not an index: it is a directory of other files");
    assert_not_opened(empty, ESSAY_NO_INDEX, "is an empty directory, not an index");
    assert_not_opened(building, ESSAY_NO_INDEX, "yet (its first build is under way, or did not finish)");
    essay__lock_release(lock);
    free(file);
    free(other);
    free(notes);
    free(empty);
    free(building);
}

/* A Xapian database at 'path' with the given essay metadata (NULL: unset). */
static void make_database(const char *path, const char *format, const char *language)
{
    xc_error xe;
    xc_wdb *wdb = xc_wdb_open(path, XC_CREATE, &xe);
    cr_assert_not_null(wdb, "%s", xe.msg);
    if (format)
        cr_assert_eq(xc_wdb_set_metadata(wdb, ESSAY_META_FORMAT, format, strlen(format), &xe), 0);
    if (language)
        cr_assert_eq(xc_wdb_set_metadata(wdb, ESSAY_META_LANGUAGE, language, strlen(language),
                                         &xe), 0);
    cr_assert_eq(xc_wdb_close(wdb, &xe), 0);
}

/* A damaged index is said to be damaged, with the command that builds it
 * anew, not in Xapian's words alone ("EOF reading block 2"). */
Test(search, a_damaged_index_is_said_to_be_damaged)
{
    char *path, *table;
    cr_assert_gt(asprintf(&path, "%s/damaged", dir), 0);
    cr_assert_gt(asprintf(&table, "%s/postlist.glass", path), 0);
    make_database(path, ESSAY_FORMAT_VERSION, "english");
    cr_assert_eq(truncate(table, 1000), 0);     /* inside its first block */
    assert_not_opened(path, ESSAY_XAPIAN, "is damaged (");
    assert_not_opened(path, ESSAY_XAPIAN, "rebuild it from the essays with: essay-index --rebuild");
    cr_assert_eq(unlink(table), 0);
    assert_not_opened(path, ESSAY_XAPIAN, "is damaged (its file postlist.glass is missing)");
    free(table);
    free(path);
}

static void assert_incompatible(const char *format, const char *language, const char *says)
{
    char *path, *err = NULL;
    cr_assert_gt(asprintf(&path, "%s/other", dir), 0);
    make_database(path, format, language);
    essay_searcher *s = (essay_searcher *)1;
    cr_assert_eq(essay_searcher_open(path, &s, &err), ESSAY_INCOMPATIBLE);
    cr_assert_null(s);
    cr_assert_not_null(strstr(err, says), "message: %s", err);
    cr_assert_not_null(strstr(err, path), "message: %s", err);
    free(err);
    free(path);
}

Test(search_made, an_empty_xapian_database_is_not_an_essay_index)
{
    assert_incompatible(NULL, NULL, "not an essay index");
}

Test(search_made, another_format_is_incompatible)
{
    assert_incompatible("2", "english", "rebuild");
}

Test(search_made, an_unknown_stemming_language_is_incompatible)
{
    assert_incompatible(ESSAY_FORMAT_VERSION, "klingon", "klingon");
}

Test(search_made, close_accepts_null)
{
    essay_searcher_close(NULL);
    essay_results_free(NULL);
    cr_assert_null(searcher);
}

/* ---- hand-made indexes ------------------------------------------------------------- */

/* Index the essays texts[0..n) as dir/names[0] ... (names NULL: dir/e0.txt
 * ...) and open the searcher. */
static void index_named(const char *const *names, const char *const *texts, size_t n)
{
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        if (names != NULL)
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        else
            snprintf(path, sizeof path, "%s/e%zu.txt", dir, i);
        essay_change change;
        size_t paragraphs;
        cr_assert_eq(essay_index_add_buffer(ix, path, texts[i], strlen(texts[i]), &change,
                                            &paragraphs, &err), ESSAY_OK, "%s", err);
    }
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
    essay_searcher_close(searcher);     /* a test that indexes twice reads the second */
    open_searcher();
}

/* Index the essays texts[0..n) as dir/e0.txt ... and open the searcher. */
static void index_texts(const char *const *texts, size_t n)
{
    index_named(NULL, texts, n);
}

Test(search_made, equal_scores_come_in_a_stable_order)
{
    const char *text = "The lighthouse keeper rowed ashore.\n";
    const char *const texts[] = { text, text, text, text, text };
    index_texts(texts, 5);
    char order[5][512];
    for (int round = 0; round < 2; round++) {
        if (round == 1) {   /* a new reader: nothing is kept from the first */
            essay_searcher_close(searcher);
            open_searcher();
        }
        essay_results *r = run("lighthouse", NULL);
        cr_assert_eq(essay_results_count(r), 5);
        unsigned seen = 0;
        for (size_t i = 0; i < 5; i++) {
            const essay_hit *h = essay_results_hit(r, i);
            cr_assert_eq(h->score, essay_results_hit(r, 0)->score);
            const char *name = strrchr(h->path, '/');
            cr_assert(name && name[1] == 'e' && name[2] >= '0' && name[2] <= '4', "%s", h->path);
            seen |= 1u << (name[2] - '0');
            if (round == 0)
                snprintf(order[i], sizeof order[i], "%s", h->path);
            else
                cr_assert_str_eq(h->path, order[i], "rank %zu", i + 1);
        }
        cr_assert_eq(seen, 0x1f, "each essay once");
        essay_results_free(r);
    }
}

/* ---- essays ranked by their whole text ------------------------------------------ */

static essay_search_options one_per_essay(unsigned limit, int match_any)
{
    essay_search_options o = with_limit(limit);
    o.per_essay = 1;
    o.match_any = match_any;
    return o;
}

/* Essays with a paragraph of one word each that is not in the others, so
 * that ranking whole essays and ranking best paragraphs disagree: e0 holds
 * both query words, in different paragraphs, among long ones; e1 one short
 * paragraph with one of them; the rest, short paragraphs with neither. */
static const char *const split_words[] = {
    "---\ntitle: Both\n---\nThe walrus sat on a rock by the grey water of the bay and slept "
    "all afternoon long while the tide came in.\n\nA narwhal swam far out beyond the ice where "
    "the boats of the village never went in winter or in spring.\n",
    "---\ntitle: One\n---\nA walrus.\n",
    "---\ntitle: Neither\n---\nGulls cried over the harbour.\n\nThe tide turned.\n\n"
    "Night fell.\n",
    "---\ntitle: Neither again\n---\nThe fishermen mended their nets.\n\nThe boats came "
    "home.\n\nThe lamps were lit.\n",
};

Test(search_made, one_per_essay_ranks_essays_by_their_whole_text)
{
    index_texts(split_words, 4);
    essay_search_options o = one_per_essay(10, 1);
    essay_results *r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 2);
    const essay_hit *top = essay_results_hit(r, 0);
    cr_assert(ends_with(top->path, "/e0.txt"), "the essay with both words first: %s", top->path);
    cr_assert_eq(top->rank, 1);
    cr_assert_gt(top->score, essay_results_hit(r, 1)->score);
    cr_assert_not_null(strstr(top->text, "narwhal"), "its best paragraph: %s", top->text);
    cr_assert_gt(top->n_highlights, 0);
    cr_assert_eq(essay_results_estimate(r), 2);
    essay_results_free(r);
    /* By paragraph, the short one of e1 comes first; so it does for one per
     * essay without the essay database, as over tcp:// shards. */
    o.per_essay = 2;
    r = run("walrus narwhal", &o);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e1.txt"), "%s",
              essay_results_hit(r, 0)->path);
    essay_results_free(r);
    o.per_essay = 1;
    o.no_essay_database = 1;
    r = run("walrus narwhal", &o);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e1.txt"), "%s",
              essay_results_hit(r, 0)->path);
    essay_results_free(r);
}

/* The ranking's parameters are the options', and the environment, which
 * essay-search reads for them, steers no other program. */
Test(search_made, bm25_parameters_come_from_the_options_alone)
{
    index_texts(split_words, 4);
    essay_search_options o = one_per_essay(10, 1);
    o.per_essay = 0;
    essay_results *r = run("walrus", &o);
    double by_default = essay_results_hit(r, 0)->score;
    essay_results_free(r);

    cr_assert_eq(setenv("ESSAY_BM25_K1", "3", 1), 0);
    cr_assert_eq(setenv("ESSAY_BM25_B", "0.1", 1), 0);
    cr_assert_eq(setenv("ESSAY_RANK_ESSAYS", "0", 1), 0);
    essay_searcher_close(searcher);
    open_searcher();    /* opened with the environment set */
    r = run("walrus", &o);
    cr_assert_float_eq(essay_results_hit(r, 0)->score, by_default, 1e-12,
                       "the environment changed the ranking");
    essay_results_free(r);
    essay_search_options whole = one_per_essay(10, 1);
    r = run("walrus narwhal", &whole);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e0.txt"),
              "the environment turned the essay database off: %s", essay_results_hit(r, 0)->path);
    essay_results_free(r);
    unsetenv("ESSAY_BM25_K1");
    unsetenv("ESSAY_BM25_B");
    unsetenv("ESSAY_RANK_ESSAYS");

    o.bm25_k1 = 1.2;
    o.bm25_b = 0.75;
    r = run("walrus", &o);
    cr_assert_float_eq(essay_results_hit(r, 0)->score, by_default, 1e-12,
                       "0 is the default, 1.2 and 0.75");
    essay_results_free(r);
    o.bm25_b = 0.1;
    r = run("walrus", &o);
    cr_assert(fabs(essay_results_hit(r, 0)->score - by_default) > 1e-6,
              "b 0.1 ranks as b 0.75: %f", by_default);
    essay_results_free(r);
}

Test(search_made, one_per_essay_shows_only_essays_with_a_matching_paragraph)
{
    index_texts(split_words, 4);
    essay_search_options o = one_per_essay(10, 0);
    /* e0 holds both words, but in no one paragraph */
    o.same_paragraph = 1;
    o.strict = 1;
    essay_results *r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_eq(essay_results_estimate(r), 0);
    essay_results_free(r);
    o.same_paragraph = o.strict = 0;
    r = run("\"walrus sat\"", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e0.txt"));
    essay_results_free(r);
    /* an exclusion is of paragraphs: e0 has a walrus paragraph without narwhal */
    o.match_any = 1;
    r = run("walrus -narwhal", &o);
    cr_assert_eq(essay_results_count(r), 2);
    for (size_t i = 0; i < 2; i++)
        cr_assert_null(strstr(essay_results_hit(r, i)->text, "narwhal"));
    essay_results_free(r);
}

/* e0 holds both words in different paragraphs, e1 in one, e2 only one. */
static const char *const spread_words[] = {
    "Zero\n\nThe walrus sat on the rock all day.\n\nA narwhal swam beyond the ice.\n",
    "One\n\nThe walrus and the narwhal met at the edge of the ice.\n",
    "Two\n\nA walrus alone on the shore.\n",
};

/* The essay file (e0.txt ...) of hit 'i' of 'r'. */
static const char *essay_of(const essay_results *r, size_t i)
{
    return strrchr(essay_results_hit(r, i)->path, '/') + 1;
}

/* Index the 'n' essays 'texts' and search 'query' for ten hits: how many
 * there are, and the file of the first in 'first' ("" without one). */
static size_t search_texts(const char *const *texts, size_t n, const char *query, char first[16])
{
    index_texts(texts, n);
    essay_search_options o = with_limit(10);
    essay_results *r = run(query, &o);
    size_t count = essay_results_count(r);
    snprintf(first, 16, "%s", count ? essay_of(r, 0) : "");
    essay_results_free(r);
    return count;
}

/* A title typed with a common word too many inside ("the" of "letters to
 * the dead authors") still names the essay it heads, before a paragraph
 * that says the words as typed. */
Test(search_made, a_title_typed_with_a_common_word_too_many_names_its_essay)
{
    static const char *const texts[] = {
        "Letters to Dead Authors\n\nSir, the authors of your time were kinder to letters.\n",
        "Reviews\n\nHe wrote letters to the dead authors he loved, and they wrote none back.\n",
    };
    char first[16];
    cr_assert_eq(search_texts(texts, 2, "letters to the dead authors", first), 2);
    cr_assert_str_eq(first, "e0.txt", "the essay the title heads");
    cr_assert_eq(search_texts(texts, 2, "letters to dead authors", first), 2);
    cr_assert_str_eq(first, "e0.txt", "the title as it is");
}

/* Asked for a text on a subject, the search answers on the subject: read
 * as a question, for any of its words, so that a paragraph on friendship
 * that says no "essay" answers "an essay about friendship" (Plato's Lysis
 * was no hit at all, as no paragraph of it says "essay"). */
Test(search_made, a_text_asked_for_on_a_subject_is_found_by_its_subject)
{
    static const char *const texts[] = {
        "Letters\n\nI send you an essay about nothing, with my friendship, as before.\n",
        "Lysis\n\nFriendship is the love of the good: a friend is dear to his friend for the "
        "good, and friendship between the good lasts, for friendship asks nothing.\n",
        "Notes\n\nThe essay was long.\n",
    };
    index_texts(texts, 3);
    static const char *const queries[] = { "an essay about friendship", "essays on friendship" };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        essay_search_options o = with_limit(10);
        essay_results *r = run(queries[q], &o);
        cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_QUESTION, "%s", queries[q]);
        cr_assert_not_null(hit_from(r, "e1.txt"), "%s: the paragraph on friendship", queries[q]);
        essay_results_free(r);
    }
}

/* A word excluded leaves out the essays it names by their author or file
 * name, as a word an essay's names hold is one the essay holds: "whistle
 * NOT franklin" is not Franklin's "The Whistle", whose text does not name
 * him; a word that names no essay excludes its paragraphs only. */
Test(search_made, an_excluded_name_leaves_out_the_essays_it_names)
{
    static const char *const texts[] = {
        "---\ntitle: The Whistle\nauthor: Benjamin Franklin\n---\nWhen I was a child I gave "
        "all my money for a whistle.\n",
        "---\ntitle: Toys\nauthor: A Neighbour\n---\nThe boy blew his whistle all day.\n",
        "---\ntitle: Tunes\nauthor: A Friend\n---\nA whistle and a drum, as money goes.\n",
    };
    index_texts(texts, 3);
    static const struct { const char *query; const char *files; } asked[] = {
        { "whistle", "e0.txt e1.txt e2.txt" },
        { "whistle -franklin", "e1.txt e2.txt" },
        { "whistle NOT franklin", "e1.txt e2.txt" },
        { "whistle -money", "e1.txt" },
        { "whistle -benjamin -neighbour", "e2.txt" },
        { "(whistle -franklin) OR zzyzzyva", "e1.txt e2.txt" },   /* in a group too */
    };
    for (size_t q = 0; q < sizeof asked / sizeof *asked; q++) {
        essay_search_options o = with_limit(10);
        o.exact_total = 1;
        essay_results *r = run(asked[q].query, &o);
        char got[64] = "";
        const char *names[3] = { NULL };
        for (size_t i = 0; i < essay_results_count(r) && i < 3; i++)
            names[i] = essay_of(r, i);
        for (int f = 0; f < 3; f++) {
            char file[24];
            snprintf(file, sizeof file, "e%d.txt", f);
            for (size_t i = 0; i < 3; i++)
                if (names[i] && strcmp(names[i], file) == 0) {
                    snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
                             got[0] ? " " : "", file);
                    break;
                }
        }
        cr_assert_str_eq(got, asked[q].files, "'%s'", asked[q].query);
        cr_assert_eq(essay_results_estimate(r), essay_results_count(r), "'%s'", asked[q].query);
        essay_results_free(r);
    }
    /* searched as without the essay database, names are no essay's words */
    essay_search_options o = with_limit(10);
    o.no_essay_database = 1;
    essay_results *r = run("whistle -franklin", &o);
    cr_assert_not_null(hit_from(r, "e0.txt"));
    essay_results_free(r);
}

/* A query of title: fields alone names its essays as their title typed
 * does: the essay the title heads first, not another whose title holds
 * the words among others ("the Dutch Republic" before "The Republic"), and
 * each essay's paragraphs in their order, not the shortest first (a line
 * of verse had come before the text it ends). */
Test(search_made, a_title_field_alone_names_its_essay_and_reads_it_in_order)
{
    static const char *const texts[] = {
        "The Rise of the Dutch Republic\n\nThe provinces rose against the king.\n",
        "The Republic\n\nSocrates went down to the Piraeus with Glaucon, the son of Ariston, "
        "to offer up his prayers to the goddess and to see the festival.\n\n"
        "And the guardians shall keep the city whole.\n\nSo ends it.\n",
    };
    index_texts(texts, 2);
    static const char *const queries[] = { "title:\"the republic\"", "title: republic" };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        essay_search_options o = with_limit(10);
        essay_results *r = run(queries[q], &o);
        cr_assert_geq(essay_results_count(r), 3, "%s", queries[q]);
        if (q == 0)
            cr_assert_str_eq(essay_of(r, 0), "e1.txt", "%s: the essay the title heads",
                             queries[q]);
        for (size_t i = 1; i < essay_results_count(r); i++)
            if (strcmp(essay_of(r, i), essay_of(r, i - 1)) == 0)
                cr_assert_gt(essay_results_hit(r, i)->paragraph,
                             essay_results_hit(r, i - 1)->paragraph,
                             "%s: rank %zu: an essay's paragraphs in their order", queries[q],
                             i + 1);
        essay_results_free(r);
    }
}

Test(search_made, an_essay_holding_every_word_matches_though_no_paragraph_does)
{
    index_texts(spread_words, 3);
    essay_search_options o = with_limit(10);
    essay_results *r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert_eq(essay_results_estimate(r), 3);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt", "the paragraph holding both comes first");
    for (size_t i = 1; i < 3; i++) {
        cr_assert_str_eq(essay_of(r, i), "e0.txt", "then those of the essay holding both");
        cr_assert_eq(essay_results_hit(r, i)->rank, i + 1);
        cr_assert_gt(essay_results_hit(r, i)->n_highlights, 0);
    }
    cr_assert_not(essay_results_relaxed(r));
    essay_results_free(r);

    /* Paging goes on through the second kind; the count agrees. */
    o = with_limit(1);
    o.offset = 2;
    r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    cr_assert_eq(essay_results_hit(r, 0)->rank, 3);
    essay_results_free(r);
    o = with_limit(1);
    o.exact_total = 1;
    r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_estimate(r), 3);
    essay_results_free(r);

    /* An explicit AND binds no tighter than a blank: the essay holds both
       ("walrus AND narwhal" had listed the one paragraph holding both). */
    o = with_limit(10);
    r = run("walrus AND narwhal", &o);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert_str_eq(essay_of(r, 2), "e0.txt");
    essay_results_free(r);
    /* with match_any (any true value), an explicit AND still binds */
    for (int any = 1; any <= 2; any++) {
        o = with_limit(10);
        o.match_any = any;
        r = run("walrus AND narwhal", &o);
        cr_assert_eq(essay_results_count(r), 1, "match_any %d", any);
        essay_results_free(r);
    }

    /* --same-paragraph: the one paragraph holding both. */
    o = with_limit(10);
    o.same_paragraph = 1;
    r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    essay_results_free(r);

    /* Newest first: both kinds together, the essay without narwhal still out. */
    o = with_limit(10);
    o.sort = ESSAY_SORT_DATE;
    r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 3);
    for (size_t i = 0; i < 3; i++)
        cr_assert_str_neq(essay_of(r, i), "e2.txt");
    essay_results_free(r);
}

/* Free 'texts[0..n)' and the array. */
static void free_texts(char **texts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
}

/* 150 essays that hold both walrus and narwhal, so many that only a batch
 * of the best is checked for the paragraphs to show: e000-e099 short, each
 * word in a paragraph of its own (the best essays, by their whole text);
 * e100-e129 long, each word in a short sentence of its own (the best paragraphs
 * holding some of the query); e130-e149 long, with a paragraph holding both
 * (what comes first, ranked last by the whole text).  Returned as written
 * by index_texts(), to be freed. */
static char **index_many_spread_essays(size_t *n)
{
    enum { SHORT = 100, LOOSE = 30, WHOLE = 20 };
    const char *filler = "The tide came in over the grey stones of the bay at dusk.\n\n";
    *n = SHORT + LOOSE + WHOLE;
    char **texts = calloc(*n, sizeof *texts);
    cr_assert_not_null(texts);
    for (size_t i = 0; i < *n; i++) {
        size_t fill = i < SHORT ? 0 : 12, len = 300 + fill * strlen(filler);
        char *t = texts[i] = malloc(len);
        cr_assert_not_null(t);
        int at = snprintf(t, len, "Essay %zu\n\n", i);
        for (size_t f = 0; f < fill; f++)
            at += snprintf(t + at, len - at, "%s", filler);
        /* each paragraph its own, not a reprint of another essay's */
        if (i < SHORT)
            snprintf(t + at, len - at, "The walrus lay on the rock a long while in the sun "
                     "by the grey sea %zu.\n\nA narwhal passed far out beyond the ice floes in "
                     "the cold northern water %zu.\n", i, i);
        else if (i < SHORT + LOOSE)
            snprintf(t + at, len - at, "The walrus slept %zu.\n\nThe narwhal swam %zu.\n", i, i);
        else
            snprintf(t + at, len - at, "The walrus met the narwhal %zu.\n", i);
    }
    index_texts((const char *const *)texts, *n);
    return texts;
}

/* Hits 'from' to 'from + limit' of 'query' with 'o' equal those of one
 * page of 60: a page is a slice of one order, whatever its size. */
static void assert_page_is_a_slice(const char *query, essay_search_options o, unsigned from,
                                   unsigned limit)
{
    essay_search_options all = o;
    all.offset = 0;
    all.limit = 60;
    o.offset = from;
    o.limit = limit;
    essay_results *whole = run(query, &all), *page = run(query, &o);
    cr_assert_geq(essay_results_count(whole), from + limit);
    cr_assert_eq(essay_results_count(page), limit);
    for (unsigned i = 0; i < limit; i++)
        assert_same_hit(essay_results_hit(page, i), essay_results_hit(whole, from + i), query);
    essay_results_free(whole);
    essay_results_free(page);
}

Test(search_made, a_page_of_an_essay_query_is_the_same_slice_whatever_its_size)
{
    size_t n;
    char **texts = index_many_spread_essays(&n);
    const unsigned per_essay[] = { 0, 1, 2 };
    for (size_t i = 0; i < 3; i++)
        for (int sort = ESSAY_SORT_RELEVANCE; sort <= ESSAY_SORT_DATE; sort++) {
            essay_search_options o = with_limit(10);
            o.per_essay = per_essay[i];
            o.sort = sort;
            assert_page_is_a_slice("walrus narwhal", o, 0, 5);
            assert_page_is_a_slice("walrus narwhal", o, 0, 25);
            assert_page_is_a_slice("walrus narwhal", o, 20, 10);
            assert_page_is_a_slice("walrus narwhal", o, 45, 10);
        }
    /* One per essay: the essays with a paragraph holding both first, though
     * the whole text ranks them last, on the first page as on any. */
    essay_search_options o = one_per_essay(5, 0);
    essay_results *r = run("walrus narwhal", &o);
    for (size_t i = 0; i < 5; i++)
        cr_assert_geq(atoi(essay_of(r, i) + 1), 130, "hit %zu: %s", i + 1, essay_of(r, i));
    essay_results_free(r);
    free_texts(texts, n);
}

/* Two essays by Thoreau on the railroad, which do not name him, and three
 * short pages of others that name him beside it, which rank first by the
 * words alone. */
static const char *const thoreau_and_others[] = {
    "---\ntitle: Sounds\nauthor: Henry Thoreau\n---\nThe whistle of the locomotive penetrates "
    "my woods summer and winter, sounding like the scream of a hawk over some farmer's yard, "
    "and the railroad runs along the shore of the pond.\n\nThe railroad men come and go, and "
    "their cars go by with the cattle of the hills.\n\nI sit at my door in the morning.\n",
    "---\ntitle: Letters\nauthor: A Friend\n---\nWe saw Thoreau take the railroad home.\n",
    "---\ntitle: Walden\nauthor: Henry Thoreau\n---\nThe railroad touches the pond at one "
    "end, where the sand was cut for its bed long ago by the workmen of the town.\n",
    "---\ntitle: Notes\nauthor: A Neighbour\n---\nThoreau walked the railroad at dusk.\n",
    "---\ntitle: Diary\nauthor: A Visitor\n---\nIn the morning Thoreau met me by the "
    "railroad.\n",
};

/* An author's name with other words: under a per-essay limit too, his
 * essays that hold them come first, each shown by its paragraphs holding
 * them and no others, then the essays of the rest, each once; a page is a
 * slice of that order whatever its size. */
Test(search_made, an_authors_essays_come_first_under_a_per_essay_limit)
{
    index_texts(thoreau_and_others, 5);
    for (unsigned per_essay = 1; per_essay <= 2; per_essay++) {
        essay_search_options o = with_limit(20);
        o.per_essay = per_essay;
        essay_results *r = run("thoreau railroad", &o);
        size_t n = essay_results_count(r), his = per_essay == 1 ? 2 : 3;
        cr_assert_eq(n, his + 3, "per essay %u: %zu hits", per_essay, n);
        for (size_t i = 0; i < n; i++) {
            const char *e = essay_of(r, i);
            int by_him = strcmp(e, "e0.txt") == 0 || strcmp(e, "e2.txt") == 0;
            cr_assert_eq(by_him, i < his, "per essay %u, hit %zu: %s", per_essay, i + 1, e);
            size_t seen = 0;
            for (size_t j = 0; j < n; j++)
                seen += strcmp(essay_of(r, j), e) == 0;
            cr_assert_leq(seen, per_essay, "per essay %u: %s %zu times", per_essay, e, seen);
        }
        essay_results_free(r);
        for (unsigned from = 0; from < n; from++)
            for (unsigned limit = 1; from + limit <= n; limit++)
                assert_page_is_a_slice("thoreau railroad", o, from, limit);
    }
}

/* A name's possessive names the author as the name does: "thoreau's
 * railroad" puts his essays first as "thoreau railroad" does, though the
 * essays write no "Thoreau's" for the index to tell it a name by. */
Test(search_made, a_names_possessive_names_the_author)
{
    index_texts(thoreau_and_others, 5);
    essay_search_options o = with_limit(20);
    essay_results *plain = run("thoreau railroad", &o), *r = run("thoreau's railroad", &o);
    cr_assert_eq(essay_results_count(r), essay_results_count(plain));
    cr_assert_geq(essay_results_count(r), 3);
    for (size_t i = 0; i < essay_results_count(r); i++) {
        cr_assert_str_eq(essay_of(r, i), essay_of(plain, i), "hit %zu", i + 1);
        cr_assert_eq(essay_results_hit(r, i)->line, essay_results_hit(plain, i)->line);
    }
    cr_assert(strcmp(essay_of(r, 0), "e0.txt") == 0 || strcmp(essay_of(r, 0), "e2.txt") == 0,
              "his essay first: %s", essay_of(r, 0));
    essay_results_free(plain);
    essay_results_free(r);
}

/* Six essays: each a paragraph of its own on the walrus, a reprint of the
 * same passage on it (copies: one hit) and a bare heading at the end, the
 * last one naming the walrus (a kind of hit of its own, after the text). */
static const char *const reprinted_walrus[] = {
    "Ice\n\nA walrus hauled out at dawn.\n\nThe walrus is a large flippered marine mammal of the "
    "arctic seas.\n\nGulls\n",
    "Floe\n\nThe walrus slept on the floe.\n\nThe walrus is a large flippered marine mammal of "
    "the arctic seas.\n\nSeals\n",
    "Bay\n\nOne walrus in the bay.\n\nThe walrus is a large flippered marine mammal of the "
    "arctic seas.\n\nTerns\n",
    "Shore\n\nA walrus came ashore.\n\nThe walrus is a large flippered marine mammal of the "
    "arctic seas.\n\nPuffins\n",
    "Tide\n\nThe walrus and the tide.\n\nThe walrus is a large flippered marine mammal of the "
    "arctic seas.\n\nWhales\n",
    "Index\n\nSeals on the rocks, and gulls.\n\nThe walrus is a large flippered marine mammal of "
    "the arctic seas.\n\nWalrus\n",
};

Test(search_made, a_total_the_page_reaches_is_exact_under_the_collapse_of_copies)
{
    index_texts(reprinted_walrus, 6);
    essay_search_options o = with_limit(1);
    o.exact_total = 1;
    essay_results *r = run("walrus", &o);
    size_t exact = essay_results_estimate(r);
    essay_results_free(r);
    cr_assert_eq(exact, 7, "five paragraphs, the reprint once, the heading");
    /* a page that reaches the heading's kind counts each kind exactly,
     * however few hits it asks for of it */
    for (unsigned limit = exact - 1; limit <= exact + 1; limit++) {
        o = with_limit(limit);
        r = run("walrus", &o);
        cr_assert_eq(essay_results_estimate(r), exact, "limit %u", limit);
        essay_results_free(r);
    }
}

/* A page that ends at the ESSAY_RANK_MAXth hit ranks as the pages before
 * it (the search asks for one hit more, which once took it past the
 * limit): ESSAY_RANK_MAX short essays, each word of the query in a long
 * paragraph, and ten long ones, ranked last by their whole text, each word
 * a short paragraph of its own. */
Test(search_made, a_page_ending_at_the_deepest_ranked_hit_is_a_slice_too, .timeout = 60)
{
    size_t n = ESSAY_RANK_MAX + 10;
    char **texts = calloc(n, sizeof *texts);
    cr_assert_not_null(texts);
    for (size_t i = 0; i < n; i++) {
        int ok = i < ESSAY_RANK_MAX
                 ? asprintf(&texts[i], "Essay %zu\n\nThe walrus lay on the rock a long while in "
                            "the sun by the grey sea %zu.\n\nA narwhal passed far out beyond the "
                            "ice floes in the cold water %zu.\n", i, i, i)
                 : asprintf(&texts[i], "Essay %zu\n\n%s%s%s%sThe walrus slept %zu.\n\nThe "
                            "narwhal swam %zu.\n", i,
                            "The tide came in over the grey stones of the bay at dusk.\n\n",
                            "The gulls cried over the harbour wall as the boats came in.\n\n",
                            "The lamps were lit along the quay one after another.\n\n",
                            "Night fell on the town and the sea grew quiet.\n\n", i, i);
        cr_assert_geq(ok, 0);
    }
    index_texts((const char *const *)texts, n);
    for (int sort = ESSAY_SORT_RELEVANCE; sort <= ESSAY_SORT_DATE; sort++) {
        essay_search_options o = with_limit(ESSAY_RANK_MAX - 1);
        o.sort = sort;
        essay_results *shorter = run("walrus narwhal", &o);
        o.limit = ESSAY_RANK_MAX;
        essay_results *to_the_limit = run("walrus narwhal", &o);
        cr_assert_eq(essay_results_count(shorter), ESSAY_RANK_MAX - 1);
        for (size_t i = 0; i < ESSAY_RANK_MAX - 1; i++)
            assert_same_hit(essay_results_hit(to_the_limit, i), essay_results_hit(shorter, i),
                            "walrus narwhal");
        essay_results_free(shorter);
        essay_results_free(to_the_limit);
    }
    free_texts(texts, n);
}

/* Sorted by date, the paragraphs that come closest to a quote (three of
 * its words in a row) come first, then the rest: the rest without them.
 * This one was listed twice, first and again among the rest. */
Test(search_made, sorted_by_date_the_closest_paragraph_is_listed_once)
{
    const char *const texts[] = {
        "Moscow\n\nDaily life in Moscow.\n\nWe saw no disorder. None of us ever saw a sign of "
        "it. Passengers ride on the roof. Railway queues are common.\n",
    };
    index_texts(texts, 1);
    essay_search_options o = with_limit(10);
    o.sort = ESSAY_SORT_DATE;
    essay_results *r = run("we do not ride on the railway, it rides on us", &o);
    cr_assert_eq(essay_results_count(r), 1, "one paragraph, once: %zu hits",
                 essay_results_count(r));
    cr_assert_eq(essay_results_estimate(r), 1);
    cr_assert(essay_results_relaxed(r));
    essay_results_free(r);
}

Test(search_made, essays_holding_every_word_rank_those_holding_them_together_first)
{
    index_texts(spread_words, 3);
    essay_search_options o = one_per_essay(10, 0);
    essay_results *r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    cr_assert_str_eq(essay_of(r, 1), "e0.txt");
    cr_assert_eq(essay_results_estimate(r), 2);
    essay_results_free(r);

}

Test(search_made, a_question_needs_no_essay_to_hold_its_common_words)
{
    static const char *const texts[] = {
        "Walden\n\nThoreau would think of solitude as a friend.\n",
        "Other\n\nWhat did they say about the harbour?\n",
    };
    index_texts(texts, 2);
    /* no essay holds "what", "did" and "about" with the rest */
    essay_search_options o = with_limit(10);
    o.strict = 1;
    essay_results *r = run("what did thoreau think about solitude", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
    /* a paragraph must still hold them all */
    o.same_paragraph = 1;
    r = run("what did thoreau think about solitude", &o);
    cr_assert_eq(essay_results_count(r), 0);
    essay_results_free(r);
}

Test(search_made, a_question_is_searched_for_any_of_its_words)
{
    static const char *const texts[] = {
        "On Running After One's Hat\n\nI ran after my hat down the street, running as a man "
        "runs for his life.\n",
        "Letters\n\nHe wrote to me of running, of a hat he lost, and of the weather.\n",
    };
    index_texts(texts, 2);
    /* the essay the question is about lacks "wrote" */
    essay_search_options o = with_limit(10);
    essay_results *r = run("who wrote about running after a hat", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert(strcmp(essay_of(r, 0), "e0.txt") == 0 || strcmp(essay_of(r, 1), "e0.txt") == 0);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_QUESTION);
    essay_results_free(r);
    /* --strict and --same-paragraph search every word */
    o.strict = 1;
    r = run("who wrote about running after a hat", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    cr_assert_eq(essay_results_relaxed(r), 0);
    essay_results_free(r);
    /* under --same-paragraph no paragraph holds "who" and the rest: the
       fallback relaxes it, as it would any query */
    o.strict = 0;
    o.same_paragraph = 1;
    r = run("who wrote about running after a hat", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_CLOSEST);
    essay_results_free(r);
    /* keywords are not a question */
    o.same_paragraph = 0;
    r = run("wrote running hat", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_eq(essay_results_relaxed(r), 0);
    essay_results_free(r);
}

Test(search_made, a_paragraph_with_no_word_is_no_hit_of_its_title)
{
    static const char *const texts[] = {
        "On Lying in Bed\n\nLying in bed would be a perfect experience with a pencil long "
        "enough to draw on the ceiling.\n\n.....\n\nThe rest of the essay, on ceilings and "
        "rising late.\n\n* * *\n",
    };
    index_texts(texts, 1);
    /* the title's phrase finds the essay by its first paragraph with text,
       not by the rows of dots and stars, which its shortness would rank first */
    essay_search_options o = with_limit(10);
    essay_results *r = run("\"on lying in bed\"", &o);
    cr_assert_eq(essay_results_count(r), 1);
    for (size_t i = 0; i < essay_results_count(r); i++)
        cr_assert(strpbrk(essay_results_hit(r, i)->text, "abcdefghijklmnopqrstuvwxyz") != NULL,
                  "hit %zu: '%s'", i, essay_results_hit(r, i)->text);
    essay_results_free(r);
}

Test(search_made, a_short_quote_that_is_a_title_finds_its_essay)
{
    /* e1 holds the words apart in short paragraphs, which BM25 puts first;
       e0 has them in its title only */
    static const char *const texts[] = {
        "---\ntitle: As long as it takes\n---\nThe coalition of the willing is no guarantee of "
        "security, whatever its members promise, and the war goes on.\n",
        "Roads\n\nThe road is long.\n\nIt takes a day.\n\nA long road takes time.\n",
    };
    char first[16];
    cr_assert_gt(search_texts(texts, 2, "as long as it takes", first), 1);
    cr_assert_str_eq(first, "e0.txt");
}

Test(search_made, a_quote_of_common_words_or_of_two_words_finds_its_paragraph_first)
{
    /* e0's short paragraphs hold the words apart, which BM25 puts first;
       e1's long ones hold them as typed */
    static const char *const texts[] = {
        "Notes\n\nNot to be sold.\n\nTo be or to seem.\n\nNot now or not ever, to be sure.\n\n"
        "Simplify the plan, then simplify the tools.\n\nSimplify.\n\nFree men will go.\n\n"
        "Simplicity is all.\n",
        "Readers\n\nHe was the first beyond mere actors on the rolls of that innumerable army who "
        "have got To be or not to be by heart, and he quoted it to himself in the pages of "
        "his diary, and set it to music of his own.\n\nOur life is frittered away by "
        "detail, and an honest man has hardly need to count more than his ten fingers. "
        "Simplicity, simplicity, simplicity! Simplify, simplify: instead of three meals a day, "
        "if it be necessary eat but one.\n\n"
        "The old question of free will and necessity has been argued by every school of "
        "philosophy since the Stoics, and none of them has settled it.\n",
    };
    index_texts(texts, 2);
    essay_search_options o = with_limit(10);
    static const char *const quotes[] = { "to be or not to be", "simplify simplify", "free will",
                                          "simplicity simplicity simplicity" };
    for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++) {
        essay_results *r = run(quotes[i], &o);
        cr_assert_gt(essay_results_count(r), 1, "%s", quotes[i]);
        cr_assert_str_eq(essay_of(r, 0), "e1.txt", "%s", quotes[i]);
        essay_results_free(r);
    }
}

Test(search_made, two_words_the_text_joins_with_and_are_no_phrase)
{
    /* "gold, silver" stands side by side once, in e0's list; e1 joins the
       words with "and" twice: two of a kind, no phrase */
    static const char *const texts[] = {
        "Mines\n\nGold, silver, copper, tin, lead, iron, zinc and many another metal were found "
        "in the long veins of the old mines under the hills of the north country that year.\n",
        "Coins\n\nGold and silver. Silver and gold.\n",
    };
    char first[16];
    cr_assert_eq(search_texts(texts, 2, "gold silver", first), 2);
    cr_assert_str_eq(first, "e1.txt");
}

Test(search_made, two_words_the_text_joins_with_or_are_no_phrase)
{
    /* "war, peace" stands side by side once, in e0's list; e1 joins the
       words with "or" twice, as "and" joins gold and silver above */
    static const char *const texts[] = {
        "Ages\n\nWar, peace, famine, plague, flood and many another change came to the valley "
        "in the long years of the old kings before the north country was settled that year.\n",
        "Choices\n\nWar or peace. Peace or war.\n",
    };
    char first[16];
    cr_assert_eq(search_texts(texts, 2, "war peace", first), 2);
    cr_assert_str_eq(first, "e1.txt");
}

Test(search_made, two_names_side_by_side_are_no_phrase)
{
    /* in e1, a list sets "Emerson, Thoreau" side by side; e0's short
       paragraph is about the two */
    static const char *const texts[] = {
        "Friends\n\nIn Concord Thoreau walked with Emerson.\n\nLater Emerson wrote of it, and "
        "Thoreau read it.\n",
        "The Review\n\nThe review printed the work of Hawthorne, Emerson, Thoreau and Whittier, "
        "with many another writer of the day, and paid each of them little and late, as the "
        "editor's letters to his printers tell at length.\n\nOf Emerson and of Thoreau the "
        "editor had more to say.\n",
    };
    char first[16];
    cr_assert_gt(search_texts(texts, 2, "emerson thoreau", first), 1);
    cr_assert_str_eq(first, "e0.txt");
}

Test(search_made, two_words_the_text_writes_as_one_find_that_word_first)
{
    /* e0's short paragraphs hold the two words apart, which BM25 puts
       first; e1 writes "well-being", e2 "wellbeing", the word they are */
    static const char *const texts[] = {
        "Notes\n\nBeing tired, he slept well.\n\nAll went well, the work being done.\n",
        "Health\n\nThe well-being of the body is the first care of a long life, as the old "
        "doctors of the town were never tired of telling the people who came to them.\n",
        "Walks\n\nThe sense of physical wellbeing came back to us on the long road north, "
        "after the rain had stopped and the wind had turned to the west.\n",
    };
    index_texts(texts, 3);
    essay_search_options o = with_limit(10);
    essay_results *r = run("well being", &o);
    cr_assert_gt(essay_results_count(r), 2);
    const char *first = essay_of(r, 0), *second = essay_of(r, 1);
    cr_assert(strcmp(first, "e0.txt") != 0 && strcmp(second, "e0.txt") != 0, "%s, %s", first,
              second);
    for (size_t i = 0; i < 2; i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_eq(h->n_highlights, 1, "%s", h->snippet);
        char *word = strndup(h->snippet + h->highlights[0].start,
                             h->highlights[0].end - h->highlights[0].start);
        cr_assert(strcmp(word, "well-being") == 0 || strcmp(word, "wellbeing") == 0, "%s", word);
        free(word);
    }
    essay_results_free(r);
}

Test(search_made, two_words_are_no_word_that_happens_to_be_spelt_as_they_are)
{
    /* "maybe" is written joined, never "may-be": "may be" is no "maybe" */
    static const char *const texts[] = {
        "Notes\n\nMaybe so.\n\nMaybe not.\n",
        "Weather\n\nIt may be that the rain will come before the evening, and the roads will "
        "be deep in mud by the time the carts go home from the market.\n",
    };
    char first[16];
    cr_assert_gt(search_texts(texts, 2, "may be", first), 0);
    cr_assert_str_eq(first, "e1.txt");
}

Test(search_made, a_name_held_is_replaced_by_the_name_the_other_words_go_with)
{
    /* no essay holds "edgar", "allen" and "poe": e1's Allens are others,
       and "allan", one letter away, is more frequent; "edgar allan poe"
       finds e0.  A rarer name is none ("smyth" goes with "market", but
       "smith" is more frequent), and the name of an essay stands ("smyth"
       is e4's author's, though "smith", more frequent, goes with "fair") */
    static const char *const texts[] = {
        "---\nauthor: Edgar Allan Poe\n---\nPoems\n\nThe poems of Edgar Allan Poe are read "
        "by many, and Edgar Allan Poe wrote them in a few short years.\n\nJohn Allan of "
        "Richmond took him in.\n",
        "Ballads\n\nLord Allen went to the fair with Barbara Allen, and Allen came home.\n",
        "Smiths\n\nThen old Smith came to the fair, and young Smith went.\n\nSo old Smith "
        "stayed at the fair.\n",
        "Markets\n\nThen old Smyth went to the market.\n",
        "---\nauthor: Jane Smyth\n---\nVisits\n\nThen Jane came to the town.\n",
        "Towns\n\nThen old Smith went to the town fair, and young Smith too.\n",
    };
    index_texts(texts, 6);
    essay_search_options o = with_limit(10);
    essay_results *r = run("edgar allen poe", &o);
    cr_assert_str_eq(essay_results_corrected(r) ? essay_results_corrected(r) : "(none)",
                     "edgar allan poe");
    cr_assert_gt(essay_results_count(r), 0);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
    static const char *const standing[] = { "smith market", "smyth fair" };
    for (size_t i = 0; i < 2; i++) {
        r = run(standing[i], &o);
        cr_assert_null(essay_results_corrected(r), "%s corrected to %s", standing[i],
                       essay_results_corrected(r));
        essay_results_free(r);
    }
}

Test(search_made, the_closest_paragraphs_of_the_author_named_come_first)
{
    /* no paragraph holds every word; e1's paragraph holds all but the name,
       which e1 says elsewhere; e0, Defoe's own, holds them apart and never
       names him */
    static const char *const texts[] = {
        "---\nauthor: Daniel Defoe\n---\nAn Essay Upon Projects\n\nTHE PROPOSAL IS FOR A "
        "PENSION OFFICE.\n\nThe office would take in the poor of every parish, and pay them "
        "when they are old.\n\nMany a widow has been left to starve; widows deserve relief "
        "from the parish.\n",
        "A History\n\nDefoe wrote many books in his long life, and some of them are still "
        "read.\n\nThe king set up a pension office for the widows of his soldiers, and it paid "
        "them well for a time.\n",
    };
    char first[16];
    cr_assert_gt(search_texts(texts, 2, "defoe pension office for widows", first), 1);
    cr_assert_str_eq(first, "e0.txt");
}

Test(search_made, a_chapters_number_finds_the_chapter_its_heading_numbers_in_roman)
{
    /* e0 holds "chapter" and "3" in a short paragraph; e1's chapter is
       headed "CHAPTER III." */
    static const char *const texts[] = {
        "Maps\n\nIn the third chapter there are 3 maps.\n",
        "The Voyage\n\nCHAPTER III.\n\nWe sailed from the bay at dawn, and by noon the coast "
        "was far behind us, a grey line under the clouds.\n",
    };
    index_texts(texts, 2);
    essay_search_options o = with_limit(10);
    essay_results *r = run("chapter 3", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    const essay_hit *h = essay_results_hit(r, 0);
    int roman = 0;
    for (size_t k = 0; k < h->n_highlights; k++)
        roman |= strncmp(h->snippet + h->highlights[k].start, "III",
                         h->highlights[k].end - h->highlights[k].start) == 0;
    cr_assert(roman, "III is highlighted: %s", h->snippet);
    essay_results_free(r);
}

Test(search_made, a_rare_form_of_a_stem_ranks_the_paragraphs_holding_it_first)
{
    /* "wildness" stems to "wild", which e0's short paragraphs and title hold
       twenty times; e1 says "wildness" once, in a longer paragraph */
    static char wild[4096];
    wild[0] = '\0';
    strcat(wild, "Wild Apples\n\n");
    for (int i = 0; i < 20; i++)
        strcat(wild, "The wild apple grows by the wall.\n\n");
    const char *const texts[] = {
        wild,
        "Walking\n\nI wish to speak a word for Nature, for absolute freedom and wildness, as "
        "contrasted with a freedom and culture merely civil, and to regard man as an inhabitant, "
        "or a part and parcel of Nature, rather than a member of society.\n",
    };
    index_texts(texts, 2);
    essay_search_options o = with_limit(5);
    essay_results *r = run("wildness", &o);
    cr_assert_eq(essay_results_count(r), 5);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    essay_results_free(r);
    r = run("wild", &o);    /* the stem's own form: no bonus */
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
}

Test(search_made, a_word_its_stem_mostly_stands_for_others_of_ranks_its_own_first)
{
    /* "civilization" stems to "civil", whose short paragraphs under a title saying it
       outnumber it: it is in 2 paragraphs of 8, more than one in ten (the test of a rare
       form before), and with "civilizations" in fewer than one in two; "walking" is in 1
       paragraph of 5 of "walk", but its inflections in all 5 */
    const char *const texts[] = {
        "Civil Disobedience\n\nThe civil law.\n\nA civil war.\n\nA civilized people.\n\n"
        "A civil servant.\n\nA civil answer.\n\nCivil rights.\n",
        "Letters\n\nThe long story of our civilization and of the other civilizations that came "
        "before it, in the east and in the west, is told in these letters by a patient "
        "historian.\n\nHe wrote of civilization.\n",
        "Walks\n\nA walk.\n\nWe walked.\n\nThe walks.\n\nHe walked home.\n\nThe long habit "
        "of walking in the woods of the county by the river in the morning made him well.\n",
    };
    index_texts(texts, 3);
    essay_search_options o = with_limit(3);
    essay_results *r = run("civilization", &o);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    cr_assert_str_eq(essay_of(r, 1), "e1.txt");
    essay_results_free(r);
    r = run("walking", &o);     /* its inflections are the stem's: no bonus */
    cr_assert_neq(strstr(essay_results_hit(r, 0)->text, "walk"), NULL);
    cr_assert_eq(strstr(essay_results_hit(r, 0)->text, "walking"), NULL);
    essay_results_free(r);
}

Test(search_made, a_question_held_word_for_word_is_a_quote)
{
    static const char *const texts[] = {
        "Letters\n\nShould we not then be gods? I asked him, and he laughed at me.\n",
        "Gods\n\nThe gods, the old gods, the gods of the north.\n",
    };
    index_texts(texts, 2);
    /* searched for any word, it would be "gods" alone, which e1 holds most */
    essay_search_options o = with_limit(10);
    essay_results *r = run("Should we not then be gods?", &o);
    cr_assert_eq(essay_results_relaxed(r), 0);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
    /* not word for word: a question */
    r = run("Should we then be gods?", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_QUESTION);
    cr_assert_eq(essay_results_count(r), 2);
    essay_results_free(r);
    /* a quote opened and never closed, which the all-words reading refuses
       ("unbalanced quote"), closes at the end: a quote begun */
    r = run("\"Should we not then be gods?", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_UNPARSED);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
    r = run("who asked \"the old gods", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_CLOSEST, "no essay has both");
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    essay_results_free(r);
}

Test(search_made, a_phrase_no_paragraph_holds_is_told_from_words_no_essay_holds)
{
    static const char *const texts[] = {
        "Walden\n\nThe mass of men lead lives of quiet desperation.\n",
        "Town\n\nThe men of the town.\n",
    };
    index_texts(texts, 2);
    essay_search_options o = with_limit(10);
    /* e0 holds every word, not as quoted: the phrase is what nothing holds */
    essay_results *r = run("\"quiet lives\"", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_PHRASE);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
    o.same_paragraph = 1;
    r = run("\"men lead quiet lives\" mass", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_PHRASE);
    essay_results_free(r);
    /* no essay holds every word: the closest, as for a query of words */
    o.same_paragraph = 0;
    r = run("\"quiet lives\" town", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_CLOSEST);
    essay_results_free(r);
    r = run("quiet town", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_CLOSEST);
    essay_results_free(r);
    /* --strict: none */
    o.strict = 1;
    r = run("\"quiet lives\"", &o);
    cr_assert_eq(essay_results_relaxed(r), 0);
    cr_assert_eq(essay_results_count(r), 0);
    essay_results_free(r);
}

Test(search_made, a_quote_left_open_that_finds_nothing_says_it_was_read_leniently)
{
    static const char *const texts[] = {
        "Walden\n\nThe mass of men lead lives of quiet desperation.\n",
        "Town\n\nThe men of the town.\n",
    };
    index_texts(texts, 2);
    essay_search_options o = with_limit(10);
    /* read leniently, the phrase closed at the end, which no paragraph
       holds: the fallback keeps why the query did not parse */
    const char *const queries[] = { "\"quiet lives", "\"quiet town" };
    const int relaxed[] = { ESSAY_RELAXED_PHRASE, ESSAY_RELAXED_CLOSEST };
    for (size_t i = 0; i < 2; i++) {
        essay_results *r = run(queries[i], &o);
        cr_assert_eq(essay_results_relaxed(r), relaxed[i], "query '%s'", queries[i]);
        cr_assert_not_null(essay_results_unparsed(r), "query '%s'", queries[i]);
        cr_assert_not_null(strstr(essay_results_unparsed(r), "unbalanced quote"), "%s",
                           essay_results_unparsed(r));
        essay_results_free(r);
    }
    /* a query that parses has nothing unparsed, relaxed or not */
    essay_results *r = run("\"quiet town\"", &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_CLOSEST);
    cr_assert_null(essay_results_unparsed(r));
    essay_results_free(r);
}

Test(search_made, hits_sorted_by_date_none_of_which_has_one_are_said_undated)
{
    static const char *const texts[] = {
        "---\ntitle: Dated\ndate: 2020-05-01\n---\nThe walrus swam in the bay.\n",
        "Undated\n\nThe walrus and the narwhal.\n",
        "Also undated\n\nA narwhal, a walrus, a narwhal.\n",
    };
    index_texts(texts, 3);
    essay_search_options o = with_limit(10);
    o.sort = ESSAY_SORT_DATE;
    essay_results *r = run("narwhal", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert(essay_results_undated(r));
    essay_results_free(r);
    /* the stream says it before its hits are read */
    r = run_by(essay_search_stream, "narwhal", &o);
    cr_assert(essay_results_undated(r));
    essay_results_free(r);
    /* a hit with a date: sorted by it */
    r = run("walrus", &o);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    cr_assert(!essay_results_undated(r));
    essay_results_free(r);
    r = run_by(essay_search_stream, "walrus", &o);
    cr_assert(!essay_results_undated(r));
    essay_results_free(r);
    /* a later page says nothing: past the dated one, its hits have none,
       but they were sorted after it */
    o.offset = 1;
    r = run("walrus", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert(!essay_results_undated(r));
    essay_results_free(r);
    /* not sorted by date, or no hit: nothing to say */
    o.sort = ESSAY_SORT_RELEVANCE;
    r = run("walrus", &o);
    cr_assert(!essay_results_undated(r));
    essay_results_free(r);
    o.sort = ESSAY_SORT_DATE;
    o.strict = 1;
    r = run("zzyzzyva", &o);
    cr_assert(!essay_results_undated(r));
    essay_results_free(r);
}

/* The one filter essay_results_unrecorded() says of 'r', and what was searched for it. */
static void assert_unrecorded(const essay_results *r, const char *field, const char *value,
                              size_t recorded, const char *unfiltered)
{
    const essay_unrecorded *u;
    cr_assert_eq(essay_results_unrecorded(r, &u), 1, "%s:%s", field, value);
    cr_assert_str_eq(u->field, field);
    cr_assert_str_eq(u->value, value);
    cr_assert_eq(u->recorded, recorded, "%s:%s", field, value);
    cr_assert_eq(u->essays, 4);
    if (unfiltered == NULL)
        cr_assert_null(essay_results_unfiltered(r));
    else
        cr_assert_str_eq(essay_results_unfiltered(r), unfiltered);
}

/* Three essays of four have no header: an author or date no essay records is searched as
 * its words, as the text (file names, title lines) names it. */
static const char *const few_headers[] = {
    "---\ntitle: Self-Reliance\nauthor: Ralph Waldo Emerson\ndate: 1841\n---\n"
    "Trust thyself: every heart vibrates to that iron string.\n",
    "Walden, by Henry David Thoreau\n\nI went to the woods because I wished to live "
    "deliberately.\n",
    "The Happy Prince, by Oscar Wilde\n\nHigh above the city stood the statue.\n",
    "Walking\n\nI wish to speak a word for Nature, wrote Thoreau in 1862.\n",
};

Test(search_made, a_field_few_essays_record_is_searched_as_its_words)
{
    index_texts(few_headers, 4);
    essay_search_options o = with_limit(10);
    essay_results *r = run("author:thoreau", &o);
    assert_unrecorded(r, "author", "thoreau", 1, "thoreau");
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_UNRECORDED);
    essay_results_free(r);
    /* a name quoted or not, the same */
    const char *const wilde[] = { "author:\"Oscar Wilde\"", "author:wilde" };
    for (size_t i = 0; i < 2; i++) {
        r = run(wilde[i], &o);
        assert_unrecorded(r, "author", i ? "wilde" : "Oscar Wilde", 1, i ? "wilde" : "Oscar Wilde");
        cr_assert_eq(essay_results_count(r), 1, "%s", wilde[i]);
        cr_assert_str_eq(essay_of(r, 0), "e2.txt");
        cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_UNRECORDED);
        essay_results_free(r);
    }
    /* with other words, which stay; streamed, the same */
    r = run_by(essay_search_stream, "author:thoreau nature", &o);
    assert_unrecorded(r, "author", "thoreau", 1, "thoreau nature");
    cr_assert_eq(essay_results_count(r), 1);
    essay_results_free(r);
    /* a year is its number; a range of dates no word: nothing is left to search */
    r = run("year:1862", &o);
    assert_unrecorded(r, "year", "1862", 1, "1862");
    cr_assert_str_eq(essay_of(r, 0), "e3.txt");
    essay_results_free(r);
    r = run("date:1850..1870", &o);
    assert_unrecorded(r, "date", "1850..1870", 1, NULL);
    cr_assert_eq(essay_results_count(r), 0);
    essay_results_free(r);
    r = run("date:1850..1870 statue", &o);
    assert_unrecorded(r, "date", "1850..1870", 1, "statue");
    cr_assert_str_eq(essay_of(r, 0), "e2.txt");
    essay_results_free(r);
    /* strict: the query as typed, said */
    o.strict = 1;
    r = run("author:thoreau", &o);
    assert_unrecorded(r, "author", "thoreau", 1, NULL);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_eq(essay_results_relaxed(r), 0);
    essay_results_free(r);
    o.strict = 0;
    /* a filter that matches, or one that excludes, is as typed */
    const char *const kept[] = { "author:emerson", "author:emerson statue", "statue -author:wilde" };
    const size_t found[] = { 1, 0, 1 };
    for (size_t i = 0; i < 3; i++) {
        r = run(kept[i], &o);
        const essay_unrecorded *u;
        cr_assert_eq(essay_results_unrecorded(r, &u), 0, "%s", kept[i]);
        cr_assert_null(essay_results_unfiltered(r));
        cr_assert_eq(essay_results_count(r) > 0, found[i] > 0, "%s", kept[i]);
        essay_results_free(r);
    }
}

Test(search_made, a_query_read_leniently_says_so_when_its_filter_read_as_words_finds_nothing)
{
    /* a prefix of two words does not parse, and is read with its quotes as
       spaces; its author no essay records is read as its words, which parse
       and find nothing: the query was still read leniently (a fuzzer's) */
    index_texts(few_headers, 4);
    essay_search_options o = with_limit(10);
    essay_results *r = run("author:\"zzyzx author:\"an.2rant*", &o);
    cr_assert_eq(essay_results_count(r), 0);
    assert_unrecorded(r, "author", "zzyzx author:", 1, "zzyzx author:an.2rant*");
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_UNPARSED);
    cr_assert_not_null(essay_results_unparsed(r));
    essay_results_free(r);
}

Test(search_made, a_field_most_essays_record_is_no_match_when_none_matches)
{
    static const char *const texts[] = {
        "---\ntitle: Self-Reliance\nauthor: Ralph Waldo Emerson\n---\nTrust thyself.\n",
        "---\ntitle: Walden\nauthor: Henry David Thoreau\n---\nI went to the woods.\n",
        "---\ntitle: The Happy Prince\nauthor: Oscar Wilde\n---\nHigh above the city.\n",
        "Walking, by Robert Louis Stevenson\n\nWalking tours should be gone upon alone.\n",
    };
    index_texts(texts, 4);
    essay_search_options o = with_limit(10);
    essay_results *r = run("author:stevenson", &o);
    const essay_unrecorded *u;
    cr_assert_eq(essay_results_unrecorded(r, &u), 0);
    cr_assert_null(essay_results_unfiltered(r));
    cr_assert_eq(essay_results_count(r), 0);
    essay_results_free(r);
}

Test(search_made, an_exact_count_of_hits_per_essay_is_the_number_listed)
{
    /* enough essays of several matching paragraphs for Xapian's count under
     * a per-essay collapse to be an estimate */
    enum { ESSAYS = 300 };
    char **texts = calloc(ESSAYS, sizeof *texts);
    for (size_t i = 0; i < ESSAYS; i++)
        cr_assert_gt(asprintf(&texts[i], "Essay %zu\n\nThe walrus %zu sat%s.\n\nA walrus swam "
                              "%s.\n\nNo walrus here but %zu gulls.\n", i, i,
                              i % 2 ? "" : " with gulls", i % 3 ? "far" : "near", i * 7), 0);
    index_texts((const char *const *)texts, ESSAYS);
    for (unsigned per_essay = 1; per_essay <= 2; per_essay++) {
        essay_search_options o = with_limit(1000);
        o.per_essay = per_essay;
        o.strict = 1;
        essay_results *all = run("walrus gulls", &o);
        o.limit = 1;
        o.exact_total = 1;
        essay_results *counted = run("walrus gulls", &o);
        cr_assert_geq(essay_results_count(all), ESSAYS, "%zu listed", essay_results_count(all));
        cr_assert_eq(essay_results_estimate(counted), essay_results_count(all),
                     "%u per essay", per_essay);
        essay_results_free(all);
        essay_results_free(counted);
    }
    free_texts(texts, ESSAYS);
}

Test(search_made, an_essay_holds_a_phrase_only_in_one_paragraph)
{
    static const char *const texts[] = {
        "Zero\n\nThe walrus sat on the rock all day.\n\nA narwhal swam beyond the ice.\n",
        "One\n\nThen she sat down to write.\n\nA walrus, a narwhal.\n",
    };
    index_texts(texts, 2);
    /* e1 holds "walrus", "sat" and "narwhal", but not "walrus sat" */
    essay_search_options o = one_per_essay(10, 0);
    essay_results *r = run("\"walrus sat\" narwhal", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
    o = with_limit(10);
    r = run("\"walrus sat\" narwhal", &o);
    cr_assert_eq(essay_results_count(r), 2, "the phrase and the word, in two paragraphs of e0");
    for (size_t i = 0; i < 2; i++)
        cr_assert_str_eq(essay_of(r, i), "e0.txt");
    essay_results_free(r);
}

/* Sorted by date, a quote with a word wrong puts no paragraphs first: a
 * page is a slice of one order.  The paragraphs of the essay holding every
 * word that come closest came first on the first page, and a page past it
 * counted them without showing them. */
Test(search_made, a_quote_with_a_word_wrong_sorted_by_date_pages_as_one_list)
{
    static const char *const texts[] = {
        "Notes\n\nIt was just so, and the men went down to the harbour.\n\n"
        "An adventure is only an inconvenience rightly considered, he wrote to us that year "
        "from the harbour town.\n\n"
        "An adventure, he said again, is only an inconvenience rightly considered by the "
        "council of the town.\n",
        "On Hats\n\nAn adventure is only an inconvenience rightly considered.\n",
        "On Boots\n\nAn adventure is only an inconvenience, rightly considered.\n",
    };
    index_texts(texts, 3);
    const char *quote = "an adventure is just an inconvenience rightly considered";
    essay_search_options o = with_limit(10);
    o.sort = ESSAY_SORT_DATE;
    for (unsigned from = 0; from < 4; from++)
        assert_page_is_a_slice(quote, o, from, 1);
}

Test(search_made, a_quote_with_a_word_wrong_beats_an_essay_holding_its_words_far_apart)
{
    static const char *const texts[] = {
        "Notes\n\nIt was just so, and the men went down to the harbour in the morning.\n\n"
        "The adventure began at dawn, when the boats went out past the long grey wall.\n\n"
        "The storm was an inconvenience to the town, and the council said so, rightly.\n\n"
        "All things considered, it rained more that year than any year the town knew.\n",
        "On Hats\n\nAn adventure is only an inconvenience rightly considered, he said.\n",
    };
    index_texts(texts, 2);
    /* e0 holds every word, in four paragraphs; e1's paragraph says "only" */
    const char *quote = "an adventure is just an inconvenience rightly considered";
    essay_search_options o = with_limit(10);
    essay_results *r = run(quote, &o);
    cr_assert_eq(essay_results_relaxed(r), ESSAY_RELAXED_SPREAD);
    cr_assert_str_eq(essay_of(r, 0), "e1.txt");
    /* then the essay that holds every word, by its paragraphs holding some */
    cr_assert_eq(essay_results_count(r), 5);
    for (size_t i = 1; i < 5; i++)
        cr_assert_str_eq(essay_of(r, i), "e0.txt");
    essay_results_free(r);
    /* one per essay, essays are those that hold every word: e0 */
    o = one_per_essay(10, 0);
    r = run(quote, &o);
    cr_assert_eq(essay_results_relaxed(r), 0);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_of(r, 0), "e0.txt");
    essay_results_free(r);
    /* --strict: the essay that holds every word, only */
    o = with_limit(10);
    o.strict = 1;
    r = run(quote, &o);
    cr_assert_eq(essay_results_relaxed(r), 0);
    for (size_t i = 0; i < essay_results_count(r); i++)
        cr_assert_str_eq(essay_of(r, i), "e0.txt");
    essay_results_free(r);
    /* three words: the essay that holds them all is closer than a paragraph
       of two; so with a word repeated; and a field is no plain word */
    o.strict = 0;
    const char *const kept[] = { "adventure inconvenience rained",
                                 "adventure adventure inconvenience rained",
                                 "title:notes adventure inconvenience rightly considered" };
    for (size_t i = 0; i < 3; i++) {
        r = run(kept[i], &o);
        cr_assert_eq(essay_results_relaxed(r), 0, "query '%s'", kept[i]);
        cr_assert_str_eq(essay_of(r, 0), "e0.txt");
        essay_results_free(r);
    }
}

Test(search_made, one_per_essay_pages_by_essay)
{
    index_texts(split_words, 4);
    essay_search_options o = one_per_essay(2, 1);
    essay_results *all = run("walrus narwhal", &o);
    o.limit = 1;
    o.offset = 1;
    essay_results *second = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(second), 1);
    cr_assert_str_eq(essay_results_hit(second, 0)->path, essay_results_hit(all, 1)->path);
    cr_assert_eq(essay_results_hit(second, 0)->rank, 2);
    cr_assert_eq(essay_results_hit(second, 0)->score, essay_results_hit(all, 1)->score);
    essay_results_free(all);
    essay_results_free(second);
}

/* Many essays hold both words of a phrase, far apart; one holds the phrase:
 * the essays ranked first have no paragraph with it, so the search ranks
 * the essays of the matching paragraphs instead. */
Test(search_made, one_per_essay_finds_rare_phrases_among_common_words)
{
    enum { N = 80 };
    static char texts[N][160];
    const char *ptrs[N];
    for (int i = 0; i < N; i++) {
        snprintf(texts[i], sizeof texts[i], i == N - 1
                 ? "Essay %d\n\nThe copper kettle boiled.\n"
                 : "Essay %d\n\nA kettle on the stove.\n\nCopper pipes ran along the wall.\n", i);
        ptrs[i] = texts[i];
    }
    index_texts(ptrs, N);
    essay_search_options o = one_per_essay(10, 0);
    essay_results *r = run("\"copper kettle\"", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e79.txt"), "%s",
              essay_results_hit(r, 0)->path);
    cr_assert_eq(essay_results_estimate(r), 1);
    essay_results_free(r);
    o.match_any = 1;    /* now every essay has a paragraph with one of the words */
    r = run("copper kettle", &o);
    cr_assert_eq(essay_results_count(r), 10);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e79.txt"), "the shortest essay first");
    essay_results_free(r);
}

/* The position of the essay dir/e<n>.txt in 'r', or -1. */
static int position_of(const essay_results *r, int n)
{
    char name[32];
    snprintf(name, sizeof name, "/e%d.txt", n);
    for (size_t i = 0; i < essay_results_count(r); i++)
        if (ends_with(essay_results_hit(r, i)->path, name))
            return (int)i;
    return -1;
}

/* ---- headings that head nothing ------------------------------------------------ */

/* e0 ends in a heading that heads nothing, holding "end" and "war"; its
 * first paragraph, long, holds both, its second "war" alone.  e1 ends in
 * "FINIS", a word no text holds. */
static const char *const bare_heading_essays[] = {
    "---\ntitle: Peace\n---\nWhen the fighting came to an end at last the soldiers walked "
    "home\nalong the roads of the valley, and the towns they passed were quiet;\nthe long war "
    "had left the people tired and glad and uncertain of\nwhat the spring would bring to the "
    "farms and the mills of the hills.\n\nThey spoke of the war for years.\n\n"
    "THE END OF THE WAR\n",
    "---\ntitle: Gardens\n---\nRoses in summer need water and care.\n\nFINIS\n",
    "---\ntitle: Harbour\n---\nThe boats came home in the evening.\n",
};
#define BARE_HEADING "THE END OF THE WAR"

/* The rank (from 0) of e0's bare heading in 'r', which must list it after
 * e0's first paragraph, the text holding "end" and "war", with a text first. */
static size_t bare_heading_after_text(const essay_results *r, const char *query)
{
    size_t n = essay_results_count(r), at = n, text = n;
    for (size_t i = 0; i < n; i++) {
        const essay_hit *h = essay_results_hit(r, i);
        if (strcmp(h->text, BARE_HEADING) == 0)
            at = i;
        else if (ends_with(h->path, "/e0.txt") && h->line == 4)
            text = i;
    }
    cr_assert_lt(at, n, "query '%s': the heading is found", query);
    cr_assert_lt(text, at, "query '%s': the heading at %zu, the text at %zu", query, at, text);
    cr_assert_str_neq(essay_results_hit(r, 0)->text, BARE_HEADING);
    return at;
}

Test(search_made, a_bare_heading_ranks_after_the_text_that_holds_its_words)
{
    index_texts(bare_heading_essays, 3);
    essay_search_options o = with_limit(10);
    essay_results *r = run("end", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert_eq(bare_heading_after_text(r, "end"), 1);
    essay_results_free(r);
    /* the essay unit: the text holding every word, the text holding some,
     * then the bare heading, though it holds every word */
    r = run("end war", &o);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert_eq(bare_heading_after_text(r, "end war"), 2);
    cr_assert_eq(essay_results_hit(r, 1)->line, 9);
    essay_results_free(r);
    o.same_paragraph = 1;
    r = run("end war", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert_eq(bare_heading_after_text(r, "end war"), 1);
    essay_results_free(r);
    o.same_paragraph = 0;
    /* any word: after every paragraph of text holding one */
    o.match_any = 1;
    r = run("the end of the war", &o);
    cr_assert_eq(bare_heading_after_text(r, "the end of the war"), essay_results_count(r) - 1);
    essay_results_free(r);
    /* the relaxed fallback: no essay holds "xylophone" */
    o.match_any = 0;
    o.no_correct = 1;
    r = run("end war xylophone", &o);
    cr_assert(essay_results_relaxed(r));
    cr_assert_eq(bare_heading_after_text(r, "end war xylophone"), essay_results_count(r) - 1);
    essay_results_free(r);
    o.no_correct = 0;
    /* paging and counting see the same order */
    o.limit = 1;
    o.offset = 1;
    r = run("end", &o);
    cr_assert_eq(essay_results_count(r), 1);
    cr_assert_str_eq(essay_results_hit(r, 0)->text, BARE_HEADING);
    cr_assert_eq(essay_results_hit(r, 0)->rank, 2);
    essay_results_free(r);
    o.offset = 0;
    o.exact_total = 1;
    r = run("end", &o);
    cr_assert_eq(essay_results_estimate(r), 2);
    cr_assert_eq(essay_results_hit(r, 0)->line, 4);
    essay_results_free(r);
    o = with_limit(10);
    assert_stream_is_the_search("end war", &o);
    /* and a heading is found by the words that no text holds */
    for (o.per_essay = 0; o.per_essay < 2; o.per_essay++) {
        r = run("finis", &o);
        cr_assert_eq(essay_results_count(r), 1);
        cr_assert_str_eq(essay_of(r, 0), "e1.txt");
        cr_assert_str_eq(essay_results_hit(r, 0)->text, "FINIS");
        cr_assert_eq(essay_results_hit(r, 0)->line, 6);
        cr_assert_gt(essay_results_hit(r, 0)->n_highlights, 0);
        essay_results_free(r);
    }
}

Test(search_made, an_essay_with_text_is_not_shown_by_its_bare_heading)
{
    index_texts(bare_heading_essays, 3);
    const char *const queries[] = { "end", "end war", "the end of the war" };
    for (int any = 0; any < 2; any++)
        for (int no_essays = 0; no_essays < 2; no_essays++)
            for (size_t q = 0; q < 3; q++) {
                essay_search_options o = one_per_essay(10, any);
                o.no_essay_database = no_essays;    /* ranked by essay, or by paragraph */
                essay_results *r = run(queries[q], &o);
                int e0 = position_of(r, 0);
                cr_assert_geq(e0, 0, "query '%s'", queries[q]);
                cr_assert_str_neq(essay_results_hit(r, (size_t)e0)->text, BARE_HEADING,
                                  "query '%s', any %d, by paragraph %d: shown by its heading",
                                  queries[q], any, no_essays);
                essay_results_free(r);
            }
    /* by paragraph under a per-essay limit, and counted: e0 once, by its text */
    for (unsigned per_essay = 1; per_essay <= 2; per_essay++) {
        essay_search_options o = one_per_essay(10, 0);
        o.per_essay = per_essay;
        essay_results *r = run("end", &o);
        cr_assert_eq(essay_results_count(r), 1, "%u per essay", per_essay);
        cr_assert_eq(essay_results_hit(r, 0)->line, 4);
        essay_results_free(r);
        o.exact_total = 1;
        r = run("end", &o);
        cr_assert_eq(essay_results_estimate(r), 1, "%u per essay", per_essay);
        essay_results_free(r);
    }
}

Test(search_made, contents_and_index_entries_rank_after_the_text_they_name)
{
    static const char *const texts[] = {
        "Heretics\n\nContents\n\n  1. On the Negative Spirit\n  2. Mr. Bernard Shaw\n"
        "  3. Mr. H. G. Wells and the Giants\n  4. Christmas\n  5. Omar\n\n"
        "IV. Mr. Bernard Shaw\n\nIn the glad old "
        "days, before the rise of modern morbidities, Mr. Bernard Shaw was a man of "
        "genius, and his plays were full of an old and hearty laughter.\n\nINDEX\n\n"
        "Shaw, Bernard, 12, 40.\n\nWells, H. G., 51.\n\nWhistler, 77, 80.\n",
    };
    index_texts(texts, 1);
    /* short, the list item and the index line would come first */
    essay_search_options o = with_limit(10);
    essay_results *r = run("bernard shaw", &o);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert_eq(essay_results_hit(r, 0)->line, 11, "the text, not '%s'", essay_results_hit(r, 0)->text);
    essay_results_free(r);
}

/* A book's index holds every word of a query in its entries; the essays
 * that answer it hold the words in different paragraphs.  The index comes
 * after them: by paragraph (the text holding some words before the entry
 * holding all), and by essay (an essay shown by an entry after those shown
 * by text). */
Test(search_made, an_index_comes_after_the_essays_it_names)
{
    static const char *const texts[] = {
        "Index\n\nAgassiz, 91.\n\nJail in Concord, 52.\n\nJournal, 12, 40.\n\n"
        "Walden, 3, 9.\n",
        "Civil Disobedience\n\nI was put into the jail for one night.\n\n"
        "The town of Concord was quiet in the morning.\n",
        "Concord\n\nThe river at Concord runs slowly past the jail and the meadows, "
        "and the town goes about its business.\n\nThe jail is small.\n",
    };
    index_texts(texts, 3);
    essay_search_options o = with_limit(10);
    essay_results *r = run("concord jail", &o);
    cr_assert_eq(essay_results_count(r), 5);
    cr_assert_str_eq(essay_of(r, 0), "e2.txt", "the text holding both words");
    cr_assert_str_eq(essay_of(r, 4), "e0.txt", "the entry last, though it holds both");
    cr_assert(ends_with(essay_results_hit(r, 4)->text, "Jail in Concord, 52."), "%s",
              essay_results_hit(r, 4)->text);
    essay_results_free(r);
    for (int any = 0; any < 2; any++) {
        o = one_per_essay(10, any);
        r = run("concord jail", &o);
        cr_assert_eq(essay_results_count(r), 3, "any %d", any);
        cr_assert_str_eq(essay_of(r, 2), "e0.txt", "any %d: the index last", any);
        essay_results_free(r);
        /* and paging sees the same order */
        o.offset = 2;
        o.limit = 1;
        r = run("concord jail", &o);
        cr_assert_str_eq(essay_of(r, 0), "e0.txt", "any %d", any);
        cr_assert_eq(essay_results_hit(r, 0)->rank, 3);
        essay_results_free(r);
    }
}


/* Index 'texts[0..n)' and search "walrus", one hit per essay, without and
 * with --expand. */
static void run_walrus(const char *const *texts, int n, essay_results **plain,
                       essay_results **expanded)
{
    index_texts(texts, n);
    essay_search_options o = one_per_essay(10, 1);
    *plain = run("walrus", &o);
    o.expand = 1;
    *expanded = run("walrus", &o);
}

/* How much the essay dir/e<n>.txt gains from 'plain' to 'expanded'. */
static double gain_of(const essay_results *plain, const essay_results *expanded, int n)
{
    return essay_results_hit(expanded, (size_t)position_of(expanded, n))->score
           - essay_results_hit(plain, (size_t)position_of(plain, n))->score;
}

Test(search_made, expand_adds_the_words_of_the_first_essays)
{
    /* The walrus essays are mostly about ice floes; e5 is too, without a walrus. */
    const char *const texts[] = {
        "Walrus\n\nThe walrus rests on the ice floe by the arctic shore.\n",
        "Floes\n\nA walrus came.\n\nIce floe, arctic shore; ice floe, arctic shore.\n",
        "Sleep\n\nThe walrus sleeps on an arctic ice floe.\n",
        "Tusks\n\nA walrus hauls out on the floe ice of the arctic.\n",
        "Harbour\n\nA walrus swam by.\n",
        "Floes only\n\nIce floe, arctic shore, ice floe.\n",
        "Gulls\n\nGulls cried over the town.\n",
        "Nets\n\nThe fishermen mended their nets.\n",
    };
    essay_results *plain, *expanded;
    run_walrus(texts, 8, &plain, &expanded);
    cr_assert_eq(essay_results_count(plain), 5);
    cr_assert_eq(essay_results_count(expanded), 5, "only essays with a walrus paragraph");
    cr_assert_eq(position_of(expanded, 5), -1, "not the essay with the added words alone");
    for (size_t i = 0; i < 5; i++) {
        const essay_hit *h = essay_results_hit(expanded, i);
        cr_assert_not_null(strcasestr(h->text, "walrus"), "%s", h->text);
        cr_assert(i == 0 || h->score <= essay_results_hit(expanded, i - 1)->score);
    }
    /* the added words weigh: an essay full of them gains, but less than the
     * query's one word gives it (together they weigh as much as the query) */
    double before = essay_results_hit(plain, (size_t)position_of(plain, 1))->score;
    double gain = gain_of(plain, expanded, 1);
    cr_assert_gt(gain, 0.01, "%g", gain);
    cr_assert_lt(gain, before, "%g, the query alone %g", gain, before);
    essay_results_free(plain);
    essay_results_free(expanded);
}

Test(search_made, expand_takes_the_words_two_of_the_first_five_essays_share)
{
    /* e0..e4, short and full of walruses, rank first: four hold "floe", one
     * "arctic"; "ice" is only in essays past the fifth */
    const char *const texts[] = {
        "Alpha\n\nWalrus walrus floe.\n",
        "Beta\n\nWalrus walrus floe floe.\n",
        "Gamma\n\nWalrus walrus floe.\n",
        "Delta\n\nWalrus walrus floe.\n",
        "Epsilon\n\nWalrus walrus arctic.\n",
        "Zeta\n\nOne walrus slept on the floe, a long way from the shore, in ice.\n",
        "Eta\n\nOne walrus swam in the arctic, a long way from the shore, by ice.\n",
        "Theta\n\nOne walrus rested, a long way from the shore, on ice.\n",
        "Iota\n\nGulls cried over the town.\n",
        "Kappa\n\nThe fishermen mended their nets.\n",
        "Lambda\n\nA ferry left the harbour at noon.\n",
    };
    essay_results *plain, *expanded;
    run_walrus(texts, 11, &plain, &expanded);
    cr_assert_eq(essay_results_count(expanded), 8);
    for (int e = 0; e < 5; e++)
        cr_assert_lt(position_of(plain, e), 5, "e%d ranks in the first five", e);
    double gain = gain_of(plain, expanded, 5);
    cr_assert_gt(gain, 1e-6, "floe, in four of the first five, weighs: %g", gain);
    gain = gain_of(plain, expanded, 6);
    cr_assert_float_eq(gain, 0, 1e-9, "arctic, in one of them only, does not: %g", gain);
    gain = gain_of(plain, expanded, 7);
    cr_assert_float_eq(gain, 0, 1e-9, "ice, past the fifth essay, does not: %g", gain);
    essay_results_free(plain);
    essay_results_free(expanded);
}

/* Whether 'query' ranks with the same essays and scores under feedback
 * 'expand' as with none. */
static int as_without_feedback(const char *query, int match_any, int expand)
{
    essay_search_options o = one_per_essay(10, match_any);
    o.expand = expand;
    essay_results *a = run(query, &o);
    o.expand = ESSAY_EXPAND_NEVER;
    essay_results *b = run(query, &o);
    int same = essay_results_count(a) == essay_results_count(b);
    for (size_t i = 0; same && i < essay_results_count(a); i++)
        same = strcmp(essay_results_hit(a, i)->path, essay_results_hit(b, i)->path) == 0
               && essay_results_hit(a, i)->score == essay_results_hit(b, i)->score;
    essay_results_free(a);
    essay_results_free(b);
    return same;
}

Test(search_made, expand_by_default_for_any_word_questions_of_four_words)
{
    const char *const texts[] = {
        "Alpha\n\nThe walrus rests on the ice floe.\n",
        "Beta\n\nA walrus tusk is ivory.\n\nThe ice floe drifts north.\n",
        "Gamma\n\nIvory from a walrus tusk, carved on the floe.\n",
        "Delta\n\nGulls cried over the town.\n",
    };
    index_texts(texts, 4);
    const char *question = "what is the walrus tusk of ivory on the floe";
    cr_assert(!as_without_feedback(question, 1, ESSAY_EXPAND_ALWAYS), "feedback weighs");
    cr_assert(!as_without_feedback(question, 1, ESSAY_EXPAND_AUTO), "four words: by default");
    cr_assert(as_without_feedback("walrus tusk of ivory", 1, ESSAY_EXPAND_AUTO),
              "three words besides 'of': none");
    cr_assert(!as_without_feedback("walrus tusk ivory floe", 0, ESSAY_EXPAND_ALWAYS));
    cr_assert(as_without_feedback("walrus tusk ivory floe", 0, ESSAY_EXPAND_AUTO),
              "all words: none");
}

Test(search_made, without_an_essay_database_essays_rank_by_paragraph)
{
    index_texts(split_words, 4);
    essay_searcher_close(searcher);
    char *essays = essay__essays_path(index_path);
    cr_assert_eq(essay__remove_tree(essays, NULL), ESSAY_OK);
    free(essays);
    open_searcher();
    essay_search_options o = one_per_essay(10, 1);
    essay_results *r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 2);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e1.txt"), "%s",
              essay_results_hit(r, 0)->path);
    essay_results_free(r);
}

/* An essay database that is there but cannot be read (here: a directory
 * Xapian finds no database in) is said, and essays rank by paragraph; one
 * that is not there (an index made before them) is not a damage. */
Test(search_made, a_damaged_essay_database_is_said)
{
    index_texts(split_words, 4);
    cr_assert_null(essay_searcher_damaged(searcher), "an intact index");
    essay_searcher_close(searcher);
    char *essays = essay__essays_path(index_path);
    cr_assert_eq(essay__remove_tree(essays, NULL), ESSAY_OK);
    open_searcher();
    cr_assert_null(essay_searcher_damaged(searcher), "no essay database is no damage");
    essay_searcher_close(searcher);
    cr_assert_eq(mkdir(essays, 0755), 0);
    free(essays);
    open_searcher();
    const char *damaged = essay_searcher_damaged(searcher);
    cr_assert_not_null(damaged);
    cr_assert_not_null(strstr(damaged, index_path), "names the index: %s", damaged);
    cr_assert_not_null(strstr(damaged, "ranked by their best paragraph"), "%s", damaged);
    essay_search_options o = one_per_essay(10, 1);
    essay_results *r = run("walrus narwhal", &o);
    cr_assert_eq(essay_results_count(r), 2, "the rest is searched");
    essay_results_free(r);
}

/* ---- headings and titles ------------------------------------------------ */

/* A header-less essay whose title line and chapter headings were once
 * paragraphs of a few words, ranked above the text for their shortness
 * (issue 20); now they head its first paragraph (essayfile.c). */
static const char *const headed[] = {
    "Liberty\n\nCHAPTER I.\n\nOF THE LIBERTY OF THOUGHT\n\nThe subject of this essay is the "
    "nature and limits of the power which can be legitimately exercised by society over the "
    "individual, and of liberty in general.\n\nThe struggle between liberty and authority is "
    "the most conspicuous feature in the portions of history with which we are early "
    "familiar.\n",
    "---\ntitle: Notes\n---\nA note on liberty and the press, and on what the courts made of it "
    "over many years of quarrels.\n",
};

/* The text of a hit after the headings over it (each ends with a line feed). */
static const char *below_headings(const essay_hit *h)
{
    const char *last = strrchr(h->text, '\n');
    return last ? last + 1 : h->text;
}

Test(search_made, a_heading_never_outranks_the_text)
{
    index_texts(headed, 2);
    essay_search_options o = with_limit(10);
    essay_results *r = run("liberty", &o);
    /* three paragraphs of text hold the word; no heading is a hit of its own */
    cr_assert_eq(essay_results_count(r), 3);
    for (size_t i = 0; i < 3; i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_gt(strlen(below_headings(h)), 60, "hit %zu is a heading: %s", i, h->text);
    }
    const essay_hit *headed_hit = hit_from(r, "/e0.txt");
    cr_assert_eq(headed_hit->line, 1, "at the title line, where the text starts");
    cr_assert_eq(strncmp(headed_hit->text, "Liberty\nCHAPTER I.\nOF THE LIBERTY OF THOUGHT\n"
                                          "The subject", 56), 0, "%s", headed_hit->text);
    essay_results_free(r);
}

Test(search_made, heading_words_find_the_text_under_them)
{
    index_texts(headed, 2);
    essay_results *r = run("thought", NULL);
    cr_assert_eq(essay_results_count(r), 1);
    const essay_hit *h = essay_results_hit(r, 0);
    cr_assert_eq(h->line, 1);
    cr_assert_not_null(strstr(h->snippet, "The subject of this essay"), "%s", h->snippet);
    cr_assert_eq(h->n_highlights, 1);
    cr_assert_eq(strncmp(h->snippet + h->highlights[0].start, "THOUGHT", 7), 0, "%s",
                 h->snippet);
    essay_results_free(r);
}

static const char *const titled[] = {
    "---\ntitle: The Mass of Men\n---\nThey lead lives of quiet desperation.\n\n"
    "What is called resignation is confirmed desperation.\n",
    "---\ntitle: Fields\n---\nThe mass of men worked in the fields all day.\n",
};

Test(search_made, a_phrase_from_the_title_finds_the_essay)
{
    index_texts(titled, 2);
    essay_search_options o = with_limit(10);
    essay_results *r = run("\"mass of men\"", &o);
    cr_assert_eq(essay_results_count(r), 2);
    /* the whole title typed names the essay (headings.c): it comes first; a phrase of a
       title in the text comes first otherwise (a_phrase_from_the_title_finds_the_essay_once) */
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "/e0.txt"),
              "the essay the title names first: %s", essay_results_hit(r, 0)->path);
    cr_assert(ends_with(essay_results_hit(r, 1)->path, "/e1.txt"));
    essay_results_free(r);
    /* with a word of the text, the paragraph that holds it first (the essay
     * holds both parts: its title the phrase, a paragraph the word) */
    r = run("\"mass of men\" resignation", &o);
    cr_assert_eq(strncmp(essay_results_hit(r, 0)->text, "What is called", 14), 0);
    essay_results_free(r);
    /* whole essays rank by it too */
    o.per_essay = 1;
    r = run("\"mass of men\"", &o);
    cr_assert_eq(essay_results_count(r), 2);
    essay_results_free(r);
    /* a phrase is in order, in the title as in the text (and only when
     * nothing matches is it taken apart into its words) */
    o = with_limit(10);
    o.strict = 1;
    r = run("\"men of mass\"", &o);
    cr_assert_eq(essay_results_count(r), 0);
    essay_results_free(r);
    o.strict = 0;
    r = run("\"men of mass\"", &o);
    cr_assert_gt(essay_results_count(r), 0);
    cr_assert(essay_results_relaxed(r));
    essay_results_free(r);
}

static const char *const disobedience[] = {
    "---\ntitle: On the Duty of Civil Disobedience\n---\nI heartily accept the motto.\n\n"
    "Government is at best but an expedient.\n\nThe true place for a just man is a prison.\n",
    "Letters\n\nHe spoke of civil disobedience at the lyceum.\n\nThe garden was green.\n",
    "Notes\n\nA note on the long tradition of civil disobedience, in letters and in law, in "
    "the towns and on the farms, which this short note cannot cover.\n",
};

/* Issue 20's title phrase, counted once: the essay whose title holds the
 * phrase is found by one paragraph, its first, not by every paragraph; the
 * paragraphs holding the phrase in their text come first. */
Test(search_made, a_phrase_from_the_title_finds_the_essay_once)
{
    index_texts(disobedience, 3);
    essay_search_options o = with_limit(10);
    o.exact_total = 1;
    essay_results *r = run("\"civil disobedience\"", &o);
    cr_assert_eq(essay_results_count(r), 3, "two paragraphs hold it, one essay's title does");
    cr_assert_eq(essay_results_estimate(r), 3);
    size_t in_text = 0;
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        if (strstr(h->text, "civil disobedience") != NULL)
            cr_assert_eq(in_text++, i, "hit %zu holds the phrase, after one without: %s", i,
                         h->text);
    }
    cr_assert_eq(in_text, 2);
    const essay_hit *titled_hit = hit_from(r, "/e0.txt");
    cr_assert_not_null(titled_hit);
    cr_assert_eq(titled_hit->paragraph, 1, "by its first paragraph");
    essay_results_free(r);
    /* one hit an essay: each essay once, the titled one after the others */
    o.per_essay = 1;
    r = run("\"civil disobedience\"", &o);
    cr_assert_eq(essay_results_count(r), 3);
    cr_assert(ends_with(essay_results_hit(r, 2)->path, "/e0.txt"), "%s",
              essay_results_hit(r, 2)->path);
    essay_results_free(r);
    o.per_essay = 0;
    /* facets count the essay's one paragraph */
    o.exact_total = 0;
    cr_assert_eq(essay_search_stream(searcher, "\"civil disobedience\"", &o, &r, NULL),
                 ESSAY_OK);
    cr_assert_eq(essay_results_count_facets(searcher, r, 1u << ESSAY_FACET_ESSAY, NULL),
                 ESSAY_OK);
    size_t n;
    const essay_facet_count *c = essay_results_facet(r, ESSAY_FACET_ESSAY, &n);
    cr_assert_eq(n, 3);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(c[i].paragraphs, 1, "%s: %zu paragraphs", c[i].value, c[i].paragraphs);
    essay_results_free(r);
}

Test(search_made, like_finds_similar_paragraphs_but_not_itself)
{
    const char *const texts[] = {
        "Title one\n\nApples, oranges and bananas ripen in the orchard.\n",
        "Title two\n\nTanks, artillery, drones rolled past borders.\n",
        "Title three\n\nBananas and oranges and apples fill the orchard baskets.\n",
    };
    index_texts(texts, 3);
    char path[512];
    snprintf(path, sizeof path, "%s/e0.txt", dir);
    essay_results *r = NULL;
    char *err = NULL;
    cr_assert_eq(essay_search_like(searcher, path, 3, NULL, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_geq(essay_results_count(r), 1);
    const essay_hit *top = essay_results_hit(r, 0);
    cr_assert(ends_with(top->path, "/e2.txt"), "top hit %s:%u", top->path, top->line);
    cr_assert_eq(top->rank, 1);
    cr_assert_gt(top->n_highlights, 0, "the shared words are highlighted");
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_not(ends_with(h->path, "/e0.txt") && h->line == 3, "the paragraph itself");
        cr_assert_not(ends_with(h->path, "/e1.txt"), "nothing in common: %s", h->text);
    }
    essay_results_free(r);
}

/* Not a bad query: the place names nothing the index holds, and the message
 * says so on its own ("no indexed paragraph at PATH:LINE"). */
Test(search_made, like_of_a_place_with_no_paragraph_is_not_found)
{
    const char *const texts[] = { "\n\nSome words here.\n" };
    index_texts(texts, 1);
    char path[512], *err = NULL, want[600];
    essay_results *r = (essay_results *)1;
    snprintf(path, sizeof path, "%s/e0.txt", dir);
    cr_assert_eq(essay_search_like(searcher, path, 2, NULL, &r, &err), ESSAY_NOT_FOUND,
                 "line 2 is before the first paragraph");
    cr_assert_null(r);
    snprintf(want, sizeof want, "no indexed paragraph at %s:2", path);
    cr_assert_str_eq(err, want);
    free(err);
    snprintf(path, sizeof path, "%s/unknown.txt", dir);
    cr_assert_eq(essay_search_like(searcher, path, 1, NULL, &r, &err), ESSAY_NOT_FOUND);
    cr_assert_null(r);
    free(err);
}

/* A line past the end of the file is an error that says how many lines it
 * has, not the last paragraph; a blank line between paragraphs, and the
 * last line (without its newline), are places still. */
Test(search_made, like_of_a_line_past_the_file_end_says_how_many_lines_it_has)
{
    const char *const texts[] = {
        "Title\n\nApples and pears ripen in the orchard.\n\nPears and apples fill baskets.",
        "Other\n\nThe orchard baskets hold apples.\n",
    };
    index_texts(texts, 2);
    char path[512], *err = NULL, want[600];
    snprintf(path, sizeof path, "%s/e0.txt", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(texts[0], f);
    fclose(f);
    essay_results *r = (essay_results *)1;
    cr_assert_eq(essay_search_like(searcher, path, 6, NULL, &r, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_null(r);
    snprintf(want, sizeof want, "%s has 5 lines: there is no line 6", path);
    cr_assert_str_eq(err, want);
    free(err);
    err = NULL;
    for (unsigned line = 4; line <= 5; line++) {
        cr_assert_eq(essay_search_like(searcher, path, line, NULL, &r, &err), ESSAY_OK,
                     "line %u: %s", line, err);
        cr_assert_geq(essay_results_count(r), 1, "line %u", line);
        essay_results_free(r);
    }
}

/* ---- context: the paragraphs beside a hit ----------------------------------------- */

static const char FIVE_PARAGRAPHS[] =
    "---\ntitle: Five\n---\n\nOne alpha.\n\nTwo beta.\n\nThree gamma\nwrapped.\n\n"
    "Four delta.\n\nFive epsilon.\n";

/* The one hit of 'query', its context read with 'before' and 'after'. */
static essay_results *hit_with_context(const char *query, unsigned before, unsigned after)
{
    essay_results *r = run(query, NULL);
    cr_assert_eq(essay_results_count(r), 1, "%s", query);
    char *err = NULL;
    cr_assert_eq(essay_results_add_context(searcher, r, 0, before, after, &err), ESSAY_OK,
                 "%s", err);
    return r;
}

Test(search_made, context_reads_the_paragraphs_around_a_hit)
{
    const char *const texts[] = { FIVE_PARAGRAPHS, "Other\n\nSix gamma zeta.\n" };
    index_texts(texts, 2);
    essay_results *r = hit_with_context("gamma wrapped", 1, 2);
    const essay_hit *h = essay_results_hit(r, 0);
    cr_assert_eq(h->line, 9);
    size_t n;
    const essay_neighbour *before = essay_hit_before(h, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(before[0].line, 7);
    cr_assert_eq(before[0].paragraph, 2);
    cr_assert_str_eq(before[0].text, "Two beta.");
    const essay_neighbour *after = essay_hit_after(h, &n);
    cr_assert_eq(n, 2);
    cr_assert_eq(after[0].line, 12);
    cr_assert_str_eq(after[0].text, "Four delta.");
    cr_assert_eq(after[1].line, 14);
    cr_assert_eq(after[1].paragraph, 5);
    /* Reading again replaces it. */
    cr_assert_eq(essay_results_add_context(searcher, r, 0, 0, 0, NULL), ESSAY_OK);
    cr_assert_null(essay_hit_before(h, &n));
    cr_assert_eq(n, 0);
    cr_assert_null(essay_hit_after(h, &n));
    essay_results_free(r);
}

/* At an essay's first and last paragraph, the context is what the essay
 * has, none of another essay's. */
Test(search_made, context_stops_at_the_essays_ends)
{
    const char *const texts[] = { "Before\n\nZero omega.\n", FIVE_PARAGRAPHS,
                                  "After\n\nSix omega.\n" };
    index_texts(texts, 3);
    size_t n;
    essay_results *r = hit_with_context("alpha", 10, 1000000);
    cr_assert_null(essay_hit_before(essay_results_hit(r, 0), &n));
    cr_assert_eq(n, 0);
    const essay_neighbour *after = essay_hit_after(essay_results_hit(r, 0), &n);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(after[3].text, "Five epsilon.");
    essay_results_free(r);
    r = hit_with_context("epsilon", 1000000, 3);
    const essay_neighbour *before = essay_hit_before(essay_results_hit(r, 0), &n);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(before[0].text, "One alpha.");
    cr_assert_eq(before[0].paragraph, 1);
    cr_assert_null(essay_hit_after(essay_results_hit(r, 0), &n));
    essay_results_free(r);
}

/* essay_results_read_context(): each hit essay_results_next() gives comes
 * with its context, streamed or held; hits not read so have none. */
Test(search_made, context_comes_with_each_hit_read)
{
    const char *const texts[] = { FIVE_PARAGRAPHS };
    index_texts(texts, 1);
    for (int stream = 0; stream < 2; stream++) {
        essay_results *r = NULL;
        cr_assert_eq((stream ? essay_search_stream : essay_search)(searcher, "beta OR delta",
                                                                   NULL, &r, NULL), ESSAY_OK);
        essay_results_read_context(searcher, r, 1, 0);
        const essay_hit *h;
        size_t hits = 0, n;
        while (essay_results_next(r, &h, NULL) == ESSAY_OK) {
            const essay_neighbour *before = essay_hit_before(h, &n);
            cr_assert_eq(n, 1, "hit at line %u", h->line);
            cr_assert_eq(before[0].line, h->line == 7 ? 5 : 9);
            cr_assert_null(essay_hit_after(h, &n));
            hits++;
        }
        cr_assert_eq(hits, 2);
        essay_results_free(r);
    }
    essay_results *r = run("beta", NULL);
    size_t n = 7;
    cr_assert_null(essay_hit_before(essay_results_hit(r, 0), &n), "none read");
    cr_assert_eq(n, 0);
    essay_results_free(r);
}

Test(search_made, context_of_no_hit_is_not_found)
{
    const char *const texts[] = { FIVE_PARAGRAPHS };
    index_texts(texts, 1);
    essay_results *r = run("beta", NULL);
    char *err = NULL;
    cr_assert_eq(essay_results_add_context(searcher, r, 1, 1, 1, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_str_eq(err, "no hit 2: the results hold 1");
    free(err);
    essay_results_free(r);
    /* a stream holds no hit */
    cr_assert_eq(essay_search_stream(searcher, "beta", NULL, &r, NULL), ESSAY_OK);
    cr_assert_eq(essay_results_add_context(searcher, r, 0, 1, 1, &err), ESSAY_BAD_ARGUMENT);
    cr_assert_str_eq(err, "no hit 1: the results hold 0");
    free(err);
    essay_results_free(r);
}

/* ---- a passage reprinted in several essays ------------------------------------- */

/* e0, e1 and e2 reprint one passage of the lighthouse (in e1 under a
 * heading, in other case and punctuation, in e2 hard-wrapped), each in an
 * essay that also holds "gannet" elsewhere; e1 and e2 both end in a short
 * line of the lighthouse, too short to count as a reprint; e3 has a passage
 * of its own. */
#define REPRINT "The lighthouse keeper rowed ashore at dawn, and the gulls followed his " \
                "boat all the way to the harbour wall."
static const char *const reprints[] = {
    "---\ntitle: Coasts\n---\n" REPRINT "\n\nA gannet dived off the point.\n",
    "---\ntitle: The Oxford Book of the Sea\n---\nA gannet flew over.\n\nTHE KEEPER\n"
    "the LIGHTHOUSE keeper rowed ashore at dawn -- and the gulls followed his boat all the "
    "way to the harbour wall!\n\nThe lighthouse stood.\n",
    "---\ntitle: Collected Essays\n---\nThe lighthouse keeper rowed ashore at dawn, and the\n"
    "gulls followed his boat all the way to the harbour wall.\n\nA gannet sat still.\n\n"
    "The lighthouse stood.\n",
    "---\ntitle: Winter\n---\nIn winter the lighthouse was dark for a week, and nobody in the "
    "village could say why the lamp had failed.\n",
};

/* How many hits of 'r' are the reprinted passage, and the copies the first of
 * them counts. */
static size_t reprints_in(const essay_results *r, unsigned *copies)
{
    size_t n = 0;
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        if (strstr(h->text, "rowed ashore") != NULL && n++ == 0)
            *copies = h->copies;
    }
    return n;
}

Test(search_made, a_reprinted_passage_is_listed_once_with_its_copies_counted)
{
    index_texts(reprints, 4);
    essay_search_options o = with_limit(10);
    essay_results *r = run("lighthouse", &o);
    unsigned copies = 0;
    cr_assert_eq(reprints_in(r, &copies), 1, "the passage once");
    cr_assert_eq(copies, 2, "and the two other essays that hold it");
    /* the winter passage, and the short line twice: too short to be a reprint */
    cr_assert_eq(essay_results_count(r), 4);
    for (size_t i = 0; i < essay_results_count(r); i++)
        if (strstr(essay_results_hit(r, i)->text, "rowed ashore") == NULL)
            cr_assert_eq(essay_results_hit(r, i)->copies, 0, "hit %zu", i + 1);
    cr_assert_eq(essay_results_estimate(r), 4, "the total counts the passage once");
    essay_results_free(r);
    o.exact_total = 1;
    r = run("lighthouse", &o);
    cr_assert_eq(essay_results_estimate(r), 4, "so does an exact count");
    essay_results_free(r);
    o.limit = 1;    /* more matches than the page: Xapian counts them all */
    r = run("lighthouse", &o);
    cr_assert_eq(essay_results_estimate(r), 4, "an exact count past the page");
    essay_results_free(r);
    /* one hit per essay: each essay is shown by its copy, which counts the others */
    essay_search_options each = one_per_essay(10, 0);
    r = run("rowed ashore", &each);
    cr_assert_eq(essay_results_count(r), 3);
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(essay_results_hit(r, i)->copies, 2, "hit %zu", i + 1);
    essay_results_free(r);
}

Test(search_made, a_reprinted_passage_holding_some_words_is_listed_once)
{
    /* the second tier: the passage holds "lighthouse", its essays "gannet" too */
    index_texts(reprints, 4);
    essay_search_options o = with_limit(10);
    essay_results *r = run("lighthouse gannet", &o);
    unsigned copies = 0;
    cr_assert_eq(reprints_in(r, &copies), 1);
    cr_assert_eq(copies, 2);
    essay_results_free(r);
}

/* e0 reprints the passage under a heading naming its author, e1 without
 * one, naming him elsewhere. */
#define UMBRELLAS "We live under the sign of Aquarius, and the umbrella has become the " \
                  "acknowledged index of social position in a wet climate."
static const char *const headed_reprints[] = {
    "---\ntitle: Juvenilia\n---\nSTEVENSON ON UMBRELLAS\n" UMBRELLAS "\n",
    "---\ntitle: Lay Morals\n---\n" UMBRELLAS "\n\nStevenson wrote it in Edinburgh.\n",
};

Test(search_made, a_reprinted_passage_whose_heading_holds_a_word_is_listed_once)
{
    /* e0's copy holds every word (its heading the name), e1's some of them
       in an essay holding every word: two tiers, and each listed the passage */
    index_texts(headed_reprints, 2);
    const char *query = "stevenson aquarius umbrella";
    essay_results *all = run(query, NULL);
    size_t n = essay_results_count(all), passages = 0;
    for (size_t i = 0; i < n; i++)
        passages += strstr(essay_results_hit(all, i)->text, "Aquarius") != NULL;
    cr_assert_eq(passages, 1, "the passage once");
    cr_assert_str_eq(essay_results_hit(all, 0)->title, "Juvenilia", "by its copy holding all");
    cr_assert_eq(essay_results_hit(all, 0)->copies, 1);
    cr_assert_eq(essay_results_estimate(all), n, "the total counts it once");
    /* page by page, the same hits */
    for (unsigned offset = 0; offset <= n; offset++) {
        essay_search_options o = with_limit(1);
        o.offset = offset;
        essay_results *page = run(query, &o);
        cr_assert_eq(essay_results_count(page), offset < n, "page %u", offset + 1);
        if (offset < n)
            assert_same_hit(essay_results_hit(page, 0), essay_results_hit(all, offset), query);
        essay_results_free(page);
    }
    essay_results_free(all);
}

/* e1's essay heads its text with its title, which a note in e0 quotes. */
static const char *const headed_essays[] = {
    "---\ntitle: Essays\n---\nNOTES\nThe title, Aes Triplex, is from Horace: aes triplex "
    "circa pectus, a breast of triple brass.\n",
    "---\ntitle: Virginibus Puerisque\n---\nThe first paper is on marriage.\n\n"
    "IX ÆS TRIPLEX\nThe changes wrought by death are in themselves so sharp and final, and so "
    "terrible and melancholy in their consequences, that the thing stands alone in man's "
    "experience, and has no parallel upon earth.\n",
};

Test(search_made, a_heading_typed_finds_the_text_it_heads_first)
{
    index_texts(headed_essays, 2);
    const char *const typed[] = { "aes triplex", "Æs Triplex", "ix aes triplex",
                                  "aes AND triplex" };
    for (size_t i = 0; i < sizeof typed / sizeof *typed; i++) {
        essay_results *r = run(typed[i], NULL);
        cr_assert_geq(essay_results_count(r), 1, "%s", typed[i]);
        cr_assert(ends_with(essay_results_hit(r, 0)->path, "e1.txt"), "%s: the essay first",
                  typed[i]);
        essay_results_free(r);
        essay_search_options each = one_per_essay(10, 0);
        r = run(typed[i], &each);
        cr_assert(ends_with(essay_results_hit(r, 0)->path, "e1.txt"), "%s, by essay", typed[i]);
        essay_results_free(r);
    }
    /* the total counts the hits after those the heading fills the page with */
    essay_search_options one = with_limit(1);
    essay_results *r = run("aes triplex", &one);
    cr_assert_eq(essay_results_estimate(r), 2, "the essay's paragraph and the note");
    essay_results_free(r);
    /* with two paragraphs an essay, as without the rule: as many listed as counted */
    essay_search_options two = one_per_essay(10, 0);
    two.per_essay = 2;
    r = run("aes triplex", &two);
    two.exact_total = 1;
    essay_results *counted = run("aes triplex", &two);
    cr_assert_eq(essay_results_count(r), essay_results_estimate(counted));
    essay_results_free(r);
    essay_results_free(counted);
    /* a word of the heading, or its words with an operator, name no heading: the note,
       denser, comes first */
    const char *const others[] = { "triplex", "aes OR triplex", "\"aes triplex\" -marriage" };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        r = run(others[i], NULL);
        cr_assert(ends_with(essay_results_hit(r, 0)->path, "e0.txt"), "%s", others[i]);
        essay_results_free(r);
    }
}

/* Index texts[0..2), search 'query': both essays are hits, the first of
 * the essay 'first' ("e0.txt"). */
static void assert_first_of_two(const char *const texts[2], const char *query, const char *first)
{
    index_texts(texts, 2);
    essay_results *r = run(query, NULL);
    cr_assert_geq(essay_results_count(r), 2, "%s", query);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, first), "%s: %s first, not %s", query,
              first, essay_results_hit(r, 0)->path);
    essay_results_free(r);
}

/* A quote with two of its common words remembered wrong finds its source
 * (its other words in order, each as typed), before a paragraph holding
 * every word of it, and its other words' stems in order. */
Test(search_made, a_quote_with_two_common_words_wrong_finds_its_source)
{
    static const char *const texts[] = {
        "Sayings\n\nRichard said that God helps them that help themselves, and he was right.\n",
        "A Tale\n\nHasten here, sir, in God's name; help, help those who are dying, for they "
        "cannot help themselves.\n",
    };
    assert_first_of_two(texts, "god helps those who help themselves", "e0.txt");
}

/* A sentence typed without a word its source has finds the source, before a
 * shorter paragraph holding every word of it apart. */
Test(search_made, a_sentence_missing_a_word_finds_its_source)
{
    static const char *const texts[] = {
        "Gibbon\n\nIt was a moment in the history of the whole human race when the world "
        "changed its course, and the empire with it.\n",
        "Notes\n\nRace and history: the human story of all.\n",
    };
    assert_first_of_two(texts, "the history of the human race", "e0.txt");
}

/* A sentence remembered with its last word wrong and a word missing finds
 * its source by the phrase that leaves the wrong word out, whose words not
 * common ("small", "boat") are checked first in the room the common ones
 * leave them: "a small red boat on the" holds them as far apart as that
 * phrase allows. */
Test(search_made, a_sentence_with_a_word_wrong_and_one_missing_finds_its_source)
{
    static const char *const texts[] = {
        "Crossing\n\nAt dawn we took a small red boat on the lake and rowed to the far shore "
        "before the wind rose.\n",
        "Notes\n\nThe river: a boat, small, and the ferry on it.\n",
    };
    assert_first_of_two(texts, "a small boat on the river", "e0.txt");
}

/* A quote found first, then the paragraphs holding its words apart: the
 * later tier leaves out the quote's paragraphs by their unique terms (they
 * are every one the first tier matches), and their reprints by their copy
 * key, so that each is listed once, on one page or over several: a reprint
 * (the keeper's passage) and a paragraph of its own (the winter's). */
Test(search_made, a_quote_found_first_is_not_listed_again_after)
{
    const char *const texts[] = {
        reprints[0], reprints[1], reprints[2], reprints[3],
        "Harbours\n\nAt dawn the keeper, tired of the light, rowed the long way ashore, and "
        "the gulls followed him.\n",
        "Nights\n\nNobody in the village knew why, and for a week the lighthouse was dark while "
        "the keeper was away.\n",
    };
    index_texts(texts, 6);
    const char *const quotes[][3] = {
        { "the keeper rowed ashore at dawn and the gulls followed", "rowed ashore at dawn",
          "tired of the light" },
        { "the lighthouse was dark for a week and nobody in the village", "In winter",
          "Nobody in the village knew" },
    };
    for (size_t q = 0; q < 2; q++) {
        essay_search_options o = with_limit(10);
        essay_results *r = run(quotes[q][0], &o);
        cr_assert_eq(essay_results_count(r), 2, "'%s'", quotes[q][0]);
        cr_assert_eq(essay_results_estimate(r), 2, "'%s'", quotes[q][0]);
        for (size_t i = 0; i < 2; i++)
            cr_assert_not_null(strstr(essay_results_hit(r, i)->text, quotes[q][1 + i]),
                               "'%s' hit %zu: %s", quotes[q][0], i + 1,
                               essay_results_hit(r, i)->text);
        unsigned copies = 0;
        if (q == 0) {
            cr_assert_eq(reprints_in(r, &copies), 1, "the passage once");
            cr_assert_eq(copies, 2);
        }
        essay_results_free(r);
        for (unsigned page = 0; page < 2; page++) {
            o = with_limit(1);
            o.offset = page;
            r = run(quotes[q][0], &o);
            cr_assert_eq(essay_results_count(r), 1, "'%s' page %u", quotes[q][0], page + 1);
            cr_assert_not_null(strstr(essay_results_hit(r, 0)->text, quotes[q][1 + page]),
                               "'%s' page %u: %s", quotes[q][0], page + 1,
                               essay_results_hit(r, 0)->text);
            essay_results_free(r);
        }
    }
}

/* A question whose words name essays by their file names, and are no
 * names ("security", "guarantees" of security-guarantees-for-ukraine.txt;
 * "Ukraine" is a name), finds the paragraph that answers it: those words
 * count as the others do.  Read as naming an author, they were left out of
 * what a paragraph must hold, and the question's other words ("actually",
 * "work", "practice") put a doctor's practice first. */
Test(search_made, a_question_in_words_of_file_names_finds_its_answer)
{
    static const char *const names[] = { "security-guarantees-for-ukraine.txt", "clinic.txt" };
    static const char *const texts[] = {
        "Guarantees\n\nHow will security guarantees for Ukraine work? They work when the allies "
        "who give them will fight for Ukraine, and say so in advance.\n\nThe rest of the essay "
        "is about the history of the war.\n",
        "A Clinic\n\nThe old doctor will actually give up his work and his practice in the "
        "spring, and the town will miss him.\n",
    };
    index_named(names, texts, 2);
    essay_results *r = run("how will the security guarantees for ukraine actually work in practice",
                           NULL);
    cr_assert_geq(essay_results_count(r), 2);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "security-guarantees-for-ukraine.txt"),
              "%s first", essay_results_hit(r, 0)->path);
    cr_assert_not_null(strstr(essay_results_hit(r, 0)->text, "How will security guarantees"),
                       "%s", essay_results_hit(r, 0)->text);
    essay_results_free(r);
}

/* A no-break space (or a thin one) pasted between two words separates them
 * as a space does: it made them a phrase, which missed the paragraph
 * holding them apart. */
Test(search_made, a_no_break_space_separates_words_as_a_space_does)
{
    static const char *const texts[] = {
        "Treaties\n\nThe security guarantees were signed in the spring.\n",
        "Letters\n\nHe wrote of guarantees, and of the security they gave.\n",
    };
    index_texts(texts, 2);
    const char *const typed[] = { "security guarantees", "security\u00a0guarantees",
                                  "security\u2009guarantees", "\u00a0security guarantees\u202f" };
    for (size_t i = 0; i < 4; i++) {
        essay_search_options o = with_limit(10);
        o.strict = 1;
        essay_results *r = run(typed[i], &o);
        cr_assert_eq(essay_results_count(r), 2, "'%s'", typed[i]);
        essay_results_free(r);
    }
}

Test(search_made, a_heading_typed_comes_before_a_quote_of_it)
{
    /* a heading of four words is a short quote too (first.c): the note holding it as typed,
       short, outranked the essay it heads */
    const char *const texts[] = {
        "---\ntitle: Memories and Portraits\n---\nA GOSSIP ON ROMANCE\nIn anything fit to be "
        "called by the name of reading, the process itself should be absorbing and voluptuous; "
        "we should gloat over a book, be rapt clean out of ourselves.\n",
        "---\ntitle: Notes\n---\nNOTES\nA gossip on romance: first printed in 1882.\n",
    };
    assert_first_of_two(texts, "a gossip on romance", "e0.txt");
}

/* e0 prints Stevenson's essay under its heading; e1, an edition of his
 * essays, has notes naming him and the essay on every line. */
static const char *const authored_headings[] = {
    "---\ntitle: Virginibus Puerisque\nauthor: Robert Louis Stevenson\n---\nÆS TRIPLEX\n"
    "The changes wrought by death are in themselves so sharp and final, and so terrible and "
    "melancholy in their consequences, that the thing stands alone in man's experience.\n",
    "---\ntitle: Selected Essays\nauthor: Robert Louis Stevenson\n---\nNOTES\nOn death, in "
    "Aes Triplex by Stevenson.\n\nOften Stevenson was ill.\n\nIn Samoa Stevenson wrote.\n\n"
    "Later Stevenson travelled.\n",
};

Test(search_made, an_authors_name_and_a_heading_of_his_find_the_text_it_heads_first)
{
    /* the notes name Stevenson in every paragraph: the author rule takes no
       side (first.c), and the denser note came first */
    index_texts(authored_headings, 2);
    essay_results *r = run("stevenson aes triplex", NULL);
    cr_assert_geq(essay_results_count(r), 2);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "e0.txt"), "the essay first: %s",
              essay_results_hit(r, 0)->path);
    essay_results_free(r);
    essay_search_options each = one_per_essay(10, 0);
    r = run("stevenson aes triplex", &each);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "e0.txt"), "by essay too");
    essay_results_free(r);
}

Test(search_made, a_correction_that_changes_a_words_first_letter_is_only_offered)
{
    /* "covid" is one edit from "ovid", and no misspelling of it: the words
       as typed find what they find, and the correction is only offered */
    const char *const texts[] = {
        "Poets\n\nOvid wrote the Metamorphoses in Rome, and Ovid was sent away.\n",
        "Medicine\n\nThe vaccine was tried on a boy in the spring.\n",
        "Travel\n\nThe vaccine went north, and the vaccine came back.\n",
    };
    index_texts(texts, 3);
    essay_results *r = run("covid vaccine", NULL);
    cr_assert_null(essay_results_corrected(r), "searched as %s", essay_results_corrected(r));
    cr_assert_str_eq(essay_results_suggestion(r) ? essay_results_suggestion(r) : "(none)",
                     "ovid vaccine");
    cr_assert(essay_results_relaxed(r));
    cr_assert_eq(essay_results_count(r), 2);
    for (size_t i = 0; i < essay_results_count(r); i++)
        cr_assert_null(strstr(essay_results_hit(r, i)->text, "Ovid"), "%s",
                       essay_results_hit(r, i)->text);
    essay_results_free(r);
    r = run("covid", NULL);
    cr_assert_eq(essay_results_count(r), 0);
    cr_assert_null(essay_results_corrected(r));
    cr_assert_str_eq(essay_results_suggestion(r) ? essay_results_suggestion(r) : "(none)", "ovid");
    essay_results_free(r);
    /* a letter wrong after the first is searched corrected, and so are the
       first two swapped */
    const char *const slips[] = { "vacine", "avccine" };
    for (size_t i = 0; i < 2; i++) {
        r = run(slips[i], NULL);
        cr_assert_str_eq(essay_results_corrected(r) ? essay_results_corrected(r) : "(none)",
                         "vaccine", "%s", slips[i]);
        cr_assert_eq(essay_results_count(r), 2);
        essay_results_free(r);
    }
}

Test(search_made, an_authors_name_and_his_works_title_find_the_work_before_its_citations)
{
    /* "Darwin's Origin of Species" holds the words typed, in order, and
       writes the name beside the title: the book is named all the same */
    const char *const texts[] = {
        "---\ntitle: Studies in the Theory of Descent\nauthor: August Weismann\n---\nFOOTNOTES\n"
        "See Darwin's Origin of Species, pages 33 and 201, on the embryo.\n\nIn 1859 Darwin "
        "wrote it.\n",
        "---\ntitle: On the Origin of Species\nauthor: Charles Darwin\n---\nINTRODUCTION\n"
        "When on board the Beagle, as naturalist, I was much struck with certain facts in the "
        "distribution of the inhabitants of South America, which seemed to throw some light on "
        "the origin of species.\n",
    };
    assert_first_of_two(texts, "darwin origin of species", "e1.txt");
    essay_search_options each = one_per_essay(10, 0);
    essay_results *r = run("darwin origin of species", &each);
    cr_assert(ends_with(essay_results_hit(r, 0)->path, "e1.txt"), "by essay too: %s",
              essay_results_hit(r, 0)->path);
    essay_results_free(r);
}

Test(search_made, an_authors_whole_name_typed_finds_the_text_his_heading_heads_first)
{
    /* the notes write "Robert Louis Stevenson": his name typed whole is
       no other name ("new england") that the words beside it make */
    const char *const texts[] = {
        authored_headings[0],
        "---\ntitle: Selected Essays\nauthor: Robert Louis Stevenson\n---\nNOTES\nOn death, in "
        "Aes Triplex by Robert Louis Stevenson.\n\nOften Robert Louis Stevenson was ill.\n\n"
        "In Samoa Robert Louis Stevenson wrote.\n",
    };
    assert_first_of_two(texts, "robert louis stevenson aes triplex", "e0.txt");
}

Test(search_made, a_name_typed_with_another_word_the_text_holds_names_no_author)
{
    /* "newton" names Cecil Newton's essay, but "isaac newton" is another
       name, which the other essay holds: the author rule stands aside */
    const char *const texts[] = {
        "---\ntitle: Orchards\nauthor: Cecil Newton\n---\nIsaac planted apples, and gravity "
        "pulled them down in the autumn winds of the valley every year.\n",
        "---\ntitle: Physics\n---\nSir Isaac Newton found the law of gravity.\n",
    };
    assert_first_of_two(texts, "isaac newton gravity", "e1.txt");
}

Test(search_made, pages_of_hits_neither_repeat_nor_lose_a_reprinted_passage)
{
    index_texts(reprints, 4);
    const char *const queries[] = { "lighthouse", "lighthouse gannet", "gulls OR lighthouse" };
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        essay_results *all = run(queries[q], NULL);
        size_t n = essay_results_count(all);
        for (unsigned size = 1; size <= 3; size++) {
            size_t seen = 0, passages = 0;
            for (unsigned offset = 0; offset < n + size; offset += size) {
                essay_search_options o = with_limit(size);
                o.offset = offset;
                essay_results *page = run(queries[q], &o);
                unsigned copies;
                passages += reprints_in(page, &copies);
                for (size_t i = 0; i < essay_results_count(page); i++, seen++) {
                    cr_assert_lt(seen, n, "'%s' by %u: more hits than in one", queries[q], size);
                    assert_same_hit(essay_results_hit(page, i), essay_results_hit(all, seen),
                                    queries[q]);
                }
                essay_results_free(page);
            }
            cr_assert_eq(seen, n, "'%s' by %u", queries[q], size);
            cr_assert_eq(passages, 1, "'%s' by %u: the reprinted passage once", queries[q],
                         size);
        }
        essay_results_free(all);
    }
}

/* A colophon that one essay prints as text and another leaves bare at its
 * end, a heading that heads nothing. */
#define COLOPHON "Printed by the Lighthouse Press for the keepers of the northern lamps"
static const char *const colophons[] = {
    "---\ntitle: Coasts\n---\nThe lamp was lit at dusk.\n\n" COLOPHON ".\n\nThe end of the "
    "book came with the tide.\n",
    "---\ntitle: Harbours\n---\nThe harbour was quiet all winter long.\n\n" COLOPHON "\n",
};

Test(search_made, a_bare_heading_is_no_copy_of_a_paragraph_of_text)
{
    /* text and bare headings are ranked apart, each kind collapsing its own
     * copies: as copies, the colophon was listed twice by relevance and once
     * by date */
    index_texts(colophons, 2);
    essay_search_options o = with_limit(10);
    essay_results *by_relevance = run("lighthouse press", &o);
    o.sort = ESSAY_SORT_DATE;
    essay_results *by_date = run("lighthouse press", &o);
    cr_assert_eq(essay_results_count(by_relevance), 2);
    cr_assert_eq(essay_results_count(by_date), 2);
    for (size_t i = 0; i < 2; i++) {
        cr_assert_eq(essay_results_hit(by_relevance, i)->copies, 0, "hit %zu", i + 1);
        cr_assert_eq(essay_results_hit(by_date, i)->copies, 0, "hit %zu", i + 1);
    }
    cr_assert_str_eq(essay_results_hit(by_relevance, 0)->title, "Coasts", "text first");
    essay_results_free(by_relevance);
    essay_results_free(by_date);
}

Test(search, like_from_a_corpus_paragraph)
{
    essay_results *m = run("machiavelli", NULL);
    cr_assert_eq(essay_results_count(m), 1);
    char *path = strdup(essay_results_hit(m, 0)->path);
    unsigned line = essay_results_hit(m, 0)->line;
    essay_results_free(m);

    /* A line inside the paragraph names it as well as its first line does. */
    essay_results *r = NULL, *inside = NULL;
    char *err = NULL;
    essay_search_options o = with_limit(20);
    cr_assert_eq(essay_search_like(searcher, path, line, &o, &r, &err), ESSAY_OK, "%s", err);
    cr_assert_eq(essay_search_like(searcher, path, line + 2, &o, &inside, &err), ESSAY_OK, "%s",
                 err);
    cr_assert_gt(essay_results_count(r), 3);
    cr_assert_eq(essay_results_count(inside), essay_results_count(r));
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        cr_assert_eq(h->rank, i + 1);
        cr_assert_not(strcmp(h->path, path) == 0 && h->line == line, "the paragraph itself");
        cr_assert_str_eq(h->path, essay_results_hit(inside, i)->path);
        cr_assert_eq(h->line, essay_results_hit(inside, i)->line);
    }
    essay_results_free(r);
    essay_results_free(inside);
    free(path);
}
