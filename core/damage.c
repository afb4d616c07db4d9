/* damage.c -- a damaged index, said in the user's words with the command
 * that mends it.
 *
 * What is missing of an index's databases is indexdir.c's to find (the
 * names on disk, and what their version files say: glassversion.c); what
 * Xapian could not read is in its error.  Either way the message says the
 * index is damaged, why in brackets, and the rebuild that makes it anew:
 * of the index itself, or, for a shard of a sharded index (shard<K> beside
 * the stub file that lists it), of the sharded index, the one a user
 * should run: a shard rebuilt on its own takes the essays of its share
 * only while the record of which shard it is can still be read.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include "private.h"

/* The first file missing in the essay database of the index directory 'dir'. */
static const char *essays_missing(const char *dir)
{
    char *essays = essay__index_file(dir, ESSAY_FILE_ESSAYS);
    const char *missing = essays ? essay__database_missing(essays) : NULL;
    free(essays);
    return missing;
}

/* Say in xe->msg the first file missing in the databases of the index
 * directory 'db_path' ("<whose> file <name> is missing", "<whose> delta's
 * file ..."): its paragraph database and its delta's (delta.c: a whole
 * database or none), with 'with_essays' their essay databases too; 0 when
 * none is. */
static int say_missing(const char *db_path, const char *whose, int with_essays, xc_error *xe)
{
    char *delta = essay__index_file(db_path, ESSAY_FILE_DELTA);
    const char *what = "", *missing = essay__database_missing(db_path);
    if (missing == NULL && with_essays && (missing = essays_missing(db_path)) != NULL)
        what = " essay database's";
    if (missing == NULL && delta && (missing = essay__database_missing(delta)) != NULL)
        what = " delta's";
    if (missing == NULL && delta && with_essays && (missing = essays_missing(delta)) != NULL)
        what = " delta's essay database's";
    free(delta);
    if (missing != NULL)
        snprintf(xe->msg, sizeof xe->msg, "%s%s file %s is missing", whose, what, missing);
    return missing != NULL;
}

/* Whether the index directory 'index_path' (with 'with_essays', its essay
 * database too; a sharded index, each of its shards) lacks a file of its
 * database: 1, said in xe->msg, or 0. */
static int index_missing(const char *index_path, int with_essays, xc_error *xe)
{
    int damaged = say_missing(index_path, "its", with_essays, xe);
    char *stub = damaged ? NULL : essay__stub_of(index_path);
    DIR *d = stub ? opendir(index_path) : NULL;     /* a sharded index: its shards */
    struct dirent *e;
    while (d && !damaged && (e = readdir(d)) != NULL) {
        char *shard = NULL, *whose = NULL;
        if (essay__shard_name(e->d_name)) {
            if (asprintf(&shard, "%s/%s", index_path, e->d_name) < 0)
                shard = NULL;   /* out of memory: what asprintf() leaves is undefined */
            if (asprintf(&whose, "its shard %s's", e->d_name) < 0)
                whose = NULL;
            if (shard != NULL && whose != NULL)
                damaged = say_missing(shard, whose, with_essays, xe);
        }
        free(shard);
        free(whose);
    }
    if (d)
        closedir(d);
    free(stub);
    return damaged;
}

essay_status essay__fail_damaged(char **err, const xc_error *xe, const char *index_path)
{
    const char *what = xe->kind == XC_ERR_CORRUPT || xe->kind == XC_ERR_OTHER ? "is damaged"
                       : xe->kind == XC_ERR_OPENING ? "is damaged or cannot be read" : NULL;
    if (what == NULL)
        return essay__fail_xc(err, xe, index_path);
    const char *reason = xe->msg[0] ? xe->msg : "Xapian gave no reason";
    char *sharded = essay__sharded_of(index_path);
    essay_status st;
    if (sharded != NULL)
        st = essay__fail(err, ESSAY_XAPIAN, "index '%s' %s (%s), a shard of the sharded index "
                         "'%s': rebuild that from the essays with: essay-index --rebuild "
                         "--index %s DIR", index_path, what, reason, sharded, sharded);
    else
        st = essay__fail(err, ESSAY_XAPIAN, "index '%s' %s (%s): rebuild it from the essays "
                         "with: essay-index --rebuild --index %s DIR", index_path, what, reason,
                         index_path);
    free(sharded);
    return st;
}

essay_status essay__index_whole(const char *index_path, int with_essays, char **err)
{
    xc_error xe = { .kind = XC_ERR_CORRUPT };
    return index_missing(index_path, with_essays, &xe)
           ? essay__fail_damaged(err, &xe, index_path) : ESSAY_OK;
}
