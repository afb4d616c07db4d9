/* essay-search -- answer ranked queries over the essay index.
 *
 * Parses the command line, runs essay_search() and writes the results with
 * essay_results_write(): for people on a terminal (colour unless told
 * otherwise), plain when piped, JSON for scripts.  --batch reads one query
 * a line from standard input and answers each with one JSON line, the index
 * opened once.  --index may be given several times: the indexes (local,
 * sharded directories, Xapian stub files, or tcp://HOST:PORT shards served by
 * xapian-tcpsrv) are searched as one, through essay_searcher_open_many().
 * Exit status, like grep: 0 hits, 1 no hits, 2 error.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "essay.h"

#define EXIT_HITS 0
#define EXIT_NO_HITS 1
#define EXIT_ERROR 2

static const char usage[] =
    "Usage: essay-search [OPTION]... QUERY...\n"
    "Search the essay index and print the best paragraphs, ranked (BM25).\n"
    "\n"
    "Query language: words (all must match), \"a phrase\", -word or NOT word,\n"
    "a OR b, a AND b, (grouping), prefix*, a NEAR b, a NEAR/5 b, =exact (unstemmed),\n"
    "title:word, author:name, essay:file-name, year:2025, date:2024..2025-06.\n"
    "\n"
    "  --index PATH        the index (default: $ESSAY_INDEX, else\n"
    "                      $XDG_DATA_HOME/essay-search/index); give it again to\n"
    "                      search several as one: each an index, a sharded index\n"
    "                      directory, a Xapian stub file, or tcp://HOST:PORT (a\n"
    "                      shard served by xapian-tcpsrv)\n"
    "      --partial       search the shards that answer when a remote one cannot\n"
    "                      be reached (with a warning), instead of failing\n"
    "  -n, --limit N       print at most N hits (default 10)\n"
    "      --offset N      skip the first N hits\n"
    "      --any           rank paragraphs matching any word, not only all\n"
    "      --per-essay N   at most N paragraphs of one essay; with 1, essays are\n"
    "                      ranked by their whole text, shown by their best paragraph\n"
    "      --expand        with --per-essay 1: add the words that the first essays\n"
    "                      found share (a third slower); the default for --any\n"
    "                      questions of four words or more\n"
    "      --no-expand     never add them\n"
    "      --sort KEY      relevance (default) or date (newest first)\n"
    "      --snippet-chars N  snippet length, about N bytes (default 240)\n"
    "      --json          one JSON object: query, total, hits, suggestion\n"
    "      --jsonl         one JSON object a hit, one a line\n"
    "      --paths         the paths of the matching essays, best first\n"
    "      --count         the number of matching paragraphs\n"
    "      --like PATH:LINE  paragraphs like the one at PATH:LINE (no QUERY)\n"
    "      --batch         read queries from standard input, one a line; answer\n"
    "                      each with one JSON line (the --json object)\n"
    "      --color WHEN    auto (default: colour on a terminal), always, never;\n"
    "                      NO_COLOR in the environment means never\n"
    "      --version       print the version and exit\n"
    "  -h, --help          print this help and exit\n"
    "\n"
    "Exit status: 0 hits, 1 no hits, 2 error.  See essay-search(1).\n";

typedef enum { MODE_TEXT, MODE_JSON, MODE_JSONL, MODE_PATHS, MODE_COUNT } mode;

static int parse_count(const char *name, const char *arg, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || *end != '\0' || end == arg || arg[0] == '-' || v > 1000000) {
        fprintf(stderr, "essay-search: --%s wants a number from 0 to 1000000, not '%s'\n", name,
                arg);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* Join the query words given as separate arguments. */
static char *join_words(char **words, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(words[i]) + 1;
    char *q = malloc(len), *p = q;
    if (q == NULL)
        return NULL;
    *p = '\0';
    for (int i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? " " : "", words[i]);
    return q;
}

/* Run one query (or, with 'like', find paragraphs like the one at PATH:LINE)
 * and write its results; returns the exit status. */
static int answer(essay_searcher *s, const char *query, const char *like,
                  const essay_search_options *opt, mode m, int color)
{
    essay_results *r;
    char *err = NULL;
    essay_status st;
    if (like) {
        const char *colon = strrchr(like, ':');
        char *end = NULL;
        unsigned long line = colon ? strtoul(colon + 1, &end, 10) : 0;
        if (colon == NULL || end == colon + 1 || *end != '\0' || line == 0 || line > UINT_MAX) {
            fprintf(stderr, "essay-search: --like wants PATH:LINE, not '%s'\n", like);
            return EXIT_ERROR;
        }
        char *path = strndup(like, (size_t)(colon - like));
        st = path ? essay_search_like(s, path, (unsigned)line, opt, &r, &err) : ESSAY_NOMEM;
        free(path);
    } else {
        st = essay_search(s, query, opt, &r, &err);
    }
    if (st != ESSAY_OK) {
        fprintf(stderr, "essay-search: %s%s\n", st == ESSAY_BAD_QUERY ? "bad query at " : "",
                err ? err : essay_strerror(st));
        free(err);
        return EXIT_ERROR;
    }
    const char *suggestion = essay_results_suggestion(r);
    int for_people = m == MODE_TEXT || m == MODE_PATHS || m == MODE_COUNT;
    if (suggestion && for_people)
        fprintf(stderr, "essay-search: did you mean: %s\n", suggestion);
    else if (for_people && essay_results_spelling_partial(r))
        fprintf(stderr, "essay-search: no spelling suggestion: remote shards do not share "
                "their spelling data\n");
    static const essay_output formats[] = {
        [MODE_TEXT] = ESSAY_OUTPUT_TEXT, [MODE_JSON] = ESSAY_OUTPUT_JSON,
        [MODE_JSONL] = ESSAY_OUTPUT_JSONL, [MODE_PATHS] = ESSAY_OUTPUT_PATHS,
    };
    if (m == MODE_COUNT)
        printf("%zu\n", essay_results_estimate(r));
    else
        st = essay_results_write(r, like ? like : query, formats[m], color, stdout);
    int hits = essay_results_estimate(r) > 0 || essay_results_count(r) > 0;
    essay_results_free(r);
    if (st != ESSAY_OK || fflush(stdout) != 0) {
        fprintf(stderr, "essay-search: cannot write the results: %s\n", strerror(errno));
        return EXIT_ERROR;
    }
    return hits ? EXIT_HITS : EXIT_NO_HITS;
}

/* --batch: one JSON line per query line; exit 0 if any query had hits. */
static int answer_batch(essay_searcher *s, const essay_search_options *opt)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int status = EXIT_NO_HITS;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0)
            continue;
        int rc = answer(s, line, NULL, opt, MODE_JSON, 0);
        if (rc == EXIT_ERROR)   /* keep one line per query: scripts count on it */
            printf("{\"query\":null,\"error\":true,\"total\":0,\"hits\":[],\"suggestion\":null}\n");
        else if (rc == EXIT_HITS)
            status = EXIT_HITS;
    }
    free(line);
    return status;
}

int main(int argc, char **argv)
{
    enum { OPT_INDEX = 256, OPT_PARTIAL, OPT_OFFSET, OPT_ANY, OPT_PER_ESSAY, OPT_EXPAND,
           OPT_NO_EXPAND, OPT_SORT, OPT_SNIPPET, OPT_JSON, OPT_JSONL, OPT_PATHS, OPT_COUNT,
           OPT_BATCH, OPT_LIKE, OPT_COLOR, OPT_VERSION };
    static const struct option options[] = {
        { "index", required_argument, NULL, OPT_INDEX },
        { "partial", no_argument, NULL, OPT_PARTIAL },
        { "limit", required_argument, NULL, 'n' },
        { "offset", required_argument, NULL, OPT_OFFSET },
        { "any", no_argument, NULL, OPT_ANY },
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
        { "color", required_argument, NULL, OPT_COLOR },
        { "colour", required_argument, NULL, OPT_COLOR },
        { "version", no_argument, NULL, OPT_VERSION },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    essay_search_options opt = essay_search_defaults();
    const char *index_paths[ESSAY_MAX_SHARDS];
    const char *color_when = "auto", *like = NULL;
    size_t n_indexes = 0;
    mode m = MODE_TEXT;
    int batch = 0, limit_given = 0, open_flags = 0, c;
    unsigned snippet = 0;
    while ((c = getopt_long(argc, argv, "n:h", options, NULL)) != -1) {
        switch (c) {
        case OPT_INDEX:
            if (n_indexes == ESSAY_MAX_SHARDS) {
                fprintf(stderr, "essay-search: --index given more than %d times\n",
                        ESSAY_MAX_SHARDS);
                return EXIT_ERROR;
            }
            index_paths[n_indexes++] = optarg;
            break;
        case OPT_PARTIAL: open_flags |= ESSAY_OPEN_PARTIAL; break;
        case 'n':
            if (parse_count("limit", optarg, &opt.limit) != 0)
                return EXIT_ERROR;
            limit_given = 1;
            break;
        case OPT_OFFSET:
            if (parse_count("offset", optarg, &opt.offset) != 0)
                return EXIT_ERROR;
            break;
        case OPT_PER_ESSAY:
            if (parse_count("per-essay", optarg, &opt.per_essay) != 0)
                return EXIT_ERROR;
            break;
        case OPT_SNIPPET:
            if (parse_count("snippet-chars", optarg, &snippet) != 0)
                return EXIT_ERROR;
            opt.snippet_chars = snippet;
            break;
        case OPT_ANY:   opt.match_any = 1; break;
        case OPT_EXPAND: opt.expand = ESSAY_EXPAND_ALWAYS; break;
        case OPT_NO_EXPAND: opt.expand = ESSAY_EXPAND_NEVER; break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") == 0)
                opt.sort = ESSAY_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0)
                opt.sort = ESSAY_SORT_DATE;
            else {
                fprintf(stderr, "essay-search: --sort wants relevance or date, not '%s'\n",
                        optarg);
                return EXIT_ERROR;
            }
            break;
        case OPT_JSON:  m = MODE_JSON; break;
        case OPT_JSONL: m = MODE_JSONL; break;
        case OPT_PATHS: m = MODE_PATHS; break;
        case OPT_COUNT: m = MODE_COUNT; break;
        case OPT_BATCH: batch = 1; break;
        case OPT_LIKE:  like = optarg; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                fprintf(stderr, "essay-search: --color wants auto, always or never, not '%s'\n",
                        optarg);
                return EXIT_ERROR;
            }
            color_when = optarg;
            break;
        case OPT_VERSION:
            printf("essay-search %s\n", ESSAY_VERSION);
            return 0;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            fputs("Try 'essay-search --help'.\n", stderr);
            return EXIT_ERROR;
        }
    }
    if ((batch || like) && optind < argc) {
        fputs("essay-search: --batch and --like take no QUERY\n", stderr);
        return EXIT_ERROR;
    }
    if (!batch && !like && optind >= argc) {
        fputs("essay-search: no query given\nTry 'essay-search --help'.\n", stderr);
        return EXIT_ERROR;
    }
    const char *no_color = getenv("NO_COLOR");
    int color = strcmp(color_when, "always") == 0
                || (strcmp(color_when, "auto") == 0 && isatty(STDOUT_FILENO)
                    && !(no_color && *no_color));
    if (m == MODE_PATHS) {
        /* like rg -l: every matching essay once */
        opt.per_essay = 1;
        if (!limit_given)
            opt.limit = 1000000;
    }
    if (m == MODE_COUNT)
        opt.exact_total = 1;

    char *default_path = n_indexes ? NULL : essay_default_index_path();
    if (n_indexes == 0 && (index_paths[n_indexes++] = default_path) == NULL) {
        fputs("essay-search: no index path: give --index or set ESSAY_INDEX\n", stderr);
        return EXIT_ERROR;
    }
    essay_searcher *s;
    char *err = NULL;
    essay_status st = essay_searcher_open_many(index_paths, n_indexes, open_flags, &s, &err);
    if (st != ESSAY_OK) {
        fprintf(stderr, "essay-search: %s\n", err ? err : essay_strerror(st));
        if (st == ESSAY_NO_INDEX && n_indexes == 1)
            fprintf(stderr, "essay-search: build one with: essay-index --index %s DIR\n",
                    index_paths[0]);
        free(err);
        free(default_path);
        return EXIT_ERROR;
    }
    const char *skipped;
    for (size_t i = 0; (skipped = essay_searcher_skipped(s, i)) != NULL; i++)
        fprintf(stderr, "essay-search: warning: %s; searching the other shards\n", skipped);
    int status;
    if (batch) {
        status = answer_batch(s, &opt);
    } else if (like) {
        status = answer(s, NULL, like, &opt, m, color);
    } else {
        char *query = join_words(argv + optind, argc - optind);
        status = query ? answer(s, query, NULL, &opt, m, color) : EXIT_ERROR;
        free(query);
    }
    essay_searcher_close(s);
    free(default_path);
    return status;
}
