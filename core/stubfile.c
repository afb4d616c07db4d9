/* stubfile.c -- a Xapian stub file: the list of databases that Xapian
 * opens as one.  A sharded index has one, XAPIANDB, listing its shards
 * ("auto shardK", one a line), written here, last, atomically, once every
 * shard exists (essay__stub_write), and read with one grammar
 * (essay__stub_read) by the writer, which takes only the list it writes,
 * and by the searcher and the status, which also take stub files written
 * by hand (comments, other backends, remote shards).  The names of the
 * stub and the shards are indexdir.c's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "private.h"

/* Whether 'line' of a stub file starts with 'word' and a blank. */
static int backend_is(const char *line, const char *word)
{
    size_t n = strlen(word);
    return strncmp(line, word, n) == 0 && (line[n] == ' ' || line[n] == '\t');
}

/* Add the database the stub line 'text' names ('rest': after its backend
 * word) to 'stub', read from 'stub_path'.  -1 when out of memory. */
static int add_entry(essay_stub *stub, const char *stub_path, const char *text, const char *rest)
{
    essay_stub_entry *grown = realloc(stub->entries, (stub->n + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    stub->entries = grown;
    essay_stub_entry *e = &stub->entries[stub->n];
    e->remote = backend_is(text, "remote");
    const char *slash = strrchr(stub_path, '/');
    int n = e->remote ? asprintf(&e->path, "%s", text)
            : rest[0] == '/' || slash == NULL
            ? asprintf(&e->path, "%s", rest)
            : asprintf(&e->path, "%.*s/%s", (int)(slash - stub_path), stub_path, rest);
    if (n < 0)
        return -1;
    stub->n++;
    return 0;
}

essay_status essay__stub_read(const char *stub_path, essay_stub *stub, char **err)
{
    memset(stub, 0, sizeof *stub);
    FILE *f = fopen(stub_path, "r");
    if (f == NULL)
        return essay__fail(err, ESSAY_IO, "cannot read '%s': %s", stub_path, strerror(errno));
    char *line = NULL, want[64];
    size_t cap = 0;
    essay_status st = ESSAY_OK;
    stub->ours = 1;
    while (st == ESSAY_OK && getline(&line, &cap, f) >= 0) {
        /* Ours: exactly the lines essay__stub_write() writes, in order. */
        snprintf(want, sizeof want, "auto %s%zu\n", ESSAY_SHARD_NAME, stub->n);
        stub->ours = stub->ours && stub->n < ESSAY_MAX_SHARDS && strcmp(line, want) == 0;
        line[strcspn(line, "\r\n")] = '\0';
        char *text = line + strspn(line, " \t"), *rest = text + strcspn(text, " \t");
        rest += strspn(rest, " \t");
        if (*text == '\0' || *text == '#' || strcmp(text, "inmemory") == 0)
            continue;
        if (*rest == '\0' || !(backend_is(text, "auto") || backend_is(text, "glass")
                               || backend_is(text, "chert") || backend_is(text, "honey")
                               || backend_is(text, "remote")))
            st = essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' is not a stub file listing indexes "
                             "(line '%s')", stub_path, text);
        else if (add_entry(stub, stub_path, text, rest) != 0)
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    if (st == ESSAY_OK && ferror(f))
        st = essay__fail(err, ESSAY_IO, "cannot read '%s': %s", stub_path, strerror(errno));
    free(line);
    fclose(f);
    if (st == ESSAY_OK && stub->n == 0)
        st = essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' lists no index", stub_path);
    stub->ours = stub->ours && st == ESSAY_OK;
    if (st != ESSAY_OK)
        essay__stub_clear(stub);
    return st;
}

void essay__stub_clear(essay_stub *stub)
{
    for (size_t i = 0; i < stub->n; i++)
        free(stub->entries[i].path);
    free(stub->entries);
    memset(stub, 0, sizeof *stub);
}

essay_status essay__stub_write(const char *index_path, unsigned n, char **err)
{
    char *stub = essay__index_file(index_path, ESSAY_FILE_STUB), *tmp = NULL;
    essay_status st = ESSAY_OK;
    if (stub == NULL || asprintf(&tmp, "%s.tmp", stub) < 0) {
        free(stub);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    struct stat sb;
    int complete = stat(stub, &sb) != 0;
    for (unsigned k = 0; complete && k < n; k++) {
        char *shard = essay__shard_path(index_path, k);
        if (shard == NULL) {
            st = essay__fail(err, ESSAY_NOMEM, "out of memory");
            break;
        }
        complete = essay_index_kind(shard) == ESSAY_KIND_INDEX;
        free(shard);
    }
    FILE *f = complete && st == ESSAY_OK ? fopen(tmp, "w") : NULL;
    if (f != NULL) {
        for (unsigned k = 0; k < n; k++)
            fprintf(f, "auto %s%u\n", ESSAY_SHARD_NAME, k);
        if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 || rename(tmp, stub) != 0)
            st = essay__fail(err, ESSAY_IO, "cannot write '%s': %s", stub, strerror(errno));
        if (st != ESSAY_OK)
            unlink(tmp);
    } else if (complete && st == ESSAY_OK) {
        st = essay__fail(err, ESSAY_IO, "cannot write '%s': %s", tmp, strerror(errno));
    }
    free(stub);
    free(tmp);
    return st;
}
