/* fts5-peer.c -- the benchmark's SQLite FTS5 peer, through SQLite's C API.
 *
 *   fts5-peer build DB < records
 *   fts5-peer search DB [--any] [--syntax] [--limit N] [--snippet] < queries
 *   fts5-peer sql [--any] [--syntax] [--limit N] [--snippet] < queries
 *
 * build reads the records bench/paragraphs writes (PATH TAB LINE TAB TITLE
 * TAB TEXT) and inserts one row a record into the table
 *
 *   essays USING fts5(path UNINDEXED, line UNINDEXED, title, body,
 *                     tokenize='porter unicode61 remove_diacritics 2')
 *
 * creating it if the database has none (so a second build appends, which is
 * how the benchmark adds one essay), all in one transaction.
 *
 * search reads one query a line and prints one line a query: the hits as
 * TAB-separated PATH:LINE in bm25() rank order (an empty line for none or
 * for an error, which goes to stderr).  By default the words of the query
 * (runs of letters and digits; any non-ASCII byte counts as a letter) are
 * each double-quoted, so FTS5 syntax cannot break, and ANDed (ORed with
 * --any).  --syntax instead translates the engine's query language, as far
 * as FTS5 has it: "phrases", word*, -word and NOT, OR, AND, parentheses
 * and title:word; an operand next to another gets an explicit AND (OR with
 * --any).  --snippet computes snippet() of the body for every hit too, as a
 * user-facing search would, without printing it.
 *
 * sql prints, for each query line, the SELECT statement search would run,
 * with the translated query inlined, for the sqlite3 CLI: the benchmark
 * feeds the same queries to both.
 *
 * Exit status: 0 on success, 1 when some records or queries failed, 2 on a
 * fatal error (bad arguments, cannot open the database).
 */
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LIMIT 10
#define SNIPPET_TOKENS 16

static const char create_sql[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS essays USING fts5(path UNINDEXED, line UNINDEXED,"
    " title, body, tokenize='porter unicode61 remove_diacritics 2')";

typedef struct {
    int any;                /* implicit operator OR instead of AND */
    int syntax;             /* translate the query language, not just the words */
    int snippet;
    long limit;
} search_options;

/* ---- growable strings --------------------------------------------------- */

typedef struct {
    char *s;
    size_t len, cap;
} buffer;

static void buffer_add(buffer *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->s, cap);
        if (grown == NULL) {
            fputs("fts5-peer: out of memory\n", stderr);
            exit(2);
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buffer_puts(buffer *b, const char *s)
{
    buffer_add(b, s, strlen(s));
}

/* ---- query translation -------------------------------------------------- */

static int is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static size_t word_length(const char *s)
{
    size_t n = 0;
    while (is_word_byte((unsigned char)s[n]))
        n++;
    return n;
}

static int is_keyword(const char *s, size_t n, const char *keyword)
{
    return n == strlen(keyword) && memcmp(s, keyword, n) == 0;
}

/* The translation under way: what was written last decides whether the next
 * operand needs the implicit operator first. */
typedef struct {
    buffer out;
    int after_operand;      /* last thing written was an operand or ')' */
    const search_options *opt;
} translation;

static void begin_operand(translation *t)
{
    if (t->after_operand)
        buffer_puts(&t->out, t->opt->any ? " OR " : " AND ");
    t->after_operand = 1;
}

static void put_operator(translation *t, const char *op)
{
    if (t->out.len > 0)
        buffer_puts(&t->out, " ");
    buffer_puts(&t->out, op);
    buffer_puts(&t->out, " ");
    t->after_operand = 0;
}

/* A quoted phrase of the words in s[0..n): "w1 w2 ...". */
static void put_phrase(translation *t, const char *s, size_t n)
{
    begin_operand(t);
    buffer_puts(&t->out, "\"");
    int first = 1;
    for (size_t i = 0; i < n;) {
        size_t w = word_length(s + i);
        if (w > 0 && w <= n - i) {
            if (!first)
                buffer_puts(&t->out, " ");
            buffer_add(&t->out, s + i, w);
            first = 0;
            i += w;
        } else {
            i++;
        }
    }
    buffer_puts(&t->out, "\"");
}

/* The FTS5 MATCH expression for 'query' (malloc'd), or NULL when it has no
 * word at all. */
static char *translate(const char *query, const search_options *opt)
{
    translation t = { .opt = opt };
    int words = 0;
    for (const char *p = query; *p;) {
        size_t w = word_length(p);
        if (w > 0) {
            if (opt->syntax && (is_keyword(p, w, "OR") || is_keyword(p, w, "AND")
                                || is_keyword(p, w, "NOT"))) {
                char op[4];
                memcpy(op, p, w);
                op[w] = '\0';
                put_operator(&t, op);
            } else if (opt->syntax && p[w] == ':' && is_keyword(p, w, "title")) {
                begin_operand(&t);
                buffer_puts(&t.out, "title : ");
                t.after_operand = 0;
            } else if (opt->syntax && p[w] == ':') {
                /* a field FTS5 does not have: search its value as words */
            } else {
                put_phrase(&t, p, w);
                words++;
                if (opt->syntax && p[w] == '*') {
                    buffer_puts(&t.out, "*");
                    w++;
                }
            }
            p += w + (opt->syntax && p[w] == ':');
        } else if (opt->syntax && *p == '"') {
            const char *end = strchr(p + 1, '"');
            size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
            put_phrase(&t, p + 1, n);
            words++;
            p += n + 1 + (end != NULL);
        } else if (opt->syntax && *p == '-' && is_word_byte((unsigned char)p[1])) {
            put_operator(&t, "NOT");
            p++;
        } else if (opt->syntax && *p == '(') {
            begin_operand(&t);
            buffer_puts(&t.out, "(");
            t.after_operand = 0;
            p++;
        } else if (opt->syntax && *p == ')') {
            buffer_puts(&t.out, ")");
            t.after_operand = 1;
            p++;
        } else {
            p++;
        }
    }
    if (words == 0) {
        free(t.out.s);
        return NULL;
    }
    return t.out.s;
}

/* ---- the SQL ------------------------------------------------------------ */

static void select_sql(buffer *sql, const search_options *opt, const char *match)
{
    buffer_puts(sql, "SELECT path, line");
    if (opt->snippet) {
        char columns[64];
        snprintf(columns, sizeof columns, ", snippet(essays, 3, '[', ']', '...', %d)",
                 SNIPPET_TOKENS);
        buffer_puts(sql, columns);
    }
    buffer_puts(sql, " FROM essays WHERE essays MATCH ");
    if (match == NULL) {
        buffer_puts(sql, "?1");
    } else {
        /* an SQL string literal: double every single quote */
        buffer_puts(sql, "'");
        for (const char *q; (q = strchr(match, '\'')) != NULL; match = q + 1) {
            buffer_add(sql, match, (size_t)(q - match));
            buffer_puts(sql, "''");
        }
        buffer_puts(sql, match);
        buffer_puts(sql, "'");
    }
    char tail[64];
    snprintf(tail, sizeof tail, " ORDER BY bm25(essays) LIMIT %ld", opt->limit);
    buffer_puts(sql, tail);
}

static sqlite3 *open_database(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "fts5-peer: cannot open '%s': %s\n", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "fts5-peer: %s: %s\n", sql, msg ? msg : "error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Strip the line end; returns the length left. */
static size_t chomp(char *line, ssize_t len)
{
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    return (size_t)len;
}

/* ---- build -------------------------------------------------------------- */

static int build(const char *path)
{
    sqlite3 *db = open_database(path);
    if (db == NULL)
        return 2;
    sqlite3_stmt *insert = NULL;
    if (exec(db, create_sql) != 0 || exec(db, "BEGIN") != 0
        || sqlite3_prepare_v2(db, "INSERT INTO essays(path, line, title, body) VALUES (?,?,?,?)",
                              -1, &insert, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5-peer: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0, number = 0;
    ssize_t len;
    int status = 0;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        number++;
        chomp(line, len);
        char *field[4];
        field[0] = line;
        int n = 1;
        for (char *p = line; n < 4 && (p = strchr(p, '\t')) != NULL; n++) {
            *p++ = '\0';
            field[n] = p;
        }
        if (n < 4) {
            fprintf(stderr, "fts5-peer: record %zu: fewer than 4 fields\n", number);
            status = 1;
            continue;
        }
        for (int i = 0; i < 4; i++)
            sqlite3_bind_text(insert, i + 1, field[i], -1, SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) {
            fprintf(stderr, "fts5-peer: record %zu: %s\n", number, sqlite3_errmsg(db));
            status = 1;
        }
        sqlite3_reset(insert);
    }
    free(line);
    sqlite3_finalize(insert);
    if (exec(db, "COMMIT") != 0)
        status = 2;
    sqlite3_close(db);
    return status;
}

/* ---- search and sql ----------------------------------------------------- */

/* Run one query and print its line.  Returns 0, or 1 on an SQLite error. */
static int run_query(sqlite3 *db, sqlite3_stmt *select, const char *match)
{
    int status = 0, first = 1;
    if (match != NULL) {
        sqlite3_bind_text(select, 1, match, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
            printf("%s%s:%s", first ? "" : "\t", (const char *)sqlite3_column_text(select, 0),
                   (const char *)sqlite3_column_text(select, 1));
            first = 0;
            /* the snippet column, when asked for, is computed by this fetch */
            (void)sqlite3_column_text(select, 2);
        }
        if (rc != SQLITE_DONE) {
            fprintf(stderr, "fts5-peer: query '%s': %s\n", match, sqlite3_errmsg(db));
            status = 1;
        }
        sqlite3_reset(select);
    }
    putchar('\n');
    return status;
}

/* search (db_path != NULL) or sql (db_path == NULL) over the queries on stdin. */
static int answer_queries(const char *db_path, const search_options *opt)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *select = NULL;
    if (db_path != NULL) {
        if ((db = open_database(db_path)) == NULL)
            return 2;
        buffer sql = { 0 };
        select_sql(&sql, opt, NULL);
        int rc = sqlite3_prepare_v2(db, sql.s, -1, &select, NULL);
        free(sql.s);
        if (rc != SQLITE_OK) {
            fprintf(stderr, "fts5-peer: %s: %s\n", db_path, sqlite3_errmsg(db));
            sqlite3_close(db);
            return 2;
        }
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int status = 0;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        chomp(line, len);
        char *match = translate(line, opt);
        if (db != NULL) {
            status |= run_query(db, select, match);
        } else {
            /* a query without words still gets a statement, one that finds nothing */
            buffer sql = { 0 };
            select_sql(&sql, opt, match ? match : "\"\"");
            printf("%s;\n", sql.s);
            free(sql.s);
        }
        free(match);
    }
    free(line);
    sqlite3_finalize(select);
    sqlite3_close(db);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "fts5-peer: writing: %s\n", strerror(errno));
        return 2;
    }
    return status;
}

static int usage(void)
{
    fputs("usage: fts5-peer build DB < records\n"
          "       fts5-peer search DB [--any] [--syntax] [--limit N] [--snippet] < queries\n"
          "       fts5-peer sql [--any] [--syntax] [--limit N] [--snippet] < queries\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const char *command = argv[1];
    if (strcmp(command, "build") == 0)
        return argc == 3 ? build(argv[2]) : usage();
    int is_search = strcmp(command, "search") == 0;
    if (!is_search && strcmp(command, "sql") != 0)
        return usage();
    int first_option = is_search ? 3 : 2;
    if (argc < first_option)
        return usage();
    search_options opt = { .limit = DEFAULT_LIMIT };
    for (int i = first_option; i < argc; i++) {
        if (strcmp(argv[i], "--any") == 0) {
            opt.any = 1;
        } else if (strcmp(argv[i], "--syntax") == 0) {
            opt.syntax = 1;
        } else if (strcmp(argv[i], "--snippet") == 0) {
            opt.snippet = 1;
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            opt.limit = strtol(argv[++i], &end, 10);
            if (errno != 0 || *end != '\0' || opt.limit < 1)
                return usage();
        } else {
            return usage();
        }
    }
    return answer_queries(is_search ? argv[2] : NULL, &opt);
}
