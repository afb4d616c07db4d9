/* shards.c -- update a sharded index: one process per shard.
 *
 * A sharded index is a directory of N shards, each an index of its own
 * that records which shard of how many it is (update.c), and a Xapian stub
 * file listing them, which Xapian opens as one database (indexdir.c writes
 * and reads it, and names the shards).  essay_shards_update() and
 * essay_shards_forget() lock the directory, then fork one process per shard
 * (at most so->jobs, by default one per processor, at a time); each opens,
 * updates (essay__update_index) and commits its shard with its own
 * essay_index handle and reports what happened to the caller's process
 * (processes.c), so progress and messages look the same as for one index.
 * Shard 0 alone reports what concerns no one essay (a directory
 * unreadable), since every shard walks the same directories; every shard
 * tells of a recorded corpus path gone with its own essays, and the caller
 * hears of it once, with them all.  The stub is written, atomically, once
 * every shard exists: until then the directory is no index
 * (essay_index_kind), and an interrupted first build leaves nothing.
 * An update asked to stop stops every shard before its commit and starts no
 * other; the shards that committed already keep their changes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "private.h"

/* What the process of one shard does. */
typedef struct {
    const char *path;           /* the sharded index */
    const essay_shards_options *so;
    const char *const *paths;   /* update: corpus paths */
    size_t n;
    const essay_update_options *opt;    /* dry_run: abandon each shard, commit nothing */
    const char *forget;         /* forget this corpus path instead */
    double started;             /* when the sharded update started, for the shards' records */
} shard_job;

essay_status essay_shards_count(const char *path, unsigned *n, char **err)
{
    *n = 0;
    char *stub = essay__index_file(path, ESSAY_FILE_STUB), *why = NULL;
    if (stub == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    struct stat sb;
    essay_stub listed = { 0 };
    essay_status st = ESSAY_OK;
    if (stat(stub, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
        /* no stub: not sharded */
    } else if ((st = essay__stub_read(stub, &listed, &why)) == ESSAY_OK && listed.ours) {
        *n = (unsigned)listed.n;
    } else if (st == ESSAY_OK || st == ESSAY_BAD_ARGUMENT) {
        st = essay__fail(err, ESSAY_INCOMPATIBLE, "'%s' is not a list of shards written by "
                         "essay-index", stub);
    } else if (err) {
        *err = why;
        why = NULL;
    }
    essay__stub_clear(&listed);
    free(why);
    free(stub);
    return st;
}

/* ---- a shard's process ------------------------------------------------- */

/* The body of shard k's process: update (or forget in) it, stopping when
 * the caller does, and send what happened down 'c'.  Never returns. */
static void run_shard(unsigned k, unsigned n, essay_channel *c, const void *arg)
{
    const shard_job *job = arg;
    essay_update_summary sum = { 0 };
    char *err = NULL, *dir = essay__shard_path(job->path, k);
    essay_index *ix = NULL;
    essay_status st = dir ? essay_index_open(dir, job->so->flags, job->so->language, &ix, &err)
                          : essay__fail(&err, ESSAY_NOMEM, "out of memory");
    free(dir);
    if (ix)
        ix->run_started = job->started;
    essay_update_options opt = *job->opt;
    opt.report = essay__send_report;
    opt.notice = essay__send_notice;
    opt.planned = NULL;     /* each shard sees only its part of the plan */
    opt.ctx = c;
    opt.stop = c->stop;
    opt.shard = k;
    opt.n_shards = n;
    if (st == ESSAY_OK && job->forget) {
        st = essay_index_forget(ix, job->forget, &opt, &sum, &err);
        if (st == ESSAY_OK && !opt.dry_run)
            st = essay_index_commit(ix, &err);
    } else if (st == ESSAY_OK) {
        st = essay__update_index(ix, job->paths, job->n, &opt, job->path, k == 0, &sum, &err);
    }
    if (st == ESSAY_OK && !opt.dry_run)
        st = essay_index_close(ix, &err);
    else
        essay_index_abandon(ix);
    essay__end_process(c, st, &sum, err);
}

/* Run 'job' on the n shards of 'path', so->jobs processes at a time; in
 * *finished, how many finished. */
static essay_status run_shards(const char *path, unsigned n, const essay_shards_options *so,
                               const shard_job *job, const essay_update_options *opt,
                               essay_update_summary *sum, unsigned *finished, char **err)
{
    essay_process_set ps;
    essay_status st = essay__processes_init(&ps, n, "shard", opt, sum, err);
    if (st != ESSAY_OK)
        return st;
    unsigned jobs = so->jobs ? so->jobs : essay__processors();
    /* Asked to stop, no other shard is started; those running stop too. */
    for (unsigned next = 0; ps.st == ESSAY_OK && !essay__stopping(opt)
                            && (next < n || ps.running > 0);) {
        while (next < n && ps.running < jobs
               && essay__processes_start(&ps, next, run_shard, job) == 0)
            next++;
        essay__processes_poll(&ps, -1);
    }
    st = essay__processes_end(&ps, essay__shard_path, path, err);
    *finished = ps.finished;
    return st;
}

/* A sharded update or forget of 'n' shards at 'path' stopped as asked,
 * 'finished' of them done: say what is kept.  Of a first build (its stub
 * unwritten), nothing is: what it built goes, with the directory if it was
 * 'created'. */
static essay_status shards_interrupted(const char *path, unsigned n, unsigned finished,
                                       int created, const essay_update_options *opt, char **err)
{
    if (essay_index_kind(path) != ESSAY_KIND_SHARDED) {
        essay__drop_unfinished(path, created);
        return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: nothing was kept; there is no "
                           "index at '%s' yet", path);
    }
    if (finished == 0 || opt->dry_run)
        return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: the index is as it was before "
                           "this run");
    return essay__fail(err, ESSAY_INTERRUPTED, "interrupted: %u of %u shards committed this "
                       "run's changes; the others are as they were before it", finished, n);
}

/* ---- a sharded update's corpus paths gone ------------------------------- */

/* Each shard of a sharded update tells of a recorded corpus path gone, with
 * the essays it holds of it; the caller hears of it once, with the essays of
 * every shard.  What else the shards say passes on as it comes. */
typedef struct {
    char *root;
    size_t essays;
    int errnum;
} gone_path;

typedef struct {
    const essay_update_options *caller;
    gone_path *gone;
    size_t n, cap;
    int failed;             /* out of memory */
} gone_tally;

static void pass_report(const char *path, essay_change change, size_t bytes, const char *error,
                        void *ctx)
{
    const gone_tally *t = ctx;
    if (t->caller->report)
        t->caller->report(path, change, bytes, error, t->caller->ctx);
}

static void tally_notice(const essay_notice *notice, void *ctx)
{
    gone_tally *t = ctx;
    if (notice->kind != ESSAY_NOTICE_GONE) {
        if (t->caller->notice)
            t->caller->notice(notice, t->caller->ctx);
        return;
    }
    size_t i = 0;
    while (i < t->n && strcmp(t->gone[i].root, notice->path) != 0)
        i++;
    if (i == t->n && t->n == t->cap) {
        size_t cap = 2 * t->cap + 8;
        gone_path *grown = realloc(t->gone, cap * sizeof *grown);
        if (grown == NULL) {
            t->failed = 1;
            return;
        }
        t->gone = grown;
        t->cap = cap;
    }
    if (i == t->n) {
        if ((t->gone[i].root = strdup(notice->path)) == NULL) {
            t->failed = 1;
            return;
        }
        t->gone[t->n++].essays = 0;
    }
    t->gone[i].essays += notice->essays;
    t->gone[i].errnum = notice->errnum;
}

/* Tell t->caller of the paths gone from the sharded index 'index_name', and
 * free the tally.  Returns -1 when out of memory. */
static int tell_tally(gone_tally *t, const char *index_name)
{
    int rc = t->failed ? -1 : 0;
    for (size_t i = 0; i < t->n; i++) {
        if (essay__tell_gone(t->caller, index_name, t->gone[i].root, t->gone[i].errnum,
                      t->gone[i].essays) != 0)
            rc = -1;
        free(t->gone[i].root);
    }
    free(t->gone);
    return rc;
}

/* The whole of a sharded update or forget: check (or make) the directory,
 * lock it, run the shards, write the stub of a new index. */
static essay_status shards_run(const char *path, const essay_shards_options *so,
                               const shard_job *job, const essay_update_options *opt,
                               essay_update_summary *sum, char **err)
{
    memset(sum, 0, sizeof *sum);
    unsigned existing = 0;
    essay_status st = essay_shards_count(path, &existing, err);
    if (st != ESSAY_OK)
        return st;
    unsigned n = so->n_shards ? so->n_shards : existing;
    if (essay_index_kind(path) == ESSAY_KIND_INDEX)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "'%s' is an index that is not sharded: build "
                           "the sharded one in a new directory", path);
    if (n == 0)
        return essay__fail(err, ESSAY_NO_INDEX, "no sharded index at '%s'", path);
    if (n > ESSAY_MAX_SHARDS)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "%u shards are too many (at most %u)", n,
                           ESSAY_MAX_SHARDS);
    if (existing && existing != n)
        return essay__fail(err, ESSAY_INCOMPATIBLE, "index '%s' has %u shards, not %u (the number "
                           "is fixed when the index is made)", path, existing, n);
    if (!existing && !(so->flags & (ESSAY_CREATE | ESSAY_REBUILD)))
        return essay__fail(err, ESSAY_NO_INDEX, "no index at '%s' yet", path);
    int created = 0;
    if (!existing && ((st = essay__mkdir_parents(path, err)) != ESSAY_OK
                      || (!(created = mkdir(path, 0777) == 0) && errno != EEXIST)))
        return st != ESSAY_OK ? st : essay__fail(err, ESSAY_IO, "cannot create index '%s': %s",
                                                 path, strerror(errno));
    int lock_fd;
    if ((st = essay__lock_acquire(path, so->flags & ESSAY_WAIT, &lock_fd, err)) != ESSAY_OK)
        return st;
    unsigned finished = 0;
    gone_tally tally = { .caller = opt };
    essay_update_options told = *opt;
    told.report = pass_report;
    told.notice = tally_notice;
    told.ctx = &tally;
    st = run_shards(path, n, so, job, &told, sum, &finished, err);
    if (tell_tally(&tally, path) != 0 && st == ESSAY_OK)
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    char *stub_err = NULL;
    essay_status stub = essay__stub_write(path, n, &stub_err);
    if (stub != ESSAY_OK && st == ESSAY_OK) {
        st = stub;
        if (err) {
            *err = stub_err;
            stub_err = NULL;
        }
    }
    free(stub_err);
    if (st == ESSAY_INTERRUPTED)
        st = shards_interrupted(path, n, finished, created, opt, err);
    essay__lock_release(lock_fd);
    return st;
}

essay_status essay_shards_update(const char *path, const essay_shards_options *so,
                                 const char *const *paths, size_t n,
                                 const essay_update_options *options, essay_update_summary *sum,
                                 char **err)
{
    static const essay_update_options none = { 0 };
    static const essay_shards_options defaults = { 0 };
    const essay_update_options *opt = options ? options : &none;
    so = so ? so : &defaults;
    shard_job job = { .path = path, .so = so, .paths = paths, .n = n, .opt = opt,
                      .started = essay__time_now() };
    memset(sum, 0, sizeof *sum);
    essay_status st = essay__corpus_paths_check(path, paths, n, err);
    return st != ESSAY_OK ? st : shards_run(path, so, &job, opt, sum, err);
}

essay_status essay_shards_forget(const char *path, const essay_shards_options *so,
                                 const char *corpus_path, const essay_update_options *options,
                                 essay_update_summary *sum, char **err)
{
    static const essay_update_options none = { 0 };
    static const essay_shards_options defaults = { 0 };
    const essay_update_options *opt = options ? options : &none;
    so = so ? so : &defaults;
    shard_job job = { .path = path, .so = so, .opt = opt, .forget = corpus_path,
                      .started = essay__time_now() };
    return shards_run(path, so, &job, opt, sum, err);
}

/* ---- an index at a path, plain or sharded -------------------------------- */

/* Update (or forget 'forget' in) the plain index at 'path', opened with 'so'. */
static essay_status plain_run(const char *path, const essay_shards_options *so,
                              const char *forget, const char *const *paths, size_t n,
                              const essay_update_options *opt, essay_update_summary *sum,
                              char **err)
{
    memset(sum, 0, sizeof *sum);
    essay_index *ix;
    essay_status st = essay_index_open(path, so->flags, so->language, &ix, err);
    if (st != ESSAY_OK)
        return st;
    if (forget) {
        st = essay_index_forget(ix, forget, opt, sum, err);
        if (st == ESSAY_OK && !opt->dry_run)
            st = essay_index_commit(ix, err);
    } else {
        st = essay_index_update(ix, paths, n, opt, sum, err);
    }
    if (st == ESSAY_OK && !opt->dry_run)
        return essay_index_close(ix, err);
    essay_index_abandon(ix);
    /* Opened, the index was not changed by a failure. */
    char *as_was;
    if (st != ESSAY_OK && st != ESSAY_INTERRUPTED && err && *err
        && asprintf(&as_was, "%s; the index is as it was", *err) >= 0) {
        free(*err);
        *err = as_was;
    }
    return st;
}

/* Which essay-index built the index at 'path' (of 'kind'), judged by its
 * (first shard's) first records (essay__records_age()).  An older one's
 * sets *older and is told (not in a dry run): the update reads every essay
 * again, and a rebuild does that compacted, where re-indexing each essay in
 * place would leave the index three times its size.  A newer one's is
 * refused: reading its essays again, this essay-index would drop what the
 * newer added, and the newer would then read them all again in turn. */
static essay_status check_age(const char *path, essay_kind kind, const essay_update_options *opt,
                              int *older, char **err)
{
    *older = 0;
    if (kind != ESSAY_KIND_INDEX && kind != ESSAY_KIND_SHARDED)
        return ESSAY_OK;
    char *first = kind == ESSAY_KIND_SHARDED ? essay__shard_path(path, 0) : strdup(path);
    xc_error xe;
    int age = first ? essay__records_age(first, &xe) : -1;
    free(first);
    if (age == ESSAY_AGE_NEWER)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "%s: built by a newer essay-index, which "
                           "reads essays in a way this one does not know: update it with that "
                           "one, or rebuild it with this one (essay-index --index %s --rebuild)",
                           path, path);
    *older = age == ESSAY_AGE_OLDER && !opt->dry_run;
    if (*older && opt->notice) {
        char *message = NULL;
        essay_notice notice = { .kind = ESSAY_NOTICE_OLDER, .path = path };
        if (asprintf(&message, "%s: built by an older essay-index, which read essays into "
                     "paragraphs differently: rebuilding it, every essay read again", path) >= 0) {
            notice.message = message;
            opt->notice(&notice, opt->ctx);
        }
        free(message);
    }
    return ESSAY_OK;
}

/* essay_index_update_path() or, with 'forget', essay_index_forget_path(). */
static essay_status path_run(const char *path, const essay_shards_options *so,
                             const char *forget, const char *const *paths, size_t n,
                             const essay_update_options *options, essay_update_summary *sum,
                             char **err)
{
    static const essay_update_options none = { 0 };
    static const essay_shards_options defaults = { 0 };
    const essay_update_options *opt = options ? options : &none;
    essay_shards_options o = so ? *so : defaults;
    memset(sum, 0, sizeof *sum);
    unsigned existing = 0;
    essay_status st = essay__corpus_paths_check(path, paths, n, err);
    if (st == ESSAY_OK && forget == NULL && n > 0)
        st = essay__given_paths_check(paths, n, err);
    if (st == ESSAY_OK)
        st = essay_shards_count(path, &existing, err);
    if (st != ESSAY_OK)
        return st;
    if (existing && opt->n_shards > 1)
        return essay__fail(err, ESSAY_BAD_ARGUMENT, "'%s' is a sharded index, and --shard K/N "
                           "builds a plain one (its shards are %s/shard0 ...)", path, path);
    /* A new index is built the way a rebuild is: beside its place, by
     * several processes, compacted, and put in place whole. */
    essay_kind kind = essay_index_kind(path);
    int older = 0;
    if ((o.flags & ESSAY_CREATE) && !opt->dry_run && kind != ESSAY_KIND_INDEX
        && kind != ESSAY_KIND_SHARDED)
        o.flags |= ESSAY_REBUILD;
    else if (forget == NULL && !(o.flags & ESSAY_REBUILD)
             && (st = check_age(path, kind, opt, &older, err)) != ESSAY_OK)
        return st;
    if (older)
        o.flags |= ESSAY_REBUILD;
    if (existing == 0 && o.n_shards == 0)
        return plain_run(path, &o, forget, paths, n, opt, sum, err);
    /* A damaged shard is said to be the sharded index's, which --rebuild makes anew. */
    if (!(o.flags & ESSAY_REBUILD) && (st = essay__index_whole(path, 1, err)) != ESSAY_OK)
        return st;
    shard_job job = { .path = path, .so = &o, .paths = paths, .n = n, .opt = opt,
                      .forget = forget, .started = essay__time_now() };
    return shards_run(path, &o, &job, opt, sum, err);
}

essay_status essay_index_update_path(const char *path, const essay_shards_options *so,
                                     const char *const *paths, size_t n,
                                     const essay_update_options *opt,
                                     essay_update_summary *summary, char **err)
{
    return path_run(path, so, NULL, paths, n, opt, summary, err);
}

essay_status essay_index_forget_path(const char *path, const essay_shards_options *so,
                                     const char *corpus_path, const essay_update_options *opt,
                                     essay_update_summary *summary, char **err)
{
    return path_run(path, so, corpus_path, NULL, 0, opt, summary, err);
}

/* 'lines' joined, each ended by a line feed, malloc'd (NULL when out of memory). */
static char *joined_lines(const char *const *lines)
{
    size_t len = 0;
    for (const char *const *l = lines; *l; l++)
        len += strlen(*l) + 1;
    char *text = malloc(len + 1), *p = text;
    for (const char *const *l = lines; text && *l; l++)
        p += sprintf(p, "%s\n", *l);
    if (text)
        *p = '\0';
    return text;
}

essay_status essay_index_recorded(const char *path, char **roots, char **excludes,
                                  char **extensions, char **err)
{
    *roots = *excludes = *extensions = NULL;
    essay_kind kind = essay_index_kind(path);
    if (kind != ESSAY_KIND_INDEX && kind != ESSAY_KIND_SHARDED)
        return essay__fail(err, ESSAY_NO_INDEX, "no index at '%s'", path);
    /* The shards all record the same. */
    char *where = kind == ESSAY_KIND_SHARDED ? essay__shard_path(path, 0) : strdup(path);
    char *language = NULL;
    if (where == NULL)
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    xc_error xe;
    essay_status st = essay__index_whole(path, 0, err);
    if (st == ESSAY_OK && essay__index_settings(where, &language, roots, excludes, extensions,
                                                &xe) != 0)
        st = essay__fail_damaged(err, &xe, path);
    free(language);
    free(where);
    if (st == ESSAY_OK && (*extensions == NULL || **extensions == '\0')) {
        free(*extensions);
        *extensions = joined_lines(essay__default_extensions);
    }
    if (st == ESSAY_OK && ((*roots == NULL && (*roots = strdup("")) == NULL)
                           || (*excludes == NULL && (*excludes = strdup("")) == NULL)
                           || *extensions == NULL))
        st = essay__fail(err, ESSAY_NOMEM, "out of memory");
    if (st != ESSAY_OK) {
        free(*roots);
        free(*excludes);
        free(*extensions);
        *roots = *excludes = *extensions = NULL;
    }
    return st;
}
