/* status.c -- what an index holds and how it stands: essay_index_status().
 *
 * It only reads, with read-only Xapian databases and no lock, so that it
 * can be asked while the index is searched or updated; a writer's commit
 * in the middle of the reading is met by reading it all again.
 *
 * A plain index is its main database and, while it holds essays the main
 * one does not, its delta (delta.c), opened first as the searcher opens it.
 * Of each: the essays and their bytes from the per-essay records (index.c
 * parses them), the paragraphs from the document count, the words from the
 * essay database's total length (essays.c: each essay's words and title
 * words, wdf 1 each), the corpus paths and the record of the last update
 * (lastupdate.c) from the delta when it is live (it has them all), else
 * from the main database; the size on disk from the files' blocks.
 *
 * A sharded index, or a Xapian stub file that lists indexes, is gathered
 * part by part: each local part as an index of its own (a stub's lines
 * name them relative to its directory), each remote one ("remote ...")
 * named only, since asking a server would make the status as slow as the
 * network.  The whole adds up its local parts; its corpus paths and
 * settings are those of its first local part, which in a sharded index all
 * shards share; its last update is the latest part's, with the records the
 * other parts wrote in the same run (lastupdate.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

/* Tries at a consistent reading, for writers that commit meanwhile. */
#define READ_TRIES 3
/* Stub files listing stub files: how deep they may go. */
#define MAX_STUB_DEPTH 4

/* Bytes the files at 'path' (a tree) take on disk. */
static uint64_t disk_usage(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return 0;
    uint64_t total = (uint64_t)sb.st_blocks * 512;
    DIR *d = S_ISDIR(sb.st_mode) ? opendir(path) : NULL;
    if (d == NULL)
        return total;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *child;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (asprintf(&child, "%s/%s", path, e->d_name) < 0)
            break;
        total += disk_usage(child);
        free(child);
    }
    closedir(d);
    return total;
}

/* ---- a plain index ------------------------------------------------------ */

typedef struct {
    const char *path;
    xc_db *main;
    char *delta_path;
    xc_db *delta;           /* the live delta, or NULL */
} plain_index;

static void plain_close(plain_index *p)
{
    xc_db_close(p->delta);
    xc_db_close(p->main);
    free(p->delta_path);
}

static essay_status plain_open(const char *path, plain_index *p, char **err)
{
    memset(p, 0, sizeof *p);
    p->path = path;
    essay_status whole = essay__index_whole(path, 0, err);
    if (whole != ESSAY_OK)
        return whole;
    if ((p->delta_path = essay__delta_path(path)) == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    struct stat sb;
    if (stat(p->delta_path, &sb) == 0)
        p->delta = xc_db_open(p->delta_path, &xe);     /* none readable: as good as none */
    if ((p->main = xc_db_open(path, &xe)) == NULL) {
        plain_close(p);
        return essay__fail_damaged(err, &xe, path);
    }
    if (p->delta && !essay__delta_live(p->delta, p->main, 0)) {
        xc_db_close(p->delta);
        p->delta = NULL;
    }
    return ESSAY_OK;
}

/* The metadata 'key' of 'db' (a database of the index at 'path') in *value. */
static essay_status metadata(xc_db *db, const char *key, const char *path, char **value,
                             char **err)
{
    xc_error xe;
    if (xc_db_get_metadata(db, key, value, NULL, &xe) != 0)
        return essay__fail_xc(err, &xe, path);
    return ESSAY_OK;
}

/* The metadata 'key' of the index: its live delta's, else its main database's. */
static essay_status newest_metadata(const plain_index *p, const char *key, char **value,
                                    char **err)
{
    essay_status st = metadata(p->delta ? p->delta : p->main, key, p->path, value, err);
    if (st == ESSAY_OK && p->delta && **value == '\0') {
        free(*value);
        st = metadata(p->main, key, p->path, value, err);
    }
    return st;
}

/* The corpus paths 'value' holds, one a line, into *roots[0..*n). */
static essay_status split_lines(const char *value, char ***roots, size_t *n, char **err)
{
    size_t lines = 0;
    for (const char *c = value; *c; c++)
        lines += *c == '\n';
    *n = 0;
    if ((*roots = calloc(lines + 1, sizeof **roots)) == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (const char *line = value; *line;) {
        size_t len = strcspn(line, "\n");
        if (len > 0 && ((*roots)[(*n)++] = strndup(line, len)) == NULL)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        line += len + (line[len] == '\n');
    }
    return ESSAY_OK;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; lines && i < n; i++)
        free(lines[i]);
    free(lines);
}

static essay_status corpus_paths(const plain_index *p, essay_index_info *info, char **err)
{
    char *value = NULL, **roots = NULL;
    size_t n = 0;
    essay_status st = newest_metadata(p, ESSAY_META_ROOTS, &value, err);
    if (st == ESSAY_OK)
        st = split_lines(value, &roots, &n, err);
    free(value);
    if (st == ESSAY_OK && (info->paths = calloc(n ? n : 1, sizeof *info->paths)) == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    struct stat sb;
    for (size_t i = 0; st == ESSAY_OK && i < n; i++) {
        info->paths[i].path = roots[i];
        info->paths[i].present = stat(roots[i], &sb) == 0;
        roots[i] = NULL;
        info->n_paths++;
    }
    free_lines(roots, n);
    return st;
}

typedef struct {
    size_t essays, older, newer;
    uint64_t bytes;
} records_ctx;

static int count_record(const essay_record *rec, void *arg)
{
    records_ctx *c = arg;
    c->essays++;
    c->older += rec->reading < ESSAY_READING;
    c->newer += rec->reading > ESSAY_READING;
    c->bytes += rec->size;
    return 0;
}

/* The essays recorded in 'db' (of the index or delta at 'path'), counted
 * into *c. */
static essay_status count_records(xc_db *db, const char *path, records_ctx *c, char **err)
{
    xc_error xe;
    if (essay__each_record(db, count_record, c, &xe) != 0)
        return essay__fail_xc(err, &xe, path);
    return ESSAY_OK;
}

/* Add the records counted in 'c' to 'info' (with 'delta', its delta's, to
 * its delta_essays too), with those an older and a newer essay-index read. */
static void add_records(essay_index_info *info, const records_ctx *c, int delta)
{
    info->essays += c->essays;
    if (delta)
        info->delta_essays += c->essays;
    info->essay_bytes += c->bytes;
    info->older_essays += c->older;
    info->newer_essays += c->newer;
}

/* The words of the essay database of the index (or delta) at 'path', added
 * to *words; -1 when it has none. */
static essay_status count_words(const char *path, long long *words, char **err)
{
    char *essays = essay__essays_path(path);
    if (essays == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    struct stat sb;
    xc_error xe;
    essay_status st = ESSAY_OK;
    xc_db *db = stat(essays, &sb) == 0 ? xc_db_open(essays, &xe) : NULL;
    unsigned long long length = 0;
    if (db == NULL)
        *words = -1;
    else if (xc_db_total_length(db, &length, &xe) != 0)
        st = essay__fail_xc(err, &xe, essays);
    else if (*words >= 0)
        *words += (long long)length;
    xc_db_close(db);
    free(essays);
    return st;
}

/* Add 'paragraphs' in 'language' to the languages of 'info'; -1 when out of memory. */
static int add_language(essay_index_info *info, const char *language, size_t len,
                        size_t paragraphs)
{
    for (size_t i = 0; i < info->n_languages; i++)
        if (strlen(info->languages[i].language) == len
            && memcmp(info->languages[i].language, language, len) == 0) {
            info->languages[i].paragraphs += paragraphs;
            return 0;
        }
    essay_language_count *grown = realloc(info->languages,
                                          (info->n_languages + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    info->languages = grown;
    if ((grown[info->n_languages].language = strndup(language, len)) == NULL)
        return -1;
    grown[info->n_languages++].paragraphs = paragraphs;
    return 0;
}

typedef struct {
    essay_index_info *info;
    int nomem;
} language_counter;

static int count_language(const char *term, size_t len, unsigned termfreq, void *arg)
{
    language_counter *c = arg;
    size_t plen = strlen(ESSAY_PREFIX_LANG);
    c->nomem = add_language(c->info, term + plen, len - plen, termfreq) != 0;
    return c->nomem;
}

static int by_paragraphs(const void *a, const void *b)
{
    const essay_language_count *x = a, *y = b;
    return x->paragraphs != y->paragraphs ? (x->paragraphs < y->paragraphs ? 1 : -1)
                                          : strcmp(x->language, y->language);
}

/* Add the paragraphs of 'db' in each language (its L terms: index.c) to 'info'. */
static essay_status count_languages(xc_db *db, const char *path, essay_index_info *info,
                                    char **err)
{
    xc_error xe;
    language_counter c = { .info = info };
    if (xc_db_each_term(db, ESSAY_PREFIX_LANG, count_language, &c, &xe) != 0)
        return essay__fail_xc(err, &xe, path);
    if (c.nomem)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (info->n_languages > 1)  /* none: languages is NULL, which qsort may not be given */
        qsort(info->languages, info->n_languages, sizeof *info->languages, by_paragraphs);
    return ESSAY_OK;
}

static essay_status count_paragraphs(xc_db *db, const char *path, size_t *paragraphs, char **err)
{
    unsigned docs = 0;
    xc_error xe;
    if (xc_db_doccount(db, &docs, &xe) != 0)
        return essay__fail_xc(err, &xe, path);
    *paragraphs += docs;
    return ESSAY_OK;
}

static essay_status gather_plain(const char *path, essay_index_info *info, char **err)
{
    plain_index p;
    essay_status st = plain_open(path, &p, err);
    if (st != ESSAY_OK)
        return st;
    char *record = NULL;
    if ((st = metadata(p.main, ESSAY_META_FORMAT, path, &info->format, err)) == ESSAY_OK
        && (st = metadata(p.main, ESSAY_META_LANGUAGE, path, &info->language, err)) == ESSAY_OK
        && (st = metadata(p.main, ESSAY_META_SHARD, path, &info->shard, err)) == ESSAY_OK
        && (st = corpus_paths(&p, info, err)) == ESSAY_OK
        && (st = newest_metadata(&p, ESSAY_META_LAST_UPDATE, &record, err)) == ESSAY_OK)
        st = essay__log_parse(record, &info->last_update, err);
    free(record);
    if (st == ESSAY_OK && info->shard[0] == '\0') {
        free(info->shard);
        info->shard = NULL;
    }
    records_ctx records = { 0 }, delta_records = { 0 };
    if (st == ESSAY_OK && (st = count_records(p.main, path, &records, err)) == ESSAY_OK)
        add_records(info, &records, 0);
    if (st == ESSAY_OK)
        st = count_paragraphs(p.main, path, &info->paragraphs, err);
    if (st == ESSAY_OK)
        st = count_languages(p.main, path, info, err);
    if (st == ESSAY_OK)
        st = count_words(path, &info->words, err);
    if (st == ESSAY_OK && p.delta) {
        info->has_delta = 1;
        if ((st = count_records(p.delta, p.delta_path, &delta_records, err)) == ESSAY_OK
            && (st = count_paragraphs(p.delta, p.delta_path, &info->delta_paragraphs, err))
                   == ESSAY_OK
            && (st = count_languages(p.delta, p.delta_path, info, err)) == ESSAY_OK)
            st = count_words(p.delta_path, &info->words, err);
        add_records(info, &delta_records, 1);
        info->paragraphs += info->delta_paragraphs;
        info->delta_disk_bytes = disk_usage(p.delta_path);
    }
    info->disk_bytes = disk_usage(path);
    plain_close(&p);
    return st;
}

/* ---- a stub file: a sharded index, or indexes listed by hand ------------- */

static essay_status gather(const char *path, int depth, essay_index_info *info, char **err);

/* The last update of 'info', made of its parts' records: the latest, with
 * the others of the same run (a sharded update gives its shards one start). */
static essay_status add_up_updates(essay_index_info *info, char **err)
{
    const essay_update_record *latest = NULL;
    for (size_t i = 0; i < info->n_parts; i++) {
        const essay_update_record *r = &info->parts[i].last_update;
        if (r->kind && (latest == NULL || r->started > latest->started))
            latest = r;
    }
    essay_update_record *sum = &info->last_update;
    if (latest == NULL)
        return ESSAY_OK;
    if ((sum->kind = strdup(latest->kind)) == NULL
        || (sum->skipped_files = calloc(ESSAY_RECORD_MAX_SKIPPED, sizeof *sum->skipped_files))
               == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    sum->started = latest->started;
    for (size_t i = 0; i < info->n_parts; i++) {
        const essay_update_record *r = &info->parts[i].last_update;
        if (r->kind == NULL || r->started != latest->started)
            continue;
        sum->seconds = r->seconds > sum->seconds ? r->seconds : sum->seconds;
        sum->added += r->added;
        sum->updated += r->updated;
        sum->removed += r->removed;
        sum->unchanged += r->unchanged;
        sum->skipped += r->skipped;
        sum->paragraphs += r->paragraphs;
        for (size_t k = 0; k < r->n_skipped_files
                           && sum->n_skipped_files < ESSAY_RECORD_MAX_SKIPPED; k++) {
            essay_skipped_file *f = &sum->skipped_files[sum->n_skipped_files];
            if ((f->path = strdup(r->skipped_files[k].path)) == NULL
                || (f->message = strdup(r->skipped_files[k].message)) == NULL) {
                free(f->path);
                return essay__fail(err, ESSAY_NOMEM, "out of memory");
            }
            sum->n_skipped_files++;
        }
    }
    return ESSAY_OK;
}

/* A copy of the settings and corpus paths of 'part' into 'info'. */
static essay_status copy_settings(const essay_index_info *part, essay_index_info *info,
                                  char **err)
{
    if ((info->format = strdup(part->format)) == NULL
        || (info->language = strdup(part->language)) == NULL
        || (info->paths = calloc(part->n_paths ? part->n_paths : 1, sizeof *info->paths)) == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; i < part->n_paths; i++) {
        if ((info->paths[i].path = strdup(part->paths[i].path)) == NULL)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        info->paths[i].present = part->paths[i].present;
        info->n_paths++;
    }
    return ESSAY_OK;
}

/* Add up the local parts of 'info'. */
static essay_status add_up_parts(essay_index_info *info, char **err)
{
    const essay_index_info *first = NULL;
    for (size_t i = 0; i < info->n_parts; i++) {
        const essay_index_info *part = &info->parts[i];
        if (part->remote)
            continue;
        if (first == NULL)
            first = part;
        info->essays += part->essays;
        info->older_essays += part->older_essays;
        info->newer_essays += part->newer_essays;
        info->paragraphs += part->paragraphs;
        info->words = info->words < 0 || part->words < 0 ? -1 : info->words + part->words;
        info->essay_bytes += part->essay_bytes;
        info->disk_bytes += part->disk_bytes;
        info->delta_essays += part->delta_essays;
        info->delta_paragraphs += part->delta_paragraphs;
        info->delta_disk_bytes += part->delta_disk_bytes;
        info->has_delta |= part->has_delta;
        for (size_t k = 0; k < part->n_languages; k++)
            if (add_language(info, part->languages[k].language,
                             strlen(part->languages[k].language),
                             part->languages[k].paragraphs) != 0)
                return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (info->n_languages > 1)
        qsort(info->languages, info->n_languages, sizeof *info->languages, by_paragraphs);
    essay_status st = first ? copy_settings(first, info, err) : ESSAY_OK;
    if (first == NULL && ((info->format = strdup("")) == NULL
                          || (info->language = strdup("")) == NULL))
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    return st == ESSAY_OK ? add_up_updates(info, err) : st;
}

/* Gather the parts the stub file 'stub' lists (essay__stub_read) into 'info'. */
static essay_status gather_stub(const char *stub, int depth, essay_index_info *info, char **err)
{
    essay_stub listed;
    essay_status st = essay__stub_read(stub, &listed, err);
    if (st != ESSAY_OK)
        return st;
    info->kind = ESSAY_KIND_SHARDED;
    if ((info->parts = calloc(listed.n, sizeof *info->parts)) == NULL)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; st == ESSAY_OK && i < listed.n; i++) {
        essay_index_info *part = &info->parts[info->n_parts++];
        if (!listed.entries[i].remote) {
            st = gather(listed.entries[i].path, depth + 1, part, err);
            continue;
        }
        part->remote = 1;
        part->kind = ESSAY_KIND_SHARDED;
        if ((part->path = strdup(listed.entries[i].path)) == NULL)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    essay__stub_clear(&listed);
    return st == ESSAY_OK ? add_up_parts(info, err) : st;
}

/* ---- the whole ---------------------------------------------------------- */

static void info_clear(essay_index_info *info)
{
    for (size_t i = 0; i < info->n_parts; i++)
        info_clear(&info->parts[i]);
    free(info->parts);
    for (size_t i = 0; i < info->n_paths; i++)
        free(info->paths[i].path);
    free(info->paths);
    for (size_t i = 0; i < info->n_languages; i++)
        free(info->languages[i].language);
    free(info->languages);
    essay__log_record_clear(&info->last_update);
    free(info->path);
    free(info->format);
    free(info->language);
    free(info->shard);
    memset(info, 0, sizeof *info);
}

/* Gather what the index at 'path' holds into 'info' (zeroed). */
static essay_status gather(const char *path, int depth, essay_index_info *info, char **err)
{
    if ((info->path = strdup(path)) == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (depth > MAX_STUB_DEPTH)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s': stub files listing stub files, %d deep",
                           path, depth);
    info->kind = essay_index_kind(path);
    struct stat sb;
    char *stub;
    essay_status st;
    switch (info->kind) {
    case ESSAY_KIND_INDEX:
        return gather_plain(path, info, err);
    case ESSAY_KIND_SHARDED:
        if ((st = essay__index_whole(path, 0, err)) != ESSAY_OK)
            return st;      /* a damaged shard, said as the sharded index's */
        if ((stub = essay__index_file(path, ESSAY_FILE_STUB)) == NULL)
            return essay__fail(err, ESSAY_NOMEM, "out of memory");
        st = gather_stub(stub, depth, info, err);
        free(stub);
        return st;
    case ESSAY_KIND_NONE:
        return essay__fail(err, ESSAY_NO_INDEX, "no index at '%s' yet", path);
    case ESSAY_KIND_OTHER:
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            return gather_stub(path, depth, info, err);
        break;
    }
    return essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' holds no index (neither an index nor a stub "
                       "file listing indexes)", path);
}

essay_status essay_index_status(const char *path, essay_index_info **out, char **err)
{
    *out = NULL;
    essay_index_info *info = calloc(1, sizeof *info);
    if (info == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    essay_status st = ESSAY_XAPIAN;
    for (int tries = 0; st == ESSAY_XAPIAN && tries < READ_TRIES; tries++) {
        if (tries > 0 && err) {
            free(*err);
            *err = NULL;
        }
        info_clear(info);
        st = gather(path, 0, info, err);
    }
    if (st != ESSAY_OK) {
        essay_index_info_free(info);
        return st;
    }
    *out = info;
    return ESSAY_OK;
}

void essay_index_info_free(essay_index_info *info)
{
    if (info == NULL)
        return;
    info_clear(info);
    free(info);
}

/* ---- one recorded list alone, for a watch ------------------------------- */

essay_status essay__recorded_read(const char *path, const char *key, char ***roots, size_t *n,
                                  char **err)
{
    *roots = NULL;
    *n = 0;
    unsigned shards = 0;
    essay_status st = essay_shards_count(path, &shards, err);
    char *first = NULL;
    if (st == ESSAY_OK && shards > 0 && (first = essay__shard_path(path, 0)) == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    plain_index p;
    if (st == ESSAY_OK)
        st = plain_open(first ? first : path, &p, err);
    free(first);
    if (st != ESSAY_OK)
        return st;
    char *value = NULL;
    st = newest_metadata(&p, key, &value, err);
    if (st == ESSAY_OK)
        st = split_lines(value, roots, n, err);
    if (st != ESSAY_OK) {
        free_lines(*roots, *n);
        *roots = NULL;
        *n = 0;
    }
    free(value);
    plain_close(&p);
    return st;
}
