/* interactive.c -- essay-search -i: search as you type, in the terminal.
 *
 * A full-screen view (ncurses): the query line at the top, a status line,
 * the hits of the query as it stands, one a line, and a preview of the
 * selected hit: its whole paragraph with the query's words highlighted,
 * between the paragraphs around it, dimmed.  The search is the one
 * essay-search runs (essay_search(), with the options of the command line),
 * run again when the query changes, but only once the keys already typed
 * are read: a burst of keys (fast typing, a paste) costs one search, of the
 * query as it ends, and no stale query is searched.  A search takes a few
 * milliseconds, less than the gap between two keystrokes, so typing never
 * waits.  A key that acts on the hits (a move, Enter) searches first what
 * was typed before it.
 *
 * Enter opens the selected hit in the user's editor at its line (editor.c),
 * the view suspended meanwhile; Esc or Ctrl-C leaves, the terminal restored,
 * and the last query is printed so that it can be used again.
 *
 * Everything from essays, from the index and from the query is drawn
 * through essay_safe_copy(), so no control character reaches the terminal.
 * Text is UTF-8, measured in columns with wcwidth() in the user's locale.
 *
 * Keys are read a byte (or a key ncurses names, KEY_UP) at a time with
 * wgetch(), and the bytes gathered here into UTF-8 characters, whatever the
 * locale.  Not get_wch(): ncurses keeps reading after a byte that cannot
 * begin a character (0xE9 from a Latin-1 terminal), adding every key after
 * it to a sequence that can never become valid, until its buffer (145 bytes)
 * is full; the view answered no key, Esc and Ctrl-C included, meanwhile.
 * Here a byte that is not UTF-8 is dropped with a beep, and the keys after
 * it are keys.
 */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>
#include <wctype.h>
#include "editor.h"
#include "interactive.h"

#define QUERY_MAX 1024          /* bytes of a query */
#define UTF8_MAX 4              /* bytes of a UTF-8 character */
#define ESCAPE_DELAY_MS 25      /* how long an Esc waits to be the start of a key's sequence */
#define MIN_LINES 8             /* a smaller terminal shows only that it is too small */
#define MIN_COLS 20
#define CTRL(c) ((c) & 0x1f)
#define KEY_ESCAPE 27
#define KEY_DELETE 127

enum { PAIR_MATCH = 1, PAIR_PATH };

typedef struct {
    essay_searcher *s;
    essay_search_options opt;
    const interactive_settings *set;
    char query[QUERY_MAX];      /* as typed, NUL-terminated */
    size_t len;
    int dirty;                  /* the query changed since it was searched */
    essay_results *r;           /* the hits of the last query searched, or NULL */
    char *message;              /* why the last search or the editor failed, or NULL */
    size_t selected, top;       /* the selected hit, and the first one listed */
    size_t context_of;          /* the hit whose context was read (SIZE_MAX: none) */
    attr_t match, path;         /* how matched words and paths are drawn */
    unsigned char partial[UTF8_MAX]; /* the bytes typed of a character not yet whole */
    size_t partial_len, partial_need; /* how many, of how many it takes */
} view;

/* ---- searching ----------------------------------------------------------- */

static size_t hits(const view *v)
{
    return v->r ? essay_results_count(v->r) : 0;
}

/* Search the query as it stands.  A query that fails (a quote not yet
 * closed) says why and leaves the hits of the last one that did not. */
static void search(view *v)
{
    v->dirty = 0;
    free(v->message);
    v->message = NULL;
    essay_results *r = NULL;
    char *err = NULL;
    if (v->query[strspn(v->query, " ")] != '\0') {
        essay_status st = essay_search(v->s, v->query, &v->opt, &r, &err);
        if (st != ESSAY_OK) {
            if (asprintf(&v->message, "%s%s", st == ESSAY_BAD_QUERY && err ? "bad query at " : "",
                         err ? err : essay_strerror(st)) < 0)
                v->message = NULL;
            free(err);
            return;
        }
    }
    essay_results_free(v->r);
    v->r = r;
    v->selected = v->top = 0;
    v->context_of = SIZE_MAX;
}

/* ---- measuring and drawing text ---------------------------------------- */

/* The bytes of the longest prefix of s[0..len), in whole characters, that
 * takes at most 'cols' columns; the columns it takes in *used. */
static size_t fit(const char *s, size_t len, int cols, int *used)
{
    mbstate_t state;
    memset(&state, 0, sizeof state);
    size_t at = 0;
    int width = 0;
    while (at < len) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s + at, len - at, &state);
        int w = 1;
        if (n == (size_t)-1 || n == (size_t)-2) {
            n = 1;
            memset(&state, 0, sizeof state);
        } else if ((w = wcwidth(wc)) < 0) {
            w = 1;
        }
        if (width + w > cols)
            break;
        width += w;
        at += n ? n : 1;
    }
    *used = width;
    return at;
}

/* The end of 's' that takes at most 'cols' columns, in whole characters. */
static const char *tail(const char *s, int cols)
{
    int width;
    fit(s, strlen(s), INT_MAX, &width);
    while (width > cols && *s) {
        int cl = mblen(s, strlen(s));
        s += cl > 0 ? cl : 1;
        fit(s, strlen(s), INT_MAX, &width);
    }
    return s;
}

/* Draw text[0..len) shown safe at (row, *col) with 'attr', cut at column
 * 'edge'; *col moves past it. */
static void put(int row, int *col, const char *text, size_t len, attr_t attr, int edge)
{
    char *safe = essay_safe_copy(text, len);
    int used;
    size_t n = safe && edge > *col ? fit(safe, strlen(safe), edge - *col, &used) : 0;
    if (n > 0) {
        attrset(attr);
        mvaddnstr(row, *col, safe, (int)n);
        *col += used;
    }
    free(safe);
}

static void put_string(int row, int *col, const char *text, attr_t attr)
{
    put(row, col, text, strlen(text), attr, COLS);
}

/* Text laid out in lines 'width' columns wide, word-wrapped; the lines from
 * 'skip' on are drawn from screen row 'top', 'rows' of them. */
typedef struct {
    int line, col;              /* where the next character goes */
    int skip, top, rows, width;
} pen;

static void pen_newline(pen *p)
{
    p->line++;
    p->col = 0;
}

/* Lay out s[0..n), which fits on the current line, drawing it if visible. */
static void pen_put(pen *p, const char *s, size_t n, int cols, attr_t attr)
{
    int row = p->line - p->skip;
    if (row >= 0 && row < p->rows && n > 0) {
        attrset(attr);
        mvaddnstr(p->top + row, p->col, s, (int)n);
    }
    p->col += cols;
}

/* Lay out the safe text 's' (no line feed): a word that does not fit on
 * the line begins the next; one wider than a line is cut where it must. */
static void pen_words(pen *p, const char *s, attr_t attr)
{
    size_t len = strlen(s), at = 0;
    while (at < len) {
        size_t word = strcspn(s + at, " "), spaces = strspn(s + at + word, " "), done = 0;
        int w, used;
        fit(s + at, word, INT_MAX, &w);
        if (p->col > 0 && p->col + w > p->width)
            pen_newline(p);
        while (done < word) {
            size_t n = fit(s + at + done, word - done, p->width - p->col, &used);
            if (n == 0 && p->col > 0) {
                pen_newline(p);
                continue;
            }
            if (n == 0) {       /* one character wider than the line */
                int cl = mblen(s + at + done, word - done);
                n = cl > 0 ? (size_t)cl : 1;
                used = p->width;
            }
            pen_put(p, s + at + done, n, used, attr);
            done += n;
        }
        if (p->col > 0 && spaces > 0) {
            size_t room = (size_t)(p->width - p->col);
            size_t n = spaces < room ? spaces : room;
            pen_put(p, s + at + word, n, (int)n, attr);
        }
        at += word + spaces;
    }
}

/* Lay out text[0..len) shown safe; a line feed (the end of a heading over
 * a paragraph) begins a new line. */
static void pen_text(pen *p, const char *text, size_t len, attr_t attr)
{
    for (;;) {
        const char *lf = memchr(text, '\n', len);
        size_t n = lf ? (size_t)(lf - text) : len;
        char *safe = essay_safe_copy(text, n);
        if (safe != NULL)
            pen_words(p, safe, attr);
        free(safe);
        if (lf == NULL)
            return;
        pen_newline(p);
        len -= n + 1;
        text = lf + 1;
    }
}

/* Lay out paragraphs beside the hit: "LINE- text", dimmed, a blank line after each. */
static void pen_neighbours(pen *p, const essay_neighbour *ctx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char mark[24];
        snprintf(mark, sizeof mark, "%u- ", ctx[i].line);
        pen_text(p, mark, strlen(mark), A_DIM);
        pen_text(p, ctx[i].text, strlen(ctx[i].text), A_DIM);
        pen_newline(p);
        pen_newline(p);
    }
}

/* ---- the screen ---------------------------------------------------------- */

/* Rows of the hit list: two fifths of what the query, status, separator and
 * help lines leave. */
static int list_rows(void)
{
    return (LINES - 4) * 2 / 5;
}

static void draw_query(const view *v)
{
    int col = 0;
    put_string(0, &col, "> ", A_BOLD);
    /* the end of a query too long for the line, where the typing is */
    put_string(0, &col, tail(v->query, COLS - col - 1), A_NORMAL);
    move(0, col);
}

static void draw_status(const view *v)
{
    int col = 0;
    char count[64];
    if (v->message) {
        put_string(1, &col, v->message, A_BOLD);
        return;
    }
    if (v->r == NULL) {
        put_string(1, &col, "type a query (the language of essay-search(1))", A_DIM);
        return;
    }
    size_t n = hits(v), estimate = essay_results_estimate(v->r);
    if (n == 0)
        snprintf(count, sizeof count, "no hits");
    else if (estimate > n)
        snprintf(count, sizeof count, "%zu of about %zu hits", n, estimate);
    else
        snprintf(count, sizeof count, "%zu hit%s", n, n == 1 ? "" : "s");
    put_string(1, &col, count, A_DIM);
    const char *corrected = essay_results_corrected(v->r);
    const char *suggestion = essay_results_suggestion(v->r);
    if (corrected) {
        put_string(1, &col, " \xc2\xb7 corrected: showing results for ", A_DIM);
        put_string(1, &col, corrected, A_BOLD);
    }
    /* read leniently, then what that reading fell back to when it found nothing */
    if (essay_results_unparsed(v->r) || essay_results_relaxed(v->r) == ESSAY_RELAXED_UNPARSED)
        put_string(1, &col, " \xc2\xb7 not the query language: read leniently", A_DIM);
    if (essay_results_relaxed(v->r) == ESSAY_RELAXED_QUESTION)
        put_string(1, &col, " \xc2\xb7 a question: any of its words", A_DIM);
    else if (essay_results_relaxed(v->r) == ESSAY_RELAXED_NAMED)
        put_string(1, &col, " \xc2\xb7 the essays the words name, by author or file name", A_DIM);
    else if (essay_results_relaxed(v->r) == ESSAY_RELAXED_SPREAD)
        put_string(1, &col, " \xc2\xb7 relaxed: no paragraph has every word; the closest first", A_DIM);
    else if (essay_results_relaxed(v->r) == ESSAY_RELAXED_PHRASE)
        put_string(1, &col, " \xc2\xb7 relaxed: nothing has the words as quoted; the closest",
                   A_DIM);
    else if (essay_results_relaxed(v->r) && essay_results_relaxed(v->r) != ESSAY_RELAXED_UNPARSED)
        put_string(1, &col, " \xc2\xb7 relaxed: no essay has every word; the closest", A_DIM);
    if (suggestion) {
        put_string(1, &col, " \xc2\xb7 did you mean: ", A_DIM);
        put_string(1, &col, suggestion, A_BOLD);
    }
}

/* The file name and the line of the match of hit 'h', "name.txt:12"
 * (malloc'd, or NULL). */
static char *place(const essay_hit *h)
{
    const char *base = strrchr(h->path, '/');
    char *where;
    return asprintf(&where, "%s:%u", base ? base + 1 : h->path, h->match_line) < 0 ? NULL : where;
}

/* The hits from v->top, one a row from 'top': rank and title, and at the
 * right its file:line (the end of it, in at most two fifths of the row). */
static void draw_list(const view *v, int top, int rows)
{
    for (int k = 0; k < rows && v->top + (size_t)k < hits(v); k++) {
        size_t i = v->top + (size_t)k;
        const essay_hit *h = essay_results_hit(v->r, i);
        attr_t selected = i == v->selected ? A_REVERSE : A_NORMAL;
        char rank[24], *where = place(h);
        const char *shown = where ? tail(where, COLS * 2 / 5) : "";
        int col = 0, width;
        fit(shown, strlen(shown), INT_MAX, &width);
        if (selected)
            mvhline(top + k, 0, ' ' | A_REVERSE, COLS);
        snprintf(rank, sizeof rank, "%3u. ", h->rank);
        put_string(top + k, &col, rank, selected);
        put(top + k, &col, h->title, strlen(h->title), A_BOLD | selected, COLS - width - 2);
        col = COLS - width;
        put_string(top + k, &col, shown, v->path | selected);
        free(where);
    }
}

/* Lay out the selected hit: the paragraphs before it, its paragraph with
 * the matches highlighted ("LINE: text"), the paragraphs after it.  Returns
 * the line its paragraph begins on. */
static int lay_out_hit(const view *v, pen *p)
{
    const essay_hit *h = essay_results_hit(v->r, v->selected);
    size_t n;
    const essay_neighbour *before = essay_hit_before(h, &n);
    pen_neighbours(p, before, n);
    int start = p->line;
    char mark[24];
    snprintf(mark, sizeof mark, "%u: ", h->line);
    pen_text(p, mark, strlen(mark), A_DIM);
    size_t at = 0;
    for (size_t k = 0; k < h->n_highlights; k++) {
        const essay_span *sp = &h->highlights[k];
        pen_text(p, h->snippet + at, sp->start - at, A_NORMAL);
        pen_text(p, h->snippet + sp->start, sp->end - sp->start, v->match);
        at = sp->end;
    }
    pen_text(p, h->snippet + at, strlen(h->snippet + at), A_NORMAL);
    pen_newline(p);
    pen_newline(p);
    const essay_neighbour *after = essay_hit_after(h, &n);
    pen_neighbours(p, after, n);
    return start;
}

/* The selected hit under a rule naming it (file:line, title, author,
 * date), from row 'top', 'rows' rows: up to a third of them for the
 * paragraphs before it. */
static void draw_preview(view *v, int top, int rows)
{
    attrset(A_DIM);
    mvhline(top, 0, ACS_HLINE, COLS);
    if (hits(v) == 0)
        return;
    if (v->context_of != v->selected) {
        essay_results_add_context(v->s, v->r, v->selected, v->set->before, v->set->after, NULL);
        v->context_of = v->selected;
    }
    const essay_hit *h = essay_results_hit(v->r, v->selected);
    char *where = place(h);
    int col = 1;
    put_string(top, &col, " ", A_NORMAL);
    put_string(top, &col, where ? where : "", v->path);
    put_string(top, &col, " ", A_NORMAL);
    free(where);
    mvaddch(top, col++, ACS_HLINE | A_DIM);
    put_string(top, &col, " ", A_NORMAL);
    put_string(top, &col, h->title, A_BOLD);
    if (h->author) {
        put_string(top, &col, " \xe2\x80\x94 ", A_NORMAL);
        put_string(top, &col, h->author, A_NORMAL);
    }
    if (h->date) {
        put_string(top, &col, " (", A_NORMAL);
        put_string(top, &col, h->date, A_NORMAL);
        put_string(top, &col, ")", A_NORMAL);
    }
    put_string(top, &col, " ", A_NORMAL);
    pen measure = { .width = COLS };
    int start = lay_out_hit(v, &measure), lead = rows / 3;
    pen p = { .skip = start > lead ? start - lead : 0, .top = top + 1, .rows = rows - 1,
              .width = COLS };
    lay_out_hit(v, &p);
}

static void draw(view *v)
{
    erase();
    int col = 0;
    if (LINES < MIN_LINES || COLS < MIN_COLS) {
        put_string(0, &col, "essay-search: the terminal is too small", A_BOLD);
        refresh();
        return;
    }
    int rows = list_rows();
    draw_status(v);
    draw_list(v, 2, rows);
    draw_preview(v, 2 + rows, LINES - 3 - rows);
    put_string(LINES - 1, &col, "Up/Down select  PgUp/PgDn page  Enter open in $EDITOR  "
               "Esc quit", A_DIM);
    draw_query(v);
    refresh();
}

/* ---- keys ---------------------------------------------------------------- */

/* Move the selection by 'delta' hits, keeping it listed. */
static void step(view *v, long delta)
{
    if (v->dirty)
        search(v);
    size_t n = hits(v);
    if (n == 0)
        return;
    long to = (long)v->selected + delta;
    v->selected = to < 0 ? 0 : (size_t)to >= n ? n - 1 : (size_t)to;
    size_t rows = (size_t)(list_rows() > 0 ? list_rows() : 1);
    if (v->selected < v->top)
        v->top = v->selected;
    else if (v->selected >= v->top + rows)
        v->top = v->selected - rows + 1;
}

/* Open the selected hit in the editor, the view suspended meanwhile. */
static void open_hit(view *v)
{
    if (v->dirty)
        search(v);
    if (hits(v) == 0) {
        beep();
        return;
    }
    const essay_hit *h = essay_results_hit(v->r, v->selected);
    char *why = NULL;
    def_prog_mode();
    endwin();
    if (editor_open(h->path, h->match_line, &why) != 0) {
        free(v->message);
        v->message = why ? why : strdup("the editor failed");
    }
    reset_prog_mode();
    clearok(curscr, TRUE);
}

static void erase_char(view *v)
{
    while (v->len > 0 && ((unsigned char)v->query[--v->len] & 0xc0) == 0x80)
        ;
    v->query[v->len] = '\0';
    v->dirty = 1;
}

/* Ctrl-W: the last word, and the blanks after it. */
static void erase_word(view *v)
{
    while (v->len > 0 && v->query[v->len - 1] == ' ')
        v->len--;
    while (v->len > 0 && v->query[v->len - 1] != ' ')
        v->len--;
    v->query[v->len] = '\0';
    v->dirty = 1;
}

/* Add the character 'bytes[0..n)' (UTF-8) to the query. */
static void type_char(view *v, const unsigned char *bytes, size_t n)
{
    if (v->len + n >= QUERY_MAX) {
        beep();
        return;
    }
    memcpy(v->query + v->len, bytes, n);
    v->len += n;
    v->query[v->len] = '\0';
    v->dirty = 1;
}

/* The bytes of the UTF-8 character that 'lead' begins, or 0 when no
 * character begins with it (a continuation byte, 0xC0, 0xC1, 0xF5-0xFF). */
static size_t utf8_length(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead < 0xc2 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0;
}

/* Drop the character begun and not finished, since what came next cannot
 * continue it. */
static void drop_partial(view *v)
{
    if (v->partial_len > 0)
        beep();
    v->partial_len = 0;
}

/* A byte from 0x80 to 0xFF: the start or more of a character, typed into
 * the query once whole if it is UTF-8 and printable; anything else is
 * dropped, with a beep. */
static void type_byte(view *v, unsigned char byte)
{
    if (v->partial_len == 0 || (byte & 0xc0) != 0x80) {
        drop_partial(v);
        v->partial_need = utf8_length(byte);
        if (v->partial_need == 0) {
            beep();
            return;
        }
    }
    v->partial[v->partial_len++] = byte;
    if (v->partial_len < v->partial_need)
        return;
    utf8proc_int32_t code_point;
    utf8proc_ssize_t n = utf8proc_iterate(v->partial, (utf8proc_ssize_t)v->partial_len, &code_point);
    if (n == (utf8proc_ssize_t)v->partial_len && iswprint((wint_t)code_point))
        type_char(v, v->partial, v->partial_len);
    else
        beep();     /* an overlong form, a surrogate, past U+10FFFF, unprintable */
    v->partial_len = 0;
}

/* Act on one key, as wgetch() returns it.  Returns 1 to leave. */
static int key(view *v, int ch)
{
    long page = list_rows() > 1 ? list_rows() : 1;
    if (ch >= 0x80 && ch <= 0xff) {
        type_byte(v, (unsigned char)ch);
        return 0;
    }
    drop_partial(v);
    switch (ch) {
    case KEY_UP:
    case CTRL('p'):     step(v, -1); break;
    case KEY_DOWN:
    case CTRL('n'):     step(v, 1); break;
    case KEY_PPAGE:     step(v, -page); break;
    case KEY_NPAGE:     step(v, page); break;
    case KEY_HOME:      step(v, -(long)hits(v)); break;
    case KEY_END:       step(v, (long)hits(v)); break;
    case KEY_ESCAPE:
    case CTRL('c'):     return 1;
    case KEY_ENTER:
    case '\r':
    case '\n':          open_hit(v); break;
    case KEY_BACKSPACE:
    case CTRL('h'):
    case KEY_DELETE:    erase_char(v); break;
    case CTRL('w'):     erase_word(v); break;
    case CTRL('u'):
        v->len = 0;
        v->query[0] = '\0';
        v->dirty = 1;
        break;
    case CTRL('l'):     clearok(curscr, TRUE); break;
    default:            /* KEY_RESIZE: the next draw fits the new size */
        if (ch >= ' ' && ch < KEY_DELETE) {
            unsigned char ascii = (unsigned char)ch;
            type_char(v, &ascii, 1);
        }
        break;
    }
    return 0;
}

/* ---- the view ------------------------------------------------------------ */

/* The arrows, Home and End in both of the forms terminals send them: ESC [ B
 * (normal cursor mode) and ESC O B (application mode, which keypad() asks
 * for, and which the terminfo entry names).  Some terminals send the normal
 * form all the same; ncurses, not knowing it, would pass its Esc on as the
 * Esc key, which leaves.  Forms the entry binds to other keys keep them. */
static void define_cursor_keys(void)
{
    static const struct {
        char final;
        int code;
    } keys[] = {
        { 'A', KEY_UP }, { 'B', KEY_DOWN }, { 'C', KEY_RIGHT }, { 'D', KEY_LEFT },
        { 'H', KEY_HOME }, { 'F', KEY_END },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        for (const char *intro = "[O"; *intro != '\0'; intro++) {
            char sequence[] = { KEY_ESCAPE, *intro, keys[i].final, '\0' };
            if (key_defined(sequence) == 0)
                define_key(sequence, keys[i].code);
        }
    }
}

static void set_up_terminal(view *v)
{
    raw();
    noecho();
    keypad(stdscr, TRUE);
    define_cursor_keys();
    set_escdelay(ESCAPE_DELAY_MS);
    v->match = A_BOLD | A_UNDERLINE;
    v->path = A_NORMAL;
    if (v->set->color && has_colors() && start_color() == OK) {
        use_default_colors();
        init_pair(PAIR_MATCH, COLOR_RED, -1);
        init_pair(PAIR_PATH, COLOR_MAGENTA, -1);
        v->match = A_BOLD | COLOR_PAIR(PAIR_MATCH);
        v->path = COLOR_PAIR(PAIR_PATH);
    }
}

/* Start with 'query', cut to QUERY_MAX at a character's start. */
static void start_query(view *v, const char *query)
{
    size_t n = strlen(query);
    if (n >= QUERY_MAX)
        for (n = QUERY_MAX - 1; n > 0 && ((unsigned char)query[n] & 0xc0) == 0x80; n--)
            ;
    memcpy(v->query, query, n);
    v->query[n] = '\0';
    v->len = n;
    search(v);
}

int interactive_run(essay_searcher *s, const essay_search_options *opt,
                    const interactive_settings *settings)
{
    setlocale(LC_CTYPE, "");
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) {
        const char *term = getenv("TERM");
        essay_write_message(stderr, "essay-search", "-i cannot use the terminal '%s'",
                            term ? term : "");
        return 2;
    }
    view v = { .s = s, .opt = *opt, .set = settings, .context_of = SIZE_MAX };
    set_up_terminal(&v);
    start_query(&v, settings->query ? settings->query : "");
    for (int done = 0; !done;) {
        draw(&v);
        errno = 0;
        int ch = getch();
        if (ch == ERR && errno != EINTR)
            break;      /* the terminal is gone */
        nodelay(stdscr, TRUE);
        for (; ch != ERR && !done; ch = getch())
            done = key(&v, ch);
        nodelay(stdscr, FALSE);
        if (v.dirty)
            search(&v);
    }
    endwin();
    delscreen(screen);
    if (v.len > 0) {
        essay_write_safe(stdout, v.query);
        putchar('\n');
    }
    int status = hits(&v) > 0 ? 0 : 1;
    essay_results_free(v.r);
    free(v.message);
    return status;
}
