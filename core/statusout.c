/* statusout.c -- write what essay_index_status() gathered: for people, one
 * "name: value" line a fact; for scripts, one JSON object on one line.
 *
 * File names come from the index and the disk and may hold anything: the
 * text shows them as essay_write_safe() does, and JSON escapes them
 * (display.c), a name that is not UTF-8 with its bad bytes replaced.  A
 * corpus path that is gone comes with the command that forgets it, quoted
 * for a POSIX shell.
 *
 * The JSON object (documented in essay-index(1) and the README):
 *   {"index": str, "kind": "index"|"sharded"|"remote", "format": str,
 *    "language": str, "shard": "K/N"|null, "essays", "older_essays", "newer_essays",
 *    "paragraphs": int,
 *    "words": int|null, "essay_bytes", "disk_bytes": int,
 *    "disk_ratio": float|null (disk_bytes / essay_bytes),
 *    "delta": {"essays", "paragraphs", "disk_bytes"}|null,
 *    "paths": [{"path": str, "present": bool, "forget": str|null}],
 *    "last_update": {"kind": str, "started": float (seconds since the Epoch),
 *                    "time": "YYYY-MM-DDTHH:MM:SSZ", "seconds": float,
 *                    "added", "updated", "removed", "unchanged", "skipped",
 *                    "paragraphs": int,
 *                    "skipped_files": [{"path", "message"}]}|null,
 *    "parts": [the same object for each shard or part, without "paths"]}
 * A remote part is {"index": its stub line, "kind": "remote"}.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "private.h"

/* 'text' quoted for a POSIX shell when it needs to be, malloc'd. */
static char *shell_quoted(const char *text)
{
    if (text[0] != '\0' && text[strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_/.,:=+@%-")] == '\0')
        return strdup(text);
    size_t quotes = 0;
    for (const char *c = text; *c; c++)
        quotes += *c == '\'';
    char *q = malloc(strlen(text) + 3 * quotes + 3), *p = q;
    if (q == NULL)
        return NULL;
    *p++ = '\'';
    for (const char *c = text; *c; c++) {
        if (*c == '\'') {
            memcpy(p, "'\\''", 4);
            p += 4;
        } else {
            *p++ = *c;
        }
    }
    *p++ = '\'';
    *p = '\0';
    return q;
}

/* The command that forgets 'path' in the index at 'index', malloc'd. */
static char *forget_command(const char *index, const char *path)
{
    char *qi = shell_quoted(index), *qp = shell_quoted(path), *cmd = NULL;
    if (qi && qp && asprintf(&cmd, "essay-index --index %s --forget %s", qi, qp) < 0)
        cmd = NULL;
    free(qi);
    free(qp);
    return cmd;
}

static double disk_ratio(const essay_index_info *info)
{
    return info->essay_bytes ? (double)info->disk_bytes / (double)info->essay_bytes : 0;
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *json_count(size_t n)
{
    return json_integer((json_int_t)n);
}

static json_t *json_update(const essay_update_record *r)
{
    if (r->kind == NULL)
        return json_null();
    char when[32];
    time_t t = (time_t)r->started;
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
    json_t *files = json_array();
    for (size_t i = 0; files && i < r->n_skipped_files; i++)
        json_array_append_new(files, json_pack("{s:o, s:o}",
                                               "path", essay__json_text(r->skipped_files[i].path),
                                               "message",
                                               essay__json_text(r->skipped_files[i].message)));
    return json_pack("{s:s, s:f, s:s, s:f, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "kind", r->kind, "started", r->started, "time", when,
                     "seconds", r->seconds, "added", json_count(r->added),
                     "updated", json_count(r->updated), "removed", json_count(r->removed),
                     "unchanged", json_count(r->unchanged), "skipped", json_count(r->skipped),
                     "paragraphs", json_count(r->paragraphs), "skipped_files", files);
}

static json_t *json_paths(const essay_index_info *info)
{
    json_t *paths = json_array();
    for (size_t i = 0; paths && i < info->n_paths; i++) {
        const essay_corpus_path *p = &info->paths[i];
        char *forget = p->present ? NULL : forget_command(info->path, p->path);
        json_array_append_new(paths, json_pack("{s:o, s:b, s:o}", "path",
                                               essay__json_text(p->path), "present", p->present,
                                               "forget", essay__json_text(forget)));
        free(forget);
    }
    return paths;
}

/* The object of 'info'; with its corpus paths when 'top'. */
static json_t *json_info(const essay_index_info *info, int top)
{
    if (info->remote)
        return json_pack("{s:o, s:s}", "index", essay__json_text(info->path), "kind", "remote");
    json_t *delta = info->has_delta
                    ? json_pack("{s:o, s:o, s:I}", "essays", json_count(info->delta_essays),
                                "paragraphs", json_count(info->delta_paragraphs),
                                "disk_bytes", (json_int_t)info->delta_disk_bytes)
                    : json_null();
    json_t *languages = json_array();
    for (size_t i = 0; languages && i < info->n_languages; i++)
        json_array_append_new(languages, json_pack("{s:o, s:o}", "language",
                                                   essay__json_text(info->languages[i].language),
                                                   "paragraphs",
                                                   json_count(info->languages[i].paragraphs)));
    json_t *j = json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:o,"
                          " s:o, s:o}",
                          "index", essay__json_text(info->path),
                          "kind", info->kind == ESSAY_KIND_SHARDED ? "sharded" : "index",
                          "format", essay__json_text(info->format),
                          "language", essay__json_text(info->language),
                          "languages", languages,
                          "shard", essay__json_text(info->shard),
                          "essays", json_count(info->essays),
                          "older_essays", json_count(info->older_essays),
                          "newer_essays", json_count(info->newer_essays),
                          "paragraphs", json_count(info->paragraphs),
                          "words", info->words < 0 ? json_null() : json_integer(info->words),
                          "essay_bytes", (json_int_t)info->essay_bytes,
                          "disk_bytes", (json_int_t)info->disk_bytes,
                          "disk_ratio", info->essay_bytes ? json_real(disk_ratio(info))
                                                          : json_null(),
                          "delta", delta, "last_update", json_update(&info->last_update));
    if (j && top)
        json_object_set_new(j, "paths", json_paths(info));
    if (j && info->n_parts) {
        json_t *parts = json_array();
        for (size_t i = 0; parts && i < info->n_parts; i++)
            json_array_append_new(parts, json_info(&info->parts[i], 0));
        json_object_set_new(j, "parts", parts);
    }
    return j;
}

/* ---- text --------------------------------------------------------------- */

/* 'bytes' for people, in decimal units as essay-index's progress shows them. */
static void write_size(FILE *out, uint64_t bytes)
{
    if (bytes < 1000)
        fprintf(out, "%llu bytes", (unsigned long long)bytes);
    else if (bytes < 1000000)
        fprintf(out, "%.1f KB", (double)bytes / 1e3);
    else if (bytes < 1000000000)
        fprintf(out, "%.1f MB", (double)bytes / 1e6);
    else
        fprintf(out, "%.2f GB", (double)bytes / 1e9);
}

static void write_update(FILE *out, const essay_update_record *r)
{
    fputs("last update: ", out);
    if (r->kind == NULL) {
        fputs("none recorded\n", out);
        return;
    }
    char when[32];
    time_t t = (time_t)r->started;
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
    fprintf(out, "%s (%s, %.2f s): %zu added, %zu updated, %zu removed, %zu unchanged, "
            "%zu skipped\n", when, r->kind, r->seconds, r->added, r->updated, r->removed,
            r->unchanged, r->skipped);
    for (size_t i = 0; i < r->n_skipped_files; i++) {
        fputs("skipped: ", out);
        essay_write_safe(out, r->skipped_files[i].message);
        fputc('\n', out);
    }
    if (r->skipped > r->n_skipped_files)
        fprintf(out, "skipped: ... and %zu more\n", r->skipped - r->n_skipped_files);
}

static void write_paths(FILE *out, const essay_index_info *info)
{
    for (size_t i = 0; i < info->n_paths; i++) {
        const essay_corpus_path *p = &info->paths[i];
        fputs("path: ", out);
        essay_write_safe(out, p->path);
        char *forget = p->present ? NULL : forget_command(info->path, p->path);
        if (forget) {
            fputs(" (gone; its essays stay until it is forgotten: ", out);
            essay_write_safe(out, forget);
            fputc(')', out);
        }
        free(forget);
        fputc('\n', out);
    }
    if (info->n_paths == 0)
        fputs("path: none remembered\n", out);
}

/* One line of a shard or part of a stub. */
static void write_part(FILE *out, const essay_index_info *part)
{
    fputs(part->remote ? "remote part: " : "part: ", out);
    essay_write_safe(out, part->path);
    if (!part->remote) {
        fprintf(out, ": %zu essays, %zu paragraphs, ", part->essays, part->paragraphs);
        write_size(out, part->disk_bytes);
        fputs(" on disk", out);
        if (part->has_delta)
            fprintf(out, ", %zu essays in its delta", part->delta_essays);
    }
    fputc('\n', out);
}

static void write_text(FILE *out, const essay_index_info *info)
{
    size_t remote = 0;
    for (size_t i = 0; i < info->n_parts; i++)
        remote += info->parts[i].remote;
    fputs("index: ", out);
    essay_write_safe(out, info->path);
    if (info->kind == ESSAY_KIND_SHARDED)
        fprintf(out, " (%zu parts%s)", info->n_parts, remote ? ", some remote" : "");
    fputc('\n', out);
    fputs("format: ", out);
    essay_write_safe(out, info->format);
    fputs(", stemming ", out);
    essay_write_safe(out, info->language);
    if (info->shard)
        fprintf(out, ", shard %s", info->shard);
    fputc('\n', out);
    if (info->n_languages > 1 || (info->n_languages == 1
                                  && strcmp(info->languages[0].language, info->language) != 0)) {
        fputs("languages:", out);
        for (size_t i = 0; i < info->n_languages; i++) {
            fputs(i ? ", " : " ", out);
            essay_write_safe(out, info->languages[i].language);
            fprintf(out, " (%zu paragraph%s)", info->languages[i].paragraphs,
                    info->languages[i].paragraphs == 1 ? "" : "s");
        }
        fputc('\n', out);
    }
    fprintf(out, "essays: %zu (", info->essays);
    write_size(out, info->essay_bytes);
    fprintf(out, ")\n");
    if (info->older_essays)
        fprintf(out, "older essays: %zu indexed by an older essay-index; the next update reads "
                "them again\n", info->older_essays);
    if (info->newer_essays)
        fprintf(out, "newer essays: %zu indexed by a newer essay-index, which this one cannot "
                "update (rebuild it with this one: essay-index --index %s --rebuild)\n",
                info->newer_essays, info->path);
    fprintf(out, "paragraphs: %zu\n", info->paragraphs);
    if (info->words >= 0)
        fprintf(out, "words: %lld\n", info->words);
    fputs("on disk: ", out);
    write_size(out, info->disk_bytes);
    if (info->essay_bytes)
        fprintf(out, ", %.1f times the essays", disk_ratio(info));
    fputc('\n', out);
    if (info->has_delta) {
        fprintf(out, "delta: %zu essays, %zu paragraphs, ", info->delta_essays,
                info->delta_paragraphs);
        write_size(out, info->delta_disk_bytes);
        fputs(" on disk (recent additions, searched with the rest)\n", out);
    } else {
        fputs("delta: none\n", out);
    }
    write_paths(out, info);
    write_update(out, &info->last_update);
    for (size_t i = 0; i < info->n_parts; i++)
        write_part(out, &info->parts[i]);
}

essay_status essay_index_info_write(const essay_index_info *info, essay_output format,
                                    FILE *out)
{
    if (format == ESSAY_OUTPUT_TEXT) {
        write_text(out, info);
    } else if (format == ESSAY_OUTPUT_JSON) {
        json_t *j = json_info(info, 1);
        char *dump = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        if (dump == NULL)
            return ESSAY_NOMEM;
        essay__write_json(out, dump);
        fputc('\n', out);
        free(dump);
    } else {
        return ESSAY_BAD_ARGUMENT;
    }
    return fflush(out) == 0 && !ferror(out) ? ESSAY_OK : ESSAY_IO;
}
