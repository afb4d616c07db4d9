/* output.c -- write search results for people (text, with or without
 * colour) and for scripts (JSON, JSON lines, paths), and the errors met
 * answering a query for scripts (JSON).
 *
 * Essay text is untrusted: an essay may carry escape sequences, bells,
 * carriage returns or bidirectional overrides.  The text writer replaces
 * every control character (C0, DEL, and the C1 range U+0080..U+009F that
 * some terminals obey), bidi control and line separator with U+FFFD
 * (display.c), but for the line feed that ends a heading at the top of a
 * paragraph (essayfile.c), which starts a new line of the snippet.  JSON is
 * written by jansson, which escapes C0; the others it passes through raw,
 * so we escape those in its output as \u007f, \u0080, \u202e...
 *
 * The JSON schema (documented in essay-search(1) and the README):
 *   {"query": str, "error": null, "total": int, "hits": [hit...],
 *    "suggestion": str|null, "corrected": str|null, "relaxed": bool}
 *   hit: {"rank", "score", "path", "line", "paragraph", "title", "author",
 *         "date", "snippet", "highlights": [[start, end]...], "text"}
 * with highlight offsets in bytes of "snippet"; "text" and "snippet" begin
 * with the headings over the paragraph, if any, each ended by "\n".  A hit
 * whose context was read (essay-search -C) also has "before" and "after":
 * [{"line": int, "text": str}...], the paragraphs around it in order.  An
 * error is the same object with "error": {"message": str, "kind": str}, no
 * hits and a total of 0; in JSON lines, {"query", "error"}.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "private.h"

#define COLOR_TITLE     "\033[1m"
#define COLOR_PATH      "\033[35m"
#define COLOR_LINE      "\033[32m"
#define COLOR_MATCH     "\033[1;31m"
#define COLOR_DIM       "\033[2m"
#define COLOR_RESET     "\033[0m"

/* Write snippet bytes text[0..len) safely, each line feed (the end of a
 * heading over the paragraph: see essayfile.c) as a new line indented like
 * the snippet. */
static void write_snippet(FILE *out, const char *text, size_t len)
{
    const char *line_feed;
    while ((line_feed = memchr(text, '\n', len)) != NULL) {
        essay__write_safe(out, text, (size_t)(line_feed - text));
        fputs("\n   ", out);
        len -= (size_t)(line_feed - text) + 1;
        text = line_feed + 1;
    }
    essay__write_safe(out, text, len);
}

/* The path to show a person: relative to the current directory when under it. */
static const char *display_path(const char *path, const char *cwd)
{
    size_t n = strlen(cwd);
    if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* The paragraphs ctx[0..n) beside a hit, each "LINE- text" on lines of its
 * own, dimmed; those 'after' the snippet begin their line, those before it
 * end theirs, so that the snippet's line begins indented. */
static void write_neighbours(FILE *out, const essay_neighbour *ctx, size_t n, int after,
                             int color)
{
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%s%s%u- ", after ? "   " : "", color ? COLOR_DIM : "", ctx[i].line);
        write_snippet(out, ctx[i].text, strlen(ctx[i].text));
        fprintf(out, "%s%s", color ? COLOR_RESET : "", after ? "\n" : "\n   ");
    }
}

/* Hit 'i' of 'r': rank, title, author, date, path:line and the snippet; with
 * its context read, the paragraphs before and after it around the snippet,
 * which is then "LINE: snippet", as grep -C marks the matching line. */
static void write_text_hit(FILE *out, const essay_results *r, size_t i, int color,
                           const char *cwd)
{
    const essay_hit *h = essay_results_hit(r, i);
    size_t n_before, n_after;
    const essay_neighbour *before = essay_results_before(r, i, &n_before);
    const essay_neighbour *after = essay_results_after(r, i, &n_after);
    fprintf(out, "%s%u.%s ", color ? COLOR_DIM : "", h->rank, color ? COLOR_RESET : "");
    if (color)
        fputs(COLOR_TITLE, out);
    essay_write_safe(out, h->title);
    if (color)
        fputs(COLOR_RESET, out);
    if (h->author) {
        fputs(" \xe2\x80\x94 ", out);   /* em dash */
        essay_write_safe(out, h->author);
    }
    if (h->date) {
        fputs(" (", out);
        essay_write_safe(out, h->date);
        fputs(")", out);
    }
    fputs("\n   ", out);
    if (color)
        fputs(COLOR_PATH, out);
    essay_write_safe(out, display_path(h->path, cwd));
    fprintf(out, "%s:%s%u%s\n   ", color ? COLOR_RESET : "", color ? COLOR_LINE : "", h->line,
            color ? COLOR_RESET : "");
    write_neighbours(out, before, n_before, 0, color);
    if (essay__results_has_context(r, i))
        fprintf(out, "%u: ", h->line);
    size_t at = 0;
    for (size_t k = 0; k < h->n_highlights; k++) {
        const essay_span *sp = &h->highlights[k];
        write_snippet(out, h->snippet + at, sp->start - at);
        if (color)
            fputs(COLOR_MATCH, out);
        write_snippet(out, h->snippet + sp->start, sp->end - sp->start);
        if (color)
            fputs(COLOR_RESET, out);
        at = sp->end;
    }
    write_snippet(out, h->snippet + at, strlen(h->snippet + at));
    fputc('\n', out);
    write_neighbours(out, after, n_after, 1, color);
    fputc('\n', out);
}

/* ---- JSON ---------------------------------------------------------------- */

/* A JSON string for UTF-8 'text'; invalid UTF-8 (which the indexer never
 * stores but in a path) falls back to a string with the bad bytes replaced. */
static json_t *json_text(const char *text)
{
    if (text == NULL)
        return json_null();
    json_t *s = json_string(text);
    if (s != NULL)
        return s;
    char *copy = essay_utf8_repair(text);
    if (copy == NULL)
        return NULL;
    s = json_string(copy);
    free(copy);
    return s;
}

/* [{"line", "text"}...] of the paragraphs ctx[0..n) beside a hit. */
static json_t *json_neighbours(const essay_neighbour *ctx, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        json_array_append_new(list, json_pack("{s:I, s:o}", "line", (json_int_t)ctx[i].line,
                                               "text", json_text(ctx[i].text)));
    return list;
}

/* Hit 'i' of 'r', with "before" and "after" when its context was read. */
static json_t *json_hit(const essay_results *r, size_t i)
{
    const essay_hit *h = essay_results_hit(r, i);
    json_t *spans = json_array();
    for (size_t k = 0; spans && k < h->n_highlights; k++)
        json_array_append_new(spans, json_pack("[II]", (json_int_t)h->highlights[k].start,
                                               (json_int_t)h->highlights[k].end));
    json_t *hit = json_pack("{s:I, s:f, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
                            "rank", (json_int_t)h->rank, "score", h->score,
                            "path", json_text(h->path), "line", (json_int_t)h->line,
                            "paragraph", (json_int_t)h->paragraph, "title", json_text(h->title),
                            "author", json_text(h->author), "date", json_text(h->date),
                            "snippet", json_text(h->snippet), "highlights", spans,
                            "text", json_text(h->text));
    if (hit != NULL && essay__results_has_context(r, i)) {
        size_t n_before, n_after;
        const essay_neighbour *before = essay_results_before(r, i, &n_before);
        const essay_neighbour *after = essay_results_after(r, i, &n_after);
        if (json_object_set_new(hit, "before", json_neighbours(before, n_before)) != 0
            || json_object_set_new(hit, "after", json_neighbours(after, n_after)) != 0) {
            json_decref(hit);
            return NULL;
        }
    }
    return hit;
}

/* jansson passes DEL, C1, bidi controls and line separators through raw:
 * escape them after dumping (display.c). */
static void write_json_line(FILE *out, json_t *value)
{
    char *dump = json_dumps(value, JSON_COMPACT);
    if (dump == NULL)
        return;
    essay__write_json(out, dump);
    fputc('\n', out);
    free(dump);
}

/* ---- entry point --------------------------------------------------------- */

essay_status essay_results_write(const essay_results *r, const char *query, essay_output format,
                                 int color, FILE *out)
{
    size_t n = essay_results_count(r);
    switch (format) {
    case ESSAY_OUTPUT_TEXT: {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) == NULL)
            cwd[0] = '\0';
        for (size_t i = 0; i < n; i++)
            write_text_hit(out, r, i, color, cwd);
        break;
    }
    case ESSAY_OUTPUT_JSON: {
        json_t *hits = json_array();
        for (size_t i = 0; hits && i < n; i++)
            json_array_append_new(hits, json_hit(r, i));
        json_t *doc = json_pack("{s:o, s:n, s:I, s:o, s:o, s:o, s:b}", "query",
                                json_text(query), "error",
                                "total", (json_int_t)essay_results_estimate(r), "hits", hits,
                                "suggestion", json_text(essay_results_suggestion(r)),
                                "corrected", json_text(essay_results_corrected(r)),
                                "relaxed", essay_results_relaxed(r));
        if (doc == NULL)
            return ESSAY_NOMEM;
        write_json_line(out, doc);
        json_decref(doc);
        break;
    }
    case ESSAY_OUTPUT_JSONL:
        for (size_t i = 0; i < n; i++) {
            json_t *hit = json_hit(r, i);
            if (hit == NULL)
                return ESSAY_NOMEM;
            write_json_line(out, hit);
            json_decref(hit);
        }
        break;
    case ESSAY_OUTPUT_PATHS:
        for (size_t i = 0; i < n; i++) {
            const char *path = essay_results_hit(r, i)->path;
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = strcmp(essay_results_hit(r, j)->path, path) == 0;
            if (!seen) {
                essay_write_safe(out, path);
                fputc('\n', out);
            }
        }
        break;
    }
    return ferror(out) ? ESSAY_IO : ESSAY_OK;
}

essay_status essay_error_write(const char *query, size_t query_len, const char *kind,
                               const char *message, essay_output format, FILE *out)
{
    if (format != ESSAY_OUTPUT_JSON && format != ESSAY_OUTPUT_JSONL)
        return ESSAY_OK;
    /* A query holding NUL bytes keeps them (as \u0000); one that is not
     * UTF-8 is repaired, as far as its first NUL. */
    json_t *q = query ? json_stringn(query, query_len) : json_null();
    if (q == NULL)
        q = json_text(query);
    json_t *error = json_pack("{s:o, s:s}", "message", json_text(message), "kind", kind);
    json_t *doc = format == ESSAY_OUTPUT_JSONL
        ? json_pack("{s:o, s:o}", "query", q, "error", error)
        : json_pack("{s:o, s:o, s:i, s:[], s:n, s:n, s:b}", "query", q, "error", error,
                    "total", 0, "hits", "suggestion", "corrected", "relaxed", 0);
    if (doc == NULL)
        return ESSAY_NOMEM;
    write_json_line(out, doc);
    json_decref(doc);
    return ferror(out) ? ESSAY_IO : ESSAY_OK;
}
