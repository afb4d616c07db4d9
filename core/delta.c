/* delta.c -- recent additions, in a small database beside the main one.
 *
 * Adding an essay to a large Xapian database touches one B-tree leaf per
 * distinct word in each of its tables (postings, positions, spelling): a
 * 95 KB essay wrote some 7,300 blocks of the 100 MB benchmark index.  So an
 * update that only adds essays (or changes essays it added before) writes
 * them to <index>/delta instead: a complete paragraph database of its own,
 * with its essay database, records and spelling data, whose leaves are few.
 * Readers search it together with the main database (Xapian merges the
 * statistics, so scores are those of one database).  Its spelling data holds
 * only the words the main database lacks (index.c): a new word is suggested
 * at once, and a known one is counted again at the fold.
 *
 * Any other update -- one that changes or removes an essay of the main
 * database, forgets a corpus path, or finds the delta grown past a
 * sixteenth of the main database -- first folds the delta into the main
 * database: its documents, essay documents, records, corpus paths, exclude
 * patterns, extensions, record of the last update and spelling data are copied into the
 * main database's transaction, which also records the delta's generation as
 * folded.  One commit of the main database makes the whole update visible;
 * the delta directory is removed after it.  A delta whose generation the main database records as folded
 * (a writer killed before removing it) is ignored by readers and removed by
 * the next writer, as is a delta directory that holds no database yet (its
 * writer killed as it made it).  A reader opens the delta before the main
 * database, so that between a fold's commit and the delta's removal it sees
 * either the old main database and the delta, or the new main database
 * alone.
 *
 * A delta is made under another name and renamed into place, and a folded
 * one renamed away before it is removed, so that a writer killed at any
 * point leaves a whole delta or none (ESSAY_FILE_DELTA_NEW and _GONE, named
 * by indexdir.c).
 *
 * Each update writes one database, so it stays atomic; every essay lives in
 * exactly one of the two.  A sharded index writes no delta (its stub file
 * names the shards only), nor does an update asked not to (a database served
 * by xapian-tcpsrv, which serves the main database alone).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

char *essay__delta_path(const char *index_path)
{
    return essay__index_file(index_path, ESSAY_FILE_DELTA);
}

/* Remove what a writer killed while making or removing a delta left. */
static essay_status remove_leftovers(const char *index_path, char **err)
{
    char *fresh = essay__index_file(index_path, ESSAY_FILE_DELTA_NEW);
    char *gone = essay__index_file(index_path, ESSAY_FILE_DELTA_GONE);
    essay_status st = fresh && gone ? essay__remove_tree(fresh, err)
                                    : essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st == ESSAY_OK)
        st = essay__remove_tree(gone, err);
    free(fresh);
    free(gone);
    return st;
}

/* Remove the delta directory 'path' of 'index_path': renamed first, so that
 * no name is left holding half a delta. */
static essay_status remove_delta(const char *index_path, const char *path, char **err)
{
    char *gone = essay__index_file(index_path, ESSAY_FILE_DELTA_GONE);
    if (gone == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = ESSAY_OK;
    if (rename(path, gone) != 0 && errno != ENOENT)
        st = essay__fail(err, ESSAY_IO, "cannot remove '%s': %s", path, strerror(errno));
    if (st == ESSAY_OK)
        st = essay__remove_tree(gone, err);
    free(gone);
    return st;
}

static unsigned parse_generation(const char *value)
{
    return value ? (unsigned)strtoul(value, NULL, 10) : 0;
}

/* A generation stored under 'key' in a database being written. */
static int wdb_generation(xc_wdb *db, const char *key, unsigned *gen, xc_error *xe)
{
    char *value = NULL;
    if (xc_wdb_get_metadata(db, key, &value, NULL, xe) != 0)
        return -1;
    *gen = parse_generation(value);
    free(value);
    return 0;
}

static void close_other(essay_index *ix)
{
    xc_wdb_abandon(ix->other_essays);   /* only read: nothing to commit */
    xc_wdb_abandon(ix->other);
    ix->other = ix->other_essays = NULL;
}

essay_status essay__delta_open(essay_index *ix, char **err)
{
    ix->use_delta = -1;
    ix->delta_state = ESSAY_DELTA_NONE;
    char *path = essay__delta_path(ix->path);
    if (path == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    struct stat sb;
    essay_status st = ESSAY_OK;
    xc_error xe;
    unsigned gen = 0, folded = 0;
    if ((st = remove_leftovers(ix->path, err)) != ESSAY_OK || stat(path, &sb) != 0)
        goto out;
    if (essay_index_kind(path) == ESSAY_KIND_NONE) {
        st = essay__remove_tree(path, err);     /* its writer was stopped as it made it */
        goto out;
    }
    if ((ix->other = xc_wdb_open(path, 0, &xe)) == NULL
        || wdb_generation(ix->other, ESSAY_META_DELTA, &gen, &xe) != 0
        || wdb_generation(ix->wdb, ESSAY_META_FOLDED, &folded, &xe) != 0
        || essay__essays_open(path, 0, &ix->other_essays, &xe) != 0) {
        st = essay__fail(err, ESSAY_XAPIAN, "the recent additions of index '%s' (%s) cannot be "
                         "read: %s; rebuild the index with essay-index --rebuild", ix->path, path,
                         xe.msg);
        close_other(ix);
    } else if (gen <= folded) {
        close_other(ix);    /* folded in already; its writer was stopped before removing it */
        st = remove_delta(ix->path, path, err);
    } else {
        ix->delta_state = ESSAY_DELTA_BESIDE;
        st = essay__store_repair(ix, ix->other, ix->other_essays, err);
    }
out:
    free(path);
    return st;
}

void essay__delta_choose(essay_index *ix, int use_delta)
{
    ix->use_delta = use_delta;
}

xc_wdb *essay__delta_db(const essay_index *ix)
{
    switch (ix->delta_state) {
    case ESSAY_DELTA_BESIDE:  return ix->other;
    case ESSAY_DELTA_WRITING: return ix->wdb;
    default:                  return NULL;
    }
}

int essay__delta_sizes(const essay_index *ix, unsigned *delta, unsigned *main, xc_error *xe)
{
    *delta = 0;
    xc_wdb *d = essay__delta_db(ix), *m = d == ix->wdb ? ix->other : ix->wdb;
    return (d && xc_wdb_doccount(d, delta, xe) != 0) || xc_wdb_doccount(m, main, xe) != 0 ? -1 : 0;
}

/* ---- creating the delta ------------------------------------------------- */

static int copy_metadata(xc_wdb *from, xc_wdb *to, const char *key, xc_error *xe)
{
    char *value = NULL;
    size_t len;
    int rc = xc_wdb_get_metadata(from, key, &value, &len, xe) == 0
             && xc_wdb_set_metadata(to, key, value, len, xe) == 0 ? 0 : -1;
    free(value);
    return rc;
}

/* A new delta in ix->other, with the main database's format, language,
 * corpus paths, exclude patterns, extensions and record of the last update
 * (lastupdate.c), and the generation after the last one folded: made and
 * committed under another name, then renamed into place. */
static essay_status create_delta(essay_index *ix, char **err)
{
    char *path = essay__delta_path(ix->path), *fresh = essay__index_file(ix->path, ESSAY_FILE_DELTA_NEW);
    if (path == NULL || fresh == NULL) {
        free(path);
        free(fresh);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    essay_status st = essay__remove_tree(fresh, err);
    xc_error xe;
    unsigned folded = 0;
    char gen[16];
    xc_wdb *made = NULL, *made_essays = NULL;
    if (st == ESSAY_OK
        && ((made = xc_wdb_open(fresh, XC_OVERWRITE, &xe)) == NULL
            || wdb_generation(ix->wdb, ESSAY_META_FOLDED, &folded, &xe) != 0
            || xc_wdb_set_metadata(made, ESSAY_META_DELTA, gen,
                                   (size_t)snprintf(gen, sizeof gen, "%u", folded + 1), &xe) != 0
            || copy_metadata(ix->wdb, made, ESSAY_META_FORMAT, &xe) != 0
            || copy_metadata(ix->wdb, made, ESSAY_META_LANGUAGE, &xe) != 0
            || copy_metadata(ix->wdb, made, ESSAY_META_ROOTS, &xe) != 0
            || copy_metadata(ix->wdb, made, ESSAY_META_EXCLUDE, &xe) != 0
            || copy_metadata(ix->wdb, made, ESSAY_META_EXTENSIONS, &xe) != 0
            || copy_metadata(ix->wdb, made, ESSAY_META_LAST_UPDATE, &xe) != 0
            || essay__names_mark_listed(made, &xe) != 0
            || (ix->essays && essay__essays_open(fresh, XC_OVERWRITE, &made_essays, &xe) != 0)
            || xc_wdb_close(made_essays, &xe) != 0)) {
        made_essays = NULL;
        st = essay__fail_xc(err, &xe, path);
    }
    if (st == ESSAY_OK) {
        int rc = xc_wdb_close(made, &xe);
        made = NULL;
        if (rc != 0)
            st = essay__fail_xc(err, &xe, path);
        else if (rename(fresh, path) != 0)
            st = essay__fail(err, ESSAY_IO, "cannot create '%s': %s", path, strerror(errno));
    }
    xc_wdb_abandon(made);
    if (st != ESSAY_OK)
        essay__remove_tree(fresh, NULL);    /* a full disk: give its space back now */
    if (st == ESSAY_OK
        && ((ix->other = xc_wdb_open(path, 0, &xe)) == NULL
            || (ix->essays && essay__essays_open(path, 0, &ix->other_essays, &xe) != 0))) {
        st = essay__fail_xc(err, &xe, path);
        close_other(ix);
    }
    free(path);
    free(fresh);
    return st;
}

static void swap_databases(essay_index *ix)
{
    xc_wdb *wdb = ix->wdb, *essays = ix->essays;
    ix->wdb = ix->other;
    ix->essays = ix->other_essays;
    ix->other = wdb;
    ix->other_essays = essays;
}

/* ---- folding the delta into the main database --------------------------- */

typedef struct {
    essay_index *ix;
    xc_wdb *to;
    int count_spelling;     /* paragraphs: add their spelling data to ix's, key their copies */
    int journal;            /* essay documents: note each in ix's journal (store.c) */
    int failed;             /* out of memory */
    xc_error *xe;
} fold_ctx;

static int fold_document(const xc_doc *doc, void *arg)
{
    fold_ctx *c = arg;
    if ((c->count_spelling ? essay__copies_add(c->to, doc, 0, c->xe)
                           : xc_wdb_add(c->to, doc, NULL, c->xe)) != 0)
        return 1;
    size_t len;
    const char *id = c->journal ? xc_doc_value(doc, ESSAY_SLOT_ESSAY, &len) : NULL;
    if ((c->count_spelling && essay__store_count_paragraph(c->ix, doc, 1) != 0)
        || (id && essay__store_note(c->ix, id, len) != ESSAY_OK)) {
        c->failed = 1;
        xc_error_set(c->xe, XC_ERR_NOMEM, "out of memory");
    }
    return c->failed;
}

static int fold_record(const char *key, size_t len, void *arg)
{
    fold_ctx *c = arg;
    char k[64];
    if (len >= sizeof k)
        return 0;   /* not a record index.c writes */
    memcpy(k, key, len);
    k[len] = '\0';
    if (copy_metadata(c->ix->other, c->to, k, c->xe) != 0)
        c->failed = 1;
    return c->failed;
}

/* Copy everything of the delta (ix->other) into the main database's
 * transaction (ix->wdb), and record its generation as folded. */
static int fold(essay_index *ix, xc_error *xe)
{
    unsigned gen;
    fold_ctx paragraphs = { .ix = ix, .to = ix->wdb, .count_spelling = 1, .xe = xe };
    fold_ctx essays = { .ix = ix, .to = ix->essays, .journal = 1, .xe = xe };
    fold_ctx records = { .ix = ix, .to = ix->wdb, .xe = xe };
    char value[16];
    if (wdb_generation(ix->other, ESSAY_META_DELTA, &gen, xe) != 0
        || xc_wdb_each_document(ix->other, "", fold_document, &paragraphs, xe) != 0
        || paragraphs.failed
        || (ix->essays && ix->other_essays
            && xc_wdb_each_document(ix->other_essays, "", fold_document, &essays, xe) != 0)
        || xc_wdb_each_metadata_key(ix->other, ESSAY_META_ESSAY, fold_record, &records, xe) != 0
        || records.failed
        || copy_metadata(ix->other, ix->wdb, ESSAY_META_ROOTS, xe) != 0
        || copy_metadata(ix->other, ix->wdb, ESSAY_META_EXCLUDE, xe) != 0
        || copy_metadata(ix->other, ix->wdb, ESSAY_META_EXTENSIONS, xe) != 0
        || copy_metadata(ix->other, ix->wdb, ESSAY_META_LAST_UPDATE, xe) != 0
        || essay__names_fold(ix->other, ix->wdb, xe) != 0)
        return -1;
    return xc_wdb_set_metadata(ix->wdb, ESSAY_META_FOLDED, value,
                               (size_t)snprintf(value, sizeof value, "%u", gen), xe);
}

essay_status essay__delta_writable(essay_index *ix, char **err)
{
    if (ix->dry_run || ix->rebuild_path)
        return ESSAY_OK;
    if (ix->use_delta < 0)
        ix->use_delta = 0;
    xc_error xe;
    if (!ix->use_delta && ix->delta_state == ESSAY_DELTA_BESIDE) {
        if (fold(ix, &xe) != 0)
            return essay__fail_xc(err, &xe, ix->path);
        close_other(ix);
        ix->delta_state = ESSAY_DELTA_FOLDED;
    } else if (ix->use_delta && ix->delta_state != ESSAY_DELTA_WRITING) {
        if (ix->delta_state == ESSAY_DELTA_NONE) {
            essay_status st = create_delta(ix, err);
            if (st != ESSAY_OK)
                return st;
        }
        swap_databases(ix);
        ix->delta_state = ESSAY_DELTA_WRITING;
    }
    return ESSAY_OK;
}

void essay__delta_committed(essay_index *ix)
{
    if (ix->delta_state != ESSAY_DELTA_FOLDED)
        return;
    char *path = essay__delta_path(ix->path);
    if (path)
        remove_delta(ix->path, path, NULL);     /* left behind, it is ignored and removed later */
    free(path);
    ix->delta_state = ESSAY_DELTA_NONE;
}

/* ---- reading ------------------------------------------------------------ */

int essay__delta_live(xc_db *delta, xc_db *db, size_t main_part)
{
    char *gen = NULL, *folded = NULL;
    xc_error xe;
    int live = xc_db_get_metadata(delta, ESSAY_META_DELTA, &gen, NULL, &xe) == 0
               && xc_db_part_metadata(db, main_part, ESSAY_META_FOLDED, &folded, NULL, &xe) == 0
               && parse_generation(gen) > parse_generation(folded);
    free(gen);
    free(folded);
    return live;
}
