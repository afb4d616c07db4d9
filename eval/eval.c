/* eval.c -- score rankings against relevance judgements: the table `make eval` prints.
 *
 *   eval [--per-query] QRELS NAME=RUN...
 *
 * QRELS holds "query TAB document TAB grade" lines (TREC qrels without the
 * iteration column).  Each RUN file holds one line per query:
 * "query TAB hit TAB hit ...", hits in rank order, a hit being a document
 * id or a path with an optional ":line" (a paragraph of that essay).  A hit
 * names its essay by the path's file name without extension, so
 * ".../docs/184.txt:7" is document 184.  The hits are collapsed to the first
 * (best) one per essay, in rank order, and cut at METRICS_DEPTH essays: the
 * judgement is per essay, whatever each system retrieves.
 *
 * Every query with a relevant judgement is scored; a system with no line
 * (or no hits) for it scores 0 there, as with trec_eval -c.  Queries
 * without a relevant judgement are skipped, as trec_eval does.  The table
 * gives each system's mean nDCG@10, MAP@100 and Recall@100 (metrics.h), and
 * for every system after the first, a two-sided paired randomization test
 * of its nDCG@10 against the first's (Smucker, Allan and Carterette, CIKM
 * 2007): the share of random sign flips of the per-query differences whose
 * mean is at least as far from zero as the observed one.  --per-query
 * prints "system TAB query TAB nDCG@10 TAB AP@100 TAB Recall@100" lines
 * instead, for finding where two settings differ.
 *
 * Exit status: 0, or 2 with a message on stderr for unreadable or malformed
 * input.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metrics.h"

#define PERMUTATIONS 10000

typedef struct {
    char *query, *doc;
    int grade;
} judgement;

typedef struct {
    judgement *items;           /* sorted by query, then document */
    size_t n;
} qrels;

typedef struct {
    char *query;
    char *hits;                 /* the rest of the line, TAB-separated */
} run_line;

typedef struct {
    const char *name;
    run_line *lines;            /* sorted by query */
    size_t n;
    metrics_scores *scores;     /* one per judged query */
} run;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("eval: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xrealloc(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        die("out of memory");
    void *q = realloc(p, n * size);
    if (q == NULL && n * size != 0)
        die("out of memory");
    return q;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (d == NULL)
        die("out of memory");
    return d;
}

static FILE *open_input(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        die("cannot open '%s': %s", path, strerror(errno));
    return f;
}

/* Read the lines of 'path' one by one into *line (without its line end);
 * returns 0 at the end. */
static int next_line(FILE *f, const char *path, char **line, size_t *cap)
{
    errno = 0;
    ssize_t len = getline(line, cap, f);
    if (len < 0) {
        if (ferror(f))
            die("cannot read '%s': %s", path, strerror(errno));
        return 0;
    }
    while (len > 0 && ((*line)[len - 1] == '\n' || (*line)[len - 1] == '\r'))
        (*line)[--len] = '\0';
    return 1;
}

/* ---- judgements ---------------------------------------------------------- */

static int judgement_cmp(const void *a, const void *b)
{
    const judgement *x = a, *y = b;
    int c = strcmp(x->query, y->query);
    return c != 0 ? c : strcmp(x->doc, y->doc);
}

static qrels qrels_read(const char *path)
{
    qrels q = { NULL, 0 };
    size_t cap = 0, line_cap = 0, lineno = 0;
    char *line = NULL;
    FILE *f = open_input(path);
    while (next_line(f, path, &line, &line_cap)) {
        lineno++;
        if (line[0] == '\0')
            continue;
        char *query = strtok(line, "\t "), *doc = strtok(NULL, "\t "), *grade = strtok(NULL, "\t ");
        char *end = NULL;
        long g = grade ? strtol(grade, &end, 10) : 0;
        if (doc == NULL || grade == NULL || *end != '\0' || g < -1 || g > 1000)
            die("%s:%zu: expected 'query TAB document TAB grade'", path, lineno);
        if (q.n == cap)
            q.items = xrealloc(q.items, cap = cap ? 2 * cap : 1024, sizeof *q.items);
        q.items[q.n++] = (judgement){ xstrdup(query), xstrdup(doc), (int)g };
    }
    free(line);
    fclose(f);
    qsort(q.items, q.n, sizeof *q.items, judgement_cmp);
    return q;
}

/* The judgements of the query starting at index 'first': how many there are. */
static size_t query_span(const qrels *q, size_t first)
{
    size_t end = first;
    while (end < q->n && strcmp(q->items[end].query, q->items[first].query) == 0)
        end++;
    return end - first;
}

/* ---- runs ---------------------------------------------------------------- */

static int run_line_cmp(const void *a, const void *b)
{
    return strcmp(((const run_line *)a)->query, ((const run_line *)b)->query);
}

static void run_read(run *r, const char *name, const char *path)
{
    size_t cap = 0, line_cap = 0;
    char *line = NULL;
    FILE *f = open_input(path);
    r->name = name;
    while (next_line(f, path, &line, &line_cap)) {
        char *tab = strchr(line, '\t');
        if (tab != NULL)
            *tab = '\0';
        if (line[0] == '\0')
            continue;
        if (r->n == cap)
            r->lines = xrealloc(r->lines, cap = cap ? 2 * cap : 256, sizeof *r->lines);
        r->lines[r->n++] = (run_line){ xstrdup(line), xstrdup(tab ? tab + 1 : "") };
    }
    free(line);
    fclose(f);
    qsort(r->lines, r->n, sizeof *r->lines, run_line_cmp);
    for (size_t i = 1; i < r->n; i++)
        if (strcmp(r->lines[i - 1].query, r->lines[i].query) == 0)
            die("%s: query %s has two lines", path, r->lines[i].query);
}

static const run_line *run_find(const run *r, const char *query)
{
    run_line key = { (char *)query, NULL };
    return bsearch(&key, r->lines, r->n, sizeof *r->lines, run_line_cmp);
}

/* Cut 'hit' (modified in place) down to its essay's id: drop a ":line"
 * suffix, the directories and the extension. */
static char *essay_of(char *hit)
{
    char *colon = strrchr(hit, ':');
    if (colon != NULL && colon[1] != '\0' && strspn(colon + 1, "0123456789") == strlen(colon + 1))
        *colon = '\0';
    char *base = strrchr(hit, '/');
    base = base ? base + 1 : hit;
    char *dot = strrchr(base, '.');
    if (dot != NULL && dot != base)
        *dot = '\0';
    return base;
}

static int grade_of(const judgement *j, size_t n, const char *doc)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(j[i].doc, doc) == 0)
            return j[i].grade;
    return 0;
}

/* The grades of the first METRICS_DEPTH distinct essays of 'hits' into
 * ranked[]; returns how many. */
static size_t rank_essays(const char *hits, const judgement *j, size_t n_judged, int *ranked)
{
    char *copy = xstrdup(hits), *save = NULL;
    char *seen[METRICS_DEPTH];
    size_t n = 0;
    for (char *hit = strtok_r(copy, "\t", &save); hit && n < METRICS_DEPTH;
         hit = strtok_r(NULL, "\t", &save)) {
        char *essay = essay_of(hit);
        size_t i = 0;
        while (i < n && strcmp(seen[i], essay) != 0)
            i++;
        if (i < n || essay[0] == '\0')
            continue;
        seen[n] = essay;
        ranked[n++] = grade_of(j, n_judged, essay);
    }
    free(copy);
    return n;
}

/* ---- statistics ---------------------------------------------------------- */

/* A small deterministic generator (xorshift64), so the p-values repeat. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* Two-sided paired randomization test of the mean of diff[0..n). */
static double randomization_p(const double *diff, size_t n)
{
    double observed = 0.0;
    for (size_t i = 0; i < n; i++)
        observed += diff[i];
    observed = fabs(observed);
    uint64_t state = 0x9e3779b97f4a7c15u;
    size_t extreme = 0;
    for (int p = 0; p < PERMUTATIONS; p++) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += (next_random(&state) >> 63) ? diff[i] : -diff[i];
        extreme += fabs(sum) >= observed - 1e-12;
    }
    return (double)(extreme + 1) / (PERMUTATIONS + 1);
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv)
{
    int per_query = argc > 1 && strcmp(argv[1], "--per-query") == 0;
    int first_arg = 1 + per_query;
    if (argc - first_arg < 2)
        die("usage: eval [--per-query] QRELS NAME=RUN...");
    qrels q = qrels_read(argv[first_arg]);
    size_t n_runs = (size_t)(argc - first_arg - 1);
    run *runs = xrealloc(NULL, n_runs, sizeof *runs);
    for (size_t r = 0; r < n_runs; r++) {
        char *arg = argv[first_arg + 1 + r], *eq = strchr(arg, '=');
        if (eq == NULL || eq == arg)
            die("'%s': expected NAME=RUN", arg);
        *eq = '\0';
        runs[r] = (run){ 0 };
        run_read(&runs[r], arg, eq + 1);
        runs[r].scores = xrealloc(NULL, q.n ? q.n : 1, sizeof *runs[r].scores);
    }

    size_t scored = 0, skipped = 0;
    int ranked[METRICS_DEPTH];
    int *judged = xrealloc(NULL, q.n ? q.n : 1, sizeof *judged);
    for (size_t first = 0, span; first < q.n; first += span) {
        span = query_span(&q, first);
        const judgement *j = &q.items[first];
        for (size_t i = 0; i < span; i++)
            judged[i] = j[i].grade;
        if (metrics_relevant(judged, span) == 0) {
            skipped++;
            continue;
        }
        for (size_t r = 0; r < n_runs; r++) {
            const run_line *line = run_find(&runs[r], j->query);
            size_t n = line ? rank_essays(line->hits, j, span, ranked) : 0;
            metrics_scores *s = &runs[r].scores[scored];
            metrics_score(ranked, n, judged, span, s);
            if (per_query)
                printf("%s\t%s\t%.4f\t%.4f\t%.4f\n", runs[r].name, j->query, s->ndcg, s->ap,
                       s->recall);
        }
        scored++;
    }

    if (!per_query) {
        printf("%zu queries scored, %zu skipped (no relevant document judged)\n", scored, skipped);
        printf("%-16s %8s %8s %10s   %s\n", "system", "nDCG@10", "MAP@100", "Recall@100",
               n_runs > 1 ? "nDCG@10 vs first: better/worse queries, p" : "");
        double *diff = xrealloc(NULL, scored ? scored : 1, sizeof *diff);
        for (size_t r = 0; r < n_runs; r++) {
            double ndcg = 0, ap = 0, recall = 0;
            size_t better = 0, worse = 0;
            for (size_t i = 0; i < scored; i++) {
                const metrics_scores *s = &runs[r].scores[i];
                ndcg += s->ndcg;
                ap += s->ap;
                recall += s->recall;
                diff[i] = s->ndcg - runs[0].scores[i].ndcg;
                better += diff[i] > 1e-12;
                worse += diff[i] < -1e-12;
            }
            double div = scored ? (double)scored : 1.0;
            printf("%-16s %8.4f %8.4f %10.4f", runs[r].name, ndcg / div, ap / div, recall / div);
            if (r > 0)
                printf("   %zu/%zu, p = %.4f", better, worse, randomization_p(diff, scored));
            putchar('\n');
        }
        free(diff);
    }

    for (size_t r = 0; r < n_runs; r++) {
        for (size_t i = 0; i < runs[r].n; i++) {
            free(runs[r].lines[i].query);
            free(runs[r].lines[i].hits);
        }
        free(runs[r].lines);
        free(runs[r].scores);
    }
    free(runs);
    for (size_t i = 0; i < q.n; i++) {
        free(q.items[i].query);
        free(q.items[i].doc);
    }
    free(q.items);
    free(judged);
    return fflush(stdout) == 0 ? 0 : 2;
}
