/* givenpaths.c -- the corpus paths an update is given, checked before it
 * changes anything: that the index can record them (no newline: it records
 * them one a line), that none is the index directory or inside it (a
 * rebuild replaces it whole), and that one of them at least is there (an
 * update of none would only make an empty index, or put one in place of the
 * index).  update.c and shards.c ask it before they open or make an index.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

essay_status essay__corpus_paths_check(const char *index_path, const char *const *paths,
                                      size_t n, char **err)
{
    char *place = essay__index_place(index_path);
    if (place == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = ESSAY_OK;
    for (size_t i = 0; st == ESSAY_OK && i < n; i++) {
        if (strchr(paths[i], '\n') != NULL) {
            char *shown = malloc(2 * strlen(paths[i]) + 1), *q = shown;
            for (const char *c = paths[i]; shown && *c; c++)
                q = *c == '\n' ? stpcpy(q, "\\n") : (*q = *c, q + 1);
            if (shown)
                *q = '\0';
            st = shown ? essay__fail(err, ESSAY_BAD_ARGUMENT, "corpus path '%s' holds a newline "
                                     "(shown as \\n), which an index cannot record (it records "
                                     "its corpus paths one a line): rename it", shown)
                       : essay__fail(err, ESSAY_NOMEM, "out of memory");
            free(shown);
            continue;
        }
        char *abs = realpath(paths[i], NULL);
        if (abs != NULL && essay__path_under(abs, place))
            st = essay__fail(err, ESSAY_BAD_ARGUMENT, "corpus path '%s' is %sthe index "
                             "directory '%s', which the index replaces whole when it is "
                             "rebuilt: keep the essays outside it", paths[i],
                             strcmp(abs, place) == 0 ? "" : "inside ", index_path);
        free(abs);
    }
    free(place);
    return st;
}

essay_status essay__given_paths_check(const char *const *paths, size_t n, char **err)
{
    struct stat sb;
    for (size_t i = 0; i < n; i++)
        if (stat(paths[i], &sb) == 0)
            return ESSAY_OK;
    char *why = NULL;
    for (size_t i = 0; i < n; i++) {
        char *longer;
        int errnum = stat(paths[i], &sb) == 0 ? 0 : errno;
        if (asprintf(&longer, "%s%s'%s': %s", why ? why : "", why ? "; " : "", paths[i],
                     errnum ? strerror(errnum) : "gone meanwhile") < 0)
            longer = NULL;
        free(why);
        if ((why = longer) == NULL)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    essay_status st = essay__fail(err, ESSAY_BAD_ARGUMENT, "no essays to index: %s; nothing was "
                                  "changed", why);
    free(why);
    return st;
}
