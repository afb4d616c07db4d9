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
 * Hits are written as they come (essay_results_write_stream() reads them
 * one at a time with essay_results_next()), the JSON object too: its head
 * and tail are written around them, so that memory stays flat however many
 * there are.
 *
 * The JSON schema (documented in essay-search(1) and the README):
 *   {"query": str, "error": null, "total": int, "hits": [hit...],
 *    "suggestion": str|null, "corrected": str|null, "asked_of": str|null,
 *    "relaxed": bool, "unrecorded": [{"field": "author"|"year"|"date", "value": str,
 *    "recorded": int, "essays": int}...], "unfiltered": str|null}
 *   hit: {"rank", "score", "path", "line", "paragraph", "anchor", "copies", "title",
 *         "author", "date", "language", "snippet", "highlights": [[start, end]...], "text"}
 * with highlight offsets in bytes of "snippet"; "text" and "snippet" begin
 * with the headings over the paragraph, if any, each ended by "\n".  A hit
 * whose context was read (essay-search -C) also has "before" and "after":
 * [{"line": int, "text": str}...], the paragraphs around it in order.
 * Results whose facets were counted and asked for (essay-search --facets)
 * also have "facets": {"author"|"year"|"month"|"essay": [{"value": str,
 * "essays": int, "paragraphs": int (an essay's also "title": str)}...]},
 * and in the text format, after the hits, the ten largest of each.  The
 * timeline (essay_timeline_write(), essay-search --timeline) is its own
 * object: {"query": str, "error": null, "unit": "year"|"month", "periods":
 * [{"period": str, "essays": int, "paragraphs": int}...], "undated":
 * {"essays": int, "paragraphs": int}}.  An
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

#define FACETS_SHOWN    10      /* values of a facet in the text format */

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

const char *essay__display_path(const char *path, const char *cwd)
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

/* Rank, title, author, date, language (when it is not 'deflt', the
 * index's), path:line (and how many other copies of its text the index
 * holds, if any) and the snippet of 'h'; with its
 * context read, the paragraphs before and after it around the snippet,
 * which is then "LINE: snippet", as grep -C marks the matching line. */
static void write_text_hit(FILE *out, const essay_hit *h, int color, const char *cwd,
                           const char *deflt)
{
    size_t n_before, n_after;
    const essay_neighbour *before = essay_hit_before(h, &n_before);
    const essay_neighbour *after = essay_hit_after(h, &n_after);
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
    if (h->language && strcmp(h->language, deflt) != 0) {
        const char *code = essay_language_code(h->language);
        fprintf(out, " [%s]", code ? code : h->language);
    }
    fputs("\n   ", out);
    if (color)
        fputs(COLOR_PATH, out);
    essay_write_safe(out, essay__display_path(h->path, cwd));
    fprintf(out, "%s:%s%u%s", color ? COLOR_RESET : "", color ? COLOR_LINE : "", h->match_line,
            color ? COLOR_RESET : "");
    if (h->copies > 0)
        fprintf(out, " %s(%u other %s)%s", color ? COLOR_DIM : "", h->copies,
                h->copies == 1 ? "copy" : "copies", color ? COLOR_RESET : "");
    fputs("\n   ", out);
    write_neighbours(out, before, n_before, 0, color);
    if (essay__hit_has_context(h))
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

/* The facets of 'r' it was asked to show, after the hits: for each, its
 * ten largest values, each with its essays and matching paragraphs (an
 * essay: its paragraphs, title and path); a facet without values says why
 * (the header of no essay matched gives it, or nothing matched). */
static void write_text_facets(FILE *out, const essay_results *r, int color, const char *cwd)
{
    /* in place of the values of a facet no essay matched has */
    static const char *const field_missing[ESSAY_FACETS] = {
        [ESSAY_FACET_AUTHOR] = "no essay matched names its author",
        [ESSAY_FACET_YEAR] = "no essay matched has a date",
        [ESSAY_FACET_MONTH] = "no essay matched has a date with its month",
        [ESSAY_FACET_ESSAY] = "no essay matched",
    };
    int matched = essay_results_estimate(r) > 0 || essay_results_count(r) > 0;
    unsigned shown = essay__results_facets_shown(r);
    for (int f = 0; f < ESSAY_FACETS; f++) {
        if (!(shown & (1u << f)))
            continue;
        size_t n;
        const essay_facet_count *c = essay_results_facet(r, (essay_facet)f, &n);
        int essay = f == ESSAY_FACET_ESSAY;
        fprintf(out, "%s%s (%s):%s\n", color ? COLOR_TITLE : "", essay_facet_name((essay_facet)f),
                essay ? "paragraphs" : "essays, paragraphs", color ? COLOR_RESET : "");
        for (size_t i = 0; i < n && i < FACETS_SHOWN; i++) {
            if (essay)
                fprintf(out, "%7zu  ", c[i].paragraphs);
            else
                fprintf(out, "%7zu %7zu  ", c[i].essays, c[i].paragraphs);
            if (essay && c[i].title) {
                essay_write_safe(out, c[i].title);
                fputs(" \xe2\x80\x94 ", out);     /* em dash */
            }
            essay_write_safe(out, essay ? essay__display_path(c[i].value, cwd)
                                        : c[i].value);
            fputc('\n', out);
        }
        if (n > FACETS_SHOWN)
            fprintf(out, "%7s  (%zu more)\n", "", n - FACETS_SHOWN);
        else if (n == 0)
            fprintf(out, "%7s  (%s)\n", "", matched ? field_missing[f] : "nothing matched");
    }
}

/* ---- JSON ---------------------------------------------------------------- */

/* [{"line", "text"}...] of the paragraphs ctx[0..n) beside a hit. */
static json_t *json_neighbours(const essay_neighbour *ctx, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        json_array_append_new(list, json_pack("{s:I, s:o}", "line", (json_int_t)ctx[i].line,
                                               "text", essay__json_text(ctx[i].text)));
    return list;
}

/* The hit 'h', its "anchor" made with 'an', with "before" and "after" when
 * its context was read. */
static json_t *json_hit(const essay_hit *h, essay_analyzer *an)
{
    char anchor[ESSAY_ANCHOR_SIZE];
    if (essay__hit_anchor(an, h, anchor) != ESSAY_OK)
        return NULL;
    json_t *spans = json_array();
    for (size_t k = 0; spans && k < h->n_highlights; k++)
        json_array_append_new(spans, json_pack("[II]", (json_int_t)h->highlights[k].start,
                                               (json_int_t)h->highlights[k].end));
    json_t *hit = json_pack("{s:I, s:f, s:o, s:I, s:I, s:I, s:s, s:I, s:o, s:o, s:o, s:o, s:o,"
                            " s:o, s:o}",
                            "rank", (json_int_t)h->rank, "score", h->score,
                            "path", essay__json_text(h->path), "line", (json_int_t)h->line,
                            "match_line", (json_int_t)h->match_line,
                            "paragraph", (json_int_t)h->paragraph, "anchor", anchor,
                            "copies", (json_int_t)h->copies,
                            "title", essay__json_text(h->title),
                            "author", essay__json_text(h->author),
                            "date", essay__json_text(h->date),
                            "language", essay__json_text(h->language),
                            "snippet", essay__json_text(h->snippet), "highlights", spans,
                            "text", essay__json_text(h->text));
    if (hit != NULL && essay__hit_has_context(h)) {
        size_t n_before, n_after;
        const essay_neighbour *before = essay_hit_before(h, &n_before);
        const essay_neighbour *after = essay_hit_after(h, &n_after);
        if (json_object_set_new(hit, "before", json_neighbours(before, n_before)) != 0
            || json_object_set_new(hit, "after", json_neighbours(after, n_after)) != 0) {
            json_decref(hit);
            return NULL;
        }
    }
    return hit;
}

/* {"author": [{"value", "essays", "paragraphs"}...], ...} of the facets
 * of 'r' it was asked to show, every value (an essay's with its "title"). */
static json_t *json_facets(const essay_results *r)
{
    json_t *all = json_object();
    unsigned shown = essay__results_facets_shown(r);
    for (int f = 0; all && f < ESSAY_FACETS; f++) {
        if (!(shown & (1u << f)))
            continue;
        size_t n;
        const essay_facet_count *c = essay_results_facet(r, (essay_facet)f, &n);
        json_t *list = json_array();
        for (size_t i = 0; list && i < n; i++) {
            json_t *one = json_pack("{s:o, s:I, s:I}", "value", essay__json_text(c[i].value),
                                    "essays", (json_int_t)c[i].essays,
                                    "paragraphs", (json_int_t)c[i].paragraphs);
            if (one && f == ESSAY_FACET_ESSAY)
                json_object_set_new(one, "title", essay__json_text(c[i].title));
            json_array_append_new(list, one);
        }
        if (json_object_set_new(all, essay_facet_name((essay_facet)f), list) != 0) {
            json_decref(all);
            return NULL;
        }
    }
    return all;
}

/* jansson passes DEL, C1, bidi controls and line separators through raw:
 * escape them after dumping (display.c). */
static void write_json(FILE *out, json_t *value)
{
    char *dump = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
    if (dump == NULL)
        return;
    essay__write_json(out, dump);
    free(dump);
}

/* Write ',"key":value' (without the comma when 'first'), taking 'value'. */
static int write_member(FILE *out, const char *key, json_t *value, int first)
{
    if (value == NULL)
        return -1;
    fprintf(out, "%s\"%s\":", first ? "" : ",", key);
    write_json(out, value);
    json_decref(value);
    return 0;
}

/* [{"field", "value", "recorded", "essays"}...]: the filters of the query of 'r' that its
 * index does not record (essay_results_unrecorded()). */
static json_t *json_unrecorded(const essay_results *r)
{
    const essay_unrecorded *u;
    size_t n = essay_results_unrecorded(r, &u);
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++)
        if (json_array_append_new(a, json_pack("{s:s, s:o, s:I, s:I}", "field", u[i].field,
                                                "value", essay__json_text(u[i].value),
                                                "recorded", (json_int_t)u[i].recorded,
                                                "essays", (json_int_t)u[i].essays)) != 0) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

/* ---- entry point --------------------------------------------------------- */

/* Where the hits to write come from: those 'held' results hold, or those
 * essay_results_next() reads from 'stream'. */
typedef struct {
    const essay_results *held;
    essay_results *stream;
    essay_analyzer *an;         /* for the hits' anchors in JSON */
    size_t i;
    essay_status st;            /* ESSAY_DONE at the end; another status when reading failed */
    char **err;
} hit_source;

/* The next hit to write, or NULL at the end (or when reading it failed). */
static const essay_hit *next_hit(hit_source *src)
{
    const essay_hit *h = NULL;
    if (src->stream != NULL)
        src->st = essay_results_next(src->stream, &h, src->err);
    else if ((h = essay_results_hit(src->held, src->i++)) == NULL)
        src->st = ESSAY_DONE;
    return h;
}

/* The essay paths written so far (--paths writes each once): an
 * open-addressing hash table of copies, grown at half full. */
typedef struct {
    char **slots;
    size_t n, cap;          /* cap: a power of two */
} path_set;

/* The slot of 'path' in 'slots' (of 'cap'): where it is, or the empty one
 * where it belongs. */
static size_t path_slot(char **slots, size_t cap, const char *path)
{
    size_t j = essay__hash64(path, strlen(path)) & (cap - 1);
    while (slots[j] != NULL && strcmp(slots[j], path) != 0)
        j = (j + 1) & (cap - 1);
    return j;
}

/* Add 'path' to 'set'; 1 when it is new, 0 when it was there, -1 out of memory. */
static int path_set_add(path_set *set, const char *path)
{
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 256;
        char **slots = calloc(cap, sizeof *slots);
        if (slots == NULL)
            return -1;
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i] != NULL)
                slots[path_slot(slots, cap, set->slots[i])] = set->slots[i];
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    size_t j = path_slot(set->slots, set->cap, path);
    if (set->slots[j] != NULL)
        return 0;
    if ((set->slots[j] = strdup(path)) == NULL)
        return -1;
    set->n++;
    return 1;
}

static void path_set_clear(path_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i]);
    free(set->slots);
}

/* The JSON object, its hits written as they come. */
static essay_status write_json_object(const essay_results *r, const char *query,
                                      hit_source *src, FILE *out)
{
    fputc('{', out);
    if (write_member(out, "query", essay__json_text(query), 1) != 0
        || write_member(out, "error", json_null(), 0) != 0
        || write_member(out, "total", json_integer((json_int_t)essay_results_estimate(r)), 0)
           != 0)
        return ESSAY_NOMEM;
    fputs(",\"hits\":[", out);
    const essay_hit *h;
    for (int first = 1; (h = next_hit(src)) != NULL; first = 0) {
        json_t *hit = json_hit(h, src->an);
        if (hit == NULL)
            return ESSAY_NOMEM;
        if (!first)
            fputc(',', out);
        write_json(out, hit);
        json_decref(hit);
    }
    fputc(']', out);
    if (src->st != ESSAY_DONE)
        return src->st;
    if (write_member(out, "suggestion", essay__json_text(essay_results_suggestion(r)), 0) != 0
        || write_member(out, "corrected", essay__json_text(essay_results_corrected(r)), 0) != 0
        || write_member(out, "asked_of", essay__json_text(essay_results_asked_of(r)), 0) != 0
        || write_member(out, "relaxed", json_boolean(essay_results_relaxed(r)), 0) != 0
        || write_member(out, "unrecorded", json_unrecorded(r), 0) != 0
        || write_member(out, "unfiltered", essay__json_text(essay_results_unfiltered(r)), 0)
           != 0
        || (essay__results_facets_shown(r) && write_member(out, "facets", json_facets(r), 0)
                                              != 0))
        return ESSAY_NOMEM;
    fputs("}\n", out);
    return ESSAY_DONE;
}

/* Write the hits of 'src', the results 'r' of 'query', in 'format'.
 * Returns ESSAY_DONE when all were written, else why not. */
static essay_status write_hits(const essay_results *r, const char *query, essay_output format,
                               int color, FILE *out, hit_source *src)
{
    const essay_hit *h;
    switch (format) {
    case ESSAY_OUTPUT_TEXT: {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) == NULL)
            cwd[0] = '\0';
        while ((h = next_hit(src)) != NULL)
            write_text_hit(out, h, color, cwd, essay__results_language(r));
        if (src->st == ESSAY_DONE)
            write_text_facets(out, r, color, cwd);
        return src->st;
    }
    case ESSAY_OUTPUT_JSON:
        return write_json_object(r, query, src, out);
    case ESSAY_OUTPUT_JSONL:
        while ((h = next_hit(src)) != NULL) {
            json_t *hit = json_hit(h, src->an);
            if (hit == NULL)
                return ESSAY_NOMEM;
            write_json(out, hit);
            fputc('\n', out);
            json_decref(hit);
        }
        return src->st;
    case ESSAY_OUTPUT_PATHS: {
        path_set seen = { 0 };
        int added = 0;
        while (added >= 0 && (h = next_hit(src)) != NULL)
            if ((added = path_set_add(&seen, h->path)) > 0) {
                essay_write_safe(out, h->path);
                fputc('\n', out);
            }
        path_set_clear(&seen);
        return added < 0 ? ESSAY_NOMEM : src->st;
    }
    }
    return ESSAY_DONE;
}

/* write_hits(), its status as essay_results_write() returns it. */
static essay_status write_results(const essay_results *r, const char *query, essay_output format,
                                  int color, FILE *out, hit_source *src)
{
    int json = format == ESSAY_OUTPUT_JSON || format == ESSAY_OUTPUT_JSONL;
    essay_status st = json && essay_analyzer_new(essay__results_language(r), &src->an)
                              != ESSAY_OK ? ESSAY_NOMEM
                      : write_hits(r, query, format, color, out, src);
    essay_analyzer_free(src->an);
    if (st == ESSAY_NOMEM && src->err != NULL && *src->err == NULL)
        *src->err = strdup("out of memory");
    if (st != ESSAY_DONE)
        return st;
    return ferror(out) ? ESSAY_IO : ESSAY_OK;
}

essay_status essay_results_write(const essay_results *r, const char *query, essay_output format,
                                 int color, FILE *out)
{
    hit_source src = { .held = r };
    return write_results(r, query, format, color, out, &src);
}

essay_status essay_results_write_stream(essay_results *r, const char *query,
                                        essay_output format, int color, FILE *out, char **err)
{
    if (err != NULL)
        *err = NULL;
    hit_source src = { .stream = r, .err = err };
    return write_results(r, query, format, color, out, &src);
}

#define TIMELINE_COLUMNS 40     /* of the longest bar */

/* A bar of 'eighths' eighths of a column: Unicode blocks (a partial block
 * last), or with 'ascii', '#' a column, rounded (at least one when not 0). */
static void write_bar(FILE *out, size_t eighths, int ascii)
{
    static const char *const partial[8] = { "", "\u258f", "\u258e", "\u258d", "\u258c",
                                            "\u258b", "\u258a", "\u2589" };
    if (ascii) {
        size_t columns = (eighths + 4) / 8;
        for (size_t i = 0; i < (columns || !eighths ? columns : 1); i++)
            fputc('#', out);
        return;
    }
    for (size_t i = 0; i < eighths / 8; i++)
        fputs("\u2588", out);
    fputs(partial[eighths % 8], out);
}

static void write_text_timeline(FILE *out, const essay_period *p, size_t n,
                                const essay_facet_count *undated, int ascii, int color)
{
    size_t most = 1;
    for (size_t k = 0; k < n; k++)
        most = p[k].essays > most ? p[k].essays : most;
    for (size_t k = 0; k < n; k++) {
        size_t eighths = (p[k].essays * TIMELINE_COLUMNS * 8 + most / 2) / most;
        if (p[k].essays > 0 && eighths == 0)
            eighths = 1;
        fprintf(out, "%-7s %s", p[k].period, color ? COLOR_MATCH : "");
        write_bar(out, eighths, ascii);
        fprintf(out, "%s %zu essay%s, %zu paragraph%s\n", color ? COLOR_RESET : "",
                p[k].essays, p[k].essays == 1 ? "" : "s", p[k].paragraphs,
                p[k].paragraphs == 1 ? "" : "s");
    }
    if (undated->essays > 0)
        fprintf(out, "%sundated: %zu essay%s, %zu paragraph%s%s\n", color ? COLOR_DIM : "",
                undated->essays, undated->essays == 1 ? "" : "s", undated->paragraphs,
                undated->paragraphs == 1 ? "" : "s", color ? COLOR_RESET : "");
}

static json_t *json_timeline(const char *query, essay_facet unit, const essay_period *p,
                             size_t n, const essay_facet_count *undated)
{
    json_t *list = json_array();
    for (size_t k = 0; list && k < n; k++)
        json_array_append_new(list, json_pack("{s:s, s:I, s:I}", "period", p[k].period,
                                              "essays", (json_int_t)p[k].essays,
                                              "paragraphs", (json_int_t)p[k].paragraphs));
    return json_pack("{s:o, s:n, s:s, s:o, s:{s:I, s:I}}", "query", essay__json_text(query),
                     "error", "unit", essay_facet_name(unit), "periods", list, "undated",
                     "essays", (json_int_t)undated->essays,
                     "paragraphs", (json_int_t)undated->paragraphs);
}

essay_status essay_timeline_write(const essay_results *r, const char *query, essay_facet unit,
                                  essay_output format, int ascii, int color, FILE *out)
{
    if (format != ESSAY_OUTPUT_TEXT && format != ESSAY_OUTPUT_JSON)
        return ESSAY_BAD_ARGUMENT;
    essay_period *periods;
    size_t n;
    essay_facet_count undated;
    essay_status st = essay_results_timeline(r, unit, &periods, &n, &undated);
    if (st != ESSAY_OK)
        return st;
    if (format == ESSAY_OUTPUT_TEXT) {
        write_text_timeline(out, periods, n, &undated, ascii, color);
    } else {
        json_t *doc = json_timeline(query, unit, periods, n, &undated);
        if (doc == NULL)
            st = ESSAY_NOMEM;
        write_json(out, doc);
        fputc('\n', out);
        json_decref(doc);
    }
    free(periods);
    return st != ESSAY_OK ? st : ferror(out) ? ESSAY_IO : ESSAY_OK;
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
        q = essay__json_text(query);
    json_t *error = kind == NULL ? json_null()
                    : json_pack("{s:o, s:s}", "message", essay__json_text(message), "kind", kind);
    json_t *doc = format == ESSAY_OUTPUT_JSONL
        ? json_pack("{s:o, s:o}", "query", q, "error", error)
        : json_pack("{s:o, s:o, s:i, s:[], s:n, s:n, s:n, s:b, s:[], s:n}", "query", q,
                    "error", error, "total", 0, "hits", "suggestion", "corrected", "asked_of",
                    "relaxed", 0, "unrecorded", "unfiltered");
    if (doc == NULL)
        return ESSAY_NOMEM;
    write_json(out, doc);
    fputc('\n', out);
    json_decref(doc);
    return ferror(out) ? ESSAY_IO : ESSAY_OK;
}
