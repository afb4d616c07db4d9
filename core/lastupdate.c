/* lastupdate.c -- the record of an index's last update, kept in the index.
 *
 * Each update that changes the index -- adds, re-indexes or removes essays,
 * changes the remembered corpus paths, builds or rebuilds it, forgets a
 * path -- or skips files writes a record of itself under the metadata key
 * ESSAY_META_LAST_UPDATE of the database it writes, in the transaction its
 * commit makes visible: the record cannot say more or less than the index
 * holds.  An update stopped before its commit leaves the record of the one
 * before; one that changes nothing and skips nothing writes nothing, this
 * record included.  The delta (delta.c) carries the record as it carries the
 * corpus paths: copied from the main database when the delta is made,
 * copied back when it is folded, so the live delta's is the newest.  In a
 * sharded index each shard records its own part of an update (the walk's
 * errors in shard 0), all with the time the sharded update started
 * (essay_index.run_started), so that essay_index_status() can add up the
 * shards of one run.
 *
 * update.c calls essay__log_begin() as an update starts, which routes the
 * update's reports through here to gather the skipped files, and
 * essay__log_write() before its commit.  status.c reads the record back
 * with essay__log_parse().  This file alone knows its format, JSON:
 *
 *   {"kind": "build"|"rebuild"|"update"|"forget", "started": seconds since
 *    the Epoch (to the microsecond: it tells a run of a sharded update), "seconds": duration, "added", "updated", "removed",
 *    "unchanged", "skipped", "paragraphs": counts,
 *    "skipped_files": [{"path", "message"}...]}   (at most ESSAY_RECORD_MAX_SKIPPED)
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "private.h"

static double elapsed(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

/* The report of the logged update: keep a skipped file, then pass it on. */
static void log_report(const char *path, essay_change change, size_t bytes, const char *error,
                       void *ctx)
{
    essay_update_log *log = ctx;
    if (change == ESSAY_SKIPPED && log->n_skipped < ESSAY_RECORD_MAX_SKIPPED) {
        char *p = essay_utf8_repair(path), *m = essay_utf8_repair(error ? error : "skipped");
        if (p && m) {
            log->skipped[log->n_skipped].path = p;
            log->skipped[log->n_skipped].message = m;
            log->n_skipped++;
        } else {
            free(p);
            free(m);
        }
    }
    if (log->caller->report)
        log->caller->report(path, change, bytes, error, log->caller->ctx);
}

/* The plan of the logged update, passed on (the options' ctx is the log's). */
static void log_planned(size_t files, size_t bytes, void *ctx)
{
    const essay_update_log *log = ctx;
    log->caller->planned(files, bytes, log->caller->ctx);
}

/* A notice of the logged update (a warning, a gone path), passed on. */
static void log_notice(const essay_notice *notice, void *ctx)
{
    const essay_update_log *log = ctx;
    log->caller->notice(notice, log->caller->ctx);
}

const essay_update_options *essay__log_begin(essay_update_log *log, const essay_index *ix,
                                             const essay_update_options *opt)
{
    memset(log, 0, sizeof *log);
    log->caller = opt;
    log->opt = *opt;
    log->opt.report = log_report;
    log->opt.planned = opt->planned ? log_planned : NULL;
    log->opt.notice = opt->notice ? log_notice : NULL;
    log->opt.ctx = log;
    log->started = ix->run_started ? ix->run_started : essay__time_now();
    clock_gettime(CLOCK_MONOTONIC, &log->clock);
    return &log->opt;
}

void essay__log_clear(essay_update_log *log)
{
    for (size_t i = 0; i < log->n_skipped; i++) {
        free(log->skipped[i].path);
        free(log->skipped[i].message);
    }
    log->n_skipped = 0;
}

/* Write 'text' (UTF-8) to 'out' as a JSON string, as jansson escapes it. */
static void put_string(FILE *out, const char *text)
{
    json_t *s = json_string(text);
    char *dump = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
    fputs(dump ? dump : "\"\"", out);
    free(dump);
    json_decref(s);
}

/* Write 'seconds' (>= 0) to 'out' as a JSON number, to the microsecond,
 * whatever decimal point the locale has. */
static void put_seconds(FILE *out, double seconds)
{
    long long us = (long long)(seconds * 1e6 + 0.5);
    fprintf(out, "%lld.%06lld", us / 1000000, us % 1000000);
}

/* The record of 'log' as JSON text, malloc'd; NULL when out of memory.  It is
 * written out here, not built as a jansson object: an object would have
 * jansson seed its hash from /dev/urandom, a file outside the corpus and
 * the index that the indexer would then open on every update. */
static char *record_text(const essay_update_log *log, const char *kind,
                         const essay_update_summary *sum)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return NULL;
    fprintf(out, "{\"kind\":\"%s\",\"started\":", kind);
    put_seconds(out, log->started);
    fputs(",\"seconds\":", out);
    put_seconds(out, elapsed(&log->clock));
    fprintf(out, ",\"added\":%zu,\"updated\":%zu,\"removed\":%zu,\"unchanged\":%zu,"
            "\"skipped\":%zu,\"paragraphs\":%zu,\"skipped_files\":[", sum->added, sum->updated,
            sum->removed, sum->unchanged, sum->skipped, sum->paragraphs);
    for (size_t i = 0; i < log->n_skipped; i++) {
        fputs(i ? ",{\"path\":" : "{\"path\":", out);
        put_string(out, log->skipped[i].path);
        fputs(",\"message\":", out);
        put_string(out, log->skipped[i].message);
        fputc('}', out);
    }
    fputs("]}", out);
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

essay_status essay__log_write(essay_index *ix, const essay_update_log *log, const char *kind,
                              const essay_update_summary *sum, int changed, char **err)
{
    if (ix->dry_run || !(changed || ix->rebuild_path || sum->added || sum->updated
                         || sum->removed || sum->skipped))
        return ESSAY_OK;
    if (ix->rebuild_path)
        kind = essay_index_kind(ix->path) == ESSAY_KIND_NONE ? "build" : "rebuild";
    char *text = record_text(log, kind, sum);
    if (text == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    essay_status st = essay__delta_writable(ix, err);
    if (st == ESSAY_OK
        && essay__store_put_last_update(ix->wdb, text, &xe) != 0)
        st = essay__fail_xc(err, &xe, ix->path);
    free(text);
    return st;
}

/* ---- reading it back ---------------------------------------------------- */

static size_t count_of(const json_t *j, const char *key)
{
    json_int_t n = json_integer_value(json_object_get(j, key));
    return n > 0 ? (size_t)n : 0;
}

static char *string_of(const json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    return strdup(s ? s : "");
}

essay_status essay__log_parse(const char *text, essay_update_record *rec, char **err)
{
    memset(rec, 0, sizeof *rec);
    if (text == NULL || text[0] == '\0')
        return ESSAY_OK;    /* none recorded */
    json_t *j = json_loads(text, 0, NULL);
    const char *kind = json_string_value(json_object_get(j, "kind"));
    if (kind == NULL) {
        json_decref(j);
        return essay__fail(err, ESSAY_INCOMPATIBLE, "the record of the last update is not one "
                           "this version writes");
    }
    json_t *files = json_object_get(j, "skipped_files");
    size_t n = json_array_size(files);
    rec->kind = strdup(kind);
    rec->started = json_number_value(json_object_get(j, "started"));
    rec->seconds = json_number_value(json_object_get(j, "seconds"));
    rec->added = count_of(j, "added");
    rec->updated = count_of(j, "updated");
    rec->removed = count_of(j, "removed");
    rec->unchanged = count_of(j, "unchanged");
    rec->skipped = count_of(j, "skipped");
    rec->paragraphs = count_of(j, "paragraphs");
    rec->skipped_files = calloc(n ? n : 1, sizeof *rec->skipped_files);
    int failed = rec->kind == NULL || rec->skipped_files == NULL;
    for (size_t i = 0; !failed && i < n; i++) {
        essay_skipped_file *f = &rec->skipped_files[rec->n_skipped_files++];
        f->path = string_of(json_array_get(files, i), "path");
        f->message = string_of(json_array_get(files, i), "message");
        failed = f->path == NULL || f->message == NULL;
    }
    json_decref(j);
    if (failed) {
        essay__log_record_clear(rec);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    return ESSAY_OK;
}

void essay__log_record_clear(essay_update_record *rec)
{
    for (size_t i = 0; i < rec->n_skipped_files; i++) {
        free(rec->skipped_files[i].path);
        free(rec->skipped_files[i].message);
    }
    free(rec->skipped_files);
    free(rec->kind);
    memset(rec, 0, sizeof *rec);
}
