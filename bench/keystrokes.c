/* keystrokes.c -- the search behind each keystroke of essay-search -i.
 *
 *   keystrokes INDEX < QUERIES
 *
 * The view searches again after each key that changes the query, in one
 * process, with one open searcher.  This program types each line of its
 * standard input as a person would, one character at a time ("s", "se",
 * "sec", ...), and for each prefix does what the view does before it can
 * draw: essay_search() with the view's options (searcher/interactive.h) and
 * the context of the first hit, one paragraph each side.  It writes the
 * wall time of each, in microseconds, one a line, in the order typed.  A
 * prefix the query language refuses (an unclosed quote) is timed too: the
 * view searches it and says why it fails.
 *
 * Exit status: 0, or 2 when the index cannot be opened or a search fails
 * for another reason than a bad query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "essay.h"
#include "interactive.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Search query[0..len) as the view does; returns 0, or -1 on an error
 * that is not a bad query (said on stderr). */
static int keystroke(essay_searcher *s, const char *query, size_t len,
                     const essay_search_options *opt)
{
    char *prefix = strndup(query, len), *err = NULL;
    essay_results *r = NULL;
    if (prefix == NULL)
        return -1;
    double start = now_us();
    essay_status st = essay_search(s, prefix, opt, &r, &err);
    if (st == ESSAY_OK && essay_results_count(r) > 0)
        st = essay_results_add_context(s, r, 0, 1, 1, &err);
    double end = now_us();
    int rc = 0;
    if (st == ESSAY_OK || st == ESSAY_BAD_QUERY) {
        printf("%.0f\n", end - start);
    } else {
        essay_write_message(stderr, "keystrokes", "'%s': %s", prefix,
                            err ? err : essay_strerror(st));
        rc = -1;
    }
    essay_results_free(r);
    free(err);
    free(prefix);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: keystrokes INDEX < QUERIES\n", stderr);
        return 2;
    }
    essay_searcher *s;
    char *err = NULL;
    essay_status st = essay_searcher_open(argv[1], &s, &err);
    if (st != ESSAY_OK) {
        essay_write_message(stderr, "keystrokes", "%s", err ? err : essay_strerror(st));
        free(err);
        return 2;
    }
    essay_search_options opt = essay_search_defaults();
    opt.limit = INTERACTIVE_HITS;
    opt.snippet_chars = INTERACTIVE_SNIPPET_CHARS;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;
    while (status == 0 && (n = getline(&line, &cap, stdin)) >= 0) {
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        /* each prefix that ends at a character's end: one keystroke */
        for (ssize_t i = 1; status == 0 && i <= n; i++)
            if (i == n || ((unsigned char)line[i] & 0xc0) != 0x80)
                status = keystroke(s, line, (size_t)i, &opt) == 0 ? 0 : 2;
    }
    free(line);
    essay_searcher_close(s);
    return status;
}
