/* fixture.h -- for the unit suites that search a small index of essays they
 * write themselves (test_facets.c, test_kwic.c, test_cite.c): build it from
 * (path, text) pairs, each added as if read from that path; and for those
 * that write essay files (test_sweep.c, test_status.c), write one.
 */
#ifndef ESSAY_TEST_FIXTURE_H
#define ESSAY_TEST_FIXTURE_H

#include <criterion/criterion.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include "private.h"

/* Write 'text' to the file 'path'. */
static inline void fixture_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* Add essays[0..n) to the index at 'index_path' (created if need be; an
 * essay already there is replaced). */
static inline void fixture_index(const char *index_path, const char *const essays[][2], size_t n)
{
    essay_index *ix;
    char *err = NULL;
    cr_assert_eq(essay_index_open(index_path, ESSAY_CREATE, NULL, &ix, &err), ESSAY_OK, "%s",
                 err);
    for (size_t i = 0; i < n; i++) {
        essay_change change;
        size_t paragraphs;
        cr_assert_eq(essay_index_add_buffer(ix, essays[i][0], essays[i][1],
                                            strlen(essays[i][1]), &change, &paragraphs, &err),
                     ESSAY_OK, "%s", err);
    }
    cr_assert_eq(essay_index_close(ix, &err), ESSAY_OK, "%s", err);
}

/* Make the directory 'dir' (a mkdtemp() template), the index of essays[0..n)
 * in it (*index_path, malloc'd) and a searcher of it (*searcher). */
static inline void fixture_open(char *dir, const char *const essays[][2], size_t n,
                                char **index_path, essay_searcher **searcher)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_gt(asprintf(index_path, "%s/index", dir), 0);
    fixture_index(*index_path, essays, n);
    char *err = NULL;
    cr_assert_eq(essay_searcher_open(*index_path, searcher, &err), ESSAY_OK, "%s", err);
}

/* Undo fixture_open(). */
static inline void fixture_close(const char *dir, char *index_path, essay_searcher *searcher)
{
    essay_searcher_close(searcher);
    essay__remove_tree(dir, NULL);
    free(index_path);
}

#endif
