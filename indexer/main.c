/* essay-index -- build or update the essay index.
 *
 * Parses the command line, calls essay_index_update() (or _forget()),
 * shows progress on a terminal, says each error and warning the update
 * reports, and prints a one-line summary (or JSON).  --list prints what the
 * index records instead (essay_index_recorded()).
 * A sharded index (--shards N, or a directory an earlier --shards made) goes
 * through essay_shards_update() (or _forget()) instead, which updates the
 * shards in processes of their own and reports their essays here, so the
 * progress, the messages and the summary are the same, added up over the
 * shards.  --shard K/N builds one shard of N into a plain index, for
 * building the shards on several machines.
 * Before it starts, it has the library remove what an earlier run that did
 * not finish left (essay_index_recover()), and says so in one line.
 * Ctrl-C (SIGINT) or SIGTERM asks the update to stop before its next essay
 * (essay_update_options.stop); it says what was kept and then dies of that
 * signal, so that a shell sees 130 (143) and a script running it stops too.
 * --watch then keeps the index current (essay_watch_run(), one line an
 * update), until such a signal, which lets an update under way finish.
 * --status prints what essay_index_status() gathers, and nothing else.
 * A second one ends it at once: the next run cleans up after it.
 * Exit status: 0 all went in, 1 some files were skipped with errors (the
 * rest indexed and committed), 2 nothing changed because of a fatal error
 * (for a sharded index: in some shard; the message says which, and how many
 * others finished).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "essay.h"

#define EXIT_SKIPPED 1
#define EXIT_FATAL 2
#define MAX_EXTENSIONS 32
#define MAX_PATTERNS 256    /* --exclude (or --forget-exclude) options */

static const char usage[] =
    "Usage: essay-index [OPTION]... [PATH]...\n"
    "Index the essays in PATHs (files, or directories searched recursively) and\n"
    "remember the PATHs; with no PATH, update the index from every remembered one:\n"
    "new essays are added, changed ones re-indexed, removed ones dropped.\n"
    "\n"
    "  --index PATH     the index (default: $ESSAY_INDEX, else\n"
    "                   $XDG_DATA_HOME/essay-search/index)\n"
    "  --language NAME  default language of a new index (default: english): of\n"
    "                   the essays whose header names none (language: french, or\n"
    "                   fr) and whose text is too short or unclear to detect one\n"
    "  --ext LIST       file extensions to index, comma-separated (default: txt,md);\n"
    "                   remembered with the index in place of those it had (the\n"
    "                   essays of the others go): later runs take the same\n"
    "                   files, as do --rebuild and --watch\n"
    "  --shards N       make --index a sharded index: a directory of N shards,\n"
    "                   each essay in one of them, built in parallel; later runs\n"
    "                   on that directory find N by themselves\n"
    "  --shard K/N      build only shard K (0..N-1) of N, as a plain index (to build\n"
    "                   the shards on several machines); the index remembers it\n"
    "  --forget PATH    forget a remembered PATH and drop its essays from the index\n"
    "                   (not those another remembered PATH covers)\n"
    "  --exclude GLOB   leave out the files and directories under a PATH whose path\n"
    "                   relative to it, or whose name, matches GLOB (fnmatch; '*'\n"
    "                   matches '/' too); may be given many times; remembered with\n"
    "                   the index, and essays already indexed that it matches are\n"
    "                   removed\n"
    "  --forget-exclude GLOB  stop leaving out what GLOB matches\n"
    "  --list           print the remembered PATHs, --exclude GLOBs and --ext\n"
    "                   extensions, and exit\n"
    "  --rebuild        build a new index beside the old one and swap it in\n"
    "                   atomically (searches go on meanwhile)\n"
    "  --jobs N         processes that build a new or rebuilt index (or update\n"
    "                   a sharded one) at once (default: one per processor; a\n"
    "                   new index under 8 MB is built by one)\n"
    "  --no-delta       write new essays into the main index, not its delta of\n"
    "                   recent additions, folding that in first (for an index\n"
    "                   that xapian-tcpsrv serves, which reads the main one only)\n"
    "  --wait           wait for another essay-index updating the index, not fail\n"
    "  --status         say what the index holds and how it stands: essays, size,\n"
    "                   remembered paths (and how to forget a gone one), the last\n"
    "                   update and what it skipped; with --json, as JSON\n"
    "  --watch          after the update, keep watching the remembered paths and\n"
    "                   update the index as essays change (a line an update;\n"
    "                   with --json, a JSON line), until Ctrl-C or SIGTERM, which\n"
    "                   let an update under way finish\n"
    "  --dry-run        say what would change; change nothing\n"
    "  --json           print the summary as JSON\n"
    "  -q, --quiet      print nothing but errors (no warnings: an empty file, a\n"
    "                   header without its closing ---, a header date that is\n"
    "                   no date, a header key given twice)\n"
    "  -v, --verbose    print every essay added, updated, read again or removed\n"
    "      --version    print the version and exit\n"
    "  -h, --help       print this help and exit\n"
    "\n"
    "Each essay is stemmed in its own language: the one its header names, else the\n"
    "one its text is detected in, else the index's (--language).  Languages:\n"
    "libstemmer's (arabic ... yiddish, or their ISO 639-1 codes); scripts written\n"
    "without spaces between words (Chinese, Japanese, Thai) are not supported.\n"
    "\n"
    "Ctrl-C stops before the next essay, keeping the index as it was before the\n"
    "run; what a run killed outright left beside the index, the next run removes.\n"
    "\n"
    "A remembered directory found holding no essay at all (emptied, or a mount\n"
    "point with nothing mounted) keeps its essays, as a remembered PATH gone\n"
    "does, until --forget PATH confirms they are gone.\n"
    "\n"
    "Exit status: 0 all indexed (warnings leave it 0), 1 some files skipped with\n"
    "errors or a remembered PATH gone or emptied, 2 fatal error (--status: no\n"
    "index), 130 interrupted (Ctrl-C; 143 SIGTERM), as --watch ends.\n";

typedef struct {
    int quiet, verbose, json, progress;
    int dry_run;
    int timed;              /* --watch: each summary says when it was */
    int watching;           /* --watch, past the first update: errors are said once each */
    json_t *said;           /* --watch: the errors of the last update that had its line */
    size_t done, bytes;
    size_t total_files, total_bytes;    /* what the update plans to look at */
    struct timespec start;
    json_t *errors;
    json_t *warnings;
} run;

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Print "essay-index: MESSAGE" on stderr.  The message may name files, and
 * a file name may hold anything but NUL and '/': it is written as the
 * searcher writes essay text, control characters shown as U+FFFD. */
#define say(...) essay_write_message(stderr, "essay-index", __VA_ARGS__)

static const char *change_name(essay_change c)
{
    switch (c) {
    case ESSAY_ADDED:     return "added";
    case ESSAY_UPDATED:   return "updated";
    case ESSAY_REMOVED:   return "removed";
    case ESSAY_UNCHANGED: return "unchanged";
    case ESSAY_SKIPPED:   return "skipped";
    case ESSAY_REREAD:    return "read again";
    }
    return "?";
}

/* JSON must be UTF-8, and a path need not be: {"path", "message"}. */
static json_t *json_message(const char *path, const char *message)
{
    char *json_path = essay_utf8_repair(path), *json_text = essay_utf8_repair(message);
    json_t *j = json_pack("{s:s, s:s}", "path", json_path, "message", json_text);
    free(json_path);
    free(json_text);
    return j;
}

static void report(const char *path, essay_change change, size_t bytes, const char *error,
                   void *ctx)
{
    run *r = ctx;
    r->done++;
    r->bytes += bytes;
    if (r->progress)
        fputs("\r\033[K", stderr);
    if (error) {
        if (!r->watching)
            say("%s", error);
        json_array_append_new(r->errors, json_message(path, error));
    } else if ((r->verbose || r->dry_run) && change != ESSAY_UNCHANGED) {
        fprintf(stderr, "%s%s ", r->dry_run ? "would be " : "", change_name(change));
        essay_write_safe(stderr, path);
        fputc('\n', stderr);
    }
    if (r->progress) {
        double secs = seconds_since(&r->start);
        double rate = secs > 0 ? (double)r->bytes / secs : 0;
        if (r->total_files)     /* a sharded update has no single plan */
            fprintf(stderr, "%zu/%zu essays, %.1f/%.1f MB, %.1f MB/s", r->done, r->total_files,
                    (double)r->bytes / 1e6, (double)r->total_bytes / 1e6, rate / 1e6);
        else
            fprintf(stderr, "%zu essays, %.1f MB, %.1f MB/s", r->done, (double)r->bytes / 1e6,
                    rate / 1e6);
        if (rate > 0 && r->total_bytes > r->bytes)
            fprintf(stderr, ", %.0f s to go", (double)(r->total_bytes - r->bytes) / rate);
    }
}

/* A warning, or a corpus path gone (an error that says how many of its
 * essays stay, and how to forget it). */
static void notice(const essay_notice *n, void *ctx)
{
    run *r = ctx;
    json_t *j = json_message(n->path, n->message);
    if (r->progress)
        fputs("\r\033[K", stderr);
    if (n->kind == ESSAY_NOTICE_GONE) {
        say("%s", n->message);
        char *command = essay_utf8_repair(n->command);
        json_object_set_new(j, "essays", json_integer((json_int_t)n->essays));
        json_object_set_new(j, "command", json_string(command));
        free(command);
        json_array_append_new(r->errors, j);
        return;
    }
    if (n->kind == ESSAY_NOTICE_OLDER) {
        if (!r->quiet)
            say("%s", n->message);
        json_decref(j);
        return;
    }
    if (!r->quiet)
        say("warning: %s", n->message);
    json_object_set_new(j, "line", n->line ? json_integer(n->line) : json_null());
    json_array_append_new(r->warnings, j);
}

static void planned(size_t files, size_t bytes, void *ctx)
{
    run *r = ctx;
    r->total_files = files;
    r->total_bytes = bytes;
}

static int parse_extensions(char *list, const char **ext)
{
    size_t n = 0;
    char *save = NULL;
    for (char *e = strtok_r(list, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
        if (*e == '.')
            e++;
        if (n + 1 >= MAX_EXTENSIONS || *e == '\0')
            return -1;
        ext[n++] = e;
    }
    ext[n] = NULL;
    return n > 0 ? 0 : -1;
}

/* Parse "K/N" for --shard. */
static int parse_shard(const char *arg, unsigned *shard, unsigned *n)
{
    unsigned k, total;
    int used = 0;
    if (sscanf(arg, "%u/%u%n", &k, &total, &used) != 2 || arg[used] != '\0' || arg[0] == '-'
        || k >= total || total > ESSAY_MAX_SHARDS)
        return -1;
    *shard = k;
    *n = total;
    return 0;
}

/* Parse N from 1 to 'max' (--shards, --jobs). */
static int parse_count(const char *arg, unsigned max, unsigned *n)
{
    char *end;
    unsigned long v = strtoul(arg, &end, 10);
    if (end == arg || *end != '\0' || arg[0] == '-' || v < 1 || v > max)
        return -1;
    *n = (unsigned)v;
    return 0;
}

/* The signal that asked the update to stop, or 0. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

/* Have SIGINT and SIGTERM ask the update to stop; the handler is reset by
 * the first, so the second ends the program.  A signal ignored from the
 * start (as a script's background jobs ignore SIGINT) stays ignored. */
static void catch_stop_signals(void)
{
    static const int signals[] = { SIGINT, SIGTERM };
    struct sigaction sa = { .sa_handler = on_stop_signal, .sa_flags = SA_RESETHAND | SA_RESTART };
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(signals[i], &sa, NULL);
    }
}

/* End as the stop signal would have ended the program, now that it has
 * cleaned up; the exit status if the signal does not end it. */
static int die_of_stop_signal(void)
{
    int sig = stop_signal ? stop_signal : SIGINT;
    fflush(NULL);
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
}

/* Add 'pattern' to the NULL-terminated 'list' of at most MAX_PATTERNS. */
static int add_pattern(const char **list, size_t *n, const char *pattern)
{
    if (*n + 1 >= MAX_PATTERNS)
        return -1;
    list[(*n)++] = pattern;
    list[*n] = NULL;
    return 0;
}

/* Print each line of 'lines' after 'what' and a space, shown safe. */
static void print_lines(const char *what, char *lines)
{
    char *save = NULL;
    for (char *line = strtok_r(lines, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        printf("%s ", what);
        essay_write_safe(stdout, line);
        putchar('\n');
    }
}

/* The lines of 'lines' as a JSON array of strings. */
static json_t *json_lines(char *lines)
{
    json_t *a = json_array();
    char *save = NULL;
    for (char *line = strtok_r(lines, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *text = essay_utf8_repair(line);
        json_array_append_new(a, json_string(text));
        free(text);
    }
    return a;
}

/* --list: print the corpus paths, exclude patterns and extensions the index
 * at 'index_path' records ("path P", "exclude G" and "ext E" lines, or
 * JSON); returns the exit status. */
static int list_recorded(const char *index_path, int json)
{
    char *roots, *excludes, *extensions, *err = NULL;
    essay_status st = essay_index_recorded(index_path, &roots, &excludes, &extensions, &err);
    if (st != ESSAY_OK) {
        say("%s", err ? err : essay_strerror(st));
        free(err);
        return EXIT_FATAL;
    }
    if (json) {
        json_t *j = json_pack("{s:o, s:o, s:o}", "paths", json_lines(roots), "excludes",
                              json_lines(excludes), "extensions", json_lines(extensions));
        if (j) {
            json_dumpf(j, stdout, JSON_COMPACT);
            putchar('\n');
            json_decref(j);
        }
    } else {
        print_lines("path", roots);
        print_lines("exclude", excludes);
        print_lines("ext", extensions);
    }
    free(roots);
    free(excludes);
    free(extensions);
    return 0;
}

/* 'shards' is the number of shards of a sharded index, 0 for a plain one;
 * 'secs' how long the update took. */
static void print_summary(const run *r, const essay_update_summary *s, unsigned shards,
                          double secs)
{
    char when[32] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (r->timed)
        strftime(when, sizeof when, r->json ? "%Y-%m-%dT%H:%M:%S%z" : "%H:%M:%S ",
                 localtime_r(&now, &tm));
    if (r->json) {
        json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:O, s:O}", "added",
                              (json_int_t)s->added, "updated", (json_int_t)s->updated,
                              "reread", (json_int_t)s->reread, "removed", (json_int_t)s->removed,
                              "unchanged", (json_int_t)s->unchanged, "paragraphs",
                              (json_int_t)s->paragraphs, "seconds", secs, "errors", r->errors,
                              "warnings", r->warnings);
        if (j && shards)
            json_object_set_new(j, "shards", json_integer(shards));
        if (j && r->timed)
            json_object_set_new(j, "time", json_string(when));
        if (j) {
            json_dumpf(j, stdout, JSON_COMPACT);
            putchar('\n');
            json_decref(j);
        }
    } else if (!r->quiet) {
        char in_shards[32] = "", reread[96] = "";
        if (shards)
            snprintf(in_shards, sizeof in_shards, " (%u shards)", shards);
        if (s->reread)
            snprintf(reread, sizeof reread, " (%zu unchanged but indexed by an older essay-index: "
                     "read again)", s->reread);
        fprintf(stderr, "%s%s%zu added, %zu updated%s, %zu removed, %zu unchanged, %zu skipped; "
                "%zu paragraphs in %.2f s%s\n", when, r->dry_run ? "dry run: " : "", s->added,
                s->updated, reread, s->removed, s->unchanged, s->skipped, s->paragraphs, secs,
                in_shards);
    }
}

/* --status: what the index holds, for people or (--json) for scripts. */
static int show_status(const char *index_path, int json)
{
    essay_index_info *info = NULL;
    char *err = NULL;
    essay_status st = essay_index_status(index_path, &info, &err);
    if (st == ESSAY_NO_INDEX)
        say("%s: build it with: essay-index --index %s DIR", err ? err : essay_strerror(st),
            index_path);
    else if (st != ESSAY_OK)
        say("%s", err ? err : essay_strerror(st));
    else if ((st = essay_index_info_write(info, json ? ESSAY_OUTPUT_JSON : ESSAY_OUTPUT_TEXT,
                                          stdout)) != ESSAY_OK)
        say("cannot write the status: %s", strerror(errno));
    free(err);
    essay_index_info_free(info);
    return st == ESSAY_OK ? 0 : EXIT_FATAL;
}

/* Whether the JSON array 'list' holds 'item'. */
static int json_holds(const json_t *list, const json_t *item)
{
    for (size_t i = 0; i < json_array_size(list); i++)
        if (json_equal(json_array_get(list, i), item))
            return 1;
    return 0;
}

/* After each update of --watch: a line when it changed the index or met
 * other errors than the last update with a line, saying the new ones. */
static void watched(essay_status st, const essay_update_summary *s, double seconds,
                    const char *error, void *ctx)
{
    run *r = ctx;
    if (st != ESSAY_OK)
        say("update failed: %s", error ? error : essay_strerror(st));
    else if (s->added || s->updated || s->removed || !json_equal(r->errors, r->said)) {
        for (size_t i = 0; !r->json && i < json_array_size(r->errors); i++)
            if (!json_holds(r->said, json_array_get(r->errors, i)))
                say("%s", json_string_value(json_object_get(json_array_get(r->errors, i),
                                                            "message")));
        print_summary(r, s, 0, seconds);
        json_decref(r->said);
        r->said = json_incref(r->errors);
    }
    fflush(stdout);
    json_decref(r->errors);
    r->errors = json_array();
}

static void watch_notice(const char *message, void *ctx)
{
    (void)ctx;
    say("%s", message);
}

/* --watch, after the first update: keep the index current until a stop
 * signal, which lets an update under way finish.  Says what went wrong;
 * returns ESSAY_INTERRUPTED when stopped. */
static essay_status watch_index(const char *index_path, const essay_update_options *opt, run *r)
{
    essay_watch_options wo = { .updated = watched, .notice = watch_notice, .ctx = r };
    essay_watch *w = NULL;
    char *err = NULL;
    r->watching = 1;
    r->progress = 0;
    r->said = r->errors;    /* said by the first update */
    r->errors = json_array();
    essay_status st = essay_watch_open(index_path, &wo, &w, &err);
    if (st == ESSAY_OK)
        st = essay_watch_run(w, opt, &stop_signal, &err);
    if (st != ESSAY_OK && st != ESSAY_INTERRUPTED)
        say("cannot go on watching: %s", err ? err : essay_strerror(st));
    essay_watch_close(w);
    free(err);
    json_decref(r->said);
    return st;
}

int main(int argc, char **argv)
{
    enum { OPT_INDEX = 256, OPT_LANGUAGE, OPT_EXT, OPT_FORGET, OPT_DRY_RUN, OPT_JSON,
           OPT_REBUILD, OPT_WAIT, OPT_SHARDS, OPT_SHARD, OPT_JOBS, OPT_NO_DELTA, OPT_VERSION,
           OPT_EXCLUDE, OPT_FORGET_EXCLUDE, OPT_LIST, OPT_STATUS, OPT_WATCH };
    static const struct option options[] = {
        { "index", required_argument, NULL, OPT_INDEX },
        { "language", required_argument, NULL, OPT_LANGUAGE },
        { "ext", required_argument, NULL, OPT_EXT },
        { "forget", required_argument, NULL, OPT_FORGET },
        { "exclude", required_argument, NULL, OPT_EXCLUDE },
        { "forget-exclude", required_argument, NULL, OPT_FORGET_EXCLUDE },
        { "list", no_argument, NULL, OPT_LIST },
        { "dry-run", no_argument, NULL, OPT_DRY_RUN },
        { "rebuild", no_argument, NULL, OPT_REBUILD },
        { "wait", no_argument, NULL, OPT_WAIT },
        { "shards", required_argument, NULL, OPT_SHARDS },
        { "shard", required_argument, NULL, OPT_SHARD },
        { "jobs", required_argument, NULL, OPT_JOBS },
        { "no-delta", no_argument, NULL, OPT_NO_DELTA },
        { "status", no_argument, NULL, OPT_STATUS },
        { "watch", no_argument, NULL, OPT_WATCH },
        { "json", no_argument, NULL, OPT_JSON },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "version", no_argument, NULL, OPT_VERSION },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    run r = { 0 };
    const char *index_path = NULL, *language = NULL, *forget = NULL;
    const char *extensions[MAX_EXTENSIONS];
    const char *excludes[MAX_PATTERNS] = { NULL }, *unexcludes[MAX_PATTERNS] = { NULL };
    size_t n_excludes = 0, n_unexcludes = 0;
    int have_extensions = 0, flags = 0, no_delta = 0, list = 0, status = 0, watching = 0, c;
    unsigned shards = 0, shard = 0, of_shards = 0, jobs = 0;
    while ((c = getopt_long(argc, argv, "qvh", options, NULL)) != -1) {
        switch (c) {
        case OPT_INDEX:    index_path = optarg; break;
        case OPT_LANGUAGE: language = optarg; break;
        case OPT_FORGET:   forget = optarg; break;
        case OPT_DRY_RUN:  r.dry_run = 1; break;
        case OPT_REBUILD:  flags |= ESSAY_REBUILD; break;
        case OPT_WAIT:     flags |= ESSAY_WAIT; break;
        case OPT_NO_DELTA: no_delta = 1; break;
        case OPT_STATUS:   status = 1; break;
        case OPT_WATCH:    watching = r.timed = 1; break;
        case OPT_JSON:     r.json = 1; break;
        case OPT_LIST:     list = 1; break;
        case OPT_EXCLUDE:
        case OPT_FORGET_EXCLUDE:
            if (c == OPT_EXCLUDE ? add_pattern(excludes, &n_excludes, optarg)
                                 : add_pattern(unexcludes, &n_unexcludes, optarg)) {
                say("at most %d --exclude and %d --forget-exclude options", MAX_PATTERNS - 1,
                    MAX_PATTERNS - 1);
                return EXIT_FATAL;
            }
            break;
        case 'q':          r.quiet = 1; break;
        case 'v':          r.verbose = 1; break;
        case OPT_EXT:
            if (parse_extensions(optarg, extensions) != 0) {
                say("bad --ext list '%s'", optarg);
                return EXIT_FATAL;
            }
            have_extensions = 1;
            break;
        case OPT_SHARDS:
            if (parse_count(optarg, ESSAY_MAX_SHARDS, &shards) != 0) {
                say("--shards wants a number from 1 to %u, not '%s'", ESSAY_MAX_SHARDS, optarg);
                return EXIT_FATAL;
            }
            break;
        case OPT_SHARD:
            if (parse_shard(optarg, &shard, &of_shards) != 0) {
                say("--shard wants K/N with 0 <= K < N <= %u, not '%s'", ESSAY_MAX_SHARDS, optarg);
                return EXIT_FATAL;
            }
            break;
        case OPT_JOBS:
            if (parse_count(optarg, 16, &jobs) != 0) {
                say("--jobs wants a number from 1 to 16, not '%s'", optarg);
                return EXIT_FATAL;
            }
            break;
        case OPT_VERSION:
            printf("essay-index %s\n", ESSAY_VERSION);
            return 0;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            fputs("Try 'essay-index --help'.\n", stderr);
            return EXIT_FATAL;
        }
    }
    int patterns = n_excludes || n_unexcludes, changes = forget || patterns || optind < argc
                                                      || (flags & ESSAY_REBUILD);
    const char *conflict = (flags & ESSAY_REBUILD) && (r.dry_run || forget)
                           ? "--rebuild goes with neither --dry-run nor --forget"
                           : shards && of_shards ? "--shards and --shard cannot go together"
                           : forget && patterns ? "--exclude and --forget-exclude go with an "
                                                  "update, not with --forget"
                           : list && changes ? "--list goes with no PATH and no other change"
                           : status && (watching || forget || flags || r.dry_run || optind < argc)
                           ? "--status goes with --index and --json only"
                           : watching && (forget || r.dry_run)
                           ? "--watch goes with neither --dry-run nor --forget" : NULL;
    if (conflict) {
        say("%s", conflict);
        return EXIT_FATAL;
    }
    char *default_path = index_path ? NULL : essay_default_index_path();
    if (index_path == NULL && (index_path = default_path) == NULL) {
        say("no index path: give --index or set ESSAY_INDEX");
        return EXIT_FATAL;
    }
    if (status) {
        int code = show_status(index_path, r.json);
        free(default_path);
        return code;
    }
    if (list) {
        int code = list_recorded(index_path, r.json);
        free(default_path);
        return code;
    }
    r.errors = json_array();
    r.warnings = json_array();
    r.progress = !r.quiet && !r.json && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &r.start);
    catch_stop_signals();
    char *err = NULL, *removed = NULL;
    essay_status st = r.dry_run ? ESSAY_OK
                                : essay_index_recover(index_path, flags & ESSAY_WAIT, &removed,
                                                      &err);
    if (removed)
        say("removed what a run that did not finish left: %s", removed);
    free(removed);
    size_t n_paths = (size_t)(argc - optind);
    if (n_paths > 0 && forget == NULL)
        flags |= ESSAY_CREATE;
    essay_update_options opt = {
        .extensions = have_extensions ? extensions : NULL,
        .dry_run = r.dry_run, .report = report, .planned = planned, .ctx = &r,
        .shard = shard, .n_shards = of_shards, .jobs = jobs, .no_delta = no_delta,
        .stop = &stop_signal, .exclude = excludes, .forget_exclude = unexcludes,
        .notice = notice,
    };
    essay_shards_options so = { .n_shards = shards, .flags = flags, .language = language,
                                .jobs = jobs };
    essay_update_summary summary;
    if (st == ESSAY_OK && forget)
        st = essay_index_forget_path(index_path, &so, forget, &opt, &summary, &err);
    else if (st == ESSAY_OK)
        st = essay_index_update_path(index_path, &so, (const char *const *)argv + optind,
                                     n_paths, &opt, &summary, &err);
    unsigned found_shards = 0;
    if (shards == 0 && essay_shards_count(index_path, &found_shards, NULL) == ESSAY_OK)
        shards = found_shards;
    if (r.progress)
        fputs("\r\033[K", stderr);
    if (st == ESSAY_NO_INDEX)
        say("%s: give the essays to index, as in: essay-index %s--index %s DIR",
            err ? err : essay_strerror(st), shards ? "--shards N " : "", index_path);
    else if (st != ESSAY_OK)
        say("%s", err ? err : essay_strerror(st));
    if (st == ESSAY_OK)
        print_summary(&r, &summary, shards, seconds_since(&r.start));
    if (st == ESSAY_OK && watching)
        st = watch_index(index_path, &opt, &r);
    free(err);
    free(default_path);
    json_decref(r.errors);
    json_decref(r.warnings);
    if (st == ESSAY_INTERRUPTED)
        return die_of_stop_signal();
    if (st != ESSAY_OK)
        return EXIT_FATAL;
    return summary.skipped > 0 ? EXIT_SKIPPED : 0;
}
