/* lists.c -- paragraphs that are lists of titles or names, not text: a
 * book's contents and its index typed as lines without page numbers.
 *
 * essayfile.c joins the lines of a block into one paragraph.  A contents
 * page whose lines carry no page numbers ("  My Watch", "  Political
 * Economy", "  The Jumping Frog"), or an index whose page numbers were
 * links ("  Beggars, often intercept charity intended for the poor,",
 * "    in Ireland,"), is then one long paragraph of names: it holds many a
 * query's words, and outranks the text it names (`twain cannibalism in the
 * cars` gave the contents of Twain's Sketches first, `swift letter to a
 * young clergyman` three paragraphs of an index).  Its lines tell it apart,
 * when it has LIST_MIN_LINES or more (its headings aside) and they are
 * ragged (half of them shorter than RAGGED_SHARE of the longest, or
 * ending where the next line's first word would have fit), where prose
 * fills its lines to the width it wraps at:
 *  - titles: TITLES_MIN_LINES lines or more are titles, but one in
 *    OTHER_LINE_SHARE, each word of one that begins with a letter
 *    beginning with a capital, but for English stop words ("The Story Of
 *    The Bad Little Boy", "A Couple of Poems by Twain and Moore"); lines
 *    all in capitals, when they end closed, but one in OTHER_LINE_SHARE,
 *    not with a sentence or a stop word (a chapter's summary, an
 *    inscription running on, are text);
 *  - an index: its entries, the lines least indented that begin with a
 *    capital, begin with words in alphabetical order, but a few
 *    ("Atheism", "Atheist", "Atheology", "Atterbury", "Austin"), most of
 *    them with the letter of the entry before; the other lines go on an
 *    entry ("    rise of, due to the Rebellion");
 *  - a list its heading names ("CONTENTS.", "INDEX"): its lines begin
 *    with a capital or a figure, but one in OTHER_LINE_SHARE, in sentence
 *    case too ("Mr. Kipling's stories", "The poems of Sir Walter Scott");
 *  - ragged or not, contents set out in one block: its lines end in page
 *    numbers after two spaces or a dot leader, but one in
 *    OTHER_LINE_SHARE ("FONTAINEBLEAU                 72", the numbers
 *    aligned, so that no line ends short).
 * An index set out an entry a paragraph, its page numbers lost, is no
 * text either: from a heading naming it to the end of the file, short
 * paragraphs beginning with capitals in alphabetical order
 * (mark_index_entries()).
 * It also tells how a line ends in page numbers (essay__page_numbers_ending()),
 * for essayfile.c's entries, a paragraph each.
 * Such a paragraph is marked 'bare_heading', as a run of entries with page
 * numbers is (essayfile.c, "Entries"), and ranks after every paragraph of
 * text.  A poem's lines begin with capitals in no order, and most of its
 * words are small: LIST_MIN_LINES words in alphabetical order come by
 * chance once in 720 times (a couplet of Burton's Arabian Nights: "Bear",
 * "Bid", "Eke", "Long", "Till", "We"), and seldom with one letter.
 */
#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <utf8proc.h>
#include "private.h"

#define LIST_MIN_LINES 6        /* lines of a list */
#define TITLES_MIN_LINES 8      /* lines of a list of titles */
#define RAGGED_SHARE   0.75     /* half the lines of a list are shorter than this of the longest */
#define WORD_MAX       32       /* bytes of a word looked up among the stop words */
#define OUT_OF_ORDER_SHARE 8    /* of an index's entries, one in this many may be out of order */
#define OTHER_LINE_SHARE 8      /* of a list of titles, one line in this many may be none */
#define ENTRY_SHARE    3        /* of an index's lines, one in this many begins an entry */
#define INDEX_ENTRY_MAX_LINES 8 /* lines of an index's entry set out as a paragraph */
#define INDEX_MIN_ENTRIES 6     /* entries of an index set out a paragraph an entry */

/* The line k of the paragraph 'p' of 'f' (0: its first), without the space
 * that joins it to the next. */
static const char *line_of(const essay_file *f, const essay_paragraph *p, size_t k, size_t *len)
{
    size_t start = k == 0 ? 0 : f->line_starts[p->lines + k - 1].offset;
    size_t end = k == p->n_lines ? p->len : f->line_starts[p->lines + k].offset;
    while (end > start && p->text[end - 1] == ' ')
        end--;
    *len = end - start;
    return p->text + start;
}

/* The code point at s[0..n), n > 0, or -1. */
static utf8proc_int32_t code_point_at(const char *s, size_t n)
{
    utf8proc_int32_t cp = -1;
    utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    return cp;
}

/* The bytes of the character at s[0..n), n > 0 (1 for a byte that begins none). */
static size_t char_len(const char *s, size_t n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t got = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    return got > 0 ? (size_t)got : 1;
}

/* Whether the character at s[0..n), n > 0, is punctuation but a dash: a
 * quote mark of any kind ('"', "“", "«"), a bracket, '_' or '*' of
 * emphasis.  A dash joins parts of a title ("The Departure.--the
 * Tornado"). */
static int is_punctuation(const char *s, size_t n)
{
    switch (utf8proc_category(code_point_at(s, n))) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return 1;
    default:
        return 0;
    }
}

/* The letter of the character at s[0..n), n > 0, without its case and
 * accents ("É" and "e": 'e'), so that entries compare as an index sorts
 * them, or 0 for a mark of its own; its length in *len. */
static utf8proc_int32_t folded_letter(const char *s, size_t n, size_t *len)
{
    utf8proc_int32_t cp = code_point_at(s, n), base[4];
    int boundary = 0;
    *len = char_len(s, n);
    if (cp < 0)
        return cp;
    utf8proc_ssize_t got = utf8proc_decompose_char(
        cp, base, 4, UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &boundary);
    return got > 0 ? base[0] : got == 0 ? 0 : cp;
}

/* How the words a[0..a_len) and b[0..b_len) sort, letter by letter
 * without case and accents, the shorter first when one begins the other:
 * < 0, 0 or > 0. */
static int compare_words(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t i = 0, j = 0, la = 0, lb = 0;
    utf8proc_int32_t x = 0, y = 0;
    while (i < a_len && j < b_len) {
        if (x == 0 && (x = folded_letter(a + i, a_len - i, &la)) == 0) {
            i += la;        /* a mark of its own, stripped: "E\u0301cole" */
            continue;
        }
        if (y == 0 && (y = folded_letter(b + j, b_len - j, &lb)) == 0) {
            j += lb;
            continue;
        }
        if (x != y)
            return x < y ? -1 : 1;
        i += la;
        j += lb;
        x = y = 0;
    }
    return (i < a_len) - (j < b_len);
}

/* Whether the words at a[0..a_len) and b[0..b_len), each n > 0, begin with
 * one letter, without case and accents. */
static int same_first_letter(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t la, lb;
    return folded_letter(a, a_len, &la) == folded_letter(b, b_len, &lb);
}

/* The word that begins at s[0..n): its letters and those after them up to
 * a space or punctuation; its length. */
static size_t word_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '.' && s[i] != ';' && s[i] != ':')
        i++;
    return i;
}

/* Whether the word s[0..n), in any case, is an English stop word ("of",
 * "the", "THE"). */
static int stop_word(const char *s, size_t n)
{
    char word[WORD_MAX];
    if (n == 0 || n >= sizeof word)
        return 0;
    for (size_t i = 0; i < n; i++)
        word[i] = (char)tolower((unsigned char)s[i]);
    word[n] = '\0';
    return essay__english_stopword(word);
}

/* Whether the line s[0..n) is a title: each word that begins with a letter
 * begins with a capital, or is a stop word. */
static int is_title(const char *s, size_t n)
{
    int letters = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || is_punctuation(s + i, n - i)))
            i += s[i] == ' ' ? 1 : char_len(s + i, n - i);
        if (i == n)
            break;
        size_t len = word_len(s + i, n - i);
        utf8proc_category_t c = utf8proc_category(code_point_at(s + i, n - i));
        if (c == UTF8PROC_CATEGORY_LL && !stop_word(s + i, len))
            return 0;
        letters |= c == UTF8PROC_CATEGORY_LU;
        i += len ? len : 1;
    }
    return letters;
}

/* Whether the line s[0..n) begins with a capital. */
static int begins_with_capital(const char *s, size_t n)
{
    return n > 0 && utf8proc_category(code_point_at(s, n)) == UTF8PROC_CATEGORY_LU;
}

/* The lines of the paragraph 'p' of 'f' after its headings, from 'first'. */
typedef struct {
    const essay_file *f;
    const essay_paragraph *p;
    size_t first, n;
} body_lines;

static body_lines body_of(const essay_file *f, const essay_paragraph *p)
{
    size_t body = essay__paragraph_body(p->text, p->len), first = 0, len;
    while (first <= p->n_lines && line_of(f, p, first, &len) < p->text + body)
        first++;
    return (body_lines){ f, p, first, p->n_lines + 1 - first };
}

/* How far line k of the paragraph of 'b' is indented in the file. */
static unsigned indent_of(const body_lines *b, size_t k)
{
    return k == 0 ? b->p->indent : b->f->line_starts[b->p->lines + k - 1].indent;
}

/* Whether the lines of 'b' are ragged, where prose fills its lines to
 * the width it wraps at: half of them or more are shorter than
 * RAGGED_SHARE of the longest, or end short, where the next line's first
 * word would have fit within the widest, in characters (a list of titles alike in
 * length: "Chapter the Ninth--The Samurai", "Chapter the Tenth--Race in
 * Utopia"). */
static int ragged(const body_lines *b)
{
    size_t longest = 0, widest = 0, len, next_len, shorter = 0, short_ends = 0;
    for (size_t k = b->first; k < b->first + b->n; k++) {
        const char *s = line_of(b->f, b->p, k, &len);
        size_t chars = essay__utf8_chars(s, len);
        longest = chars > longest ? chars : longest;
        widest = indent_of(b, k) + chars > widest ? indent_of(b, k) + chars : widest;
    }
    for (size_t k = b->first; k < b->first + b->n; k++) {
        const char *s = line_of(b->f, b->p, k, &len);
        size_t chars = essay__utf8_chars(s, len);
        shorter += (double)chars < RAGGED_SHARE * (double)longest;
        if (k + 1 == b->first + b->n)
            break;
        const char *next = line_of(b->f, b->p, k + 1, &next_len);
        size_t word = 0;
        while (word < next_len && next[word] != ' ')
            word++;
        short_ends += indent_of(b, k) + chars + 1 + essay__utf8_chars(next, word) <= widest;
    }
    return shorter * 2 >= b->n || short_ends * 2 >= b->n - 1;
}

/* Whether s[0..n) has a small letter. */
static int has_small_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t got = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                (utf8proc_ssize_t)(n - i), &cp);
        if (got <= 0)
            return 0;
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
            return 1;
        i += (size_t)got;
    }
    return 0;
}

/* Whether the line s[0..n) ends open, going on in the next: with a mark
 * that ends a clause or a sentence ('.', ',', ';', ':'), or a stop word
 * ("LYES THE", "MINISTERS OF THE GOSPEL AND"). */
static int ends_open(const char *s, size_t n)
{
    if (n == 0 || memchr(".,;:", s[n - 1], 4) != NULL)
        return 1;
    size_t start = n;
    while (start > 0 && s[start - 1] != ' ')
        start--;
    return stop_word(s + start, n - start);
}

/* Whether the lines of 'b', TITLES_MIN_LINES or more, are titles, but one
 * in OTHER_LINE_SHARE ("IX In the Place de la Bastille").  Lines all in
 * capitals are titles ("SOME REFLECTIONS ON THE LOSS OF THE TITANIC--1912",
 * "A FRIENDLY PLACE") when they end closed, but one in OTHER_LINE_SHARE: a
 * chapter's summary ("DOMESTIC RABBITS. ANCIENT DOMESTICATION.") ends its
 * lines with sentences and an inscription ("THIS PLACE LYES THE") runs on
 * from line to line, which are text, and name their chapter. */
static int titles(const body_lines *b)
{
    size_t len, others = 0, open = 0;
    int small = 0;
    for (size_t k = b->first; k < b->first + b->n; k++) {
        const char *s = line_of(b->f, b->p, k, &len);
        others += !is_title(s, len);
        small |= has_small_letter(s, len);
        open += ends_open(s, len);
    }
    return b->n >= TITLES_MIN_LINES && others * OTHER_LINE_SHARE <= b->n
           && (small || open * OTHER_LINE_SHARE <= b->n);
}

/* The order of an index's entries, by their first words. */
typedef struct {
    const char *prev;           /* the last entry's first word */
    size_t prev_len, entries, same_letter, later, out_of_order;
} entry_order;

static void entry_order_add(entry_order *o, const char *word, size_t len)
{
    if (o->prev != NULL) {
        int order = compare_words(o->prev, o->prev_len, word, len);
        o->out_of_order += order > 0;
        o->later += order < 0;
        o->same_letter += same_first_letter(o->prev, o->prev_len, word, len);
    }
    o->prev = word;
    o->prev_len = len;
    o->entries++;
}

/* Whether the entries of 'o' begin with words in alphabetical order, but
 * one in OUT_OF_ORDER_SHARE, most of them with the letter of the entry
 * before and a later word than its. */
static int entry_order_holds(const entry_order *o)
{
    return o->same_letter * 2 >= o->entries && o->later * 2 >= o->entries
           && o->out_of_order * OUT_OF_ORDER_SHARE <= o->entries;
}

/* Whether 'b' is an index: its entries, the lines least indented that
 * begin with a capital (the others go on an entry: "Beggars, often
 * intercept charity", "    in Ireland,", "    should wear badges."), one
 * line in ENTRY_SHARE or more and LIST_MIN_LINES or more, begin with words
 * in alphabetical order, but one in OUT_OF_ORDER_SHARE, most of them with
 * the letter of the entry before and a later word than its ("Atheism",
 * "Atheist", "Atheology"; not a poem's "Such blue of sky", "Such glow of
 * earth"). */
static int alphabetical(const body_lines *b)
{
    unsigned least = UINT_MAX;
    for (size_t k = b->first; k < b->first + b->n; k++)
        least = indent_of(b, k) < least ? indent_of(b, k) : least;
    entry_order o = { 0 };
    size_t len;
    for (size_t k = b->first; k < b->first + b->n; k++) {
        const char *s = line_of(b->f, b->p, k, &len);
        if (indent_of(b, k) == least && begins_with_capital(s, len))
            entry_order_add(&o, s, word_len(s, len));
    }
    return o.entries >= LIST_MIN_LINES && o.entries * ENTRY_SHARE >= b->n
           && entry_order_holds(&o);
}

/* The names a heading gives a list; an index's are the last INDEX_NAMES. */
static const char *const list_names[] = { "contents", "table of contents",
                                          "list of illustrations", "illustrations", "index",
                                          "general index" };
#define INDEX_NAMES 2

/* Which list the heading line k of the paragraph of 'b' names, 1 + its
 * place in list_names ("CONTENTS.", "Table of Contents", "INDEX", "List of
 * Illustrations"), or 0: none. */
static size_t list_named(const body_lines *b, size_t k)
{
    size_t len;
    const char *s = line_of(b->f, b->p, k, &len);
    char name[WORD_MAX];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < sizeof name; i++) {
        if (isalpha((unsigned char)s[i]))
            name[n++] = (char)tolower((unsigned char)s[i]);
        else if (s[i] == ' ' || s[i] == '\t') {
            if (n > 0 && name[n - 1] != ' ')
                name[n++] = ' ';
        } else if (!strchr(".:", s[i]) && s[i] != '\n')
            return 0;       /* "CONTENTS OF VOL. II", "Index 1820" name more */
    }
    while (n > 0 && name[n - 1] == ' ')
        n--;
    name[n] = '\0';
    for (size_t i = 0; i < sizeof list_names / sizeof *list_names; i++)
        if (strcmp(name, list_names[i]) == 0)
            return i + 1;
    return 0;
}

/* Whether the last heading over the paragraph of 'b' names a list. */
static int headed_as_list(const body_lines *b)
{
    return b->first > 0 && list_named(b, b->first - 1) != 0;
}

/* Whether a heading over the paragraph of 'b' names an index (the last may
 * be its first letter, "A"). */
static int headed_as_index(const body_lines *b)
{
    for (size_t k = 0; k < b->first; k++)
        if (list_named(b, k) > sizeof list_names / sizeof *list_names - INDEX_NAMES)
            return 1;
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Line k of the paragraph of 'b' after any punctuation that begins it
 * ("_Alabama_", "'Amir"), *len its length. */
static const char *line_after_punctuation(const body_lines *b, size_t k, size_t *len)
{
    const char *s = line_of(b->f, b->p, k, len);
    size_t at = 0;
    while (at < *len && is_punctuation(s + at, *len - at))
        at += char_len(s + at, *len - at);
    *len -= at;
    return s + at;
}

/* Whether line k of the paragraph of 'b' begins with a capital or a
 * figure, after any punctuation. */
static int begins_entry(const body_lines *b, size_t k)
{
    size_t len;
    const char *s = line_after_punctuation(b, k, &len);
    return begins_with_capital(s, len) || (len > 0 && is_digit(s[0]));
}

/* Whether the lines of 'b' begin with a capital or a figure, but one in
 * OTHER_LINE_SHARE: the entries of a list its heading names, in any case
 * ("Mr. Kipling's stories", "The poems of Sir Walter Scott"). */
static int entries(const body_lines *b)
{
    size_t others = 0;
    for (size_t k = b->first; k < b->first + b->n; k++)
        others += !begins_entry(b, k);
    return others * OTHER_LINE_SHARE <= b->n;
}

/* Whether the paragraph 'p' of 'f' is an entry of an index set out a
 * paragraph each: at most INDEX_ENTRY_MAX_LINES lines, the first beginning
 * with a capital or a figure ("Smith, Mr., of Jordan Hill, on upraised
 * shells retaining their colours.", "_Alabama_, the, built in Liverpool"). */
static int index_entry(const essay_file *f, const essay_paragraph *p, body_lines *b)
{
    *b = body_of(f, p);
    return b->n > 0 && b->n <= INDEX_ENTRY_MAX_LINES && begins_entry(b, b->first);
}

/* Mark the entries of an index set out a paragraph each, from the last
 * heading naming it ("INDEX."; essayfile.c reads the heading into the
 * first entry's paragraph; a contents page may name it before) to the end
 * of the file, where a book's index is: INDEX_MIN_ENTRIES entries or more,
 * all but one paragraph in OTHER_LINE_SHARE entries, their first words in
 * alphabetical order (entry_order_holds(): short paragraphs of text under
 * a heading "Index" are not).  An entry essayfile.c took for a heading
 * ("AGUARA.", over "AINSWORTH, Mr., on the change in the hair of
 * animals") is an entry's paragraph too.  An index whose page numbers were links (Darwin's,
 * "Smith, Mr., of Jordan Hill ... --on elevated seaweed.") is then no
 * text, as one with page numbers is (essayfile.c, "Entries"). */
static void mark_index_entries(essay_file *f)
{
    size_t first = f->n_paragraphs;
    while (first > 0) {
        body_lines b = body_of(f, &f->paragraphs[first - 1]);
        if (headed_as_index(&b))
            break;
        first--;
    }
    if (first-- == 0)
        return;
    size_t n = f->n_paragraphs - first, found = 0, len;
    entry_order o = { 0 };
    body_lines b;
    for (size_t k = first; k < f->n_paragraphs; k++) {
        if (!index_entry(f, &f->paragraphs[k], &b))
            continue;
        const char *s = line_after_punctuation(&b, b.first, &len);
        entry_order_add(&o, s, word_len(s, len));
        found++;
    }
    if (found >= INDEX_MIN_ENTRIES && (n - found) * OTHER_LINE_SHARE <= n && entry_order_holds(&o))
        for (size_t k = first; k < f->n_paragraphs; k++)
            if (index_entry(f, &f->paragraphs[k], &b))
                f->paragraphs[k].bare_heading = 1;
}

essay_page_ending essay__page_numbers_ending(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == '.')
        n--;
    size_t start = n, digits = 0;
    for (; start > 0 && (is_digit(s[start - 1]) || s[start - 1] == '-'); start--)
        digits = s[start - 1] == '-' ? 0 : digits + 1;
    if (start == n || !is_digit(s[start]) || digits > 3)
        return ESSAY_NO_PAGE;
    size_t spaces = 0;
    for (; start > 0 && s[start - 1] == ' '; start--)
        spaces++;
    if (spaces >= 2 || (start >= 2 && s[start - 1] == '.'
                        && (s[start - 2] == '.' || s[start - 2] == ' ')))
        return ESSAY_PAGE_AFTER_LEADER;
    return start > 0 && s[start - 1] == ',' ? ESSAY_PAGE_AFTER_COMMA : ESSAY_NO_PAGE;
}

/* Whether the lines of 'b' end in page numbers, but one in
 * OTHER_LINE_SHARE: a table of contents set out in one block, its page
 * numbers aligned (no line ends short of the others). */
static int paged(const body_lines *b)
{
    size_t len, others = 0;
    for (size_t k = b->first; k < b->first + b->n; k++) {
        const char *s = line_of(b->f, b->p, k, &len);
        others += essay__page_numbers_ending(s, len) != ESSAY_PAGE_AFTER_LEADER;
    }
    return others * OTHER_LINE_SHARE <= b->n;
}

void essay__mark_lists(essay_file *f)
{
    for (size_t i = 0; i < f->n_paragraphs; i++) {
        essay_paragraph *p = &f->paragraphs[i];
        if (p->bare_heading || p->n_lines + 1 < LIST_MIN_LINES)
            continue;
        body_lines b = body_of(f, p);
        if (b.n >= LIST_MIN_LINES
            && (paged(&b) || (ragged(&b) && (titles(&b) || alphabetical(&b)
                                             || (headed_as_list(&b) && entries(&b))))))
            p->bare_heading = 1;
    }
    mark_index_entries(f);
}
