/* catalogue.c -- the entries of a publisher's catalogue among an essay's paragraphs.
 *
 * Old books end (and sometimes begin) with the publisher's list of other
 * books: "=FRY (ROGER).--Children's Pictures and the Teaching of Art.=
 * Illustrated in Colour and Monochrome. Fcap. 4to, boards, _2s. 6d._ net."
 * Like the entries of a table of contents or an index (essayfile.c,
 * "Entries"), such paragraphs point at books without being text, and being
 * short and full of names they would outrank the essay.  A run of them is
 * marked 'bare_heading', which the search ranks after every paragraph of
 * text (rank_essays.c).
 *
 * What a paragraph holds, word by word (case aside):
 *   a format   "8vo", "12mo", "4to" (one or two digits, then "mo", "vo" or
 *              "to"), "folio", "quarto", "fcap";
 *   a price    one to three digits, then "s." or "d." ("_3s. 6d._",
 *              "10_s._ 6_d._", "6d."), "$" and a digit ("$1.50"), or a
 *              number and "cents" or "cts";
 *   a binding  "cloth", "boards", "buckram", "net", "leather", "wrapper",
 *              "morocco", "calf", "vellum", "gilt", "postpaid", "sewed",
 *              "bound".
 * An entry names a format and a price or a binding, or a price and a
 * binding, in at most CATALOGUE_ENTRY_MAX bytes.  A paragraph with a price
 * but no more, or an entry longer than that, belongs to a run it sits in but
 * does not count towards its length.  A run is entries with at most one
 * other paragraph between two of them ("GREEN.--Works by JOHN RICHARD
 * GREEN:--", a list of contents); from its first entry to its last, it is
 * marked when it counts at least CATALOGUE_RUN_MIN entries.  So a sentence
 * of an essay that prices a thing ("10s. per chaldron", "a little thick
 * quarto, curiously bound in parchment"), or a single book advertised after
 * the text, stays text.  Over the 7,299 Gutenberg essays of the benchmark
 * the rule marks 1,329 paragraphs in 12 files, each a publisher's list.
 */
#include <string.h>
#include <strings.h>
#include "private.h"

#define CATALOGUE_ENTRY_MAX 600     /* bytes: a longer paragraph is no entry that counts */
#define CATALOGUE_RUN_MIN   3       /* entries that make a catalogue */
#define CATALOGUE_GAP_MAX   1       /* other paragraphs between two entries of one */

static int is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* What a paragraph names (see above). */
enum { FORMAT = 1, PRICE = 2, BINDING = 4 };

static const char *const format_words[] = { "folio", "quarto", "fcap", NULL };
static const char *const binding_words[] = { "cloth", "boards", "buckram", "net", "leather",
                                             "wrapper", "morocco", "calf", "vellum", "gilt",
                                             "postpaid", "sewed", "bound", NULL };

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(*list, s, n) == 0)
            return 1;
    return 0;
}

/* Does s[0..end) start with the word 'word' (then no letter or digit)? */
static int followed_by(const char *s, const char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - s) >= n && strncmp(s, word, n) == 0 && (s + n == end || !is_alnum(s[n]));
}

/* What the word of letters and digits s[0..n) (s[n] is not one) names, with
 * the bytes that follow it up to 'end'. */
static int word_names(const char *s, size_t n, const char *end)
{
    size_t digits = 0;
    while (digits < n && is_digit(s[digits]))
        digits++;
    if (digits == 0)
        return in_list(format_words, s, n) ? FORMAT : in_list(binding_words, s, n) ? BINDING : 0;
    const char *rest = s + digits;
    size_t left = n - digits;
    if (digits <= 2 && left == 2 && (strncasecmp(rest, "mo", 2) == 0
                                     || strncasecmp(rest, "vo", 2) == 0
                                     || strncasecmp(rest, "to", 2) == 0))
        return FORMAT;
    if (digits > 3)
        return 0;
    /* "3s." and "10_s._": the '_' ends the word, the unit follows it. */
    const char *unit = rest;
    if (left == 0 && unit < end && *unit == '_')
        unit++;
    else if (left != 1)
        return 0;
    if (unit + 1 < end && (*unit == 's' || *unit == 'd') && unit[1] == '.'
        && (unit + 2 == end || !is_alnum(unit[2])))
        return PRICE;
    if (left == 0 && (followed_by(rest, end, " cents") || followed_by(rest, end, " cts")))
        return PRICE;
    return 0;
}

/* What the paragraph text s[0..n) names. */
static int names_of(const char *s, size_t n)
{
    int names = 0;
    const char *end = s + n;
    for (size_t i = 0; i < n;) {
        if (s[i] == '$' && i + 1 < n && is_digit(s[i + 1]))
            names |= PRICE;
        if (!is_alnum(s[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < n && is_alnum(s[i]))
            i++;
        if (start == 0 || s[start - 1] != '.')
            names |= word_names(s + start, i - start, end);
    }
    return names;
}

/* How the paragraph 'p' counts in a catalogue: 2, an entry; 1, a paragraph
 * that joins a run but does not count; 0, neither. */
static int entry_weight(const essay_paragraph *p)
{
    int names = names_of(p->text, p->len);
    int entry = ((names & FORMAT) && (names & (PRICE | BINDING)))
                || ((names & PRICE) && (names & BINDING));
    if (entry && p->len <= CATALOGUE_ENTRY_MAX)
        return 2;
    return entry || (names & PRICE) ? 1 : 0;
}

void essay__mark_catalogues(essay_file *f)
{
    size_t first = 0, last = 0, counted = 0;    /* the run: its entries and how many count */
    int in_run = 0;
    for (size_t i = 0; i <= f->n_paragraphs; i++) {
        int weight = i < f->n_paragraphs ? entry_weight(&f->paragraphs[i]) : 0;
        if (in_run && (i == f->n_paragraphs || (weight == 0 && i - last > CATALOGUE_GAP_MAX))) {
            if (counted >= CATALOGUE_RUN_MIN)
                for (size_t k = first; k <= last; k++)
                    f->paragraphs[k].bare_heading = 1;
            in_run = 0;
        }
        if (weight == 0)
            continue;
        if (!in_run) {
            first = i;
            counted = 0;
            in_run = 1;
        }
        last = i;
        counted += weight == 2;
    }
}
