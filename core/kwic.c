/* kwic.c -- keyword in context (essay-search --kwic): one line for each
 * occurrence of the query's words and phrases in the matching paragraphs,
 * the match aligned in one column, as much context each side as the width
 * allows (the text as written around the match), then path:line (the
 * line of the file the occurrence is on), the path
 * shortened when path:line would take more than a third of the width (its
 * directories first, then the middle of its file name); or one JSON object
 * an occurrence.
 *
 * The occurrences are the snippet highlighter's (snippet.c): the results are
 * searched with a snippet budget no paragraph reaches (ESSAY_KWIC_SNIPPET),
 * so each hit's snippet is its whole paragraph and its highlights every
 * occurrence in it, inflections and phrases matched as search matches them.
 *
 * Width is display width (utf8proc_charwidth()): a wide character takes two
 * columns, a combining mark none and stays with the character it marks.
 * Runs of white space show as one space; the characters a terminal must not
 * see raw (display.c) as U+FFFD.
 */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#include "private.h"

#define COLOR_MATCH     "\033[1;31m"
#define COLOR_RESET     "\033[0m"
#define MIN_BLOCK       40      /* columns of context and match, however long the paths */
#define PLACE_SHARE     3       /* path:line takes at most a third of the width */
#define ELLIPSIS        0x2026  /* where a shortened path lost its middle */

/* Text laid out for display: characters and their widths. */
typedef struct {
    utf8proc_int32_t *cp;
    int *width;
    size_t n;
} glyphs;

/* The code point 'cp' as shown: white space as ' ', what a terminal must not
 * see raw as U+FFFD. */
static utf8proc_int32_t shown(utf8proc_int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
        return ' ';
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x2028 && cp <= 0x202e)
        || (cp >= 0x2066 && cp <= 0x2069))
        return 0xfffd;
    return cp;
}

enum { TRIM_START = 1, TRIM_END = 2 };     /* which ends of a text lose their white space */

/* text[0..len) as glyphs, runs of white space as one space, none at the
 * ends 'trim' names (a piece of a paragraph keeps the space that parts it
 * from the next piece).  0, or -1 out of memory. */
static int layout(const char *text, size_t len, int trim, glyphs *g)
{
    g->cp = malloc((len + 1) * sizeof *g->cp);
    g->width = malloc((len + 1) * sizeof *g->width);
    g->n = 0;
    if (g->cp == NULL || g->width == NULL)
        return -1;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                                 (utf8proc_ssize_t)(len - i), &cp);
        if (step < 1) {
            step = 1;
            cp = 0xfffd;
        }
        i += (size_t)step;
        cp = shown(cp);
        if (cp == ' ' && (g->n == 0 ? (trim & TRIM_START) != 0 : g->cp[g->n - 1] == ' '))
            continue;
        g->cp[g->n] = cp;
        g->width[g->n++] = cp == ' ' ? 1 : utf8proc_charwidth(cp);
    }
    if ((trim & TRIM_END) && g->n && g->cp[g->n - 1] == ' ')
        g->n--;
    return 0;
}

static void glyphs_free(glyphs *g)
{
    free(g->cp);
    free(g->width);
}

/* Append g[from..to) to 'buf' (room enough: 4 bytes a glyph). */
static size_t put(char *buf, size_t at, const glyphs *g, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        at += (size_t)utf8proc_encode_char(g->cp[i], (utf8proc_uint8_t *)buf + at);
    return at;
}

/* The first glyph of the last characters of 'g' (each with its combining
 * marks) that fit in 'columns', and their width in *used. */
static size_t fit_end(const glyphs *g, size_t columns, size_t *used)
{
    size_t from = g->n, width = 0;
    while (from > 0) {
        size_t base = from - 1;
        while (base > 0 && g->width[base] <= 0)
            base--;     /* a combining mark goes with the character before it */
        size_t w = g->width[base] > 0 ? (size_t)g->width[base] : 0;
        if (width + w > columns)
            break;
        width += w;
        from = base;
    }
    *used = width;
    return from;
}

/* The end of the first characters of 'g' that fit in 'columns', and their
 * width in *used. */
static size_t fit_start(const glyphs *g, size_t columns, size_t *used)
{
    size_t to = 0, width = 0;
    while (to < g->n) {
        size_t w = g->width[to] > 0 ? (size_t)g->width[to] : 0, next = to + 1;
        while (next < g->n && g->width[next] <= 0)
            next++;
        if (width + w > columns)
            break;
        width += w;
        to = next;
    }
    *used = width;
    return to;
}

/* The display width of 'g'. */
static size_t width_of(const glyphs *g)
{
    size_t w = 0;
    for (size_t i = 0; i < g->n; i++)
        w += g->width[i] > 0 ? (size_t)g->width[i] : 0;
    return w;
}

size_t essay__kwic_width(const char *text, size_t len)
{
    glyphs g;
    size_t w = layout(text, len, TRIM_START | TRIM_END, &g) == 0 ? width_of(&g) : 0;
    glyphs_free(&g);
    return w;
}

int essay__kwic_line(const char *text, size_t len, size_t start, size_t end, size_t left,
                     size_t block, essay_kwic_line *out)
{
    memset(out, 0, sizeof *out);
    glyphs before, match, after;
    /* the pieces keep the white space between them, so the line shows the
     * text as written: "tour, as", "tour , as" never */
    int rc = layout(text, start, TRIM_START, &before)
             | layout(text + start, end - start, TRIM_START | TRIM_END, &match)
             | layout(text + end, len - end, TRIM_END, &after);
    size_t match_width = width_of(&match);
    size_t right = block > left + match_width ? block - left - match_width : 0;
    char *buf = rc == 0 ? malloc(4 * (before.n + match.n + after.n) + left + right + 1) : NULL;
    if (buf != NULL) {
        size_t used, at = 0;
        size_t from = fit_end(&before, left, &used);
        memset(buf, ' ', left - used);
        at = put(buf, left - used, &before, from, before.n);
        out->match_start = at;
        at = put(buf, at, &match, 0, match.n);
        out->match_end = at;
        size_t to = fit_start(&after, right, &used);
        at = put(buf, at, &after, 0, to);
        memset(buf + at, ' ', right - used);
        at += right - used;
        buf[at] = '\0';
        out->text = buf;
    }
    glyphs_free(&before);
    glyphs_free(&match);
    glyphs_free(&after);
    return buf != NULL ? 0 : -1;
}

/* ---- the occurrences of a query -------------------------------------------- */

/* A matching paragraph. */
typedef struct {
    char *path, *text;
    unsigned paragraph;
    size_t essay;               /* the rank of its essay, from 0 */
} kwic_paragraph;

/* One occurrence: bytes [start, end) of a paragraph's text, on 'line' of its file. */
typedef struct {
    size_t paragraph, start, end;
    unsigned line;
    char *key;                  /* what --kwic-sort sorts by, or NULL */
} kwic_occurrence;

typedef struct {
    kwic_paragraph *paras;
    size_t n_paras, cap_paras;
    kwic_occurrence *occs;
    size_t n_occs, cap_occs;
    size_t n_essays;
} concordance;

/* The rank of the essay of 'path', paragraphs [0..n) of 'c' already
 * ranked: that of an earlier paragraph of it, else the next. */
static size_t essay_rank(const concordance *c, size_t n, const char *path)
{
    for (size_t i = n; i-- > 0;)
        if (strcmp(c->paras[i].path, path) == 0)
            return c->paras[i].essay;
    return c->n_essays;
}

/* Add hit 'h' and its occurrences to 'c'.  0, or -1 out of memory. */
static int add_hit(concordance *c, const essay_hit *h)
{
    if (essay__reserve((void **)&c->paras, &c->cap_paras, c->n_paras + 1, sizeof *c->paras)
            != ESSAY_OK
        || essay__reserve((void **)&c->occs, &c->cap_occs, c->n_occs + h->n_highlights,
                          sizeof *c->occs) != ESSAY_OK)
        return -1;
    kwic_paragraph *p = &c->paras[c->n_paras];
    *p = (kwic_paragraph){ .path = strdup(h->path), .text = strdup(h->text),
                           .paragraph = h->paragraph,
                           .essay = essay_rank(c, c->n_paras, h->path) };
    if (p->path == NULL || p->text == NULL) {
        free(p->path);
        free(p->text);
        return -1;
    }
    if (p->essay == c->n_essays)
        c->n_essays++;
    for (size_t k = 0; k < h->n_highlights; k++)
        c->occs[c->n_occs++] = (kwic_occurrence){
            .paragraph = c->n_paras, .start = h->highlights[k].start,
            .end = h->highlights[k].end, .line = essay__hit_line_at(h, h->highlights[k].start) };
    c->n_paras++;
    return 0;
}

static void concordance_clear(concordance *c)
{
    for (size_t i = 0; i < c->n_paras; i++) {
        free(c->paras[i].path);
        free(c->paras[i].text);
    }
    for (size_t i = 0; i < c->n_occs; i++)
        free(c->occs[i].key);
    free(c->paras);
    free(c->occs);
}

/* Folded words, joined by spaces, in order or (with 'reverse') last first. */
typedef struct {
    char **words;
    size_t n, cap;
    int nomem;
} word_list;

static int add_folded(const essay_token *t, void *ctx)
{
    word_list *w = ctx;
    if (t->flags & ESSAY_TOKEN_WHOLE)
        return 0;       /* its parts follow */
    if (essay__reserve((void **)&w->words, &w->cap, w->n + 1, sizeof *w->words) != ESSAY_OK
        || (w->words[w->n] = strndup(t->term, t->term_len)) == NULL) {
        w->nomem = 1;
        return 1;
    }
    w->n++;
    return 0;
}

/* The sort key of text[0..len): its folded words, joined by "\x01" (below
 * any letter, so that a shorter context sorts first), last first with
 * 'reverse'.  Malloc'd; NULL out of memory. */
static char *sort_key(essay_analyzer *an, const char *text, size_t len, int reverse)
{
    word_list w = { 0 };
    size_t total = 1;
    char *key = NULL;
    if (essay_analyze(an, text, len, add_folded, &w) == ESSAY_OK && !w.nomem) {
        for (size_t i = 0; i < w.n; i++)
            total += strlen(w.words[i]) + 1;
        key = malloc(total);
    }
    if (key != NULL) {
        key[0] = '\0';
        for (size_t i = 0, at = 0; i < w.n; i++) {
            const char *word = w.words[reverse ? w.n - 1 - i : i];
            at += (size_t)sprintf(key + at, "%s\x01", word);
        }
    }
    for (size_t i = 0; i < w.n; i++)
        free(w.words[i]);
    free(w.words);
    return key;
}

/* Essay rank, then place in the essay, then place in the paragraph; 'ctx'
 * is the concordance. */
static int by_rank(const void *x, const void *y, void *ctx)
{
    const concordance *c = ctx;
    const kwic_occurrence *a = x, *b = y;
    const kwic_paragraph *pa = &c->paras[a->paragraph], *pb = &c->paras[b->paragraph];
    if (pa->essay != pb->essay)
        return pa->essay < pb->essay ? -1 : 1;
    if (pa->paragraph != pb->paragraph)
        return pa->paragraph < pb->paragraph ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}

static int by_key(const void *x, const void *y, void *ctx)
{
    const kwic_occurrence *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : by_rank(x, y, ctx);
}

/* Order the occurrences of 'c': by rank, or by the words 'sort' names. */
static int order(concordance *c, essay_kwic_sort sort, const char *language)
{
    if (sort != ESSAY_KWIC_RANK) {
        essay_analyzer *an;
        if (essay_analyzer_new(language, &an) != ESSAY_OK)
            return -1;
        for (size_t i = 0; i < c->n_occs; i++) {
            kwic_occurrence *o = &c->occs[i];
            const char *text = c->paras[o->paragraph].text;
            const char *after = text + o->end;
            o->key = sort == ESSAY_KWIC_LEFT ? sort_key(an, text, o->start, 1)
                                             : sort_key(an, after, strlen(after), 0);
            if (o->key == NULL) {
                essay_analyzer_free(an);
                return -1;
            }
        }
        essay_analyzer_free(an);
    }
    if (c->n_occs > 1)      /* none: occs is NULL, which qsort_r may not be given */
        qsort_r(c->occs, c->n_occs, sizeof *c->occs, sort == ESSAY_KWIC_RANK ? by_rank : by_key,
                c);
    return 0;
}

/* ---- writing them ------------------------------------------------------- */

/* The columns of "path:line" of occurrence 'o' of paragraph 'p'. */
static size_t place_width(const kwic_paragraph *p, const kwic_occurrence *o, const char *cwd)
{
    char line[16];
    const char *path = essay__display_path(p->path, cwd);
    return essay__kwic_width(path, strlen(path)) + (size_t)snprintf(line, sizeof line, ":%u",
                                                                     o->line);
}

/* Write "path:line" of occurrence 'o' of paragraph 'p', its path in 'columns' columns at
 * most: one too long for them loses its directories first ("…/" in their
 * place: the file name tells essays apart), and a file name still too long
 * loses its middle to "…" (its start and its end stay).  0, or -1 out of
 * memory. */
static int write_place(const kwic_paragraph *p, const kwic_occurrence *o, const char *cwd,
                       size_t columns, FILE *out)
{
    const char *path = essay__display_path(p->path, cwd);
    const char *name = strrchr(path, '/');
    glyphs g = { 0 };
    char *buf = NULL;
    name = name != NULL && name[1] != '\0' ? name + 1 : path;
    if (essay__kwic_width(path, strlen(path)) <= columns) {
        essay_write_safe(out, path);
    } else if (name != path && columns >= 2
               && essay__kwic_width(name, strlen(name)) <= columns - 2) {
        fputs("\u2026/", out);
        essay_write_safe(out, name);
    } else if (layout(name, strlen(name), TRIM_START | TRIM_END, &g) == 0
               && (buf = malloc(4 * g.n + 4)) != NULL) {
        if (name != path && columns >= 2) {
            fputs("\u2026/", out);
            columns -= 2;
        }
        size_t room = columns > 0 ? columns - 1 : 0, head_used, tail_used;
        size_t head = fit_start(&g, room * 2 / 3, &head_used);   /* its start names it */
        size_t tail = fit_end(&g, room - head_used, &tail_used);
        size_t at = put(buf, 0, &g, 0, head);
        at += (size_t)utf8proc_encode_char(ELLIPSIS, (utf8proc_uint8_t *)buf + at);
        at = put(buf, at, &g, tail, g.n);
        fwrite(buf, 1, at, out);
    } else {
        glyphs_free(&g);
        return -1;
    }
    glyphs_free(&g);
    free(buf);
    fprintf(out, ":%u", o->line);
    return 0;
}

/* Each occurrence of 'c' a line: the context before it, the match in one
 * column, the context after it, then path:line; the place column takes
 * what its longest path:line needs, up to a third of 'width', and the
 * context the rest (MIN_BLOCK at least), a fair share whatever the paths. */
static int write_text(const concordance *c, size_t width, int color, FILE *out)
{
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL)
        cwd[0] = '\0';
    size_t place = 0, numbers = 0, match = 0;
    for (size_t i = 0; i < c->n_occs; i++) {
        const kwic_occurrence *o = &c->occs[i];
        const kwic_paragraph *p = &c->paras[o->paragraph];
        char line[16];
        size_t w = place_width(p, o, cwd), m = essay__kwic_width(p->text + o->start,
                                                                   o->end - o->start);
        size_t n = (size_t)snprintf(line, sizeof line, ":%u", o->line);
        place = w > place ? w : place;
        numbers = n > numbers ? n : numbers;
        match = m > match ? m : match;
    }
    /* the paths that make the place column wider than its share are
     * shortened alike, to what the widest ":line" leaves of it */
    size_t path_columns = SIZE_MAX;
    if (place > width / PLACE_SHARE) {
        place = width / PLACE_SHARE;
        path_columns = place > numbers ? place - numbers : 0;
    }
    size_t block = width > place + 2 + MIN_BLOCK ? width - place - 2 : MIN_BLOCK;
    size_t left = block > match ? (block - match) / 2 : 0;
    for (size_t i = 0; i < c->n_occs; i++) {
        const kwic_occurrence *o = &c->occs[i];
        const kwic_paragraph *p = &c->paras[o->paragraph];
        essay_kwic_line line;
        if (essay__kwic_line(p->text, strlen(p->text), o->start, o->end, left, block, &line) != 0)
            return -1;
        fprintf(out, "%.*s%s%.*s%s%s  ", (int)line.match_start, line.text,
                color ? COLOR_MATCH : "", (int)(line.match_end - line.match_start),
                line.text + line.match_start, color ? COLOR_RESET : "",
                line.text + line.match_end);
        free(line.text);
        if (write_place(p, o, cwd, path_columns, out) != 0)
            return -1;
        fputc('\n', out);
    }
    if (c->n_occs > 0)          /* the lines, a blank line, the tally; nothing for none */
        fputc('\n', out);
    for (size_t e = 0; e < c->n_essays; e++) {
        size_t n = 0, first = 0;
        for (size_t i = 0; i < c->n_occs; i++)
            if (c->paras[c->occs[i].paragraph].essay == e && n++ == 0)
                first = c->occs[i].paragraph;
        if (n == 0)
            continue;
        fprintf(out, "%7zu  ", n);
        essay_write_safe(out, essay__display_path(c->paras[first].path, cwd));
        fputc('\n', out);
    }
    return 0;
}

static int write_json(const concordance *c, FILE *out)
{
    for (size_t i = 0; i < c->n_occs; i++) {
        const kwic_occurrence *o = &c->occs[i];
        const kwic_paragraph *p = &c->paras[o->paragraph];
        char *match = strndup(p->text + o->start, o->end - o->start);
        json_t *one = match ? json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:o}",
                                        "path", essay__json_text(p->path),
                                        "line", (json_int_t)o->line,
                                        "paragraph", (json_int_t)p->paragraph,
                                        "essay_rank", (json_int_t)p->essay + 1,
                                        "start", (json_int_t)o->start, "end", (json_int_t)o->end,
                                        "match", essay__json_text(match))
                            : NULL;
        free(match);
        char *dump = one ? json_dumps(one, JSON_COMPACT) : NULL;
        json_decref(one);
        if (dump == NULL)
            return -1;
        essay__write_json(out, dump);
        fputc('\n', out);
        free(dump);
    }
    return 0;
}

essay_status essay_kwic_write(essay_results *r, size_t width, essay_kwic_sort sort,
                              essay_output format, int color, FILE *out, char **err)
{
    if (err != NULL)
        *err = NULL;
    if ((format != ESSAY_OUTPUT_TEXT && format != ESSAY_OUTPUT_JSONL)
        || (unsigned)sort > ESSAY_KWIC_RIGHT)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "--kwic writes text or JSON lines");
    concordance c = { 0 };
    const essay_hit *h;
    essay_status st;
    while ((st = essay_results_next(r, &h, err)) == ESSAY_OK) {
        if (strcmp(h->snippet, h->text) != 0) {
            st = essay__fail(err, ESSAY_BAD_ARGUMENT, "the results were not searched with "
                             "snippet_chars ESSAY_KWIC_SNIPPET: a snippet is not its paragraph");
            break;
        }
        if (add_hit(&c, h) != 0) {
            st = ESSAY_NOMEM;
            break;
        }
    }
    /* hits, and no occurrence of the query in their text: ESSAY_DONE, nothing written */
    if (st == ESSAY_DONE && (c.n_occs > 0 || c.n_paras == 0))
        st = order(&c, sort, essay__results_language(r)) != 0 ? ESSAY_NOMEM
             : (format == ESSAY_OUTPUT_TEXT ? write_text(&c, width, color, out)
                                            : write_json(&c, out)) != 0 ? ESSAY_NOMEM
             : ferror(out) ? ESSAY_IO : ESSAY_OK;
    concordance_clear(&c);
    if (st == ESSAY_NOMEM && err != NULL && *err == NULL)
        *err = strdup("out of memory");
    return st;
}
