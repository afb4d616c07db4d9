/* output.c -- write search results for people (text, with or without
 * colour) and for scripts (JSON, JSON lines, paths).
 *
 * Essay text is untrusted: an essay may carry escape sequences, bells or
 * carriage returns.  The text writer replaces every control character (C0,
 * DEL, and the C1 range U+0080..U+009F that some terminals obey) with U+FFFD
 * (display.c), but for the line feed that ends a heading at the top of a
 * paragraph (essayfile.c), which starts a new line of the snippet.  JSON is
 * written by jansson, which escapes C0; DEL and the C1 range it passes
 * through raw, so we escape those in its output as \u007f, \u0080...
 *
 * The JSON schema (documented in essay-search(1) and the README):
 *   {"query": str, "total": int, "hits": [hit...], "suggestion": str|null,
 *    "corrected": str|null, "relaxed": bool}
 *   hit: {"rank", "score", "path", "line", "paragraph", "title", "author",
 *         "date", "snippet", "highlights": [[start, end]...], "text"}
 * with highlight offsets in bytes of "snippet"; "text" and "snippet" begin
 * with the headings over the paragraph, if any, each ended by "\n".
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

static void write_text_hit(FILE *out, const essay_hit *h, int color, const char *cwd)
{
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
    size_t at = 0;
    for (size_t i = 0; i < h->n_highlights; i++) {
        const essay_span *sp = &h->highlights[i];
        write_snippet(out, h->snippet + at, sp->start - at);
        if (color)
            fputs(COLOR_MATCH, out);
        write_snippet(out, h->snippet + sp->start, sp->end - sp->start);
        if (color)
            fputs(COLOR_RESET, out);
        at = sp->end;
    }
    write_snippet(out, h->snippet + at, strlen(h->snippet + at));
    fputs("\n\n", out);
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

static json_t *json_hit(const essay_hit *h)
{
    json_t *spans = json_array();
    for (size_t i = 0; spans && i < h->n_highlights; i++)
        json_array_append_new(spans, json_pack("[II]", (json_int_t)h->highlights[i].start,
                                               (json_int_t)h->highlights[i].end));
    return json_pack("{s:I, s:f, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "rank", (json_int_t)h->rank, "score", h->score, "path", json_text(h->path),
                     "line", (json_int_t)h->line, "paragraph", (json_int_t)h->paragraph,
                     "title", json_text(h->title), "author", json_text(h->author),
                     "date", json_text(h->date), "snippet", json_text(h->snippet),
                     "highlights", spans, "text", json_text(h->text));
}

/* jansson passes DEL and U+0080..U+009F through raw: escape them after
 * dumping.  In JSON text they can occur only inside strings, where \u007f
 * and \u0080 mean the same. */
static void write_json_line(FILE *out, json_t *value)
{
    char *dump = json_dumps(value, JSON_COMPACT);
    if (dump == NULL)
        return;
    const unsigned char *s = (const unsigned char *)dump;
    for (; *s; s++) {
        if (s[0] == 0x7f) {
            fputs("\\u007f", out);
        } else if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
            fprintf(out, "\\u%04x", s[1]);
            s++;
        } else {
            fputc(*s, out);
        }
    }
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
            write_text_hit(out, essay_results_hit(r, i), color, cwd);
        break;
    }
    case ESSAY_OUTPUT_JSON: {
        json_t *hits = json_array();
        for (size_t i = 0; hits && i < n; i++)
            json_array_append_new(hits, json_hit(essay_results_hit(r, i)));
        json_t *doc = json_pack("{s:o, s:I, s:o, s:o, s:o, s:b}", "query", json_text(query),
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
            json_t *hit = json_hit(essay_results_hit(r, i));
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
