/* essay-search -- answer ranked queries over the essay index.
 *
 * Parses the command line, runs essay_search() and writes the results with
 * essay_results_write(): for people on a terminal (colour unless told
 * otherwise), plain when piped, JSON for scripts; with -C/-A/-B, each hit
 * with the paragraphs around it (essay_results_read_context()).  --edit N
 * opens the Nth hit in the user's editor instead (editor.c); -i hands the
 * terminal to a view that searches as you type (interactive.c).  --batch
 * reads one query a line from standard input and answers each with one JSON
 * line, the index opened once.  An error is a line on stderr and, for
 * scripts (--json, --jsonl, --batch), a JSON object on stdout
 * (essay_error_write()), so that they never parse prose.  --kwic writes
 * every occurrence of the query as a concordance (essay_kwic_write()), the
 * hits read with whole paragraphs for snippets; --cite writes
 * references to the hits instead (essay_cite_write()); --anchor ID prints
 * the paragraph an anchor names (essay_anchor_find()).  --index may be
 * given several times: the indexes (local, sharded directories, Xapian stub
 * files, or tcp://HOST:PORT shards served by xapian-tcpsrv) are searched as
 * one, through essay_searcher_open_many().
 * After a query word, an argument beginning with '-' that is no option
 * spelled alone is a word of the query (query_word()): people type
 * "walden -pond" as into a web search engine.
 * Exit status, like grep: 0 hits printed, 1 none (in text, said on stderr:
 * "nothing matches"), 2 error.
 */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "editor.h"
#include "essay.h"
#include "interactive.h"

#define EXIT_HITS 0
#define EXIT_NO_HITS 1
#define EXIT_ERROR 2

static const char usage[] =
    "Usage: essay-search [OPTION]... QUERY...\n"
    "  or:  essay-search -i [OPTION]... [QUERY...]\n"
    "  or:  essay-search --anchor ID [--index PATH]\n"
    "Search the essay index and print the best paragraphs, ranked (BM25).\n"
    "\n"
    "An essay matches when it holds every word of the query, anywhere in it (its\n"
    "author and file name count); its paragraphs holding them all come first, then\n"
    "those holding some; when no paragraph holds them all, those holding all but\n"
    "one or three in a row come first.  When nothing matches, a misspelt word is\n"
    "corrected, else any of the words are searched.  A question (who, what, why,\n"
    "... first, or ? last) is searched for any of its words from the start; one\n"
    "asked of someone (what did Thoreau say ...) in the essays that name him.\n"
    "A heading or title typed (aes triplex) finds the text it heads first; so\n"
    "does a quote without quotes (went to the woods, to be or not to be) find\n"
    "its words as typed, and two words (free will) their phrase, where the text\n"
    "holds them so more often than joined by and or or (not: gold silver), or\n"
    "as one word (well being: well-being, wellbeing).\n"
    "\n"
    "Query language: words (all must match), \"a phrase\", -word or NOT word,\n"
    "a OR b, a AND b, (grouping), prefix*, a NEAR b, a NEAR/5 b, =exact (unstemmed),\n"
    "title:word, author:name, essay:file-name, year:2025, date:2024..2025-06,\n"
    "lang:fr (essays in French; a word finds its forms in every language).\n"
    "Where at most half the essays have an author: (date:) line in their header,\n"
    "as in most corpora, an author:, year: or date: that finds nothing is said so,\n"
    "and searched as its words (author:thoreau as thoreau, year:1854 as 1854).\n"
    "An English verb finds its irregular forms too: go finds went and gone.\n"
    "A British spelling finds the American one, and back: colour finds color;\n"
    "an older spelling finds today's, and back: shew finds show.\n"
    "An ordinal finds its other spelling too: 4th finds fourth, 19th nineteenth;\n"
    "so does a chapter's number: chapter 3 finds CHAPTER III.\n"
    "After a query word, -word is one too (walden -pond); see essay-search(1).\n"
    "A dash between words (an em or en dash, --) separates them as a blank does,\n"
    "and so does a no-break space.\n"
    "A query may be 16 KB long and hold 1000 words (LIMITS in essay-search(1)):\n"
    "of a page pasted, its start is searched, and said (--strict refuses it).\n"
    "\n"
    "  --index PATH        the index (default: $ESSAY_INDEX, else\n"
    "                      $XDG_DATA_HOME/essay-search/index); give it again to\n"
    "                      search several as one: each an index, a sharded index\n"
    "                      directory, a Xapian stub file, or tcp://HOST:PORT (a\n"
    "                      shard served by xapian-tcpsrv)\n"
    "      --partial       search the shards that answer when a remote one cannot\n"
    "                      be reached (with a warning), instead of failing\n"
    "  -n, --limit N       print at most N hits (default 10); 0: none, the exit\n"
    "                      status says whether the query as written matches\n"
    "      --offset N      skip the first N hits (past the last: nothing, exit 1)\n"
    "      --page N        the Nth page of --limit hits (from 1): --offset of the\n"
    "                      hits before it\n"
    "      --any           rank paragraphs matching any word, those holding all\n"
    "                      first\n"
    "      --same-paragraph  a paragraph must hold every word itself\n"
    "      --no-correct    do not search the correction of a misspelt word (it is\n"
    "                      still suggested)\n"
    "      --strict        the query as written only: no correction, no falling back\n"
    "                      to any of its words, nor from a field the essays lack\n"
    "                      to its words, when nothing matches (exit 1); a\n"
    "                      question needs every word too, and an unclosed quote\n"
    "                      is an error\n"
    "      --per-essay N   at most N paragraphs of one essay; with 1, essays are\n"
    "                      ranked by their whole text, shown by their best paragraph\n"
    "      --expand        with --per-essay 1: add the words that the first essays\n"
    "                      found share (a third slower); the default for --any\n"
    "                      questions of four words or more\n"
    "      --no-expand     never add them (not with --expand)\n"
    "      --sort KEY      relevance (default) or date (newest first, then the\n"
    "                      essays without one; said when no hit of the first\n"
    "                      page has a date)\n"
    "      --snippet-chars N  snippet length, about N bytes (default 240)\n"
    "      --json          one JSON object: query, error, total, hits, suggestion,\n"
    "                      corrected, relaxed, unrecorded, unfiltered; an error is\n"
    "                      JSON too (\"error\": {\"message\", \"kind\"}), as well as\n"
    "                      a line on stderr\n"
    "      --jsonl         one JSON object a hit, one a line; an error: one line;\n"
    "                      a correction or relaxed search is said on stderr\n"
    "      --paths         the paths of the matching essays, best first\n"
    "      --count         the number of matching paragraphs, a reprinted passage\n"
    "                      once (exact; of the query as written: never corrected\n"
    "                      or relaxed)\n"
    "                      (--json, --jsonl, --paths and --count exclude each\n"
    "                      other: two of them are an error, in either order)\n"
    "      --like PATH:LINE  paragraphs like the one at PATH:LINE (no QUERY)\n"
    "      --timeline[=UNIT]  instead of the hits, the matching essays (and their\n"
    "                      matching paragraphs) per year of their date, or per\n"
    "                      month with =month, as a bar chart (JSON: \"periods\"),\n"
    "                      those without a date counted apart\n"
    "      --facets LIST   after the hits, how many matching essays (and their\n"
    "                      matching paragraphs) each author, year, month or essay\n"
    "                      has, LIST naming them: author,year,essay (the ten\n"
    "                      largest of each; JSON: \"facets\", all of them)\n"
    "      --kwic          instead of the hits, every occurrence of the query's words\n"
    "                      and phrases in the matching essays, a line each: the\n"
    "                      match aligned in one column, context each side, then\n"
    "                      path:line; by essay rank, then the count in each essay\n"
    "                      (--json: one object an occurrence, a line each)\n"
    "      --kwic-sort SIDE  left or right: sort by the words before or after it\n"
    "      --width N       --kwic lines N columns wide (default: the terminal's,\n"
    "                      else 80); path:line takes a third at most, a longer\n"
    "                      path shortened in its middle (the counts give it whole)\n"
    "      --cite[=STYLE]  instead of the hits, a reference to each: author, title,\n"
    "                      date, path, paragraph number and anchor (STYLE text, the\n"
    "                      default), or bibtex, or csl-json\n"
    "      --anchor ID     print the paragraph the anchor ID names (--json gives each\n"
    "                      hit's \"anchor\"), found wherever it moved in its essay;\n"
    "                      when its words changed, the nearest paragraph and its\n"
    "                      similarity; exit 1 when it is gone (no QUERY)\n"
    "  -C, --context N     print the N paragraphs before and after each hit, dimmed,\n"
    "                      with their line numbers (JSON: \"before\" and \"after\");\n"
    "                      not with --kwic, whose lines hold their context\n"
    "  -A, --after-context N   the N paragraphs after each hit (over -C)\n"
    "  -B, --before-context N  the N paragraphs before each hit (over -C)\n"
    "      --edit N        open the Nth hit in $VISUAL, else $EDITOR, else vi, at its\n"
    "                      line (EDITOR +LINE PATH), instead of printing the hits\n"
    "  -i, --interactive   a full-screen view that searches as you type, starting\n"
    "                      with QUERY if given: Up/Down (Ctrl-P/Ctrl-N) select a hit,\n"
    "                      shown whole with the paragraphs around it (1, or -C/-A/-B),\n"
    "                      PgUp/PgDn page, Enter opens it as --edit does, Esc or\n"
    "                      Ctrl-C leaves and prints the query\n"
    "      --batch         read queries from standard input, one a line; answer\n"
    "                      each with one JSON line (the --json object), in order,\n"
    "                      a failed query with an error object, a blank line\n"
    "                      with no error and no hits (\"error\": null)\n"
    "      --color WHEN    auto (default: colour on a terminal), always, never;\n"
    "                      NO_COLOR in the environment means never\n"
    "      --version       print the version and exit\n"
    "  -h, --help          print this help and exit\n"
    "\n"
    "Exit status: 0 hits printed, 1 none (in text, stderr says \"nothing matches\"),\n"
    "2 error (--batch: 2 if any query failed, else 0 if any had hits; --edit: 0\n"
    "when the editor exited 0, 1 when there is no Nth hit; -i: 0 when the last\n"
    "query had hits).  See essay-search(1).\n";

typedef enum { MODE_TEXT, MODE_JSON, MODE_JSONL, MODE_PATHS, MODE_COUNT } mode;

static const essay_output formats[MODE_COUNT + 1] = {
    [MODE_TEXT] = ESSAY_OUTPUT_TEXT, [MODE_JSON] = ESSAY_OUTPUT_JSON,
    [MODE_JSONL] = ESSAY_OUTPUT_JSONL, [MODE_PATHS] = ESSAY_OUTPUT_PATHS,
    [MODE_COUNT] = ESSAY_OUTPUT_TEXT,
};

/* How to answer: the output mode, colour, --limit 0 (no hits printed:
 * whether the query matches is the answer), --like PATH:LINE, the context
 * of -C/-A/-B and --edit N. */
typedef struct {
    mode m;
    const char *mode_option;    /* the option that asked for m ("--json"), or NULL */
    int color;
    int no_hits;
    const char *like;           /* as given, or NULL */
    char *like_path;            /* its PATH (malloc'd) and LINE */
    unsigned like_line;
    int context;                /* -C, -A or -B was given: read each hit's context */
    unsigned before, after;     /* paragraphs of context before and after a hit */
    unsigned edit;              /* --edit N: open hit N (from 1); 0: print the hits */
    unsigned page;              /* --page N (from 1), or 0 */
    unsigned facets;            /* --facets: a mask of 1u << essay_facet */
    int timeline;               /* --timeline: the chart instead of the hits */
    essay_facet unit;           /* its periods: ESSAY_FACET_YEAR or ESSAY_FACET_MONTH */
    int cite;                   /* --cite: references instead of the hits */
    essay_cite_style style;     /* theirs */
    const char *anchor;         /* --anchor ID, or NULL */
    int kwic;                   /* --kwic: the concordance instead of the hits */
    essay_kwic_sort kwic_sort;
    unsigned width;             /* its lines' columns */
    int ascii;                  /* the terminal's characters are not UTF-8: '#' bars */
} request;

/* One line on standard error: "essay-search: " and the formatted text,
 * shown safely, since a query and the names in a message are the user's or
 * an essay's and may hold escape sequences or bidirectional overrides. */
#define say(...) essay_write_message(stderr, "essay-search", __VA_ARGS__)

/* Report an error: the message on standard error for people and, in the
 * JSON modes, an error object on standard output, so that a script reading
 * it reads JSON only.  'query' (len bytes) is the query answered, or NULL;
 * 'kind' the error's name for scripts (essay_status_name(), or "usage" for
 * a bad command line, "empty_query" for a query with no words). */
static void report(mode m, const char *query, size_t len, const char *kind, const char *message)
{
    say("%s", message);
    if (strcmp(kind, "usage") == 0)
        fputs("Try 'essay-search --help'.\n", stderr);
    essay_error_write(query, len, kind, message, formats[m], stdout);
    fflush(stdout);
}

static char usage_problem[512];     /* the first mistake in the command line */

/* The number the environment variable 'name' holds, or -1 when it holds
 * none (unset, empty, not a number, negative). */
static double env_number(const char *name)
{
    const char *v = getenv(name);
    char *end;
    if (v == NULL || *v == '\0')
        return -1;
    double d = strtod(v, &end);
    return *end == '\0' && d >= 0 ? d : -1;
}

/* The ranking of relevance experiments (tests/RELEVANCE.md), from the
 * environment: ESSAY_BM25_K1 and ESSAY_BM25_B (0 is asked for as a tiny
 * value, since the options take 0 for the default), and ESSAY_RANK_ESSAYS=0,
 * no ranking by the essay database.  The library reads no environment for
 * its ranking: a program using it decides. */
static void experiment_settings(essay_search_options *opt)
{
    double k1 = env_number("ESSAY_BM25_K1"), b = env_number("ESSAY_BM25_B");
    if (k1 >= 0)
        opt->bm25_k1 = k1 > 0 ? k1 : 1e-9;
    if (b >= 0)
        opt->bm25_b = b > 0 ? b : 1e-9;
    opt->no_essay_database = env_number("ESSAY_RANK_ESSAYS") == 0;
}

/* Remember the first mistake of the command line, reported once it is all
 * read: the output mode (--json) may come after it. */
__attribute__((format(printf, 1, 2)))
static void bad_usage(const char *fmt, ...)
{
    if (usage_problem[0] != '\0')
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(usage_problem, sizeof usage_problem, fmt, ap);
    va_end(ap);
}

/* An unknown short option, 'letter', of the argument 'arg' ("-pond"), which
 * comes before any query word: the message says how to search for a word
 * beginning with '-', since it is most likely one. */
static void unknown_short_option(int letter, const char *arg)
{
    static const char how[] = "to leave a word out of the search, put %s after a word of "
                              "the query, or after --";
    char hint[256];
    snprintf(hint, sizeof hint, how, arg);
    if (letter <= ' ' || letter >= 0x7f)    /* a byte of a character beyond ASCII */
        bad_usage("unknown option '%s'; %s", arg, hint);
    else if (arg[2] == '\0')
        bad_usage("unknown option '-%c'; %s", letter, hint);
    else
        bad_usage("unknown option '-%c' in '%s'; %s", letter, arg, hint);
}

/* The output mode 'm', asked for by the option 'name' ("--json").  The
 * modes exclude each other (--count --json asks for a number and for the
 * hits), so two of them are a mistake, in either order; its error is then
 * written as JSON (or JSON lines) when either asked for it, since a script
 * that did reads standard output. */
static void set_mode(request *rq, mode m, const char *name)
{
    if (rq->mode_option != NULL && rq->m != m) {
        bad_usage("%s and %s exclude each other: give one of them", rq->mode_option, name);
        if (rq->m != MODE_JSON && (m == MODE_JSON || m == MODE_JSONL))
            rq->m = m;
        return;
    }
    rq->m = m;
    rq->mode_option = name;
}

static void parse_count(const char *name, const char *arg, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || *end != '\0' || end == arg || arg[0] == '-' || v > 1000000)
        bad_usage("--%s wants a number from 0 to 1000000, not '%s'", name, arg);
    else
        *out = (unsigned)v;
}

/* The columns of the terminal on standard output, else 80. */
static unsigned terminal_columns(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

/* The short options, for getopt_long() and for short_option().  The '-'
 * first has getopt_long() return each QUERY word where it stands (as 1),
 * so that what comes after a query word is known; the ':' has it report a
 * missing value as ':'. */
static const char short_options[] = "-:n:hiC:A:B:";

/* Whether 'c' begins a word: an ASCII letter, or a character beyond ASCII
 * (a letter of another script, most likely). */
static int starts_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* Whether 'arg' is one of short_options spelled alone: "-h", "-n" (its
 * value the next argument), or "-n5", the value glued on, but not "-nato":
 * a glued value that begins as a word does is read as a word. */
static int short_option(const char *arg)
{
    const char *letters = short_options + strspn(short_options, "-:");
    const char *spec = arg[1] != '\0' && arg[1] != ':' ? strchr(letters, arg[1]) : NULL;
    return spec != NULL && (arg[2] == '\0' || (spec[1] == ':' && !starts_word(arg[2])));
}

/* Whether 'arg', which comes after a word of the query, is a word of the
 * query too: what begins with one '-' (an exclusion: -pond, -title:x,
 * -"a phrase") and is no short option spelled alone ("walden -n 5" still
 * limits).  An argument beginning with "--" is a long option (or ends the
 * options); there are no long options with one '-'. */
static int query_word(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0' && arg[1] != '-' && !short_option(arg);
}

/* Whether 'arg' ("-json", "-limit=5") is a long option of 'options' with
 * one '-': most likely that option mistyped, not a word to leave out. */
static int long_option_mistyped(const struct option *options, const char *arg)
{
    size_t len = strcspn(arg + 1, "=");
    for (const struct option *o = options; o->name != NULL; o++)
        if (strlen(o->name) == len && strncmp(o->name, arg + 1, len) == 0)
            return 1;
    return 0;
}

/* Whether the query word 'w', read among the options, is how the shell
 * passes an excluded phrase: -"civil disobedience" arrives as "-civil
 * disobedience", which the query would read as -civil and disobedience.
 * It is one: an exclusion holding blanks and no quotes (straight or curly,
 * as the query language reads them) or parentheses of its own. */
static int excluded_phrase(const char *w)
{
    return w[0] == '-' && w[1] != '\0' && w[1] != ' ' && w[1] != '\t' && strpbrk(w, " \t")
           && !strpbrk(w, "\"()") && !strstr(w, "\u201c") && !strstr(w, "\u201d");
}

/* Join the query words given as separate arguments, with a blank between
 * two.  Of the first 'n_read' (those read among the options, not after
 * "--"), an excluded phrase (excluded_phrase()) gets its quotes back:
 * -"civil disobedience", -title:"walden pond". */
static char *join_words(const char **words, int n, int n_read)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(words[i]) + 3;
    char *q = malloc(len), *p = q;
    if (q == NULL)
        return NULL;
    *p = '\0';
    for (int i = 0; i < n; i++) {
        const char *w = words[i];
        if (i > 0)
            *p++ = ' ';
        if (i < n_read && excluded_phrase(w)) {
            /* the quotes go after a field's name: -title:"walden pond" */
            size_t name = strspn(w + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
            size_t field = w[1 + name] == ':' ? name + 1 : 0;
            p += sprintf(p, "-%.*s\"%s\"", (int)field, w + 1, w + 1 + field);
        } else {
            p = stpcpy(p, w);
        }
    }
    return q;
}

/* Whether query[0..len) holds nothing but blanks (a blank line of --batch). */
static int blank(const char *query, size_t len)
{
    return strspn(query, " \t\r\f\v") == len;
}

/* Split --like PATH:LINE into rq->like_path and rq->like_line. */
static void parse_like(request *rq)
{
    const char *colon = strrchr(rq->like, ':');
    char *end = NULL;
    unsigned long line = colon ? strtoul(colon + 1, &end, 10) : 0;
    if (colon == NULL || end == colon + 1 || *end != '\0' || line == 0 || line > UINT_MAX)
        bad_usage("--like wants PATH:LINE, not '%s'", rq->like);
    else if ((rq->like_path = strndup(rq->like, (size_t)(colon - rq->like))) == NULL)
        bad_usage("out of memory");
    rq->like_line = (unsigned)line;
}

/* --facets LIST: the facets named in the comma-separated 'list' into rq->facets. */
static void parse_facets(request *rq, const char *list)
{
    rq->facets = 0;
    for (const char *at = list;; at++) {
        size_t len = strcspn(at, ",");
        int f = 0;
        while (f < ESSAY_FACETS && !(strlen(essay_facet_name((essay_facet)f)) == len
                                     && strncmp(at, essay_facet_name((essay_facet)f), len) == 0))
            f++;
        if (f == ESSAY_FACETS) {
            bad_usage("--facets wants author, year, month or essay, separated by commas, "
                      "not '%.*s'", (int)len, at);
            return;
        }
        rq->facets |= 1u << f;
        if (at[len] == '\0')
            return;
        at += len;
    }
}

/* Say which filters of the query of 'r' its index does not record, in one line each, and
 * after the last what was searched in their place ('matches': it found something): its
 * words, or, when they were corrected (said next), that they were read so. */
static void say_unrecorded(const essay_results *r, int matches)
{
    const essay_unrecorded *u;
    size_t n = essay_results_unrecorded(r, &u);
    const char *words = essay_results_unfiltered(r);
    int corrected = essay_results_corrected(r) != NULL;
    for (size_t i = 0; i < n; i++) {
        int author = strcmp(u[i].field, "author") == 0, year = strcmp(u[i].field, "year") == 0;
        const char *what = author ? "an author matching '" : year ? "the year " : "a date in ";
        char *then = NULL;
        if (i + 1 == n && words != NULL
            && asprintf(&then, "; %s the word%s %s%s",
                        corrected ? "read as" : matches ? "showing" : "nor does any essay hold",
                        strpbrk(words, " \t") ? "s" : "", words,
                        matches && !corrected ? " anywhere (--strict: none)" : "") < 0)
            then = NULL;
        say("no essay of this index records %s%s%s (%zu of %zu essays have %s: line in their "
            "header)%s", what, u[i].value, author ? "'" : "", u[i].recorded, u[i].essays,
            author ? "an author" : "a date", then ? then : "");
        free(then);
    }
}

/* The words of 'suggestion' that 'corrected' does not have, trimmed of the
 * punctuation around them ("Pallas"), when the two are the same query with
 * words replaced; else 'suggestion' whole.  Malloc'd (NULL: out of memory). */
static char *suggested_words(const char *corrected, const char *suggestion)
{
    static const char space[] = " \t\n", around[] = "?!.,;:\"()";
    char *words = calloc(1, strlen(suggestion) + 1);
    const char *c = corrected, *w = suggestion;
    while (words != NULL) {
        c += strspn(c, space);
        w += strspn(w, space);
        size_t cn = strcspn(c, space), wn = strcspn(w, space);
        if (cn == 0 || wn == 0) {
            if (cn == wn && words[0] != '\0')
                return words;
            free(words);
            return strdup(suggestion);  /* not word for word alike */
        }
        if (cn != wn || memcmp(c, w, wn) != 0) {
            size_t lead = strspn(w, around), n = wn;
            while (n > lead && strchr(around, w[n - 1]) != NULL)
                n--;
            if (words[0] != '\0')
                strcat(words, " ");
            strncat(words, w + lead, n - lead);
        }
        c += cn;
        w += wn;
    }
    return NULL;
}

/* --edit N: open hit N of 'r' in the user's editor.  Returns the exit
 * status: 0 when the editor exited 0, 1 when there is no hit N, else 2. */
static int edit_hit(essay_results *r, unsigned n)
{
    const essay_hit *h = NULL;
    char *err = NULL, *why = NULL;
    essay_status st = ESSAY_OK;
    unsigned seen = 0;
    while (seen < n && (st = essay_results_next(r, &h, &err)) == ESSAY_OK)
        seen++;
    if (st == ESSAY_DONE && seen > 0)
        say("--edit %u: the query has %u hit%s", n, seen, seen == 1 ? "" : "s");
    if (st == ESSAY_DONE)
        return EXIT_NO_HITS;
    if (st != ESSAY_OK) {
        say("%s", err ? err : essay_strerror(st));
        free(err);
        return EXIT_ERROR;
    }
    if (editor_open(h->path, h->match_line, &why) == 0)
        return EXIT_HITS;
    say("%s", why ? why : "the editor failed");
    free(why);
    return EXIT_ERROR;
}

/* Run one query, query[0..len) (with --like: find paragraphs like the one
 * at PATH:LINE) and write its results.  Returns the exit status: 0 when hits
 * were printed (with --limit 0 or --count: when the query matches), 1 when
 * none were, 2 on error. */
static int answer(essay_searcher *s, const char *query, size_t len,
                  const essay_search_options *opt, const request *rq)
{
    essay_results *r;
    char *err = NULL;
    essay_status st;
    mode m = rq->m;
    if (rq->like) {
        st = essay_search_like(s, rq->like_path, rq->like_line, opt, &r, &err);
    } else if (strlen(query) < len) {
        char message[64];
        snprintf(message, sizeof message, "bad query at column %zu: a NUL byte",
                 strlen(query) + 1);
        report(m, query, len, essay_status_name(ESSAY_BAD_QUERY), message);
        return EXIT_ERROR;
    } else if (blank(query, len)) {
        report(m, query, len, "empty_query", "empty query: no words to search for");
        return EXIT_ERROR;
    } else {
        st = essay_search_stream(s, query, opt, &r, &err);
    }
    if (st != ESSAY_OK) {
        char *message = NULL;
        if (asprintf(&message, "%s%s", st == ESSAY_BAD_QUERY && err ? "bad query at " : "",
                     err ? err : essay_strerror(st)) < 0)
            message = NULL;
        report(m, query, len, essay_status_name(st), message ? message : essay_strerror(st));
        free(message);
        free(err);
        return EXIT_ERROR;
    }
    const char *suggestion = essay_results_suggestion(r);
    const char *corrected = essay_results_corrected(r);
    int matches = essay_results_estimate(r) > 0 || essay_results_count(r) > 0;
    /* a page pasted whole is searched as far as a query may go; no field of
       the JSON carries it, so it is said in every mode */
    size_t words, searched = essay_results_truncated(r, &words);
    if (searched > 0)
        say("the query is longer than a query may be (%d words, %d KB): its first %zu words "
            "were searched, to column %zu (--strict: refuse it)", ESSAY_QUERY_MAX_WORDS,
            ESSAY_QUERY_MAX_BYTES / 1024, words, searched);
    /* a blank screen says nothing: in text, a query that matches nothing says
     * so (--limit 0, like grep -q, stays quiet) */
    if (m == MODE_TEXT && !matches && !rq->no_hits && !rq->like && !rq->timeline)
        say("nothing matches '%s'", query);
    /* what the search did is said on stderr, but where the one JSON object
     * that carries it ("corrected", "relaxed", "suggestion") is the output */
    int notices = m != MODE_JSON || rq->kwic || rq->timeline;
    /* a correction searched and another only suggested (a name) are said in
       one line, so that it does not contradict itself */
    char *also = corrected && suggestion && notices ? suggested_words(corrected, suggestion) : NULL;
    if (notices && !rq->no_hits)
        say_unrecorded(r, matches);     /* the words read, before how they were corrected */
    if (also != NULL)
        say("showing results for %s; did you mean %s? (--no-correct searches for %s)", corrected,
            also, query);
    else if (corrected && notices)
        say("showing results for %s; --no-correct searches for %s", corrected, query);
    int suggested = also != NULL;
    free(also);
    /* a query read leniently is said so, and then, when that reading found
       nothing, what it fell back to */
    const char *why = essay_results_unparsed(r);
    if (notices && (why || essay_results_relaxed(r) == ESSAY_RELAXED_UNPARSED))
        say("not the query language%s%s%s; read leniently (--strict: refuse it)",
            why ? " (" : "", why ? why : "", why ? ")" : "");
    if (essay_results_relaxed(r) == ESSAY_RELAXED_QUESTION) {
        if (notices && matches && essay_results_asked_of(r))
            say("read as a question about the essays of %s (by author or file name): any of its "
                "other words may match (--strict: every word)", essay_results_asked_of(r));
        else if (notices && matches)
            say("read as a question: any of its words may match (--strict: every word)");
    } else if (notices && matches && essay_results_asked_of(r)) {
        say("asked of the essays of %s (by author or file name): any of its other words may "
            "match (--strict: every word)", essay_results_asked_of(r));
    } else if (essay_results_relaxed(r) == ESSAY_RELAXED_NAMED && notices) {
        say("no paragraph has the words, but they name essays (by author or file name): showing "
            "each by its first paragraph (--strict: none)");
    } else if (essay_results_relaxed(r) == ESSAY_RELAXED_SPREAD && notices) {
        say("no paragraph has every word; showing first those with all but one, or three in a "
            "row (--strict: only the essays that hold them all)");
    } else if (essay_results_relaxed(r) == ESSAY_RELAXED_PHRASE && notices) {
        say("no %s has the words as quoted, though one has every word; showing the closest "
            "(--strict: none)", opt->same_paragraph ? "paragraph" : "essay");
    } else if (essay_results_relaxed(r) && essay_results_relaxed(r) != ESSAY_RELAXED_UNPARSED
               && essay_results_relaxed(r) != ESSAY_RELAXED_UNRECORDED && notices) {
        say("no %s has every word; showing the closest (--strict: none)",
            opt->same_paragraph ? "paragraph" : "essay");
    }
    /* sorted by a date that none of the hits listed has */
    if (notices && m != MODE_COUNT && !rq->no_hits && !rq->timeline && essay_results_undated(r))
        say("no essay of these hits has a date: they are sorted by relevance score alone");
    if (suggestion && notices) {
        if (!suggested)
            say("did you mean: %s", suggestion);
    } else if (notices && essay_results_spelling_partial(r))
        say("no spelling suggestion: remote shards do not share their spelling data");
    if (rq->no_hits)
        essay_results_truncate(r, 0);
    if (rq->edit) {
        int status = edit_hit(r, rq->edit);
        essay_results_free(r);
        return status;
    }
    if (rq->context && m != MODE_PATHS)
        essay_results_read_context(s, r, rq->before, rq->after);
    if ((rq->facets || rq->timeline)
        && (st = essay_results_count_facets(s, r, rq->facets, &err)) != ESSAY_OK) {
        report(m, query, len, essay_status_name(st), err ? err : essay_strerror(st));
        free(err);
        essay_results_free(r);
        return EXIT_ERROR;
    }
    size_t essays;
    if (rq->timeline)
        matches = essay_results_facet(r, ESSAY_FACET_ESSAY, &essays) != NULL;
    if (rq->timeline && m == MODE_TEXT && !matches)
        say("nothing matches '%s'", query);
    if (m == MODE_COUNT)
        printf("%zu\n", essay_results_estimate(r));
    else if (rq->timeline)
        st = essay_timeline_write(r, query, rq->unit, formats[m], rq->ascii, rq->color, stdout);
    else if (rq->cite)
        st = essay_cite_write(r, rq->style, stdout, &err);
    else if (rq->kwic)
        st = essay_kwic_write(r, rq->width, rq->kwic_sort,
                              m == MODE_TEXT ? ESSAY_OUTPUT_TEXT : ESSAY_OUTPUT_JSONL,
                              rq->color, stdout, &err);
    else
        st = essay_results_write_stream(r, query, formats[m], rq->color, stdout, &err);
    int printed = essay_results_count(r) > 0;
    if (rq->kwic && st == ESSAY_DONE) {     /* hits, and no word of theirs to show */
        say("the hits hold the words only in their essays' names or titles: --kwic has no "
            "line to show (without it, the hits)");
        st = ESSAY_OK;
        printed = 0;
    }
    essay_results_free(r);
    if (st != ESSAY_OK || fflush(stdout) != 0) {
        if (err)
            say("%s", err);
        else
            say("cannot write the results: %s", strerror(errno));
        free(err);
        return EXIT_ERROR;
    }
    if (rq->no_hits || m == MODE_COUNT || rq->timeline)
        return matches ? EXIT_HITS : EXIT_NO_HITS;
    if (matches && !printed && opt->offset > 0 && notices && rq->page > 0)
        say("--page %u is past the last hit", rq->page);
    else if (matches && !printed && opt->offset > 0 && notices)
        say("--offset %u is past the last hit", opt->offset);
    return printed ? EXIT_HITS : EXIT_NO_HITS;
}

/* --anchor ID: print the paragraph 'anchor' names -- its title, path:line
 * and paragraph number, then its text a line a heading -- saying on stderr
 * when its words changed.  Returns 0 when found, 1 when gone, else 2. */
static int answer_anchor(essay_searcher *s, const char *anchor)
{
    essay_anchor_match m;
    char *err = NULL;
    essay_status st = essay_anchor_find(s, anchor, &m, &err);
    if (st != ESSAY_OK) {
        say("%s", err ? err : essay_strerror(st));
        free(err);
        return st == ESSAY_NOT_FOUND ? EXIT_NO_HITS : EXIT_ERROR;
    }
    if (m.changed)
        say("anchor %s: the words of its paragraph changed; the nearest, similarity %.2f, "
            "is now %s", anchor, m.similarity, m.anchor);
    essay_write_safe(stdout, m.title);
    fputs("\n   ", stdout);
    essay_write_safe(stdout, m.path);
    printf(":%u (paragraph %u)\n", m.line, m.paragraph);
    for (char *line = strtok(m.text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        fputs("   ", stdout);
        essay_write_safe(stdout, line);
        fputc('\n', stdout);
    }
    essay_anchor_clear(&m);
    if (fflush(stdout) != 0) {
        say("cannot write the paragraph: %s", strerror(errno));
        return EXIT_ERROR;
    }
    return EXIT_HITS;
}

/* Read a line of 'in' into 'line' (ESSAY_QUERY_MAX_BYTES + 2 bytes), without
 * its newline.  Of a line longer than a query may be, the first
 * ESSAY_QUERY_MAX_BYTES + 1 bytes are kept, so that the search knows it
 * passes the limit (it searches its start, or under --strict refuses it,
 * naming the limit), and the rest is read and dropped: however long the
 * line, it is never held whole.  Returns the bytes kept, or -1 at the end. */
static ssize_t read_query_line(FILE *in, char *line)
{
    size_t len = 0, seen = 0;
    int c;
    while ((c = getc(in)) != EOF && c != '\n')
        if (seen++ <= ESSAY_QUERY_MAX_BYTES)
            line[len++] = (char)c;
    line[len] = '\0';
    return c == EOF && seen == 0 ? -1 : (ssize_t)len;
}

/* --batch: one JSON line per line of standard input, in order, whatever the
 * line: a failed query gets an error object; a blank line, which asks
 * nothing (a file of queries in paragraphs), the answer to no query, with no
 * error and no hits, and it counts for nothing in the exit status.  Exit
 * status: 2 when a line failed, else 0 when a query had hits, else 1. */
static int answer_batch(essay_searcher *s, const essay_search_options *opt, const request *rq)
{
    static char line[ESSAY_QUERY_MAX_BYTES + 2];
    ssize_t len;
    int status = EXIT_NO_HITS, failed = 0;
    while ((len = read_query_line(stdin, line)) >= 0) {
        if (blank(line, (size_t)len)) {
            essay_error_write(line, (size_t)len, NULL, NULL, ESSAY_OUTPUT_JSON, stdout);
            fflush(stdout);
            continue;
        }
        int rc = answer(s, line, (size_t)len, opt, rq);
        failed |= rc == EXIT_ERROR;
        if (rc == EXIT_HITS)
            status = EXIT_HITS;
    }
    if (ferror(stdin)) {
        say("cannot read the queries: %s", strerror(errno));
        return EXIT_ERROR;
    }
    return failed ? EXIT_ERROR : status;
}

int main(int argc, char **argv)
{
    enum { OPT_INDEX = 256, OPT_PARTIAL, OPT_OFFSET, OPT_PAGE, OPT_ANY, OPT_SAME_PARAGRAPH, OPT_NO_CORRECT,
           OPT_STRICT, OPT_PER_ESSAY, OPT_EXPAND,
           OPT_NO_EXPAND, OPT_SORT, OPT_SNIPPET, OPT_JSON, OPT_JSONL, OPT_PATHS, OPT_COUNT,
           OPT_BATCH, OPT_LIKE, OPT_EDIT, OPT_FACETS, OPT_TIMELINE, OPT_CITE, OPT_ANCHOR, OPT_KWIC,
           OPT_KWIC_SORT, OPT_WIDTH, OPT_COLOR, OPT_VERSION };
    static const struct option options[] = {
        { "index", required_argument, NULL, OPT_INDEX },
        { "partial", no_argument, NULL, OPT_PARTIAL },
        { "limit", required_argument, NULL, 'n' },
        { "offset", required_argument, NULL, OPT_OFFSET },
        { "page", required_argument, NULL, OPT_PAGE },
        { "any", no_argument, NULL, OPT_ANY },
        { "same-paragraph", no_argument, NULL, OPT_SAME_PARAGRAPH },
        { "no-correct", no_argument, NULL, OPT_NO_CORRECT },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "per-essay", required_argument, NULL, OPT_PER_ESSAY },
        { "expand", no_argument, NULL, OPT_EXPAND },
        { "no-expand", no_argument, NULL, OPT_NO_EXPAND },
        { "sort", required_argument, NULL, OPT_SORT },
        { "snippet-chars", required_argument, NULL, OPT_SNIPPET },
        { "json", no_argument, NULL, OPT_JSON },
        { "jsonl", no_argument, NULL, OPT_JSONL },
        { "paths", no_argument, NULL, OPT_PATHS },
        { "count", no_argument, NULL, OPT_COUNT },
        { "batch", no_argument, NULL, OPT_BATCH },
        { "like", required_argument, NULL, OPT_LIKE },
        { "context", required_argument, NULL, 'C' },
        { "after-context", required_argument, NULL, 'A' },
        { "before-context", required_argument, NULL, 'B' },
        { "edit", required_argument, NULL, OPT_EDIT },
        { "facets", required_argument, NULL, OPT_FACETS },
        { "timeline", optional_argument, NULL, OPT_TIMELINE },
        { "cite", optional_argument, NULL, OPT_CITE },
        { "kwic", no_argument, NULL, OPT_KWIC },
        { "kwic-sort", required_argument, NULL, OPT_KWIC_SORT },
        { "width", required_argument, NULL, OPT_WIDTH },
        { "anchor", required_argument, NULL, OPT_ANCHOR },
        { "interactive", no_argument, NULL, 'i' },
        { "color", required_argument, NULL, OPT_COLOR },
        { "colour", required_argument, NULL, OPT_COLOR },
        { "version", no_argument, NULL, OPT_VERSION },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    essay_search_options opt = essay_search_defaults();
    experiment_settings(&opt);
    const char *index_paths[ESSAY_MAX_SHARDS];
    const char *color_when = "auto";
    size_t n_indexes = 0;
    request rq = { .m = MODE_TEXT };
    int batch = 0, limit_given = 0, offset_given = 0, open_flags = 0, interactive = 0, c;
    unsigned snippet = 0, context = 0, before = UINT_MAX, after = UINT_MAX, width = 0;
    /* the QUERY words, in order: those among the options (n_read of them),
     * then those after "--" */
    const char **words = malloc(((size_t)argc + 1) * sizeof *words);
    int n_words = 0, n_read;
    if (words == NULL) {
        say("out of memory");
        return EXIT_ERROR;
    }
    opterr = 0;     /* a mistake is reported as the output mode wants, once all is read */
    for (;;) {
        /* people type "walden -pond" as they would into a web search: after
         * a query word, -word is a word of the query, not options */
        while (n_words > 0 && optind < argc && query_word(argv[optind])) {
            if (long_option_mistyped(options, argv[optind]))
                bad_usage("'%s' would leave '%s' out of the search: the option is -%s (to "
                          "leave the word out, put it after --)", argv[optind], argv[optind] + 1,
                          argv[optind]);
            words[n_words++] = argv[optind++];
        }
        const char *arg = optind < argc ? argv[optind] : "";   /* holds the option */
        if ((c = getopt_long(argc, argv, short_options, options, NULL)) == -1)
            break;
        switch (c) {
        case 1:         /* a QUERY word */
            words[n_words++] = optarg;
            break;
        case OPT_INDEX:
            if (n_indexes == ESSAY_MAX_SHARDS)
                bad_usage("--index given more than %d times", ESSAY_MAX_SHARDS);
            else
                index_paths[n_indexes++] = optarg;
            break;
        case OPT_PARTIAL: open_flags |= ESSAY_OPEN_PARTIAL; break;
        case 'n':
            parse_count("limit", optarg, &opt.limit);
            limit_given = 1;
            break;
        case OPT_OFFSET:
            parse_count("offset", optarg, &opt.offset);
            offset_given = 1;
            break;
        case OPT_PAGE:
            parse_count("page", optarg, &rq.page);
            if (rq.page == 0)
                bad_usage("--page counts from 1, not 0");
            break;
        case OPT_PER_ESSAY: parse_count("per-essay", optarg, &opt.per_essay); break;
        case OPT_SNIPPET:
            parse_count("snippet-chars", optarg, &snippet);
            opt.snippet_chars = snippet;
            break;
        case OPT_ANY:   opt.match_any = 1; break;
        case OPT_SAME_PARAGRAPH: opt.same_paragraph = 1; break;
        case OPT_NO_CORRECT: opt.no_correct = 1; break;
        case OPT_STRICT: opt.strict = 1; break;
        case OPT_EXPAND:
        case OPT_NO_EXPAND:
            if (opt.expand == (c == OPT_EXPAND ? ESSAY_EXPAND_NEVER : ESSAY_EXPAND_ALWAYS))
                bad_usage("--expand and --no-expand exclude each other: give one of them");
            opt.expand = c == OPT_EXPAND ? ESSAY_EXPAND_ALWAYS : ESSAY_EXPAND_NEVER;
            break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0)
                opt.sort = ESSAY_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0)
                opt.sort = ESSAY_SORT_DATE;
            else
                bad_usage("--sort wants relevance or date, not '%s'", optarg);
            break;
        case OPT_JSON:  set_mode(&rq, MODE_JSON, "--json"); break;
        case OPT_JSONL: set_mode(&rq, MODE_JSONL, "--jsonl"); break;
        case OPT_PATHS: set_mode(&rq, MODE_PATHS, "--paths"); break;
        case OPT_COUNT: set_mode(&rq, MODE_COUNT, "--count"); break;
        case OPT_BATCH: batch = 1; break;
        case OPT_LIKE:  rq.like = optarg; break;
        case 'C':
            parse_count("context", optarg, &context);
            rq.context = 1;
            break;
        case 'A':
            parse_count("after-context", optarg, &after);
            rq.context = 1;
            break;
        case 'B':
            parse_count("before-context", optarg, &before);
            rq.context = 1;
            break;
        case OPT_EDIT:
            parse_count("edit", optarg, &rq.edit);
            if (rq.edit == 0)
                bad_usage("--edit wants the number of a hit, from 1, not '%s'", optarg);
            break;
        case OPT_FACETS: parse_facets(&rq, optarg); break;
        case OPT_TIMELINE:
            rq.timeline = 1;
            rq.unit = optarg == NULL || strcmp(optarg, "year") == 0 ? ESSAY_FACET_YEAR
                                                                     : ESSAY_FACET_MONTH;
            if (optarg != NULL && strcmp(optarg, "year") != 0 && strcmp(optarg, "month") != 0)
                bad_usage("--timeline wants year or month, not '%s'", optarg);
            break;
        case OPT_CITE:
            rq.cite = 1;
            rq.style = optarg == NULL || strcmp(optarg, "text") == 0 ? ESSAY_CITE_TEXT
                       : strcmp(optarg, "bibtex") == 0 ? ESSAY_CITE_BIBTEX
                                                        : ESSAY_CITE_CSL_JSON;
            if (optarg != NULL && strcmp(optarg, "text") != 0 && strcmp(optarg, "bibtex") != 0
                && strcmp(optarg, "csl-json") != 0)
                bad_usage("--cite wants text, bibtex or csl-json, not '%s'", optarg);
            break;
        case OPT_ANCHOR: rq.anchor = optarg; break;
        case OPT_KWIC:  rq.kwic = 1; break;
        case OPT_KWIC_SORT:
            if (strcmp(optarg, "left") == 0)
                rq.kwic_sort = ESSAY_KWIC_LEFT;
            else if (strcmp(optarg, "right") == 0)
                rq.kwic_sort = ESSAY_KWIC_RIGHT;
            else
                bad_usage("--kwic-sort wants left or right, not '%s'", optarg);
            break;
        case OPT_WIDTH: parse_count("width", optarg, &width); break;
        case 'i':       interactive = 1; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                bad_usage("--color wants auto, always or never, not '%s'", optarg);
            else
                color_when = optarg;
            break;
        case OPT_VERSION:
            printf("essay-search %s\n", ESSAY_VERSION);
            free(words);
            return 0;
        case 'h':
            fputs(usage, stdout);
            free(words);
            return 0;
        case ':':
            bad_usage("%s wants a value", arg);
            break;
        default:    /* optopt: the short option, or the long one given a value */
            if (strncmp(arg, "--", 2) != 0)
                unknown_short_option(optopt, arg);
            else if (optopt != 0)
                bad_usage("%.*s takes no value", (int)strcspn(arg, "="), arg);
            else
                bad_usage("unknown option '%s'", arg);
            break;
        }
    }
    n_read = n_words;
    while (optind < argc)       /* after "--" */
        words[n_words++] = argv[optind++];
    if (batch && rq.m != MODE_TEXT && rq.m != MODE_JSON)
        bad_usage("--batch answers each line with a --json object: not with %s",
                  rq.mode_option);
    if (batch)
        rq.m = MODE_JSON;   /* each answer is a --json object */
    if ((batch || rq.like || rq.anchor) && n_words > 0)
        bad_usage("--batch, --like and --anchor take no QUERY");
    if (!batch && !rq.like && !rq.anchor && !interactive && n_words == 0)
        bad_usage("no query given");
    if (interactive && (batch || rq.like || rq.edit || rq.m != MODE_TEXT))
        bad_usage("--interactive shows its own view: not with --batch, --like, --edit, "
                  "--json, --jsonl, --paths or --count");
    if (rq.edit && (batch || rq.m != MODE_TEXT))
        bad_usage("--edit opens a hit: not with --batch, --json, --jsonl, --paths or --count");
    if (rq.facets && (rq.like || rq.edit || interactive
                      || (rq.m != MODE_TEXT && rq.m != MODE_JSON)))
        bad_usage("--facets counts what a query matches: not with --like, --edit, "
                  "--interactive, --jsonl, --paths or --count");
    if (rq.timeline && (rq.facets || rq.like || rq.edit || interactive || batch
                        || (rq.m != MODE_TEXT && rq.m != MODE_JSON)))
        bad_usage("--timeline charts what a query matches: not with --facets, --like, --edit, "
                  "--interactive, --batch, --jsonl, --paths or --count");
    if (rq.cite && (rq.facets || rq.timeline || rq.edit || interactive || batch
                    || rq.m != MODE_TEXT))
        bad_usage("--cite writes references to the hits: not with --facets, --timeline, "
                  "--edit, --interactive, --batch, --json, --jsonl, --paths or --count");
    if (rq.anchor && (rq.like || rq.cite || rq.facets || rq.timeline || rq.edit || interactive
                      || batch || rq.m != MODE_TEXT))
        bad_usage("--anchor prints one paragraph: not with --like, --cite, --facets, "
                  "--timeline, --edit, --interactive, --batch, --json, --jsonl, --paths "
                  "or --count");
    /* -C/-A/-B too: a --kwic line holds its context, no room for paragraphs */
    if (rq.kwic && (rq.cite || rq.anchor || rq.facets || rq.timeline || rq.context || rq.edit
                    || interactive || batch || rq.m == MODE_PATHS || rq.m == MODE_COUNT))
        bad_usage("--kwic lists the occurrences of a query: not with --cite, --anchor, "
                  "--facets, --timeline, -C, -A, -B, --edit, --interactive, --batch, --paths "
                  "or --count");
    if ((rq.kwic_sort != ESSAY_KWIC_RANK || width) && !rq.kwic)
        bad_usage("--kwic-sort and --width lay out --kwic lines: give --kwic too");
    if ((rq.m == MODE_PATHS || rq.kwic) && !limit_given)
        opt.limit = 1000000;    /* like rg -l: every matching essay once; --kwic: every match */
    if (rq.page > 0 && offset_given)
        bad_usage("--page and --offset both say where the hits begin: give one of them");
    if (rq.page > 0) {     /* the hits before page N, of --limit hits each */
        unsigned long long first = (unsigned long long)(rq.page - 1) * opt.limit;
        if (first > 1000000)
            bad_usage("--page %u of %u hits begins past hit 1000000", rq.page, opt.limit);
        opt.offset = (unsigned)first;
    }
    if (rq.like)
        parse_like(&rq);
    if (usage_problem[0] != '\0') {
        report(rq.m, NULL, 0, "usage", usage_problem);
        free(rq.like_path);
        free(words);
        return EXIT_ERROR;
    }
    if (interactive && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
        say("--interactive needs a terminal on standard input and output");
        free(words);
        return EXIT_ERROR;
    }
    setlocale(LC_CTYPE, "");
    rq.ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
    const char *no_color = getenv("NO_COLOR");
    rq.color = strcmp(color_when, "always") == 0
               || (strcmp(color_when, "auto") == 0 && isatty(STDOUT_FILENO)
                   && !(no_color && *no_color));
    if (rq.kwic) {
        opt.snippet_chars = ESSAY_KWIC_SNIPPET;
        rq.width = width ? width : terminal_columns();
    }
    if (rq.m == MODE_PATHS)
        opt.per_essay = 1;
    if (rq.m == MODE_COUNT)
        opt.exact_total = 1;
    /* text and --paths show no total (--json, --batch and the full-screen view do) */
    opt.rough_total = (rq.m == MODE_TEXT || rq.m == MODE_PATHS) && !batch && !interactive
                      && !rq.facets && !rq.timeline;
    /* --limit 0: the search gets its default page, and none of it is printed */
    rq.no_hits = limit_given && opt.limit == 0 && !rq.edit;
    /* what counts or tests whether the query matches asks for the query as
     * written: no correction or relaxation makes a match of nothing */
    if (rq.m == MODE_COUNT || rq.no_hits)
        opt.strict = 1;
    rq.before = before != UINT_MAX ? before : rq.context ? context : 1;
    rq.after = after != UINT_MAX ? after : rq.context ? context : 1;
    if (rq.edit)
        opt.limit = rq.edit;    /* hit N is the last one needed */
    if (interactive && !limit_given)
        opt.limit = INTERACTIVE_HITS;
    if (interactive)
        opt.snippet_chars = INTERACTIVE_SNIPPET_CHARS;

    char *query = batch ? NULL : rq.like ? strdup(rq.like)
                                         : join_words(words, n_words, n_read);
    free(words);
    size_t query_len = query ? strlen(query) : 0;
    char *default_path = n_indexes ? NULL : essay_default_index_path(), *err = NULL;
    essay_searcher *s = NULL;
    essay_status st;
    int status = EXIT_ERROR;
    if (n_indexes == 0 && (index_paths[n_indexes++] = default_path) == NULL) {
        report(rq.m, query, query_len, essay_status_name(ESSAY_NO_INDEX),
               "no index path: give --index or set ESSAY_INDEX");
    } else if ((st = essay_searcher_open_many(index_paths, n_indexes, open_flags, &s, &err))
               != ESSAY_OK) {
        report(rq.m, query, query_len, essay_status_name(st), err ? err : essay_strerror(st));
        if (st == ESSAY_NO_INDEX && n_indexes == 1)
            say("build one with: essay-index --index %s DIR", index_paths[0]);
    } else {
        const char *skipped;
        for (size_t i = 0; (skipped = essay_searcher_skipped(s, i)) != NULL; i++)
            say("warning: %s; searching the other shards", skipped);
        if (opt.per_essay == 1 && essay_searcher_damaged(s))
            say("warning: %s", essay_searcher_damaged(s));
        if (essay_searcher_empty(s) && n_indexes == 1)
            say("warning: index '%s' holds no essays: add them with: essay-index --index %s DIR",
                index_paths[0], index_paths[0]);
        else if (essay_searcher_empty(s))
            say("warning: the indexes hold no essays");
        if (essay_searcher_older(s))
            say("warning: an older essay-index built this index: until essay-index updates it "
                "(essay-index --index %s), some searches find less, and names are not told from "
                "words", index_paths[0]);
        interactive_settings view = { .query = query, .color = rq.color,
                                      .before = rq.before, .after = rq.after };
        if (batch)
            status = answer_batch(s, &opt, &rq);
        else if (interactive)
            status = interactive_run(s, &opt, &view);
        else if (rq.anchor)
            status = answer_anchor(s, rq.anchor);
        else if (query)
            status = answer(s, query, query_len, &opt, &rq);
    }
    free(err);
    free(query);
    free(rq.like_path);
    essay_searcher_close(s);
    free(default_path);
    return status;
}
