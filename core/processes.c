/* processes.c -- child processes that index essays and report back.
 *
 * A sharded update runs one process per shard, and a large rebuild one per
 * part (update.c).  Each child sends what happens down a pipe: one record
 * per essay (its change, bytes, path and error), one per notice (a warning,
 * a corpus path gone: essay_notice) and a last one with its status, summary
 * and message.  The caller polls the pipes, hands every report to its own
 * essay_update_fn and every notice to its essay_notice_fn (so progress and
 * messages look as they do for one process) and adds up the summaries; the
 * first child that failed speaks for all.  Children die with the caller
 * (PR_SET_PDEATHSIG): a killed essay-index leaves no process behind holding
 * the index's lock.
 * Nor do they hold it while they live: a child closes every descriptor it
 * inherits but its pipe, so the caller's lock (and its databases' locks)
 * end with the caller.
 *
 * Stopping: when the caller's update is asked to stop (its options' stop
 * flag), the next poll sets a flag in memory the children share with it
 * (mapped before they are forked), which each child's update reads between
 * essays; a child that stops ends with ESSAY_INTERRUPTED, and the set then
 * ends so too.  No signal is sent: the caller's signal handlers are its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "private.h"

#define MAX_RECORD_TEXT (1u << 20)  /* a path or message longer than this is cut */

/* One message from a child process to the caller's, followed by its
 * RECORD_TEXTS texts' bytes in order (each NUL-terminated, or absent when 0). */
typedef enum { RECORD_REPORT = 1, RECORD_NOTICE, RECORD_END } record_kind;

#define RECORD_TEXTS 3

typedef struct {
    int32_t kind;
    int32_t value;                  /* REPORT: the essay_change; NOTICE: the
                                       essay_notice_kind; END: the essay_status */
    uint64_t bytes;                 /* REPORT: bytes of the essay; NOTICE: its essays */
    uint32_t line;                  /* NOTICE: its line */
    int32_t errnum;                 /* NOTICE: its errnum */
    essay_update_summary summary;   /* END: the process's summary */
    uint32_t text_len[RECORD_TEXTS];    /* REPORT: path, error; NOTICE: path, message,
                                           command; END: message */
} record_head;

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static uint32_t text_size(const char *text)
{
    return text ? (uint32_t)strnlen(text, MAX_RECORD_TEXT - 1) + 1 : 0;
}

/* Send a record; texts longer than MAX_RECORD_TEXT are cut (and still NUL-terminated). */
static int send_record(int fd, record_head head, const char *a, const char *b, const char *c)
{
    const char *texts[RECORD_TEXTS] = { a, b, c };
    static const char nul = '\0';
    for (int i = 0; i < RECORD_TEXTS; i++)
        head.text_len[i] = text_size(texts[i]);
    if (write_all(fd, &head, sizeof head) != 0)
        return -1;
    for (int i = 0; i < RECORD_TEXTS; i++)
        if (head.text_len[i] && (write_all(fd, texts[i], head.text_len[i] - 1) != 0
                                 || write_all(fd, &nul, 1) != 0))
            return -1;
    return 0;
}

void essay__send_report(const char *path, essay_change change, size_t bytes, const char *error,
                        void *ctx)
{
    essay_channel *c = ctx;
    record_head head = { .kind = RECORD_REPORT, .value = (int32_t)change, .bytes = bytes };
    if (!c->failed && send_record(c->fd, head, path, error, NULL) != 0)
        c->failed = 1;
}

void essay__send_notice(const essay_notice *notice, void *ctx)
{
    essay_channel *c = ctx;
    record_head head = { .kind = RECORD_NOTICE, .value = (int32_t)notice->kind,
                         .bytes = notice->essays, .line = notice->line,
                         .errnum = notice->errnum };
    if (!c->failed && send_record(c->fd, head, notice->path, notice->message, notice->command) != 0)
        c->failed = 1;
}

void essay__end_process(const essay_channel *c, essay_status st, const essay_update_summary *sum,
                        char *err)
{
    record_head end = { .kind = RECORD_END, .value = (int32_t)st, .summary = *sum };
    int sent = send_record(c->fd, end, err, NULL, NULL) == 0 && !c->failed;
    free(err);
    _exit(sent ? 0 : 1);
}

/* The caller's side of one child process. */
struct essay_process {
    pid_t pid;
    int fd;                 /* read end of its pipe; -1 when closed */
    char *buf;              /* bytes read, not yet a whole record */
    size_t len, cap;
    int ended;              /* its END record arrived */
    essay_status status;
    char *message;
};

/* Take the whole records at the front of p->buf: reports go to 'opt', the
 * end to 'sum'.  Returns -1 on a malformed record. */
static int take_records(essay_process *p, const essay_update_options *opt,
                        essay_update_summary *sum)
{
    size_t used = 0;
    while (p->len - used >= sizeof(record_head)) {
        record_head head;
        memcpy(&head, p->buf + used, sizeof head);
        size_t total = sizeof head;
        for (int i = 0; i < RECORD_TEXTS; i++) {
            if (head.text_len[i] > MAX_RECORD_TEXT)
                return -1;
            total += head.text_len[i];
        }
        if (p->len - used < total)
            break;
        const char *text[RECORD_TEXTS] = { NULL }, *at = p->buf + used + sizeof head;
        for (int i = 0; i < RECORD_TEXTS; i++) {
            if (head.text_len[i] && at[head.text_len[i] - 1] != '\0')
                return -1;
            text[i] = head.text_len[i] ? at : NULL;
            at += head.text_len[i];
        }
        if (head.kind == RECORD_REPORT && text[0] != NULL && head.value >= ESSAY_UNCHANGED
            && head.value <= ESSAY_REREAD) {    /* the last essay_change */
            if (opt->report)
                opt->report(text[0], (essay_change)head.value, (size_t)head.bytes, text[1],
                            opt->ctx);
        } else if (head.kind == RECORD_NOTICE && text[0] != NULL && text[1] != NULL
                   && head.value >= ESSAY_NOTICE_EMPTY && head.value <= ESSAY_NOTICE_OLDER) {
            essay_notice notice = {
                .kind = (essay_notice_kind)head.value, .path = text[0], .line = head.line,
                .message = text[1], .essays = (size_t)head.bytes, .errnum = head.errnum,
                .command = text[2],
            };
            if (opt->notice)
                opt->notice(&notice, opt->ctx);
        } else if (head.kind == RECORD_END && !p->ended) {
            p->ended = 1;
            p->status = (essay_status)head.value;
            p->message = text[0] ? strdup(text[0]) : NULL;
            sum->added += head.summary.added;
            sum->updated += head.summary.updated;
            sum->reread += head.summary.reread;
            sum->removed += head.summary.removed;
            sum->unchanged += head.summary.unchanged;
            sum->skipped += head.summary.skipped;
            sum->paragraphs += head.summary.paragraphs;
            sum->bytes += head.summary.bytes;
            sum->warnings += head.summary.warnings;
        } else {
            return -1;
        }
        used += total;
    }
    memmove(p->buf, p->buf + used, p->len - used);
    p->len -= used;
    return 0;
}

/* Read what is waiting on p->fd.  Returns 1 at the end of the stream (or on
 * a malformed one: the process's status then says what happened), 0 if more
 * is to come, -1 when out of memory. */
static int read_records(essay_process *p, const essay_update_options *opt,
                        essay_update_summary *sum)
{
    if (p->cap - p->len < 65536) {
        size_t cap = p->cap + 65536 + p->cap / 2;
        char *buf = realloc(p->buf, cap);
        if (buf == NULL)
            return -1;
        p->buf = buf;
        p->cap = cap;
    }
    ssize_t got = read(p->fd, p->buf + p->len, p->cap - p->len);
    if (got < 0)
        return errno == EINTR || errno == EAGAIN ? 0 : 1;
    if (got == 0)
        return 1;
    p->len += (size_t)got;
    return take_records(p, opt, sum) == 0 ? 0 : 1;
}

/* The descriptor a child writes its records to: the first after stdio. */
#define CHILD_PIPE 3

/* Start process k of the set, running 'body'.  Returns 0, or -1 with errno set. */
static int start_process(essay_process_set *ps, unsigned k, essay_process_body body,
                         const void *arg)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    pid_t parent = getpid(), pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        /* Die with the caller: a killed essay-index leaves no process
         * behind holding the index's lock. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(1);
        /* Keep stdio and the pipe, and close the rest: the caller's lock,
         * its databases, the other children's pipes.  (Should the kernel
         * lack close_range, the lock lives until the child ends, as the
         * child does when the caller does.) */
        if (dup2(fds[1], CHILD_PIPE) != CHILD_PIPE)
            _exit(1);
        close_range(CHILD_PIPE + 1, ~0u, 0);
        essay_channel c = { .fd = CHILD_PIPE, .stop = ps->stop };
        body(k, ps->n, &c, arg);
    }
    close(fds[1]);
    ps->procs[k].pid = pid;
    ps->procs[k].fd = fds[0];
    return 0;
}

/* Wait for process k and close its pipe; note a process that died without
 * saying how it ended.  'what' names it in messages ("shard", "part"). */
static void finish_process(essay_process *p, unsigned k, const char *what)
{
    close(p->fd);
    p->fd = -1;
    int wstatus = 0;
    while (waitpid(p->pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    if (p->ended && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
        return;
    if (!p->ended || p->status == ESSAY_OK)
        p->status = ESSAY_IO;
    free(p->message);
    p->message = NULL;
    if (WIFSIGNALED(wstatus)) {
        if (asprintf(&p->message, "the process of %s %u was killed by signal %d", what, k,
                     WTERMSIG(wstatus)) < 0)
            p->message = NULL;
    } else if (asprintf(&p->message, "the process of %s %u ended without finishing", what,
                        k) < 0) {
        p->message = NULL;
    }
}

unsigned essay__processors(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 0 ? (unsigned)cpus : 1;
}

essay_status essay__processes_init(essay_process_set *ps, unsigned n, const char *what,
                                   const essay_update_options *opt, essay_update_summary *sum,
                                   char **err)
{
    *ps = (essay_process_set){ .n = n, .what = what, .opt = opt, .sum = sum };
    ps->procs = calloc(n, sizeof *ps->procs);
    ps->pfds = calloc(n, sizeof *ps->pfds);
    ps->polled = calloc(n, sizeof *ps->polled);
    void *shared = mmap(NULL, sizeof *ps->stop, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ps->stop = shared == MAP_FAILED ? NULL : shared;
    if (ps->procs == NULL || ps->pfds == NULL || ps->polled == NULL || ps->stop == NULL) {
        free(ps->procs);
        free(ps->pfds);
        free(ps->polled);
        if (ps->stop)
            munmap((void *)ps->stop, sizeof *ps->stop);
        return essay__fail(err, ESSAY_NOMEM, "out of memory");
    }
    for (unsigned k = 0; k < n; k++)
        ps->procs[k].fd = -1;
    return ESSAY_OK;
}

/* Start process k; a failure is kept in ps->st.  Returns 0 or -1. */
int essay__processes_start(essay_process_set *ps, unsigned k, essay_process_body body,
                           const void *arg)
{
    if (start_process(ps, k, body, arg) != 0) {
        ps->st = essay__fail(&ps->error, ESSAY_IO, "cannot start the process of %s %u: %s",
                             ps->what, k, strerror(errno));
        return -1;
    }
    ps->running++;
    return 0;
}

/* Read what the running processes sent, waiting up to 'timeout' ms (-1:
 * until one sends something); reap those that ended. */
void essay__processes_poll(essay_process_set *ps, int timeout)
{
    if (essay__stopping(ps->opt))
        *ps->stop = 1;
    nfds_t m = 0;
    for (unsigned k = 0; k < ps->n; k++)
        if (ps->procs[k].fd >= 0) {
            ps->pfds[m] = (struct pollfd){ .fd = ps->procs[k].fd, .events = POLLIN };
            ps->polled[m++] = k;
        }
    if (m == 0)
        return;
    if (poll(ps->pfds, m, timeout) < 0) {
        if (errno == EINTR)
            return;
        if (ps->st == ESSAY_OK)
            ps->st = essay__fail(&ps->error, ESSAY_IO, "cannot wait for the %ss: %s", ps->what,
                                 strerror(errno));
        /* read on, blocking: the processes end by themselves */
        for (nfds_t i = 0; i < m; i++)
            ps->pfds[i].revents = POLLIN;
    }
    for (nfds_t i = 0; i < m; i++) {
        if (!(ps->pfds[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        essay_process *p = &ps->procs[ps->polled[i]];
        int done = read_records(p, ps->opt, ps->sum);
        if (done < 0 && ps->st == ESSAY_OK)
            ps->st = essay__fail(&ps->error, ESSAY_NOMEM, "out of memory");
        if (done != 0) {
            finish_process(p, ps->polled[i], ps->what);
            ps->running--;
        }
    }
}

/* Wait for the running processes, free 'ps', and say how it all went: the
 * first process that failed speaks for all (where it worked: name(base, k)),
 * with how many others finished. */
essay_status essay__processes_end(essay_process_set *ps,
                                  char *(*name)(const char *base, unsigned k), const char *base,
                                  char **err)
{
    while (ps->running > 0)
        essay__processes_poll(ps, -1);
    unsigned failed = 0, finished = 0, interrupted = 0, first = ps->n;
    for (unsigned k = 0; k < ps->n; k++) {
        if (ps->procs[k].pid == 0)
            continue;
        if (ps->procs[k].status == ESSAY_OK) {
            finished++;
        } else if (failed++ == 0) {
            first = k;
        }
        interrupted += ps->procs[k].status == ESSAY_INTERRUPTED;
    }
    ps->finished = finished;
    essay_status st = ps->st;
    if (st == ESSAY_OK && essay__stopping(ps->opt) && failed == interrupted && finished < ps->n) {
        /* Stopped as asked (some maybe before they started): the caller
         * says what was kept. */
        st = ESSAY_INTERRUPTED;
    } else if (st != ESSAY_OK) {
        if (err) {
            free(*err);
            *err = ps->error;
            ps->error = NULL;
        }
    } else if (failed > 0) {
        const essay_process *p = &ps->procs[first];
        char *where = name(base, first);
        st = essay__fail(err, p->status, "%s %u ('%s'): %s", ps->what, first,
                         where ? where : base, p->message ? p->message : essay_strerror(p->status));
        free(where);
    }
    char *more;
    if (st != ESSAY_OK && st != ESSAY_INTERRUPTED && err && *err
        && asprintf(&more, "%s (%u other %s%s failed; %u finished)", *err,
                    failed > 0 ? failed - 1 : 0, ps->what, failed == 2 ? "" : "s",
                    finished) >= 0) {
        free(*err);
        *err = more;
    }
    for (unsigned k = 0; k < ps->n; k++) {
        free(ps->procs[k].buf);
        free(ps->procs[k].message);
    }
    free(ps->error);
    free(ps->procs);
    free(ps->pfds);
    free(ps->polled);
    munmap((void *)ps->stop, sizeof *ps->stop);
    ps->stop = NULL;
    return st;
}

int essay__stopping(const essay_update_options *opt)
{
    return opt->stop != NULL && *opt->stop != 0;
}
