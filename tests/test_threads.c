/* test_threads.c -- essay.h's promise that there is no global state: handles
 * may be used from several threads at once, one thread per handle.
 *
 * A fixture indexes corpus/ into a temporary directory through the public
 * API.  Each result set is reduced to a fingerprint string holding every
 * field of every hit (path, line, paragraph, score, title, snippet, highlight
 * offsets) and the exact total, so "the same results" means byte for byte.
 * The expected fingerprints come from a run on the main thread; then
 * THREADS threads, each with its own searcher (or its own analyzer, or its
 * own index written from scratch), repeat the work at the same time, each in
 * a different query order, and every fingerprint must equal the expected one.
 * Threads do not assert (Criterion's asserts belong to the test's thread):
 * they count mismatches and keep the first failure's message for the main
 * thread to report.
 */
#include <criterion/criterion.h>

#include <ftw.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "essay.h"

#define THREADS 4
#define ROUNDS 5

static const char *const queries[] = {
    "security guarantees",
    "machiavelli",
    "\"black sea fleet\"",
    "ukraine OR russia",
    "deter*",
    "title:ukraine aggression",
    "nato -ukraine",
    "europeen",
};
#define N_QUERIES (sizeof queries / sizeof queries[0])

static char workdir[] = "/tmp/essay-threads.XXXXXX";
static char index_path[sizeof workdir + 16];
static char *expected[N_QUERIES];

/* Index corpus/ into 'path', a new index; the status of the first failure. */
static essay_status build_index(const char *path, char **err)
{
    essay_index *ix;
    essay_status st = essay_index_open(path, ESSAY_CREATE, NULL, &ix, err);
    if (st != ESSAY_OK)
        return st;
    const char *const corpus[] = { "corpus" };
    essay_update_summary summary;
    st = essay_index_update(ix, corpus, 1, NULL, &summary, err);
    if (st != ESSAY_OK) {
        essay_index_abandon(ix);
        return st;
    }
    if (summary.added != 5 || summary.skipped != 0) {
        essay_index_abandon(ix);
        return ESSAY_BAD_INPUT;
    }
    return essay_index_close(ix, err);
}

/* Append printf-style text to the malloc'd string *s (stays NULL once out of memory). */
static void append(char **s, const char *fmt, ...)
{
    if (*s == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *more = NULL;
    int ok = vasprintf(&more, fmt, ap) >= 0;
    va_end(ap);
    char *joined = NULL;
    if (ok && asprintf(&joined, "%s%s", *s, more) < 0)
        joined = NULL;
    free(more);
    free(*s);
    *s = joined;
}

/* Every field of every hit of 'query' on 's', as one malloc'd string; NULL
 * with *st set when the search fails or memory runs out. */
static char *fingerprint(essay_searcher *s, const char *query, essay_status *st, char **err)
{
    essay_search_options opt = essay_search_defaults();
    opt.limit = 20;
    opt.exact_total = 1;
    essay_results *r;
    *st = essay_search(s, query, &opt, &r, err);
    if (*st != ESSAY_OK)
        return NULL;
    char *fp = strdup("");
    append(&fp, "total %zu\n", essay_results_estimate(r));
    for (size_t i = 0; i < essay_results_count(r); i++) {
        const essay_hit *h = essay_results_hit(r, i);
        append(&fp, "%u %.9g %s:%u #%u %s | %s | %s | %s\n", h->rank, h->score, h->path, h->line,
               h->paragraph, h->title, h->author ? h->author : "-", h->date ? h->date : "-",
               h->snippet);
        for (size_t k = 0; k < h->n_highlights; k++)
            append(&fp, " [%zu,%zu)", h->highlights[k].start, h->highlights[k].end);
        append(&fp, "\n");
    }
    essay_results_free(r);
    if (fp == NULL)
        *st = ESSAY_NOMEM;
    return fp;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void setup(void)
{
    cr_assert_not_null(mkdtemp(workdir));
    snprintf(index_path, sizeof index_path, "%s/index", workdir);
    char *err = NULL;
    essay_status st = build_index(index_path, &err);
    cr_assert_eq(st, ESSAY_OK, "indexing corpus/ failed: %s", err ? err : essay_strerror(st));

    essay_searcher *s;
    cr_assert_eq(essay_searcher_open(index_path, &s, &err), ESSAY_OK, "%s", err);
    for (size_t q = 0; q < N_QUERIES; q++) {
        expected[q] = fingerprint(s, queries[q], &st, &err);
        cr_assert_eq(st, ESSAY_OK, "query %s failed: %s", queries[q], err);
    }
    essay_searcher_close(s);
}

static void teardown(void)
{
    for (size_t q = 0; q < N_QUERIES; q++)
        free(expected[q]);
    nftw(workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(threads, .init = setup, .fini = teardown);

/* What one thread did: its number in, its failures out. */
typedef struct {
    unsigned id;
    char index[sizeof index_path + 16];  /* the index to search (or to build first) */
    unsigned mismatches;
    char *first_failure;                 /* malloc'd, NULL when all went well */
} worker;

static void record_failure(worker *w, const char *what, const char *query, const char *why)
{
    w->mismatches++;
    if (w->first_failure == NULL && asprintf(&w->first_failure, "thread %u, %s '%s': %s", w->id,
                                             what, query, why ? why : "(no message)") < 0)
        w->first_failure = NULL;
}

/* Each round runs every query, starting at a different one in each thread. */
static void search_rounds(worker *w)
{
    char *err = NULL;
    essay_searcher *s;
    essay_status st = essay_searcher_open(w->index, &s, &err);
    if (st != ESSAY_OK) {
        record_failure(w, "opening", w->index, err);
        free(err);
        return;
    }
    for (unsigned round = 0; round < ROUNDS; round++) {
        for (size_t k = 0; k < N_QUERIES; k++) {
            size_t q = (k + w->id) % N_QUERIES;
            char *fp = fingerprint(s, queries[q], &st, &err);
            if (st != ESSAY_OK)
                record_failure(w, "searching", queries[q], err);
            else if (strcmp(fp, expected[q]) != 0)
                record_failure(w, "different results for", queries[q], fp);
            free(fp);
            free(err);
            err = NULL;
        }
    }
    essay_searcher_close(s);
}

static void *searching_thread(void *arg)
{
    search_rounds(arg);
    return NULL;
}

/* Builds its own index, then searches it. */
static void *indexing_thread(void *arg)
{
    worker *w = arg;
    char *err = NULL;
    essay_status st = build_index(w->index, &err);
    if (st != ESSAY_OK)
        record_failure(w, "indexing", w->index, err ? err : essay_strerror(st));
    else
        search_rounds(w);
    free(err);
    return NULL;
}

typedef struct {
    char *stems;
} stem_list;

static int collect_stem(const essay_token *token, void *ctx)
{
    stem_list *list = ctx;
    append(&list->stems, "%s ", token->stem);
    return list->stems == NULL;
}

/* The stems of 'text', each followed by a space, malloc'd (NULL: failure). */
static char *stems_of(essay_analyzer *an, const char *text)
{
    stem_list list = { strdup("") };
    if (essay_analyze(an, text, strlen(text), collect_stem, &list) != ESSAY_OK) {
        free(list.stems);
        return NULL;
    }
    return list.stems;
}

static char *expected_stems;  /* of analyzed_text, from the test's thread */
static const char analyzed_text[] =
    "Ukraine’s security guarantees: européen values-based deterrence, 800,000 "
    "personnel, Türkiye and the so-called reassurance forces, running ran runs.";

static void *analyzing_thread(void *arg)
{
    worker *w = arg;
    essay_analyzer *an;
    if (essay_analyzer_new("english", &an) != ESSAY_OK) {
        record_failure(w, "creating", "english", "essay_analyzer_new failed");
        return NULL;
    }
    for (unsigned round = 0; round < 50 * ROUNDS; round++) {
        char *stems = stems_of(an, analyzed_text);
        if (stems == NULL || strcmp(stems, expected_stems) != 0)
            record_failure(w, "analysing", analyzed_text, stems);
        free(stems);
    }
    essay_analyzer_free(an);
    return NULL;
}

/* Run THREADS threads of 'body', each given the fixture's index or, with
 * 'own_index', a path of its own for a new one; then assert that none failed. */
static void run_workers(void *(*body)(void *), int own_index)
{
    worker workers[THREADS];
    pthread_t threads[THREADS];
    for (unsigned i = 0; i < THREADS; i++) {
        workers[i] = (worker){ .id = i };
        if (own_index)
            snprintf(workers[i].index, sizeof workers[i].index, "%s/index-%u", workdir, i);
        else
            snprintf(workers[i].index, sizeof workers[i].index, "%s", index_path);
        cr_assert_eq(pthread_create(&threads[i], NULL, body, &workers[i]), 0);
    }
    for (unsigned i = 0; i < THREADS; i++)
        cr_assert_eq(pthread_join(threads[i], NULL), 0);
    for (unsigned i = 0; i < THREADS; i++) {
        cr_assert_eq(workers[i].mismatches, 0, "%u failures, the first: %s", workers[i].mismatches,
                     workers[i].first_failure);
        cr_assert_null(workers[i].first_failure);
    }
}

Test(threads, the_fixture_finds_what_the_corpus_holds)
{
    cr_assert(strstr(expected[1], "bielokolos-security-guarantees-options-for-ukraine.txt:53") !=
              NULL, "machiavelli: %s", expected[1]);
    cr_assert(strstr(expected[2], "freedman-as-long-as-it-takes.txt:14") != NULL,
              "black sea fleet: %s", expected[2]);
    cr_assert_str_neq(expected[0], expected[3]);
}

Test(threads, one_searcher_per_thread_gives_the_single_threaded_results)
{
    run_workers(searching_thread, 0);
}

Test(threads, one_index_per_thread_is_written_and_searched_alike)
{
    run_workers(indexing_thread, 1);
}

Test(threads, one_analyzer_per_thread_gives_the_same_stems)
{
    essay_analyzer *an;
    cr_assert_eq(essay_analyzer_new("english", &an), ESSAY_OK);
    expected_stems = stems_of(an, analyzed_text);
    essay_analyzer_free(an);
    cr_assert_not_null(expected_stems);
    cr_assert(strstr(expected_stems, " guarante ") != NULL, "stems: %s", expected_stems);
    run_workers(analyzing_thread, 0);
    free(expected_stems);
}
