/* essayfile.c -- an essay file -> metadata + paragraphs with their line numbers.
 *
 * The indexer hands us a whole file in memory; we give back its header
 * fields, its title and its paragraphs, each with the line it starts on and
 * where each of its other lines begins in its text, so a hit can be printed
 * as path:line, the line of its match, and opened there in an editor.
 *
 * Validation.  The text must be text (essay__text_check(), util.c): no NUL
 * byte, and well-formed UTF-8; the error names the line, the column and the
 * offset where it stops being text.
 *
 * Lines end at LF, CRLF or a lone CR; a leading BOM is skipped (it is on
 * line 1).  Each line is trimmed of white space (ASCII blanks and Unicode
 * space separators such as NO-BREAK SPACE); a line with nothing left is blank.
 *
 * Header.  If the first line is "---" and another "---" line follows within
 * the first HEADER_MAX_LINES lines, the lines between are "key: value"
 * pairs, which header.c reads into the fields (and warns about what it
 * cannot use: a date it cannot read, a key given twice, a language it
 * cannot stem).  Without the closing "---" the file has no header: it is
 * read as text from its second line (the "---" is no title, nor a
 * paragraph), with a warning naming line 1.  The title is the header's,
 * else the first non-blank line of the text (at most TITLE_MAX_BYTES), else
 * the file name without directory and extension.
 *
 * Warnings.  Besides those, a file with no paragraph (empty, white space
 * only, or a header alone) gets the warning "NAME: empty: nothing to index"
 * (or says which): a person should hear of it, though it is no error.
 *
 * Paragraphs.  Blank lines separate paragraphs.  Inside a block of non-blank
 * lines, the question is whether a line break is a soft wrap (join the lines
 * with a space) or the end of a paragraph.  The rule rests on one fact: a
 * hard-wrapping editor or mailer never leaves a line longer than its wrap
 * width, and wrap widths are at most about WRAP_WIDTH_MAX (100) characters.
 *   1. A file whose text has no blank line between two non-blank lines has
 *      nothing else to separate paragraphs: each line is a paragraph --
 *      unless it is hard-wrapped (rule 2 does not apply) and some, but
 *      fewer than half, of its lines are indented: then the lines are
 *      joined and an indented line (or a list item) starts a paragraph, as
 *      in text whose paragraphs begin with an indented first line.
 *   2. If lines longer than WRAP_WIDTH_MAX characters hold more than half the
 *      text's bytes, the file was not hard-wrapped (typically text copied
 *      from a web page, one paragraph a line with or without blank lines
 *      between): each non-blank line is a paragraph (headings too, but
 *      see "Headings" below).
 *   3. Otherwise the file is hard-wrapped and the lines of a block are
 *      joined, except that a line longer than WRAP_WIDTH_MAX characters ends
 *      its paragraph (no wrapper produced it, so its break is meant), and a
 *      list item -- a line starting with "1." or "12)" (one to three digits),
 *      or with "-", "*", "•" or "–", followed by a space -- starts one.
 *      Joining puts one space between the lines, except that a line ending
 *      in a letter and "-" followed by one starting with a lowercase letter
 *      is joined without one, the hyphen kept ("so-" + "called" ->
 *      "so-called").
 *
 * Headings.  A heading is not a paragraph of its own: it belongs to the
 * text it heads.  A block (a paragraph as rules 1-3 make it) is a heading
 * when it has a word, is at most HEADING_MAX_CHARS characters long, is not
 * a list item, and ends -- closing brackets and the emphasis marks "_" and
 * "*" aside -- in a letter, a digit or "?" ("How will it work?"), or in "."
 * or "!" when it is in capitals ("CHAPTER II.", "I.", "ULTIMA RATIO.") or
 * numbered, a capitalised word and a number ("Chapter 2.", "Part IV.").  A
 * short sentence ("It rained.") is not one, nor a line of contents that
 * ends in a page number after a dot leader or two spaces (see "Entries").  The title line of an essay
 * without a header -- its first block, one line of at most
 * TITLE_MAX_BYTES, then a blank line -- is a heading whatever it ends in.
 * A run of headings and the block after them make one paragraph: each
 * heading is followed by a line feed ("\n", which no other paragraph text
 * holds), then comes the text, and the paragraph starts on the line of its
 * first heading, where an editor opened at path:line shows the heading and
 * the text under it.  So a heading's words are found with the text it heads
 * and never rank as a paragraph of a few words.  Headings that head
 * nothing (at the end of the file, or in a text made of nothing else: a
 * list of short lines) stay paragraphs of their own, each marked
 * 'bare_heading': the index marks its document (schema.c), and the search
 * ranks it after every paragraph of text the query matches (rank_essays.c),
 * so that "THE END" is found by its words but never outranks the text.
 *
 * Entries.  A table of contents or a book's index is a run of short
 * paragraphs that point at text without being it: "4. Mr. Bernard Shaw",
 * "Desperation, mass of men lead lives of quiet, 8, 9."  Being short, they
 * would outrank the text they name.  An entry is a paragraph whose last
 * block (its headings aside) either ends in page numbers -- a number of at
 * most three digits or a range of them ("13", "58-63"; then ", note" may
 * follow), stops aside, after
 * a comma, a dot leader ("....", ". .") or two spaces; at most
 * 4 x HEADING_MAX_CHARS long; an index's cross-reference may follow them,
 * or stand for them after a short head ("457-462. _See_ Life.",
 * "Kalmiana. _See_ Nuphar.") -- or is a numbered item ("4." or "4)") of at
 * most HEADING_MAX_CHARS that otherwise looks like a heading (no sentence
 * ends it).  A run of at least ENTRY_RUN_MIN entries, ENTRY_TITLES_MIN when
 * none ends in page numbers, is marked 'bare_heading' too.  A longer
 * paragraph ending in page numbers (an index's entry for a person, a dozen
 * lines of subjects and pages) is an entry of the run it sits in, but does
 * not count towards its length: alone, or among text, it is text.  An entry alone
 * is text, and so are a short numbered list in an essay ("1. Air defence
 * for Kharkiv"), a bulleted one, a year ("Born in Concord, July 12,
 * 1817.").  A publisher's catalogue, a run of entries such as "Crown 8vo,
 * cloth, _3s. 6d._ net.", is marked the same way (catalogue.c).
 *
 * Passages.  A paragraph longer than ESSAY_MAX_PARAGRAPH bytes is cut into
 * passages of at most that size: after the last sentence end (". ", "? ",
 * "!" + space, a closing quote or bracket allowed between) in the last
 * quarter of the window, else at the last space, else at the last UTF-8
 * character boundary.  The spaces at a cut are dropped; nothing else is.
 * Each passage gets the line its first byte comes from.
 *
 * Memory.  All paragraph text lives in one allocation, f->storage, each
 * paragraph NUL-terminated, sized before parsing: the text of a paragraph
 * plus its NUL never exceeds the bytes of its lines with their line ends,
 * plus one for a last line without a line end; a cut drops a space where the
 * NUL goes, except a cut inside a word, which adds a byte but makes a
 * passage of at least ESSAY_MAX_PARAGRAPH - 3 bytes.  A paragraph that must
 * be cut is first copied to a scratch buffer.  Everything is linear in the
 * input; the file is read in two passes (layout statistics, then
 * paragraphs).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include "private.h"

#define HEADER_MAX_LINES 50     /* the closing "---" must come by this line */
#define TITLE_MAX_BYTES  200    /* of a title taken from the first line */
#define WRAP_WIDTH_MAX   100    /* characters: no hard-wrapped line is longer */
#define HEADING_MAX_CHARS 120   /* a block longer than this is no heading */
#define HEADING_END      '\n'   /* ends each heading in the text of the paragraph it heads */
#define ENTRY_RUN_MIN    3      /* entries in a row: a table of contents or an index */
#define ENTRY_TITLES_MIN 5      /* the same, of numbered titles alone (no page numbers) */

/* ---- characters of validated text --------------------------------------- */

/* The code point at s[0..n), n > 0. */
static int32_t code_point_at(const char *s, size_t n)
{
    utf8proc_int32_t cp = -1;
    utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    return cp;
}

/* The start of the character that ends at s + end (end > 0). */
static size_t char_start_before(const char *s, size_t end)
{
    size_t i = end - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int is_letter(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Bytes of the white-space character starting at s[0] (n > 0), or 0. */
static size_t space_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
        return 1;
    if (c < 0x80)
        return 0;
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    return k > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ? (size_t)k : 0;
}

/* More than 'max' characters? */
static int longer_than(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return 0;
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > max)
            return 1;
    return 0;
}

/* More than WRAP_WIDTH_MAX characters? */
static int is_long_line(const char *s, size_t n)
{
    return longer_than(s, n, WRAP_WIDTH_MAX);
}

/* ---- lines --------------------------------------------------------------- */

typedef struct {
    const char *text;       /* trimmed; len 0 for a blank line */
    size_t len;
    unsigned number;        /* from 1 */
    int indented;           /* began with white space before trimming */
    unsigned indent;        /* bytes of that white space */
} line;

typedef struct {
    const char *buf;
    size_t len;
    size_t pos;             /* where the next line starts */
    size_t next_lf, next_cr;    /* the first LF / CR at or after pos (len if none) */
    unsigned number;        /* of the next line */
} line_reader;

/* The offset of the first 'c' at or after 'from' in buf[0..len), or len. */
static size_t find_byte(const char *buf, size_t len, size_t from, char c)
{
    const char *p = memchr(buf + from, c, len - from);
    return p ? (size_t)(p - buf) : len;
}

static line_reader line_reader_start(const char *buf, size_t len)
{
    line_reader r = { buf, len, 0, find_byte(buf, len, 0, '\n'), find_byte(buf, len, 0, '\r'), 1 };
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r.pos = 3;
    return r;
}

/* Read the next line into *l, trimmed.  Returns 0 at the end of the text. */
static int read_line(line_reader *r, line *l)
{
    if (r->pos >= r->len)
        return 0;
    /* Each of LF and CR is searched for once per occurrence, not once per
     * line: a file of lone CRs (or with no CR at all) stays linear. */
    if (r->next_lf < r->pos)
        r->next_lf = find_byte(r->buf, r->len, r->pos, '\n');
    if (r->next_cr < r->pos)
        r->next_cr = find_byte(r->buf, r->len, r->pos, '\r');
    const char *start = r->buf + r->pos;
    size_t end = r->next_lf < r->next_cr ? r->next_lf : r->next_cr;
    r->pos = end + 1;
    if (end < r->len && r->buf[end] == '\r' && end + 1 < r->len && r->buf[end + 1] == '\n')
        r->pos++;

    size_t b = 0, e = end - (size_t)(start - r->buf), k;
    while (b < e && (k = space_len(start + b, e - b)) > 0)
        b += k;
    while (e > b) {
        size_t c = char_start_before(start, e);
        if (space_len(start + c, e - c) == 0)
            break;
        e = c;
    }
    l->text = start + b;
    l->len = e - b;
    l->number = r->number++;
    l->indented = b > 0;
    l->indent = b > UINT_MAX ? UINT_MAX : (unsigned)b;
    return 1;
}

static int is_fence(const line *l)
{
    return l->len == 3 && memcmp(l->text, "---", 3) == 0;
}

/* Does the trimmed line begin a list item: "1." / "12)" or a bullet, then
 * white space? */
static int starts_list_item(const line *l)
{
    const char *s = l->text;
    size_t n = l->len, mark = 0;
    while (mark < n && mark < 3 && s[mark] >= '0' && s[mark] <= '9')
        mark++;
    if (mark > 0) {
        if (mark == n || (s[mark] != '.' && s[mark] != ')'))
            return 0;
        mark++;
    } else if (n > 0 && (s[0] == '-' || s[0] == '*')) {
        mark = 1;
    } else if (n >= 3 && (memcmp(s, "\xE2\x80\xA2", 3) == 0        /* • */
                          || memcmp(s, "\xE2\x80\x93", 3) == 0)) { /* – */
        mark = 3;
    } else {
        return 0;
    }
    return mark < n && (s[mark] == ' ' || s[mark] == '\t');
}

/* ---- headings ------------------------------------------------------------ */

/* What the heading rules (see "Headings" above) look at in a block. */
typedef struct {
    size_t words;           /* runs of characters between blanks */
    size_t upper, lower;    /* capital and small letters */
    size_t alnum;           /* letters and digits */
    int32_t last;           /* the last character */
    int last_alnum;         /* whether it is a letter or a digit */
} block_shape;

static block_shape shape_of(const char *s, size_t n)
{
    block_shape sh = { 0 };
    int in_word = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        i += k > 0 ? (size_t)k : 1;
        int blank = cp == ' ' || cp == '\t';
        sh.words += !blank && !in_word;
        in_word = !blank;
        utf8proc_category_t c = utf8proc_category(cp);
        sh.upper += c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
        sh.lower += c == UTF8PROC_CATEGORY_LL;
        sh.last_alnum = is_letter(cp) || (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
        sh.alnum += sh.last_alnum;
        sh.last = cp;
    }
    return sh;
}

/* Is the last word of s[0..n), less the stops that end it, a number ("2",
 * "3.1") or a Roman numeral in capitals ("IV")? */
static int ends_in_numeral(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?'))
        n--;
    size_t start = n;
    while (start > 0 && s[start - 1] != ' ' && s[start - 1] != '\t')
        start--;
    if (start == n)
        return 0;
    int digits = s[start] >= '0' && s[start] <= '9';
    for (size_t i = start; i < n; i++)
        if (digits ? (s[i] < '0' || s[i] > '9') && s[i] != '.' : memchr("IVXLCDM", s[i], 7) == NULL)
            return 0;
    return 1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Is the block s[0..n) a heading by its own look (see "Headings" above)? */
static int looks_like_heading(const char *s, size_t n)
{
    line l = { s, n, 0, 0, 0 };
    if (longer_than(s, n, HEADING_MAX_CHARS) || starts_list_item(&l)
        || essay__page_numbers_ending(s, n) == ESSAY_PAGE_AFTER_LEADER)
        return 0;
    while (n > 0 && memchr(")]_*", s[n - 1], 4) != NULL)
        n--;                /* "[Illustration]", "_Of Pepin._", "*Why*" */
    block_shape sh = shape_of(s, n);
    if (sh.alnum == 0)
        return 0;
    if (sh.last_alnum || sh.last == '?')
        return 1;
    if (sh.last != '.' && sh.last != '!' && sh.last != '?')
        return 0;
    if (sh.lower == 0 && (sh.upper >= 2 || sh.words == 1))
        return 1;           /* in capitals: "CHAPTER II.", "I.", "12." */
    return sh.words <= 2 && ends_in_numeral(s, n)
           && (sh.words == 1 || utf8proc_category(code_point_at(s, n)) == UTF8PROC_CATEGORY_LU);
}

/* ---- entries ------------------------------------------------------------ */

/* The length of s[0..n) without a last ", note." or ", notes" (an index's
 * pointer to a footnote on the pages before: "Bull, E. W., =6=, 377, note."). */
static size_t without_note(const char *s, size_t n)
{
    size_t end = n;
    while (end > 0 && s[end - 1] == '.')
        end--;
    size_t word = end;
    while (word > 0 && s[word - 1] != ' ' && s[word - 1] != ',')
        word--;
    size_t len = end - word;
    if ((len != 4 && len != 5) || strncasecmp(s + word, "notes", len) != 0
        || word < 2 || s[word - 1] != ' ' || s[word - 2] != ',')
        return n;
    return word - 2;
}

/* Whether s[0..n) ends in "see" or "see also" as a word, in italics or not
 * ("_See_", "see also"); *start: where that begins. */
static int ends_in_see(const char *s, size_t n, size_t *start)
{
    static const char *const forms[] = { "_see_", "see", "_see also_", "see also" };
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
        size_t len = strlen(forms[k]);
        if (n >= len && strncasecmp(s + n - len, forms[k], len) == 0
            && (n == len || s[n - len - 1] == ' ')) {
            *start = n - len;
            return 1;
        }
    }
    return 0;
}

/* The length of s[0..n) without a last cross-reference of an index, a
 * "See" or "see also" after a dot, a semicolon or a comma, and at most
 * HEADING_MAX_CHARS of what it points at, which begins with a capital
 * ("Living, getting a, =4=, 457-462. _See_ Life.", "Kalmiana. _See_
 * Nuphar."; not "Go and see. See it for yourself."); *found: whether it
 * had one. */
static size_t without_reference(const char *s, size_t n, int *found)
{
    *found = 0;
    for (size_t at = n; at-- > 0 && n - at <= HEADING_MAX_CHARS;) {
        size_t see, target = at;
        if (s[at] != ' ' || !ends_in_see(s, at, &see))
            continue;
        while (target < n && (s[target] == ' ' || s[target] == '_'))
            target++;
        if (target == n || utf8proc_category(code_point_at(s + target, n - target))
                               != UTF8PROC_CATEGORY_LU)
            return n;       /* "see it", "see ‘Hamlet’" */
        size_t end = see;
        while (end > 0 && s[end - 1] == ' ')
            end--;
        if (end == 0 || (s[end - 1] != '.' && s[end - 1] != ';' && s[end - 1] != ','))
            return n;
        *found = 1;
        return end - 1;
    }
    return n;
}

/* What kind of entry of a table of contents or an index the paragraph 'p'
 * is (see "Entries" above). */
typedef enum { NO_ENTRY, ENTRY_TITLE, ENTRY_PAGES, ENTRY_LONG } entry_kind;

static entry_kind entry_of(const essay_paragraph *p)
{
    const char *last = p->text;
    for (const char *h; (h = memchr(last, HEADING_END, p->len - (size_t)(last - p->text)));)
        last = h + 1;
    size_t n = p->len - (size_t)(last - p->text);
    if (n == 0)
        return NO_ENTRY;
    int reference;
    size_t pointing = without_reference(last, n, &reference);
    if (essay__page_numbers_ending(last, without_note(last, pointing)) != ESSAY_NO_PAGE
        || (reference && !longer_than(last, pointing, HEADING_MAX_CHARS)))
        return longer_than(last, n, 4 * HEADING_MAX_CHARS) ? ENTRY_LONG : ENTRY_PAGES;
    line l = { last, n, 0, 0, 0 };
    if (!is_digit(last[0]) || !starts_list_item(&l) || longer_than(last, n, HEADING_MAX_CHARS))
        return NO_ENTRY;
    size_t mark = 0;
    while (mark < n && last[mark] != ' ' && last[mark] != '\t')
        mark++;
    while (mark < n && (last[mark] == ' ' || last[mark] == '\t'))
        mark++;
    return looks_like_heading(last + mark, n - mark) ? ENTRY_TITLE : NO_ENTRY;
}

/* Mark each run of entries among f's paragraphs that is long enough. */
static void mark_entry_runs(essay_file *f)
{
    size_t run = 0, counted = 0;    /* entries in the run; those of them not long */
    int pages = 0;
    for (size_t i = 0; i <= f->n_paragraphs; i++) {
        entry_kind kind = i < f->n_paragraphs ? entry_of(&f->paragraphs[i]) : NO_ENTRY;
        if (kind != NO_ENTRY) {
            run++;
            counted += kind != ENTRY_LONG;
            pages |= kind != ENTRY_TITLE;
            continue;
        }
        if (counted >= (pages ? ENTRY_RUN_MIN : ENTRY_TITLES_MIN))
            for (size_t k = i - run; k < i; k++)
                f->paragraphs[k].bare_heading = 1;
        run = counted = 0;
        pages = 0;
    }
}

/* Is 'prev' + 'next' a word hyphenated across the line break ("so-" +
 * "called")?  Both lines are non-blank. */
static int is_hyphen_break(const line *prev, const line *next)
{
    if (prev->len < 2 || prev->text[prev->len - 1] != '-')
        return 0;
    size_t c = char_start_before(prev->text, prev->len - 1);
    return is_letter(code_point_at(prev->text + c, prev->len - 1 - c))
        && utf8proc_category(code_point_at(next->text, next->len)) == UTF8PROC_CATEGORY_LL;
}

/* ---- header fields ------------------------------------------------------- */

/* If the text read by 'r' starts with a header, read it into 'f' and leave
 * 'r' after it.  A first line "---" that no other closes (see "Header") is
 * left out with a warning: the text starts after it.  Otherwise 'r' is left
 * alone.  Returns 1 when a header was read, 0 when none was, 2 when it was
 * not closed, -1 when out of memory. */
static int read_header(line_reader *r, essay_file *f, const char *name)
{
    line_reader probe = *r;
    line l;
    if (!read_line(&probe, &l) || !is_fence(&l))
        return 0;
    line_reader fields = probe;
    int closed = 0;
    while (!closed && probe.number <= HEADER_MAX_LINES && read_line(&probe, &l))
        closed = is_fence(&l);
    *r = fields;
    if (!closed)
        return essay__file_warn(f, name, ESSAY_NOTICE_HEADER, fields.number - 1, "%s:%u: a "
                                "header begins with --- but no --- line ends it (within %d "
                                "lines); read as text", name, fields.number - 1,
                                HEADER_MAX_LINES) != 0 ? -1 : 2;
    while (read_line(r, &l) && !is_fence(&l))
        if (essay__header_field(f, name, l.text, l.len, l.number) != 0)
            return -1;
    return 1;
}

/* The file name in 'name' without directory and extension, malloc'd. */
static char *title_from_name(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return strndup(base, n);
}

/* ---- paragraphs ---------------------------------------------------------- */

typedef struct {
    essay_file *f;
    size_t cap_paragraphs;
    char *end;              /* where the next byte of text goes in f->storage */
    char *paragraph;        /* start of the paragraph being built, or NULL */
    char *block;            /* start of the block being built in it, or NULL: none (the
                               paragraph holds headings waiting for the text they head) */
    size_t block_first;     /* the block's first line in 'starts' */
    essay_line_start *starts;   /* of the lines of that paragraph */
    size_t n_starts, cap_starts;
    size_t cap_line_starts; /* of f->line_starts */
    unsigned title_line;    /* the line the title was taken from, or 0 (a header's title) */
    char *scratch;          /* a paragraph being cut into passages */
    size_t cap_scratch;
} builder;

/* Copy s[0..n), bytes from..from+n of the paragraph being built, into
 * storage as a paragraph, with the lines it is made of; 'bare_heading': a
 * heading that heads nothing. */
static int emit(builder *b, const char *s, size_t n, size_t from, int bare_heading)
{
    essay_file *f = b->f;
    size_t first = 0, last;
    while (first + 1 < b->n_starts && b->starts[first + 1].offset <= from)
        first++;
    for (last = first + 1; last < b->n_starts && b->starts[last].offset < from + n; last++)
        continue;
    if (essay__reserve((void **)&f->paragraphs, &b->cap_paragraphs, f->n_paragraphs + 1,
                sizeof *f->paragraphs) != 0
        || essay__reserve((void **)&f->line_starts, &b->cap_line_starts,
                          f->n_line_starts + (last - first - 1), sizeof *f->line_starts) != 0)
        return -1;
    if (s != b->end)           /* a short paragraph is already in place */
        memmove(b->end, s, n);
    f->paragraphs[f->n_paragraphs++] = (essay_paragraph){ b->end, n, b->starts[first].number,
                                                          bare_heading, f->n_line_starts,
                                                          last - first - 1,
                                                          b->starts[first].indent };
    for (size_t k = first + 1; k < last; k++)
        f->line_starts[f->n_line_starts++] = (essay_line_start){ b->starts[k].offset - from,
                                                                 b->starts[k].number,
                                                                 b->starts[k].indent };
    b->end += n;
    *b->end++ = '\0';
    return 0;
}

/* Is text[p] (a space) just after a sentence end: ".", "!" or "?", then
 * perhaps a closing quote or bracket? */
static int follows_sentence_end(const char *text, size_t start, size_t p)
{
    size_t q = p;
    if (q > start && memchr("\"')]", text[q - 1], 4) != NULL)
        q--;
    else if (q - start >= 3 && memcmp(text + q - 3, "\xE2\x80", 2) == 0
             && (text[q - 1] == '\x99' || text[q - 1] == '\x9D'))  /* ’ ” */
        q -= 3;
    return q > start && (text[q - 1] == '.' || text[q - 1] == '!' || text[q - 1] == '?');
}

/* Where to cut text[start..n), which is longer than ESSAY_MAX_PARAGRAPH:
 * the passage is text[start..*cut), the next one starts at *next. */
static void find_cut(const char *text, size_t start, size_t n, size_t *cut, size_t *next)
{
    size_t limit = start + ESSAY_MAX_PARAGRAPH;     /* < n */
    size_t quarter = start + ESSAY_MAX_PARAGRAPH / 4 * 3, p;
    for (p = limit; p >= quarter; p--)
        if (text[p] == ' ' && follows_sentence_end(text, start, p))
            break;
    if (p < quarter)
        for (p = limit; p > start && text[p] != ' '; p--)
            continue;
    if (p > start) {
        *cut = *next = p;
        while (*cut > start && text[*cut - 1] == ' ')
            (*cut)--;
        while (*next < n && text[*next] == ' ')
            (*next)++;
        return;
    }
    for (p = limit; ((unsigned char)text[p] & 0xC0) == 0x80; p--)
        continue;
    *cut = *next = p;
}

/* Finish the paragraph being built, cutting it into passages if long. */
static int end_paragraph(builder *b)
{
    if (b->paragraph == NULL)
        return 0;
    size_t n = (size_t)(b->end - b->paragraph);
    const char *text = b->paragraph;
    b->paragraph = b->block = NULL;
    b->end -= n;
    if (n <= ESSAY_MAX_PARAGRAPH)
        return emit(b, text, n, 0, 0);

    if (essay__reserve((void **)&b->scratch, &b->cap_scratch, n, 1) != 0)
        return -1;
    memcpy(b->scratch, text, n);
    size_t start = 0;
    while (start < n) {
        size_t cut = n, next = n;
        if (n - start > ESSAY_MAX_PARAGRAPH)
            find_cut(b->scratch, start, n, &cut, &next);
        if (emit(b, b->scratch + start, cut - start, start, 0) != 0)
            return -1;
        start = next;
    }
    return 0;
}

/* Is the block being built a heading?  'blank_after': a blank line ends it. */
static int block_is_heading(const builder *b, int blank_after)
{
    const char *s = b->block;
    size_t n = (size_t)(b->end - s);
    if (b->title_line != 0 && b->starts[b->block_first].number == b->title_line && blank_after
        && b->n_starts - b->block_first == 1 && n <= TITLE_MAX_BYTES)
        return shape_of(s, n).alnum > 0;
    return looks_like_heading(s, n);
}

/* End the block being built: a heading waits in the paragraph for the text
 * it heads; any other block ends the paragraph. */
static int end_block(builder *b, int blank_after)
{
    if (b->block == NULL)
        return 0;
    if (block_is_heading(b, blank_after)) {
        b->block = NULL;
        return 0;
    }
    return end_paragraph(b);
}

/* The end of the text: a paragraph whose headings head nothing becomes a
 * paragraph for each of them, a bare heading (they are short: no passages). */
static int end_text(builder *b)
{
    if (b->block != NULL && !block_is_heading(b, 0))
        return end_paragraph(b);
    if (b->paragraph == NULL)
        return 0;
    char *text = b->paragraph;
    size_t n = (size_t)(b->end - text), start = 0;
    b->paragraph = b->block = NULL;
    b->end = text;
    for (;;) {
        const char *stop = memchr(text + start, HEADING_END, n - start);
        size_t len = stop ? (size_t)(stop - text) - start : n - start;
        if (emit(b, text + start, len, start, 1) != 0)
            return -1;
        if (stop == NULL)
            return 0;
        start += len + 1;
    }
}

/* Add line 'l' to the paragraph being built, after a space if
 * 'space_before', or begin a new block with it: a new paragraph, or the
 * text after the headings waiting in the paragraph. */
static int add_line(builder *b, const line *l, int begin, int space_before)
{
    if (begin) {
        if (end_block(b, 0) != 0)
            return -1;
        if (b->paragraph == NULL) {
            b->paragraph = b->end;
            b->n_starts = 0;
        } else {
            *b->end++ = HEADING_END;
        }
        b->block = b->end;
        b->block_first = b->n_starts;
        space_before = 0;
    }
    if (essay__reserve((void **)&b->starts, &b->cap_starts, b->n_starts + 1, sizeof *b->starts)
        != 0)
        return -1;
    if (space_before)
        *b->end++ = ' ';
    b->starts[b->n_starts++] = (essay_line_start){ (size_t)(b->end - b->paragraph), l->number,
                                                   l->indent };
    memcpy(b->end, l->text, l->len);
    b->end += l->len;
    return 0;
}

typedef enum {
    JOIN_BLOCKS,            /* rule 3: join the lines of a block */
    ONE_A_LINE,             /* rules 1 and 2: each line a paragraph */
    BY_INDENTATION,         /* rule 1's exception: join, an indented line starts one */
} layout;

/* Rules 1 and 2 above: how the lines of the text from 'r' make paragraphs. */
static layout text_layout(line_reader r)
{
    size_t text_bytes = 0, long_bytes = 0, indented = 0, lines = 0;
    int seen_text = 0, pending_blank = 0, separated = 0;
    line l;
    while (read_line(&r, &l)) {
        if (l.len == 0) {
            pending_blank = seen_text;
            continue;
        }
        separated |= pending_blank;
        pending_blank = 0;
        seen_text = 1;
        text_bytes += l.len;
        lines++;
        indented += l.indented;
        if (is_long_line(l.text, l.len))
            long_bytes += l.len;
    }
    if (long_bytes > text_bytes / 2)
        return ONE_A_LINE;
    if (separated)
        return JOIN_BLOCKS;
    /* Hard-wrapped with no blank lines: indented first lines, if some (but
     * not most) lines are indented, mark the paragraphs. */
    return indented > 0 && indented * 2 < lines ? BY_INDENTATION : ONE_A_LINE;
}

/* Read the paragraphs from 'r' into b->f, and take the title from the first
 * non-blank line if the header gave none. */
static int read_paragraphs(builder *b, line_reader r)
{
    layout how = text_layout(r);
    line l, prev = { NULL, 0, 0, 0, 0 };
    while (read_line(&r, &l)) {
        if (l.len == 0) {
            if (end_block(b, 1) != 0)
                return -1;
            prev.len = 0;
            continue;
        }
        if (b->f->title == NULL) {
            if (essay__clean_copy(l.text, l.len, TITLE_MAX_BYTES, &b->f->title) != 0)
                return -1;
            b->title_line = l.number;
        }
        int begin = prev.len == 0 || how == ONE_A_LINE || starts_list_item(&l)
                    || is_long_line(prev.text, prev.len) || (how == BY_INDENTATION && l.indented);
        if (add_line(b, &l, begin, !is_hyphen_break(&prev, &l)) != 0)
            return -1;
        prev = l;
    }
    b->f->lines = r.number - 1;
    return end_text(b);
}

/* ---- the entry points ---------------------------------------------------- */

static int parse_valid(const char *name, const char *buf, size_t len, essay_file *f)
{
    builder b = { .f = f };
    /* See "Memory" above for why this is enough. */
    size_t cap = len + 2 + len / (ESSAY_MAX_PARAGRAPH - 4);
    f->storage = malloc(cap);
    if (f->storage == NULL)
        return -1;
    b.end = f->storage;
    line_reader r = line_reader_start(buf, len);
    int header = read_header(&r, f, name);
    int failed = header < 0 || read_paragraphs(&b, r) != 0;
    if (!failed) {
        mark_entry_runs(f);
        essay__mark_catalogues(f);
        essay__mark_lists(f);
    }
    free(b.starts);
    free(b.scratch);
    if (!failed && f->title == NULL)
        failed = (f->title = title_from_name(name)) == NULL;
    if (!failed && f->n_paragraphs == 0 && header != 2)
        failed = essay__file_warn(f, name, ESSAY_NOTICE_EMPTY, 0, "%s: %s: nothing to index",
                                  name, header ? "a header and no text"
                                         : r.pos >= len ? "empty" : "only white space") != 0;
    return failed ? -1 : 0;
}

essay_status essay__file_parse(const char *name, const char *buf, size_t len, essay_file **out,
                               char **err)
{
    *out = NULL;
    if (name == NULL)
        name = "";
    if (buf == NULL || len == 0)
        buf = "", len = 0;
    essay_status st = essay__text_check(name, buf, len, err);
    if (st != ESSAY_OK)
        return st;

    essay_file *f = calloc(1, sizeof *f);
    if (f == NULL || parse_valid(name, buf, len, f) != 0) {
        essay__file_free(f);
        return essay__fail(err, ESSAY_NOMEM, "%s: out of memory", name);
    }
    *out = f;
    return ESSAY_OK;
}

void essay__file_free(essay_file *f)
{
    if (f == NULL)
        return;
    free(f->title);
    free(f->author);
    free(f->date);
    free(f->source);
    free(f->language);
    free(f->paragraphs);
    free(f->line_starts);
    free(f->storage);
    essay__notices_free(f->warnings, f->n_warnings);
    free(f);
}
