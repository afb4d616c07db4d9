/* parts.c -- index the files an update planned: one by one in this
 * process, or, for a rebuild of enough bytes, in parts by several.
 *
 * update.c decides which files an update takes, and resolves each path
 * once; here each goes to index.c (essay__index_add_resolved), and what
 * became of it is counted in the update's summary and told to its caller: the change, with an error the command
 * that excludes a file that is not text; the warnings about the essay.
 *
 * A rebuild may be written by several processes (essay_update_options.jobs,
 * by default one per processor past PARTS_MIN_BYTES): this process writes
 * part 0, the rebuild itself, and each other part k a database of its own
 * beside it (index.c: essay__index_open_part), filled by a child process
 * (processes.c) that reports back; each file goes to the part with the
 * fewest bytes so far, and the parts are merged into the rebuild by
 * compaction at the end (index.c: essay__index_merge_parts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "private.h"

/* The exclude pattern that names the essay file 'path' alone: its path
 * relative to the deepest directory of 'walked' holding it, else its name,
 * with the characters fnmatch() reads as a pattern escaped.  Malloc'd. */
static char *pattern_naming(const char *path, const essay_strlist *walked)
{
    const char *rel = strrchr(path, '/');
    rel = rel ? rel + 1 : path;
    size_t deepest = 0;
    for (size_t i = 0; i < walked->n; i++) {
        size_t n = strlen(walked->items[i]);
        if (n > deepest && path[n] != '\0' && essay__path_under(path, walked->items[i])) {
            deepest = n;
            rel = path + n + (path[n] == '/');
        }
    }
    char *pattern = malloc(2 * strlen(rel) + 1), *p = pattern;
    for (; pattern && *rel; rel++) {
        if (strchr("*?[\\", *rel) != NULL)
            *p++ = '\\';
        *p++ = *rel;
    }
    if (pattern)
        *p = '\0';
    return pattern;
}

char *essay__with_exclude_hint(const char *msg, const char *path, const essay_update_run *run)
{
    char *pattern = pattern_naming(path, run->walked);
    char *quoted = pattern ? essay__shell_word(pattern, 1) : NULL;
    char *index = essay__shell_word(run->index_name, 0), *hinted = NULL;
    if (quoted && index && asprintf(&hinted, "%s (skip it with: essay-index --index %s "
                                    "--exclude %s)", msg, index, quoted) < 0)
        hinted = NULL;
    free(pattern);
    free(quoted);
    free(index);
    return hinted;
}

void essay__summary_count(essay_update_summary *sum, essay_change change)
{
    switch (change) {
    case ESSAY_ADDED:     sum->added++; break;
    case ESSAY_UPDATED:   sum->updated++; break;
    case ESSAY_REREAD:    sum->updated++; sum->reread++; break;
    case ESSAY_REMOVED:   sum->removed++; break;
    case ESSAY_UNCHANGED: sum->unchanged++; break;
    case ESSAY_SKIPPED:   sum->skipped++; break;
    }
}

/* Index one file; a failure that concerns only this file is reported and
 * counted, and the update goes on; a warning is told and counted.  Returns
 * the status only when fatal. */
static essay_status update_file(essay_index *ix, const char *path, const char *abs, size_t bytes,
                                const essay_update_run *run, essay_update_summary *sum, char **err)
{
    const essay_update_options *opt = run->opt;
    essay_change change;
    size_t paragraphs;
    char *msg = NULL;
    essay_status s = essay__index_add_resolved(ix, path, abs,
                                               essay__linked(path, abs, run->recorded), &change,
                                               &paragraphs, &msg);
    if (s != ESSAY_OK && s != ESSAY_IO && s != ESSAY_BAD_INPUT) {   /* not of this file alone */
        *err = msg;
        return s;
    }
    essay__summary_count(sum, change);
    if (change == ESSAY_ADDED || change == ESSAY_UPDATED || change == ESSAY_REREAD) {
        sum->paragraphs += paragraphs;
        sum->bytes += bytes;
    }
    size_t n_warnings;
    const essay_notice *warnings = essay_index_warnings(ix, &n_warnings);
    sum->warnings += n_warnings > 0;
    for (size_t i = 0; opt->notice && i < n_warnings; i++)
        opt->notice(&warnings[i], opt->ctx);
    /* Not text: every update would meet it again, unless it is left out. */
    char *hinted = s == ESSAY_BAD_INPUT && msg ? essay__with_exclude_hint(msg, path, run) : NULL;
    if (opt->report)
        opt->report(path, change, bytes, s == ESSAY_OK ? NULL
                                         : hinted ? hinted : msg ? msg : essay_strerror(s),
                    opt->ctx);
    free(hinted);
    free(msg);
    return ESSAY_OK;
}

/* ---- a rebuild written by several processes ----------------------------- */

/* Below this many bytes of essays, a second process costs more than it saves. */
#define PARTS_MIN_BYTES (8u << 20)

/* How many processes should write this update: see essay_update_options.jobs. */
static unsigned parts_for(const essay_index *ix, const essay_update_options *opt, size_t files,
                          size_t bytes)
{
    if (ix->rebuild_path == NULL || ix->compacted || opt->dry_run || files < 2)
        return 1;
    unsigned jobs = opt->jobs;
    if (jobs == 0)
        jobs = bytes >= PARTS_MIN_BYTES ? essay__processors() : 1;
    return jobs < ESSAY_MAX_PARTS ? jobs : ESSAY_MAX_PARTS;
}

/* What the processes of the parts share. */
typedef struct {
    const essay_index *ix;          /* the rebuild: where the parts go, their language */
    const essay_strlist *files;
    const essay_strlist *resolved;  /* files[i] resolved */
    const size_t *sizes;
    const unsigned char *part_of;   /* the part each file goes to */
    const essay_update_run *run;
} parts_job;

/* The body of part k's process (k >= 1): index its files into a database of
 * its own, stopping when the caller does, and send what happened down 'c'.
 * Never returns. */
static void run_part(unsigned k, unsigned n, essay_channel *c, const void *arg)
{
    (void)n;
    const parts_job *job = arg;
    essay_update_summary sum = { 0 };
    char *err = NULL;
    essay_index *part = NULL;
    essay_status st = essay__index_open_part(job->ix, k, &part, &err);
    essay_update_options opt = *job->run->opt;
    opt.report = essay__send_report;
    opt.notice = essay__send_notice;
    opt.ctx = c;
    opt.stop = c->stop;
    essay_update_run run = *job->run;
    run.opt = &opt;
    for (size_t i = 0; st == ESSAY_OK && i < job->files->n && !essay__stopping(&opt); i++)
        if (job->part_of[i] == k)
            st = update_file(part, job->files->items[i], job->resolved->items[i], job->sizes[i],
                             &run, &sum, &err);
    if (st == ESSAY_OK && essay__stopping(&opt))
        st = ESSAY_INTERRUPTED;     /* the caller removes the part */
    if (st == ESSAY_OK)
        st = essay_index_close(part, &err);
    else
        essay_index_abandon(part);
    essay__end_process(c, st, &sum, err);
}

/* Index 'files' into the rebuild 'ix' in 'n' parts: this process writes part
 * 0 itself, n - 1 others the rest, each file going to the part with the
 * fewest bytes so far; then the parts are merged into ix. */
static essay_status index_in_parts(essay_index *ix, const essay_strlist *files,
                                   const essay_strlist *resolved, const size_t *sizes, unsigned n, const essay_update_run *run,
                                   essay_update_summary *sum, char **err)
{
    const essay_update_options *opt = run->opt;
    unsigned char *part_of = malloc(files->n);
    size_t load[ESSAY_MAX_PARTS] = { 0 };
    if (part_of == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    for (size_t i = 0; i < files->n; i++) {
        unsigned least = 0;
        for (unsigned k = 1; k < n; k++)
            if (load[k] < load[least])
                least = k;
        part_of[i] = (unsigned char)least;
        load[least] += sizes[i] + 1;
    }
    essay_process_set ps;
    essay_status st = essay__processes_init(&ps, n, "part", opt, sum, err);
    if (st != ESSAY_OK) {
        free(part_of);
        return st;
    }
    parts_job job = { .ix = ix, .files = files, .resolved = resolved, .sizes = sizes,
                      .part_of = part_of, .run = run };
    for (unsigned k = 1; k < n && essay__processes_start(&ps, k, run_part, &job) == 0; k++) {
    }
    for (size_t i = 0; st == ESSAY_OK && ps.st == ESSAY_OK && i < files->n; i++) {
        /* pass on what the others have done meanwhile (and a stop) */
        essay__processes_poll(&ps, 0);
        if (essay__stopping(opt))
            break;
        if (part_of[i] == 0)
            st = update_file(ix, files->items[i], resolved->items[i], sizes[i], run, sum, err);
    }
    essay_status ended = essay__processes_end(&ps, essay__part_path, ix->rebuild_path,
                                       st == ESSAY_OK ? err : NULL);
    free(part_of);
    if (st == ESSAY_OK)
        st = ended;
    /* Stopped: the update (update.c) says so; the parts go with the rebuild. */
    if (st == ESSAY_OK && !essay__stopping(opt))
        st = essay__index_merge_parts(ix, n, err);
    return st == ESSAY_INTERRUPTED ? ESSAY_OK : st;
}


essay_status essay__index_files(essay_index *ix, const essay_strlist *files,
                                const essay_strlist *resolved, const size_t *sizes, size_t bytes, const essay_update_run *run,
                                essay_update_summary *sum, char **err)
{
    unsigned parts = parts_for(ix, run->opt, files->n, bytes);
    if (parts > 1)
        return index_in_parts(ix, files, resolved, sizes, parts, run, sum, err);
    essay_status st = ESSAY_OK;
    for (size_t i = 0; st == ESSAY_OK && i < files->n && !essay__stopping(run->opt); i++)
        st = update_file(ix, files->items[i], resolved->items[i], sizes[i], run, sum, err);
    return st;
}
