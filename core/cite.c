/* cite.c -- citations whose anchors survive edits: a paragraph's anchor
 * (essay-search --json "anchor"), finding the paragraph an anchor names
 * after its essay was edited (essay-search --anchor), and references to
 * hits as text, BibTeX and CSL-JSON (essay-search --cite).
 *
 * An anchor is "ESSAYID-HASH-SKETCH" (essay.h).  HASH is the low 32 bits of
 * essay__hash64() over the stems of the paragraph's words (essay_analyze()),
 * each followed by a space; SKETCH is 8 hex digits, digit i the low 4 bits
 * of the least of mix(stem hash, i) over its stems: a b-bit min-hash, whose
 * digits agree between two paragraphs with probability J + (1 - J) / 16,
 * J the Jaccard similarity of their sets of stems.  Both are computed
 * from the stored paragraph text; the headings over a paragraph (each
 * ended by "\n" at the top of its text, essayfile.c) are left out.  HASH is
 * the low 32 bits of the paragraph's content hash (copies.c), which the
 * index stores whole as its copy key.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

#define SKETCH_DIGITS 8

/* The content hash of a paragraph and its min-hashes. */
typedef struct {
    essay_content_hash content;
    uint32_t mins[SKETCH_DIGITS];
} paragraph_words;

/* splitmix64's finaliser: stem hash 'h' mixed for min-hash 'i'. */
static uint32_t mix(uint64_t h, unsigned i)
{
    h ^= (i + 1) * 0x9e3779b97f4a7c15ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    return (uint32_t)((h ^ (h >> 31)) >> 32);
}

static int add_word(const essay_token *t, void *ctx)
{
    paragraph_words *w = ctx;
    essay__content_hash_add(&w->content, t);
    uint64_t h = essay__hash64(t->stem, t->stem_len);
    for (unsigned i = 0; i < SKETCH_DIGITS; i++) {
        uint32_t m = mix(h, i);
        if (m < w->mins[i])
            w->mins[i] = m;
    }
    return 0;
}

/* The anchor of paragraph text[0..len) of essay 'id' into 'out'. */
static essay_status text_anchor(essay_analyzer *an, const char *id, const char *text, size_t len,
                                char out[ESSAY_ANCHOR_SIZE])
{
    size_t body = essay__paragraph_body(text, len);
    paragraph_words w;
    essay__content_hash_start(&w.content, 0);   /* its own text alone is analysed */
    memset(w.mins, 0xff, sizeof w.mins);
    essay_status st = essay_analyze(an, text + body, len - body, add_word, &w);
    if (st == ESSAY_OK) {
        char sketch[SKETCH_DIGITS + 1];
        for (unsigned i = 0; i < SKETCH_DIGITS; i++)
            sketch[i] = "0123456789abcdef"[w.mins[i] & 0xf];
        sketch[SKETCH_DIGITS] = '\0';
        snprintf(out, ESSAY_ANCHOR_SIZE, "%.16s-%08x-%s", id,
                 (unsigned)(w.content.hash & 0xffffffffu), sketch);
    }
    return st;
}

essay_status essay__hit_anchor(essay_analyzer *an, const essay_hit *h,
                               char anchor[ESSAY_ANCHOR_SIZE])
{
    char id[17];
    essay__essay_id(h->path, id);
    return text_anchor(an, id, h->text, strlen(h->text), anchor);
}

essay_status essay_hit_anchor(essay_searcher *s, const essay_hit *h,
                              char anchor[ESSAY_ANCHOR_SIZE])
{
    return essay__hit_anchor(essay__searcher_analyzer(s), h, anchor);
}

/* ---- finding the paragraph an anchor names ------------------------------ */

/* Whether 'anchor' has the form of one: 16, 8 and 8 hex digits, by '-'. */
static int is_anchor(const char *anchor)
{
    static const size_t digits[] = { 16, 8, SKETCH_DIGITS };
    const char *p = anchor;
    for (int part = 0; part < 3; part++) {
        if (strspn(p, "0123456789abcdef") != digits[part])
            return 0;
        p += digits[part];
        if (*p++ != (part < 2 ? '-' : '\0'))
            return 0;
    }
    return 1;
}

/* The Jaccard similarity the sketches of anchors 'a' and 'b' estimate. */
static double sketch_similarity(const char *a, const char *b)
{
    const char *sa = a + ESSAY_ANCHOR_SIZE - 1 - SKETCH_DIGITS;
    const char *sb = b + ESSAY_ANCHOR_SIZE - 1 - SKETCH_DIGITS;
    unsigned same = 0;
    for (unsigned i = 0; i < SKETCH_DIGITS; i++)
        same += sa[i] == sb[i];
    double j = ((double)same / SKETCH_DIGITS - 1.0 / 16) / (1 - 1.0 / 16);
    return j < 0 ? 0 : j;
}

/* The search of the paragraphs of an essay for an anchor. */
typedef struct {
    essay_analyzer *an;
    const char *anchor;
    essay_anchor_match *best;
    int seen;                   /* paragraphs of the essay */
    int nomem;
} anchor_search;

/* Keep paragraph 'd' (its anchor 'now', its similarity 'sim') as the best. */
static int keep(essay_anchor_match *m, const essay_docdata *d, const char *now, double sim)
{
    essay_anchor_clear(m);
    m->path = strndup(d->path, d->path_len);
    m->title = strndup(d->title, d->title_len);
    m->text = strndup(d->text, d->text_len);
    if (m->path == NULL || m->title == NULL || m->text == NULL)
        return -1;
    m->line = d->line;
    m->paragraph = d->paragraph;
    memcpy(m->anchor, now, ESSAY_ANCHOR_SIZE);
    m->similarity = sim;
    return 0;
}

static int try_paragraph(xc_docid docid, const essay_docdata *d, void *ctx)
{
    (void)docid;
    anchor_search *a = ctx;
    char now[ESSAY_ANCHOR_SIZE];
    a->seen = 1;
    if (text_anchor(a->an, a->anchor, d->text, d->text_len, now) != ESSAY_OK) {
        a->nomem = 1;
        return 1;
    }
    int same = strcmp(now, a->anchor) == 0;
    double sim = same ? 1 : sketch_similarity(now, a->anchor);
    if (!same && a->best->text != NULL && sim <= a->best->similarity)
        return 0;     /* the first of the nearest stays */
    if (keep(a->best, d, now, sim) != 0) {
        a->nomem = 1;
        return 1;
    }
    a->best->changed = !same;
    return same;    /* the very paragraph: look no further */
}

essay_status essay_anchor_find(essay_searcher *s, const char *anchor, essay_anchor_match *m,
                               char **err)
{
    memset(m, 0, sizeof *m);
    if (!is_anchor(anchor))
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' is not an anchor (ESSAYID-HASH-SKETCH: "
                           "16, 8 and 8 hex digits, as --json and --cite give them)", anchor);
    anchor_search a = { .an = essay__searcher_analyzer(s), .anchor = anchor, .best = m };
    xc_error xe;
    char id[17];
    snprintf(id, sizeof id, "%.16s", anchor);
    int rc = essay__essay_paragraphs(s, id, try_paragraph, &a, &xe);
    essay_status st = ESSAY_OK;
    if (a.nomem)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    else if (rc == -1)
        st = essay__fail_xc(err, &xe, "the index");
    else if (!a.seen)
        st = essay__fail(err, ESSAY_NOT_FOUND, "anchor %s: its essay is not indexed (removed, "
                         "or moved to another path)", anchor);
    else if (m->similarity < ESSAY_ANCHOR_MIN_SIMILARITY)
        st = essay__fail(err, ESSAY_NOT_FOUND, "anchor %s: its paragraph is gone from %s (the "
                         "nearest, paragraph %u at line %u, has similarity %.2f)", anchor,
                         m->path, m->paragraph, m->line, m->similarity);
    if (st != ESSAY_OK)
        essay_anchor_clear(m);
    return st;
}

void essay_anchor_clear(essay_anchor_match *m)
{
    free(m->path);
    free(m->title);
    free(m->text);
    memset(m, 0, sizeof *m);
}

/* ---- references --------------------------------------------------------- */

/* Write 'text' in a BibTeX field: its special characters escaped, control
 * characters as spaces. */
static void write_bibtex(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (strchr("{}%&$#_", *p))
            fprintf(out, "\\%c", *p);
        else if (*p == '\\')
            fputs("\\textbackslash{}", out);
        else if (*p == '~' || *p == '^')
            fprintf(out, "\\%s{}", *p == '~' ? "textasciitilde" : "textasciicircum");
        else
            fputc((unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
    }
}

/* The year of 'date' ("YYYY..."), or 0 when it has none. */
static int year_of(const char *date)
{
    return date && strspn(date, "0123456789") >= 4 ? atoi(date) : 0;
}

/* One reference line: author, "title", date, path, paragraph, anchor. */
static void write_text_ref(FILE *out, const essay_hit *h, const char *anchor)
{
    if (h->author) {
        essay_write_safe(out, h->author);
        fputs(", ", out);
    }
    fputs("\xe2\x80\x9c", out);     /* left double quotation mark */
    essay_write_safe(out, h->title);
    fputs("\xe2\x80\x9d, ", out);
    if (h->date) {
        essay_write_safe(out, h->date);
        fputs(", ", out);
    }
    essay_write_safe(out, h->path);
    fprintf(out, ", paragraph %u, anchor %s\n", h->paragraph, anchor);
}

static void write_bibtex_ref(FILE *out, const essay_hit *h, const char *anchor)
{
    fprintf(out, "@misc{%s,\n", anchor);
    if (h->author) {
        fputs("  author = {", out);
        write_bibtex(out, h->author);
        fputs("},\n", out);
    }
    fputs("  title = {", out);
    write_bibtex(out, h->title);
    fputs("},\n", out);
    if (h->date) {
        fputs("  date = {", out);
        write_bibtex(out, h->date);
        fputs("},\n", out);
    }
    if (year_of(h->date))
        fprintf(out, "  year = {%.4s},\n", h->date);
    fputs("  note = {", out);
    write_bibtex(out, h->path);
    fprintf(out, ", paragraph %u, anchor %s}\n}\n\n", h->paragraph, anchor);
}

/* The CSL "issued" of 'date': {"date-parts": [[year, month, day]]} as far
 * as it has them, or {"raw": date} when it does not begin with a year. */
static json_t *csl_date(const char *date)
{
    if (!year_of(date))
        return json_pack("{s:s}", "raw", date);
    json_t *parts = json_array();
    const char *p = date;
    for (int i = 0; parts && i < 3 && strspn(p, "0123456789") > 0; i++) {
        json_array_append_new(parts, json_integer(strtol(p, NULL, 10)));
        p += strspn(p, "0123456789");
        if (*p != '-')
            break;
        p++;
    }
    return json_pack("{s:[o]}", "date-parts", parts);
}

static json_t *csl_item(const essay_hit *h, const char *anchor)
{
    char note[96];
    snprintf(note, sizeof note, "paragraph %u, anchor %s", h->paragraph, anchor);
    json_t *item = json_pack("{s:s, s:s, s:o, s:s, s:{s:s, s:o, s:I, s:I}}", "id", anchor,
                             "type", "document", "title", essay__json_text(h->title), "note", note,
                             "custom", "anchor", anchor, "path", essay__json_text(h->path),
                             "line", (json_int_t)h->line, "paragraph", (json_int_t)h->paragraph);
    if (item && h->author
        && json_object_set_new(item, "author", json_pack("[{s:s}]", "literal", h->author)) != 0)
        goto fail;
    if (item && h->date && json_object_set_new(item, "issued", csl_date(h->date)) != 0)
        goto fail;
    return item;
fail:
    json_decref(item);
    return NULL;
}

essay_status essay_cite_write(essay_results *r, essay_cite_style style, FILE *out, char **err)
{
    if (err != NULL)
        *err = NULL;
    if (style != ESSAY_CITE_TEXT && style != ESSAY_CITE_BIBTEX && style != ESSAY_CITE_CSL_JSON)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "no such citation style");
    essay_analyzer *an;
    if (essay_analyzer_new(essay__results_language(r), &an) != ESSAY_OK)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    json_t *items = style == ESSAY_CITE_CSL_JSON ? json_array() : NULL;
    essay_status st = style == ESSAY_CITE_CSL_JSON && items == NULL ? ESSAY_NOMEM : ESSAY_OK;
    const essay_hit *h;
    while (st == ESSAY_OK && (st = essay_results_next(r, &h, err)) == ESSAY_OK) {
        char anchor[ESSAY_ANCHOR_SIZE];
        if ((st = essay__hit_anchor(an, h, anchor)) != ESSAY_OK)
            break;
        if (style == ESSAY_CITE_TEXT)
            write_text_ref(out, h, anchor);
        else if (style == ESSAY_CITE_BIBTEX)
            write_bibtex_ref(out, h, anchor);
        else if (json_array_append_new(items, csl_item(h, anchor)) != 0)
            st = ESSAY_NOMEM;
    }
    if (st == ESSAY_DONE && items != NULL) {
        char *dump = json_dumps(items, JSON_COMPACT);
        if (dump == NULL) {
            st = ESSAY_NOMEM;
        } else {
            essay__write_json(out, dump);
            fputc('\n', out);
            free(dump);
        }
    }
    json_decref(items);
    essay_analyzer_free(an);
    if (st == ESSAY_NOMEM && err != NULL && *err == NULL)
        *err = strdup("out of memory");
    if (st != ESSAY_DONE)
        return st;
    return ferror(out) ? ESSAY_IO : ESSAY_OK;
}
