/* paragraphs.c -- dump the paragraphs libessay would index, one record a line.
 *
 *   paragraphs FILE|DIR...
 *
 * The benchmark's peers (SQLite FTS5, Xapian's own TermGenerator) must index
 * exactly the paragraphs the engine indexes, or the comparison is unfair.  So
 * this program walks its arguments the way essay_index_update() does (files
 * named on the command line are taken as they are; directories are walked
 * recursively in sorted order, taking *.txt and *.md and skipping hidden
 * names and editor backups), parses each file with the engine's own parser,
 * essay__file_parse(), and writes for each paragraph
 *
 *   PATH TAB LINE TAB TITLE TAB TEXT NEWLINE
 *
 * PATH is absolute (as the engine stores it), LINE the line the paragraph
 * starts on; tabs, newlines and other control characters in TITLE and TEXT
 * become spaces, so a record is always one line of four fields.
 *
 * Exit status: 0 when every file was parsed, 1 when some were skipped (their
 * error is printed on stderr), 2 when out of memory or stdout failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "private.h"

static const char *const wanted_extensions[] = { "txt", "md", NULL };

/* The same names essay_index_update() skips in a directory. */
static int skipped_name(const char *name)
{
    size_t len = strlen(name);
    return name[0] == '.' || name[len - 1] == '~' || (name[0] == '#' && name[len - 1] == '#')
           || fnmatch("*.sw[a-p]", name, 0) == 0 || fnmatch("*.bak", name, 0) == 0;
}

static int has_wanted_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return 0;
    for (const char *const *e = wanted_extensions; *e; e++)
        if (strcasecmp(dot + 1, *e) == 0)
            return 1;
    return 0;
}

/* Write 'len' bytes of 's' with every ASCII control character as a space. */
static void write_field(const char *s, size_t len, FILE *out)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
            fwrite(s + start, 1, i - start, out);
            putc(' ', out);
            start = i + 1;
        }
    fwrite(s + start, 1, len - start, out);
}

/* Parse one file and print its records.  Returns 0, or 1 when it was skipped. */
static int dump_file(const char *path, FILE *out)
{
    char *abs = realpath(path, NULL);
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    essay_file *f = NULL;
    essay_status st = abs ? essay__read_file(abs, &buf, &len, &err)
                          : essay__fail(&err, ESSAY_IO, "%s: %s", path, strerror(errno));
    if (st == ESSAY_OK)
        st = essay__file_parse(abs, buf, len, &f, &err);
    if (st == ESSAY_OK) {
        size_t title_len = strlen(f->title);
        for (size_t i = 0; i < f->n_paragraphs; i++) {
            const essay_paragraph *p = &f->paragraphs[i];
            fprintf(out, "%s\t%u\t", abs, p->line);
            write_field(f->title, title_len, out);
            putc('\t', out);
            write_field(p->text, p->len, out);
            putc('\n', out);
        }
    } else {
        fprintf(stderr, "paragraphs: %s\n", err ? err : essay_strerror(st));
    }
    essay__file_free(f);
    free(err);
    free(buf);
    free(abs);
    return st == ESSAY_OK ? 0 : 1;
}

/* Dump 'path', a file or a directory walked recursively.  Returns 0 or 1 as
 * dump_file() does, 2 when out of memory. */
static int dump_path(const char *path, int named, FILE *out)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "paragraphs: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return named || has_wanted_extension(path) ? dump_file(path, out) : 0;

    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "paragraphs: %s: %s\n", path, strerror(errno));
        return 1;
    }
    int worst = 0;
    for (int i = 0; i < n; i++) {
        char *child = NULL;
        if (!skipped_name(names[i]->d_name) && worst < 2) {
            if (asprintf(&child, "%s/%s", path, names[i]->d_name) < 0) {
                worst = 2;
            } else {
                int rc = dump_path(child, 0, out);
                worst = rc > worst ? rc : worst;
            }
        }
        free(child);
        free(names[i]);
    }
    free(names);
    return worst;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: paragraphs FILE|DIR...\n");
        return 2;
    }
    int worst = 0;
    for (int i = 1; i < argc && worst < 2; i++) {
        int rc = dump_path(argv[i], 1, stdout);
        worst = rc > worst ? rc : worst;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "paragraphs: writing: %s\n", strerror(errno));
        return 2;
    }
    return worst;
}
