/* search.c -- the smallest program that searches an essay index through
 * libessay, as installed: build it with
 *
 *     cc -o search search.c $(pkg-config --cflags --libs libessay)
 *
 * and run `./search INDEX QUERY...`.  It prints one hit a line: rank, title,
 * path:line.  Like essay-search it exits 0 when something matched, 1 when
 * nothing did, 2 on an error (with the library's message on stderr).
 */
#include <essay.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The words of argv[first..argc) joined by spaces, malloc'd (NULL: no memory). */
static char *join_words(int argc, char **argv, int first)
{
    size_t len = 1;
    for (int i = first; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *query = malloc(len);
    if (query == NULL)
        return NULL;
    query[0] = '\0';
    for (int i = first; i < argc; i++) {
        if (i > first)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    return query;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s INDEX QUERY...\n", argv[0]);
        return 2;
    }
    char *query = join_words(argc, argv, 2);
    if (query == NULL) {
        fprintf(stderr, "search: %s\n", essay_strerror(ESSAY_NOMEM));
        return 2;
    }

    essay_searcher *searcher;
    essay_results *results = NULL;
    char *err = NULL;
    essay_status st = essay_searcher_open(argv[1], &searcher, &err);
    if (st == ESSAY_OK) {
        essay_search_options opt = essay_search_defaults();
        opt.limit = 5;
        st = essay_search(searcher, query, &opt, &results, &err);
    }
    if (st != ESSAY_OK) {
        fprintf(stderr, "search: %s\n", err != NULL ? err : essay_strerror(st));
        free(err);
        essay_searcher_close(searcher);
        free(query);
        return 2;
    }

    size_t count = essay_results_count(results);
    for (size_t i = 0; i < count; i++) {
        const essay_hit *hit = essay_results_hit(results, i);
        printf("%u\t%s\t%s:%u\n", hit->rank, hit->title, hit->path, hit->line);
    }
    essay_results_free(results);
    essay_searcher_close(searcher);
    free(query);
    return count > 0 ? 0 : 1;
}
